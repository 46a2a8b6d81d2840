//! Charts drawn with plotters' SVG backend, embedded in the PDF as vector
//! graphics, in the manner of statistical publishers: the plot only (the
//! title that states the finding, the subtitle with unit and period, and
//! the source line are typeset around it by the templates), light
//! gridlines, direct labels rather than legends, and every estimate drawn
//! as the range its sources allow (see [`marks`]).
//!
//! Kinds: horizontal [`bars`] for categories (a dot plot on a log scale),
//! [`columns`] for a series of periods and their small multiples,
//! [`timeline`] for dated estimates, [`shares`] for parts of a whole (100%
//! bars), and [`map`] for a choropleth of provinces. [`axis`], [`marks`]
//! and [`text`] are what they share.
//!
//! Text uses "Libertinus Serif", one of the fonts embedded in the Typst
//! build, so the PDF renders it with the body's font. The output is a pure
//! function of the input: the same chart gives the same bytes on every run.

mod axis;
mod bars;
mod columns;
pub mod geo;
mod map;
mod marks;
mod shares;
mod text;
mod timeline;

use chrono::NaiveDate;
use plotters::coord::Shift;
use plotters::prelude::*;

use crate::estimate::Estimate;

/// One bar of a bar chart: a category with its range.
#[derive(Debug, Clone, PartialEq)]
pub struct RangeBar {
    /// The category's label ("TTP and associated groups", "Balochistan").
    pub label: String,
    /// An optional series name, for grouped bars (the period, say).
    pub series: Option<String>,
    pub value: Estimate,
    /// A heading drawn above this bar's category when it differs from the
    /// one before ("Cutting across the categories above").
    pub heading: Option<String>,
}

/// Horizontal bars: categories down, values across, each with its range.
#[derive(Debug, Clone, PartialEq)]
pub struct BarChart {
    /// File stem: the chart is written as `charts/{id}.svg`.
    pub id: String,
    pub title: String,
    /// What the values count ("attacks", "fighters"), under the axis.
    pub unit: String,
    pub bars: Vec<RangeBar>,
    /// A log value axis, dots instead of bars (strength spans 600 to 200,000).
    pub log_scale: bool,
}

/// One column of a [`ColumnChart`]: a period with its range.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// "2009": columns are labelled below, thinned when crowded.
    pub label: String,
    pub value: Estimate,
}

/// Vertical columns over consecutive periods, each with its range.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnChart {
    pub id: String,
    pub title: String,
    pub unit: String,
    pub columns: Vec<Column>,
}

/// One panel of [`Panels`]: a named series of columns.
#[derive(Debug, Clone, PartialEq)]
pub struct Panel {
    pub name: String,
    pub columns: Vec<Column>,
}

/// Small multiples: one panel of columns per series, on one shared scale,
/// for more series than one plot can tell apart.
#[derive(Debug, Clone, PartialEq)]
pub struct Panels {
    pub id: String,
    pub title: String,
    pub unit: String,
    pub panels: Vec<Panel>,
}

/// One dated estimate on a timeline.
#[derive(Debug, Clone, PartialEq)]
pub struct TimePoint {
    pub date: NaiveDate,
    /// The series the point belongs to (a group, "killed").
    pub series: String,
    /// A short annotation drawn beside the range ("Bajaur").
    pub label: String,
    pub value: Estimate,
}

/// Estimates over time, one colour per series, each with its range; each
/// series is named at its latest point instead of in a legend.
#[derive(Debug, Clone, PartialEq)]
pub struct TimeChart {
    pub id: String,
    pub title: String,
    pub unit: String,
    pub points: Vec<TimePoint>,
    /// Draw the value axis on a log scale.
    pub log_scale: bool,
    /// Join a series' consecutive points with a line (counts per period).
    pub connect: bool,
}

