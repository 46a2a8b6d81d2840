//! How the rules name what they compute: vocabulary ids as people write
//! them, measures as phrases, publishers by their short name, and the roles
//! the vocabularies give groups and places (the total of all perpetrators,
//! the categories that partition it, the country a province is in).

use crate::load::records::{Measure, MeasureKind, Source};
use crate::load::Dataset;
use crate::validate::Vocabulary;

/// The display name of a vocabulary id (the id itself if unknown). Groups
/// are named by their first alias when it is shorter ("IS-K", "TTP"), as
/// analysts write them.
pub fn term_name(vocabulary: &Vocabulary, id: &str) -> String {
    let Some(term) = vocabulary.terms().get(id) else {
        return id.to_string();
    };
    match term.aliases.first() {
        Some(short)
            if vocabulary.what == "group"
                && term.kind == "group"
                && short.len() < term.name.len() =>
        {
            short.clone()
        }
        _ => term.name.clone(),
    }
}

/// "Nationalist insurgent groups" → "nationalist insurgent groups"; keeps
/// acronyms ("TTP and …", "IS") and proper names that start with two
/// capitals as they are.
pub fn lowercase_first(name: &str) -> String {
    let mut chars = name.chars();
    match (chars.next(), chars.next()) {
        (Some(a), Some(b)) if b.is_lowercase() && !is_proper(name) => a
            .to_lowercase()
            .chain(std::iter::once(b))
            .chain(chars)
            .collect(),
        _ => name.to_string(),
    }
}

/// Names that keep their capital mid-sentence: those whose words are
/// mostly capitalised ("Islamic State Khorasan Province").
fn is_proper(name: &str) -> bool {
    let words: Vec<&str> = name.split_whitespace().collect();
    let capitalised = words
        .iter()
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .count();
    words.len() > 1 && capitalised * 2 > words.len()
}

/// Who a tally counts, mid-sentence: "all perpetrators", "IS", "TTP and
/// associated groups (including IS)".
pub fn who(data: &Dataset, id: &str) -> String {
    lowercase_first(&term_name(&data.groups, id))
}

pub fn place(data: &Dataset, id: &str) -> String {
    term_name(&data.places, id)
}

/// A measure as labels name it ("Attacks claimed", "People killed"),
/// followed by "by GROUP".
pub fn measure(data: &Dataset, id: &str) -> String {
    data.measures
        .get(id)
        .map_or(id.to_string(), |m| m.name.clone())
}

/// Who published a figure: its original author when a source quotes one,
/// else the source's publisher, else the source itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Publisher {
    /// Its part of metric ids: the acronym a name ends with ("PIPS" →
    /// `pips`), else the name in lowercase words joined by `-`.
    pub key: String,
    /// Its short name in labels: "PIPS", "Abdul Sayed".
    pub name: String,
}

pub fn publisher(source: &Source) -> Publisher {
    let Some(full) = source
        .original_author
        .as_deref()
        .or(source.publisher.as_deref())
    else {
        return Publisher {
            key: source.id.clone(),
            name: source.id.clone(),
        };
    };
    let name = short_name(full);
    Publisher {
        key: slug(name),
        name: name.to_string(),
    }
}

/// "Pakistan Institute for Peace Studies (PIPS)" → "PIPS"; a longer
/// parenthesis is a description: "Gen. John Nicholson (US and NATO …)" →
/// "Gen. John Nicholson".
pub fn short_name(full: &str) -> &str {
    match full.trim().rsplit_once(" (") {
        Some((_, acronym)) if !acronym.contains(' ') => acronym.trim_end_matches(')'),
        Some((name, _)) => name.trim(),
        None => full.trim(),
    }
}

/// Lowercase letters and digits, other runs joined by one `-`.
fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// The group that stands for every perpetrator (`kind` `total` in groups.csv).
pub fn total_group(data: &Dataset) -> Option<&str> {
    data.groups
        .terms()
        .values()
        .find(|t| t.kind == "total")
        .map(|t| t.id.as_str())
}

/// Whether `group` is a category that, with the others, partitions the
/// total (`kind` `category` in groups.csv).
pub fn is_category(data: &Dataset, group: &str) -> bool {
    data.groups
        .terms()
        .get(group)
        .is_some_and(|t| t.kind == "category")
}

/// The country place that `place` lies in (itself for a country): the
/// place of kind `country` with the same country code.
pub fn country_of<'a>(data: &'a Dataset, place: &str) -> Option<&'a str> {
    let terms = data.places.terms();
    let code = terms.get(place)?.parent.as_deref()?;
    terms
        .values()
        .find(|t| t.kind == "country" && t.parent.as_deref() == Some(code))
        .map(|t| t.id.as_str())
}

pub fn is_country(data: &Dataset, place: &str) -> bool {
    data.places
        .terms()
        .get(place)
        .is_some_and(|t| t.kind == "country")
}

pub fn measure_kind(data: &Dataset, id: &str) -> Option<MeasureKind> {
    data.measures.get(id).map(|m| m.kind)
}

/// The measure whose total an events measure is part of: claimed attacks
/// are part of all attacks; attacks are their own.
pub fn base_measure<'a>(data: &'a Dataset, id: &'a str) -> &'a str {
    match data.measures.get(id) {
        Some(Measure {
            kind: MeasureKind::Events,
            of: Some(of),
            ..
        }) => of,
        _ => id,
    }
}

/// "attacks" → "attack": the unit of one event, for `per_attack`.
pub fn singular(unit: &str) -> &str {
    unit.strip_suffix('s').unwrap_or(unit)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(author: Option<&str>, publisher: Option<&str>) -> Source {
        Source {
            id: "some-article-2017".into(),
            title: "T".into(),
            publisher: publisher.map(str::to_string),
            published: crate::date::PartialDate::parse("2017").unwrap(),
            seed_file: None,
            url: None,
            original_author: author.map(str::to_string),
            note: None,
        }
    }

    #[test]
    fn publishers_are_named_by_acronym_or_short_name() {
        let p = publisher(&source(
            Some("Pakistan Institute for Peace Studies (PIPS)"),
            None,
        ));
        assert_eq!((p.key.as_str(), p.name.as_str()), ("pips", "PIPS"));
        let p = publisher(&source(
            Some("Gen. John Nicholson (US and NATO commander)"),
            None,
        ));
        assert_eq!(
            (p.key.as_str(), p.name.as_str()),
            ("gen-john-nicholson", "Gen. John Nicholson")
        );
        let p = publisher(&source(None, Some("RFE/RL (Radio Mashaal)")));
        assert_eq!(p.key, "rfe-rl");
        let p = publisher(&source(None, None));
        assert_eq!(p.key, "some-article-2017");
    }

    #[test]
    fn names_lose_their_capital_mid_sentence_unless_proper() {
        assert_eq!(
            lowercase_first("Nationalist insurgent groups"),
            "nationalist insurgent groups"
        );
        assert_eq!(
            lowercase_first("TTP and associated groups"),
            "TTP and associated groups"
        );
        assert_eq!(lowercase_first("IS"), "IS");
        assert_eq!(
            lowercase_first("Islamic State Khorasan Province"),
            "Islamic State Khorasan Province"
        );
        assert_eq!(lowercase_first("All perpetrators"), "all perpetrators");
    }
}
