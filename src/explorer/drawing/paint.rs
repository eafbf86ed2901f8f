//! Pointer and touch input in "Where does it hurt?": a press on the body starts a stroke, moving
//! extends it, release ends it; a tap is a small dab. A second finger ends the stroke (it is a
//! pinch). The stroke stays on the view it started on.

use bevy::prelude::*;
use bevy::window::PrimaryWindow;

use crate::atlas::View;
use crate::atlas::drawing::StrokeView;
use crate::atlas::geometry::Layout;
use crate::explorer::body::camera::to_plane;
use crate::explorer::live::LiveAtlas;
use crate::explorer::shared::{ExplorerSet, UiHasPointer};
use crate::explorer::state::{DrawingCommand, Mode, ViewMode};

pub struct PaintPlugin;

impl Plugin for PaintPlugin {
    fn build(&self, app: &mut App) {
        app.add_systems(Update, paint_input.in_set(ExplorerSet::Input));
    }
}

/// The view a point of the plane is on (among those shown), and its art coordinates with `x`
/// signed (positive toward the person's left).
pub fn art_point(layout: &Layout, shown: ViewMode, p: Vec2) -> (View, (f32, f32)) {
    let (mut view, _) = layout.unplace([p.x, p.y]);
    if !shown.shows(view) {
        view = shown.views()[0];
    }
    (view, art_on(layout, view, p))
}

/// Art coordinates (`x` signed) of a point of the plane on `view`.
pub fn art_on(layout: &Layout, view: View, p: Vec2) -> (f32, f32) {
    let sign = view.screen_sign(crate::atlas::Side::Left);
    ((p.x - layout.origin(view)) * sign, p.y)
}

fn paint_input(
    mode: Res<Mode>,
    buttons: Res<ButtonInput<MouseButton>>,
    touches: Res<Touches>,
    window: Query<&Window, With<PrimaryWindow>>,
    camera: Query<(&Transform, &Projection), With<Camera2d>>,
    ui: Res<UiHasPointer>,
    view_mode: Res<ViewMode>,
    live: Res<LiveAtlas>,
    mut stroke: Local<Option<View>>,
    mut out: MessageWriter<DrawingCommand>,
) {
    if *mode != Mode::WhereItHurts {
        if stroke.take().is_some() {
            out.write(DrawingCommand::End);
        }
        return;
    }
    let (Ok(window), Ok(cam)) = (window.single(), camera.single()) else {
        return;
    };
    let layout = live.layout.unwrap_or(Layout::SIDE_BY_SIDE);
    let fingers = touches.iter().count();
    let touch = touches.iter().next().map(|t| t.position());
    let released_touch = touches.iter_just_released().next().map(|t| t.position());
    let pos = released_touch.or(touch).or(window.cursor_position());
    let pressed = buttons.just_pressed(MouseButton::Left)
        || (touches.iter_just_pressed().next().is_some() && fingers == 1);
    let released = buttons.just_released(MouseButton::Left) || released_touch.is_some();
    let plane = pos.and_then(|p| to_plane(window, cam, p));
    if fingers > 1 && stroke.take().is_some() {
        out.write(DrawingCommand::End);
        return;
    }
    if pressed && !ui.0 {
        if let Some(p) = plane {
            let (view, at) = art_point(&layout, *view_mode, p);
            out.write(DrawingCommand::Begin {
                view: StrokeView::from(view),
                at,
            });
            *stroke = Some(view);
        }
    } else if let (Some(view), Some(p)) = (*stroke, plane) {
        out.write(DrawingCommand::Extend {
            at: art_on(&layout, view, p),
        });
    }
    if released && stroke.take().is_some() {
        out.write(DrawingCommand::End);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plane_points_become_signed_art_points_on_the_shown_view() {
        let l = Layout::SIDE_BY_SIDE;
        // On the front view the person's left is on the viewer's right.
        let (v, at) = art_point(&l, ViewMode::Both, Vec2::new(l.front_x + 0.05, 0.6));
        assert_eq!(v, View::Front);
        assert!((at.0 - 0.05).abs() < 1e-6 && (at.1 - 0.6).abs() < 1e-6);
        // On the back view it is on the viewer's left.
        let (v, at) = art_point(&l, ViewMode::Both, Vec2::new(l.back_x - 0.05, 0.6));
        assert_eq!(v, View::Back);
        assert!((at.0 - 0.05).abs() < 1e-6);
        // With one view shown, every point is on it.
        let (v, _) = art_point(&l, ViewMode::Only(View::Back), Vec2::new(l.front_x, 0.6));
        assert_eq!(v, View::Back);
    }
}
