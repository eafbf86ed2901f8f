//! The presenter's screen: the body fills it, with a large caption along the bottom (the muscle,
//! where it sends pain, one line of what helps; or the tour step with its progress dots) and
//! the practice's name in the corner. Text is at least 28 px at 1080p and every button at least
//! 56 px tall, for a TV across the room and a finger on a touch screen.

use bevy::prelude::*;
use bevy_egui::egui::{self, Color32, RichText};
use bevy_egui::{EguiContexts, EguiPrimaryContextPass};

use super::presenter::{Presenter, PresenterCommand};
use super::profile::Studio;
use super::tour::{TourCommand, TourState};
use crate::atlas::{Atlas, Intensity};
use crate::explorer::body::camera::FreeArea;
use crate::explorer::live::LiveAtlas;
use crate::explorer::shared::UiHasPointer;
use crate::explorer::state::Selection;

/// The smallest text of the presenter, in logical pixels at 1080p.
pub const MIN_TEXT: f32 = 28.0;
/// The height of its buttons.
pub const BUTTON: f32 = 56.0;

pub struct CaptionPlugin;

impl Plugin for CaptionPlugin {
    fn build(&self, app: &mut App) {
        app.add_systems(EguiPrimaryContextPass, caption_ui);
    }
}

/// One sentence: up to the first full stop.
fn first_sentence(s: &str) -> &str {
    match s.find(". ") {
        Some(i) => &s[..=i],
        None => s,
    }
}

/// "Sends pain to the temple and the jaw", in plain words.
pub fn sends_pain_to(atlas: &Atlas, id: &str) -> String {
    let Some(p) = atlas.point(id) else {
        return String::new();
    };
    let names: Vec<String> = p
        .zones()
        .filter(|(r, i)| *i == Intensity::Essential && *r != crate::atlas::LOCAL)
        .filter_map(|(r, _)| atlas.region(r).map(|r| r.name.to_lowercase()))
        .collect();
    match names.as_slice() {
        [] => "Pain is felt at the knot itself".to_string(),
        [one] => format!("Sends pain to the {one}"),
        [rest @ .., last] => format!("Sends pain to the {} and the {last}", rest.join(", the ")),
    }
}

fn big_button(ui: &mut egui::Ui, text: &str) -> bool {
    ui.add(
        egui::Button::new(RichText::new(text).size(MIN_TEXT))
            .min_size(egui::vec2(BUTTON * 2.2, BUTTON)),
    )
    .clicked()
}

