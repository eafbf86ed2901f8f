//! The explorer's interaction state: what is selected, which mode, which places are marked,
//! and what follows from them (lit zones, ranked candidates). Systems that change the state
//! send messages; [`StatePlugin`] applies them and derives the rest through the core.

use bevy::prelude::*;

use crate::atlas::{self, Intensity, Place, Side, View};

use super::live::LiveAtlas;

/// What tapping the body does.
#[derive(Resource, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// Tapping a marker selects its trigger point.
    #[default]
    Explore,
    /// "Where does it hurt?": tapping the body marks the region under the finger.
    WhereItHurts,
}

/// Which views are on screen.
#[derive(Resource, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ViewMode {
    #[default]
    Both,
    Only(View),
}

impl ViewMode {
    pub fn views(self) -> Vec<View> {
        match self {
            ViewMode::Both => View::ALL.to_vec(),
            ViewMode::Only(v) => vec![v],
        }
    }

    pub fn shows(self, view: View) -> bool {
        matches!(self, ViewMode::Both) || self == ViewMode::Only(view)
    }

    /// Both → Front → Back → Both.
    pub fn next(self) -> Self {
        match self {
            ViewMode::Both => ViewMode::Only(View::Front),
            ViewMode::Only(View::Front) => ViewMode::Only(View::Back),
            ViewMode::Only(View::Back) => ViewMode::Both,
        }
    }
}

/// The selected trigger point, by id (ids survive a reload; indices may not), and the side
/// whose marker was chosen (`None` for a midline point).
#[derive(Resource, Debug, Clone, PartialEq, Eq, Default)]
pub struct Selection {
    pub point: Option<String>,
    pub side: Option<Side>,
    /// More points shown at once (handouts with several `--select`); the app uses only `point`.
    pub also: Vec<(String, Option<Side>)>,
}

impl Selection {
    /// Every selected point with its side, the main one first.
    pub fn all(&self) -> Vec<(&str, Option<Side>)> {
        self.point
            .as_deref()
            .map(|p| (p, self.side))
            .into_iter()
            .chain(self.also.iter().map(|(p, s)| (p.as_str(), *s)))
            .collect()
    }
}

/// The places marked in "where does it hurt?" mode.
#[derive(Resource, Debug, Clone, PartialEq, Eq, Default)]
pub struct MarkedPlaces {
    pub places: Vec<Place>,
    /// When on, a tap adds or removes a place instead of replacing the marks.
    pub multi: bool,
}

/// User preferences.
#[derive(Resource, Debug, Clone, Copy, PartialEq)]
pub struct Prefs {
    /// egui scale: 1.0 normal, up to 2.0 for the studio screen.
    pub ui_scale: f32,
    /// Blue and orange instead of red, for colour-blind viewers.
    pub colour_blind: bool,
}

impl Default for Prefs {
    fn default() -> Self {
        Prefs {
            ui_scale: 1.25,
            colour_blind: false,
        }
    }
}

/// A lit zone: a region on one side (or the midline), and how strongly.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct LitZone {
    pub region: String,
    pub side: Option<Side>,
    pub intensity: Intensity,
}

/// A ranked candidate of the reverse query, owned so that it outlives the atlas borrow.
#[derive(Debug, Clone, PartialEq)]
pub struct CandidateRow {
    pub id: String,
    pub sides: Vec<Option<Side>>,
    pub matches: Vec<(String, Intensity)>,
}

impl CandidateRow {
    pub fn has_essential(&self) -> bool {
        self.matches.iter().any(|(_, i)| *i == Intensity::Essential)
    }
}

/// What follows from the state: recomputed through the core when the state or atlas changes.
#[derive(Resource, Debug, Clone, Default, PartialEq)]
pub struct Derived {
    /// Zones of the selected point.
    pub lit: Vec<LitZone>,
    /// Candidates for the marked places, in rank order.
    pub candidates: Vec<CandidateRow>,
}

/// Requests to change the state.
#[derive(Message, Debug, Clone, PartialEq)]
pub enum Command {
    /// Select a point (on a side).
    Select {
        id: String,
        side: Option<Side>,
    },
    ClearSelection,
    /// Step through the points (+1 next, -1 previous).
    Step(i32),
    SetMode(Mode),
    ToggleMode,
    /// Mark a place; with `extend`, add or remove it; otherwise replace the marks.
    TogglePlace {
        place: Place,
        extend: bool,
    },
    ClearPlaces,
    /// Turn "mark several places" on or off.
    SetMulti(bool),
    SetView(ViewMode),
    CycleView,
}

/// Ordering of systems within a frame: read input, apply commands, derive, then draw.
#[derive(SystemSet, Debug, Clone, PartialEq, Eq, Hash)]
pub enum ExplorerSet {
    Input,
    Apply,
    Derive,
    Draw,
}

pub struct StatePlugin;

impl Plugin for StatePlugin {
    fn build(&self, app: &mut App) {
        app.init_resource::<Mode>()
            .init_resource::<ViewMode>()
            .init_resource::<Selection>()
            .init_resource::<MarkedPlaces>()
            .init_resource::<Prefs>()
            .init_resource::<Derived>()
            .add_message::<Command>()
            .configure_sets(
                Update,
                (
                    ExplorerSet::Input,
                    ExplorerSet::Apply,
                    ExplorerSet::Derive,
                    ExplorerSet::Draw,
                )
                    .chain(),
            )
            .add_systems(Update, apply_commands.in_set(ExplorerSet::Apply))
            .add_systems(Update, derive.in_set(ExplorerSet::Derive));
    }
}

/// Apply state commands in the order they were sent.
pub fn apply_commands(
    mut commands: MessageReader<Command>,
    live: Res<LiveAtlas>,
    mut selection: ResMut<Selection>,
    mut mode: ResMut<Mode>,
    mut marked: ResMut<MarkedPlaces>,
    mut view: ResMut<ViewMode>,
    search: Option<Res<super::search::Search>>,
    mut change: Option<ResMut<super::metrics::ChangeMark>>,
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
