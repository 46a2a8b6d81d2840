//! What each format's columns mean: one [`Layout`] per format turns a row
//! into a [`Draft`] event (raw names, a date, figures, flags and a note);
//! the importer then resolves the names and writes the line.

use std::borrow::Cow;
use std::fmt::Write;

use super::dates::{self, DateFormat};
use super::field::Field;
use super::input::{Input, Row};
use super::mapping::{Best, Settings, Single};
use super::options::{Format, ImportError};
use crate::date::PartialDate;
use crate::load::events::{number, Figure};

/// An event as read from one row, before its names are resolved. Texts
/// borrow from the row where they can.
#[derive(Debug, Default)]
pub(crate) struct Draft<'r> {
    pub original_id: Cow<'r, str>,
    /// `None` when the row gives no date (the row is skipped).
    pub date: Option<PartialDate>,
    pub country: Cow<'r, str>,
    pub province: Cow<'r, str>,
    pub district: Cow<'r, str>,
    pub group: Cow<'r, str>,
    pub attack_type: Cow<'r, str>,
    pub target: Cow<'r, str>,
    pub attribution_doubt: Option<bool>,
    pub claimed: Option<bool>,
    pub killed: Figure,
    pub injured: Figure,
    pub flags: Vec<String>,
    pub note: String,
}

impl Draft<'_> {
    fn flag(&mut self, flag: impl Into<String>) {
        let flag = flag.into();
        if !self.flags.contains(&flag) {
            self.flags.push(flag);
        }
    }

    fn add_note(&mut self, args: std::fmt::Arguments) {
        if !self.note.is_empty() {
            self.note.push_str("; ");
        }
        let _ = self.note.write_fmt(args);
    }
}

/// What became of a row.
#[derive(Debug, PartialEq)]
pub(crate) enum Outcome {
    /// Read; a row without an id or a date is skipped by the importer.
    Ok,
    /// A value that cannot be read (a date): a located problem; the import
    /// fails once every row has been read.
    Bad { field: usize, message: String },
}

/// Reads a count cell: empty → `None`; not a number → `None` with the flag
/// `{measure}_{part}_unreadable` and the text in the note.
fn count(d: &mut Draft, text: &str, measure: &str, part: &str, column: &str) -> Option<f64> {
    if text.is_empty() {
        return None;
    }
    let value = number(text);
    if value.is_none() {
        let flag = if part.is_empty() {
            format!("{measure}_unreadable")
        } else {
            format!("{measure}_{part}_unreadable")
        };
        d.flag(flag);
        d.add_note(format_args!("{column} \"{text}\""));
    }
    value
}

/// low ≤ best ≤ high, checked pairwise on the numbers that are given.
fn check_order(d: &mut Draft, figure: Figure, measure: &str) {
    let Figure { low, best, high } = figure;
    let gt = |a: Option<f64>, b: Option<f64>| matches!((a, b), (Some(a), Some(b)) if a > b);
    if gt(low, best) {
        d.flag(format!("{measure}_low_gt_best"));
    }
    if gt(best, high) {
        d.flag(format!("{measure}_best_gt_high"));
    }
    if best.is_none() && gt(low, high) {
        d.flag(format!("{measure}_low_gt_high"));
    }
}

/// A count given as a minimum and a maximum (either may be blank).
fn min_max(d: &mut Draft, min: Option<f64>, max: Option<f64>, best: Best, measure: &str) -> Figure {
    match (min, max) {
        (Some(lo), Some(hi)) => {
            if lo > hi {
                d.flag(format!("{measure}_min_gt_max"));
            }
            let best = match best {
                Best::Min => lo,
                Best::Max => hi,
                Best::Midpoint => (lo + hi) / 2.0,
            };
            Figure {
                low: Some(lo),
                best: Some(best),
                high: Some(hi),
            }
        }
        (None, Some(hi)) => {
            d.flag(format!("{measure}_min_missing"));
            Figure {
                low: None,
                best: Some(hi),
                high: Some(hi),
            }
        }
        (Some(lo), None) => {
            d.flag(format!("{measure}_max_missing"));
            Figure::at_least(lo)
        }
        (None, None) => Figure::default(),
    }
}

