//! Colours and materials. One shared material per role, so that switching to the colour-blind
//! palette is a change of a few material colours.

use bevy::asset::RenderAssetUsages;
use bevy::image::{ImageAddressMode, ImageSampler, ImageSamplerDescriptor};
use bevy::math::Affine2;
use bevy::prelude::*;
use bevy::render::render_resource::{Extent3d, TextureDimension, TextureFormat};
use bevy::sprite_render::AlphaMode2d;

use crate::atlas::page::{Ink, Inks};
use crate::explorer::look::materials::FlatMaterial;
use crate::explorer::state::Prefs;

/// The colours of one palette, in sRGB.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Colours {
    pub background: Color,
    pub body: Color,
    pub outline: Color,
    pub detail: Color,
    pub essential: Color,
    pub spillover: Color,
    pub marker: Color,
    pub marker_ring: Color,
    pub selected: Color,
    pub candidate: Color,
    pub marked_outline: Color,
    /// The client's pain drawing: see-through, and never a zone colour...
    pub drawing: Color,
    /// ...with a crisp line around it.
    pub drawing_line: Color,
    /// The selected point's muscle: never a pain colour.
    pub muscle: Color,
    pub muscle_line: Color,
    /// The Muscles layer: faint.
    pub muscle_layer: Color,
    pub muscle_layer_line: Color,
    /// The same colours for the page.
    pub inks: Inks,
}

impl Colours {
    /// Calm, neutral body; chart-red zones.
    pub const STANDARD: Colours = Colours::from_inks(Inks::STANDARD);

    /// Blue and orange (Okabe–Ito), which stay apart for the common colour-blindnesses.
    pub const COLOUR_BLIND: Colours = Colours::from_inks(Inks::COLOUR_BLIND);

    /// The app's colours from the core's palette (the one handouts print with).
    pub const fn from_inks(i: Inks) -> Colours {
        const fn c(k: Ink) -> Color {
            Color::srgba(k.r, k.g, k.b, k.a)
        }
        Colours {
            background: c(i.background),
            body: c(i.body),
            outline: c(i.outline),
            detail: c(i.detail),
            essential: c(i.essential),
            spillover: c(i.spillover),
            marker: c(i.marker),
            marker_ring: c(i.marker_ring),
            selected: c(i.selected),
            candidate: c(i.candidate),
            marked_outline: c(i.marked_outline),
            drawing: c(i.drawing),
            drawing_line: c(i.drawing_line),
            muscle: c(i.muscle),
            muscle_line: c(i.muscle_line),
            muscle_layer: c(i.muscle_layer),
            muscle_layer_line: c(i.muscle_layer_line),
            inks: i,
        }
    }

    pub fn for_prefs(prefs: &Prefs) -> Colours {
        if prefs.colour_blind {
            Colours::COLOUR_BLIND
        } else {
            Colours::STANDARD
        }
    }
}

/// Width of one hatch stripe period in diagram units (1 = body height).
pub const HATCH_PERIOD: f32 = 0.014;

/// Shared materials, one per role.
#[derive(Resource, Debug, Clone)]
pub struct Palette {
    pub colours: Colours,
    pub body: Handle<FlatMaterial>,
    pub outline: Handle<FlatMaterial>,
    pub detail: Handle<FlatMaterial>,
    pub essential: Handle<ColorMaterial>,
    pub spillover: Handle<ColorMaterial>,
    /// All markers of a view are one mesh of squares painted with [`disc_image`], whose vertex
    /// colours carry each marker's role (see `highlight`).
    pub markers: Handle<ColorMaterial>,
    pub selected: Handle<FlatMaterial>,
    pub marked_outline: Handle<FlatMaterial>,
    pub drawing: Handle<FlatMaterial>,
    pub drawing_line: Handle<FlatMaterial>,
    pub muscle: Handle<FlatMaterial>,
    pub muscle_line: Handle<FlatMaterial>,
    pub muscle_layer: Handle<FlatMaterial>,
    pub muscle_layer_line: Handle<FlatMaterial>,
    /// The window's background, for what must cover the body (the panel's backdrop).
    pub background: Handle<FlatMaterial>,
    pub hatch: Handle<Image>,
}

