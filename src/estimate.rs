//! The value type every figure in sitrep is: an [`Estimate`] with a lower
//! bound, a best value and an upper bound, either bound possibly open.
//!
//! This module owns the arithmetic that carries a source's uncertainty into
//! every derived number (interval arithmetic), the reading of a stated figure
//! ("at least 60", "2,000–3,000", "16%") into bounds, and the way ranges are
//! written for people ("54–60", "at least 64").

use serde::{Deserialize, Serialize};

/// How a source states a figure. The meaning of each is documented in
/// `data/qualifiers.csv`, which also holds the tolerances of `about`,
/// `nearly` and `rounded`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Qualifier {
    Exact,
    AtLeast,
    MoreThan,
    About,
    Nearly,
    Range,
    Rounded,
    /// Not stated by a source: the figure was derived by sitrep.
    Derived,
}

impl Qualifier {
    /// Every qualifier a data file may use, in the order they are documented.
    pub const STATED: [Qualifier; 7] = [
        Qualifier::Exact,
        Qualifier::AtLeast,
        Qualifier::MoreThan,
        Qualifier::About,
        Qualifier::Nearly,
        Qualifier::Range,
        Qualifier::Rounded,
    ];

    /// The identifier used in data files and `metrics.json`.
    pub fn as_str(self) -> &'static str {
        match self {
            Qualifier::Exact => "exact",
            Qualifier::AtLeast => "at_least",
            Qualifier::MoreThan => "more_than",
            Qualifier::About => "about",
            Qualifier::Nearly => "nearly",
            Qualifier::Range => "range",
            Qualifier::Rounded => "rounded",
            Qualifier::Derived => "derived",
        }
    }

    /// Parses a data-file identifier; `derived` is not accepted from data.
    pub fn parse(text: &str) -> Option<Qualifier> {
        Qualifier::STATED.into_iter().find(|q| q.as_str() == text)
    }
}

/// What a qualifier's tolerance is measured against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ToleranceKind {
    /// A share of the stated value (0.1 = ±10%).
    Relative,
    /// An amount in the figure's own unit (0.5 = ±0.5).
    Absolute,
}

/// The tolerance a qualifier allows, read from `data/qualifiers.csv`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Tolerance {
    pub amount: f64,
    pub kind: ToleranceKind,
}

impl Tolerance {
    fn of(&self, value: f64) -> f64 {
        match self.kind {
            ToleranceKind::Relative => (value * self.amount).abs(),
            ToleranceKind::Absolute => self.amount,
        }
    }
}

/// A figure exactly as a source states it: the qualifier and the numbers the
/// quote gives (`low`, `best`, `high`), before any reading into bounds.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct StatedFigure {
    pub qualifier: Qualifier,
    pub low: Option<f64>,
    pub best: Option<f64>,
    pub high: Option<f64>,
}

impl StatedFigure {
    /// The single number a one-number statement gives ("at least 60" → 60).
    pub fn stated(&self) -> Option<f64> {
        self.best.or(self.low).or(self.high)
    }

    /// Reads the statement into bounds, using the qualifier's tolerance.
    ///
    /// Expects a figure that passed validation (see `validate::figure`):
    /// a range has both bounds, every other qualifier has its number.
    pub fn to_estimate(&self, tolerance: Tolerance) -> Estimate {
        let v = self.stated().unwrap_or(0.0);
        let t = tolerance.of(v);
        match self.qualifier {
            Qualifier::Exact | Qualifier::Derived => Estimate::exact(v),
            Qualifier::AtLeast => Estimate::at_least(v),
            Qualifier::MoreThan => Estimate::at_least(v + t),
            Qualifier::About => Estimate::new(Some(v - t), v, Some(v + t)),
            Qualifier::Nearly => Estimate::new(Some(v - t), v, Some(v)),
            Qualifier::Rounded => Estimate::new(Some(v - t), v, Some(v + t)),
            Qualifier::Range => {
                let (lo, hi) = (self.low.unwrap_or(v), self.high.unwrap_or(v));
                Estimate::new(Some(lo), self.best.unwrap_or((lo + hi) / 2.0), Some(hi))
            }
        }
    }
}

/// A [`StatedFigure`] kept in 32 bytes instead of 56 (as an `Option`): an
/// absent number is stored as NaN, which no figure can hold (validation
/// reads digits only). A million casualty estimates carry two of these.
#[derive(Clone, Copy)]
pub struct PackedFigure {
    qualifier: Qualifier,
    numbers: [f64; 3],
}

