//! Imported event data end to end: `sitrep import` of the real
//! pakistan-suicide-bombings file (vendored under tests/fixtures) into a
//! copy of the data directory, then `sitrep build`, whose report sets
//! long-run trends beside the curated figures. The totals must equal the
//! import's own summary.

mod common;

use std::path::Path;

use common::*;

/// `sitrep import mapped` of the real file with its shipped mapping, in `dir`.
fn import_real_file(dir: &Path, out: &str, extra: &[&str]) -> std::process::Output {
    let (file, mapping) = (suicide_bombings_file(), suicide_bombings_mapping());
    let mut args = vec![
        "import",
        "mapped",
        file.to_str().unwrap(),
        "--mapping",
        mapping.to_str().unwrap(),
        "--out",
        out,
    ];
    args.extend(extra);
    sitrep(&args, dir)
}

#[test]
fn imported_events_become_trends_in_the_report() {
    let dir = tempfile::tempdir().unwrap();
    copy_project(dir.path());
    let import = import_real_file(dir.path(), "data", &["--data", "data"]);
    assert!(import.status.success(), "{}", stderr(&import));
    assert!(
        stdout(&import).contains("killed low / best / high: 5154 / 7319 / open"),
        "{}",
        stdout(&import)
    );
    let build = build_in(dir.path());
    assert!(build.status.success(), "{}", stderr(&build));
    let latest = dir.path().join("out/latest");
    let metrics = read_metrics(&latest.join("metrics.json"));
    let total = metric(&metrics, "events.pakistan-suicide-bombings.total.killed");
    assert_eq!(
        (
            total["low"].as_f64(),
            total["best"].as_f64(),
            total["high"].as_f64()
        ),
        (Some(5154.0), Some(7319.0), None)
    );
    assert_eq!(
        metric(&metrics, "events.pakistan-suicide-bombings.total.count")["best"],
        496.0
    );
    // Per-year totals add up to the whole.
    let years: f64 = metrics["metrics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| {
            m["id"]
                .as_str()
                .unwrap()
                .starts_with("events.pakistan-suicide-bombings.by_year.")
                && m["id"].as_str().unwrap().ends_with(".killed")
        })
        .map(|m| m["best"].as_f64().unwrap())
        .sum();
    assert_eq!(years, 7319.0);
    assert!(
        metric(
            &metrics,
            "events.pakistan-suicide-bombings.by_year_province.2009.khyber-pakhtunkhwa.killed"
        )["low"]
            .as_f64()
            .unwrap()
            > 0.0
    );
    assert!(latest
        .join("charts/events-pakistan-suicide-bombings-years.svg")
        .exists());
    let report = fold(&pdf_text(&latest.join("report.pdf")));
    assert!(report.contains("Long-run trends in event data: pakistan-suicide-bombings"));
    assert!(report.contains("The pakistan-suicide-bombings event data records 496 events from 1995-11-19 to 2017-11-25 with at least 5,154 killed (best estimate 7,319)"), "{report}");
    assert!(report.contains("Appendix: event datasets"));
    // (The dataset name may be hyphenated at a line break in the PDF text.)
    assert!(report.contains("Definitions differ: pakistan-suicide"));
    assert!(report.contains("records these kinds of attack only: suicide bombing (496)"));
}

#[test]
fn an_events_file_with_problems_is_refused_with_its_place() {
    let dir = tempfile::tempdir().unwrap();
    copy_project(dir.path());
    let header = "id,dataset,dataset_version,original_id,date,country,province,province_raw,district,group,group_raw,attribution_doubt,claimed,attack_type,target,killed_low,killed_best,killed_high,injured_low,injured_best,injured_high,flags,note";
    std::fs::write(
        dir.path().join("data/events.csv"),
        format!("{header}\nx-1,x,,1,2015-02-30,PK,sindh,,,,,,,,,1,1,1,,,,,\n"),
    )
    .unwrap();
    let out = sitrep(&["check", "--data", "data"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("data/events.csv:2:"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn imports_under_data_imported_feed_the_report_and_git_diffs() {
    let dir = tempfile::tempdir().unwrap();
    copy_project(dir.path());
    let git = |args: &[&str]| git(dir.path(), args);
    git(&["init", "-q"]);
    git(&["add", "data"]);
    git(&["commit", "-q", "-m", "curated"]);
    let import = import_real_file(dir.path(), "data/imported/psb", &[]);
    assert!(import.status.success(), "{}", stderr(&import));
    git(&["add", "data"]);
    git(&["commit", "-q", "-m", "imported"]);
    let build = build_in(dir.path());
    assert!(build.status.success(), "{}", stderr(&build));
    let metrics = std::fs::read_to_string(dir.path().join("out/latest/metrics.json")).unwrap();
    assert!(metrics.contains("\"id\": \"events.pakistan-suicide-bombings.total.killed\""));
    let diff = stdout(&sitrep(&["diff", "HEAD~1", "HEAD"], dir.path()));
    assert!(
        diff.contains("records: 496 added"),
        "{}",
        &diff[..diff.len().min(600)]
    );
    assert!(
        diff.contains("+ events.pakistan-suicide-bombings.total.killed  — → at least 5,154  (new)")
    );
}
