//! The command line: `trigger-atlas check|list|show|regions|where|render`. With no subcommand
//! the binary opens the explorer. This is the top of the crate: nothing below imports it.

use std::io::Write;
use std::path::PathBuf;

use clap::{Parser, Subcommand};
use serde_json::{Value, json};

use crate::atlas::{self, Atlas, LoadError, Place, Side, TriggerPoint, diag::suggest};

pub use crate::atlas::exit::{EXIT_INVALID, EXIT_OK, EXIT_USAGE};

mod explain;
mod muscles;
mod pdf;
mod records;
mod render;
mod studio;

#[derive(Debug, Parser)]
#[command(
    name = "trigger-atlas",
    version,
    about = "A body map of myofascial trigger points and where they refer pain",
    long_about = "A body map of myofascial trigger points and where they refer pain.\n\n\
        With no subcommand, opens the explorer window. Patterns are typical, not a diagnosis."
)]
pub struct Cli {
    /// The atlas to use [default: the shipped data/atlas.ron]
    #[arg(long, global = true, value_name = "PATH")]
    pub atlas: Option<PathBuf>,

    /// The guided tours to use [default: the shipped data/tours.ron]
    #[arg(long, global = true, value_name = "PATH")]
    pub tours: Option<PathBuf>,

    /// The practice profile [default: practice.ron in the user config folder,
    /// $XDG_CONFIG_HOME/trigger-atlas/practice.ron on Linux]
    #[arg(long, global = true, value_name = "PATH")]
    pub practice: Option<PathBuf>,

