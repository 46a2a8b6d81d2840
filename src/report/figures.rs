//! Which charts the data allows, built from the metrics and named by
//! [`crate::compute::ids::charts`]: each publisher's tallies by perpetrator
//! (`tally-…`) and over consecutive periods (`trend-…`), the pairs of groups
//! the definition compares (`compare-…`), a group's figures by province
//! (`places-…`), group strength over time, the deadliest incidents, and the
//! imported event datasets. The report definition chooses which of them
//! appear where; drawing them is [`super::chart`]'s job. A chart with
//! nothing to show (an early quarter) is not offered.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::Serialize;

use super::chart::{BarChart, Chart, RangeBar, TimeChart, TimePoint};
use crate::compute::ids::{self, charts as chart_ids, Cell, ALL_SOURCES};
use crate::compute::names::{self, base_measure, measure_kind};
use crate::compute::period::Period;
use crate::compute::tallies::{Key, Tallies};
use crate::compute::{Metric, MetricSet};
use crate::date::PartialDate;
use crate::load::records::MeasureKind;
use crate::load::Dataset;

/// A chart as the report refers to it: `/charts/{id}.svg` and its caption.
#[derive(Debug, Clone, Serialize)]
pub struct ChartRef {
    pub id: String,
    pub caption: String,
}

/// Every chart the data allows, with its caption, in a stable order.
pub fn catalogue(data: &Dataset, m: &MetricSet) -> Vec<(Chart, ChartRef)> {
    let tallies = Tallies::new(data);
    let mut all = Vec::new();
    all.extend(tally_charts(data, m, &tallies));
    all.extend(trend_charts(data, m, &tallies));
    all.extend(compare_charts(data, m, &tallies));
    all.extend(place_charts(data, m, &tallies));
    all.extend(strength(m));
    all.extend(incidents(m));
    for dataset in crate::compute::trends::datasets(m) {
        all.extend(event_years(m, &dataset));
        all.extend(event_provinces(m, &dataset));
    }
    all
}

fn bar(m: &Metric, label: &str, series: Option<String>) -> RangeBar {
    RangeBar {
        label: label.to_string(),
        series,
        value: m.value,
    }
}

fn caption(id: &str, text: String) -> ChartRef {
    ChartRef {
        id: id.to_string(),
        caption: text,
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
            names::lowercase_first(&names::measure(data, &key.measure))
        )
    }
}

/// A publisher's figures of one measure in one place by perpetrator (the
/// total left out, the remainder in), grouped by period when several.
fn tally_charts(data: &Dataset, m: &MetricSet, tallies: &Tallies) -> Vec<(Chart, ChartRef)> {
    let total = names::total_group(data);
    let mut out = Vec::new();
    for ((publisher, place, measure), keys) in chart_groups(data, tallies) {
        let periods: BTreeSet<&str> = keys.iter().map(|k| k.cell.period.as_str()).collect();
        let series = |k: &Key| (periods.len() > 1).then(|| tallies.periods[&k.cell.period].label());
        let mut bars: Vec<RangeBar> = keys
            .iter()
            .filter(|k| Some(k.who.as_str()) != total)
            .filter_map(|k| {
                Some(bar(
                    m.get(&k.id())?,
                    &bar_label(data, k, &measure),
                    series(k),
                ))
            })
            .collect();
        for period in &periods {
            let cell = Cell {
                publisher: publisher.clone(),
                place: place.clone(),
                period: period.to_string(),
            };
            if let Some(rest) = m.get(&cell.tally(&measure, ids::REMAINDER)) {
                let series = (periods.len() > 1).then(|| tallies.periods[*period].label());
                bars.push(bar(rest, "In no named category", series));
            }
        }
        if bars.len() < 2 {
            continue;
        }
        let id = chart_ids::tally(&publisher, &place, &measure);
        let what = names::measure(data, &measure);
        let (who_name, place_name) = (&tallies.publishers[&publisher], names::place(data, &place));
        let title = format!("{what} in {place_name} by perpetrator ({who_name})");
        let chart = BarChart {
            id: id.clone(),
            title,
            y_label: data.measures[&measure].unit.clone(),
            bars,
        };
        let text = format!(
            "{what} in {place_name} by perpetrator, as {who_name} counts them, {}. {}",
            periods_words(tallies, &periods),
            overlap_note(data, &keys)
        );
        out.push((Chart::Bars(chart), caption(&id, text.trim().to_string())));
    }
    out
}

