//! Synthetic data directories for benchmarks and load tests.
//!
//! [`synth`] writes a data directory that passes `sitrep check`: the curated
//! vocabularies (qualifiers, measures, groups, places, attack types) copied
//! byte for byte from a real data directory, and generated sources,
//! incidents, casualty estimates, counts and strength estimates spread over
//! thirty years (1995–2024), every Pakistani province and territory and every
//! group of kind `group`.
//!
//! The output depends only on the arguments: the same seed gives the same
//! bytes. Randomness comes from a small SplitMix64 generator, numbers are
//! drawn with integer and IEEE arithmetic only (no `powf`, no hash-map
//! iteration), and rows are streamed to buffered writers, so a million
//! incidents take a few seconds.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};

use crate::load::records::{self, CasualtyEstimate, Count, Incident, NotFigure, StrengthEstimate};

/// The first and last year of the synthetic record.
pub const FIRST_YEAR: i32 = 1995;
pub const LAST_YEAR: i32 = 2024;

/// The vocabulary files copied verbatim from `vocab_from`.
pub const VOCABULARY_FILES: [&str; 5] = [
    "qualifiers.csv",
    "measures.csv",
    "groups.csv",
    "places.csv",
    "attack_types.csv",
];

/// What [`synth`] wrote: the number of rows in each generated file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SynthSummary {
    pub sources: usize,
    pub incidents: usize,
    pub casualty_estimates: usize,
    /// Incidents with two or three casualty estimates.
    pub multi_source_incidents: usize,
    pub counts: usize,
    pub strength: usize,
    pub not_figures: usize,
    /// Bytes written over all eleven files.
    pub bytes: u64,
}

/// The bundled curated data directory (the crate's `data/`), the default
/// place to copy vocabularies from.
pub fn bundled_vocabularies() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data")
}

/// Writes a valid data directory of `events` synthetic incidents to `out`
/// (created if missing; existing data files are overwritten), with the
/// vocabularies of the data directory `vocab_from`. Same arguments, same
/// bytes.
pub fn synth(events: usize, seed: u64, vocab_from: &Path, out: &Path) -> io::Result<SynthSummary> {
    if events == 0 {
        return Err(invalid_input(
            "--events must be at least 1: incidents.csv needs a row".into(),
        ));
    }
    let vocab = Vocab::read(vocab_from)?;
    std::fs::create_dir_all(out)?;
    let mut summary = SynthSummary::default();
    for name in VOCABULARY_FILES {
        summary.bytes += std::fs::copy(vocab_from.join(name), out.join(name))?;
    }
    let mut rng = Rng::new(seed);
    let sources = Sources::generate(&mut rng, events);
    summary.sources = sources.list.len();
    summary.bytes += sources.write(&out.join("sources.csv"))?;
    let incidents = generate_incidents(&mut rng, &vocab, events);
    let written = write_incidents(&mut rng, &vocab, &sources, &incidents, out)?;
    summary.incidents = incidents.len();
    summary.casualty_estimates = written.estimates;
    summary.multi_source_incidents = written.multi_source;
    summary.bytes += written.bytes;
    let (counts, bytes) = write_counts(&mut rng, &vocab, &sources, &out.join("counts.csv"))?;
    summary.counts = counts;
    summary.bytes += bytes;
    let (strength, bytes) = write_strength(&mut rng, &vocab, &sources, &out.join("strength.csv"))?;
    summary.strength = strength;
    summary.bytes += bytes;
    summary.bytes += write_not_figures(&out.join("not_figures.csv"))?;
    summary.not_figures = 1;
    if summary.counts == 0 || summary.strength == 0 {
        return Err(invalid_data(format!(
            "{}: the vocabularies give no counts or strength rows (measures.csv needs `attacks`, places.csv a country PK)",
            vocab_from.display()
        )));
    }
    Ok(summary)
}

fn invalid_input(message: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, message)
}

fn invalid_data(message: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, message)
}

// ---------------------------------------------------------------------------
// Randomness

/// SplitMix64 (Steele, Lea and Flood 2014): small, fast and good enough for
/// synthetic data; the same seed always gives the same sequence.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform in 0..n (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        ((self.next_u64() as u128 * n as u128) >> 64) as usize
    }

    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// An index drawn with the given weights (not all zero).
    fn weighted(&mut self, weights: &[f64]) -> usize {
        let total: f64 = weights.iter().sum();
        let mut x = self.unit() * total;
        for (i, w) in weights.iter().enumerate() {
            if x < *w {
                return i;
            }
            x -= w;
        }
        weights.iter().rposition(|w| *w > 0.0).unwrap_or(0)
    }

    /// A long-tailed count ≥ 1: a Pareto law of index 1 with scale `scale`
    /// (median about 1 + scale, one in a hundred above 100 × scale), capped.
    fn long_tail(&mut self, scale: f64, cap: u32) -> u32 {
        let u = self.unit();
        let x = scale * (1.0 / (1.0 - u) - 1.0);
        (1.0 + x.floor()).min(cap as f64) as u32
    }
}

