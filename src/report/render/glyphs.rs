//! Text that no embedded font can show. A PDF/A document may not hold a
//! glyph it cannot draw, so a character no font has (an emoji pasted into a
//! source title, a script the fonts do not cover) would fail the whole
//! build. Such characters are set as a visible box instead, and the build
//! says which ones it replaced, so the analyst can fix the record.

use std::collections::{BTreeSet, HashMap};

use serde_json::Value;
use typst::text::{FontBook, FontVariant};

/// What stands for a character no font has.
pub const BOX: char = '□';

/// Which characters the fonts of a book can show, remembered as asked.
pub struct Glyphs<'a> {
    book: &'a FontBook,
    known: HashMap<char, bool>,
}

impl<'a> Glyphs<'a> {
    pub fn new(book: &'a FontBook) -> Self {
        Glyphs {
            book,
            known: HashMap::new(),
        }
    }

    /// Whether some font has a glyph for `c`; spaces and invisible
    /// characters (a variation selector, a joiner) need none.
    pub fn can_show(&mut self, c: char) -> bool {
        if c.is_ascii() || c.is_whitespace() || invisible(c) {
            return true;
        }
        let book = self.book;
        *self.known.entry(c).or_insert_with(|| {
            let mut buffer = [0; 4];
            let text: &str = c.encode_utf8(&mut buffer);
            book.select_fallback(None, FontVariant::default(), text)
                .is_some()
        })
    }

    /// `text` with each character no font has set as [`BOX`] (and the
    /// invisible characters that modified it dropped); adds those
    /// characters to `unshown`.
    pub fn showable(&mut self, text: &str, unshown: &mut BTreeSet<char>) -> Option<String> {
        if text.chars().all(|c| self.can_show(c)) {
            return None;
        }
        let mut out = String::with_capacity(text.len());
        let mut after_box = false;
        for c in text.chars() {
            if after_box && invisible(c) {
                continue;
            }
            after_box = !self.can_show(c);
            if after_box {
                unshown.insert(c);
            }
            out.push(if after_box { BOX } else { c });
        }
        Some(out)
    }

    /// Every string of `value` made [`showable`](Self::showable); returns
    /// the characters replaced, in order.
    pub fn make_showable(&mut self, value: &mut Value) -> BTreeSet<char> {
        let mut unshown = BTreeSet::new();
        self.walk(value, &mut unshown);
        unshown
    }

    fn walk(&mut self, value: &mut Value, unshown: &mut BTreeSet<char>) {
        match value {
            Value::String(s) => {
                if let Some(shown) = self.showable(s, unshown) {
                    *s = shown;
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|v| self.walk(v, unshown)),
            Value::Object(map) => map.values_mut().for_each(|v| self.walk(v, unshown)),
            _ => {}
        }
    }
}

/// Characters drawn as nothing: joiners, variation selectors, tags.
fn invisible(c: char) -> bool {
    matches!(c as u32, 0x200B..=0x200F | 0x2060..=0x206F | 0xFE00..=0xFE0F | 0xE0000..=0xE007F)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::render::{Templates, Typesetter};

    #[test]
    fn an_emoji_becomes_a_box_and_urdu_stays() {
        let typesetter = Typesetter::new(&Templates::from_folder(None)).unwrap();
        let mut glyphs = Glyphs::new(typesetter.fonts.book());
        let mut unshown = BTreeSet::new();
        let shown = glyphs.showable("Peshawar 🚨\u{FE0F} پاکستان", &mut unshown);
        assert_eq!(shown.as_deref(), Some("Peshawar □ پاکستان"));
        assert_eq!(unshown, BTreeSet::from(['🚨']));
        assert!(glyphs.can_show(BOX), "the box itself has a glyph");
        assert_eq!(
            glyphs.showable("Khyber Pakhtunkhwa – 64", &mut unshown),
            None
        );
    }

    #[test]
    fn every_string_of_a_model_is_made_showable() {
        let typesetter = Typesetter::new(&Templates::from_folder(None)).unwrap();
        let mut glyphs = Glyphs::new(typesetter.fonts.book());
        let mut model = serde_json::json!({"title": "a 🚨", "rows": [{"name": "b 🔥"}], "n": 3});
        let unshown = glyphs.make_showable(&mut model);
        assert_eq!(model["rows"][0]["name"], "b □");
        assert_eq!(unshown.len(), 2);
    }
}
