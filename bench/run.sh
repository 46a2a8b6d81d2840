#!/usr/bin/env bash
# Benchmarks sitrep on the curated data and on synthetic data of 10 000,
# 100 000 and 1 000 000 incidents, and writes bench/RESULTS.md.
#
# Usage: bench/run.sh            (from anywhere; runs in the repository root)
#
# Measured, each on the curated data (data/) and every synthetic size:
#   sitrep check --data D
#   sitrep build --force --data D --out O   (report.pdf and briefing.pdf; --force so
#                                           repeated runs typeset rather than skip)
#   sitrep diff D1 D2                    (D2 = D1 with one figure changed and one incident appended)
# plus `sitrep synth` itself and `sitrep import ucdp FILE --out O` of a
# generated 1 000 000-row UCDP GED CSV; then bench/typst.sh, the curated build
# side by side with the typst CLI compiling the same two documents.
#
# Each cell reports the median wall time and the peak resident memory
# (/usr/bin/time, "Maximum resident set size") over up to 5 runs (3 for
# 1 000 000), fewer when one run is slow (see BENCH_CELL_BUDGET). Wall times
# come from hyperfine when it is installed, otherwise from the runs
# themselves. A command the binary does not have is recorded as "not
# available"; a run that fails, exceeds BENCH_TIMEOUT seconds or the memory
# limit is recorded as such, and larger sizes of that command are skipped
# when the smaller one, scaled linearly, would exceed either limit.
#
# Environment (all optional):
#   BENCH_SIZES="10000 100000 1000000"  synthetic sizes
#   BENCH_SEED=1                        seed for `sitrep synth`
#   BENCH_RUNS=5  BENCH_RUNS_LARGE=3    runs per cell (LARGE: 1 000 000 and more)
#   BENCH_CELL_BUDGET=60                seconds of repeated runs per cell
#   BENCH_TIMEOUT=240                   seconds before one run is killed
#   BENCH_MEM_LIMIT_MIB=16384           virtual memory limit of one run (ulimit -v)
#   BENCH_IMPORT_ROWS=1000000           rows of the generated UCDP file
#   BENCH_KEEP=1                        keep the temporary folder
#   BENCH_TYPST=0                       skip bench/typst.sh (which installs the
#                                       typst CLI into bench/.typst-cli once)
#
# Generated data goes to a temporary folder (mktemp -d), never the repository.

set -u -o pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT" || exit 2
BIN="$ROOT/target/release/sitrep"
OUT_MD="$ROOT/bench/RESULTS.md"

SIZES=${BENCH_SIZES:-"10000 100000 1000000"}
SEED=${BENCH_SEED:-1}
RUNS=${BENCH_RUNS:-5}
RUNS_LARGE=${BENCH_RUNS_LARGE:-3}
CELL_BUDGET=${BENCH_CELL_BUDGET:-60}
TIMEOUT=${BENCH_TIMEOUT:-240}
MEM_LIMIT_MIB=${BENCH_MEM_LIMIT_MIB:-16384}
IMPORT_ROWS=${BENCH_IMPORT_ROWS:-1000000}
TEMPLATES="$ROOT/reports/templates"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/sitrep-bench.XXXXXX") || exit 2
if [ "${BENCH_KEEP:-0}" = 1 ]; then
    echo "keeping $WORK"
else
    trap 'rm -rf "$WORK"' EXIT
fi

log() { printf '%s\n' "$*" >&2; }

if [ ! -x /usr/bin/time ]; then
    log "error: /usr/bin/time is missing; install it (apt-get install -y time)"
    exit 2
fi
HYPERFINE=$(command -v hyperfine || true)

# ---------------------------------------------------------------------------
log "== cargo build --release"
cargo build --release >&2 || { log "error: cargo build --release failed"; exit 1; }

# Whether the binary has a subcommand (its --help succeeds).
has_command() { "$BIN" "$@" --help >/dev/null 2>&1; }

# ---------------------------------------------------------------------------
# Measuring

