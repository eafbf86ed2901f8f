//! Applying commands to the state, and deriving what follows through the core.

use bevy::prelude::*;

use crate::atlas::{self, Side};
use crate::explorer::live::LiveAtlas;
use crate::explorer::shared::ChangeMark;

use super::model::{
    Brush, CandidateRow, Command, Derived, DrawingCommand, LitZone, MarkedPlaces, Mode,
    PainDrawing, Preview, Search, Selection, ViewMode,
};

/// Apply state commands in the order they were sent.
pub fn apply_commands(
    mut commands: MessageReader<Command>,
    live: Res<LiveAtlas>,
    mut selection: ResMut<Selection>,
    mut mode: ResMut<Mode>,
    mut marked: ResMut<MarkedPlaces>,
    mut view: ResMut<ViewMode>,
    search: Option<Res<Search>>,
    mut change: Option<ResMut<ChangeMark>>,
) {
    for command in commands.read() {
        if matches!(command, Command::Select { .. } | Command::Step(_))
            && let Some(change) = change.as_mut()
        {
            change.mark();
        }
        match command {
            Command::Select { id, side } => {
                let Some(p) = live.atlas().and_then(|a| a.point(id)) else {
                    continue;
                };
                let side = match p.laterality {
                    atlas::Laterality::Midline => None,
                    atlas::Laterality::Bilateral => side.or(Some(Side::Left)),
                };
                selection.set_if_neq(Selection {
                    point: Some(id.clone()),
                    side,
                    also: Vec::new(),
                });
                // Show a view where the point has a marker (the right side view shows the
                // side markers of the right side).
                if let ViewMode::Only(v) = *view
                    && p.marker(v.art_view()).is_none()
                    && let Some(m) = p.markers.first()
                {
                    let shown = match (m.view, side) {
                        (crate::atlas::View::Left, Some(Side::Right)) => crate::atlas::View::Right,
                        (v, _) => v,
                    };
                    *view = ViewMode::Only(shown);
                }
            }
            Command::ClearSelection => {
                selection.set_if_neq(Selection::default());
            }
            Command::Step(delta) => {
                let Some(atlas) = live.atlas() else { continue };
                // Step through the search results when there are any, else every point.
                let order: Vec<&str> = match search.as_deref() {
                    Some(s) if !s.query.trim().is_empty() && !s.results.is_empty() => {
                        s.results.iter().map(String::as_str).collect()
                    }
                    _ => atlas.points.iter().map(|p| p.id.as_str()).collect(),
                };
                if order.is_empty() {
                    continue;
                }
                let n = order.len() as i32;
                let current = selection
                    .point
                    .as_deref()
                    .and_then(|id| order.iter().position(|o| *o == id));
                let next = match current {
                    Some(i) => (i as i32 + delta).rem_euclid(n),
                    None if *delta >= 0 => 0,
                    None => n - 1,
                };
                let id = order[next as usize].to_string();
                let side = atlas
                    .point(&id)
                    .and_then(|p| p.sides().first().copied())
                    .flatten();
                selection.set_if_neq(Selection {
                    point: Some(id),
                    side,
                    also: Vec::new(),
                });
            }
            Command::SetMode(m) => {
                mode.set_if_neq(*m);
            }
            Command::ToggleMode => {
                *mode = match *mode {
                    Mode::Explore => Mode::WhereItHurts,
                    Mode::WhereItHurts => Mode::Explore,
                };
            }
            Command::TogglePlace { place, extend } => {
                let extend = *extend || marked.multi;
                let had = marked.places.contains(place);
                if extend {
                    if had {
                        marked.places.retain(|p| p != place);
                    } else {
                        marked.places.push(place.clone());
                    }
                } else if had && marked.places.len() == 1 {
                    marked.places.clear();
                } else {
                    marked.places = vec![place.clone()];
                }
            }
            Command::ClearPlaces => {
                if !marked.places.is_empty() {
                    marked.places.clear();
                }
            }
            Command::SetMulti(on) => {
                if marked.multi != *on {
                    marked.multi = *on;
                }
            }
            Command::SetView(v) => {
                view.set_if_neq(*v);
            }
            Command::CycleView => {
                *view = view.next();
            }
        }
    }
}

