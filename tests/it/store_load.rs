//! Reading answer files: the round trip keeps what tenken does not know, minimal files load,
//! and every kind of bad input is refused with file, line and column, the file untouched.

use std::fs;
use std::path::Path;

use tenken::catalog::Catalogs;
use tenken::sheet::Score;
use tenken::store::{self, MAX_SHEET_BYTES, StoreError};

const EXAMPLE: &str = include_str!("../fixtures/example.ron");

fn load_str(dir: &Path, name: &str, bytes: &[u8]) -> Result<tenken::sheet::Sheet, StoreError> {
    let path = dir.join(name);
    fs::write(&path, bytes).unwrap();
    let result = store::load_sheet(&path);
    // Loading never writes: the file is as it was and nothing appeared beside it.
    assert_eq!(fs::read(&path).unwrap(), bytes, "{name} was changed");
    let names: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(names.len() <= 64 && names.iter().all(|n| !n.to_string_lossy().starts_with('.')));
    result
}

#[test]
fn unknown_items_and_fields_survive_a_round_trip() {
    let sheet = store::parse_sheet(EXAMPLE, "example.ron").unwrap();
    assert_eq!(sheet.organization, "例市");
    assert_eq!(sheet.answers["18-1"].score, Score::Documented);
    assert_eq!(sheet.answers["99-9"].score, Score::NotInPlace);
    assert_eq!(
        sheet.extra,
        vec![
            ("signature".to_string(), "Some(\"課長 山田\")".to_string()),
            (
                "meeting".to_string(),
                "(date: \"2026-12-01\", room: \"第2会議室\")".to_string()
            ),
        ]
    );
    let a = &sheet.answers["18-1"].extra;
    assert_eq!(
        a[0],
        ("reviewer".to_string(), "\"監査担当 佐藤\"".to_string())
    );
    assert_eq!(a[1].0, "attachments");
    assert!(a[1].1.contains("scan-002.pdf"));
    assert_eq!(
        sheet.answers["99-9"].extra,
        vec![(
            "note".to_string(),
            "(kind: \"from a newer catalog\", ok: false)".to_string()
        )]
    );

    let text = store::to_ron(&sheet);
    let back = store::parse_sheet(&text, "saved.ron").unwrap();
    assert_eq!(back, sheet);
    assert_eq!(store::to_ron(&back), text, "the emitter is deterministic");
    for needle in [
        "reviewer: \"監査担当 佐藤\"",
        "\"99-9\"",
        "signature: Some(\"課長 山田\")",
    ] {
        assert!(text.contains(needle), "{needle} lost:\n{text}");
    }
}

#[test]
fn round_trip_through_the_file_system() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sheet.ron");
    let sheet = store::parse_sheet(EXAMPLE, "example.ron").unwrap();
    store::save_sheet(&path, &sheet).unwrap();
    assert_eq!(store::load_sheet(&path).unwrap(), sheet);
    let first = fs::read_to_string(&path).unwrap();
    store::save_sheet(&path, &store::load_sheet(&path).unwrap()).unwrap();
    assert_eq!(fs::read_to_string(&path).unwrap(), first);
}

#[test]
fn a_minimal_file_loads_with_defaults() {
    let src = "(format: 1, catalog: (id: \"juki-municipal\", revision: \"H19\"), \
               organization: \"例町\", fiscal_year: 2019, answers: {\"1-1\": (score: 0)})";
    let sheet = store::parse_sheet(src, "min.ron").unwrap();
    assert_eq!(sheet.respondent, "");
    assert!(sheet.profile.is_empty());
    assert_eq!(sheet.created, None);
    assert_eq!(sheet.fiscal_year().wareki(), "令和元年度");
    let a = &sheet.answers["1-1"];
    assert_eq!(a.score, Score::NotApplicable);
    assert_eq!(
        (a.plan.as_ref(), a.flagged, a.history.len()),
        (None, false, 0)
    );
    // A named struct, a byte-order mark and an implicit Some are all fine.
    let src2 = "\u{FEFF}Sheet(format: 1, catalog: (id: \"x\", revision: \"1\"), organization: \"o\", \
                fiscal_year: 2007, answers: {\"1-1\": (score: 2, plan: (action: \"a\"))})";
    let s2 = store::parse_sheet(src2, "named.ron").unwrap();
    assert_eq!(s2.answers["1-1"].plan.as_ref().unwrap().action, "a");
}

