//! No raw control or bidirectional character from a custom catalog reaches a terminal:
//! `catalog validate` and `--catalog` refuse them in every text field, with line:column or
//! the field path; errors quoting text from files are sanitised.

use std::path::Path;
use std::process::{Command, Output};

use crate::util::fixture::SHEET;

const MINI: &str = include_str!("../fixtures/mini-catalog.ron");

fn tenken(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tenken"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

/// No ESC, no other C0 but line ends and tabs, no C1, no DEL, no bidirectional control.
fn assert_clean(out: &Output, what: &str) {
    for (name, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
        let text = String::from_utf8_lossy(bytes);
        let bad = text.chars().find(|&c| {
            !matches!(c, '\n' | '\r' | '\t')
                && (c.is_control()
                    || ('\u{202A}'..='\u{202E}').contains(&c)
                    || ('\u{2066}'..='\u{2069}').contains(&c)
                    || matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}'))
        });
        assert!(
            bad.is_none(),
            "{what}: raw U+{:04X} on {name}: {text}",
            bad.unwrap() as u32
        );
    }
}

/// Hostile variants of the fixture: (what, catalog source, expected text in the message).
fn hostile() -> Vec<(&'static str, String, &'static str)> {
    vec![
        (
            "raw ESC in an item's wording",
            MINI.replace("会議を開催している", "会議を\u{1b}[2J開催している"),
            "U+001B",
        ),
        (
            "escaped ESC in a heading",
            MINI.replace("\"責任体制\"", "\"責任\\u{1b}]0;x\\u{7}体制\""),
            "title",
        ),
        (
            "U+202E in the revision",
            MINI.replace("\"R8\"", "\"R\\u{202E}8\""),
            "revision",
        ),
        (
            "raw U+202E in the catalog id",
            MINI.replace("id: \"mini\"", "id: \"mi\u{202E}ni\""),
            "U+202E",
        ),
        (
            "C1 CSI in an English text",
            MINI.replace("Has appointed", "Has \\u{9b}2J appointed"),
            "majors[0].middles[0].minors[0].goals[0].items[0].en",
        ),
        (
            "DEL in a note",
            MINI.replace("title: \"体制\",", "title: \"体制\", note: \"a\\u{7f}b\","),
            "note",
        ),
        (
            "U+2066 in a profile question",
            MINI.replace("重要機能室がありますか", "重要\\u{2066}機能室がありますか"),
            "profile[0].question",
        ),
        (
            "U+200F in a priority id",
            MINI.replace("[\"1-1\", \"2-1\"]", "[\"1-1\\u{200F}\", \"2-1\"]"),
            "U+200F",
        ),
    ]
}

#[test]
fn validate_and_catalog_option_refuse_control_and_bidi_characters_in_every_field() {
    let dir = tempfile::tempdir().unwrap();
    for (what, src, expect) in hostile() {
        let path = dir.path().join("bad.ron");
        std::fs::write(&path, &src).unwrap();
        let out = tenken(&["catalog", "validate", "bad.ron"], dir.path());
        assert_eq!(out.status.code(), Some(1), "{what}: not refused");
        assert_clean(&out, what);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("bad.ron:"), "{what}: {err}");
        assert!(err.contains(expect), "{what}: {expect:?} missing in {err}");
        for args in [
            &["--catalog", "bad.ron", "catalog", "list"][..],
            &["--catalog", "bad.ron", "catalog", "show", "1-2"][..],
        ] {
            let out = tenken(args, dir.path());
            assert!(!out.status.success(), "{what}: {args:?} accepted it");
            assert_clean(&out, what);
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(err.contains(expect), "{what} {args:?}: {err}");
        }
    }
}

