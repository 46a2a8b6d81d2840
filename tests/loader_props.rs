//! Properties of the loader under arbitrary input, checked with proptest by
//! calling the library directly: it never panics; every problem it reports
//! names a file, says something, and points inside the file it names; and a
//! valid file saved with any line ends (LF, CRLF, CR), with or without a
//! byte-order mark, loads as the bundled one does, and with one field broken
//! is refused with one problem placed exactly at that field.

use std::fs;
use std::path::Path;

use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::Config;
use sitrep::load::{load_dataset, load_dataset_sharing, shares_of, Dataset, Share, FILES};
use sitrep::problem::Problems;

mod common;
use common::{bundled, Scratch};

/// `cases` cases, or as many as `PROPTEST_CASES` says (for a longer hunt).
fn config(cases: u32) -> Config {
    let env = std::env::var("PROPTEST_CASES").ok();
    Config {
        cases: env.and_then(|n| n.parse().ok()).unwrap_or(cases),
        // Failures are shown; pin one as a test rather than a stray file.
        failure_persistence: None,
        ..Config::default()
    }
}

/// Messages about a whole file, which are the only ones without a line.
const FILE_LEVEL: [&str; 4] = [
    "the file is empty",
    "file not found",
    "cannot read the file",
    "is not defined; every qualifier needs a row",
];

/// Checks every problem names a file, says something, and points at a line
/// and column inside the file it names.
fn check_problems(problems: &Problems) -> Result<(), TestCaseError> {
    prop_assert!(!problems.is_empty());
    for p in problems.list() {
        prop_assert!(!p.path.as_os_str().is_empty(), "{p}");
        prop_assert!(!p.message.trim().is_empty(), "{p}");
        prop_assert!(!p.message.contains('\n'), "a message over two lines: {p:?}");
        if p.line == 0 {
            let file_level = FILE_LEVEL.iter().any(|m| p.message.contains(m));
            prop_assert!(file_level, "a row problem without a line: {p}");
        } else {
            check_place(&p.path, p.line, p.column, &p.to_string())?;
        }
    }
    Ok(())
}

/// Line `line` exists in `path` and column `column` is on it (or one past
/// its end), counting lines as the loader does (LF, or a lone CR in a file
/// without LF).
fn check_place(path: &Path, line: usize, column: usize, shown: &str) -> Result<(), TestCaseError> {
    let bytes = fs::read(path).unwrap_or_default();
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let newline = if bytes.contains(&b'\n') { b'\n' } else { b'\r' };
    let lines: Vec<&[u8]> = bytes.split(|b| *b == newline).collect();
    prop_assert!(
        line <= lines.len(),
        "line past the end ({} lines): {shown}",
        lines.len()
    );
    prop_assert!(
        column <= width(lines[line - 1]) + 1,
        "column past the end: {shown}"
    );
    Ok(())
}

/// Characters in `bytes`, each byte that is not UTF-8 counting as one (as
/// the loader counts them).
fn width(bytes: &[u8]) -> usize {
    bytes
        .utf8_chunks()
        .map(|c| c.valid().chars().count() + c.invalid().len())
        .sum()
}

/// Loads `dir`; a panic fails the case, an `Err` has its problems checked.
fn load_and_check(dir: &Path) -> Result<(), TestCaseError> {
    match load_dataset(dir) {
        Ok(data) => prop_assert_eq!(data.fingerprint.len(), 64),
        Err(problems) => check_problems(&problems)?,
    }
    Ok(())
}

