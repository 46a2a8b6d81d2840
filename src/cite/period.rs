//! The date or period a figure is about, from the dates near it in its
//! sentence: written out (`on 12 May`, `in 2017`, `August 2021`) or
//! relative to the article's publication (`last year`, `this year`, `last
//! month`, `since August last year`). A day or month without a year is
//! taken in the year of publication, or the year before when that would
//! fall after it.

use std::ops::Range;

use chrono::{Datelike, NaiveDate};

use super::guess::Guess;
use crate::corpus::numbers::tokens::{tokens, Kind};
use crate::corpus::numbers::{words, DateParts, Mention, NotFigure, Reading};
use crate::date::PartialDate;

/// A period: its first and last date as data rows write them.
pub type Period = (PartialDate, PartialDate);

/// A date or period written somewhere in a sentence.
struct Dated {
    range: Range<usize>,
    period: Period,
    words: String,
}

/// The period nearest `number` in `text[sentence]`, given the dates the
/// number finder found (`mentions`) and the publication date.
pub fn period(
    text: &str,
    sentence: Range<usize>,
    number: Range<usize>,
    mentions: &[Mention],
    published: PartialDate,
) -> Option<Guess<Period>> {
    let mut dated: Vec<Dated> = mentions
        .iter()
        .filter(|m| sentence.start <= m.number.start && m.number.end <= sentence.end)
        .filter_map(|m| written(text, m, published))
        .collect();
    dated.extend(relative(text, sentence.clone(), published));
    let distance = |d: &Dated| match d.range.end <= number.start {
        true => number.start - d.range.end,
        false => d.range.start.saturating_sub(number.end),
    };
    let nearest = dated.into_iter().min_by_key(distance)?;
    let since = text[sentence.start..nearest.range.start]
        .trim_end()
        .to_lowercase()
        .ends_with("since");
    let (period, words) = match since {
        true => (
            (nearest.period.0, published),
            format!("since {}", nearest.words),
        ),
        false => (nearest.period, nearest.words),
    };
    Some(Guess {
        value: period,
        from: format!("from \"{words}\""),
    })
}

/// A date the number finder read, as a period.
fn written(text: &str, mention: &Mention, published: PartialDate) -> Option<Dated> {
    let parts = match mention.reading {
        Reading::NotFigure(NotFigure::Date(parts)) => parts,
        Reading::NotFigure(NotFigure::Year(year)) => DateParts {
            year: Some(year),
            ..DateParts::default()
        },
        _ => return None,
    };
    let date = partial(parts, published)?;
    Some(Dated {
        range: mention.number.clone(),
        period: (date, date),
        words: text[mention.number.clone()].to_string(),
    })
}

/// The date the parts give, a missing year read from the publication.
fn partial(parts: DateParts, published: PartialDate) -> Option<PartialDate> {
    let year = parts.year.unwrap_or_else(|| {
        let month = parts.month.unwrap_or(1);
        let day = parts.day.unwrap_or(1);
        let this_year = NaiveDate::from_ymd_opt(published.year(), month, day);
        match this_year.is_some_and(|d| d > published.end()) {
            true => published.year() - 1,
            false => published.year(),
        }
    });
    let text = match (parts.month, parts.day) {
        (Some(m), Some(d)) => format!("{year:04}-{m:02}-{d:02}"),
        (Some(m), None) => format!("{year:04}-{m:02}"),
        _ => format!("{year:04}"),
    };
    PartialDate::parse(&text)
}

/// `last year`, `this year`, `last month`, `this month`, and a month
/// named alone (`since August`), as periods.
fn relative(text: &str, sentence: Range<usize>, published: PartialDate) -> Vec<Dated> {
    let base = sentence.start;
    let all = tokens(&text[sentence]);
    let mut found = Vec::new();
    for (i, t) in all.iter().enumerate() {
        let next = all.get(i + 1).filter(|n| n.kind == Kind::Word);
        let period = match (t.lower().as_str(), next.map(|n| n.lower())) {
            ("last", Some(n)) if n == "year" => year(published.year() - 1),
            ("this", Some(n)) if n == "year" => year_to_date(published),
            ("last", Some(n)) if n == "month" => month(published, 1),
            ("this", Some(n)) if n == "month" => month(published, 0),
            _ => None,
        };
        if let (Some(period), Some(next)) = (period, next) {
            let range = base + t.start..base + next.end;
            found.push(Dated {
                range,
                period,
                words: format!("{} {}", t.text, next.text),
            });
            continue;
        }
        if let Some(dated) = month_alone(&all, i, published, base) {
            found.push(dated);
        }
    }
    found
}

