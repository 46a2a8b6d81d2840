//! Quantities: one number as written, in digits (`2,000`, `220 million`,
//! `24th`) or words (`twenty-five`, `two hundred`, `a dozen`, `scores`,
//! `hundreds of thousands`, `half`, `the tenth`), and the second number of
//! a range (`2,000-3,000`, `600 to 800`, `between 600 and 800`).

use super::tokens::Kind;
use super::words::{self, listed};
use super::Finder;

/// How a quantity was written, which decides how it is read.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Written {
    /// Digits; `plain` when without separators, decimals or scale (a year
    /// can only be plain).
    Digits {
        plain: bool,
    },
    Words,
    /// `fifth`, `24th`: the count an ordinal ends.
    Ordinal,
    /// `scores`, `hundreds of thousands`: at least two of `unit`.
    Vague {
        unit: f64,
    },
    /// `a dozen`, `two dozen`: dozens are round numbers.
    Dozen,
    /// `half of`: a share.
    Half,
}

#[derive(Debug, Clone, Copy)]
pub struct Quantity {
    pub value: f64,
    /// The scale word's multiplier (`million`), if one was written.
    pub scale: Option<f64>,
    pub written: Written,
    /// The first token and one past the last.
    pub first: usize,
    pub end: usize,
}

impl Finder<'_> {
    /// The quantity that starts at token `i`, if one does.
    pub(super) fn quantity(&self, i: usize) -> Option<Quantity> {
        let token = self.token(i)?;
        match token.kind {
            Kind::Digits => self.digits(i),
            Kind::Word => self.words(i),
            Kind::Symbol => None,
        }
    }

    fn digits(&self, i: usize) -> Option<Quantity> {
        let text = self.tokens[i].text;
        if text.matches('.').count() > 1 {
            return None;
        }
        let value: f64 = text.replace(',', "").parse().ok()?;
        let mut quantity = Quantity {
            value,
            scale: None,
            written: Written::Digits {
                plain: !text.contains([',', '.']),
            },
            first: i,
            end: i + 1,
        };
        let next = self.token(i + 1).filter(|_| self.adjacent(i, i + 1));
        if next.is_some_and(|t| listed(&["st", "nd", "rd", "th"], t.text)) {
            quantity.written = Written::Ordinal;
            quantity.end = i + 2;
        } else {
            self.scaled(&mut quantity);
        }
        Some(quantity)
    }

    /// Applies a scale word after the quantity (`220 million`, `1bn`).
    fn scaled(&self, quantity: &mut Quantity) {
        let scale = self
            .token(quantity.end)
            .filter(|t| t.kind == Kind::Word)
            .and_then(|t| words::scale(t.text));
        if let Some(scale) = scale {
            quantity.value *= scale;
            quantity.scale = Some(scale);
            quantity.end += 1;
            if let Written::Digits { plain } = &mut quantity.written {
                *plain = false;
            }
        }
    }

    fn words(&self, i: usize) -> Option<Quantity> {
        let word = self.tokens[i].lower();
        let quantity = |value, written, end| Quantity {
            value,
            scale: None,
            written,
            first: i,
            end,
        };
        if let Some(value) = words::ordinal(&word) {
            return Some(quantity(value, Written::Ordinal, i + 1));
        }
        if let Some(vague) = self.vague(i, &word) {
            return Some(vague);
        }
        match word.as_str() {
            "half" => self.half(i).then(|| quantity(50.0, Written::Half, i + 1)),
            "dozen" => Some(quantity(12.0, Written::Dozen, i + 1)),
            "a" | "an" => self.a_scale(i),
            _ => self.spelled(i),
        }
    }

    /// `scores`, `dozens`, `hundreds of thousands`, `tens of millions`.
    fn vague(&self, i: usize, word: &str) -> Option<Quantity> {
        let &(_, unit) = words::VAGUE.iter().find(|(w, _)| *w == word)?;
        let of_scale = self
            .word_is(i + 1, "of")
            .then(|| self.token(i + 2))
            .flatten()
            .and_then(|t| words::VAGUE.iter().find(|(w, _)| t.is_word(w)))
            .filter(|(w, _)| !matches!(*w, "dozens" | "scores" | "tens"));
        let (unit, end) = match of_scale {
            Some((_, scale)) => (unit * scale, i + 3),
            None if word == "tens" => return None,
            None => (unit, i + 1),
        };
        Some(Quantity {
            value: 2.0 * unit,
            scale: None,
            written: Written::Vague { unit },
            first: i,
            end,
        })
    }

    /// "half of", "half the" (but not "the first half of").
    fn half(&self, i: usize) -> bool {
        let before = i.checked_sub(1).and_then(|k| self.token(k));
        let after_ordinal =
            before.is_some_and(|t| listed(&["first", "second", "last", "latter", "other"], t.text));
        !after_ordinal && (self.word_is(i + 1, "of") || self.word_is(i + 1, "the"))
    }

    /// "a hundred", "a dozen", "a million".
    fn a_scale(&self, i: usize) -> Option<Quantity> {
        let next = self.token(i + 1).filter(|t| t.kind == Kind::Word)?;
        if next.is_word("dozen") {
            let written = Written::Dozen;
            return Some(Quantity {
                value: 12.0,
                scale: None,
                written,
                first: i,
                end: i + 2,
            });
        }
        let scale = words::scale(next.text).filter(|_| !listed(&["mn", "bn"], next.text))?;
        let mut quantity = Quantity {
            value: scale,
            scale: Some(scale),
            written: Written::Words,
            first: i,
            end: i + 2,
        };
        self.scaled(&mut quantity);
        Some(quantity)
    }

    /// Spelled-out numbers: `six`, `twenty-five`, `two hundred and ten`,
    /// `three thousand`, `two dozen`.
    fn spelled(&self, i: usize) -> Option<Quantity> {
        let mut value = words::small(self.tokens[i].text)?;
        let mut end = self.hyphenated(i, &mut value);
        if self.word_is(end, "hundred") {
            value *= 100.0;
            end += 1;
            if self.word_is(end, "and") {
                let mut rest = self.token(end + 1).and_then(|t| words::small(t.text));
                if let Some(rest) = rest.as_mut() {
                    end = self.hyphenated(end + 1, rest);
                    value += *rest;
                }
            }
        }
        let mut quantity = Quantity {
            value,
            scale: None,
            written: Written::Words,
            first: i,
            end,
        };
        if self.word_is(end, "dozen") {
            quantity.value *= 12.0;
            quantity.written = Written::Dozen;
            quantity.end += 1;
        } else {
            self.scaled(&mut quantity);
        }
        (value != 1.0 || self.one_is_a_count(i)).then_some(quantity)
    }

    /// Adds the unit of `forty-two` to the tens at `i`; returns the token
    /// after the number.
    fn hyphenated(&self, i: usize, value: &mut f64) -> usize {
        let tens = *value >= 20.0;
        let joined = self.token(i + 1).is_some_and(|t| t.is_symbol("-")) && self.adjacent(i, i + 1);
        let unit = self
            .token(i + 2)
            .filter(|_| tens && joined && self.adjacent(i + 1, i + 2))
            .and_then(|t| words::small(t.text))
            .filter(|u| (1.0..10.0).contains(u));
        match unit {
            Some(unit) => {
                *value += unit;
                i + 3
            }
            None => i + 1,
        }
    }

    /// Whether the word "one" at `i` counts something: not "one of", "the
    /// one", "one another".
    fn one_is_a_count(&self, i: usize) -> bool {
        let before = i.checked_sub(1).and_then(|k| self.token(k));
        let after = self.token(i + 1);
        let pronoun_after = before.is_some_and(|t| listed(&words::ONE_NOT_A_COUNT_AFTER, t.text));
        let phrase_before = after.is_some_and(|t| listed(&words::ONE_NOT_A_COUNT_BEFORE, t.text));
        !pronoun_after && !phrase_before
    }

    /// The second number of a range whose first is `first`, with the
    /// connector at token `at`: `-`, `to`, `or`, or `and` after "between".
    /// Returns the first number's value (scaled as the second is, in "20 to
    /// 30 million") and the second number.
    pub(super) fn range_end(
        &self,
        first: &Quantity,
        at: usize,
        between: bool,
    ) -> Option<(f64, Quantity)> {
        let connector = self.token(at)?;
        let dash = connector.is_symbol("-–—");
        let word = ["to", "or"].iter().any(|w| connector.is_word(w));
        let and = between && connector.is_word("and");
        if !(dash || word || and) {
            return None;
        }
        let second = self.quantity(at + 1)?;
        let same_kind = matches!(
            (first.written, second.written),
            (Written::Digits { .. }, Written::Digits { .. }) | (Written::Words, Written::Words)
        );
        let first_value = match (first.scale, second.scale) {
            (None, Some(scale)) if first.value * scale <= second.value => first.value * scale,
            _ => first.value,
        };
        (same_kind && second.value > first_value).then_some((first_value, second))
    }
}

