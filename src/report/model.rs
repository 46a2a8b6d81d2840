//! The model handed to the Typst templates as `/data.json`: the report's
//! sections, findings, key numbers, sources with their quotes, and the
//! disagreements, all built from the metrics, so that no number is ever
//! typed into a template.
//!
//! Every string here is data, not markup: the templates print it as text.
//! Sections and findings name metric ids; where a metric is absent (an
//! earlier quarter, say), the line or finding that needs it is left out.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;

use crate::compute::format::plural;
use crate::compute::{Metric, MetricSet};
use crate::load::Dataset;

use super::figures::ChartRef;

/// Everything a template can print.
#[derive(Debug, Serialize)]
pub struct ReportModel {
    pub title: String,
    pub subtitle: String,
    pub as_of: String,
    pub fingerprint: String,
    /// What this edition covers and leaves out (quarterly builds).
    pub scope: Vec<String>,
    pub findings: Vec<Finding>,
    pub key_numbers: Vec<KeyNumber>,
    pub sections: Vec<Section>,
    pub sources: Vec<SourceEntry>,
    /// Sources cited but not listed in the appendix (beyond [`APPENDIX_SOURCES`]).
    pub more_sources: usize,
    /// Ids of the sources the appendix lists, which tables may link to.
    pub linked_sources: Vec<String>,
    /// Imported event datasets (events.csv), with their versions.
    pub datasets: Vec<DatasetEntry>,
    pub disagreements: Vec<crate::compute::Disagreement>,
    pub methods: Vec<String>,
    pub caveats: Vec<String>,
    /// "Changes since …" lines, when built with a comparison.
    pub changes: Option<Changes>,
    /// How many metrics metrics.json holds.
    pub metric_count: usize,
}

