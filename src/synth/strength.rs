//! Strength estimates: one a year for each group of kind `group` in the
//! years it is active, in the country. The true strength walks at random
//! between a fifth of the group's peak strength and all of it; sources
//! state it as a range, "about" or "at least", rounded to hundreds.

use std::io::{self, Write};
use std::path::Path;

use super::dates::{ymd, Date, Precision};
use super::figures::{rounded, Stated};
use super::profile::Profile;
use super::rng::Rng;
use super::sources::Sources;
use super::vocab::Vocab;
use super::write::Counted;
use crate::load::records::StrengthEstimate;

/// Estimates of strength are rounded to this.
const ROUND_TO: u32 = 100;

/// Writes strength.csv; returns the rows and bytes written.
pub fn write(
    rng: &mut Rng,
    (vocab, profile): (&Vocab, &Profile),
    sources: &Sources,
    path: &Path,
) -> io::Result<(usize, u64)> {
    let mut w = Counted::create(path)?;
    writeln!(w, "{}", StrengthEstimate::COLUMNS.join(","))?;
    let mut rows = 0;
    for group in &vocab.groups {
        let peak = group.figures.peak_strength;
        let mut level = rng.between(0.3, 0.6);
        for year in group.years(profile) {
            // A random walk between 20% and 100% of the peak.
            level = (level * rng.between(0.8, 1.25)).clamp(0.2, 1.0);
            let as_of = as_of(rng, year);
            let figure = estimate(rng, (peak * level).round() as u32);
            let source = &sources.pick(rng, as_of.start).id;
            let (id, place) = (&group.id, &vocab.country);
            write!(w, "strength-{id}-{year},{id},{place},")?;
            as_of.write(&mut w)?;
            write!(w, ",{},", profile.counted)?;
            figure.write(&mut w)?;
            rows += 1;
            writeln!(w, ",{source},Synthetic strength estimate {rows}.,")?;
        }
    }
    Ok((rows, w.finish()?))
}

/// When in `year` an estimate is as of: a month, written as the month or
/// as the year.
fn as_of(rng: &mut Rng, year: i32) -> Date {
    let month = 1 + rng.below(12) as u32;
    let precision = match rng.chance(0.5) {
        true => Precision::Year,
        false => Precision::Month,
    };
    Date::of(ymd(year, month, 1), precision)
}

/// How a source states a strength of `v`: a range of 10% to 40% either
/// side, about, or at least, in hundreds.
fn estimate(rng: &mut Rng, v: u32) -> Stated {
    let hundreds = |x: u32| (x + ROUND_TO / 2) / ROUND_TO * ROUND_TO;
    match rng.unit() {
        u if u < 0.45 => {
            let spread = v * (10 + rng.below(30) as u32) / 100;
            let low = hundreds(v - spread);
            let high = hundreds(v + spread).max(low + ROUND_TO);
            Stated::new("range", Some(low), None, Some(high))
        }
        u if u < 0.85 => Stated::new("about", None, Some(rounded(v, ROUND_TO)), None),
        _ => Stated::new(
            "at_least",
            Some((v / ROUND_TO * ROUND_TO).max(ROUND_TO)),
            None,
            None,
        ),
    }
}
