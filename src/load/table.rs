//! Reading one CSV file into rows whose fields can be found by column name,
//! with every problem located by file, line and column.
//!
//! What this accepts: UTF-8 with or without a byte-order mark, LF, CRLF or
//! (old Mac) CR line ends, blank lines, columns in any order as long as the
//! header names exactly the expected ones. What it refuses, each as a located
//! [`Problem`]: a file that cannot be read, an empty file, a header with no
//! rows, every byte that is not UTF-8, a lone CR inside a line of an LF file,
//! a missing, unknown, unnamed or repeated column, a quote never closed, and
//! a row with too many or too few fields (pointing at the quoted field that
//! swallowed a line break, when one did). Every scan is linear, so a huge
//! file or field costs time in proportion to its size.
//!
//! Positions are the same whatever the line ends and byte-order mark: lines
//! are counted by their ends (LF, CRLF, or CR in a file of CR line ends),
//! columns in characters from 1, after any byte-order mark, so a problem in a
//! file saved by Excel on Windows is placed as in the LF file.

use std::borrow::Cow;
use std::path::Path;

use csv::{ByteRecord, ReaderBuilder, StringRecord};

use crate::problem::{echo, Problem, Problems};

/// One data row: its fields, where it starts, and where its problems go.
pub struct Row<'a> {
    path: &'a Path,
    text: &'a str,
    /// The number of lines of the file: no more rows than that can follow.
    lines: usize,
    columns: &'a [usize],
    names: &'a [&'static str],
    slots: &'a Slots,
    record: &'a ByteRecord,
    /// 1-based line where the record starts.
    pub line: usize,
    byte: usize,
    problems: &'a mut Problems,
}

impl<'a> Row<'a> {
    /// The raw text of column `name` (which must be one of the table's columns).
    pub fn text(&self, name: &'static str) -> &'a str {
        let field = self.columns[self.slot(name)];
        text_of(self.record.get(field).unwrap_or_default())
    }

    /// At most how many rows the file has (its line count), for sizing what
    /// is built from them in one allocation.
    pub fn rows_at_most(&self) -> usize {
        self.lines
    }

    /// The line and column where column `name` starts in this row.
    pub fn place_of(&self, name: &'static str) -> (usize, usize) {
        self.position_of(self.columns[self.slot(name)])
    }

    /// Records a problem located at the start of column `name` in this row.
    pub fn fail(&mut self, name: &'static str, message: impl std::fmt::Display) {
        let (line, column) = self.place_of(name);
        let problem = Problem::at(self.path, line, column, format!("{name}: {message}"));
        self.problems.push(problem);
    }

    fn slot(&self, name: &'static str) -> usize {
        self.slots.of(name, self.names)
    }

    fn position_of(&self, field: usize) -> (usize, usize) {
        field_start(&self.text[self.byte..], self.line, field)
    }
}

/// A field of a record read from a `str` as text.
///
/// The reader only splits its text at ASCII bytes (separators, quotes, line
/// ends) and drops some of them (a field's enclosing quotes, one of each
/// doubled quote), and an ASCII byte is never part of a longer UTF-8
/// sequence: every field of valid UTF-8 text is valid UTF-8. Records are
/// read as bytes because checking each one again (as `StringRecord` does)
/// was a tenth of `check`'s time at a million rows, spent on text already
/// checked whole.
fn text_of(field: &[u8]) -> &str {
    debug_assert!(std::str::from_utf8(field).is_ok());
    // SAFETY: fields are read only from `read_table`'s `text`, a `str`;
    // see above for why a field of it is valid UTF-8.
    unsafe { std::str::from_utf8_unchecked(field) }
}

/// Where each column name asked for sits in the schema, remembered by the
/// name's address. Every field of every row is asked for by name; comparing
/// the name with each of the schema's was a sixth of `check`'s time at a
/// million rows, and a scan of the names remembered still a twentieth. The
/// names callers pass are a handful of `'static` strings, whose address
/// never changes nor comes to hold another name, so each is found at the
/// place its address hashes to (or the next free one) in a small table.
struct Slots {
    /// (address, length, slot + 1) of each name seen, 0 in the last when
    /// the place is free; a cache only.
    known: [std::cell::Cell<(usize, usize, usize)>; Slots::PLACES],
}

impl Default for Slots {
    fn default() -> Slots {
        Slots {
            known: std::array::from_fn(|_| std::cell::Cell::new((0, 0, 0))),
        }
    }
}

impl Slots {
    /// More places than any schema has columns, so a name is found at its
    /// place or within a step or two of it.
    const PLACES: usize = 64;

