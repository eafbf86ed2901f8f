//! The body diagram: the figure, its detail lines and a (hidden until lit) mesh for every region
//! instance, built from the body art through the core's geometry, and rebuilt when the data
//! changes.

use bevy::asset::RenderAssetUsages;
use bevy::mesh::{Indices, PrimitiveTopology};
use bevy::prelude::*;

use crate::atlas::View;
use crate::atlas::geometry::{
    RegionInstance, Triangles, catmull_rom_path, fill, fill_within, full_outline, placed, stroke,
    tolerance_under,
};

use crate::explorer::live::LiveAtlas;
use crate::explorer::look::materials::FlatMaterial;
use crate::explorer::look::palette::Palette;
use crate::explorer::shared::ExplorerSet;
use crate::explorer::state::ViewMode;

/// Depths, back to front.
pub mod z {
    pub const BODY: f32 = 0.0;
    /// The faint Muscles layer, just over the skin.
    pub const MUSCLE_LAYER: f32 = 0.02;
    /// The selected point's muscle, under the zones.
    pub const MUSCLE: f32 = 0.05;
    pub const MUSCLE_LINE: f32 = 0.06;
    pub const REGION: f32 = 0.1;
    /// The pain drawing: over the zones (it is see-through), under the lines and markers.
    pub const DRAWING: f32 = 0.45;
    pub const DETAIL: f32 = 0.5;
    pub const OUTLINE: f32 = 0.6;
    pub const MARKED: f32 = 0.7;
    pub const LOCAL: f32 = 0.8;
    pub const MARKER: f32 = 1.0;
    pub const SELECTED: f32 = 1.5;
}

/// Stroke widths in diagram units (1 = body height).
pub const OUTLINE_WIDTH: f32 = 0.0022;
pub const DETAIL_WIDTH: f32 = 0.0010;
pub const MARKED_WIDTH: f32 = 0.0035;

/// Everything the diagram spawned; despawned on rebuild.
#[derive(Component)]
pub struct DiagramPart;

/// Which view an entity belongs to, for the one-view toggle.
#[derive(Component, Debug, Clone, Copy, PartialEq, Eq)]
pub struct OnView(pub View);

/// The fill of region instance `index` of [`LiveAtlas::regions`], lit by the highlight.
#[derive(Component, Debug, Clone, Copy)]
pub struct RegionFill(pub usize);

/// The outline of region instance `index`, shown when the region is marked.
#[derive(Component, Debug, Clone, Copy)]
pub struct RegionOutline(pub usize);

/// All the markers of one view, drawn as one mesh (rebuilt by the highlight when roles change).
/// One mesh instead of two entities per marker: on a software renderer the ~940 separate draws
/// cost more than everything else on screen together (see BENCHMARKS.md).
#[derive(Component, Debug, Clone, Copy, PartialEq, Eq)]
pub struct MarkerLayer(pub View);

/// A linear RGBA vertex colour.
pub type Rgba = [f32; 4];

/// A mesh of `t`, all white: its material gives the colour.
pub fn mesh(t: &Triangles) -> Mesh {
    coloured_mesh(t, &vec![[1.0; 4]; t.positions.len()])
}

/// A mesh of `t` with a colour per vertex, multiplied by the material's colour.
///
/// Every mesh of the diagram has the same vertex layout (position, UV = diagram coordinates
/// for the hatch, colour) and every material blends, so the whole diagram draws with one render
/// pipeline: on a software renderer each extra pipeline is a shader compile at start-up
/// (BENCHMARKS.md). An empty `t` gets one zero-area, transparent triangle, so the renderer never
/// sees an empty vertex buffer.
pub fn coloured_mesh(t: &Triangles, colours: &[Rgba]) -> Mesh {
    textured_mesh(t, colours, &t.positions)
}

