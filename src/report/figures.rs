//! Which charts the data allows, built from the metrics and named by
//! [`crate::compute::ids::charts`]: each publisher's tallies by perpetrator
//! (`tally-…`) and over consecutive periods (`trend-…`), the pairs of groups
//! the definition compares (`compare-…`), a group's shares by province
//! (`places-…`), group strength, the deadliest incidents, the imported
//! event datasets ([`events`]) and province maps ([`maps`]). The report
//! definition chooses which of them appear where; drawing them is
//! [`super::chart`]'s job. A chart with nothing to show (an early quarter)
//! is not offered.
//!
//! Each chart comes with the words printed around it ([`ChartRef`]): a
//! title that states what it finds, a subtitle with unit and period, its
//! source line, notes, and alternative text with every value it shows, all
//! written from the same metrics it draws.

mod events;
mod maps;

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::Serialize;

use super::chart::{
    BarChart, Chart, Column, Panel, Panels, RangeBar, ShareChart, ShareRow, TimeChart, TimePoint,
};
use super::model::citation::{self, short_source_line, source_line};
use super::placeholders::metric_text;
use crate::compute::ids::{self, change_pct, charts as chart_ids, Cell, ALL_SOURCES};
use crate::compute::names::{self, base_measure, lowercase_first, measure_kind};
use crate::compute::period::Period;
use crate::compute::tallies::{Key, Tallies};
use crate::compute::{Metric, MetricSet};
use crate::date::PartialDate;
use crate::load::records::MeasureKind;
use crate::load::Dataset;

/// A chart as the documents refer to it (`/charts/{id}.svg`), with the
/// words printed around it.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ChartRef {
    pub id: String,
    /// `bars`, `columns`, `panels`, `timeline`, `shares` or `map`.
    pub kind: String,
    /// What the chart finds, as a sentence with its numbers.
    pub title: String,
    /// What is plotted: the measure, its unit, the places and periods.
    pub subtitle: String,
    /// "Source: …", naming every publication the values rest on.
    pub source: String,
    /// The same by author and year ("Sources: PIPS 2018; CSIS 2023."), for
    /// the briefing, which lists the publications in full once.
    pub source_short: String,
    /// How to read what is unusual in it (open bounds, overlapping bars).
    pub notes: String,
    /// Alternative text for readers who cannot see it: the kind of chart,
    /// what it shows, and its values.
    pub alt: String,
}

/// How many values the alternative text lists before counting the rest.
const ALT_VALUES: usize = 16;

/// The note under a chart with an open range.
const OPEN_NOTE: &str = "An arrow marks a figure with no upper bound (“at least”).";

/// The words of a chart, written once its values are known.
struct Words<'a> {
    kind: &'a str,
    title: String,
    subtitle: String,
    notes: Vec<String>,
    /// (label, display) of every value drawn.
    values: Vec<(String, String)>,
    /// The metrics drawn, for the source line.
    metrics: Vec<&'a Metric>,
}

impl Words<'_> {
    /// The chart's reference, with the open-bound note when a value drawn
    /// has no upper bound.
    fn into_ref(mut self, data: &Dataset, chart: &Chart) -> ChartRef {
        // A map writes "≥ 36" in its labels; the other kinds draw arrows.
        let arrows = chart.kind() != "map";
        if arrows && self.metrics.iter().any(|m| m.value.high.is_none()) {
            self.notes.push(OPEN_NOTE.to_string());
        }
        let sources = || {
            self.metrics
                .iter()
                .flat_map(|m| m.sources.iter().map(String::as_str))
        };
        ChartRef {
            id: chart.id().to_string(),
            kind: chart.kind().to_string(),
            alt: alt_text(self.kind, &self.subtitle, &self.values),
            title: self.title,
            subtitle: self.subtitle,
            source: source_line(data, sources()),
            source_short: short_source_line(data, sources()),
            notes: self.notes.join(" "),
        }
    }
}

