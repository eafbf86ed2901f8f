//! A handout, laid out once: what it says (title, legend, where to find the point, typical
//! complaints, what helps, sources, disclaimer, the practice's name and contact) and where each
//! part goes on the page. The PDF writer and the PNG renderer both draw from the [`Page`].

use std::sync::Arc;

use crate::atlas::Place;
use crate::atlas::art::BodyArt;
use crate::atlas::art::muscles::MuscleArt;
use crate::atlas::drawing::{Drawing, Explainer, Explanation};
use crate::atlas::geometry::Layout;
use crate::atlas::model::{Atlas, Intensity, Side, Source, View};
use crate::atlas::studio::{Practice, Tour, TourStep, TourView};

use super::ink::{self, Ink, Inks};
pub use super::scene::BodyFrame;
use super::scene::{self, Scene};
use super::text::{self, Face};
use super::{Hatch, Item, MARGIN, Page, Rect};

/// How many candidates a "where does it hurt?" handout lists.
pub const TOP_CANDIDATES: usize = 6;
/// How many of the points that explain a drawing its handout shows.
pub const DRAWING_SOURCES: usize = 3;

/// A tour step on a page of a booklet.
#[derive(Debug, Clone)]
pub struct StepText {
    pub title: String,
    pub narration: String,
    pub zoom: f32,
    /// Where to centre, in the art's coordinates of the step's first view.
    pub focus: Option<[f32; 2]>,
}

/// What a handout shows.
#[derive(Debug, Clone)]
pub struct HandoutInput<'a> {
    pub atlas: &'a Atlas,
    pub art: &'a BodyArt,
    pub muscles: Option<&'a MuscleArt>,
    pub practice: Option<&'a Practice>,
    pub select: Vec<(String, Option<Side>)>,
    pub places: Vec<Place>,
    pub drawing: Option<&'a Drawing>,
    pub views: Vec<View>,
    pub inks: Inks,
    pub step: Option<StepText>,
    /// "Prepared for J. D. on 2026-12-01" (a record's handout).
    pub prepared_for: Option<String>,
    /// "Page 2 of 9", for booklets.
    pub footer: Option<String>,
}

impl<'a> HandoutInput<'a> {
    pub fn new(atlas: &'a Atlas, art: &'a BodyArt) -> Self {
        HandoutInput {
            atlas,
            art,
            muscles: None,
            practice: None,
            select: Vec::new(),
            places: Vec::new(),
            drawing: None,
            views: vec![View::Front, View::Back],
            inks: Inks::STANDARD,
            step: None,
            prepared_for: None,
            footer: None,
        }
    }
}

/// The views a handout shows by default: front and back, with the side view where a chosen
/// point's pattern lives on the side (it has a marker there).
pub fn default_views(atlas: &Atlas, select: &[(String, Option<Side>)]) -> Vec<View> {
    match side_view_for(atlas, select) {
        Some(side) => vec![side, View::Front, View::Back],
        None => vec![View::Front, View::Back],
    }
}

/// The side view of the first chosen point that has a marker on the side.
pub fn side_view_for(atlas: &Atlas, select: &[(String, Option<Side>)]) -> Option<View> {
    select.iter().find_map(|(id, side)| {
        atlas
            .point(id)
            .filter(|p| p.marker(View::Left).is_some())
            .map(|_| match side {
                Some(Side::Right) => View::Right,
                _ => View::Left,
            })
    })
}

/// The first unknown point or region a handout asks for, as its error message (with the
/// nearest known id).
pub fn unknown_ids(
    atlas: &Atlas,
    select: &[(String, Option<Side>)],
    places: &[Place],
) -> Option<String> {
    let hint = |s: Option<&str>| {
        s.map(|s| format!(": did you mean `{s}`?"))
            .unwrap_or_default()
    };
    for (id, _) in select {
        if atlas.point(id).is_none() {
            let near = crate::atlas::diag::suggest(id, atlas.points.iter().map(|p| p.id.as_str()));
            return Some(format!("error: no trigger point `{id}`{}", hint(near)));
        }
    }
    for p in places {
        if atlas.region(&p.region).is_none() {
            let near =
                crate::atlas::diag::suggest(&p.region, atlas.regions.iter().map(|r| r.id.as_str()));
            return Some(format!("error: no region `{}`{}", p.region, hint(near)));
        }
    }
    None
}

