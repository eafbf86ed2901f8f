//! Presenter mode (F5, or the panel's button; Esc leaves): fullscreen, the body fills the screen,
//! a large caption instead of the panel, and only the relevant markers until asked for. The
//! clicker keys step: PageDown, Right, Down and Space go on; PageUp, Left and Up go back; B
//! blanks the screen (and brings it back), as in slide shows.

use bevy::prelude::*;
use bevy::window::{MonitorSelection, PrimaryWindow, WindowMode};

use super::tour::{TourCommand, TourState};
use crate::explorer::body::highlight::OnlyRelevantMarkers;
use crate::explorer::shared::{ExplorerSet, UiHasKeyboard};
use crate::explorer::state::Command;

/// Whether the presenter is on, with its options.
#[derive(Resource, Debug, Clone, Copy, Default, PartialEq)]
pub struct Presenter {
    pub on: bool,
    /// Every marker is shown, not only the relevant ones.
    pub all_points: bool,
    /// The screen is blanked (B).
    pub blank: bool,
}

#[derive(Message, Debug, Clone, Copy, PartialEq)]
pub enum PresenterCommand {
    Set(bool),
    Toggle,
    AllPoints(bool),
    Blank(bool),
    /// Go on: the next tour step, or the next point.
    Next,
    Back,
}

pub struct PresenterPlugin;

impl Plugin for PresenterPlugin {
    fn build(&self, app: &mut App) {
        app.init_resource::<Presenter>()
            .add_message::<PresenterCommand>()
            .add_systems(Update, keys.in_set(ExplorerSet::Input))
            .add_systems(Update, apply.in_set(ExplorerSet::Apply));
    }
}

fn keys(
    keys: Res<ButtonInput<KeyCode>>,
    typing: Res<UiHasKeyboard>,
    presenter: Res<Presenter>,
    tour: Res<TourState>,
    mut out: MessageWriter<PresenterCommand>,
) {
    if keys.just_pressed(KeyCode::F5) {
        out.write(PresenterCommand::Toggle);
    }
    if typing.0 || !(presenter.on || tour.active.is_some()) {
        return;
    }
    if presenter.on && keys.just_pressed(KeyCode::Escape) {
        out.write(PresenterCommand::Set(false));
    }
    if keys.any_just_pressed([
        KeyCode::PageDown,
        KeyCode::ArrowRight,
        KeyCode::ArrowDown,
        KeyCode::Space,
    ]) {
        out.write(PresenterCommand::Next);
    }
    if keys.any_just_pressed([KeyCode::PageUp, KeyCode::ArrowLeft, KeyCode::ArrowUp]) {
        out.write(PresenterCommand::Back);
    }
    if presenter.on && keys.just_pressed(KeyCode::KeyB) {
        out.write(PresenterCommand::Blank(!presenter.blank));
    }
}

fn apply(
    mut commands: Commands,
    mut input: MessageReader<PresenterCommand>,
    mut presenter: ResMut<Presenter>,
    tour: Res<TourState>,
    mut tours: MessageWriter<TourCommand>,
    mut points: MessageWriter<Command>,
    mut window: Query<&mut Window, With<PrimaryWindow>>,
) {
    let before = *presenter;
    for c in input.read() {
        match c {
            PresenterCommand::Set(on) => presenter.on = *on,
            PresenterCommand::Toggle => presenter.on = !presenter.on,
            PresenterCommand::AllPoints(all) => presenter.all_points = *all,
            PresenterCommand::Blank(b) => presenter.blank = *b,
            PresenterCommand::Next | PresenterCommand::Back => {
                let next = matches!(c, PresenterCommand::Next);
                if presenter.blank {
                    presenter.blank = false;
                } else if tour.active.is_some() {
                    tours.write(if next {
                        TourCommand::Next
                    } else {
                        TourCommand::Back
                    });
                } else {
                    points.write(Command::Step(if next { 1 } else { -1 }));
                }
            }
        }
    }
    if *presenter == before {
        return;
    }
    if !presenter.on {
        presenter.blank = false;
        presenter.all_points = false;
    }
    if presenter.on != before.on
        && let Ok(mut w) = window.single_mut()
    {
        w.mode = if presenter.on {
            WindowMode::BorderlessFullscreen(MonitorSelection::Current)
        } else {
            WindowMode::Windowed
        };
    }
    if presenter.on && !presenter.all_points {
        commands.insert_resource(OnlyRelevantMarkers);
    } else {
        commands.remove_resource::<OnlyRelevantMarkers>();
    }
}