impl PackedFigure {
    pub fn unpack(self) -> StatedFigure {
        let number = |n: f64| (!n.is_nan()).then_some(n);
        let [low, best, high] = self.numbers.map(number);
        StatedFigure {
            qualifier: self.qualifier,
            low,
            best,
            high,
        }
    }
}

impl From<StatedFigure> for PackedFigure {
    fn from(f: StatedFigure) -> PackedFigure {
        let numbers = [f.low, f.best, f.high].map(|n| n.unwrap_or(f64::NAN));
        PackedFigure {
            qualifier: f.qualifier,
            numbers,
        }
    }
}

// Compared, shown and written as the figure it holds (NaN ≠ NaN).
impl PartialEq for PackedFigure {
    fn eq(&self, other: &PackedFigure) -> bool {
        self.unpack() == other.unpack()
    }
}

impl std::fmt::Debug for PackedFigure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.unpack().fmt(f)
    }
}

impl Serialize for PackedFigure {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.unpack().serialize(serializer)
    }
}

/// A quantity with its uncertainty: `low ≤ best ≤ high`, where `None` is an
/// open bound (unknown how low or how high it may go).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Estimate {
    pub low: Option<f64>,
    pub best: f64,
    pub high: Option<f64>,
}

impl Estimate {
    pub fn new(low: Option<f64>, best: f64, high: Option<f64>) -> Estimate {
        Estimate { low, best, high }
    }

    pub fn exact(value: f64) -> Estimate {
        Estimate::new(Some(value), value, Some(value))
    }

    /// "At least `value`": the best guess is the floor, the top is open.
    pub fn at_least(value: f64) -> Estimate {
        Estimate::new(Some(value), value, None)
    }

    /// True when both bounds are known and equal.
    pub fn is_exact(&self) -> bool {
        self.low.is_some() && self.low == self.high
    }

    /// Sum of two quantities: bounds add; an open bound stays open.
    pub fn add(&self, other: &Estimate) -> Estimate {
        Estimate::new(
            both(self.low, other.low, |a, b| a + b),
            self.best + other.best,
            both(self.high, other.high, |a, b| a + b),
        )
    }

    /// Difference `self − other`: low = a.low − b.high, high = a.high − b.low.
    pub fn sub(&self, other: &Estimate) -> Estimate {
        Estimate::new(
            both(self.low, other.high, |a, b| a - b),
            self.best - other.best,
            both(self.high, other.low, |a, b| a - b),
        )
    }

    /// Multiplies by a known constant (a non-negative one keeps the order).
    pub fn scale(&self, factor: f64) -> Estimate {
        let (lo, hi) = (self.low.map(|v| v * factor), self.high.map(|v| v * factor));
        if factor >= 0.0 {
            Estimate::new(lo, self.best * factor, hi)
        } else {
            Estimate::new(hi, self.best * factor, lo)
        }
    }

    /// Ratio of two non-negative quantities:
    /// low = a.low / b.high, high = a.high / b.low.
    ///
    /// An open `b.high` makes the low bound 0 (a could be tiny against b);
    /// an open `a.high` or a zero `b.low` leaves the high bound open.
    pub fn ratio(&self, other: &Estimate) -> Estimate {
        let low = match (self.low, other.high) {
            (Some(a), Some(b)) if b > 0.0 => Some(a / b),
            _ => Some(0.0),
        };
        let high = match (self.high, other.low) {
            (Some(a), Some(b)) if b > 0.0 => Some(a / b),
            _ => None,
        };
        Estimate::new(low, safe_div(self.best, other.best), high)
    }

    /// The share `self / total` of a total that contains `self`.
    ///
    /// Unlike an independent [`ratio`](Self::ratio), the part cannot exceed
    /// the whole: the rest is `total − part ≥ 0`, so
    /// low = part.low / total.high and high = part.high / max(total.low, part.high),
    /// which never exceeds 1. Open bounds give 0 and 1.
    pub fn share_of(&self, total: &Estimate) -> Estimate {
        let low = match (self.low, total.high) {
            (Some(p), Some(t)) if t > 0.0 => (p / t).min(1.0),
            _ => 0.0,
        };
        let high = match (self.high, total.low) {
            (Some(p), Some(t)) if p.max(t) > 0.0 => p / p.max(t),
            _ => 1.0,
        };
        let best = safe_div(self.best, total.best).min(1.0);
        Estimate::new(Some(low), best.clamp(low, high), Some(high))
    }

