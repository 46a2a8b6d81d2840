//! Long-run trends from imported event datasets (`events.csv`): per
//! dataset, events, killed and injured per year, per province and per group,
//! and per year within each province and group, so the curated figures can
//! be set against years of event data.
//!
//! An event's unknown lower bound counts as 0, an unknown best as its lower
//! bound, and an unknown upper bound leaves every total it enters open.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use polars::prelude::*;

use crate::compute::frames::{estimate_at, open_if_any_open_sum, text_at};
use crate::compute::names::term_name;
use crate::compute::{Collector, Metric};
use crate::estimate::{Estimate, Qualifier};
use crate::load::events::{Event, Figure};
use crate::load::Dataset;

const WHAT: [&str; 2] = ["killed", "injured"];

/// The groupings trends are computed over: id part and key columns.
const GROUPINGS: [(&str, &[&str]); 6] = [
    ("total", &[]),
    ("by_year", &["year"]),
    ("by_province", &["province"]),
    ("by_group", &["group"]),
    ("by_year_province", &["year", "province"]),
    ("by_year_group", &["year", "group"]),
];

pub fn add_all(data: &Dataset, c: &mut Collector) -> PolarsResult<()> {
    if data.events.is_empty() {
        return Ok(());
    }
    let events = frame(&data.events)?;
    for (name, keys) in GROUPINGS {
        let sums = sums_by(&events, keys)?;
        for i in 0..sums.height() {
            add_row(data, c, &sums, i, name, keys)?;
        }
    }
    let by_dataset = ByDataset::new(data);
    compare_periods(data, &by_dataset, c);
    match_incidents(data, &by_dataset, c);
    Ok(())
}

/// Each dataset's events, sorted by date, with the span they cover: built
/// once, so comparing many curated figures does not rescan every event.
struct ByDataset<'a> {
    datasets: BTreeMap<&'a str, Dated<'a>>,
}

/// One dataset's events by first day, and the days they span.
struct Dated<'a> {
    events: Vec<(NaiveDate, &'a Event)>,
    first: NaiveDate,
    last: NaiveDate,
}

