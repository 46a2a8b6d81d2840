//! One import as it runs: each row is decoded field by field from one
//! reused record, turned into one output line, and only those lines are
//! kept for sorting by (date, id). Names are resolved and counted as rows
//! come; problems are located once the whole file has been read. The output
//! goes to a temporary file beside `events.csv`, renamed over it when
//! complete, so a failed import leaves no partial file.

use std::borrow::Cow;
use std::cell::Cell;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use csv::ByteRecord;

use super::field::Field;
use super::formats::{Draft, Layout, Outcome};
use super::input::{Input, Row};
use super::mapping::Settings;
use super::options::ImportError;
use super::summary::{self, ImportSummary};
use super::vocab::{Unknown, Vocabularies};
use crate::date::PartialDate;
use crate::load::events::{Fields, EVENT_COLUMNS};
use crate::problem::{Problem, Problems};

/// One event waiting to be sorted and written: its sort key and its line.
struct Pending {
    key: (i32, u8, u8),
    id_len: usize,
    line: Box<str>,
}

impl Pending {
    fn id(&self) -> &str {
        &self.line[..self.id_len]
    }
}

/// A row whose problem is reported once the whole file has been read.
struct Spot {
    byte: u64,
    field: usize,
    message: String,
}

/// The state of one import: counts, caches, and the lines read so far.
pub(crate) struct Importer<'a> {
    settings: &'a Settings,
    vocab: Vocabularies,
    layout: &'a Layout,
    summary: ImportSummary,
    pending: Vec<Pending>,
    seen: HashSet<Box<str>>,
    spots: Vec<Spot>,
    spots_uncounted: usize,
    /// The country code of the events each unknown province name is in
    /// (the first seen), to find the closest province of that country.
    province_countries: HashMap<String, Option<Rc<str>>>,
    line: String,
    id: String,
}

