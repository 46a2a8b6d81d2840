//! Sentences and clauses of a normalised text: what a draft row quotes
//! around a number.
//!
//! A sentence ends at `.`, `!` or `?` (with any closing quotes or brackets)
//! before a capital, a digit or an opening quote, unless the word before
//! the full stop is an abbreviation (`Gen.`, `U.S.`); at a blank line; and
//! at a line end after a short line (a heading or caption), but not inside
//! a paragraph hard-wrapped at a fixed width.

use std::ops::Range;

/// Longest quote a draft takes whole; a longer sentence is cut to the
/// clause around the number.
pub const LONG: usize = 320;

/// A line at least this long that ends without a full stop is taken to be
/// hard-wrapped: the sentence goes on on the next line.
const WRAPPED: usize = 60;

/// Words that end with a full stop without ending a sentence.
const ABBREVIATIONS: [&str; 32] = [
    "Mr", "Mrs", "Ms", "Dr", "Gen", "Lt", "Col", "Maj", "Capt", "Sgt", "Gov", "Sen", "Rep", "St",
    "No", "Vol", "pp", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct",
    "Nov", "Dec", "Inc", "Ltd", "Rs",
];

/// The sentences of `text`, trimmed of white space, in order.
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let (mut out, mut start) = (Vec::new(), 0);
    let mut i = 0;
    while i < bytes.len() {
        let end = match bytes[i] {
            b'\n' if ends_at_line_break(text, i) => Some(i),
            b'.' | b'!' | b'?' if !abbreviation(text, i) => sentence_end(text, i),
            _ => None,
        };
        if let Some(end) = end {
            push_trimmed(text, start..end, &mut out);
            start = end;
            i = end.max(i + 1);
        } else {
            i += 1;
        }
    }
    push_trimmed(text, start..text.len(), &mut out);
    out
}

fn push_trimmed(text: &str, range: Range<usize>, out: &mut Vec<Range<usize>>) {
    let part = &text[range.clone()];
    let start = range.start + (part.len() - part.trim_start().len());
    let end = range.end - (part.len() - part.trim_end().len());
    if start < end {
        out.push(start..end);
    }
}

/// Whether the line end at `i` ends a sentence: a blank line follows, or
/// the line before is short (a heading, a caption, a dateline).
fn ends_at_line_break(text: &str, i: usize) -> bool {
    if text[i + 1..].starts_with('\n') || text[..i].ends_with('\n') {
        return true;
    }
    let line = &text[text[..i].rfind('\n').map_or(0, |k| k + 1)..i];
    line.chars().count() < WRAPPED || line.ends_with(['.', '!', '?', ':'])
}

/// Where a sentence whose terminator is at `i` ends (past closing quotes
/// and brackets), if the terminator ends one.
fn sentence_end(text: &str, i: usize) -> Option<usize> {
    let rest = &text[i + 1..];
    let closing = rest
        .char_indices()
        .find(|(_, c)| !matches!(c, '"' | '\'' | ')' | ']'))
        .map_or(rest.len(), |(k, _)| k);
    let end = i + 1 + closing;
    let after = &text[end..];
    let mut next = after.trim_start().chars();
    let spaced = after.is_empty() || after.starts_with([' ', '\n']);
    let starts_anew = match next.next() {
        None => true,
        Some(c) => c.is_uppercase() || c.is_ascii_digit() || matches!(c, '"' | '\'' | '(' | '['),
    };
    (spaced && starts_anew).then_some(end)
}

/// Whether the full stop at `i` ends an abbreviation (`Gen.`, `U.S.`).
fn abbreviation(text: &str, i: usize) -> bool {
    if text.as_bytes()[i] != b'.' {
        return false;
    }
    let before = &text[..i];
    let word_start = before
        .char_indices()
        .rev()
        .find(|(_, c)| !c.is_alphabetic())
        .map_or(0, |(k, c)| k + c.len_utf8());
    let word = &before[word_start..];
    let initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
    let dotted = before[..word_start].ends_with('.') && !word.is_empty();
    initial || dotted || ABBREVIATIONS.contains(&word)
}

