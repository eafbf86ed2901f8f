//! Geometry of the diagram: smooth curves through control points, mirroring, placement of the
//! two views side by side, tessellation into triangles (lyon), and hit tests.
//!
//! Everything is in plain arrays so that the explorer, the renderer and the tests share it.
//! Diagram coordinates are fractions of standing height (`y` up from the floor); the views are
//! placed side by side in one plane by [`Layout`].

use lyon_tessellation::math::point;
use lyon_tessellation::path::Path;
use lyon_tessellation::path::iterator::PathIterator;
use lyon_tessellation::{
    BuffersBuilder, FillOptions, FillTessellator, FillVertex, LineCap, LineJoin, StrokeOptions,
    StrokeTessellator, StrokeVertex, VertexBuffers,
};

use super::body::{BodyArt, Pt, ViewArt};
use crate::atlas::model::{Atlas, Laterality, Side, View};

/// A point in the diagram plane.
pub type Vec2 = [f32; 2];

/// Triangles: positions and indices.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Triangles {
    pub positions: Vec<Vec2>,
    pub indices: Vec<u32>,
}

impl Triangles {
    pub fn is_empty(&self) -> bool {
        self.indices.is_empty()
    }

    /// Add `other`, scaled by `scale` and moved by `offset`, after the triangles already here
    /// (so it is drawn over them). Many small shapes in one mesh draw in one call.
    pub fn append(&mut self, other: &Triangles, offset: Vec2, scale: f32) {
        let base = self.positions.len() as u32;
        self.positions.extend(
            other
                .positions
                .iter()
                .map(|p| [offset[0] + p[0] * scale, offset[1] + p[1] * scale]),
        );
        self.indices.extend(other.indices.iter().map(|i| base + i));
    }
}

/// Curve flattening tolerance in diagram units: 1/4000 of the body height, under a quarter of a
/// pixel for a figure 1000 px tall.
pub const TOLERANCE: f32 = 0.00025;

/// Build a closed path of cubic Béziers through `pts` (uniform Catmull-Rom, tension 0.5:
/// `c1 = P1 + (P2 - P0) / 6`, `c2 = P2 - (P3 - P1) / 6`), transformed by `f`.
pub fn catmull_rom_path(pts: &[Vec2], closed: bool) -> Path {
    let mut b = Path::builder();
    let n = pts.len();
    if n < 2 {
        return b.build();
    }
    let at = |i: isize| -> Vec2 {
        if closed {
            pts[i.rem_euclid(n as isize) as usize]
        } else {
            pts[i.clamp(0, n as isize - 1) as usize]
        }
    };
    b.begin(point(pts[0][0], pts[0][1]));
    let segments = if closed { n } else { n - 1 };
    for i in 0..segments as isize {
        let (p0, p1, p2, p3) = (at(i - 1), at(i), at(i + 1), at(i + 2));
        let c1 = [p1[0] + (p2[0] - p0[0]) / 6.0, p1[1] + (p2[1] - p0[1]) / 6.0];
        let c2 = [p2[0] - (p3[0] - p1[0]) / 6.0, p2[1] - (p3[1] - p1[1]) / 6.0];
        b.cubic_bezier_to(
            point(c1[0], c1[1]),
            point(c2[0], c2[1]),
            point(p2[0], p2[1]),
        );
    }
    b.end(closed);
    b.build()
}

/// The curve as a polyline (for hit tests and the CPU renderer).
pub fn flatten(path: &Path) -> Vec<Vec2> {
    let mut out: Vec<Vec2> = Vec::new();
    for event in path.iter().flattened(TOLERANCE) {
        match event {
            lyon_tessellation::path::Event::Begin { at } => out.push([at.x, at.y]),
            lyon_tessellation::path::Event::Line { to, .. } => out.push([to.x, to.y]),
            _ => {}
        }
    }
    out
}

/// The triangles a tessellator wrote, or none when it failed (a degenerate shape draws nothing
/// rather than stopping the app).
fn triangles<E>(result: Result<(), E>, buffers: VertexBuffers<Vec2, u32>) -> Triangles {
    match result {
        Ok(()) => Triangles {
            positions: buffers.vertices,
            indices: buffers.indices,
        },
        Err(_) => Triangles::default(),
    }
}

