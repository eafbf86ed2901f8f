//! PDF handouts and booklets, read back with poppler (`pdfinfo`, `pdftotext`, `pdfimages`,
//! `pdftoppm`; Debian's poppler-utils, installed by scripts/install-deps), and the page layout
//! of the core that both the PDF and the PNG draw from.

use std::path::Path;
use std::process::{Command, Output};

use trigger_atlas::atlas::art::load_shipped_art;
use trigger_atlas::atlas::page::handout::{HandoutInput, default_views, handout_page};
use trigger_atlas::atlas::page::{Inks, MARGIN, Page, Rect};
use trigger_atlas::atlas::studio::Paper;

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_trigger-atlas"));
    c.current_dir(std::env::temp_dir());
    c
}

/// Run the binary with an empty config folder (no practice profile) unless `--practice` is given.
fn run(config: &Path, args: &[&str]) -> Output {
    bin()
        .args(args)
        .env("XDG_CONFIG_HOME", config)
        .output()
        .expect("run trigger-atlas")
}

/// `render --select piriformis-lateral [extra...] --out OUT`, with `config` as the config folder.
fn piriformis_to(config: &Path, extra: &[&str], out: &str) -> Output {
    let mut args = vec!["render", "--select", "piriformis-lateral"];
    args.extend_from_slice(extra);
    args.extend(["--out", out]);
    run(config, &args)
}