/// Apply drawing commands: paint, erase, mirror, undo, redo, clear.
pub fn apply_drawing(
    mut commands: MessageReader<DrawingCommand>,
    mut brush: ResMut<Brush>,
    mut pain: ResMut<PainDrawing>,
    mut change: Option<ResMut<ChangeMark>>,
) {
    use crate::atlas::drawing::Stroke;
    for command in commands.read() {
        // Painting is a change the user waits to see (the stroke under the finger).
        if matches!(
            command,
            DrawingCommand::Begin { .. } | DrawingCommand::Extend { .. }
        ) && let Some(change) = change.as_mut()
        {
            change.mark();
        }
        match *command {
            DrawingCommand::Begin { view, at } => {
                let b = *brush;
                let mut strokes = vec![Stroke {
                    view,
                    radius: b.radius,
                    points: vec![at],
                    erase: b.erase,
                }];
                // The other side: mirrored across the midline on the front and back views.
                if b.mirror && view.view().is_some() && at.0.abs() > 1e-4 {
                    strokes.push(Stroke {
                        points: vec![(-at.0, at.1)],
                        ..strokes[0].clone()
                    });
                }
                pain.change(|d| d.strokes.extend(strokes.iter().cloned()));
                let n = pain.drawing.strokes.len();
                pain.active = (n - strokes.len()..n).collect();
            }
            DrawingCommand::Extend { at } => {
                if pain.active.is_empty() {
                    continue;
                }
                let active = pain.active.clone();
                let Some(first) = pain.drawing.strokes.get(active[0]) else {
                    continue;
                };
                // Keep the points about a third of the brush apart.
                let last = *first.points.last().unwrap_or(&at);
                let step = first.radius / 3.0;
                if (last.0 - at.0).hypot(last.1 - at.1) < step {
                    continue;
                }
                for (k, &i) in active.iter().enumerate() {
                    let p = if k == 0 { at } else { (-at.0, at.1) };
                    if let Some(stroke) = pain.drawing.strokes.get_mut(i) {
                        stroke.points.push(p);
                    }
                }
            }
            DrawingCommand::End => {
                if !pain.active.is_empty() {
                    pain.active.clear();
                }
            }
            DrawingCommand::Undo => {
                pain.active.clear();
                pain.undo();
            }
            DrawingCommand::Redo => {
                pain.active.clear();
                pain.redo();
            }
            DrawingCommand::Clear => {
                if !pain.drawing.strokes.is_empty() {
                    pain.active.clear();
                    pain.change(|d| d.strokes.clear());
                }
            }
            DrawingCommand::SetRadius(r) => brush.radius = r,
            DrawingCommand::SetEraser(on) => brush.erase = on,
            DrawingCommand::SetMirror(on) => brush.mirror = on,
        }
    }
}

/// Recompute the lit zones and the candidates through the core when anything they depend on
/// changed. Marked places and the pain drawing are explained together, by the same spatial
/// scoring as `trigger-atlas where` and `explain`.
pub fn derive(
    live: Res<LiveAtlas>,
    selection: Res<Selection>,
    marked: Res<MarkedPlaces>,
    pain: Res<PainDrawing>,
    preview: Res<Preview>,
    mut derived: ResMut<Derived>,
) {
    if !(live.is_changed()
        || selection.is_changed()
        || marked.is_changed()
        || pain.is_changed()
        || preview.is_changed())
    {
        return;
    }
    let Some(atlas) = live.atlas() else {
        derived.set_if_neq(Derived::default());
        return;
    };
    let mut lit: Vec<LitZone> = Vec::new();
    let shown = if selection.all().is_empty() {
        preview
            .0
            .as_ref()
            .map(|(id, side)| vec![(id.as_str(), *side)])
            .unwrap_or_default()
    } else {
        selection.all()
    };
    for (id, side) in shown {
        let Some(p) = atlas.point(id) else { continue };
        for z in atlas::zones(atlas, p, side) {
            let zone = LitZone {
                region: z.region.to_string(),
                side: z.side,
                intensity: z.intensity,
            };
            if !lit.contains(&zone) {
                lit.push(zone);
            }
        }
    }
    let (candidates, together) = if marked.places.is_empty() && pain.drawing.is_empty() {
        (Vec::new(), (Vec::new(), 0.0))
    } else {
        explain(&live, atlas, &marked.places, &pain.drawing)
    };
    derived.set_if_neq(Derived {
        lit,
        candidates,
        together,
    });
}

fn zone_names(zones: &[atlas::drawing::ZoneHit]) -> Vec<(String, atlas::Intensity)> {
    let mut out: Vec<(String, atlas::Intensity)> = Vec::new();
    for z in zones {
        if !out.iter().any(|(r, _)| *r == z.region) {
            out.push((z.region.clone(), z.intensity));
        }
    }
    out
}

/// The ranked candidates for marked places and a drawing, through the core.
fn explain(
    live: &LiveAtlas,
    atlas: &atlas::Atlas,
    places: &[atlas::Place],
    drawing: &atlas::drawing::Drawing,
) -> (Vec<CandidateRow>, (Vec<String>, f32)) {
    let Some(explainer) = live.explainer() else {
        return (Vec::new(), (Vec::new(), 0.0));
    };
    let mut cells = explainer.region_cells(places);
    let (painted, _) = explainer.paint(drawing);
    for (c, p) in cells.iter_mut().zip(&painted) {
        c.union(p);
    }
    let e = explainer.explain_cells(atlas, &cells);
    let rows = e
        .candidates
        .iter()
        .map(|c| CandidateRow {
            id: c.id.clone(),
            sides: c.sides.clone(),
            matches: zone_names(&c.matches),
            near: zone_names(&c.near),
            explains: c.explains,
            reasons: c.reasons.iter().map(|r| r.text.clone()).collect(),
        })
        .collect();
    (rows, (e.together.ids, e.together.explains))
}
