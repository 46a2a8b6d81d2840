//! Reading the dates of outside datasets into [`PartialDate`]s.

use chrono::format::{parse, Item, Parsed, StrftimeItems};
use chrono::{Datelike, NaiveDate};

use crate::date::PartialDate;

/// A date format (chrono strftime pattern), checked once.
#[derive(Debug, Clone)]
pub(crate) struct DateFormat {
    pub pattern: String,
    items: Vec<Item<'static>>,
}

impl DateFormat {
    /// Checks a pattern; `Err` explains what is wrong with it.
    pub fn new(pattern: &str) -> Result<DateFormat, String> {
        let items = StrftimeItems::new(pattern)
            .parse_to_owned()
            .map_err(|_| format!("date format \"{pattern}\" is not a valid strftime pattern"))?;
        let names_a_year = items.iter().any(|item| {
            use chrono::format::{Fixed, Numeric};
            matches!(
                item,
                Item::Numeric(Numeric::Year | Numeric::YearMod100, _)
                    | Item::Fixed(Fixed::RFC2822 | Fixed::RFC3339)
            )
        });
        if !names_a_year {
            return Err(format!(
                "date format \"{pattern}\" has no year (%Y or %y); every date needs one"
            ));
        }
        Ok(DateFormat {
            pattern: pattern.to_string(),
            items,
        })
    }
}

/// A date read with one of `formats`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Read {
    pub date: PartialDate,
    /// The text names a weekday the date does not fall on.
    pub weekday_mismatch: bool,
}

/// Reads `text` with the first of `formats` that matches all of it. A format
/// without a day gives a month date, one without a month a year date. A
/// weekday in the text is read but not trusted: a wrong one is reported in
/// `weekday_mismatch` rather than refusing the date. With no formats, the
/// text must be `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
pub(crate) fn read_with(text: &str, formats: &[DateFormat]) -> Option<Read> {
    if formats.is_empty() {
        return PartialDate::parse(text).map(|date| Read {
            date,
            weekday_mismatch: false,
        });
    }
    formats.iter().find_map(|format| {
        let mut parsed = Parsed::new();
        parse(&mut parsed, text, format.items.iter()).ok()?;
        let date = match (parsed.year(), parsed.month(), parsed.day()) {
            (Some(y), Some(m), Some(d)) => PartialDate::day(NaiveDate::from_ymd_opt(y, m, d)?),
            (Some(y), Some(m), None) => month(y, m)?,
            (Some(y), None, None) => year(y)?,
            (None, _, _) => PartialDate::day(without_weekday(&parsed).to_naive_date().ok()?),
            _ => return None,
        };
        let weekday_mismatch = matches!(
            (parsed.weekday(), date.precision()),
            (Some(w), crate::date::Precision::Day) if w != date.start().weekday()
        );
        Some(Read {
            date,
            weekday_mismatch,
        })
    })
}

fn without_weekday(parsed: &Parsed) -> Parsed {
    let mut copy = Parsed::new();
    if let Some(y) = parsed.year_mod_100() {
        let _ = copy.set_year_mod_100(y.into());
    }
    if let Some(c) = parsed.year_div_100() {
        let _ = copy.set_year_div_100(c.into());
    }
    if let Some(m) = parsed.month() {
        let _ = copy.set_month(m.into());
    }
    if let Some(d) = parsed.day() {
        let _ = copy.set_day(d.into());
    }
    if let Some(o) = parsed.ordinal() {
        let _ = copy.set_ordinal(o.into());
    }
    copy
}

/// A month date, `None` for an impossible month.
pub(crate) fn month(year: i32, month: u32) -> Option<PartialDate> {
    if !(0..=9999).contains(&year) {
        return None;
    }
    PartialDate::parse(&format!("{year:04}-{month:02}"))
}

/// A year date.
pub(crate) fn year(year: i32) -> Option<PartialDate> {
    if !(0..=9999).contains(&year) {
        return None;
    }
    PartialDate::parse(&format!("{year:04}"))
}

