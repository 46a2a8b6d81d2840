//! The number finder, shared by `sitrep cite` (which drafts a row for every
//! figure in an article) and `sitrep check --sources` (which wants every
//! number of a source text quoted by a record or listed as not a figure).
//!
//! It reads a normalised text (see [`super::text`]) as tokens and finds
//! each number however it is written — digits (`2,000`, `220 million`),
//! words (`six`, `twenty-five`, `two dozen`, `scores`, `hundreds of
//! thousands`, `half`, `the tenth`), percentages (`16%`, `60 percent`,
//! `131pc`), money (`$1 billion`) and ranges (`2,000-3,000`, `30,000 to
//! 40,000`, `between 600 and 800`) — with the words that qualify it
//! (`at least`, `more than`, `around`, `nearly`, `up to` …). Each
//! [`Mention`] is read either as a [`Figure`] (the qualifier and numbers a
//! data row would hold, as the source states them) or as a probable
//! [`NotFigure`]: a date, year, time, age, issue or page number, telephone
//! number, distance, or digits inside a name.

mod kinds;
mod quantity;
pub mod tokens;
pub mod words;

use std::ops::Range;

use crate::estimate::{Qualifier, StatedFigure};
use quantity::{Quantity, Written};
use tokens::{Kind, Token};
use words::{listed, Phrase};

/// What a figure counts, as far as its own words say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Count,
    Percent,
    /// An amount of money, with its ISO currency code.
    Money(&'static str),
}

/// A number read as a figure: what a data row would hold.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// The qualifier and numbers as a data row writes them (`at_least`
    /// with `low`, `about` with `best`, `range` with `low` and `high` …).
    pub stated: StatedFigure,
    pub unit: Unit,
    /// The qualifying words as the text has them ("at least", "around").
    pub wording: Option<String>,
    /// How the words were read, where reading them took a choice.
    pub note: Option<String>,
}

/// The parts of a date a text gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DateParts {
    pub year: Option<i32>,
    pub month: Option<u32>,
    pub day: Option<u32>,
}

/// Why a number is probably not a figure.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum NotFigure {
    Year(i32),
    Date(DateParts),
    Time,
    Age,
    /// An issue, volume, page or other reference number.
    Reference,
    Phone,
    Distance,
    /// Digits inside a name (`Covid-19`, `F-16`).
    Name,
}

impl NotFigure {
    /// The reason, as `not_figures.csv` writes one.
    pub fn reason(&self) -> &'static str {
        match self {
            NotFigure::Year(_) => "A year.",
            NotFigure::Date(_) => "A date.",
            NotFigure::Time => "A time of day.",
            NotFigure::Age => "An age.",
            NotFigure::Reference => "An issue, volume or page number.",
            NotFigure::Phone => "A telephone number.",
            NotFigure::Distance => "A distance.",
            NotFigure::Name => "Part of a name.",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Reading {
    Figure(Figure),
    NotFigure(NotFigure),
}

/// One number found in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    /// Where the number is written, with its unit and the second number of
    /// a range: `2,000-3,000`, `60 percent`, `$1 billion`.
    pub number: Range<usize>,
    /// The number with the words that qualify it: `around 2,000-3,000`.
    pub phrase: Range<usize>,
    pub reading: Reading,
}

impl Mention {
    pub fn figure(&self) -> Option<&Figure> {
        match &self.reading {
            Reading::Figure(figure) => Some(figure),
            Reading::NotFigure(_) => None,
        }
    }
}

/// Every number in `text` (a normalised text), in order, none overlapping.
pub fn find(text: &str) -> Vec<Mention> {
    Finder::new(text).all()
}

/// The tokens of one text, and the readers of numbers among them (here
/// and in the `quantity` and `kinds` modules).
pub(crate) struct Finder<'t> {
    tokens: Vec<Token<'t>>,
}

