//! Imported events in a data directory: the `events.csv` schema (one row
//! per event, the same whatever dataset it comes from), where a data
//! directory holds such files ([`event_files`]), and reading them back with
//! every problem located ([`load_events`]). `sitrep import` writes the files
//! through [`Fields`]; the loader and the report read them as [`Event`]s.

use std::fmt::Write;
use std::path::Path;

use serde::Serialize;

use crate::date::PartialDate;
use crate::estimate::Estimate;
use crate::load::table::{read_table, Row};
use crate::problem::Problems;
use crate::validate as v;

/// Files a data directory may hold besides [`super::FILES`]: `events.csv`,
/// events imported from an outside dataset by `sitrep import` (see
/// docs/importing.md); imports may also go to `imported/{name}/events.csv`.
pub const OPTIONAL_FILES: [&str; 1] = ["events.csv"];

/// The folder of a data directory that holds one folder per import.
pub const IMPORTED: &str = "imported";

/// The name of an imported events file, at the top of a data directory or
/// in a folder of [`IMPORTED`].
pub const EVENTS_FILE: &str = "events.csv";

/// The imported event files of a data directory, relative to it and sorted:
/// `events.csv`, and `imported/{name}/events.csv` (one folder per import).
pub fn event_files(dir: &Path) -> Vec<String> {
    let mut files: Vec<String> = OPTIONAL_FILES
        .iter()
        .filter(|n| dir.join(n).is_file())
        .map(|n| n.to_string())
        .collect();
    let mut imported: Vec<String> = std::fs::read_dir(dir.join(IMPORTED))
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.path().join(EVENTS_FILE).is_file())
        .map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            format!("{IMPORTED}/{name}/{EVENTS_FILE}")
        })
        .collect();
    imported.sort();
    files.extend(imported);
    files
}

/// Reads every imported event file of the data directory `dir` (none is
/// fine); their problems go to `problems`.
pub fn load_event_files(dir: &Path, problems: &mut Problems) -> Vec<Event> {
    let mut events = Vec::new();
    for name in event_files(dir) {
        match load_events(&dir.join(&name)) {
            Ok(more) => events.extend(more),
            Err(more) => problems.extend(more),
        }
    }
    events
}

/// The columns of `events.csv`, in order.
pub const EVENT_COLUMNS: [&str; 23] = [
    "id",
    "dataset",
    "dataset_version",
    "original_id",
    "date",
    "country",
    "province",
    "province_raw",
    "district",
    "group",
    "group_raw",
    "attribution_doubt",
    "claimed",
    "attack_type",
    "target",
    "killed_low",
    "killed_best",
    "killed_high",
    "injured_low",
    "injured_best",
    "injured_high",
    "flags",
    "note",
];

/// A count as a dataset gives it: each number may be missing (`None`, an
/// empty cell). A missing `low` or `high` is an open bound; a missing `best`
/// means the dataset gives no figure. The numbers are kept as given, so
/// `low ≤ best ≤ high` may not hold: such events carry a flag.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct Figure {
    pub low: Option<f64>,
    pub best: Option<f64>,
    pub high: Option<f64>,
}

impl Figure {
    /// The same number as low, best and high.
    pub fn exact(value: f64) -> Figure {
        Figure {
            low: Some(value),
            best: Some(value),
            high: Some(value),
        }
    }

    /// The number as low and best, the top open.
    pub fn at_least(value: f64) -> Figure {
        Figure {
            low: Some(value),
            best: Some(value),
            high: None,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.low.is_none() && self.best.is_none() && self.high.is_none()
    }

    /// The figure as an [`Estimate`], when it has a best value.
    pub fn estimate(&self) -> Option<Estimate> {
        self.best
            .map(|best| Estimate::new(self.low, best, self.high))
    }
}

/// One row of `events.csv`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Event {
    /// `{dataset}-{original_id}`.
    pub id: String,
    pub dataset: String,
    pub dataset_version: Option<String>,
    /// The event's id in the dataset it comes from.
    pub original_id: String,
    pub date: PartialDate,
    /// The ISO code when `places.csv` knows the country, else its name.
    pub country: Option<String>,
    /// A `places.csv` id, or `None` when the name is unknown or missing.
    pub province: Option<String>,
    pub province_raw: Option<String>,
    pub district: Option<String>,
    /// A `groups.csv` id, or `None` when the name is unknown or missing.
    pub group: Option<String>,
    pub group_raw: Option<String>,
    pub attribution_doubt: Option<bool>,
    pub claimed: Option<bool>,
    pub attack_type: Option<String>,
    pub target: Option<String>,
    pub killed: Figure,
    pub injured: Figure,
    pub flags: Vec<String>,
    pub note: Option<String>,
}

