//! The handout frame, drawn around the body when rendering a picture for a client. The page is
//! laid out by the core (`atlas::page::handout`), exactly as for the PDF: this paints its text,
//! legend and logo with egui, and hands the body's box to the camera, which draws the body with
//! the app's own meshes.

use bevy::prelude::*;
use bevy_egui::egui::{self, Color32, Stroke};
use bevy_egui::{EguiContexts, EguiPrimaryContextPass};

use crate::atlas::page::handout::{HandoutInput, handout_page};
use crate::atlas::page::{Face, Ink, Item, Page};
use crate::atlas::studio::Practice;

use crate::explorer::body::camera::{FreeArea, OffscreenTarget};
use crate::explorer::live::LiveAtlas;
use crate::explorer::look::palette::Palette;
use crate::explorer::state::{MarkedPlaces, PainDrawing, Selection, ViewMode};

/// The width of the page a picture shows, in points: US Letter.
pub const LETTER_WIDTH: f32 = 612.0;

/// What the handout adds to the app's state: the practice and whom it was prepared for.
#[derive(Resource, Debug, Clone, Default)]
pub struct HandoutExtras {
    pub practice: Option<Practice>,
    pub prepared_for: Option<String>,
}

pub struct HandoutPlugin;

impl Plugin for HandoutPlugin {
    fn build(&self, app: &mut App) {
        app.init_resource::<HandoutExtras>()
            .add_systems(EguiPrimaryContextPass, handout_ui);
    }
}

fn c32(ink: Ink) -> Color32 {
    let [r, g, b, a] = ink.to_u8();
    Color32::from_rgba_unmultiplied(r, g, b, a)
}

fn family(face: Face) -> egui::FontFamily {
    egui::FontFamily::Name(face.name().into())
}

/// Give egui the handout's fonts. Returns true once they are in use (from the next frame).
fn fonts_ready(ctx: &egui::Context) -> bool {
    let ready = ctx.fonts(|f| {
        f.definitions()
            .families
            .contains_key(&family(Face::Regular))
    });
    if !ready {
        let mut defs = egui::FontDefinitions::default();
        for face in Face::ALL {
            defs.font_data.insert(
                face.name().into(),
                std::sync::Arc::new(egui::FontData::from_static(face.bytes())),
            );
            defs.families
                .insert(family(face), vec![face.name().to_string()]);
        }
        ctx.set_fonts(defs);
    }
    ready
}

/// Paint the page's items, all but the body's, at `k` pixels a point.
fn paint(
    ctx: &egui::Context,
    painter: &egui::Painter,
    page: &Page,
    k: f32,
    logo: &mut Option<egui::TextureHandle>,
) {
    let p = |x: f32, y: f32| egui::pos2(x * k, y * k);
    for (i, item) in page.items.iter().enumerate() {
        if page.scene.contains(&i) {
            continue;
        }
        match item {
            Item::Text {
                x,
                y,
                size,
                face,
                ink,
                text,
            } => {
                let top = y - crate::atlas::page::text::ascent(*face, *size);
                painter.text(
                    p(*x, top),
                    egui::Align2::LEFT_TOP,
                    text,
                    egui::FontId::new(size * k, family(*face)),
                    c32(*ink),
                );
            }
            Item::Shape {
                rings,
                fill,
                hatch,
                stroke,
                dash,
            } => {
                for ring in rings {
                    let pts: Vec<egui::Pos2> = ring.iter().map(|q| p(q[0], q[1])).collect();
                    if let Some(f) = fill {
                        painter.add(egui::Shape::convex_polygon(
                            pts.clone(),
                            c32(*f),
                            Stroke::NONE,
                        ));
                    }
                    if let (Some(h), Some((ink, _))) = (hatch, stroke) {
                        let rect = egui::Rect::from_points(&pts);
                        let clipped = painter.with_clip_rect(rect);
                        let period = h.period * k;
                        let mut c = -rect.height();
                        while c < rect.width() {
                            clipped.add(egui::Shape::convex_polygon(
                                vec![
                                    egui::pos2(rect.left() + c, rect.bottom()),
                                    egui::pos2(rect.left() + c + period / 2.0, rect.bottom()),
                                    egui::pos2(
                                        rect.left() + c + period / 2.0 + rect.height(),
                                        rect.top(),
                                    ),
                                    egui::pos2(rect.left() + c + rect.height(), rect.top()),
                                ],
                                c32(*ink),
                                Stroke::NONE,
                            ));
                            c += period;
                        }
                    }
                    if let Some((ink, w)) = stroke {
                        let mut closed = pts.clone();
                        closed.extend(pts.first().copied());
                        let s = Stroke::new(w * k, c32(*ink));
                        match dash {
                            Some(d) => {
                                painter.extend(egui::Shape::dashed_line(
                                    &closed,
                                    s,
                                    d * k,
                                    d * k * 0.7,
                                ));
                            }
                            None => {
                                painter.add(egui::Shape::line(closed, s));
                            }
                        }
                    }
                }
            }
            Item::Lines { lines, ink, width } => {
                for line in lines {
                    let pts: Vec<egui::Pos2> = line.iter().map(|q| p(q[0], q[1])).collect();
                    painter.add(egui::Shape::line(pts, Stroke::new(width * k, c32(*ink))));
                }
            }
            Item::Image { rect, png } => {
                if logo.is_none()
                    && let Ok(img) =
                        image::load_from_memory_with_format(png, image::ImageFormat::Png)
                {
                    let rgba = img.to_rgba8();
                    let size = [rgba.width() as usize, rgba.height() as usize];
                    let colour = egui::ColorImage::from_rgba_unmultiplied(size, rgba.as_raw());
                    *logo = Some(ctx.load_texture(
                        "practice-logo",
                        colour,
                        egui::TextureOptions::LINEAR,
                    ));
                }
                if let Some(t) = logo {
                    painter.image(
                        t.id(),
                        egui::Rect::from_min_size(
                            p(rect.x, rect.y),
                            egui::vec2(rect.w * k, rect.h * k),
                        ),
                        egui::Rect::from_min_max(egui::pos2(0.0, 0.0), egui::pos2(1.0, 1.0)),
                        Color32::WHITE,
                    );
                }
            }
            Item::ClipStart(_) | Item::ClipEnd => {}
        }
    }
}