/// Bytes that look enough like CSV to get past the header now and then:
/// the real header of counts.csv followed by rows made of separators,
/// quotes, line ends, digits, letters, a BOM and stray Windows-1252 bytes.
fn csvish() -> impl Strategy<Value = Vec<u8>> {
    let header = fs::read_to_string(bundled().join("counts.csv")).unwrap();
    let header = header.lines().next().unwrap().to_string() + "\n";
    let piece = prop_oneof![
        Just(b",".to_vec()),
        Just(b"\"".to_vec()),
        Just(b"\n".to_vec()),
        Just(b"\r\n".to_vec()),
        Just(b"\r".to_vec()),
        Just(b"\xEF\xBB\xBF".to_vec()),
        Just(vec![0xE9]),
        Just(b"-2,000".to_vec()),
        Just(b"exact".to_vec()),
        Just(b"pakistan".to_vec()),
        Just(b"2017-01-01".to_vec()),
        "[a-z0-9 ~.]{1,6}".prop_map(String::into_bytes),
    ];
    (any::<bool>(), prop::collection::vec(piece, 0..60)).prop_map(move |(with_header, pieces)| {
        let mut bytes = if with_header {
            header.clone().into_bytes()
        } else {
            Vec::new()
        };
        bytes.extend(pieces.concat());
        bytes
    })
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn arbitrary_bytes_as_a_data_file_never_panic(
        bytes in prop_oneof![prop::collection::vec(any::<u8>(), 0..2000), csvish()],
        name in prop::sample::select(&["counts.csv", "places.csv", "qualifiers.csv"][..]),
    ) {
        let scratch = Scratch::new();
        fs::write(scratch.file(name), &bytes).unwrap();
        load_and_check(&scratch.data())?;
    }
}

/// One change to a bundled file, by line (0 is the header).
#[derive(Debug, Clone)]
enum Edit {
    /// Replace field `field` of line `line` with `text`, quoted as CSV
    /// quotes it when `quote` is true, else written raw.
    Field {
        line: usize,
        field: usize,
        text: String,
        quote: bool,
    },
    /// Insert `text` raw at character `at` of line `line`.
    Insert {
        line: usize,
        at: usize,
        text: String,
    },
    Drop {
        line: usize,
    },
    Duplicate {
        line: usize,
    },
}

/// Text likely to break a CSV row or a field's rules, or any text at all.
fn hostile_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[-a-zA-Z0-9 ,\"\r\n~/.é’+]{0,24}",
        Just(String::new()),
        Just("\"".to_string()),
        Just("\"\"".to_string()),
        Just(",".to_string()),
        Just("\n".to_string()),
        Just("2,000".to_string()),
        Just("~60".to_string()),
        Just("-5".to_string()),
        Just("2023-02-30".to_string()),
        Just("30/07/2023".to_string()),
        Just("KPK".to_string()),
        any::<String>(),
    ]
}

fn edit() -> impl Strategy<Value = Edit> {
    let line = 0..40usize;
    prop_oneof![
        4 => (line.clone(), 0..14usize, hostile_text(), any::<bool>())
            .prop_map(|(line, field, text, quote)| Edit::Field { line, field, text, quote }),
        2 => (line.clone(), 0..400usize, hostile_text())
            .prop_map(|(line, at, text)| Edit::Insert { line, at, text }),
        1 => line.clone().prop_map(|line| Edit::Drop { line }),
        1 => line.prop_map(|line| Edit::Duplicate { line }),
    ]
}

/// The fields of one line, split as the CSV reader would split it (a line of
/// a multi-line record comes out as best it can).
fn fields(line: &str) -> Vec<String> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(line.as_bytes());
    let mut record = csv::StringRecord::new();
    match reader.read_record(&mut record) {
        Ok(true) => record.iter().map(str::to_string).collect(),
        _ => vec![line.to_string()],
    }
}

fn quoted(field: &str) -> String {
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}