/// Like [`coloured_mesh`], with texture coordinates of its own for each vertex.
pub fn textured_mesh(t: &Triangles, colours: &[Rgba], uvs: &[[f32; 2]]) -> Mesh {
    type Vertices = (Vec<[f32; 3]>, Vec<Rgba>, Vec<[f32; 2]>, Vec<u32>);
    let (positions, colours, uvs, indices): Vertices = if t.is_empty() {
        (
            vec![[0.0; 3]; 3],
            vec![[0.0; 4]; 3],
            vec![[0.0; 2]; 3],
            vec![0, 1, 2],
        )
    } else {
        (
            t.positions.iter().map(|p| [p[0], p[1], 0.0]).collect(),
            colours.to_vec(),
            uvs.to_vec(),
            t.indices.clone(),
        )
    };
    Mesh::new(
        PrimitiveTopology::TriangleList,
        RenderAssetUsages::default(),
    )
    .with_inserted_attribute(Mesh::ATTRIBUTE_POSITION, positions)
    .with_inserted_attribute(Mesh::ATTRIBUTE_UV_0, uvs)
    .with_inserted_attribute(Mesh::ATTRIBUTE_COLOR, colours)
    .with_inserted_indices(Indices::U32(indices))
}

pub struct DiagramPlugin;

impl Plugin for DiagramPlugin {
    fn build(&self, app: &mut App) {
        app.init_resource::<Built>()
            .init_resource::<SideFigures>()
            .add_systems(
                Update,
                (rebuild, build_side_figures, show_views, content_ready)
                    .chain()
                    .in_set(ExplorerSet::Derive),
            );
    }
}

/// The data generation the diagram was built from.
#[derive(Resource, Default)]
pub struct Built(pub Option<u64>);

/// The side views whose figure is built. Their meshes are made the first time a side view is
/// shown (most sessions never show one), as the regions' are.
#[derive(Resource, Debug, Default)]
pub struct SideFigures(pub Vec<View>);

/// Spawn the figure of view `v`: its fill, outline and detail lines.
fn spawn_figure(
    commands: &mut Commands,
    meshes: &mut Assets<Mesh>,
    palette: &Palette,
    layout: &crate::atlas::geometry::Layout,
    view: &crate::atlas::art::ViewArt,
    v: View,
) {
    let mut spawn =
        |commands: &mut Commands, t: Triangles, material: &Handle<FlatMaterial>, depth: f32| {
            commands.spawn((
                DiagramPart,
                OnView(v),
                Mesh2d(meshes.add(mesh(&t))),
                MeshMaterial2d(material.clone()),
                Transform::from_xyz(0.0, 0.0, depth),
            ));
        };
    let outline = placed(layout, v, None, &full_outline(view));
    let path = catmull_rom_path(&outline, true);
    // The outline covers the fill's edge, so the fill can be a coarser polygon.
    spawn(
        commands,
        fill_within(&path, tolerance_under(OUTLINE_WIDTH)),
        &palette.body,
        z::BODY,
    );
    spawn(
        commands,
        stroke(&path, OUTLINE_WIDTH),
        &palette.outline,
        z::OUTLINE,
    );
    // All detail lines of a view in one mesh: one draw instead of ~50.
    let mut details = Triangles::default();
    for line in &view.lines {
        let sides: &[Option<crate::atlas::Side>] = if line.mirror && !v.is_lateral() {
            &[
                Some(crate::atlas::Side::Left),
                Some(crate::atlas::Side::Right),
            ]
        } else {
            &[None]
        };
        for &side in sides {
            let pts = placed(layout, v, side, &line.points);
            details.append(
                &stroke(&catmull_rom_path(&pts, false), DETAIL_WIDTH),
                [0.0, 0.0],
                1.0,
            );
        }
    }
    if !details.is_empty() {
        spawn(commands, details, &palette.detail, z::DETAIL);
    }
}

