//! Charts drawn with plotters' SVG backend, embedded in the PDF as vector
//! graphics. Every range is drawn as a range (an error bar or a band), never
//! as a bare point; an open upper bound ("at least 60") is drawn as a bar that
//! runs on to the top of the plot with an arrow, and is labelled so.
//!
//! Text uses the font family "Libertinus Serif", one of the fonts embedded in
//! the Typst build, so it renders with the same embedded fonts in the PDF.
//! The output is a pure function of the input: the same chart gives the same
//! bytes on every run.

use std::ops::Range;

use chrono::{Datelike, NaiveDate};
use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint};
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::compute::format::compact;
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
    /// The chart's file stem (`charts/{id}.svg`).
    pub fn id(&self) -> &str {
        match self {
            Chart::Bars(c) => &c.id,
            Chart::Timeline(c) => &c.id,
        }
    }
}

/// Width and height of every chart, in SVG pixels.
pub const SIZE: (u32, u32) = (720, 400);

const FONT: &str = "Libertinus Serif";
/// plotters' SVG backend writes `font-size` as the style's size divided by
/// 1.24 (its em estimate); sizes are multiplied by it so the SVG says 16, 12…
const PLOTTERS_EM: f64 = 1.24;
/// Labels longer than this are cut and end in "…".
const MAX_LABEL_CHARS: usize = 28;

/// Legend entries longer than this are cut: they wrap onto rows of their
/// own, so they may be longer than a label beside a bar.
const MAX_LEGEND_CHARS: usize = 56;
/// Average glyph width of a serif face, in em: used to fit labels to a slot.
const CHAR_EM: f64 = 0.5;
/// Width of error-bar caps and diameter of the best-value dot, in pixels.
const CAP: u32 = 8;

const INK: RGBColor = RGBColor(0x22, 0x22, 0x22);
const MUTED: RGBColor = RGBColor(0x66, 0x66, 0x66);
const GRID: RGBColor = RGBColor(0xE3, 0xE3, 0xE3);
/// The Okabe–Ito colour-blind-safe palette, ordered so the first colours are
/// the most distinct on white; yellow, faint on white, comes late.
const PALETTE: [RGBColor; 8] = [
    RGBColor(0x00, 0x72, 0xB2), // blue
    RGBColor(0xE6, 0x9F, 0x00), // orange
    RGBColor(0x00, 0x9E, 0x73), // bluish green
    RGBColor(0xD5, 0x5E, 0x00), // vermillion
    RGBColor(0xCC, 0x79, 0xA7), // reddish purple
    RGBColor(0x56, 0xB4, 0xE9), // sky blue
    RGBColor(0xF0, 0xE4, 0x42), // yellow
    RGBColor(0x00, 0x00, 0x00), // black
];

type Area<'b> = DrawingArea<SVGBackend<'b>, Shift>;
type Ctx<'a, 'b> = ChartContext<'a, SVGBackend<'b>, Cartesian2d<Axis, Axis>>;

/// A linear f64 axis with ticks chosen by sitrep, so that they are round
/// numbers (or whole years) whatever the data. plotters' `WithKeyPoints`
/// would do, but it loses the default label formatter on f64 axes.
#[derive(Clone)]
struct Axis {
    linear: RangedCoordf64,
    ticks: Vec<f64>,
}

impl Axis {
    fn new(range: Range<f64>, ticks: Vec<f64>) -> Axis {
        Axis {
            linear: range.into(),
            ticks,
        }
    }
}

impl Ranged for Axis {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        self.linear.map(value, limit)
    }

    /// The chosen ticks as bold points (labelled, gridded); no light points.
    fn key_points<H: KeyPointHint>(&self, hint: H) -> Vec<f64> {
        if hint.weight().allow_light_points() {
            Vec::new()
        } else {
            self.ticks.clone()
        }
    }

    fn range(&self) -> Range<f64> {
        self.linear.range()
    }
}

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

/// Draws `chart` as a standalone SVG document of [`SIZE`] pixels.
///
/// The text is a pure function of `chart`: the same chart gives the same
/// bytes. Text is left as SVG `<text>` in "Libertinus Serif" for the PDF
/// renderer to typeset. Degenerate input (no data, NaN values, one point,
/// very long labels) gives a drawable chart, never a panic.
pub fn render_svg(chart: &Chart) -> Result<String, ChartError> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, SIZE).into_drawing_area();
        root.fill(&WHITE)?;
        match chart {
            Chart::Bars(bars) => draw_bars(&root, bars)?,
            Chart::Timeline(timeline) => draw_timeline(&root, timeline)?,
        }
        root.present()?;
    }
    Ok(svg)
}

/// A text style in the report's font, `px` pixels high as the SVG states it.
fn font(px: f64) -> TextStyle<'static> {
    TextStyle::from((FONT, px * PLOTTERS_EM).into_font()).color(&INK)
}

/// An estimate made drawable: finite numbers with `low ≤ best ≤ high`, and
/// `None` still meaning an open bound.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Span {
    low: Option<f64>,
    best: f64,
    high: Option<f64>,
}

impl Span {
    /// None when nothing can be drawn: a non-finite best with no finite bound.
    fn of(estimate: &Estimate) -> Option<Span> {
        // A NaN or infinite bound says nothing about where the range ends, so
        // it is drawn as open rather than dropped or plotted off the chart.
        let low = estimate.low.filter(|v| v.is_finite());
        let high = estimate.high.filter(|v| v.is_finite());
        let best = match (estimate.best.is_finite(), low, high) {
            (true, _, _) => estimate.best,
            (false, Some(l), Some(h)) => (l + h) / 2.0,
            (false, l, h) => l.or(h)?,
        };
        // Validation rejects a best outside its bounds; clamping keeps the
        // drawing sane if one slips through.
        Some(Span {
            low: low.map(|l| l.min(best)),
            best,
            high: high.map(|h| h.max(best)),
        })
    }

    /// Every finite number of the span, for sizing the axis.
    fn values(&self) -> impl Iterator<Item = f64> {
        self.low.into_iter().chain([self.best]).chain(self.high)
    }

