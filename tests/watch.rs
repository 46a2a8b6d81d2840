//! End-to-end tests of `sitrep watch`: the binary started on a copy of the
//! data, edited under it as an analyst would (a figure changed, a row broken
//! and fixed, the folder replaced by a checkout), and stopped with Ctrl-C.
//! Every wait polls with a generous timeout that is only a failsafe: nothing
//! here asserts how fast a rebuild is (bench/watch.sh measures that).

mod common;

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Child, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::*;

/// The metric the edited figure (Abdul Sayed's 257 attacks) flows into.
const METRIC: &str = "all-sources.pakistan.2021.claimed_attacks.ttp";

/// Long enough for a cold first build on a loaded two-core machine.
const FAILSAFE: Duration = Duration::from_secs(180);

/// A running `sitrep watch` and every line it has printed so far.
struct Watching {
    child: Child,
    out: Arc<Mutex<Vec<String>>>,
    err: Arc<Mutex<Vec<String>>>,
}

impl Watching {
    /// Starts `sitrep watch` in `dir` on `dir/data`, writing into `dir/out`,
    /// and waits until it watches.
    fn start(dir: &Path) -> Watching {
        let mut child = command(&["watch", "--data", "data", "--out", "out"], dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start sitrep watch");
        let out = collect(child.stdout.take().unwrap());
        let err = collect(child.stderr.take().unwrap());
        let watching = Watching { child, out, err };
        watching.wait_for_out("watching data");
        watching
    }

    fn wait_for_out(&self, text: &str) {
        wait_for(&self.out, text, 1, &self.err)
    }

    fn wait_for_err(&self, text: &str) {
        wait_for(&self.err, text, 1, &self.out)
    }

    /// Waits until `count` lines of standard output contain `text`.
    fn wait_for_outs(&self, text: &str, count: usize) {
        wait_for(&self.out, text, count, &self.err)
    }

    /// Sends Ctrl-C (SIGINT) and waits for the process to end.
    fn interrupt(mut self) -> (ExitStatus, Vec<String>) {
        let pid = self.child.id() as libc::pid_t;
        // SAFETY: kill(2) with a pid of a child this test started and a
        // valid signal number; it touches no memory.
        assert_eq!(unsafe { libc::kill(pid, libc::SIGINT) }, 0);
        let deadline = Instant::now() + FAILSAFE;
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            assert!(Instant::now() < deadline, "sitrep watch did not stop");
            std::thread::sleep(Duration::from_millis(20));
        };
        // The readers end with the pipes; give them a moment to take the rest.
        std::thread::sleep(Duration::from_millis(100));
        let out = self.out.lock().unwrap().clone();
        (status, out)
    }
}

impl Drop for Watching {
    fn drop(&mut self) {
        // A failed test must not leave the watcher running.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Reads `pipe` line by line into the list returned, on its own thread.
fn collect(pipe: impl Read + Send + 'static) -> Arc<Mutex<Vec<String>>> {
    let lines = Arc::new(Mutex::new(Vec::new()));
    let into = lines.clone();
    std::thread::spawn(move || {
        for line in BufReader::new(pipe).lines().map_while(Result::ok) {
            into.lock().unwrap().push(line);
        }
    });
    lines
}

/// Waits until `count` of `lines` contain `text`; on the failsafe, fails
/// showing them and `other` (the other stream).
fn wait_for(lines: &Mutex<Vec<String>>, text: &str, count: usize, other: &Mutex<Vec<String>>) {
    let deadline = Instant::now() + FAILSAFE;
    loop {
        let seen = lines.lock().unwrap().clone();
        if seen.iter().filter(|l| l.contains(text)).count() >= count {
            return;
        }
        let other = other.lock().unwrap().clone();
        assert!(
            Instant::now() < deadline,
            "no {text:?} in {seen:#?}\nother stream: {other:#?}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The best value of [`METRIC`] in `dir/out/latest/metrics.json`.
fn best(dir: &Path) -> serde_json::Value {
    let metrics = read_metrics(&dir.join("out/latest/metrics.json"));
    metric(&metrics, METRIC)["best"].clone()
}

/// Waits until the built metrics.json says `value` for [`METRIC`].
fn wait_for_best(dir: &Path, value: f64) {
    let deadline = Instant::now() + FAILSAFE;
    while best(dir) != serde_json::json!(value) {
        assert!(
            Instant::now() < deadline,
            "metrics.json still says {}",
            best(dir)
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The 1-based line of `dir/data/counts.csv` that holds `text`.
fn line_of(dir: &Path, text: &str) -> usize {
    let counts = std::fs::read_to_string(dir.join("data/counts.csv")).unwrap();
    counts.lines().position(|l| l.contains(text)).unwrap() + 1
}

#[test]
fn watch_rebuilds_on_each_save_keeps_the_last_good_report_and_stops_cleanly() {
    let scratch = Scratch::new();
    let dir = scratch.path();
    let watching = Watching::start(dir);
    assert_eq!(best(dir), serde_json::json!(257.0));

    edit_data(dir, "counts.csv", ",exact,,257,", ",exact,,263,");
    wait_for_best(dir, 263.0);
    watching.wait_for_out("data/counts.csv changed: rebuilt out/latest in ");

    let good = hashes(&dir.join("out/latest"));
    edit_data(dir, "counts.csv", ",exact,,263,", ",exact,,26x,");
    let line = line_of(dir, ",exact,,26x,");
    watching.wait_for_err("data/counts.csv changed: not rebuilt");
    watching.wait_for_err(&format!("error: data/counts.csv:{line}:"));
    watching.wait_for_err("best: expected a number such as 2000 or 15.5, found \"26x\"");
    assert_eq!(
        hashes(&dir.join("out/latest")),
        good,
        "an invalid edit leaves the last good report byte for byte"
    );

    edit_data(dir, "counts.csv", ",exact,,26x,", ",exact,,264,");
    wait_for_best(dir, 264.0);
    watching.wait_for_outs("data/counts.csv changed: rebuilt out/latest in ", 2);

    let (status, out) = watching.interrupt();
    assert!(
        status.success(),
        "Ctrl-C ends it with 0: {status:?}\n{out:#?}"
    );
    assert_eq!(
        out.last().map(String::as_str),
        Some("stopped watching; nothing was left half-written")
    );
    let mut left: Vec<String> = std::fs::read_dir(dir.join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(
        left,
        [".sitrep-cache", "latest"],
        "no staging folder is left"
    );
    assert!(dir.join("out/latest/report.pdf").is_file());
}

#[test]
fn watch_follows_a_data_folder_replaced_by_a_checkout() {
    let scratch = Scratch::new();
    let dir = scratch.path();
    let watching = Watching::start(dir);
    // A checkout of another revision: the folder removed, then written anew.
    std::fs::rename(dir.join("data"), dir.join("before")).unwrap();
    copy_dir(&dir.join("before"), &dir.join("data"));
    edit_data(dir, "counts.csv", ",exact,,257,", ",exact,,270,");
    wait_for_best(dir, 270.0);
    // Edits in the new folder are seen too.
    edit_data(dir, "counts.csv", ",exact,,270,", ",exact,,271,");
    wait_for_best(dir, 271.0);
    let (status, _) = watching.interrupt();
    assert!(status.success());
}

#[test]
fn watch_without_a_data_folder_is_bad_usage() {
    let dir = tempfile::tempdir().unwrap();
    let out = sitrep(&["watch", "--data", "missing"], dir.path());
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("missing: data directory not found"),
        "{}",
        stderr(&out)
    );
}