/// The views of a tour step.
pub fn step_views(atlas: &Atlas, step: &TourStep) -> Vec<View> {
    match step.view {
        Some(TourView::Front) => vec![View::Front],
        Some(TourView::Back) => vec![View::Back],
        Some(TourView::Left) => vec![View::Left],
        Some(TourView::Right) => vec![View::Right],
        Some(TourView::Both) => vec![View::Front, View::Back],
        None => default_views(atlas, &step.selections()),
    }
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

/// A legend entry's swatch.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Swatch {
    Essential,
    Spillover,
    Point,
    Candidate,
    Marked,
    Drawing,
    Muscle,
}

/// A block of text below the body.
#[derive(Debug, Clone, PartialEq)]
pub struct Para {
    pub text: String,
    pub size: f32,
    pub face: Face,
    pub ink: Ink,
    /// Space after, in points.
    pub after: f32,
}

fn para(text: impl Into<String>, size: f32, face: Face, ink: Ink, after: f32) -> Para {
    Para {
        text: text.into(),
        size,
        face,
        ink,
        after,
    }
}

/// What the handout says, before it is placed.
#[derive(Debug, Clone, PartialEq)]
pub struct Content {
    pub title: String,
    pub subtitle: String,
    pub legend: Vec<(Swatch, String)>,
    pub notes: Vec<Para>,
    pub disclaimer: String,
    /// The points shown (a drawing's best sources are chosen here).
    pub selected: Vec<(String, Option<Side>)>,
    pub candidates: Vec<(String, Vec<Option<Side>>)>,
}

/// The explainer a handout needs: for a drawing or marked places (it rasterises every zone, so
/// it is built once a page).
fn explainer_for(input: &HandoutInput) -> Option<Explainer> {
    let drawing = input.drawing.is_some_and(|d| !d.is_empty());
    (drawing || !input.places.is_empty()).then(|| Explainer::new(input.atlas, input.art))
}

/// The explanation of a drawing and marked places together, as in the app.
fn explain(input: &HandoutInput, explainer: Option<&Explainer>) -> Option<Explanation> {
    let explainer = explainer?;
    let drawing = input.drawing.filter(|d| !d.is_empty());
    let mut cells = explainer.region_cells(&input.places);
    if let Some(d) = drawing {
        let (painted, _) = explainer.paint(d);
        for (c, p) in cells.iter_mut().zip(&painted) {
            c.union(p);
        }
    }
    Some(explainer.explain_cells(input.atlas, &cells))
}