fn expect_err(name: &str, bytes: &[u8], line: Option<usize>, col: Option<usize>, words: &str) {
    let dir = tempfile::tempdir().unwrap();
    let e = load_str(dir.path(), name, bytes).expect_err(name);
    assert_eq!(e.path, dir.path().join(name));
    assert_eq!((e.line, e.col), (line, col), "{name}: {e}");
    assert!(e.to_string().contains(words), "{name}: {e}");
    let shown = e.to_string();
    assert!(
        shown.starts_with(&dir.path().join(name).display().to_string()),
        "{shown}"
    );
    if let (Some(l), Some(c)) = (line, col) {
        assert!(shown.contains(&format!(".ron:{l}:{c}: ")), "{shown}");
    }
}

const HEAD: &str = "(\n    format: 1,\n    catalog: (id: \"juki-municipal\", revision: \"H19\"),\n    organization: \"例市\",\n    fiscal_year: 2026,\n";

#[test]
fn invalid_ron_is_refused_with_its_position() {
    let src = format!(
        "{HEAD}    answers: {{\n        \"1-1\": (score: 3 evidence: \"x\"),\n    }},\n)\n"
    );
    expect_err(
        "syntax.ron",
        src.as_bytes(),
        Some(7),
        Some(26),
        "a comma `,` is needed here",
    );
    expect_err("empty.ron", b"  \n", Some(1), Some(1), "empty");
    // Another kind of file altogether (a list, a note, JSON, a CSV named otherwise) is said to
    // be no answer sheet, where it starts, not where RON's grammar first fails on it
    // (「`hello` は名前として正しくありません」 said nothing a user could act on).
    for (name, bytes, line, col) in [
        ("list.ron", &b"[1, 2]"[..], 1, 1),
        ("note.ron", b"hello world\n", 1, 1),
        ("json.ron", b"\n  {\"organization\": \"x\"}", 2, 3),
        (
            "csv.ron",
            "団体コード,団体名\n041009,例市\n".as_bytes(),
            1,
            1,
        ),
        ("commented.ron", b"// last year's\nanswers: {}", 2, 1),
    ] {
        expect_err(
            name,
            bytes,
            Some(line),
            Some(col),
            "is not an answer sheet (tenken's RON, which begins with `(`)",
        );
    }
    // Where it does begin as one, the error is RON's, where it is.
    expect_err(
        "unclosed.ron",
        b"Sheet(format: 1, organization: \"x\"",
        Some(1),
        Some(33),
        "the file ends",
    );
}

#[test]
fn a_score_outside_0_to_3_is_refused() {
    let src = format!("{HEAD}    answers: {{\n        \"1-1\": (score: 4),\n    }},\n)\n");
    expect_err(
        "four.ron",
        src.as_bytes(),
        Some(7),
        Some(24),
        "score must be 0, 1, 2 or 3, not 4",
    );
    let src = format!("{HEAD}    answers: {{\"1-1\": (score: 300)}},\n)\n");
    expect_err("300.ron", src.as_bytes(), Some(6), Some(30), "not 300");
    let src = format!("{HEAD}    answers: {{\"1-1\": (score: -1)}},\n)\n");
    expect_err("neg.ron", src.as_bytes(), Some(6), Some(31), "not -1");
}

