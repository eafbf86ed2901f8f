//! The state's vocabulary: what is selected, which mode and views, which places are marked,
//! what follows from them, and the commands that change them.

use bevy::prelude::*;

use crate::atlas::{Intensity, Place, Side, View};

/// What tapping the body does.
#[derive(Resource, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// Tapping a marker selects its trigger point.
    #[default]
    Explore,
    /// "Where does it hurt?": tapping the body marks the region under the finger.
    WhereItHurts,
}

/// Which views are on screen.
#[derive(Resource, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ViewMode {
    /// Front and back, side by side.
    #[default]
    Both,
    Only(View),
    /// All four: left side, front, back, right side.
    All,
    /// Front, back and one side view (handouts of a pattern that lives on that side).
    WithSide(View),
}

impl ViewMode {
    pub fn views(self) -> Vec<View> {
        match self {
            ViewMode::Both => vec![View::Front, View::Back],
            ViewMode::Only(v) => vec![v],
            ViewMode::All => View::ALL.to_vec(),
            ViewMode::WithSide(v) => vec![v, View::Front, View::Back],
        }
    }

    pub fn shows(self, view: View) -> bool {
        match self {
            ViewMode::Both => !view.is_lateral(),
            ViewMode::Only(v) => v == view,
            ViewMode::All => true,
            ViewMode::WithSide(v) => !view.is_lateral() || view == v,
        }
    }

    /// Both → Front → Back → Left → Right → All → Both.
    pub fn next(self) -> Self {
        match self {
            ViewMode::Both => ViewMode::Only(View::Front),
            ViewMode::Only(View::Front) => ViewMode::Only(View::Back),
            ViewMode::Only(View::Back) => ViewMode::Only(View::Left),
            ViewMode::Only(View::Left) => ViewMode::Only(View::Right),
            ViewMode::Only(View::Right) => ViewMode::All,
            ViewMode::All | ViewMode::WithSide(_) => ViewMode::Both,
        }
    }

    /// The name the command line and the script use.
    pub fn as_str(self) -> &'static str {
        match self {
            ViewMode::Both => "both",
            ViewMode::Only(v) => v.as_str(),
            ViewMode::All => "all",
            ViewMode::WithSide(View::Right) => "right-side",
            ViewMode::WithSide(_) => "left-side",
        }
    }

    /// The mode a name gives (`both`, `front`, `back`, `left`, `right`, `all`).
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "both" => ViewMode::Both,
            "all" => ViewMode::All,
            "front" => ViewMode::Only(View::Front),
            "back" => ViewMode::Only(View::Back),
            "left" => ViewMode::Only(View::Left),
            "right" => ViewMode::Only(View::Right),
            "left-side" => ViewMode::WithSide(View::Left),
            "right-side" => ViewMode::WithSide(View::Right),
            _ => return None,
        })
    }
}

/// The selected trigger point, by id (ids survive a reload; indices may not), and the side
/// whose marker was chosen (`None` for a midline point).
#[derive(Resource, Debug, Clone, PartialEq, Eq, Default)]
pub struct Selection {
    pub point: Option<String>,
    pub side: Option<Side>,
    /// More points shown at once (handouts with several `--select`); the app uses only `point`.
    pub also: Vec<(String, Option<Side>)>,
}

impl Selection {
    /// Every selected point with its side, the main one first.
    pub fn all(&self) -> Vec<(&str, Option<Side>)> {
        self.point
            .as_deref()
            .map(|p| (p, self.side))
            .into_iter()
            .chain(self.also.iter().map(|(p, s)| (p.as_str(), *s)))
            .collect()
    }
}

/// The places marked in "where does it hurt?" mode.
#[derive(Resource, Debug, Clone, PartialEq, Eq, Default)]
pub struct MarkedPlaces {
    pub places: Vec<Place>,
    /// When on, a tap adds or removes a place instead of replacing the marks.
    pub multi: bool,
}

/// User preferences.
#[derive(Resource, Debug, Clone, Copy, PartialEq)]
pub struct Prefs {
    /// egui scale: 1.0 normal, up to 2.0 for the studio screen.
    pub ui_scale: f32,
    /// Blue and orange instead of red, for colour-blind viewers.
    pub colour_blind: bool,
    /// No animation: the referral shows at once.
    pub reduced_motion: bool,
}

impl Default for Prefs {
    fn default() -> Self {
        Prefs {
            ui_scale: 1.25,
            colour_blind: false,
            reduced_motion: false,
        }
    }
}

/// A lit zone: a region on one side (or the midline), and how strongly.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct LitZone {
    pub region: String,
    pub side: Option<Side>,
    pub intensity: Intensity,
}

/// A ranked candidate of the reverse query, owned so that it outlives the atlas borrow.
#[derive(Debug, Clone, PartialEq)]
pub struct CandidateRow {
    pub id: String,
    pub sides: Vec<Option<Side>>,
    /// Zones that the marked places or the drawing lie in.
    pub matches: Vec<(String, Intensity)>,
    /// Zones they lie just beside.
    pub near: Vec<(String, Intensity)>,
    /// The share of what was marked or drawn that its zones cover.
    pub explains: f32,
    /// Why, in plain words.
    pub reasons: Vec<String>,
}

