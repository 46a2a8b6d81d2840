//! Columns over consecutive periods (killed per year), each with its range,
//! and their small multiples: one panel per series on one shared scale, so
//! seven provinces read as seven clear shapes rather than seven colours in
//! one tangle. Only the peak and the latest column carry their value; the
//! tables under the chart give every one.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::axis::{Scale, ValueAxis};
use super::marks::{Span, Whisker};
use super::text::{bold, draw_styled, draw_text, font, wrap, LABEL, SMALL};
use super::{draw_no_data, Area, ChartError, Column, ColumnChart, Panels, BAR, INK, MUTED};

/// Room above the plot for the open-bound arrows and the peak's label.
const HEADROOM: i32 = 40;
/// Room left of the plot for the tick labels, and below it for the periods.
const LEFT: i32 = 58;
const BELOW: i32 = 26;

/// Height of one panel of small multiples (its name included), and how many
/// panels share a row.
const PANEL: i32 = 178;
const PANELS_PER_ROW: usize = 4;

/// A column's label and, unless it is a gap, its span.
type Slot<'a> = (&'a str, Option<Span>);

/// The columns' labels and spans; a column with nothing drawable (no
/// figure that period) keeps its slot, so panels stay aligned.
fn drawable(columns: &[Column]) -> Vec<Slot<'_>> {
    columns
        .iter()
        .map(|c| (c.label.as_str(), Span::of(&c.value)))
        .collect()
}

/// Every finite value of the drawable spans.
fn values<'a>(columns: impl Iterator<Item = &'a Slot<'a>>) -> Vec<f64> {
    columns
        .flat_map(|(_, s)| s.iter().flat_map(|s| s.values()).collect::<Vec<_>>())
        .collect()
}

/// Draws one series of columns over the whole chart.
pub(super) fn draw(root: &Area<'_>, chart: &ColumnChart) -> Result<(), ChartError> {
    let columns = drawable(&chart.columns);
    if columns.iter().all(|(_, s)| s.is_none()) {
        return draw_no_data(root);
    }
    let values = values(columns.iter());
    let (width, height) = root.dim_in_pixel();
    let plot = Plot {
        x: (LEFT, width as i32 - 12),
        scale: Scale {
            axis: ValueAxis::linear(&values),
            from: height as i32 - BELOW,
            to: HEADROOM,
        },
    };
    plot.scale.draw_rows(root, plot.x)?;
    plot.draw_columns(root, &columns, 12)?;
    plot.label_notable(root, &columns)
}

/// A plot's horizontal extent and its vertical value scale.
struct Plot {
    x: (i32, i32),
    scale: Scale,
}

impl Plot {
    /// The centre of column `i` of `n`, and the width of one slot.
    fn slot(&self, i: usize, n: usize) -> (i32, i32) {
        let slot = (self.x.1 - self.x.0) as f64 / n.max(1) as f64;
        let centre = self.x.0 as f64 + slot * (i as f64 + 0.5);
        (centre.round() as i32, slot.round() as i32)
    }

    /// Every column with its range, and at most `labels` period labels
    /// below (the latest always among them).
    fn draw_columns(
        &self,
        root: &Area<'_>,
        columns: &[Slot],
        labels: usize,
    ) -> Result<(), ChartError> {
        let n = columns.len();
        let every = n.div_ceil(labels.max(1)).max(1);
        let bottom = self.scale.from;
        for (i, (label, span)) in columns.iter().enumerate() {
            let (centre, slot) = self.slot(i, n);
            // Two labels are the ends; more are spaced back from the latest.
            let labelled = match labels {
                2 => i == 0 || i + 1 == n,
                _ => (n - 1 - i).is_multiple_of(every),
            };
            if labelled {
                // At the ends of a panel the labels keep inside it.
                let (x, h) = match labels {
                    2 if i == 0 => (self.x.0, HPos::Left),
                    2 => (self.x.1, HPos::Right),
                    _ => (centre, HPos::Center),
                };
                draw_styled(
                    root,
                    label,
                    (x, bottom + 6),
                    font(SMALL, MUTED),
                    (h, VPos::Top),
                )?;
            }
            let Some(span) = span else {
                continue;
            };
            let half = ((slot as f64 * 0.36).round() as i32).clamp(1, 22);
            let (floor, best) = (self.scale.floor(), self.scale.px(span.best));
            let corners = [
                (centre - half, floor.min(best)),
                (centre + half, floor.max(best)),
            ];
            root.draw(&Rectangle::new(corners, BAR.filled()))?;
            if !(span.low.is_some() && span.low == span.high) {
                Whisker::on(&self.scale, centre, span).draw(root, INK, false)?;
            }
        }
        Ok(())
    }

