#!/usr/bin/env python3
"""CPU per keystroke, end to end: the process's own CPU time (user + system, every thread)
spent on N keys sent one at a time into a pseudo-terminal, divided by N.

Everything the key causes is counted: reading it, the update, the draw, writing the frame
to the pty, and for an answer its save (answers are paced so that each one's save happens
before the next key: --pace-ms, default 400 for answers, longer than the 300 ms save delay).
Also counted is what the process spends while idle during the run (its wake-ups), which is
measured on its own over the same time and reported beside it.

CPU time is read from /proc/PID/task/*/schedstat (nanoseconds on the CPU), the same total
the kernel reports as utime + stime but without the clock tick's 4–10 ms granularity; the
utime + stime of /proc/PID/stat is reported too.

  key_cpu.py [--sizes 80x24,200x60] [--keys 300] [--kinds move,answer,type] [--runs 3]
             [--fresh fixtures/demo-sheet.ron] -- target/release/tenken /tmp/x/2026.ron

Kinds: move (j and k alternately), answer (2 and 3 alternately on a sheet: the first ones
answer and move on, then they change the last item back and forth; each is a change that is
saved), type (a comment editor is opened with c, then あ typed N times; nothing is saved
until it closes). The pseudo-terminal answers the start-up probe (pty_measure.py).

Peak RSS (VmHWM) is read after the keys, before the program is told to quit: the most memory
the session held. Beside it, the resident memory at that moment by kind (rss_anon_kib: the
program's own, heap and stacks; rss_file_kib: pages of its file and libraries mapped). How the program file sits in the page cache changes it (the kernel maps the
cached neighbours of each page touched, and a file just built or copied is cached in large
blocks mapped whole): --evict drops the file from the cache before each run, as
compare_dialog.sh does for both programs, so that runs compare.

Each key must draw something: the script waits for the output to go quiet to know the key's
work is done. A key that draws nothing within --key-wait-ms (a radiolist's space on the item
already chosen) has no end to wait for; after --silent-limit such keys the script stops with
an error naming them, instead of waiting out every key.
"""
import argparse, json, os, shutil, statistics, sys, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pty_measure as pm  # noqa: E402

TICK = os.sysconf("SC_CLK_TCK")


cpu_ns = pm.cpu_ns


