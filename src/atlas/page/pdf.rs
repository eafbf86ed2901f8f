//! Pages as a PDF, written by krilla: the body, muscles and zones as vector paths (hatching
//! clipped to its zone), all text as real text in an embedded subset of the handout's fonts,
//! and the practice's logo as the only picture. No renderer, no graphics adapter.

use krilla::Document;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Size, Transform};
use krilla::image::Image;
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, FillRule, LineCap, LineJoin, Stroke, StrokeDash};
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};

use super::ink::Ink;
use super::text::Face;
use super::{Hatch, Item, Page};

fn colour(ink: Ink) -> (rgb::Color, NormalizedF32) {
    let [r, g, b, _] = ink.to_u8();
    (
        rgb::Color::new(r, g, b),
        NormalizedF32::new(ink.a.clamp(0.0, 1.0)).unwrap_or(NormalizedF32::ONE),
    )
}

fn fill(ink: Ink) -> Fill {
    let (c, opacity) = colour(ink);
    Fill {
        paint: c.into(),
        opacity,
        rule: FillRule::NonZero,
    }
}

fn stroke(ink: Ink, width: f32, dash: Option<f32>) -> Stroke {
    let (c, opacity) = colour(ink);
    Stroke {
        paint: c.into(),
        width: width.max(0.1),
        opacity,
        line_cap: LineCap::Round,
        line_join: LineJoin::Round,
        dash: dash.map(|d| StrokeDash {
            array: vec![d, d * 0.7],
            offset: 0.0,
        }),
        ..Stroke::default()
    }
}

fn rings_path(rings: &[Vec<[f32; 2]>], close: bool) -> Option<krilla::geom::Path> {
    let mut pb = PathBuilder::new();
    let mut any = false;
    for ring in rings {
        let mut pts = ring.iter();
        let Some(first) = pts.next() else { continue };
        pb.move_to(first[0], first[1]);
        for p in pts {
            pb.line_to(p[0], p[1]);
        }
        if close {
            pb.close();
        }
        any = true;
    }
    if any { pb.finish() } else { None }
}

/// Diagonal stripes over the rings' bounding box, clipped to the rings.
fn hatch(surface: &mut Surface, rings: &[Vec<[f32; 2]>], h: Hatch, ink: Ink) {
    let Some(clip) = rings_path(rings, true) else {
        return;
    };
    let (mut x0, mut y0, mut x1, mut y1) = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
    for p in rings.iter().flatten() {
        x0 = x0.min(p[0]);
        y0 = y0.min(p[1]);
        x1 = x1.max(p[0]);
        y1 = y1.max(p[1]);
    }
    let period = h.period.max(0.5);
    let mut pb = PathBuilder::new();
    // Stripes along x + y = c, half of each period inked.
    let mut c = x0 + y0 - (y1 - y0) - period;
    let end = x1 + y1 + period;
    let mut n = 0;
    while c < end && n < 4000 {
        let (a, b) = (c, c + period / 2.0);
        pb.move_to(a - y0, y0);
        pb.line_to(b - y0, y0);
        pb.line_to(b - y1, y1);
        pb.line_to(a - y1, y1);
        pb.close();
        c += period;
        n += 1;
    }
    let Some(stripes) = pb.finish() else { return };
    surface.push_clip_path(&clip, &FillRule::NonZero);
    surface.set_stroke(None);
    surface.set_fill(Some(fill(ink)));
    surface.draw_path(&stripes);
    surface.pop();
}

/// The fonts of a document, made once.
struct Fonts([Font; 3]);

impl Fonts {
    fn new() -> Result<Fonts, String> {
        let make = |f: Face| {
            Font::new(f.bytes().into(), 0)
                .ok_or_else(|| format!("the built-in font {} cannot be read", f.name()))
        };
        Ok(Fonts([
            make(Face::Regular)?,
            make(Face::Bold)?,
            make(Face::Italic)?,
        ]))
    }

    fn get(&self, f: Face) -> Font {
        self.0[f as usize].clone()
    }
}

fn draw_page(
    surface: &mut Surface,
    page: &Page,
    fonts: &Fonts,
    spillover: Ink,
) -> Result<(), String> {
    let mut clips = 0;
    for item in &page.items {
        match item {
            Item::Text {
                x,
                y,
                size,
                face,
                ink,
                text,
            } => {
                if text.is_empty() {
                    continue;
                }
                surface.set_stroke(None);
                surface.set_fill(Some(fill(*ink)));
                surface.draw_text(
                    Point::from_xy(*x, *y),
                    fonts.get(*face),
                    *size,
                    text,
                    false,
                    TextDirection::Auto,
                );
            }
            Item::Shape {
                rings,
                fill: f,
                hatch: h,
                stroke: s,
                dash,
            } => {
                if let Some(h) = h {
                    hatch(surface, rings, *h, s.map_or(spillover, |(ink, _)| ink));
                }
                if f.is_none() && s.is_none() {
                    continue;
                }
                let Some(path) = rings_path(rings, true) else {
                    continue;
                };
                surface.set_fill(f.map(fill));
                surface.set_stroke(s.map(|(ink, w)| stroke(ink, w, *dash)));
                surface.draw_path(&path);
            }
            Item::Lines { lines, ink, width } => {
                let Some(path) = rings_path(lines, false) else {
                    continue;
                };
                surface.set_fill(None);
                surface.set_stroke(Some(stroke(*ink, *width, None)));
                surface.draw_path(&path);
            }
            Item::Image { rect, png } => {
                let image = Image::from_png(png.as_ref().clone().into(), true)
                    .map_err(|e| format!("the logo cannot be decoded: {e}"))?;
                let Some(size) = Size::from_wh(rect.w.max(1.0), rect.h.max(1.0)) else {
                    continue;
                };
                surface.push_transform(&Transform::from_translate(rect.x, rect.y));
                surface.draw_image(image, size);
                surface.pop();
            }
            Item::ClipStart(r) => {
                let ring = vec![vec![
                    [r.x, r.y],
                    [r.right(), r.y],
                    [r.right(), r.bottom()],
                    [r.x, r.bottom()],
                ]];
                if let Some(path) = rings_path(&ring, true) {
                    surface.push_clip_path(&path, &FillRule::NonZero);
                    clips += 1;
                }
            }
            Item::ClipEnd => {
                if clips > 0 {
                    surface.pop();
                    clips -= 1;
                }
            }
        }
    }
    for _ in 0..clips {
        surface.pop();
    }
    Ok(())
}

/// The pages as the bytes of one PDF. `spillover` colours hatching that names no colour.
pub fn write_pdf(pages: &[Page], title: &str, spillover: Ink) -> Result<Vec<u8>, String> {
    super::text::check_fonts()?;
    let fonts = Fonts::new()?;
    let mut document = Document::new();
    document.set_metadata(
        Metadata::new()
            .title(title.to_string())
            .creator("Trigger Atlas".to_string())
            .language("en-US".to_string()),
    );
    for page in pages {
        let settings = PageSettings::from_wh(page.width, page.height)
            .ok_or_else(|| format!("bad page size {} × {}", page.width, page.height))?;
        let mut p = document.start_page_with(settings);
        let mut surface = p.surface();
        draw_page(&mut surface, page, &fonts, spillover)?;
        surface.finish();
        p.finish();
    }
    document
        .finish()
        .map_err(|e| format!("the PDF could not be written: {e:?}"))
}