/// "Horizontal bar chart. {subtitle}. TTP: 215; IS-K: 19; … and 4 more."
fn alt_text(kind: &str, subtitle: &str, values: &[(String, String)]) -> String {
    let listed: Vec<String> = values
        .iter()
        .take(ALT_VALUES)
        .map(|(label, display)| format!("{label}: {display}"))
        .collect();
    let more = match values.len().saturating_sub(ALT_VALUES) {
        0 => String::new(),
        n => format!("; and {n} more values, given in the tables"),
    };
    format!("{kind}. {subtitle}. {}{more}.", listed.join("; "))
}

/// Every chart the data allows, with its words, in a stable order.
pub fn catalogue(data: &Dataset, m: &MetricSet) -> Vec<(Chart, ChartRef)> {
    let tallies = Tallies::new(data);
    let mut all = Vec::new();
    all.extend(tally_charts(data, m, &tallies));
    all.extend(trend_charts(data, m, &tallies));
    all.extend(compare_charts(data, m, &tallies));
    all.extend(place_charts(data, m, &tallies));
    all.extend(strength(data, m));
    all.extend(incidents(data, m));
    for dataset in crate::compute::trends::datasets(m) {
        all.extend(events::years(data, m, &dataset));
        all.extend(events::provinces(data, m, &dataset));
    }
    all.extend(maps::all(data, m));
    all
}

/// A publisher as charts name it: its short name, or the citation of the
/// source that is its own publisher (an unattributed article).
fn publisher_name(data: &Dataset, tallies: &Tallies, key: &str) -> String {
    let name = tallies.publishers.get(key).map_or(key, String::as_str);
    match data.sources.contains_key(name) {
        true => citation::short(data, name),
        false => name.to_string(),
    }
}

fn bar(m: &Metric, label: &str, series: Option<String>) -> RangeBar {
    RangeBar {
        label: label.to_string(),
        series,
        value: m.value,
        heading: None,
    }
}

/// The (publisher, place, measure) groups of tallies one chart shows: an
/// events measure with the measures that are part of it (claimed attacks
/// with attacks), or a casualty measure.
fn chart_groups<'t>(
    data: &Dataset,
    tallies: &'t Tallies,
) -> BTreeMap<(String, String, String), Vec<&'t Key>> {
    let mut groups: BTreeMap<(String, String, String), Vec<&Key>> = BTreeMap::new();
    for key in tallies.rows.keys() {
        let measure = match measure_kind(data, &key.measure) {
            Some(MeasureKind::Events) => base_measure(data, &key.measure),
            Some(MeasureKind::Casualties) => key.measure.as_str(),
            _ => continue,
        };
        let at = (
            key.cell.publisher.clone(),
            key.cell.place.clone(),
            measure.to_string(),
        );
        groups.entry(at).or_default().push(key);
    }
    groups
}

/// What a bar of a tally chart is called: the perpetrator, and the measure
/// where it is part of the chart's ("IS (attacks claimed)").
fn bar_label(data: &Dataset, key: &Key, measure: &str) -> String {
    let who = names::term_name(&data.groups, &key.who);
    if key.measure == measure {
        who
    } else {
        format!(
            "{who} ({})",
            lowercase_first(&names::measure(data, &key.measure))
        )
    }
}

/// A tally's bar with the metric it draws, its period and whether it is
/// one of the categories that partition the total.
struct TallyBar<'m> {
    label: String,
    period: String,
    metric: &'m Metric,
    part: bool,
}

/// The heading over the bars that do not partition the total.
const ACROSS: &str = "Counted apart: overlapping the categories above";

