//! `sitrep diff OLD NEW`: which numbers moved between two revisions of the
//! data, and why.
//!
//! A side is a data directory, a git revision of the repository (read with
//! `git show`, never touching the work tree), or a `metrics.json` written by
//! an earlier build. Metrics are compared id by id; records field by field
//! (in the spirit of daff and `dvc metrics diff`); sources by id, with the
//! metrics each changed record or source moved.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use serde::Serialize;
use serde_json::Value;

use crate::compute::{compute, format, Metric, MetricSet};
use crate::load::events::Event;
use crate::load::records::{CasualtyEstimate, Count, Incident, Source, StrengthEstimate};
use crate::load::{load_dataset, Dataset, FILES, IMPORTED, OPTIONAL_FILES};

/// One side of a comparison, loaded.
pub struct Snapshot {
    pub label: String,
    pub metrics: MetricSet,
    /// `None` for a metrics.json side: records cannot be compared.
    pub data: Option<Dataset>,
}

/// Why a side could not be read.
#[derive(Debug, thiserror::Error)]
pub enum SideError {
    #[error("error: {0} is neither a data directory, a metrics.json file nor a git revision of this repository")]
    Unknown(String),
    #[error("{0}")]
    Data(String),
    #[error("error: {0}")]
    Other(String),
}

/// Reads `spec`: a directory, a `.json` file, or a git revision of the
/// repository that `repo` is in, whose data lives at `data_path` in it.
pub fn snapshot(spec: &str, repo: &Path, data_path: &str) -> Result<Snapshot, SideError> {
    let path = PathBuf::from(spec);
    if path.is_dir() {
        let data = load_dataset(&path).map_err(|p| SideError::Data(p.to_string()))?;
        return from_data(spec, data);
    }
    if path.is_file() {
        let text =
            std::fs::read_to_string(&path).map_err(|e| SideError::Other(format!("{spec}: {e}")))?;
        let metrics: MetricSet = serde_json::from_str(&text)
            .map_err(|e| SideError::Other(format!("{spec}: not a metrics.json: {e}")))?;
        return Ok(Snapshot {
            label: spec.to_string(),
            metrics,
            data: None,
        });
    }
    let commit = git(
        repo,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{spec}^{{commit}}"),
        ],
    )
    .map_err(|_| SideError::Unknown(spec.to_string()))?;
    let dir = tempfile::tempdir().map_err(|e| SideError::Other(e.to_string()))?;
    for name in git_data_files(repo, commit.trim(), data_path) {
        // A file the revision lacks is left out: the loader reports a
        // missing required file, and an optional one is simply absent.
        let Ok(bytes) = git_bytes(
            repo,
            &["show", &format!("{}:{data_path}/{name}", commit.trim())],
        ) else {
            continue;
        };
        let path = dir.path().join(&name);
        let written = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|_| std::fs::write(&path, bytes));
        written.map_err(|e| SideError::Other(e.to_string()))?;
    }
    let data = load_dataset(dir.path()).map_err(|p| {
        SideError::Data(p.to_string().replace(
            &dir.path().display().to_string(),
            &format!("{spec}:{data_path}"),
        ))
    })?;
    from_data(spec, data)
}

fn from_data(label: &str, data: Dataset) -> Result<Snapshot, SideError> {
    let metrics = compute(&data)
        .map_err(|e| SideError::Other(format!("computing metrics for {label}: {e}")))?;
    Ok(Snapshot {
        label: label.to_string(),
        metrics,
        data: Some(data),
    })
}

/// The data files to read from a revision: the required and optional ones,
/// and every `imported/{name}/events.csv` the revision holds.
fn git_data_files(repo: &Path, commit: &str, data_path: &str) -> Vec<String> {
    let mut names: Vec<String> = FILES
        .iter()
        .chain(&OPTIONAL_FILES)
        .map(|n| n.to_string())
        .collect();
    let prefix = format!("{data_path}/{IMPORTED}/");
    let listing = git(
        repo,
        &["ls-tree", "-r", "--name-only", commit, "--", &prefix],
    )
    .unwrap_or_default();
    names.extend(
        listing
            .lines()
            .filter(|l| l.ends_with("/events.csv"))
            .filter_map(|l| l.strip_prefix(&format!("{data_path}/")).map(str::to_string)),
    );
    names
}

