#!/usr/bin/env python3
"""Wall time and peak memory of `tenken aggregate` over N generated sheets.

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
        walls, peaks = [], []
        for _ in range(3):
            t0 = time.monotonic()
            p = subprocess.Popen(["target/release/tenken", "aggregate", "--format", "json",
                                  "-o", os.devnull, d], stderr=subprocess.DEVNULL)
            _, status, usage = os.wait4(p.pid, 0)
            walls.append(time.monotonic() - t0)
            peaks.append(usage.ru_maxrss)  # KiB on Linux
            assert status == 0, status
        results.append({"sheets": n, "input_mib": round(size_mb, 1),
                        "wall_s_median": round(statistics.median(walls), 3),
                        "peak_rss_mib": round(max(peaks) / 1024, 1)})
print(json.dumps(results, indent=2))
