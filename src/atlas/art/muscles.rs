//! The muscle art (`assets/muscles.ron`): the shape of each muscle on the views where it can be
//! seen, and its layer there. Loaded and checked like the body art, against the atlas and the
//! body: every shape inside the body outline and not crossing itself, every muscle drawn
//! somewhere, and every trigger point's marker inside its muscle.

use serde::{Deserialize, Serialize};

use super::body::{BodyArt, Pt};
use super::geometry::{Layout, catmull_rom_path, contains, flatten, outline_polygon_on, placed};
use crate::atlas::diag::{Diagnostic, Diagnostics, suggest};
use crate::atlas::load::{decode, parse_ron};
use crate::atlas::model::{Atlas, DIAGRAM_MAX_X, DIAGRAM_MAX_Y, DIAGRAM_MIN_Y, Side, View};
use crate::atlas::validate::{Locator, Step};

/// Whether a muscle lies under the skin in a view or under others.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Layer {
    /// Just under skin and fascia.
    Superficial,
    /// Seen in part, largely covered.
    Intermediate,
    /// Fully covered: drawn with a dashed outline.
    Deep,
}

impl Layer {
    pub fn as_str(self) -> &'static str {
        match self {
            Layer::Superficial => "superficial",
            Layer::Intermediate => "intermediate",
            Layer::Deep => "deep",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MuscleArt {
    pub shapes: Vec<MuscleShape>,
}

/// One muscle on one view: on the front and back the person's left side (mirrored for the
/// right); on the side view (`Left`) in the lateral frame (mirrored for the right side view).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MuscleShape {
    pub muscle: String,
    pub view: View,
    pub layer: Layer,
    pub shape: Vec<Pt>,
}

impl MuscleShape {
    /// A front or back shape that reaches across the midline is a midline muscle, drawn whole
    /// and once; the others are the left side, mirrored for the right.
    pub fn is_midline(&self) -> bool {
        !self.view.is_lateral() && self.shape.iter().any(|p| p.0 < -1e-4)
    }
}

impl MuscleArt {
    /// The shapes of a muscle.
    pub fn of<'a>(&'a self, muscle: &'a str) -> impl Iterator<Item = &'a MuscleShape> + 'a {
        self.shapes.iter().filter(move |s| s.muscle == muscle)
    }

    /// The views a muscle is drawn on (the side art draws both side views), in order.
    pub fn views_of(&self, muscle: &str) -> Vec<View> {
        let mut v: Vec<View> = self
            .of(muscle)
            .flat_map(|s| s.view.drawn_views().iter().copied())
            .collect();
        v.sort();
        v.dedup();
        v
    }

    /// The most superficial layer a muscle has on any view.
    pub fn top_layer(&self, muscle: &str) -> Option<Layer> {
        self.of(muscle).map(|s| s.layer).min()
    }
}

/// The flattened outline of a shape drawn on `view` for `side`, in the plane of `layout`.
pub fn shape_polygon(layout: &Layout, view: View, side: Option<Side>, pts: &[Pt]) -> Vec<[f32; 2]> {
    flatten(&catmull_rom_path(&placed(layout, view, side, pts), true))
}