fn git_bytes(repo: &Path, args: &[&str]) -> Result<Vec<u8>, ()> {
    let out = Command::new("git")
        .arg("-C")
        .arg(repo)
        .args(args)
        .output()
        .map_err(|_| ())?;
    if out.status.success() {
        Ok(out.stdout)
    } else {
        Err(())
    }
}

fn git(repo: &Path, args: &[&str]) -> Result<String, ()> {
    git_bytes(repo, args).map(|b| String::from_utf8_lossy(&b).into_owned())
}

/// How one item differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Change {
    Added,
    Removed,
    Changed,
    Unchanged,
}

#[derive(Debug, Serialize)]
pub struct MetricChange {
    pub id: String,
    pub change: Change,
    pub old: Option<Value>,
    pub new: Option<Value>,
    /// "+6", "best +1.5, high +3", "" when added or removed.
    pub delta: String,
    #[serde(skip)]
    old_display: String,
    #[serde(skip)]
    new_display: String,
}

#[derive(Debug, Serialize)]
pub struct FieldChange {
    pub field: String,
    pub old: String,
    pub new: String,
}

#[derive(Debug, Serialize)]
pub struct RecordChange {
    pub record: String,
    pub change: Change,
    pub fields: Vec<FieldChange>,
    /// Metrics that rest on this record and changed.
    pub moved: Vec<String>,
}

/// The whole comparison.
#[derive(Debug, Serialize)]
pub struct Diff {
    pub old: String,
    pub new: String,
    pub identical: bool,
    pub metrics: Vec<MetricChange>,
    /// `None` when a side is a metrics.json (no records to compare).
    pub records: Option<Vec<RecordChange>>,
    pub sources: Option<Vec<RecordChange>>,
}

/// One side of a comparison, borrowed: a [`Snapshot`], or the edition a
/// build has in hand (whose million records are not copied to compare them).
#[derive(Debug, Clone, Copy)]
pub struct Side<'a> {
    pub label: &'a str,
    pub metrics: &'a MetricSet,
    /// `None` for a metrics.json side: records cannot be compared.
    pub data: Option<&'a Dataset>,
}

impl Snapshot {
    pub fn side(&self) -> Side<'_> {
        Side {
            label: &self.label,
            metrics: &self.metrics,
            data: self.data.as_ref(),
        }
    }
}

/// Compares two sides. Records and sources that did not change are listed
/// too only if `all`.
pub fn diff(old: Side, new: Side, all: bool) -> Diff {
    let metrics = compare_metrics(old.metrics, new.metrics);
    let ids: BTreeSet<&str> = metrics
        .iter()
        .filter(|m| m.change != Change::Unchanged)
        .map(|m| m.id.as_str())
        .collect();
    let (records, sources) = match (old.data, new.data) {
        (Some(a), Some(b)) => {
            let dependencies = dependencies(old.metrics, new.metrics);
            let moved = Moved {
                ids: &ids,
                dependencies: &dependencies,
            };
            let records = compare_records(a, b, &moved, all);
            (Some(records), Some(compare_sources(a, b, &moved, all)))
        }
        _ => (None, None),
    };
    let identical = ids.is_empty()
        && records
            .iter()
            .chain(&sources)
            .flatten()
            .all(|r| r.change == Change::Unchanged);
    Diff {
        old: old.label.to_string(),
        new: new.label.to_string(),
        identical,
        metrics,
        records,
        sources,
    }
}

fn compare_metrics(old: &MetricSet, new: &MetricSet) -> Vec<MetricChange> {
    let ids: BTreeSet<&str> = old
        .metrics
        .iter()
        .chain(&new.metrics)
        .map(|m| m.id.as_str())
        .collect();
    ids.into_iter()
        .map(|id| metric_change(id, old.get(id), new.get(id)))
        .collect()
}

fn metric_change(id: &str, old: Option<&Metric>, new: Option<&Metric>) -> MetricChange {
    let value = |m: &Metric| serde_json::json!({"low": m.value.low, "best": m.value.best, "high": m.value.high, "display": m.display});
    let change = match (old, new) {
        (None, _) => Change::Added,
        (_, None) => Change::Removed,
        (Some(a), Some(b)) if a.value != b.value || a.display != b.display => Change::Changed,
        _ => Change::Unchanged,
    };
    let delta = match (old, new) {
        (Some(a), Some(b)) if change == Change::Changed => delta(a, b),
        _ => String::new(),
    };
    let display = |m: Option<&Metric>| m.map_or("—".to_string(), |m| m.display.clone());
    MetricChange {
        id: id.to_string(),
        change,
        old: old.map(value),
        new: new.map(value),
        delta,
        old_display: display(old),
        new_display: display(new),
    }
}

