//! A custom catalog goes through the same validation as the embedded ones: errors name
//! line:column and the offending id, and nothing panics.

use std::process::Command;

use tenken::catalog::{Catalog, CatalogError};

const MINI: &str = include_str!("../fixtures/mini-catalog.ron");

fn err(src: &str) -> CatalogError {
    Catalog::from_ron(src, "next.ron").expect_err("catalog should be refused")
}

/// 1-based line:column of the first occurrence of `needle` after `after` in `src`.
fn pos(src: &str, after: &str, needle: &str) -> (usize, usize) {
    let start = src.find(after).unwrap();
    let off = src[start..].find(needle).unwrap() + start;
    tenken::ron::line_col(src, off)
}

#[test]
fn the_fixture_is_valid() {
    let c = Catalog::from_ron(MINI, "mini").unwrap();
    assert_eq!(c.item_count(), 3);
    assert_eq!(c.priority_years("2-1"), &[2026]);
    assert_eq!(c.item("1-2").unwrap().en, "");
}

#[test]
fn duplicate_item_id_is_located() {
    let src = MINI.replace("(id: \"1-2\"", "(id: \"1-1\"");
    let e = err(&src);
    assert_eq!(e.why.id.as_deref(), Some("1-1"));
    assert!(e.to_string().contains("duplicate item id"), "{e}");
    // The second occurrence of "1-1" is the duplicate.
    let second = src.match_indices("\"1-1\"").nth(1).unwrap().0;
    assert_eq!(
        (e.line.unwrap(), e.col.unwrap()),
        tenken::ron::line_col(&src, second)
    );
    assert!(e.to_string().starts_with(&format!(
        "next.ron:{}:{}:",
        e.line.unwrap(),
        e.col.unwrap()
    )));
}

#[test]
fn goal_without_items_is_refused() {
    let src = MINI.replace("(id: \"2-1\", text: \"入退室を管理している\"),", "");
    let e = err(&src);
    assert_eq!(e.why.id.as_deref(), Some("管理目標 2"));
    assert!(e.to_string().contains("no items"), "{e}");
    assert_eq!(
        (e.line.unwrap(), e.col.unwrap()),
        pos(&src, "no: 2,", "no: 2")
    );
}

#[test]
fn priority_year_naming_a_missing_item_is_refused() {
    let src = MINI.replace("items: [\"1-1\", \"2-1\"]", "items: [\"1-1\", \"9-9\"]");
    let e = err(&src);
    assert_eq!(e.why.id.as_deref(), Some("9-9"));
    assert!(e.to_string().contains("2026"), "{e}");
    assert_eq!(
        (e.line.unwrap(), e.col.unwrap()),
        pos(&src, "year: 2026", "\"9-9\"")
    );
}

#[test]
fn applies_if_naming_an_undeclared_profile_question_is_refused() {
    let src = MINI.replace("profile: \"important_room\"", "profile: \"server_room\"");
    let e = err(&src);
    assert_eq!(e.why.id.as_deref(), Some("管理目標 2"));
    assert!(e.to_string().contains("server_room"), "{e}");
    assert_eq!(
        (e.line.unwrap(), e.col.unwrap()),
        pos(&src, "applies_if", "\"server_room\"")
    );
}

#[test]
fn syntax_errors_carry_the_parser_position() {
    let src = MINI.replace("no: 2,", "no: two,");
    let e = err(&src);
    let (line, _) = pos(&src, "no: two", "");
    assert_eq!(e.line, Some(line), "{e}");
    assert!(e.why.id.is_none());
}

#[test]
fn wrong_format_and_junk_are_refused_without_panic() {
    let e = err(&MINI.replace("format: 1", "format: 7"));
    assert!(e.to_string().contains("format 7"), "{e}");
    for junk in [
        "",
        "\0\0\0",
        "Catalog(",
        "[1, 2, 3]",
        "((((((((((((((((((((",
    ] {
        let _ = err(junk);
    }
    let deep = "[".repeat(100_000);
    let _ = err(&deep);
}

#[test]
fn validate_command_exit_status_and_message() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.ron");
    let bad = dir.path().join("bad.ron");
    std::fs::write(&good, MINI).unwrap();
    std::fs::write(&bad, MINI.replace("(id: \"1-2\"", "(id: \"1-1\"")).unwrap();
    let run = |args: &[&std::ffi::OsStr]| {
        Command::new(env!("CARGO_BIN_EXE_tenken"))
            .args(args)
            .output()
            .unwrap()
    };
    let ok = run(&["catalog".as_ref(), "validate".as_ref(), good.as_os_str()]);
    assert!(ok.status.success());
    assert!(String::from_utf8_lossy(&ok.stdout).contains("項目 3"));
    let no = run(&["catalog".as_ref(), "validate".as_ref(), bad.as_os_str()]);
    assert_eq!(no.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&no.stderr);
    assert!(
        stderr.contains("bad.ron:") && stderr.contains("id 1-1"),
        "{stderr}"
    );
    // A broken --catalog is a clean error for any command.
    let global = run(&[
        "--catalog".as_ref(),
        bad.as_os_str(),
        "catalog".as_ref(),
        "list".as_ref(),
    ]);
    assert_eq!(global.status.code(), Some(2));
    assert!(global.stdout.is_empty());
    // A custom catalog is listed with its own priority years.
    let listed = run(&[
        "--catalog".as_ref(),
        good.as_os_str(),
        "catalog".as_ref(),
        "list".as_ref(),
    ]);
    let out = String::from_utf8_lossy(&listed.stdout);
    assert!(
        out.lines()
            .nth(1)
            .unwrap()
            .starts_with("1-1\t1\t2026\t統括責任者を任命している"),
        "{out}"
    );
    // Missing and non-UTF-8 files.
    let missing = run(&[
        "catalog".as_ref(),
        "validate".as_ref(),
        dir.path().join("none.ron").as_os_str(),
    ]);
    assert_eq!(missing.status.code(), Some(1));
    let binary = dir.path().join("bin.ron");
    std::fs::write(&binary, b"Catalog(\n  \xff\xfe").unwrap();
    let b = run(&["catalog".as_ref(), "validate".as_ref(), binary.as_os_str()]);
    assert_eq!(b.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&b.stderr).contains("bin.ron:2:3: UTF-8 のテキストではありません")
    );
}