    /// The range as people read it: "54–60", "≥ 64", "≤ 10", or "60".
    fn label(&self) -> String {
        match (self.low, self.high) {
            (Some(l), None) => format!("≥ {}", compact(l)),
            (None, Some(h)) => format!("≤ {}", compact(h)),
            (None, None) => format!("{} (open)", compact(self.best)),
            (Some(l), Some(h)) => closed_label(compact(l), compact(h)),
        }
    }
}

/// "54–60" for a closed range; a single number when both ends print alike.
fn closed_label(low: String, high: String) -> String {
    if low == high {
        low
    } else if low.starts_with('−') || high.starts_with('−') {
        // "−16–−10" is hard to read: spell the range out with negatives.
        format!("{low} to {high}")
    } else {
        format!("{low}–{high}")
    }
}

/// Cuts `text` to at most `max` characters, ending in "…" when cut.
fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let kept: String = text.chars().take(max.saturating_sub(1)).collect();
    format!("{}…", kept.trim_end())
}

/// Breaks a label (first cut to [`MAX_LABEL_CHARS`]) into at most
/// `max_lines` lines of about `width` characters, breaking at spaces; the
/// last line ends in "…" when the rest does not fit.
fn wrap_label(text: &str, width: usize, max_lines: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in truncate(text, MAX_LABEL_CHARS).split_whitespace() {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    if lines.len() > max_lines {
        let rest = lines.split_off(max_lines.max(1) - 1).join(" ");
        lines.push(rest);
    }
    lines.iter().map(|line| truncate(line, width)).collect()
}

/// Roughly how wide `text` is at `px`, for laying out the legend.
fn text_width(text: &str, px: f64) -> i32 {
    (text.chars().count() as f64 * px * CHAR_EM).ceil() as i32
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

/// The value (y) axis, in axis units. A log scale is drawn as a linear axis
/// over log10 of the values: one chart type serves both scales, and a zero or
/// negative value (no logarithm) simply sits on the axis floor.
#[derive(Debug, Clone, PartialEq)]
struct ValueAxis {
    log: bool,
    lo: f64,
    hi: f64,
    ticks: Vec<f64>,
}

impl ValueAxis {
    /// A linear axis from 0 (or below, for negative values) with `headroom`
    /// (a share of the span) above the largest value for labels and arrows.
    fn linear(values: &[f64], headroom: f64) -> ValueAxis {
        let lo = values.iter().fold(0.0f64, |m, v| m.min(*v));
        let hi = values.iter().fold(0.0f64, |m, v| m.max(*v));
        let hi = if hi > lo { hi } else { lo + 1.0 };
        let pad = (hi - lo) * headroom;
        let lo = if lo < 0.0 { lo - pad } else { lo };
        let ticks = if values.is_empty() {
            Vec::new()
        } else {
            nice_ticks(lo, hi + pad)
        };
        ValueAxis {
            log: false,
            lo,
            hi: hi + pad,
            ticks,
        }
    }

    /// A log axis over the positive values, at least one decade tall.
    fn log(values: &[f64], headroom: f64) -> ValueAxis {
        let logs = values.iter().filter(|v| **v > 0.0).map(|v| v.log10());
        // No positive value at all: show 1 to 10 rather than fail.
        let (lo, hi) = widen(extent(logs).unwrap_or((0.0, 1.0)), 1.0);
        let (lo, hi) = (lo - (hi - lo) * 0.05, hi + (hi - lo) * headroom);
        let ticks = if values.is_empty() {
            Vec::new()
        } else {
            log_ticks(lo, hi)
        };
        ValueAxis {
            log: true,
            lo,
            hi,
            ticks,
        }
    }

    /// A value in axis units, clamped to the floor where it has no place.
    fn to_axis(&self, value: f64) -> f64 {
        match self.log {
            false => value,
            true if value > 0.0 => value.log10().max(self.lo),
            true => self.lo,
        }
    }

    /// The value at a position in axis units (for tick labels).
    fn value_at(&self, at: f64) -> f64 {
        if self.log {
            10f64.powf(at)
        } else {
            at
        }
    }

    /// Whether a bound lies on the axis, rather than below a log axis' floor.
    fn shows(&self, value: f64) -> bool {
        !self.log || value > 0.0
    }

    /// True when the axis starts at 0, so a range open below can run "from 0"
    /// without an arrow: counts cannot be negative.
    fn floor_is_zero(&self) -> bool {
        !self.log && self.lo == 0.0
    }

    /// The axis as plotters' coordinate, with the chosen ticks.
    fn coord(&self) -> Axis {
        Axis::new(self.lo..self.hi, self.ticks.clone())
    }
}

/// The smallest and largest of `values`, or None when there are none.
fn extent(values: impl Iterator<Item = f64>) -> Option<(f64, f64)> {
    values.fold(None, |acc, v| match acc {
        None => Some((v, v)),
        Some((lo, hi)) => Some((lo.min(v), hi.max(v))),
    })
}

/// Widens `lo..hi` about its middle to at least `min`, so that a single
/// value (or several equal ones) still sits in some context.
fn widen((lo, hi): (f64, f64), min: f64) -> (f64, f64) {
    let mid = (lo + hi) / 2.0;
    if hi - lo < min {
        (mid - min / 2.0, mid + min / 2.0)
    } else {
        (lo, hi)
    }
}

/// Ticks at a round step (1, 2, 2.5 or 5 × 10ⁿ), about five over the span.
fn nice_ticks(lo: f64, hi: f64) -> Vec<f64> {
    let raw = (hi - lo) / 5.0;
    if !(raw.is_finite() && raw > 0.0) {
        return Vec::new();
    }
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * magnitude);
    // Integer multiples, not repeated addition, so no error accumulates.
    let first = (lo / step).ceil() as i64;
    let last = (hi / step).floor() as i64;
    (first..=last).map(|k| k as f64 * step).collect()
}

/// Log ticks at 1, 2 and 5 × 10ⁿ (only 10ⁿ on tall axes); on an axis under
/// a decade that holds too few of those, round linear steps instead.
fn log_ticks(lo: f64, hi: f64) -> Vec<f64> {
    let decade = |m: f64| {
        (lo.floor() as i32..=hi.ceil() as i32)
            .map(move |e| (m * 10f64.powi(e)).log10())
            .filter(|a| (lo..=hi).contains(a))
    };
    let mut ticks: Vec<f64> = [1.0, 2.0, 5.0].into_iter().flat_map(decade).collect();
    ticks.sort_by(f64::total_cmp);
    if ticks.len() > 10 {
        ticks = decade(1.0).collect();
    }
    if ticks.len() < 3 {
        let linear = nice_ticks(10f64.powf(lo), 10f64.powf(hi));
        ticks = linear
            .into_iter()
            .filter(|v| *v > 0.0)
            .map(f64::log10)
            .collect();
    }
    ticks
}

/// How one end of a drawn range finishes.
#[derive(Debug, Clone, Copy, PartialEq)]
enum End {
    /// A closed bound: a short crossbar.
    Cap,
    /// An open bound: the range runs to the edge of the plot, with an arrow.
    Arrow,
    /// Runs into the axis floor with no mark: open below 0, or 0 on a log axis.
    Plain,
}

/// A vertical range in SVG pixels (y grows downwards, so `top ≤ bottom`).
#[derive(Debug, Clone, Copy, PartialEq)]
struct PxRange {
    x: i32,
    top: i32,
    best: i32,
    bottom: i32,
    top_end: End,
    bottom_end: End,
}

/// Places `span` at data x `x`: open tops run to the top of the plot, open
/// bottoms to the axis floor.
fn pixel_range(ctx: &Ctx<'_, '_>, axis: &ValueAxis, x: f64, span: &Span) -> PxRange {
    let at = |v: f64| ctx.backend_coord(&(x, v));
    let y = |v: f64| at(axis.to_axis(v)).1;
    let floor = at(axis.lo).1;
    let (top, top_end) = match span.high {
        Some(h) => (y(h), End::Cap),
        None => (at(axis.hi).1, End::Arrow),
    };
    let (bottom, bottom_end) = match span.low {
        Some(l) if axis.shows(l) => (y(l), End::Cap),
        Some(_) => (floor, End::Plain),
        None if axis.floor_is_zero() => (floor, End::Plain),
        None => (floor, End::Arrow),
    };
    let (x, best) = (at(axis.lo).0, y(span.best));
    PxRange {
        x,
        top,
        best,
        bottom,
        top_end,
        bottom_end,
    }
}

/// Draws a range: a stem from bottom to top, each end capped or arrowed, and
/// a dot at the best value.
fn draw_range(root: &Area<'_>, r: &PxRange, color: RGBColor) -> Result<(), ChartError> {
    let style = color.filled().stroke_width(2);
    if r.top_end == End::Cap && r.bottom_end == End::Cap {
        // Closed at both ends: plotters' own error bar (caps, stem, dot).
        root.draw(&ErrorBar::new_vertical(
            r.x, r.top, r.best, r.bottom, style, CAP,
        ))?;
        return Ok(());
    }
    root.draw(&PathElement::new(
        vec![(r.x, r.top), (r.x, r.bottom)],
        style,
    ))?;
    draw_end(root, (r.x, r.top), r.top_end, -1, color)?;
    draw_end(root, (r.x, r.bottom), r.bottom_end, 1, color)?;
    root.draw(&Circle::new((r.x, r.best), CAP / 2, style))?;
    Ok(())
}

/// One end of a range; `outward` is −1 for the top end, +1 for the bottom.
fn draw_end(
    root: &Area<'_>,
    (x, y): (i32, i32),
    end: End,
    outward: i32,
    color: RGBColor,
) -> Result<(), ChartError> {
    let half = CAP as i32 / 2;
    match end {
        End::Cap => root.draw(&PathElement::new(
            vec![(x - half, y), (x + half, y)],
            color.stroke_width(2),
        ))?,
        End::Arrow => root.draw(&arrow_head((x, y), outward, color))?,
        End::Plain => {}
    }
    Ok(())
}

/// A filled triangle with its tip at `(x, y)`, pointing up (−1) or down (+1).
/// Nothing else in a chart is an SVG `<polygon>`, so the arrow is easy to
/// find in the output.
fn arrow_head((x, y): (i32, i32), outward: i32, color: RGBColor) -> Polygon<(i32, i32)> {
    let base = y - outward * 10;
    Polygon::new(vec![(x, y), (x - 6, base), (x + 6, base)], color.filled())
}

/// Writes `text` at `pos` in `px`-pixel type, anchored as `h`/`v` say.
fn draw_text(
    root: &Area<'_>,
    text: &str,
    pos: (i32, i32),
    px: f64,
    (h, v): (HPos, VPos),
) -> Result<(), ChartError> {
    let style = font(px).pos(Pos::new(h, v));
    root.draw(&Text::new(text.to_string(), pos, style))?;
    Ok(())
}

/// One legend entry: a series' swatch, or the arrow that marks open ranges.
#[derive(Debug, Clone, PartialEq)]
enum Key {
    Series(String, ShapeStyle),
    OpenArrow,
}

impl Key {
    /// The entry's text, cut to the label limit.
    fn text(&self) -> String {
        match self {
            Key::Series(name, _) => truncate(name, MAX_LEGEND_CHARS),
            Key::OpenArrow => "open-ended range (no stated limit)".to_string(),
        }
    }

    /// Swatch, gap, text and the space before the next entry.
    fn width(&self) -> i32 {
        12 + 5 + text_width(&self.text(), 12.0) + 18
    }
}

/// Lays legend entries into centred rows that fit the chart's width.
fn legend_rows(keys: &[Key]) -> Vec<Vec<&Key>> {
    let mut rows: Vec<Vec<&Key>> = Vec::new();
    let mut used = 0;
    for key in keys {
        let fits = used + key.width() <= SIZE.0 as i32 - 40;
        match rows.last_mut() {
            Some(row) if fits => row.push(key),
            _ => {
                rows.push(vec![key]);
                used = 0;
            }
        }
        used += key.width();
    }
    rows
}

/// Draws one legend entry with its swatch's left edge at `x`, centred on `y`.
fn draw_key(root: &Area<'_>, key: &Key, (x, y): (i32, i32)) -> Result<(), ChartError> {
    match key {
        Key::Series(_, style) => {
            root.draw(&Rectangle::new([(x, y - 6), (x + 12, y + 6)], *style))?
        }
        Key::OpenArrow => {
            let stem = vec![(x + 6, y + 7), (x + 6, y - 3)];
            root.draw(&PathElement::new(stem, INK.stroke_width(2)))?;
            root.draw(&arrow_head((x + 6, y - 7), -1, INK))?;
        }
    }
    draw_text(
        root,
        &key.text(),
        (x + 17, y),
        12.0,
        (HPos::Left, VPos::Center),
    )
}

/// Draws the title and the legend; returns the area left for the plot.
fn draw_header<'b>(root: &Area<'b>, title: &str, keys: &[Key]) -> Result<Area<'b>, ChartError> {
    let body = root.titled(&truncate(title, 90), font(16.0))?;
    let top = body.get_pixel_range().1.start;
    let rows = legend_rows(keys);
    for (i, row) in rows.iter().enumerate() {
        let width: i32 = row.iter().map(|k| k.width()).sum::<i32>() - 18;
        let (mut x, y) = ((SIZE.0 as i32 - width) / 2, top + 9 + 18 * i as i32);
        for key in row {
            draw_key(root, key, (x, y))?;
            x += key.width();
        }
    }
    let height = if rows.is_empty() {
        0
    } else {
        18 * rows.len() as i32 + 2
    };
    Ok(body.split_vertically(height).1)
}