/// A publisher's figures of one measure in one place by perpetrator (the
/// total left out, the remainder in), grouped by period when several;
/// the categories that partition the total first, largest first.
fn tally_charts(data: &Dataset, m: &MetricSet, tallies: &Tallies) -> Vec<(Chart, ChartRef)> {
    let total = names::total_group(data);
    let mut out = Vec::new();
    for ((publisher, place, measure), keys) in chart_groups(data, tallies) {
        let periods = latest_periods(&keys, tallies);
        let Some(latest) = periods.iter().max_by_key(|p| tallies.periods[**p]).copied() else {
            continue;
        };
        let mut bars: Vec<TallyBar> = keys
            .iter()
            .filter(|k| periods.contains(k.cell.period.as_str()))
            .filter(|k| Some(k.who.as_str()) != total)
            .filter_map(|k| {
                Some(TallyBar {
                    label: bar_label(data, k, &measure),
                    period: k.cell.period.clone(),
                    metric: m.get(&k.id())?,
                    part: k.measure == measure && names::is_category(data, &k.who),
                })
            })
            .collect();
        for period in &periods {
            let cell = Cell {
                publisher: publisher.clone(),
                place: place.clone(),
                period: period.to_string(),
            };
            if let Some(rest) = m.get(&cell.tally(&measure, ids::REMAINDER)) {
                let label = "In no named category".to_string();
                bars.push(TallyBar {
                    label,
                    period: period.to_string(),
                    metric: rest,
                    part: true,
                });
            }
        }
        if bars.len() < 2 {
            continue;
        }
        let latest_values: BTreeMap<String, f64> = bars
            .iter()
            .filter(|b| b.period == latest)
            .map(|b| (b.label.clone(), b.metric.value.best))
            .collect();
        let latest_of = |label: &str| latest_values.get(label).copied().unwrap_or(f64::MIN);
        bars.sort_by(|a, b| {
            b.part
                .cmp(&a.part)
                .then(latest_of(&b.label).total_cmp(&latest_of(&a.label)))
                .then(a.label.cmp(&b.label))
                .then(tallies.periods[&a.period].cmp(&tallies.periods[&b.period]))
        });
        let cell = Cell {
            publisher: publisher.clone(),
            place: place.clone(),
            period: latest.to_string(),
        };
        let context = TallyContext {
            data,
            tallies,
            measure: &measure,
            cell: &cell,
            periods: &periods,
        };
        out.push(tally_chart(m, &context, &bars, total));
    }
    out
}

/// How many periods a tally chart compares: the latest and the one before.
/// Longer series are the trend charts' (`trend-…`); a tally of twenty years
/// side by side is bars no one can read.
const TALLY_PERIODS: usize = 2;

/// The [`TALLY_PERIODS`] latest periods of a tally's figures.
fn latest_periods<'k>(keys: &[&'k Key], tallies: &Tallies) -> BTreeSet<&'k str> {
    let mut periods: Vec<&str> = keys.iter().map(|k| k.cell.period.as_str()).collect();
    periods.sort_by_key(|p| tallies.periods[*p]);
    periods.dedup();
    let skip = periods.len().saturating_sub(TALLY_PERIODS);
    periods.into_iter().skip(skip).collect()
}

/// What a tally chart is about: its measure, latest cell and periods.
struct TallyContext<'a> {
    data: &'a Dataset,
    tallies: &'a Tallies<'a>,
    measure: &'a str,
    cell: &'a Cell,
    periods: &'a BTreeSet<&'a str>,
}

