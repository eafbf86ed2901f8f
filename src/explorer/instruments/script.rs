//! A tiny script of user actions, for screenshots and measurements:
//! `TRIGGER_ATLAS_SCRIPT="select upper-trapezius-1:left; wait 10; screenshot out.png; exit"`.
//!
//! Steps: `select ID[:left|right]`, `clear`, `mode explore|where`, `mark REGION[:left|right]`,
//! `multi on|off`, `view both|front|back`, `scale 1.5`, `colourblind on|off`, `search TEXT`, `tab N` (N times the
//! next point, three frames apart), `wait FRAMES`,
//! `screenshot PATH`, `paint VIEW x,y x,y ...` (a stroke; one point is a dab), `undo`, `redo`,
//! `brush small|medium|large`, `erase on|off`, `mirror on|off`, `client NAME`, `save-record`,
//! `new-client`, `open-record ID`, `muscles on|off`, `presenter on|off`, `tour ID`, `next`,
//! `back`, `motion on|off`, `zoom in|out|reset`, `exit`. The script starts once
//! the data is ready.

use bevy::prelude::*;
use bevy::render::view::screenshot::{Screenshot, save_to_disk};
use bevy::window::RequestRedraw;

use crate::atlas::{Place, Side};

use crate::explorer::live::LiveAtlas;
use crate::explorer::state::Search;
use crate::explorer::state::{Command, Mode, Prefs, ViewMode};

/// One step of a script.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    Select(String, Option<Side>),
    /// The next point (Tab).
    Next,
    Clear,
    Mode(Mode),
    Mark(String, Option<Side>),
    Multi(bool),
    View(ViewMode),
    Scale(f32),
    ColourBlind(bool),
    Search(String),
    Wait(u32),
    Screenshot(String),
    /// Paint a stroke on a view through these points (art coordinates, `x` signed).
    Paint(crate::atlas::drawing::StrokeView, Vec<(f32, f32)>),
    /// A drawing command: undo, redo, clear, brush size, eraser, mirror.
    Drawing(crate::explorer::state::DrawingCommand),
    /// Type the client's name or initials.
    Client(String),
    /// The Muscles layer on or off.
    Muscles(bool),
    /// A record command: save for this client, new client.
    Record(crate::explorer::records::RecordCommand),
    /// Presenter mode on or off.
    Presenter(bool),
    /// Start a guided tour.
    Tour(String),
    /// Go on or back (a tour step, or the next point), as the clicker does.
    Forward,
    Back,
    /// Animation on (`motion on`) or reduced (`motion off`).
    Motion(bool),
    /// Zoom the body in or out, or back to the fit, as `+`, `-` and `R` do.
    Zoom(crate::explorer::body::camera::CameraCommand),
    Exit,
}

fn id_side(s: &str) -> Result<(String, Option<Side>), String> {
    match s.split_once(':') {
        Some((id, side)) => Ok((id.to_string(), Some(side.parse()?))),
        None => Ok((s.to_string(), None)),
    }
}

