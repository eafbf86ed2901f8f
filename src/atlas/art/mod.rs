//! The body art (`assets/body.ron`) and the geometry drawn from it: smooth curves, mirroring,
//! the layout of the views, tessellation and hit tests.

pub mod body;
pub mod geometry;

pub use body::*;
