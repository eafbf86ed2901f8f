//! Fuzzing the loaders with proptest: valid files broken in random ways (cut short, bytes
//! replaced, RON tokens inserted, slices repeated or deleted) must give diagnostics, never a
//! panic; and anything that does load must answer queries without panicking.
//!
//! CI runs a short bounded pass (256 cases per target, the proptest default). For a longer run:
//! `PROPTEST_CASES=50000 cargo test --release --test atlas fuzz`.

use proptest::prelude::*;
use trigger_atlas::atlas::art::parse_art;
use trigger_atlas::atlas::geometry::{Layout, region_at, region_instances};
use trigger_atlas::atlas::{Place, Side, candidates, parse_atlas, search, zones};

/// Pieces of RON and of our vocabulary, so that mutations reach deep into the parser and the
/// validator, not only its first byte.
const TOKENS: &[&str] = &[
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ",",
    ":",
    "\"",
    "//",
    "/*",
    "*/",
    "r#\"",
    "NaN",
    "inf",
    "-1e39",
    "1e-50",
    "0x1F",
    "Some(",
    "None",
    "true",
    "Front",
    "Back",
    "Bilateral",
    "Midline",
    "Ipsilateral",
    "Contralateral",
    "\"temple\"",
    "\"temples\"",
    "\"HN01\"",
    "\"HN99\"",
    "\"TS1-ch\"",
    "\\u{0}",
    "\u{feff}",
    "é",
    "😀",
    "\n",
    " ",
    "weight: 300,",
    "id: \"x\",",
    "essential: [],",
    "Marker(view: Back, x: 0.1, y: 0.5)",
];

#[derive(Debug, Clone)]
enum Edit {
    Truncate(usize),
    Replace(usize, u8),
    Insert(usize, usize),
    Delete(usize, usize),
    Repeat(usize, usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        any::<usize>().prop_map(Edit::Truncate),
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Edit::Replace(i, b)),
        (any::<usize>(), 0..TOKENS.len()).prop_map(|(i, t)| Edit::Insert(i, t)),
        (any::<usize>(), 1usize..40).prop_map(|(i, n)| Edit::Delete(i, n)),
        (any::<usize>(), 1usize..200).prop_map(|(i, n)| Edit::Repeat(i, n)),
    ]
}

fn apply(mut bytes: Vec<u8>, edits: &[Edit]) -> Vec<u8> {
    for e in edits {
        let len = bytes.len().max(1);
        match *e {
            Edit::Truncate(i) => bytes.truncate(i % len),
            Edit::Replace(i, b) => {
                if !bytes.is_empty() {
                    let i = i % bytes.len();
                    bytes[i] = b;
                }
            }
            Edit::Insert(i, t) => {
                let i = i % len.min(bytes.len() + 1).max(1);
                let i = i.min(bytes.len());
                bytes.splice(i..i, TOKENS[t].bytes());
            }
            Edit::Delete(i, n) => {
                let i = (i % len).min(bytes.len());
                let end = (i + n).min(bytes.len());
                bytes.drain(i..end);
            }
            Edit::Repeat(i, n) => {
                let i = (i % len).min(bytes.len());
                let end = (i + n).min(bytes.len());
                let slice = bytes[i..end].to_vec();
                bytes.splice(end..end, slice);
            }
        }
    }
    bytes
}

fn mini() -> Vec<u8> {
    std::fs::read(crate::repo("tests/fixtures/mini.ron")).unwrap()
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(crate::repo(&format!("tests/fixtures/{name}"))).unwrap()
}

fn mini_art() -> Vec<u8> {
    std::fs::read(crate::repo("tests/fixtures/mini_body.ron")).unwrap()
}

