#!/usr/bin/env python3
"""Measure a full-screen terminal program the way an operator on SSH feels it.

Runs COMMAND in a pseudo-terminal of the given size and reports, as JSON:
  startup_ms       exec → last byte of the first complete frame (output quiet for --quiet-ms)
  first_frame_bytes bytes of that first frame
  key_bytes        bytes emitted in answer to each key in --keys (after it goes quiet again)
  peak_rss_kib     VmHWM of the process just before it is told to quit
Repeats --runs times and reports the median of each figure.

Usage: pty_measure.py [--cols 80 --rows 24 --runs 10 --keys j,k --quit q] -- COMMAND ARGS…
Keys are named (arrows as an xterm in application-cursor mode sends them): j, k, 3, down, up, enter, esc, space, tab, or a literal string.
"""
import argparse, fcntl, json, os, pty, select, signal, statistics, struct, sys, termios, time

NAMED = {"down": b"\x1bOB", "up": b"\x1bOA", "enter": b"\r", "esc": b"\x1b",
         "space": b" ", "tab": b"\t", "ctrl-c": b"\x03"}


def read_until_quiet(fd, quiet_s, limit_s):
    """Reads until no output for quiet_s; returns (bytes, time of last byte)."""
    data, last = b"", None
    start = time.monotonic()
    while time.monotonic() - start < limit_s:
        r, _, _ = select.select([fd], [], [], quiet_s if data else limit_s)
        if not r:
            if data:
                break
            continue
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        data += chunk
        last = time.monotonic()
    return data, last


def peak_rss(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def run_once(cmd, cols, rows, keys, quit_key, quiet_s, env):
    pid, fd = pty.fork()
    if pid == 0:
        os.execvpe(cmd[0], cmd, env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    t0 = time.monotonic()
    frame, last = read_until_quiet(fd, quiet_s, 5.0)
    startup_ms = (last - t0) * 1000 if last else None
    key_bytes = {}
    for k in keys:
        os.write(fd, NAMED.get(k, k.encode()))
        out, _ = read_until_quiet(fd, quiet_s, 2.0)
        key_bytes[k] = len(out)
    rss = peak_rss(pid)
    os.write(fd, NAMED.get(quit_key, quit_key.encode()))
    read_until_quiet(fd, quiet_s, 1.0)
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        pass
    os.waitpid(pid, 0)
    os.close(fd)
    return {"startup_ms": startup_ms, "first_frame_bytes": len(frame), "key_bytes": key_bytes,
            "peak_rss_kib": rss}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cols", type=int, default=80)
    ap.add_argument("--rows", type=int, default=24)
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--keys", default="down")
    ap.add_argument("--quit", default="q")
    ap.add_argument("--quiet-ms", type=float, default=60)
    ap.add_argument("--term", default="xterm-256color")
    ap.add_argument("cmd", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    cmd = a.cmd[1:] if a.cmd and a.cmd[0] == "--" else a.cmd
    if not cmd:
        ap.error("no command")
    env = dict(os.environ, TERM=a.term, LANG=os.environ.get("LANG", "C.UTF-8"))
    keys = [k for k in a.keys.split(",") if k]
    runs = [run_once(cmd, a.cols, a.rows, keys, a.quit, a.quiet_ms / 1000, env) for _ in range(a.runs)]
    med = lambda xs: statistics.median([x for x in xs if x is not None]) if any(x is not None for x in xs) else None
    print(json.dumps({
        "command": (lambda c: c if len(c) <= 100 else c[:97] + "...")(" ".join(cmd)), "size": f"{a.cols}x{a.rows}", "runs": a.runs,
        "startup_ms_median": med([r["startup_ms"] for r in runs]),
        "first_frame_bytes_median": med([r["first_frame_bytes"] for r in runs]),
        "key_bytes_median": {k: med([r["key_bytes"][k] for r in runs]) for k in keys},
        "peak_rss_kib_median": med([r["peak_rss_kib"] for r in runs]),
        "note": "startup includes --quiet-ms of silence detection only after the last byte; it is not added",
    }, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
