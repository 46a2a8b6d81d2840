//! PIPS's tallies for 2017: attacks by perpetrator category, their shares,
//! casualties and killed per attack, cross-border attacks, and the 2016
//! figures implied by the reported percentage changes.
//!
//! Each rule picks the PIPS figures it needs by what they measure (measure,
//! perpetrator, period, place), never by record id, so a corrected or added
//! record flows through. Any figure missing (as in a quarter before PIPS
//! published) simply leaves the metrics that need it out.

use crate::compute::stated::{count_id, term_name};
use crate::compute::{derived, reconciled, Collector};
use crate::estimate::Estimate;
use crate::load::records::Count;
use crate::load::Dataset;

const YEAR: &str = "2017";

/// The perpetrator categories PIPS reports, with their metric-id names.
/// How each share is named in labels.
const SHARE_NAMES: [(&str, &str); 4] = [
    ("ttp_and_associated", "TTP and associated groups"),
    ("nationalist_insurgents", "nationalist insurgents"),
    ("other", "other perpetrators"),
    ("is", "IS"),
];

const CATEGORIES: [(&str, &str); 2] = [
    ("ttp-and-associated", "ttp_and_associated"),
    ("nationalist-insurgents", "nationalist_insurgents"),
];

pub fn add_all(data: &Dataset, c: &mut Collector) {
    attack_counts(data, c);
    add_changes(data, c);
    other_perpetrators(c);
    shares(c);
    casualties(data, c);
    implied_2016(c);
}

/// "Nationalist insurgent groups" → "nationalist insurgent groups"; keeps
/// acronyms ("TTP and …", "IS") as they are.
fn lowercase_first(name: &str) -> String {
    let mut chars = name.chars();
    match (chars.next(), chars.next()) {
        (Some(a), Some(b)) if b.is_lowercase() => a
            .to_lowercase()
            .chain(std::iter::once(b))
            .chain(chars)
            .collect(),
        _ => name.to_string(),
    }
}

fn is_pips(data: &Dataset, r: &Count) -> bool {
    data.sources
        .get(&r.source_id)
        .and_then(|s| s.original_author.as_deref())
        .is_some_and(|a| a.contains("PIPS"))
}

/// Stated-metric ids of PIPS's 2017 figures in Pakistan for `measure` and `perpetrator`.
fn pips_2017(data: &Dataset, measure: &str, perpetrator: &str) -> Vec<String> {
    data.counts
        .iter()
        .filter(|r| {
            is_pips(data, r)
                && r.measure == measure
                && r.perpetrator.as_deref() == Some(perpetrator)
        })
        .filter(|r| {
            r.place == "pakistan" && r.period_start.year() == 2017 && r.period_end.year() == 2017
        })
        .map(|r| count_id(&r.id))
        .collect()
}

fn attack_counts(data: &Dataset, c: &mut Collector) {
    reconciled(
        c,
        "pips.2017.attacks.total",
        "Terrorist attacks in Pakistan, 2017 (PIPS)",
        &pips_2017(data, "attacks", "all"),
    );
    for (perpetrator, name) in CATEGORIES {
        let label = format!(
            "Attacks by {}, 2017 (PIPS)",
            lowercase_first(&term_name(&data.groups, perpetrator))
        );
        reconciled(
            c,
            &format!("pips.{YEAR}.attacks.{name}"),
            &label,
            &pips_2017(data, "attacks", perpetrator),
        );
    }
    reconciled(
        c,
        "pips.2017.attacks.is",
        "Attacks claimed by IS, 2017 (PIPS)",
        &pips_2017(data, "claimed_attacks", "is"),
    );
    reconciled(
        c,
        "pips.2017.cross_border.attacks",
        "Cross-border attacks, 2017 (PIPS)",
        &pips_2017(data, "attacks", "cross-border"),
    );
    let stated_share = pips_2017(data, "share_of_attacks", "ttp-and-associated");
    reconciled(
        c,
        "pips.2017.share.ttp_and_associated.stated",
        "Share of attacks by TTP and associated groups, as stated (PIPS)",
        &stated_share,
    );
}

/// Attacks by neither named category: the total less both.
fn other_perpetrators(c: &mut Collector) {
    let ids = [
        "pips.2017.attacks.total",
        "pips.2017.attacks.ttp_and_associated",
        "pips.2017.attacks.nationalist_insurgents",
    ];
    let [Some(total), Some(ttp), Some(nat)] = ids.map(|i| c.get(i).map(|m| m.value)) else {
        return;
    };
    let rest = total.sub(&ttp).sub(&nat);
    let rest = Estimate::new(rest.low.map(|v| v.max(0.0)), rest.best.max(0.0), rest.high);
    let formula = "total − TTP and associated − nationalist insurgents".to_string();
    let m = derived(
        c,
        "pips.2017.attacks.other".into(),
        "Attacks by other perpetrators, 2017 (PIPS)".into(),
        "attacks",
        YEAR,
        rest,
        formula,
        &ids,
    );
    c.add(m);
}

