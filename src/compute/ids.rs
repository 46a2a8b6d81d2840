//! Every metric id and chart id, built in one place for the rules that
//! compute metrics and the report that prints them.
//!
//! Ids are paths of vocabulary ids, period keys and fixed words, joined
//! with `.` (metrics) or `-` (charts), so they read as what they measure:
//!
//! - `stated.counts.{record}`: a figure as its source states it;
//! - `{publisher}.{place}.{period}.{measure}.{who}`: a publisher's tally,
//!   reconciled over its sources (`pips.pakistan.2017.attacks.all`), with
//!   derived figures as suffixes: `.share` (of its whole), `.per_attack`,
//!   `.change` and `.change_pct` (against the previous period), `.implied`
//!   (a figure the source's stated change or share implies);
//! - `{publisher}.{place}.{period}.{measure}.remainder`: attacks by no named
//!   category; `….ratio.{a}_to_{b}` and `….{a}.share_of.{a}_and_{b}` for a
//!   pair of groups compared; publisher `all-sources` reconciles every
//!   publisher's figure;
//! - `strength.{group}.{place}.{as_of}` and its ratios, changes and shares;
//! - `incidents.{id}.killed`, `incidents.by_year.{year}.killed`, …;
//! - `events.{dataset}.…` for imported event datasets.
//!
//! Anything that reads an id back (the report's sections, the charts)
//! uses the parsers here, never string prefixes of its own.

/// The publisher key of figures reconciled over every publisher.
pub const ALL_SOURCES: &str = "all-sources";

/// The `who` of attacks by no category a publisher names.
pub const REMAINDER: &str = "remainder";

pub fn stated_count(record: &str) -> String {
    format!("stated.counts.{record}")
}

pub fn stated_strength(record: &str) -> String {
    format!("stated.strength.{record}")
}

pub fn stated_casualty(record: &str, what: &str) -> String {
    format!("stated.casualties.{record}.{what}")
}

/// Where a publisher's tally is: publisher, place and period key.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Cell {
    pub publisher: String,
    pub place: String,
    pub period: String,
}

impl Cell {
    /// `{publisher}.{place}.{period}.{measure}.{who}`.
    pub fn tally(&self, measure: &str, who: &str) -> String {
        format!(
            "{}.{}.{}.{measure}.{who}",
            self.publisher, self.place, self.period
        )
    }

    /// The ratio of two groups' tallies of one measure.
    pub fn pair_ratio(&self, measure: &str, a: &str, b: &str) -> String {
        format!("{}.ratio.{a}_to_{b}", self.prefix(measure))
    }

    /// Group `who`'s share of the two groups' tallies together.
    pub fn pair_share(&self, measure: &str, who: &str, (a, b): (&str, &str)) -> String {
        format!("{}.{who}.share_of.{a}_and_{b}", self.prefix(measure))
    }

    fn prefix(&self, measure: &str) -> String {
        format!(
            "{}.{}.{}.{measure}",
            self.publisher, self.place, self.period
        )
    }
}

/// A tally's share of its whole.
pub fn share(tally: &str) -> String {
    format!("{tally}.share")
}

/// A figure implied by a stated change or share (of the tally id it would have).
pub fn implied(tally: &str) -> String {
    format!("{tally}.implied")
}

/// A tally's change against the previous period, in its own unit.
pub fn change(tally: &str) -> String {
    format!("{tally}.change")
}

/// A tally's change against the previous period, in percent.
pub fn change_pct(tally: &str) -> String {
    format!("{tally}.change_pct")
}

/// A casualty tally per event: `….killed.is.per_attack`.
pub fn rate(tally: &str, per: &str) -> String {
    format!("{tally}.per_{per}")
}

pub fn strength(group: &str, place: &str, as_of: &str) -> String {
    format!("strength.{group}.{place}.{as_of}")
}

pub fn strength_ratio(place: &str, as_of: &str, larger: &str, smaller: &str) -> String {
    format!("strength.{place}.{as_of}.ratio.{larger}_to_{smaller}")
}

pub fn strength_change(line: &str, place: &str, from: &str, to: &str) -> String {
    format!("strength.{line}.{place}.change.{from}_to_{to}")
}

pub fn strength_share(group: &str, as_of: &str, part: &str, region: &str) -> String {
    format!("strength.{group}.{as_of}.share.{part}_of_{region}")
}

