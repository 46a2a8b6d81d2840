//! Pivot tables: metrics that differ only in one or two parts of their ids
//! (a year, a province, a group, a measure) set out as a grid, as the
//! definition's `[[section.pivot]]` asks: one row per value of its `rows`
//! variables, one column per value of `columns`, and a table per value of
//! any other variable. Each cell holds the best value over its range.
//! Rows and columns are named from the vocabularies and the dataset
//! metadata, never by id; the ids stay under the table, as patterns.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::Serialize;

use super::citation;
use crate::compute::format;
use crate::compute::ids;
use crate::compute::names::publisher;
use crate::compute::period::Period;
use crate::compute::{Metric, MetricSet};
use crate::estimate::Estimate;
use crate::load::definition::{self, parse_pattern, Part, Pattern};
use crate::load::Dataset;
use crate::report::placeholders::{bind, Binding, Resolver};

/// A pivot table as the templates print it.
#[derive(Debug, Serialize)]
pub struct Table {
    pub title: String,
    /// The header over the row names ("Year", "Measure").
    pub corner: String,
    pub columns: Vec<String>,
    pub rows: Vec<TableRow>,
    /// Rows and columns left out to keep the table on the page (all are in
    /// metrics.json).
    pub more_rows: usize,
    pub more_columns: usize,
    /// The metric id patterns of the cells, the section's variables filled.
    pub ids: Vec<String>,
    /// The sources of its cells, as short citations.
    pub sources: Vec<super::Cite>,
    pub more_sources: usize,
    /// What a marked cell means ("† sources disagree").
    pub marks: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct TableRow {
    pub name: String,
    /// One per column; `None` where no metric fills it.
    pub cells: Vec<Option<TableCell>>,
}

#[derive(Debug, Serialize)]
pub struct TableCell {
    /// The best value ("272", "57.6%").
    pub value: String,
    /// The range when it is not the value alone ("162–383", "at least 159").
    pub range: String,
    /// "†" when the metric is flagged, else empty.
    pub mark: String,
}

/// How many rows and columns a table prints at most.
const TABLE_ROWS: usize = 60;
const TABLE_COLUMNS: usize = 7;
/// How many sources a table names.
const TABLE_SOURCES: usize = 8;

/// One cell's coordinates: the split, row and column values.
type Place = (Vec<String>, Vec<String>, String);

/// The tables of one pivot of a section under `binding` (its `each`
/// variable), of the metrics `keep` accepts, and the ids they show.
pub(super) fn tables(
    data: &Dataset,
    m: &MetricSet,
    (pivot, binding): (&definition::Pivot, &Binding),
    keep: &dyn Fn(&Metric) -> bool,
    resolver: &Resolver,
) -> (Vec<Table>, BTreeSet<String>) {
    let patterns: Vec<Pattern> = pivot
        .metrics
        .iter()
        .filter_map(|t| parse_pattern(t.get_ref(), 0, true).ok())
        .collect();
    let rows: Vec<String> = pivot.rows.iter().map(|r| r.get_ref().clone()).collect();
    let column = pivot.columns.get_ref().clone();
    let mut cells: BTreeMap<Place, &Metric> = BTreeMap::new();
    for pattern in &patterns {
        for (b, metric) in matching(m, pattern, binding).filter(|(_, x)| keep(x)) {
            let split: Vec<String> = b
                .iter()
                .filter(|(k, _)| !binding.contains_key(*k) && !rows.contains(k) && **k != column)
                .map(|(k, v)| format!("{k}={v}"))
                .collect();
            let row = rows
                .iter()
                .map(|r| b.get(r).cloned().unwrap_or_default())
                .collect();
            let col = b.get(&column).cloned().unwrap_or_default();
            cells.entry((split, row, col)).or_insert(metric);
        }
    }
    let used = cells.values().map(|x| x.id.clone()).collect();
    let mut splits: Vec<Vec<String>> = cells.keys().map(|(s, _, _)| s.clone()).collect();
    splits.dedup();
    splits.sort_by_key(|s| {
        s.iter()
            .map(|v| order(v.split_once('=').map_or(v, |p| p.1)))
            .collect::<Vec<_>>()
    });
    let namer = Namer { data, m, resolver };
    let ids: Vec<String> = patterns.iter().map(|p| partly(p, binding)).collect();
    let title = resolver
        .fill_bound(pivot.title.get_ref(), binding)
        .unwrap_or_default();
    let tables = splits
        .into_iter()
        .map(|split| {
            let of_split: BTreeMap<(Vec<String>, String), &Metric> = cells
                .iter()
                .filter(|((s, _, _), _)| *s == split)
                .map(|((_, r, c), x)| ((r.clone(), c.clone()), *x))
                .collect();
            let names: Vec<String> = split
                .iter()
                .map(|v| namer.name(v.split_once('=').map_or(v, |p| p.1)))
                .collect();
            let title = [title.clone()]
                .into_iter()
                .chain(names)
                .filter(|t| !t.is_empty())
                .collect::<Vec<_>>()
                .join(", ");
            table(data, &namer, (title, &rows, ids.clone()), &of_split)
        })
        .collect();
    (tables, used)
}

/// The metrics `pattern` matches under `binding`, with their bindings,
/// found by the pattern's literal prefix in the sorted metrics.
fn matching<'m>(
    m: &'m MetricSet,
    pattern: &'m Pattern,
    binding: &'m Binding,
) -> impl Iterator<Item = (Binding, &'m Metric)> + 'm {
    let prefix = pattern.prefix();
    let start = m.metrics.partition_point(|x| x.id.as_str() < prefix);
    m.metrics[start..]
        .iter()
        .take_while(move |x| x.id.starts_with(prefix))
        .filter_map(move |x| Some((bind(pattern, &x.id, binding)?, x)))
}

/// `pattern` with the variables `binding` gives written in, the others as
/// `{name}`: `events.pakistan-suicide-bombings.by_year.{year}.{what}`.
fn partly(pattern: &Pattern, binding: &Binding) -> String {
    pattern
        .0
        .iter()
        .map(|part| match part {
            Part::Literal(text) => text.clone(),
            Part::Variable { name, .. } => {
                binding.get(name).cloned().unwrap_or(format!("{{{name}}}"))
            }
            Part::Any => "*".to_string(),
        })
        .collect()
}

/// How a value sorts: periods by date, before anything else by its text.
fn order(value: &str) -> (Option<NaiveDate>, Option<NaiveDate>, String) {
    let period = Period::from_key(value);
    (
        period.map(|p| p.start),
        period.map(|p| p.end),
        value.to_string(),
    )
}

/// One table of cells keyed by (row values, column value).
fn table(
    data: &Dataset,
    namer: &Namer,
    (title, row_vars, ids): (String, &[String], Vec<String>),
    cells: &BTreeMap<(Vec<String>, String), &Metric>,
) -> Table {
    let mut rows: Vec<Vec<String>> = cells.keys().map(|(r, _)| r.clone()).collect();
    rows.sort_by_key(|r| r.iter().map(|v| order(v)).collect::<Vec<_>>());
    rows.dedup();
    let columns = column_order(data, cells);
    let more_rows = rows.len().saturating_sub(TABLE_ROWS);
    let more_columns = columns.len().saturating_sub(TABLE_COLUMNS);
    let columns: Vec<String> = columns.into_iter().take(TABLE_COLUMNS).collect();
    let shown: Vec<&Metric> = rows
        .iter()
        .take(TABLE_ROWS)
        .flat_map(|r| {
            columns
                .iter()
                .filter_map(|c| cells.get(&(r.clone(), c.clone())).copied())
        })
        .collect();
    let table_rows = rows
        .iter()
        .take(TABLE_ROWS)
        .map(|r| TableRow {
            name: namer.row(r),
            cells: columns
                .iter()
                .map(|c| cells.get(&(r.clone(), c.clone())).map(|x| cell(data, x)))
                .collect(),
        })
        .collect();
    let sources: BTreeSet<&str> = shown
        .iter()
        .flat_map(|x| x.sources.iter().map(String::as_str))
        .collect();
    let marks = marks(&shown);
    Table {
        title,
        corner: capitalised(
            &row_vars
                .first()
                .map_or(String::new(), |r| r.replace('_', " ")),
        ),
        columns: columns.iter().map(|c| namer.name(c)).collect(),
        rows: table_rows,
        more_rows,
        more_columns,
        ids,
        more_sources: sources.len().saturating_sub(TABLE_SOURCES),
        sources: sources
            .into_iter()
            .take(TABLE_SOURCES)
            .map(|s| super::cite(data, s))
            .collect(),
        marks,
    }
}

/// Columns in time order when they are periods; else groups as groups.csv
/// ranks them (the total, the categories that partition it, the rest of
/// it, then any other group), and within a rank the fullest first (then
/// the largest total), so a cut keeps the most telling ones.
fn column_order(data: &Dataset, cells: &BTreeMap<(Vec<String>, String), &Metric>) -> Vec<String> {
    let mut stats: BTreeMap<&str, (usize, f64)> = BTreeMap::new();
    for ((_, c), x) in cells {
        let entry = stats.entry(c.as_str()).or_default();
        entry.0 += 1;
        entry.1 += x.value.best.abs();
    }
    let mut columns: Vec<(&str, (usize, f64))> = stats.into_iter().collect();
    let periods = columns.iter().all(|(c, _)| Period::from_key(c).is_some());
    if periods {
        columns.sort_by_key(|(c, _)| order(c));
    } else {
        columns.sort_by(|a, b| {
            rank(data, a.0)
                .cmp(&rank(data, b.0))
                .then(b.1 .0.cmp(&a.1 .0))
                .then(b.1 .1.total_cmp(&a.1 .1))
                .then(a.0.cmp(b.0))
        });
    }
    columns.into_iter().map(|(c, _)| c.to_string()).collect()
}

/// Where a value stands among columns: counts of events first, then the
/// total of all perpetrators (and any value that is no group), the
/// categories that partition it, the remainder, then other groups.
fn rank(data: &Dataset, value: &str) -> u8 {
    if value == ids::REMAINDER {
        return 3;
    }
    match data.groups.terms().get(value).map(|t| t.kind.as_str()) {
        None if structural(value).is_some() => 0,
        None | Some("total") => 1,
        Some("category") => 2,
        Some(_) => 4,
    }
}

/// A cell: the best value in the metric's unit (a change with its sign),
/// and its range when that says more than the value; negative numbers with
/// a true minus, as figures in a table are set.
fn cell(data: &Dataset, x: &Metric) -> TableCell {
    let best = Estimate::exact(x.value.best);
    let value = format::estimate(&best, &x.unit);
    let range = if x.display == value {
        String::new()
    } else {
        minus(&x.display)
    };
    let value = match super::statements::is_change(data, x) {
        true => format::signed(&value, &best),
        false => minus(&value),
    };
    TableCell {
        value,
        range,
        mark: if x.flags.is_empty() {
            String::new()
        } else {
            "†".into()
        },
    }
}

/// `text` with a true minus for each hyphen before a digit ("−16%").
fn minus(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let digit_next = chars.peek().is_some_and(|n| n.is_ascii_digit());
        out.push(if c == '-' && digit_next { '−' } else { c });
    }
    out
}

