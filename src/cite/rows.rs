//! Draft rows as the data files hold them: one list of fields per row, in
//! each file's column order ([`Count::COLUMNS`] …), with new unique ids.
//! What is guessed is said in the row's `note`; a field that could not be
//! guessed is left empty, for the analyst (or `check`) to see.
//!
//! A casualty estimate holds the killed and the injured of one incident
//! from one quote: drafts of both from the same sentence share a row.

use std::collections::BTreeSet;

use super::guess::Guess;
use super::{Aside, Draft, Drafts, Target};
use crate::estimate::StatedFigure;
use crate::load::records::{CasualtyEstimate, Count, NotFigure, Source, StrengthEstimate};
use crate::load::Dataset;

/// The rows for one data file.
#[derive(Debug, Clone, PartialEq)]
pub struct FileRows {
    pub file: &'static str,
    pub columns: &'static [&'static str],
    pub rows: Vec<Vec<String>>,
}

/// What the rows are drafted from, beside the drafts.
pub struct Origin<'a> {
    pub source: &'a Source,
    /// The article's file name, as notes name it.
    pub article: &'a str,
    pub data: &'a Dataset,
}

/// The rows of the drafts and asides `picked` chooses, file by file (only
/// files that get rows), in the order counts, strength, casualty
/// estimates, not-figures.
pub fn rows(drafts: &Drafts, picked: impl Fn(usize) -> bool, origin: &Origin) -> Vec<FileRows> {
    let mut ids = Ids::of(origin.data);
    let chosen: Vec<&Draft> = drafts.drafts.iter().filter(|d| picked(d.number)).collect();
    let of = |t: fn(&Target) -> bool| chosen.iter().copied().filter(move |d| t(&d.target.value));
    let counts = of(|t| *t == Target::Counts)
        .map(|d| count(d, origin, &mut ids))
        .collect();
    let strength = of(|t| *t == Target::Strength)
        .map(|d| strength(d, origin, &mut ids))
        .collect();
    let casualties = casualties(
        of(|t| matches!(t, Target::Casualties { .. })).collect(),
        origin,
        &mut ids,
    );
    let asides = drafts
        .asides
        .iter()
        .filter(|a| picked(a.number))
        .map(|a| not_figure(a, origin))
        .collect();
    let files = [
        ("counts.csv", &Count::COLUMNS[..], counts),
        ("strength.csv", &StrengthEstimate::COLUMNS[..], strength),
        (
            "casualty_estimates.csv",
            &CasualtyEstimate::COLUMNS[..],
            casualties,
        ),
        ("not_figures.csv", &NotFigure::COLUMNS[..], asides),
    ];
    files
        .into_iter()
        .filter(|(_, _, rows)| !rows.is_empty())
        .map(|(file, columns, rows)| FileRows {
            file,
            columns,
            rows,
        })
        .collect()
}

/// The ids each record file already has, and those drafted so far.
struct Ids(BTreeSet<String>);

impl Ids {
    fn of(data: &Dataset) -> Ids {
        let counts = data.counts.iter().map(|c| format!("counts.csv/{}", c.id));
        let strength = data
            .strength
            .iter()
            .map(|s| format!("strength.csv/{}", s.id));
        let casualties = data
            .casualty_estimates
            .iter()
            .map(|c| format!("casualty_estimates.csv/{}", c.id));
        Ids(counts.chain(strength).chain(casualties).collect())
    }

    /// A new id for `file` from `parts`: lowercase, `-` between words, and
    /// `-2`, `-3` … when taken.
    fn fresh(&mut self, file: &str, parts: &[&str]) -> String {
        let base = slug(&parts.join("-"));
        let mut id = base.clone();
        let mut n = 1;
        while !self.0.insert(format!("{file}/{id}")) {
            n += 1;
            id = format!("{base}-{n}");
        }
        id
    }
}

/// Lowercase letters, digits, `.` and `_`, everything else a single `-`.
fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        let keep = c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '_';
        match keep {
            true => out.push(c),
            false if !out.ends_with('-') && !out.is_empty() => out.push('-'),
            false => {}
        }
    }
    out.trim_end_matches('-').to_string()
}

/// A number as data files write it: `2000`, `15.5`, `-16`.
pub fn number(value: f64) -> String {
    match value.fract() == 0.0 && value.abs() < 1e15 {
        true => format!("{}", value as i64),
        false => format!("{value}"),
    }
}

/// The qualifier and the three numbers of a stated figure, as fields.
fn figure_fields(figure: &StatedFigure) -> [String; 4] {
    let n = |v: Option<f64>| v.map(number).unwrap_or_default();
    [
        figure.qualifier.as_str().to_string(),
        n(figure.low),
        n(figure.best),
        n(figure.high),
    ]
}

/// The row's note: where it was drafted from, what is guessed, and how the
/// words were read.
fn note(drafts: &[&Draft], article: &str, guessed: &[(&str, Option<&str>)]) -> String {
    let from: Vec<String> = drafts
        .iter()
        .map(|d| format!("{article}:{}:{} (\"{}\")", d.at.0, d.at.1, d.text))
        .collect();
    let mut note = format!("Drafted by sitrep cite from {}.", from.join(" and "));
    let guesses: Vec<String> = guessed
        .iter()
        .map(|(what, from)| match from {
            Some(from) => format!("{what} ({from})"),
            None => format!("{what} (not found: fill in)"),
        })
        .collect();
    if !guesses.is_empty() {
        note.push_str(&format!(" Guessed: {}.", guesses.join("; ")));
    }
    for reading in drafts.iter().filter_map(|d| d.figure.note.as_deref()) {
        note.push_str(&format!(" Read: {reading}."));
    }
    note
}

