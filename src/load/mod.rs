//! Loading a data directory into a typed, validated [`Dataset`].
//!
//! Files are read in dependency order: the vocabularies and sources first,
//! then the records that refer to them, so that every reference is checked
//! where it is written (file, line, column). Loading collects every problem
//! in every file and returns them all; a dataset is returned only when there
//! are none.
//!
//! The folder owns every file of a data directory: the record files here,
//! their tables in [`table`] and types in [`records`], the imported events
//! in [`events`], and in [`inventory`] the account of which files are read.

pub mod bundled;
mod casualties;
pub mod definition;
pub mod events;
pub mod inventory;
pub mod records;
pub mod shared;
pub mod table;
#[cfg(test)]
pub mod testing;

use std::collections::BTreeMap;

// Id sets are only looked up, never iterated into an output: a fast hash is safe.
use rustc_hash::FxHashMap as HashMap;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::estimate::{Qualifier, StatedFigure, Tolerance, ToleranceKind};
use crate::problem::{Problem, Problems};
use crate::validate::{self as v, Listed, Vocabulary};
use records::*;
use table::{read_table, Row};

/// The data files, in the order they are loaded and fingerprinted.
pub const FILES: [&str; 11] = [
    "qualifiers.csv",
    "measures.csv",
    "groups.csv",
    "places.csv",
    "attack_types.csv",
    "sources.csv",
    "incidents.csv",
    "casualty_estimates.csv",
    "counts.csv",
    "strength.csv",
    "not_figures.csv",
];

pub use events::{event_files, IMPORTED, OPTIONAL_FILES};
pub use inventory::Unread;
pub use shared::{shares_of, Share};

/// Every `.csv` file of the data directory `dir` that no build reads, each
/// with where it would be read (see [`inventory`]).
pub fn unread_files(dir: &Path) -> Vec<Unread> {
    inventory::unread_files(dir, &FILES)
}

/// Why a build of `dir` does not read the existing file `path`, and where
/// it would; `None` when it does.
pub fn unread_advice(dir: &Path, path: &Path) -> Option<String> {
    inventory::advice_for(dir, &FILES, path)
}

/// A whole data directory, validated.
#[derive(Debug, Clone)]
pub struct Dataset {
    pub dir: PathBuf,
    pub qualifiers: BTreeMap<Qualifier, QualifierRule>,
    pub measures: BTreeMap<String, Measure>,
    pub groups: Vocabulary,
    pub places: Vocabulary,
    pub attack_types: BTreeMap<String, String>,
    pub sources: BTreeMap<String, Source>,
    /// Perhaps shared with another load (`sitrep diff` of two directories,
    /// see [`shared`]), as are the casualty estimates.
    pub incidents: Records<Incident>,
    pub casualty_estimates: Records<CasualtyEstimate>,
    pub counts: Vec<Count>,
    pub strength: Vec<StrengthEstimate>,
    pub not_figures: Vec<NotFigure>,
    /// The report definition (`report.toml`, or the built-in one).
    pub definition: definition::Definition,
    /// Imported events (`events.csv`, `imported/{name}/events.csv`), empty
    /// when there are none.
    pub events: Vec<events::Event>,
    /// sha256 over every data file's name and bytes, in [`FILES`] order,
    /// then the [`OPTIONAL_FILES`] present.
    pub fingerprint: String,
}

impl Dataset {
    /// Reads the tolerance a qualifier allows.
    pub fn tolerance(&self, qualifier: Qualifier) -> Tolerance {
        self.qualifiers
            .get(&qualifier)
            .map(|r| r.tolerance)
            .unwrap_or(Tolerance {
                amount: 0.0,
                kind: ToleranceKind::Absolute,
            })
    }

    /// The estimate a stated figure stands for, under this dataset's rules.
    pub fn estimate(&self, figure: &StatedFigure) -> crate::estimate::Estimate {
        figure.to_estimate(self.tolerance(figure.qualifier))
    }

    /// The latest publication date among the sources (their last possible day).
    pub fn as_of(&self) -> chrono::NaiveDate {
        self.sources
            .values()
            .map(|s| s.published.end())
            .max()
            .unwrap_or_default()
    }
}

