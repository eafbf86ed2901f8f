//! The corpus of broken atlas files: each `tests/broken/NAME.ron` must fail to load with
//! exactly the diagnostics listed in `NAME.expected` (headline and help lines), and never panic.

use std::time::{Duration, Instant};

use trigger_atlas::atlas::art::parse_art;
use trigger_atlas::atlas::{Diagnostics, parse_atlas};

fn render(diags: &Diagnostics) -> String {
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

/// Run `f` on another thread; fail if it panics or runs longer than `limit` (a hang guard, not
/// a speed test: speed is measured by `scripts/bench`).
fn guarded<T: Send + 'static>(
    what: &str,
    limit: Duration,
    f: impl FnOnce() -> T + Send + 'static,
) -> (T, Duration) {
    let (tx, rx) = std::sync::mpsc::channel();
    let start = Instant::now();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    match rx.recv_timeout(limit) {
        Ok(v) => (v, start.elapsed()),
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
            panic!("{what} hung for more than {limit:?}")
        }
        Err(_) => panic!("{what} panicked"),
    }
}

/// Check every `DIR/*.ron` against its `.expected`, parsing with `parse`.
fn check_corpus(dir: &str, parse: fn(String, Vec<u8>) -> Result<(), Diagnostics>) -> usize {
    let mut files: Vec<_> = std::fs::read_dir(crate::repo(dir))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .collect();
    files.sort();
    let mut failures = Vec::new();
    let mut slowest = (Duration::ZERO, String::new());
    for path in &files {
        let name = format!("{dir}/{}", path.file_name().unwrap().to_string_lossy());
        let bytes = std::fs::read(path).unwrap();
        // `BLESS=1` writes the .expected files of a new corpus; read them before committing.
        if std::env::var_os("BLESS").is_some()
            && !path.with_extension("expected").exists()
            && let Err(d) = parse(name.clone(), bytes.clone())
        {
            std::fs::write(path.with_extension("expected"), render(&d)).unwrap();
        }
        let expected = std::fs::read_to_string(path.with_extension("expected"))
            .unwrap_or_else(|_| panic!("{name} has no .expected file"));
        let n = name.clone();
        let (result, took) = guarded(&name, Duration::from_secs(10), move || parse(n, bytes));
        if took > slowest.0 {
            slowest = (took, name.clone());
        }
        match result {
            Ok(()) => failures.push(format!("{name}: loaded, but it is broken")),
            Err(diags) => {
                let got = render(&diags);
                if got != expected {
                    failures.push(format!("{name}:\n--- expected\n{expected}--- got\n{got}"));
                }
            }
        }
    }
    eprintln!(
        "{dir}: {} files, slowest {} in {:?}",
        files.len(),
        slowest.1,
        slowest.0
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    files.len()
}

#[test]
fn every_broken_file_gives_its_expected_errors() {
    let atlases = check_corpus("tests/broken", |name, bytes| {
        parse_atlas(&name, &bytes).map(|_| ())
    });
    // Body art is checked against the mini atlas it was drawn for.
    let art = check_corpus("tests/broken/art", |name, bytes| {
        let atlas = crate::mini();
        parse_art(&name, &bytes, Some(&atlas)).map(|_| ())
    });
    assert!(
        atlases + art >= 40,
        "the corpus has only {} files",
        atlases + art
    );
}

#[test]
fn every_broken_tours_and_practice_file_gives_its_expected_errors() {
    let tours = check_corpus("tests/broken/tours", |name, bytes| {
        static ATLAS: std::sync::OnceLock<trigger_atlas::atlas::Atlas> = std::sync::OnceLock::new();
        let atlas = ATLAS.get_or_init(crate::shipped);
        trigger_atlas::atlas::studio::parse_tours(&name, &bytes, atlas).map(|_| ())
    });
    // A practice's logo is looked for beside its file (the bomb and the fake are there).
    let practice = check_corpus("tests/broken/practice", |name, bytes| {
        // Relative, as the corpus names it: tests run in the repository root.
        let folder = std::path::Path::new(&name)
            .parent()
            .map(std::path::Path::to_path_buf);
        trigger_atlas::atlas::studio::parse_practice(&name, &bytes, folder.as_deref()).map(|_| ())
    });
    assert!(
        tours >= 10 && practice >= 10,
        "{tours} tours, {practice} practice files"
    );
    // The fixtures are valid, and the shipped tours too.
    let atlas = crate::shipped();
    for file in ["tests/fixtures/tours.ron", "data/tours.ron"] {
        let bytes = std::fs::read(crate::repo(file)).unwrap();
        if let Err(e) = trigger_atlas::atlas::studio::parse_tours(file, &bytes, &atlas) {
            panic!("{e}");
        }
    }
    let folder = crate::repo("tests/fixtures/practice");
    let p = trigger_atlas::atlas::studio::parse_practice(
        "practice.ron",
        &std::fs::read(folder.join("practice.ron")).unwrap(),
        Some(&folder),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        p.logo_image.as_ref().map(|l| (l.width, l.height)),
        Some((240, 80))
    );
}

#[test]
fn every_broken_drawing_and_record_gives_its_expected_errors() {
    let drawings = check_corpus("tests/broken/drawings", |name, bytes| {
        trigger_atlas::atlas::drawing::parse_drawing(&name, &bytes).map(|_| ())
    });
    let records = check_corpus("tests/broken/records", |name, bytes| {
        trigger_atlas::atlas::records::parse_record(&name, &bytes).map(|_| ())
    });
    assert!(
        drawings >= 8 && records >= 6,
        "{drawings} drawings, {records} records"
    );
    // Muscle art, checked against the shipped atlas and body (see `muscle_corpus`).
    let muscles = muscle_corpus();
    assert!(muscles >= 6, "{muscles} muscle-art files");
    // The fixtures themselves are valid.
    for (file, ok) in [
        (
            "tests/fixtures/drawing.ron",
            trigger_atlas::atlas::drawing::parse_drawing(
                "drawing.ron",
                &std::fs::read(crate::repo("tests/fixtures/drawing.ron")).unwrap(),
            )
            .is_ok(),
        ),
        (
            "tests/fixtures/record.ron",
            trigger_atlas::atlas::records::parse_record(
                "record.ron",
                &std::fs::read(crate::repo("tests/fixtures/record.ron")).unwrap(),
            )
            .is_ok(),
        ),
    ] {
        assert!(ok, "{file} must be valid");
    }
}

/// The muscle-art corpus: each file's diagnostics, less the "has no shape" ones that every
/// partial file gets, must be those of its `.expected`.
fn muscle_corpus() -> usize {
    use trigger_atlas::atlas::art::muscles::parse_muscle_art;
    let atlas = crate::shipped();
    let body = trigger_atlas::atlas::art::parse_art(
        "body.ron",
        &std::fs::read(crate::repo("assets/body.ron")).unwrap(),
        None,
    )
    .unwrap();
    let dir = crate::repo("tests/broken/muscles");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .collect();
    files.sort();
    let mut failures = Vec::new();
    for path in &files {
        let name = format!(
            "tests/broken/muscles/{}",
            path.file_name().unwrap().to_string_lossy()
        );
        let bytes = std::fs::read(path).unwrap();
        let got = match parse_muscle_art(&name, &bytes, Some(&atlas), Some(&body)) {
            Ok(_) => {
                failures.push(format!("{name}: loaded, but it is broken"));
                continue;
            }
            Err(d) => {
                let kept = Diagnostics(
                    d.iter()
                        .filter(|x| !x.message.contains("has no shape on any view"))
                        .cloned()
                        .collect(),
                );
                render(&kept)
            }
        };
        let expected_path = path.with_extension("expected");
        if std::env::var_os("BLESS").is_some() && !expected_path.exists() {
            std::fs::write(&expected_path, &got).unwrap();
        }
        let expected = std::fs::read_to_string(&expected_path)
            .unwrap_or_else(|_| panic!("{name} has no .expected file"));
        if got != expected {
            failures.push(format!("{name}:\n--- expected\n{expected}--- got\n{got}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    files.len()
}

#[test]
fn a_marker_moved_out_of_its_muscle_is_an_error_that_points_at_the_marker() {
    use trigger_atlas::atlas::art::muscles::{markers_outside_muscles, parse_muscle_art};
    let text = std::fs::read_to_string(crate::repo("data/atlas.ron")).unwrap();
    let art = parse_muscle_art(
        "muscles.ron",
        &std::fs::read(crate::repo("assets/muscles.ron")).unwrap(),
        None,
        None,
    )
    .unwrap();
    let atlas = parse_atlas("atlas.ron", text.as_bytes()).unwrap();
    assert!(markers_outside_muscles(&atlas, &art, "atlas.ron", &text).is_empty());
    // The upper trapezius TrP1 marker on the back view, moved down to the sacrum.
    let moved = text.replacen(
        "Marker(view: Back, x: 0.072, y: 0.822)",
        "Marker(view: Back, x: 0.010, y: 0.530)",
        1,
    );
    assert_ne!(moved, text);
    let atlas = parse_atlas("atlas.ron", moved.as_bytes()).unwrap();
    let errors = markers_outside_muscles(&atlas, &art, "atlas.ron", &moved);
    assert_eq!(errors.len(), 1, "{}", Diagnostics(errors.clone()));
    let e = &errors[0];
    assert!(e.message.contains("upper-trapezius-1") && e.message.contains("outside its muscle"));
    let line = moved
        .lines()
        .position(|l| l.contains("Marker(view: Back, x: 0.010, y: 0.530)"))
        .unwrap()
        + 1;
    assert_eq!(e.location.line, line);
}

#[test]
fn the_mini_body_art_is_valid_for_the_mini_atlas() {
    let atlas = crate::mini();
    let bytes = std::fs::read(crate::repo("tests/fixtures/mini_body.ron")).unwrap();
    parse_art("mini_body.ron", &bytes, Some(&atlas)).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn a_50_mb_file_is_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.ron");
    // A valid start, then 50 MB of text inside one string.
    let mut text = String::from("Atlas(\n    disclaimer: \"");
    text.push_str(&"a".repeat(50 * 1024 * 1024));
    text.push_str("\",\n)\n");
    std::fs::write(&path, &text).unwrap();
    let (result, _) = guarded("loading a 50 MB file", Duration::from_secs(10), move || {
        trigger_atlas::atlas::load_path(&path)
    });
    let message = result.unwrap_err().to_string();
    assert!(
        message.contains("huge.ron:1:1: the file is 52.4 MB, too large for an atlas"),
        "{message}"
    );
    // The same bytes handed over directly are refused too.
    let (result, _) = guarded("parsing 50 MB", Duration::from_secs(10), move || {
        parse_atlas("huge.ron", text.as_bytes()).map(|_| ())
    });
    assert!(result.unwrap_err().first().message.contains("too large"));
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
