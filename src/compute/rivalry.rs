//! TTP against IS-K: claimed attacks in Pakistan per year, the ratio between
//! the two groups and each one's share of their combined attacks, reconciled
//! across sources and also given under every source separately.

use polars::prelude::*;

use crate::compute::frames::{text_at, Frames};
use crate::compute::stated::count_id;
use crate::compute::{derived, reconciled, Collector};
use crate::load::Dataset;

/// The two groups compared, with their metric-id names.
const TTP: (&str, &str, &str) = ("ttp", "ttp", "TTP");
const ISK: (&str, &str, &str) = ("isk", "iskp", "IS-K");

pub fn add_all(_data: &Dataset, frames: &Frames, c: &mut Collector) -> PolarsResult<()> {
    let claims = yearly_claims(&frames.counts)?;
    let years: Vec<i32> = distinct_years(&claims)?;
    for year in years {
        let of_year = claims
            .clone()
            .lazy()
            .filter(col("year").eq(lit(year)))
            .collect()?;
        let ttp = ids_for(&of_year, TTP.0)?;
        let isk = ids_for(&of_year, ISK.0)?;
        reconciled(
            c,
            &format!("attacks.{year}.ttp.claimed"),
            &format!("Attacks claimed by TTP in Pakistan, {year}"),
            &ttp.iter().map(|(_, id)| id.clone()).collect::<Vec<_>>(),
        );
        reconciled(
            c,
            &format!("attacks.{year}.iskp.claimed"),
            &format!("Attacks claimed by IS-K in Pakistan, {year}"),
            &isk.iter().map(|(_, id)| id.clone()).collect::<Vec<_>>(),
        );
        ratio_and_shares(
            c,
            year,
            &format!("attacks.{year}.ttp.claimed"),
            &format!("attacks.{year}.iskp.claimed"),
            "",
        );
        for (source, ttp_id) in &ttp {
            if let Some((_, isk_id)) = isk.iter().find(|(s, _)| s == source) {
                ratio_and_shares(c, year, ttp_id, isk_id, &format!(".by_source.{source}"));
            }
        }
    }
    Ok(())
}

/// Whole-year claimed-attack counts in Pakistan by TTP or IS-K.
fn yearly_claims(counts: &DataFrame) -> PolarsResult<DataFrame> {
    let of_the_two = col("perpetrator")
        .eq(lit(TTP.0))
        .or(col("perpetrator").eq(lit(ISK.0)));
    counts
        .clone()
        .lazy()
        .filter(
            col("measure")
                .eq(lit("claimed_attacks"))
                .and(col("place").eq(lit("pakistan")))
                .and(of_the_two)
                .and(col("whole_year")),
        )
        .sort(
            ["year", "perpetrator", "source_id", "id"],
            SortMultipleOptions::default(),
        )
        .collect()
}

fn distinct_years(claims: &DataFrame) -> PolarsResult<Vec<i32>> {
    let years = claims
        .clone()
        .lazy()
        .select([col("year").unique().sort(SortOptions::default())])
        .collect()?;
    Ok(years.column("year")?.i32()?.iter().flatten().collect())
}

/// `(source_id, stated-metric id)` pairs for one group.
fn ids_for(of_year: &DataFrame, group: &str) -> PolarsResult<Vec<(String, String)>> {
    let rows = of_year
        .clone()
        .lazy()
        .filter(col("perpetrator").eq(lit(group)))
        .collect()?;
    (0..rows.height())
        .map(|i| {
            Ok((
                text_at(&rows, "source_id", i)?,
                count_id(&text_at(&rows, "id", i)?),
            ))
        })
        .collect()
}

fn ratio_and_shares(c: &mut Collector, year: i32, ttp_id: &str, isk_id: &str, suffix: &str) {
    let [Some(ttp), Some(isk)] = [ttp_id, isk_id].map(|i| c.get(i).map(|m| m.value)) else {
        return;
    };
    let period = year.to_string();
    let inputs = [ttp_id, isk_id];
    let source_note = if suffix.is_empty() {
        String::new()
    } else {
        format!(" ({})", suffix.trim_start_matches(".by_source."))
    };
    let label = format!("TTP claimed attacks per IS-K claimed attack, {year}{source_note}");
    let m = derived(
        c,
        format!("attacks.{year}.ratio.ttp_to_iskp{suffix}"),
        label,
        "ratio",
        &period,
        ttp.ratio(&isk),
        "TTP ÷ IS-K".into(),
        &inputs,
    );
    c.add(m);
    let both = ttp.add(&isk);
    for ((_, name, short), part) in [(TTP, ttp), (ISK, isk)] {
        let label =
            format!("{short} share of the two groups' claimed attacks, {year}{source_note}");
        let share = part.share_of(&both).scale(100.0);
        let m = derived(
            c,
            format!("attacks.{year}.share.{name}{suffix}"),
            label,
            "percent",
            &period,
            share,
            "100 × group ÷ (TTP + IS-K)".into(),
            &inputs,
        );
        c.add(m);
    }
}