/// The change of the best value, and of each bound that moved differently.
fn delta(a: &Metric, b: &Metric) -> String {
    let points = if b.unit == "percent" { " pp" } else { "" };
    let signed = |d: f64| {
        if d > 0.0 {
            format!("+{}{points}", format::number(d, &b.unit))
        } else {
            format!("{}{points}", format::number(d, &b.unit))
        }
    };
    let best = b.value.best - a.value.best;
    let mut parts = vec![signed(best)];
    for (name, x, y) in [
        ("low", a.value.low, b.value.low),
        ("high", a.value.high, b.value.high),
    ] {
        match (x, y) {
            (Some(x), Some(y)) if ((y - x) - best).abs() > 1e-9 => {
                parts.push(format!("{name} {}", signed(y - x)))
            }
            (Some(_), None) => parts.push(format!("{name} now open")),
            (None, Some(_)) => parts.push(format!("{name} now bounded")),
            _ => {}
        }
    }
    if parts.len() > 1 {
        parts[0] = format!("best {}", parts[0]);
    }
    parts.join(", ")
}

/// For every metric id, the record references and source ids it rests on,
/// following inputs through both sides' metrics.
fn dependencies(old: &MetricSet, new: &MetricSet) -> BTreeMap<String, BTreeSet<String>> {
    let mut inputs: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for m in old.metrics.iter().chain(&new.metrics) {
        let entry = inputs.entry(m.id.as_str()).or_default();
        entry.extend(m.inputs.iter().map(String::as_str));
        entry.extend(m.sources.iter().map(String::as_str));
    }
    let mut deps = BTreeMap::new();
    for id in inputs.keys() {
        let (mut seen, mut stack) = (BTreeSet::new(), vec![*id]);
        while let Some(next) = stack.pop() {
            for input in inputs.get(next).into_iter().flatten() {
                if seen.insert(input.to_string()) {
                    stack.push(input);
                }
            }
        }
        deps.insert(id.to_string(), seen);
    }
    deps
}

/// A record of any file: compared as a whole, and flattened to fields
/// only where two differ, so a diff of a million records costs little
/// more than loading them.
trait Record: PartialEq + Serialize {
    fn id(&self) -> &str;
}

macro_rules! record_ids {
    ($($t:ty),*) => {$(
        impl Record for $t {
            fn id(&self) -> &str {
                &self.id
            }
        }
    )*};
}
record_ids!(
    Incident,
    CasualtyEstimate,
    Count,
    StrengthEstimate,
    Event,
    Source
);

impl<R: Record> Record for &R {
    fn id(&self) -> &str {
        (*self).id()
    }
}

/// The metrics that changed, and what each rests on.
struct Moved<'a> {
    ids: &'a BTreeSet<&'a str>,
    dependencies: &'a BTreeMap<String, BTreeSet<String>>,
}

impl Moved<'_> {
    /// The changed metrics that rest on the record or source `key`.
    fn by(&self, key: &str) -> Vec<String> {
        let rests_on = |m: &&&str| self.dependencies.get(**m).is_some_and(|d| d.contains(key));
        self.ids
            .iter()
            .filter(rests_on)
            .map(|m| m.to_string())
            .collect()
    }
}

/// Every record of both sides as `file/id`, in that order: files in name
/// order, each file's records by id. Only the records that differ, unless
/// `all`.
fn compare_records(old: &Dataset, new: &Dataset, moved: &Moved, all: bool) -> Vec<RecordChange> {
    let mut out = Vec::new();
    // In name order, as `file/id` sorts.
    compare_file(
        "casualty_estimates/",
        (&old.casualty_estimates, &new.casualty_estimates),
        moved,
        all,
        &mut out,
    );
    compare_file("counts/", (&old.counts, &new.counts), moved, all, &mut out);
    compare_file("events/", (&old.events, &new.events), moved, all, &mut out);
    compare_file(
        "incidents/",
        (&old.incidents, &new.incidents),
        moved,
        all,
        &mut out,
    );
    compare_file(
        "strength/",
        (&old.strength, &new.strength),
        moved,
        all,
        &mut out,
    );
    out
}