proptest! {
    #[test]
    fn fuzz_atlas_loader_never_panics(edits in prop::collection::vec(edit(), 1..5)) {
        let bytes = apply(mini(), &edits);
        match parse_atlas("fuzz.ron", &bytes) {
            Ok(atlas) => {
                // Whatever loads is a valid atlas: the queries work on it.
                for p in &atlas.points {
                    let _ = zones(&atlas, p, Some(Side::Left));
                    let _ = zones(&atlas, p, None);
                }
                let places: Vec<Place> = atlas.regions.iter().map(|r| Place::new(r.id.clone(), None)).collect();
                let _ = candidates(&atlas, &places);
                let _ = search(&atlas, "temple headache");
            }
            Err(diags) => {
                prop_assert!(!diags.is_empty());
                for d in diags.iter() {
                    prop_assert!(d.location.line >= 1 && d.location.column >= 1);
                    let _ = d.to_string();
                }
            }
        }
    }

    #[test]
    fn fuzz_body_art_loader_never_panics(edits in prop::collection::vec(edit(), 1..5)) {
        let atlas = parse_atlas("mini.ron", &mini()).unwrap();
        let bytes = apply(mini_art(), &edits);
        match parse_art("fuzz_body.ron", &bytes, Some(&atlas)) {
            Ok(art) => {
                let regions = region_instances(&atlas, &art, &Layout::SIDE_BY_SIDE);
                let _ = region_at(&regions, [-0.3, 0.95]);
            }
            Err(diags) => {
                for d in diags.iter() {
                    let _ = d.to_string();
                }
            }
        }
    }

    #[test]
    fn fuzz_drawing_loader_never_panics(edits in prop::collection::vec(edit(), 1..5)) {
        let bytes = apply(fixture("drawing.ron"), &edits);
        match trigger_atlas::atlas::drawing::parse_drawing("fuzz_drawing.ron", &bytes) {
            Ok(d) => {
                // Whatever loads can be painted and written back.
                let again = trigger_atlas::atlas::drawing::parse_drawing("again.ron", d.to_ron().as_bytes());
                prop_assert!(again.is_ok(), "{:?}", again.err().map(|e| e.to_string()));
                let mut cells = trigger_atlas::atlas::drawing::raster::CellSet::default();
                for s in &d.strokes {
                    trigger_atlas::atlas::drawing::raster::brush(&s.points, s.radius, |c| cells.insert(c));
                }
            }
            Err(diags) => {
                for d in diags.iter() {
                    prop_assert!(d.location.line >= 1 && d.location.column >= 1);
                    let _ = d.to_string();
                }
            }
        }
    }

    #[test]
    fn fuzz_record_loader_never_panics(edits in prop::collection::vec(edit(), 1..5)) {
        let bytes = apply(fixture("record.ron"), &edits);
        match trigger_atlas::atlas::records::parse_record("fuzz_record.ron", &bytes) {
            Ok(r) => {
                let again = trigger_atlas::atlas::records::parse_record("again.ron", r.to_ron().as_bytes());
                prop_assert!(again.is_ok(), "{:?}", again.err().map(|e| e.to_string()));
            }
            Err(diags) => {
                for d in diags.iter() {
                    prop_assert!(d.location.line >= 1 && d.location.column >= 1);
                    let _ = d.to_string();
                }
            }
        }
    }

    #[test]
    fn fuzz_tours_loader_never_panics(edits in prop::collection::vec(edit(), 1..5)) {
        static ATLAS: std::sync::OnceLock<trigger_atlas::atlas::Atlas> = std::sync::OnceLock::new();
        let atlas = ATLAS.get_or_init(crate::shipped);
        let bytes = apply(fixture("tours.ron"), &edits);
        match trigger_atlas::atlas::studio::parse_tours("fuzz_tours.ron", &bytes, atlas) {
            // Whatever loads resolves: every selection names a point of the atlas.
            Ok(tours) => {
                for step in tours.tours.iter().flat_map(|t| &t.steps) {
                    for (id, _) in step.selections() {
                        prop_assert!(atlas.point(&id).is_some(), "{id}");
                    }
                }
            }
            Err(diags) => {
                for d in diags.iter() {
                    prop_assert!(d.location.line >= 1 && d.location.column >= 1);
                    let _ = d.to_string();
                }
            }
        }
    }

    #[test]
    fn fuzz_practice_loader_never_panics(edits in prop::collection::vec(edit(), 1..5)) {
        let bytes = apply(fixture("practice/practice.ron"), &edits);
        match trigger_atlas::atlas::studio::parse_practice("fuzz_practice.ron", &bytes, None) {
            Ok(p) => {
                let again = trigger_atlas::atlas::studio::parse_practice("again.ron", p.to_ron().as_bytes(), None);
                prop_assert!(again.is_ok(), "{:?}", again.err().map(|e| e.to_string()));
            }
            Err(diags) => {
                for d in diags.iter() {
                    prop_assert!(d.location.line >= 1 && d.location.column >= 1);
                    let _ = d.to_string();
                }
            }
        }
    }
}
