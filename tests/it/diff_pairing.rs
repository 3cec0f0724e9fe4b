//! Issue 12 point 15: `diff` warns when "last year" is not the fiscal year before this one, or
//! another organisation's sheet.

use std::process::Command;

fn sheet(dir: &std::path::Path, name: &str, org: &str, year: i32) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(
        &p,
        format!(
            r#"(format: 1, catalog: (id: "juki-municipal", revision: "H19"), organization: "{org}",
                fiscal_year: {year}, answers: {{ "1-1": (score: 3) }})"#
        ),
    )
    .unwrap();
    p
}

fn diff(old: &std::path::Path, new: &std::path::Path) -> (bool, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_tenken"))
        .arg("diff")
        .arg(old)
        .arg(new)
        .output()
        .unwrap();
    (
        o.status.success(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn swapped_years_and_other_organisations_are_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    let y26 = sheet(dir.path(), "2026.ron", "例市", 2026);
    let y27 = sheet(dir.path(), "2027.ron", "例市", 2027);
    let other = sheet(dir.path(), "other.ron", "別町", 2026);
    let y24 = sheet(dir.path(), "2024.ron", "例市", 2024);

    let (ok, err) = diff(&y26, &y27);
    assert!(ok);
    assert!(!err.contains("警告"), "{err}");

    let (ok, err) = diff(&y27, &y26);
    assert!(ok, "still a diff");
    assert!(
        err.contains("警告") && err.contains("令和9年度") && err.contains("令和8年度"),
        "{err}"
    );

    let (_, err) = diff(&y24, &y27);
    assert!(
        err.contains("警告") && err.contains("前年度ではありません"),
        "{err}"
    );

    let (_, err) = diff(&other, &y27);
    assert!(err.contains("警告") && err.contains("別町"), "{err}");

    // Names are compared after NFKC: full-width letters, half-width kana, spaces.
    let a = sheet(dir.path(), "a.ron", "ＡＢＣ市 ｶﾀｶﾅ", 2026);
    let b = sheet(dir.path(), "b.ron", "ABC市 カタカナ", 2027);
    let (_, err) = diff(&a, &b);
    assert!(!err.contains("警告"), "{err}");
}

#[test]
fn unanswered_items_are_not_listed_as_fallen_below_3() {
    let dir = tempfile::tempdir().unwrap();
    // 1-1 is a priority item: at 3 last year, unanswered this year.
    let last = sheet(dir.path(), "2026.ron", "例市", 2026);
    let this = dir.path().join("2027.ron");
    std::fs::write(
        &this,
        r#"(format: 1, catalog: (id: "juki-municipal", revision: "H19"), organization: "例市",
            fiscal_year: 2027, answers: {})"#,
    )
    .unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_tenken"))
        .args(["diff", "--format", "json"])
        .arg(&last)
        .arg(&this)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let item = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "1-1")
        .unwrap()
        .clone();
    assert_eq!(item["fell_below_target"], false, "{item}");
    assert_eq!(item["unanswered_now"], true, "{item}");
    let o = Command::new(env!("CARGO_BIN_EXE_tenken"))
        .arg("diff")
        .arg(&last)
        .arg(&this)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        text.lines()
            .any(|l| l.contains("3点を下回った重要点検項目 (0)")),
        "{text}"
    );
    assert!(
        text.lines()
            .any(|l| l.contains("未回答") && l.contains("1-1")),
        "{text}"
    );
}

/// The same file given twice (or through a link to it) is a slip of the hand, not a year to
/// compare: it was warned about only as a year that is not the one before. It is said to be
/// the same file, and the diff (every item unchanged) is still written.
#[test]
fn the_same_file_given_twice_is_said_to_be_one() {
    let dir = tempfile::tempdir().unwrap();
    let y26 = sheet(dir.path(), "2026.ron", "例市", 2026);
    let link = dir.path().join("link.ron");
    std::os::unix::fs::symlink(&y26, &link).unwrap();
    for other in [&y26, &link] {
        let (ok, err) = diff(&y26, other);
        assert!(ok, "still a diff: {err}");
        assert!(
            err.contains("警告: 比較元と比較先は同じファイルです"),
            "{}: {err}",
            other.display()
        );
    }
}
