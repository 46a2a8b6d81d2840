//! The analyst's findings and key numbers, filled from the metrics (see
//! [`crate::report::placeholders`]). A statement the metrics cannot fill
//! (an early edition, say) is left out and counted, never printed half
//! filled.

use serde::Serialize;

use super::{cite, Cite};
use crate::compute::format::{qualifier_words, signed};
use crate::compute::{ids, Metric};
use crate::load::definition::{parse_pattern, Definition, Text};
use crate::load::Dataset;
use crate::report::placeholders::{Filled, Resolver};

#[derive(Debug, Serialize)]
pub struct Finding {
    pub text: String,
    pub metrics: Vec<String>,
    pub sources: Vec<Cite>,
}

#[derive(Debug, Serialize)]
pub struct KeyNumber {
    pub label: String,
    /// The value; a change with its sign ("+131%", "−16%").
    pub display: String,
    /// How sure, in words: "sources disagree", "about", "at least", …
    pub note: String,
    pub metric: String,
    pub sources: Vec<Cite>,
}

/// How many findings and key numbers of the definition were left out.
#[derive(Debug, Default, Clone, Copy, PartialEq, Serialize)]
pub struct LeftOut {
    pub findings: usize,
    pub key_numbers: usize,
}

/// Every finding and key number the metrics can fill, and how many could not.
pub fn fill_all(data: &Dataset, resolver: &Resolver) -> (Vec<Finding>, Vec<KeyNumber>, LeftOut) {
    let d = &data.definition;
    let mut left_out = LeftOut::default();
    let mut findings = Vec::new();
    for f in &d.findings {
        match resolver.fill(f.text.get_ref(), &f.pick, &[]) {
            Ok(filled) => findings.extend(filled.into_iter().map(|x| finding(data, x))),
            // An optional finding is there only when the data has its figures.
            Err(_) if f.optional => {}
            Err(_) => left_out.findings += 1,
        }
    }
    let mut numbers = Vec::new();
    for k in &d.key_numbers {
        match key_number(data, resolver, k) {
            Some(filled) => numbers.extend(filled),
            None if k.optional => {}
            None => left_out.key_numbers += 1,
        }
    }
    (findings, numbers, left_out)
}

fn finding(data: &Dataset, filled: Filled) -> Finding {
    Finding {
        text: filled.text,
        metrics: filled.metrics,
        sources: filled.sources.iter().map(|s| cite(data, s)).collect(),
    }
}

/// A key number: its label filled with the value's metric resolving too,
/// so label and value speak of the same period.
fn key_number(
    data: &Dataset,
    resolver: &Resolver,
    k: &crate::load::definition::KeyNumber,
) -> Option<Vec<KeyNumber>> {
    let value = parse_pattern(k.value.get_ref(), 0, false).ok()?;
    let labels = resolver
        .fill(k.label.get_ref(), &k.pick, std::slice::from_ref(&value))
        .ok()?;
    let numbers = labels.into_iter().filter_map(|label| {
        let metric = resolver.metric(&value, &label.binding)?;
        let note = if metric.flags.iter().any(|f| f == "sources_disagree") {
            "sources disagree".to_string()
        } else {
            qualifier_words(metric.qualifier).to_string()
        };
        let display = match is_change(data, metric) {
            true => signed(&metric.display, &metric.value),
            false => metric.display.clone(),
        };
        Some(KeyNumber {
            label: label.text,
            display,
            note,
            metric: metric.id.clone(),
            sources: metric.sources.iter().map(|s| cite(data, s)).collect(),
        })
    });
    Some(numbers.collect())
}

/// Whether a metric is a change, to be shown with its sign: a tally of a
/// signed measure (`attacks_change`) or a change computed between periods.
pub(super) fn is_change(data: &Dataset, metric: &Metric) -> bool {
    let signed_measure = metric
        .id
        .split('.')
        .any(|part| data.measures.get(part).is_some_and(|m| m.signed));
    let computed = [ids::change(""), ids::change_pct("")]
        .iter()
        .any(|suffix| metric.id.ends_with(suffix.as_str()));
    signed_measure || computed
}

/// A text filled with the latest values of its variables, or left as
/// written (placeholders and all) if the metrics cannot fill it.
pub fn fill_plain(resolver: &Resolver, text: &Text) -> String {
    match resolver.fill(text.get_ref(), &Default::default(), &[]) {
        Ok(filled) => filled
            .into_iter()
            .next()
            .map(|f| f.text)
            .unwrap_or_default(),
        Err(_) => text.get_ref().clone(),
    }
}

/// The analyst's caveats, filled; those the metrics cannot fill are left out.
pub fn analyst_caveats(d: &Definition, resolver: &Resolver) -> Vec<String> {
    d.caveats
        .iter()
        .filter_map(|c| resolver.fill(c.get_ref(), &Default::default(), &[]).ok())
        .filter_map(|filled| filled.into_iter().next().map(|f| f.text))
        .collect()
}
