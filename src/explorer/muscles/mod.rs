//! Muscles on the body: the muscle of the selected point, shaded on every view where it can be
//! seen (a deep one with a dashed outline) and named on the body; and the Muscles layer (key M),
//! every superficial muscle drawn faintly, like an anatomy chart. Shapes come from the muscle
//! art through the core (`atlas::art::muscles`), placed in `LiveAtlas::muscle_shapes`.

use bevy::prelude::*;

use crate::atlas::View;
use crate::atlas::art::muscles::{Layer, MuscleInstance};
use crate::atlas::geometry::{Triangles, catmull_rom_path, fill, stroke};
use crate::explorer::body::diagram::{Built, DiagramPart, OnView, mesh, z};
use crate::explorer::live::LiveAtlas;
use crate::explorer::look::palette::Palette;
use crate::explorer::shared::ExplorerSet;
use crate::explorer::state::{Selection, ViewMode};

/// Whether the Muscles layer is on (off by default).
#[derive(Resource, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct MusclesLayer(pub bool);

/// Names to write on the body, at points of the diagram plane: the selected point's muscle on
/// each view where it is shown.
#[derive(Resource, Debug, Clone, Default, PartialEq)]
pub struct MuscleLabels(pub Vec<(String, Vec2)>);

/// Width of a muscle's outline, and the dashes of a deep one (diagram units).
pub const OUTLINE_WIDTH: f32 = 0.0012;
pub const DASH: f32 = 0.006;
pub const GAP: f32 = 0.004;

/// A shaded muscle (the selected point's); respawned on change.
#[derive(Component)]
pub struct MuscleMark;

/// The faint layer of every superficial muscle, one entity per view.
#[derive(Component)]
pub struct MuscleLayerPart;

pub struct MusclesPlugin;

impl Plugin for MusclesPlugin {
    fn build(&self, app: &mut App) {
        app.init_resource::<MusclesLayer>()
            .init_resource::<MuscleLabels>()
            .add_systems(
                Update,
                (show_selected_muscle, show_layer).in_set(ExplorerSet::Draw),
            );
    }
}

/// A dashed outline: dashes of [`DASH`] with gaps of [`GAP`] along a closed polyline.
pub fn dashed(poly: &[[f32; 2]], width: f32) -> Triangles {
    let mut t = Triangles::default();
    let n = poly.len();
    if n < 2 {
        return t;
    }
    let mut along = 0.0f32;
    for i in 0..n {
        let (a, b) = (poly[i], poly[(i + 1) % n]);
        let len = (b[0] - a[0]).hypot(b[1] - a[1]);
        let mut s = 0.0;
        while s < len {
            let phase = (along + s) % (DASH + GAP);
            let step = if phase < DASH {
                (DASH - phase).min(len - s)
            } else {
                (DASH + GAP - phase).min(len - s)
            };
            if phase < DASH {
                let (t0, t1) = (s / len, (s + step) / len);
                let p = [a[0] + (b[0] - a[0]) * t0, a[1] + (b[1] - a[1]) * t0];
                let q = [a[0] + (b[0] - a[0]) * t1, a[1] + (b[1] - a[1]) * t1];
                let (dx, dy) = (q[0] - p[0], q[1] - p[1]);
                let l = dx.hypot(dy).max(1e-9);
                let (nx, ny) = (-dy / l * width / 2.0, dx / l * width / 2.0);
                let base = t.positions.len() as u32;
                t.positions.extend([
                    [p[0] + nx, p[1] + ny],
                    [q[0] + nx, q[1] + ny],
                    [q[0] - nx, q[1] - ny],
                    [p[0] - nx, p[1] - ny],
                ]);
                t.indices
                    .extend([base, base + 1, base + 2, base, base + 2, base + 3]);
            }
            s += step.max(1e-6);
        }
        along += len;
    }
    t
}

/// The instances of the selected points' muscles that are shown: on the selected side (both for
/// a midline point), on every shown view.
pub fn selected_instances<'a>(
    live: &'a LiveAtlas,
    selection: &Selection,
    view: ViewMode,
) -> Vec<&'a MuscleInstance> {
    let Some(atlas) = live.atlas() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (id, side) in selection.all() {
        let Some(p) = atlas.point(id) else { continue };
        for m in &live.muscle_shapes {
            let side_ok = side.is_none() || m.side.is_none() || m.side == side;
            if m.muscle == p.muscle_id && side_ok && view.shows(m.view) {
                out.push(m);
            }
        }
    }
    out
}