fn periods_words(tallies: &Tallies, periods: &BTreeSet<&str>) -> String {
    let words: Vec<String> = periods
        .iter()
        .map(|p| tallies.periods[*p].words())
        .collect();
    words.join(", ")
}

/// What a reader must know of bars that overlap: categories that cut
/// across the others, and measures that are part of another.
fn overlap_note(data: &Dataset, keys: &[&Key]) -> String {
    let cutting: BTreeSet<String> = keys
        .iter()
        .filter(|k| {
            data.groups
                .terms()
                .get(&k.who)
                .is_some_and(|t| t.kind == "cross-cutting")
        })
        .map(|k| names::term_name(&data.groups, &k.who))
        .collect();
    let parts = keys
        .iter()
        .any(|k| base_measure(data, &k.measure) != k.measure);
    let mut notes = Vec::new();
    if !cutting.is_empty() {
        notes.push(format!(
            "{} cut across the other categories.",
            cutting.into_iter().collect::<Vec<_>>().join(" and ")
        ));
    }
    if parts {
        notes.push("Bars in brackets count part of another category's attacks.".to_string());
    }
    notes.join(" ")
}

/// A publisher's figures of one measure over consecutive periods, one line
/// per perpetrator, where it counts at least two periods of one kind.
fn trend_charts(data: &Dataset, m: &MetricSet, tallies: &Tallies) -> Vec<(Chart, ChartRef)> {
    let mut out = Vec::new();
    for ((publisher, place, measure), keys) in chart_groups(data, tallies) {
        let series_keys: Vec<&&Key> = keys.iter().filter(|k| k.measure == measure).collect();
        let calendar: BTreeSet<Period> = series_keys
            .iter()
            .map(|k| tallies.periods[&k.cell.period])
            .filter(|p| p.previous().is_some())
            .collect();
        if calendar.len() < 2 {
            continue;
        }
        let points: Vec<TimePoint> = series_keys
            .iter()
            .filter(|k| calendar.contains(&tallies.periods[&k.cell.period]))
            .filter_map(|k| {
                let metric = m.get(&k.id())?;
                let period = tallies.periods[&k.cell.period];
                Some(TimePoint {
                    date: middle(period),
                    series: names::term_name(&data.groups, &k.who),
                    label: String::new(),
                    value: metric.value,
                })
            })
            .collect();
        let id = chart_ids::trend(&publisher, &place, &measure);
        let what = names::measure(data, &measure);
        let (who_name, place_name) = (&tallies.publishers[&publisher], names::place(data, &place));
        let title = format!("{what} in {place_name} per period ({who_name})");
        let chart = TimeChart {
            id: id.clone(),
            title,
            y_label: data.measures[&measure].unit.clone(),
            points,
            log_scale: false,
        };
        let text = format!(
            "{what} in {place_name} by perpetrator in each period {who_name} counts, with ranges."
        );
        out.push((Chart::Timeline(chart), caption(&id, text)));
    }
    out
}

/// The middle day of a period, where a timeline places it.
fn middle(period: Period) -> NaiveDate {
    let days = (period.end - period.start).num_days();
    period.start + chrono::Duration::days(days / 2)
}

