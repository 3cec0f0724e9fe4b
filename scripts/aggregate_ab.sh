#!/bin/sh
# Aggregate against `cat`, and builds against each other, in one run on the same files:
#   scripts/aggregate_ab.sh DIR RUNS BIN [BIN …]
# Per run: `cat` of every file under DIR (page cache warm after the first), then each BIN's
# `aggregate --format json -o OUT DIR` (OUT removed first), each under /usr/bin/time
# (Debian's `time`): wall s, user+system CPU s, peak resident KiB. Sheets: the generator of
# scripts/aggregate_scale.py (`target/release/examples/gen_sheets N DIR`).
set -eu
DIR=$1 RUNS=$2
shift 2
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
for r in $(seq "$RUNS"); do
    /usr/bin/time -f "cat  %e s  %U+%S s CPU  %M KiB" sh -c "find '$DIR' -type f -exec cat {} + >/dev/null"
    for bin in "$@"; do
        rm -f "$OUT/table.json"
        /usr/bin/time -f "$bin  %e s  %U+%S s CPU  %M KiB" \
            "$bin" aggregate --format json -o "$OUT/table.json" "$DIR" 2>&1 >/dev/null |
            grep -v '^tenken:' || true
    done
done
