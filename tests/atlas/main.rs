//! Integration tests, one binary so that a test run links once.

mod cli;
mod corpus;
mod explain;
#[cfg(feature = "explorer")]
mod explorer;
mod fuzz;
mod handouts;
#[cfg(feature = "explorer")]
mod pictures;
mod query;
mod reference;
mod rooms;
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

/// Points of a grid over `r`'s bounding box where `r` is the region on top (inside it and in
/// no smaller region of the same view), `n` steps a side.
pub fn spots_on_top(
    all: &[trigger_atlas::atlas::geometry::RegionInstance],
    r: &trigger_atlas::atlas::geometry::RegionInstance,
    n: usize,
    keep: impl Fn([f32; 2]) -> bool,
) -> Vec<[f32; 2]> {
    use trigger_atlas::atlas::geometry::contains;
    let (x0, x1) = r
        .polygon
        .iter()
        .fold((f32::MAX, f32::MIN), |(a, b), p| (a.min(p[0]), b.max(p[0])));
    let (y0, y1) = r
        .polygon
        .iter()
        .fold((f32::MAX, f32::MIN), |(a, b), p| (a.min(p[1]), b.max(p[1])));
    let mut out = Vec::new();
    for i in 1..n {
        for j in 1..n {
            let p = [
                x0 + (x1 - x0) * i as f32 / n as f32,
                y0 + (y1 - y0) * j as f32 / n as f32,
            ];
            let on_top = contains(&r.polygon, p)
                && !all
                    .iter()
                    .any(|o| o.view == r.view && o.area < r.area && contains(&o.polygon, p));
            if on_top && keep(p) {
                out.push(p);
            }
        }
    }
    out
}

/// Run `script` with `sh` as root of a private user and mount namespace, where it may mount a
/// tmpfs without touching the machine. `None` where this machine forbids that (no `unshare`,
/// user namespaces turned off, or no tmpfs mounts in them); the caller then says the check was
/// skipped.
/// What `render --select POINT --out FOLDER/FILE` did onto a private tmpfs of `size` (such as
/// `16k`), small enough that the disk fills while the handout is written.
pub struct FullDisk {
    /// The app's standard output, then `exit CODE`.
    pub out: String,
    pub err: String,
    /// What the full folder holds afterwards (`ls -A`).
    pub listing: String,
    /// The folder, as the app was given it.
    pub folder: String,
}

/// `None` where this machine forbids private mounts (see [`in_private_mounts`]).
pub fn render_onto_full_disk(size: &str, point: &str, file: &str) -> Option<FullDisk> {
    let bin = env!("CARGO_BIN_EXE_trigger-atlas");
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().display().to_string();
    let script = format!(
        "mount -t tmpfs -o size={size} tmpfs {d} && \
         XDG_CONFIG_HOME={d} {bin} render --select {point} --out {d}/{file}; \
         echo \"exit $?\"; echo listing; ls -A {d}"
    );
    let o = in_private_mounts(&script)?;
    let out = String::from_utf8_lossy(&o.stdout).to_string();
    let listing = out.split("listing").nth(1).unwrap_or_default().to_string();
    Some(FullDisk {
        out,
        err: String::from_utf8_lossy(&o.stderr).to_string(),
        listing,
        folder: d,
    })
}

pub fn in_private_mounts(script: &str) -> Option<std::process::Output> {
    let dir = tempfile::tempdir().ok()?;
    let probe = std::process::Command::new("unshare")
        .args([
            "--user",
            "--map-root-user",
            "--mount",
            "mount",
            "-t",
            "tmpfs",
            "tmpfs",
        ])
        .arg(dir.path())
        .output()
        .ok()?;
    if !probe.status.success() {
        return None;
    }
    std::process::Command::new("unshare")
        .args(["--user", "--map-root-user", "--mount", "sh", "-c", script])
        .env("WGPU_BACKEND", "vulkan")
        .output()
        .ok()
}