fn yes_no(text: &str) -> Option<bool> {
    match text.to_ascii_lowercase().as_str() {
        "y" | "yes" | "1" | "true" => Some(true),
        "n" | "no" | "0" | "false" => Some(false),
        _ => None,
    }
}

/// Finds the columns a format needs; `Err` names every missing one.
struct Columns<'i> {
    input: &'i Input,
    missing: Vec<String>,
}

impl<'i> Columns<'i> {
    fn new(input: &'i Input) -> Columns<'i> {
        Columns {
            input,
            missing: Vec::new(),
        }
    }

    /// A required column, under any of `names`.
    fn need(&mut self, names: &[&str]) -> usize {
        match names.iter().find_map(|n| self.input.column(n)) {
            Some(index) => index,
            None => {
                let mut shown = format!("`{}`", names[0]);
                for other in &names[1..] {
                    shown.push_str(&format!(" (or `{other}`)"));
                }
                self.missing.push(shown);
                usize::MAX
            }
        }
    }

    fn optional(&self, name: &str) -> Option<usize> {
        self.input.column(name)
    }

    fn done<T>(self, format: Format, layout: T) -> Result<T, ImportError> {
        if self.missing.is_empty() {
            return Ok(layout);
        }
        Err(ImportError::MissingColumns {
            path: self.input.path.clone(),
            format,
            missing: self.missing,
            header: self.input.header_line(),
        })
    }
}

/// How to read the rows of one format.
pub(crate) enum Layout {
    Ucdp(Ucdp),
    Acled(Acled),
    Gtd(Gtd),
    Mapped(Mapped),
}

impl Layout {
    pub fn new(format: Format, input: &Input, settings: &Settings) -> Result<Layout, ImportError> {
        let mut c = Columns::new(input);
        match format {
            Format::Ucdp => {
                let layout = Ucdp {
                    id: c.need(&["id"]),
                    date_start: c.need(&["date_start"]),
                    date_end: c.optional("date_end"),
                    date_prec: c.optional("date_prec"),
                    side_a: c.need(&["side_a"]),
                    side_b: c.need(&["side_b"]),
                    adm_1: c.need(&["adm_1"]),
                    adm_2: c.optional("adm_2"),
                    country: c.need(&["country"]),
                    low: c.need(&["low", "low_est"]),
                    best: c.need(&["best", "best_est"]),
                    high: c.need(&["high", "high_est"]),
                };
                c.done(format, Layout::Ucdp(layout))
            }
            Format::Acled => {
                let layout = Acled {
                    id: c.need(&["event_id_cnty"]),
                    date: c.need(&["event_date"]),
                    time_precision: c.optional("time_precision"),
                    event_type: c.need(&["event_type"]),
                    sub_event_type: c.optional("sub_event_type"),
                    actor1: c.need(&["actor1"]),
                    actor2: c.optional("actor2"),
                    country: c.need(&["country"]),
                    admin1: c.need(&["admin1"]),
                    admin2: c.optional("admin2"),
                    fatalities: c.need(&["fatalities"]),
                    formats: ["%Y-%m-%d", "%d %B %Y", "%d-%B-%Y"]
                        .iter()
                        .map(|p| DateFormat::new(p).expect("built-in date format"))
                        .collect(),
                };
                c.done(format, Layout::Acled(layout))
            }
            Format::Gtd => {
                let layout = Gtd {
                    id: c.need(&["eventid"]),
                    year: c.need(&["iyear"]),
                    month: c.need(&["imonth"]),
                    day: c.need(&["iday"]),
                    approxdate: c.optional("approxdate"),
                    country: c.need(&["country_txt"]),
                    provstate: c.need(&["provstate"]),
                    city: c.optional("city"),
                    attack_type: c.optional("attacktype1_txt"),
                    target: c.optional("targtype1_txt"),
                    gname: c.need(&["gname"]),
                    guncertain: c.optional("guncertain1"),
                    claimed: c.optional("claimed"),
                    doubtterr: c.optional("doubtterr"),
                    nkill: c.need(&["nkill"]),
                    nwound: c.optional("nwound"),
                };
                c.done(format, Layout::Gtd(layout))
            }
            Format::Mapped => {
                let mut cells = Vec::new();
                for field in Field::ALL {
                    let cell = match (settings.columns.get(field), settings.constants.get(&field)) {
                        (Some(name), _) => Cell::Column(c.need(&[name])),
                        (None, Some(value)) => Cell::Constant(value.clone()),
                        (None, None) => Cell::Absent,
                    };
                    cells.push(cell);
                }
                let names = Field::ALL
                    .iter()
                    .map(|f| settings.columns.get(*f).unwrap_or("").trim().to_string())
                    .collect();
                let note = settings
                    .columns
                    .note
                    .iter()
                    .map(|name| (name.trim().to_string(), c.need(&[name])))
                    .collect();
                c.done(format, Layout::Mapped(Mapped { cells, names, note }))
            }
        }
    }