/// "† sources disagree; partial coverage": the flags of the marked cells.
fn marks(shown: &[&Metric]) -> Vec<String> {
    let flags: BTreeSet<&str> = shown
        .iter()
        .flat_map(|x| x.flags.iter().map(String::as_str))
        .collect();
    if flags.is_empty() {
        return Vec::new();
    }
    let words: Vec<String> = flags.iter().map(|f| f.replace('_', " ")).collect();
    vec![format!("† {}", words.join("; "))]
}

/// Names the values of ids for people.
struct Namer<'a> {
    data: &'a Dataset,
    m: &'a MetricSet,
    resolver: &'a Resolver<'a>,
}

impl Namer<'_> {
    /// A value of an id part by what it is: a structural word of
    /// [`ids`], a measure, group, place, dataset, publisher, period or
    /// incident; else the value with spaces for `_`.
    fn name(&self, value: &str) -> String {
        let data = self.data;
        if let Some(word) = structural(value) {
            return word.to_string();
        }
        if let Some(measure) = data.measures.get(value) {
            return measure.name.clone();
        }
        if data.groups.contains(value) || data.places.contains(value) {
            return self.resolver.name_of(value);
        }
        if self.m.get(&ids::events(value, "total.count")).is_some() {
            return citation::dataset_name(value);
        }
        if let Some(source) = data.sources.values().find(|s| publisher(s).key == value) {
            // A source with no author or publisher is its own publisher.
            return match source.original_author.is_some() || source.publisher.is_some() {
                true => publisher(source).name,
                false => citation::short(data, &source.id),
            };
        }
        let incident = self.m.get(&ids::incident(value, "killed")).is_some()
            || self.m.get(&ids::incident(value, "injured")).is_some();
        if incident || Period::from_key(value).is_some() {
            return capitalised(&self.resolver.name_of(value));
        }
        value.replace('_', " ")
    }

    /// A row's name: its first value named, each further one as the phrase
    /// it adds ("People killed per attack", "Attacks, as a share of the total").
    fn row(&self, values: &[String]) -> String {
        let mut parts = values.iter().filter(|v| !v.is_empty());
        let Some(first) = parts.next() else {
            return "—".to_string();
        };
        let mut name = self.name(first);
        for part in parts {
            match suffix(part) {
                Some(phrase) => name.push_str(&phrase),
                None => {
                    name.push_str(", ");
                    name.push_str(&self.name(part));
                }
            }
        }
        name
    }
}

