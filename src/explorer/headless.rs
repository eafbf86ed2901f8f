//! `trigger-atlas render`: the same body, markers and zones as the app, drawn without a window
//! into an image with the handout frame around it, and written as a PNG.
//!
//! It runs the explorer's own plugins on a Bevy app without winit whose camera renders into an
//! image (as in Bevy's `externally_driven_headless_renderer` example), drives frames until the
//! scene is ready, captures the image and writes it through a temporary file.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use bevy::asset::RenderAssetUsages;
use bevy::camera::RenderTarget;
use bevy::prelude::*;
use bevy::render::RenderPlugin;
use bevy::render::render_resource::{
    Extent3d, PollType, TextureDimension, TextureFormat, TextureUsages,
};
use bevy::render::renderer::RenderDevice;
use bevy::render::settings::RenderCreation;
use bevy::render::view::screenshot::{Screenshot, ScreenshotCaptured};
use bevy::window::ExitCondition;
use bevy::winit::WinitPlugin;
use bevy_egui::{EguiGlobalSettings, EguiPlugin};
use serde_json::json;

use crate::atlas::exit::{EXIT_INVALID, EXIT_OK, EXIT_USAGE};
use crate::atlas::geometry::Layout;
use crate::atlas::{Place, Side, View};

use crate::explorer::body::camera::OffscreenTarget;
use crate::explorer::body::diagram::Built;
use crate::explorer::live::{DataPaths, LiveAtlas};
use crate::explorer::shared::gpu;
use crate::explorer::state::{MarkedPlaces, Mode, Selection, ViewMode};

/// What to draw.
#[derive(Debug, Clone)]
pub struct Request {
    pub paths: DataPaths,
    pub select: Vec<(String, Option<Side>)>,
    pub places: Vec<Place>,
    /// A pain drawing: "Your pain drawing", with the points that best explain it selected.
    pub drawing: Option<crate::atlas::drawing::Drawing>,
    /// "Prepared for ... on ..." (a client record's handout).
    pub prepared_for: Option<String>,
    /// The practice's name, contact and logo for the page.
    pub practice: Option<crate::atlas::studio::Practice>,
    pub view: ViewMode,
    pub size: (u32, u32),
    pub out: PathBuf,
    /// Replace an existing file (the command line); the app never does.
    pub clobber: bool,
    /// Also write where things landed (camera, markers), for tests and tools.
    pub manifest: Option<PathBuf>,
}

/// US Letter portrait at 150 dpi.
pub const DEFAULT_SIZE: (u32, u32) = (1275, 1650);

/// The picture size of a paper at 150 dpi.
pub fn paper_pixels(paper: crate::atlas::studio::Paper) -> (u32, u32) {
    let (w, h) = paper.size_pt();
    (
        (w * 150.0 / 72.0).round() as u32,
        (h * 150.0 / 72.0).round() as u32,
    )
}

/// Parse `WxH`.
pub fn parse_size(s: &str) -> Result<(u32, u32), String> {
    let (w, h) = s
        .split_once(['x', 'X'])
        .ok_or_else(|| format!("bad size `{s}`: write it as WIDTHxHEIGHT, e.g. 1240x1754"))?;
    let w: u32 = w
        .trim()
        .parse()
        .map_err(|_| format!("bad width in `{s}`"))?;
    let h: u32 = h
        .trim()
        .parse()
        .map_err(|_| format!("bad height in `{s}`"))?;
    if !(200..=8192).contains(&w) || !(200..=8192).contains(&h) {
        return Err(format!(
            "size `{s}` is out of range: each side from 200 to 8192 pixels"
        ));
    }
    Ok((w, h))
}

/// How many of the points that explain a drawing its handout shows.
pub const DRAWING_SOURCES: usize = 3;

/// The points that best explain `drawing`, with the side of each.
fn best_sources(
    atlas: &crate::atlas::Atlas,
    paths: &DataPaths,
    drawing: &crate::atlas::drawing::Drawing,
) -> Result<Vec<(String, Option<Side>)>, (u8, String)> {
    let art = match &paths.art {
        Some(p) => std::fs::read(p)
            .map_err(|e| {
                (
                    EXIT_USAGE,
                    format!("error: cannot read {}: {e}", p.display()),
                )
            })
            .and_then(|b| {
                crate::atlas::art::parse_art(&p.display().to_string(), &b, None)
                    .map_err(|d| (EXIT_INVALID, d.to_string()))
            })?,
        None => crate::atlas::art::load_shipped_art()
            .map(|(a, _)| a)
            .map_err(|e| (EXIT_INVALID, e.to_string()))?,
    };
    let e = crate::atlas::drawing::Explainer::new(atlas, &art).explain(atlas, drawing);
    Ok(e.candidates
        .iter()
        .take(DRAWING_SOURCES)
        .map(|c| (c.id.clone(), c.sides.first().copied().flatten()))
        .collect())
}