/// A month named without a day or year (`since August`, `in October`),
/// with "last year" after it read as the year before publication.
fn month_alone(
    all: &[crate::corpus::numbers::tokens::Token],
    i: usize,
    published: PartialDate,
    base: usize,
) -> Option<Dated> {
    let t = all[i];
    let m = words::month(t.text).filter(|_| t.text.len() > 3 || t.text == "May")?;
    let beside_number = |k: Option<&crate::corpus::numbers::tokens::Token>| {
        k.is_some_and(|k| k.kind == Kind::Digits)
    };
    if beside_number(all.get(i + 1)) || beside_number(i.checked_sub(1).and_then(|k| all.get(k))) {
        return None;
    }
    let last_year = all.get(i + 1).is_some_and(|n| n.is_word("last"))
        && all.get(i + 2).is_some_and(|n| n.is_word("year"));
    let parts = DateParts {
        year: last_year.then(|| published.year() - 1),
        month: Some(m),
        day: None,
    };
    let date = partial(parts, published)?;
    let end = if last_year { all[i + 2].end } else { t.end };
    Some(Dated {
        range: base + t.start..base + end,
        period: (date, date),
        words: text_of(all, i, if last_year { i + 3 } else { i + 1 }),
    })
}

fn text_of(all: &[crate::corpus::numbers::tokens::Token], from: usize, to: usize) -> String {
    all[from..to]
        .iter()
        .map(|t| t.text)
        .collect::<Vec<_>>()
        .join(" ")
}

fn year(year: i32) -> Option<Period> {
    let y = PartialDate::parse(&format!("{year:04}"))?;
    Some((y, y))
}

/// From the first of January of the publication's year to the publication.
fn year_to_date(published: PartialDate) -> Option<Period> {
    let start = PartialDate::parse(&format!("{:04}-01-01", published.year()))?;
    Some((start, published))
}

/// The month `back` months before the publication's.
fn month(published: PartialDate, back: u32) -> Option<Period> {
    let first = published.start().with_day(1)?;
    let date = first.checked_sub_months(chrono::Months::new(back))?;
    let m = PartialDate::parse(&date.format("%Y-%m").to_string())?;
    Some((m, m))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::numbers::find;

    fn period_of(sentence: &str, number: &str, published: &str) -> Option<(String, String)> {
        let at = sentence.find(number).unwrap();
        let mentions = find(sentence);
        let published = PartialDate::parse(published).unwrap();
        let g = period(
            sentence,
            0..sentence.len(),
            at..at + number.len(),
            &mentions,
            published,
        )?;
        Some((format!("{}/{}", g.value.0, g.value.1), g.from))
    }

    #[test]
    fn dates_near_the_number_give_its_period() {
        let p = |s, n, d| period_of(s, n, d).map(|(p, _)| p);
        assert_eq!(
            p("killed 30 people on 12 May.", "30", "2017-05-24").as_deref(),
            Some("2017-05-12/2017-05-12")
        );
        assert_eq!(
            p("On March 8, a bomb killed five", "five", "2022-03").as_deref(),
            Some("2022-03-08/2022-03-08")
        );
        assert_eq!(
            p("On December 30, a bomb killed five", "five", "2022-03").as_deref(),
            Some("2021-12-30/2021-12-30")
        );
        assert_eq!(
            p("257 attacks in Pakistan last year", "257", "2022-03").as_deref(),
            Some("2021/2021")
        );
        assert_eq!(
            p(
                "already carried out five attacks this year",
                "five",
                "2022-03"
            )
            .as_deref(),
            Some("2022-01-01/2022-03")
        );
        assert_eq!(
            p(
                "the tenth attack claimed since August last year",
                "tenth",
                "2017-05-24"
            )
            .as_deref(),
            Some("2016-08/2017-05-24")
        );
        assert_eq!(
            p("which killed 153 people in 2017.", "153", "2018-01").as_deref(),
            Some("2017/2017")
        );
        assert_eq!(p("no date at all for 12 people", "12", "2018-01"), None);
    }
}
