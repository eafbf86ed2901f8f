//! Highlight: light the selected point's zones (essential solid, spillover hatched), mark the
//! point with an X, dim the other markers, outline marked places and emphasise candidates.

use std::collections::HashMap;

use bevy::prelude::*;

use crate::atlas::View;
use crate::atlas::geometry::{MarkerInstance, Triangles};
use crate::atlas::{Intensity, LOCAL, Side};

use crate::explorer::body::diagram::{
    MarkerLayer, OnView, RegionFill, RegionOutline, Rgba, mesh, textured_mesh, z,
};
use crate::explorer::body::markers::MARKER_RADIUS;
use crate::explorer::live::LiveAtlas;
use crate::explorer::look::palette::{Colours, Palette, dim};
use crate::explorer::shared::ExplorerSet;
use crate::explorer::state::{Derived, MarkedPlaces, Mode, Selection, ViewMode};

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
    built: &Res<crate::explorer::body::diagram::Built>,
) -> bool {
    live.is_changed()
        || derived.is_changed()
        || view.is_changed()
        || marked.is_changed()
        || built.is_changed()
}

/// Give a region entity its mesh the first time it is shown.
fn ensure_mesh(
    commands: &mut Commands,
    meshes: &mut Assets<Mesh>,
    entity: Entity,
    has_mesh: bool,
    build: impl FnOnce() -> Mesh,
) {
    if !has_mesh {
        commands.entity(entity).insert(Mesh2d(meshes.add(build())));
    }
}

