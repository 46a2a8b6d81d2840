//! Synthetic data directories (`sitrep synth`, `sitrep::synth`): valid, the
//! size asked for, reproducible from the seed, drawn with the built-in
//! profile or the user's, over the bundled vocabularies or any others.

mod common;

use std::path::{Path, PathBuf};

use common::{bundled, copy_dir, hashes, root, sitrep, stderr, stdout};
use sitrep::load::{load_dataset, FILES};
use sitrep::synth::{synth, Options, Profile, SynthError, SynthSummary, Vocabularies};

fn data_files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    FILES
        .iter()
        .map(|f| (f.to_string(), std::fs::read(dir.join(f)).unwrap()))
        .collect()
}

/// `events` incidents from `seed` over the bundled vocabularies and
/// profile, into `out`.
fn generate(events: usize, seed: u64, out: &Path) -> Result<SynthSummary, SynthError> {
    let profile = Profile::bundled().unwrap();
    let options = Options {
        events,
        seed,
        vocabularies: &Vocabularies::Bundled,
        profile: &profile,
    };
    synth(&options, out)
}

/// The profile compiled into sitrep, as its file in the repository.
fn profile_text() -> String {
    std::fs::read_to_string(root().join("assets/synth/profile.toml")).unwrap()
}

/// `text` with `find` replaced by `with`; panics if `find` is not there.
fn edited(text: &str, find: &str, with: &str) -> String {
    assert!(text.contains(find), "{find:?}");
    text.replacen(find, with, 1)
}

#[test]
fn two_thousand_events_load_without_problems() {
    let dir = tempfile::tempdir().unwrap();
    let summary = generate(2000, 1, dir.path()).unwrap();
    let data = load_dataset(dir.path()).unwrap_or_else(|p| panic!("{p}"));
    assert_eq!(data.incidents.len(), 2000);
    assert_eq!(summary.incidents, 2000);
    assert_eq!(data.casualty_estimates.len(), summary.casualty_estimates);
    assert!(summary.casualty_estimates > 2000, "{summary:?}");
    assert_eq!(data.not_figures.len(), 1);
    // Every record's source was published on or after the record's date
    // (the loader checks it; here the latest source closes the record).
    let last = Profile::bundled().unwrap().years.last();
    assert_eq!(data.as_of().to_string(), format!("{last}-12-31"));
    // The vocabularies are the curated ones.
    let curated = load_dataset(&bundled()).unwrap_or_else(|p| panic!("{p}"));
    assert_eq!(
        data.groups.terms().keys().collect::<Vec<_>>(),
        curated.groups.terms().keys().collect::<Vec<_>>()
    );
    // Every PK province or territory and every group of kind `group` appears.
    for (id, term) in curated.places.terms() {
        if term.parent.as_deref() == Some("PK") && term.kind != "country" {
            assert!(data.incidents.iter().any(|i| i.province == id), "{id}");
        }
    }
    for (id, term) in curated.groups.terms() {
        if term.kind == "group" {
            assert!(data.incidents.iter().any(|i| i.group == id), "{id}");
        }
    }
}

#[test]
fn the_same_seed_gives_the_same_bytes_and_another_seed_others() {
    let (a, b, c) = (
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
    );
    generate(2000, 99, a.path()).unwrap();
    generate(2000, 99, b.path()).unwrap();
    generate(2000, 100, c.path()).unwrap();
    assert_eq!(data_files(a.path()), data_files(b.path()));
    let (first, other) = (data_files(a.path()), data_files(c.path()));
    assert_ne!(first, other);
    // The vocabularies are the same whatever the seed; the records are not.
    for ((name, x), (_, y)) in first.iter().zip(&other) {
        let generated = ["sources.csv", "incidents.csv", "casualty_estimates.csv"];
        if generated.contains(&name.as_str()) {
            assert_ne!(x, y, "{name}");
        }
    }
    assert_eq!(
        load_dataset(a.path()).unwrap().fingerprint,
        load_dataset(b.path()).unwrap().fingerprint
    );
}

#[test]
fn the_command_writes_the_same_bytes_for_the_same_seed_and_a_valid_directory() {
    let dir = tempfile::tempdir().unwrap();
    for out in ["a", "b"] {
        let run = sitrep(
            &["synth", "--events", "3000", "--seed", "5", "--out", out],
            dir.path(),
        );
        assert!(run.status.success(), "{}", stderr(&run));
        assert!(
            stdout(&run).starts_with(&format!("wrote {out}: 3000 incidents")),
            "{}",
            stdout(&run)
        );
        assert_eq!(stderr(&run), "");
    }
    let a = hashes(&dir.path().join("a"));
    assert_eq!(a.len(), FILES.len(), "{a:?}");
    assert_eq!(a, hashes(&dir.path().join("b")));
    let check = sitrep(&["check", "--data", "a"], dir.path());
    assert!(check.status.success(), "{}", stderr(&check));
}

