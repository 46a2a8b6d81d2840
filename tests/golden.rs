//! Golden tests: the metrics computed from the bundled data, and the model
//! handed to Typst, compared as text with reviewed snapshots
//! (tests/snapshots/). A change to either shows up as a readable diff;
//! accept it with `cargo insta review` (or INSTA_UPDATE=always) once checked.

mod common;

use sitrep::compute::compute;
use sitrep::load::load_dataset;

fn bundled() -> sitrep::load::Dataset {
    load_dataset(&common::bundled()).unwrap_or_else(|p| panic!("{p}"))
}

#[test]
fn metrics_json() {
    let data = bundled();
    let metrics = compute(&data).unwrap();
    // The fingerprint changes with any data edit; it is checked elsewhere.
    let text = metrics
        .to_json()
        .replace(&metrics.data_fingerprint, "<fingerprint>");
    insta::assert_snapshot!("metrics.json", text);
}

#[test]
fn report_model() {
    let data = bundled();
    let metrics = compute(&data).unwrap();
    let charts: Vec<_> = sitrep::report::figures::catalogue(&data, &metrics)
        .into_iter()
        .map(|(_, r)| r)
        .collect();
    let publication = sitrep::report::Publishing::default();
    let edition = sitrep::report::model::Edition {
        scope: Vec::new(),
        changes: None,
        publication: &publication,
    };
    let model = sitrep::report::model::model(&data, &metrics, &charts, edition);
    let text = serde_json::to_string_pretty(&model)
        .unwrap()
        .replace(&metrics.data_fingerprint, "<fingerprint>");
    insta::assert_snapshot!("report-model.json", text);
}
