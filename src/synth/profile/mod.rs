//! The profile synth draws with: the years of the record and how busy each
//! is, and for the places, groups and attack types of the vocabularies how
//! often each appears, in which years, in which districts and how strong a
//! group grows; how deadly attacks are; which measures counts use.
//!
//! It is a TOML file, the one compiled in (`assets/synth/profile.toml`,
//! whose comments say where each figure comes from) or the user's
//! (`sitrep synth --profile FILE`). Reading it checks every value and
//! reports every problem at once, each at its line and column. The ids it
//! lists are only looked up: an id of the vocabularies it does not list
//! gets its `[unlisted]` rule, so any vocabulary can be drawn over.

mod check;
mod raw;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::problem::{echo, position, Problem, Problems};

/// The profile compiled into sitrep.
pub const BUNDLED: &str = include_str!("../../../assets/synth/profile.toml");

/// What the profile is called in messages when it is the compiled-in one.
const BUNDLED_NAME: &str = "<built-in synth profile>";

/// The years of the record and how many attacks each has, relative to the
/// others.
#[derive(Debug, Clone, PartialEq)]
pub struct Years {
    pub first: i32,
    /// One weight per year from `first`, not all zero.
    pub weights: Vec<f64>,
}

impl Years {
    pub fn last(&self) -> i32 {
        self.first + self.weights.len() as i32 - 1
    }

    /// The year of index `i` of `weights`.
    pub fn year(&self, i: usize) -> i32 {
        self.first + i as i32
    }
}

/// The years a place or group can appear in (both ends included; `None`
/// is open).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Active {
    pub from: Option<i32>,
    pub until: Option<i32>,
}

impl Active {
    pub fn contains(&self, year: i32) -> bool {
        self.from.is_none_or(|from| from <= year) && self.until.is_none_or(|until| year <= until)
    }
}

/// A province or territory: its weight among the others, its years, and
/// the districts incidents name there (already written as CSV fields; none
/// leaves the district empty).
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    pub weight: f64,
    pub active: Active,
    pub districts: Vec<String>,
}

/// A group: its weight among the others, its years, and its strength at
/// its height.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub weight: f64,
    pub active: Active,
    pub peak_strength: f64,
}

/// The national counts of attacks, killed and claims.
#[derive(Debug, Clone, PartialEq)]
pub struct Attacks {
    pub peak_per_year: f64,
    /// Killed per attack in tenths, drawn each year from the first up to
    /// the second (not included).
    pub killed_per_attack: (u32, u32),
    pub claimed_share: f64,
}

/// Incidents marked claimed, and what they target (CSV fields).
#[derive(Debug, Clone, PartialEq)]
pub struct Incidents {
    pub claimed: f64,
    pub targets: Vec<String>,
}

/// How many an attack kills.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Casualties {
    pub none_killed: f64,
    pub killed_scale: f64,
    pub killed_cap: u32,
}

/// The measures of measures.csv that counts.csv's rows use.
#[derive(Debug, Clone, PartialEq)]
pub struct Measures {
    pub attacks: String,
    pub killed: Option<String>,
    pub claimed: Option<String>,
}

/// What one kind of id the profile lists is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Place,
    Group,
    AttackType,
}

impl Kind {
    /// The vocabulary file the ids come from, and what in it.
    pub fn described(self) -> (&'static str, &'static str) {
        match self {
            Kind::Place => ("places.csv", "province or territory"),
            Kind::Group => ("groups.csv", "group of kind `group`"),
            Kind::AttackType => ("attack_types.csv", "attack type"),
        }
    }
}

/// An id the profile lists, with where it is written.
#[derive(Debug, Clone, PartialEq)]
pub struct Listed {
    pub kind: Kind,
    pub id: String,
    line: usize,
    column: usize,
}