    /// Open the explorer and start this guided tour (see `trigger-atlas tours`)
    #[arg(long, value_name = "ID")]
    pub tour: Option<String>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate an atlas; print a summary, or every error with file:line:column
    Check {
        /// The atlas file [default: --atlas, or the shipped atlas]
        path: Option<PathBuf>,
        /// Also check this body art file against the atlas
        #[arg(long, value_name = "BODY.ron")]
        art: Option<PathBuf>,
        /// Also check this muscle art file against the atlas and the body art (every marker
        /// inside its muscle, every shape inside the body)
        #[arg(long, value_name = "MUSCLES.ron")]
        muscles: Option<PathBuf>,
    },
    /// List the muscles: where each is drawn, its layer and its trigger points
    Muscles {
        #[arg(long)]
        json: bool,
    },
    /// List all trigger points
    List {
        #[arg(long)]
        json: bool,
    },
    /// Show one trigger point in full
    Show {
        /// Point id, e.g. upper-trapezius-1
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// List the body regions
    Regions {
        #[arg(long)]
        json: bool,
    },
    /// Rank the trigger points that could refer pain to these regions
    Where {
        /// Region ids, e.g. temple low_back
        #[arg(required = true, value_name = "REGION")]
        regions: Vec<String>,
        /// Only pain on this side of the body
        #[arg(long, value_parser = ["left", "right"])]
        side: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Rank the trigger points whose patterns best explain a pain drawing
    Explain {
        /// The drawing file: `Drawing(strokes: [Stroke(view: Back, radius: 0.012, points: [...])])`
        #[arg(value_name = "DRAWING.ron")]
        drawing: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Client records: list, show, save, rename or delete (kept in the user data folder)
    Records {
        #[command(subcommand)]
        action: RecordsAction,
    },
    /// List the guided tours, with their steps
    Tours {
        #[arg(long)]
        json: bool,
    },
    /// Write a handout (body, zones and notes) as a PDF or a PNG, without opening a window
    Render(RenderArgs),
}

#[derive(Debug, Subcommand)]
pub enum RecordsAction {
    /// Every record, newest first (and any file that cannot be read, with why)
    List {
        #[arg(long)]
        json: bool,
    },
    /// One record in full
    Show {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Save a drawing for a client as a new record (or over `--id`)
    Save {
        /// Name or initials
        #[arg(long)]
        client: String,
        /// The drawing file
        #[arg(long, value_name = "DRAWING.ron")]
        drawing: PathBuf,
        /// A chosen trigger point; repeat for several
        #[arg(long = "point", value_name = "ID[:left|right]")]
        points: Vec<String>,
        /// A short therapist's note
        #[arg(long, default_value = "")]
        note: String,
        /// Save over this record instead of making a new one
        #[arg(long)]
        id: Option<String>,
    },
    /// Give a record a new client name
    Rename { id: String, client: String },
    /// Delete a record (its file goes)
    Delete { id: String },
}

#[derive(Debug, clap::Args)]
pub struct RenderArgs {
    /// Trigger point to show, optionally on one side; repeat to show several
    #[arg(long = "select", value_name = "ID[:left|right]")]
    pub select: Vec<String>,
    /// Mark these regions and list the points that could refer pain there
    #[arg(long = "where", value_name = "REGION[:left|right]", num_args = 1..)]
    pub places: Vec<String>,
    /// A pain drawing: the handout becomes "Your pain drawing", with the points that best
    /// explain it
    #[arg(long, value_name = "DRAWING.ron")]
    pub drawing: Option<PathBuf>,
    /// Which views to draw [default: front and back, and the side views too where a chosen
    /// point's pattern lives on the side]
    #[arg(long, value_parser = ["front", "back", "left", "right", "both", "all", "left-side", "right-side"])]
    pub view: Option<String>,
    /// A booklet of a guided tour: a cover, then a page a step (PDF only)
    #[arg(long, value_name = "ID", conflicts_with_all = ["select", "places", "drawing", "record"])]
    pub tour: Option<String>,
    /// "Your pain drawing" for a client record (see `trigger-atlas records list`)
    #[arg(long, value_name = "ID", conflicts_with_all = ["drawing", "places"])]
    pub record: Option<String>,
    /// The paper [default: the practice profile's, else US Letter]
    #[arg(long, value_parser = ["letter", "a4"])]
    pub paper: Option<String>,
    /// pdf or png [default: from the extension of --out]
    #[arg(long, value_parser = ["pdf", "png"])]
    pub format: Option<String>,
    /// Picture size in pixels, for PNG [default: the paper at 150 dpi]
    #[arg(long, value_name = "WxH")]
    pub size: Option<String>,
    /// The file to write, FILE.pdf or FILE.png (replaced if it exists)
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Fail instead of replacing an existing file
    #[arg(long)]
    pub no_clobber: bool,
    /// Also write a JSON description of where the camera and markers landed (for tests)
    #[arg(long, value_name = "FILE.json")]
    pub manifest: Option<PathBuf>,
}

/// `ID` or `ID:left` / `ID:right`.
pub fn id_and_side(s: &str) -> Result<(String, Option<Side>), String> {
    match s.rsplit_once(':') {
        Some((id, side)) if matches!(side, "left" | "right" | "l" | "r") => {
            Ok((id.to_string(), Some(side.parse()?)))
        }
        _ => Ok((s.to_string(), None)),
    }
}

/// Load the atlas named by `--atlas`, or the shipped one. Returns it with its display name.
pub fn load(path: Option<&PathBuf>) -> Result<(Atlas, String), LoadError> {
    match path {
        Some(p) => atlas::load_path(p).map(|a| (a, p.display().to_string())),
        None => atlas::load_shipped(),
    }
}

fn report_load_error(e: &LoadError) -> u8 {
    eprintln!("{e}");
    match e {
        LoadError::Io { .. } => EXIT_USAGE,
        LoadError::Invalid(_) => EXIT_INVALID,
    }
}

/// Run a subcommand, writing to `out`. Returns the exit code.
pub fn run(cli: &Cli, command: &Command, out: &mut dyn Write) -> u8 {
    if let Command::Render(args) = command {
        return render::render(cli, args);
    }
    let path = match command {
        Command::Check { path: Some(p), .. } => Some(p),
        _ => cli.atlas.as_ref(),
    };
    let (atlas, name) = match load(path) {
        Ok(a) => a,
        Err(e) => return report_load_error(&e),
    };
    let result = match command {
        Command::Check { art, muscles, .. } => writeln!(
            out,
            "{name}: ok: {} trigger points, {} muscles, {} regions, {} sources",
            atlas.points.len(),
            if atlas.muscles.is_empty() {
                atlas.muscle_names().len()
            } else {
                atlas.muscles.len()
            },
            atlas.regions.len(),
            atlas.sources.len()
        )
        .and_then(|_| match art {
            Some(path) => check_art(&atlas, path, out),
            None => Ok(EXIT_OK),
        })
        .and_then(|code| match (code, muscles) {
            (EXIT_OK, Some(path)) => muscles::check(&atlas, &name, art.as_deref(), path, out),
            (code, _) => Ok(code),
        })
        .and_then(|code| match code {
            EXIT_OK => studio::check(cli, &atlas, path.is_some(), out),
            code => Ok(code),
        }),
        Command::Tours { json } => studio::list(cli, &atlas, *json, out),
        Command::Muscles { json } => muscles::list(&atlas, *json, out),
        Command::List { json } => list(&atlas, *json, out),
        Command::Show { id, json } => match atlas.point(id) {
            Some(p) => show(&atlas, p, *json, out),
            None => {
                no_such(
                    "trigger point",
                    id,
                    atlas.points.iter().map(|p| p.id.as_str()),
                    "trigger-atlas list",
                );
                Ok(EXIT_INVALID)
            }
        },
        Command::Regions { json } => regions(&atlas, *json, out),
        Command::Render(_) => unreachable!("handled above"),
        Command::Explain { drawing, json } => explain::explain(&atlas, drawing, *json, out),
        Command::Records { action } => records::records(&atlas, action, out),
        Command::Where {
            regions,
            side,
            json,
        } => {
            let side: Option<Side> = side.as_deref().and_then(|s| s.parse().ok());
            for r in regions {
                if atlas.region(r).is_none() {
                    no_such(
                        "region",
                        r,
                        atlas.regions.iter().map(|r| r.id.as_str()),
                        "trigger-atlas regions",
                    );
                    return EXIT_INVALID;
                }
            }
            let places: Vec<Place> = regions.iter().map(|r| Place::new(r, side)).collect();
            where_(&atlas, &places, *json, out)
        }
    };
    match result {
        Ok(code) => code,
        // A closed pipe (`| head`) is not an error worth a message.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => EXIT_OK,
        Err(e) => {
            eprintln!("error: cannot write output: {e}");
            EXIT_USAGE
        }
    }
}

/// Check body art against the atlas: a summary, or every problem with its line and column.
fn check_art(atlas: &Atlas, path: &std::path::Path, out: &mut dyn Write) -> std::io::Result<u8> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("error: cannot read body art {}: {e}", path.display());
            return Ok(EXIT_USAGE);
        }
    };
    let name = path.display().to_string();
    match crate::atlas::art::parse_art(&name, &bytes, Some(atlas)) {
        Ok(art) => {
            let shapes: usize = art.views.iter().map(|v| v.regions.len()).sum();
            writeln!(
                out,
                "{name}: ok: {} views, {shapes} region shapes",
                art.views.len()
            )?;
            Ok(EXIT_OK)
        }
        Err(d) => {
            eprintln!("{d}");
            Ok(EXIT_INVALID)
        }
    }
}

/// Sides as the JSON names them: "left", "right", or "midline" for a midline point.
pub fn sides_json(sides: &[Option<Side>]) -> Vec<&'static str> {
    sides
        .iter()
        .map(|s| s.map_or("midline", |s| s.as_str()))
        .collect()
}

