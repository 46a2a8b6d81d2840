//! `sitrep check --sources DIR`: the records of a (validated) data
//! directory against the source texts their sources name. Errors: a quote
//! not verbatim in its text, a `seed_file` or `not_figures.csv` text not
//! found. Warnings (errors with `--strict`): a number of a text that no
//! quote and no `not_figures.csv` entry accounts for, a text in DIR that no
//! source names.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;

use super::coverage::uncovered;
use super::quotes::{verify, Mismatch};
use super::records::{self, Located};
use super::text::SourceText;
use crate::problem::{Problem, Problems};
use crate::validate::echo;

/// What the check found.
#[derive(Debug, Default)]
pub struct SourceReport {
    pub errors: Problems,
    /// Problems that are errors only with `--strict`.
    pub warnings: Vec<Problem>,
    /// How many numbers were left uncited (they are among the warnings).
    pub uncited: usize,
    pub texts: usize,
    /// How many quotes were found verbatim.
    pub verbatim: usize,
    /// What the user should know that is not a problem (an encoding, quotes
    /// not checked for want of a text).
    pub notes: Vec<String>,
}

impl SourceReport {
    /// One line saying what was checked and what was found.
    pub fn summary(&self, dir: &Path) -> String {
        let uncited = match self.uncited {
            0 => "every number cited or listed as not a figure".to_string(),
            1 => "1 number neither cited nor listed as not a figure".to_string(),
            n => format!("{n} numbers neither cited nor listed as not a figure"),
        };
        format!(
            "{}: {} source texts: {} quotes verbatim, {uncited}",
            dir.display(),
            self.texts,
            self.verbatim
        )
    }

    /// With `--strict`, the warnings become errors.
    pub fn make_strict(&mut self) {
        for warning in std::mem::take(&mut self.warnings) {
            self.errors.push(warning);
        }
    }
}

/// Checks the data directory `data` (already validated) against the source
/// texts in `dir`.
pub fn check_sources(data: &Path, dir: &Path) -> SourceReport {
    let mut report = SourceReport::default();
    let seeds = records::seed_files(data);
    let not_figures = records::not_figures(data);
    let texts = read_texts(dir, &seeds, &not_figures, &mut report);
    report.texts = texts.len();
    let mut covered: BTreeMap<&str, Vec<Range<usize>>> = BTreeMap::new();
    let seed_of: BTreeMap<&str, &str> = seeds
        .iter()
        .map(|s| (s.key.as_str(), s.text.trim()))
        .collect();
    check_quotes(data, (&texts, &seed_of), &mut covered, &mut report);
    check_not_figures(&not_figures, &texts, &mut covered, &mut report);
    for (name, text) in &texts {
        let ranges = covered.get(name.as_str()).map_or(&[][..], Vec::as_slice);
        for mention in uncovered(text, ranges) {
            let (line, column) = text.line_column(mention.number.start);
            let number = echo(&text.excerpt(mention.number));
            let message = format!("number {number} is not cited and not listed as not a figure");
            report
                .warnings
                .push(Problem::at(&text.path, line, column, message));
            report.uncited += 1;
        }
    }
    report
}

/// Reads every text a source or a not-figure names; a missing one is an
/// error where it is named, a text nothing names is a warning.
fn read_texts(
    dir: &Path,
    seeds: &[Located],
    not_figures: &[Located],
    report: &mut SourceReport,
) -> BTreeMap<String, SourceText> {
    let mut texts = BTreeMap::new();
    let mut tried = std::collections::BTreeSet::new();
    for named in seeds.iter().chain(not_figures) {
        let name = named.refers_to.as_str();
        if !tried.insert(name) {
            continue;
        }
        let path = dir.join(name);
        if !path.is_file() {
            let message = format!(
                "seed_file: {} not found (source texts are read from {})",
                path.display(),
                dir.display()
            );
            report
                .errors
                .push(Problem::at(&named.path, named.line, named.column, message));
            continue;
        }
        match SourceText::read(&path) {
            Ok(text) => {
                if let Some(note) = text.encoding.note() {
                    report.notes.push(format!("{}: {note}", path.display()));
                }
                texts.insert(name.to_string(), text);
            }
            Err(problem) => report.errors.push(problem),
        }
    }
    unnamed_texts(dir, &texts, report);
    texts
}

