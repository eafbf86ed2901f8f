//! The panel: the egui details panel, banner, tooltips and pick list (`details`), and the
//! keyboard shortcuts (`keys`).

pub mod details;
pub mod keys;
