//! The model handed to the Typst templates as `/data.json`: the report's
//! findings, key numbers, sections, sources with their quotes, and the
//! disagreements, built from the metrics and the report definition
//! (`report.toml`), so that no number is ever typed into a template.
//!
//! Every string here is data, not markup: the templates print it as text.
//! [`statements`] fills the analyst's findings and key numbers; [`sections`]
//! picks each section's rows and charts; [`appendix`] lists the sources and
//! datasets; [`notes`] writes the methods and caveats. Where a metric is
//! absent (an earlier quarter, say), the finding or number that needs it is
//! left out, and counted.

mod appendix;
pub mod citation;
mod notes;
pub mod pivot;
pub mod sections;
pub mod statements;

use std::collections::BTreeSet;

use serde::Serialize;

use crate::compute::MetricSet;
use crate::load::Dataset;

pub use appendix::{DatasetEntry, Quote, SourceEntry};
pub use sections::{Row, Section};
pub use statements::{Finding, KeyNumber, LeftOut};

use super::figures::ChartRef;
use super::placeholders::Resolver;

/// Everything a template can print.
#[derive(Debug, Serialize)]
pub struct ReportModel {
    pub title: String,
    pub subtitle: String,
    pub as_of: String,
    pub fingerprint: String,
    pub publication: Publication,
    /// What this edition covers and leaves out (quarterly builds).
    pub scope: Vec<String>,
    pub findings: Vec<Finding>,
    pub key_numbers: Vec<KeyNumber>,
    /// Findings and key numbers of the definition this edition's metrics
    /// cannot fill.
    pub left_out: LeftOut,
    pub sections: Vec<Section>,
    pub briefing: Briefing,
    pub sources: Vec<SourceEntry>,
    /// Sources cited but not listed in the appendix.
    pub more_sources: usize,
    /// Ids of the sources the appendix lists, which tables may link to.
    pub linked_sources: Vec<String>,
    /// Imported event datasets, with their versions.
    pub datasets: Vec<DatasetEntry>,
    /// Every cited source's short citation ("PIPS 2018"), by id.
    pub cites: std::collections::BTreeMap<String, String>,
    pub disagreements: Vec<crate::compute::Disagreement>,
    pub methods: Vec<String>,
    pub caveats: Vec<String>,
    /// "Changes since …" lines, when built with a comparison.
    pub changes: Option<Changes>,
    /// How many metrics metrics.json holds.
    pub metric_count: usize,
}

/// A source as a table or finding cites it: its id (the appendix's
/// anchor) and its short citation ("PIPS 2018").
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cite {
    pub id: String,
    pub text: String,
}

/// The citation of source `id`.
pub fn cite(data: &Dataset, id: &str) -> Cite {
    Cite {
        id: id.to_string(),
        text: citation::short(data, id),
    }
}

/// What the briefing shows besides the findings and key numbers.
#[derive(Debug, Serialize)]
pub struct Briefing {
    /// How many pages it takes: 2, or 1 when asked (`--briefing-pages 1`).
    pub pages: u8,
    /// The charts the definition names for it, in its order.
    pub charts: Vec<ChartRef>,
    /// The chart on its first page: the first of `charts` that is no map.
    pub main: Option<ChartRef>,
    /// The chart over time on its second page: the next timeline or
    /// columns after `main`, else the next chart that is no map.
    pub trend: Option<ChartRef>,
    /// The first map of `charts`.
    pub map: Option<ChartRef>,
    /// How many findings it prints.
    pub findings: usize,
    /// Its figures that moved since the compared edition (`--compare-to`).
    pub changes: Vec<Moved>,
    /// The sources of its numbers and findings, cited in full.
    pub sources: Vec<String>,
}

/// A figure that moved since the compared edition, named.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Moved {
    pub label: String,
    pub old: String,
    pub new: String,
}

/// The "Changes since …" part of a compared build.
#[derive(Debug, Clone, Serialize)]
pub struct Changes {
    pub against: String,
    pub summary: String,
    pub lines: Vec<String>,
    /// Every metric that changed, was added or removed: (id, old display,
    /// new display), "—" for a side without it.
    #[serde(skip)]
    pub metrics: Vec<(String, String, String)>,
}

/// What the model needs to know of the edition being built.
pub struct Edition<'a> {
    /// Lines saying what the edition covers and leaves out.
    pub scope: Vec<String>,
    /// "Changes since …", for a compared build.
    pub changes: Option<Changes>,
    pub publication: &'a crate::report::Publishing,
}

/// How the documents are published, as the templates read it.
#[derive(Debug, Serialize)]
pub struct Publication {
    pub organisation: String,
    pub author: String,
    /// A distribution or classification line for every page.
    pub distribution: String,
    /// Typst's paper name: `a4`, `us-letter`.
    pub paper: String,
    /// The logo's virtual path (`/logo.png`), if there is one.
    pub logo: Option<String>,
}

impl Publication {
    fn of(p: &crate::report::Publishing) -> Publication {
        let s = &p.settings;
        Publication {
            organisation: s.organisation.clone(),
            author: s.author.clone(),
            distribution: s.distribution.clone(),
            paper: s.paper.typst_name().to_string(),
            logo: p.logo.as_ref().map(|l| format!("/{}", l.name)),
        }
    }
}

/// How many moved figures the briefing lists.
const BRIEFING_CHANGES: usize = 5;

