//! Live data: the atlas and the body art are Bevy assets with hot reload. Each file gets an
//! asset source of its own folder; the loaders call the core, so a broken edit arrives as a
//! list of diagnostics instead of an atlas. A broken edit keeps the last good data on screen and
//! raises a banner; the banner clears when the file is fixed.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use bevy::asset::io::{AssetSourceBuilder, Reader};
use bevy::asset::{AssetLoadFailedEvent, AssetLoader, LoadContext};
use bevy::prelude::*;
use bevy::reflect::TypePath;

use crate::atlas::art::muscles::{
    MuscleArt, MuscleInstance, markers_outside_muscles, muscle_instances, parse_muscle_art,
    validate_muscle_art,
};
use crate::atlas::art::{BodyArt, parse_art, validate_art};
use crate::atlas::drawing::Explainer;
use crate::atlas::geometry::{
    Layout, MarkerInstance, RegionInstance, marker_instances, region_instances,
};
use crate::atlas::{Atlas, Diagnostics, parse_atlas};

/// Where the data files are.
#[derive(Resource, Debug, Clone)]
pub struct DataPaths {
    /// The atlas file, or `None` for the copy built into the binary.
    pub atlas: Option<PathBuf>,
    /// The body art file, or `None` for the built-in copy.
    pub art: Option<PathBuf>,
    /// The muscle art file, or `None` for the built-in copy.
    pub muscles: Option<PathBuf>,
}

impl DataPaths {
    /// The shipped files, found from any working directory.
    pub fn shipped() -> Self {
        DataPaths {
            atlas: crate::atlas::load::find_shipped_atlas(),
            art: crate::atlas::art::find_shipped_art(),
            muscles: crate::atlas::art::find_shipped_muscles(),
        }
    }
}

/// A loaded atlas file: the atlas, or why it is not one.
#[derive(Asset, TypePath, Debug)]
pub struct AtlasFile {
    pub name: String,
    pub text: String,
    pub result: Result<Atlas, Diagnostics>,
}

/// A loaded body-art file, checked on its own; it is checked against the atlas when applied.
#[derive(Asset, TypePath, Debug)]
pub struct ArtFile {
    pub name: String,
    pub text: String,
    pub result: Result<BodyArt, Diagnostics>,
}

/// A loaded muscle-art file, checked on its own; checked against the atlas and the body when
/// applied.
#[derive(Asset, TypePath, Debug)]
pub struct MusclesFile {
    pub name: String,
    pub text: String,
    pub result: Result<MuscleArt, Diagnostics>,
}

/// The one loader of the data files: reads the bytes and hands them to the core through `make`
/// (so a broken edit arrives as diagnostics, not as a failed load).
#[derive(TypePath)]
pub struct DataLoader<A: Asset> {
    name: String,
    make: fn(&str, Vec<u8>) -> A,
}

impl<A: Asset> AssetLoader for DataLoader<A> {
    type Asset = A;
    type Settings = ();
    type Error = std::io::Error;

    async fn load(
        &self,
        reader: &mut dyn Reader,
        _settings: &(),
        _load_context: &mut LoadContext<'_>,
    ) -> Result<A, Self::Error> {
        let mut bytes = Vec::new();
        reader.read_to_end(&mut bytes).await?;
        Ok((self.make)(&self.name, bytes))
    }

    fn extensions(&self) -> &[&str] {
        &["ron"]
    }
}

fn text_of(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The display name of a file: its path as given.
#[derive(Resource, Debug, Clone, Default)]
struct FileNames {
    atlas: String,
    art: String,
    muscles: String,
}

/// A problem with one of the data files, shown in the banner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataError {
    pub file: String,
    /// The full report: every diagnostic with its line, caret and help.
    pub report: String,
    /// The first diagnostic's headline, `file:line:col: message`.
    pub headline: String,
    pub count: usize,
}

impl DataError {
    fn from_diagnostics(file: &str, d: &Diagnostics) -> Self {
        DataError {
            file: file.to_string(),
            report: d.to_string(),
            headline: d.first().headline(),
            count: d.len(),
        }
    }

    fn io(file: &str, message: String) -> Self {
        DataError {
            file: file.to_string(),
            report: message.clone(),
            headline: message,
            count: 1,
        }
    }
}

