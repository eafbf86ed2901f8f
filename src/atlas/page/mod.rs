//! Pages: a handout laid out once, as boxes, text runs and paths in PDF points, and drawn by
//! both the PDF writer ([`pdf`], vector, no renderer) and the PNG renderer (the explorer's
//! headless app paints the same text runs around the same body box).
//!
//! | file | what it does |
//! | --- | --- |
//! | [`ink`] | the colours of the page and the app, one palette for both |
//! | [`text`] | the embedded fonts, their metrics and line breaking |
//! | [`scene`] | the body, muscles, zones, markers and drawing as vector shapes in a box |
//! | [`handout`] | what a handout says, and where each part goes on the page |
//! | [`pdf`] | the page as a PDF (krilla): vector paths and real, subset-embedded text |

pub mod handout;
pub mod ink;
pub mod pdf;
pub mod scene;
pub mod text;

pub use handout::{BodyFrame, Booklet, HandoutInput, handout_page, tour_booklet};
pub use ink::{Ink, Inks};
pub use text::Face;

/// A rectangle in page points, from the top-left corner, y down.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Rect {
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
}

impl Rect {
    pub fn new(x: f32, y: f32, w: f32, h: f32) -> Self {
        Rect { x, y, w, h }
    }
    pub fn right(&self) -> f32 {
        self.x + self.w
    }
    pub fn bottom(&self) -> f32 {
        self.y + self.h
    }
    /// Whether `other` lies inside this rectangle (with a hair of slack).
    pub fn contains_rect(&self, other: &Rect) -> bool {
        other.x >= self.x - 0.01
            && other.y >= self.y - 0.01
            && other.right() <= self.right() + 0.01
            && other.bottom() <= self.bottom() + 0.01
    }
    pub fn overlaps(&self, other: &Rect) -> bool {
        self.x < other.right() - 0.01
            && other.x < self.right() - 0.01
            && self.y < other.bottom() - 0.01
            && other.y < self.bottom() - 0.01
    }
}

/// Parallel stripes clipped to a shape: the spillover hatching.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hatch {
    /// The distance from one stripe to the next, in points; half of it is ink.
    pub period: f32,
}

/// Something drawn on the page.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// One line of text; `y` is its baseline.
    Text {
        x: f32,
        y: f32,
        size: f32,
        face: Face,
        ink: Ink,
        text: String,
    },
    /// Closed rings (a shape with holes, or several shapes), filled and/or stroked.
    Shape {
        rings: Vec<Vec<[f32; 2]>>,
        fill: Option<Ink>,
        hatch: Option<Hatch>,
        stroke: Option<(Ink, f32)>,
        /// Dash length for a dashed stroke (a deep muscle).
        dash: Option<f32>,
    },
    /// Open polylines, stroked.
    Lines {
        lines: Vec<Vec<[f32; 2]>>,
        ink: Ink,
        width: f32,
    },
    /// A picture: the practice's logo (PNG bytes, checked by `studio::logo`).
    Image {
        rect: Rect,
        png: std::sync::Arc<Vec<u8>>,
    },
    /// Clip what follows to a box (a zoomed body), until [`Item::ClipEnd`].
    ClipStart(Rect),
    ClipEnd,
}

/// One page: its size in points and what is on it, in drawing order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Page {
    pub width: f32,
    pub height: f32,
    pub items: Vec<Item>,
    /// Where the body is drawn, and how the diagram maps onto the page.
    pub body: Option<BodyFrame>,
    /// The boxes of the text blocks, for the no-overlap checks.
    pub blocks: Vec<Rect>,
    /// The items that draw the body (the PNG renderer draws the body itself, with the app's
    /// meshes, and paints only the rest).
    pub scene: std::ops::Range<usize>,
}

impl Page {
    /// All the text of the page, a run a line, in reading order.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for item in &self.items {
            if let Item::Text { text, .. } = item {
                out.push_str(text);
                out.push('\n');
            }
        }
        out
    }
}

/// The margin on every side: half an inch, more than the 12 mm printers need.
pub const MARGIN: f32 = 36.0;
