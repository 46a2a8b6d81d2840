//! Checking the profile as written: every value in its range, every text
//! fit for a CSV field, every problem at its line and column, all at once;
//! the result is the [`Profile`] the generator reads.

use std::collections::BTreeMap;
use std::ops::{Range, RangeInclusive};
use std::path::Path;

use toml::Spanned;

use super::raw::*;
use super::{
    Active, Attacks, Casualties, Group, Incidents, Kind, Listed, Measures, Place, Profile, Years,
    MOST_NAMES,
};
use crate::problem::{echo, position, Problem, Problems};

/// The profile `raw`, read from `text` at `path`, checked.
pub(super) fn checked(raw: RawProfile, text: &str, path: &Path) -> Result<Profile, Problems> {
    let mut check = Checker {
        text,
        path,
        problems: Problems::default(),
    };
    let profile = check.profile(raw);
    Problems::in_line_order(check.problems, Problems::default()).into_result(profile)
}

/// The years a profile may name: written with four digits.
const YEARS: RangeInclusive<i64> = 1..=9999;

/// Turns the raw profile into a checked one, collecting every problem.
struct Checker<'a> {
    text: &'a str,
    path: &'a Path,
    problems: Problems,
}

impl Checker<'_> {
    fn profile(&mut self, raw: RawProfile) -> Profile {
        let mut listed = Vec::new();
        let places = self.listed(raw.places, Kind::Place, &mut listed, Self::place);
        let groups = self.listed(raw.groups, Kind::Group, &mut listed, Self::group);
        let attack_types = self.listed(raw.attack_types, Kind::AttackType, &mut listed, |c, w| {
            c.weight(&w, "an attack type's weight")
        });
        listed.sort_by_key(|l| (l.line, l.column));
        Profile {
            country: self.text(&raw.country, "country"),
            years: self.years(&raw.first_year, &raw.year_weights),
            attacks: self.attacks(&raw.attacks),
            incidents: self.incidents(&raw.incidents),
            casualties: self.casualties(&raw.casualties),
            measures: self.measures(&raw.measures),
            counted: self.text(&raw.strength.counted, "counted"),
            places,
            groups,
            attack_types,
            unlisted_place: self.place(raw.unlisted.place),
            unlisted_group: self.group(raw.unlisted.group),
            unlisted_attack_type: self.weight(&raw.unlisted.attack_type, "attack_type"),
            listed,
            path: self.path.to_path_buf(),
        }
    }

    /// Checks each entry of a table of ids with `check`, noting where each
    /// id is written.
    fn listed<R, T>(
        &mut self,
        raw: BTreeMap<Text, R>,
        kind: Kind,
        listed: &mut Vec<Listed>,
        check: impl Fn(&mut Self, R) -> T,
    ) -> BTreeMap<String, T> {
        let mut out = BTreeMap::new();
        for (id, entry) in raw {
            let (line, column) = position(self.text, id.span().start);
            let id = id.into_inner();
            listed.push(Listed {
                kind,
                id: id.clone(),
                line,
                column,
            });
            out.insert(id, check(self, entry));
        }
        out
    }

    fn years(&mut self, first: &Whole, weights: &Spanned<Vec<Number>>) -> Years {
        let first_year = self.year(first, "first_year");
        let list: Vec<f64> = weights
            .get_ref()
            .iter()
            .map(|w| self.weight(w, "a year's weight"))
            .collect();
        if !list.iter().any(|w| *w > 0.0) {
            self.at(
                weights.span(),
                "year_weights: expected at least one weight above 0, one per year from first_year",
            );
        }
        let last = i64::from(first_year) + list.len() as i64 - 1;
        if !YEARS.contains(&last) {
            let message = format!(
                "year_weights: the record would end in {last}; a year is written with four digits"
            );
            self.at(weights.span(), message);
        }
        Years {
            first: first_year,
            weights: list,
        }
    }

    fn attacks(&mut self, raw: &RawAttacks) -> Attacks {
        let [low, high] = &raw.killed_per_attack;
        let (low, high) = (
            self.within(low, 0.0..=100.0, "killed_per_attack"),
            self.within(high, 0.0..=100.0, "killed_per_attack"),
        );
        if low > high {
            let message =
                format!("killed_per_attack: expected the lower bound first, found [{low}, {high}]");
            self.at(raw.killed_per_attack[0].span(), message);
        }
        let tenths = |x: f64| (x * 10.0).round() as u32;
        Attacks {
            peak_per_year: self.within(&raw.peak_per_year, 1.0..=1e7, "peak_per_year"),
            killed_per_attack: (tenths(low), tenths(high)),
            claimed_share: self.share(&raw.claimed_share, "claimed_share"),
        }
    }

    fn incidents(&mut self, raw: &RawIncidents) -> Incidents {
        let targets = self.names(&raw.targets, "targets");
        if targets.is_empty() {
            self.at(raw.targets.span(), "targets: expected at least one target");
        }
        Incidents {
            claimed: self.share(&raw.claimed, "claimed"),
            targets,
        }
    }

    fn casualties(&mut self, raw: &RawCasualties) -> Casualties {
        let cap = self.whole(&raw.killed_cap, 1..=100_000, "killed_cap");
        Casualties {
            none_killed: self.share(&raw.none_killed, "none_killed"),
            killed_scale: self.within(&raw.killed_scale, 0.01..=1000.0, "killed_scale"),
            killed_cap: cap as u32,
        }
    }

    fn measures(&mut self, raw: &RawMeasures) -> Measures {
        Measures {
            attacks: self.text(&raw.attacks, "attacks"),
            killed: raw.killed.as_ref().map(|m| self.text(m, "killed")),
            claimed: raw.claimed.as_ref().map(|m| self.text(m, "claimed")),
        }
    }

    fn place(&mut self, raw: RawPlace) -> Place {
        Place {
            weight: self.weight(&raw.weight, "weight"),
            active: self.active(raw.from.as_ref(), raw.until.as_ref()),
            districts: self.names(&raw.districts, "districts"),
        }
    }

    fn group(&mut self, raw: RawGroup) -> Group {
        Group {
            weight: self.weight(&raw.weight, "weight"),
            active: self.active(raw.from.as_ref(), raw.until.as_ref()),
            peak_strength: self.within(&raw.peak_strength, 1.0..=1e7, "peak_strength"),
        }
    }

    fn active(&mut self, from: Option<&Whole>, until: Option<&Whole>) -> Active {
        let active = Active {
            from: from.map(|y| self.year(y, "from")),
            until: until.map(|y| self.year(y, "until")),
        };
        if let (Some(f), Some(u), Some(at)) = (active.from, active.until, until) {
            if f > u {
                self.at(
                    at.span(),
                    format!("until: expected a year on or after `from` ({f}), found {u}"),
                );
            }
        }
        active
    }

    /// Names written into the CSV files, as CSV fields.
    fn names(&mut self, list: &Spanned<Vec<Text>>, key: &str) -> Vec<String> {
        if list.get_ref().len() > MOST_NAMES {
            let message = format!("{key}: expected at most {MOST_NAMES} names");
            self.at(list.span(), message);
        }
        list.get_ref().iter().map(|n| self.text(n, key)).collect()
    }

    /// A text written into a CSV file, as a CSV field (quoted when it holds
    /// a comma or a quote).
    fn text(&mut self, value: &Text, key: &str) -> String {
        let text = value.get_ref();
        if text.trim().is_empty() || text.trim() != text {
            let message = format!(
                "{key}: expected a text without spaces around it, found {}",
                echo(text)
            );
            self.at(value.span(), message);
        } else if text.chars().any(char::is_control) {
            let message = format!("{key}: expected one line of text, found {}", echo(text));
            self.at(value.span(), message);
        }
        csv_field(text)
    }

    fn year(&mut self, value: &Whole, key: &str) -> i32 {
        self.whole(value, YEARS, key) as i32
    }

    fn whole(&mut self, value: &Whole, range: RangeInclusive<i64>, key: &str) -> i64 {
        let v = *value.get_ref();
        if !range.contains(&v) {
            let (low, high) = range.into_inner();
            self.at(
                value.span(),
                format!("{key}: expected a whole number from {low} to {high}, found {v}"),
            );
            return low;
        }
        v
    }

    fn weight(&mut self, value: &Number, what: &str) -> f64 {
        self.within(value, 0.0..=f64::MAX, what)
    }

    fn share(&mut self, value: &Number, key: &str) -> f64 {
        self.within(value, 0.0..=1.0, key)
    }

    fn within(&mut self, value: &Number, range: RangeInclusive<f64>, key: &str) -> f64 {
        let v = *value.get_ref();
        if range.contains(&v) {
            return v;
        }
        let expected = match (*range.start(), *range.end()) {
            (low, f64::MAX) => format!("a number of {low} or more"),
            (low, high) => format!("a number from {low} to {high}"),
        };
        self.at(
            value.span(),
            format!("{key}: expected {expected}, found {v}"),
        );
        *range.start()
    }

    fn at(&mut self, span: Range<usize>, message: impl Into<String>) {
        let (line, column) = position(self.text, span.start);
        self.problems
            .push(Problem::at(self.path, line, column, message));
    }
}

/// `text` as one CSV field: as it is, or quoted with its quotes doubled
/// when it holds a comma or a quote.
pub(super) fn csv_field(text: &str) -> String {
    match text.contains([',', '"']) {
        true => format!("\"{}\"", text.replace('"', "\"\"")),
        false => text.to_string(),
    }
}