fn handout_ui(
    mut contexts: EguiContexts,
    live: Res<LiveAtlas>,
    selection: Res<Selection>,
    marked: Res<MarkedPlaces>,
    pain: Res<PainDrawing>,
    view: Res<ViewMode>,
    palette: Res<Palette>,
    extras: Res<HandoutExtras>,
    offscreen: Res<OffscreenTarget>,
    mut free: ResMut<FreeArea>,
    mut logo: Local<Option<egui::TextureHandle>>,
    mut page: Local<Option<((f32, f32), Page)>>,
) -> Result {
    let ctx = contexts.ctx_mut()?.clone();
    let (Some(atlas), Some(art)) = (live.atlas(), live.art()) else {
        return Ok(());
    };
    if (ctx.zoom_factor() - 1.0).abs() > 1e-3 {
        ctx.set_zoom_factor(1.0);
    }
    // The page is as wide as US Letter, at the picture's resolution.
    let k = (offscreen.size.x / LETTER_WIDTH).max(0.1);
    let (w, h) = (offscreen.size.x / k, offscreen.size.y / k);
    let mut input = HandoutInput::new(atlas, art);
    input.muscles = live.muscles();
    input.practice = extras.practice.as_ref();
    input.prepared_for = extras.prepared_for.clone();
    input.select = selection
        .all()
        .into_iter()
        .map(|(id, side)| (id.to_string(), side))
        .collect();
    input.places = marked.places.clone();
    input.drawing = (!pain.drawing.is_empty()).then_some(&pain.drawing);
    input.views = view.views();
    input.inks = palette.colours.inks;
    // Lay the page out again only when what it shows changed (the renderer runs several frames).
    let changed = live.is_changed()
        || selection.is_changed()
        || marked.is_changed()
        || pain.is_changed()
        || view.is_changed()
        || palette.is_changed()
        || extras.is_changed();
    if changed || page.as_ref().is_none_or(|(size, _)| *size != (w, h)) {
        *page = Some(((w, h), handout_page(&input, w, h)));
    }
    let Some((_, page)) = page.as_ref() else {
        return Ok(());
    };
    if let Some(body) = page.body {
        free.set_if_neq(FreeArea {
            left: body.rect.x * k,
            right: (w - body.rect.right()) * k,
            top: body.rect.y * k,
            bottom: (h - body.rect.bottom()) * k,
        });
    }
    if !fonts_ready(&ctx) {
        return Ok(());
    }
    let painter = ctx.layer_painter(egui::LayerId::background());
    paint(&ctx, &painter, page, k, &mut logo);
    Ok(())
}
