//! "Explain my pain": rank the trigger points whose usual patterns best explain a drawing.
//!
//! Every region shape of the art (and a small disc around each marker, for `local` zones) is put
//! on the grid of its view once, with the bands of cells just beside it. Cells with the same
//! shapes over and around them share a *signature*, and each signature knows, for every point
//! and side, how much a painted cell there is worth:
//!
//! - inside an essential zone: 1;
//! - inside a spillover zone: [`SPILLOVER`];
//! - just beside a zone (clients point imprecisely, and regions have edges): a share of that,
//!   falling off over about 9 cm ([`NEAR`]).
//!
//! Scoring a drawing counts its painted cells per signature and adds the worth up, one pass over
//! the atlas. A point's score is that average worth times how common the point is
//! ([`commonness`]), so that a common source right beside the pain can outrank a rare one over
//! it. "Together" is a greedy cover: the fewest points whose zones cover most of the drawing.

use std::collections::HashMap;

use serde::Serialize;

use crate::atlas::art::BodyArt;
use crate::atlas::geometry::{catmull_rom_path, flatten, shape_instances};
use crate::atlas::model::{Atlas, Intensity, LOCAL, Laterality, Side, TriggerPoint, View};
use crate::atlas::query::zones;

use super::raster::{CELLS, CellSet, brush, fill_polygon, near_bands};
use super::{Drawing, StrokeView};

/// Worth of a painted cell inside a spillover zone (an essential zone's is 1).
pub const SPILLOVER: f32 = 0.55;
/// Worth of a painted cell just beside a zone, by band (within about 2, 4 and 9 cm), as a
/// share of the zone's own worth.
pub const NEAR: [f32; 3] = [0.5, 0.32, 0.15];
/// Radius of the `local` zone around a marker.
pub const LOCAL_RADIUS: f32 = 0.025;
/// "Together" stops when the points chosen cover this share of the drawing...
pub const TOGETHER_ENOUGH: f32 = 0.85;
/// ...or after this many points.
pub const TOGETHER_MAX: usize = 3;

/// How much the commonness of a point (`weight`, 1 to 10) multiplies its spatial worth.
pub fn commonness(weight: u8) -> f32 {
    weight as f32 / 10.0
}

/// What prevalence adds: where the drawing lies in the area of a complaint that studies found
/// a point common in (its `prevalence`), and the point's zones are on or beside the drawing, the
/// point's worth grows by up to this much (a finding's `strength` scales it).
pub const PREVALENCE: f32 = 2.0;
/// The spatial worth at which a point counts as fully "on or beside" the drawing for
/// [`PREVALENCE`]; less counts in proportion.
pub const PROXIMITY: f32 = 0.1;

/// One shape on the grid: a region on one side of one view, or the `local` disc of a point.
#[derive(Debug, Clone)]
struct Shape {
    /// The region id, or `local`.
    region: String,
    side: Option<Side>,
}

/// A point on one side (`None` for a midline point): the unit that is scored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct PointSide {
    point: usize,
    side: Option<Side>,
}

/// The worth of a painted cell with one signature, for one point-side.
#[derive(Debug, Clone, Copy)]
struct Worth {
    /// The point (both of its sides together: a cell counts its best side once).
    point: u32,
    worth: f32,
    /// Inside one of the zones (not only beside it).
    covered: bool,
    essential: bool,
}

#[derive(Debug, Default)]
struct Signature {
    /// (shape, band): band 0 inside, 1..=3 beside.
    shapes: Vec<(u32, u8)>,
    worth: Vec<Worth>,
}

/// The grid of one view.
#[derive(Debug)]
struct ViewIndex {
    view: View,
    /// Signature of each cell; 0 is "nothing here".
    signature: Vec<u32>,
    /// Cells on the body.
    body: CellSet,
}

/// The atlas and art, put on the grids once; explains any number of drawings.
#[derive(Debug)]
pub struct Explainer {
    views: Vec<ViewIndex>,
    signatures: Vec<Signature>,
    shapes: Vec<Shape>,
    point_sides: Vec<PointSide>,
    /// For each shape, the point-sides whose zones it is, and how.
    shape_users: Vec<Vec<(u32, Intensity)>>,
    /// Inside cells of every region shape, for `where` (region, side) queries.
    region_cells: HashMap<(View, String, Option<Side>), CellSet>,
    /// The complaint areas, one cell set per view.
    areas: Vec<Vec<CellSet>>,
    /// For each point, the complaint areas it is common in, and how much that counts.
    point_areas: Vec<Vec<(usize, f32)>>,
}

