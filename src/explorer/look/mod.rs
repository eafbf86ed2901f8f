//! The look shared by the screen and the handouts: the palettes and materials (`palette`) and
//! the small egui drawings of the legend (`widgets`).

pub mod palette;
pub mod widgets;
