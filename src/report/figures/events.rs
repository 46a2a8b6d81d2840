//! Charts of an imported event dataset: people killed per year, and per
//! year in each province as small multiples on one scale.

use crate::compute::ids::{self, charts as chart_ids};
use crate::compute::names;
use crate::compute::{Metric, MetricSet};
use crate::estimate::Estimate;
use crate::load::Dataset;
use crate::report::chart::{Chart, Column, ColumnChart, Panel, Panels};
use crate::report::model::citation::dataset_name;

use super::{ChartRef, Words};

/// The per-year metrics of `what` in one dataset, in year order:
/// (year, metric).
fn by_year<'m>(m: &'m MetricSet, dataset: &str, what: &str) -> Vec<(String, &'m Metric)> {
    let prefix = ids::events(dataset, "by_year.");
    let suffix = format!(".{what}");
    m.metrics
        .iter()
        .filter_map(|x| {
            let year = x.id.strip_prefix(&prefix)?.strip_suffix(&suffix)?;
            (!year.contains('.')).then(|| (year.to_string(), x))
        })
        .collect()
}

/// Every year from the first to the last of `years`, so that a year with no
/// events keeps its place on the axis (as a gap).
fn calendar(years: &[String]) -> Vec<String> {
    let numbers: Vec<i32> = years.iter().filter_map(|y| y.parse().ok()).collect();
    match (numbers.first(), numbers.last()) {
        (Some(first), Some(last)) if numbers.len() == years.len() => {
            (*first..=*last).map(|y| y.to_string()).collect()
        }
        _ => years.to_vec(),
    }
}

/// A column per calendar year: the metric's value, or a gap.
fn columns<'m>(years: &[String], get: impl Fn(&str) -> Option<&'m Metric>) -> Vec<Column> {
    let gap = Estimate::new(None, f64::NAN, None);
    years
        .iter()
        .map(|y| Column {
            label: y.clone(),
            value: get(y).map_or(gap, |x| x.value),
        })
        .collect()
}

/// People killed per year in one event dataset, with ranges.
pub(super) fn years(data: &Dataset, m: &MetricSet, dataset: &str) -> Option<(Chart, ChartRef)> {
    let years = by_year(m, dataset, "killed");
    let (first, last) = (years.first()?.0.clone(), years.last()?.0.clone());
    let every_year = calendar(&years.iter().map(|(y, _)| y.clone()).collect::<Vec<_>>());
    let (peak_year, peak) = years.iter().max_by(|a, b| {
        a.1.value
            .best
            .total_cmp(&b.1.value.best)
            .then(b.0.cmp(&a.0))
    })?;
    let name = dataset_name(dataset);
    let title = format!(
        "The deadliest year in the {name} data was {peak_year}: {} killed",
        peak.display
    );
    let subtitle = format!(
        "People killed per year in the events of the {name} dataset, {first}–{last}, each year summed over its events with their ranges"
    );
    let id = chart_ids::event_years(dataset);
    let columns = columns(&every_year, |y| {
        years.iter().find(|(z, _)| z == y).map(|(_, x)| *x)
    });
    let chart = Chart::Columns(ColumnChart {
        id,
        title: title.clone(),
        unit: "people killed".into(),
        columns,
    });
    let values = years
        .iter()
        .map(|(y, x)| (y.clone(), x.display.clone()))
        .collect();
    let metrics = years.iter().map(|(_, x)| *x).collect();
    let words = Words {
        kind: "Column chart with ranges",
        title,
        subtitle,
        notes: Vec::new(),
        values,
        metrics,
    };
    let r = words.into_ref(data, &chart);
    Some((chart, r))
}

/// People killed per year in every province of one event dataset, one
/// panel each on one scale, the province with the most killed first.
pub(super) fn provinces(data: &Dataset, m: &MetricSet, dataset: &str) -> Option<(Chart, ChartRef)> {
    let years = calendar(
        &by_year(m, dataset, "killed")
            .into_iter()
            .map(|(y, _)| y)
            .collect::<Vec<_>>(),
    );
    let mut provinces: Vec<(&str, &Metric)> = data
        .places
        .terms()
        .keys()
        .filter_map(|p| {
            Some((
                p.as_str(),
                m.get(&ids::events(dataset, &format!("by_province.{p}.killed")))?,
            ))
        })
        .collect();
    provinces.sort_by(|a, b| b.1.value.best.total_cmp(&a.1.value.best).then(a.0.cmp(b.0)));
    let (top, top_metric) = *provinces.first()?;
    let cell = |year: &str, place: &str| {
        m.get(&ids::events(
            dataset,
            &format!("by_year_province.{year}.{place}.killed"),
        ))
    };
    let panels: Vec<Panel> = provinces
        .iter()
        .map(|(p, _)| Panel {
            name: names::place(data, p),
            columns: columns(&years, |y| cell(y, p)),
        })
        .collect();
    let name = dataset_name(dataset);
    let total = m
        .get(&ids::events(dataset, "total.killed"))
        .map_or(String::new(), |t| format!(" of {}", t.display));
    let title = format!(
        "{} had the most people killed in the {name} data: {}{total}",
        names::place(data, top),
        top_metric.display
    );
    let (first, last) = (years.first()?, years.last()?);
    let subtitle = format!("People killed per year by province in the events of the {name} dataset, {first}–{last}; every panel on the same scale");
    let id = chart_ids::event_provinces(dataset);
    let chart = Chart::Panels(Panels {
        id,
        title: title.clone(),
        unit: "people killed".into(),
        panels,
    });
    let mut values = Vec::new();
    let mut metrics = Vec::new();
    for (p, total) in &provinces {
        values.push((
            format!("{}, all years", names::place(data, p)),
            total.display.clone(),
        ));
        metrics.push(*total);
        metrics.extend(years.iter().filter_map(|y| cell(y, p)));
    }
    let words = Words {
        kind: "Small multiples of column charts, one per province",
        title,
        subtitle,
        notes: Vec::new(),
        values,
        metrics,
    };
    let r = words.into_ref(data, &chart);
    Some((chart, r))
}
