//! The `new`, `check` and `report` commands as a person runs them.

use std::fs;
use std::path::Path;

use crate::util::cli::{p, stderr, tenken};

#[test]
fn new_creates_a_sheet_that_checks_well_formed_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("2007.ron");
    let o = tenken(&[
        "new",
        p(&f),
        "--organization",
        "例町",
        "--fiscal-year",
        "平成19年度",
        "--edition",
        "national",
        "--respondent",
        "総務課",
        "--important-room",
        "no",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let sheet = tenken::store::load_sheet(&f).unwrap();
    assert_eq!(sheet.fiscal_year, 2007);
    assert_eq!(sheet.catalog.id, "juki-national");
    assert_eq!(sheet.respondent, "総務課");
    assert_eq!(sheet.profile.get("important_room"), Some(&false));
    assert!(sheet.created.is_some());

    // A new sheet is well formed, but not ready to hand in: its only finding is that every
    // applicable item is still unanswered.
    let o = tenken(&["check", p(&f)]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(out.contains("が未回答です"), "{out}");
    assert!(out.contains("1 件の指摘"), "{out}");

    let before = fs::read(&f).unwrap();
    let o = tenken(&["new", p(&f), "--organization", "別", "--fiscal-year", "R8"]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("すでに存在します。tenken は上書きしません"),
        "{}",
        stderr(&o)
    );
    assert_eq!(fs::read(&f).unwrap(), before);

    let o = tenken(&[
        "new",
        p(&dir.path().join("x.ron")),
        "--organization",
        "例",
        "--fiscal-year",
        "R0",
    ]);
    assert!(!o.status.success());
    // Japanese by default: what a fiscal year looks like (clap's English reason is not shown).
    assert!(
        stderr(&o).contains("'R0' は --fiscal-year"),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("年度は 2026"), "{}", stderr(&o));
}

#[test]
fn check_exit_status_is_0_1_or_2() {
    let o = tenken(&["check", "tests/fixtures/report-small.ron"]);
    assert_eq!(o.status.code(), Some(1));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("1-4: 評価 1 ですが改善計画がありません"),
        "{out}"
    );
    let o = tenken(&["--lang", "en", "check", "tests/fixtures/report-small.ron"]);
    // (The count grows once the fixture's due dates have passed, so it is not pinned here.)
    assert!(String::from_utf8_lossy(&o.stdout).contains(" findings"));

    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.ron");
    fs::write(
        &bad,
        "(\n  format: 1,\n  catalog: (id: \"juki-municipal\" revision: \"H19\"),\n)\n",
    )
    .unwrap();
    let o = tenken(&["check", p(&bad)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains(&format!("{}:3:34: ", bad.display())),
        "{}",
        stderr(&o)
    );

    let other = dir.path().join("other.ron");
    fs::write(&other, "(format: 1, catalog: (id: \"juki-r9\", revision: \"R9\"), organization: \"o\", fiscal_year: 2027, answers: {})").unwrap();
    let o = tenken(&["check", p(&other)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--catalog"), "{}", stderr(&o));
}

#[test]
fn report_writes_each_format_and_protects_the_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = dir.path().join("s.ron");
    fs::copy("tests/fixtures/report-small.ron", &sheet).unwrap();
    let csv = dir.path().join("r.csv");
    let o = tenken(&["report", p(&sheet), "--format", "csv", "-o", p(&csv)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(fs::read(&csv).unwrap().starts_with(b"\xEF\xBB\xBF"));
    let o = tenken(&["report", p(&sheet), "--format", "csv", "--no-bom"]);
    assert!(o.stdout.starts_with("項目,値".as_bytes()));
    let o = tenken(&["report", p(&sheet), "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["schema"], "tenken-report/1");
    let o = tenken(&["report", p(&sheet), "--format", "md"]);
    assert!(String::from_utf8_lossy(&o.stdout).starts_with("# 点検結果 - 例市"));

    let before = fs::read(&sheet).unwrap();
    // `--format`: without it the `.ron` extension is refused before the file is looked at.
    let o = tenken(&["report", p(&sheet), "--format", "text", "-o", p(&sheet)]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("このコマンドが読むファイルです"),
        "{}",
        stderr(&o)
    );
    assert_eq!(fs::read(&sheet).unwrap(), before);

    let o = tenken(&["report", p(&dir.path().join("missing.ron"))]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("missing.ron: 開けません: ファイルがありません"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn output_never_overwrites_an_answer_sheet_or_an_open_file() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.ron");
    let b = dir.path().join("b.ron");
    for (f, org) in [(&a, "甲市"), (&b, "乙町")] {
        let o = tenken(&["new", p(f), "--organization", org, "--fiscal-year", "R7"]);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let before = fs::read(&a).unwrap();
    // Another sheet as the report's target: refused, untouched (whatever the format: without
    // `--format` its `.ron` extension is refused before the file is looked at).
    let o = tenken(&["report", p(&b), "--format", "text", "-o", p(&a)]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("回答シートです"), "{}", stderr(&o));
    assert_eq!(fs::read(&a).unwrap(), before);
    let o = tenken(&["aggregate", p(&b), "--format", "json", "-o", p(&a)]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("回答シートです"), "{}", stderr(&o));
    assert_eq!(fs::read(&a).unwrap(), before);
    // A file tenken has open (its lock file beside it) is refused too.
    let notes = dir.path().join("notes.txt");
    fs::write(&notes, "メモ").unwrap();
    fs::write(tenken::store::lock_path(&notes), "").unwrap();
    let o = tenken(&["report", p(&b), "-o", p(&notes)]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("tenken で編集中です"), "{}", stderr(&o));
    assert_eq!(fs::read_to_string(&notes).unwrap(), "メモ");
    // An ordinary earlier report is replaced.
    let report = dir.path().join("report.md");
    fs::write(&report, "old").unwrap();
    let o = tenken(&["report", p(&b), "--format", "md", "-o", p(&report)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(fs::read_to_string(&report).unwrap().contains("乙町"));
}

#[test]
fn new_takes_the_organisation_code_and_prefecture_checked_and_carries_them() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("2026.ron");
    let new = |f: &std::path::Path, extra: &[&str]| {
        let mut args = vec![
            "new",
            p(f),
            "--organization",
            "府中市",
            "--fiscal-year",
            "R8",
        ];
        args.extend(extra);
        tenken(&args)
    };
    // Full-width digits, five digits without the check digit, the prefecture's short form.
    let o = new(
        &f,
        &["--organization-code", "１３２０６", "--prefecture", "東京"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let sheet = tenken::store::load_sheet(&f).unwrap();
    assert_eq!(sheet.organization_code, "132063");
    assert_eq!(sheet.prefecture, "東京都");
    // The code alone gives the prefecture.
    let g = dir.path().join("hiroshima.ron");
    assert!(new(&g, &["--organization-code", "342084"]).status.success());
    assert_eq!(tenken::store::load_sheet(&g).unwrap().prefecture, "広島県");
    // A typo, a code of another prefecture, a prefecture that is none: refused, nothing made.
    for (i, (args, words)) in [
        (&["--organization-code", "132064"][..], "検査数字"),
        (
            &["--organization-code", "342084", "--prefecture", "東京都"],
            "広島県のコード",
        ),
        (&["--prefecture", "トウキョウ"], "47都道府県"),
    ]
    .into_iter()
    .enumerate()
    {
        let h = dir.path().join(format!("refused{i}.ron"));
        let o = new(&h, args);
        assert!(!o.status.success(), "{args:?}");
        assert!(stderr(&o).contains(words), "{}", stderr(&o));
        assert!(!h.exists());
    }
    // Next year's sheet carries both.
    let next = dir.path().join("2027.ron");
    let o = tenken(&["new", p(&next), "--from", p(&f)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let sheet = tenken::store::load_sheet(&next).unwrap();
    assert_eq!(
        (sheet.organization_code.as_str(), sheet.prefecture.as_str()),
        ("132063", "東京都")
    );
}

/// `new --from` a sheet that may not be last year's — another organisation's (`--organization`
/// naming another), or not of the year before (`--fiscal-year` skipping one) — carried its
/// answers without a word. It says why, as the start form and the interview do, before
/// writing (with --dry-run too), and still makes the sheet. The warnings are on standard error
/// as every other warning of tenken's (`diff`'s of the same pairing, `new`'s of a year before
/// the catalog): they were on standard output, inside the preview a script keeps.
#[test]
fn new_from_a_sheet_that_may_not_be_last_years_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let last = dir.path().join("r7.ron");
    fs::copy("fixtures/demo-sheet-r7.ron", &last).unwrap();
    let next = dir.path().join("next.ron");
    let o = tenken(&["new", p(&next), "--from", p(&last), "--dry-run"]);
    let out = String::from_utf8_lossy(&o.stdout).into_owned() + &stderr(&o);
    assert!(o.status.success() && !out.contains("警告"), "{out}");
    let o = tenken(&[
        "new",
        p(&next),
        "--from",
        p(&last),
        "--organization",
        "別市",
        "--fiscal-year",
        "2027",
        "--dry-run",
    ]);
    let (out, err) = (String::from_utf8_lossy(&o.stdout).into_owned(), stderr(&o));
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains(
            "tenken: 警告: 前年のシートは令和7年度のもので、令和9年度の前年度ではありません"
        ) && err
            .contains("tenken: 警告: 前年のシートは別の団体「例市」のものです (今年は「別市」)"),
        "{err}"
    );
    assert!(!out.contains("警告"), "{out}");
    assert!(!next.exists());
    let err = new_from_for(&["--lang", "en"], &next, &last, "別市");
    assert!(
        err.contains(
            "tenken: warning: last year's sheet is another organization's (\"例市\"; this year \"別市\")"
        ) && !err.contains("not the year before"),
        "{err}"
    );
    assert!(next.exists(), "still made");
}

/// `tenken [GLOBAL] new NEXT --from LAST --organization ORG`, which must succeed: what it
/// said on standard error.
fn new_from_for(global: &[&str], next: &Path, last: &Path, org: &str) -> String {
    let mut args = global.to_vec();
    args.extend(["new", p(next), "--from", p(last), "--organization", org]);
    let o = tenken(&args);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    err
}

/// `new --from` last year's sheet of あおば市 (団体コード 041009) with `--organization` naming
/// another organisation carried あおば市's code into the new sheet, and then, both sheets
/// having that code, never said that last year's sheet was another organisation's. The code
/// and prefecture are last year's organisation's: they come along only when the name is the
/// same one (府中市役所 for 府中市 is), and the doubt is said.
#[test]
fn new_from_another_organisations_sheet_does_not_take_its_code() {
    let dir = tempfile::tempdir().unwrap();
    let src = fs::read_to_string("fixtures/demo-sheet-r7.ron").unwrap().replace(
        "organization: \"例市\",",
        "organization: \"あおば市\",\n    organization_code: \"041009\",\n    prefecture: \"宮城県\",",
    );
    let last = dir.path().join("r7.ron");
    fs::write(&last, src).unwrap();
    let next = dir.path().join("town.ron");
    let err = new_from_for(&[], &next, &last, "みどり町");
    assert!(
        err.contains("警告: 前年のシートは別の団体「あおば市」のものです (今年は「みどり町」)"),
        "{err}"
    );
    let made = tenken::store::load_sheet(&next).unwrap();
    assert_eq!(
        (made.organization_code.as_str(), made.prefecture.as_str()),
        ("", ""),
        "another organisation's code is not this one's"
    );
    // The same organisation, named a little otherwise: its code comes along, nothing doubted.
    let same = dir.path().join("same.ron");
    let err = new_from_for(&[], &same, &last, "あおば市役所");
    assert!(!err.contains("警告"), "{err}");
    let made = tenken::store::load_sheet(&same).unwrap();
    assert_eq!(made.organization_code, "041009");
}

/// `new --from` onto a file that exists printed its whole preview (「60 answers carried
/// over…」) and only then refused to overwrite; with `--dry-run` it said 「was not written」 and
/// exited 0, as if the real run would work. Both now refuse first, saying the file exists,
/// with exit 1, and print no preview; the file is left as it was.
#[test]
fn new_from_onto_an_existing_file_refuses_before_its_preview() {
    let dir = tempfile::tempdir().unwrap();
    let last = dir.path().join("r8.ron");
    fs::copy("fixtures/demo-sheet.ron", &last).unwrap();
    let next = dir.path().join("r9.ron");
    fs::write(&next, "keep me").unwrap();
    for dry in [false, true] {
        let mut args = vec!["--lang", "en", "new", p(&next), "--from", p(&last)];
        if dry {
            args.push("--dry-run");
        }
        let o = tenken(&args);
        let (out, err) = (String::from_utf8_lossy(&o.stdout), stderr(&o));
        assert_eq!(o.status.code(), Some(1), "dry {dry}: {out}{err}");
        assert!(err.contains("already exists"), "dry {dry}: {err}");
        assert!(
            !out.contains("carried"),
            "dry {dry}: no preview first: {out}"
        );
        assert_eq!(std::fs::read_to_string(&next).unwrap(), "keep me");
    }
}

/// `new --fiscal-year 1999` made a sheet of 平成11年度 on the H19 catalog (revised in 平成19年度)
/// without a word. Years from 平成元年度 are taken by design, so it is still made, for the
/// year given, but said on stderr as a warning, in either language; the revision's own year
/// and later ones are not remarked on.
#[test]
fn new_warns_of_a_year_before_its_catalogs_revision() {
    let dir = tempfile::tempdir().unwrap();
    for (k, (lang, year, western, warned)) in [
        (
            "ja",
            "1999",
            1999,
            Some(["警告: 平成11年度", "H19", "平成19年度"]),
        ),
        (
            "en",
            "H18",
            2006,
            Some(["warning: FY2006 (H18)", "H19", "FY2007"]),
        ),
        ("ja", "平成19年度", 2007, None),
        ("en", "R8", 2026, None),
    ]
    .into_iter()
    .enumerate()
    {
        let f = dir.path().join(format!("{k}.ron"));
        let o = tenken(&[
            "--lang",
            lang,
            "new",
            p(&f),
            "--organization",
            "例町",
            "--fiscal-year",
            year,
        ]);
        let err = stderr(&o);
        assert!(o.status.success(), "{year}: {err}");
        assert_eq!(tenken::store::load_sheet(&f).unwrap().fiscal_year, western);
        match warned {
            Some(words) => assert!(
                err.lines().count() == 1 && words.iter().all(|w| err.contains(w)),
                "{lang} {year}: one warning naming {words:?}: {err}"
            ),
            None => assert!(err.is_empty(), "{lang} {year}: {err}"),
        }
    }
}

/// A value typed on the command line that tenken checks itself (an empty name, a date that is
/// none, a 団体コード whose check digit is wrong, a 都道府県 that is none of the 47, no 年度
/// where nothing gives one) makes a command line that cannot be carried out as given: status 2
/// like clap's own usage errors, before anything is read (`--from` names a file that is not
/// there, and the error is still the value's), and nothing is written.
#[test]
fn values_tenken_checks_are_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    let (n, missing) = (dir.path().join("n.ron"), dir.path().join("missing.ron"));
    let new =
        |extra: &[&str]| tenken(&[&["new", p(&n), "--from", p(&missing)][..], extra].concat());
    let sign = |extra: &[&str]| tenken(&[&["sign", p(&missing)][..], extra].concat());
    for (out, what) in [
        (new(&["--organization", " "]), "--organization"),
        (new(&["--organization-code", "132064"]), "132064"),
        (new(&["--prefecture", "火星"]), "火星"),
        (sign(&["--inspector", "", "--approver", "B"]), "--inspector"),
        (sign(&["--inspector", "A", "--approver", " "]), "--approver"),
        (
            sign(&["--inspector", "A", "--approver", "B", "--date", "来週"]),
            "来週",
        ),
    ] {
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{what}: {err}");
        assert!(err.contains(what), "{what}: {err}");
        assert!(!err.contains("missing.ron"), "{what}: read first: {err}");
    }
    let out = tenken(&["new", p(&n), "--organization", "例市"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("--fiscal-year"));
    assert!(!n.exists());
}

/// A 年度 that reads as one but is out of range (1988, 昭和63年度; 1900) is said to be out of
/// range in Japanese (the hint on how to write a year said it was badly written), and the
/// English message has no Japanese in it.
#[test]
fn a_year_out_of_range_is_said_to_be_so_in_either_language() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("n.ron");
    let new = |lang: &str, year: &str| {
        tenken(&[
            "--lang",
            lang,
            "new",
            p(&f),
            "--organization",
            "例市",
            "--fiscal-year",
            year,
        ])
    };
    let o = new("ja", "1988");
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("昭和63年度") && stderr(&o).contains("範囲外"),
        "{}",
        stderr(&o)
    );
    for year in ["1900", "S60", "2101"] {
        let o = new("en", year);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2));
        assert!(err.contains("1989"), "{err}");
        assert!(
            !err.chars().any(|c| ('\u{3000}'..='\u{9fff}').contains(&c)),
            "{year}: {err}"
        );
    }
}
