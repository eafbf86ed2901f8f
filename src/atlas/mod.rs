//! The pure core of Trigger Atlas: the data model, loading and validation, geometry and
//! queries. Nothing here depends on Bevy, so the CLI and most tests build without it.

pub mod art;
pub mod diag;
pub mod geometry;
pub mod load;
pub mod model;
pub mod query;
pub mod spans;
pub mod validate;

pub use diag::{Diagnostic, Diagnostics, Location};
pub use load::{LoadError, load_path, load_shipped, parse_atlas};
pub use model::*;
pub use query::{Candidate, Match, Place, Zone, candidates, search, zones};
