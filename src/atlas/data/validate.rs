//! Validation of an atlas that parsed: ids, references, zones, coordinates. Reports every
//! problem, each located in the file and, where possible, with a fix.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use super::diag::{Diagnostic, suggest};
use super::model::{Atlas, DIAGRAM_MAX_X, DIAGRAM_MAX_Y, DIAGRAM_MIN_Y, Laterality};
use super::spans::Node;

/// A step on the way from the root of the file to a value.
#[derive(Clone, Copy)]
pub enum Step<'a> {
    Field(&'a str),
    Index(usize),
}

/// Finds the text of a value in the file, falling back to its nearest enclosing value.
pub struct Locator<'t> {
    pub file: &'t str,
    pub text: &'t str,
    /// Parsed only when a problem needs locating: a valid atlas never pays for it.
    root: std::cell::OnceCell<Option<Node>>,
}

impl<'t> Locator<'t> {
    pub fn new(file: &'t str, text: &'t str) -> Self {
        Locator {
            file,
            text,
            root: std::cell::OnceCell::new(),
        }
    }

    pub fn span(&self, path: &[Step]) -> Range<usize> {
        let Some(mut node) = self.root.get_or_init(|| Node::parse(self.text)).as_ref() else {
            return 0..1;
        };
        for step in path {
            let next = match *step {
                Step::Field(f) => node.field(f),
                Step::Index(i) => node.unwrap_some().index(i),
            };
            match next {
                Some(n) => node = n,
                None => break,
            }
        }
        node.span.clone()
    }

    /// The span of a field's name for a value that should be there but is missing or empty:
    /// the whole enclosing value.
    pub fn error(&self, path: &[Step], message: impl Into<String>) -> Diagnostic {
        Diagnostic::at(self.file, self.text, self.span(path), message)
    }
}