/// `text` with `edit` applied; indexes past the end wrap around.
fn apply(text: &str, edit: &Edit) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let n = lines.len().max(1);
    match edit {
        Edit::Field {
            line,
            field,
            text,
            quote,
        } => {
            let mut all = fields(&lines[line % n]);
            let slot = field % all.len();
            all[slot] = if *quote { quoted(text) } else { text.clone() };
            let others: Vec<String> = all
                .iter()
                .enumerate()
                .map(|(i, f)| if i == slot { f.clone() } else { quoted(f) })
                .collect();
            lines[line % n] = others.join(",");
        }
        Edit::Insert { line, at, text } => {
            let target = &mut lines[line % n];
            let at = target
                .char_indices()
                .nth(*at)
                .map_or(target.len(), |(i, _)| i);
            target.insert_str(at, text);
        }
        Edit::Drop { line } => {
            lines.remove(line % n);
        }
        Edit::Duplicate { line } => {
            let copy = lines[line % n].clone();
            lines.insert(line % n, copy);
        }
    }
    lines.join("\n") + "\n"
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn edits_of_valid_rows_never_panic_and_are_located(
        name in prop::sample::select(&FILES[..]),
        edits in prop::collection::vec(edit(), 1..4),
    ) {
        let scratch = Scratch::new();
        let mut text = fs::read_to_string(bundled().join(name)).unwrap();
        for e in &edits {
            text = apply(&text, e);
        }
        fs::write(scratch.file(name), &text).unwrap();
        load_and_check(&scratch.data())?;
    }
}

#[test]
fn an_unchanged_copy_loads() {
    let scratch = Scratch::new();
    let text = fs::read_to_string(bundled().join("counts.csv")).unwrap();
    let same = apply(
        &text,
        &Edit::Field {
            line: 3,
            field: 0,
            text: fields(text.lines().nth(3).unwrap())[0].clone(),
            quote: true,
        },
    );
    fs::write(scratch.file("counts.csv"), same).unwrap();
    assert!(load_dataset(&scratch.data()).is_ok());
}

/// A bundled data file read into values: its header and its rows.
#[derive(Debug, Clone)]
struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    fn bundled(name: &str) -> Table {
        let mut reader = csv::Reader::from_path(bundled().join(name)).unwrap();
        let header = reader.headers().unwrap().iter().map(String::from).collect();
        let rows = reader
            .records()
            .map(|r| r.unwrap().iter().map(String::from).collect())
            .collect();
        Table { header, rows }
    }
}

/// The line ends a file is saved with.
#[derive(Debug, Clone, Copy, PartialEq)]
enum LineEnd {
    Lf,
    Crlf,
    Cr,
}

impl LineEnd {
    fn text(self) -> &'static str {
        match self {
            LineEnd::Lf => "\n",
            LineEnd::Crlf => "\r\n",
            LineEnd::Cr => "\r",
        }
    }
}

/// How a table is saved, as the programs analysts use might save it.
#[derive(Debug, Clone)]
struct Style {
    end: LineEnd,
    bom: bool,
    /// Which fields are quoted: 0 those that must be, 1 all, 2 every other.
    quoting: u8,
    /// The columns are written rotated left by this many (any order is valid).
    rotate: usize,
    /// This many blank lines before line `at` (0 is the header).
    blank: Option<(Index, usize)>,
    /// Whether the last line ends with a line end.
    last_end: bool,
    /// A line break inside a free-text field.
    inner_break: Option<InnerBreak>,
}

/// Where a line break inside a quoted field goes, and which one.
#[derive(Debug, Clone)]
struct InnerBreak {
    row: Index,
    /// In the row of the field a test breaks, rather than in `row`.
    in_broken_row: bool,
    /// Which of the free-text columns of the file.
    column: Index,
    /// In a CRLF file, a lone LF (as Excel writes one) rather than CRLF.
    lone_lf: bool,
}

