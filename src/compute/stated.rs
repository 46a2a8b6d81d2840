//! Every figure as a source states it, one metric per record and figure:
//! `stated.counts.{id}`, `stated.strength.{id}`,
//! `stated.casualties.{id}.killed` / `.injured` (the last for the incidents
//! listed one by one, see `incidents`). Derived metrics build on
//! these, so every chain of inputs ends at a record and its quote.

use crate::compute::{Collector, Metric};
use crate::date::PartialDate;
use crate::estimate::{PackedFigure, StatedFigure};
use crate::load::records::{CasualtyEstimate, Count, StrengthEstimate};
use crate::load::Dataset;

/// Adds one stated metric per figure in the dataset.
pub fn add_all(data: &Dataset, c: &mut Collector) {
    data.counts.iter().for_each(|r| c.add(count(data, r)));
    data.strength.iter().for_each(|r| c.add(strength(data, r)));
}

pub use crate::compute::ids::{
    stated_casualty as casualty_id, stated_count as count_id, stated_strength as strength_id,
};
pub use crate::compute::names::term_name;

/// A period as `metrics.json` gives it: `2017`, `2022-Q1`, `start/end`.
pub fn period(start: PartialDate, end: PartialDate) -> String {
    crate::compute::period::Period::of(start, end).label()
}

#[allow(clippy::too_many_arguments)] // each a distinct part of a metric; a struct would only rename them
fn stated_metric(
    data: &Dataset,
    id: String,
    label: String,
    unit: &str,
    period: String,
    figure: &StatedFigure,
    record: String,
    source: &str,
) -> Metric {
    let source_name = data.sources.get(source).map_or(source.to_string(), |s| {
        s.original_author.clone().unwrap_or_else(|| s.title.clone())
    });
    Metric {
        id,
        label,
        unit: unit.to_string(),
        period,
        value: data.estimate(figure),
        qualifier: figure.qualifier,
        display: crate::compute::format::stated(figure, unit),
        formula: format!("as stated ({}) by {source_name}", figure.qualifier.as_str()),
        inputs: vec![record],
        sources: vec![source.to_string()],
        flags: Vec::new(),
    }
}

fn count(data: &Dataset, r: &Count) -> Metric {
    let unit = data
        .measures
        .get(&r.measure)
        .map_or("", |m| m.unit.as_str());
    let label = count_label(data, r);
    let period = period(r.period_start, r.period_end);
    stated_metric(
        data,
        count_id(&r.id),
        label,
        unit,
        period,
        &r.figure,
        format!("counts/{}", r.id),
        &r.source_id,
    )
}

/// "Attacks claimed by IS-K, Balochistan": the measure's name, who and where.
pub fn count_label(data: &Dataset, r: &Count) -> String {
    let measure = crate::compute::names::measure(data, &r.measure);
    let place = term_name(&data.places, &r.place);
    match &r.perpetrator {
        Some(p) => format!(
            "{measure} by {}, {place}",
            crate::compute::names::who(data, p)
        ),
        None => format!("{measure}, {place}"),
    }
}

fn strength(data: &Dataset, r: &StrengthEstimate) -> Metric {
    let label = format!(
        "Strength of {} in {} ({})",
        term_name(&data.groups, &r.group),
        term_name(&data.places, &r.place),
        r.counted
    );
    let record = format!("strength/{}", r.id);
    stated_metric(
        data,
        strength_id(&r.id),
        label,
        "fighters",
        r.as_of.to_string(),
        &r.figure,
        record,
        &r.source_id,
    )
}

/// The stated killed and injured figures of one casualty estimate, dated
/// `date` (its incident's). Added only for the incidents listed one by one.
pub fn casualties(data: &Dataset, r: &CasualtyEstimate, date: &str) -> Vec<Metric> {
    let date = date.to_string();
    let record = format!("casualty_estimates/{}", r.id);
    [("killed", r.killed), ("injured", r.injured)]
        .map(|(what, figure)| (what, figure.map(PackedFigure::unpack)))
        .into_iter()
        .filter_map(|(what, figure)| {
            let label = format!("People {what} in {} (per {})", r.incident_id, r.source_id);
            let id = casualty_id(&r.id, what);
            figure.map(|f| {
                stated_metric(
                    data,
                    id,
                    label,
                    "people",
                    date.clone(),
                    &f,
                    record.clone(),
                    &r.source_id,
                )
            })
        })
        .collect()
}
