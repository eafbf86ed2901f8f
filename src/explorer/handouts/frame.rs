//! The handout frame (egui), drawn around the body when rendering a picture for a client: a
//! title, a legend, the typical complaints, the self-care note, the sources and the disclaimer;
//! or, for "where does it hurt?", the marked places and the top candidates.

use bevy::prelude::*;
use bevy_egui::egui::{self, Color32, RichText, Stroke};
use bevy_egui::{EguiContexts, EguiPrimaryContextPass};

use crate::atlas::{Atlas, Intensity, Side, Source};

use crate::explorer::body::camera::{FreeArea, OffscreenTarget};
use crate::explorer::live::LiveAtlas;
use crate::explorer::look::palette::{Colours, Palette};
use crate::explorer::look::widgets::{c32, marker_icon, swatch};
use crate::explorer::state::{Derived, MarkedPlaces, PainDrawing, Selection};

/// How many candidates a "where does it hurt?" handout lists.
pub const TOP_CANDIDATES: usize = 6;

pub struct HandoutPlugin;

impl Plugin for HandoutPlugin {
    fn build(&self, app: &mut App) {
        app.add_systems(EguiPrimaryContextPass, handout_ui);
    }
}

fn ring(ui: &mut egui::Ui, colours: &Colours) {
    let (rect, _) = ui.allocate_exact_size(egui::vec2(20.0, 18.0), egui::Sense::hover());
    ui.painter()
        .circle_filled(rect.center(), 7.5, c32(colours.candidate));
    ui.painter()
        .circle_filled(rect.center(), 3.5, Color32::WHITE);
}

fn outline(ui: &mut egui::Ui, colours: &Colours) {
    let (rect, _) = ui.allocate_exact_size(egui::vec2(28.0, 16.0), egui::Sense::hover());
    ui.painter().rect_stroke(
        rect,
        5.0,
        Stroke::new(2.5, c32(colours.marked_outline)),
        egui::StrokeKind::Inside,
    );
}

fn side_word(side: Option<Side>) -> &'static str {
    match side {
        Some(Side::Left) => " (left side)",
        Some(Side::Right) => " (right side)",
        None => "",
    }
}

fn region_name<'a>(atlas: &'a Atlas, id: &'a str) -> &'a str {
    atlas.region(id).map_or(id, |r| r.name.as_str())
}

/// The source a key cites, and the chapter for a book key such as `TS1-ch6`.
pub fn source<'a>(atlas: &'a Atlas, key: &'a str) -> Option<(&'a Source, Option<&'a str>)> {
    if let Some(s) = atlas.sources.iter().find(|s| s.key == key) {
        return Some((s, None));
    }
    let (book, chapter) = key.rsplit_once("-ch")?;
    atlas
        .sources
        .iter()
        .find(|s| s.key == book && s.chapters)
        .map(|s| (s, Some(chapter)))
}

/// The citation of a source key, with the chapter for `TS1-ch6`.
pub fn citation(atlas: &Atlas, key: &str) -> String {
    match source(atlas, key) {
        Some((s, None)) => s.citation.clone(),
        Some((s, Some(ch))) => format!("{}, chapter {ch}", s.citation.trim_end_matches('.')),
        None => key.to_string(),
    }
}

/// A legend swatch of the pain drawing's colour.
fn drawing_swatch(ui: &mut egui::Ui, colours: &Colours) {
    let (rect, _) = ui.allocate_exact_size(egui::vec2(28.0, 16.0), egui::Sense::hover());
    ui.painter().rect_filled(rect, 5.0, c32(colours.drawing));
}

/// The handout's title.
pub fn title(
    atlas: &Atlas,
    selection: &Selection,
    marked: &MarkedPlaces,
    pain: &PainDrawing,
) -> String {
    if !pain.drawing.is_empty() {
        return "Your pain drawing".to_string();
    }
    let points: Vec<String> = selection
        .all()
        .iter()
        .filter_map(|(id, side)| {
            atlas
                .point(id)
                .map(|p| format!("{} – {}{}", p.muscle, p.name, side_word(*side)))
        })
        .collect();
    if !points.is_empty() {
        return points.join(" · ");
    }
    if !marked.places.is_empty() {
        let places: Vec<String> = marked
            .places
            .iter()
            .map(|p| format!("{}{}", region_name(atlas, &p.region), side_word(p.side)))
            .collect();
        return format!("Where does it hurt? {}", places.join(", "));
    }
    "Trigger points and referred pain".to_string()
}