fn value(guess: Option<&Guess<String>>) -> String {
    guess.map(|g| g.value.clone()).unwrap_or_default()
}

fn from<T>(guess: Option<&Guess<T>>) -> Option<&str> {
    guess.map(|g| g.from.as_str())
}

/// The draft's period, or the publication date when no date was near it.
fn period(draft: &Draft, source: &Source) -> (String, String, String) {
    match &draft.period {
        Some(p) => (p.value.0.to_string(), p.value.1.to_string(), p.from.clone()),
        None => {
            let published = source.published.to_string();
            let why = "no date near it: the publication date".to_string();
            (published.clone(), published, why)
        }
    }
}

fn count(draft: &Draft, origin: &Origin, ids: &mut Ids) -> Vec<String> {
    let source = origin.source;
    let measure = value(draft.measure.as_ref());
    let value_text = number(draft.figure.stated.stated().unwrap_or_default());
    let id = ids.fresh("counts.csv", &[&source.id, &measure, &value_text]);
    let (start, end, period_from) = period(draft, source);
    let guessed = [
        ("measure", from(draft.measure.as_ref())),
        ("place", from(draft.place.as_ref())),
        ("perpetrator", from(draft.group.as_ref())),
        ("period", Some(period_from.as_str())),
    ];
    let [qualifier, low, best, high] = figure_fields(&draft.figure.stated);
    vec![
        id,
        start,
        end,
        value(draft.place.as_ref()),
        value(draft.group.as_ref()),
        measure,
        qualifier,
        low,
        best,
        high,
        source.id.clone(),
        draft.quote.clone(),
        note(&[draft], origin.article, &guessed),
    ]
}

fn strength(draft: &Draft, origin: &Origin, ids: &mut Ids) -> Vec<String> {
    let source = origin.source;
    let group = value(draft.group.as_ref());
    let counted = draft.counted.clone().unwrap_or_default();
    let value_text = number(draft.figure.stated.stated().unwrap_or_default());
    let id = ids.fresh("strength.csv", &[&source.id, &group, &counted, &value_text]);
    let (as_of, _, period_from) = period(draft, source);
    let guessed = [
        ("group", from(draft.group.as_ref())),
        ("place", from(draft.place.as_ref())),
        ("as_of", Some(period_from.as_str())),
    ];
    let [qualifier, low, best, high] = figure_fields(&draft.figure.stated);
    vec![
        id,
        group,
        value(draft.place.as_ref()),
        as_of,
        counted,
        qualifier,
        low,
        best,
        high,
        source.id.clone(),
        draft.quote.clone(),
        note(&[draft], origin.article, &guessed),
    ]
}

/// One row per incident and quote, the killed and the injured side by side.
fn casualties(drafts: Vec<&Draft>, origin: &Origin, ids: &mut Ids) -> Vec<Vec<String>> {
    let mut groups: Vec<(String, String, [Option<&Draft>; 2])> = Vec::new();
    for d in drafts {
        let Target::Casualties { incident, injured } = &d.target.value else {
            continue;
        };
        let slot = usize::from(*injured);
        let same = |(i, q, slots): &&mut (String, String, [Option<&Draft>; 2])| {
            i == incident && *q == d.quote && slots[slot].is_none()
        };
        match groups.iter_mut().find(|g| same(g)) {
            Some(group) => group.2[slot] = Some(d),
            None => {
                let mut slots = [None, None];
                slots[slot] = Some(d);
                groups.push((incident.clone(), d.quote.clone(), slots));
            }
        }
    }
    groups
        .into_iter()
        .map(|(incident, quote, slots)| casualty_row(&incident, quote, slots, origin, ids))
        .collect()
}

fn casualty_row(
    incident: &str,
    quote: String,
    slots: [Option<&Draft>; 2],
    origin: &Origin,
    ids: &mut Ids,
) -> Vec<String> {
    let id = ids.fresh("casualty_estimates.csv", &[incident, &origin.source.id]);
    let fields = |d: Option<&Draft>| {
        d.map(|d| figure_fields(&d.figure.stated))
            .unwrap_or_default()
    };
    let drafted: Vec<&Draft> = slots.iter().flatten().copied().collect();
    let incident_from = drafted.first().map(|d| d.target.from.as_str());
    let mut row = vec![id, incident.to_string(), origin.source.id.clone()];
    row.extend(fields(slots[0]));
    row.extend(fields(slots[1]));
    row.push(quote);
    row.push(note(
        &drafted,
        origin.article,
        &[("incident", incident_from)],
    ));
    row
}

fn not_figure(aside: &Aside, origin: &Origin) -> Vec<String> {
    let seed = origin.source.seed_file.clone();
    vec![
        seed.unwrap_or_else(|| origin.article.to_string()),
        aside.context.clone(),
        format!("{} (Guessed by sitrep cite.)", aside.kind.reason()),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_slugs_made_unique() {
        let mut ids = Ids(BTreeSet::new());
        assert_eq!(
            ids.fresh("counts.csv", &["src-2022", "killed", "64"]),
            "src-2022-killed-64"
        );
        assert_eq!(
            ids.fresh("counts.csv", &["src-2022", "killed", "64"]),
            "src-2022-killed-64-2"
        );
        assert_eq!(
            ids.fresh("strength.csv", &["src-2022", "killed", "64"]),
            "src-2022-killed-64"
        );
        assert_eq!(slug("IS-K's “fighters”, 1.5"), "is-k-s-fighters-1.5");
        assert_eq!(number(220e6), "220000000");
        assert_eq!(number(-16.0), "-16");
        assert_eq!(number(15.5), "15.5");
    }
}
