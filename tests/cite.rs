//! `sitrep cite` and `sitrep check --sources` end to end, on articles and
//! source texts the tests write themselves: drafting (qualifiers, ranges,
//! word numbers, percentages, dates set apart), appending only what leaves
//! the data valid, and quote and coverage checks against texts with every
//! line end and encoding an analyst's tools produce.

mod common;

use std::path::Path;

use common::{copy_dir, edit_data, hashes, root, sitrep, stderr, stdout};

/// A source row for the test articles: published 20 May 2024, its text in
/// `article.txt`.
const SOURCE: &str = "test-wire-2024,Market blast in Quetta,Test Wire,2024-05-20,article.txt,,,Written by the test.\n";

const ARTICLE: &str = "Market blast in Quetta

Published: 20 May 2024

At least 12 people were killed and more than 30 injured when a bomb exploded in a market in Quetta, Balochistan, on 18 May, police said.

The Tehreek-e-Taliban Pakistan (TTP) claimed responsibility for 41 attacks in Khyber Pakhtunkhwa this year, according to a tally by a research centre.

Officials estimate that around 2,500 to 3,000 TTP fighters operate from bases across the border in Afghanistan.

Attacks in Balochistan rose 18% last year, the report said, and nearly half of them were claimed by no group.
";

/// A copy of the bundled data with the test source added, and a folder
/// `texts/` holding `article` as `article.txt`.
fn project(article: &[u8]) -> tempfile::TempDir {
    let dir = data_copy();
    let sources = dir.path().join("data/sources.csv");
    let mut text = std::fs::read_to_string(&sources).unwrap();
    text.push_str(SOURCE);
    std::fs::write(&sources, text).unwrap();
    std::fs::create_dir(dir.path().join("texts")).unwrap();
    std::fs::write(dir.path().join("texts/article.txt"), article).unwrap();
    dir
}

/// A copy of the bundled data in `data/`.
fn data_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&root().join("data"), &dir.path().join("data"));
    dir
}

fn cite(dir: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["cite", "texts/article.txt", "--source", "test-wire-2024"];
    args.extend(extra);
    sitrep(&args, dir)
}

/// The rows of a data file whose field `column` is `value`, as maps.
fn rows_where(
    dir: &Path,
    file: &str,
    column: &str,
    value: &str,
) -> Vec<std::collections::BTreeMap<String, String>> {
    let mut reader = csv::Reader::from_path(dir.join("data").join(file)).unwrap();
    let header = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|r| {
            header
                .iter()
                .map(String::from)
                .zip(r.unwrap().iter().map(String::from))
                .collect()
        })
        .filter(|row: &std::collections::BTreeMap<String, String>| row[column] == value)
        .collect()
}

