//! The period a count covers, as the rules and ids see it: a whole year,
//! quarter or month (which have a previous one to compare with), or any
//! other span of days.

use chrono::{Datelike, NaiveDate};

use crate::date::PartialDate;

/// A period from the first day of `start` to the last day of `end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

/// What kind of calendar period a [`Period`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Span {
    Year(i32),
    Quarter(i32, u32),
    Month(i32, u32),
    /// Any other run of days: it has no "previous" period.
    Days,
}

impl Period {
    /// The period from the first day `start` may stand for to the last day
    /// `end` may stand for (`2017` to `2017` is the whole year).
    pub fn of(start: PartialDate, end: PartialDate) -> Period {
        Period {
            start: start.start(),
            end: end.end(),
        }
    }

    pub fn span(&self) -> Span {
        let (s, e) = (self.start, self.end);
        let whole_months = s.day() == 1 && e.succ_opt().is_some_and(|d| d.day() == 1);
        match (whole_months, s.year() == e.year(), s.month(), e.month()) {
            (true, true, 1, 12) => Span::Year(s.year()),
            (true, true, a, b) if a == b => Span::Month(s.year(), a),
            (true, true, a, b) if a % 3 == 1 && b == a + 2 => Span::Quarter(s.year(), a / 3 + 1),
            _ => Span::Days,
        }
    }

    /// The period's part of a metric id: `2017`, `2018-q1`, `2018-05`, or
    /// `2016-08-01_2017-05-24` for any other span.
    pub fn key(&self) -> String {
        match self.span() {
            Span::Year(y) => y.to_string(),
            Span::Quarter(y, q) => format!("{y}-q{q}"),
            Span::Month(y, m) => format!("{y}-{m:02}"),
            Span::Days => format!("{}_{}", self.start, self.end),
        }
    }

    /// The period as `metrics.json` gives it: `2017`, `2018-Q1`, `2018-05`,
    /// or `2016-08-01/2017-05-24`.
    pub fn label(&self) -> String {
        match self.span() {
            Span::Quarter(y, q) => format!("{y}-Q{q}"),
            Span::Days => format!("{}/{}", self.start, self.end),
            _ => self.key(),
        }
    }

    /// The period in words: "2017", "the first quarter of 2018", "May 2018",
    /// "1 January to 24 May 2017".
    pub fn words(&self) -> String {
        const QUARTERS: [&str; 4] = ["first", "second", "third", "fourth"];
        match self.span() {
            Span::Year(y) => y.to_string(),
            Span::Quarter(y, q) => format!("the {} quarter of {y}", QUARTERS[q as usize - 1]),
            Span::Month(..) => self.start.format("%B %Y").to_string(),
            Span::Days => day_range(self.start, self.end),
        }
    }

    /// Reads a period back from its [`key`](Self::key), or from a date
    /// written as sources give it (`2023-08`, `2023-07-30`).
    pub fn from_key(key: &str) -> Option<Period> {
        if let Some((start, end)) = key.split_once('_') {
            return Some(Period::of(
                PartialDate::parse(start)?,
                PartialDate::parse(end)?,
            ));
        }
        if let Some((year, quarter)) = key.split_once("-q") {
            let (year, quarter): (i32, u32) = (year.parse().ok()?, quarter.parse().ok()?);
            let start = ymd(year, quarter.checked_mul(3)?.checked_sub(2)?, 1)?;
            let next = Period { start, end: start }.quarter_end()?;
            return Some(Period { start, end: next });
        }
        let date = PartialDate::parse(key)?;
        Some(Period::of(date, date))
    }

    /// The last day of the quarter that starts on `self.start`.
    fn quarter_end(&self) -> Option<NaiveDate> {
        let (y, m) = (self.start.year(), self.start.month());
        match m + 3 {
            13 => ymd(y, 12, 31),
            next => ymd(y, next, 1)?.pred_opt(),
        }
    }

