//! The painted area over the body: one mesh per view, built from the same cells that the core
//! scores (so what is shown is what is explained), with smooth edges.

use bevy::prelude::*;

use crate::atlas::View;
use crate::atlas::drawing::raster::{painted_outline, painted_triangles};
use crate::atlas::geometry::{Layout, Triangles};
use crate::explorer::body::diagram::{Built, DiagramPart, OnView, mesh, z};
use crate::explorer::live::LiveAtlas;
use crate::explorer::look::palette::Palette;
use crate::explorer::shared::ExplorerSet;
use crate::explorer::state::{PainDrawing, ViewMode};

pub struct ShowPlugin;

impl Plugin for ShowPlugin {
    fn build(&self, app: &mut App) {
        app.add_systems(Update, show_drawing.in_set(ExplorerSet::Draw));
    }
}

/// The painted area of one view.
#[derive(Component, Debug, Clone, Copy, PartialEq, Eq)]
pub struct DrawingLayer(pub View);

/// Width of the line around the drawing, in diagram units.
pub const OUTLINE_WIDTH: f32 = 0.0016;

/// The line around the painted cells of `cells`, placed on `view`: a thin quad a segment.
pub fn placed_outline(
    layout: &Layout,
    view: View,
    cells: &crate::atlas::drawing::raster::CellSet,
) -> Triangles {
    let sign = view.screen_sign(crate::atlas::Side::Left);
    let origin = layout.origin(view);
    let mut t = Triangles::default();
    for [a, b] in painted_outline(cells) {
        let (a, b) = ([origin + sign * a[0], a[1]], [origin + sign * b[0], b[1]]);
        let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
        let len = dx.hypot(dy).max(1e-9);
        // Half the width across, and a little along, so that the segments join.
        let (nx, ny) = (
            -dy / len * OUTLINE_WIDTH / 2.0,
            dx / len * OUTLINE_WIDTH / 2.0,
        );
        let (ex, ey) = (
            dx / len * OUTLINE_WIDTH / 2.0,
            dy / len * OUTLINE_WIDTH / 2.0,
        );
        let base = t.positions.len() as u32;
        t.positions.extend([
            [a[0] - ex + nx, a[1] - ey + ny],
            [b[0] + ex + nx, b[1] + ey + ny],
            [b[0] + ex - nx, b[1] + ey - ny],
            [a[0] - ex - nx, a[1] - ey - ny],
        ]);
        t.indices
            .extend([base, base + 1, base + 2, base, base + 2, base + 3]);
    }
    t
}

/// The painted triangles of `cells` placed on `view` of the layout.
pub fn placed_triangles(
    layout: &Layout,
    view: View,
    cells: &crate::atlas::drawing::raster::CellSet,
) -> Triangles {
    let mut t = painted_triangles(cells);
    let sign = view.screen_sign(crate::atlas::Side::Left);
    let origin = layout.origin(view);
    for p in &mut t.positions {
        p[0] = origin + sign * p[0];
    }
    t
}

fn show_drawing(
    mut commands: Commands,
    live: Res<LiveAtlas>,
    pain: Res<PainDrawing>,
    built: Res<Built>,
    view_mode: Res<ViewMode>,
    palette: Res<Palette>,
    mut meshes: ResMut<Assets<Mesh>>,
    layers: Query<(Entity, &DrawingLayer)>,
) {
    if !(pain.is_changed() || live.is_changed() || built.is_changed()) {
        return;
    }
    if pain.drawing.strokes.is_empty() {
        for (e, _) in &layers {
            commands.entity(e).despawn();
        }
        return;
    }
    let Some(explainer) = live.explainer() else {
        return;
    };
    let layout = live.layout.unwrap_or(Layout::SIDE_BY_SIDE);
    let (cells, _) = explainer.paint(&pain.drawing);
    for (e, _) in &layers {
        commands.entity(e).despawn();
    }
    for (view, set) in explainer.views().into_iter().zip(&cells) {
        if set.is_empty() {
            continue;
        }
        let t = placed_triangles(&layout, view, set);
        let visibility = if view_mode.shows(view) {
            Visibility::Inherited
        } else {
            Visibility::Hidden
        };
        commands.spawn((
            DiagramPart,
            OnView(view),
            DrawingLayer(view),
            Mesh2d(meshes.add(mesh(&placed_outline(&layout, view, set)))),
            MeshMaterial2d(palette.drawing_line.clone()),
            Transform::from_xyz(0.0, 0.0, z::DRAWING + 0.01),
            visibility,
        ));
        commands.spawn((
            DiagramPart,
            OnView(view),
            DrawingLayer(view),
            Mesh2d(meshes.add(mesh(&t))),
            MeshMaterial2d(palette.drawing.clone()),
            Transform::from_xyz(0.0, 0.0, z::DRAWING),
            if view_mode.shows(view) {
                Visibility::Inherited
            } else {
                Visibility::Hidden
            },
        ));
    }
}
