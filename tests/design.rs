//! End-to-end tests of how the documents are made for readers: the PDF
//! standards both declare (archival PDF/A-2b, accessible PDF/UA-1, tagged),
//! the briefing's pages whatever the report definition gives it, the
//! province map, pivot tables for imported events, and the wording a
//! reader sees. They read the PDFs with poppler-utils (`pdfinfo`,
//! `pdftotext`), which `.ci/run` installs.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;

/// `pdfinfo` of `pdf` with `args` (`-meta` for the XMP metadata).
fn pdfinfo(pdf: &Path, args: &[&str]) -> String {
    let out = Command::new("pdfinfo")
        .args(args)
        .arg(pdf)
        .output()
        .expect("pdfinfo is needed (apt-get install poppler-utils; .ci/run installs it)");
    assert!(out.status.success(), "pdfinfo failed on {}", pdf.display());
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// How many pages `pdf` has.
fn pages(pdf: &Path) -> usize {
    let info = pdfinfo(pdf, &[]);
    let line = info.lines().find(|l| l.starts_with("Pages:")).unwrap();
    line.trim_start_matches("Pages:").trim().parse().unwrap()
}

/// The text of page `n` of `pdf`, folded.
fn page_text(pdf: &Path, n: usize) -> String {
    let n = n.to_string();
    let out = Command::new("pdftotext")
        .args(["-layout", "-f", &n, "-l", &n])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext");
    fold(&String::from_utf8_lossy(&out.stdout))
}

/// A copy of the project built with `extra` options into `out`.
fn built(extra: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    copy_project(dir.path());
    let out = build_into(dir.path(), "out", extra);
    assert!(out.status.success(), "{}", stderr(&out));
    let folder = dir.path().join("out").join(folder_of(extra));
    (dir, folder)
}

/// The output folder a build with `extra` options writes.
fn folder_of(extra: &[&str]) -> String {
    match extra.iter().position(|a| *a == "--as-of") {
        Some(i) => format!("as-of-{}", extra[i + 1]),
        None => "latest".to_string(),
    }
}

#[test]
fn both_pdfs_declare_pdf_a_2b_and_pdf_ua_1_and_are_tagged() {
    let dir = built_project();
    for name in ["report.pdf", "briefing.pdf"] {
        let pdf = dir.path().join("out/latest").join(name);
        let meta = pdfinfo(&pdf, &["-meta"]);
        assert!(
            meta.contains("<pdfaid:part>2</pdfaid:part>"),
            "{name}: {meta}"
        );
        assert!(
            meta.contains("<pdfaid:conformance>B</pdfaid:conformance>"),
            "{name}"
        );
        assert!(meta.contains("<pdfuaid:part>1</pdfuaid:part>"), "{name}");
        assert!(
            meta.contains("<rdf:li>en-GB</rdf:li>"),
            "{name}: language set"
        );
        assert!(
            meta.contains("Militant violence in Pakistan"),
            "{name}: title set"
        );
        let info = pdfinfo(&pdf, &[]);
        assert!(
            info.lines().any(|l| l == "Tagged:          yes"),
            "{name}: {info}"
        );
    }
}

#[test]
fn a_chart_without_alternative_text_fails_the_build_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    copy_project(dir.path());
    let common = dir.path().join("templates/common.typ");
    let text = std::fs::read_to_string(&common).unwrap();
    let without = text.replace(", alt: c.alt)", ")");
    assert_ne!(
        text, without,
        "the chart helper passes the alternative text"
    );
    std::fs::write(&common, without).unwrap();
    let out = build_in(dir.path());
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("PDF/UA-1 error: missing alt text"), "{err}");
    assert!(
        err.contains("common.typ:"),
        "located in the template: {err}"
    );
    assert!(!dir.path().join("out/latest").exists(), "nothing written");
}

