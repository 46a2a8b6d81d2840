//! Splitting a normalised text into the tokens the number finder reads:
//! words, digit groups and single symbols, each with its byte range.

use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Letters only: `killed`, `IS`, `th` (of `24th`).
    Word,
    /// Digits, with `,` or `.` between digits: `2,000`, `15.5`, `12.05.2017`.
    Digits,
    /// Any other character that is not white space: `%`, `$`, `-`, `(`.
    Symbol,
}

#[derive(Debug, Clone, Copy)]
pub struct Token<'t> {
    pub kind: Kind,
    pub text: &'t str,
    pub start: usize,
    pub end: usize,
}

impl Token<'_> {
    pub fn is_word(&self, word: &str) -> bool {
        self.kind == Kind::Word && self.text.eq_ignore_ascii_case(word)
    }

    pub fn is_symbol(&self, symbols: &str) -> bool {
        self.kind == Kind::Symbol && symbols.contains(self.text)
    }

    pub fn lower(&self) -> String {
        self.text.to_lowercase()
    }

    pub fn span(&self) -> Range<usize> {
        self.start..self.end
    }
}

/// The tokens of `text` in order; white space separates them and is not a
/// token (two tokens are adjacent when one ends where the other starts).
pub fn tokens(text: &str) -> Vec<Token<'_>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        let kind = if c.is_alphabetic() {
            while chars.next_if(|(_, n)| n.is_alphabetic()).is_some() {}
            Kind::Word
        } else if c.is_ascii_digit() {
            let inside = |i: usize| {
                matches!(bytes[i], b',' | b'.') && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)
            };
            while chars
                .next_if(|&(i, n)| n.is_ascii_digit() || inside(i))
                .is_some()
            {}
            Kind::Digits
        } else if c.is_whitespace() {
            continue;
        } else {
            Kind::Symbol
        };
        let end = chars.peek().map_or(text.len(), |&(i, _)| i);
        out.push(Token {
            kind,
            text: &text[start..end],
            start,
            end,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_keep_their_separators_and_words_their_letters() {
        let found: Vec<(Kind, &str)> = tokens("around 2,000-3,000 IS-K's 24th, 15.5%.")
            .iter()
            .map(|t| (t.kind, t.text))
            .collect();
        use Kind::*;
        assert_eq!(
            found,
            [
                (Word, "around"),
                (Digits, "2,000"),
                (Symbol, "-"),
                (Digits, "3,000"),
                (Word, "IS"),
                (Symbol, "-"),
                (Word, "K"),
                (Symbol, "'"),
                (Word, "s"),
                (Digits, "24"),
                (Word, "th"),
                (Symbol, ","),
                (Digits, "15.5"),
                (Symbol, "%"),
                (Symbol, "."),
            ]
        );
    }
}
