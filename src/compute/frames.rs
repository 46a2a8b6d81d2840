//! The records of a [`Dataset`] as polars DataFrames, with every stated
//! figure already read into `low`/`best`/`high` bounds (null = open bound).
//!
//! Column names are constants so the rules that query these frames do not
//! repeat string literals.

use polars::prelude::*;

use crate::estimate::Estimate;
use crate::load::Dataset;

/// The frames the rules query.
pub struct Frames {
    /// One row per `counts.csv` record.
    pub counts: DataFrame,
    /// One row per `casualty_estimates.csv` record, joined to its incident.
    pub casualties: DataFrame,
    /// One row per `incidents.csv` record.
    pub incidents: DataFrame,
}

impl Frames {
    pub fn new(data: &Dataset) -> PolarsResult<Frames> {
        Ok(Frames {
            counts: counts(data)?,
            casualties: casualties(data)?,
            incidents: incidents(data)?,
        })
    }
}

/// The `low`, `best` and `high` columns of a list of estimates.
type BoundColumns = (Vec<Option<f64>>, Vec<Option<f64>>, Vec<Option<f64>>);

fn bounds(estimates: &[Option<Estimate>]) -> BoundColumns {
    let low = estimates.iter().map(|e| e.and_then(|e| e.low)).collect();
    let best = estimates.iter().map(|e| e.map(|e| e.best)).collect();
    let high = estimates.iter().map(|e| e.and_then(|e| e.high)).collect();
    (low, best, high)
}

fn counts(data: &Dataset) -> PolarsResult<DataFrame> {
    let rows = &data.counts;
    let estimates: Vec<Option<Estimate>> = rows
        .iter()
        .map(|c| Some(data.estimate(&c.figure)))
        .collect();
    let (low, best, high) = bounds(&estimates);
    df!(
        "id" => rows.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(),
        "source_id" => rows.iter().map(|c| c.source_id.as_str()).collect::<Vec<_>>(),
        "place" => rows.iter().map(|c| c.place.as_str()).collect::<Vec<_>>(),
        "perpetrator" => rows.iter().map(|c| c.perpetrator.as_deref()).collect::<Vec<_>>(),
        "measure" => rows.iter().map(|c| c.measure.as_str()).collect::<Vec<_>>(),
        "period_start" => rows.iter().map(|c| c.period_start.to_string()).collect::<Vec<_>>(),
        "period_end" => rows.iter().map(|c| c.period_end.to_string()).collect::<Vec<_>>(),
        "year" => rows.iter().map(|c| c.period_start.year()).collect::<Vec<_>>(),
        "whole_year" => rows.iter().map(|c| crate::compute::stated::period(c.period_start, c.period_end).len() == 4).collect::<Vec<_>>(),
        "low" => low, "best" => best, "high" => high,
    )
}

fn casualties(data: &Dataset) -> PolarsResult<DataFrame> {
    let rows = &data.casualty_estimates;
    let killed: Vec<Option<Estimate>> = rows
        .iter()
        .map(|r| r.killed.map(|f| data.estimate(&f)))
        .collect();
    let injured: Vec<Option<Estimate>> = rows
        .iter()
        .map(|r| r.injured.map(|f| data.estimate(&f)))
        .collect();
    let (k_low, k_best, k_high) = bounds(&killed);
    let (i_low, i_best, i_high) = bounds(&injured);
    df!(
        "id" => rows.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(),
        "incident_id" => rows.iter().map(|r| r.incident_id.as_str()).collect::<Vec<_>>(),
        "source_id" => rows.iter().map(|r| r.source_id.as_str()).collect::<Vec<_>>(),
        "killed_low" => k_low, "killed_best" => k_best, "killed_high" => k_high,
        "injured_low" => i_low, "injured_best" => i_best, "injured_high" => i_high,
    )
}

fn incidents(data: &Dataset) -> PolarsResult<DataFrame> {
    let rows = &data.incidents;
    df!(
        "incident_id" => rows.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(),
        "year" => rows.iter().map(|r| r.date.year()).collect::<Vec<_>>(),
        "date" => rows.iter().map(|r| r.date.to_string()).collect::<Vec<_>>(),
        "country" => rows.iter().map(|r| r.country.as_str()).collect::<Vec<_>>(),
        "province" => rows.iter().map(|r| r.province.as_str()).collect::<Vec<_>>(),
        "group" => rows.iter().map(|r| r.group.as_str()).collect::<Vec<_>>(),
        "source_id" => rows.iter().map(|r| r.source_id.as_str()).collect::<Vec<_>>(),
    )
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
