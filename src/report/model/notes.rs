//! The report's methods and caveats: how every figure was computed, in
//! words, and what a reader should keep in mind, written from the data
//! (how many figures are open-ended, how many sources disagree, where the
//! figures come from) after the analyst's own caveats.

use std::collections::BTreeSet;

use crate::compute::format::plural;
use crate::compute::names::short_name;
use crate::compute::MetricSet;
use crate::load::Dataset;

pub(super) fn methods(data: &Dataset) -> Vec<String> {
    let mut lines = vec![
        "Every figure is an estimate with a low bound, a best value and a high bound; either bound may be open (\"at least 60\" has no upper bound). A figure is printed as its range: \"54–60\", \"at least 64\".".to_string(),
        "Derived figures use interval arithmetic: a sum adds the bounds; a ratio a ÷ b runs from a.low ÷ b.high to a.high ÷ b.low; a share of a total that contains it runs from part.low ÷ total.high to part.high ÷ max(total.low, part.high), so it never exceeds 100%; an open bound stays open wherever the formula makes it so.".to_string(),
        "Where several sources give the same quantity, the reconciled figure spans them all: the lowest low bound, the highest high bound, and the median of the best values. The disagreement is kept and listed in its own table.".to_string(),
        "A figure of the previous period implied by a stated percentage change is this period's ÷ (1 + change ÷ 100); a change stated as a whole percentage (\"16%\") stands for the range from 15.5% to 16.5%, which the implied figure inherits. Where a publisher counts two consecutive periods (years, quarters, months), the change between them is computed from the counts and set against any change the publisher states: consistent when the ranges meet, listed under the source disagreements when they do not.".to_string(),
        "A share is a part of its whole: of all perpetrators' attacks for a perpetrator in a country, of the same perpetrator's figure for the country for a province. Attacks by no category a publisher names are its total less the categories it gives.".to_string(),
        "An incident for which no source gives a casualty figure adds nothing to the low bound of a total and leaves its high bound open.".to_string(),
    ];
    for rule in data.qualifiers.values() {
        lines.push(format!(
            "Figures stated “{}”: {}",
            rule.id.as_str().replace('_', " "),
            rule.description
        ));
    }
    lines
}

/// "These figures come from N publications, some quoting others (…)", from
/// the sources the metrics cite.
fn provenance(data: &Dataset, m: &MetricSet) -> String {
    let cited: BTreeSet<&str> = m
        .metrics
        .iter()
        .flat_map(|x| x.sources.iter().map(String::as_str))
        .collect();
    let cited: Vec<&crate::load::records::Source> = data
        .sources
        .values()
        .filter(|s| cited.contains(s.id.as_str()))
        .collect();
    let publications: BTreeSet<&str> = cited
        .iter()
        .map(|s| s.seed_file.as_deref().unwrap_or(&s.title))
        .collect();
    let originals: BTreeSet<&str> = cited
        .iter()
        .filter_map(|s| s.original_author.as_deref())
        .collect();
    let quoting = if originals.is_empty() {
        String::new()
    } else {
        let names: Vec<&str> = originals.iter().map(|a| short_name(a)).collect();
        format!(", some quoting others ({})", names.join(", "))
    };
    let noun = if publications.len() == 1 {
        "publication"
    } else {
        "publications"
    };
    format!("These figures come from {} {noun}{quoting}; they are what those sources said, not a complete count.", publications.len())
}

/// The analyst's caveats (`analyst`, already filled), then those sitrep
/// writes from the data.
pub(super) fn caveats(data: &Dataset, m: &MetricSet, analyst: Vec<String>) -> Vec<String> {
    let open = m
        .metrics
        .iter()
        .filter(|x| !x.id.starts_with("stated.") && x.value.high.is_none())
        .count();
    let mut lines = analyst;
    lines.push(provenance(data, m));
    if open > 0 {
        let figures = plural(
            open as u64,
            "of the derived figures has",
            "of the derived figures have",
        );
        lines.push(format!("{figures} no upper bound, because a source said \"at least\" or \"more than\"; treat them as floors."));
    }
    let counted: BTreeSet<&str> = data.strength.iter().map(|s| s.counted.as_str()).collect();
    if counted.len() > 1 {
        lines.push(format!("Strength estimates count different things ({}) and come from different dates: compare them with care.", counted.into_iter().collect::<Vec<_>>().join("; ")));
    }
    if !m.disagreements.is_empty() {
        let figures = plural(m.disagreements.len() as u64, "figure", "figures");
        lines.push(format!(
            "Sources disagree on {figures}; the report gives the range that spans them."
        ));
    }
    lines
}
