#!/usr/bin/env python3
"""Wall time and peak memory of `tenken aggregate` over N generated sheets, beside the time
`cat` takes to read the same files (page cache warm for both).

Usage: scripts/aggregate_scale.py N [N …]   (default: 1824 20000). Builds the release binary
and the generator, writes the sheets into a temporary directory, runs the aggregate three times
(the median wall time is reported) and reads the peak resident memory of the process.
"""
import json, os, resource, statistics, subprocess, sys, tempfile, time

sizes = [int(a) for a in sys.argv[1:]] or [1824, 20000]
subprocess.run(["cargo", "build", "--release", "--quiet", "--example", "gen_sheets"], check=True)
subprocess.run(["cargo", "build", "--release", "--quiet"], check=True)
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
            p = subprocess.Popen(["target/release/tenken", "aggregate", "--format", "json",
                                  "-o", out, d], stderr=subprocess.DEVNULL)
            _, status, usage = os.wait4(p.pid, 0)
            os.remove(out)
            walls.append(time.monotonic() - t0)
            peaks.append(usage.ru_maxrss)  # KiB on Linux
            cpus.append(usage.ru_utime + usage.ru_stime)
            assert status == 0, status
        results.append({"sheets": n, "input_mib": round(size_mb, 1),
                        "wall_s_median": round(statistics.median(walls), 3),
                        "cpu_s_median": round(statistics.median(cpus), 3),
                        "cat_wall_s_median": round(statistics.median(cats), 3),
                        "ratio_to_cat": round(statistics.median(walls) / statistics.median(cats), 2),
                        "peak_rss_mib": round(max(peaks) / 1024, 1)})
print(json.dumps(results, indent=2))
