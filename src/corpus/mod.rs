//! Source texts: the articles records quote, and what sitrep checks and
//! finds in them.
//!
//! [`text`] reads a text (UTF-8 or Windows-1252, any line ends) and
//! normalises it for matching; [`numbers`] is the number finder that both
//! `sitrep cite` and the coverage check use; [`quotes`] verifies that a
//! quote is verbatim in its text; [`coverage`] finds the numbers nothing
//! accounts for; [`check`] is `sitrep check --sources`, reading what it
//! needs of a data directory through [`records`]. Sits on top of the
//! library: nothing below depends on it.

pub mod check;
pub mod coverage;
pub mod numbers;
pub mod quotes;
pub mod records;
pub mod sentences;
pub mod text;

pub use check::{check_sources, SourceReport};
pub use text::SourceText;
