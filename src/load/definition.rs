//! The report definition, `report.toml` in the data directory: what the
//! report says, in the analyst's words, with placeholders for the numbers.
//!
//! It names the title and subtitle, the pairs of groups to compare, the key
//! findings and the briefing's key numbers (sentences with placeholders such
//! as `{pips.pakistan.{year}.attacks.all}`), the sections with the metrics
//! and charts each shows, and the analyst's own caveats. Without the file a
//! built-in definition serves (the one `sitrep init` writes).
//!
//! This module reads the file and checks what can be checked without the
//! metrics: its syntax, unknown keys, the groups and measures it names, the
//! placeholders' syntax. Every problem is located by line and column in
//! characters, whatever the line ends. Resolving placeholders against the
//! metrics is the report's job (`report::placeholders`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::load::records::Measure;
use crate::problem::{Problem, Problems};
use crate::validate::{Listed, Vocabulary};

/// The file name of the report definition in a data directory.
pub const FILE: &str = "report.toml";

/// The definition used when a data directory has no `report.toml`.
pub const DEFAULT: &str = include_str!("default_report.toml");

/// A string of the definition with its place in the file.
pub type Text = Spanned<String>;

/// The whole report definition.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Definition {
    pub title: Text,
    #[serde(default = "empty_text")]
    pub subtitle: Text,
    /// Pairs of groups compared per period.
    #[serde(default)]
    pub compare: Vec<Comparison>,
    #[serde(default, rename = "finding")]
    pub findings: Vec<Statement>,
    #[serde(default, rename = "key_number")]
    pub key_numbers: Vec<KeyNumber>,
    #[serde(default, rename = "section")]
    pub sections: Vec<Section>,
    #[serde(default)]
    pub briefing: Briefing,
    /// The analyst's caveats, printed before those sitrep writes.
    #[serde(default)]
    pub caveats: Vec<Text>,
    /// Where the definition was read from, and its text (for positions).
    #[serde(skip)]
    pub source: Origin,
}

fn empty_text() -> Text {
    Spanned::new(0..0, String::new())
}

/// Where a definition comes from: a file, or the built-in default.
#[derive(Debug, Clone, Default)]
pub struct Origin {
    /// `None` for the built-in definition.
    pub path: Option<PathBuf>,
    pub text: String,
}

/// Two groups compared per period: each one's count, the ratio between
/// them and each one's share of the two.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Comparison {
    pub groups: Spanned<[String; 2]>,
    pub measure: Spanned<String>,
}

/// A sentence of the analyst's with placeholders, and how to choose the
/// values of the variables in them.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Statement {
    pub text: Text,
    /// Variable → how its value is chosen (default `latest`).
    #[serde(default)]
    pub pick: BTreeMap<String, Text>,
    /// Whether the data may lack its figures without `check` calling it an
    /// error (a finding about a change needs two periods of counts).
    #[serde(default)]
    pub optional: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyNumber {
    /// A metric id, with variables: `pips.pakistan.{year}.attacks.all`.
    pub value: Text,
    /// What the number is, with the same variables: "Attacks in {year}".
    pub label: Text,
    #[serde(default)]
    pub pick: BTreeMap<String, Text>,
    #[serde(default)]
    pub optional: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    pub title: Text,
    #[serde(default = "empty_text")]
    pub intro: Text,
    /// A variable: the section is repeated for each of its values.
    #[serde(default)]
    pub each: Option<Text>,
    /// Metric id patterns (`*` for any text): the rows of its tables.
    #[serde(default)]
    pub metrics: Vec<Text>,
    /// Patterns of metric ids left out of `metrics`.
    #[serde(default)]
    pub exclude: Vec<Text>,
    /// Chart id patterns: the charts it shows, in this order.
    #[serde(default)]
    pub charts: Vec<Text>,
    /// Pivot tables: metrics that differ only in a period, place, group or
    /// measure, set out as a grid instead of one row each.
    #[serde(default, rename = "pivot")]
    pub pivots: Vec<Pivot>,
}

