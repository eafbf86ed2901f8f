//! Small egui drawings shared by the panel and the handout: legend swatches and marker icons in
//! the palette's colours.

use bevy::prelude::Color;
use bevy_egui::egui::{self, Color32, Stroke};

use crate::atlas::Intensity;

use crate::explorer::look::palette::Colours;

/// The whole window as one background `Ui`, for egui 0.36's panels (`Panel::right(..).show(ui)`).
pub fn root_ui(ctx: &egui::Context) -> egui::Ui {
    egui::Ui::new(
        ctx.clone(),
        "root".into(),
        egui::UiBuilder::new()
            .layer_id(egui::LayerId::background())
            .max_rect(ctx.viewport_rect()),
    )
}

pub fn c32(c: Color) -> Color32 {
    let s = c.to_srgba();
    Color32::from_rgba_unmultiplied(
        (s.red * 255.0) as u8,
        (s.green * 255.0) as u8,
        (s.blue * 255.0) as u8,
        (s.alpha * 255.0) as u8,
    )
}

/// A legend swatch of `size` points: solid for essential, hatched for spillover (so the two
/// differ in greyscale too).
pub fn swatch(ui: &mut egui::Ui, colours: &Colours, intensity: Intensity, size: egui::Vec2) {
    let (rect, _) = ui.allocate_exact_size(size, egui::Sense::hover());
    let p = ui.painter();
    match intensity {
        Intensity::Essential => {
            p.rect_filled(rect, 2.0, c32(colours.essential));
        }
        Intensity::Spillover => {
            p.rect_filled(rect, 2.0, c32(colours.body));
            let stroke = Stroke::new(size.y / 5.5, c32(colours.spillover));
            let clip = p.with_clip_rect(rect);
            let mut x = rect.left() - rect.height();
            while x < rect.right() {
                clip.line_segment(
                    [
                        egui::pos2(x, rect.bottom()),
                        egui::pos2(x + rect.height(), rect.top()),
                    ],
                    stroke,
                );
                x += size.y * 0.43;
            }
        }
    }
    p.rect_stroke(
        rect,
        2.0,
        Stroke::new(1.0, Color32::from_gray(85)),
        egui::StrokeKind::Inside,
    );
}

/// A marker as drawn on the body: the X of the selection, or a ringed dot.
pub fn marker_icon(ui: &mut egui::Ui, colours: &Colours, selected: bool) {
    let (rect, _) = ui.allocate_exact_size(egui::vec2(22.0, 18.0), egui::Sense::hover());
    let p = ui.painter();
    let c = rect.center();
    if selected {
        p.circle_filled(c, 8.0, Color32::WHITE);
        p.circle_stroke(c, 8.0, Stroke::new(1.5, c32(colours.selected)));
        let d = 4.5;
        let stroke = Stroke::new(2.5, c32(colours.selected));
        p.line_segment([c + egui::vec2(-d, -d), c + egui::vec2(d, d)], stroke);
        p.line_segment([c + egui::vec2(-d, d), c + egui::vec2(d, -d)], stroke);
    } else {
        p.circle_filled(c, 6.0, c32(colours.marker_ring));
        p.circle_filled(c, 3.8, c32(colours.marker));
    }
}