/// The sentence holding `span`, cut to the clause around it when longer
/// than [`LONG`].
pub fn quote_around(text: &str, sentences: &[Range<usize>], span: Range<usize>) -> Range<usize> {
    let sentence = sentences
        .iter()
        .find(|s| s.start <= span.start && span.start < s.end)
        .cloned()
        .unwrap_or(span.clone());
    let sentence = sentence.start..sentence.end.max(span.end);
    if sentence.len() <= LONG {
        return sentence;
    }
    let clause = clause(
        text,
        sentence.clone(),
        span.clone(),
        &["; ", " – ", " — ", ": "],
    );
    if clause.len() <= LONG {
        return clause;
    }
    clause_within(text, clause, span)
}

/// The part of `sentence` between the separators around `span`.
fn clause(
    text: &str,
    sentence: Range<usize>,
    span: Range<usize>,
    separators: &[&str],
) -> Range<usize> {
    let inner = &text[sentence.clone()];
    let cut = |k: usize| separators.iter().any(|s| inner[k..].starts_with(s));
    let (from, to) = (span.start - sentence.start, span.end - sentence.start);
    let start = (0..from)
        .rev()
        .find(|&k| inner.is_char_boundary(k) && cut(k));
    let end = (to..inner.len()).find(|&k| inner.is_char_boundary(k) && cut(k));
    let start = start.map_or(0, |k| {
        k + separators
            .iter()
            .find(|s| inner[k..].starts_with(*s))
            .map_or(0, |s| s.len())
    });
    let end = end.unwrap_or(inner.len());
    sentence.start + start..sentence.start + end
}

/// A clause still too long: the comma-separated parts around `span`,
/// widened one part at a time while they fit in [`LONG`].
fn clause_within(text: &str, clause: Range<usize>, span: Range<usize>) -> Range<usize> {
    let mut part = self::clause(text, clause.clone(), span, &[", "]);
    loop {
        let wider_left = (part.start > clause.start).then(|| {
            let before = self::clause(
                text,
                clause.clone(),
                part.start - 2..part.start - 2,
                &[", "],
            );
            before.start..part.end
        });
        let wider_right = (part.end < clause.end).then(|| {
            let after = self::clause(text, clause.clone(), part.end + 2..part.end + 2, &[", "]);
            part.start..after.end
        });
        let wider = [wider_left, wider_right]
            .into_iter()
            .flatten()
            .find(|w| w.len() <= LONG);
        match wider {
            Some(w) => part = w,
            None => return part,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        sentences(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn sentences_end_at_stops_but_not_at_abbreviations() {
        let text = "The U.S. said so. Gen. Nicholson agreed, \"it was 5.5 km.\" Then 30 died!\n\nNext paragraph";
        assert_eq!(
            split(text),
            [
                "The U.S. said so.",
                "Gen. Nicholson agreed, \"it was 5.5 km.\"",
                "Then 30 died!",
                "Next paragraph"
            ]
        );
    }

    #[test]
    fn headings_end_at_their_line_but_wrapped_lines_go_on() {
        let text = "A Heading\nThe attack in the north of the province of Balochistan killed at least\n60 people, officials said.";
        assert_eq!(
            split(text),
            [
                "A Heading",
                "The attack in the north of the province of Balochistan killed at least\n60 people, officials said."
            ]
        );
    }

    #[test]
    fn a_long_sentence_is_cut_to_the_clause_around_the_number() {
        let filler = "word ".repeat(70);
        let text = format!(
            "First {filler}here; the attack killed 12 people, police said; and {filler}end."
        );
        let at = text.find("12").unwrap();
        let all = sentences(&text);
        let quote = quote_around(&text, &all, at..at + 2);
        assert_eq!(&text[quote], "the attack killed 12 people, police said");
    }
}