/// A pivot table of a section: the metrics its patterns match, one row per
/// value of the `rows` variables and one column per value of `columns`;
/// any other variable of the patterns gives a table per value.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pivot {
    /// Printed over the table; may use the section's `each` variable.
    #[serde(default = "empty_text")]
    pub title: Text,
    /// Metric id patterns with variables: `events.{dataset}.by_year.{year}.{what}`.
    pub metrics: Vec<Text>,
    /// The variables whose values make the rows (years down, say).
    pub rows: Vec<Text>,
    /// The variable whose values make the columns.
    pub columns: Text,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Briefing {
    /// Chart id patterns for the briefing, the first on its first page.
    #[serde(default)]
    pub charts: Vec<Text>,
    /// How many findings the briefing prints (the first ones).
    #[serde(default = "four")]
    pub findings: usize,
}

fn four() -> usize {
    4
}

impl Default for Briefing {
    fn default() -> Self {
        Briefing {
            charts: Vec::new(),
            findings: four(),
        }
    }
}

/// One piece of a text with placeholders.
#[derive(Debug, Clone, PartialEq)]
pub enum Piece {
    Literal(String),
    /// `{year}`, `{year:words}`: a variable's value.
    Variable {
        name: String,
        format: Option<String>,
        at: usize,
    },
    /// `{pips.pakistan.{year}.attacks.all}`, `{….attacks.all:best}`: a metric.
    Metric {
        pattern: Pattern,
        format: Option<String>,
        at: usize,
    },
}

/// A metric id with variables (`{year}`) and, in section lists, wildcards
/// (`*`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Pattern(pub Vec<Part>);

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Part {
    Literal(String),
    /// `{year}`; `{year:previous}` stands for the period before the value.
    Variable {
        name: String,
        previous: bool,
    },
    Any,
}

/// Why a text could not be read as placeholders: where in the text (bytes)
/// and what was expected.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntaxError {
    pub at: usize,
    pub message: String,
}

/// Reads a text with `{placeholders}` (`{{` and `}}` are braces).
pub fn parse_template(text: &str) -> Result<Vec<Piece>, SyntaxError> {
    let mut pieces = Vec::new();
    let mut literal = String::new();
    let mut rest = text.char_indices().peekable();
    while let Some((at, c)) = rest.next() {
        match c {
            '{' if rest.peek().map(|p| p.1) == Some('{') => {
                rest.next();
                literal.push('{');
            }
            '}' if rest.peek().map(|p| p.1) == Some('}') => {
                rest.next();
                literal.push('}');
            }
            '{' => {
                let end = closing_brace(text, at)?;
                if !literal.is_empty() {
                    pieces.push(Piece::Literal(std::mem::take(&mut literal)));
                }
                pieces.push(placeholder(&text[at + 1..end], at)?);
                while rest.peek().is_some_and(|(i, _)| *i <= end) {
                    rest.next();
                }
            }
            '}' => {
                return Err(error(
                    at,
                    "a `}` closes no placeholder; write `}}` for a brace",
                ))
            }
            c => literal.push(c),
        }
    }
    if !literal.is_empty() {
        pieces.push(Piece::Literal(literal));
    }
    Ok(pieces)
}

fn error(at: usize, message: impl Into<String>) -> SyntaxError {
    SyntaxError {
        at,
        message: message.into(),
    }
}

/// The byte index of the `}` that closes the `{` at `open` (placeholders
/// hold variables one level deep: `{a.{year}.b}`).
fn closing_brace(text: &str, open: usize) -> Result<usize, SyntaxError> {
    let mut depth = 0;
    for (i, c) in text[open..].char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            _ => continue,
        }
        if depth == 0 {
            return Ok(open + i);
        }
        if depth > 2 {
            return Err(error(
                open + i,
                "placeholders hold variables one level deep: {a.{year}.b}",
            ));
        }
    }
    Err(error(open, "a placeholder `{` is never closed with `}`"))
}

