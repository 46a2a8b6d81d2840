//! Group strength over time: one reconciled estimate per group, place and
//! date; ratios between groups at the same place and date; and the share of
//! a region's fighters a province within it holds.

use std::collections::BTreeMap;

use crate::compute::ids::{self, stated_strength as strength_id};
use crate::compute::names::term_name;
use crate::compute::{derived, reconciled, Collector};
use crate::load::records::StrengthEstimate;
use crate::load::Dataset;

pub fn add_all(data: &Dataset, c: &mut Collector) {
    let series = series(data);
    for ((group, place, as_of), rows) in &series {
        let inputs: Vec<String> = rows.iter().map(|r| strength_id(&r.id)).collect();
        let label = format!(
            "Strength of {} in {}, {as_of}",
            term_name(&data.groups, group),
            term_name(&data.places, place)
        );
        reconciled(c, &metric_id(group, place, as_of), &label, &inputs);
    }
    ratios_between_groups(data, &series, c);
    province_shares_of_regions(data, c);
    changes_over_time(data, &series, c);
}

/// The line a group's estimates belong to: its parent group's when it has
/// one (groups.csv), else its own. So IS-K's estimates continue those its
/// sources give for its parent "IS" in the same place (RUSI's 2016 figure
/// for IS in Pakistan leads to the 2023 IS-K one); the change is flagged.
fn lineage(data: &Dataset, group: &str) -> String {
    data.groups
        .terms()
        .get(group)
        .and_then(|t| t.parent.clone())
        .unwrap_or_else(|| group.to_string())
}

/// For consecutive dates of one lineage and place: later ÷ earlier, with
/// the ranges propagated, flagged when the two name different groups or
/// count different things.
fn changes_over_time(
    data: &Dataset,
    series: &BTreeMap<Key, Vec<&StrengthEstimate>>,
    c: &mut Collector,
) {
    let mut lines: BTreeMap<(String, String), Vec<Point>> = BTreeMap::new();
    for ((group, place, as_of), rows) in series {
        lines
            .entry((lineage(data, group), place.clone()))
            .or_default()
            .push((as_of.clone(), group.clone(), rows[0].counted.clone()));
    }
    for ((line, place), mut points) in lines {
        points.sort();
        for pair in points.windows(2) {
            let ((from, g1, counted1), (to, g2, counted2)) = (&pair[0], &pair[1]);
            let (a, b) = (metric_id(g1, &place, from), metric_id(g2, &place, to));
            let [Some(va), Some(vb)] = [&a, &b].map(|i| c.get(i).map(|m| m.value)) else {
                continue;
            };
            let id = ids::strength_change(&line, &place, from, to);
            let label = format!(
                "Strength of {} in {}, {to} against {from} (later ÷ earlier)",
                term_name(&data.groups, g2),
                term_name(&data.places, &place)
            );
            let mut m = derived(
                c,
                id,
                label,
                "ratio",
                &format!("{from}/{to}"),
                vb.ratio(&va),
                "later ÷ earlier".into(),
                &[&b, &a],
            );
            if g1 != g2 {
                m.flags.push("different_group_names".into());
            }
            if counted1 != counted2 {
                m.flags.push("different_things_counted".into());
            }
            c.add(m);
        }
    }
}

type Key = (String, String, String);

/// One estimate on a lineage's line: (as-of date, group, what is counted).
type Point = (String, String, String);

/// Strength records by (group, place, as-of date), sorted.
fn series(data: &Dataset) -> BTreeMap<Key, Vec<&StrengthEstimate>> {
    let mut series: BTreeMap<Key, Vec<&StrengthEstimate>> = BTreeMap::new();
    for r in &data.strength {
        series
            .entry((r.group.clone(), r.place.clone(), r.as_of.to_string()))
            .or_default()
            .push(r);
    }
    series
}

pub fn metric_id(group: &str, place: &str, as_of: &str) -> String {
    ids::strength(group, place, as_of)
}

/// For every place and date with estimates for two groups: larger ÷ smaller.
fn ratios_between_groups(
    data: &Dataset,
    series: &BTreeMap<Key, Vec<&StrengthEstimate>>,
    c: &mut Collector,
) {
    let mut by_place: BTreeMap<(&str, &str), Vec<&str>> = BTreeMap::new();
    for (group, place, as_of) in series.keys() {
        by_place.entry((place, as_of)).or_default().push(group);
    }
    for ((place, as_of), groups) in by_place {
        for (i, a) in groups.iter().enumerate() {
            for b in &groups[i + 1..] {
                ratio(data, series, c, (place, as_of), a, b);
            }
        }
    }
}

