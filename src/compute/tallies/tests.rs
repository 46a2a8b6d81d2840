//! The tally rules, each on the smallest data that shows it.

use crate::compute::{compute, MetricSet};
use crate::estimate::Estimate;
use crate::load::testing::{bundled, bundled_with};

const NEXT_REPORT: &str = "
pips-2018,Pakistan Security Report 2018,Pakistan Institute for Peace Studies (PIPS),2019-01,,,,A later annual report.
";

/// PIPS's next year: 262 attacks, 171 by TTP and associated groups, 80 by
/// nationalist insurgents, and a stated change of `change` percent.
fn next_year(change: &str) -> String {
    format!(
        "pips-2018-total,2018,2018,pakistan,all,attacks,exact,,262,,pips-2018,262 attacks,
pips-2018-ttp,2018,2018,pakistan,ttp-and-associated,attacks,exact,,171,,pips-2018,171 by TTP,
pips-2018-nationalist,2018,2018,pakistan,nationalist-insurgents,attacks,exact,,80,,pips-2018,80 by nationalists,
pips-2018-change,2018,2018,pakistan,all,attacks_change,rounded,,{change},,pips-2018,a change of {change} percent,
"
    )
}

fn metrics_with_next_year(change: &str) -> MetricSet {
    let counts = next_year(change);
    compute(&bundled_with(&[
        ("sources.csv", NEXT_REPORT),
        ("counts.csv", &counts),
    ]))
    .unwrap()
}

fn value(m: &MetricSet, id: &str) -> Estimate {
    m.get(id).unwrap_or_else(|| panic!("no metric {id}")).value
}

fn flags<'m>(m: &'m MetricSet, id: &str) -> &'m [String] {
    &m.get(id).unwrap_or_else(|| panic!("no metric {id}")).flags
}

#[test]
fn a_partition_gives_each_category_its_share_of_the_total() {
    let m = compute(&bundled()).unwrap();
    let share = value(&m, "pips.pakistan.2017.attacks.ttp-and-associated.share");
    assert_eq!(share.best, 57.5676, "213 of 370");
    assert!(share.is_exact());
    // PIPS also states "nearly 60 percent": [54, 60] holds 57.6.
    let flagged = flags(&m, "pips.pakistan.2017.attacks.ttp-and-associated.share");
    assert_eq!(flagged, ["consistent_with_stated"]);
    // A part of another measure's total is a share of that total: IS's 6
    // claimed attacks of all 370 attacks.
    assert_eq!(
        value(&m, "pips.pakistan.2017.claimed_attacks.is.share").best,
        1.6216
    );
}

#[test]
fn the_remainder_is_the_total_less_the_categories_not_the_cross_cutting_ones() {
    let m = compute(&bundled()).unwrap();
    // 370 − 213 − 138; cross-border attacks (171) cut across and are not subtracted.
    assert_eq!(
        value(&m, "pips.pakistan.2017.attacks.remainder"),
        Estimate::exact(19.0)
    );
    let inputs = &m
        .get("pips.pakistan.2017.attacks.remainder")
        .unwrap()
        .inputs;
    assert!(
        !inputs.iter().any(|i| i.contains("cross-border")),
        "{inputs:?}"
    );
}

#[test]
fn casualties_are_divided_by_the_same_perpetrators_events() {
    let m = compute(&bundled()).unwrap();
    // IS: 153 killed in 6 claimed attacks (its only events measure).
    assert_eq!(
        value(&m, "pips.pakistan.2017.killed.is.per_attack").best,
        25.5
    );
    // Nationalist insurgents: 140 killed in 138 attacks.
    assert_eq!(
        value(
            &m,
            "pips.pakistan.2017.killed.nationalist-insurgents.per_attack"
        )
        .best,
        1.0145
    );
    assert_eq!(
        m.get("pips.pakistan.2017.killed.is.per_attack")
            .unwrap()
            .unit,
        "per_attack"
    );
}

#[test]
fn a_stated_change_implies_the_previous_periods_figure_with_its_rounding() {
    let m = compute(&bundled()).unwrap();
    // 370 ÷ (1 − [15.5%, 16.5%]).
    let before = value(&m, "pips.pakistan.2016.attacks.all.implied");
    assert_eq!((before.low, before.high), (Some(437.8698), Some(443.1138)));
    // Without a 2016 count the change in number rests on the implied figure.
    let change = m.get("pips.pakistan.2017.attacks.all.change").unwrap();
    assert!(change
        .inputs
        .contains(&"pips.pakistan.2016.attacks.all.implied".to_string()));
    assert!(
        m.get("pips.pakistan.2017.attacks.all.change_pct").is_none(),
        "no second count"
    );
}

