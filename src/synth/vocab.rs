//! The ids the generated rows refer to, read from the vocabulary files (the
//! bundled ones or a data directory's) and joined to the profile's figures:
//! the provinces and territories of the profile's country, the groups of
//! kind `group`, the attack types, the country itself, the perpetrator of
//! kind `total`, and the measures counts use.
//!
//! Everything the generator needs of the vocabularies is checked here,
//! before anything is written; each problem names its file.

use std::borrow::Cow;
use std::path::PathBuf;

use super::profile::{self, Active, Kind, Profile, MOST_NAMES};
use crate::load::bundled::VOCABULARIES;
use crate::problem::{echo, Problem, Problems};

/// Where the vocabularies come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Vocabularies {
    /// Those compiled into sitrep (the bundled data's).
    Bundled,
    /// The vocabulary files of a data directory.
    Folder(PathBuf),
}

/// One vocabulary file, read: its name, the path messages show, its bytes.
#[derive(Debug)]
pub struct VocabFile {
    pub name: &'static str,
    pub path: PathBuf,
    pub bytes: Cow<'static, [u8]>,
}

impl Vocabularies {
    /// The vocabulary files, in the order the loader reads them; a problem
    /// for each that cannot be read.
    pub fn files(&self) -> Result<Vec<VocabFile>, Problems> {
        let mut problems = Problems::default();
        let mut files = Vec::new();
        for (name, text) in VOCABULARIES {
            let (path, bytes) = match self {
                Vocabularies::Bundled => (bundled_path(name), Ok(Cow::Borrowed(text.as_bytes()))),
                Vocabularies::Folder(dir) => (
                    dir.join(name),
                    std::fs::read(dir.join(name)).map(Cow::Owned),
                ),
            };
            match bytes {
                Ok(bytes) => files.push(VocabFile { name, path, bytes }),
                Err(e) => problems.push(Problem::file(&path, format!("cannot be read: {e}"))),
            }
        }
        problems.into_result(files)
    }
}

/// How a bundled vocabulary file is named in messages.
fn bundled_path(name: &str) -> PathBuf {
    PathBuf::from(format!("<built-in {name}>"))
}

/// An id of the vocabularies with the profile's figures for it.
#[derive(Debug, Clone)]
pub struct Drawn<T> {
    pub id: String,
    pub figures: T,
}

/// The ids the generator draws from, with their figures.
#[derive(Debug, Clone)]
pub struct Vocab {
    /// The country code incidents are in (places.csv's `country`).
    pub country_code: String,
    /// The place of kind `country` with that code.
    pub country: String,
    /// Every other place of that country: provinces and territories.
    pub provinces: Vec<Drawn<profile::Place>>,
    /// Every group of kind `group`.
    pub groups: Vec<Drawn<profile::Group>>,
    pub attack_types: Vec<Drawn<f64>>,
    /// The perpetrator of kind `total` (empty when groups.csv has none).
    pub total: String,
    /// The measures counts use that measures.csv has.
    pub attacks: String,
    pub killed: Option<String>,
    pub claimed: Option<String>,
}

impl Vocab {
    /// Reads the ids of `files` and joins them to `profile`, or says every
    /// reason the generator cannot draw over them.
    pub fn read(files: &[VocabFile], profile: &Profile) -> Result<Vocab, Problems> {
        let mut problems = Problems::default();
        let mut rows = |name: &str, columns: &[&str]| -> Vec<Vec<String>> {
            read_rows(file(files, name), columns).unwrap_or_else(|p| {
                problems.push(p);
                Vec::new()
            })
        };
        let rows = Rows {
            places: rows("places.csv", &["id", "country", "kind"]),
            groups: rows("groups.csv", &["id", "kind"]),
            attack_types: rows("attack_types.csv", &["id"]),
            measures: rows("measures.csv", &["id"]),
        };
        let vocab = Vocab::join(&rows, profile);
        if problems.is_empty() {
            let has_attacks = rows.measure(&profile.measures.attacks).is_some();
            for (name, message) in vocab.shortfalls(profile, has_attacks) {
                problems.push(Problem::file(&file(files, name).path, message));
            }
        }
        problems.into_result(vocab)
    }

