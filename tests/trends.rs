//! Imported event data end to end, through the binary: `sitrep import` of
//! the real pakistan-suicide-bombings file (vendored under tests/fixtures)
//! and of a small UCDP-shaped file into a copy of the project, then
//! `sitrep build`, whose report sets long-run trends beside the curated
//! figures. The totals must equal the import's own summary, and a file the
//! build would not read must be said so.

mod common;

use std::path::Path;

use common::*;

/// `sitrep import mapped` of the real file with its shipped mapping, in `dir`.
fn import_real_file(dir: &Path, extra: &[&str]) -> std::process::Output {
    let (file, mapping) = (suicide_bombings_file(), suicide_bombings_mapping());
    let mut args = vec![
        "import",
        "mapped",
        file.to_str().unwrap(),
        "--mapping",
        mapping.to_str().unwrap(),
    ];
    args.extend(extra);
    sitrep(&args, dir)
}

#[test]
fn imported_events_become_trends_in_the_report() {
    let dir = tempfile::tempdir().unwrap();
    copy_project(dir.path());
    let import = import_real_file(dir.path(), &["--data", "data", "--out", "data"]);
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
    let import = import_real_file(dir.path(), &["--name", "psb"]);
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

/// A small export in UCDP GED's shape, spelled as UCDP spells Pakistan's
/// provinces and TTP factions ("Khyber Pakhtunkwa Province", "Azad Jammu &
/// Kashmir", "TTP - TA"), with one group name no vocabulary knows.
fn write_ucdp_export(dir: &Path) -> &'static str {
    let rows = [
        "id,date_start,date_end,date_prec,side_a,side_b,adm_1,adm_2,country,low,best,high",
        "9001,2014-12-16,2014-12-16,1,Government of Pakistan,TTP,Khyber Pakhtunkwa Province,Peshawar district,Pakistan,148,150,155",
        "9002,2015-03-02,2015-03-02,1,Government of Pakistan,TTP - TA,Khyber Pakhtunkhwa province,Khyber district,Pakistan,10,12,14",
        "9003,2015-06-20,2015-06-20,1,Government of Pakistan,TTP,Azad Jammu & Kashmir,Muzaffarabad district,Pakistan,2,2,3",
        "9004,2016-01-05,2016-01-05,1,Lashkar-e-Jhangvy,Civilians,Balochistan province,Quetta district,Pakistan,5,6,6",
    ];
    std::fs::write(dir.join("ged231.csv"), rows.join("\n") + "\n").unwrap();
    "ged231.csv"
}

