//! Where Typst spends a build's time, for template authors: with
//! `SITREP_TYPST_TRACE=FILE` set, a build records Typst's own timing
//! scopes (evaluation, each layout call, SVG loading, PDF export) while it
//! typesets, and writes them to `FILE` as a Chrome trace (open it in
//! Perfetto or `chrome://tracing`), each scope placed at its template file
//! and line, as `typst compile --timings` does. Off by default: recording
//! slows typesetting by a third.

use std::num::NonZeroU64;
use std::path::PathBuf;

use typst::syntax::Span;
use typst::World;

use super::world::ReportWorld;

/// The environment variable naming the trace file.
pub const VARIABLE: &str = "SITREP_TYPST_TRACE";

/// A recording under way, to be written once the documents are typeset.
pub struct Trace {
    path: PathBuf,
}

impl Trace {
    /// Starts recording when [`VARIABLE`] names a file; `None` otherwise.
    pub fn from_env() -> Option<Trace> {
        let path = PathBuf::from(std::env::var_os(VARIABLE)?);
        typst_timing::clear();
        typst_timing::enable();
        Some(Trace { path })
    }

    /// Stops recording and writes what was recorded, placing spans in the
    /// templates of `world`.
    pub fn write(self, world: &ReportWorld<'_>) -> Result<(), String> {
        typst_timing::disable();
        let file = std::fs::File::create(&self.path)
            .map_err(|e| format!("cannot write {}: {e}", self.path.display()))?;
        let writer = std::io::BufWriter::new(file);
        let mut places = std::collections::HashMap::new();
        typst_timing::export_json(writer, |raw| {
            places
                .entry(raw)
                .or_insert_with(|| place(world, raw))
                .clone()
        })
    }
}

/// The template file and 1-based line of a recorded span.
fn place(world: &ReportWorld<'_>, raw: NonZeroU64) -> (String, u32) {
    let span = Span::from_raw(raw);
    let Some(id) = span.id() else {
        return (String::new(), 0);
    };
    let line = world.source(id).ok().and_then(|source| {
        let node = source.find(span)?;
        source.lines().byte_to_line(node.offset())
    });
    (world.display_name(id), line.map_or(0, |l| l as u32 + 1))
}