impl<'a> Importer<'a> {
    pub fn new(settings: &'a Settings, vocab: Vocabularies, layout: &'a Layout) -> Importer<'a> {
        let summary = ImportSummary {
            dataset: settings.dataset.clone(),
            dataset_version: settings.version.clone(),
            ..ImportSummary::default()
        };
        Importer {
            settings,
            vocab,
            layout,
            summary,
            pending: Vec::new(),
            seen: HashSet::new(),
            spots: Vec::new(),
            spots_uncounted: 0,
            province_countries: HashMap::new(),
            line: String::new(),
            id: String::new(),
        }
    }

    pub fn read_all(&mut self, input: &mut Input) -> Result<(), ImportError> {
        let mut record = ByteRecord::new();
        while input.read(&mut record)? {
            self.summary.rows_read += 1;
            let position = record
                .position()
                .cloned()
                .unwrap_or_else(csv::Position::new);
            if !input.fits(&record) {
                self.skip("wrong_field_count");
                continue;
            }
            let row = Row {
                record: &record,
                encoding: input.encoding,
                empty: &self.settings.empty_values,
                bad: Cell::new(None),
                number: self.summary.rows_read,
            };
            let mut draft = Draft::default();
            let outcome = self.layout.extract(&row, &mut draft, self.settings);
            if let Some((field, found)) = row.bad.get() {
                let message = format!(
                    "{}: byte 0x{found:02X} is not UTF-8; if the file is Windows-1252, say encoding = \"windows-1252\" in the mapping file",
                    input.header_name(field)
                );
                self.spot(position.byte(), field, message);
                continue;
            }
            match outcome {
                Outcome::Bad { field, message } => {
                    let message = format!("{}: {message}", input.header_name(field));
                    self.spot(position.byte(), field, message);
                }
                Outcome::Ok => self.accept(draft),
            }
        }
        Ok(())
    }

    fn skip(&mut self, reason: &str) {
        *self.summary.skipped.entry(reason.to_string()).or_default() += 1;
    }

    fn spot(&mut self, byte: u64, field: usize, message: String) {
        if self.spots.len() < crate::problem::KEPT {
            self.spots.push(Spot {
                byte,
                field,
                message,
            });
        } else {
            self.spots_uncounted += 1;
        }
    }

    /// Resolves a usable row's names, counts it, and keeps its output line.
    fn accept(&mut self, mut d: Draft) {
        let Some(date) = d.date else {
            return self.skip("no_date");
        };
        if d.original_id.is_empty() {
            return self.skip("no_id");
        }
        if self.seen.contains(&*d.original_id) {
            return self.skip("duplicate_id");
        }
        self.seen.insert(d.original_id.as_ref().into());
        let settings: &'a Settings = self.settings;
        let maps = &settings.values;
        let country_text = maps.apply(Field::Country, d.country.clone());
        let code = self.vocab.country(&country_text);
        let country: Cow<str> = match &code {
            Some(code) => Cow::Owned(code.to_string()),
            None => country_text.clone(),
        };
        let province = self.province(&d.province, &country_text, code.as_deref());
        let group_text = maps.apply(Field::Group, d.group.clone());
        let group = if group_text.is_empty() {
            None
        } else {
            let found = self.vocab.group(&group_text);
            if found.is_none() {
                count(&mut self.summary.unknown_groups, &d.group);
            }
            found
        };
        let district = maps.apply(Field::District, d.district.clone());
        let attack_type = maps.apply(Field::AttackType, d.attack_type.clone());
        let target = maps.apply(Field::Target, d.target.clone());
        if d.attribution_doubt == Some(true) && !d.flags.iter().any(|f| f == "attribution_doubt") {
            d.flags.push("attribution_doubt".to_string());
        }

        self.summary.imported += 1;
        if !d.flags.is_empty() {
            self.summary.flagged += 1;
        }
        for flag in &d.flags {
            count(&mut self.summary.flags, flag);
        }
        self.summary.killed.add(&d.killed);
        self.summary.injured.add(&d.injured);

        self.id.clear();
        self.id.push_str(&self.settings.dataset);
        self.id.push('-');
        self.id.push_str(&d.original_id);
        let fields = Fields {
            id: &self.id,
            dataset: &self.settings.dataset,
            dataset_version: self.settings.version.as_deref().unwrap_or(""),
            original_id: &d.original_id,
            date,
            country: &country,
            province: province.as_deref().unwrap_or(""),
            province_raw: &d.province,
            district: &district,
            group: group.as_deref().unwrap_or(""),
            group_raw: &d.group,
            attribution_doubt: d.attribution_doubt,
            claimed: d.claimed,
            attack_type: &attack_type,
            target: &target,
            killed: d.killed,
            injured: d.injured,
            flags: &d.flags,
            note: &d.note,
        };
        self.line.clear();
        let id_len = fields.write(&mut self.line);
        self.pending.push(Pending {
            key: sort_key(date),
            id_len,
            line: self.line.as_str().into(),
        });
    }

    /// The province id, if the places vocabulary knows the name in the
    /// event's country; unknown names are counted.
    fn province(&mut self, raw: &str, country_text: &str, code: Option<&str>) -> Option<Rc<str>> {
        let text = self
            .settings
            .values
            .apply(Field::Province, Cow::Borrowed(raw));
        if text.is_empty() {
            return None;
        }
        if code.is_none() && !country_text.is_empty() {
            self.summary.outside_places += 1;
            return None;
        }
        let found = self.vocab.province(code, &text);
        if found.is_none() {
            count(&mut self.summary.unknown_provinces, raw);
            if !self.province_countries.contains_key(raw) {
                let code = code.map(Rc::from);
                self.province_countries.insert(raw.to_string(), code);
            }
        }
        found
    }

    /// Reports the problems or writes `events.csv`, and returns the summary.
    pub fn finish(mut self, input: &Input, path: PathBuf) -> Result<ImportSummary, ImportError> {
        if !self.spots.is_empty() {
            let wanted: Vec<(u64, usize)> = self.spots.iter().map(|s| (s.byte, s.field)).collect();
            let places = input.locate(&wanted);
            let mut problems = Problems::default();
            for (spot, (line, column)) in self.spots.into_iter().zip(places) {
                problems.push(Problem::at(&input.path, line, column, spot.message));
            }
            // Past KEPT problems, `Problems` keeps only a count: these
            // placeholders are counted, never shown.
            for _ in 0..self.spots_uncounted {
                problems.push(Problem::file(&input.path, "not kept"));
            }
            return Err(ImportError::Problems(problems));
        }
        if self.summary.rows_read == 0 {
            return Err(ImportError::NoEvents {
                path: input.path.clone(),
                reasons: "the file has a header but no rows".into(),
            });
        }
        if self.summary.imported == 0 {
            let reasons = summary::by_count(&self.summary.skipped)
                .iter()
                .map(|(reason, n)| format!("{n} {reason}"))
                .collect::<Vec<_>>()
                .join(", ");
            return Err(ImportError::NoEvents {
                path: input.path.clone(),
                reasons: format!(
                    "{} rows read, all skipped ({reasons})",
                    self.summary.rows_read
                ),
            });
        }
        self.pending
            .sort_unstable_by(|a, b| a.key.cmp(&b.key).then_with(|| a.id().cmp(b.id())));
        write_atomically(&path, &self.pending)?;
        self.summary.hints = self.hints();
        self.summary.output = path;
        Ok(self.summary)
    }
}

