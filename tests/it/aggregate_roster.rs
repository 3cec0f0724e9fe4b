//! `tenken aggregate --roster` as a prefecture's staff use it: a roster saved by Excel, and
//! what stderr says about every organisation the roster and the folder disagree on.

use std::fs;
use std::path::Path;
use std::process::Output;

use serde_json::Value;
use tenken::catalog::{Catalog, Edition};
use tenken::sheet::Sheet;
use time::macros::datetime;

use crate::util::cli::{stderr, tenken};
use crate::util::generate::{Distribution, sheet_for};

/// A town's sheet (generated answers of organisation `k`) with its name and 団体コード.
fn town(dir: &Path, org: &str, code: &str, k: u64) {
    let dist: Distribution = vec![[3, 1, 1]; 126];
    let mut s: Sheet = sheet_for(Catalog::builtin(Edition::Municipal), &dist, k, 6);
    s.organization = org.into();
    s.organization_code = code.into();
    s.updated = Some(datetime!(2026-11-25 10:00 +9));
    fs::write(dir.join(format!("{code}.ron")), tenken::store::to_ron(&s)).unwrap();
}

fn aggregate(lang: &str, dir: &Path, roster: &Path) -> (Value, Output) {
    let out = tenken(&[
        "--lang".as_ref(),
        lang.as_ref(),
        "aggregate".as_ref(),
        "--format".as_ref(),
        "json".as_ref(),
        "--roster".as_ref(),
        roster.as_os_str(),
        dir.as_os_str(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    (serde_json::from_slice(&out.stdout).unwrap(), out)
}

/// A roster of 宮城県 kept in Excel: the 団体コード column held as numbers, so 041009 is saved
/// as 41009 — five digits that also read as 佐賀県's code 41009 without its check digit. The
/// line's 都道府県 says which it is, as it does for a sheet's code (`header_fields`): the code
/// with its 0 back. Before, every line became a 佐賀県 code, so every town was both 未提出 and
/// 名簿にない団体. A code that no reading makes one of the line's prefecture is refused, naming
/// the line, as a wrong check digit is.
#[test]
fn a_roster_whose_codes_excel_stripped_of_their_leading_zero_matches_its_towns() {
    let top = tempfile::tempdir().unwrap();
    let dir = top.path().join("sheets");
    fs::create_dir(&dir).unwrap();
    town(&dir, "仙台市", "041009", 0);
    town(&dir, "石巻市", "042021", 1);
    let roster = top.path().join("名簿.csv");
    fs::write(
        &roster,
        "団体コード,団体名,都道府県\n41009,仙台市,宮城県\n42021,石巻市,宮城県\n42030,塩竈市,宮城県\n",
    )
    .unwrap();
    let (doc, out) = aggregate("ja", &dir, &roster);
    let missing: Vec<&str> = doc["missing"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["code"].as_str().unwrap())
        .collect();
    assert_eq!(missing, ["042030"], "{}", stderr(&out));
    assert!(
        doc["not_on_roster"].as_array().unwrap().is_empty(),
        "{}",
        doc["not_on_roster"]
    );
    // A code of another prefecture, whichever way it is read: the line is named.
    fs::write(
        &roster,
        "団体コード,団体名,都道府県\n041009,仙台市,宮城県\n062014,石巻市,宮城県\n",
    )
    .unwrap();
    for (lang, words) in [
        ("ja", ["3 行目", "062014", "山形県"]),
        ("en", ["line 3", "062014", "山形県"]),
    ] {
        let out = tenken(&[
            "--lang".as_ref(),
            lang.as_ref(),
            "aggregate".as_ref(),
            "--roster".as_ref(),
            roster.as_os_str(),
            dir.as_os_str(),
        ]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{err}");
        for w in words {
            assert!(err.contains(w), "{w} not in {err}");
        }
    }
}

/// A sheet of another prefecture left in the folder (山形市 among 宮城県's towns) is counted
/// into the table and its averages, and listed as 名簿にない団体 in the table; stderr, which
/// names every 未提出 organisation, said nothing of it, so whoever ran the command read "2
/// 団体を集計" as two of the roster's. Now stderr names it and its file, and says it counted.
#[test]
fn a_counted_sheet_not_on_the_roster_is_said_on_stderr() {
    let top = tempfile::tempdir().unwrap();
    let dir = top.path().join("sheets");
    fs::create_dir(&dir).unwrap();
    town(&dir, "仙台市", "041009", 0);
    town(&dir, "山形市", "062014", 1);
    let roster = top.path().join("名簿.csv");
    fs::write(
        &roster,
        "団体コード,団体名,都道府県\n041009,仙台市,宮城県\n042021,石巻市,宮城県\n",
    )
    .unwrap();
    for (lang, words) in [
        (
            "ja",
            [
                "名簿にない団体",
                "山形県 山形市 (062014)",
                "062014.ron",
                "集計",
            ],
        ),
        (
            "en",
            [
                "not on the roster",
                "山形県 山形市 (062014)",
                "062014.ron",
                "counted",
            ],
        ),
    ] {
        let (doc, out) = aggregate(lang, &dir, &roster);
        assert_eq!(doc["not_on_roster"].as_array().unwrap().len(), 1);
        let err = stderr(&out);
        let line = err
            .lines()
            .find(|l| l.contains("山形市"))
            .unwrap_or_else(|| panic!("山形市 not on stderr:\n{err}"));
        for w in words {
            assert!(line.contains(w), "{w} not in {line}");
        }
    }
}
