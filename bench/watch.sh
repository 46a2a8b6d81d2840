#!/usr/bin/env bash
# Measures `sitrep watch` from save to written report on the bundled data:
# the time from saving one edited figure in counts.csv to the rebuilt
# metrics.json showing the new value. metrics.json is swapped in with both
# PDFs in one rename, so this is also the time to the written PDF.
#
# Usage: bench/watch.sh            (from anywhere; the data is copied to a
#                                   temporary folder, never edited in place)
#
# Each save is made as an editor makes it: the whole file written to a
# temporary file beside it, then renamed over it. The clock starts before
# the temporary file is written and stops when metrics.json, polled every
# half millisecond, holds the new value; the wait includes the watcher's
# debounce. The first saves after the start are not counted (the first
# rebuild fills Typst's caches from cold). Every figure is printed: the
# median, the quartiles and the extremes of the measured saves, each sample,
# and sitrep's own account of each rebuild (its "rebuilt … in N ms" lines),
# which leaves the debounce and the event delivery as the difference. The
# machine's load average is printed with them: on a busy machine every
# figure is slower.
#
# Environment (all optional):
#   WATCH_SAVES=40      saves measured
#   WATCH_WARMUP=3      saves made first and not counted
#   WATCH_PAUSE=0.25    seconds between two saves
#   BENCH_NO_BUILD=1    use target/release/sitrep as it is (no cargo build)
#   BENCH_KEEP=1        keep the temporary folder
#
# Needs python3 (the driver that edits, polls and computes the figures).

set -u -o pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT" || exit 2
BIN="$ROOT/target/release/sitrep"

if [ "${BENCH_NO_BUILD:-0}" != 1 ]; then
    cargo build --release --quiet || exit 2
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/sitrep-watch-bench.XXXXXX") || exit 2
cp -r "$ROOT/data" "$WORK/data"
cd "$WORK" || exit 2

"$BIN" watch --data data --out out >watch.out 2>watch.err &
PID=$!

stop() {
    if kill -0 "$PID" 2>/dev/null; then
        kill -INT "$PID"
        wait "$PID"
        STATUS=$?
        [ "$STATUS" = 0 ] || echo "sitrep watch ended with status $STATUS" >&2
    fi
    if [ "${BENCH_KEEP:-0}" = 1 ]; then
        echo "kept $WORK" >&2
    else
        rm -rf "$WORK"
    fi
}
trap stop EXIT

python3 - "$WORK" "${WATCH_SAVES:-40}" "${WATCH_WARMUP:-3}" "${WATCH_PAUSE:-0.25}" <<'EOF'
import csv, io, json, os, re, statistics, sys, time

work, saves, warmup, pause = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
counts = os.path.join(work, "data", "counts.csv")
metrics = os.path.join(work, "out", "latest", "metrics.json")
log = os.path.join(work, "watch.out")
FAILSAFE = 120.0


def wait_for_line(text, count=1):
    """Waits until `count` lines of the watcher's output contain `text`."""
    deadline = time.monotonic() + FAILSAFE
    while time.monotonic() < deadline:
        with open(log) as f:
            lines = [l for l in f if text in l]
        if len(lines) >= count:
            return lines
        time.sleep(0.01)
    sys.exit(f"the watcher never said {text!r}; see {work}/watch.err")


def first_exact_row(text):
    """The line index, id and best of the first exact figure with a whole best."""
    lines = text.split("\n")
    header = next(csv.reader([lines[0]]))
    for i, line in enumerate(lines[1:], start=1):
        fields = next(csv.reader([line]), [])
        if len(fields) == len(header):
            row = dict(zip(header, fields))
            if row["qualifier"] == "exact" and row["best"].isdigit():
                return i, header.index("best"), row["id"], int(row["best"])
    sys.exit("counts.csv has no exact figure to edit")


def with_best(text, index, column, value):
    """`text` with the best of line `index` set to `value`, nothing else changed."""
    lines = text.split("\n")
    fields = next(csv.reader([lines[index]]))
    fields[column] = str(value)
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(fields)
    lines[index] = out.getvalue()
    return "\n".join(lines)


def save(text):
    """Saves as an editor does: a temporary file, renamed over counts.csv."""
    temporary = counts + ".sitrep-bench~"
    with open(temporary, "w", newline="") as f:
        f.write(text)
    os.replace(temporary, counts)


def metric_best(formula):
    try:
        with open(metrics) as f:
            for metric in json.load(f)["metrics"]:
                if metric.get("formula") == formula:
                    return metric["best"]
    except (OSError, ValueError):
        return None


def saved_and_rebuilt(text, formula, value):
    """Seconds from the start of a save to metrics.json showing `value`."""
    before = os.stat(metrics).st_ino
    start = time.perf_counter()
    save(text)
    deadline = start + FAILSAFE
    while time.perf_counter() < deadline:
        inode = os.stat(metrics).st_ino
        if inode != before:
            before = inode
            if metric_best(formula) == value:
                return time.perf_counter() - start
        time.sleep(0.0005)
    sys.exit(f"metrics.json never showed {value}; see {work}/watch.err")


def ms(seconds):
    return f"{seconds * 1000:.1f} ms"


def summary(samples):
    q = statistics.quantiles(samples, n=4) if len(samples) > 1 else samples * 3
    return (f"median {ms(statistics.median(samples))}, quartiles {ms(q[0])}–{ms(q[2])}, "
            f"min {ms(min(samples))}, max {ms(max(samples))}")


first = wait_for_line("watching")
with open(log) as f:
    print(f"start: {f.readline().strip()}")
with open(counts, newline="") as f:
    original = f.read()
index, column, record, base = first_exact_row(original)
formula = f"= stated.counts.{record}"
samples = []
for n in range(warmup + saves):
    value = base + 1 + n
    took = saved_and_rebuilt(with_best(original, index, column, value), formula, float(value))
    if n >= warmup:
        samples.append(took)
    time.sleep(pause)
rebuilt = wait_for_line(" rebuilt ", warmup + saves)
builds = []
for line in rebuilt[warmup:]:
    m = re.search(r" in (\d+) ms:", line) or re.search(r" in ([\d.]+) s:", line)
    builds.append(float(m.group(1)) / (1000 if " ms:" in line else 1))
print(f"edited counts/{record} (best {base} → {base + 1}, {base + 2}, …) {warmup + saves} times; "
      f"the first {warmup} not counted")
print(f"save to rebuilt metrics.json and PDFs: {summary(samples)} (target: median ≤ 50 ms)")
print(f"sitrep's own rebuild time:             {summary(builds)}")
print(f"load average (1, 5, 15 min):           {' '.join(open('/proc/loadavg').read().split()[:3])}")
print("samples (ms): " + " ".join(f"{s * 1000:.0f}" for s in samples))
EOF
