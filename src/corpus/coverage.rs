//! Coverage: the numbers of a source text that are neither inside a quote
//! of some record nor inside a text listed in `not_figures.csv`. A curated
//! source has none: every number it gives was either taken or set aside
//! with a reason.

use std::ops::Range;

use super::numbers::{self, Mention};
use super::text::SourceText;

/// The numbers of `text` that no range of `covered` (ranges of its
/// normalised text) holds whole, in text order.
pub fn uncovered(text: &SourceText, covered: &[Range<usize>]) -> Vec<Mention> {
    let inside = |m: &Mention| {
        covered
            .iter()
            .any(|c| c.start <= m.number.start && m.number.end <= c.end)
    };
    numbers::find(text.normalised())
        .into_iter()
        .filter(|m| !inside(m))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn a_number_counts_as_covered_only_inside_a_covered_range() {
        let text = "It killed 171 people in 2017, and 30 more.";
        let t = SourceText::from_bytes(Path::new("a.txt"), text.as_bytes());
        let quote = t.find("It killed 171 people")[0].clone();
        let left: Vec<&str> = uncovered(&t, &[quote])
            .iter()
            .map(|m| &text[m.number.clone()])
            .collect();
        assert_eq!(left, ["2017", "30"]);
    }
}
