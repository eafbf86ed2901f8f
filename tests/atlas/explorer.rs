//! The explorer's interaction state in a headless `App` (no window, no GPU): the real plugins
//! on `MinimalPlugins` with the asset server, fed with real files and real input events.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use bevy::asset::AssetPlugin;
use bevy::input::ButtonState;
use bevy::input::InputPlugin;
use bevy::input::keyboard::{Key, KeyboardInput};
use bevy::input::mouse::MouseButtonInput;
use bevy::prelude::*;
use bevy::window::PrimaryWindow;
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
        let mut h = Self::without_waiting(true);
        h.update_until("the data is ready", |w| w.resource::<LiveAtlas>().ready());
        h
    }

    /// A harness whose atlas file is there (`with_atlas`) or missing; does not wait for it.
    pub fn without_waiting(with_atlas: bool) -> Self {
        let dir = tempfile::tempdir().unwrap();
        if with_atlas {
            std::fs::copy(crate::repo("data/atlas.ron"), dir.path().join("atlas.ron")).unwrap();
        }
        std::fs::copy(crate::repo("assets/body.ron"), dir.path().join("body.ron")).unwrap();
        std::fs::copy(
            crate::repo("assets/muscles.ron"),
            dir.path().join("muscles.ron"),
        )
        .unwrap();
        let paths = DataPaths {
            atlas: Some(dir.path().join("atlas.ron")),
            art: Some(dir.path().join("body.ron")),
            muscles: Some(dir.path().join("muscles.ron")),
        };
        let mut app = App::new();
        trigger_atlas::explorer::live::LiveDataPlugin::register_sources(&mut app, &paths);
        app.add_plugins((
            MinimalPlugins,
            AssetPlugin::default(),
            InputPlugin,
            bevy::window::WindowPlugin {
                primary_window: Some(Window {
                    resolution: (1440, 900).into(),
                    ..default()
                }),
                ..default()
            },
        ))
        .init_asset::<Mesh>()
        .init_asset::<ColorMaterial>()
        // What the renderer's plugins add: a mesh has a visibility (the marker layers are
        // styled through it).
        .register_required_components::<Mesh2d, Visibility>()
        .init_asset::<trigger_atlas::explorer::look::materials::FlatMaterial>()
        .init_asset::<Image>()
        .add_plugins(ExplorerPlugins { paths });
        Harness { app, dir }
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

    pub fn window(&mut self) -> Entity {
        let mut q = self
            .app
            .world_mut()
            .query_filtered::<Entity, With<PrimaryWindow>>();
        q.single(self.app.world()).unwrap()
    }

    /// Press and release a key, as winit would report it.
    pub fn key(&mut self, code: KeyCode, shift: bool) {
        let window = self.window();
        let send = |app: &mut App, key_code: KeyCode, state: ButtonState| {
            app.world_mut().write_message(KeyboardInput {
                key_code,
                logical_key: Key::Unidentified(bevy::input::keyboard::NativeKey::Unidentified),
                state,
                text: None,
                repeat: false,
                window,
            });
        };
        if shift {
            send(&mut self.app, KeyCode::ShiftLeft, ButtonState::Pressed);
        }
        send(&mut self.app, code, ButtonState::Pressed);
        self.app.update();
        send(&mut self.app, code, ButtonState::Released);
        if shift {
            send(&mut self.app, KeyCode::ShiftLeft, ButtonState::Released);
        }
        self.app.update();
        self.app.update();
    }

    /// Move the cursor to `pos` (logical pixels) and click there.
    pub fn click(&mut self, pos: Vec2) {
        let window = self.window();
        self.app
            .world_mut()
            .entity_mut(window)
            .get_mut::<Window>()
            .unwrap()
            .set_cursor_position(Some(pos));
        for state in [ButtonState::Pressed, ButtonState::Released] {
            self.app.world_mut().write_message(MouseButtonInput {
                button: MouseButton::Left,
                state,
                window,
            });
            self.app.update();
        }
        self.app.update();
    }

    /// Press at `from`, move to `to` in `steps`, and release.
    pub fn drag(&mut self, from: Vec2, to: Vec2, steps: usize) {
        let window = self.window();
        let set = |app: &mut App, p: Vec2| {
            app.world_mut()
                .entity_mut(window)
                .get_mut::<Window>()
                .unwrap()
                .set_cursor_position(Some(p));
        };
        set(&mut self.app, from);
        self.app.world_mut().write_message(MouseButtonInput {
            button: MouseButton::Left,
            state: ButtonState::Pressed,
            window,
        });
        self.app.update();
        for k in 1..=steps {
            set(&mut self.app, from.lerp(to, k as f32 / steps as f32));
            self.app.update();
        }
        self.app.world_mut().write_message(MouseButtonInput {
            button: MouseButton::Left,
            state: ButtonState::Released,
            window,
        });
        self.app.update();
        self.app.update();
    }

    /// Ctrl + a key.
    pub fn ctrl_key(&mut self, code: KeyCode) {
        let window = self.window();
        let send = |app: &mut App, key_code: KeyCode, state: ButtonState| {
            app.world_mut().write_message(KeyboardInput {
                key_code,
                logical_key: Key::Unidentified(bevy::input::keyboard::NativeKey::Unidentified),
                state,
                text: None,
                repeat: false,
                window,
            });
        };
        send(&mut self.app, KeyCode::ControlLeft, ButtonState::Pressed);
        send(&mut self.app, code, ButtonState::Pressed);
        self.app.update();
        send(&mut self.app, code, ButtonState::Released);
        send(&mut self.app, KeyCode::ControlLeft, ButtonState::Released);
        self.app.update();
        self.app.update();
    }

    /// Where a diagram point is on screen, through the camera the app set up.
    pub fn screen_of(&mut self, at: [f32; 2]) -> Vec2 {
        let mut q = self
            .app
            .world_mut()
            .query_filtered::<(&Transform, &Projection), With<Camera2d>>();
        let (t, p) = q.single(self.app.world()).unwrap();
        let Projection::Orthographic(o) = p else {
            panic!("2D camera")
        };
        let d = (Vec2::new(at[0], at[1]) - t.translation.truncate()) / o.scale;
        Vec2::new(1440.0 / 2.0 + d.x, 900.0 / 2.0 - d.y)
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
                } else if file.starts_with("muscles") {
                    "muscles"
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
    // The spatial ranking (issue 11): quadratus lumborum, whose usual zone is the trochanter,
    // is in the top three, on the right.
    let ql = ids
        .iter()
        .position(|id| id.starts_with("quadratus-lumborum"))
        .unwrap();
    assert!(ql < 3, "{ids:?}");
    assert!(derived.candidates[ql].sides.contains(&Some(Side::Right)));
    assert!(
        derived.candidates[ql]
            .matches
            .iter()
            .any(|(r, i)| r == "greater_trochanter" && *i == Intensity::Essential)
    );
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

#[test]
fn clicking_a_marker_selects_its_point_on_that_side() {
    let mut h = Harness::new();
    h.app.update();
    let (at, id, side) = {
        let live = h.app.world().resource::<LiveAtlas>();
        let atlas = live.atlas().unwrap();
        let m = live
            .markers
            .iter()
            .find(|m| {
                atlas.points[m.point].id == "quadratus-lumborum-superficial-caudal"
                    && m.side == Some(Side::Right)
            })
            .unwrap();
        (m.at, atlas.points[m.point].id.clone(), m.side)
    };
    let screen = h.screen_of(at);
    // A few pixels off the centre still hits: the touch target is larger than the dot.
    h.click(screen + Vec2::new(5.0, -4.0));
    let sel = h.app.world().resource::<Selection>().clone();
    assert_eq!(sel.point.as_deref(), Some(id.as_str()));
    assert_eq!(sel.side, side);
    let lit = h.lit();
    assert!(
        has(
            &lit,
            "greater_trochanter",
            Some(Side::Right),
            Intensity::Essential
        ),
        "{lit:?}"
    );
    // Clicking empty floor does nothing.
    h.click(Vec2::new(20.0, 880.0));
    assert_eq!(
        h.app.world().resource::<Selection>().point.as_deref(),
        Some(id.as_str())
    );
}

#[test]
fn in_where_mode_a_click_paints_a_dab_and_a_drag_paints_a_stroke() {
    use trigger_atlas::atlas::drawing::StrokeView;
    use trigger_atlas::explorer::state::PainDrawing;
    let mut h = Harness::new();
    h.key(KeyCode::KeyW, false);
    assert_eq!(*h.app.world().resource::<Mode>(), Mode::WhereItHurts);
    // A spot on the back view where the left greater trochanter is the region on top.
    let (centre, layout) = {
        let live = h.app.world().resource::<LiveAtlas>();
        let r = live
            .regions
            .iter()
            .find(|r| {
                r.region == "greater_trochanter"
                    && r.side == Some(Side::Left)
                    && r.view == trigger_atlas::atlas::View::Back
            })
            .unwrap();
        // The app's own hit test must agree that this spot is the trochanter.
        let spot = crate::spots_on_top(&live.regions, r, 20, |p| {
            trigger_atlas::atlas::geometry::region_at(&live.regions, p)
                .is_some_and(|hit| std::ptr::eq(hit, r))
        })
        .first()
        .copied();
        (
            spot.expect("the greater trochanter is reachable somewhere"),
            live.layout.unwrap(),
        )
    };
    let screen = h.screen_of(centre);
    h.click(screen);
    let pain = h.app.world().resource::<PainDrawing>().clone();
    assert_eq!(pain.drawing.strokes.len(), 1, "{pain:?}");
    let dab = &pain.drawing.strokes[0];
    assert_eq!(dab.view, StrokeView::Back);
    assert_eq!(dab.points.len(), 1, "a click is a dab");
    // Art coordinates, x signed: the left trochanter is at positive x.
    let (_, art) = layout.unplace(centre);
    assert!((dab.points[0].0 - art[0]).abs() < 0.003 && (dab.points[0].1 - art[1]).abs() < 0.003);
    assert!(dab.points[0].0 > 0.0);
    // Nothing is marked by a tap any more: the drawing is explained.
    assert!(h.app.world().resource::<MarkedPlaces>().places.is_empty());
    let derived = h.app.world().resource::<Derived>().clone();
    let top3: Vec<&str> = derived
        .candidates
        .iter()
        .take(3)
        .map(|c| c.id.as_str())
        .collect();
    // The outer hip's usual sources lead (T&S: gluteals, piriformis, QL).
    assert!(
        top3.iter()
            .all(|id| ["gluteus-m", "piriformis", "quadratus-lumborum"]
                .iter()
                .any(|m| id.starts_with(m))),
        "{top3:?}"
    );
    let ql = derived
        .candidates
        .iter()
        .find(|c| c.id == "quadratus-lumborum-superficial-caudal")
        .expect("QL, whose usual zone is the trochanter, is listed");
    assert!(ql.matches.iter().any(|(r, _)| r == "greater_trochanter"));
    // A dab on the left: the left side's points (a few refer to both sides).
    assert!(
        derived.candidates[..3]
            .iter()
            .all(|c| c.sides.contains(&Some(Side::Left)))
    );
    // Once there are candidates, the back view marks only them: the other points, dimmed, are
    // left out (a tap paints here, so they would only be clutter).
    h.app.update();
    {
        use trigger_atlas::explorer::body::diagram::MarkerLayer;
        use trigger_atlas::explorer::body::highlight::{MarkerRole, marker_role};
        let world = h.app.world_mut();
        let (live, selection) = (world.resource::<LiveAtlas>(), world.resource::<Selection>());
        let roles: Vec<MarkerRole> = (0..live.markers.len())
            .filter(|&i| live.markers[i].view == trigger_atlas::atlas::View::Back)
            .map(|i| marker_role(live, i, selection, &derived, Mode::WhereItHurts))
            .collect();
        let dimmed = roles.iter().filter(|&&r| r == MarkerRole::Dimmed).count();
        // A ring and a dot each, four vertices a square; the selection has its ring only.
        let want: usize = roles
            .iter()
            .map(|r| match r {
                MarkerRole::Candidate | MarkerRole::Normal => 8,
                MarkerRole::Selected => 4,
                MarkerRole::Dimmed => 0,
            })
            .sum();
        assert!(dimmed > 20, "{dimmed} dimmed markers on the back");
        let mesh = world
            .query::<(&MarkerLayer, &Mesh2d)>()
            .iter(world)
            .find(|(l, _)| l.0 == trigger_atlas::atlas::View::Back)
            .map(|(_, m)| m.0.clone())
            .expect("a marker layer for the back view");
        let vertices = world
            .resource::<Assets<Mesh>>()
            .get(&mesh)
            .unwrap()
            .count_vertices();
        assert_eq!(vertices, want, "{dimmed} dimmed markers left out");
    }
    // A drag paints one stroke through the points it passes.
    h.drag(
        screen + Vec2::new(0.0, -40.0),
        screen + Vec2::new(0.0, -120.0),
        6,
    );
    let pain = h.app.world().resource::<PainDrawing>().clone();
    assert_eq!(pain.drawing.strokes.len(), 2);
    assert!(
        pain.drawing.strokes[1].points.len() >= 4,
        "{:?}",
        pain.drawing.strokes[1]
    );
    // Ctrl+Z takes the stroke back, Ctrl+Y brings it again.
    h.ctrl_key(KeyCode::KeyZ);
    assert_eq!(
        h.app
            .world()
            .resource::<PainDrawing>()
            .drawing
            .strokes
            .len(),
        1
    );
    h.ctrl_key(KeyCode::KeyY);
    assert_eq!(
        h.app
            .world()
            .resource::<PainDrawing>()
            .drawing
            .strokes
            .len(),
        2
    );
}

#[test]
fn keyboard_steps_through_points_and_escape_clears() {
    let mut h = Harness::new();
    let first = h
        .app
        .world()
        .resource::<LiveAtlas>()
        .atlas()
        .unwrap()
        .points[0]
        .id
        .clone();
    let last = h
        .app
        .world()
        .resource::<LiveAtlas>()
        .atlas()
        .unwrap()
        .points
        .last()
        .unwrap()
        .id
        .clone();
    h.key(KeyCode::Tab, false);
    assert_eq!(
        h.app.world().resource::<Selection>().point.as_deref(),
        Some(first.as_str())
    );
    assert!(!h.lit().is_empty(), "a selected point lights its zones");
    h.key(KeyCode::Tab, true);
    assert_eq!(
        h.app.world().resource::<Selection>().point.as_deref(),
        Some(last.as_str())
    );
    h.key(KeyCode::Escape, false);
    assert_eq!(h.app.world().resource::<Selection>().point, None);
    assert!(h.lit().is_empty());
    use trigger_atlas::explorer::state::ViewMode;
    h.key(KeyCode::KeyV, false);
    assert_eq!(
        *h.app.world().resource::<ViewMode>(),
        ViewMode::Only(trigger_atlas::atlas::View::Front)
    );
}

#[test]
fn search_filters_and_enter_chooses() {
    use trigger_atlas::explorer::state::Search;
    let mut h = Harness::new();
    h.app.world_mut().resource_mut::<Search>().query = "sciatica".into();
    h.app.update();
    let results = h.app.world().resource::<Search>().results.clone();
    assert!(
        results.iter().any(|id| id.starts_with("gluteus-minimus")),
        "{results:?}"
    );
    assert!(
        results.iter().any(|id| id.starts_with("piriformis")),
        "{results:?}"
    );
    h.key(KeyCode::ArrowDown, false);
    h.key(KeyCode::Enter, false);
    let sel = h.app.world().resource::<Selection>().point.clone();
    assert_eq!(sel.as_deref(), Some(results[1].as_str()));
    h.app.world_mut().resource_mut::<Search>().query = "low back".into();
    h.app.update();
    let results = h.app.world().resource::<Search>().results.clone();
    assert!(
        results
            .iter()
            .any(|id| id.starts_with("quadratus-lumborum") || id.starts_with("longissimus")),
        "{results:?}"
    );
}

#[test]
fn save_handout_writes_a_new_file_each_time_and_reports_where() {
    use trigger_atlas::explorer::handouts::export::SaveHandout;
    use trigger_atlas::explorer::handouts::export::{HandoutFolder, Renderer};
    use trigger_atlas::explorer::shared::Notice;
    let _turn = crate::gpu_turn();
    let mut h = Harness::new();
    let out = tempfile::tempdir().unwrap();
    h.app
        .insert_resource(Renderer(env!("CARGO_BIN_EXE_trigger-atlas").into()));
    h.app
        .insert_resource(HandoutFolder(out.path().to_path_buf()));
    h.send(Command::Select {
        id: "upper-trapezius-1".into(),
        side: Some(Side::Left),
    });
    let notice = |h: &Harness| {
        h.app
            .world()
            .resource::<Notice>()
            .0
            .clone()
            .unwrap_or_default()
    };
    // A PDF by default, a PNG one click away.
    for (format, expected) in [
        (SaveHandout::Pdf, "trigger-atlas-upper-trapezius-1.pdf"),
        (SaveHandout::Png, "trigger-atlas-upper-trapezius-1.png"),
        (SaveHandout::Pdf, "trigger-atlas-upper-trapezius-1-2.pdf"),
    ] {
        h.app.world_mut().write_message(format);
        h.app.update();
        let start = Instant::now();
        while !notice(&h).contains("saved to") {
            assert!(!notice(&h).contains("Could not"), "{}", notice(&h));
            assert!(
                start.elapsed() < Duration::from_secs(120),
                "no result: {}",
                notice(&h)
            );
            std::thread::sleep(Duration::from_millis(50));
            h.app.update();
        }
        let path = out.path().join(expected);
        assert!(
            notice(&h).contains(&path.display().to_string()),
            "{}",
            notice(&h)
        );
        let bytes = std::fs::read(&path).unwrap();
        match format {
            SaveHandout::Png => assert!(bytes.starts_with(b"\x89PNG"), "not a PNG"),
            _ => assert!(bytes.starts_with(b"%PDF"), "not a PDF"),
        }
        h.app.world_mut().resource_mut::<Notice>().0 = None;
    }
    // Nothing else (no temporary files) is left in the folder.
    assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 3);

    // "Print…" hands a PDF to the system's `lp` (here a stand-in that keeps a copy).
    let spool = tempfile::tempdir().unwrap();
    let lp = spool.path().join("lp");
    std::fs::write(
        &lp,
        format!(
            "#!/bin/sh\ncp \"$1\" {}/printed.pdf\n",
            spool.path().display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&lp, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    h.app
        .insert_resource(trigger_atlas::explorer::handouts::export::Printer(Some(lp)));
    h.app.world_mut().write_message(SaveHandout::Print);
    h.app.update();
    let start = Instant::now();
    while !notice(&h).contains("sent to the printer") {
        assert!(!notice(&h).contains("Could not"), "{}", notice(&h));
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "no result: {}",
            notice(&h)
        );
        std::thread::sleep(Duration::from_millis(50));
        h.app.update();
    }
    assert!(
        std::fs::read(spool.path().join("printed.pdf"))
            .unwrap()
            .starts_with(b"%PDF")
    );
    // Printing leaves nothing in the handout folder.
    assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 3);

    // A folder that does not exist: a clear message and no file anywhere.
    h.app
        .insert_resource(HandoutFolder(out.path().join("missing")));
    h.app.world_mut().write_message(SaveHandout::Pdf);
    h.app.update();
    assert!(
        notice(&h).contains("Could not save the handout: the folder"),
        "{}",
        notice(&h)
    );
    assert!(!out.path().join("missing").exists());
}

#[test]
fn a_half_written_save_then_the_finished_one_ends_with_the_finished_atlas() {
    let mut h = Harness::new();
    let good = std::fs::read_to_string(h.path("atlas.ron")).unwrap();
    // The finished file differs from the first one: one more word in the disclaimer.
    let finished = good.replacen("disclaimer: \"", "disclaimer: \"Edited. ", 1);
    // An editor's half-written save: the first 40% of the new file.
    let cut = (0..finished.len() * 2 / 5)
        .rev()
        .find(|&i| finished.is_char_boundary(i))
        .unwrap();
    std::fs::write(h.path("atlas.ron"), &finished[..cut]).unwrap();
    h.reload("atlas.ron");
    h.update_until("the banner for the half file", |w| {
        w.resource::<LiveAtlas>().atlas_error.is_some()
    });
    {
        let live = h.app.world().resource::<LiveAtlas>();
        assert!(
            !live.atlas().unwrap().disclaimer.starts_with("Edited."),
            "the old atlas stays"
        );
        assert!(live.ready());
    }
    std::fs::write(h.path("atlas.ron"), &finished).unwrap();
    h.reload("atlas.ron");
    h.update_until("the finished atlas", |w| {
        let live = w.resource::<LiveAtlas>();
        live.atlas_error.is_none() && live.atlas().unwrap().disclaimer.starts_with("Edited.")
    });
    // And the app still works on it.
    h.send(Command::Select {
        id: "upper-trapezius-1".into(),
        side: Some(Side::Left),
    });
    assert!(has(
        &h.lit(),
        "temple",
        Some(Side::Left),
        Intensity::Essential
    ));
}

#[test]
fn a_missing_atlas_at_start_up_gives_a_clear_banner_then_loads_when_it_appears() {
    let mut h = Harness::without_waiting(false);
    h.update_until("the banner", |w| {
        w.resource::<LiveAtlas>().atlas_error.is_some()
    });
    let e = h
        .app
        .world()
        .resource::<LiveAtlas>()
        .atlas_error
        .clone()
        .unwrap();
    assert!(
        e.headline.contains("atlas.ron: cannot read the atlas"),
        "{}",
        e.headline
    );
    assert!(!h.app.world().resource::<LiveAtlas>().ready());
    // The file appears (restored from version control): it loads and the banner clears.
    std::fs::copy(crate::repo("data/atlas.ron"), h.path("atlas.ron")).unwrap();
    h.reload("atlas.ron");
    h.update_until("the atlas", |w| {
        let live = w.resource::<LiveAtlas>();
        live.ready() && live.atlas_error.is_none()
    });
}

#[test]
fn hovering_a_marker_names_it_and_f11_toggles_fullscreen() {
    use bevy::window::{CursorMoved, WindowMode};
    use trigger_atlas::explorer::body::markers::Hover;
    let mut h = Harness::new();
    h.app.update();
    let (at, id) = {
        let live = h.app.world().resource::<LiveAtlas>();
        let atlas = live.atlas().unwrap();
        let (i, m) = live
            .markers
            .iter()
            .enumerate()
            .find(|(_, m)| atlas.points[m.point].id == "gastrocnemius-1")
            .unwrap();
        (m.at, (i, atlas.points[m.point].id.clone()))
    };
    let screen = h.screen_of(at);
    let window = h.window();
    h.app.world_mut().write_message(CursorMoved {
        window,
        position: screen + Vec2::new(3.0, 2.0),
        delta: None,
    });
    h.app.update();
    let hover = h.app.world().resource::<Hover>().clone();
    assert_eq!(hover.marker, Some(id.0), "hovering {} at {screen}", id.1);
    // Off the body, nothing is hovered.
    h.app.world_mut().write_message(CursorMoved {
        window,
        position: Vec2::new(5.0, 5.0),
        delta: None,
    });
    h.app.update();
    assert_eq!(h.app.world().resource::<Hover>().marker, None);

    h.key(KeyCode::F11, false);
    let mode = h.app.world().entity(window).get::<Window>().unwrap().mode;
    assert!(
        matches!(mode, WindowMode::BorderlessFullscreen(_)),
        "{mode:?}"
    );
    h.key(KeyCode::F11, false);
    let mode = h.app.world().entity(window).get::<Window>().unwrap().mode;
    assert_eq!(mode, WindowMode::Windowed);
}

#[test]
fn save_for_this_client_then_new_client_clears_the_screen_and_open_brings_it_back() {
    use trigger_atlas::atlas::drawing::StrokeView;
    use trigger_atlas::atlas::records::RecordStore;
    use trigger_atlas::explorer::records::{ClientRecords, RecordCommand};
    use trigger_atlas::explorer::state::{DrawingCommand, PainDrawing};
    let mut h = Harness::new();
    let store = RecordStore::new(h.path("records"));
    h.app.world_mut().resource_mut::<ClientRecords>().store = Some(store.clone());
    h.send(Command::SetMode(Mode::WhereItHurts));
    let paint = |h: &mut Harness| {
        h.app.world_mut().write_message(DrawingCommand::Begin {
            view: StrokeView::Back,
            at: (0.03, 0.6),
        });
        h.app
            .world_mut()
            .write_message(DrawingCommand::Extend { at: (0.04, 0.57) });
        h.app.world_mut().write_message(DrawingCommand::End);
        h.app.update();
    };
    paint(&mut h);
    h.send(Command::Select {
        id: "quadratus-lumborum-deep-cranial".into(),
        side: Some(Side::Left),
    });
    // No name yet: nothing is saved, and the notice says what to do.
    h.app.world_mut().write_message(RecordCommand::Save);
    h.app.update();
    assert!(store.list().0.is_empty());
    h.app.world_mut().resource_mut::<ClientRecords>().client = "J. D.".into();
    h.app.world_mut().write_message(RecordCommand::Save);
    h.app.update();
    let (list, _) = store.list();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].client, "J. D.");
    assert_eq!(
        list[0].points,
        vec!["quadratus-lumborum-deep-cranial".to_string()]
    );
    let id = list[0].id.clone();
    let drawn = h.app.world().resource::<PainDrawing>().drawing.clone();
    assert_eq!(store.load(&id).unwrap().drawing, drawn);
    // New client: nothing of the last one stays on screen.
    h.app.world_mut().write_message(RecordCommand::NewClient);
    h.app.update();
    assert!(
        h.app
            .world()
            .resource::<PainDrawing>()
            .drawing
            .strokes
            .is_empty()
    );
    assert!(
        h.app.world().resource::<PainDrawing>().undo.is_empty(),
        "undo cannot bring it back"
    );
    assert!(h.app.world().resource::<Selection>().point.is_none());
    assert!(h.app.world().resource::<ClientRecords>().client.is_empty());
    assert!(h.app.world().resource::<Derived>().candidates.is_empty());
    // Open brings the drawing, the points and the name back.
    h.app
        .world_mut()
        .write_message(RecordCommand::Open(id.clone()));
    h.app.update();
    assert_eq!(h.app.world().resource::<PainDrawing>().drawing, drawn);
    assert_eq!(
        h.app.world().resource::<Selection>().point.as_deref(),
        Some("quadratus-lumborum-deep-cranial")
    );
    assert_eq!(h.app.world().resource::<ClientRecords>().client, "J. D.");
    // Saving again saves over the same record; rename and delete act on the file.
    paint(&mut h);
    h.app.world_mut().write_message(RecordCommand::Save);
    h.app.update();
    assert_eq!(store.list().0.len(), 1);
    assert_eq!(store.load(&id).unwrap().drawing.strokes.len(), 2);
    h.app
        .world_mut()
        .write_message(RecordCommand::Rename(id.clone(), "Jane".into()));
    h.app.update();
    assert_eq!(store.load(&id).unwrap().client, "Jane");
    h.app
        .world_mut()
        .write_message(RecordCommand::Delete(id.clone()));
    h.app.update();
    assert!(!store.path(&id).exists());
    assert!(h.app.world().resource::<ClientRecords>().list.is_empty());
}

