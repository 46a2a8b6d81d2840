//! Calendar dates as sources give them: a day, a month or only a year.

use chrono::{Datelike, NaiveDate};
use serde::{Serialize, Serializer};
use std::fmt;

/// How much of a date a source gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Precision {
    Year,
    Month,
    Day,
}

/// A date known to a year, a month or a day, written `2017`, `2017-05` or
/// `2017-05-12` (ISO 8601). It stands for every day from [`start`](Self::start)
/// to [`end`](Self::end).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PartialDate {
    start: NaiveDate,
    precision: Precision,
}

impl PartialDate {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; `None` for anything else,
    /// including impossible days such as 2023-02-30.
    pub fn parse(text: &str) -> Option<PartialDate> {
        let parts: Vec<&str> = text.split('-').collect();
        let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        let num = |s: &str| s.parse::<u32>().ok();
        match parts.as_slice() {
            [y] if digits(y, 4) => Self::from_parts(num(y)? as i32, 1, 1, Precision::Year),
            [y, m] if digits(y, 4) && digits(m, 2) => {
                Self::from_parts(num(y)? as i32, num(m)?, 1, Precision::Month)
            }
            [y, m, d] if digits(y, 4) && digits(m, 2) && digits(d, 2) => {
                Self::from_parts(num(y)? as i32, num(m)?, num(d)?, Precision::Day)
            }
            _ => None,
        }
    }

    fn from_parts(year: i32, month: u32, day: u32, precision: Precision) -> Option<PartialDate> {
        let start = NaiveDate::from_ymd_opt(year, month, day)?;
        Some(PartialDate { start, precision })
    }

    /// A date known to the day.
    pub fn day(date: NaiveDate) -> PartialDate {
        PartialDate {
            start: date,
            precision: Precision::Day,
        }
    }

    pub fn precision(&self) -> Precision {
        self.precision
    }

    /// The first day the date may stand for.
    pub fn start(&self) -> NaiveDate {
        self.start
    }

    /// The last day the date may stand for (31 Dec for a year).
    pub fn end(&self) -> NaiveDate {
        match self.precision {
            Precision::Day => self.start,
            Precision::Month => {
                let next = if self.start.month() == 12 {
                    NaiveDate::from_ymd_opt(self.start.year() + 1, 1, 1)
                } else {
                    NaiveDate::from_ymd_opt(self.start.year(), self.start.month() + 1, 1)
                };
                next.and_then(|d| d.pred_opt()).unwrap_or(self.start)
            }
            Precision::Year => {
                NaiveDate::from_ymd_opt(self.start.year(), 12, 31).unwrap_or(self.start)
            }
        }
    }

    pub fn year(&self) -> i32 {
        self.start.year()
    }

    /// The first and last of `dates` as written (`2017` < `2017-01` <
    /// `2017-01-05` < `2017-02`), joined `first/last`; empty when there are none.
    pub fn span(dates: impl IntoIterator<Item = PartialDate>) -> String {
        let key = |d: &PartialDate| (d.start, d.precision);
        let mut dates = dates.into_iter();
        let Some(first) = dates.next() else {
            return "/".to_string();
        };
        let (low, high) = dates.fold((first, first), |(low, high), d| {
            let low = if key(&d) < key(&low) { d } else { low };
            let high = if key(&d) > key(&high) { d } else { high };
            (low, high)
        });
        format!("{low}/{high}")
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.precision {
            Precision::Year => write!(f, "{}", self.start.format("%Y")),
            Precision::Month => write!(f, "{}", self.start.format("%Y-%m")),
            Precision::Day => write!(f, "{}", self.start.format("%Y-%m-%d")),
        }
    }
}

impl Serialize for PartialDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_span_orders_dates_as_they_are_written() {
        let dates =
            ["2017-02", "2017-01-05", "2016", "2017"].map(|d| PartialDate::parse(d).unwrap());
        assert_eq!(PartialDate::span(dates), "2016/2017-02");
        let written: Vec<String> = dates.iter().map(|d| d.to_string()).collect();
        let (min, max) = (written.iter().min().unwrap(), written.iter().max().unwrap());
        assert_eq!(PartialDate::span(dates), format!("{min}/{max}"));
        assert_eq!(PartialDate::span([]), "/");
    }

    #[test]
    fn parses_three_precisions() {
        assert_eq!(
            PartialDate::parse("2017").unwrap().end().to_string(),
            "2017-12-31"
        );
        assert_eq!(
            PartialDate::parse("2024-02").unwrap().end().to_string(),
            "2024-02-29"
        );
        assert_eq!(
            PartialDate::parse("2023-12").unwrap().end().to_string(),
            "2023-12-31"
        );
        assert_eq!(
            PartialDate::parse("2023-07-30").unwrap().to_string(),
            "2023-07-30"
        );
    }

    #[test]
    fn refuses_impossible_and_foreign_dates() {
        for bad in [
            "2023-02-30",
            "30/07/2023",
            "2023-7-30",
            "",
            "2023-13",
            "July 2023",
            "+2023",
        ] {
            assert!(PartialDate::parse(bad).is_none(), "{bad}");
        }
    }
}
