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
    /// Build the report, then rebuild it on every saved change to the data,
    /// the report definition, the templates or the settings (Ctrl-C stops).
    ///
    /// Prints one line per rebuild: what changed, the time taken and the
    /// pages written, or the problems with file, line and column. An invalid
    /// edit writes nothing, so the last good report stays in place.
    Watch(WatchArgs),
    /// Compare two revisions of the data: which metrics moved, which records and
    /// sources changed, and which metrics each change moved.
    ///
    /// OLD and NEW are each a data directory, a git revision of this repository
    /// (HEAD~1, a tag, a commit; read from git without touching the work tree),
    /// or a metrics.json written by an earlier build.
    Diff(DiffArgs),
    /// Import an outside event dataset (UCDP GED, ACLED, GTD, or any CSV with a
    /// mapping file) into sitrep's cited, range-aware events.csv.
    ///
    /// Prints one line per count: rows read, imported, flagged and skipped by
    /// reason, unknown names with their counts, and killed totals.
    Import(ImportArgs),
    /// Write a synthetic but valid data directory of N incidents, for
    /// benchmarks, drawn with a profile of the years, places and groups (the
    /// built-in one or --profile FILE). The same seed gives the same bytes.
    Synth(SynthArgs),
    /// Compute every metric and print metrics.json (or write it with --out).
    ///
    /// Each metric has a stable id, its value as low / best / high, the formula,
    /// and the records and sources it rests on.
    Metrics(MetricsArgs),
    /// Show where a number comes from: the metric, its formula, and every input
    /// down to the records, their sources and the verbatim quotes.
    ///
    /// Example: sitrep explain pips.pakistan.2017.attacks.all
    Explain(ExplainArgs),
    /// Start a new project in DIR: vocabularies, record files with one
    /// example row each, a report definition, settings and a README.
    ///
    /// Refuses a folder that is not empty.
    Init(InitArgs),
    /// The report templates compiled into sitrep.
    Templates(TemplatesArgs),
    /// Draft cited rows for every number in a plain-text article: the quote,
    /// the qualifier and bounds, and guesses of file, measure, group, place
    /// and period (each marked as a guess). Dates, years, ages and issue
    /// numbers are listed apart as probable not-figures.
    ///
    /// Nothing is written without --append, which adds the rows only if the
    /// data directory stays valid. Example: sitrep cite article.txt --source rferl-isk-2022
    Cite(CiteArgs),
}

/// Where the data comes from.
#[derive(Debug, Clone, Args)]
pub struct DataArgs {
    /// The data directory to read [default: the project's (sitrep.toml), else `data`].
    #[arg(long, value_name = "DIR")]
    pub data: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub data: DataArgs,
    /// Also check the records against the archived source texts in DIR: every
    /// quote verbatim in the text its source names, and every number of each
    /// text either cited or listed in not_figures.csv.
    #[arg(long, value_name = "DIR")]
    pub sources: Option<PathBuf>,
    /// Treat warnings (a file the data folder holds but no command reads, an
    /// uncited number in a source text) as errors.
    #[arg(long)]
    pub strict: bool,
}

#[derive(Debug, Args)]
pub struct CiteArgs {
    /// The article: a plain-text file (UTF-8, or Windows-1252).
    #[arg(value_name = "FILE.txt")]
    pub file: PathBuf,
    /// The article's source: its id in sources.csv (add that row first).
    #[arg(long, value_name = "ID")]
    pub source: String,
    #[command(flatten)]
    pub data: DataArgs,
    /// An annotated listing, or CSV rows under each target file's header.
    #[arg(long, value_enum, default_value = "text")]
    pub format: crate::cite::Format,
    /// Append the rows (and the probable not-figures, to not_figures.csv) to
    /// the data files; nothing is written unless the data stays valid.
    #[arg(long)]
    pub append: bool,
    /// Only these numbers of the listing, for --format csv and --append: 1,3,5-7.
    #[arg(long, value_name = "LIST", value_parser = crate::cite::Pick::parse)]
    pub pick: Option<crate::cite::Pick>,
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
    /// The folder that receives latest/ (or a quarter's folder) [default: the
    /// project's (sitrep.toml), else `reports`].
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// A Typst template folder (report.typ, briefing.typ) instead of the
    /// built-in templates; templates can read nothing outside it.
    #[arg(long, value_name = "DIR")]
    pub template: Option<PathBuf>,
    /// Use only what was known on this day (sources published by then);
    /// writes OUT/as-of-DATE/.
    #[arg(long, value_name = "YYYY-MM-DD", conflicts_with_all = ["quarter", "all_quarters"])]
    pub as_of: Option<chrono::NaiveDate>,
    /// Build the edition of a quarter (2023Q3): what was known on its last day;
    /// writes OUT/2023-Q3/.
    #[arg(long, value_name = "YYYYQN", value_parser = parse_quarter, conflicts_with = "all_quarters")]
    pub quarter: Option<crate::revision::Quarter>,
    /// Build every quarter from the first source's to the latest one's.
    #[arg(long)]
    pub all_quarters: bool,
    /// Add a "Changes since REV" section (REV: anything `sitrep diff` accepts).
    #[arg(long, value_name = "REV")]
    pub compare_to: Option<String>,
    /// Build even when an output folder is up to date (its inputs unchanged).
    #[arg(long)]
    pub force: bool,
    /// Also write what Typst was given into OUT/latest/typst/ (the templates,
    /// data.json, the charts, the logo), so that `typst compile` reproduces
    /// the PDFs byte for byte (see bench/typst.sh).
    #[arg(long)]
    pub keep_typst: bool,
    /// Treat warnings (a file the data folder holds but no build reads) as
    /// errors.
    #[arg(long)]
    pub strict: bool,
    /// Pages of the briefing: 2 (numbers, findings and main chart; then
    /// trend, map, changes, caveats and sources) or 1 (all of it, shorter).
    #[arg(long, value_name = "N", default_value_t = 2, value_parser = clap::value_parser!(u8).range(1..=2))]
    pub briefing_pages: u8,
}