#[test]
fn selecting_a_point_shades_its_muscle_on_its_views_and_names_it() {
    use trigger_atlas::explorer::muscles::{MuscleLabels, MuscleMark};
    use trigger_atlas::explorer::state::ViewMode;
    let mut h = Harness::new();
    h.send(Command::SetView(ViewMode::All));
    h.send(Command::Select {
        id: "quadratus-lumborum-deep-cranial".into(),
        side: Some(Side::Left),
    });
    h.app.update();
    let mut q = h
        .app
        .world_mut()
        .query_filtered::<&trigger_atlas::explorer::body::diagram::OnView, With<MuscleMark>>();
    let views: Vec<trigger_atlas::atlas::View> = q.iter(h.app.world()).map(|v| v.0).collect();
    // QL is drawn on the back and the side: there, on the left side only.
    assert!(
        views.contains(&trigger_atlas::atlas::View::Back),
        "{views:?}"
    );
    assert!(
        views.contains(&trigger_atlas::atlas::View::Left),
        "{views:?}"
    );
    assert!(
        !views.contains(&trigger_atlas::atlas::View::Right),
        "{views:?}"
    );
    let labels = h.app.world().resource::<MuscleLabels>().0.clone();
    assert!(!labels.is_empty());
    assert!(
        labels[0].0.starts_with("Quadratus lumborum\ndeep, under"),
        "{labels:?}"
    );
    // Clearing the selection takes the muscle away.
    h.send(Command::ClearSelection);
    h.app.update();
    assert_eq!(q.iter(h.app.world()).count(), 0);
    assert!(h.app.world().resource::<MuscleLabels>().0.is_empty());
}

