//! Issue 20 (Do 2) and 22.18: `tenken aggregate` as a prefecture runs it on the folder it
//! collected — every file accounted for (counted, superseded, excluded, unreadable, drafts
//! only) in every format, workbook and CSV submissions read as answers, one sheet per
//! organisation, one fiscal year, one edition, the roster, 都道府県別 subtotals and the
//! cross-organisation 改善計画一覧.

use std::fs;
use std::os::unix::fs::PermissionsExt as _;
use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::Value;
use tenken::catalog::{Catalog, Edition};
use tenken::sheet::{Plan, Sheet};
use time::OffsetDateTime;
use time::macros::datetime;

use crate::util::cli::{stderr, tenken, tenken_in};
use crate::util::file_entry;
use crate::util::generate::{Distribution, sheet_for};
use crate::util::xlsx;

fn municipal() -> &'static Catalog {
    Catalog::builtin(Edition::Municipal)
}

/// A town's sheet: the generated answers of organisation `k`, named `org`, updated at `at`.
fn town(org: &str, k: u64, at: OffsetDateTime) -> Sheet {
    let dist: Distribution = vec![[3, 1, 1]; 126];
    let mut s = sheet_for(municipal(), &dist, k, 6);
    s.organization = org.into();
    s.updated = Some(at);
    s
}

fn write(dir: &Path, name: &str, sheet: &Sheet) -> PathBuf {
    let path = dir.join(name);
    fs::write(&path, tenken::store::to_ron(sheet)).unwrap();
    path
}

fn run(args: &[&std::ffi::OsStr]) -> Output {
    tenken(args)
}

/// A sheet handed in as its report alone (`report -o NAME`, the sheet not kept): the table.
fn report_only(dir: &Path, sheet: &Sheet, name: &str) -> PathBuf {
    let ron = write(dir, ".sheet-of-the-report.ron", sheet);
    let table = dir.join(name);
    ok(&[
        "report".as_ref(),
        ron.as_os_str(),
        "-o".as_ref(),
        table.as_os_str(),
    ]);
    fs::remove_file(&ron).unwrap();
    table
}

/// [`run`], which must succeed (the set-up of a test: a report, a table to read back).
fn ok(args: &[&std::ffi::OsStr]) -> Output {
    let out = run(args);
    assert!(out.status.success(), "{}", stderr(&out));
    out
}

fn json_of(dir: &Path, extra: &[&str]) -> (Value, Output) {
    let mut args: Vec<&std::ffi::OsStr> =
        vec!["aggregate".as_ref(), "--format".as_ref(), "json".as_ref()];
    args.extend(extra.iter().map(std::ffi::OsStr::new));
    args.push(dir.as_os_str());
    let out = run(&args);
    assert!(out.status.success(), "{}", stderr(&out));
    (serde_json::from_slice(&out.stdout).unwrap(), out)
}

/// The status of each file in the JSON's `files`, by file name.
fn statuses(doc: &Value) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = doc["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let name = Path::new(f["file"].as_str().unwrap())
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (name, f["status"].as_str().unwrap().to_string())
        })
        .collect();
    v.sort();
    v
}

/// Issue 20.1: an answer given in a workbook or a CSV table counts as answers, and the output
/// says which files were read so.
#[test]
fn workbook_and_csv_submissions_count_as_answers() {
    let dir = tempfile::tempdir().unwrap();
    let t = datetime!(2026-11-25 10:00 +9);
    write(dir.path(), "a.ron", &town("あおば市", 0, t));
    // かわ町 answered in tenken's own report workbook, sent without its .ron.
    report_only(dir.path(), &town("かわ町", 1, t), "かわ町.xlsx");
    // やま町 answered in a plain table.
    fs::write(
        dir.path().join("やま町.csv"),
        "項目番号,評価\n1-1,3\n1-2,1\n",
    )
    .unwrap();
    let (doc, out) = json_of(dir.path(), &[]);
    assert_eq!(doc["organizations"], 3, "{}", stderr(&out));
    let kawa = file_entry(&doc, "かわ町.xlsx");
    assert_eq!(
        (kawa["status"].as_str(), kawa["read_as"].as_str()),
        (Some("counted"), Some("workbook"))
    );
    assert_eq!(kawa["organization"], "かわ町");
    let yama = file_entry(&doc, "やま町.csv");
    assert_eq!(
        (yama["status"].as_str(), yama["read_as"].as_str()),
        (Some("counted"), Some("csv"))
    );
    assert_eq!(yama["organization"], "やま町");
    // 1-1: あおば市, かわ町 and やま町 answered; やま町's 3 is among them.
    let first = &doc["items"][0];
    assert_eq!(
        first["answered"].as_u64().unwrap() + first["not_applicable"].as_u64().unwrap(),
        3
    );
    assert!(stderr(&out).contains("やま町.csv"), "{}", stderr(&out));
}

/// Sets a file's modification time, as a copy or a download does.
fn touch(path: &Path, at: OffsetDateTime) {
    let f = fs::File::options().write(true).open(path).unwrap();
    f.set_modified(at.into()).unwrap();
}

/// A town's report workbook is compared by the time its sheet was last changed, which the
/// workbook says, not by when the file was copied: an older workbook copied into the
/// collection after the town's newer answer file counted over it (`cp` gives the copy the
/// time of the copy).
#[test]
fn a_workbook_counts_by_its_sheets_time_not_its_files() {
    let dir = tempfile::tempdir().unwrap();
    let book = report_only(
        dir.path(),
        &town("かわ町", 1, datetime!(2026-11-20 10:00 +9)),
        "かわ町_提出.xlsx",
    );
    write(
        dir.path(),
        "かわ町.ron",
        &town("かわ町", 2, datetime!(2026-12-01 09:00 +9)),
    );
    touch(&book, datetime!(2026-12-04 17:00 +9));
    let (doc, out) = json_of(dir.path(), &[]);
    let book_entry = file_entry(&doc, "かわ町_提出.xlsx");
    assert_eq!(book_entry["status"], "superseded", "{}", stderr(&out));
    assert_eq!(book_entry["updated"], "2026-11-20T10:00:00+09:00");
    assert_eq!(file_entry(&doc, "かわ町.ron")["status"], "counted");
}