impl<'a> ByDataset<'a> {
    fn new(data: &'a Dataset) -> ByDataset<'a> {
        let mut datasets: BTreeMap<&str, Dated> = BTreeMap::new();
        for e in &data.events {
            let (start, end) = (e.date.start(), e.date.end());
            let d = datasets.entry(e.dataset.as_str()).or_insert(Dated {
                events: Vec::new(),
                first: start,
                last: end,
            });
            d.events.push((start, e));
            d.first = d.first.min(start);
            d.last = d.last.max(end);
        }
        // A stable sort keeps the file's order among events of one day.
        datasets
            .values_mut()
            .for_each(|d| d.events.sort_by_key(|(day, _)| *day));
        ByDataset { datasets }
    }
}

impl<'a> Dated<'a> {
    /// The events whose first day lies in `from..=to`.
    fn between(&self, from: NaiveDate, to: NaiveDate) -> impl Iterator<Item = &'a Event> + '_ {
        let start = self.events.partition_point(|(day, _)| *day < from);
        self.events[start..]
            .iter()
            .take_while(move |(day, _)| *day <= to)
            .map(|(_, e)| *e)
    }
}

/// Whether an event happened in `place` (a country-level id such as
/// `pakistan`, or a province id).
fn in_place(data: &Dataset, e: &Event, place: &str) -> bool {
    match data.places.terms().get(place) {
        Some(t) if t.kind == "country" => e.country.as_deref() == t.parent.as_deref(),
        _ => e.province.as_deref() == Some(place),
    }
}

/// Each curated count of attacks by all perpetrators set against the events
/// of each dataset in the same period and place: the event count, and the
/// curated count per event, flagged `different_definitions` (and
/// `partial_coverage` where the dataset does not span the whole period).
fn compare_periods(data: &Dataset, by_dataset: &ByDataset, c: &mut Collector) {
    let total = crate::compute::names::total_group(data);
    let curated = data.counts.iter().filter(|r| {
        crate::compute::names::measure_kind(data, &r.measure)
            == Some(crate::load::records::MeasureKind::Events)
            && r.perpetrator.as_deref().is_none_or(|p| Some(p) == total)
    });
    for count in curated {
        let stated_id = crate::compute::ids::stated_count(&count.id);
        let Some(stated) = c.get(&stated_id).map(|m| m.value) else {
            continue;
        };
        let (from, to) = (count.period_start.start(), count.period_end.end());
        for (&dataset, dated) in &by_dataset.datasets {
            let (first, last) = (dated.first, dated.last);
            let n = dated
                .between(from, to)
                .filter(|e| in_place(data, e, &count.place))
                .count();
            let period = crate::compute::stated::period(count.period_start, count.period_end);
            let input = format!(
                "events.csv: {n} events of {dataset} from {from} to {to} in {}",
                term_name(&data.places, &count.place)
            );
            let base = Base {
                dataset,
                period: &period,
                input: &input,
            };
            let stem = format!("events.{dataset}.compare.{}", count.id);
            c.add(metric(
                &base,
                format!("{stem}.events"),
                format!(
                    "Events in {dataset} in the period and place of {}",
                    count.id
                ),
                "attacks",
                Estimate::exact(n as f64),
                "count of events in the period and place",
            ));
            let mut ratio = crate::compute::derived(
                c,
                format!("{stem}.ratio"),
                format!("{} per event of {dataset} in the same period", count.id),
                "ratio",
                &period,
                stated.ratio(&Estimate::exact(n as f64)),
                "curated count ÷ event count".into(),
                &[&stated_id, &format!("{stem}.events")],
            );
            ratio.flags.push("different_definitions".into());
            if first > from || last < to {
                ratio.flags.push("partial_coverage".into());
            }
            c.add(ratio);
        }
    }
}

/// Each curated incident (known to the day, in Pakistan) set against the
/// events of each dataset on the same day in the same province: their
/// killed, flagged `sources_disagree` when the ranges do not overlap.
fn match_incidents(data: &Dataset, by_dataset: &ByDataset, c: &mut Collector) {
    for incident in data
        .incidents
        .iter()
        .filter(|i| i.date.precision() == crate::date::Precision::Day)
    {
        for (&dataset, dated) in &by_dataset.datasets {
            let day = incident.date.start();
            let same_day: Vec<&Event> = dated
                .between(day, day)
                .filter(|e| {
                    e.date == incident.date
                        && e.province.as_deref() == Some(incident.province.as_str())
                })
                .collect();
            let figures: Vec<Estimate> = same_day
                .iter()
                .filter_map(|e| e.killed.estimate())
                .collect();
            if figures.is_empty() {
                continue;
            }
            let killed = Estimate::reconcile(&figures);
            let ids: Vec<&str> = same_day.iter().map(|e| e.id.as_str()).collect();
            let input = format!(
                "events.csv: {} ({})",
                ids.join(", "),
                same_day
                    .iter()
                    .filter_map(|e| e.district.as_deref())
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            let curated_id = format!("incidents.{}.killed", incident.id);
            let period = incident.date.to_string();
            let base = Base {
                dataset,
                period: &period,
                input: &input,
            };
            let mut m = metric(
                &base,
                format!("events.{dataset}.match.{}.killed", incident.id),
                format!(
                    "People killed on {} in {} per {dataset}",
                    incident.date,
                    term_name(&data.places, &incident.province)
                ),
                "people",
                killed,
                "the same day's events in the same province",
            );
            if let Some(curated) = c.get(&curated_id).map(|x| x.value) {
                let apart = killed.high.zip(curated.low).is_some_and(|(h, l)| h < l)
                    || killed.low.zip(curated.high).is_some_and(|(l, h)| l > h);
                m.inputs.insert(0, curated_id);
                m.flags.push(
                    if apart {
                        "sources_disagree"
                    } else {
                        "consistent_with_curated"
                    }
                    .into(),
                );
            }
            c.add(m);
        }
    }
}

/// One row per event, bounds read as the module doc says.
fn frame(events: &[Event]) -> PolarsResult<DataFrame> {
    let text = |f: &dyn Fn(&Event) -> Option<String>| {
        events
            .iter()
            .map(|e| f(e).unwrap_or_else(|| "unknown".into()))
            .collect::<Vec<_>>()
    };
    let low = |f: &dyn Fn(&Event) -> Figure| {
        events
            .iter()
            .map(|e| f(e).low.unwrap_or(0.0))
            .collect::<Vec<_>>()
    };
    let best = |f: &dyn Fn(&Event) -> Figure| {
        events
            .iter()
            .map(|e| {
                let x = f(e);
                x.best.or(x.low).unwrap_or(0.0)
            })
            .collect::<Vec<_>>()
    };
    let high = |f: &dyn Fn(&Event) -> Figure| events.iter().map(|e| f(e).high).collect::<Vec<_>>();
    df!(
        "dataset" => events.iter().map(|e| e.dataset.as_str()).collect::<Vec<_>>(),
        "year" => events.iter().map(|e| e.date.year()).collect::<Vec<_>>(),
        "date" => events.iter().map(|e| e.date.to_string()).collect::<Vec<_>>(),
        "province" => text(&|e| e.province.clone()),
        "group" => text(&|e| e.group.clone()),
        "killed_low" => low(&|e| e.killed), "killed_best" => best(&|e| e.killed), "killed_high" => high(&|e| e.killed),
        "injured_low" => low(&|e| e.injured), "injured_best" => best(&|e| e.injured), "injured_high" => high(&|e| e.injured),
    )
}

/// Per dataset and `keys`: events counted, first and last date, and
/// interval sums of killed and injured.
fn sums_by(events: &DataFrame, keys: &[&str]) -> PolarsResult<DataFrame> {
    let mut by: Vec<Expr> = vec![col("dataset")];
    by.extend(keys.iter().map(|k| col(*k).cast(DataType::String)));
    let mut aggregates = vec![
        len().alias("events"),
        col("date").min().alias("first"),
        col("date").max().alias("last"),
    ];
    for what in WHAT {
        aggregates.push(col(format!("{what}_low")).sum());
        aggregates.push(col(format!("{what}_best")).sum());
        aggregates.push(open_if_any_open_sum(&format!("{what}_high")));
    }
    let mut order = vec!["dataset"];
    order.extend(keys);
    events
        .clone()
        .lazy()
        .group_by(by)
        .agg(aggregates)
        .sort(order, SortMultipleOptions::default())
        .collect()
}

fn add_row(
    data: &Dataset,
    c: &mut Collector,
    sums: &DataFrame,
    i: usize,
    grouping: &str,
    keys: &[&str],
) -> PolarsResult<()> {
    let dataset = text_at(sums, "dataset", i)?;
    let values: Vec<String> = keys
        .iter()
        .map(|k| text_at(sums, k, i))
        .collect::<PolarsResult<_>>()?;
    let stem = std::iter::once(format!("events.{dataset}.{grouping}"))
        .chain(values.iter().cloned())
        .collect::<Vec<_>>()
        .join(".");
    let what_of = describe(data, keys, &values);
    let year = keys
        .iter()
        .position(|k| *k == "year")
        .map(|p| values[p].clone());
    let period = year.unwrap_or(format!(
        "{}/{}",
        text_at(sums, "first", i)?,
        text_at(sums, "last", i)?
    ));
    let n = sums
        .column("events")?
        .cast(&DataType::Float64)?
        .f64()?
        .get(i)
        .unwrap_or(0.0);
    let input = format!(
        "events.csv: {n} events of {dataset}{}",
        if what_of.is_empty() {
            String::new()
        } else {
            format!(", {what_of}")
        }
    );
    let base = Base {
        dataset: &dataset,
        period: &period,
        input: &input,
    };
    c.add(metric(
        &base,
        format!("{stem}.count"),
        format!("Events in {dataset}{}", suffix(&what_of)),
        "attacks",
        Estimate::exact(n),
        "count of events",
    ));
    for what in WHAT {
        let Some(total) = estimate_at(sums, &format!("{what}_"), i)? else {
            continue;
        };
        let label = format!(
            "People {what} in the events of {dataset}{}",
            suffix(&what_of)
        );
        c.add(metric(
            &base,
            format!("{stem}.{what}"),
            label,
            "people",
            total,
            "sum over events; unknown low = 0, unknown high leaves the total open",
        ));
    }
    Ok(())
}

fn suffix(what_of: &str) -> String {
    if what_of.is_empty() {
        String::new()
    } else {
        format!(": {what_of}")
    }
}

/// "2015, Khyber Pakhtunkhwa" from the key columns' values.
fn describe(data: &Dataset, keys: &[&str], values: &[String]) -> String {
    keys.iter()
        .zip(values)
        .map(|(k, v)| match *k {
            "province" => term_name(&data.places, v),
            "group" => term_name(&data.groups, v),
            _ => v.clone(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// What every trend metric of one row shares.
struct Base<'a> {
    dataset: &'a str,
    period: &'a str,
    input: &'a str,
}

fn metric(
    base: &Base,
    id: String,
    label: String,
    unit: &str,
    value: Estimate,
    formula: &str,
) -> Metric {
    Metric {
        id,
        label,
        unit: unit.to_string(),
        period: base.period.to_string(),
        value,
        qualifier: Qualifier::Derived,
        display: String::new(),
        formula: formula.to_string(),
        inputs: vec![base.input.to_string()],
        sources: vec![format!("dataset:{}", base.dataset)],
        flags: Vec::new(),
    }
}

/// The names of the imported event datasets, from their total metrics.
pub fn datasets(m: &crate::compute::MetricSet) -> Vec<String> {
    crate::compute::ids::event_datasets(m.metrics.iter().map(|x| x.id.as_str()))
}
