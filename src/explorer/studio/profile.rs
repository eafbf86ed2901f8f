//! The tours and the practice profile, kept live: loaded once the atlas is, and again when
//! either file changes on disk (a background thread looks at their times once a second and
//! wakes the app only when one changed). A broken file keeps the last good data and shows why.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, SystemTime};

use bevy::prelude::*;

use crate::atlas::studio::{
    Practice, SHIPPED_TOURS, Tours, find_shipped_tours, load_practice, load_tours, parse_tours,
    practice_path,
};

use crate::explorer::live::LiveAtlas;
use crate::explorer::shared::{ExplorerSet, Waker};

/// Where the tours and the practice profile are.
#[derive(Resource, Debug, Clone)]
pub struct StudioPaths {
    pub tours: Option<PathBuf>,
    pub practice: Option<PathBuf>,
}

impl Default for StudioPaths {
    fn default() -> Self {
        StudioPaths {
            tours: find_shipped_tours(),
            practice: practice_path(),
        }
    }
}

/// The live tours and practice, and the problems of their files.
#[derive(Resource, Debug, Clone, Default)]
pub struct Studio {
    pub tours: Tours,
    pub practice: Option<Practice>,
    pub tours_error: Option<String>,
    pub practice_error: Option<String>,
    /// The atlas generation the tours were checked against.
    checked: Option<u64>,
}

impl Studio {
    pub fn errors(&self) -> impl Iterator<Item = &String> {
        self.tours_error.iter().chain(self.practice_error.iter())
    }
}

/// Set by the watcher when a file changed.
#[derive(Resource, Clone, Default)]
struct Changed(Arc<AtomicBool>);

pub struct ProfilePlugin;

impl Plugin for ProfilePlugin {
    fn build(&self, app: &mut App) {
        app.init_resource::<StudioPaths>()
            .init_resource::<Studio>()
            .init_resource::<Changed>()
            .add_systems(Startup, (load_practice_now, watch))
            .add_systems(
                Update,
                (reload, window_title).chain().in_set(ExplorerSet::Apply),
            );
    }
}

fn read_practice(paths: &StudioPaths, studio: &mut Studio) {
    let Some(path) = &paths.practice else { return };
    match load_practice(path) {
        Ok(p) => {
            studio.practice = p;
            studio.practice_error = None;
        }
        // Keep the last good profile on screen.
        Err(e) => studio.practice_error = Some(e.to_string()),
    }
}

fn load_practice_now(paths: Res<StudioPaths>, mut studio: ResMut<Studio>) {
    read_practice(&paths, &mut studio);
}

fn modified(p: &Option<PathBuf>) -> Option<SystemTime> {
    p.as_ref()
        .and_then(|p| std::fs::metadata(p).ok())
        .and_then(|m| m.modified().ok())
}

/// Look at the files' times once a second; flag a change and wake the app.
fn watch(paths: Res<StudioPaths>, changed: Res<Changed>, waker: Option<Res<Waker>>) {
    let paths = paths.clone();
    let flag = changed.0.clone();
    let wake = waker.map(|w| w.0.clone());
    std::thread::spawn(move || {
        let mut last = (modified(&paths.tours), modified(&paths.practice));
        loop {
            std::thread::sleep(Duration::from_secs(1));
            let now = (modified(&paths.tours), modified(&paths.practice));
            if now != last {
                last = now;
                flag.store(true, Ordering::SeqCst);
                if let Some(w) = &wake {
                    w();
                }
            }
        }
    });
}

fn reload(
    live: Res<LiveAtlas>,
    paths: Res<StudioPaths>,
    changed: Res<Changed>,
    mut studio: ResMut<Studio>,
) {
    let file_changed = changed.0.swap(false, Ordering::SeqCst);
    if file_changed {
        read_practice(&paths, &mut studio);
    }
    let Some(atlas) = live.atlas() else { return };
    if !file_changed && studio.checked == Some(live.generation) {
        return;
    }
    studio.checked = Some(live.generation);
    let loaded = match &paths.tours {
        Some(p) => load_tours(p, atlas).map_err(|e| e.to_string()),
        None => parse_tours("<built-in tours.ron>", SHIPPED_TOURS.as_bytes(), atlas)
            .map_err(|e| e.to_string()),
    };
    match loaded {
        Ok(t) => {
            studio.tours = t;
            studio.tours_error = None;
        }
        Err(e) => studio.tours_error = Some(e),
    }
}

/// The practice's name on the window's title.
fn window_title(
    studio: Res<Studio>,
    mut window: Query<&mut Window, With<bevy::window::PrimaryWindow>>,
) {
    if !studio.is_changed() {
        return;
    }
    let title = match &studio.practice {
        Some(p) => format!("{} · Trigger Atlas", p.name),
        None => "Trigger Atlas".to_string(),
    };
    if let Ok(mut w) = window.single_mut()
        && w.title != title
    {
        w.title = title;
    }
}
