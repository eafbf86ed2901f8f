use std::process::ExitCode;

use clap::Parser;
use trigger_atlas::cli::{self, Cli};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match &cli.command {
        Some(command) => {
            let mut out = std::io::stdout().lock();
            ExitCode::from(cli::run(&cli, command, &mut out))
        }
        None => ExitCode::from(open_explorer(&cli)),
    }
}

#[cfg(feature = "explorer")]
fn open_explorer(cli: &Cli) -> u8 {
    use trigger_atlas::explorer::instruments::script;
    use trigger_atlas::explorer::{self, DataPaths};
    let mut paths = DataPaths::shipped();
    if let Some(atlas) = &cli.atlas {
        // Absolute, so that the asset source and the messages name the same file.
        paths.atlas = Some(std::path::absolute(atlas).unwrap_or_else(|_| atlas.clone()));
    }
    let script = match std::env::var("TRIGGER_ATLAS_SCRIPT") {
        Ok(text) => match script::parse_script(&text) {
            Ok(steps) => steps,
            Err(e) => {
                eprintln!("error: TRIGGER_ATLAS_SCRIPT: {e}");
                return trigger_atlas::atlas::exit::EXIT_USAGE;
            }
        },
        Err(_) => Vec::new(),
    };
    let mut studio = explorer::studio::StudioPaths::default();
    if let Some(t) = &cli.tours {
        studio.tours = Some(std::path::absolute(t).unwrap_or_else(|_| t.clone()));
    }
    if let Some(p) = &cli.practice {
        studio.practice = Some(std::path::absolute(p).unwrap_or_else(|_| p.clone()));
    }
    explorer::run(explorer::Options {
        paths,
        script,
        size: (1440, 900),
        studio,
        tour: cli.tour.clone(),
    })
}

#[cfg(not(feature = "explorer"))]
fn open_explorer(_cli: &Cli) -> u8 {
    eprintln!(
        "This build has no explorer window (built without the `explorer` feature); \
         use a subcommand (see --help)."
    );
    trigger_atlas::atlas::exit::EXIT_USAGE
}