#[test]
fn a_second_year_gives_its_shares_and_the_change_from_the_first() {
    let m = metrics_with_next_year("-29");
    assert_eq!(
        value(&m, "pips.pakistan.2018.attacks.ttp-and-associated.share").best,
        65.2672
    );
    assert_eq!(
        value(&m, "pips.pakistan.2018.attacks.remainder"),
        Estimate::exact(11.0)
    );
    assert_eq!(
        value(&m, "pips.pakistan.2018.attacks.all.change"),
        Estimate::exact(-108.0)
    );
    // 262 ÷ 370 − 1 = −29.19%: within the stated −29% (rounded, so −29.5 to −28.5).
    let pct = "pips.pakistan.2018.attacks.all.change_pct";
    assert_eq!(value(&m, pct).best, -29.1892);
    assert_eq!(flags(&m, pct), ["consistent_with_stated"]);
    assert!(m.disagreements.iter().all(|d| d.metric != pct));
    assert_eq!(
        value(
            &m,
            "pips.pakistan.2018.attacks.nationalist-insurgents.change"
        )
        .best,
        -58.0
    );
}

#[test]
fn a_stated_change_the_counts_contradict_is_flagged_and_listed() {
    let m = metrics_with_next_year("-10");
    let pct = "pips.pakistan.2018.attacks.all.change_pct";
    assert_eq!(flags(&m, pct), ["stated_differs_from_computed"]);
    let d = m
        .disagreements
        .iter()
        .find(|d| d.metric == pct)
        .expect("listed");
    let said: Vec<&str> = d.estimates.iter().map(|e| e.display.as_str()).collect();
    assert_eq!(said, ["-10% (stated)", "-29.2% (from the counts)"]);
    assert_eq!(d.estimates[0].record, "stated.counts.pips-2018-change");
}

#[test]
fn quarters_are_compared_with_the_quarter_before() {
    let sources = "monitor,Quarterly monitor,Some Monitor (SM),2019-01,,,,\n";
    let counts = "q1,2018-01,2018-03,pakistan,all,attacks,exact,,60,,monitor,60,
q2,2018-04,2018-06,pakistan,all,attacks,exact,,45,,monitor,45,
";
    let m = compute(&bundled_with(&[
        ("sources.csv", sources),
        ("counts.csv", counts),
    ]))
    .unwrap();
    assert_eq!(
        value(&m, "sm.pakistan.2018-q2.attacks.all.change"),
        Estimate::exact(-15.0)
    );
    assert_eq!(
        value(&m, "sm.pakistan.2018-q2.attacks.all.change_pct").best,
        -25.0
    );
    assert_eq!(
        m.get("sm.pakistan.2018-q2.attacks.all").unwrap().period,
        "2018-Q2"
    );
}

#[test]
fn a_province_is_a_share_of_its_country_and_a_stated_share_implies_the_whole() {
    let m = compute(&bundled()).unwrap();
    let at = "isk-balochistan-2017.balochistan.2017-01-01_2017-05-24.claimed_attacks.isk";
    // 5 of IS-K's 10 claimed attacks in Pakistan in the same period.
    assert_eq!(value(&m, &format!("{at}.share")), Estimate::exact(50.0));
    // At least 10 in Balochistan since August 2016, "about half": at least 10 ÷ 0.55.
    let implied = "isk-balochistan-2017.pakistan.2016-08-01_2017-05-24.claimed_attacks.isk.implied";
    assert_eq!(value(&m, implied).low, Some(18.1818));
    assert_eq!(value(&m, implied).high, None);
}

#[test]
fn publishers_count_apart_and_context_figures_derive_nothing() {
    let m = compute(&bundled()).unwrap();
    // Abdul Sayed's tally is his, not PIPS's, though one article quotes both.
    assert!(m
        .get("abdul-sayed.pakistan.2021.claimed_attacks.ttp")
        .is_some());
    // Population and aid are stated, never tallied.
    assert!(m
        .metrics
        .iter()
        .all(|x| !x.id.contains(".population.") || x.id.starts_with("stated.")));
}
