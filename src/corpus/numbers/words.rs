//! The English words the number finder knows: number words, scales,
//! qualifiers, units, months, and the words that mark a number as not a
//! figure (a page, an age, a phone number). Plain language, not data: none
//! of it names a group, a place or a source.

use crate::estimate::Qualifier;

/// `zero` … `nineteen`, each worth its position.
pub const SMALL: [&str; 20] = [
    "zero",
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
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];

/// `twenty` … `ninety`: position `i` is worth `(i + 2) × 10`.
pub const TENS: [&str; 8] = [
    "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];

/// Words that multiply the number before them (`220 million`, `1bn`,
/// `3 lakh`, as South Asian sources write).
pub const SCALES: [(&str, f64); 11] = [
    ("hundred", 1e2),
    ("thousand", 1e3),
    ("lakh", 1e5),
    ("lakhs", 1e5),
    ("million", 1e6),
    ("mn", 1e6),
    ("crore", 1e7),
    ("crores", 1e7),
    ("billion", 1e9),
    ("bn", 1e9),
    ("trillion", 1e12),
];

/// Ordinal words read as the count they end (`the fifth attack` is the
/// fifth of five). `first` and `second` are left out: they are far more
/// often not counts ("first emerged", "second-hand").
pub const ORDINALS: [(&str, u32); 18] = [
    ("third", 3),
    ("fourth", 4),
    ("fifth", 5),
    ("sixth", 6),
    ("seventh", 7),
    ("eighth", 8),
    ("ninth", 9),
    ("tenth", 10),
    ("eleventh", 11),
    ("twelfth", 12),
    ("thirteenth", 13),
    ("fourteenth", 14),
    ("fifteenth", 15),
    ("sixteenth", 16),
    ("seventeenth", 17),
    ("eighteenth", 18),
    ("nineteenth", 19),
    ("twentieth", 20),
];

/// Plurals that give no number but a floor: "scores of others" is at
/// least two score. Each with the unit it counts.
pub const VAGUE: [(&str, f64); 7] = [
    ("dozens", 12.0),
    ("scores", 20.0),
    ("hundreds", 1e2),
    ("thousands", 1e3),
    ("millions", 1e6),
    ("billions", 1e9),
    // Only in "tens of thousands" (and of millions).
    ("tens", 10.0),
];

/// Words after which "one" is a pronoun or part of a phrase, not a count.
pub const ONE_NOT_A_COUNT_AFTER: [&str; 9] = [
    "no", "any", "every", "each", "the", "this", "that", "which", "someone",
];

/// Words before which "one" is not a count ("one of them", "one another").
pub const ONE_NOT_A_COUNT_BEFORE: [&str; 8] = [
    "of", "another", "who", "which", "that", "such", "way", "day",
];

/// How words before a number qualify it, longest phrases first so that
/// "at least" wins over "least".
pub struct Phrase {
    pub words: &'static [&'static str],
    pub qualifier: Qualifier,
    /// Set when the words only bound the figure from above: no qualifier
    /// of `qualifiers.csv` says "at most", so the draft says so.
    pub upper_bound: bool,
}

const fn phrase(words: &'static [&'static str], qualifier: Qualifier) -> Phrase {
    Phrase {
        words,
        qualifier,
        upper_bound: false,
    }
}

const fn upper(words: &'static [&'static str]) -> Phrase {
    Phrase {
        words,
        qualifier: Qualifier::Nearly,
        upper_bound: true,
    }
}

pub const BEFORE: [Phrase; 30] = [
    phrase(&["no", "fewer", "than"], Qualifier::AtLeast),
    phrase(&["no", "less", "than"], Qualifier::AtLeast),
    phrase(&["not", "less", "than"], Qualifier::AtLeast),
    phrase(&["a", "minimum", "of"], Qualifier::AtLeast),
    phrase(&["in", "excess", "of"], Qualifier::MoreThan),
    upper(&["no", "more", "than"]),
    phrase(&["just", "short", "of"], Qualifier::Nearly),
    phrase(&["at", "least"], Qualifier::AtLeast),
    phrase(&["more", "than"], Qualifier::MoreThan),
    phrase(&["upwards", "of"], Qualifier::MoreThan),
    phrase(&["well", "over"], Qualifier::MoreThan),
    phrase(&["an", "estimated"], Qualifier::About),
    phrase(&["close", "to"], Qualifier::Nearly),
    phrase(&["just", "under"], Qualifier::Nearly),
    upper(&["up", "to"]),
    upper(&["at", "most"]),
    upper(&["fewer", "than"]),
    upper(&["less", "than"]),
    // "killing of least 54": a dropped "at".
    phrase(&["least"], Qualifier::AtLeast),
    phrase(&["over"], Qualifier::MoreThan),
    phrase(&["above"], Qualifier::MoreThan),
    phrase(&["about"], Qualifier::About),
    phrase(&["around"], Qualifier::About),
    phrase(&["some"], Qualifier::About),
    phrase(&["approximately"], Qualifier::About),
    phrase(&["roughly"], Qualifier::About),
    phrase(&["estimated"], Qualifier::About),
    phrase(&["nearly"], Qualifier::Nearly),
    phrase(&["almost"], Qualifier::Nearly),
    upper(&["under"]),
];