#[test]
fn the_number_of_incidents_is_the_number_asked_for() {
    for events in [1, 7, 333] {
        let dir = tempfile::tempdir().unwrap();
        let summary = generate(events, events as u64, dir.path()).unwrap();
        assert_eq!(summary.incidents, events);
        let text = std::fs::read_to_string(dir.path().join("incidents.csv")).unwrap();
        assert_eq!(text.lines().count(), events + 1);
        let data = load_dataset(dir.path()).unwrap_or_else(|p| panic!("{p}"));
        assert_eq!(data.incidents.len(), events);
    }
}

#[test]
fn a_missing_vocabulary_folder_is_an_error() {
    let out = tempfile::tempdir().unwrap();
    let missing = PathBuf::from("/nonexistent/sitrep-vocab");
    let profile = Profile::bundled().unwrap();
    let options = Options {
        events: 10,
        seed: 1,
        vocabularies: &Vocabularies::Folder(missing.clone()),
        profile: &profile,
    };
    let Err(SynthError::Vocabularies(problems)) = synth(&options, out.path()) else {
        panic!("a missing folder is refused");
    };
    assert_eq!(problems.len(), 5, "{problems}");
    let run = sitrep(
        &[
            "synth",
            "--events",
            "10",
            "--out",
            "o",
            "--vocabularies",
            "/nonexistent/sitrep-vocab",
        ],
        out.path(),
    );
    assert_eq!(run.status.code(), Some(2), "{}", stderr(&run));
    assert!(stderr(&run).contains("vocabulary folder not found"));
}

#[test]
fn a_profile_of_its_own_sets_the_years_places_and_groups() {
    let dir = tempfile::tempdir().unwrap();
    let text = edited(&profile_text(), "first_year = 1995", "first_year = 2040");
    let start = text.find("year_weights = [").unwrap();
    let end = start + text[start..].find("]\n").unwrap() + 2;
    let text = format!(
        "{}year_weights = [0.5, 1.0, 0.0, 2.0]\n{}",
        &text[..start],
        &text[end..]
    );
    // One group far ahead of the others, and a district with a comma.
    let text = edited(
        &text,
        "[groups.bla]\nweight = 0.08",
        "[groups.bla]\nweight = 50",
    );
    let text = edited(&text, "\"Quetta\"", "\"Quetta, Cantonment\"");
    std::fs::write(dir.path().join("profile.toml"), text).unwrap();
    let run = sitrep(
        &[
            "synth",
            "--events",
            "2000",
            "--seed",
            "2",
            "--out",
            "d",
            "--profile",
            "profile.toml",
        ],
        dir.path(),
    );
    assert!(run.status.success(), "{}", stderr(&run));
    assert_eq!(
        stderr(&run),
        "",
        "the bundled vocabularies have every id it lists"
    );
    let data = load_dataset(&dir.path().join("d")).unwrap_or_else(|p| panic!("{p}"));
    let years: std::collections::BTreeSet<String> = data
        .incidents
        .iter()
        .map(|i| i.date.start().to_string()[..4].to_string())
        .collect();
    let expected = ["2040", "2041", "2043"].map(String::from);
    assert_eq!(years, expected.into_iter().collect());
    let bla = data.incidents.iter().filter(|i| i.group == "bla").count();
    assert!(bla > 1600, "{bla} of 2000");
    let district = data.incidents.iter().filter_map(|i| i.district.as_deref());
    assert!(district.clone().any(|d| d == "Quetta, Cantonment"));
}

#[test]
fn a_bad_profile_is_refused_with_every_problem_located_and_nothing_written() {
    let dir = tempfile::tempdir().unwrap();
    let text = edited(&profile_text(), "claimed = 0.55", "claimed = 55");
    let text = edited(
        &text,
        "[groups.ttp]\nweight = 0.50",
        "[groups.ttp]\nwieght = 0.50",
    );
    let line = |needle: &str| text.lines().position(|l| l.contains(needle)).unwrap() + 1;
    std::fs::write(dir.path().join("p.toml"), text.replace('\n', "\r\n")).unwrap();
    let run = sitrep(
        &[
            "synth",
            "--events",
            "10",
            "--out",
            "d",
            "--profile",
            "p.toml",
        ],
        dir.path(),
    );
    assert_eq!(run.status.code(), Some(1));
    let err = stderr(&run);
    // The syntax of the file first: serde stops at the first unknown key.
    assert!(
        err.starts_with(&format!(
            "error: p.toml:{}:1: unknown field `wieght`",
            line("wieght")
        )),
        "{err}"
    );
    assert!(
        err.ends_with("1 problem found; nothing was written\n"),
        "{err}"
    );
    assert!(!dir.path().join("d").exists());
    let fixed = edited(&text, "wieght", "weight");
    std::fs::write(dir.path().join("p.toml"), &fixed).unwrap();
    let run = sitrep(
        &[
            "synth",
            "--events",
            "10",
            "--out",
            "d",
            "--profile",
            "p.toml",
        ],
        dir.path(),
    );
    let err = stderr(&run);
    let expected = format!(
        "error: p.toml:{}:11: claimed: expected a number from 0 to 1, found 55",
        line("claimed = 55")
    );
    assert!(err.starts_with(&expected), "{err}");
    assert!(!dir.path().join("d").exists());
    let run = sitrep(
        &[
            "synth",
            "--events",
            "10",
            "--out",
            "d",
            "--profile",
            "none.toml",
        ],
        dir.path(),
    );
    assert_eq!(run.status.code(), Some(2));
    assert!(stderr(&run).contains("none.toml: profile not found"));
}

