//! The details panel (egui): mode and view controls, search, the selected point in full, the
//! "where does it hurt?" candidates, Learn, settings and the standing disclaimer; plus the data
//! error banner, hover tooltips and the pick list for overlapping markers.

use bevy::ecs::system::SystemParam;
use bevy::prelude::*;
use bevy_egui::egui::{self, Color32, RichText, Stroke};
use bevy_egui::{EguiContexts, EguiPrimaryContextPass};

use crate::atlas::{Atlas, Intensity, Place, Side, TriggerPoint};

use crate::explorer::body::camera::{CameraCommand, FreeArea};
use crate::explorer::body::markers::{Hover, PickList};
use crate::explorer::handouts::export::SaveHandout;
use crate::explorer::live::LiveAtlas;
use crate::explorer::look::palette::{Colours, Palette};
use crate::explorer::look::widgets::{marker_icon, swatch};
use crate::explorer::muscles::{MuscleLabels, MusclesLayer};
use crate::explorer::records::{ClientRecords, RecordCommand};
use crate::explorer::shared::{Notice, UiHasKeyboard, UiHasPointer};
use crate::explorer::studio::{
    Presenter, PresenterCommand, Studio, StudioPaths, TourCommand, TourState,
};

/// Legend swatch size in the panel.
const SMALL: egui::Vec2 = egui::vec2(22.0, 14.0);
use crate::explorer::state::Search;
use crate::explorer::state::{
    Brush, Command, Derived, DrawingCommand, MarkedPlaces, Mode, PainDrawing, Prefs, Preview,
    Selection, ViewMode,
};

pub struct PanelPlugin;

impl Plugin for PanelPlugin {
    fn build(&self, app: &mut App) {
        app.add_plugins(super::backdrop::BackdropPlugin)
            .add_systems(EguiPrimaryContextPass, panel_ui);
    }
}

fn side_word(side: Option<Side>) -> &'static str {
    match side {
        Some(Side::Left) => "left",
        Some(Side::Right) => "right",
        None => "middle",
    }
}

fn heading(ui: &mut egui::Ui, text: &str) {
    ui.add_space(6.0);
    ui.label(
        RichText::new(text)
            .strong()
            .size(15.0)
            .color(Color32::from_gray(35)),
    );
}

fn region_list(atlas: &Atlas, ids: &[String]) -> String {
    ids.iter()
        .map(|id| atlas.region(id).map_or(id.as_str(), |r| r.name.as_str()))
        .collect::<Vec<_>>()
        .join(", ")
}

fn unverified_badge(ui: &mut egui::Ui) {
    egui::Frame::new()
        .fill(Color32::from_rgb(255, 236, 179))
        .stroke(Stroke::new(1.0, Color32::from_rgb(200, 150, 0)))
        .corner_radius(4.0)
        .inner_margin(egui::Margin::symmetric(6, 2))
        .show(ui, |ui| {
            // One word that never breaks: in a wrapping row the badge moves to the next line
            // instead of splitting into "UNVERIFIE D".
            ui.add(
                egui::Label::new(
                    RichText::new("UNVERIFIED")
                        .strong()
                        .size(11.0)
                        .color(Color32::from_rgb(120, 80, 0)),
                )
                .wrap_mode(egui::TextWrapMode::Extend),
            );
        });
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_lowercase().chain(c).collect())
        .unwrap_or_default()
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// The full pattern of a point.
fn point_details(
    ui: &mut egui::Ui,
    atlas: &Atlas,
    p: &TriggerPoint,
    side: Option<Side>,
    colours: &Colours,
) {
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(&p.muscle).heading().strong());
        if !p.verified {
            unverified_badge(ui);
        }
    });
    ui.label(RichText::new(format!("{} · {} side", p.name, side_word(side))).size(14.0));
    if let Some(caveat) = &p.caveat {
        ui.label(
            RichText::new(caveat)
                .italics()
                .color(Color32::from_rgb(120, 80, 0)),
        );
    }
    if let Some(m) = atlas.muscle_of(p) {
        heading(ui, &format!("The muscle: {}", m.name));
        if let Some(under) = &m.deep_under {
            ui.label(RichText::new(format!("Deep, under {under}.")).italics());
        }
        ui.label(&m.description);
        ui.label(format!("What it does: {}", m.action));
        ui.label(
            RichText::new(format!(
                "Attaches: from {} to {}",
                lower_first(&m.origin).trim_end_matches('.'),
                lower_first(&m.insertion)
            ))
            .size(12.0)
            .color(Color32::from_gray(70)),
        );
    }
    heading(ui, "Where to find it");
    ui.label(&p.location);
    heading(ui, "Where it sends pain");
    ui.horizontal_wrapped(|ui| {
        swatch(ui, colours, Intensity::Essential, SMALL);
        ui.label(RichText::new("Usually:").strong());
        ui.label(region_list(atlas, &p.essential));
    });
    if !p.spillover.is_empty() {
        ui.horizontal_wrapped(|ui| {
            swatch(ui, colours, Intensity::Spillover, SMALL);
            ui.label(RichText::new("Sometimes:").strong());
            ui.label(region_list(atlas, &p.spillover));
        });
    }
    heading(ui, "Typical complaints");
    ui.label(&p.complaints);
    if !p.prevalence.is_empty() {
        heading(ui, "How common it is");
        for pr in &p.prevalence {
            let flag = if pr.unverified { " (unverified)" } else { "" };
            ui.label(format!(
                "{}: {}{flag} [{}]",
                capitalised(&pr.complaint),
                pr.figure,
                pr.source
            ));
        }
    }
    heading(ui, "Self-care");
    ui.label(&p.note);
    heading(ui, "Sources");
    for key in &p.sources {
        let citation = crate::atlas::page::handout::citation(atlas, key);
        ui.label(RichText::new(format!("• {key}: {citation}")).size(12.0));
        if let Some(note) =
            crate::atlas::page::handout::source(atlas, key).and_then(|(s, _)| s.note.as_ref())
        {
            ui.label(RichText::new(note).size(10.0).weak());
        }
    }
    ui.label(
        RichText::new(format!("Reference rows: {}", p.reference.join(", ")))
            .size(11.0)
            .weak(),
    );
}

