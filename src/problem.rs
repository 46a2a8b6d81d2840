//! Located problems in input files, and how they are shown to a person.
//!
//! Loading never stops at the first problem: every problem found in a file is
//! collected as a [`Problem`] (file, line, column, what was expected) and the
//! whole list is reported at once. Only the first [`SHOWN`] are printed, with a
//! count of the rest, so a million-row file with a million mistakes still
//! gives a readable answer. Values quoted in messages go through [`echo`],
//! so that a message stays one short line whatever the input holds.

use std::fmt;
use std::path::{Path, PathBuf};

/// The 1-based line and column (in characters, a CR before an LF not
/// counted) of byte `at` of `text`.
pub fn position(text: &str, at: usize) -> (usize, usize) {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[start..].chars().filter(|c| *c != '\r').count() + 1;
    (line, column)
}

/// A parser's message on one line: its lines joined with "; " (toml says
/// "invalid array\nexpected `]`").
pub fn one_line(message: &str) -> String {
    let lines: Vec<&str> = message
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    lines.join("; ")
}

/// How many problems are printed before the rest are summarised as a count.
pub const SHOWN: usize = 50;

/// One thing wrong in one place of one input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub path: PathBuf,
    /// 1-based line; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based column in characters; 0 when unknown or the whole line.
    pub column: usize,
    pub message: String,
}

impl Problem {
    pub fn at(path: &Path, line: usize, column: usize, message: impl Into<String>) -> Problem {
        Problem {
            path: path.to_path_buf(),
            line,
            column,
            message: message.into(),
        }
    }

    pub fn file(path: &Path, message: impl Into<String>) -> Problem {
        Problem::at(path, 0, 0, message)
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.path.display();
        match (self.line, self.column) {
            (0, _) => write!(f, "{path}: {}", self.message),
            (line, 0) => write!(f, "{path}:{line}: {}", self.message),
            (line, col) => write!(f, "{path}:{line}:{col}: {}", self.message),
        }
    }
}

/// Longest text shown back to the user when quoting a bad value.
const ECHO: usize = 40;

/// Quotes a value for a message, shortened if it is long, with control
/// characters escaped (`\n`, `\u{1b}`) so that a message stays one line and
/// cannot drive the terminal.
pub fn echo(value: &str) -> String {
    let mut head = String::new();
    for c in value.chars().take(ECHO) {
        match c.is_control() {
            true => head.extend(c.escape_debug()),
            false => head.push(c),
        }
    }
    let count = value.chars().count();
    match count <= ECHO {
        true => format!("\"{head}\""),
        false => format!("\"{head}…\" ({count} characters)"),
    }
}

/// How many problems are kept in full; beyond that only a count is kept, so
/// that a file with a million bad rows does not hold a million messages.
pub const KEPT: usize = 1000;

/// Every problem found in a data directory; an error when not empty.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Problems {
    kept: Vec<Problem>,
    uncounted: usize,
}

impl Problems {
    pub fn push(&mut self, problem: Problem) {
        if self.kept.len() < KEPT {
            self.kept.push(problem);
        } else {
            self.uncounted += 1;
        }
    }

    pub fn extend(&mut self, other: Problems) {
        for p in other.kept {
            self.push(p);
        }
        self.uncounted += other.uncounted;
    }

    /// The problems of one file found in two passes, merged into line
    /// (then column) order; the first [`KEPT`] are kept.
    pub fn in_line_order(first: Problems, second: Problems) -> Problems {
        let uncounted = first.uncounted + second.uncounted;
        let mut kept = first.kept;
        kept.extend(second.kept);
        // Stable: problems at one place stay in the order they were found.
        kept.sort_by_key(|p| (p.line, p.column));
        let mut merged = Problems::default();
        for problem in kept {
            merged.push(problem);
        }
        merged.uncounted += uncounted;
        merged
    }

    /// The problems kept in full, in the order they were found.
    pub fn list(&self) -> &[Problem] {
        &self.kept
    }

    pub fn is_empty(&self) -> bool {
        self.kept.is_empty()
    }

    /// The number of problems found, kept or not.
    pub fn len(&self) -> usize {
        self.kept.len() + self.uncounted
    }

    /// Turns the collected list into a result: `Ok(value)` when empty.
    pub fn into_result<T>(self, value: T) -> Result<T, Problems> {
        if self.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }
}

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for problem in self.kept.iter().take(SHOWN) {
            writeln!(f, "error: {problem}")?;
        }
        if self.len() > SHOWN {
            writeln!(f, "… and {} more problems not shown", self.len() - SHOWN)?;
        }
        let noun = if self.len() == 1 {
            "problem"
        } else {
            "problems"
        };
        write!(f, "{} {noun} found; nothing was written", self.len())
    }
}

impl std::error::Error for Problems {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn echo_shortens_long_values_and_escapes_control_characters() {
        assert_eq!(echo("KPK"), "\"KPK\"");
        assert_eq!(echo("a\nb\u{1b}[2J"), "\"a\\nb\\u{1b}[2J\"");
        let long = "é".repeat(1000);
        assert_eq!(
            echo(&long),
            format!("\"{}…\" (1000 characters)", "é".repeat(ECHO))
        );
    }

    #[test]
    fn shows_file_line_and_column() {
        let p = Problem::at(Path::new("data/counts.csv"), 12, 5, "expected a number");
        assert_eq!(p.to_string(), "data/counts.csv:12:5: expected a number");
        assert_eq!(
            Problem::file(Path::new("x.csv"), "empty").to_string(),
            "x.csv: empty"
        );
    }

    #[test]
    fn long_lists_are_cut_with_a_count() {
        let mut all = Problems::default();
        (0..1200).for_each(|i| all.push(Problem::at(Path::new("a.csv"), i + 2, 1, "bad")));
        assert_eq!(all.len(), 1200);
        let text = all.to_string();
        assert_eq!(
            text.lines().filter(|l| l.starts_with("error:")).count(),
            SHOWN
        );
        assert!(text.contains("… and 1150 more problems not shown"));
        assert!(text.ends_with("1200 problems found; nothing was written"));
    }
}