pub fn rebuild(
    mut commands: Commands,
    live: Res<LiveAtlas>,
    mut built: ResMut<Built>,
    parts: Query<Entity, With<DiagramPart>>,
    mut meshes: ResMut<Assets<Mesh>>,
    palette: Res<Palette>,
    view_mode: Res<ViewMode>,
    mut sides: ResMut<SideFigures>,
) {
    if !live.ready() || built.0 == Some(live.generation) {
        return;
    }
    let started = std::time::Instant::now();
    built.0 = Some(live.generation);
    for e in &parts {
        commands.entity(e).despawn();
    }
    sides.0.clear();
    let (Some(art), Some(layout)) = (live.art(), live.layout) else {
        return;
    };
    for view in &art.views {
        // The side art draws both side views; the right one is its mirror image.
        for &v in view.view.drawn_views() {
            if v.is_lateral() {
                if !view_mode.shows(v) {
                    continue;
                }
                sides.0.push(v);
            }
            spawn_figure(&mut commands, &mut meshes, &palette, &layout, view, v);
        }
    }
    // Region instances start hidden and without a mesh: the highlight gives one its mesh the
    // first time it is shown (see `region_fill`). Few of the ~230 are ever lit, and tessellating
    // and uploading all of them up front delayed the first frame.
    for (i, r) in live.regions.iter().enumerate() {
        // Smaller regions on top, so that a lit small zone is not hidden by a large one.
        let depth = z::REGION + 0.3 * (1.0 - (r.area / 0.02).min(1.0));
        commands.spawn((
            DiagramPart,
            OnView(r.view),
            RegionFill(i),
            Visibility::Hidden,
            MeshMaterial2d(palette.essential.clone()),
            Transform::from_xyz(0.0, 0.0, depth),
        ));
        commands.spawn((
            DiagramPart,
            OnView(r.view),
            RegionOutline(i),
            Visibility::Hidden,
            MeshMaterial2d(palette.marked_outline.clone()),
            Transform::from_xyz(0.0, 0.0, z::MARKED),
        ));
    }
    if crate::explorer::shared::metrics_enabled() {
        eprintln!("metric diagram_build_us {}", started.elapsed().as_micros());
    }
}

/// The fill of a region instance, lit by the highlight.
pub fn region_fill(r: &RegionInstance) -> Mesh {
    mesh(&fill(&catmull_rom_path(&r.control, true)))
}

/// The outline of a region instance, for a marked place.
pub fn region_outline(r: &RegionInstance) -> Mesh {
    mesh(&stroke(&catmull_rom_path(&r.control, true), MARKED_WIDTH))
}

/// Tell the metrics when there is something on screen: the data is loaded and drawn.
fn content_ready(
    live: Res<LiveAtlas>,
    built: Res<Built>,
    ready: Option<ResMut<crate::explorer::shared::ContentReady>>,
) {
    if let Some(mut ready) = ready {
        ready.set_if_neq(crate::explorer::shared::ContentReady(
            live.ready() && built.0 == Some(live.generation),
        ));
    }
}

/// Build a side view's figure the first time it is shown.
fn build_side_figures(
    mut commands: Commands,
    live: Res<LiveAtlas>,
    view_mode: Res<ViewMode>,
    mut meshes: ResMut<Assets<Mesh>>,
    palette: Res<Palette>,
    mut sides: ResMut<SideFigures>,
) {
    if !view_mode.is_changed() {
        return;
    }
    let (Some(art), Some(layout)) = (live.art(), live.layout) else {
        return;
    };
    for view in &art.views {
        for &v in view.view.drawn_views() {
            if v.is_lateral() && view_mode.shows(v) && !sides.0.contains(&v) {
                sides.0.push(v);
                spawn_figure(&mut commands, &mut meshes, &palette, &layout, view, v);
            }
        }
    }
}

/// Hide the entities of a view that is not shown. Lit regions and markers keep their own
/// visibility on shown views; this only gates whole views via the parent-less `OnView` tag.
fn show_views(
    view_mode: Res<ViewMode>,
    built: Res<Built>,
    mut parts: Query<
        (&OnView, &mut Visibility),
        (
            Without<RegionFill>,
            Without<RegionOutline>,
            Without<MarkerLayer>,
        ),
    >,
) {
    if !(view_mode.is_changed() || built.is_changed()) {
        return;
    }
    for (on, mut vis) in &mut parts {
        vis.set_if_neq(if view_mode.shows(on.0) {
            Visibility::Inherited
        } else {
            Visibility::Hidden
        });
    }
}