// ---------------------------------------------------------------------------
// Vocabularies

/// A place or group the generator draws from, with its weight and the years
/// it can appear in.
#[derive(Debug, Clone)]
struct Weighted {
    id: String,
    weight: f64,
    from: i32,
    to: i32,
}

impl Weighted {
    fn active(&self, year: i32) -> bool {
        (self.from..=self.to).contains(&year)
    }
}

/// The ids the generated rows refer to, read from the vocabulary files.
#[derive(Debug, Clone)]
struct Vocab {
    /// The country PK (kind `country`), for national counts.
    country: Option<String>,
    /// Every PK place that is not the country: provinces and territories.
    provinces: Vec<Weighted>,
    /// Every group of kind `group`.
    groups: Vec<Weighted>,
    attack_types: Vec<(String, f64)>,
    measures: Vec<String>,
    /// The `all` perpetrator category, when groups.csv has it.
    all: Option<String>,
}

impl Vocab {
    fn read(dir: &Path) -> io::Result<Vocab> {
        let places = read_rows(&dir.join("places.csv"), &["id", "country", "kind"])?;
        let country = places
            .iter()
            .find(|r| r[1] == "PK" && r[2] == "country")
            .map(|r| r[0].clone());
        let provinces: Vec<Weighted> = places
            .iter()
            .filter(|r| r[1] == "PK" && r[2] != "country")
            .map(|r| province_profile(&r[0]))
            .collect();
        let groups_rows = read_rows(&dir.join("groups.csv"), &["id", "kind"])?;
        let groups: Vec<Weighted> = groups_rows
            .iter()
            .filter(|r| r[1] == "group")
            .map(|r| group_profile(&r[0]))
            .collect();
        let all = groups_rows
            .iter()
            .find(|r| r[0] == "all")
            .map(|r| r[0].clone());
        let attack_types = read_rows(&dir.join("attack_types.csv"), &["id"])?
            .into_iter()
            .map(|r| {
                let weight = attack_type_weight(&r[0]);
                (r[0].clone(), weight)
            })
            .collect::<Vec<_>>();
        let measures = read_rows(&dir.join("measures.csv"), &["id"])?
            .into_iter()
            .map(|r| r[0].clone())
            .collect();
        let missing = |what: &str, file: &str| {
            invalid_data(format!(
                "{}: no {what}; synthetic data needs at least one",
                dir.join(file).display()
            ))
        };
        if provinces.is_empty() {
            return Err(missing(
                "place of country PK other than the country",
                "places.csv",
            ));
        }
        if groups.is_empty() {
            return Err(missing("group of kind `group`", "groups.csv"));
        }
        if attack_types.is_empty() {
            return Err(missing("attack type", "attack_types.csv"));
        }
        Ok(Vocab {
            country,
            provinces,
            groups,
            attack_types,
            measures,
            all,
        })
    }

    fn has_measure(&self, id: &str) -> bool {
        self.measures.iter().any(|m| m == id)
    }
}

/// The named columns of every row of a CSV file, in file order.
fn read_rows(path: &Path, columns: &[&str]) -> io::Result<Vec<Vec<String>>> {
    let bytes = std::fs::read(path)
        .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(bytes);
    let header = reader
        .headers()
        .map_err(|e| invalid_data(format!("{}: {e}", path.display())))?
        .clone();
    let mut slots = Vec::new();
    for column in columns {
        let slot = header
            .iter()
            .position(|h| h.trim() == *column)
            .ok_or_else(|| invalid_data(format!("{}: no column `{column}`", path.display())))?;
        slots.push(slot);
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| invalid_data(format!("{}: {e}", path.display())))?;
        let row: Vec<String> = slots
            .iter()
            .map(|s| record.get(*s).unwrap_or("").trim().to_string())
            .collect();
        if !row[0].is_empty() {
            rows.push(row);
        }
    }
    Ok(rows)
}

/// How often attacks happen in a province or territory, relative to the
/// others, and in which years (FATA until its merger into Khyber
/// Pakhtunkhwa in 2018). Unknown ids get a small weight every year.
fn province_profile(id: &str) -> Weighted {
    let (weight, from, to) = match id {
        "khyber-pakhtunkhwa" => (0.34, FIRST_YEAR, LAST_YEAR),
        "fata" => (0.30, FIRST_YEAR, 2018),
        "balochistan" => (0.25, FIRST_YEAR, LAST_YEAR),
        "sindh" => (0.10, FIRST_YEAR, LAST_YEAR),
        "punjab" => (0.06, FIRST_YEAR, LAST_YEAR),
        "islamabad" => (0.015, FIRST_YEAR, LAST_YEAR),
        "gilgit-baltistan" => (0.01, FIRST_YEAR, LAST_YEAR),
        "azad-kashmir" => (0.008, FIRST_YEAR, LAST_YEAR),
        _ => (0.01, FIRST_YEAR, LAST_YEAR),
    };
    Weighted {
        id: id.to_string(),
        weight,
        from,
        to,
    }
}

