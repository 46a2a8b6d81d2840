//! Dated estimates: each point a range in its series' colour, consecutive
//! points of a counted series joined by a line, and each series named at
//! its latest point (direct labels, no legend). Points that share a date
//! are spread apart so no range hides another.

use chrono::{Datelike, NaiveDate};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::axis::{extent, widen, year_ticks, Scale, ValueAxis};
use super::marks::{Span, Whisker};
use super::text::{bold, draw_styled, font, text_width, truncate, LABEL, SMALL};
use super::{draw_no_data, index_of, series_color, Area, ChartError, TimeChart, GRID, INK, MUTED};

/// Up to how many points a timeline labels with their notes. Beyond it the
/// labels would cover each other and the ranges; the table under every
/// chart gives each value.
pub(super) const LABELLED_MARKS: usize = 40;

/// Labels longer than this are cut and end in "…".
const MAX_LABEL_CHARS: usize = 28;

const LEFT: i32 = 58;
const TOP: i32 = 30;
const BELOW: i32 = 28;

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
struct Marks {
    series: Vec<String>,
    marks: Vec<Mark>,
}

impl Marks {
    fn of(chart: &TimeChart) -> Marks {
        let mut data = Marks::default();
        for point in &chart.points {
            let Some(span) = Span::of(&point.value) else {
                continue;
            };
            let series = index_of(&mut data.series, &point.series);
            data.marks.push(Mark {
                year: fractional_year(point.date),
                series,
                label: truncate(&point.label, MAX_LABEL_CHARS),
                span,
            });
        }
        data
    }

    /// The years shown: at least one, a little wider than the points.
    fn year_range(&self) -> (f64, f64) {
        let years = self.marks.iter().map(|m| m.year);
        let (lo, hi) = widen(extent(years).unwrap_or((2000.0, 2001.0)), 1.0);
        (lo - (hi - lo) * 0.04, hi + (hi - lo) * 0.04)
    }

    /// Whether series are named at their ends: when there are several, or
    /// when the points carry no notes of their own.
    fn named(&self) -> bool {
        self.series.len() > 1 || self.marks.iter().all(|m| m.label.is_empty())
    }
}

/// The date as a year with a fraction (1 July 2023 ≈ 2023.5): dates only
/// need to be placed, not read off.
fn fractional_year(date: NaiveDate) -> f64 {
    let days = NaiveDate::from_ymd_opt(date.year(), 12, 31).map_or(365, |d| d.ordinal());
    date.year() as f64 + date.ordinal0() as f64 / days as f64
}

/// Draws the grid, the years, every point's range, the lines and the names.
pub(super) fn draw(root: &Area<'_>, chart: &TimeChart) -> Result<(), ChartError> {
    let data = Marks::of(chart);
    if data.marks.is_empty() {
        return draw_no_data(root);
    }
    let (width, height) = root.dim_in_pixel();
    let names_width = if data.named() { names_room(&data) } else { 24 };
    let values: Vec<f64> = data.marks.iter().flat_map(|m| m.span.values()).collect();
    let y = Scale {
        axis: if chart.log_scale {
            ValueAxis::log(&values)
        } else {
            ValueAxis::linear(&values)
        },
        from: height as i32 - BELOW,
        to: TOP,
    };
    let (lo, hi) = data.year_range();
    let x = Scale {
        axis: ValueAxis {
            log: false,
            lo,
            hi,
            ticks: year_ticks(lo, hi, 8),
        },
        from: LEFT,
        to: width as i32 - names_width,
    };
    y.draw_rows(root, (x.from, x.to))?;
    draw_years(root, &x, y.from)?;
    let xs = dodge(&data.marks.iter().map(|m| x.px(m.year)).collect::<Vec<_>>());
    if chart.connect {
        draw_lines(root, &data, (&xs, &y))?;
    }
    let labelled = data.marks.len() <= LABELLED_MARKS;
    for (mark, px) in data.marks.iter().zip(&xs) {
        let whisker = Whisker::on(&y, *px, &mark.span);
        whisker.draw(root, series_color(mark.series), true)?;
        if labelled {
            draw_mark_labels(root, mark, &whisker)?;
        }
    }
    if data.named() {
        draw_names(root, &data, (&xs, &y), x.to + 8)?;
    }
    Ok(())
}

/// Room right of the plot for the series names: the longest, within limits.
fn names_room(data: &Marks) -> i32 {
    let widest = data
        .series
        .iter()
        .map(|s| text_width(&truncate(s, MAX_LABEL_CHARS), LABEL))
        .max()
        .unwrap_or(0);
    (widest + 16).clamp(40, 220)
}

/// Year labels under the plot, with a tick mark each.
fn draw_years(root: &Area<'_>, x: &Scale, bottom: i32) -> Result<(), ChartError> {
    root.draw(&PathElement::new(
        vec![(x.from, bottom), (x.to, bottom)],
        MUTED.stroke_width(1),
    ))?;
    for tick in &x.axis.ticks {
        let px = x.px(*tick);
        root.draw(&PathElement::new(
            vec![(px, bottom), (px, bottom + 4)],
            MUTED.stroke_width(1),
        ))?;
        let anchor = (HPos::Center, VPos::Top);
        draw_styled(
            root,
            &format!("{}", tick.round() as i64),
            (px, bottom + 7),
            font(SMALL, MUTED),
            anchor,
        )?;
    }
    Ok(())
}

