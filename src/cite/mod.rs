//! `sitrep cite FILE.txt --source ID`: from an article to draft rows.
//!
//! Every number the [number finder](crate::corpus::numbers) reads as a
//! figure becomes a [`Draft`]: the sentence (or clause) it stands in,
//! verbatim; the qualifier and numbers a row would hold, with the bounds
//! they imply under `qualifiers.csv`; and guesses, each marked as one, of
//! the file it belongs in, its measure, group, place and period (see
//! [`guess`] and [`period`]). Numbers read as dates, years, ages, issue or
//! telephone numbers are [`Aside`]s: probable not-figures, listed apart.
//! [`rows`] turns drafts into rows of the data files, [`output`] prints
//! them, and [`append`] adds them to a data directory only if it stays
//! valid. Sits on top of the library: nothing below depends on it.

pub mod append;
pub mod guess;
pub mod output;
pub mod period;
pub mod rows;

use std::ops::Range;

use crate::corpus::numbers::{self, Figure, Mention, NotFigure, Reading};
use crate::corpus::sentences::{quote_around, sentences};
use crate::corpus::SourceText;
use crate::date::{PartialDate, Precision};
use crate::load::records::{CasualtyEstimate, Source};
use crate::load::Dataset;
use guess::{Around, Guess, Named};
use period::Period;

/// Output formats of `sitrep cite`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// An annotated listing, one block per number.
    Text,
    /// Rows ready to paste, under each target file's header.
    Csv,
}

/// The numbers of a listing `--pick` chooses: `1,3,5-7`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pick(Vec<(usize, usize)>);

impl Pick {
    /// Parses a comma-separated list of numbers and ranges (`1,3,5-7`).
    pub fn parse(text: &str) -> Result<Pick, String> {
        let item = |part: &str| {
            let (a, b) = part.split_once('-').unwrap_or((part, part));
            let n = |s: &str| s.trim().parse::<usize>().ok().filter(|n| *n > 0);
            match (n(a), n(b)) {
                (Some(a), Some(b)) if a <= b => Ok((a, b)),
                _ => Err(format!(
                    "expected numbers of the listing such as 1,3,5-7, found {part:?}"
                )),
            }
        };
        text.split(',')
            .map(item)
            .collect::<Result<_, _>>()
            .map(Pick)
    }

    pub fn contains(&self, number: usize) -> bool {
        self.0.iter().any(|(a, b)| (*a..=*b).contains(&number))
    }
}

/// The data file a draft row belongs in.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    Counts,
    Strength,
    /// Casualties of a known incident: the killed or the injured.
    Casualties {
        incident: String,
        injured: bool,
    },
}

impl Target {
    pub fn file(&self) -> &'static str {
        match self {
            Target::Counts => "counts.csv",
            Target::Strength => "strength.csv",
            Target::Casualties { .. } => "casualty_estimates.csv",
        }
    }
}

/// A figure of the article drafted as a row.
#[derive(Debug, Clone)]
pub struct Draft {
    /// Its number in the listing (from 1), by which `--pick` chooses it.
    pub number: usize,
    /// The number with its qualifying words, as written ("at least 64").
    pub text: String,
    /// Where it is in the article (line and column).
    pub at: (usize, usize),
    /// Where the number alone is, in the normalised text.
    pub span: Range<usize>,
    pub figure: Figure,
    /// The sentence or clause around it, verbatim (white space folded).
    pub quote: String,
    pub target: Guess<Target>,
    pub measure: Option<Guess<String>>,
    pub group: Option<Guess<String>>,
    pub place: Option<Guess<String>>,
    pub period: Option<Guess<Period>>,
    /// For a strength estimate: what is counted ("fighters").
    pub counted: Option<String>,
}

/// A number of the article that is probably not a figure.
#[derive(Debug, Clone)]
pub struct Aside {
    pub number: usize,
    pub text: String,
    pub at: (usize, usize),
    /// A few words around it, verbatim: the `text` of a `not_figures.csv` row.
    pub context: String,
    pub kind: NotFigure,
}

