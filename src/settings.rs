//! Project settings: `sitrep.toml`, found like Cargo.toml by walking up
//! from a folder (the data folder given with `--data`, else the working
//! directory). It says where the project keeps its data, outputs and
//! templates, and how the documents are published: organisation, author,
//! logo, the distribution line printed on every page, paper size, and which
//! outputs to produce. Title, subtitle and content are the report
//! definition's (`report.toml` in the data folder): each setting has one
//! place.
//!
//! Paths are relative to the folder holding `sitrep.toml`. Unknown keys and
//! bad values are located errors (file:line:column), as in the data files.

use std::path::{Path, PathBuf};

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use crate::problem::{position, Problem, Problems};

/// The settings file's name.
pub const FILE: &str = "sitrep.toml";

/// Everything `sitrep.toml` may say; every key is optional.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    #[serde(default)]
    pub project: ProjectPaths,
    #[serde(default)]
    pub publication: Publication,
}

/// Where the project keeps things, relative to `sitrep.toml`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ProjectPaths {
    /// The data folder (default `data`).
    pub data: Option<PathBuf>,
    /// The folder builds write into (default `reports`).
    pub out: Option<PathBuf>,
    /// A template folder replacing the built-in templates.
    pub templates: Option<PathBuf>,
}

/// How the documents are published.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Publication {
    #[serde(default)]
    pub organisation: String,
    #[serde(default)]
    pub author: String,
    /// An image (PNG, JPEG or SVG) printed on the title page and the briefing.
    pub logo: Option<PathBuf>,
    /// A distribution or classification line printed on every page.
    #[serde(default)]
    pub distribution: String,
    #[serde(default)]
    pub paper: Paper,
    /// Which outputs a build writes (default: all).
    #[serde(default = "Output::all")]
    pub outputs: Vec<Output>,
}

impl Default for Publication {
    fn default() -> Self {
        Publication {
            organisation: String::new(),
            author: String::new(),
            logo: None,
            distribution: String::new(),
            paper: Paper::default(),
            outputs: Output::all(),
        }
    }
}

/// The paper the documents are set on.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Paper {
    #[default]
    A4,
    UsLetter,
}

impl Paper {
    /// Typst's name for the paper.
    pub fn typst_name(self) -> &'static str {
        match self {
            Paper::A4 => "a4",
            Paper::UsLetter => "us-letter",
        }
    }
}

/// One kind of output a build can write.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Output {
    Report,
    Briefing,
    Metrics,
    Charts,
}

impl Output {
    pub fn all() -> Vec<Output> {
        vec![
            Output::Report,
            Output::Briefing,
            Output::Metrics,
            Output::Charts,
        ]
    }
}

/// Settings with the folder they were found in (paths resolve against it).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Project {
    /// The folder holding `sitrep.toml`; `None` when there is none.
    pub root: Option<PathBuf>,
    pub settings: Settings,
}

impl Project {
    /// A path of the settings, resolved against the project folder.
    pub fn resolve(&self, path: &Path) -> PathBuf {
        match &self.root {
            Some(root) if path.is_relative() => root.join(path),
            _ => path.to_path_buf(),
        }
    }

    /// The data folder: `--data` when given, else the settings', else `data`.
    pub fn data(&self, given: Option<&Path>) -> PathBuf {
        self.pick(given, self.settings.project.data.as_deref(), "data")
    }

    /// The output folder: `--out` when given, else the settings', else `reports`.
    pub fn out(&self, given: Option<&Path>) -> PathBuf {
        self.pick(given, self.settings.project.out.as_deref(), "reports")
    }

    /// A template folder: `--template` when given, else the settings' (or
    /// `None`: the built-in templates).
    pub fn templates(&self, given: Option<&Path>) -> Option<PathBuf> {
        match (given, &self.settings.project.templates) {
            (Some(path), _) => Some(path.to_path_buf()),
            (None, Some(path)) => Some(self.resolve(path)),
            (None, None) => None,
        }
    }

    fn pick(&self, given: Option<&Path>, set: Option<&Path>, default: &str) -> PathBuf {
        match (given, set) {
            (Some(path), _) => path.to_path_buf(),
            (None, Some(path)) => self.resolve(path),
            (None, None) => self.resolve(Path::new(default)),
        }
    }

    /// The logo's path, resolved, if the settings name one.
    pub fn logo(&self) -> Option<PathBuf> {
        self.settings
            .publication
            .logo
            .as_deref()
            .map(|p| self.resolve(p))
    }
}

/// The `sitrep.toml` in `start` or the nearest folder above it.
pub fn find(start: &Path) -> Option<PathBuf> {
    let start = std::path::absolute(start).ok()?;
    start
        .ancestors()
        .map(|dir| dir.join(FILE))
        .find(|path| path.is_file())
}

