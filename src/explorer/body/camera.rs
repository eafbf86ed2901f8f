//! The camera: frames the shown views in the part of the window that the panel leaves free, at
//! any size and aspect ratio; pan with a drag, zoom with the wheel, a pinch or +/-; reset.

use bevy::input::mouse::{MouseScrollUnit, MouseWheel};
use bevy::prelude::*;
use bevy::window::PrimaryWindow;

use crate::explorer::live::LiveAtlas;
use crate::explorer::shared::{ExplorerSet, UiHasPointer};
use crate::explorer::state::{Mode, ViewMode};

/// The user's zoom and pan on top of the automatic fit.
#[derive(Resource, Debug, Clone, Copy, PartialEq)]
pub struct CameraView {
    /// 1 = the views fit the free area.
    pub zoom: f32,
    /// Offset of the view centre, in diagram units.
    pub pan: Vec2,
}

impl Default for CameraView {
    fn default() -> Self {
        CameraView {
            zoom: 1.0,
            pan: Vec2::ZERO,
        }
    }
}

pub const MIN_ZOOM: f32 = 0.5;
pub const MAX_ZOOM: f32 = 8.0;

impl CameraView {
    pub fn zoom_by(&mut self, factor: f32) {
        self.zoom = (self.zoom * factor).clamp(MIN_ZOOM, MAX_ZOOM);
    }
}

/// The state of the primary mouse button or touch.
#[derive(Resource, Debug, Clone, Default)]
pub struct Press {
    pub start: Option<Vec2>,
    pub dragging: bool,
}

/// The window area not covered by the panels, in logical pixels from the left/top edges.
#[derive(Resource, Debug, Clone, Copy, PartialEq, Default)]
pub struct FreeArea {
    pub left: f32,
    pub right: f32,
    pub top: f32,
    pub bottom: f32,
}

/// Diagram units per logical pixel at the current zoom, for touch radii.
#[derive(Resource, Debug, Clone, Copy, PartialEq)]
pub struct PixelSize(pub f32);

impl Default for PixelSize {
    fn default() -> Self {
        PixelSize(1.0 / 800.0)
    }
}

/// For rendering without a window: the image the camera draws into, and its size in pixels.
#[derive(Resource, Debug, Clone)]
pub struct OffscreenTarget {
    pub target: bevy::camera::RenderTarget,
    pub size: Vec2,
}

/// Zoom and reset requests from keys and buttons.
#[derive(Message, Debug, Clone, Copy, PartialEq)]
pub enum CameraCommand {
    ZoomIn,
    ZoomOut,
    Reset,
}

pub struct CameraPlugin;

impl Plugin for CameraPlugin {
    fn build(&self, app: &mut App) {
        app.init_resource::<CameraView>()
            .init_resource::<FreeArea>()
            .init_resource::<PixelSize>()
            .add_message::<CameraCommand>()
            .add_systems(Startup, spawn_camera)
            .add_systems(
                Update,
                (camera_input, camera_commands).in_set(ExplorerSet::Input),
            )
            .add_systems(Update, fit.in_set(ExplorerSet::Draw));
    }
}

/// Whether the camera multisamples. Multisampling smooths the outlines; a GPU does it almost
/// for free, but a software renderer (lavapipe, llvmpipe) pays on every pixel: it more than
/// doubled the time from a tap to the frame that shows it (BENCHMARKS.md). So it is on, except
/// on a software renderer in the interactive app, where responsiveness comes first; handouts are
/// always multisampled. `TRIGGER_ATLAS_MSAA=on|off` overrides.
pub fn multisample(software_renderer: bool, handout: bool, setting: Option<&str>) -> bool {
    match setting {
        Some("on") => true,
        Some("off") => false,
        _ => handout || !software_renderer,
    }
}

