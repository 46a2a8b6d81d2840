//! Hostile and broken input, run through the release binary as
//! `sitrep check --data <dir>`.
//!
//! Every folder under `tests/hostile/` is one case, described by its
//! `case.toml` (the format is in `tests/hostile/README.md`): the runner copies
//! the bundled `data/` into a temporary folder, applies the case to one file,
//! runs the binary and checks the exit code, the exact expected stderr lines,
//! the problem count, and that nothing was written. A case that edits a file
//! runs again with that file's line ends converted to CRLF and to CR, and must
//! give the same lines: a problem has one place whatever the line ends.
//! Cases too big to commit (a 50 MB field, a million rows) and cases that
//! depend on who runs the tests (chmod 000) are made here, in code.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant, SystemTime};

use serde::Deserialize;

mod common;
use common::{root, Scratch};

const BIN: &str = env!("CARGO_BIN_EXE_sitrep");

/// How long one run may take before it is killed and the case fails.
const DEADLINE: Duration = Duration::from_secs(120);

/// More stderr lines than this means the problem list was not cut short.
const MAX_LINES: usize = 100;

/// One case of `tests/hostile/<name>/case.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    /// What the case is about, in a sentence.
    about: String,
    /// The data file the case changes.
    file: Option<String>,
    /// The whole new text of `file`.
    content: Option<String>,
    /// A file in the case folder whose bytes become `file` (for bytes that
    /// are not UTF-8).
    content_file: Option<String>,
    /// Edits of the bundled `file`, in order; each `find` must occur.
    #[serde(default)]
    replace: Vec<Replace>,
    /// Remove `file`.
    #[serde(default)]
    delete: bool,
    /// Put an empty directory where `file` was: a file that cannot be read.
    #[serde(default)]
    directory: bool,
    /// Give `--data` this path, relative to the scratch folder, instead of
    /// the copied data directory.
    data: Option<String>,
    /// Expected exit code: 0 valid, 1 bad data, 2 bad usage.
    exit: i32,
    /// The count on the last stderr line ("N problems found; …").
    problems: Option<usize>,
    /// Lines stderr must contain exactly, `{dir}` standing for the data dir.
    #[serde(default)]
    expected: Vec<String>,
    /// Text stderr must contain somewhere, `{dir}` as above.
    #[serde(default)]
    expected_contains: Vec<String>,
    /// The line ends the edited `file` is also converted to, each a run of
    /// its own expecting the same output; by default both, when the case
    /// edits the file's text.
    line_ends: Option<Vec<LineEnd>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Replace {
    find: String,
    with: String,
    /// Replace every occurrence rather than the first.
    #[serde(default)]
    all: bool,
}

/// Line ends a case's file is converted to, from the LF it is written with.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "lowercase")]
enum LineEnd {
    /// As Excel writes them on Windows: CRLF at the end of each row, a line
    /// break inside a quoted field left as it is (LF).
    Crlf,
    /// As old Mac programs wrote them: every LF a CR, inside quotes too.
    Cr,
}

impl LineEnd {
    fn name(self) -> &'static str {
        match self {
            LineEnd::Crlf => "CRLF",
            LineEnd::Cr => "CR",
        }
    }
}

impl Case {
    /// Whether the case changes the text of `file` (rather than removing it
    /// or giving no file at all).
    fn edits_text(&self) -> bool {
        self.content.is_some() || self.content_file.is_some() || !self.replace.is_empty()
    }

    /// The line ends the case is also run with.
    fn line_ends(&self) -> Vec<LineEnd> {
        let default = match self.edits_text() {
            true => vec![LineEnd::Crlf, LineEnd::Cr],
            false => vec![],
        };
        self.line_ends.clone().unwrap_or(default)
    }
}

/// What one run of the binary gave.
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
    /// Whether the scratch folder is as it was before the run.
    unchanged: bool,
}

/// Runs `sitrep check --data <data>` in `scratch`.
fn check(scratch: &Scratch, data: &Path) -> Run {
    run_binary(
        scratch,
        &["check".as_ref(), "--data".as_ref(), data.as_os_str()],
    )
}

