//! Which charts the report has, built from the metrics: PIPS's 2017 attacks
//! by perpetrator, TTP against IS-K, IS-K's claimed attacks by province,
//! group strength over time, and major IS-K attacks with their killed
//! ranges. Drawing is [`super::chart`]'s job; this module only chooses what
//! to draw. A chart with nothing to show (an early quarter) is left out.

use super::chart::{BarChart, Chart, RangeBar, TimeChart, TimePoint};
use crate::compute::{Metric, MetricSet};
use chrono::NaiveDate;
use serde::Serialize;

use crate::date::PartialDate;

/// A chart as the report refers to it: `/charts/{id}.svg` and its caption.
#[derive(Debug, Clone, Serialize)]
pub struct ChartRef {
    pub id: String,
    pub caption: String,
}

/// The charts to draw, with their captions, in report order.
pub fn charts(m: &MetricSet) -> Vec<(Chart, ChartRef)> {
    let mut all: Vec<(Chart, ChartRef)> = [
        pips_2017(m),
        rivalry(m),
        provinces(m),
        strength(m),
        attacks(m),
    ]
    .into_iter()
    .flatten()
    .collect();
    for dataset in crate::compute::trends::datasets(m) {
        all.extend(event_years(m, &dataset));
        all.extend(event_provinces(m, &dataset));
    }
    all
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
        let id = format!("events-{dataset}-years");
        let chart = BarChart { id: id.clone(), title: format!("People killed per year ({dataset})"), y_label: "killed".into(), bars };
        (Chart::Bars(chart), caption(&id, &format!("People killed per year in the events of {dataset}, summed over events with each event's range; an arrow marks a year whose total has no upper bound.")))
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
        let id = format!("events-{dataset}-provinces");
        let chart = TimeChart { id: id.clone(), title: format!("People killed per year by province ({dataset})"), y_label: "killed".into(), points, log_scale: false };
        (Chart::Timeline(chart), caption(&id, &format!("People killed per year in the four provinces with the most killed in {dataset}, each year's total with its range.")))
    })
}

fn bar(m: &Metric, label: &str, series: Option<String>) -> RangeBar {
    RangeBar {
        label: label.to_string(),
        series,
        value: m.value,
    }
}

fn caption(id: &str, text: &str) -> ChartRef {
    ChartRef {
        id: id.to_string(),
        caption: text.to_string(),
    }
}

fn pips_2017(m: &MetricSet) -> Option<(Chart, ChartRef)> {
    let picks = [
        ("pips.2017.attacks.ttp_and_associated", "TTP and associated"),
        (
            "pips.2017.attacks.nationalist_insurgents",
            "Nationalist insurgents",
        ),
        ("pips.2017.attacks.other", "Other"),
        ("pips.2017.attacks.is", "of which IS"),
        ("pips.2017.cross_border.attacks", "Cross-border"),
    ];
    let bars: Vec<RangeBar> = picks
        .iter()
        .filter_map(|(id, label)| m.get(id).map(|x| bar(x, label, None)))
        .collect();
    (!bars.is_empty()).then(|| {
        let chart = BarChart { id: "pips-2017-attacks".into(), title: "Terrorist attacks in Pakistan, 2017, by perpetrator (PIPS)".into(), y_label: "attacks".into(), bars };
        (Chart::Bars(chart), caption("pips-2017-attacks", "Attacks in 2017 by perpetrator category, as PIPS counts them. IS's attacks are part of the TTP-and-associated category; cross-border attacks overlap the others."))
    })
}

fn rivalry(m: &MetricSet) -> Option<(Chart, ChartRef)> {
    let mut bars = Vec::new();
    for metric in m
        .metrics
        .iter()
        .filter(|x| x.id.starts_with("attacks.") && x.id.ends_with(".claimed"))
    {
        let group = if metric.id.contains(".ttp.") {
            "TTP"
        } else {
            "IS-K"
        };
        bars.push(bar(metric, group, Some(metric.period.clone())));
    }
    (!bars.is_empty()).then(|| {
        let chart = BarChart { id: "attacks-2021".into(), title: "Attacks claimed in Pakistan: TTP against IS-K".into(), y_label: "claimed attacks".into(), bars };
        (Chart::Bars(chart), caption("attacks-2021", "Claimed attacks in Pakistan by year and group, reconciled across the sources that give them."))
    })
}

fn provinces(m: &MetricSet) -> Option<(Chart, ChartRef)> {
    let bars: Vec<RangeBar> = m
        .metrics
        .iter()
        .filter(|x| {
            (x.id.starts_with("iskp.claimed.") && x.id.ends_with(".share"))
                || (x.id.starts_with("incidents.by_province.") && x.id.ends_with(".share"))
        })
        .map(|x| {
            let place = x.id.split('.').rev().nth(1).unwrap_or("").replace('-', " ");
            let series = if x.id.starts_with("incidents.") {
                "incidents in the data".to_string()
            } else {
                format!("claimed, {}", x.period)
            };
            bar(x, &capitalise(&place), Some(series))
        })
        .collect();
    (!bars.is_empty()).then(|| {
        let chart = BarChart { id: "iskp-provinces".into(), title: "IS-K's attacks in Pakistan by province".into(), y_label: "% of attacks".into(), bars };
        (Chart::Bars(chart), caption("iskp-provinces", "Shares of IS-K's claimed attacks in Pakistan by province and period, and of the incidents in this data, with ranges."))
    })
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map_or(String::new(), |c| c.to_uppercase().chain(chars).collect())
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
        let chart = TimeChart { id: "strength".into(), title: "Group strength estimates over time".into(), y_label: "fighters (log scale)".into(), points, log_scale: true };
        (Chart::Timeline(chart), caption("strength", "Strength estimates by group and place, each with its range; note that they count different things (fighters, members, families)."))
    })
}

/// How many incidents the attacks chart shows (the deadliest).
const CHARTED_ATTACKS: usize = 40;

fn attacks(m: &MetricSet) -> Option<(Chart, ChartRef)> {
    let mut points: Vec<TimePoint> = m
        .metrics
        .iter()
        .filter(|x| {
            x.id.starts_with("incidents.2")
                && x.id.ends_with(".killed")
                && !x.display.starts_with("no figure")
        })
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
    points.truncate(CHARTED_ATTACKS);
    points.sort_by(|a, b| a.date.cmp(&b.date).then(a.label.cmp(&b.label)));
    (!points.is_empty()).then(|| {
        let chart = TimeChart { id: "isk-attacks".into(), title: "Major IS-K attacks: people killed".into(), y_label: "killed".into(), points, log_scale: false };
        (Chart::Timeline(chart), caption("isk-attacks", "People killed in the IS-K attacks in the data, reconciled across sources; an arrow marks a figure given only as a floor (\"at least\")."))
    })
}