/// How many candidates the panel lists before "and N more".
const SHOWN_CANDIDATES: usize = 12;

/// "Where does it hurt?": the brush, the marked places, and the explanation.
fn where_it_hurts(
    ui: &mut egui::Ui,
    atlas: &Atlas,
    colours: &Colours,
    marked: &MarkedPlaces,
    derived: &Derived,
    selection: &Selection,
    pain: &PainDrawing,
    brush: &Brush,
    commands: &mut MessageWriter<Command>,
    drawing: &mut MessageWriter<DrawingCommand>,
    preview: &mut ResMut<Preview>,
) {
    heading(ui, "Where does it hurt?");
    ui.label("Paint where it hurts with a finger or the mouse; a tap marks a small spot. Drag with the right button, or two fingers, to move the body.");
    ui.horizontal_wrapped(|ui| {
        ui.label("Brush:");
        for (name, radius) in Brush::SIZES {
            let on = !brush.erase && (brush.radius - radius).abs() < 1e-6;
            if ui.selectable_label(on, name).clicked() {
                drawing.write(DrawingCommand::SetRadius(radius));
                drawing.write(DrawingCommand::SetEraser(false));
            }
        }
        if ui
            .selectable_label(brush.erase, "Eraser")
            .on_hover_text("Rub out part of the drawing")
            .clicked()
        {
            drawing.write(DrawingCommand::SetEraser(!brush.erase));
        }
    });
    ui.horizontal_wrapped(|ui| {
        let mut mirror = brush.mirror;
        if ui
            .checkbox(&mut mirror, "Same on both sides")
            .on_hover_text("Each stroke is also painted on the other side of the body")
            .changed()
        {
            drawing.write(DrawingCommand::SetMirror(mirror));
        }
        if ui
            .add_enabled(!pain.undo.is_empty(), egui::Button::new("Undo"))
            .on_hover_text("Ctrl+Z")
            .clicked()
        {
            drawing.write(DrawingCommand::Undo);
        }
        if ui
            .add_enabled(!pain.redo.is_empty(), egui::Button::new("Redo"))
            .on_hover_text("Ctrl+Y")
            .clicked()
        {
            drawing.write(DrawingCommand::Redo);
        }
        if ui
            .add_enabled(
                !pain.drawing.strokes.is_empty() || !marked.places.is_empty(),
                egui::Button::new("Clear"),
            )
            .clicked()
        {
            drawing.write(DrawingCommand::Clear);
            commands.write(Command::ClearPlaces);
        }
    });
    ui.horizontal_wrapped(|ui| {
        for place in &marked.places {
            let name = atlas
                .region(&place.region)
                .map_or(place.region.as_str(), |r| r.name.as_str());
            let label = match place.side {
                Some(s) => format!("✖ {name} ({})", s.as_str()),
                None => format!("✖ {name}"),
            };
            if ui.button(label).on_hover_text("Remove").clicked() {
                commands.write(Command::TogglePlace {
                    place: place.clone(),
                    extend: true,
                });
            }
        }
    });
    let mut hovered = None;
    if !marked.places.is_empty() || !pain.drawing.is_empty() {
        if derived.candidates.is_empty() {
            ui.label("No trigger point in the atlas sends pain there.");
        } else {
            let (ids, share) = &derived.together;
            if !ids.is_empty() {
                let (names, verb) = crate::atlas::drawing::explain::together_words(atlas, ids);
                egui::Frame::new()
                    .inner_margin(egui::Margin::symmetric(8, 6))
                    .corner_radius(4.0)
                    .fill(Color32::from_rgb(236, 232, 250))
                    .show(ui, |ui| {
                        ui.set_width(ui.available_width());
                        ui.label(
                            RichText::new(format!("{} {verb} {:.0}% of it.", names, share * 100.0))
                                .strong(),
                        );
                    });
            }
            ui.label(
                RichText::new(format!(
                    "{} trigger points could explain it, most likely first:",
                    derived.candidates.len()
                ))
                .strong(),
            );
        }
        for (rank, c) in derived.candidates.iter().take(SHOWN_CANDIDATES).enumerate() {
            let Some(p) = atlas.point(&c.id) else {
                continue;
            };
            let chosen = selection.point.as_deref() == Some(c.id.as_str());
            // The chosen card is filled; the others are outlined, which costs a software
            // renderer a line instead of the card's every pixel.
            let frame = egui::Frame::new()
                .inner_margin(egui::Margin::symmetric(6, 4))
                .corner_radius(4.0);
            let frame = if chosen {
                frame.fill(Color32::from_rgb(222, 235, 250))
            } else {
                frame.stroke(egui::Stroke::new(1.0, Color32::from_gray(218)))
            };
            let r = frame.show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.horizontal_wrapped(|ui| {
                    let r = ui.selectable_label(
                        chosen,
                        RichText::new(format!("{}. {}", rank + 1, p.muscle)).strong(),
                    );
                    if r.clicked() {
                        let side = c.sides.first().copied().flatten();
                        commands.write(Command::Select {
                            id: c.id.clone(),
                            side,
                        });
                    }
                    ui.label(RichText::new(&p.name).size(12.0));
                    if !p.verified {
                        unverified_badge(ui);
                    }
                });
                ui.horizontal_wrapped(|ui| {
                    for (region, intensity) in &c.matches {
                        swatch(ui, colours, *intensity, SMALL);
                        let name = atlas
                            .region(region)
                            .map_or(region.as_str(), |r| r.name.as_str());
                        let how = match intensity {
                            Intensity::Essential => "usually",
                            Intensity::Spillover => "sometimes",
                        };
                        ui.label(RichText::new(format!("{name}: {how}")).size(12.0));
                    }
                });
                for reason in &c.reasons {
                    ui.label(
                        RichText::new(format!("• {reason}"))
                            .size(12.0)
                            .color(Color32::from_gray(60)),
                    );
                }
            });
            if r.response.contains_pointer() {
                hovered = Some((c.id.clone(), c.sides.first().copied().flatten()));
            }
        }
        if derived.candidates.len() > SHOWN_CANDIDATES {
            ui.label(
                RichText::new(format!(
                    "…and {} more, less likely.",
                    derived.candidates.len() - SHOWN_CANDIDATES
                ))
                .weak(),
            );
        }
    }
    preview.set_if_neq(Preview(hovered));
}

