//! The floor: the best this engine can do on this machine, to measure the explorer against.
//!
//! A bare Bevy 0.19 + bevy_egui app with the explorer's Bevy features, window size (1440×900)
//! and update mode (`WinitSettings::desktop_app`, reactive), one egui panel with one number in
//! it, and nothing else. `scripts/bench` runs it beside the explorer.
//!
//! It gets the explorer's one workaround, `drop_unchanged_modifiers`: without it bevy_egui 0.42
//! makes every egui app redraw forever and there is no idle floor to compare with. Set
//! `FLOOR_RAW_EGUI=1` to see that behaviour.
//!
//! `TRIGGER_ATLAS_SCRIPT="tab 20; exit"` changes the number 20 times (one change every three
//! frames, like the explorer's `tab`), and `TRIGGER_ATLAS_METRICS=1` prints the figures.
//!
//! The floor keeps Bevy's defaults: pipelined rendering, and 4× multisampling. The explorer
//! turns both off on a software renderer (one frame less latency; no per-sample cost on the
//! CPU). `FLOOR_LIKE_EXPLORER=1` makes the floor do the same, so that `scripts/bench` can also
//! compare like with like.

use bevy::prelude::*;
use bevy::window::RequestRedraw;
use bevy::winit::WinitSettings;
use bevy_egui::{EguiContexts, EguiPlugin, EguiPreUpdateSet, EguiPrimaryContextPass, egui};
use trigger_atlas::explorer::body::camera::multisample;
use trigger_atlas::explorer::instruments::metrics::{ChangeMark, ContentReady, MetricsPlugin};
use trigger_atlas::explorer::live::idle::drop_unchanged_modifiers;
use trigger_atlas::explorer::look::widgets::root_ui;
use trigger_atlas::explorer::shared::gpu::software_renderer;

#[derive(Resource, Default)]
struct Counter(u32);

/// Remaining changes, and frames until the next one.
#[derive(Resource, Default)]
struct Script {
    changes: u32,
    wait: u32,
    exit: bool,
}

fn main() {
    let mut script = Script::default();
    if let Ok(text) = std::env::var("TRIGGER_ATLAS_SCRIPT") {
        for step in text.split(';').map(str::trim) {
            match step.split_once(' ') {
                Some(("tab", n)) => script.changes += n.trim().parse::<u32>().unwrap_or(0),
                Some(("wait", n)) => script.wait += n.trim().parse::<u32>().unwrap_or(0),
                _ if step == "exit" => script.exit = true,
                _ => {}
            }
        }
    }
    let like_explorer = std::env::var_os("FLOOR_LIKE_EXPLORER").is_some_and(|v| v != "0");
    let mut defaults = DefaultPlugins.build().set(WindowPlugin {
        primary_window: Some(Window {
            title: "Floor".into(),
            resolution: (1440, 900).into(),
            ..default()
        }),
        ..default()
    });
    if like_explorer {
        defaults =
            defaults.disable::<bevy::render::pipelined_rendering::PipelinedRenderingPlugin>();
    }
    let mut app = App::new();
    app.add_plugins(defaults)
        .add_plugins(EguiPlugin::default())
        .add_plugins(MetricsPlugin)
        .insert_resource(WinitSettings::desktop_app())
        .insert_resource(script)
        .init_resource::<Counter>()
        .add_systems(
            Startup,
            move |mut commands: Commands,
                  mut ready: ResMut<ContentReady>,
                  adapter: Option<Res<bevy::render::renderer::RenderAdapterInfo>>| {
                let mut camera = commands.spawn(Camera2d);
                let software = software_renderer(adapter.as_deref());
                if like_explorer && !multisample(software, false, None) {
                    camera.insert(bevy::render::view::Msaa::Off);
                }
                ready.0 = true;
            },
        )
        .add_systems(Update, run_script)
        .add_systems(EguiPrimaryContextPass, panel);
    if std::env::var_os("FLOOR_RAW_EGUI").is_none() {
        app.add_systems(
            PreUpdate,
            drop_unchanged_modifiers
                .after(EguiPreUpdateSet::ProcessInput)
                .before(EguiPreUpdateSet::BeginPass),
        );
    }
    app.run();
}

fn run_script(
    mut script: ResMut<Script>,
    mut counter: ResMut<Counter>,
    mut mark: ResMut<ChangeMark>,
    mut redraw: MessageWriter<RequestRedraw>,
    mut exit: MessageWriter<AppExit>,
) {
    if script.changes == 0 && script.wait == 0 {
        if script.exit {
            exit.write(AppExit::Success);
        }
        return;
    }
    redraw.write(RequestRedraw);
    if script.wait > 0 {
        script.wait -= 1;
        return;
    }
    counter.0 += 1;
    mark.mark();
    script.changes -= 1;
    script.wait = 2;
}

fn panel(mut contexts: EguiContexts, counter: Res<Counter>) -> Result {
    let ctx = contexts.ctx_mut()?.clone();
    let mut root = root_ui(&ctx);
    egui::Panel::right("panel")
        .default_size(400.0)
        .show(&mut root, |ui| {
            ui.label(format!("{}", counter.0));
        });
    Ok(())
}