/// Whether a closed polygon crosses itself (two edges that are not neighbours intersect).
pub fn self_intersects(poly: &[[f32; 2]]) -> bool {
    let n = poly.len();
    if n < 4 {
        return false;
    }
    let cross = |a: [f32; 2], b: [f32; 2], c: [f32; 2]| {
        (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
    };
    // Each edge's bounding box, so that far-apart pairs are skipped cheaply.
    let boxes: Vec<[f32; 4]> = (0..n)
        .map(|i| {
            let (a, b) = (poly[i], poly[(i + 1) % n]);
            [
                a[0].min(b[0]),
                a[0].max(b[0]),
                a[1].min(b[1]),
                a[1].max(b[1]),
            ]
        })
        .collect();
    for i in 0..n {
        let (a, b) = (poly[i], poly[(i + 1) % n]);
        let bi = boxes[i];
        for j in i + 2..n {
            if (j + 1) % n == i {
                continue;
            }
            let bj = boxes[j];
            if bj[0] > bi[1] || bj[1] < bi[0] || bj[2] > bi[3] || bj[3] < bi[2] {
                continue;
            }
            let (c, d) = (poly[j], poly[(j + 1) % n]);
            let (d1, d2) = (cross(a, b, c), cross(a, b, d));
            let (d3, d4) = (cross(c, d, a), cross(c, d, b));
            if d1 * d2 < 0.0 && d3 * d4 < 0.0 {
                return true;
            }
        }
    }
    false
}

/// The share of a shape's outline that must lie inside the body (its edge may touch the
/// silhouette, as at the armpit)...
pub const INSIDE_SHARE: f32 = 0.95;
/// ...where a point within this distance of the silhouette counts as inside: muscles that make
/// the body's contour (the masseter at the jaw, the deltoid at the shoulder) run along it.
pub const EDGE_TOLERANCE: f32 = 0.004;

/// Distance from `p` to the nearest edge of a closed polygon.
fn distance_to_edge(poly: &[[f32; 2]], p: [f32; 2]) -> f32 {
    let n = poly.len();
    (0..n)
        .map(|i| {
            let (a, b) = (poly[i], poly[(i + 1) % n]);
            let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
            let len2 = dx * dx + dy * dy;
            let t = if len2 > 0.0 {
                (((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2).clamp(0.0, 1.0)
            } else {
                0.0
            };
            (a[0] + t * dx - p[0]).hypot(a[1] + t * dy - p[1])
        })
        .fold(f32::MAX, f32::min)
}

/// Parse and check muscle art; with the atlas and the body art, against both.
pub fn parse_muscle_art(
    file: &str,
    bytes: &[u8],
    atlas: Option<&Atlas>,
    body: Option<&BodyArt>,
) -> Result<MuscleArt, Diagnostics> {
    let text = decode(file, bytes)?;
    let art: MuscleArt = parse_ron(file, text)?;
    let problems = validate_muscle_art(&art, atlas, body, file, text);
    if problems.is_empty() {
        Ok(art)
    } else {
        Err(Diagnostics(problems))
    }
}

/// Every problem of the muscle art itself, in file order.
pub fn validate_muscle_art(
    art: &MuscleArt,
    atlas: Option<&Atlas>,
    body: Option<&BodyArt>,
    file: &str,
    text: &str,
) -> Vec<Diagnostic> {
    use Step::{Field as F, Index as I};
    let loc = Locator::new(file, text);
    let mut out = Vec::new();
    let layout = Layout::SIDE_BY_SIDE;
    for (k, s) in art.shapes.iter().enumerate() {
        let at = [F("shapes"), I(k)];
        if let Some(atlas) = atlas
            && atlas.muscle(&s.muscle).is_none()
        {
            let mut d = loc.error(
                &[F("shapes"), I(k), F("muscle")],
                format!("unknown muscle `{}`", s.muscle),
            );
            d = match suggest(&s.muscle, atlas.muscles.iter().map(|m| m.id.as_str())) {
                Some(x) => d.with_help(format!("did you mean `{x}`?")),
                None => d.with_help("add the muscle to `muscles` in the atlas, or fix the id"),
            };
            out.push(d);
        }
        if s.view == View::Right {
            out.push(
                loc.error(
                    &[F("shapes"), I(k), F("view")],
                    "muscles are drawn on the left side view only",
                )
                .with_help("give the side view once, as `view: Left`; the right view mirrors it"),
            );
        }
        if s.shape.len() < 3 {
            out.push(
                loc.error(
                    &[F("shapes"), I(k), F("shape")],
                    format!("the shape of `{}` has fewer than 3 points", s.muscle),
                )
                .with_help("a muscle is a closed curve through at least 3 points"),
            );
            continue;
        }
        // Front and back shapes are the left side, or, reaching across the midline, a midline
        // muscle drawn whole (the pelvic floor); side shapes run both ways from the plumb line.
        let x_lo = -DIAGRAM_MAX_X;
        let mut bad_point = false;
        for (i, &(x, y)) in s.shape.iter().enumerate() {
            if !x.is_finite()
                || !y.is_finite()
                || x < x_lo - 1e-4
                || x > DIAGRAM_MAX_X
                || !(DIAGRAM_MIN_Y..=DIAGRAM_MAX_Y).contains(&y)
            {
                out.push(
                    loc.error(&[F("shapes"), I(k), F("shape"), I(i)], format!("point ({x}, {y}) of `{}` is outside the diagram", s.muscle))
                        .with_help(if s.view.is_lateral() {
                            "on the side view x runs from -0.35 to 0.35 (from the plumb line, positive toward the front)"
                        } else {
                            "x runs from -0.35 to 0.35 (positive toward the person's left; draw the left side, or a midline muscle whole), y from 0 to 1.02"
                        }),
                );
                bad_point = true;
            }
        }
        if bad_point {
            continue;
        }
        let poly = shape_polygon(&layout, s.view, Some(Side::Left), &s.shape);
        if self_intersects(&poly) {
            out.push(
                loc.error(
                    &[F("shapes"), I(k), F("shape")],
                    format!(
                        "the outline of `{}` on the {} view crosses itself",
                        s.muscle,
                        s.view.as_str()
                    ),
                )
                .with_help("put the points in order around the muscle, without a figure of eight"),
            );
        }
        if let Some(view_art) = body.and_then(|b| b.view(s.view)) {
            let outline = outline_polygon_on(&layout, s.view, view_art);
            let inside = poly
                .iter()
                .filter(|p| {
                    contains(&outline, **p) || distance_to_edge(&outline, **p) <= EDGE_TOLERANCE
                })
                .count();
            let share = inside as f32 / poly.len() as f32;
            if share < INSIDE_SHARE {
                out.push(
                    loc.error(&at, format!("`{}` spills out of the body on the {} view ({:.0}% of its outline is outside)", s.muscle, s.view.as_str(), (1.0 - share) * 100.0))
                        .with_help("move its points inside the body outline"),
                );
            }
        }
    }
    if let Some(atlas) = atlas {
        for m in &atlas.muscles {
            if art.of(&m.id).next().is_none() {
                out.push(
                    loc.error(
                        &[F("shapes")],
                        format!("muscle `{}` has no shape on any view", m.id),
                    )
                    .with_help("add a `MuscleShape` for it on a view where it can be seen"),
                );
            }
        }
    }
    out.sort_by_key(|d| d.location);
    out
}

/// Tolerance for a marker on the edge of its muscle, in fractions of height.
pub const MARKER_TOLERANCE: f32 = 0.002;

/// Every trigger point whose marker lies outside its muscle's shape on that view: errors that
/// point at the marker in the atlas file (`atlas_file`, `atlas_text`).
pub fn markers_outside_muscles(
    atlas: &Atlas,
    art: &MuscleArt,
    atlas_file: &str,
    atlas_text: &str,
) -> Vec<Diagnostic> {
    use Step::{Field as F, Index as I};
    let loc = Locator::new(atlas_file, atlas_text);
    let layout = Layout::SIDE_BY_SIDE;
    let mut out = Vec::new();
    for (pi, p) in atlas.points.iter().enumerate() {
        if p.muscle_id.is_empty() {
            continue;
        }
        for (mi, m) in p.markers.iter().enumerate() {
            let shapes: Vec<&MuscleShape> =
                art.of(&p.muscle_id).filter(|s| s.view == m.view).collect();
            if shapes.is_empty() {
                out.push(
                    loc.error(
                        &[F("points"), I(pi), F("markers"), I(mi)],
                        format!("`{}` has a marker on the {} view, where its muscle `{}` is not drawn", p.id, m.view.as_str(), p.muscle_id),
                    )
                    .with_help("draw the muscle on that view in the muscle art, or move the marker to a view where it is"),
                );
                continue;
            }
            let at = layout.place(m.view, Some(Side::Left), (m.x, m.y));
            let near = |poly: &[[f32; 2]]| {
                contains(poly, at)
                    || poly
                        .iter()
                        .any(|q| (q[0] - at[0]).hypot(q[1] - at[1]) <= MARKER_TOLERANCE)
            };
            if !shapes
                .iter()
                .any(|s| near(&shape_polygon(&layout, s.view, Some(Side::Left), &s.shape)))
            {
                out.push(
                    loc.error(
                        &[F("points"), I(pi), F("markers"), I(mi)],
                        format!(
                            "the marker of `{}` on the {} view is outside its muscle `{}`",
                            p.id,
                            m.view.as_str(),
                            p.muscle_id
                        ),
                    )
                    .with_help(
                        "move the marker inside the muscle, or the muscle's shape around it",
                    ),
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
    fn a_figure_of_eight_crosses_itself_and_a_square_does_not() {
        let square = [[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0]];
        assert!(!self_intersects(&square));
        let eight = [[0.0, 0.0], [1.0, 1.0], [1.0, 0.0], [0.0, 1.0]];
        assert!(self_intersects(&eight));
    }
}

/// One drawn muscle shape: a muscle on one side (or the midline) of one view.
#[derive(Debug, Clone, PartialEq)]
pub struct MuscleInstance {
    pub muscle: String,
    pub view: View,
    pub side: Option<Side>,
    pub layer: Layer,
    /// Control points in the plane.
    pub control: Vec<[f32; 2]>,
    /// The flattened closed curve in the plane.
    pub polygon: Vec<[f32; 2]>,
    pub area: f32,
}

/// Every muscle shape, placed on every view it is drawn on, on both sides.
pub fn muscle_instances(art: &MuscleArt, layout: &Layout) -> Vec<MuscleInstance> {
    use crate::atlas::model::Laterality;
    let mut out = Vec::new();
    for s in &art.shapes {
        let laterality = if s.is_midline() {
            Laterality::Midline
        } else {
            Laterality::Bilateral
        };
        for (view, side) in super::geometry::shape_instances(s.view, laterality) {
            let control = placed(layout, view, side, &s.shape);
            let polygon = flatten(&catmull_rom_path(&control, true));
            let area = super::geometry::polygon_area(&polygon).abs();
            out.push(MuscleInstance {
                muscle: s.muscle.clone(),
                view,
                side,
                layer: s.layer,
                control,
                polygon,
                area,
            });
        }
    }
    out
}

/// The muscle under `p` among the instances `keep` accepts: the most superficial layer there,
/// and of those the smallest (what is drawn on top).
pub fn muscle_at(
    instances: &[MuscleInstance],
    p: [f32; 2],
    mut keep: impl FnMut(&MuscleInstance) -> bool,
) -> Option<usize> {
    instances
        .iter()
        .enumerate()
        .filter(|(_, m)| keep(m) && contains(&m.polygon, p))
        .min_by(|(_, a), (_, b)| a.layer.cmp(&b.layer).then(a.area.total_cmp(&b.area)))
        .map(|(i, _)| i)
}