RESULTS="$WORK/results.txt"   # command, size, median s, peak MiB, runs, status (\x1f between)
NOTES="$WORK/notes.md"
STAGES="$WORK/stages.md"
: >"$RESULTS"
: >"$NOTES"
: >"$STAGES"
export SITREP_TIMINGS=1   # builds that support it print their stage times on stderr
declare -A MEDIAN RSS STATUS   # by "command|size", for skipping larger sizes

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) exit; if (NR % 2) printf "%.3f", v[(NR + 1) / 2]; else printf "%.3f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# One timed run of "$@" with the limits; sets RUN_S, RUN_MIB and RUN_CODE.
run_once() {
    local started ended
    started=$(date +%s%N)
    (
        ulimit -v $((MEM_LIMIT_MIB * 1024)) 2>/dev/null
        /usr/bin/time -f '%M' -o "$WORK/time.txt" timeout -k 5 "$TIMEOUT" "$@" >"$WORK/stdout.txt" 2>"$WORK/stderr.txt"
    )
    RUN_CODE=$?
    ended=$(date +%s%N)
    RUN_S=$(awk -v a="$started" -v b="$ended" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')
    local kib
    kib=$(grep -E '^[0-9]+$' "$WORK/time.txt" | tail -n 1)
    RUN_MIB=$(awk -v k="${kib:-0}" 'BEGIN { printf "%.0f", k / 1024 }')
}

# record COMMAND SIZE MEDIAN MIB RUNS STATUS
record() {
    local IFS=$'\x1f'
    printf '%s\n' "$*" >>"$RESULTS"
    MEDIAN["$1|$2"]=$3
    RSS["$1|$2"]=$4
    STATUS["$1|$2"]=$6
    log "   $1 [$2]: ${3:-–} s, ${4:-–} MiB, $5 run(s) $6"
}

# measure COMMAND SIZE EVENTS PREVIOUS_SIZE -- argv...
# Runs argv up to RUNS times (RUNS_LARGE for 1 000 000 events and more).
measure() {
    local name=$1 size=$2 events=$3 previous=$4
    shift 5
    local key="$name|$size" wanted=$RUNS
    [ "$events" -ge 1000000 ] && wanted=$RUNS_LARGE
    log "== $name [$size]: $*"
    # Skip when the previous size failed, or would exceed a limit at this size.
    if [ -n "$previous" ] && [ -n "${STATUS["$name|$previous"]+x}" ]; then
        local before=${STATUS["$name|$previous"]}
        if [ "$before" != ok ]; then
            record "$name" "$size" "" "" 0 "skipped: $previous was ${before%%:*}"
            return
        fi
        local ratio estimate_s estimate_mib
        ratio=$(awk -v a="$events" -v b="$previous" 'BEGIN { print a / b }')
        estimate_s=$(awk -v m="${MEDIAN["$name|$previous"]}" -v r="$ratio" 'BEGIN { printf "%.0f", m * r }')
        estimate_mib=$(awk -v m="${RSS["$name|$previous"]}" -v r="$ratio" 'BEGIN { printf "%.0f", m * r }')
        if [ "$estimate_s" -gt "$TIMEOUT" ] || [ "$estimate_mib" -gt "$MEM_LIMIT_MIB" ]; then
            record "$name" "$size" "" "" 0 "skipped: ~${estimate_s} s / ~${estimate_mib} MiB extrapolated from $previous (limits ${TIMEOUT} s, ${MEM_LIMIT_MIB} MiB)"
            return
        fi
    fi
    run_once "$@"
    if [ "$RUN_CODE" -ne 0 ]; then
        local why="failed (exit $RUN_CODE)"
        if [ "$RUN_CODE" -eq 124 ] || { [ "$RUN_CODE" -eq 137 ] && awk -v s="$RUN_S" -v t="$TIMEOUT" 'BEGIN { exit !(s >= t) }'; }; then
            why="timeout: killed after ${TIMEOUT} s"
        elif grep -qiE 'memory allocation|out of memory|cannot allocate' "$WORK/stderr.txt"; then
            why="out of memory: over the ${MEM_LIMIT_MIB} MiB limit"
        fi
        record "$name" "$size" "" "$RUN_MIB" 1 "$why"
        {
            printf -- '- `%s` [%s]: %s; `%s`\n' "$name" "$size" "$why" "$*"
            printf '  ```text\n'
            if [ -s "$WORK/stderr.txt" ]; then
                tail -n 5 "$WORK/stderr.txt" | cut -c1-300 | sed 's/^/  /'
            else
                echo "  (nothing on stderr)"
            fi
            printf '  ```\n'
        } >>"$NOTES"
        return
    fi
    # Stage timings, when the binary prints them (SITREP_TIMINGS=1).
    if grep -q '^timing:' "$WORK/stderr.txt"; then
        printf -- '- `%s` [%s]: %s\n' "$name" "$(size_label "$size")" \
            "$(sed -n 's/^timing: //p' "$WORK/stderr.txt" | paste -sd ';' - | sed 's/;/; /g')" >>"$STAGES"
    fi
    local times="$RUN_S" peak=$RUN_MIB runs=1
    # More runs while they fit in the cell's time budget.
    local more
    more=$(awk -v s="$RUN_S" -v b="$CELL_BUDGET" -v w="$wanted" 'BEGIN { n = int((b - s) / (s > 0.001 ? s : 0.001)); if (n > w - 1) n = w - 1; if (n < 0) n = 0; print n }')
    if [ "$more" -gt 0 ] && [ -n "$HYPERFINE" ]; then
        if (
            ulimit -v $((MEM_LIMIT_MIB * 1024)) 2>/dev/null
            "$HYPERFINE" --shell=none --runs "$more" --export-json "$WORK/hyperfine.json" --style none -- "$(printf '%q ' "$@")" >/dev/null 2>"$WORK/stderr.txt"
        ); then
            times="$times $(python3 -c 'import json,sys; print(" ".join("%.3f" % t for t in json.load(open(sys.argv[1]))["results"][0]["times"]))' "$WORK/hyperfine.json")"
            runs=$((runs + more))
        else
            log "   hyperfine failed; timing the runs directly"
            HYPERFINE=""
        fi
    fi
    if [ "$runs" -eq 1 ] && [ "$more" -gt 0 ]; then
        local i
        for ((i = 0; i < more; i++)); do
            run_once "$@"
            [ "$RUN_CODE" -eq 0 ] || break
            times="$times $RUN_S"
            [ "$RUN_MIB" -gt "$peak" ] && peak=$RUN_MIB
            runs=$((runs + 1))
        done
    fi
    local med
    med=$(printf '%s\n' $times | median)
    record "$name" "$size" "$med" "$peak" "$runs" ok
}

not_available() {
    record "$1" "$2" "" "" 0 "not available: \`sitrep $3\` is not in this build"
}

# target COMMAND SIZE: "≤ S s" and optionally "≤ M MiB" to compare against.
target() {
    case "$1|$2" in
    "check|curated") echo "0.05" ;;
    "build|curated") echo "0.15" ;;
    "check|1000000") echo "1.5" ;;
    "build|1000000") echo "3 1024" ;;
    "diff|1000000") echo "2 1536" ;;
    "import ucdp|1000000") echo "3" ;;
    esac
}

