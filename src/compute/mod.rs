//! The statistics engine: every number the report prints is computed here
//! from a [`Dataset`], carries its uncertainty as an [`Estimate`], and names
//! the records and sources it rests on.
//!
//! Each theme has its own module of small business rules, none of which
//! names a year, a source or a group of the data: [`stated`] (every stated
//! figure, as given), [`tallies`] (each publisher's counts for any place and
//! period: shares, remainders, rates, implied figures, changes between
//! periods), [`comparisons`] (the pairs of groups the report definition
//! names), [`strength`] (group strength over time), [`incidents`]
//! (per-attack casualties reconciled across sources, and totals),
//! [`places`] (where the incidents happened) and [`trends`] (imported event
//! data). [`ids`] builds every metric and chart id; [`names`] says how the
//! vocabularies name things; [`period`] knows years, quarters and months;
//! [`frames`] turns the records into polars DataFrames the rules query;
//! [`format`] writes numbers for people.

pub mod comparisons;
pub mod format;
pub mod frames;
pub mod ids;
pub mod incidents;
pub mod names;
pub mod period;
pub mod places;
pub mod stated;
pub mod strength;
pub mod tallies;
pub mod trends;

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::estimate::{Estimate, Qualifier};
use crate::load::Dataset;

/// How many incidents (and record references in one metric's inputs) are
/// listed one by one. Beyond this the deadliest incidents are listed and the
/// rest only counted, so outputs stay bounded on a million events.
pub const LISTED: usize = 200;

/// Cuts a list of inputs to [`LISTED`], saying how many were left out.
pub fn cap(mut inputs: Vec<String>) -> Vec<String> {
    let total = inputs.len();
    inputs.truncate(LISTED);
    with_rest(inputs, total)
}

/// `inputs` (the first of `total`), followed by a note of how many more were
/// not listed.
pub fn with_rest(mut inputs: Vec<String>, total: usize) -> Vec<String> {
    if total > inputs.len() {
        let more = total - inputs.len();
        inputs.push(format!("… and {more} more records, not listed one by one"));
    }
    inputs
}

/// Decimal places every metric value is rounded to before it is written, so
/// that numbers print identically on every run and platform.
pub const DECIMALS: u32 = 4;

/// One computed figure with its provenance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Metric {
    /// A stable, readable path such as `pips.2017.attacks.total`.
    pub id: String,
    pub label: String,
    /// `attacks`, `people`, `percent`, `ratio`, `fighters`, `usd`, `years`.
    pub unit: String,
    /// `2017`, `2016-08/2017-05-24`, `2023-08`.
    pub period: String,
    #[serde(flatten)]
    pub value: Estimate,
    /// How the source stated it, or `derived` for computed figures.
    pub qualifier: Qualifier,
    /// The value written for people: "54–60", "at least 64".
    pub display: String,
    /// How it was computed, in words and symbols.
    pub formula: String,
    /// Metric ids or record ids it was computed from.
    pub inputs: Vec<String>,
    /// Source ids it finally rests on.
    pub sources: Vec<String>,
    /// Facts worth flagging: `sources_disagree`, `stated_differs_from_computed`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub flags: Vec<String>,
}

/// Several sources giving different values for one quantity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Disagreement {
    /// The metric holding the reconciled value.
    pub metric: String,
    pub subject: String,
    pub estimates: Vec<SourcedValue>,
    pub reconciled: String,
}

/// One source's value in a [`Disagreement`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourcedValue {
    pub source: String,
    pub record: String,
    pub display: String,
}

/// Everything computed from one dataset.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MetricSet {
    pub as_of: String,
    pub data_fingerprint: String,
    /// Sorted by id.
    pub metrics: Vec<Metric>,
    pub disagreements: Vec<Disagreement>,
}

impl MetricSet {
    pub fn get(&self, id: &str) -> Option<&Metric> {
        self.metrics
            .binary_search_by(|m| m.id.as_str().cmp(id))
            .ok()
            .map(|i| &self.metrics[i])
    }

    /// The `metrics.json` text: stable key order, sorted metrics, rounded numbers.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).expect("metrics serialise");
        text.push('\n');
        text
    }
}

/// Builds metrics, keeping them sorted and unique by id.
#[derive(Debug, Default)]
pub struct Collector {
    metrics: BTreeMap<String, Metric>,
    disagreements: Vec<Disagreement>,
}

