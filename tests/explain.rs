//! `sitrep explain` and `sitrep metrics`, end to end: any metric id leads to
//! the verbatim quotes behind it.

mod common;

use common::*;

#[test]
fn explain_reaches_the_quote_behind_a_derived_figure() {
    let id = "all-sources.pakistan.2021.claimed_attacks.ratio.ttp_to_isk";
    let out = sitrep(&["explain", id], &root());
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.starts_with(&format!("{id} = 13.5   [derived, 2021]")),
        "{text}"
    );
    assert!(text.contains("formula: TTP ÷ IS-K"));
    assert!(text.contains("stated.counts.sayed-2021-ttp-claimed-attacks = 257"));
    assert!(text.contains("says the TTP claimed responsibility for 257 attacks in Pakistan last year compared to 19 attacks by IS-K."));
    assert!(text.contains("source rferl-isk-2022-sayed"), "{text}");
    assert!(text.contains("originally Abdul Sayed"));
}

#[test]
fn explain_shows_disagreeing_sources_and_every_metric_id_is_explainable() {
    let text = stdout(&sitrep(
        &["explain", "incidents.2023-07-30-bajaur.killed"],
        &root(),
    ));
    assert!(text.contains("flags: sources_disagree"));
    assert!(
        text.contains("resulting in the tragic loss of at least 60 lives")
            && text.contains("killing of least 54 people")
    );
    let metrics: serde_json::Value =
        serde_json::from_str(&stdout(&sitrep(&["metrics"], &root()))).unwrap();
    for m in metrics["metrics"].as_array().unwrap().iter().step_by(7) {
        let id = m["id"].as_str().unwrap();
        let out = sitrep(&["explain", id], &root());
        assert!(
            out.status.success() && stdout(&out).contains("quote: “"),
            "{id} does not reach a quote"
        );
    }
}

#[test]
fn an_unknown_id_suggests_the_nearest() {
    let out = sitrep(
        &[
            "explain",
            "all-sources.pakistan.2021.claimed_attacks.ratio.ttp_to_iskp",
        ],
        &root(),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out)
            .contains("nearest ids: all-sources.pakistan.2021.claimed_attacks.ratio.ttp_to_isk"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn metrics_json_is_sorted_and_every_metric_names_sources() {
    let metrics: serde_json::Value =
        serde_json::from_str(&stdout(&sitrep(&["metrics"], &root()))).unwrap();
    assert_eq!(metrics["data_fingerprint"].as_str().unwrap().len(), 64);
    assert_eq!(metrics["as_of"], "2023-08-31");
    let ids: Vec<&str> = metrics["metrics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap())
        .collect();
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(ids, sorted);
    for m in metrics["metrics"].as_array().unwrap() {
        assert!(
            !m["sources"].as_array().unwrap().is_empty(),
            "{} has no source",
            m["id"]
        );
        assert!(
            m["low"].is_null() || m["low"].as_f64().unwrap() <= m["best"].as_f64().unwrap() + 1e-9,
            "{}",
            m["id"]
        );
    }
}

#[test]
fn a_closed_pipe_ends_sitrep_quietly() {
    use std::io::Read;
    use std::process::Stdio;
    let mut child = command(&["metrics"], &root())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap(); // then the pipe closes
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
}