fn tally_chart(
    m: &MetricSet,
    c: &TallyContext,
    bars: &[TallyBar],
    total: Option<&str>,
) -> (Chart, ChartRef) {
    let several = c.periods.len() > 1;
    let period_label = |p: &str| c.tallies.periods[p].label();
    let drawn: Vec<RangeBar> = bars
        .iter()
        .map(|b| RangeBar {
            heading: (!b.part).then(|| ACROSS.to_string()),
            ..bar(b.metric, &b.label, several.then(|| period_label(&b.period)))
        })
        .collect();
    let what = names::measure(c.data, c.measure);
    let place = names::place(c.data, &c.cell.place);
    let who = publisher_name(c.data, c.tallies, &c.cell.publisher);
    let latest: Vec<&TallyBar> = bars.iter().filter(|b| b.period == c.cell.period).collect();
    let words_of = |p: &str| c.tallies.periods[p].words();
    let total_metric = total.and_then(|t| m.get(&c.cell.tally(c.measure, t)));
    let title = tally_title(c, &latest, total_metric);
    let periods: Vec<String> = c.periods.iter().map(|p| words_of(p)).collect();
    let unit = &c.data.measures[c.measure].unit;
    let subtitle = format!(
        "{what} in {place} by perpetrator, {}, as {who} counts them (number of {unit})",
        periods.join(" and ")
    );
    let mut notes = Vec::new();
    if bars.iter().any(|b| !b.part) {
        notes.push(format!("{}.", overlap_note(bars)));
    }
    let id = chart_ids::tally(&c.cell.publisher, &c.cell.place, c.measure);
    let chart = Chart::Bars(BarChart {
        id,
        title: title.clone(),
        unit: unit.clone(),
        bars: drawn,
        log_scale: false,
    });
    let values = bars
        .iter()
        .map(|b| {
            let label = if several {
                format!("{}, {}", b.label, words_of(&b.period))
            } else {
                b.label.clone()
            };
            (label, b.metric.display.clone())
        })
        .collect();
    let words = Words {
        kind: "Horizontal bar chart",
        title,
        subtitle,
        notes,
        values,
        metrics: bars.iter().map(|b| b.metric).collect(),
    };
    let r = words.into_ref(c.data, &chart);
    (chart, r)
}

/// "TTP and associated groups carried out 215 of the 370 attacks in
/// Pakistan in 2017", or for a measure with no total "Nationalist insurgent
/// groups: 223 people killed in Pakistan in 2017, the highest figure PIPS
/// gives".
fn tally_title(c: &TallyContext, latest: &[&TallyBar], total: Option<&Metric>) -> String {
    let what = names::measure(c.data, c.measure);
    let place = names::place(c.data, &c.cell.place);
    let when = c.tallies.periods[&c.cell.period].words();
    let largest = |parts: bool| {
        latest
            .iter()
            .filter(|b| !parts || b.part)
            .max_by(|a, b| a.metric.value.best.total_cmp(&b.metric.value.best))
    };
    let events = measure_kind(c.data, c.measure) == Some(MeasureKind::Events);
    match (events, total, largest(true)) {
        (true, Some(total), Some(top)) => format!(
            "{} carried out {} of the {} {} in {place} in {when}",
            top.label,
            top.metric.display,
            total.display,
            lowercase_first(&what)
        ),
        _ => match largest(false) {
            Some(top) => format!(
                "{}: {} {} in {place} in {when}, the highest figure {} gives",
                top.label,
                top.metric.display,
                lowercase_first(&what),
                publisher_name(c.data, c.tallies, &c.cell.publisher)
            ),
            None => format!("{what} in {place} by perpetrator, {when}"),
        },
    }
}

/// What a reader must know of bars that overlap: categories that cut
/// across the others, and measures that are part of another.
fn overlap_note(bars: &[TallyBar]) -> String {
    let apart: BTreeSet<&str> = bars
        .iter()
        .filter(|b| !b.part)
        .map(|b| b.label.as_str())
        .collect();
    let apart: Vec<&str> = apart.into_iter().collect();
    format!(
        "{} {} counted apart from the categories that make up the total, and overlap them",
        apart.join(" and "),
        if apart.len() == 1 { "is" } else { "are" }
    )
}

