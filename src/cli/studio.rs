//! `trigger-atlas tours [--json]`, and the tours and practice parts of `check`.

use std::io::Write;
use std::path::PathBuf;

use serde_json::{Value, json};

use crate::atlas::studio::{
    Practice, Tours, load_practice, load_shipped_tours, load_tours, practice_path,
};
use crate::atlas::{Atlas, LoadError};

use super::{Cli, EXIT_INVALID, EXIT_OK, EXIT_USAGE};

fn code(e: &LoadError) -> u8 {
    match e {
        LoadError::Io { .. } => EXIT_USAGE,
        LoadError::Invalid(_) => EXIT_INVALID,
    }
}

/// The tours: `--tours PATH`, or the shipped ones. Errors are printed; the code is returned.
pub fn tours(cli: &Cli, atlas: &Atlas) -> Result<(Tours, String), u8> {
    let loaded = match &cli.tours {
        Some(p) => load_tours(p, atlas).map(|t| (t, p.display().to_string())),
        None => load_shipped_tours(atlas),
    };
    loaded.map_err(|e| {
        eprintln!("{e}");
        code(&e)
    })
}

/// Where the practice profile is: `--practice PATH`, or the user config folder.
pub fn practice_file(cli: &Cli) -> Option<PathBuf> {
    cli.practice.clone().or_else(practice_path)
}

/// The practice profile; `Ok(None)` when there is none (handouts are unbranded).
pub fn practice(cli: &Cli) -> Result<Option<Practice>, u8> {
    let Some(path) = practice_file(cli) else {
        return Ok(None);
    };
    load_practice(&path).map_err(|e| {
        eprintln!("{e}");
        code(&e)
    })
}

fn step_json(step: &crate::atlas::studio::TourStep) -> Value {
    let selections: Vec<Value> = step
        .selections()
        .iter()
        .map(|(id, side)| json!({"id": id, "side": side.map(|s| s.as_str())}))
        .collect();
    let places: Vec<Value> = step
        .places()
        .iter()
        .map(|p| json!({"region": p.region, "side": p.side.map(|s| s.as_str())}))
        .collect();
    json!({
        "title": step.title,
        "narration": step.narration,
        "select": selections,
        "mark": places,
        "view": step.view.map(|v| v.as_str()),
        "zoom": step.zoom(),
        "focus": step.focus.map(|(x, y)| vec![x, y]),
    })
}

/// `trigger-atlas tours [--json]`.
pub fn list(cli: &Cli, atlas: &Atlas, as_json: bool, out: &mut dyn Write) -> std::io::Result<u8> {
    let (tours, _) = match tours(cli, atlas) {
        Ok(t) => t,
        Err(code) => return Ok(code),
    };
    if as_json {
        let rows: Vec<Value> = tours
            .tours
            .iter()
            .map(|t| {
                json!({
                    "id": t.id,
                    "title": t.title,
                    "summary": t.summary,
                    "steps": t.steps.iter().map(step_json).collect::<Vec<_>>(),
                })
            })
            .collect();
        writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&rows).unwrap_or_default()
        )?;
    } else {
        for t in &tours.tours {
            writeln!(out, "{:<18} {} ({} steps)", t.id, t.title, t.steps.len())?;
        }
        writeln!(
            out,
            "\nStart one with `trigger-atlas --tour ID`, or print it with `trigger-atlas render --tour ID --out FILE.pdf`."
        )?;
    }
    Ok(EXIT_OK)
}

/// The tours and practice lines of `check`. Tours are checked when they belong with the atlas
/// being checked (the shipped one) or are named with `--tours`.
pub fn check(
    cli: &Cli,
    atlas: &Atlas,
    custom_atlas: bool,
    out: &mut dyn Write,
) -> std::io::Result<u8> {
    if cli.tours.is_some() || !custom_atlas {
        match tours(cli, atlas) {
            Ok((t, name)) => writeln!(
                out,
                "{name}: ok: {} tours, {} steps",
                t.tours.len(),
                t.tours.iter().map(|t| t.steps.len()).sum::<usize>()
            )?,
            Err(code) => return Ok(code),
        }
    }
    let Some(path) = practice_file(cli) else {
        return Ok(EXIT_OK);
    };
    match load_practice(&path) {
        Ok(Some(p)) => writeln!(
            out,
            "{}: ok: {}{}",
            path.display(),
            p.name,
            if p.logo_image.is_some() {
                ", with its logo"
            } else {
                ""
            }
        )?,
        Ok(None) if cli.practice.is_some() => {
            eprintln!("error: no practice profile at {}", path.display());
            return Ok(EXIT_USAGE);
        }
        Ok(None) => writeln!(
            out,
            "no practice profile at {}: handouts and the presenter are unbranded",
            path.display()
        )?,
        Err(e) => {
            eprintln!("{e}");
            return Ok(code(&e));
        }
    }
    Ok(EXIT_OK)
}