pub fn fill(path: &Path) -> Triangles {
    fill_within(path, TOLERANCE)
}

/// The flattening tolerance of a fill whose edge lies under a stroke of `width` along the same
/// curve. The stroke surely covers the curve to half its width less its own flattening error;
/// a fill polygon within 90% of that stays under the stroke, at any zoom (both scale together).
pub fn tolerance_under(width: f32) -> f32 {
    ((width / 2.0 - TOLERANCE) * 0.9).max(TOLERANCE)
}

/// `fill` with its own flattening tolerance. A fill under an outline can be coarser: fewer,
/// larger triangles are cheaper for a software renderer to cover.
pub fn fill_within(path: &Path, tolerance: f32) -> Triangles {
    let mut buffers: VertexBuffers<Vec2, u32> = VertexBuffers::new();
    let result = FillTessellator::new().tessellate_path(
        path,
        &FillOptions::tolerance(tolerance),
        &mut BuffersBuilder::new(&mut buffers, |v: FillVertex| v.position().to_array()),
    );
    triangles(result, buffers)
}

pub fn stroke(path: &Path, width: f32) -> Triangles {
    let mut buffers: VertexBuffers<Vec2, u32> = VertexBuffers::new();
    let options = StrokeOptions::tolerance(TOLERANCE)
        .with_line_width(width)
        .with_line_join(LineJoin::Round)
        .with_line_cap(LineCap::Round);
    let result = StrokeTessellator::new().tessellate_path(
        path,
        &options,
        &mut BuffersBuilder::new(&mut buffers, |v: StrokeVertex| v.position().to_array()),
    );
    triangles(result, buffers)
}

/// Where the views sit in the diagram plane: the `x` of each view's midline (or, for a side
/// view, its plumb line). All share the same floor (`y = 0`) and scale (1 unit = standing
/// height), so a zone on the front and one on the side meet at the same height.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Layout {
    pub front_x: f32,
    pub back_x: f32,
    pub left_x: f32,
    pub right_x: f32,
}

impl Layout {
    /// Left side, front, back, right side, with room between the hands.
    pub const SIDE_BY_SIDE: Layout = Layout {
        front_x: -0.3,
        back_x: 0.3,
        left_x: -0.78,
        right_x: 0.78,
    };
    /// Half the width of a front or back figure with its arms, for framing.
    pub const HALF_WIDTH: f32 = 0.27;
    /// Half the width of a side figure (toes in front, heel and head behind).
    pub const LATERAL_HALF_WIDTH: f32 = 0.13;

    pub fn origin(&self, view: View) -> f32 {
        match view {
            View::Front => self.front_x,
            View::Back => self.back_x,
            View::Left => self.left_x,
            View::Right => self.right_x,
        }
    }

    /// Art coordinates to the plane: on the front and back, `x >= 0` toward the person's
    /// `side` (`None`: as drawn, for midline shapes); on a side view, the lateral frame.
    pub fn place(&self, view: View, side: Option<Side>, p: Pt) -> Vec2 {
        let sign = view.screen_sign(side.unwrap_or(Side::Left));
        [self.origin(view) + sign * p.0, p.1]
    }

    /// The inverse of [`Layout::place`] for a point of the plane: which view it is nearest
    /// to, and its art coordinates (on the front and back with `x` signed, positive = the
    /// person's left; on a side view in the lateral frame).
    pub fn unplace(&self, p: Vec2) -> (View, Vec2) {
        let view = View::ALL
            .into_iter()
            .min_by(|a, b| {
                (p[0] - self.origin(*a))
                    .abs()
                    .total_cmp(&(p[0] - self.origin(*b)).abs())
            })
            .unwrap_or(View::Front);
        let sign = view.screen_sign(Side::Left);
        (view, [(p[0] - self.origin(view)) * sign, p[1]])
    }

    /// The half width of what is drawn for `view`.
    pub fn half_width(view: View) -> f32 {
        if view.is_lateral() {
            Self::LATERAL_HALF_WIDTH
        } else {
            Self::HALF_WIDTH
        }
    }

