//! The pure core of Trigger Atlas: the data model, loading and validation, the body art and its
//! geometry, and the queries. Nothing here depends on Bevy, so the CLI and most tests build
//! without it.
//!
//! | room | what lives there |
//! | --- | --- |
//! | [`data`] | the atlas file: model, loading, validation, located diagnostics |
//! | [`art`] | the body art and its geometry: curves, layout, tessellation, hit tests |
//! | [`query`] | forward (zones), reverse (candidates) and search |
//! | [`drawing`] | pain drawings, and the points that explain them (spatial scoring) |
//! | [`records`] | client records: private files of a client's drawing, points and note |
//! | [`studio`] | guided tours and the practice's profile (name, contact, logo, paper) |
//! | [`page`] | a handout laid out once, as boxes, text and paths; written as a PDF |
//! | [`files`] | safe writes and the user's folders |
//! | [`exit`] | the process exit codes every front end shares |

pub mod art;
pub mod data;
pub mod drawing;
pub mod exit;
pub mod files;
pub mod page;
pub mod query;
pub mod records;
pub mod studio;

// Short paths for the front ends and the tests: `atlas::load_path`, `atlas::geometry`, ...
pub use art::geometry;
pub use data::{diag, load, model, spans, validate};
pub use diag::{Diagnostic, Diagnostics, Location};
pub use load::{LoadError, load_path, load_shipped, parse_atlas};
pub use model::*;
pub use query::{Candidate, Match, Place, Zone, candidates, search, zones};
