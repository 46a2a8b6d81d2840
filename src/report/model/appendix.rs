//! The appendices: every source the metrics cite, with the quotes its
//! records give and the figures stated in them (the most cited first, within
//! a budget so a million records stay readable), and the imported event
//! datasets with their versions and spans.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;

use crate::compute::MetricSet;
use crate::load::Dataset;

#[derive(Debug, Serialize)]
pub struct SourceEntry {
    pub id: String,
    pub title: String,
    pub publisher: String,
    pub published: String,
    pub original_author: String,
    pub url: String,
    pub seed_file: String,
    pub note: String,
    pub quotes: Vec<Quote>,
    /// Records resting on this source beyond those quoted.
    pub more_quotes: usize,
}

#[derive(Debug, Serialize)]
pub struct DatasetEntry {
    pub name: String,
    /// What people call it ("Pakistan suicide bombings").
    pub title: String,
    pub version: String,
    pub events: usize,
    pub first: String,
    pub last: String,
}

#[derive(Debug, Serialize)]
pub struct Quote {
    pub record: String,
    pub figure: String,
    pub text: String,
}

/// The appendix's sources, how many more are cited, and the listed ids.
pub(super) fn appendix(
    data: &Dataset,
    metrics: &MetricSet,
) -> (Vec<SourceEntry>, usize, Vec<String>) {
    let mut all = sources(data, metrics);
    let mut cited_by: BTreeMap<&str, usize> = BTreeMap::new();
    for id in metrics.metrics.iter().flat_map(|m| m.sources.iter()) {
        *cited_by.entry(id.as_str()).or_default() += 1;
    }
    let more = all.len().saturating_sub(APPENDIX_SOURCES);
    if more > 0 {
        all.sort_by(|a, b| {
            cited_by
                .get(b.id.as_str())
                .cmp(&cited_by.get(a.id.as_str()))
                .then(a.id.cmp(&b.id))
        });
        all.truncate(APPENDIX_SOURCES);
        all.sort_by(|a, b| a.id.cmp(&b.id));
    }
    let linked = all.iter().map(|s| s.id.clone()).collect();
    (all, more, linked)
}

/// How many sources the appendix lists in full: the most cited first.
const APPENDIX_SOURCES: usize = 100;

/// How many quotes the appendix prints in all, shared between the sources
/// (at least one and at most 25 each); the rest are counted.
const QUOTE_BUDGET: usize = 250;

/// Every source cited by at least one metric, with the quotes it gave.
fn sources(data: &Dataset, metrics: &MetricSet) -> Vec<SourceEntry> {
    let cited: BTreeSet<&str> = metrics
        .metrics
        .iter()
        .flat_map(|m| m.sources.iter().map(String::as_str))
        .collect();
    let per_source = (QUOTE_BUDGET / cited.len().max(1)).clamp(1, 25);
    let mut quotes = quotes_by_source(data, metrics, per_source);
    data.sources
        .values()
        .filter(|s| cited.contains(s.id.as_str()))
        .map(|s| {
            let (quotes, more_quotes) = quotes.remove(s.id.as_str()).unwrap_or_default();
            SourceEntry {
                id: s.id.clone(),
                title: s.title.clone(),
                publisher: s.publisher.clone().unwrap_or_default(),
                published: s.published.to_string(),
                original_author: s.original_author.clone().unwrap_or_default(),
                url: s.url.clone().unwrap_or_default(),
                seed_file: s.seed_file.clone().unwrap_or_default(),
                note: s.note.clone().unwrap_or_default(),
                quotes,
                more_quotes,
            }
        })
        .collect()
}

/// For each source, the first `per_source` records resting on it
/// (with their quotes and the figures stated in them) and how many more
/// there are. One pass over the records and one over the metrics.
fn quotes_by_source<'a>(
    data: &'a Dataset,
    metrics: &MetricSet,
    per_source: usize,
) -> BTreeMap<&'a str, (Vec<Quote>, usize)> {
    let mut figures: HashMap<&str, Vec<String>> = HashMap::new();
    for m in metrics
        .metrics
        .iter()
        .filter(|m| m.id.starts_with("stated."))
    {
        for input in &m.inputs {
            figures
                .entry(input.as_str())
                .or_default()
                .push(format!("{}: {}", m.label, m.display));
        }
    }
    // `&*` reads String and inline Text fields alike as &str.
    let records = data
        .counts
        .iter()
        .map(|r| ("counts", &*r.id, &*r.source_id, &*r.quote))
        .chain(
            data.strength
                .iter()
                .map(|r| ("strength", &*r.id, &*r.source_id, &*r.quote)),
        )
        .chain(
            data.casualty_estimates
                .iter()
                .map(|r| ("casualty_estimates", &*r.id, &*r.source_id, &*r.quote)),
        )
        .chain(
            data.incidents
                .iter()
                .map(|r| ("incidents", &*r.id, &*r.source_id, &*r.quote)),
        );
    // Hashed while counting (a million records, a few thousand sources),
    // sorted once at the end.
    let mut by_source: rustc_hash::FxHashMap<&str, (Vec<Quote>, usize)> = Default::default();
    for (file, id, source, quote) in records {
        let entry = by_source.entry(source).or_default();
        if entry.0.len() == per_source {
            entry.1 += 1;
            continue;
        }
        let record = format!("{file}/{id}");
        let figure = figures
            .get(record.as_str())
            .map(|f| f.join("; "))
            .unwrap_or_default();
        entry.0.push(Quote {
            record,
            figure,
            text: quote.to_string(),
        });
    }
    by_source.into_iter().collect()
}

/// Every imported dataset in events.csv, with version, size and span.
pub(super) fn datasets(data: &Dataset) -> Vec<DatasetEntry> {
    let mut by_name: BTreeMap<&str, DatasetEntry> = BTreeMap::new();
    for e in &data.events {
        let entry = by_name
            .entry(e.dataset.as_str())
            .or_insert_with(|| DatasetEntry {
                name: e.dataset.clone(),
                title: super::citation::dataset_name(&e.dataset),
                version: e.dataset_version.clone().unwrap_or_default(),
                events: 0,
                first: e.date.to_string(),
                last: e.date.to_string(),
            });
        entry.events += 1;
        let date = e.date.to_string();
        if date < entry.first {
            entry.first = date.clone();
        }
        if date > entry.last {
            entry.last = date;
        }
    }
    by_name.into_values().collect()
}
