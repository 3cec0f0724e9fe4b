//! The real binary on a pseudo-terminal, shared by the end-to-end tests: util-linux `script`
//! gives the pty, and a thread hands what the terminal receives to the test.

#![allow(dead_code)]

use std::io::Read;
use std::path::Path;
use std::process::{ChildStdout, Command, Stdio};

/// Whether util-linux `script` is here (the tests skip with a note where it is not).
pub fn have_script() -> bool {
    Command::new("script")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// `sh -c SH_CMD` on a fresh pty in `dir`, as a user's terminal would run it: TERM set, none
/// of tenken's display variables inherited from the test's environment, stdin and stdout
/// piped. Callers add their own environment and spawn it.
pub fn script(dir: &Path, sh_cmd: &str) -> Command {
    let mut command = Command::new("script");
    command
        .args(["-qfec", sh_cmd, "/dev/null"])
        .current_dir(dir)
        .env("TERM", "xterm-256color")
        .env("SHELL", "/bin/sh")
        .env_remove("NO_COLOR")
        .env_remove("TENKEN_ASCII")
        .env_remove("TENKEN_AMBIGUOUS_WIDTH")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    command
}

/// Hands every byte the terminal receives to `sink`, on a thread of its own, until the pty
/// closes.
pub fn pump(mut out: ChildStdout, mut sink: impl FnMut(&[u8]) + Send + 'static) {
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = out.read(&mut buf) {
            if n == 0 {
                break;
            }
            sink(&buf[..n]);
        }
    });
}