/// A table that does not say when it was answered (a prefecture's own form) is compared by
/// its file's time, and where that decided between two of one organisation's files, the
/// 受付一覧 says so on both; a lone table is not noted.
#[test]
fn tables_without_a_time_are_compared_by_their_files_and_say_so() {
    let dir = tempfile::tempdir().unwrap();
    let form = |name: &str, org: &str, score: u8, at: OffsetDateTime| {
        let path = dir.path().join(name);
        fs::write(
            &path,
            format!("団体名,{org}\n項目番号,評価\n1-1,{score}\n1-2,1\n"),
        )
        .unwrap();
        touch(&path, at);
    };
    form("やま町_1.csv", "やま町", 1, datetime!(2026-12-02 09:00 +9));
    form("やま町_2.csv", "やま町", 3, datetime!(2026-11-30 09:00 +9));
    form("うみ町.csv", "うみ町", 2, datetime!(2026-11-30 09:00 +9));
    let (doc, out) = json_of(dir.path(), &[]);
    assert_eq!(
        statuses(&doc),
        [
            ("うみ町.csv", "counted"),
            ("やま町_1.csv", "counted"),
            ("やま町_2.csv", "superseded"),
        ]
        .map(|(a, b)| (a.to_string(), b.to_string())),
        "{}",
        stderr(&out)
    );
    let noted = |name: &str| {
        file_entry(&doc, name)["import_notes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n.as_str().unwrap().contains("ファイルの更新時刻"))
    };
    assert!(noted("やま町_1.csv") && noted("やま町_2.csv"), "{doc:#}");
    assert!(!noted("うみ町.csv"), "{doc:#}");
    // In English too.
    let (doc, _) = json_of(dir.path(), &["--lang", "en"]);
    let notes = file_entry(&doc, "やま町_2.csv")["import_notes"].to_string();
    assert!(notes.contains("file's modification time"), "{notes}");
}

/// A time a file cannot have been changed at — a day or more ahead (a wrong clock where it was
/// written) — won over every later submission of its organisation; an 更新 cell that is no
/// time (「きのう」) was said to be missing. Either is set aside for the file's own time, and
/// the 受付一覧 says which and why.
#[test]
fn a_time_in_the_future_or_no_time_at_all_is_set_aside_and_said() {
    let dir = tempfile::tempdir().unwrap();
    let ron = write(
        dir.path(),
        "かわ町.ron",
        &town("かわ町", 1, datetime!(2099-01-01 09:00 +9)),
    );
    touch(&ron, datetime!(2026-11-20 09:00 +9));
    let form = dir.path().join("かわ町_訂正.csv");
    fs::write(&form, "団体名,かわ町\n更新,きのう\n項目番号,評価\n1-1,1\n").unwrap();
    touch(&form, datetime!(2026-12-01 09:00 +9));
    let (doc, out) = json_of(dir.path(), &[]);
    assert_eq!(
        statuses(&doc),
        [("かわ町.ron", "superseded"), ("かわ町_訂正.csv", "counted")]
            .map(|(a, b)| (a.to_string(), b.to_string())),
        "{}",
        stderr(&out)
    );
    let notes = |doc: &Value, name: &str| file_entry(doc, name)["import_notes"].to_string();
    assert!(
        notes(&doc, "かわ町.ron").contains("更新日時 2099-01-01T09:00:00+09:00 が未来の時刻のため"),
        "{doc:#}"
    );
    assert!(
        notes(&doc, "かわ町_訂正.csv").contains("更新日時「きのう」が日時として読めないため"),
        "{doc:#}"
    );
    // The form names no 年度 either: counted as the collection's year, and said so.
    assert_eq!(
        file_entry(&doc, "かわ町_訂正.csv")["fiscal_year"],
        Value::Null
    );
    let (text, _) = text_of(dir.path(), &[]);
    assert!(
        received_line(&text, "かわ町_訂正.csv (CSV)")
            .contains("年度の記載がないため、令和8年度の提出として数えました"),
        "{text}"
    );
    let (doc, _) = json_of(dir.path(), &["--lang", "en"]);
    assert!(
        notes(&doc, "かわ町.ron").contains("is in the future"),
        "{doc:#}"
    );
    assert!(
        notes(&doc, "かわ町_訂正.csv").contains("is not a date and time"),
        "{doc:#}"
    );
}

/// A town that hands in tenken's report instead of its answer file — the workbook or the
/// CSV — hands in its drafts as drafts: the report marks them (付箋・下書き, 下書き), and
/// they are listed, not counted as answers. The report's CSV is read at all (its per-item
/// table is its last block, far below the rows a form's header is looked for in).
#[test]
fn a_report_handed_in_keeps_its_drafts_drafts() {
    let dir = tempfile::tempdir().unwrap();
    let at = datetime!(2026-11-28 16:30 +9);
    let drafts_of = |org: &str, k: u64, to: &str, format: &str| -> Vec<String> {
        let mut s = town(org, k, at);
        let ids: Vec<String> = s.answers.keys().take(5).cloned().collect();
        for id in &ids {
            s.answers.get_mut(id).unwrap().unconfirmed = true;
        }
        let ron = write(dir.path(), "sheet.ron", &s);
        let target = dir.path().join(to);
        ok(&[
            "report".as_ref(),
            ron.as_os_str(),
            "--format".as_ref(),
            format.as_ref(),
            "-o".as_ref(),
            target.as_os_str(),
        ]);
        fs::remove_file(&ron).unwrap();
        ids
    };
    let kawa = drafts_of("かわ町", 1, "かわ町.xlsx", "xlsx");
    let yama = drafts_of("やま町", 2, "やま町.csv", "csv");
    let (doc, out) = json_of(dir.path(), &[]);
    for (file, ids, read_as) in [
        ("かわ町.xlsx", &kawa, "workbook"),
        ("やま町.csv", &yama, "csv"),
    ] {
        let e = file_entry(&doc, file);
        assert_eq!(
            (e["status"].as_str(), e["read_as"].as_str()),
            (Some("counted"), Some(read_as)),
            "{file}: {}",
            stderr(&out)
        );
        let drafts: Vec<&str> = e["drafts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d.as_str().unwrap())
            .collect();
        assert_eq!(drafts, **ids, "{file}");
        assert_eq!(e["updated"], "2026-11-28T16:30:00+09:00", "{file}");
    }
}

/// A prefecture writes its table (or a diff) into the folder it collects into and runs
/// `aggregate` again: tenken's own workbooks and CSVs are not an organisation's answers (the
/// table was counted as a town named 集計, after its file; the CSVs were listed unreadable,
/// which failed `--strict`).
#[test]
fn tenkens_own_tables_in_the_folder_are_not_organisations() {
    let dir = tempfile::tempdir().unwrap();
    let t = datetime!(2026-11-25 10:00 +9);
    let a = write(dir.path(), "a.ron", &town("あおば市", 0, t));
    let b = write(dir.path(), "b.ron", &town("かわ町", 1, t));
    let own = [
        ("ja", "集計.xlsx", "差分.xlsx"),
        ("en", "table.xlsx", "diff.xlsx"),
        ("ja", "集計.csv", "差分.csv"),
        ("en", "table.csv", "diff.csv"),
    ];
    for (lang, table, changes) in own {
        let table = dir.path().join(table);
        let changes = dir.path().join(changes);
        ok(&[
            "--lang".as_ref(),
            lang.as_ref(),
            "aggregate".as_ref(),
            a.as_os_str(),
            b.as_os_str(),
            "-o".as_ref(),
            table.as_os_str(),
        ]);
        ok(&[
            "--lang".as_ref(),
            lang.as_ref(),
            "diff".as_ref(),
            a.as_os_str(),
            b.as_os_str(),
            "-o".as_ref(),
            changes.as_os_str(),
        ]);
    }
    let (doc, out) = json_of(dir.path(), &["--strict"]);
    assert_eq!(doc["organizations"], 2, "{}", stderr(&out));
    for name in own.iter().flat_map(|(_, t, c)| [t, c]) {
        let e = file_entry(&doc, name);
        assert_eq!(
            (e["status"].as_str(), e["reason"].as_str()),
            (Some("excluded"), Some("own_table")),
            "{name}"
        );
    }
}

/// A cover letter sent beside the answers as a workbook or a CSV (送付状.xlsx, as towns send
/// them) lists no checklist item: excluded as a document, as a `.pdf` or `.txt` one is, so that
/// `--strict` still writes the table; it was 読めない and `--strict` refused the collection. A
/// table that lists the items but names its columns otherwise is still unreadable: a town's
/// answers tenken cannot read must not pass as a letter.
#[test]
fn a_cover_letter_as_a_workbook_or_csv_is_excluded_not_unreadable() {
    let dir = tempfile::tempdir().unwrap();
    let t = datetime!(2026-11-25 10:00 +9);
    write(dir.path(), "a.ron", &town("あおば市", 0, t));
    let letter = [
        ["送付状", ""],
        ["宛先", "宮城県 総務部 市町村課 御中"],
        [
            "件名",
            "令和8年度 住基ネット セキュリティ自己点検の提出について",
        ],
        ["担当", "あおば市 市民課 山田"],
    ];
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet().set_name("送付状").unwrap();
    for (r, row) in letter.iter().enumerate() {
        for (c, text) in row.iter().enumerate().filter(|(_, t)| !t.is_empty()) {
            ws.write_string(r as u32, c as u16, *text).unwrap();
        }
    }
    wb.save(dir.path().join("送付状.xlsx")).unwrap();
    let csv: String = letter
        .iter()
        .map(|r| format!("{},{}\n", r[0], r[1]))
        .collect();
    fs::write(dir.path().join("送付状.csv"), csv).unwrap();
    let (doc, out) = json_of(dir.path(), &["--strict"]);
    assert_eq!(doc["organizations"], 1, "{}", stderr(&out));
    for name in ["送付状.xlsx", "送付状.csv"] {
        let e = file_entry(&doc, name);
        assert_eq!(
            (e["status"].as_str(), e["reason"].as_str()),
            (Some("excluded"), Some("no_items")),
            "{name}: {e}"
        );
    }
    let text = ok(&["aggregate".as_ref(), dir.path().as_os_str()]);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("[除外] ") && text.contains("送付状.xlsx: 点検項目の表ではありません"),
        "{text}"
    );

    // The items listed, the score column named otherwise (結果): answers not read.
    fs::write(
        dir.path().join("かわ町.csv"),
        "No,設問,結果\n1-1,セキュリティ統括責任者を任命している,3\n",
    )
    .unwrap();
    let out = run(&[
        "aggregate".as_ref(),
        "--strict".as_ref(),
        dir.path().as_os_str(),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("かわ町.csv: [読めない]"), "{err}");
    assert!(
        err.contains("送付状.xlsx: [除外] 点検項目の表ではありません"),
        "{err}"
    );
    assert!(err.contains("読めないファイル 1 "), "{err}");

    // A CSV of 0 bytes is a copy or a save that did not finish, as an empty workbook is:
    // unreadable, never taken for a letter.
    fs::remove_file(dir.path().join("かわ町.csv")).unwrap();
    fs::write(dir.path().join("みどり村.csv"), "").unwrap();
    let out = run(&[
        "aggregate".as_ref(),
        "--strict".as_ref(),
        dir.path().as_os_str(),
    ]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("みどり村.csv: [読めない] 空のファイルです (0 バイト)"),
        "{err}"
    );
}

/// A table that names its catalog (tenken's report) is of that edition whatever `--edition`
/// says: excluded as another edition's, as a sheet is — a national agency's report was
/// counted as a municipal town's answers, and a town's was unreadable under `--edition
/// national`.
#[test]
fn a_report_of_the_other_edition_is_excluded_by_edition() {
    let dir = tempfile::tempdir().unwrap();
    let t = datetime!(2026-11-25 10:00 +9);
    write(dir.path(), "a.ron", &town("あおば市", 0, t));
    let national = Catalog::builtin(Edition::National);
    let mut agency = sheet_for(national, &vec![[1, 0, 0]; 122], 0, 1);
    agency.organization = "某省".into();
    report_only(dir.path(), &agency, "某省.csv");
    report_only(dir.path(), &town("かわ町", 1, t), "かわ町.xlsx");
    let (doc, _) = json_of(dir.path(), &["--edition", "municipal"]);
    assert_eq!(doc["organizations"], 2);
    let e = file_entry(&doc, "某省.csv");
    assert_eq!(
        (e["status"].as_str(), e["reason"].as_str()),
        (Some("excluded"), Some("edition"))
    );
    let (doc, _) = json_of(dir.path(), &["--edition", "national"]);
    assert_eq!(doc["organizations"], 1);
    let e = file_entry(&doc, "かわ町.xlsx");
    assert_eq!(
        (e["status"].as_str(), e["reason"].as_str()),
        (Some("excluded"), Some("edition"))
    );
}

/// A sheet that says nothing of when it was changed (`updated` is optional) is as new as its
/// file, as a table is, and says so where that decided: it lost to any table, however old.
#[test]
fn a_sheet_without_its_time_is_as_new_as_its_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = town("かわ町", 1, datetime!(2026-11-25 10:00 +9));
    s.updated = None;
    let ron = write(dir.path(), "かわ町.ron", &s);
    touch(&ron, datetime!(2026-12-03 09:00 +9));
    let form = dir.path().join("かわ町_様式.csv");
    fs::write(&form, "団体名,かわ町\n項目番号,評価\n1-1,1\n").unwrap();
    touch(&form, datetime!(2026-11-01 09:00 +9));
    let (doc, out) = json_of(dir.path(), &[]);
    let e = file_entry(&doc, "かわ町.ron");
    assert_eq!(e["status"], "counted", "{}", stderr(&out));
    assert_eq!(e["updated"], "2026-12-03T00:00:00Z");
    assert!(
        e["import_notes"].to_string().contains("ファイルの更新時刻"),
        "{e}"
    );
    assert_eq!(file_entry(&doc, "かわ町_様式.csv")["status"], "superseded");
}

/// Issue 20.1: a sheet made by `new --from` and never confirmed is drafts only: not an
/// organisation with no answers, but listed, and fatal under `--strict`.
#[test]
fn a_drafts_only_sheet_is_listed_not_counted_and_fails_strict() {
    let dir = tempfile::tempdir().unwrap();
    let t = datetime!(2026-11-25 10:00 +9);
    write(dir.path(), "a.ron", &town("あおば市", 0, t));
    let mut drafts = town("ひかり町", 1, t);
    for a in drafts.answers.values_mut() {
        a.unconfirmed = true;
    }
    write(dir.path(), "hikari.ron", &drafts);
    let (doc, out) = json_of(dir.path(), &[]);
    assert_eq!(doc["organizations"], 1);
    let h = file_entry(&doc, "hikari.ron");
    assert_eq!(h["status"], "drafts_only");
    assert_eq!(h["drafts"].as_array().unwrap().len(), 126);
    assert!(stderr(&out).contains("hikari.ron"), "{}", stderr(&out));
    let strict = run(&[
        "aggregate".as_ref(),
        "--strict".as_ref(),
        dir.path().as_os_str(),
    ]);
    assert!(!strict.status.success());
    assert!(strict.stdout.is_empty());
    assert!(
        stderr(&strict).contains("hikari.ron"),
        "{}",
        stderr(&strict)
    );
}

/// Issue 20.2: a resubmission, a name with a full-width space and last year's sheet are not
/// counted: the newest sheet counts, the others are listed.
#[test]
fn one_sheet_per_organisation_and_one_fiscal_year_are_counted() {
    let dir = tempfile::tempdir().unwrap();
    let t = datetime!(2026-11-25 10:00 +9);
    write(dir.path(), "あおば市.ron", &town("あおば市", 0, t));
    write(
        dir.path(),
        "あおば市_修正版.ron",
        &town("あおば市", 1, datetime!(2026-12-01 09:00 +9)),
    );
    write(dir.path(), "さくら町.ron", &town("さくら町", 2, t));
    write(
        dir.path(),
        "さくら町(2).ron",
        &town("さくら町\u{3000}", 3, datetime!(2026-11-01 09:00 +9)),
    );
    write(dir.path(), "うみ町.ron", &town("うみ町", 4, t));
    let mut old = town("みどり村", 5, datetime!(2025-11-25 10:00 +9));
    old.fiscal_year = 2025;
    write(dir.path(), "みどり村_R7.ron", &old);
    let (doc, _) = json_of(dir.path(), &[]);
    assert_eq!(doc["organizations"], 3);
    assert_eq!(doc["fiscal_year"], 2026);
    assert_eq!(
        statuses(&doc),
        [
            ("あおば市.ron", "superseded"),
            ("あおば市_修正版.ron", "counted"),
            ("うみ町.ron", "counted"),
            ("さくら町(2).ron", "superseded"),
            ("さくら町.ron", "counted"),
            ("みどり村_R7.ron", "excluded"),
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
    );
    assert!(
        file_entry(&doc, "あおば市.ron")["superseded_by"]
            .as_str()
            .unwrap()
            .ends_with("あおば市_修正版.ron")
    );
    assert_eq!(file_entry(&doc, "みどり村_R7.ron")["reason"], "fiscal_year");
    let counted: Vec<&str> = doc["counted"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["organization"].as_str().unwrap())
        .collect();
    assert_eq!(counted, ["あおば市", "うみ町", "さくら町"]);
    // Told otherwise: the older sheet, and last year's table.
    let older = dir.path().join("あおば市.ron");
    let (doc, _) = json_of(
        dir.path(),
        &["--prefer", older.to_str().unwrap(), "--fiscal-year", "2026"],
    );
    assert_eq!(file_entry(&doc, "あおば市.ron")["status"], "counted");
    assert_eq!(
        file_entry(&doc, "あおば市_修正版.ron")["status"],
        "superseded"
    );
    let (doc, _) = json_of(dir.path(), &["--fiscal-year", "令和7年度"]);
    assert_eq!(doc["organizations"], 1);
    assert_eq!(file_entry(&doc, "うみ町.ron")["status"], "excluded");
    // A --prefer that names no input (a typo, a file elsewhere), a file not counted (last
    // year's), or a second file of an organisation already preferred changed nothing and was
    // silently ignored: it is refused, and no table is written.
    let elsewhere = tempfile::tempdir().unwrap();
    let out_file = elsewhere.path().join("table.json");
    let outside = elsewhere.path().join("あおば市.ron");
    fs::copy(&older, &outside).unwrap();
    let newer = dir.path().join("あおば市_修正版.ron");
    let typo = dir.path().join("あおば巿.ron");
    let last_year = dir.path().join("みどり村_R7.ron");
    for (prefer, words) in [
        (vec![&typo], ["あおば巿.ron", "入力"]),
        (vec![&outside], ["あおば市.ron", "入力"]),
        (vec![&last_year], ["みどり村_R7.ron", "集計されません"]),
        (
            vec![&older, &newer],
            ["あおば市_修正版.ron", "集計されません"],
        ),
    ] {
        let mut args: Vec<&std::ffi::OsStr> = vec!["aggregate".as_ref()];
        for p in &prefer {
            args.extend(["--prefer".as_ref(), p.as_os_str()]);
        }
        args.extend([
            "--fiscal-year".as_ref(),
            "2026".as_ref(),
            "-o".as_ref(),
            out_file.as_os_str(),
            dir.path().as_os_str(),
        ]);
        let out = run(&args);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{prefer:?}: {err}");
        for w in words {
            assert!(err.contains("--prefer") && err.contains(w), "{w}: {err}");
        }
        assert!(!out_file.exists(), "{prefer:?}: a table was written");
    }
}

/// Issue 20.4: a national-edition sheet that sorts first does not fix the catalog: the run is
/// refused naming it (the minority), not the municipal sheets; `--edition` aggregates one
/// edition and lists the other's files as excluded.
#[test]
fn mixed_editions_name_the_minority_files() {
    let dir = tempfile::tempdir().unwrap();
    let t = datetime!(2026-11-25 10:00 +9);
    for (k, name) in ["b.ron", "c.ron", "d.ron"].iter().enumerate() {
        write(dir.path(), name, &town(&format!("町{k}"), k as u64, t));
    }
    let national = Catalog::builtin(Edition::National);
    let mut agency = sheet_for(national, &vec![[1, 0, 0]; 122], 0, 1);
    agency.organization = "某省".into();
    write(dir.path(), "aa-agency.ron", &agency);
    let out = run(&["aggregate".as_ref(), dir.path().as_os_str()]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains("aa-agency.ron") && err.contains("juki-national"),
        "{err}"
    );
    assert!(!err.contains("b.ron") && !err.contains("c.ron"), "{err}");
    let (doc, _) = json_of(dir.path(), &["--edition", "municipal"]);
    assert_eq!(doc["organizations"], 3);
    let a = file_entry(&doc, "aa-agency.ron");
    assert_eq!(
        (a["status"].as_str(), a["reason"].as_str()),
        (Some("excluded"), Some("edition"))
    );
    let (doc, _) = json_of(dir.path(), &["--edition", "national"]);
    assert_eq!(doc["organizations"], 1);
    assert_eq!(doc["catalog"]["id"], "juki-national");
    // One of each: neither is the fewer, and every file is named as such.
    let tie = tempfile::tempdir().unwrap();
    write(tie.path(), "b.ron", &town("町", 0, t));
    write(tie.path(), "aa-agency.ron", &agency);
    for (lang, fewer, each) in [
        ("ja", "少ない方", "同じ数ずつ"),
        ("en", "the fewer", "As many of each"),
    ] {
        let out = run(&[
            "--lang".as_ref(),
            lang.as_ref(),
            "aggregate".as_ref(),
            tie.path().as_os_str(),
        ]);
        let err = stderr(&out);
        assert!(!out.status.success());
        assert!(err.contains(each) && !err.contains(fewer), "{err}");
        assert!(
            err.contains("b.ron") && err.contains("aa-agency.ron"),
            "{err}"
        );
    }
}

/// Issue 22.18: a subdirectory that cannot be read (lost+found, chmod 000) is skipped and
/// listed, as an unreadable file is; `--strict` makes it fatal. Root reads any directory, so
/// tenken runs as `nobody`.
#[test]
#[ignore = "needs root: runs tenken as nobody, for whom a chmod 000 directory is unreadable"]
fn an_unreadable_subdirectory_is_skipped_and_listed() {
    crate::util::require_root();
    let top = tempfile::tempdir().unwrap();
    fs::set_permissions(top.path(), fs::Permissions::from_mode(0o755)).unwrap();
    let exe = top.path().join("tenken");
    fs::copy(env!("CARGO_BIN_EXE_tenken"), &exe).unwrap();
    fs::set_permissions(&exe, fs::Permissions::from_mode(0o755)).unwrap();
    let dir = top.path().join("sheets");
    fs::create_dir(&dir).unwrap();
    fs::set_permissions(&dir, fs::Permissions::from_mode(0o755)).unwrap();
    let t = datetime!(2026-11-25 10:00 +9);
    for (name, org) in [("a.ron", "あおば市"), ("b.ron", "うみ町")] {
        let p = write(&dir, name, &town(org, 0, t));
        fs::set_permissions(&p, fs::Permissions::from_mode(0o644)).unwrap();
    }
    let lost = dir.join("lost+found");
    fs::create_dir(&lost).unwrap();
    fs::set_permissions(&lost, fs::Permissions::from_mode(0o000)).unwrap();
    let as_nobody = |extra: &[&str]| {
        std::process::Command::new("runuser")
            .args(["-u", "nobody", "--"])
            .arg(&exe)
            .args(["aggregate", "--format", "json"])
            .args(extra)
            .arg(&dir)
            .output()
            .unwrap()
    };
    let out = as_nobody(&[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["organizations"], 2);
    let l = file_entry(&doc, "lost+found");
    assert_eq!(l["status"], "unreadable");
    assert!(stderr(&out).contains("lost+found"), "{}", stderr(&out));
    let strict = as_nobody(&["--strict"]);
    assert!(!strict.status.success());
    assert!(
        stderr(&strict).contains("lost+found"),
        "{}",
        stderr(&strict)
    );
}

/// The folder of issue 20's test: 15 files — a resubmission, a duplicate under a full-width
/// space, last year's sheet, a drafts-only sheet, a sheet with a few drafts left, workbook and
/// CSV submissions, a national-edition sheet, a note, a broken file — and a roster with two
/// towns that never answered. Every format gives the same accounting.
#[test]
fn a_prefectures_folder_is_accounted_for_in_every_format() {
    let top = tempfile::tempdir().unwrap();
    let dir = top.path().join("令和8年度");
    fs::create_dir(&dir).unwrap();
    let t = datetime!(2026-11-25 10:00 +9);
    write(&dir, "あおば市.ron", &town("あおば市", 0, t));
    write(
        &dir,
        "あおば市_修正版.ron",
        &town("あおば市", 1, datetime!(2026-12-01 09:00 +9)),
    );
    let mut sakura = town("さくら町", 2, t);
    // A plan overdue and one carried from last year, for the 改善計画一覧.
    let low: Vec<String> = sakura
        .answers
        .iter()
        .filter(|(_, a)| a.score.value() == 1 || a.score.value() == 2)
        .map(|(id, _)| id.clone())
        .take(2)
        .collect();
    sakura.answers.get_mut(&low[0]).unwrap().plan = Some(Plan {
        action: "規程を改正する".into(),
        owner: "総務課".into(),
        due: "2020-03-31".into(),
        carried: false,
    });
    sakura.answers.get_mut(&low[1]).unwrap().plan = Some(Plan {
        action: "研修を行う".into(),
        owner: "人事課".into(),
        due: "2099-03-31".into(),
        carried: true,
    });
    write(&dir, "さくら町.ron", &sakura);
    write(
        &dir,
        "さくら町(2).ron",
        &town("さくら町\u{3000}", 3, datetime!(2026-11-01 09:00 +9)),
    );
    let mut old = town("みどり村", 5, datetime!(2025-11-25 10:00 +9));
    old.fiscal_year = 2025;
    write(&dir, "みどり村_R7.ron", &old);
    let mut drafts = town("ひかり町", 1, t);
    for a in drafts.answers.values_mut() {
        a.unconfirmed = true;
    }
    write(&dir, "ひかり町.ron", &drafts);
    let mut some = town("いわ町", 4, t);
    for a in some.answers.values_mut().take(3) {
        a.unconfirmed = true;
    }
    write(&dir, "いわ町.ron", &some);
    let kawa = write(top.path(), "kawa.ron", &town("かわ町", 1, t));
    ok(&[
        "report".as_ref(),
        kawa.as_os_str(),
        "-o".as_ref(),
        dir.join("かわ町.xlsx").as_os_str(),
    ]);
    fs::write(dir.join("やま町.csv"), "項目番号,評価\n1-1,3\n1-2,1\n").unwrap();
    let national = Catalog::builtin(Edition::National);
    let mut agency = sheet_for(national, &vec![[1, 0, 0]; 122], 0, 1);
    agency.organization = "某省".into();
    write(&dir, "aa-某省.ron", &agency);
    for (k, org) in ["うみ町", "もり町", "つき村"].iter().enumerate() {
        write(&dir, &format!("{org}.ron"), &town(org, k as u64, t));
    }
    fs::write(dir.join("受付メモ.txt"), "届いた順").unwrap();
    fs::write(dir.join("broken.ron"), "(format: 1, catalog:").unwrap();
    assert_eq!(fs::read_dir(&dir).unwrap().count(), 15);
    let roster = top.path().join("名簿.csv");
    fs::write(
        &roster,
        "団体コード,団体名,都道府県\n\
         ,あおば市,宮城県\n,さくら町,宮城県\n,みどり村,宮城県\n,ひかり町,宮城県\n,いわ町,宮城県\n\
         ,かわ町,山形県\n,やま町,山形県\n,うみ町,山形県\n,もり町,山形県\n\
         ,たに町,宮城県\n,そら村,山形県\n",
    )
    .unwrap();
    let roster_arg = roster.to_str().unwrap();
    let extra = ["--edition", "municipal", "--roster", roster_arg];
    let (doc, out) = json_of(&dir, &extra);
    let expected = [
        ("aa-某省.ron", "excluded"),
        ("broken.ron", "unreadable"),
        ("いわ町.ron", "counted"),
        ("うみ町.ron", "counted"),
        ("かわ町.xlsx", "counted"),
        ("さくら町(2).ron", "superseded"),
        ("さくら町.ron", "counted"),
        ("つき村.ron", "counted"),
        ("ひかり町.ron", "drafts_only"),
        ("みどり村_R7.ron", "excluded"),
        ("もり町.ron", "counted"),
        ("やま町.csv", "counted"),
        ("あおば市.ron", "superseded"),
        ("あおば市_修正版.ron", "counted"),
        ("受付メモ.txt", "excluded"),
    ];
    let mut expected: Vec<(String, String)> = expected
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    expected.sort();
    // 15 files and nothing else; 8 organisations counted.
    assert_eq!(statuses(&doc), expected);
    assert_eq!(doc["organizations"], 8, "{}", stderr(&out));
    assert_eq!(
        file_entry(&doc, "いわ町.ron")["drafts"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
    assert_eq!(file_entry(&doc, "受付メモ.txt")["reason"], "not_a_sheet");
    let missing: Vec<&str> = doc["missing"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["organization"].as_str().unwrap())
        .collect();
    assert_eq!(missing, ["みどり村", "ひかり町", "たに町", "そら村"]);
    let stray: Vec<&str> = doc["not_on_roster"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["organization"].as_str().unwrap())
        .collect();
    assert_eq!(stray, ["つき村"]);
    // 都道府県別: 宮城県 あおば市 さくら町 いわ町 of 6 on the roster; 山形県 かわ町 やま町 うみ町
    // もり町 of 5; つき村 has no prefecture.
    let prefs: Vec<(String, u64, u64)> = doc["prefectures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["prefecture"].as_str().unwrap().to_string(),
                p["organizations"].as_u64().unwrap(),
                p["expected"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        prefs,
        [
            ("宮城県".to_string(), 3, 6),
            ("山形県".to_string(), 4, 5),
            (String::new(), 1, 0)
        ]
    );
    // 改善計画一覧: さくら町's two plans with their marks.
    let plans = doc["plans"].as_array().unwrap();
    let overdue = plans
        .iter()
        .find(|p| p["organization"] == "さくら町" && p["id"] == low[0].as_str())
        .unwrap();
    assert_eq!(
        (overdue["overdue"].as_bool(), overdue["carried"].as_bool()),
        (Some(true), Some(false))
    );
    assert_eq!(overdue["action"], "規程を改正する");
    assert!(!overdue["text"].as_str().unwrap().is_empty());
    let carried = plans
        .iter()
        .find(|p| p["organization"] == "さくら町" && p["id"] == low[1].as_str())
        .unwrap();
    assert_eq!(
        (carried["overdue"].as_bool(), carried["carried"].as_bool()),
        (Some(false), Some(true))
    );
    // Nothing of the files not counted is in the plans.
    assert!(
        plans
            .iter()
            .all(|p| p["organization"] != "ひかり町" && p["organization"] != "みどり村")
    );

    // Text and Markdown: a section listing every file with its status.
    for format in ["text", "md"] {
        let mut args: Vec<&std::ffi::OsStr> =
            vec!["aggregate".as_ref(), "--format".as_ref(), format.as_ref()];
        args.extend(extra.iter().map(std::ffi::OsStr::new));
        args.push(dir.as_os_str());
        let out = run(&args);
        assert!(out.status.success(), "{}", stderr(&out));
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains("受付一覧"), "{text}");
        for (name, status) in &expected {
            let word = match status.as_str() {
                "counted" => "集計",
                "superseded" => "差し替え",
                "excluded" => "除外",
                "unreadable" => "読めない",
                _ => "下書きのみ",
            };
            // Markdown shows a name's `_` as written: escaped.
            let name = match format {
                "md" => name.replace('_', "\\_"),
                _ => name.clone(),
            };
            assert!(
                text.lines()
                    .any(|l| l.contains(name.as_str()) && l.contains(word)),
                "{format}: {name} {word}\n{text}"
            );
        }
        for heading in ["未提出", "名簿にない団体", "都道府県別", "改善計画一覧"]
        {
            assert!(text.contains(heading), "{format}: {heading}\n{text}");
        }
        assert!(text.contains("たに町") && text.contains("そら村"));
    }
    // The workbook: 受付一覧 with a row per file, 未提出, 都道府県別 and a filterable 改善計画一覧.
    let book = top.path().join("集計表.xlsx");
    let mut args: Vec<&std::ffi::OsStr> =
        vec!["aggregate".as_ref(), "-o".as_ref(), book.as_os_str()];
    args.extend(extra.iter().map(std::ffi::OsStr::new));
    args.push(dir.as_os_str());
    let out = run(&args);
    assert!(out.status.success(), "{}", stderr(&out));
    let names = xlsx::sheet_names(&book);
    for sheet in ["集計表", "受付一覧", "未提出", "都道府県別", "改善計画一覧"]
    {
        assert!(names.iter().any(|n| n == sheet), "{sheet} in {names:?}");
    }
    let received = xlsx::sheet(&book, "受付一覧");
    let (_, body) = xlsx::table(&received, "ファイル");
    assert_eq!(body.len(), 15);
    let plans_sheet = names.iter().position(|n| n == "改善計画一覧").unwrap();
    let part = xlsx::part(
        &book,
        &format!("xl/worksheets/sheet{}.xml", plans_sheet + 1),
    )
    .unwrap();
    assert!(
        part.contains("<autoFilter"),
        "the 改善計画一覧 is filterable"
    );
    xlsx::assert_rows_hold_wrapped_text(&book);
    // CSV: the items, then a block per list.
    let mut args: Vec<&std::ffi::OsStr> = vec![
        "aggregate".as_ref(),
        "--format".as_ref(),
        "csv".as_ref(),
        "--no-bom".as_ref(),
    ];
    args.extend(extra.iter().map(std::ffi::OsStr::new));
    args.push(dir.as_os_str());
    let out = run(&args);
    let csv = String::from_utf8(out.stdout).unwrap();
    assert!(csv.starts_with("id,average,"));
    for (name, status) in &expected {
        assert!(
            csv.lines()
                .any(|l| l.contains(name.as_str()) && l.contains(status.as_str())),
            "csv: {name} {status}\n{csv}"
        );
    }

    // --strict fails for the right reasons: the broken file, the drafts, the missing towns —
    // not for the resubmission, last year's sheet or the note.
    let mut args: Vec<&std::ffi::OsStr> = vec!["aggregate".as_ref(), "--strict".as_ref()];
    args.extend(extra.iter().map(std::ffi::OsStr::new));
    args.push(dir.as_os_str());
    let strict = run(&args);
    assert!(!strict.status.success());
    assert!(strict.stdout.is_empty());
    let err = stderr(&strict);
    // Each problem is said once, in the run's account of its files; the refusal counts them
    // by kind rather than saying each again, and ひかり町 (its one sheet drafts only) once,
    // under the drafts, not again among the four the roster lists as missing.
    for said in [
        "broken.ron",
        "ひかり町.ron",
        "いわ町.ron",
        "たに町",
        "そら村",
    ] {
        let lines = err.lines().filter(|l| l.contains(said)).count();
        assert_eq!(lines, 1, "strict: {said} said once\n{err}");
    }
    assert!(
        err.lines().last().is_some_and(|l| l
            == "tenken: --strict: 集計表を書きません: 読めないファイル 1、下書きを含む提出 2、未提出 3 (いずれも上に記載)"),
        "{err}"
    );
    for not in ["あおば市.ron", "みどり村_R7.ron", "受付メモ.txt"] {
        assert!(
            !err.lines().any(|l| l.contains(not) && l.contains("strict")),
            "strict: {not}\n{err}"
        );
    }
}

/// Issue 20.5: last year's table as the prefecture kept it — the workbook as well as the JSON —
/// gives columns labelled with their years, last year's 総平均点 and the 大分類 and 管理目標
/// changes, and names the organisations counted in one year and not the other.
#[test]
fn last_years_workbook_or_json_gives_labelled_changes_and_names_who_came_and_went() {
    let top = tempfile::tempdir().unwrap();
    let (last, this) = (top.path().join("r7"), top.path().join("r8"));
    fs::create_dir(&last).unwrap();
    fs::create_dir(&this).unwrap();
    for (k, org) in ["あおば市", "うみ町", "たに町"].iter().enumerate() {
        let mut s = town(org, k as u64 + 3, datetime!(2025-11-25 10:00 +9));
        s.fiscal_year = 2025;
        write(&last, &format!("{k}.ron"), &s);
    }
    for (k, org) in ["あおば市", "うみ町", "そら村"].iter().enumerate() {
        write(
            &this,
            &format!("{k}.ron"),
            &town(org, k as u64, datetime!(2026-11-25 10:00 +9)),
        );
    }
    let book = top.path().join("r7.xlsx");
    ok(&[
        "aggregate".as_ref(),
        "-o".as_ref(),
        book.as_os_str(),
        last.as_os_str(),
    ]);
    let (json, _) = json_of(&last, &[]);
    let json_file = top.path().join("r7.json");
    fs::write(&json_file, serde_json::to_vec(&json).unwrap()).unwrap();
    let mut seen = Vec::new();
    for previous in [&book, &json_file] {
        let (doc, out) = json_of(&this, &["--previous-aggregate", previous.to_str().unwrap()]);
        assert_eq!(doc["previous_fiscal_year"], 2025, "{}", previous.display());
        let last_overall = doc["previous_overall_average"].as_f64().unwrap();
        assert!((last_overall - json["overall_average"].as_f64().unwrap()).abs() < 0.0005);
        for level in ["majors", "goals"] {
            let first = &doc[level][0];
            let change = first["change"].as_f64().unwrap();
            let expected =
                first["average"].as_f64().unwrap() - first["previous_average"].as_f64().unwrap();
            assert!((change - expected).abs() < 1e-9, "{level}");
            assert!(
                (first["previous_average"].as_f64().unwrap()
                    - json[level][0]["average"].as_f64().unwrap())
                .abs()
                    < 0.0005
            );
        }
        let names = |key: &str| -> Vec<String> {
            doc[key]
                .as_array()
                .unwrap()
                .iter()
                .map(|o| o["organization"].as_str().unwrap().to_string())
                .collect()
        };
        assert_eq!(names("only_previous"), ["たに町"]);
        assert_eq!(names("only_this_year"), ["そら村"]);
        let err = stderr(&out);
        assert!(
            err.contains("令和7年度のみ集計した団体 (1): たに町"),
            "{err}"
        );
        assert!(
            err.contains("令和8年度のみ集計した団体 (1): そら村"),
            "{err}"
        );
        assert!(!err.contains("前年度のものではありません"), "{err}");
        seen.push(doc["items"][0]["previous_average"].as_f64().unwrap());
    }
    // A table that is not last year's (this year's own, or a later one) still gives its
    // changes, with a warning — it gave R8→R8 向上値 of +0.000 without a word, as diff warns.
    let (json, _) = json_of(&this, &[]);
    let r8 = top.path().join("r8.json");
    fs::write(&r8, serde_json::to_vec(&json).unwrap()).unwrap();
    for against in [&this, &last] {
        let (_, out) = json_of(against, &["--previous-aggregate", r8.to_str().unwrap()]);
        let err = stderr(&out);
        assert!(
            err.contains("前年度のものではありません") && err.contains("令和8年度"),
            "{err}"
        );
    }
    // The workbook holds the printed figures (three decimals), the JSON the exact ones.
    assert!((seen[0] - seen[1]).abs() < 0.0005);
    // Labelled with their years in text and in the workbook.
    let text = run(&[
        "aggregate".as_ref(),
        "--previous-aggregate".as_ref(),
        book.as_os_str(),
        this.as_os_str(),
    ]);
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(
        text.contains("令和7年度の総平均点") && text.contains("R7→R8 向上値"),
        "{text}"
    );
    let out = top.path().join("r8.xlsx");
    ok(&[
        "aggregate".as_ref(),
        "-o".as_ref(),
        out.as_os_str(),
        "--previous-aggregate".as_ref(),
        book.as_os_str(),
        this.as_os_str(),
    ]);
    let table = xlsx::sheet(&out, "集計表");
    let (at, _) = xlsx::table(&table, "項目番号");
    xlsx::column(&table, at, "令和7年度");
    xlsx::column(&table, at, "R7→R8 向上値");
    let majors = xlsx::sheet(&out, "大分類平均");
    let (at, _) = xlsx::table(&majors, "番号");
    xlsx::column(&majors, at, "R7→R8 向上値");
}

/// Issue 20.8: a 令和 table does not print 2007's national averages unless asked; the
/// collection's own averages and none are yardsticks too.
#[test]
fn a_reiwa_table_prints_no_2007_yardstick_unless_asked() {
    let top = tempfile::tempdir().unwrap();
    let dir = top.path().join("r8");
    fs::create_dir(&dir).unwrap();
    for (k, org) in ["あおば市", "うみ町"].iter().enumerate() {
        write(
            &dir,
            &format!("{k}.ron"),
            &town(org, k as u64, datetime!(2026-11-25 10:00 +9)),
        );
    }
    let roster = top.path().join("名簿.csv");
    fs::write(&roster, "団体名,都道府県\nあおば市,宮城県\nうみ町,山形県\n").unwrap();
    let text = |extra: &[&str]| {
        let mut args: Vec<&std::ffi::OsStr> = vec![
            "aggregate".as_ref(),
            "--roster".as_ref(),
            roster.as_os_str(),
        ];
        args.extend(extra.iter().map(std::ffi::OsStr::new));
        args.push(dir.as_os_str());
        let out = run(&args);
        assert!(out.status.success(), "{}", stderr(&out));
        String::from_utf8(out.stdout).unwrap()
    };
    let plain = text(&[]);
    // (【平成19年度】 after a wording marks the year an item became a priority item.)
    assert!(
        !plain.contains("H19全国") && !plain.contains("全国平均"),
        "{plain}"
    );
    let csv = text(&["--format", "csv", "--no-bom"]);
    assert!(
        !csv.lines().next().unwrap().contains("reference_H19"),
        "{csv}"
    );
    let national = text(&["--benchmark", "national"]);
    assert!(
        national.contains("H19全国") && national.contains("平成19年度全国平均"),
        "{national}"
    );
    let csv = text(&["--format", "csv", "--no-bom", "--benchmark", "national"]);
    assert!(
        csv.lines().next().unwrap().contains("reference_H19"),
        "{csv}"
    );
    let own = text(&["--benchmark", "own"]);
    assert!(
        own.lines().any(|l| l.trim_start().starts_with("全体")),
        "{own}"
    );
    let book = top.path().join("r8.xlsx");
    let made = run(&[
        "aggregate".as_ref(),
        "-o".as_ref(),
        book.as_os_str(),
        dir.as_os_str(),
    ]);
    assert!(made.status.success());
    let table = xlsx::sheet(&book, "集計表");
    assert!(
        !table
            .rows()
            .flatten()
            .any(|c| c.to_string().contains("全国平均"))
    );
    let refused = run(&[
        "aggregate".as_ref(),
        "--benchmark".as_ref(),
        "previous".as_ref(),
        dir.as_os_str(),
    ]);
    assert!(!refused.status.success());
    assert!(stderr(&refused).contains("--previous-aggregate"));
}

/// The text output of `aggregate` (stdout), and the run.
fn text_of(dir: &Path, extra: &[&str]) -> (String, Output) {
    let mut args: Vec<&std::ffi::OsStr> = vec!["aggregate".as_ref()];
    args.extend(extra.iter().map(std::ffi::OsStr::new));
    args.push(dir.as_os_str());
    let out = run(&args);
    assert!(out.status.success(), "{}", stderr(&out));
    (String::from_utf8(out.stdout.clone()).unwrap(), out)
}

/// The 受付一覧 line of `file` in the text output (`[集計] file …`).
fn received_line<'a>(text: &'a str, file: &str) -> &'a str {
    text.lines()
        .find(|l| l.contains(file) && l.contains('['))
        .unwrap_or_else(|| panic!("no line for {file}: {text}"))
}

/// Issue 20 (left over): a town that sent one sheet with its 団体コード and a later one
/// without is one organisation, not two; a sheet without a code that could be either of two
/// coded organisations is flagged as possibly the same, in every format.
#[test]
fn a_sheet_without_its_code_is_grouped_with_the_one_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut coded = town("府中市", 0, datetime!(2026-11-25 10:00 +9));
    coded.organization_code = "132063".into();
    coded.prefecture = "東京都".into();
    write(dir.path(), "府中市.ron", &coded);
    let mut plain = town("府中市", 1, datetime!(2026-12-01 09:00 +9));
    plain.prefecture = "東京都".into();
    write(dir.path(), "府中市_修正版.ron", &plain);
    write(
        dir.path(),
        "調布市.ron",
        &town("調布市", 2, datetime!(2026-11-25 10:00 +9)),
    );
    let (doc, _) = json_of(dir.path(), &[]);
    assert_eq!(doc["organizations"], 2, "府中市 counted once");
    assert_eq!(
        statuses(&doc),
        [
            ("府中市.ron", "superseded"),
            ("府中市_修正版.ron", "counted"),
            ("調布市.ron", "counted"),
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
    );
    // Two 府中市 with codes and one sheet that names neither code nor prefecture: three
    // sheets counted, the third flagged as possibly either.
    let dir = tempfile::tempdir().unwrap();
    let t = datetime!(2026-11-25 10:00 +9);
    let mut tokyo = town("府中市", 0, t);
    tokyo.organization_code = "132063".into();
    write(dir.path(), "tokyo.ron", &tokyo);
    let mut hiroshima = town("府中市", 1, t);
    hiroshima.organization_code = "342084".into();
    write(dir.path(), "hiroshima.ron", &hiroshima);
    write(dir.path(), "unknown.ron", &town("府中市", 2, t));
    let (doc, out) = json_of(dir.path(), &[]);
    assert_eq!(doc["organizations"], 3);
    let unknown = file_entry(&doc, "unknown.ron");
    assert_eq!(unknown["status"], "counted");
    assert_eq!(
        unknown["may_be_same_as"],
        serde_json::json!(["東京都府中市 (132063)", "広島県府中市 (342084)"])
    );
    assert!(
        file_entry(&doc, "tokyo.ron")["may_be_same_as"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    assert!(stderr(&out).contains("unknown.ron"), "{}", stderr(&out));
    let (text, _) = text_of(dir.path(), &[]);
    let line = received_line(&text, "unknown.ron");
    assert!(
        line.contains("同じ団体かもしれません") && line.contains("342084"),
        "{line}"
    );
}

/// Issue 20 (left over): the roster matches a sheet by its 団体コード even when the sheet
/// writes the name otherwise; the other 府中市 on the roster is missing.
#[test]
fn the_roster_matches_by_code_whatever_the_name() {
    let top = tempfile::tempdir().unwrap();
    let dir = top.path().join("sheets");
    fs::create_dir(&dir).unwrap();
    let mut s = town("東京都 府中市役所", 0, datetime!(2026-11-25 10:00 +9));
    s.organization_code = "132063".into();
    write(&dir, "fuchu.ron", &s);
    let roster = top.path().join("名簿.csv");
    fs::write(
        &roster,
        "団体コード,団体名,都道府県\n132063,府中市,東京都\n342084,府中市,広島県\n",
    )
    .unwrap();
    let (doc, _) = json_of(&dir, &["--roster", roster.to_str().unwrap()]);
    let missing = &doc["missing"];
    assert_eq!(missing.as_array().unwrap().len(), 1, "{missing}");
    assert_eq!(missing[0]["code"], "342084");
    assert!(doc["not_on_roster"].as_array().unwrap().is_empty());
}

/// A roster that names an organisation twice would count it twice among those expected (名簿
/// 3 for two organisations), and a code with a wrong check digit matches nobody (its town is
/// then both 未提出 and 名簿にない): either is refused, naming the lines, and no table is
/// written — as a sheet's wrong code is refused.
#[test]
fn a_roster_naming_one_organisation_twice_or_a_wrong_code_is_refused() {
    let top = tempfile::tempdir().unwrap();
    let dir = top.path().join("sheets");
    fs::create_dir(&dir).unwrap();
    let mut s = town("中央区", 0, datetime!(2026-11-25 10:00 +9));
    s.organization_code = "131024".into();
    write(&dir, "chuo.ron", &s);
    let out_file = top.path().join("table.json");
    let cases = [
        (
            "団体コード,団体名,都道府県\n131024,中央区,東京都\n131016,千代田区,東京都\n131024,中央区,東京都\n",
            ["4 行目", "2 行目"],
            ["line 4", "line 2"],
        ),
        (
            // The same town, once with its code and once without.
            "団体コード,団体名,都道府県\n131024,中央区,東京都\n,中央区,東京都\n",
            ["3 行目", "2 行目"],
            ["line 3", "line 2"],
        ),
        (
            "団体コード,団体名\n131024,中央区\n131017,千代田区\n",
            ["3 行目", "131017"],
            ["line 3", "131017"],
        ),
    ];
    for (text, ja, en) in cases {
        let roster = top.path().join("名簿.csv");
        fs::write(&roster, text).unwrap();
        for (lang, words) in [("ja", ja), ("en", en)] {
            let out = run(&[
                "--lang".as_ref(),
                lang.as_ref(),
                "aggregate".as_ref(),
                "--roster".as_ref(),
                roster.as_os_str(),
                "-o".as_ref(),
                out_file.as_os_str(),
                dir.as_os_str(),
            ]);
            let err = stderr(&out);
            assert_eq!(out.status.code(), Some(1), "{text}: {err}");
            for w in words {
                assert!(err.contains(w), "{text}: {w} not in {err}");
            }
            assert!(err.contains("名簿.csv"), "{err}");
            assert!(!out_file.exists(), "{text}: a table was written");
        }
    }
    // Five digits get their check digit; a line without a code and another town are fine.
    fs::write(
        top.path().join("ok.csv"),
        "団体コード,団体名,都道府県\n13102,中央区,東京都\n,千代田区,東京都\n",
    )
    .unwrap();
    let ok = top.path().join("ok.csv");
    let (doc, _) = json_of(&dir, &["--roster", ok.to_str().unwrap()]);
    assert_eq!(
        doc["missing"].as_array().unwrap().len(),
        1,
        "{}",
        doc["missing"]
    );
}

/// Issue 20 (left over): what the importer guessed or skipped when it read a table — an id
/// Excel had turned into a date, the organisation taken from the file name — is shown per
/// file in the 受付一覧 of the text, JSON and workbook outputs.
#[test]
fn the_importers_notes_are_in_the_list_of_files() {
    let dir = tempfile::tempdir().unwrap();
    let t = datetime!(2026-11-25 10:00 +9);
    write(dir.path(), "a.ron", &town("あおば市", 0, t));
    fs::write(
        dir.path().join("やま町.csv"),
        "項目番号,評価\n1月1日,3\n1-2,1\n",
    )
    .unwrap();
    let (doc, _) = json_of(dir.path(), &[]);
    let notes: Vec<&str> = file_entry(&doc, "やま町.csv")["import_notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap())
        .collect();
    assert_eq!(notes.len(), 2, "{notes:?}");
    assert!(
        notes[0].contains("1-1") && notes[0].contains("日付"),
        "{notes:?}"
    );
    assert!(notes[1].contains("やま町"), "{notes:?}");
    assert!(
        file_entry(&doc, "a.ron")["import_notes"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    let (text, _) = text_of(dir.path(), &[]);
    let line = received_line(&text, "やま町.csv");
    assert!(
        line.contains("日付") && line.contains("ファイル名"),
        "{line}"
    );
    assert_eq!(line.matches("やま町.csv").count(), 1, "{line}");
    let book = dir.path().join("out").join("集計.xlsx");
    fs::create_dir(dir.path().join("out")).unwrap();
    ok(&[
        "aggregate".as_ref(),
        "-o".as_ref(),
        book.as_os_str(),
        dir.path().join("a.ron").as_os_str(),
        dir.path().join("やま町.csv").as_os_str(),
    ]);
    let range = xlsx::sheet(&book, "受付一覧");
    let row: Vec<String> = range
        .rows()
        .find(|r| r.iter().any(|c| c.to_string().contains("やま町.csv")))
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert!(
        row.iter()
            .any(|c| c.contains("日付") && c.contains("ファイル名")),
        "{row:?}"
    );
}

/// The 受付一覧 lists every file found, however the directories nest and whatever order the
/// file system gives them in, in the byte order of the paths it prints (`a-1.ron` and `a.ron`
/// before `a/…`, as `-` and `.` before `/`), files beside directories included.
#[test]
fn the_files_are_listed_in_the_order_of_their_printed_paths() {
    let dir = tempfile::tempdir().unwrap();
    let names = [
        "b.ron",
        "a/z.ron",
        "a-1.ron",
        "a/c/d.ron",
        "a.ron",
        "a/b.ron",
        "a/c.ron",
        "A.ron",
        "町/2.ron",
        "町.ron",
        "0/1/2/3.ron",
    ];
    for (k, name) in names.iter().enumerate() {
        let path = dir.path().join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        let town = town(&format!("町{k}"), k as u64, datetime!(2026-11-25 10:00 +9));
        fs::write(&path, tenken::store::to_ron(&town)).unwrap();
    }
    let (doc, _) = json_of(dir.path(), &[]);
    let root = format!("{}/", dir.path().display());
    let listed: Vec<&str> = doc["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["file"].as_str().unwrap().strip_prefix(&root).unwrap())
        .collect();
    assert_eq!(
        listed,
        [
            "0/1/2/3.ron",
            "A.ron",
            "a-1.ron",
            "a.ron",
            "a/b.ron",
            "a/c.ron",
            "a/c/d.ron",
            "a/z.ron",
            "b.ron",
            "町.ron",
            "町/2.ron",
        ]
    );
    assert_eq!(doc["organizations"], names.len());
}

/// One file reached by several names is received once, under the first name found in the
/// order the paths were given: a folder named in two spellings (`m ./m`), a file in it named
/// as well (relative or absolute), a link to the folder, a link or a hard link beside a file.
/// Each was received under every name and listed as its own duplicate (差し替え済み), and the
/// counts, and `--strict`'s count of unreadable files, doubled.
#[test]
fn one_file_under_several_names_is_received_once() {
    let top = tempfile::tempdir().unwrap();
    let m = top.path().join("m");
    fs::create_dir(&m).unwrap();
    let t = datetime!(2026-11-25 10:00 +9);
    for (k, org) in ["塩竈市", "白石市", "名取市"].into_iter().enumerate() {
        write(&m, &format!("{org}.ron"), &town(org, k as u64, t));
    }
    fs::write(m.join("壊れた.ron"), "(format: 1, answers: {").unwrap();
    // Names beside a file's own, found after it in the folder's order.
    std::os::unix::fs::symlink("塩竈市.ron", m.join("塩竈市の写し.ron")).unwrap();
    fs::hard_link(m.join("白石市.ron"), m.join("白石市_控え.ron")).unwrap();
    std::os::unix::fs::symlink("m", top.path().join("別名")).unwrap();
    let absolute = m.join("白石市.ron");
    let files_of = |args: &[&str]| {
        let mut all = vec!["aggregate", "--format", "json"];
        all.extend(args);
        let out = tenken_in(top.path(), &all);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        assert!(!stderr(&out).contains("差し替え済み"), "{}", stderr(&out));
        let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(doc["organizations"], 3, "{args:?}");
        let mut files: Vec<String> = doc["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["file"].as_str().unwrap().to_string())
            .collect();
        files.sort();
        files
    };
    let under_m = [
        "m/名取市.ron",
        "m/塩竈市.ron",
        "m/壊れた.ron",
        "m/白石市.ron",
    ];
    for args in [
        ["m", "m"],
        ["m", "./m"],
        ["m", "./m/塩竈市.ron"],
        ["m", absolute.to_str().unwrap()],
        ["m", "別名"],
        ["m", "別名/名取市.ron"],
    ] {
        assert_eq!(files_of(&args), under_m, "{args:?}");
    }
    // The first name found is the one listed.
    assert_eq!(
        files_of(&["別名/名取市.ron", "m"]),
        [
            "m/塩竈市.ron",
            "m/壊れた.ron",
            "m/白石市.ron",
            "別名/名取市.ron"
        ]
    );
    assert_eq!(
        files_of(&["./m", "m"]),
        [
            "./m/名取市.ron",
            "./m/塩竈市.ron",
            "./m/壊れた.ron",
            "./m/白石市.ron"
        ]
    );
    // The text's count, and --strict's, as the tester saw them doubled.
    let out = tenken_in(top.path(), &["aggregate", "m", "./m"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.lines()
            .any(|l| l == "受付 4 ファイル: 集計 3、読めない 1"),
        "{text}"
    );
    let out = tenken_in(top.path(), &["aggregate", "--strict", "m", "./m"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("--strict: 集計表を書きません: 読めないファイル 1 "),
        "{}",
        stderr(&out)
    );
}

/// A symbolic link to a directory, inside a directory searched, is searched as the directory
/// itself is (it was excluded as 「回答ファイル (.ron) でも表 (.xlsx, .csv) でもありません」 and
/// its sheets never read); each directory once, however many links lead to it, so that a
/// link to an ancestor neither hangs nor counts anything twice. A link that cannot be followed
/// is unreadable, and said to be a link, not a file of another kind.
#[test]
fn a_linked_directory_is_searched_once_and_a_dangling_link_is_said_to_be_one() {
    let top = tempfile::tempdir().unwrap();
    let (d15, d3) = (top.path().join("d15"), top.path().join("x/d3"));
    fs::create_dir_all(&d15).unwrap();
    fs::create_dir_all(&d3).unwrap();
    let t = datetime!(2026-11-25 10:00 +9);
    write(&d15, "白石市.ron", &town("白石市", 0, t));
    for (k, org) in ["蔵王町", "七ヶ宿町", "大河原町"].into_iter().enumerate() {
        write(&d3, &format!("{org}.ron"), &town(org, k as u64 + 1, t));
    }
    let link = |to: &Path, name: &Path| std::os::unix::fs::symlink(to, name).unwrap();
    link(&d3, &d15.join("共有"));
    // A second link to it, a link to the folder searched, and one to an ancestor.
    link(&d3, &d15.join("共有の別名"));
    link(&d15, &d15.join("ここ"));
    link(Path::new("../.."), &d3.join("上"));
    link(&top.path().join("なくなった"), &d15.join("古い共有"));
    let out = tenken_in(top.path(), &["aggregate", "--format", "json", "d15"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let files: Vec<(&str, &str)> = doc["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["file"].as_str().unwrap(), f["status"].as_str().unwrap()))
        .collect();
    assert_eq!(
        files,
        [
            ("d15/共有/七ヶ宿町.ron", "counted"),
            ("d15/共有/大河原町.ron", "counted"),
            ("d15/共有/蔵王町.ron", "counted"),
            ("d15/古い共有", "unreadable"),
            ("d15/白石市.ron", "counted"),
        ],
        "{}",
        stderr(&out)
    );
    assert_eq!(doc["organizations"], 4);
    let said = stderr(&out);
    assert!(!said.contains("でもありません"), "{said}");
    let dangling = said
        .lines()
        .find(|l| l.starts_with("tenken: d15/古い共有: "))
        .unwrap_or_else(|| panic!("{said}"));
    assert!(
        dangling.contains("[読めない] シンボリックリンクの先") && dangling.contains("なくなった"),
        "{dangling}"
    );
    let out = tenken_in(
        top.path(),
        &["--lang", "en", "aggregate", "--format", "json", "d15"],
    );
    assert!(
        stderr(&out).contains("d15/古い共有: [unreadable] a symbolic link"),
        "{}",
        stderr(&out)
    );
}

/// A collection in which no organisation counts (`--fiscal-year` of a year nobody sent, or
/// every sheet drafts only) wrote an empty national table and exited 0, as if all were well.
/// Without a roster it is refused, each file's reason on stderr and no table written; with a
/// roster the table is written, for it names who is missing (the first day of a collection).
#[test]
fn a_collection_that_counts_nobody_is_refused_unless_a_roster_asks_who_is_missing() {
    let top = tempfile::tempdir().unwrap();
    let dir = top.path().join("sheets");
    fs::create_dir(&dir).unwrap();
    let t = datetime!(2026-11-25 10:00 +9);
    let mut s = town("東京都 府中市役所", 0, t);
    s.organization_code = "132063".into();
    write(&dir, "fuchu.ron", &s);
    let table = top.path().join("集計.xlsx");
    for lang in ["ja", "en"] {
        let out = run(&[
            "--lang".as_ref(),
            lang.as_ref(),
            "aggregate".as_ref(),
            "--fiscal-year".as_ref(),
            "2030".as_ref(),
            dir.as_os_str(),
            "-o".as_ref(),
            table.as_os_str(),
        ]);
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        assert!(!table.exists());
        let said = stderr(&out);
        assert!(said.contains("fuchu.ron"), "{said}");
        assert!(
            said.contains(if lang == "ja" {
                "集計できる団体がありません"
            } else {
                "no organization counts"
            }),
            "{said}"
        );
    }
    let roster = top.path().join("名簿.csv");
    fs::write(
        &roster,
        "団体コード,団体名,都道府県\n132063,府中市,東京都\n",
    )
    .unwrap();
    let (doc, out) = json_of(
        &dir,
        &[
            "--fiscal-year",
            "2030",
            "--roster",
            roster.to_str().unwrap(),
        ],
    );
    assert_eq!(doc["organizations"], 0);
    assert_eq!(doc["missing"][0]["code"], "132063", "{}", stderr(&out));
}

/// A prefecture's form that names the organisation on every row (a 団体名 column, not a
/// header block) was taken as the organisation its file name names, with the note
/// 「団体名がないため」; one with several towns in its rows was refused only for its
/// repeated ids. One name in the column is the sheet's; several are refused as several
/// organisations' answers, naming them, by aggregate and `new --from` alike.
#[test]
fn a_form_naming_its_organisation_on_every_row() {
    let dir = tempfile::tempdir().unwrap();
    let one = dir.path().join("提出1.csv");
    fs::write(
        &one,
        "団体コード,団体名,項目番号,評価\n072010,福島市,1-1,3\n072010,福島市,1-2,1\n",
    )
    .unwrap();
    // One organisation written three ways, its code with and without the check digit.
    let spaced = dir.path().join("提出2.csv");
    fs::write(
        &spaced,
        "団体コード,団体名,項目番号,評価\n13101,かわ町,1-1,3\n131016,かわ　町,1-2,1\n131016, かわ町,1-3,2\n",
    )
    .unwrap();
    let many = dir.path().join("県まとめ.csv");
    fs::write(
        &many,
        "団体名,項目番号,評価\nかわ町,1-1,3\nかわ町,1-2,1\nやま村,1-1,2\nうみ町,1-1,1\n",
    )
    .unwrap();
    let (doc, out) = json_of(dir.path(), &[]);
    let e = file_entry(&doc, "提出1.csv");
    assert_eq!(e["status"], "counted", "{}", stderr(&out));
    assert_eq!(
        (e["organization"].as_str(), e["code"].as_str()),
        (Some("福島市"), Some("072010"))
    );
    assert!(
        !e["import_notes"].to_string().contains("団体名がない"),
        "{e}"
    );
    let e = file_entry(&doc, "提出2.csv");
    assert_eq!(e["status"], "counted", "{e}");
    assert_eq!(
        (e["organization"].as_str(), e["code"].as_str()),
        (Some("かわ町"), Some("131016"))
    );
    let e = file_entry(&doc, "県まとめ.csv");
    assert_eq!(e["status"], "unreadable");
    let why = e["error"].as_str().unwrap();
    assert!(
        why.contains("3 団体の回答があります (かわ町、やま村、うみ町)"),
        "{why}"
    );
    let made = dir.path().join("r8.ron");
    let o = run(&[
        "new".as_ref(),
        made.as_os_str(),
        "--fiscal-year".as_ref(),
        "R8".as_ref(),
        "--from".as_ref(),
        one.as_os_str(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let sheet = tenken::store::load_sheet(&made).unwrap();
    assert_eq!(
        (
            sheet.organization.as_str(),
            sheet.organization_code.as_str()
        ),
        ("福島市", "072010")
    );
    let o = run(&[
        "--lang".as_ref(),
        "en".as_ref(),
        "new".as_ref(),
        dir.path().join("x.ron").as_os_str(),
        "--fiscal-year".as_ref(),
        "R8".as_ref(),
        "--from".as_ref(),
        many.as_os_str(),
    ]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("the answers of 3 organizations (かわ町, やま村, うみ町)"),
        "{}",
        stderr(&o)
    );
}

/// Two files of one organisation with the same updated time (a sheet and its copy, a report
/// CSV edited by hand that kept its 更新) were decided by the order of their paths without a
/// word: both lines say so, and how to choose.
#[test]
fn a_tie_of_updated_times_is_said() {
    let dir = tempfile::tempdir().unwrap();
    let t = datetime!(2026-11-25 10:00 +9);
    write(dir.path(), "かわ町_a.ron", &town("かわ町", 1, t));
    write(dir.path(), "かわ町_b.ron", &town("かわ町", 2, t));
    write(dir.path(), "やま町_a.ron", &town("やま町", 3, t));
    write(
        dir.path(),
        "やま町_b.ron",
        &town("やま町", 4, datetime!(2026-11-26 10:00 +9)),
    );
    let (text, out) = text_of(dir.path(), &[]);
    for (file, status) in [
        ("かわ町_a.ron", "[差し替え済み]"),
        ("かわ町_b.ron", "[集計]"),
    ] {
        let line = received_line(&text, &format!("{file} (回答ファイル)"));
        assert!(line.contains(status), "{line}\n{}", stderr(&out));
        assert!(
            line.contains("同じ団体の別のファイルと更新日時が同じため、パスの順で後のものを集計しました (--prefer で選べます)"),
            "{line}"
        );
    }
    for file in ["やま町_a.ron", "やま町_b.ron"] {
        let line = received_line(&text, &format!("{file} (回答ファイル)"));
        assert!(!line.contains("更新日時が同じ"), "{line}");
    }
    let (text, _) = text_of(dir.path(), &["--lang", "en"]);
    assert!(
        text.contains("the same updated time as another file of the organization: the later by path counts (--prefer chooses)"),
        "{text}"
    );
    // For machines too: the JSON's file entries say which were decided by their paths.
    let (doc, _) = json_of(dir.path(), &[]);
    for (file, tied) in [
        ("かわ町_a.ron", true),
        ("かわ町_b.ron", true),
        ("やま町_a.ron", false),
        ("やま町_b.ron", false),
    ] {
        let e = file_entry(&doc, file);
        assert_eq!(e["tied"].as_bool().unwrap_or(false), tied, "{e}");
    }
}

/// かわ町's sheet at `t` twice in `dir`: as kept (かわ町_a.ron) and the copy `sign` sealed
/// (かわ町_0signed.ron, the earlier by path), of the same updated time.
fn signed_and_unsigned(dir: &Path, t: OffsetDateTime) {
    let mut signed = town("かわ町", 1, t);
    signed.approver = "課長 山田".into();
    signed.inspected_on = "2026-11-25".into();
    write(dir, "かわ町_a.ron", &signed);
    tenken::seal::sign(&mut signed);
    write(dir, "かわ町_0signed.ron", &signed);
}

/// A town that keeps its sheet and sends the copy `sign` sealed (sign does not change the
/// updated time) had the later by path counted: `かわ町_signed.ron` lost to `かわ町.ron`
/// with a note to choose with --prefer, and the table lost its 照合番号. A copy whose seal
/// still matches counts before the same sheet unsigned, and no tie is said.
#[test]
fn a_signed_copy_counts_before_the_same_sheet_unsigned() {
    let dir = tempfile::tempdir().unwrap();
    let t = datetime!(2026-11-25 10:00 +9);
    signed_and_unsigned(dir.path(), t);
    let (text, out) = text_of(dir.path(), &[]);
    let line = received_line(&text, "かわ町_0signed.ron (回答ファイル)");
    assert!(line.contains("[集計]"), "{line}\n{}", stderr(&out));
    assert!(!line.contains("パスの順"), "no tie: {line}");
    let line = received_line(&text, "かわ町_a.ron (回答ファイル)");
    assert!(line.contains("[差し替え済み]"), "{line}");
    assert!(!line.contains("更新日時が同じ"), "{line}");
    let (doc, _) = json_of(dir.path(), &[]);
    let e = file_entry(&doc, "かわ町_0signed.ron");
    assert!(e["seal"]["number"].is_string(), "{e}");
    assert!(!e["tied"].as_bool().unwrap_or(false), "{e}");
}

/// Which of an organisation's files counts was said only where their times tied: a signed
/// copy counted before the same sheet unsigned, and a file chosen with --prefer over a newer
/// one, were counted without a word why, so the record read as a newer submission silently
/// replaced by an older one. The counted file's line says what chose it; the JSON has
/// `chosen_by`.
#[test]
fn the_line_of_the_counted_file_says_what_chose_it_over_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let t = datetime!(2026-11-25 10:00 +9);
    signed_and_unsigned(dir.path(), t);
    write(dir.path(), "うみ町.ron", &town("うみ町", 2, t));
    write(
        dir.path(),
        "うみ町_修正版.ron",
        &town("うみ町", 3, datetime!(2026-11-26 10:00 +9)),
    );
    let older = dir.path().join("うみ町.ron");
    let prefer = ["--prefer", older.to_str().unwrap()];
    let (text, out) = text_of(dir.path(), &prefer);
    let line = received_line(&text, "かわ町_0signed.ron (回答ファイル)");
    assert!(
        line.contains("同じ団体の署名前のファイルと更新日時が同じため、照合番号が一致するこのファイルを集計しました"),
        "{line}\n{}",
        stderr(&out)
    );
    let line = received_line(&text, "うみ町.ron (回答ファイル)");
    assert!(line.contains("[集計]"), "{line}");
    assert!(
        line.contains("--prefer で指定されたため、更新日時によらず集計しました"),
        "{line}"
    );
    let line = received_line(&text, "うみ町_修正版.ron (回答ファイル)");
    assert!(!line.contains("--prefer"), "{line}");
    let (doc, _) = json_of(dir.path(), &prefer);
    assert_eq!(file_entry(&doc, "かわ町_0signed.ron")["chosen_by"], "seal");
    assert_eq!(file_entry(&doc, "うみ町.ron")["chosen_by"], "prefer");
    for f in ["かわ町_a.ron", "うみ町_修正版.ron"] {
        assert!(file_entry(&doc, f).get("chosen_by").is_none(), "{f}");
    }
    // Without --prefer the newer counts, as always, and nothing is said of a choice.
    let (text, _) = text_of(dir.path(), &[]);
    let line = received_line(&text, "うみ町_修正版.ron (回答ファイル)");
    assert!(
        line.contains("[集計]") && !line.contains("--prefer"),
        "{line}"
    );
    let (doc, _) = json_of(dir.path(), &[]);
    assert!(
        file_entry(&doc, "うみ町_修正版.ron")
            .get("chosen_by")
            .is_none()
    );
    // In English.
    let out = tenken(&[
        "--lang".as_ref(),
        "en".as_ref(),
        "aggregate".as_ref(),
        "--prefer".as_ref(),
        older.as_os_str(),
        dir.path().as_os_str(),
    ]);
    let text = String::from_utf8(out.stdout).unwrap();
    for w in [
        "named by --prefer: counted whatever its updated time",
        "the same updated time as an unsigned file of the organization: this one, whose seal matches, counts",
    ] {
        assert!(text.contains(w), "{w}\n{text}");
    }
}

/// A report workbook marks an unanswered item flagged (`f` before an answer) 付箋 on its
/// row; read back, that row was said to be 「評価がないため、未回答の項目のメモとして読みました」
/// though nothing is written on it: only a row with text is said to be read as notes.
#[test]
fn a_workbook_row_flagged_without_an_answer_is_not_said_to_be_notes() {
    let dir = tempfile::tempdir().unwrap();
    let mut sheet = town("かわ町", 1, datetime!(2026-11-25 10:00 +9));
    for id in ["2-3", "9-2"] {
        sheet.answers.remove(id);
    }
    sheet.notes.insert(
        "2-3".into(),
        tenken::sheet::Notes {
            flagged: true,
            ..Default::default()
        },
    );
    sheet.notes.insert(
        "9-2".into(),
        tenken::sheet::Notes {
            comment: "協議中".into(),
            ..Default::default()
        },
    );
    report_only(dir.path(), &sheet, "かわ町.xlsx");
    let (_, out) = text_of(dir.path(), &[]);
    let said = stderr(&out);
    assert!(said.contains("項目 9-2 は評価 (0〜3) がないため"), "{said}");
    assert!(!said.contains("項目 2-3"), "{said}");
}

/// A town that sends the same sheet twice (a mail sent again, a copy beside the original)
/// was told its two files tied on their time and that it could choose with --prefer, though
/// either gives the same table: a tie between files whose counted contents are the same says
/// so, and no choice is offered; the JSON says it too.
#[test]
fn a_tie_between_files_of_the_same_contents_offers_no_choice() {
    let dir = tempfile::tempdir().unwrap();
    let t = datetime!(2026-11-25 10:00 +9);
    write(dir.path(), "かわ町_a.ron", &town("かわ町", 1, t));
    write(dir.path(), "かわ町_b.ron", &town("かわ町", 1, t));
    // The same answers, but one plan's action written otherwise: the choice is real.
    write(dir.path(), "やま町_a.ron", &town("やま町", 1, t));
    let mut other = town("やま町", 1, t);
    let below = other
        .answers
        .values_mut()
        .find(|a| a.score.value() < 3)
        .unwrap();
    below.plan = Some(Plan {
        action: "別の計画".into(),
        ..Plan::default()
    });
    write(dir.path(), "やま町_b.ron", &other);
    let (text, out) = text_of(dir.path(), &[]);
    for file in ["やま町_a.ron", "やま町_b.ron"] {
        let line = received_line(&text, &format!("{file} (回答ファイル)"));
        assert!(line.contains("(--prefer で選べます)"), "{line}");
    }
    for file in ["かわ町_a.ron", "かわ町_b.ron"] {
        let line = received_line(&text, &format!("{file} (回答ファイル)"));
        assert!(
            line.contains("同じ団体の別のファイルと更新日時も集計する内容も同じです (どちらを集計しても表は同じ)"),
            "{line}\n{}",
            stderr(&out)
        );
        assert!(!line.contains("--prefer"), "{line}");
    }
    let (text, _) = text_of(dir.path(), &["--lang", "en"]);
    assert!(
        text.contains("the same updated time and the same contents as another file of the organization (either gives the same table)"),
        "{text}"
    );
    let (doc, _) = json_of(dir.path(), &[]);
    for (file, same) in [
        ("かわ町_a.ron", Some(true)),
        ("かわ町_b.ron", Some(true)),
        ("やま町_a.ron", None),
        ("やま町_b.ron", None),
    ] {
        let e = file_entry(&doc, file);
        assert_eq!(e["tied"].as_bool(), Some(true), "{e}");
        assert_eq!(e["same_contents"].as_bool(), same, "{e}");
    }
}

/// A reason of several lines (the headers a table was searched for and those it has) was
/// joined into one line with runs of spaces on stderr; a counted sheet's notes (its time set
/// aside, a tie) were not said there at all.
#[test]
fn stderr_keeps_a_reasons_lines_and_says_a_counted_sheets_notes() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "a.ron",
        &town("あおば市", 0, datetime!(2099-01-01 09:00 +9)),
    );
    let old = dir.path().join("あおば市_前回.csv");
    fs::write(&old, "団体名,あおば市\n項目番号,評価\n1-1,1\n").unwrap();
    touch(&old, datetime!(2026-11-01 09:00 +9));
    fs::write(dir.path().join("メモ.csv"), "番号,設問,結果\n1-1,…,3\n").unwrap();
    let out = run(&["aggregate".as_ref(), dir.path().as_os_str()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let said = stderr(&out);
    assert!(
        said.contains("がありません\n  見つかった見出し:\n  番号 / 設問 / 結果\n"),
        "{said}"
    );
    assert!(
        said.lines()
            .any(|l| l.contains("a.ron: [集計]") && l.contains("未来の時刻")),
        "{said}"
    );
}

/// The year of a collection where files name none: a superseded table without 年度 lost the
/// note its counted twin has; a folder whose only files name no year printed 「0年度」; and
/// with nobody counted but a roster, the 年度 line was empty.
#[test]
fn the_year_is_said_where_no_file_gives_it() {
    let dir = tempfile::tempdir().unwrap();
    let form = dir.path().join("かわ町_様式.csv");
    fs::write(&form, "団体名,かわ町\n項目番号,評価\n1-1,1\n").unwrap();
    touch(&form, datetime!(2026-11-01 09:00 +9));
    let (text, out) = text_of(dir.path(), &[]);
    assert!(text.contains("年度: 年度不明 (1)"), "{text}");
    assert!(
        received_line(&text, "かわ町_様式.csv (CSV)").contains("年度不明として数えました"),
        "{text}\n{}",
        stderr(&out)
    );
    write(
        dir.path(),
        "かわ町.ron",
        &town("かわ町", 1, datetime!(2026-11-25 10:00 +9)),
    );
    let (text, _) = text_of(dir.path(), &[]);
    let line = received_line(&text, "かわ町_様式.csv (CSV)");
    assert!(line.contains("[差し替え済み]"), "{line}");
    assert!(
        line.contains("年度の記載がないため、令和8年度の提出として数えました"),
        "{line}"
    );
    // Nobody counted (the form would be 2030's: only the sheet is left), a roster given.
    fs::remove_file(&form).unwrap();
    let roster = tempfile::NamedTempFile::with_suffix(".csv").unwrap();
    fs::write(roster.path(), "団体名\nかわ町\n").unwrap();
    let (text, _) = text_of(
        dir.path(),
        &[
            "--fiscal-year",
            "2030",
            "--roster",
            roster.path().to_str().unwrap(),
        ],
    );
    assert!(text.contains("年度: 令和12年度 (0)"), "{text}");
}

/// A catalog left in the folder (the one given with --catalog, say) was listed unreadable
/// with 「`Catalog` は名前として正しくありません」, failing --strict: it is excluded as a
/// catalog, not an organisation's answers.
#[test]
fn a_catalog_in_the_folder_is_excluded_as_a_catalog() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "a.ron",
        &town("あおば市", 0, datetime!(2026-11-25 10:00 +9)),
    );
    let catalog = fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/mini-catalog.ron"
    ))
    .unwrap();
    fs::write(dir.path().join("mini-catalog.ron"), &catalog).unwrap();
    // One opening with a block comment and RON's extension line, as a hand-kept one may.
    fs::write(
        dir.path().join("next-year.ron"),
        format!("/* 来年度用\n   重要点検項目の見直し */\n#![enable(implicit_some)]\n{catalog}"),
    )
    .unwrap();
    let (doc, out) = json_of(dir.path(), &["--strict"]);
    for file in ["mini-catalog.ron", "next-year.ron"] {
        let e = file_entry(&doc, file);
        assert_eq!(
            (e["status"].as_str(), e["reason"].as_str()),
            (Some("excluded"), Some("catalog")),
            "{file}: {}",
            stderr(&out)
        );
    }
    assert!(stderr(&out).contains("点検票 (カタログ) ファイルで、団体の回答ではありません"));
}

/// The first day of a collection: nothing handed in yet, or only files that are no sheet (a
/// cover letter, a file that cannot be read). The guide promises that with `--roster` the
/// table is written, since it names who is missing; such a folder was refused
/// (「指定したパスに…ありません」, 「どのファイルも使えませんでした」). Without a roster
/// there is still no table to write.
#[test]
fn on_the_first_day_a_roster_lists_everyone_missing() {
    let top = tempfile::tempdir().unwrap();
    let dir = top.path().join("提出");
    fs::create_dir(&dir).unwrap();
    let roster = top.path().join("名簿.csv");
    fs::write(
        &roster,
        "団体コード,団体名,都道府県\n132063,府中市,東京都\n131016,千代田区,東京都\n",
    )
    .unwrap();
    let with_roster = ["--roster", roster.to_str().unwrap()];
    let missing = |doc: &Value| -> Vec<String> {
        let mut v: Vec<String> = doc["missing"]
            .as_array()
            .unwrap_or_else(|| panic!("no missing list: {doc}"))
            .iter()
            .map(|m| m["code"].as_str().unwrap().to_string())
            .collect();
        v.sort();
        v
    };
    // An empty folder.
    let (doc, _) = json_of(&dir, &with_roster);
    assert_eq!(doc["organizations"], 0);
    assert_eq!(missing(&doc), ["131016", "132063"]);
    let (text, _) = text_of(&dir, &with_roster);
    assert!(text.contains("年度: 年度不明 (0)"), "{text}");
    assert!(text.lines().any(|l| l == "受付 0 ファイル"), "{text}");
    let (text, _) = text_of(&dir, &["--fiscal-year", "2026", "--roster", with_roster[1]]);
    assert!(text.contains("未提出"), "{text}");
    assert!(
        text.contains("千代田区") && text.contains("府中市"),
        "{text}"
    );
    assert!(text.contains("年度: 令和8年度 (0)"), "{text}");
    // A cover letter and a file that cannot be read: each accounted for, everyone missing.
    fs::write(dir.join("送付状.txt"), "府中市から追って送付します\n").unwrap();
    fs::write(dir.join("壊れた.ron"), "(format: 1, answers: {").unwrap();
    let (doc, _) = json_of(&dir, &with_roster);
    assert_eq!(missing(&doc), ["131016", "132063"]);
    assert_eq!(
        statuses(&doc),
        [
            ("壊れた.ron".to_string(), "unreadable".to_string()),
            ("送付状.txt".to_string(), "excluded".to_string()),
        ]
    );
    let table = top.path().join("集計.xlsx");
    let out = run(&[
        "aggregate".as_ref(),
        "--roster".as_ref(),
        roster.as_os_str(),
        dir.as_os_str(),
        "-o".as_ref(),
        table.as_os_str(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let said = stderr(&out);
    assert!(
        said.contains("壊れた.ron") && said.contains("送付状.txt"),
        "{said}"
    );
    assert!(table.exists());
    // Without a roster: no table, and the reason.
    for folder in [&dir, &top.path().join("空")] {
        fs::create_dir_all(folder).unwrap();
        let out = run(&["aggregate".as_ref(), folder.as_os_str()]);
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        assert!(out.stdout.is_empty());
    }
}

/// A table in which nobody counted (a roster's first day) kept its year only in its 年度 line;
/// read back by `--previous-aggregate` from the workbook, it was 「前回」, not 令和7年度:
/// the year was taken from the 受付一覧's counted rows alone. (The JSON keeps the year.)
#[test]
fn a_first_day_workbook_read_back_as_last_years_table_keeps_its_year() {
    let top = tempfile::tempdir().unwrap();
    let empty = top.path().join("R7");
    fs::create_dir(&empty).unwrap();
    let roster = top.path().join("名簿.csv");
    fs::write(&roster, "団体名\nかわ町\n").unwrap();
    let last = top.path().join("R7集計.xlsx");
    for lang in ["ja", "en"] {
        let _ = fs::remove_file(&last);
        ok(&[
            "--lang".as_ref(),
            lang.as_ref(),
            "aggregate".as_ref(),
            "--fiscal-year".as_ref(),
            "2025".as_ref(),
            "--roster".as_ref(),
            roster.as_os_str(),
            empty.as_os_str(),
            "-o".as_ref(),
            last.as_os_str(),
        ]);
        let this = top.path().join("R8");
        fs::create_dir_all(&this).unwrap();
        write(
            &this,
            "かわ町.ron",
            &town("かわ町", 1, datetime!(2026-11-25 10:00 +9)),
        );
        let (text, out) = text_of(&this, &["--previous-aggregate", last.to_str().unwrap()]);
        assert!(text.contains("R7→R8 向上値"), "{lang}: {text}");
        assert!(
            !stderr(&out).contains("前年度のものではありません"),
            "{}",
            stderr(&out)
        );
    }
}

/// A prefecture none of whose organisations has handed in has no averages: the CSV's
/// `prefectures` block leaves those cells empty, as the item rows leave an average nobody
/// answered, where it wrote 「-」 (a number column with a dash a spreadsheet reads as text).
#[test]
fn a_prefecture_with_nobody_counted_has_empty_averages_in_the_csv() {
    let top = tempfile::tempdir().unwrap();
    let dir = top.path().join("令和8年度");
    fs::create_dir(&dir).unwrap();
    write(
        &dir,
        "あおば市.ron",
        &town("あおば市", 0, datetime!(2026-11-25 10:00 +9)),
    );
    let roster = top.path().join("名簿.csv");
    fs::write(
        &roster,
        "団体コード,団体名,都道府県\n,あおば市,宮城県\n,そら村,山形県\n",
    )
    .unwrap();
    let out = ok(&[
        "aggregate".as_ref(),
        "--format".as_ref(),
        "csv".as_ref(),
        "--no-bom".as_ref(),
        "--roster".as_ref(),
        roster.as_os_str(),
        dir.as_os_str(),
    ]);
    let csv = String::from_utf8(out.stdout).unwrap();
    let block = csv
        .split("\nprefectures\n")
        .nth(1)
        .unwrap_or_else(|| panic!("a prefectures block\n{csv}"));
    let row = |name: &str| {
        block
            .lines()
            .find(|l| l.starts_with(&format!("{name},")))
            .unwrap_or_else(|| panic!("{name} in the prefectures block\n{csv}"))
            .split(',')
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    let miyagi = row("宮城県");
    assert!(miyagi[4].parse::<f64>().is_ok(), "{miyagi:?}");
    let yamagata = row("山形県");
    assert_eq!(yamagata.len(), miyagi.len());
    assert_eq!(yamagata[..4], ["山形県", "0", "1", "1"], "{yamagata:?}");
    assert!(yamagata[4..].iter().all(String::is_empty), "{yamagata:?}");
}

/// English counts of one are singular: 「1 file received」, 「1 organisation counted」,
/// 「1 draft not counted」 (they said 「1 files」, 「1 organisations」, 「1 drafts」).
#[test]
fn english_counts_of_one_are_singular() {
    let top = tempfile::tempdir().unwrap();
    let mut one = town("あおば市", 0, datetime!(2026-11-25 10:00 +9));
    one.answers.values_mut().next().unwrap().unconfirmed = true;
    write(top.path(), "あおば市.ron", &one);
    let out = ok(&[
        "--lang".as_ref(),
        "en".as_ref(),
        "aggregate".as_ref(),
        top.path().as_os_str(),
    ]);
    let err = stderr(&out);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("1 file received: counted 1"), "{text}");
    assert!(
        err.contains("tenken: 1 organization counted / 1 file received: counted 1"),
        "{err}"
    );
    assert!(err.contains("1 draft not counted (1-1)"), "{err}");
    // The header's count of files not read is named for what it counts.
    assert!(text.contains("Unreadable files: 0"), "{text}");
    // check: one item unanswered; new --from: one answer carried.
    let mut gap = town("うみ町", 1, datetime!(2026-11-25 10:00 +9));
    gap.answers.remove("1-1");
    let gap = write(top.path(), "gap.ron", &gap);
    let en = |args: &[&std::ffi::OsStr]| {
        let mut all: Vec<&std::ffi::OsStr> = vec!["--lang".as_ref(), "en".as_ref()];
        all.extend(args);
        let out = run(&all);
        format!("{}{}", String::from_utf8_lossy(&out.stdout), stderr(&out))
    };
    let checked = en(&["check".as_ref(), gap.as_os_str()]);
    assert!(
        checked.contains("1 applicable item unanswered: 1-1"),
        "{checked}"
    );
    let mut single = town("そら村", 2, datetime!(2025-11-25 10:00 +9));
    single.fiscal_year = 2025;
    single.answers.retain(|id, _| id == "1-2");
    let single = write(top.path(), "single.ron", &single);
    let next = top.path().join("next.ron");
    let carried = en(&[
        "new".as_ref(),
        "--from".as_ref(),
        single.as_os_str(),
        "--dry-run".as_ref(),
        next.as_os_str(),
    ]);
    assert!(
        carried.contains("1 answer carried over as a draft"),
        "{carried}"
    );
    for wrong in [
        "1 files",
        "1 organizations",
        "1 drafts",
        "1 findings",
        "1 applicable items",
        "1 answers",
        "1 new items",
        "1 removed items",
    ] {
        for said in [&text, &err, &checked, &carried] {
            assert!(!said.contains(wrong), "{wrong}\n{said}");
        }
    }
}

/// A sheet named 「宮城県富谷市」 with no 都道府県 of its own is 宮城県's (the identity, the
/// 都道府県別 count and `counted[]` say so), but the list of files (JSON `files[]`, the CSV's
/// `files` block, the workbook's 受付一覧) gave it an empty 都道府県: every list says the
/// prefecture it was counted under.
#[test]
fn a_prefecture_in_the_name_is_the_files_prefecture_in_every_list() {
    let dir = tempfile::tempdir().unwrap();
    let t = datetime!(2026-11-25 10:00 +9);
    write(dir.path(), "tomiya.ron", &town("宮城県富谷市", 1, t));
    let (doc, _) = json_of(dir.path(), &[]);
    assert_eq!(
        doc["counted"][0]["prefecture"], "宮城県",
        "{}",
        doc["counted"]
    );
    assert_eq!(file_entry(&doc, "tomiya.ron")["prefecture"], "宮城県");
    let out = ok(&[
        "aggregate".as_ref(),
        "--format".as_ref(),
        "csv".as_ref(),
        dir.path().as_os_str(),
    ]);
    let csv = String::from_utf8(out.stdout).unwrap();
    let row = csv
        .lines()
        .find(|l| l.contains("tomiya.ron"))
        .unwrap_or_else(|| panic!("{csv}"));
    assert!(row.contains(",宮城県富谷市,宮城県,"), "{row}");
}

/// The 要フォローアップ sheet's 項目 (点数) cell was one long line that the printing program
/// wrapped where it could, after a hyphen too: 「… 7-5=2, 11-」 / 「3=1, …」, where 「3=1」
/// reads as item 3 at 1. The cell breaks its lines itself, between items only, each line well
/// within the column.
#[test]
fn the_follow_up_items_break_between_items_never_inside_one() {
    let dir = tempfile::tempdir().unwrap();
    let mut sheet = town("かわ町", 1, datetime!(2026-11-25 10:00 +9));
    for a in sheet.answers.values_mut() {
        a.score = tenken::sheet::Score::NotInPlace;
        a.plan = None;
    }
    write(dir.path(), "かわ町.ron", &sheet);
    let book = dir.path().join("集計表.xlsx");
    ok(&[
        "aggregate".as_ref(),
        dir.path().as_os_str(),
        "-o".as_ref(),
        book.as_os_str(),
    ]);
    let range = xlsx::sheet(&book, "要フォローアップ");
    let (at, body) = xlsx::table(&range, "団体名");
    let col = xlsx::column(&range, at, "項目 (点数)");
    let cell = body[0][col].to_string();
    let lines: Vec<&str> = cell.lines().collect();
    assert!(lines.len() > 1, "{cell}");
    for line in &lines {
        assert!(
            unicode_width::UnicodeWidthStr::width(*line) <= 44,
            "a line within the column's 50: {line}"
        );
        for entry in line.trim_end_matches(',').split(", ") {
            let (id, score) = entry.split_once('=').unwrap_or_else(|| panic!("{line}"));
            let (a, b) = id.split_once('-').unwrap_or_else(|| panic!("{line}"));
            assert!(
                a.parse::<u32>().is_ok() && b.parse::<u32>().is_ok(),
                "{entry} in {line}"
            );
            assert!(score == "1" || score == "未回答", "{entry}");
        }
    }
    // So do the ids of its 改善計画なし, within that column's 30.
    let col = xlsx::column(&range, at, "改善計画なし");
    let cell = body[0][col].to_string();
    assert!(cell.lines().count() > 1, "{cell}");
    for line in cell.lines() {
        assert!(
            unicode_width::UnicodeWidthStr::width(line) <= 24,
            "a line within the column's 30: {line}"
        );
        for id in line.trim_end_matches(',').split(", ") {
            let (a, b) = id
                .split_once('-')
                .unwrap_or_else(|| panic!("{id} in {line}"));
            assert!(a.parse::<u32>().is_ok() && b.parse::<u32>().is_ok(), "{id}");
        }
    }
    // The 改善計画一覧's marks, a mark a line, as the report's 改善計画書 has them.
    let range = xlsx::sheet(&book, "改善計画一覧");
    let (at, body) = xlsx::table(&range, "団体名");
    let col = xlsx::column(&range, at, "状況");
    assert!(!body.is_empty());
    for r in &body {
        let marks = r[col].to_string();
        assert!(!marks.contains('・'), "{marks}");
    }
}
