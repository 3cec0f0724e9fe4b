#!/usr/bin/env python3
"""Wall time and peak memory of `tenken aggregate` over N generated sheets, beside the time
`cat` takes to read the same files (page cache warm for both).

Usage: scripts/aggregate_scale.py N [N …]   (default: 1824 20000). Builds the release binary
and the generator, writes the sheets into a temporary directory, runs the aggregate three times
(the median wall time is reported) and reads the peak resident memory of the process.

The peak is `/usr/bin/time -f %M`'s (Debian's `time` package), not this script's `wait4`: a
child forked from Python starts with Python's resident size as its high-water mark and keeps
it through `exec`, so below ~15 MiB `wait4` reported Python's peak, not tenken's.
BIN=path/to/tenken measures another build (nothing is built then but the generator).
"""
import json, os, statistics, subprocess, sys, tempfile, time

sizes = [int(a) for a in sys.argv[1:]] or [1824, 20000]
subprocess.run(["cargo", "build", "--release", "--quiet", "--example", "gen_sheets"], check=True)
BIN = os.environ.get("BIN")
if not BIN:
    subprocess.run(["cargo", "build", "--release", "--quiet"], check=True)
    BIN = "target/release/tenken"
if not os.path.exists("/usr/bin/time"):
    sys.exit("needs /usr/bin/time for the peak resident size: apt-get install time")
results = []
for n in sizes:
    with tempfile.TemporaryDirectory() as d:
        subprocess.run(["target/release/examples/gen_sheets", str(n), d], check=True,
                       stderr=subprocess.DEVNULL)
        size_mb = sum(os.path.getsize(os.path.join(d, f)) for f in os.listdir(d)) / 2**20
        walls, peaks, cpus, cats = [], [], [], []
        for _ in range(3):
            t0 = time.monotonic()
            subprocess.run(f"find {d} -type f -exec cat {{}} + > /dev/null", shell=True, check=True)
            cats.append(time.monotonic() - t0)
            # -o must be a regular file (tenken refuses /dev/null): a hidden one among the
            # sheets (aggregate passes hidden files over), removed before `cat` runs again.
            out = os.path.join(d, ".table.json")
            t0 = time.monotonic()
            peak_file = os.path.join(d, ".peak")
            p = subprocess.Popen(["/usr/bin/time", "-f", "%M", "-o", peak_file, BIN, "aggregate",
                                  "--format", "json", "-o", out, d], stderr=subprocess.DEVNULL)
            _, status, usage = os.wait4(p.pid, 0)
            walls.append(time.monotonic() - t0)
            os.remove(out)
            with open(peak_file) as f:
                peaks.append(int(f.read().split()[-1]))  # KiB
            os.remove(peak_file)
            cpus.append(usage.ru_utime + usage.ru_stime)
            assert status == 0, status
        results.append({"sheets": n, "input_mib": round(size_mb, 1),
                        "wall_s_median": round(statistics.median(walls), 3),
                        "cpu_s_median": round(statistics.median(cpus), 3),
                        "cat_wall_s_median": round(statistics.median(cats), 3),
                        "ratio_to_cat": round(statistics.median(walls) / statistics.median(cats), 2),
                        "peak_rss_mib": round(max(peaks) / 1024, 1),
                        "peak_rss_mib_runs": [round(k / 1024, 1) for k in peaks]})
print(json.dumps(results, indent=2))
