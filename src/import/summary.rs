//! What an import read, wrote, flagged and skipped, as shown to a person.

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

use serde::Serialize;

use crate::compute::format::plural;
use crate::estimate::round_to;
use crate::load::events::Figure;
use crate::problem::SHOWN;

/// Sums of one count over the imported events.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Totals {
    /// Sum of the known lower bounds; an open lower bound counts as 0,
    /// which no count can go below.
    pub low: f64,
    /// Sum of the best values given.
    pub best: f64,
    /// Sum of the upper bounds; `None` (open) when any event has none.
    pub high: Option<f64>,
    /// Events with no best value (no figure).
    pub no_best: u64,
    /// Events with no upper bound.
    pub open_high: u64,
}

impl Default for Totals {
    /// The sums over no events: all zero, the upper bound closed.
    fn default() -> Totals {
        Totals {
            low: 0.0,
            best: 0.0,
            high: Some(0.0),
            no_best: 0,
            open_high: 0,
        }
    }
}

impl Totals {
    pub(crate) fn add(&mut self, figure: &Figure) {
        self.low += figure.low.unwrap_or(0.0);
        match figure.best {
            Some(best) => self.best += best,
            None => self.no_best += 1,
        }
        match figure.high {
            Some(high) => self.high = self.high.map(|h| h + high),
            None => {
                self.open_high += 1;
                self.high = None;
            }
        }
    }
}

/// The counts of one import. `Display` prints one line per count.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct ImportSummary {
    pub dataset: String,
    pub dataset_version: Option<String>,
    /// The `events.csv` written.
    pub output: PathBuf,
    /// Data rows in the file (the header not counted).
    pub rows_read: u64,
    /// Events written.
    pub imported: u64,
    /// Events written with at least one flag.
    pub flagged: u64,
    /// Events per flag (an event may have several).
    pub flags: BTreeMap<String, u64>,
    /// Rows not written, per reason.
    pub skipped: BTreeMap<String, u64>,
    /// Group names `groups.csv` does not know, with their event counts.
    pub unknown_groups: BTreeMap<String, u64>,
    /// Province names `places.csv` does not know in the event's country.
    pub unknown_provinces: BTreeMap<String, u64>,
    /// Events in a country `places.csv` does not list, whose province was
    /// therefore not looked up.
    pub outside_places: u64,
    pub killed: Totals,
    pub injured: Totals,
    /// For the unknown names, the closest known ids and the vocabulary
    /// lines that would make them known.
    pub hints: Vec<Hint>,
}

/// What would make unknown names known: the id they most likely mean (did
/// you mean), and the line to put in the vocabulary.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hint {
    /// `groups.csv` or `places.csv`.
    pub file: String,
    /// The names, as the dataset writes them.
    pub names: Vec<String>,
    /// The closest known id; `None` when no id is close (a new row).
    pub closest: Option<String>,
    /// The closest id's row with the names added to its aliases, or a new
    /// row made from the name.
    pub line: String,
}

impl ImportSummary {
    pub fn skipped_total(&self) -> u64 {
        self.skipped.values().sum()
    }

    /// The id `name` (an unknown name of `file`) most likely means.
    fn closest(&self, file: &str, name: &str) -> Option<&str> {
        self.hints
            .iter()
            .find(|h| h.file == file && h.names.iter().any(|n| n == name))
            .and_then(|h| h.closest.as_deref())
    }
}

/// Entries sorted by count (largest first), then name.
pub(crate) fn by_count(map: &BTreeMap<String, u64>) -> Vec<(&str, u64)> {
    let mut entries: Vec<(&str, u64)> = map.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    entries.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    entries
}

fn number(value: f64) -> String {
    format!("{}", round_to(value, 3))
}

impl fmt::Display for ImportSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "rows read: {}", self.rows_read)?;
        writeln!(f, "imported: {}", self.imported)?;
        writeln!(f, "flagged: {}", self.flagged)?;
        list(f, &self.flags, |name, n| format!("{name}: {n}"))?;
        writeln!(f, "skipped: {}", self.skipped_total())?;
        list(f, &self.skipped, |name, n| format!("{name}: {n}"))?;
        for (what, file, map) in [
            ("group", "groups.csv", &self.unknown_groups),
            ("province", "places.csv", &self.unknown_provinces),
        ] {
            let events: u64 = map.values().sum();
            if map.is_empty() {
                writeln!(f, "unknown {what} names: 0")?;
            } else {
                writeln!(
                    f,
                    "unknown {what} names: {} in {}",
                    map.len(),
                    plural(events, "event", "events")
                )?;
            }
            list(f, map, |name, n| match self.closest(file, name) {
                Some(id) => format!("\"{name}\": {n} (did you mean {id}?)"),
                None => format!("\"{name}\": {n}"),
            })?;
        }
        if self.outside_places > 0 {
            writeln!(
                f,
                "provinces not looked up (country not in places.csv): {}",
                plural(self.outside_places, "event", "events")
            )?;
        }
        let k = &self.killed;
        let high = k.high.map_or("open".to_string(), number);
        write!(
            f,
            "killed low / best / high: {} / {} / {high}",
            number(k.low),
            number(k.best)
        )?;
        let mut notes = Vec::new();
        if k.open_high > 0 {
            notes.push(format!(
                "no upper bound for {}",
                plural(k.open_high, "event", "events")
            ));
        }
        if k.no_best > 0 {
            notes.push(format!(
                "no figure for {}",
                plural(k.no_best, "event", "events")
            ));
        }
        if !notes.is_empty() {
            write!(f, " ({})", notes.join("; "))?;
        }
        hints(f, &self.hints)
    }
}

