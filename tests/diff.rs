//! `sitrep diff` and revisions end to end: exact expected output for two
//! fixture revisions (one figure corrected, one incident added, one source
//! added) in every format; git revisions read without touching the work
//! tree; as-of builds that leave later sources out; compared builds.

mod common;

use std::path::PathBuf;

use common::*;

fn fixtures() -> PathBuf {
    root().join("tests/fixtures/revisions")
}

fn expected(name: &str) -> String {
    std::fs::read_to_string(fixtures().join(name)).unwrap()
}

#[test]
fn fixture_revisions_give_exactly_the_expected_diff_in_every_format() {
    for (format, file) in [
        ("text", "expected.txt"),
        ("json", "expected.json"),
        ("markdown", "expected.md"),
    ] {
        let out = sitrep(&["diff", "old", "new", "--format", format], &fixtures());
        assert!(out.status.success(), "{}", stderr(&out));
        pretty_assertions::assert_eq!(stdout(&out), expected(file), "format {format}");
    }
}

#[test]
fn the_expected_diff_names_the_correction_the_new_incident_and_the_new_source() {
    let text = expected("expected.txt");
    assert!(text.contains("~ all-sources.pakistan.2021.claimed_attacks.ttp  257 → 267  (+10)"));
    assert!(text.contains(
        "~ all-sources.pakistan.2021.claimed_attacks.ratio.ttp_to_isk  13.5 → 14.1  (+0.53)"
    ));
    assert!(text
        .contains("~ counts/sayed-2021-ttp-claimed-attacks\n      figure.best: \"257\" → \"267\""));
    assert!(text.contains("+ incidents/2024-01-10-quetta"));
    assert!(text.contains("+ fixture-2024"));
    assert!(text.contains("+ incidents.2024-01-10-quetta.killed  — → 3  (new)"));
}

#[test]
fn identical_inputs_print_one_line_and_exit_code_reports_differences() {
    let same = sitrep(&["diff", "old", "old", "--exit-code"], &fixtures());
    assert_eq!(same.status.code(), Some(0));
    assert_eq!(
        stdout(&same),
        "No differences: old and old give the same records and metrics.\n"
    );
    let differ = sitrep(&["diff", "old", "new", "--exit-code"], &fixtures());
    assert_eq!(differ.status.code(), Some(1));
    let all = stdout(&sitrep(&["diff", "old", "new", "--all"], &fixtures()));
    assert!(
        all.contains("    pips.pakistan.2017.attacks.all  370 → 370"),
        "--all lists unchanged metrics"
    );
}

#[test]
fn a_metrics_json_side_compares_metrics_only() {
    let dir = tempfile::tempdir().unwrap();
    let metrics = dir.path().join("old-metrics.json");
    let out = sitrep(
        &[
            "metrics",
            "--data",
            "old",
            "--out",
            metrics.to_str().unwrap(),
        ],
        &fixtures(),
    );
    assert!(out.status.success());
    let text = stdout(&sitrep(
        &["diff", metrics.to_str().unwrap(), "new"],
        &fixtures(),
    ));
    assert!(text.contains("~ all-sources.pakistan.2021.claimed_attacks.ttp  257 → 267  (+10)"));
    assert!(text.contains("records: not compared (a side is a metrics.json)"));
}

#[test]
fn git_revisions_are_read_without_touching_the_work_tree() {
    let repo = tempfile::tempdir().unwrap();
    let path = repo.path();
    git(path, &["init", "-q"]);
    copy_dir(&fixtures().join("old"), &path.join("data"));
    git(path, &["add", "data"]);
    git(path, &["commit", "-q", "-m", "old"]);
    copy_dir(&fixtures().join("new"), &path.join("data"));
    git(path, &["commit", "-q", "-a", "-m", "new"]);
    // An uncommitted edit in the work tree must not leak into either side.
    let counts = path.join("data/counts.csv");
    let edited = std::fs::read_to_string(&counts)
        .unwrap()
        .replace(",exact,,19,", ",exact,,23,");
    std::fs::write(&counts, &edited).unwrap();
    let out = sitrep(&["diff", "HEAD~1", "HEAD"], path);
    assert!(out.status.success(), "{}", stderr(&out));
    let want = expected("expected.txt").replacen("diff old → new", "diff HEAD~1 → HEAD", 1);
    pretty_assertions::assert_eq!(stdout(&out), want);
    assert_eq!(
        std::fs::read_to_string(&counts).unwrap(),
        edited,
        "the work tree is untouched"
    );
    let bad = sitrep(&["diff", "no-such-rev", "HEAD"], path);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains(
        "no-such-rev is neither a data directory, a metrics.json file nor a git revision"
    ));
}

#[test]
fn an_as_of_build_leaves_no_trace_of_later_sources() {
    let dir = tempfile::tempdir().unwrap();
    copy_project(dir.path());
    let out = build_into(dir.path(), "out", &["--quarter", "2022Q4"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let folder = dir.path().join("out/2022-Q4");
    let metrics = std::fs::read_to_string(folder.join("metrics.json")).unwrap();
    assert!(metrics.contains("\"as_of\": \"2022-12-31\""));
    for later in [
        "isk-threat-2023",
        "csis-iskp-2023",
        "2023-07-30-bajaur",
        "strength.ttp.pakistan.2023-08",
    ] {
        assert!(
            !metrics.contains(later),
            "{later} was published after the cut-off"
        );
    }
    assert!(metrics.contains("all-sources.pakistan.2021.claimed_attacks.ratio.ttp_to_isk"));
    let report = fold(&pdf_text(&folder.join("report.pdf")));
    assert!(report.contains("Quarterly edition 2022Q4: this edition uses only sources published on or before 2022-12-31."), "{report}");
    assert!(report.contains("It leaves out 2 later sources"));
    let as_of = build_into(dir.path(), "out", &["--as-of", "2017-06-30"]);
    assert!(as_of.status.success());
    assert!(dir.path().join("out/as-of-2017-06-30/report.pdf").exists());
}

#[test]
fn all_quarters_are_built_reproducibly() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    for dir in [&a, &b] {
        copy_project(dir.path());
        let out = build_into(dir.path(), "out", &["--all-quarters"]);
        assert!(out.status.success(), "{}", stderr(&out));
    }
    let quarters: Vec<_> = std::fs::read_dir(a.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|name| !name.starts_with('.')) // the build cache
        .collect();
    assert!(
        quarters.contains(&"2017-Q2".to_string())
            && quarters.contains(&"2023-Q3".to_string())
            && quarters.len() == 26,
        "{quarters:?}"
    );
    assert_eq!(hashes(&a.path().join("out")), hashes(&b.path().join("out")));
}

#[test]
fn a_compared_build_reports_the_changes_in_both_pdfs() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixtures().join("new"), &dir.path().join("data"));
    copy_dir(&fixtures().join("old"), &dir.path().join("previous"));
    copy_dir(
        &root().join("reports/templates"),
        &dir.path().join("templates"),
    );
    let out = build_into(dir.path(), "out", &["--compare-to", "previous"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let report = fold(&pdf_text(&dir.path().join("out/latest/report.pdf")));
    assert!(report.contains("Changes since previous"), "{report}");
    assert!(
        report.contains("~ all-sources.pakistan.2021.claimed_attacks.ttp 257 → 267 (+10)"),
        "{report}"
    );
    let briefing = fold(&pdf_text(&dir.path().join("out/latest/briefing.pdf")));
    assert!(briefing.contains("Since previous: metrics: 18 changed, 5 added; records: 1 changed, 2 added; sources: 1 added"), "{briefing}");
}
