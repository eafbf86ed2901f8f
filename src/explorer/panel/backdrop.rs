//! The panel's background, drawn by the renderer instead of egui.
//!
//! The side panel has no fill of its own: it shows the window's background colour, which the
//! renderer clears to at no cost. Painted by egui, the same fill was 450 000 pixels a frame through
//! egui's shader, a quarter of a stroke's time on a software renderer (BENCHMARKS.md). The body
//! fits beside the panel; only when it is zoomed or panned far enough to pass under the panel does
//! a quad in the background colour cover the panel's side of the window, so that the panel's text
//! never sits on the body.

use bevy::prelude::*;
use bevy::window::PrimaryWindow;

use crate::atlas::geometry::{Layout, Triangles};
use crate::explorer::body::camera::FreeArea;
use crate::explorer::body::diagram::mesh;
use crate::explorer::live::LiveAtlas;
use crate::explorer::look::palette::Palette;
use crate::explorer::shared::ExplorerSet;
use crate::explorer::state::ViewMode;

pub struct BackdropPlugin;

impl Plugin for BackdropPlugin {
    fn build(&self, app: &mut App) {
        app.add_systems(Startup, spawn_backdrop).add_systems(
            Update,
            place_backdrop
                .in_set(ExplorerSet::Draw)
                .after(crate::explorer::body::camera::fit),
        );
    }
}

/// The quad that hides the body under the panel.
#[derive(Component, Debug)]
pub struct PanelBackdrop;

/// Over everything the body draws.
pub const Z: f32 = 10.0;

/// How far past the views' slots the body's marks may reach (ripples, rings), in diagram units.
const REACH: f32 = 0.03;

fn spawn_backdrop(mut commands: Commands, mut meshes: ResMut<Assets<Mesh>>, palette: Res<Palette>) {
    // A unit square, placed and stretched over the panel by its transform.
    let square = Triangles {
        positions: vec![[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0]],
        indices: vec![0, 1, 2, 0, 2, 3],
    };
    commands.spawn((
        PanelBackdrop,
        Mesh2d(meshes.add(mesh(&square))),
        MeshMaterial2d(palette.background.clone()),
        Transform::from_xyz(0.0, 0.0, Z),
        Visibility::Hidden,
    ));
}

/// Where the panel is, in diagram units, given the window, the free area and the camera: `None`
/// when nothing the body draws can reach it.
pub fn panel_cover(
    window: Vec2,
    free: FreeArea,
    camera_at: Vec2,
    scale: f32,
    layout: Layout,
    views: &[crate::atlas::View],
) -> Option<Rect> {
    if free.right <= 0.0 || scale <= 0.0 {
        return None;
    }
    // The panel's left edge, in diagram units.
    let edge = camera_at.x + (window.x / 2.0 - free.right) * scale;
    let (_, max) = layout.bounds(views);
    if max[0] + REACH <= edge {
        return None;
    }
    let half = window * scale / 2.0;
    Some(Rect::new(
        edge,
        camera_at.y - half.y,
        camera_at.x + half.x,
        camera_at.y + half.y,
    ))
}

fn place_backdrop(
    window: Query<&Window, With<PrimaryWindow>>,
    free: Res<FreeArea>,
    live: Res<LiveAtlas>,
    view_mode: Res<ViewMode>,
    camera: Query<(&Transform, &Projection), (With<Camera2d>, Without<PanelBackdrop>)>,
    mut backdrop: Query<(&mut Transform, &mut Visibility), With<PanelBackdrop>>,
) {
    let (Ok(w), Ok((at, Projection::Orthographic(o))), Ok((mut t, mut vis))) =
        (window.single(), camera.single(), backdrop.single_mut())
    else {
        return;
    };
    let layout = live.layout.unwrap_or(Layout::SIDE_BY_SIDE);
    let cover = panel_cover(
        Vec2::new(w.width(), w.height()),
        *free,
        at.translation.truncate(),
        o.scale,
        layout,
        &view_mode.views(),
    );
    let Some(r) = cover else {
        vis.set_if_neq(Visibility::Hidden);
        return;
    };
    let want = Transform::from_xyz(r.min.x, r.min.y, Z).with_scale(r.size().extend(1.0));
    t.set_if_neq(want);
    vis.set_if_neq(Visibility::Inherited);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::atlas::View;

    const WINDOW: Vec2 = Vec2::new(1440.0, 900.0);
    const FREE: FreeArea = FreeArea {
        left: 0.0,
        right: 500.0,
        top: 0.0,
        bottom: 0.0,
    };

    #[test]
    fn the_fitted_body_leaves_the_panel_alone_and_a_zoomed_one_gets_covered() {
        let layout = Layout::SIDE_BY_SIDE;
        let views = [View::Front, View::Back];
        let view = crate::explorer::body::camera::CameraView::default();
        let (scale, at) =
            crate::explorer::body::camera::fit_transform(WINDOW, FREE, layout, &views, view);
        assert_eq!(panel_cover(WINDOW, FREE, at, scale, layout, &views), None);
        // Zoomed in 3x on the same centre: the back view reaches under the panel.
        let cover = panel_cover(WINDOW, FREE, at, scale / 3.0, layout, &views)
            .expect("a zoomed body passes under the panel");
        let edge = at.x + (WINDOW.x / 2.0 - FREE.right) * scale / 3.0;
        assert!((cover.min.x - edge).abs() < 1e-6);
        assert!((cover.max.x - (at.x + WINDOW.x / 2.0 * scale / 3.0)).abs() < 1e-6);
        assert!(cover.height() >= WINDOW.y * scale / 3.0 - 1e-6);
        // No panel (presenter mode): nothing to cover.
        let none = FreeArea { right: 0.0, ..FREE };
        assert_eq!(
            panel_cover(WINDOW, none, at, scale / 3.0, layout, &views),
            None
        );
    }
}
