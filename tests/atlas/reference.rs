//! The shipped atlas against the reference tables it is written from
//! (`tests/fixtures/referral_table.md` and `tests/fixtures/referral_table_gaps.md`, copies of
//! the two tables in `shared/reference/`).

use std::collections::{BTreeMap, BTreeSet};

/// One row of the reference table.
#[derive(Debug)]
pub struct Row {
    pub id: String,
    pub essential: BTreeSet<String>,
    pub spillover: BTreeSet<String>,
    pub sources: BTreeSet<String>,
    pub unverified: bool,
}

/// `lower teeth (rare, unverified)` -> `lower_teeth`.
fn region_id(cell: &str) -> String {
    let name = cell.split('(').next().unwrap().trim();
    name.to_lowercase().replace(' ', "_")
}

/// Split a zone cell on `; ` outside parentheses.
fn zones(cell: &str) -> BTreeSet<String> {
    let cell = cell.trim();
    if cell == "—" || cell.is_empty() {
        return BTreeSet::new();
    }
    let mut out = BTreeSet::new();
    let mut depth = 0;
    let mut current = String::new();
    for c in cell.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ';' if depth == 0 => {
                out.insert(region_id(&current));
                current.clear();
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    out.insert(region_id(&current));
    out
}

pub fn table() -> &'static str {
    include_str!("../fixtures/referral_table.md")
}

/// The companion table of the muscles the first one lacked.
pub fn gap_table() -> &'static str {
    include_str!("../fixtures/referral_table_gaps.md")
}

/// The rows of the first table.
pub fn rows() -> BTreeMap<String, Row> {
    rows_of(table())
}

/// The rows of both tables.
pub fn all_rows() -> BTreeMap<String, Row> {
    let mut rows = rows_of(table());
    rows.extend(rows_of(gap_table()));
    rows
}

fn rows_of(text: &str) -> BTreeMap<String, Row> {
    let mut rows = BTreeMap::new();
    for line in text.lines() {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        // | ID | Muscle | TrP | Where | Essential | Spillover | Complaints | Source |
        if cells.len() != 10 {
            continue;
        }
        let id = cells[1];
        if id.len() != 4 || !id[2..].bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        rows.insert(
            id.to_string(),
            Row {
                id: id.to_string(),
                essential: zones(cells[5]),
                spillover: zones(cells[6]),
                sources: cells[8].split(';').map(|s| s.trim().to_string()).collect(),
                unverified: line.contains("unverified"),
            },
        );
    }
    rows
}

/// The region vocabulary: every `name` in backticks between the vocabulary heading and the table.
pub fn vocabulary() -> Vec<String> {
    let text = table();
    let start = text.find("## Region vocabulary").unwrap();
    let end = text.find("## Referral table").unwrap();
    text[start..end]
        .lines()
        .filter(|l| l.starts_with("**"))
        .flat_map(|l| l.split('`').skip(1).step_by(2))
        .map(|n| n.to_lowercase().replace(' ', "_"))
        .collect()
}

/// The regions the companion table adds: the names in backticks on its `**NEW**` line.
pub fn new_regions() -> Vec<String> {
    let text = gap_table();
    let start = text.find("## New regions").unwrap();
    let end = text.find("## Referral table").unwrap();
    text[start..end]
        .lines()
        .filter(|l| l.starts_with("**NEW**"))
        .flat_map(|l| l.split('`').skip(1).step_by(2))
        .map(|n| n.to_lowercase().replace(' ', "_"))
        .collect()
}

#[test]
fn the_reference_parses_into_112_rows_and_104_regions() {
    assert_eq!(rows().len(), 112);
    assert_eq!(vocabulary().len(), 104);
    let hn01 = &rows()["HN01"];
    assert!(hn01.essential.contains("temple"));
    assert!(hn01.spillover.contains("lower_teeth"));
}

#[test]
fn the_companion_table_parses_into_33_rows_and_2_new_regions() {
    let gaps = rows_of(gap_table());
    assert_eq!(gaps.len(), 33);
    assert_eq!(new_regions(), vec!["nose", "lateral_foot"]);
    let tk12 = &gaps["TK12"];
    assert!(tk12.essential.contains("back_of_knee"));
    assert!(tk12.spillover.contains("posterior_calf"));
    assert!(tk12.unverified);
    // No id is in both tables.
    assert!(gaps.keys().all(|id| !rows().contains_key(id)));
}

#[test]
fn every_reference_row_is_covered_by_a_point() {
    let atlas = crate::shipped();
    let cited: BTreeSet<&str> = atlas
        .points
        .iter()
        .flat_map(|p| p.reference.iter().map(String::as_str))
        .collect();
    let missing: Vec<String> = all_rows()
        .into_keys()
        .filter(|id| !cited.contains(id.as_str()))
        .collect();
    assert!(missing.is_empty(), "rows with no point: {missing:?}");
}

#[test]
fn every_vocabulary_region_exists_and_no_other() {
    let atlas = crate::shipped();
    let mut vocab = vocabulary();
    vocab.extend(new_regions());
    assert_eq!(vocab.len(), 106);
    let ids: Vec<String> = atlas.regions.iter().map(|r| r.id.clone()).collect();
    let missing: Vec<&String> = vocab.iter().filter(|v| !ids.contains(v)).collect();
    let extra: Vec<&String> = ids.iter().filter(|i| !vocab.contains(i)).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "missing {missing:?}, extra {extra:?}"
    );
}

#[test]
fn each_points_zones_match_its_reference_row() {
    let atlas = crate::shipped();
    let rows = all_rows();
    let mut problems = Vec::new();
    // Zones of all points that come from a row, by row.
    let mut union: BTreeMap<&str, (BTreeSet<String>, BTreeSet<String>)> = BTreeMap::new();
    for p in &atlas.points {
        let mut row_ess = BTreeSet::new();
        let mut row_spill = BTreeSet::new();
        let mut row_sources = BTreeSet::new();
        for r in &p.reference {
            let row = &rows[r];
            row_ess.extend(row.essential.iter().cloned());
            row_spill.extend(row.spillover.iter().cloned());
            row_sources.extend(row.sources.iter().cloned());
            if row.unverified && p.verified {
                problems.push(format!(
                    "{}: row {r} says unverified but the point is verified",
                    p.id
                ));
            }
            let u = union.entry(r).or_default();
            u.0.extend(p.essential.iter().cloned());
            u.1.extend(p.spillover.iter().cloned());
        }
        for z in &p.essential {
            if !row_ess.contains(z) {
                problems.push(format!(
                    "{}: essential `{z}` is not essential in {:?}",
                    p.id, p.reference
                ));
            }
        }
        for z in &p.spillover {
            if !row_spill.contains(z) {
                problems.push(format!(
                    "{}: spillover `{z}` is not spillover in {:?}",
                    p.id, p.reference
                ));
            }
        }
        let sources: BTreeSet<String> = p.sources.iter().cloned().collect();
        if sources != row_sources {
            problems.push(format!(
                "{}: sources {sources:?} differ from the row's {row_sources:?}",
                p.id
            ));
        }
    }
    for (id, row) in &rows {
        if let Some((ess, spill)) = union.get(id.as_str())
            && (ess != &row.essential || spill != &row.spillover)
        {
            problems.push(format!(
                "{}: the points give essential {ess:?} spillover {spill:?}, the row {:?} / {:?}",
                row.id, row.essential, row.spillover
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