/// A candidate for asked places (`where`, marked places in the app): the spatial ranking, with
/// the exact region matches of [`crate::atlas::candidates`].
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceCandidate<'a> {
    pub point: usize,
    pub sides: Vec<Option<Side>>,
    /// The asked places that the point's zones name, in the order asked.
    pub matches: Vec<crate::atlas::Match<'a>>,
    /// Zones that lie in the asked places' shapes without being named by them.
    pub overlaps: Vec<ZoneHit>,
    /// Zones just beside them.
    pub near: Vec<ZoneHit>,
}

/// Why a candidate explains the drawing, in plain words.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reason {
    pub text: String,
}

/// A zone of a candidate that the drawing touches, or lies beside.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct ZoneHit {
    pub region: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub side: Option<Side>,
    pub intensity: Intensity,
}

/// A trigger point that could explain the drawing.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Candidate {
    pub id: String,
    /// Index into `atlas.points`.
    #[serde(skip)]
    pub point: usize,
    /// The sides of the point that explain it (`None`: a midline point).
    #[serde(skip)]
    pub sides: Vec<Option<Side>>,
    pub score: f32,
    /// The share of the drawing its zones cover (0 to 1).
    pub explains: f32,
    /// The share its essential zones cover.
    pub essential: f32,
    /// Zones the drawing lies in.
    pub matches: Vec<ZoneHit>,
    /// Zones the drawing lies just beside (and not in).
    pub near: Vec<ZoneHit>,
    pub reasons: Vec<Reason>,
}

/// The fewest points that together explain most of the drawing.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Together {
    pub ids: Vec<String>,
    pub explains: f32,
}

/// The ranked explanation of a drawing.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Explanation {
    pub candidates: Vec<Candidate>,
    pub together: Together,
    /// Painted cells on the body that were scored.
    #[serde(skip)]
    pub painted: usize,
    /// Views painted on that the art does not draw yet (nothing there is scored).
    #[serde(skip)]
    pub unscored_views: Vec<StrokeView>,
}

fn shape_polygon(shape: &[(f32, f32)], side: Option<Side>) -> Vec<[f32; 2]> {
    let sign = if side == Some(Side::Right) { -1.0 } else { 1.0 };
    let control: Vec<[f32; 2]> = shape.iter().map(|&(x, y)| [sign * x, y]).collect();
    flatten(&catmull_rom_path(&control, true))
}

fn disc(at: (f32, f32), r: f32) -> Vec<[f32; 2]> {
    (0..32)
        .map(|k| {
            let a = k as f32 / 32.0 * std::f32::consts::TAU;
            [at.0 + r * a.cos(), at.1 + r * a.sin()]
        })
        .collect()
}