/// The report a previous build left, which a refused build must not touch.
const PREVIOUS: &[u8] = b"the previous report";

/// Runs `sitrep build` of `data` into `scratch/reports`, where a previous
/// report is waiting.
fn build(scratch: &Scratch, data: &Path) -> Run {
    let latest = scratch.path().join("reports/latest");
    fs::create_dir_all(&latest).unwrap();
    fs::write(latest.join("report.pdf"), PREVIOUS).unwrap();
    let templates = root().join("reports/templates");
    let out = scratch.path().join("reports");
    let args = [
        "build".as_ref(),
        "--data".as_ref(),
        data.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
        "--template".as_ref(),
        templates.as_os_str(),
    ];
    run_binary(scratch, &args)
}

/// Runs the binary with `args` in `scratch`, output to files outside it
/// (so that a flood of output cannot block the run).
fn run_binary(scratch: &Scratch, args: &[&std::ffi::OsStr]) -> Run {
    let logs = tempfile::tempdir().unwrap();
    let (out, err) = (logs.path().join("stdout"), logs.path().join("stderr"));
    let before = tree(scratch.path());
    let start = Instant::now();
    let mut child = Command::new(BIN)
        .current_dir(scratch.path())
        .args(args)
        .stdin(Stdio::null())
        .stdout(fs::File::create(&out).unwrap())
        .stderr(fs::File::create(&err).unwrap())
        .spawn()
        .expect("the sitrep binary runs");
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break Some(status);
        }
        if start.elapsed() > DEADLINE {
            child.kill().unwrap();
            child.wait().unwrap();
            break None;
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let read = |p: &Path| String::from_utf8_lossy(&fs::read(p).unwrap()).into_owned();
    Run {
        code: status.and_then(|s| s.code()),
        stdout: read(&out),
        stderr: read(&err),
        unchanged: tree(scratch.path()) == before,
    }
}

/// Every path under `root` with its size and modification time.
fn tree(root: &Path) -> Vec<(PathBuf, u64, Option<SystemTime>)> {
    let mut all = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let meta = fs::symlink_metadata(&path).unwrap();
            if meta.is_dir() {
                stack.push(path.clone());
            }
            all.push((path, meta.len(), meta.modified().ok()));
        }
    }
    all.sort();
    all
}

/// The last stderr line for `n` problems.
fn summary(n: usize) -> String {
    let noun = if n == 1 { "problem" } else { "problems" };
    format!("{n} {noun} found; nothing was written")
}

/// Applies `case` to the copied data; `Err` when the case cannot be applied.
fn apply(case: &Case, folder: &Path, scratch: &Scratch) -> Result<(), String> {
    let Some(name) = &case.file else {
        return Ok(());
    };
    let target = scratch.file(name);
    if let Some(text) = &case.content {
        fs::write(&target, text).unwrap();
    }
    if let Some(source) = &case.content_file {
        fs::copy(folder.join(source), &target).map_err(|e| format!("{source}: {e}"))?;
    }
    if !case.replace.is_empty() {
        let mut text = fs::read_to_string(&target).map_err(|e| format!("{name}: {e}"))?;
        for r in &case.replace {
            if !text.contains(&r.find) {
                return Err(format!("{:?} is not in the bundled {name}", r.find));
            }
            text = match r.all {
                true => text.replace(&r.find, &r.with),
                false => text.replacen(&r.find, &r.with, 1),
            };
        }
        fs::write(&target, text).unwrap();
    }
    if case.delete || case.directory {
        fs::remove_file(&target).map_err(|e| format!("{name}: {e}"))?;
    }
    if case.directory {
        fs::create_dir(&target).unwrap();
    }
    Ok(())
}

