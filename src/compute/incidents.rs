//! Per-incident casualties reconciled across sources (with disagreements
//! flagged), and totals of incidents, killed and injured per year, province
//! and group.
//!
//! An incident no source gives a figure for counts as "0 or more" in a
//! total: it lowers nothing and leaves the upper bound open.

use polars::prelude::*;
use polars_arrow::bitmap::MutableBitmap;

use crate::compute::frames::{
    estimate_at, list_at, open_if_any_open_max, open_if_any_open_sum, text_at, Frames,
};
use std::collections::HashMap;

use crate::compute::ids::{self, stated_casualty as casualty_id};
use crate::compute::names::term_name;
use crate::compute::stated;
use crate::compute::{derived, reconciled, with_rest, Collector, LISTED};
use crate::date::PartialDate;
use crate::estimate::Estimate;
use crate::load::records::{CasualtyEstimate, Incident};
use crate::load::Dataset;

const WHAT: [&str; 2] = ["killed", "injured"];

pub fn add_all(data: &Dataset, frames: &Frames, c: &mut Collector) -> PolarsResult<()> {
    let clock = crate::timing::Stopwatch::start();
    let reconciled = reconcile(frames)?;
    clock.lap("incidents: reconcile");
    let (listed, positions) = listed_incidents(&reconciled)?;
    let index = Index::new(data, &positions);
    clock.lap("incidents: listed");
    per_incident(data, c, &listed, &index);
    clock.lap("incidents: per incident");
    let span = PartialDate::span(data.incidents.iter().map(|i| i.date));
    for (dimension, column) in [
        ("by_year", "year"),
        ("by_province", "province"),
        ("by_group", "group"),
    ] {
        totals(data, &reconciled, c, (dimension, column), &span)?;
        clock.lap(&format!("incidents: {dimension}"));
    }
    Ok(())
}

/// The listed incidents by id, each with its casualty estimates in file
/// order (for lookups only: never iterated, so their order cannot reach an
/// output). Found in one pass over the estimates: only the listed few
/// hundred are indexed, not a million.
struct Index<'a> {
    incidents: HashMap<&'a str, &'a Incident>,
    estimates: HashMap<&'a str, Vec<&'a CasualtyEstimate>>,
}

