//! The command line, run as a separate process: exit codes, messages and the JSON contract.

use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_trigger-atlas"))
        .args(args)
        .current_dir(std::env::temp_dir())
        .output()
        .expect("run trigger-atlas")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn json(args: &[&str]) -> serde_json::Value {
    let o = run(args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    serde_json::from_slice(&o.stdout).expect("valid JSON")
}

#[test]
fn check_passes_on_the_shipped_atlas_from_any_directory() {
    let o = run(&["check"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let line = stdout(&o);
    assert!(
        line.contains("ok:") && line.contains("trigger points") && line.contains("muscles"),
        "{line}"
    );
    assert_eq!(line.lines().count(), 1);
}

#[test]
fn check_fails_with_located_errors_and_exit_1() {
    let path = crate::repo("tests/broken/several_errors.ron");
    let o = run(&["check", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("several_errors.ron:28:25: unknown region `temples`"),
        "{err}"
    );
    assert!(err.contains("did you mean `temple`?"), "{err}");
    assert!(err.contains("4 errors"), "{err}");
    assert!(stdout(&o).is_empty());
}

#[test]
fn missing_file_is_an_io_error_with_exit_2() {
    let o = run(&["--atlas", "/no/such/atlas.ron", "list"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("cannot read atlas /no/such/atlas.ron"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(run(&["where"]).status.code(), Some(2));
    assert_eq!(
        run(&["where", "temple", "--side", "up"]).status.code(),
        Some(2)
    );
    assert_eq!(run(&["frobnicate"]).status.code(), Some(2));
}

#[test]
fn unknown_ids_exit_1_with_a_suggestion() {
    let o = run(&["show", "upper-trapezius-l"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("did you mean `upper-trapezius-1`?"),
        "{}",
        stderr(&o)
    );
    let o = run(&["where", "temples"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("no region `temples`: did you mean `temple`?"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn list_json_has_the_contract_fields() {
    let v = json(&["list", "--json"]);
    let items = v.as_array().unwrap();
    assert!(items.len() >= 112);
    for item in items {
        for key in [
            "id",
            "muscle",
            "name",
            "reference",
            "essential",
            "spillover",
            "verified",
        ] {
            assert!(item.get(key).is_some(), "{key} missing in {item}");
        }
        assert!(item["reference"].is_array() && item["essential"].is_array());
        assert!(item["verified"].is_boolean());
    }
}

#[test]
fn show_json_adds_location_complaints_note_and_sources() {
    let v = json(&["show", "upper-trapezius-1", "--json"]);
    assert_eq!(v["id"], "upper-trapezius-1");
    assert_eq!(v["reference"], serde_json::json!(["HN01"]));
    for key in ["location", "complaints", "note"] {
        assert!(v[key].as_str().is_some_and(|s| !s.is_empty()), "{key}");
    }
    assert!(
        v["sources"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s == "TS1-ch6")
    );
    assert!(
        v["essential"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s == "temple")
    );
}

#[test]
fn where_json_is_ranked_with_matches() {
    let v = json(&["where", "temple", "--json"]);
    let items = v.as_array().unwrap();
    assert_eq!(items[0]["id"], "upper-trapezius-1");
    assert_eq!(
        items[0]["matches"][0],
        serde_json::json!({"region": "temple", "intensity": "essential"})
    );
    for item in items {
        for key in ["id", "muscle", "reference", "matches"] {
            assert!(item.get(key).is_some(), "{key} missing in {item}");
        }
    }
    let v = json(&["where", "temple", "--side", "left", "--json"]);
    assert_eq!(v[0]["matches"][0]["side"], "left");
}

#[test]
fn regions_json_lists_id_name_description() {
    let v = json(&["regions", "--json"]);
    let items = v.as_array().unwrap();
    assert_eq!(items.len(), 106);
    let temple = items.iter().find(|r| r["id"] == "temple").unwrap();
    assert!(temple["name"].is_string() && temple["description"].is_string());
}

#[test]
fn text_output_is_readable() {
    let o = run(&["show", "upper-trapezius-1"]);
    let text = stdout(&o);
    assert!(
        text.contains("Essential:") && text.contains("Temple"),
        "{text}"
    );
    let o = run(&["where", "greater_trochanter"]);
    assert!(
        stdout(&o).to_lowercase().contains("quadratus lumborum"),
        "{}",
        stdout(&o)
    );
}
