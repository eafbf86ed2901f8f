//! `trigger-atlas render`: the handout picture, drawn by the explorer's headless renderer.

use super::{Cli, EXIT_USAGE, RenderArgs};

#[cfg(feature = "explorer")]
pub fn render(cli: &Cli, args: &RenderArgs) -> u8 {
    use crate::atlas::Place;
    use crate::explorer::headless::{self, Request, parse_size};
    use crate::explorer::state::ViewMode;
    let mut paths = crate::explorer::DataPaths::shipped();
    if let Some(a) = &cli.atlas {
        paths.atlas = Some(std::path::absolute(a).unwrap_or_else(|_| a.clone()));
    }
    let parsed: Result<(Vec<_>, Vec<_>, (u32, u32)), String> = (|| {
        let select = args
            .select
            .iter()
            .map(|s| super::id_and_side(s))
            .collect::<Result<Vec<_>, _>>()?;
        let places = args
            .places
            .iter()
            .map(|s| super::id_and_side(s).map(|(r, side)| Place::new(r, side)))
            .collect::<Result<Vec<_>, _>>()?;
        Ok((select, places, parse_size(&args.size)?))
    })();
    let (select, places, size) = match parsed {
        Ok(p) => p,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_USAGE;
        }
    };
    let drawing = match &args.drawing {
        None => None,
        Some(path) => {
            let bytes = match std::fs::read(path) {
                Ok(b) => b,
                Err(e) => {
                    eprintln!("error: cannot read the drawing {}: {e}", path.display());
                    return EXIT_USAGE;
                }
            };
            match crate::atlas::drawing::parse_drawing(&path.display().to_string(), &bytes) {
                Ok(d) => Some(d),
                Err(e) => {
                    eprintln!("{e}");
                    return super::EXIT_INVALID;
                }
            }
        }
    };
    // By default the side views join the front and back where a chosen point has a marker on
    // the side (its pattern lives there).
    let view = match &args.view {
        Some(v) => ViewMode::parse(v).unwrap_or(ViewMode::Both),
        None => {
            // The side of the first chosen point that has a side-view marker.
            let side = super::load(cli.atlas.as_ref()).ok().and_then(|(atlas, _)| {
                select.iter().find_map(|(id, side)| {
                    atlas
                        .point(id)
                        .filter(|p| p.marker(crate::atlas::View::Left).is_some())
                        .map(|_| *side)
                })
            });
            match side {
                Some(Some(crate::atlas::Side::Right)) => {
                    ViewMode::WithSide(crate::atlas::View::Right)
                }
                Some(_) => ViewMode::WithSide(crate::atlas::View::Left),
                None => ViewMode::Both,
            }
        }
    };
    headless::run(Request {
        paths,
        select,
        places,
        drawing,
        view,
        size,
        out: args.out.clone(),
        clobber: !args.no_clobber,
        manifest: args.manifest.clone(),
    })
}

#[cfg(not(feature = "explorer"))]
pub fn render(_cli: &Cli, _args: &RenderArgs) -> u8 {
    eprintln!("error: this build has no renderer (built without the `explorer` feature)");
    EXIT_USAGE
}
