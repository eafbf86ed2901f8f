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
    let config = tempfile::tempdir().unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_trigger-atlas"))
        .arg("check")
        .env("XDG_CONFIG_HOME", config.path())
        .current_dir(std::env::temp_dir())
        .output()
        .expect("run trigger-atlas");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3, "{out}");
    assert!(
        lines[0].contains("ok:")
            && lines[0].contains("trigger points")
            && lines[0].contains("muscles"),
        "{out}"
    );
    assert!(lines[1].contains("tours.ron: ok: 8 tours"), "{out}");
    assert!(lines[2].starts_with("no practice profile at"), "{out}");
    assert!(lines[2].contains("unbranded"), "{out}");
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

fn write_drawing(name: &str, text: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    (dir, path.display().to_string())
}

#[test]
fn explain_json_ranks_candidates_with_the_contract_fields() {
    let (_dir, path) = write_drawing(
        "low-back.ron",
        "Drawing(strokes: [\n    Stroke(view: Back, radius: 0.012, points: [(0.012, 0.605), (0.03, 0.6), (0.04, 0.58)]),\n])\n",
    );
    let v = json(&["explain", &path, "--json"]);
    let candidates = v["candidates"].as_array().unwrap();
    assert!(candidates.len() > 5);
    for (i, c) in candidates.iter().enumerate() {
        for key in [
            "id",
            "sides",
            "rank",
            "score",
            "explains",
            "reference",
            "matches",
        ] {
            assert!(c.get(key).is_some(), "{key} missing in {c}");
        }
        assert_eq!(c["rank"], i + 1);
        let explains = c["explains"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&explains));
        // A drawing on the left low back: left-side points.
        assert!(
            c["sides"]
                .as_array()
                .unwrap()
                .iter()
                .all(|s| s == "left" || s == "midline")
                || c["sides"]
                    .as_array()
                    .unwrap()
                    .contains(&serde_json::json!("left")),
            "{c}"
        );
    }
    let scores: Vec<f64> = candidates
        .iter()
        .map(|c| c["score"].as_f64().unwrap())
        .collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "ranked by score");
    let top3: Vec<&str> = candidates[..3]
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert!(
        top3.iter().any(|id| id.starts_with("quadratus-lumborum")),
        "{top3:?}"
    );
    let ql = candidates
        .iter()
        .find(|c| c["id"].as_str().unwrap().starts_with("quadratus-lumborum"))
        .unwrap();
    assert_eq!(ql["sides"], serde_json::json!(["left"]));
    let together = &v["together"];
    assert!(!together["ids"].as_array().unwrap().is_empty());
    let explains = together["explains"].as_f64().unwrap();
    assert!(explains > 0.5 && explains <= 1.0, "{together}");
    // The text form says why, and how much the points explain together.
    let o = run(&["explain", &path]);
    let text = stdout(&o);
    assert!(text.contains("of what you drew"), "{text}");
    assert!(text.contains("explain"), "{text}");
}

