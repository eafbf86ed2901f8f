//! `FlatMaterial`: the diagram's plain colours, with a shader (`flat.wgsl`) that does only what
//! they need, the material's colour times the vertex colour. It draws the untextured meshes: the
//! figure, its lines, the marks, the muscle, the pain drawing and the panel's backdrop.
//!
//! Bevy's `ColorMaterial` gives the same pixels, to the bit, but its shader also fetches a
//! texture and runs the camera's colour grading on every pixel, even with no texture and no
//! grading. On a software renderer (lavapipe) the figure alone is a few hundred thousand pixels
//! a frame, so this made a stroke reach the screen sooner (BENCHMARKS.md). The textured layers
//! keep `ColorMaterial`: the markers (a disc texture; an analytic disc shader measured no faster)
//! and the zones (the spillover's stripes, and a lit region switches between the intensities).
//!
//! It always blends, like every material of the diagram, so all of them stay in one render
//! phase, drawn in order of depth.

use bevy::asset::{load_internal_asset, uuid_handle};
use bevy::prelude::*;
use bevy::render::render_resource::AsBindGroup;
use bevy::shader::ShaderRef;
use bevy::sprite_render::{AlphaMode2d, Material2d, Material2dPlugin};

const FLAT_SHADER: Handle<Shader> = uuid_handle!("6f1f8a52-3c1e-4d0b-9a57-2b8f0e6c4d11");

/// A plain colour, multiplied by the mesh's vertex colours.
#[derive(Asset, TypePath, AsBindGroup, Clone, Debug, PartialEq)]
pub struct FlatMaterial {
    #[uniform(0)]
    pub colour: LinearRgba,
}

impl FlatMaterial {
    pub fn new(colour: Color) -> Self {
        FlatMaterial {
            colour: colour.to_linear(),
        }
    }
}

impl Material2d for FlatMaterial {
    fn fragment_shader() -> ShaderRef {
        ShaderRef::Handle(FLAT_SHADER)
    }

    fn alpha_mode(&self) -> AlphaMode2d {
        AlphaMode2d::Blend
    }
}

/// The material and its shader, for apps that render (the window and the headless
/// handouts); tests without a renderer only `init_asset` it.
pub struct MaterialsPlugin;

impl Plugin for MaterialsPlugin {
    fn build(&self, app: &mut App) {
        load_internal_asset!(app, FLAT_SHADER, "flat.wgsl", Shader::from_wgsl);
        app.add_plugins(Material2dPlugin::<FlatMaterial>::default());
    }
}