    /// The peak's and the latest column's values, above their ranges.
    fn label_notable(&self, root: &Area<'_>, columns: &[Slot]) -> Result<(), ChartError> {
        for (i, span) in notable(columns) {
            let (centre, _) = self.slot(i, columns.len());
            let top = Whisker::on(&self.scale, centre, span)
                .outer()
                .min(self.scale.px(span.best));
            let anchor = (HPos::Center, VPos::Bottom);
            draw_styled(
                root,
                &span.label(),
                (centre, top - 4),
                font(SMALL, INK),
                anchor,
            )?;
        }
        Ok(())
    }
}

/// The columns worth a label: the one with the highest best value and the
/// latest.
fn notable<'c>(columns: &'c [Slot]) -> Vec<(usize, &'c Span)> {
    let drawn: Vec<(usize, &Span)> = columns
        .iter()
        .enumerate()
        .filter_map(|(i, (_, s))| Some((i, s.as_ref()?)))
        .collect();
    let peak = drawn
        .iter()
        .max_by(|a, b| a.1.best.total_cmp(&b.1.best).then(b.0.cmp(&a.0)))
        .copied();
    let mut out: Vec<(usize, &Span)> = peak.into_iter().collect();
    if let Some(last) = drawn.last().filter(|l| !out.iter().any(|o| o.0 == l.0)) {
        out.push(*last);
    }
    out
}

/// The height of small multiples: a row of [`PANEL`] per four panels.
pub(super) fn panels_height(chart: &Panels) -> u32 {
    let rows = chart.panels.len().div_ceil(PANELS_PER_ROW).max(1);
    (rows as i32 * PANEL + 8) as u32
}

/// Small multiples: one panel per series on one shared scale, tick labels
/// on the first panel of each row, periods at each panel's ends.
pub(super) fn draw_panels(root: &Area<'_>, chart: &Panels) -> Result<(), ChartError> {
    let panels: Vec<(&str, Vec<Slot>)> = chart
        .panels
        .iter()
        .map(|p| (p.name.as_str(), drawable(&p.columns)))
        .filter(|(_, columns)| columns.iter().any(|(_, s)| s.is_some()))
        .collect();
    if panels.is_empty() {
        return draw_no_data(root);
    }
    let values = values(panels.iter().flat_map(|(_, c)| c.iter()));
    let axis = ValueAxis::linear(&values);
    let (width, _) = root.dim_in_pixel();
    let per_row = panels.len().min(PANELS_PER_ROW);
    let panel_width = (width as i32 - LEFT) / per_row as i32;
    for (i, (name, columns)) in panels.iter().enumerate() {
        let (row, col) = ((i / per_row) as i32, (i % per_row) as i32);
        let x0 = LEFT + col * panel_width;
        let top = row * PANEL;
        let plot = Plot {
            x: (x0 + 8, x0 + panel_width - 14),
            scale: Scale {
                axis: axis.clone(),
                from: top + PANEL - BELOW,
                to: top + 64,
            },
        };
        draw_panel(root, &plot, (name, columns), col == 0)?;
    }
    Ok(())
}

/// One panel: its name, gridlines (labelled when `first` of its row), its
/// columns, and its peak's value.
fn draw_panel(
    root: &Area<'_>,
    plot: &Plot,
    (name, columns): (&str, &[Slot]),
    first: bool,
) -> Result<(), ChartError> {
    let chars = ((plot.x.1 - plot.x.0) as f64 / (LABEL * 0.52)) as usize;
    let anchor = (HPos::Left, VPos::Top);
    for (i, line) in wrap(name, chars, 2).iter().enumerate() {
        let at = (plot.x.0, plot.scale.to - 56 + 16 * i as i32);
        draw_styled(root, line, at, bold(LABEL, INK), anchor)?;
    }
    for (y, label) in plot.scale.ticks() {
        let line = vec![(plot.x.0, y), (plot.x.1, y)];
        root.draw(&PathElement::new(line, super::GRID.stroke_width(1)))?;
        if first {
            let anchor = (HPos::Right, VPos::Center);
            draw_styled(root, &label, (plot.x.0 - 6, y), font(SMALL, MUTED), anchor)?;
        }
    }
    plot.draw_columns(root, columns, 2)?;
    let Some((peak, span)) = notable(columns).first().copied() else {
        return Ok(());
    };
    let (centre, _) = plot.slot(peak, columns.len());
    let top = Whisker::on(&plot.scale, centre, span)
        .outer()
        .min(plot.scale.px(span.best));
    draw_text(
        root,
        &span.label(),
        (centre, top - 3),
        SMALL,
        (HPos::Center, VPos::Bottom),
    )
}
