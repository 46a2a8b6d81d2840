//! The sitrep binary: parses the command line and dispatches to the library.
//! Exit codes: 0 success, 1 bad data or a failed build, 2 bad usage.

use std::process::ExitCode;

/// mimalloc: loading a million rows allocates millions of small strings, and
/// the system allocator spent a third of `check`'s time on them.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::Parser;
use sitrep::cli::Cli;

fn main() -> ExitCode {
    restore_sigpipe();
    sitrep::allocator::configure();
    sitrep::cli::run(Cli::parse())
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