impl Event {
    /// The event as one `events.csv` line, without the line end.
    pub fn to_csv_line(&self) -> String {
        let s = |v: &Option<String>| v.as_deref().unwrap_or("").to_string();
        let fields = Fields {
            id: &self.id,
            dataset: &self.dataset,
            dataset_version: &s(&self.dataset_version),
            original_id: &self.original_id,
            date: self.date,
            country: &s(&self.country),
            province: &s(&self.province),
            province_raw: &s(&self.province_raw),
            district: &s(&self.district),
            group: &s(&self.group),
            group_raw: &s(&self.group_raw),
            attribution_doubt: self.attribution_doubt,
            claimed: self.claimed,
            attack_type: &s(&self.attack_type),
            target: &s(&self.target),
            killed: self.killed,
            injured: self.injured,
            flags: &self.flags,
            note: &s(&self.note),
        };
        let mut line = String::new();
        fields.write(&mut line);
        line
    }
}

/// An event's fields, borrowed, in the order they are written.
pub(crate) struct Fields<'a> {
    pub id: &'a str,
    pub dataset: &'a str,
    pub dataset_version: &'a str,
    pub original_id: &'a str,
    pub date: PartialDate,
    pub country: &'a str,
    pub province: &'a str,
    pub province_raw: &'a str,
    pub district: &'a str,
    pub group: &'a str,
    pub group_raw: &'a str,
    pub attribution_doubt: Option<bool>,
    pub claimed: Option<bool>,
    pub attack_type: &'a str,
    pub target: &'a str,
    pub killed: Figure,
    pub injured: Figure,
    pub flags: &'a [String],
    pub note: &'a str,
}

impl Fields<'_> {
    /// Appends the CSV line to `out` and returns the length of the id field
    /// as written (the line's first bytes).
    pub fn write(&self, out: &mut String) -> usize {
        let start = out.len();
        push(out, self.id);
        let id_len = out.len() - start;
        for text in [self.dataset, self.dataset_version, self.original_id] {
            out.push(',');
            push(out, text);
        }
        let _ = write!(out, ",{}", self.date);
        for text in [
            self.country,
            self.province,
            self.province_raw,
            self.district,
            self.group,
            self.group_raw,
        ] {
            out.push(',');
            push(out, text);
        }
        for flag in [self.attribution_doubt, self.claimed] {
            out.push(',');
            out.push_str(match flag {
                Some(true) => "y",
                Some(false) => "n",
                None => "",
            });
        }
        for text in [self.attack_type, self.target] {
            out.push(',');
            push(out, text);
        }
        for figure in [self.killed, self.injured] {
            for value in [figure.low, figure.best, figure.high] {
                out.push(',');
                if let Some(value) = value {
                    let _ = write!(out, "{value}");
                }
            }
        }
        out.push(',');
        if self.flags.iter().any(|f| needs_quotes(f)) {
            push(out, &self.flags.join(";"));
        } else {
            for (i, flag) in self.flags.iter().enumerate() {
                if i > 0 {
                    out.push(';');
                }
                out.push_str(flag);
            }
        }
        out.push(',');
        push(out, self.note);
        id_len
    }
}

fn needs_quotes(text: &str) -> bool {
    text.bytes()
        .any(|b| matches!(b, b',' | b'"' | b'\n' | b'\r'))
}

/// Appends one CSV field, quoted only when it must be.
fn push(out: &mut String, text: &str) {
    if !needs_quotes(text) {
        out.push_str(text);
        return;
    }
    out.push('"');
    for c in text.chars() {
        if c == '"' {
            out.push('"');
        }
        out.push(c);
    }
    out.push('"');
}

/// Reads an `events.csv` written by the importer, with every problem located
/// by file, line and column.
pub fn load_events(path: &Path) -> Result<Vec<Event>, Problems> {
    let mut problems = Problems::default();
    let mut events = Vec::new();
    read_table(path, &EVENT_COLUMNS, &mut problems, |row| {
        let id = v::required(row, "id").map(str::to_string);
        let dataset = v::required(row, "dataset").map(str::to_string);
        let original_id = v::required(row, "original_id").map(str::to_string);
        let date = v::date(row, "date");
        let attribution_doubt = yes_no(row, "attribution_doubt");
        let claimed = yes_no(row, "claimed");
        let killed = figure(row, ["killed_low", "killed_best", "killed_high"]);
        let injured = figure(row, ["injured_low", "injured_best", "injured_high"]);
        let (
            Some(id),
            Some(dataset),
            Some(original_id),
            Some(date),
            Ok(attribution_doubt),
            Ok(claimed),
            Some(killed),
            Some(injured),
        ) = (
            id,
            dataset,
            original_id,
            date,
            attribution_doubt,
            claimed,
            killed,
            injured,
        )
        else {
            return;
        };
        let flags = row
            .text("flags")
            .split(';')
            .map(str::trim)
            .filter(|f| !f.is_empty())
            .map(str::to_string)
            .collect();
        let text = |name: &'static str| v::optional(row, name);
        events.push(Event {
            id,
            dataset,
            dataset_version: text("dataset_version"),
            original_id,
            date,
            country: text("country"),
            province: text("province"),
            province_raw: text("province_raw"),
            district: text("district"),
            group: text("group"),
            group_raw: text("group_raw"),
            attribution_doubt,
            claimed,
            attack_type: text("attack_type"),
            target: text("target"),
            killed,
            injured,
            flags,
            note: text("note"),
        });
    });
    problems.into_result(events)
}

