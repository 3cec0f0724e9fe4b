#!/usr/bin/env bash
# Measures tenken's interview against what an operator would otherwise use on the same
# server: `dialog --radiolist` presenting the 126 municipal items (Debian package `dialog`).
# Both run in pseudo-terminals in the same run, the terminal answering tenken's start-up
# probe as real terminals do (scripts/pty_measure.py): start-up to the first complete frame,
# bytes for one cursor move and one answer, peak resident memory (80x24); then CPU per key
# end to end, 300 keys (scripts/key_cpu.py), at 80x24 and 200x60 (dialog's answer: a
# checklist's toggle).
#
#   scripts/compare_dialog.sh            # needs: cargo, python3, dialog (apt-get install dialog)
#   RUNS=20 KEYS=300 scripts/compare_dialog.sh
#   PROBE=never scripts/compare_dialog.sh   # a terminal that never answers the probe
#   REPLY_MS=20 scripts/compare_dialog.sh   # the answer a round trip (SSH) after the request
#   BIN=target/release/tenken scripts/compare_dialog.sh   # that binary, not built here
#   BIN=target/dist-assets/tenken scripts/compare_dialog.sh  # the shipped binary (scripts/dist)
#   KEYS=0 scripts/compare_dialog.sh      # start-up, bytes and peak RSS only (no CPU per key)
#   PACED=0 scripts/compare_dialog.sh     # without the cursor moves paced like the answers
#   BURST=0 scripts/compare_dialog.sh     # without the answers back to back
# Answers are paced 400 ms apart (each pays its own save; dialog's mark the same pacing); a
# key after such a pause costs more than one in a burst (the process wakes from idle, its
# caches cold), so the moves are also measured at that pace (PACED keys, default 100): the
# difference between a paced move and a paced answer is what the answer itself costs.
# Answers are also measured back to back as issue 23 measured every key (BURST runs of KEYS
# answers, default 5, the median): a burst's saves are written together, 300 ms apart, and
# each one written is counted in the keys' CPU.
# Beside both, the floor (examples/key_floor.rs): a program that reads a key and writes a
# frame of as many bytes as tenken's cursor move, nothing else; what any program's key costs
# on this machine before its own work (being woken, reading, writing to the pty).
# Each program file is first dropped from the page cache (pty_measure.py and key_cpu.py
# --evict, before every run), so both are mapped as read from disk: a binary just written is
# mapped in larger blocks (more resident). Peak RSS is compared at start-up (pty_measure.py)
# and after the keys, size by size (the last table: a screen of 200x60 needs more memory in
# either program).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v dialog >/dev/null || { echo "dialog is not installed (apt-get install dialog)" >&2; exit 1; }
if [ -z "${BIN:-}" ]; then cargo build --release --quiet; fi
cargo build --release --quiet --example key_floor
bin=${BIN:-target/release/tenken}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp fixtures/demo-sheet.ron "$work/2026.ron"
runs=${RUNS:-10}
keys=${KEYS:-300}
paced=${PACED:-100}
burst=${BURST:-5}
probe=${PROBE:-narrow}
reply_ms=${REPLY_MS:-0}

# The 126 items as radiolist entries: tag = item id, text = wording (truncated by dialog).
# (cut, not read: read would merge the empty priority-year columns.)
"$bin" catalog list --edition municipal --format tsv | tail -n +2 > "$work/items.tsv"
mapfile -t ids < <(cut -f1 "$work/items.tsv")
mapfile -t texts < <(cut -f4 "$work/items.tsv")
args=()
for i in "${!ids[@]}"; do
  args+=("${ids[$i]}" "${texts[$i]}" off)
done

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== tenken (demo sheet, municipal catalog) =="
python3 scripts/pty_measure.py --runs "$runs" --probe "$probe" --reply-ms "$reply_ms" --evict --keys down,3 --quit q -- "$bin" "$work/2026.ron"
echo "== dialog --radiolist (126 items) =="
python3 scripts/pty_measure.py --runs "$runs" --probe "$probe" --reply-ms "$reply_ms" --evict --keys down,space --quit esc -- \
  dialog --radiolist "住基ネット 点検項目" 22 78 16 "${args[@]}"