def ticks(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime, stime


KINDS = {
    "move": (["j", "k"], None, 0),
    "answer": (["2", "3"], None, 400),
    "type": (["あ"], "c", 0),
}


class SilentKey(Exception):
    pass


def measure(cmd, cols, rows, kind, n, pace_ms, env, quiet_s, probe, template, own_keys, quit_key,
            key_wait_s=2.0, silent_limit=3, evict=False):
    keys, setup, default_pace = KINDS[kind]
    if evict:
        pm.evict(cmd[0])
    if own_keys.get(kind):
        keys = [pm.NAMED.get(k, k.encode()).decode() for k in own_keys[kind].split(",")]
    if template:
        shutil.copyfile(template, cmd[-1])
    pace = (default_pace if pace_ms is None else pace_ms) / 1000
    pid, term, _ = pm.spawn(cmd, cols, rows, env, probe)
    term.read_until_quiet(0.2, 5.0)
    if setup:
        os.write(term.fd, setup.encode())
        term.read_until_quiet(0.1, 2.0)
    # Let the start-up settle (a save scheduled by nothing, the first idle wake-ups).
    time.sleep(0.3)
    term.read_until_quiet(0.01, 0.05)
    # Idle: the same process, no keys, for a while.
    idle_s = 1.0
    c0 = cpu_ns(pid)
    time.sleep(idle_s)
    idle_ns_per_s = (cpu_ns(pid) - c0) / idle_s
    term.read_until_quiet(0.01, 0.05)
    c0, t0, w0 = cpu_ns(pid), ticks(pid), time.monotonic()
    out_bytes = 0
    silent = []
    for i in range(n):
        sent = time.monotonic()
        key = keys[i % len(keys)]
        os.write(term.fd, key.encode())
        out, _ = term.read_until_quiet(quiet_s, key_wait_s)
        out_bytes += len(out)
        if not out:
            # Nothing came back: the key changed nothing on the screen (a radiolist's space on
            # the item already chosen), so there is no end of its work to wait for, and every
            # further such key would cost key_wait_s of waiting (300 keys: 10 minutes).
            silent.append(i)
            if len(silent) >= silent_limit:
                pm.stop(pid, term, "\x1b" if setup else quit_key, 0.05)
                raise SilentKey(
                    f"{kind} at {cols}x{rows}: keys {silent} ({key!r}) drew nothing within "
                    f"{key_wait_s:g} s; choose keys that change the screen every time "
                    "(--move/--answer), e.g. a checklist's space, not a radiolist's")
        left = pace - (time.monotonic() - sent)
        if left > 0:
            out_bytes += term.drain(left)
    if pace:
        # The last answer's save.
        out_bytes += term.drain(pace)
    c1, t1, w1 = cpu_ns(pid), ticks(pid), time.monotonic()
    rss, parts = pm.peak_rss(pid), pm.rss_parts(pid)
    pm.stop(pid, term, "\x1b" if setup else quit_key, 0.05)
    wall = w1 - w0
    total_us = (c1 - c0) / 1000
    return {
        "size": f"{cols}x{rows}", "kind": kind, "keys": n,
        "cpu_us_per_key": round(total_us / n, 1),
        "idle_cpu_us_per_key": round(idle_ns_per_s * wall / 1000 / n, 1),
        "utime_stime_us_per_key": round((t1 - t0) * 1e6 / TICK / n, 1),
        "bytes_per_key": round(out_bytes / n, 1),
        "wall_s": round(wall, 2), "peak_rss_kib": rss,
        "rss_anon_kib": parts.get("anon"), "rss_file_kib": parts.get("file"),
        "silent_keys": len(silent),
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="80x24,200x60")
    ap.add_argument("--keys", type=int, default=300)
    ap.add_argument("--kinds", default="move,answer,type")
    ap.add_argument("--pace-ms", type=float, default=None,
                    help="time from one key to the next (default: 400 for answers, else none)")
    ap.add_argument("--runs", type=int, default=1, help="repeat and report each run and the median")
    ap.add_argument("--quiet-ms", type=float, default=3)
    ap.add_argument("--term", default="xterm-256color")
    ap.add_argument("--probe", choices=["narrow", "wide", "never"], default="narrow")
    ap.add_argument("--move", help="the keys of a move, named as in pty_measure.py (default j,k)")
    ap.add_argument("--answer", help="the keys of an answer (default 2,3)")
    ap.add_argument("--quit", default="q")
    ap.add_argument("--key-wait-ms", type=float, default=2000,
                    help="how long a key may take to draw something (default 2000)")
    ap.add_argument("--silent-limit", type=int, default=3,
                    help="stop with an error after this many keys that drew nothing (default 3)")
    ap.add_argument("--evict", action="store_true",
                    help="drop the program file from the page cache before each run, so that "
                         "its peak RSS is measured as after a reboot (pty_measure.py's evict())")
    ap.add_argument("--fresh", metavar="SHEET",
                    help="copy SHEET over the command's last argument before each run")
    ap.add_argument("cmd", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    cmd = a.cmd[1:] if a.cmd and a.cmd[0] == "--" else a.cmd
    if not cmd:
        ap.error("no command")
    env = pm.environment(a.term)
    results = []
    for size in a.sizes.split(","):
        cols, rows = (int(x) for x in size.split("x"))
        for kind in a.kinds.split(","):
            try:
                runs = [measure(cmd, cols, rows, kind, a.keys, a.pace_ms, env, a.quiet_ms / 1000, a.probe,
                                a.fresh, {"move": a.move, "answer": a.answer}, a.quit,
                                a.key_wait_ms / 1000, a.silent_limit, a.evict)
                        for _ in range(a.runs)]
            except SilentKey as e:
                sys.exit(f"key_cpu.py: {e}")
            per_key = [r["cpu_us_per_key"] for r in runs]
            results.append({**runs[len(runs) // 2], "runs_cpu_us_per_key": per_key,
                            "runs_peak_rss_kib": [r["peak_rss_kib"] for r in runs],
                            "runs_rss_anon_kib": [r["rss_anon_kib"] for r in runs],
                            "cpu_us_per_key": statistics.median(per_key)})
            print(json.dumps(results[-1], ensure_ascii=False), file=sys.stderr)
    with open("/proc/loadavg") as f:
        load = f.read().split()[:3]
    print(json.dumps({"command": " ".join(cmd), "load_average": load, "evicted": a.evict,
                      "results": results},
                     ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
