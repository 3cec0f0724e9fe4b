//! Report details (issue 12, point 14): 該当なし counts the answers 0 (該当しない) and not the
//! items the profile excludes (対象外, counted apart) in every format and in the national
//! table; text columns line up in terminal cells with Japanese text; the 更新 timestamp of
//! text and Markdown is local time with its offset and the 和暦 date, while CSV and JSON keep
//! ISO 8601 as written.
//!
//! The fixture tests/fixtures/report-small.ron answers 1-5 with 0 and has no 重要機能室, so
//! 管理目標 7 (7-1..7-5) is excluded by the profile: overall 該当なし 1, 対象外 5.

use std::process::{Command, Output};

use calamine::{Data, DataType as _};
use tenken::aggregate::Aggregate;
use tenken::catalog::{Catalog, Edition};
use tenken::fiscal::FiscalYear;
use tenken::lang::Lang;
use tenken::report::{Format, OutputOptions, SheetReport};
use tenken::sheet::{CatalogRef, Plan, Score, Sheet};
use time::macros::datetime;
use unicode_width::UnicodeWidthStr as _;

const FIXTURE: &str = include_str!("../fixtures/report-small.ron");

fn fixture() -> Sheet {
    tenken::store::parse_sheet(FIXTURE, "report-small.ron").unwrap()
}

fn render(r: &SheetReport, format: Format, lang: Lang) -> Vec<u8> {
    r.render(OutputOptions {
        format,
        lang,
        bom: false,
    })
    .unwrap()
}

fn text(r: &SheetReport, format: Format, lang: Lang) -> String {
    String::from_utf8(render(r, format, lang)).unwrap()
}

fn tenken(args: &[&std::ffi::OsStr], env: &[(&str, &str)]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_tenken"));
    c.args(args).env_remove("TENKEN_LANG");
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().unwrap()
}

