//! Guided tours: start one, step with next and back (keys, clicker, a tap on the caption), and
//! each step sets the selection, the marked places, the view and the zoom.

use bevy::prelude::*;

use crate::atlas::View;
use crate::atlas::geometry::Layout;
use crate::atlas::page::handout::step_views;
use crate::atlas::studio::TourStep;

use super::profile::Studio;
use crate::explorer::body::camera::CameraView;
use crate::explorer::live::LiveAtlas;
use crate::explorer::shared::{ExplorerSet, Notice};
use crate::explorer::state::{MarkedPlaces, Mode, Selection, ViewMode};

/// The tour on screen and its step.
#[derive(Resource, Debug, Clone, Default, PartialEq)]
pub struct TourState {
    pub active: Option<(String, usize)>,
}

/// Start, step through and end tours.
#[derive(Message, Debug, Clone, PartialEq)]
pub enum TourCommand {
    Start(String),
    Next,
    Back,
    Stop,
}

/// A tour to start once the data is ready (`--tour ID`).
#[derive(Resource, Debug, Clone, Default)]
pub struct StartTour(pub Option<String>);

pub struct TourPlugin;

impl Plugin for TourPlugin {
    fn build(&self, app: &mut App) {
        app.init_resource::<TourState>()
            .init_resource::<StartTour>()
            .add_message::<TourCommand>()
            .add_systems(
                Update,
                (start_pending, run_commands)
                    .chain()
                    .in_set(ExplorerSet::Apply),
            );
    }
}

fn start_pending(
    mut pending: ResMut<StartTour>,
    studio: Res<Studio>,
    live: Res<LiveAtlas>,
    mut out: MessageWriter<TourCommand>,
) {
    if live.ready()
        && !studio.tours.tours.is_empty()
        && let Some(id) = pending.0.take()
    {
        out.write(TourCommand::Start(id));
    }
}

/// The view mode of a step's views.
pub fn view_mode(views: &[View]) -> ViewMode {
    match views {
        [v] => ViewMode::Only(*v),
        [side, View::Front, View::Back] if side.is_lateral() => ViewMode::WithSide(*side),
        _ => ViewMode::Both,
    }
}

/// Put a step on screen.
fn show_step(
    step: &TourStep,
    atlas: &crate::atlas::Atlas,
    selection: &mut Selection,
    marked: &mut MarkedPlaces,
    mode: &mut Mode,
    view: &mut ViewMode,
    camera: &mut CameraView,
) {
    let picked = step.selections();
    *selection = match picked.split_first() {
        Some(((id, side), rest)) => Selection {
            point: Some(id.clone()),
            side: *side,
            also: rest.to_vec(),
        },
        None => Selection::default(),
    };
    *marked = MarkedPlaces {
        places: step.places(),
        multi: true,
    };
    *mode = if picked.is_empty() && !marked.places.is_empty() {
        Mode::WhereItHurts
    } else {
        Mode::Explore
    };
    let views = step_views(atlas, step);
    *view = view_mode(&views);
    let zoom = step.zoom();
    let layout = Layout::SIDE_BY_SIDE;
    let pan = match step.focus {
        Some((x, y)) if zoom > 1.0 => {
            let on = views.first().copied().unwrap_or(View::Front);
            let at = layout.place(on, None, (x, y));
            let (min, max) = layout.bounds(&views);
            Vec2::new(
                at[0] - (min[0] + max[0]) / 2.0,
                at[1] - (min[1] + max[1]) / 2.0,
            )
        }
        _ => Vec2::ZERO,
    };
    *camera = CameraView { zoom, pan };
}

fn run_commands(
    mut commands: MessageReader<TourCommand>,
    studio: Res<Studio>,
    live: Res<LiveAtlas>,
    mut state: ResMut<TourState>,
    mut selection: ResMut<Selection>,
    mut marked: ResMut<MarkedPlaces>,
    mut mode: ResMut<Mode>,
    mut view: ResMut<ViewMode>,
    mut camera: ResMut<CameraView>,
    mut notice: ResMut<Notice>,
) {
    let Some(atlas) = live.atlas() else {
        commands.clear();
        return;
    };
    for c in commands.read() {
        let next = match (c, &state.active) {
            (TourCommand::Start(id), _) => match studio.tours.get(id) {
                Some(_) => Some((id.clone(), 0)),
                None => {
                    notice.0 = Some(studio.tours.unknown(id));
                    state.active.clone()
                }
            },
            (TourCommand::Next, Some((id, k))) => {
                let n = studio.tours.get(id).map_or(0, |t| t.steps.len());
                Some((id.clone(), (*k + 1).min(n.saturating_sub(1))))
            }
            (TourCommand::Back, Some((id, k))) => Some((id.clone(), k.saturating_sub(1))),
            (TourCommand::Stop, _) => None,
            (_, None) => None,
        };
        if next == state.active {
            continue;
        }
        if let Some((id, k)) = &next
            && let Some(step) = studio.tours.get(id).and_then(|t| t.steps.get(*k))
        {
            show_step(
                step,
                atlas,
                &mut selection,
                &mut marked,
                &mut mode,
                &mut view,
                &mut camera,
            );
        }
        if next.is_none() {
            *camera = CameraView::default();
        }
        state.active = next;
    }
}
