//! Guesses of what a number measures and whom and where it concerns, from
//! the words around it and the data directory's vocabularies: the
//! measures' ids, units and descriptions (`measures.csv`), and the names
//! and aliases of groups and places (`groups.csv`, `places.csv`: IS-K,
//! ISKP, Daesh-e-Khurasan; Baluchistan, KPK). Every guess says what it was
//! read from, so the analyst can judge it.

use std::collections::BTreeMap;
use std::ops::Range;

use crate::corpus::numbers::tokens::{tokens, Kind};
use crate::corpus::numbers::{words, Unit};
use crate::load::records::{Measure, Term};
use crate::validate::Vocabulary;

/// A value sitrep guessed, and what it read it from.
#[derive(Debug, Clone, PartialEq)]
pub struct Guess<T> {
    pub value: T,
    pub from: String,
}

/// The words around a number within its sentence, nearest first, stopping
/// at the next number either way (its words are its own).
pub struct Around {
    pub before: Vec<String>,
    pub after: Vec<String>,
}

/// How many words either side of a number are read.
const WINDOW: usize = 8;

impl Around {
    /// The words of `text[sentence]` around `number`, where `others` are
    /// the other numbers of the text.
    pub fn new(
        text: &str,
        sentence: Range<usize>,
        number: Range<usize>,
        others: &[Range<usize>],
    ) -> Around {
        let base = sentence.start;
        let all = tokens(&text[sentence]);
        let is_other = |start: usize| others.iter().any(|o| o.contains(&start) && *o != number);
        let word = |t: &crate::corpus::numbers::tokens::Token| t.kind == Kind::Word;
        let before = all
            .iter()
            .rev()
            .filter(|t| base + t.end <= number.start)
            .take_while(|t| !is_other(base + t.start))
            .filter(|t| word(t))
            .take(WINDOW)
            .map(|t| t.lower())
            .collect();
        let after = all
            .iter()
            .filter(|t| base + t.start >= number.end)
            .take_while(|t| !is_other(base + t.start))
            .filter(|t| word(t))
            .take(WINDOW)
            .map(|t| t.lower())
            .collect();
        Around {
            before: undated(before, true),
            after: undated(after, false),
        }
    }
}

/// Words that with "year" or "month" after them date a figure rather
/// than say what it counts ("last year").
const RELATIVE: [&str; 6] = ["last", "this", "next", "past", "previous", "every"];

/// The words without "year" and "month" where they are part of a relative
/// date; `reversed` when the words run backwards from the number.
fn undated(words: Vec<String>, reversed: bool) -> Vec<String> {
    let dated = |k: usize| {
        let unit = matches!(words[k].as_str(), "year" | "month" | "years" | "months");
        let before = match reversed {
            true => words.get(k + 1),
            false => k.checked_sub(1).and_then(|j| words.get(j)),
        };
        unit && before.is_some_and(|b| RELATIVE.contains(&b.as_str()))
    };
    let keep: Vec<bool> = (0..words.len()).map(|k| !dated(k)).collect();
    words
        .into_iter()
        .zip(keep)
        .filter_map(|(w, keep)| keep.then_some(w))
        .collect()
}

/// A word reduced to what its forms share: `killed`, `killing` → `kill`,
/// then to the word its synonyms are counted as.
fn stem(word: &str) -> String {
    let word = word.to_lowercase();
    let bare = ["ing", "ed", "es", "s"]
        .iter()
        .find_map(|s| word.strip_suffix(s).filter(|b| b.chars().count() >= 3))
        .unwrap_or(&word)
        .to_string();
    SYNONYMS
        .iter()
        .find(|(_, forms)| forms.contains(&bare.as_str()))
        .map_or(bare, |(canonical, _)| canonical.to_string())
}