/// Killed or injured in one incident, reconciled over its sources.
pub fn incident(incident: &str, what: &str) -> String {
    format!("incidents.{incident}.{what}")
}

/// A total over the incidents: `incidents.by_year.2023.killed`.
pub fn incidents_by(dimension: &str, key: &str, what: &str) -> String {
    format!("incidents.{dimension}.{key}.{what}")
}

/// How many incidents of the data are in the country `place`.
pub fn incidents_in(place: &str) -> String {
    format!("incidents.in_{place}.count")
}

/// The incident behind a per-incident metric id (`incidents.{id}.killed`);
/// `None` for totals (`incidents.by_year.…`, `incidents.in_….count`).
pub fn incident_of(id: &str) -> Option<&str> {
    let rest = id.strip_prefix("incidents.")?;
    let (incident, what) = rest.split_once('.')?;
    let per_incident = !incident.starts_with("by_") && !incident.starts_with("in_");
    (per_incident && !what.contains('.')).then_some(incident)
}

/// A total over one imported dataset's events: `events.{dataset}.{grouping}…`.
pub fn events(dataset: &str, rest: &str) -> String {
    format!("events.{dataset}.{rest}")
}

/// The imported datasets named in `ids` (by their total count metric).
pub fn event_datasets<'a>(ids: impl Iterator<Item = &'a str>) -> Vec<String> {
    ids.filter_map(|id| id.strip_prefix("events.")?.strip_suffix(".total.count"))
        .map(str::to_string)
        .collect()
}

/// Chart ids: `/charts/{id}.svg`.
pub mod charts {
    /// A publisher's tallies of one measure by perpetrator, per period.
    pub fn tally(publisher: &str, place: &str, measure: &str) -> String {
        format!("tally-{publisher}-{place}-{measure}")
    }

    /// A publisher's tallies of one measure over consecutive periods.
    pub fn trend(publisher: &str, place: &str, measure: &str) -> String {
        format!("trend-{publisher}-{place}-{measure}")
    }

    /// Two groups compared, per period.
    pub fn compare(a: &str, b: &str, measure: &str) -> String {
        format!("compare-{a}-{b}-{measure}")
    }

    /// A group's figures by province, as shares of the country's.
    pub fn places(who: &str, measure: &str) -> String {
        format!("places-{who}-{measure}")
    }

    pub const STRENGTH: &str = "strength";
    pub const INCIDENTS: &str = "incidents";

    pub fn event_years(dataset: &str) -> String {
        format!("events-{dataset}-years")
    }

    pub fn event_provinces(dataset: &str) -> String {
        format!("events-{dataset}-provinces")
    }

    /// A province map of the incidents' totals of `what` (killed, …).
    pub fn incidents_map(what: &str) -> String {
        format!("map-incidents-{what}")
    }

    /// A province map of one event dataset's `what` in its latest year.
    pub fn events_map(dataset: &str, what: &str) -> String {
        format!("map-events-{dataset}-{what}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tally_ids_read_as_what_they_measure() {
        let cell = Cell {
            publisher: "pips".into(),
            place: "pakistan".into(),
            period: "2017".into(),
        };
        let total = cell.tally("attacks", "all");
        assert_eq!(total, "pips.pakistan.2017.attacks.all");
        assert_eq!(
            share(&cell.tally("attacks", "is")),
            "pips.pakistan.2017.attacks.is.share"
        );
        assert_eq!(
            rate(&cell.tally("killed", "is"), "attack"),
            "pips.pakistan.2017.killed.is.per_attack"
        );
        assert_eq!(
            cell.pair_ratio("claimed_attacks", "ttp", "isk"),
            "pips.pakistan.2017.claimed_attacks.ratio.ttp_to_isk"
        );
        assert_eq!(
            cell.pair_share("claimed_attacks", "ttp", ("ttp", "isk")),
            "pips.pakistan.2017.claimed_attacks.ttp.share_of.ttp_and_isk"
        );
    }

    #[test]
    fn per_incident_ids_are_told_from_totals() {
        assert_eq!(
            incident_of("incidents.2023-07-30-bajaur.killed"),
            Some("2023-07-30-bajaur")
        );
        assert_eq!(incident_of("incidents.by_year.2023.killed"), None);
        assert_eq!(incident_of("incidents.in_pakistan.count"), None);
        assert_eq!(incident_of("strength.isk.pakistan.2023-08"), None);
    }
}