    /// The position of `name` in `names` (where it must be).
    fn of(&self, name: &'static str, names: &[&'static str]) -> usize {
        let key = (name.as_ptr() as usize, name.len());
        // Fibonacci hashing: the top bits of the address times 2^64/φ.
        let first = (key.0 as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 58;
        for step in 0..Self::PLACES {
            let place = &self.known[(first as usize + step) % Self::PLACES];
            match place.get() {
                (address, length, slot) if slot > 0 && (address, length) == key => return slot - 1,
                (_, _, 0) => {
                    let slot = Self::find(name, names);
                    place.set((key.0, key.1, slot + 1));
                    return slot;
                }
                _ => {}
            }
        }
        Self::find(name, names)
    }

    fn find(name: &'static str, names: &[&'static str]) -> usize {
        names
            .iter()
            .position(|n| *n == name)
            .unwrap_or_else(|| panic!("column {name} is not in the schema"))
    }
}

/// Line and character column where field number `field` starts in the record
/// whose raw text begins `record` on line `line`.
fn field_start(record: &str, line: usize, field: usize) -> (usize, usize) {
    FieldStarts::new(record, line)
        .nth(field)
        .unwrap_or((line, 0))
}

/// The line and column where each field of a record begins, found by
/// scanning its raw text once (quotes may hold commas and line breaks).
struct FieldStarts<'t> {
    chars: std::str::Chars<'t>,
    /// Where the next character is.
    line: usize,
    column: usize,
    quoted: bool,
    first: bool,
}

impl<'t> FieldStarts<'t> {
    fn new(record: &'t str, line: usize) -> FieldStarts<'t> {
        let chars = record.chars();
        let (column, quoted, first) = (1, false, true);
        FieldStarts {
            chars,
            line,
            column,
            quoted,
            first,
        }
    }
}

impl Iterator for FieldStarts<'_> {
    type Item = (usize, usize);

    fn next(&mut self) -> Option<(usize, usize)> {
        if std::mem::take(&mut self.first) {
            return Some((self.line, self.column));
        }
        for c in self.chars.by_ref() {
            self.column += 1;
            match c {
                '"' => self.quoted = !self.quoted,
                ',' if !self.quoted => return Some((self.line, self.column)),
                '\n' if !self.quoted => break,
                '\n' => (self.line, self.column) = (self.line + 1, 1),
                _ => {}
            }
        }
        self.chars = "".chars();
        None
    }
}

/// Where the rows to read begin: at the first record, or after the rows
/// of another file's bytes that this file begins with (see
/// [`crate::load::shared`]).
#[derive(Debug, Clone, Copy, Default)]
pub struct Resume {
    /// The byte of the file the first row to read begins at (0: the first
    /// record, after the header); it must begin a line.
    pub byte: usize,
    /// The records before it.
    pub records: usize,
}

