//! What was known when: as-of cut-offs and quarters.
//!
//! An as-of dataset keeps only the sources published (surely: by the last
//! day their publication date may stand for) on or before the cut-off, the
//! records resting on them, and the incidents that had happened by then.
//! The vocabularies are kept whole: they are definitions, not findings.

use std::fmt;

use chrono::{Datelike, NaiveDate};

use crate::compute::format::plural;
use crate::date::PartialDate;
use crate::load::Dataset;

/// A calendar quarter, written `2023Q3` or `2023-Q3`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Quarter {
    pub year: i32,
    pub quarter: u32,
}

impl Quarter {
    pub fn parse(text: &str) -> Option<Quarter> {
        let (year, q) = text.split_once("-Q").or_else(|| text.split_once('Q'))?;
        let (year, quarter) = (year.parse().ok()?, q.parse().ok()?);
        (year >= 1000 && (1..=4).contains(&quarter)).then_some(Quarter { year, quarter })
    }

    /// The quarter a day falls in.
    pub fn of(date: NaiveDate) -> Quarter {
        Quarter {
            year: date.year(),
            quarter: (date.month() - 1) / 3 + 1,
        }
    }

    /// Its last day: the cut-off of a quarterly edition.
    pub fn end(&self) -> NaiveDate {
        // The last day of the quarter's last month.
        let month = PartialDate::parse(&format!("{:04}-{:02}", self.year, self.quarter * 3));
        month.expect("a quarter's last month is a month").end()
    }

    pub fn next(&self) -> Quarter {
        if self.quarter == 4 {
            Quarter {
                year: self.year + 1,
                quarter: 1,
            }
        } else {
            Quarter {
                year: self.year,
                quarter: self.quarter + 1,
            }
        }
    }

    /// The output folder name: `2023-Q3`.
    pub fn folder(&self) -> String {
        format!("{}-Q{}", self.year, self.quarter)
    }
}

impl fmt::Display for Quarter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}Q{}", self.year, self.quarter)
    }
}

/// Every quarter from the one of the first source to the one of the latest.
pub fn quarters(data: &Dataset) -> Vec<Quarter> {
    let dates: Vec<NaiveDate> = data.sources.values().map(|s| s.published.end()).collect();
    let (Some(first), Some(last)) = (dates.iter().min(), dates.iter().max()) else {
        return Vec::new();
    };
    let (mut q, last) = (Quarter::of(*first), Quarter::of(*last));
    let mut all = vec![q];
    while q < last {
        q = q.next();
        all.push(q);
    }
    all
}

/// The dataset as it was known on `cutoff`, and the ids of the sources it
/// leaves out (published later).
pub fn known_by(data: &Dataset, cutoff: NaiveDate) -> (Dataset, Vec<String>) {
    let mut known = data.clone();
    let left_out: Vec<String> = data
        .sources
        .values()
        .filter(|s| s.published.end() > cutoff)
        .map(|s| s.id.clone())
        .collect();
    known.sources.retain(|_, s| s.published.end() <= cutoff);
    let has = |source: &str| known.sources.contains_key(source);
    known
        .incidents
        .retain(|r| has(&r.source_id) && r.date.start() <= cutoff);
    let incidents: std::collections::HashSet<&str> =
        known.incidents.iter().map(|r| r.id.as_str()).collect();
    known
        .casualty_estimates
        .retain(|r| has(&r.source_id) && incidents.contains(r.incident_id.as_str()));
    known.counts.retain(|r| has(&r.source_id));
    known.strength.retain(|r| has(&r.source_id));
    known.events.retain(|r| r.date.start() <= cutoff);
    known.fingerprint = fingerprint_of_records(&known);
    (known, left_out)
}

/// The fingerprint of an edition: sha256 of the vocabulary files and of the
/// records it keeps, so it changes only when what the edition rests on
/// changes (a source published later leaves earlier quarters' fingerprints,
/// and outputs, as they were).
fn fingerprint_of_records(data: &Dataset) -> String {
    use sha2::Digest;
    let mut hash = sha2::Sha256::new();
    for name in [
        "qualifiers.csv",
        "measures.csv",
        "groups.csv",
        "places.csv",
        "attack_types.csv",
    ] {
        hash.update(name.as_bytes());
        crate::load::hash_file(&data.dir.join(name), &mut hash);
    }
    let records = (
        &data.sources,
        &*data.incidents,
        &*data.casualty_estimates,
        &data.counts,
        &data.strength,
        &data.events,
    );
    hash.update(serde_json::to_vec(&records).unwrap_or_default());
    format!("{:x}", hash.finalize())
}

/// The lines a quarterly or as-of edition prints about its scope.
pub fn scope_lines(
    data: &Dataset,
    cutoff: NaiveDate,
    edition: &str,
    left_out: &[String],
) -> Vec<String> {
    let mut lines = vec![format!(
        "{edition}: this edition uses only sources published on or before {cutoff}."
    )];
    if left_out.is_empty() {
        lines.push("No source in the data was published later.".to_string());
    } else {
        let titles: Vec<String> = left_out
            .iter()
            .filter_map(|id| data.sources.get(id))
            .map(|s| format!("{} ({}, {})", s.id, s.published, s.title))
            .collect();
        let sources = plural(left_out.len() as u64, "later source", "later sources");
        lines.push(format!("It leaves out {sources}: {}.", titles.join("; ")));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quarters_parse_and_end_on_their_last_day() {
        assert_eq!(
            Quarter::parse("2023Q3").unwrap().end().to_string(),
            "2023-09-30"
        );
        assert_eq!(
            Quarter::parse("2023-Q4").unwrap().end().to_string(),
            "2023-12-31"
        );
        assert_eq!(
            Quarter::parse("2024Q1").unwrap().end().to_string(),
            "2024-03-31"
        );
        assert!(
            Quarter::parse("2023Q5").is_none()
                && Quarter::parse("Q3").is_none()
                && Quarter::parse("2023").is_none()
        );
        assert_eq!(
            Quarter::of(NaiveDate::from_ymd_opt(2017, 5, 24).unwrap()).folder(),
            "2017-Q2"
        );
    }

    #[test]
    fn a_cutoff_drops_later_sources_and_what_rests_on_them() {
        let data = crate::load::load_dataset(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data"),
        )
        .unwrap();
        let (known, left_out) = known_by(&data, NaiveDate::from_ymd_opt(2023, 8, 25).unwrap());
        // isk-threat-2023 is dated 2023-08: not surely published by the 25th.
        assert_eq!(left_out, vec!["isk-threat-2023".to_string()]);
        assert!(known
            .casualty_estimates
            .iter()
            .all(|r| r.source_id != "isk-threat-2023"));
        assert!(known.incidents.iter().any(|r| r.id == "2023-07-30-bajaur"));
        let (early, _) = known_by(&data, NaiveDate::from_ymd_opt(2017, 6, 30).unwrap());
        assert_eq!(early.sources.len(), 2);
        assert!(early
            .counts
            .iter()
            .all(|r| r.source_id.starts_with("isk-balochistan-2017")));
        assert_eq!(
            quarters(&data).first().map(|q| q.folder()),
            Some("2017-Q2".to_string())
        );
        assert_eq!(
            quarters(&data).last().map(|q| q.folder()),
            Some("2023-Q3".to_string())
        );
    }
}
