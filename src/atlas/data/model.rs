//! The atlas data model: what `data/atlas.ron` holds, in the domain's own words.
//!
//! These types deserialize straight from RON. They carry no Bevy types, so the CLI and the
//! tests use them without building the explorer.

use serde::{Deserialize, Serialize};

/// The whole atlas: regions of the body, trigger points that refer pain into them, and the
/// texts that explain referred pain to a client.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Atlas {
    /// Shown under every pattern: patterns are typical, not a diagnosis.
    pub disclaimer: String,
    /// A plain-language explanation of referred pain for the "Learn" section.
    pub referred_pain: String,
    /// Symptoms that need a doctor rather than trigger-point work.
    #[serde(default)]
    pub red_flags: Vec<String>,
    /// The five factors neuromuscular therapy addresses.
    pub factors: Vec<Factor>,
    /// Bibliography. A point cites a key (`NA-SOL`) or a chapter of a book key (`TS1-ch6`).
    pub sources: Vec<Source>,
    /// The sections of the reference table that points cite: `HN` with 26 rows gives the
    /// row ids `HN01` to `HN26`.
    pub reference_sections: Vec<ReferenceSection>,
    /// Common complaints and the regions they name: a point's prevalence for a complaint
    /// weights the ranking where the pain is in that area.
    #[serde(default)]
    pub complaint_areas: Vec<ComplaintArea>,
    /// The muscles: what each is, does and attaches to, in plain words.
    #[serde(default)]
    pub muscles: Vec<Muscle>,
    /// The body regions that zones and searches use.
    pub regions: Vec<Region>,
    /// The trigger points.
    pub points: Vec<TriggerPoint>,
}

/// One of the five factors of neuromuscular therapy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Factor {
    pub id: String,
    pub name: String,
    pub explanation: String,
}

/// A bibliography entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// `TS1`, `NA-SOL`, `NAMTPT:upper_trapezius`, ...
    pub key: String,
    pub citation: String,
    /// True for a book cited by chapter: `TS1` then also accepts `TS1-ch6`.
    #[serde(default)]
    pub chapters: bool,
    /// How reliable the citation is, or how it is used (shown with the details, not printed).
    #[serde(default)]
    pub note: Option<String>,
}

/// A muscle, as a client reads about it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Muscle {
    /// Stable kebab-case id: `quadratus-lumborum`.
    pub id: String,
    /// "Quadratus lumborum".
    pub name: String,
    /// What and where it is.
    pub description: String,
    /// What it does, in plain words: "bends the trunk to the side, hitches the hip".
    pub action: String,
    /// Where it starts and ends.
    pub origin: String,
    pub insertion: String,
    /// For a muscle drawn deep (dashed): what lies over it, to read after "deep, under".
    #[serde(default)]
    pub deep_under: Option<String>,
}

/// A common complaint ("low back pain") and the regions of the body it names.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ComplaintArea {
    /// As the prevalence entries name it: "low back pain".
    pub complaint: String,
    /// Region ids.
    pub regions: Vec<String>,
}

/// A section of the reference table (`HN`: head and neck, rows `HN01`..`HN26`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReferenceSection {
    pub prefix: String,
    pub title: String,
    pub rows: u16,
}

impl ReferenceSection {
    /// Whether `row` (such as `HN07`) is one of this section's rows.
    pub fn contains(&self, row: &str) -> bool {
        row.strip_prefix(self.prefix.as_str())
            .filter(|n| n.len() == 2 && n.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|n| n.parse::<u16>().ok())
            .is_some_and(|n| (1..=self.rows).contains(&n))
    }
}

/// A named area of the body surface, such as `temple` or `greater_trochanter`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Region {
    /// snake_case id: `angle_of_jaw`.
    pub id: String,
    /// Display name: "Angle of the jaw".
    pub name: String,
    /// Plain-language description for clients.
    pub description: String,
    /// Heading it is listed under: "Head & face", "Hip & pelvis", ...
    pub group: String,
    /// `Bilateral` regions have a left and a right instance; `Midline` regions have one.
    pub laterality: Laterality,
    /// The views the region is drawn on.
    pub views: Vec<View>,
}