fn ratio(
    data: &Dataset,
    series: &BTreeMap<Key, Vec<&StrengthEstimate>>,
    c: &mut Collector,
    (place, as_of): (&str, &str),
    a: &str,
    b: &str,
) {
    let (ida, idb) = (metric_id(a, place, as_of), metric_id(b, place, as_of));
    let [Some(va), Some(vb)] = [&ida, &idb].map(|i| c.get(i).map(|m| m.value)) else {
        return;
    };
    let (big, small, big_id, small_id, gb, gs) = if va.best >= vb.best {
        (va, vb, &ida, &idb, a, b)
    } else {
        (vb, va, &idb, &ida, b, a)
    };
    let id = ids::strength_ratio(place, as_of, gb, gs);
    let label = format!(
        "{} per {} fighter in {}, {as_of}",
        term_name(&data.groups, gb),
        term_name(&data.groups, gs),
        term_name(&data.places, place)
    );
    let mut m = derived(
        c,
        id,
        label,
        "ratio",
        as_of,
        big.ratio(&small),
        "larger ÷ smaller".into(),
        &[big_id, small_id],
    );
    let counted = |g: &str| {
        series
            .get(&(g.to_string(), place.to_string(), as_of.to_string()))
            .map(|rows| rows[0].counted.clone())
    };
    if counted(gb) != counted(gs) {
        m.flags.push("different_things_counted".to_string());
    }
    c.add(m);
}

/// A province's estimate and its region's estimate from the same source and
/// date read as part and whole (Nangarhar within the Afghan border provinces).
fn province_shares_of_regions(data: &Dataset, c: &mut Collector) {
    let kind = |place: &str| {
        data.places
            .terms()
            .get(place)
            .map_or("", |t| t.kind.as_str())
    };
    for region in data.strength.iter().filter(|r| kind(&r.place) == "region") {
        let parts = data.strength.iter().filter(|p| {
            kind(&p.place) == "province"
                && p.source_id == region.source_id
                && p.as_of == region.as_of
                && p.group == region.group
        });
        for part in parts {
            let (pid, rid) = (strength_id(&part.id), strength_id(&region.id));
            let [Some(pv), Some(rv)] = [&pid, &rid].map(|i| c.get(i).map(|m| m.value)) else {
                continue;
            };
            let as_of = part.as_of.to_string();
            let id = ids::strength_share(&part.group, &as_of, &part.place, &region.place);
            let label = format!(
                "Share of {}'s fighters in {} that were in {}, {}",
                term_name(&data.groups, &part.group),
                term_name(&data.places, &region.place),
                term_name(&data.places, &part.place),
                part.as_of
            );
            let m = derived(
                c,
                id,
                label,
                "percent",
                &part.as_of.to_string(),
                pv.share_of(&rv).scale(100.0),
                "100 × province ÷ region (part of its whole)".into(),
                &[&pid, &rid],
            );
            c.add(m);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::compute::compute;
    use crate::load::testing::{bundled, bundled_with};

    #[test]
    fn groups_at_one_place_and_date_are_compared_larger_to_smaller() {
        let m = compute(&bundled()).unwrap();
        let ratio = m.get("strength.pakistan.2023-08.ratio.ttp_to_isk").unwrap();
        // 30,000–40,000 against about 1,500 (1,350–1,650).
        assert_eq!(
            (ratio.value.low, ratio.value.high),
            (Some(18.1818), Some(29.6296))
        );
        assert_eq!(ratio.flags, ["different_things_counted"]);
    }

    #[test]
    fn a_line_continues_through_a_parent_group_and_a_province_is_a_share_of_its_region() {
        let m = compute(&bundled()).unwrap();
        // RUSI's 2016 figure for IS in Pakistan leads to the 2023 IS-K one.
        let change = m
            .get("strength.is.pakistan.change.2016_to_2023-08")
            .unwrap();
        assert_eq!(
            change.flags,
            ["different_group_names", "different_things_counted"]
        );
        let share = m
            .get("strength.isk.2017-11.share.nangarhar_of_af-border-provinces")
            .unwrap();
        assert_eq!(
            (share.value.low, share.value.high),
            (Some(54.5455), Some(88.8889))
        );
    }

    #[test]
    fn a_later_estimate_extends_each_groups_line() {
        let sources = "survey-2025,Survey,Some Institute (SI),2025-06,,,,\n";
        let rows =
            "s25-isk,isk,pakistan,2025-06,fighters,exact,,3000,,survey-2025,3000 fighters,\n";
        let m = compute(&bundled_with(&[
            ("sources.csv", sources),
            ("strength.csv", rows),
        ]))
        .unwrap();
        let change = m
            .get("strength.is.pakistan.change.2023-08_to_2025-06")
            .unwrap();
        assert_eq!(change.value.best, 2.0, "3,000 against about 1,500");
        assert!(
            change.flags.is_empty(),
            "the same group and the same thing counted"
        );
    }
}