#[test]
fn the_briefing_is_two_pages_or_one_on_request() {
    for extra in [&[][..], &["--as-of", "2018-06-30"][..]] {
        let (_dir, folder) = built(extra);
        let briefing = folder.join("briefing.pdf");
        assert_eq!(pages(&briefing), 2, "{extra:?}");
        // Both pages are used: page two holds the map, the caveats and the
        // sources; page one the bottom line, the numbers and a chart.
        let (one, two) = (page_text(&briefing, 1), page_text(&briefing, 2));
        for heading in ["THE BOTTOM LINE", "THE NUMBERS THAT MATTER", "FIGURE 1"] {
            assert!(
                one.contains(heading),
                "{extra:?} page 1 lacks {heading}: {one}"
            );
        }
        for heading in ["CAVEATS", "SOURCES", "had the most people killed"] {
            assert!(
                two.contains(heading),
                "{extra:?} page 2 lacks {heading}: {two}"
            );
        }
    }
    let (_dir, folder) = built(&["--briefing-pages", "1"]);
    let briefing = folder.join("briefing.pdf");
    assert_eq!(pages(&briefing), 1);
    let text = page_text(&briefing, 1);
    for part in [
        "THE BOTTOM LINE",
        "THE NUMBERS THAT MATTER",
        "CAVEATS",
        "SOURCES",
    ] {
        assert!(text.contains(part), "one page lacks {part}: {text}");
    }
}

