//! `trigger-atlas muscles [--json]` and `check --muscles`: the muscles and their art.

use std::io::Write;
use std::path::Path;

use serde_json::{Value, json};

use crate::atlas::Atlas;
use crate::atlas::art::muscles::{MuscleArt, markers_outside_muscles, parse_muscle_art};
use crate::atlas::art::{
    BodyArt, SHIPPED_MUSCLES, find_shipped_muscles, load_shipped_art, parse_art,
};

use super::{EXIT_INVALID, EXIT_OK, EXIT_USAGE};

/// The shipped muscle art, from disk where found, else the built-in copy.
pub(super) fn shipped(atlas: &Atlas, body: Option<&BodyArt>) -> Result<MuscleArt, u8> {
    let (name, bytes) = match find_shipped_muscles() {
        Some(p) => match std::fs::read(&p) {
            Ok(b) => (p.display().to_string(), b),
            Err(e) => {
                eprintln!("error: cannot read {}: {e}", p.display());
                return Err(EXIT_USAGE);
            }
        },
        None => (
            "<built-in muscles.ron>".into(),
            SHIPPED_MUSCLES.as_bytes().to_vec(),
        ),
    };
    parse_muscle_art(&name, &bytes, Some(atlas), body).map_err(|d| {
        eprintln!("{d}");
        EXIT_INVALID
    })
}

pub fn list(atlas: &Atlas, as_json: bool, out: &mut dyn Write) -> std::io::Result<u8> {
    let art = match shipped(atlas, None) {
        Ok(a) => a,
        Err(code) => return Ok(code),
    };
    let rows: Vec<Value> = atlas
        .muscles
        .iter()
        .map(|m| {
            let points: Vec<&str> = atlas
                .points
                .iter()
                .filter(|p| p.muscle_id == m.id)
                .map(|p| p.id.as_str())
                .collect();
            let layers: serde_json::Map<String, Value> = art
                .of(&m.id)
                .flat_map(|s| {
                    s.view
                        .drawn_views()
                        .iter()
                        .map(move |v| (v.as_str().to_string(), json!(s.layer.as_str())))
                })
                .collect();
            json!({
                "id": m.id,
                "name": m.name,
                "views": art.views_of(&m.id).iter().map(|v| v.as_str()).collect::<Vec<_>>(),
                "layer": art.top_layer(&m.id).map(|l| l.as_str()),
                "layers": layers,
                "deep_under": m.deep_under,
                "action": m.action,
                "points": points,
            })
        })
        .collect();
    if as_json {
        writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&rows).expect("json")
        )?;
    } else {
        let width = atlas.muscles.iter().map(|m| m.id.len()).max().unwrap_or(0);
        for r in &rows {
            writeln!(
                out,
                "{:width$}  {}  [{}; {}]  {} points",
                r["id"].as_str().unwrap_or(""),
                r["name"].as_str().unwrap_or(""),
                r["views"]
                    .as_array()
                    .map(|v| v
                        .iter()
                        .filter_map(|x| x.as_str())
                        .collect::<Vec<_>>()
                        .join(", "))
                    .unwrap_or_default(),
                r["layer"].as_str().unwrap_or("not drawn"),
                r["points"].as_array().map_or(0, |p| p.len()),
            )?;
        }
    }
    Ok(EXIT_OK)
}

/// Check muscle art against the atlas and the body art; markers inside their muscles.
pub fn check(
    atlas: &Atlas,
    atlas_name: &str,
    body_path: Option<&Path>,
    path: &Path,
    out: &mut dyn Write,
) -> std::io::Result<u8> {
    let body = match body_path {
        Some(p) => std::fs::read(p)
            .ok()
            .and_then(|b| parse_art(&p.display().to_string(), &b, None).ok()),
        None => load_shipped_art().ok().map(|(a, _)| a),
    };
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("error: cannot read the muscle art {}: {e}", path.display());
            return Ok(EXIT_USAGE);
        }
    };
    let name = path.display().to_string();
    let art = match parse_muscle_art(&name, &bytes, Some(atlas), body.as_ref()) {
        Ok(a) => a,
        Err(d) => {
            eprintln!("{d}");
            return Ok(EXIT_INVALID);
        }
    };
    let atlas_text = std::fs::read_to_string(atlas_name)
        .unwrap_or_else(|_| crate::atlas::load::SHIPPED_ATLAS.to_string());
    let outside = markers_outside_muscles(atlas, &art, atlas_name, &atlas_text);
    if !outside.is_empty() {
        eprintln!("{}", crate::atlas::Diagnostics(outside));
        return Ok(EXIT_INVALID);
    }
    writeln!(out, "{name}: ok: {} muscle shapes", art.shapes.len())?;
    Ok(EXIT_OK)
}