    /// The value before a relative change: `self / (1 + change)`, where
    /// `change` is a fraction (−0.16 for a 16% decline). Used for the 2016
    /// figures implied by PIPS's reported changes.
    pub fn before_change(&self, change: &Estimate) -> Estimate {
        let one = Estimate::exact(1.0);
        self.ratio(&one.add(change))
    }

    /// Reconciles several sources' estimates of one quantity: the lowest
    /// lower bound, the highest upper bound (open if any is open), and the
    /// median of the bests. Expects at least one estimate.
    pub fn reconcile(estimates: &[Estimate]) -> Estimate {
        let low = estimates
            .iter()
            .map(|e| e.low)
            .try_fold(f64::INFINITY, |m, v| v.map(|v| m.min(v)));
        let high = estimates
            .iter()
            .map(|e| e.high)
            .try_fold(f64::NEG_INFINITY, |m, v| v.map(|v| m.max(v)));
        let bests: Vec<f64> = estimates.iter().map(|e| e.best).collect();
        Estimate::new(low, median(&bests), high)
    }

    /// Whether the two ranges have a value in common (an open bound reaches
    /// as far as it needs to).
    pub fn overlaps(&self, other: &Estimate) -> bool {
        let below = self.high.zip(other.low).is_some_and(|(h, l)| h < l);
        let above = self.low.zip(other.high).is_some_and(|(l, h)| l > h);
        !below && !above
    }

    /// Rounds every number to `decimals` places so that a value prints the
    /// same on every run and platform (no float noise in outputs).
    pub fn rounded(&self, decimals: u32) -> Estimate {
        let r = |v: f64| round_to(v, decimals);
        Estimate::new(self.low.map(r), r(self.best), self.high.map(r))
    }
}

/// Rounds half away from zero to `decimals` places, and turns −0 into 0.
pub fn round_to(value: f64, decimals: u32) -> f64 {
    let factor = 10f64.powi(decimals as i32);
    let v = (value * factor).round() / factor;
    if v == 0.0 {
        0.0
    } else {
        v
    }
}

/// The median of `values` (the mean of the middle two for an even count).
pub fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    match sorted.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => sorted[n / 2],
        n => (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0,
    }
}

fn both(a: Option<f64>, b: Option<f64>, f: impl Fn(f64, f64) -> f64) -> Option<f64> {
    Some(f(a?, b?))
}

