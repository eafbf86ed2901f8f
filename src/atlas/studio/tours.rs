//! Guided tours: short stories for clients, a step at a time. Each step can select trigger
//! points (with a side), mark places, choose a view and a zoom, and carries a title and a
//! narration in plain words.
//!
//! ```text
//! Tours(tours: [
//!     Tour(id: "low-back", title: "Low back pain: the usual suspects", summary: "…", steps: [
//!         Step(title: "It doesn't hurt over there", narration: "…",
//!              select: ["ql-superficial:right"], mark: ["low_back:right"],
//!              view: Back, zoom: 1.6, focus: (0.0, 0.55)),
//!     ]),
//! ])
//! ```

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::atlas::diag::{Diagnostic, Diagnostics, suggest};
use crate::atlas::load::{decode, parse_ron_with};
use crate::atlas::model::{Atlas, DIAGRAM_MAX_X, DIAGRAM_MAX_Y, DIAGRAM_MIN_Y, Laterality, Side};
use crate::atlas::validate::{Locator, Step};
use crate::atlas::{LoadError, Place};

/// The tours that ship with the app, built in so that the binary works from anywhere.
pub const SHIPPED_TOURS: &str = include_str!("../../../data/tours.ron");

/// The most a step may zoom in.
pub const MAX_ZOOM: f32 = 6.0;
/// The longest narration, in characters: a step is read on a screen, not a page.
pub const MAX_NARRATION: usize = 600;

/// All the tours of the file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tours {
    pub tours: Vec<Tour>,
}

/// One guided tour.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tour {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub summary: String,
    pub steps: Vec<TourStep>,
}

/// The views a step can show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TourView {
    Front,
    Back,
    Left,
    Right,
    /// Front and back side by side.
    Both,
}

impl TourView {
    pub fn as_str(self) -> &'static str {
        match self {
            TourView::Front => "front",
            TourView::Back => "back",
            TourView::Left => "left",
            TourView::Right => "right",
            TourView::Both => "both",
        }
    }
}

/// One step of a tour.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Step")]
pub struct TourStep {
    pub title: String,
    pub narration: String,
    /// Trigger point ids, each as `id`, `id:left` or `id:right`.
    #[serde(default)]
    pub select: Vec<String>,
    /// Places where it hurts: region ids, each as `region`, `region:left` or `region:right`.
    #[serde(default)]
    pub mark: Vec<String>,
    #[serde(default)]
    pub view: Option<TourView>,
    /// 1 shows the whole view; more zooms in on `focus`.
    #[serde(default)]
    pub zoom: Option<f32>,
    /// Where to centre a zoomed view, in the art's coordinates.
    #[serde(default)]
    pub focus: Option<(f32, f32)>,
}

/// `id`, `id:left` or `id:right`; an unknown suffix is an error.
pub fn split_side(s: &str) -> Result<(&str, Option<Side>), String> {
    match s.rsplit_once(':') {
        None => Ok((s, None)),
        Some((id, "left")) => Ok((id, Some(Side::Left))),
        Some((id, "right")) => Ok((id, Some(Side::Right))),
        Some((_, other)) => Err(other.to_string()),
    }
}

impl TourStep {
    /// The selected points with their sides (entries that do not parse are left out; a
    /// validated tour has none).
    pub fn selections(&self) -> Vec<(String, Option<Side>)> {
        self.select
            .iter()
            .filter_map(|s| split_side(s).ok())
            .map(|(id, side)| (id.to_string(), side))
            .collect()
    }

    /// The marked places.
    pub fn places(&self) -> Vec<Place> {
        self.mark
            .iter()
            .filter_map(|s| split_side(s).ok())
            .map(|(id, side)| Place::new(id, side))
            .collect()
    }

    pub fn zoom(&self) -> f32 {
        self.zoom.unwrap_or(1.0)
    }
}

impl Tours {
    pub fn get(&self, id: &str) -> Option<&Tour> {
        self.tours.iter().find(|t| t.id == id)
    }

    pub fn ids(&self) -> Vec<&str> {
        self.tours.iter().map(|t| t.id.as_str()).collect()
    }

    /// The message for an unknown tour id, with the nearest known one.
    pub fn unknown(&self, id: &str) -> String {
        match suggest(id, self.ids()) {
            Some(s) => format!("there is no tour `{id}`; did you mean `{s}`?"),
            None => format!(
                "there is no tour `{id}`; the tours are: {}",
                self.ids().join(", ")
            ),
        }
    }
}

/// Parse and check a tours file against `atlas`.
pub fn parse_tours(file: &str, bytes: &[u8], atlas: &Atlas) -> Result<Tours, Diagnostics> {
    let text = decode(file, bytes)?;
    let tours: Tours = parse_ron_with(file, text, ron::extensions::Extensions::IMPLICIT_SOME)?;
    let problems = validate_tours(&tours, atlas, file, text);
    if problems.is_empty() {
        Ok(tours)
    } else {
        Err(Diagnostics(problems))
    }
}

