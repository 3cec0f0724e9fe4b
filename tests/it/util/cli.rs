//! The real binary run as a command, as a person runs it from a shell.

use std::ffi::OsStr;
use std::path::Path;
use std::process::{Command, Output};

/// Runs `tenken ARGS…` and waits for it.
pub fn tenken<S: AsRef<OsStr>>(args: &[S]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tenken"))
        .args(args)
        .output()
        .unwrap()
}

/// Runs `tenken ARGS…` in `dir`, as from a shell there: for paths as a person types them
/// (`m`, `./m`).
pub fn tenken_in<S: AsRef<OsStr>>(dir: &Path, args: &[S]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tenken"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

/// A path as an argument.
pub fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}