#[test]
fn the_unmodified_fixture_still_validates() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("ok.ron"), MINI).unwrap();
    let out = tenken(&["catalog", "validate", "ok.ron"], dir.path());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn errors_quoting_text_from_files_are_sanitised() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // An unknown catalog id and revision in a sheet, quoted in the error.
    let bad_id = SHEET.replace(
        "(id: \"juki-municipal\", revision: \"H19\")",
        "(id: \"juki\\u{1b}[2J\\u{202E}x\", revision: \"H\\u{9b}19\")",
    );
    assert_ne!(bad_id, SHEET);
    std::fs::write(d.join("id.ron"), &bad_id).unwrap();
    let unknown_rev = SHEET.replace(
        "revision: \"H19\"",
        "revision: \"H\\u{1b}]0;t\\u{7}\\u{202E}\"",
    );
    std::fs::write(d.join("rev.ron"), &unknown_rev).unwrap();
    // A file name with ESC and U+202E.
    let odd_name = "a\u{1b}[31m\u{202E}b.ron";
    std::fs::write(d.join(odd_name), "not RON").unwrap();
    let mut runs: Vec<(&str, Output)> = vec![
        ("unknown catalog id", tenken(&["report", "id.ron"], d)),
        ("unknown revision", tenken(&["check", "rev.ron"], d)),
        (
            "unknown catalog in diff",
            tenken(&["diff", "id.ron", "rev.ron"], d),
        ),
        ("file name", tenken(&["report", odd_name], d)),
        (
            "missing file name",
            tenken(&["check", "x\u{1b}[2J\u{202E}.ron"], d),
        ),
        (
            "catalog show of an odd id",
            tenken(&["catalog", "show", "9\u{1b}[2J\u{202E}"], d),
        ),
    ];
    // A duplicate id and a `format` value in a custom catalog.
    std::fs::write(
        d.join("dup.ron"),
        MINI.replace("(id: \"1-2\"", "(id: \"1-1\""),
    )
    .unwrap();
    runs.push((
        "duplicate id",
        tenken(&["catalog", "validate", "dup.ron"], d),
    ));
    // A lock file whose host and time carry escapes, held by this process.
    let lock = d.join(".new.ron.lock");
    std::fs::write(
        &lock,
        "(host: \"h\\u{1b}]0;owned\\u{7}\\u{202E}\", pid: 1, since: \"\\u{9b}2J\\u{202E}\")\n",
    )
    .unwrap();
    // Held as an editor holds it: the writers' lock, on a handle open for writing.
    let held = std::fs::OpenOptions::new().write(true).open(&lock).unwrap();
    crate::util::fcntl_lock(&held, true).unwrap();
    // `open` needs a terminal before it reads the lock; the holder it would show is this.
    let holder = match tenken::store::lock_sheet(&d.join("new.ron")) {
        Err(tenken::store::LockError::Held(info)) => info,
        other => panic!(
            "lock not seen as held: {:?}",
            other.err().map(|e| e.to_string())
        ),
    };
    drop(held);
    let shown = format!("{} {} {holder}", holder.host, holder.since);
    assert!(
        !shown.contains(['\u{1b}', '\u{7}', '\u{9b}', '\u{202E}']),
        "{shown}"
    );
    assert!(shown.contains("h<U+001B>]0;owned"), "{shown}");
    for (what, out) in &runs {
        assert!(!out.status.success(), "{what}: accepted");
        assert!(
            !out.stderr.is_empty() || !out.stdout.is_empty(),
            "{what}: nothing said"
        );
        assert_clean(out, what);
    }
    let dup = String::from_utf8_lossy(&runs.last().unwrap().1.stderr);
    assert!(dup.contains("項目 id が重複しています"), "{dup}");
}

/// Cells of a CSV column, by row id.
fn csv_column(bytes: &[u8], column: &str) -> Vec<(String, String)> {
    let text = String::from_utf8_lossy(bytes);
    let text = text.trim_start_matches('\u{feff}');
    let mut r = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let header = r.headers().unwrap().clone();
    let at = header.iter().position(|h| h == column).expect(column);
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            (rec[0].to_string(), rec.get(at).unwrap_or("").to_string())
        })
        .collect()
}

#[test]
fn catalog_wording_in_aggregate_and_diff_csv_gets_the_formula_guard() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let cat = MINI
        .replace("統括責任者を任命している", "＋1+cmd|' /C calc'!A0")
        .replace("会議を開催している", "=HYPERLINK(\\\"http://x\\\")")
        .replace("入退室を管理している", " @SUM(1)");
    std::fs::write(d.join("cat.ron"), &cat).unwrap();
    let c = tenken::catalog::Catalog::from_ron(&cat, "cat.ron").unwrap();
    let t = time::macros::datetime!(2026-11-25 10:00 +9);
    for (name, year) in [("old.ron", 2025), ("new.ron", 2026)] {
        let mut s = tenken::sheet::Sheet::new(
            tenken::sheet::CatalogRef {
                id: c.id.clone(),
                revision: c.revision.clone(),
            },
            "例市",
            tenken::fiscal::FiscalYear(year),
            t,
        );
        s.set_score("1-1", tenken::sheet::Score::from_u8(3).unwrap(), t);
        std::fs::write(d.join(name), tenken::store::to_ron(&s)).unwrap();
    }
    let agg = tenken(
        &[
            "--catalog",
            "cat.ron",
            "aggregate",
            "--format",
            "csv",
            "new.ron",
        ],
        d,
    );
    assert!(
        agg.status.success(),
        "{}",
        String::from_utf8_lossy(&agg.stderr)
    );
    let diff = tenken(
        &[
            "--catalog",
            "cat.ron",
            "diff",
            "--format",
            "csv",
            "old.ron",
            "new.ron",
        ],
        d,
    );
    assert!(
        diff.status.success(),
        "{}",
        String::from_utf8_lossy(&diff.stderr)
    );
    let expect = [
        ("1-1", "'＋1+cmd|' /C calc'!A0"),
        ("1-2", "'=HYPERLINK(\"http://x\")"),
        ("2-1", "' @SUM(1)"),
    ];
    for (what, cells) in [
        ("aggregate", csv_column(&agg.stdout, "text")),
        ("diff", csv_column(&diff.stdout, "new_text")),
    ] {
        for (id, want) in expect {
            let got = cells.iter().find(|(i, _)| i == id).map(|(_, t)| t.as_str());
            assert_eq!(got, Some(want), "{what} {id}: {cells:?}");
        }
    }
}

#[test]
fn validate_names_an_odd_file_name_sanitised() {
    let dir = tempfile::tempdir().unwrap();
    let name = "m\u{1b}[2J\u{202E}.ron";
    std::fs::write(dir.path().join(name), MINI).unwrap();
    let out = tenken(&["catalog", "validate", name], dir.path());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_clean(&out, "validate ok line");
    assert!(String::from_utf8_lossy(&out.stdout).contains("m<U+001B>[2J<U+202E>.ron: 問題なし"));
}