/// Reads `path`, checks its header against `names`, and calls `each_row` for
/// every row with the right number of fields. Problems go to `problems`.
/// Returns whether every row of the file was handed to `each_row` (false
/// when the file, its header or a row could not be read).
pub fn read_table(
    path: &Path,
    names: &[&'static str],
    problems: &mut Problems,
    each_row: impl FnMut(&mut Row),
) -> bool {
    read_table_from(path, names, problems, Resume::default(), each_row)
}

/// [`read_table`], handing `each_row` only the rows from `from` on. The
/// whole file is checked as [`read_table`] checks it (its bytes, line
/// ends, quotes and header), and rows are placed on their lines in it.
pub fn read_table_from(
    path: &Path,
    names: &[&'static str],
    problems: &mut Problems,
    from: Resume,
    mut each_row: impl FnMut(&mut Row),
) -> bool {
    let Some(bytes) = read_bytes(path, problems) else {
        return false;
    };
    let Some(text) = utf8_text(path, &bytes, problems) else {
        return false;
    };
    let unmarked = text.strip_prefix('\u{feff}').unwrap_or(text);
    let skipped = text.len() - unmarked.len();
    // Line ends are mended in place, one byte for one: every byte stays where
    // it was.
    let text = line_ends(path, unmarked, problems);
    let text = text.as_ref();
    if text.trim().is_empty() {
        let header = names.join(",");
        let message = format!("the file is empty; expected a header line: {header}");
        problems.push(Problem::file(path, message));
        return false;
    }
    if let Some((line, column)) = unclosed_quote(text) {
        let message = "a quoted field opens here and is never closed; add the closing '\"' (a quote inside a field is written twice: \"\")";
        problems.push(Problem::at(path, line, column, message));
        return false;
    }
    let mut reader = ReaderBuilder::new()
        .flexible(true)
        .from_reader(std::io::Cursor::new(text.as_bytes()));
    let header = reader.headers().cloned().unwrap_or_default();
    let Some(columns) = match_header(path, text, &header, names, problems) else {
        return false;
    };
    let (mut rows, mut complete) = (from.records, true);
    let lines = memchr::memchr_iter(b'\n', text.as_bytes()).count() + 1;
    let mut released = 0;
    if from.byte > skipped {
        released = from.byte - skipped;
        if !resume(&mut reader, text, released, from.records) {
            // The caller checked that a line ends there; should that change,
            // say so rather than leave the rows unread without a word.
            let message = format!("could not read on from byte {}", from.byte);
            problems.push(Problem::file(path, message));
            return false;
        }
    }
    // The checks above read the whole file; the rows are read again from the start.
    bytes.release(text.as_bytes());
    let slots = Slots::default();
    let mut record = ByteRecord::new();
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(err) => {
                let line = err.position().map_or(0, |p| record_start(text, p).0);
                problems.push(Problem::at(
                    path,
                    line,
                    0,
                    format!("unreadable CSV row: {err}"),
                ));
                complete = false;
                continue;
            }
        }
        rows += 1;
        let (line, byte) = record.position().map_or((1, 0), |p| record_start(text, p));
        if byte - released >= RELEASE_EVERY {
            bytes.release(&text.as_bytes()[released..byte]);
            released = byte;
        }
        if record.len() != header.len() {
            let at = (&text[byte..], line);
            problems.push(field_count_problem(path, at, &record, header.len()));
            complete = false;
            continue;
        }
        let mut row = Row {
            path,
            text,
            lines,
            columns: &columns,
            names,
            slots: &slots,
            record: &record,
            line,
            byte,
            problems,
        };
        each_row(&mut row);
    }
    if rows == 0 {
        let line = header.position().map_or(1, |p| record_start(text, p).0);
        problems.push(Problem::at(
            path,
            line,
            0,
            "the file has a header but no rows; expected at least one record",
        ));
    }
    complete && rows > 0
}

/// Moves `reader` to the record beginning at `byte` of `text`, the
/// `records`th: on the line after the `byte`s before it, which end a line.
fn resume(
    reader: &mut csv::Reader<std::io::Cursor<&[u8]>>,
    text: &str,
    byte: usize,
    records: usize,
) -> bool {
    let before = text.as_bytes().get(..byte).unwrap_or_default();
    // After a seek the reader drops a byte-order mark as if the file began
    // there: refused, so that no character of the file goes unread.
    if before.last() != Some(&b'\n') || text[byte..].starts_with('\u{feff}') {
        return false;
    }
    let line = memchr::memchr_iter(b'\n', before).count() + 1;
    let mut at = csv::Position::new();
    at.set_byte(byte as u64)
        .set_line(line as u64)
        .set_record(records as u64 + 1);
    reader.seek(at).is_ok()
}