/// Loads and validates every file of the data directory `dir`.
pub fn load_dataset(dir: &Path) -> Result<Dataset, Problems> {
    missing_directory(dir)?;
    // Hashing a few hundred megabytes takes a while: do it on another core
    // while the files are parsed.
    std::thread::scope(|scope| {
        let fingerprint = scope.spawn(|| fingerprint(dir));
        load_files(dir, Share::nothing(), || {
            fingerprint.join().unwrap_or_default()
        })
    })
}

/// [`load_dataset`] for what reads the data and writes nothing made from
/// it (`sitrep check`, both sides of `sitrep diff`): the data is not
/// fingerprinted, and the dataset's `fingerprint` is empty. Hashing the
/// files of a million events took a seventh of `check`'s time, on a core
/// the two large files are parsed on (and, in a diff, twice).
///
/// The incidents and casualty estimates are taken as `share` says: two
/// loads at once can read a file they share once (see [`shared`]).
pub fn load_dataset_sharing(dir: &Path, share: Share) -> Result<Dataset, Problems> {
    missing_directory(dir)?;
    load_files(dir, share, String::new)
}

/// [`load_dataset_sharing`] sharing nothing, for `sitrep check`.
pub fn load_dataset_to_check(dir: &Path) -> Result<Dataset, Problems> {
    load_dataset_sharing(dir, Share::nothing())
}

/// The problem of a data directory that is not there.
fn missing_directory(dir: &Path) -> Result<(), Problems> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut problems = Problems::default();
    problems.push(Problem::file(dir, not_a_directory(dir)));
    Err(problems)
}

/// Loads every file of `dir`; `fingerprint` gives the data's fingerprint.
fn load_files(
    dir: &Path,
    share: Share,
    fingerprint: impl FnOnce() -> String,
) -> Result<Dataset, Problems> {
    let clock = crate::timing::Stopwatch::start();
    let mut p = Problems::default();
    let path = |name: &str| dir.join(name);
    let qualifiers = load_qualifiers(&path("qualifiers.csv"), &mut p);
    let (measures, measures_listed) = load_measures(&path("measures.csv"), &mut p);
    let (terms, groups_listed) = load_terms(&path("groups.csv"), "parent", &mut p);
    let groups = Vocabulary::new("group", "groups.csv", terms);
    let (terms, places_listed) = load_terms(&path("places.csv"), "country", &mut p);
    let places = Vocabulary::new("place", "places.csv", terms);
    let (attack_types, attack_types_listed) = load_attack_types(&path("attack_types.csv"), &mut p);
    let (sources, sources_listed) = load_sources(&path("sources.csv"), &mut p);
    let refs = References {
        groups: (&groups, groups_listed),
        places: (&places, places_listed),
        attack_types: (&attack_types, attack_types_listed),
        sources: (
            sources.iter().map(|(id, s)| (id.as_str(), s)).collect(),
            sources_listed,
        ),
        measures: (&measures, measures_listed),
    };
    clock.lap("load: vocabularies and sources");
    // The two large files are read side by side; the estimates' references
    // to incidents are checked once both are read.
    let ((incidents, incidents_listed), casualties) = std::thread::scope(|scope| {
        let estimates = share.estimates;
        let casualties = scope.spawn(|| estimates.read(&path("casualty_estimates.csv"), &refs));
        let incidents = share.incidents.read(&path("incidents.csv"), &refs, &mut p);
        (
            incidents,
            casualties
                .join()
                .expect("the casualty reader does not panic"),
        )
    });
    clock.lap("load: incidents and casualty estimates");
    let known = (&*incidents, &*incidents_listed);
    let casualty_estimates = casualties.resolve(known, &refs, &mut p);
    clock.lap("load: casualty estimates' incidents");
    let counts = load_counts(&path("counts.csv"), &refs, &mut p);
    let strength = load_strength(&path("strength.csv"), &refs, &mut p);
    let not_figures = load_not_figures(&path("not_figures.csv"), &mut p);
    let events = events::load_event_files(dir, &mut p);
    let known = definition::Known {
        groups: (&groups, &refs.groups.1),
        measures: (&measures, &refs.measures.1),
    };
    let definition = definition::read(dir, &known, &mut p);
    let fingerprint = fingerprint();
    clock.lap("load: counts, strength, events, fingerprint");
    let Some(definition) = definition else {
        return Err(p);
    };
    p.into_result(Dataset {
        dir: dir.to_path_buf(),
        qualifiers,
        measures,
        groups,
        places,
        attack_types,
        sources,
        incidents,
        casualty_estimates,
        counts,
        strength,
        not_figures,
        definition,
        events,
        fingerprint,
    })
}