    pub fn extract<'r>(&self, row: &Row<'r>, d: &mut Draft<'r>, s: &Settings) -> Outcome {
        match self {
            Layout::Ucdp(l) => l.extract(row, d),
            Layout::Acled(l) => l.extract(row, d),
            Layout::Gtd(l) => l.extract(row, d),
            Layout::Mapped(l) => l.extract(row, d, s),
        }
    }
}

pub(crate) struct Ucdp {
    id: usize,
    date_start: usize,
    date_end: Option<usize>,
    date_prec: Option<usize>,
    side_a: usize,
    side_b: usize,
    adm_1: usize,
    adm_2: Option<usize>,
    country: usize,
    low: usize,
    best: usize,
    high: usize,
}

/// A state actor in UCDP or ACLED naming.
fn is_state(actor: &str) -> bool {
    let lower = actor.to_ascii_lowercase();
    ["government of", "military forces of", "police forces of"]
        .iter()
        .any(|p| lower.starts_with(p))
}

impl Ucdp {
    fn extract<'r>(&self, row: &Row<'r>, d: &mut Draft<'r>) -> Outcome {
        d.original_id = row.get(self.id);
        let start_text = row.get(self.date_start);
        if start_text.is_empty() {
            return Outcome::Ok;
        }
        let unreadable = |field, text: &str| Outcome::Bad {
            field,
            message: format!("expected a date such as 2019-02-16 or 02/16/2019, found \"{text}\""),
        };
        let Some(start) = dates::ucdp(&start_text) else {
            return unreadable(self.date_start, &start_text);
        };
        let end_text = row.opt(self.date_end);
        let end = if end_text.is_empty() {
            start
        } else {
            match dates::ucdp(&end_text) {
                Some(end) => end,
                None => return unreadable(self.date_end.unwrap_or(0), &end_text),
            }
        };
        d.date = Some(dates::covering(start, end.max(start)));
        if end != start {
            d.flag("date_range");
            d.add_note(format_args!("date_end {end}"));
        }
        let prec = row.opt(self.date_prec);
        if !prec.is_empty() && prec != "1" {
            d.add_note(format_args!("date_prec {prec}"));
        }
        let (a, b) = (row.get(self.side_a), row.get(self.side_b));
        (d.group, d.target) = if is_state(&a) { (b, a) } else { (a, b) };
        d.country = row.get(self.country);
        d.province = row.get(self.adm_1);
        d.district = row.opt(self.adm_2);
        let low = count(d, &row.get(self.low), "killed", "low", "low");
        let best = count(d, &row.get(self.best), "killed", "best", "best");
        let high = count(d, &row.get(self.high), "killed", "high", "high");
        let killed = Figure { low, best, high };
        check_order(d, killed, "killed");
        d.killed = killed;
        Outcome::Ok
    }
}

pub(crate) struct Acled {
    id: usize,
    date: usize,
    time_precision: Option<usize>,
    event_type: usize,
    sub_event_type: Option<usize>,
    actor1: usize,
    actor2: Option<usize>,
    country: usize,
    admin1: usize,
    admin2: Option<usize>,
    fatalities: usize,
    formats: Vec<DateFormat>,
}

