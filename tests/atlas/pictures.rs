//! Picture tests: `trigger-atlas render` draws real selections on the software renderer, and
//! the pixels are checked against the geometry the core computes for the same regions.
//!
//! They need lavapipe (`mesa-vulkan-drivers`); when it is missing they fail and say so.

use std::path::{Path, PathBuf};
use std::process::Command;

use trigger_atlas::atlas::art::{BodyArt, parse_art};
use trigger_atlas::atlas::geometry::{Layout, contains, marker_instances, region_instances};
use trigger_atlas::atlas::{Atlas, Side, View};

/// The standard palette (`explorer::palette::Colours::STANDARD`) in 8-bit sRGB.
const ESSENTIAL: [u8; 3] = [201, 33, 30];
const BODY: [u8; 3] = [236, 224, 213];
const MARKER_RING: [u8; 3] = [51, 84, 140];
const WHITE: [u8; 3] = [255, 255, 255];

pub struct Picture {
    pub width: u32,
    pub height: u32,
    pub rgba: Vec<u8>,
    camera: [f32; 2],
    units_per_pixel: f32,
    pub layout: Layout,
}

impl Picture {
    pub fn pixel(&self, px: [f32; 2]) -> [u8; 3] {
        let (x, y) = (px[0].round() as u32, px[1].round() as u32);
        assert!(
            x < self.width && y < self.height,
            "({x}, {y}) is outside the picture"
        );
        let i = ((y * self.width + x) * 4) as usize;
        [self.rgba[i], self.rgba[i + 1], self.rgba[i + 2]]
    }

    /// Diagram coordinates to pixel coordinates, through the camera the renderer used.
    pub fn to_px(&self, at: [f32; 2]) -> [f32; 2] {
        [
            self.width as f32 / 2.0 + (at[0] - self.camera[0]) / self.units_per_pixel,
            self.height as f32 / 2.0 - (at[1] - self.camera[1]) / self.units_per_pixel,
        ]
    }

    pub fn all_pixels(&self) -> impl Iterator<Item = [u8; 3]> + '_ {
        self.rgba.chunks(4).map(|c| [c[0], c[1], c[2]])
    }
}

fn near(a: [u8; 3], b: [u8; 3], tolerance: u8) -> bool {
    (0..3).all(|i| a[i].abs_diff(b[i]) <= tolerance)
}