/// Words after a number that qualify it ("100 or more").
pub const AFTER: [Phrase; 3] = [
    phrase(&["or", "more"], Qualifier::AtLeast),
    phrase(&["or", "so"], Qualifier::About),
    phrase(&["plus"], Qualifier::AtLeast),
];

/// Words that make a percentage after them a percentage of something.
pub const PERCENT: [&[&str]; 5] = [
    &["percent"],
    &["per", "cent"],
    &["pc"],
    &["pct"],
    &["percentage", "points"],
];

/// Currency signs and words before a number, with their ISO code.
pub const CURRENCY_BEFORE: [(&str, &str); 8] = [
    ("$", "USD"),
    ("US$", "USD"),
    ("USD", "USD"),
    ("Rs", "PKR"),
    ("PKR", "PKR"),
    ("€", "EUR"),
    ("£", "GBP"),
    ("₨", "PKR"),
];

/// Currency words after a number.
pub const CURRENCY_AFTER: [(&str, &str); 4] = [
    ("dollars", "USD"),
    ("rupees", "PKR"),
    ("euros", "EUR"),
    ("afghanis", "AFN"),
];

/// Words that make a percentage a fall (a negative change) when they follow it.
pub const FALL_AFTER: [&str; 9] = [
    "decline",
    "decrease",
    "drop",
    "fall",
    "reduction",
    "dip",
    "slump",
    "cut",
    "plunge",
];

/// Verbs that make "by N%" after them a fall.
pub const FALL_BY: [&str; 10] = [
    "declined",
    "decreased",
    "dropped",
    "fell",
    "fallen",
    "down",
    "reduced",
    "shrank",
    "plunged",
    "dipped",
];

/// Units of distance: a number in them is a distance, not a figure here.
pub const DISTANCE: [&str; 12] = [
    "km",
    "kms",
    "kilometres",
    "kilometers",
    "kilometre",
    "kilometer",
    "miles",
    "mile",
    "metres",
    "meters",
    "feet",
    "ft",
];

/// Words before a number that make it a reference, not a figure.
pub const REFERENCE: [&str; 18] = [
    "issue",
    "volume",
    "vol",
    "no",
    "nos",
    "number",
    "page",
    "pages",
    "pp",
    "p",
    "chapter",
    "section",
    "para",
    "paragraph",
    "article",
    "edition",
    "clause",
    "resolution",
];

/// Words before a number that make it a telephone number.
pub const PHONE: [&str; 8] = [
    "tel",
    "phone",
    "telephone",
    "call",
    "fax",
    "mobile",
    "cell",
    "whatsapp",
];

/// Nouns after a four-digit number that make it a count, not a year
/// ("1500 people", against "the 2017 casualties").
pub const COUNTED: [&str; 22] = [
    "people",
    "persons",
    "attacks",
    "fighters",
    "members",
    "militants",
    "civilians",
    "soldiers",
    "deaths",
    "lives",
    "incidents",
    "cases",
    "victims",
    "troops",
    "policemen",
    "men",
    "women",
    "children",
    "families",
    "refugees",
    "jihadists",
    "terrorists",
];

/// Month names and the usual abbreviations, written with a capital.
pub const MONTHS: [(&str, u32); 24] = [
    ("January", 1),
    ("February", 2),
    ("March", 3),
    ("April", 4),
    ("May", 5),
    ("June", 6),
    ("July", 7),
    ("August", 8),
    ("September", 9),
    ("October", 10),
    ("November", 11),
    ("December", 12),
    ("Jan", 1),
    ("Feb", 2),
    ("Mar", 3),
    ("Apr", 4),
    ("Jun", 6),
    ("Jul", 7),
    ("Aug", 8),
    ("Sep", 9),
    ("Sept", 9),
    ("Oct", 10),
    ("Nov", 11),
    ("Dec", 12),
];

/// The month a capitalised word names.
pub fn month(word: &str) -> Option<u32> {
    MONTHS.iter().find(|(m, _)| *m == word).map(|(_, n)| *n)
}

/// The value of a number word below a hundred, alone (`seven`, `forty`).
pub fn small(word: &str) -> Option<f64> {
    let word = word.to_lowercase();
    let unit = SMALL.iter().position(|w| *w == word);
    let ten = TENS.iter().position(|w| *w == word).map(|i| (i + 2) * 10);
    unit.or(ten).map(|n| n as f64)
}

/// The multiplier a scale word stands for.
pub fn scale(word: &str) -> Option<f64> {
    let word = word.to_lowercase();
    SCALES.iter().find(|(w, _)| *w == word).map(|(_, s)| *s)
}

/// The count an ordinal word stands for.
pub fn ordinal(word: &str) -> Option<f64> {
    let word = word.to_lowercase();
    ORDINALS
        .iter()
        .find(|(w, _)| *w == word)
        .map(|(_, n)| f64::from(*n))
}

/// Whether `word` (any case) is in `list`.
pub fn listed(list: &[&str], word: &str) -> bool {
    list.iter().any(|w| w.eq_ignore_ascii_case(word))
}