fn no_such<'a>(what: &str, id: &str, known: impl Iterator<Item = &'a str>, lister: &str) {
    eprint!("error: no {what} `{id}`");
    match suggest(id, known) {
        Some(s) => eprintln!(": did you mean `{s}`?"),
        None => eprintln!("\n  = help: `{lister}` shows them all"),
    }
}

fn point_json(p: &TriggerPoint) -> Value {
    json!({
        "id": p.id,
        "muscle": p.muscle,
        "muscle_id": p.muscle_id,
        "name": p.name,
        "reference": p.reference,
        "essential": p.essential,
        "spillover": p.spillover,
        "verified": p.verified,
        "weight": p.weight,
        "laterality": p.laterality,
        "tags": p.tags,
    })
}

fn list(atlas: &Atlas, as_json: bool, out: &mut dyn Write) -> std::io::Result<u8> {
    if as_json {
        let v: Vec<Value> = atlas.points.iter().map(point_json).collect();
        writeln!(out, "{}", serde_json::to_string_pretty(&v).expect("json"))?;
    } else {
        let width = atlas.points.iter().map(|p| p.id.len()).max().unwrap_or(0);
        for p in &atlas.points {
            writeln!(
                out,
                "{:width$}  {} – {}{}",
                p.id,
                p.muscle,
                p.name,
                if p.verified { "" } else { "  [unverified]" }
            )?;
        }
    }
    Ok(EXIT_OK)
}

fn region_names(atlas: &Atlas, ids: &[String]) -> String {
    ids.iter()
        .map(|id| atlas.region(id).map_or(id.as_str(), |r| r.name.as_str()))
        .collect::<Vec<_>>()
        .join(", ")
}