#[test]
fn the_m_key_shows_the_muscles_layer_and_a_tap_on_a_muscle_offers_its_points() {
    use trigger_atlas::explorer::body::markers::PickList;
    use trigger_atlas::explorer::muscles::{MuscleLayerPart, MusclesLayer};
    let mut h = Harness::new();
    assert!(
        !h.app.world().resource::<MusclesLayer>().0,
        "off by default"
    );
    h.key(KeyCode::KeyM, false);
    assert!(h.app.world().resource::<MusclesLayer>().0);
    h.app.update();
    let mut q = h
        .app
        .world_mut()
        .query_filtered::<Entity, With<MuscleLayerPart>>();
    assert!(
        q.iter(h.app.world()).count() >= 4,
        "front and back, fills and lines"
    );
    h.key(KeyCode::KeyM, false);
    h.app.update();
    assert_eq!(q.iter(h.app.world()).count(), 0);
    // A spot inside the left gluteus maximus on the back view, away from every marker.
    let (spot, name) = {
        let live = h.app.world().resource::<LiveAtlas>();
        let m = live
            .muscle_shapes
            .iter()
            .find(|m| {
                m.muscle == "gluteus-maximus"
                    && m.view == trigger_atlas::atlas::View::Back
                    && m.side == Some(Side::Left)
            })
            .unwrap();
        let c = m
            .polygon
            .iter()
            .fold([0.0, 0.0], |a, p| [a[0] + p[0], a[1] + p[1]]);
        let n = m.polygon.len() as f32;
        let mut best = None;
        for dx in -20..=20 {
            for dy in -20..=20 {
                let p = [c[0] / n + dx as f32 * 0.003, c[1] / n + dy as f32 * 0.003];
                let far = live
                    .markers
                    .iter()
                    .all(|k| (k.at[0] - p[0]).hypot(k.at[1] - p[1]) > 0.025);
                let on_top =
                    trigger_atlas::atlas::art::muscles::muscle_at(&live.muscle_shapes, p, |x| {
                        x.view == m.view
                    })
                    .is_some_and(|i| live.muscle_shapes[i].muscle == "gluteus-maximus");
                if far && on_top {
                    best = Some(p);
                }
            }
        }
        (
            best.expect("a spot on gluteus maximus away from markers"),
            "Gluteus maximus",
        )
    };
    let screen = h.screen_of(spot);
    h.click(screen);
    let pick = h.app.world().resource::<PickList>().clone();
    assert_eq!(pick.title.as_deref(), Some(name));
    assert!(
        pick.options
            .iter()
            .all(|(id, _)| id.starts_with("gluteus-maximus")),
        "{:?}",
        pick.options
    );
    assert!(!pick.options.is_empty());
}