/// What a handout says.
pub fn content(input: &HandoutInput, explanation: Option<&Explanation>) -> Content {
    let atlas = input.atlas;
    let drawing = input.drawing.is_some_and(|d| !d.is_empty());
    let mut selected = input.select.clone();
    if drawing && selected.is_empty() {
        selected = explanation
            .map(|e| {
                e.candidates
                    .iter()
                    .take(DRAWING_SOURCES)
                    .map(|c| (c.id.clone(), c.sides.first().copied().flatten()))
                    .collect()
            })
            .unwrap_or_default();
    }
    let candidates: Vec<(String, Vec<Option<Side>>)> = if selected.is_empty() {
        explanation
            .map(|e| {
                e.candidates
                    .iter()
                    .take(TOP_CANDIDATES)
                    .map(|c| (c.id.clone(), c.sides.clone()))
                    .collect()
            })
            .unwrap_or_default()
    } else {
        Vec::new()
    };
    let (title, subtitle) = if drawing {
        (
            "Your pain drawing".to_string(),
            "Where you feel the pain, and the trigger points that could be sending it there"
                .to_string(),
        )
    } else if !selected.is_empty() {
        let names: Vec<String> = selected
            .iter()
            .filter_map(|(id, side)| {
                atlas
                    .point(id)
                    .map(|p| format!("{} – {}{}", p.muscle, p.name, side_word(*side)))
            })
            .collect();
        (
            names.join(" · "),
            "Referred pain: where this trigger point typically sends pain".to_string(),
        )
    } else if !input.places.is_empty() {
        let places: Vec<String> = input
            .places
            .iter()
            .map(|p| format!("{}{}", region_name(atlas, &p.region), side_word(p.side)))
            .collect();
        (
            format!("Where does it hurt? {}", places.join(", ")),
            "Trigger points that could be sending the pain, and where they are".to_string(),
        )
    } else {
        (
            "Trigger points and referred pain".to_string(),
            "Each dot is a trigger point: a tender spot in a muscle that can send pain elsewhere"
                .to_string(),
        )
    };
    let (title, subtitle) = match &input.step {
        Some(step) => (step.title.clone(), step.narration.clone()),
        None => (title, subtitle),
    };
    let has_muscle = input.muscles.is_some() && !selected.is_empty();
    let mut legend: Vec<(Swatch, String)> = Vec::new();
    if drawing {
        legend.push((Swatch::Drawing, "Where it hurts".into()));
        legend.push((
            Swatch::Essential,
            "Where these points usually send pain".into(),
        ));
        legend.push((Swatch::Spillover, "Sometimes".into()));
        legend.push((Swatch::Point, "The trigger points".into()));
    } else if !selected.is_empty() {
        legend.push((
            Swatch::Essential,
            "Essential: where most people feel it".into(),
        ));
        legend.push((
            Swatch::Spillover,
            "Spillover: where some people feel it".into(),
        ));
        legend.push((Swatch::Point, "The trigger point".into()));
    } else if !input.places.is_empty() {
        legend.push((
            Swatch::Candidate,
            "Trigger points that could be the source".into(),
        ));
        legend.push((Swatch::Marked, "Where it hurts".into()));
    }
    if has_muscle {
        legend.push((Swatch::Muscle, "The muscle (dashed: deep)".into()));
    }
    let mut notes = Vec::new();
    if let Some(who) = &input.prepared_for {
        notes.push(para(who, 9.5, Face::Italic, ink::MUTED, 4.0));
    }
    if drawing {
        if let Some(e) = explanation
            && !e.together.ids.is_empty()
        {
            let (names, verb) =
                crate::atlas::drawing::explain::together_words(atlas, &e.together.ids);
            notes.push(para(
                format!(
                    "{names} {verb} about {:.0}% of what you marked.",
                    e.together.explains * 100.0
                ),
                11.0,
                Face::Bold,
                ink::TEXT,
                5.0,
            ));
        }
        if selected.is_empty() {
            notes.push(para(
                "No trigger point in the atlas sends pain there.",
                10.0,
                Face::Regular,
                ink::TEXT,
                4.0,
            ));
        }
    }
    let mut sources: Vec<String> = Vec::new();
    let many = selected.len() > 1 || drawing;
    for (rank, (id, side)) in selected.iter().enumerate() {
        let Some(p) = atlas.point(id) else { continue };
        for k in &p.sources {
            let c = citation(atlas, k);
            if !sources.contains(&c) {
                sources.push(c);
            }
        }
        let muscle = atlas.muscle_of(p);
        let deep = input
            .muscles
            .and_then(|m| m.top_layer(&p.muscle_id))
            .is_some_and(|l| l == crate::atlas::art::muscles::Layer::Deep);
        if drawing {
            let why = explanation
                .and_then(|e| e.candidates.iter().find(|c| c.id == *id))
                .map(|c| {
                    c.reasons
                        .iter()
                        .map(|r| r.text.as_str())
                        .collect::<Vec<_>>()
                        .join("; ")
                })
                .unwrap_or_default();
            notes.push(para(
                format!(
                    "{}. {} – {}{}",
                    rank + 1,
                    p.muscle,
                    p.name,
                    side_word(*side)
                ),
                10.5,
                Face::Bold,
                ink::TEXT,
                1.0,
            ));
            let mut text = format!(
                "Why: {why}. Where to find it: {} What helps: {}",
                p.location, p.note
            );
            if !p.verified {
                text.push_str(" (Part of this pattern is unverified.)");
            }
            notes.push(para(text, 9.0, Face::Regular, ink::TEXT, 4.0));
            continue;
        }
        if many {
            notes.push(para(
                format!("{} – {}{}", p.muscle, p.name, side_word(*side)),
                11.5,
                Face::Bold,
                ink::TEXT,
                2.0,
            ));
        }
        // The muscle once, however many of its points are shown.
        let muscle = muscle.filter(|m| {
            !selected[..rank]
                .iter()
                .any(|(other, _)| atlas.point(other).is_some_and(|o| o.muscle_id == m.id))
        });
        if let Some(m) = muscle {
            let mut about = m.action.clone();
            if deep {
                about.push_str(" It lies deep, under other muscles.");
            }
            notes.push(para("The muscle", 10.5, Face::Bold, ink::TEXT, 0.5));
            notes.push(para(about, 9.5, Face::Regular, ink::TEXT, 3.5));
        }
        for (head, body) in [
            ("Where to find it", &p.location),
            ("Typical complaints", &p.complaints),
            ("What helps", &p.note),
        ] {
            notes.push(para(head, 10.5, Face::Bold, ink::TEXT, 0.5));
            notes.push(para(body.as_str(), 9.5, Face::Regular, ink::TEXT, 3.5));
        }
        if !p.verified {
            notes.push(para(
                format!(
                    "Unverified: {}",
                    p.caveat.as_deref().unwrap_or(
                        "part of this pattern could not be checked against the original texts."
                    )
                ),
                8.5,
                Face::Regular,
                ink::CAUTION,
                3.0,
            ));
        }
    }
    if selected.is_empty() && !input.places.is_empty() {
        notes.push(para(
            "Trigger points that could be sending pain here, most likely first",
            11.0,
            Face::Bold,
            ink::TEXT,
            2.0,
        ));
        let ranked = explanation.map(|e| e.candidates.as_slice()).unwrap_or(&[]);
        for (rank, c) in ranked.iter().take(TOP_CANDIDATES).enumerate() {
            let Some(p) = atlas.point(&c.id) else {
                continue;
            };
            let mut how: Vec<String> = Vec::new();
            for z in &c.matches {
                let word = if z.intensity == Intensity::Essential {
                    "(usually)"
                } else {
                    "(sometimes)"
                };
                let s = format!("{} {word}", region_name(atlas, &z.region));
                if !how.contains(&s) {
                    how.push(s);
                }
            }
            if how.is_empty() {
                how.push("right beside it".into());
            }
            notes.push(para(
                format!(
                    "{}. {} – {}: {}",
                    rank + 1,
                    p.muscle,
                    p.name,
                    how.join(", ")
                ),
                9.5,
                Face::Regular,
                ink::TEXT,
                2.0,
            ));
            for k in &p.sources {
                let cited = citation(atlas, k);
                if !sources.contains(&cited) {
                    sources.push(cited);
                }
            }
        }
        if ranked.is_empty() {
            notes.push(para(
                "No trigger point in the atlas refers pain there.",
                10.0,
                Face::Regular,
                ink::TEXT,
                2.0,
            ));
        }
    }
    if !sources.is_empty() {
        notes.push(para(
            format!("Sources: {}", sources.join("; ")),
            7.5,
            Face::Regular,
            ink::FAINT,
            3.0,
        ));
    }
    Content {
        title,
        subtitle,
        legend,
        notes,
        disclaimer: atlas.disclaimer.clone(),
        selected,
        candidates,
    }
}

