#!/usr/bin/env python3
"""Measure a full-screen terminal program the way an operator on SSH feels it.

Runs COMMAND in a pseudo-terminal of the given size and reports, as JSON:
  startup_ms        exec → last byte of the first complete frame (output quiet for --quiet-ms)
  startup_cpu_ms    the process's CPU time (user + system) at that moment
  first_frame_bytes bytes of that first frame (a start-up probe and its erasure included)
  key_bytes         bytes emitted in answer to each key in --keys (after it goes quiet again)
  peak_rss_kib      VmHWM of the process just before it is told to quit
Repeats --runs times and reports the median of each figure.

The pseudo-terminal answers a cursor-position request (`CSI 6 n`) as a terminal does: with
the row and column its cursor is at, counted from the last cursor move before the request
(`--probe narrow`, the default: ambiguous-width characters one cell, as most terminals;
`--probe wide`: two cells, as a CJK-configured terminal; `--probe never`: no answer at all,
as a terminal that does not implement the request). Without the answer, tenken waits for its
probe's time-out before the first frame; a script that never answered would measure that.

Usage: pty_measure.py [--cols 80 --rows 24 --runs 10 --keys j,k --quit q --probe narrow] -- COMMAND ARGS…
Keys are named (arrows as an xterm in application-cursor mode sends them): j, k, 3, down, up,
enter, esc, space, tab, or a literal string.

Other scripts (key_cpu.py) import this file for its pseudo-terminal.
"""
import argparse, fcntl, json, os, pty, re, select, shutil, signal, statistics, struct, sys, termios, threading, time
import unicodedata

NAMED = {"down": b"\x1bOB", "up": b"\x1bOA", "enter": b"\r", "esc": b"\x1b",
         "space": b" ", "tab": b"\t", "ctrl-c": b"\x03"}

DSR = b"\x1b[6n"
CUP = re.compile(rb"\x1b\[(?:(\d+)(?:;(\d+))?)?H")
ESCAPE = re.compile(rb"\x1b(?:\[[0-9;?]*[ -/]*[@-~]|[()][0-9A-Za-z]|[=>78]|\][^\x07\x1b]*(?:\x07|\x1b\\))")


def cells(text, wide):
    """Cells a terminal advances for printed text; ambiguous-width characters 2 when wide."""
    n = 0
    for c in text:
        if unicodedata.combining(c) or unicodedata.category(c) in ("Mn", "Me", "Cf"):
            continue
        ea = unicodedata.east_asian_width(c)
        n += 2 if ea in ("W", "F") or (ea == "A" and wide) else 1
    return n


