//! Parts of a whole as 100% bars: each row one whole (a period as a source
//! counts it), its parts side by side in the order given, the rest in grey.
//! A part's range is drawn at its edge, where the uncertainty moves the
//! boundary between it and the rest.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::axis::{Scale, ValueAxis};
use super::marks::{Span, Whisker};
use super::text::{
    chars_in, draw_styled, draw_text, font, text_width, truncate, wrap, LABEL, SMALL,
};
use super::{draw_no_data, series_color, tint, Area, ChartError, ShareChart, INK, MUTED};

const ROW: i32 = 46;
const BAR: i32 = 24;
const AXIS: i32 = 30;
const REST: RGBColor = RGBColor(0xe4, 0xe4, 0xe4);

/// The chart's height: a row per whole and the percent axis.
pub(super) fn height(chart: &ShareChart) -> u32 {
    (8 + ROW * chart.rows.len().max(1) as i32 + AXIS) as u32
}

/// Draws the percent axis and each row's parts and rest.
pub(super) fn draw(root: &Area<'_>, chart: &ShareChart) -> Result<(), ChartError> {
    if chart.rows.is_empty() {
        return draw_no_data(root);
    }
    let (width, height) = root.dim_in_pixel();
    let label_width = chart
        .rows
        .iter()
        .map(|r| text_width(&r.label, LABEL) / 2 + 20)
        .max()
        .unwrap_or(0)
        .clamp(width as i32 / 6, width as i32 * 3 / 10);
    let scale = Scale {
        axis: ValueAxis {
            log: false,
            lo: 0.0,
            hi: 100.0,
            ticks: vec![0.0, 25.0, 50.0, 75.0, 100.0],
        },
        from: label_width + 14,
        to: width as i32 - 24,
    };
    let bottom = height as i32 - AXIS;
    for (x, label) in scale.ticks() {
        let anchor = (HPos::Center, VPos::Top);
        draw_styled(
            root,
            &format!("{label}%"),
            (x, bottom + 5),
            font(SMALL, MUTED),
            anchor,
        )?;
    }
    for (i, row) in chart.rows.iter().enumerate() {
        let middle = 8 + ROW * i as i32 + ROW / 2;
        let lines = wrap(&row.label, chars_in(label_width, LABEL), 2);
        let first = middle - (lines.len() as i32 - 1) * 8;
        for (j, line) in lines.iter().enumerate() {
            let anchor = (HPos::Right, VPos::Center);
            draw_text(
                root,
                line,
                (label_width, first + 16 * j as i32),
                LABEL,
                anchor,
            )?;
        }
        draw_row(root, &scale, middle, row)?;
    }
    Ok(())
}

/// One whole: the grey rest under everything, each part over it from where
/// the one before ends, its name and range inside when they fit, and its
/// range as a whisker at its edge.
fn draw_row(
    root: &Area<'_>,
    scale: &Scale,
    middle: i32,
    row: &super::ShareRow,
) -> Result<(), ChartError> {
    let (top, bottom) = (middle - BAR / 2, middle + BAR / 2);
    root.draw(&Rectangle::new(
        [(scale.from, top), (scale.to, bottom)],
        REST.filled(),
    ))?;
    let mut start = 0.0f64;
    for (i, (name, estimate)) in row.parts.iter().enumerate() {
        let Some(span) = Span::of(estimate) else {
            continue;
        };
        let end = (start + span.best).clamp(start, 100.0);
        let corners = [(scale.px(start), top), (scale.px(end), bottom)];
        root.draw(&Rectangle::new(
            corners,
            tint(series_color(i), 0.5).filled(),
        ))?;
        let text = format!("{name} {}%", span.label());
        let room = scale.px(end) - scale.px(start) - 10;
        if text_width(&text, SMALL) <= room {
            let anchor = (HPos::Left, VPos::Center);
            draw_styled(
                root,
                &text,
                (scale.px(start) + 6, middle),
                font(SMALL, INK),
                anchor,
            )?;
        } else {
            let anchor = (HPos::Left, VPos::Bottom);
            draw_styled(
                root,
                &truncate(&text, 60),
                (scale.px(start), top - 3),
                font(SMALL, INK),
                anchor,
            )?;
        }
        let shifted = Span {
            low: span.low.map(|l| start + l),
            best: start + span.best,
            high: span.high.map(|h| (start + h).min(100.0)),
        };
        if shifted.low != shifted.high {
            Whisker::on(scale, middle, &shifted).draw(root, INK, false)?;
        }
        start = end;
    }
    if start < 100.0 && !row.rest.is_empty() {
        let room = scale.to - scale.px(start) - 10;
        if text_width(&row.rest, SMALL) <= room {
            let anchor = (HPos::Right, VPos::Center);
            draw_styled(
                root,
                &row.rest,
                (scale.to - 6, middle),
                font(SMALL, MUTED),
                anchor,
            )?;
        }
    }
    Ok(())
}
