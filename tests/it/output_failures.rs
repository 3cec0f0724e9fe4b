//! Output that cannot be written: stderr on a full device, stdout a closed pipe or a full
//! device. Never a panic (status 101): a non-zero status, with a message only where one can
//! still be written.

use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_tenken");
const SHEET: &str = "tests/fixtures/sheet-r8.ron";

/// The device that is always full (every Linux has it).
fn dev_full() -> std::fs::File {
    std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full")
}

#[test]
fn stderr_on_a_full_device_is_a_quiet_failure_not_a_panic() {
    let full = dev_full();
    for args in [
        &["check", "/nonexistent/sheet.ron"][..],
        &["report", "/nonexistent/sheet.ron"],
        &["--previous", "x.ron", "catalog", "list"],
        &["aggregate", "/nonexistent"],
    ] {
        let out = Command::new(BIN)
            .args(args)
            .stdout(Stdio::null())
            .stderr(full.try_clone().unwrap())
            .output()
            .unwrap();
        let code = out.status.code();
        assert!(
            code.is_some_and(|c| c != 0 && c != 101),
            "{args:?}: status {code:?}"
        );
    }
}

#[test]
fn stdout_on_a_full_device_says_so_and_fails() {
    let full = dev_full();
    let out = Command::new(BIN)
        .args(["report", SHEET])
        .stdout(full)
        .output()
        .unwrap();
    assert!(out.status.code().is_some_and(|c| c != 0 && c != 101));
    assert!(String::from_utf8_lossy(&out.stderr).contains("標準出力"));
    // Both full: nothing can be said, still no panic.
    let out = Command::new(BIN)
        .args(["report", SHEET])
        .stdout(dev_full())
        .stderr(dev_full())
        .output()
        .unwrap();
    assert!(out.status.code().is_some_and(|c| c != 0 && c != 101));
}

/// Issue 22.19: stdout on a full device exits 74 (EX_IOERR) as documented, not 1 — which for
/// `check` means "findings" — and says so on stderr.
#[test]
fn stdout_on_a_full_device_exits_74() {
    for args in [
        &["report", SHEET][..],
        &["report", SHEET, "--format", "json"],
        &["check", SHEET],
        &["catalog", "list"],
        &["aggregate", SHEET],
        &["diff", SHEET, SHEET],
    ] {
        let out = Command::new(BIN)
            .args(args)
            .stdout(dev_full())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(74), "{args:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("標準出力"),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn stdout_a_closed_pipe_is_a_quiet_non_zero_exit() {
    for args in [
        &["report", SHEET][..],
        &["report", SHEET, "--format", "json"],
        &["catalog", "list"],
    ] {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let out = Command::new(BIN)
            .args(args)
            .stdout(writer)
            .output()
            .unwrap();
        let code = out.status.code();
        assert!(
            code.is_some_and(|c| c != 0 && c != 101),
            "{args:?}: status {code:?}"
        );
        assert_eq!(String::from_utf8_lossy(&out.stderr), "", "{args:?}");
    }
}

#[test]
fn help_and_version_on_a_full_device_fail() {
    let full = dev_full();
    for args in [&["--help"][..], &["--version"], &["report", "--help"]] {
        let out = Command::new(BIN)
            .args(args)
            .stdout(full.try_clone().unwrap())
            .stderr(Stdio::null())
            .output()
            .unwrap();
        let code = out.status.code();
        assert!(
            code.is_some_and(|c| c != 0 && c != 101),
            "{args:?}: status {code:?}"
        );
    }
}

/// An output file that cannot be written (its directory missing) exits 74 too, as the help's
/// EXIT STATUS promises for "the output file", with the reason on stderr — it exited 1, the
/// status of any other refusal (and of `check`'s findings).
#[test]
fn an_output_file_that_cannot_be_written_exits_74() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nodir");
    for (args, file) in [
        (&["report", SHEET][..], "r.csv"),
        (&["report", SHEET], "r.xlsx"),
        (&["aggregate", SHEET], "t.json"),
        (&["aggregate", SHEET], "t.xlsx"),
        (&["diff", SHEET, SHEET], "d.txt"),
    ] {
        let out_file = missing.join(file);
        let out = Command::new(BIN)
            .args(args)
            .arg("-o")
            .arg(&out_file)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(74), "{args:?} -o {file}: {err}");
        assert!(err.contains(file) && err.starts_with("tenken: "), "{err}");
    }
    // A refusal is not a failed write: still 1.
    let out = Command::new(BIN)
        .args(["report", SHEET, "-o", SHEET, "--format", "text"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
