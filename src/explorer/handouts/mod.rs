//! Handouts: the frame drawn around the body on a handout (`frame`) and "Save handout" from the
//! app (`export`). The headless app that renders a handout is assembled in
//! `explorer::headless`, beside the window app.

pub mod export;
pub mod frame;