/// A UCDP date: `2017-02-16`, `2017-02-16 00:00:00.000` or the US-style
/// `03/27/1990 00:00:00`.
pub(crate) fn ucdp(text: &str) -> Option<NaiveDate> {
    let head = text.split([' ', 'T']).next()?;
    let number = |s: &str| -> Option<u32> {
        (!s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let parts: Vec<&str> = head.split(['-', '/']).collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    let (y, m, d) = if head.contains('/') {
        (number(c)?, number(a)?, number(b)?)
    } else if a.len() == 4 {
        (number(a)?, number(b)?, number(c)?)
    } else {
        return None;
    };
    if !(1000..=9999).contains(&y) {
        return None;
    }
    NaiveDate::from_ymd_opt(y as i32, m, d)
}

/// The shortest partial date holding both days: the day itself, their month,
/// their year; for days in different years, the first day's year.
pub(crate) fn covering(start: NaiveDate, end: NaiveDate) -> PartialDate {
    if start == end {
        return PartialDate::day(start);
    }
    if start.year() == end.year() && start.month() == end.month() {
        if let Some(d) = month(start.year(), start.month()) {
            return d;
        }
    }
    year(start.year()).unwrap_or(PartialDate::day(start))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn formats(patterns: &[&str]) -> Vec<DateFormat> {
        patterns
            .iter()
            .map(|p| DateFormat::new(p).unwrap())
            .collect()
    }

    #[test]
    fn formats_are_tried_in_order_and_give_their_precision() {
        let f = formats(&["%A-%B %d-%Y", "%A-%B-%d-%Y", "%B %Y", "%Y"]);
        let read = |t: &str| read_with(t, &f).map(|r| (r.date.to_string(), r.weekday_mismatch));
        assert_eq!(
            read("Sunday-November 19-1995"),
            Some(("1995-11-19".into(), false))
        );
        assert_eq!(
            read("Saturday-November-25-2017"),
            Some(("2017-11-25".into(), false))
        );
        assert_eq!(
            read("Sunday-Aug 16-2015"),
            Some(("2015-08-16".into(), false))
        );
        assert_eq!(
            read("Saturday-Mar 07-2016"),
            Some(("2016-03-07".into(), true))
        );
        assert_eq!(read("March 2016"), Some(("2016-03".into(), false)));
        assert_eq!(read("2016"), Some(("2016".into(), false)));
        assert_eq!(read("Thursay-Aug 27-2015"), None);
        assert_eq!(read("Monday-February 30-2015"), None);
    }

    #[test]
    fn two_digit_years_and_iso_without_formats() {
        let f = formats(&["%d/%m/%y"]);
        assert_eq!(
            read_with("05/03/09", &f).unwrap().date.to_string(),
            "2009-03-05"
        );
        assert_eq!(
            read_with("2009-03", &[]).unwrap().date.to_string(),
            "2009-03"
        );
        assert!(DateFormat::new("%d %B").is_err());
        assert!(DateFormat::new("%Q-%Y").is_err());
    }

    #[test]
    fn ucdp_dates_in_both_spellings() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        assert_eq!(ucdp("2017-02-16"), day(2017, 2, 16));
        assert_eq!(ucdp("2017-02-16 00:00:00.000"), day(2017, 2, 16));
        assert_eq!(ucdp("03/27/1990 00:00:00"), day(1990, 3, 27));
        assert_eq!(ucdp("3/7/1990"), day(1990, 3, 7));
        assert_eq!(ucdp("27/03/1990"), None);
        assert_eq!(ucdp("16-02-2017"), None);
        assert_eq!(ucdp(""), None);
    }

    #[test]
    fn a_range_becomes_the_shortest_date_holding_it() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let c = |a, b| covering(a, b).to_string();
        assert_eq!(c(day(2010, 1, 3), day(2010, 1, 3)), "2010-01-03");
        assert_eq!(c(day(2010, 1, 3), day(2010, 1, 9)), "2010-01");
        assert_eq!(c(day(2010, 1, 30), day(2010, 2, 2)), "2010");
        assert_eq!(c(day(2010, 12, 30), day(2011, 1, 2)), "2010");
    }
}
