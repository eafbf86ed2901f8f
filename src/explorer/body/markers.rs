//! Markers and picking: a marker for every trigger point on its view (both sides when
//! bilateral), hover and tap on the body. A tap near markers selects a point (or offers a short
//! list where markers overlap); in "where does it hurt?" mode a tap marks the region under it.

use bevy::prelude::*;
use bevy::window::PrimaryWindow;

use crate::atlas::geometry::{Triangles, Vec2 as P, markers_near, region_index_at};
use crate::atlas::{Side, View};

use crate::explorer::body::camera::{PixelSize, Press, to_plane};
use crate::explorer::body::diagram::{DiagramPart, MarkerLayer, OnView, z};
use crate::explorer::live::LiveAtlas;
use crate::explorer::look::palette::Palette;
use crate::explorer::shared::{ExplorerSet, UiHasPointer};
use crate::explorer::state::{Command, Mode};

/// Marker radius in diagram units (1 = body height).
pub const MARKER_RADIUS: f32 = 0.0075;
/// Touch target: a tap this close to a marker (in logical pixels) hits it. 16 px radius gives
/// the 32 px target that touch guidelines ask for.
pub const TOUCH_RADIUS_PX: f32 = 16.0;
/// A press that moves less than this is a tap; more is a drag (pan).
pub const TAP_SLOP_PX: f32 = 6.0;

/// A tap on the body, in diagram coordinates.
#[derive(Message, Debug, Clone, Copy, PartialEq)]
pub struct Tap {
    pub at: Vec2,
    /// Screen position, for a pick list.
    pub screen: Vec2,
    /// Shift or Ctrl held: add to the marked places instead of replacing them.
    pub extend: bool,
}

/// What the pointer is over.
#[derive(Resource, Debug, Clone, Default, PartialEq)]
pub struct Hover {
    pub screen: Option<Vec2>,
    /// Index into `LiveAtlas::markers`.
    pub marker: Option<usize>,
    /// Index into `LiveAtlas::regions`.
    pub region: Option<usize>,
    /// Index into `LiveAtlas::muscle_shapes`: the muscle under the pointer in explore mode,
    /// where no marker is.
    pub muscle: Option<usize>,
}

/// Markers that overlap under a tap: the user picks one from a small list.
#[derive(Resource, Debug, Clone, Default, PartialEq)]
pub struct PickList {
    pub screen: Vec2,
    pub options: Vec<(String, Option<Side>)>,
    /// What the list is: several markers under the finger, or a muscle's points.
    pub title: Option<String>,
}

pub struct MarkersPlugin;

impl Plugin for MarkersPlugin {
    fn build(&self, app: &mut App) {
        app.add_message::<Tap>()
            .init_resource::<Hover>()
            .init_resource::<PickList>()
            .init_resource::<Press>()
            .add_systems(
                Update,
                spawn_markers
                    .after(crate::explorer::body::diagram::rebuild)
                    .in_set(ExplorerSet::Derive),
            )
            .add_systems(Update, (pointer_input, hover).in_set(ExplorerSet::Input))
            .add_systems(
                Update,
                apply_taps.in_set(ExplorerSet::Input).after(pointer_input),
            );
    }
}

/// Built marker generation.
#[derive(Resource, Default)]
struct MarkersBuilt(Option<u64>);

fn spawn_markers(
    mut commands: Commands,
    live: Res<LiveAtlas>,
    mut built: Local<MarkersBuilt>,
    mut meshes: ResMut<Assets<Mesh>>,
    palette: Res<Palette>,
) {
    if !live.ready() || built.0 == Some(live.generation) {
        return;
    }
    built.0 = Some(live.generation);
    // The highlight fills the meshes in; they start empty.
    for view in View::ALL {
        commands.spawn((
            DiagramPart,
            OnView(view),
            MarkerLayer(view),
            Mesh2d(meshes.add(crate::explorer::body::diagram::coloured_mesh(
                &Triangles::default(),
                &[],
            ))),
            MeshMaterial2d(palette.markers.clone()),
            Transform::from_xyz(0.0, 0.0, z::MARKER),
        ));
    }
}

/// Turn mouse and touch input into taps (press and release without moving).
fn pointer_input(
    buttons: Res<ButtonInput<MouseButton>>,
    keys: Res<ButtonInput<KeyCode>>,
    touches: Res<Touches>,
    window: Query<&Window, With<PrimaryWindow>>,
    camera: Query<(&Transform, &Projection), With<Camera2d>>,
    ui: Res<UiHasPointer>,
    mut press: ResMut<Press>,
    mut taps: MessageWriter<Tap>,
) {
    let Ok(window) = window.single() else { return };
    let cursor = window.cursor_position();
    // A single touch acts like the mouse.
    let touch = touches.iter().next().map(|t| t.position());
    let released_touch = touches.iter_just_released().next().map(|t| t.position());
    let pressed =
        buttons.just_pressed(MouseButton::Left) || touches.iter_just_pressed().next().is_some();
    let released = buttons.just_released(MouseButton::Left) || released_touch.is_some();
    let pos = released_touch.or(touch).or(cursor);

    if pressed && !ui.0 {
        press.start = pos;
        press.dragging = false;
    }
    if let (Some(start), Some(p)) = (press.start, pos)
        && p.distance(start) > TAP_SLOP_PX
    {
        press.dragging = true;
    }
    if released {
        if let (Some(_), false, Some(p)) = (press.start, press.dragging, pos)
            && touches.iter().count() <= 1
            && let Ok(cam) = camera.single()
            && let Some(at) = to_plane(window, cam, p)
        {
            let extend = keys.any_pressed([
                KeyCode::ShiftLeft,
                KeyCode::ShiftRight,
                KeyCode::ControlLeft,
                KeyCode::ControlRight,
            ]);
            taps.write(Tap {
                at,
                screen: p,
                extend,
            });
        }
        press.start = None;
        press.dragging = false;
    }
}