/// The line and byte where the record the CSV reader placed at `position`
/// really starts. The reader places a record where the one before it ended:
/// before the LF of a CRLF line end, and before any blank lines it skipped,
/// with the line count of that place (one plus the LFs before it). Those
/// line ends are stepped over here, each LF counted, so that a record is
/// placed on its own line whatever the file's line ends ([`line_ends`] has
/// already made every line end an LF or a CRLF).
fn record_start(text: &str, position: &csv::Position) -> (usize, usize) {
    let (line, byte) = (position.line() as usize, position.byte() as usize);
    let rest = text.as_bytes().get(byte..).unwrap_or_default();
    let ends = rest.iter().take_while(|b| matches!(b, b'\r' | b'\n'));
    let (skipped, lines) = ends.fold((0, 0), |(n, lines), b| {
        (n + 1, lines + (*b == b'\n') as usize)
    });
    (line + lines, byte + skipped)
}

/// A data file's bytes: read into memory when small, mapped when large.
enum FileBytes {
    Read(Vec<u8>),
    Mapped(memmap2::Mmap),
}

impl std::ops::Deref for FileBytes {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        match self {
            FileBytes::Read(bytes) => bytes,
            FileBytes::Mapped(map) => map,
        }
    }
}

impl FileBytes {
    /// Gives the pages holding `part` (a part of these bytes already parsed)
    /// back to the OS, so that a large file does not stay in memory beside
    /// the records built from it. Nothing happens to a file that was read.
    fn release(&self, part: &[u8]) {
        let FileBytes::Mapped(map) = self else {
            return;
        };
        let start = (part.as_ptr() as usize).wrapping_sub(map.as_ptr() as usize);
        if start
            .checked_add(part.len())
            .is_none_or(|end| end > map.len())
        {
            return;
        }
        // SAFETY: the map is a shared, read-only mapping of a file
        // (Mmap::map uses MAP_SHARED): MADV_DONTNEED only drops the pages
        // from this process; reading them again faults the same file pages
        // back in from the page cache, with the same bytes.
        let advice = memmap2::UncheckedAdvice::DontNeed;
        let _ = unsafe { map.unchecked_advise_range(advice, start, part.len()) };
    }
}

/// Files at least this large are mapped rather than read.
const MAP_FROM: u64 = 1 << 20;

/// How much of a mapped file is parsed between two [`FileBytes::release`]s.
const RELEASE_EVERY: usize = 16 << 20;

/// The file's bytes. A large file is mapped: its pages come straight from
/// the page cache, where reading it would first zero and then copy a
/// buffer as large as the file (a quarter of a second for 250 MB here).
fn file_bytes(path: &Path) -> std::io::Result<FileBytes> {
    let file = std::fs::File::open(path)?;
    let meta = file.metadata()?;
    if meta.is_file() && meta.len() >= MAP_FROM {
        // SAFETY: the map is read only and dropped when the file has been
        // parsed. Another program truncating the file meanwhile would end
        // sitrep with SIGBUS, before any output is written; data files are
        // not written while sitrep reads them.
        return unsafe { memmap2::Mmap::map(&file) }.map(FileBytes::Mapped);
    }
    std::fs::read(path).map(FileBytes::Read)
}

fn read_bytes(path: &Path, problems: &mut Problems) -> Option<FileBytes> {
    match file_bytes(path) {
        Ok(bytes) => Some(bytes),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            problems.push(Problem::file(path, "file not found; every data directory needs this file (see README, \"Data format\")"));
            None
        }
        Err(err) => {
            problems.push(Problem::file(path, format!("cannot read the file: {err}")));
            None
        }
    }
}

/// The text with its line ends as the CSV reader and the line count see
/// them, changed byte for byte so that positions stay right: a file whose
/// lines end in a lone CR (old Mac exports) has them turned into LF; in any
/// other file a lone CR would split its row in two, so it is reported and
/// read as a space.
fn line_ends<'t>(path: &Path, text: &'t str, problems: &mut Problems) -> Cow<'t, str> {
    let bytes = text.as_bytes();
    let lone = |i: usize| bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n');
    if !text.contains('\r') {
        return text.into();
    }
    if !text.contains('\n') {
        return text.replace('\r', "\n").into();
    }
    if !(0..bytes.len()).any(lone) {
        return text.into();
    }
    let (mut line, mut column, mut fixed) = (1, 0, String::with_capacity(text.len()));
    for (i, c) in text.char_indices() {
        column += 1;
        if c == '\r' && lone(i) {
            let message = "a carriage return (CR) alone inside a line; expected lines to end in LF or CRLF, and no CR elsewhere";
            problems.push(Problem::at(path, line, column, message));
            fixed.push(' ');
            continue;
        }
        if c == '\n' {
            (line, column) = (line + 1, 0);
        }
        fixed.push(c);
    }
    fixed.into()
}

