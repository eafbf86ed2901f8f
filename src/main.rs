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
fn open_explorer(_cli: &Cli) -> u8 {
    eprintln!("The explorer window is not built yet; use a subcommand (see --help).");
    cli::EXIT_USAGE
}

#[cfg(not(feature = "explorer"))]
fn open_explorer(_cli: &Cli) -> u8 {
    eprintln!(
        "This build has no explorer window (built without the `explorer` feature); \
         use a subcommand (see --help)."
    );
    cli::EXIT_USAGE
}
