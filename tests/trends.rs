//! Imported event data end to end: `sitrep import` of the real
//! pakistan-suicide-bombings file (../shared/data) into a copy of the data
//! directory, then `sitrep build`, whose report sets long-run trends beside
//! the curated figures. The totals must equal the import's own summary.

mod common;

use common::*;

fn shared_file() -> std::path::PathBuf {
    let path = root().join("../shared/data/pakistan-suicide-bombings/originalData.csv");
    assert!(
        path.is_file(),
        "the real data file is expected at {} (see ../shared/data/README.md)",
        path.display()
    );
    path
}

/// `sitrep import mapped` of the real file with its shipped mapping, in `dir`.
fn import_real_file(dir: &std::path::Path, out: &str, extra: &[&str]) -> std::process::Output {
    let mapping = root().join("mappings/pakistan-suicide-bombings.toml");
    let file = shared_file();
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

fn metric<'a>(metrics: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    metrics["metrics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == id)
        .unwrap_or_else(|| panic!("no metric {id}"))
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
    let metrics: serde_json::Value =
        serde_json::from_slice(&std::fs::read(latest.join("metrics.json")).unwrap()).unwrap();
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
    // The dataset is named from its id, in words.
    assert!(report.contains("Long-run trends in event data: Pakistan suicide bombings"));
    assert!(report.contains("The Pakistan suicide bombings event data records 496 events from 19 November 1995 to 25 November 2017 with at least 5,154 killed (best estimate 7,319); the deadliest year was 2010"), "{report}");
    assert!(report.contains("Appendix: event datasets"));
    assert!(report.contains("Definitions differ: the Pakistan suicide bombings dataset"));
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