/// Plain English words that mean what a measure's words say.
const SYNONYMS: [(&str, &[&str]); 6] = [
    (
        "kill",
        &[
            "dead",
            "death",
            "die",
            "died",
            "liv",
            "fatalitie",
            "fatality",
            "murder",
        ],
    ),
    ("injur", &["wound", "hurt", "injurie", "injury"]),
    (
        "attack",
        &["bomb", "bombing", "assault", "incident", "blast"],
    ),
    (
        "change",
        &[
            "declin", "decline", "decreas", "drop", "fall", "rise", "surge", "increas", "growth",
            "jump", "rose", "fell",
        ],
    ),
    ("share", &["half", "proportion"]),
    ("population", &["nation", "inhabitant", "populou"]),
];

/// Words of a description that say nothing about what is measured.
const STOPWORDS: [&str; 24] = [
    "the", "of", "and", "a", "an", "in", "to", "for", "that", "since", "same", "all", "with", "or",
    "as", "by", "on", "is", "was", "its", "their", "any", "before", "against",
];

/// Currency codes, which a measure's unit may be.
fn is_currency(unit: &str) -> bool {
    words::CURRENCY_BEFORE
        .iter()
        .chain(&words::CURRENCY_AFTER)
        .any(|(_, code)| code.eq_ignore_ascii_case(unit))
}

/// Whether a measure's unit fits what the number's words say it counts.
fn fits(measure: &Measure, unit: Unit) -> bool {
    match unit {
        Unit::Percent => measure.unit == "percent",
        Unit::Money(code) => measure.unit.eq_ignore_ascii_case(code),
        Unit::Count => measure.unit != "percent" && !is_currency(&measure.unit),
    }
}

/// The words of a measure with their weights: its id's words count most,
/// its unit's and its description's less.
/// Whether a term tells measures apart: the unit alone ("153 people")
/// does not tell killed from injured.
type Telling = bool;

fn terms(measure: &Measure) -> Vec<(String, f64, Telling)> {
    let id = measure.id.split(['_', '-']).map(|w| (stem(w), 1.0, true));
    let unit = std::iter::once((stem(&measure.unit), 0.5, false));
    let description = measure
        .description
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() > 2 && !STOPWORDS.contains(&w.to_lowercase().as_str()))
        .map(|w| (stem(w), 0.4, true));
    id.chain(unit).chain(description).collect()
}

/// How near the words of `measure` are (0 unless a telling one is), and
/// the words that matched.
fn score<'w>(measure: &Measure, near: &[(String, f64, &'w str)]) -> (f64, Vec<&'w str>) {
    let terms = terms(measure);
    let mut best: BTreeMap<&str, (f64, &str, Telling)> = BTreeMap::new();
    for (stem, weight, word) in near {
        // A term's first listing (id, then unit, then description) counts.
        if let Some((_, w, telling)) = terms.iter().find(|(t, _, _)| t == stem) {
            let entry = best.entry(stem.as_str()).or_insert((0.0, word, *telling));
            if w * weight > entry.0 {
                *entry = (w * weight, word, *telling);
            }
        }
    }
    let telling = best.values().any(|(_, _, telling)| *telling);
    let total: f64 = best.values().map(|(s, _, _)| s).sum();
    let words = best.values().map(|(_, w, _)| *w).collect();
    (if telling { total } else { 0.0 }, words)
}

/// Each word with its stem and a weight that falls with its distance;
/// `first` is the weight of the nearest.
fn by_distance(words: &[String], first: f64) -> Vec<(String, f64, &str)> {
    let near = words.iter().enumerate();
    near.map(|(d, w)| (stem(w), first / (d + 1) as f64, w.as_str()))
        .collect()
}

/// The least score a measure needs to be guessed: a description word
/// alone, a few words away, is not enough.
const ENOUGH: f64 = 0.3;

