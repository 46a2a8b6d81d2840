#!/usr/bin/env bash
# Installs the typst CLI of the version sitrep's typst crate is (0.15.1) into
# bench/.typst-cli/ (ignored by git), once: later runs find it there. Prints
# the path of the binary on stdout; the install's time on stderr.
#
# Only its embedded fonts are built in (no HTTP server, no package
# downloads), as sitrep has: the benchmark compiles with
# --ignore-system-fonts and sitrep's own fonts, so the fonts are the same.
#
# A cold install compiles typst and its dependencies: on the 2-core
# benchmark machine it took the time recorded in bench/RESULTS.md.

set -eu -o pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VERSION=${TYPST_CLI_VERSION:-0.15.1}
PREFIX="$ROOT/bench/.typst-cli"
BIN="$PREFIX/bin/typst"

if [ -x "$BIN" ] && "$BIN" --version | grep -q "typst $VERSION"; then
    echo "$BIN"
    exit 0
fi
echo "installing typst-cli $VERSION into $PREFIX (compiles typst: several minutes)" >&2
started=$(date +%s)
# Its own target folder, so the install never invalidates sitrep's builds.
CARGO_TARGET_DIR="$PREFIX/target" cargo install --locked --quiet \
    --root "$PREFIX" --version "=$VERSION" --no-default-features \
    --features embedded-fonts typst-cli >&2
rm -rf "$PREFIX/target"
echo "installed typst-cli $VERSION in $(($(date +%s) - started)) s" >&2
echo "$BIN"