/// "Save for this client", "New client", and the list of records (closed until asked for,
/// so that one client does not see another's name).
fn client_records(
    ui: &mut egui::Ui,
    records: &mut ClientRecords,
    out: &mut MessageWriter<RecordCommand>,
) {
    heading(ui, "For this client");
    if records.store.is_none() {
        ui.label("Records cannot be kept: this system has no user data folder.");
        return;
    }
    ui.horizontal(|ui| {
        ui.label("Name or initials:");
        ui.add(egui::TextEdit::singleline(&mut records.client).desired_width(f32::INFINITY));
    });
    ui.add(
        egui::TextEdit::multiline(&mut records.note)
            .hint_text("A short note (optional)")
            .desired_rows(2)
            .desired_width(f32::INFINITY),
    );
    ui.horizontal_wrapped(|ui| {
        let label = if records.open.is_some() {
            "Save changes"
        } else {
            "Save for this client"
        };
        if ui
            .add_enabled(!records.client.trim().is_empty(), egui::Button::new(label))
            .on_hover_text("Kept on this computer only, readable by you alone")
            .clicked()
        {
            out.write(RecordCommand::Save);
        }
        if ui
            .button("New client")
            .on_hover_text("Clear the drawing, the points and the name from the screen")
            .clicked()
        {
            out.write(RecordCommand::NewClient);
        }
    });
    let n = records.list.len();
    let r = egui::CollapsingHeader::new(format!(
        "Client records ({})",
        if records.loaded {
            n.to_string()
        } else {
            "…".into()
        }
    ))
    .id_salt("client-records")
    .default_open(false)
    .show(ui, |ui| {
        if records.list.is_empty() {
            ui.label(RichText::new("No records yet.").weak());
        }
        let rows = records.list.clone();
        for s in &rows {
            ui.horizontal_wrapped(|ui| {
                let open = records.open.as_deref() == Some(s.id.as_str());
                ui.label(RichText::new(&s.client).strong());
                ui.label(RichText::new(&s.date).size(12.0).weak());
                if open {
                    ui.label(RichText::new("(on screen)").size(12.0));
                }
                if ui.small_button("Open").clicked() {
                    out.write(RecordCommand::Open(s.id.clone()));
                }
                if ui.small_button("Rename").clicked() {
                    records.renaming = Some((s.id.clone(), s.client.clone()));
                }
                if records.confirm_delete.as_deref() == Some(s.id.as_str()) {
                    ui.label(
                        RichText::new("Delete for good?").color(Color32::from_rgb(150, 20, 20)),
                    );
                    if ui.small_button("Yes, delete").clicked() {
                        out.write(RecordCommand::Delete(s.id.clone()));
                        records.confirm_delete = None;
                    }
                    if ui.small_button("No").clicked() {
                        records.confirm_delete = None;
                    }
                } else if ui.small_button("Delete").clicked() {
                    records.confirm_delete = Some(s.id.clone());
                }
            });
            let renaming_this = records.renaming.as_ref().is_some_and(|(id, _)| *id == s.id);
            if renaming_this {
                let mut done = None;
                ui.horizontal(|ui| {
                    if let Some((id, name)) = records.renaming.as_mut() {
                        ui.add(egui::TextEdit::singleline(name).desired_width(160.0));
                        if ui.small_button("OK").clicked() && !name.trim().is_empty() {
                            done = Some(Some((id.clone(), name.clone())));
                        }
                        if ui.small_button("Cancel").clicked() {
                            done = Some(None);
                        }
                    }
                });
                if let Some(result) = done {
                    if let Some((id, name)) = result {
                        out.write(RecordCommand::Rename(id, name));
                    }
                    records.renaming = None;
                }
            }
        }
        for p in &records.problems {
            ui.label(
                RichText::new(format!("⚠ {}", p.lines().next().unwrap_or("")))
                    .size(11.0)
                    .color(Color32::from_rgb(150, 20, 20)),
            );
        }
    });
    if r.header_response.clicked() || (r.body_returned.is_some() && !records.loaded) {
        out.write(RecordCommand::Refresh);
    }
}

