//! The animated referral: when a point is chosen, its pain travels out to its zones. The
//! essential zones fade in first, then the spillover, over about a second; then the app sleeps
//! again. "Reduce motion" (Settings, or `motion off`) shows them at once.

use bevy::prelude::*;
use bevy::window::RequestRedraw;

use crate::explorer::look::palette::Palette;
use crate::explorer::shared::ExplorerSet;
use crate::explorer::state::{Prefs, Selection};

/// How long the essential zones take to fill, and when the spillover starts and ends (s).
pub const ESSENTIAL: f32 = 0.45;
pub const SPILLOVER_FROM: f32 = 0.35;
pub const DONE: f32 = 1.0;

/// An animation in progress: when it started (seconds of `Time<Real>`).
#[derive(Resource, Debug, Clone, Copy, Default, PartialEq)]
pub struct Referral {
    pub started: Option<f64>,
    /// How many animations have started.
    pub count: u32,
}

pub struct MotionPlugin;

impl Plugin for MotionPlugin {
    fn build(&self, app: &mut App) {
        app.init_resource::<Referral>()
            .add_systems(Update, (start, animate).chain().in_set(ExplorerSet::Draw));
    }
}

fn ease(t: f32) -> f32 {
    let t = t.clamp(0.0, 1.0);
    t * t * (3.0 - 2.0 * t)
}

/// The share of their colour the essential and spillover zones show `t` seconds in.
pub fn shares(t: f32) -> (f32, f32) {
    (
        ease(t / ESSENTIAL),
        ease((t - SPILLOVER_FROM) / (DONE - SPILLOVER_FROM)),
    )
}

fn start(
    selection: Res<Selection>,
    prefs: Res<Prefs>,
    time: Res<Time<Real>>,
    mut referral: ResMut<Referral>,
    mut last: Local<Option<(Option<String>, Option<crate::atlas::Side>)>>,
) {
    let now = (selection.point.clone(), selection.side);
    if last.as_ref() == Some(&now) {
        return;
    }
    *last = Some(now);
    referral.started =
        (selection.point.is_some() && !prefs.reduced_motion).then(|| time.elapsed_secs_f64());
    if referral.started.is_some() {
        referral.count += 1;
    }
}

fn set_alpha(materials: &mut Assets<ColorMaterial>, h: &Handle<ColorMaterial>, c: Color, a: f32) {
    if let Some(mut m) = materials.get_mut(h) {
        let want = c.with_alpha(c.alpha() * a);
        if m.color != want {
            m.color = want;
        }
    }
}

fn animate(
    time: Res<Time<Real>>,
    mut referral: ResMut<Referral>,
    palette: Res<Palette>,
    mut materials: ResMut<Assets<ColorMaterial>>,
    mut redraw: MessageWriter<RequestRedraw>,
    mut was_running: Local<bool>,
) {
    let Some(started) = referral.started else {
        if *was_running {
            // Finished or cut short: the zones at full colour.
            set_alpha(
                &mut materials,
                &palette.essential,
                palette.colours.essential,
                1.0,
            );
            set_alpha(
                &mut materials,
                &palette.spillover,
                palette.colours.spillover,
                1.0,
            );
            *was_running = false;
        }
        return;
    };
    *was_running = true;
    let t = (time.elapsed_secs_f64() - started) as f32;
    let (essential, spillover) = shares(t);
    set_alpha(
        &mut materials,
        &palette.essential,
        palette.colours.essential,
        essential,
    );
    set_alpha(
        &mut materials,
        &palette.spillover,
        palette.colours.spillover,
        spillover,
    );
    if t >= DONE {
        referral.started = None;
    }
    redraw.write(RequestRedraw);
}
