//! The rules a field must satisfy, applied row by row while loading.
//!
//! Each function reads one field (or a group of fields, for a figure) from a
//! [`Row`], and either returns the typed value or records a located problem
//! saying what was expected, and returns `None`. Nothing here stops at the
//! first problem: the loader keeps going so every problem is reported.

use std::collections::BTreeMap;

// Id sets are only looked up, never iterated into an output: a fast hash is safe.
use rustc_hash::FxHashMap as HashMap;

use crate::date::PartialDate;
use crate::estimate::{Qualifier, StatedFigure};
use crate::load::records::{Source, Term, Text};
use crate::load::table::Row;

/// How the rules quote a bad value; it lives with [`crate::problem`], below
/// the CSV reader, which quotes bad column names with it too.
pub use crate::problem::echo;

/// Longest list of ids a message names in full.
const LISTED: usize = 20;

/// Ids for a message: all of them, or the first [`LISTED`] and their number.
pub fn listing<'k>(ids: impl ExactSizeIterator<Item = &'k String>) -> String {
    let count = ids.len();
    let shown: Vec<&str> = ids.take(LISTED).map(String::as_str).collect();
    match count > LISTED {
        true => format!("{}, … ({count} in all)", shown.join(", ")),
        false => shown.join(", "),
    }
}

/// A field that must not be empty.
pub fn required<'a>(row: &mut Row<'a>, name: &'static str) -> Option<&'a str> {
    let text = row.text(name).trim();
    if text.is_empty() {
        row.fail(name, "is empty; a value is required");
        return None;
    }
    Some(text)
}

/// A field that may be empty (`None`), as a `String` or a [`Text`].
pub fn optional<T: for<'t> From<&'t str>>(row: &Row, name: &'static str) -> Option<T> {
    let text = row.text(name).trim();
    (!text.is_empty()).then(|| T::from(text))
}

/// The ids a file has given so far, each with where it was first used.
///
/// Ids written in increasing order, as generated and exported files mostly
/// are, are appended to a sorted list: a new one is unique when it sorts
/// after the last, without hashing it into a table of a million ids (which
/// cost a third of the time to check such a file). Ids out of that order go
/// to a map.
#[derive(Debug, Default, Clone)]
pub struct Seen {
    ascending: Vec<(Text, FirstUse)>,
    others: HashMap<Text, FirstUse>,
}

impl Seen {
    /// Makes room for `ids` more ids in increasing order.
    pub fn reserve(&mut self, ids: usize) {
        self.ascending.reserve_exact(ids);
    }

    /// Where `id` was first used, if it was.
    pub fn get(&self, id: &str) -> Option<FirstUse> {
        let sorted = self.ascending.binary_search_by(|(k, _)| k.as_str().cmp(id));
        match sorted {
            Ok(at) => Some(self.ascending[at].1),
            Err(_) => self.others.get(id).copied(),
        }
    }

    /// Records `now` as the first use of `id`; returns the earlier first
    /// use instead, leaving it as it was, if `id` was used before.
    pub fn first_use(&mut self, id: &str, now: FirstUse) -> Option<FirstUse> {
        if self
            .ascending
            .last()
            .is_none_or(|(last, _)| last.as_str() < id)
        {
            self.ascending.push((Text::from(id), now));
            return None;
        }
        let first = self.get(id);
        if first.is_none() {
            self.others.insert(Text::from(id), now);
        }
        first
    }
}

/// Where an id was first used: its line, and the position its record took
/// among the file's records if the row was kept (see [`Listed::record`]).
#[derive(Debug, Clone, Copy)]
pub struct FirstUse {
    pub line: usize,
    pub record: usize,
}

/// A record id: lowercase letters, digits, `-`, `_` and `.`, unique in its
/// file; returned as a `String` or a [`Text`]. `record` is the position the
/// row's record takes among the file's records if it is kept.
pub fn unique_id<T: for<'t> From<&'t str>>(
    row: &mut Row,
    name: &'static str,
    seen: &mut Seen,
    record: usize,
) -> Option<T> {
    let id = required(row, name)?;
    let valid = id
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-_.".contains(&b));
    if !valid {
        row.fail(
            name,
            format!(
                "expected an id of lowercase letters, digits, '-', '_' or '.', found {}",
                echo(id)
            ),
        );
        return None;
    }
    let now = FirstUse {
        line: row.line,
        record,
    };
    match seen.first_use(id, now) {
        Some(first) => {
            let message = format!(
                "duplicate id {}, first used on line {}",
                echo(id),
                first.line
            );
            row.fail(name, message);
            None
        }
        None => Some(T::from(id)),
    }
}

