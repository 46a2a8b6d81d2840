//! The sitrep binary: parses the command line and dispatches to the library.
//! Exit codes: 0 success, 1 bad data or a failed build, 2 bad usage.

use std::process::ExitCode;

use clap::Parser;
use sitrep::cli::{Cli, Command};
use sitrep::load::load_dataset;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check(args) => check(&args.data.data),
    }
}

fn check(dir: &std::path::Path) -> ExitCode {
    match load_dataset(dir) {
        Ok(data) => {
            println!(
                "{}: valid — {} sources, {} incidents, {} casualty estimates, {} counts, {} strength estimates",
                dir.display(), data.sources.len(), data.incidents.len(), data.casualty_estimates.len(),
                data.counts.len(), data.strength.len()
            );
            ExitCode::SUCCESS
        }
        Err(problems) => {
            eprintln!("{problems}");
            ExitCode::from(1)
        }
    }
}
