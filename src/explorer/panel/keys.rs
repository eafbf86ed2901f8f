//! Keyboard: every feature without a mouse. Esc clears, Tab and Shift+Tab step through the
//! points, V switches the view, W toggles "where does it hurt?", F11 toggles fullscreen,
//! +/- zoom, 0 or R resets the view, / or Ctrl+F focuses the search box, arrow keys and Enter
//! choose a search result, M shows the muscles, Ctrl+Z / Ctrl+Y (or Ctrl+Shift+Z) undo and redo the pain drawing.

use bevy::prelude::*;
use bevy::window::{MonitorSelection, PrimaryWindow, WindowMode};

use crate::explorer::body::camera::CameraCommand;
use crate::explorer::body::markers::PickList;
use crate::explorer::handouts::export::SaveHandout;
use crate::explorer::shared::{ExplorerSet, UiHasKeyboard};
use crate::explorer::state::{Command, DrawingCommand, MarkedPlaces, Mode, Selection};
use crate::explorer::state::{Search, SearchCommand};

pub struct KeysPlugin;

impl Plugin for KeysPlugin {
    fn build(&self, app: &mut App) {
        app.add_systems(Update, shortcuts.in_set(ExplorerSet::Input));
    }
}

fn shortcuts(
    keys: Res<ButtonInput<KeyCode>>,
    typing: Res<UiHasKeyboard>,
    selection: Res<Selection>,
    marked: Res<MarkedPlaces>,
    mode: Res<Mode>,
    search: Res<Search>,
    mut pick: ResMut<PickList>,
    mut window: Query<&mut Window, With<PrimaryWindow>>,
    mut commands: MessageWriter<Command>,
    mut camera: MessageWriter<CameraCommand>,
    mut search_cmd: MessageWriter<SearchCommand>,
    mut save: MessageWriter<SaveHandout>,
    mut drawing: MessageWriter<DrawingCommand>,
    mut muscles_layer: ResMut<crate::explorer::muscles::MusclesLayer>,
) {
    let shift = keys.any_pressed([KeyCode::ShiftLeft, KeyCode::ShiftRight]);
    let ctrl = keys.any_pressed([KeyCode::ControlLeft, KeyCode::ControlRight]);
    if keys.just_pressed(KeyCode::F11)
        && let Ok(mut w) = window.single_mut()
    {
        w.mode = match w.mode {
            WindowMode::Windowed => WindowMode::BorderlessFullscreen(MonitorSelection::Current),
            _ => WindowMode::Windowed,
        };
    }
    if keys.just_pressed(KeyCode::Escape) {
        // Peel one layer at a time: pick list, search text, selection, marked places.
        if !pick.options.is_empty() {
            *pick = PickList::default();
        } else if !search.query.is_empty() {
            search_cmd.write(SearchCommand::Clear);
        } else if selection.point.is_some() {
            commands.write(Command::ClearSelection);
        } else if !marked.places.is_empty() {
            commands.write(Command::ClearPlaces);
        } else if *mode == Mode::WhereItHurts {
            commands.write(Command::SetMode(Mode::Explore));
        }
    }
    if keys.just_pressed(KeyCode::Tab) {
        commands.write(Command::Step(if shift { -1 } else { 1 }));
    }
    // Arrow keys and Enter drive the search results, also while the search box has focus.
    if !search.query.is_empty() {
        if keys.just_pressed(KeyCode::ArrowDown) {
            search_cmd.write(SearchCommand::Down);
        }
        if keys.just_pressed(KeyCode::ArrowUp) {
            search_cmd.write(SearchCommand::Up);
        }
        if keys.just_pressed(KeyCode::Enter) || keys.just_pressed(KeyCode::NumpadEnter) {
            search_cmd.write(SearchCommand::Choose);
        }
    }
    if (ctrl && keys.just_pressed(KeyCode::KeyF))
        || (!typing.0 && keys.just_pressed(KeyCode::Slash))
    {
        search_cmd.write(SearchCommand::Focus);
    }
    if ctrl && keys.just_pressed(KeyCode::KeyS) {
        save.write(SaveHandout::Pdf);
    }
    // Undo and redo the pain drawing (not while typing, where they belong to the text box).
    if ctrl && !typing.0 {
        if keys.just_pressed(KeyCode::KeyZ) && !shift {
            drawing.write(DrawingCommand::Undo);
        }
        if keys.just_pressed(KeyCode::KeyY) || (keys.just_pressed(KeyCode::KeyZ) && shift) {
            drawing.write(DrawingCommand::Redo);
        }
    }
    // Letter and number keys only when the user is not typing in the search box.
    if typing.0 || ctrl {
        return;
    }
    if keys.just_pressed(KeyCode::KeyV) {
        commands.write(Command::CycleView);
    }
    if keys.just_pressed(KeyCode::KeyW) {
        commands.write(Command::ToggleMode);
    }
    if keys.just_pressed(KeyCode::KeyM) {
        muscles_layer.0 = !muscles_layer.0;
    }
    if keys.any_just_pressed([KeyCode::Equal, KeyCode::NumpadAdd]) {
        camera.write(CameraCommand::ZoomIn);
    }
    if keys.any_just_pressed([KeyCode::Minus, KeyCode::NumpadSubtract]) {
        camera.write(CameraCommand::ZoomOut);
    }
    if keys.any_just_pressed([KeyCode::Digit0, KeyCode::Numpad0, KeyCode::KeyR]) {
        camera.write(CameraCommand::Reset);
    }
}