/// A date written `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
pub fn date(row: &mut Row, name: &'static str) -> Option<PartialDate> {
    let text = required(row, name)?;
    let parsed = PartialDate::parse(text);
    if parsed.is_none() {
        let hint = date_hint(text).map_or(String::new(), |h| format!("; {h}"));
        row.fail(name, format!("expected a date written YYYY, YYYY-MM or YYYY-MM-DD (a real calendar day), found {}{hint}", echo(text)));
    }
    parsed
}

/// What is wrong with a date that did not parse, when it can be told: a day
/// the calendar does not have, or another order or spelling to rewrite.
fn date_hint(text: &str) -> Option<String> {
    match text.len() {
        0..=10 => numeric_date_hint(text).or_else(|| month_name_hint(text)),
        11..=40 => month_name_hint(text),
        _ => None,
    }
}

/// The hint for a date of three numbers, such as `2023-02-30` or `30/07/2023`.
fn numeric_date_hint(text: &str) -> Option<String> {
    let parts: Vec<&str> = text.split(['-', '/', '.']).collect();
    let number = |p: &&str| {
        let digits = (1..=4).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit());
        digits.then(|| p.parse::<u32>().ok()).flatten()
    };
    let numbers: Vec<u32> = parts.iter().map(number).collect::<Option<_>>()?;
    match (parts.as_slice(), numbers.as_slice()) {
        ([y, _, _], [year, month, day]) if y.len() == 4 => Some(match iso(*year, *month, *day) {
            Some(date) => format!("write it as {date}"),
            None => not_a_day(*year, *month, *day),
        }),
        ([_, _, y], [a, b, year]) if y.len() == 4 => rewrite_day_month(*a, *b, *year),
        _ => None,
    }
}

fn iso(year: u32, month: u32, day: u32) -> Option<String> {
    let date = chrono::NaiveDate::from_ymd_opt(year as i32, month, day)?;
    Some(date.format("%Y-%m-%d").to_string())
}

fn not_a_day(year: u32, month: u32, day: u32) -> String {
    let first = |y: u32, m: u32| chrono::NaiveDate::from_ymd_opt(y as i32, m, 1);
    let next = match month {
        12 => first(year + 1, 1),
        _ => first(year, month + 1),
    };
    match next.and_then(|d| d.pred_opt()) {
        Some(last) if month >= 1 => format!(
            "{year:04}-{month:02} has days 01 to {}, not {day:02}",
            last.format("%d")
        ),
        _ => format!("there is no month {month:02}; months run from 01 to 12"),
    }
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The ISO spelling of a date written with a month name, such as
/// `August 2023`, `24th May 2017` or `May 24, 2017`.
fn month_name_hint(text: &str) -> Option<String> {
    let words = text
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty());
    let (mut month, mut numbers) = (None, Vec::new());
    for word in words {
        let lower = word.to_ascii_lowercase();
        let number = ["st", "nd", "rd", "th"]
            .iter()
            .find_map(|s| lower.strip_suffix(s))
            .unwrap_or(&lower);
        if !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()) {
            numbers.push(number.to_string());
        } else if lower.len() >= 3 {
            month = month.or(MONTHS.iter().position(|m| m.starts_with(&lower)));
        }
    }
    let month = month? as u32 + 1;
    numbers.sort_by_key(String::len);
    match numbers.as_slice() {
        [year] if year.len() == 4 => Some(format!("write it as {year}-{month:02}")),
        [day, year] if year.len() == 4 && day.len() <= 2 => {
            iso(year.parse().ok()?, month, day.parse().ok()?).map(|d| format!("write it as {d}"))
        }
        _ => None,
    }
}

