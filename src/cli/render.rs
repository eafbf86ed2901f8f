//! `trigger-atlas render`: a handout as a PDF (from the core's layout, no renderer) or a PNG
//! (drawn by the explorer's headless renderer around the same layout).

use super::pdf::{Wanted, render_pdf};
use super::{Cli, EXIT_INVALID, EXIT_USAGE, RenderArgs};
use crate::atlas::Place;

/// The format: `--format`, else the extension of `--out`.
fn format(args: &RenderArgs) -> Result<&'static str, String> {
    match args.format.as_deref() {
        Some("pdf") => return Ok("pdf"),
        Some(_) => return Ok("png"),
        None => {}
    }
    match args
        .out
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .as_deref()
    {
        Some("pdf") => Ok("pdf"),
        Some("png") => Ok("png"),
        _ => Err(format!(
            "cannot tell the format of {}: name it FILE.pdf or FILE.png, or add --format pdf|png",
            args.out.display()
        )),
    }
}

/// What the arguments ask to show.
fn wanted(args: &RenderArgs) -> Result<Wanted, u8> {
    let usage = |e: String| {
        eprintln!("error: {e}");
        EXIT_USAGE
    };
    let select = args
        .select
        .iter()
        .map(|s| super::id_and_side(s))
        .collect::<Result<Vec<_>, _>>()
        .map_err(usage)?;
    let places = args
        .places
        .iter()
        .map(|s| super::id_and_side(s).map(|(r, side)| Place::new(r, side)))
        .collect::<Result<Vec<_>, _>>()
        .map_err(usage)?;
    if let Some(id) = &args.record {
        let mut w = super::pdf::record(id)?;
        if !select.is_empty() {
            w.select = select;
        }
        return Ok(w);
    }
    let drawing = match &args.drawing {
        None => None,
        Some(path) => {
            let bytes = std::fs::read(path).map_err(|e| {
                eprintln!("error: cannot read the drawing {}: {e}", path.display());
                EXIT_USAGE
            })?;
            Some(
                crate::atlas::drawing::parse_drawing(&path.display().to_string(), &bytes).map_err(
                    |e| {
                        eprintln!("{e}");
                        EXIT_INVALID
                    },
                )?,
            )
        }
    };
    Ok(Wanted {
        select,
        places,
        drawing,
        prepared_for: None,
    })
}

pub fn render(cli: &Cli, args: &RenderArgs) -> u8 {
    let format = match format(args) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_USAGE;
        }
    };
    let wanted = match wanted(args) {
        Ok(w) => w,
        Err(code) => return code,
    };
    if format == "pdf" {
        return render_pdf(cli, args, wanted);
    }
    if args.tour.is_some() {
        eprintln!(
            "error: a tour's booklet has a page a step, so it is a PDF\n  = help: write it with --out {}",
            args.out.with_extension("pdf").display()
        );
        return EXIT_USAGE;
    }
    render_png(cli, args, wanted)
}

#[cfg(feature = "explorer")]
fn render_png(cli: &Cli, args: &RenderArgs, wanted: Wanted) -> u8 {
    use crate::explorer::headless::{self, Request, parse_size};
    use crate::explorer::state::ViewMode;
    let mut paths = crate::explorer::DataPaths::shipped();
    if let Some(a) = &cli.atlas {
        paths.atlas = Some(std::path::absolute(a).unwrap_or_else(|_| a.clone()));
    }
    let practice = match super::studio::practice(cli) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let paper = super::pdf::paper(args, practice.as_ref());
    let size = match &args.size {
        Some(s) => match parse_size(s) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("error: {e}");
                return EXIT_USAGE;
            }
        },
        None => headless::paper_pixels(paper),
    };
    // By default the side views join the front and back where a chosen point has a marker on
    // the side (its pattern lives there).
    let view = match &args.view {
        Some(v) => ViewMode::parse(v).unwrap_or(ViewMode::Both),
        None => super::load(cli.atlas.as_ref())
            .ok()
            .and_then(|(atlas, _)| {
                crate::atlas::page::handout::side_view_for(&atlas, &wanted.select)
            })
            .map_or(ViewMode::Both, ViewMode::WithSide),
    };
    headless::run(Request {
        paths,
        select: wanted.select,
        places: wanted.places,
        drawing: wanted.drawing,
        prepared_for: wanted.prepared_for,
        practice,
        view,
        size,
        out: args.out.clone(),
        clobber: !args.no_clobber,
        manifest: args.manifest.clone(),
    })
}

#[cfg(not(feature = "explorer"))]
fn render_png(_cli: &Cli, _args: &RenderArgs, _wanted: Wanted) -> u8 {
    eprintln!(
        "error: this build has no renderer for PNG (built without the `explorer` feature)\n  = help: write a PDF instead: --out FILE.pdf"
    );
    EXIT_USAGE
}