/// Each category's share of the total, bounded as a part of its whole.
fn shares(c: &mut Collector) {
    for name in [
        "ttp_and_associated",
        "nationalist_insurgents",
        "other",
        "is",
    ] {
        let part_id = format!("pips.{YEAR}.attacks.{name}");
        let ids = [part_id.as_str(), "pips.2017.attacks.total"];
        let [Some(part), Some(total)] = ids.map(|i| c.get(i).map(|m| m.value)) else {
            continue;
        };
        let share = part.share_of(&total).scale(100.0);
        let label = format!(
            "Share of 2017 attacks: {} (PIPS)",
            SHARE_NAMES
                .iter()
                .find(|(n, _)| *n == name)
                .map_or(name, |(_, l)| l)
        );
        let mut m = derived(
            c,
            format!("pips.{YEAR}.share.{name}"),
            label,
            "percent",
            YEAR,
            share,
            "100 × part ÷ total (part of its whole)".into(),
            &ids,
        );
        flag_against_stated(c, &mut m, &format!("pips.{YEAR}.share.{name}.stated"));
        c.add(m);
    }
}

/// Flags a computed metric whose range does not overlap a stated figure.
fn flag_against_stated(c: &Collector, m: &mut crate::compute::Metric, stated_id: &str) {
    let Some(stated) = c.get(stated_id) else {
        return;
    };
    let (a, b) = (m.value, stated.value);
    let apart = a.high.zip(b.low).is_some_and(|(h, l)| h < l)
        || a.low.zip(b.high).is_some_and(|(l, h)| l > h);
    m.inputs.push(stated_id.to_string());
    m.flags.push(
        if apart {
            "stated_differs_from_computed"
        } else {
            "consistent_with_stated"
        }
        .to_string(),
    );
}

fn casualties(data: &Dataset, c: &mut Collector) {
    for (perpetrator, name) in [
        ("is", "is"),
        ("nationalist-insurgents", "nationalist_insurgents"),
        ("cross-border", "cross_border"),
    ] {
        for measure in ["killed", "injured"] {
            let id = if name == "cross_border" {
                format!("pips.{YEAR}.cross_border.{measure}")
            } else {
                format!("pips.{YEAR}.{measure}.{name}")
            };
            let label = match perpetrator {
                "cross-border" => format!("People {measure} in cross-border attacks, 2017 (PIPS)"),
                _ => format!(
                    "People {measure} in attacks by {}, 2017 (PIPS)",
                    lowercase_first(&term_name(&data.groups, perpetrator))
                ),
            };
            reconciled(c, &id, &label, &pips_2017(data, measure, perpetrator));
        }
        let (killed, attacks) = match name {
            "cross_border" => (
                "pips.2017.cross_border.killed".to_string(),
                "pips.2017.cross_border.attacks".to_string(),
            ),
            _ => (
                format!("pips.{YEAR}.killed.{name}"),
                format!("pips.{YEAR}.attacks.{name}"),
            ),
        };
        per_attack(
            c,
            &format!("pips.{YEAR}.killed_per_attack.{name}"),
            &killed,
            &attacks,
        );
    }
}

fn per_attack(c: &mut Collector, id: &str, killed: &str, attacks: &str) {
    let [Some(k), Some(a)] = [killed, attacks].map(|i| c.get(i).map(|m| m.value)) else {
        return;
    };
    let name = id.rsplit('.').next().unwrap_or(id);
    let name = SHARE_NAMES
        .iter()
        .find(|(n, _)| *n == name)
        .map_or(name.replace('_', " "), |(_, l)| l.to_string());
    let label = format!("People killed per attack: {name} (PIPS, 2017)");
    let m = derived(
        c,
        id.to_string(),
        label,
        "per_attack",
        YEAR,
        k.ratio(&a),
        "killed ÷ attacks".into(),
        &[killed, attacks],
    );
    c.add(m);
}

/// The 2016 figures implied by the reported changes: `2017 ÷ (1 + change)`,
/// where a rounded change carries its rounding range.
fn implied_2016(c: &mut Collector) {
    let pairs = [
        (
            "pips.2016.attacks.total_implied",
            "pips.2017.attacks.total",
            "Terrorist attacks in Pakistan, 2016, implied by PIPS's 2017 change",
            "pips.2017.attacks.change_pct",
        ),
        (
            "pips.2016.cross_border.attacks_implied",
            "pips.2017.cross_border.attacks",
            "Cross-border attacks, 2016, implied by PIPS's 2017 change",
            "pips.2017.cross_border.change_pct",
        ),
    ];
    for (id, base, label, change_id) in pairs {
        let [Some(now), Some(change)] = [base, change_id].map(|i| c.get(i).map(|m| m.value)) else {
            continue;
        };
        let before = now.before_change(&change.scale(0.01));
        let m = derived(
            c,
            id.to_string(),
            label.to_string(),
            "attacks",
            "2016",
            before,
            "2017 figure ÷ (1 + change ÷ 100)".into(),
            &[base, change_id],
        );
        c.add(m);
        let difference = now.sub(&before);
        let diff_id = format!("{base}.change_count");
        let m = derived(
            c,
            diff_id,
            format!("{label}: change in number, 2016 to 2017"),
            "attacks",
            "2016/2017",
            difference,
            "2017 − implied 2016".into(),
            &[base, id],
        );
        c.add(m);
    }
}

/// Registers the stated percentage changes under readable ids.
fn add_changes(data: &Dataset, c: &mut Collector) {
    reconciled(
        c,
        "pips.2017.attacks.change_pct",
        "Change in terrorist attacks, 2016 to 2017 (PIPS)",
        &pips_2017(data, "attacks_change", "all"),
    );
    reconciled(
        c,
        "pips.2017.cross_border.change_pct",
        "Change in cross-border attacks, 2016 to 2017 (PIPS)",
        &pips_2017(data, "attacks_change", "cross-border"),
    );
}