#[test]
fn the_side_views_take_taps_and_paint() {
    use trigger_atlas::atlas::View;
    use trigger_atlas::atlas::drawing::StrokeView;
    use trigger_atlas::explorer::state::{PainDrawing, ViewMode};
    let mut h = Harness::new();
    h.send(Command::SetView(ViewMode::Only(View::Left)));
    // A tap on a side-view marker selects its point, on the left.
    let (at, id) = {
        let live = h.app.world().resource::<LiveAtlas>();
        let atlas = live.atlas().unwrap();
        // A side-view marker with no other near it, so that a tap selects it at once.
        let m = live
            .markers
            .iter()
            .filter(|m| m.view == View::Left)
            .find(|m| {
                live.markers.iter().all(|o| {
                    o.view != View::Left
                        || std::ptr::eq(*m, o)
                        || (o.at[0] - m.at[0]).hypot(o.at[1] - m.at[1]) > 0.04
                })
            })
            .expect("an isolated side-view marker");
        (m.at, atlas.points[m.point].id.clone())
    };
    // One frame so that the camera frames the side view.
    h.app.update();
    let screen = h.screen_of(at);
    h.click(screen);
    let sel = h.app.world().resource::<Selection>().clone();
    assert_eq!(sel.point.as_deref(), Some(id.as_str()));
    assert_eq!(sel.side, Some(Side::Left));
    // In "where does it hurt?" a tap on the side view paints there, in the lateral frame.
    h.send(Command::ClearSelection);
    h.send(Command::SetMode(Mode::WhereItHurts));
    h.click(screen);
    let pain = h.app.world().resource::<PainDrawing>().clone();
    let dab = pain.drawing.strokes.last().unwrap();
    assert_eq!(dab.view, StrokeView::Left);
    let layout = h.app.world().resource::<LiveAtlas>().layout.unwrap();
    // On the left view the front of the body (positive x) is on the viewer's left.
    let expected = -(at[0] - layout.origin(View::Left));
    assert!(
        (dab.points[0].0 - expected).abs() < 0.004,
        "{:?} vs {expected}",
        dab.points[0]
    );
    let derived = h.app.world().resource::<Derived>().clone();
    assert!(!derived.candidates.is_empty());
}