fn spawn_camera(
    mut commands: Commands,
    offscreen: Option<Res<OffscreenTarget>>,
    adapter: Option<Res<bevy::render::renderer::RenderAdapterInfo>>,
) {
    let mut camera = commands.spawn(Camera2d);
    let software = crate::explorer::shared::gpu::software_renderer(adapter.as_deref());
    let setting = std::env::var("TRIGGER_ATLAS_MSAA").ok();
    if !multisample(software, offscreen.is_some(), setting.as_deref()) {
        camera.insert(bevy::render::view::Msaa::Off);
    }
    if let Some(o) = offscreen {
        camera.insert(o.target.clone());
    }
}

/// The scale (diagram units per logical pixel) and centre that fit `views` into the free area.
pub fn fit_transform(
    window: Vec2,
    free: FreeArea,
    layout: crate::atlas::geometry::Layout,
    views: &[crate::atlas::View],
    view: CameraView,
) -> (f32, Vec2) {
    let (min, max) = layout.bounds(views);
    let size = Vec2::new(max[0] - min[0], max[1] - min[1]);
    let avail = Vec2::new(
        (window.x - free.left - free.right).max(50.0),
        (window.y - free.top - free.bottom).max(50.0),
    );
    // A small margin so that the figure does not touch the edges.
    let margin = 0.94;
    let fit_scale = (size.x / (avail.x * margin)).max(size.y / (avail.y * margin));
    let scale = fit_scale / view.zoom;
    let centre = Vec2::new(min[0] + max[0], min[1] + max[1]) / 2.0 + view.pan;
    // Shift so that the centre lands in the middle of the free area, not of the window.
    let free_centre_px = Vec2::new(free.left + avail.x / 2.0, free.top + avail.y / 2.0);
    let offset_px = free_centre_px - window / 2.0;
    // Screen y grows downward, world y upward.
    let camera = centre - Vec2::new(offset_px.x, -offset_px.y) * scale;
    (scale, camera)
}

/// Where a window position (logical pixels, y down) lands in the diagram plane, for a camera
/// at `camera_at` showing `scale` diagram units per logical pixel.
pub fn screen_to_plane(cursor: Vec2, window: Vec2, camera_at: Vec2, scale: f32) -> Vec2 {
    camera_at + Vec2::new(cursor.x - window.x / 2.0, window.y / 2.0 - cursor.y) * scale
}

/// [`screen_to_plane`] for the app's camera.
pub fn to_plane(window: &Window, camera: (&Transform, &Projection), cursor: Vec2) -> Option<Vec2> {
    let (transform, projection) = camera;
    let Projection::Orthographic(ortho) = projection else {
        return None;
    };
    Some(screen_to_plane(
        cursor,
        Vec2::new(window.width(), window.height()),
        transform.translation.truncate(),
        ortho.scale,
    ))
}

pub fn fit(
    window: Query<&Window, With<PrimaryWindow>>,
    offscreen: Option<Res<OffscreenTarget>>,
    free: Res<FreeArea>,
    live: Res<LiveAtlas>,
    view_mode: Res<ViewMode>,
    view: Res<CameraView>,
    mut pixel: ResMut<PixelSize>,
    mut camera: Query<(&mut Transform, &mut Projection), With<Camera2d>>,
) {
    let size = match (offscreen, window.single()) {
        (Some(o), _) => o.size,
        (None, Ok(w)) => Vec2::new(w.width(), w.height()),
        (None, Err(_)) => Vec2::new(1280.0, 800.0),
    };
    let Ok((mut transform, mut projection)) = camera.single_mut() else {
        return;
    };
    let layout = live
        .layout
        .unwrap_or(crate::atlas::geometry::Layout::SIDE_BY_SIDE);
    let (scale, centre) = fit_transform(size, *free, layout, &view_mode.views(), *view);
    pixel.set_if_neq(PixelSize(scale));
    let target = Vec3::new(centre.x, centre.y, transform.translation.z);
    if transform.translation != target {
        transform.translation = target;
    }
    if let Projection::Orthographic(ortho) = projection.as_mut()
        && ortho.scale != scale
    {
        ortho.scale = scale;
    }
}

