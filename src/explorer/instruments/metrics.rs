//! Figures for `scripts/bench`, shared by the explorer and the floor app (`examples/floor.rs`).
//!
//! With `TRIGGER_ATLAS_METRICS=1` the app prints lines `metric NAME VALUE` on stderr:
//! - `first_frame_epoch_ms`: wall-clock time (ms since the Unix epoch) when the render world
//!   finished the first frame that has the app's content in it and no render pipeline that draws
//!   it still compiling (Bevy skips what it cannot draw yet; the script subtracts the time it
//!   started the process). Pipelines that Bevy's plugins prepare but neither app draws with are
//!   not waited for: see [`UNUSED_PIPELINES`];
//! - `first_submit_epoch_ms`: the same, for the first frame with the content that was sent to
//!   the GPU at all, compiled or not (the difference is time spent compiling pipelines);
//! - `change_to_frame_us`: for each visible change (a new selection), the time from handling the
//!   change to the render world finishing the frame that draws it.
//!
//! - `main_frame_us` and `render_us`: for the frames that draw a change, how long the main
//!   world's update took, and how long the render world took from preparing to submitting; they
//!   tell where the time of `change_to_frame_us` goes.
//!
//! With `TRIGGER_ATLAS_METRICS=passes` Bevy's render diagnostics are logged too, once a second:
//! the time each render pass took on the GPU (on lavapipe, the CPU rasterizer's time), and its
//! vertex and fragment counts.
//!
//! The render world renders a frame after the main world's update (at once in the explorer; a
//! frame later, overlapping the next update, where rendering is pipelined, as in the floor), so
//! both are taken there, after `RenderSystems::Render`: the frame has been submitted to the GPU.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use bevy::prelude::*;
use bevy::render::extract_resource::{ExtractResource, ExtractResourcePlugin};
use bevy::render::{Render, RenderApp, RenderSystems};

pub use crate::explorer::shared::{ChangeMark, ContentReady, metrics_enabled as enabled};

#[derive(Resource, Debug, Clone, Copy, Default)]
struct Extracted {
    ready: bool,
    change: Option<(Instant, u64)>,
}

impl ExtractResource for Extracted {
    type Source = Frame;
    fn extract_resource(source: &Frame) -> Self {
        Extracted {
            ready: source.ready,
            change: source.change,
        }
    }
}

/// What the render world needs to know about this frame.
#[derive(Resource, Debug, Clone, Copy, Default)]
pub struct Frame {
    ready: bool,
    change: Option<(Instant, u64)>,
    started: Option<Instant>,
}

pub struct MetricsPlugin;

impl Plugin for MetricsPlugin {
    fn build(&self, app: &mut App) {
        app.init_resource::<ContentReady>()
            .init_resource::<ChangeMark>()
            .init_resource::<Frame>();
        if !enabled() {
            return;
        }
        if std::env::var("TRIGGER_ATLAS_METRICS").is_ok_and(|v| v == "passes") {
            app.add_plugins((
                bevy::render::diagnostic::RenderDiagnosticsPlugin,
                bevy::diagnostic::LogDiagnosticsPlugin::default(),
            ));
        }
        app.add_plugins(ExtractResourcePlugin::<Extracted>::default())
            .add_systems(First, start_main)
            .add_systems(Last, (fill_frame, end_main).chain())
            .add_systems(Update, redraw_until_first_frame);
        if let Some(render) = app.get_sub_app_mut(RenderApp) {
            render
                .add_systems(Render, start_render.before(RenderSystems::PrepareAssets))
                .add_systems(Render, report.after(RenderSystems::Render));
        }
    }
}

#[derive(Default)]
struct MainStart(Option<Instant>);

fn start_main(mut start: Local<MainStart>, mut frame: ResMut<Frame>) {
    start.0 = Some(Instant::now());
    frame.started = start.0;
}

fn end_main(frame: Res<Frame>, mark: Res<ChangeMark>, mut last: Local<u64>) {
    if mark.id != *last {
        *last = mark.id;
        if let Some(t) = frame.started {
            eprintln!("metric main_frame_us {}", t.elapsed().as_micros());
        }
    }
}

#[derive(Resource, Default)]
struct RenderStart(Option<Instant>);

fn start_render(mut commands: Commands) {
    commands.insert_resource(RenderStart(Some(Instant::now())));
}

fn fill_frame(ready: Res<ContentReady>, mark: Res<ChangeMark>, mut frame: ResMut<Frame>) {
    frame.ready = ready.0;
    frame.change = mark.at.map(|t| (t, mark.id));
}

/// Set by the render world once the first complete frame is reported.
static FIRST_FRAME_DONE: AtomicBool = AtomicBool::new(false);

fn epoch_ms() -> u128 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or(0)
}

/// While measuring, keep drawing until the first complete frame: a reactive app could otherwise
/// fall asleep while its pipelines compile and report its first frame only at the next input.
fn redraw_until_first_frame(mut redraw: MessageWriter<bevy::window::RequestRedraw>) {
    if !FIRST_FRAME_DONE.load(Ordering::Relaxed) {
        redraw.write(bevy::window::RequestRedraw);
    }
}

/// Pipelines that Bevy's default plugins compile at start-up but that neither the explorer nor
/// the floor draws with (sprites, 3D deferred lighting, 3D depth pyramids and sparse buffer
/// updates). Both apps compile them in the background; waiting for them would time the
/// compiler, not the picture.
pub const UNUSED_PIPELINES: [&str; 4] = [
    "sprite_pipeline",
    "copy_deferred_lighting_id_pipeline",
    "downsample depth",
    "sparse buffer update",
];

/// Whether a pipeline that is still compiling draws something of the app's.
fn draws_content(label: Option<&str>) -> bool {
    !label.is_some_and(|l| UNUSED_PIPELINES.iter().any(|u| l.starts_with(u)))
}

/// Whether a pipeline that draws content is still compiling.
fn content_compiling(cache: &bevy::render::render_resource::PipelineCache) -> bool {
    use bevy::render::render_resource::PipelineDescriptor;
    let all: Vec<_> = cache.pipelines().collect();
    cache.waiting_pipelines().any(|id| {
        let label = all.get(id).and_then(|p| match &p.descriptor {
            PipelineDescriptor::RenderPipelineDescriptor(d) => d.label.clone(),
            PipelineDescriptor::ComputePipelineDescriptor(d) => d.label.clone(),
        });
        draws_content(label.as_deref())
    })
}

fn report(
    extracted: Option<Res<Extracted>>,
    pipelines: Option<Res<bevy::render::render_resource::PipelineCache>>,
    render_start: Option<Res<RenderStart>>,
    mut first_submitted: Local<bool>,
    mut last_change: Local<u64>,
) {
    let Some(e) = extracted else { return };
    if e.ready && !*first_submitted {
        *first_submitted = true;
        eprintln!("metric first_submit_epoch_ms {}", epoch_ms());
    }
    if e.ready
        && !FIRST_FRAME_DONE.load(Ordering::Relaxed)
        && !pipelines.is_some_and(|p| content_compiling(&p))
    {
        FIRST_FRAME_DONE.store(true, Ordering::Relaxed);
        eprintln!("metric first_frame_epoch_ms {}", epoch_ms());
    }
    if let Some((at, id)) = e.change
        && id != *last_change
    {
        *last_change = id;
        eprintln!("metric change_to_frame_us {}", at.elapsed().as_micros());
        if let Some(t) = render_start.and_then(|r| r.0) {
            eprintln!("metric render_us {}", t.elapsed().as_micros());
        }
    }
}