impl Importer<'_> {
    /// Hints for the unknown names the summary shows (the most frequent
    /// [`SHOWN`](crate::problem::SHOWN) of each kind).
    fn hints(&self) -> Vec<summary::Hint> {
        let shown = |map| {
            summary::by_count(map)
                .into_iter()
                .take(crate::problem::SHOWN)
        };
        let groups: Vec<Unknown> = shown(&self.summary.unknown_groups)
            .map(|(name, _)| Unknown {
                name,
                country: None,
            })
            .collect();
        let provinces: Vec<Unknown> = shown(&self.summary.unknown_provinces)
            .map(|(name, _)| Unknown {
                name,
                country: self.province_countries.get(name).and_then(|c| c.as_deref()),
            })
            .collect();
        self.vocab.hints(&groups, &provinces)
    }
}

fn count(map: &mut BTreeMap<String, u64>, key: &str) {
    match map.get_mut(key) {
        Some(n) => *n += 1,
        None => {
            map.insert(key.to_string(), 1);
        }
    }
}

/// Orders partial dates as their ISO text does: 2017 < 2017-01 < 2017-01-01.
fn sort_key(date: PartialDate) -> (i32, u8, u8) {
    use crate::date::Precision;
    use chrono::Datelike;
    let start = date.start();
    match date.precision() {
        Precision::Year => (start.year(), 0, 0),
        Precision::Month => (start.year(), start.month() as u8, 0),
        Precision::Day => (start.year(), start.month() as u8, start.day() as u8),
    }
}

/// Writes the header and `lines` to a temporary file in the target folder,
/// then renames it to `path`: `path` is either the old file or the whole new
/// one, never a part.
fn write_atomically(path: &Path, lines: &[Pending]) -> Result<(), ImportError> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let fail = |source| ImportError::Write {
        path: path.to_path_buf(),
        source,
    };
    std::fs::create_dir_all(dir).map_err(fail)?;
    let temp = tempfile::NamedTempFile::new_in(dir).map_err(fail)?;
    let mut out = std::io::BufWriter::with_capacity(1 << 16, temp);
    let mut write = || -> std::io::Result<()> {
        out.write_all(EVENT_COLUMNS.join(",").as_bytes())?;
        out.write_all(b"\n")?;
        for pending in lines {
            out.write_all(pending.line.as_bytes())?;
            out.write_all(b"\n")?;
        }
        out.flush()
    };
    write().map_err(fail)?;
    let temp = out.into_inner().map_err(|e| fail(e.into_error()))?;
    temp.as_file().sync_all().map_err(fail)?;
    // A temporary file is private (0600); the output is an ordinary file.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::Permissions::from_mode(0o644);
        temp.as_file().set_permissions(mode).map_err(fail)?;
    }
    temp.persist(path).map_err(|e| fail(e.error))?;
    Ok(())
}
