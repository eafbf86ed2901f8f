//! The body on the page: the same geometry the app draws (the core's placed shapes, flattened
//! curves and the drawing's grid), mapped into a box of the page as vector shapes.

use crate::atlas::Place;
use crate::atlas::art::muscles::{Layer, MuscleArt, muscle_instances};
use crate::atlas::art::{BodyArt, geometry};
use crate::atlas::drawing::raster::{self, CellSet};
use crate::atlas::geometry::{
    Layout, Vec2, catmull_rom_path, flatten, full_outline, placed, region_instances,
};
use crate::atlas::model::{Atlas, Intensity, LOCAL, Side, View};

use super::ink::Inks;
use super::{Hatch, Item, Rect};

/// Marker and line sizes in diagram units, as in the app.
pub const MARKER_RADIUS: f32 = 0.0075;
pub const OUTLINE_WIDTH: f32 = 0.0022;
pub const DETAIL_WIDTH: f32 = 0.0010;
pub const MARKED_WIDTH: f32 = 0.0035;
pub const DRAWING_LINE_WIDTH: f32 = 0.0016;
/// One hatch period, in diagram units (as the app's hatch texture).
pub const HATCH_PERIOD: f32 = 0.014;
/// The share of the box the figure fills, as in the app (a small margin all round).
pub const FIT: f32 = 0.94;

/// How the diagram plane maps into a box of the page.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BodyFrame {
    pub rect: Rect,
    pub views: [Option<View>; 4],
    /// Points of the page per diagram unit (1 = standing height).
    pub scale: f32,
    /// The diagram point at the centre of the box.
    pub centre: Vec2,
}

impl BodyFrame {
    /// Fit `views` of `layout` into `rect`, centred.
    pub fn fit(rect: Rect, layout: &Layout, views: &[View]) -> BodyFrame {
        let (min, max) = layout.bounds(views);
        let (w, h) = (max[0] - min[0], max[1] - min[1]);
        let scale = (rect.w * FIT / w).min(rect.h * FIT / h);
        let mut vs = [None; 4];
        for (slot, v) in vs.iter_mut().zip(views) {
            *slot = Some(*v);
        }
        BodyFrame {
            rect,
            views: vs,
            scale,
            centre: [(min[0] + max[0]) / 2.0, (min[1] + max[1]) / 2.0],
        }
    }

    /// Zoom in on `focus` by `zoom` (a tour step), keeping the box.
    pub fn zoomed(mut self, zoom: f32, focus: Option<Vec2>) -> BodyFrame {
        if zoom > 1.0 {
            self.scale *= zoom;
            if let Some(f) = focus {
                self.centre = f;
            }
        }
        self
    }

    pub fn views(&self) -> Vec<View> {
        self.views.iter().flatten().copied().collect()
    }

    /// A diagram point to the page (y down).
    pub fn to_page(&self, p: Vec2) -> [f32; 2] {
        let (cx, cy) = (
            self.rect.x + self.rect.w / 2.0,
            self.rect.y + self.rect.h / 2.0,
        );
        [
            cx + (p[0] - self.centre[0]) * self.scale,
            cy - (p[1] - self.centre[1]) * self.scale,
        ]
    }

    fn ring(&self, pts: &[Vec2]) -> Vec<[f32; 2]> {
        pts.iter().map(|p| self.to_page(*p)).collect()
    }
}

/// What the body shows.
#[derive(Debug, Clone, Default)]
pub struct Scene {
    /// The selected points, each on a side (or both).
    pub selected: Vec<(String, Option<Side>)>,
    /// Candidates that could be the source, marked by a ring.
    pub candidates: Vec<(String, Vec<Option<Side>>)>,
    /// Places the client marked, outlined.
    pub marked: Vec<Place>,
    /// The pain drawing's cells, a set per view.
    pub painted: Vec<(View, CellSet)>,
}

/// Where a point is drawn: its markers on the views of the frame, with their sides.
fn markers_of(
    atlas: &Atlas,
    layout: &Layout,
    frame: &BodyFrame,
    id: &str,
    sides: &[Option<Side>],
) -> Vec<Vec2> {
    let Some(i) = atlas.points.iter().position(|p| p.id == id) else {
        return Vec::new();
    };
    let views = frame.views();
    geometry::marker_instances_of(atlas, layout, i)
        .into_iter()
        .filter(|m| views.contains(&m.view))
        .filter(|m| {
            sides
                .iter()
                .any(|s| s.is_none() || m.side.is_none() || m.side == *s)
        })
        .map(|m| m.at)
        .collect()
}