/// A myofascial trigger point and the pattern of pain it refers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TriggerPoint {
    /// Stable kebab-case id: `upper-trapezius-1`.
    pub id: String,
    /// "Upper trapezius": the muscle (or part) as the point's title shows it.
    pub muscle: String,
    /// The muscle it lies in, by id (`muscles`); empty in an atlas without muscles.
    #[serde(default)]
    pub muscle_id: String,
    /// "TrP1 (mid upper border)".
    pub name: String,
    /// Where to find it, in words.
    pub location: String,
    /// `Bilateral` (one marker on each side, the usual case) or `Midline` (one marker).
    #[serde(default = "Laterality::bilateral")]
    pub laterality: Laterality,
    /// Marker positions, one per view where the point is drawn.
    pub markers: Vec<Marker>,
    /// Essential zones (region ids): pain in nearly everyone with this point active.
    pub essential: Vec<String>,
    /// Spillover zones (region ids): pain in some people.
    #[serde(default)]
    pub spillover: Vec<String>,
    /// Which side the zones appear on, relative to the point.
    #[serde(default)]
    pub referral: Referral,
    /// Zones that appear on both sides whatever `referral` says (SCM forehead pain).
    #[serde(default)]
    pub both_sides: Vec<String>,
    /// Typical complaints, in readable text.
    pub complaints: String,
    /// Search tags: `headache`, `low-back-pain`, `pseudo-sciatica`, ...
    #[serde(default)]
    pub tags: Vec<String>,
    /// A short self-care or treatment note.
    pub note: String,
    /// Source keys from `sources` (`TS1-ch6`, `NA-SOL`).
    pub sources: Vec<String>,
    /// Reference-table row ids this point comes from: `["HN01"]`.
    pub reference: Vec<String>,
    /// False where the reference marks the pattern "(unverified)".
    #[serde(default = "yes")]
    pub verified: bool,
    /// What exactly is unverified or uncertain, for the details panel.
    #[serde(default)]
    pub caveat: Option<String>,
    /// How common the point is, 1 (rare) to 10 (very common). Orders search results and
    /// weights the ranking of "where does it hurt?".
    pub weight: u8,
    /// What prevalence studies found for this point, so that the ranking can say why.
    #[serde(default)]
    pub prevalence: Vec<Prevalence>,
}

/// How often a trigger point is found in people with a complaint, as a study reported it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Prevalence {
    /// The complaint studied: "low back pain".
    pub complaint: String,
    /// The figure in plain words: "active trigger points in 30–55% of patients".
    pub figure: String,
    /// The source key of the study (from `sources`).
    pub source: String,
    /// The share of the people with the complaint who had it, 0 to 1, where the study gives
    /// one (the middle of a range). It sets how much the prevalence weights the ranking.
    #[serde(default)]
    pub share: Option<f32>,
    /// True where the figure is from recall and could not be checked.
    #[serde(default)]
    pub unverified: bool,
}

fn yes() -> bool {
    true
}

/// Where a marker sits on one view.
///
/// Coordinates are fractions of standing height `H`: `y` is the height above the floor
/// (vertex 1.0, ankle 0.039) and `x` the distance from the midline toward the point's own side
/// (0 on the midline). The left and right markers of a bilateral point are mirror images.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Marker {
    pub view: View,
    pub x: f32,
    pub y: f32,
}

/// The views of the body diagram: front, back, and the two side (lateral) views.
///
/// In the data (body art, muscle art, markers) the side view is drawn once, as `Left`, in the
/// lateral frame: `x` from the plumb line through the ear canal, positive toward the front of
/// the body. The `Right` view is its mirror image and shows the right side of the body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum View {
    Front,
    Back,
    Left,
    Right,
}

impl View {
    pub const ALL: [View; 4] = [View::Front, View::Back, View::Left, View::Right];

    pub fn as_str(self) -> &'static str {
        match self {
            View::Front => "front",
            View::Back => "back",
            View::Left => "left",
            View::Right => "right",
        }
    }

    /// A side view.
    pub fn is_lateral(self) -> bool {
        matches!(self, View::Left | View::Right)
    }

    /// The side of the body a side view shows; `None` for the front and back.
    pub fn lateral_side(self) -> Option<Side> {
        match self {
            View::Left => Some(Side::Left),
            View::Right => Some(Side::Right),
            _ => None,
        }
    }

    /// The view whose art draws this one: the right side view is drawn from the left's.
    pub fn art_view(self) -> View {
        match self {
            View::Right => View::Left,
            v => v,
        }
    }

    /// The views drawn from the art of `self` (`Left` art draws both side views).
    pub fn drawn_views(self) -> &'static [View] {
        match self {
            View::Front => &[View::Front],
            View::Back => &[View::Back],
            View::Left | View::Right => &[View::Left, View::Right],
        }
    }

    /// Sign of the on-screen x of art coordinates on this view. Front and back: by the body's
    /// side (seen from the front, the body's left is on the viewer's right; from behind, on the
    /// viewer's left). Side views: the art's x points to the front of the body, which is the
    /// viewer's left on the left view and the viewer's right on the right view.
    pub fn screen_sign(self, side: Side) -> f32 {
        match (self, side) {
            (View::Front, Side::Left) | (View::Back, Side::Right) => 1.0,
            (View::Front, Side::Right) | (View::Back, Side::Left) => -1.0,
            (View::Left, _) => -1.0,
            (View::Right, _) => 1.0,
        }
    }
}