fn handout_ui(
    mut contexts: EguiContexts,
    live: Res<LiveAtlas>,
    selection: Res<Selection>,
    marked: Res<MarkedPlaces>,
    derived: Res<Derived>,
    pain: Res<PainDrawing>,
    palette: Res<Palette>,
    offscreen: Res<OffscreenTarget>,
    mut free: ResMut<FreeArea>,
) -> Result {
    let ctx = contexts.ctx_mut()?.clone();
    let Some(atlas) = live.atlas() else {
        return Ok(());
    };
    if ctx.theme() != egui::Theme::Light {
        ctx.set_theme(egui::Theme::Light);
    }
    // Text sized for print: an A4 page 1240 px wide gets about 12 pt body text.
    let zoom = (offscreen.size.x / 680.0).clamp(1.0, 3.0);
    if (ctx.zoom_factor() - zoom).abs() > 1e-3 {
        ctx.set_zoom_factor(zoom);
    }
    let colours = palette.colours;
    let mut root = egui::Ui::new(
        ctx.clone(),
        "handout".into(),
        egui::UiBuilder::new()
            .layer_id(egui::LayerId::background())
            .max_rect(ctx.viewport_rect()),
    );
    let white = egui::Frame::new()
        .fill(Color32::WHITE)
        .inner_margin(egui::Margin::symmetric(24, 14));

    let top = egui::Panel::top("title")
        .frame(white)
        .show(&mut root, |ui| {
            ui.label(
                RichText::new(title(atlas, &selection, &marked, &pain))
                    .size(24.0)
                    .strong()
                    .color(Color32::from_gray(20)),
            );
            let subtitle = if !pain.drawing.is_empty() {
                "Where you feel the pain, and the trigger points that could be sending it there"
            } else if selection.all().is_empty() && marked.places.is_empty() {
            "Each dot is a trigger point: a tender spot in a muscle that can send pain elsewhere"
        } else if selection.all().is_empty() {
                "Trigger points that could be sending the pain, and where they are"
            } else {
                "Referred pain: where this trigger point typically sends pain"
            };
            ui.label(
                RichText::new(subtitle)
                    .size(13.0)
                    .color(Color32::from_gray(70)),
            );
        });

    let bottom = egui::Panel::bottom("notes").frame(white).show(&mut root, |ui| {
        ui.horizontal_wrapped(|ui| {
            if !pain.drawing.is_empty() {
                drawing_swatch(ui, &colours);
                ui.label(RichText::new("Where it hurts").size(12.0));
                ui.add_space(10.0);
                swatch(ui, &colours, Intensity::Essential, egui::vec2(28.0, 16.0));
                ui.label(RichText::new("Where these points usually send pain").size(12.0));
                ui.add_space(10.0);
                swatch(ui, &colours, Intensity::Spillover, egui::vec2(28.0, 16.0));
                ui.label(RichText::new("Sometimes").size(12.0));
                ui.add_space(10.0);
                marker_icon(ui, &colours, true);
                ui.label(RichText::new("The trigger points").size(12.0));
            } else if selection.all().is_empty() && marked.places.is_empty() {
                ui.label(RichText::new("Patterns are typical, not a diagnosis. Ask your therapist to show you the pattern of a point.").size(12.0));
            } else if selection.all().is_empty() {
                ring(ui, &colours);
                ui.label(RichText::new("Trigger points that could be the source").size(12.0));
                ui.add_space(10.0);
                outline(ui, &colours);
                ui.label(RichText::new("Where it hurts").size(12.0));
            } else {
                swatch(ui, &colours, Intensity::Essential, egui::vec2(28.0, 16.0));
                ui.label(RichText::new("Essential: where most people feel it").size(12.0));
                ui.add_space(10.0);
                swatch(ui, &colours, Intensity::Spillover, egui::vec2(28.0, 16.0));
                ui.label(RichText::new("Spillover: where some people feel it").size(12.0));
                ui.add_space(10.0);
                marker_icon(ui, &colours, true);
                ui.label(RichText::new("The trigger point").size(12.0));
            }
        });
        ui.separator();
        let section = |ui: &mut egui::Ui, head: &str, body: &str| {
            ui.label(RichText::new(head).strong().size(13.0).color(Color32::from_gray(25)));
            ui.label(RichText::new(body).size(12.0).color(Color32::from_gray(25)));
            ui.add_space(4.0);
        };
        let selected = selection.all();
        if !pain.drawing.is_empty() {
            let (ids, share) = &derived.together;
            if !ids.is_empty() {
                let (names, verb) = crate::atlas::drawing::explain::together_words(atlas, ids);
                ui.label(RichText::new(format!("{} {verb} about {:.0}% of what you marked.", names, share * 100.0)).strong().size(13.0));
            }
            if selected.is_empty() {
                ui.label("No trigger point in the atlas sends pain there.");
            }
        }
        let mut drawing_sources: Vec<String> = Vec::new();
        for (rank, (id, side)) in selected.iter().enumerate() {
            let Some(p) = atlas.point(id) else { continue };
            if !pain.drawing.is_empty() {
                // Compact, so that the body keeps most of the page: one paragraph a point.
                ui.label(RichText::new(format!("{}. {} – {}{}", rank + 1, p.muscle, p.name, side_word(*side))).strong().size(13.0).color(Color32::from_gray(20)));
                let why = derived
                    .candidates
                    .iter()
                    .find(|c| c.id == *id)
                    .map(|c| c.reasons.join("; "))
                    .unwrap_or_default();
                let mut text = format!("Why: {why}. Where to find it: {} What helps: {}", p.location, p.note);
                if !p.verified {
                    text.push_str(" (Part of this pattern is unverified.)");
                }
                ui.label(RichText::new(text).size(11.0).color(Color32::from_gray(25)));
                ui.add_space(3.0);
                for k in &p.sources {
                    let c = citation(atlas, k);
                    if !drawing_sources.contains(&c) {
                        drawing_sources.push(c);
                    }
                }
                continue;
            }
            if selected.len() > 1 {
                ui.label(RichText::new(&p.muscle).strong().size(14.0));
            }
            section(ui, "Where to find it", &p.location);
            section(ui, "Typical complaints", &p.complaints);
            section(ui, "What helps", &p.note);
            let sources: Vec<String> = p.sources.iter().map(|k| citation(atlas, k)).collect();
            ui.label(RichText::new(format!("Sources: {}", sources.join("; "))).size(10.0).color(Color32::from_gray(60)));
            if !p.verified {
                ui.label(
                    RichText::new(format!(
                        "Unverified: {}",
                        p.caveat.as_deref().unwrap_or("part of this pattern could not be checked against the original texts.")
                    ))
                    .size(10.0)
                    .color(Color32::from_rgb(120, 80, 0)),
                );
            }
        }
        if !drawing_sources.is_empty() {
            ui.label(RichText::new(format!("Sources: {}", drawing_sources.join("; "))).size(8.5).color(Color32::from_gray(60)));
        }
        if selected.is_empty() && !marked.places.is_empty() {
            ui.label(RichText::new("Trigger points that could be sending pain here, most likely first").strong().size(13.0));
            for (rank, c) in derived.candidates.iter().take(TOP_CANDIDATES).enumerate() {
                let Some(p) = atlas.point(&c.id) else { continue };
                let how: Vec<String> = c
                    .matches
                    .iter()
                    .map(|(r, i)| {
                        format!(
                            "{} {}",
                            region_name(atlas, r),
                            if *i == Intensity::Essential { "(usually)" } else { "(sometimes)" }
                        )
                    })
                    .collect();
                ui.label(
                    RichText::new(format!("{}. {} – {}: {}", rank + 1, p.muscle, p.name, how.join(", ")))
                        .size(12.0),
                );
            }
            if derived.candidates.is_empty() {
                ui.label("No trigger point in the atlas refers pain there.");
            }
        }
        ui.separator();
        ui.label(RichText::new(&atlas.disclaimer).italics().size(10.0).color(Color32::from_gray(60)));
    });
    free.set_if_neq(FreeArea {
        left: 0.0,
        right: 0.0,
        top: top.response.rect.height() * zoom,
        bottom: bottom.response.rect.height() * zoom,
    });
    Ok(())
}