/// Lays text out down the page.
struct Flow {
    items: Vec<Item>,
    blocks: Vec<Rect>,
    x: f32,
    width: f32,
    y: f32,
}

impl Flow {
    fn new(x: f32, y: f32, width: f32) -> Self {
        Flow {
            items: Vec::new(),
            blocks: Vec::new(),
            x,
            width,
            y,
        }
    }

    /// Wrap and place a paragraph; returns its box.
    fn para(&mut self, p: &Para, scale: f32) {
        let size = p.size * scale;
        let line = size * 1.28;
        let top = self.y;
        for l in text::wrap(p.face, size, &p.text, self.width) {
            self.y += line;
            self.items.push(Item::Text {
                x: self.x,
                y: self.y - line + text::ascent(p.face, size) + (line - size) / 2.0,
                size,
                face: p.face,
                ink: p.ink,
                text: l,
            });
        }
        self.blocks
            .push(Rect::new(self.x, top, self.width, self.y - top));
        self.y += p.after * scale;
    }

    /// The height a paragraph takes, without placing it.
    fn measure(p: &Para, width: f32, scale: f32) -> f32 {
        let size = p.size * scale;
        text::wrap(p.face, size, &p.text, width).len() as f32 * size * 1.28 + p.after * scale
    }
}

fn swatch_items(swatch: Swatch, r: Rect, inks: &Inks) -> Vec<Item> {
    let ring = vec![vec![
        [r.x, r.y],
        [r.right(), r.y],
        [r.right(), r.bottom()],
        [r.x, r.bottom()],
    ]];
    let shape =
        |fill: Option<Ink>, hatch: Option<Hatch>, stroke: Option<(Ink, f32)>, dash| Item::Shape {
            rings: ring.clone(),
            fill,
            hatch,
            stroke,
            dash,
        };
    let c = [r.x + r.w / 2.0, r.y + r.h / 2.0];
    let disc = |radius: f32, ink: Ink| Item::Shape {
        rings: vec![
            (0..20)
                .map(|k| {
                    let a = k as f32 / 20.0 * std::f32::consts::TAU;
                    [c[0] + radius * a.cos(), c[1] + radius * a.sin()]
                })
                .collect(),
        ],
        fill: Some(ink),
        hatch: None,
        stroke: None,
        dash: None,
    };
    match swatch {
        Swatch::Essential => vec![shape(Some(inks.essential), None, None, None)],
        Swatch::Spillover => vec![shape(
            None,
            Some(Hatch { period: 4.0 }),
            Some((inks.spillover, 0.6)),
            None,
        )],
        Swatch::Drawing => vec![shape(
            Some(inks.drawing),
            None,
            Some((inks.drawing_line, 0.8)),
            None,
        )],
        Swatch::Marked => vec![shape(None, None, Some((inks.marked_outline, 1.6)), None)],
        Swatch::Muscle => vec![shape(
            Some(inks.muscle),
            None,
            Some((inks.muscle_line, 0.9)),
            Some(2.5),
        )],
        Swatch::Candidate => vec![disc(4.6, inks.candidate), disc(2.1, inks.marker)],
        Swatch::Point => {
            let d = 3.2;
            vec![
                disc(5.0, inks.marker),
                Item::Lines {
                    lines: vec![
                        vec![[c[0] - d, c[1] - d], [c[0] + d, c[1] + d]],
                        vec![[c[0] - d, c[1] + d], [c[0] + d, c[1] - d]],
                    ],
                    ink: inks.selected,
                    width: 1.6,
                },
            ]
        }
    }
}

