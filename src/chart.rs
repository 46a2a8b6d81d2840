//! Charts drawn with plotters' SVG backend, embedded in the PDF as vector
//! graphics. Every range is drawn as a range (an error bar or a band), never
//! as a bare point; an open upper bound ("at least 60") is drawn as a bar that
//! runs on to the top of the plot with an arrow, and is labelled so.
//!
//! Text uses the font family "Libertinus Serif", one of the fonts embedded in
//! the Typst build, so it renders with the same embedded fonts in the PDF.
//! The output is a pure function of the input: the same chart gives the same
//! bytes on every run.

use chrono::NaiveDate;

use crate::estimate::Estimate;

/// One bar of a bar chart: a category with its range.
#[derive(Debug, Clone, PartialEq)]
pub struct RangeBar {
    /// The category's label on the axis ("TTP and associated", "Balochistan").
    pub label: String,
    /// An optional series name, for grouped bars (e.g. the source or period).
    pub series: Option<String>,
    pub value: Estimate,
}

/// A bar chart of categories, each with its range.
#[derive(Debug, Clone, PartialEq)]
pub struct BarChart {
    /// File stem: the chart is written as `charts/{id}.svg`.
    pub id: String,
    pub title: String,
    pub y_label: String,
    pub bars: Vec<RangeBar>,
}

/// One dated estimate on a timeline.
#[derive(Debug, Clone, PartialEq)]
pub struct TimePoint {
    pub date: NaiveDate,
    /// The series the point belongs to (a group, or "IS-K in Pakistan").
    pub series: String,
    /// A short annotation drawn beside the range ("Bajaur", "RUSI").
    pub label: String,
    pub value: Estimate,
}

/// Estimates over time, one colour per series, each with its range.
#[derive(Debug, Clone, PartialEq)]
pub struct TimeChart {
    pub id: String,
    pub title: String,
    pub y_label: String,
    pub points: Vec<TimePoint>,
    /// Draw the value axis on a log scale (strength estimates span 600 to 200,000).
    pub log_scale: bool,
}

/// Any chart sitrep draws.
#[derive(Debug, Clone, PartialEq)]
pub enum Chart {
    Bars(BarChart),
    Timeline(TimeChart),
}

impl Chart {
    pub fn id(&self) -> &str {
        match self {
            Chart::Bars(c) => &c.id,
            Chart::Timeline(c) => &c.id,
        }
    }
}
