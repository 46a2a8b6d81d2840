//! Synthetic data directories (`sitrep::synth`): valid, the size asked for,
//! and reproducible from the seed.

use std::path::{Path, PathBuf};

use sitrep::load::{load_dataset, FILES};
use sitrep::synth::{bundled_vocabularies, synth};

fn data_files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    FILES
        .iter()
        .map(|f| (f.to_string(), std::fs::read(dir.join(f)).unwrap()))
        .collect()
}

#[test]
fn two_thousand_events_load_without_problems() {
    let dir = tempfile::tempdir().unwrap();
    let summary = synth(2000, 1, &bundled_vocabularies(), dir.path()).unwrap();
    let data = load_dataset(dir.path()).unwrap_or_else(|p| panic!("{p}"));
    assert_eq!(data.incidents.len(), 2000);
    assert_eq!(summary.incidents, 2000);
    assert_eq!(data.casualty_estimates.len(), summary.casualty_estimates);
    assert!(summary.casualty_estimates > 2000, "{summary:?}");
    assert_eq!(data.not_figures.len(), 1);
    // Every record's source was published on or after the record's date
    // (the loader checks it; here the latest source closes the record).
    assert_eq!(data.as_of().to_string(), "2024-12-31");
    // The vocabularies are the curated ones.
    let curated = load_dataset(&bundled_vocabularies()).unwrap_or_else(|p| panic!("{p}"));
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
    let vocab = bundled_vocabularies();
    synth(2000, 99, &vocab, a.path()).unwrap();
    synth(2000, 99, &vocab, b.path()).unwrap();
    synth(2000, 100, &vocab, c.path()).unwrap();
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
fn the_number_of_incidents_is_the_number_asked_for() {
    let vocab = bundled_vocabularies();
    for events in [1, 7, 333] {
        let dir = tempfile::tempdir().unwrap();
        let summary = synth(events, events as u64, &vocab, dir.path()).unwrap();
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
    assert!(synth(10, 1, &missing, out.path()).is_err());
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
    let summary = synth(events, seed, &bundled_vocabularies(), &out).unwrap();
    eprintln!(
        "synth: {summary:?} in {:.2} s",
        started.elapsed().as_secs_f64()
    );
}
