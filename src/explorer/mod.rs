//! The explorer: the Bevy app. One plugin per feature, each in its own module; the systems are
//! thin and call the core (`crate::atlas`) for every answer.
//!
//! | plugin | does |
//! | --- | --- |
//! | [`state::StatePlugin`] | selection, mode, marked places; applies commands; derives zones and candidates |
//! | [`live::LiveDataPlugin`] | atlas and body art as hot-reloaded assets; error banner data |
//! | [`palette::PalettePlugin`] | colours and shared materials; colour-blind palette |
//! | [`diagram::DiagramPlugin`] | figure and region meshes from the art |
//! | [`markers::MarkersPlugin`] | markers, hover and taps (picking) |
//! | [`highlight::HighlightPlugin`] | lit zones, X on the selection, dimmed markers, marked places |
//! | [`search::SearchPlugin`] | search results and keyboard choice |
//! | [`keys::KeysPlugin`] | keyboard shortcuts |
//! | [`camera::CameraPlugin`] | fit, pan, zoom, reset |
//! | [`export::ExportPlugin`] | "Save handout": the render command as a child process |
//! | [`panel::PanelPlugin`] | the egui panel, banner, tooltips |
//! | [`idle::IdlePlugin`] | sleep when idle; wake on load and file change |
//! | [`script::ScriptPlugin`] | scripted actions for screenshots and measurements |

pub mod camera;
pub mod diagram;
pub mod export;
pub mod gpu;
pub mod handout;
pub mod highlight;
pub mod idle;
pub mod keys;
pub mod live;
pub mod markers;
pub mod metrics;
pub mod palette;
pub mod panel;
pub mod render;
pub mod script;
pub mod search;
pub mod state;
pub mod widgets;

use bevy::prelude::*;
use bevy::winit::WinitSettings;
use bevy_egui::EguiPlugin;

pub use live::DataPaths;

/// The plugins that need no window or renderer: the whole interaction model and the scene.
/// The app adds them on top of `DefaultPlugins`; tests add them on top of `MinimalPlugins`.
pub struct ExplorerPlugins {
    pub paths: DataPaths,
}

impl Plugin for ExplorerPlugins {
    fn build(&self, app: &mut App) {
        app.add_plugins((
            state::StatePlugin,
            live::LiveDataPlugin {
                paths: self.paths.clone(),
            },
            palette::PalettePlugin,
            diagram::DiagramPlugin,
            markers::MarkersPlugin,
            highlight::HighlightPlugin,
            search::SearchPlugin,
            keys::KeysPlugin,
            camera::CameraPlugin,
            export::ExportPlugin,
        ));
    }
}

/// How to start the explorer.
#[derive(Debug, Clone)]
pub struct Options {
    pub paths: DataPaths,
    /// Scripted steps (from `TRIGGER_ATLAS_SCRIPT`).
    pub script: Vec<script::Step>,
    /// Initial window size in logical pixels.
    pub size: (u32, u32),
}

/// Open the explorer window. Returns the process exit code.
pub fn run(options: Options) -> u8 {
    gpu::exit_cleanly_without_adapter();
    let mut app = App::new();
    live::LiveDataPlugin::register_sources(&mut app, &options.paths);
    app.add_plugins(
        DefaultPlugins
            .build()
            // Render each frame right after its update instead of overlapping it with the next
            // one: a tap shows one frame sooner. The explorer is idle between inputs, so the
            // overlap would buy no throughput (BENCHMARKS.md).
            .disable::<bevy::render::pipelined_rendering::PipelinedRenderingPlugin>()
            .set(WindowPlugin {
                primary_window: Some(Window {
                    title: "Trigger Atlas".into(),
                    resolution: options.size.into(),
                    ..default()
                }),
                ..default()
            })
            .set(AssetPlugin {
                watch_for_changes_override: Some(true),
                ..default()
            })
            .set(bevy::render::RenderPlugin {
                render_creation: bevy::render::settings::RenderCreation::Automatic(Box::new(
                    gpu::wgpu_settings(),
                )),
                ..default()
            }),
    )
    .add_plugins(EguiPlugin::default())
    .insert_resource(WinitSettings::desktop_app())
    .add_plugins(ExplorerPlugins {
        paths: options.paths.clone(),
    })
    .add_plugins((panel::PanelPlugin, idle::IdlePlugin, metrics::MetricsPlugin));
    if !options.script.is_empty() {
        app.add_plugins(script::ScriptPlugin(options.script));
    }
    match app.run() {
        AppExit::Success => 0,
        AppExit::Error(code) => code.get(),
    }
}