#[derive(Debug, Args)]
pub struct WatchArgs {
    #[command(flatten)]
    pub data: DataArgs,
    /// The folder that receives latest/ (or the edition's folder) [default:
    /// the project's (sitrep.toml), else `reports`]; changes in it are ignored.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// A Typst template folder (report.typ, briefing.typ) instead of the
    /// built-in templates; it is watched too.
    #[arg(long, value_name = "DIR")]
    pub template: Option<PathBuf>,
    /// Build the edition of what was known on this day; writes OUT/as-of-DATE/.
    #[arg(long, value_name = "YYYY-MM-DD", conflicts_with = "quarter")]
    pub as_of: Option<chrono::NaiveDate>,
    /// Build the edition of a quarter (2023Q3); writes OUT/2023-Q3/.
    #[arg(long, value_name = "YYYYQN", value_parser = parse_quarter)]
    pub quarter: Option<crate::revision::Quarter>,
    /// Treat warnings (a file the data folder holds but no build reads) as
    /// errors.
    #[arg(long)]
    pub strict: bool,
    /// Pages of the briefing: 2 or 1, as for `build`.
    #[arg(long, value_name = "N", default_value_t = 2, value_parser = clap::value_parser!(u8).range(1..=2))]
    pub briefing_pages: u8,
}

fn parse_quarter(text: &str) -> Result<crate::revision::Quarter, String> {
    crate::revision::Quarter::parse(text)
        .ok_or_else(|| format!("expected a quarter such as 2025Q3, found {text:?}"))
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The old side: a data directory, a git revision, or a metrics.json.
    pub old: String,
    /// The new side (default: the data directory `data`).
    #[arg(default_value = "data")]
    pub new: String,
    #[arg(long, value_enum, default_value = "text")]
    pub format: crate::diff::Format,
    /// Show unchanged metrics and records too (default: only what changed).
    #[arg(long)]
    pub all: bool,
    /// Only what changed (the default; the opposite of --all).
    #[arg(long, conflicts_with = "all")]
    pub only_changed: bool,
    /// Exit 1 when anything differs, 0 when nothing does (like git diff --exit-code).
    #[arg(long)]
    pub exit_code: bool,
    /// Where the data lives inside the repository, for git revisions.
    #[arg(long, value_name = "PATH", default_value = "data")]
    pub data_path: String,
}

#[derive(Debug, Args)]
pub struct SynthArgs {
    /// How many incidents to generate.
    #[arg(long, value_name = "N")]
    pub events: usize,
    /// Seed of the generator.
    #[arg(long, value_name = "S", default_value_t = 1)]
    pub seed: u64,
    /// The folder to write (created if missing).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Where to copy the vocabularies from [default: the bundled ones].
    #[arg(long, value_name = "DIR")]
    pub vocabularies: Option<PathBuf>,
    /// A profile to draw with instead of the built-in one: a TOML file of
    /// the years, how often attacks happen in each year, place and group,
    /// and how deadly they are (a copy of assets/synth/profile.toml, edited).
    #[arg(long, value_name = "FILE")]
    pub profile: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The dataset's format.
    #[arg(value_enum)]
    pub format: crate::import::Format,
    /// The CSV file to read.
    pub file: PathBuf,
    /// The folder events.csv is written to (created if missing). By default
    /// DATA/imported/NAME/, where the next build of DATA reads it.
    #[arg(long, value_name = "DIR", conflicts_with = "name")]
    pub out: Option<PathBuf>,
    /// The folder under DATA/imported/ to write to (default: the dataset's
    /// name: ucdp, acled, gtd, or the mapping file's `dataset`).
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// A TOML mapping file: required for `mapped` (see docs/importing.md).
    #[arg(long, value_name = "FILE.toml")]
    pub mapping: Option<PathBuf>,
    /// The data directory whose groups.csv and places.csv name groups and places.
    #[command(flatten)]
    pub data: DataArgs,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder of the new project (created if missing).
    pub dir: PathBuf,
}

#[derive(Debug, Args)]
pub struct TemplatesArgs {
    #[command(subcommand)]
    pub action: TemplatesAction,
}

#[derive(Debug, Subcommand)]
pub enum TemplatesAction {
    /// Write the built-in templates into DIR, to customise them and build
    /// with --template DIR (or `templates` in sitrep.toml).
    Export {
        /// The folder to write (created if missing; files are not overwritten).
        dir: PathBuf,
    },
}