/// Everything `cite` found in one article.
#[derive(Debug, Clone)]
pub struct Drafts {
    pub drafts: Vec<Draft>,
    pub asides: Vec<Aside>,
}

/// Nouns after a number that make it a group's strength ("2,000 members").
const STRENGTH: [&str; 9] = [
    "fighters",
    "members",
    "militants",
    "jihadists",
    "cadres",
    "recruits",
    "combatants",
    "insurgents",
    "followers",
];

/// Drafts a row for every figure of `text`, which `source` publishes, with
/// the vocabularies and records of `data`.
pub fn draft(text: &SourceText, data: &Dataset, source: &Source) -> Drafts {
    let normalised = text.normalised();
    let mentions = numbers::find(normalised);
    let sentences = sentences(normalised);
    let groups = guess::names(&data.groups, normalised);
    let places = guess::names(&data.places, normalised);
    let spans: Vec<Range<usize>> = mentions.iter().map(|m| m.number.clone()).collect();
    let context = Context {
        text,
        data,
        published: source.published,
        mentions: &mentions,
        sentences: &sentences,
        names: (&groups, &places),
        spans: &spans,
    };
    let (mut drafts, mut asides) = (Vec::new(), Vec::new());
    for mention in &mentions {
        match &mention.reading {
            Reading::Figure(figure) => drafts.push(context.draft(mention, figure)),
            Reading::NotFigure(kind) => asides.push(context.aside(mention, *kind)),
        }
    }
    for (k, d) in drafts.iter_mut().enumerate() {
        d.number = k + 1;
    }
    for (k, a) in asides.iter_mut().enumerate() {
        a.number = drafts.len() + k + 1;
    }
    Drafts { drafts, asides }
}

/// What drafting one number reads besides the number.
struct Context<'a> {
    text: &'a SourceText,
    data: &'a Dataset,
    published: PartialDate,
    mentions: &'a [Mention],
    sentences: &'a [Range<usize>],
    names: (&'a [Named], &'a [Named]),
    spans: &'a [Range<usize>],
}

