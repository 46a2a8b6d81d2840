//! The sitrep binary: parses the command line and dispatches to the library.
//! Exit codes: 0 success, 1 bad data or a failed build, 2 bad usage.

use std::path::Path;
use std::process::ExitCode;

use clap::Parser;
use sitrep::cli::{BuildArgs, Cli, Command};
use sitrep::compute::{compute, MetricSet};
use sitrep::load::{load_dataset, Dataset};
use sitrep::pipeline::{BuildError, BuildOptions, Written};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check(args) => check(&args.data.data),
        Command::Build(args) => build(&args),
        Command::Metrics(args) => metrics(&args.data.data, args.out.as_deref()),
        Command::Explain(args) => explain(&args.data.data, &args.id),
    };
    result.unwrap_or_else(|failure| failure.report())
}

/// Why a command failed, and the exit code that says so.
enum Failure {
    Usage(String),
    Data(String),
}

impl Failure {
    fn report(self) -> ExitCode {
        match self {
            Failure::Usage(message) => {
                eprintln!("error: {message}");
                ExitCode::from(2)
            }
            Failure::Data(message) => {
                eprintln!("{message}");
                ExitCode::from(1)
            }
        }
    }
}

fn load(dir: &Path) -> Result<Dataset, Failure> {
    if !dir.is_dir() {
        return Err(Failure::Usage(format!(
            "{}: data directory not found (give an existing folder with --data)",
            dir.display()
        )));
    }
    load_dataset(dir).map_err(|problems| Failure::Data(problems.to_string()))
}

fn load_and_compute(dir: &Path) -> Result<(Dataset, MetricSet), Failure> {
    let data = load(dir)?;
    let metrics = compute(&data)
        .map_err(|e| Failure::Data(format!("error: computing metrics failed: {e}")))?;
    Ok((data, metrics))
}

fn check(dir: &Path) -> Result<ExitCode, Failure> {
    let data = load(dir)?;
    println!(
        "{}: valid — {} sources, {} incidents, {} casualty estimates, {} counts, {} strength estimates",
        dir.display(), data.sources.len(), data.incidents.len(), data.casualty_estimates.len(), data.counts.len(), data.strength.len()
    );
    Ok(ExitCode::SUCCESS)
}

fn metrics(dir: &Path, out: Option<&Path>) -> Result<ExitCode, Failure> {
    let (_, metrics) = load_and_compute(dir)?;
    match out {
        Some(path) => sitrep::output::write_atomically(path, metrics.to_json().as_bytes())
            .map_err(|e| Failure::Usage(format!("{}: cannot write: {e}", path.display())))?,
        None => print!("{}", metrics.to_json()),
    }
    Ok(ExitCode::SUCCESS)
}

fn explain(dir: &Path, id: &str) -> Result<ExitCode, Failure> {
    let (data, metrics) = load_and_compute(dir)?;
    let text = sitrep::explain::explain(&data, &metrics, id)
        .map_err(|e| Failure::Data(format!("error: {e}")))?;
    print!("{text}");
    Ok(ExitCode::SUCCESS)
}

fn build(args: &BuildArgs) -> Result<ExitCode, Failure> {
    let options = BuildOptions {
        data: args.data.data.clone(),
        out: args.out.clone(),
        templates: args.template.clone(),
        folder: "latest".into(),
        scope: Vec::new(),
        changes: None,
    };
    check_build_usage(&options)?;
    let (written, elapsed) = sitrep::pipeline::build(&options).map_err(build_failure)?;
    print_written(&written, elapsed);
    Ok(ExitCode::SUCCESS)
}

/// Refuses, as bad usage, folders that do not exist.
fn check_build_usage(options: &BuildOptions) -> Result<(), Failure> {
    if !options.data.is_dir() {
        return Err(Failure::Usage(format!(
            "{}: data directory not found (give an existing folder with --data)",
            options.data.display()
        )));
    }
    if !options.templates.is_dir() {
        return Err(Failure::Usage(format!(
            "{}: template folder not found (give one with --template)",
            options.templates.display()
        )));
    }
    Ok(())
}

fn build_failure(error: BuildError) -> Failure {
    Failure::Data(error.to_string())
}

/// One line per file written, with its size and page count, then the time.
fn print_written(written: &[Written], elapsed: std::time::Duration) {
    for w in written {
        let pages = w
            .pages
            .map(|p| format!(", {p} page{}", if p == 1 { "" } else { "s" }))
            .unwrap_or_default();
        println!(
            "wrote {} ({}{pages})",
            w.path.display(),
            human_size(w.bytes)
        );
    }
    println!(
        "built {} files in {:.2} s",
        written.len(),
        elapsed.as_secs_f64()
    );
}

fn human_size(bytes: usize) -> String {
    match bytes {
        b if b < 1024 => format!("{b} B"),
        b if b < 1024 * 1024 => format!("{:.1} KiB", b as f64 / 1024.0),
        b => format!("{:.1} MiB", b as f64 / 1024.0 / 1024.0),
    }
}