#[test]
fn a_broken_muscle_art_edit_keeps_the_last_good_muscles_and_sets_the_banner() {
    let mut h = Harness::new();
    let before = h.app.world().resource::<LiveAtlas>().muscle_shapes.len();
    assert!(before > 300);
    let path = h.path("muscles.ron");
    let good = std::fs::read_to_string(&path).unwrap();
    let broken = good.replacen("muscle: \"deltoid\"", "muscle: \"deltoyd\"", 1);
    std::fs::write(&path, &broken).unwrap();
    h.reload("muscles.ron");
    h.update_until("the muscle art banner", |w| {
        w.resource::<LiveAtlas>().muscles_error.is_some()
    });
    let live = h.app.world().resource::<LiveAtlas>();
    let e = live.muscles_error.clone().unwrap();
    assert!(
        e.headline.contains("unknown muscle `deltoyd`"),
        "{}",
        e.headline
    );
    assert!(e.headline.contains("muscles.ron:"), "{}", e.headline);
    assert_eq!(
        live.muscle_shapes.len(),
        before,
        "the last good muscles stay"
    );
    std::fs::write(&path, &good).unwrap();
    h.reload("muscles.ron");
    h.update_until("the banner to clear", |w| {
        w.resource::<LiveAtlas>().muscles_error.is_none()
    });
}