/// Every source of both sides by id; only those that differ, unless `all`.
fn compare_sources(old: &Dataset, new: &Dataset, moved: &Moved, all: bool) -> Vec<RecordChange> {
    let (a, b): (Vec<&Source>, Vec<&Source>) = (
        old.sources.values().collect(),
        new.sources.values().collect(),
    );
    let mut out = Vec::new();
    compare_file("", (&a, &b), moved, all, &mut out);
    out
}

/// Appends the changes between one file's records on both sides, keyed
/// `{prefix}{id}`, in id order.
fn compare_file<R: Record>(
    prefix: &str,
    (old, new): (&[R], &[R]),
    moved: &Moved,
    all: bool,
    out: &mut Vec<RecordChange>,
) {
    for (id, a, b) in pair_up(old, new, all) {
        out.push(record_change(format!("{prefix}{id}"), a, b, moved));
    }
}

/// The records of one file paired by id, `(id, old, new)`, in id order:
/// only pairs that differ, unless `all`. Records with the same id at the
/// same position, as a revision that edits or appends leaves them, are
/// paired without a map; only the rest are paired through one.
fn pair_up<'a, R: Record>(
    old: &'a [R],
    new: &'a [R],
    all: bool,
) -> Vec<(&'a str, Option<&'a R>, Option<&'a R>)> {
    let aligned = old
        .iter()
        .zip(new)
        .take_while(|(a, b)| a.id() == b.id())
        .count();
    let mut pairs: Vec<_> = old
        .iter()
        .zip(new)
        .take(aligned)
        .filter(|(a, b)| all || a != b)
        .map(|(a, b)| (a.id(), Some(a), Some(b)))
        .collect();
    let mut rest: rustc_hash::FxHashMap<&str, &R> =
        new[aligned..].iter().map(|r| (r.id(), r)).collect();
    for a in &old[aligned..] {
        match rest.remove(a.id()) {
            Some(b) if !all && a == b => {}
            b => pairs.push((a.id(), Some(a), b)),
        }
    }
    pairs.extend(rest.into_values().map(|b| (b.id(), None, Some(b))));
    // Ids are unique in a file, so this order is total.
    pairs.sort_unstable_by(|x, y| x.0.cmp(y.0));
    pairs
}

/// How the record `key` differs between `old` and `new`, and which changed
/// metrics rest on it.
fn record_change<R: Record>(
    key: String,
    old: Option<&R>,
    new: Option<&R>,
    moved: &Moved,
) -> RecordChange {
    let fields = match (old, new) {
        (Some(a), Some(b)) if a != b => field_changes(&fields_of(a), &fields_of(b)),
        _ => Vec::new(),
    };
    let change = match (old, new) {
        (None, _) => Change::Added,
        (_, None) => Change::Removed,
        _ if fields.is_empty() => Change::Unchanged,
        _ => Change::Changed,
    };
    let moved = match change {
        Change::Unchanged => Vec::new(),
        _ => moved.by(&key),
    };
    RecordChange {
        record: key,
        change,
        fields,
        moved,
    }
}

fn fields_of(record: &impl Serialize) -> BTreeMap<String, String> {
    flatten(&serde_json::to_value(record).unwrap_or_default())
}

/// `{"figure": {"best": 370.0}}` → `{"figure.best": "370"}`.
fn flatten(value: &Value) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    flatten_into("", value, &mut out);
    out
}

fn flatten_into(prefix: &str, value: &Value, out: &mut BTreeMap<String, String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                let key = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten_into(&key, v, out);
            }
        }
        Value::Null => {
            out.insert(prefix.to_string(), String::new());
        }
        Value::String(s) => {
            out.insert(prefix.to_string(), s.clone());
        }
        Value::Number(n) => {
            out.insert(
                prefix.to_string(),
                n.as_f64()
                    .map_or(n.to_string(), |f| format::number(f, ""))
                    .replace(',', ""),
            );
        }
        other => {
            out.insert(prefix.to_string(), other.to_string());
        }
    }
}

fn field_changes(a: &BTreeMap<String, String>, b: &BTreeMap<String, String>) -> Vec<FieldChange> {
    let fields: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
    fields
        .into_iter()
        .filter_map(|f| {
            let (x, y) = (
                a.get(f).cloned().unwrap_or_default(),
                b.get(f).cloned().unwrap_or_default(),
            );
            (x != y).then(|| FieldChange {
                field: f.clone(),
                old: x,
                new: y,
            })
        })
        .collect()
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
    Markdown,
}

