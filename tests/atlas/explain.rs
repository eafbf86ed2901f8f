//! "Explain my pain" on the shipped atlas: taps anywhere in a painful area put the most common
//! source of that complaint near the top, and every point whose zone covers the tap is listed.

use trigger_atlas::atlas::drawing::{Drawing, Explainer, StrokeView, parse_drawing};
use trigger_atlas::atlas::geometry::{Layout, region_instances};
use trigger_atlas::atlas::{Atlas, Side, View, art::BodyArt};

fn shipped_art(atlas: &Atlas) -> BodyArt {
    let bytes = std::fs::read(crate::repo("assets/body.ron")).unwrap();
    trigger_atlas::atlas::art::parse_art("assets/body.ron", &bytes, Some(atlas)).unwrap()
}

/// Taps on a grid of spots where `region` (left side, or midline) is the region on top.
fn taps(atlas: &Atlas, art: &BodyArt, region: &str, view: View) -> Vec<(f32, f32)> {
    let layout = Layout::SIDE_BY_SIDE;
    let all = region_instances(atlas, art, &layout);
    let mut out = Vec::new();
    for r in all
        .iter()
        .filter(|r| r.region == region && r.view == view && r.side != Some(Side::Right))
    {
        for p in crate::spots_on_top(&all, r, 7, |_| true) {
            let (_, art_xy) = layout.unplace(p);
            out.push((art_xy[0], art_xy[1]));
        }
    }
    assert!(!out.is_empty(), "no spot on {region}");
    out
}

/// The complaints of the prevalence studies and the T&S pain guides, the place that hurts,
/// and the most common sources there (any one of them counts).
const CASES: [(&str, View, &[&str]); 9] = [
    ("low_back", View::Back, &["quadratus-lumborum"]),
    (
        "sacroiliac_region",
        View::Back,
        &["quadratus-lumborum", "gluteus-medius"],
    ),
    (
        "mid_buttock",
        View::Back,
        &["gluteus-medius", "gluteus-minimus", "piriformis"],
    ),
    (
        "upper_buttock",
        View::Back,
        &[
            "gluteus-medius",
            "gluteus-minimus",
            "piriformis",
            "quadratus-lumborum",
        ],
    ),
    (
        "posterior_neck",
        View::Back,
        &["upper-trapezius", "levator-scapulae", "cervical-multifidi"],
    ),
    ("temple", View::Front, &["upper-trapezius"]),
    (
        "heel",
        View::Back,
        &["quadratus-plantae", "soleus", "gastrocnemius"],
    ),
    (
        "back_of_knee",
        View::Back,
        &[
            "biceps-femoris",
            "medial-hamstrings",
            "gastrocnemius",
            "popliteus",
        ],
    ),
    (
        "front_of_knee",
        View::Front,
        &["rectus-femoris", "vastus-medialis"],
    ),
];

#[test]
fn the_most_common_source_is_in_the_top_three_wherever_the_area_is_tapped() {
    let atlas = crate::shipped();
    let art = shipped_art(&atlas);
    let explainer = Explainer::new(&atlas, &art);
    let mut report = Vec::new();
    let (mut hits, mut total) = (0, 0);
    for (region, view, expected) in CASES {
        let spots = taps(&atlas, &art, region, view);
        let mut missed = 0;
        for &at in &spots {
            let e = explainer.explain(&atlas, &Drawing::tap(view.into(), at));
            let top: Vec<&str> = e.candidates.iter().take(3).map(|c| c.id.as_str()).collect();
            total += 1;
            if top
                .iter()
                .any(|id| expected.iter().any(|x| id.starts_with(x)))
            {
                hits += 1;
            } else {
                missed += 1;
                if missed <= 2 {
                    report.push(format!("{region} at {at:?}: top 3 {top:?}"));
                }
            }
        }
        // And for the whole area asked at once (`where`).
        let whole = explainer.explain_cells(
            &atlas,
            &explainer.region_cells(&[trigger_atlas::atlas::Place::new(region, Some(Side::Left))]),
        );
        let top: Vec<&str> = whole
            .candidates
            .iter()
            .take(3)
            .map(|c| c.id.as_str())
            .collect();
        assert!(
            top.iter()
                .any(|id| expected.iter().any(|x| id.starts_with(x))),
            "the whole {region}: top 3 {top:?}"
        );
    }
    let share = hits as f32 / total as f32;
    assert!(
        share >= 0.9,
        "{hits} of {total} taps ({:.0}%) had the most common source in the top 3:\n{}",
        share * 100.0,
        report.join("\n")
    );
}

#[test]
fn every_point_whose_zone_covers_a_tap_is_listed() {
    let atlas = crate::shipped();
    let art = shipped_art(&atlas);
    let explainer = Explainer::new(&atlas, &art);
    for (region, view, _) in CASES {
        let at = taps(&atlas, &art, region, view)[0];
        let e = explainer.explain(&atlas, &Drawing::tap(view.into(), at));
        let listed: Vec<&str> = e.candidates.iter().map(|c| c.id.as_str()).collect();
        for p in atlas.points.iter().filter(|p| p.refers_to(region)) {
            let reaches_left = trigger_atlas::atlas::zones(&atlas, p, None)
                .iter()
                .any(|z| z.region == region && z.side != Some(Side::Right));
            if reaches_left {
                assert!(
                    listed.contains(&p.id.as_str()),
                    "{} missing for {region}",
                    p.id
                );
            }
        }
    }
}

