//! `sitrep explain ID`: where a number comes from. Prints the metric, its
//! formula, and the tree of its inputs down to the records, each with its
//! source and the verbatim quote it rests on.

use std::collections::BTreeSet;
use std::fmt::Write;

use crate::compute::{Metric, MetricSet};
use crate::load::Dataset;

/// The explanation of `id` (a metric id or a record reference such as
/// `counts/pips-2017-attacks-total`), or `Err` with the nearest ids.
pub fn explain(data: &Dataset, metrics: &MetricSet, id: &str) -> Result<String, String> {
    let mut out = String::new();
    let mut seen = BTreeSet::new();
    if metrics.get(id).is_some() || record(data, id).is_some() {
        node(data, metrics, id, 0, &mut seen, &mut out);
        return Ok(out);
    }
    Err(unknown(metrics, id))
}

fn unknown(metrics: &MetricSet, id: &str) -> String {
    let mut near: Vec<(f64, &str)> = metrics
        .metrics
        .iter()
        .map(|m| (strsim::jaro_winkler(&m.id, id), m.id.as_str()))
        .collect();
    near.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    let list: Vec<&str> = near.iter().take(5).map(|(_, id)| *id).collect();
    format!(
        "no metric or record `{id}`; nearest ids: {}\n(`sitrep metrics` lists every metric id)",
        list.join(", ")
    )
}

fn node(
    data: &Dataset,
    metrics: &MetricSet,
    id: &str,
    depth: usize,
    seen: &mut BTreeSet<String>,
    out: &mut String,
) {
    let indent = "    ".repeat(depth);
    if let Some(m) = metrics.get(id) {
        metric_lines(m, &indent, out);
        if seen.insert(id.to_string()) {
            m.inputs
                .iter()
                .for_each(|input| node(data, metrics, input, depth + 1, seen, out));
        } else {
            let _ = writeln!(out, "{indent}    (inputs shown above)");
        }
    } else if let Some(text) = record(data, id) {
        for line in text.lines() {
            let _ = writeln!(out, "{indent}{line}");
        }
    } else if id.contains(' ') {
        // A described set of records ("events.csv: 496 events of …").
        let _ = writeln!(out, "{indent}{id}");
    } else {
        let _ = writeln!(out, "{indent}{id} (not found)");
    }
}

fn metric_lines(m: &Metric, indent: &str, out: &mut String) {
    let _ = writeln!(
        out,
        "{indent}{} = {}   [{}, {}]",
        m.id,
        m.display,
        m.qualifier.as_str(),
        m.period
    );
    let _ = writeln!(out, "{indent}  {}", m.label);
    let _ = writeln!(out, "{indent}  formula: {}", m.formula);
    if !m.flags.is_empty() {
        let _ = writeln!(out, "{indent}  flags: {}", m.flags.join(", "));
    }
}

/// The description of a record reference `file/id`, with source and quote.
fn record(data: &Dataset, reference: &str) -> Option<String> {
    let (file, id) = reference.split_once('/')?;
    let (source_id, quote, note) = match file {
        "counts" => data
            .counts
            .iter()
            .find(|r| r.id == id)
            .map(|r| (r.source_id.as_str(), r.quote.as_str(), r.note.as_deref()))?,
        "strength" => data
            .strength
            .iter()
            .find(|r| r.id == id)
            .map(|r| (r.source_id.as_str(), r.quote.as_str(), r.note.as_deref()))?,
        "casualty_estimates" => data
            .casualty_estimates
            .iter()
            .find(|r| r.id == id)
            .map(|r| (r.source_id.as_str(), r.quote.as_str(), r.note.as_deref()))?,
        "incidents" => data
            .incidents
            .iter()
            .find(|r| r.id == id)
            .map(|r| (r.source_id.as_str(), r.quote.as_str(), r.note.as_deref()))?,
        _ => return None,
    };
    let mut text = format!("record {file}.csv, id {id}\n");
    let _ = writeln!(text, "  quote: “{quote}”");
    if let Some(note) = note {
        let _ = writeln!(text, "  reading: {note}");
    }
    if let Some(s) = data.sources.get(source_id) {
        let by = s
            .original_author
            .as_deref()
            .map(|a| format!(", originally {a}"))
            .unwrap_or_default();
        let publisher = s.publisher.as_deref().unwrap_or("publisher not named");
        let _ = writeln!(
            text,
            "  source {}: “{}”, {publisher}, {}{by}",
            s.id, s.title, s.published
        );
        if let Some(seed) = &s.seed_file {
            let _ = writeln!(text, "  text: {seed}");
        }
    }
    Some(text)
}
