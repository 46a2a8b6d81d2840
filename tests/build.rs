//! End-to-end tests of `sitrep build`: the outputs, their reproducibility,
//! what the PDFs say, the template sandbox, and that a failed or killed
//! build never damages the previous report.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use common::*;

const OUTPUTS: [&str; 11] = [
    "briefing.pdf",
    "charts/compare-ttp-isk-claimed_attacks.svg",
    "charts/incidents.svg",
    "charts/map-incidents-killed.svg",
    "charts/places-isk-claimed_attacks.svg",
    "charts/strength.svg",
    "charts/tally-pips-pakistan-attacks.svg",
    "charts/tally-pips-pakistan-injured.svg",
    "charts/tally-pips-pakistan-killed.svg",
    "metrics.json",
    "report.pdf",
];

#[test]
fn build_writes_every_output_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    copy_project(dir.path());
    let out = build_in(dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let files: Vec<String> = hashes(&dir.path().join("out/latest")).into_keys().collect();
    assert_eq!(files, OUTPUTS);
    let text = stdout(&out);
    for name in OUTPUTS {
        assert!(
            text.contains(&format!("wrote out/latest/{name} (")),
            "{text}"
        );
    }
    assert!(
        text.lines()
            .any(|l| l.starts_with("wrote out/latest/briefing.pdf")
                && (l.ends_with(", 1 page)") || l.ends_with(", 2 pages)"))),
        "{text}"
    );
    assert!(
        text.lines()
            .last()
            .unwrap()
            .starts_with("built 11 files in "),
        "{text}"
    );
}

#[test]
fn two_builds_in_different_folders_are_byte_identical() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    copy_project(a.path());
    copy_project(b.path());
    assert!(build_in(a.path()).status.success());
    assert!(build_in(b.path()).status.success());
    assert_eq!(
        hashes(&a.path().join("out/latest")),
        hashes(&b.path().join("out/latest"))
    );
}

