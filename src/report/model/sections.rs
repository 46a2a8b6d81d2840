//! The report's sections, as the definition lays them out: each section's
//! rows are the metrics its patterns match (in the order of its patterns,
//! then by id), less those it excludes; its charts those its chart patterns
//! match. A section with `each = "var"` is repeated for every value the
//! variable takes in its patterns (one section per imported dataset, say).
//! Tables stay bounded: at most [`SECTION_ROWS`] rows, and incidents only
//! the [`INCIDENT_ROWS`] deadliest.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::compute::ids;
use crate::compute::{Metric, MetricSet};
use crate::load::definition::{self, parse_pattern, Pattern, Text};
use crate::load::Dataset;
use crate::report::figures::ChartRef;
use crate::report::placeholders::{instantiate, matches, values_of, Binding, Resolver};

#[derive(Debug, Serialize)]
pub struct Section {
    pub title: String,
    pub intro: String,
    /// What the data says about itself that a reader of this section needs
    /// (how an imported dataset's definitions differ from the curated ones).
    pub note: String,
    pub rows: Vec<Row>,
    /// Rows left out to keep the report bounded (all are in metrics.json).
    pub more_rows: usize,
    /// Charts: `/charts/{id}.svg`.
    pub charts: Vec<ChartRef>,
}

#[derive(Debug, Serialize)]
pub struct Row {
    pub id: String,
    pub label: String,
    pub period: String,
    pub display: String,
    pub qualifier: String,
    /// The first [`ROW_SOURCES`] sources; `more_sources` counts the rest.
    pub sources: Vec<String>,
    pub more_sources: usize,
    pub flags: Vec<String>,
}

/// How many rows a section prints at most; metrics.json holds them all.
const SECTION_ROWS: usize = 80;

/// How many incidents the report lists one by one.
const INCIDENT_ROWS: usize = 25;

/// How many sources a table row names (totals over many incidents can rest
/// on thousands).
const ROW_SOURCES: usize = 6;

/// Every section of the definition with rows or charts, in its order.
pub fn sections(
    data: &Dataset,
    m: &MetricSet,
    charts: &[ChartRef],
    resolver: &Resolver,
) -> Vec<Section> {
    let deadliest = deadliest_incidents(m, INCIDENT_ROWS);
    let mut out = Vec::new();
    for spec in &data.definition.sections {
        for binding in bindings(spec, m, charts) {
            let section = section(data, m, charts, resolver, (spec, &binding), &deadliest);
            if !section.rows.is_empty() || !section.charts.is_empty() {
                out.push(bounded(section));
            }
        }
    }
    out
}

/// The values of a section's `each` variable (one binding each), or one
/// empty binding.
fn bindings(spec: &definition::Section, m: &MetricSet, charts: &[ChartRef]) -> Vec<Binding> {
    let Some(each) = &spec.each else {
        return vec![Binding::new()];
    };
    let name = each.get_ref();
    let mut values = BTreeSet::new();
    for pattern in patterns(&spec.metrics) {
        values.extend(values_of(&pattern, m.metrics.iter().map(|x| &x.id), name));
    }
    for pattern in patterns(&spec.charts) {
        values.extend(values_of(&pattern, charts.iter().map(|c| &c.id), name));
    }
    values
        .into_iter()
        .map(|v| BTreeMap::from([(name.clone(), v)]))
        .collect()
}

fn patterns(texts: &[Text]) -> Vec<Pattern> {
    texts
        .iter()
        .filter_map(|t| parse_pattern(t.get_ref(), 0, true).ok())
        .collect()
}

fn section(
    data: &Dataset,
    m: &MetricSet,
    charts: &[ChartRef],
    resolver: &Resolver,
    (spec, binding): (&definition::Section, &Binding),
    deadliest: &BTreeSet<&str>,
) -> Section {
    let fill = |text: &Text| {
        resolver
            .fill_bound(text.get_ref(), binding)
            .unwrap_or_default()
    };
    let rows = rows(m, (&spec.metrics, &spec.exclude), binding)
        .into_iter()
        .filter(|x| ids::incident_of(&x.id).is_none_or(|i| deadliest.contains(i)))
        .map(row)
        .collect();
    let note = binding
        .values()
        .find(|v| data.events.iter().any(|e| e.dataset.as_str() == v.as_str()))
        .map_or(String::new(), |dataset| definitions(data, dataset));
    Section {
        title: fill(&spec.title),
        intro: fill(&spec.intro),
        note,
        rows,
        more_rows: 0,
        charts: charts_matching(&spec.charts, charts, binding),
    }
}