#[derive(Debug, Serialize)]
pub struct Finding {
    pub text: String,
    pub metrics: Vec<String>,
    pub sources: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct KeyNumber {
    pub label: String,
    pub display: String,
    pub note: String,
    pub sources: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct Section {
    pub title: String,
    pub intro: String,
    pub rows: Vec<Row>,
    /// Rows left out to keep the report bounded (all are in metrics.json).
    pub more_rows: usize,
    /// Chart ids: `/charts/{id}.svg`.
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
    pub version: String,
    pub events: usize,
    pub first: String,
    pub last: String,
}

/// Every imported dataset in events.csv, with version, size and span.
fn datasets(data: &Dataset) -> Vec<DatasetEntry> {
    let mut by_name: BTreeMap<&str, DatasetEntry> = BTreeMap::new();
    for e in &data.events {
        let entry = by_name
            .entry(e.dataset.as_str())
            .or_insert_with(|| DatasetEntry {
                name: e.dataset.clone(),
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

#[derive(Debug, Serialize)]
pub struct Quote {
    pub record: String,
    pub figure: String,
    pub text: String,
}

/// The "Changes since …" part of a compared build.
#[derive(Debug, Clone, Serialize)]
pub struct Changes {
    pub against: String,
    pub summary: String,
    pub lines: Vec<String>,
}

/// Builds the model from the data, its metrics and the charts drawn.
/// The appendix's sources, how many more are cited, and the listed ids.
fn appendix(data: &Dataset, metrics: &MetricSet) -> (Vec<SourceEntry>, usize, Vec<String>) {
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

pub fn model(
    data: &Dataset,
    metrics: &MetricSet,
    charts: &[ChartRef],
    scope: Vec<String>,
    changes: Option<Changes>,
) -> ReportModel {
    let appendix = appendix(data, metrics);
    ReportModel {
        title: "Militant violence in Pakistan: TTP, IS-K and their rivals".into(),
        subtitle: "A cited statistical report with source ranges carried through every figure"
            .into(),
        as_of: metrics.as_of.clone(),
        fingerprint: metrics.data_fingerprint.clone(),
        scope,
        findings: findings(metrics),
        key_numbers: key_numbers(metrics),
        sections: sections(data, metrics, charts),
        sources: appendix.0,
        more_sources: appendix.1,
        linked_sources: appendix.2,
        datasets: datasets(data),
        disagreements: metrics.disagreements.clone(),
        methods: methods(data),
        caveats: caveats(data, metrics),
        changes,
        metric_count: metrics.metrics.len(),
    }
}

/// Fills `{id}` placeholders of `text` with the metrics' displays; `None`
/// if any metric is missing, so a finding is never printed half-filled.
fn fill(metrics: &MetricSet, text: &str, ids: &[&str]) -> Option<Finding> {
    let mut out = text.to_string();
    let mut sources = Vec::new();
    for id in ids {
        let m = metrics.get(id)?;
        out = out.replace(&format!("{{{id}}}"), &m.display);
        sources.extend(m.sources.iter().cloned());
    }
    sources.sort();
    sources.dedup();
    Some(Finding {
        text: out,
        metrics: ids.iter().map(|s| s.to_string()).collect(),
        sources,
    })
}

fn findings(m: &MetricSet) -> Vec<Finding> {
    let templates: [(&str, &[&str]); 6] = [
        ("TTP claimed {attacks.2021.ttp.claimed} attacks in Pakistan in 2021 against {attacks.2021.iskp.claimed} by IS-K: {attacks.2021.ratio.ttp_to_iskp} TTP attacks for each IS-K attack, or {attacks.2021.share.ttp} of the two groups' attacks.",
            &["attacks.2021.ttp.claimed", "attacks.2021.iskp.claimed", "attacks.2021.ratio.ttp_to_iskp", "attacks.2021.share.ttp"]),
        ("PIPS counted {pips.2017.attacks.total} terrorist attacks in Pakistan in 2017; TTP and associated groups carried out {pips.2017.attacks.ttp_and_associated} ({pips.2017.share.ttp_and_associated}) and nationalist insurgents {pips.2017.attacks.nationalist_insurgents} ({pips.2017.share.nationalist_insurgents}).",
            &["pips.2017.attacks.total", "pips.2017.attacks.ttp_and_associated", "pips.2017.share.ttp_and_associated", "pips.2017.attacks.nationalist_insurgents", "pips.2017.share.nationalist_insurgents"]),
        ("IS claimed only {pips.2017.attacks.is} attacks in 2017, yet they killed {pips.2017.killed.is} people: {pips.2017.killed_per_attack.is} per attack, against {pips.2017.killed_per_attack.nationalist_insurgents} for nationalist insurgents.",
            &["pips.2017.attacks.is", "pips.2017.killed.is", "pips.2017.killed_per_attack.is", "pips.2017.killed_per_attack.nationalist_insurgents"]),
        ("Attacks from across Pakistan's borders rose to {pips.2017.cross_border.attacks} in 2017 (a reported surge of {pips.2017.cross_border.change_pct}), from an implied {pips.2016.cross_border.attacks_implied} in 2016, while all attacks fell {pips.2017.attacks.change_pct}.",
            &["pips.2017.cross_border.attacks", "pips.2017.cross_border.change_pct", "pips.2016.cross_border.attacks_implied", "pips.2017.attacks.change_pct"]),
        ("TTP's factions are estimated at {strength.ttp.pakistan.2023-08} (including family members) against {strength.iskp.pakistan.2023-08} IS-K fighters in Pakistan in August 2023: {strength.pakistan.2023-08.ratio.ttp_to_iskp} to one, though the two estimates do not count the same people.",
            &["strength.ttp.pakistan.2023-08", "strength.iskp.pakistan.2023-08", "strength.pakistan.2023-08.ratio.ttp_to_iskp"]),
        ("Balochistan is IS-K's main theatre in Pakistan: {iskp.claimed.2017-01-01_2017-05-24.balochistan.share} of its claimed attacks in early 2017, and {iskp.claimed.2016-08_2017-05-24.balochistan.share} since August 2016.",
            &["iskp.claimed.2017-01-01_2017-05-24.balochistan.share", "iskp.claimed.2016-08_2017-05-24.balochistan.share"]),
    ];
    let mut found: Vec<Finding> = templates
        .iter()
        .filter_map(|(text, ids)| fill(m, text, ids))
        .collect();
    found.extend(deadliest(m));
    found.extend(
        crate::compute::trends::datasets(m)
            .iter()
            .filter_map(|d| event_finding(m, d)),
    );
    found
}

/// "The X dataset records N events from … with K killed; the deadliest year …".
fn event_finding(m: &MetricSet, dataset: &str) -> Option<Finding> {
    let total = format!("events.{dataset}.total");
    let (count, killed) = (
        m.get(&format!("{total}.count"))?,
        m.get(&format!("{total}.killed"))?,
    );
    let prefix = format!("events.{dataset}.by_year.");
    let years = m
        .metrics
        .iter()
        .filter(|x| x.id.starts_with(&prefix) && x.id.ends_with(".killed"));
    let peak = years.max_by(|a, b| a.value.best.total_cmp(&b.value.best).then(b.id.cmp(&a.id)))?;
    let text = format!(
        "The {dataset} event data records {} events from {} with {} killed (best estimate {}); the deadliest year was {} ({} killed).",
        count.display, count.period.replace('/', " to "), killed.display, crate::compute::format::number(killed.value.best, "people"), peak.period, peak.display
    );
    Some(Finding {
        text,
        metrics: vec![count.id.clone(), killed.id.clone(), peak.id.clone()],
        sources: killed.sources.clone(),
    })
}

/// The deadliest incident in the data, by reconciled best estimate.
fn deadliest(m: &MetricSet) -> Option<Finding> {
    let killed = m.metrics.iter().filter(|x| {
        x.id.starts_with("incidents.")
            && x.id.ends_with(".killed")
            && x.id.matches('.').count() == 2
    });
    let top = killed.max_by(|a, b| a.value.best.total_cmp(&b.value.best).then(b.id.cmp(&a.id)))?;
    let text = format!(
        "The deadliest attack in the data: {} — {} killed.",
        top.label.trim_start_matches("People killed in the "),
        top.display
    );
    Some(Finding {
        text,
        metrics: vec![top.id.clone()],
        sources: top.sources.clone(),
    })
}

fn key_numbers(m: &MetricSet) -> Vec<KeyNumber> {
    let picks = [
        (
            "attacks.2021.ratio.ttp_to_iskp",
            "TTP attacks per IS-K attack, 2021",
        ),
        (
            "pips.2017.attacks.total",
            "Terrorist attacks in Pakistan, 2017",
        ),
        (
            "pips.2017.killed_per_attack.is",
            "Killed per IS attack, 2017",
        ),
        (
            "pips.2017.cross_border.change_pct",
            "Rise in cross-border attacks, 2017",
        ),
        (
            "strength.ttp.pakistan.2023-08",
            "TTP strength, 2023 (incl. families)",
        ),
        (
            "strength.iskp.pakistan.2023-08",
            "IS-K fighters in Pakistan, 2023",
        ),
        (
            "incidents.2023-07-30-bajaur.killed",
            "Killed at Bajaur, 30 July 2023",
        ),
    ];
    picks
        .iter()
        .filter_map(|(id, label)| {
            let metric = m.get(id)?;
            let note = if metric.flags.iter().any(|f| f == "sources_disagree") {
                "sources disagree".to_string()
            } else {
                metric.qualifier.as_str().replace('_', " ")
            };
            Some(KeyNumber {
                label: label.to_string(),
                display: metric.display.clone(),
                note,
                sources: metric.sources.clone(),
            })
        })
        .collect()
}

/// The report's themed sections: which metrics each prints (by id prefix),
/// and which charts it shows.
fn sections(data: &Dataset, m: &MetricSet, charts: &[ChartRef]) -> Vec<Section> {
    let deadliest = deadliest_incidents(m, INCIDENT_ROWS);
    let spec: [(&str, &str, &[&str], &[&str]); 5] = [
        ("Attacks in 2017: PIPS's tallies", "The Pakistan Institute for Peace Studies' count of terrorist attacks in Pakistan in 2017, by perpetrator, with the 2016 figures implied by the percentage changes it reports.", &["pips."], &["pips-2017-attacks"]),
        ("TTP against IS-K", "Attacks each group claimed in Pakistan, the ratio between them, and each group's share of the two, under every source that gives them.", &["attacks."], &["attacks-2021"]),
        ("Where IS-K strikes", "Shares of IS-K's claimed attacks in Pakistan by province, as the sources count them and as the incidents in this data distribute.", &["iskp.claimed.", "incidents.by_province."], &["iskp-provinces"]),
        ("Group strength", "Estimates of how many fighters (or members, or fighters with their families) each group has, by place and date, and ratios between groups.", &["strength."], &["strength"]),
        ("Major IS-K attacks", "The attacks recorded in the data, with killed and injured reconciled across the sources that report them.", &["incidents.2", "incidents.by_year."], &["isk-attacks"]),
    ];
    spec.iter()
        .map(|(title, intro, prefixes, chart_ids)| Section {
            title: title.to_string(),
            intro: intro.to_string(),
            more_rows: 0,
            rows: m
                .metrics
                .iter()
                .filter(|x| prefixes.iter().any(|p| x.id.starts_with(p)))
                .filter(|x| {
                    !x.id.starts_with("incidents.2") || deadliest.contains(incident_of(&x.id))
                })
                .map(row)
                .collect(),
            charts: charts
                .iter()
                .filter(|c| chart_ids.contains(&c.id.as_str()))
                .cloned()
                .collect(),
        })
        .filter(|s| !s.rows.is_empty())
        .chain(
            crate::compute::trends::datasets(m)
                .into_iter()
                .map(|d| event_section(data, m, charts, &d)),
        )
        .map(bounded)
        .collect()
}

/// How many rows a section prints at most; metrics.json holds them all.
const SECTION_ROWS: usize = 80;

fn bounded(mut section: Section) -> Section {
    if section.rows.len() > SECTION_ROWS {
        section.more_rows = section.rows.len() - SECTION_ROWS;
        section.rows.truncate(SECTION_ROWS);
    }
    section
}

/// "Long-run trends" for one imported event dataset: totals, per year, per
/// province and per group (the per-year-and-province figures are in
/// metrics.json and the chart).
fn event_section(data: &Dataset, m: &MetricSet, charts: &[ChartRef], dataset: &str) -> Section {
    let prefix = format!("events.{dataset}.");
    // Comparisons with the curated figures first, then the trends.
    let shown = [
        "compare.",
        "match.",
        "total.",
        "by_year.",
        "by_province.",
        "by_group.",
    ];
    let mut rows: Vec<&Metric> = m
        .metrics
        .iter()
        .filter(|x| {
            x.id.strip_prefix(&prefix)
                .is_some_and(|rest| shown.iter().any(|s| rest.starts_with(s)))
        })
        .filter(|x| !x.id.ends_with(".injured") || x.id.contains(".total."))
        .collect();
    rows.sort_by_key(|x| {
        shown
            .iter()
            .position(|s| x.id[prefix.len()..].starts_with(s))
    });
    let ids = [
        format!("events-{dataset}-years"),
        format!("events-{dataset}-provinces"),
    ];
    let intro = format!(
        "Events imported from {dataset} (see the appendix for its version), counted and summed per year, province and group, each total carrying the ranges of the events in it. {}",
        definitions(data, dataset)
    );
    Section {
        more_rows: 0,
        title: format!("Long-run trends in event data: {dataset}"),
        intro,
        rows: rows.into_iter().map(row).collect(),
        charts: charts
            .iter()
            .filter(|c| ids.contains(&c.id))
            .cloned()
            .collect(),
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
        "Definitions differ: {dataset} records these kinds of attack only: {}; the curated counts (PIPS's, for example) are of terrorist attacks of every kind by all perpetrators, as each source defines them. The comparisons below (ids with .compare. and .match.) therefore set orders of magnitude side by side, not like with like; a dataset that stops before a period ends is flagged partial_coverage.",
        kinds.join(", ")
    )
}

/// How many incidents the report lists one by one.
const INCIDENT_ROWS: usize = 25;

/// `incidents.2023-07-30-bajaur.killed` → `2023-07-30-bajaur`.
fn incident_of(id: &str) -> &str {
    id.split('.').nth(1).unwrap_or("")
}

/// The ids of the `n` incidents with the highest reconciled best killed.
fn deadliest_incidents(m: &MetricSet, n: usize) -> BTreeSet<&str> {
    let mut killed: Vec<&Metric> = m
        .metrics
        .iter()
        .filter(|x| x.id.starts_with("incidents.2") && x.id.ends_with(".killed"))
        .collect();
    killed.sort_by(|a, b| b.value.best.total_cmp(&a.value.best).then(a.id.cmp(&b.id)));
    let mut ids: BTreeSet<&str> = killed.iter().take(n).map(|x| incident_of(&x.id)).collect();
    // Incidents with no killed figure are listed while there is room.
    let rest = m
        .metrics
        .iter()
        .filter(|x| x.id.starts_with("incidents.2"))
        .map(|x| incident_of(&x.id));
    for id in rest {
        if ids.len() >= n {
            break;
        }
        ids.insert(id);
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

/// How many sources a table row names (totals over many incidents can rest
/// on thousands).
const ROW_SOURCES: usize = 6;

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

fn methods(data: &Dataset) -> Vec<String> {
    let mut lines = vec![
        "Every figure is an estimate with a low bound, a best value and a high bound; either bound may be open (\"at least 60\" has no upper bound). A figure is printed as its range: \"54–60\", \"at least 64\".".to_string(),
        "Derived figures use interval arithmetic: a sum adds the bounds; a ratio a ÷ b runs from a.low ÷ b.high to a.high ÷ b.low; a share of a total that contains it runs from part.low ÷ total.high to part.high ÷ max(total.low, part.high), so it never exceeds 100%; an open bound stays open wherever the formula makes it so.".to_string(),
        "Where several sources give the same quantity, the reconciled figure spans them all: the lowest low bound, the highest high bound, and the median of the best values. The disagreement is kept and listed in its own table.".to_string(),
        "The 2016 figures implied by a reported percentage change are 2017 ÷ (1 + change); a change reported as a whole percentage (\"16%\") stands for the range [15.5%, 16.5%], which the implied figure inherits.".to_string(),
        "An incident for which no source gives a casualty figure adds nothing to the low bound of a total and leaves its high bound open.".to_string(),
    ];
    for rule in data.qualifiers.values() {
        lines.push(format!(
            "Qualifier {}: {}",
            rule.id.as_str(),
            rule.description
        ));
    }
    lines
}

/// "These figures come from N publications, some quoting others (…)", from
/// the sources the metrics cite.
fn provenance(data: &Dataset, m: &MetricSet) -> String {
    let cited: BTreeSet<&str> = m
        .metrics
        .iter()
        .flat_map(|x| x.sources.iter().map(String::as_str))
        .collect();
    let cited: Vec<&crate::load::records::Source> = data
        .sources
        .values()
        .filter(|s| cited.contains(s.id.as_str()))
        .collect();
    let publications: BTreeSet<&str> = cited
        .iter()
        .map(|s| s.seed_file.as_deref().unwrap_or(&s.title))
        .collect();
    let originals: BTreeSet<&str> = cited
        .iter()
        .filter_map(|s| s.original_author.as_deref())
        .collect();
    let quoting = if originals.is_empty() {
        String::new()
    } else {
        // "Pakistan Institute for Peace Studies (PIPS)" → "PIPS"; a longer
        // parenthesis is a description: "Gen. John Nicholson (US and …)".
        let names: Vec<&str> = originals
            .iter()
            .map(|a| match a.rsplit_once(" (") {
                Some((_, acronym)) if !acronym.contains(' ') => acronym.trim_end_matches(')'),
                Some((name, _)) => name,
                None => a,
            })
            .collect();
        format!(", some quoting others ({})", names.join(", "))
    };
    let noun = if publications.len() == 1 {
        "publication"
    } else {
        "publications"
    };
    format!("These figures come from {} {noun}{quoting}; they are what those sources said, not a complete count.", publications.len())
}

fn caveats(data: &Dataset, m: &MetricSet) -> Vec<String> {
    let open = m
        .metrics
        .iter()
        .filter(|x| !x.id.starts_with("stated.") && x.value.high.is_none())
        .count();
    let mut lines = vec![
        provenance(data, m),
        format!("{open} of the derived figures have no upper bound, because a source said \"at least\" or \"more than\"; treat them as floors."),
        "Strength estimates count different things (fighters, members, fighters with their families) and come from different years: compare them with care.".to_string(),
    ];
    if !m.disagreements.is_empty() {
        let figures = plural(m.disagreements.len() as u64, "figure", "figures");
        lines.push(format!(
            "Sources disagree on {figures}; the report gives the range that spans them."
        ));
    }
    lines
}