impl Explainer {
    /// Put the atlas's zones and the art's shapes on the grids.
    pub fn new(atlas: &Atlas, art: &BodyArt) -> Self {
        // The scored units: every point on each of its sides.
        let mut point_sides = Vec::new();
        for (i, p) in atlas.points.iter().enumerate() {
            for &side in p.sides() {
                point_sides.push(PointSide { point: i, side });
            }
        }
        // Which point-sides use a (region, side) zone, and how.
        let mut users: HashMap<(&str, Option<Side>), Vec<(u32, Intensity)>> = HashMap::new();
        for (k, ps) in point_sides.iter().enumerate() {
            let p = &atlas.points[ps.point];
            for z in zones(atlas, p, ps.side) {
                if z.region != LOCAL {
                    users
                        .entry((z.region, z.side))
                        .or_default()
                        .push((k as u32, z.intensity));
                }
            }
        }
        let mut shapes: Vec<Shape> = Vec::new();
        let mut shape_users: Vec<Vec<(u32, Intensity)>> = Vec::new();
        let mut per_view_cells: Vec<Vec<Vec<(u32, u8)>>> = Vec::new();
        let mut views = Vec::new();
        let mut region_cells = HashMap::new();
        // One grid per view drawn: the side art draws both side views, each with its own side.
        let drawn: Vec<(View, &crate::atlas::art::ViewArt)> = art
            .views
            .iter()
            .flat_map(|va| va.view.drawn_views().iter().map(move |&v| (v, va)))
            .collect();
        for (view, view_art) in drawn {
            let lateral = view.is_lateral();
            let mut cells: Vec<Vec<(u32, u8)>> = vec![Vec::new(); CELLS];
            let mut body = CellSet::default();
            let outline = crate::atlas::geometry::full_outline(view_art);
            fill_polygon(&shape_polygon(&outline, None), |c| body.insert(c));
            let mut add = |shape: Shape,
                           polygon: &[[f32; 2]],
                           who: Vec<(u32, Intensity)>,
                           cells: &mut Vec<Vec<(u32, u8)>>|
             -> Vec<usize> {
                let id = shapes.len() as u32;
                let mut inside = Vec::new();
                fill_polygon(polygon, |c| inside.push(c));
                for &c in &inside {
                    cells[c].push((id, 0));
                }
                for (c, band) in near_bands(&inside) {
                    cells[c].push((id, band));
                }
                shapes.push(shape);
                shape_users.push(who);
                inside
            };
            for r in &view_art.regions {
                let laterality = atlas
                    .region(&r.region)
                    .map_or(Laterality::Bilateral, |x| x.laterality);
                for (on, side) in shape_instances(view_art.view, laterality) {
                    if on != view {
                        continue;
                    }
                    let who = users
                        .get(&(r.region.as_str(), side))
                        .cloned()
                        .unwrap_or_default();
                    // Side-view shapes are in the lateral frame: not mirrored by side.
                    let mirror = if lateral { None } else { side };
                    let inside = add(
                        Shape {
                            region: r.region.clone(),
                            side,
                        },
                        &shape_polygon(&r.shape, mirror),
                        who,
                        &mut cells,
                    );
                    let set: &mut CellSet = region_cells
                        .entry((view, r.region.clone(), side))
                        .or_default();
                    for c in inside {
                        set.insert(c);
                    }
                }
            }
            // `local` zones: a disc around each marker of the point on this view.
            for (k, ps) in point_sides.iter().enumerate() {
                let p = &atlas.points[ps.point];
                let Some(intensity) = p
                    .zones()
                    .find(|(r, _)| *r == LOCAL)
                    .map(|(_, intensity)| intensity)
                else {
                    continue;
                };
                let Some(m) = p.marker(view_art.view) else {
                    continue;
                };
                if !shape_instances(view_art.view, p.laterality).contains(&(view, ps.side)) {
                    continue;
                }
                let x = if !lateral && ps.side == Some(Side::Right) {
                    -m.x
                } else {
                    m.x
                };
                add(
                    Shape {
                        region: LOCAL.to_string(),
                        side: ps.side,
                    },
                    &disc((x, m.y), LOCAL_RADIUS),
                    vec![(k as u32, intensity)],
                    &mut cells,
                );
            }
            per_view_cells.push(cells);
            views.push(ViewIndex {
                view,
                signature: vec![0; CELLS],
                body,
            });
        }
        // Signatures: cells with the same shapes over and around them.
        let mut signatures = vec![Signature::default()];
        let mut known: HashMap<Vec<(u32, u8)>, u32> = HashMap::new();
        for (v, cells) in per_view_cells.into_iter().enumerate() {
            for (c, mut list) in cells.into_iter().enumerate() {
                if list.is_empty() {
                    continue;
                }
                list.sort_unstable();
                let next = signatures.len() as u32;
                let id = *known.entry(list.clone()).or_insert_with(|| {
                    signatures.push(Signature {
                        shapes: list,
                        worth: Vec::new(),
                    });
                    next
                });
                views[v].signature[c] = id;
            }
        }
        for sig in &mut signatures {
            let mut best: HashMap<u32, Worth> = HashMap::new();
            for &(shape, band) in &sig.shapes {
                for &(ps, intensity) in &shape_users[shape as usize] {
                    let point = point_sides[ps as usize].point as u32;
                    let base = match intensity {
                        Intensity::Essential => 1.0,
                        Intensity::Spillover => SPILLOVER,
                    };
                    let worth = if band == 0 {
                        base
                    } else {
                        base * NEAR[band as usize - 1]
                    };
                    let e = best.entry(point).or_insert(Worth {
                        point,
                        worth: 0.0,
                        covered: false,
                        essential: false,
                    });
                    e.worth = e.worth.max(worth);
                    e.covered |= band == 0;
                    e.essential |= band == 0 && intensity == Intensity::Essential;
                }
            }
            let mut worth: Vec<Worth> = best.into_values().collect();
            worth.sort_by_key(|w| w.point);
            sig.worth = worth;
        }
        let areas: Vec<Vec<CellSet>> = atlas
            .complaint_areas
            .iter()
            .map(|a| {
                views
                    .iter()
                    .map(|v| {
                        let mut set = CellSet::default();
                        for ((view, region, _), cells) in &region_cells {
                            if *view == v.view && a.regions.contains(region) {
                                set.union(cells);
                            }
                        }
                        set
                    })
                    .collect()
            })
            .collect();
        let point_areas = atlas
            .points
            .iter()
            .map(|p| {
                p.prevalence
                    .iter()
                    .filter_map(|pr| {
                        let a = atlas
                            .complaint_areas
                            .iter()
                            .position(|a| a.complaint == pr.complaint)?;
                        Some((a, pr.strength()))
                    })
                    .collect()
            })
            .collect();
        Explainer {
            areas,
            point_areas,
            views,
            signatures,
            shapes,
            point_sides,
            shape_users,
            region_cells,
        }
    }