#[test]
fn briefing_pages_other_than_one_or_two_are_bad_usage() {
    let dir = tempfile::tempdir().unwrap();
    copy_project(dir.path());
    let out = build_into(dir.path(), "out", &["--briefing-pages", "3"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
}

/// The bundled definition with its findings and key numbers replaced by
/// `findings` copies of one finding and `numbers` of one key number.
fn definition_with(dir: &Path, findings: usize, numbers: usize) {
    let path = dir.join("data/report.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let start = text.find("[[finding]]").unwrap();
    let end = text.find("# The report's sections").unwrap();
    let finding = "[[finding]]\ntext = \"PIPS counted {pips.pakistan.{period}.attacks.all} terrorist attacks in Pakistan in {period:name}, of which TTP and associated groups carried out {pips.pakistan.{period}.attacks.ttp-and-associated} and nationalist insurgents {pips.pakistan.{period}.attacks.nationalist-insurgents}, by the count of the Pakistan Institute for Peace Studies.\"\n\n";
    let number = "[[key_number]]\nvalue = \"pips.pakistan.{period}.attacks.all\"\nlabel = \"Terrorist attacks in Pakistan, {period:name} (PIPS)\"\n\n";
    let middle = format!("{}{}", finding.repeat(findings), number.repeat(numbers));
    let text = format!("{}{middle}{}", &text[..start], &text[end..]);
    let text = text.replace("findings = 4", &format!("findings = {findings}"));
    std::fs::write(&path, text).unwrap();
}

#[test]
fn many_findings_and_numbers_still_fit_two_pages_and_say_what_is_left_out() {
    let dir = tempfile::tempdir().unwrap();
    copy_project(dir.path());
    definition_with(dir.path(), 24, 16);
    let out = build_in(dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let briefing = dir.path().join("out/latest/briefing.pdf");
    assert_eq!(pages(&briefing), 2);
    let one = page_text(&briefing, 1);
    assert!(one.contains("more findings in the full report"), "{one}");
    assert!(
        one.contains("4 more numbers in the full report"),
        "twelve of sixteen: {one}"
    );
    assert!(one.contains("PIPS counted 370 terrorist attacks"));
}

#[test]
fn few_findings_and_numbers_still_make_two_full_pages() {
    let dir = tempfile::tempdir().unwrap();
    copy_project(dir.path());
    definition_with(dir.path(), 1, 1);
    let out = build_in(dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let briefing = dir.path().join("out/latest/briefing.pdf");
    assert_eq!(pages(&briefing), 2);
    let one = page_text(&briefing, 1);
    assert!(!one.contains("more findings"), "{one}");
    // The room the text leaves goes to a second chart.
    assert!(one.contains("FIGURE 2"), "{one}");
}

#[test]
fn the_map_is_in_the_report_and_the_briefing() {
    let dir = built_project();
    let latest = dir.path().join("out/latest");
    let svg = std::fs::read_to_string(latest.join("charts/map-incidents-killed.svg")).unwrap();
    assert!(svg.contains("<title>Khyber Pakhtunkhwa had the most people killed"));
    assert!(svg.contains("<desc>Map of provinces shaded by value."));
    let title = "Khyber Pakhtunkhwa had the most people killed in the attacks in the data";
    let report = fold(&pdf_text(&latest.join("report.pdf")));
    assert!(report.contains(title), "{report}");
    assert!(report.contains("Borders as Natural Earth draws them"));
    // FATA, with no figure of its own in the data, is hatched, with the
    // note places.csv gives it.
    assert!(report
        .contains("Federally Administered Tribal Areas: Merged into Khyber Pakhtunkhwa in 2018"));
    // On the briefing's second page the map shares the width with the
    // caveats, so its title wraps beside them.
    let briefing = latest.join("briefing.pdf");
    assert!(page_text(&briefing, 2).contains("Khyber Pakhtunkhwa had the most people killed"));
}

#[test]
fn imported_events_get_pivot_tables_a_map_and_small_multiples() {
    let dir = tempfile::tempdir().unwrap();
    copy_project(dir.path());
    let fixture = root().join("tests/fixtures/import/ucdp/ged231.csv");
    let import = sitrep(
        &[
            "import",
            "ucdp",
            fixture.to_str().unwrap(),
            "--out",
            "data/imported/ged",
        ],
        dir.path(),
    );
    assert!(import.status.success(), "{}", stderr(&import));
    let out = build_in(dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let latest = dir.path().join("out/latest");
    let charts: Vec<String> = std::fs::read_dir(latest.join("charts"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    for prefix in ["events-", "map-events-"] {
        assert!(charts.iter().any(|c| c.starts_with(prefix)), "{charts:?}");
    }
    let report = fold(&pdf_text(&latest.join("report.pdf")));
    // Years down, events and people killed across, each cell with its range.
    assert!(
        report.contains("Events and people killed per year"),
        "{report}"
    );
    assert!(report.contains("Year Events People killed"), "{report}");
    assert!(report.contains("People killed per year by province"));
    assert!(
        report.contains(".by_year.{year}.{what}"),
        "the ids as a pattern"
    );
    // No metric of a pivot is listed again one row each.
    assert!(!report.contains("Events in ucdp"), "{report}");
}

#[test]
fn the_wording_has_one_sign_words_for_qualifiers_and_no_ids_in_brackets() {
    let dir = built_project();
    let latest = dir.path().join("out/latest");
    let briefing = fold(&pdf_text(&latest.join("briefing.pdf")));
    let report = fold(&pdf_text(&latest.join("report.pdf")));
    for text in [&briefing, &report] {
        for wrong in [
            "fell -",
            "rose -",
            "fell −",
            "(rounded)",
            "(derived)",
            "at_least",
            "more_than",
        ] {
            assert!(!text.contains(wrong), "{wrong:?} in {text}");
        }
    }
    assert!(
        briefing.contains("+131%"),
        "a change as a headline carries its sign"
    );
    assert!(briefing.contains("fell 16%"));
    // Sources are cited by author and year; their ids only in the appendix.
    let data = sitrep::load::load_dataset(&latest.join("../../data")).unwrap();
    let body = report.split("Appendix: sources and quotes").next().unwrap();
    for id in data.sources.keys() {
        assert!(!body.contains(&format!("({id})")), "({id}) in the report");
        assert!(!briefing.contains(id.as_str()), "{id} in the briefing");
    }
    assert!(report.contains("(PIPS 2018)"));
}

#[test]
fn a_compared_briefing_lists_the_figures_that_moved() {
    let fixtures = root().join("tests/fixtures/revisions");
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixtures.join("new"), &dir.path().join("data"));
    copy_dir(&fixtures.join("old"), &dir.path().join("previous"));
    copy_dir(
        &root().join("reports/templates"),
        &dir.path().join("templates"),
    );
    let out = build_into(dir.path(), "out", &["--compare-to", "previous"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let briefing = dir.path().join("out/latest/briefing.pdf");
    assert_eq!(pages(&briefing), 2);
    let two = page_text(&briefing, 2);
    assert!(two.contains("SINCE PREVIOUS"), "{two}");
    assert!(two.contains("→"), "moved figures, old → new: {two}");
}

#[test]
fn rebuilt_briefings_and_maps_are_byte_identical() {
    let (a, b) = (built_project(), built_project());
    let hashes = |dir: &tempfile::TempDir| hashes(&dir.path().join("out/latest"));
    assert_eq!(hashes(&a), hashes(&b));
}