/// Checks that `bytes` are UTF-8, reporting each invalid sequence's place.
fn utf8_text<'b>(path: &Path, bytes: &'b [u8], problems: &mut Problems) -> Option<&'b str> {
    // The common case, checked once: a whole file of valid UTF-8.
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Some(text);
    }
    let mut cursor = Cursor::new(bytes);
    let mut offset = 0;
    while let Err(err) = std::str::from_utf8(&bytes[offset..]) {
        let at = offset + err.valid_up_to();
        let (line, column) = cursor.advance(at);
        let message = format!(
            "byte 0x{:02X} is not UTF-8; save the file as UTF-8 (it may be Windows-1252)",
            bytes[at]
        );
        problems.push(Problem::at(path, line, column, message));
        // Byte by byte, as in Windows-1252, the likeliest encoding.
        offset = at + 1;
    }
    None
}

/// Where a quoted field opens that no closing quote ends, if any. Inside a
/// quoted field `""` is a quote, not the end of the field. Only quotes are
/// visited (with `memchr`); the line and column are counted for the one
/// place reported.
fn unclosed_quote(text: &str) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut quotes = memchr::memchr_iter(b'"', bytes);
    let mut open_at = None;
    while let Some(at) = quotes.next() {
        match open_at {
            Some(_) if bytes.get(at + 1) == Some(&b'"') => {
                quotes.next();
            }
            Some(_) => open_at = None,
            None if at == 0 || matches!(bytes[at - 1], b',' | b'\n' | b'\r') => open_at = Some(at),
            None => {}
        }
    }
    open_at.map(|at| Cursor::new(bytes).advance(at))
}

/// Line and character column of byte offsets of a file that may not be
/// UTF-8, asked in increasing order, so that the file is scanned once however
/// many places are asked for.
struct Cursor<'b> {
    bytes: &'b [u8],
    /// The line end: LF, or CR in a file without any LF (see [`line_ends`]).
    newline: u8,
    offset: usize,
    line: usize,
    column: usize,
}