/// Parse `a; b; c`.
pub fn parse_script(text: &str) -> Result<Vec<Step>, String> {
    let mut steps = Vec::new();
    for s in text
        .split([';', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        // `tab N`: N times the next point, three frames apart.
        if let Some(n) = s.strip_prefix("tab ") {
            let n: u32 = n
                .trim()
                .parse()
                .map_err(|_| format!("bad count in `{s}`"))?;
            for _ in 0..n {
                steps.push(Step::Next);
                steps.push(Step::Wait(2));
            }
            continue;
        }
        steps.push(parse_step(s)?);
    }
    Ok(steps)
}

fn parse_step(s: &str) -> Result<Step, String> {
    let (verb, arg) = s.split_once(' ').map_or((s, ""), |(v, a)| (v, a.trim()));
    Ok(match verb {
        "select" => {
            let (id, side) = id_side(arg)?;
            Step::Select(id, side)
        }
        "clear" => Step::Clear,
        "mode" => Step::Mode(match arg {
            "where" => Mode::WhereItHurts,
            "explore" => Mode::Explore,
            other => return Err(format!("unknown mode `{other}`: use explore or where")),
        }),
        "mark" => {
            let (id, side) = id_side(arg)?;
            Step::Mark(id, side)
        }
        "multi" => Step::Multi(arg == "on"),
        "view" => Step::View(ViewMode::parse(arg).ok_or_else(|| {
            format!("unknown view `{arg}`: use both, front, back, left, right or all")
        })?),
        "scale" => Step::Scale(arg.parse().map_err(|_| format!("bad scale `{arg}`"))?),
        "colourblind" => Step::ColourBlind(arg == "on"),
        "search" => Step::Search(arg.to_string()),
        "wait" => Step::Wait(
            arg.parse()
                .map_err(|_| format!("bad frame count `{arg}`"))?,
        ),
        "screenshot" => Step::Screenshot(arg.to_string()),
        "paint" => {
            use crate::atlas::drawing::StrokeView;
            let mut words = arg.split_whitespace();
            let view = match words.next() {
                Some("front") => StrokeView::Front,
                Some("back") => StrokeView::Back,
                Some("left") => StrokeView::Left,
                Some("right") => StrokeView::Right,
                other => return Err(format!("paint: unknown view `{}`", other.unwrap_or(""))),
            };
            let points = words
                .map(|w| {
                    let (x, y) = w
                        .split_once(',')
                        .ok_or(format!("paint: write points as x,y, not `{w}`"))?;
                    Ok((
                        x.parse().map_err(|_| format!("paint: bad x in `{w}`"))?,
                        y.parse().map_err(|_| format!("paint: bad y in `{w}`"))?,
                    ))
                })
                .collect::<Result<Vec<(f32, f32)>, String>>()?;
            if points.is_empty() {
                return Err("paint: give at least one point x,y".into());
            }
            Step::Paint(view, points)
        }
        "client" => Step::Client(arg.to_string()),
        "muscles" => Step::Muscles(arg == "on"),
        "save-record" => Step::Record(crate::explorer::records::RecordCommand::Save),
        "new-client" => Step::Record(crate::explorer::records::RecordCommand::NewClient),
        "open-record" => Step::Record(crate::explorer::records::RecordCommand::Open(
            arg.to_string(),
        )),
        "undo" => Step::Drawing(crate::explorer::state::DrawingCommand::Undo),
        "redo" => Step::Drawing(crate::explorer::state::DrawingCommand::Redo),
        "erase" => Step::Drawing(crate::explorer::state::DrawingCommand::SetEraser(
            arg == "on",
        )),
        "mirror" => Step::Drawing(crate::explorer::state::DrawingCommand::SetMirror(
            arg == "on",
        )),
        "brush" => {
            let Some((_, r)) = crate::explorer::state::Brush::SIZES
                .iter()
                .find(|(name, _)| name.eq_ignore_ascii_case(arg))
            else {
                return Err(format!(
                    "brush: unknown size `{arg}`: use small, medium or large"
                ));
            };
            Step::Drawing(crate::explorer::state::DrawingCommand::SetRadius(*r))
        }
        "presenter" => Step::Presenter(arg == "on"),
        "tour" => Step::Tour(arg.to_string()),
        "next" => Step::Forward,
        "back" => Step::Back,
        "motion" => Step::Motion(arg == "on"),
        "zoom" => Step::Zoom(match arg {
            "in" => crate::explorer::body::camera::CameraCommand::ZoomIn,
            "out" => crate::explorer::body::camera::CameraCommand::ZoomOut,
            "reset" => crate::explorer::body::camera::CameraCommand::Reset,
            _ => return Err(format!("bad zoom `{arg}`: in, out or reset")),
        }),
        "exit" => Step::Exit,
        other => return Err(format!("unknown script step `{other}`")),
    })
}

/// The steps still to run.
#[derive(Resource, Debug, Clone, Default)]
pub struct Script {
    pub steps: std::collections::VecDeque<Step>,
    waiting: u32,
}

impl Script {
    pub fn new(steps: Vec<Step>) -> Self {
        Script {
            steps: steps.into(),
            waiting: 0,
        }
    }
}

pub struct ScriptPlugin(pub Vec<Step>);

impl Plugin for ScriptPlugin {
    fn build(&self, app: &mut App) {
        app.insert_resource(Script::new(self.0.clone()))
            .add_systems(
                Update,
                run_script.in_set(crate::explorer::shared::ExplorerSet::Input),
            );
    }
}

fn run_script(
    mut script: ResMut<Script>,
    live: Res<LiveAtlas>,
    mut commands: Commands,
    mut cmds: MessageWriter<Command>,
    mut draw: MessageWriter<crate::explorer::state::DrawingCommand>,
    mut records: ResMut<crate::explorer::records::ClientRecords>,
    mut layer: ResMut<crate::explorer::muscles::MusclesLayer>,
    mut record: MessageWriter<crate::explorer::records::RecordCommand>,
    mut prefs: ResMut<Prefs>,
    mut search: ResMut<Search>,
    mut redraw: MessageWriter<RequestRedraw>,
    mut exit: MessageWriter<AppExit>,
    mut studio: (
        MessageWriter<crate::explorer::studio::PresenterCommand>,
        MessageWriter<crate::explorer::studio::TourCommand>,
        MessageWriter<crate::explorer::body::camera::CameraCommand>,
    ),
) {
    use crate::explorer::studio::{PresenterCommand, TourCommand};
    if script.steps.is_empty() || !live.ready() {
        return;
    }
    // Scripts run without input, so they keep the app awake.
    redraw.write(RequestRedraw);
    if script.waiting > 0 {
        script.waiting -= 1;
        return;
    }
    while let Some(step) = script.steps.pop_front() {
        match step {
            Step::Select(id, side) => {
                cmds.write(Command::Select { id, side });
            }
            Step::Next => {
                cmds.write(Command::Step(1));
            }
            Step::Clear => {
                cmds.write(Command::ClearSelection);
            }
            Step::Mode(m) => {
                cmds.write(Command::SetMode(m));
            }
            Step::Mark(region, side) => {
                cmds.write(Command::TogglePlace {
                    place: Place::new(region, side),
                    extend: true,
                });
            }
            Step::Multi(on) => {
                cmds.write(Command::SetMulti(on));
            }
            Step::View(v) => {
                cmds.write(Command::SetView(v));
            }
            Step::Scale(s) => prefs.ui_scale = s,
            Step::ColourBlind(on) => prefs.colour_blind = on,
            Step::Search(q) => search.query = q,
            Step::Wait(n) => {
                script.waiting = n;
                return;
            }
            Step::Screenshot(path) => {
                commands
                    .spawn(Screenshot::primary_window())
                    .observe(save_to_disk(path));
                // Give the capture a few frames to land on disk before anything else.
                script.waiting = 5;
                return;
            }
            Step::Paint(view, points) => {
                use crate::explorer::state::DrawingCommand;
                draw.write(DrawingCommand::Begin {
                    view,
                    at: points[0],
                });
                for &at in &points[1..] {
                    draw.write(DrawingCommand::Extend { at });
                }
                draw.write(DrawingCommand::End);
            }
            Step::Drawing(c) => {
                draw.write(c);
            }
            Step::Client(name) => records.client = name,
            Step::Muscles(on) => layer.0 = on,
            Step::Zoom(c) => {
                studio.2.write(c);
            }
            Step::Record(c) => {
                record.write(c);
            }
            Step::Presenter(on) => {
                studio.0.write(PresenterCommand::Set(on));
            }
            Step::Tour(id) => {
                studio.1.write(TourCommand::Start(id));
            }
            Step::Forward => {
                studio.0.write(PresenterCommand::Next);
            }
            Step::Back => {
                studio.0.write(PresenterCommand::Back);
            }
            Step::Motion(on) => prefs.reduced_motion = !on,
            Step::Exit => {
                exit.write(AppExit::Success);
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_parse() {
        let s =
            parse_script("select upper-trapezius-1:left; wait 3; screenshot a.png; exit").unwrap();
        assert_eq!(
            s,
            vec![
                Step::Select("upper-trapezius-1".into(), Some(Side::Left)),
                Step::Wait(3),
                Step::Screenshot("a.png".into()),
                Step::Exit
            ]
        );
        assert!(parse_script("fly away").is_err());
    }
}