#[test]
fn a_new_article_becomes_valid_checked_rows_in_one_cite_and_append() {
    let dir = project(ARTICLE.as_bytes());
    let listing = cite(dir.path(), &[]);
    assert!(listing.status.success(), "{}", stderr(&listing));
    let text = stdout(&listing);
    assert!(
        text.starts_with("article.txt: 8 numbers: 6 draft rows, 2 probable not-figures\n"),
        "{text}"
    );
    for expected in [
        "[1] article.txt:5:10  \"At least 12\"",
        "    reads    at_least, low 12: 12 to open (best 12)",
        "    measure  killed (guess, from \"killed\", \"people\")",
        "    place    balochistan (guess, from \"Balochistan\")",
        "    period   2024-05-18 to 2024-05-18 (guess, from \"18 May\")",
        "    reads    more_than, low 30: 31 to open (best 31)",
        "    measure  claimed_attacks (guess, from \"attacks\", \"claimed\", \"responsibility\")",
        "    period   2024-01-01 to 2024-05-20 (guess, from \"this year\")",
        "    reads    range, low 2500, high 3000: 2500 to 3000 (best 2750)",
        "    file     strength.csv (guess: counts \"fighters\")",
        "    reads    rounded, best 18: 17.5 to 18.5 (best 18) (percent)",
        "    period   2023 to 2023 (guess, from \"last year\")",
        "    reads    nearly, best 50: 45 to 50 (best 50) (percent)",
        "             \"half\" read as nearly 50%",
        "[7] article.txt:3:12  \"20 May 2024\"  a date (in \"Published: 20 May 2024\")",
        "[8] article.txt:5:117  \"18 May\"  a date (in \"Balochistan, on 18 May, police said.\")",
    ] {
        assert!(text.contains(expected), "{expected}\nnot in:\n{text}");
    }
    // Nothing is written without --append.
    assert!(rows_where(dir.path(), "counts.csv", "source_id", "test-wire-2024").is_empty());

    let appended = cite(dir.path(), &["--append"]);
    assert!(
        appended.status.success(),
        "{}{}",
        stdout(&appended),
        stderr(&appended)
    );
    assert!(
        stdout(&appended).contains("appended 5 rows to data/counts.csv"),
        "{}",
        stdout(&appended)
    );
    assert!(stdout(&appended).contains("appended 1 row to data/strength.csv"));
    assert!(stdout(&appended).contains("appended 2 rows to data/not_figures.csv"));
    let killed = rows_where(dir.path(), "counts.csv", "id", "test-wire-2024-killed-12");
    let killed = &killed[0];
    let fields = [
        "period_start",
        "place",
        "measure",
        "qualifier",
        "low",
        "best",
    ]
    .map(|c| killed[c].as_str());
    assert_eq!(
        fields,
        ["2024-05-18", "balochistan", "killed", "at_least", "12", ""]
    );
    assert!(killed["quote"].starts_with("At least 12 people were killed and more than 30 injured"));
    assert!(
        killed["note"].contains("Guessed: measure (from \"killed\", \"people\")"),
        "{}",
        killed["note"]
    );

    // The data stays valid, and every number of the article is accounted
    // for (beside the texts of the bundled data's sources).
    texts_from_the_data(dir.path(), |t| t.as_bytes().to_vec());
    let check = sitrep(&["check", "--sources", "texts", "--strict"], dir.path());
    assert!(
        check.status.success(),
        "{}{}",
        stdout(&check),
        stderr(&check)
    );
    assert!(stdout(&check).contains("texts: 6 source texts: 48 quotes verbatim, every number cited or listed as not a figure"), "{}", stdout(&check));
}

