//! Benchmarks of the core: load and validate, reverse queries, and explaining a pain drawing,
//! on the shipped atlas and on a generated atlas ten times its size. Run with `cargo bench --no-default-features`
//! (or `scripts/bench`).

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use trigger_atlas::atlas::art::{SHIPPED_ART, parse_art};
use trigger_atlas::atlas::drawing::{Drawing, Explainer, Stroke, StrokeView};
use trigger_atlas::atlas::{
    Atlas, Place, Side, candidates, load::SHIPPED_ATLAS, parse_atlas, zones,
};

/// The shipped atlas with every point repeated `n` times under new ids, as RON text.
fn scaled(n: usize) -> String {
    let base = parse_atlas("atlas.ron", SHIPPED_ATLAS.as_bytes()).expect("shipped atlas");
    let mut big: Atlas = base.clone();
    big.points.clear();
    for copy in 0..n {
        for p in &base.points {
            let mut p = p.clone();
            p.id = format!("{}-copy-{copy}", p.id);
            big.points.push(p);
        }
    }
    ron::ser::to_string_pretty(&big, ron::ser::PrettyConfig::default()).expect("serialize")
}

fn load(c: &mut Criterion) {
    let ten = scaled(10);
    let mut g = c.benchmark_group("load_and_validate");
    // The floor: ron's own deserialization, with no checks and no diagnostics.
    g.bench_function("shipped/ron_only", |b| {
        b.iter(|| ron::from_str::<Atlas>(black_box(SHIPPED_ATLAS)).unwrap())
    });
    g.bench_function("shipped", |b| {
        b.iter(|| parse_atlas("atlas.ron", black_box(SHIPPED_ATLAS.as_bytes())).unwrap())
    });
    g.sample_size(20);
    g.bench_function("ten_times/ron_only", |b| {
        b.iter(|| ron::from_str::<Atlas>(black_box(&ten)).unwrap())
    });
    g.bench_function("ten_times", |b| {
        b.iter(|| parse_atlas("atlas10.ron", black_box(ten.as_bytes())).unwrap())
    });
    g.finish();
}

fn queries(c: &mut Criterion) {
    let shipped = parse_atlas("atlas.ron", SHIPPED_ATLAS.as_bytes()).unwrap();
    let ten = parse_atlas("atlas10.ron", scaled(10).as_bytes()).unwrap();
    let one = [Place::new("temple", None)];
    let low_back = [
        Place::new("low_back", Some(Side::Left)),
        Place::new("upper_buttock", Some(Side::Left)),
        Place::new("greater_trochanter", Some(Side::Left)),
    ];
    let mut g = c.benchmark_group("reverse");
    g.bench_function("shipped/temple", |b| {
        b.iter(|| candidates(&shipped, black_box(&one)))
    });
    g.bench_function("shipped/low_back_3_regions", |b| {
        b.iter(|| candidates(&shipped, black_box(&low_back)))
    });
    g.bench_function("ten_times/temple", |b| {
        b.iter(|| candidates(&ten, black_box(&one)))
    });
    g.bench_function("ten_times/low_back_3_regions", |b| {
        b.iter(|| candidates(&ten, black_box(&low_back)))
    });
    g.finish();
    let point = shipped.point("upper-trapezius-1").unwrap();
    c.bench_function("forward/upper-trapezius-1", |b| {
        b.iter(|| zones(&shipped, black_box(point), Some(Side::Left)))
    });
}

/// A drawing over most of the body: broad strokes down both views, both sides.
fn full_body() -> Drawing {
    let mut strokes = Vec::new();
    for view in [StrokeView::Front, StrokeView::Back] {
        for x in [-0.12f32, -0.06, 0.0, 0.06, 0.12] {
            let points = (0..40).map(|k| (x, 0.05 + k as f32 * 0.023)).collect();
            strokes.push(Stroke {
                view,
                radius: 0.04,
                points,
                erase: false,
            });
        }
    }
    Drawing { strokes }
}

fn explain(c: &mut Criterion) {
    let shipped = parse_atlas("atlas.ron", SHIPPED_ATLAS.as_bytes()).unwrap();
    let ten = parse_atlas("atlas10.ron", scaled(10).as_bytes()).unwrap();
    let art = parse_art("body.ron", SHIPPED_ART.as_bytes(), None).unwrap();
    let drawing = full_body();
    let tap = Drawing::tap(StrokeView::Back, (0.03, 0.6));
    let mut g = c.benchmark_group("explain");
    g.sample_size(20);
    g.bench_function("build/shipped", |b| {
        b.iter(|| Explainer::new(black_box(&shipped), black_box(&art)))
    });
    let e1 = Explainer::new(&shipped, &art);
    let e10 = Explainer::new(&ten, &art);
    // The drawing is painted once per view; what is timed is scoring it against the atlas.
    let cells = e1.paint(&drawing).0;
    eprintln!(
        "full-body drawing: {} painted cells; grids: {:?} (signatures, worths)",
        cells.iter().map(|c| c.len()).sum::<usize>(),
        e1.size()
    );
    g.bench_function("shipped/full_body", |b| {
        b.iter(|| e1.explain_cells(&shipped, black_box(&cells)))
    });
    g.bench_function("ten_times/full_body", |b| {
        b.iter(|| e10.explain_cells(&ten, black_box(&cells)))
    });
    g.bench_function("shipped/full_body_with_painting", |b| {
        b.iter(|| e1.explain(&shipped, black_box(&drawing)))
    });
    g.bench_function("shipped/tap", |b| {
        b.iter(|| e1.explain(&shipped, black_box(&tap)))
    });
    g.finish();
}

criterion_group!(benches, load, queries, explain);
criterion_main!(benches);