#[test]
fn every_tour_steps_through_with_the_clicker_keys_and_every_step_resolves() {
    use trigger_atlas::explorer::studio::{Studio, TourCommand, TourState};
    let mut h = Harness::new();
    h.update_until("the tours are loaded", |w| {
        !w.resource::<Studio>().tours.tours.is_empty()
    });
    let tours = h.app.world().resource::<Studio>().tours.clone();
    assert!(tours.tours.len() >= 8);
    for tour in &tours.tours {
        h.app
            .world_mut()
            .write_message(TourCommand::Start(tour.id.clone()));
        h.app.update();
        for (k, step) in tour.steps.iter().enumerate() {
            assert_eq!(
                h.app.world().resource::<TourState>().active,
                Some((tour.id.clone(), k)),
                "{} step {}",
                tour.id,
                k + 1
            );
            let sel = h.app.world().resource::<Selection>().clone();
            let want = step.selections();
            let got: Vec<(String, Option<trigger_atlas::atlas::Side>)> = sel
                .all()
                .into_iter()
                .map(|(id, s)| (id.to_string(), s))
                .collect();
            assert_eq!(got, want, "{} step {}", tour.id, k + 1);
            assert_eq!(
                h.app.world().resource::<MarkedPlaces>().places,
                step.places()
            );
            // Every chosen point lights its zones.
            if !want.is_empty() {
                assert!(
                    !h.app.world().resource::<Derived>().lit.is_empty(),
                    "{} step {}",
                    tour.id,
                    k + 1
                );
            }
            // The clicker's "next" (alternating the keys it sends).
            let key = [KeyCode::PageDown, KeyCode::ArrowRight, KeyCode::Space][k % 3];
            h.key(key, false);
        }
        // Past the end it stays on the last step; PageUp goes back one.
        assert_eq!(
            h.app.world().resource::<TourState>().active,
            Some((tour.id.clone(), tour.steps.len() - 1))
        );
        if tour.steps.len() > 1 {
            h.key(KeyCode::PageUp, false);
            assert_eq!(
                h.app.world().resource::<TourState>().active,
                Some((tour.id.clone(), tour.steps.len() - 2))
            );
        }
    }
    h.app.world_mut().write_message(TourCommand::Stop);
    h.app.update();
    assert_eq!(h.app.world().resource::<TourState>().active, None);
}

