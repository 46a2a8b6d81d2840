//! A source text as sitrep reads it: decoded, normalised for matching, and
//! able to say where (line and column of the file) any part of it is.
//!
//! Articles come from browsers, word processors and e-mail: UTF-8 with or
//! without a byte-order mark, UTF-16 with one, or Windows-1252 (read as such
//! when the bytes are not UTF-8, and said so); LF, CRLF or CR line ends.
//! Matching ignores what copying text changes without changing its words:
//! typographic quotes (‘ ’ “ ” become ' and ") and runs of white space. The
//! normalised text keeps paragraph structure: a run of white space is one
//! space, one `\n` when it holds one line end, or `\n\n` when it holds more
//! (a blank line), so sentences can still be told apart.

use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::problem::Problem;

/// How the bytes of a text were decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
    /// Not valid UTF-8, read as Windows-1252 (every byte is a character).
    Windows1252,
}

impl Encoding {
    /// What to tell the user about the encoding, when it is not plain UTF-8.
    pub fn note(self) -> Option<&'static str> {
        match self {
            Encoding::Utf8 => None,
            Encoding::Utf16 => Some("read as UTF-16 (it starts with a UTF-16 byte-order mark)"),
            Encoding::Windows1252 => Some("read as Windows-1252 (the file is not valid UTF-8)"),
        }
    }
}

/// A decoded source text with its normalised form.
#[derive(Debug, Clone)]
pub struct SourceText {
    pub path: PathBuf,
    pub encoding: Encoding,
    original: String,
    normalised: String,
    /// `normalised` with line ends as spaces: what quotes are matched in.
    /// Same length as `normalised`, so offsets are shared.
    flat: String,
    /// For each byte of `normalised` (and one past its end), the offset in
    /// `original` of the character it came from.
    origin: Vec<usize>,
    /// Offsets in `original` where each line starts.
    line_starts: Vec<usize>,
}

impl SourceText {
    /// Reads and decodes the file at `path`; a file that cannot be read is
    /// a problem located at the file.
    pub fn read(path: &Path) -> Result<SourceText, Problem> {
        let bytes = std::fs::read(path)
            .map_err(|e| Problem::file(path, format!("cannot read the source text: {e}")))?;
        Ok(SourceText::from_bytes(path, &bytes))
    }

    /// Decodes `bytes` (see the module's documentation for what is accepted).
    pub fn from_bytes(path: &Path, bytes: &[u8]) -> SourceText {
        let (text, encoding) = decode(bytes);
        let (normalised, origin) = normalise(&text);
        let flat = normalised.replace('\n', " ");
        SourceText {
            path: path.to_path_buf(),
            encoding,
            line_starts: line_starts(&text),
            original: text,
            normalised,
            flat,
            origin,
        }
    }

    /// The text as decoded, byte-order mark removed.
    pub fn original(&self) -> &str {
        &self.original
    }

    /// The normalised text (see the module documentation); every offset
    /// this type takes or gives is into it.
    pub fn normalised(&self) -> &str {
        &self.normalised
    }

    /// Where each occurrence of `quote` (normalised with [`fold`]) starts
    /// and ends in the normalised text.
    pub fn find(&self, folded_quote: &str) -> Vec<Range<usize>> {
        if folded_quote.is_empty() {
            return Vec::new();
        }
        self.flat
            .match_indices(folded_quote)
            .map(|(at, m)| at..at + m.len())
            .collect()
    }

    /// The words of the original text behind `range` of the normalised one,
    /// white space folded to single spaces: verbatim up to white space.
    pub fn excerpt(&self, range: Range<usize>) -> String {
        let (start, end) = (self.origin[range.start], self.origin[range.end]);
        let text = &self.original[start..end];
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// The 1-based line and column (in characters) of the file where the
    /// character at `offset` of the normalised text is.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        let at = self.origin[offset.min(self.origin.len() - 1)];
        let line = self.line_starts.partition_point(|&s| s <= at);
        let start = self.line_starts[line - 1];
        (line, self.original[start..at].chars().count() + 1)
    }
}

