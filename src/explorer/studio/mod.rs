//! The studio: guided tours, the presenter mode, the animated referral and the practice's own
//! profile. The data (tours, practice) is loaded and checked by the core (`atlas::studio`);
//! this room keeps it live, steps through tours and presents.

pub mod caption;
pub mod motion;
pub mod presenter;
pub mod profile;
pub mod tour;

pub use presenter::{Presenter, PresenterCommand};
pub use profile::{Studio, StudioPaths};
pub use tour::{TourCommand, TourState};

use bevy::prelude::*;

/// Everything of the studio that needs no window (tests run it headless).
pub struct StudioPlugin;

impl Plugin for StudioPlugin {
    fn build(&self, app: &mut App) {
        app.add_plugins((
            profile::ProfilePlugin,
            tour::TourPlugin,
            presenter::PresenterPlugin,
            motion::MotionPlugin,
        ));
    }
}