/// The ISO spelling of a `D/M/YYYY` date, or of `M/D/YYYY` when only that
/// reads as a day; both when both do.
fn rewrite_day_month(a: u32, b: u32, year: u32) -> Option<String> {
    match (iso(year, b, a), iso(year, a, b)) {
        (Some(dm), Some(md)) if dm != md => Some(format!(
            "write it as {dm} if the day comes first, or {md} if the month does"
        )),
        (Some(one), _) | (None, Some(one)) => Some(format!("write it as {one}")),
        (None, None) => None,
    }
}

/// `y` or `n`.
pub fn yes_no(row: &mut Row, name: &'static str) -> Option<bool> {
    match required(row, name)? {
        "y" => Some(true),
        "n" => Some(false),
        other => {
            row.fail(name, format!("expected y or n, found {}", echo(other)));
            None
        }
    }
}

/// A field refused, its problem already recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refused;

/// A plain number, or `Ok(None)` when empty. `Err` after recording a problem.
pub fn number(
    row: &mut Row,
    name: &'static str,
    qualifier_column: &'static str,
) -> Result<Option<f64>, Refused> {
    let text = row.text(name).trim();
    if text.is_empty() {
        return Ok(None);
    }
    if let Some(value) = plain_number(text) {
        return Ok(Some(value));
    }
    let hint = if text.contains(',') && plain_number(&text.replace(',', "")).is_some() {
        format!(
            "write it without thousands separators: {}",
            text.replace(',', "")
        )
    } else if let Some((number, qualifier)) = qualified_number(text) {
        format!("write the number alone ({number}) and `{qualifier}` in `{qualifier_column}`")
    } else {
        format!("write only the number here and the kind of figure in `{qualifier_column}` (at_least, more_than, about, nearly, range, rounded)")
    };
    row.fail(
        name,
        format!(
            "expected a number such as 2000 or 15.5, found {}; {hint}",
            echo(text)
        ),
    );
    Err(Refused)
}

/// Words and signs that stand for a qualifier when written before a number.
const QUALIFIER_WORDS: [(&str, &str); 13] = [
    ("~", "about"),
    ("≈", "about"),
    ("c.", "about"),
    ("ca.", "about"),
    ("about", "about"),
    ("around", "about"),
    ("some", "about"),
    (">=", "at_least"),
    ("≥", "at_least"),
    ("at least", "at_least"),
    (">", "more_than"),
    ("more than", "more_than"),
    ("nearly", "nearly"),
];

/// A number written with its qualifier, such as `~60`, `at least 5` or
/// `200+`: the number and the qualifier it stands for.
fn qualified_number(text: &str) -> Option<(&str, &'static str)> {
    if let Some(number) = text.strip_suffix('+').map(str::trim) {
        return plain_number(number).map(|_| (number, "at_least"));
    }
    QUALIFIER_WORDS.iter().find_map(|(word, qualifier)| {
        let head = text.get(..word.len())?;
        let number = head
            .eq_ignore_ascii_case(word)
            .then(|| text[word.len()..].trim())?;
        plain_number(number).map(|_| (number, *qualifier))
    })
}

/// Digits with an optional sign and decimal point; no exponent, no NaN.
fn plain_number(text: &str) -> Option<f64> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let ok = !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && digits.bytes().filter(|b| *b == b'.').count() <= 1
        && digits.bytes().any(|b| b.is_ascii_digit());
    ok.then(|| text.parse().ok()).flatten()
}

