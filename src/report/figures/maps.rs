//! Province maps (`map-…`): the people killed in each province, for the
//! incidents of the data and, per imported event dataset, its latest year.
//!
//! A boundary is joined to a place of `places.csv` by name or alias within
//! the same country, so the data decides what each shape is: a place the
//! data keeps distinct (a territory later merged into a province) is shaded
//! by its own figures, or hatched with the place's note saying why it has
//! none. The map covers the country most of the figures are in, and any
//! other province the data names.

use std::collections::{BTreeMap, BTreeSet};

use crate::compute::ids::{self, charts as chart_ids};
use crate::compute::names;
use crate::compute::period::Period;
use crate::compute::{Metric, MetricSet};
use crate::estimate::Estimate;
use crate::load::Dataset;
use crate::report::chart::geo::{self, name_key, Feature};
use crate::report::chart::{Chart, MapChart, Region};
use crate::report::model::citation::dataset_name;

use super::{ChartRef, Words};

/// Said of every map: whose borders they are.
const BORDERS: &str = "Borders as Natural Earth draws them (public domain); they imply no position on disputed territory.";

/// Every map the data allows.
pub(super) fn all(data: &Dataset, m: &MetricSet) -> Vec<(Chart, ChartRef)> {
    let mut out = Vec::new();
    out.extend(incidents(data, m));
    for dataset in crate::compute::trends::datasets(m) {
        out.extend(events(data, m, &dataset));
    }
    out
}

/// People killed in the incidents of the data, by province.
fn incidents(data: &Dataset, m: &MetricSet) -> Option<(Chart, ChartRef)> {
    let figures = by_place(data, |p| {
        m.get(&ids::incidents_by("by_province", p, "killed"))
    });
    let period = figures.values().next()?.period.replace('/', "_");
    let when = Period::from_key(&period).map_or(period.clone(), |p| p.words());
    let about = About {
        id: chart_ids::incidents_map("killed"),
        title_tail: "in the attacks in the data".into(),
        subtitle: format!("People killed in the attacks recorded in the data, by province, {when}"),
    };
    map(data, about, &figures)
}

/// People killed in one event dataset's latest year, by province.
fn events(data: &Dataset, m: &MetricSet, dataset: &str) -> Option<(Chart, ChartRef)> {
    let cell = |year: &str, place: &str| {
        m.get(&ids::events(
            dataset,
            &format!("by_year_province.{year}.{place}.killed"),
        ))
    };
    let prefix = ids::events(dataset, "by_year.");
    let year = m
        .metrics
        .iter()
        .filter_map(|x| x.id.strip_prefix(&prefix)?.strip_suffix(".killed"))
        .filter(|y| !y.contains('.'))
        .max()?
        .to_string();
    let figures = by_place(data, |p| cell(&year, p));
    let name = dataset_name(dataset);
    let about = About {
        id: chart_ids::events_map(dataset, "killed"),
        title_tail: format!("in {year} in the {name} data"),
        subtitle: format!("People killed in the events of the {name} dataset by province in {year}, the latest year it covers"),
    };
    map(data, about, &figures)
}

/// The metric `get` gives for each place that has one, by place id.
fn by_place<'m>(
    data: &Dataset,
    get: impl Fn(&str) -> Option<&'m Metric>,
) -> BTreeMap<String, &'m Metric> {
    data.places
        .terms()
        .keys()
        .filter_map(|p| Some((p.clone(), get(p)?)))
        .collect()
}

/// What one map is of: its id, the end of its title, its subtitle.
struct About {
    id: String,
    title_tail: String,
    subtitle: String,
}

/// The place of `places.csv` a boundary stands for: one of the feature's
/// country whose name or an alias is the feature's name.
fn place_of<'d>(data: &'d Dataset, feature: &Feature) -> Option<&'d str> {
    let keys = [name_key(&feature.name_en), name_key(&feature.name)];
    let named = |text: &String| keys.contains(&name_key(text));
    data.places
        .terms()
        .values()
        .filter(|t| t.parent.as_deref() == Some(feature.country.as_str()))
        .find(|t| named(&t.name) || t.aliases.iter().any(named))
        .map(|t| t.id.as_str())
}