/// The plot's frame: room above for labels over open ranges, and on the
/// left for the value axis and its description.
fn build_chart<'a, 'b>(
    body: &Area<'b>,
    x: Axis,
    axis: &ValueAxis,
    x_label_area: u32,
) -> Result<Ctx<'a, 'b>, ChartError> {
    Ok(ChartBuilder::on(body)
        .margin_top(20)
        .margin_right(20)
        .margin_left(8)
        .margin_bottom(4)
        .x_label_area_size(x_label_area)
        .y_label_area_size(76)
        .build_cartesian_2d(x, axis.coord())?)
}

/// Draws the axes, their tick labels, the value axis description and the grid.
fn draw_mesh(
    ctx: &mut Ctx<'_, '_>,
    axis: &ValueAxis,
    y_label: &str,
    x_format: &dyn Fn(&f64) -> String,
) -> Result<(), ChartError> {
    let y_format = |v: &f64| compact(axis.value_at(*v));
    let log_note = axis.log && !y_label.to_lowercase().contains("log");
    let y_desc = format!(
        "{}{}",
        truncate(y_label, 60),
        if log_note { " (log scale)" } else { "" }
    );
    ctx.configure_mesh()
        .bold_line_style(GRID)
        .axis_style(MUTED)
        .label_style(font(11.0))
        .axis_desc_style(font(12.0))
        .y_desc(y_desc)
        .x_label_formatter(x_format)
        .y_label_formatter(&y_format)
        .draw()?;
    Ok(())
}

