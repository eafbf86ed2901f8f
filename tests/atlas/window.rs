//! The real app in a real window: under Xvfb with Mesa's software Vulkan (lavapipe), as a
//! separate process (winit allows one event loop per process), looked at through `xwd`.
//!
//! These tests need `Xvfb`, `xwd` and lavapipe (`scripts/install-deps` installs them). When one
//! is missing they fail and say what to install; they are never skipped.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn require(tool: &str, package: &str) {
    let found = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).any(|d| d.join(tool).is_file()))
        .unwrap_or(false);
    assert!(
        found,
        "`{tool}` is missing: install the Debian package `{package}` (bash scripts/install-deps)"
    );
}

/// A private X server for one test.
pub struct Xvfb {
    child: Child,
    pub display: String,
}

impl Xvfb {
    pub fn start() -> Xvfb {
        require("Xvfb", "xvfb");
        require("xwd", "x11-apps");
        crate::require_lavapipe();
        let mut child = Command::new("Xvfb")
            .args([
                "-displayfd",
                "1",
                "-screen",
                "0",
                "1600x1000x24",
                "-nolisten",
                "tcp",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start Xvfb");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .expect("Xvfb prints its display number");
        Xvfb {
            child,
            display: format!(":{}", line.trim()),
        }
    }

    /// Start the app on this display.
    pub fn app(&self, args: &[&str], env: &[(&str, &str)]) -> App {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_trigger-atlas"));
        cmd.args(args)
            .env("DISPLAY", &self.display)
            .env("WGPU_BACKEND", "vulkan")
            .env_remove("WAYLAND_DISPLAY")
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        for (k, v) in env {
            cmd.env(k, v);
        }
        App {
            child: cmd.spawn().expect("start trigger-atlas"),
        }
    }

    /// The whole screen, as RGB rows.
    pub fn capture(&self) -> Screen {
        let out = Command::new("xwd")
            .args(["-root", "-silent", "-display", &self.display])
            .output()
            .expect("run xwd");
        assert!(
            out.status.success(),
            "xwd failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        Screen::from_xwd(&out.stdout)
    }
}

impl Drop for Xvfb {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub struct App {
    child: Child,
}

impl App {
    /// Wait for the app to exit on its own; its exit code and stderr.
    pub fn wait_exit(mut self, limit: Duration) -> (Option<i32>, String) {
        wait_for("the app to exit", limit, || {
            matches!(self.child.try_wait(), Ok(Some(_)))
        });
        let status = self.child.wait().expect("wait for the app");
        let mut err = String::new();
        if let Some(mut e) = self.child.stderr.take() {
            use std::io::Read;
            let _ = e.read_to_string(&mut err);
        }
        (status.code(), err)
    }

    /// Fail if the app has exited.
    pub fn assert_running(&mut self) {
        if let Ok(Some(status)) = self.child.try_wait() {
            let mut err = String::new();
            if let Some(mut e) = self.child.stderr.take() {
                use std::io::Read;
                let _ = e.read_to_string(&mut err);
            }
            panic!("the app exited with {status}: {err}");
        }
    }
}

impl Drop for App {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A screen capture.
pub struct Screen {
    pub width: usize,
    pub height: usize,
    pub rgb: Vec<[u8; 3]>,
}

impl Screen {
    /// Parse an XWD dump of a 24-bit TrueColor screen (what Xvfb gives with `x24`).
    fn from_xwd(data: &[u8]) -> Screen {
        let u = |i: usize| u32::from_be_bytes(data[i * 4..i * 4 + 4].try_into().unwrap()) as usize;
        let header_size = u(0);
        let (width, height) = (u(4), u(5));
        let byte_order = u(7);
        let bits_per_pixel = u(11);
        let bytes_per_line = u(12);
        let (red_mask, green_mask, blue_mask) = (u(14), u(15), u(16));
        let ncolors = u(19);
        assert_eq!(bits_per_pixel, 32, "expected a 32-bit XWD");
        let start = header_size + ncolors * 12;
        let shift = |mask: usize| mask.trailing_zeros();
        let mut rgb = Vec::with_capacity(width * height);
        for y in 0..height {
            for x in 0..width {
                let o = start + y * bytes_per_line + x * 4;
                let b = &data[o..o + 4];
                let px = if byte_order == 0 {
                    u32::from_le_bytes(b.try_into().unwrap())
                } else {
                    u32::from_be_bytes(b.try_into().unwrap())
                } as usize;
                rgb.push([
                    ((px & red_mask) >> shift(red_mask)) as u8,
                    ((px & green_mask) >> shift(green_mask)) as u8,
                    ((px & blue_mask) >> shift(blue_mask)) as u8,
                ]);
            }
        }
        Screen { width, height, rgb }
    }

    /// The share of pixels within `tolerance` of `colour`.
    pub fn share(&self, colour: [u8; 3], tolerance: u8) -> f32 {
        let near = |p: &[u8; 3]| (0..3).all(|i| p[i].abs_diff(colour[i]) <= tolerance);
        self.rgb.iter().filter(|p| near(p)).count() as f32 / self.rgb.len() as f32
    }

    /// Keep the capture as a PNG under the target folder, for looking at after a failure.
    pub fn save(&self, name: &str) -> String {
        let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"));
        let path = dir.join(format!("{name}.png"));
        let bytes: Vec<u8> = self.rgb.iter().flatten().copied().collect();
        let img = image::RgbImage::from_raw(self.width as u32, self.height as u32, bytes).unwrap();
        let _ = img.save(&path);
        path.display().to_string()
    }

    /// The number of distinct colours (a blank screen has one).
    pub fn colours(&self) -> usize {
        let mut v: Vec<[u8; 3]> = self.rgb.clone();
        v.sort();
        v.dedup();
        v.len()
    }
}

/// The body's fill colour (`Colours::STANDARD.body`, sRGB 0.925, 0.878, 0.835).
const BODY: [u8; 3] = [236, 224, 213];
/// The banner's background.
const BANNER: [u8; 3] = [253, 236, 234];

fn wait_for(what: &str, limit: Duration, mut f: impl FnMut() -> bool) -> Duration {
    let start = Instant::now();
    while !f() {
        assert!(
            start.elapsed() < limit,
            "timed out after {limit:?} waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    start.elapsed()
}

/// The window's size inside the screen: Xvfb has no window manager, so the window sits at the
/// top left and the rest of the screen is black.
fn window_size(s: &Screen) -> (usize, usize) {
    let w = (0..s.width)
        .find(|&x| s.rgb[10 * s.width + x] == [0, 0, 0])
        .unwrap_or(s.width);
    let h = (0..s.height)
        .find(|&y| s.rgb[y * s.width + 10] == [0, 0, 0])
        .unwrap_or(s.height);
    (w, h)
}

/// The column of the side panel's edge: the one column right of the middle whose rows, from a
/// tenth to seven tenths of the height, are all the panel's grey separator line.
fn panel_edge(s: &Screen, (w, h): (usize, usize)) -> Option<usize> {
    let grey = |p: [u8; 3]| p.iter().all(|&c| (180..=200).contains(&c));
    (w / 2..w).find(|&x| (h / 10..h * 7 / 10).all(|y| grey(s.rgb[y * s.width + x])))
}

/// Start the app with its own config folder and a script, wait until a capture of the screen
/// satisfies `ready` (failing after 60 s with that capture saved as `NAME-waiting`), let it settle
/// for 2 s, and return the settled capture with the path it was saved under (`NAME`).
fn scripted_screen(
    x: &Xvfb,
    script: &str,
    name: &str,
    what: &str,
    mut ready: impl FnMut(&Screen) -> bool,
) -> (App, Screen, String) {
    let config = tempfile::tempdir().unwrap();
    let mut app = x.app(
        &[],
        &[
            ("XDG_CONFIG_HOME", config.path().to_str().unwrap()),
            ("TRIGGER_ATLAS_SCRIPT", script),
        ],
    );
    let mut screen = x.capture();
    let waited = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        wait_for(what, Duration::from_secs(60), || {
            app.assert_running();
            screen = x.capture();
            ready(&screen)
        })
    }));
    if waited.is_err() {
        panic!(
            "no {what} (see {})",
            screen.save(&format!("{name}-waiting"))
        );
    }
    std::thread::sleep(Duration::from_secs(2));
    let screen = x.capture();
    let saved = screen.save(name);
    (app, screen, saved)
}

#[test]
fn the_panel_shows_the_windows_background_and_a_zoomed_body_stays_out_from_under_it() {
    let _turn = crate::gpu_turn();
    let x = Xvfb::start();
    let (_app, screen, saved) = scripted_screen(
        &x,
        "motion off; select quadratus-lumborum-deep-caudal:right; wait 20; \
         zoom in; zoom in; zoom in; wait 30",
        "zoomed",
        "zoomed body",
        // Zoomed in about twice, the back view's trunk crosses the panel's edge.
        |s| s.share(BODY, 6) > 0.05,
    );
    let (w, h) = window_size(&screen);
    let edge =
        panel_edge(&screen, (w, h)).unwrap_or_else(|| panic!("no panel edge found (see {saved})"));
    assert!(
        w - edge >= 300,
        "the panel is {} px wide (see {saved})",
        w - edge
    );
    let at = |x: usize, y: usize| screen.rgb[y * screen.width + x];
    let near = |p: [u8; 3], c: [u8; 3], t: u8| (0..3).all(|i| p[i].abs_diff(c[i]) <= t);
    // Left of the edge, the body reaches it; right of it, in the panel, there is no skin at all,
    // and the panel's ground is the window's background (egui's own panel grey is not used).
    let background = [246, 245, 243];
    let panel: Vec<[u8; 3]> = (0..h)
        .flat_map(|y| (edge + 2..w).map(move |x| (x, y)))
        .map(|(x, y)| at(x, y))
        .collect();
    let skin = panel.iter().filter(|&&p| near(p, BODY, 6)).count();
    assert_eq!(skin, 0, "{skin} skin pixels under the panel (see {saved})");
    let ground = panel.iter().filter(|&&p| near(p, background, 1)).count();
    assert!(
        ground * 2 > panel.len(),
        "only {ground} of {} panel pixels are the background (see {saved})",
        panel.len()
    );
    let body_beside = (0..h).filter(|&y| near(at(edge - 3, y), BODY, 6)).count();
    assert!(
        body_beside > h / 4,
        "the zoomed body reaches the panel's edge on only {body_beside} rows (see {saved})"
    );
}

#[test]
fn ten_seconds_after_start_with_no_input_the_screen_shows_the_body() {
    let _turn = crate::gpu_turn();
    let x = Xvfb::start();
    let mut app = x.app(&[], &[]);
    std::thread::sleep(Duration::from_secs(10));
    app.assert_running();
    let screen = x.capture();
    assert_eq!((screen.width, screen.height), (1600, 1000));
    let saved = screen.save("ten-seconds");
    let body = screen.share(BODY, 6);
    // The figure covers roughly a tenth of a 1600x1000 screen.
    assert!(
        body > 0.04,
        "only {:.1}% of the screen is body-coloured (see {saved})",
        body * 100.0
    );
    assert!(
        screen.colours() > 50,
        "the screen looks blank ({} colours)",
        screen.colours()
    );
}

#[test]
fn a_broken_atlas_shows_a_banner_and_fixing_it_shows_the_body() {
    let dir = tempfile::tempdir().unwrap();
    let atlas = dir.path().join("atlas.ron");
    let good = std::fs::read_to_string(crate::repo("data/atlas.ron")).unwrap();
    let at = good.find("points: [").unwrap();
    let broken = format!(
        "{}{}",
        &good[..at],
        good[at..].replacen("\"temple\"", "\"temples\"", 1)
    );
    std::fs::write(&atlas, &broken).unwrap();

    let _turn = crate::gpu_turn();
    let x = Xvfb::start();
    let mut app = x.app(&["--atlas", atlas.to_str().unwrap()], &[]);
    // At start-up: the banner, and no body (there is no good atlas yet).
    wait_for("the error banner", Duration::from_secs(20), || {
        x.capture().share(BANNER, 2) > 0.01
    });
    app.assert_running();
    assert!(x.capture().share(BODY, 6) < 0.005);

    // Fix the file while the app runs, with no input: it wakes, reloads and draws the body.
    std::fs::write(&atlas, &good).unwrap();
    let took = wait_for("the body after the fix", Duration::from_secs(8), || {
        let s = x.capture();
        s.share(BODY, 6) > 0.04 && s.share(BANNER, 2) < 0.001
    });
    eprintln!("the fix showed on screen after {took:?}");
    app.assert_running();

    // Break it again: the banner comes back and the body stays.
    std::fs::write(&atlas, &broken).unwrap();
    wait_for(
        "the banner after a broken edit",
        Duration::from_secs(8),
        || {
            let s = x.capture();
            s.share(BANNER, 2) > 0.01 && s.share(BODY, 6) > 0.04
        },
    );
    app.assert_running();
    let _ = Path::new(&atlas);
}

#[test]
fn with_no_graphics_driver_the_explorer_says_what_to_install_and_exits_3() {
    let _turn = crate::gpu_turn();
    let x = Xvfb::start();
    let app = x.app(
        &[],
        &[
            ("VK_ICD_FILENAMES", "/nonexistent.json"),
            ("VK_DRIVER_FILES", "/nonexistent.json"),
        ],
    );
    let (code, err) = app.wait_exit(Duration::from_secs(60));
    assert_eq!(code, Some(3), "{err}");
    assert!(
        err.contains("no graphics adapter") && err.contains("mesa-vulkan-drivers"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
}

/// Records are health data: the app opens no network connection, not even while saving one.
/// The whole run is traced with `strace`; only local sockets (the X server, the kernel) appear.
#[test]
fn painting_and_saving_a_record_opens_no_network_connection() {
    require("strace", "strace");
    let _turn = crate::gpu_turn();
    let x = Xvfb::start();
    let dir = tempfile::tempdir().unwrap();
    let trace = dir.path().join("trace");
    let records = dir.path().join("records");
    let out = Command::new("strace")
        .args(["-f", "-qq", "-e", "trace=socket,connect,sendto", "-o"])
        .arg(&trace)
        .arg(env!("CARGO_BIN_EXE_trigger-atlas"))
        .env("DISPLAY", &x.display)
        .env("WGPU_BACKEND", "vulkan")
        .env_remove("WAYLAND_DISPLAY")
        .env("TRIGGER_ATLAS_RECORDS", &records)
        .env(
            "TRIGGER_ATLAS_SCRIPT",
            "mode where; paint back 0.02,0.6 0.04,0.58; client T. R.; wait 5; save-record; wait 10; exit",
        )
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .expect("run the app under strace");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // It did the work: one record, readable by the user only.
    let saved: Vec<_> = std::fs::read_dir(&records).unwrap().flatten().collect();
    assert_eq!(saved.len(), 1, "{saved:?}");
    let text = std::fs::read_to_string(&trace).unwrap();
    let sockets: Vec<&str> = text.lines().filter(|l| l.contains("socket(")).collect();
    assert!(
        !sockets.is_empty(),
        "the trace saw no socket at all: {text}"
    );
    let network: Vec<&&str> = sockets
        .iter()
        .filter(|l| l.contains("AF_INET") || l.contains("AF_INET6") || l.contains("AF_PACKET"))
        .collect();
    assert!(network.is_empty(), "network sockets: {network:?}");
    assert!(
        !text
            .lines()
            .any(|l| l.contains("connect(") && l.contains("sin_port")),
        "a network connect: {text}"
    );
}

#[test]
fn the_presenter_fills_the_screen_with_the_body_and_a_large_caption_and_no_panel() {
    let _turn = crate::gpu_turn();
    let x = Xvfb::start();
    // The window asks to go fullscreen; Xvfb has no window manager to grant it, so the window
    // is what is not black. Wait until the caption turns its bottom rows white.
    let window = window_size;
    let (_app, screen, saved) = scripted_screen(
        &x,
        "select quadratus-lumborum-deep-caudal:right; presenter on; wait 30",
        "presenter",
        "presenter's caption",
        |s| {
            let (w, h) = window(s);
            h > 100
                && (0..w)
                    .filter(|&x| s.rgb[(h - 6) * s.width + x] == [255, 255, 255])
                    .count()
                    > w * 9 / 10
        },
    );
    let (w, h) = window(&screen);
    let at = |x: usize, y: usize| screen.rgb[y * screen.width + x];
    // No panel: no panel edge, and the right edge of the middle of the screen is the calm
    // background, as the left.
    assert_eq!(
        panel_edge(&screen, (w, h)),
        None,
        "the presenter shows the panel's edge (see {saved})"
    );
    let background = [246, 245, 243];
    for y in [h * 2 / 5, h / 2] {
        for x in [w - 10, 10] {
            let p = at(x, y);
            assert!(
                (0..3).all(|i| p[i].abs_diff(background[i]) <= 3),
                "({x}, {y}) is {p:?}, not the background (see {saved})"
            );
        }
    }
    // The body fills the height between the corner and the caption: its rows span half the
    // window or more.
    let body_rows: Vec<usize> = (0..h)
        .filter(|&y| (0..w).any(|x| (0..3).all(|i| at(x, y)[i].abs_diff(BODY[i]) <= 6)))
        .collect();
    let span = body_rows.last().unwrap_or(&0) - body_rows.first().unwrap_or(&0);
    assert!(
        span * 2 >= h,
        "the body spans {span} of {h} rows (see {saved})"
    );
    // The caption: the tallest line of dark text in the white band at the bottom.
    let top = (0..h)
        .rev()
        .find(|&y| {
            at(w / 2, y) != [255, 255, 255]
                && (0..w).filter(|&x| at(x, y) == [255, 255, 255]).count() < w / 2
        })
        .unwrap_or(0);
    let dark = |y: usize| (0..w).any(|x| at(x, y).iter().all(|&c| c < 90));
    let (mut best, mut run) = (0, 0);
    for y in top + 1..h {
        if dark(y) {
            run += 1;
            best = best.max(run);
        } else {
            run = 0;
        }
    }
    // Capitals of 28 px text stand about 20 px tall; the panel's 14 px text about 10.
    assert!(
        best >= 20,
        "the caption's tallest text line is {best} px (see {saved})"
    );
}