impl Context<'_> {
    fn sentence(&self, span: &Range<usize>) -> Range<usize> {
        self.sentences
            .iter()
            .find(|s| s.start <= span.start && span.start < s.end)
            .cloned()
            .unwrap_or(span.clone())
    }

    fn draft(&self, mention: &Mention, figure: &Figure) -> Draft {
        let normalised = self.text.normalised();
        let sentence = self.sentence(&mention.number);
        let quote = quote_around(normalised, self.sentences, mention.phrase.clone());
        let around = Around::new(
            normalised,
            sentence.clone(),
            mention.number.clone(),
            self.spans,
        );
        let measure = guess::measure(&self.data.measures, figure.unit, &around);
        let (groups, places) = self.names;
        let period = period::period(
            normalised,
            sentence.clone(),
            mention.number.clone(),
            self.mentions,
            self.published,
        );
        let place = guess::nearest(places, (sentence.clone(), mention.number.clone()), true);
        let counted = counted(&around).filter(|_| figure.unit == numbers::Unit::Count);
        let target = self.target(
            measure.as_ref(),
            period.as_ref(),
            place.as_ref(),
            counted.as_deref(),
        );
        // A strength needs its group; a count's perpetrator may stay empty.
        let strength = target.value == Target::Strength;
        let group = guess::nearest(groups, (sentence, mention.number.clone()), strength);
        Draft {
            number: 0,
            text: self.text.excerpt(mention.phrase.clone()),
            at: self.text.line_column(mention.number.start),
            span: mention.number.clone(),
            figure: figure.clone(),
            quote: self.text.excerpt(quote),
            counted: counted
                .filter(|_| strength)
                .map(|c| with_families(c, &around)),
            measure: measure.filter(|_| !strength),
            target,
            group,
            place,
            period,
        }
    }

    /// Which file the row belongs in: the casualties of an incident the
    /// data already has on the day the sentence names, when the measure
    /// is one of the casualty file's (killed, injured); a strength when
    /// the number counts fighters or members; else a count.
    fn target(
        &self,
        measure: Option<&Guess<String>>,
        period: Option<&Guess<Period>>,
        place: Option<&Guess<String>>,
        counted: Option<&str>,
    ) -> Guess<Target> {
        let casualty = measure.filter(|m| casualty_figures().any(|f| f == m.value));
        let day =
            period.filter(|p| p.value.0 == p.value.1 && p.value.0.precision() == Precision::Day);
        if let (Some(m), Some(day)) = (casualty, day) {
            if let Some(incident) = self.incident_on(day.value.0, place) {
                let injured = casualty_figures().position(|f| f == m.value) == Some(1);
                return Guess {
                    from: format!("incident {incident} is on {} ({})", day.value.0, day.from),
                    value: Target::Casualties { incident, injured },
                };
            }
        }
        match (casualty, counted) {
            (None, Some(noun)) => Guess {
                value: Target::Strength,
                from: format!("counts \"{noun}\""),
            },
            _ => Guess {
                value: Target::Counts,
                from: "an aggregate figure".to_string(),
            },
        }
    }

    /// The incident of the data on `day`, preferring one in the place guessed.
    fn incident_on(&self, day: PartialDate, place: Option<&Guess<String>>) -> Option<String> {
        let on_day: Vec<_> = self
            .data
            .incidents
            .iter()
            .filter(|i| i.date == day)
            .collect();
        let in_place = on_day
            .iter()
            .find(|i| place.is_some_and(|p| p.value == i.province.as_str()));
        in_place.or(on_day.first()).map(|i| i.id.to_string())
    }

    fn aside(&self, mention: &Mention, kind: NotFigure) -> Aside {
        let sentence = self.sentence(&mention.number);
        Aside {
            number: 0,
            text: self.text.excerpt(mention.number.clone()),
            at: self.text.line_column(mention.number.start),
            context: self.text.excerpt(context(
                self.text.normalised(),
                sentence,
                mention.number.clone(),
            )),
            kind,
        }
    }
}

/// The figures a casualty estimate holds, from its columns: `killed`,
/// `injured` (each a measure of `measures.csv` too).
fn casualty_figures() -> impl Iterator<Item = &'static str> {
    CasualtyEstimate::COLUMNS
        .iter()
        .filter_map(|c| c.strip_suffix("_qualifier"))
}

/// What a number counts, when the word after it (or after a name between)
/// is one a strength is counted in.
fn counted(around: &Around) -> Option<String> {
    around
        .after
        .iter()
        .take(3)
        .find(|w| STRENGTH.contains(&w.as_str()))
        .cloned()
}

/// "fighters, including family members" when the sentence counts families.
fn with_families(counted: String, around: &Around) -> String {
    let families = around.after.iter().any(|w| w.starts_with("famil"));
    match families {
        true => format!("{counted}, including family members"),
        false => counted,
    }
}

/// How many words either side of a not-figure its context takes.
const CONTEXT_WORDS: usize = 3;

/// A few words either side of `number` within its sentence: enough to be
/// found again in the text, short enough to say what the number is.
fn context(text: &str, sentence: Range<usize>, number: Range<usize>) -> Range<usize> {
    let before = text[sentence.start..number.start]
        .char_indices()
        .rev()
        .filter(|(_, c)| c.is_whitespace())
        .nth(CONTEXT_WORDS - 1)
        .map_or(sentence.start, |(k, _)| sentence.start + k + 1);
    let after = text[number.end..sentence.end]
        .char_indices()
        .filter(|(_, c)| c.is_whitespace())
        .nth(CONTEXT_WORDS - 1)
        .map_or(sentence.end, |(k, _)| number.end + k);
    before..after
}
