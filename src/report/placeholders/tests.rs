//! Filling sentences: which values the variables take, and how numbers print.

use std::collections::BTreeMap;

use super::*;
use crate::compute::compute;
use crate::load::definition::parse_pattern;
use crate::load::testing::{bundled, bundled_with};
use toml::Spanned;

fn picks(items: &[(&str, &str)]) -> BTreeMap<String, Text> {
    items
        .iter()
        .map(|(k, v)| (k.to_string(), Spanned::new(0..0, v.to_string())))
        .collect()
}

fn fill(data: &Dataset, text: &str, pick: &[(&str, &str)]) -> Result<Vec<Filled>, Unresolved> {
    let metrics = compute(data).unwrap();
    Resolver::new(data, &metrics).fill(text, &picks(pick), &[])
}

fn one(data: &Dataset, text: &str) -> String {
    fill(data, text, &[]).unwrap().remove(0).text
}

#[test]
fn a_variable_takes_the_latest_value_that_resolves_every_placeholder() {
    let text = "{pips.pakistan.{period}.attacks.all} attacks in {period}";
    assert_eq!(one(&bundled(), text), "370 attacks in 2017");
    let sources = "pips-2018,Report 2018,Pakistan Institute for Peace Studies (PIPS),2019-01,,,,\n";
    let counts = "t18,2018,2018,pakistan,all,attacks,exact,,262,,pips-2018,262,\n";
    let later = bundled_with(&[("sources.csv", sources), ("counts.csv", counts)]);
    assert_eq!(one(&later, text), "262 attacks in 2018");
    // A sentence that needs a figure only 2017 has stays with 2017.
    let both = "{pips.pakistan.{period}.attacks.all} and {pips.pakistan.{period}.killed.is}";
    assert_eq!(one(&later, both), "370 and 153");
}

#[test]
fn each_gives_a_sentence_per_value_and_largest_picks_by_size() {
    let data = bundled();
    let each = fill(
        &data,
        "{strength.{g}.pakistan.{date}} for {g}",
        &[("g", "each")],
    )
    .unwrap();
    let texts: Vec<&str> = each.iter().map(|f| f.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "2,000–3,000 for is",
            "about 1,500 for isk",
            "30,000–40,000 for ttp"
        ]
    );
    let largest = [("i", "largest incidents.{i}.killed")];
    let deadliest = fill(&data, "{i:name}: {incidents.{i}.killed}", &largest).unwrap();
    assert_eq!(
        deadliest[0].text,
        "the IS-K suicide bombing in Peshawar on 4 March 2022: at least 64"
    );
}

#[test]
fn formats_write_numbers_as_people_read_them() {
    let data = bundled();
    let change = "pips.pakistan.{p}.attacks_change";
    let text = format!("all attacks {{{change}.all:trend}}, cross-border {{{change}.cross-border:trend}} ({{{change}.cross-border:abs}})");
    assert_eq!(
        one(&data, &text),
        "all attacks fell 16%, cross-border rose 131% (131%)"
    );
    assert_eq!(
        one(&data, "{strength.isk.pakistan.{d}:best} in {d:name}"),
        "1,500 in August 2023"
    );
    let implied = "{pips.pakistan.{p:previous}.attacks.all.implied} in {p:previous}, before {pips.pakistan.{p}.attacks.all} in {p}";
    assert_eq!(
        one(&data, implied),
        "437.9–443.1 in 2016, before 370 in 2017"
    );
    let alone = fill(
        &data,
        "{pips.pakistan.{p:previous}.attacks.all.implied}",
        &[],
    );
    assert!(
        matches!(alone, Err(Unresolved::Unbound { .. })),
        "{alone:?}"
    );
    assert_eq!(
        one(&data, "{pips.pakistan.{p}.attacks.all.implied:low}"),
        "437.9"
    );
}

#[test]
fn what_cannot_be_filled_says_why_and_suggests_the_nearest_id() {
    let data = bundled();
    let Err(Unresolved::NoMetric { at, nearest, .. }) =
        fill(&data, "x {pips.pakistan.{p}.atacks.all}", &[])
    else {
        panic!("expected no metric")
    };
    assert_eq!(at, 2);
    assert_eq!(nearest.as_deref(), Some("pips.pakistan.{p}.attacks.all"));
    let apart = fill(
        &data,
        "{pips.pakistan.{p}.attacks.all} {abdul-sayed.pakistan.{p}.claimed_attacks.ttp}",
        &[],
    );
    assert!(
        matches!(apart, Err(Unresolved::NoCommonValue { .. })),
        "{apart:?}"
    );
    let unbound = fill(&data, "{year}", &[]);
    assert!(
        matches!(unbound, Err(Unresolved::Unbound { at: 0, .. })),
        "{unbound:?}"
    );
}

#[test]
fn patterns_match_whole_segments_and_wildcards_any_text() {
    let p = parse_pattern("events.{d}.*", 0, true).unwrap();
    let bound = Binding::from([("d".to_string(), "gtd".to_string())]);
    assert!(matches(&p, "events.gtd.by_year.2001.killed", &bound));
    assert!(!matches(&p, "events.ucdp.by_year.2001.killed", &bound));
    let q = parse_pattern("a.{x}.b", 0, false).unwrap();
    assert!(
        match_id(&q.0, "a.one.two.b", Binding::new()).is_none(),
        "a variable is one segment"
    );
}