/// Why `dir` cannot be read as a data directory.
fn not_a_directory(dir: &Path) -> &'static str {
    if dir.exists() {
        "is a file, not a data directory; expected a folder holding the data files (--data DIR)"
    } else {
        "data directory not found; expected an existing folder holding the data files (--data DIR)"
    }
}

/// sha256 of every data file's name and contents, in a fixed order.
pub fn fingerprint(dir: &Path) -> String {
    let mut hash = Sha256::new();
    // Absent optional files add nothing, so adding the option kept every
    // earlier fingerprint.
    let definition = Some(definition::FILE.to_string()).filter(|n| dir.join(n).is_file());
    let names = FILES
        .iter()
        .map(|n| n.to_string())
        .chain(event_files(dir))
        .chain(definition);
    for name in names {
        hash.update(name.as_bytes());
        hash.update([0]);
        hash_file(&dir.join(&name), &mut hash);
        hash.update([0]);
    }
    format!("{:x}", hash.finalize())
}

/// Feeds the file's bytes to `hash` a block at a time, rather than reading
/// the whole file into memory first; nothing when it cannot be read (the
/// loader reports that).
pub(crate) fn hash_file(path: &Path, hash: &mut Sha256) {
    if let Ok(mut file) = std::fs::File::open(path) {
        let _ = std::io::copy(&mut file, hash);
    }
}