impl Acled {
    fn extract<'r>(&self, row: &Row<'r>, d: &mut Draft<'r>) -> Outcome {
        d.original_id = row.get(self.id);
        let text = row.get(self.date);
        if text.is_empty() {
            return Outcome::Ok;
        }
        let Some(read) = dates::read_with(&text, &self.formats) else {
            return Outcome::Bad {
                field: self.date,
                message: format!(
                    "expected a date such as 2019-03-15 or 15 March 2019, found \"{text}\""
                ),
            };
        };
        let mut date = read.date;
        match row.opt(self.time_precision).as_ref() {
            "" | "1" => {}
            "2" => {
                d.flag("date_range");
                d.add_note(format_args!("time_precision 2 (within a week)"));
            }
            other => {
                if other == "3" {
                    use chrono::Datelike;
                    let start = date.start();
                    date = dates::month(start.year(), start.month()).unwrap_or(date);
                }
                d.flag("date_range");
                d.add_note(format_args!("time_precision {other}"));
            }
        }
        d.date = Some(date);
        let (a1, a2) = (row.get(self.actor1), row.opt(self.actor2));
        (d.group, d.target) = if is_state(&a1) && !a2.is_empty() {
            (a2, a1)
        } else {
            (a1, a2)
        };
        let sub = row.opt(self.sub_event_type);
        d.attack_type = if sub.is_empty() {
            row.get(self.event_type)
        } else {
            sub
        };
        d.country = row.get(self.country);
        d.province = row.get(self.admin1);
        d.district = row.opt(self.admin2);
        let fatalities = count(d, &row.get(self.fatalities), "killed", "", "fatalities");
        d.killed = fatalities.map(Figure::at_least).unwrap_or_default();
        Outcome::Ok
    }
}

pub(crate) struct Gtd {
    id: usize,
    year: usize,
    month: usize,
    day: usize,
    approxdate: Option<usize>,
    country: usize,
    provstate: usize,
    city: Option<usize>,
    attack_type: Option<usize>,
    target: Option<usize>,
    gname: usize,
    guncertain: Option<usize>,
    claimed: Option<usize>,
    doubtterr: Option<usize>,
    nkill: usize,
    nwound: Option<usize>,
}

impl Gtd {
    fn extract<'r>(&self, row: &Row<'r>, d: &mut Draft<'r>) -> Outcome {
        d.original_id = row.get(self.id);
        let year_text = row.get(self.year);
        if year_text.is_empty() {
            return Outcome::Ok;
        }
        let int = |text: &str| -> Option<u32> {
            let text = text.strip_suffix(".0").unwrap_or(text);
            (!text.is_empty() && text.len() <= 4 && text.bytes().all(|b| b.is_ascii_digit()))
                .then(|| text.parse().ok())
                .flatten()
        };
        let bad = |field, what: &str, text: &str| Outcome::Bad {
            field,
            message: format!("expected {what}, found \"{text}\""),
        };
        let Some(year) = int(&year_text).filter(|y| *y >= 1000) else {
            return bad(self.year, "a year such as 2009", &year_text);
        };
        let (month_text, day_text) = (row.get(self.month), row.get(self.day));
        let Some(month) = int(&month_text).or(month_text.is_empty().then_some(0)) else {
            return bad(self.month, "a month 1-12, or 0 when unknown", &month_text);
        };
        let Some(day) = int(&day_text).or(day_text.is_empty().then_some(0)) else {
            return bad(self.day, "a day 1-31, or 0 when unknown", &day_text);
        };
        let date = match (month, day) {
            (0, _) => dates::year(year as i32),
            (1..=12, 0) => dates::month(year as i32, month),
            (1..=12, _) => {
                chrono::NaiveDate::from_ymd_opt(year as i32, month, day).map(PartialDate::day)
            }
            _ => return bad(self.month, "a month 1-12, or 0 when unknown", &month_text),
        };
        let Some(date) = date else {
            return bad(self.day, "a day that exists in its month", &day_text);
        };
        d.date = Some(date);
        let approx = row.opt(self.approxdate);
        if !approx.is_empty() {
            d.flag("date_range");
            d.add_note(format_args!("approxdate {approx}"));
        }
        let unknown_as_empty = |text: Cow<'r, str>| {
            if text.eq_ignore_ascii_case("unknown") {
                Cow::Borrowed("")
            } else {
                text
            }
        };
        d.country = row.get(self.country);
        d.province = unknown_as_empty(row.get(self.provstate));
        d.district = unknown_as_empty(row.opt(self.city));
        d.group = row.get(self.gname);
        d.attack_type = row.opt(self.attack_type);
        d.target = row.opt(self.target);
        let (uncertain, doubt) = (row.opt(self.guncertain), row.opt(self.doubtterr));
        d.attribution_doubt = if uncertain == "1" || doubt == "1" {
            let (u, t) = (uncertain == "1", doubt == "1");
            match (u, t) {
                (true, true) => d.add_note(format_args!("guncertain1=1, doubtterr=1")),
                (true, false) => d.add_note(format_args!("guncertain1=1")),
                _ => d.add_note(format_args!("doubtterr=1")),
            }
            Some(true)
        } else if uncertain == "0" {
            Some(false)
        } else {
            None
        };
        d.claimed = match row.opt(self.claimed).as_ref() {
            "1" => Some(true),
            "0" => Some(false),
            _ => None,
        };
        let nkill = count(d, &row.get(self.nkill), "killed", "", "nkill");
        d.killed = nkill.map(Figure::at_least).unwrap_or_default();
        let nwound = count(d, &row.opt(self.nwound), "injured", "", "nwound");
        d.injured = nwound.map(Figure::at_least).unwrap_or_default();
        Outcome::Ok
    }
}

