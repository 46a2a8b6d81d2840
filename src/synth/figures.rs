//! Figures as sources state them: a qualifier and the low, best and high
//! numbers the quote gives (see the README's table of qualifiers), drawn
//! from the true number the generator knows.

use std::io::{self, Write};

use super::rng::Rng;

/// A figure as a source states it: qualifier and low, best, high.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stated {
    pub qualifier: &'static str,
    pub low: Option<u32>,
    pub best: Option<u32>,
    pub high: Option<u32>,
}

impl Stated {
    pub fn exact(v: u32) -> Stated {
        Stated::new("exact", None, Some(v), None)
    }

    pub fn new(
        qualifier: &'static str,
        low: Option<u32>,
        best: Option<u32>,
        high: Option<u32>,
    ) -> Stated {
        Stated {
            qualifier,
            low,
            best,
            high,
        }
    }

    /// Writes `qualifier,low,best,high` (empty where not stated).
    pub fn write(&self, w: &mut impl Write) -> io::Result<()> {
        w.write_all(self.qualifier.as_bytes())?;
        for value in [self.low, self.best, self.high] {
            match value {
                Some(v) => write!(w, ",{v}")?,
                None => w.write_all(b",")?,
            }
        }
        Ok(())
    }
}

/// The way a source states the true number `v`: exact about half the time,
/// otherwise at least, more than, about, nearly or a range.
pub fn stated(rng: &mut Rng, v: u32) -> Stated {
    if v == 0 {
        return Stated::exact(0);
    }
    match rng.unit() {
        u if u < 0.55 => Stated::exact(v),
        u if u < 0.75 => Stated::new("at_least", Some(v), None, None),
        u if u < 0.80 && v > 10 => Stated::new("more_than", Some((v - 1) / 10 * 10), None, None),
        u if u < 0.88 && v >= 10 => {
            Stated::new("about", None, Some(rounded(v, about_step(v))), None)
        }
        u if u < 0.90 && v >= 10 => Stated::new("nearly", None, Some(v.div_ceil(10) * 10), None),
        u if u >= 0.88 => {
            // "12 to 15": a width of 10% to 60% of the number, at least 1.
            let below = v * rng.below(31) as u32 / 100;
            let above = 1 + v * rng.below(31) as u32 / 100;
            Stated::new("range", Some(v - below), None, Some(v + above))
        }
        _ => Stated::exact(v),
    }
}

/// What "about v" rounds to: 50 from 100, 10 from 20, else 5.
fn about_step(v: u32) -> u32 {
    match v {
        100.. => 50,
        20.. => 10,
        _ => 5,
    }
}

/// `v` rounded to the nearest multiple of `to`, at least `to`.
pub fn rounded(v: u32, to: u32) -> u32 {
    ((v + to / 2) / to * to).max(to)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_statement_holds_the_true_number() {
        let mut rng = Rng::new(3);
        for v in (0..500).chain([1000, 12345]) {
            for _ in 0..50 {
                let s = stated(&mut rng, v);
                let holds = match s.qualifier {
                    "exact" => s.best == Some(v),
                    "at_least" => s.low == Some(v),
                    "more_than" => s.low.is_some_and(|l| l < v),
                    "about" => s.best.is_some_and(|b| b.abs_diff(v) <= about_step(v)),
                    "nearly" => s.best.is_some_and(|b| b >= v && b - v < 10),
                    "range" => s.low.is_some_and(|l| l <= v) && s.high.is_some_and(|h| h > v),
                    other => panic!("{other}"),
                };
                assert!(holds, "{v}: {s:?}");
            }
        }
    }
}
