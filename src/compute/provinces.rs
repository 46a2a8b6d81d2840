//! Where IS-K's claimed attacks happen: each province's share of the group's
//! claimed attacks in Pakistan for every period the counts cover, the total
//! implied by a stated share, and the province distribution of the incidents
//! in the data.

use std::collections::BTreeSet;

use polars::prelude::*;

use crate::compute::frames::{text_at, Frames};
use crate::compute::stated::{count_id, term_name};
use crate::compute::{derived, with_rest, Collector, LISTED};
use crate::date::PartialDate;
use crate::estimate::Estimate;
use crate::load::Dataset;

pub fn add_all(data: &Dataset, frames: &Frames, c: &mut Collector) -> PolarsResult<()> {
    counted_shares(data, frames, c)?;
    stated_shares(data, c);
    implied_totals(data, frames, c)?;
    incident_distribution(data, frames, c)
}

/// The period key of a count row, as used in metric ids.
fn period_key(rows: &DataFrame, i: usize) -> PolarsResult<String> {
    let (start, end) = (
        text_at(rows, "period_start", i)?,
        text_at(rows, "period_end", i)?,
    );
    Ok(format!("{start}_{end}"))
}

/// Claimed-attack counts in a province joined to the same group's count for
/// all of Pakistan over the same period, from the same source.
fn province_and_country(counts: &DataFrame, measure: &str) -> PolarsResult<DataFrame> {
    let keys = [
        col("period_start"),
        col("period_end"),
        col("perpetrator"),
        col("source_id"),
    ];
    let country = counts
        .clone()
        .lazy()
        .filter(
            col("measure")
                .eq(lit("claimed_attacks"))
                .and(col("place").eq(lit("pakistan"))),
        )
        .select([
            col("period_start"),
            col("period_end"),
            col("perpetrator"),
            col("source_id"),
            col("id").alias("country_id"),
        ]);
    counts
        .clone()
        .lazy()
        .filter(
            col("measure")
                .eq(lit(measure))
                .and(col("place").neq(lit("pakistan"))),
        )
        .join(country, keys.clone(), keys, JoinArgs::new(JoinType::Inner))
        .sort(
            ["perpetrator", "period_start", "period_end", "place", "id"],
            SortMultipleOptions::default(),
        )
        .collect()
}

fn counted_shares(data: &Dataset, frames: &Frames, c: &mut Collector) -> PolarsResult<()> {
    let rows = province_and_country(&frames.counts, "claimed_attacks")?;
    for i in 0..rows.height() {
        let (part_id, total_id) = (
            count_id(&text_at(&rows, "id", i)?),
            count_id(&text_at(&rows, "country_id", i)?),
        );
        let [Some(part), Some(total)] =
            [&part_id, &total_id].map(|id| c.get(id).map(|m| (m.value, m.period.clone())))
        else {
            continue;
        };
        let (group, place) = (
            text_at(&rows, "perpetrator", i)?,
            text_at(&rows, "place", i)?,
        );
        let id = format!(
            "{}.claimed.{}.{place}.share",
            group_key(&group),
            period_key(&rows, i)?
        );
        let label = format!(
            "{}: share of claimed attacks in Pakistan that were in {}, {}",
            term_name(&data.groups, &group),
            term_name(&data.places, &place),
            part.1
        );
        let share = part.0.share_of(&total.0).scale(100.0);
        let m = derived(
            c,
            id,
            label,
            "percent",
            &part.1,
            share,
            "100 × province ÷ Pakistan (part of its whole)".into(),
            &[&part_id, &total_id],
        );
        c.add(m);
    }
    Ok(())
}

/// Shares of a group's claimed attacks that sources state for a province
/// ("half of its attacks since August"), under the same ids as computed
/// shares (or `.stated` beside a computed one).
fn stated_shares(data: &Dataset, c: &mut Collector) {
    let stated = data
        .counts
        .iter()
        .filter(|r| r.measure == "share_of_attacks" && r.place != "pakistan");
    for r in stated {
        let Some(group) = &r.perpetrator else {
            continue;
        };
        let mut id = format!(
            "{}.claimed.{}_{}.{}.share",
            group_key(group),
            r.period_start,
            r.period_end,
            r.place
        );
        if c.get(&id).is_some() {
            id.push_str(".stated");
        }
        let label = format!(
            "{}: share of claimed attacks in Pakistan that were in {}, as stated",
            term_name(&data.groups, group),
            term_name(&data.places, &r.place)
        );
        crate::compute::reconciled(c, &id, &label, &[count_id(&r.id)]);
    }
}

