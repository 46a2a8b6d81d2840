//! Value axes: linear from zero or logarithmic, with round ticks whatever
//! the data, mapped onto a run of pixels. Every chart draws its gridlines
//! and tick labels through [`Scale`], so they all look alike.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::text::{draw_styled, font, SMALL};
use super::{Area, ChartError, GRID, MUTED};
use crate::compute::format::compact;

/// The value axis, in axis units. A log scale is linear over log10 of the
/// values: a zero or negative value (no logarithm) sits on the axis floor.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct ValueAxis {
    pub log: bool,
    pub lo: f64,
    pub hi: f64,
    pub ticks: Vec<f64>,
}

impl ValueAxis {
    /// A linear axis from 0 (or below, for negative values) to a round
    /// number at or above the largest value.
    pub fn linear(values: &[f64]) -> ValueAxis {
        let lo = values.iter().fold(0.0f64, |m, v| m.min(*v));
        let hi = values.iter().fold(0.0f64, |m, v| m.max(*v));
        let hi = if hi > lo { hi } else { lo + 1.0 };
        let ticks = nice_ticks(lo, hi);
        let step = ticks.get(1).zip(ticks.first()).map_or(1.0, |(b, a)| b - a);
        // Ends on a tick, so the top gridline frames the data.
        let top = (hi / step).ceil() * step;
        let bottom = if lo < 0.0 {
            (lo / step).floor() * step
        } else {
            0.0
        };
        ValueAxis {
            log: false,
            lo: bottom,
            hi: top.max(hi),
            ticks: nice_ticks(bottom, top.max(hi)),
        }
    }

    /// A log axis over the positive values, at least one decade long.
    pub fn log(values: &[f64]) -> ValueAxis {
        let logs = values.iter().filter(|v| **v > 0.0).map(|v| v.log10());
        let (lo, hi) = widen(extent(logs).unwrap_or((0.0, 1.0)), 1.0);
        let (lo, hi) = (lo - (hi - lo) * 0.05, hi + (hi - lo) * 0.05);
        ValueAxis {
            log: true,
            lo,
            hi,
            ticks: log_ticks(lo, hi),
        }
    }

    /// A value in axis units, clamped to the floor where it has no place.
    pub fn to_axis(&self, value: f64) -> f64 {
        match self.log {
            false => value,
            true if value > 0.0 => value.log10().max(self.lo),
            true => self.lo,
        }
    }

    /// The value at a position in axis units (for tick labels).
    pub fn value_at(&self, at: f64) -> f64 {
        if self.log {
            10f64.powf(at)
        } else {
            at
        }
    }

    /// Whether a bound lies on the axis, rather than below a log axis' floor.
    pub fn shows(&self, value: f64) -> bool {
        !self.log || value > 0.0
    }

    /// True when the axis starts at 0, so a range open below runs "from 0"
    /// without an arrow: counts cannot be negative.
    pub fn floor_is_zero(&self) -> bool {
        !self.log && self.lo == 0.0
    }
}

/// An axis laid along a run of pixels: `from` is where `axis.lo` lies and
/// `to` where `axis.hi` does (a vertical axis runs upwards: `from > to`).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Scale {
    pub axis: ValueAxis,
    pub from: i32,
    pub to: i32,
}

impl Scale {
    /// The pixel of `value` (clamped to the axis floor on a log scale).
    pub fn px(&self, value: f64) -> i32 {
        let span = self.axis.hi - self.axis.lo;
        let share = if span > 0.0 {
            (self.axis.to_axis(value) - self.axis.lo) / span
        } else {
            0.0
        };
        let share = if share.is_finite() { share } else { 0.0 };
        self.from + (share * (self.to - self.from) as f64).round() as i32
    }

    /// The pixel of the axis floor (0 on a linear axis from 0).
    pub fn floor(&self) -> i32 {
        self.px(if self.axis.log {
            0.0
        } else {
            0f64.clamp(self.axis.lo, self.axis.hi)
        })
    }

    /// The ticks as (pixel, label).
    pub fn ticks(&self) -> Vec<(i32, String)> {
        let span = self.axis.hi - self.axis.lo;
        self.axis
            .ticks
            .iter()
            .map(|t| {
                let share = if span > 0.0 {
                    (t - self.axis.lo) / span
                } else {
                    0.0
                };
                let px = self.from + (share * (self.to - self.from) as f64).round() as i32;
                (px, compact(self.axis.value_at(*t)))
            })
            .collect()
    }

    /// Horizontal gridlines from `x0` to `x1` with tick labels left of `x0`
    /// (a vertical scale).
    pub fn draw_rows(&self, root: &Area<'_>, (x0, x1): (i32, i32)) -> Result<(), ChartError> {
        for (y, label) in self.ticks() {
            root.draw(&PathElement::new(
                vec![(x0, y), (x1, y)],
                GRID.stroke_width(1),
            ))?;
            let anchor = (HPos::Right, VPos::Center);
            draw_styled(root, &label, (x0 - 6, y), font(SMALL, MUTED), anchor)?;
        }
        Ok(())
    }

