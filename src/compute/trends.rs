//! Long-run trends from imported event datasets (`events.csv`): per
//! dataset, events, killed and injured per year, per province and per group,
//! and per year within each province and group, so the curated figures can
//! be set against years of event data.
//!
//! An event's unknown lower bound counts as 0, an unknown best as its lower
//! bound, and an unknown upper bound leaves every total it enters open.

use polars::prelude::*;

use crate::compute::frames::{estimate_at, open_if_any_open_sum, text_at};
use crate::compute::stated::term_name;
use crate::compute::{Collector, Metric};
use crate::estimate::{Estimate, Qualifier};
use crate::import::Event;
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
    Ok(())
}

/// One row per event, bounds read as the module doc says.
fn frame(events: &[Event]) -> PolarsResult<DataFrame> {
    let text = |f: &dyn Fn(&Event) -> Option<String>| {
        events
            .iter()
            .map(|e| f(e).unwrap_or_else(|| "unknown".into()))
            .collect::<Vec<_>>()
    };
    let low = |f: &dyn Fn(&Event) -> crate::import::Figure| {
        events
            .iter()
            .map(|e| f(e).low.unwrap_or(0.0))
            .collect::<Vec<_>>()
    };
    let best = |f: &dyn Fn(&Event) -> crate::import::Figure| {
        events
            .iter()
            .map(|e| {
                let x = f(e);
                x.best.or(x.low).unwrap_or(0.0)
            })
            .collect::<Vec<_>>()
    };
    let high = |f: &dyn Fn(&Event) -> crate::import::Figure| {
        events.iter().map(|e| f(e).high).collect::<Vec<_>>()
    };
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
