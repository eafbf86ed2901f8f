//! The bottom room of the app: what several rooms share, so that no room has to import one
//! beside or above it. The order of systems in a frame, who owns the pointer and the keyboard,
//! the status notice, the event-loop waker, the hooks that the instruments read, and the
//! graphics backend (`gpu`).

pub mod gpu;

use std::time::Instant;

use bevy::prelude::*;

/// Ordering of systems within a frame: read input, apply commands, derive, then draw.
#[derive(SystemSet, Debug, Clone, PartialEq, Eq, Hash)]
pub enum ExplorerSet {
    Input,
    Apply,
    Derive,
    Draw,
}

/// Whether egui has the pointer (over the panel, or dragging a slider). Set by the panel, read
/// by the body view so that a click on the panel is not a tap on the body.
#[derive(Resource, Debug, Clone, Copy, Default)]
pub struct UiHasPointer(pub bool);

/// Whether egui is taking keyboard input (the search box has focus). Set by the panel.
#[derive(Resource, Debug, Clone, Copy, Default)]
pub struct UiHasKeyboard(pub bool);

/// The last message for the user (a saved handout, a failed save), shown in the panel.
#[derive(Resource, Debug, Clone, Default)]
pub struct Notice(pub Option<String>);

/// Wakes the event loop from another thread (set by the window app; absent in tests).
#[derive(Resource, Clone)]
pub struct Waker(pub std::sync::Arc<dyn Fn() + Send + Sync>);

/// Whether metrics were asked for (`TRIGGER_ATLAS_METRICS`).
pub fn metrics_enabled() -> bool {
    std::env::var_os("TRIGGER_ATLAS_METRICS").is_some_and(|v| v != "0")
}

/// Set by the app when its content is on screen-ready (data loaded, meshes built).
#[derive(Resource, Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ContentReady(pub bool);

/// Set by the app when it handles a change the user should see; numbered so that each one is
/// reported once.
#[derive(Resource, Debug, Clone, Copy, Default)]
pub struct ChangeMark {
    pub at: Option<Instant>,
    pub id: u64,
}

impl ChangeMark {
    pub fn mark(&mut self) {
        self.at = Some(Instant::now());
        self.id += 1;
    }
}

/// Registers the shared resources, and the order of the sets.
pub struct SharedPlugin;

impl Plugin for SharedPlugin {
    fn build(&self, app: &mut App) {
        app.init_resource::<UiHasPointer>()
            .init_resource::<UiHasKeyboard>()
            .init_resource::<Notice>()
            .configure_sets(
                Update,
                (
                    ExplorerSet::Input,
                    ExplorerSet::Apply,
                    ExplorerSet::Derive,
                    ExplorerSet::Draw,
                )
                    .chain(),
            );
    }
}
