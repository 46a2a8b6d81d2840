//! Text in charts: the font, sizes, and fitting labels to the room they
//! have (cutting with "…", wrapping at spaces), and the way a range is
//! written on a chart ("54–60", "≥ 64").
//!
//! Widths are estimated from character counts: charts are SVG drawn before
//! Typst typesets them, so no font metrics are at hand, and a slightly
//! generous estimate keeps labels apart.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::FontStyle;

use super::{Area, ChartError, INK};

/// One of the fonts embedded in the Typst build, so the PDF renders chart
/// text with the same font as the body.
pub(super) const FONT: &str = "Libertinus Serif";

/// plotters' SVG backend writes `font-size` as the style's size divided by
/// 1.24 (its em estimate); sizes are multiplied by it so the SVG says 14, 12…
const PLOTTERS_EM: f64 = 1.24;

/// Average glyph width of Libertinus Serif, in em (digits are 0.5 em).
const CHAR_EM: f64 = 0.5;

/// Type sizes in SVG pixels: direct labels and tick labels, and the small
/// notes (range labels on crowded charts).
pub(super) const LABEL: f64 = 14.0;
pub(super) const SMALL: f64 = 12.5;

/// A text style in the charts' font, `px` pixels high as the SVG states it.
pub(super) fn font(px: f64, color: RGBColor) -> TextStyle<'static> {
    colored(TextStyle::from((FONT, px * PLOTTERS_EM).into_font()), color)
}

/// The bold cut of [`font`], for panel titles and emphasised values.
pub(super) fn bold(px: f64, color: RGBColor) -> TextStyle<'static> {
    colored(
        TextStyle::from((FONT, px * PLOTTERS_EM, FontStyle::Bold).into_font()),
        color,
    )
}

/// `style` in `color` (plotters' own setter borrows the colour for the
/// style's lifetime).
fn colored(mut style: TextStyle<'static>, color: RGBColor) -> TextStyle<'static> {
    style.color = color.to_backend_color();
    style
}

/// Writes `text` at `pos` in `style`, anchored as `h`/`v` say.
pub(super) fn draw_styled(
    root: &Area<'_>,
    text: &str,
    pos: (i32, i32),
    style: TextStyle<'static>,
    (h, v): (HPos, VPos),
) -> Result<(), ChartError> {
    let style = style.pos(Pos::new(h, v));
    root.draw(&Text::new(text.to_string(), pos, style))?;
    Ok(())
}

/// Writes `text` in ink at `px` pixels, anchored as `anchor` says.
pub(super) fn draw_text(
    root: &Area<'_>,
    text: &str,
    pos: (i32, i32),
    px: f64,
    anchor: (HPos, VPos),
) -> Result<(), ChartError> {
    draw_styled(root, text, pos, font(px, INK), anchor)
}

/// Roughly how wide `text` is at `px`.
pub(super) fn text_width(text: &str, px: f64) -> i32 {
    (text.chars().count() as f64 * px * CHAR_EM).ceil() as i32
}

/// How many characters fit in `width` pixels at `px`.
pub(super) fn chars_in(width: i32, px: f64) -> usize {
    (width.max(0) as f64 / (px * CHAR_EM)).floor().max(1.0) as usize
}

/// Cuts `text` to at most `max` characters, ending in "…" when cut.
pub(super) fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let kept: String = text.chars().take(max.saturating_sub(1)).collect();
    format!("{}…", kept.trim_end())
}

/// Breaks `text` into at most `max_lines` lines of at most `width`
/// characters, at spaces; the last line ends in "…" when the rest does not
/// fit. A word longer than a line is cut.
pub(super) fn wrap(text: &str, width: usize, max_lines: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    if lines.len() > max_lines {
        let rest = lines.split_off(max_lines.max(1) - 1).join(" ");
        lines.push(rest);
    }
    lines.iter().map(|line| truncate(line, width)).collect()
}

/// "54–60" for a closed range; a single number when both ends print alike;
/// "−16 to −10" where a minus would clash with the dash.
pub(super) fn closed_label(low: String, high: String) -> String {
    if low == high {
        low
    } else if low.starts_with('−') || high.starts_with('−') {
        format!("{low} to {high}")
    } else {
        format!("{low}–{high}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_wrap_and_truncate() {
        assert_eq!(truncate("abcdef", 4), "abc…");
        assert_eq!(truncate("abc", 4), "abc");
        assert_eq!(
            wrap("Khyber Pakhtunkhwa", 12, 2),
            vec!["Khyber", "Pakhtunkhwa"]
        );
        let wrapped = wrap("one two three four five six", 7, 2);
        assert_eq!(wrapped.len(), 2);
        assert!(wrapped[1].ends_with('…'));
    }

    #[test]
    fn closed_ranges_read_as_people_write_them() {
        assert_eq!(closed_label("54".into(), "60".into()), "54–60");
        assert_eq!(closed_label("7".into(), "7".into()), "7");
        assert_eq!(closed_label("−16".into(), "−15".into()), "−16 to −15");
    }
}