/// How active a group is, relative to the others, and from which year
/// (the TTP formed in 2007, IS Khorasan in 2015, ISPP split off in 2019,
/// Jamaat-ul-Ahrar in 2014). Unknown ids get a small weight every year.
fn group_profile(id: &str) -> Weighted {
    let (weight, from) = match id {
        "ttp" => (0.50, 2007),
        "isk" => (0.12, 2015),
        "is" => (0.03, 2014),
        "ispp" => (0.04, 2019),
        "afghan-taliban" => (0.08, FIRST_YEAR),
        "haqqani" => (0.05, FIRST_YEAR),
        "lej-alami" => (0.08, 2011),
        "al-qaeda" => (0.06, FIRST_YEAR),
        "lej" => (0.05, 1996),
        "bla" => (0.08, 2000),
        "blf" => (0.05, 2004),
        "jamaat-ul-ahrar" => (0.05, 2014),
        _ => (0.05, FIRST_YEAR),
    };
    Weighted {
        id: id.to_string(),
        weight,
        from,
        to: LAST_YEAR,
    }
}

fn attack_type_weight(id: &str) -> f64 {
    match id {
        "bombing" => 0.30,
        "suicide_bombing" => 0.10,
        "armed_assault" => 0.33,
        "targeted_killing" => 0.22,
        "unknown" => 0.05,
        _ => 0.08,
    }
}

/// Relative number of attacks per year: low in the late 1990s, a peak in
/// 2009–2013, a trough around 2019 and a rise after 2021.
const YEAR_WEIGHTS: [f64; 30] = [
    0.10, 0.11, 0.12, 0.12, 0.11, 0.12, 0.15, 0.18, 0.20, 0.25, // 1995–2004
    0.30, 0.40, 0.70, 0.90, 1.00, 0.95, 0.85, 0.80, 0.85, 0.65, // 2005–2014
    0.40, 0.25, 0.20, 0.15, 0.12, 0.12, 0.17, 0.25, 0.35, 0.40, // 2015–2024
];

fn districts(province: &str) -> &'static [&'static str] {
    match province {
        "khyber-pakhtunkhwa" => &[
            "Peshawar",
            "Swat",
            "Bannu",
            "Dera Ismail Khan",
            "Lakki Marwat",
            "Mardan",
            "Kohat",
            "Charsadda",
            "Tank",
            "Bajaur",
        ],
        "fata" => &[
            "Bajaur",
            "Khyber",
            "North Waziristan",
            "South Waziristan",
            "Mohmand",
            "Kurram",
            "Orakzai",
        ],
        "balochistan" => &[
            "Quetta", "Mastung", "Sibi", "Kech", "Gwadar", "Khuzdar", "Panjgur", "Kalat",
        ],
        "sindh" => &["Karachi", "Hyderabad", "Sukkur", "Larkana", "Shikarpur"],
        "punjab" => &[
            "Lahore",
            "Rawalpindi",
            "Rahim Yar Khan",
            "Dera Ghazi Khan",
            "Multan",
            "Faisalabad",
        ],
        "islamabad" => &["Islamabad"],
        "gilgit-baltistan" => &["Gilgit", "Diamer", "Chilas"],
        "azad-kashmir" => &["Muzaffarabad", "Kotli"],
        _ => &[""],
    }
}

const TARGETS: [&str; 14] = [
    "Police",
    "Security forces",
    "Civilians",
    "Checkpoint",
    "Shia gathering",
    "Mosque worshippers",
    "Political rally",
    "School",
    "Market",
    "Government officials",
    "Polio workers",
    "Tribal elders",
    "Religious scholars",
    "Convoy",
];

const PUBLISHERS: [&str; 8] = [
    "Synthetic Daily",
    "Synthetic Monitor",
    "Synthetic Wire Service",
    "Synthetic Security Review",
    "Synthetic Conflict Tracker",
    "Synthetic Radio",
    "Synthetic Policy Institute",
    "Synthetic Weekly",
];

// ---------------------------------------------------------------------------
// Dates

/// A generated date: the first day it stands for, and how much is written.
#[derive(Debug, Clone, Copy)]
struct Date {
    /// Days from the common era of the first day.
    start: i32,
    /// Days from the common era of the last day.
    end: i32,
    year: u16,
    month: u8,
    day: u8,
    /// 0 year, 1 month, 2 day.
    precision: u8,
}

