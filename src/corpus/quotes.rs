//! Whether a record's quote is verbatim in its source text, and, when it is
//! not, the passage of the text that comes closest and how it differs.
//!
//! A quote may join excerpts of one passage with ` [...] `: each excerpt
//! must be in the text. Typographic quotes and white space are normalised
//! on both sides (see [`super::text`]); nothing else is forgiven.

use std::ops::Range;

use super::text::{fold, SourceText};

/// The joint between excerpts in a quote.
pub const JOINT: &str = "[...]";

/// The passage of a text closest to an excerpt that is not in it.
#[derive(Debug, Clone, PartialEq)]
pub struct Closest {
    /// Where the passage is, in the normalised text.
    pub range: Range<usize>,
    /// The words that differ, as the text has them and as the quote has
    /// them (each with a word of context either side).
    pub text_has: String,
    pub quote_has: String,
}

/// An excerpt of a quote that is not in the text.
#[derive(Debug, Clone, PartialEq)]
pub struct Mismatch {
    pub excerpt: String,
    /// `None` when no passage is even half like it.
    pub closest: Option<Closest>,
}

/// Where each excerpt of `quote` is in `text` (every occurrence), or the
/// first excerpt that is not there.
pub fn verify(text: &SourceText, quote: &str) -> Result<Vec<Range<usize>>, Mismatch> {
    let mut found = Vec::new();
    for excerpt in quote.split(JOINT).map(fold).filter(|e| !e.is_empty()) {
        let at = text.find(&excerpt);
        if at.is_empty() {
            let closest = closest(text, &excerpt);
            return Err(Mismatch { excerpt, closest });
        }
        found.extend(at);
    }
    Ok(found)
}

/// The words of a text with their ranges.
fn words(text: &str) -> Vec<(&str, Range<usize>)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                out.push((&text[s..i], s..i));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    out
}

/// How far the lengths of the passages tried may differ from the
/// excerpt's, in words (a dropped or added word or two).
const SLACK: usize = 2;

/// The run of words of `text` that differs from `excerpt` in the fewest
/// words (a word-level edit distance, punctuation around words aside), if
/// it differs in fewer than half of them. Among equally close runs, the
/// one whose start and end agree longest with the excerpt's wins.
fn closest(text: &SourceText, excerpt: &str) -> Option<Closest> {
    let wanted: Vec<&str> = excerpt.split(' ').collect();
    let flat = text.normalised().replace('\n', " ");
    let all = words(&flat);
    let bare = |w: &&str| w.trim_matches(|c: char| !c.is_alphanumeric()).to_string();
    let wanted_bare: Vec<String> = wanted.iter().map(bare).collect();
    let wanted_bare: Vec<&str> = wanted_bare.iter().map(String::as_str).collect();
    let all_bare: Vec<String> = all.iter().map(|(w, _)| bare(w)).collect();
    let lengths = wanted.len().saturating_sub(SLACK).max(1)..=wanted.len() + SLACK;
    let candidates = lengths.flat_map(|n| (0..=all.len().saturating_sub(n)).map(move |s| s..s + n));
    let (distance, _, run) = candidates
        .filter(|run| run.end <= all.len())
        .map(|run| {
            let window: Vec<&str> = all_bare[run.clone()].iter().map(String::as_str).collect();
            let distance = strsim::generic_levenshtein(&window, &wanted_bare);
            let agree = agreement(&window, &wanted_bare);
            (distance, std::cmp::Reverse(agree), run)
        })
        .min_by(|a, b| (a.0, a.1, a.2.start).cmp(&(b.0, b.1, b.2.start)))?;
    if distance * 2 >= wanted.len() {
        return None;
    }
    let window: Vec<&str> = all[run.clone()].iter().map(|(w, _)| *w).collect();
    let (text_has, quote_has) = difference(&window, &wanted);
    Some(Closest {
        range: all[run.start].1.start..all[run.end - 1].1.end,
        text_has,
        quote_has,
    })
}

/// How many words two lists share at their start and at their end.
fn agreement<T: PartialEq>(a: &[T], b: &[T]) -> usize {
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    (prefix + suffix).min(a.len().min(b.len()))
}

/// The differing middle of two word lists (after their common start and
/// end), each with one word of context either side; punctuation counts
/// only when nothing else differs.
fn difference(text: &[&str], quote: &[&str]) -> (String, String) {
    let bare = |w: &&str| w.trim_matches(|c: char| !c.is_alphanumeric()).to_string();
    let by_words = middles(text, quote, |a, b| bare(a) == bare(b));
    match by_words.0 == by_words.1 {
        true => middles(text, quote, |a, b| a == b),
        false => by_words,
    }
}

/// The middles of `text` and `quote` past their common start and end
/// (words compared with `same`), with a word of context either side.
fn middles(text: &[&str], quote: &[&str], same: impl Fn(&&str, &&str) -> bool) -> (String, String) {
    let prefix = text
        .iter()
        .zip(quote)
        .take_while(|(a, b)| same(a, b))
        .count();
    let rest = text.len().min(quote.len()) - prefix;
    let suffix = text
        .iter()
        .rev()
        .zip(quote.iter().rev())
        .take_while(|(a, b)| same(a, b))
        .count()
        .min(rest);
    let middle = |words: &[&str]| {
        let from = prefix.saturating_sub(1);
        let to = (words.len() - suffix + 1).min(words.len());
        words[from..to.max(from)].join(" ")
    };
    (middle(text), middle(quote))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn text(s: &str) -> SourceText {
        SourceText::from_bytes(Path::new("a.txt"), s.as_bytes())
    }

    #[test]
    fn excerpts_joined_by_the_joint_are_each_found() {
        let t = text("IS claimed it.\nThe blast, which occurred 50km away, injured one.\n");
        let found = verify(
            &t,
            "IS claimed it. [...] The blast, which occurred 50km away,",
        )
        .unwrap();
        assert_eq!(found.len(), 2);
        assert_eq!(
            &t.normalised()[found[1].clone()],
            "The blast, which occurred 50km away,"
        );
    }

    #[test]
    fn a_changed_word_is_shown_against_the_text() {
        let t = text("Intro line.\n\nThe group killed 153 people in the north, said the report.");
        let miss = verify(&t, "The group killed 154 people in the north").unwrap_err();
        let closest = miss.closest.unwrap();
        assert_eq!(closest.text_has, "killed 153 people");
        assert_eq!(closest.quote_has, "killed 154 people");
        assert_eq!(t.line_column(closest.range.start), (3, 1));
    }

    #[test]
    fn a_quote_like_nothing_in_the_text_has_no_closest_passage() {
        let t = text("Nothing here resembles it at all.");
        let miss = verify(&t, "Entirely different words from another article").unwrap_err();
        assert_eq!(miss.closest, None);
    }

    #[test]
    fn a_dropped_word_is_shown_too() {
        let t = text("resulting in the loss of at least 60 lives.");
        let miss = verify(&t, "resulting in the loss of 60 lives.").unwrap_err();
        let closest = miss.closest.unwrap();
        assert_eq!(
            (closest.text_has.as_str(), closest.quote_has.as_str()),
            ("of at least 60", "of 60")
        );
    }
}