/// One placeholder's inside: `name[:format]` or `metric.pattern[:format]`.
fn placeholder(inside: &str, at: usize) -> Result<Piece, SyntaxError> {
    let (body, format) = match inside.rsplit_once(':') {
        Some((body, format)) if !format.contains('}') && !format.contains('.') => {
            (body, Some(format.to_string()))
        }
        _ => (inside, None),
    };
    if body.is_empty() {
        return Err(error(
            at,
            "an empty placeholder `{}`; write `{{}}` for braces",
        ));
    }
    if !body.contains('.') && !body.contains('{') {
        check_name(body, at + 1)?;
        return Ok(Piece::Variable {
            name: body.to_string(),
            format,
            at,
        });
    }
    let pattern = parse_pattern(body, at + 1, false)?;
    Ok(Piece::Metric {
        pattern,
        format,
        at,
    })
}

/// Reads a metric id pattern: id characters, `{variable}`s and, where
/// `wildcards`, `*`. `offset` is where `text` starts, for errors.
pub fn parse_pattern(text: &str, offset: usize, wildcards: bool) -> Result<Pattern, SyntaxError> {
    let mut parts = Vec::new();
    let mut literal = String::new();
    let mut chars = text.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '{' => {
                let close = text[i..]
                    .find('}')
                    .map(|j| i + j)
                    .ok_or_else(|| error(offset + i, "a `{` is never closed"))?;
                let inside = &text[i + 1..close];
                let (name, previous) = match inside.split_once(':') {
                    Some((name, "previous")) => (name, true),
                    Some((_, format)) => {
                        return Err(error(offset + i, format!("in a metric id a variable may only be written {{name}} or {{name:previous}}, not with :{format}")))
                    }
                    None => (inside, false),
                };
                check_name(name, offset + i + 1)?;
                flush(&mut literal, &mut parts);
                parts.push(Part::Variable {
                    name: name.to_string(),
                    previous,
                });
                chars
                    .by_ref()
                    .take_while(|(j, _)| *j < close)
                    .for_each(drop);
            }
            '*' if wildcards => {
                flush(&mut literal, &mut parts);
                parts.push(Part::Any);
            }
            c if is_id_char(c) => literal.push(c),
            c => {
                let hint = if wildcards { " and `*`" } else { "" };
                return Err(error(offset + i, format!("{c:?} cannot be part of a metric id (lowercase letters, digits, `.`, `-`, `_`, `{{variables}}`{hint})")));
            }
        }
    }
    flush(&mut literal, &mut parts);
    Ok(Pattern(parts))
}

fn flush(literal: &mut String, parts: &mut Vec<Part>) {
    if !literal.is_empty() {
        parts.push(Part::Literal(std::mem::take(literal)));
    }
}

fn is_id_char(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '-' | '_')
}

fn check_name(name: &str, at: usize) -> Result<(), SyntaxError> {
    let ok = name.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if ok {
        Ok(())
    } else {
        Err(error(at, format!("{name:?} is not a variable name (lowercase letters, digits and `_`, such as `year`)")))
    }
}

impl Pattern {
    /// The variables the pattern names, in order.
    pub fn variables(&self) -> impl Iterator<Item = &str> {
        self.0.iter().filter_map(|p| match p {
            Part::Variable { name, .. } => Some(name.as_str()),
            _ => None,
        })
    }

    /// The variables the pattern binds: those written plainly (`{year}`,
    /// not `{year:previous}`).
    pub fn binds(&self) -> impl Iterator<Item = &str> {
        self.0.iter().filter_map(|p| match p {
            Part::Variable {
                name,
                previous: false,
            } => Some(name.as_str()),
            _ => None,
        })
    }

    /// The text before the first variable or wildcard: every id the pattern
    /// matches starts with it.
    pub fn prefix(&self) -> &str {
        match self.0.first() {
            Some(Part::Literal(text)) => text,
            _ => "",
        }
    }
}

impl std::fmt::Display for Pattern {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for part in &self.0 {
            match part {
                Part::Literal(text) => f.write_str(text)?,
                Part::Variable {
                    name,
                    previous: false,
                } => write!(f, "{{{name}}}")?,
                Part::Variable {
                    name,
                    previous: true,
                } => write!(f, "{{{name}:previous}}")?,
                Part::Any => f.write_str("*")?,
            }
        }
        Ok(())
    }
}

