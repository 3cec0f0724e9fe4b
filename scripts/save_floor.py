#!/usr/bin/env python3
"""The kernel's part of a save on this disk: save_floor.py DIR N BYTES writes BYTES to a new file in DIR, fsyncs it,
renames it over DIR/sheet.ron and fsyncs DIR, N times; prints the CPU per save with and without the fsyncs."""
import os, sys, time, resource
d = sys.argv[1]; n = int(sys.argv[2]); size = int(sys.argv[3])
data = (b"x" * 63 + b"\n") * (size // 64)
dfd = os.open(d, os.O_RDONLY | os.O_DIRECTORY)
def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF); return r.ru_utime + r.ru_stime
def ns():
    return time.clock_gettime_ns(time.CLOCK_PROCESS_CPUTIME_ID)
for mode in ["write+rename (no fsync)", "write+fsync+rename+fsync dir"]:
    c0 = ns()
    for i in range(n):
        fd = os.open(f"t.{i}.tmp", os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600, dir_fd=dfd)
        os.write(fd, data)
        if "fsync" in mode: os.fsync(fd)
        os.rename(f"t.{i}.tmp", "sheet.ron", src_dir_fd=dfd, dst_dir_fd=dfd)
        os.close(fd)
        if "fsync" in mode: os.fsync(dfd)
    print(f"{mode}: {(ns()-c0)/n/1000:.0f} us CPU per save ({size} B)")
