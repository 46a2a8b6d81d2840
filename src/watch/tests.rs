//! The session against a real folder and a build that only reads it: one
//! rebuild per save (through a temporary file or not), none for outputs,
//! scratch files or the build's own reads, and the watches kept when the
//! folder is replaced. Timeouts here are failsafes, never measurements.

use super::*;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

/// A build that reads every file of the data folder, as a real one does,
/// and writes nothing.
struct Reading {
    inputs: Inputs,
    data: PathBuf,
}

impl Project for Reading {
    fn rebuild(&mut self) -> Rebuild {
        for entry in std::fs::read_dir(&self.data)
            .into_iter()
            .flatten()
            .flatten()
        {
            let _ = std::fs::read(entry.path());
        }
        Rebuild {
            inputs: Some(self.inputs.clone()),
            outcome: Outcome::UpToDate,
        }
    }
}

/// A session running on its own thread, and what it has said so far.
struct Running {
    sender: Sender<Wake>,
    lines: Arc<Mutex<Vec<String>>>,
    thread: JoinHandle<()>,
}

impl Running {
    /// Watches `dir/data` (holding counts.csv), with outputs in `dir/data/out`.
    fn start(dir: &Path) -> Running {
        let data = dir.join("data");
        std::fs::create_dir_all(&data).unwrap();
        std::fs::write(data.join("counts.csv"), "id\n1\n").unwrap();
        let inputs = Inputs::new(&data.join("out")).with(InputKind::Data, &data);
        let lines = Arc::new(Mutex::new(Vec::new()));
        let heard = lines.clone();
        let session = Session::new(Console::new(move |_, text| {
            heard.lock().unwrap().push(text.to_string())
        }));
        let sender = session.sender.clone();
        let mut project = Reading {
            inputs: inputs.clone(),
            data,
        };
        let thread = std::thread::spawn(move || session.run(&mut project, inputs).unwrap());
        let running = Running {
            sender,
            lines,
            thread,
        };
        running.wait_for("watching");
        running
    }

    /// The lines that say a file changed.
    fn changes(&self) -> Vec<String> {
        let lines = self.lines.lock().unwrap();
        lines
            .iter()
            .filter(|l| l.contains(" changed: "))
            .cloned()
            .collect()
    }

    /// Waits until a line contains `text` (failing after a long failsafe).
    fn wait_for(&self, text: &str) {
        self.wait_for_lines(text, 1)
    }

    /// Waits until `count` lines contain `text`.
    fn wait_for_lines(&self, text: &str, count: usize) {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let lines = self.lines.lock().unwrap().clone();
            if lines.iter().filter(|l| l.contains(text)).count() >= count {
                return;
            }
            assert!(Instant::now() < deadline, "no {text:?} in {lines:#?}");
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Lets any event still on its way arrive, well past the debounce.
    fn settle(&self) {
        std::thread::sleep(DEBOUNCE + SETTLE + Duration::from_millis(300));
    }

    fn stop(self) -> Vec<String> {
        self.sender.send(Wake::Stop).unwrap();
        self.thread.join().unwrap();
        Arc::try_unwrap(self.lines).unwrap().into_inner().unwrap()
    }
}

#[test]
fn each_save_rebuilds_once_and_outputs_or_scratch_files_never() {
    let dir = tempfile::tempdir().unwrap();
    let running = Running::start(dir.path());
    let data = dir.path().join("data");
    std::fs::write(data.join("counts.csv"), "id\n2\n").unwrap();
    running.wait_for("counts.csv changed");
    std::fs::create_dir_all(data.join("out/latest")).unwrap();
    std::fs::write(data.join("out/latest/metrics.json"), "{}").unwrap();
    std::fs::write(data.join(".~lock.counts.csv#"), "x").unwrap();
    std::fs::write(data.join("notes.txt"), "x").unwrap();
    // An editor's save: a temporary file renamed over the one saved.
    std::fs::write(data.join(".counts.csv.tmp"), "id\n3\n").unwrap();
    std::fs::rename(data.join(".counts.csv.tmp"), data.join("counts.csv")).unwrap();
    running.wait_for_lines("counts.csv changed", 2);
    running.settle();
    let changes = running.changes();
    assert_eq!(changes.len(), 2, "{changes:#?}");
    let lines = running.stop();
    assert_eq!(
        lines.last().unwrap(),
        "stopped watching; nothing was left half-written"
    );
}

#[test]
fn a_data_folder_removed_and_recreated_is_watched_again() {
    let dir = tempfile::tempdir().unwrap();
    let running = Running::start(dir.path());
    let data = dir.path().join("data");
    // As a checkout of another branch does it: the folder gone, then back.
    std::fs::rename(&data, dir.path().join("old")).unwrap();
    running.wait_for("data changed");
    std::fs::create_dir(&data).unwrap();
    std::fs::write(data.join("counts.csv"), "id\n4\n").unwrap();
    running.wait_for_lines(" changed: ", 2);
    running.settle();
    let before = running.changes().len();
    std::fs::write(data.join("counts.csv"), "id\n5\n").unwrap();
    running.wait_for_lines(" changed: ", before + 1);
    std::fs::remove_dir_all(dir.path().join("old")).unwrap();
    running.settle();
    assert_eq!(
        running.changes().len(),
        before + 1,
        "the old folder is not watched"
    );
    running.stop();
}

#[test]
fn a_file_deleted_and_recreated_rebuilds() {
    let dir = tempfile::tempdir().unwrap();
    let running = Running::start(dir.path());
    let counts = dir.path().join("data/counts.csv");
    std::fs::remove_file(&counts).unwrap();
    running.wait_for("counts.csv changed");
    std::fs::write(&counts, "id\n6\n").unwrap();
    running.wait_for_lines("counts.csv changed", 2);
    running.stop();
}