/// What the panel reads.
#[derive(SystemParam)]
pub struct PanelView<'w, 's> {
    live: Res<'w, LiveAtlas>,
    selection: Res<'w, Selection>,
    mode: Res<'w, Mode>,
    marked: Res<'w, MarkedPlaces>,
    derived: Res<'w, Derived>,
    view_mode: Res<'w, ViewMode>,
    hover: Res<'w, Hover>,
    palette: Res<'w, Palette>,
    notice: Res<'w, Notice>,
    pain: Res<'w, PainDrawing>,
    brush: Res<'w, Brush>,
    labels: Res<'w, MuscleLabels>,
    presenter: Res<'w, Presenter>,
    tour: Res<'w, TourState>,
    studio: Res<'w, Studio>,
    studio_paths: Res<'w, StudioPaths>,
    camera: Query<'w, 's, (&'static Transform, &'static Projection), With<Camera2d>>,
    window: Query<'w, 's, &'static Window, With<bevy::window::PrimaryWindow>>,
}

/// What the panel writes.
#[derive(SystemParam)]
pub struct PanelOut<'w, 's> {
    search: ResMut<'w, Search>,
    prefs: ResMut<'w, Prefs>,
    pick: ResMut<'w, PickList>,
    free: ResMut<'w, FreeArea>,
    ui_pointer: ResMut<'w, UiHasPointer>,
    ui_keyboard: ResMut<'w, UiHasKeyboard>,
    commands: MessageWriter<'w, Command>,
    camera: MessageWriter<'w, CameraCommand>,
    save: MessageWriter<'w, SaveHandout>,
    folder: ResMut<'w, crate::explorer::handouts::export::HandoutFolder>,
    drawing: MessageWriter<'w, DrawingCommand>,
    preview: ResMut<'w, Preview>,
    records: ResMut<'w, ClientRecords>,
    record_cmd: MessageWriter<'w, RecordCommand>,
    muscles_layer: ResMut<'w, MusclesLayer>,
    saving: Res<'w, crate::explorer::handouts::export::Saving>,
    printer: Res<'w, crate::explorer::handouts::export::Printer>,
    tour_cmd: MessageWriter<'w, TourCommand>,
    presenter_cmd: MessageWriter<'w, PresenterCommand>,
    draft: Local<'s, Option<(crate::atlas::studio::Practice, String)>>,
}

/// "Save handout" (a PDF), "PNG", and "Print…" where the system can print.
fn handout_buttons(
    ui: &mut egui::Ui,
    busy: bool,
    can_print: bool,
    save: &mut MessageWriter<SaveHandout>,
) {
    ui.horizontal_wrapped(|ui| {
        let label = if busy {
            "Saving…"
        } else {
            "Save handout (PDF, Ctrl+S)"
        };
        if ui.add_enabled(!busy, egui::Button::new(label)).clicked() {
            save.write(SaveHandout::Pdf);
        }
        if ui
            .add_enabled(!busy, egui::Button::new("PNG"))
            .on_hover_text("A picture, for screens and messages")
            .clicked()
        {
            save.write(SaveHandout::Png);
        }
        if can_print && ui.add_enabled(!busy, egui::Button::new("Print…")).clicked() {
            save.write(SaveHandout::Print);
        }
    });
}

/// The guided tours: the step on screen with back and next, or a button per tour.
fn tour_section(
    ui: &mut egui::Ui,
    studio: &Studio,
    tour: &TourState,
    out: &mut MessageWriter<TourCommand>,
) {
    if let Some((id, k)) = &tour.active
        && let Some(t) = studio.tours.get(id)
        && let Some(step) = t.steps.get(*k)
    {
        egui::Frame::group(ui.style())
            .fill(Color32::from_rgb(250, 247, 240))
            .show(ui, |ui| {
                ui.label(
                    RichText::new(format!("{} · step {} of {}", t.title, k + 1, t.steps.len()))
                        .size(12.0)
                        .weak(),
                );
                ui.label(RichText::new(&step.title).strong().size(17.0));
                ui.label(RichText::new(&step.narration).size(14.0));
                ui.horizontal(|ui| {
                    if ui
                        .add_enabled(*k > 0, egui::Button::new("‹ Back"))
                        .clicked()
                    {
                        out.write(TourCommand::Back);
                    }
                    if ui
                        .add_enabled(k + 1 < t.steps.len(), egui::Button::new("Next ›"))
                        .clicked()
                    {
                        out.write(TourCommand::Next);
                    }
                    if ui.button("End tour").clicked() {
                        out.write(TourCommand::Stop);
                    }
                });
                ui.label(
                    RichText::new("PageDown / PageUp, the arrow keys or a clicker step too.")
                        .size(11.0)
                        .weak(),
                );
            });
        ui.add_space(6.0);
        return;
    }
    egui::CollapsingHeader::new("Guided tours")
        .default_open(false)
        .show(ui, |ui| {
            for t in &studio.tours.tours {
                if ui.button(&t.title).on_hover_text(&t.summary).clicked() {
                    out.write(TourCommand::Start(t.id.clone()));
                }
            }
        });
}

