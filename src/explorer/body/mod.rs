//! The body view: the figure and its regions (`diagram`), the camera that frames it (`camera`),
//! the markers and taps (`markers`) and what lights up (`highlight`). Imports run in that order:
//! `diagram` ← `camera` ← `markers` ← `highlight`.

pub mod camera;
pub mod diagram;
pub mod highlight;
pub mod markers;

use bevy::prelude::*;

/// Every plugin of the body view.
pub struct BodyPlugin;

impl Plugin for BodyPlugin {
    fn build(&self, app: &mut App) {
        app.add_plugins((
            diagram::DiagramPlugin,
            markers::MarkersPlugin,
            highlight::HighlightPlugin,
            camera::CameraPlugin,
        ));
    }
}