/// A side of the body (the person's own left or right).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    Left,
    Right,
}

impl Side {
    pub const BOTH: [Side; 2] = [Side::Left, Side::Right];

    pub fn other(self) -> Side {
        match self {
            Side::Left => Side::Right,
            Side::Right => Side::Left,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Side::Left => "left",
            Side::Right => "right",
        }
    }
}

impl std::str::FromStr for Side {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "left" | "l" => Ok(Side::Left),
            "right" | "r" => Ok(Side::Right),
            other => Err(format!("unknown side `{other}`: use `left` or `right`")),
        }
    }
}

/// Whether something exists once on the midline or once on each side.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Laterality {
    Bilateral,
    Midline,
}

impl Laterality {
    fn bilateral() -> Self {
        Laterality::Bilateral
    }
}

/// Which side referred pain appears on, relative to the trigger point.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Referral {
    /// Same side as the point (the usual case).
    #[default]
    Ipsilateral,
    /// Both sides.
    Bilateral,
    /// The opposite side.
    Contralateral,
}

/// How strongly a zone belongs to a pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Intensity {
    /// Pain in nearly everyone with the point active (solid red on charts).
    Essential,
    /// Pain in some people (stippled red on charts).
    Spillover,
}

impl Intensity {
    pub fn as_str(self) -> &'static str {
        match self {
            Intensity::Essential => "essential",
            Intensity::Spillover => "spillover",
        }
    }
}

/// The region id that means "at the trigger point itself".
pub const LOCAL: &str = "local";

/// The drawable extent of a view, in the marker coordinates (fractions of height).
pub const DIAGRAM_MAX_X: f32 = 0.35;
pub const DIAGRAM_MIN_Y: f32 = 0.0;
pub const DIAGRAM_MAX_Y: f32 = 1.02;

impl Atlas {
    pub fn point(&self, id: &str) -> Option<&TriggerPoint> {
        self.points.iter().find(|p| p.id == id)
    }

    pub fn region(&self, id: &str) -> Option<&Region> {
        self.regions.iter().find(|r| r.id == id)
    }

    pub fn muscle(&self, id: &str) -> Option<&Muscle> {
        self.muscles.iter().find(|m| m.id == id)
    }

    /// The muscle a point lies in.
    pub fn muscle_of(&self, point: &TriggerPoint) -> Option<&Muscle> {
        self.muscle(&point.muscle_id)
    }

    /// Distinct muscle names of the points, in order of first appearance.
    pub fn muscle_names(&self) -> Vec<&str> {
        let mut seen = Vec::new();
        for p in &self.points {
            if !seen.contains(&p.muscle.as_str()) {
                seen.push(p.muscle.as_str());
            }
        }
        seen
    }
}

impl Prevalence {
    /// How strongly this finding weights the ranking, 0 to 1: a share of 40% or more counts in
    /// full, less counts less; a finding without a share counts half; a figure from recall
    /// counts half as much.
    pub fn strength(&self) -> f32 {
        let s = self.share.map_or(0.5, |s| (s / 0.4).clamp(0.0, 1.0));
        if self.unverified { s * 0.5 } else { s }
    }
}

impl TriggerPoint {
    /// The sides on which this point has a marker: both for a bilateral point, none (the
    /// midline) for a midline point.
    pub fn sides(&self) -> &'static [Option<Side>] {
        match self.laterality {
            Laterality::Bilateral => &[Some(Side::Left), Some(Side::Right)],
            Laterality::Midline => &[None],
        }
    }

    /// Whether `region` is one of this point's zones.
    pub fn refers_to(&self, region: &str) -> bool {
        self.essential
            .iter()
            .chain(&self.spillover)
            .any(|z| z == region)
    }

    pub fn marker(&self, view: View) -> Option<&Marker> {
        self.markers.iter().find(|m| m.view == view)
    }

    /// Every zone with its intensity, essential first.
    pub fn zones(&self) -> impl Iterator<Item = (&str, Intensity)> {
        self.essential
            .iter()
            .map(|r| (r.as_str(), Intensity::Essential))
            .chain(
                self.spillover
                    .iter()
                    .map(|r| (r.as_str(), Intensity::Spillover)),
            )
    }
}