/// Check the request against the atlas before starting the renderer; fill in the points of a
/// pain drawing.
fn check(req: &mut Request) -> Result<(), (u8, String)> {
    let atlas = match &req.paths.atlas {
        Some(p) => crate::atlas::load_path(p),
        None => crate::atlas::parse_atlas(
            "<built-in atlas.ron>",
            crate::atlas::load::SHIPPED_ATLAS.as_bytes(),
        )
        .map_err(crate::atlas::LoadError::Invalid),
    };
    let atlas = atlas.map_err(|e| {
        let code = match e {
            crate::atlas::LoadError::Io { .. } => EXIT_USAGE,
            crate::atlas::LoadError::Invalid(_) => EXIT_INVALID,
        };
        (code, e.to_string())
    })?;
    if let Some(m) = crate::atlas::page::handout::unknown_ids(&atlas, &req.select, &req.places) {
        return Err((EXIT_INVALID, m));
    }
    if let Some(d) = &req.drawing
        && req.select.is_empty()
    {
        req.select = best_sources(&atlas, &req.paths, d)?;
    }
    crate::atlas::files::writable_folder(&req.out).map_err(|m| (EXIT_USAGE, m))?;
    if let Some(m) = &req.manifest {
        crate::atlas::files::writable_folder(m).map_err(|m| (EXIT_USAGE, m))?;
    }
    Ok(())
}

/// Render a handout. Returns the exit code; messages go to stderr.
pub fn run(mut req: Request) -> u8 {
    if let Err((code, message)) = check(&mut req) {
        eprintln!("{message}");
        return code;
    }
    gpu::exit_cleanly_without_adapter();
    match render(&req) {
        Ok(()) => {
            println!("{}", req.out.display());
            EXIT_OK
        }
        Err(message) => {
            eprintln!("{message}");
            EXIT_USAGE
        }
    }
}