if [ "$keys" = 0 ]; then
  echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  exit 0
fi
echo "== CPU per key: tenken (move, answer with its save, a character typed into a comment) =="
python3 scripts/key_cpu.py --keys "$keys" --probe "$probe" --kinds move,answer,type --evict \
  --fresh fixtures/demo-sheet.ron -- "$bin" "$work/cpu.ron" | tee "$work/keys-tenken.json"
echo "== CPU per key: dialog --radiolist (move) =="
python3 scripts/key_cpu.py --keys "$keys" --probe "$probe" --kinds move --move down,up --evict \
  --quit esc -- dialog --radiolist "住基ネット 点検項目" 22 78 16 "${args[@]}" | tee "$work/keys-dialog-move.json"
# An answer is a mark that changes with every key: a checklist's space toggles the item (a
# radiolist's space on the item already chosen draws nothing, and key_cpu.py stops saying so).
echo "== CPU per key: dialog --checklist (answer: space toggles the mark) =="
python3 scripts/key_cpu.py --keys "$keys" --probe "$probe" --kinds answer --answer space --evict \
  --quit esc -- dialog --checklist "住基ネット 点検項目" 22 78 16 "${args[@]}" | tee "$work/keys-dialog-mark.json"
echo "== CPU per key: the floor (key_floor: a key read, 355 bytes written, nothing else) =="
python3 scripts/key_cpu.py --keys "$keys" --probe "$probe" --kinds move \
  -- target/release/examples/key_floor 355
if [ "$paced" != 0 ]; then
  echo "== CPU per key, moves paced like the answers (400 ms apart): tenken =="
  python3 scripts/key_cpu.py --keys "$paced" --probe "$probe" --kinds move --pace-ms 400 \
    --fresh fixtures/demo-sheet.ron -- "$bin" "$work/cpu.ron"
  echo "== CPU per key, moves paced like the answers (400 ms apart): dialog --radiolist =="
  python3 scripts/key_cpu.py --keys "$paced" --probe "$probe" --kinds move --move down,up \
    --pace-ms 400 --quit esc -- dialog --radiolist "住基ネット 点検項目" 22 78 16 "${args[@]}"
  echo "== CPU per key, moves paced like the answers (400 ms apart): the floor =="
  python3 scripts/key_cpu.py --keys "$paced" --probe "$probe" --kinds move --pace-ms 400 \
    -- target/release/examples/key_floor 355
fi
if [ "$burst" != 0 ]; then
  echo "== CPU per key, answers back to back (saves 300 ms apart), median of $burst runs: tenken =="
  python3 scripts/key_cpu.py --keys "$keys" --probe "$probe" --kinds answer --pace-ms 0 \
    --runs "$burst" --fresh fixtures/demo-sheet.ron -- "$bin" "$work/cpu.ron"
  echo "== CPU per key, marks back to back, median of $burst runs: dialog --checklist =="
  python3 scripts/key_cpu.py --keys "$keys" --probe "$probe" --kinds answer --answer space \
    --pace-ms 0 --runs "$burst" --quit esc -- dialog --checklist "住基ネット 点検項目" 22 78 16 "${args[@]}"
fi
# Peak RSS after the keys (each run's program file first dropped from the cache: --evict),
# tenken's most over its three kinds against dialog's most over its two, size by size.
echo "== peak RSS after $keys keys (KiB): tenken's most (move, answer, typing) / dialog's most (move, mark) =="
python3 - "$work"/keys-tenken.json "$work"/keys-dialog-move.json "$work"/keys-dialog-mark.json <<'PY'
import json, sys
def most(paths, key):
    by_size = {}
    for p in paths:
        for r in json.load(open(p))["results"]:
            by_size[r["size"]] = max(by_size.get(r["size"], 0), r[key] or 0)
    return by_size
for key, what in (("peak_rss_kib", "peak RSS"),
                  ("rss_anon_kib", "of which its own (RssAnon after the keys)")):
    ours, theirs = most(sys.argv[1:2], key), most(sys.argv[2:], key)
    for size in ours:
        print(f"{what}, {size}: {ours[size]} / {theirs[size]} ({ours[size] / theirs[size]:.2f}x)")
PY
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
