//! Issue 12.16: every message about loading a file is Japanese with `--lang ja` (the default)
//! and English with `--lang en`, names the file and, where the problem is in the text, its
//! line:column — and no RON parser or serde internals reach the reader in either language.
//!
//! Only the binary is used, so that the same test runs against any version of tenken.

use std::fs;
use std::path::Path;
use std::process::Command;

const HEAD: &str = "(\n    format: 1,\n    catalog: (id: \"juki-municipal\", revision: \"H19\"),\n    organization: \"例市\",\n    fiscal_year: 2026,\n";

/// A refused answer file: its name, its contents, and line:column when the problem is in
/// its text.
type BadSheet = (&'static str, Vec<u8>, Position);

/// line:column, when the problem is in the file's text.
type Position = Option<(usize, usize)>;

/// Every kind of answer file tenken refuses.
fn bad_sheets() -> Vec<BadSheet> {
    let mut sjis = format!("{HEAD}    respondent: \"").into_bytes();
    sjis.extend_from_slice(&[0x8f, 0xee, 0x95, 0xf1]); // 情報 in Shift_JIS
    sjis.extend_from_slice(b"\",\n    answers: {},\n)\n");
    let head = |rest: &str| format!("{HEAD}{rest}").into_bytes();
    vec![
        (
            "syntax.ron",
            head("    answers: {\n        \"1-1\": (score: 3 evidence: \"x\"),\n    },\n)\n"),
            Some((7, 26)),
        ),
        ("empty.ron", b"  \n".to_vec(), Some((1, 1))),
        ("list.ron", b"[1, 2]".to_vec(), Some((1, 1))),
        (
            "four.ron",
            head("    answers: {\n        \"1-1\": (score: 4),\n    },\n)\n"),
            Some((7, 24)),
        ),
        (
            "neg.ron",
            head("    answers: {\"1-1\": (score: -1)},\n)\n"),
            Some((6, 31)),
        ),
        (
            "noorg.ron",
            b"(\n    format: 1,\n    catalog: (id: \"juki-municipal\", revision: \"H19\"),\n    fiscal_year: 2026,\n    answers: {},\n)\n".to_vec(),
            Some((6, 1)),
        ),
        (
            "noscore.ron",
            head("    answers: {\"1-1\": (comment: \"no score\")},\n)\n"),
            Some((6, 42)),
        ),
        (
            "v2.ron",
            b"(\n    catalog: (id: \"juki-municipal\"),\n    format: 2,\n    answers: {},\n)\n"
                .to_vec(),
            Some((3, 5)),
        ),
        (
            "v0.ron",
            b"(format: 0, catalog: (id: \"x\", revision: \"1\"), organization: \"o\", fiscal_year: 2026, answers: {})".to_vec(),
            Some((1, 2)),
        ),
        ("nul.ron", b"(format: 1,\n  \x00\x01\x02\x03".to_vec(), Some((2, 3))),
        ("sjis.ron", sjis, Some((6, 18))),
        ("png.ron", b"\x89PNG\r\n\x1a\n".to_vec(), Some((1, 1))),
        (
            "ts.ron",
            head("    created: \"yesterday\",\n    answers: {},\n)\n"),
            Some((6, 15)),
        ),
        (
            "ts-number.ron",
            head("    created: 5,\n    answers: {},\n)\n"),
            Some((6, 14)),
        ),
        (
            "twice.ron",
            head(
                "    answers: {\n        \"1-1\": (score: 3),\n        \"1-1\": (score: 1),\n    },\n)\n",
            ),
            Some((8, 9)),
        ),
        (
            "org-number.ron",
            b"(\n    format: 1,\n    catalog: (id: \"juki-municipal\", revision: \"H19\"),\n    organization: 5,\n    fiscal_year: 2026,\n    answers: {},\n)\n".to_vec(),
            Some((4, 18)),
        ),
        (
            "flag-text.ron",
            head("    answers: {\"1-1\": (score: 3, flagged: \"yes\")},\n)\n"),
            Some((6, 41)),
        ),
        (
            "answers-list.ron",
            head("    answers: [1],\n)\n"),
            Some((6, 13)),
        ),
        (
            "unclosed.ron",
            head("    respondent: \"山田,\n    answers: {},\n)\n"),
            Some((6, 17)),
        ),
        (
            "trailing.ron",
            head("    answers: {},\n) extra\n"),
            Some((7, 2)),
        ),
        (
            "year.ron",
            b"(format: 1, catalog: (id: \"juki-municipal\", revision: \"H19\"), organization: \"o\",\n fiscal_year: 2300, answers: {})".to_vec(),
            Some((2, 2)),
        ),
        (
            "unknown-catalog.ron",
            b"(format: 1, catalog: (id: \"juki-municipal-r9\", revision: \"R9\"), organization: \"o\", fiscal_year: 2027, answers: {})".to_vec(),
            None,
        ),
    ]
}

fn check(lang: Option<&str>, path: &Path) -> String {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tenken"));
    if let Some(l) = lang {
        cmd.args(["--lang", l]);
    }
    let o = cmd.arg("check").arg(path).output().unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", path.display());
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The message without quoted parts (`…`, "…"), which may hold field names and values.
fn unquoted(s: &str) -> String {
    let mut out = String::new();
    let mut inside: Option<char> = None;
    for c in s.chars() {
        match inside {
            Some(q) if c == q => inside = None,
            Some(_) => {}
            None if c == '`' || c == '"' => inside = Some(c),
            None => out.push(c),
        }
    }
    out
}

/// Three or more English words in a row: a sentence that was not translated.
fn english_sentence(s: &str) -> Option<String> {
    let mut words: Vec<String> = Vec::new();
    let mut word = String::new();
    for c in s.chars().chain([' ']) {
        if c.is_ascii_alphabetic() {
            word.push(c);
        } else if c == ' ' {
            if word.len() >= 2 {
                words.push(std::mem::take(&mut word));
                if words.len() >= 3 {
                    return Some(words.join(" "));
                }
            } else {
                word.clear();
                words.clear();
            }
        } else {
            word.clear();
            words.clear();
        }
    }
    None
}

/// Parser and type-system words that mean nothing to a person filling in a checklist.
const INTERNALS: [&str; 10] = [
    "invalid type",
    "Expected",
    "expected",
    "found ",
    "RawValue",
    "serde",
    "ron::",
    " u8",
    "i64",
    "struct ",
];

fn assert_located(shown: &str, path: &Path, at: Option<(usize, usize)>) -> String {
    let prefix = format!("tenken: {}", path.display());
    assert!(shown.starts_with(&prefix), "no path: {shown}");
    let rest = &shown[prefix.len()..];
    match at {
        Some((l, c)) => {
            let pos = format!(":{l}:{c}: ");
            assert!(rest.starts_with(&pos), "no {pos} in {shown}");
            rest[pos.len()..].to_string()
        }
        None => rest.trim_start_matches(": ").to_string(),
    }
}

fn assert_japanese(message: &str, shown: &str) {
    assert!(
        message
            .chars()
            .any(|c| ('\u{3040}'..='\u{30FF}').contains(&c)
                || ('\u{4E00}'..='\u{9FFF}').contains(&c)),
        "not Japanese: {shown}"
    );
    let plain = unquoted(message);
    for word in INTERNALS
        .iter()
        .chain(&["No such file", "cannot", "not valid", "missing"])
    {
        assert!(!plain.contains(word), "{word:?} in {shown}");
    }
    assert!(english_sentence(&plain).is_none(), "English in {shown}");
}

fn assert_plain_english(message: &str, shown: &str) {
    let plain = unquoted(message);
    for word in INTERNALS {
        assert!(!plain.contains(word), "{word:?} in {shown}");
    }
    assert!(
        !plain
            .chars()
            .any(|c| ('\u{3040}'..='\u{30FF}').contains(&c)
                || ('\u{4E00}'..='\u{9FFF}').contains(&c)),
        "not English: {shown}"
    );
}

#[test]
fn every_load_failure_is_japanese_by_default_and_english_with_lang_en() {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes, at) in bad_sheets() {
        let path = dir.path().join(name);
        fs::write(&path, &bytes).unwrap();
        for lang in [None, Some("ja")] {
            let shown = check(lang, &path);
            let message = assert_located(&shown, &path, at);
            assert_japanese(&message, &shown);
        }
        let shown = check(Some("en"), &path);
        let message = assert_located(&shown, &path, at);
        assert_plain_english(&message, &shown);
        assert_eq!(fs::read(&path).unwrap(), bytes, "{name} was changed");
    }
}

#[test]
fn missing_files_and_directories_are_reported_in_the_language_asked() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope.ron");
    let shown = check(None, &missing);
    let message = assert_located(&shown, &missing, None);
    assert_japanese(&message, &shown);
    assert!(message.contains("ファイルがありません"), "{shown}");
    let shown = check(Some("en"), &missing);
    assert!(shown.contains("No such file"), "{shown}");

    let shown = check(None, dir.path());
    let message = assert_located(&shown, dir.path(), None);
    assert_japanese(&message, &shown);
    assert!(message.contains("ディレクトリ"), "{shown}");
}

