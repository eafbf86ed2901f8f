//! Questions the app asks of the atlas: where does this point send pain (forward), which points
//! could be sending pain here (reverse), and which points match a search.

use serde::Serialize;

use crate::atlas::model::{Atlas, Intensity, LOCAL, Laterality, Referral, Side, TriggerPoint};

/// One lit-up region: the region, the side it is on (`None` for a midline region), and how
/// strongly it belongs to the pattern.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Zone<'a> {
    pub region: &'a str,
    pub side: Option<Side>,
    pub intensity: Intensity,
}

/// The sides on which `point`'s pain shows up in `region`, when the point is on `side`
/// (`None` for a midline point). `midline_region` says whether `region` is a midline region.
fn zone_sides(
    point: &TriggerPoint,
    region: &str,
    midline_region: bool,
    side: Option<Side>,
) -> &'static [Option<Side>] {
    const LEFT: &[Option<Side>] = &[Some(Side::Left)];
    const RIGHT: &[Option<Side>] = &[Some(Side::Right)];
    const BOTH: &[Option<Side>] = &[Some(Side::Left), Some(Side::Right)];
    const MIDLINE: &[Option<Side>] = &[None];
    let one = |s: Side| if s == Side::Left { LEFT } else { RIGHT };
    if region == LOCAL {
        return side.map_or(MIDLINE, one);
    }
    if midline_region {
        return MIDLINE;
    }
    let Some(side) = side else {
        // A midline point refers to both sides of a paired region.
        return BOTH;
    };
    let referral = if point.both_sides.iter().any(|z| z == region) {
        Referral::Bilateral
    } else {
        point.referral
    };
    match referral {
        Referral::Ipsilateral => one(side),
        Referral::Contralateral => one(side.other()),
        Referral::Bilateral => BOTH,
    }
}

fn is_midline(atlas: &Atlas, region: &str) -> bool {
    atlas
        .region(region)
        .is_some_and(|r| r.laterality == Laterality::Midline)
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
            for &zs in zone_sides(point, region, is_midline(atlas, region), s) {
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
pub struct Match<'a> {
    pub region: &'a str,
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
    pub matches: Vec<Match<'a>>,
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
    let midline: Vec<bool> = places
        .iter()
        .map(|p| is_midline(atlas, &p.region))
        .collect();
    let mut best: Vec<Option<(&'a str, Intensity)>> = vec![None; places.len()];
    let mut out = Vec::new();
    for point in &atlas.points {
        if !places.iter().any(|place| point.refers_to(&place.region)) {
            continue;
        }
        best.fill(None);
        let mut sides = Vec::new();
        for &ps in point.sides() {
            let mut any = false;
            for (i, place) in places.iter().enumerate() {
                if place.region == LOCAL {
                    continue;
                }
                // The zone (essential listed first, so the strongest wins).
                let Some((region, intensity)) = point.zones().find(|(r, _)| *r == place.region)
                else {
                    continue;
                };
                let reaches = zone_sides(point, region, midline[i], ps)
                    .iter()
                    .any(|&zs| place.side.is_none() || zs.is_none() || zs == place.side);
                if reaches {
                    any = true;
                    best[i] = Some((region, intensity));
                }
            }
            if any {
                sides.push(ps);
            }
        }
        let matches: Vec<Match<'a>> = best
            .iter()
            .zip(places)
            .filter_map(|(b, place)| {
                b.map(|(region, intensity)| Match {
                    region,
                    side: place.side,
                    intensity,
                })
            })
            .collect();
        if !matches.is_empty() {
            out.push(Candidate {
                point,
                sides,
                matches,
            });
        }
    }
    out.sort_by_cached_key(rank);
    out
}

/// The ranking key: essential first, then weight, then coverage (all descending), then id.
fn rank<'a>(
    c: &Candidate<'a>,
) -> (
    bool,
    std::cmp::Reverse<u8>,
    std::cmp::Reverse<usize>,
    &'a str,
) {
    (
        !c.has_essential(),
        std::cmp::Reverse(c.point.weight),
        std::cmp::Reverse(c.matches.len()),
        c.point.id.as_str(),
    )
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
