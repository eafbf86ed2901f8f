//! Forward and reverse queries on small hand-made atlases, where the answer is known.

use trigger_atlas::atlas::{
    Atlas, Intensity, Place, Referral, Side, candidates, parse_atlas, search, zones,
};

fn zone_set(atlas: &Atlas, id: &str, side: Option<Side>) -> Vec<(String, Option<Side>, Intensity)> {
    let p = atlas.point(id).unwrap();
    let mut v: Vec<_> = zones(atlas, p, side)
        .into_iter()
        .map(|z| (z.region.to_string(), z.side, z.intensity))
        .collect();
    v.sort();
    v
}

#[test]
fn forward_ipsilateral_lights_the_same_side() {
    let atlas = crate::mini();
    assert_eq!(
        zone_set(&atlas, "upper-trapezius-1", Some(Side::Left)),
        vec![
            ("occiput".into(), Some(Side::Left), Intensity::Spillover),
            ("temple".into(), Some(Side::Left), Intensity::Essential),
        ]
    );
}

#[test]
fn forward_midline_regions_have_no_side() {
    let atlas = crate::mini();
    assert_eq!(
        zone_set(&atlas, "splenius-capitis", Some(Side::Right)),
        vec![("vertex".into(), None, Intensity::Essential)]
    );
}

#[test]
fn forward_contralateral_and_bilateral_referral() {
    let mut atlas = crate::mini();
    atlas.points[0].referral = Referral::Contralateral;
    let z = zone_set(&atlas, "upper-trapezius-1", Some(Side::Left));
    assert!(z.iter().all(|(_, s, _)| *s == Some(Side::Right)), "{z:?}");

    atlas.points[0].referral = Referral::Ipsilateral;
    atlas.points[0].both_sides = vec!["temple".into()];
    let z = zone_set(&atlas, "upper-trapezius-1", Some(Side::Left));
    assert!(z.contains(&("temple".into(), Some(Side::Right), Intensity::Essential)));
    assert!(z.contains(&("temple".into(), Some(Side::Left), Intensity::Essential)));
    assert!(!z.contains(&("occiput".into(), Some(Side::Right), Intensity::Spillover)));
}

#[test]
fn forward_without_a_side_gives_both_sides_of_a_bilateral_point() {
    let atlas = crate::mini();
    let z = zone_set(&atlas, "upper-trapezius-1", None);
    assert_eq!(z.len(), 4);
}

/// An atlas of points whose ranking is known: the weights, intensities and coverage differ.
fn ranking_atlas() -> Atlas {
    let text = std::fs::read_to_string(crate::repo("tests/fixtures/mini.ron")).unwrap();
    let extra = r#"
        TriggerPoint(id: "a-spill-common", muscle: "A", name: "1", location: "x",
            markers: [Marker(view: Back, x: 0.1, y: 0.5)], essential: ["vertex"], spillover: ["temple", "occiput"],
            complaints: "x", note: "x", sources: ["TS1"], reference: ["HN02"], weight: 10),
        TriggerPoint(id: "b-ess-rare", muscle: "B", name: "1", location: "x",
            markers: [Marker(view: Back, x: 0.1, y: 0.5)], essential: ["temple"],
            complaints: "x", note: "x", sources: ["TS1"], reference: ["HN03"], weight: 2),
        TriggerPoint(id: "c-ess-rare-both", muscle: "C", name: "1", location: "x",
            markers: [Marker(view: Back, x: 0.1, y: 0.5)], essential: ["temple"], spillover: ["occiput"],
            complaints: "x", note: "x", sources: ["TS1"], reference: ["HN04"], weight: 2),
        TriggerPoint(id: "aa-ess-rare", muscle: "AA", name: "1", location: "x",
            markers: [Marker(view: Back, x: 0.1, y: 0.5)], essential: ["temple"],
            complaints: "x", note: "x", sources: ["TS1"], reference: ["HN05"], weight: 2),
    ],
)"#;
    let cut = text.rfind("    ],").unwrap();
    let text = format!("{}{}", &text[..cut], extra);
    parse_atlas("ranking.ron", text.as_bytes()).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn reverse_ranks_essential_then_weight_then_coverage_then_id() {
    let atlas = ranking_atlas();
    let asked = [Place::new("temple", None), Place::new("occiput", None)];
    let found = candidates(&atlas, &asked);
    let ids: Vec<&str> = found.iter().map(|c| c.point.id.as_str()).collect();
    assert_eq!(
        ids,
        vec![
            "upper-trapezius-1", // essential, weight 10
            "c-ess-rare-both",   // essential, weight 2, covers both places
            "aa-ess-rare",       // essential, weight 2, one place, id before b
            "b-ess-rare",
            "a-spill-common", // spillover only, even though weight 10
        ]
    );
    let c = &found[1];
    assert_eq!(c.matches.len(), 2);
    assert_eq!(c.matches[0].region, "temple");
    assert_eq!(c.matches[0].intensity, Intensity::Essential);
    assert_eq!(c.matches[1].intensity, Intensity::Spillover);
}

#[test]
fn reverse_respects_the_side_asked() {
    let mut atlas = crate::mini();
    atlas.points[0].referral = Referral::Contralateral;
    let found = candidates(&atlas, &[Place::new("temple", Some(Side::Left))]);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].sides, vec![Some(Side::Right)]);
}

#[test]
fn reverse_on_an_unrelated_region_finds_nothing() {
    let atlas = crate::mini();
    assert!(candidates(&atlas, &[Place::new("nowhere", None)]).is_empty());
    assert!(candidates(&atlas, &[]).is_empty());
}

#[test]
fn search_matches_muscle_region_and_complaint_words() {
    let atlas = crate::mini();
    let ids = |q: &str| {
        search(&atlas, q)
            .into_iter()
            .map(|p| p.id.as_str())
            .collect::<Vec<_>>()
    };
    assert_eq!(ids("trapezius"), vec!["upper-trapezius-1"]);
    assert_eq!(ids("top of the head"), vec!["splenius-capitis"]);
    assert_eq!(ids("headache").len(), 2);
    assert_eq!(ids("Headache temple"), vec!["upper-trapezius-1"]);
    assert!(ids("sciatica").is_empty());
}