    /// The bounding box `(min, max)` of what is drawn for `views`.
    pub fn bounds(&self, views: &[View]) -> (Vec2, Vec2) {
        let mut min = [f32::MAX, -0.01];
        let mut max = [f32::MIN, 1.02];
        for &v in views {
            min[0] = min[0].min(self.origin(v) - Self::half_width(v));
            max[0] = max[0].max(self.origin(v) + Self::half_width(v));
        }
        (min, max)
    }
}

/// The control points of one shape, placed for a view and side.
pub fn placed(layout: &Layout, view: View, side: Option<Side>, pts: &[Pt]) -> Vec<Vec2> {
    pts.iter().map(|&p| layout.place(view, side, p)).collect()
}

/// The closed control polygon of the whole silhouette: on the front and back the half outline
/// and its mirror image; on the side view the outline as drawn (it is whole).
pub fn full_outline(view: &ViewArt) -> Vec<Pt> {
    if view.view.is_lateral() {
        return view.outline.clone();
    }
    let half = &view.outline;
    let mut pts = half.clone();
    if half.len() > 2 {
        pts.extend(half[1..half.len() - 1].iter().rev().map(|&(x, y)| (-x, y)));
    }
    pts
}

/// The silhouette of a view as a polygon in the plane (`view.view`, the art's own view).
pub fn outline_polygon(layout: &Layout, view: &ViewArt) -> Vec<Vec2> {
    outline_polygon_on(layout, view.view, view)
}

/// The silhouette of `art` drawn on `view` (the right side view from the left's art).
pub fn outline_polygon_on(layout: &Layout, view: View, art: &ViewArt) -> Vec<Vec2> {
    flatten(&catmull_rom_path(
        &placed(layout, view, None, &full_outline(art)),
        true,
    ))
}

/// The instances of a shape drawn in `art`: (view, side) pairs. Front and back: a bilateral
/// shape on both sides of its view, a midline one once. Side art: each side view shows its own
/// side of a bilateral shape, and a midline shape as drawn.
pub fn shape_instances(art_view: View, laterality: Laterality) -> Vec<(View, Option<Side>)> {
    match (art_view.is_lateral(), laterality) {
        (false, Laterality::Bilateral) => {
            vec![(art_view, Some(Side::Left)), (art_view, Some(Side::Right))]
        }
        (false, Laterality::Midline) => vec![(art_view, None)],
        (true, Laterality::Bilateral) => vec![
            (View::Left, Some(Side::Left)),
            (View::Right, Some(Side::Right)),
        ],
        (true, Laterality::Midline) => vec![(View::Left, None), (View::Right, None)],
    }
}

/// One drawn instance of a region shape: a region on one side (or the midline) of one view.
#[derive(Debug, Clone, PartialEq)]
pub struct RegionInstance {
    pub region: String,
    pub view: View,
    pub side: Option<Side>,
    /// Control points in the plane.
    pub control: Vec<Vec2>,
    /// The flattened closed curve in the plane.
    pub polygon: Vec<Vec2>,
    pub area: f32,
}

/// Every region instance of the art, placed: bilateral shapes on both sides, midline ones once.
pub fn region_instances(atlas: &Atlas, art: &BodyArt, layout: &Layout) -> Vec<RegionInstance> {
    let mut out = Vec::new();
    for view in &art.views {
        for shape in &view.regions {
            let laterality = atlas
                .region(&shape.region)
                .map_or(Laterality::Bilateral, |r| r.laterality);
            for (on, side) in shape_instances(view.view, laterality) {
                let control = placed(layout, on, side, &shape.shape);
                let polygon = flatten(&catmull_rom_path(&control, true));
                let area = polygon_area(&polygon).abs();
                out.push(RegionInstance {
                    region: shape.region.clone(),
                    view: on,
                    side,
                    control,
                    polygon,
                    area,
                });
            }
        }
    }
    out
}

/// Signed area of a polygon (shoelace).
pub fn polygon_area(poly: &[Vec2]) -> f32 {
    let n = poly.len();
    (0..n)
        .map(|i| {
            let (a, b) = (poly[i], poly[(i + 1) % n]);
            a[0] * b[1] - b[0] * a[1]
        })
        .sum::<f32>()
        / 2.0
}