fn style() -> impl Strategy<Value = Style> {
    let ends = prop::sample::select(&[LineEnd::Lf, LineEnd::Crlf, LineEnd::Cr][..]);
    let blank = prop::option::of((any::<Index>(), 1..4usize));
    let inner_break = prop::option::of(any::<(Index, bool, Index, bool)>().prop_map(
        |(row, in_broken_row, column, lone_lf)| InnerBreak {
            row,
            in_broken_row,
            column,
            lone_lf,
        },
    ));
    (
        ends,
        any::<bool>(),
        0..3u8,
        0..13usize,
        blank,
        any::<bool>(),
        inner_break,
    )
        .prop_map(
            |(end, bom, quoting, rotate, blank, last_end, inner_break)| Style {
                end,
                bom,
                quoting,
                rotate,
                blank,
                last_end,
                inner_break,
            },
        )
}

/// Columns whose text no rule reads, where a line break can go.
const FREE_TEXT: [&str; 8] = [
    "district",
    "target",
    "counted",
    "title",
    "publisher",
    "quote",
    "note",
    "description",
];

/// Text being written, with the line and character column where the next
/// character goes: the expected place of a field, found independently of
/// the loader (lines are counted by their ends, columns in characters from
/// 1, a byte-order mark not counted).
struct Pen {
    text: String,
    line: usize,
    /// Where the current line starts in `text`.
    line_start: usize,
    newline: char,
}

impl Pen {
    fn new(style: &Style) -> Pen {
        let text = if style.bom { "\u{feff}" } else { "" }.to_string();
        let newline = if style.end == LineEnd::Cr { '\r' } else { '\n' };
        let (line, line_start) = (1, text.len());
        Pen {
            text,
            line,
            line_start,
            newline,
        }
    }

    fn place(&self) -> (usize, usize) {
        (self.line, self.text[self.line_start..].chars().count() + 1)
    }

    fn write(&mut self, text: &str) {
        for c in text.chars() {
            self.text.push(c);
            if c == self.newline {
                self.line += 1;
                self.line_start = self.text.len();
            }
        }
    }
}

/// A table saved in a style, with where each row's fields start, by column.
struct Saved {
    text: String,
    places: Vec<Vec<(usize, usize)>>,
}

/// Writes `table` in `style`. `broken` is the (row, column) of a field a
/// test broke: the style's line break does not go into it.
fn save(table: &Table, style: &Style, broken: Option<(usize, usize)>) -> Saved {
    let width = table.header.len();
    let order: Vec<usize> = (0..width).map(|i| (i + style.rotate) % width).collect();
    let blank = style
        .blank
        .map(|(at, n)| (at.index(table.rows.len() + 1), n));
    let inner_break = inner_break(table, style, broken).filter(|(at, _)| Some(*at) != broken);
    let (mut pen, mut places) = (Pen::new(style), Vec::new());
    let lines = std::iter::once(&table.header).chain(&table.rows);
    for (k, values) in lines.enumerate() {
        if let Some((_, n)) = blank.filter(|(at, _)| *at == k) {
            pen.write(&style.end.text().repeat(n));
        }
        let mut starts = vec![(0, 0); width];
        for (i, &column) in order.iter().enumerate() {
            if i > 0 {
                pen.write(",");
            }
            starts[column] = pen.place();
            let mut value = values[column].clone();
            if let Some((_, brk)) = inner_break.filter(|(at, _)| k > 0 && *at == (k - 1, column)) {
                let middle = value.char_indices().nth(value.chars().count() / 2);
                value.insert_str(middle.map_or(value.len(), |(at, _)| at), brk);
            }
            pen.write(&field(&value, style.quoting, i));
        }
        if k < table.rows.len() || style.last_end {
            pen.write(style.end.text());
        }
        if k > 0 {
            places.push(starts);
        }
    }
    let text = pen.text;
    Saved { text, places }
}