/// The practice profile, edited in Settings and saved to practice.ron (atomically; a bad entry
/// is refused with the reason and the old file stays).
fn practice_editor(
    ui: &mut egui::Ui,
    studio: &Studio,
    paths: &StudioPaths,
    draft: &mut Option<(crate::atlas::studio::Practice, String)>,
) {
    use crate::atlas::studio::{Paper, parse_practice};
    egui::CollapsingHeader::new("Practice profile (name on handouts and the presenter)").show(
        ui,
        |ui| {
            let (p, status) = draft.get_or_insert_with(|| {
                (studio.practice.clone().unwrap_or_default(), String::new())
            });
            let field = |ui: &mut egui::Ui, label: &str, value: &mut Option<String>| {
                let mut text = value.clone().unwrap_or_default();
                ui.horizontal(|ui| {
                    ui.label(label);
                    ui.text_edit_singleline(&mut text);
                });
                *value = (!text.trim().is_empty()).then_some(text);
            };
            ui.horizontal(|ui| {
                ui.label("Name");
                ui.text_edit_singleline(&mut p.name);
            });
            field(ui, "Therapist", &mut p.therapist);
            field(ui, "Phone", &mut p.phone);
            field(ui, "Email", &mut p.email);
            field(ui, "Website", &mut p.website);
            field(ui, "Address", &mut p.address);
            field(ui, "Logo (PNG beside practice.ron)", &mut p.logo);
            ui.horizontal(|ui| {
                ui.label("Paper");
                let mut paper = p.paper();
                ui.radio_value(&mut paper, Paper::Letter, "US Letter");
                ui.radio_value(&mut paper, Paper::A4, "A4");
                p.paper = Some(paper);
            });
            if ui.button("Save practice profile").clicked() {
                *status = match &paths.practice {
                    None => "This system has no config folder to save it in.".into(),
                    Some(path) => {
                        let text = p.to_ron();
                        let folder = path.parent().map(std::path::Path::to_path_buf);
                        match parse_practice(
                            &path.display().to_string(),
                            text.as_bytes(),
                            folder.as_deref(),
                        ) {
                            Err(e) => format!("Not saved: {}", e.first().message),
                            Ok(_) => {
                                let written = folder
                                    .as_deref()
                                    .map_or(Ok(()), std::fs::create_dir_all)
                                    .and_then(|_| {
                                        crate::atlas::files::write_atomically(path, true, |w| {
                                            w.write_all(text.as_bytes())
                                        })
                                    });
                                match written {
                                    Ok(()) => format!("Saved to {}", path.display()),
                                    Err(e) => {
                                        format!("Not saved: {e}; the old profile is unchanged.")
                                    }
                                }
                            }
                        }
                    }
                };
            }
            if !status.is_empty() {
                ui.label(RichText::new(status.as_str()).italics());
            }
        },
    );
}