fn plane(v: Vec2) -> P {
    [v.x, v.y]
}

/// Distinct points whose markers are within the touch radius of `at`, nearest first.
pub fn points_near(
    live: &LiveAtlas,
    at: Vec2,
    radius: f32,
    mode_view: crate::explorer::state::ViewMode,
) -> Vec<(usize, Option<Side>)> {
    let mut out: Vec<(usize, Option<Side>)> = Vec::new();
    for m in markers_near(&live.markers, plane(at), radius) {
        if mode_view.shows(m.view) && !out.iter().any(|(p, _)| *p == m.point) {
            out.push((m.point, m.side));
        }
    }
    out
}

/// Resolve taps: select a marker, offer a pick list, or mark a region.
fn apply_taps(
    mut taps: MessageReader<Tap>,
    live: Res<LiveAtlas>,
    mode: Res<Mode>,
    view: Res<crate::explorer::state::ViewMode>,
    pixel: Res<PixelSize>,
    mut pick: ResMut<PickList>,
    mut commands: MessageWriter<Command>,
) {
    for tap in taps.read() {
        let Some(atlas) = live.atlas() else { continue };
        pick.set_if_neq(PickList::default());
        match *mode {
            Mode::Explore => {
                let near = points_near(&live, tap.at, TOUCH_RADIUS_PX * pixel.0, *view);
                match near.as_slice() {
                    // No marker: a tap on a muscle offers its points.
                    [] => {
                        if let Some(i) = crate::atlas::art::muscles::muscle_at(
                            &live.muscle_shapes,
                            plane(tap.at),
                            |m| view.shows(m.view),
                        ) {
                            let m = &live.muscle_shapes[i];
                            let options: Vec<(String, Option<Side>)> = atlas
                                .points
                                .iter()
                                .filter(|p| p.muscle_id == m.muscle)
                                .map(|p| (p.id.clone(), m.side))
                                .collect();
                            let name = atlas
                                .muscle(&m.muscle)
                                .map_or(m.muscle.clone(), |x| x.name.clone());
                            *pick = PickList {
                                screen: tap.screen,
                                options,
                                title: Some(name),
                            };
                        }
                    }
                    [(p, side)] => {
                        commands.write(Command::Select {
                            id: atlas.points[*p].id.clone(),
                            side: *side,
                        });
                    }
                    many => {
                        *pick = PickList {
                            screen: tap.screen,
                            options: many
                                .iter()
                                .map(|(p, s)| (atlas.points[*p].id.clone(), *s))
                                .collect(),
                            title: None,
                        }
                    }
                }
            }
            // In "where does it hurt?" a tap is a dab of the pain drawing (the drawing room
            // paints it); places are marked from the search.
            Mode::WhereItHurts => {}
        }
    }
}

/// Track what is under the pointer, for tooltips.
fn hover(
    mut moved: MessageReader<CursorMoved>,
    mut left: MessageReader<CursorLeft>,
    window: Query<&Window, With<PrimaryWindow>>,
    camera: Query<(&Transform, &Projection), With<Camera2d>>,
    live: Res<LiveAtlas>,
    mode: Res<Mode>,
    view: Res<crate::explorer::state::ViewMode>,
    pixel: Res<PixelSize>,
    ui: Res<UiHasPointer>,
    mut hover: ResMut<Hover>,
) {
    if left.read().count() > 0 {
        hover.set_if_neq(Hover::default());
    }
    let Some(last) = moved.read().last() else {
        return;
    };
    let (Ok(window), Ok(cam)) = (window.single(), camera.single()) else {
        return;
    };
    let Some(at) = to_plane(window, cam, last.position) else {
        return;
    };
    if ui.0 {
        hover.set_if_neq(Hover::default());
        return;
    }
    let marker = markers_near(&live.markers, plane(at), TOUCH_RADIUS_PX * pixel.0)
        .into_iter()
        .find(|m| view.shows(m.view))
        .and_then(|m| live.markers.iter().position(|x| std::ptr::eq(x, m)));
    let region = (*mode == Mode::WhereItHurts)
        .then(|| region_index_at(&live.regions, plane(at), |r| view.shows(r.view)))
        .flatten();
    let muscle = (*mode == Mode::Explore && marker.is_none())
        .then(|| {
            crate::atlas::art::muscles::muscle_at(&live.muscle_shapes, plane(at), |m| {
                view.shows(m.view)
            })
        })
        .flatten();
    hover.set_if_neq(Hover {
        screen: Some(last.position),
        marker,
        region,
        muscle,
    });
}