/// The project `start` lies in: its settings, or the defaults when no
/// `sitrep.toml` is found above it.
pub fn discover(start: &Path) -> Result<Project, Problems> {
    let Some(path) = find(start) else {
        return Ok(Project::default());
    };
    let settings = read(&path)?;
    Ok(Project {
        root: path.parent().map(Path::to_path_buf),
        settings,
    })
}

/// Reads and checks one settings file: every unknown key and bad value is
/// reported at once, each at its line and column.
pub fn read(path: &Path) -> Result<Settings, Problems> {
    let mut problems = Problems::default();
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) => {
            problems.push(Problem::file(
                path,
                format!("cannot be read as UTF-8 text: {e}"),
            ));
            return Err(problems);
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let at = |span: std::ops::Range<usize>, message: String| {
        let (line, column) = position(text, span.start);
        Problem::at(path, line, column, message)
    };
    let raw: BTreeMap<Spanned<String>, Spanned<toml::Value>> = match toml::from_str(text) {
        Ok(raw) => raw,
        Err(e) => {
            problems.push(at(
                e.span().unwrap_or(0..0),
                crate::problem::one_line(e.message()),
            ));
            return Err(problems);
        }
    };
    let mut errors = Vec::new();
    let settings = settings_of(&raw, &mut errors);
    for (span, message) in errors {
        let span = located_key(text, &message).map_or(span, |start| start..start);
        problems.push(at(span, message));
    }
    problems.into_result(settings)
}

/// Where the key a problem names is written: the line `key = …` under its
/// `[section]` header (the message starts `key:` or names "`key` in
/// [section]"); `None` when it cannot be found that way.
fn located_key(text: &str, message: &str) -> Option<usize> {
    let (section, key) = if let Some(rest) = message.strip_prefix("unknown key `") {
        let (key, rest) = rest.split_once('`')?;
        let section = rest.split_once('[')?.1.split_once(']')?.0;
        (section.to_string(), key.to_string())
    } else {
        let (key, _) = message.split_once(": ")?;
        let section = ["project", "publication"]
            .into_iter()
            .find(|s| section_keys(s).contains(&key))?;
        (section.to_string(), key.to_string())
    };
    let (mut offset, mut current) = (0, String::new());
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if let Some(header) = trimmed.strip_prefix('[') {
            current = header.split(']').next().unwrap_or("").trim().to_string();
        } else if current == section {
            let after = trimmed.strip_prefix(key.as_str()).map(str::trim_start);
            if after.is_some_and(|a| a.starts_with('=')) {
                let indent = line.len() - trimmed.len();
                let value = trimmed.find('=').map_or(0, |i| i + 1);
                let value = value + trimmed[value..].len() - trimmed[value..].trim_start().len();
                let column = if message.starts_with("unknown key") {
                    0
                } else {
                    value
                };
                return Some(offset + indent + column);
            }
        }
        offset += line.len();
    }
    None
}

/// The keys each table of sitrep.toml knows.
fn section_keys(section: &str) -> &'static [&'static str] {
    match section {
        "project" => &["data", "out", "templates"],
        "publication" => &[
            "organisation",
            "author",
            "logo",
            "distribution",
            "paper",
            "outputs",
        ],
        _ => &[],
    }
}

/// A problem found in the settings: where (bytes) and what.
type Found = (std::ops::Range<usize>, String);

/// The settings the tables say, every problem found in them noted.
fn settings_of(
    raw: &BTreeMap<Spanned<String>, Spanned<toml::Value>>,
    errors: &mut Vec<Found>,
) -> Settings {
    let mut settings = Settings::default();
    for (key, value) in raw {
        let Some(table) = value.get_ref().as_table() else {
            errors.push((
                key.span(),
                format!(
                    "`{}` should be a table such as [{}]",
                    key.get_ref(),
                    key.get_ref()
                ),
            ));
            continue;
        };
        match key.get_ref().as_str() {
            "project" => settings.project = project_of(table, value.span(), errors),
            "publication" => settings.publication = publication_of(table, value.span(), errors),
            other => errors.push((
                key.span(),
                format!("unknown table [{other}]; sitrep.toml has [project] and [publication]"),
            )),
        }
    }
    settings
}

/// One key of a table, deserialised as `T`, or a problem noted.
fn field<T: for<'de> Deserialize<'de>>(
    table: &toml::Table,
    key: &str,
    span: &std::ops::Range<usize>,
    expected: &str,
    errors: &mut Vec<Found>,
) -> Option<T> {
    let value = table.get(key)?;
    match value.clone().try_into::<T>() {
        Ok(v) => Some(v),
        Err(e) => {
            let found = crate::problem::one_line(e.message());
            errors.push((
                span.clone(),
                format!("{key}: expected {expected} ({found})"),
            ));
            None
        }
    }
}