/// Each pair the definition compares: both groups' figures over every
/// publisher, by period.
fn compare_charts(data: &Dataset, m: &MetricSet, tallies: &Tallies) -> Vec<(Chart, ChartRef)> {
    let mut out = Vec::new();
    for comparison in &data.definition.compare {
        let [a, b] = comparison.groups.get_ref();
        let measure = comparison.measure.get_ref();
        let mut bars = Vec::new();
        for (key, period) in tallies.periods.iter() {
            for place in places_of(tallies, measure, [a, b]) {
                let cell = Cell {
                    publisher: ALL_SOURCES.into(),
                    place,
                    period: key.clone(),
                };
                let pair = [a, b].map(|who| m.get(&cell.tally(measure, who)).map(|x| (who, x)));
                // Only the periods where both groups are counted compare them.
                let [Some(first), Some(second)] = pair else {
                    continue;
                };
                for (who, metric) in [first, second] {
                    bars.push(bar(
                        metric,
                        &names::term_name(&data.groups, who),
                        Some(period.label()),
                    ));
                }
            }
        }
        if bars.is_empty() {
            continue;
        }
        let id = chart_ids::compare(a, b, measure);
        let (name_a, name_b) = (
            names::term_name(&data.groups, a),
            names::term_name(&data.groups, b),
        );
        let what = names::measure(data, measure);
        let title = format!("{what}: {name_a} against {name_b}");
        let chart = BarChart {
            id: id.clone(),
            title,
            y_label: data.measures[measure].unit.clone(),
            bars,
        };
        let text = format!("{what} by {name_a} and {name_b} in each period, reconciled across the sources that give them.");
        out.push((Chart::Bars(chart), caption(&id, text)));
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

/// A group's figures in each province as shares of its country's, per
/// period and publisher.
fn place_charts(data: &Dataset, m: &MetricSet, tallies: &Tallies) -> Vec<(Chart, ChartRef)> {
    let mut by_group: BTreeMap<(String, String), Vec<RangeBar>> = BTreeMap::new();
    for key in tallies
        .rows
        .keys()
        .filter(|k| !names::is_country(data, &k.cell.place))
    {
        let Some(share) = m.get(&ids::share(&key.id())) else {
            continue;
        };
        let period = tallies.periods[&key.cell.period].words();
        let series = format!("{period} ({})", tallies.publishers[&key.cell.publisher]);
        let label = names::place(data, &key.cell.place);
        by_group
            .entry((key.who.clone(), key.measure.clone()))
            .or_default()
            .push(bar(share, &label, Some(series)));
    }
    by_group
        .into_iter()
        .map(|((who, measure), bars)| {
            let id = chart_ids::places(&who, &measure);
            let (name, what) = (names::term_name(&data.groups, &who), names::lowercase_first(&names::measure(data, &measure)));
            let title = format!("{name}: {what} by province");
            let chart = BarChart { id: id.clone(), title, y_label: "% of the country's".into(), bars };
            let text = format!("Each province's share of {name}'s {what} in its country, by period and source, with ranges.");
            (Chart::Bars(chart), caption(&id, text))
        })
        .collect()
}

fn strength(m: &MetricSet) -> Option<(Chart, ChartRef)> {
    let points: Vec<TimePoint> = m
        .metrics
        .iter()
        .filter(|x| x.id.starts_with("strength.") && x.unit == "fighters")
        .filter_map(|x| {
            let date = PartialDate::parse(&x.period)?.start();
            // Labels read "Strength of IS-K in Pakistan, 2023-08".
            let series = x
                .label
                .trim_start_matches("Strength of ")
                .rsplit_once(", ")
                .map_or(x.label.as_str(), |(s, _)| s)
                .to_string();
            Some(TimePoint {
                date,
                series,
                label: x.display.clone(),
                value: x.value,
            })
        })
        .collect();
    (!points.is_empty()).then(|| {
        let chart = TimeChart { id: chart_ids::STRENGTH.into(), title: "Group strength estimates over time".into(), y_label: "fighters (log scale)".into(), points, log_scale: true };
        (Chart::Timeline(chart), caption(chart_ids::STRENGTH, "Strength estimates by group and place, each with its range; note that they count different things (fighters, members, families).".into()))
    })
}

/// How many incidents the incidents chart shows (the deadliest).
const CHARTED_INCIDENTS: usize = 40;

fn incidents(m: &MetricSet) -> Option<(Chart, ChartRef)> {
    let mut points: Vec<TimePoint> = m
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
            Some(TimePoint {
                date,
                series: "killed".into(),
                label: place.to_string(),
                value: x.value,
            })
        })
        .collect();
    points.sort_by(|a, b| {
        b.value
            .best
            .total_cmp(&a.value.best)
            .then(a.date.cmp(&b.date))
    });
    points.truncate(CHARTED_INCIDENTS);
    points.sort_by(|a, b| a.date.cmp(&b.date).then(a.label.cmp(&b.label)));
    (!points.is_empty()).then(|| {
        let chart = TimeChart { id: chart_ids::INCIDENTS.into(), title: "The deadliest attacks in the data: people killed".into(), y_label: "killed".into(), points, log_scale: false };
        (Chart::Timeline(chart), caption(chart_ids::INCIDENTS, "People killed in the deadliest attacks in the data, reconciled across sources; an arrow marks a figure given only as a floor (\"at least\").".into()))
    })
}