#[test]
fn creating_over_an_existing_file_is_refused_in_the_language_asked() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sheet.ron");
    fs::write(&path, "keep me").unwrap();
    for (lang, words) in [
        ("ja", "すでに存在します。tenken は上書きしません"),
        ("en", "already exists; tenken does not overwrite it"),
    ] {
        let o = Command::new(env!("CARGO_BIN_EXE_tenken"))
            .args(["--lang", lang, "new"])
            .arg(&path)
            .args(["--organization", "例市", "--fiscal-year", "R8"])
            .output()
            .unwrap();
        let shown = String::from_utf8_lossy(&o.stderr);
        assert!(!o.status.success());
        assert!(shown.contains(words), "{shown}");
        if lang == "ja" {
            assert_japanese(&assert_located(&shown, &path, None), &shown);
        }
    }
    assert_eq!(fs::read_to_string(&path).unwrap(), "keep me");
}

#[test]
fn catalog_load_errors_are_in_the_language_asked() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&str, &[u8], Position); 4] = [
        ("syntax.ron", b"(format: 1, id: \"x\"\n  majors: [])", Some((2, 3))),
        ("empty-id.ron", b"(format: 1, id: \" \", revision: \"1\", edition: Municipal, title: \"t\", majors: [])", Some((1, 13))),
        ("sjis.ron", b"(id: \"\x8f\xee\")", Some((1, 7))),
        ("missing.ron", b"", None),
    ];
    for (name, bytes, at) in cases {
        let path = dir.path().join(name);
        if name != "missing.ron" {
            fs::write(&path, bytes).unwrap();
        }
        for (lang, japanese) in [(None, true), (Some("en"), false)] {
            for args in [vec!["catalog", "validate"], vec!["--catalog"]] {
                let mut cmd = Command::new(env!("CARGO_BIN_EXE_tenken"));
                if let Some(l) = lang {
                    cmd.args(["--lang", l]);
                }
                cmd.args(&args).arg(&path);
                if args[0] == "--catalog" {
                    cmd.args(["catalog", "list"]);
                }
                let o = cmd.output().unwrap();
                assert!(!o.status.success(), "{name} {args:?}");
                let shown = String::from_utf8_lossy(&o.stderr).into_owned();
                let message = assert_located(&shown, &path, at);
                if japanese {
                    assert_japanese(&message, &shown);
                } else {
                    assert_plain_english(&message, &shown);
                }
            }
        }
    }
}