impl Collector {
    /// Adds a metric; its value is rounded to [`DECIMALS`] and its display
    /// written from the rounded value.
    pub fn add(&mut self, mut metric: Metric) {
        metric.value = metric.value.rounded(DECIMALS);
        if metric.display.is_empty() {
            metric.display = format::estimate(&metric.value, &metric.unit);
        }
        metric.sources = sorted_unique(metric.sources);
        debug_assert!(
            !self.metrics.contains_key(&metric.id),
            "duplicate metric {}",
            metric.id
        );
        self.metrics.insert(metric.id.clone(), metric);
    }

    pub fn get(&self, id: &str) -> Option<&Metric> {
        self.metrics.get(id)
    }

    pub fn disagree(&mut self, disagreement: Disagreement) {
        self.disagreements.push(disagreement);
    }

    fn finish(self, data: &Dataset) -> MetricSet {
        MetricSet {
            as_of: data.as_of().to_string(),
            data_fingerprint: data.fingerprint.clone(),
            metrics: self.metrics.into_values().collect(),
            disagreements: self.disagreements,
        }
    }
}

/// A derived metric from `inputs` (metrics already collected): its sources
/// are the union of theirs.
#[allow(clippy::too_many_arguments)] // each a distinct part of a metric; a struct would only rename them
pub fn derived(
    c: &Collector,
    id: String,
    label: String,
    unit: &str,
    period: &str,
    value: Estimate,
    formula: String,
    inputs: &[&str],
) -> Metric {
    let sources = inputs
        .iter()
        .filter_map(|i| c.get(i))
        .flat_map(|m| m.sources.clone())
        .collect();
    Metric {
        id,
        label,
        unit: unit.to_string(),
        period: period.to_string(),
        value,
        qualifier: Qualifier::Derived,
        display: String::new(),
        formula,
        inputs: inputs.iter().map(|s| s.to_string()).collect(),
        sources,
        flags: Vec::new(),
    }
}

fn sorted_unique(items: Vec<String>) -> Vec<String> {
    items
        .into_iter()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}

/// Computes every metric from `data`.
pub fn compute(data: &Dataset) -> polars::prelude::PolarsResult<MetricSet> {
    let clock = crate::timing::Stopwatch::start();
    let frames = frames::Frames::new(data)?;
    clock.lap("compute: frames");
    let mut c = Collector::default();
    stated::add_all(data, &mut c);
    clock.lap("compute: stated");
    tallies::add_all(data, &mut c);
    comparisons::add_all(data, &mut c);
    strength::add_all(data, &mut c);
    clock.lap("compute: tallies, comparisons, strength");
    incidents::add_all(data, &frames, &mut c)?;
    clock.lap("compute: incidents");
    // After the incidents: the province shares rest on their totals.
    places::add_all(data, &frames, &mut c)?;
    clock.lap("compute: provinces");
    trends::add_all(data, &mut c)?;
    clock.lap("compute: trends");
    Ok(c.finish(data))
}

/// Adds metric `id` reconciling the already collected metrics `inputs`, all
/// measuring one quantity: the lowest low, the highest high (open if any is
/// open), the median of the bests. With several inputs that disagree, the
/// metric is flagged `sources_disagree` and the disagreement recorded.
/// Returns false (adding nothing) when `inputs` is empty.
pub fn reconciled(c: &mut Collector, id: &str, label: &str, inputs: &[String]) -> bool {
    let found: Vec<Metric> = inputs.iter().filter_map(|i| c.get(i).cloned()).collect();
    let Some(first) = found.first() else {
        return false;
    };
    let estimates: Vec<Estimate> = found.iter().map(|m| m.value).collect();
    let refs: Vec<&str> = inputs.iter().map(String::as_str).collect();
    let mut metric = derived(
        c,
        id.to_string(),
        label.to_string(),
        &first.unit,
        &first.period,
        Estimate::reconcile(&estimates),
        String::new(),
        &refs,
    );
    if found.len() == 1 {
        metric.qualifier = first.qualifier;
        metric.display = first.display.clone();
        metric.formula = format!("= {}", first.id);
    } else {
        metric.formula = format!(
            "reconciled over {} sources: lowest low, highest high, median best",
            found.len()
        );
        if found.iter().any(|m| m.display != first.display) {
            metric.flags.push("sources_disagree".to_string());
            c.disagree(disagreement(id, label, &found, &metric));
        }
    }
    c.add(metric);
    true
}

fn disagreement(id: &str, label: &str, found: &[Metric], metric: &Metric) -> Disagreement {
    let estimates = found
        .iter()
        .map(|m| SourcedValue {
            source: m.sources.join(", "),
            record: m.inputs.join(", "),
            display: m.display.clone(),
        })
        .collect();
    let reconciled = format::estimate(&metric.value.rounded(DECIMALS), &metric.unit);
    Disagreement {
        metric: id.to_string(),
        subject: label.to_string(),
        estimates,
        reconciled,
    }
}
