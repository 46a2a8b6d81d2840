//! The profile read and checked: the bundled one valid, every bad value
//! located, the unlisted rule, warnings about ids the vocabularies lack.

use std::path::Path;

use super::check::csv_field;
use super::*;

fn problems(text: &str) -> Vec<String> {
    match Profile::parse(text, Path::new("p.toml")) {
        Ok(_) => Vec::new(),
        Err(p) => p.list().iter().map(|p| p.to_string()).collect(),
    }
}

/// The bundled profile with `find` replaced by `with`.
fn edited(find: &str, with: &str) -> String {
    assert!(BUNDLED.contains(find), "{find}");
    BUNDLED.replacen(find, with, 1)
}

fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).unwrap() + 1
}

#[test]
fn the_bundled_profile_is_valid_and_spans_its_years() {
    let profile = Profile::bundled().unwrap_or_else(|p| panic!("{p}"));
    assert!(profile.years.weights.len() >= 10);
    assert_eq!(
        profile.years.last(),
        profile.years.first + profile.years.weights.len() as i32 - 1
    );
    assert!(!profile.incidents.targets.is_empty());
    assert!(!profile.places.is_empty() && !profile.groups.is_empty());
}

#[test]
fn unlisted_ids_get_the_unlisted_rule() {
    let profile = Profile::bundled().unwrap();
    let nowhere = "no-such-id-anywhere";
    assert_eq!(profile.place(nowhere), &profile.unlisted_place);
    assert_eq!(profile.group(nowhere), &profile.unlisted_group);
    assert_eq!(profile.attack_type(nowhere), profile.unlisted_attack_type);
    let (id, listed) = profile.groups.iter().next().unwrap();
    assert_eq!(profile.group(id), listed);
}

#[test]
fn every_bad_value_is_reported_at_its_line_and_column() {
    let text = edited("none_killed = 0.22", "none_killed = 1.5");
    let text = text.replacen("killed_cap = 350", "killed_cap = 0", 1);
    let found = problems(&text);
    assert_eq!(found.len(), 2, "{found:?}");
    let line = line_of(&text, "none_killed = 1.5");
    assert_eq!(
        found[0],
        format!("p.toml:{line}:15: none_killed: expected a number from 0 to 1, found 1.5")
    );
    assert!(found[1].contains("killed_cap: expected a whole number from 1 to 100000, found 0"));
}

#[test]
fn unknown_keys_and_syntax_errors_are_located() {
    let text = edited("[attacks]\n", "[attacks]\npeak = 3\n");
    let found = problems(&text);
    let line = line_of(&text, "peak = 3");
    assert_eq!(found.len(), 1);
    assert!(
        found[0].starts_with(&format!("p.toml:{line}:1: unknown field `peak`")),
        "{found:?}"
    );
    let found = problems("country = \"PK\"\nfirst_year = 19x5\nyear_weights = []\n");
    assert_eq!(found, ["p.toml:2:16: expected newline, `#`"]);
    // toml's messages of more than one line are shown on one.
    let found = problems("first_year = [1995\n");
    assert_eq!(found, ["p.toml:2:1: invalid array: expected `]`"]);
}

#[test]
fn years_and_ranges_are_checked() {
    let text = edited("first_year = ", "first_year = 9990 #");
    assert!(problems(&text)[0].contains("the record would end in"));
    let text = edited("until = 2018", "from = 2019\nuntil = 2018");
    let found = problems(&text);
    assert!(
        found[0].contains("until: expected a year on or after `from` (2019), found 2018"),
        "{found:?}"
    );
    let text = edited(
        "killed_per_attack = [1.5, 3.0]",
        "killed_per_attack = [3.0, 1.5]",
    );
    assert!(problems(&text)[0].contains("expected the lower bound first"));
    let text = edited("targets = [", "targets = [\" Police\",");
    assert!(problems(&text)[0].contains("targets: expected a text without spaces around it"));
}

#[test]
fn names_with_commas_or_quotes_become_quoted_fields() {
    assert_eq!(csv_field("Quetta"), "Quetta");
    assert_eq!(csv_field("Bara, Khyber"), "\"Bara, Khyber\"");
    assert_eq!(
        csv_field("the \"Red\" Mosque"),
        "\"the \"\"Red\"\" Mosque\""
    );
}

#[test]
fn a_file_with_a_bom_and_crlf_reads_and_windows_1252_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("profile.toml");
    let crlf = format!("\u{feff}{}", BUNDLED.replace('\n', "\r\n"));
    std::fs::write(&path, crlf).unwrap();
    assert_eq!(
        Profile::read(&path).unwrap().years,
        Profile::bundled().unwrap().years
    );
    let latin = BUNDLED.replacen("\"Kotli\"", "\"Kotli\u{e9}\"", 1);
    let at = latin.find('\u{e9}').unwrap();
    let mut bytes = latin.as_bytes().to_vec();
    bytes.splice(at..at + 2, [0xE9]);
    std::fs::write(&path, bytes).unwrap();
    let problems = Profile::read(&path).unwrap_err();
    let line = line_of(&latin, "Kotli");
    let shown = problems.list()[0].to_string();
    assert!(shown.contains(&format!("profile.toml:{line}:")), "{shown}");
    assert!(
        shown.ends_with("not UTF-8 text: save the profile as UTF-8"),
        "{shown}"
    );
}

#[test]
fn ids_the_vocabularies_lack_are_warned_about_with_the_closest() {
    let text = edited("[groups.isk]", "[groups.iskp]");
    let profile = Profile::parse(&text, Path::new("p.toml")).unwrap();
    let known = |kind: Kind| match kind {
        Kind::Group => vec!["isk", "ttp"],
        _ => vec![],
    };
    let has = |kind: Kind, id: &str| kind != Kind::Group || known(kind).contains(&id);
    let warnings = profile.unused(has, known);
    assert_eq!(warnings.len(), profile.groups.len() - 1, "{warnings:?}");
    let line = line_of(&text, "[groups.iskp]");
    let iskp = warnings
        .iter()
        .find(|w| w.message.contains("\"iskp\""))
        .unwrap();
    assert_eq!((iskp.line, iskp.column), (line, 9));
    assert!(
        iskp.message.ends_with("did you mean `isk`?"),
        "{}",
        iskp.message
    );
}