/// `text` with its first letter in capitals.
pub(super) fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The words of [`ids`] that are no vocabulary's: what people call them.
fn structural(value: &str) -> Option<&'static str> {
    match value {
        ids::REMAINDER => Some("In no named category"),
        ids::ALL_SOURCES => Some("All sources"),
        "count" => Some("Events"),
        "total" => Some("Total"),
        _ => None,
    }
}

/// What a derived figure's suffix (see [`ids`]) adds to the name of the
/// tally it derives from.
fn suffix(word: &str) -> Option<String> {
    let phrase = match word {
        "share" => ", as a share of the total".into(),
        "change" => ", change on the period before".into(),
        "change_pct" => ", change on the period before (%)".into(),
        "implied" => ", implied by a stated change or share".into(),
        per if per.starts_with("per_") => format!(" per {}", &per[4..].replace('_', " ")),
        _ => return None,
    };
    Some(phrase)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tables of the bundled definition's section titled `title`.
    fn tables_of(title: &str) -> Vec<Table> {
        let data = crate::load::testing::bundled();
        let m = crate::compute::compute(&data).unwrap();
        let resolver = Resolver::new(&data, &m);
        let spec = data
            .definition
            .sections
            .iter()
            .find(|s| s.title.get_ref() == title)
            .unwrap();
        let binding = Binding::new();
        // As the section's `exclude` does: counts of incidents by country.
        let keep = |x: &Metric| !x.id.starts_with("incidents.in_");
        spec.pivots
            .iter()
            .flat_map(|p| tables(&data, &m, (p, &binding), &keep, &resolver).0)
            .collect()
    }

    #[test]
    fn incidents_pivot_to_one_row_each_named_not_by_id() {
        let tables = tables_of("Major IS-K attacks");
        let each = &tables[0];
        assert_eq!(each.corner, "Incident");
        assert_eq!(each.columns, ["People killed", "People injured"]);
        let bajaur = each
            .rows
            .iter()
            .find(|r| r.name == "The IS-K suicide bombing in Bajaur on 30 July 2023")
            .unwrap();
        let killed = bajaur.cells[0].as_ref().unwrap();
        assert_eq!(
            (killed.value.as_str(), killed.range.as_str()),
            ("57", "at least 54")
        );
        assert_eq!(killed.mark, "†", "sources disagree");
        assert_eq!(each.ids, ["incidents.{incident}.{what}"]);
        assert!(
            each.sources.iter().all(|c| !c.text.contains("-20")),
            "{:?}",
            each.sources
        );
    }

    #[test]
    fn a_variable_neither_row_nor_column_gives_a_table_per_value() {
        let tables = tables_of("Attacks by perpetrator: PIPS's tallies");
        let titles: Vec<&str> = tables.iter().map(|t| t.title.as_str()).collect();
        assert_eq!(
            titles,
            [
                "PIPS's figures by perpetrator, 2016",
                "PIPS's figures by perpetrator, 2017"
            ]
        );
        let latest = &tables[1];
        assert_eq!(latest.columns[0], "All perpetrators", "the total first");
        assert!(latest
            .rows
            .iter()
            .any(|r| r.name == "People killed per attack"));
        assert!(latest
            .rows
            .iter()
            .any(|r| r.name == "Attacks, as a share of the total"));
    }

    #[test]
    fn negative_numbers_get_a_true_minus_and_hyphens_stay() {
        assert_eq!(minus("-73.1 to -67.9"), "−73.1 to −67.9");
        assert_eq!(minus("no-figure 16"), "no-figure 16");
    }

    #[test]
    fn derived_figures_read_as_phrases() {
        assert_eq!(suffix("per_attack").unwrap(), " per attack");
        assert_eq!(suffix("share").unwrap(), ", as a share of the total");
        assert_eq!(suffix("pips"), None, "not a derived figure: named");
    }

    #[test]
    fn periods_sort_by_date_before_other_values() {
        let mut values = vec!["2017", "2009", "2016-08-01_2017-05-24", "all"];
        values.sort_by_key(|v| order(v));
        assert_eq!(values, vec!["all", "2009", "2016-08-01_2017-05-24", "2017"]);
    }

    #[test]
    fn patterns_keep_the_variables_the_section_does_not_fill() {
        let pattern = parse_pattern("events.{dataset}.by_year.{year}.{what}", 0, true).unwrap();
        let binding = Binding::from([("dataset".to_string(), "psb".to_string())]);
        assert_eq!(
            partly(&pattern, &binding),
            "events.psb.by_year.{year}.{what}"
        );
    }
}