fn show(
    atlas: &Atlas,
    p: &TriggerPoint,
    as_json: bool,
    out: &mut dyn Write,
) -> std::io::Result<u8> {
    if as_json {
        let mut v = point_json(p);
        let o = v.as_object_mut().expect("object");
        o.insert("location".into(), json!(p.location));
        o.insert("complaints".into(), json!(p.complaints));
        o.insert("note".into(), json!(p.note));
        o.insert("sources".into(), json!(p.sources));
        o.insert("referral".into(), json!(p.referral));
        o.insert("both_sides".into(), json!(p.both_sides));
        o.insert("caveat".into(), json!(p.caveat));
        o.insert("markers".into(), json!(p.markers));
        writeln!(out, "{}", serde_json::to_string_pretty(&v).expect("json"))?;
        return Ok(EXIT_OK);
    }
    writeln!(out, "{} – {}", p.muscle, p.name)?;
    if !p.verified {
        writeln!(out, "[unverified] {}", p.caveat.as_deref().unwrap_or(""))?;
    }
    writeln!(out, "Where:       {}", p.location)?;
    writeln!(out, "Essential:   {}", region_names(atlas, &p.essential))?;
    if !p.spillover.is_empty() {
        writeln!(out, "Spillover:   {}", region_names(atlas, &p.spillover))?;
    }
    writeln!(out, "Complaints:  {}", p.complaints)?;
    writeln!(out, "Self-care:   {}", p.note)?;
    writeln!(out, "Sources:     {}", p.sources.join("; "))?;
    writeln!(out, "Reference:   {}", p.reference.join(", "))?;
    writeln!(out, "\n{}", atlas.disclaimer)?;
    Ok(EXIT_OK)
}

fn regions(atlas: &Atlas, as_json: bool, out: &mut dyn Write) -> std::io::Result<u8> {
    if as_json {
        let v: Vec<Value> = atlas
            .regions
            .iter()
            .map(|r| {
                json!({
                    "id": r.id, "name": r.name, "description": r.description,
                    "group": r.group, "laterality": r.laterality, "views": r.views,
                })
            })
            .collect();
        writeln!(out, "{}", serde_json::to_string_pretty(&v).expect("json"))?;
    } else {
        let width = atlas.regions.iter().map(|r| r.id.len()).max().unwrap_or(0);
        let mut group = "";
        for r in &atlas.regions {
            if r.group != group {
                group = &r.group;
                writeln!(out, "\n{group}")?;
            }
            writeln!(out, "  {:width$}  {}", r.id, r.description)?;
        }
    }
    Ok(EXIT_OK)
}

fn where_(
    atlas: &Atlas,
    places: &[Place],
    as_json: bool,
    out: &mut dyn Write,
) -> std::io::Result<u8> {
    let explainer = match explain::explainer(atlas) {
        Ok(e) => e,
        Err(code) => return Ok(code),
    };
    let found = explainer.rank_places(atlas, places);
    if as_json {
        let v: Vec<Value> = found
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let p = &atlas.points[c.point];
                json!({
                    "rank": i + 1,
                    "id": p.id,
                    "muscle": p.muscle,
                    "name": p.name,
                    "reference": p.reference,
                    "weight": p.weight,
                    "verified": p.verified,
                    "sides": sides_json(&c.sides),
                    "matches": c.matches,
                    "overlaps": c.overlaps,
                    "near": c.near,
                })
            })
            .collect();
        writeln!(out, "{}", serde_json::to_string_pretty(&v).expect("json"))?;
        return Ok(EXIT_OK);
    }
    if found.is_empty() {
        writeln!(out, "No trigger point in the atlas refers pain there.")?;
        return Ok(EXIT_OK);
    }
    for (i, c) in found.iter().enumerate() {
        let p = &atlas.points[c.point];
        let mut how: Vec<String> = c
            .matches
            .iter()
            .map(|m| format!("{} ({})", m.region, m.intensity.as_str()))
            .collect();
        let list = |zones: &[crate::atlas::drawing::ZoneHit]| {
            let mut names: Vec<String> = zones
                .iter()
                .map(|m| format!("{} ({})", m.region, m.intensity.as_str()))
                .collect();
            names.dedup();
            names.join(", ")
        };
        if how.is_empty() && !c.overlaps.is_empty() {
            how.push(format!("overlapping: {}", list(&c.overlaps)));
        } else if how.is_empty() {
            how.push(format!("right next to it: {}", list(&c.near)));
        }
        writeln!(
            out,
            "{:>3}. {} – {}  [{}]  {}",
            i + 1,
            p.muscle,
            p.name,
            p.id,
            how.join(", ")
        )?;
    }
    writeln!(out, "\n{}", atlas.disclaimer)?;
    Ok(EXIT_OK)
}