/// How a variable's value is chosen among those that resolve every
/// placeholder of a statement.
#[derive(Debug, Clone, PartialEq)]
pub enum Pick {
    /// The last in id order (the latest period): the default.
    Latest,
    Earliest,
    /// Every value, one statement (or section) each.
    Each,
    /// The value whose metric `pattern` has the largest (smallest) best value.
    Largest(Pattern),
    Smallest(Pattern),
}

pub fn parse_pick(text: &str, offset: usize) -> Result<Pick, SyntaxError> {
    let (word, rest) = text.trim().split_once(' ').unwrap_or((text.trim(), ""));
    let rest_at = offset + text.find(rest).unwrap_or(0);
    match (word, rest.trim()) {
        ("latest", "") => Ok(Pick::Latest),
        ("earliest", "") => Ok(Pick::Earliest),
        ("each", "") => Ok(Pick::Each),
        ("largest", p) if !p.is_empty() => Ok(Pick::Largest(parse_pattern(p, rest_at, false)?)),
        ("smallest", p) if !p.is_empty() => Ok(Pick::Smallest(parse_pattern(p, rest_at, false)?)),
        _ => Err(error(offset, format!("expected `latest`, `earliest`, `each`, `largest METRIC` or `smallest METRIC`, found {text:?}"))),
    }
}

/// What a definition may name, and which ids their files lack (a file that
/// could not be read whole lacks none: its problems are reported there).
pub struct Known<'a> {
    pub groups: (&'a Vocabulary, &'a Listed),
    pub measures: (&'a BTreeMap<String, Measure>, &'a Listed),
}

/// Reads the report definition of the data directory `dir`: its
/// `report.toml`, or the built-in default when it has none. Problems go
/// to `problems`, located in the file.
pub fn read(dir: &Path, known: &Known, problems: &mut Problems) -> Option<Definition> {
    let path = dir.join(FILE);
    let origin = match std::fs::read(&path) {
        Ok(bytes) => Origin {
            text: text_of(&path, &bytes, problems)?,
            path: Some(path),
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Origin {
            path: None,
            text: DEFAULT.to_string(),
        },
        Err(e) => {
            problems.push(Problem::file(&path, format!("cannot be read: {e}")));
            return None;
        }
    };
    let definition = parse(origin, problems)?;
    let before = problems.len();
    check(&definition, known, problems);
    (problems.len() == before).then_some(definition)
}

/// The file's text: UTF-8 after an optional byte-order mark, lone CR line
/// ends read as LF (same length, so positions hold).
fn text_of(path: &Path, bytes: &[u8], problems: &mut Problems) -> Option<String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Some(lone_cr_as_lf(text)),
        Err(e) => {
            let text = String::from_utf8_lossy(&bytes[..e.valid_up_to()]);
            let (line, column) = position(&text, text.len());
            problems.push(Problem::at(
                path,
                line,
                column,
                "not UTF-8 text: save report.toml as UTF-8",
            ));
            None
        }
    }
}

fn lone_cr_as_lf(text: &str) -> String {
    let bytes = text.as_bytes();
    text.char_indices()
        .map(|(i, c)| {
            if c == '\r' && bytes.get(i + 1) != Some(&b'\n') {
                '\n'
            } else {
                c
            }
        })
        .collect()
}

pub use crate::problem::position;

fn parse(origin: Origin, problems: &mut Problems) -> Option<Definition> {
    match toml::from_str::<Definition>(&origin.text) {
        Ok(mut definition) => {
            definition.source = origin;
            Some(definition)
        }
        Err(e) => {
            let at = e.span().map_or(0, |s| s.start);
            let message = crate::problem::one_line(e.message());
            problems.push(located(&origin, at, message));
            None
        }
    }
}

/// A problem at byte `at` of the definition.
pub fn located(origin: &Origin, at: usize, message: impl Into<String>) -> Problem {
    let (line, column) = position(&origin.text, at);
    let path = origin
        .path
        .clone()
        .unwrap_or_else(|| PathBuf::from("<built-in report.toml>"));
    Problem::at(&path, line, column, message)
}