/// The "No data" note in the middle of an empty plot.
fn draw_no_data(root: &Area<'_>, ctx: &Ctx<'_, '_>) -> Result<(), ChartError> {
    let (xs, ys) = ctx.plotting_area().get_pixel_range();
    let centre = ((xs.start + xs.end) / 2, (ys.start + ys.end) / 2);
    draw_text(root, "No data", centre, 12.0, (HPos::Center, VPos::Center))
}

/// A bar chart's contents, indexed: categories and series in the order the
/// data first gives them ("" is the unnamed series of ungrouped bars).
#[derive(Debug, Default)]
struct BarData {
    categories: Vec<String>,
    series: Vec<String>,
    bars: Vec<(usize, usize, Span)>,
}

impl BarData {
    /// Indexes the bars, skipping any with nothing drawable (see [`Span::of`]).
    fn of(bars: &[RangeBar]) -> BarData {
        let mut data = BarData::default();
        for bar in bars {
            let Some(span) = Span::of(&bar.value) else {
                continue;
            };
            let category = index_of(&mut data.categories, &bar.label);
            let series = index_of(&mut data.series, bar.series.as_deref().unwrap_or(""));
            data.bars.push((category, series, span));
        }
        data
    }

    /// Width of one bar in category units: a group fills 80% of its slot.
    fn bar_width(&self) -> f64 {
        0.8 / self.series.len().max(1) as f64
    }

    fn values(&self) -> Vec<f64> {
        self.bars
            .iter()
            .flat_map(|(_, _, span)| span.values())
            .collect()
    }
}

/// The fill of series `i`'s bars: a tint, so the dark range reads on top.
fn bar_fill(i: usize) -> ShapeStyle {
    PALETTE[i % PALETTE.len()].mix(0.55).filled()
}

/// Legend: named series, and the arrow when some range is open-ended.
fn bar_keys(data: &BarData, arrow: bool) -> Vec<Key> {
    let mut keys: Vec<Key> = (data.series.iter().enumerate())
        .filter(|(_, name)| !name.is_empty())
        .map(|(i, name)| Key::Series(name.clone(), bar_fill(i)))
        .collect();
    if arrow {
        keys.push(Key::OpenArrow);
    }
    keys
}

/// Whether any of `spans` is drawn with an arrow on `axis`.
fn any_arrow<'s>(mut spans: impl Iterator<Item = &'s Span>, axis: &ValueAxis) -> bool {
    spans.any(|s| s.high.is_none() || (s.low.is_none() && !axis.floor_is_zero()))
}

/// A bar chart: header, value axis, one bar per drawable estimate, and the
/// category names below.
fn draw_bars(root: &Area<'_>, chart: &BarChart) -> Result<(), ChartError> {
    let data = BarData::of(&chart.bars);
    let open_top = data.bars.iter().any(|(_, _, s)| s.high.is_none());
    // Extra headroom when a range is open, so its arrow visibly runs on.
    let axis = ValueAxis::linear(&data.values(), if open_top { 0.3 } else { 0.15 });
    let arrow = any_arrow(data.bars.iter().map(|(_, _, s)| s), &axis);
    let body = draw_header(root, &chart.title, &bar_keys(&data, arrow))?;
    let n = data.categories.len().max(1) as f64;
    let x = Axis::new(-0.5..n - 0.5, Vec::new());
    let mut ctx = build_chart(&body, x, &axis, 44)?;
    draw_mesh(&mut ctx, &axis, &chart.y_label, &|_| String::new())?;
    for bar in &data.bars {
        draw_bar(root, &ctx, &axis, &data, bar)?;
    }
    draw_categories(root, &ctx, &data.categories)?;
    if data.bars.is_empty() {
        draw_no_data(root, &ctx)?;
    }
    Ok(())
}