impl CandidateRow {
    pub fn has_essential(&self) -> bool {
        self.matches.iter().any(|(_, i)| *i == Intensity::Essential)
    }
}

/// What follows from the state: recomputed through the core when the state or atlas changes.
#[derive(Resource, Debug, Clone, Default, PartialEq)]
pub struct Derived {
    /// Zones of the selected point.
    pub lit: Vec<LitZone>,
    /// Candidates for the marked places and the pain drawing, in rank order.
    pub candidates: Vec<CandidateRow>,
    /// The fewest candidates that together explain most of it, and how much they explain.
    pub together: (Vec<String>, f32),
}

/// The client's pain drawing, with the history for undo and redo.
#[derive(Resource, Debug, Clone, Default, PartialEq)]
pub struct PainDrawing {
    pub drawing: crate::atlas::drawing::Drawing,
    /// The strokes being painted (one, or two with the mirror on): their index in the drawing.
    pub active: Vec<usize>,
    /// Earlier drawings, the last first to come back.
    pub undo: Vec<crate::atlas::drawing::Drawing>,
    pub redo: Vec<crate::atlas::drawing::Drawing>,
}

impl PainDrawing {
    /// Change the drawing, keeping the old one for undo.
    pub fn change(&mut self, f: impl FnOnce(&mut crate::atlas::drawing::Drawing)) {
        self.undo.push(self.drawing.clone());
        self.redo.clear();
        f(&mut self.drawing);
    }

    pub fn undo(&mut self) -> bool {
        let Some(previous) = self.undo.pop() else {
            return false;
        };
        self.redo
            .push(std::mem::replace(&mut self.drawing, previous));
        true
    }

    pub fn redo(&mut self) -> bool {
        let Some(next) = self.redo.pop() else {
            return false;
        };
        self.undo.push(std::mem::replace(&mut self.drawing, next));
        true
    }
}

/// The brush: its size, eraser or paint, and whether strokes are mirrored to the other side.
#[derive(Resource, Debug, Clone, Copy, PartialEq)]
pub struct Brush {
    /// In fractions of body height.
    pub radius: f32,
    pub erase: bool,
    /// "Same on both sides": every stroke is also painted on the other side.
    pub mirror: bool,
}

impl Default for Brush {
    fn default() -> Self {
        Brush {
            radius: Brush::SIZES[1].1,
            erase: false,
            mirror: false,
        }
    }
}

impl Brush {
    /// The brush sizes offered, with their names.
    pub const SIZES: [(&'static str, f32); 3] =
        [("Small", 0.008), ("Medium", 0.016), ("Large", 0.03)];
}

/// Requests to change the pain drawing.
#[derive(Message, Debug, Clone, Copy, PartialEq)]
pub enum DrawingCommand {
    /// Start a stroke at `at` (art coordinates, `x` signed) on `view`; a stroke of one point
    /// is a dab (a tap).
    Begin {
        view: crate::atlas::drawing::StrokeView,
        at: (f32, f32),
    },
    /// Continue the stroke being painted.
    Extend {
        at: (f32, f32),
    },
    /// The finger or button is up.
    End,
    Undo,
    Redo,
    Clear,
    SetRadius(f32),
    SetEraser(bool),
    SetMirror(bool),
}

/// The candidate under the pointer in the panel: its zones show over the drawing.
#[derive(Resource, Debug, Clone, Default, PartialEq)]
pub struct Preview(pub Option<(String, Option<Side>)>);

/// Requests to change the state.
#[derive(Message, Debug, Clone, PartialEq)]
pub enum Command {
    /// Select a point (on a side).
    Select {
        id: String,
        side: Option<Side>,
    },
    ClearSelection,
    /// Step through the points (+1 next, -1 previous).
    Step(i32),
    SetMode(Mode),
    ToggleMode,
    /// Mark a place; with `extend`, add or remove it; otherwise replace the marks.
    TogglePlace {
        place: Place,
        extend: bool,
    },
    ClearPlaces,
    /// Turn "mark several places" on or off.
    SetMulti(bool),
    SetView(ViewMode),
    CycleView,
}

/// The search box and its results.
#[derive(Resource, Debug, Clone, Default, PartialEq)]
pub struct Search {
    pub query: String,
    /// Matching point ids, best first.
    pub results: Vec<String>,
    /// Matching region ids (for marking places), best first.
    pub regions: Vec<String>,
    /// The highlighted result: an index into `regions` then `results` (regions first in
    /// "where does it hurt?" mode).
    pub cursor: usize,
    /// Ask the panel to focus the search box.
    pub focus: bool,
}

/// Keyboard actions on the search results.
#[derive(Message, Debug, Clone, Copy, PartialEq, Eq)]
pub enum SearchCommand {
    Up,
    Down,
    Choose,
    Focus,
    Clear,
}

impl Search {
    /// The number of rows shown: regions (in where mode) then points.
    pub fn rows(&self, mode: Mode) -> usize {
        self.results.len()
            + if mode == Mode::WhereItHurts {
                self.regions.len()
            } else {
                0
            }
    }
}