    /// The ids of `rows` with the profile's figures for each.
    fn join(rows: &Rows, profile: &Profile) -> Vocab {
        let country = &profile.country;
        let measure = |id: &Option<String>| id.as_deref().and_then(|id| rows.measure(id));
        Vocab {
            country_code: country.clone(),
            country: first_id(&rows.places, |p| p[1] == *country && p[2] == "country"),
            provinces: drawn(
                &rows.places,
                |p| p[1] == *country && p[2] != "country",
                |id| profile.place(id).clone(),
            ),
            groups: drawn(
                &rows.groups,
                |g| g[1] == "group",
                |id| profile.group(id).clone(),
            ),
            attack_types: drawn(&rows.attack_types, |_| true, |id| profile.attack_type(id)),
            total: first_id(&rows.groups, |g| g[1] == "total"),
            attacks: profile.measures.attacks.clone(),
            killed: measure(&profile.measures.killed),
            claimed: measure(&profile.measures.claimed),
        }
    }

    /// What leaves the generator nothing to draw from, or would make the
    /// data directory invalid: each with the vocabulary file it is about.
    fn shortfalls(&self, profile: &Profile, has_attacks: bool) -> Vec<(&'static str, String)> {
        let code = echo(&self.country_code);
        let (first, last) = (profile.years.first, profile.years.last());
        let attacks = echo(&self.attacks);
        let found = [
            (self.country.is_empty(), "places.csv", format!("no place of kind `country` with country {code} (the profile's `country`): counts.csv and strength.csv need it")),
            (self.provinces.is_empty(), "places.csv", format!("no place of country {code} other than the country: incidents need a province or territory")),
            (!self.groups.iter().any(|g| g.active_in_record(profile)), "groups.csv", format!("no group of kind `group` active from {first} to {last} (the profile's years)")),
            (self.attack_types.is_empty(), "attack_types.csv", "no attack type: incidents need one".to_string()),
            (!has_attacks, "measures.csv", format!("no measure {attacks} (the profile's [measures] attacks): counts.csv needs it")),
        ];
        let sizes = [
            ("places.csv", self.provinces.len()),
            ("groups.csv", self.groups.len()),
            ("attack_types.csv", self.attack_types.len()),
        ];
        let too_many = sizes
            .into_iter()
            .filter(|(_, n)| *n > MOST_NAMES)
            .map(|(name, n)| {
                (
                    name,
                    format!("{n} ids to draw from: synth handles at most {MOST_NAMES}"),
                )
            });
        let found = found
            .into_iter()
            .filter(|f| f.0)
            .map(|(_, name, message)| (name, message));
        found.chain(too_many).collect()
    }

    /// Whether the vocabularies have the id `id` of the kind the profile
    /// lists it as.
    pub fn has(&self, kind: Kind, id: &str) -> bool {
        self.ids(kind).contains(&id)
    }

    /// The ids of one kind the profile may list.
    pub fn ids(&self, kind: Kind) -> Vec<&str> {
        match kind {
            Kind::Place => self.provinces.iter().map(|p| p.id.as_str()).collect(),
            Kind::Group => self.groups.iter().map(|g| g.id.as_str()).collect(),
            Kind::AttackType => self.attack_types.iter().map(|a| a.id.as_str()).collect(),
        }
    }

    /// The provinces' weights in `year` (see [`active_weights`]).
    pub fn province_weights(&self, year: i32) -> Vec<f64> {
        active_weights(
            self.provinces
                .iter()
                .map(|p| (p.figures.weight, p.figures.active)),
            year,
        )
    }

    /// The groups' weights in `year` (see [`active_weights`]).
    pub fn group_weights(&self, year: i32) -> Vec<f64> {
        active_weights(
            self.groups
                .iter()
                .map(|g| (g.figures.weight, g.figures.active)),
            year,
        )
    }
}

impl Drawn<profile::Group> {
    /// The years of the record the group is active in.
    pub fn years(&self, profile: &Profile) -> std::ops::RangeInclusive<i32> {
        let Active { from, until } = self.figures.active;
        let first = from.map_or(profile.years.first, |f| f.max(profile.years.first));
        let last = until.map_or(profile.years.last(), |u| u.min(profile.years.last()));
        first..=last
    }

    fn active_in_record(&self, profile: &Profile) -> bool {
        !self.years(profile).is_empty()
    }
}

/// The weights of entries (weight, years) in `year`: zero when not active;
/// all ones when none is active or every weight is zero, so that a year
/// always has someone to draw.
fn active_weights(entries: impl Iterator<Item = (f64, Active)>, year: i32) -> Vec<f64> {
    let weights: Vec<f64> = entries
        .map(|(weight, active)| if active.contains(year) { weight } else { 0.0 })
        .collect();
    match weights.iter().any(|w| *w > 0.0) {
        true => weights,
        false => vec![1.0; weights.len()],
    }
}

/// The columns of each vocabulary the generator reads.
struct Rows {
    places: Vec<Vec<String>>,
    groups: Vec<Vec<String>>,
    attack_types: Vec<Vec<String>>,
    measures: Vec<Vec<String>>,
}

