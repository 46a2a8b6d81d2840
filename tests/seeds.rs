//! The curated data against the five seed articles in ../shared/seeds/:
//! every quote is verbatim in its article, and every number in an article
//! is inside some record's quote or is listed in data/not_figures.csv with
//! the reason it is not a figure.

use std::collections::BTreeMap;
use std::path::PathBuf;

use sitrep::load::{load_dataset, Dataset};

fn seeds_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds")
}

fn dataset() -> Dataset {
    load_dataset(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data"))
        .unwrap_or_else(|p| panic!("{p}"))
}

/// Each seed file's text with white space folded, by file name.
fn seeds() -> BTreeMap<String, String> {
    let dir = seeds_dir();
    let entries = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("the seeds are expected at {}: {e}", dir.display()));
    entries
        .map(|e| e.unwrap())
        .map(|e| {
            let text = std::fs::read_to_string(e.path()).unwrap();
            (e.file_name().to_string_lossy().into_owned(), fold(&text))
        })
        .collect()
}

fn fold(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// (seed file, quote) for every record; a quote may join excerpts with " [...] ".
fn quotes(data: &Dataset) -> Vec<(String, String, String)> {
    let seed = |source: &str| data.sources[source].seed_file.clone().unwrap_or_default();
    let mut all = Vec::new();
    all.extend(data.counts.iter().map(|r| {
        (
            format!("counts/{}", r.id),
            seed(&r.source_id),
            r.quote.to_string(),
        )
    }));
    all.extend(data.strength.iter().map(|r| {
        (
            format!("strength/{}", r.id),
            seed(&r.source_id),
            r.quote.to_string(),
        )
    }));
    all.extend(data.casualty_estimates.iter().map(|r| {
        (
            format!("casualty_estimates/{}", r.id),
            seed(&r.source_id),
            r.quote.to_string(),
        )
    }));
    all.extend(data.incidents.iter().map(|r| {
        (
            format!("incidents/{}", r.id),
            seed(&r.source_id),
            r.quote.to_string(),
        )
    }));
    all.into_iter()
        .flat_map(|(record, seed, quote)| {
            quote
                .split(" [...] ")
                .map(|part| (record.clone(), seed.clone(), fold(part)))
                .collect::<Vec<_>>()
        })
        .collect()
}

#[test]
fn every_quote_is_verbatim_in_its_seed() {
    let (data, seeds) = (dataset(), seeds());
    for (record, seed, quote) in quotes(&data) {
        let text = seeds
            .get(&seed)
            .unwrap_or_else(|| panic!("{record}: no seed file {seed}"));
        assert!(
            text.contains(&quote),
            "{record}: quote not found verbatim in {seed}: {quote}"
        );
    }
}

#[test]
fn every_source_names_an_existing_seed() {
    let (data, seeds) = (dataset(), seeds());
    assert_eq!(seeds.len(), 5);
    for source in data.sources.values() {
        let seed = source.seed_file.as_deref().unwrap_or_default();
        assert!(
            seeds.contains_key(seed),
            "{}: unknown seed {seed}",
            source.id
        );
    }
    for seed in seeds.keys() {
        assert!(
            data.sources
                .values()
                .any(|s| s.seed_file.as_deref() == Some(seed)),
            "{seed} has no source row"
        );
    }
}

/// Byte ranges of every occurrence of `needle` in `haystack`.
fn spans(haystack: &str, needle: &str) -> Vec<(usize, usize)> {
    haystack
        .match_indices(needle)
        .map(|(i, m)| (i, i + m.len()))
        .collect()
}

#[test]
fn every_number_in_the_seeds_is_a_figure_in_the_data_or_explained() {
    let (data, seeds) = (dataset(), seeds());
    let quotes = quotes(&data);
    let number = regex_lite_numbers();
    let mut missing = Vec::new();
    for (seed, text) in &seeds {
        let mut covered: Vec<(usize, usize)> = quotes
            .iter()
            .filter(|(_, s, _)| s == seed)
            .flat_map(|(_, _, q)| spans(text, q))
            .collect();
        covered.extend(
            data.not_figures
                .iter()
                .filter(|n| &n.seed_file == seed)
                .flat_map(|n| spans(text, &fold(&n.text))),
        );
        for (start, end, token) in number(text) {
            if !covered.iter().any(|(s, e)| *s <= start && end <= *e) {
                missing.push(format!(
                    "{seed}: {token:?} in …{}…",
                    &text[start.saturating_sub(40)..(end + 40).min(text.len())]
                ));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "numbers in the seeds that are in no quote and not in not_figures.csv:\n{}",
        missing.join("\n")
    );
}

#[test]
fn every_not_figure_entry_is_in_its_seed() {
    let (data, seeds) = (dataset(), seeds());
    for n in &data.not_figures {
        assert!(
            seeds[&n.seed_file].contains(&fold(&n.text)),
            "not_figures.csv: {:?} not in {}",
            n.text,
            n.seed_file
        );
    }
}

/// Finds digit runs (with , and . inside) and number words, with their byte spans.
fn regex_lite_numbers() -> impl Fn(&str) -> Vec<(usize, usize, String)> {
    const WORDS: [&str; 17] = [
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "half",
        "dozen",
        "dozens",
        "hundreds",
        "thousands",
        "million",
        "scores",
    ];
    move |text: &str| {
        let mut found = Vec::new();
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let boundary = i == 0 || !bytes[i - 1].is_ascii_alphanumeric();
            if bytes[i].is_ascii_digit() {
                let start = i;
                while i < bytes.len()
                    && (bytes[i].is_ascii_digit()
                        || ((bytes[i] == b',' || bytes[i] == b'.')
                            && i + 1 < bytes.len()
                            && bytes[i + 1].is_ascii_digit()))
                {
                    i += 1;
                }
                found.push((start, i, text[start..i].to_string()));
                continue;
            }
            if boundary && bytes[i].is_ascii_alphabetic() {
                let end = (i..bytes.len())
                    .find(|&j| !bytes[j].is_ascii_alphabetic())
                    .unwrap_or(bytes.len());
                let word = text[i..end].to_lowercase();
                if WORDS.contains(&word.as_str()) {
                    found.push((i, end, word));
                }
                i = end;
                continue;
            }
            i += 1;
        }
        found
    }
}
