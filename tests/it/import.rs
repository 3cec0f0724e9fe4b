//! Issue 20.7: `new --from` takes the workbooks and CSV files prefectures circulate — the
//! ministry's headers, full-width ids, headings between items, dropdown scores, ids Excel made
//! dates or numbers — with the right scores, and explains what it refuses.

use std::path::Path;

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use tenken::sheet::Score;

use crate::util::cli::{p, stderr, tenken};

/// One cell of a built workbook.
enum C<'a> {
    T(&'a str),
    N(f64),
    /// A date as Excel keeps a typed `1-1`: a date with a 月日 format.
    D(u16, u8, u8),
}

fn build(path: &Path, rows: &[Vec<C>]) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("点検票").unwrap();
    let date = Format::new().set_num_format("m\"月\"d\"日\"");
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            match cell {
                C::T("") => {}
                C::T(t) => {
                    ws.write_string(r, c, *t).unwrap();
                }
                C::N(n) => {
                    ws.write_number(r, c, *n).unwrap();
                }
                C::D(y, m, d) => {
                    let dt = ExcelDateTime::from_ymd(*y, *m, *d).unwrap();
                    ws.write_datetime_with_format(r, c, &dt, &date).unwrap();
                }
            }
        }
    }
    wb.save(path).unwrap();
}

