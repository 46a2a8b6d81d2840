//! Ranges as marks: every estimate is drawn as the range its sources allow
//! (a whisker with caps), never as a bare point. An open bound ("at least
//! 60") is marked at the point where knowledge stops: the whisker runs to
//! the best value and goes on as a short fading stem with an arrowhead,
//! never as a bar to the edge of the plot.

use plotters::prelude::*;

use super::axis::Scale;
use super::text::closed_label;
use super::{Area, ChartError};
use crate::compute::format::compact;
use crate::estimate::Estimate;

/// Width of caps and diameter of the best-value dot, in pixels.
pub(super) const CAP: i32 = 8;

/// How far the fading stem of an open bound reaches past the best value.
pub(super) const OPEN: i32 = 20;

/// An estimate made drawable: finite numbers with `low ≤ best ≤ high`, and
/// `None` still meaning an open bound.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Span {
    pub low: Option<f64>,
    pub best: f64,
    pub high: Option<f64>,
}

impl Span {
    /// None when nothing can be drawn: a non-finite best with no finite bound.
    pub fn of(estimate: &Estimate) -> Option<Span> {
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
    pub fn values(&self) -> impl Iterator<Item = f64> {
        self.low.into_iter().chain([self.best]).chain(self.high)
    }

    /// The range as a chart writes it: "54–60", "≥ 64", "≤ 10", or "60".
    pub fn label(&self) -> String {
        match (self.low, self.high) {
            (Some(l), None) => format!("≥ {}", compact(l)),
            (None, Some(h)) => format!("≤ {}", compact(h)),
            (None, None) => format!("{} (open)", compact(self.best)),
            (Some(l), Some(h)) => closed_label(compact(l), compact(h)),
        }
    }
}

/// How one end of a drawn range finishes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum End {
    /// A closed bound: a short crossbar.
    Cap,
    /// An open bound: a short fading stem with an arrowhead past the best.
    Open,
    /// Runs into the axis floor with no mark: open below 0, or 0 on a log axis.
    Floor,
}

/// A range laid on a scale, in pixels along the value direction: `low`,
/// `best` and `high` positions, how each end finishes, and the position
/// across the scale (x of a vertical whisker, y of a horizontal one).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Whisker {
    pub across: i32,
    pub low: i32,
    pub best: i32,
    pub high: i32,
    pub low_end: End,
    pub high_end: End,
    /// True when the scale runs along x (horizontal bars).
    pub horizontal: bool,
    /// +1 when values grow with the pixel coordinate (x), −1 when they
    /// shrink with it (y grows downwards).
    pub growth: i32,
}

impl Whisker {
    /// Places `span` on `scale` at `across`. An open top stops at the best
    /// value; an open bottom runs to the floor on a zero-based axis.
    pub fn on(scale: &Scale, across: i32, span: &Span) -> Whisker {
        let (low, low_end) = match span.low {
            Some(l) if scale.axis.shows(l) => (scale.px(l), End::Cap),
            Some(_) => (scale.floor(), End::Floor),
            None if scale.axis.floor_is_zero() => (scale.floor(), End::Floor),
            None => (scale.px(span.best), End::Open),
        };
        let (high, high_end) = match span.high {
            Some(h) => (scale.px(h), End::Cap),
            None => (scale.px(span.best), End::Open),
        };
        Whisker {
            across,
            low,
            best: scale.px(span.best),
            high,
            low_end,
            high_end,
            // A horizontal scale grows rightwards; a vertical one upwards,
            // towards smaller y.
            horizontal: scale.to > scale.from,
            growth: if scale.to > scale.from { 1 } else { -1 },
        }
    }

    /// The outermost pixel of the high end, arrow included: where a label
    /// beyond the range starts.
    pub fn outer(&self) -> i32 {
        match self.high_end {
            End::Open => self.high + self.growth * OPEN,
            _ => self.high,
        }
    }

    /// The point `along` the value direction at this whisker's place.
    fn point(&self, along: i32, offset: i32) -> (i32, i32) {
        if self.horizontal {
            (along, self.across + offset)
        } else {
            (self.across + offset, along)
        }
    }

    /// Draws the range in `color`: a stem from low to high, caps on closed
    /// ends, a fading arrow past open ones, and a dot at the best value
    /// when `dot` (bars show the best as their length instead).
    pub fn draw(&self, root: &Area<'_>, color: RGBColor, dot: bool) -> Result<(), ChartError> {
        let stem = vec![self.point(self.low, 0), self.point(self.high, 0)];
        root.draw(&PathElement::new(stem, color.stroke_width(2)))?;
        self.draw_end(root, self.high, self.high_end, self.growth, color)?;
        self.draw_end(root, self.low, self.low_end, -self.growth, color)?;
        if dot {
            let style = color.filled();
            root.draw(&Circle::new(self.point(self.best, 0), CAP / 2, style))?;
        }
        Ok(())
    }

    /// One end at `at`; `outward` is the pixel direction away from the range.
    fn draw_end(
        &self,
        root: &Area<'_>,
        at: i32,
        end: End,
        outward: i32,
        color: RGBColor,
    ) -> Result<(), ChartError> {
        let half = CAP / 2;
        match end {
            End::Cap => {
                let cap = vec![self.point(at, -half), self.point(at, half)];
                root.draw(&PathElement::new(cap, color.stroke_width(2)))?;
            }
            End::Open => self.draw_open(root, at, outward, color)?,
            End::Floor => {}
        }
        Ok(())
    }

    /// The mark of an open bound: three stem pieces fading out, then a
    /// small arrowhead. The arrowhead is the only `<polygon>` a range draws.
    fn draw_open(
        &self,
        root: &Area<'_>,
        at: i32,
        outward: i32,
        color: RGBColor,
    ) -> Result<(), ChartError> {
        let piece = (OPEN - 6) / 3;
        for (i, alpha) in [0.8, 0.5, 0.25].into_iter().enumerate() {
            let from = at + outward * piece * i as i32;
            let to = from + outward * piece;
            let line = vec![self.point(from, 0), self.point(to, 0)];
            root.draw(&PathElement::new(line, color.mix(alpha).stroke_width(2)))?;
        }
        let tip = at + outward * OPEN;
        let base = tip - outward * 6;
        let head = vec![
            self.point(tip, 0),
            self.point(base, -4),
            self.point(base, 4),
        ];
        root.draw(&Polygon::new(head, color.mix(0.6).filled()))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn range(low: f64, best: f64, high: f64) -> Estimate {
        Estimate::new(Some(low), best, Some(high))
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
        assert_eq!(Span::of(&Estimate::at_least(64.0)).unwrap().label(), "≥ 64");
        assert_eq!(
            Span::of(&range(2000.0, 2500.0, 3000.0)).unwrap().label(),
            "2,000–3,000"
        );
    }

    #[test]
    fn a_nan_best_is_drawn_from_its_bounds() {
        let span = Span::of(&Estimate::new(Some(10.0), f64::NAN, Some(20.0))).unwrap();
        assert_eq!(span.best, 15.0);
        assert!(Span::of(&Estimate::new(None, f64::NAN, None)).is_none());
    }
}