#[test]
fn a_missing_required_field_is_named() {
    let src = "(\n    format: 1,\n    catalog: (id: \"juki-municipal\", revision: \"H19\"),\n    fiscal_year: 2026,\n    answers: {},\n)\n";
    expect_err(
        "noorg.ron",
        src.as_bytes(),
        Some(6),
        Some(1),
        "`organization` is missing",
    );
    let src = format!("{HEAD}    answers: {{\"1-1\": (comment: \"no score\")}},\n)\n");
    expect_err(
        "noscore.ron",
        src.as_bytes(),
        Some(6),
        Some(42),
        "`score` is missing",
    );
    let src = format!("{HEAD})\n");
    expect_err(
        "noanswers.ron",
        src.as_bytes(),
        Some(6),
        Some(1),
        "`answers` is missing",
    );
}

#[test]
fn an_unknown_format_version_is_refused() {
    let src = "(\n    catalog: (id: \"juki-municipal\"),\n    format: 2,\n    answers: {},\n)\n";
    expect_err(
        "v2.ron",
        src.as_bytes(),
        Some(3),
        Some(5),
        "format 2 is newer",
    );
    let src = "(format: 0, catalog: (id: \"x\", revision: \"1\"), organization: \"o\", fiscal_year: 2026, answers: {})";
    expect_err(
        "v0.ron",
        src.as_bytes(),
        Some(1),
        Some(2),
        "`format: 0` is not a known",
    );
}

#[test]
fn binary_junk_and_bad_encodings_are_refused() {
    expect_err(
        "nul.ron",
        b"(format: 1,\n  \x00\x01\x02\x03",
        Some(2),
        Some(3),
        "NUL byte",
    );
    let mut sjis = format!("{HEAD}    respondent: \"").into_bytes();
    sjis.extend_from_slice(&[0x8f, 0xee, 0x95, 0xf1]); // 情報 in Shift_JIS
    sjis.extend_from_slice(b"\",\n    answers: {},\n)\n");
    expect_err("sjis.ron", &sjis, Some(6), Some(18), "not UTF-8");
    expect_err(
        "png.ron",
        b"\x89PNG\r\n\x1a\n",
        Some(1),
        Some(1),
        "not UTF-8",
    );
    expect_err(
        "ts.ron",
        format!("{HEAD}    created: \"yesterday\",\n    answers: {{}},\n)\n").as_bytes(),
        Some(6),
        Some(15),
        "RFC 3339",
    );
}

#[test]
fn a_file_over_16_mib_is_refused_without_reading_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.ron");
    let f = fs::File::create(&path).unwrap();
    f.set_len(MAX_SHEET_BYTES + 1).unwrap();
    let e = store::load_sheet(&path).unwrap_err();
    assert!(e.to_string().contains("16 MiB"), "{e}");
    assert_eq!(fs::metadata(&path).unwrap().len(), MAX_SHEET_BYTES + 1);
    // Exactly at the limit is read (and then fails as RON, not for its size).
    f.set_len(MAX_SHEET_BYTES).unwrap();
    let e = store::load_sheet(&path).unwrap_err();
    assert!(!e.to_string().contains("16 MiB"), "{e}");
}

#[test]
fn missing_files_and_directories_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let e = store::load_sheet(&dir.path().join("nope.ron")).unwrap_err();
    assert!(e.to_string().contains("cannot open"), "{e}");
    let e = store::load_sheet(dir.path()).unwrap_err();
    assert!(e.to_string().contains("directory"), "{e}");
}

#[test]
fn an_unknown_catalog_suggests_the_catalog_option() {
    let src = "(format: 1, catalog: (id: \"juki-municipal-r9\", revision: \"R9\"), organization: \"o\", fiscal_year: 2027, answers: {})";
    let sheet = store::parse_sheet(src, "r9.ron").unwrap();
    let catalogs = Catalogs::new(None);
    let e = store::resolve_catalog(&sheet, &catalogs, Path::new("r9.ron")).unwrap_err();
    assert!(e.to_string().contains("juki-municipal-r9"), "{e}");
    assert!(e.to_string().contains("--catalog"), "{e}");
    let ok = store::parse_sheet(EXAMPLE, "example.ron").unwrap();
    let c = store::resolve_catalog(&ok, &catalogs, Path::new("example.ron")).unwrap();
    assert_eq!(c.id, "juki-municipal");
}