/// A diagonal stripe tile: opaque white stripes, transparent gaps. Tinted by the material
/// colour and repeated, it draws the spillover hatching.
pub fn hatch_image() -> Image {
    const N: u32 = 16;
    let mut data = Vec::with_capacity((N * N * 4) as usize);
    for y in 0..N {
        for x in 0..N {
            // Stripes along x + y: half of each period is ink.
            let on = (x + y) % N < N / 2;
            data.extend_from_slice(if on {
                &[255, 255, 255, 255]
            } else {
                &[255, 255, 255, 0]
            });
        }
    }
    let mut image = Image::new(
        Extent3d {
            width: N,
            height: N,
            depth_or_array_layers: 1,
        },
        TextureDimension::D2,
        data,
        TextureFormat::Rgba8UnormSrgb,
        RenderAssetUsages::default(),
    );
    image.sampler = ImageSampler::Descriptor(ImageSamplerDescriptor {
        address_mode_u: ImageAddressMode::Repeat,
        address_mode_v: ImageAddressMode::Repeat,
        ..ImageSamplerDescriptor::nearest()
    });
    image
}

/// A white disc on a transparent square, with its whole chain of smaller copies (mipmaps): the
/// markers are squares painted with it. Its edge is smooth at any size, on any renderer,
/// without multisampling; and a marker costs two triangles instead of a 24-sided polygon's.
pub fn disc_image() -> Image {
    const SIZE: u32 = 64;
    const SUB: u32 = 4;
    let mut data = Vec::new();
    let mut levels = 0;
    let mut n = SIZE;
    while n >= 1 {
        // Coverage of each texel by the disc inscribed in the square, from SUB x SUB samples.
        let radius = n as f32 / 2.0;
        for y in 0..n {
            for x in 0..n {
                let mut inside = 0;
                for sy in 0..SUB {
                    for sx in 0..SUB {
                        let px = x as f32 + (sx as f32 + 0.5) / SUB as f32 - radius;
                        let py = y as f32 + (sy as f32 + 0.5) / SUB as f32 - radius;
                        if px * px + py * py <= radius * radius {
                            inside += 1;
                        }
                    }
                }
                let alpha = (inside * 255 / (SUB * SUB)) as u8;
                data.extend_from_slice(&[255, 255, 255, alpha]);
            }
        }
        levels += 1;
        n /= 2;
    }
    let mut image = Image::new_uninit(
        Extent3d {
            width: SIZE,
            height: SIZE,
            depth_or_array_layers: 1,
        },
        TextureDimension::D2,
        TextureFormat::Rgba8UnormSrgb,
        RenderAssetUsages::default(),
    );
    image.texture_descriptor.mip_level_count = levels;
    image.data = Some(data);
    image.sampler = ImageSampler::Descriptor(ImageSamplerDescriptor::linear());
    image
}

/// A dimmed marker: the same colour, mostly see-through.
pub fn dim(c: Color) -> Color {
    c.with_alpha(0.35)
}

fn set(materials: &mut Assets<ColorMaterial>, h: &Handle<ColorMaterial>, c: Color) {
    if let Some(mut m) = materials.get_mut(h) {
        m.color = c;
    }
}

fn set_flat(flats: &mut Assets<FlatMaterial>, h: &Handle<FlatMaterial>, c: Color) {
    if let Some(mut m) = flats.get_mut(h) {
        m.colour = c.to_linear();
    }
}

