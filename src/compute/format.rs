//! How numbers and ranges are written for people: "54–60", "at least 64",
//! "2,000–3,000", "57.6%". One place, so the report, the briefing, the charts
//! and the terminal all say a number the same way.

use crate::estimate::{Estimate, Qualifier, StatedFigure};

/// A count with its noun: "1 figure", "2 figures".
pub fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Writes an estimate in `unit`: the best value alone when exact, else the
/// range ("54–60"), "at least N" when only the low bound is known.
pub fn estimate(e: &Estimate, unit: &str) -> String {
    let n = |v: f64| number(v, unit);
    let text = match (e.low, e.high) {
        _ if e.is_exact() => n(e.best),
        (Some(0.0), None) if e.best == 0.0 => "no figure given".to_string(),
        (Some(0.0), None) => format!("{} (no bounds given)", n(e.best)),
        (Some(lo), None) => format!("at least {}", n(lo)),
        (None, Some(hi)) => format!("at most {}", n(hi)),
        (None, None) => format!("about {} (unbounded)", n(e.best)),
        (Some(lo), Some(hi)) if n(lo) == n(hi) => n(e.best),
        (Some(lo), Some(hi)) if lo < 0.0 || hi < 0.0 => format!("{} to {}", n(lo), n(hi)),
        (Some(lo), Some(hi)) => format!("{}–{}", n(lo), n(hi)),
    };
    with_unit(text, unit)
}

/// Writes a figure in the words of its source: "more than 30", "about
/// 1,500", "nearly 60%", "16%", "2,000–3,000".
pub fn stated(f: &StatedFigure, unit: &str) -> String {
    let n = |v: Option<f64>| number(v.unwrap_or(f64::NAN), unit);
    let text = match f.qualifier {
        Qualifier::Range => format!("{}–{}", n(f.low), n(f.high)),
        Qualifier::AtLeast => format!("at least {}", n(f.stated())),
        Qualifier::MoreThan => format!("more than {}", n(f.stated())),
        Qualifier::About => format!("about {}", n(f.stated())),
        Qualifier::Nearly => format!("nearly {}", n(f.stated())),
        Qualifier::Exact | Qualifier::Rounded | Qualifier::Derived => n(f.stated()),
    };
    // A rounded figure is written as its source wrote it ("16%"); its
    // range says the rest.
    with_unit(text, unit)
}

/// A change as a headline writes it, its direction a sign a reader sees
/// at once: `display` ("131%", "-16%", "-30.5 to -27.9%") with "+" before
/// a rise and a true minus for every negative number: "+131%", "−16%",
/// "−30.5 to −27.9%". Never two signs.
pub fn signed(display: &str, e: &Estimate) -> String {
    let rises = e.low.is_some_and(|l| l > 0.0) || (e.low.is_none() && e.best > 0.0);
    let text = display.replace('-', "−");
    if rises && !text.starts_with(['+', '−']) {
        format!("+{text}")
    } else {
        text
    }
}

/// How sure a figure is, in the words a reader uses: "about", "at least",
/// "a range", "as stated"; sitrep's own figures are "computed".
pub fn qualifier_words(q: Qualifier) -> &'static str {
    match q {
        Qualifier::Exact => "as stated",
        Qualifier::AtLeast => "at least",
        Qualifier::MoreThan => "more than",
        Qualifier::About => "about",
        Qualifier::Nearly => "nearly",
        Qualifier::Range => "a range",
        Qualifier::Rounded => "rounded, as stated",
        Qualifier::Derived => "computed from the figures",
    }
}

/// Adds the unit's sign after a whole phrase ("nearly 60%"); currency signs
/// go before each number instead (see [`number`]).
fn with_unit(text: String, unit: &str) -> String {
    match unit {
        "percent" => format!("{text}%"),
        _ => text,
    }
}

/// One number: whole numbers with thousands separators, others with one
/// decimal (two below 10 for ratios and rates), never "-0".
pub fn number(v: f64, unit: &str) -> String {
    if !v.is_finite() {
        return "n/a".to_string();
    }
    let decimals = match unit {
        _ if (v - v.round()).abs() < 1e-9 => 0,
        u if (u == "ratio" || u.starts_with("per_")) && v.abs() < 10.0 => 2,
        _ if v.abs() >= 1000.0 => 0,
        _ => 1,
    };
    let text = format!("{:.*}", decimals, v);
    let text = if text
        .trim_start_matches('-')
        .chars()
        .all(|c| c == '0' || c == '.')
    {
        text.trim_start_matches('-').to_string()
    } else {
        text
    };
    let grouped = group_thousands(&text);
    if unit == "usd" {
        format!("${grouped}")
    } else {
        grouped
    }
}

