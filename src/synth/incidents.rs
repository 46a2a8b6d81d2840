//! Incidents and their casualty estimates: drawn year by the profile's
//! year weights, then place, group and attack type by their weights in
//! that year, and written in date order; most incidents have one source's
//! casualty figure, some two or three sources that may disagree.

use std::io::{self, Write};
use std::path::Path;

use super::dates::{day_in, Date, Precision};
use super::figures::stated;
use super::profile::{Casualties, Profile};
use super::rng::Rng;
use super::sources::Sources;
use super::vocab::Vocab;
use super::write::Counted;
use crate::load::records::{CasualtyEstimate, Incident};

/// One generated incident, before it is written: indexes into the
/// vocabulary's lists and the profile's names.
#[derive(Debug, Clone, Copy)]
pub struct Event {
    date: Date,
    province: u16,
    group: u16,
    attack_type: u16,
    district: u16,
    target: u16,
    claimed: bool,
}

/// `events` incidents over the profile's years, sorted by date.
pub fn generate(rng: &mut Rng, vocab: &Vocab, profile: &Profile, events: usize) -> Vec<Event> {
    let odds = Odds::of(vocab, profile);
    let mut list: Vec<Event> = (0..events).map(|_| odds.draw(rng, vocab)).collect();
    // Chronological, as curated files are; the sort is stable, so ties keep
    // the order they were drawn in.
    list.sort_by_key(|e| e.date.start);
    list
}

/// The weights incidents are drawn with, worked out once: the years', and
/// each year's of the provinces and groups active in it.
struct Odds<'a> {
    profile: &'a Profile,
    provinces_by_year: Vec<Vec<f64>>,
    groups_by_year: Vec<Vec<f64>>,
    attack_types: Vec<f64>,
}

