//! `sitrep build`: the plan resolved once (project folders, templates,
//! publication settings, logo), then every edition asked for (latest, an
//! as-of date, a quarter, every quarter) built with one typesetter, and one
//! line per file written.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::NaiveDate;

use super::args::BuildArgs;
use super::project::{data_dir, load_accounted};
use super::{release_at_exit, Failure, Outcome};
use crate::compute::format::plural;
use crate::compute::MetricSet;
use crate::load::Dataset;
use crate::output::folder::Written;
use crate::report::model::Changes;
use crate::report::render::{Templates, Typesetter};
use crate::report::{build_with, BuildOptions, Built};
use crate::revision::{known_by, quarters, scope_lines, Quarter};
use crate::settings::Project;

/// One edition to build: its folder, cut-off and scope.
pub(super) struct Edition {
    pub(super) folder: String,
    cutoff: Option<NaiveDate>,
    name: String,
}

/// What a build needs besides its arguments, resolved once: the project's
/// folders and publication settings, the templates and the logo.
pub(super) struct Plan {
    pub(super) data: PathBuf,
    pub(super) out: PathBuf,
    pub(super) templates: Templates,
    publication: crate::report::Publishing,
    /// The settings it was resolved from (`sitrep watch` watches their files).
    pub(super) project: Project,
}

impl Plan {
    pub(super) fn new(args: &BuildArgs) -> Result<Plan, Failure> {
        let (project, data) = data_dir(&args.data)?;
        let templates = Templates::from_folder(project.templates(args.template.as_deref()));
        templates.check().map_err(Failure::Usage)?;
        let publication = publishing(&project)?;
        Ok(Plan {
            data,
            out: project.out(args.out.as_deref()),
            templates,
            publication,
            project,
        })
    }
}

/// The project's publication settings, with its logo read.
fn publishing(project: &Project) -> Result<crate::report::Publishing, Failure> {
    let logo = match project.logo() {
        Some(path) => Some(crate::report::Logo::read(&path).map_err(Failure::Usage)?),
        None => None,
    };
    Ok(crate::report::Publishing {
        settings: project.settings.publication.clone(),
        logo,
    })
}

pub fn build(args: &BuildArgs) -> Outcome {
    let started = std::time::Instant::now();
    let plan = Plan::new(args)?;
    let data = load_accounted(&plan.data, args.strict, crate::load::load_dataset)?;
    let clock = crate::timing::Stopwatch::start();
    let typesetter = Typesetter::new(&plan.templates).map_err(|e| Failure::Data(e.to_string()))?;
    clock.lap("fonts and library");
    let editions = editions(args, &data);
    // The side compared against is read once, whatever the number of editions.
    let previous = match &args.compare_to {
        Some(rev) => Some(previous_snapshot(rev, &plan.data)?),
        None => None,
    };
    let progress = progress_bar(editions.len());
    let (mut written, mut notes, mut skipped) = (Vec::new(), Vec::new(), Vec::new());
    for edition in &editions {
        progress.set_message(edition.folder.clone());
        let built = build_edition(
            (args, &plan),
            &data,
            edition,
            (&typesetter, previous.as_ref()),
        )?;
        let folder = plan.out.join(&edition.folder);
        if built.written.is_empty() {
            skipped.push(folder.clone());
        }
        notes.extend(left_out_note(&folder, built.left_out));
        notes.extend(unshown_note(&folder, &built.unshown));
        written.extend(built.written);
        progress.inc(1);
    }
    progress.finish_and_clear();
    notes.extend(up_to_date_note(args, &plan.out, &skipped));
    notes.iter().for_each(|note| println!("{note}"));
    release_at_exit(data);
    print_written(&written, started.elapsed());
    Ok(ExitCode::SUCCESS)
}

/// What was not typeset again: "reports/latest: up to date (built from the
/// same inputs)", or for `--all-quarters` one line, "reports: 25 quarters
/// up to date, skipped", however many there are.
fn up_to_date_note(args: &BuildArgs, out: &Path, skipped: &[PathBuf]) -> Option<String> {
    match skipped {
        [] => None,
        _ if args.all_quarters => Some(format!(
            "{}: {} up to date, skipped",
            out.display(),
            plural(skipped.len() as u64, "quarter", "quarters")
        )),
        folders => Some(
            folders
                .iter()
                .map(|f| format!("{}: up to date (built from the same inputs)", f.display()))
                .collect::<Vec<_>>()
                .join("\n"),
        ),
    }
}

/// "warning: reports/latest: no embedded font has 🚨 (U+1F6A8); set as □":
/// characters of the data (an emoji pasted into a title) that a PDF/A
/// document cannot hold, each set as a box so that the build goes on.
fn unshown_note(folder: &Path, unshown: &std::collections::BTreeSet<char>) -> Option<String> {
    let listed: Vec<String> = unshown
        .iter()
        .map(|c| format!("{c} (U+{:04X})", *c as u32))
        .collect();
    (!listed.is_empty()).then(|| {
        format!(
            "warning: {}: no embedded font has {}; set as {} (edit the record to remove it)",
            folder.display(),
            listed.join(", "),
            crate::report::render::glyphs::BOX
        )
    })
}