class Terminal:
    """The terminal's side of the pty: answers `CSI 6 n` where the cursor is (row and column
    from the last `CSI row;col H` before the request plus the cells printed after it)."""

    def __init__(self, fd, probe, reply_ms=0):
        self.fd, self.probe, self.reply_ms = fd, probe, reply_ms
        self.out = b""
        self.answered = 0  # offset up to which requests are answered
        self.requests = 0
        # A request left unanswered is the last thing printed: the program is waiting for
        # its time-out, so silence now does not end a frame.
        self.waiting = False

    def feed(self, chunk):
        self.out += chunk
        self.waiting = False
        while True:
            i = self.out.find(DSR, self.answered)
            if i < 0:
                return
            self.answered = i + len(DSR)
            self.requests += 1
            if self.probe == "never":
                self.waiting = not self.out[self.answered:]
                continue
            before = self.out[:i]
            row, col, start = 1, 1, 0
            for m in CUP.finditer(before):
                row, col, start = int(m.group(1) or 1), int(m.group(2) or 1), m.end()
            printed = ESCAPE.sub(b"", before[start:]).decode("utf-8", "replace")
            col += cells(printed, self.probe == "wide")
            reply = f"\x1b[{row};{col}R".encode()
            if self.reply_ms:
                # The answer comes back after a round trip (SSH), while output is still read.
                threading.Timer(self.reply_ms / 1000, os.write, (self.fd, reply)).start()
            else:
                os.write(self.fd, reply)

    def drain(self, seconds):
        """Reads whatever comes for `seconds`; returns the number of bytes."""
        n, end = 0, time.monotonic() + seconds
        while (left := end - time.monotonic()) > 0:
            r, _, _ = select.select([self.fd], [], [], left)
            if not r:
                break
            try:
                chunk = os.read(self.fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            self.feed(chunk)
            n += len(chunk)
        return n

    def read_until_quiet(self, quiet_s, limit_s):
        """Reads until no output for quiet_s; returns (bytes, time of last byte)."""
        data, last = b"", None
        start = time.monotonic()
        while time.monotonic() - start < limit_s:
            r, _, _ = select.select([self.fd], [], [], quiet_s if data else limit_s)
            if not r:
                if data and not self.waiting:
                    break
                continue
            try:
                chunk = os.read(self.fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            self.feed(chunk)
            data += chunk
            last = time.monotonic()
        return data, last


def spawn(cmd, cols, rows, env, probe, reply_ms=0):
    """Starts cmd in a pty of cols×rows; returns (pid, Terminal, time of exec)."""
    pid, fd = pty.fork()
    if pid == 0:
        os.execvpe(cmd[0], cmd, env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    return pid, Terminal(fd, probe, reply_ms), time.monotonic()


def stop(pid, term, quit_key, quiet_s):
    os.write(term.fd, NAMED.get(quit_key, quit_key.encode()))
    term.read_until_quiet(quiet_s, 1.0)
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        pass
    os.waitpid(pid, 0)
    os.close(term.fd)


def peak_rss(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def rss_parts(pid):
    """The resident memory now, in KiB, by kind: the program's own ("anon": heap, stacks,
    written data) and pages of files mapped ("file": code and libraries; how many of those
    are resident depends on how the files sit in the page cache, not on the program's work)."""
    parts = {}
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                for key, name in (("RssAnon:", "anon"), ("RssFile:", "file")):
                    if line.startswith(key):
                        parts[name] = int(line.split()[1])
    except OSError:
        pass
    return parts


def cpu_ns(pid):
    """The process's CPU time so far (every thread, from schedstat), in nanoseconds."""
    total = 0
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/schedstat") as f:
                total += int(f.read().split()[0])
        except OSError:
            pass
    return total


def run_once(cmd, cols, rows, keys, quit_key, quiet_s, env, probe, reply_ms=0):
    pid, term, t0 = spawn(cmd, cols, rows, env, probe, reply_ms)
    frame, last = term.read_until_quiet(quiet_s, 5.0)
    startup_ms = (last - t0) * 1000 if last else None
    startup_cpu_ms = cpu_ns(pid) / 1e6
    key_bytes = {}
    for k in keys:
        os.write(term.fd, NAMED.get(k, k.encode()))
        out, _ = term.read_until_quiet(quiet_s, 2.0)
        key_bytes[k] = len(out)
    rss = peak_rss(pid)
    requests = term.requests
    stop(pid, term, quit_key, quiet_s)
    return {"startup_ms": startup_ms, "startup_cpu_ms": startup_cpu_ms, "first_frame_bytes": len(frame), "key_bytes": key_bytes,
            "peak_rss_kib": rss, "probe_requests": requests}


def evict(program):
    """Drops the program file's pages from the page cache (written back first: dirty pages
    stay), so that its runs map it as read from disk, as after a reboot. The resident size
    depends on it: the kernel maps the cached neighbours of each page touched (fault-around),
    and a file just written by the linker, `strip` or `cp` sits in the cache in large blocks
    that are mapped whole. The stripped static binary measured 7.7 MiB so and 5.8 MiB read
    from disk (performance.md)."""
    path = shutil.which(program) or program
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
    finally:
        os.close(fd)


def environment(term):
    return dict(os.environ, TERM=term, LANG=os.environ.get("LANG", "C.UTF-8"))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cols", type=int, default=80)
    ap.add_argument("--rows", type=int, default=24)
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--keys", default="down")
    ap.add_argument("--quit", default="q")
    ap.add_argument("--quiet-ms", type=float, default=60)
    ap.add_argument("--term", default="xterm-256color")
    ap.add_argument("--probe", choices=["narrow", "wide", "never"], default="narrow",
                    help="how the terminal answers a cursor-position request")
    ap.add_argument("--reply-ms", type=float, default=0,
                    help="the answer comes this long after the request (a round trip over SSH)")
    ap.add_argument("--evict", action="store_true",
                    help="first drop the program file from the page cache (see evict())")
    ap.add_argument("cmd", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    cmd = a.cmd[1:] if a.cmd and a.cmd[0] == "--" else a.cmd
    if not cmd:
        ap.error("no command")
    if a.evict:
        evict(cmd[0])
    env = environment(a.term)
    keys = [k for k in a.keys.split(",") if k]
    runs = [run_once(cmd, a.cols, a.rows, keys, a.quit, a.quiet_ms / 1000, env, a.probe, a.reply_ms)
            for _ in range(a.runs)]
    med = lambda xs: statistics.median([x for x in xs if x is not None]) if any(x is not None for x in xs) else None
    spread = lambda xs: [min(xs), max(xs)] if xs and None not in xs else None
    print(json.dumps({
        "command": (lambda c: c if len(c) <= 100 else c[:97] + "...")(" ".join(cmd)), "size": f"{a.cols}x{a.rows}", "runs": a.runs,
        "probe": a.probe, "reply_ms": a.reply_ms, "evicted": a.evict,
        "load_average": open("/proc/loadavg").read().split()[:3],
        "startup_ms_median": med([r["startup_ms"] for r in runs]),
        "startup_ms_range": spread([r["startup_ms"] for r in runs]),
        "startup_cpu_ms_median": med([r["startup_cpu_ms"] for r in runs]),
        "first_frame_bytes_median": med([r["first_frame_bytes"] for r in runs]),
        "key_bytes_median": {k: med([r["key_bytes"][k] for r in runs]) for k in keys},
        "peak_rss_kib_median": med([r["peak_rss_kib"] for r in runs]),
        "cursor_position_requests": max(r["probe_requests"] for r in runs),
        "note": "startup includes --quiet-ms of silence detection only after the last byte; it is not added",
    }, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