/// The atlas and art on screen, the geometry placed from them, and any current data errors.
#[derive(Resource, Debug, Default)]
pub struct LiveAtlas {
    atlas: Option<Arc<Atlas>>,
    atlas_name: String,
    atlas_text: String,
    art: Option<Arc<BodyArt>>,
    art_text: String,
    muscles: Option<Arc<MuscleArt>>,
    muscles_name: String,
    muscles_text: String,
    /// Every muscle shape placed on the views.
    pub muscle_shapes: Vec<MuscleInstance>,
    pub muscles_error: Option<DataError>,
    pub layout: Option<Layout>,
    pub regions: Vec<RegionInstance>,
    pub markers: Vec<MarkerInstance>,
    pub atlas_error: Option<DataError>,
    pub art_error: Option<DataError>,
    /// Counts accepted changes, so that the diagram knows when to rebuild.
    pub generation: u64,
    /// The zones on the grids for "explain my pain", built the first time a drawing or a
    /// marked place asks (start-up does not pay for it), again after each change.
    explainer: std::sync::OnceLock<Arc<Explainer>>,
}

impl LiveAtlas {
    pub fn atlas(&self) -> Option<&Atlas> {
        self.atlas.as_deref()
    }

    /// The explainer for the data on screen (built on first use).
    pub fn explainer(&self) -> Option<Arc<Explainer>> {
        let (atlas, art) = (self.atlas.as_deref()?, self.art.as_deref()?);
        Some(
            self.explainer
                .get_or_init(|| {
                    let started = std::time::Instant::now();
                    let e = Arc::new(Explainer::new(atlas, art));
                    if crate::explorer::shared::metrics_enabled() {
                        eprintln!(
                            "metric explainer_build_us {}",
                            started.elapsed().as_micros()
                        );
                    }
                    e
                })
                .clone(),
        )
    }

    pub fn art(&self) -> Option<&BodyArt> {
        self.art.as_deref()
    }

    pub fn muscles(&self) -> Option<&MuscleArt> {
        self.muscles.as_deref()
    }

    /// Both files are loaded: there is something to draw.
    pub fn ready(&self) -> bool {
        self.atlas.is_some() && self.art.is_some()
    }

    pub fn errors(&self) -> impl Iterator<Item = &DataError> {
        self.atlas_error
            .iter()
            .chain(self.art_error.iter())
            .chain(self.muscles_error.iter())
    }

    /// Take a newly loaded atlas (with its text, to locate problems that the muscle art finds
    /// in it), or keep the current one and report why not.
    pub fn offer_atlas_text(
        &mut self,
        name: &str,
        text: &str,
        result: Result<&Atlas, &Diagnostics>,
    ) {
        if result.is_ok() {
            self.atlas_name = name.to_string();
            self.atlas_text = text.to_string();
        }
        self.offer_atlas(name, result);
    }

    /// Take a newly loaded atlas, or keep the current one and report why not.
    pub fn offer_atlas(&mut self, name: &str, result: Result<&Atlas, &Diagnostics>) {
        match result {
            Ok(atlas) if self.atlas.as_deref() == Some(atlas) => {
                // The same atlas again (the asset server's first load of a file that was already
                // read at start-up): nothing to rebuild.
                self.atlas_error = None;
            }
            Ok(atlas) => {
                self.atlas = Some(Arc::new(atlas.clone()));
                self.atlas_error = None;
                // Art that was waiting for this atlas, or that must be re-checked against it.
                if let Some(art) = self.art.clone() {
                    self.check_art_against_atlas(&art);
                }
                self.check_muscles();
                self.rebuild();
            }
            Err(d) => self.atlas_error = Some(DataError::from_diagnostics(name, d)),
        }
    }

    /// Take newly loaded body art (checked against the current atlas), or keep the current.
    pub fn offer_art(&mut self, name: &str, text: &str, result: Result<&BodyArt, &Diagnostics>) {
        match result {
            Ok(art) if self.art.as_deref() == Some(art) => {
                self.art_error = None;
            }
            Ok(art) => {
                if let Some(atlas) = self.atlas.as_deref() {
                    let problems = validate_art(art, Some(atlas), name, text);
                    if !problems.is_empty() {
                        self.art_error =
                            Some(DataError::from_diagnostics(name, &Diagnostics(problems)));
                        return;
                    }
                }
                self.art = Some(Arc::new(art.clone()));
                self.art_text = text.to_string();
                self.art_error = None;
                self.check_muscles();
                self.rebuild();
            }
            Err(d) => self.art_error = Some(DataError::from_diagnostics(name, d)),
        }
    }

