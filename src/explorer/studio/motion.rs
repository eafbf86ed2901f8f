//! The animated referral: when a point is chosen, its pain travels out to its zones. A ripple
//! spreads from the knot while the essential zones fade in, then the spillover follows, over
//! about a second; then the app sleeps again. "Reduce motion" (Settings, or `motion off`) shows
//! them at once.

use bevy::prelude::*;
use bevy::window::RequestRedraw;

use crate::explorer::body::diagram::{OnView, mesh, z};
use crate::explorer::body::highlight::ring;
use crate::explorer::body::markers::MARKER_RADIUS;
use crate::explorer::live::LiveAtlas;
use crate::explorer::look::palette::Palette;
use crate::explorer::shared::ExplorerSet;
use crate::explorer::state::{Prefs, Selection, ViewMode};

/// How long the ripple from the knot takes (s), and how far it spreads (marker radii).
pub const RIPPLE: f32 = 0.6;
pub const RIPPLE_REACH: f32 = 12.0;

/// A ripple spreading from a chosen marker.
#[derive(Component)]
pub struct Ripple;

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
        app.init_resource::<Referral>().add_systems(
            Update,
            (start, animate, ripple).chain().in_set(ExplorerSet::Draw),
        );
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

/// The ripple: a ring that grows from each of the chosen point's markers and fades out.
fn ripple(
    mut commands: Commands,
    time: Res<Time<Real>>,
    referral: Res<Referral>,
    live: Res<LiveAtlas>,
    selection: Res<Selection>,
    view: Res<ViewMode>,
    palette: Res<Palette>,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<ColorMaterial>>,
    mut ripples: Query<(Entity, &mut Transform), With<Ripple>>,
    mut shared: Local<Option<(Handle<Mesh>, Handle<ColorMaterial>)>>,
    mut shown_for: Local<u32>,
) {
    let t = referral
        .started
        .map(|s| (time.elapsed_secs_f64() - s) as f32);
    let running = t.is_some_and(|t| t < RIPPLE);
    if !running {
        for (e, _) in &ripples {
            commands.entity(e).despawn();
        }
        return;
    }
    let t = t.unwrap_or(0.0);
    let (ring_mesh, material) = shared
        .get_or_insert_with(|| {
            (
                meshes.add(mesh(&ring(0.82, 1.0))),
                materials.add(ColorMaterial {
                    color: palette.colours.essential,
                    alpha_mode: bevy::sprite_render::AlphaMode2d::Blend,
                    ..default()
                }),
            )
        })
        .clone();
    // New ripples for a new animation.
    if *shown_for != referral.count {
        *shown_for = referral.count;
        for (e, _) in &ripples {
            commands.entity(e).despawn();
        }
        let Some(atlas) = live.atlas() else { return };
        for m in &live.markers {
            let chosen = selection.point.as_deref() == Some(atlas.points[m.point].id.as_str())
                && (selection.side.is_none() || m.side.is_none() || m.side == selection.side);
            if chosen && view.shows(m.view) {
                commands.spawn((
                    Ripple,
                    OnView(m.view),
                    Mesh2d(ring_mesh.clone()),
                    MeshMaterial2d(material.clone()),
                    Transform::from_xyz(m.at[0], m.at[1], z::LOCAL)
                        .with_scale(Vec3::splat(MARKER_RADIUS)),
                ));
            }
        }
    }
    let k = ease(t / RIPPLE);
    let radius = MARKER_RADIUS * (1.5 + (RIPPLE_REACH - 1.5) * k);
    for (_, mut tf) in &mut ripples {
        tf.scale = Vec3::new(radius, radius, 1.0);
    }
    if let Some(mut m) = materials.get_mut(&material) {
        m.color = palette.colours.essential.with_alpha(0.55 * (1.0 - k));
    }
}
