//! The corpus of broken atlas files: each `tests/broken/NAME.ron` must fail to load with
//! exactly the diagnostics listed in `NAME.expected` (headline and help lines), and never panic.

use trigger_atlas::atlas::parse_atlas;

fn render(diags: &trigger_atlas::atlas::Diagnostics) -> String {
    let mut out = String::new();
    for d in diags.iter() {
        out.push_str(&d.headline());
        out.push('\n');
        if let Some(h) = &d.help {
            out.push_str(&format!("  = help: {h}\n"));
        }
    }
    out
}

#[test]
fn every_broken_file_gives_its_expected_errors() {
    let dir = crate::repo("tests/broken");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .collect();
    files.sort();
    assert!(
        files.len() >= 20,
        "the corpus has only {} files",
        files.len()
    );
    let mut failures = Vec::new();
    for path in &files {
        let name = format!(
            "tests/broken/{}",
            path.file_name().unwrap().to_string_lossy()
        );
        let bytes = std::fs::read(path).unwrap();
        let expected_path = path.with_extension("expected");
        let expected = std::fs::read_to_string(&expected_path)
            .unwrap_or_else(|_| panic!("{} has no .expected file", name));
        match parse_atlas(&name, &bytes) {
            Ok(_) => failures.push(format!("{name}: loaded, but it is broken")),
            Err(diags) => {
                let got = render(&diags);
                if got != expected {
                    failures.push(format!("{name}:\n--- expected\n{expected}--- got\n{got}"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn all_errors_in_a_file_are_reported_not_just_the_first() {
    let bytes = std::fs::read(crate::repo("tests/broken/several_errors.ron")).unwrap();
    let diags = parse_atlas("several_errors.ron", &bytes).unwrap_err();
    assert_eq!(diags.len(), 4, "{diags}");
    let lines: Vec<usize> = diags.iter().map(|d| d.location.line).collect();
    let mut sorted = lines.clone();
    sorted.sort();
    assert_eq!(lines, sorted, "errors come in file order");
}

#[test]
fn the_full_report_shows_the_line_and_a_caret() {
    let bytes = std::fs::read(crate::repo("tests/broken/unknown_region.ron")).unwrap();
    let report = parse_atlas("unknown_region.ron", &bytes)
        .unwrap_err()
        .to_string();
    assert!(
        report.contains("28 |             essential: [\"temples\"],"),
        "{report}"
    );
    assert!(
        report.contains("   |                         ^^^^^^^^^\n"),
        "{report}"
    );
    assert!(
        report.ends_with("1 error in unknown_region.ron"),
        "{report}"
    );
}

#[test]
fn every_truncation_of_the_mini_atlas_fails_cleanly() {
    // What an editor's half-written save leaves: every prefix of a valid file.
    let text = std::fs::read_to_string(crate::repo("tests/fixtures/mini.ron")).unwrap();
    let full = text.trim_end().len();
    for cut in (0..full).filter(|&c| text.is_char_boundary(c)) {
        let result = parse_atlas("cut.ron", &text.as_bytes()[..cut]);
        let diags = result.expect_err("a truncated atlas must not load");
        let d = diags.first();
        assert!(d.location.line >= 1 && d.location.column >= 1);
        assert!(!d.message.is_empty());
    }
}
