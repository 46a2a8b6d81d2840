//! The records of a [`Dataset`] as polars DataFrames, with every stated
//! figure already read into `low`/`best`/`high` bounds (null = open bound).
//!
//! Column names are constants so the rules that query these frames do not
//! repeat string literals.

use polars::prelude::*;

use crate::estimate::Estimate;
use crate::load::records::InOrder;
use crate::load::Dataset;

/// The frames the rules query.
pub struct Frames {
    /// One row per `counts.csv` record.
    pub counts: DataFrame,
    /// One row per `casualty_estimates.csv` record, keyed by the position
    /// of its incident (see [`Frames::incidents`]).
    pub casualties: DataFrame,
    /// One row per `incidents.csv` record.
    pub incidents: DataFrame,
}

impl Frames {
    /// Builds the frames; the two large ones side by side, one per core.
    pub fn new(data: &Dataset) -> PolarsResult<Frames> {
        let (casualties, incidents) = std::thread::scope(|scope| {
            let casualties = scope.spawn(|| casualties(data));
            let incidents = incidents(data);
            (
                casualties.join().expect("building a frame does not panic"),
                incidents,
            )
        });
        Ok(Frames {
            counts: counts(data)?,
            casualties: casualties?,
            incidents: incidents?,
        })
    }
}

/// The `{prefix}low`, `{prefix}best` and `{prefix}high` columns of a list
/// of `len` estimates (`None`: nothing stated), built in one pass over
/// `estimates`: a million estimates are neither collected first nor read
/// once per column.
fn bound_columns(
    prefix: &str,
    len: usize,
    estimates: impl Iterator<Item = Option<Estimate>>,
) -> [Column; 3] {
    let builder = |bound: &str| {
        PrimitiveChunkedBuilder::<Float64Type>::new(format!("{prefix}{bound}").into(), len)
    };
    let [mut low, mut best, mut high] = [builder("low"), builder("best"), builder("high")];
    for estimate in estimates {
        low.append_option(estimate.and_then(|e| e.low));
        best.append_option(estimate.map(|e| e.best));
        high.append_option(estimate.and_then(|e| e.high));
    }
    [low, best, high].map(|b| b.finish().into_column())
}

fn counts(data: &Dataset) -> PolarsResult<DataFrame> {
    let rows = &data.counts;
    let mut frame = df!(
        "id" => rows.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(),
        "source_id" => rows.iter().map(|c| c.source_id.as_str()).collect::<Vec<_>>(),
        "place" => rows.iter().map(|c| c.place.as_str()).collect::<Vec<_>>(),
        "perpetrator" => rows.iter().map(|c| c.perpetrator.as_deref()).collect::<Vec<_>>(),
        "measure" => rows.iter().map(|c| c.measure.as_str()).collect::<Vec<_>>(),
        "period_start" => rows.iter().map(|c| c.period_start.to_string()).collect::<Vec<_>>(),
        "period_end" => rows.iter().map(|c| c.period_end.to_string()).collect::<Vec<_>>(),
        "year" => rows.iter().map(|c| c.period_start.year()).collect::<Vec<_>>(),
        "whole_year" => rows.iter().map(|c| crate::compute::stated::period(c.period_start, c.period_end).len() == 4).collect::<Vec<_>>(),
    )?;
    let estimates = rows.iter().map(|c| Some(data.estimate(&c.figure)));
    frame.hstack_mut(&bound_columns("", rows.len(), estimates))?;
    Ok(frame)
}

/// One row per casualty estimate: the position of its incident in
/// `data.incidents` (column `incident`, the key the rules join on: joining
/// a million rows on integers is much faster than on id strings) and its
/// bounds.
fn casualties(data: &Dataset) -> PolarsResult<DataFrame> {
    let rows = &data.casualty_estimates;
    let positions = incident_positions(data);
    let ascending = positions.is_sorted();
    let mut positions = UInt32Chunked::from_iter_options("incident".into(), positions.into_iter());
    if ascending {
        // Estimates written in the order of their incidents (the usual
        // case) can then be grouped by slicing instead of hashing.
        positions.set_sorted_flag(polars::series::IsSorted::Ascending);
    }
    let mut columns = vec![positions.into_column()];
    let killed = rows
        .iter()
        .map(|r| r.killed.map(|f| data.estimate(&f.unpack())));
    let injured = rows
        .iter()
        .map(|r| r.injured.map(|f| data.estimate(&f.unpack())));
    columns.extend(bound_columns("killed_", rows.len(), killed));
    columns.extend(bound_columns("injured_", rows.len(), injured));
    DataFrame::new_infer_height(columns)
}

