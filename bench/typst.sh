#!/usr/bin/env bash
# The curated build against Typst alone: `sitrep build --force` on data/
# (load, validate, compute, charts, both PDFs, written atomically) side by
# side, in one hyperfine run, with the typst CLI (0.15.1, the version
# sitrep's typst crate is) compiling the same two documents from the inputs
# `sitrep build --keep-typst` keeps. First it checks that those compiles
# give sitrep's PDFs byte for byte, so both sides do the same work.
#
# Usage: bench/typst.sh          (prints a Markdown section on stdout)
#
# Environment (all optional):
#   BENCH_TYPST_RUNS=30      hyperfine runs per command (after 3 warm-ups)
#   TYPST_PDF_ARGS=""        extra `typst compile` options matching the
#                            PdfOptions of src/report/render/mod.rs (e.g.
#                            "--pdf-standard a-2b --pdf-standard ua-1")
#   BENCH_KEEP=1             keep the temporary folder
#
# The typst CLI is installed once into bench/.typst-cli/ by
# bench/typst-cli.sh (a cold install compiles typst: see bench/RESULTS.md).

set -eu -o pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
BIN="$ROOT/target/release/sitrep"
RUNS=${BENCH_TYPST_RUNS:-30}
PDF_ARGS=${TYPST_PDF_ARGS:-}

log() { printf '%s\n' "$*" >&2; }

command -v hyperfine >/dev/null || { log "error: hyperfine is missing (apt-get install -y hyperfine)"; exit 2; }
cargo build --release >&2
TYPST=$("$ROOT/bench/typst-cli.sh")

WORK=$(mktemp -d "${TMPDIR:-/tmp}/sitrep-typst.XXXXXX")
if [ "${BENCH_KEEP:-0}" = 1 ]; then log "keeping $WORK"; else trap 'rm -rf "$WORK"' EXIT; fi

# The inputs, and sitrep's PDFs to compare with. The timestamp is the
# data's as-of date at midnight UTC, as sitrep stamps it.
unset SOURCE_DATE_EPOCH SITREP_TIMINGS
"$BIN" build --force --keep-typst --data data --out "$WORK/kept" >/dev/null
KEPT="$WORK/kept/latest"
AS_OF=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["as_of"])' "$KEPT/metrics.json")
EPOCH=$(date -u -d "$AS_OF 00:00:00" +%s)
FONTS="$WORK/fonts"
mkdir -p "$FONTS"
cp assets/fonts/*.ttf "$FONTS/"

# typst_compile NAME OUT_DIR: the typst CLI compiling one kept document.
typst_args() {
    # shellcheck disable=SC2086
    echo compile --root "$KEPT/typst" --ignore-system-fonts --font-path "$FONTS" \
        --creation-timestamp "$EPOCH" $PDF_ARGS "$KEPT/typst/$1.typ" "$2/$1.pdf"
}

mkdir -p "$WORK/typst-out"
identical=yes
for doc in report briefing; do
    # shellcheck disable=SC2046
    "$TYPST" $(typst_args "$doc" "$WORK/typst-out")
    if cmp -s "$KEPT/$doc.pdf" "$WORK/typst-out/$doc.pdf"; then
        log "$doc.pdf: typst compile gives sitrep's bytes"
    else
        log "$doc.pdf: typst compile differs from sitrep's: $(cmp "$KEPT/$doc.pdf" "$WORK/typst-out/$doc.pdf" || true)"
        identical=no
    fi
done

# Side by side. Typst alone is two processes, one per document, run by one
# `sh -c` (about a millisecond of its own).
both="$TYPST $(typst_args report "$WORK/typst-out") && $TYPST $(typst_args briefing "$WORK/typst-out")"
hyperfine --warmup 3 --runs "$RUNS" --style none --export-json "$WORK/side-by-side.json" \
    -n "sitrep build --force (curated)" "$BIN build --force --data data --out $WORK/built" \
    -n "typst compile report + briefing" "sh -c '$both'" \
    -n "typst compile report" "$TYPST $(typst_args report "$WORK/typst-out")" >&2

python3 - "$WORK/side-by-side.json" "$RUNS" "$identical" "$("$TYPST" --version)" <<'EOF'
import json, statistics, sys
results = json.load(open(sys.argv[1]))["results"]
runs, identical, version = sys.argv[2], sys.argv[3], sys.argv[4]
med = {r["command"]: statistics.median(r["times"]) for r in results}
sitrep = med["sitrep build --force (curated)"]
both = med["typst compile report + briefing"]
print("## The curated build against Typst alone (`bench/typst.sh`)")
print()
print(f"hyperfine, {runs} runs each after 3 warm-ups, one run for all three; {version}")
print("from `bench/.typst-cli/`, given the inputs `sitrep build --keep-typst` keeps,")
print("with `--ignore-system-fonts`, sitrep's fonts and its timestamp. Typst's PDFs")
print(f"byte-identical to sitrep's: {identical}.")
print()
print("| command | median ms | min ms | max ms |")
print("|---|---:|---:|---:|")
for r in results:
    t = r["times"]
    print(f"| `{r['command']}` | {1000 * med[r['command']]:.1f} | {1000 * min(t):.1f} | {1000 * max(t):.1f} |")
print()
met = "✓" if sitrep <= 0.150 else "✗"
faster = "✓" if sitrep <= both else "✗"
print(f"sitrep's whole build / Typst alone on the same two documents: {sitrep / both:.2f} "
      f"(never slower {faster}); median {1000 * sitrep:.0f} ms (≤ 150 ms {met}).")
EOF
