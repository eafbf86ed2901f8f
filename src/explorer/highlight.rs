//! Highlight: light the selected point's zones (essential solid, spillover hatched), mark the
//! point with an X, dim the other markers, outline marked places and emphasise candidates.

use std::collections::HashMap;

use bevy::prelude::*;

use crate::atlas::geometry::Triangles;
use crate::atlas::{Intensity, LOCAL, Side};

use super::diagram::{OnView, RegionFill, RegionOutline, mesh, z};
use super::live::LiveAtlas;
use super::markers::{MARKER_RADIUS, MarkerDot, MarkerRing};
use super::palette::Palette;
use super::state::{Derived, ExplorerSet, MarkedPlaces, Mode, Selection, ViewMode};

/// Present in handouts: only the selected point and the candidates get a marker; the other
/// dots would only distract on paper.
#[derive(Resource, Debug, Clone, Copy, Default)]
pub struct OnlyRelevantMarkers;

/// The X over a selected marker, and the ring of a `local` zone; respawned on change.
#[derive(Component)]
pub struct SelectionMark;

pub struct HighlightPlugin;

impl Plugin for HighlightPlugin {
    fn build(&self, app: &mut App) {
        app.add_systems(
            Update,
            (light_regions, style_markers, mark_selection).in_set(ExplorerSet::Draw),
        );
    }
}

/// Which zones are lit, by (region, side), for lookups.
pub fn lit_map(derived: &Derived) -> HashMap<(&str, Option<Side>), Intensity> {
    let mut map = HashMap::new();
    for z in &derived.lit {
        let e = map
            .entry((z.region.as_str(), z.side))
            .or_insert(z.intensity);
        *e = (*e).min(z.intensity);
    }
    map
}

fn changed(
    live: &Res<LiveAtlas>,
    derived: &Res<Derived>,
    view: &Res<ViewMode>,
    marked: &Res<MarkedPlaces>,
    built: &Res<super::diagram::Built>,
) -> bool {
    live.is_changed()
        || derived.is_changed()
        || view.is_changed()
        || marked.is_changed()
        || built.is_changed()
}

fn light_regions(
    live: Res<LiveAtlas>,
    derived: Res<Derived>,
    view: Res<ViewMode>,
    marked: Res<MarkedPlaces>,
    built: Res<super::diagram::Built>,
    palette: Res<Palette>,
    mut fills: Query<
        (
            &RegionFill,
            &mut Visibility,
            &mut MeshMaterial2d<ColorMaterial>,
        ),
        Without<RegionOutline>,
    >,
    mut outlines: Query<(&RegionOutline, &mut Visibility), Without<RegionFill>>,
) {
    if !changed(&live, &derived, &view, &marked, &built) {
        return;
    }
    let lit = lit_map(&derived);
    for (RegionFill(i), mut vis, mut material) in &mut fills {
        let Some(r) = live.regions.get(*i) else {
            continue;
        };
        let intensity = lit.get(&(r.region.as_str(), r.side)).copied();
        let show = intensity.is_some() && view.shows(r.view);
        vis.set_if_neq(if show {
            Visibility::Inherited
        } else {
            Visibility::Hidden
        });
        if let Some(intensity) = intensity {
            let want = match intensity {
                Intensity::Essential => &palette.essential,
                Intensity::Spillover => &palette.spillover,
            };
            if material.0 != *want {
                material.0 = want.clone();
            }
        }
    }
    for (RegionOutline(i), mut vis) in &mut outlines {
        let Some(r) = live.regions.get(*i) else {
            continue;
        };
        let show = view.shows(r.view)
            && marked.places.iter().any(|p| {
                p.region == r.region && (p.side.is_none() || r.side.is_none() || p.side == r.side)
            });
        vis.set_if_neq(if show {
            Visibility::Inherited
        } else {
            Visibility::Hidden
        });
    }
}

/// The role of a marker on screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkerRole {
    Normal,
    Selected,
    Candidate,
    Dimmed,
}