/// The practice's name, logo and contact across the top. Returns the y below it.
fn header(items: &mut Vec<Item>, blocks: &mut Vec<Rect>, practice: &Practice, width: f32) -> f32 {
    let top = MARGIN;
    let mut x = MARGIN;
    let logo_h = 30.0;
    if let Some(logo) = &practice.logo_image {
        let w = (logo_h * logo.width as f32 / logo.height as f32).min(110.0);
        let h = w * logo.height as f32 / logo.width as f32;
        let rect = Rect::new(x, top + (logo_h - h) / 2.0, w, h);
        items.push(Item::Image {
            rect,
            png: Arc::new(logo.png.clone()),
        });
        x += w + 10.0;
    }
    let avail = width - MARGIN - x;
    let name = text::wrap(Face::Bold, 13.0, &practice.name, avail)
        .into_iter()
        .next()
        .unwrap_or_default();
    items.push(Item::Text {
        x,
        y: top + 13.0,
        size: 13.0,
        face: Face::Bold,
        ink: ink::TEXT,
        text: name,
    });
    let mut y = top + 13.0;
    for line in text::wrap(Face::Regular, 8.5, &practice.contact_line(), avail)
        .into_iter()
        .take(2)
    {
        if line.is_empty() {
            continue;
        }
        y += 11.0;
        items.push(Item::Text {
            x,
            y,
            size: 8.5,
            face: Face::Regular,
            ink: ink::MUTED,
            text: line,
        });
    }
    let bottom = (y + text::descent(Face::Regular, 8.5)).max(top + logo_h) + 6.0;
    blocks.push(Rect::new(MARGIN, top, width - 2.0 * MARGIN, bottom - top));
    items.push(Item::Lines {
        lines: vec![vec![[MARGIN, bottom], [width - MARGIN, bottom]]],
        ink: ink::RULE,
        width: 0.7,
    });
    bottom + 10.0
}