impl<'a> Index<'a> {
    fn new(data: &'a Dataset, listed: &[u32]) -> Index<'a> {
        let incidents: HashMap<&str, &Incident> = listed
            .iter()
            .filter_map(|k| data.incidents.get(*k as usize))
            .map(|r| (r.id.as_str(), r))
            .collect();
        let mut estimates: HashMap<&str, Vec<&CasualtyEstimate>> = HashMap::new();
        for e in data.casualty_estimates.iter() {
            if incidents.contains_key(e.incident_id.as_str()) {
                estimates.entry(e.incident_id.as_str()).or_default().push(e);
            }
        }
        Index {
            incidents,
            estimates,
        }
    }
}

/// The incidents listed one by one: all of them up to [`LISTED`], else the
/// [`LISTED`] deadliest by reconciled best estimate (ties by id). The rest
/// are counted in the totals only, so the report stays bounded.
/// Returns their ids, sorted, and their positions in `data.incidents`.
fn listed_incidents(reconciled: &DataFrame) -> PolarsResult<(Vec<String>, Vec<u32>)> {
    let sorted = reconciled
        .clone()
        .lazy()
        .filter(col("killed_best").gt_eq(lit(deadliest_floor(reconciled)?)))
        .sort(
            ["killed_best", "incident_id"],
            SortMultipleOptions::default().with_order_descending_multi([true, false]),
        )
        .limit(LISTED as u32)
        .collect()?;
    let mut ids: Vec<String> = (0..sorted.height())
        .map(|i| text_at(&sorted, "incident_id", i))
        .collect::<PolarsResult<_>>()?;
    ids.sort();
    let positions = sorted.column("incident")?.u32()?.iter().flatten().collect();
    Ok((ids, positions))
}

/// The reconciled best estimate of killed the [`LISTED`]th deadliest
/// incident has (the least when there are fewer): no incident below it is
/// listed. Sorting a million rows by two columns, one of them text, took a
/// third of a second; the few at or above this floor sort in no time.
fn deadliest_floor(reconciled: &DataFrame) -> PolarsResult<f64> {
    let mut best: Vec<f64> = values::<Float64Type>(reconciled, "killed_best")?
        .map(|v| v.unwrap_or(0.0))
        .collect();
    if best.len() <= LISTED {
        return Ok(f64::NEG_INFINITY);
    }
    let (_, floor, _) = best.select_nth_unstable_by(LISTED - 1, |a, b| b.total_cmp(a));
    Ok(*floor)
}

/// For each listed incident: the stated figures of each source, and one
/// reconciled metric per figure, `incidents.{id}.killed` / `.injured`.
fn per_incident(data: &Dataset, c: &mut Collector, listed: &[String], index: &Index) {
    for id in listed {
        let Some(incident) = index.incidents.get(id.as_str()) else {
            continue;
        };
        let estimates = index
            .estimates
            .get(id.as_str())
            .map(Vec::as_slice)
            .unwrap_or_default();
        for estimate in estimates {
            stated::casualties(data, estimate, &incident.date.to_string())
                .into_iter()
                .for_each(|m| c.add(m));
        }
        for what in WHAT {
            let inputs: Vec<String> = estimates
                .iter()
                .map(|e| casualty_id(&e.id, what))
                .filter(|id| c.get(id).is_some())
                .collect();
            let place = incident.district.as_deref().unwrap_or(&incident.province);
            let label = format!(
                "People {what} in the {} attack in {place}, {}",
                term_name(&data.groups, &incident.group),
                incident.date
            );
            reconciled(c, &ids::incident(&incident.id, what), &label, &inputs);
        }
    }
}

/// One row per incident (all of them, with or without figures) with the
/// reconciled bounds; unknown figures become [0, open).
fn reconcile(frames: &Frames) -> PolarsResult<DataFrame> {
    let per_incident = bounds_per_incident(&frames.casualties, frames.incidents.height())?;
    let positions: Vec<Option<u32>> = values::<UInt32Type>(&per_incident, "incident")?.collect();
    let mut bounds = Vec::new();
    for what in WHAT {
        let at = (positions.as_slice(), frames.incidents.height());
        bounds.extend(per_position(&per_incident, what, at)?);
    }
    frames.incidents.hstack(&bounds)
}

/// The reconciled bounds of each incident `casualties` gives figures for
/// (of `incidents`, by position): the least low, the median best, the
/// greatest high (open if any is). An incident with one estimate is its
/// own bounds, so only incidents several estimates share are grouped: a
/// million groups of one cost polars a second, most of a build's compute.
fn bounds_per_incident(casualties: &DataFrame, incidents: usize) -> PolarsResult<DataFrame> {
    let shared = shared_incident(casualties, incidents)?;
    let mut bounds = vec![col("incident")];
    let mut aggregates = Vec::new();
    for what in WHAT {
        let [low, best, high] = ["low", "best", "high"].map(|b| format!("{what}_{b}"));
        bounds.extend([col(&low), col(&best), col(&high)]);
        aggregates.extend([
            col(low).min(),
            col(best).median(),
            open_if_any_open_max(&high),
        ]);
    }
    let single = casualties.filter(&!&shared)?.lazy().select(bounds);
    let several = casualties
        .filter(&shared)?
        .lazy()
        .group_by([col("incident")])
        .agg(aggregates);
    concat([single, several], UnionArgs::default())?.collect()
}

/// Whether each row of `casualties` is about an incident (a position
/// below `incidents`) another row is about too.
fn shared_incident(casualties: &DataFrame, incidents: usize) -> PolarsResult<BooleanChunked> {
    let positions: Vec<Option<u32>> = values::<UInt32Type>(casualties, "incident")?.collect();
    let mut seen = vec![0u8; incidents + 1];
    let slot = |p: &Option<u32>| p.map_or(incidents, |p| (p as usize).min(incidents));
    for p in &positions {
        let n = &mut seen[slot(p)];
        *n = n.saturating_add(1);
    }
    let shared = positions.iter().map(|p| seen[slot(p)] > 1);
    Ok(BooleanChunked::from_iter_values("shared".into(), shared))
}

/// The `{what}_low`, `_best` and `_high` bounds of `per_incident` set at
/// the position of each of `incidents` incidents (`positions`: its rows'
/// incidents), unknown figures as [0, open). A placement by position rather
/// than a join: a join of a million keys needs a hash table, its indices
/// and a second copy of every column, some 100 MB more at the peak.
fn per_position(
    per_incident: &DataFrame,
    what: &str,
    (positions, incidents): (&[Option<u32>], usize),
) -> PolarsResult<[Column; 3]> {
    let known: Vec<bool> = values::<Float64Type>(per_incident, &format!("{what}_best"))?
        .map(|best| best.is_some())
        .collect();
    // Straight into the column's own buffers: a million-row intermediate
    // per column cost more in fresh pages than the placing itself.
    let column = |bound: &str| -> PolarsResult<Column> {
        let name = format!("{what}_{bound}");
        let mut placed = vec![0.0; incidents];
        // Only a high bound can be open (null); an unknown or open low or
        // best is 0.
        let mut bounded = (bound == "high").then(|| MutableBitmap::from_len_zeroed(incidents));
        let rows = positions
            .iter()
            .zip(&known)
            .zip(values::<Float64Type>(per_incident, &name)?);
        for ((k, known), value) in rows {
            let Some(k) = k.map(|k| k as usize).filter(|k| *k < incidents) else {
                continue;
            };
            if let (true, Some(value)) = (*known, value) {
                placed[k] = value;
                bounded.iter_mut().for_each(|b| b.set(k, true));
            }
        }
        let validity = bounded.map(Into::into);
        Ok(Float64Chunked::from_vec_validity(name.into(), placed, validity).into_column())
    };
    Ok([column("low")?, column("best")?, column("high")?])
}

/// The values of numeric column `name`, read chunk by chunk (a
/// ChunkedArray's own iterator is boxed, a call per value).
fn values<'a, T: PolarsNumericType>(
    frame: &'a DataFrame,
    name: &str,
) -> PolarsResult<impl Iterator<Item = Option<T::Native>> + 'a> {
    let chunked: &ChunkedArray<T> = frame.column(name)?.as_materialized_series().unpack::<T>()?;
    Ok(chunked
        .downcast_iter()
        .flat_map(|array| array.iter().map(|v| v.copied())))
}

