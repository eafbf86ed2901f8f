//! Client records in the app: "Save for this client", reopen, rename, delete, and "New client",
//! which clears the screen so that the next client never sees the last one's drawing. The
//! files and their guarantees are the core's (`atlas::records`); this room keeps the list and
//! the fields being typed, and applies [`RecordCommand`]s.

use bevy::prelude::*;

use crate::atlas::records::{Chosen, Record, RecordStore, Summary};
use crate::explorer::shared::{ExplorerSet, Notice};
use crate::explorer::state::{MarkedPlaces, Mode, PainDrawing, Selection};

/// The records folder, its list, and the client being worked with.
#[derive(Resource, Debug, Clone, Default)]
pub struct ClientRecords {
    /// `None` where the system has no data folder.
    pub store: Option<RecordStore>,
    pub list: Vec<Summary>,
    /// Files that could not be read, each with why (file:line:column).
    pub problems: Vec<String>,
    /// The record on screen, once saved or opened.
    pub open: Option<String>,
    /// Name or initials, as typed.
    pub client: String,
    pub note: String,
    /// Whether the list has been read since the last change.
    pub loaded: bool,
    /// A record whose deletion waits for "Yes".
    pub confirm_delete: Option<String>,
    /// A record being renamed, and the new name as typed.
    pub renaming: Option<(String, String)>,
}

/// Requests about records, from the panel and the script.
#[derive(Message, Debug, Clone, PartialEq, Eq)]
pub enum RecordCommand {
    /// Save the drawing and the chosen points for `ClientRecords::client`.
    Save,
    Open(String),
    Rename(String, String),
    Delete(String),
    /// Clear everything of the last client from the screen.
    NewClient,
    Refresh,
}

pub struct RecordsPlugin;

impl Plugin for RecordsPlugin {
    fn build(&self, app: &mut App) {
        app.insert_resource(ClientRecords {
            store: RecordStore::open_default(),
            ..default()
        })
        .add_message::<RecordCommand>()
        .add_systems(Update, apply_record_commands.in_set(ExplorerSet::Apply));
    }
}

impl ClientRecords {
    /// Read the list again.
    pub fn refresh(&mut self) {
        let Some(store) = &self.store else {
            return;
        };
        let (list, bad) = store.list();
        self.list = list;
        self.problems = bad.iter().map(|e| e.to_string()).collect();
        self.loaded = true;
    }
}

fn apply_record_commands(
    mut commands: MessageReader<RecordCommand>,
    mut records: ResMut<ClientRecords>,
    mut pain: ResMut<PainDrawing>,
    mut selection: ResMut<Selection>,
    mut marked: ResMut<MarkedPlaces>,
    mut mode: ResMut<Mode>,
    mut notice: ResMut<Notice>,
) {
    for command in commands.read() {
        let Some(store) = records.store.clone() else {
            notice.0 = Some("Records cannot be kept: this system has no user data folder.".into());
            continue;
        };
        match command {
            RecordCommand::Save => {
                let client = records.client.trim().to_string();
                if client.is_empty() {
                    notice.0 = Some("Type the client's name or initials first.".into());
                    continue;
                }
                let points = selection
                    .all()
                    .into_iter()
                    .map(|(id, side)| Chosen {
                        id: id.to_string(),
                        side,
                    })
                    .collect();
                let record = Record::new(&client, pain.drawing.clone(), points, &records.note);
                let result = match records.open.clone() {
                    Some(id) => store.save(&id, &record).map(|_| id),
                    None => store.create(&record),
                };
                // On failure the drawing stays on screen; the message says why.
                notice.0 = Some(match result {
                    Ok(id) => {
                        records.open = Some(id);
                        format!("Saved for {client}, on this computer only.")
                    }
                    Err(e) => format!(
                        "Could not save the record: {}",
                        e.to_string().trim_start_matches("error: ")
                    ),
                });
                records.refresh();
            }
            RecordCommand::Open(id) => match store.load(id) {
                Ok(r) => {
                    *pain = PainDrawing {
                        drawing: r.drawing,
                        ..default()
                    };
                    *selection = match r.points.split_first() {
                        Some((first, rest)) => Selection {
                            point: Some(first.id.clone()),
                            side: first.side,
                            also: rest.iter().map(|c| (c.id.clone(), c.side)).collect(),
                        },
                        None => Selection::default(),
                    };
                    marked.places.clear();
                    *mode = Mode::WhereItHurts;
                    records.client = r.client.clone();
                    records.note = r.note;
                    records.open = Some(id.clone());
                    notice.0 = Some(format!("Opened the record of {} ({}).", r.client, r.date));
                }
                Err(e) => notice.0 = Some(format!("Could not open the record: {e}")),
            },
            RecordCommand::Rename(id, client) => {
                notice.0 = Some(match store.rename(id, client) {
                    Ok(()) => {
                        if records.open.as_deref() == Some(id) {
                            records.client = client.trim().to_string();
                        }
                        format!("Renamed to {}.", client.trim())
                    }
                    Err(e) => format!("Could not rename the record: {e}"),
                });
                records.refresh();
            }
            RecordCommand::Delete(id) => {
                notice.0 = Some(match store.delete(id) {
                    Ok(()) => {
                        if records.open.as_deref() == Some(id) {
                            records.open = None;
                        }
                        "The record is deleted.".to_string()
                    }
                    Err(e) => format!("Could not delete the record: {e}"),
                });
                records.refresh();
            }
            RecordCommand::NewClient => {
                *pain = PainDrawing::default();
                *selection = Selection::default();
                marked.places.clear();
                records.open = None;
                records.client.clear();
                records.note.clear();
                notice.0 = Some("Ready for a new client.".into());
            }
            RecordCommand::Refresh => records.refresh(),
        }
    }
}