#[test]
fn f5_presents_with_only_the_relevant_markers_and_escape_leaves() {
    use trigger_atlas::explorer::body::highlight::OnlyRelevantMarkers;
    use trigger_atlas::explorer::studio::Presenter;
    let mut h = Harness::new();
    h.send(Command::Select {
        id: "upper-trapezius-1".into(),
        side: Some(trigger_atlas::atlas::Side::Left),
    });
    h.key(KeyCode::F5, false);
    assert!(h.app.world().resource::<Presenter>().on);
    assert!(
        h.app
            .world()
            .get_resource::<OnlyRelevantMarkers>()
            .is_some()
    );
    let window = h.window();
    let mode = h.app.world().get::<Window>(window).unwrap().mode;
    assert!(
        matches!(mode, bevy::window::WindowMode::BorderlessFullscreen(_)),
        "{mode:?}"
    );
    // The clicker's next steps through the points when no tour runs.
    h.key(KeyCode::PageDown, false);
    assert_ne!(
        h.app.world().resource::<Selection>().point.as_deref(),
        Some("upper-trapezius-1")
    );
    // B blanks the screen and brings it back.
    h.key(KeyCode::KeyB, false);
    assert!(h.app.world().resource::<Presenter>().blank);
    h.key(KeyCode::KeyB, false);
    assert!(!h.app.world().resource::<Presenter>().blank);
    h.key(KeyCode::Escape, false);
    assert!(!h.app.world().resource::<Presenter>().on);
    assert!(
        h.app
            .world()
            .get_resource::<OnlyRelevantMarkers>()
            .is_none()
    );
}