/// The metrics matching any of `include` and none of `exclude`, ordered by
/// the first pattern each matches, then by id.
fn rows<'m>(
    m: &'m MetricSet,
    (include, exclude): (&[Text], &[Text]),
    binding: &Binding,
) -> Vec<&'m Metric> {
    let (include, exclude) = (patterns(include), patterns(exclude));
    let mut rows: Vec<(usize, &Metric)> = m
        .metrics
        .iter()
        .filter(|x| !exclude.iter().any(|p| matches(p, &x.id, binding)))
        .filter_map(|x| Some((include.iter().position(|p| matches(p, &x.id, binding))?, x)))
        .collect();
    rows.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.id.cmp(&b.1.id)));
    rows.into_iter().map(|(_, x)| x).collect()
}

/// The charts matching `texts` (chart id patterns), in the patterns' order.
pub fn charts_matching(texts: &[Text], charts: &[ChartRef], binding: &Binding) -> Vec<ChartRef> {
    let mut out: Vec<ChartRef> = Vec::new();
    for pattern in patterns(texts) {
        let exact = instantiate(&pattern, binding);
        for chart in charts {
            let hit = exact.as_deref() == Some(chart.id.as_str())
                || matches(&pattern, &chart.id, binding);
            if hit && !out.iter().any(|c| c.id == chart.id) {
                out.push(chart.clone());
            }
        }
    }
    out
}

fn bounded(mut section: Section) -> Section {
    if section.rows.len() > SECTION_ROWS {
        section.more_rows = section.rows.len() - SECTION_ROWS;
        section.rows.truncate(SECTION_ROWS);
    }
    section
}

/// The ids of the `n` incidents with the highest reconciled best killed,
/// then incidents with no killed figure while there is room.
fn deadliest_incidents(m: &MetricSet, n: usize) -> BTreeSet<&str> {
    let per_incident = || {
        m.metrics
            .iter()
            .filter_map(|x| Some((ids::incident_of(&x.id)?, x)))
    };
    let mut killed: Vec<(&str, &Metric)> = per_incident()
        .filter(|(_, x)| x.id.ends_with(".killed"))
        .collect();
    killed.sort_by(|a, b| b.1.value.best.total_cmp(&a.1.value.best).then(a.0.cmp(b.0)));
    let mut ids: BTreeSet<&str> = killed.iter().take(n).map(|(i, _)| *i).collect();
    for (incident, _) in per_incident() {
        if ids.len() >= n {
            break;
        }
        ids.insert(incident);
    }
    ids
}

fn row(m: &Metric) -> Row {
    Row {
        id: m.id.clone(),
        label: m.label.clone(),
        period: m.period.clone(),
        display: m.display.clone(),
        qualifier: m.qualifier.as_str().to_string(),
        sources: m.sources.iter().take(ROW_SOURCES).cloned().collect(),
        more_sources: m.sources.len().saturating_sub(ROW_SOURCES),
        flags: m.flags.clone(),
    }
}

/// The definitional difference between an event dataset and the curated
/// counts, from the kinds of attack the dataset holds.
fn definitions(data: &Dataset, dataset: &str) -> String {
    let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
    for e in data.events.iter().filter(|e| e.dataset == dataset) {
        *kinds
            .entry(e.attack_type.as_deref().unwrap_or("unspecified"))
            .or_default() += 1;
    }
    let kinds: Vec<String> = kinds
        .iter()
        .map(|(k, n)| format!("{} ({n})", k.replace('_', " ")))
        .collect();
    format!(
        "Definitions differ: {dataset} records these kinds of attack only: {}; the curated counts are of attacks of every kind by all perpetrators, as each source defines them. The comparisons (ids with .compare. and .match.) therefore set orders of magnitude side by side, not like with like; a dataset that stops before a period ends is flagged partial_coverage.",
        kinds.join(", ")
    )
}