    /// Vertical gridlines from `y0` to `y1` with tick labels under `y1`
    /// (a horizontal scale).
    pub fn draw_columns(&self, root: &Area<'_>, (y0, y1): (i32, i32)) -> Result<(), ChartError> {
        for (x, label) in self.ticks() {
            root.draw(&PathElement::new(
                vec![(x, y0), (x, y1)],
                GRID.stroke_width(1),
            ))?;
            let anchor = (HPos::Center, VPos::Top);
            draw_styled(root, &label, (x, y1 + 5), font(SMALL, MUTED), anchor)?;
        }
        Ok(())
    }
}

/// The smallest and largest of `values`, or None when there are none.
pub(super) fn extent(values: impl Iterator<Item = f64>) -> Option<(f64, f64)> {
    values.fold(None, |acc, v| match acc {
        None => Some((v, v)),
        Some((lo, hi)) => Some((lo.min(v), hi.max(v))),
    })
}

/// Widens `lo..hi` about its middle to at least `min`, so that a single
/// value (or several equal ones) still sits in some context.
pub(super) fn widen((lo, hi): (f64, f64), min: f64) -> (f64, f64) {
    let mid = (lo + hi) / 2.0;
    if hi - lo < min {
        (mid - min / 2.0, mid + min / 2.0)
    } else {
        (lo, hi)
    }
}

/// Ticks at a round step (1, 2, 2.5 or 5 × 10ⁿ), about four over the span.
pub(super) fn nice_ticks(lo: f64, hi: f64) -> Vec<f64> {
    let raw = (hi - lo) / 4.0;
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
    let first = (lo / step - 1e-9).ceil() as i64;
    let last = (hi / step + 1e-9).floor() as i64;
    (first..=last).map(|k| k as f64 * step).collect()
}

/// Log ticks at 1, 2 and 5 × 10ⁿ (only 10ⁿ on tall axes); on an axis under
/// a decade that holds too few of those, round linear steps instead.
pub(super) fn log_ticks(lo: f64, hi: f64) -> Vec<f64> {
    let decade = |m: f64| {
        (lo.floor() as i32..=hi.ceil() as i32)
            .map(move |e| (m * 10f64.powi(e)).log10())
            .filter(|a| (lo..=hi).contains(a))
    };
    let mut ticks: Vec<f64> = [1.0, 2.0, 5.0].into_iter().flat_map(decade).collect();
    ticks.sort_by(f64::total_cmp);
    if ticks.len() > 8 {
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

/// Whole years at a step of 1, 2, 5, 10… so that at most `most` are labelled.
pub(super) fn year_ticks(lo: f64, hi: f64, most: usize) -> Vec<f64> {
    let steps = [1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0];
    let step = steps
        .into_iter()
        .find(|s| (hi - lo) / s <= most as f64)
        .unwrap_or(100.0);
    let (first, last) = ((lo / step).ceil() as i64, (hi / step).floor() as i64);
    (first..=last).map(|k| k as f64 * step).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round_and_bounded() {
        assert_eq!(nice_ticks(0.0, 10.0), vec![0.0, 2.5, 5.0, 7.5, 10.0]);
        assert!(nice_ticks(0.0, 0.0).is_empty());
        let log: Vec<f64> = log_ticks(2.0, 5.5)
            .iter()
            .map(|t| 10f64.powf(*t).round())
            .collect();
        assert_eq!(log, vec![100.0, 1000.0, 10000.0, 100000.0]);
        assert_eq!(
            year_ticks(2010.2, 2024.9, 10),
            vec![2012.0, 2014.0, 2016.0, 2018.0, 2020.0, 2022.0, 2024.0]
        );
    }

    #[test]
    fn a_linear_axis_ends_on_a_round_tick_above_the_data() {
        let axis = ValueAxis::linear(&[0.0, 370.0]);
        assert_eq!(axis.lo, 0.0);
        assert_eq!(axis.hi, 400.0);
        assert_eq!(axis.ticks.last(), Some(&400.0));
        let negative = ValueAxis::linear(&[-16.5, 131.0]);
        assert!(negative.lo < -16.5 && negative.ticks.contains(&0.0));
    }

    #[test]
    fn a_scale_maps_values_to_pixels_both_ways_up() {
        let up = Scale {
            axis: ValueAxis::linear(&[100.0]),
            from: 300,
            to: 100,
        };
        assert_eq!(up.px(0.0), 300);
        assert_eq!(up.px(100.0), 100);
        assert_eq!(up.floor(), 300);
        let log = Scale {
            axis: ValueAxis::log(&[100.0, 10_000.0]),
            from: 0,
            to: 100,
        };
        assert!(log.px(1000.0) > 40 && log.px(1000.0) < 60);
        assert_eq!(log.px(0.0), 0, "no logarithm: on the floor");
    }
}