/// A checked profile.
#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    /// The `country` code of places.csv whose provinces incidents are in.
    pub country: String,
    pub years: Years,
    pub attacks: Attacks,
    pub incidents: Incidents,
    pub casualties: Casualties,
    pub measures: Measures,
    /// What strength estimates count (CSV field).
    pub counted: String,
    places: BTreeMap<String, Place>,
    groups: BTreeMap<String, Group>,
    attack_types: BTreeMap<String, f64>,
    unlisted_place: Place,
    unlisted_group: Group,
    unlisted_attack_type: f64,
    listed: Vec<Listed>,
    /// The file read, or [`BUNDLED_NAME`].
    path: PathBuf,
}

impl Profile {
    /// The compiled-in profile.
    pub fn bundled() -> Result<Profile, Problems> {
        Profile::parse(BUNDLED, Path::new(BUNDLED_NAME))
    }

    /// Reads and checks the profile at `path`: UTF-8, with or without a
    /// byte-order mark, any line ends.
    pub fn read(path: &Path) -> Result<Profile, Problems> {
        let bytes = std::fs::read(path)
            .map_err(|e| one(Problem::file(path, format!("cannot be read: {e}"))))?;
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
        let text = std::str::from_utf8(bytes).map_err(|e| {
            let valid = String::from_utf8_lossy(&bytes[..e.valid_up_to()]);
            let (line, column) = position(&valid, valid.len());
            let message = "not UTF-8 text: save the profile as UTF-8";
            one(Problem::at(path, line, column, message))
        })?;
        Profile::parse(text, path)
    }

    /// Checks the profile `text`, read from `path`.
    pub fn parse(text: &str, path: &Path) -> Result<Profile, Problems> {
        let raw: raw::RawProfile = toml::from_str(text).map_err(|e| {
            let (line, column) = position(text, e.span().map_or(0, |s| s.start));
            // Messages may span lines ("invalid array\nexpected `]`"): one line.
            let message = e.message().trim().replace('\n', ": ");
            one(Problem::at(path, line, column, message))
        })?;
        check::checked(raw, text, path)
    }

    /// The figures of the province or territory `id`.
    pub fn place(&self, id: &str) -> &Place {
        self.places.get(id).unwrap_or(&self.unlisted_place)
    }

    /// The figures of the group `id`.
    pub fn group(&self, id: &str) -> &Group {
        self.groups.get(id).unwrap_or(&self.unlisted_group)
    }

    /// The weight of the attack type `id`.
    pub fn attack_type(&self, id: &str) -> f64 {
        *self
            .attack_types
            .get(id)
            .unwrap_or(&self.unlisted_attack_type)
    }

    /// A warning for each id the profile lists that `has` says the
    /// vocabularies lack (its figures go unused), with the closest id of
    /// `known` they have when one is close.
    pub fn unused<'a>(
        &self,
        has: impl Fn(Kind, &str) -> bool,
        known: impl Fn(Kind) -> Vec<&'a str>,
    ) -> Vec<Problem> {
        let unused = self.listed.iter().filter(|l| !has(l.kind, &l.id));
        unused
            .map(|l| {
                let (file, what) = l.kind.described();
                let nearest = closest(&l.id, &known(l.kind))
                    .map(|k| format!("; did you mean `{k}`?"))
                    .unwrap_or_default();
                let message = format!(
                    "{} is no {what} of {file}: its figures are not used{nearest}",
                    echo(&l.id)
                );
                Problem::at(&self.path, l.line, l.column, message)
            })
            .collect()
    }
}

/// The id of `known` most like `id`, when it is close.
fn closest<'a>(id: &str, known: &[&'a str]) -> Option<&'a str> {
    known
        .iter()
        .map(|k| (strsim::jaro_winkler(k, id), *k))
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .filter(|(score, _)| *score >= 0.8)
        .map(|(_, k)| k)
}

fn one(problem: Problem) -> Problems {
    let mut problems = Problems::default();
    problems.push(problem);
    problems
}

/// At most this many districts per place and targets (they are indexed
/// with 16 bits).
pub const MOST_NAMES: usize = u16::MAX as usize;

#[cfg(test)]
mod tests;