/// One bar: a tinted column from 0 to the best value, the range over it,
/// and the range's label above its top.
fn draw_bar(
    root: &Area<'_>,
    ctx: &Ctx<'_, '_>,
    axis: &ValueAxis,
    data: &BarData,
    &(category, series, span): &(usize, usize, Span),
) -> Result<(), ChartError> {
    let width = data.bar_width();
    let x = category as f64 - 0.4 + (series as f64 + 0.5) * width;
    let base = 0f64.clamp(axis.lo, axis.hi);
    let a = ctx.backend_coord(&(x - width * 0.4, base));
    let b = ctx.backend_coord(&(x + width * 0.4, axis.to_axis(span.best)));
    // SVG rejects negative sizes: order the corners (bars may go below 0).
    let corners = [(a.0.min(b.0), a.1.min(b.1)), (a.0.max(b.0), a.1.max(b.1))];
    root.draw(&Rectangle::new(corners, bar_fill(series)))?;
    let range = pixel_range(ctx, axis, x, &span);
    draw_range(root, &range, INK)?;
    // Narrow bars get smaller labels so neighbours overlap less.
    let px = if corners[1].0 - corners[0].0 < 40 {
        10.0
    } else {
        11.0
    };
    let anchor = (HPos::Center, VPos::Bottom);
    draw_text(root, &span.label(), (range.x, range.top - 4), px, anchor)
}

/// Category names under their groups, wrapped to two lines to fit a slot.
fn draw_categories(root: &Area<'_>, ctx: &Ctx<'_, '_>, names: &[String]) -> Result<(), ChartError> {
    let slot = ctx.backend_coord(&(1.0, 0.0)).0 - ctx.backend_coord(&(0.0, 0.0)).0;
    let chars = ((slot - 6) as f64 / (12.0 * CHAR_EM)).floor().max(4.0) as usize;
    let bottom = ctx.plotting_area().get_pixel_range().1.end;
    for (i, name) in names.iter().enumerate() {
        let x = ctx.backend_coord(&(i as f64, 0.0)).0;
        for (line, text) in wrap_label(name, chars, 2).iter().enumerate() {
            let pos = (x, bottom + 7 + 15 * line as i32);
            draw_text(root, text, pos, 12.0, (HPos::Center, VPos::Top))?;
        }
    }
    Ok(())
}

/// A point of a timeline ready to draw.
#[derive(Debug, Clone, PartialEq)]
struct Mark {
    year: f64,
    series: usize,
    label: String,
    span: Span,
}

/// A timeline's drawable points, and its series in order of first appearance.
#[derive(Debug, Default)]
struct TimeData {
    series: Vec<String>,
    marks: Vec<Mark>,
}

impl TimeData {
    /// Places the points, skipping any with nothing drawable.
    fn of(points: &[TimePoint]) -> TimeData {
        let mut data = TimeData::default();
        for point in points {
            let Some(span) = Span::of(&point.value) else {
                continue;
            };
            let series = index_of(&mut data.series, &point.series);
            let label = truncate(&point.label, MAX_LABEL_CHARS);
            data.marks.push(Mark {
                year: fractional_year(point.date),
                series,
                label,
                span,
            });
        }
        data
    }

    /// The years shown: at least one, with room on the right for the labels
    /// drawn beside the latest points.
    fn year_range(&self) -> (f64, f64) {
        let years = self.marks.iter().map(|m| m.year);
        let (lo, hi) = widen(extent(years).unwrap_or((2000.0, 2001.0)), 1.0);
        (lo - (hi - lo) * 0.05, hi + (hi - lo) * 0.2)
    }
}

/// The date as a year with a fraction (1 July 2023 ≈ 2023.5): dates only
/// need to be placed, not read off, so calendar detail is not needed.
fn fractional_year(date: NaiveDate) -> f64 {
    let days = NaiveDate::from_ymd_opt(date.year(), 12, 31).map_or(365, |d| d.ordinal());
    date.year() as f64 + date.ordinal0() as f64 / days as f64
}

/// Whole years at a step of 1, 2, 5, 10… so that at most ten are labelled.
fn year_ticks(lo: f64, hi: f64) -> Vec<f64> {
    let steps = [1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0];
    let step = steps
        .into_iter()
        .find(|s| (hi - lo) / s <= 10.0)
        .unwrap_or(100.0);
    let (first, last) = ((lo / step).ceil() as i64, (hi / step).floor() as i64);
    (first..=last).map(|k| k as f64 * step).collect()
}

/// Colour of series `i` on a timeline.
fn series_color(i: usize) -> RGBColor {
    PALETTE[i % PALETTE.len()]
}

/// A timeline: header, value axis (linear or log), years below, and every
/// point as a coloured range.
fn draw_timeline(root: &Area<'_>, chart: &TimeChart) -> Result<(), ChartError> {
    let data = TimeData::of(&chart.points);
    let values: Vec<f64> = data.marks.iter().flat_map(|m| m.span.values()).collect();
    let axis = match chart.log_scale {
        true => ValueAxis::log(&values, 0.2),
        false => ValueAxis::linear(&values, 0.2),
    };
    let body = draw_header(root, &chart.title, &time_keys(&data, &axis))?;
    let (lo, hi) = data.year_range();
    let ticks = if data.marks.is_empty() {
        Vec::new()
    } else {
        year_ticks(lo, hi)
    };
    let mut ctx = build_chart(&body, Axis::new(lo..hi, ticks), &axis, 30)?;
    draw_mesh(&mut ctx, &axis, &chart.y_label, &|y| {
        format!("{}", y.round() as i64)
    })?;
    draw_marks(root, &ctx, &axis, &data.marks)?;
    if data.marks.is_empty() {
        draw_no_data(root, &ctx)?;
    }
    Ok(())
}

/// Legend: every series in its colour, and the arrow when a range is open.
fn time_keys(data: &TimeData, axis: &ValueAxis) -> Vec<Key> {
    let mut keys: Vec<Key> = (data.series.iter().enumerate())
        .map(|(i, name)| Key::Series(name.clone(), series_color(i).filled()))
        .collect();
    if any_arrow(data.marks.iter().map(|m| &m.span), axis) {
        keys.push(Key::OpenArrow);
    }
    keys
}

