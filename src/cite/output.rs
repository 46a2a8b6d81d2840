//! What `sitrep cite` prints: an annotated listing (each draft with its
//! quote, reading, bounds and guesses, the probable not-figures apart), or
//! CSV rows under each target file's header.

use std::fmt::Write;

use super::guess::Guess;
use super::rows::{number, FileRows};
use super::{Aside, Draft, Drafts, Target};
use crate::corpus::numbers::Unit;
use crate::estimate::Estimate;
use crate::load::Dataset;

/// The annotated listing of `drafts` from the article `article`.
pub fn listing(drafts: &Drafts, article: &str, data: &Dataset) -> String {
    let mut out = String::new();
    let (n, a) = (drafts.drafts.len(), drafts.asides.len());
    let _ = writeln!(
        out,
        "{article}: {} numbers: {n} draft rows, {a} probable not-figures",
        n + a
    );
    for draft in &drafts.drafts {
        out.push('\n');
        out.push_str(&draft_block(draft, article, data));
    }
    if !drafts.asides.is_empty() {
        let _ = writeln!(
            out,
            "\nProbably not figures (--append lists them in not_figures.csv):"
        );
        for aside in &drafts.asides {
            out.push_str(&aside_line(aside, article));
        }
    }
    out
}

fn draft_block(draft: &Draft, article: &str, data: &Dataset) -> String {
    let (line, column) = draft.at;
    let (number, text) = (draft.number, &draft.text);
    let mut out = format!("[{number}] {article}:{line}:{column}  \"{text}\"\n");
    let _ = writeln!(out, "    quote    \"{}\"", draft.quote);
    let _ = writeln!(out, "    reads    {}", reading(draft, data));
    if let Some(note) = &draft.figure.note {
        let _ = writeln!(out, "             {note}");
    }
    let (file, why) = (draft.target.value.file(), &draft.target.from);
    let _ = writeln!(out, "    file     {file} (guess: {why})");
    for (what, text) in guessed(draft) {
        let _ = writeln!(out, "    {what:<8} {text}");
    }
    out
}

/// The guessed fields of a draft, each with what it was read from.
fn guessed(draft: &Draft) -> Vec<(&'static str, String)> {
    let mut lines = match &draft.counted {
        Some(counted) => vec![("counted", format!("{counted} (guess, the words after it)"))],
        None => vec![("measure", shown(draft.measure.as_ref()))],
    };
    let group = match (&draft.group, &draft.target.value) {
        (None, Target::Counts) => {
            "none named in the sentence (a count's perpetrator may stay empty)".to_string()
        }
        (group, _) => shown(group.as_ref()),
    };
    lines.push(("group", group));
    lines.push(("place", shown(draft.place.as_ref())));
    let period = draft.period.as_ref().map(|p| Guess {
        value: format!("{} to {}", p.value.0, p.value.1),
        from: p.from.clone(),
    });
    lines.push(("period", shown(period.as_ref())));
    lines
}

fn shown(guess: Option<&Guess<String>>) -> String {
    match guess {
        Some(g) => format!("{} (guess, {})", g.value, g.from),
        None => "? (no guess: fill in)".to_string(),
    }
}

/// "at_least, low 64: 64 to open", with the bounds `qualifiers.csv` gives.
fn reading(draft: &Draft, data: &Dataset) -> String {
    let stated = &draft.figure.stated;
    let given: Vec<String> = [
        ("low", stated.low),
        ("best", stated.best),
        ("high", stated.high),
    ]
    .iter()
    .filter_map(|(name, v)| v.map(|v| format!("{name} {}", number(v))))
    .collect();
    let unit = match draft.figure.unit {
        Unit::Count => String::new(),
        Unit::Percent => " (percent)".to_string(),
        Unit::Money(code) => format!(" ({code})"),
    };
    let estimate = data.estimate(stated);
    format!(
        "{}, {}: {}{unit}",
        stated.qualifier.as_str(),
        given.join(", "),
        bounds(&estimate)
    )
}

/// "64 to open", "1350 to 1650 (best 1500)".
fn bounds(estimate: &Estimate) -> String {
    let bound = |v: Option<f64>| v.map_or("open".to_string(), |v| number(round(v)));
    let best = round(estimate.best);
    let (low, high) = (bound(estimate.low), bound(estimate.high));
    match low == high {
        true => format!("exactly {low}"),
        false => format!("{low} to {high} (best {})", number(best)),
    }
}

fn round(v: f64) -> f64 {
    (v * 1e4).round() / 1e4
}

fn aside_line(aside: &Aside, article: &str) -> String {
    let (line, column) = aside.at;
    format!(
        "[{}] {article}:{line}:{column}  \"{}\"  {} (in \"{}\")\n",
        aside.number,
        aside.text,
        aside.kind.reason().trim_end_matches('.').to_lowercase(),
        aside.context
    )
}

/// The rows as CSV, each file's under a `# FILE` line and its header.
pub fn csv(files: &[FileRows]) -> String {
    let mut out = String::new();
    for (k, file) in files.iter().enumerate() {
        if k > 0 {
            out.push('\n');
        }
        let _ = writeln!(out, "# {}", file.file);
        out.push_str(&csv_lines(file.columns, &file.rows));
    }
    out
}

/// A header (none when empty) and rows as CSV lines (fields quoted where
/// they need it).
pub fn csv_lines(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    if !header.is_empty() {
        let _ = writer.write_record(header);
    }
    for row in rows {
        let _ = writer.write_record(row);
    }
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}