/// What the record files may refer to, each with the ids its file writes
/// (see [`v::lookup`]: a reference to a refused row is not reported again).
struct References<'a> {
    groups: (&'a Vocabulary, Listed),
    places: (&'a Vocabulary, Listed),
    attack_types: (&'a BTreeMap<String, String>, Listed),
    /// Sources by id, hashed: a million rows each look one up.
    sources: (HashMap<&'a str, &'a Source>, Listed),
    measures: (&'a BTreeMap<String, Measure>, Listed),
}

impl<'a> References<'a> {
    fn group<T: for<'t> From<&'t str>>(&self, row: &mut Row, name: &'static str) -> Option<T> {
        v::reference(row, name, self.groups.0, &self.groups.1)
    }

    fn place<T: for<'t> From<&'t str>>(&self, row: &mut Row, name: &'static str) -> Option<T> {
        v::reference(row, name, self.places.0, &self.places.1)
    }

    fn source(&self, row: &mut Row, name: &'static str) -> Option<&'a Source> {
        v::source(row, name, &self.sources.0, &self.sources.1)
    }
}

fn load_qualifiers(path: &Path, p: &mut Problems) -> BTreeMap<Qualifier, QualifierRule> {
    let mut rules = BTreeMap::new();
    read_table(
        path,
        &["id", "description", "tolerance", "tolerance_kind"],
        p,
        |row| {
            let id = v::required(row, "id").map(str::to_string);
            let qualifier = id.as_deref().and_then(|id| {
            let q = Qualifier::parse(id);
            if q.is_none() {
                row.fail("id", format!("unknown qualifier {}; sitrep knows exact, at_least, more_than, about, nearly, range, rounded", v::echo(id)));
            }
            q
        });
            let amount = v::number(row, "tolerance", "tolerance_kind").ok().flatten();
            let kind = match row.text("tolerance_kind").trim() {
                "relative" => Some(ToleranceKind::Relative),
                "absolute" => Some(ToleranceKind::Absolute),
                other => {
                    row.fail(
                        "tolerance_kind",
                        format!("expected relative or absolute, found {}", v::echo(other)),
                    );
                    None
                }
            };
            if let (Some(id), Some(amount), Some(kind)) = (qualifier, amount, kind) {
                let description = row.text("description").trim().to_string();
                rules.insert(
                    id,
                    QualifierRule {
                        id,
                        description,
                        tolerance: Tolerance { amount, kind },
                    },
                );
            }
        },
    );
    for q in Qualifier::STATED
        .into_iter()
        .filter(|q| !rules.contains_key(q))
    {
        if p.is_empty() {
            p.push(Problem::file(
                path,
                format!(
                    "qualifier `{}` is not defined; every qualifier needs a row",
                    q.as_str()
                ),
            ));
        }
    }
    rules
}

fn load_measures(path: &Path, p: &mut Problems) -> (BTreeMap<String, Measure>, Listed) {
    let mut measures = BTreeMap::new();
    let mut seen = v::Seen::default();
    // Where each `of` was written, checked once every id is known.
    let mut references: Vec<(String, usize, usize)> = Vec::new();
    let columns = ["id", "name", "unit", "signed", "kind", "of", "description"];
    let before = p.len();
    let complete = read_table(path, &columns, p, |row| {
        let id = v::unique_id::<String>(row, "id", &mut seen, measures.len());
        let name = v::required(row, "name").map(str::to_string);
        let unit = v::required(row, "unit").map(str::to_string);
        let signed = v::yes_no(row, "signed");
        let kind = measure_kind(row);
        let of: Option<String> = v::optional(row, "of");
        if let (Some(of), Some(kind)) = (&of, kind) {
            let (line, column) = row.place_of("of");
            references.push((of.clone(), line, column));
            if !kind.needs_of() && kind != MeasureKind::Events {
                row.fail(
                    "of",
                    format!(
                        "a measure of kind {} names no other measure; leave `of` empty",
                        kind.as_str()
                    ),
                );
            }
        } else if kind.is_some_and(MeasureKind::needs_of) {
            row.fail("of", "a change or share names the measure it is of (`of`)");
        }
        if let (Some(id), Some(name), Some(unit), Some(signed), Some(kind)) =
            (id, name, unit, signed, kind)
        {
            let description = row.text("description").trim().to_string();
            let measure = Measure {
                id: id.clone(),
                name,
                unit,
                signed,
                kind,
                of,
                description,
            };
            measures.insert(id, measure);
        }
    });
    // A refused row's id is unknown here; its problem is reported already,
    // so references are checked only in a file read without any.
    let references = if p.len() == before {
        references
    } else {
        Vec::new()
    };
    for (of, line, column) in references {
        if !measures.contains_key(&of) && seen.get(&of).is_none() {
            let message = format!(
                "of: unknown measure {}; `of` names a measure listed in this file",
                v::echo(&of)
            );
            p.push(Problem::at(path, line, column, message));
        }
    }
    (measures, Listed::new(seen, complete))
}

/// The `kind` column of measures.csv: one of [`MeasureKind::ALL`].
fn measure_kind(row: &mut Row) -> Option<MeasureKind> {
    let text = v::required(row, "kind")?;
    let kind = MeasureKind::parse(text);
    if kind.is_none() {
        let known: Vec<&str> = MeasureKind::ALL.iter().map(|k| k.as_str()).collect();
        row.fail(
            "kind",
            format!(
                "expected one of {}, found {}",
                known.join(", "),
                v::echo(text)
            ),
        );
    }
    kind
}

/// Reads a vocabulary file (`groups.csv` with a `parent` column, `places.csv`
/// with `country`): its terms, and which ids it lists. Also used by the
/// importers, which read the vocabularies of a data directory.
pub(crate) fn load_terms(
    path: &Path,
    parent_column: &'static str,
    p: &mut Problems,
) -> (Vec<Term>, Listed) {
    let mut terms = Vec::new();
    let mut seen = v::Seen::default();
    let complete = read_table(
        path,
        &["id", "name", "kind", parent_column, "aliases", "note"],
        p,
        |row| {
            let id = v::unique_id(row, "id", &mut seen, terms.len());
            let name = v::required(row, "name").map(str::to_string);
            let kind = v::required(row, "kind").map(str::to_string);
            if let (Some(id), Some(name), Some(kind)) = (id, name, kind) {
                let aliases = row
                    .text("aliases")
                    .split(';')
                    .map(str::trim)
                    .filter(|a| !a.is_empty())
                    .map(str::to_string)
                    .collect();
                let (parent, note) = (v::optional(row, parent_column), v::optional(row, "note"));
                terms.push(Term {
                    id,
                    name,
                    kind,
                    parent,
                    aliases,
                    note,
                });
            }
        },
    );
    (terms, Listed::new(seen, complete))
}

fn load_attack_types(path: &Path, p: &mut Problems) -> (BTreeMap<String, String>, Listed) {
    let mut types = BTreeMap::new();
    let mut seen = v::Seen::default();
    let complete = read_table(path, &["id", "description"], p, |row| {
        if let Some(id) = v::unique_id(row, "id", &mut seen, types.len()) {
            types.insert(id, row.text("description").trim().to_string());
        }
    });
    (types, Listed::new(seen, complete))
}

fn load_sources(path: &Path, p: &mut Problems) -> (BTreeMap<String, Source>, Listed) {
    let mut sources = BTreeMap::new();
    let mut seen = v::Seen::default();
    let columns = Source::COLUMNS;
    let complete = read_table(path, &columns, p, |row| {
        let id = v::unique_id::<String>(row, "id", &mut seen, sources.len());
        let title = v::required(row, "title").map(str::to_string);
        let published = v::date(row, "published");
        if let (Some(id), Some(title), Some(published)) = (id, title, published) {
            let source = Source {
                id: id.clone(),
                title,
                published,
                publisher: v::optional(row, "publisher"),
                seed_file: v::optional(row, "seed_file"),
                url: v::optional(row, "url"),
                original_author: v::optional(row, "original_author"),
                note: v::optional(row, "note"),
            };
            sources.insert(id, source);
        }
    });
    (sources, Listed::new(seen, complete))
}

/// The quote and note every fact row carries; the quote is required.
fn quote_and_note<T: for<'t> From<&'t str>>(row: &mut Row) -> (Option<T>, Option<T>) {
    (
        v::required(row, "quote").map(T::from),
        v::optional(row, "note"),
    )
}

/// On a file's first row, makes room for as many records and ids as it has
/// lines, so that a million records are not copied again and again as their
/// vector and id set grow (and do not end in twice the room they need).
fn size_for_file<T>(row: &Row, records: &mut Vec<T>, seen: &mut v::Seen) {
    if records.capacity() == 0 {
        records.reserve_exact(row.rows_at_most());
        seen.reserve(row.rows_at_most());
    }
}

/// Incidents already read from the lines a file begins with, and where
/// the file goes on: the default is none, from the start.
#[derive(Default)]
struct Continued {
    incidents: Vec<Incident>,
    seen: v::Seen,
    from: table::Resume,
}

impl Continued {
    /// From the start, with room for `rows` rows (else as many as the file
    /// has lines).
    fn with_room(rows: Option<usize>) -> Continued {
        let mut start = Continued::default();
        if let Some(rows) = rows {
            start.incidents.reserve_exact(rows);
            start.seen.reserve(rows);
        }
        start
    }

    /// After `incidents` (with the ids `listed`, their file's), read from
    /// the lines before `byte`.
    fn after(incidents: Vec<Incident>, listed: &Listed, byte: usize) -> Continued {
        let from = table::Resume {
            byte,
            records: incidents.len(),
        };
        Continued {
            incidents,
            seen: listed.ids().clone(),
            from,
        }
    }
}

/// The incidents of `path` and the ids its file lists, after those of
/// `start` (read from the bytes the file begins with).
fn load_incidents(
    path: &Path,
    r: &References,
    p: &mut Problems,
    start: Continued,
) -> (Vec<Incident>, Listed) {
    let Continued {
        mut incidents,
        mut seen,
        from,
    } = start;
    let columns = Incident::COLUMNS;
    let complete = table::read_table_from(path, &columns, p, from, |row| {
        size_for_file(row, &mut incidents, &mut seen);
        let id = v::unique_id(row, "id", &mut seen, incidents.len());
        let date = v::date(row, "date");
        let country = v::required(row, "country").map(Text::from);
        let province = r.place(row, "province");
        let group = r.group(row, "group");
        let claimed = v::yes_no(row, "claimed");
        let attack_type = attack_type(row, &r.attack_types);
        let source = r.source(row, "source_id");
        let (quote, note) = quote_and_note(row);
        if let (Some(date), Some(source)) = (date, source) {
            v::not_after_source(row, "date", date, source);
        }
        let (
            Some(id),
            Some(date),
            Some(country),
            Some(province),
            Some(group),
            Some(claimed),
            Some(attack_type),
            Some(source),
            Some(quote),
        ) = (
            id,
            date,
            country,
            province,
            group,
            claimed,
            attack_type,
            source,
            quote,
        )
        else {
            return;
        };
        let (district, target) = (v::optional(row, "district"), v::optional(row, "target"));
        let source_id = Text::from(source.id.as_str());
        incidents.push(Incident {
            id,
            date,
            country,
            province,
            district,
            group,
            claimed,
            attack_type,
            target,
            source_id,
            quote,
            note,
        });
    });
    (incidents, Listed::new(seen, complete))
}

fn attack_type(
    row: &mut Row,
    (types, listed): &(&BTreeMap<String, String>, Listed),
) -> Option<Text> {
    let get = |id: &str| types.contains_key(id).then(|| Text::from(id));
    let unknown = |id: &str| {
        format!(
            "unknown attack type {}; expected one of {} (attack_types.csv)",
            v::echo(id),
            v::listing(types.keys())
        )
    };
    v::lookup(row, "attack_type", listed, get, unknown)
}

fn load_counts(path: &Path, r: &References, p: &mut Problems) -> Vec<Count> {
    let mut counts = Vec::new();
    let mut seen = v::Seen::default();
    let columns = Count::COLUMNS;
    read_table(path, &columns, p, |row| {
        let id = v::unique_id(row, "id", &mut seen, counts.len());
        let start = v::date(row, "period_start");
        let end = v::date(row, "period_end");
        if let (Some(s), Some(e)) = (start, end) {
            if e.end() < s.start() {
                row.fail("period_end", format!("{e} is before period_start {s}"));
            }
        }
        let place = r.place(row, "place");
        let perpetrator = v::optional(row, "perpetrator");
        if perpetrator.is_some() {
            r.group::<String>(row, "perpetrator");
        }
        let measure = measure(row, &r.measures);
        // Without a known measure there is no telling whether a sign is allowed.
        let signed = measure.is_none_or(|m| m.signed);
        let figure = v::figure(row, v::FIGURE, signed, false).flatten();
        let source = r.source(row, "source_id");
        let (quote, note) = quote_and_note(row);
        if let (Some(start), Some(source)) = (start, source) {
            v::not_after_source(row, "period_start", start, source);
        }
        let (
            Some(id),
            Some(period_start),
            Some(period_end),
            Some(place),
            Some(measure),
            Some(figure),
            Some(source),
            Some(quote),
        ) = (id, start, end, place, measure, figure, source, quote)
        else {
            return;
        };
        let (measure, source_id) = (measure.id.clone(), source.id.clone());
        counts.push(Count {
            id,
            period_start,
            period_end,
            place,
            perpetrator,
            measure,
            figure,
            source_id,
            quote,
            note,
        });
    });
    counts
}

fn measure<'m>(
    row: &mut Row,
    (measures, listed): &(&'m BTreeMap<String, Measure>, Listed),
) -> Option<&'m Measure> {
    let unknown = |id: &str| {
        format!(
            "unknown measure {}; expected one of {} (measures.csv)",
            v::echo(id),
            v::listing(measures.keys())
        )
    };
    v::lookup(row, "measure", listed, |id| measures.get(id), unknown)
}

fn load_strength(path: &Path, r: &References, p: &mut Problems) -> Vec<StrengthEstimate> {
    let mut estimates = Vec::new();
    let mut seen = v::Seen::default();
    let columns = StrengthEstimate::COLUMNS;
    read_table(path, &columns, p, |row| {
        let id = v::unique_id(row, "id", &mut seen, estimates.len());
        let group = r.group(row, "group");
        let place = r.place(row, "place");
        let as_of = v::date(row, "as_of");
        let counted = v::required(row, "counted").map(str::to_string);
        let figure = v::figure(row, v::FIGURE, false, false).flatten();
        let source = r.source(row, "source_id");
        let (quote, note) = quote_and_note(row);
        if let (Some(as_of), Some(source)) = (as_of, source) {
            v::not_after_source(row, "as_of", as_of, source);
        }
        let (
            Some(id),
            Some(group),
            Some(place),
            Some(as_of),
            Some(counted),
            Some(figure),
            Some(source),
            Some(quote),
        ) = (id, group, place, as_of, counted, figure, source, quote)
        else {
            return;
        };
        let source_id = source.id.clone();
        estimates.push(StrengthEstimate {
            id,
            group,
            place,
            as_of,
            counted,
            figure,
            source_id,
            quote,
            note,
        });
    });
    estimates
}

fn load_not_figures(path: &Path, p: &mut Problems) -> Vec<NotFigure> {
    let mut rows = Vec::new();
    read_table(path, &NotFigure::COLUMNS, p, |row| {
        let seed_file = v::required(row, "seed_file").map(str::to_string);
        let text = v::required(row, "text").map(str::to_string);
        let reason = v::required(row, "reason").map(str::to_string);
        if let (Some(seed_file), Some(text), Some(reason)) = (seed_file, text, reason) {
            rows.push(NotFigure {
                seed_file,
                text,
                reason,
            });
        }
    });
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bundled() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("data")
    }

    #[test]
    fn bundled_data_loads_without_problems() {
        let data = load_dataset(&bundled()).unwrap_or_else(|p| panic!("{p}"));
        assert_eq!(data.incidents.len(), 7);
        assert!(data
            .counts
            .iter()
            .any(|c| c.id == "sayed-2021-ttp-claimed-attacks"));
        assert_eq!(data.fingerprint.len(), 64);
    }

    #[test]
    fn a_load_to_check_reads_the_same_records_and_no_fingerprint() {
        let built = load_dataset(&bundled()).unwrap_or_else(|p| panic!("{p}"));
        let checked = load_dataset_to_check(&bundled()).unwrap_or_else(|p| panic!("{p}"));
        assert_eq!(checked.fingerprint, "");
        assert_eq!(checked.incidents, built.incidents);
        assert_eq!(checked.casualty_estimates, built.casualty_estimates);
        assert_eq!(checked.counts, built.counts);
        let missing = load_dataset_to_check(Path::new("/no/such/sitrep/data")).unwrap_err();
        assert!(missing.to_string().contains("not found"), "{missing}");
    }

    /// A copy of the bundled data with `file`'s first `find` replaced.
    fn edited(file: &str, find: &str, with: &str) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for name in FILES.iter().chain(&[definition::FILE]) {
            std::fs::copy(bundled().join(name), dir.path().join(name)).unwrap();
        }
        let text = std::fs::read_to_string(dir.path().join(file)).unwrap();
        assert!(text.contains(find), "{find}");
        std::fs::write(dir.path().join(file), text.replacen(find, with, 1)).unwrap();
        dir
    }

    fn problems_of(dir: &Path) -> Vec<String> {
        let problems = load_dataset(dir).unwrap_err();
        let dir = format!("{}/", dir.display());
        problems
            .list()
            .iter()
            .map(|p| p.to_string().replace(&dir, ""))
            .collect()
    }

    #[test]
    fn a_refused_row_is_not_reported_again_where_it_is_referred_to() {
        // A source with a bad date: cited by several rows of several files.
        let dir = edited("sources.csv", ",,2023-08,", ",,August 2023,");
        let problems = problems_of(dir.path());
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].starts_with("sources.csv:6:"), "{problems:?}");
        // An incident row with too few fields: its casualty estimates are not unknown.
        let dir = edited("incidents.csv", ",JUI-F election convention,", ",");
        let problems = problems_of(dir.path());
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].starts_with("incidents.csv:8: expected 12 fields"));
    }

    #[test]
    fn a_refused_estimate_still_has_its_incident_checked_in_column_order() {
        let dir = edited(
            "casualty_estimates.csv",
            "sibi-2022-rferl,2022-03-08-sibi,rferl-isk-2022,exact,5,",
            "sibi-2022-rferl,2022-03-08-sibbi,rferl-isk-2O22,exact,,",
        );
        let problems = problems_of(dir.path());
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(
            problems[0].starts_with(
                "casualty_estimates.csv:5:17: incident_id: unknown incident \"2022-03-08-sibbi\""
            ),
            "{problems:?}"
        );
        assert!(
            problems[1].starts_with("casualty_estimates.csv:5:34: source_id: unknown source"),
            "{problems:?}"
        );
        assert!(
            problems[2].starts_with("casualty_estimates.csv:5:")
                && problems[2]
                    .contains("killed_best: is empty; exact needs the stated number in best"),
            "{problems:?}"
        );
    }

    #[test]
    fn an_estimate_with_neither_killed_nor_injured_is_refused() {
        let dir = edited(
            "casualty_estimates.csv",
            "isk-balochistan-2017,more_than,30,,,at_least,1,,,",
            "isk-balochistan-2017,,,,,,,,,",
        );
        let problems = problems_of(dir.path());
        assert_eq!(
            problems,
            ["casualty_estimates.csv:2:70: killed_qualifier: is empty, and so is injured_qualifier; an estimate needs killed or injured"],
        );
    }

    /// The bundled data with `casualty_estimates.csv`'s rows put in the
    /// order `order` gives them (from the rows and incidents.csv's ids).
    fn estimates_reordered(
        order: impl Fn(&mut Vec<csv::StringRecord>, &[String]),
    ) -> tempfile::TempDir {
        let dir = edited("counts.csv", "", "");
        let incidents: Vec<String> = csv::Reader::from_path(bundled().join("incidents.csv"))
            .unwrap()
            .records()
            .map(|r| r.unwrap()[0].to_string())
            .collect();
        let path = dir.path().join("casualty_estimates.csv");
        let mut reader = csv::Reader::from_path(&path).unwrap();
        let header = reader.headers().unwrap().clone();
        let mut rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
        order(&mut rows, &incidents);
        let mut writer = csv::Writer::from_path(&path).unwrap();
        writer.write_record(&header).unwrap();
        rows.iter().for_each(|r| writer.write_record(r).unwrap());
        writer.flush().unwrap();
        dir
    }

    #[test]
    fn estimates_in_any_order_give_the_same_metrics() {
        let metrics = |dir: &Path| {
            let data = load_dataset(dir).unwrap_or_else(|p| panic!("{p}"));
            let set = crate::compute::compute(&data).unwrap();
            // Inputs are listed in file order; the numbers must not move.
            let numbers = set.metrics.into_iter().map(|m| (m.id, m.display, m.value));
            numbers.collect::<Vec<_>>()
        };
        let bundled_metrics = metrics(&bundled());
        let by_incident = |rows: &mut Vec<csv::StringRecord>, ids: &[String]| {
            rows.sort_by_key(|r| ids.iter().position(|i| *i == r[1]));
        };
        let sorted = estimates_reordered(by_incident);
        assert_eq!(metrics(sorted.path()), bundled_metrics);
        let reversed = estimates_reordered(|rows, ids| {
            by_incident(rows, ids);
            rows.reverse();
        });
        assert_eq!(metrics(reversed.path()), bundled_metrics);
    }

    #[test]
    fn a_file_that_cannot_be_read_is_reported_once() {
        let dir = edited("places.csv", "id,name", "id,nom");
        let problems = problems_of(dir.path());
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(
            problems.iter().all(|p| p.starts_with("places.csv:1")),
            "{problems:?}"
        );
    }

    #[test]
    fn an_unknown_id_is_still_reported_when_its_file_was_read() {
        let dir = edited("counts.csv", ",all,attacks,", ",all,atacks,");
        let problems = problems_of(dir.path());
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].contains("measure: unknown measure \"atacks\"; expected one of attacks,")
        );
    }

    #[test]
    fn a_missing_directory_or_a_file_is_not_a_data_directory() {
        let dir = tempfile::tempdir().unwrap();
        let missing = problems_of(&dir.path().join("nothing"));
        assert!(missing[0].ends_with("nothing: data directory not found; expected an existing folder holding the data files (--data DIR)"));
        std::fs::write(dir.path().join("file"), "").unwrap();
        let file = problems_of(&dir.path().join("file"));
        assert!(
            file[0].contains("file: is a file, not a data directory"),
            "{file:?}"
        );
    }

    #[test]
    fn a_bad_copy_reports_every_problem_with_its_place() {
        let dir = tempfile::tempdir().unwrap();
        for name in FILES.iter().chain(&[definition::FILE]) {
            std::fs::copy(bundled().join(name), dir.path().join(name)).unwrap();
        }
        let counts = std::fs::read_to_string(dir.path().join("counts.csv")).unwrap();
        let broken = counts.replacen(
            ",pakistan,all,attacks,exact,,370,",
            ",Baluchistan,all,attacks,exact,,~370,",
            1,
        );
        std::fs::write(dir.path().join("counts.csv"), broken).unwrap();
        let problems = load_dataset(dir.path()).unwrap_err();
        let text = problems.to_string();
        assert_eq!(problems.len(), 2, "{text}");
        assert!(text.contains("counts.csv:2:47: place: unknown place \"Baluchistan\"; it is a name of `balochistan`"), "{text}");
        assert!(
            text.contains("best: expected a number such as 2000 or 15.5, found \"~370\""),
            "{text}"
        );
    }
}
