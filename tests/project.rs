//! sitrep as any team's tool: `sitrep init`, builds from any folder with
//! the built-in templates, `templates export`, and the project settings of
//! sitrep.toml (paper, distribution line, outputs, logo, located errors).

mod common;

use std::path::Path;

use common::*;

fn run(args: &[&str], cwd: &Path) -> std::process::Output {
    let out = sitrep(args, cwd);
    assert!(out.status.success(), "sitrep {args:?}: {}", stderr(&out));
    out
}

#[test]
fn a_new_project_checks_and_builds_from_its_own_folder() {
    let dir = tempfile::tempdir().unwrap();
    run(&["init", "proj"], dir.path());
    let project = dir.path().join("proj");
    for file in [
        "sitrep.toml",
        ".gitignore",
        "README.md",
        "data/report.toml",
        "data/groups.csv",
        "data/counts.csv",
    ] {
        assert!(project.join(file).is_file(), "{file}");
    }
    let check = run(&["check"], &project);
    assert!(
        stdout(&check).contains("valid — 1 sources"),
        "{}",
        stdout(&check)
    );
    run(&["build"], &project);
    let latest = project.join("reports/latest");
    let report = fold(&pdf_text(&latest.join("report.pdf")));
    assert!(
        report.contains("The Example Institute counted 120 attacks in Pakistan in 2024"),
        "{report}"
    );
    assert!(latest.join("briefing.pdf").is_file());
    // From a folder inside the project, the same settings are found.
    run(&["check"], &project.join("data"));
}

#[test]
fn init_refuses_a_folder_that_is_not_empty() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "mine").unwrap();
    let out = sitrep(&["init", "."], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("the folder is not empty"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("notes.txt")).unwrap(),
        "mine"
    );
}

#[test]
fn a_build_from_another_folder_gives_the_same_bytes() {
    let elsewhere = tempfile::tempdir().unwrap();
    let data = root().join("data");
    let (a, b) = (elsewhere.path().join("a"), elsewhere.path().join("b"));
    run(
        &[
            "build",
            "--data",
            data.to_str().unwrap(),
            "--out",
            a.to_str().unwrap(),
        ],
        elsewhere.path(),
    );
    run(&["build", "--out", b.to_str().unwrap()], &root());
    assert_eq!(hashes(&a.join("latest")), hashes(&b.join("latest")));
}

#[test]
fn exported_templates_build_the_same_documents() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&root().join("data"), &dir.path().join("data"));
    let export = run(&["templates", "export", "mine"], dir.path());
    assert!(stdout(&export).contains("mine/report.typ"));
    run(&["build", "--out", "builtin"], dir.path());
    run(
        &["build", "--out", "exported", "--template", "mine"],
        dir.path(),
    );
    assert_eq!(
        hashes(&dir.path().join("builtin/latest")),
        hashes(&dir.path().join("exported/latest"))
    );
    let again = sitrep(&["templates", "export", "mine"], dir.path());
    assert_eq!(again.status.code(), Some(2), "no overwriting");
}

#[test]
fn settings_choose_paper_distribution_line_outputs_and_logo() {
    let dir = tempfile::tempdir().unwrap();
    run(&["init", "proj"], dir.path());
    let project = dir.path().join("proj");
    let logo = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"40\" height=\"20\"><rect width=\"40\" height=\"20\" fill=\"#0072B2\"/></svg>";
    std::fs::write(project.join("logo.svg"), logo).unwrap();
    let settings = "[publication]\norganisation = \"Desk of Examples\"\nlogo = \"logo.svg\"\ndistribution = \"RESTRICTED: for the Desk only\"\npaper = \"us-letter\"\noutputs = [\"report\", \"metrics\"]\n";
    std::fs::write(project.join("sitrep.toml"), settings).unwrap();
    run(&["build"], &project);
    let latest = project.join("reports/latest");
    let names: Vec<String> = hashes(&latest).into_keys().collect();
    assert_eq!(names, ["metrics.json", "report.pdf"]);
    let pdf = latest.join("report.pdf");
    let info = String::from_utf8_lossy(
        &std::process::Command::new("pdfinfo")
            .arg(&pdf)
            .output()
            .unwrap()
            .stdout,
    )
    .into_owned();
    assert!(info.contains("612 x 792 pts (letter)"), "{info}");
    let text = pdf_text(&pdf);
    let pages = text.split('\u{c}').filter(|p| !p.trim().is_empty()).count();
    assert_eq!(
        text.matches("RESTRICTED: for the Desk only").count(),
        pages,
        "on every page"
    );
    assert!(fold(&text).contains("Published by Desk of Examples"));
}

#[test]
fn bad_settings_are_located_errors() {
    let dir = tempfile::tempdir().unwrap();
    run(&["init", "proj"], dir.path());
    let project = dir.path().join("proj");
    std::fs::write(
        project.join("sitrep.toml"),
        "[publication]\r\npaper = \"a5\"\r\ncolour = \"red\"\r\n",
    )
    .unwrap();
    let out = sitrep(&["build"], &project);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("sitrep.toml:2:9: paper: expected \"a4\" or \"us-letter\""),
        "{}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("sitrep.toml:3:1: unknown key `colour` in [publication]"),
        "{}",
        stderr(&out)
    );
    assert!(!project.join("reports").exists(), "nothing written");
}
