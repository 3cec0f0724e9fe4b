//! Saying that a test skipped something, where a reader sees it.
//!
//! libtest captures `eprintln!` of a passing test, so a skip reported that way prints `ok` and
//! nothing else. These notes go straight to the process's stderr instead (libtest captures only
//! the print macros), and name the test and the reason: `cargo test` shows them between the
//! `test … ok` lines whether the test passes or not.

#![allow(dead_code)]

use std::io::Write as _;

/// Whether this run is continuous integration (`CI=true`, as GitHub Actions, GitLab CI and
/// most others set it), where a skipped fidelity check is a failure rather than a note.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0")
}

/// Writes `SKIPPED <test>: <why>` to stderr, bypassing libtest's output capture, on a line
/// of its own (libtest may be half-way through a `test … ` line of another test).
pub fn note(why: &str) {
    let thread = std::thread::current();
    let test = thread.name().filter(|n| *n != "main").unwrap_or("a test");
    let _ = writeln!(std::io::stderr().lock(), "\nSKIPPED {test}: {why}");
}