impl<'a> Odds<'a> {
    fn of(vocab: &Vocab, profile: &'a Profile) -> Odds<'a> {
        let years = &profile.years;
        let by_year = |weights: &dyn Fn(i32) -> Vec<f64>| -> Vec<Vec<f64>> {
            (0..years.weights.len())
                .map(|i| weights(years.year(i)))
                .collect()
        };
        Odds {
            profile,
            provinces_by_year: by_year(&|year| vocab.province_weights(year)),
            groups_by_year: by_year(&|year| vocab.group_weights(year)),
            attack_types: vocab.attack_types.iter().map(|a| a.figures).collect(),
        }
    }

    /// One incident: a year, a day of it written as a day, month or year,
    /// then a province, group, attack type, district and target.
    fn draw(&self, rng: &mut Rng, vocab: &Vocab) -> Event {
        let y = rng.weighted(&self.profile.years.weights);
        let day = day_in(rng, self.profile.years.year(y));
        let precision = match rng.unit() {
            u if u < 0.03 => Precision::Year,
            u if u < 0.15 => Precision::Month,
            _ => Precision::Day,
        };
        let province = rng.weighted(&self.provinces_by_year[y]);
        let districts = vocab.provinces[province].figures.districts.len();
        Event {
            date: Date::of(day, precision),
            province: province as u16,
            group: rng.weighted(&self.groups_by_year[y]) as u16,
            attack_type: rng.weighted(&self.attack_types) as u16,
            district: rng.below(districts.max(1)) as u16,
            target: rng.below(self.profile.incidents.targets.len()) as u16,
            claimed: rng.chance(self.profile.incidents.claimed),
        }
    }
}

/// What [`write`] wrote.
#[derive(Default)]
pub struct Written {
    pub estimates: usize,
    /// Incidents with two or three casualty estimates.
    pub multi_source: usize,
    pub bytes: u64,
}

/// Writes incidents.csv and casualty_estimates.csv in `out`.
pub fn write(
    rng: &mut Rng,
    (vocab, profile): (&Vocab, &Profile),
    sources: &Sources,
    events: &[Event],
    out: &Path,
) -> io::Result<Written> {
    let mut inc = Counted::create(&out.join("incidents.csv"))?;
    let mut cas = Counted::create(&out.join("casualty_estimates.csv"))?;
    writeln!(inc, "{}", Incident::COLUMNS.join(","))?;
    writeln!(cas, "{}", CasualtyEstimate::COLUMNS.join(","))?;
    let mut written = Written::default();
    let mut picked = Vec::with_capacity(3);
    for (i, e) in events.iter().enumerate() {
        let number = i + 1;
        let wanted = sources_wanted(rng, number);
        sources.pick_distinct(rng, e.date.start, wanted.max(1), &mut picked);
        incident_row(
            &mut inc,
            (vocab, profile),
            e,
            number,
            &sources.list[picked[0]].id,
        )?;
        if wanted == 0 {
            continue;
        }
        written.multi_source += usize::from(picked.len() > 1);
        let ids = picked.iter().map(|s| sources.list[*s].id.as_str());
        written.estimates += estimate_rows(&mut cas, rng, &profile.casualties, number, ids)?;
    }
    written.bytes = inc.finish()? + cas.finish()?;
    Ok(written)
}

/// How many sources give incident `number` a casualty figure: most one,
/// one in five two or three, one in ten none; the first incident always
/// one, so that casualty_estimates.csv has a row.
fn sources_wanted(rng: &mut Rng, number: usize) -> usize {
    match rng.unit() {
        _ if number == 1 => 1,
        u if u < 0.10 => 0,
        u if u < 0.82 => 1,
        u if u < 0.96 => 2,
        _ => 3,
    }
}

/// Writes the incidents.csv row of incident `number`.
fn incident_row(
    w: &mut Counted,
    (vocab, profile): (&Vocab, &Profile),
    e: &Event,
    number: usize,
    source: &str,
) -> io::Result<()> {
    let province = &vocab.provinces[e.province as usize];
    let district = province.figures.districts.get(e.district as usize);
    write!(w, "inc-{number:07},")?;
    e.date.write(w)?;
    writeln!(
        w,
        ",{},{},{},{},{},{},{},{source},Synthetic incident report {number}.,",
        vocab.country_code,
        province.id,
        district.map_or("", String::as_str),
        vocab.groups[e.group as usize].id,
        if e.claimed { 'y' } else { 'n' },
        vocab.attack_types[e.attack_type as usize].id,
        profile.incidents.targets[e.target as usize],
    )
}

/// Writes one casualty_estimates.csv row per source of incident `number`:
/// the true toll as the first states it, a second or third source agreeing
/// a little over half the time. Returns the rows written.
fn estimate_rows<'a>(
    w: &mut Counted,
    rng: &mut Rng,
    casualties: &Casualties,
    number: usize,
    sources: impl Iterator<Item = &'a str>,
) -> io::Result<usize> {
    let killed = true_killed(rng, casualties);
    let injured = true_injured(rng, killed);
    let has_injured = rng.chance(0.75);
    let mut rows = 0;
    for (k, source) in sources.enumerate() {
        let disagrees = k > 0 && rng.chance(0.45);
        let (killed, injured) = match disagrees {
            true => (disagree(rng, killed), disagree(rng, injured)),
            false => (killed, injured),
        };
        write!(w, "inc-{number:07}-e{},inc-{number:07},{source},", k + 1)?;
        stated(rng, killed).write(w)?;
        w.write_all(b",")?;
        match has_injured {
            true => stated(rng, injured).write(w)?,
            false => w.write_all(b",,,")?,
        }
        let note = match disagrees {
            true => "Synthetic: differs from the first source.",
            false => "",
        };
        writeln!(w, ",Synthetic casualty estimate {number}-{}.,{note}", k + 1)?;
        rows += 1;
    }
    Ok(rows)
}

/// People killed in one attack: none in the profile's share of attacks,
/// otherwise a long tail up to its cap.
fn true_killed(rng: &mut Rng, casualties: &Casualties) -> u32 {
    match rng.chance(casualties.none_killed) {
        true => 0,
        false => rng.long_tail(casualties.killed_scale, casualties.killed_cap),
    }
}

/// People injured in an attack that killed `killed`: about as many again
/// or more, with a tail; in half the attacks that kill no one, none.
fn true_injured(rng: &mut Rng, killed: u32) -> u32 {
    match killed {
        0 if rng.chance(0.5) => 0,
        0 => rng.long_tail(1.0, 60),
        k => k + rng.below(2 * k as usize + 3) as u32 + rng.long_tail(0.5, 200) - 1,
    }
}

/// Another source's figure for the same quantity: 60% to 150% of it.
fn disagree(rng: &mut Rng, value: u32) -> u32 {
    match value {
        0 => rng.below(4) as u32,
        v => {
            let factor = 60 + rng.below(91) as u32;
            ((v * factor + 50) / 100).max(1)
        }
    }
}
