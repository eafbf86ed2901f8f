//! Integration tests, one binary so that a test run links once.

mod cli;
mod corpus;
#[cfg(feature = "explorer")]
mod explorer;
#[cfg(feature = "explorer")]
mod pictures;
mod query;
mod reference;
mod shipped;
#[cfg(feature = "explorer")]
mod window;

use std::path::{Path, PathBuf};

/// A path inside the repository.
pub fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// The shipped atlas, which must load.
pub fn shipped() -> trigger_atlas::atlas::Atlas {
    let path = repo("data/atlas.ron");
    trigger_atlas::atlas::load_path(&path).unwrap_or_else(|e| panic!("{e}"))
}

/// The small test atlas of `tests/fixtures/mini.ron`.
pub fn mini() -> trigger_atlas::atlas::Atlas {
    trigger_atlas::atlas::load_path(&repo("tests/fixtures/mini.ron"))
        .unwrap_or_else(|e| panic!("{e}"))
}