/// Wheel zoom (around the cursor), drag pan and two-finger pinch.
fn camera_input(
    mut wheel: MessageReader<MouseWheel>,
    mut moved: MessageReader<CursorMoved>,
    buttons: Res<ButtonInput<MouseButton>>,
    touches: Res<Touches>,
    press: Res<Press>,
    ui: Res<UiHasPointer>,
    pixel: Res<PixelSize>,
    free: Res<FreeArea>,
    window: Query<&Window, With<PrimaryWindow>>,
    mode: Res<Mode>,
    mut view: ResMut<CameraView>,
    mut last_cursor: Local<Option<Vec2>>,
) {
    let cursor = window.single().ok().and_then(|w| w.cursor_position());
    for e in wheel.read() {
        if ui.0 {
            continue;
        }
        let lines = match e.unit {
            MouseScrollUnit::Line => e.y,
            MouseScrollUnit::Pixel => e.y / 40.0,
        };
        let factor = 1.15f32.powf(lines);
        let before = view.zoom;
        view.zoom_by(factor);
        // Keep the point under the cursor in place.
        if let (Some(c), Ok(w)) = (cursor, window.single()) {
            // The cursor relative to the centre of the free area, y up.
            let avail = Vec2::new(
                w.width() - free.left - free.right,
                w.height() - free.top - free.bottom,
            );
            let free_centre = Vec2::new(free.left + avail.x / 2.0, free.top + avail.y / 2.0);
            let from_centre = Vec2::new(c.x - free_centre.x, free_centre.y - c.y);
            let world_per_px_before = pixel.0;
            let world_per_px_after = pixel.0 * before / view.zoom;
            view.pan += from_centre * (world_per_px_before - world_per_px_after);
        }
    }
    // Drag to pan (mouse), once the press has moved beyond the tap slop.
    let mut delta = Vec2::ZERO;
    for e in moved.read() {
        if let Some(prev) = *last_cursor {
            delta += e.position - prev;
        }
        *last_cursor = Some(e.position);
    }
    // A left drag pans in explore mode; in "where does it hurt?" it paints, and the right or
    // middle button pans.
    let left_pans = *mode == Mode::Explore && press.dragging && buttons.pressed(MouseButton::Left);
    let other_pans = !ui.0 && buttons.any_pressed([MouseButton::Right, MouseButton::Middle]);
    if (left_pans || other_pans) && touches.iter().count() == 0 {
        view.pan += Vec2::new(-delta.x, delta.y) * pixel.0;
    }
    // Touch: one finger drags, two fingers pinch.
    let fingers: Vec<_> = touches.iter().collect();
    match fingers.as_slice() {
        [one] if press.dragging && *mode == Mode::Explore => {
            let d = one.delta();
            view.pan += Vec2::new(-d.x, d.y) * pixel.0;
        }
        [a, b] => {
            let now = a.position().distance(b.position());
            let before = (a.position() - a.delta()).distance(b.position() - b.delta());
            if before > 1.0 && now > 1.0 {
                view.zoom_by(now / before);
            }
        }
        _ => {}
    }
}

fn camera_commands(mut commands: MessageReader<CameraCommand>, mut view: ResMut<CameraView>) {
    for c in commands.read() {
        match c {
            CameraCommand::ZoomIn => view.zoom_by(1.25),
            CameraCommand::ZoomOut => view.zoom_by(1.0 / 1.25),
            CameraCommand::Reset => *view = CameraView::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::multisample;

    #[test]
    fn multisampling_is_off_only_for_the_app_on_a_software_renderer() {
        assert!(multisample(false, false, None), "a GPU multisamples");
        assert!(
            !multisample(true, false, None),
            "lavapipe, interactive: off"
        );
        assert!(multisample(true, true, None), "handouts always multisample");
        assert!(multisample(true, false, Some("on")));
        assert!(!multisample(false, true, Some("off")));
    }
}