/// Decodes a text: UTF-8 (a BOM dropped), UTF-16 with its BOM, or else
/// Windows-1252.
fn decode(bytes: &[u8]) -> (String, Encoding) {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom..]);
        let kind = match encoding == encoding_rs::UTF_8 {
            true => Encoding::Utf8,
            false => Encoding::Utf16,
        };
        return (text.into_owned(), kind);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => (text.to_string(), Encoding::Utf8),
        Err(_) => {
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
            (text.into_owned(), Encoding::Windows1252)
        }
    }
}

/// Offsets where lines start; a line ends at LF, CRLF or a lone CR.
fn line_starts(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut starts = vec![0];
    for (i, &b) in bytes.iter().enumerate() {
        let ends = b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n'));
        if ends {
            starts.push(i + 1);
        }
    }
    starts
}

/// The character a typographic quote or apostrophe stands for.
fn plain_quote(c: char) -> Option<char> {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' => Some('\''),
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' => Some('"'),
        _ => None,
    }
}

/// The normalised text of `text` (see the module documentation) and, for
/// each of its bytes and one past the end, the offset in `text` it came from.
pub fn normalise(text: &str) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(text.len());
    let mut origin = Vec::with_capacity(text.len() + 1);
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if c.is_whitespace() {
            let mut line_ends = usize::from(c == '\n' || c == '\r');
            let mut last = c;
            while let Some(&(_, next)) = chars.peek().filter(|(_, n)| n.is_whitespace()) {
                // CRLF is one line end.
                line_ends += usize::from((next == '\n' && last != '\r') || next == '\r');
                last = next;
                chars.next();
            }
            let run = match line_ends {
                0 => " ",
                1 => "\n",
                _ => "\n\n",
            };
            out.push_str(run);
            origin.extend(std::iter::repeat_n(at, run.len()));
            continue;
        }
        let c = plain_quote(c).unwrap_or(c);
        out.push(c);
        origin.extend(std::iter::repeat_n(at, c.len_utf8()));
    }
    origin.push(text.len());
    (out, origin)
}

/// A quote as it is matched: normalised, line ends as spaces, white space
/// folded and trimmed.
pub fn fold(quote: &str) -> String {
    let (normalised, _) = normalise(quote);
    normalised.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(bytes: &[u8]) -> SourceText {
        SourceText::from_bytes(Path::new("a.txt"), bytes)
    }

    #[test]
    fn typographic_quotes_and_white_space_do_not_stop_a_match() {
        let t = text("He said \u{201C}600 to\n 800\u{201D} in\u{A0}Nangarhar.".as_bytes());
        let at = t.find(&fold("said \"600 to 800\" in Nangarhar"));
        assert_eq!(at.len(), 1);
        assert_eq!(
            t.excerpt(at[0].clone()),
            "said \u{201C}600 to 800\u{201D} in\u{A0}Nangarhar"
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        );
    }

    #[test]
    fn paragraphs_are_kept_apart_from_lines() {
        let t = text(b"One line\r\nnext line\r\n\r\nA paragraph.\rLast");
        assert_eq!(t.normalised(), "One line\nnext line\n\nA paragraph.\nLast");
    }

    #[test]
    fn lines_and_columns_count_every_kind_of_line_end() {
        let source = "first\r\nsecond\rthird \u{2019}x\u{2019} 42\nfourth 7";
        let t = text(source.as_bytes());
        let at = |needle: &str| t.normalised().find(needle).unwrap();
        assert_eq!(t.line_column(at("second")), (2, 1));
        assert_eq!(t.line_column(at("42")), (3, 11));
        assert_eq!(t.line_column(at("7")), (4, 8));
    }

    #[test]
    fn a_bom_is_dropped_and_windows_1252_is_read_as_such() {
        let t = text(b"\xEF\xBB\xBFabout 60");
        assert_eq!((t.original(), t.encoding), ("about 60", Encoding::Utf8));
        assert_eq!(t.line_column(6), (1, 7));
        let t = text(b"\x93nearly 60 percent\x94 \x96 PIPS");
        assert_eq!(t.encoding, Encoding::Windows1252);
        assert_eq!(t.normalised(), "\"nearly 60 percent\" \u{2013} PIPS");
        assert!(Encoding::Windows1252
            .note()
            .unwrap()
            .contains("Windows-1252"));
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("at least 54".encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        let t = text(&utf16);
        assert_eq!((t.original(), t.encoding), ("at least 54", Encoding::Utf16));
    }
}