/// People killed per year in one event dataset, with ranges.
fn event_years(m: &MetricSet, dataset: &str) -> Option<(Chart, ChartRef)> {
    let prefix = format!("events.{dataset}.by_year.");
    let bars: Vec<RangeBar> = m
        .metrics
        .iter()
        .filter(|x| x.id.starts_with(&prefix) && x.id.ends_with(".killed"))
        .map(|x| bar(x, &x.period, None))
        .collect();
    (!bars.is_empty()).then(|| {
        let id = chart_ids::event_years(dataset);
        let chart = BarChart { id: id.clone(), title: format!("People killed per year ({dataset})"), y_label: "killed".into(), bars };
        (Chart::Bars(chart), caption(&id, format!("People killed per year in the events of {dataset}, summed over events with each event's range; an arrow marks a year whose total has no upper bound.")))
    })
}

/// People killed per year in the four provinces with the most killed.
fn event_provinces(m: &MetricSet, dataset: &str) -> Option<(Chart, ChartRef)> {
    let totals = format!("events.{dataset}.by_province.");
    let mut provinces: Vec<&Metric> = m
        .metrics
        .iter()
        .filter(|x| x.id.starts_with(&totals) && x.id.ends_with(".killed"))
        .collect();
    provinces.sort_by(|a, b| b.value.best.total_cmp(&a.value.best).then(a.id.cmp(&b.id)));
    let top: Vec<&str> = provinces
        .iter()
        .take(4)
        .filter_map(|x| x.id.strip_prefix(&totals)?.strip_suffix(".killed"))
        .collect();
    let prefix = format!("events.{dataset}.by_year_province.");
    let points: Vec<TimePoint> = m
        .metrics
        .iter()
        .filter(|x| x.id.starts_with(&prefix) && x.id.ends_with(".killed"))
        .filter_map(|x| {
            let rest = x.id.strip_prefix(&prefix)?.strip_suffix(".killed")?;
            let (year, province) = rest.split_once('.')?;
            top.contains(&province).then_some(())?;
            let date = NaiveDate::from_ymd_opt(year.parse().ok()?, 7, 1)?;
            let series = x.label.rsplit(", ").next().unwrap_or(province).to_string();
            Some(TimePoint {
                date,
                series,
                label: String::new(),
                value: x.value,
            })
        })
        .collect();
    (!points.is_empty()).then(|| {
        let id = chart_ids::event_provinces(dataset);
        let chart = TimeChart { id: id.clone(), title: format!("People killed per year by province ({dataset})"), y_label: "killed".into(), points, log_scale: false };
        (Chart::Timeline(chart), caption(&id, format!("People killed per year in the four provinces with the most killed in {dataset}, each year's total with its range.")))
    })
}