impl Definition {
    /// A problem at byte `offset` of the value of `text` (after decoding),
    /// placed at the same characters in the file where the value is
    /// written without escapes, else at the value's start.
    pub fn problem_in(&self, text: &Text, offset: usize, message: impl Into<String>) -> Problem {
        located(&self.source, self.file_offset(text, offset), message)
    }

    fn file_offset(&self, text: &Text, offset: usize) -> usize {
        let span = text.span();
        let raw = self.source.text.get(span.clone()).unwrap_or("");
        let mut opening = if raw.starts_with("\"\"\"") || raw.starts_with("'''") {
            3
        } else {
            1
        };
        // TOML drops a line break right after the opening of a multi-line string.
        if opening == 3 {
            opening += [("\r\n", 2), ("\n", 1)]
                .iter()
                .find(|(eol, _)| raw[3..].starts_with(eol))
                .map_or(0, |(_, n)| *n);
        }
        let inner = raw.get(opening..).unwrap_or("");
        match inner.get(..offset) {
            Some(head) if !raw.starts_with('"') || !head.contains('\\') => {
                span.start + opening + offset
            }
            _ => span.start,
        }
    }

    /// Every text with placeholders: findings, key numbers (label and
    /// value), section titles and intros, caveats.
    pub fn statements(&self) -> impl Iterator<Item = &Text> {
        let findings = self.findings.iter().map(|f| &f.text);
        let numbers = self.key_numbers.iter().flat_map(|k| [&k.label]);
        let sections = self.sections.iter().flat_map(|s| [&s.title, &s.intro]);
        findings
            .chain(numbers)
            .chain(sections)
            .chain(&self.caveats)
            .chain([&self.title, &self.subtitle])
    }
}

/// The checks that need no metrics: groups and measures compared exist,
/// every text, pattern and pick parses.
fn check(d: &Definition, known: &Known, problems: &mut Problems) {
    let (groups, groups_listed) = known.groups;
    let (measures, measures_listed) = known.measures;
    for comparison in &d.compare {
        let at = comparison.groups.span().start;
        for group in comparison.groups.get_ref() {
            if groups_listed.lacks(group) {
                let message = format!("compare: {}", groups.unknown(group));
                problems.push(located(&d.source, at, message));
            }
        }
        let measure = comparison.measure.get_ref();
        if measures_listed.lacks(measure) {
            let ids: Vec<&str> = measures.keys().map(String::as_str).collect();
            let message = format!(
                "compare: unknown measure {measure:?} (measures.csv lists {})",
                ids.join(", ")
            );
            problems.push(located(&d.source, comparison.measure.span().start, message));
        }
    }
    for text in d.statements() {
        if let Err(e) = parse_template(text.get_ref()) {
            problems.push(d.problem_in(text, e.at, e.message));
        }
    }
    for key in &d.key_numbers {
        if let Err(e) = parse_pattern(key.value.get_ref(), 0, false) {
            problems.push(d.problem_in(&key.value, e.at, e.message));
        }
    }
    let picks = d
        .findings
        .iter()
        .flat_map(|f| f.pick.values())
        .chain(d.key_numbers.iter().flat_map(|k| k.pick.values()));
    for pick in picks {
        if let Err(e) = parse_pick(pick.get_ref(), 0) {
            problems.push(d.problem_in(pick, e.at, e.message));
        }
    }
    let pivots = d.sections.iter().flat_map(|s| &s.pivots);
    let patterns = d
        .sections
        .iter()
        .flat_map(|s| s.metrics.iter().chain(&s.exclude).chain(&s.charts))
        .chain(pivots.clone().flat_map(|p| &p.metrics))
        .chain(&d.briefing.charts);
    for pattern in patterns {
        if let Err(e) = parse_pattern(pattern.get_ref(), 0, true) {
            problems.push(d.problem_in(pattern, e.at, e.message));
        }
    }
    for pivot in pivots {
        check_pivot(d, pivot, problems);
    }
}