    /// How many distinct signatures the grids have, and how many (shape, point-side) worths
    /// they hold in all (for the benchmarks).
    pub fn size(&self) -> (usize, usize) {
        (
            self.signatures.len(),
            self.signatures.iter().map(|s| s.worth.len()).sum(),
        )
    }

    /// The views of the grids, in the order [`Explainer::paint`] returns them.
    pub fn views(&self) -> Vec<View> {
        self.views.iter().map(|v| v.view).collect()
    }

    /// The cells a drawing paints on each view, on the body only; erasers rub out.
    pub fn paint(&self, drawing: &Drawing) -> (Vec<CellSet>, Vec<StrokeView>) {
        let mut painted: Vec<CellSet> = self.views.iter().map(|_| CellSet::default()).collect();
        let mut unscored = Vec::new();
        for stroke in &drawing.strokes {
            let Some(v) = stroke
                .view
                .view()
                .and_then(|view| self.views.iter().position(|x| x.view == view))
            else {
                if !stroke.erase && !unscored.contains(&stroke.view) {
                    unscored.push(stroke.view);
                }
                continue;
            };
            let set = &mut painted[v];
            if stroke.erase {
                brush(&stroke.points, stroke.radius, |c| set.remove(c));
            } else {
                brush(&stroke.points, stroke.radius, |c| set.insert(c));
            }
        }
        for (set, view) in painted.iter_mut().zip(&self.views) {
            set.intersect(&view.body);
        }
        (painted, unscored)
    }

    /// Explain a drawing.
    pub fn explain(&self, atlas: &Atlas, drawing: &Drawing) -> Explanation {
        let (painted, unscored) = self.paint(drawing);
        let mut e = self.explain_cells(atlas, &painted);
        e.unscored_views = unscored;
        e
    }

    /// The region shapes of `places` (a region, on one side or on any side), as painted cells:
    /// what `where` asks about.
    pub fn region_cells(&self, places: &[crate::atlas::Place]) -> Vec<CellSet> {
        self.views
            .iter()
            .map(|v| {
                let mut set = CellSet::default();
                for ((view, region, side), cells) in &self.region_cells {
                    if *view == v.view
                        && places.iter().any(|p| {
                            p.region == *region
                                && (p.side.is_none() || side.is_none() || p.side == *side)
                        })
                    {
                        set.union(cells);
                    }
                }
                set
            })
            .collect()
    }