/// A publisher's figures of one measure over consecutive periods, one line
/// per perpetrator (small multiples beyond four), where it counts at least
/// two periods of one kind.
fn trend_charts(data: &Dataset, m: &MetricSet, tallies: &Tallies) -> Vec<(Chart, ChartRef)> {
    let mut out = Vec::new();
    let total = names::total_group(data);
    for ((publisher, place, measure), keys) in chart_groups(data, tallies) {
        let keys: Vec<&&Key> = keys.iter().filter(|k| k.measure == measure).collect();
        let calendar: BTreeSet<Period> = keys
            .iter()
            .map(|k| tallies.periods[&k.cell.period])
            .filter(|p| p.previous().is_some())
            .collect();
        if calendar.len() < 2 {
            continue;
        }
        let mut series: BTreeMap<String, Vec<(Period, &Metric)>> = BTreeMap::new();
        for k in keys
            .iter()
            .filter(|k| calendar.contains(&tallies.periods[&k.cell.period]))
        {
            if let Some(metric) = m.get(&k.id()) {
                let name = names::term_name(&data.groups, &k.who);
                series
                    .entry(name)
                    .or_default()
                    .push((tallies.periods[&k.cell.period], metric));
            }
        }
        let latest = *calendar.iter().next_back().expect("two periods");
        let cell = Cell {
            publisher: publisher.clone(),
            place: place.clone(),
            period: latest.key(),
        };
        let change = total.and_then(|t| m.get(&change_pct(&cell.tally(&measure, t))));
        let what = names::measure(data, &measure);
        let place_name = names::place(data, &place);
        let first = calendar.iter().next().expect("two periods");
        let title = match change {
            Some(c) => format!(
                "{what} in {place_name} {} from {} to {}",
                metric_text(c, Some("trend")),
                latest.previous().map_or(first.words(), |p| p.words()),
                latest.words()
            ),
            None => format!(
                "{what} in {place_name} by perpetrator, {} to {}",
                first.words(),
                latest.words()
            ),
        };
        let unit = data.measures[&measure].unit.clone();
        let subtitle = format!(
            "{what} in {place_name} by perpetrator in each period {} counts (number of {unit})",
            publisher_name(data, tallies, &publisher)
        );
        let id = chart_ids::trend(&publisher, &place, &measure);
        out.push(trend_chart(data, (id, title, subtitle, unit), &series));
    }
    out
}

/// The trend chart itself: lines with direct labels for up to four
/// series, small multiples of columns beyond.
fn trend_chart(
    data: &Dataset,
    (id, title, subtitle, unit): (String, String, String, String),
    series: &BTreeMap<String, Vec<(Period, &Metric)>>,
) -> (Chart, ChartRef) {
    let chart = if series.len() > 4 {
        let panels = series
            .iter()
            .map(|(name, points)| Panel {
                name: name.clone(),
                columns: points
                    .iter()
                    .map(|(p, x)| Column {
                        label: p.label(),
                        value: x.value,
                    })
                    .collect(),
            })
            .collect();
        Chart::Panels(Panels {
            id,
            title: title.clone(),
            unit,
            panels,
        })
    } else {
        let points = series
            .iter()
            .flat_map(|(name, points)| {
                points.iter().map(move |(p, x)| TimePoint {
                    date: middle(*p),
                    series: name.clone(),
                    label: String::new(),
                    value: x.value,
                })
            })
            .collect();
        Chart::Timeline(TimeChart {
            id,
            title: title.clone(),
            unit,
            points,
            log_scale: false,
            connect: true,
        })
    };
    let values = series
        .iter()
        .flat_map(|(name, points)| {
            points
                .iter()
                .map(move |(p, x)| (format!("{name}, {}", p.words()), x.display.clone()))
        })
        .collect();
    let metrics = series.values().flatten().map(|(_, x)| *x).collect();
    let kind = if series.len() > 4 {
        "Small multiples of column charts"
    } else {
        "Line chart with ranges"
    };
    let words = Words {
        kind,
        title,
        subtitle,
        notes: Vec::new(),
        values,
        metrics,
    };
    let r = words.into_ref(data, &chart);
    (chart, r)
}

/// The middle day of a period, where a timeline places it.
fn middle(period: Period) -> NaiveDate {
    let days = (period.end - period.start).num_days();
    period.start + chrono::Duration::days(days / 2)
}

