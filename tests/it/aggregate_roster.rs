//! `tenken aggregate --roster` as a prefecture's staff use it: a roster saved by Excel, and
//! what stderr says about every organisation the roster and the folder disagree on.

use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::Value;
use tenken::catalog::{Catalog, Edition};
use tenken::sheet::Sheet;
use time::macros::datetime;

use crate::util::cli::{stderr, tenken};
use crate::util::generate::{Distribution, sheet_for};
use crate::util::{file_entry, missing_codes};

/// A town's sheet (generated answers of organisation `k`) with its name and 団体コード.
fn town(dir: &Path, org: &str, code: &str, k: u64) {
    let dist: Distribution = vec![[3, 1, 1]; 126];
    let mut s: Sheet = sheet_for(Catalog::builtin(Edition::Municipal), &dist, k, 6);
    s.organization = org.into();
    s.organization_code = code.into();
    s.updated = Some(datetime!(2026-11-25 10:00 +9));
    fs::write(dir.join(format!("{code}.ron")), tenken::store::to_ron(&s)).unwrap();
}

/// A folder `sheets` in a temporary directory, with 仙台市's sheet (041009.ron) in it.
fn folder() -> (tempfile::TempDir, PathBuf) {
    let top = tempfile::tempdir().unwrap();
    let dir = top.path().join("sheets");
    fs::create_dir(&dir).unwrap();
    town(&dir, "仙台市", "041009", 0);
    (top, dir)
}

/// `tenken --lang LANG aggregate ARGS… DIR`.
fn run(lang: &str, dir: &Path, args: &[&OsStr]) -> Output {
    let mut all: Vec<&OsStr> = vec!["--lang".as_ref(), lang.as_ref(), "aggregate".as_ref()];
    all.extend_from_slice(args);
    all.push(dir.as_os_str());
    tenken(&all)
}

/// The JSON table of `dir` with `args`, which must be written.
fn json(lang: &str, dir: &Path, args: &[&OsStr]) -> (Value, Output) {
    let mut all: Vec<&OsStr> = vec!["--format".as_ref(), "json".as_ref()];
    all.extend_from_slice(args);
    let out = run(lang, dir, &all);
    assert!(out.status.success(), "{}", stderr(&out));
    (serde_json::from_slice(&out.stdout).unwrap(), out)
}

fn aggregate(lang: &str, dir: &Path, roster: &Path) -> (Value, Output) {
    json(lang, dir, &["--roster".as_ref(), roster.as_os_str()])
}

/// The refusal (status 1) of `dir` with `args`: its stderr.
fn refusal(lang: &str, dir: &Path, args: &[&OsStr]) -> String {
    let out = run(lang, dir, args);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
    err
}