/// Where a source gives a province's share of a group's attacks and the
/// province's count, the total in Pakistan they imply: count ÷ share.
fn implied_totals(data: &Dataset, frames: &Frames, c: &mut Collector) -> PolarsResult<()> {
    let keys = [
        col("period_start"),
        col("period_end"),
        col("perpetrator"),
        col("place"),
        col("source_id"),
    ];
    let shares = frames
        .counts
        .clone()
        .lazy()
        .filter(col("measure").eq(lit("share_of_attacks")))
        .select([
            col("period_start"),
            col("period_end"),
            col("perpetrator"),
            col("place"),
            col("source_id"),
            col("id").alias("share_id"),
        ]);
    let rows = frames
        .counts
        .clone()
        .lazy()
        .filter(col("measure").eq(lit("claimed_attacks")))
        .join(shares, keys.clone(), keys, JoinArgs::new(JoinType::Inner))
        .sort(["id"], SortMultipleOptions::default())
        .collect()?;
    for i in 0..rows.height() {
        let (count, share) = (
            count_id(&text_at(&rows, "id", i)?),
            count_id(&text_at(&rows, "share_id", i)?),
        );
        let [Some(n), Some(s)] =
            [&count, &share].map(|id| c.get(id).map(|m| (m.value, m.period.clone())))
        else {
            continue;
        };
        let group = text_at(&rows, "perpetrator", i)?;
        let id = format!(
            "{}.claimed.{}.pakistan.implied",
            group_key(&group),
            period_key(&rows, i)?
        );
        let label = format!(
            "{}: claimed attacks in Pakistan implied by the stated share, {}",
            term_name(&data.groups, &group),
            n.1
        );
        let m = derived(
            c,
            id,
            label,
            "attacks",
            &n.1,
            n.0.ratio(&s.0.scale(0.01)),
            "province count ÷ (stated share ÷ 100)".into(),
            &[&count, &share],
        );
        c.add(m);
    }
    Ok(())
}

/// Metric-id name of a group (IS-K is `iskp` in ids, as in the examples).
pub fn group_key(group: &str) -> String {
    match group {
        "isk" => "iskp".to_string(),
        other => other.replace('-', "_"),
    }
}

/// Metric id of the number of incidents in Pakistan in the data.
const TOTAL_ID: &str = "incidents.in_pakistan.count";

/// How many incidents in Pakistan each province has (sorted by province).
fn pakistan_by_province(frames: &Frames) -> PolarsResult<DataFrame> {
    frames
        .incidents
        .clone()
        .lazy()
        .filter(col("country").eq(lit("PK")))
        .group_by([col("province")])
        .agg([len().alias("n")])
        .sort(["province"], SortMultipleOptions::default())
        .collect()
}

/// Adds the number of incidents in Pakistan in the data, citing the first
/// [`LISTED`] (in data order) and the sources of all of them; returns it.
fn pakistan_total(data: &Dataset, c: &mut Collector, period: &str) -> Estimate {
    let (mut ids, mut count, mut sources) = (Vec::new(), 0, BTreeSet::new());
    for r in data.incidents.iter().filter(|r| r.country == "PK") {
        if ids.len() < LISTED {
            ids.push(format!("incidents/{}", r.id));
        }
        count += 1;
        sources.insert(r.source_id.as_str());
    }
    let records = with_rest(ids, count);
    let refs: Vec<&str> = records.iter().map(String::as_str).collect();
    let total = Estimate::exact(count as f64);
    let label = "Incidents in the data in Pakistan".to_string();
    let formula = "count of incidents".to_string();
    let mut m = derived(
        c,
        TOTAL_ID.into(),
        label,
        "attacks",
        period,
        total,
        formula,
        &refs,
    );
    m.sources = sources.into_iter().map(str::to_string).collect();
    c.add(m);
    total
}

/// Each province's share of the incidents in Pakistan in the data. The
/// provinces' counts themselves are the incident totals by province
/// (`incidents.by_province.{id}.count`, see [`crate::compute::incidents`]),
/// which must already be collected.
fn incident_distribution(data: &Dataset, frames: &Frames, c: &mut Collector) -> PolarsResult<()> {
    let in_pakistan = data.incidents.iter().filter(|r| r.country == "PK");
    let period = PartialDate::span(in_pakistan.map(|r| r.date));
    let total = pakistan_total(data, c, &period);
    let rows = pakistan_by_province(frames)?;
    let counts = rows.column("n")?.cast(&DataType::Float64)?;
    for (i, n) in counts.f64()?.iter().enumerate() {
        let place = text_at(&rows, "province", i)?;
        let count = Estimate::exact(n.unwrap_or(0.0));
        let name = term_name(&data.places, &place);
        let count_id = format!("incidents.by_province.{place}.count");
        // The share rests on the Pakistan total too: any incident moves it.
        let share = count.share_of(&total).scale(100.0);
        let label = format!("Share of the incidents in the data in Pakistan that were in {name}");
        let formula = "100 × province ÷ all incidents in Pakistan".to_string();
        let m = derived(
            c,
            format!("incidents.by_province.{place}.share"),
            label,
            "percent",
            &period,
            share,
            formula,
            &[&count_id, TOTAL_ID],
        );
        c.add(m);
    }
    Ok(())
}
