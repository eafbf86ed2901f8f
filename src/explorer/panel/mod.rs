//! The panel: the egui details panel, banner, tooltips and pick list (`details`), its background
//! (`backdrop`), and the keyboard shortcuts (`keys`).

pub mod backdrop;
pub mod details;
pub mod keys;
