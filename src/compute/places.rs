//! Where the incidents in the data happened: for every country of
//! places.csv with incidents, how many there are, and each province's share
//! of them (the counts per province are the incident totals, see
//! [`crate::compute::incidents`]).

// The sources of a million incidents are gathered in a hash set and
// sorted once: a tree costs a dozen string compares an incident.
use rustc_hash::FxHashSet;

use polars::prelude::*;

use crate::compute::frames::{text_at, Frames};
use crate::compute::ids;
use crate::compute::names::term_name;
use crate::compute::{derived, with_rest, Collector, LISTED};
use crate::date::PartialDate;
use crate::estimate::Estimate;
use crate::load::Dataset;

pub fn add_all(data: &Dataset, frames: &Frames, c: &mut Collector) -> PolarsResult<()> {
    let countries = data.places.terms().values().filter(|t| t.kind == "country");
    for country in countries {
        let Some(code) = country.parent.as_deref() else {
            continue;
        };
        if data.incidents.iter().any(|r| r.country == code) {
            distribution(data, frames, c, (&country.id, code))?;
        }
    }
    Ok(())
}

/// How many incidents of the country `code` (place `place`) each province has.
fn by_province(frames: &Frames, code: &str) -> PolarsResult<DataFrame> {
    frames
        .incidents
        .clone()
        .lazy()
        .filter(col("country").eq(lit(code)))
        .group_by([col("province")])
        .agg([len().alias("n")])
        .sort(["province"], SortMultipleOptions::default())
        .collect()
}

/// Adds the number of incidents in the country, citing the first [`LISTED`]
/// (in data order) and the sources of all of them; returns it.
fn country_total(
    data: &Dataset,
    c: &mut Collector,
    (place, code): (&str, &str),
    period: &str,
) -> Estimate {
    let (mut records, mut count, mut sources) = (Vec::new(), 0, FxHashSet::default());
    for r in data.incidents.iter().filter(|r| r.country == code) {
        if records.len() < LISTED {
            records.push(format!("incidents/{}", r.id));
        }
        count += 1;
        sources.insert(r.source_id.as_str());
    }
    let records = with_rest(records, count);
    let refs: Vec<&str> = records.iter().map(String::as_str).collect();
    let total = Estimate::exact(count as f64);
    let label = format!(
        "Incidents in the data in {}",
        term_name(&data.places, place)
    );
    let mut m = derived(
        c,
        ids::incidents_in(place),
        label,
        "attacks",
        period,
        total,
        "count of incidents".into(),
        &refs,
    );
    let mut sources: Vec<&str> = sources.into_iter().collect();
    sources.sort_unstable();
    m.sources = sources.into_iter().map(str::to_string).collect();
    c.add(m);
    total
}

/// Each province's share of the incidents in its country in the data.
fn distribution(
    data: &Dataset,
    frames: &Frames,
    c: &mut Collector,
    (place, code): (&str, &str),
) -> PolarsResult<()> {
    let in_country = data.incidents.iter().filter(|r| r.country == code);
    let period = PartialDate::span(in_country.map(|r| r.date));
    let total = country_total(data, c, (place, code), &period);
    let rows = by_province(frames, code)?;
    let counts = rows.column("n")?.cast(&DataType::Float64)?;
    let country = term_name(&data.places, place);
    for (i, n) in counts.f64()?.iter().enumerate() {
        let province = text_at(&rows, "province", i)?;
        let count_id = ids::incidents_by("by_province", &province, "count");
        // The share rests on the country's total too: any incident moves it.
        let share = Estimate::exact(n.unwrap_or(0.0))
            .share_of(&total)
            .scale(100.0);
        let name = term_name(&data.places, &province);
        let label = format!("Share of the incidents in the data in {country} that were in {name}");
        let formula = format!("100 × province ÷ all incidents in {country}");
        let total_id = ids::incidents_in(place);
        let id = ids::incidents_by("by_province", &province, "share");
        let m = derived(
            c,
            id,
            label,
            "percent",
            &period,
            share,
            formula,
            &[&count_id, &total_id],
        );
        c.add(m);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::compute::compute;
    use crate::load::testing::bundled;

    #[test]
    fn each_countrys_incidents_are_shared_among_its_provinces() {
        let m = compute(&bundled()).unwrap();
        assert_eq!(
            m.get("incidents.in_pakistan.count").unwrap().value.best,
            6.0
        );
        assert_eq!(
            m.get("incidents.in_afghanistan.count").unwrap().value.best,
            1.0
        );
        let share = |p: &str| {
            m.get(&format!("incidents.by_province.{p}.share"))
                .unwrap()
                .value
                .best
        };
        assert_eq!(share("balochistan"), 33.3333);
        assert_eq!(share("kabul"), 100.0, "of Afghanistan's, not Pakistan's");
        let pakistan: f64 = ["balochistan", "khyber-pakhtunkhwa", "punjab", "sindh"]
            .map(share)
            .iter()
            .sum();
        assert!((pakistan - 100.0).abs() < 0.001, "{pakistan}");
    }
}