/// The columns of a stated figure: qualifier, low, best, high.
pub type FigureColumns = [&'static str; 4];

/// The figure of `counts.csv` and `strength.csv`.
pub const FIGURE: FigureColumns = ["qualifier", "low", "best", "high"];
/// The figures of `casualty_estimates.csv`.
pub const KILLED: FigureColumns = [
    "killed_qualifier",
    "killed_low",
    "killed_best",
    "killed_high",
];
pub const INJURED: FigureColumns = [
    "injured_qualifier",
    "injured_low",
    "injured_best",
    "injured_high",
];

/// The four `columns` (qualifier, low, best, high) read as a stated figure;
/// `Some(None)` when all four are empty and `optional` is true. Checks the
/// numbers the qualifier needs are there, that no bound is negative unless
/// `signed`, and that low ≤ best ≤ high.
pub fn figure(
    row: &mut Row,
    columns: FigureColumns,
    signed: bool,
    optional: bool,
) -> Option<Option<StatedFigure>> {
    let [q, l, b, h] = columns;
    let qualifier_text = row.text(q).trim();
    let numbers = (number(row, l, q), number(row, b, q), number(row, h, q));
    let (Ok(low), Ok(best), Ok(high)) = numbers else {
        return None;
    };
    if qualifier_text.is_empty() && optional && low.is_none() && best.is_none() && high.is_none() {
        return Some(None);
    }
    let Some(qualifier) = Qualifier::parse(qualifier_text) else {
        let known: Vec<&str> = Qualifier::STATED.iter().map(|q| q.as_str()).collect();
        row.fail(
            q,
            format!(
                "expected one of {}, found {}",
                known.join(", "),
                echo(qualifier_text)
            ),
        );
        return None;
    };
    let figure = StatedFigure {
        qualifier,
        low,
        best,
        high,
    };
    figure_is_consistent(row, &figure, [l, b, h], signed).then_some(Some(figure))
}

fn figure_is_consistent(
    row: &mut Row,
    f: &StatedFigure,
    [l, b, h]: [&'static str; 3],
    signed: bool,
) -> bool {
    let needs: Option<(&'static str, &'static str)> = match f.qualifier {
        Qualifier::Range if f.low.is_none() => Some((l, "a range needs its low bound")),
        Qualifier::Range if f.high.is_none() => Some((h, "a range needs its high bound")),
        Qualifier::AtLeast | Qualifier::MoreThan if f.stated().is_none() => {
            Some((l, "needs the stated number in low"))
        }
        Qualifier::Exact | Qualifier::About | Qualifier::Nearly | Qualifier::Rounded
            if f.stated().is_none() =>
        {
            Some((b, "needs the stated number in best"))
        }
        _ => None,
    };
    if let Some((column, message)) = needs {
        row.fail(
            column,
            format!("is empty; {} {message}", f.qualifier.as_str()),
        );
        return false;
    }
    let mut ok = true;
    for (column, value) in [(l, f.low), (b, f.best), (h, f.high)] {
        if let Some(v) = value.filter(|v| *v < 0.0 && !signed) {
            row.fail(
                column,
                format!("is negative ({v}); a count cannot be below zero"),
            );
            ok = false;
        }
    }
    let ordered = [
        (l, f.low, b, f.best),
        (b, f.best, h, f.high),
        (l, f.low, h, f.high),
    ];
    for (a_name, a, b_name, b) in ordered {
        if let (Some(a), Some(b)) = (a, b) {
            if a > b && ok {
                row.fail(
                    b_name,
                    format!("{b} is below {a_name} ({a}); expected {a_name} ≤ {b_name}"),
                );
                ok = false;
            }
        }
    }
    ok
}

/// A controlled vocabulary: ids with their names and aliases, for checking
/// references and suggesting the right id for a near miss.
#[derive(Debug, Default, Clone)]
pub struct Vocabulary {
    pub what: &'static str,
    pub file: &'static str,
    terms: BTreeMap<String, Term>,
    /// The ids of `terms`, hashed: a million rows look up four ids each,
    /// and a hash costs less than the string compares of a tree search.
    ids: rustc_hash::FxHashSet<String>,
}

impl Vocabulary {
    pub fn new(what: &'static str, file: &'static str, terms: Vec<Term>) -> Vocabulary {
        Vocabulary {
            what,
            file,
            ids: terms.iter().map(|t| t.id.clone()).collect(),
            terms: terms.into_iter().map(|t| (t.id.clone(), t)).collect(),
        }
    }

    pub fn contains(&self, id: &str) -> bool {
        self.ids.contains(id)
    }

    /// The terms, by id.
    pub fn terms(&self) -> &BTreeMap<String, Term> {
        &self.terms
    }

    /// The id an outside name stands for: an id, a name or an alias,
    /// compared without regard to case. Used by importers.
    pub fn resolve(&self, name: &str) -> Option<&str> {
        let wanted = name.trim().to_lowercase();
        self.terms.values().find_map(|t| {
            let hit = t.id == wanted
                || t.name.to_lowercase() == wanted
                || t.aliases.iter().any(|a| a.to_lowercase() == wanted);
            hit.then_some(t.id.as_str())
        })
    }

    /// The message for an unknown reference, with the likeliest id. No id is
    /// guessed for a value longer than [`SUGGEST`] bytes: no name is that
    /// long, and comparing a huge value with every name would take minutes.
    pub fn unknown(&self, found: &str) -> String {
        let hint = match found.len() {
            0..=SUGGEST => self.hint(found),
            _ => String::new(),
        };
        let (what, file) = (self.what, self.file);
        format!(
            "unknown {what} {}{hint} (the ids are listed in {file})",
            echo(found)
        )
    }

    fn hint(&self, found: &str) -> String {
        if let Some(id) = self.resolve(found) {
            format!("; it is a name of `{id}`: data files use the id `{id}`")
        } else if let Some(id) = self.nearest(found) {
            format!("; did you mean `{id}`?")
        } else {
            String::new()
        }
    }

    /// The id whose id, name or alias is most like `found` (Jaro-Winkler,
    /// without case), when it is alike enough (0.8) to suggest.
    pub fn nearest(&self, found: &str) -> Option<&str> {
        let found = found.to_lowercase();
        let score = |t: &Term| {
            std::iter::once(&t.id)
                .chain(std::iter::once(&t.name))
                .chain(&t.aliases)
                .map(|n| strsim::jaro_winkler(&n.to_lowercase(), &found))
                .fold(0.0, f64::max)
        };
        let best = self
            .terms
            .values()
            .map(|t| (score(t), t.id.as_str()))
            .max_by(|a, b| a.0.total_cmp(&b.0))?;
        (best.0 >= 0.8).then_some(best.1)
    }
}

/// Longest value, in bytes, for which a likely id is suggested.
const SUGGEST: usize = 100;

/// The ids a file lists in its id column, whether or not their rows were
/// valid (the `seen` map [`unique_id`] fills), and whether every row of the
/// file could be read to find them.
#[derive(Debug, Default, Clone)]
pub struct Listed {
    ids: Seen,
    complete: bool,
}

impl Listed {
    pub fn new(ids: Seen, complete: bool) -> Listed {
        Listed { ids, complete }
    }

    /// The ids of the file's valid rows.
    pub fn ids(&self) -> &Seen {
        &self.ids
    }

    /// Whether every row of the file was read.
    pub fn is_complete(&self) -> bool {
        self.complete
    }

    /// Whether an id that no valid row has is unknown: the file was read
    /// whole and does not list it.
    pub fn lacks(&self, id: &str) -> bool {
        self.complete && self.ids.get(id).is_none()
    }

    /// The position of the record with this id among the file's records,
    /// if its row was kept. A refused row's position is that of the next
    /// kept record, so callers check the id of what they find there.
    pub fn record(&self, id: &str) -> Option<usize> {
        self.ids.get(id).map(|first| first.record)
    }
}

/// Looks up the id in column `name` with `get`. An id that is not found is
/// reported, with `unknown(id)`, only when its own file [`Listed::lacks`]
/// it: a row refused for another reason, or a file that could not be read,
/// is reported once, in its own file, rather than again at every reference.
pub fn lookup<T>(
    row: &mut Row,
    name: &'static str,
    listed: &Listed,
    get: impl FnOnce(&str) -> Option<T>,
    unknown: impl FnOnce(&str) -> String,
) -> Option<T> {
    let id = required(row, name)?;
    let found = get(id);
    if found.is_none() && listed.lacks(id) {
        row.fail(name, unknown(id));
    }
    found
}

/// A field holding an id of `vocabulary`, whose file lists `listed`;
/// returned as a `String` or a [`Text`].
pub fn reference<T: for<'t> From<&'t str>>(
    row: &mut Row,
    name: &'static str,
    vocabulary: &Vocabulary,
    listed: &Listed,
) -> Option<T> {
    let get = |id: &str| vocabulary.contains(id).then(|| T::from(id));
    lookup(row, name, listed, get, |id| vocabulary.unknown(id))
}

/// A field holding a source id; returns the source.
pub fn source<'s>(
    row: &mut Row,
    name: &'static str,
    sources: &HashMap<&str, &'s Source>,
    listed: &Listed,
) -> Option<&'s Source> {
    let unknown = |id: &str| {
        format!(
            "unknown source {}; expected an id from the id column of sources.csv",
            echo(id)
        )
    };
    lookup(row, name, listed, |id| sources.get(id).copied(), unknown)
}

