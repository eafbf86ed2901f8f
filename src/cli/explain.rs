//! `trigger-atlas explain DRAWING.ron`, and the spatial ranking behind `where`.

use std::io::Write;
use std::path::Path;

use serde_json::{Value, json};

use crate::atlas::drawing::{Explainer, parse_drawing};
use crate::atlas::{Atlas, Side};

use super::{EXIT_INVALID, EXIT_OK, EXIT_USAGE};

/// The atlas and the shipped body art on the grids; the art's problems are reported.
pub fn explainer(atlas: &Atlas) -> Result<Explainer, u8> {
    match crate::atlas::art::load_shipped_art() {
        Ok((art, _)) => Ok(Explainer::new(atlas, &art)),
        Err(e) => {
            eprintln!("{e}");
            Err(match e {
                crate::atlas::LoadError::Io { .. } => EXIT_USAGE,
                crate::atlas::LoadError::Invalid(_) => EXIT_INVALID,
            })
        }
    }
}

fn side_words(sides: &[Option<Side>]) -> String {
    match sides {
        [Some(s)] => format!(" ({} side)", s.as_str()),
        [Some(_), Some(_)] => " (both sides)".to_string(),
        _ => String::new(),
    }
}

pub fn explain(
    atlas: &Atlas,
    path: &Path,
    as_json: bool,
    out: &mut dyn Write,
) -> std::io::Result<u8> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("error: cannot read the drawing {}: {e}", path.display());
            return Ok(EXIT_USAGE);
        }
    };
    let drawing = match parse_drawing(&path.display().to_string(), &bytes) {
        Ok(d) => d,
        Err(d) => {
            eprintln!("{d}");
            return Ok(EXIT_INVALID);
        }
    };
    let explainer = match explainer(atlas) {
        Ok(e) => e,
        Err(code) => return Ok(code),
    };
    let e = explainer.explain(atlas, &drawing);
    for v in &e.unscored_views {
        eprintln!(
            "warning: the {} view has no body art yet; strokes drawn there are not scored",
            v.as_str()
        );
    }
    if as_json {
        let candidates: Vec<Value> = e
            .candidates
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let p = &atlas.points[c.point];
                json!({
                    "rank": i + 1,
                    "id": c.id,
                    "muscle": p.muscle,
                    "name": p.name,
                    "sides": super::sides_json(&c.sides),
                    "score": c.score,
                    "explains": c.explains,
                    "essential": c.essential,
                    "weight": p.weight,
                    "verified": p.verified,
                    "reference": p.reference,
                    "matches": c.matches,
                    "near": c.near,
                    "reasons": c.reasons.iter().map(|r| r.text.clone()).collect::<Vec<_>>(),
                })
            })
            .collect();
        let v = json!({
            "candidates": candidates,
            "together": e.together,
            "painted_cells": e.painted,
        });
        writeln!(out, "{}", serde_json::to_string_pretty(&v).expect("json"))?;
        return Ok(EXIT_OK);
    }
    if e.painted == 0 {
        writeln!(out, "Nothing is painted on the body in this drawing.")?;
        return Ok(EXIT_OK);
    }
    if e.candidates.is_empty() {
        writeln!(out, "No trigger point in the atlas sends pain there.")?;
        return Ok(EXIT_OK);
    }
    writeln!(
        out,
        "Trigger points that could explain this drawing, most likely first:"
    )?;
    for (i, c) in e.candidates.iter().take(12).enumerate() {
        let p = &atlas.points[c.point];
        writeln!(
            out,
            "{:>3}. {} – {}{}  [{}]",
            i + 1,
            p.muscle,
            p.name,
            side_words(&c.sides),
            p.id
        )?;
        let why: Vec<&str> = c.reasons.iter().map(|r| r.text.as_str()).collect();
        writeln!(out, "     {}", why.join("; "))?;
    }
    if e.candidates.len() > 12 {
        writeln!(
            out,
            "     … and {} more (--json lists them all)",
            e.candidates.len() - 12
        )?;
    }
    if !e.together.ids.is_empty() {
        let (names, verb) = crate::atlas::drawing::explain::together_words(atlas, &e.together.ids);
        writeln!(
            out,
            "\n{names} {verb} {:.0}% of what you drew.",
            e.together.explains * 100.0
        )?;
    }
    writeln!(out, "\n{}", atlas.disclaimer)?;
    Ok(EXIT_OK)
}
