//! `trigger-atlas render ... --out FILE.pdf`: a vector handout written from the core's layout
//! and geometry, with no renderer and no graphics adapter; and booklets of a tour or a record.

use crate::atlas::art::load_shipped_art;
use crate::atlas::diag::suggest;
use crate::atlas::drawing::Drawing;
use crate::atlas::page::handout::{
    HandoutInput, default_views, handout_page, tour_booklet, unknown_ids,
};
use crate::atlas::page::{Inks, pdf::write_pdf};
use crate::atlas::records::{RecordError, RecordStore};
use crate::atlas::studio::Paper;
use crate::atlas::{Place, Side, View};

use super::{Cli, EXIT_INVALID, EXIT_OK, EXIT_USAGE, RenderArgs};

/// What a handout is of, from the arguments.
pub struct Wanted {
    pub select: Vec<(String, Option<Side>)>,
    pub places: Vec<Place>,
    pub drawing: Option<Drawing>,
    pub prepared_for: Option<String>,
}

fn fail(code: u8, message: impl std::fmt::Display) -> u8 {
    eprintln!("{message}");
    code
}

/// The views `--view` names.
pub fn views_of(name: &str) -> Option<Vec<View>> {
    Some(match name {
        "front" => vec![View::Front],
        "back" => vec![View::Back],
        "left" => vec![View::Left],
        "right" => vec![View::Right],
        "both" => vec![View::Front, View::Back],
        "all" => View::ALL.to_vec(),
        "left-side" => vec![View::Left, View::Front, View::Back],
        "right-side" => vec![View::Right, View::Front, View::Back],
        _ => return None,
    })
}

/// The paper: `--paper`, else the practice's, else US Letter.
pub fn paper(args: &RenderArgs, practice: Option<&crate::atlas::studio::Practice>) -> Paper {
    args.paper
        .as_deref()
        .and_then(Paper::parse)
        .or_else(|| practice.and_then(|p| p.paper))
        .unwrap_or_default()
}

/// A record's drawing and chosen points, for `--record ID`.
pub fn record(id: &str) -> Result<Wanted, u8> {
    let Some(store) = RecordStore::open_default() else {
        return Err(fail(
            EXIT_USAGE,
            "error: this system has no user data folder for records (set TRIGGER_ATLAS_RECORDS)",
        ));
    };
    match store.load(id) {
        Ok(r) => Ok(Wanted {
            select: r.points.iter().map(|c| (c.id.clone(), c.side)).collect(),
            places: Vec::new(),
            prepared_for: Some(format!("Prepared for {} on {}", r.client, r.date)),
            drawing: Some(r.drawing),
        }),
        Err(RecordError::NotFound(_)) => {
            let (list, _) = store.list();
            let ids: Vec<&str> = list.iter().map(|s| s.id.as_str()).collect();
            eprint!("error: no client record `{id}`");
            match suggest(id, ids.iter().copied()) {
                Some(s) => eprintln!(": did you mean `{s}`?"),
                None => eprintln!("\n  = help: `trigger-atlas records list` shows them all"),
            }
            Err(EXIT_INVALID)
        }
        Err(e) => Err(super::records::report(&e)),
    }
}

/// Write the handout (or booklet) as a PDF.
pub fn render_pdf(cli: &Cli, args: &RenderArgs, wanted: Wanted) -> u8 {
    let (atlas, _) = match super::load(cli.atlas.as_ref()) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("{e}");
            return match e {
                crate::atlas::LoadError::Io { .. } => EXIT_USAGE,
                crate::atlas::LoadError::Invalid(_) => EXIT_INVALID,
            };
        }
    };
    if let Some(m) = unknown_ids(&atlas, &wanted.select, &wanted.places) {
        return fail(EXIT_INVALID, m);
    }
    let art = match load_shipped_art() {
        Ok((a, _)) => a,
        Err(e) => return fail(EXIT_INVALID, e),
    };
    let muscles = super::muscles::shipped(&atlas, None).ok();
    let practice = match super::studio::practice(cli) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let tour = match &args.tour {
        None => None,
        Some(id) => {
            let tours = match super::studio::tours(cli, &atlas) {
                Ok((t, _)) => t,
                Err(code) => return code,
            };
            match tours.get(id) {
                Some(t) => Some(t.clone()),
                None => {
                    return fail(
                        EXIT_INVALID,
                        format!(
                            "error: {}\n  = help: `trigger-atlas tours` lists them",
                            tours.unknown(id)
                        ),
                    );
                }
            }
        }
    };
    if let Err(m) = crate::atlas::files::writable_folder(&args.out) {
        return fail(EXIT_USAGE, m);
    }
    let (width, height) = paper(args, practice.as_ref()).size_pt();
    let mut input = HandoutInput::new(&atlas, &art);
    input.muscles = muscles.as_ref();
    input.practice = practice.as_ref();
    input.select = wanted.select.clone();
    input.places = wanted.places.clone();
    input.drawing = wanted.drawing.as_ref();
    input.prepared_for = wanted.prepared_for.clone();
    input.inks = Inks::STANDARD;
    input.views = match args.view.as_deref().and_then(views_of) {
        Some(v) => v,
        None => default_views(&atlas, &wanted.select),
    };
    let (pages, title) = match &tour {
        Some(t) => (
            tour_booklet(&input, t, width, height).pages,
            t.title.clone(),
        ),
        None => {
            let page = handout_page(&input, width, height);
            let title = page
                .text()
                .lines()
                .nth(if practice.is_some() { 1 } else { 0 })
                .unwrap_or("Trigger Atlas handout")
                .to_string();
            (vec![page], title)
        }
    };
    let bytes = match write_pdf(&pages, &title, input.inks.spillover) {
        Ok(b) => b,
        Err(e) => return fail(EXIT_USAGE, format!("error: {e}")),
    };
    if let Err(e) =
        crate::atlas::files::write_atomically(&args.out, !args.no_clobber, |w| w.write_all(&bytes))
    {
        let why = if e.kind() == std::io::ErrorKind::AlreadyExists {
            "it exists already (leave out --no-clobber to replace it)".to_string()
        } else {
            e.to_string()
        };
        return fail(
            EXIT_USAGE,
            format!("error: cannot write {}: {why}", args.out.display()),
        );
    }
    println!("{}", args.out.display());
    EXIT_OK
}
