//! The report follows the data: a revision that adds the next PIPS annual
//! report, a second year of TTP and IS-K claims and later strength
//! estimates moves every rule, chart, finding and briefing number to them,
//! with no code change; a stated change the counts contradict is flagged
//! and listed; a bad placeholder in report.toml gets a located error.

mod common;

use std::path::Path;

use common::*;

const SOURCES: &str = "pips-2018,Pakistan Security Report 2018,Pakistan Institute for Peace Studies (PIPS),2019-01,,,,The next annual report.
sayed-2022,Claims tracked in 2022,,2023-01,,,Abdul Sayed,A second year of claims.
survey-2024,Militant strength survey,Some Institute (SI),2024-06,,,,A later strength estimate.
";

/// PIPS's 2018 report with the stated change `change`, claims for 2022,
/// and estimates of both groups in June 2024.
fn revision(change: &str) -> String {
    format!(
        "pips-2018-total,2018,2018,pakistan,all,attacks,exact,,262,,pips-2018,262 attacks in all,
pips-2018-ttp,2018,2018,pakistan,ttp-and-associated,attacks,exact,,171,,pips-2018,171 by TTP and associated groups,
pips-2018-nationalist,2018,2018,pakistan,nationalist-insurgents,attacks,exact,,80,,pips-2018,80 by nationalist insurgents,
pips-2018-killed-nationalist,2018,2018,pakistan,nationalist-insurgents,killed,exact,,96,,pips-2018,96 killed,
pips-2018-change,2018,2018,pakistan,all,attacks_change,rounded,,{change},,pips-2018,a change of {change} percent,
sayed-2022-ttp,2022,2022,pakistan,ttp,claimed_attacks,exact,,300,,sayed-2022,300 claimed by TTP,
sayed-2022-isk,2022,2022,pakistan,isk,claimed_attacks,exact,,25,,sayed-2022,25 claimed by IS-K,
"
    )
}

const STRENGTH: &str =
    "survey-2024-ttp,ttp,pakistan,2024-06,fighters,about,,45000,,survey-2024,about 45000 fighters,
survey-2024-isk,isk,pakistan,2024-06,fighters,about,,2000,,survey-2024,about 2000 fighters,
";

/// A copy of the project with the revision appended.
fn revised(change: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_project(dir.path());
    append(dir.path(), "sources.csv", SOURCES);
    append(dir.path(), "counts.csv", &revision(change));
    append(dir.path(), "strength.csv", STRENGTH);
    dir
}

fn append(dir: &Path, file: &str, lines: &str) {
    let path = dir.join("data").join(file);
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str(lines);
    std::fs::write(path, text).unwrap();
}

