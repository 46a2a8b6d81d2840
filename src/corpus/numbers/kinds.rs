//! Numbers that are not figures: dates and years, times, ages, issue and
//! page numbers, telephone numbers, distances, and digits that are part of
//! a name (`Covid-19`, `F-16`). Each is recognised from the words around
//! it; what is left is a figure.

use super::quantity::{Quantity, Written};
use super::tokens::Kind;
use super::words::{self, listed};
use super::{DateParts, Finder, NotFigure};

/// Years sources write about (a plain four-digit number in this span, not
/// followed by what it counts, is a year).
const YEARS: std::ops::RangeInclusive<f64> = 1800.0..=2100.0;

impl Finder<'_> {
    /// A date written in digits at token `i`: `2017-05-12`, `12/05/2017`,
    /// `12.05.2017`. Returns it and the token after it.
    pub(super) fn numeric_date(&self, i: usize) -> Option<(NotFigure, usize, usize)> {
        let token = self.token(i).filter(|t| t.kind == Kind::Digits)?;
        if token.text.matches('.').count() == 2 {
            return Some((NotFigure::Date(DateParts::default()), i, i + 1));
        }
        let run = |sep: &str| {
            (0..4).all(|k| self.token(i + k + 1).is_some() && self.adjacent(i + k, i + k + 1))
                && self.tokens[i + 1].is_symbol(sep)
                && self.tokens[i + 3].is_symbol(sep)
                && self.tokens[i + 2].kind == Kind::Digits
                && self.tokens[i + 4].kind == Kind::Digits
        };
        let lengths = |k: usize| self.tokens[i + k].text.len();
        if run("-") && (lengths(0), lengths(2), lengths(4)) == (4, 2, 2) {
            let number = |k: usize| self.tokens[i + k].text.parse().ok();
            let parts = DateParts {
                year: number(0),
                month: number(2).map(|m: i32| m as u32),
                day: number(4).map(|d: i32| d as u32),
            };
            return Some((NotFigure::Date(parts), i, i + 5));
        }
        if run("/") && lengths(0) <= 2 && lengths(2) <= 2 {
            let year = self.tokens[i + 4]
                .text
                .parse()
                .ok()
                .filter(|_| lengths(4) == 4);
            let parts = DateParts {
                year,
                ..DateParts::default()
            };
            return Some((NotFigure::Date(parts), i, i + 5));
        }
        None
    }

    /// A day or year next to a month name: `12 May`, `24th May 2017`,
    /// `March 4`, `Aug 20 2023`, `August 2021`. Returns the date, its first
    /// token and the token after it.
    pub(super) fn calendar_date(&self, i: usize) -> Option<(NotFigure, usize, usize)> {
        let token = self.token(i).filter(|t| t.kind == Kind::Digits)?;
        let value: u32 = token.text.parse().ok()?;
        let ordinal = self
            .token(i + 1)
            .is_some_and(|t| listed(&["st", "nd", "rd", "th"], t.text))
            && self.adjacent(i, i + 1);
        let after_number = i + 1 + usize::from(ordinal);
        let is_day = (1..=31).contains(&value) && token.text.len() <= 2;
        let is_year = token.text.len() == 4 && YEARS.contains(&f64::from(value));
        if is_day {
            if let Some(month) = self.month_after(after_number) {
                let (year, end) = self.year_after(month.1);
                let parts = DateParts::day(year, month.0, value);
                return Some((NotFigure::Date(parts), i, end));
            }
        }
        let (month, first) = self.month_before(i)?;
        let parts = match (is_day, is_year) {
            (true, _) => {
                let (year, end) = self.year_after(after_number);
                return Some((
                    NotFigure::Date(DateParts::day(year, month, value)),
                    first,
                    end,
                ));
            }
            (false, true) => DateParts {
                year: Some(value as i32),
                month: Some(month),
                day: None,
            },
            (false, false) => return None,
        };
        Some((NotFigure::Date(parts), first, i + 1))
    }

    /// The month named at token `at` (after an optional "of"), and the token after it.
    fn month_after(&self, at: usize) -> Option<(u32, usize)> {
        let at = at + usize::from(self.word_is(at, "of"));
        let month = words::month(self.token(at).filter(|t| t.kind == Kind::Word)?.text)?;
        let dot = self.token(at + 1).is_some_and(|t| t.is_symbol(".")) && self.adjacent(at, at + 1);
        Some((
            month,
            at + 1 + usize::from(dot && self.tokens[at].text.len() <= 4),
        ))
    }

    /// The month named just before token `i` (`Aug.` too), and its token.
    fn month_before(&self, i: usize) -> Option<(u32, usize)> {
        let before = i.checked_sub(1)?;
        let at = match self.tokens[before].is_symbol(".") {
            true => before.checked_sub(1)?,
            false => before,
        };
        let month = words::month(self.token(at).filter(|t| t.kind == Kind::Word)?.text)?;
        Some((month, at))
    }

    /// A year at token `at` (after an optional comma), and the token after it.
    fn year_after(&self, at: usize) -> (Option<i32>, usize) {
        let at_year = at + usize::from(self.token(at).is_some_and(|t| t.is_symbol(",")));
        let year = self
            .token(at_year)
            .filter(|t| t.kind == Kind::Digits && t.text.len() == 4)
            .and_then(|t| t.text.parse::<i32>().ok())
            .filter(|y| YEARS.contains(&f64::from(*y)));
        match year {
            Some(year) => (Some(year), at_year + 1),
            None => (None, at),
        }
    }

    /// A telephone number starting at token `i`: `+92 51 1234567`,
    /// `051-1234567`, or digits after "tel" or "phone".
    pub(super) fn phone(&self, i: usize) -> Option<(NotFigure, usize, usize)> {
        let token = self.token(i).filter(|t| t.kind == Kind::Digits)?;
        let plus = i
            .checked_sub(1)
            .filter(|&k| self.tokens[k].is_symbol("+") && self.adjacent(k, i));
        let (digits, end) = self.digit_groups(i);
        let dialled = token.text.starts_with('0') && token.text.len() >= 3 && end > i + 1;
        let named = self.named_phone(i);
        let is_phone = match (plus, dialled, named) {
            (Some(_), _, _) => digits >= 8,
            (None, true, _) => digits >= 7,
            (None, false, true) => digits >= 6,
            _ => false,
        };
        is_phone.then(|| (NotFigure::Phone, plus.unwrap_or(i), end))
    }

    /// How many digits the groups from token `i` hold (groups of digits
    /// separated by a space, `-` or brackets), and the token after them.
    fn digit_groups(&self, i: usize) -> (usize, usize) {
        let (mut digits, mut end) = (0, i);
        while let Some(t) = self.token(end) {
            let close = end == i || self.tokens[end].start - self.tokens[end - 1].end <= 1;
            let part = t.kind == Kind::Digits && !t.text.contains([',', '.']);
            if !close || !(part || t.is_symbol("-()")) {
                break;
            }
            digits += t.text.len() * usize::from(part);
            end += 1;
        }
        while end > i + 1 && self.tokens[end - 1].kind == Kind::Symbol {
            end -= 1;
        }
        (digits, end)
    }

    /// Whether a word such as "tel" or "phone" comes just before token `i`.
    fn named_phone(&self, i: usize) -> bool {
        let mut k = i;
        while k > 0 && self.tokens[k - 1].is_symbol(":.") {
            k -= 1;
        }
        k > 0 && listed(&words::PHONE, self.tokens[k - 1].text)
    }

    /// Why the quantity `q` (up to token `end`, possibly a range ending in
    /// `second`) is not a figure, and the token after what it covers.
    pub(super) fn not_a_figure(
        &self,
        q: &Quantity,
        second: Option<&Quantity>,
        end: usize,
        qualified: bool,
    ) -> Option<(NotFigure, usize)> {
        if let Some(end) = self.time(q) {
            return Some((NotFigure::Time, end));
        }
        if let Some(end) = self.age(q, end) {
            return Some((NotFigure::Age, end));
        }
        if self.reference(q.first) {
            return Some((NotFigure::Reference, end));
        }
        if self
            .token(end)
            .is_some_and(|t| listed(&words::DISTANCE, t.text))
        {
            return Some((NotFigure::Distance, end + 1));
        }
        let second_is_year = second.is_none_or(|s| self.is_year(s));
        if !qualified && self.is_year(q) && second_is_year && !self.counts_something(end) {
            return Some((NotFigure::Year(q.value as i32), self.fiscal_year(end)));
        }
        self.part_of_a_name(q, end)
            .then_some((NotFigure::Name, end))
    }

    fn is_year(&self, q: &Quantity) -> bool {
        let digits = self.tokens[q.first].text.len() == 4;
        q.written == (Written::Digits { plain: true }) && digits && YEARS.contains(&q.value)
    }

    /// Whether the word at `at` names what a number counts ("1500 people").
    fn counts_something(&self, at: usize) -> bool {
        self.token(at)
            .is_some_and(|t| listed(&words::COUNTED, t.text))
    }

    /// The token after `2017-18` when a year at `end - 1` is followed by `-18`.
    fn fiscal_year(&self, end: usize) -> usize {
        let dash =
            self.token(end).is_some_and(|t| t.is_symbol("-/")) && self.adjacent(end - 1, end);
        let short = self
            .token(end + 1)
            .is_some_and(|t| t.kind == Kind::Digits && t.text.len() == 2);
        match dash && short && self.adjacent(end, end + 1) {
            true => end + 2,
            false => end,
        }
    }

    /// `10:30`, `10 am`, `3 p.m.`: the token after the time.
    fn time(&self, q: &Quantity) -> Option<usize> {
        let at = q.first + 1;
        let clock = self.token(at).is_some_and(|t| t.is_symbol(":"))
            && self.token(at + 1).is_some_and(|t| t.kind == Kind::Digits)
            && self.adjacent(q.first, at)
            && self.adjacent(at, at + 1);
        if clock {
            return Some(at + 2);
        }
        let meridiem = ["am", "pm", "GMT", "PKT", "hrs"]
            .iter()
            .any(|w| self.word_is(at, w));
        let dotted = self.word_is(at, "a") || self.word_is(at, "p");
        let dotted = dotted && self.token(at + 1).is_some_and(|t| t.is_symbol("."));
        let dotted = dotted && self.word_is(at + 2, "m");
        match (meridiem, dotted) {
            (true, _) => Some(at + 1),
            (_, true) => Some(at + 3),
            _ => None,
        }
    }

    /// `aged 25`, `25-year-old`, `25 years old`: the token after the age.
    fn age(&self, q: &Quantity, end: usize) -> Option<usize> {
        let aged = q
            .first
            .checked_sub(1)
            .is_some_and(|k| listed(&["aged", "age", "ages"], self.tokens[k].text));
        if aged {
            return Some(end);
        }
        let hyphenated = self.token(end).is_some_and(|t| t.is_symbol("-"))
            && self.word_is(end + 1, "year")
            && self.token(end + 2).is_some_and(|t| t.is_symbol("-"))
            && self.word_is(end + 3, "old");
        let spaced = (self.word_is(end, "years") || self.word_is(end, "year"))
            && self.word_is(end + 1, "old");
        match (hyphenated, spaced) {
            (true, _) => Some(end + 4),
            (_, true) => Some(end + 2),
            _ => None,
        }
    }

    /// Whether the number at token `first` follows "issue", "vol.", "No.",
    /// "page" or `#` (`VOLUME 18 ISSUE # 39`).
    fn reference(&self, first: usize) -> bool {
        let Some(mut k) = first.checked_sub(1) else {
            return false;
        };
        if self.tokens[k].is_symbol("#") {
            return true;
        }
        if self.tokens[k].is_symbol(".") {
            let Some(before) = k.checked_sub(1) else {
                return false;
            };
            k = before;
        }
        let word = &self.tokens[k];
        let lower = word.lower();
        word.kind == Kind::Word
            && (listed(&words::REFERENCE, word.text)
                || lower.ends_with("volume")
                || lower.ends_with("issue"))
    }

    /// Digits glued to letters: `Covid-19`, `F-16`, `MH17`, `4G` (the
    /// number's units, as in `131pc`, end at `end`).
    fn part_of_a_name(&self, q: &Quantity, end: usize) -> bool {
        let first = q.first;
        if !matches!(q.written, Written::Digits { .. }) {
            return false;
        }
        let glued_to_word = |k: usize| self.tokens[k].kind == Kind::Word && self.adjacent(k, k + 1);
        let before = match first.checked_sub(1) {
            Some(k) if glued_to_word(k) => true,
            Some(k) if self.tokens[k].is_symbol("-") && self.adjacent(k, first) => {
                k.checked_sub(1).is_some_and(glued_to_word)
            }
            _ => false,
        };
        let after = self
            .token(first + 1)
            .is_some_and(|t| t.kind == Kind::Word && self.adjacent(first, first + 1))
            && end == first + 1;
        before || after
    }
}

impl DateParts {
    fn day(year: Option<i32>, month: u32, day: u32) -> DateParts {
        DateParts {
            year,
            month: Some(month),
            day: Some(day),
        }
    }
}
