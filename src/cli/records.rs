//! `trigger-atlas records list|show|save|rename|delete`: the client records in the user data
//! folder (`$TRIGGER_ATLAS_RECORDS` to use another folder).

use std::io::Write;

use serde_json::json;

use crate::atlas::Atlas;
use crate::atlas::drawing::parse_drawing;
use crate::atlas::records::{Chosen, Record, RecordError, RecordStore};

use super::{EXIT_INVALID, EXIT_OK, EXIT_USAGE, RecordsAction, id_and_side};

fn code(e: &RecordError) -> u8 {
    match e {
        RecordError::Invalid(_) | RecordError::NotFound(_) => EXIT_INVALID,
        RecordError::Io { .. } => EXIT_USAGE,
    }
}

pub(super) fn report(e: &RecordError) -> u8 {
    eprintln!("{e}");
    if let RecordError::NotFound(_) = e {
        eprintln!("  = help: `trigger-atlas records list` shows them all");
    }
    code(e)
}

pub fn records(atlas: &Atlas, action: &RecordsAction, out: &mut dyn Write) -> std::io::Result<u8> {
    let Some(store) = RecordStore::open_default() else {
        eprintln!(
            "error: this system has no user data folder for records (set TRIGGER_ATLAS_RECORDS)"
        );
        return Ok(EXIT_USAGE);
    };
    match action {
        RecordsAction::List { json } => {
            let (list, bad) = store.list();
            for e in &bad {
                eprintln!("{e}");
            }
            if *json {
                writeln!(
                    out,
                    "{}",
                    serde_json::to_string_pretty(&list).expect("json")
                )?;
            } else if list.is_empty() {
                writeln!(out, "No client records in {}.", store.dir.display())?;
            } else {
                for s in &list {
                    writeln!(
                        out,
                        "{}  {}  {}  ({} strokes, {} points)",
                        s.id,
                        s.date,
                        s.client,
                        s.strokes,
                        s.points.len()
                    )?;
                }
            }
            Ok(if bad.is_empty() {
                EXIT_OK
            } else {
                EXIT_INVALID
            })
        }
        RecordsAction::Show { id, json } => match store.load(id) {
            Ok(r) => {
                if *json {
                    let v = json!({
                        "id": id, "schema": r.schema, "client": r.client, "date": r.date,
                        "note": r.note, "points": r.points, "drawing": r.drawing,
                    });
                    writeln!(out, "{}", serde_json::to_string_pretty(&v).expect("json"))?;
                } else {
                    writeln!(out, "{} – {}", r.client, r.date)?;
                    writeln!(out, "Drawing:  {} strokes", r.drawing.strokes.len())?;
                    for p in &r.points {
                        let name = atlas
                            .point(&p.id)
                            .map_or(p.id.clone(), |t| format!("{} – {}", t.muscle, t.name));
                        let side = p
                            .side
                            .map(|s| format!(" ({})", s.as_str()))
                            .unwrap_or_default();
                        writeln!(out, "Point:    {name}{side}")?;
                    }
                    if !r.note.is_empty() {
                        writeln!(out, "Note:     {}", r.note)?;
                    }
                }
                Ok(EXIT_OK)
            }
            Err(e) => Ok(report(&e)),
        },
        RecordsAction::Save {
            client,
            drawing,
            points,
            note,
            id,
        } => {
            if client.trim().is_empty() {
                eprintln!("error: give the client's name or initials with --client");
                return Ok(EXIT_USAGE);
            }
            let bytes = match std::fs::read(drawing) {
                Ok(b) => b,
                Err(e) => {
                    eprintln!("error: cannot read the drawing {}: {e}", drawing.display());
                    return Ok(EXIT_USAGE);
                }
            };
            let d = match parse_drawing(&drawing.display().to_string(), &bytes) {
                Ok(d) => d,
                Err(e) => {
                    eprintln!("{e}");
                    return Ok(EXIT_INVALID);
                }
            };
            let mut chosen = Vec::new();
            for p in points {
                let (pid, side) = match id_and_side(p) {
                    Ok(x) => x,
                    Err(e) => {
                        eprintln!("error: {e}");
                        return Ok(EXIT_USAGE);
                    }
                };
                if atlas.point(&pid).is_none() {
                    eprintln!("error: no trigger point `{pid}`");
                    return Ok(EXIT_INVALID);
                }
                chosen.push(Chosen { id: pid, side });
            }
            let record = Record::new(client, d, chosen, note);
            let result = match id {
                Some(id) => store.save(id, &record).map(|_| id.clone()),
                None => store.create(&record),
            };
            match result {
                Ok(id) => {
                    writeln!(out, "{id}")?;
                    Ok(EXIT_OK)
                }
                Err(e) => Ok(report(&e)),
            }
        }
        RecordsAction::Rename { id, client } => match store.rename(id, client) {
            Ok(()) => Ok(EXIT_OK),
            Err(e) => Ok(report(&e)),
        },
        RecordsAction::Delete { id } => match store.delete(id) {
            Ok(()) => {
                writeln!(out, "Deleted {id}.")?;
                Ok(EXIT_OK)
            }
            Err(e) => Ok(report(&e)),
        },
    }
}
