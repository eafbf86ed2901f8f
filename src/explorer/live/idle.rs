//! Sleeping when idle, and waking when something happens that input does not announce.
//!
//! The app runs reactively (`WinitSettings::desktop_app`): it draws a frame only after input or a
//! redraw request. Three things would otherwise leave the window blank or stale:
//! - the first frames after start-up can be drawn before the window is on screen, so we keep
//!   drawing for a short while after the data is ready;
//! - loading finishes on a background thread, which wakes nobody, so we keep drawing while the
//!   data is not ready and for a few frames after it changes;
//! - a hot-reloaded file is noticed by the asset watcher, which does not wake the event loop
//!   either, so a small poller thread wakes it when a data file's timestamp changes.
//!
//! And one thing kept it from ever sleeping: bevy_egui 0.42 pushes an
//! `egui::Event::ModifiersChanged` into egui's input on every frame, changed or not. egui treats
//! any input event as a reason to repaint at once, bevy_egui turns that into a `RequestRedraw`,
//! and the app redraws forever (about 28 fps under Xvfb). egui keeps the modifier state between
//! passes, so [`drop_unchanged_modifiers`] removes the event when the modifiers did not change.

use std::time::Duration;

use bevy::prelude::*;
use bevy::window::RequestRedraw;
use bevy::winit::{EventLoopProxyWrapper, WinitUserEvent};
use bevy_egui::{EguiInput, EguiPreUpdateSet, egui};

use crate::explorer::live::{DataPaths, LiveAtlas, spawn_file_poller};

/// Keep drawing this long after the data is first ready...
pub const SETTLE: Duration = Duration::from_millis(1500);
/// ...and at least this many frames, however slow the machine: on a loaded software renderer
/// 1.5 s can pass before the window is even on screen.
pub const SETTLE_FRAMES: u32 = 30;
/// Frames to draw after the data changes.
pub const AFTER_CHANGE_FRAMES: u32 = 3;

pub struct IdlePlugin;

impl Plugin for IdlePlugin {
    fn build(&self, app: &mut App) {
        app.add_systems(Startup, start_poller)
            .add_systems(
                PreUpdate,
                drop_unchanged_modifiers
                    .after(EguiPreUpdateSet::ProcessInput)
                    .before(EguiPreUpdateSet::BeginPass),
            )
            .add_systems(Last, keep_awake);
    }
}

fn start_poller(
    mut commands: Commands,
    paths: Res<DataPaths>,
    proxy: Option<Res<EventLoopProxyWrapper>>,
) {
    let Some(proxy) = proxy else { return };
    let proxy = (**proxy).clone();
    let for_saves = proxy.clone();
    commands.insert_resource(crate::explorer::shared::Waker(std::sync::Arc::new(
        move || {
            let _ = for_saves.send_event(WinitUserEvent::WakeUp);
        },
    )));
    spawn_file_poller(&paths, move || {
        let _ = proxy.send_event(WinitUserEvent::WakeUp);
    });
}

#[derive(Default)]
struct Awake {
    ready_at: Option<Duration>,
    frames_since_ready: u32,
    frames_left: u32,
}

fn keep_awake(
    time: Res<Time<Real>>,
    live: Res<LiveAtlas>,
    mut state: Local<Awake>,
    mut redraw: MessageWriter<RequestRedraw>,
) {
    let now = time.elapsed();
    if live.is_changed() {
        state.frames_left = AFTER_CHANGE_FRAMES;
    }
    if live.ready() && state.ready_at.is_none() {
        state.ready_at = Some(now);
    }
    let settling = match state.ready_at {
        None => true,
        Some(t) => {
            state.frames_since_ready += 1;
            now < t + SETTLE || state.frames_since_ready < SETTLE_FRAMES
        }
    };
    if settling || state.frames_left > 0 {
        state.frames_left = state.frames_left.saturating_sub(1);
        redraw.write(RequestRedraw);
    }
}

/// Remove egui `ModifiersChanged` events that do not change the modifiers (see the module
/// docs): without this, egui asks for a repaint on every frame and the app never sleeps.
pub fn drop_unchanged_modifiers(
    mut inputs: Query<(Entity, &mut EguiInput)>,
    mut last: Local<std::collections::HashMap<Entity, egui::Modifiers>>,
) {
    for (entity, mut input) in &mut inputs {
        let previous = last.entry(entity).or_default();
        input.events.retain(|e| match e {
            egui::Event::ModifiersChanged(m) if m == previous => false,
            egui::Event::ModifiersChanged(m) => {
                *previous = *m;
                true
            }
            _ => true,
        });
    }
}