/// A `sitrep init` project's data directory in `dir/project/data`.
fn init_project(dir: &Path) -> PathBuf {
    let run = sitrep(&["init", "project"], dir);
    assert!(run.status.success(), "{}", stderr(&run));
    dir.join("project/data")
}

fn append(path: &Path, rows: &str) {
    let mut text = std::fs::read_to_string(path).unwrap();
    text.push_str(rows);
    std::fs::write(path, text).unwrap();
}

#[test]
fn ids_the_profile_does_not_list_get_the_unlisted_rule() {
    let dir = tempfile::tempdir().unwrap();
    let data = init_project(dir.path());
    append(&data.join("groups.csv"), "new-front,New Front,group,,,\n");
    append(
        &data.join("places.csv"),
        "new-province,New Province,PK,province,,\n",
    );
    append(
        &data.join("attack_types.csv"),
        "arson,Setting fire to a building.\n",
    );
    let run = sitrep(
        &[
            "synth",
            "--events",
            "20000",
            "--out",
            "d",
            "--vocabularies",
            "project/data",
        ],
        dir.path(),
    );
    assert!(run.status.success(), "{}", stderr(&run));
    let out = load_dataset(&dir.path().join("d")).unwrap_or_else(|p| panic!("{p}"));
    let new = out
        .incidents
        .iter()
        .filter(|i| i.province == "new-province");
    // No district names for a place the profile does not list.
    assert!(new.clone().count() > 0 && new.clone().all(|i| i.district.is_none()));
    assert!(out.incidents.iter().any(|i| i.group == "new-front"));
    assert!(out.incidents.iter().any(|i| i.attack_type == "arson"));
    assert!(out.strength.iter().any(|s| s.group == "new-front"));
}

#[test]
fn another_country_needs_a_profile_naming_it_and_unused_ids_are_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    let vocab = dir.path().join("vocab");
    copy_dir(&bundled(), &vocab);
    let places = "id,name,country,kind,aliases,note\nxland,Xland,XL,country,,\nnorth,North,XL,province,,\nsouth,South,XL,province,,\n";
    std::fs::write(vocab.join("places.csv"), places).unwrap();
    let run = sitrep(
        &[
            "synth",
            "--events",
            "100",
            "--out",
            "d",
            "--vocabularies",
            "vocab",
        ],
        dir.path(),
    );
    assert_eq!(run.status.code(), Some(1));
    let err = stderr(&run);
    assert!(
        err.contains("vocab/places.csv: no place of kind `country` with country \"PK\""),
        "{err}"
    );
    assert!(!dir.path().join("d").exists());
    let text = edited(&profile_text(), "country = \"PK\"", "country = \"XL\"");
    let text = edited(&text, "[places.sindh]", "[places.nort]");
    std::fs::write(dir.path().join("xl.toml"), &text).unwrap();
    let args = [
        "synth",
        "--events",
        "100",
        "--out",
        "d",
        "--vocabularies",
        "vocab",
        "--profile",
        "xl.toml",
    ];
    let run = sitrep(&args, dir.path());
    assert!(run.status.success(), "{}", stderr(&run));
    let err = stderr(&run);
    let line = text.lines().position(|l| l == "[places.nort]").unwrap() + 1;
    let expected = format!(
        "warning: xl.toml:{line}:9: \"nort\" is no province or territory of places.csv: its figures are not used; did you mean `north`?"
    );
    assert!(err.lines().any(|l| l == expected), "{err}");
    assert_eq!(
        err.lines().count(),
        8,
        "one per place the profile lists: {err}"
    );
    load_dataset(&dir.path().join("d")).unwrap_or_else(|p| panic!("{p}"));
}

/// Not a test: generates a data directory for benchmarks when the `sitrep
/// synth` subcommand is not available, e.g.
/// `SYNTH_EVENTS=100000 SYNTH_SEED=1 SYNTH_OUT=/tmp/d cargo test --release --test synth -- --ignored synth_from_env`.
#[test]
#[ignore]
fn synth_from_env() {
    let var = |name: &str| std::env::var(name).unwrap_or_else(|_| panic!("set {name}"));
    let events: usize = var("SYNTH_EVENTS").parse().unwrap();
    let seed: u64 = std::env::var("SYNTH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    let out = PathBuf::from(var("SYNTH_OUT"));
    let started = std::time::Instant::now();
    let summary = generate(events, seed, &out).unwrap();
    eprintln!(
        "synth: {summary:?} in {:.2} s",
        started.elapsed().as_secs_f64()
    );
}