impl Date {
    fn of(date: NaiveDate, precision: u8) -> Date {
        let (year, month) = (date.year(), date.month());
        let first = match precision {
            0 => ymd(year, 1, 1),
            1 => ymd(year, month, 1),
            _ => date,
        };
        let last = match precision {
            0 => ymd(year, 12, 31),
            1 if month == 12 => ymd(year, 12, 31),
            1 => ymd(year, month + 1, 1).pred_opt().unwrap_or(first),
            _ => date,
        };
        Date {
            start: first.num_days_from_ce(),
            end: last.num_days_from_ce(),
            year: year as u16,
            month: month as u8,
            day: date.day() as u8,
            precision,
        }
    }

    fn write(&self, w: &mut impl Write) -> io::Result<()> {
        match self.precision {
            0 => write!(w, "{:04}", self.year),
            1 => write!(w, "{:04}-{:02}", self.year, self.month),
            _ => write!(w, "{:04}-{:02}-{:02}", self.year, self.month, self.day),
        }
    }
}

fn ymd(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).expect("a calendar day")
}

/// A uniformly drawn day of `year`.
fn day_in(rng: &mut Rng, year: i32) -> NaiveDate {
    let first = ymd(year, 1, 1).num_days_from_ce();
    let days = ymd(year, 12, 31).num_days_from_ce() - first + 1;
    let day = first + rng.below(days as usize) as i32;
    NaiveDate::from_num_days_from_ce_opt(day).expect("a day of the year")
}

// ---------------------------------------------------------------------------
// Sources

struct Source {
    id: String,
    published: Date,
}

/// The pool of synthetic sources, sorted by the last day of publication.
struct Sources {
    list: Vec<Source>,
    /// `list[i].published.end`, for binary search.
    ends: Vec<i32>,
    rows: Vec<String>,
}

/// How many sources after an event's date a record may cite: sources report
/// what happened shortly before they were published.
const SOURCE_WINDOW: usize = 12;

impl Sources {
    /// Between 200 and 2000 sources (one per 500 events), published over
    /// the thirty years; the last on 31 December of the last year, so that
    /// every date has a source published on or after it.
    fn generate(rng: &mut Rng, events: usize) -> Sources {
        let n = (events / 500).clamp(200, 2000);
        let first = ymd(FIRST_YEAR, 1, 1).num_days_from_ce();
        let last = ymd(LAST_YEAR, 12, 31).num_days_from_ce();
        let mut dates: Vec<Date> = (0..n)
            .map(|i| {
                let day = if i + 1 == n {
                    last
                } else {
                    first + rng.below((last - first + 1) as usize) as i32
                };
                let date = NaiveDate::from_num_days_from_ce_opt(day).expect("a day");
                let precision = if i + 1 < n && rng.chance(0.1) { 1 } else { 2 };
                Date::of(date, precision)
            })
            .collect();
        dates.sort_by_key(|d| (d.end, d.start));
        let mut list = Vec::with_capacity(n);
        let mut rows = Vec::with_capacity(n);
        for (i, published) in dates.into_iter().enumerate() {
            let number = i + 1;
            let id = format!("src-{number:04}");
            let publisher = PUBLISHERS[rng.below(PUBLISHERS.len())];
            let mut row = Vec::new();
            let _ = write!(row, "{id},Synthetic report {number},{publisher},");
            let _ = published.write(&mut row);
            let second_hand = rng.chance(0.15);
            let author = if second_hand {
                format!("Synthetic Research Institute {}", 1 + rng.below(20))
            } else {
                String::new()
            };
            let note = if second_hand {
                "Synthetic second-hand source."
            } else {
                "Synthetic source."
            };
            let _ = write!(
                row,
                ",,https://example.org/synthetic/{number},{author},{note}"
            );
            rows.push(String::from_utf8(row).expect("ASCII"));
            list.push(Source { id, published });
        }
        let ends = list.iter().map(|s| s.published.end).collect();
        Sources { list, ends, rows }
    }

    fn write(&self, path: &Path) -> io::Result<u64> {
        let mut w = Counted::create(path)?;
        writeln!(w, "{}", records::Source::COLUMNS.join(","))?;
        for row in &self.rows {
            writeln!(w, "{row}")?;
        }
        w.finish()
    }

    /// The first source whose publication ends on or after day `start`.
    fn first_after(&self, start: i32) -> usize {
        self.ends.partition_point(|end| *end < start)
    }

    /// A source published on or after day `start`, soon after it.
    fn pick(&self, rng: &mut Rng, start: i32) -> &Source {
        let first = self.first_after(start).min(self.list.len() - 1);
        let window = (self.list.len() - first).min(SOURCE_WINDOW);
        &self.list[first + rng.below(window)]
    }