size_label() {
    case "$1" in
    curated) echo "curated (${EVENTS[curated]} incidents)" ;;
    all) echo "–" ;;
    *) echo "$1" ;;
    esac
}

# ---------------------------------------------------------------------------
# Data

# synth_data EVENTS DIR: a synthetic data directory.
synth_data() {
    if has_command synth; then
        "$BIN" synth --events "$1" --seed "$SEED" --out "$2" >/dev/null
    else
        # Until the subcommand is wired: the library function, through a test.
        SYNTH_EVENTS=$1 SYNTH_SEED=$SEED SYNTH_OUT=$2 \
            cargo test --release --quiet --test synth -- --ignored --exact synth_from_env >/dev/null 2>&1
    fi
}

# revise OLD NEW: NEW = OLD with one figure changed and one incident appended.
revise() {
    rm -rf "$2"
    cp -r "$1" "$2"
    # The first count stated as exact gets a 1 in front of its number.
    awk 'BEGIN { done = 0 } { if (!done && NR > 1 && sub(/,exact,,/, ",exact,,1")) done = 1; print }' \
        "$1/counts.csv" >"$2/counts.csv"
    # A copy of the last incident under a new id (its source already covers its date).
    local last
    last=$(tail -n 1 "$1/incidents.csv")
    [ -n "$(tail -c 1 "$2/incidents.csv")" ] && printf '\n' >>"$2/incidents.csv"
    printf 'bench-appended-incident,%s\n' "${last#*,}" >>"$2/incidents.csv"
}