/// Builds the model from the data, its metrics and the charts drawn.
pub fn model(
    data: &Dataset,
    metrics: &MetricSet,
    charts: &[ChartRef],
    edition: Edition,
) -> ReportModel {
    // The appendix counts every record's quote by source, half the model's
    // time at a million events: on the other core, beside the rest.
    std::thread::scope(|scope| {
        let appendix = scope.spawn(|| appendix::appendix(data, metrics));
        let appendix = || appendix.join().expect("the appendix does not panic");
        model_beside(data, metrics, (charts, edition), appendix)
    })
}

/// [`model`], with `appendix` giving the appendix's sources.
fn model_beside(
    data: &Dataset,
    metrics: &MetricSet,
    (charts, edition): (&[ChartRef], Edition),
    appendix: impl FnOnce() -> (Vec<SourceEntry>, usize, Vec<String>),
) -> ReportModel {
    let definition = &data.definition;
    let resolver = Resolver::new(data, metrics);
    let (findings, key_numbers, left_out) = statements::fill_all(data, &resolver);
    let briefing_charts =
        sections::charts_matching(&definition.briefing.charts, charts, &Default::default());
    let shown = &findings[..definition.briefing.findings.min(findings.len())];
    let briefing = Briefing {
        pages: 2,
        main: main_chart(&briefing_charts),
        trend: trend_chart(&briefing_charts),
        map: briefing_charts.iter().find(|c| c.kind == "map").cloned(),
        charts: briefing_charts,
        findings: definition.briefing.findings,
        changes: edition
            .changes
            .as_ref()
            .map_or(Vec::new(), |c| moved(metrics, c, &key_numbers, shown)),
        sources: briefing_sources(data, &key_numbers, shown),
    };
    let sections = sections::sections(data, metrics, charts, &resolver);
    let cites = cited(data, metrics);
    let analyst_caveats = statements::analyst_caveats(definition, &resolver);
    let caveats = notes::caveats(data, metrics, analyst_caveats);
    let (sources, more_sources, linked_sources) = appendix();
    ReportModel {
        title: statements::fill_plain(&resolver, &definition.title),
        subtitle: statements::fill_plain(&resolver, &definition.subtitle),
        as_of: metrics.as_of.clone(),
        fingerprint: metrics.data_fingerprint.clone(),
        publication: Publication::of(edition.publication),
        scope: edition.scope,
        findings,
        key_numbers,
        left_out,
        sections,
        briefing,
        sources,
        more_sources,
        linked_sources,
        datasets: appendix::datasets(data),
        cites,
        disagreements: metrics.disagreements.clone(),
        methods: notes::methods(data),
        caveats,
        changes: edition.changes,
        metric_count: metrics.metrics.len(),
    }
}

/// The briefing's main chart: the first it names that is no map.
fn main_chart(charts: &[ChartRef]) -> Option<ChartRef> {
    charts.iter().find(|c| c.kind != "map").cloned()
}

/// The briefing's chart over time: after the main one, the first timeline
/// or columns, else the next chart that is no map.
fn trend_chart(charts: &[ChartRef]) -> Option<ChartRef> {
    let main = main_chart(charts)?;
    let rest: Vec<&ChartRef> = charts
        .iter()
        .filter(|c| c.kind != "map" && c.id != main.id)
        .collect();
    let over_time = |c: &&&ChartRef| matches!(c.kind.as_str(), "timeline" | "columns" | "panels");
    rest.iter()
        .find(over_time)
        .or(rest.first())
        .map(|c| (*c).clone())
}

/// The briefing's figures that moved since the compared edition: its key
/// numbers and findings first, under their labels; else the first metrics
/// that moved.
fn moved(
    metrics: &MetricSet,
    changes: &Changes,
    numbers: &[KeyNumber],
    findings: &[Finding],
) -> Vec<Moved> {
    let changed = |id: &str| changes.metrics.iter().find(|(m, _, _)| m == id);
    let mut out: Vec<Moved> = Vec::new();
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    let named = numbers
        .iter()
        .map(|k| (k.metric.as_str(), k.label.clone()))
        .chain(
            findings
                .iter()
                .flat_map(|f| f.metrics.iter())
                .filter_map(|id| Some((id.as_str(), metrics.get(id)?.label.clone()))),
        );
    for (id, label) in named {
        if let Some((_, old, new)) = changed(id).filter(|_| seen.insert(id)) {
            out.push(Moved {
                label,
                old: old.clone(),
                new: new.clone(),
            });
        }
    }
    if out.is_empty() {
        out = changes
            .metrics
            .iter()
            .filter_map(|(id, old, new)| {
                let label = metrics.get(id)?.label.clone();
                Some(Moved {
                    label,
                    old: old.clone(),
                    new: new.clone(),
                })
            })
            .collect();
    }
    out.truncate(BRIEFING_CHANGES);
    out
}

/// Every source of the briefing's key numbers and findings, cited in full.
fn briefing_sources(data: &Dataset, numbers: &[KeyNumber], findings: &[Finding]) -> Vec<String> {
    let ids: BTreeSet<&str> = numbers
        .iter()
        .flat_map(|k| &k.sources)
        .chain(findings.iter().flat_map(|f| &f.sources))
        .map(|c| c.id.as_str())
        .collect();
    let cited: BTreeSet<String> = ids.into_iter().map(|id| citation::long(data, id)).collect();
    cited.into_iter().collect()
}

/// The short citation of every source a metric cites, by id (each source
/// once, however many metrics cite it).
fn cited(data: &Dataset, metrics: &MetricSet) -> std::collections::BTreeMap<String, String> {
    let ids: BTreeSet<&str> = metrics
        .metrics
        .iter()
        .flat_map(|x| x.sources.iter().map(String::as_str))
        .collect();
    ids.into_iter()
        .map(|id| (id.to_string(), citation::short(data, id)))
        .collect()
}