/// Warns of each `.txt` file in `dir` that no source names.
fn unnamed_texts(dir: &Path, texts: &BTreeMap<String, SourceText>, report: &mut SourceReport) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut unnamed: Vec<_> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .filter(|p| {
            !p.file_name()
                .is_some_and(|n| texts.contains_key(&*n.to_string_lossy()))
        })
        .collect();
    unnamed.sort();
    for path in unnamed {
        let message = "no source in sources.csv names this text (its seed_file column)";
        report.warnings.push(Problem::file(&path, message));
    }
}

/// Every record's quote against its source's text.
fn check_quotes<'d>(
    data: &Path,
    (texts, seed_of): (&'d BTreeMap<String, SourceText>, &BTreeMap<&str, &'d str>),
    covered: &mut BTreeMap<&'d str, Vec<Range<usize>>>,
    report: &mut SourceReport,
) {
    let has_text = |source: &str| seed_of.get(source).is_some_and(|s| texts.contains_key(*s));
    let (quotes, mut unchecked) = records::quotes(data, has_text);
    for quote in quotes {
        let seed = seed_of.get(quote.refers_to.as_str()).copied();
        let Some((name, text)) = seed.and_then(|s| texts.get_key_value(s)) else {
            unchecked += 1;
            continue;
        };
        match verify(text, &quote.text) {
            Ok(found) => {
                covered.entry(name.as_str()).or_default().extend(found);
                report.verbatim += 1;
            }
            Err(mismatch) => report
                .errors
                .push(quote_problem(&quote, text, name, &mismatch)),
        }
    }
    if unchecked > 0 {
        report.notes.push(format!(
            "{unchecked} quotes not checked: their sources name no source text, or one that could not be read"
        ));
    }
}

/// `data/counts.csv:LINE:COL: quote not found in SEED (record …)`, with
/// where the closest passage is and how it differs.
fn quote_problem(quote: &Located, text: &SourceText, name: &str, mismatch: &Mismatch) -> Problem {
    let closest = match &mismatch.closest {
        Some(c) => {
            let (line, column) = text.line_column(c.range.start);
            format!(
                "; the closest passage, at {name}:{line}:{column}, has \"{}\" where the quote has \"{}\"",
                c.text_has, c.quote_has
            )
        }
        None => "; no passage of the text is like it".to_string(),
    };
    let excerpt = match quote.text.contains(super::quotes::JOINT) {
        true => format!(" (the excerpt {})", echo(&mismatch.excerpt)),
        false => String::new(),
    };
    let message = format!(
        "quote not found in {name} (record {}){excerpt}{closest}",
        quote.key
    );
    Problem::at(&quote.path, quote.line, quote.column, message)
}

/// Every `not_figures.csv` text must be in its source text.
fn check_not_figures<'d>(
    not_figures: &[Located],
    texts: &'d BTreeMap<String, SourceText>,
    covered: &mut BTreeMap<&'d str, Vec<Range<usize>>>,
    report: &mut SourceReport,
) {
    for entry in not_figures {
        let Some((name, text)) = texts.get_key_value(entry.refers_to.as_str()) else {
            continue;
        };
        let found = text.find(&super::text::fold(&entry.text));
        if found.is_empty() {
            let message = format!("text: {} not found in {name}", echo(&entry.text));
            report
                .errors
                .push(Problem::at(&entry.path, entry.line, entry.column, message));
        }
        covered.entry(name.as_str()).or_default().extend(found);
    }
}
