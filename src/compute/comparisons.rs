//! Two groups compared, for every pair the report definition names
//! (`[[compare]]` in report.toml): per place and period where both are
//! counted, each group's figure reconciled over every publisher, the ratio
//! between them and each one's share of the two; and the same under each
//! publisher that gives both.

use std::collections::BTreeMap;

use crate::compute::ids::{self, Cell, ALL_SOURCES};
use crate::compute::names;
use crate::compute::period::Period;
use crate::compute::tallies::{Key, Tallies};
use crate::compute::{derived, reconciled, Collector};
use crate::load::Dataset;

/// Where and what two groups are compared on.
struct Pair<'a> {
    a: &'a str,
    b: &'a str,
    measure: &'a str,
}

pub fn add_all(data: &Dataset, c: &mut Collector) {
    let tallies = Tallies::new(data);
    for comparison in &data.definition.compare {
        let [a, b] = comparison.groups.get_ref();
        let pair = Pair {
            a,
            b,
            measure: comparison.measure.get_ref(),
        };
        across_publishers(data, &tallies, &pair, c);
        within_publishers(data, &tallies, &pair, c);
    }
}

/// Each group's figure per place and period over every publisher
/// (`all-sources.…`), then the comparison of the two.
fn across_publishers(data: &Dataset, tallies: &Tallies, pair: &Pair, c: &mut Collector) {
    let mut records: BTreeMap<(String, String, String), Vec<String>> = BTreeMap::new();
    for (key, rows) in &tallies.rows {
        if key.measure == pair.measure && (key.who == pair.a || key.who == pair.b) {
            let at = (
                key.cell.place.clone(),
                key.cell.period.clone(),
                key.who.clone(),
            );
            records
                .entry(at)
                .or_default()
                .extend(rows.iter().map(|r| ids::stated_count(&r.id)));
        }
    }
    // Only where both groups are counted is there a comparison to make.
    let both = |place: &String, period: &String| {
        [pair.a, pair.b]
            .iter()
            .all(|w| records.contains_key(&(place.clone(), period.clone(), w.to_string())))
    };
    for ((place, period, who), inputs) in records.iter().filter(|((pl, pe, _), _)| both(pl, pe)) {
        let cell = all_sources(place, period);
        let label = format!(
            "{} by {}, {}, {} (all sources)",
            names::measure(data, pair.measure),
            names::who(data, who),
            names::place(data, place),
            tallies.periods[period].words()
        );
        reconciled(c, &cell.tally(pair.measure, who), &label, inputs);
    }
    let cells: Vec<Cell> = records
        .keys()
        .filter(|(place, period, _)| both(place, period))
        .map(|(place, period, _)| all_sources(place, period))
        .collect();
    for cell in dedup(cells) {
        compare(data, tallies, pair, &cell, c);
    }
}

fn all_sources(place: &str, period: &str) -> Cell {
    Cell {
        publisher: ALL_SOURCES.to_string(),
        place: place.to_string(),
        period: period.to_string(),
    }
}

fn dedup(mut cells: Vec<Cell>) -> Vec<Cell> {
    cells.sort();
    cells.dedup();
    cells
}

/// The comparison under every publisher whose tallies give both groups.
fn within_publishers(data: &Dataset, tallies: &Tallies, pair: &Pair, c: &mut Collector) {
    let cells: Vec<Cell> = tallies
        .rows
        .keys()
        .filter(|k| k.measure == pair.measure && k.who == pair.a)
        .map(|k| k.cell.clone())
        .collect();
    for cell in cells {
        compare(data, tallies, pair, &cell, c);
    }
}

/// The ratio a ÷ b and each group's share of a + b, where both are counted.
fn compare(data: &Dataset, tallies: &Tallies, pair: &Pair, cell: &Cell, c: &mut Collector) {
    let key = |who: &str| Key {
        cell: cell.clone(),
        measure: pair.measure.to_string(),
        who: who.to_string(),
    };
    let (a_id, b_id) = (key(pair.a).id(), key(pair.b).id());
    let [Some(a), Some(b)] = [&a_id, &b_id].map(|i| c.get(i).map(|m| m.value)) else {
        return;
    };
    let (name_a, name_b) = (names::who(data, pair.a), names::who(data, pair.b));
    let suffix = suffix(data, tallies, cell);
    let period = tallies.periods[&cell.period].label();
    let inputs = [a_id.as_str(), b_id.as_str()];
    let label = format!(
        "{} by {name_a} per one by {name_b}, {suffix}",
        names::measure(data, pair.measure)
    );
    let ratio = derived(
        c,
        cell.pair_ratio(pair.measure, pair.a, pair.b),
        label,
        "ratio",
        &period,
        a.ratio(&b),
        format!("{name_a} ÷ {name_b}"),
        &inputs,
    );
    c.add(ratio);
    let both = a.add(&b);
    for (who, part, name) in [(pair.a, a, &name_a), (pair.b, b, &name_b)] {
        let label = format!(
            "{name}'s share of the two groups' {}, {suffix}",
            names::lowercase_first(&names::measure(data, pair.measure))
        );
        let id = cell.pair_share(pair.measure, who, (pair.a, pair.b));
        let formula = format!("100 × {name} ÷ ({name_a} + {name_b})");
        let share = derived(
            c,
            id,
            label,
            "percent",
            &period,
            part.share_of(&both).scale(100.0),
            formula,
            &inputs,
        );
        c.add(share);
    }
}

/// "Pakistan, 2021 (Abdul Sayed)" or "Pakistan, 2021 (all sources)".
fn suffix(data: &Dataset, tallies: &Tallies, cell: &Cell) -> String {
    let by = tallies
        .publishers
        .get(&cell.publisher)
        .map_or("all sources", String::as_str);
    let period: &Period = &tallies.periods[&cell.period];
    format!(
        "{}, {} ({by})",
        names::place(data, &cell.place),
        period.words()
    )
}

#[cfg(test)]
mod tests {
    use crate::compute::compute;
    use crate::load::testing::{bundled, bundled_with};

    #[test]
    fn a_pair_is_compared_over_all_sources_and_under_each_publisher() {
        let m = compute(&bundled()).unwrap();
        let all = "all-sources.pakistan.2021.claimed_attacks";
        assert_eq!(
            m.get(&format!("{all}.ratio.ttp_to_isk"))
                .unwrap()
                .value
                .best,
            13.5263
        );
        assert_eq!(
            m.get(&format!("{all}.ttp.share_of.ttp_and_isk"))
                .unwrap()
                .value
                .best,
            93.1159
        );
        let sayed = "abdul-sayed.pakistan.2021.claimed_attacks.ratio.ttp_to_isk";
        assert_eq!(m.get(sayed).unwrap().inputs.len(), 2);
    }

    #[test]
    fn only_the_pairs_the_definition_names_are_compared() {
        let definition = "title = \"T\"\n[[compare]]\ngroups = [\"isk\", \"ttp\"]\nmeasure = \"claimed_attacks\"\n";
        let m = compute(&crate::load::testing::bundled_replacing(&[(
            "report.toml",
            definition,
        )]))
        .unwrap();
        assert!(m
            .get("all-sources.pakistan.2021.claimed_attacks.ratio.isk_to_ttp")
            .is_some());
        assert!(m
            .get("all-sources.pakistan.2021.claimed_attacks.ratio.ttp_to_isk")
            .is_none());
        let none = compute(&bundled_with(&[])).unwrap();
        assert!(none
            .get("all-sources.pakistan.2021.claimed_attacks.ratio.isk_to_ttp")
            .is_none());
    }
}
