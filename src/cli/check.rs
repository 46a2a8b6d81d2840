//! `sitrep check`, `metrics` and `explain`: the data validated (with the
//! report definition and, with `--sources`, the source texts), its metrics
//! printed, one number explained.

use std::path::Path;
use std::process::ExitCode;

use super::args::{CheckArgs, ExplainArgs, MetricsArgs};
use super::project::{data_dir, load_accounted, load_and_compute};
use super::{release_at_exit, Failure, Outcome};
use crate::compute::compute;
use crate::compute::format::plural;
use crate::load::Dataset;

pub fn check(args: &CheckArgs) -> Outcome {
    let (_, dir) = data_dir(&args.data)?;
    let dir = dir.as_path();
    if let Some(texts) = args.sources.as_deref().filter(|t| !t.is_dir()) {
        return Err(Failure::Usage(format!(
            "{}: source text folder not found (give an existing folder with --sources)",
            texts.display()
        )));
    }
    let data = load_accounted(dir, args.strict, crate::load::load_dataset_to_check)?;
    check_definition(&data)?;
    println!(
        "{}: valid — {} sources, {} incidents, {} casualty estimates, {} counts, {} strength estimates, {}",
        dir.display(), data.sources.len(), data.incidents.len(), data.casualty_estimates.len(), data.counts.len(), data.strength.len(), imported_events(&data)
    );
    release_at_exit(data);
    match &args.sources {
        Some(texts) => check_sources(dir, texts, args.strict),
        None => Ok(ExitCode::SUCCESS),
    }
}

/// The data's report definition (`report.toml`) against its metrics. The
/// built-in definition needs no check, nor the metrics computed for it: a
/// million events take as long to compute as to load.
fn check_definition(data: &Dataset) -> Result<(), Failure> {
    if data.definition.source.path.is_none() {
        return Ok(());
    }
    let metrics = compute(data)
        .map_err(|e| Failure::Data(format!("error: computing metrics failed: {e}")))?;
    let problems = crate::report::check::check_definition(data, &metrics);
    release_at_exit(metrics);
    if problems.is_empty() {
        return Ok(());
    }
    let mut all = crate::problem::Problems::default();
    problems.into_iter().for_each(|p| all.push(p));
    Err(Failure::Data(all.to_string()))
}

/// `check --sources`: the validated data in `dir` against the source texts
/// in `texts`; warnings are errors when `strict`.
fn check_sources(dir: &Path, texts: &Path, strict: bool) -> Outcome {
    let mut report = crate::corpus::check_sources(dir, texts);
    if strict {
        report.make_strict();
    }
    for note in &report.notes {
        eprintln!("note: {note}");
    }
    for warning in &report.warnings {
        eprintln!("warning: {warning}");
    }
    if !report.errors.is_empty() {
        return Err(Failure::Data(report.errors.to_string()));
    }
    println!("{}", report.summary(texts));
    Ok(ExitCode::SUCCESS)
}

/// "no imported events", or "5839 imported events (pakistan-suicide-bombings
/// 496, ucdp 5343)": the events per dataset, by dataset name.
fn imported_events(data: &Dataset) -> String {
    let mut per_dataset = std::collections::BTreeMap::new();
    for event in &data.events {
        *per_dataset.entry(event.dataset.as_str()).or_insert(0u64) += 1;
    }
    if per_dataset.is_empty() {
        return "no imported events".to_string();
    }
    let each: Vec<String> = per_dataset
        .iter()
        .map(|(dataset, n)| format!("{dataset} {n}"))
        .collect();
    let total = data.events.len() as u64;
    let events = plural(total, "imported event", "imported events");
    format!("{events} ({})", each.join(", "))
}

pub fn metrics(args: &MetricsArgs) -> Outcome {
    let (_, dir) = data_dir(&args.data)?;
    let out = args.out.as_deref();
    let (data, metrics) = load_and_compute(&dir)?;
    release_at_exit(data);
    match out {
        Some(path) => crate::output::write_atomically(path, metrics.to_json().as_bytes())
            .map_err(|e| Failure::Data(format!("error: {}: cannot write: {e}", path.display())))?,
        None => print!("{}", metrics.to_json()),
    }
    Ok(ExitCode::SUCCESS)
}

pub fn explain(args: &ExplainArgs) -> Outcome {
    let (_, dir) = data_dir(&args.data)?;
    let (data, metrics) = load_and_compute(&dir)?;
    let text = crate::explain::explain(&data, &metrics, &args.id)
        .map_err(|e| Failure::Data(format!("error: {e}")))?;
    print!("{text}");
    Ok(ExitCode::SUCCESS)
}
