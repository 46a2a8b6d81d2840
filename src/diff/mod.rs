//! `sitrep diff OLD NEW`: which numbers moved between two revisions of the
//! data, and why.
//!
//! A side is a data directory, a git revision of the repository (read with
//! `git show`, never touching the work tree), or a `metrics.json` written by
//! an earlier build. Metrics are compared id by id; records field by field
//! (in the spirit of daff and `dvc metrics diff`); sources by id, with the
//! metrics each changed record or source moved.
//!
//! [`side`] reads a side, [`compare`] pairs and compares what the two sides
//! hold, [`render`] writes the result as text, JSON or Markdown.

mod compare;
mod render;
mod side;

use std::collections::BTreeSet;

use serde::Serialize;
use serde_json::Value;

use crate::compute::MetricSet;
use crate::load::Dataset;
use compare::{compare_metrics, compare_records, compare_sources, dependencies, Moved};
pub use side::{snapshot, snapshots, SideError, Snapshot};

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
    pub(crate) old_display: String,
    #[serde(skip)]
    pub(crate) new_display: String,
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
            let dependencies = dependencies(old.metrics, new.metrics, &ids);
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

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
    Markdown,
}