#[test]
fn an_item_answered_twice_is_refused_not_silently_dropped() {
    let src = format!(
        "{HEAD}    answers: {{\n        \"1-1\": (score: 3),\n        \"1-1\": (score: 1),\n    }},\n)\n"
    );
    expect_err(
        "twice.ron",
        src.as_bytes(),
        Some(8),
        Some(9),
        "answered twice",
    );
}

#[test]
fn reading_only_parse_reports_the_same_errors() {
    for bad in [
        "(format: 1, catalog: (id: \"juki-municipal\", revision: \"H19\"), organization: \"x\", fiscal_year: 2026, answers: {\"1-1\": (score: 7)})",
        "(format: 2, catalog: (id: \"juki-municipal\", revision: \"H19\"), organization: \"x\", fiscal_year: 2026, answers: {})",
        "(format: 1, organization: \"x\")",
        "\u{feff}(format: 1,\0)",
    ] {
        let full = tenken::store::parse_sheet(bad, "bad.ron").unwrap_err();
        let fast = tenken::store::parse_sheet_for_reading(bad, "bad.ron").unwrap_err();
        assert_eq!(full.to_string(), fast.to_string());
    }
}

#[test]
fn organisation_code_and_prefecture_load_checked_and_old_sheets_without_them_still_load() {
    // Written only once given: a sheet without them keeps its shape (EXAMPLE has neither).
    let old = store::parse_sheet(EXAMPLE, "example.ron").unwrap();
    assert_eq!(
        (old.organization_code.as_str(), old.prefecture.as_str()),
        ("", "")
    );
    assert!(!store::to_ron(&old).contains("prefecture"));
    let src = format!(
        "{HEAD}    organization_code: \"132063\",\n    prefecture: \"東京\",\n    answers: {{}},\n)\n"
    );
    let sheet = store::parse_sheet(&src, "fuchu.ron").unwrap();
    assert_eq!(sheet.organization_code, "132063");
    assert_eq!(sheet.prefecture, "東京都", "kept as one of the 47");
    let text = store::to_ron(&sheet);
    assert!(
        text.contains("    organization: \"例市\",\n    organization_code: \"132063\",\n    prefecture: \"東京都\",\n"),
        "{text}"
    );
    assert_eq!(store::parse_sheet(&text, "again.ron").unwrap(), sheet);
    // A typo in the code is caught by its check digit, with its place in the file.
    let src = format!("{HEAD}    organization_code: \"132064\",\n    answers: {{}},\n)\n");
    expect_err("typo.ron", src.as_bytes(), Some(6), Some(25), "check digit");
    let src = format!("{HEAD}    prefecture: \"東京市\",\n    answers: {{}},\n)\n");
    expect_err("pref.ron", src.as_bytes(), Some(6), Some(18), "東京市");
}

/// A sheet cut off on its way (a copy interrupted, a mail attachment truncated) is said to end
/// in the middle wherever the cut falls — after a number, inside a text, after a comma — so
/// that whoever collects it asks for it again. Before, a cut after `score: 3` read 「ここに
/// `,`（カンマ）が必要です」 and one inside a text 「この文字列を閉じる `"` がありません」, as if
/// the file had a typo to look for.
#[test]
fn a_sheet_cut_off_anywhere_is_said_to_end_in_the_middle() {
    let full = format!(
        "{HEAD}    answers: {{\n        \"1-1\": (score: 3, comment: \"年2回開催\"),\n        \"1-2\": (score: 2),\n    }},\n)\n"
    );
    for cut in [
        "(score: 3",
        "comment: \"年2",
        "(score: 3,",
        "\"1-2\": (score: 2),\n",
    ] {
        let end = full.find(cut).unwrap() + cut.len();
        let name = "cut.ron";
        let dir = tempfile::tempdir().unwrap();
        let e = load_str(dir.path(), name, &full.as_bytes()[..end]).expect_err(cut);
        assert!(
            e.to_string().contains("the file ends in the middle"),
            "cut after {cut:?}: {e}"
        );
    }
}
