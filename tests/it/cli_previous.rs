//! `--previous` on the command line: before the file name, after it (the short form's file
//! name is an external subcommand, re-read as `open`), on `open`, and refused elsewhere.

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::Command as Process;

use tenken::cli::{Cli, Command, parse_args};

fn parse(args: &[&str]) -> Cli {
    let mut argv: Vec<OsString> = vec!["tenken".into()];
    argv.extend(args.iter().map(OsString::from));
    parse_args(argv)
}

fn open_of(cli: &Cli) -> (PathBuf, Option<PathBuf>) {
    match &cli.command {
        Some(Command::Open(open)) => (open.file.clone(), open.previous.clone()),
        Some(Command::File(args)) if args.len() == 1 => (args[0].clone().into(), None),
        other => panic!("not an open: {other:?}"),
    }
}

#[test]
fn previous_before_the_file() {
    let cli = parse(&["--previous", "2025.ron", "2026.ron"]);
    assert_eq!(cli.previous, Some("2025.ron".into()));
    assert_eq!(open_of(&cli).0, PathBuf::from("2026.ron"));
}

#[test]
fn previous_after_the_file_of_the_short_form_with_other_options() {
    let cli = parse(&[
        "--ascii",
        "2026.ron",
        "--previous",
        "2025.ron",
        "--lang",
        "en",
    ]);
    assert_eq!(open_of(&cli), ("2026.ron".into(), Some("2025.ron".into())));
    assert!(cli.ascii, "options before the file are kept");
    assert_eq!(cli.lang, tenken::cli::LangArg::En);
}

#[test]
fn previous_on_open() {
    let cli = parse(&["open", "2026.ron", "--previous", "2025.ron"]);
    assert_eq!(open_of(&cli), ("2026.ron".into(), Some("2025.ron".into())));
}

#[test]
fn previous_is_refused_where_nothing_is_opened() {
    let dir = tempfile::tempdir().unwrap();
    let out = Process::new(env!("CARGO_BIN_EXE_tenken"))
        .args(["--previous", "x.ron", "catalog", "list"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("--previous はシートを開くときに使います")
    );
}

#[test]
fn an_unreadable_previous_sheet_is_reported_before_anything_is_written() {
    // Without a terminal the interview refuses first; with one, the previous sheet is read
    // before the lock: here the terminal check speaks, and nothing is created either way.
    let dir = tempfile::tempdir().unwrap();
    let out = Process::new(env!("CARGO_BIN_EXE_tenken"))
        .args(["new.ron", "--previous", "missing.ron"])
        .current_dir(dir.path())
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn the_sheet_being_edited_is_refused_as_last_years() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = dir.path().join("2026.ron");
    std::fs::write(&sheet, "").unwrap();
    let alias = dir.path().join("alias.ron");
    std::os::unix::fs::symlink(&sheet, &alias).unwrap();
    let last = dir.path().join("2025.ron");
    std::fs::write(&last, "").unwrap();
    use tenken::lang::Lang;
    use tenken::tui::term::disk::not_the_sheet_itself;
    assert!(not_the_sheet_itself(&sheet, &sheet, Lang::En).is_err());
    let e = not_the_sheet_itself(&alias, &sheet, Lang::En).unwrap_err();
    assert!(e.contains("is the sheet being edited"), "{e}");
    assert!(not_the_sheet_itself(&last, &sheet, Lang::En).is_ok());
}