    /// Rank the points for asked places by the same spatial scoring as a drawing: the places'
    /// shapes are the drawing. Every point whose zones name a place is listed.
    pub fn rank_places<'a>(
        &self,
        atlas: &'a Atlas,
        places: &[crate::atlas::Place],
    ) -> Vec<PlaceCandidate<'a>> {
        let exact = crate::atlas::candidates(atlas, places);
        let spatial = self.explain_cells(atlas, &self.region_cells(places));
        let mut out: Vec<PlaceCandidate> = spatial
            .candidates
            .iter()
            .map(|c| {
                let hit = exact.iter().find(|e| e.point.id == c.id);
                let matches = hit.map(|e| e.matches.clone()).unwrap_or_default();
                let overlaps = c
                    .matches
                    .iter()
                    .filter(|z| !matches.iter().any(|m| m.region == z.region))
                    .cloned()
                    .collect();
                PlaceCandidate {
                    point: c.point,
                    sides: hit.map_or_else(|| c.sides.clone(), |e| e.sides.clone()),
                    matches,
                    overlaps,
                    near: c.near.clone(),
                }
            })
            .collect();
        // A zone with no shape on any view still counts by name.
        for e in &exact {
            if !out.iter().any(|c| atlas.points[c.point].id == e.point.id)
                && let Some(i) = atlas.points.iter().position(|p| p.id == e.point.id)
            {
                out.push(PlaceCandidate {
                    point: i,
                    sides: e.sides.clone(),
                    matches: e.matches.clone(),
                    overlaps: Vec::new(),
                    near: Vec::new(),
                });
            }
        }
        out
    }

    /// Explain painted cells (one set per view, in the order of the art's views).
    pub fn explain_cells(&self, atlas: &Atlas, painted: &[CellSet]) -> Explanation {
        // Painted cells per signature.
        let mut counts = vec![0u32; self.signatures.len()];
        let mut total = 0usize;
        for (set, view) in painted.iter().zip(&self.views) {
            for c in set.iter() {
                total += 1;
                counts[view.signature[c] as usize] += 1;
            }
        }
        counts[0] = 0;
        let mut empty = Explanation {
            candidates: Vec::new(),
            together: Together {
                ids: Vec::new(),
                explains: 0.0,
            },
            painted: total,
            unscored_views: Vec::new(),
        };
        if total == 0 {
            return empty;
        }
        let n_points = atlas.points.len();
        // How much of the drawing lies in each complaint's area.
        let in_area: Vec<f32> = self
            .areas
            .iter()
            .map(|sets| {
                sets.iter()
                    .zip(painted)
                    .map(|(area, p)| {
                        let mut both = p.clone();
                        both.intersect(area);
                        both.len()
                    })
                    .sum::<usize>() as f32
                    / total as f32
            })
            .collect();
        let sigs: Vec<(u32, u32)> = counts
            .iter()
            .enumerate()
            .filter(|(_, n)| **n > 0)
            .map(|(s, n)| (s as u32, *n))
            .collect();
        // Per point (both sides together: each cell counts its best side once).
        let mut worth = vec![0f32; n_points];
        let mut covered = vec![0u32; n_points];
        let mut essential = vec![0u32; n_points];
        for &(s, n) in &sigs {
            let nf = n as f32;
            for w in &self.signatures[s as usize].worth {
                let i = w.point as usize;
                worth[i] += w.worth * nf;
                if w.covered {
                    covered[i] += n;
                }
                if w.essential {
                    essential[i] += n;
                }
            }
        }
        // The zones each point has under and beside the drawing, by shape.
        let hits = self.hits(&sigs, n_points);
        let t = total as f32;
        let mut sides_of: Vec<Vec<usize>> = vec![Vec::new(); n_points];
        for (k, ps) in self.point_sides.iter().enumerate() {
            sides_of[ps.point].push(k);
        }
        let mut candidates: Vec<Candidate> = (0..n_points)
            .filter(|&i| worth[i] > 0.0)
            .map(|i| {
                let p = &atlas.points[i];
                // The sides that explain it: those whose zones lie under the drawing, or, where
                // none does, those whose zones lie beside it.
                let uses = |k: usize, inside: bool| {
                    hits[i].iter().any(|&(shape, band, _)| {
                        (band == 0) == inside
                            && self.shape_users[shape as usize]
                                .iter()
                                .any(|&(ps, _)| ps as usize == k)
                    })
                };
                let mine = &sides_of[i];
                let under: Vec<usize> = mine.iter().copied().filter(|&k| uses(k, true)).collect();
                let chosen = if under.is_empty() {
                    mine.iter().copied().filter(|&k| uses(k, false)).collect()
                } else {
                    under
                };
                let sides = chosen.iter().map(|&k| self.point_sides[k].side).collect();
                let common: f32 = self.point_areas[i]
                    .iter()
                    .map(|&(a, strength)| in_area[a] * strength)
                    .sum::<f32>()
                    .min(1.0);
                Candidate {
                    id: p.id.clone(),
                    point: i,
                    sides,
                    score: {
                        let spatial = worth[i] / t;
                        let proximity = (spatial / PROXIMITY).min(1.0);
                        commonness(p.weight) * (spatial + PREVALENCE * proximity * common)
                    },
                    explains: covered[i] as f32 / t,
                    essential: essential[i] as f32 / t,
                    matches: Vec::new(),
                    near: Vec::new(),
                    reasons: Vec::new(),
                }
            })
            .collect();
        candidates.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then(b.explains.total_cmp(&a.explains))
                .then(a.id.cmp(&b.id))
        });
        for c in &mut candidates {
            let (matches, near) = self.zone_hits(&hits[c.point]);
            c.matches = matches;
            c.near = near;
            c.reasons = reasons(atlas, &atlas.points[c.point], c, &in_area);
        }
        empty.together = self.together(&sigs, &candidates, total);
        empty.candidates = candidates;
        empty
    }

    /// For every point, the zones that the painted signatures lie in and those they lie just
    /// beside: one pass over the painted signatures.
    fn hits(&self, sigs: &[(u32, u32)], n_points: usize) -> Vec<Vec<(u32, u8, Intensity)>> {
        // The best band of every shape under or beside the drawing, then its users.
        let mut band_of: Vec<u8> = vec![u8::MAX; self.shapes.len()];
        for &(s, _) in sigs {
            for &(shape, band) in &self.signatures[s as usize].shapes {
                let b = &mut band_of[shape as usize];
                *b = (*b).min(band);
            }
        }
        // (shape, band, best intensity) per point.
        let mut per_point: Vec<Vec<(u32, u8, Intensity)>> = vec![Vec::new(); n_points];
        for (shape, &band) in band_of.iter().enumerate() {
            if band == u8::MAX {
                continue;
            }
            for &(ps, intensity) in &self.shape_users[shape] {
                let list = &mut per_point[self.point_sides[ps as usize].point];
                match list.last_mut() {
                    Some(e) if e.0 == shape as u32 => e.2 = e.2.min(intensity),
                    _ => list.push((shape as u32, band, intensity)),
                }
            }
        }
        per_point
    }

    /// A point's (shape, band, intensity) list as the zones under and beside the drawing.
    fn zone_hits(&self, list: &[(u32, u8, Intensity)]) -> (Vec<ZoneHit>, Vec<ZoneHit>) {
        let mut inside: Vec<ZoneHit> = Vec::new();
        let mut beside: Vec<ZoneHit> = Vec::new();
        for &(shape, band, intensity) in list {
            let sh = &self.shapes[shape as usize];
            let hit = ZoneHit {
                region: sh.region.clone(),
                side: sh.side,
                intensity,
            };
            let into = if band == 0 { &mut inside } else { &mut beside };
            if !into.contains(&hit) {
                into.push(hit);
            }
        }
        beside.retain(|b| {
            !inside
                .iter()
                .any(|i| i.region == b.region && i.side == b.side)
        });
        inside.sort();
        beside.sort();
        (inside, beside)
    }

    /// Greedy cover over the best candidates.
    fn together(&self, sigs: &[(u32, u32)], candidates: &[Candidate], total: usize) -> Together {
        let pool: Vec<&Candidate> = candidates.iter().take(25).collect();
        // For each candidate, the painted signatures its zones cover: one pass.
        let n_points = candidates.iter().map(|c| c.point + 1).max().unwrap_or(0);
        let mut slot: Vec<Option<usize>> = vec![None; n_points];
        for (k, c) in pool.iter().enumerate() {
            slot[c.point] = Some(k);
        }
        let mut covers: Vec<Vec<usize>> = vec![Vec::new(); pool.len()];
        for (i, (s, _)) in sigs.iter().enumerate() {
            for w in &self.signatures[*s as usize].worth {
                if w.covered
                    && let Some(&Some(k)) = slot.get(w.point as usize)
                    && covers[k].last() != Some(&i)
                {
                    covers[k].push(i);
                }
            }
        }
        let mut done = vec![false; sigs.len()];
        let mut chosen: Vec<usize> = Vec::new();
        let mut got = 0u32;
        while chosen.len() < TOGETHER_MAX {
            let gain = |k: usize| -> u32 {
                covers[k]
                    .iter()
                    .filter(|&&s| !done[s])
                    .map(|&s| sigs[s].1)
                    .sum()
            };
            // The most likely point among those that add much: gain times score.
            let best = (0..pool.len())
                .filter(|k| !chosen.contains(k))
                .map(|k| (k, gain(k)))
                .filter(|&(_, g)| g > 0)
                .max_by(|a, b| {
                    (a.1 as f32 * pool[a.0].score)
                        .total_cmp(&(b.1 as f32 * pool[b.0].score))
                        .then(b.0.cmp(&a.0))
                });
            let Some((best, g)) = best else {
                break;
            };
            // A point that adds less than a twentieth of the drawing is not worth naming.
            if g == 0 || (g as f32) < 0.05 * total as f32 {
                break;
            }
            for &s in &covers[best] {
                done[s] = true;
            }
            got += g;
            chosen.push(best);
            if got as f32 >= TOGETHER_ENOUGH * total as f32 {
                break;
            }
        }
        Together {
            ids: chosen.iter().map(|&k| pool[k].id.clone()).collect(),
            explains: got as f32 / total as f32,
        }
    }
}

