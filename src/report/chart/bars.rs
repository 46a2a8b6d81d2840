//! Horizontal bars: one row per category, its name beside it, the value
//! written at the end of its range. Long names wrap instead of being
//! squeezed under narrow columns; several series (periods) share a row as
//! grouped bars with a one-line key. On a log scale the bars become dots.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::axis::{Scale, ValueAxis};
use super::marks::{Span, Whisker};
use super::text::{bold, chars_in, draw_styled, draw_text, font, text_width, wrap, LABEL, SMALL};
use super::{
    draw_no_data, index_of, series_color, tint, Area, BarChart, ChartError, BAR, INK, MUTED,
};

/// Height of one series' bar, and the gap around a category's bars.
const BAR_HEIGHT: i32 = 18;
const ROW_GAP: i32 = 12;
const HEADING: i32 = 28;
/// Line height of a wrapped category name.
const LINE: i32 = 17;
const KEY: i32 = 26;
const AXIS: i32 = 30;
/// Room right of the plot for the value written after the longest range.
const VALUE_ROOM: i32 = 118;

/// A bar chart's rows, indexed: categories and series in the order the
/// data first gives them ("" is the unnamed series of ungrouped bars).
#[derive(Debug, Default)]
struct Rows {
    categories: Vec<String>,
    headings: Vec<Option<String>>,
    series: Vec<String>,
    bars: Vec<(usize, usize, Span)>,
}

impl Rows {
    fn of(chart: &BarChart) -> Rows {
        let mut rows = Rows::default();
        for bar in &chart.bars {
            let Some(span) = Span::of(&bar.value) else {
                continue;
            };
            let before = rows.categories.len();
            let category = index_of(&mut rows.categories, &bar.label);
            if rows.categories.len() > before {
                rows.headings.push(bar.heading.clone());
            }
            let series = index_of(&mut rows.series, bar.series.as_deref().unwrap_or(""));
            rows.bars.push((category, series, span));
        }
        rows
    }

    fn keyed(&self) -> bool {
        self.series.len() > 1
    }

    /// The height of category `i`'s row: its bars, or its name's lines
    /// when it wraps onto more.
    fn row_height(&self, i: usize, label_width: i32) -> i32 {
        let bars = BAR_HEIGHT * self.series.len().max(1) as i32 + ROW_GAP;
        let lines = wrap(&self.categories[i], chars_in(label_width, LABEL), 2).len() as i32;
        bars.max(LINE * lines + ROW_GAP)
    }

    /// Whether category `i` opens a new heading.
    fn heading_at(&self, i: usize) -> Option<&str> {
        let heading = self.headings.get(i)?.as_deref()?;
        let before = i.checked_sub(1).and_then(|p| self.headings[p].as_deref());
        (before != Some(heading)).then_some(heading)
    }

    fn values(&self) -> Vec<f64> {
        self.bars.iter().flat_map(|(_, _, s)| s.values()).collect()
    }
}

/// The chart's height: key, rows, headings and the axis.
pub(super) fn height(chart: &BarChart) -> u32 {
    let rows = Rows::of(chart);
    let label_width = label_column(&rows.categories, super::WIDTH as i32);
    let headings = (0..rows.categories.len())
        .filter(|i| rows.heading_at(*i).is_some())
        .count() as i32;
    let key = if rows.keyed() { KEY } else { 0 };
    let body: i32 = (0..rows.categories.len())
        .map(|i| rows.row_height(i, label_width))
        .sum();
    (key + 8 + body.max(60) + HEADING * headings + AXIS).max(120) as u32
}

