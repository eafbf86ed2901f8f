//! The explorer's interaction state: what is selected, which mode, which places are marked,
//! the search box, and what follows from them (lit zones, ranked candidates). Systems that
//! change the state send [`Command`]s; [`StatePlugin`] applies them and derives the rest
//! through the core.
//!
//! `model` holds the types; `apply` and `search` the systems, which share only the types.

pub mod apply;
pub mod model;
pub mod search;

use bevy::prelude::{App, IntoScheduleConfigs, Plugin, Update};

use crate::explorer::shared::ExplorerSet;

pub use model::*;

pub struct StatePlugin;

impl Plugin for StatePlugin {
    fn build(&self, app: &mut App) {
        app.init_resource::<Mode>()
            .init_resource::<ViewMode>()
            .init_resource::<Selection>()
            .init_resource::<MarkedPlaces>()
            .init_resource::<Prefs>()
            .init_resource::<Derived>()
            .init_resource::<PainDrawing>()
            .init_resource::<Brush>()
            .add_message::<DrawingCommand>()
            .init_resource::<Preview>()
            .add_message::<Command>()
            .add_plugins(search::SearchPlugin)
            .add_systems(
                Update,
                (apply::apply_commands, apply::apply_drawing).in_set(ExplorerSet::Apply),
            )
            .add_systems(Update, apply::derive.in_set(ExplorerSet::Derive));
    }
}