/// Run `trigger-atlas render ARGS` and read the picture and its manifest.
pub fn render(name: &str, args: &[&str]) -> Picture {
    crate::require_lavapipe();
    let _turn = crate::gpu_turn();
    let dir = std::env::temp_dir().join(format!("trigger-atlas-pictures-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join(format!("{name}.png"));
    let manifest = dir.join(format!("{name}.json"));
    let o = Command::new(env!("CARGO_BIN_EXE_trigger-atlas"))
        .arg("render")
        .args(args)
        .args(["--size", "1240x1754", "--out"])
        .arg(&out)
        .arg("--manifest")
        .arg(&manifest)
        .env("WGPU_BACKEND", "vulkan")
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "render failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let img = image_rgba(&out);
    let m: serde_json::Value = serde_json::from_slice(&std::fs::read(&manifest).unwrap()).unwrap();
    let f = |v: &serde_json::Value| v.as_f64().unwrap() as f32;
    Picture {
        width: img.0,
        height: img.1,
        rgba: img.2,
        camera: [f(&m["camera"][0]), f(&m["camera"][1])],
        units_per_pixel: f(&m["units_per_pixel"]),
        layout: Layout {
            front_x: f(&m["layout"]["front_x"]),
            back_x: f(&m["layout"]["back_x"]),
            left_x: f(&m["layout"]["left_x"]),
            right_x: f(&m["layout"]["right_x"]),
        },
    }
}

fn image_rgba(path: &Path) -> (u32, u32, Vec<u8>) {
    let img = image::open(path).unwrap().to_rgba8();
    (img.width(), img.height(), img.into_raw())
}

fn data() -> (Atlas, BodyArt) {
    let atlas = crate::shipped();
    let bytes = std::fs::read(crate::repo("assets/body.ron")).unwrap();
    let art = parse_art("body.ron", &bytes, Some(&atlas)).unwrap();
    (atlas, art)
}

/// Pixel positions of a grid of points inside a region instance that no smaller region
/// covers (so that what is drawn there is this region), away from its edge.
fn samples(pic: &Picture, region: &str, side: Option<Side>, view: View) -> Vec<[f32; 2]> {
    let (atlas, art) = data();
    let all = region_instances(&atlas, &art, &pic.layout);
    let r = all
        .iter()
        .find(|r| r.region == region && r.side == side && r.view == view)
        .unwrap_or_else(|| panic!("no {region} {side:?} on the {view:?} view"));
    let margin = 2.0 * pic.units_per_pixel;
    // Away from the edge, so that anti-aliasing does not blend in the neighbours.
    let out: Vec<[f32; 2]> = crate::spots_on_top(&all, r, 40, |p| {
        [[margin, 0.0], [-margin, 0.0], [0.0, margin], [0.0, -margin]]
            .iter()
            .all(|d| contains(&r.polygon, [p[0] + d[0], p[1] + d[1]]))
    })
    .into_iter()
    .map(|p| pic.to_px(p))
    .collect();
    assert!(out.len() >= 5, "too few sample points in {region}");
    out
}

fn share(pic: &Picture, pts: &[[f32; 2]], colour: [u8; 3], tolerance: u8) -> f32 {
    pts.iter()
        .filter(|p| near(pic.pixel(**p), colour, tolerance))
        .count() as f32
        / pts.len() as f32
}

#[test]
fn upper_trapezius_paints_the_temple_in_the_essential_colour() {
    let pic = render("ut1", &["--select", "upper-trapezius-1:left"]);
    for view in [View::Front, View::Back] {
        let pts = samples(&pic, "temple", Some(Side::Left), view);
        let s = share(&pic, &pts, ESSENTIAL, 12);
        assert!(
            s > 0.8,
            "only {:.0}% of the left temple ({view:?}) is essential red",
            s * 100.0
        );
        // The right temple is not lit: referral is to the same side.
        let pts = samples(&pic, "temple", Some(Side::Right), view);
        assert!(
            share(&pic, &pts, ESSENTIAL, 40) < 0.05,
            "the right temple is lit on the {view:?} view"
        );
    }
}

#[test]
fn quadratus_lumborum_lights_the_greater_trochanter_not_the_temple() {
    let pic = render(
        "ql",
        &["--select", "quadratus-lumborum-superficial-caudal:right"],
    );
    let pts = samples(&pic, "greater_trochanter", Some(Side::Right), View::Back);
    assert!(share(&pic, &pts, ESSENTIAL, 12) > 0.8);
    let pts = samples(&pic, "temple", Some(Side::Right), View::Front);
    assert!(share(&pic, &pts, ESSENTIAL, 40) < 0.01, "the temple is lit");
    assert!(
        share(&pic, &pts, BODY, 8) > 0.6,
        "the temple is not plain body colour"
    );

    // The spillover zone (outer thigh) shows its pattern: a mix of zone and body colour.
    let pts = samples(&pic, "lateral_thigh", Some(Side::Right), View::Back);
    let red = share(&pic, &pts, ESSENTIAL, 30);
    let body = share(&pic, &pts, BODY, 12);
    assert!(
        red > 0.2 && red < 0.8,
        "spillover red share {red:.2} is not a pattern"
    );
    assert!(
        body > 0.2 && body < 0.8,
        "spillover body share {body:.2} is not a pattern"
    );
}

#[test]
fn with_nothing_selected_there_is_no_zone_colour_and_every_marker_is_drawn_in_place() {
    let pic = render("overview", &[]);
    let reddish = pic.all_pixels().filter(|p| near(*p, ESSENTIAL, 40)).count();
    assert_eq!(reddish, 0, "{reddish} pixels have the zone colour");

    let (atlas, _) = data();
    // "Both" shows the front and the back.
    let markers: Vec<_> = marker_instances(&atlas, &pic.layout)
        .into_iter()
        .filter(|m| !m.view.is_lateral())
        .collect();
    let radius_px = trigger_atlas::explorer::body::markers::MARKER_RADIUS / pic.units_per_pixel;
    let mut checked = 0;
    let mut wrong = Vec::new();
    for (i, m) in markers.iter().enumerate() {
        // Markers that overlap another cannot be checked pixel by pixel.
        let crowded = markers.iter().enumerate().any(|(j, o)| {
            j != i
                && o.view == m.view
                && ((o.at[0] - m.at[0]).powi(2) + (o.at[1] - m.at[1]).powi(2)).sqrt() < 0.0075 * 2.6
        });
        if crowded {
            continue;
        }
        checked += 1;
        let c = pic.to_px(m.at);
        let centre = pic.pixel(c);
        // The ring band, halfway between the dot (0.62 R) and the rim: in at least one of four
        // directions the pixel is the ring's colour (edges are anti-aliased).
        let r = radius_px * 0.81;
        let ring = [[r, 0.0], [-r, 0.0], [0.0, r], [0.0, -r]]
            .map(|d| pic.pixel([c[0] + d[0], c[1] + d[1]]));
        if !near(centre, WHITE, 20) || !ring.iter().any(|p| near(*p, MARKER_RING, 30)) {
            wrong.push(format!(
                "{} {:?} {:?}: centre {centre:?}, ring {ring:?}",
                atlas.points[m.point].id, m.view, m.side
            ));
        }
    }
    assert!(checked > 100, "only {checked} markers could be checked");
    assert!(
        wrong.is_empty(),
        "markers not drawn where the atlas puts them:\n{}",
        wrong.join("\n")
    );
}

/// A handout of upper trapezius TrP1 rendered to `out`.
fn render_to(out: &str) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_trigger-atlas"))
        .args(["render", "--select", "upper-trapezius-1", "--out", out])
        .output()
        .unwrap()
}

#[test]
fn render_fails_clearly_on_bad_paths_and_missing_adapters() {
    let bin = env!("CARGO_BIN_EXE_trigger-atlas");
    // An output folder that does not exist: exit 2, no panic, says why.
    let o = render_to("/no/such/folder/x.png");
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("cannot write /no/such/folder/x.png") && err.contains("does not exist"),
        "{err}"
    );

    // No adapter at all: Vulkan with no drivers. Exit 3 and what to install.
    let dir = tempfile::tempdir().unwrap();
    let out: PathBuf = dir.path().join("x.png");
    let o = Command::new(bin)
        .args(["render", "--select", "upper-trapezius-1", "--out"])
        .arg(&out)
        .env("WGPU_BACKEND", "vulkan")
        .env("VK_ICD_FILENAMES", "/nonexistent.json")
        .env("VK_DRIVER_FILES", "/nonexistent.json")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(3), "{err}");
    assert!(
        err.contains("no graphics adapter") && err.contains("mesa-vulkan-drivers"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    assert!(!out.exists());

    // An unknown point: exit 1 with a suggestion.
    let o = Command::new(bin)
        .args(["render", "--select", "upper-trapezius-l", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("did you mean `upper-trapezius-1`?"));
}

#[test]
fn a_handout_that_does_not_fit_or_may_not_be_written_leaves_no_file_and_says_why() {
    // A folder no one may write to, root included: exit 2, says why, nothing written.
    let o = render_to("/proc/x.png");
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("cannot write /proc/x.png"), "{err}");
    assert!(!err.contains("panicked"), "{err}");

    // A full disk: a 64 KiB tmpfs takes the first part of the picture, then refuses the rest.
    let _turn = crate::gpu_turn();
    let Some(crate::FullDisk {
        out,
        err,
        listing,
        folder: d,
    }) = crate::render_onto_full_disk("64k", "upper-trapezius-1", "handout.png")
    else {
        eprintln!("skipped the full-disk check: this machine does not allow a private tmpfs");
        return;
    };
    assert!(out.contains("exit 2"), "{out}\n{err}");
    assert!(
        err.contains(&format!("cannot write {d}/handout.png")) && err.contains("No space left"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    assert!(
        listing.trim().is_empty(),
        "the full folder keeps a partial file: {listing}"
    );
}

#[test]
fn a_pain_drawing_handout_shows_the_drawing_and_the_zones_of_its_likely_sources() {
    let drawing = crate::repo("tests/fixtures/drawing.ron")
        .display()
        .to_string();
    let pic = render("pain-drawing", &["--drawing", &drawing, "--view", "back"]);
    // The fixture paints the left low back at (0.012, 0.605)..(0.04, 0.58) and rubs out a spot
    // at (0.03, 0.6); on the back view the person's left is on the viewer's left.
    let at = |x: f32, y: f32| pic.to_px([pic.layout.back_x - x, y]);
    let painted = pic.pixel(at(0.016, 0.598));
    // See-through violet: blue over red and green, whatever lies under it.
    assert!(
        painted[2] > painted[1] + 30 && painted[2] > 90,
        "the drawing is not violet at its stroke: {painted:?}"
    );
    let erased = pic.pixel(at(0.03, 0.6));
    assert!(
        !(erased[2] > erased[1] + 30 && erased[2] > 90),
        "the eraser stroke left paint: {erased:?}"
    );
    // The likely sources' zones are lit somewhere on the body.
    let red = pic.all_pixels().filter(|p| near(*p, ESSENTIAL, 12)).count();
    assert!(red > 500, "only {red} zone pixels");
}

#[test]
fn a_selection_shows_its_muscle_and_its_zones_on_each_of_the_four_views() {
    use trigger_atlas::atlas::art::muscles::{muscle_instances, parse_muscle_art};
    use trigger_atlas::atlas::geometry::region_instances;
    let (atlas, art) = data();
    let muscles = parse_muscle_art(
        "muscles.ron",
        &std::fs::read(crate::repo("assets/muscles.ron")).unwrap(),
        None,
        None,
    )
    .unwrap();
    for (view, name, select, side) in [
        (
            View::Front,
            "front",
            "tensor-fasciae-latae:left",
            Side::Left,
        ),
        (View::Back, "back", "upper-trapezius-2:left", Side::Left),
        (View::Left, "left", "tensor-fasciae-latae:left", Side::Left),
        (View::Right, "right", "vastus-lateralis:right", Side::Right),
    ] {
        let pic = render(
            &format!("muscle-{name}"),
            &["--select", select, "--view", name],
        );
        let id = select.split(':').next().unwrap();
        let p = atlas.point(id).unwrap();
        let regions = region_instances(&atlas, &art, &pic.layout);
        let lit: Vec<_> = regions
            .iter()
            .filter(|r| {
                r.view == view
                    && p.refers_to(&r.region)
                    && (r.side.is_none() || r.side == Some(side))
            })
            .collect();
        assert!(!lit.is_empty(), "{name}: no zone of {id} on this view");
        // The zone colour at the zones.
        let red = pic.all_pixels().filter(|c| near(*c, ESSENTIAL, 14)).count();
        assert!(red > 300, "{name}: only {red} zone pixels");
        // The muscle colour (see-through teal over the skin) inside the muscle, away from the
        // marker and from any zone.
        let marker = marker_instances(&atlas, &pic.layout)
            .into_iter()
            .find(|m| atlas.points[m.point].id == id && m.view == view)
            .unwrap_or_else(|| panic!("{name}: {id} has no marker here"));
        let shape = muscle_instances(&muscles, &pic.layout)
            .into_iter()
            .find(|m| m.muscle == p.muscle_id && m.view == view && m.side != Some(side.other()))
            .unwrap_or_else(|| panic!("{name}: {} is not drawn here", p.muscle_id));
        let mut tested = 0;
        let mut tinted = 0;
        let (x0, x1, y0, y1) = shape.polygon.iter().fold(
            (f32::MAX, f32::MIN, f32::MAX, f32::MIN),
            |(a, b, c, d), q| (a.min(q[0]), b.max(q[0]), c.min(q[1]), d.max(q[1])),
        );
        let grid = (0..20).flat_map(|i| {
            (0..20).map(move |j| {
                [
                    x0 + (x1 - x0) * (i as f32 + 0.5) / 20.0,
                    y0 + (y1 - y0) * (j as f32 + 0.5) / 20.0,
                ]
            })
        });
        for at in grid {
            // Inside the muscle, clear of its edge, of the marker's X and of the lit zones.
            let clear = (at[0] - marker.at[0]).hypot(at[1] - marker.at[1]) > 0.017
                && shape
                    .polygon
                    .iter()
                    .all(|q| (q[0] - at[0]).hypot(q[1] - at[1]) > 0.003)
                && !regions.iter().any(|r| {
                    r.view == view
                        && contains(&r.polygon, at)
                        && lit.iter().any(|l| std::ptr::eq(*l, r))
                })
                && contains(&shape.polygon, at);
            if !clear {
                continue;
            }
            tested += 1;
            let c = pic.pixel(pic.to_px(at));
            if c[1] as i32 >= c[0] as i32 + 10 && c[2] as i32 >= c[0] as i32 {
                tinted += 1;
            }
        }
        assert!(tested >= 5, "{name}: only {tested} spots to test");
        assert!(
            tinted * 10 >= tested * 8,
            "{name}: the muscle colour at {tinted} of {tested} spots of {}",
            p.muscle_id
        );
    }
}
