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

/// The id of the stated metric of a count record.
pub fn count_id(record_id: &str) -> String {
    format!("stated.counts.{record_id}")
}

pub fn strength_id(record_id: &str) -> String {
    format!("stated.strength.{record_id}")
}

pub fn casualty_id(record_id: &str, what: &str) -> String {
    format!("stated.casualties.{record_id}.{what}")
}

/// A period written compactly: `2017` for a whole year, else `start/end`.
pub fn period(start: PartialDate, end: PartialDate) -> String {
    let whole_year = start.start().format("%m-%d").to_string() == "01-01"
        && end.end().format("%m-%d").to_string() == "12-31"
        && start.year() == end.year();
    if whole_year {
        start.year().to_string()
    } else {
        format!("{start}/{end}")
    }
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

/// "Claimed attacks — IS Khorasan — Balochistan" style label from the vocabularies.
pub fn count_label(data: &Dataset, r: &Count) -> String {
    let measure = data
        .measures
        .get(&r.measure)
        .map_or(r.measure.clone(), |m| {
            m.description.trim_end_matches('.').to_string()
        });
    let place = term_name(&data.places, &r.place);
    match &r.perpetrator {
        Some(p) => format!("{measure} — {} — {place}", term_name(&data.groups, p)),
        None => format!("{measure} — {place}"),
    }
}

/// The display name of a vocabulary id (the id itself if unknown). Groups
/// are named by their first alias when it is shorter ("IS-K", "TTP"), as
/// analysts write them.
pub fn term_name(vocabulary: &crate::validate::Vocabulary, id: &str) -> String {
    let Some(term) = vocabulary.terms().get(id) else {
        return id.to_string();
    };
    match term.aliases.first() {
        Some(short)
            if vocabulary.what == "group"
                && term.kind == "group"
                && short.len() < term.name.len() =>
        {
            short.clone()
        }
        _ => term.name.clone(),
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