# ucdp_csv ROWS FILE: a deterministic UCDP GED CSV about Pakistan.
ucdp_csv() {
    awk -v rows="$1" 'BEGIN {
        OFS = ","
        x = 20240601   # Park-Miller minimal standard generator: exact in doubles
        split("TTP|Tehrik-i-Taliban Pakistan|IS|ISKP|Islamic State Khorasan Province|Lashkar-e-Jhangvi|al-Qaida|Jamaat-ul-Ahrar|Baloch Liberation Army|Haqqani Network", groups, "|")
        split("Khyber Pakhtunkhwa province|Balochistan province|Sindh province|Punjab province|Federally Administered Tribal Areas|Islamabad Capital Territory|Gilgit-Baltistan", adm1, "|")
        split("Peshawar|Quetta|Karachi|Lahore|Bajaur|Islamabad|Gilgit", first, "|")
        split("Swat|Mastung|Hyderabad|Rawalpindi|Khyber|Islamabad|Diamer", second, "|")
        split("Dawn|Reuters|AFP|AP|BBC|Express Tribune|The News", wires, "|")
        print "id,year,side_a,side_b,adm_1,adm_2,where_prec,date_prec,date_start,date_end,deaths_a,deaths_b,deaths_civilians,deaths_unknown,best,low,high,source_article,source_original,country"
        for (i = 1; i <= rows; i++) {
            year = 1995 + r(30); month = 1 + r(12); day = 1 + r(28)
            group = groups[1 + r(10)]
            p = 1 + r(7)
            if (r(3) == 0) { a = group; b = "Civilians" } else { a = "Government of Pakistan"; b = group }
            district = (r(2) ? first[p] : second[p]) " district"
            prec = (r(10) < 8) ? 1 : 1 + r(4)
            end_day = (prec == 1) ? day : day + r(29 - day)
            da = r(4); db = r(6); dc = (r(4) == 0) ? r(40) : r(5); du = r(3)
            best = da + db + dc + du
            low = best - r(best + 1); high = best + r(best / 2 + 2)
            start = sprintf("%04d-%02d-%02d 00:00:00.000", year, month, day)
            stop = sprintf("%04d-%02d-%02d 00:00:00.000", year, month, end_day)
            print 100000 + i, year, a, b, adm1[p], district, 1 + r(4), prec, start, stop, da, db, dc, du, best, low, high, wires[1 + r(7)] " " substr(start, 1, 10), "", "Pakistan"
        }
    }
    function r(n) { x = (x * 16807) % 2147483647; return int(x / 2147483647 * n) }' >"$2"
}

# ---------------------------------------------------------------------------
# The benchmark

DATASETS=("curated")
declare -A DIR EVENTS
DIR[curated]="$ROOT/data"
EVENTS[curated]=$(($(wc -l <"$ROOT/data/incidents.csv") - 1))

if has_command synth; then
    synth_how="sitrep synth"
else
    synth_how="the library's synth() through tests/synth.rs (the subcommand is not wired yet)"
    not_available synth "all" synth
fi
log "== generating synthetic data with $synth_how"
prev=""
for n in $SIZES; do
    d="$WORK/synth-$n"
    if has_command synth; then
        measure synth "$n" "$n" "$prev" -- "$BIN" synth --events "$n" --seed "$SEED" --out "$d"
        prev=$n
    fi
    synth_data "$n" "$d" || { log "error: could not generate $n events"; exit 1; }
    DATASETS+=("$n")
    DIR[$n]=$d
    EVENTS[$n]=$n
done

declare -A REVISED
for s in "${DATASETS[@]}"; do
    REVISED[$s]="$WORK/revised-$s"
    revise "${DIR[$s]}" "${REVISED[$s]}"
    if ! "$BIN" check --data "${REVISED[$s]}" >/dev/null 2>"$WORK/stderr.txt"; then
        log "warning: the revised copy of $s does not pass check:"
        head -n 3 "$WORK/stderr.txt" >&2
    fi
done

prev=""
for s in "${DATASETS[@]}"; do
    measure check "$s" "${EVENTS[$s]}" "$prev" -- "$BIN" check --data "${DIR[$s]}"
    [ "$s" = curated ] || prev=$s
done
prev=""
for s in "${DATASETS[@]}"; do
    measure build "$s" "${EVENTS[$s]}" "$prev" -- "$BIN" build --force --data "${DIR[$s]}" --out "$WORK/out-$s" --template "$TEMPLATES"
    [ "$s" = curated ] || prev=$s
done
prev=""
for s in "${DATASETS[@]}"; do
    if has_command diff; then
        measure diff "$s" "${EVENTS[$s]}" "$prev" -- "$BIN" diff "${DIR[$s]}" "${REVISED[$s]}"
        [ "$s" = curated ] || prev=$s
    else
        not_available diff "$s" diff
    fi
