//! The body art (`assets/body.ron`): the figure's outline, detail lines and the shape of every
//! region on each view, as smooth curves through control points. Loaded and validated like the
//! atlas, with the same located diagnostics.

use serde::{Deserialize, Serialize};

use crate::atlas::diag::{Diagnostic, Diagnostics, suggest};
use crate::atlas::load::{decode, parse_ron};
use crate::atlas::model::{
    Atlas, DIAGRAM_MAX_X, DIAGRAM_MAX_Y, DIAGRAM_MIN_Y, LOCAL, Laterality, View,
};
use crate::atlas::validate::{Locator, Step};

/// A control point `(x, y)` in fractions of standing height; `x` from the midline toward the
/// person's own side, `y` up from the floor.
pub type Pt = (f32, f32);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BodyArt {
    pub views: Vec<ViewArt>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ViewArt {
    pub view: View,
    /// The left half of the silhouette, from the vertex down the outside and back up the inside
    /// to the crotch; both ends on `x = 0`. Mirrored to make the whole figure.
    pub outline: Vec<Pt>,
    /// Detail strokes: spine, shoulder blades, navel, knee caps...
    #[serde(default)]
    pub lines: Vec<Line>,
    /// Region shapes: closed curves, drawn on the left side and mirrored for bilateral regions.
    #[serde(default)]
    pub regions: Vec<RegionArt>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Line {
    pub points: Vec<Pt>,
    /// Draw on both sides.
    #[serde(default)]
    pub mirror: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegionArt {
    pub region: String,
    pub shape: Vec<Pt>,
}

impl BodyArt {
    /// The art that draws `view` (the right side view is drawn from the left's art).
    pub fn view(&self, view: View) -> Option<&ViewArt> {
        let art = view.art_view();
        self.views.iter().find(|v| v.view == art)
    }
}

impl ViewArt {
    pub fn shapes_of<'a>(&'a self, region: &'a str) -> impl Iterator<Item = &'a RegionArt> + 'a {
        self.regions.iter().filter(move |r| r.region == region)
    }
}

/// The body art that ships with the app, built in like the atlas.
pub const SHIPPED_ART: &str = include_str!("../../../assets/body.ron");

/// `assets/body.ron` beside the executable or a folder above it, or in the source tree.
pub fn find_shipped_art() -> Option<std::path::PathBuf> {
    if let Ok(exe) = std::env::current_exe() {
        for dir in exe.ancestors().skip(1) {
            let p = dir.join("assets").join("body.ron");
            if p.is_file() {
                return Some(p);
            }
        }
    }
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/body.ron");
    p.is_file().then_some(p)
}

/// The shipped body art, from disk where found, else the built-in copy; checked on its own
/// (not against an atlas, which may be another one). Returns it with its display name.
pub fn load_shipped_art() -> Result<(BodyArt, String), crate::atlas::LoadError> {
    let (name, bytes) = match find_shipped_art() {
        Some(p) => {
            let bytes = std::fs::read(&p).map_err(|error| crate::atlas::LoadError::Io {
                path: p.clone(),
                error,
            })?;
            (p.display().to_string(), bytes)
        }
        None => (
            "<built-in body.ron>".to_string(),
            SHIPPED_ART.as_bytes().to_vec(),
        ),
    };
    parse_art(&name, &bytes, None)
        .map(|art| (art, name))
        .map_err(crate::atlas::LoadError::Invalid)
}

/// The muscle art that ships with the app.
pub const SHIPPED_MUSCLES: &str = include_str!("../../../assets/muscles.ron");

/// `assets/muscles.ron` beside the body art that [`find_shipped_art`] finds.
pub fn find_shipped_muscles() -> Option<std::path::PathBuf> {
    let p = find_shipped_art()?.with_file_name("muscles.ron");
    p.is_file().then_some(p)
}

/// Parse and validate body art from raw bytes. With an atlas, region ids are checked against it
/// and every drawable region must have a shape on the views it lists.
pub fn parse_art(file: &str, bytes: &[u8], atlas: Option<&Atlas>) -> Result<BodyArt, Diagnostics> {
    let text = decode(file, bytes)?;
    let art: BodyArt = parse_ron(file, text)?;
    let problems = validate_art(&art, atlas, file, text);
    if problems.is_empty() {
        Ok(art)
    } else {
        Err(Diagnostics(problems))
    }
}

fn check_points(
    loc: &Locator,
    path: &[Step],
    points: &[Pt],
    what: &str,
    out: &mut Vec<Diagnostic>,
) {
    for (i, &(x, y)) in points.iter().enumerate() {
        let mut at = path.to_vec();
        at.push(Step::Index(i));
        if !x.is_finite() || !y.is_finite() {
            out.push(
                loc.error(&at, format!("point {} of {what} is not a number", i + 1))
                    .with_help("write coordinates as plain numbers, e.g. `(0.05, 0.62)`"),
            );
        } else if x.abs() > DIAGRAM_MAX_X || !(DIAGRAM_MIN_Y..=DIAGRAM_MAX_Y).contains(&y) {
            out.push(
                loc.error(&at, format!("point ({x}, {y}) of {what} is outside the diagram"))
                    .with_help(format!(
                        "x runs from -{DIAGRAM_MAX_X} to {DIAGRAM_MAX_X} and y from {DIAGRAM_MIN_Y} to {DIAGRAM_MAX_Y} (fractions of body height)"
                    )),
            );
        }
    }
}

/// Every problem in `art`, in file order.
pub fn validate_art(
    art: &BodyArt,
    atlas: Option<&Atlas>,
    file: &str,
    text: &str,
) -> Vec<Diagnostic> {
    use Step::{Field as F, Index as I};
    let loc = Locator::new(file, text);
    let mut out = Vec::new();
    let mut seen = Vec::new();
    for (v, view) in art.views.iter().enumerate() {
        if seen.contains(&view.view) {
            out.push(
                loc.error(
                    &[F("views"), I(v), F("view")],
                    format!("the {} view is given twice", view.view.as_str()),
                )
                .with_help("keep one `ViewArt` per view"),
            );
        }
        seen.push(view.view);
        let name = view.view.as_str();
        let lateral = view.view.is_lateral();
        if view.view == View::Right {
            out.push(
                loc.error(
                    &[F("views"), I(v), F("view")],
                    "the right side view is drawn from the left one (its mirror image)",
                )
                .with_help("draw the side view once, as `view: Left`, in the lateral frame"),
            );
        }
        if view.outline.len() < 6 {
            out.push(
                loc.error(
                    &[F("views"), I(v), F("outline")],
                    format!("the {name} outline has too few points"),
                )
                .with_help(
                    "the half outline needs at least 6 points, from the vertex to the crotch",
                ),
            );
        } else if !lateral {
            let (first, last) = (view.outline[0], view.outline[view.outline.len() - 1]);
            if first.0.abs() > 1e-4 || last.0.abs() > 1e-4 {
                out.push(
                    loc.error(
                        &[F("views"), I(v), F("outline")],
                        format!(
                            "the {name} half outline must start and end on the midline (x = 0)"
                        ),
                    )
                    .with_help(
                        "start at the vertex `(0.0, 1.0)` and end at the crotch `(0.0, ...)`",
                    ),
                );
            }
        }
        check_points(
            &loc,
            &[F("views"), I(v), F("outline")],
            &view.outline,
            &format!("the {name} outline"),
            &mut out,
        );
        for (l, line) in view.lines.iter().enumerate() {
            if line.points.len() < 2 {
                out.push(loc.error(
                    &[F("views"), I(v), F("lines"), I(l)],
                    format!("line {} of the {name} view has fewer than 2 points", l + 1),
                ));
            }
            check_points(
                &loc,
                &[F("views"), I(v), F("lines"), I(l), F("points")],
                &line.points,
                &format!("line {}", l + 1),
                &mut out,
            );
        }
        for (r, shape) in view.regions.iter().enumerate() {
            let at = [F("views"), I(v), F("regions"), I(r), F("region")];
            if let Some(atlas) = atlas {
                match atlas.region(&shape.region) {
                    None => {
                        let mut d = loc.error(&at, format!("unknown region `{}`", shape.region));
                        if let Some(s) = suggest(&shape.region, atlas.regions.iter().map(|r| r.id.as_str())) {
                            d = d.with_help(format!("did you mean `{s}`?"));
                        }
                        out.push(d);
                    }
                    Some(region)
                        if !view.view.drawn_views().iter().any(|v| region.views.contains(v)) =>
                    {
                        out.push(
                        loc.error(
                            &at,
                            format!("region `{}` has a shape on the {name} view, which the atlas does not list for it", shape.region),
                        )
                        .with_help(format!("add `{:?}` to the region's `views` in the atlas, or remove this shape", view.view)),
                    )
                    }
                    Some(_) => {}
                }
            }
            if shape.shape.len() < 3 {
                out.push(
                    loc.error(
                        &[F("views"), I(v), F("regions"), I(r), F("shape")],
                        format!("the shape of `{}` has fewer than 3 points", shape.region),
                    )
                    .with_help("a region is a closed curve through at least 3 points"),
                );
            }
            check_points(
                &loc,
                &[F("views"), I(v), F("regions"), I(r), F("shape")],
                &shape.shape,
                &format!("region `{}`", shape.region),
                &mut out,
            );
            if let Some(region) = atlas.and_then(|a| a.region(&shape.region))
                && !lateral
                && region.laterality == Laterality::Bilateral
                && shape.shape.iter().any(|p| p.0 < -1e-4)
            {
                out.push(
                    loc.error(
                        &[F("views"), I(v), F("regions"), I(r), F("shape")],
                        format!(
                            "bilateral region `{}` is drawn across the midline",
                            shape.region
                        ),
                    )
                    .with_help("draw the left side only (x >= 0); the app mirrors it"),
                );
            }
        }
    }
    if let Some(atlas) = atlas {
        for region in &atlas.regions {
            if region.id == LOCAL {
                continue;
            }
            for view in &region.views {
                let drawn = art
                    .view(*view)
                    .is_some_and(|v| v.shapes_of(&region.id).next().is_some());
                if !drawn {
                    out.push(
                        loc.error(
                            &[F("views")],
                            format!(
                                "region `{}` has no shape on the {} view",
                                region.id,
                                view.as_str()
                            ),
                        )
                        .with_help("add a `RegionArt` for it to that view"),
                    );
                }
            }
        }
    }
    out.sort_by_key(|d| d.location);
    out
}