#[test]
fn choosing_a_point_animates_its_referral_unless_motion_is_reduced() {
    use trigger_atlas::explorer::studio::motion::{Referral, shares};
    let mut h = Harness::new();
    h.send(Command::Select {
        id: "quadratus-lumborum-deep-caudal".into(),
        side: None,
    });
    h.update_until("the point is chosen", |w| {
        w.resource::<Selection>().point.as_deref() == Some("quadratus-lumborum-deep-caudal")
    });
    h.app.update();
    // (On a loaded machine a debug frame can outlast the second the animation takes, so count
    // the animations rather than catch one running.)
    assert_eq!(
        h.app.world().resource::<Referral>().count,
        1,
        "{:?} {:?}",
        h.app.world().resource::<Referral>(),
        h.app
            .world()
            .resource::<trigger_atlas::explorer::state::Prefs>()
    );
    // Essential first, then the spillover, full by the end.
    let (e0, s0) = shares(0.2);
    assert!(e0 > 0.0 && s0 == 0.0, "{e0} {s0}");
    let (e1, s1) = shares(0.6);
    assert!(e1 == 1.0 && s1 > 0.0 && s1 < 1.0, "{e1} {s1}");
    assert_eq!(shares(1.0), (1.0, 1.0));
    h.update_until("the animation ends", |w| {
        w.resource::<Referral>().started.is_none()
    });
    h.app
        .world_mut()
        .resource_mut::<trigger_atlas::explorer::state::Prefs>()
        .reduced_motion = true;
    h.send(Command::Select {
        id: "upper-trapezius-1".into(),
        side: None,
    });
    h.update_until("the next point is chosen", |w| {
        w.resource::<Selection>().point.as_deref() == Some("upper-trapezius-1")
    });
    h.app.update();
    assert!(h.app.world().resource::<Referral>().started.is_none());
    assert_eq!(h.app.world().resource::<Referral>().count, 1);
}