impl<'b> Cursor<'b> {
    fn new(bytes: &'b [u8]) -> Cursor<'b> {
        // Columns are counted after a byte-order mark, as in the rest of the file.
        let offset = if bytes.starts_with(b"\xEF\xBB\xBF") {
            3
        } else {
            0
        };
        let newline = if bytes.contains(&b'\n') { b'\n' } else { b'\r' };
        let (line, column) = (1, 1);
        Cursor {
            bytes,
            newline,
            offset,
            line,
            column,
        }
    }

    /// Line and column of byte `at` (at or after the last one asked).
    fn advance(&mut self, at: usize) -> (usize, usize) {
        let gap = &self.bytes[self.offset.min(at)..at];
        let chars = |b: &[u8]| String::from_utf8_lossy(b).chars().count();
        match gap.iter().rposition(|b| *b == self.newline) {
            Some(last) => {
                self.line += gap.iter().filter(|b| **b == self.newline).count();
                self.column = 1 + chars(&gap[last + 1..]);
            }
            None => self.column += chars(gap),
        }
        self.offset = at;
        (self.line, self.column)
    }
}

/// Maps each expected column to its field index, or reports what is wrong.
fn match_header(
    path: &Path,
    text: &str,
    header: &StringRecord,
    names: &[&'static str],
    problems: &mut Problems,
) -> Option<Vec<usize>> {
    let before = problems.len();
    let expected = names.join(", ");
    let mut columns = Vec::with_capacity(names.len());
    let (line, start) = header.position().map_or((1, 0), |p| record_start(text, p));
    for name in names {
        match header.iter().position(|h| h.trim() == *name) {
            Some(index) => columns.push(index),
            None => problems.push(Problem::at(
                path,
                line,
                0,
                format!("missing column `{name}`; the header must name: {expected}"),
            )),
        }
    }
    let mut seen = std::collections::HashSet::new();
    let mut starts = FieldStarts::new(&text[start..], line);
    for found in header.iter() {
        let (line, column) = starts.next().unwrap_or((line, 0));
        let found = found.trim();
        let message = if found.is_empty() {
            format!("a column has no name (an extra comma?); expected only: {expected}")
        } else if !names.contains(&found) {
            format!("unknown column {}; expected only: {expected}", echo(found))
        } else if !seen.insert(found) {
            format!(
                "column {} appears twice; expected each column once",
                echo(found)
            )
        } else {
            continue;
        };
        problems.push(Problem::at(path, line, column, message));
    }
    (problems.len() == before).then_some(columns)
}

/// The problem of a row with the wrong number of fields, located at the
/// start of the row or, when a quoted field spans lines, at that field.
fn field_count_problem(
    path: &Path,
    (record_text, line): (&str, usize),
    record: &ByteRecord,
    expected: usize,
) -> Problem {
    let found = record.len();
    let mut message = format!("expected {expected} fields as in the header, found {found}");
    let spill = record.iter().position(|f| f.contains(&b'\n'));
    if let Some(index) = spill {
        let lines = text_of(&record[index]).lines().count();
        message.push_str(&format!(
            "; the quoted field starting here runs over {lines} lines: is a closing '\"' missing?"
        ));
        let (line, column) = field_start(record_text, line, index);
        return Problem::at(path, line, column, message);
    }
    if found > expected {
        message.push_str("; a field holding a comma must be quoted (\"like, this\")");
    }
    Problem::at(path, line, 0, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_find_every_name_however_many_are_asked_for() {
        // More names than places: the last ones are found by a scan.
        let names: Vec<&'static str> = (0..Slots::PLACES + 9)
            .map(|i| &*Box::leak(format!("column{i}").into_boxed_str()))
            .collect();
        let slots = Slots::default();
        for _ in 0..2 {
            for (i, name) in names.iter().enumerate().rev() {
                assert_eq!(slots.of(name, &names), i);
            }
        }
        // The same name at another address is the same column.
        let copy: &'static str = Box::leak("column3".to_string().into_boxed_str());
        assert_eq!(slots.of(copy, &names), 3);
    }

    fn read(text: &[u8]) -> (Vec<Vec<String>>, Vec<String>) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.csv");
        std::fs::write(&path, text).unwrap();
        let mut problems = Problems::default();
        let mut rows = Vec::new();
        read_table(&path, &["id", "value"], &mut problems, |row| {
            rows.push(vec![
                row.text("id").to_string(),
                row.text("value").to_string(),
            ]);
            if row.text("value") == "bad" {
                row.fail("value", "is bad");
            }
        });
        let shown = problems
            .list()
            .iter()
            .map(|p| p.to_string().replace(&path.display().to_string(), "t.csv"))
            .collect();
        (rows, shown)
    }

    #[test]
    fn columns_may_come_in_any_order_with_bom_and_crlf() {
        let (rows, problems) = read(b"\xEF\xBB\xBFvalue,id\r\n1,a\r\n2,b\r\n");
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(rows, vec![vec!["a", "1"], vec!["b", "2"]]);
    }

    #[test]
    fn field_problems_point_at_line_and_column() {
        let (_, problems) = read(b"id,value\nabc,1\n\"x,y\",bad\n");
        assert_eq!(problems, vec!["t.csv:3:7: value: is bad"]);
    }

    #[test]
    fn header_problems_are_all_reported() {
        let (_, problems) = read(b"id,colour,colour\n1,2,3\n");
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(problems[0].contains("missing column `value`"));
        assert!(problems[1].starts_with("t.csv:1:4: unknown column \"colour\""));
        assert!(problems[2].starts_with("t.csv:1:11: unknown column \"colour\""));
    }

    #[test]
    fn header_columns_are_placed_past_quotes_and_spaces() {
        let (_, problems) = read(b"\"id\", value ,,\"a,b\"\n1,2,3,4\n");
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].starts_with("t.csv:1:14: a column has no name"));
        assert!(problems[1].starts_with("t.csv:1:15: unknown column \"a,b\""));
    }