#[test]
fn pdf_timestamp_is_the_as_of_date_or_source_date_epoch() {
    let dir = built_project();
    let pdf = std::fs::read(dir.path().join("out/latest/report.pdf")).unwrap();
    assert!(
        contains(&pdf, b"D:20230831000000"),
        "creation date should be the latest source date"
    );
    let epoch = build_command(dir.path(), "epoch", &[])
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .output()
        .unwrap();
    assert!(epoch.status.success());
    let pdf = std::fs::read(dir.path().join("epoch/latest/report.pdf")).unwrap();
    assert!(contains(&pdf, b"D:20231114221320"));
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn the_pdfs_print_the_computed_figures_with_their_ranges() {
    let dir = built_project();
    let latest = dir.path().join("out/latest");
    let metrics: serde_json::Value =
        serde_json::from_slice(&std::fs::read(latest.join("metrics.json")).unwrap()).unwrap();
    let report = fold(&pdf_text(&latest.join("report.pdf")));
    let briefing = fold(&pdf_text(&latest.join("briefing.pdf")));
    // A metric in a table of its own row is printed with its id; one in a
    // pivot table under the pattern of the ids of the table's cells.
    for (id, printed) in [
        (
            "all-sources.pakistan.2021.claimed_attacks.ratio.ttp_to_isk",
            "all-sources.pakistan.2021.claimed_attacks.ratio.ttp_to_isk",
        ),
        (
            "pips.pakistan.2016.attacks.all.implied",
            "pips.pakistan.{period}.{measure}.{who}.{derived}",
        ),
        (
            "strength.ttp.pakistan.2023-08",
            "strength.ttp.pakistan.2023-08",
        ),
        (
            "incidents.2023-07-30-bajaur.killed",
            "incidents.{incident}.{what}",
        ),
    ] {
        let m = metrics["metrics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["id"] == id)
            .unwrap_or_else(|| panic!("no metric {id}"));
        let display = m["display"].as_str().unwrap();
        assert!(report.contains(display), "report lacks {id} = {display}");
        assert!(report.contains(printed), "report lacks the id {printed}");
    }
    assert!(
        report.contains(
            "TTP claimed 257 attacks in Pakistan in 2021 against 19 by IS-K: 13.5 TTP attacks"
        ),
        "{report}"
    );
    assert!(report.contains("437.9–443.1"));
    assert!(
        briefing.contains("13.5")
            && briefing.contains("30,000–40,000")
            && briefing.contains("at least 64")
    );
    assert!(
        report.contains("Source disagreements") && report.contains("Appendix: sources and quotes")
    );
}

#[test]
fn hostile_text_in_the_data_is_printed_literally() {
    let dir = tempfile::tempdir().unwrap();
    copy_project(dir.path());
    let hostile = "\"#read(\"\"/etc/passwd\"\") ]*#panic() $x^2$ `raw` \\\\ <lbl> @ref = Heading\"";
    set_source_title(dir.path(), hostile);
    let out = build_in(dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let report = fold(&pdf_text(&dir.path().join("out/latest/report.pdf")));
    assert!(
        report.contains("#read(\"/etc/passwd\") ]*#panic() $x^2$ `raw` \\\\ <lbl> @ref = Heading"),
        "{report}"
    );
    assert!(!report.contains("root:x:0:0"));
}

fn write_template(dir: &Path, body: &str) {
    std::fs::write(dir.join("templates/report.typ"), body).unwrap();
}

#[test]
fn templates_cannot_read_outside_their_folder() {
    for path in ["/etc/passwd", "../../Cargo.toml", "../data/sources.csv"] {
        let dir = tempfile::tempdir().unwrap();
        copy_project(dir.path());
        write_template(dir.path(), &format!("= Report\n#read(\"{path}\")\n"));
        let out = build_in(dir.path());
        assert_eq!(out.status.code(), Some(1), "{path} must be refused");
        let err = stderr(&out);
        assert!(err.contains("report.typ:2:"), "{err}");
        assert!(
            err.contains("access denied") || err.contains("would escape the project root"),
            "{path}: {err}"
        );
        assert!(
            !dir.path().join("out/latest").exists(),
            "nothing may be written"
        );
    }
}

#[test]
fn template_errors_are_located_with_the_offending_line() {
    let dir = built_project();
    let before = hashes(&dir.path().join("out"));
    write_template(
        dir.path(),
        "#let data = json(\"/data.json\")\n= Report\n#text(data.no_such_field)\n",
    );
    let out = build_in(dir.path());
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("templates/report.typ:3:"), "{err}");
    assert!(
        err.contains("error: dictionary does not contain key \"no_such_field\""),
        "{err}"
    );
    assert!(err.contains("3 | #text(data.no_such_field)"), "{err}");
    assert_eq!(
        hashes(&dir.path().join("out")),
        before,
        "earlier outputs are untouched"
    );
}

#[test]
fn a_failed_build_leaves_the_previous_report_intact() {
    let dir = built_project();
    let before = hashes(&dir.path().join("out"));
    edit_data(dir.path(), "counts.csv", ",exact,,370,", ",exact,,-370,");
    let out = build_in(dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("counts.csv:2:"), "{}", stderr(&out));
    assert_eq!(hashes(&dir.path().join("out")), before);
}

#[test]
fn a_killed_build_leaves_either_the_old_or_the_new_report_whole() {
    let dir = built_project();
    let old = hashes(&dir.path().join("out/latest"));
    edit_data(dir.path(), "counts.csv", ",exact,,257,", ",exact,,263,");
    let mut seen_new = None;
    for delay_ms in [0u64, 5, 20, 40, 80, 120, 160, 250, 400] {
        let mut child = build_command(dir.path(), "out", &[])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        let now = hashes(&dir.path().join("out/latest"));
        if now != old {
            let new = seen_new.get_or_insert_with(|| fresh_build(dir.path()));
            assert_eq!(
                &now, new,
                "after a kill at {delay_ms} ms the report is neither the old nor the new one"
            );
        }
    }
}

/// The outputs a complete build of the current data gives.
fn fresh_build(dir: &Path) -> std::collections::BTreeMap<String, String> {
    let out = build_into(dir, "fresh", &[]);
    assert!(out.status.success());
    hashes(&dir.join("fresh/latest"))
}

#[test]
fn missing_folders_are_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    copy_project(dir.path());
    let out = sitrep(
        &[
            "build",
            "--data",
            "nowhere",
            "--template",
            "templates",
            "--out",
            "out",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("nowhere: data directory not found"));
    let out = sitrep(
        &[
            "build",
            "--data",
            "data",
            "--template",
            "nowhere",
            "--out",
            "out",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    std::fs::remove_file(dir.path().join("templates/briefing.typ")).unwrap();
    let out = build_in(dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("the template folder has no briefing.typ"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn an_unwritable_output_folder_is_an_error_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    copy_project(dir.path());
    std::fs::write(
        dir.path().join("blocked"),
        "a file where a folder should be",
    )
    .unwrap();
    let out = build_into(dir.path(), "blocked/reports", &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("error: cannot write blocked/reports"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn urdu_and_pashto_render_with_the_embedded_fonts_and_an_emoji_does_not_stop_a_build() {
    let dir = tempfile::tempdir().unwrap();
    copy_project(dir.path());
    let title = "پاکستان کو داعش خراسان سے خطرہ — د پاکستان ګواښ 🚨 Peshawar";
    set_source_title(dir.path(), title);
    let out = build_in(dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let pdf = dir.path().join("out/latest/report.pdf");
    let report = pdf_text(&pdf);
    assert!(
        report.contains("پاکستان کو داعش خراسان سے خطرہ — د پاکستان ګواښ"),
        "the Urdu and Pashto words, every letter shaped"
    );
    // No emoji font is embedded (assets/fonts/README.md), and a PDF/A
    // document may not hold a glyph it cannot draw: the emoji is set as a
    // box, the text around it is intact, and the build says so.
    assert!(
        report.contains("□") && report.contains("Peshawar"),
        "{report}"
    );
    assert!(
        !report.contains("🚨"),
        "an emoji font came back: update the README"
    );
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.contains("no embedded font has 🚨 (U+1F6A8); set as □"),
        "{said}"
    );
    let fonts = Command::new("pdffonts")
        .arg(&pdf)
        .output()
        .expect("pdffonts (poppler-utils)");
    assert!(
        String::from_utf8_lossy(&fonts.stdout).contains("NotoNaskhArabic"),
        "Arabic script set in the embedded Noto Naskh Arabic"
    );
}

#[test]
fn an_unchanged_build_is_skipped_and_a_changed_one_is_not() {
    let dir = built_project();
    let report = dir.path().join("out/latest/report.pdf");
    let modified = std::fs::metadata(&report).unwrap().modified().unwrap();
    let again = build_in(dir.path());
    assert!(
        stdout(&again).contains("out/latest: up to date (built from the same inputs)"),
        "{}",
        stdout(&again)
    );
    assert_eq!(
        std::fs::metadata(&report).unwrap().modified().unwrap(),
        modified,
        "nothing rewritten"
    );
    // A template edit changes what Typst sees: the report is rebuilt.
    let template = dir.path().join("templates/report.typ");
    let text = std::fs::read_to_string(&template).unwrap() + "\n// edited\n";
    std::fs::write(&template, text).unwrap();
    let rebuilt = build_in(dir.path());
    assert!(
        stdout(&rebuilt).contains("wrote out/latest/report.pdf"),
        "{}",
        stdout(&rebuilt)
    );
    // --force typesets anyway.
    let forced = build_into(dir.path(), "out", &["--force"]);
    assert!(
        stdout(&forced).contains("wrote out/latest/report.pdf"),
        "{}",
        stdout(&forced)
    );
    // A deleted output is rebuilt even though the inputs did not change.
    std::fs::remove_file(&report).unwrap();
    assert!(stdout(&build_in(dir.path())).contains("wrote out/latest/report.pdf"));
}

#[test]
fn all_quarters_rebuild_only_the_quarters_a_correction_reaches() {
    let dir = tempfile::tempdir().unwrap();
    copy_project(dir.path());
    assert!(build_into(dir.path(), "out", &["--all-quarters"])
        .status
        .success());
    // Correct a figure of a source published in August 2023: only the
    // 2023 Q3 edition uses it (earlier ones list the source as left out,
    // which the correction does not change).
    edit_data(
        dir.path(),
        "strength.csv",
        ",range,30000,,40000,",
        ",range,32000,,40000,",
    );
    let out = stdout(&build_into(dir.path(), "out", &["--all-quarters"]));
    assert!(
        out.contains("out: 25 quarters up to date, skipped"),
        "{out}"
    );
    assert!(out.contains("wrote out/2023-Q3/report.pdf"), "{out}");
    assert!(!out.contains("wrote out/2023-Q2/"), "{out}");
    assert_eq!(out.matches("up to date").count(), 1, "{out}");
}

#[test]
fn keep_typst_writes_what_typst_was_given_beside_the_pdfs() {
    let dir = tempfile::tempdir().unwrap();
    copy_project(dir.path());
    let out = build_into(dir.path(), "out", &["--keep-typst"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let latest = dir.path().join("out/latest");
    let kept = hashes(&latest.join("typst"));
    let templates = hashes(&dir.path().join("templates"));
    for (name, hash) in &templates {
        assert_eq!(kept.get(name), Some(hash), "template {name}");
    }
    let outputs = hashes(&latest);
    for chart in OUTPUTS.iter().filter(|o| o.starts_with("charts/")) {
        assert_eq!(kept.get(*chart), outputs.get(*chart), "{chart}");
    }
    assert!(kept.contains_key("data.json"), "{kept:?}");
    assert_eq!(
        kept.len(),
        templates.len() + OUTPUTS.iter().filter(|o| o.starts_with("charts/")).count() + 1,
        "templates, charts, data.json"
    );
    // Without the flag, the folder holds only the outputs again.
    assert!(build_into(dir.path(), "out", &["--force"]).status.success());
    assert!(!latest.join("typst").exists());
    // Typst alone, given the kept inputs, writes sitrep's PDFs byte for byte.
    assert!(build_into(dir.path(), "out", &["--keep-typst"])
        .status
        .success());
    match typst_cli() {
        Some(typst) => compile_kept_alike(&typst, &latest),
        None => eprintln!(
            "skipped: no typst CLI (bench/typst-cli.sh installs it; or set SITREP_TYPST_CLI)"
        ),
    }
}

/// A typst CLI of sitrep's Typst version: `SITREP_TYPST_CLI`, or the one
/// bench/typst-cli.sh installs for the benchmarks.
fn typst_cli() -> Option<std::path::PathBuf> {
    let path = std::env::var_os("SITREP_TYPST_CLI")
        .map(Into::into)
        .unwrap_or_else(|| root().join("bench/.typst-cli/bin/typst"));
    path.is_file().then_some(path)
}

/// Compiles `latest/typst/{report,briefing}.typ` with `typst` as the
/// benchmark does, and compares the PDFs with sitrep's.
fn compile_kept_alike(typst: &Path, latest: &Path) {
    let metrics = read_metrics(&latest.join("metrics.json"));
    let as_of: chrono::NaiveDate = metrics["as_of"].as_str().unwrap().parse().unwrap();
    let epoch = as_of.and_hms_opt(0, 0, 0).unwrap().and_utc().timestamp();
    let fonts = tempfile::tempdir().unwrap();
    for font in ["NotoNaskhArabic-Regular.ttf", "NotoNaskhArabic-Bold.ttf"] {
        std::fs::copy(
            root().join("assets/fonts").join(font),
            fonts.path().join(font),
        )
        .unwrap();
    }
    for doc in ["report", "briefing"] {
        let pdf = fonts.path().join(format!("{doc}.pdf"));
        let status = Command::new(typst)
            .arg("compile")
            .arg("--root")
            .arg(latest.join("typst"))
            .args(["--ignore-system-fonts", "--font-path"])
            .arg(fonts.path())
            .args(["--creation-timestamp", &epoch.to_string()])
            .arg(latest.join(format!("typst/{doc}.typ")))
            .arg(&pdf)
            .status()
            .expect("run typst");
        assert!(status.success());
        let (ours, theirs) = (
            std::fs::read(latest.join(format!("{doc}.pdf"))).unwrap(),
            std::fs::read(&pdf).unwrap(),
        );
        assert!(ours == theirs, "{doc}.pdf: typst compile gives other bytes");
    }
}
