//! Comparing two sides: metrics id by id, records field by field (in the
//! spirit of daff and `dvc metrics diff`), sources by id, and which changed
//! metrics rest on each changed record or source.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use serde_json::Value;

use super::{Change, FieldChange, MetricChange, RecordChange};
use crate::compute::{format, Metric, MetricSet};
use crate::load::events::Event;
use crate::load::records::{CasualtyEstimate, Count, Incident, Source, StrengthEstimate};
use crate::load::Dataset;

pub(super) fn compare_metrics(old: &MetricSet, new: &MetricSet) -> Vec<MetricChange> {
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

/// For each metric id of `of`, the record references and source ids it
/// rests on, following inputs through both sides' metrics.
pub(super) fn dependencies(
    old: &MetricSet,
    new: &MetricSet,
    of: &BTreeSet<&str>,
) -> BTreeMap<String, BTreeSet<String>> {
    let mut inputs: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for m in old.metrics.iter().chain(&new.metrics) {
        let entry = inputs.entry(m.id.as_str()).or_default();
        entry.extend(m.inputs.iter().map(String::as_str));
        entry.extend(m.sources.iter().map(String::as_str));
    }
    let mut deps = BTreeMap::new();
    // Only the metrics asked about: every metric's whole closure was most of
    // a diff's comparing at a million events.
    for id in of {
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
pub(super) struct Moved<'a> {
    pub ids: &'a BTreeSet<&'a str>,
    pub dependencies: &'a BTreeMap<String, BTreeSet<String>>,
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
pub(super) fn compare_records(
    old: &Dataset,
    new: &Dataset,
    moved: &Moved,
    all: bool,
) -> Vec<RecordChange> {
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
pub(super) fn compare_sources(
    old: &Dataset,
    new: &Dataset,
    moved: &Moved,
    all: bool,
) -> Vec<RecordChange> {
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
    // Two loads of a file share the records its bytes have in common (see
    // `load::shared`): the same records, nothing to compare one by one.
    let shared = match !all && std::ptr::eq(old.as_ptr(), new.as_ptr()) {
        true => old.len().min(new.len()),
        false => 0,
    };
    let aligned = shared
        + old[shared..]
            .iter()
            .zip(&new[shared..])
            .take_while(|(a, b)| a.id() == b.id())
            .count();
    let mut pairs: Vec<_> = old
        .iter()
        .zip(new)
        .take(aligned)
        .skip(shared)
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

    #[test]
    fn records_both_sides_share_pair_nothing_unless_all() {
        let shared = rows(&[("b", 1), ("a", 2)]);
        assert!(paired(&shared, &shared, false).is_empty());
        let ids: Vec<String> = paired(&shared, &shared, true)
            .into_iter()
            .map(|p| p.0)
            .collect();
        assert_eq!(ids, ["a", "b"]);
        // The records after those both sides share are compared.
        let ids: Vec<String> = paired(&shared[..1], &shared, false)
            .into_iter()
            .map(|p| p.0)
            .collect();
        assert_eq!(ids, ["a"]);
    }
}
