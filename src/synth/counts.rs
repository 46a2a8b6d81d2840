//! Aggregate counts, one set per year of the record: attacks in each
//! province and territory and in the country (the sum), people killed in
//! the country, and attacks claimed by each group active that year. The
//! national count follows the profile's year weights, scaled so that the
//! busiest year has its `peak_per_year`.

use std::io::{self, Write};
use std::path::Path;

use super::dates::ymd;
use super::figures::{stated, Stated};
use super::profile::Profile;
use super::rng::Rng;
use super::sources::Sources;
use super::vocab::Vocab;
use super::write::Counted;
use crate::load::records::Count;

/// What a count is of: its id, year, place, perpetrator and measure.
struct Of<'a> {
    id: String,
    year: i32,
    place: &'a str,
    perpetrator: &'a str,
    measure: &'a str,
}

/// counts.csv, being written.
struct Counts<'a> {
    w: Counted,
    sources: &'a Sources,
    rows: usize,
}

impl Counts<'_> {
    /// Writes one row, citing a source published once the year is over.
    fn row(&mut self, rng: &mut Rng, of: Of, figure: Stated) -> io::Result<()> {
        let after = chrono::Datelike::num_days_from_ce(&ymd(of.year, 12, 31));
        let source = self.sources.pick(rng, after);
        let Of {
            id,
            year,
            place,
            perpetrator,
            measure,
        } = of;
        write!(
            self.w,
            "{id},{year}-01-01,{year}-12-31,{place},{perpetrator},{measure},"
        )?;
        figure.write(&mut self.w)?;
        self.rows += 1;
        writeln!(self.w, ",{},Synthetic count {}.,", source.id, self.rows)
    }
}

/// Writes counts.csv; returns the rows and bytes written.
pub fn write(
    rng: &mut Rng,
    (vocab, profile): (&Vocab, &Profile),
    sources: &Sources,
    path: &Path,
) -> io::Result<(usize, u64)> {
    let mut counts = Counts {
        w: Counted::create(path)?,
        sources,
        rows: 0,
    };
    writeln!(counts.w, "{}", Count::COLUMNS.join(","))?;
    let busiest = profile.years.weights.iter().copied().fold(0.0, f64::max);
    for (i, weight) in profile.years.weights.iter().enumerate() {
        let year = profile.years.year(i);
        let national = profile.attacks.peak_per_year * weight / busiest * rng.between(0.9, 1.1);
        let attacks = attacks(&mut counts, rng, vocab, year, national)?;
        if let Some(measure) = &vocab.killed {
            // In tenths of a person per attack, with integers only.
            let (low, high) = profile.attacks.killed_per_attack;
            let per_ten = low + rng.below(high.saturating_sub(low) as usize) as u32;
            let killed = (u64::from(attacks) * u64::from(per_ten) / 10) as u32;
            let of = national_count(vocab, "killed", year, measure);
            let figure = stated(rng, killed);
            counts.row(rng, of, figure)?;
        }
        if let Some(measure) = &vocab.claimed {
            let claimed = f64::from(attacks) * profile.attacks.claimed_share;
            claims(&mut counts, rng, vocab, (year, measure), claimed)?;
        }
    }
    Ok((counts.rows, counts.w.finish()?))
}

/// The year's attacks in each province and territory active in it (about
/// its share of `national`), then in the country: their sum, returned.
fn attacks(
    counts: &mut Counts,
    rng: &mut Rng,
    vocab: &Vocab,
    year: i32,
    national: f64,
) -> io::Result<u32> {
    let weights = vocab.province_weights(year);
    let total: f64 = weights.iter().sum();
    let mut sum = 0;
    for (place, weight) in vocab.provinces.iter().zip(&weights) {
        if *weight == 0.0 {
            continue;
        }
        let n = (national * weight / total * rng.between(0.8, 1.2)).round() as u32;
        sum += n;
        let of = Of {
            id: format!("attacks-{year}-{}", place.id),
            year,
            place: &place.id,
            perpetrator: &vocab.total,
            measure: &vocab.attacks,
        };
        counts.row(rng, of, Stated::exact(n))?;
    }
    let of = national_count(vocab, "attacks", year, &vocab.attacks);
    counts.row(rng, of, Stated::exact(sum))?;
    Ok(sum)
}

/// The attacks each group active in the year claimed: `claimed` split by
/// the groups' weights.
fn claims(
    counts: &mut Counts,
    rng: &mut Rng,
    vocab: &Vocab,
    (year, measure): (i32, &str),
    claimed: f64,
) -> io::Result<()> {
    let weights = vocab.group_weights(year);
    let total: f64 = weights.iter().sum();
    for (group, weight) in vocab.groups.iter().zip(&weights) {
        if *weight == 0.0 {
            continue;
        }
        let of = Of {
            id: format!("claimed-{year}-{}", group.id),
            year,
            place: &vocab.country,
            perpetrator: &group.id,
            measure,
        };
        let n = (claimed * weight / total).round() as u32;
        counts.row(rng, of, Stated::exact(n))?;
    }
    Ok(())
}

/// A count in the country over every perpetrator; its id starts `what`.
fn national_count<'a>(vocab: &'a Vocab, what: &str, year: i32, measure: &'a str) -> Of<'a> {
    Of {
        id: format!("{what}-{year}-{}", vocab.country),
        year,
        place: &vocab.country,
        perpetrator: &vocab.total,
        measure,
    }
}