#[test]
fn qualifiers_ranges_word_numbers_and_percentages_are_drafted_as_stated() {
    let article = "Gunmen killed two dozen people and wounded scores of others near Peshawar on March 3, 2024.
Some 220 million people live in the country, nearly 40 percent of them in cities.
Between 600 and 800 fighters, and up to 1,000 by another count, remain in Kunar.
The group carried out five attacks and lost about half of its members; attacks fell by 12 per cent.
Call 051-2345678 or see page 4; a 25-year-old man was arrested in 2023.
";
    let dir = project(article.as_bytes());
    let out = cite(dir.path(), &["--format", "csv"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let csv = stdout(&out);
    // Every figure with its qualifier and numbers, as a row writes them.
    for row in [
        ",killed,about,,24,,test-wire-2024,",
        ",injured,at_least,40,,,test-wire-2024,",
        ",about,,220000000,,test-wire-2024,",
        ",nearly,,40,,test-wire-2024,",
        ",range,600,,800,test-wire-2024,",
        ",nearly,,1000,,test-wire-2024,",
        ",exact,,5,,test-wire-2024,",
        ",about,,50,,test-wire-2024,",
        ",rounded,,-12,,test-wire-2024,",
    ] {
        assert!(csv.contains(row), "{row}\nnot in:\n{csv}");
    }
    assert!(csv.contains("Read: \"\"up to\"\" gives only an upper bound; drafted as nearly: check the low bound."), "{csv}");
    // Dates, a phone number, a page, an age and a year are set apart.
    let not_figures = csv.split("# not_figures.csv\n").nth(1).unwrap();
    for reason in [
        "March 3, 2024.\",A date. (Guessed by sitrep cite.)",
        "Call 051-2345678 or see,A telephone number.",
        "see page 4; a 25-year-old,\"An issue, volume or page number.",
        "4; a 25-year-old man was,An age.",
        "arrested in 2023.,A year.",
    ] {
        assert!(
            not_figures.contains(reason),
            "{reason}\nnot in:\n{not_figures}"
        );
    }
    for header in ["# counts.csv\nid,period_start,period_end,place,perpetrator,measure,qualifier,low,best,high,source_id,quote,note\n", "# strength.csv\nid,group,place,as_of,counted,"] {
        assert!(csv.contains(header), "{csv}");
    }
}

#[test]
fn an_append_that_would_leave_the_data_invalid_writes_nothing() {
    let dir = project(b"The delegation met 14 times.\n");
    let before = hashes(&dir.path().join("data"));
    let out = cite(dir.path(), &["--append"]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let lines = std::fs::read_to_string(dir.path().join("data/counts.csv"))
        .unwrap()
        .lines()
        .count();
    let expected = format!("error: data/counts.csv:{}:", lines + 1);
    assert!(
        stderr(&out).contains(&expected),
        "{expected} not in {}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("measure: is empty; a value is required"),
        "{}",
        stderr(&out)
    );
    assert!(
        stderr(&out).ends_with("nothing was appended\n"),
        "{}",
        stderr(&out)
    );
    assert_eq!(hashes(&dir.path().join("data")), before);
}

#[test]
fn picked_drafts_only_and_an_unknown_source_is_bad_usage() {
    let dir = project(ARTICLE.as_bytes());
    let out = cite(dir.path(), &["--format", "csv", "--pick", "4,7"]);
    let csv = stdout(&out);
    assert!(csv.starts_with("# strength.csv\n"), "{csv}");
    assert_eq!(
        csv.lines()
            .filter(|l| l.starts_with("test-wire-2024"))
            .count(),
        1,
        "{csv}"
    );
    assert!(csv.contains(
        "# not_figures.csv\nseed_file,text,reason\narticle.txt,Published: 20 May 2024,A date."
    ));
    let out = sitrep(
        &["cite", "texts/article.txt", "--source", "test-wire-2042"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("unknown source \"test-wire-2042\"; did you mean `test-wire-2024`?"),
        "{}",
        stderr(&out)
    );
    let out = cite(dir.path(), &["--pick", "2-1"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_windows_1252_article_is_read_and_said_to_be() {
    let (bytes, _, _) = encoding_rs::WINDOWS_1252
        .encode("The group\u{2019}s \u{201C}600 to 800\u{201D} fighters.\r\n");
    let dir = project(&bytes);
    let out = cite(dir.path(), &[]);
    assert!(out.status.success());
    assert!(stderr(&out)
        .contains("texts/article.txt: read as Windows-1252 (the file is not valid UTF-8)"));
    assert!(
        stdout(&out).contains("reads    range, low 600, high 800"),
        "{}",
        stdout(&out)
    );
    assert!(stdout(&out)
        .contains("quote    \"The group\u{2019}s \u{201C}600 to 800\u{201D} fighters.\""));
}

/// Source texts made of the data's own quotes and not-figures (each seed's
/// on lines of its own), written with `encode`: what `check --sources`
/// reads in place of the archived articles.
fn texts_from_the_data(dir: &Path, encode: impl Fn(&str) -> Vec<u8>) {
    let data = sitrep::load::load_dataset(&dir.join("data")).unwrap_or_else(|p| panic!("{p}"));
    let mut texts: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    let seed = |source: &str| data.sources[source].seed_file.clone().unwrap();
    let quotes = data
        .counts
        .iter()
        .map(|c| (seed(&c.source_id), c.quote.to_string()))
        .chain(
            data.strength
                .iter()
                .map(|s| (seed(&s.source_id), s.quote.clone())),
        )
        .chain(
            data.incidents
                .iter()
                .map(|i| (seed(&i.source_id), i.quote.to_string())),
        )
        .chain(
            data.casualty_estimates
                .iter()
                .map(|e| (seed(&e.source_id), e.quote.to_string())),
        )
        .chain(
            data.not_figures
                .iter()
                .map(|n| (n.seed_file.clone(), n.text.clone())),
        );
    for (seed, quote) in quotes {
        texts
            .entry(seed)
            .or_default()
            .extend(quote.split(" [...] ").map(str::to_string));
    }
    std::fs::create_dir_all(dir.join("texts")).unwrap();
    for (seed, lines) in texts {
        std::fs::write(dir.join("texts").join(seed), encode(&lines.join("\n"))).unwrap();
    }
}

#[test]
fn quotes_are_checked_against_texts_in_any_encoding_and_line_end() {
    let crlf_bom = |t: &str| format!("\u{feff}{}", t.replace('\n', "\r\n")).into_bytes();
    let cp1252 = |t: &str| {
        encoding_rs::WINDOWS_1252
            .encode(&t.replace('\n', "\r"))
            .0
            .into_owned()
    };
    for (name, encode) in [
        ("CRLF and BOM", &crlf_bom as &dyn Fn(&str) -> Vec<u8>),
        ("Windows-1252, CR", &cp1252),
    ] {
        let dir = data_copy();
        texts_from_the_data(dir.path(), encode);
        let out = sitrep(&["check", "--sources", "texts", "--strict"], dir.path());
        assert!(
            out.status.success(),
            "{name}: {}{}",
            stdout(&out),
            stderr(&out)
        );
        assert!(
            stdout(&out).contains("texts: 5 source texts: 42 quotes verbatim, every number cited"),
            "{name}: {}",
            stdout(&out)
        );
    }
    // The test article's source names a text that is not there.
    let out = sitrep(&["check", "--sources", "texts"], project(b"").path());
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn a_changed_quote_a_missing_text_and_an_uncited_number_are_located() {
    let dir = data_copy();
    texts_from_the_data(dir.path(), |t| t.as_bytes().to_vec());
    // One word of one quote changed.
    edit_data(
        dir.path(),
        "strength.csv",
        "it is estimated to be around 1500.",
        "it is thought to be around 1500.",
    );
    let line = std::fs::read_to_string(dir.path().join("data/strength.csv"))
        .unwrap()
        .lines()
        .position(|l| l.contains("thought to be"))
        .unwrap()
        + 1;
    // A number no record quotes, on the text's last line.
    let text = dir.path().join("texts/002_afe8207748cac2f5.txt");
    let mut seed = std::fs::read_to_string(&text).unwrap();
    seed.push_str("\nA later report counted 75 attacks.");
    let last = seed.lines().count();
    std::fs::write(&text, seed).unwrap();
    let out = sitrep(&["check", "--sources", "texts"], dir.path());
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let quote = format!("error: data/strength.csv:{line}:");
    assert!(err.contains(&quote), "{quote} not in {err}");
    assert!(err.contains("quote not found in 002_afe8207748cac2f5.txt (record strength/isk-threat-2023-isk-pakistan); the closest passage, at 002_afe8207748cac2f5.txt:"), "{err}");
    assert!(
        err.contains("has \"is estimated to\" where the quote has \"is thought to\""),
        "{err}"
    );
    let uncited = format!("warning: texts/002_afe8207748cac2f5.txt:{last}:24: number \"75\" is not cited and not listed as not a figure");
    assert!(err.contains(&uncited), "{uncited} not in {err}");
    // A source naming a text that is not there is located in sources.csv.
    std::fs::remove_file(dir.path().join("texts/003_067c958c5b6cca14.txt")).unwrap();
    let out = sitrep(&["check", "--sources", "texts"], dir.path());
    assert!(
        stderr(&out).contains("error: data/sources.csv:7:"),
        "{}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("seed_file: texts/003_067c958c5b6cca14.txt not found"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn uncited_numbers_are_warnings_unless_strict_and_a_missing_folder_is_bad_usage() {
    let dir = data_copy();
    texts_from_the_data(dir.path(), |t| {
        format!("{t}\nIt cost 3 lives.").into_bytes()
    });
    let out = sitrep(&["check", "--sources", "texts"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stderr(&out).matches("number \"3\" is not cited").count(), 5);
    assert!(stdout(&out).contains("5 numbers neither cited nor listed as not a figure"));
    let strict = sitrep(&["check", "--sources", "texts", "--strict"], dir.path());
    assert_eq!(strict.status.code(), Some(1));
    assert!(
        stderr(&strict).contains("error: texts/000_25ed4439833d80cc.txt:"),
        "{}",
        stderr(&strict)
    );
    let missing = sitrep(&["check", "--sources", "nowhere"], dir.path());
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr(&missing).contains("nowhere: source text folder not found"));
}