/// A non-negative number such as `12` or `1.5`, as `events.csv` and the
/// datasets write counts of people; `None` for anything else (a sign, a
/// thousands separator, `40+`).
pub(crate) fn number(text: &str) -> Option<f64> {
    let ok = !text.is_empty()
        && text.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && text.bytes().filter(|b| *b == b'.').count() <= 1
        && text.bytes().any(|b| b.is_ascii_digit());
    ok.then(|| text.parse().ok()).flatten()
}

/// `y`, `n`, or empty (unknown).
fn yes_no(row: &mut Row, name: &'static str) -> Result<Option<bool>, ()> {
    match row.text(name).trim() {
        "" => Ok(None),
        "y" => Ok(Some(true)),
        "n" => Ok(Some(false)),
        other => {
            row.fail(
                name,
                format!("expected y, n or nothing, found {}", v::echo(other)),
            );
            Err(())
        }
    }
}

/// The three columns `{prefix}_low`, `_best`, `_high`, named in `names`.
fn figure(row: &mut Row, names: [&'static str; 3]) -> Option<Figure> {
    let mut values = [None; 3];
    let mut ok = true;
    for (slot, name) in values.iter_mut().zip(names) {
        let text = row.text(name).trim();
        if text.is_empty() {
            continue;
        }
        match number(text) {
            Some(value) => *slot = Some(value),
            None => {
                row.fail(
                    name,
                    format!(
                        "expected a number of people such as 12, or nothing, found {}",
                        v::echo(text)
                    ),
                );
                ok = false;
            }
        }
    }
    let [low, best, high] = values;
    ok.then_some(Figure { low, best, high })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_only_when_needed() {
        let mut out = String::new();
        push(&mut out, "plain");
        out.push(',');
        push(&mut out, "a, \"b\"");
        assert_eq!(out, "plain,\"a, \"\"b\"\"\"");
    }

    #[test]
    fn a_line_reads_back_as_the_same_event() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("events.csv");
        let line = "gtd-1,gtd,0522,1,2010-03,PK,fata,Fata,\"Bara, Khyber\",ttp,TTP,y,,Bombing,Police,3,3,,,,,attribution_doubt;date_range,\"say \"\"hi\"\"\"";
        std::fs::write(&path, format!("{}\n{line}\n", EVENT_COLUMNS.join(","))).unwrap();
        let events = load_events(&path).unwrap();
        assert_eq!(events.len(), 1);
        let e = &events[0];
        assert_eq!(e.date.to_string(), "2010-03");
        assert_eq!(e.district.as_deref(), Some("Bara, Khyber"));
        assert_eq!(e.killed, Figure::at_least(3.0));
        assert_eq!(e.injured, Figure::default());
        assert_eq!(e.flags, vec!["attribution_doubt", "date_range"]);
        assert_eq!(e.attribution_doubt, Some(true));
        assert_eq!(e.claimed, None);
        assert_eq!(e.to_csv_line(), line);
    }

    #[test]
    fn bad_cells_are_located() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("events.csv");
        let line = "x-1,x,,1,2010-13,PK,,,,,,maybe,,,,3,three,,,,,,";
        std::fs::write(&path, format!("{}\n{line}\n", EVENT_COLUMNS.join(","))).unwrap();
        let problems = load_events(&path).unwrap_err();
        let shown: Vec<String> = problems
            .list()
            .iter()
            .map(|p| format!("{}:{}: {}", p.line, p.column, p.message))
            .collect();
        assert_eq!(shown.len(), 3, "{shown:?}");
        assert!(
            shown[0].starts_with("2:10: date: expected a date"),
            "{shown:?}"
        );
        assert!(
            shown[1].starts_with("2:26: attribution_doubt: expected y, n"),
            "{shown:?}"
        );
        assert!(
            shown[2].starts_with("2:37: killed_best: expected a number"),
            "{shown:?}"
        );
    }
}