    /// Up to `n` distinct sources published on or after day `start`.
    fn pick_distinct(&self, rng: &mut Rng, start: i32, n: usize, into: &mut Vec<usize>) {
        into.clear();
        let first = self.first_after(start).min(self.list.len() - 1);
        let window = (self.list.len() - first).min(SOURCE_WINDOW);
        let n = n.min(window);
        while into.len() < n {
            let i = first + rng.below(window);
            if !into.contains(&i) {
                into.push(i);
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Incidents and casualty estimates

/// One generated incident, before it is written.
#[derive(Debug, Clone, Copy)]
struct Event {
    date: Date,
    province: u8,
    group: u8,
    attack_type: u8,
    district: u8,
    target: u8,
    claimed: bool,
}

fn generate_incidents(rng: &mut Rng, vocab: &Vocab, events: usize) -> Vec<Event> {
    let mut list = Vec::with_capacity(events);
    let year_of = |i: usize| FIRST_YEAR + i as i32;
    let provinces_by_year: Vec<Vec<f64>> = (0..YEAR_WEIGHTS.len())
        .map(|i| active_weights(&vocab.provinces, year_of(i)))
        .collect();
    let groups_by_year: Vec<Vec<f64>> = (0..YEAR_WEIGHTS.len())
        .map(|i| active_weights(&vocab.groups, year_of(i)))
        .collect();
    let attack_weights: Vec<f64> = vocab.attack_types.iter().map(|a| a.1).collect();
    for _ in 0..events {
        let y = rng.weighted(&YEAR_WEIGHTS);
        let day = day_in(rng, year_of(y));
        let precision = match rng.unit() {
            u if u < 0.03 => 0,
            u if u < 0.15 => 1,
            _ => 2,
        };
        let province = rng.weighted(&provinces_by_year[y]);
        let districts = districts(&vocab.provinces[province].id);
        list.push(Event {
            date: Date::of(day, precision),
            province: province as u8,
            group: rng.weighted(&groups_by_year[y]) as u8,
            attack_type: rng.weighted(&attack_weights) as u8,
            district: rng.below(districts.len()) as u8,
            target: rng.below(TARGETS.len()) as u8,
            claimed: rng.chance(0.55),
        });
    }
    // Chronological, as curated files are; the sort is stable, so ties keep
    // the order they were drawn in.
    list.sort_by_key(|e| e.date.start);
    list
}

/// The weights of the entries active in `year`; all ones when none is.
fn active_weights(entries: &[Weighted], year: i32) -> Vec<f64> {
    let weights: Vec<f64> = entries
        .iter()
        .map(|e| if e.active(year) { e.weight } else { 0.0 })
        .collect();
    match weights.iter().any(|w| *w > 0.0) {
        true => weights,
        false => vec![1.0; entries.len()],
    }
}

struct IncidentFiles {
    estimates: usize,
    multi_source: usize,
    bytes: u64,
}

fn write_incidents(
    rng: &mut Rng,
    vocab: &Vocab,
    sources: &Sources,
    events: &[Event],
    out: &Path,
) -> io::Result<IncidentFiles> {
    let mut inc = Counted::create(&out.join("incidents.csv"))?;
    let mut cas = Counted::create(&out.join("casualty_estimates.csv"))?;
    writeln!(inc, "{}", Incident::COLUMNS.join(","))?;
    writeln!(cas, "{}", CasualtyEstimate::COLUMNS.join(","))?;
    let (mut estimates, mut multi_source) = (0, 0);
    let mut picked = Vec::with_capacity(3);
    for (i, e) in events.iter().enumerate() {
        let number = i + 1;
        // Most incidents have a casualty figure; one in five has two or three
        // sources. The first incident always has one, so that the file has a row.
        let wanted = match rng.unit() {
            _ if i == 0 => 1,
            u if u < 0.10 => 0,
            u if u < 0.82 => 1,
            u if u < 0.96 => 2,
            _ => 3,
        };
        sources.pick_distinct(rng, e.date.start, wanted.max(1), &mut picked);
        let source = &sources.list[picked[0]];
        let province = &vocab.provinces[e.province as usize].id;
        let district = districts(province)[e.district as usize];
        write!(inc, "inc-{number:07},")?;
        e.date.write(&mut inc)?;
        writeln!(
            inc,
            ",PK,{province},{district},{},{},{},{},{},Synthetic incident report {number}.,",
            vocab.groups[e.group as usize].id,
            if e.claimed { 'y' } else { 'n' },
            vocab.attack_types[e.attack_type as usize].0,
            TARGETS[e.target as usize],
            source.id,
        )?;
        if wanted == 0 {
            continue;
        }
        if picked.len() > 1 {
            multi_source += 1;
        }
        let killed = true_killed(rng);
        let injured = true_injured(rng, killed);
        let has_injured = rng.chance(0.75);
        for (k, s) in picked.iter().enumerate() {
            // A second or third source agrees a little over half the time.
            let disagrees = k > 0 && rng.chance(0.45);
            let (killed, injured) = match disagrees {
                true => (disagree(rng, killed), disagree(rng, injured)),
                false => (killed, injured),
            };
            write!(
                cas,
                "inc-{number:07}-e{},inc-{number:07},{},",
                k + 1,
                sources.list[*s].id
            )?;
            stated(rng, killed).write(&mut cas)?;
            cas.write_all(b",")?;
            match has_injured {
                true => stated(rng, injured).write(&mut cas)?,
                false => cas.write_all(b",,,")?,
            }
            let note = if disagrees {
                "Synthetic: differs from the first source."
            } else {
                ""
            };
            writeln!(
                cas,
                ",Synthetic casualty estimate {number}-{}.,{note}",
                k + 1
            )?;
            estimates += 1;
        }
    }
    Ok(IncidentFiles {
        estimates,
        multi_source,
        bytes: inc.finish()? + cas.finish()?,
    })
}

/// People killed in one attack: none in about a fifth of attacks, mostly
/// under 20, with a long tail (one attack in a hundred kills more than 100).
fn true_killed(rng: &mut Rng) -> u32 {
    match rng.chance(0.22) {
        true => 0,
        false => rng.long_tail(1.5, 350),
    }
}

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

/// A figure as a source states it: qualifier and low, best, high.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stated {
    qualifier: &'static str,
    low: Option<u32>,
    best: Option<u32>,
    high: Option<u32>,
}

impl Stated {
    fn exact(v: u32) -> Stated {
        Stated {
            qualifier: "exact",
            low: None,
            best: Some(v),
            high: None,
        }
    }

    fn write(&self, w: &mut impl Write) -> io::Result<()> {
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
fn stated(rng: &mut Rng, v: u32) -> Stated {
    if v == 0 {
        return Stated::exact(0);
    }
    let round = |v: u32, to: u32| ((v + to / 2) / to * to).max(to);
    let figure = |qualifier, low, best, high| Stated {
        qualifier,
        low,
        best,
        high,
    };
    match rng.unit() {
        u if u < 0.55 => Stated::exact(v),
        u if u < 0.75 => figure("at_least", Some(v), None, None),
        u if u < 0.80 && v > 10 => figure("more_than", Some((v - 1) / 10 * 10), None, None),
        u if u < 0.88 && v >= 10 => {
            let to = if v >= 100 {
                50
            } else if v >= 20 {
                10
            } else {
                5
            };
            figure("about", None, Some(round(v, to)), None)
        }
        u if u < 0.90 && v >= 10 => figure("nearly", None, Some(v.div_ceil(10) * 10), None),
        u if u >= 0.88 => {
            // "12 to 15": a width of 10% to 60% of the number, at least 1.
            let below = v * rng.below(31) as u32 / 100;
            let above = 1 + v * rng.below(31) as u32 / 100;
            figure("range", Some(v - below), None, Some(v + above))
        }
        _ => Stated::exact(v),
    }
}

// ---------------------------------------------------------------------------
// Counts, strength and not-figures

/// Attacks in Pakistan per year at the peak (2009), as PIPS counts them.
const PEAK_ATTACKS: f64 = 2000.0;

fn write_counts(
    rng: &mut Rng,
    vocab: &Vocab,
    sources: &Sources,
    path: &Path,
) -> io::Result<(usize, u64)> {
    let mut w = Counted::create(path)?;
    writeln!(w, "{}", Count::COLUMNS.join(","))?;
    let mut rows = 0;
    let all = vocab.all.as_deref().unwrap_or("");
    let mut row = |w: &mut Counted,
                   rng: &mut Rng,
                   (id, year): (&str, i32),
                   (place, perpetrator, measure): (&str, &str, &str),
                   figure: Stated|
     -> io::Result<()> {
        // Published once the period is over.
        let source = sources.pick(rng, ymd(year, 12, 31).num_days_from_ce());
        write!(
            w,
            "{id},{year}-01-01,{year}-12-31,{place},{perpetrator},{measure},"
        )?;
        figure.write(w)?;
        rows += 1;
        writeln!(w, ",{},Synthetic count {rows}.,", source.id)
    };
    for (i, weight) in YEAR_WEIGHTS.iter().enumerate() {
        let year = FIRST_YEAR + i as i32;
        let national = PEAK_ATTACKS * weight * (0.9 + 0.2 * rng.unit());
        let weights = active_weights(&vocab.provinces, year);
        let total_weight: f64 = weights.iter().sum();
        let mut sum = 0;
        if vocab.has_measure("attacks") {
            for (p, w_p) in vocab.provinces.iter().zip(&weights) {
                if *w_p == 0.0 {
                    continue;
                }
                let n = (national * w_p / total_weight * (0.8 + 0.4 * rng.unit())).round() as u32;
                sum += n;
                let id = format!("attacks-{year}-{}", p.id);
                row(
                    &mut w,
                    rng,
                    (&id, year),
                    (&p.id, all, "attacks"),
                    Stated::exact(n),
                )?;
            }
            if let Some(country) = &vocab.country {
                let id = format!("attacks-{year}-{country}");
                row(
                    &mut w,
                    rng,
                    (&id, year),
                    (country, all, "attacks"),
                    Stated::exact(sum),
                )?;
            }
        }
        if let (Some(country), true) = (&vocab.country, vocab.has_measure("killed")) {
            let killed = sum * (15 + rng.below(15) as u32) / 10;
            let id = format!("killed-{year}-{country}");
            let figure = stated(rng, killed);
            row(&mut w, rng, (&id, year), (country, all, "killed"), figure)?;
        }
        if let (Some(country), true) = (&vocab.country, vocab.has_measure("claimed_attacks")) {
            let weights = active_weights(&vocab.groups, year);
            let total: f64 = weights.iter().sum();
            for (g, w_g) in vocab.groups.iter().zip(&weights) {
                if *w_g == 0.0 {
                    continue;
                }
                let claimed = (f64::from(sum) * 0.5 * w_g / total).round() as u32;
                let id = format!("claimed-{year}-{}", g.id);
                row(
                    &mut w,
                    rng,
                    (&id, year),
                    (country, &g.id, "claimed_attacks"),
                    Stated::exact(claimed),
                )?;
            }
        }
    }
    Ok((rows, w.finish()?))
}

/// Fighters per group at its height, in Pakistan.
fn peak_strength(group: &str) -> f64 {
    match group {
        "ttp" => 30000.0,
        "afghan-taliban" => 8000.0,
        "haqqani" => 5000.0,
        "isk" => 3000.0,
        "is" => 2500.0,
        "lej-alami" => 1200.0,
        "al-qaeda" => 800.0,
        "ispp" => 500.0,
        "bla" => 3000.0,
        "blf" => 1500.0,
        "jamaat-ul-ahrar" => 1500.0,
        "lej" => 1000.0,
        _ => 1000.0,
    }
}

fn write_strength(
    rng: &mut Rng,
    vocab: &Vocab,
    sources: &Sources,
    path: &Path,
) -> io::Result<(usize, u64)> {
    let mut w = Counted::create(path)?;
    writeln!(w, "{}", StrengthEstimate::COLUMNS.join(","))?;
    let Some(country) = &vocab.country else {
        return Ok((0, w.finish()?));
    };
    let mut rows = 0;
    for g in &vocab.groups {
        let peak = peak_strength(&g.id);
        let mut level = 0.3 + 0.3 * rng.unit();
        for year in g.from.max(FIRST_YEAR)..=g.to.min(LAST_YEAR) {
            // A random walk between 20% and 100% of the peak.
            level = (level * (0.8 + 0.45 * rng.unit())).clamp(0.2, 1.0);
            let v = (peak * level).round() as u32;
            let month = 1 + rng.below(12) as u32;
            let as_of = Date::of(ymd(year, month, 1), if rng.chance(0.5) { 0 } else { 1 });
            let figure = match rng.unit() {
                u if u < 0.45 => {
                    let spread = v * (10 + rng.below(30) as u32) / 100;
                    let round = |x: u32| (x + 50) / 100 * 100;
                    Stated {
                        qualifier: "range",
                        low: Some(round(v - spread)),
                        best: None,
                        high: Some(round(v + spread).max(round(v - spread) + 100)),
                    }
                }
                u if u < 0.85 => Stated {
                    qualifier: "about",
                    low: None,
                    best: Some(((v + 50) / 100 * 100).max(100)),
                    high: None,
                },
                _ => Stated {
                    qualifier: "at_least",
                    low: Some((v / 100 * 100).max(100)),
                    best: None,
                    high: None,
                },
            };
            let source = sources.pick(rng, as_of.start);
            write!(w, "strength-{}-{year},{},{country},", g.id, g.id)?;
            as_of.write(&mut w)?;
            w.write_all(b",fighters,")?;
            figure.write(&mut w)?;
            rows += 1;
            writeln!(w, ",{},Synthetic strength estimate {rows}.,", source.id)?;
        }
    }
    Ok((rows, w.finish()?))
}

/// The loader refuses a file with a header and no rows, so the synthetic
/// not-figures list holds one harmless row.
fn write_not_figures(path: &Path) -> io::Result<u64> {
    let mut w = Counted::create(path)?;
    writeln!(w, "{}", NotFigure::COLUMNS.join(","))?;
    writeln!(
        w,
        "synthetic.txt,Synthetic data,Generated by sitrep synth: there are no seed articles."
    )?;
    w.finish()
}

// ---------------------------------------------------------------------------
// Output

/// A buffered file writer that counts the bytes it writes.
struct Counted {
    inner: BufWriter<File>,
    bytes: u64,
}

impl Counted {
    fn create(path: &Path) -> io::Result<Counted> {
        let file = File::create(path)
            .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
        Ok(Counted {
            inner: BufWriter::with_capacity(1 << 20, file),
            bytes: 0,
        })
    }

    fn finish(mut self) -> io::Result<u64> {
        self.inner.flush()?;
        Ok(self.bytes)
    }
}

impl Write for Counted {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{load_dataset, FILES};

    fn generate(events: usize, seed: u64) -> (tempfile::TempDir, SynthSummary) {
        let dir = tempfile::tempdir().unwrap();
        let summary = synth(events, seed, &bundled_vocabularies(), dir.path()).unwrap();
        (dir, summary)
    }

    fn bytes(dir: &Path) -> Vec<Vec<u8>> {
        FILES
            .iter()
            .map(|f| std::fs::read(dir.join(f)).unwrap())
            .collect()
    }

    #[test]
    fn generated_data_loads_without_problems() {
        let (dir, summary) = generate(1500, 7);
        let data = load_dataset(dir.path()).unwrap_or_else(|p| panic!("{p}"));
        assert_eq!(data.incidents.len(), 1500);
        assert_eq!(summary.incidents, 1500);
        assert_eq!(data.casualty_estimates.len(), summary.casualty_estimates);
        assert_eq!(data.sources.len(), summary.sources);
        assert_eq!(data.counts.len(), summary.counts);
        assert_eq!(data.strength.len(), summary.strength);
        assert!((200..=2000).contains(&summary.sources));
        assert!((100..=1000).contains(&summary.counts), "{summary:?}");
        assert!((100..=1000).contains(&summary.strength), "{summary:?}");
    }

    #[test]
    fn vocabularies_are_copied_verbatim() {
        let (dir, _) = generate(10, 1);
        for name in VOCABULARY_FILES {
            let theirs = std::fs::read(bundled_vocabularies().join(name)).unwrap();
            assert_eq!(
                std::fs::read(dir.path().join(name)).unwrap(),
                theirs,
                "{name}"
            );
        }
    }

    #[test]
    fn same_seed_same_bytes_other_seed_other_bytes() {
        let (a, sa) = generate(500, 42);
        let (b, sb) = generate(500, 42);
        let (c, _) = generate(500, 43);
        assert_eq!(sa, sb);
        assert_eq!(bytes(a.path()), bytes(b.path()));
        assert_ne!(bytes(a.path()), bytes(c.path()));
        let total: u64 = bytes(a.path()).iter().map(|b| b.len() as u64).sum();
        assert_eq!(sa.bytes, total);
    }

    #[test]
    fn one_event_is_valid_and_zero_is_refused() {
        let (dir, summary) = generate(1, 3);
        assert_eq!(summary.incidents, 1);
        assert!(summary.casualty_estimates >= 1);
        load_dataset(dir.path()).unwrap_or_else(|p| panic!("{p}"));
        let empty = tempfile::tempdir().unwrap();
        let err = synth(0, 3, &bundled_vocabularies(), empty.path()).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
    }

    #[test]
    fn figures_are_mixed_and_some_sources_disagree() {
        let (dir, summary) = generate(5000, 11);
        let share = summary.multi_source_incidents as f64 / summary.incidents as f64;
        assert!((0.12..0.28).contains(&share), "{share}");
        let text = std::fs::read_to_string(dir.path().join("casualty_estimates.csv")).unwrap();
        for q in ["exact", "at_least", "more_than", "about", "nearly", "range"] {
            assert!(text.contains(&format!(",{q},")), "no {q}");
        }
        assert!(text.contains("differs from the first source"));
        let data = load_dataset(dir.path()).unwrap_or_else(|p| panic!("{p}"));
        let killed: Vec<f64> = data
            .casualty_estimates
            .iter()
            .filter_map(|e| e.killed.and_then(|f| f.unpack().stated()))
            .collect();
        let small = killed.iter().filter(|k| **k <= 20.0).count() as f64 / killed.len() as f64;
        assert!(small > 0.8, "{small}");
        assert!(killed.iter().any(|k| *k >= 100.0));
        let years: std::collections::BTreeSet<i32> = data
            .incidents
            .iter()
            .map(|i| i.date.start().year())
            .collect();
        assert_eq!(years.len(), 30);
        let provinces: std::collections::BTreeSet<&str> =
            data.incidents.iter().map(|i| i.province.as_str()).collect();
        assert_eq!(provinces.len(), 8, "{provinces:?}");
    }

    #[test]
    fn rng_is_splitmix64() {
        // The first outputs for seed 0, as in the reference implementation.
        let mut rng = Rng::new(0);
        assert_eq!(rng.next_u64(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(rng.next_u64(), 0x6E78_9E6A_A1B9_65F4);
    }
}