fn is_snake(id: &str) -> bool {
    !id.is_empty()
        && id.bytes().next().is_some_and(|b| b.is_ascii_lowercase())
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

fn is_kebab(id: &str) -> bool {
    !id.is_empty()
        && id.bytes().next().is_some_and(|b| b.is_ascii_lowercase())
        && !id.ends_with('-')
        && !id.contains("--")
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn kebab(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// Every problem in `atlas`, in file order.
pub fn validate(atlas: &Atlas, file: &str, text: &str) -> Vec<Diagnostic> {
    use Step::{Field as F, Index as I};
    let loc = Locator::new(file, text);
    let mut out = Vec::new();

    for (field, empty) in [
        ("disclaimer", atlas.disclaimer.trim().is_empty()),
        ("referred_pain", atlas.referred_pain.trim().is_empty()),
    ] {
        if empty {
            out.push(
                loc.error(&[F(field)], format!("`{field}` is empty"))
                    .with_help("write a short text for clients here"),
            );
        }
    }

    // Factors.
    let mut factor_ids = HashMap::new();
    for (i, f) in atlas.factors.iter().enumerate() {
        if let Some(first) = factor_ids.insert(f.id.as_str(), i) {
            out.push(
                loc.error(
                    &[F("factors"), I(i), F("id")],
                    format!("duplicate factor id `{}`", f.id),
                )
                .with_help(format!("it is already used by factor number {}", first + 1)),
            );
        }
    }

    // Sources.
    let mut source_keys: HashMap<&str, bool> = HashMap::new();
    for (i, s) in atlas.sources.iter().enumerate() {
        if source_keys.insert(s.key.as_str(), s.chapters).is_some() {
            out.push(loc.error(
                &[F("sources"), I(i), F("key")],
                format!("duplicate source key `{}`", s.key),
            ));
        }
        if s.citation.trim().is_empty() {
            out.push(loc.error(
                &[F("sources"), I(i), F("citation")],
                format!("source `{}` has an empty citation", s.key),
            ));
        }
    }
    let source_known = |key: &str| -> bool {
        if source_keys.contains_key(key) {
            return true;
        }
        key.rsplit_once("-ch").is_some_and(|(book, ch)| {
            source_keys.get(book) == Some(&true)
                && !ch.is_empty()
                && ch.bytes().all(|b| b.is_ascii_digit())
        })
    };

    // Reference sections.
    for (i, s) in atlas.reference_sections.iter().enumerate() {
        if s.prefix.len() != 2 || !s.prefix.bytes().all(|b| b.is_ascii_uppercase()) {
            out.push(
                loc.error(
                    &[F("reference_sections"), I(i), F("prefix")],
                    format!(
                        "reference section prefix `{}` is not two capital letters",
                        s.prefix
                    ),
                )
                .with_help("row ids look like `HN01`: the prefix is `HN`"),
            );
        }
    }

    // Regions.
    let mut region_index: HashMap<&str, usize> = HashMap::new();
    for (i, r) in atlas.regions.iter().enumerate() {
        let at = [F("regions"), I(i), F("id")];
        if !is_snake(&r.id) {
            out.push(
                loc.error(&at, format!("region id `{}` is not snake_case", r.id))
                    .with_help(format!("write it as `{}`", kebab(&r.id).replace('-', "_"))),
            );
        }
        if let Some(first) = region_index.insert(r.id.as_str(), i) {
            let l =
                super::diag::Location::of_offset(text, loc.span(&[F("regions"), I(first)]).start);
            out.push(
                loc.error(&at, format!("duplicate region id `{}`", r.id))
                    .with_help(format!(
                        "it is first defined at line {}; remove or rename one of them",
                        l.line
                    )),
            );
        }
        if r.views.is_empty() {
            out.push(
                loc.error(
                    &[F("regions"), I(i), F("views")],
                    format!("region `{}` has no views", r.id),
                )
                .with_help(
                    "list the views it is drawn on: `views: [Front]`, `[Back]` or `[Front, Back]`",
                ),
            );
        }
        if r.name.trim().is_empty() {
            out.push(loc.error(
                &[F("regions"), I(i), F("name")],
                format!("region `{}` has an empty name", r.id),
            ));
        }
    }
    let region_ids: Vec<&str> = atlas.regions.iter().map(|r| r.id.as_str()).collect();

    // Muscles.
    let mut muscle_ids: Vec<&str> = Vec::new();
    for (m, muscle) in atlas.muscles.iter().enumerate() {
        if !is_kebab(&muscle.id) {
            out.push(
                loc.error(
                    &[F("muscles"), I(m), F("id")],
                    format!("muscle id `{}` is not kebab-case", muscle.id),
                )
                .with_help(format!("write it as `{}`", kebab(&muscle.id))),
            );
        }
        if muscle_ids.contains(&muscle.id.as_str()) {
            out.push(
                loc.error(
                    &[F("muscles"), I(m), F("id")],
                    format!("duplicate muscle id `{}`", muscle.id),
                )
                .with_help("give each muscle its own id"),
            );
        }
        muscle_ids.push(&muscle.id);
        for (field, text) in [("name", &muscle.name), ("action", &muscle.action)] {
            if text.trim().is_empty() {
                out.push(
                    loc.error(
                        &[F("muscles"), I(m), F(field)],
                        format!("muscle `{}` has an empty `{field}`", muscle.id),
                    )
                    .with_help("write it in plain words for clients"),
                );
            }
        }
    }

    // Complaint areas.
    for (c, area) in atlas.complaint_areas.iter().enumerate() {
        if atlas.complaint_areas[..c]
            .iter()
            .any(|o| o.complaint == area.complaint)
        {
            out.push(
                loc.error(
                    &[F("complaint_areas"), I(c), F("complaint")],
                    format!("complaint `{}` is listed twice", area.complaint),
                )
                .with_help("give each complaint one `ComplaintArea`"),
            );
        }
        if area.regions.is_empty() {
            out.push(
                loc.error(
                    &[F("complaint_areas"), I(c), F("regions")],
                    format!("complaint `{}` names no region", area.complaint),
                )
                .with_help("list the region ids where this complaint is felt"),
            );
        }
        for (r, region) in area.regions.iter().enumerate() {
            if !region_ids.contains(&region.as_str()) {
                let mut d = loc.error(
                    &[F("complaint_areas"), I(c), F("regions"), I(r)],
                    format!("unknown region `{region}`"),
                );
                if let Some(s) = suggest(region, region_ids.iter().copied()) {
                    d = d.with_help(format!("did you mean `{s}`?"));
                }
                out.push(d);
            }
        }
    }

    if atlas.points.is_empty() {
        out.push(
            loc.error(&[F("points")], "the atlas has no trigger points")
                .with_help("add at least one `TriggerPoint(...)` to `points`"),
        );
    }

    // Points.
    let mut point_index: HashMap<&str, usize> = HashMap::new();
    for (i, p) in atlas.points.iter().enumerate() {
        let here = |rest: &[Step<'static>]| -> Vec<Step<'static>> {
            let mut v = vec![F("points"), I(i)];
            v.extend_from_slice(rest);
            v
        };
        let name = if p.id.is_empty() {
            "(no id)"
        } else {
            p.id.as_str()
        };

        if !is_kebab(&p.id) {
            out.push(
                loc.error(
                    &here(&[F("id")]),
                    format!("point id `{}` is not kebab-case", p.id),
                )
                .with_help(format!("write it like `{}`", kebab(&p.id))),
            );
        }
        if let Some(first) = point_index.insert(p.id.as_str(), i) {
            let l =
                super::diag::Location::of_offset(text, loc.span(&[F("points"), I(first)]).start);
            out.push(
                loc.error(&here(&[F("id")]), format!("duplicate point id `{}`", p.id))
                    .with_help(format!(
                        "it is first used at line {}; give this point its own id",
                        l.line
                    )),
            );
        }
        for (field, value) in [
            ("muscle", &p.muscle),
            ("name", &p.name),
            ("location", &p.location),
            ("complaints", &p.complaints),
            ("note", &p.note),
        ] {
            if value.trim().is_empty() {
                out.push(loc.error(
                    &here(&[F(field)]),
                    format!("point `{name}` has an empty `{field}`"),
                ));
            }
        }

        // Markers.
        if p.markers.is_empty() {
            out.push(
                loc.error(
                    &here(&[F("markers")]),
                    format!("point `{name}` has no marker"),
                )
                .with_help(
                    "add `Marker(view: Back, x: 0.05, y: 0.6)` for the view where it is found",
                ),
            );
        }
        let mut seen_views = HashSet::new();
        for (m, marker) in p.markers.iter().enumerate() {
            if !seen_views.insert(marker.view) {
                out.push(loc.error(
                    &here(&[F("markers"), I(m), F("view")]),
                    format!(
                        "point `{name}` has two markers on the {} view",
                        marker.view.as_str()
                    ),
                ));
            }
            // On a side view x runs from the plumb line, forward or back.
            let x_lo = if marker.view.is_lateral() {
                -DIAGRAM_MAX_X
            } else {
                0.0
            };
            for (axis, v, lo, hi) in [
                ("x", marker.x, x_lo, DIAGRAM_MAX_X),
                ("y", marker.y, DIAGRAM_MIN_Y, DIAGRAM_MAX_Y),
            ] {
                let at = here(&[F("markers"), I(m), F(axis)]);
                if !v.is_finite() {
                    out.push(
                        loc.error(
                            &at,
                            if v.is_nan() {
                                format!("marker {axis} of `{name}` is NaN, not a number")
                            } else {
                                format!("marker {axis} of `{name}` is infinite (too large for a coordinate)")
                            },
                        )
                        .with_help(format!("use a number from {lo} to {hi}")),
                    );
                } else if v < lo || v > hi {
                    out.push(
                        loc.error(
                            &at,
                            format!("marker {axis} = {v} of `{name}` is outside the diagram"),
                        )
                        .with_help(format!(
                            "{axis} must be from {lo} to {hi} (fractions of body height{})",
                            if axis == "x" && marker.view.is_lateral() {
                                ", from the plumb line through the ear, positive toward the front"
                            } else if axis == "x" {
                                ", measured from the midline"
                            } else {
                                ", from the floor"
                            }
                        )),
                    );
                }
            }
            if p.laterality == Laterality::Midline && marker.x.is_finite() && marker.x.abs() > 0.02
            {
                out.push(
                    loc.error(
                        &here(&[F("markers"), I(m), F("x")]),
                        format!(
                            "midline point `{name}` has a marker {} off the midline",
                            marker.x
                        ),
                    )
                    .with_help("use `x: 0.0`, or make the point `laterality: Bilateral`"),
                );
            }
        }

        // Zones.
        if p.essential.is_empty() && p.spillover.is_empty() {
            out.push(
                loc.error(
                    &here(&[F("essential")]),
                    format!("point `{name}` has no zones"),
                )
                .with_help(
                    "list at least one region in `essential`, e.g. `essential: [\"temple\"]`",
                ),
            );
        }
        let mut zones_seen: HashMap<&str, &str> = HashMap::new();
        for (list, zones) in [("essential", &p.essential), ("spillover", &p.spillover)] {
            for (z, zone) in zones.iter().enumerate() {
                let at = here(&[F(list), I(z)]);
                if !region_index.contains_key(zone.as_str()) {
                    let mut d = loc.error(&at, format!("unknown region `{zone}`"));
                    if let Some(s) = suggest(zone, region_ids.iter().copied()) {
                        d = d.with_help(format!("did you mean `{s}`?"));
                    } else {
                        d = d.with_help(
                            "use a region id from `regions` (`trigger-atlas regions` lists them)",
                        );
                    }
                    out.push(d);
                } else if let Some(prev) = zones_seen.insert(zone.as_str(), list) {
                    out.push(
                        loc.error(&at, format!("region `{zone}` is listed twice in `{name}`"))
                            .with_help(format!("it is already in `{prev}`; keep it in one list")),
                    );
                }
            }
        }
        for (z, zone) in p.both_sides.iter().enumerate() {
            if !p.essential.contains(zone) && !p.spillover.contains(zone) {
                out.push(
                    loc.error(
                        &here(&[F("both_sides"), I(z)]),
                        format!(
                            "`both_sides` names `{zone}`, which is not one of `{name}`'s zones"
                        ),
                    )
                    .with_help("add it to `essential` or `spillover`, or remove it here"),
                );
            }
        }

        match p.muscle_id.as_str() {
            "" if !atlas.muscles.is_empty() => out.push(
                loc.error(
                    &here(&[F("muscle")]),
                    format!("point `{name}` names no muscle"),
                )
                .with_help("add `muscle_id: \"...\"` with the id of its muscle from `muscles`"),
            ),
            "" => {}
            id if !muscle_ids.contains(&id) => {
                let mut d = loc.error(&here(&[F("muscle_id")]), format!("unknown muscle `{id}`"));
                d = match suggest(id, muscle_ids.iter().copied()) {
                    Some(s) => d.with_help(format!("did you mean `{s}`?")),
                    None => d.with_help("add it to `muscles`, or name a muscle that is there"),
                };
                out.push(d);
            }
            _ => {}
        }
        for (m, marker) in p.markers.iter().enumerate() {
            if marker.view == crate::atlas::model::View::Right {
                out.push(
                    loc.error(
                        &here(&[F("markers"), I(m), F("view")]),
                        format!("point `{name}` has a marker on the right side view"),
                    )
                    .with_help("give side-view markers once, as `view: Left` in the lateral frame; the right view mirrors them"),
                );
            }
        }

        // Sources and reference rows.
        if p.sources.is_empty() {
            out.push(
                loc.error(
                    &here(&[F("sources")]),
                    format!("point `{name}` cites no source"),
                )
                .with_help("every pattern cites at least one key from `sources`"),
            );
        }
        for (s, key) in p.sources.iter().enumerate() {
            if !source_known(key) {
                let mut d = loc.error(
                    &here(&[F("sources"), I(s)]),
                    format!("unknown source `{key}`"),
                );
                if let Some(sug) = suggest(key, source_keys.keys().copied()) {
                    d = d.with_help(format!("did you mean `{sug}`?"));
                } else {
                    d = d.with_help(
                        "add it to `sources`, or cite a chapter of a book source as `TS1-ch6`",
                    );
                }
                out.push(d);
            }
        }
        for (s, prevalence) in p.prevalence.iter().enumerate() {
            if let Some(share) = prevalence.share
                && !(share.is_finite() && (0.0..=1.0).contains(&share))
            {
                out.push(
                    loc.error(
                        &here(&[F("prevalence"), I(s), F("share")]),
                        format!("share {share} is not between 0 and 1"),
                    )
                    .with_help("write a share of people, e.g. `Some(0.42)` for 42%"),
                );
            }
            if !atlas.complaint_areas.is_empty()
                && !atlas
                    .complaint_areas
                    .iter()
                    .any(|c| c.complaint == prevalence.complaint)
            {
                let mut d = loc.error(
                    &here(&[F("prevalence"), I(s), F("complaint")]),
                    format!("unknown complaint `{}`", prevalence.complaint),
                );
                d = match suggest(
                    &prevalence.complaint,
                    atlas.complaint_areas.iter().map(|c| c.complaint.as_str()),
                ) {
                    Some(sug) => d.with_help(format!("did you mean `{sug}`?")),
                    None => d.with_help("add it to `complaint_areas`, with the regions it names"),
                };
                out.push(d);
            }
            if !source_known(&prevalence.source) {
                let mut d = loc.error(
                    &here(&[F("prevalence"), I(s), F("source")]),
                    format!("unknown source `{}`", prevalence.source),
                );
                if let Some(sug) = suggest(&prevalence.source, source_keys.keys().copied()) {
                    d = d.with_help(format!("did you mean `{sug}`?"));
                } else {
                    d = d.with_help("add the study to `sources`");
                }
                out.push(d);
            }
        }
        if p.reference.is_empty() {
            out.push(
                loc.error(
                    &here(&[F("reference")]),
                    format!("point `{name}` names no reference row"),
                )
                .with_help("add the row id it comes from, e.g. `reference: [\"HN01\"]`"),
            );
        }
        for (r, row) in p.reference.iter().enumerate() {
            if !atlas.reference_sections.iter().any(|s| s.contains(row)) {
                let section = atlas
                    .reference_sections
                    .iter()
                    .find(|s| row.starts_with(s.prefix.as_str()));
                let help = match section {
                    Some(s) => format!(
                        "section {} ({}) has rows {}01 to {}{:02}",
                        s.prefix, s.title, s.prefix, s.prefix, s.rows
                    ),
                    None => format!(
                        "row ids start with one of: {}",
                        atlas
                            .reference_sections
                            .iter()
                            .map(|s| s.prefix.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                };
                out.push(
                    loc.error(
                        &here(&[F("reference"), I(r)]),
                        format!("unknown reference row `{row}`"),
                    )
                    .with_help(help),
                );
            }
        }

        if !(1..=10).contains(&p.weight) {
            out.push(
                loc.error(
                    &here(&[F("weight")]),
                    format!("weight {} of `{name}` is out of range", p.weight),
                )
                .with_help("use 1 (rare) to 10 (very common)"),
            );
        }
        for (t, tag) in p.tags.iter().enumerate() {
            if !is_kebab(tag) {
                out.push(
                    loc.error(
                        &here(&[F("tags"), I(t)]),
                        format!("tag `{tag}` is not kebab-case"),
                    )
                    .with_help(format!("write it as `{}`", kebab(tag))),
                );
            }
        }
    }

    out.sort_by_key(|d| d.location);
    out
}
