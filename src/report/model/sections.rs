//! The report's sections, as the definition lays them out: each section's
//! pivot tables (see [`super::pivot`]) set out the metrics that differ only
//! in a year, place, group or measure; its rows are the other metrics its
//! patterns match (in the order of its patterns, then by id), less those it
//! excludes, one row each because they are unlike; its charts those its
//! chart patterns match. A section with `each = "var"` is repeated for
//! every value the variable takes in its patterns (one section per
//! imported dataset, say). Tables stay bounded: at most [`SECTION_ROWS`]
//! rows and [`SECTION_CHARTS`] charts, and incidents only the
//! [`INCIDENT_ROWS`] deadliest.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::pivot::{self, Table};
use super::{cite, Cite};
use crate::compute::ids;
use crate::compute::period::Period;
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
    /// Pivot tables, before the rows.
    pub tables: Vec<Table>,
    /// Metrics unlike each other, one row each.
    pub rows: Vec<Row>,
    /// Rows left out to keep the report bounded (all are in metrics.json).
    pub more_rows: usize,
    /// Charts: `/charts/{id}.svg`.
    pub charts: Vec<ChartRef>,
    /// Charts matching the section's patterns left out to keep it readable.
    pub more_charts: usize,
}

#[derive(Debug, Serialize)]
pub struct Row {
    pub id: String,
    /// What the figure is, with names where its label had ids.
    pub label: String,
    /// The period in words ("1 January to 24 May 2017").
    pub period: String,
    pub display: String,
    pub qualifier: String,
    /// The first [`ROW_SOURCES`] sources; `more_sources` counts the rest.
    pub sources: Vec<Cite>,
    pub more_sources: usize,
    /// Flags in words ("sources disagree").
    pub flags: Vec<String>,
}

/// How many rows a section prints at most; metrics.json holds them all.
const SECTION_ROWS: usize = 80;

/// How many charts a section shows at most: a pattern such as `tally-*`
/// over data with dozens of publishers would otherwise make a report of
/// charts no one reads (and pages Typst must lay out).
const SECTION_CHARTS: usize = 12;

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
    for pattern in spec.pivots.iter().flat_map(|p| patterns(&p.metrics)) {
        values.extend(values_of(&pattern, m.metrics.iter().map(|x| &x.id), name));
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
    let excluded = patterns(&spec.exclude);
    let keep = |x: &Metric| {
        ids::incident_of(&x.id).is_none_or(|i| deadliest.contains(i))
            && !excluded.iter().any(|p| matches(p, &x.id, binding))
    };
    let mut tables = Vec::new();
    let mut pivoted = BTreeSet::new();
    for spec in &spec.pivots {
        let (more, used) = pivot::tables(data, m, (spec, binding), &keep, resolver);
        tables.extend(more);
        pivoted.extend(used);
    }
    let rows = rows(m, (&spec.metrics, &spec.exclude), binding)
        .into_iter()
        .filter(|x| keep(x) && !pivoted.contains(&x.id))
        .map(|x| row(data, m, x))
        .collect();
    let note = binding
        .values()
        .find(|v| m.get(&ids::events(v, "total.count")).is_some())
        .map_or(String::new(), |dataset| definitions(data, dataset));
    Section {
        title: fill(&spec.title),
        intro: fill(&spec.intro),
        note,
        tables,
        rows,
        more_rows: 0,
        charts: charts_matching(&spec.charts, charts, binding),
        more_charts: 0,
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
    if section.charts.len() > SECTION_CHARTS {
        section.more_charts = section.charts.len() - SECTION_CHARTS;
        section.charts.truncate(SECTION_CHARTS);
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

fn row(data: &Dataset, m: &MetricSet, x: &Metric) -> Row {
    let period =
        Period::from_key(&x.period.replace('/', "_")).map_or(x.period.clone(), |p| p.words());
    Row {
        id: x.id.clone(),
        label: readable(data, m, &x.label),
        period,
        display: x.display.clone(),
        qualifier: x.qualifier.as_str().to_string(),
        sources: x
            .sources
            .iter()
            .take(ROW_SOURCES)
            .map(|s| cite(data, s))
            .collect(),
        more_sources: x.sources.len().saturating_sub(ROW_SOURCES),
        flags: x.flags.iter().map(|f| f.replace('_', " ")).collect(),
    }
}

/// A metric's label with the ids in it named: an imported dataset by its
/// name, a count record by the label of the figure it states, a source
/// by its citation.
fn readable(data: &Dataset, m: &MetricSet, label: &str) -> String {
    let words: Vec<String> = label
        .split(' ')
        .map(|word| {
            let bare = word
                .trim_start_matches('(')
                .trim_end_matches([')', ':', ',', ';', '.']);
            let at = word.find(bare).unwrap_or(0);
            let (head, tail) = (&word[..at], &word[at + bare.len()..]);
            let named = if m.get(&ids::events(bare, "total.count")).is_some() {
                super::citation::dataset_name(bare)
            } else if let Some(stated) = m
                .get(&ids::stated_count(bare))
                .filter(|_| bare.contains('-'))
            {
                stated.label.clone()
            } else if data.sources.contains_key(bare) {
                super::citation::short(data, bare)
            } else {
                return word.to_string();
            };
            format!("{head}{named}{tail}")
        })
        .collect();
    words.join(" ")
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
        "Definitions differ: the {} dataset records these kinds of attack only: {}; the curated counts are of attacks of every kind by all perpetrators, as each source defines them. Its comparisons with the curated figures therefore set orders of magnitude side by side, not like with like; one whose period the dataset does not wholly cover is flagged “partial coverage”.",
        super::citation::dataset_name(dataset),
        kinds.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn section_with_charts(n: usize) -> Section {
        let chart = |i: usize| ChartRef {
            id: format!("tally-{i}"),
            ..ChartRef::default()
        };
        Section {
            title: String::new(),
            intro: String::new(),
            note: String::new(),
            tables: Vec::new(),
            rows: Vec::new(),
            more_rows: 0,
            charts: (0..n).map(chart).collect(),
            more_charts: 0,
        }
    }

    #[test]
    fn a_section_shows_its_first_charts_and_counts_the_rest() {
        let section = bounded(section_with_charts(SECTION_CHARTS + 5));
        assert_eq!(section.charts.len(), SECTION_CHARTS);
        assert_eq!(section.charts[0].id, "tally-0", "in the patterns' order");
        assert_eq!(section.more_charts, 5);
        let few = bounded(section_with_charts(3));
        assert_eq!((few.charts.len(), few.more_charts), (3, 0));
    }
}