fn light_regions(
    mut commands: Commands,
    mut meshes: ResMut<Assets<Mesh>>,
    live: Res<LiveAtlas>,
    derived: Res<Derived>,
    view: Res<ViewMode>,
    marked: Res<MarkedPlaces>,
    built: Res<crate::explorer::body::diagram::Built>,
    palette: Res<Palette>,
    mut fills: Query<
        (
            Entity,
            &RegionFill,
            &mut Visibility,
            &mut MeshMaterial2d<ColorMaterial>,
            Has<Mesh2d>,
        ),
        Without<RegionOutline>,
    >,
    mut outlines: Query<
        (Entity, &RegionOutline, &mut Visibility, Has<Mesh2d>),
        Without<RegionFill>,
    >,
) {
    if !changed(&live, &derived, &view, &marked, &built) {
        return;
    }
    let lit = lit_map(&derived);
    for (entity, RegionFill(i), mut vis, mut material, has_mesh) in &mut fills {
        let Some(r) = live.regions.get(*i) else {
            continue;
        };
        let intensity = lit.get(&(r.region.as_str(), r.side)).copied();
        let show = intensity.is_some() && view.shows(r.view);
        if show {
            ensure_mesh(&mut commands, &mut meshes, entity, has_mesh, || {
                crate::explorer::body::diagram::region_fill(r)
            });
        }
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
    for (entity, RegionOutline(i), mut vis, has_mesh) in &mut outlines {
        let Some(r) = live.regions.get(*i) else {
            continue;
        };
        let show = view.shows(r.view)
            && marked.places.iter().any(|p| {
                p.region == r.region && (p.side.is_none() || r.side.is_none() || p.side == r.side)
            });
        if show {
            ensure_mesh(&mut commands, &mut meshes, entity, has_mesh, || {
                crate::explorer::body::diagram::region_outline(r)
            });
        }
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
    if where_with_candidates(mode, derived) {
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

fn rgba(c: Color) -> Rgba {
    c.to_linear().to_f32_array()
}

/// How a marker of `role` is drawn: ring colour and scale, and the dot's colour (none for the
/// selection, which shows its X instead).
pub fn marker_style(role: MarkerRole, c: &Colours) -> (Color, f32, Option<Color>) {
    match role {
        MarkerRole::Normal => (c.marker_ring, 1.0, Some(c.marker)),
        MarkerRole::Selected => (c.marker, 1.9, None),
        MarkerRole::Candidate => (c.candidate, 1.4, Some(c.marker)),
        MarkerRole::Dimmed => (dim(c.marker_ring), 0.85, Some(dim(c.marker))),
    }
}

/// The markers of one view, ready for [`textured_mesh`]: a square per ring and per dot,
/// painted with the palette's disc texture in each marker's colours.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MarkerLayerMesh {
    pub triangles: Triangles,
    pub colours: Vec<Rgba>,
    pub uvs: Vec<[f32; 2]>,
}

impl MarkerLayerMesh {
    /// A disc of `radius` at `at`: a square with the disc texture, in `colour`.
    fn disc(&mut self, at: [f32; 2], radius: f32, colour: Color) {
        let square = Triangles {
            positions: vec![[-1.0, -1.0], [1.0, -1.0], [1.0, 1.0], [-1.0, 1.0]],
            indices: vec![0, 1, 2, 0, 2, 3],
        };
        self.triangles.append(&square, at, radius);
        self.uvs
            .extend([[0.0, 1.0], [1.0, 1.0], [1.0, 0.0], [0.0, 0.0]]);
        self.colours.resize(self.uvs.len(), rgba(colour));
    }
}

/// The markers of `view` as one mesh: a ring and a dot for every marker shown, dimmed ones
/// first and the selection last, so that what matters is drawn on top. With `only_relevant`
/// (handouts) dimmed markers are left out.
pub fn marker_layer(
    markers: &[MarkerInstance],
    roles: &[MarkerRole],
    view: View,
    colours: &Colours,
    only_relevant: bool,
) -> MarkerLayerMesh {
    let mut order: Vec<usize> = (0..markers.len().min(roles.len()))
        .filter(|&i| markers[i].view == view)
        .filter(|&i| !(only_relevant && roles[i] == MarkerRole::Dimmed))
        .collect();
    let rank = |r: MarkerRole| match r {
        MarkerRole::Dimmed => 0,
        MarkerRole::Normal => 1,
        MarkerRole::Candidate => 2,
        MarkerRole::Selected => 3,
    };
    order.sort_by_key(|&i| rank(roles[i]));
    let mut layer = MarkerLayerMesh::default();
    for i in order {
        let at = markers[i].at;
        let (ring_colour, scale, dot_colour) = marker_style(roles[i], colours);
        layer.disc(at, MARKER_RADIUS * scale, ring_colour);
        if let Some(dot_colour) = dot_colour {
            layer.disc(at, MARKER_RADIUS * 0.62, dot_colour);
        }
    }
    layer
}

/// Whether "where does it hurt?" has candidates to show (then only they are marked).
pub fn where_with_candidates(mode: Mode, derived: &Derived) -> bool {
    mode == Mode::WhereItHurts && !derived.candidates.is_empty()
}

fn style_markers(
    live: Res<LiveAtlas>,
    derived: Res<Derived>,
    selection: Res<Selection>,
    mode: Res<Mode>,
    view: Res<ViewMode>,
    built: Res<crate::explorer::body::diagram::Built>,
    palette: Res<Palette>,
    only_relevant: Option<Res<OnlyRelevantMarkers>>,
    mut layers: Query<(&MarkerLayer, &Mesh2d, &mut Visibility)>,
    added: Query<(), Added<MarkerLayer>>,
    mut meshes: ResMut<Assets<Mesh>>,
    mut last: Local<Option<(Vec<MarkerRole>, ViewMode, bool)>>,
    mut had_only: Local<bool>,
) {
    // The presenter turns "only the relevant markers" on and off.
    let only_changed = only_relevant.is_some() != *had_only;
    *had_only = only_relevant.is_some();
    let layers_added = !added.is_empty() || only_changed;
    if !(live.is_changed()
        || derived.is_changed()
        || selection.is_changed()
        || mode.is_changed()
        || view.is_changed()
        || built.is_changed()
        || palette.is_changed()
        || layers_added)
    {
        return;
    }
    let roles: Vec<MarkerRole> = (0..live.markers.len())
        .map(|i| marker_role(&live, i, &selection, &derived, *mode))
        .collect();
    // Only the markers that matter: in the presenter, and in "where does it hurt?" once there
    // are candidates. There a tap paints, so the other points are only clutter under the
    // client's finger (and a few hundred squares a frame for a software renderer to draw).
    let relevant_only = only_relevant.is_some() || where_with_candidates(*mode, &derived);
    // Rebuild only when something drawn changes (a new search result does not, for instance).
    let key = (roles.clone(), *view, relevant_only);
    if last.as_ref() == Some(&key) && !(built.is_changed() || palette.is_changed() || layers_added)
    {
        return;
    }
    *last = Some(key);
    for (layer, handle, mut vis) in &mut layers {
        // A view not on screen keeps its old mesh: a change of view rebuilds every layer.
        if !view.shows(layer.0) {
            vis.set_if_neq(Visibility::Hidden);
            continue;
        }
        let m = marker_layer(
            &live.markers,
            &roles,
            layer.0,
            &palette.colours,
            relevant_only,
        );
        let shown = view.shows(layer.0) && !m.triangles.is_empty();
        vis.set_if_neq(if shown {
            Visibility::Inherited
        } else {
            Visibility::Hidden
        });
        if let Some(mut asset) = meshes.get_mut(&handle.0) {
            *asset = textured_mesh(&m.triangles, &m.colours, &m.uvs);
        }
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

pub fn ring(inner: f32, outer: f32) -> Triangles {
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
    built: Res<crate::explorer::body::diagram::Built>,
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

#[cfg(test)]
mod tests {
    use super::*;

    fn at(view: View, x: f32) -> MarkerInstance {
        MarkerInstance {
            point: 0,
            view,
            side: None,
            at: [x, 0.5],
        }
    }

    #[test]
    fn the_marker_layer_draws_the_selection_last_and_leaves_out_other_views() {
        let c = Colours::STANDARD;
        let markers = [
            at(View::Front, 0.1),
            at(View::Front, 0.2),
            at(View::Back, 0.3),
            at(View::Front, 0.4),
        ];
        use MarkerRole::*;
        let roles = [Selected, Normal, Normal, Dimmed];
        let m = marker_layer(&markers, &roles, View::Front, &c, false);
        let t = &m.triangles;
        // Four corners a disc. Dimmed (ring + dot), normal (ring + dot), selected (ring only,
        // no dot): in that order.
        assert_eq!(t.positions.len(), 5 * 4);
        assert_eq!((m.colours.len(), m.uvs.len()), (20, 20));
        assert_eq!(t.indices.len(), 5 * 6);
        let centre = |disc: usize| {
            let p = &t.positions[4 * disc..4 * disc + 4];
            [(p[0][0] + p[2][0]) / 2.0, (p[0][1] + p[2][1]) / 2.0]
        };
        let radius = |disc: usize| (t.positions[4 * disc + 2][0] - t.positions[4 * disc][0]) / 2.0;
        let close = |a: [f32; 2], b: [f32; 2]| (a[0] - b[0]).abs() + (a[1] - b[1]).abs() < 1e-6;
        assert!(
            close(centre(0), [0.4, 0.5]),
            "the dimmed marker comes first"
        );
        assert!(close(centre(2), [0.2, 0.5]));
        assert!(close(centre(4), [0.1, 0.5]), "the selection comes last");
        assert_eq!(m.colours[0], rgba(dim(c.marker_ring)));
        assert_eq!(m.colours[4], rgba(dim(c.marker)));
        assert_eq!(*m.colours.last().unwrap(), rgba(c.marker));
        // Rings are larger than dots, and the selected ring larger than a normal one.
        assert!(radius(2) > radius(3));
        assert!(radius(4) > 1.8 * radius(2));
        // The whole texture on each square, and every index points at a vertex.
        assert_eq!(m.uvs[..4], [[0.0, 1.0], [1.0, 1.0], [1.0, 0.0], [0.0, 0.0]]);
        assert!(t.indices.iter().all(|&i| (i as usize) < t.positions.len()));
    }

    #[test]
    fn handouts_leave_dimmed_markers_out() {
        let c = Colours::STANDARD;
        let markers = [at(View::Back, 0.1), at(View::Back, 0.2)];
        let roles = [MarkerRole::Dimmed, MarkerRole::Candidate];
        let m = marker_layer(&markers, &roles, View::Back, &c, true);
        assert_eq!(m.triangles.positions.len(), 2 * 4);
        assert_eq!(m.colours[0], rgba(c.candidate));
        let m = marker_layer(&markers[..1], &roles[..1], View::Back, &c, true);
        assert!(m.triangles.is_empty());
    }

    #[test]
    fn the_disc_texture_is_opaque_inside_clear_outside_and_has_every_mip_level() {
        let image = crate::explorer::look::palette::disc_image();
        assert_eq!(image.texture_descriptor.mip_level_count, 7);
        let data = image.data.as_ref().unwrap();
        // 64² + 32² + ... + 1² texels of 4 bytes.
        assert_eq!(data.len(), 4 * (4096 + 1024 + 256 + 64 + 16 + 4 + 1));
        let alpha = |x: usize, y: usize| data[4 * (y * 64 + x) + 3];
        assert_eq!(alpha(32, 32), 255);
        assert_eq!(alpha(0, 0), 0);
        // A smooth edge: the rim's texels (about 2 pi 32 of them) are partly covered.
        let partial = (0..64 * 64)
            .filter(|i| (1..255).contains(&data[4 * i + 3]))
            .count();
        assert!(
            (150..400).contains(&partial),
            "{partial} partly covered texels"
        );
    }
}