/// The role of marker instance `i`, from the state.
pub fn marker_role(
    live: &LiveAtlas,
    i: usize,
    selection: &Selection,
    derived: &Derived,
    mode: Mode,
) -> MarkerRole {
    let Some(atlas) = live.atlas() else {
        return MarkerRole::Normal;
    };
    let Some(m) = live.markers.get(i) else {
        return MarkerRole::Normal;
    };
    let id = atlas.points[m.point].id.as_str();
    if selection.point.as_deref() == Some(id)
        && (selection.side.is_none() || m.side == selection.side)
    {
        return MarkerRole::Selected;
    }
    if mode == Mode::WhereItHurts && !derived.candidates.is_empty() {
        return match derived.candidates.iter().find(|c| c.id == id) {
            Some(c) if c.sides.contains(&m.side) => MarkerRole::Candidate,
            _ => MarkerRole::Dimmed,
        };
    }
    if !selection.all().is_empty() {
        MarkerRole::Dimmed
    } else {
        MarkerRole::Normal
    }
}

fn style_markers(
    live: Res<LiveAtlas>,
    derived: Res<Derived>,
    selection: Res<Selection>,
    mode: Res<Mode>,
    view: Res<ViewMode>,
    built: Res<super::diagram::Built>,
    palette: Res<Palette>,
    only_relevant: Option<Res<OnlyRelevantMarkers>>,
    mut rings: Query<
        (
            &MarkerRing,
            &mut MeshMaterial2d<ColorMaterial>,
            &mut Transform,
            &mut Visibility,
        ),
        Without<MarkerDot>,
    >,
    mut dots: Query<
        (
            &MarkerDot,
            &mut MeshMaterial2d<ColorMaterial>,
            &mut Visibility,
        ),
        Without<MarkerRing>,
    >,
) {
    if !(live.is_changed()
        || derived.is_changed()
        || selection.is_changed()
        || mode.is_changed()
        || view.is_changed()
        || built.is_changed())
    {
        return;
    }
    for (MarkerRing(i), mut material, mut transform, mut vis) in &mut rings {
        let role = marker_role(&live, *i, &selection, &derived, *mode);
        let (handle, scale) = match role {
            MarkerRole::Normal => (&palette.marker_ring, 1.0),
            MarkerRole::Selected => (&palette.marker, 1.9),
            MarkerRole::Candidate => (&palette.candidate, 1.4),
            MarkerRole::Dimmed => (&palette.marker_ring_dim, 0.85),
        };
        if material.0 != *handle {
            material.0 = handle.clone();
        }
        transform.scale = Vec3::splat(scale);
        // Handouts keep only the markers that matter, unless nothing is chosen (an overview).
        let relevant = only_relevant.is_none()
            || matches!(
                role,
                MarkerRole::Selected | MarkerRole::Candidate | MarkerRole::Normal
            );
        let shown = relevant && live.markers.get(*i).is_some_and(|m| view.shows(m.view));
        vis.set_if_neq(if shown {
            Visibility::Inherited
        } else {
            Visibility::Hidden
        });
    }
    for (MarkerDot(i), mut material, mut vis) in &mut dots {
        let role = marker_role(&live, *i, &selection, &derived, *mode);
        let handle = match role {
            MarkerRole::Dimmed => &palette.marker_dim,
            MarkerRole::Selected => &palette.selected,
            _ => &palette.marker,
        };
        if material.0 != *handle {
            material.0 = handle.clone();
        }
        // A selected marker shows its X instead of the dot.
        let relevant =
            only_relevant.is_none() || matches!(role, MarkerRole::Candidate | MarkerRole::Normal);
        let shown = relevant
            && role != MarkerRole::Selected
            && live.markers.get(*i).is_some_and(|m| view.shows(m.view));
        vis.set_if_neq(if shown {
            Visibility::Inherited
        } else {
            Visibility::Hidden
        });
    }
}

