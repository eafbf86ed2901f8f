//! The pain drawing on screen: in "Where does it hurt?" the client paints on the body with a
//! finger, pen or mouse (`paint`), and the painted area is drawn over the body (`show`). The
//! drawing itself, undo and redo, and its explanation live in the state (`PainDrawing`,
//! `DrawingCommand`, `Derived`); the scoring is the core's.

pub mod paint;
pub mod show;

use bevy::prelude::*;

/// Painting and showing the drawing.
pub struct DrawingPlugin;

impl Plugin for DrawingPlugin {
    fn build(&self, app: &mut App) {
        app.add_plugins((paint::PaintPlugin, show::ShowPlugin));
    }
}