#[test]
fn zero_answers_and_profile_exclusions_are_counted_apart_in_text_md_csv_json() {
    let catalog = Catalog::builtin(Edition::Municipal);
    let sheet = fixture();
    let r = SheetReport::build(catalog, &sheet);
    let o = &r.score.overall;
    assert_eq!((o.not_applicable, o.excluded, o.by_score[0]), (1, 5, 1));

    let t = text(&r, Format::Text, Lang::Ja);
    assert!(
        t.contains("該当なし 1 / 対象外 5 / 未回答 111"),
        "overall counts in\n{t}"
    );
    let en = text(&r, Format::Text, Lang::En);
    assert!(en.contains("n/a 1 / excluded 5 / unanswered 111"), "{en}");

    let md = text(&r, Format::Markdown, Lang::Ja);
    // 管理目標 7: nothing answered 0, five items excluded.
    let g7 = md
        .lines()
        .find(|l| l.starts_with("| 管理目標 | 7 |"))
        .unwrap();
    assert!(g7.ends_with("| 0 | 0 | 0 | 0 | 0 | 5 | 0 |"), "{g7}");
    assert!(md.contains("| 該当なし | 対象外 | 未回答 |"), "{md}");

    let csv = text(&r, Format::Csv, Lang::Ja);
    assert!(csv.contains(",該当なし,対象外,未回答\r\n"), "{csv}");
    let g7 = csv.lines().find(|l| l.starts_with("管理目標,7,")).unwrap();
    assert!(g7.ends_with(",0,0,0,0,0,0,0,5,0"), "{g7}");

    let json: serde_json::Value =
        serde_json::from_slice(&render(&r, Format::Json, Lang::Ja)).unwrap();
    assert_eq!(json["overall"]["not_applicable"], 1);
    assert_eq!(json["overall"]["excluded"], 5);
    let g7 = json["headings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["level"] == "goal" && h["no"] == "7")
        .unwrap();
    assert_eq!(
        (&g7["not_applicable"], &g7["excluded"]),
        (&0.into(), &5.into())
    );
}

#[test]
fn zero_answers_and_profile_exclusions_are_counted_apart_in_the_workbook() {
    let catalog = Catalog::builtin(Edition::Municipal);
    let sheet = fixture();
    let r = SheetReport::build(catalog, &sheet);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.xlsx");
    std::fs::write(&path, render(&r, Format::Xlsx, Lang::Ja)).unwrap();
    let range = crate::util::xlsx::sheet(&path, "見出し別平均");
    let (at, rows) = crate::util::xlsx::table(&range, "区分");
    let na = crate::util::xlsx::column(&range, at, "該当なし");
    let ex = crate::util::xlsx::column(&range, at, "対象外");
    let g7 = rows
        .iter()
        .find(|r| r[0] == Data::String("管理目標".into()) && r[1] == Data::String("7".into()))
        .unwrap();
    assert_eq!((g7[na].as_f64(), g7[ex].as_f64()), (Some(0.0), Some(5.0)));
}

fn two_sheets() -> (Sheet, Sheet) {
    let catalog = Catalog::builtin(Edition::Municipal);
    let t = datetime!(2026-11-25 10:00 +9);
    let reference = CatalogRef {
        id: catalog.id.clone(),
        revision: catalog.revision.clone(),
    };
    let mut a = Sheet::new(reference.clone(), "甲市", FiscalYear(2026), t);
    a.profile.insert("important_room".into(), true);
    a.set_score("1-2", Score::NotApplicable, t);
    a.set_score("8-1", Score::NotInPlace, t); // excluded by the profile
    let mut b = Sheet::new(reference, "乙町", FiscalYear(2026), t);
    b.set_score("1-1", Score::NotInPlace, t);
    (a, b)
}

#[test]
fn the_national_table_counts_profile_exclusions_apart_from_answers_0() {
    let catalog = Catalog::builtin(Edition::Municipal);
    let (a, b) = two_sheets();
    let mut agg = Aggregate::new(catalog);
    agg.add(catalog, &a, "a.ron").unwrap();
    agg.add(catalog, &b, "b.ron").unwrap();
    let at = |id: &str| agg.items[catalog.position(id).unwrap()];
    assert_eq!((at("1-2").not_applicable(), at("1-2").excluded), (1, 0));
    assert_eq!((at("8-1").not_applicable(), at("8-1").excluded), (0, 1));

    let dir = tempfile::tempdir().unwrap();
    for (name, s) in [("a.ron", &a), ("b.ron", &b)] {
        tenken::store::save_sheet(&dir.path().join(name), s).unwrap();
    }
    let run = |format: &str| {
        let out = tenken(
            &[
                "aggregate".as_ref(),
                "--format".as_ref(),
                format.as_ref(),
                "--no-bom".as_ref(),
                dir.path().as_os_str(),
            ],
            &[],
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let json: serde_json::Value = serde_json::from_str(&run("json")).unwrap();
    let item = |id: &str| {
        json["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["id"] == id)
            .unwrap()
            .clone()
    };
    assert_eq!(
        (&item("8-1")["not_applicable"], &item("8-1")["excluded"]),
        (&0.into(), &1.into())
    );
    assert_eq!(
        (&item("1-2")["not_applicable"], &item("1-2")["excluded"]),
        (&1.into(), &0.into())
    );

    let csv = run("csv");
    assert!(
        csv.starts_with("id,average,pct3,pct2,pct1,answered,not_applicable,unanswered,excluded,"),
        "{csv}"
    );
    let row81 = csv.lines().find(|l| l.starts_with("8-1,")).unwrap();
    assert!(row81.starts_with("8-1,,,,,0,0,1,1,"), "{row81}");

    let t = run("text");
    assert!(t.contains("対象外"), "{t}");
    let md = run("md");
    let row81 = md.lines().find(|l| l.starts_with("| 8-1 |")).unwrap();
    assert!(
        row81.starts_with("| 8-1 | - | - | - | - | 0 | 0 | 1 | 1 |"),
        "{row81}"
    );
}

#[test]
fn the_national_workbook_counts_profile_exclusions_apart() {
    let (a, b) = two_sheets();
    let dir = tempfile::tempdir().unwrap();
    for (name, s) in [("a.ron", &a), ("b.ron", &b)] {
        tenken::store::save_sheet(&dir.path().join(name), s).unwrap();
    }
    let xlsx = dir.path().join("out").join("t.xlsx");
    std::fs::create_dir(xlsx.parent().unwrap()).unwrap();
    let out = tenken(
        &[
            "aggregate".as_ref(),
            "--format".as_ref(),
            "xlsx".as_ref(),
            "-o".as_ref(),
            xlsx.as_os_str(),
            dir.path().join("a.ron").as_os_str(),
            dir.path().join("b.ron").as_os_str(),
        ],
        &[],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let range = crate::util::xlsx::sheet(&xlsx, "集計表");
    let (at, rows) = crate::util::xlsx::table(&range, "項目番号");
    let na = crate::util::xlsx::column(&range, at, "該当なし");
    let ex = crate::util::xlsx::column(&range, at, "対象外");
    let r81 = rows
        .iter()
        .find(|r| r[1] == Data::String("8-1".into()))
        .unwrap();
    assert_eq!((r81[na].as_f64(), r81[ex].as_f64()), (Some(0.0), Some(1.0)));
}

/// The display column (in terminal cells) at which `needle` starts in `line`.
fn cell_column(line: &str, needle: &str) -> usize {
    let at = line
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in {line:?}"));
    line[..at].width()
}

/// A full sheet with two-digit counts, long markers and Japanese names.
fn busy_sheet() -> Sheet {
    let catalog = Catalog::builtin(Edition::Municipal);
    let t = datetime!(2026-11-25 10:00 +9);
    let mut s = Sheet::new(
        CatalogRef {
            id: catalog.id.clone(),
            revision: catalog.revision.clone(),
        },
        "北海道札幌市中央区役所 市民課",
        FiscalYear(2026),
        t,
    );
    s.respondent = "情報政策課 情報セキュリティ担当".into();
    s.profile.insert("important_room".into(), true);
    for (k, (_, item)) in catalog.items().enumerate() {
        let score = [Score::Operating, Score::Documented, Score::NotInPlace][k % 3];
        s.set_score(&item.id, score, t);
    }
    let a = s.answers.get_mut("1-1").unwrap();
    a.flagged = true;
    a.unconfirmed = true;
    a.plan = Some(Plan {
        action: "規程を周知する".into(),
        carried: true,
        ..Plan::default()
    });
    s
}

#[test]
fn text_columns_line_up_in_terminal_cells() {
    let catalog = Catalog::builtin(Edition::Municipal);
    let sheet = busy_sheet();
    let r = SheetReport::build(catalog, &sheet);
    for lang in [Lang::Ja, Lang::En] {
        let t = text(&r, Format::Text, lang);
        let lines: Vec<&str> = t.lines().collect();
        // Scores by heading: every row's title starts where the header's 名称 does.
        let head = lines
            .iter()
            .position(|l| l.contains(lang.pick("【分類別の点数】", "Scores by heading")))
            .unwrap();
        let title = lang.pick("名称", "title");
        let col = cell_column(lines[head + 1], title);
        for (row, l) in r.rows.iter().zip(&lines[head + 2..]) {
            let name = r.row_title(row, lang);
            assert_eq!(cell_column(l, &name), col, "{lang:?}: {l:?}\n{t}");
        }
        // The count columns line up too: the 未回答 column ends at the same cell.
        let unanswered = lang.pick("未回答", "unanswered");
        let end = cell_column(lines[head + 1], unanswered) + unanswered.width();
        for l in &lines[head + 2..head + 2 + r.rows.len()] {
            let upto = l.chars().scan(0, |w, c| {
                *w += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
                Some(*w)
            });
            let last_digit = l
                .char_indices()
                .zip(upto)
                .filter(|((_, c), w)| c.is_ascii_digit() && *w <= col)
                .map(|(_, w)| w)
                .max()
                .unwrap();
            assert_eq!(last_digit, end, "{lang:?}: {l:?}");
        }
        // All answers: the wording starts in one column, whatever the markers.
        let head = lines
            .iter()
            .position(|l| l.contains(lang.pick("【回答一覧】", "All answers")))
            .unwrap();
        let question = lang.pick("設問", "question");
        let col = cell_column(lines[head + 1], question);
        for item in &r.items {
            let wording = r.item_text(&item.id, lang);
            let l = lines[head + 2..]
                .iter()
                .find(|l| l.starts_with(&format!("{} ", item.id)))
                .unwrap();
            assert_eq!(cell_column(l, wording), col, "{lang:?}: {l:?}");
        }
        // Header values start in one column.
        let values: Vec<usize> = lines[2..]
            .iter()
            .take_while(|l| !l.is_empty())
            .map(|l| {
                // Labels and values are two or more blanks apart.
                let label_end = l.find("  ").unwrap();
                let rest = l[label_end..].trim_start();
                cell_column(l, rest)
            })
            .collect();
        assert!(
            values.windows(2).all(|w| w[0] == w[1]),
            "{lang:?}: {values:?}\n{t}"
        );
    }
}

#[test]
fn national_table_text_columns_line_up_in_terminal_cells() {
    let (a, b) = two_sheets();
    let dir = tempfile::tempdir().unwrap();
    for (name, s) in [("a.ron", &a), ("b.ron", &b)] {
        tenken::store::save_sheet(&dir.path().join(name), s).unwrap();
    }
    for lang in ["ja", "en"] {
        let out = tenken(
            &[
                "aggregate".as_ref(),
                "--lang".as_ref(),
                lang.as_ref(),
                dir.path().as_os_str(),
            ],
            &[],
        );
        assert!(out.status.success());
        let t = String::from_utf8(out.stdout).unwrap();
        assert!(
            !t.contains('\t'),
            "tabs do not line up with wide text:\n{t}"
        );
        let lines: Vec<&str> = t.lines().collect();
        let head = lines
            .iter()
            .position(|l| l.starts_with(if lang == "ja" { "小項目 " } else { "Item " }))
            .unwrap();
        let question = if lang == "ja" { "設問" } else { "Question" };
        let col = cell_column(lines[head], question);
        let catalog = Catalog::builtin(Edition::Municipal);
        for ((_, item), l) in catalog.items().zip(&lines[head + 1..]) {
            let wording = catalog.item_text(item, if lang == "ja" { Lang::Ja } else { Lang::En });
            assert_eq!(cell_column(l, wording), col, "{l:?}");
        }
    }
}

fn report_of_fixture(format: &str, tz: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("r.ron");
    std::fs::write(&file, FIXTURE).unwrap();
    let out = tenken(
        &[
            "report".as_ref(),
            "--format".as_ref(),
            format.as_ref(),
            "--no-bom".as_ref(),
            file.as_os_str(),
        ],
        &[("TZ", tz)],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn text_and_markdown_show_the_update_in_local_time_with_its_wareki_date() {
    // Written at 2026-11-25T10:42:13+09:00.
    let t = report_of_fixture("text", "JST-9");
    assert!(
        t.contains("2026-11-25 10:42 +09:00 (令和8年11月25日)"),
        "{t}"
    );
    let t = report_of_fixture("text", "EST5");
    assert!(
        t.contains("2026-11-24 20:42 -05:00 (令和8年11月24日)"),
        "{t}"
    );
    let md = report_of_fixture("md", "UTC0");
    assert!(
        md.contains("2026-11-25 01:42 +00:00 (令和8年11月25日)"),
        "{md}"
    );
    // Machines keep ISO 8601 with the offset as written.
    let csv = report_of_fixture("csv", "EST5");
    assert!(csv.contains(",2026-11-25T10:42:13+09:00\r\n"), "{csv}");
    let json = report_of_fixture("json", "EST5");
    assert!(json.contains("\"2026-11-25T10:42:13+09:00\""), "{json}");
}

#[test]
fn an_unknown_local_offset_shows_utc_and_says_so() {
    let t = datetime!(2026-11-25 10:42:13 +9);
    assert_eq!(
        tenken::clock::local_time(t, None, Lang::Ja),
        "2026-11-25 01:42 UTC (令和8年11月25日; 地方時の時差を読めませんでした)"
    );
    assert_eq!(
        tenken::clock::local_time(t, None, Lang::En),
        "2026-11-25 01:42 UTC (local offset unknown)"
    );
    let jst = time::UtcOffset::from_hms(9, 0, 0).unwrap();
    assert_eq!(
        tenken::clock::local_time(t, Some(jst), Lang::En),
        "2026-11-25 10:42 +09:00"
    );
}

/// Found by a reviewer: the text and Markdown report gave a plan's due date and the 点検日 as
/// stored (2027-03-31), while `diff`, `aggregate` and `sign` give dates in text in one style —
/// in Japanese 和暦 with the Western date, in English the Western date (`date::for_text`). A
/// due date that is no date is printed as written.
#[test]
fn dates_in_the_text_report_are_in_the_one_style_of_text() {
    let catalog = Catalog::builtin(Edition::Municipal);
    let mut sheet = fixture();
    sheet.inspected_on = "2026-12-01".into();
    let a = sheet.answers.get_mut("1-1").unwrap();
    a.score = Score::Documented;
    a.plan = Some(Plan {
        action: "規程を改める".into(),
        owner: "総務課".into(),
        due: "R9.3.31".into(),
        carried: false,
    });
    let b = sheet.answers.get_mut("1-2").unwrap();
    b.score = Score::Documented;
    b.plan = Some(Plan {
        action: "手順を定める".into(),
        due: "年度末".into(),
        ..Plan::default()
    });
    let r = SheetReport::build(catalog, &sheet);
    for format in [Format::Text, Format::Markdown] {
        let ja = text(&r, format, Lang::Ja);
        assert!(
            ja.contains("令和9年3月31日 (2027-03-31)"),
            "{format:?}\n{ja}"
        );
        assert!(!ja.contains("R9.3.31"), "{format:?}\n{ja}");
        assert!(ja.contains("年度末"), "{format:?}\n{ja}");
        let en = text(&r, format, Lang::En);
        assert!(
            en.contains("2027-03-31") && !en.contains("令和9年"),
            "{format:?}\n{en}"
        );
    }
    let ja = text(&r, Format::Text, Lang::Ja);
    assert!(ja.contains("令和8年12月1日 (2026-12-01)"), "{ja}");
}
