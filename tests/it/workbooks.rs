//! Workbooks out (`report`, `diff --format xlsx`) read back with calamine, and per-item tables
//! back in (`new --from WORKBOOK.xlsx | TABLE.csv`): the round trip loses nothing.

use std::process::Output;

use crate::util::cli::tenken;

use crate::util::xlsx;
use calamine::Data;
use tenken::catalog::{Catalog, Edition};
use tenken::fiscal::FiscalYear;
use tenken::sheet::{CatalogRef, Plan, Score, Sheet};
use tenken::store;
use time::macros::datetime;

fn ok(out: &Output) {
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A sheet answering every item, with text that tries a spreadsheet's patience: line
/// breaks, a tab, leading `=` and `'`, numbers and dates as text, empty strings.
fn full_sheet(fiscal_year: i32, shift: usize) -> Sheet {
    let c = Catalog::builtin(Edition::Municipal);
    let t = datetime!(2026-11-25 10:00 +9);
    let mut s = Sheet::new(
        CatalogRef {
            id: c.id.clone(),
            revision: c.revision.clone(),
        },
        "例市",
        FiscalYear(fiscal_year),
        t,
    );
    s.respondent = "情報政策課".into();
    let odd = [
        "規程あり\n第3条に記載",
        "=SUM(A1:A3)",
        "'先頭の引用符",
        "12-1",
        "2026/04/01",
        "タブ\tの後",
        "  前後の空白は保たれる  ",
        "制御文字\u{7}と_x0041_",
        "",
    ];
    for (k, (_, item)) in c.items().enumerate() {
        let score = Score::from_u8(((k + shift) % 4) as u8).unwrap();
        s.set_score(&item.id, score, t);
        let a = s.answers.get_mut(&item.id).unwrap();
        a.comment = format!("{} #{k}", odd[k % odd.len()]);
        a.evidence = if k % 3 == 0 {
            String::new()
        } else {
            format!("資料{k}.pdf")
        };
        if matches!(score, Score::NotInPlace | Score::Documented) && k % 5 != 0 {
            a.plan = Some(Plan {
                action: format!("改善する {}", odd[(k + 1) % odd.len()]),
                owner: "課長".into(),
                due: if k % 2 == 0 {
                    "2027-03-31".into()
                } else {
                    String::new()
                },
                carried: false,
            });
        }
        a.flagged = k % 7 == 0;
        a.unconfirmed = k % 11 == 0;
    }
    s
}

#[test]
fn report_workbook_holds_every_answer_and_a_chart_and_reads_back_losslessly() {
    let c = Catalog::builtin(Edition::Municipal);
    let dir = tempfile::tempdir().unwrap();
    let this = dir.path().join("r8.ron");
    let last = dir.path().join("r7.ron");
    let sheet = full_sheet(2026, 0);
    store::save_sheet(&this, &sheet).unwrap();
    store::save_sheet(&last, &full_sheet(2025, 1)).unwrap();
    let book = dir.path().join("report.xlsx");
    let b = book.to_str().unwrap();
    ok(&tenken(&[
        "report",
        this.to_str().unwrap(),
        "--format",
        "xlsx",
        "-o",
        b,
        "--previous",
        last.to_str().unwrap(),
    ]));
    assert_eq!(
        xlsx::sheet_names(&book),
        [
            "概要",
            "回答",
            "見出し別平均",
            "重要点検項目",
            "改善計画書",
            "グラフ"
        ]
    );
    // Every answer, ids as text.
    let range = xlsx::sheet(&book, "回答");
    let (at, body) = xlsx::table(&range, "項目番号");
    let col = |h: &str| xlsx::column(&range, at, h);
    let (id, score, comment, evidence) = (
        col("項目番号"),
        col("評価"),
        col("コメント"),
        col("根拠資料"),
    );
    let (action, owner, due) = (col("改善内容"), col("担当"), col("期限"));
    assert_eq!(body.len(), c.item_count());
    let text = |d: &Data| match d {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => panic!("not text: {other:?}"),
    };
    for (cells, (_, item)) in body.iter().zip(c.items()) {
        assert_eq!(cells[id], Data::String(item.id.clone()));
        let a = &sheet.answers[&item.id];
        assert_eq!(cells[score], Data::Float(f64::from(a.score.value())));
        assert_eq!(text(&cells[comment]), a.comment, "{}", item.id);
        assert_eq!(text(&cells[evidence]), a.evidence);
        let plan = a.plan.clone().unwrap_or_default();
        assert_eq!(
            (text(&cells[action]), text(&cells[owner]), text(&cells[due])),
            (plan.action, plan.owner, plan.due)
        );
    }
    // The charts: 大分類 and 管理目標, radar, this year, last year and the national average.
    let chart = xlsx::part(&book, "xl/charts/chart1.xml").expect("a chart");
    assert!(chart.contains("<c:radarChart>"));
    assert_eq!(chart.matches("<c:ser>").count(), 3);
    assert!(xlsx::part(&book, "xl/charts/chart2.xml").is_some());
    let data = xlsx::sheet(&book, "グラフ");
    let (at, rows) = xlsx::table(&data, "番号");
    assert_eq!(xlsx::column(&data, at, "令和8年度"), 2);
    assert_eq!(rows[0][0], Data::String("1".into()));
    // Heading averages show the printed digits: the 総平均点 cell is the rounded figure.
    let summary = xlsx::sheet(&book, "概要");
    let overall = summary
        .rows()
        .find(|r| r[0] == Data::String("総平均点".into()))
        .unwrap()[1]
        .clone();
    let scored = tenken::score::score_sheet(c, &sheet).overall;
    let printed = tenken::figure::average(scored.exact_average());
    assert_eq!(overall, Data::Float(printed.parse().unwrap()));

    // Back in: every score, comment, evidence and plan, as unconfirmed drafts.
    let again = dir.path().join("r9.ron");
    let dry = tenken(&["new", again.to_str().unwrap(), "--from", b, "--dry-run"]);
    ok(&dry);
    assert!(
        String::from_utf8_lossy(&dry.stdout).contains("126 件"),
        "{dry:?}"
    );
    assert!(!again.exists());
    ok(&tenken(&["new", again.to_str().unwrap(), "--from", b]));
    let read = store::load_sheet(&again).unwrap();
    assert_eq!(read.organization, "例市");
    assert_eq!(read.fiscal_year, 2027);
    assert_eq!(read.answers.len(), sheet.answers.len());
    for (id, a) in &sheet.answers {
        let b = &read.answers[id];
        // A plan carried into a new year is marked as last year's until edited.
        assert!(b.plan.as_ref().is_none_or(|p| p.carried), "{id}");
        let plan = b.plan.clone().map(|p| Plan {
            carried: false,
            ..p
        });
        assert_eq!(
            (b.score, &b.comment, &b.evidence, &plan),
            (a.score, &a.comment, &a.evidence, &a.plan),
            "{id}"
        );
        assert!(b.unconfirmed);
    }
    // -o never writes over an answer sheet.
    let before = std::fs::read(&last).unwrap();
    let refused = tenken(&[
        "report",
        this.to_str().unwrap(),
        "--format",
        "xlsx",
        "-o",
        last.to_str().unwrap(),
    ]);
    assert!(!refused.status.success());
    assert_eq!(std::fs::read(&last).unwrap(), before);
    // And a workbook is never written to a terminal or a pipe.
    let no_file = tenken(&["report", this.to_str().unwrap(), "--format", "xlsx"]);
    assert!(!no_file.status.success() && no_file.stdout.is_empty());
}

#[test]
fn diff_workbook_has_last_year_this_year_and_the_change() {
    let dir = tempfile::tempdir().unwrap();
    let (last, this) = (dir.path().join("r7.ron"), dir.path().join("r8.ron"));
    store::save_sheet(&last, &full_sheet(2025, 1)).unwrap();
    store::save_sheet(&this, &full_sheet(2026, 0)).unwrap();
    let book = dir.path().join("diff.xlsx");
    ok(&tenken(&[
        "diff",
        last.to_str().unwrap(),
        this.to_str().unwrap(),
        "--format",
        "xlsx",
        "-o",
        book.to_str().unwrap(),
    ]));
    let range = xlsx::sheet(&book, "項目別");
    let (_, rows) = xlsx::table(&range, "項目番号");
    assert_eq!(rows.len(), 126);
    // 1-1 is unconfirmed on both sides (counts nowhere); 1-2: last year (k + 1) % 4 = 2,
    // this year 1.
    assert_eq!(rows[0][0], Data::String("1-1".into()));
    assert_eq!(
        (&rows[0][1], &rows[0][2]),
        (&Data::String("-".into()), &Data::String("-".into()))
    );
    assert_eq!(
        (&rows[1][1], &rows[1][2]),
        (&Data::Float(2.0), &Data::Float(1.0))
    );
    let sections = xlsx::sheet(&book, "大分類別");
    let (_, rows) = xlsx::table(&sections, "番号");
    assert_eq!(rows.len(), 1 + 5);
    let d = tenken::diff::diff(
        Catalog::builtin(Edition::Municipal),
        &store::load_sheet(&last).unwrap(),
        Catalog::builtin(Edition::Municipal),
        &store::load_sheet(&this).unwrap(),
        tenken::text::Lang::Ja,
    );
    let (_, _, change) = d.overall.printed();
    assert_eq!(rows[0][4], Data::Float(change.parse().unwrap()));
}

#[test]
fn a_csv_table_with_named_columns_becomes_drafts_and_bad_rows_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let table = dir.path().join("昨年度.csv");
    std::fs::write(
        &table,
        "\u{feff}甲市 令和7年度\n\n番号,回答,コメント,根拠資料,改善内容,担当,期限\n1-1,3,規程あり,規程.pdf,,,\n1-2,2,\"一部\n未整備\",,改訂する,課長,2027-03-31\n1-3,,,,,,\n",
    )
    .unwrap();
    let new = dir.path().join("r8.ron");
    let t = table.to_str().unwrap();
    // The CSV does not name the organisation or the year.
    let refused = tenken(&["new", new.to_str().unwrap(), "--from", t]);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--organization"));
    ok(&tenken(&[
        "new",
        new.to_str().unwrap(),
        "--from",
        t,
        "--organization",
        "甲市",
        "--fiscal-year",
        "R8",
    ]));
    let s = store::load_sheet(&new).unwrap();
    assert_eq!(s.answers.len(), 2);
    let a = &s.answers["1-2"];
    assert_eq!(
        (a.score, a.comment.as_str(), a.unconfirmed),
        (Score::Documented, "一部\n未整備", true)
    );
    assert_eq!(a.plan.as_ref().unwrap().due, "2027-03-31");

    // Unknown ids, an id twice and a score out of range: refused, each with its row.
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "id,score\n1-1,3\n99-1,3\n1-1,2\n1-2,5\n").unwrap();
    let other = dir.path().join("other.ron");
    let out = tenken(&[
        "--lang",
        "en",
        "new",
        other.to_str().unwrap(),
        "--from",
        bad.to_str().unwrap(),
        "--organization",
        "甲市",
        "--fiscal-year",
        "2026",
    ]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("bad.csv, row 3: unknown item id \"99-1\""),
        "{err}"
    );
    assert!(
        err.contains("row 4: item 1-1 appears again (first in row 2)"),
        "{err}"
    );
    assert!(err.contains("row 5: item 1-2: score \"5\""), "{err}");
    assert!(!other.exists());
}

