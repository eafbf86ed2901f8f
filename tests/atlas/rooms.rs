//! The shape of the source tree (ARCHITECTURE.md): rooms of at most about 12 files, the core
//! free of Bevy, nothing below the command line importing it, and imports inside the app that
//! only run down the stack of rooms.

use std::path::{Path, PathBuf};

/// The app's rooms, bottom first. A file may use its own room and the rooms before it.
const EXPLORER_ROOMS: [&str; 12] = [
    "shared",
    "live",
    "state",
    "look",
    "body",
    "muscles",
    "drawing",
    "records",
    "handouts",
    "studio",
    "panel",
    "instruments",
];

/// Inside the body view, the same rule between its files.
const BODY_FILES: [&str; 4] = ["diagram", "camera", "markers", "highlight"];

/// The core's rooms, bottom first (`exit` and `files` stand alone).
const CORE_ROOMS: [&str; 7] = [
    "data", "art", "query", "drawing", "records", "studio", "page",
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let p = entry.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// The code of a file without its comments (doc comments name other rooms freely).
fn code(path: &Path) -> String {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| match l.find("//") {
            Some(i) => &l[..i],
            None => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every `prefix<name>` in `text`: the module names that follow the prefix.
fn uses<'a>(text: &'a str, prefix: &str) -> Vec<&'a str> {
    text.match_indices(prefix)
        .map(|(i, _)| {
            let rest = &text[i + prefix.len()..];
            let end = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            &rest[..end]
        })
        .collect()
}

fn relative(p: &Path) -> String {
    p.strip_prefix(crate::repo("src"))
        .unwrap()
        .display()
        .to_string()
}

#[test]
fn no_folder_holds_more_than_about_twelve_source_files() {
    let mut files = Vec::new();
    rust_files(&crate::repo("src"), &mut files);
    let mut per_folder = std::collections::BTreeMap::<PathBuf, usize>::new();
    for f in &files {
        *per_folder
            .entry(f.parent().unwrap().to_path_buf())
            .or_default() += 1;
    }
    let crowded: Vec<_> = per_folder.iter().filter(|(_, n)| **n > 12).collect();
    assert!(
        crowded.is_empty(),
        "folders with too many files: {crowded:?}"
    );
    // The rooms named in ARCHITECTURE.md exist as folders.
    for room in EXPLORER_ROOMS {
        assert!(
            crate::repo(&format!("src/explorer/{room}")).is_dir(),
            "{room}"
        );
    }
    for room in CORE_ROOMS {
        assert!(crate::repo(&format!("src/atlas/{room}")).is_dir(), "{room}");
    }
}

#[test]
fn nothing_below_the_command_line_imports_it() {
    let mut files = Vec::new();
    rust_files(&crate::repo("src"), &mut files);
    let mut wrong = Vec::new();
    for f in files {
        let name = relative(&f);
        if name.starts_with("cli") || name == "main.rs" {
            continue;
        }
        let text = code(&f);
        if text.contains("crate::cli") || text.contains("trigger_atlas::cli") {
            wrong.push(name);
        }
    }
    assert!(
        wrong.is_empty(),
        "files below the CLI that import it: {wrong:?}"
    );
}

#[test]
fn the_core_has_no_bevy_and_no_app() {
    let mut files = Vec::new();
    rust_files(&crate::repo("src/atlas"), &mut files);
    assert!(files.len() > 5);
    for f in files {
        let text = code(&f);
        for banned in ["bevy", "crate::explorer", "egui", "wgpu"] {
            assert!(
                !text.contains(banned),
                "{} uses `{banned}`: the core must stay pure",
                relative(&f)
            );
        }
    }
}

#[test]
fn core_imports_run_down_its_rooms() {
    let mut files = Vec::new();
    rust_files(&crate::repo("src/atlas"), &mut files);
    let mut wrong = Vec::new();
    for f in files {
        let name = relative(&f);
        let Some(rank) = CORE_ROOMS
            .iter()
            .position(|r| name.starts_with(&format!("atlas/{r}/")))
        else {
            continue;
        };
        for used in uses(&code(&f), "crate::atlas::") {
            if let Some(u) = CORE_ROOMS.iter().position(|r| *r == used)
                && u > rank
            {
                wrong.push(format!("{name} uses the {used} room above it"));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn app_imports_run_down_the_stack_of_rooms() {
    let mut files = Vec::new();
    rust_files(&crate::repo("src/explorer"), &mut files);
    let mut wrong = Vec::new();
    let mut checked = 0;
    for f in files {
        let name = relative(&f);
        let room = name
            .strip_prefix("explorer/")
            .and_then(|n| n.split_once('/'))
            .map(|(room, _)| room);
        // The top of the app (`mod.rs`, `headless.rs`) assembles every room.
        let Some(room) = room else { continue };
        let rank = EXPLORER_ROOMS
            .iter()
            .position(|r| *r == room)
            .unwrap_or_else(|| panic!("{name}: room `{room}` is not in the list of rooms"));
        let text = code(&f);
        assert!(
            !text.contains("super::super"),
            "{name}: name other rooms by `crate::explorer::ROOM`"
        );
        for used in uses(&text, "crate::explorer::") {
            checked += 1;
            match EXPLORER_ROOMS.iter().position(|r| *r == used) {
                Some(u) if u > rank => wrong.push(format!("{name} uses `{used}`, above it")),
                Some(_) => {}
                None => wrong.push(format!("{name} uses `{used}`, which is no room below it")),
            }
        }
        if room == "body" {
            let me = BODY_FILES
                .iter()
                .position(|b| name.ends_with(&format!("/{b}.rs")));
            for used in uses(&text, "crate::explorer::body::") {
                if let (Some(me), Some(u)) = (me, BODY_FILES.iter().position(|b| *b == used))
                    && u > me
                {
                    wrong.push(format!("{name} uses body::{used}, above it"));
                }
            }
        }
    }
    assert!(checked > 40, "only {checked} imports seen");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