/// Each pair the definition compares: both groups' figures over every
/// publisher, by period, with the ratio of the latest in the title.
fn compare_charts(data: &Dataset, m: &MetricSet, tallies: &Tallies) -> Vec<(Chart, ChartRef)> {
    let mut out = Vec::new();
    for comparison in &data.definition.compare {
        let [a, b] = comparison.groups.get_ref();
        let measure = comparison.measure.get_ref();
        let mut pairs: Vec<(Cell, Period, [&Metric; 2])> = Vec::new();
        for (key, period) in tallies.periods.iter() {
            for place in places_of(tallies, measure, [a, b]) {
                let cell = Cell {
                    publisher: ALL_SOURCES.into(),
                    place,
                    period: key.clone(),
                };
                // Only the periods where both groups are counted compare them.
                if let (Some(x), Some(y)) = (
                    m.get(&cell.tally(measure, a)),
                    m.get(&cell.tally(measure, b)),
                ) {
                    pairs.push((cell, *period, [x, y]));
                }
            }
        }
        pairs.sort_by_key(|(_, p, _)| *p);
        let Some((cell, period, [x, y])) = pairs.last() else {
            continue;
        };
        let names = [a, b].map(|g| names::term_name(&data.groups, g));
        let several = pairs.len() > 1;
        let bars: Vec<RangeBar> = pairs
            .iter()
            .flat_map(|(_, p, metrics)| {
                let series = several.then(|| p.label());
                names
                    .iter()
                    .zip(metrics)
                    .map(move |(n, x)| bar(x, n, series.clone()))
            })
            .collect();
        let what = names::measure(data, measure);
        let place = names::place(data, &cell.place);
        let ratio = m
            .get(&cell.pair_ratio(measure, a, b))
            .map_or(String::new(), |r| format!(", or {} to one", r.display));
        let title = format!(
            "{what} in {place} in {}: {} {}, {} {}{ratio}",
            period.words(),
            names[0],
            x.display,
            names[1],
            y.display
        );
        let unit = data.measures[measure].unit.clone();
        let subtitle = format!(
            "{what} by {} and {} in {place} in each period both are counted, reconciled across the sources that give them (number of {unit})",
            names[0], names[1]
        );
        let id = chart_ids::compare(a, b, measure);
        let chart = Chart::Bars(BarChart {
            id,
            title: title.clone(),
            unit,
            bars,
            log_scale: false,
        });
        let values = pairs
            .iter()
            .flat_map(|(_, p, metrics)| {
                names
                    .iter()
                    .zip(metrics)
                    .map(move |(n, x)| (format!("{n}, {}", p.words()), x.display.clone()))
            })
            .collect();
        let metrics = pairs
            .iter()
            .flat_map(|(_, _, ms)| ms.iter().copied())
            .collect();
        let words = Words {
            kind: "Horizontal bar chart",
            title,
            subtitle,
            notes: Vec::new(),
            values,
            metrics,
        };
        let r = words.into_ref(data, &chart);
        out.push((chart, r));
    }
    out
}

/// The places where both groups of a pair are counted.
fn places_of(tallies: &Tallies, measure: &str, groups: [&String; 2]) -> BTreeSet<String> {
    tallies
        .rows
        .keys()
        .filter(|k| k.measure == measure && groups.contains(&&k.who))
        .map(|k| k.cell.place.clone())
        .collect()
}

/// A province's share of a group's figures in its country, by period and
/// publisher: one 100% bar per (period, publisher), the rest of the
/// country in grey.
fn place_charts(data: &Dataset, m: &MetricSet, tallies: &Tallies) -> Vec<(Chart, ChartRef)> {
    type Rows<'m> = BTreeMap<(Period, String), Vec<(String, &'m Metric)>>;
    let mut by_group: BTreeMap<(String, String), Rows> = BTreeMap::new();
    for key in tallies
        .rows
        .keys()
        .filter(|k| !names::is_country(data, &k.cell.place))
    {
        let Some(share) = m.get(&ids::share(&key.id())) else {
            continue;
        };
        let period = tallies.periods[&key.cell.period];
        let who = publisher_name(data, tallies, &key.cell.publisher);
        by_group
            .entry((key.who.clone(), key.measure.clone()))
            .or_default()
            .entry((period, who))
            .or_default()
            .push((key.cell.place.clone(), share));
    }
    by_group
        .into_iter()
        .map(|((who, measure), rows)| place_chart(data, (&who, &measure), &rows))
        .collect()
}