fn is_kebab(id: &str) -> bool {
    id.bytes().next().is_some_and(|b| b.is_ascii_lowercase())
        && !id.ends_with('-')
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Every problem of tours that parsed, in file order.
pub fn validate_tours(tours: &Tours, atlas: &Atlas, file: &str, text: &str) -> Vec<Diagnostic> {
    use Step::{Field as F, Index as I};
    let loc = Locator::new(file, text);
    let mut out = Vec::new();
    if tours.tours.is_empty() {
        out.push(
            loc.error(&[F("tours")], "there are no tours")
                .with_help("add at least one `Tour(id: ..., title: ..., steps: [...])`"),
        );
    }
    let mut seen = HashSet::new();
    let point_ids: Vec<&str> = atlas.points.iter().map(|p| p.id.as_str()).collect();
    let region_ids: Vec<&str> = atlas.regions.iter().map(|r| r.id.as_str()).collect();
    for (t, tour) in tours.tours.iter().enumerate() {
        let at = |extra: &[Step<'static>]| {
            let mut p = vec![F("tours"), I(t)];
            p.extend_from_slice(extra);
            p
        };
        if !is_kebab(&tour.id) {
            out.push(
                loc.error(
                    &at(&[F("id")]),
                    format!("tour id `{}` is not in kebab-case", tour.id),
                )
                .with_help("use lower-case words joined by `-`, e.g. `low-back`"),
            );
        } else if !seen.insert(tour.id.as_str()) {
            out.push(
                loc.error(
                    &at(&[F("id")]),
                    format!("tour id `{}` is used twice", tour.id),
                )
                .with_help("give each tour its own id"),
            );
        }
        if tour.title.trim().is_empty() {
            out.push(
                loc.error(
                    &at(&[F("title")]),
                    format!("tour `{}` has no title", tour.id),
                )
                .with_help("a title in plain words, e.g. \"Low back pain: the usual suspects\""),
            );
        }
        if tour.steps.is_empty() {
            out.push(
                loc.error(
                    &at(&[F("steps")]),
                    format!("tour `{}` has no steps", tour.id),
                )
                .with_help("add at least one `Step(title: ..., narration: ...)`"),
            );
        }
        for (s, step) in tour.steps.iter().enumerate() {
            let here = |extra: &[Step<'static>]| {
                let mut p = at(&[F("steps"), I(s)]);
                p.extend_from_slice(extra);
                p
            };
            let n = s + 1;
            if step.title.trim().is_empty() {
                out.push(
                    loc.error(
                        &here(&[F("title")]),
                        format!("step {n} of `{}` has no title", tour.id),
                    )
                    .with_help("a short caption, e.g. \"It doesn't hurt over there\""),
                );
            }
            if step.narration.trim().is_empty() {
                out.push(
                    loc.error(
                        &here(&[F("narration")]),
                        format!("step {n} of `{}` has no narration", tour.id),
                    )
                    .with_help("two or three short sentences in plain words"),
                );
            } else if step.narration.chars().count() > MAX_NARRATION {
                out.push(
                    loc.error(&here(&[F("narration")]), format!("the narration of step {n} of `{}` is longer than {MAX_NARRATION} characters", tour.id))
                        .with_help("a step is read on a screen: split it into two steps"),
                );
            }
            for (k, entry) in step.select.iter().enumerate() {
                let spot = here(&[F("select"), I(k)]);
                match split_side(entry) {
                    Err(side) => out.push(
                        loc.error(&spot, format!("`{side}` is not a side"))
                            .with_help("write `id`, `id:left` or `id:right`"),
                    ),
                    Ok((id, side)) => match atlas.point(id) {
                        None => out.push(
                            loc.error(&spot, format!("unknown trigger point `{id}`"))
                                .with_help(match suggest(id, point_ids.iter().copied()) {
                                    Some(s) => format!(
                                        "did you mean `{s}`? (`trigger-atlas list` shows every id)"
                                    ),
                                    None => "`trigger-atlas list` shows every id".into(),
                                }),
                        ),
                        Some(p) if side.is_some() && p.laterality == Laterality::Midline => out
                            .push(
                                loc.error(
                                    &spot,
                                    format!("`{id}` is on the midline and has no side"),
                                )
                                .with_help(format!("write just \"{id}\"")),
                            ),
                        Some(_) => {}
                    },
                }
            }
            for (k, entry) in step.mark.iter().enumerate() {
                let spot = here(&[F("mark"), I(k)]);
                match split_side(entry) {
                    Err(side) => out.push(
                        loc.error(&spot, format!("`{side}` is not a side"))
                            .with_help("write `region`, `region:left` or `region:right`"),
                    ),
                    Ok((id, _)) if atlas.region(id).is_none() => out.push(
                        loc.error(&spot, format!("unknown region `{id}`"))
                            .with_help(match suggest(id, region_ids.iter().copied()) {
                                Some(s) => format!(
                                    "did you mean `{s}`? (`trigger-atlas regions` lists them)"
                                ),
                                None => "`trigger-atlas regions` lists them".into(),
                            }),
                    ),
                    Ok(_) => {}
                }
            }
            if let Some(z) = step.zoom
                && !(z.is_finite() && (1.0..=MAX_ZOOM).contains(&z))
            {
                out.push(
                    loc.error(
                        &here(&[F("zoom")]),
                        format!("zoom {z} of step {n} is out of range"),
                    )
                    .with_help(format!("use 1 (the whole body) to {MAX_ZOOM}")),
                );
            }
            if let Some((x, y)) = step.focus
                && !(x.is_finite()
                    && y.is_finite()
                    && x.abs() <= DIAGRAM_MAX_X
                    && (DIAGRAM_MIN_Y..=DIAGRAM_MAX_Y).contains(&y))
            {
                out.push(
                    loc.error(&here(&[F("focus")]), format!("focus ({x}, {y}) of step {n} is outside the body"))
                        .with_help("x and y are fractions of body height, as in assets/body.ron: y 0 at the floor, 1 at the crown"),
                );
            }
        }
    }
    out.sort_by_key(|d| d.location);
    out
}

/// Where the shipped tours live on disk: beside the shipped atlas.
pub fn find_shipped_tours() -> Option<PathBuf> {
    crate::atlas::load::find_shipped_atlas()
        .and_then(|a| a.parent().map(|d| d.join("tours.ron")))
        .filter(|p| p.is_file())
}

/// Read and check the tours at `path`.
pub fn load_tours(path: &Path, atlas: &Atlas) -> Result<Tours, LoadError> {
    let bytes = std::fs::read(path).map_err(|error| LoadError::Io {
        path: path.to_path_buf(),
        error,
    })?;
    parse_tours(&path.display().to_string(), &bytes, atlas).map_err(LoadError::Invalid)
}

/// The shipped tours: from disk where found (so edits show), else the built-in copy.
pub fn load_shipped_tours(atlas: &Atlas) -> Result<(Tours, String), LoadError> {
    match find_shipped_tours() {
        Some(p) => load_tours(&p, atlas).map(|t| (t, p.display().to_string())),
        None => parse_tours("<built-in tours.ron>", SHIPPED_TOURS.as_bytes(), atlas)
            .map(|t| (t, "<built-in tours.ron>".to_string()))
            .map_err(LoadError::Invalid),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn atlas() -> Atlas {
        crate::atlas::parse_atlas("atlas.ron", crate::atlas::load::SHIPPED_ATLAS.as_bytes())
            .unwrap()
    }

    #[test]
    fn a_minimal_tour_reads_with_defaults() {
        let text = r#"Tours(tours: [Tour(id: "t", title: "T", steps: [
            Step(title: "One", narration: "Hello.", select: ["upper-trapezius-1:left"], view: Back, focus: (0.1, 0.8)),
        ])])"#;
        let tours = parse_tours("tours.ron", text.as_bytes(), &atlas()).unwrap();
        let step = &tours.get("t").unwrap().steps[0];
        assert_eq!(
            step.selections(),
            vec![("upper-trapezius-1".to_string(), Some(Side::Left))]
        );
        assert_eq!(step.view, Some(TourView::Back));
        assert_eq!(step.zoom(), 1.0);
        assert_eq!(step.focus, Some((0.1, 0.8)));
    }

    #[test]
    fn bad_ids_sides_and_empty_tours_are_located() {
        let text = "Tours(tours: [\n  Tour(id: \"t\", title: \"T\", steps: [\n    Step(title: \"A\", narration: \"B\", select: [\"upper-trapezius-l:left\", \"upper-trapezius-1:up\"], mark: [\"low_bak\"]),\n  ]),\n  Tour(id: \"e\", title: \"E\", steps: []),\n])";
        let e = parse_tours("tours.ron", text.as_bytes(), &atlas()).unwrap_err();
        let all = e.to_string();
        assert!(
            all.contains("tours.ron:3:47: unknown trigger point `upper-trapezius-l`"),
            "{all}"
        );
        assert!(all.contains("did you mean `upper-trapezius-1`"), "{all}");
        assert!(all.contains("`up` is not a side"), "{all}");
        assert!(all.contains("unknown region `low_bak`"), "{all}");
        assert!(all.contains("tours.ron:5:"), "{all}");
        assert!(all.contains("tour `e` has no steps"), "{all}");
    }
}