#[test]
fn a_national_edition_workbook_comes_back_into_the_national_catalog() {
    let c = Catalog::builtin(Edition::National);
    let t = datetime!(2026-11-25 10:00 +9);
    let mut s = Sheet::new(
        CatalogRef {
            id: c.id.clone(),
            revision: c.revision.clone(),
        },
        "某省",
        FiscalYear(2026),
        t,
    );
    let ids: Vec<String> = c.items().map(|(_, i)| i.id.clone()).take(3).collect();
    for id in &ids {
        s.set_score(id, Score::Documented, t);
    }
    let dir = tempfile::tempdir().unwrap();
    let sheet = dir.path().join("n.ron");
    store::save_sheet(&sheet, &s).unwrap();
    let book = dir.path().join("n.xlsx");
    let b = book.to_str().unwrap();
    ok(&tenken(&[
        "report",
        sheet.to_str().unwrap(),
        "--format",
        "xlsx",
        "-o",
        b,
    ]));
    let again = dir.path().join("n2.ron");
    ok(&tenken(&["new", again.to_str().unwrap(), "--from", b]));
    let read = store::load_sheet(&again).unwrap();
    assert_eq!(read.catalog.id, c.id);
    assert_eq!(
        read.answers.keys().cloned().collect::<Vec<_>>().len(),
        ids.len()
    );
}