fn panel_ui(mut contexts: EguiContexts, view: PanelView, out: PanelOut) -> Result {
    let PanelView {
        live,
        selection,
        mode,
        marked,
        derived,
        view_mode,
        hover,
        palette,
        notice,
        pain,
        brush,
        labels,
        presenter,
        tour,
        studio,
        studio_paths,
        camera: camera_q,
        window,
    } = view;
    let PanelOut {
        mut search,
        mut prefs,
        mut pick,
        mut free,
        mut ui_pointer,
        mut ui_keyboard,
        mut commands,
        mut camera,
        mut save,
        mut folder,
        saving,
        mut drawing,
        mut preview,
        mut records,
        mut record_cmd,
        mut muscles_layer,
        mut tour_cmd,
        mut presenter_cmd,
        mut draft,
        printer,
    } = out;
    let ctx = contexts.ctx_mut()?.clone();
    if ctx.theme() != egui::Theme::Light {
        ctx.set_theme(egui::Theme::Light);
    }
    if (ctx.zoom_factor() - prefs.ui_scale).abs() > 1e-3 {
        ctx.set_zoom_factor(prefs.ui_scale);
    }
    // The presenter draws its own caption (the studio room) and no panel.
    if presenter.on {
        return Ok(());
    }
    let colours = palette.colours;
    let mut root = crate::explorer::look::widgets::root_ui(&ctx);

    // The data error banner.
    let mut top = 0.0;
    let errors: Vec<_> = live.errors().cloned().collect();
    let studio_errors: Vec<&String> = studio.errors().collect();
    if !errors.is_empty() || !studio_errors.is_empty() {
        let r = egui::Panel::top("banner")
            .frame(
                egui::Frame::new()
                    .fill(Color32::from_rgb(253, 236, 234))
                    .stroke(Stroke::new(1.0, Color32::from_rgb(198, 40, 40)))
                    .inner_margin(egui::Margin::same(10)),
            )
            .show(&mut root, |ui| {
                for e in &errors {
                    ui.label(
                        RichText::new(format!("⚠ {}", e.headline))
                            .strong()
                            .color(Color32::from_rgb(150, 20, 20)),
                    );
                    if e.count > 1 {
                        ui.label(format!("…and {} more problems in this file.", e.count - 1));
                    }
                    egui::CollapsingHeader::new("Details")
                        .id_salt(&e.file)
                        .show(ui, |ui| {
                            ui.label(RichText::new(&e.report).monospace().size(12.0));
                        });
                }
                for e in &studio_errors {
                    let headline = e.lines().next().unwrap_or_default().trim_start_matches("error: ");
                    ui.label(RichText::new(format!("⚠ {headline}")).strong().color(Color32::from_rgb(150, 20, 20)));
                    egui::CollapsingHeader::new("Details")
                        .id_salt(headline)
                        .show(ui, |ui| {
                            ui.label(RichText::new(e.as_str()).monospace().size(12.0));
                        });
                }
                let keeping = if live.ready() {
                    "The last good version stays on screen until the file is fixed; save it again to retry."
                } else {
                    "Nothing can be shown until the file is fixed; save it again to retry."
                };
                ui.label(RichText::new(keeping).italics());
            });
        top = r.response.rect.height();
    }

    let panel = egui::Panel::right("details")
        .resizable(true)
        .default_size(400.0)
        .min_size(300.0)
        .frame(
            // No fill: the window's background shows through (see `backdrop`).
            egui::Frame::side_top_panel(&ctx.global_style())
                .fill(Color32::TRANSPARENT)
                .inner_margin(egui::Margin::same(12)),
        )
        .show(&mut root, |ui| {
            let Some(atlas) = live.atlas() else {
                ui.heading("Trigger Atlas");
                ui.label("Loading the atlas…");
                return;
            };
            ui.horizontal(|ui| {
                let name = studio.practice.as_ref().map_or("Trigger Atlas", |p| p.name.as_str());
                ui.label(RichText::new(name).heading().strong());
                if ui.button("Present (F5)").on_hover_text("Fullscreen, large captions, for the client").clicked() {
                    presenter_cmd.write(PresenterCommand::Set(true));
                }
            });
            ui.add_space(4.0);
            tour_section(ui, &studio, &tour, &mut tour_cmd);
            ui.horizontal_wrapped(|ui| {
                if ui
                    .selectable_label(*mode == Mode::Explore, "Explore points")
                    .on_hover_text("Tap a trigger point to see where it sends pain")
                    .clicked()
                {
                    commands.write(Command::SetMode(Mode::Explore));
                }
                if ui
                    .selectable_label(*mode == Mode::WhereItHurts, "Where does it hurt? (W)")
                    .on_hover_text("Tap where it hurts to see which points could cause it")
                    .clicked()
                {
                    commands.write(Command::SetMode(Mode::WhereItHurts));
                }
            });
            ui.horizontal_wrapped(|ui| {
                ui.label("View (V):");
                for (label, v) in [
                    ("Both", ViewMode::Both),
                    ("Front", ViewMode::Only(crate::atlas::View::Front)),
                    ("Back", ViewMode::Only(crate::atlas::View::Back)),
                    ("Left", ViewMode::Only(crate::atlas::View::Left)),
                    ("Right", ViewMode::Only(crate::atlas::View::Right)),
                    ("All four", ViewMode::All),
                ] {
                    if ui.selectable_label(*view_mode == v, label).clicked() {
                        commands.write(Command::SetView(v));
                    }
                }
                if ui.button(" + ").on_hover_text("Zoom in (+)").clicked() {
                    camera.write(CameraCommand::ZoomIn);
                }
                if ui.button(" - ").on_hover_text("Zoom out (-)").clicked() {
                    camera.write(CameraCommand::ZoomOut);
                }
                if ui.button("Reset").on_hover_text("Fit the body to the window (R)").clicked() {
                    camera.write(CameraCommand::Reset);
                }
                let mut on = muscles_layer.0;
                if ui.checkbox(&mut on, "Muscles (M)").on_hover_text("Show the muscles under the skin, like an anatomy chart").changed() {
                    muscles_layer.0 = on;
                }
            });
            ui.add_space(4.0);
            let hint = if *mode == Mode::WhereItHurts {
                "Search muscles, places or complaints…"
            } else {
                "Search: muscle, place or complaint (/)"
            };
            let edit = ui.add(
                egui::TextEdit::singleline(&mut search.query)
                    .hint_text(hint)
                    .desired_width(f32::INFINITY),
            );
            if search.focus {
                edit.request_focus();
                search.focus = false;
            }
            ui.separator();

            egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
                // Search results.
                if !search.query.trim().is_empty() {
                    let n_regions = if *mode == Mode::WhereItHurts { search.regions.len() } else { 0 };
                    if search.results.is_empty() && n_regions == 0 {
                        ui.label("Nothing matches.");
                    }
                    for (i, id) in search.regions.iter().take(n_regions).enumerate() {
                        let name = atlas.region(id).map_or(id.as_str(), |r| r.name.as_str());
                        let on = marked.places.iter().any(|p| p.region == *id);
                        let r = ui.selectable_label(search.cursor == i, format!("{} Mark: {name}", if on { "✔" } else { "＋" }));
                        if r.clicked() {
                            commands.write(Command::TogglePlace { place: Place::new(id.clone(), None), extend: true });
                        }
                    }
                    for (j, id) in search.results.iter().enumerate() {
                        let Some(p) = atlas.point(id) else { continue };
                        let r = ui.selectable_label(
                            search.cursor == n_regions + j || selection.point.as_deref() == Some(id),
                            format!("{} – {}", p.muscle, p.name),
                        );
                        if r.clicked() {
                            commands.write(Command::Select { id: id.clone(), side: None });
                        }
                    }
                    ui.label(RichText::new("↑/↓ and Enter choose · Esc clears").size(11.0).weak());
                    ui.separator();
                }

                if *mode == Mode::WhereItHurts {
                    where_it_hurts(ui, atlas, &colours, &marked, &derived, &selection, &pain, &brush, &mut commands, &mut drawing, &mut preview);
                    client_records(ui, &mut records, &mut record_cmd);
                    if (!marked.places.is_empty() || !pain.drawing.is_empty())
                        && selection.point.is_none()
                    {
                        handout_buttons(ui, saving.busy, printer.0.is_some(), &mut save);
                    }
                    ui.separator();
                }
                match selection.point.as_deref().and_then(|id| atlas.point(id)) {
                    Some(p) => {
                        point_details(ui, atlas, p, selection.side, &colours);
                        ui.horizontal(|ui| {
                            if ui.button("Clear (Esc)").clicked() {
                                commands.write(Command::ClearSelection);
                            }
                            handout_buttons(ui, saving.busy, printer.0.is_some(), &mut save);
                        });
                        ui.horizontal(|ui| {
                            ui.label("Save to:");
                            let mut text = folder.0.display().to_string();
                            if ui.add(egui::TextEdit::singleline(&mut text).desired_width(f32::INFINITY)).changed() {
                                folder.0 = std::path::PathBuf::from(text);
                            }
                        });
                    }
                    None if *mode == Mode::Explore => {
                        heading(ui, "Tap a trigger point");
                        ui.label(format!(
                            "Each dot is a trigger point ({} in the atlas, most on both sides). Tap one, or press Tab, to light up where it sends pain.",
                            atlas.points.len()
                        ));
                    }
                    None => {}
                }
                if let Some(n) = &notice.0 {
                    ui.label(RichText::new(n).color(Color32::from_rgb(30, 100, 40)));
                }

                ui.separator();
                heading(ui, "Legend");
                ui.horizontal(|ui| {
                    swatch(ui, &colours, Intensity::Essential, SMALL);
                    ui.label("Essential: where most people feel it");
                });
                ui.horizontal(|ui| {
                    swatch(ui, &colours, Intensity::Spillover, SMALL);
                    ui.label("Spillover: where some people feel it");
                });
                ui.horizontal(|ui| {
                    marker_icon(ui, &colours, true);
                    ui.label("The selected trigger point");
                });
                ui.horizontal(|ui| {
                    marker_icon(ui, &colours, false);
                    ui.label("Other trigger points (tap one)");
                });

                egui::CollapsingHeader::new(RichText::new("Learn: referred pain").strong())
                    .default_open(selection.point.is_none() && *mode == Mode::Explore)
                    .show(ui, |ui| {
                        ui.label(&atlas.referred_pain);
                        heading(ui, "What neuromuscular therapy looks at");
                        for f in &atlas.factors {
                            ui.label(RichText::new(&f.name).strong());
                            ui.label(&f.explanation);
                        }
                        if !atlas.red_flags.is_empty() {
                            heading(ui, "See a doctor first if you have");
                            for r in &atlas.red_flags {
                                ui.label(format!("• {r}"));
                            }
                        }
                    });
                egui::CollapsingHeader::new("Settings").show(ui, |ui| {
                    ui.add(egui::Slider::new(&mut prefs.ui_scale, 0.8..=2.0).text("Text size"));
                    ui.checkbox(&mut prefs.colour_blind, "Colour-blind-safe colours (blue and orange)");
                    ui.checkbox(&mut prefs.reduced_motion, "Reduce motion (show the pain at once, no animation)");
                    practice_editor(ui, &studio, &studio_paths, &mut draft);
                    ui.label(RichText::new("Keys: Tab/Shift+Tab step · Esc clear · V view · W where-it-hurts · +/- zoom · R reset · / search · F11 fullscreen · Ctrl+S handout").size(11.0).weak());
                });
                ui.separator();
                ui.label(RichText::new(&atlas.disclaimer).size(12.0).italics());
            });
        });
    // egui measures in points; the camera in logical pixels (points times the zoom factor).
    let zoom = ctx.zoom_factor();
    free.set_if_neq(FreeArea {
        left: 0.0,
        right: panel.response.rect.width() * zoom,
        top: top * zoom,
        bottom: 0.0,
    });

    // The selected point's muscle, named on the body.
    if let (Ok((t, p)), Ok(w)) = (camera_q.single(), window.single())
        && let Projection::Orthographic(o) = p
    {
        for (i, (text, at)) in labels.0.iter().enumerate() {
            let px = egui::pos2(
                w.width() / 2.0 + (at.x - t.translation.x) / o.scale,
                w.height() / 2.0 - (at.y - t.translation.y) / o.scale,
            );
            // Only over the body's part of the window, never over the panel.
            let body_area = egui::Rect::from_min_max(
                egui::pos2(free.left, free.top) / zoom,
                egui::pos2(w.width() - free.right - 4.0, w.height() - free.bottom) / zoom,
            );
            let anchor = egui::pos2(px.x / zoom, px.y / zoom);
            if !body_area.contains(anchor) {
                continue;
            }
            egui::Area::new(egui::Id::new(("muscle-label", i)))
                .order(egui::Order::Middle)
                .pivot(egui::Align2::LEFT_CENTER)
                .fixed_pos(anchor)
                .constrain_to(body_area)
                .interactable(false)
                .show(&ctx, |ui| {
                    egui::Frame::new()
                        .fill(Color32::from_rgba_unmultiplied(255, 255, 255, 215))
                        .corner_radius(4.0)
                        .inner_margin(egui::Margin::symmetric(5, 2))
                        .show(ui, |ui| {
                            let mut lines = text.lines();
                            if let Some(name) = lines.next() {
                                ui.add(
                                    egui::Label::new(
                                        RichText::new(name)
                                            .size(13.0)
                                            .strong()
                                            .color(Color32::from_rgb(16, 80, 82)),
                                    )
                                    .wrap_mode(egui::TextWrapMode::Extend),
                                );
                            }
                            for more in lines {
                                ui.add(
                                    egui::Label::new(
                                        RichText::new(more)
                                            .size(11.0)
                                            .italics()
                                            .color(Color32::from_rgb(40, 90, 92)),
                                    )
                                    .wrap_mode(egui::TextWrapMode::Extend),
                                );
                            }
                        });
                });
        }
    }

    // Hover tooltip: the point's muscle and name, or the region's name.
    if let (Some(pos), Some(atlas)) = (hover.screen, live.atlas()) {
        let text = hover
            .marker
            .and_then(|i| live.markers.get(i))
            .map(|m| {
                let p = &atlas.points[m.point];
                format!("{} – {}", p.muscle, p.name)
            })
            .or_else(|| {
                hover
                    .muscle
                    .and_then(|i| live.muscle_shapes.get(i))
                    .map(|m| {
                        let name = atlas
                            .muscle(&m.muscle)
                            .map_or(m.muscle.as_str(), |x| x.name.as_str());
                        let n = atlas
                            .points
                            .iter()
                            .filter(|p| p.muscle_id == m.muscle)
                            .count();
                        match n {
                            0 => format!("{name} (no trigger point in the atlas)"),
                            1 => format!("{name} · 1 trigger point: tap to see it"),
                            n => format!("{name} · {n} trigger points: tap to choose"),
                        }
                    })
            })
            .or_else(|| {
                hover.region.and_then(|i| live.regions.get(i)).map(|r| {
                    let name = atlas
                        .region(&r.region)
                        .map_or(r.region.as_str(), |x| x.name.as_str());
                    match r.side {
                        Some(s) => format!("{name} ({})", s.as_str()),
                        None => name.to_string(),
                    }
                })
            });
        if let Some(text) = text {
            egui::Area::new("hover".into())
                .order(egui::Order::Tooltip)
                .fixed_pos(egui::pos2(pos.x / zoom + 14.0, pos.y / zoom + 10.0))
                .interactable(false)
                .show(&ctx, |ui| {
                    egui::Frame::popup(&ctx.global_style()).show(ui, |ui| {
                        ui.label(RichText::new(text).strong());
                    });
                });
        }
    }

    // Pick list for overlapping markers.
    if !pick.options.is_empty()
        && let Some(atlas) = live.atlas()
    {
        let mut chosen = None;
        let mut close = false;
        egui::Area::new("pick".into())
            .order(egui::Order::Foreground)
            .fixed_pos(egui::pos2(
                pick.screen.x / zoom + 8.0,
                pick.screen.y / zoom + 8.0,
            ))
            .show(&ctx, |ui| {
                egui::Frame::popup(&ctx.global_style()).show(ui, |ui| {
                    ui.label(
                        RichText::new(
                            pick.title
                                .clone()
                                .map_or("Several points here:".to_string(), |t| {
                                    format!("{t}: its trigger points")
                                }),
                        )
                        .strong(),
                    );
                    for (id, side) in &pick.options {
                        if let Some(p) = atlas.point(id)
                            && ui.button(format!("{} – {}", p.muscle, p.name)).clicked()
                        {
                            chosen = Some((id.clone(), *side));
                        }
                    }
                    if ui.button("Cancel").clicked() {
                        close = true;
                    }
                });
            });
        if let Some((id, side)) = chosen {
            commands.write(Command::Select { id, side });
            close = true;
        }
        if close {
            *pick = PickList::default();
        }
    }

    if std::env::var_os("TRIGGER_ATLAS_DEBUG_REPAINT").is_some() && ctx.has_requested_repaint() {
        info!(
            "egui repaint causes: {:?}; events: {:?}",
            ctx.repaint_causes(),
            ctx.input(|i| i.raw.events.clone())
        );
    }
    ui_pointer.0 = ctx.egui_wants_pointer_input() || ctx.is_pointer_over_egui();
    ui_keyboard.0 = ctx.egui_wants_keyboard_input();
    Ok(())
}