fn place_chart(
    data: &Dataset,
    (who, measure): (&str, &str),
    rows: &BTreeMap<(Period, String), Vec<(String, &Metric)>>,
) -> (Chart, ChartRef) {
    let name = names::term_name(&data.groups, who);
    let what = lowercase_first(&names::measure(data, measure));
    let country_of = |place: &str| {
        names::country_of(data, place).map_or("its country".to_string(), |c| names::place(data, c))
    };
    let share_rows: Vec<ShareRow> = rows
        .iter()
        .map(|((period, publisher), parts)| ShareRow {
            label: format!("{} ({publisher})", period.words()),
            parts: parts
                .iter()
                .map(|(p, x)| (names::place(data, p), x.value))
                .collect(),
            rest: format!(
                "rest of {}",
                parts.first().map_or(String::new(), |(p, _)| country_of(p))
            ),
        })
        .collect();
    let latest = rows.iter().next_back();
    let title = match latest.and_then(|((period, _), parts)| {
        Some((
            period,
            parts
                .iter()
                .max_by(|a, b| a.1.value.best.total_cmp(&b.1.value.best))?,
        ))
    }) {
        Some((period, (place, share))) => format!(
            "{} had {} of {name}’s {what} in {} from {}",
            names::place(data, place),
            share.display,
            country_of(place),
            period.words()
        ),
        None => format!("{name}: {what} by province"),
    };
    let subtitle = format!(
        "Each province’s share of {name}’s {what} in its country, by period and source (percent)"
    );
    let id = chart_ids::places(who, measure);
    let chart = Chart::Shares(ShareChart {
        id,
        title: title.clone(),
        rows: share_rows,
    });
    let values = rows
        .iter()
        .flat_map(|((period, publisher), parts)| {
            parts.iter().map(move |(p, x)| {
                (
                    format!(
                        "{}, {} ({publisher})",
                        names::place(data, p),
                        period.words()
                    ),
                    x.display.clone(),
                )
            })
        })
        .collect();
    let metrics = rows.values().flatten().map(|(_, x)| *x).collect();
    let words = Words {
        kind: "Stacked 100% bar chart",
        title,
        subtitle,
        notes: Vec::new(),
        values,
        metrics,
    };
    let r = words.into_ref(data, &chart);
    (chart, r)
}

/// Strength estimates as a dot plot on a log scale, largest first: they
/// span three orders of magnitude and count different things.
fn strength(data: &Dataset, m: &MetricSet) -> Option<(Chart, ChartRef)> {
    let mut estimates: Vec<(String, &Metric)> = m
        .metrics
        .iter()
        .filter(|x| x.id.starts_with("strength.") && x.unit == "fighters")
        .map(|x| (strength_label(x), x))
        .collect();
    if estimates.is_empty() {
        return None;
    }
    estimates.sort_by(|a, b| {
        b.1.value
            .best
            .total_cmp(&a.1.value.best)
            .then(a.0.cmp(&b.0))
    });
    let bars = estimates
        .iter()
        .map(|(label, x)| bar(x, label, None))
        .collect();
    let (top, bottom) = (estimates.first()?, estimates.last()?);
    let title = format!(
        "Estimates of group strength run from {} ({}) to {} ({})",
        bottom.1.display, bottom.0, top.1.display, top.0
    );
    let subtitle =
        "Estimated strength of each group by place and date (fighters, log scale)".to_string();
    let id = chart_ids::STRENGTH.to_string();
    let chart = Chart::Bars(BarChart {
        id,
        title: title.clone(),
        unit: "fighters".into(),
        bars,
        log_scale: true,
    });
    let counted: BTreeSet<&str> = data.strength.iter().map(|s| s.counted.as_str()).collect();
    let notes = match counted.len() {
        0 | 1 => Vec::new(),
        _ => vec![format!(
            "The estimates count different things ({}): compare them with care.",
            counted.into_iter().collect::<Vec<_>>().join("; ")
        )],
    };
    let values = estimates
        .iter()
        .map(|(l, x)| (l.clone(), x.display.clone()))
        .collect();
    let metrics = estimates.iter().map(|(_, x)| *x).collect();
    let words = Words {
        kind: "Dot plot with ranges",
        title,
        subtitle,
        notes,
        values,
        metrics,
    };
    let r = words.into_ref(data, &chart);
    Some((chart, r))
}