fn render(req: &Request) -> Result<(), String> {
    let (w, h) = req.size;
    let mut app = App::new();
    crate::explorer::live::LiveDataPlugin::register_sources(&mut app, &req.paths);
    app.add_plugins(
        DefaultPlugins
            .set(WindowPlugin {
                primary_window: None,
                exit_condition: ExitCondition::DontExit,
                ..default()
            })
            .set(RenderPlugin {
                render_creation: RenderCreation::Automatic(Box::new(gpu::wgpu_settings())),
                synchronous_pipeline_compilation: true,
                ..default()
            })
            .set(AssetPlugin {
                watch_for_changes_override: Some(false),
                ..default()
            })
            .set(bevy::log::LogPlugin {
                filter: "warn,bevy_render=error,bevy_egui=error,wgpu=error".into(),
                ..default()
            })
            .disable::<WinitPlugin>(),
    )
    .add_plugins((
        EguiPlugin::default(),
        crate::explorer::look::materials::MaterialsPlugin,
    ));

    let mut target = Image::new_uninit(
        Extent3d {
            width: w,
            height: h,
            depth_or_array_layers: 1,
        },
        TextureDimension::D2,
        TextureFormat::Rgba8UnormSrgb,
        RenderAssetUsages::default(),
    );
    target.texture_descriptor.usage |= TextureUsages::RENDER_ATTACHMENT | TextureUsages::COPY_SRC;
    let image = app.world_mut().resource_mut::<Assets<Image>>().add(target);
    app.insert_resource(OffscreenTarget {
        target: RenderTarget::Image(image.clone().into()),
        size: Vec2::new(w as f32, h as f32),
    });
    app.world_mut()
        .resource_mut::<EguiGlobalSettings>()
        .auto_create_primary_context = true;
    app.add_plugins(super::ExplorerPlugins {
        paths: req.paths.clone(),
    })
    .add_plugins(crate::explorer::handouts::frame::HandoutPlugin)
    .insert_resource(crate::explorer::handouts::frame::HandoutExtras {
        practice: req.practice.clone(),
        prepared_for: req.prepared_for.clone(),
    })
    .insert_resource(ClearColor(Color::WHITE))
    .insert_resource(crate::explorer::body::highlight::OnlyRelevantMarkers)
    .insert_resource(req.view)
    // A drawing's handout shows its chosen points, not every candidate's marker.
    .insert_resource(if req.places.is_empty() {
        Mode::Explore
    } else {
        Mode::WhereItHurts
    })
    .insert_resource(crate::explorer::state::PainDrawing {
        drawing: req.drawing.clone().unwrap_or_default(),
        ..default()
    })
    .insert_resource(MarkedPlaces {
        places: req.places.clone(),
        multi: true,
    });
    if let Some(((first, side), rest)) = req.select.split_first() {
        app.insert_resource(Selection {
            point: Some(first.clone()),
            side: *side,
            also: rest.to_vec(),
        });
    }
    app.finish();
    app.cleanup();

    let poll = |app: &App| {
        if let Some(device) = app.world().get_resource::<RenderDevice>() {
            let _ = device.wgpu_device().poll(PollType::Wait {
                submission_index: None,
                timeout: None,
            });
        }
    };
    // Run until the data is loaded and the diagram is built, then a few more frames so that
    // the handout frame's size has reached the camera.
    let mut ready_frames = 0;
    for frame in 0.. {
        app.update();
        poll(&app);
        let live = app.world().resource::<LiveAtlas>();
        if let Some(e) = live.errors().next() {
            return Err(e.report.clone());
        }
        let built = app.world().resource::<Built>().0.is_some();
        if live.ready() && built {
            ready_frames += 1;
            if ready_frames >= 6 {
                break;
            }
        }
        if frame > 600 {
            return Err(
                "error: the scene did not become ready (data still loading after 600 frames)"
                    .into(),
            );
        }
        std::thread::sleep(std::time::Duration::from_millis(2));
    }

    let captured: Arc<Mutex<Option<Image>>> = Arc::default();
    let slot = captured.clone();
    app.world_mut()
        .spawn(Screenshot::image(image.clone()))
        .observe(move |e: On<ScreenshotCaptured>| {
            *slot.lock().unwrap() = Some(e.image.clone());
        });
    for _ in 0..30 {
        app.update();
        poll(&app);
        if captured.lock().unwrap().is_some() {
            break;
        }
    }
    let picture = captured
        .lock()
        .unwrap()
        .take()
        .ok_or("error: the renderer produced no picture")?;
    let rgba = picture
        .try_into_dynamic()
        .map_err(|e| format!("error: cannot convert the picture: {e}"))?
        .to_rgba8();
    crate::atlas::files::write_atomically(&req.out, req.clobber, |w| {
        let mut buf = std::io::Cursor::new(Vec::new());
        rgba.write_to(&mut buf, image::ImageFormat::Png)
            .map_err(std::io::Error::other)?;
        w.write_all(buf.get_ref())
    })
    .map_err(|e| format!("error: cannot write {}: {e}", req.out.display()))?;

    if let Some(path) = &req.manifest {
        let manifest = manifest(&mut app, (w, h));
        crate::atlas::files::write_atomically(path, true, |out| {
            out.write_all(
                serde_json::to_string_pretty(&manifest)
                    .unwrap_or_default()
                    .as_bytes(),
            )
        })
        .map_err(|e| format!("error: cannot write {}: {e}", path.display()))?;
    }
    Ok(())
}

/// Where things landed: the camera (to map diagram coordinates to pixels) and every marker.
fn manifest(app: &mut App, size: (u32, u32)) -> serde_json::Value {
    let mut q = app
        .world_mut()
        .query_filtered::<(&Transform, &Projection), With<Camera2d>>();
    let (centre, scale) = q
        .single(app.world())
        .map(|(t, p)| {
            let scale = match p {
                Projection::Orthographic(o) => o.scale,
                _ => 1.0,
            };
            (t.translation.truncate(), scale)
        })
        .unwrap_or((Vec2::ZERO, 1.0));
    let to_px = |at: [f32; 2]| -> [f32; 2] {
        [
            size.0 as f32 / 2.0 + (at[0] - centre.x) / scale,
            size.1 as f32 / 2.0 - (at[1] - centre.y) / scale,
        ]
    };
    let live = app.world().resource::<LiveAtlas>();
    let view = *app.world().resource::<ViewMode>();
    let markers: Vec<serde_json::Value> = live
        .atlas()
        .map(|atlas| {
            live.markers
                .iter()
                .filter(|m| view.shows(m.view))
                .map(|m| {
                    json!({
                        "id": atlas.points[m.point].id,
                        "view": m.view.as_str(),
                        "side": m.side.map(|s| s.as_str()),
                        "px": to_px(m.at),
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    let layout = live.layout.unwrap_or(Layout::SIDE_BY_SIDE);
    json!({
        "size": [size.0, size.1],
        "camera": [centre.x, centre.y],
        "units_per_pixel": scale,
        "layout": {
            "front_x": layout.origin(View::Front),
            "back_x": layout.origin(View::Back),
            "left_x": layout.origin(View::Left),
            "right_x": layout.origin(View::Right),
        },
        "markers": markers,
    })
}