fn safe_div(a: f64, b: f64) -> f64 {
    if b == 0.0 {
        f64::NAN
    } else {
        a / b
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_packed_figure_unpacks_to_the_figure_it_was() {
        let figure = |low, best, high| StatedFigure {
            qualifier: Qualifier::Range,
            low,
            best,
            high,
        };
        for f in [
            figure(Some(2000.0), None, Some(3000.0)),
            figure(None, Some(60.0), None),
            figure(Some(0.0), Some(-0.5), None),
        ] {
            let packed = PackedFigure::from(f);
            assert_eq!(packed.unpack(), f);
            assert_eq!(
                packed,
                PackedFigure::from(f),
                "absent numbers compare equal"
            );
            assert_eq!(
                serde_json::to_string(&packed).unwrap(),
                serde_json::to_string(&f).unwrap()
            );
        }
        assert_eq!(std::mem::size_of::<Option<PackedFigure>>(), 32);
    }
    use super::*;
    use proptest::prelude::*;

    const ABOUT: Tolerance = Tolerance {
        amount: 0.1,
        kind: ToleranceKind::Relative,
    };
    const HALF: Tolerance = Tolerance {
        amount: 0.5,
        kind: ToleranceKind::Absolute,
    };
    const ONE: Tolerance = Tolerance {
        amount: 1.0,
        kind: ToleranceKind::Absolute,
    };

    fn stated(
        q: Qualifier,
        low: Option<f64>,
        best: Option<f64>,
        high: Option<f64>,
    ) -> StatedFigure {
        StatedFigure {
            qualifier: q,
            low,
            best,
            high,
        }
    }

    #[test]
    fn at_least_sixty_is_open_above() {
        let e = stated(Qualifier::AtLeast, Some(60.0), None, None).to_estimate(HALF);
        assert_eq!(e, Estimate::new(Some(60.0), 60.0, None));
    }

    #[test]
    fn more_than_thirty_people_starts_at_thirty_one() {
        let e = stated(Qualifier::MoreThan, Some(30.0), None, None).to_estimate(ONE);
        assert_eq!(e.low, Some(31.0));
        assert_eq!(e.high, None);
    }

    #[test]
    fn range_without_best_takes_the_midpoint() {
        let e = stated(Qualifier::Range, Some(2000.0), None, Some(3000.0)).to_estimate(HALF);
        assert_eq!(e, Estimate::new(Some(2000.0), 2500.0, Some(3000.0)));
    }

    #[test]
    fn rounded_percentage_spans_half_a_point() {
        let e = stated(Qualifier::Rounded, None, Some(16.0), None).to_estimate(HALF);
        assert_eq!(e, Estimate::new(Some(15.5), 16.0, Some(16.5)));
    }

    #[test]
    fn about_and_nearly_use_the_relative_tolerance() {
        let about = stated(Qualifier::About, None, Some(1000.0), None).to_estimate(ABOUT);
        assert_eq!(about, Estimate::new(Some(900.0), 1000.0, Some(1100.0)));
        let nearly = stated(Qualifier::Nearly, None, Some(60.0), None).to_estimate(ABOUT);
        assert_eq!(nearly, Estimate::new(Some(54.0), 60.0, Some(60.0)));
    }

    #[test]
    fn ratio_crosses_the_bounds() {
        let a = Estimate::new(Some(10.0), 12.0, Some(14.0));
        let b = Estimate::new(Some(2.0), 3.0, Some(4.0));
        assert_eq!(a.ratio(&b), Estimate::new(Some(2.5), 4.0, Some(7.0)));
    }

    #[test]
    fn ratio_with_open_numerator_is_open_above() {
        let a = Estimate::at_least(60.0);
        let r = a.ratio(&Estimate::exact(2.0));
        assert_eq!(r.low, Some(30.0));
        assert_eq!(r.high, None);
    }

    #[test]
    fn share_of_a_containing_total_never_exceeds_one() {
        let part = Estimate::new(Some(90.0), 95.0, Some(100.0));
        let total = Estimate::new(Some(95.0), 100.0, Some(110.0));
        let s = part.share_of(&total);
        assert_eq!(s.high, Some(1.0));
        assert!((s.low.unwrap() - 90.0 / 110.0).abs() < 1e-12);
        // An independent ratio would claim up to 100/95 > 1.
        assert!(part.ratio(&total).high.unwrap() > 1.0);
    }

    #[test]
    fn implied_2016_figure_from_a_rounded_decline() {
        let attacks_2017 = Estimate::exact(370.0);
        let change = Estimate::new(Some(-0.165), -0.16, Some(-0.155));
        let e = attacks_2017.before_change(&change).rounded(1);
        assert_eq!(e, Estimate::new(Some(437.9), 440.5, Some(443.1)));
    }

    #[test]
    fn reconcile_spans_sources_and_takes_the_median_best() {
        let e = Estimate::reconcile(&[Estimate::at_least(60.0), Estimate::at_least(54.0)]);
        assert_eq!(e, Estimate::new(Some(54.0), 57.0, None));
        let closed = Estimate::reconcile(&[
            Estimate::exact(5.0),
            Estimate::new(Some(4.0), 6.0, Some(9.0)),
        ]);
        assert_eq!(closed, Estimate::new(Some(4.0), 5.5, Some(9.0)));
    }

    #[test]
    fn rounding_removes_negative_zero() {
        assert_eq!(round_to(-0.0001, 2).to_string(), "0");
    }

    fn bounded() -> impl Strategy<Value = Estimate> {
        (0.0f64..1e6, 0.0f64..1e6, 0.0f64..1e6).prop_map(|(a, b, c)| {
            let mut v = [a, b, c];
            v.sort_by(f64::total_cmp);
            Estimate::new(Some(v[0]), v[1], Some(v[2]))
        })
    }

    proptest! {
        #[test]
        fn sums_and_ratios_keep_best_inside_bounds(a in bounded(), b in bounded()) {
            let s = a.add(&b);
            prop_assert!(s.low.unwrap() <= s.best + 1e-6 && s.best <= s.high.unwrap() + 1e-6);
            prop_assume!(b.low.unwrap() > 1e-3);
            let r = a.ratio(&b);
            prop_assert!(r.low.unwrap() <= r.best + 1e-9 && r.best <= r.high.unwrap() + 1e-9);
        }

        #[test]
        fn shares_stay_between_zero_and_one(p in bounded(), extra in bounded()) {
            let total = p.add(&extra);
            let s = p.share_of(&total);
            prop_assert!(s.low.unwrap() >= 0.0 && s.high.unwrap() <= 1.0);
            prop_assert!(s.low.unwrap() <= s.high.unwrap() + 1e-12);
        }
    }
}
