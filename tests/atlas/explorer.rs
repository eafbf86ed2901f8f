//! The explorer's interaction state in a headless `App` (no window, no GPU): the real plugins
//! on `MinimalPlugins` with the asset server, fed with real files and real input events.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use bevy::asset::AssetPlugin;
use bevy::input::InputPlugin;
use bevy::prelude::*;
use trigger_atlas::atlas::{Intensity, Place, Side};
use trigger_atlas::explorer::live::LiveAtlas;
use trigger_atlas::explorer::state::{Command, Derived, LitZone, MarkedPlaces, Mode, Selection};
use trigger_atlas::explorer::{DataPaths, ExplorerPlugins};

/// A headless explorer over copies of the shipped files in a temporary folder.
pub struct Harness {
    pub app: App,
    pub dir: tempfile::TempDir,
}

impl Harness {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        std::fs::copy(crate::repo("data/atlas.ron"), dir.path().join("atlas.ron")).unwrap();
        std::fs::copy(crate::repo("assets/body.ron"), dir.path().join("body.ron")).unwrap();
        let paths = DataPaths {
            atlas: Some(dir.path().join("atlas.ron")),
            art: Some(dir.path().join("body.ron")),
        };
        let mut app = App::new();
        trigger_atlas::explorer::live::LiveDataPlugin::register_sources(&mut app, &paths);
        app.add_plugins((
            MinimalPlugins,
            AssetPlugin::default(),
            InputPlugin,
            bevy::window::WindowPlugin {
                primary_window: None,
                ..default()
            },
        ))
        .init_asset::<Mesh>()
        .init_asset::<ColorMaterial>()
        .init_asset::<Image>()
        .add_plugins(ExplorerPlugins { paths });
        let mut h = Harness { app, dir };
        h.update_until("the data is ready", |w| w.resource::<LiveAtlas>().ready());
        h
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Run frames until `done`, or fail after 10 s.
    pub fn update_until(&mut self, what: &str, mut done: impl FnMut(&mut World) -> bool) {
        let start = Instant::now();
        loop {
            self.app.update();
            if done(self.app.world_mut()) {
                return;
            }
            if start.elapsed() > Duration::from_secs(10) {
                let live = self.app.world().resource::<LiveAtlas>();
                let errors: Vec<_> = live.errors().map(|e| e.report.clone()).collect();
                panic!(
                    "timed out waiting for {what}; atlas loaded: {}, art loaded: {}, errors: {errors:?}",
                    live.atlas().is_some(),
                    live.art().is_some()
                );
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    pub fn send(&mut self, c: Command) {
        self.app.world_mut().write_message(c);
        self.app.update();
    }

    pub fn lit(&self) -> Vec<LitZone> {
        self.app.world().resource::<Derived>().lit.clone()
    }

    pub fn reload(&mut self, file: &str) {
        let server = self.app.world().resource::<AssetServer>().clone();
        server.reload(
            Path::new(&format!(
                "{}://{file}",
                if file.starts_with("atlas") {
                    "atlas"
                } else {
                    "art"
                }
            ))
            .to_string_lossy()
            .into_owned(),
        );
    }
}

fn has(lit: &[LitZone], region: &str, side: Option<Side>, intensity: Intensity) -> bool {
    lit.iter()
        .any(|z| z.region == region && z.side == side && z.intensity == intensity)
}

#[test]
fn selecting_upper_trapezius_lights_the_left_temple_only() {
    let mut h = Harness::new();
    h.send(Command::Select {
        id: "upper-trapezius-1".into(),
        side: Some(Side::Left),
    });
    let lit = h.lit();
    assert!(
        has(&lit, "temple", Some(Side::Left), Intensity::Essential),
        "{lit:?}"
    );
    assert!(
        has(&lit, "angle_of_jaw", Some(Side::Left), Intensity::Spillover),
        "{lit:?}"
    );
    assert!(
        !lit.iter().any(|z| z.side == Some(Side::Right)),
        "ipsilateral: {lit:?}"
    );
    let sel = h.app.world().resource::<Selection>().clone();
    assert_eq!(sel.point.as_deref(), Some("upper-trapezius-1"));
    h.send(Command::ClearSelection);
    assert!(h.lit().is_empty());
}

#[test]
fn a_tapped_region_gives_the_right_candidates() {
    let mut h = Harness::new();
    h.send(Command::SetMode(Mode::WhereItHurts));
    h.send(Command::TogglePlace {
        place: Place::new("greater_trochanter", Some(Side::Right)),
        extend: false,
    });
    let derived = h.app.world().resource::<Derived>().clone();
    let ids: Vec<&str> = derived.candidates.iter().map(|c| c.id.as_str()).collect();
    assert!(ids[0].starts_with("quadratus-lumborum"), "{ids:?}");
    assert!(derived.candidates[0].sides.contains(&Some(Side::Right)));
    // Adding a second place with extend keeps both and re-ranks.
    h.send(Command::TogglePlace {
        place: Place::new("lateral_thigh", Some(Side::Right)),
        extend: true,
    });
    let marked = h.app.world().resource::<MarkedPlaces>().places.len();
    assert_eq!(marked, 2);
    let derived = h.app.world().resource::<Derived>().clone();
    assert!(
        derived
            .candidates
            .iter()
            .any(|c| c.id.starts_with("gluteus-minimus"))
    );
}

#[test]
fn a_broken_hot_reload_keeps_the_atlas_and_sets_the_banner() {
    let mut h = Harness::new();
    let before = h
        .app
        .world()
        .resource::<LiveAtlas>()
        .atlas()
        .unwrap()
        .points
        .len();
    let good = std::fs::read_to_string(h.path("atlas.ron")).unwrap();
    // Break one zone of the first point: a typo in a region id.
    let at = good.find("points: [").unwrap();
    let broken = format!(
        "{}{}",
        &good[..at],
        good[at..].replacen("\"temple\"", "\"temples\"", 1)
    );
    std::fs::write(h.path("atlas.ron"), broken).unwrap();
    h.reload("atlas.ron");
    h.update_until("the banner", |w| {
        w.resource::<LiveAtlas>().atlas_error.is_some()
    });
    let live = h.app.world().resource::<LiveAtlas>();
    let e = live.atlas_error.clone().unwrap();
    assert!(
        e.headline.contains("unknown region `temples`"),
        "{}",
        e.headline
    );
    assert!(e.headline.contains("atlas.ron:"), "{}", e.headline);
    assert_eq!(
        live.atlas().unwrap().points.len(),
        before,
        "the last good atlas stays"
    );
    std::fs::write(h.path("atlas.ron"), &good).unwrap();
    h.reload("atlas.ron");
    h.update_until("the banner to clear", |w| {
        w.resource::<LiveAtlas>().atlas_error.is_none()
    });
}
