//! The atlas file (`data/atlas.ron`): the model in the domain's words, loading from bytes, every
//! semantic check, and diagnostics that point at the exact line and column.

pub mod diag;
pub mod load;
pub mod model;
pub mod spans;
pub mod validate;