done
if has_command import ucdp || has_command import; then
    log "== generating a $IMPORT_ROWS-row UCDP CSV"
    ucdp_csv "$IMPORT_ROWS" "$WORK/ucdp.csv"
    measure "import ucdp" "$IMPORT_ROWS" "$IMPORT_ROWS" "" -- "$BIN" import ucdp "$WORK/ucdp.csv" --out "$WORK/import-out"
else
    not_available "import ucdp" "$IMPORT_ROWS" "import ucdp"
fi

TYPST_SECTION="$WORK/typst.md"
if [ "${BENCH_TYPST:-1}" != 0 ]; then
    log "== the curated build against Typst alone (bench/typst.sh)"
    "$ROOT/bench/typst.sh" >"$TYPST_SECTION" || log "warning: bench/typst.sh failed"
fi

# ---------------------------------------------------------------------------
# The report

commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
[ -n "$(git status --porcelain 2>/dev/null)" ] && commit="$commit (with uncommitted changes)"
cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
mem=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)

{
    echo "# sitrep benchmarks"
    echo
    echo "Written by \`bench/run.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC'); commit $commit."
    echo
    echo "Machine: $(nproc) CPUs ($cpu), $mem memory; $(rustc --version 2>/dev/null)."
    echo "Timing: $([ -n "$HYPERFINE" ] && echo "$($HYPERFINE --version) for repeated runs, " )/usr/bin/time for peak RSS;"
    echo "limits per run: ${TIMEOUT} s, ${MEM_LIMIT_MIB} MiB virtual memory. Synthetic data: $synth_how, seed $SEED."
    echo
    echo "| command | dataset size (incidents) | median wall s | peak RSS MiB | runs | target | met |"
    echo "|---|---|---:|---:|---:|---|:---:|"
    while IFS=$'\x1f' read -r name size med mib runs status; do
        t=$(target "$name" "$size")
        goal="" met=""
        if [ -n "$t" ]; then
            read -r ts tm <<<"$t"
            goal="≤ $ts s${tm:+, ≤ $tm MiB}"
            if [ "$status" = ok ]; then
                met=$(awk -v m="$med" -v ts="$ts" -v r="$mib" -v tm="${tm:-0}" 'BEGIN { print (m <= ts && (tm == 0 || r <= tm)) ? "✓" : "✗" }')
            else
                met="✗"
            fi
        fi
        shown_med=${med:-–}
        [ "$status" = ok ] || shown_med="${status}"
        echo "| \`$name\` | $(size_label "$size") | $shown_med | ${mib:-–} | $runs | $goal | $met |"
    done <"$RESULTS"
    echo
    echo "Datasets:"
    echo
    for s in "${DATASETS[@]}"; do
        bytes=$(du -sb "${DIR[$s]}" | cut -f1)
        estimates=$(($(wc -l <"${DIR[$s]}/casualty_estimates.csv") - 1))
        echo "- $(size_label "$s"): $(awk -v b="$bytes" 'BEGIN { printf "%.1f MiB", b / 1048576 }') of CSV, $estimates casualty estimates"
    done
    [ -f "$WORK/ucdp.csv" ] && echo "- UCDP import file: $IMPORT_ROWS rows, $(du -b "$WORK/ucdp.csv" | awk '{ printf "%.1f MiB", $1 / 1048576 }')"
    echo "- diff: the second revision has one count's figure changed (a 1 put in front of it) and one incident appended."
    echo
    echo "Release binary: $(du -b "$BIN" | awk '{ printf "%.1f MB", $1 / 1e6 }') (\`target/release/sitrep\`)."
    if [ -s "$TYPST_SECTION" ]; then
        echo
        cat "$TYPST_SECTION"
    fi
    if [ -s "$STAGES" ]; then
        echo
        echo "Stages (first run of each, as printed with SITREP_TIMINGS=1):"
        echo
        cat "$STAGES"
    fi
    if [ -s "$NOTES" ]; then
        echo
        echo "Failures (last lines of stderr):"
        echo
        cat "$NOTES"
    fi
    # The analysis of missed targets is written by hand, from profiles.
    if [ -s "$ROOT/bench/ANALYSIS.md" ]; then
        echo
        cat "$ROOT/bench/ANALYSIS.md"
    fi
} >"$OUT_MD"

cat "$OUT_MD"