/// The name written beside a muscle on a view, and a second line "deep, under …" where it is
/// deep there.
pub fn label(atlas: &crate::atlas::Atlas, m: &MuscleInstance) -> String {
    let Some(muscle) = atlas.muscle(&m.muscle) else {
        return m.muscle.clone();
    };
    match (m.layer, &muscle.deep_under) {
        (Layer::Deep, Some(under)) => {
            // The short name of what covers it: "the erector spinae (the long back muscles)"
            // reads "deep, under the erector spinae" on the body.
            let short = under.split(" (").next().unwrap_or(under);
            format!("{}\ndeep, under {short}", muscle.name)
        }
        (Layer::Deep, None) => format!("{}\ndeep", muscle.name),
        _ => muscle.name.clone(),
    }
}

fn show_selected_muscle(
    mut commands: Commands,
    live: Res<LiveAtlas>,
    selection: Res<Selection>,
    view: Res<ViewMode>,
    built: Res<Built>,
    palette: Res<Palette>,
    marks: Query<Entity, With<MuscleMark>>,
    mut labels: ResMut<MuscleLabels>,
    mut meshes: ResMut<Assets<Mesh>>,
) {
    if !(live.is_changed() || selection.is_changed() || view.is_changed() || built.is_changed()) {
        return;
    }
    for e in &marks {
        commands.entity(e).despawn();
    }
    let Some(atlas) = live.atlas() else { return };
    let shown = selected_instances(&live, &selection, *view);
    let mut names: Vec<(String, Vec2)> = Vec::new();
    let mut named_views: Vec<View> = Vec::new();
    for m in &shown {
        let deep = m.layer == Layer::Deep;
        let path = catmull_rom_path(&m.control, true);
        // A deep muscle is only outlined (dashed): it lies under what is drawn over it.
        if !deep {
            commands.spawn((
                MuscleMark,
                DiagramPart,
                OnView(m.view),
                Mesh2d(meshes.add(mesh(&fill(&path)))),
                MeshMaterial2d(palette.muscle.clone()),
                Transform::from_xyz(0.0, 0.0, z::MUSCLE),
            ));
        }
        let outline = if deep {
            dashed(&m.polygon, OUTLINE_WIDTH * 1.4)
        } else {
            stroke(&path, OUTLINE_WIDTH)
        };
        commands.spawn((
            MuscleMark,
            DiagramPart,
            OnView(m.view),
            Mesh2d(meshes.add(mesh(&outline))),
            MeshMaterial2d(palette.muscle_line.clone()),
            Transform::from_xyz(0.0, 0.0, z::MUSCLE_LINE),
        ));
        // The name above the shape, once a view.
        if !named_views.contains(&m.view) {
            named_views.push(m.view);
            // Beside the shape, on its outer edge, halfway up.
            let (lo, hi) = m
                .polygon
                .iter()
                .fold((f32::MAX, f32::MIN), |(a, b), p| (a.min(p[1]), b.max(p[1])));
            let right = m.polygon.iter().map(|p| p[0]).fold(f32::MIN, f32::max);
            names.push((label(atlas, m), Vec2::new(right + 0.008, (lo + hi) / 2.0)));
        }
    }
    labels.set_if_neq(MuscleLabels(names));
}

/// The faint layer of every superficial muscle, built the first time it is turned on.
fn show_layer(
    mut commands: Commands,
    live: Res<LiveAtlas>,
    layer: Res<MusclesLayer>,
    view_mode: Res<ViewMode>,
    built: Res<Built>,
    palette: Res<Palette>,
    parts: Query<Entity, With<MuscleLayerPart>>,
    mut meshes: ResMut<Assets<Mesh>>,
    mut made: Local<Option<u64>>,
) {
    if !(layer.is_changed() || built.is_changed() || live.is_changed()) {
        return;
    }
    let want = layer.0.then_some(live.generation);
    if *made == want && !built.is_changed() {
        return;
    }
    for e in &parts {
        commands.entity(e).despawn();
    }
    *made = None;
    if !layer.0 {
        return;
    }
    for view in View::ALL {
        let (mut fills, mut lines) = (Triangles::default(), Triangles::default());
        for m in live
            .muscle_shapes
            .iter()
            .filter(|m| m.view == view && m.layer == Layer::Superficial)
        {
            let path = catmull_rom_path(&m.control, true);
            fills.append(&fill(&path), [0.0, 0.0], 1.0);
            lines.append(&stroke(&path, OUTLINE_WIDTH * 0.8), [0.0, 0.0], 1.0);
        }
        for (t, material, depth) in [
            (fills, &palette.muscle_layer, z::MUSCLE_LAYER),
            (lines, &palette.muscle_layer_line, z::MUSCLE_LAYER + 0.001),
        ] {
            if t.is_empty() {
                continue;
            }
            commands.spawn((
                MuscleLayerPart,
                DiagramPart,
                OnView(view),
                Mesh2d(meshes.add(mesh(&t))),
                MeshMaterial2d(material.clone()),
                Transform::from_xyz(0.0, 0.0, depth),
                if view_mode.shows(view) {
                    Visibility::Inherited
                } else {
                    Visibility::Hidden
                },
            ));
        }
    }
    *made = want;
}
