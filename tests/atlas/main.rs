//! Integration tests, one binary so that a test run links once.

mod cli;
mod corpus;
#[cfg(feature = "explorer")]
mod explorer;
mod fuzz;
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

/// Fail, saying what to install, when Mesa's software Vulkan (lavapipe) is missing.
#[cfg(feature = "explorer")]
pub fn require_lavapipe() {
    let ok = std::fs::read_dir("/usr/share/vulkan/icd.d")
        .map(|d| {
            d.flatten()
                .any(|e| e.file_name().to_string_lossy().starts_with("lvp_icd"))
        })
        .unwrap_or(false);
    assert!(
        ok,
        "Mesa's software Vulkan (lavapipe) is missing: install `mesa-vulkan-drivers` (bash scripts/install-deps)"
    );
}

/// Tests that run the renderer (windows, pictures, handouts) take turns: on two cores, several
/// software renderers at once starve each other and make timings meaningless.
#[cfg(feature = "explorer")]
pub fn gpu_turn() -> std::sync::MutexGuard<'static, ()> {
    static TURN: std::sync::Mutex<()> = std::sync::Mutex::new(());
    TURN.lock().unwrap_or_else(|e| e.into_inner())
}