/// A pivot's `rows` and `columns` must be variables of its patterns, and
/// not the same one twice.
fn check_pivot(d: &Definition, pivot: &Pivot, problems: &mut Problems) {
    let variables: Vec<String> = pivot
        .metrics
        .iter()
        .filter_map(|t| parse_pattern(t.get_ref(), 0, true).ok())
        .flat_map(|p| p.variables().map(str::to_string).collect::<Vec<_>>())
        .collect();
    let mut seen: Vec<&str> = Vec::new();
    for name in pivot.rows.iter().chain(std::iter::once(&pivot.columns)) {
        let text = name.get_ref().as_str();
        let message = if !variables.iter().any(|v| v == text) {
            format!("pivot: {text:?} is not a variable of its metrics patterns (write it as {{{text}}} in one of them)")
        } else if seen.contains(&text) {
            format!("pivot: {text:?} is named twice; rows and columns take different variables")
        } else {
            seen.push(text);
            continue;
        };
        problems.push(d.problem_in(name, 0, message));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_hold_literals_variables_and_metric_patterns() {
        let pieces =
            parse_template("In {year}: {pips.pakistan.{year}.attacks.all:best} {{x}}").unwrap();
        assert_eq!(pieces[0], Piece::Literal("In ".into()));
        assert!(
            matches!(&pieces[1], Piece::Variable { name, format: None, at: 3 } if name == "year")
        );
        let Piece::Metric {
            pattern,
            format,
            at,
        } = &pieces[3]
        else {
            panic!("{pieces:?}")
        };
        assert_eq!(pattern.to_string(), "pips.pakistan.{year}.attacks.all");
        assert_eq!((format.as_deref(), *at), (Some("best"), 11));
        assert_eq!(pieces.last(), Some(&Piece::Literal(" {x}".into())));
    }

    #[test]
    fn broken_templates_say_where_and_what() {
        let e = parse_template("Attacks: {pips.2017.Attacks}").unwrap_err();
        assert_eq!(e.at, 20);
        assert!(
            e.message.contains("'A' cannot be part of a metric id"),
            "{}",
            e.message
        );
        assert_eq!(parse_template("open {year").unwrap_err().at, 5);
        assert_eq!(parse_template("a } b").unwrap_err().at, 2);
        assert!(parse_template("{Year}")
            .unwrap_err()
            .message
            .contains("variable name"));
    }

    #[test]
    fn picks_read_their_metric_pattern() {
        assert_eq!(parse_pick("latest", 0), Ok(Pick::Latest));
        let Ok(Pick::Largest(p)) = parse_pick("largest incidents.{incident}.killed", 0) else {
            panic!()
        };
        assert_eq!(p.variables().collect::<Vec<_>>(), ["incident"]);
        assert!(parse_pick("newest", 0).is_err());
    }

    #[test]
    fn a_pivot_names_variables_of_its_patterns_once_each() {
        let text = "title = \"T\"\n[[section]]\ntitle = \"S\"\n[[section.pivot]]\nmetrics = [\"a.{year}.{what}\"]\nrows = [\"year\", \"year\"]\ncolumns = \"whom\"\n";
        let origin = Origin {
            path: None,
            text: text.to_string(),
        };
        let mut problems = Problems::default();
        let d = parse(origin, &mut problems).unwrap();
        check_pivot(&d, &d.sections[0].pivots[0], &mut problems);
        let messages: Vec<String> = problems.list().iter().map(|p| p.message.clone()).collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(
            messages[0].contains("\"year\" is named twice"),
            "{messages:?}"
        );
        assert!(
            messages[1].contains("\"whom\" is not a variable"),
            "{messages:?}"
        );
        assert_eq!(problems.list()[1].line, 7);
    }

    #[test]
    fn positions_count_characters_whatever_the_line_ends() {
        let lf = "a = 1\nb = \"é{x\"\n";
        let crlf = lf.replace('\n', "\r\n");
        let at = |text: &str| text.find("{x").unwrap();
        assert_eq!(position(lf, at(lf)), (2, 7));
        assert_eq!(position(&crlf, at(&crlf)), (2, 7));
        assert_eq!(lone_cr_as_lf("a\rb\r\nc"), "a\nb\r\nc");
    }
}