/// A figure the map can shade by: none where the sources give no figure
/// (a total of incidents none of which has one).
fn shaded(metric: &Metric) -> Option<Estimate> {
    let v = metric.value;
    let no_figure = v.low == Some(0.0) && v.high.is_none() && v.best == 0.0;
    (!no_figure).then_some(v)
}

/// The map of `figures`: the country most of them are in, and every other
/// province that has one.
fn map(
    data: &Dataset,
    about: About,
    figures: &BTreeMap<String, &Metric>,
) -> Option<(Chart, ChartRef)> {
    let features = geo::features();
    let joined: Vec<(&Feature, Option<&str>)> =
        features.iter().map(|f| (f, place_of(data, f))).collect();
    let mut countries: BTreeMap<&str, usize> = BTreeMap::new();
    for (feature, place) in &joined {
        if place.is_some_and(|p| figures.contains_key(p)) {
            *countries.entry(feature.country.as_str()).or_default() += 1;
        }
    }
    let country = countries
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))?
        .0
        .to_string();
    let regions: Vec<Region> = joined
        .iter()
        .map(|(feature, place)| {
            let metric = place.and_then(|p| figures.get(p));
            Region {
                code: feature.code.clone(),
                name: place.map_or(feature.name_en.clone(), |p| names::place(data, p)),
                value: metric.and_then(|x| shaded(x)),
                focus: feature.country == country || metric.is_some(),
            }
        })
        .collect();
    let shown: Vec<(&Region, &Metric)> = regions
        .iter()
        .zip(&joined)
        .filter_map(|(r, (_, place))| Some((r, *figures.get((*place)?)?)))
        .collect();
    let (top, top_metric) = shown
        .iter()
        .filter(|(r, _)| r.value.is_some())
        .max_by(|a, b| {
            a.1.value
                .best
                .total_cmp(&b.1.value.best)
                .then(b.0.name.cmp(&a.0.name))
        })?;
    let title = format!(
        "{} had the most people killed {}: {}",
        top.name, about.title_tail, top_metric.display
    );
    let notes = notes(data, &regions, &joined);
    let chart = Chart::Map(MapChart {
        id: about.id,
        title: title.clone(),
        unit: "People killed".into(),
        regions: regions.clone(),
    });
    let mut values: Vec<(String, String)> = shown
        .iter()
        .map(|(r, x)| (r.name.clone(), x.display.clone()))
        .collect();
    let hatched: Vec<String> = regions
        .iter()
        .filter(|r| r.focus && r.value.is_none() && !values.iter().any(|(name, _)| *name == r.name))
        .map(|r| r.name.clone())
        .collect();
    if !hatched.is_empty() {
        values.push(("no figure".into(), hatched.join(", ")));
    }
    let metrics = shown.iter().map(|(_, x)| *x).collect();
    let words = Words {
        kind: "Map of provinces shaded by value",
        title,
        subtitle: about.subtitle,
        notes,
        values,
        metrics,
    };
    let mut r = words.into_ref(data, &chart);
    r.notes = format!("{} {BORDERS}", r.notes).trim().to_string();
    Some((chart, r))
}

/// Notes of `places.csv` for the hatched places that have one (why a
/// territory has no figure of its own), first the hatching itself.
fn notes(data: &Dataset, regions: &[Region], joined: &[(&Feature, Option<&str>)]) -> Vec<String> {
    let mut out = Vec::new();
    let mut said: BTreeSet<&str> = BTreeSet::new();
    for (region, (_, place)) in regions.iter().zip(joined) {
        if !region.focus || region.value.is_some() {
            continue;
        }
        let Some(term) = place.and_then(|p| data.places.terms().get(p)) else {
            continue;
        };
        if let Some(note) = term.note.as_deref().filter(|n| !n.is_empty()) {
            if said.insert(term.id.as_str()) {
                out.push(format!(
                    "{}: {}",
                    term.name,
                    note.trim_end_matches('.').to_string() + "."
                ));
            }
        }
    }
    if regions.iter().any(|r| r.focus && r.value.is_none()) {
        out.insert(0, "Hatched: no figure in the data.".to_string());
    }
    out
}
