use super::*;

/// Each mention of `text` as (number text, reading summary).
fn read(text: &str) -> Vec<(String, String)> {
    find(text)
        .into_iter()
        .map(|m| (text[m.number.clone()].to_string(), summary(&m.reading)))
        .collect()
}

fn summary(reading: &Reading) -> String {
    match reading {
        Reading::Figure(f) => {
            let n = |v: Option<f64>| v.map_or("-".to_string(), |v| v.to_string());
            let s = &f.stated;
            let unit = match f.unit {
                Unit::Count => String::new(),
                Unit::Percent => " %".to_string(),
                Unit::Money(code) => format!(" {code}"),
            };
            let (q, l, b, h) = (s.qualifier.as_str(), n(s.low), n(s.best), n(s.high));
            format!("{q} {l}/{b}/{h}{unit}")
        }
        Reading::NotFigure(kind) => kind.reason().to_string(),
    }
}

fn one(text: &str) -> String {
    let found = read(text);
    assert_eq!(found.len(), 1, "{text}: {found:?}");
    found[0].1.clone()
}

#[test]
fn qualifiers_give_the_bounds_a_row_writes() {
    assert_eq!(one("killing at least 64 people"), "at_least 64/-/-");
    assert_eq!(one("killed more than 30 people"), "more_than 30/-/-");
    assert_eq!(one("estimated to be around 1500."), "about -/1500/-");
    assert_eq!(
        one("a nation of some 220 million people"),
        "about -/220000000/-"
    );
    assert_eq!(one("in nearly four years"), "nearly -/4/-");
    assert_eq!(one("over 100 people"), "more_than 100/-/-");
    assert_eq!(one("up to 60 people"), "nearly -/60/-");
    assert_eq!(one("killing of least 54 people"), "at_least 54/-/-");
    assert_eq!(one("100 or more people"), "at_least 100/-/-");
    assert_eq!(one("killed 153 people"), "exact -/153/-");
    assert_eq!(one("It was at least the tenth attack"), "at_least 10/-/-");
    assert_eq!(one("the fifth incident"), "exact -/5/-");
}

#[test]
fn ranges_in_every_spelling() {
    assert_eq!(one("around 2,000-3,000 IS members"), "range 2000/-/3000");
    assert_eq!(
        one("around 30,000 to 40,000, including"),
        "range 30000/-/40000"
    );
    assert_eq!(
        one("including \"600 to 800\" in Nangarhar"),
        "range 600/-/800"
    );
    assert_eq!(one("between 600 and 800 fighters"), "range 600/-/800");
    assert_eq!(one("two or three attacks"), "range 2/-/3");
    assert_eq!(one("20 to 30 million people"), "range 20000000/-/30000000");
    assert_eq!(one("10-15% of attacks"), "range 10/-/15 %");
    // A larger number after a dash is no range.
    assert_eq!(read("pages 30-12").len(), 2);
}

#[test]
fn word_numbers_and_vague_plurals() {
    assert_eq!(one("the murder of two policemen"), "exact -/2/-");
    assert_eq!(one("twenty-five soldiers"), "exact -/25/-");
    assert_eq!(one("wounding scores of others"), "at_least 40/-/-");
    assert_eq!(
        one("hundreds of thousands of TTP fighters"),
        "at_least 200000/-/-"
    );
    assert_eq!(one("dozens of people"), "at_least 24/-/-");
    assert_eq!(one("two dozen people"), "about -/24/-");
    assert_eq!(one("half of its attacks"), "about -/50/- %");
    assert!(read("one of the attackers").is_empty());
    assert!(read("the first half of the year").is_empty());
}

#[test]
fn percentages_money_and_falls() {
    assert_eq!(read("nearly 60 percent (213)")[0].1, "nearly -/60/- %");
    assert_eq!(one("a 16% decline in attacks"), "rounded -/-16/- %");
    assert_eq!(one("a significant surge (131pc)."), "rounded -/131/- %");
    assert_eq!(one("attacks fell by 12 per cent"), "rounded -/-12/- %");
    assert_eq!(one("rose 15.5%"), "exact -/15.5/- %");
    assert_eq!(
        one("an estimated $1 billion in aid"),
        "about -/1000000000/- USD"
    );
    assert_eq!(one("Rs. 5 million"), "exact -/5000000/- PKR");
}

#[test]
fn dates_years_and_references_are_not_figures() {
    let reasons = |text: &str| {
        read(text)
            .into_iter()
            .map(|(n, r)| format!("{n}: {r}"))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        reasons("Published: 24th May 2017"),
        ["24th May 2017: A date."]
    );
    assert_eq!(reasons("Sun Aug 20 2023"), ["Aug 20 2023: A date."]);
    assert_eq!(reasons("on March 4, killing"), ["March 4: A date."]);
    assert_eq!(reasons("on 12 May that killed"), ["12 May: A date."]);
    assert_eq!(reasons("in May 2019, which"), ["May 2019: A date."]);
    assert_eq!(
        reasons("on 2017-05-12 and 12/05/2017"),
        ["2017-05-12: A date.", "12/05/2017: A date."]
    );
    assert_eq!(
        reasons("a massive military offensive in 2014."),
        ["2014: A year."]
    );
    assert_eq!(reasons("Most of the 2017 casualties"), ["2017: A year."]);
    assert_eq!(reasons("from 2014-2015"), ["2014-2015: A year."]);
    assert_eq!(reasons("in 2017-18"), ["2017-18: A year."]);
    assert_eq!(
        reasons("NationalVOLUME 18 ISSUE # 39"),
        [
            "18: An issue, volume or page number.",
            "39: An issue, volume or page number."
        ]
    );
    assert_eq!(reasons("see p. 4"), ["4: An issue, volume or page number."]);
    assert_eq!(reasons("a 25-year-old man"), ["25-year-old: An age."]);
    assert_eq!(reasons("aged 40"), ["40: An age."]);
    assert_eq!(
        reasons("call +92 51 1234567 now"),
        ["+92 51 1234567: A telephone number."]
    );
    assert_eq!(
        reasons("Tel: 051-2345678"),
        ["051-2345678: A telephone number."]
    );
    assert_eq!(reasons("at 10:30 am"), ["10:30: A time of day."]);
    assert_eq!(reasons("occurred 50km southwest"), ["50km: A distance."]);
    assert_eq!(
        reasons("Covid-19 and F-16s"),
        ["19: Part of a name.", "16: Part of a name."]
    );
    // A four-digit number that counts something is a figure.
    assert_eq!(one("around 1500 fighters"), "about -/1500/-");
    assert_eq!(one("2000 people fled"), "exact -/2000/-");
}

#[test]
fn spans_cover_the_number_and_its_phrase() {
    let text = "There are around 2,000-3,000 IS members.";
    let m = &find(text)[0];
    assert_eq!(&text[m.number.clone()], "2,000-3,000");
    assert_eq!(&text[m.phrase.clone()], "around 2,000-3,000");
    let text = "It was at least the tenth attack";
    let m = &find(text)[0];
    assert_eq!(&text[m.phrase.clone()], "at least the tenth");
    let figure = m.figure().unwrap();
    assert_eq!(figure.wording.as_deref(), Some("at least"));
}