    /// Take newly loaded muscle art (checked against the atlas and the body), or keep the
    /// current and report why not.
    pub fn offer_muscles(
        &mut self,
        name: &str,
        text: &str,
        result: Result<&MuscleArt, &Diagnostics>,
    ) {
        match result {
            Ok(art) if self.muscles.as_deref() == Some(art) => self.muscles_error = None,
            Ok(art) => {
                let problems = self.muscle_problems(art, name, text);
                if !problems.is_empty() {
                    self.muscles_error =
                        Some(DataError::from_diagnostics(name, &Diagnostics(problems)));
                    return;
                }
                self.muscles = Some(Arc::new(art.clone()));
                self.muscles_name = name.to_string();
                self.muscles_text = text.to_string();
                self.muscles_error = None;
                self.rebuild();
            }
            Err(d) => self.muscles_error = Some(DataError::from_diagnostics(name, d)),
        }
    }

    /// What is wrong with muscle art against the current atlas and body: problems in the art,
    /// then markers outside their muscles (located in the atlas).
    fn muscle_problems(
        &self,
        art: &MuscleArt,
        name: &str,
        text: &str,
    ) -> Vec<crate::atlas::Diagnostic> {
        // Checked once all three files are in: the body's arrival runs the check again, so
        // checking now without it would only do the work twice at start-up.
        let (Some(atlas), Some(_)) = (self.atlas.as_deref(), self.art.as_deref()) else {
            return Vec::new();
        };
        let mut problems = validate_muscle_art(art, Some(atlas), self.art.as_deref(), name, text);
        if problems.is_empty() {
            problems = markers_outside_muscles(atlas, art, &self.atlas_name, &self.atlas_text);
        }
        problems
    }

    /// After the atlas or the body changed: is the muscle art still right? (It stays on screen.)
    fn check_muscles(&mut self) {
        let Some(art) = self.muscles.clone() else {
            return;
        };
        let (name, text) = (self.muscles_name.clone(), self.muscles_text.clone());
        let problems = self.muscle_problems(&art, &name, &text);
        self.muscles_error = (!problems.is_empty())
            .then(|| DataError::from_diagnostics(&name, &Diagnostics(problems)));
    }

    /// An atlas change can leave the art without a shape for a new region: report it, but keep
    /// both (the region is simply not drawn until the art has it).
    fn check_art_against_atlas(&mut self, art: &BodyArt) {
        let Some(atlas) = self.atlas.as_deref() else {
            return;
        };
        let name = self
            .art_error
            .as_ref()
            .map(|e| e.file.clone())
            .unwrap_or_else(|| "body art".to_string());
        let problems = validate_art(art, Some(atlas), &name, &self.art_text);
        self.art_error = (!problems.is_empty())
            .then(|| DataError::from_diagnostics(&name, &Diagnostics(problems)));
    }

    pub fn report_io(&mut self, which: DataFile, name: &str, message: String) {
        let e = Some(DataError::io(name, message));
        match which {
            DataFile::Atlas => self.atlas_error = e,
            DataFile::Art => self.art_error = e,
            DataFile::Muscles => self.muscles_error = e,
        }
    }

    fn rebuild(&mut self) {
        let started = std::time::Instant::now();
        let layout = self.layout.unwrap_or(Layout::SIDE_BY_SIDE);
        self.layout = Some(layout);
        if let (Some(atlas), Some(art)) = (self.atlas.as_deref(), self.art.as_deref()) {
            self.regions = region_instances(atlas, art, &layout);
            self.markers = marker_instances(atlas, &layout);
            self.muscle_shapes = self
                .muscles
                .as_deref()
                .map(|m| muscle_instances(m, &layout))
                .unwrap_or_default();
            if crate::explorer::shared::metrics_enabled() {
                eprintln!("metric place_geometry_us {}", started.elapsed().as_micros());
            }
        }
        self.explainer = std::sync::OnceLock::new();
        self.generation += 1;
    }
}

/// Which data file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DataFile {
    Atlas,
    Art,
    Muscles,
}

#[derive(Resource, Default)]
struct Handles {
    atlas: Option<Handle<AtlasFile>>,
    art: Option<Handle<ArtFile>>,
    muscles: Option<Handle<MusclesFile>>,
}

/// Loads the atlas and the body art and keeps them current.
pub struct LiveDataPlugin {
    pub paths: DataPaths,
}

impl LiveDataPlugin {
    /// The asset sources must exist before `AssetPlugin` is built: call this first.
    pub fn register_sources(app: &mut App, paths: &DataPaths) {
        for (id, file) in [
            ("atlas", &paths.atlas),
            ("art", &paths.art),
            ("muscles", &paths.muscles),
        ] {
            if let Some(dir) = file.as_ref().and_then(|f| f.parent()) {
                let dir = if dir.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    dir
                };
                app.register_asset_source(
                    id,
                    AssetSourceBuilder::platform_default(&dir.to_string_lossy(), None),
                );
            }
        }
    }
}