    /// The calendar period just before this one, of the same kind: 2016 for
    /// 2017, 2017-Q4 for 2018-Q1. `None` for a span of days.
    pub fn previous(&self) -> Option<Period> {
        let (start, end) = match self.span() {
            Span::Year(y) => (ymd(y - 1, 1, 1)?, ymd(y - 1, 12, 31)?),
            Span::Quarter(y, 1) => (ymd(y - 1, 10, 1)?, ymd(y - 1, 12, 31)?),
            Span::Quarter(y, q) => (ymd(y, q * 3 - 5, 1)?, ymd(y, q * 3 - 2, 1)?.pred_opt()?),
            Span::Month(y, 1) => (ymd(y - 1, 12, 1)?, ymd(y - 1, 12, 31)?),
            Span::Month(y, m) => (ymd(y, m - 1, 1)?, ymd(y, m, 1)?.pred_opt()?),
            Span::Days => return None,
        };
        Some(Period { start, end })
    }
}

fn ymd(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, month, day)
}

/// "1 January to 24 May 2017", "1 August 2016 to 24 May 2017".
fn day_range(start: NaiveDate, end: NaiveDate) -> String {
    let end_text = end.format("%-d %B %Y").to_string();
    if start == end {
        end_text
    } else if start.year() == end.year() {
        format!("{} to {end_text}", start.format("%-d %B"))
    } else {
        format!("{} to {end_text}", start.format("%-d %B %Y"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn period(start: &str, end: &str) -> Period {
        Period::of(
            PartialDate::parse(start).unwrap(),
            PartialDate::parse(end).unwrap(),
        )
    }

    #[test]
    fn whole_calendar_periods_are_recognised_however_they_are_written() {
        assert_eq!(period("2017", "2017").key(), "2017");
        assert_eq!(period("2017-01-01", "2017-12-31").key(), "2017");
        assert_eq!(period("2022-01-01", "2022-03").key(), "2022-q1");
        assert_eq!(period("2022-01-01", "2022-03").label(), "2022-Q1");
        assert_eq!(period("2018-05", "2018-05").key(), "2018-05");
        assert_eq!(
            period("2016-08", "2017-05-24").key(),
            "2016-08-01_2017-05-24"
        );
        assert_eq!(
            period("2016-08", "2017-05-24").label(),
            "2016-08-01/2017-05-24"
        );
    }

    #[test]
    fn the_previous_period_is_of_the_same_kind() {
        let previous = |s, e| period(s, e).previous().map(|p| p.key());
        assert_eq!(previous("2018", "2018"), Some("2017".into()));
        assert_eq!(previous("2018-01", "2018-03"), Some("2017-q4".into()));
        assert_eq!(previous("2018-07", "2018-09"), Some("2018-q2".into()));
        assert_eq!(previous("2018-03", "2018-03"), Some("2018-02".into()));
        assert_eq!(previous("2018-01", "2018-01"), Some("2017-12".into()));
        assert_eq!(previous("2017-01-01", "2017-05-24"), None);
    }

    #[test]
    fn keys_read_back_as_the_periods_they_name() {
        for (start, end) in [
            ("2017", "2017"),
            ("2018-04", "2018-06"),
            ("2018-10", "2018-12"),
            ("2018-05", "2018-05"),
            ("2016-08", "2017-05-24"),
        ] {
            let p = period(start, end);
            assert_eq!(Period::from_key(&p.key()), Some(p), "{}", p.key());
        }
        assert_eq!(
            Period::from_key("2023-07-30").map(|p| p.words()),
            Some("30 July 2023".into())
        );
        assert_eq!(
            Period::from_key("2023-08").map(|p| p.words()),
            Some("August 2023".into())
        );
        assert_eq!(Period::from_key("isk"), None);
    }

    #[test]
    fn periods_are_written_in_words() {
        assert_eq!(period("2017", "2017").words(), "2017");
        assert_eq!(
            period("2018-04", "2018-06").words(),
            "the second quarter of 2018"
        );
        assert_eq!(period("2018-05", "2018-05").words(), "May 2018");
        assert_eq!(
            period("2017-01-01", "2017-05-24").words(),
            "1 January to 24 May 2017"
        );
        assert_eq!(
            period("2016-08", "2017-05-24").words(),
            "1 August 2016 to 24 May 2017"
        );
    }
}