/// The position in `data.incidents` of each casualty estimate's incident,
/// found [`InOrder`]; the others are looked up by id (the map is built only
/// if one is needed).
fn incident_positions(data: &Dataset) -> Vec<Option<u32>> {
    let incidents = &data.incidents;
    let mut by_id: Option<rustc_hash::FxHashMap<&str, usize>> = None;
    let mut in_order = InOrder::default();
    let mut positions = Vec::with_capacity(data.casualty_estimates.len());
    for estimate in data.casualty_estimates.iter() {
        let id = estimate.incident_id.as_str();
        let found = in_order.position(incidents, id, || {
            let by_id = by_id.get_or_insert_with(|| {
                let ids = incidents.iter().map(|i| i.id.as_str());
                ids.enumerate().map(|(k, id)| (id, k)).collect()
            });
            by_id.get(id).copied()
        });
        positions.push(found.map(|k| k as u32));
    }
    positions
}

/// One row per incident, in the order of `data.incidents` (its position is
/// column `incident`), built in one pass over the incidents: a million
/// records of 256 bytes are read once, not once per column.
fn incidents(data: &Dataset) -> PolarsResult<DataFrame> {
    let rows = &data.incidents;
    let text = |name: &str| StringChunkedBuilder::new(name.into(), rows.len());
    let mut years = PrimitiveChunkedBuilder::<Int32Type>::new("year".into(), rows.len());
    let mut texts = ["incident_id", "country", "province", "group", "source_id"].map(text);
    for r in rows.iter() {
        years.append_value(r.date.year());
        for (column, value) in
            texts
                .iter_mut()
                .zip([&r.id, &r.country, &r.province, &r.group, &r.source_id])
        {
            column.append_value(value);
        }
    }
    let mut positions = UInt32Chunked::from_iter_values("incident".into(), 0..rows.len() as u32);
    // 0, 1, 2, …: said so, polars can use it.
    positions.set_sorted_flag(polars::series::IsSorted::Ascending);
    let [id, country, province, group, source] = texts.map(|b| b.finish().into_column());
    let columns = vec![
        positions.into_column(),
        id,
        years.finish().into_column(),
        country,
        province,
        group,
        source,
    ];
    DataFrame::new_infer_height(columns)
}

/// Reads an estimate from row `i` of columns `{prefix}low`, `{prefix}best`,
/// `{prefix}high`; `None` when the best value is null (nothing stated).
pub fn estimate_at(df: &DataFrame, prefix: &str, i: usize) -> PolarsResult<Option<Estimate>> {
    let get = |name: &str| -> PolarsResult<Option<f64>> {
        Ok(df.column(&format!("{prefix}{name}"))?.f64()?.get(i))
    };
    Ok(get("best")?
        .map(|best| Estimate::new(get("low").ok().flatten(), best, get("high").ok().flatten())))
}

/// The string in column `name`, row `i` ("" when null).
pub fn text_at(df: &DataFrame, name: &str, i: usize) -> PolarsResult<String> {
    Ok(df
        .column(name)?
        .str()?
        .get(i)
        .unwrap_or_default()
        .to_string())
}

/// Sum of a bound over a group: null (open) if any member's bound is open.
pub fn open_if_any_open_sum(name: &str) -> Expr {
    when(col(name).null_count().gt(lit(0)))
        .then(lit(NULL).cast(DataType::Float64))
        .otherwise(col(name).sum())
        .alias(name)
}

/// Highest upper bound over a group: null (open) if any member's is open.
pub fn open_if_any_open_max(name: &str) -> Expr {
    when(col(name).null_count().gt(lit(0)))
        .then(lit(NULL).cast(DataType::Float64))
        .otherwise(col(name).max())
        .alias(name)
}

/// The strings of list column `name`, row `i`.
pub fn list_at(df: &DataFrame, name: &str, i: usize) -> PolarsResult<Vec<String>> {
    let Some(series) = df.column(name)?.list()?.get_as_series(i) else {
        return Ok(Vec::new());
    };
    Ok(series.str()?.iter().flatten().map(str::to_string).collect())
}