impl Plugin for LiveDataPlugin {
    fn build(&self, app: &mut App) {
        let names = FileNames {
            atlas: self
                .paths
                .atlas
                .as_ref()
                .map_or("<built-in atlas.ron>".into(), |p| p.display().to_string()),
            art: self
                .paths
                .art
                .as_ref()
                .map_or("<built-in body.ron>".into(), |p| p.display().to_string()),
            muscles: self
                .paths
                .muscles
                .as_ref()
                .map_or("<built-in muscles.ron>".into(), |p| p.display().to_string()),
        };
        app.init_asset::<AtlasFile>()
            .init_asset::<ArtFile>()
            .register_asset_loader(DataLoader {
                name: names.atlas.clone(),
                make: |name, bytes| AtlasFile {
                    name: name.to_string(),
                    result: parse_atlas(name, &bytes),
                    text: text_of(&bytes),
                },
            })
            .register_asset_loader(DataLoader {
                name: names.art.clone(),
                make: |name, bytes| ArtFile {
                    name: name.to_string(),
                    result: parse_art(name, &bytes, None),
                    text: text_of(&bytes),
                },
            })
            .init_asset::<MusclesFile>()
            .register_asset_loader(DataLoader {
                name: names.muscles.clone(),
                make: |name, bytes| MusclesFile {
                    name: name.to_string(),
                    result: parse_muscle_art(name, &bytes, None, None),
                    text: text_of(&bytes),
                },
            })
            .insert_resource(self.paths.clone())
            .insert_resource(names)
            .init_resource::<LiveAtlas>()
            .init_resource::<Handles>()
            .add_systems(Startup, start_loading)
            .add_systems(
                Update,
                (apply_loaded, report_failed).in_set(crate::explorer::shared::ExplorerSet::Input),
            );
    }
}

fn start_loading(
    paths: Res<DataPaths>,
    names: Res<FileNames>,
    server: Res<AssetServer>,
    mut handles: ResMut<Handles>,
    mut live: ResMut<LiveAtlas>,
) {
    // Read the files right away, so that the first frame already shows the body (the asset
    // server's own first load arrives a few frames later and changes nothing); the asset
    // server then watches them for changes.
    if let Some(p) = &paths.atlas
        && let Ok(bytes) = std::fs::read(p)
    {
        let text = String::from_utf8_lossy(&bytes).into_owned();
        live.offer_atlas_text(
            &names.atlas,
            &text,
            parse_atlas(&names.atlas, &bytes).as_ref(),
        );
    }
    if let Some(p) = &paths.art
        && let Ok(bytes) = std::fs::read(p)
    {
        let text = String::from_utf8_lossy(&bytes).into_owned();
        live.offer_art(
            &names.art,
            &text,
            parse_art(&names.art, &bytes, None).as_ref(),
        );
    }
    match &paths.atlas {
        Some(p) => {
            let file = p
                .file_name()
                .map(|f| f.to_string_lossy().into_owned())
                .unwrap_or_default();
            if !p.is_file() {
                live.report_io(
                    DataFile::Atlas,
                    &names.atlas,
                    format!("{}: cannot read the atlas: no such file", names.atlas),
                );
            }
            handles.atlas = Some(server.load(format!("atlas://{file}")));
        }
        None => live.offer_atlas_text(
            &names.atlas,
            crate::atlas::load::SHIPPED_ATLAS,
            parse_atlas(&names.atlas, crate::atlas::load::SHIPPED_ATLAS.as_bytes()).as_ref(),
        ),
    }
    match &paths.art {
        Some(p) => {
            let file = p
                .file_name()
                .map(|f| f.to_string_lossy().into_owned())
                .unwrap_or_default();
            handles.art = Some(server.load(format!("art://{file}")));
        }
        None => live.offer_art(
            &names.art,
            crate::atlas::art::SHIPPED_ART,
            parse_art(&names.art, crate::atlas::art::SHIPPED_ART.as_bytes(), None).as_ref(),
        ),
    }
    // The muscles, checked against the atlas and the body read above.
    match &paths.muscles {
        Some(p) => {
            if let Ok(bytes) = std::fs::read(p) {
                let text = String::from_utf8_lossy(&bytes).into_owned();
                live.offer_muscles(
                    &names.muscles,
                    &text,
                    parse_muscle_art(&names.muscles, &bytes, None, None).as_ref(),
                );
            }
            let file = p
                .file_name()
                .map(|f| f.to_string_lossy().into_owned())
                .unwrap_or_default();
            handles.muscles = Some(server.load(format!("muscles://{file}")));
        }
        None => live.offer_muscles(
            &names.muscles,
            crate::atlas::art::SHIPPED_MUSCLES,
            parse_muscle_art(
                &names.muscles,
                crate::atlas::art::SHIPPED_MUSCLES.as_bytes(),
                None,
                None,
            )
            .as_ref(),
        ),
    }
}

