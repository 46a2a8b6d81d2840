//! Synthetic data directories for benchmarks and load tests.
//!
//! [`synth`] writes a data directory that passes `sitrep check`: the
//! vocabularies (qualifiers, measures, groups, places, attack types) copied
//! byte for byte, the bundled ones or a data directory's, and generated
//! sources, incidents, casualty estimates, counts and strength estimates
//! over them. Which years the record spans, how often attacks happen in
//! each year, place and group, how deadly they are and how strong groups
//! grow is the [`Profile`]'s: a TOML file compiled in
//! (`assets/synth/profile.toml`) or the user's. Ids the profile does not
//! list get its rule for unlisted ids, so any vocabulary can be drawn over.
//!
//! The modules, in the order a run uses them: [`profile`] reads and checks
//! the profile; `vocab` reads the ids and joins them to it; `rng` draws;
//! `sources`, `incidents`, `counts` and `strength` generate the rows (with
//! `dates` and `figures`); `write` streams them out and moves the files
//! into place once all are written.
//!
//! The output depends only on the arguments: the same seed, profile and
//! vocabularies give the same bytes. Numbers are drawn with integer and
//! IEEE arithmetic only (no `powf`, no hash-map iteration), and rows are
//! streamed to buffered writers, so a million incidents take a second or two.

mod counts;
mod dates;
mod figures;
mod incidents;
pub mod profile;
mod rng;
mod sources;
mod strength;
mod vocab;
mod write;

use std::io;
use std::path::{Path, PathBuf};

pub use profile::Profile;
pub use vocab::Vocabularies;

use crate::load::FILES;
use crate::problem::{Problem, Problems};
use rng::Rng;
use sources::Sources;
use vocab::{Vocab, VocabFile};
use write::Staging;

/// What to generate: how many incidents, from which seed, over which
/// vocabularies, with which profile.
#[derive(Debug, Clone, Copy)]
pub struct Options<'a> {
    pub events: usize,
    pub seed: u64,
    pub vocabularies: &'a Vocabularies,
    pub profile: &'a Profile,
}

/// What [`synth`] wrote: the number of rows in each generated file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SynthSummary {
    pub sources: usize,
    pub incidents: usize,
    pub casualty_estimates: usize,
    /// Incidents with two or three casualty estimates.
    pub multi_source_incidents: usize,
    pub counts: usize,
    pub strength: usize,
    pub not_figures: usize,
    /// Bytes written over all eleven files.
    pub bytes: u64,
    /// The ids the profile lists that the vocabularies lack (their figures
    /// went unused), each where the profile names it.
    pub unused: Vec<Problem>,
}

/// Why [`synth`] wrote nothing.
#[derive(Debug, thiserror::Error)]
pub enum SynthError {
    #[error("--events must be at least 1: incidents.csv needs a row")]
    NoEvents,
    /// The vocabularies cannot be drawn over: every problem, located.
    #[error("{0}")]
    Vocabularies(Problems),
    #[error("cannot write {}: {source}", out.display())]
    Write { out: PathBuf, source: io::Error },
}

/// Writes a valid data directory of `options.events` synthetic incidents
/// to `out` (created if missing; existing data files are replaced, other
/// files left alone). Nothing is written unless all of it is. Same options,
/// same bytes.
pub fn synth(options: &Options, out: &Path) -> Result<SynthSummary, SynthError> {
    if options.events == 0 {
        return Err(SynthError::NoEvents);
    }
    let files = options
        .vocabularies
        .files()
        .map_err(SynthError::Vocabularies)?;
    let vocab = Vocab::read(&files, options.profile).map_err(SynthError::Vocabularies)?;
    let created = !out.exists();
    let written = generate_into(options, (&files, &vocab), out);
    if written.is_err() && created {
        // Only removes the folder if empty, as it is after a failure.
        let _ = std::fs::remove_dir(out);
    }
    let mut summary = written.map_err(|source| SynthError::Write {
        out: out.to_path_buf(),
        source,
    })?;
    summary.unused = options
        .profile
        .unused(|k, id| vocab.has(k, id), |k| vocab.ids(k));
    Ok(summary)
}

/// Generates every file into a staging folder in `out`, then moves them in.
fn generate_into(
    options: &Options,
    (files, vocab): (&[VocabFile], &Vocab),
    out: &Path,
) -> io::Result<SynthSummary> {
    let staging = Staging::in_folder(out)?;
    let dir = staging.path();
    let mut summary = SynthSummary {
        bytes: copy_vocabularies(files, dir)?,
        ..SynthSummary::default()
    };
    let drawn = (vocab, options.profile);
    let mut rng = Rng::new(options.seed);
    let sources = Sources::generate(&mut rng, options.events, &options.profile.years);
    summary.sources = sources.list.len();
    summary.bytes += sources.write(&dir.join("sources.csv"))?;
    let events = incidents::generate(&mut rng, vocab, options.profile, options.events);
    let written = incidents::write(&mut rng, drawn, &sources, &events, dir)?;
    summary.incidents = events.len();
    summary.casualty_estimates = written.estimates;
    summary.multi_source_incidents = written.multi_source;
    let (counts, counts_bytes) = counts::write(&mut rng, drawn, &sources, &dir.join("counts.csv"))?;
    let (strength, strength_bytes) =
        strength::write(&mut rng, drawn, &sources, &dir.join("strength.csv"))?;
    let not_figures_bytes = write::not_figures(&dir.join("not_figures.csv"))?;
    summary.bytes += written.bytes + counts_bytes + strength_bytes + not_figures_bytes;
    (summary.counts, summary.strength, summary.not_figures) = (counts, strength, 1);
    staging.publish(&FILES)?;
    Ok(summary)
}

/// Writes the vocabulary files into `dir` as they are; returns their bytes.
fn copy_vocabularies(files: &[VocabFile], dir: &Path) -> io::Result<u64> {
    let mut bytes = 0;
    for file in files {
        let path = dir.join(file.name);
        std::fs::write(&path, &file.bytes).map_err(|e| write::named(&path, e))?;
        bytes += file.bytes.len() as u64;
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests;
