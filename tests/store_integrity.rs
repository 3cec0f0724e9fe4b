//! Issue 11, file integrity: a sheet that loads also saves (unknown fields with comments, raw
//! identifiers), every file name saves, and input files are regular files read with a bound.

use std::fs;

use tenken::store;

const HEAD: &str = "(format: 1, catalog: (id: \"juki-municipal\", revision: \"H19\"), \
     organization: \"例市\", fiscal_year: 2026, respondent: \"\", profile: {}, answers: {},";

/// Loads `src`, saves it, loads it again: the same sheet, and the save did not fail.
fn load_save_load(src: &str) -> tenken::sheet::Sheet {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.ron");
    fs::write(&path, src).unwrap();
    let first = store::load_sheet(&path).unwrap_or_else(|e| panic!("{e}\n{src}"));
    store::save_sheet(&path, &first).unwrap_or_else(|e| panic!("{e}\n{src}"));
    let second = store::load_sheet(&path).unwrap();
    assert_eq!(first, second, "{}", fs::read_to_string(&path).unwrap());
    second
}

#[test]
fn an_unknown_field_followed_by_a_line_comment_saves() {
    let s = load_save_load(&format!("{HEAD}\n    reviewed_by: \"山田\" // 確認者\n)"));
    assert_eq!(
        s.extra,
        [("reviewed_by".to_string(), "\"山田\"".to_string())]
    );
    let s = load_save_load(&format!(
        "{HEAD}\n  x: /* a */ (a: 1, // inside\n b: \"//\") /* b */ // c\n, y: r#\"//\"# // d\n)"
    ));
    assert_eq!(s.extra[0].1, "(a: 1, // inside\n b: \"//\")");
    assert_eq!(s.extra[1].1, "r#\"//\"#");
}

#[test]
fn raw_identifiers_survive_a_save() {
    let s = load_save_load(&format!(
        "{HEAD} r#x: 1, r#a-b.c+d: 2, r#type: 3, r#true: 4)"
    ));
    let keys: Vec<&str> = s.extra.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(keys, ["x", "a-b.c+d", "type", "true"]);
}
