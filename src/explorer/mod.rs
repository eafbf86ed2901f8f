//! The explorer: the Bevy app. Its rooms, bottom to top (a room imports only from rooms below
//! it; `tests/atlas/rooms.rs` checks this):
//!
//! | room | what lives there |
//! | --- | --- |
//! | [`shared`] | system sets, who owns the pointer and keyboard, the notice, metric hooks |
//! | [`live`] | the atlas and body art as hot-reloaded assets; sleeping when idle |
//! | [`state`] | selection, mode, views, marked places, search; commands; derived zones and candidates |
//! | [`look`] | palettes, materials, legend drawings |
//! | [`body`] | the figure and regions, camera, markers and taps, highlight |
//! | [`muscles`] | the selected point's muscle on the body, named; the Muscles layer |
//! | [`drawing`] | painting the pain drawing, and showing it over the body |
//! | [`records`] | client records: save for this client, reopen, rename, delete, new client |
//! | [`handouts`] | the handout frame, "Save handout", the graphics backend |
//! | [`studio`] | guided tours, the presenter mode, the animated referral, the practice profile |
//! | [`panel`] | the egui panel, banner, tooltips; keyboard shortcuts |
//! | [`instruments`] | scripted steps, metrics |
//!
//! At the top, this module assembles the window app ([`run`]) and [`headless`] the app that
//! renders handouts without a window. Systems are thin: they call the core (`crate::atlas`)
//! for every answer.

pub mod body;
pub mod drawing;
pub mod handouts;
pub mod headless;
pub mod instruments;
pub mod live;
pub mod look;
pub mod muscles;
pub mod panel;
pub mod records;
pub mod shared;
pub mod state;
pub mod studio;

use bevy::prelude::*;
use bevy::winit::{UpdateMode, WinitSettings};
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
            shared::SharedPlugin,
            state::StatePlugin,
            live::LiveDataPlugin {
                paths: self.paths.clone(),
            },
            look::palette::PalettePlugin,
            body::BodyPlugin,
            muscles::MusclesPlugin,
            drawing::DrawingPlugin,
            records::RecordsPlugin,
            panel::keys::KeysPlugin,
            handouts::export::ExportPlugin,
            studio::StudioPlugin,
        ));
    }
}

/// How to start the explorer.
#[derive(Debug, Clone)]
pub struct Options {
    pub paths: DataPaths,
    /// Scripted steps (from `TRIGGER_ATLAS_SCRIPT`).
    pub script: Vec<instruments::script::Step>,
    /// Initial window size in logical pixels.
    pub size: (u32, u32),
    /// Where the tours and the practice profile are.
    pub studio: studio::StudioPaths,
    /// A guided tour to start once the data is ready (`--tour ID`).
    pub tour: Option<String>,
}

/// Open the explorer window. Returns the process exit code.
pub fn run(options: Options) -> u8 {
    shared::gpu::exit_cleanly_without_adapter();
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
                    shared::gpu::wgpu_settings(),
                )),
                ..default()
            }),
    )
    .add_plugins((EguiPlugin::default(), look::materials::MaterialsPlugin))
    // Reactive, and no periodic wake-up even when focused (Bevy's desktop default wakes a
    // focused window every 5 s): everything that changes the screen wakes the app itself (input,
    // the file pollers, saves, the referral animation). A focused presenter idled at 1.3% of a
    // core on those wake-ups alone.
    .insert_resource(WinitSettings {
        focused_mode: UpdateMode::reactive(std::time::Duration::from_secs(3600)),
        unfocused_mode: UpdateMode::reactive_low_power(std::time::Duration::from_secs(3600)),
    })
    .insert_resource(options.studio.clone())
    .insert_resource(studio::tour::StartTour(options.tour.clone()))
    .add_plugins(ExplorerPlugins {
        paths: options.paths.clone(),
    })
    .add_plugins((
        panel::details::PanelPlugin,
        studio::caption::CaptionPlugin,
        live::idle::IdlePlugin,
        instruments::metrics::MetricsPlugin,
    ));
    if !options.script.is_empty() {
        app.add_plugins(instruments::script::ScriptPlugin(options.script));
    }
    match app.run() {
        AppExit::Success => 0,
        AppExit::Error(code) => code.get(),
    }
}
