//! Reading a dataset file row by row: a byte-order mark is skipped, the
//! header is decoded once, and each field is decoded only when asked for
//! (UTF-8 or Windows-1252), trimmed, with runs of white space and line
//! breaks turned into one space.

use std::borrow::Cow;
use std::cell::Cell;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use csv::{ByteRecord, ReaderBuilder};
use encoding_rs::WINDOWS_1252;

use super::options::{Format, ImportError};

/// How the bytes of a file are read as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Encoding {
    /// UTF-8; any other byte is a located problem.
    Utf8,
    Windows1252,
    /// UTF-8 where a field is valid UTF-8, else Windows-1252 (the built-in
    /// formats: GTD files have shipped in both).
    Auto,
}

const BOM: [u8; 3] = [0xEF, 0xBB, 0xBF];

/// An open dataset file, its header read.
pub(crate) struct Input {
    pub path: PathBuf,
    reader: csv::Reader<BufReader<File>>,
    /// Bytes before the CSV text (a byte-order mark).
    skipped: u64,
    pub encoding: Encoding,
    /// The header's names, trimmed.
    pub header: Vec<String>,
}

impl Input {
    pub fn open(path: &Path, encoding: Encoding, format: Format) -> Result<Input, ImportError> {
        let read_error = |source| ImportError::Read {
            path: path.to_path_buf(),
            source,
        };
        let file = File::open(path).map_err(read_error)?;
        let mut buffer = BufReader::with_capacity(1 << 18, file);
        let skipped = if buffer.fill_buf().map_err(read_error)?.starts_with(&BOM) {
            buffer.consume(BOM.len());
            BOM.len() as u64
        } else {
            0
        };
        let mut reader = ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(buffer);
        let mut record = ByteRecord::new();
        let found = reader
            .read_byte_record(&mut record)
            .map_err(|e| ImportError::Read {
                path: path.to_path_buf(),
                source: e.into(),
            })?;
        let header: Vec<String> = record
            .iter()
            .map(|field| {
                let text = match decode(field, encoding) {
                    Ok(text) | Err((text, _)) => text,
                };
                text.trim().to_string()
            })
            .collect();
        if !found || header.iter().all(String::is_empty) {
            return Err(ImportError::Empty {
                path: path.to_path_buf(),
                format,
            });
        }
        Ok(Input {
            path: path.to_path_buf(),
            reader,
            skipped,
            encoding,
            header,
        })
    }

    /// The header line as read (trimmed names joined by commas).
    pub fn header_line(&self) -> String {
        self.header.join(",")
    }

    /// The index of the column named `name` (compared without case).
    pub fn column(&self, name: &str) -> Option<usize> {
        self.header
            .iter()
            .position(|h| h.eq_ignore_ascii_case(name.trim()))
    }

    /// The header name of field `index`, for messages.
    pub fn header_name(&self, index: usize) -> String {
        match self.header.get(index) {
            Some(name) if !name.is_empty() => name.clone(),
            _ => format!("column {}", index + 1),
        }
    }

    /// Reads the next row into `record`; false at the end of the file.
    pub fn read(&mut self, record: &mut ByteRecord) -> Result<bool, ImportError> {
        self.reader
            .read_byte_record(record)
            .map_err(|e| ImportError::Read {
                path: self.path.clone(),
                source: e.into(),
            })
    }

    /// Whether a row has as many fields as the header, allowing one trailing
    /// empty field on either (some UCDP files end every line with a comma).
    pub fn fits(&self, record: &ByteRecord) -> bool {
        let (found, width) = (record.len(), self.header.len());
        let blank = |b: &[u8]| b.iter().all(u8::is_ascii_whitespace);
        found == width
            || (found == width + 1 && blank(&record[width]))
            || (found + 1 == width && self.header[width - 1].is_empty())
    }

    /// The (line, character column) where field `field` starts, for each
    /// row given by the byte offset the CSV reader gave for it. Lines are
    /// counted as the data files count them — LF, CRLF and CR each end one
    /// line, a byte-order mark is no character — by one pass over the file
    /// up to the last row asked for, so this is cheap for a few problems.
    pub fn locate(&self, spots: &[(u64, usize)]) -> Vec<(usize, usize)> {
        let mut order: Vec<usize> = (0..spots.len()).collect();
        order.sort_by_key(|&i| spots[i].0);
        let mut places = vec![(0, 0); spots.len()];
        let Ok(file) = File::open(&self.path) else {
            return places;
        };
        let mut scan = Scan::new(BufReader::new(file), self.encoding);
        for i in order {
            let (byte, field) = spots[i];
            places[i] = scan.field_start(self.skipped + byte, field);
        }
        places
    }
}