impl Palette {
    fn new(
        colours: Colours,
        materials: &mut Assets<ColorMaterial>,
        flats: &mut Assets<FlatMaterial>,
        images: &mut Assets<Image>,
    ) -> Self {
        let hatch = images.add(hatch_image());
        // Every material blends, opaque colours too: one render phase and as few render
        // pipelines as there are material kinds (see `diagram::coloured_mesh`).
        let mut add = |c: Color| flats.add(FlatMaterial::new(c));
        let mut blend = |c: Color| {
            materials.add(ColorMaterial {
                color: c,
                alpha_mode: AlphaMode2d::Blend,
                ..default()
            })
        };
        let spill = ColorMaterial {
            alpha_mode: AlphaMode2d::Blend,
            color: colours.spillover,
            texture: Some(hatch.clone()),
            // UVs are diagram coordinates: one texture tile per hatch period.
            uv_transform: Affine2::from_scale(Vec2::splat(1.0 / HATCH_PERIOD)),
        };
        Palette {
            colours,
            body: add(colours.body),
            outline: add(colours.outline),
            detail: add(colours.detail),
            essential: blend(colours.essential),
            selected: add(colours.selected),
            marked_outline: add(colours.marked_outline),
            drawing: add(colours.drawing),
            drawing_line: add(colours.drawing_line),
            muscle: add(colours.muscle),
            muscle_line: add(colours.muscle_line),
            muscle_layer: add(colours.muscle_layer),
            muscle_layer_line: add(colours.muscle_layer_line),
            background: add(colours.background),
            markers: materials.add(ColorMaterial {
                texture: Some(images.add(disc_image())),
                alpha_mode: AlphaMode2d::Blend,
                ..default()
            }),
            spillover: materials.add(spill),
            hatch,
        }
    }

    fn recolour(
        &mut self,
        colours: Colours,
        materials: &mut Assets<ColorMaterial>,
        flats: &mut Assets<FlatMaterial>,
    ) {
        self.colours = colours;
        set_flat(flats, &self.body, colours.body);
        set_flat(flats, &self.outline, colours.outline);
        set_flat(flats, &self.detail, colours.detail);
        set(materials, &self.essential, colours.essential);
        set(materials, &self.spillover, colours.spillover);
        set_flat(flats, &self.selected, colours.selected);
        set_flat(flats, &self.marked_outline, colours.marked_outline);
        set_flat(flats, &self.drawing, colours.drawing);
        set_flat(flats, &self.drawing_line, colours.drawing_line);
        set_flat(flats, &self.muscle, colours.muscle);
        set_flat(flats, &self.muscle_line, colours.muscle_line);
        set_flat(flats, &self.muscle_layer, colours.muscle_layer);
        set_flat(flats, &self.muscle_layer_line, colours.muscle_layer_line);
        set_flat(flats, &self.background, colours.background);
    }
}

pub struct PalettePlugin;

impl Plugin for PalettePlugin {
    fn build(&self, app: &mut App) {
        let world = app.world_mut();
        let prefs = world.get_resource::<Prefs>().copied().unwrap_or_default();
        let colours = Colours::for_prefs(&prefs);
        let palette = world.resource_scope(|world, mut materials: Mut<Assets<ColorMaterial>>| {
            world.resource_scope(|world, mut flats: Mut<Assets<FlatMaterial>>| {
                let mut images = world.resource_mut::<Assets<Image>>();
                Palette::new(colours, &mut materials, &mut flats, &mut images)
            })
        });
        app.insert_resource(palette)
            .insert_resource(ClearColor(colours.background))
            .add_systems(
                Update,
                follow_prefs.in_set(crate::explorer::shared::ExplorerSet::Draw),
            );
    }
}

fn follow_prefs(
    prefs: Res<Prefs>,
    mut palette: ResMut<Palette>,
    mut materials: ResMut<Assets<ColorMaterial>>,
    mut flats: ResMut<Assets<FlatMaterial>>,
    mut clear: ResMut<ClearColor>,
) {
    let colours = Colours::for_prefs(&prefs);
    if prefs.is_changed() && palette.colours != colours {
        palette.recolour(colours, &mut materials, &mut flats);
        clear.0 = colours.background;
    }
}