    #[test]
    fn a_repeated_column_is_found_once_among_many() {
        let header = vec!["id"; 100_000].join(",") + ",value\n";
        let (_, problems) = read(format!("{header}1,2\n").as_bytes());
        assert_eq!(problems.len(), crate::problem::KEPT);
        assert!(problems[0].starts_with("t.csv:1:4: column \"id\" appears twice"));
        assert!(problems[1].starts_with("t.csv:1:7: column \"id\" appears twice"));
    }

    #[test]
    fn empty_header_only_and_non_utf8_files_are_refused() {
        assert!(read(b"").1[0].contains("the file is empty"));
        assert!(read(b"id,value\n").1[0].contains("header but no rows"));
        let (_, problems) = read(b"id,value\nPeshawar,1\nQuetta\xE9,2\n");
        assert_eq!(problems, vec!["t.csv:3:7: byte 0xE9 is not UTF-8; save the file as UTF-8 (it may be Windows-1252)"]);
    }

    #[test]
    fn bytes_that_are_not_utf8_are_placed_after_a_bom_and_each_other() {
        let (_, problems) = read(b"\xEF\xBB\xBFid,value\xE9\n\xE9\x92,\xE9\r\n");
        let places: Vec<&str> = problems
            .iter()
            .map(|p| &p[..p.find(": ").unwrap()])
            .collect();
        assert_eq!(
            places,
            vec!["t.csv:1:9", "t.csv:2:1", "t.csv:2:2", "t.csv:2:4"]
        );
        let (_, problems) = read(b"id,value\rQuetta\xE9,2\r");
        assert!(
            problems[0].starts_with("t.csv:2:7: byte 0xE9"),
            "{problems:?}"
        );
    }