/// Checks that `date` (from column `name`) is not later than its source's
/// publication: a source cannot report what had not happened yet.
pub fn not_after_source(row: &mut Row, name: &'static str, date: PartialDate, source: &Source) {
    if let Some(message) = after_source(date, source) {
        row.fail(name, message);
    }
}

/// Why `date` cannot be reported by `source`, if it is after its publication.
pub fn after_source(date: PartialDate, source: &Source) -> Option<String> {
    (date.start() > source.published.end()).then(|| {
        format!(
            "{date} is after the publication of its source `{}` ({}); a source cannot report a later date",
            source.id, source.published
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_that_do_not_parse_get_a_hint_when_one_can_be_given() {
        let hint = |t: &str| date_hint(t).unwrap_or_default();
        assert_eq!(hint("2023-02-30"), "2023-02 has days 01 to 28, not 30");
        assert_eq!(hint("2024-02-30"), "2024-02 has days 01 to 29, not 30");
        assert_eq!(
            hint("2023-13-01"),
            "there is no month 13; months run from 01 to 12"
        );
        assert_eq!(hint("2023-7-3"), "write it as 2023-07-03");
        assert_eq!(hint("2023/07/30"), "write it as 2023-07-30");
        assert_eq!(hint("30/07/2023"), "write it as 2023-07-30");
        assert_eq!(hint("07/30/2023"), "write it as 2023-07-30");
        assert_eq!(
            hint("04.05.2017"),
            "write it as 2017-05-04 if the day comes first, or 2017-04-05 if the month does"
        );
        assert_eq!(hint("August 2023"), "write it as 2023-08");
        assert_eq!(hint("24th May 2017"), "write it as 2017-05-24");
        assert_eq!(hint("Sept. 3, 2019"), "write it as 2019-09-03");
        for nothing in [
            "",
            "soon",
            "31/31/2023",
            "2023-02-30-01",
            "May",
            &"9".repeat(10_000),
        ] {
            assert_eq!(date_hint(nothing), None, "{nothing}");
        }
    }

    #[test]
    fn numbers_written_with_a_qualifier_name_it() {
        assert_eq!(qualified_number("~60"), Some(("60", "about")));
        assert_eq!(qualified_number("At least 5"), Some(("5", "at_least")));
        assert_eq!(qualified_number(">= 5"), Some(("5", "at_least")));
        assert_eq!(qualified_number(">30"), Some(("30", "more_than")));
        assert_eq!(qualified_number("200+"), Some(("200", "at_least")));
        assert_eq!(qualified_number("ça 5"), None);
        assert_eq!(qualified_number("~sixty"), None);
    }

    #[test]
    fn long_listings_are_cut() {
        let few: Vec<String> = ["a", "b"].map(String::from).to_vec();
        assert_eq!(listing(few.iter()), "a, b");
        let many: Vec<String> = (0..100).map(|i| format!("t{i:03}")).collect();
        let text = listing(many.iter());
        assert!(text.starts_with("t000, t001,"), "{text}");
        assert!(text.ends_with("t019, … (100 in all)"), "{text}");
    }

    #[test]
    fn an_id_is_a_duplicate_whether_it_came_in_order_or_not() {
        let mut seen = Seen::default();
        let at = |line| FirstUse { line, record: line };
        for (line, id) in [(2, "b"), (3, "d"), (4, "a"), (5, "f"), (6, "c")] {
            assert!(seen.first_use(id, at(line)).is_none(), "{id} is new");
        }
        for (id, first) in [("b", 2), ("d", 3), ("a", 4), ("f", 5), ("c", 6)] {
            assert_eq!(
                seen.first_use(id, at(9)).map(|f| f.line),
                Some(first),
                "{id}"
            );
            assert_eq!(
                seen.get(id).map(|f| f.record),
                Some(first),
                "{id} kept its first use"
            );
        }
        assert!(seen.get("e").is_none());
    }

    #[test]
    fn only_ids_a_whole_file_lacks_are_unknown() {
        let mut ids = Seen::default();
        ids.first_use("refused", FirstUse { line: 3, record: 0 });
        let read = Listed::new(ids.clone(), true);
        assert!(read.lacks("typo"));
        assert!(!read.lacks("refused"));
        assert!(!Listed::new(ids, false).lacks("typo"));
    }
}
