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
    /// Build the report from the data: report.pdf, briefing.pdf, metrics.json
    /// and charts/*.svg in OUT/latest/ (byte-identical when rebuilt).
    ///
    /// Validates the data first and writes nothing if it is invalid; a failed
    /// or interrupted build leaves the previous outputs exactly as they were.
    Build(BuildArgs),
    /// Compute every metric and print metrics.json (or write it with --out).
    ///
    /// Each metric has a stable id, its value as low / best / high, the formula,
    /// and the records and sources it rests on.
    Metrics(MetricsArgs),
    /// Show where a number comes from: the metric, its formula, and every input
    /// down to the records, their sources and the verbatim quotes.
    ///
    /// Example: sitrep explain attacks.2021.ratio.ttp_to_iskp
    Explain(ExplainArgs),
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

#[derive(Debug, Args)]
pub struct MetricsArgs {
    #[command(flatten)]
    pub data: DataArgs,
    /// Write metrics.json to this file instead of printing it.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    #[command(flatten)]
    pub data: DataArgs,
    /// A metric id (pips.2017.attacks.total) or a record (counts/pips-2017-attacks-total).
    pub id: String,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub data: DataArgs,
    /// The folder that receives latest/ (or a quarter's folder).
    #[arg(long, value_name = "DIR", default_value = "reports")]
    pub out: PathBuf,
    /// The Typst template folder (report.typ, briefing.typ); templates can read
    /// nothing outside it.
    #[arg(long, value_name = "DIR", default_value = "reports/templates")]
    pub template: PathBuf,
}