impl Diff {
    /// A one-line summary: "3 metrics changed, 1 added; 1 record changed, …".
    pub fn summary(&self) -> String {
        if self.identical {
            return format!(
                "No differences: {} and {} give the same records and metrics.",
                self.old, self.new
            );
        }
        let count = |items: &mut dyn Iterator<Item = Change>, noun: &str| {
            let all: Vec<Change> = items.collect();
            let n = |c: Change| all.iter().filter(|x| **x == c).count();
            let parts: Vec<String> = [
                (Change::Changed, "changed"),
                (Change::Added, "added"),
                (Change::Removed, "removed"),
            ]
            .iter()
            .filter(|(c, _)| n(*c) > 0)
            .map(|(c, w)| format!("{} {w}", n(*c)))
            .collect();
            (!parts.is_empty()).then(|| format!("{noun}: {}", parts.join(", ")))
        };
        let mut parts = vec![count(&mut self.metrics.iter().map(|m| m.change), "metrics")];
        parts.push(count(
            &mut self.records.iter().flatten().map(|r| r.change),
            "records",
        ));
        parts.push(count(
            &mut self.sources.iter().flatten().map(|r| r.change),
            "sources",
        ));
        parts.into_iter().flatten().collect::<Vec<_>>().join("; ")
    }

    /// The metric lines of the text format (used in the report too).
    pub fn metric_lines(&self, all: bool) -> Vec<String> {
        self.metrics
            .iter()
            .filter(|m| all || m.change != Change::Unchanged)
            .map(|m| {
                let mark = match m.change {
                    Change::Added => "+",
                    Change::Removed => "-",
                    Change::Changed => "~",
                    Change::Unchanged => " ",
                };
                let delta = match m.change {
                    Change::Added => "  (new)".to_string(),
                    Change::Removed => "  (removed)".to_string(),
                    Change::Changed => format!("  ({})", m.delta),
                    Change::Unchanged => String::new(),
                };
                format!(
                    "{mark} {}  {} → {}{delta}",
                    m.id, m.old_display, m.new_display
                )
            })
            .collect()
    }

    pub fn render(&self, format: Format, all: bool) -> String {
        if self.identical && !all {
            return format!("{}\n", self.summary());
        }
        match format {
            Format::Text => self.text(all),
            Format::Json => {
                serde_json::to_string_pretty(&self.selected(all)).expect("diff serialises") + "\n"
            }
            Format::Markdown => self.markdown(all),
        }
    }

    fn selected(&self, all: bool) -> Value {
        let mut value = serde_json::to_value(self).expect("diff serialises");
        if !all {
            for key in ["metrics", "records", "sources"] {
                if let Some(Value::Array(items)) = value.get_mut(key) {
                    items.retain(|i| i["change"] != "unchanged");
                }
            }
        }
        value
    }

    fn text(&self, all: bool) -> String {
        let mut out = format!("diff {} → {}\n{}\n", self.old, self.new, self.summary());
        out.push_str("\nmetrics:\n");
        self.metric_lines(all)
            .iter()
            .for_each(|l| out.push_str(&format!("  {l}\n")));
        for (title, items) in [("records", &self.records), ("sources", &self.sources)] {
            match items {
                None => out.push_str(&format!(
                    "\n{title}: not compared (a side is a metrics.json)\n"
                )),
                Some(items) => {
                    out.push_str(&format!("\n{title}:\n"));
                    items
                        .iter()
                        .filter(|r| all || r.change != Change::Unchanged)
                        .for_each(|r| out.push_str(&record_text(r)));
                }
            }
        }
        out
    }