fn cross(size: f32, width: f32) -> Triangles {
    let mut t = Triangles::default();
    for angle in [std::f32::consts::FRAC_PI_4, -std::f32::consts::FRAC_PI_4] {
        let (s, c) = angle.sin_cos();
        let base = t.positions.len() as u32;
        for (dx, dy) in [
            (-size, -width),
            (size, -width),
            (size, width),
            (-size, width),
        ] {
            t.positions.push([dx * c - dy * s, dx * s + dy * c]);
        }
        t.indices
            .extend([base, base + 1, base + 2, base, base + 2, base + 3]);
    }
    t
}

fn ring(inner: f32, outer: f32) -> Triangles {
    const N: u32 = 48;
    let mut t = Triangles::default();
    for i in 0..N {
        let a = i as f32 / N as f32 * std::f32::consts::TAU;
        t.positions.push([inner * a.cos(), inner * a.sin()]);
        t.positions.push([outer * a.cos(), outer * a.sin()]);
    }
    for i in 0..N {
        let (a, b, c, d) = (2 * i, 2 * i + 1, 2 * ((i + 1) % N), 2 * ((i + 1) % N) + 1);
        t.indices.extend([a, b, d, a, d, c]);
    }
    t
}

/// The X on the selected point's markers, and its `local` zone drawn around them.
fn mark_selection(
    mut commands: Commands,
    live: Res<LiveAtlas>,
    selection: Res<Selection>,
    derived: Res<Derived>,
    view: Res<ViewMode>,
    built: Res<super::diagram::Built>,
    palette: Res<Palette>,
    marks: Query<Entity, With<SelectionMark>>,
    mut meshes: ResMut<Assets<Mesh>>,
    mut cache: Local<Option<(Handle<Mesh>, Handle<Mesh>, Handle<Mesh>)>>,
) {
    if !(live.is_changed()
        || selection.is_changed()
        || derived.is_changed()
        || view.is_changed()
        || built.is_changed())
    {
        return;
    }
    for e in &marks {
        commands.entity(e).despawn();
    }
    let Some(atlas) = live.atlas() else { return };
    let selected = selection.all();
    if selected.is_empty() {
        return;
    }
    let (x, halo, local) = cache
        .get_or_insert_with(|| {
            (
                meshes.add(mesh(&cross(MARKER_RADIUS * 1.25, MARKER_RADIUS * 0.26))),
                meshes.add(mesh(&ring(MARKER_RADIUS * 1.75, MARKER_RADIUS * 2.05))),
                meshes.add(mesh(&ring(MARKER_RADIUS * 2.1, MARKER_RADIUS * 4.5))),
            )
        })
        .clone();
    let local_intensity = derived
        .lit
        .iter()
        .filter(|z| z.region == LOCAL)
        .map(|z| z.intensity)
        .min();
    for m in &live.markers {
        let id = atlas.points[m.point].id.as_str();
        let chosen = selected
            .iter()
            .any(|(p, s)| *p == id && (s.is_none() || *s == m.side));
        if !chosen || !view.shows(m.view) {
            continue;
        }
        let at = Vec3::new(m.at[0], m.at[1], z::SELECTED);
        commands.spawn((
            SelectionMark,
            OnView(m.view),
            Mesh2d(halo.clone()),
            MeshMaterial2d(palette.selected.clone()),
            Transform::from_translation(at),
        ));
        commands.spawn((
            SelectionMark,
            OnView(m.view),
            Mesh2d(x.clone()),
            MeshMaterial2d(palette.selected.clone()),
            Transform::from_translation(at + Vec3::Z * 0.01),
        ));
        if let Some(intensity) = local_intensity {
            let material = match intensity {
                Intensity::Essential => palette.essential.clone(),
                Intensity::Spillover => palette.spillover.clone(),
            };
            commands.spawn((
                SelectionMark,
                OnView(m.view),
                Mesh2d(local.clone()),
                MeshMaterial2d(material),
                Transform::from_xyz(m.at[0], m.at[1], z::LOCAL),
            ));
        }
    }
}