/// The least share of the page the body gets.
pub const MIN_BODY_SHARE: f32 = 0.36;
/// Room under the body for the names of the views.
const VIEW_LABELS: f32 = 13.0;

fn view_label(v: View) -> &'static str {
    match v {
        View::Front => "Front",
        View::Back => "Back",
        View::Left => "Left side",
        View::Right => "Right side",
    }
}

/// Lay out a handout on a page `width` × `height` points.
pub fn handout_page(input: &HandoutInput, width: f32, height: f32) -> Page {
    let explainer = explainer_for(input);
    let explanation = explain(input, explainer.as_ref());
    let content = content(input, explanation.as_ref());
    let inner = width - 2.0 * MARGIN;
    let mut items = Vec::new();
    let mut blocks = Vec::new();
    let mut y = MARGIN;
    if let Some(p) = input.practice {
        y = header(&mut items, &mut blocks, p, width);
    }
    let mut top = Flow::new(MARGIN, y, inner);
    top.para(&para(&content.title, 19.0, Face::Bold, ink::TEXT, 3.0), 1.0);
    let sub_size = if input.step.is_some() { 12.5 } else { 10.5 };
    let sub_ink = if input.step.is_some() {
        ink::TEXT
    } else {
        ink::MUTED
    };
    top.para(
        &para(&content.subtitle, sub_size, Face::Regular, sub_ink, 6.0),
        1.0,
    );
    items.append(&mut top.items);
    blocks.append(&mut top.blocks);
    let body_top = top.y;

    // Everything below the body, at the largest size that leaves the body its share.
    let legend_h = 14.0;
    let footer_h = if input.footer.is_some() { 12.0 } else { 0.0 };
    let min_body = height * MIN_BODY_SHARE;
    let mut notes = content.notes.clone();
    let disclaimer = para(&content.disclaimer, 7.5, Face::Italic, ink::MUTED, 0.0);
    let measure = |notes: &[Para], scale: f32| -> f32 {
        let legend_rows = legend_rows(&content.legend, inner, scale).len() as f32;
        legend_rows * legend_h * scale
            + 6.0
            + notes
                .iter()
                .map(|p| Flow::measure(p, inner, scale))
                .sum::<f32>()
            + 4.0
            + Flow::measure(&disclaimer, inner, 1.0)
            + footer_h
    };
    let mut scale = 1.0;
    let room = |h: f32| height - MARGIN - h - body_top - VIEW_LABELS - 8.0;
    while room(measure(&notes, scale)) < min_body && scale > 0.75 {
        scale -= 0.05;
    }
    let mut cut = false;
    while room(measure(&notes, scale)) < min_body && !notes.is_empty() {
        notes.pop();
        cut = true;
    }
    if cut {
        notes.push(para(
            "More about these points in the app and from your therapist.",
            9.0,
            Face::Italic,
            ink::MUTED,
            3.0,
        ));
    }
    let bottom_h = measure(&notes, scale);
    let body_rect = Rect::new(
        MARGIN,
        body_top,
        inner,
        (height - MARGIN - bottom_h - body_top - VIEW_LABELS - 8.0).max(40.0),
    );
    let layout = Layout::SIDE_BY_SIDE;
    let frame = match &input.step {
        // A step's focus is in the art's coordinates of its (first) view.
        Some(s) => {
            let on = input.views.first().copied().unwrap_or(View::Front);
            let focus = s.focus.map(|f| layout.place(on, None, (f[0], f[1])));
            BodyFrame::fit(body_rect, &layout, &input.views).zoomed(s.zoom, focus)
        }
        None => BodyFrame::fit(body_rect, &layout, &input.views),
    };
    let scene = Scene {
        selected: content.selected.clone(),
        candidates: content.candidates.clone(),
        marked: input.places.clone(),
        painted: match (input.drawing.filter(|d| !d.is_empty()), &explainer) {
            (Some(d), Some(explainer)) => {
                let (painted, _) = explainer.paint(d);
                explainer.views().into_iter().zip(painted).collect()
            }
            _ => Vec::new(),
        },
    };
    let zoomed = input.step.as_ref().is_some_and(|s| s.zoom > 1.0);
    if zoomed {
        items.push(Item::ClipStart(body_rect));
    }
    let first = items.len();
    items.extend(scene::draw(
        input.atlas,
        input.art,
        input.muscles,
        &scene,
        &frame,
        &input.inks,
    ));
    let scene_items = first..items.len();
    if zoomed {
        items.push(Item::ClipEnd);
    } else {
        for v in &input.views {
            let label = view_label(*v);
            let cx = frame.to_page([layout.origin(*v), 0.0])[0];
            let w = text::width(Face::Regular, 8.5, label);
            items.push(Item::Text {
                x: cx - w / 2.0,
                y: body_rect.bottom() + VIEW_LABELS - 2.0,
                size: 8.5,
                face: Face::Regular,
                ink: ink::FAINT,
                text: label.to_string(),
            });
        }
    }
    blocks.push(body_rect);

    // Legend, notes, disclaimer.
    let mut y = body_rect.bottom() + VIEW_LABELS + 8.0;
    for row in legend_rows(&content.legend, inner, scale) {
        let mut x = MARGIN;
        for (swatch, label) in row {
            let sw = Rect::new(x, y + 1.5 * scale, 22.0 * scale, 10.0 * scale);
            items.extend(swatch_items(*swatch, sw, &input.inks));
            x += 26.0 * scale;
            items.push(Item::Text {
                x,
                y: y + 9.5 * scale,
                size: 9.0 * scale,
                face: Face::Regular,
                ink: ink::TEXT,
                text: label.clone(),
            });
            x += text::width(Face::Regular, 9.0 * scale, label) + 14.0 * scale;
        }
        blocks.push(Rect::new(MARGIN, y, inner, legend_h * scale));
        y += legend_h * scale;
    }
    y += 6.0;
    let mut flow = Flow::new(MARGIN, y, inner);
    for p in &notes {
        flow.para(p, scale);
    }
    flow.y += 4.0;
    items.push(Item::Lines {
        lines: vec![vec![[MARGIN, flow.y - 2.0], [width - MARGIN, flow.y - 2.0]]],
        ink: ink::RULE,
        width: 0.5,
    });
    flow.para(&disclaimer, 1.0);
    if let Some(f) = &input.footer {
        let w = text::width(Face::Regular, 8.0, f);
        flow.items.push(Item::Text {
            x: width - MARGIN - w,
            y: height - MARGIN,
            size: 8.0,
            face: Face::Regular,
            ink: ink::FAINT,
            text: f.clone(),
        });
    }
    items.append(&mut flow.items);
    blocks.append(&mut flow.blocks);
    Page {
        width,
        height,
        items,
        body: Some(frame),
        blocks,
        scene: scene_items,
    }
}