/// `tenken new` from `table`; the sheet made, and what `new` printed.
fn import(dir: &Path, table: &Path) -> (tenken::sheet::Sheet, String) {
    let out = dir.join("r8.ron");
    let _ = std::fs::remove_file(&out);
    let o = tenken(&["new", p(&out), "--fiscal-year", "R8", "--from", p(table)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let sheet = tenken::store::load_sheet(&out).unwrap();
    (sheet, String::from_utf8_lossy(&o.stdout).into_owned())
}

fn scores(sheet: &tenken::sheet::Sheet) -> Vec<(String, Score)> {
    sheet
        .answers
        .iter()
        .map(|(id, a)| (id.clone(), a.score))
        .collect()
}

fn expect(pairs: &[(&str, Score)]) -> Vec<(String, Score)> {
    pairs.iter().map(|(id, s)| (id.to_string(), *s)).collect()
}

#[test]
fn the_ministrys_form_with_full_width_ids_headings_and_dropdown_scores() {
    use C::{N, T};
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("aoba.xlsx");
    build(
        &book,
        &[
            vec![T(
                "住民基本台帳ネットワークシステム セキュリティ対策 自己点検票",
            )],
            vec![T("団体名"), T("あおば市")],
            vec![],
            vec![
                T("大分類"),
                T("小項目番号"),
                T("点検項目"),
                T("回答（３・２・１・０）"),
                T("備考"),
            ],
            vec![T("【大分類1】"), T("【大分類1】"), T("セキュリティ組織")],
            vec![T(""), T("管理目標"), T("責任体制を明確にする")],
            vec![T(""), T("１－１"), T("…"), T("３"), T("規程あり")],
            vec![T(""), T("１－２"), T("…"), T("3.0")],
            vec![T(""), T("1-3"), T("…"), T("3：運用している")],
            vec![T(""), T("1-4"), T("…"), T("3:運用している")],
            vec![T(""), T("1-5"), T("…"), T("３（運用している）")],
            vec![T(""), T("1-6"), T("…"), T("整備していない")],
            vec![T("【大分類2】"), T("2"), T("…")],
            vec![T(""), T("２－１"), T("…"), N(2.0)],
        ],
    );
    let (sheet, _) = import(dir.path(), &book);
    use Score::*;
    assert_eq!(
        scores(&sheet),
        expect(&[
            ("1-1", Operating),
            ("1-2", Operating),
            ("1-3", Operating),
            ("1-4", Operating),
            ("1-5", Operating),
            ("1-6", NotInPlace),
            ("2-1", Documented),
        ])
    );
    assert_eq!(sheet.answers["1-1"].comment, "規程あり");
    assert_eq!(sheet.organization, "あおば市");
}

#[test]
fn ids_excel_made_dates_or_numbers_are_taken_back_and_said_so() {
    use C::{D, N, T};
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("dates.xlsx");
    build(
        &book,
        &[
            vec![T("団体名：さくら村")],
            vec![T("No."), T("点検項目"), T("評価点")],
            // 1-1 typed in 2026: 1 January.
            vec![D(2026, 1, 1), T("…"), N(3.0)],
            vec![T("1-2"), T("…"), N(2.0)],
            // 1.3 typed as it is numbered in some forms: a number.
            vec![N(1.3), T("…"), N(1.0)],
            // 12-1 typed in 2026, the date's format lost: 46357.
            vec![N(46357.0), T("…"), N(0.0)],
            // 13-1: no 13th month, so Excel took it for January 2013.
            vec![D(2013, 1, 1), T("…"), N(3.0)],
        ],
    );
    let (sheet, out) = import(dir.path(), &book);
    use Score::*;
    assert_eq!(
        scores(&sheet),
        expect(&[
            ("1-1", Operating),
            ("1-2", Documented),
            ("1-3", NotInPlace),
            ("12-1", NotApplicable),
            ("13-1", Operating),
        ])
    );
    assert!(
        out.contains(
            "項目番号 1-1 が Excel で日付 (「2026/1/1」) に変えられていました。1-1 として読みました"
        ),
        "{out}"
    );
    assert!(out.contains("12-1 が Excel で日付 (「46357」)"), "{out}");
    assert!(out.contains("1-3 が Excel で数値 (「1.3」)"), "{out}");
    let o = tenken(&[
        "--lang",
        "en",
        "new",
        p(&dir.path().join("en.ron")),
        "--fiscal-year",
        "R8",
        "--from",
        p(&book),
    ]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("1-1 was turned into a date by Excel (\"2026/1/1\"); read as 1-1"),
        "{out}"
    );
}

#[test]
fn a_csv_with_the_prefectures_headers_and_dropdown_values() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("town.csv");
    std::fs::write(
        &csv,
        "\u{feff}団体名,みどり町\n項番,点検項目,評価\n【大分類1】,,\n１－１,…,3：運用している\n1-2,…,２\n1-3,…,0（該当しない）\n",
    )
    .unwrap();
    let (sheet, _) = import(dir.path(), &csv);
    use Score::*;
    assert_eq!(
        scores(&sheet),
        expect(&[
            ("1-1", Operating),
            ("1-2", Documented),
            ("1-3", NotApplicable)
        ])
    );
    assert_eq!(sheet.organization, "みどり町");
}

#[test]
fn refusals_list_the_headers_found_and_show_cells_as_written() {
    use C::T;
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("odd.xlsx");
    build(
        &book,
        &[
            vec![T("点検票")],
            vec![T("No"), T("設問"), T("結果")],
            vec![T("1-1"), T("…"), T("3")],
        ],
    );
    let o = tenken(&[
        "new",
        p(&dir.path().join("a.ron")),
        "--fiscal-year",
        "R8",
        "--from",
        p(&book),
    ]);
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(err.contains("見つかった見出し:"), "{err}");
    assert!(err.contains("シート 点検票: No / 設問 / 結果"), "{err}");

    let csv = dir.path().join("bad.csv");
    std::fs::write(&csv, "項目番号,評価\n９９－１,3\n1-1,は\u{3000}い\n").unwrap();
    let o = tenken(&[
        "new",
        p(&dir.path().join("b.ron")),
        "--fiscal-year",
        "R8",
        "--from",
        p(&csv),
    ]);
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(
        err.contains("項目番号「９９－１」は juki-municipal"),
        "{err}"
    );
    assert!(err.contains("評価「は\u{3000}い」は"), "{err}");
    assert!(!err.contains("\\u{3000}"), "{err}");
}

#[test]
fn the_header_block_survives_the_round_trip_through_the_report_workbook_and_csv() {
    // Before: 回答者 and 重要機能室 were dropped (and there was no 団体コード or 都道府県).
    let dir = tempfile::tempdir().unwrap();
    let last = dir.path().join("r7.ron");
    let o = tenken(&[
        "new",
        p(&last),
        "--organization",
        "府中市",
        "--fiscal-year",
        "R7",
        "--organization-code",
        "342084",
        "--respondent",
        "総務課　情報係",
        "--important-room",
        "no",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    // The report's CSV could not be read back at all (its per-item table is its last block),
    // and gave no 団体コード, 都道府県 or profile.
    for (lang, format) in [("ja", "xlsx"), ("en", "xlsx"), ("ja", "csv"), ("en", "csv")] {
        let book = dir.path().join(format!("r7-{lang}.{format}"));
        let o = tenken(&[
            "--lang",
            lang,
            "report",
            p(&last),
            "--format",
            format,
            "-o",
            p(&book),
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        let (sheet, _) = import(dir.path(), &book);
        let case = format!("{lang} {format}");
        assert_eq!(sheet.organization, "府中市", "{case}");
        assert_eq!(sheet.respondent, "総務課　情報係", "{case}");
        assert_eq!(sheet.organization_code, "342084", "{case}");
        assert_eq!(sheet.prefecture, "広島県", "{case}");
        assert_eq!(sheet.profile.get("important_room"), Some(&false), "{case}");
        assert_eq!(sheet.fiscal_year, 2026, "{case}");
    }
    // The report CSV names its catalog, as the workbook does: a national agency's sheet is
    // read against the national checklist, not the municipal one by default.
    let agency = dir.path().join("agency.ron");
    let o = tenken(&[
        "new",
        p(&agency),
        "--edition",
        "national",
        "--organization",
        "総務省",
        "--fiscal-year",
        "R7",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let csv = dir.path().join("agency.csv");
    let o = tenken(&["report", p(&agency), "--format", "csv", "-o", p(&csv)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let (sheet, _) = import(dir.path(), &csv);
    let national = tenken::catalog::Catalog::builtin(tenken::catalog::Edition::National);
    assert_eq!(sheet.catalog.id, national.id);
}

/// Texts the report CSV guards against Excel's formulas (a leading `=`, `+`, `-`, `@`, a blank
/// or their full-width forms gets an apostrophe) come back as they were written, without it.
#[test]
fn the_report_csv_gives_back_texts_it_guarded_against_formulas() {
    let dir = tempfile::tempdir().unwrap();
    let c = tenken::catalog::Catalog::builtin(tenken::catalog::Edition::Municipal);
    let dist: crate::util::generate::Distribution = vec![[3, 1, 1]; 126];
    let mut sheet = crate::util::generate::sheet_for(c, &dist, 0, 6);
    sheet.organization = "－あおば市".into();
    let texts = [
        "-USB メモリは禁止",
        "=根拠",
        "@担当",
        " 先頭に空白",
        "＋全角",
    ];
    let ids: Vec<String> = sheet.answers.keys().take(texts.len()).cloned().collect();
    for (id, t) in ids.iter().zip(texts) {
        let a = sheet.answers.get_mut(id).unwrap();
        a.comment = t.to_string();
        a.evidence = format!("'{t}");
    }
    let ron = dir.path().join("r8.ron");
    std::fs::write(&ron, tenken::store::to_ron(&sheet)).unwrap();
    let csv = dir.path().join("r8.csv");
    let o = tenken(&["report", p(&ron), "--format", "csv", "-o", p(&csv)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let written = std::fs::read_to_string(&csv).unwrap();
    assert!(
        written.contains("'-USB メモリは禁止"),
        "guarded in the file"
    );
    let (read, _) = import(dir.path(), &csv);
    assert_eq!(read.organization, "－あおば市");
    for (id, t) in ids.iter().zip(texts) {
        let a = &read.answers[id];
        assert_eq!(a.comment, t, "{id}");
        // Text that began with an apostrophe of its own keeps it.
        assert_eq!(a.evidence, format!("'{t}"), "{id}");
    }
}

/// `new --from` given tenken's own aggregate or diff (workbook or CSV) said no header row
/// named an id and a score, listing the headers it saw: it is named for what it is.
#[test]
fn an_aggregate_or_a_diff_given_as_last_years_answers_is_named_for_what_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = dir.path().join("r7.ron");
    let o = tenken(&[
        "new",
        p(&sheet),
        "--fiscal-year",
        "R7",
        "--organization",
        "かわ町",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    for (command, out) in [
        ("aggregate", "集計.xlsx"),
        ("aggregate", "集計.csv"),
        ("diff", "差分.xlsx"),
        ("diff", "差分.csv"),
    ] {
        let out = dir.path().join(out);
        let mut args = vec![command, p(&sheet)];
        if command == "diff" {
            args.push(p(&sheet));
        }
        args.extend(["-o", p(&out)]);
        let o = tenken(&args);
        assert!(o.status.success(), "{}", stderr(&o));
        for (lang, said) in [
            (
                "ja",
                "tenken の集計表か差分の表で、一つの団体の回答ではありません",
            ),
            ("en", "one of tenken's own tables (an aggregate or a diff)"),
        ] {
            let made = dir.path().join("r8.ron");
            let o = tenken(&[
                "--lang",
                lang,
                "new",
                p(&made),
                "--fiscal-year",
                "R8",
                "--from",
                p(&out),
            ]);
            assert!(!o.status.success());
            assert!(!made.exists());
            let err = stderr(&o);
            assert!(err.contains(said), "{out:?}: {err}");
        }
    }
}

/// A CSV's row numbers are the rows Excel shows: blank lines were skipped in the count, so a
/// refusal named the row above the one meant (in tenken's report CSV, with its blank lines
/// between blocks, five rows above).
#[test]
fn a_csvs_rows_are_numbered_as_excel_numbers_them() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("bad.csv");
    let refusal = |text: &str| {
        std::fs::write(&csv, text).unwrap();
        let o = tenken(&[
            "new",
            p(&dir.path().join("a.ron")),
            "--fiscal-year",
            "R8",
            "--organization",
            "かわ町",
            "--from",
            p(&csv),
        ]);
        assert!(!o.status.success());
        stderr(&o)
    };
    let err = refusal("項目番号,評価\n1-1,3\n\n1-2,9\n");
    assert!(err.contains("行 4: 項目 1-2: 評価「9」"), "{err}");
    // A quoted cell of two lines is one row, as in Excel.
    let err = refusal("項目番号,評価,コメント\n1-1,3,\"一行目\n二行目\"\n\n1-2,9,\n");
    assert!(err.contains("行 4: 項目 1-2: 評価「9」"), "{err}");
}
