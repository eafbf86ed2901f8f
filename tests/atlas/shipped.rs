//! The shipped atlas: it loads, and the reverse query answers real cases the way the charts do.

use trigger_atlas::atlas::{Intensity, Place, Side, candidates};

#[test]
fn the_shipped_atlas_loads_with_every_region_drawable() {
    let atlas = crate::shipped();
    assert!(atlas.points.len() >= 112);
    assert_eq!(atlas.factors.len(), 5);
    assert!(atlas.regions.iter().all(|r| !r.views.is_empty()));
    assert!(!atlas.disclaimer.is_empty());
}

fn ids_with_essential(region: &str) -> Vec<String> {
    let atlas = crate::shipped();
    candidates(&atlas, &[Place::new(region, None)])
        .into_iter()
        .filter(|c| c.has_essential())
        .map(|c| c.point.id.clone())
        .collect()
}

#[test]
fn temple_pain_ranks_upper_trapezius_and_temporalis_as_essential() {
    let atlas = crate::shipped();
    let found = candidates(&atlas, &[Place::new("temple", None)]);
    let essential = ids_with_essential("temple");
    assert!(
        essential.contains(&"upper-trapezius-1".to_string()),
        "{essential:?}"
    );
    assert!(
        essential.iter().any(|id| id.starts_with("temporalis")),
        "{essential:?}"
    );
    // Upper trapezius TrP1 is the classic source: it leads the list.
    assert_eq!(found[0].point.id, "upper-trapezius-1");
    // Essential matches come before spillover-only ones.
    let first_spill = found
        .iter()
        .position(|c| !c.has_essential())
        .unwrap_or(found.len());
    assert!(found[first_spill..].iter().all(|c| !c.has_essential()));
    assert_eq!(found[0].matches[0].intensity, Intensity::Essential);
}

#[test]
fn greater_trochanter_pain_finds_quadratus_lumborum() {
    let ess = ids_with_essential("greater_trochanter");
    assert!(
        ess.iter().any(|id| id.starts_with("quadratus-lumborum")),
        "{ess:?}"
    );
}

#[test]
fn lateral_thigh_pain_finds_gluteus_minimus() {
    let ess = ids_with_essential("lateral_thigh");
    assert!(
        ess.iter().any(|id| id.starts_with("gluteus-minimus")),
        "{ess:?}"
    );
}

#[test]
fn a_side_limits_the_candidates_to_points_that_reach_it() {
    let atlas = crate::shipped();
    let left = candidates(&atlas, &[Place::new("temple", Some(Side::Left))]);
    let trap = left
        .iter()
        .find(|c| c.point.id == "upper-trapezius-1")
        .unwrap();
    // Ipsilateral: only the left upper trapezius refers to the left temple.
    assert_eq!(trap.sides, vec![Some(Side::Left)]);
}

#[test]
fn low_back_pain_lists_the_common_lumbar_sources() {
    let atlas = crate::shipped();
    let found = candidates(&atlas, &[Place::new("low_back", None)]);
    let ids: Vec<&str> = found.iter().map(|c| c.point.id.as_str()).collect();
    for muscle in ["longissimus", "multifid", "iliopsoas", "iliocostalis"] {
        assert!(
            ids.iter().any(|id| id.contains(muscle))
                || found
                    .iter()
                    .any(|c| c.point.muscle.to_lowercase().contains(muscle)),
            "{muscle} missing from {ids:?}"
        );
    }
}

#[test]
fn the_readme_worked_example_is_a_valid_point() {
    let readme = std::fs::read_to_string(crate::repo("README.md")).unwrap();
    let start = readme
        .find("```ron\nTriggerPoint(")
        .expect("worked example")
        + "```ron\n".len();
    let example = &readme[start..start + readme[start..].find("```").unwrap()];
    let atlas = std::fs::read_to_string(crate::repo("data/atlas.ron")).unwrap();
    let atlas = atlas.replace(
        "prefix: \"LF\", title: \"Leg, ankle & foot\", rows: 22",
        "prefix: \"LF\", title: \"Leg, ankle & foot\", rows: 23",
    );
    let at = atlas.find("    points: [\n").unwrap() + "    points: [\n".len();
    let text = format!("{}{}{}", &atlas[..at], example, &atlas[at..]);
    // And its muscle, from the second block, into the muscles.
    let m0 = readme
        .find("```ron\nMuscle(")
        .expect("the muscle of the example")
        + "```ron\n".len();
    let muscle = &readme[m0..m0 + readme[m0..].find("```").unwrap()];
    let at = text.find("    muscles: [\n").unwrap() + "    muscles: [\n".len();
    let text = format!("{}{}{}", &text[..at], muscle, &text[at..]);
    let parsed = trigger_atlas::atlas::parse_atlas("readme-example.ron", text.as_bytes())
        .unwrap_or_else(|e| panic!("{e}"));
    let p = parsed.point("abductor-digiti-minimi-foot").unwrap();
    assert_eq!(p.essential, vec!["ball_of_foot".to_string()]);
}

#[test]
fn the_shipped_body_art_draws_every_region_on_its_views() {
    let atlas = crate::shipped();
    let bytes = std::fs::read(crate::repo("assets/body.ron")).unwrap();
    let art = trigger_atlas::atlas::art::parse_art("assets/body.ron", &bytes, Some(&atlas))
        .unwrap_or_else(|e| panic!("{e}"));
    // Front, back, and the side view (which draws both side views).
    assert_eq!(art.views.len(), 3);
}

#[test]
fn every_marker_sits_inside_the_body_outline() {
    use trigger_atlas::atlas::geometry::{Layout, contains, marker_instances, outline_polygon_on};
    let atlas = crate::shipped();
    let bytes = std::fs::read(crate::repo("assets/body.ron")).unwrap();
    let art =
        trigger_atlas::atlas::art::parse_art("assets/body.ron", &bytes, Some(&atlas)).unwrap();
    let layout = Layout::SIDE_BY_SIDE;
    let off: Vec<String> = marker_instances(&atlas, &layout)
        .iter()
        .filter(|m| {
            !contains(
                &outline_polygon_on(&layout, m.view, art.view(m.view).unwrap()),
                m.at,
            )
        })
        .map(|m| format!("{} ({:?} {:?})", atlas.points[m.point].id, m.view, m.side))
        .collect();
    assert!(off.is_empty(), "markers off the body: {off:?}");
}