/// A number in few characters, for a chart's labels and axes: fewer
/// decimals for bigger numbers (where decimals are noise), trailing zeros
/// dropped, thousands separators, and a true minus sign ("−16").
pub fn compact(value: f64) -> String {
    let decimals = match value.abs() {
        v if v >= 1000.0 => 0,
        v if v >= 10.0 => 1,
        _ => 2,
    };
    let mut text = format!("{:.*}", decimals, value.abs());
    if text.contains('.') {
        text = text.trim_end_matches('0').trim_end_matches('.').to_string();
    }
    let sign = if value < 0.0 && text != "0" {
        "−"
    } else {
        ""
    };
    format!("{sign}{}", group_thousands(&text))
}

/// "-1234567.5" → "-1,234,567.5": commas in the whole part only.
fn group_thousands(text: &str) -> String {
    let (sign, rest) = text.strip_prefix('-').map_or(("", text), |r| ("-", r));
    let (whole, fraction) = rest
        .split_once('.')
        .map_or((rest, None), |(w, f)| (w, Some(f)));
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    match fraction {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_are_written_as_people_say_them() {
        assert_eq!(
            estimate(&Estimate::new(Some(54.0), 57.0, Some(60.0)), "people"),
            "54–60"
        );
        assert_eq!(estimate(&Estimate::at_least(64.0), "people"), "at least 64");
        assert_eq!(
            estimate(
                &Estimate::new(Some(2000.0), 2500.0, Some(3000.0)),
                "fighters"
            ),
            "2,000–3,000"
        );
        assert_eq!(estimate(&Estimate::exact(370.0), "attacks"), "370");
        assert_eq!(
            estimate(&Estimate::new(Some(57.3), 57.6, Some(57.9)), "percent"),
            "57.3–57.9%"
        );
        assert_eq!(estimate(&Estimate::exact(1e9), "usd"), "$1,000,000,000");
        assert_eq!(
            estimate(&Estimate::new(Some(-16.5), -16.0, Some(-15.5)), "percent"),
            "-16.5 to -15.5%"
        );
        assert_eq!(
            estimate(&Estimate::at_least(0.0), "people"),
            "no figure given"
        );
        assert_eq!(
            estimate(&Estimate::new(Some(0.0), 16.0, None), "people"),
            "16 (no bounds given)"
        );
    }

    #[test]
    fn stated_figures_keep_their_words() {
        let f = |qualifier, low, best, high| StatedFigure {
            qualifier,
            low,
            best,
            high,
        };
        assert_eq!(
            stated(&f(Qualifier::MoreThan, Some(30.0), None, None), "people"),
            "more than 30"
        );
        assert_eq!(
            stated(
                &f(Qualifier::Range, Some(2000.0), None, Some(3000.0)),
                "fighters"
            ),
            "2,000–3,000"
        );
        assert_eq!(
            stated(&f(Qualifier::Rounded, None, Some(-16.0), None), "percent"),
            "-16%"
        );
        assert_eq!(
            stated(&f(Qualifier::Nearly, None, Some(60.0), None), "percent"),
            "nearly 60%"
        );
    }

    #[test]
    fn changes_carry_one_sign() {
        let fall = Estimate::new(Some(-16.5), -16.0, Some(-15.5));
        assert_eq!(signed("-16%", &fall), "−16%");
        assert_eq!(signed("131%", &Estimate::exact(131.0)), "+131%");
        let range = Estimate::new(Some(-30.5), -29.2, Some(-27.9));
        assert_eq!(signed("-30.5 to -27.9%", &range), "−30.5 to −27.9%");
        let across = Estimate::new(Some(-3.0), 1.0, Some(5.0));
        assert_eq!(signed("-3 to 5%", &across), "−3 to 5%");
    }

    #[test]
    fn qualifiers_are_words() {
        assert_eq!(qualifier_words(Qualifier::About), "about");
        assert_eq!(qualifier_words(Qualifier::AtLeast), "at least");
        assert!(!qualifier_words(Qualifier::Rounded).contains('_'));
    }

    #[test]
    fn numbers_never_show_float_noise_or_negative_zero() {
        assert_eq!(number(13.526315789, "ratio"), "13.5");
        assert_eq!(number(1.0144, "per_attack"), "1.01");
        assert_eq!(number(-0.00001, "percent"), "0.0");
        assert_eq!(number(-16.0, "percent"), "-16");
        assert_eq!(number(1234567.0, "people"), "1,234,567");
    }

    #[test]
    fn compact_numbers_drop_noise_and_use_a_true_minus() {
        assert_eq!(compact(2000.0), "2,000");
        assert_eq!(compact(1_234_567.0), "1,234,567");
        assert_eq!(compact(999.0), "999");
        assert_eq!(compact(15.5), "15.5");
        assert_eq!(compact(0.16), "0.16");
        assert_eq!(compact(-16.0), "−16");
        assert_eq!(compact(-0.0001), "0");
    }
}
