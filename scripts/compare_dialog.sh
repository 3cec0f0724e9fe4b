#!/usr/bin/env bash
# Measures tenken's interview against what an operator would otherwise use on the same
# server: `dialog --radiolist` presenting the 126 municipal items (Debian package `dialog`).
# Both run in an 80x24 pseudo-terminal in the same run: start-up to the first complete
# frame, bytes for one cursor move and one answer, peak resident memory.
#
#   scripts/compare_dialog.sh            # needs: cargo, python3, dialog (apt-get install dialog)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v dialog >/dev/null || { echo "dialog is not installed (apt-get install dialog)" >&2; exit 1; }
cargo build --release --quiet
bin=target/release/tenken
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp fixtures/demo-sheet.ron "$work/2026.ron"
runs=${RUNS:-10}

# The 126 items as radiolist entries: tag = item id, text = wording (truncated by dialog).
# (cut, not read: read would merge the empty priority-year columns.)
"$bin" catalog list --edition municipal --format tsv | tail -n +2 > "$work/items.tsv"
mapfile -t ids < <(cut -f1 "$work/items.tsv")
mapfile -t texts < <(cut -f4 "$work/items.tsv")
args=()
for i in "${!ids[@]}"; do
  args+=("${ids[$i]}" "${texts[$i]}" off)
done

echo "== tenken (demo sheet, municipal catalog) =="
python3 scripts/pty_measure.py --runs "$runs" --keys down,3 --quit q -- "$bin" "$work/2026.ron"
echo "== dialog --radiolist (126 items) =="
python3 scripts/pty_measure.py --runs "$runs" --keys down,space --quit esc -- \
  dialog --radiolist "住基ネット 点検項目" 22 78 16 "${args[@]}"
