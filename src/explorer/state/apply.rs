//! Applying commands to the state, and deriving what follows through the core.

use bevy::prelude::*;

use crate::atlas::{self, Side};
use crate::explorer::live::LiveAtlas;
use crate::explorer::shared::ChangeMark;

use super::model::{
    CandidateRow, Command, Derived, LitZone, MarkedPlaces, Mode, Search, Selection, ViewMode,
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
                // Show a view where the point has a marker.
                if let ViewMode::Only(v) = *view
                    && p.marker(v).is_none()
                    && let Some(m) = p.markers.first()
                {
                    *view = ViewMode::Only(m.view);
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

/// Recompute the lit zones and the candidates through the core when anything they depend on
/// changed.
pub fn derive(
    live: Res<LiveAtlas>,
    selection: Res<Selection>,
    marked: Res<MarkedPlaces>,
    mut derived: ResMut<Derived>,
) {
    if !(live.is_changed() || selection.is_changed() || marked.is_changed()) {
        return;
    }
    let Some(atlas) = live.atlas() else {
        derived.set_if_neq(Derived::default());
        return;
    };
    let mut lit: Vec<LitZone> = Vec::new();
    for (id, side) in selection.all() {
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
    let candidates = atlas::candidates(atlas, &marked.places)
        .into_iter()
        .map(|c| CandidateRow {
            id: c.point.id.clone(),
            sides: c.sides.clone(),
            matches: c
                .matches
                .iter()
                .map(|m| (m.region.to_string(), m.intensity))
                .collect(),
        })
        .collect();
    derived.set_if_neq(Derived { lit, candidates });
}
