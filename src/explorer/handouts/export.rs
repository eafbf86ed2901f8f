//! "Save handout": writes the same handout as `trigger-atlas render` for the current selection
//! (or the marked places, or the drawing): a PDF by default, a PNG one click away. The renderer
//! runs as a child process of this same binary, so the handout is exactly the command line's and
//! the window stays responsive; the file goes to the user's pictures folder (or the folder typed
//! in the panel) under a name that is not taken yet, through a temporary file, and is never
//! written over an existing one. "Print…" writes the PDF to a private temporary file and hands
//! it to the system's `lp`, where there is one.

use std::path::PathBuf;
use std::process::Command;
use std::sync::Mutex;
use std::sync::mpsc::{Receiver, Sender, channel};

use bevy::prelude::*;
use bevy::window::RequestRedraw;

use crate::explorer::live::{DataPaths, LiveAtlas};
use crate::explorer::shared::Notice;
use crate::explorer::shared::{ExplorerSet, Waker};
use crate::explorer::state::{MarkedPlaces, Mode, Selection, ViewMode};

/// Export request (the "Save handout" key and buttons), sent by the keys and the panel.
#[derive(Message, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SaveHandout {
    /// A vector PDF (Ctrl+S).
    #[default]
    Pdf,
    /// A picture, for screens and messages.
    Png,
    /// The PDF, sent to the system's print command.
    Print,
}

/// The system's print command, if any (found once at start-up; without one the panel shows no
/// "Print…" button).
#[derive(Resource, Debug, Clone)]
pub struct Printer(pub Option<PathBuf>);

impl Default for Printer {
    fn default() -> Self {
        Printer(crate::atlas::files::print_command())
    }
}

/// Where handouts go; editable in the panel.
#[derive(Resource, Debug, Clone, PartialEq)]
pub struct HandoutFolder(pub PathBuf);

impl Default for HandoutFolder {
    fn default() -> Self {
        HandoutFolder(crate::atlas::files::default_handout_dir())
    }
}

/// The program that renders handouts: this executable.
#[derive(Resource, Debug, Clone)]
pub struct Renderer(pub PathBuf);

impl Default for Renderer {
    fn default() -> Self {
        Renderer(std::env::current_exe().unwrap_or_else(|_| PathBuf::from("trigger-atlas")))
    }
}

/// A save in progress, and where its result arrives.
#[derive(Resource, Default)]
pub struct Saving {
    pub busy: bool,
    results: Option<Mutex<Receiver<Result<PathBuf, String>>>>,
}

pub struct ExportPlugin;

impl Plugin for ExportPlugin {
    fn build(&self, app: &mut App) {
        app.init_resource::<HandoutFolder>()
            .init_resource::<Renderer>()
            .init_resource::<Saving>()
            .init_resource::<Printer>()
            .add_message::<SaveHandout>()
            .add_systems(Update, (start_save, finish_save).in_set(ExplorerSet::Apply));
    }
}

/// The `render` arguments for the current state, and a file name stem.
pub fn render_args(
    atlas: &crate::atlas::Atlas,
    selection: &Selection,
    marked: &MarkedPlaces,
    mode: Mode,
    view: ViewMode,
) -> (Vec<String>, String) {
    let mut args = Vec::new();
    let mut stem = String::from("trigger-atlas");
    let side_suffix =
        |s: Option<crate::atlas::Side>| s.map(|s| format!(":{}", s.as_str())).unwrap_or_default();
    let selected = selection.all();
    if !selected.is_empty() {
        for (id, side) in &selected {
            args.push("--select".into());
            args.push(format!("{id}{}", side_suffix(*side)));
        }
        stem = format!("trigger-atlas-{}", selected[0].0);
    } else if mode == Mode::WhereItHurts && !marked.places.is_empty() {
        args.push("--where".into());
        for p in &marked.places {
            args.push(format!("{}{}", p.region, side_suffix(p.side)));
        }
        stem = format!(
            "trigger-atlas-where-{}",
            marked.places[0].region.replace('_', "-")
        );
    }
    let _ = atlas;
    args.push("--view".into());
    args.push(view.as_str().into());
    (args, stem)
}