/// Even-odd point-in-polygon test.
pub fn contains(poly: &[Vec2], p: Vec2) -> bool {
    let mut inside = false;
    let n = poly.len();
    let mut j = n.wrapping_sub(1);
    for i in 0..n {
        let (a, b) = (poly[i], poly[j]);
        if (a[1] > p[1]) != (b[1] > p[1])
            && p[0] < (b[0] - a[0]) * (p[1] - a[1]) / (b[1] - a[1]) + a[0]
        {
            inside = !inside;
        }
        j = i;
    }
    inside
}

/// The region under `p`: of all instances that contain it, the smallest (the most specific,
/// where regions overlap).
pub fn region_at(instances: &[RegionInstance], p: Vec2) -> Option<&RegionInstance> {
    region_index_at(instances, p, |_| true).map(|i| &instances[i])
}

/// Like [`region_at`], among the instances that `keep` accepts; returns the index.
pub fn region_index_at(
    instances: &[RegionInstance],
    p: Vec2,
    mut keep: impl FnMut(&RegionInstance) -> bool,
) -> Option<usize> {
    instances
        .iter()
        .enumerate()
        .filter(|(_, r)| keep(r) && contains(&r.polygon, p))
        .min_by(|(_, a), (_, b)| a.area.total_cmp(&b.area))
        .map(|(i, _)| i)
}

/// One drawn marker of a trigger point.
#[derive(Debug, Clone, PartialEq)]
pub struct MarkerInstance {
    /// Index of the point in `atlas.points`.
    pub point: usize,
    pub view: View,
    pub side: Option<Side>,
    pub at: Vec2,
}

/// Every marker, placed: bilateral points on both sides, midline points once.
pub fn marker_instances(atlas: &Atlas, layout: &Layout) -> Vec<MarkerInstance> {
    (0..atlas.points.len())
        .flat_map(|i| marker_instances_of(atlas, layout, i))
        .collect()
}

/// The markers of point `i` of the atlas, placed.
pub fn marker_instances_of(atlas: &Atlas, layout: &Layout, i: usize) -> Vec<MarkerInstance> {
    let mut out = Vec::new();
    let Some(p) = atlas.points.get(i) else {
        return out;
    };
    for m in &p.markers {
        for (view, side) in shape_instances(m.view, p.laterality) {
            out.push(MarkerInstance {
                point: i,
                view,
                side,
                at: layout.place(view, side, (m.x, m.y)),
            });
        }
    }
    out
}