/// A pass over a file's raw bytes that knows the line it is on.
struct Scan {
    file: BufReader<File>,
    encoding: Encoding,
    /// Bytes read so far.
    at: u64,
    /// 1-based line of the next byte.
    line: usize,
    /// The last byte was a CR (a LF after it ends no second line).
    after_cr: bool,
}

impl Scan {
    fn new(file: BufReader<File>, encoding: Encoding) -> Scan {
        Scan {
            file,
            encoding,
            at: 0,
            line: 1,
            after_cr: false,
        }
    }

    fn next(&mut self) -> Option<u8> {
        let byte = *self.file.fill_buf().ok()?.first()?;
        self.file.consume(1);
        self.at += 1;
        let ends_line = byte == b'\r' || (byte == b'\n' && !self.after_cr);
        self.line += usize::from(ends_line);
        self.after_cr = byte == b'\r';
        Some(byte)
    }

    fn peek(&mut self) -> Option<u8> {
        self.file.fill_buf().ok()?.first().copied()
    }

    /// Moves to byte `to` (never back: spots come in file order), counting
    /// line ends on the way, a block at a time.
    fn skip_to(&mut self, to: u64) {
        while self.at < to {
            let Ok(block) = self.file.fill_buf() else {
                return;
            };
            let take = block.len().min((to - self.at) as usize);
            if take == 0 {
                return;
            }
            let block = &block[..take];
            for end in memchr::memchr2_iter(b'\r', b'\n', block) {
                let lf_after_cr = block[end] == b'\n'
                    && if end == 0 {
                        self.after_cr
                    } else {
                        block[end - 1] == b'\r'
                    };
                self.line += usize::from(!lf_after_cr);
            }
            self.after_cr = block[take - 1] == b'\r';
            self.file.consume(take);
            self.at += take as u64;
        }
    }

    /// Line and character column where field `field` of the record at byte
    /// `record` starts: commas outside quotes separate fields, a line end
    /// inside quotes moves to the next line. `(line, 0)` when the record
    /// ends first (on the record's first line).
    fn field_start(&mut self, record: u64, field: usize) -> (usize, usize) {
        self.skip_to(record);
        // The reader may place a record at the line end before it (the LF
        // of a CRLF, a blank line): those bytes are no part of the row.
        while matches!(self.peek(), Some(b'\r' | b'\n')) {
            self.next();
        }
        let first_line = self.line;
        let (mut column, mut index, mut quoted) = (1, 0, false);
        while index < field {
            let Some(b) = self.next() else {
                return (first_line, 0);
            };
            match b {
                b'"' => quoted = !quoted,
                b',' if !quoted => index += 1,
                b'\r' | b'\n' if !quoted => return (first_line, 0),
                _ => {}
            }
            if b == b'\r' || b == b'\n' {
                // A line end inside quotes: the next byte starts a line.
                column = 1;
            } else if self.encoding == Encoding::Windows1252 || b & 0xC0 != 0x80 {
                // Count characters, not bytes: skip UTF-8 continuation bytes.
                column += 1;
            }
        }
        (self.line, column)
    }
}

/// Decodes a field; `Err` holds a lossy text and the first byte that is not
/// UTF-8 when the encoding is strict UTF-8.
pub(crate) fn decode(bytes: &[u8], encoding: Encoding) -> Result<Cow<'_, str>, (Cow<'_, str>, u8)> {
    match encoding {
        Encoding::Windows1252 => Ok(WINDOWS_1252.decode_without_bom_handling(bytes).0),
        Encoding::Auto => match std::str::from_utf8(bytes) {
            Ok(text) => Ok(Cow::Borrowed(text)),
            Err(_) => Ok(WINDOWS_1252.decode_without_bom_handling(bytes).0),
        },
        Encoding::Utf8 => match std::str::from_utf8(bytes) {
            Ok(text) => Ok(Cow::Borrowed(text)),
            Err(err) => Err((String::from_utf8_lossy(bytes), bytes[err.valid_up_to()])),
        },
    }
}

