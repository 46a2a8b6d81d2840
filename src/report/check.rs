//! `sitrep check` for the report definition: every finding, key number and
//! section of `report.toml` resolved against the full data's metrics, each
//! problem located at its placeholder (file:line:column) with the nearest
//! metric id where one is close. Statements marked `optional` (their
//! figures may come with later data) and the built-in definition are
//! exempt; an as-of edition simply leaves out what its data cannot fill.

use crate::compute::MetricSet;
use crate::load::definition::{parse_pattern, Definition, Text};
use crate::load::Dataset;
use crate::problem::Problem;
use crate::report::placeholders::{matches, Binding, Resolver, Unresolved};

/// Every problem of the data's report definition against `metrics`.
pub fn check_definition(data: &Dataset, metrics: &MetricSet) -> Vec<Problem> {
    let d = &data.definition;
    if d.source.path.is_none() {
        return Vec::new();
    }
    let resolver = Resolver::new(data, metrics);
    let mut problems = Vec::new();
    for f in d.findings.iter().filter(|f| !f.optional) {
        if let Err(e) = resolver.fill(f.text.get_ref(), &f.pick, &[]) {
            problems.push(unresolved(d, &f.text, &e));
        }
    }
    for k in d.key_numbers.iter().filter(|k| !k.optional) {
        problems.extend(key_number(d, &resolver, k));
    }
    for s in d.sections.iter().filter(|s| s.each.is_none()) {
        problems.extend(unmatched_patterns(d, metrics, &s.metrics));
        for pivot in &s.pivots {
            problems.extend(unmatched_patterns(d, metrics, &pivot.metrics));
        }
    }
    problems
}

fn unresolved(d: &Definition, text: &Text, e: &Unresolved) -> Problem {
    let at = match e {
        Unresolved::NoMetric { at, .. } | Unresolved::Unbound { at, .. } => *at,
        Unresolved::NoCommonValue { .. } => 0,
    };
    d.problem_in(text, at, e.to_string())
}

/// A key number's value must name a metric, and its label resolve with it.
fn key_number(
    d: &Definition,
    resolver: &Resolver,
    k: &crate::load::definition::KeyNumber,
) -> Option<Problem> {
    let value = parse_pattern(k.value.get_ref(), 0, false).ok()?;
    if let Err(e) = resolver.fill(&format!("{{{value}}}"), &k.pick, &[]) {
        // The value's text is the placeholder less its braces: shift by one.
        let e = match e {
            Unresolved::NoMetric {
                pattern, nearest, ..
            } => Unresolved::NoMetric {
                at: 0,
                pattern,
                nearest,
            },
            other => other,
        };
        return Some(unresolved(d, &k.value, &e));
    }
    let e = resolver
        .fill(k.label.get_ref(), &k.pick, std::slice::from_ref(&value))
        .err()?;
    Some(unresolved(d, &k.label, &e))
}

/// Each metric pattern of a section that matches no metric.
fn unmatched_patterns<'d>(
    d: &'d Definition,
    metrics: &'d MetricSet,
    texts: &'d [Text],
) -> impl Iterator<Item = Problem> + 'd {
    texts.iter().filter_map(move |text| {
        let pattern = parse_pattern(text.get_ref(), 0, true).ok()?;
        let binding = Binding::new();
        let any = metrics
            .metrics
            .iter()
            .any(|m| matches(&pattern, &m.id, &binding));
        (!any).then(|| {
            d.problem_in(
                text,
                0,
                format!(
                    "section: {:?} matches no metric (`sitrep metrics` lists the ids)",
                    text.get_ref()
                ),
            )
        })
    })
}
