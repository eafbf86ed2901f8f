//! Questions the app asks of the atlas: where does this point send pain (forward), which points
//! could be sending pain here (reverse), and which points match a search.

use std::cmp::Ordering;

use serde::Serialize;

use super::model::{Atlas, Intensity, LOCAL, Laterality, Referral, Side, TriggerPoint};

/// One lit-up region: the region, the side it is on (`None` for a midline region), and how
/// strongly it belongs to the pattern.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Zone<'a> {
    pub region: &'a str,
    pub side: Option<Side>,
    pub intensity: Intensity,
}

/// The sides on which `point`'s pain shows up in `region`, when the point is on `side`
/// (`None` for a midline point).
fn zone_sides(
    atlas: &Atlas,
    point: &TriggerPoint,
    region: &str,
    side: Option<Side>,
) -> Vec<Option<Side>> {
    let midline_region = atlas
        .region(region)
        .is_some_and(|r| r.laterality == Laterality::Midline);
    if region == LOCAL {
        return vec![side];
    }
    if midline_region {
        return vec![None];
    }
    let Some(side) = side else {
        // A midline point refers to both sides of a paired region.
        return vec![Some(Side::Left), Some(Side::Right)];
    };
    let referral = if point.both_sides.iter().any(|z| z == region) {
        Referral::Bilateral
    } else {
        point.referral
    };
    match referral {
        Referral::Ipsilateral => vec![Some(side)],
        Referral::Contralateral => vec![Some(side.other())],
        Referral::Bilateral => vec![Some(Side::Left), Some(Side::Right)],
    }
}

/// Forward query: the zones of `point` when it is active on `side`. For a bilateral point,
/// `None` means both sides at once; a midline point ignores `side`.
pub fn zones<'a>(atlas: &Atlas, point: &'a TriggerPoint, side: Option<Side>) -> Vec<Zone<'a>> {
    let sides = match (point.laterality, side) {
        (Laterality::Midline, _) => vec![None],
        (Laterality::Bilateral, Some(s)) => vec![Some(s)],
        (Laterality::Bilateral, None) => vec![Some(Side::Left), Some(Side::Right)],
    };
    let mut out: Vec<Zone<'a>> = Vec::new();
    for s in sides {
        for (region, intensity) in point.zones() {
            for zs in zone_sides(atlas, point, region, s) {
                let z = Zone {
                    region,
                    side: zs,
                    intensity,
                };
                if !out.contains(&z) {
                    out.push(z);
                }
            }
        }
    }
    out
}

/// A place the user marked: a region, on one side or on any side (`None`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Place {
    pub region: String,
    pub side: Option<Side>,
}

impl Place {
    pub fn new(region: impl Into<String>, side: Option<Side>) -> Self {
        Place {
            region: region.into(),
            side,
        }
    }
}

/// One asked region that a candidate covers, and how.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Match {
    pub region: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub side: Option<Side>,
    pub intensity: Intensity,
}

/// A trigger point that could be sending pain to the asked places.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate<'a> {
    pub point: &'a TriggerPoint,
    /// The sides of the point that refer there (`None` for a midline point).
    pub sides: Vec<Option<Side>>,
    /// One entry per asked place that the point covers, in the order asked.
    pub matches: Vec<Match>,
}

impl Candidate<'_> {
    pub fn has_essential(&self) -> bool {
        self.matches
            .iter()
            .any(|m| m.intensity == Intensity::Essential)
    }
}

/// Reverse query ("where does it hurt?"): the points whose zones cover any of `places`,
/// ranked: essential matches first, then by how common the point is, then by how many places
/// it covers, then by id.
pub fn candidates<'a>(atlas: &'a Atlas, places: &[Place]) -> Vec<Candidate<'a>> {
    let mut out = Vec::new();
    for point in &atlas.points {
        let mut matches: Vec<Match> = Vec::new();
        let mut sides = Vec::new();
        for ps in point.sides() {
            let mut any = false;
            for place in places {
                if place.region == LOCAL {
                    continue;
                }
                let Some(intensity) = point
                    .zones()
                    .filter(|(r, _)| *r == place.region)
                    .map(|(_, i)| i)
                    .min()
                else {
                    continue;
                };
                let reaches = zone_sides(atlas, point, &place.region, ps)
                    .into_iter()
                    .any(|zs| place.side.is_none() || zs.is_none() || zs == place.side);
                if !reaches {
                    continue;
                }
                any = true;
                match matches
                    .iter_mut()
                    .find(|m| m.region == place.region && m.side == place.side)
                {
                    Some(m) => m.intensity = m.intensity.min(intensity),
                    None => matches.push(Match {
                        region: place.region.clone(),
                        side: place.side,
                        intensity,
                    }),
                }
            }
            if any {
                sides.push(ps);
            }
        }
        if !matches.is_empty() {
            // Keep the order in which the places were asked.
            matches.sort_by_key(|m| {
                places
                    .iter()
                    .position(|p| p.region == m.region && p.side == m.side)
            });
            out.push(Candidate {
                point,
                sides,
                matches,
            });
        }
    }
    out.sort_by(rank);
    out
}

fn rank(a: &Candidate, b: &Candidate) -> Ordering {
    b.has_essential()
        .cmp(&a.has_essential())
        .then(b.point.weight.cmp(&a.point.weight))
        .then(b.matches.len().cmp(&a.matches.len()))
        .then(a.point.id.cmp(&b.point.id))
}

/// Search: points whose muscle, name, id, zones (by id or name), complaints or tags contain
/// every word of `query`, most common first. An empty query matches every point.
pub fn search<'a>(atlas: &'a Atlas, query: &str) -> Vec<&'a TriggerPoint> {
    let words: Vec<String> = query
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .map(normalise)
        .collect();
    let mut hits: Vec<(&TriggerPoint, u32)> = atlas
        .points
        .iter()
        .filter_map(|p| {
            let fields = haystack(atlas, p);
            let mut score = 0;
            for w in &words {
                let best = fields
                    .iter()
                    .filter(|(text, _)| text.contains(w.as_str()))
                    .map(|(_, s)| *s)
                    .max()?;
                score += best;
            }
            Some((p, score))
        })
        .collect();
    hits.sort_by(|(a, sa), (b, sb)| {
        sb.cmp(sa)
            .then(b.weight.cmp(&a.weight))
            .then(a.id.cmp(&b.id))
    });
    hits.into_iter().map(|(p, _)| p).collect()
}

/// Lowercase, with `-`/`_` as spaces, so "low back", "low-back" and "low_back" all meet.
fn normalise(s: &str) -> String {
    s.to_lowercase().replace(['-', '_'], " ")
}

/// The searchable texts of a point with a score for a hit in each.
fn haystack(atlas: &Atlas, p: &TriggerPoint) -> Vec<(String, u32)> {
    let mut v = vec![
        (normalise(&p.muscle), 5),
        (normalise(&p.name), 3),
        (normalise(&p.id), 3),
        (normalise(&p.tags.join(" ")), 4),
        (normalise(&p.complaints), 2),
    ];
    for (region, intensity) in p.zones() {
        let score = if intensity == Intensity::Essential {
            3
        } else {
            1
        };
        v.push((normalise(region), score));
        if let Some(r) = atlas.region(region) {
            v.push((normalise(&r.name), score));
        }
    }
    v
}
