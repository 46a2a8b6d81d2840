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
mod notes;
pub mod sections;
pub mod statements;

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
    pub disagreements: Vec<crate::compute::Disagreement>,
    pub methods: Vec<String>,
    pub caveats: Vec<String>,
    /// "Changes since …" lines, when built with a comparison.
    pub changes: Option<Changes>,
    /// How many metrics metrics.json holds.
    pub metric_count: usize,
}

/// What the briefing shows besides the findings and key numbers.
#[derive(Debug, Serialize)]
pub struct Briefing {
    /// Its charts, the main one first.
    pub charts: Vec<ChartRef>,
    /// How many findings it prints.
    pub findings: usize,
}

/// The "Changes since …" part of a compared build.
#[derive(Debug, Clone, Serialize)]
pub struct Changes {
    pub against: String,
    pub summary: String,
    pub lines: Vec<String>,
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

/// Builds the model from the data, its metrics and the charts drawn.
pub fn model(
    data: &Dataset,
    metrics: &MetricSet,
    charts: &[ChartRef],
    edition: Edition,
) -> ReportModel {
    let definition = &data.definition;
    let resolver = Resolver::new(data, metrics);
    let (findings, key_numbers, left_out) = statements::fill_all(definition, &resolver);
    let (sources, more_sources, linked_sources) = appendix::appendix(data, metrics);
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
        sections: sections::sections(data, metrics, charts, &resolver),
        briefing: Briefing {
            charts: sections::charts_matching(
                &definition.briefing.charts,
                charts,
                &Default::default(),
            ),
            findings: definition.briefing.findings,
        },
        sources,
        more_sources,
        linked_sources,
        datasets: appendix::datasets(data),
        disagreements: metrics.disagreements.clone(),
        methods: notes::methods(data),
        caveats: notes::caveats(
            data,
            metrics,
            statements::analyst_caveats(definition, &resolver),
        ),
        changes: edition.changes,
        metric_count: metrics.metrics.len(),
    }
}