/// The legend, broken into rows that fit the width.
fn legend_rows(legend: &[(Swatch, String)], width: f32, scale: f32) -> Vec<Vec<&(Swatch, String)>> {
    let mut rows: Vec<Vec<&(Swatch, String)>> = Vec::new();
    let mut x = 0.0;
    for entry in legend {
        let w = 26.0 * scale + text::width(Face::Regular, 9.0 * scale, &entry.1) + 14.0 * scale;
        if rows.is_empty() || x + w > width {
            rows.push(Vec::new());
            x = 0.0;
        }
        x += w;
        if let Some(r) = rows.last_mut() {
            r.push(entry);
        }
    }
    rows
}

/// A booklet: a cover for the practice, then a page a step.
pub struct Booklet {
    pub pages: Vec<Page>,
}

/// The cover of a tour's booklet.
fn cover(atlas: &Atlas, tour: &Tour, practice: Option<&Practice>, width: f32, height: f32) -> Page {
    let inner = width - 2.0 * MARGIN;
    let mut items = Vec::new();
    let mut blocks = Vec::new();
    let mut y = MARGIN;
    if let Some(p) = practice {
        y = header(&mut items, &mut blocks, p, width);
    }
    let mut flow = Flow::new(MARGIN, y + height * 0.12, inner);
    flow.para(
        &para("A guided tour", 12.0, Face::Regular, ink::MUTED, 6.0),
        1.0,
    );
    flow.para(&para(&tour.title, 28.0, Face::Bold, ink::TEXT, 10.0), 1.0);
    if !tour.summary.is_empty() {
        flow.para(
            &para(&tour.summary, 13.0, Face::Regular, ink::TEXT, 18.0),
            1.0,
        );
    }
    flow.para(
        &para("In this booklet", 12.0, Face::Bold, ink::TEXT, 4.0),
        1.0,
    );
    for (i, s) in tour.steps.iter().enumerate() {
        flow.para(
            &para(
                format!("{}. {}", i + 1, s.title),
                11.5,
                Face::Regular,
                ink::TEXT,
                2.5,
            ),
            1.0,
        );
    }
    if let Some(p) = practice {
        flow.y += 16.0;
        flow.para(
            &para(
                format!("Prepared by {}", p.name),
                11.0,
                Face::Italic,
                ink::MUTED,
                2.0,
            ),
            1.0,
        );
    }
    let disclaimer = para(&atlas.disclaimer, 8.0, Face::Italic, ink::MUTED, 0.0);
    let h = Flow::measure(&disclaimer, inner, 1.0);
    flow.y = flow.y.max(height - MARGIN - h);
    flow.para(&disclaimer, 1.0);
    items.append(&mut flow.items);
    blocks.append(&mut flow.blocks);
    Page {
        width,
        height,
        items,
        body: None,
        blocks,
        scene: 0..0,
    }
}

/// A tour as a booklet: a cover, then one page per step.
pub fn tour_booklet(base: &HandoutInput, tour: &Tour, width: f32, height: f32) -> Booklet {
    let mut pages = vec![cover(base.atlas, tour, base.practice, width, height)];
    let n = tour.steps.len();
    for (i, step) in tour.steps.iter().enumerate() {
        let mut input = base.clone();
        input.select = step.selections();
        input.places = step.places();
        input.views = step_views(base.atlas, step);
        input.drawing = None;
        input.step = Some(StepText {
            title: format!("{}. {}", i + 1, step.title),
            narration: step.narration.clone(),
            zoom: step.zoom(),
            focus: step.focus.map(|(x, y)| [x, y]),
        });
        input.footer = Some(format!("{} · page {} of {}", tour.title, i + 2, n + 1));
        pages.push(handout_page(&input, width, height));
    }
    Booklet { pages }
}