/// Where the style puts a line break inside a field, (row, column), if the
/// table has a free-text column, and the line break.
fn inner_break(
    table: &Table,
    style: &Style,
    broken: Option<(usize, usize)>,
) -> Option<((usize, usize), &'static str)> {
    let inner = style.inner_break.as_ref()?;
    let free: Vec<usize> = (0..table.header.len())
        .filter(|c| FREE_TEXT.contains(&table.header[*c].as_str()))
        .collect();
    let column = *free.get(inner.column.index(free.len().max(1)))?;
    let row = match broken {
        Some((row, _)) if inner.in_broken_row => row,
        _ => inner.row.index(table.rows.len()),
    };
    let brk = match style.end {
        LineEnd::Crlf if inner.lone_lf => "\n",
        end => end.text(),
    };
    Some(((row, column), brk))
}

/// A value as written in field number `i` of its line.
fn field(value: &str, quoting: u8, i: usize) -> String {
    let needed = value.contains([',', '"', '\n', '\r']);
    if needed || quoting == 1 || (quoting == 2 && i % 2 == 1) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_string()
    }
}

/// A value that breaks the rule of `column` of `file`, if it has one.
fn breaker(file: &str, column: &str) -> Option<&'static str> {
    Some(match column {
        "id" => "Bad Id",
        "date" | "published" | "period_start" | "period_end" | "as_of" => "30/07/2023",
        "low" | "best" | "high" | "tolerance" => "sixty",
        c if c.starts_with("killed_") || c.starts_with("injured_") => {
            match c.ends_with("_qualifier") {
                true => "approximately",
                false => "sixty",
            }
        }
        "qualifier" => "approximately",
        "tolerance_kind" => "sometimes",
        "claimed" | "signed" => "maybe",
        "place" | "province" | "group" | "perpetrator" | "measure" | "attack_type"
        | "source_id" | "incident_id" => "nowhere",
        "name" | "kind" | "unit" | "counted" | "quote" | "title" | "text" | "reason" => "",
        "country" if file == "incidents.csv" => "",
        "seed_file" if file == "not_figures.csv" => "",
        _ => return None,
    })
}

/// The bundled data, loaded once.
fn bundled_dataset() -> &'static Dataset {
    static DATA: std::sync::OnceLock<Dataset> = std::sync::OnceLock::new();
    DATA.get_or_init(|| load_dataset(&bundled()).unwrap())
}

/// Checks that two datasets hold the same records.
fn assert_same_records(a: &Dataset, b: &Dataset) -> Result<(), TestCaseError> {
    prop_assert_eq!(&a.qualifiers, &b.qualifiers);
    prop_assert_eq!(&a.measures, &b.measures);
    prop_assert_eq!(a.groups.terms(), b.groups.terms());
    prop_assert_eq!(a.places.terms(), b.places.terms());
    prop_assert_eq!(&a.attack_types, &b.attack_types);
    prop_assert_eq!(&a.sources, &b.sources);
    prop_assert_eq!(&a.incidents, &b.incidents);
    prop_assert_eq!(&a.casualty_estimates, &b.casualty_estimates);
    prop_assert_eq!(&a.counts, &b.counts);
    prop_assert_eq!(&a.strength, &b.strength);
    prop_assert_eq!(&a.not_figures, &b.not_figures);
    Ok(())
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn a_valid_file_loads_whatever_the_line_ends(
        name in prop::sample::select(&FILES[..]),
        style in style(),
    ) {
        let scratch = Scratch::new();
        let saved = save(&Table::bundled(name), &style, None);
        fs::write(scratch.file(name), &saved.text).unwrap();
        let data = load_dataset(&scratch.data());
        let data = data.map_err(|p| TestCaseError::fail(format!("{p}\n{:?}", saved.text)))?;
        if style.inner_break.is_none() {
            assert_same_records(&data, bundled_dataset())?;
        }
    }

    #[test]
    fn a_broken_field_is_placed_whatever_the_line_ends(
        name in prop::sample::select(&FILES[..]),
        style in style(),
        (row, column, duplicate) in any::<(Index, Index, bool)>(),
    ) {
        let mut table = Table::bundled(name);
        let breakable: Vec<usize> = (0..table.header.len())
            .filter(|c| breaker(name, &table.header[*c]).is_some())
            .collect();
        let (row, column) = (row.index(table.rows.len()), *column.get(&breakable));
        let heading = table.header[column].clone();
        // The id of the row before, where ids must be unique (qualifiers.csv
        // names sitrep's qualifiers, which the id rule already checks).
        let duplicate = duplicate && heading == "id" && row > 0 && name != "qualifiers.csv";
        table.rows[row][column] = match duplicate {
            true => table.rows[row - 1][column].clone(),
            false => breaker(name, &heading).unwrap().to_string(),
        };
        let saved = save(&table, &style, Some((row, column)));
        let scratch = Scratch::new();
        fs::write(scratch.file(name), &saved.text).unwrap();
        let Err(problems) = load_dataset(&scratch.data()) else {
            let accepted = format!("a broken {heading} was accepted in {:?}", saved.text);
            return Err(TestCaseError::fail(accepted));
        };
        let here: Vec<_> = problems.list().iter().filter(|p| p.path == scratch.file(name)).collect();
        let shown = format!("{problems}\nin {:?}", saved.text);
        prop_assert_eq!(here.len(), 1, "{}", shown);
        prop_assert_eq!((here[0].line, here[0].column), saved.places[row][column], "{}", shown);
        prop_assert!(here[0].message.starts_with(&format!("{heading}: ")), "{}", shown);
        if duplicate {
            let first = saved.places[row - 1].iter().map(|p| p.0).min().unwrap();
            let first_used = format!("first used on line {first}");
            prop_assert!(here[0].message.ends_with(&first_used), "{}", shown);
        }
    }
}