fn loaded<A: Asset>(e: &AssetEvent<A>) -> Option<AssetId<A>> {
    match e {
        AssetEvent::Added { id } | AssetEvent::Modified { id } => Some(*id),
        _ => None,
    }
}

/// Apply newly loaded or reloaded files.
fn apply_loaded(
    mut atlas_events: MessageReader<AssetEvent<AtlasFile>>,
    mut art_events: MessageReader<AssetEvent<ArtFile>>,
    mut muscle_events: MessageReader<AssetEvent<MusclesFile>>,
    atlas_files: Res<Assets<AtlasFile>>,
    art_files: Res<Assets<ArtFile>>,
    muscle_files: Res<Assets<MusclesFile>>,
    mut live: ResMut<LiveAtlas>,
) {
    for id in atlas_events.read().filter_map(loaded) {
        if let Some(file) = atlas_files.get(id) {
            live.offer_atlas_text(&file.name, &file.text, file.result.as_ref());
        }
    }
    // The art is checked against the atlas, so it is applied after it.
    for id in art_events.read().filter_map(loaded) {
        if let Some(file) = art_files.get(id) {
            live.offer_art(&file.name, &file.text, file.result.as_ref());
        }
    }
    // The muscles are checked against both, so they come last.
    for id in muscle_events.read().filter_map(loaded) {
        if let Some(file) = muscle_files.get(id) {
            live.offer_muscles(&file.name, &file.text, file.result.as_ref());
        }
    }
}

/// A file that cannot be read (missing, unreadable) gets a banner, not a panic.
fn report_failed(
    mut atlas_failed: MessageReader<AssetLoadFailedEvent<AtlasFile>>,
    mut art_failed: MessageReader<AssetLoadFailedEvent<ArtFile>>,
    mut muscles_failed: MessageReader<AssetLoadFailedEvent<MusclesFile>>,
    names: Res<FileNames>,
    mut live: ResMut<LiveAtlas>,
) {
    for e in muscles_failed.read() {
        live.report_io(
            DataFile::Muscles,
            &names.muscles,
            format!("{}: cannot read the muscle art: {}", names.muscles, e.error),
        );
    }
    for e in atlas_failed.read() {
        live.report_io(
            DataFile::Atlas,
            &names.atlas,
            format!("{}: cannot read the atlas: {}", names.atlas, e.error),
        );
    }
    for e in art_failed.read() {
        live.report_io(
            DataFile::Art,
            &names.art,
            format!("{}: cannot read the body art: {}", names.art, e.error),
        );
    }
}

/// Modification times of the data files, polled from a thread so that a reactive (sleeping)
/// app wakes up when a file changes: the asset watcher alone does not wake the event loop.
pub fn spawn_file_poller(paths: &DataPaths, wake: impl Fn() + Send + 'static) {
    let files: Vec<PathBuf> = paths
        .atlas
        .iter()
        .chain(paths.art.iter())
        .chain(paths.muscles.iter())
        .cloned()
        .collect();
    if files.is_empty() {
        return;
    }
    std::thread::Builder::new()
        .name("data-file-poller".into())
        .spawn(move || {
            let stamp = |p: &PathBuf| -> Option<(SystemTime, u64)> {
                let m = std::fs::metadata(p).ok()?;
                Some((m.modified().ok()?, m.len()))
            };
            let mut last: Vec<_> = files.iter().map(stamp).collect();
            loop {
                std::thread::sleep(Duration::from_millis(200));
                let now: Vec<_> = files.iter().map(stamp).collect();
                if now != last {
                    last = now;
                    // The asset watcher debounces for 300 ms and loading takes a moment:
                    // keep the app awake for a second while that happens.
                    for _ in 0..8 {
                        wake();
                        std::thread::sleep(Duration::from_millis(150));
                    }
                }
            }
        })
        .ok();
}