    fn markdown(&self, all: bool) -> String {
        let mut out = format!("## Changes: `{}` → `{}`\n\n{}\n\n| | metric | old | new | change |\n|---|---|---|---|---|\n", self.old, self.new, self.summary());
        for m in self
            .metrics
            .iter()
            .filter(|m| all || m.change != Change::Unchanged)
        {
            out.push_str(&format!(
                "| {} | `{}` | {} | {} | {} |\n",
                change_word(m.change),
                m.id,
                m.old_display,
                m.new_display,
                m.delta
            ));
        }
        for (title, items) in [("Records", &self.records), ("Sources", &self.sources)] {
            let Some(items) = items else { continue };
            out.push_str(&format!(
                "\n| | {} | field | old | new | moved |\n|---|---|---|---|---|---|\n",
                title.to_lowercase().trim_end_matches('s')
            ));
            for r in items
                .iter()
                .filter(|r| all || r.change != Change::Unchanged)
            {
                let moved = r
                    .moved
                    .iter()
                    .map(|m| format!("`{m}`"))
                    .collect::<Vec<_>>()
                    .join(", ");
                if r.fields.is_empty() {
                    out.push_str(&format!(
                        "| {} | `{}` | | | | {moved} |\n",
                        change_word(r.change),
                        r.record
                    ));
                }
                for (i, f) in r.fields.iter().enumerate() {
                    let moved = if i == 0 { moved.as_str() } else { "" };
                    out.push_str(&format!(
                        "| {} | `{}` | {} | {} | {} | {moved} |\n",
                        change_word(r.change),
                        r.record,
                        f.field,
                        cell(&f.old),
                        cell(&f.new)
                    ));
                }
            }
        }
        out
    }
}

fn change_word(c: Change) -> &'static str {
    match c {
        Change::Added => "added",
        Change::Removed => "removed",
        Change::Changed => "changed",
        Change::Unchanged => "",
    }
}

/// A markdown table cell: pipes escaped, long text shortened.
fn cell(text: &str) -> String {
    let short: String = text.chars().take(80).collect();
    let short = if text.chars().count() > 80 {
        format!("{short}…")
    } else {
        short
    };
    short.replace('|', "\\|").replace('\n', " ")
}

fn record_text(r: &RecordChange) -> String {
    let mark = match r.change {
        Change::Added => "+",
        Change::Removed => "-",
        Change::Changed => "~",
        Change::Unchanged => " ",
    };
    let mut out = format!("  {mark} {}\n", r.record);
    for f in &r.fields {
        out.push_str(&format!(
            "      {}: {} → {}\n",
            f.field,
            show(&f.old),
            show(&f.new)
        ));
    }
    if !r.moved.is_empty() {
        out.push_str(&format!("      moved: {}\n", r.moved.join(", ")));
    }
    out
}

fn show(value: &str) -> String {
    if value.is_empty() {
        "—".to_string()
    } else {
        crate::validate::echo(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, Serialize)]
    struct Row {
        id: &'static str,
        value: u32,
    }

    impl Record for Row {
        fn id(&self) -> &str {
            self.id
        }
    }

    fn rows(items: &[(&'static str, u32)]) -> Vec<Row> {
        items.iter().map(|&(id, value)| Row { id, value }).collect()
    }

    fn paired(old: &[Row], new: &[Row], all: bool) -> Vec<(String, Option<u32>, Option<u32>)> {
        pair_up(old, new, all)
            .into_iter()
            .map(|(id, a, b)| (id.to_string(), a.map(|r| r.value), b.map(|r| r.value)))
            .collect()
    }

    #[test]
    fn records_pair_by_id_wherever_they_stand() {
        let old = rows(&[("a", 1), ("b", 2), ("c", 3), ("d", 4), ("e", 5)]);
        // "b" edited in place, "d" moved before "c" and edited, "e" removed, "f" added.
        let new = rows(&[("a", 1), ("b", 9), ("d", 8), ("f", 6), ("c", 3)]);
        let expected = vec![
            ("b".to_string(), Some(2), Some(9)),
            ("d".to_string(), Some(4), Some(8)),
            ("e".to_string(), Some(5), None),
            ("f".to_string(), None, Some(6)),
        ];
        assert_eq!(paired(&old, &new, false), expected);
        let all = paired(&old, &new, true);
        let ids: Vec<&str> = all.iter().map(|p| p.0.as_str()).collect();
        assert_eq!(ids, ["a", "b", "c", "d", "e", "f"]);
        assert_eq!(all[2], ("c".to_string(), Some(3), Some(3)));
    }

    #[test]
    fn identical_files_pair_nothing_unless_all() {
        let old = rows(&[("b", 1), ("a", 2)]);
        assert!(paired(&old, &rows(&[("b", 1), ("a", 2)]), false).is_empty());
        assert_eq!(paired(&old, &old, true).len(), 2);
    }
}