/// One 100% bar: the parts of a whole, in percent, and what the rest is called.
#[derive(Debug, Clone, PartialEq)]
pub struct ShareRow {
    pub label: String,
    pub parts: Vec<(String, Estimate)>,
    pub rest: String,
}

/// Parts of a whole as 100% bars, one per row.
#[derive(Debug, Clone, PartialEq)]
pub struct ShareChart {
    pub id: String,
    pub title: String,
    pub rows: Vec<ShareRow>,
}

/// One shape of the map: a feature of [`geo`]'s boundaries, its label and
/// its value (`None`: no figure, hatched).
#[derive(Debug, Clone, PartialEq)]
pub struct Region {
    /// The feature's `adm1_code`.
    pub code: String,
    pub name: String,
    pub value: Option<Estimate>,
    /// Part of what the map is about (shaded or hatched), rather than
    /// context drawn in grey.
    pub focus: bool,
}

/// A choropleth: each focus region shaded by its best value.
#[derive(Debug, Clone, PartialEq)]
pub struct MapChart {
    pub id: String,
    pub title: String,
    pub unit: String,
    pub regions: Vec<Region>,
}

/// Any chart sitrep draws.
#[derive(Debug, Clone, PartialEq)]
pub enum Chart {
    Bars(BarChart),
    Columns(ColumnChart),
    Panels(Panels),
    Timeline(TimeChart),
    Shares(ShareChart),
    Map(MapChart),
}

impl Chart {
    /// The chart's file stem (`charts/{id}.svg`).
    pub fn id(&self) -> &str {
        match self {
            Chart::Bars(c) => &c.id,
            Chart::Columns(c) => &c.id,
            Chart::Panels(c) => &c.id,
            Chart::Timeline(c) => &c.id,
            Chart::Shares(c) => &c.id,
            Chart::Map(c) => &c.id,
        }
    }

    /// What the chart shows, for the SVG's `<title>`.
    pub fn title(&self) -> &str {
        match self {
            Chart::Bars(c) => &c.title,
            Chart::Columns(c) => &c.title,
            Chart::Panels(c) => &c.title,
            Chart::Timeline(c) => &c.title,
            Chart::Shares(c) => &c.title,
            Chart::Map(c) => &c.title,
        }
    }

    /// The kind of chart, as the templates see it: `bars`, `columns`,
    /// `panels`, `timeline`, `shares` or `map`.
    pub fn kind(&self) -> &'static str {
        match self {
            Chart::Bars(_) => "bars",
            Chart::Columns(_) => "columns",
            Chart::Panels(_) => "panels",
            Chart::Timeline(_) => "timeline",
            Chart::Shares(_) => "shares",
            Chart::Map(_) => "map",
        }
    }

    /// Width and height in SVG pixels: every chart is [`WIDTH`] wide (the
    /// map narrower, as it is printed narrower), as tall as its content.
    pub fn size(&self) -> (u32, u32) {
        match self {
            Chart::Bars(c) => (WIDTH, bars::height(c)),
            Chart::Columns(_) => (WIDTH, 330),
            Chart::Panels(c) => (WIDTH, columns::panels_height(c)),
            Chart::Timeline(_) => (WIDTH, 360),
            Chart::Shares(c) => (WIDTH, shares::height(c)),
            Chart::Map(_) => map::SIZE,
        }
    }
}

/// Width of every chart but the map, in SVG pixels (a full text width).
pub const WIDTH: u32 = 720;