/// Every key of `table` not in `known`, noted.
fn unknown_keys(
    table: &toml::Table,
    section: &str,
    known: &[&str],
    span: &std::ops::Range<usize>,
    errors: &mut Vec<Found>,
) {
    for key in table.keys().filter(|k| !known.contains(&k.as_str())) {
        errors.push((
            span.clone(),
            format!(
                "unknown key `{key}` in [{section}]; expected one of {}",
                known.join(", ")
            ),
        ));
    }
}

fn project_of(
    table: &toml::Table,
    span: std::ops::Range<usize>,
    errors: &mut Vec<Found>,
) -> ProjectPaths {
    unknown_keys(table, "project", section_keys("project"), &span, errors);
    let path = |key: &str, errors: &mut Vec<Found>| {
        field::<PathBuf>(table, key, &span, "a path in quotes", errors)
    };
    ProjectPaths {
        data: path("data", errors),
        out: path("out", errors),
        templates: path("templates", errors),
    }
}

fn publication_of(
    table: &toml::Table,
    span: std::ops::Range<usize>,
    errors: &mut Vec<Found>,
) -> Publication {
    unknown_keys(
        table,
        "publication",
        section_keys("publication"),
        &span,
        errors,
    );
    let text = |key: &str, errors: &mut Vec<Found>| {
        field::<String>(table, key, &span, "text in quotes", errors).unwrap_or_default()
    };
    let defaults = Publication::default();
    Publication {
        organisation: text("organisation", errors),
        author: text("author", errors),
        logo: field(table, "logo", &span, "a path in quotes", errors),
        distribution: text("distribution", errors),
        paper: field(table, "paper", &span, "\"a4\" or \"us-letter\"", errors)
            .unwrap_or(defaults.paper),
        outputs: field(
            table,
            "outputs",
            &span,
            "a list of \"report\", \"briefing\", \"metrics\", \"charts\"",
            errors,
        )
        .unwrap_or(defaults.outputs),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings_file(text: &str) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE);
        std::fs::write(&path, text).unwrap();
        (dir, path)
    }

    #[test]
    fn every_key_is_optional_and_read_when_given() {
        let (_dir, path) = settings_file("");
        assert_eq!(read(&path).unwrap(), Settings::default());
        let text = "[project]\ndata = \"cited\"\n[publication]\norganisation = \"Desk\"\npaper = \"us-letter\"\noutputs = [\"report\", \"metrics\"]\n";
        let (_dir, path) = settings_file(text);
        let s = read(&path).unwrap();
        assert_eq!(s.publication.paper, Paper::UsLetter);
        assert_eq!(s.publication.outputs, [Output::Report, Output::Metrics]);
        assert_eq!(s.project.data, Some(PathBuf::from("cited")));
    }

    #[test]
    fn unknown_keys_and_bad_values_are_located_whatever_the_line_ends() {
        for eol in ["\n", "\r\n"] {
            let text =
                format!("[publication]{eol}organisation = \"Desk\"{eol}papper = \"a4\"{eol}");
            let (_dir, path) = settings_file(&text);
            let message = read(&path).unwrap_err().to_string();
            assert!(
                message.contains("sitrep.toml:3:1: unknown key `papper` in [publication]"),
                "{message}"
            );
            let text = format!(
                "[publication]{eol}paper = \"a5\"{eol}colour = 1{eol}[look]{eol}x = 1{eol}"
            );
            let (_dir, path) = settings_file(&text);
            let message = read(&path).unwrap_err().to_string();
            assert!(
                message.contains("sitrep.toml:2:9: paper: expected \"a4\" or \"us-letter\""),
                "{message}"
            );
            assert!(
                message.contains("sitrep.toml:3:1: unknown key `colour` in [publication]"),
                "{message}"
            );
            assert!(
                message.contains("sitrep.toml:4:2: unknown table [look]"),
                "{message}"
            );
            assert!(message.contains("3 problems found"), "{message}");
        }
    }

    #[test]
    fn the_nearest_settings_above_a_folder_are_found_and_paths_resolve_there() {
        let (dir, _) = settings_file("[project]\nout = \"built\"\n");
        let nested = dir.path().join("data/imported");
        std::fs::create_dir_all(&nested).unwrap();
        let project = discover(&nested).unwrap();
        let root = std::path::absolute(dir.path()).unwrap();
        assert_eq!(project.root.as_deref(), Some(root.as_path()));
        assert_eq!(project.out(None), root.join("built"));
        assert_eq!(project.out(Some(Path::new("x"))), PathBuf::from("x"));
        assert_eq!(project.data(None), root.join("data"));
    }
}