/// Sums per `column` value: incidents counted, and killed and injured with
/// interval sums (an open bound anywhere leaves the total open).
fn totals(
    data: &Dataset,
    reconciled: &DataFrame,
    c: &mut Collector,
    (dimension, column): (&str, &str),
    span: &str,
) -> PolarsResult<()> {
    // Only the first LISTED incident ids are cited one by one; the sources
    // of all of them are collected (deduplicated) by polars.
    let mut aggregates = vec![
        len().alias("incidents"),
        col("incident_id")
            .sort(SortOptions::default())
            .head(Some(LISTED))
            .alias("ids"),
        col("source_id")
            .unique()
            .sort(SortOptions::default())
            .alias("sources"),
    ];
    for what in WHAT {
        aggregates.push(col(format!("{what}_low")).sum());
        aggregates.push(col(format!("{what}_best")).sum());
        aggregates.push(open_if_any_open_sum(&format!("{what}_high")));
    }
    // Grouped by the column as it is (a year is grouped as a number, not
    // a million strings hashed), its values made text once per group.
    let sums = reconciled
        .clone()
        .lazy()
        .group_by([col(column)])
        .agg(aggregates)
        .with_column(col(column).cast(DataType::String))
        .sort([column], SortMultipleOptions::default())
        .collect()?;
    for i in 0..sums.height() {
        let key = text_at(&sums, column, i)?;
        let cited = Cited {
            ids: list_at(&sums, "ids", i)?,
            sources: list_at(&sums, "sources", i)?,
        };
        let period = if dimension == "by_year" {
            key.clone()
        } else {
            span.to_string()
        };
        add_totals(data, c, &sums, i, (dimension, &key, &period), &cited)?;
    }
    Ok(())
}

/// What a total cites: its first incidents (up to [`LISTED`]) and every
/// source of all its incidents.
struct Cited {
    ids: Vec<String>,
    sources: Vec<String>,
}