fn caption_ui(
    mut contexts: EguiContexts,
    presenter: Res<Presenter>,
    live: Res<LiveAtlas>,
    selection: Res<Selection>,
    studio: Res<Studio>,
    tour: Res<TourState>,
    mut free: ResMut<FreeArea>,
    mut pointer: ResMut<UiHasPointer>,
    mut out: MessageWriter<PresenterCommand>,
    mut tours: MessageWriter<TourCommand>,
) -> Result {
    if !presenter.on {
        return Ok(());
    }
    let ctx = contexts.ctx_mut()?.clone();
    let Some(atlas) = live.atlas() else {
        return Ok(());
    };
    let zoom = ctx.zoom_factor();
    // Sizes are for 1080p; a smaller screen scales them down a little, never below 80%.
    let screen = ctx.content_rect();
    let k = ((screen.height() * zoom) / 1080.0).clamp(0.8, 2.0) / zoom;
    let text = |s: &str, size: f32| RichText::new(s).size(size * k);
    if presenter.blank {
        egui::Area::new("blank".into())
            .fixed_pos(egui::pos2(0.0, 0.0))
            .show(&ctx, |ui| {
                ui.painter().rect_filled(screen, 0.0, Color32::BLACK);
                ui.allocate_rect(screen, egui::Sense::click());
            });
        pointer.0 = true;
        return Ok(());
    }
    let dark = Color32::from_gray(25);
    let mut root = crate::explorer::look::widgets::root_ui(&ctx);
    // The practice in the corner.
    let corner = egui::Panel::top("presenter-corner")
        .frame(
            egui::Frame::new()
                .fill(Color32::from_rgb(246, 245, 243))
                .inner_margin(egui::Margin::symmetric(24, 10)),
        )
        .show(&mut root, |ui| {
            ui.horizontal(|ui| {
                let name = studio
                    .practice
                    .as_ref()
                    .map_or("Trigger Atlas", |p| p.name.as_str());
                ui.label(text(name, MIN_TEXT).strong().color(dark));
                // The phone, or the website: one line that fits beside the buttons.
                if let Some(c) = studio
                    .practice
                    .as_ref()
                    .and_then(|p| p.phone.as_ref().or(p.website.as_ref()))
                {
                    ui.label(text(c, MIN_TEXT).color(Color32::from_gray(80)));
                }
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    if big_button(ui, "Leave") {
                        out.write(PresenterCommand::Set(false));
                    }
                    let label = if presenter.all_points {
                        "Fewer points"
                    } else {
                        "All points"
                    };
                    if big_button(ui, label) {
                        out.write(PresenterCommand::AllPoints(!presenter.all_points));
                    }
                });
            });
        });
    let step = tour.active.as_ref().and_then(|(id, k)| {
        studio
            .tours
            .get(id)
            .and_then(|t| t.steps.get(*k).map(|s| (t, *k, s)))
    });
    let caption = egui::Panel::bottom("presenter-caption")
        .frame(
            egui::Frame::new()
                .fill(Color32::WHITE)
                .inner_margin(egui::Margin::symmetric(32, 18)),
        )
        .show(&mut root, |ui| {
            let (title, lines): (String, Vec<String>) = match (&step, selection.point.as_deref()) {
                (Some((_, _, s)), _) => (s.title.clone(), vec![s.narration.clone()]),
                (None, Some(id)) => match atlas.point(id) {
                    Some(p) => (
                        p.muscle.clone(),
                        vec![
                            sends_pain_to(atlas, id),
                            format!("What helps: {}", first_sentence(&p.note)),
                        ],
                    ),
                    None => (String::new(), Vec::new()),
                },
                (None, None) => (
                    "It doesn't hurt over there".to_string(),
                    vec!["Tap a point to see where its pain travels.".to_string()],
                ),
            };
            ui.label(text(&title, 40.0).strong().color(dark));
            for l in &lines {
                ui.label(text(l, MIN_TEXT + 2.0).color(dark));
            }
            ui.add_space(8.0 * k);
            ui.horizontal(|ui| {
                if big_button(ui, "‹ Back") {
                    out.write(PresenterCommand::Back);
                }
                if let Some((t, n, _)) = &step {
                    // Progress dots: where you are in the tour.
                    let r = 9.0 * k;
                    let (rect, _) = ui.allocate_exact_size(
                        egui::vec2(t.steps.len() as f32 * r * 3.2, BUTTON * k),
                        egui::Sense::hover(),
                    );
                    for i in 0..t.steps.len() {
                        let c =
                            egui::pos2(rect.left() + r * 1.6 + i as f32 * r * 3.2, rect.center().y);
                        if i == *n {
                            ui.painter()
                                .circle_filled(c, r, Color32::from_rgb(200, 33, 30));
                        } else {
                            ui.painter().circle_stroke(
                                c,
                                r * 0.8,
                                egui::Stroke::new(2.0, Color32::from_gray(90)),
                            );
                        }
                    }
                }
                if big_button(ui, "Next ›") {
                    out.write(PresenterCommand::Next);
                }
                if step.is_some() && big_button(ui, "End tour") {
                    tours.write(TourCommand::Stop);
                }
            });
        });
    // A tap on the caption (not on a button) goes on, like a clicker.
    if caption.response.interact(egui::Sense::click()).clicked() {
        out.write(PresenterCommand::Next);
    }
    free.set_if_neq(FreeArea {
        left: 0.0,
        right: 0.0,
        top: corner.response.rect.height() * zoom,
        bottom: caption.response.rect.height() * zoom,
    });
    pointer.0 = ctx.is_pointer_over_egui();
    Ok(())
}