fn start_save(
    mut requests: MessageReader<SaveHandout>,
    live: Res<LiveAtlas>,
    selection: Res<Selection>,
    marked: Res<MarkedPlaces>,
    mode: Res<Mode>,
    view: Res<ViewMode>,
    folder: Res<HandoutFolder>,
    renderer: Res<Renderer>,
    paths: Res<DataPaths>,
    pain: Res<crate::explorer::state::PainDrawing>,
    waker: Option<Res<Waker>>,
    printer: Res<Printer>,
    mut saving: ResMut<Saving>,
    mut notice: ResMut<Notice>,
) {
    let Some(request) = requests.read().last().copied() else {
        return;
    };
    if saving.busy {
        return;
    }
    let Some(atlas) = live.atlas() else { return };
    if !folder.0.is_dir() {
        notice.0 = Some(format!(
            "Could not save the handout: the folder {} does not exist.",
            folder.0.display()
        ));
        return;
    }
    let (mut args, mut stem) = render_args(atlas, &selection, &marked, *mode, *view);
    // A pain drawing goes to the renderer in a private temporary file (it is health data),
    // removed when the renderer is done.
    let mut drawing_file = None;
    if *mode == Mode::WhereItHurts && !pain.drawing.is_empty() {
        let written = tempfile::Builder::new()
            .prefix("trigger-atlas-drawing-")
            .suffix(".ron")
            .tempfile()
            .and_then(|mut f| {
                use std::io::Write;
                f.write_all(pain.drawing.to_ron().as_bytes())?;
                f.flush()?;
                Ok(f)
            });
        match written {
            Ok(f) => {
                args.push("--drawing".into());
                args.push(f.path().display().to_string());
                drawing_file = Some(f);
                stem = "trigger-atlas-pain-drawing".into();
            }
            Err(e) => {
                notice.0 = Some(format!("Could not save the handout: {e}"));
                return;
            }
        }
    }
    // Printing goes through a private temporary PDF, removed once `lp` has it.
    let print_file = match request {
        SaveHandout::Print => match tempfile::Builder::new()
            .prefix("trigger-atlas-print-")
            .suffix(".pdf")
            .tempfile()
        {
            Ok(f) => Some(f),
            Err(e) => {
                notice.0 = Some(format!("Could not print: {e}"));
                return;
            }
        },
        _ => None,
    };
    let out = match (&print_file, request) {
        (Some(f), _) => f.path().to_path_buf(),
        (None, SaveHandout::Png) => crate::atlas::files::unused_path(&folder.0, &stem),
        (None, _) => crate::atlas::files::unused_path_with(&folder.0, &stem, "pdf"),
    };
    let lp = printer.0.clone();
    let mut cmd = Command::new(&renderer.0);
    if let Some(a) = &paths.atlas {
        cmd.arg("--atlas").arg(a);
    }
    cmd.arg("render").args(&args);
    if print_file.is_none() {
        cmd.arg("--no-clobber");
    }
    cmd.arg("--out").arg(&out);
    let (tx, rx): (Sender<Result<PathBuf, String>>, _) = channel();
    let wake = waker.map(|w| w.0.clone());
    std::thread::spawn(move || {
        let _drawing_file = drawing_file;
        let result = match cmd.output() {
            Ok(o) if o.status.success() && print_file.is_some() => {
                let printed = lp.map(|lp| Command::new(lp).arg(&out).output());
                drop(print_file);
                match printed {
                    Some(Ok(p)) if p.status.success() => Ok(PathBuf::from("the printer")),
                    Some(Ok(p)) => Err(String::from_utf8_lossy(&p.stderr).trim().to_string()),
                    Some(Err(e)) => Err(format!("cannot run lp: {e}")),
                    None => Err("this system has no print command (lp)".into()),
                }
            }
            Ok(o) if o.status.success() => Ok(out),
            Ok(o) => Err(String::from_utf8_lossy(&o.stderr)
                .lines()
                .filter(|l| l.starts_with("error"))
                .collect::<Vec<_>>()
                .join(" ")),
            Err(e) => Err(format!("cannot start the renderer: {e}")),
        };
        let _ = tx.send(result);
        if let Some(wake) = wake {
            wake();
        }
    });
    saving.busy = true;
    saving.results = Some(Mutex::new(rx));
    notice.0 = Some(if request == SaveHandout::Print {
        "Sending the handout to the printer…".into()
    } else {
        "Saving the handout…".into()
    });
}

fn finish_save(
    mut saving: ResMut<Saving>,
    mut notice: ResMut<Notice>,
    mut redraw: MessageWriter<RequestRedraw>,
) {
    if !saving.busy {
        return;
    }
    let result = saving
        .results
        .as_ref()
        .and_then(|rx| rx.lock().ok().and_then(|rx| rx.try_recv().ok()));
    let Some(result) = result else { return };
    saving.busy = false;
    saving.results = None;
    notice.0 = Some(match result {
        Ok(path) if path == std::path::Path::new("the printer") => {
            "Handout sent to the printer.".to_string()
        }
        Ok(path) => format!("Handout saved to {}", path.display()),
        Err(e) if e.is_empty() => "Could not save the handout.".to_string(),
        Err(e) => format!(
            "Could not save the handout: {}",
            e.trim_start_matches("error: ")
        ),
    });
    redraw.write(RequestRedraw);
}
