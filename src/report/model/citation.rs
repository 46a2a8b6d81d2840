//! How the documents name a source for a reader, instead of its id: in a
//! table or after a finding by its publisher and year ("PIPS 2018"), in a
//! chart's source line in full ("PIPS, quoted in ‘Report: …’, January
//! 2018"). Imported event datasets, cited as `dataset:{id}`, are named from
//! their metadata ("Pakistan suicide bombings dataset").
//!
//! The appendix keeps the ids, for anyone who looks a source up in
//! `sources.csv`.

use std::collections::BTreeSet;

use crate::compute::names::{publisher, short_name};
use crate::compute::period::Period;
use crate::load::records::Source;
use crate::load::Dataset;

/// How metrics cite an imported dataset: `dataset:{id}`.
const DATASET: &str = "dataset:";

/// How many sources a chart's source line names before counting the rest.
const LINE_SOURCES: usize = 3;

/// An imported dataset's name from its id: "pakistan-suicide-bombings" →
/// "Pakistan suicide bombings" (the id is all the metadata says of its name);
/// a short id of one word is an acronym: "ucdp" → "UCDP", "gtd" → "GTD".
pub fn dataset_name(id: &str) -> String {
    let acronym = id.len() <= 5 && id.chars().all(|c| c.is_ascii_alphabetic());
    if acronym {
        return id.to_ascii_uppercase();
    }
    let words = id.replace(['-', '_'], " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The dataset a source id names, if it is one (`dataset:{id}`).
fn dataset_of(source: &str) -> Option<&str> {
    source.strip_prefix(DATASET)
}

/// A date as people write it: "24 May 2017", "January 2018", "2017".
fn date_words(date: &crate::date::PartialDate) -> String {
    Period::from_key(&date.to_string()).map_or(date.to_string(), |p| p.words())
}

/// Who a source is by: its original author or publisher, shortened
/// ("PIPS", "Abdul Sayed"), or `None` for an unattributed article.
fn author(source: &Source) -> Option<String> {
    source
        .original_author
        .as_deref()
        .or(source.publisher.as_deref())
        .map(|_| publisher(source).name)
}

/// The first words of a title, for an unattributed article.
fn title_words(title: &str) -> String {
    let words: Vec<&str> = title.split_whitespace().collect();
    if words.len() <= 5 {
        title.to_string()
    } else {
        format!("{} …", words[..4].join(" "))
    }
}

/// A short citation for tables and findings, author and year: "PIPS
/// 2018", "Abdul Sayed 2022", "‘IS-K’s growing threat …’ 2023",
/// "Pakistan suicide bombings dataset"; an unknown id as it is.
pub fn short(data: &Dataset, id: &str) -> String {
    if let Some(dataset) = dataset_of(id) {
        return format!("{} dataset", dataset_name(dataset));
    }
    let Some(source) = data.sources.get(id) else {
        return id.to_string();
    };
    let year = source.published.year();
    match author(source) {
        Some(name) => format!("{name} {year}"),
        None => format!("‘{}’ {year}", title_words(&source.title)),
    }
}

/// A full citation for a chart's source line: "PIPS, quoted in ‘Report:
/// Islamic State …’, January 2018"; a dataset with its version.
pub fn long(data: &Dataset, id: &str) -> String {
    if let Some(dataset) = dataset_of(id) {
        return dataset_long(data, dataset);
    }
    let Some(source) = data.sources.get(id) else {
        return id.to_string();
    };
    let when = date_words(&source.published);
    let title = &source.title;
    match (&source.original_author, &source.publisher) {
        (Some(original), _) => format!("{}, quoted in ‘{title}’, {when}", short_name(original)),
        (None, Some(_)) => format!("{}, ‘{title}’, {when}", publisher(source).name),
        (None, None) => format!("‘{title}’, {when}"),
    }
}

/// "Pakistan suicide bombings dataset (version 0a0688b)".
fn dataset_long(data: &Dataset, dataset: &str) -> String {
    let version = data
        .events
        .iter()
        .find(|e| e.dataset == dataset)
        .and_then(|e| e.dataset_version.clone())
        .unwrap_or_default();
    let version: String = version.chars().take(12).collect();
    match version.is_empty() {
        true => format!("{} dataset", dataset_name(dataset)),
        false => format!("{} dataset (version {version})", dataset_name(dataset)),
    }
}

/// "Source: …" or "Sources: …; …; and 4 more (see the appendix)" for the
/// sources of the metrics a chart draws.
pub fn source_line<'a>(data: &Dataset, ids: impl IntoIterator<Item = &'a str>) -> String {
    let ids: BTreeSet<&str> = ids.into_iter().collect();
    let mut cited: Vec<String> = Vec::new();
    for id in ids {
        let text = long(data, id);
        if !cited.contains(&text) {
            cited.push(text);
        }
    }
    let more = cited.len().saturating_sub(LINE_SOURCES);
    cited.truncate(LINE_SOURCES);
    let noun = if cited.len() + more == 1 {
        "Source"
    } else {
        "Sources"
    };
    let rest = match more {
        0 => String::new(),
        n => format!("; and {n} more (see the appendix)"),
    };
    format!("{noun}: {}{rest}.", cited.join("; "))
}

/// "Sources: PIPS 2018; CSIS 2023." for the sources of a chart's metrics.
pub fn short_source_line<'a>(data: &Dataset, ids: impl IntoIterator<Item = &'a str>) -> String {
    let ids: BTreeSet<&str> = ids.into_iter().collect();
    let cited: BTreeSet<String> = ids.into_iter().map(|id| short(data, id)).collect();
    let noun = if cited.len() == 1 {
        "Source"
    } else {
        "Sources"
    };
    format!(
        "{noun}: {}.",
        cited.into_iter().collect::<Vec<_>>().join("; ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datasets_are_named_from_their_ids() {
        assert_eq!(
            dataset_name("pakistan-suicide-bombings"),
            "Pakistan suicide bombings"
        );
        assert_eq!(dataset_name("ucdp_ged"), "Ucdp ged");
        assert_eq!(dataset_name("ucdp"), "UCDP");
        assert_eq!(dataset_name("acled"), "ACLED");
        assert_eq!(dataset_name(""), "");
    }

    #[test]
    fn long_titles_are_shortened_to_their_first_words() {
        assert_eq!(
            title_words("IS-K’s growing threat"),
            "IS-K’s growing threat"
        );
        assert_eq!(
            title_words("IS-K’s growing threat and implications in Pakistan"),
            "IS-K’s growing threat and …"
        );
    }
}