/// A qualifying phrase found before or after a number, and the token where
/// it starts (before) or ends (after).
type Found = (&'static Phrase, usize);

/// Where a number's tokens are, and what it counts.
struct Extent {
    /// The first token of the number (a currency sign included).
    first: usize,
    /// The token after its last (its unit included).
    end: usize,
    /// The second number of a range.
    second: Option<Quantity>,
    unit: Unit,
    /// Where qualifying words before it would end: before "between", or
    /// "the" of "at least the tenth".
    lead: usize,
}

impl<'t> Finder<'t> {
    fn new(text: &'t str) -> Finder<'t> {
        Finder {
            tokens: tokens::tokens(text),
        }
    }

    fn token(&self, i: usize) -> Option<&Token<'t>> {
        self.tokens.get(i)
    }

    /// Whether token `b` starts where token `a` ends.
    fn adjacent(&self, a: usize, b: usize) -> bool {
        self.tokens[a].end == self.tokens[b].start
    }

    fn word_is(&self, i: usize, word: &str) -> bool {
        self.token(i).is_some_and(|t| t.is_word(word))
    }

    /// The text range from token `first` to the end of token `end - 1`.
    fn span(&self, first: usize, end: usize) -> Range<usize> {
        self.tokens[first].start..self.tokens[end - 1].end
    }

    fn all(&self) -> Vec<Mention> {
        let (mut found, mut i) = (Vec::new(), 0);
        while i < self.tokens.len() {
            match self.at(i) {
                Some((mention, next)) => {
                    found.push(mention);
                    i = next.max(i + 1);
                }
                None => i += 1,
            }
        }
        found
    }

    /// The number starting at token `i`, and the token after it.
    fn at(&self, i: usize) -> Option<(Mention, usize)> {
        let dated = self
            .numeric_date(i)
            .or_else(|| self.phone(i))
            .or_else(|| self.calendar_date(i));
        match dated {
            Some((kind, first, end)) => Some((self.not_figure(kind, first, end), end)),
            None => self.quantity_mention(i),
        }
    }

    fn not_figure(&self, kind: NotFigure, first: usize, end: usize) -> Mention {
        let span = self.span(first, end);
        Mention {
            number: span.clone(),
            phrase: span,
            reading: Reading::NotFigure(kind),
        }
    }

    /// A quantity at token `i` with its range, unit and qualifiers.
    fn quantity_mention(&self, i: usize) -> Option<(Mention, usize)> {
        let mut q = self.quantity(i)?;
        let x = self.extent(&mut q, i);
        let before = self.qualifier_before(x.lead);
        if x.unit == Unit::Count {
            let found = self.not_a_figure(&q, x.second.as_ref(), x.end, before.is_some());
            if let Some((kind, stop)) = found {
                return Some((self.not_figure(kind, x.first, stop), stop));
            }
        }
        let after = before
            .is_none()
            .then(|| self.qualifier_after(x.end))
            .flatten();
        let phrase_first = before.map_or(x.lead.min(x.first), |(_, at)| at);
        let phrase_end = after.map_or(x.end, |(_, stop)| stop);
        let mention = Mention {
            number: self.span(x.first, x.end),
            phrase: self.span(phrase_first, phrase_end),
            reading: Reading::Figure(self.figure(&q, &x, (before, after))),
        };
        Some((mention, phrase_end))
    }

    /// How far the number starting with quantity `q` (at token `i`) goes:
    /// a currency before it, a percent sign, the second number of a range
    /// (which may scale `q`: "20 to 30 million"), a currency word after.
    fn extent(&self, q: &mut Quantity, i: usize) -> Extent {
        let currency = self.currency_before(i);
        let first = currency.map_or(i, |(_, at)| at);
        let (mut end, mut percent) = self.percent_at(q.end).map_or((q.end, false), |e| (e, true));
        let between = first.checked_sub(1).filter(|&k| self.word_is(k, "between"));
        let second = self
            .range_end(q, end, between.is_some())
            .map(|(first_value, s)| {
                q.value = first_value;
                s
            });
        if let Some(s) = &second {
            (end, percent) = self
                .percent_at(s.end)
                .map_or((s.end, percent), |e| (e, true));
        }
        let currency = currency.map(|(code, _)| code).or_else(|| {
            let code = self.currency_after(end)?;
            end += 1;
            Some(code)
        });
        let unit = match (currency, percent || q.written == Written::Half) {
            (Some(code), _) => Unit::Money(code),
            (None, true) => Unit::Percent,
            (None, false) => Unit::Count,
        };
        let the = q.written == Written::Ordinal && first > 0 && self.word_is(first - 1, "the");
        let lead = match (between, &second) {
            (Some(k), Some(_)) => k,
            _ if the => first - 1,
            _ => first,
        };
        Extent {
            first,
            end,
            second,
            unit,
            lead,
        }
    }

    /// A currency sign or word just before token `i`, and where it starts.
    fn currency_before(&self, i: usize) -> Option<(&'static str, usize)> {
        let k = i.checked_sub(1)?;
        let k = match self.tokens[k].is_symbol(".") && self.word_is(k.wrapping_sub(1), "Rs") {
            true => k - 1,
            false => k,
        };
        let token = &self.tokens[k];
        let &(_, code) = words::CURRENCY_BEFORE
            .iter()
            .find(|(sign, _)| token.text == *sign)?;
        let us = k > 0 && token.text == "$" && self.word_is(k - 1, "US") && self.adjacent(k - 1, k);
        Some((code, k - usize::from(us)))
    }

    fn currency_after(&self, at: usize) -> Option<&'static str> {
        let token = self.token(at).filter(|t| t.kind == Kind::Word)?;
        let &(_, code) = words::CURRENCY_AFTER
            .iter()
            .find(|(w, _)| token.is_word(w))?;
        Some(code)
    }

    /// The token after a percent sign or word at `at`, if there is one.
    fn percent_at(&self, at: usize) -> Option<usize> {
        if self.token(at)?.is_symbol("%") {
            return Some(at + 1);
        }
        let matches = |words: &&&[&str]| {
            words
                .iter()
                .enumerate()
                .all(|(k, w)| self.word_is(at + k, w))
        };
        words::PERCENT.iter().find(matches).map(|w| at + w.len())
    }

    /// The qualifying phrase ending just before token `first`, if any.
    fn qualifier_before(&self, first: usize) -> Option<Found> {
        words::BEFORE.iter().find_map(|phrase| {
            let start = first.checked_sub(phrase.words.len())?;
            let all = phrase
                .words
                .iter()
                .enumerate()
                .all(|(k, w)| self.word_is(start + k, w));
            all.then_some((phrase, start))
        })
    }

    /// The qualifying phrase starting at token `at` ("or more", "-plus",
    /// "+"), and the token after it.
    fn qualifier_after(&self, at: usize) -> Option<Found> {
        let plus = &words::AFTER[2];
        if self.token(at).is_some_and(|t| t.is_symbol("+")) && self.adjacent(at - 1, at) {
            return Some((plus, at + 1));
        }
        if self.token(at).is_some_and(|t| t.is_symbol("-")) && self.word_is(at + 1, "plus") {
            return Some((plus, at + 2));
        }
        words::AFTER.iter().find_map(|phrase| {
            let all = phrase
                .words
                .iter()
                .enumerate()
                .all(|(k, w)| self.word_is(at + k, w));
            all.then_some((phrase, at + phrase.words.len()))
        })
    }

    /// Whether a percentage from token `first` to `end` is a fall: "a 16%
    /// decline", "fell by 16%", "down 16%".
    fn falls(&self, first: usize, end: usize) -> bool {
        let after = self
            .token(end)
            .is_some_and(|t| listed(&words::FALL_AFTER, t.text));
        let verb = |k: usize| {
            self.token(k)
                .is_some_and(|t| listed(&words::FALL_BY, t.text))
        };
        let before = match first.checked_sub(1) {
            Some(k) if self.word_is(k, "by") => k.checked_sub(1).is_some_and(verb),
            Some(k) => verb(k),
            None => false,
        };
        after || before
    }

    /// How a quantity, possibly a range, reads as a figure.
    fn figure(
        &self,
        q: &Quantity,
        x: &Extent,
        (before, after): (Option<Found>, Option<Found>),
    ) -> Figure {
        let falls = x.unit == Unit::Percent && self.falls(x.first, x.end);
        let sign = if falls { -1.0 } else { 1.0 };
        let value = q.value * sign;
        let wording = before.map(|(p, at)| self.words_between(at, at + p.words.len()));
        let phrase = before.or(after).map(|(p, _)| p);
        let (stated, note) = match &x.second {
            Some(s) => {
                let (a, b) = (value, s.value * sign);
                let note = wording
                    .as_ref()
                    .map(|w| format!("\"{w}\" before a range: the range is recorded as stated"));
                (range(a.min(b), a.max(b)), note)
            }
            None => self.single(q, value, x.unit, (phrase, wording.as_deref())),
        };
        Figure {
            stated,
            unit: x.unit,
            wording,
            note,
        }
    }

    /// One number (signed `value`), read by how it was written.
    fn single(
        &self,
        q: &Quantity,
        value: f64,
        unit: Unit,
        (phrase, wording): (Option<&Phrase>, Option<&str>),
    ) -> (StatedFigure, Option<String>) {
        let words = || self.words_between(q.first, q.end);
        match q.written {
            Written::Vague { unit } => {
                let note = format!("\"{}\" read as at least 2 × {unit} = {value}", words());
                (stated(Qualifier::AtLeast, value), Some(note))
            }
            Written::Half => {
                let qualifier = phrase.map_or(Qualifier::About, |p| p.qualifier);
                let note = format!("\"half\" read as {} 50%", qualifier.as_str());
                (stated(qualifier, value), Some(note))
            }
            Written::Dozen => {
                let note = format!("\"{}\" read as about {value}", words());
                (stated(Qualifier::About, value), Some(note))
            }
            _ => self.qualified(value, unit, phrase, wording),
        }
    }

    /// A single number with its qualifying phrase, if any.
    fn qualified(
        &self,
        value: f64,
        unit: Unit,
        phrase: Option<&Phrase>,
        wording: Option<&str>,
    ) -> (StatedFigure, Option<String>) {
        match phrase {
            Some(p) if p.upper_bound => {
                let note = format!(
                    "\"{}\" gives only an upper bound; drafted as nearly: check the low bound",
                    wording.unwrap_or_default()
                );
                (stated(p.qualifier, value), Some(note))
            }
            Some(p) if p.words == ["least"] => (
                stated(p.qualifier, value),
                Some("\"least\" read as \"at least\" (a dropped word)".to_string()),
            ),
            Some(p) => (stated(p.qualifier, value), None),
            None if unit == Unit::Percent && value.fract() == 0.0 => {
                (stated(Qualifier::Rounded, value), None)
            }
            None => (stated(Qualifier::Exact, value), None),
        }
    }

    /// The text from token `first` to the end of token `end - 1`.
    fn words_between(&self, first: usize, end: usize) -> String {
        let tokens = &self.tokens[first..end];
        let mut text = String::new();
        for (k, t) in tokens.iter().enumerate() {
            if k > 0 && tokens[k - 1].end != t.start {
                text.push(' ');
            }
            text.push_str(t.text);
        }
        text
    }
}

/// A one-number figure as a data row writes it: `at_least` and
/// `more_than` in `low`, the others in `best`.
fn stated(qualifier: Qualifier, value: f64) -> StatedFigure {
    let floor = matches!(qualifier, Qualifier::AtLeast | Qualifier::MoreThan);
    StatedFigure {
        qualifier,
        low: floor.then_some(value),
        best: (!floor).then_some(value),
        high: None,
    }
}

fn range(low: f64, high: f64) -> StatedFigure {
    StatedFigure {
        qualifier: Qualifier::Range,
        low: Some(low),
        best: None,
        high: Some(high),
    }
}

#[cfg(test)]
mod tests;