/// Draws the key, the gridded value axis, then each category's bars.
pub(super) fn draw(root: &Area<'_>, chart: &BarChart) -> Result<(), ChartError> {
    let rows = Rows::of(chart);
    let (width, height) = root.dim_in_pixel();
    let label_width = label_column(&rows.categories, width as i32);
    let x0 = label_width + 14;
    let top = if rows.keyed() { KEY + 8 } else { 8 };
    let bottom = height as i32 - AXIS;
    let axis = match chart.log_scale {
        true => ValueAxis::log(&rows.values()),
        false => ValueAxis::linear(&rows.values()),
    };
    let scale = Scale {
        axis,
        from: x0,
        to: width as i32 - VALUE_ROOM,
    };
    scale.draw_columns(root, (top - 4, bottom))?;
    if rows.keyed() {
        draw_key(root, &rows.series, x0)?;
    }
    let mut y = top;
    for (i, name) in rows.categories.iter().enumerate() {
        if let Some(heading) = rows.heading_at(i) {
            let anchor = (HPos::Left, VPos::Bottom);
            draw_styled(
                root,
                heading,
                (0, y + HEADING - 8),
                bold(SMALL, MUTED),
                anchor,
            )?;
            y += HEADING;
        }
        let height = rows.row_height(i, label_width);
        draw_category(root, name, (label_width, y + height / 2))?;
        let bars = BAR_HEIGHT * rows.series.len().max(1) as i32;
        for (_, series, span) in rows.bars.iter().filter(|(c, _, _)| *c == i) {
            let centre = y + (height - bars) / 2 + BAR_HEIGHT * *series as i32 + BAR_HEIGHT / 2;
            let color = bar_color(&rows, *series);
            draw_bar(root, &scale, (centre, color), span, chart.log_scale)?;
        }
        y += height;
    }
    if rows.bars.is_empty() {
        draw_no_data(root)?;
    }
    Ok(())
}

/// How wide the category names may be: as wide as the longest line they
/// wrap to, between a sixth and two fifths of the chart.
fn label_column(categories: &[String], width: i32) -> i32 {
    let widest = categories
        .iter()
        .map(|c| text_width(c, LABEL))
        .max()
        .unwrap_or(0);
    let (least, most) = (width / 6, width * 2 / 5);
    // Names longer than the column wrap onto a second line.
    if widest <= most {
        widest.max(least)
    } else {
        let halves = categories
            .iter()
            .map(|c| text_width(c, LABEL) / 2 + 20)
            .max()
            .unwrap_or(0);
        halves.clamp(least, most)
    }
}

/// A category's name, right-aligned against the bars, on up to two lines.
fn draw_category(
    root: &Area<'_>,
    name: &str,
    (right, middle): (i32, i32),
) -> Result<(), ChartError> {
    let lines = wrap(name, chars_in(right, LABEL), 2);
    let first = middle - (lines.len() as i32 - 1) * LINE / 2;
    for (i, line) in lines.iter().enumerate() {
        let anchor = (HPos::Right, VPos::Center);
        draw_text(root, line, (right, first + LINE * i as i32), LABEL, anchor)?;
    }
    Ok(())
}

/// The fill of a series' bars: the calm blue alone, palette colours when
/// several series share a row.
fn bar_color(rows: &Rows, series: usize) -> RGBColor {
    if rows.keyed() {
        series_color(series)
    } else {
        BAR
    }
}

/// One bar (or dot, on a log scale): its length the best value, its range
/// over it, and the range written after it.
fn draw_bar(
    root: &Area<'_>,
    scale: &Scale,
    (centre, color): (i32, RGBColor),
    span: &Span,
    dots: bool,
) -> Result<(), ChartError> {
    let (floor, best) = (scale.floor(), scale.px(span.best));
    let half = BAR_HEIGHT / 2 - 2;
    if !dots {
        let corners = [
            (floor.min(best), centre - half),
            (floor.max(best), centre + half),
        ];
        let fill = if color == BAR { BAR } else { tint(color, 0.55) };
        root.draw(&Rectangle::new(corners, fill.filled()))?;
    }
    let whisker = Whisker::on(scale, centre, span);
    let exact = span.low == span.high && span.low.is_some();
    if dots || !exact {
        let ink = if dots { color_for_dot(color) } else { INK };
        whisker.draw(root, ink, dots)?;
    }
    let after = whisker.outer().max(floor).max(best) + 6;
    let anchor = (HPos::Left, VPos::Center);
    draw_styled(
        root,
        &span.label(),
        (after, centre),
        font(SMALL, INK),
        anchor,
    )
}

/// Dots and their ranges in the series colour, a darker blue when alone.
fn color_for_dot(color: RGBColor) -> RGBColor {
    if color == BAR {
        series_color(0)
    } else {
        color
    }
}

/// The series key: a swatch and name per series, in one line.
fn draw_key(root: &Area<'_>, series: &[String], x0: i32) -> Result<(), ChartError> {
    let mut x = x0;
    for (i, name) in series.iter().enumerate() {
        let swatch = [(x, 6), (x + 12, 18)];
        root.draw(&Rectangle::new(
            swatch,
            tint(series_color(i), 0.55).filled(),
        ))?;
        let anchor = (HPos::Left, VPos::Center);
        draw_text(root, name, (x + 17, 12), SMALL, anchor)?;
        x += 17 + text_width(name, SMALL) + 22;
    }
    Ok(())
}
