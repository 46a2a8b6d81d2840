//! Importing outside event datasets into one schema, `events.csv`.
//!
//! `sitrep import FORMAT FILE` reads an event dataset — UCDP GED, ACLED, the
//! Global Terrorism Database, or any CSV described by a TOML mapping file —
//! and writes one row per event to `data/imported/{dataset}/events.csv`,
//! where the next build reads it (the schema is `crate::load::events`).
//! Groups and provinces are resolved through the data directory's
//! vocabularies; names they do not know are kept and counted in the
//! [`ImportSummary`], with the closest known id, never dropped. Figures are
//! kept as the source gives them: an inconsistent range is flagged, never
//! repaired. The same input gives the same bytes.
//!
//! The parts, each using only those listed before it: [`options`] (what to
//! do, what can fail), `field`, `dates`, `input` (reading a file row by
//! row), `mapping` (the mapping file), `formats` (what each format's columns
//! mean), `vocab` (resolving names), `summary`, and `importer`, which
//! streams the rows through them and writes the file atomically.
//! `docs/importing.md` documents every format, the mapping file and the flags.

mod dates;
mod field;
mod formats;
mod importer;
mod input;
mod mapping;
mod options;
mod summary;
mod vocab;

pub use options::{Format, ImportError, ImportOptions};
pub use summary::{Hint, ImportSummary, Totals};

use formats::Layout;
use importer::Importer;
use input::Input;
use mapping::{Mapping, Settings};
use vocab::Vocabularies;

/// Reads `options.input`, writes its `events.csv` (see
/// [`ImportOptions::events_path`]), and returns what was read, imported,
/// flagged and skipped. Nothing is written on error.
pub fn run(options: &ImportOptions) -> Result<ImportSummary, ImportError> {
    let mapping = match (&options.mapping, options.format) {
        (Some(path), _) => Some((path.as_path(), Mapping::load(path)?)),
        (None, Format::Mapped) => {
            return Err(ImportError::Mapping {
                path: options.input.clone(),
                message: "the mapped format needs a mapping file: give --mapping FILE.toml (see docs/importing.md)".into(),
            })
        }
        (None, _) => None,
    };
    let settings = Settings::new(options.format, mapping, &options.input)?;
    let path = options.events_path(&settings.dataset)?;
    let vocabularies = Vocabularies::load(&options.data).map_err(ImportError::Vocabulary)?;
    let mut input = Input::open(&options.input, settings.encoding, options.format)?;
    let layout = Layout::new(options.format, &input, &settings)?;
    let mut importer = Importer::new(&settings, vocabularies, &layout);
    importer.read_all(&mut input)?;
    importer.finish(&input, path)
}
