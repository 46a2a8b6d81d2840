//! The sitrep binary: parses the command line and dispatches to the library.
//! Exit codes: 0 success, 1 bad data or a failed build, 2 bad usage.

use std::process::ExitCode;

/// mimalloc: loading a million rows allocates millions of small strings, and
/// the system allocator spent a third of `check`'s time on them.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::Parser;
use sitrep::cli::{Cli, Command};
use sitrep::commands;

fn main() -> ExitCode {
    restore_sigpipe();
    sitrep::allocator::return_freed_memory_soon();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check(args) => commands::check(&args),
        Command::Build(args) => commands::build(&args),
        Command::Diff(args) => commands::diff(&args),
        Command::Synth(args) => commands::synth(&args),
        Command::Import(args) => commands::import(&args),
        Command::Metrics(args) => commands::metrics(&args),
        Command::Explain(args) => commands::explain(&args),
        Command::Init(args) => commands::init(&args),
        Command::Templates(args) => commands::templates(&args.action),
        Command::Cite(args) => commands::cite(&args),
    };
    result.unwrap_or_else(|failure| failure.report())
}

/// Rust ignores SIGPIPE, so printing into a closed pipe (`sitrep metrics |
/// head`) would panic. Restoring the default makes sitrep end quietly there,
/// as Unix tools do.
fn restore_sigpipe() {
    #[cfg(unix)]
    // SAFETY: called first thing in main, before any other thread exists;
    // SIG_DFL is a valid disposition for SIGPIPE.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}