/// "reports/as-of-2020-01-01: 3 findings and 2 key numbers of report.toml
/// left out: their figures are not in this edition's data".
fn left_out_note(folder: &Path, left_out: crate::report::model::LeftOut) -> Option<String> {
    let parts: Vec<String> = [
        (left_out.findings, "finding", "findings"),
        (left_out.key_numbers, "key number", "key numbers"),
    ]
    .iter()
    .filter(|(n, _, _)| *n > 0)
    .map(|(n, one, many)| plural(*n as u64, one, many))
    .collect();
    (!parts.is_empty()).then(|| {
        format!(
            "{}: {} of report.toml left out: their figures are not in this edition's data",
            folder.display(),
            parts.join(" and ")
        )
    })
}

pub(super) fn editions(args: &BuildArgs, data: &Dataset) -> Vec<Edition> {
    let quarter = |q: Quarter| Edition {
        folder: q.folder(),
        cutoff: Some(q.end()),
        name: format!("Quarterly edition {q}"),
    };
    if args.all_quarters {
        return quarters(data).into_iter().map(quarter).collect();
    }
    match (args.quarter, args.as_of) {
        (Some(q), _) => vec![quarter(q)],
        (None, Some(d)) => vec![Edition {
            folder: format!("as-of-{d}"),
            cutoff: Some(d),
            name: format!("As-of edition {d}"),
        }],
        (None, None) => vec![Edition {
            folder: "latest".into(),
            cutoff: None,
            name: String::new(),
        }],
    }
}

pub(super) fn build_edition(
    (args, plan): (&BuildArgs, &Plan),
    data: &Dataset,
    edition: &Edition,
    (typesetter, previous): (&Typesetter, Option<&crate::diff::Snapshot>),
) -> Result<Built, Failure> {
    let (known, scope) = match edition.cutoff {
        Some(cutoff) => {
            let (known, left_out) = known_by(data, cutoff);
            let scope = scope_lines(data, cutoff, &edition.name, &left_out);
            (std::borrow::Cow::Owned(known), scope)
        }
        None => (std::borrow::Cow::Borrowed(data), Vec::new()),
    };
    let compare = |data: &Dataset, metrics: &MetricSet| {
        let (rev, old) = (args.compare_to.as_deref().unwrap_or(""), previous);
        changes_since(rev, old.expect("compared only with a side"), data, metrics)
    };
    let options = BuildOptions {
        out: plan.out.clone(),
        templates: plan.templates.clone(),
        publication: plan.publication.clone(),
        folder: edition.folder.clone(),
        scope,
        compare: previous.map(|_| &compare as crate::report::CompareWith),
        as_of: edition.cutoff,
        force: args.force,
        briefing_pages: args.briefing_pages,
        keep_typst: args.keep_typst,
    };
    build_with(&known, &options, typesetter).map_err(|e| Failure::Data(e.to_string()))
}

/// The "Changes since REV" part of a compared build: `data`, whose
/// metrics are `metrics`, against the side read from REV.
fn changes_since(
    rev: &str,
    old: &crate::diff::Snapshot,
    data: &Dataset,
    metrics: &MetricSet,
) -> Changes {
    let new = crate::diff::Side {
        label: "this edition",
        metrics,
        data: Some(data),
    };
    let diff = crate::diff::diff(old.side(), new, false);
    let moved = diff
        .metrics
        .iter()
        .filter(|m| m.change != crate::diff::Change::Unchanged)
        .map(|m| (m.id.clone(), m.old_display.clone(), m.new_display.clone()))
        .collect();
    Changes {
        against: rev.to_string(),
        summary: diff.summary(),
        lines: diff.metric_lines(false),
        metrics: moved,
    }
}

/// The side a compared build is compared against (anything `diff` reads).
fn previous_snapshot(rev: &str, data_dir: &Path) -> Result<crate::diff::Snapshot, Failure> {
    crate::diff::snapshot(rev, Path::new("."), &data_dir.display().to_string())
        .map_err(|e| Failure::Data(e.to_string()))
}

fn progress_bar(len: usize) -> indicatif::ProgressBar {
    if len <= 4 {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(len as u64);
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} quarters {msg}")
    {
        bar.set_style(style);
    }
    bar
}

/// One line per file written, with its size and page count, then the time.
fn print_written(written: &[Written], elapsed: std::time::Duration) {
    for w in written {
        let pages = w
            .pages
            .map(|p| format!(", {}", plural(p as u64, "page", "pages")))
            .unwrap_or_default();
        println!(
            "wrote {} ({}{pages})",
            w.path.display(),
            human_size(w.bytes)
        );
    }
    println!(
        "built {} files in {:.2} s",
        written.len(),
        elapsed.as_secs_f64()
    );
}

fn human_size(bytes: usize) -> String {
    match bytes {
        b if b < 1024 => format!("{b} B"),
        b if b < 1024 * 1024 => format!("{:.1} KiB", b as f64 / 1024.0),
        b => format!("{:.1} MiB", b as f64 / 1024.0 / 1024.0),
    }
}