/// Trims a text and turns every run of white space into one space.
pub(crate) fn tidy(text: Cow<'_, str>) -> Cow<'_, str> {
    let clean = |t: &str| {
        let b = t.as_bytes();
        !b.iter().any(|c| matches!(c, b'\n' | b'\r' | b'\t')) && !b.windows(2).any(|w| w == b"  ")
    };
    let collapse = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
    match text {
        Cow::Borrowed(s) => {
            let t = s.trim();
            if clean(t) {
                Cow::Borrowed(t)
            } else {
                Cow::Owned(collapse(t))
            }
        }
        Cow::Owned(s) => {
            if s.trim().len() == s.len() && clean(&s) {
                Cow::Owned(s)
            } else {
                Cow::Owned(collapse(s.trim()))
            }
        }
    }
}

/// One row of the file, with what is needed to read its fields.
pub(crate) struct Row<'r> {
    pub record: &'r ByteRecord,
    pub encoding: Encoding,
    /// Cell texts that mean "empty" (`N/A`), from the mapping file.
    pub empty: &'r [String],
    /// The first field that is not valid UTF-8, and its bad byte.
    pub bad: Cell<Option<(usize, u8)>>,
    /// The 1-based number of this data row (the header not counted).
    pub number: u64,
}

impl<'r> Row<'r> {
    /// Field `index`, decoded and tidied; empty when missing or when it is
    /// one of the texts that mean empty.
    pub fn get(&self, index: usize) -> Cow<'r, str> {
        let bytes = self.record.get(index).unwrap_or(b"");
        let text = match decode(bytes, self.encoding) {
            Ok(text) => text,
            Err((text, byte)) => {
                if self.bad.get().is_none() {
                    self.bad.set(Some((index, byte)));
                }
                text
            }
        };
        let text = tidy(text);
        if self.empty.iter().any(|e| e.as_str() == text.as_ref()) {
            Cow::Borrowed("")
        } else {
            text
        }
    }

    /// Like [`get`](Self::get), empty for a column the file does not have.
    pub fn opt(&self, index: Option<usize>) -> Cow<'r, str> {
        index.map_or(Cow::Borrowed(""), |i| self.get(i))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tidy_trims_and_collapses_only_when_needed() {
        assert!(matches!(
            tidy(Cow::Borrowed(" Karachi ")),
            Cow::Borrowed("Karachi")
        ));
        assert_eq!(
            tidy(Cow::Borrowed("Lady Reading \nHospital ")),
            "Lady Reading Hospital"
        );
        assert_eq!(tidy(Cow::Owned("a  b".into())), "a b");
    }

    #[test]
    fn windows_1252_and_auto_decode_the_same_bytes() {
        let bytes = b"Officers\x92 Colony";
        assert_eq!(
            decode(bytes, Encoding::Windows1252).unwrap(),
            "Officers\u{2019} Colony"
        );
        assert_eq!(
            decode(bytes, Encoding::Auto).unwrap(),
            "Officers\u{2019} Colony"
        );
        assert_eq!(decode(bytes, Encoding::Utf8).unwrap_err().1, 0x92);
        assert_eq!(
            decode("Peshāwar".as_bytes(), Encoding::Auto).unwrap(),
            "Peshāwar"
        );
    }

    #[test]
    fn a_field_is_placed_by_lines_as_the_data_files_count_them() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.csv");
        // CRLF ends, a CR-only break inside quotes, a blank line.
        std::fs::write(
            &path,
            "h1,h2,h3\r\nx,\"two\rlines\",z\r\n\r\nA,\u{e9}\u{e9},C\r\n",
        )
        .unwrap();
        let file = || BufReader::new(File::open(&path).unwrap());
        let mut scan = Scan::new(file(), Encoding::Utf8);
        // The CSV reader may give a record's start as the LF before it.
        assert_eq!(scan.field_start(9, 2), (3, 8));
        assert_eq!(scan.field_start(26, 2), (5, 6));
        let mut scan = Scan::new(file(), Encoding::Utf8);
        assert_eq!(scan.field_start(10, 5), (2, 0), "a short row: its line");
    }
}