#[test]
fn a_drawing_on_the_left_low_back_ranks_left_side_points_and_says_why() {
    let atlas = crate::shipped();
    let art = shipped_art(&atlas);
    let explainer = Explainer::new(&atlas, &art);
    let text = "Drawing(strokes: [\n    Stroke(view: Back, radius: 0.012, points: [(0.012, 0.605), (0.03, 0.6), (0.04, 0.58)]),\n])";
    let drawing = parse_drawing("low-back.ron", text.as_bytes()).unwrap();
    let e = explainer.explain(&atlas, &drawing);
    let ql = e
        .candidates
        .iter()
        .position(|c| c.id.starts_with("quadratus-lumborum"))
        .expect("QL is listed");
    assert!(ql < 3, "QL ranks {}", ql + 1);
    assert!(e.candidates[ql].sides.contains(&Some(Side::Left)));
    assert!(!e.candidates[ql].sides.contains(&Some(Side::Right)));
    // Points whose zones lie under the drawing say how much of it they cover; QL, beside it,
    // says so.
    let best = e
        .candidates
        .iter()
        .max_by(|a, b| a.explains.total_cmp(&b.explains))
        .unwrap();
    assert!(best.explains > 0.5 && best.explains <= 1.0);
    assert!(
        best.reasons[0].text.contains("% of what you drew"),
        "{:?}",
        best.reasons
    );
    assert!(
        e.candidates[ql]
            .reasons
            .iter()
            .any(|r| r.text.contains("right next to") || r.text.contains("% of what you drew")),
        "{:?}",
        e.candidates[ql].reasons
    );
    assert!(
        e.candidates[ql]
            .reasons
            .iter()
            .any(|r| r.text.contains("low back pain")),
        "the study that makes QL likely is named: {:?}",
        e.candidates[ql].reasons
    );
    // The same drawing mirrored to the right ranks right-side points.
    let mut right = drawing.clone();
    for p in &mut right.strokes[0].points {
        p.0 = -p.0;
    }
    let r = explainer.explain(&atlas, &right);
    let ql_right = r
        .candidates
        .iter()
        .find(|c| c.id.starts_with("quadratus-lumborum"))
        .unwrap();
    assert_eq!(ql_right.sides, vec![Some(Side::Right)]);
    // Together: the fewest points that explain most of it, and no more than the drawing.
    assert!(!e.together.ids.is_empty());
    assert!(e.together.explains >= best.explains - 1e-6 && e.together.explains <= 1.0);
}

#[test]
fn together_covers_a_drawing_that_two_patterns_share() {
    let atlas = crate::shipped();
    let art = shipped_art(&atlas);
    let explainer = Explainer::new(&atlas, &art);
    // The temple and the back of the knee: no one point covers both.
    let temple = taps(&atlas, &art, "temple", View::Front)[0];
    let knee = taps(&atlas, &art, "back_of_knee", View::Back)[0];
    let mut d = Drawing::tap(StrokeView::Front, temple);
    d.strokes
        .extend(Drawing::tap(StrokeView::Back, knee).strokes);
    let e = explainer.explain(&atlas, &d);
    let most = |e: &trigger_atlas::atlas::drawing::Explanation| {
        e.candidates.iter().map(|c| c.explains).fold(0f32, f32::max)
    };
    assert!(most(&e) < 0.75, "{}", most(&e));
    assert!(e.together.ids.len() >= 2, "{:?}", e.together);
    assert!(e.together.explains > most(&e) + 0.15, "{:?}", e.together);
    // An eraser over the knee leaves the temple alone.
    let mut erased = d.clone();
    erased.strokes.push(trigger_atlas::atlas::drawing::Stroke {
        view: StrokeView::Back,
        radius: 0.03,
        points: vec![knee],
        erase: true,
    });
    let e = explainer.explain(&atlas, &erased);
    let only_temple = explainer.explain(&atlas, &Drawing::tap(StrokeView::Front, temple));
    assert_eq!(e.painted, only_temple.painted);
    assert_eq!(e.candidates, only_temple.candidates);
    // A tap on the side view, on the outer thigh (lateral frame: x from the plumb line), finds
    // the side patterns there, on the left.
    let side = Drawing::tap(StrokeView::Left, (0.0, 0.42));
    let e = explainer.explain(&atlas, &side);
    assert!(e.unscored_views.is_empty());
    let top: Vec<&str> = e.candidates.iter().take(5).map(|c| c.id.as_str()).collect();
    assert!(
        top.iter().any(|id| id.starts_with("gluteus-minimus")
            || id.starts_with("vastus-lateralis")
            || id.starts_with("tensor")),
        "{top:?}"
    );
    assert!(e.candidates[0].sides.contains(&Some(Side::Left)));
}