/// Rows to add at the end of `incidents.csv`: copies of its last row under
/// other ids (which may repeat one), with LF or CRLF line ends, or bytes
/// that look something like CSV.
fn added_rows() -> impl Strategy<Value = Vec<u8>> {
    let text = fs::read_to_string(bundled().join("incidents.csv")).unwrap();
    let last = text.lines().last().unwrap();
    let rest = last.split_once(',').unwrap().1.to_string();
    let row = ("[a-z0-9-]{1,12}", any::<bool>());
    let copies = prop::collection::vec(row, 1..5).prop_map(move |rows| {
        let line = |(id, crlf): &(String, bool)| {
            format!("{id},{rest}{}", if *crlf { "\r\n" } else { "\n" })
        };
        rows.iter().map(line).collect::<String>().into_bytes()
    });
    prop_oneof![copies, csvish()]
}

proptest! {
    #![proptest_config(config(64))]

    /// `sitrep diff` reads a new `incidents.csv` that goes on after the old
    /// one's bytes from where the old one ends: what it gets, records or
    /// problems, is what reading the new file whole gives.
    #[test]
    fn rows_added_to_incidents_load_as_a_whole_read_does(more in added_rows()) {
        let (old, new) = (Scratch::new(), Scratch::new());
        let path = new.file("incidents.csv");
        let mut bytes = fs::read(&path).unwrap();
        bytes.extend(&more);
        fs::write(&path, bytes).unwrap();
        let (first, second) = shares_of(&old.data(), &new.data());
        let (shared_old, shared_new) = std::thread::scope(|scope| {
            let old = scope.spawn(|| load_dataset_sharing(&old.data(), first));
            let new = load_dataset_sharing(&new.data(), second);
            (old.join().unwrap(), new)
        });
        assert_same_records(&shared_old.unwrap(), bundled_dataset())?;
        match (shared_new, load_dataset_sharing(&new.data(), Share::nothing())) {
            (Ok(shared), Ok(whole)) => assert_same_records(&shared, &whole)?,
            (Err(shared), Err(whole)) => prop_assert_eq!(shared, whole),
            (shared, whole) => prop_assert!(
                false,
                "shared: {:?}; whole: {:?}",
                shared.err().map(|p| p.to_string()),
                whole.err().map(|p| p.to_string())
            ),
        }
    }
}
