//! The curated data against the five seed articles it was curated from
//! (the folder `SITREP_SEEDS` names; `.ci/run` sets it to `../shared/seeds`
//! where that folder is beside the repository): every quote is
//! verbatim in its article and every number of an article is cited or
//! listed in not_figures.csv (`sitrep check --sources`), and `sitrep cite`
//! proposes every figure the data takes from an article.
//!
//! The seeds are not part of the repository, and the tests never look for
//! them outside it: without `SITREP_SEEDS` these tests say so and pass
//! without checking anything. The same checks run on small
//! texts the tests write themselves in tests/cite.rs.

mod common;

use std::collections::BTreeMap;
use std::path::PathBuf;

use common::{copy_dir, edit_data, root, sitrep, stderr, stdout};
use sitrep::cite::draft;
use sitrep::corpus::{quotes, SourceText};
use sitrep::estimate::StatedFigure;
use sitrep::load::{load_dataset, Dataset};

/// The seed folder, or `None` (said on stderr) when there is none.
fn seeds() -> Option<PathBuf> {
    let Some(dir) = std::env::var_os("SITREP_SEEDS").map(PathBuf::from) else {
        eprintln!(
            "skipped: SITREP_SEEDS names no seed folder (.ci/run sets it where the seeds are)"
        );
        return None;
    };
    assert!(
        dir.is_dir(),
        "SITREP_SEEDS={} is not a folder",
        dir.display()
    );
    Some(dir)
}

#[test]
fn every_quote_and_every_number_of_the_seeds_is_accounted_for() {
    let Some(seeds) = seeds() else { return };
    let out = sitrep(
        &[
            "check",
            "--sources",
            &seeds.display().to_string(),
            "--strict",
        ],
        &root(),
    );
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    assert!(
        stdout(&out).contains(
            ": 5 source texts: 42 quotes verbatim, every number cited or listed as not a figure"
        ),
        "{}",
        stdout(&out)
    );
    assert_eq!(stderr(&out), "", "no warnings expected");
}

#[test]
fn a_quote_with_one_word_changed_fails_naming_its_file_line_and_record() {
    let Some(seeds) = seeds() else { return };
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&root().join("data"), &dir.path().join("data"));
    edit_data(
        dir.path(),
        "counts.csv",
        "which killed 153 people in 2017.",
        "which murdered 153 people in 2017.",
    );
    let out = sitrep(
        &["check", "--sources", &seeds.display().to_string()],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let line = std::fs::read_to_string(dir.path().join("data/counts.csv"))
        .unwrap()
        .lines()
        .position(|l| l.contains("which murdered 153"))
        .unwrap()
        + 1;
    let expected = format!(
        "error: data/counts.csv:{line}:98: quote not found in 004_bd5fdcdcd7b40ad1.txt (record counts/pips-2017-killed-is); \
         the closest passage, at 004_bd5fdcdcd7b40ad1.txt:26:1, has \"which killed 153\" where the quote has \"which murdered 153\""
    );
    assert!(stderr(&out).contains(&expected), "{}", stderr(&out));
    assert!(stderr(&out).ends_with("1 problem found; nothing was written\n"));
}

/// A figure the data takes from a seed: its record, figure and quote.
struct Cited {
    record: String,
    source: String,
    figure: StatedFigure,
    quote: String,
}

fn cited(data: &Dataset) -> Vec<Cited> {
    let mut all = Vec::new();
    let mut add = |record: String, source: &str, figure: StatedFigure, quote: &str| {
        all.push(Cited {
            record,
            source: source.to_string(),
            figure,
            quote: quote.to_string(),
        })
    };
    for c in &data.counts {
        add(format!("counts/{}", c.id), &c.source_id, c.figure, &c.quote);
    }
    for s in &data.strength {
        add(
            format!("strength/{}", s.id),
            &s.source_id,
            s.figure,
            &s.quote,
        );
    }
    for e in data.casualty_estimates.iter() {
        let figures = [("killed", e.killed), ("injured", e.injured)];
        for (which, figure) in figures.into_iter().filter_map(|(w, f)| Some((w, f?))) {
            let record = format!("casualty_estimates/{}.{which}", e.id);
            add(record, &e.source_id, figure.unpack(), &e.quote);
        }
    }
    all
}

/// The figures `cite` cannot propose, and why: each is stated without a
/// number the text writes.
const UNSTATED: [(&str, &str); 1] = [(
    "casualty_estimates/mastung-2017-isk-balochistan.injured",
    "\"only injured the deputy chairman\": one person named, no number written",
)];

#[test]
fn cite_proposes_every_figure_the_data_takes_from_a_seed() {
    let Some(seeds) = seeds() else { return };
    let data = load_dataset(&root().join("data")).unwrap_or_else(|p| panic!("{p}"));
    let mut by_seed: BTreeMap<String, (usize, Vec<String>)> = BTreeMap::new();
    for figure in cited(&data) {
        let source = &data.sources[&figure.source];
        let seed = source.seed_file.clone().unwrap();
        let text = SourceText::read(&seeds.join(&seed)).unwrap();
        let proposed = draft(&text, &data, source).drafts;
        let quoted = quotes::verify(&text, &figure.quote).unwrap();
        let found = proposed.iter().any(|d| {
            let inside = quoted
                .iter()
                .any(|q| q.start <= d.span.start && d.span.end <= q.end);
            // The same qualifier and bounds (an exact figure may be written
            // in low or in best).
            let same = d.figure.stated.qualifier == figure.figure.qualifier
                && data.estimate(&d.figure.stated) == data.estimate(&figure.figure);
            inside && same
        });
        let tally = by_seed.entry(seed).or_default();
        tally.0 += 1;
        if !found {
            tally.1.push(figure.record);
        }
    }
    for (seed, (total, missed)) in &by_seed {
        let recall = 100.0 * (total - missed.len()) as f64 / *total as f64;
        println!(
            "{seed}: {} of {total} figures proposed ({recall:.0}%); missed: {missed:?}",
            total - missed.len()
        );
    }
    let missed: Vec<&str> = by_seed
        .values()
        .flat_map(|(_, m)| m)
        .map(String::as_str)
        .collect();
    let expected: Vec<&str> = UNSTATED.iter().map(|(record, _)| *record).collect();
    assert_eq!(
        missed, expected,
        "figures cite does not propose, against those it cannot"
    );
}
