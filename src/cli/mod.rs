//! The command line: [`args`] holds the clap structs; each subcommand is a
//! short function over the library's stages, grouped by what it does:
//! [`check`] (check, metrics, explain), [`build`] (build and its editions),
//! [`watch`] (the build again on every saved change), [`tools`] (diff,
//! import, synth, init, templates, cite). [`project`] resolves the project
//! (sitrep.toml) and loads its data once for all of them. Failures map to
//! exit codes: 1 bad data or a failed build, 2 bad usage.

pub mod args;
mod build;
mod check;
mod project;
mod tools;
mod watch;

use std::process::ExitCode;

pub use args::*;

/// Runs the parsed command line; the exit code says how it went.
pub fn run(cli: Cli) -> ExitCode {
    let result = match cli.command {
        Command::Check(args) => check::check(&args),
        Command::Build(args) => build::build(&args),
        Command::Watch(args) => watch::watch(&args),
        Command::Diff(args) => tools::diff(&args),
        Command::Synth(args) => tools::synth(&args),
        Command::Import(args) => tools::import(&args),
        Command::Metrics(args) => check::metrics(&args),
        Command::Explain(args) => check::explain(&args),
        Command::Init(args) => tools::init(&args),
        Command::Templates(args) => tools::templates(&args.action),
        Command::Cite(args) => tools::cite(&args),
    };
    result.unwrap_or_else(|failure| failure.report())
}

/// Why a command failed, and the exit code that says so.
pub enum Failure {
    /// Bad usage: exit 2.
    Usage(String),
    /// Bad data or a failed build: exit 1.
    Data(String),
}

impl Failure {
    pub fn report(self) -> ExitCode {
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

pub(crate) type Outcome = Result<ExitCode, Failure>;

/// Hands a dataset to the operating system at exit instead of freeing a
/// million records one by one (a tenth of `check`'s time at that size).
pub(crate) fn release_at_exit<T>(value: T) {
    std::mem::forget(value);
}