/// Draws every point, spreading apart those that share a date.
fn draw_marks(
    root: &Area<'_>,
    ctx: &Ctx<'_, '_>,
    axis: &ValueAxis,
    marks: &[Mark],
) -> Result<(), ChartError> {
    let mut ranges: Vec<PxRange> = marks
        .iter()
        .map(|m| pixel_range(ctx, axis, m.year, &m.span))
        .collect();
    let offsets = dodge(&ranges.iter().map(|r| r.x).collect::<Vec<_>>());
    let labelled = marks.len() <= LABELLED_MARKS;
    for ((mark, range), offset) in marks.iter().zip(&mut ranges).zip(offsets) {
        range.x += offset;
        draw_range(root, range, series_color(mark.series))?;
        if labelled {
            draw_mark_labels(root, mark, range)?;
        }
    }
    Ok(())
}

/// Up to how many points a timeline labels with their values. Beyond it
/// the labels would cover each other and the ranges; the table under every
/// chart gives each value.
const LABELLED_MARKS: usize = 40;

/// A timeline point's labels: its value beside the best value and, when
/// open above, its "≥ n" over the arrow.
fn draw_mark_labels(root: &Area<'_>, mark: &Mark, range: &PxRange) -> Result<(), ChartError> {
    let beside = (range.x + 7, range.best);
    draw_text(root, &mark.label, beside, 11.0, (HPos::Left, VPos::Center))?;
    if range.top_end == End::Arrow {
        let (above, anchor) = ((range.x, range.top - 4), (HPos::Center, VPos::Bottom));
        draw_text(root, &mark.span.label(), above, 10.0, anchor)?;
    }
    Ok(())
}