/// The command succeeded (else fail with what it said).
fn assert_ok(o: &Output) {
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

fn tool(name: &str, args: &[&str]) -> String {
    let o = Command::new(name).args(args).output().unwrap_or_else(|e| {
        panic!("{name} is missing ({e}): install poppler-utils (bash scripts/install-deps)")
    });
    assert!(
        o.status.success(),
        "{name} {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn page_size(pdf: &Path) -> (f32, f32) {
    let info = tool("pdfinfo", &[pdf.to_str().unwrap()]);
    let line = info
        .lines()
        .find(|l| l.starts_with("Page size:"))
        .expect("page size");
    let nums: Vec<f32> = line
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect();
    (nums[0], nums[1])
}

fn pages(pdf: &Path) -> usize {
    let info = tool("pdfinfo", &[pdf.to_str().unwrap()]);
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("page count")
}

fn text(pdf: &Path) -> String {
    tool("pdftotext", &["-layout", pdf.to_str().unwrap(), "-"])
}

fn images(pdf: &Path) -> usize {
    // The header is two lines; each image is a line after it.
    tool("pdfimages", &["-list", pdf.to_str().unwrap()])
        .lines()
        .skip(2)
        .count()
}

#[test]
fn a_pdf_handout_is_letter_by_default_a4_on_request_with_real_text_and_no_raster_body() {
    let dir = tempfile::tempdir().unwrap();
    let letter = dir.path().join("ql.pdf");
    let o = run(
        dir.path(),
        &[
            "render",
            "--select",
            "quadratus-lumborum-deep-caudal:right",
            "--out",
            letter.to_str().unwrap(),
        ],
    );
    assert_ok(&o);
    let (w, h) = page_size(&letter);
    assert!(
        (w - 612.0).abs() < 0.5 && (h - 792.0).abs() < 0.5,
        "{w} x {h}"
    );
    let t = text(&letter);
    assert!(t.contains("Quadratus lumborum"), "{t}");
    assert!(t.contains("not a diagnosis"), "the disclaimer: {t}");
    assert!(
        t.contains("Where to find it") && t.contains("What helps"),
        "{t}"
    );
    assert!(t.contains("Travell"), "the sources: {t}");
    // No picture at all: the body, the zones and the muscle are vector paths.
    assert_eq!(images(&letter), 0);

    let a4 = dir.path().join("ql-a4.pdf");
    let o = run(
        dir.path(),
        &[
            "render",
            "--select",
            "quadratus-lumborum-deep-caudal",
            "--paper",
            "a4",
            "--out",
            a4.to_str().unwrap(),
        ],
    );
    assert_ok(&o);
    let (w, h) = page_size(&a4);
    assert!(
        (w - 595.3).abs() < 1.0 && (h - 841.9).abs() < 1.0,
        "{w} x {h}"
    );

    // `--format pdf` wins over the extension.
    let odd = dir.path().join("handout.out");
    let o = run(
        dir.path(),
        &[
            "render",
            "--select",
            "piriformis-lateral",
            "--format",
            "pdf",
            "--out",
            odd.to_str().unwrap(),
        ],
    );
    assert_ok(&o);
    assert!(std::fs::read(&odd).unwrap().starts_with(b"%PDF"));
}

#[test]
fn the_practice_brands_the_pdf_and_sets_its_paper() {
    let dir = tempfile::tempdir().unwrap();
    let practice = crate::repo("tests/fixtures/practice/practice.ron");
    let out = dir.path().join("branded.pdf");
    let o = run(
        dir.path(),
        &[
            "--practice",
            practice.to_str().unwrap(),
            "render",
            "--select",
            "gluteus-medius-1:left",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_ok(&o);
    let t = text(&out);
    assert!(t.contains("Peachtree Neuromuscular Therapy"), "{t}");
    assert!(t.contains("404 555 0100"), "{t}");
    // The logo is the only picture.
    assert_eq!(images(&out), 1);

    // The profile in the user config folder, with `paper: A4`, is found and used.
    let config = dir.path().join("config");
    std::fs::create_dir_all(config.join("trigger-atlas")).unwrap();
    std::fs::write(
        config.join("trigger-atlas/practice.ron"),
        "Practice(name: \"Midtown Muscle Care\", paper: A4)",
    )
    .unwrap();
    let out = dir.path().join("a4.pdf");
    let o = run(
        &config,
        &[
            "render",
            "--select",
            "gluteus-medius-1",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_ok(&o);
    assert!(text(&out).contains("Midtown Muscle Care"));
    assert!((page_size(&out).0 - 595.3).abs() < 1.0);
    // A broken profile stops the handout with file:line:column, rather than printing it unbranded.
    std::fs::write(
        config.join("trigger-atlas/practice.ron"),
        "Practice(name: \"Midtown\", paper: Legal)",
    )
    .unwrap();
    let o = run(
        &config,
        &[
            "render",
            "--select",
            "gluteus-medius-1",
            "--out",
            dir.path().join("x.pdf").to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("practice.ron:1:") && err.contains("Legal"),
        "{err}"
    );
    assert!(!dir.path().join("x.pdf").exists());
}

/// The colour of pixel (x, y) of a PPM (P6) image.
fn pixel(ppm: &[u8], x: usize, y: usize) -> [u8; 3] {
    let mut fields = Vec::new();
    let mut i = 0;
    while fields.len() < 4 {
        while ppm[i].is_ascii_whitespace() {
            i += 1;
        }
        let start = i;
        while !ppm[i].is_ascii_whitespace() {
            i += 1;
        }
        fields.push(String::from_utf8_lossy(&ppm[start..i]).into_owned());
    }
    let width: usize = fields[1].parse().unwrap();
    let at = i + 1 + (y * width + x) * 3;
    [ppm[at], ppm[at + 1], ppm[at + 2]]
}

#[test]
fn the_rasterised_pdf_has_the_zone_colour_where_the_core_puts_the_zone() {
    use trigger_atlas::atlas::geometry::{Layout, contains, region_instances};
    let dir = tempfile::tempdir().unwrap();
    let atlas = crate::shipped();
    let (art, _) = load_shipped_art().unwrap();
    let id = "quadratus-lumborum-deep-caudal";
    let out = dir.path().join("zone.pdf");
    let o = run(
        dir.path(),
        &[
            "render",
            "--select",
            &format!("{id}:right"),
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_ok(&o);
    // The same page, laid out by the core.
    let mut input = HandoutInput::new(&atlas, &art);
    input.select = vec![(id.to_string(), Some(trigger_atlas::atlas::Side::Right))];
    input.views = default_views(&atlas, &input.select);
    let muscles = trigger_atlas::atlas::art::muscles::parse_muscle_art(
        "muscles.ron",
        &std::fs::read(crate::repo("assets/muscles.ron")).unwrap(),
        None,
        None,
    )
    .unwrap();
    input.muscles = Some(&muscles);
    let page = handout_page(&input, 612.0, 792.0);
    let frame = page.body.expect("a body");
    // Rasterise at 1 pixel a point.
    let stem = dir.path().join("zone");
    tool(
        "pdftoppm",
        &[
            "-r",
            "72",
            "-singlefile",
            out.to_str().unwrap(),
            stem.to_str().unwrap(),
        ],
    );
    let ppm = std::fs::read(stem.with_extension("ppm")).unwrap();
    let p = atlas.point(id).unwrap();
    let essential = &p.essential[0];
    let zone = region_instances(&atlas, &art, &Layout::SIDE_BY_SIDE)
        .into_iter()
        .find(|r| r.region == *essential && r.side == Some(trigger_atlas::atlas::Side::Right))
        .expect("the zone is drawn");
    // Points well inside the zone (a grid over it, away from its edge).
    let (mut red, mut all) = (0, 0);
    let (x0, x1) = zone
        .polygon
        .iter()
        .fold((f32::MAX, f32::MIN), |a, q| (a.0.min(q[0]), a.1.max(q[0])));
    let (y0, y1) = zone
        .polygon
        .iter()
        .fold((f32::MAX, f32::MIN), |a, q| (a.0.min(q[1]), a.1.max(q[1])));
    for i in 1..10 {
        for j in 1..10 {
            let q = [
                x0 + (x1 - x0) * i as f32 / 10.0,
                y0 + (y1 - y0) * j as f32 / 10.0,
            ];
            let near_edge = [[-0.004, 0.0], [0.004, 0.0], [0.0, -0.004], [0.0, 0.004]]
                .iter()
                .any(|d| !contains(&zone.polygon, [q[0] + d[0], q[1] + d[1]]));
            if !contains(&zone.polygon, q) || near_edge {
                continue;
            }
            let at = frame.to_page(q);
            let [r, g, b] = pixel(&ppm, at[0] as usize, at[1] as usize);
            all += 1;
            if r > 150 && g < 90 && b < 90 {
                red += 1;
            }
        }
    }
    assert!(all >= 5, "too few samples inside the zone");
    assert!(
        red * 10 >= all * 9,
        "{red} of {all} samples have the zone colour"
    );
    // And far from any zone, on the skin, no red.
    let skin = frame.to_page([Layout::SIDE_BY_SIDE.front_x, 0.55]);
    let [r, g, b] = pixel(&ppm, skin[0] as usize, skin[1] as usize);
    assert!(
        !(r > 150 && g < 90 && b < 90),
        "red at the front navel: {r},{g},{b}"
    );
}

#[test]
fn a_tour_booklet_has_a_cover_and_a_page_a_step() {
    let dir = tempfile::tempdir().unwrap();
    let tours: serde_json::Value =
        serde_json::from_slice(&run(dir.path(), &["tours", "--json"]).stdout).unwrap();
    let low_back = tours
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == "low-back")
        .unwrap();
    let steps = low_back["steps"].as_array().unwrap().len();
    let out = dir.path().join("low-back.pdf");
    let practice = crate::repo("tests/fixtures/practice/practice.ron");
    let o = run(
        dir.path(),
        &[
            "--practice",
            practice.to_str().unwrap(),
            "render",
            "--tour",
            "low-back",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_ok(&o);
    assert_eq!(pages(&out), steps + 1);
    let t = text(&out);
    assert!(t.contains("Low back pain: the usual suspects"));
    assert!(t.contains("Peachtree Neuromuscular Therapy"));
    assert!(t.contains("Quadratus lumborum"), "{t}");
    // An unknown tour: exit 1 and the nearest id.
    let o = run(
        dir.path(),
        &[
            "render",
            "--tour",
            "low-bak",
            "--out",
            dir.path().join("x.pdf").to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("did you mean `low-back`?"));
    // A booklet is a PDF.
    let o = run(
        dir.path(),
        &[
            "render",
            "--tour",
            "low-back",
            "--out",
            dir.path().join("x.png").to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("x.pdf"));
}

#[test]
fn a_record_prints_as_your_pain_drawing() {
    let dir = tempfile::tempdir().unwrap();
    let records = dir.path().join("records");
    let drawing = crate::repo("tests/fixtures/drawing.ron");
    let o = bin()
        .args([
            "records",
            "save",
            "--client",
            "J. D.",
            "--drawing",
            drawing.to_str().unwrap(),
        ])
        .env("TRIGGER_ATLAS_RECORDS", &records)
        .output()
        .unwrap();
    assert_ok(&o);
    let id = String::from_utf8_lossy(&o.stdout)
        .split_whitespace()
        .find(|w| w.contains("j-d"))
        .unwrap_or("")
        .trim_matches(|c: char| !c.is_alphanumeric() && c != '-')
        .to_string();
    let list: serde_json::Value = serde_json::from_slice(
        &bin()
            .args(["records", "list", "--json"])
            .env("TRIGGER_ATLAS_RECORDS", &records)
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let id = if id.is_empty() {
        list[0]["id"].as_str().unwrap().to_string()
    } else {
        id
    };
    let out = dir.path().join("record.pdf");
    let o = bin()
        .args(["render", "--record", &id, "--out", out.to_str().unwrap()])
        .env("TRIGGER_ATLAS_RECORDS", &records)
        .env("XDG_CONFIG_HOME", dir.path())
        .output()
        .unwrap();
    assert_ok(&o);
    let t = text(&out);
    assert!(t.contains("Your pain drawing"), "{t}");
    assert!(t.contains("Prepared for J. D."), "{t}");
    let o = bin()
        .args([
            "render",
            "--record",
            "2026-01-01-nobody",
            "--out",
            out.to_str().unwrap(),
        ])
        .env("TRIGGER_ATLAS_RECORDS", &records)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no client record"));
}

#[test]
fn pdf_writes_are_atomic_and_never_clobber_unless_asked() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("kept.pdf");
    std::fs::write(&out, b"the old handout").unwrap();
    let o = piriformis_to(dir.path(), &["--no-clobber"], out.to_str().unwrap());
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("exists already"));
    assert_eq!(std::fs::read(&out).unwrap(), b"the old handout");
    // A missing folder: a clear message, and nothing written.
    let o = piriformis_to(
        dir.path(),
        &[],
        dir.path().join("no/such/x.pdf").to_str().unwrap(),
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("does not exist"));
    // Replacing (the default) leaves one whole PDF and no temporary file.
    let o = piriformis_to(dir.path(), &[], out.to_str().unwrap());
    assert_eq!(o.status.code(), Some(0));
    assert!(std::fs::read(&out).unwrap().starts_with(b"%PDF"));
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
}

#[test]
#[cfg(feature = "explorer")]
fn with_no_graphics_adapter_a_pdf_still_works_while_a_png_exits_3() {
    let dir = tempfile::tempdir().unwrap();
    let without_adapter = |out: &Path| {
        bin()
            .args([
                "render",
                "--select",
                "piriformis-lateral",
                "--out",
                out.to_str().unwrap(),
            ])
            .env("WGPU_BACKEND", "dx12")
            .env("XDG_CONFIG_HOME", dir.path())
            .output()
            .unwrap()
    };
    let o = without_adapter(&dir.path().join("x.pdf"));
    assert_ok(&o);
    let png = dir.path().join("x.png");
    let o = without_adapter(&png);
    assert_eq!(
        o.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(!png.exists());
}

/// No two text blocks overlap, none crosses the margins, and the body keeps its share.
fn check_layout(page: &Page, what: &str) {
    let inner = Rect::new(
        MARGIN - 0.5,
        MARGIN - 0.5,
        page.width - 2.0 * MARGIN + 1.0,
        page.height - 2.0 * MARGIN + 1.0,
    );
    for (i, a) in page.blocks.iter().enumerate() {
        assert!(
            inner.contains_rect(a),
            "{what}: block {a:?} crosses the margins"
        );
        for b in &page.blocks[i + 1..] {
            assert!(!a.overlaps(b), "{what}: {a:?} overlaps {b:?}");
        }
    }
    let body = page.body.expect("a body");
    assert!(
        body.rect.h >= page.height * 0.3,
        "{what}: the body gets only {}",
        body.rect.h
    );
}

#[test]
fn every_points_handout_fits_letter_and_a4_without_overlaps() {
    let atlas = crate::shipped();
    let (art, _) = load_shipped_art().unwrap();
    let practice = trigger_atlas::atlas::studio::parse_practice(
        "practice.ron",
        &std::fs::read(crate::repo("tests/fixtures/practice/practice.ron")).unwrap(),
        Some(&crate::repo("tests/fixtures/practice")),
    )
    .unwrap();
    for paper in [Paper::Letter, Paper::A4] {
        let (w, h) = paper.size_pt();
        for p in &atlas.points {
            let mut input = HandoutInput::new(&atlas, &art);
            input.select = vec![(p.id.clone(), None)];
            input.views = default_views(&atlas, &input.select);
            input.practice = Some(&practice);
            input.inks = Inks::STANDARD;
            let page = handout_page(&input, w, h);
            check_layout(&page, &format!("{} on {paper:?}", p.id));
            let words = page.text().replace('\n', " ");
            assert!(words.contains(&p.muscle), "{}: {words}", p.id);
            assert!(page.text().contains("Peachtree"), "{}", p.id);
        }
        // Several points at once, a where-handout and each tour step.
        let mut input = HandoutInput::new(&atlas, &art);
        input.select = atlas
            .points
            .iter()
            .take(4)
            .map(|p| (p.id.clone(), None))
            .collect();
        check_layout(&handout_page(&input, w, h), "four points");
        let mut input = HandoutInput::new(&atlas, &art);
        input.places = vec![trigger_atlas::atlas::Place::new("low_back", None)];
        let page = handout_page(&input, w, h);
        check_layout(&page, "where: low back");
        assert!(
            page.text().contains("Quadratus lumborum"),
            "QL is a candidate for the low back"
        );
    }
}

#[test]
fn a_pdf_onto_a_full_disk_or_a_closed_folder_says_why_and_leaves_no_file() {
    let dir = tempfile::tempdir().unwrap();
    // A folder no one may write to, root included.
    let o = piriformis_to(dir.path(), &[], "/proc/x.pdf");
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("cannot write /proc/x.pdf"), "{err}");
    // A full disk: a 16 KiB tmpfs holds a part of the PDF, then refuses the rest.
    let Some(crate::FullDisk {
        out, err, listing, ..
    }) = crate::render_onto_full_disk("16k", "piriformis-lateral", "handout.pdf")
    else {
        eprintln!("skipped the full-disk check: this machine does not allow a private tmpfs");
        return;
    };
    assert!(out.contains("exit 2"), "{out}\n{err}");
    assert!(err.contains("No space left"), "{err}");
    assert!(
        listing.trim().is_empty(),
        "the full folder keeps a partial file: {listing}"
    );
}
