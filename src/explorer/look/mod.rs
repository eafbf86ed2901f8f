//! The look shared by the screen and the handouts: the palettes and materials (`palette`), the
//! plain-colour material of the diagram (`flat`) and the small egui drawings of the legend
//! (`widgets`).

pub mod materials;
pub mod palette;
pub mod widgets;