/// Converts the LF line ends of the case's file (edited already) to `end`;
/// `Err` when the file has none to convert or has line ends of its own.
fn convert(case: &Case, scratch: &Scratch, end: LineEnd) -> Result<(), String> {
    let name = case.file.as_deref().ok_or("line_ends needs a `file`")?;
    if !case.edits_text() {
        return Err("line_ends needs a case that edits the text of its file".into());
    }
    let path = scratch.file(name);
    let bytes = fs::read(&path).map_err(|e| format!("{name}: {e}"))?;
    let ok = match end {
        LineEnd::Crlf => !bytes.windows(2).any(|w| w == b"\r\n"),
        LineEnd::Cr => !bytes.contains(&b'\r'),
    };
    if !ok || !bytes.contains(&b'\n') {
        return Err(format!(
            "{name} has no LF line ends to convert to {}; set line_ends",
            end.name()
        ));
    }
    let converted = match end {
        LineEnd::Crlf => crlf_outside_quotes(&bytes),
        LineEnd::Cr => bytes
            .iter()
            .map(|b| if *b == b'\n' { b'\r' } else { *b })
            .collect(),
    };
    fs::write(&path, converted).map_err(|e| format!("{name}: {e}"))
}

/// `bytes` with each LF that ends a row made a CRLF. An LF inside a quoted
/// field is left as it is, as Excel writes it; a quote opens a field only
/// at its start, and `""` inside one is a quote, as the CSV reader reads it.
fn crlf_outside_quotes(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() + bytes.len() / 16);
    let (mut quoted, mut previous) = (false, b'\n');
    for &b in bytes {
        match b {
            b'"' if quoted => quoted = false,
            // At a field's start, or the second quote of a `""`.
            b'"' => quoted = matches!(previous, b',' | b'\n' | b'\r' | b'"'),
            b'\n' if !quoted => out.push(b'\r'),
            _ => {}
        }
        out.push(b);
        previous = b;
    }
    out
}

/// What is wrong with `run` for `case`, if anything.
fn judge(case: &Case, run: &Run, dir: &str, command: &str) -> Vec<String> {
    let mut wrong = Vec::new();
    let lines: Vec<&str> = run.stderr.lines().collect();
    if run.code != Some(case.exit) {
        wrong.push(format!("exit code {:?}, expected {}", run.code, case.exit));
    }
    for line in &case.expected {
        let line = line.replace("{dir}", dir);
        if !lines.contains(&line.as_str()) {
            wrong.push(format!("no stderr line  {line}"));
        }
    }
    for text in &case.expected_contains {
        let text = text.replace("{dir}", dir);
        if !run.stderr.contains(&text) {
            wrong.push(format!("stderr does not contain  {text}"));
        }
    }
    if let Some(n) = case.problems {
        if lines.last() != Some(&summary(n).as_str()) {
            wrong.push(format!("last line is not  {}", summary(n)));
        }
    }
    let success_word = if command == "build" {
        "built "
    } else {
        "valid"
    };
    if case.exit == 0 && !(run.stderr.is_empty() && run.stdout.contains(success_word)) {
        wrong.push(format!(
            "expected a successful run: no stderr, {success_word:?} on stdout"
        ));
    }
    if case.exit != 0 && case.expected.is_empty() && case.expected_contains.is_empty() {
        wrong.push("a failing case needs `expected` lines".into());
    }
    if lines.len() > MAX_LINES {
        wrong.push(format!(
            "{} stderr lines; the list is not cut short",
            lines.len()
        ));
    }
    // A refused run writes nothing; a successful build replaces the report.
    if case.exit != 0 && !run.unchanged {
        wrong.push("something was written in the scratch folder".into());
    }
    if case.exit == 0 && command == "check" && !run.unchanged {
        wrong.push("check wrote something".into());
    }
    wrong
}

/// Runs one case folder, as written and with each of its line ends; the
/// list of what went wrong.
fn run_case(folder: &Path) -> Vec<String> {
    let text = fs::read_to_string(folder.join("case.toml")).unwrap();
    let case: Case = match toml::from_str(&text) {
        Ok(case) => case,
        Err(err) => return vec![format!("case.toml: {err}")],
    };
    assert!(!case.about.is_empty());
    let mut wrong = run_variant(&case, folder, None);
    for end in case.line_ends() {
        wrong.extend(run_variant(&case, folder, Some(end)));
    }
    wrong
}

