//! Pain drawings: where a client says it hurts, painted on the body, and the trigger points
//! whose usual patterns explain it.
//!
//! `raster` puts region shapes, the body outline and brush strokes on one fine grid per view;
//! `explain` scores every point of the atlas against a drawing in one pass.
//!
//! A drawing file is RON, readable and writable by tools:
//!
//! ```text
//! Drawing(strokes: [
//!     Stroke(view: Back, radius: 0.012, points: [(0.012, 0.605), (0.03, 0.6), (0.04, 0.58)]),
//! ])
//! ```
//!
//! Coordinates are those of `assets/body.ron`: fractions of standing height, `y` up from the
//! floor, and `x` **signed**, positive toward the person's left, negative toward the right. On
//! the side views (`Left`, `Right`) `x` is that of the side art: the lateral frame, from the
//! plumb line through the ear canal, positive toward the front of the body.
//! `radius` is in the same units. A stroke with `erase: true` rubs out what the strokes before
//! it painted.

pub mod explain;
pub mod raster;

use serde::{Deserialize, Serialize};

use crate::atlas::diag::{Diagnostic, Diagnostics};
use crate::atlas::load::{decode, parse_ron};
use crate::atlas::model::{DIAGRAM_MAX_X, DIAGRAM_MAX_Y, DIAGRAM_MIN_Y, View};
use crate::atlas::validate::{Locator, Step};

pub use explain::{Candidate, Explainer, Explanation, PlaceCandidate, Reason, Together, ZoneHit};

/// The smallest and largest brush radius, in fractions of height (about 3 mm and 26 cm).
pub const MIN_RADIUS: f32 = 0.002;
pub const MAX_RADIUS: f32 = 0.15;
/// The radius of a tap: a small dab.
pub const TAP_RADIUS: f32 = 0.012;
/// At most this many points in all strokes together.
pub const MAX_POINTS: usize = 200_000;

/// The view a stroke was painted on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum StrokeView {
    Front,
    Back,
    Left,
    Right,
}

impl StrokeView {
    /// The view of the diagram the stroke is on.
    pub fn view(self) -> Option<View> {
        Some(match self {
            StrokeView::Front => View::Front,
            StrokeView::Back => View::Back,
            StrokeView::Left => View::Left,
            StrokeView::Right => View::Right,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            StrokeView::Front => "front",
            StrokeView::Back => "back",
            StrokeView::Left => "left",
            StrokeView::Right => "right",
        }
    }
}

impl From<View> for StrokeView {
    fn from(v: View) -> Self {
        match v {
            View::Front => StrokeView::Front,
            View::Back => StrokeView::Back,
            View::Left => StrokeView::Left,
            View::Right => StrokeView::Right,
        }
    }
}

/// A pain drawing: brush strokes on the views of the body, in the order they were painted.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Drawing {
    pub strokes: Vec<Stroke>,
}

/// One brush stroke: a round brush of `radius` dragged through `points`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stroke {
    pub view: StrokeView,
    pub radius: f32,
    pub points: Vec<(f32, f32)>,
    /// An eraser stroke: it removes paint instead of adding it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub erase: bool,
}

impl Drawing {
    /// A drawing of one tap: a dab of [`TAP_RADIUS`] at `at`.
    pub fn tap(view: StrokeView, at: (f32, f32)) -> Self {
        Drawing {
            strokes: vec![Stroke {
                view,
                radius: TAP_RADIUS,
                points: vec![at],
                erase: false,
            }],
        }
    }

    pub fn is_empty(&self) -> bool {
        !self
            .strokes
            .iter()
            .any(|s| !s.erase && !s.points.is_empty())
    }

    /// The drawing as RON text, in the documented format.
    pub fn to_ron(&self) -> String {
        let mut out = String::from("Drawing(strokes: [\n");
        for s in &self.strokes {
            let points: Vec<String> = s
                .points
                .iter()
                .map(|(x, y)| format!("({x}, {y})"))
                .collect();
            out.push_str(&format!(
                "    Stroke(view: {:?}, radius: {}, points: [{}]{}),\n",
                s.view,
                s.radius,
                points.join(", "),
                if s.erase { ", erase: true" } else { "" }
            ));
        }
        out.push_str("])\n");
        out
    }
}

/// Parse and check a drawing file. Every problem is reported with its line and column.
pub fn parse_drawing(file: &str, bytes: &[u8]) -> Result<Drawing, Diagnostics> {
    let text = decode(file, bytes)?;
    let drawing: Drawing = parse_ron(file, text)?;
    let problems = validate_drawing(&drawing, file, text);
    if problems.is_empty() {
        Ok(drawing)
    } else {
        Err(Diagnostics(problems))
    }
}

