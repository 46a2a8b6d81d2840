//! The typed records of a data directory, one struct per CSV file.
//!
//! Every record keeps the source it rests on and the verbatim quote, so that
//! any number can be traced back to the words it came from.

use serde::Serialize;

/// The text of the records that grow to millions of rows ([`Incident`],
/// [`CasualtyEstimate`]): a string kept inline, without a heap allocation,
/// when it is at most 24 bytes long, as every id and vocabulary reference is.
/// A million incidents then cost a few hundred megabytes, not gigabytes.
pub type Text = compact_str::CompactString;

use crate::date::PartialDate;
use crate::estimate::{PackedFigure, Qualifier, StatedFigure, Tolerance};

/// A publication a figure comes from (`sources.csv`). The same article
/// appears once per original author it quotes second-hand.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Source {
    pub id: String,
    pub title: String,
    pub publisher: Option<String>,
    pub published: PartialDate,
    pub seed_file: Option<String>,
    pub url: Option<String>,
    pub original_author: Option<String>,
    pub note: Option<String>,
}

impl Source {
    /// The columns of `sources.csv`, in the order sitrep writes them (a
    /// file may hold them in any order).
    pub const COLUMNS: [&'static str; 8] = [
        "id",
        "title",
        "publisher",
        "published",
        "seed_file",
        "url",
        "original_author",
        "note",
    ];
}

/// An entry of a controlled vocabulary (`groups.csv`, `places.csv`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Term {
    pub id: String,
    pub name: String,
    /// `group`/`category` for groups; `country`/`province`/… for places.
    pub kind: String,
    /// The parent group (groups) or the country code (places).
    pub parent: Option<String>,
    pub aliases: Vec<String>,
    pub note: Option<String>,
}

/// A measure counted in `counts.csv` (`measures.csv`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Measure {
    pub id: String,
    /// What labels call it: "Attacks claimed", "People killed".
    pub name: String,
    pub unit: String,
    /// Whether negative values are allowed (a change can be a decline).
    pub signed: bool,
    /// What the rules may do with counts of this measure.
    pub kind: MeasureKind,
    /// For `change` and `share`: the measure changed or shared; for
    /// `events`: the measure whose total it is part of (claimed attacks
    /// are part of all attacks).
    pub of: Option<String>,
    pub description: String,
}

/// What a measure counts, which decides the rules that apply to it
/// (`measures.csv`, column `kind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MeasureKind {
    /// Events such as attacks: shares of a total, rates per event, trends.
    Events,
    /// People killed or injured: rates per event, trends.
    Casualties,
    /// A stated percentage change of the measure named in `of`.
    Change,
    /// A stated percentage share of the measure named in `of`.
    Share,
    /// Context (population, money): reported as stated, nothing derived.
    Context,
}

impl MeasureKind {
    pub const ALL: [MeasureKind; 5] = [
        MeasureKind::Events,
        MeasureKind::Casualties,
        MeasureKind::Change,
        MeasureKind::Share,
        MeasureKind::Context,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MeasureKind::Events => "events",
            MeasureKind::Casualties => "casualties",
            MeasureKind::Change => "change",
            MeasureKind::Share => "share",
            MeasureKind::Context => "context",
        }
    }

    pub fn parse(text: &str) -> Option<MeasureKind> {
        MeasureKind::ALL.into_iter().find(|k| k.as_str() == text)
    }

    /// Whether a measure of this kind names another in `of`.
    pub fn needs_of(self) -> bool {
        matches!(self, MeasureKind::Change | MeasureKind::Share)
    }
}

/// The meaning and tolerance of a qualifier (`qualifiers.csv`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QualifierRule {
    pub id: Qualifier,
    pub description: String,
    pub tolerance: Tolerance,
}

/// One attack (`incidents.csv`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Incident {
    pub id: Text,
    pub date: PartialDate,
    /// ISO 3166 alpha-2 code: PK, AF.
    pub country: Text,
    pub province: Text,
    pub district: Option<Text>,
    pub group: Text,
    pub claimed: bool,
    pub attack_type: Text,
    pub target: Option<Text>,
    pub source_id: Text,
    pub quote: Text,
    pub note: Option<Text>,
}

impl Incident {
    /// The columns of `incidents.csv`, in the order sitrep writes them (a
    /// file may hold them in any order).
    pub const COLUMNS: [&'static str; 12] = [
        "id",
        "date",
        "country",
        "province",
        "district",
        "group",
        "claimed",
        "attack_type",
        "target",
        "source_id",
        "quote",
        "note",
    ];
}

/// How many incidents after the last one found [`InOrder`] tries.
const AHEAD: usize = 4;

/// Finds incidents by id in a list in file order, trying first the one
/// after the incident found last (and that one again): casualty estimates
/// are usually written in the order of their incidents, so most lookups
/// need no index of a million ids.
#[derive(Debug, Default)]
pub struct InOrder {
    next: usize,
}

impl InOrder {
    /// The position in `incidents` of the incident with this id: where the
    /// last one found points, else where `elsewhere` says, provided an
    /// incident with this id is there.
    pub fn position(
        &mut self,
        incidents: &[Incident],
        id: &str,
        elsewhere: impl FnOnce() -> Option<usize>,
    ) -> Option<usize> {
        let is_at = |k: &usize| incidents.get(*k).is_some_and(|i| i.id == id);
        // The one after the last found, that one again, or a few further
        // on (incidents no source gives figures for are skipped).
        let nearby = (0..AHEAD).map(|k| self.next + k);
        let at = std::iter::once(self.next.wrapping_sub(1))
            .chain(nearby)
            .find(is_at)
            .or_else(elsewhere)
            .filter(is_at)?;
        self.next = at + 1;
        Some(at)
    }
}