/// A roster of 宮城県 kept in Excel: the 団体コード column held as numbers, so 041009 is saved
/// as 41009 — five digits that also read as 佐賀県's code 41009 without its check digit. The
/// line's 都道府県 says which it is, as it does for a sheet's code (`header_fields`): the code
/// with its 0 back. Before, every line became a 佐賀県 code, so every town was both 未提出 and
/// 名簿にない団体. A code that no reading makes one of the line's prefecture is refused, naming
/// the line, as a wrong check digit is.
#[test]
fn a_roster_whose_codes_excel_stripped_of_their_leading_zero_matches_its_towns() {
    let (top, dir) = folder();
    town(&dir, "石巻市", "042021", 1);
    let roster = top.path().join("名簿.csv");
    fs::write(
        &roster,
        "団体コード,団体名,都道府県\n41009,仙台市,宮城県\n42021,石巻市,宮城県\n42030,塩竈市,宮城県\n",
    )
    .unwrap();
    let (doc, out) = aggregate("ja", &dir, &roster);
    assert_eq!(missing_codes(&doc), ["042030"], "{}", stderr(&out));
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
        let err = refusal(lang, &dir, &["--roster".as_ref(), roster.as_os_str()]);
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
    let (top, dir) = folder();
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

/// `--roster` named anything but `.csv` or a workbook — a directory, an answer sheet, a CSV
/// saved as `.txt`, a file that is not there — was refused as an `.xls`/`.ods` workbook
/// (「.xls と .ods のワークブックは安全に読めないため…」), while `--roster missing.csv` said the file
/// was missing. Now a missing file is said missing and a directory a directory, whatever the
/// name; any other file is told to be a `.csv` or `.xlsx`; the `.xls`/`.ods` words are for
/// those alone. `--previous-aggregate` given a CSV said only that it was no JSON, though a
/// workbook (`.xlsx`) is read too: it names both.
#[test]
fn a_roster_that_is_not_a_csv_or_workbook_is_refused_for_what_it_is() {
    let (top, dir) = folder();
    fs::create_dir(top.path().join("adir")).unwrap();
    let roster = "団体コード,団体名,都道府県\n041009,仙台市,宮城県\n";
    fs::write(top.path().join("roster.txt"), roster).unwrap();
    fs::write(top.path().join("roster.csv"), roster).unwrap();
    fs::copy(dir.join("041009.ron"), top.path().join("r8.ron")).unwrap();
    fs::write(top.path().join("book.xls"), b"\xd0\xcf\x11\xe0").unwrap();
    // An old workbook over the size tenken reads a table to: the advice is the same, and the
    // file is not read to give it (sparse, it takes no room).
    let big = fs::File::create(top.path().join("big.xls")).unwrap();
    big.set_len(40 << 20).unwrap();
    let kind = [".xls と .ods", ".xls and .ods"];
    for (name, ja, en) in [
        ("adir", "ディレクトリです", "is a directory"),
        ("nosuch.txt", "ファイルがありません", "No such file"),
        ("nosuch.xls", "ファイルがありません", "No such file"),
        ("roster.txt", ".csv", ".csv"),
        ("r8.ron", ".csv", ".csv"),
        ("book.xls", kind[0], kind[1]),
        ("big.xls", kind[0], kind[1]),
    ] {
        let path = top.path().join(name);
        for (lang, words) in [("ja", ja), ("en", en)] {
            let err = refusal(lang, &dir, &["--roster".as_ref(), path.as_os_str()]);
            assert!(err.contains(words), "{name} ({lang}): {words} not in {err}");
            if !name.ends_with(".xls") || name.starts_with("nosuch") {
                assert!(
                    !kind.iter().any(|k| err.contains(k)),
                    "{name} ({lang}): {err}"
                );
            }
        }
    }
    // Last year's table: the JSON or the workbook an earlier run wrote; a CSV is neither.
    let csv = top.path().join("roster.csv");
    for (lang, words) in [("ja", ["JSON", ".xlsx"]), ("en", ["JSON", ".xlsx"])] {
        let err = refusal(
            lang,
            &dir,
            &["--previous-aggregate".as_ref(), csv.as_os_str()],
        );
        for w in words {
            assert!(
                err.contains(w),
                "--previous-aggregate ({lang}): {w} not in {err}"
            );
        }
    }
}

/// A prefecture keeps its roster in the folder it collects into (`sheets/名簿.csv`) and names it
/// with `--roster`: the roster was read as a submission, listed 読めない (「最初の 30 行に、項目
/// 番号の列…」), and `--strict` wrote no table for it. The roster is tenken's own input, as a
/// catalog left in the folder is: listed 除外 as the roster (JSON reason `roster`), not read
/// as answers, not counted, not unreadable. It is told by identity (device and inode), so a
/// hard link or a symbolic link to the roster under another name is the roster too.
#[test]
fn the_roster_kept_in_the_folder_is_not_a_submission() {
    let (_top, dir) = folder();
    let roster = dir.join("名簿.csv");
    fs::write(
        &roster,
        "団体コード,団体名,都道府県\n041009,仙台市,宮城県\n",
    )
    .unwrap();
    fs::hard_link(&roster, dir.join("hard.csv")).unwrap();
    std::os::unix::fs::symlink(&roster, dir.join("sym.csv")).unwrap();
    for (lang, word) in [("ja", "[除外] 名簿"), ("en", "[excluded] the roster")] {
        let strict = ["--strict".as_ref(), "--roster".as_ref(), roster.as_os_str()];
        let (doc, out) = json(lang, &dir, &strict);
        let err = stderr(&out);
        assert_eq!(doc["organizations"], 1, "{err}");
        for name in ["名簿.csv", "hard.csv", "sym.csv"] {
            let e = doc["files"]
                .as_array()
                .unwrap()
                .iter()
                .find(|e| e["file"].as_str().unwrap().ends_with(name))
                .unwrap_or_else(|| panic!("{name} not in files: {}", doc["files"]));
            assert_eq!(
                (e["status"].as_str(), e["reason"].as_str()),
                (Some("excluded"), Some("roster")),
                "{name}: {e}"
            );
            let line = err
                .lines()
                .find(|l| l.contains(name))
                .unwrap_or_else(|| panic!("{name} not on stderr:\n{err}"));
            assert!(line.contains(word), "{word} not in {line}");
        }
        // Preferring it is refused as preferring the roster, not as a file from elsewhere.
        let prefer = [
            "--roster".as_ref(),
            roster.as_os_str(),
            "--prefer".as_ref(),
            roster.as_os_str(),
        ];
        let said = refusal(lang, &dir, &prefer);
        let roster_word = if lang == "ja" {
            "名簿 (--roster)"
        } else {
            "the roster (--roster)"
        };
        assert!(said.contains(roster_word), "{lang}: {said}");
    }
}

/// The same roster with the five-digit forms (no check digit), as many lists print them,
/// kept in Excel: 04100 saved as 4100. Four digits, read with the line's 都道府県 (宮城県: 04),
/// are those codes; they were refused as 「6桁の数字ではありません」, though five are taken.
#[test]
fn a_roster_of_five_digit_codes_excel_stripped_of_their_zero_matches_its_towns() {
    let (top, dir) = folder();
    town(&dir, "石巻市", "042021", 1);
    let roster = top.path().join("名簿.csv");
    fs::write(
        &roster,
        "団体コード,団体名,都道府県\n4100,仙台市,宮城県\n4202,石巻市,宮城県\n4203,塩竈市,宮城県\n",
    )
    .unwrap();
    let (doc, out) = aggregate("ja", &dir, &roster);
    assert_eq!(missing_codes(&doc), ["042030"], "{}", stderr(&out));
    assert!(doc["not_on_roster"].as_array().unwrap().is_empty());
}

/// 仙台市's sheet carrying 石巻市's 団体コード (a valid check digit): the code matches the
/// roster's 石巻市, so 石巻市 counted as handed in and 仙台市 as not, without a word. The
/// file's line now says that the roster gives its code to another 団体名 (JSON
/// `roster_name`); a sheet whose name merely says more than the roster's does not.
#[test]
fn a_sheet_whose_code_the_roster_gives_another_name_is_said() {
    let (top, dir) = folder();
    town(&dir, "仙台市", "042021", 1);
    town(&dir, "多賀城市役所", "042099", 2);
    let roster = top.path().join("名簿.csv");
    fs::write(
        &roster,
        "団体コード,団体名,都道府県\n041009,仙台市,宮城県\n042021,石巻市,宮城県\n042099,多賀城市,宮城県\n",
    )
    .unwrap();
    let (doc, out) = aggregate("ja", &dir, &roster);
    assert_eq!(file_entry(&doc, "042021.ron")["roster_name"], "石巻市");
    assert!(file_entry(&doc, "042099.ron")["roster_name"].is_null());
    assert!(file_entry(&doc, "041009.ron")["roster_name"].is_null());
    let err = stderr(&out);
    assert!(err.contains("名簿では") && err.contains("石巻市"), "{err}");
    let (_, out) = aggregate("en", &dir, &roster);
    assert!(
        stderr(&out).contains("the roster gives"),
        "{}",
        stderr(&out)
    );
}

/// Without `--roster` nothing says who was expected: 都道府県別's 名簿 and 未提出 read 0 and
/// 0, which says "nobody is missing" when nothing was checked. They are `-` in text and the
/// workbook, empty in CSV and `null` in JSON; with a roster they are counts.
#[test]
fn without_a_roster_the_prefectures_expected_and_missing_are_unknown_not_zero() {
    let (top, dir) = folder();
    let (doc, _) = json("ja", &dir, &[]);
    let p = &doc["prefectures"][0];
    assert_eq!(p["prefecture"], "宮城県");
    assert!(p["expected"].is_null() && p["missing"].is_null(), "{p}");
    let text = run("ja", &dir, &[]);
    let text = String::from_utf8_lossy(&text.stdout).into_owned();
    let row = text
        .lines()
        .find(|l| l.trim_start().starts_with("宮城県"))
        .unwrap();
    let cells: Vec<&str> = row.split_whitespace().collect();
    assert_eq!(&cells[..4], ["宮城県", "1", "-", "-"], "{row}");
    let csv = run("ja", &dir, &["--format".as_ref(), "csv".as_ref()]);
    let csv = String::from_utf8_lossy(&csv.stdout).into_owned();
    assert!(csv.lines().any(|l| l.starts_with("宮城県,1,,,")), "{csv}");
    let roster = top.path().join("名簿.csv");
    fs::write(&roster, "団体コード,団体名\n041009,仙台市\n042021,石巻市\n").unwrap();
    let (doc, _) = aggregate("ja", &dir, &roster);
    let p = &doc["prefectures"][0];
    assert_eq!(
        (p["expected"].as_u64(), p["missing"].as_u64()),
        (Some(2), Some(1))
    );
}

/// A roster line whose 都道府県 is none of the 47 (ほげ県, a typo) cannot tell its town from
/// another prefecture's of the same name: it matched 利府町 of 宮城県, and 都道府県別 then
/// listed ほげ県 expecting one town and counting none. The line is still read (by name), but
/// it is said on stderr, naming the line's town and what was written.
#[test]
fn a_roster_prefecture_that_is_none_of_the_47_is_said() {
    let (top, dir) = folder();
    let roster = top.path().join("名簿.csv");
    fs::write(&roster, "団体名,都道府県\n仙台市,ほげ県\n").unwrap();
    for (lang, words) in [
        ("ja", ["仙台市", "ほげ県", "47都道府県"]),
        ("en", ["仙台市", "ほげ県", "47 prefectures"]),
    ] {
        let (_, out) = aggregate(lang, &dir, &roster);
        let err = stderr(&out);
        for w in words {
            assert!(err.contains(w), "{lang}: {w} not in {err}");
        }
    }
    fs::write(&roster, "団体名,都道府県\n仙台市,宮城\n").unwrap();
    let (_, out) = aggregate("ja", &dir, &roster);
    assert!(!stderr(&out).contains("47都道府県"), "{}", stderr(&out));
}

/// 七ヶ宿町 is written 七ケ宿町 as often (ヶ and ケ, ヵ and カ, are one sound in a place name):
/// a town that handed in under the other spelling was listed 未提出 and 名簿にない団体 both.
#[test]
fn a_name_written_with_ke_or_small_ke_is_the_same_town() {
    let (top, dir) = folder();
    let dist: Distribution = vec![[3, 1, 1]; 126];
    let mut s: Sheet = sheet_for(Catalog::builtin(Edition::Municipal), &dist, 2, 6);
    s.organization = "七ケ宿町".into();
    s.prefecture = "宮城県".into();
    s.updated = Some(datetime!(2026-11-25 10:00 +9));
    fs::write(dir.join("shichikashuku.ron"), tenken::store::to_ron(&s)).unwrap();
    let roster = top.path().join("名簿.csv");
    fs::write(
        &roster,
        "団体コード,団体名,都道府県\n041009,仙台市,宮城県\n043028,七ヶ宿町,宮城県\n",
    )
    .unwrap();
    let (doc, out) = aggregate("ja", &dir, &roster);
    assert!(missing_codes(&doc).is_empty(), "{}", stderr(&out));
    assert!(
        doc["not_on_roster"].as_array().unwrap().is_empty(),
        "{}",
        doc["not_on_roster"]
    );
}

/// A town whose file could not be read (cut short in the mail) was listed 未提出 with the
/// 届いたファイル column empty, though 「[読めない] 角田市.ron」 was in the same run: the guide
/// promises the file they sent, if it did not count, and why. A file that cannot be read says
/// nothing of who it is but its name: a name with the town's 団体名 or 団体コード in it is taken
/// as theirs for that column.
#[test]
fn an_unreadable_file_named_for_a_missing_town_is_shown_as_what_it_sent() {
    let (top, dir) = folder();
    fs::write(
        dir.join("角田市.ron"),
        "(organization: \"角田市\", answers: {\"1-1\": (sc",
    )
    .unwrap();
    fs::write(dir.join("042102_提出.ron"), "(organization: ").unwrap();
    let roster = top.path().join("名簿.csv");
    fs::write(
        &roster,
        "団体コード,団体名,都道府県\n041009,仙台市,宮城県\n042081,角田市,宮城県\n042102,岩沼市,宮城県\n042030,塩竈市,宮城県\n",
    )
    .unwrap();
    let (doc, out) = aggregate("ja", &dir, &roster);
    let missing = doc["missing"].as_array().unwrap();
    let of = |code: &str| {
        missing
            .iter()
            .find(|m| m["code"] == code)
            .unwrap_or_else(|| panic!("{code} missing: {missing:?}\n{}", stderr(&out)))
    };
    for (code, file) in [("042081", "角田市.ron"), ("042102", "042102_提出.ron")] {
        let m = of(code);
        assert!(m["file"].as_str().is_some_and(|f| f.ends_with(file)), "{m}");
        assert_eq!(m["status"], "unreadable", "{m}");
    }
    assert!(of("042030")["file"].is_null(), "塩竈市 sent nothing");
}