/// The measure whose words are nearest the number, among those whose unit
/// fits; `None` when no word of any measure is near.
pub fn measure(
    measures: &BTreeMap<String, Measure>,
    unit: Unit,
    around: &Around,
) -> Option<Guess<String>> {
    // The word after a number usually names what it counts ("188 lives").
    let mut near = by_distance(&around.before, 1.0);
    near.extend(by_distance(&around.after, 2.0));
    if unit == Unit::Percent && around.after.first().is_some_and(|w| w == "of") {
        near.push(("share".to_string(), 1.0, "of"));
    }
    let (measure, (_, from)) = measures
        .values()
        .filter(|m| fits(m, unit))
        .map(|m| (m, score(m, &near)))
        .filter(|(_, (total, _))| *total >= ENOUGH)
        .max_by(|(a, (x, _)), (b, (y, _))| {
            let fewer_words = |m: &Measure| std::cmp::Reverse(m.id.split('_').count());
            x.total_cmp(y)
                .then(fewer_words(a).cmp(&fewer_words(b)))
                .then(b.id.cmp(&a.id))
        })?;
    Some(Guess {
        value: measure.id.clone(),
        from: format!("from \"{}\"", from.join("\", \"")),
    })
}

/// One name of a vocabulary term found in a text.
#[derive(Debug, Clone)]
pub struct Named {
    pub id: String,
    pub range: Range<usize>,
    pub name: String,
}

/// Every name or alias of the vocabulary's terms in `text`, as whole
/// words; where two overlap, the longer. Short or all-capital names (IS,
/// TTP, KP) must match in case; others match in any case.
pub fn names(vocabulary: &Vocabulary, text: &str) -> Vec<Named> {
    let mut found = Vec::new();
    for term in vocabulary.terms().values() {
        for name in names_of(term) {
            found.extend(occurrences(text, name).map(|range| Named {
                id: term.id.clone(),
                range,
                name: name.to_string(),
            }));
        }
    }
    found.sort_by_key(|n| (n.range.start, std::cmp::Reverse(n.range.len())));
    let mut kept: Vec<Named> = Vec::new();
    for n in found {
        if kept.last().is_none_or(|k| n.range.start >= k.range.end) {
            kept.push(n);
        }
    }
    kept
}

fn names_of(term: &Term) -> impl Iterator<Item = &str> {
    std::iter::once(term.name.as_str()).chain(term.aliases.iter().map(String::as_str))
}

/// Where `name` is in `text` as whole words.
fn occurrences<'a>(text: &'a str, name: &'a str) -> impl Iterator<Item = Range<usize>> + 'a {
    let exact = name.chars().count() <= 4 || !name.chars().any(char::is_lowercase);
    let (haystack, needle) = match exact {
        true => (text.to_string(), name.to_string()),
        // Lowercasing these scripts keeps byte offsets for the names sitrep sees.
        false => (text.to_lowercase(), name.to_lowercase()),
    };
    let same_length = haystack.len() == text.len();
    let found: Vec<Range<usize>> = haystack
        .match_indices(&needle)
        .map(|(at, m)| at..at + m.len())
        .filter(|r| same_length && whole_word(text, r.clone()))
        .collect();
    found.into_iter()
}

fn whole_word(text: &str, range: Range<usize>) -> bool {
    let before = text[..range.start].chars().next_back();
    let after = text[range.end..].chars().next();
    let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
    boundary(before) && boundary(after)
}

/// The name nearest `number` among `named` (those within `sentence`); or
/// else, when `fallback`, the term named most often in the whole text,
/// said to be that.
pub fn nearest(
    named: &[Named],
    (sentence, number): (Range<usize>, Range<usize>),
    fallback: bool,
) -> Option<Guess<String>> {
    let distance = |n: &Named| match n.range.end <= number.start {
        true => number.start - n.range.end,
        false => n.range.start.saturating_sub(number.end),
    };
    let inside = named
        .iter()
        .filter(|n| sentence.start <= n.range.start && n.range.end <= sentence.end);
    if let Some(n) = inside.min_by_key(|n| distance(n)) {
        return Some(Guess {
            value: n.id.clone(),
            from: format!("from \"{}\"", n.name),
        });
    }
    most_named(named).filter(|_| fallback)
}

