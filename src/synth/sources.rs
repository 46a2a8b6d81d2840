//! The pool of synthetic sources every record cites: publications spread
//! over the years of the record, and the choice of one published on or
//! shortly after a record's date (the loader refuses a record citing a
//! source published before it).

use std::io::{self, Write};
use std::path::Path;

use chrono::Datelike;

use super::dates::{day, ymd, Date, Precision};
use super::profile::Years;
use super::rng::Rng;
use super::write::Counted;
use crate::load::records;

/// Publishers of the synthetic sources, each as likely.
const PUBLISHERS: [&str; 8] = [
    "Synthetic Daily",
    "Synthetic Monitor",
    "Synthetic Wire Service",
    "Synthetic Security Review",
    "Synthetic Conflict Tracker",
    "Synthetic Radio",
    "Synthetic Policy Institute",
    "Synthetic Weekly",
];

/// How many sources after an event's date a record may cite: sources report
/// what happened shortly before they were published.
const SOURCE_WINDOW: usize = 12;

/// One source in every this many events, within [`FEWEST`]..=[`MOST`].
const EVENTS_PER_SOURCE: usize = 500;
const FEWEST: usize = 200;
const MOST: usize = 2000;

pub struct Source {
    pub id: String,
    published: Date,
}

/// The pool of synthetic sources, sorted by the last day of publication.
pub struct Sources {
    pub list: Vec<Source>,
    /// `list[i].published.end`, for binary search.
    ends: Vec<i32>,
    rows: Vec<String>,
}

impl Sources {
    /// One source per 500 events (200 to 2000), published over `years`; the
    /// last on the last day of the record, so that every date has a source
    /// published on or after it.
    pub fn generate(rng: &mut Rng, events: usize, years: &Years) -> Sources {
        let n = (events / EVENTS_PER_SOURCE).clamp(FEWEST, MOST);
        let dates = publication_dates(rng, n, years);
        let mut list = Vec::with_capacity(n);
        let mut rows = Vec::with_capacity(n);
        for (i, published) in dates.into_iter().enumerate() {
            let id = format!("src-{:04}", i + 1);
            rows.push(row(rng, &id, i + 1, &published));
            list.push(Source { id, published });
        }
        let ends = list.iter().map(|s| s.published.end).collect();
        Sources { list, ends, rows }
    }

    /// Writes sources.csv; returns the bytes written.
    pub fn write(&self, path: &Path) -> io::Result<u64> {
        let mut w = Counted::create(path)?;
        writeln!(w, "{}", records::Source::COLUMNS.join(","))?;
        for row in &self.rows {
            writeln!(w, "{row}")?;
        }
        w.finish()
    }

    /// The first source whose publication ends on or after day `start`.
    fn first_after(&self, start: i32) -> usize {
        self.ends.partition_point(|end| *end < start)
    }

    /// The sources a record dated from day `start` may cite: those published
    /// on or after it, the first [`SOURCE_WINDOW`] of them.
    fn window(&self, start: i32) -> (usize, usize) {
        let first = self.first_after(start).min(self.list.len() - 1);
        (first, (self.list.len() - first).min(SOURCE_WINDOW))
    }

    /// A source published on or after day `start`, soon after it.
    pub fn pick(&self, rng: &mut Rng, start: i32) -> &Source {
        let (first, window) = self.window(start);
        &self.list[first + rng.below(window)]
    }

    /// Up to `n` distinct sources published on or after day `start`.
    pub fn pick_distinct(&self, rng: &mut Rng, start: i32, n: usize, into: &mut Vec<usize>) {
        into.clear();
        let (first, window) = self.window(start);
        let n = n.min(window);
        while into.len() < n {
            let i = first + rng.below(window);
            if !into.contains(&i) {
                into.push(i);
            }
        }
    }
}

/// `n` publication dates over `years`, sorted by their last day; the last
/// is the last day of the record.
fn publication_dates(rng: &mut Rng, n: usize, years: &Years) -> Vec<Date> {
    let first = ymd(years.first, 1, 1).num_days_from_ce();
    let last = ymd(years.last(), 12, 31).num_days_from_ce();
    let mut dates: Vec<Date> = (0..n)
        .map(|i| {
            let days = match i + 1 == n {
                true => last,
                false => first + rng.below((last - first + 1) as usize) as i32,
            };
            let precision = match i + 1 < n && rng.chance(0.1) {
                true => Precision::Month,
                false => Precision::Day,
            };
            Date::of(day(days), precision)
        })
        .collect();
    dates.sort_by_key(|d| (d.end, d.start));
    dates
}

/// The sources.csv row of source `number`: one in seven cites an original
/// author (a second-hand source).
fn row(rng: &mut Rng, id: &str, number: usize, published: &Date) -> String {
    let publisher = PUBLISHERS[rng.below(PUBLISHERS.len())];
    let mut row = Vec::new();
    let _ = write!(row, "{id},Synthetic report {number},{publisher},");
    let _ = published.write(&mut row);
    let (author, note) = match rng.chance(0.15) {
        true => {
            let institute = 1 + rng.below(20);
            (
                format!("Synthetic Research Institute {institute}"),
                "Synthetic second-hand source.",
            )
        }
        false => (String::new(), "Synthetic source."),
    };
    let _ = write!(
        row,
        ",,https://example.org/synthetic/{number},{author},{note}"
    );
    String::from_utf8(row).expect("ASCII")
}