const INK: RGBColor = RGBColor(0x22, 0x22, 0x22);
const MUTED: RGBColor = RGBColor(0x5b, 0x65, 0x70);
const GRID: RGBColor = RGBColor(0xE3, 0xE3, 0xE3);
/// The fill of single-series bars and columns: a calm blue the dark range
/// whiskers read on.
const BAR: RGBColor = RGBColor(0x7f, 0xa7, 0xcf);
/// The Okabe–Ito colour-blind-safe palette, ordered so the first colours are
/// the most distinct on white; yellow, faint on white, comes late.
const PALETTE: [RGBColor; 8] = [
    RGBColor(0x00, 0x72, 0xB2), // blue
    RGBColor(0xD5, 0x5E, 0x00), // vermillion
    RGBColor(0x00, 0x9E, 0x73), // bluish green
    RGBColor(0xE6, 0x9F, 0x00), // orange
    RGBColor(0xCC, 0x79, 0xA7), // reddish purple
    RGBColor(0x56, 0xB4, 0xE9), // sky blue
    RGBColor(0xF0, 0xE4, 0x42), // yellow
    RGBColor(0x00, 0x00, 0x00), // black
];

/// Colour of series `i`.
fn series_color(i: usize) -> RGBColor {
    PALETTE[i % PALETTE.len()]
}

/// `color` mixed with white, keeping `keep` of it: an opaque tint.
fn tint(color: RGBColor, keep: f64) -> RGBColor {
    let mix = |c: u8| (c as f64 * keep + 255.0 * (1.0 - keep)).round() as u8;
    RGBColor(mix(color.0), mix(color.1), mix(color.2))
}

type Area<'b> = DrawingArea<SVGBackend<'b>, Shift>;

/// Why a chart could not be drawn.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ChartError {
    /// plotters reported a drawing error (its message, as text).
    #[error("drawing the chart failed: {0}")]
    Draw(String),
}

impl<E: std::error::Error + Send + Sync> From<DrawingAreaErrorKind<E>> for ChartError {
    fn from(error: DrawingAreaErrorKind<E>) -> Self {
        ChartError::Draw(error.to_string())
    }
}

/// Draws `chart` as a standalone SVG document of [`Chart::size`], with its
/// title and `alt` (what it shows, in words) as the SVG's `<title>` and
/// `<desc>`, for readers of the file on its own.
///
/// The text is a pure function of its input: the same chart gives the
/// same bytes. Degenerate input (no data, NaN values, one point, very long
/// labels) gives a drawable chart, never a panic.
pub fn render_svg(chart: &Chart, alt: &str) -> Result<String, ChartError> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, chart.size()).into_drawing_area();
        root.fill(&WHITE)?;
        match chart {
            Chart::Bars(c) => bars::draw(&root, c)?,
            Chart::Columns(c) => columns::draw(&root, c)?,
            Chart::Panels(c) => columns::draw_panels(&root, c)?,
            Chart::Timeline(c) => timeline::draw(&root, c)?,
            Chart::Shares(c) => shares::draw(&root, c)?,
            Chart::Map(c) => map::draw(&root, c)?,
        }
        root.present()?;
    }
    Ok(described(svg, chart.title(), alt))
}

/// `svg` with `<title>` and `<desc>` as the first children of its root.
fn described(svg: String, title: &str, desc: &str) -> String {
    let Some(end) = svg.find('>') else {
        return svg;
    };
    let head = format!(
        "\n<title>{}</title>\n<desc>{}</desc>",
        escape(title),
        escape(desc)
    );
    let mut out = svg;
    out.insert_str(end + 1, &head);
    out
}

/// Text made safe inside an XML element.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The "No data" note in the middle of an empty plot.
fn draw_no_data(root: &Area<'_>) -> Result<(), ChartError> {
    let (w, h) = root.dim_in_pixel();
    let centre = (w as i32 / 2, h as i32 / 2);
    let anchor = (
        plotters::style::text_anchor::HPos::Center,
        plotters::style::text_anchor::VPos::Center,
    );
    text::draw_text(root, "No data", centre, text::LABEL, anchor)
}

/// The index of `name` in `names`, appending it on first sight, so that
/// categories and series keep the order in which the data gives them.
fn index_of(names: &mut Vec<String>, name: &str) -> usize {
    match names.iter().position(|n| n == name) {
        Some(i) => i,
        None => {
            names.push(name.to_string());
            names.len() - 1
        }
    }
}

#[cfg(test)]
mod tests;
