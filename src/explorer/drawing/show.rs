//! The painted area over the body: one mesh per view, built from the same cells that the core
//! scores (so what is shown is what is explained), with smooth edges.

use bevy::prelude::*;

use crate::atlas::View;
use crate::atlas::drawing::raster::painted_triangles;
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