/// The lines that would make the unknown names known, ready to paste.
fn hints(f: &mut fmt::Formatter<'_>, hints: &[Hint]) -> fmt::Result {
    if hints.is_empty() {
        return Ok(());
    }
    write!(
        f,
        "\nto make these names known, put these lines in the vocabularies (check each guess first; a spelling only this dataset uses can go in a mapping file's [values.group] or [values.province] instead):"
    )?;
    for hint in hints {
        match &hint.closest {
            Some(id) => write!(f, "\n  {}: replace the row of {id} with", hint.file)?,
            None => write!(f, "\n  {}: add", hint.file)?,
        }
        write!(f, "\n    {}", hint.line)?;
    }
    Ok(())
}

/// One indented line per entry (`show` gives it from the name and count),
/// largest count first, cut after [`SHOWN`].
fn list(
    f: &mut fmt::Formatter<'_>,
    map: &BTreeMap<String, u64>,
    show: impl Fn(&str, u64) -> String,
) -> fmt::Result {
    let entries = by_count(map);
    for (name, n) in entries.iter().take(SHOWN) {
        writeln!(f, "  {}", show(name, *n))?;
    }
    if entries.len() > SHOWN {
        let rest = &entries[SHOWN..];
        let events: u64 = rest.iter().map(|e| e.1).sum();
        writeln!(f, "  … and {} more ({events})", rest.len())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn totals_count_open_bounds_honestly() {
        let mut t = Totals::default();
        t.add(&Figure::exact(3.0));
        assert_eq!(t.high, Some(3.0));
        t.add(&Figure {
            low: None,
            best: Some(5.0),
            high: Some(5.0),
        });
        assert_eq!((t.low, t.best, t.high), (3.0, 8.0, Some(8.0)));
        t.add(&Figure::at_least(2.0));
        t.add(&Figure::default());
        assert_eq!((t.low, t.best, t.high), (5.0, 10.0, None));
        assert_eq!((t.no_best, t.open_high), (1, 2));
    }

    #[test]
    fn lines_are_sorted_by_count_then_name() {
        let mut s = ImportSummary {
            rows_read: 4,
            imported: 3,
            flagged: 1,
            ..ImportSummary::default()
        };
        s.flags.insert("date_range".into(), 1);
        s.skipped.insert("no_date".into(), 1);
        s.unknown_groups.insert("BLA".into(), 1);
        s.unknown_groups.insert("LeJ".into(), 2);
        s.unknown_groups.insert("BLF".into(), 1);
        for figure in [Figure::exact(1.0), Figure::exact(2.0), Figure::exact(0.0)] {
            s.killed.add(&figure);
        }
        let expected = "rows read: 4\nimported: 3\nflagged: 1\n  date_range: 1\nskipped: 1\n  no_date: 1\nunknown group names: 3 in 4 events\n  \"LeJ\": 2\n  \"BLA\": 1\n  \"BLF\": 1\nunknown province names: 0\nkilled low / best / high: 3 / 3 / 3";
        assert_eq!(s.to_string(), expected);
    }

    #[test]
    fn unknown_names_end_with_their_guess_and_the_lines_to_paste() {
        let mut s = ImportSummary::default();
        s.unknown_provinces.insert("Sindh prov".into(), 2);
        s.hints.push(Hint {
            file: "places.csv".into(),
            names: vec!["Sindh prov".into()],
            closest: Some("sindh".into()),
            line: "sindh,Sindh,PK,province,Sind;Sindh prov,".into(),
        });
        let text = s.to_string();
        assert!(
            text.contains("\nunknown province names: 1 in 2 events\n  \"Sindh prov\": 2 (did you mean sindh?)\n"),
            "{text}"
        );
        assert!(
            text.ends_with("\n  places.csv: replace the row of sindh with\n    sindh,Sindh,PK,province,Sind;Sindh prov,"),
            "{text}"
        );
    }
}