/// Pixel offsets that spread points lying within a few pixels of each
/// other side by side, so no range hides another; a lone point stays put.
/// Clusters are found in x order (ties in input order), so it is stable.
fn dodge(xs: &[i32]) -> Vec<i32> {
    const GAP: i32 = 10;
    let mut order: Vec<usize> = (0..xs.len()).collect();
    order.sort_by_key(|&i| (xs[i], i));
    let mut offsets = vec![0; xs.len()];
    let mut start = 0;
    for end in 1..=order.len() {
        let split = end == order.len() || xs[order[end]] - xs[order[end - 1]] >= GAP;
        if split {
            let cluster = &order[start..end];
            for (rank, &i) in cluster.iter().enumerate() {
                offsets[i] = (2 * rank as i32 - (cluster.len() as i32 - 1)) * GAP / 2;
            }
            start = end;
        }
    }
    offsets
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bar(label: &str, series: Option<&str>, value: Estimate) -> RangeBar {
        RangeBar {
            label: label.to_string(),
            series: series.map(str::to_string),
            value,
        }
    }

    fn bars(title: &str, bars: Vec<RangeBar>) -> Chart {
        Chart::Bars(BarChart {
            id: "test".to_string(),
            title: title.to_string(),
            y_label: "Attacks".to_string(),
            bars,
        })
    }

    fn point(date: (i32, u32, u32), series: &str, label: &str, value: Estimate) -> TimePoint {
        TimePoint {
            date: NaiveDate::from_ymd_opt(date.0, date.1, date.2).unwrap(),
            series: series.to_string(),
            label: label.to_string(),
            value,
        }
    }

    fn timeline(points: Vec<TimePoint>, log_scale: bool) -> Chart {
        Chart::Timeline(TimeChart {
            id: "strength".to_string(),
            title: "Estimated strength".to_string(),
            y_label: "Fighters".to_string(),
            points,
            log_scale,
        })
    }

    fn range(low: f64, best: f64, high: f64) -> Estimate {
        Estimate::new(Some(low), best, Some(high))
    }

    /// A grouped bar chart with one open upper bound ("at least 64").
    fn open_bars() -> Chart {
        bars(
            "Suicide attacks, 2023",
            vec![
                bar("Khyber Pakhtunkhwa", Some("PIPS"), range(54.0, 57.0, 60.0)),
                bar(
                    "Khyber Pakhtunkhwa",
                    Some("PICSS"),
                    Estimate::at_least(64.0),
                ),
                bar("Balochistan", Some("PIPS"), range(2000.0, 2500.0, 3000.0)),
                bar("Balochistan", Some("PICSS"), Estimate::exact(1500.0)),
            ],
        )
    }

    fn strength_timeline(log_scale: bool) -> Chart {
        timeline(
            vec![
                point((2018, 6, 1), "TTP", "UN", range(3000.0, 4000.0, 5000.0)),
                point((2023, 7, 1), "TTP", "UN", range(6000.0, 6500.0, 6500.0)),
                point(
                    (2023, 7, 1),
                    "IS-K in Pakistan",
                    "RUSI",
                    Estimate::at_least(600.0),
                ),
                point(
                    (2024, 1, 15),
                    "Total",
                    "Estimate",
                    range(150_000.0, 180_000.0, 200_000.0),
                ),
            ],
            log_scale,
        )
    }

    /// The text content of every `<text>` element, trimmed.
    fn texts(svg: &str) -> Vec<String> {
        svg.split("<text")
            .skip(1)
            .filter_map(|t| t.split_once('>').map(|(_, rest)| rest))
            .filter_map(|rest| {
                rest.split_once("</text>")
                    .map(|(text, _)| text.trim().to_string())
            })
            .collect()
    }

    /// The first point (an arrow's tip) of every `<polygon>`.
    fn polygon_tips(svg: &str) -> Vec<(i32, i32)> {
        let points = svg.split("<polygon").skip(1);
        let first = points.filter_map(|p| p.split("points=\"").nth(1)?.split(' ').next());
        let parse = |xy: &str| {
            xy.split_once(',')
                .map(|(x, y)| (x.parse().unwrap(), y.parse().unwrap()))
        };
        first.filter_map(parse).collect()
    }

    #[test]
    fn output_is_an_svg_document_with_title_and_font() {
        let svg = render_svg(&open_bars()).unwrap();
        assert!(svg.starts_with("<svg"), "{}", &svg[..40]);
        assert!(svg.trim_end().ends_with("</svg>"));
        assert!(texts(&svg).contains(&"Suicide attacks, 2023".to_string()));
        assert!(svg.contains(r#"font-family="Libertinus Serif""#));
        assert!(!svg.contains("font-family=\"sans-serif\""));
        assert!(svg.contains(r#"font-size="16""#), "title at 16 px");
        assert!(svg.contains(r#"width="720" height="400""#));
    }

    #[test]
    fn same_chart_gives_same_bytes() {
        for chart in [
            open_bars(),
            strength_timeline(true),
            strength_timeline(false),
        ] {
            assert_eq!(render_svg(&chart).unwrap(), render_svg(&chart).unwrap());
        }
    }

    #[test]
    fn open_upper_bound_is_drawn_with_an_arrow_and_labelled() {
        let open = render_svg(&open_bars()).unwrap();
        // Arrow heads are the only <polygon> elements a chart draws: one on
        // the open bar, one in the legend's "open-ended range" entry.
        assert_eq!(open.matches("<polygon").count(), 2);
        assert!(texts(&open).contains(&"≥ 64".to_string()));
        assert!(texts(&open)
            .iter()
            .any(|t| t.starts_with("open-ended range")));
        let closed = bars("Closed", vec![bar("A", None, range(54.0, 57.0, 60.0))]);
        let closed = render_svg(&closed).unwrap();
        assert!(!closed.contains("<polygon"));
        assert!(!closed.contains("open-ended"));
    }

    #[test]
    fn open_bar_runs_to_the_top_of_the_plot() {
        let svg = render_svg(&open_bars()).unwrap();
        // The plot's arrow is the lower of the two (the other is in the
        // legend); its tip is the polygon's first point.
        let tip_y = polygon_tips(&svg).iter().map(|tip| tip.1).max().unwrap();
        let label_y = |text: &str| -> i32 {
            let tag = svg
                .split("<text")
                .find(|t| t.contains(&format!(">\n{text}\n")) || t.contains(&format!(">{text}\n")))
                .unwrap();
            tag.split("y=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap()
                .parse()
                .unwrap()
        };
        assert!(label_y("2,000–3,000") > tip_y);
        assert!(label_y("≥ 64") < tip_y, "the ≥ label sits above the arrow");
    }

    #[test]
    fn ranges_are_labelled_with_en_dashes_and_separators() {
        let all = texts(&render_svg(&open_bars()).unwrap());
        for label in ["54–60", "≥ 64", "2,000–3,000", "1,500", "PIPS", "PICSS"] {
            assert!(
                all.contains(&label.to_string()),
                "{label} missing from {all:?}"
            );
        }
    }

    #[test]
    fn closed_ranges_use_plotters_error_bars_with_a_dot_at_best() {
        let svg = render_svg(&bars("One", vec![bar("A", None, range(54.0, 57.0, 60.0))])).unwrap();
        assert_eq!(svg.matches("<circle").count(), 1);
        assert!(svg.matches("<line").count() >= 3, "two caps and a stem");
    }

    #[test]
    fn empty_charts_say_no_data() {
        for chart in [
            bars("Nothing", vec![]),
            timeline(vec![], true),
            timeline(vec![], false),
        ] {
            let svg = render_svg(&chart).unwrap();
            assert!(texts(&svg).contains(&"No data".to_string()));
            assert!(!svg.contains("NaN") && !svg.contains("inf"));
        }
    }

    #[test]
    fn degenerate_values_do_not_panic_or_leak_nan() {
        let nan = Estimate::new(None, f64::NAN, None);
        let infinite = Estimate::new(Some(1.0), f64::INFINITY, Some(f64::INFINITY));
        let equal = vec![one_bar(5.0), one_bar(5.0)];
        let cases = vec![
            bars("Not a number", vec![bar("A", None, nan)]),
            bars("Infinite", vec![bar("A", None, infinite)]),
            bars("Equal", equal),
            bars("Zero", vec![one_bar(0.0)]),
            bars("Negative", vec![bar("A", None, range(-16.5, -16.0, -15.5))]),
            timeline(vec![one_point(Estimate::exact(7.0))], false),
            timeline(vec![one_point(Estimate::exact(7.0)); 3], true),
            timeline(vec![one_point(nan), one_point(infinite)], true),
        ];
        for chart in cases {
            let svg = render_svg(&chart).unwrap();
            assert!(!svg.contains("NaN") && !svg.contains("inf"), "{chart:?}");
            // A negative size is invalid SVG (bars below 0 must be flipped).
            let negative = svg.contains("height=\"-") || svg.contains("width=\"-");
            assert!(!negative, "negative size in {chart:?}");
        }
    }

    #[test]
    fn nan_best_is_drawn_from_its_bounds() {
        let nan_best = Estimate::new(Some(10.0), f64::NAN, Some(20.0));
        let svg = render_svg(&bars("NaN best", vec![bar("A", None, nan_best)])).unwrap();
        assert!(texts(&svg).contains(&"10–20".to_string()));
        let open_below = Estimate::new(None, 8.0, Some(10.0));
        let svg = render_svg(&bars("Open below", vec![bar("A", None, open_below)])).unwrap();
        assert!(texts(&svg).contains(&"≤ 10".to_string()));
        assert!(
            !svg.contains("<polygon"),
            "a range open below runs from 0, no arrow"
        );
    }

    fn one_bar(value: f64) -> RangeBar {
        bar("A", None, Estimate::exact(value))
    }

    fn one_point(value: Estimate) -> TimePoint {
        point((2023, 1, 1), "A", "x", value)
    }

    #[test]
    fn long_labels_are_cut_with_an_ellipsis() {
        let long =
            "Tehrik-e-Taliban Pakistan and its associated splinter groups in the tribal districts";
        let svg = render_svg(&bars(
            "Long",
            vec![bar(long, Some(long), Estimate::exact(3.0))],
        ))
        .unwrap();
        assert!(!svg.contains(long));
        assert!(texts(&svg).iter().any(|t| t.ends_with('…')));
        // Bar labels are cut shorter than legend entries, which wrap.
        let lengths: Vec<usize> = texts(&svg).iter().map(|t| t.chars().count()).collect();
        assert!(
            lengths.iter().all(|n| *n <= MAX_LEGEND_CHARS),
            "{lengths:?}"
        );
        assert!(lengths.contains(&MAX_LABEL_CHARS) && lengths.contains(&MAX_LEGEND_CHARS));
    }

    #[test]
    fn a_crowded_timeline_draws_its_ranges_without_value_labels() {
        let points = |n: usize| -> Vec<TimePoint> {
            (0..n)
                .map(|i| {
                    let date = (2000 + (i % 25) as i32, 1 + (i % 12) as u32, 1);
                    let value = Estimate::new(Some(10.0), 20.0 + i as f64, None);
                    point(date, "A", &format!("value {i}"), value)
                })
                .collect()
        };
        let few = texts(&render_svg(&timeline(points(LABELLED_MARKS), false)).unwrap());
        assert!(few.iter().any(|t| t == "value 0") && few.iter().any(|t| t.starts_with("≥ ")));
        let many = render_svg(&timeline(points(LABELLED_MARKS + 1), false)).unwrap();
        assert!(!texts(&many)
            .iter()
            .any(|t| t.starts_with("value ") || t.starts_with("≥ ")));
        assert!(
            many.matches("<polygon").count() > LABELLED_MARKS,
            "every open range keeps its arrow"
        );
    }

    #[test]
    fn log_scale_ticks_at_powers_of_ten() {
        let log = texts(&render_svg(&strength_timeline(true)).unwrap());
        let linear = texts(&render_svg(&strength_timeline(false)).unwrap());
        for tick in ["1,000", "10,000", "100,000"] {
            assert!(
                log.contains(&tick.to_string()),
                "{tick} missing from {log:?}"
            );
        }
        assert!(!linear.contains(&"1,000".to_string()));
        assert!(log.iter().any(|t| t.ends_with("(log scale)")));
    }

    #[test]
    fn log_scale_copes_with_zero_bounds() {
        let zero = Estimate::new(Some(0.0), 10.0, Some(100.0));
        let open_below = Estimate::new(None, 50.0, Some(80.0));
        let chart = timeline(
            vec![
                point((2020, 1, 1), "A", "zero", zero),
                point((2021, 1, 1), "A", "open", open_below),
            ],
            true,
        );
        let svg = render_svg(&chart).unwrap();
        assert!(!svg.contains("NaN") && !svg.contains("inf"));
        // Only the open lower bound gets an arrow (and the legend one).
        assert_eq!(svg.matches("<polygon").count(), 2);
    }

    #[test]
    fn timeline_has_legend_labels_and_year_ticks() {
        let svg = render_svg(&strength_timeline(true)).unwrap();
        let all = texts(&svg);
        for text in ["TTP", "IS-K in Pakistan", "RUSI", "≥ 600", "2020", "2024"] {
            assert!(
                all.contains(&text.to_string()),
                "{text} missing from {all:?}"
            );
        }
        // Orange is the second series' colour (Okabe–Ito).
        assert!(svg.contains("#E69F00"));
    }

    #[test]
    fn ranges_are_labelled_for_people() {
        assert_eq!(
            Span::of(&range(-16.5, -16.0, -15.5)).unwrap().label(),
            "−16.5 to −15.5"
        );
        assert_eq!(
            Span::of(&Estimate::new(None, 3.0, Some(10.0)))
                .unwrap()
                .label(),
            "≤ 10"
        );
    }

    #[test]
    fn labels_wrap_and_truncate() {
        assert_eq!(truncate("abcdef", 4), "abc…");
        assert_eq!(truncate("abc", 4), "abc");
        assert_eq!(
            wrap_label("Khyber Pakhtunkhwa", 12, 2),
            vec!["Khyber", "Pakhtunkhwa"]
        );
        let wrapped = wrap_label("one two three four five six", 7, 2);
        assert_eq!(wrapped.len(), 2);
        assert!(wrapped[1].ends_with('…'));
    }

    #[test]
    fn ticks_are_round_and_bounded() {
        assert_eq!(nice_ticks(0.0, 10.0), vec![0.0, 2.0, 4.0, 6.0, 8.0, 10.0]);
        assert!(nice_ticks(0.0, 0.0).is_empty());
        let log: Vec<f64> = log_ticks(2.0, 5.5)
            .iter()
            .map(|t| 10f64.powf(*t).round())
            .collect();
        assert_eq!(log, vec![100.0, 1000.0, 10000.0, 100000.0]);
        assert_eq!(
            year_ticks(2010.2, 2024.9),
            vec![2012.0, 2014.0, 2016.0, 2018.0, 2020.0, 2022.0, 2024.0]
        );
    }

    #[test]
    fn nearby_points_are_spread_apart() {
        assert_eq!(dodge(&[100, 100, 300]), vec![-5, 5, 0]);
        assert_eq!(dodge(&[50, 300, 52, 51]), vec![-10, 0, 10, 0]);
    }

    /// A single-series chart with long names, an open lower bound and an
    /// exact value.
    fn provinces() -> Chart {
        bars(
            "Share of attacks by province, 2023 (%)",
            vec![
                bar(
                    "Khyber Pakhtunkhwa (incl. merged districts)",
                    None,
                    range(55.5, 56.0, 56.5),
                ),
                bar("Balochistan", None, range(28.0, 30.0, 33.0)),
                bar("Punjab", None, Estimate::new(None, 4.0, Some(6.0))),
                bar("Sindh", None, Estimate::exact(5.0)),
                bar("Islamabad Capital Territory", None, Estimate::at_least(1.0)),
                bar(
                    "Gilgit-Baltistan and Azad Jammu and Kashmir",
                    None,
                    range(0.5, 1.0, 1.5),
                ),
            ],
        )
    }

    /// Writes sample charts for a look: `cargo test --release --lib chart -- --ignored`.
    #[test]
    #[ignore]
    fn write_samples() {
        let dir = std::env::temp_dir();
        for (name, chart) in [
            ("bars", open_bars()),
            ("timeline_log", strength_timeline(true)),
            ("timeline_linear", strength_timeline(false)),
            ("empty", bars("Nothing", vec![])),
            ("provinces", provinces()),
        ] {
            std::fs::write(
                dir.join(format!("sitrep_{name}.svg")),
                render_svg(&chart).unwrap(),
            )
            .unwrap();
        }
    }
}