/// Runs `case` through `check` and `build`, its file converted to `end` if
/// given; the list of what went wrong.
fn run_variant(case: &Case, folder: &Path, end: Option<LineEnd>) -> Vec<String> {
    let scratch = Scratch::new();
    let applied = apply(case, folder, &scratch)
        .and_then(|()| end.map_or(Ok(()), |end| convert(case, &scratch, end)));
    let variant = end.map_or(String::new(), |end| format!(" ({} line ends)", end.name()));
    if let Err(err) = applied {
        return vec![format!("cannot apply the case{variant}: {err}")];
    }
    let data = match &case.data {
        Some(path) => scratch.path().join(path),
        None => scratch.data(),
    };
    let dir = data.display().to_string();
    let mut wrong = Vec::new();
    for (command, run) in [
        ("check", check(&scratch, &data)),
        ("build", build(&scratch, &data)),
    ] {
        let found = judge(case, &run, &dir, command);
        if !found.is_empty() {
            let shown = run.stderr.replace(&dir, "{dir}");
            wrong.push(format!(
                "sitrep {command}{variant}: {}\nstderr was:\n{shown}stdout was:\n{}",
                found.join("; "),
                run.stdout
            ));
        }
    }
    wrong
}

#[test]
fn every_case_in_the_corpus() {
    let corpus = root().join("tests/hostile");
    let mut folders: Vec<PathBuf> = fs::read_dir(&corpus)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("case.toml").is_file())
        .collect();
    folders.sort();
    assert!(folders.len() >= 25, "the corpus lost cases: {folders:?}");
    let failures: Vec<String> = folders
        .iter()
        .zip(run_all(&folders))
        .filter_map(|(folder, wrong)| {
            let name = folder.file_name().unwrap().to_string_lossy();
            (!wrong.is_empty()).then(|| format!("case {name}:\n  {}", wrong.join("\n  ")))
        })
        .collect();
    assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
}

/// Runs every case folder on as many threads as there are cores (each case
/// is three rounds of runs of the binary, mostly waiting for it); what went
/// wrong in each, in the order of `folders`.
fn run_all(folders: &[PathBuf]) -> Vec<Vec<String>> {
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        while let Some(folder) = folders.get(next.fetch_add(1, Ordering::Relaxed)) {
            done.push((folder.clone(), run_case(folder)));
        }
        done
    };
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut done: Vec<(PathBuf, Vec<String>)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads).map(|_| scope.spawn(work)).collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap())
            .collect()
    });
    done.sort();
    done.into_iter().map(|(_, wrong)| wrong).collect()
}

#[test]
fn converting_to_crlf_leaves_line_breaks_inside_quotes() {
    let lf = b"id,note\na,\"two\nlines, \"\"quoted\"\"\nthree\"\nb,say \"x\nc,\"\"\n";
    let crlf = b"id,note\r\na,\"two\nlines, \"\"quoted\"\"\nthree\"\r\nb,say \"x\r\nc,\"\"\r\n";
    assert_eq!(
        String::from_utf8_lossy(&crlf_outside_quotes(lf)),
        String::from_utf8_lossy(crlf)
    );
}

/// Asserts `run` refused the data with exactly `expected` problems in all,
/// showing `first`, and wrote nothing.
fn assert_refused(run: &Run, first: &str, problems: usize) {
    let lines: Vec<&str> = run.stderr.lines().collect();
    let head: String = run.stderr.chars().take(2000).collect();
    assert_eq!(run.code, Some(1), "{head}");
    assert!(lines.contains(&first), "no line {first} in:\n{head}");
    assert_eq!(lines.last(), Some(&summary(problems).as_str()), "{head}");
    assert!(lines.len() < MAX_LINES, "{} lines", lines.len());
    assert!(run.unchanged, "something was written");
}

#[test]
fn a_50_mb_field_is_quoted_short() {
    let scratch = Scratch::new();
    let path = scratch.file("incidents.csv");
    let text = fs::read_to_string(&path).unwrap();
    let huge = "B".repeat(50 * 1024 * 1024);
    let text = text.replacen(",PK,sindh,", &format!(",PK,{huge},"), 1);
    fs::write(&path, text).unwrap();
    drop(huge);
    let run = check(&scratch, &scratch.data());
    let dir = scratch.data().display().to_string();
    let first = format!(
        "error: {dir}/incidents.csv:2:28: province: unknown place \"{}…\" (52428800 characters) (the ids are listed in places.csv)",
        "B".repeat(40)
    );
    assert_refused(&run, &first, 1);
    assert!(
        run.stderr.len() < 1000,
        "{} bytes of stderr",
        run.stderr.len()
    );
}