fn metrics(dir: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(dir.join("out/latest/metrics.json")).unwrap()).unwrap()
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
fn a_new_year_of_data_moves_rules_charts_findings_and_briefing() {
    let dir = revised("-29");
    let check = sitrep(&["check", "--data", "data"], dir.path());
    assert!(check.status.success(), "{}", stderr(&check));
    let build = build_in(dir.path());
    assert!(build.status.success(), "{}", stderr(&build));
    let m = metrics(dir.path());
    // That year's shares and per-attack figures.
    assert_eq!(
        metric(&m, "pips.pakistan.2018.attacks.ttp-and-associated.share")["display"],
        "65.3%"
    );
    assert_eq!(
        metric(
            &m,
            "pips.pakistan.2018.killed.nationalist-insurgents.per_attack"
        )["display"],
        "1.20"
    );
    // The change from the year before, computed from both counts, against the stated one.
    let change = metric(&m, "pips.pakistan.2018.attacks.all.change_pct");
    assert_eq!(change["display"], "-29.2%");
    assert_eq!(change["flags"][0], "consistent_with_stated");
    assert_eq!(
        metric(&m, "pips.pakistan.2018.attacks.all.change")["best"],
        -108.0
    );
    // The new year in the charts.
    let charts = dir.path().join("out/latest/charts");
    let tally = std::fs::read_to_string(charts.join("tally-pips-pakistan-attacks.svg")).unwrap();
    assert!(tally.contains("2018") && tally.contains("2017"));
    assert!(charts.join("trend-pips-pakistan-attacks.svg").is_file());
    // Findings and key numbers about the latest year.
    let report = fold(&pdf_text(&dir.path().join("out/latest/report.pdf")));
    assert!(
        report.contains("PIPS counted 262 terrorist attacks in Pakistan in 2018"),
        "{report}"
    );
    assert!(report
        .contains("terrorist attacks in Pakistan fell 29.2% from 2017 to 2018, from 370 to 262"));
    assert!(report.contains(
        "TTP claimed 300 attacks in Pakistan in 2022 against 25 by IS-K: 12 TTP attacks"
    ));
    assert!(
        report.contains("in Pakistan in June 2024: 18.4–27.5 to one"),
        "{report}"
    );
    let briefing = fold(&pdf_reading_text(
        &dir.path().join("out/latest/briefing.pdf"),
    ));
    for number in [
        "Terrorist attacks in Pakistan, 2018 (PIPS)",
        "TTP attacks per IS-K attack, 2022",
        "IS-K fighters in Pakistan, June 2024",
    ] {
        assert!(
            briefing.contains(number),
            "briefing lacks {number:?}: {briefing}"
        );
    }
    // A finding only 2017 can fill stays with 2017.
    assert!(report.contains("IS claimed only 6 attacks in 2017"));
}

#[test]
fn a_stated_change_the_counts_contradict_is_flagged_and_listed() {
    let dir = revised("-10");
    let build = build_in(dir.path());
    assert!(build.status.success(), "{}", stderr(&build));
    let m = metrics(dir.path());
    let change = metric(&m, "pips.pakistan.2018.attacks.all.change_pct");
    assert_eq!(change["flags"][0], "stated_differs_from_computed");
    let listed = m["disagreements"].as_array().unwrap();
    assert!(listed
        .iter()
        .any(|d| d["metric"] == "pips.pakistan.2018.attacks.all.change_pct"));
    let report = fold(&pdf_text(&dir.path().join("out/latest/report.pdf")));
    assert!(
        report.contains("-10% (stated)") && report.contains("-29.2% (from the counts)"),
        "{report}"
    );
}

#[test]
fn a_bad_placeholder_is_located_with_a_suggestion() {
    let dir = tempfile::tempdir().unwrap();
    copy_project(dir.path());
    let path = dir.path().join("data/report.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let broken = text.replacen(
        "{pips.pakistan.{period}.attacks.all}",
        "{pips.pakistan.{period}.attacks.al}",
        1,
    );
    // Saved by a Windows editor: the place must not move.
    std::fs::write(&path, broken.replace('\n', "\r\n")).unwrap();
    let out = sitrep(&["check", "--data", "data"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    let line = broken
        .lines()
        .position(|l| l.contains("attacks.al}"))
        .unwrap()
        + 1;
    let column = broken
        .lines()
        .nth(line - 1)
        .unwrap()
        .find("{pips.pakistan.{period}.attacks.al}")
        .unwrap()
        + 1;
    let place = format!("report.toml:{line}:{column}: no metric matches {{pips.pakistan.{{period}}.attacks.al}}; did you mean {{pips.pakistan.{{period}}.attacks.all}}?");
    assert!(err.contains(&place), "{err}");
}

#[test]
fn an_early_edition_leaves_out_and_counts_what_it_cannot_fill() {
    let dir = tempfile::tempdir().unwrap();
    copy_project(dir.path());
    let out = build_into(dir.path(), "out", &["--as-of", "2020-01-01"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("out/as-of-2020-01-01: 2 findings and 3 key numbers of report.toml left out"),
        "{text}"
    );
    let report = fold(&pdf_text(
        &dir.path().join("out/as-of-2020-01-01/report.pdf"),
    ));
    assert!(report.contains("PIPS counted 370 terrorist attacks in Pakistan in 2017"));
    assert!(!report.contains("TTP claimed 257"));
}
