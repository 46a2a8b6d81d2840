//! The command line: clap derive structs, one per subcommand, with the options
//! several commands share flattened in.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// sitrep turns curated, cited data on militant violence in Pakistan into
/// reproducible statistical reports: a Typst-typeset PDF report with charts,
/// a two-page policy briefing, and machine-readable figures (metrics.json).
#[derive(Debug, Parser)]
#[command(name = "sitrep", version, about, long_about = None, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate a data directory and report every problem with file, line and column.
    ///
    /// Exits 0 when the data is valid, 1 when it is not (nothing is written either way).
    Check(CheckArgs),
}

/// Where the data comes from.
#[derive(Debug, Clone, Args)]
pub struct DataArgs {
    /// The data directory to read.
    #[arg(long, value_name = "DIR", default_value = "data")]
    pub data: PathBuf,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub data: DataArgs,
}
