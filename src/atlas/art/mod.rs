//! The body art (`assets/body.ron`), the muscle art (`assets/muscles.ron`), and the geometry
//! drawn from them: smooth curves, mirroring,
//! the layout of the views, tessellation and hit tests.

pub mod body;
pub mod geometry;
pub mod muscles;

pub use body::*;