#[test]
fn an_import_with_no_options_is_read_by_the_next_build() {
    let dir = tempfile::tempdir().unwrap();
    copy_repository_layout(dir.path());
    let export = write_ucdp_export(dir.path());
    let import = sitrep(&["import", "ucdp", export], dir.path());
    assert!(import.status.success(), "{}", stderr(&import));
    assert_eq!(stderr(&import), "");
    let said = stdout(&import);
    assert!(
        said.trim_end()
            .ends_with("the next build reads it: data/imported/ucdp/events.csv"),
        "{said}"
    );
    // The UCDP spellings are known; the one unknown name gets its closest id
    // and the groups.csv line that would make it known.
    assert!(said.contains("\nunknown province names: 0\n"), "{said}");
    assert!(
        said.contains("\n  \"Lashkar-e-Jhangvy\": 1 (did you mean lej?)\n"),
        "{said}"
    );
    assert!(
        said.contains(
            "\n  groups.csv: replace the row of lej with\n    lej,Lashkar-e-Jhangvi,group,,LeJ;"
        ),
        "{said}"
    );
    assert!(
        said.contains(";Lashkar-e-Jhangvy,Sectarian group"),
        "{said}"
    );

    let check = sitrep(&["check"], dir.path());
    assert!(check.status.success(), "{}", stderr(&check));
    assert_eq!(stderr(&check), "");
    assert!(
        stdout(&check).contains(", 4 imported events (ucdp 4)\n"),
        "{}",
        stdout(&check)
    );

    let build = sitrep(&["build"], dir.path());
    assert!(build.status.success(), "{}", stderr(&build));
    let latest = dir.path().join("reports/latest");
    let metrics = read_metrics(&latest.join("metrics.json"));
    let kp = metric(
        &metrics,
        "events.ucdp.by_province.khyber-pakhtunkhwa.killed",
    );
    let bounds =
        |m: &serde_json::Value| (m["low"].as_f64(), m["best"].as_f64(), m["high"].as_f64());
    // 148–150–155 spelled "Khyber Pakhtunkwa Province" and 10–12–14.
    assert_eq!(bounds(kp), (Some(158.0), Some(162.0), Some(169.0)));
    let ajk = metric(&metrics, "events.ucdp.by_province.azad-kashmir.killed");
    assert_eq!(bounds(ajk), (Some(2.0), Some(2.0), Some(3.0)));
    let faction = metric(&metrics, "events.ucdp.by_group.ttp-ta.killed");
    assert_eq!(bounds(faction), (Some(10.0), Some(12.0), Some(14.0)));
    let report = fold(&pdf_text(&latest.join("report.pdf")));
    assert!(
        report.contains("Long-run trends in event data: UCDP"),
        "{report}"
    );
}

#[test]
fn a_csv_file_no_build_reads_is_named_with_where_it_would_be_read() {
    let dir = tempfile::tempdir().unwrap();
    copy_project(dir.path());
    let export = write_ucdp_export(dir.path());
    // One folder too high: imports go one folder each under imported/.
    let import = sitrep(
        &["import", "ucdp", export, "--out", "data/imported"],
        dir.path(),
    );
    assert!(import.status.success(), "{}", stderr(&import));
    assert_eq!(
        stderr(&import),
        "warning: data/imported/events.csv: not read by check or build; imported events would be read as data/imported/NAME/events.csv (one folder per import, NAME being the dataset, such as ucdp) or as data/events.csv (without --out, sitrep import writes data/imported/ucdp/events.csv)\n"
    );
    assert!(!stdout(&import).contains("the next build reads it"));
    for copy in ["Counts.csv", "counts (1).csv"] {
        std::fs::copy(
            dir.path().join("data/counts.csv"),
            dir.path().join("data").join(copy),
        )
        .unwrap();
    }

    let check = sitrep(&["check", "--data", "data"], dir.path());
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    assert!(
        stdout(&check).contains(", no imported events\n"),
        "{}",
        stdout(&check)
    );
    let warnings: Vec<String> = stderr(&check).lines().map(str::to_string).collect();
    assert_eq!(
        warnings,
        [
            "warning: data/Counts.csv: not read by check or build (names are read exactly as written); it would be read as data/counts.csv",
            "warning: data/counts (1).csv: not read by check or build, which read data/counts.csv under exactly that name; if this is a newer copy of it, put it in its place",
            "warning: data/imported/events.csv: not read by check or build; imported events would be read as data/imported/NAME/events.csv (one folder per import, NAME being the dataset, such as ucdp) or as data/events.csv",
        ]
    );

    // With --strict the same are errors, and a build writes nothing.
    let strict = sitrep(&["check", "--data", "data", "--strict"], dir.path());
    assert_eq!(strict.status.code(), Some(1));
    let errors = stderr(&strict);
    assert!(
        errors.starts_with("error: data/Counts.csv: not read by check or build"),
        "{errors}"
    );
    assert!(
        errors.ends_with("3 problems found; nothing was written\n"),
        "{errors}"
    );
    let build = build_into(dir.path(), "out", &["--strict"]);
    assert_eq!(build.status.code(), Some(1), "{}", stderr(&build));
    assert!(!dir.path().join("out").exists());
}