/// The term named most often (the first named, among equals).
fn most_named(named: &[Named]) -> Option<Guess<String>> {
    let mut counts: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for (order, n) in named.iter().enumerate() {
        counts.entry(n.id.as_str()).or_insert((0, order)).0 += 1;
    }
    let (id, (count, _)) = counts.into_iter().max_by(|a, b| {
        (a.1 .0, std::cmp::Reverse(a.1 .1)).cmp(&(b.1 .0, std::cmp::Reverse(b.1 .1)))
    })?;
    Some(Guess {
        value: id.to_string(),
        from: format!("none in the sentence; named most often in the article ({count}×)"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn measures() -> BTreeMap<String, Measure> {
        let m = |id: &str, unit: &str, description: &str| {
            let measure = Measure {
                id: id.to_string(),
                name: id.replace('_', " "),
                unit: unit.to_string(),
                signed: false,
                kind: crate::load::records::MeasureKind::Events,
                of: None,
                description: description.to_string(),
            };
            (id.to_string(), measure)
        };
        [
            m("attacks", "attacks", "Attacks carried out."),
            m(
                "claimed_attacks",
                "attacks",
                "Attacks whose responsibility the group claimed.",
            ),
            m("killed", "people", "People killed."),
            m("injured", "people", "People injured."),
            m(
                "share_of_attacks",
                "percent",
                "Share of all the attacks that happened in the place.",
            ),
            m(
                "attacks_change",
                "percent",
                "Change in attacks against the year before.",
            ),
        ]
        .into_iter()
        .collect()
    }

    fn guess(sentence: &str, number: &str, unit: Unit) -> Option<String> {
        let at = sentence.find(number).unwrap();
        let around = Around::new(sentence, 0..sentence.len(), at..at + number.len(), &[]);
        measure(&measures(), unit, &around).map(|g| g.value)
    }

    #[test]
    fn the_words_nearest_the_number_choose_the_measure() {
        let g = |s, n| guess(s, n, Unit::Count);
        assert_eq!(
            g("which killed 153 people", "153").as_deref(),
            Some("killed")
        );
        assert_eq!(g("wounding 28 others", "28").as_deref(), Some("injured"));
        assert_eq!(g("claimed 188 lives", "188").as_deref(), Some("killed"));
        assert_eq!(
            g("responsible for 138 attacks", "138").as_deref(),
            Some("attacks")
        );
        assert_eq!(
            g("the TTP claimed responsibility for 257 attacks", "257").as_deref(),
            Some("claimed_attacks")
        );
        assert_eq!(g("a nation of 5 cities", "5"), None);
        let p = |s, n| guess(s, n, Unit::Percent);
        assert_eq!(
            p("a 16% decline in attacks", "16%").as_deref(),
            Some("attacks_change")
        );
        assert_eq!(
            p("nearly 60 percent of the attacks", "60 percent").as_deref(),
            Some("share_of_attacks")
        );
    }

    #[test]
    fn names_match_whole_words_and_the_longest_wins() {
        let term = |id: &str, name: &str, aliases: &[&str]| Term {
            id: id.to_string(),
            name: name.to_string(),
            kind: "group".to_string(),
            parent: None,
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            note: None,
        };
        let groups = Vocabulary::new(
            "group",
            "groups.csv",
            vec![
                term("g-is", "Islamic State", &["IS"]),
                term(
                    "g-isk",
                    "Islamic State Khorasan",
                    &["IS-K", "Daesh-e-Khurasan"],
                ),
            ],
        );
        let text = "This is IS-K, also daesh-e-khurasan; ISIS is not IS.";
        let named = names(&groups, text);
        let found: Vec<(&str, &str)> = named
            .iter()
            .map(|n| (n.id.as_str(), &text[n.range.clone()]))
            .collect();
        assert_eq!(
            found,
            [
                ("g-isk", "IS-K"),
                ("g-isk", "daesh-e-khurasan"),
                ("g-is", "IS")
            ]
        );
    }
}
