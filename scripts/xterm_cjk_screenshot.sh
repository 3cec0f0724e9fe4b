#!/usr/bin/env bash
# Screenshot of `tenken demo` in a real terminal emulator that draws ambiguous-width
# characters two cells wide (`xterm -cjk_width`, as Tera Term in Japanese/UTF-8 does), with
# no option: tenken asks the terminal, draws ASCII frames and shows the ※ and → of a typed
# comment as ASCII stand-ins. Needs xterm, xvfb, xdotool, imagemagick and fonts-noto-cjk.
#
#   cargo build --release && scripts/xterm_cjk_screenshot.sh [OUT.png]
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-screenshots/xterm-cjk-width-80x24.png}
bin=$PWD/target/release/tenken
work=$(mktemp -d)
display=:$((90 + RANDOM % 400))
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
xterm_pid=
cleanup() {
    [ -n "$xterm_pid" ] && kill "$xterm_pid" 2>/dev/null || true
    kill "$xvfb" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
export DISPLAY=$display
sleep 1
title=tenken-cjk-$$
LC_ALL=C.UTF-8 xterm -u8 -cjk_width -fa "DejaVu Sans Mono" -fd "Noto Sans Mono CJK JP" -fs 11 \
    -geometry 80x24+0+0 -bg white -fg black -title "$title" \
    -e sh -c "TMPDIR='$work' '$bin' demo; sleep 30" &
xterm_pid=$!
sleep 3
win=$(xdotool search --name "$title" | head -1)
# Keys go through XTEST to the focused window (xterm ignores synthetic events).
xdotool windowfocus "$win" 2>/dev/null
keys() { xdotool type "$1" 2>/dev/null; sleep 0.4; }
key() { xdotool key "$1" 2>/dev/null; sleep 0.4; }
keys 3                       # answer 2-3: the figures follow
keys ':2-3'; key Return
keys c                       # a comment with ambiguous-width characters
keys '※規程は総務課で保管→次回改定'
key Escape; sleep 1
import -window "$win" "$out"
echo "wrote $out"