    #[test]
    fn a_lone_cr_inside_a_line_is_reported_and_does_not_split_the_row() {
        let (rows, problems) = read(b"id,value\r\na,1\r\nb\rc,2\r\n");
        assert_eq!(rows, vec![vec!["a", "1"], vec!["b c", "2"]]);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].starts_with("t.csv:3:2: a carriage return (CR) alone"));
    }

    #[test]
    fn lone_cr_line_ends_count_as_lines() {
        let (rows, problems) = read(b"id,value\ra,1\rb,bad\r");
        assert_eq!(rows, vec![vec!["a", "1"], vec!["b", "bad"]]);
        assert_eq!(problems, vec!["t.csv:3:3: value: is bad"]);
    }

    #[test]
    fn wrong_field_counts_and_unclosed_quotes_are_explained() {
        let (_, problems) = read(b"id,value\na,1,2\nb\n");
        assert_eq!(problems.len(), 2);
        assert!(problems[0].starts_with("t.csv:2: expected 2 fields as in the header, found 3"));
        let (rows, problems) = read(b"id,value\na,\"open\nb,2\nc,3\n");
        assert!(rows.is_empty());
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0].starts_with("t.csv:2:3: a quoted field opens here and is never closed"),
            "{problems:?}"
        );
        let (rows, problems) = read(b"id,value\na,\"say \"\"hi\"\", twice\"\n");
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(rows[0][1], "say \"hi\", twice");
        // A doubled quote does not close the field: it is still open at the end.
        let (_, problems) = read(b"id,value\na,1\nb,\"open \"\"\n");
        assert!(
            problems[0].starts_with("t.csv:3:3: a quoted field opens here"),
            "{problems:?}"
        );
    }

    #[test]
    fn a_field_that_swallows_a_line_is_pointed_at() {
        let (_, problems) = read(b"id,value\na,\"x\nb,\"y\",z\nc,2\n");
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].starts_with("t.csv:2:3: expected 2 fields as in the header, found 3; the quoted field starting here runs over 2 lines"),
            "{problems:?}"
        );
    }

    #[test]
    fn fields_after_a_line_break_are_placed_on_their_line() {
        let (_, problems) = read(b"id,value\n\"two\nlines\",bad\n");
        assert_eq!(problems, vec!["t.csv:3:8: value: is bad"]);
    }

    /// `lf` (a file with LF line ends) as a spreadsheet may save it: with
    /// LF, CRLF or CR line ends, each with and without a byte-order mark.
    fn saved_every_way(lf: &[u8]) -> Vec<Vec<u8>> {
        let ends: [&[u8]; 3] = [b"\n", b"\r\n", b"\r"];
        let mut all = Vec::new();
        for end in ends {
            let text: Vec<u8> = lf.split(|b| *b == b'\n').collect::<Vec<_>>().join(end);
            all.push([b"\xEF\xBB\xBF".as_slice(), &text].concat());
            all.push(text);
        }
        all
    }

    /// Asserts that `lf` saved every way gives exactly `expected`.
    fn same_places_every_way(lf: &[u8], expected: &[&str]) {
        for bytes in saved_every_way(lf) {
            let (_, problems) = read(&bytes);
            assert_eq!(problems, expected, "{:?}", String::from_utf8_lossy(&bytes));
        }
    }

    #[test]
    fn problems_are_placed_alike_whatever_the_line_ends_and_bom() {
        same_places_every_way(b"id,value\na,1\nb,bad\n", &["t.csv:3:3: value: is bad"]);
        same_places_every_way(b"id,value\nb,bad", &["t.csv:2:3: value: is bad"]);
        same_places_every_way(
            b"id,value\n\"two\nlines\",bad\n\"x\",bad\n",
            &["t.csv:3:8: value: is bad", "t.csv:4:5: value: is bad"],
        );
    }

    #[test]
    fn blank_lines_before_a_row_move_it_down() {
        same_places_every_way(
            b"id,value\na,1\n\n\nb,bad\n\nc,bad\n",
            &["t.csv:5:3: value: is bad", "t.csv:7:3: value: is bad"],
        );
        same_places_every_way(
            b"\n\nid,colour\na,1\n",
            &[
                "t.csv:3: missing column `value`; the header must name: id, value",
                "t.csv:3:4: unknown column \"colour\"; expected only: id, value",
            ],
        );
    }

    #[test]
    fn row_problems_are_placed_alike_whatever_the_line_ends() {
        same_places_every_way(
            b"id,value\na,1,2\n\nb\n",
            &[
                "t.csv:2: expected 2 fields as in the header, found 3; a field holding a comma must be quoted (\"like, this\")",
                "t.csv:4: expected 2 fields as in the header, found 1",
            ],
        );
        same_places_every_way(
            b"id,value\n\n",
            &["t.csv:1: the file has a header but no rows; expected at least one record"],
        );
        let swallowed = "t.csv:3:3: expected 2 fields as in the header, found 3; the quoted field starting here runs over 2 lines: is a closing '\"' missing?";
        same_places_every_way(b"id,value\na,1\nb,\"x\nc,\"y\",z\n", &[swallowed]);
        let unclosed = "t.csv:3:3: a quoted field opens here and is never closed; add the closing '\"' (a quote inside a field is written twice: \"\")";
        same_places_every_way(b"id,value\na,1\nb,\"x\nc,2\n", &[unclosed]);
        let not_utf8 =
            "t.csv:3:4: byte 0xE9 is not UTF-8; save the file as UTF-8 (it may be Windows-1252)";
        same_places_every_way(b"id,value\na,1\nb,x\xE9\n", &[not_utf8]);
    }

    #[test]
    fn read_table_says_whether_every_row_was_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.csv");
        let complete = |text: &[u8]| {
            std::fs::write(&path, text).unwrap();
            read_table(&path, &["id", "value"], &mut Problems::default(), |_| {})
        };
        assert!(complete(b"id,value\na,1\n"));
        assert!(!complete(b"id,value\na,1\nb\n"));
        assert!(!complete(b"id\na\n"));
        assert!(!complete(b"id,value\n"));
        assert!(!complete(b"id,value\na,\xE9\n"));
    }
}