/// "TTP in Pakistan, August 2023", from a strength label ("Strength of TTP
/// in Pakistan, 2023-08") and its period.
fn strength_label(x: &Metric) -> String {
    let series = x
        .label
        .trim_start_matches("Strength of ")
        .rsplit_once(", ")
        .map_or(x.label.as_str(), |(s, _)| s);
    let when = Period::from_key(&x.period).map_or(x.period.clone(), |p| p.words());
    format!("{series}, {when}")
}

/// How many incidents the incidents chart shows (the deadliest).
const CHARTED_INCIDENTS: usize = 40;

/// The deadliest incidents over time, each with its range, named by place.
fn incidents(data: &Dataset, m: &MetricSet) -> Option<(Chart, ChartRef)> {
    let mut shown: Vec<(NaiveDate, String, &Metric)> = m
        .metrics
        .iter()
        .filter(|x| ids::incident_of(&x.id).is_some() && x.id.ends_with(".killed"))
        .filter(|x| !x.display.starts_with("no figure"))
        .filter_map(|x| {
            let date = PartialDate::parse(&x.period)?.start();
            // Labels read "People killed in the … attack in Bajaur, 2023-07-30".
            let place = x
                .label
                .rsplit_once(", ")
                .and_then(|(head, _)| head.rsplit(" in ").next())
                .unwrap_or("");
            Some((date, place.to_string(), x))
        })
        .collect();
    shown.sort_by(|a, b| {
        b.2.value
            .best
            .total_cmp(&a.2.value.best)
            .then(a.0.cmp(&b.0))
    });
    shown.truncate(CHARTED_INCIDENTS);
    let (deadliest_date, deadliest_place, deadliest) = shown.first().cloned()?;
    shown.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
    let points = shown
        .iter()
        .map(|(date, place, x)| TimePoint {
            date: *date,
            series: "killed".into(),
            label: place.clone(),
            value: x.value,
        })
        .collect();
    let when = Period::from_key(&deadliest_date.to_string()).map_or(String::new(), |p| p.words());
    let title = format!(
        "The deadliest attack in the data killed {}: {deadliest_place}, {when}",
        deadliest.display
    );
    let subtitle = "People killed in each of the deadliest attacks in the data, by date, reconciled across the sources that report them".to_string();
    let id = chart_ids::INCIDENTS.to_string();
    let chart = Chart::Timeline(TimeChart {
        id,
        title: title.clone(),
        unit: "people killed".into(),
        points,
        log_scale: false,
        connect: false,
    });
    let values = shown
        .iter()
        .map(|(date, place, x)| (format!("{place}, {date}"), x.display.clone()))
        .collect();
    let metrics = shown.iter().map(|(_, _, x)| *x).collect();
    let words = Words {
        kind: "Timeline of dated ranges",
        title,
        subtitle,
        notes: Vec::new(),
        values,
        metrics,
    };
    let r = words.into_ref(data, &chart);
    Some((chart, r))
}