/// Lines through each series' best values, in date order.
fn draw_lines(root: &Area<'_>, data: &Marks, (xs, y): (&[i32], &Scale)) -> Result<(), ChartError> {
    for series in 0..data.series.len() {
        let mut points: Vec<(f64, (i32, i32))> = data
            .marks
            .iter()
            .zip(xs)
            .filter(|(m, _)| m.series == series)
            .map(|(m, px)| (m.year, (*px, y.px(m.span.best))))
            .collect();
        points.sort_by(|a, b| a.0.total_cmp(&b.0));
        if points.len() > 1 {
            let line: Vec<(i32, i32)> = points.into_iter().map(|(_, p)| p).collect();
            root.draw(&PathElement::new(
                line,
                series_color(series).stroke_width(2),
            ))?;
        }
    }
    Ok(())
}

/// A point's note beside its best value and, when open above, its "≥ n"
/// over the arrow.
fn draw_mark_labels(root: &Area<'_>, mark: &Mark, whisker: &Whisker) -> Result<(), ChartError> {
    let anchor = (HPos::Left, VPos::Center);
    let beside = (whisker.across + 7, whisker.best);
    draw_styled(root, &mark.label, beside, font(SMALL, INK), anchor)?;
    if whisker.high_end == super::marks::End::Open {
        let above = (whisker.across, whisker.outer() - 3);
        draw_styled(
            root,
            &mark.span.label(),
            above,
            font(SMALL, INK),
            (HPos::Center, VPos::Bottom),
        )?;
    }
    Ok(())
}

/// Each series' name at the height of its latest point, right of the plot,
/// pushed apart where names would overlap.
fn draw_names(
    root: &Area<'_>,
    data: &Marks,
    (xs, y): (&[i32], &Scale),
    left: i32,
) -> Result<(), ChartError> {
    let mut ends: Vec<(i32, usize, i32)> = (0..data.series.len())
        .filter_map(|series| {
            let (mark, px) = data
                .marks
                .iter()
                .zip(xs)
                .filter(|(m, _)| m.series == series)
                .max_by(|a, b| a.0.year.total_cmp(&b.0.year))?;
            Some((y.px(mark.span.best), series, *px))
        })
        .collect();
    ends.sort();
    let placed = spread(
        &ends.iter().map(|e| e.0).collect::<Vec<_>>(),
        17,
        (y.to, y.from),
    );
    for ((at, series, px), label_y) in ends.iter().zip(placed) {
        let color = series_color(*series);
        let leader = vec![(*px + 6, *at), (left - 3, label_y)];
        root.draw(&PathElement::new(leader, GRID.stroke_width(1)))?;
        let name = truncate(&data.series[*series], MAX_LABEL_CHARS);
        draw_styled(
            root,
            &name,
            (left, label_y),
            bold(LABEL, color),
            (HPos::Left, VPos::Center),
        )?;
    }
    Ok(())
}

/// Positions at least `gap` apart, each as near its wish as the others
/// allow, within `bounds` (the input sorted).
fn spread(wishes: &[i32], gap: i32, (lo, hi): (i32, i32)) -> Vec<i32> {
    let mut out: Vec<i32> = Vec::with_capacity(wishes.len());
    for wish in wishes {
        let at = match out.last() {
            Some(before) => (*wish).max(before + gap),
            None => (*wish).max(lo),
        };
        out.push(at);
    }
    // Pushed past the bottom: shift the run back up as a block.
    if let Some(over) = out.last().map(|l| l - hi).filter(|o| *o > 0) {
        out.iter_mut().for_each(|v| *v -= over);
    }
    out
}

/// Pixel offsets that spread points lying within a few pixels of each
/// other side by side; a lone point stays put. Stable: clusters are found
/// in x order, ties in input order.
fn dodge(xs: &[i32]) -> Vec<i32> {
    const GAP: i32 = 10;
    let mut order: Vec<usize> = (0..xs.len()).collect();
    order.sort_by_key(|&i| (xs[i], i));
    let mut out = xs.to_vec();
    let mut start = 0;
    for end in 1..=order.len() {
        let split = end == order.len() || xs[order[end]] - xs[order[end - 1]] >= GAP;
        if split {
            let cluster = &order[start..end];
            for (rank, &i) in cluster.iter().enumerate() {
                out[i] += (2 * rank as i32 - (cluster.len() as i32 - 1)) * GAP / 2;
            }
            start = end;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearby_points_are_spread_apart() {
        assert_eq!(dodge(&[100, 100, 300]), vec![95, 105, 300]);
        assert_eq!(dodge(&[50, 300, 52, 51]), vec![40, 300, 62, 51]);
    }

    #[test]
    fn names_keep_their_distance_within_bounds() {
        assert_eq!(spread(&[10, 12, 50], 17, (0, 100)), vec![10, 27, 50]);
        assert_eq!(spread(&[95, 99], 17, (0, 100)), vec![83, 100]);
    }
}