fn add_totals(
    data: &Dataset,
    c: &mut Collector,
    sums: &DataFrame,
    i: usize,
    (dimension, key, period): (&str, &str, &str),
    cited: &Cited,
) -> PolarsResult<()> {
    let name = match dimension {
        "by_province" => term_name(&data.places, key),
        "by_group" => term_name(&data.groups, key),
        _ => key.to_string(),
    };
    let n = sums
        .column("incidents")?
        .cast(&DataType::Float64)?
        .f64()?
        .get(i)
        .unwrap_or(0.0);
    let records = with_rest(
        cited
            .ids
            .iter()
            .map(|id| format!("incidents/{id}"))
            .collect(),
        n as usize,
    );
    let refs: Vec<&str> = records.iter().map(String::as_str).collect();
    let mut m = derived(
        c,
        ids::incidents_by(dimension, key, "count"),
        format!("Incidents in the data: {name}"),
        "attacks",
        period,
        Estimate::exact(n),
        "count of incidents".into(),
        &refs,
    );
    m.sources = cited.sources.clone();
    c.add(m);
    for what in WHAT {
        let Some(total) = estimate_at(sums, &format!("{what}_"), i)? else {
            continue;
        };
        // An incident no source gives this figure for is cited by its record.
        let inputs: Vec<String> = cited
            .ids
            .iter()
            .map(|id| {
                let metric = ids::incident(id, what);
                if c.get(&metric).is_some() {
                    metric
                } else {
                    format!("incidents/{id}")
                }
            })
            .collect();
        let inputs = with_rest(inputs, n as usize);
        let refs: Vec<&str> = inputs.iter().map(String::as_str).collect();
        let formula = "sum over incidents of reconciled bounds; an incident with no figure adds 0 to the low bound and opens the high".to_string();
        let label = format!("People {what} in the incidents in the data: {name}");
        let mut m = derived(
            c,
            ids::incidents_by(dimension, key, what),
            label,
            "people",
            period,
            total,
            formula,
            &refs,
        );
        m.sources.extend(cited.sources.iter().cloned());
        c.add(m);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Estimates of three incidents (positions 0, 1, 2 of 4): the first
    /// alone, the second in three rows, one with an open high; the third in
    /// two rows. The fourth incident has none.
    fn casualties() -> DataFrame {
        let some = |v: f64| Some(v);
        df!(
            "incident" => [0u32, 1, 1, 1, 2, 2],
            "killed_low" => [some(5.0), some(10.0), some(12.0), None, some(1.0), some(2.0)],
            "killed_best" => [some(5.0), some(10.0), some(14.0), some(30.0), some(1.0), some(3.0)],
            "killed_high" => [some(6.0), some(11.0), None, some(30.0), some(2.0), some(4.0)],
            "injured_low" => [None::<f64>, None, None, None, None, None],
            "injured_best" => [None::<f64>, None, None, None, None, None],
            "injured_high" => [None::<f64>, None, None, None, None, None],
        )
        .unwrap()
    }

    fn row(frame: &DataFrame, incident: u32) -> Vec<Option<f64>> {
        let sorted = frame.sort(["incident"], Default::default()).unwrap();
        let at = values::<UInt32Type>(&sorted, "incident")
            .unwrap()
            .position(|i| i == Some(incident))
            .unwrap();
        ["killed_low", "killed_best", "killed_high"]
            .iter()
            .map(|c| values::<Float64Type>(&sorted, c).unwrap().nth(at).unwrap())
            .collect()
    }

    #[test]
    fn one_estimate_is_its_own_bounds_and_several_are_reconciled() {
        let bounds = bounds_per_incident(&casualties(), 4).unwrap();
        assert_eq!(bounds.height(), 3, "one row per incident with estimates");
        assert_eq!(row(&bounds, 0), [Some(5.0), Some(5.0), Some(6.0)]);
        // Least low, median best, and an open high since one is open.
        assert_eq!(row(&bounds, 1), [Some(10.0), Some(14.0), None]);
        assert_eq!(row(&bounds, 2), [Some(1.0), Some(2.0), Some(4.0)]);
    }

    #[test]
    fn rows_are_shared_only_with_another_row_of_their_incident() {
        let shared = shared_incident(&casualties(), 4).unwrap();
        let shared: Vec<Option<bool>> = shared.iter().collect();
        let shared: Vec<bool> = shared.into_iter().map(Option::unwrap).collect();
        assert_eq!(shared, [false, true, true, true, true, true]);
    }
}