/// Markers within `radius` of `p`, nearest first.
pub fn markers_near(markers: &[MarkerInstance], p: Vec2, radius: f32) -> Vec<&MarkerInstance> {
    let d2 = |m: &MarkerInstance| (m.at[0] - p[0]).powi(2) + (m.at[1] - p[1]).powi(2);
    let mut near: Vec<&MarkerInstance> = markers
        .iter()
        .filter(|m| d2(m) <= radius * radius)
        .collect();
    near.sort_by(|a, b| d2(a).total_cmp(&d2(b)));
    near
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catmull_rom_passes_through_its_points() {
        let square = [[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0]];
        let poly = flatten(&catmull_rom_path(&square, true));
        for p in square {
            assert!(
                poly.iter()
                    .any(|q| (q[0] - p[0]).abs() < 1e-5 && (q[1] - p[1]).abs() < 1e-5)
            );
        }
        // Smooth: far more vertices than control points, and it bulges past the square's sides
        // like a rounded square, staying inside the circle through the corners (area pi/2).
        assert!(poly.len() > 40);
        let area = polygon_area(&poly).abs();
        assert!(area > 1.1 && area < std::f32::consts::FRAC_PI_2, "{area}");
    }

    #[test]
    fn a_coarser_fill_stays_under_its_outline_and_needs_fewer_triangles() {
        // A wavy closed outline about as big as a figure's (0.3 wide, 0.9 tall).
        let pts: Vec<Vec2> = (0..48)
            .map(|i| {
                let a = i as f32 / 48.0 * std::f32::consts::TAU;
                let r = 1.0 + 0.12 * (5.0 * a).sin();
                [0.15 * r * a.cos(), 0.45 + 0.45 * r * a.sin()]
            })
            .collect();
        let path = catmull_rom_path(&pts, true);
        // The app's outline is 0.0022 wide (`diagram::OUTLINE_WIDTH`).
        let width = 0.0022;
        let tolerance = tolerance_under(width);
        assert!(tolerance > 2.0 * TOLERANCE, "{tolerance}");
        let curve = flatten(&path);
        let distance = |p: Vec2| {
            curve
                .iter()
                .zip(curve.iter().cycle().skip(1))
                .map(|(a, b)| {
                    let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
                    let t = (((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / (dx * dx + dy * dy))
                        .clamp(0.0, 1.0);
                    (p[0] - a[0] - t * dx).hypot(p[1] - a[1] - t * dy)
                })
                .fold(f32::MAX, f32::min)
        };
        // Every point of the coarse polygon's edge, chord middles included, is within what the
        // stroke surely covers: half its width less its own flattening error.
        let mut coarse: Vec<Vec2> = Vec::new();
        for event in path.iter().flattened(tolerance) {
            if let lyon_tessellation::path::Event::Begin { at }
            | lyon_tessellation::path::Event::Line { to: at, .. } = event
            {
                coarse.push([at.x, at.y]);
            }
        }
        let covered = width / 2.0 - TOLERANCE;
        for (a, b) in coarse.iter().zip(coarse.iter().cycle().skip(1)) {
            for k in 0..=8 {
                let t = k as f32 / 8.0;
                let p = [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])];
                assert!(distance(p) <= covered, "{p:?} is {} off", distance(p));
            }
        }
        let fine = fill(&path).indices.len();
        let cheap = fill_within(&path, tolerance).indices.len();
        assert!(cheap * 10 < fine * 7, "{cheap} against {fine} indices");
    }

    #[test]
    fn append_places_a_copy_after_what_is_there() {
        let tri = Triangles {
            positions: vec![[0.0, 0.0], [1.0, 0.0], [0.0, 1.0]],
            indices: vec![0, 1, 2],
        };
        let mut all = tri.clone();
        all.append(&tri, [10.0, 20.0], 2.0);
        assert_eq!(all.indices, [0, 1, 2, 3, 4, 5]);
        assert_eq!(
            all.positions[3..],
            [[10.0, 20.0], [12.0, 20.0], [10.0, 22.0]]
        );
    }

    #[test]
    fn contains_and_region_at_prefer_the_smaller_region() {
        let big = vec![[0.0, 0.0], [10.0, 0.0], [10.0, 10.0], [0.0, 10.0]];
        let small = vec![[1.0, 1.0], [3.0, 1.0], [3.0, 3.0], [1.0, 3.0]];
        assert!(contains(&big, [5.0, 5.0]));
        assert!(!contains(&small, [5.0, 5.0]));
        let inst = |name: &str, poly: Vec<Vec2>| RegionInstance {
            region: name.into(),
            view: View::Front,
            side: None,
            control: vec![],
            area: polygon_area(&poly).abs(),
            polygon: poly,
        };
        let all = vec![inst("big", big), inst("small", small)];
        assert_eq!(region_at(&all, [2.0, 2.0]).unwrap().region, "small");
        assert_eq!(region_at(&all, [8.0, 8.0]).unwrap().region, "big");
        assert!(region_at(&all, [20.0, 8.0]).is_none());
    }

    #[test]
    fn placing_mirrors_sides_and_views() {
        let l = Layout::SIDE_BY_SIDE;
        // The person's left is on the viewer's right on the front view, left on the back view.
        assert_eq!(
            l.place(View::Front, Some(Side::Left), (0.1, 0.5)),
            [l.front_x + 0.1, 0.5]
        );
        assert_eq!(
            l.place(View::Front, Some(Side::Right), (0.1, 0.5)),
            [l.front_x - 0.1, 0.5]
        );
        assert_eq!(
            l.place(View::Back, Some(Side::Left), (0.1, 0.5)),
            [l.back_x - 0.1, 0.5]
        );
        let (view, art) = l.unplace([l.back_x - 0.1, 0.5]);
        assert_eq!(view, View::Back);
        assert!((art[0] - 0.1).abs() < 1e-6);
    }
}