#[cfg(test)]
mod tests {
    use super::super::Finder;
    use super::*;

    fn read(text: &str) -> Option<(f64, Written, String)> {
        let finder = Finder::new(text);
        let q = finder.quantity(0)?;
        let (a, b) = (finder.tokens[q.first].start, finder.tokens[q.end - 1].end);
        Some((q.value, q.written, text[a..b].to_string()))
    }

    #[test]
    fn digits_and_words_read_as_numbers() {
        let digits = Written::Digits { plain: false };
        assert_eq!(read("2,000 people"), Some((2000.0, digits, "2,000".into())));
        assert_eq!(
            read("220 million people"),
            Some((220e6, digits, "220 million".into()))
        );
        assert_eq!(read("1bn dollars"), Some((1e9, digits, "1bn".into())));
        assert_eq!(
            read("twenty-five dead"),
            Some((25.0, Written::Words, "twenty-five".into()))
        );
        assert_eq!(
            read("two hundred and ten"),
            Some((210.0, Written::Words, "two hundred and ten".into()))
        );
        assert_eq!(
            read("two dozen"),
            Some((24.0, Written::Dozen, "two dozen".into()))
        );
        assert_eq!(
            read("24th May"),
            Some((24.0, Written::Ordinal, "24th".into()))
        );
        assert_eq!(
            read("fifth incident"),
            Some((5.0, Written::Ordinal, "fifth".into()))
        );
    }

    #[test]
    fn vague_plurals_read_as_at_least_two() {
        let (value, written, text) = read("hundreds of thousands of fighters").unwrap();
        assert_eq!((value, text.as_str()), (200_000.0, "hundreds of thousands"));
        assert_eq!(written, Written::Vague { unit: 100_000.0 });
        assert_eq!(read("scores of others").unwrap().0, 40.0);
        assert!(read("tens of people").is_none());
    }

    #[test]
    fn one_as_a_pronoun_and_half_of_a_period_are_not_quantities() {
        assert!(read("one of the attackers").is_none());
        assert!(read("one policeman").is_some());
        let finder = Finder::new("the first half of 2017");
        assert!(finder.quantity(2).is_none());
        let finder = Finder::new("half of its attacks");
        assert_eq!(finder.quantity(0).unwrap().written, Written::Half);
    }
}