#[test]
fn explain_reports_a_broken_drawing_with_its_line_and_column() {
    let (_dir, path) = write_drawing(
        "broken.ron",
        "Drawing(strokes: [\n    Stroke(view: Back, radius: 0.012, points: [(0.012, 0.605) (0.03, 0.6)]),\n])\n",
    );
    let o = run(&["explain", &path]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("broken.ron:2:"), "{err}");
    let (_dir2, path) = write_drawing(
        "far.ron",
        "Drawing(strokes: [Stroke(view: Sideways, radius: 0.012, points: [(0.0, 0.5)])])",
    );
    let o = run(&["explain", &path]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("far.ron:1:"), "{}", stderr(&o));
    let o = run(&["explain", "/no/such/drawing.ron"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("cannot read the drawing"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn where_uses_the_spatial_ranking_and_keeps_its_output() {
    let v = json(&["where", "low_back", "--json"]);
    let items = v.as_array().unwrap();
    let top3: Vec<&str> = items[..3]
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert!(
        top3.iter().any(|id| id.starts_with("quadratus-lumborum")),
        "{top3:?}"
    );
    // Every point whose zones name the low back is still listed, with its match.
    for id in [
        "lumbar-multifidi-l1",
        "longissimus-thoracis-lower",
        "iliocostalis-lumborum",
    ] {
        let item = items
            .iter()
            .find(|i| i["id"] == id)
            .unwrap_or_else(|| panic!("{id}"));
        assert_eq!(item["matches"][0]["region"], "low_back");
    }
}

fn run_with_records(dir: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_trigger-atlas"))
        .args(args)
        .env("TRIGGER_ATLAS_RECORDS", dir)
        .current_dir(std::env::temp_dir())
        .output()
        .expect("run trigger-atlas")
}

#[test]
fn records_save_list_show_rename_and_delete_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let records = dir.path().join("records");
    let drawing = crate::repo("tests/fixtures/drawing.ron")
        .display()
        .to_string();
    let o = run_with_records(
        &records,
        &[
            "records",
            "save",
            "--client",
            "J. D.",
            "--drawing",
            &drawing,
            "--point",
            "quadratus-lumborum-deep-cranial:left",
            "--note",
            "after gardening",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let id = stdout(&o).trim().to_string();
    let o = run_with_records(&records, &["records", "list", "--json"]);
    let list: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(list[0]["id"], id.as_str());
    assert_eq!(list[0]["client"], "J. D.");
    assert_eq!(list[0]["points"][0], "quadratus-lumborum-deep-cranial");
    let o = run_with_records(&records, &["records", "show", &id, "--json"]);
    let shown: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(shown["schema"], 1);
    assert_eq!(shown["note"], "after gardening");
    assert_eq!(shown["drawing"]["strokes"].as_array().unwrap().len(), 3);
    assert_eq!(
        run_with_records(&records, &["records", "rename", &id, "Jane"])
            .status
            .code(),
        Some(0)
    );
    let o = run_with_records(&records, &["records", "show", &id]);
    assert!(stdout(&o).starts_with("Jane"), "{}", stdout(&o));
    // A broken record beside it: the good one still lists, the broken one is named with its
    // line and column, and nothing is overwritten.
    let broken = records.join("hand-edited.ron");
    let text = "Record(\n    schema: 1,\n    client: \"X\",\n    date: \"2026-12-01\",\n    drawing: Drawing(strokes: [Stroke(view: Back, radius: 0.012, points: [(0.012 0.6)])]),\n)\n";
    std::fs::write(&broken, text).unwrap();
    let o = run_with_records(&records, &["records", "list", "--json"]);
    assert_eq!(o.status.code(), Some(1));
    let list: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert!(stderr(&o).contains("hand-edited.ron:5:"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&broken).unwrap(), text);
    // Delete removes the file; an unknown id is exit 1 with a hint.
    assert_eq!(
        run_with_records(&records, &["records", "delete", &id])
            .status
            .code(),
        Some(0)
    );
    assert!(!records.join(format!("{id}.ron")).exists());
    let o = run_with_records(&records, &["records", "show", &id]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("records list"), "{}", stderr(&o));
}

#[test]
fn a_record_save_killed_mid_write_leaves_the_old_record_or_the_new_one() {
    let dir = tempfile::tempdir().unwrap();
    let records = dir.path().join("records");
    let drawing = crate::repo("tests/fixtures/drawing.ron")
        .display()
        .to_string();
    let save = |note: &str, pause: Option<&str>| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_trigger-atlas"));
        c.args([
            "records",
            "save",
            "--id",
            "kept",
            "--client",
            "K",
            "--drawing",
            &drawing,
            "--note",
            note,
        ])
        .env("TRIGGER_ATLAS_RECORDS", &records)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
        if let Some(ms) = pause {
            c.env("TRIGGER_ATLAS_TEST_PAUSE_MID_WRITE_MS", ms);
        }
        c
    };
    assert!(save("old", None).status().unwrap().success());
    let old = std::fs::read(records.join("kept.ron")).unwrap();
    // A save that pauses half-way through writing: kill -9 it there.
    let mut child = save("new", Some("5000")).spawn().unwrap();
    let start = std::time::Instant::now();
    let temp = loop {
        let temp = std::fs::read_dir(&records)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .find(|p| p.file_name().unwrap().to_string_lossy().ends_with(".tmp"));
        if let Some(t) = temp
            && std::fs::metadata(&t).unwrap().len() > 0
        {
            break t;
        }
        assert!(
            start.elapsed().as_secs() < 20,
            "the save never started writing"
        );
        std::thread::sleep(std::time::Duration::from_millis(10));
    };
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    // The half-written file is the temporary one; the record is the old one, whole.
    assert!(std::fs::metadata(&temp).unwrap().len() > 0);
    assert_eq!(std::fs::read(records.join("kept.ron")).unwrap(), old);
    let o = run_with_records(&records, &["records", "list", "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let list: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        list.as_array().unwrap().len(),
        1,
        "the temporary file is not a record"
    );
    assert_eq!(list[0]["note"], "old");
    // A save that finishes replaces it whole.
    assert!(save("new", None).status().unwrap().success());
    let o = run_with_records(&records, &["records", "show", "kept", "--json"]);
    let shown: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(shown["note"], "new");
}

#[test]
fn a_record_save_on_a_full_or_read_only_disk_says_why_and_keeps_the_old_record() {
    let bin = env!("CARGO_BIN_EXE_trigger-atlas");
    let dir = tempfile::tempdir().unwrap();
    // A drawing too big for a 16 KiB disk, and a small one that fits.
    let big: Vec<String> = (0..3000)
        .map(|i| {
            format!(
                "({:.4}, {:.4})",
                0.01 + (i % 50) as f32 * 0.001,
                0.5 + (i / 50) as f32 * 0.001
            )
        })
        .collect();
    let big_path = dir.path().join("big.ron");
    std::fs::write(
        &big_path,
        format!(
            "Drawing(strokes: [Stroke(view: Back, radius: 0.01, points: [{}])])",
            big.join(", ")
        ),
    )
    .unwrap();
    let small = crate::repo("tests/fixtures/drawing.ron")
        .display()
        .to_string();
    let big = big_path.display();
    let m = dir.path().join("mnt");
    std::fs::create_dir(&m).unwrap();
    let m = m.display();
    let script = format!(
        "mount -t tmpfs -o size=16k tmpfs {m} && \
         export TRIGGER_ATLAS_RECORDS={m}/records && \
         {bin} records save --id r --client A --drawing {small} --note old >/dev/null && \
         {bin} records save --id r --client A --drawing {big} --note new; echo \"full $?\"; \
         {bin} records show r --json | grep -c '\"note\": \"old\"'; ls -A {m}/records; \
         mount -o remount,ro {m} && \
         {bin} records save --id r --client A --drawing {small} --note newer; echo \"ro $?\"; \
         {bin} records show r --json | grep -c '\"note\": \"old\"'"
    );
    let Some(o) = crate::in_private_mounts(&script) else {
        eprintln!("skipped the full-disk check: this machine does not allow a private tmpfs");
        return;
    };
    let out = stdout(&o);
    let err = stderr(&o);
    assert!(out.contains("full 2"), "{out}\n{err}");
    assert!(err.contains("the disk is full"), "{err}");
    assert!(out.contains("ro 2"), "{out}\n{err}");
    assert!(err.contains("read-only"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    // The old record is still whole after both failures, and no temporary file is left.
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.iter().filter(|l| **l == "1").count(), 2, "{out}");
    assert!(out.contains("r.ron") && !out.contains(".tmp"), "{out}");
}

#[test]
fn muscles_json_lists_every_muscle_with_its_views_layer_and_points() {
    let v = json(&["muscles", "--json"]);
    let items = v.as_array().unwrap();
    assert!(items.len() >= 100, "{} muscles", items.len());
    for m in items {
        for key in ["id", "name", "views", "layer", "points"] {
            assert!(m.get(key).is_some(), "{key} missing in {m}");
        }
        for view in m["views"].as_array().unwrap() {
            assert!(
                ["front", "back", "left", "right"].contains(&view.as_str().unwrap()),
                "{m}"
            );
        }
    }
    let ql = items
        .iter()
        .find(|m| m["id"] == "quadratus-lumborum")
        .unwrap();
    assert_eq!(ql["layer"], "deep");
    assert!(
        ql["views"]
            .as_array()
            .unwrap()
            .contains(&serde_json::json!("back"))
    );
    assert!(ql["points"].as_array().unwrap().len() >= 4);
    let deltoid = items.iter().find(|m| m["id"] == "deltoid").unwrap();
    assert_eq!(deltoid["layer"], "superficial");
    assert_eq!(
        deltoid["views"],
        serde_json::json!(["front", "back", "left", "right"])
    );
    // Every point names its muscle, and that muscle lists it.
    let points = json(&["list", "--json"]);
    for p in points.as_array().unwrap() {
        let mid = p["muscle_id"].as_str().unwrap();
        let m = items
            .iter()
            .find(|m| m["id"] == mid)
            .unwrap_or_else(|| panic!("{mid}"));
        assert!(m["points"].as_array().unwrap().contains(&p["id"]));
    }
    let show = json(&["show", "sartorius", "--json"]);
    assert_eq!(show["muscle_id"], "sartorius");
    // The shipped muscle art passes its own checks.
    let muscles = crate::repo("assets/muscles.ron").display().to_string();
    let art = crate::repo("assets/body.ron").display().to_string();
    let o = run(&["check", "--art", &art, "--muscles", &muscles]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("muscle shapes"), "{}", stdout(&o));
}
