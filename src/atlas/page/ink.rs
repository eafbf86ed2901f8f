//! One palette for the page and the app: the explorer builds its materials from these, so a
//! handout and the screen never disagree on what a colour means.

/// An sRGB colour with alpha, each 0–1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ink {
    pub r: f32,
    pub g: f32,
    pub b: f32,
    pub a: f32,
}

pub const fn rgb(r: f32, g: f32, b: f32) -> Ink {
    Ink { r, g, b, a: 1.0 }
}

pub const fn rgba(r: f32, g: f32, b: f32, a: f32) -> Ink {
    Ink { r, g, b, a }
}

pub const fn grey(v: f32) -> Ink {
    rgb(v, v, v)
}

impl Ink {
    /// 0–255 channels.
    pub fn to_u8(self) -> [u8; 4] {
        let c = |v: f32| (v.clamp(0.0, 1.0) * 255.0).round() as u8;
        [c(self.r), c(self.g), c(self.b), c(self.a)]
    }
}

/// The colours of one palette.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Inks {
    pub background: Ink,
    pub body: Ink,
    pub outline: Ink,
    pub detail: Ink,
    pub essential: Ink,
    pub spillover: Ink,
    pub marker: Ink,
    pub marker_ring: Ink,
    pub selected: Ink,
    pub candidate: Ink,
    pub marked_outline: Ink,
    /// The client's pain drawing: see-through, and never a zone colour...
    pub drawing: Ink,
    /// ...with a crisp line around it.
    pub drawing_line: Ink,
    /// The selected point's muscle: never a pain colour.
    pub muscle: Ink,
    pub muscle_line: Ink,
    /// The Muscles layer: faint.
    pub muscle_layer: Ink,
    pub muscle_layer_line: Ink,
}

impl Inks {
    /// Calm, neutral body; chart-red zones.
    pub const STANDARD: Inks = Inks {
        background: rgb(0.965, 0.961, 0.953),
        body: rgb(0.925, 0.878, 0.835),
        outline: rgb(0.294, 0.251, 0.231),
        detail: rgba(0.42, 0.36, 0.33, 0.75),
        essential: rgb(0.788, 0.129, 0.118),
        spillover: rgb(0.788, 0.129, 0.118),
        marker: rgb(1.0, 1.0, 1.0),
        marker_ring: rgb(0.20, 0.33, 0.55),
        selected: rgb(0.10, 0.10, 0.12),
        candidate: rgb(0.95, 0.62, 0.07),
        marked_outline: rgb(0.10, 0.35, 0.75),
        drawing: rgba(0.33, 0.22, 0.78, 0.5),
        drawing_line: rgb(0.24, 0.12, 0.6),
        muscle: rgba(0.08, 0.52, 0.54, 0.55),
        muscle_line: rgb(0.06, 0.36, 0.37),
        muscle_layer: rgba(0.74, 0.42, 0.38, 0.30),
        muscle_layer_line: rgba(0.52, 0.26, 0.23, 0.70),
    };

    /// Blue and orange (Okabe–Ito), which stay apart for the common colour-blindnesses.
    pub const COLOUR_BLIND: Inks = Inks {
        background: rgb(0.965, 0.961, 0.953),
        body: rgb(0.90, 0.88, 0.86),
        outline: rgb(0.2, 0.2, 0.2),
        detail: rgba(0.35, 0.35, 0.35, 0.75),
        essential: rgb(0.0, 0.447, 0.698),
        spillover: rgb(0.902, 0.624, 0.0),
        marker: rgb(1.0, 1.0, 1.0),
        marker_ring: rgb(0.1, 0.1, 0.1),
        selected: rgb(0.0, 0.0, 0.0),
        candidate: rgb(0.835, 0.369, 0.0),
        marked_outline: rgb(0.0, 0.0, 0.0),
        // Okabe–Ito reddish purple, apart from the blue and orange zones.
        drawing: rgba(0.8, 0.475, 0.655, 0.6),
        drawing_line: rgb(0.5, 0.2, 0.4),
        // Okabe–Ito bluish green: apart from the blue and orange zones, and light in greyscale.
        muscle: rgba(0.0, 0.62, 0.45, 0.35),
        muscle_line: rgb(0.0, 0.35, 0.25),
        muscle_layer: rgba(0.45, 0.45, 0.45, 0.24),
        muscle_layer_line: rgba(0.3, 0.3, 0.3, 0.65),
    };
}

/// Text colours of the page.
pub const TEXT: Ink = grey(0.08);
pub const MUTED: Ink = grey(0.30);
pub const FAINT: Ink = grey(0.42);
pub const RULE: Ink = grey(0.75);
pub const CAUTION: Ink = rgb(0.47, 0.31, 0.0);