/// Where a mapped field comes from.
#[derive(Debug, Clone)]
pub(crate) enum Cell {
    Column(usize),
    Constant(String),
    Absent,
}

pub(crate) struct Mapped {
    /// One per [`Field::ALL`], in that order.
    cells: Vec<Cell>,
    /// The column name of each field (empty when not a column), for notes.
    names: Vec<String>,
    note: Vec<(String, usize)>,
}

impl Mapped {
    fn cell(&self, field: Field) -> &Cell {
        &self.cells[field as usize]
    }

    /// The raw text of `field`: its column, its constant, or empty.
    fn raw<'r>(&self, row: &Row<'r>, field: Field) -> Cow<'r, str> {
        match self.cell(field) {
            Cell::Column(i) => row.get(*i),
            Cell::Constant(value) => Cow::Owned(value.clone()),
            Cell::Absent => Cow::Borrowed(""),
        }
    }

    /// The text of a field that is parsed here, after its value map.
    fn value<'r>(&self, row: &Row<'r>, field: Field, s: &Settings) -> Cow<'r, str> {
        s.values.apply(field, self.raw(row, field))
    }

    fn column(&self, field: Field) -> usize {
        match self.cell(field) {
            Cell::Column(i) => *i,
            _ => 0,
        }
    }

    fn extract<'r>(&self, row: &Row<'r>, d: &mut Draft<'r>, s: &Settings) -> Outcome {
        d.original_id = match self.cell(Field::Id) {
            Cell::Column(i) => row.get(*i),
            _ => Cow::Owned(row.number.to_string()),
        };
        let text = self.value(row, Field::Date, s);
        if text.is_empty() {
            return Outcome::Ok;
        }
        let Some(read) = dates::read_with(&text, &s.date_formats) else {
            let tried = if s.date_formats.is_empty() {
                "YYYY, YYYY-MM or YYYY-MM-DD (no date_formats given)".to_string()
            } else {
                s.date_formats
                    .iter()
                    .map(|f| f.pattern.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            return Outcome::Bad {
                field: self.column(Field::Date),
                message: format!(
                    "no date format matches \"{text}\"; tried {tried} (add a format to date_formats, or the corrected date to [values.date])"
                ),
            };
        };
        d.date = Some(read.date);
        if read.weekday_mismatch {
            d.flag("weekday_mismatch");
        }
        d.country = self.raw(row, Field::Country);
        d.province = self.raw(row, Field::Province);
        d.district = self.raw(row, Field::District);
        d.group = self.raw(row, Field::Group);
        d.attack_type = self.raw(row, Field::AttackType);
        d.target = self.raw(row, Field::Target);
        d.claimed = yes_no(&self.value(row, Field::Claimed, s));
        d.attribution_doubt = yes_no(&self.value(row, Field::AttributionDoubt, s));
        d.killed = self.figure(
            row,
            d,
            s,
            [Field::Killed, Field::KilledMin, Field::KilledMax],
        );
        d.injured = self.figure(
            row,
            d,
            s,
            [Field::Injured, Field::InjuredMin, Field::InjuredMax],
        );
        for (name, index) in &self.note {
            let text = row.get(*index);
            if !text.is_empty() {
                d.add_note(format_args!("{name}: {text}"));
            }
        }
        Outcome::Ok
    }

    fn figure<'r>(
        &self,
        row: &Row<'r>,
        d: &mut Draft<'r>,
        s: &Settings,
        [single, min, max]: [Field; 3],
    ) -> Figure {
        let measure = single.name();
        let header = |f: Field| self.names[f as usize].as_str();
        if let Cell::Column(_) = self.cell(single) {
            let text = self.value(row, single, s);
            let value = count(d, &text, measure, "", header(single));
            return match (value, s.single) {
                (None, _) => Figure::default(),
                (Some(v), Single::Exact) => Figure::exact(v),
                (Some(v), Single::AtLeast) => Figure::at_least(v),
            };
        }
        let lo_text = self.value(row, min, s);
        let lo = count(d, &lo_text, measure, "min", header(min));
        let hi_text = self.value(row, max, s);
        let hi = count(d, &hi_text, measure, "max", header(max));
        if matches!(self.cell(min), Cell::Absent) && matches!(self.cell(max), Cell::Absent) {
            return Figure::default();
        }
        if matches!(self.cell(min), Cell::Absent) {
            // Only a maximum column: the best is the maximum, the floor open.
            return hi.map_or(Figure::default(), |hi| Figure {
                low: None,
                best: Some(hi),
                high: Some(hi),
            });
        }
        if matches!(self.cell(max), Cell::Absent) {
            return lo.map_or(Figure::default(), Figure::at_least);
        }
        min_max(d, lo, hi, s.best, measure)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_plain_and_not_negative() {
        assert_eq!(number("12"), Some(12.0));
        assert_eq!(number("0.5"), Some(0.5));
        for bad in ["", "-1", "40+", "1,200", "1e3", ".", "NaN", "1.2.3"] {
            assert_eq!(number(bad), None, "{bad}");
        }
    }

    #[test]
    fn min_max_keeps_what_is_given_and_flags_the_rest() {
        let mut d = Draft::default();
        let f = min_max(&mut d, Some(11.0), Some(10.0), Best::Max, "killed");
        assert_eq!(
            f,
            Figure {
                low: Some(11.0),
                best: Some(10.0),
                high: Some(10.0)
            }
        );
        assert_eq!(d.flags, vec!["killed_min_gt_max"]);

        let mut d = Draft::default();
        let f = min_max(&mut d, None, Some(3.0), Best::Max, "injured");
        assert_eq!(
            f,
            Figure {
                low: None,
                best: Some(3.0),
                high: Some(3.0)
            }
        );
        assert_eq!(d.flags, vec!["injured_min_missing"]);

        let mut d = Draft::default();
        let f = min_max(&mut d, Some(7.0), None, Best::Max, "killed");
        assert_eq!(f, Figure::at_least(7.0));
        assert_eq!(d.flags, vec!["killed_max_missing"]);

        let mut d = Draft::default();
        assert_eq!(
            min_max(&mut d, Some(2.0), Some(4.0), Best::Midpoint, "k").best,
            Some(3.0)
        );
        assert_eq!(
            min_max(&mut d, Some(2.0), Some(4.0), Best::Min, "k").best,
            Some(2.0)
        );
        assert_eq!(
            min_max(&mut d, None, None, Best::Max, "k"),
            Figure::default()
        );
        assert!(d.flags.is_empty());
    }

    #[test]
    fn order_checks_name_each_broken_pair() {
        let mut d = Draft::default();
        check_order(
            &mut d,
            Figure {
                low: Some(5.0),
                best: Some(4.0),
                high: Some(3.0),
            },
            "killed",
        );
        assert_eq!(d.flags, vec!["killed_low_gt_best", "killed_best_gt_high"]);
        let mut d = Draft::default();
        check_order(
            &mut d,
            Figure {
                low: Some(5.0),
                best: None,
                high: Some(3.0),
            },
            "killed",
        );
        assert_eq!(d.flags, vec!["killed_low_gt_high"]);
    }

    #[test]
    fn unreadable_counts_are_flagged_and_quoted_in_the_note() {
        let mut d = Draft::default();
        assert_eq!(count(&mut d, "40+", "injured", "max", "Injured Max"), None);
        assert_eq!(d.flags, vec!["injured_max_unreadable"]);
        assert_eq!(d.note, "Injured Max \"40+\"");
    }
}