/// One source's figures for one incident (`casualty_estimates.csv`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CasualtyEstimate {
    pub id: Text,
    pub incident_id: Text,
    pub source_id: Text,
    pub killed: Option<PackedFigure>,
    pub injured: Option<PackedFigure>,
    pub quote: Text,
    pub note: Option<Text>,
}

impl CasualtyEstimate {
    /// The columns of `casualty_estimates.csv`, in the order sitrep writes them (a
    /// file may hold them in any order).
    pub const COLUMNS: [&'static str; 13] = [
        "id",
        "incident_id",
        "source_id",
        "killed_qualifier",
        "killed_low",
        "killed_best",
        "killed_high",
        "injured_qualifier",
        "injured_low",
        "injured_best",
        "injured_high",
        "quote",
        "note",
    ];
}

/// An aggregate statistic (`counts.csv`), such as PIPS's 370 attacks in 2017.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Count {
    pub id: String,
    pub period_start: PartialDate,
    pub period_end: PartialDate,
    pub place: String,
    /// A group or category id; `None` for context figures (population).
    pub perpetrator: Option<String>,
    pub measure: String,
    pub figure: StatedFigure,
    pub source_id: String,
    pub quote: String,
    pub note: Option<String>,
}

impl Count {
    /// The columns of `counts.csv`, in the order sitrep writes them (a
    /// file may hold them in any order).
    pub const COLUMNS: [&'static str; 13] = [
        "id",
        "period_start",
        "period_end",
        "place",
        "perpetrator",
        "measure",
        "qualifier",
        "low",
        "best",
        "high",
        "source_id",
        "quote",
        "note",
    ];
}

/// An estimate of a group's strength at a place and time (`strength.csv`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StrengthEstimate {
    pub id: String,
    pub group: String,
    pub place: String,
    pub as_of: PartialDate,
    /// What is counted: "fighters", "members", "including family members".
    pub counted: String,
    pub figure: StatedFigure,
    pub source_id: String,
    pub quote: String,
    pub note: Option<String>,
}

impl StrengthEstimate {
    /// The columns of `strength.csv`, in the order sitrep writes them (a
    /// file may hold them in any order).
    pub const COLUMNS: [&'static str; 12] = [
        "id",
        "group",
        "place",
        "as_of",
        "counted",
        "qualifier",
        "low",
        "best",
        "high",
        "source_id",
        "quote",
        "note",
    ];
}

/// A number in a seed article that is deliberately not a figure (a date, a
/// volume number), with the reason (`not_figures.csv`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NotFigure {
    pub seed_file: String,
    pub text: String,
    pub reason: String,
}

impl NotFigure {
    /// The columns of `not_figures.csv`, in the order sitrep writes them (a
    /// file may hold them in any order).
    pub const COLUMNS: [&'static str; 3] = ["seed_file", "text", "reason"];
}

/// The records of a large file (incidents, casualty estimates), read as a
/// slice. Two loads at once may share them rather than each hold a copy
/// (see [`super::shared`]): a load of a file that holds another's bytes and
/// more rows after them has all of them, the other the first ones.
#[derive(Debug)]
pub struct Records<T> {
    all: std::sync::Arc<Vec<T>>,
    len: usize,
}

impl<T> Records<T> {
    pub fn new(records: Vec<T>) -> Records<T> {
        let len = records.len();
        Records {
            all: std::sync::Arc::new(records),
            len,
        }
    }

    /// The first `len` of these records, shared.
    pub fn first(&self, len: usize) -> Records<T> {
        Records {
            all: std::sync::Arc::clone(&self.all),
            len: len.min(self.len),
        }
    }

    /// Whether `self` and `other` are (a part of) the same records.
    pub fn shares_with(&self, other: &Records<T>) -> bool {
        std::sync::Arc::ptr_eq(&self.all, &other.all)
    }

    /// Keeps only the records `keep` says to, in a vector of their own.
    pub fn retain(&mut self, mut keep: impl FnMut(&T) -> bool)
    where
        T: Clone,
    {
        *self = Records::new(self.iter().filter(|r| keep(r)).cloned().collect());
    }

    /// The records as a vector of their own: taken as they are when nothing
    /// else holds them, copied otherwise.
    pub fn into_vec(self) -> Vec<T>
    where
        T: Clone,
    {
        let len = self.len;
        let mut all = std::sync::Arc::unwrap_or_clone(self.all);
        all.truncate(len);
        all
    }
}

impl<T> Clone for Records<T> {
    fn clone(&self) -> Records<T> {
        self.first(self.len)
    }
}

impl<T> Default for Records<T> {
    fn default() -> Records<T> {
        Records::new(Vec::new())
    }
}

impl<T> std::ops::Deref for Records<T> {
    type Target = [T];

    fn deref(&self) -> &[T] {
        &self.all[..self.len]
    }
}

impl<T: PartialEq> PartialEq for Records<T> {
    fn eq(&self, other: &Records<T>) -> bool {
        **self == **other
    }
}

#[cfg(test)]
mod tests {
    use super::Records;

    #[test]
    fn records_share_a_vector_and_read_their_part_of_it() {
        let all = Records::new(vec![1, 2, 3, 4]);
        let first = all.first(2);
        assert_eq!(&*first, &[1, 2]);
        assert!(first.shares_with(&all));
        assert_ne!(first, all);
        assert_eq!(first.clone(), first);
        let mut kept = all.clone();
        kept.retain(|n| n % 2 == 0);
        assert_eq!(&*kept, &[2, 4]);
        assert!(!kept.shares_with(&all));
        assert_eq!(&*all, &[1, 2, 3, 4], "the others keep theirs");
        assert_eq!(first.into_vec(), vec![1, 2]);
        assert_eq!(all.into_vec(), vec![1, 2, 3, 4]);
    }
}