/// Every problem of a drawing that parsed, in file order.
pub fn validate_drawing(drawing: &Drawing, file: &str, text: &str) -> Vec<Diagnostic> {
    validate_drawing_at(drawing, &Locator::new(file, text), &[])
}

/// [`validate_drawing`] for a drawing embedded at `at` in a larger file (a client record).
pub fn validate_drawing_at(drawing: &Drawing, loc: &Locator, at: &[Step]) -> Vec<Diagnostic> {
    use Step::{Field as F, Index as I};
    let mut out = Vec::new();
    let path = |extra: &[Step<'static>]| -> Vec<Step<'_>> {
        let mut p: Vec<Step> = at.to_vec();
        p.extend_from_slice(extra);
        p
    };
    let total: usize = drawing.strokes.iter().map(|s| s.points.len()).sum();
    if total > MAX_POINTS {
        out.push(
            loc.error(
                &path(&[F("strokes")]),
                format!("the drawing has {total} points, more than the {MAX_POINTS} allowed"),
            )
            .with_help(
                "a drawing this large is not a pain drawing: check that this is the right file",
            ),
        );
    }
    for (s, stroke) in drawing.strokes.iter().enumerate() {
        if !(stroke.radius.is_finite() && (MIN_RADIUS..=MAX_RADIUS).contains(&stroke.radius)) {
            out.push(
                loc.error(
                    &path(&[F("strokes"), I(s), F("radius")]),
                    format!("brush radius {} of stroke {} is out of range", stroke.radius, s + 1),
                )
                .with_help(format!(
                    "use a radius from {MIN_RADIUS} to {MAX_RADIUS} (fractions of body height; a tap is {TAP_RADIUS})"
                )),
            );
        }
        if stroke.points.is_empty() {
            out.push(
                loc.error(
                    &path(&[F("strokes"), I(s), F("points")]),
                    format!("stroke {} has no points", s + 1),
                )
                .with_help("give at least one point, e.g. `points: [(0.03, 0.58)]`"),
            );
        }
        for (i, &(x, y)) in stroke.points.iter().enumerate() {
            let here = path(&[F("strokes"), I(s), F("points"), I(i)]);
            if !x.is_finite() || !y.is_finite() {
                out.push(
                    loc.error(
                        &here,
                        format!("point {} of stroke {} is not a number", i + 1, s + 1),
                    )
                    .with_help("write coordinates as plain numbers, e.g. `(0.03, 0.58)`"),
                );
            } else if x.abs() > DIAGRAM_MAX_X || !(DIAGRAM_MIN_Y..=DIAGRAM_MAX_Y).contains(&y) {
                out.push(
                    loc.error(
                        &here,
                        format!("point ({x}, {y}) of stroke {} is outside the diagram", s + 1),
                    )
                    .with_help(format!(
                        "x runs from -{DIAGRAM_MAX_X} (the person's right) to {DIAGRAM_MAX_X} (left) and y from {DIAGRAM_MIN_Y} to {DIAGRAM_MAX_Y} (fractions of body height)"
                    )),
                );
            }
        }
    }
    out.sort_by_key(|d| d.location);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documented_format_reads_and_writes_back() {
        let text = "Drawing(strokes: [\n    Stroke(view: Back, radius: 0.012, points: [(0.012, 0.605), (0.03, 0.6), (0.04, 0.58)]),\n])\n";
        let d = parse_drawing("d.ron", text.as_bytes()).unwrap();
        assert_eq!(d.strokes.len(), 1);
        assert_eq!(d.strokes[0].view, StrokeView::Back);
        assert_eq!(d.strokes[0].points[2], (0.04, 0.58));
        assert_eq!(d.to_ron(), text);
        let again = parse_drawing("d.ron", d.to_ron().as_bytes()).unwrap();
        assert_eq!(again, d);
    }

    #[test]
    fn bad_strokes_are_located() {
        let text = "Drawing(strokes: [\n  Stroke(view: Front, radius: 0.5, points: [(0.01, 0.5)]),\n  Stroke(view: Left, radius: 0.01, points: [(0.9, 0.5)]),\n])";
        let e = parse_drawing("bad.ron", text.as_bytes()).unwrap_err();
        let all = e.to_string();
        assert!(all.contains("bad.ron:2:31"), "{all}");
        assert!(all.contains("radius 0.5"), "{all}");
        assert!(all.contains("bad.ron:3:45"), "{all}");
        assert!(all.contains("outside the diagram"), "{all}");
    }
}