#[test]
fn a_million_bad_rows_give_the_first_problems_and_a_count() {
    let scratch = Scratch::new();
    let path = scratch.file("incidents.csv");
    let header = fs::read_to_string(&path)
        .unwrap()
        .lines()
        .next()
        .unwrap()
        .to_string();
    let mut text = header + "\n";
    for i in 0..1_000_000 {
        text.push_str(&format!(
            "x{i},2023-02-30,PK,sindh,,isk,y,bombing,,isk-threat-2023,q,\n"
        ));
    }
    fs::write(&path, text).unwrap();
    let run = check(&scratch, &scratch.data());
    let dir = scratch.data().display().to_string();
    let bad_date = "date: expected a date written YYYY, YYYY-MM or YYYY-MM-DD (a real calendar day), found \"2023-02-30\"; 2023-02 has days 01 to 28, not 30";
    // A million bad dates, and the six casualty estimates whose incidents the
    // new file no longer lists.
    let all = 1_000_000 + 6;
    assert_refused(
        &run,
        &format!("error: {dir}/incidents.csv:2:4: {bad_date}"),
        all,
    );
    let errors = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("error: "))
        .count();
    assert_eq!(errors, sitrep::problem::SHOWN);
    let rest = format!(
        "… and {} more problems not shown",
        all - sitrep::problem::SHOWN
    );
    assert!(run.stderr.lines().any(|l| l == rest), "no line {rest}");
}

#[test]
fn a_big_windows_1252_file_is_refused_at_its_first_byte() {
    let scratch = Scratch::new();
    let mut bytes = b"id,description\n".to_vec();
    for i in 0..1_000_000 {
        // "Café attack", as Windows-1252 writes é: byte 0xE9.
        bytes.extend_from_slice(format!("t{i},Caf").as_bytes());
        bytes.push(0xE9);
        bytes.extend_from_slice(b" attack\n");
    }
    fs::write(scratch.file("attack_types.csv"), bytes).unwrap();
    let run = check(&scratch, &scratch.data());
    let dir = scratch.data().display().to_string();
    let first = format!("error: {dir}/attack_types.csv:2:7: byte 0xE9 is not UTF-8; save the file as UTF-8 (it may be Windows-1252)");
    assert_refused(&run, &first, 1_000_000);
}

#[test]
fn a_header_of_a_million_columns_is_refused_once_per_column() {
    let scratch = Scratch::new();
    let header = "id,description".to_string() + &",id".repeat(1_000_000);
    fs::write(scratch.file("attack_types.csv"), header + "\nbombing,x\n").unwrap();
    let run = check(&scratch, &scratch.data());
    let dir = scratch.data().display().to_string();
    let first = format!(
        "error: {dir}/attack_types.csv:1:16: column \"id\" appears twice; expected each column once"
    );
    assert_refused(&run, &first, 1_000_000);
}

#[test]
fn a_file_without_read_permission_is_reported() {
    let scratch = Scratch::new();
    let path = scratch.file("sources.csv");
    set_mode(&path, 0o000);
    if fs::read(&path).is_ok() {
        // Root reads whatever the mode says; the corpus case `unreadable_file`
        // covers an unreadable file by putting a directory in its place.
        eprintln!("skipped: running as root, chmod 000 does not stop reading");
        return;
    }
    let run = check(&scratch, &scratch.data());
    let dir = scratch.data().display().to_string();
    let first =
        format!("error: {dir}/sources.csv: cannot read the file: Permission denied (os error 13)");
    assert_refused(&run, &first, 1);
    set_mode(&path, 0o644);
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).unwrap();
}

#[cfg(not(unix))]
fn set_mode(_: &Path, _: u32) {}