fn circle(c: Vec2, r: f32) -> Vec<Vec2> {
    (0..24)
        .map(|k| {
            let a = k as f32 / 24.0 * std::f32::consts::TAU;
            [c[0] + r * a.cos(), c[1] + r * a.sin()]
        })
        .collect()
}

/// The body and everything on it, as page items inside `frame`'s box (clipped to it by the
/// callers' choice of box: nothing is drawn outside the views' bounds).
pub fn draw(
    atlas: &Atlas,
    art: &BodyArt,
    muscles: Option<&MuscleArt>,
    scene: &Scene,
    frame: &BodyFrame,
    inks: &Inks,
) -> Vec<Item> {
    let layout = Layout::SIDE_BY_SIDE;
    let views = frame.views();
    let s = frame.scale;
    let mut out = Vec::new();
    let fill = |rings: Vec<Vec<[f32; 2]>>, ink| Item::Shape {
        rings,
        fill: Some(ink),
        hatch: None,
        stroke: None,
        dash: None,
    };
    // The figure.
    let mut outlines = Vec::new();
    let mut details = Vec::new();
    for view_art in &art.views {
        for &v in view_art.view.drawn_views() {
            if !views.contains(&v) {
                continue;
            }
            let outline = placed(&layout, v, None, &full_outline(view_art));
            outlines.push(frame.ring(&flatten(&catmull_rom_path(&outline, true))));
            for line in &view_art.lines {
                let sides: &[Option<Side>] = if line.mirror && !v.is_lateral() {
                    &[Some(Side::Left), Some(Side::Right)]
                } else {
                    &[None]
                };
                for &side in sides {
                    let pts = placed(&layout, v, side, &line.points);
                    details.push(frame.ring(&flatten(&catmull_rom_path(&pts, false))));
                }
            }
        }
    }
    out.push(fill(outlines.clone(), inks.body));
    // The selected points' muscles, under the zones.
    if let Some(muscle_art) = muscles {
        let wanted: Vec<(&str, Option<Side>)> = scene
            .selected
            .iter()
            .filter_map(|(id, side)| atlas.point(id).map(|p| (p.muscle_id.as_str(), *side)))
            .collect();
        for m in muscle_instances(muscle_art, &layout) {
            let shown = views.contains(&m.view)
                && wanted.iter().any(|(id, side)| {
                    *id == m.muscle && (side.is_none() || m.side.is_none() || m.side == *side)
                });
            if shown {
                out.push(Item::Shape {
                    rings: vec![frame.ring(&m.polygon)],
                    fill: Some(inks.muscle),
                    hatch: None,
                    stroke: Some((inks.muscle_line, OUTLINE_WIDTH * s)),
                    dash: (m.layer == Layer::Deep).then_some(0.012 * s),
                });
            }
        }
    }
    // The lit zones: essential solid, spillover hatched; larger ones first so a small zone
    // is not hidden under a big one.
    let mut lit: Vec<(String, Option<Side>, Intensity)> = Vec::new();
    let mut local = Vec::new();
    for (id, side) in &scene.selected {
        let Some(p) = atlas.point(id) else { continue };
        for z in crate::atlas::zones(atlas, p, *side) {
            if z.region == LOCAL {
                local.push((id.clone(), *side));
                continue;
            }
            match lit
                .iter_mut()
                .find(|(r, s, _)| r == z.region && *s == z.side)
            {
                Some(e) => e.2 = e.2.min(z.intensity),
                None => lit.push((z.region.to_string(), z.side, z.intensity)),
            }
        }
    }
    let mut regions: Vec<_> = region_instances(atlas, art, &layout)
        .into_iter()
        .filter(|r| views.contains(&r.view))
        .collect();
    regions.sort_by(|a, b| b.area.total_cmp(&a.area));
    for r in &regions {
        let Some((_, _, intensity)) = lit
            .iter()
            .find(|(id, side, _)| *id == r.region && *side == r.side)
        else {
            continue;
        };
        let ring = vec![frame.ring(&r.polygon)];
        out.push(match intensity {
            Intensity::Essential => fill(ring, inks.essential),
            Intensity::Spillover => Item::Shape {
                rings: ring,
                fill: None,
                hatch: Some(Hatch {
                    period: HATCH_PERIOD * s,
                }),
                stroke: Some((inks.spillover, DETAIL_WIDTH * s)),
                dash: None,
            },
        });
    }
    // The pain drawing: see-through, with a crisp line round it.
    for (view, cells) in &scene.painted {
        if !views.contains(view) || cells.is_empty() {
            continue;
        }
        let sign = view.screen_sign(Side::Left);
        let origin = layout.origin(*view);
        let place = |x: f32, y: f32| frame.to_page([origin + sign * x, y]);
        let mut runs = Vec::new();
        let mut start: Option<usize> = None;
        for i in 0..=raster::CELLS {
            let on = i < raster::CELLS
                && cells.contains(i)
                && (start.is_none() || i % raster::COLS != 0);
            match (on, start) {
                (true, None) => start = Some(i),
                (false, Some(a)) => {
                    let (x0, y0) = raster::centre(a);
                    let (x1, _) = raster::centre(i - 1);
                    let h = raster::CELL / 2.0;
                    runs.push(vec![
                        place(x0 - h, y0 - h),
                        place(x1 + h, y0 - h),
                        place(x1 + h, y0 + h),
                        place(x0 - h, y0 + h),
                    ]);
                    start = (i < raster::CELLS && cells.contains(i)).then_some(i);
                }
                _ => {}
            }
        }
        out.push(fill(runs, inks.drawing));
        let lines = raster::painted_outline(cells)
            .into_iter()
            .map(|[a, b]| vec![place(a[0], a[1]), place(b[0], b[1])])
            .collect();
        out.push(Item::Lines {
            lines,
            ink: inks.drawing_line,
            width: DRAWING_LINE_WIDTH * s,
        });
    }
    out.push(Item::Lines {
        lines: details,
        ink: inks.detail,
        width: DETAIL_WIDTH * s,
    });
    out.push(Item::Shape {
        rings: outlines,
        fill: None,
        hatch: None,
        stroke: Some((inks.outline, OUTLINE_WIDTH * s)),
        dash: None,
    });
    // Marked places.
    for r in &regions {
        let marked = scene.marked.iter().any(|p| {
            p.region == r.region && (p.side.is_none() || r.side.is_none() || p.side == r.side)
        });
        if marked {
            out.push(Item::Shape {
                rings: vec![frame.ring(&r.polygon)],
                fill: None,
                hatch: None,
                stroke: Some((inks.marked_outline, MARKED_WIDTH * s)),
                dash: None,
            });
        }
    }
    // Candidates: a ring with a white centre.
    for (id, sides) in &scene.candidates {
        for at in markers_of(atlas, &layout, frame, id, sides) {
            out.push(fill(
                vec![frame.ring(&circle(at, MARKER_RADIUS * 1.1))],
                inks.candidate,
            ));
            out.push(fill(
                vec![frame.ring(&circle(at, MARKER_RADIUS * 0.5))],
                inks.marker,
            ));
        }
    }
    // Selected points: a ring for pain felt at the point itself, then the X.
    for (id, side) in &scene.selected {
        let markers = markers_of(atlas, &layout, frame, id, &[*side]);
        let is_local = local.iter().any(|(l, s)| l == id && s == side);
        for at in markers {
            if is_local {
                out.push(Item::Shape {
                    rings: vec![
                        frame.ring(&circle(at, MARKER_RADIUS * 4.5)),
                        frame.ring(
                            &circle(at, MARKER_RADIUS * 2.1)
                                .into_iter()
                                .rev()
                                .collect::<Vec<_>>(),
                        ),
                    ],
                    fill: Some(inks.essential),
                    hatch: None,
                    stroke: None,
                    dash: None,
                });
            }
            out.push(fill(
                vec![frame.ring(&circle(at, MARKER_RADIUS * 1.45))],
                inks.marker,
            ));
            let d = MARKER_RADIUS * 1.25 * std::f32::consts::FRAC_1_SQRT_2;
            out.push(Item::Lines {
                lines: vec![
                    vec![
                        frame.to_page([at[0] - d, at[1] - d]),
                        frame.to_page([at[0] + d, at[1] + d]),
                    ],
                    vec![
                        frame.to_page([at[0] - d, at[1] + d]),
                        frame.to_page([at[0] + d, at[1] - d]),
                    ],
                ],
                ink: inks.selected,
                width: MARKER_RADIUS * 0.36 * s,
            });
        }
    }
    out
}