impl Rows {
    /// `id`, when measures.csv has it.
    fn measure(&self, id: &str) -> Option<String> {
        self.measures
            .iter()
            .any(|m| m[0] == id)
            .then(|| id.to_string())
    }
}

/// The vocabulary file `name` of `files` (which holds every one).
fn file<'a>(files: &'a [VocabFile], name: &str) -> &'a VocabFile {
    files
        .iter()
        .find(|f| f.name == name)
        .expect("every vocabulary file is read")
}

/// The id (first column) of the first row `pick` accepts; empty if none.
fn first_id(rows: &[Vec<String>], pick: impl Fn(&[String]) -> bool) -> String {
    rows.iter()
        .find(|r| pick(r))
        .map(|r| r[0].clone())
        .unwrap_or_default()
}

/// The rows `pick` accepts, as ids with the figures `figures` gives each.
fn drawn<T>(
    rows: &[Vec<String>],
    pick: impl Fn(&[String]) -> bool,
    figures: impl Fn(&str) -> T,
) -> Vec<Drawn<T>> {
    rows.iter()
        .filter(|r| pick(r))
        .map(|r| Drawn {
            id: r[0].clone(),
            figures: figures(&r[0]),
        })
        .collect()
}

/// The named columns of every row of a vocabulary file with an id, in file
/// order (a byte-order mark and any line ends accepted).
fn read_rows(file: &VocabFile, columns: &[&str]) -> Result<Vec<Vec<String>>, Problem> {
    let bytes = file
        .bytes
        .strip_prefix(b"\xEF\xBB\xBF")
        .unwrap_or(&file.bytes);
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(bytes);
    let fail = |e: csv::Error| {
        let line = e.position().map_or(0, |p| p.line() as usize);
        Problem::at(&file.path, line, 0, format!("not readable as CSV: {e}"))
    };
    let header = reader.headers().map_err(fail)?.clone();
    let slots = columns
        .iter()
        .map(|column| {
            let slot = header.iter().position(|h| h.trim() == *column);
            slot.ok_or_else(|| Problem::at(&file.path, 1, 0, format!("no column `{column}`")))
        })
        .collect::<Result<Vec<usize>, Problem>>()?;
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(fail)?;
        let row: Vec<String> = slots
            .iter()
            .map(|s| record.get(*s).unwrap_or("").trim().to_string())
            .collect();
        if !row[0].is_empty() {
            rows.push(row);
        }
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bundled() -> Vocab {
        let files = Vocabularies::Bundled.files().unwrap();
        Vocab::read(&files, &Profile::bundled().unwrap()).unwrap_or_else(|p| panic!("{p}"))
    }

    #[test]
    fn the_bundled_vocabularies_give_provinces_groups_and_measures() {
        let vocab = bundled();
        assert!(!vocab.country.is_empty() && !vocab.total.is_empty());
        assert!(vocab.provinces.len() >= 4 && vocab.groups.len() >= 4);
        assert!(vocab.killed.is_some() && vocab.claimed.is_some());
    }

    #[test]
    fn every_id_the_bundled_profile_lists_is_in_the_bundled_vocabularies() {
        let vocab = bundled();
        let unused = Profile::bundled()
            .unwrap()
            .unused(|k, id| vocab.has(k, id), |k| vocab.ids(k));
        assert!(unused.is_empty(), "{unused:?}");
    }

    #[test]
    fn a_year_nobody_is_active_in_draws_from_everyone() {
        let none = Active {
            from: Some(3000),
            until: None,
        };
        let entries = [(0.5, none), (0.2, Active::default())];
        assert_eq!(active_weights(entries.into_iter(), 2000), vec![0.0, 0.2]);
        assert_eq!(
            active_weights(entries[..1].iter().copied(), 2000),
            vec![1.0]
        );
    }

    #[test]
    fn missing_files_and_columns_are_all_reported() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("places.csv"), "id,kind\npk,country\n").unwrap();
        let problems = Vocabularies::Folder(dir.path().to_path_buf())
            .files()
            .unwrap_err();
        assert_eq!(problems.len(), 4, "{problems}");
        let mut files = Vocabularies::Bundled.files().unwrap();
        let places = files.iter_mut().find(|f| f.name == "places.csv").unwrap();
        places.bytes = Cow::Borrowed(b"id,kind\npk,country\n");
        let problems = Vocab::read(&files, &Profile::bundled().unwrap()).unwrap_err();
        assert_eq!(
            problems.list()[0].to_string(),
            "<built-in places.csv>:1: no column `country`"
        );
    }
}
