//! The whole generator over the bundled vocabularies and profile: valid,
//! reproducible, with the mix of figures and the spread the profile asks for.

use std::collections::BTreeSet;

use chrono::Datelike;

use super::*;
use crate::load::bundled::VOCABULARIES;
use crate::load::load_dataset;

fn generate(events: usize, seed: u64) -> (tempfile::TempDir, SynthSummary) {
    let dir = tempfile::tempdir().unwrap();
    let profile = Profile::bundled().unwrap();
    let options = Options {
        events,
        seed,
        vocabularies: &Vocabularies::Bundled,
        profile: &profile,
    };
    let summary = synth(&options, dir.path()).unwrap_or_else(|e| panic!("{e}"));
    (dir, summary)
}

fn bytes(dir: &Path) -> Vec<Vec<u8>> {
    FILES
        .iter()
        .map(|f| std::fs::read(dir.join(f)).unwrap())
        .collect()
}

#[test]
fn generated_data_loads_without_problems() {
    let (dir, summary) = generate(1500, 7);
    let data = load_dataset(dir.path()).unwrap_or_else(|p| panic!("{p}"));
    assert_eq!(data.incidents.len(), 1500);
    assert_eq!(summary.incidents, 1500);
    assert_eq!(data.casualty_estimates.len(), summary.casualty_estimates);
    assert_eq!(data.sources.len(), summary.sources);
    assert_eq!(data.counts.len(), summary.counts);
    assert_eq!(data.strength.len(), summary.strength);
    assert!((200..=2000).contains(&summary.sources));
    assert!((100..=1000).contains(&summary.counts), "{summary:?}");
    assert!((100..=1000).contains(&summary.strength), "{summary:?}");
    assert!(summary.unused.is_empty(), "{:?}", summary.unused);
}

#[test]
fn vocabularies_are_copied_verbatim_and_nothing_else_is_left() {
    let (dir, _) = generate(10, 1);
    for (name, text) in VOCABULARIES {
        let written = std::fs::read(dir.path().join(name)).unwrap();
        assert_eq!(written, text.as_bytes(), "{name}");
    }
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut expected: Vec<String> = FILES.iter().map(|f| f.to_string()).collect();
    expected.sort();
    assert_eq!(names, expected, "the staging folder is gone");
}

#[test]
fn same_seed_same_bytes_other_seed_other_bytes() {
    let (a, sa) = generate(500, 42);
    let (b, sb) = generate(500, 42);
    let (c, _) = generate(500, 43);
    assert_eq!(sa, sb);
    assert_eq!(bytes(a.path()), bytes(b.path()));
    assert_ne!(bytes(a.path()), bytes(c.path()));
    let total: u64 = bytes(a.path()).iter().map(|b| b.len() as u64).sum();
    assert_eq!(sa.bytes, total);
}

#[test]
fn one_event_is_valid_and_zero_is_refused_without_writing() {
    let (dir, summary) = generate(1, 3);
    assert_eq!(summary.incidents, 1);
    assert!(summary.casualty_estimates >= 1);
    load_dataset(dir.path()).unwrap_or_else(|p| panic!("{p}"));
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("out");
    let profile = Profile::bundled().unwrap();
    let options = Options {
        events: 0,
        seed: 3,
        vocabularies: &Vocabularies::Bundled,
        profile: &profile,
    };
    assert!(matches!(synth(&options, &out), Err(SynthError::NoEvents)));
    assert!(!out.exists());
}

#[test]
fn figures_are_mixed_and_some_sources_disagree() {
    let (dir, summary) = generate(5000, 11);
    let share = summary.multi_source_incidents as f64 / summary.incidents as f64;
    assert!((0.12..0.28).contains(&share), "{share}");
    let text = std::fs::read_to_string(dir.path().join("casualty_estimates.csv")).unwrap();
    for q in ["exact", "at_least", "more_than", "about", "nearly", "range"] {
        assert!(text.contains(&format!(",{q},")), "no {q}");
    }
    assert!(text.contains("differs from the first source"));
    let data = load_dataset(dir.path()).unwrap_or_else(|p| panic!("{p}"));
    let killed: Vec<f64> = data
        .casualty_estimates
        .iter()
        .filter_map(|e| e.killed.and_then(|f| f.unpack().stated()))
        .collect();
    let small = killed.iter().filter(|k| **k <= 20.0).count() as f64 / killed.len() as f64;
    assert!(small > 0.8, "{small}");
    assert!(killed.iter().any(|k| *k >= 100.0));
}

#[test]
fn incidents_spread_over_every_year_and_province_of_the_profile() {
    let (dir, _) = generate(5000, 11);
    let data = load_dataset(dir.path()).unwrap_or_else(|p| panic!("{p}"));
    let profile = Profile::bundled().unwrap();
    let years: BTreeSet<i32> = data
        .incidents
        .iter()
        .map(|i| i.date.start().year())
        .collect();
    let expected: BTreeSet<i32> = (profile.years.first..=profile.years.last()).collect();
    assert_eq!(years, expected);
    let provinces: BTreeSet<&str> = data.incidents.iter().map(|i| i.province.as_str()).collect();
    let files = Vocabularies::Bundled.files().unwrap();
    let vocab = Vocab::read(&files, &profile).unwrap();
    assert_eq!(provinces.len(), vocab.provinces.len(), "{provinces:?}");
    // A place active until a year has no incident after it.
    for place in &vocab.provinces {
        if let Some(until) = place.figures.active.until {
            let after = data
                .incidents
                .iter()
                .filter(|i| i.province == place.id.as_str());
            assert!(after.clone().count() > 0);
            assert!(
                after.into_iter().all(|i| i.date.start().year() <= until),
                "{}",
                place.id
            );
        }
    }
}
