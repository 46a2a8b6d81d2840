//! Properties of the loader under arbitrary input, checked with proptest by
//! calling the library directly: it never panics, and every problem it
//! reports names a file, says something, and points inside the file it names.

use std::fs;
use std::path::{Path, PathBuf};

use proptest::prelude::*;
use proptest::test_runner::Config;
use sitrep::load::{load_dataset, FILES};
use sitrep::problem::Problems;
use tempfile::TempDir;

fn bundled() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data")
}

/// A scratch copy of the bundled data, made once per test and reused by its
/// cases (each case rewrites the one file it changes).
fn scratch() -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    for name in FILES {
        fs::copy(bundled().join(name), dir.path().join(name)).unwrap();
    }
    dir
}

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
        let dir = scratch();
        fs::write(dir.path().join(name), &bytes).unwrap();
        load_and_check(dir.path())?;
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
        let dir = scratch();
        let mut text = fs::read_to_string(bundled().join(name)).unwrap();
        for e in &edits {
            text = apply(&text, e);
        }
        fs::write(dir.path().join(name), &text).unwrap();
        load_and_check(dir.path())?;
    }
}

#[test]
fn an_unchanged_copy_loads() {
    let dir = scratch();
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
    fs::write(dir.path().join("counts.csv"), same).unwrap();
    assert!(load_dataset(dir.path()).is_ok());
}