/// "Quadratus lumborum and Gluteus medius together explain": the muscles of `ids` in words (a
/// muscle named once however many of its points are there), and the verb that fits.
pub fn together_words(atlas: &Atlas, ids: &[String]) -> (String, &'static str) {
    let mut names: Vec<String> = Vec::new();
    for p in ids.iter().filter_map(|id| atlas.point(id)) {
        if !names.contains(&p.muscle) {
            names.push(p.muscle.clone());
        }
    }
    let verb = if names.len() == 1 {
        "explains"
    } else {
        "together explain"
    };
    let words = match names.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    };
    (words, verb)
}

fn percent(f: f32) -> String {
    format!("{:.0}%", (f * 100.0).round())
}

/// Plain-words reasons for a candidate.
fn reasons(atlas: &Atlas, p: &TriggerPoint, c: &Candidate, in_area: &[f32]) -> Vec<Reason> {
    let mut out = Vec::new();
    let spill = c.explains - c.essential;
    if c.essential >= 0.005 {
        out.push(Reason {
            text: format!(
                "its usual zone covers {} of what you drew",
                percent(c.essential)
            ),
        });
    }
    if spill >= 0.005 {
        out.push(Reason {
            text: format!(
                "it sometimes sends pain to {} of what you drew",
                percent(spill)
            ),
        });
    }
    if !c.near.is_empty() && c.explains < 0.999 {
        out.push(Reason {
            text: if c.explains < 0.005 {
                "it sends pain right next to it".to_string()
            } else {
                "and right next to the rest".to_string()
            },
        });
    }
    // The studies that found it common in the complaint where the drawing is.
    for pr in &p.prevalence {
        let here = atlas
            .complaint_areas
            .iter()
            .position(|a| a.complaint == pr.complaint)
            .is_some_and(|a| in_area[a] > 0.0);
        if here && pr.strength() > 0.0 {
            let how = match pr.share {
                Some(share) => format!(" (in about {:.0}% of people with it)", share * 100.0),
                None => String::new(),
            };
            out.push(Reason {
                text: format!(
                    "often found in {}{how}{}",
                    pr.complaint,
                    if pr.unverified { ", unverified" } else { "" }
                ),
            });
        }
    }
    out
}
