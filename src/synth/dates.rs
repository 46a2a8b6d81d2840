//! Dates as synthetic records write them: a day, a month or a year, with
//! the first and last day each stands for (so that a record can cite a
//! source published on or after it).

use std::io::{self, Write};

use chrono::{Datelike, NaiveDate};

use super::rng::Rng;

/// A generated date: the days it stands for, and how much is written.
#[derive(Debug, Clone, Copy)]
pub struct Date {
    /// Days from the common era of the first day.
    pub start: i32,
    /// Days from the common era of the last day.
    pub end: i32,
    year: u16,
    month: u8,
    day: u8,
    precision: Precision,
}

/// How much of a date is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Precision {
    Year,
    Month,
    Day,
}

impl Date {
    /// `date` written to `precision`: the year or month it falls in, or the
    /// day itself.
    pub fn of(date: NaiveDate, precision: Precision) -> Date {
        let (year, month) = (date.year(), date.month());
        let first = match precision {
            Precision::Year => ymd(year, 1, 1),
            Precision::Month => ymd(year, month, 1),
            Precision::Day => date,
        };
        let last = match precision {
            Precision::Year => ymd(year, 12, 31),
            Precision::Month if month == 12 => ymd(year, 12, 31),
            Precision::Month => ymd(year, month + 1, 1).pred_opt().unwrap_or(first),
            Precision::Day => date,
        };
        Date {
            start: first.num_days_from_ce(),
            end: last.num_days_from_ce(),
            year: year as u16,
            month: month as u8,
            day: date.day() as u8,
            precision,
        }
    }

    /// Writes the date as ISO 8601, as precise as it is.
    pub fn write(&self, w: &mut impl Write) -> io::Result<()> {
        match self.precision {
            Precision::Year => write!(w, "{:04}", self.year),
            Precision::Month => write!(w, "{:04}-{:02}", self.year, self.month),
            Precision::Day => write!(w, "{:04}-{:02}-{:02}", self.year, self.month, self.day),
        }
    }
}

/// The day `year`-`month`-`day` (a day of the calendar: years come from a
/// checked profile, months and days from the code).
pub fn ymd(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).expect("a calendar day")
}

/// The day numbered `days` from the common era.
pub fn day(days: i32) -> NaiveDate {
    NaiveDate::from_num_days_from_ce_opt(days).expect("a day of the calendar")
}

/// A uniformly drawn day of `year`.
pub fn day_in(rng: &mut Rng, year: i32) -> NaiveDate {
    let first = ymd(year, 1, 1).num_days_from_ce();
    let days = ymd(year, 12, 31).num_days_from_ce() - first + 1;
    day(first + rng.below(days as usize) as i32)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(date: Date) -> String {
        let mut out = Vec::new();
        date.write(&mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn a_date_stands_for_the_days_of_its_precision() {
        let d = ymd(2001, 12, 9);
        let month = Date::of(d, Precision::Month);
        assert_eq!(written(month), "2001-12");
        assert_eq!(month.end - month.start, 30);
        let year = Date::of(d, Precision::Year);
        assert_eq!((written(year), year.end - year.start), ("2001".into(), 364));
        let feb = Date::of(ymd(2004, 2, 10), Precision::Month);
        assert_eq!(feb.end - feb.start, 28);
        assert_eq!(written(Date::of(d, Precision::Day)), "2001-12-09");
    }
}
