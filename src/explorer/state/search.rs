//! Search: filter the points by muscle, point name, region or complaint ("headache",
//! "sciatica", "low back"); in "where does it hurt?" mode, also find regions to mark. The
//! results come from the core; arrow keys move the cursor and Enter chooses.

use bevy::prelude::*;

use crate::atlas::{Place, search as search_points};

use super::model::{Command, Mode, Search, SearchCommand};
use crate::explorer::live::LiveAtlas;
use crate::explorer::shared::ExplorerSet;

pub struct SearchPlugin;

impl Plugin for SearchPlugin {
    fn build(&self, app: &mut App) {
        app.init_resource::<Search>()
            .add_message::<SearchCommand>()
            .add_systems(
                Update,
                (update_results, search_commands)
                    .chain()
                    .in_set(ExplorerSet::Input),
            );
    }
}

/// Region ids whose id or name contains every word of `query`.
pub fn matching_regions(atlas: &crate::atlas::Atlas, query: &str) -> Vec<String> {
    let words: Vec<String> = query
        .split_whitespace()
        .map(|w| w.to_lowercase().replace(['-', '_'], " "))
        .collect();
    if words.is_empty() {
        return Vec::new();
    }
    atlas
        .regions
        .iter()
        .filter(|r| r.id != crate::atlas::LOCAL)
        .filter(|r| {
            let hay = format!("{} {}", r.id.replace('_', " "), r.name.to_lowercase());
            words.iter().all(|w| hay.contains(w.as_str()))
        })
        .map(|r| r.id.clone())
        .collect()
}

fn update_results(live: Res<LiveAtlas>, mut search: ResMut<Search>) {
    if !(search.is_changed() || live.is_changed()) {
        return;
    }
    let Some(atlas) = live.atlas() else { return };
    let (results, regions) = if search.query.trim().is_empty() {
        (Vec::new(), Vec::new())
    } else {
        (
            search_points(atlas, &search.query)
                .into_iter()
                .map(|p| p.id.clone())
                .collect(),
            matching_regions(atlas, &search.query),
        )
    };
    if search.results != results || search.regions != regions {
        let s = search.bypass_change_detection();
        s.results = results;
        s.regions = regions;
        s.cursor = 0;
    }
}

fn search_commands(
    mut input: MessageReader<SearchCommand>,
    mode: Res<Mode>,
    mut search: ResMut<Search>,
    mut commands: MessageWriter<Command>,
) {
    for c in input.read() {
        let rows = search.rows(*mode);
        match c {
            SearchCommand::Up if rows > 0 => search.cursor = (search.cursor + rows - 1) % rows,
            SearchCommand::Down if rows > 0 => search.cursor = (search.cursor + 1) % rows,
            SearchCommand::Choose if rows > 0 => {
                let i = search.cursor.min(rows - 1);
                let n_regions = if *mode == Mode::WhereItHurts {
                    search.regions.len()
                } else {
                    0
                };
                if i < n_regions {
                    commands.write(Command::TogglePlace {
                        place: Place::new(search.regions[i].clone(), None),
                        extend: true,
                    });
                } else {
                    commands.write(Command::Select {
                        id: search.results[i - n_regions].clone(),
                        side: None,
                    });
                }
            }
            SearchCommand::Focus => search.focus = true,
            SearchCommand::Clear => {
                search.query.clear();
            }
            _ => {}
        }
    }
}
