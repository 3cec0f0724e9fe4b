//! Reports and `check` on a fixture sheet; every expected number is worked out by hand from
//! tests/fixtures/report-small.ron (profile important_room = false, so 管理目標 7 (7-1..7-5)
//! is excluded and 管理目標 8 applies):
//!
//! - 管理目標 1: 1-1 3, 1-2 3, 1-3 2, 1-4 1, 1-5 0, 1-6 3 → scored 5, sum 12, 2.400
//! - 管理目標 2: 2-1 2, 2-2 3 (2-3, 2-4 unanswered) → 5 / 2 = 2.500
//! - 中分類 1.2 = 管理目標 2 + 3 (3-1 unanswered) → 2.500, applicable 5, answered 2
//! - 大分類 1 = 管理目標 1–5 (15 items) → 17 / 7 = 2.429, answered 8, n/a 1, unanswered 7
//! - 管理目標 7: excluded → 5 対象外 (not 該当なし), no average; 7-1 answered 3 is a finding
//! - 管理目標 8: 8-1 1, 8-2 3 (8-3 unanswered) → 4 / 2 = 2.000
//! - 総平均点: (12 + 5 + 4) / 9 = 21 / 9 = 2.333; applicable 126 − 5 = 121, answered 10,
//!   該当なし (answered 0) 1, 対象外 (excluded by the profile) 5, unanswered 111; by score
//!   0:1 1:2 2:2 3:5
//! - warnings: the 63 priority items minus those at 3 (1-1, 1-2, 1-6, 2-2, 8-2), minus 1-5
//!   (answered 0) and 7-1..7-5 (excluded) = 52; among them 1-4 (1), 2-1 (2), 8-1 (1)
//! - items at 1: 1-4, 8-1; plans (items at 1 or 2): 1-3, 1-4, 2-1, 8-1

use tenken::catalog::{Catalog, Edition};
use tenken::check::{Finding, findings_on};
use tenken::lang::Lang;
use tenken::report::{Format, OutputOptions, SheetReport};
use tenken::sheet::Score;
use tenken::store;

fn fixture() -> tenken::sheet::Sheet {
    store::parse_sheet(
        include_str!("../fixtures/report-small.ron"),
        "report-small.ron",
    )
    .unwrap()
}

fn render(r: &SheetReport, format: Format, lang: Lang) -> String {
    String::from_utf8(
        r.render(OutputOptions {
            format,
            lang,
            bom: false,
        })
        .unwrap(),
    )
    .unwrap()
}

#[test]
fn numbers_match_the_hand_computation() {
    let catalog = Catalog::builtin(Edition::Municipal);
    let sheet = fixture();
    let r = SheetReport::build(catalog, &sheet);
    let o = &r.score.overall;
    assert_eq!((o.sum, o.scored), (21, 9));
    assert_eq!(
        (
            o.applicable,
            o.answered,
            o.not_applicable,
            o.excluded,
            o.unanswered
        ),
        (121, 10, 1, 5, 111)
    );
    assert_eq!(o.by_score, [1, 2, 2, 5]);
    let row = |no: &str, level: tenken::report::Level| {
        r.rows
            .iter()
            .find(|x| x.no == no && x.level == level)
            .unwrap()
            .tally
    };
    use tenken::report::Level::*;
    let g1 = row("1", Goal);
    assert_eq!(
        (g1.sum, g1.scored, g1.answered, g1.not_applicable),
        (12, 5, 6, 1)
    );
    let m12 = row("1.2", Middle);
    assert_eq!(
        (m12.sum, m12.scored, m12.applicable, m12.answered),
        (5, 2, 5, 2)
    );
    let major1 = row("1", Major);
    assert_eq!(
        (
            major1.sum,
            major1.scored,
            major1.answered,
            major1.unanswered
        ),
        (17, 7, 8, 7)
    );
    let g7 = row("7", Goal);
    assert_eq!(
        (g7.applicable, g7.not_applicable, g7.excluded, g7.average()),
        (0, 0, 5, None)
    );
    let g8 = row("8", Goal);
    assert_eq!((g8.sum, g8.scored, g8.unanswered), (4, 2, 1));
    // 5 大分類, their 中分類 and the 43 管理目標, in catalog order.
    assert_eq!(r.rows.iter().filter(|x| x.level == Goal).count(), 43);
    assert_eq!(r.rows.iter().filter(|x| x.level == Major).count(), 5);

    assert_eq!(r.warnings.len(), 52);
    let w = |id: &str| r.warnings.iter().find(|w| w.id == id).map(|w| w.score);
    assert_eq!(w("1-4"), Some(Some(Score::NotInPlace)));
    assert_eq!(w("2-1"), Some(Some(Score::Documented)));
    assert_eq!(w("8-1"), Some(Some(Score::NotInPlace)));
    assert_eq!(w("8-3"), Some(None));
    for gone in ["1-1", "1-5", "7-1", "8-2"] {
        assert_eq!(w(gone), None, "{gone}");
    }
    assert_eq!(r.at_one, ["1-4", "8-1"]);
    let plans: Vec<(&str, u8, bool)> = r
        .plans
        .iter()
        .map(|p| (p.id.as_str(), p.score.value(), p.written))
        .collect();
    assert_eq!(
        plans,
        [
            ("1-3", 2, true),
            ("1-4", 1, false),
            ("2-1", 2, true),
            ("8-1", 1, true)
        ]
    );
}

#[test]
fn text_report_shows_the_numbers_sanitized() {
    let catalog = Catalog::builtin(Edition::Municipal);
    let sheet = fixture();
    let r = SheetReport::build(catalog, &sheet);
    let t = render(&r, Format::Text, Lang::Ja);
    for needle in [
        "例市",
        "令和8年度 (2026)",
        "市区町村版",
        "総平均点         2.333",
        "対象 121 / 回答 10 / 3: 5  2: 2  1: 2  0: 1 / 該当なし 1 / 対象外 5 / 未回答 111",
        "2.429",
        "【重要点検項目で3点に達していない項目】 (52)",
        "[平成15年度]",
        "【評価1(整備していない)の項目】 (2)",
        "【改善計画書】 (4)",
        "担当       (未記入)",
        "情報政策課<U+001B>[31m",
    ] {
        assert!(t.contains(needle), "missing {needle:?} in\n{t}");
    }
    assert!(!t.contains('\u{1b}'), "an escape reached the output");
    let en = render(&r, Format::Text, Lang::En);
    for needle in [
        "Overall average  2.333",
        "FY2026 (R8)",
        "[FY2003 (H15)]",
        "owner      (not written)",
    ] {
        assert!(en.contains(needle), "missing {needle:?} in\n{en}");
    }
    let md = render(&r, Format::Markdown, Lang::Ja);
    assert!(md.contains("| 管理目標 | 1 | 住基ネットのセキュリティを確保するための責任体制及び連絡体制を確立している | 2.400 | 6 | 6 | 3 | 1 | 1 | 1 | 1 | 0 | 0 |"), "{md}");
    assert!(
        md.contains(
            "| 8-1 | 1 (整備していない) | =HYPERLINK(\"http://x\") | 情報政策課 | 令和9年3月31日 (2027-03-31) |"
        ),
        "{md}"
    );
    assert!(!md.contains('\u{1b}'));
}

#[test]
fn csv_opens_in_excel_and_defuses_formulas() {
    let catalog = Catalog::builtin(Edition::Municipal);
    let sheet = fixture();
    let r = SheetReport::build(catalog, &sheet);
    let with_bom = r
        .render(OutputOptions {
            format: Format::Csv,
            lang: Lang::Ja,
            bom: true,
        })
        .unwrap();
    assert!(with_bom.starts_with(b"\xEF\xBB\xBF"));
    let csv = render(&r, Format::Csv, Lang::Ja);
    assert!(!csv.starts_with('\u{FEFF}'));
    assert!(csv.contains("\r\n"));
    assert!(csv.contains("総平均点,2.333\r\n"), "{csv}");
    assert!(
        csv.contains("大分類,1,体制・規程等の整備,2.429,7,8,15,4,2,1,1,1,0,7\r\n"),
        "{csv}"
    );
    assert!(
        csv.contains("8-1,1,\"'=HYPERLINK(\"\"http://x\"\")\",情報政策課,2027-03-31,"),
        "{csv}"
    );
    assert!(csv.contains("1-4,1,,,,"), "{csv}");
    // Every section parses as CSV.
    let mut rd = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(false)
        .from_reader(csv.as_bytes());
    assert!(rd.records().all(|r| r.is_ok()));
}

#[test]
fn json_follows_the_documented_schema() {
    let catalog = Catalog::builtin(Edition::Municipal);
    let sheet = fixture();
    let r = SheetReport::build(catalog, &sheet);
    let v: serde_json::Value = serde_json::from_str(&render(&r, Format::Json, Lang::En)).unwrap();
    assert_eq!(v["schema"], "tenken-report/1");
    assert_eq!(v["organization"], "例市");
    assert_eq!(v["fiscal_year"], 2026);
    assert_eq!(v["fiscal_year_wareki"], "令和8年度");
    assert_eq!(v["catalog"]["edition"], "Municipal");
    assert_eq!(v["updated"], "2026-11-25T10:42:13+09:00");
    assert_eq!(v["overall"]["sum"], 21);
    assert_eq!(v["overall"]["scored"], 9);
    assert_eq!(v["overall"]["by_score"], serde_json::json!([1, 2, 2, 5]));
    assert!((v["overall"]["average"].as_f64().unwrap() - 21.0 / 9.0).abs() < 1e-12);
    let headings = v["headings"].as_array().unwrap();
    let g7 = headings
        .iter()
        .find(|h| h["level"] == "goal" && h["no"] == "7")
        .unwrap();
    assert_eq!(g7["average"], serde_json::Value::Null);
    assert_eq!(v["priority_warnings"].as_array().unwrap().len(), 52);
    let w81 = v["priority_warnings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["id"] == "8-1")
        .unwrap();
    assert_eq!(w81["score"], 1);
    assert_eq!(w81["years"], serde_json::json!([2003]));
    assert_eq!(w81["years_wareki"], serde_json::json!(["平成15年度"]));
    assert_eq!(v["items_at_one"][1]["id"], "8-1");
    let p = &v["improvement_plans"][2];
    assert_eq!(
        (p["id"].as_str(), p["owner"].as_str(), p["due"].as_str()),
        (Some("2-1"), Some(""), Some("2027-06-30"))
    );
    assert_eq!(v["improvement_plans"][1]["written"], false);
}

#[test]
fn check_finds_what_the_fixture_plants() {
    let catalog = Catalog::builtin(Edition::Municipal);
    let mut sheet = fixture();
    let mut all = findings_on(catalog, &sheet, time::macros::date!(2026 - 11 - 26));
    // The fixture leaves 111 applicable items unanswered: one finding for them, last.
    assert!(matches!(all.pop(), Some(Finding::Unanswered(ids)) if ids.len() == 111));
    assert_eq!(
        all,
        vec![
            Finding::UnknownItem("99-9".into()),
            Finding::NoPlan {
                id: "1-4".into(),
                score: Score::NotInPlace
            },
            Finding::PlanIncomplete {
                id: "2-1".into(),
                missing: vec!["owner"]
            },
            Finding::Inapplicable {
                id: "7-1".into(),
                score: Score::Operating
            },
        ]
    );
    sheet.profile.clear();
    sheet.catalog.revision = "H18".into();
    let f = findings_on(catalog, &sheet, time::macros::date!(2026 - 11 - 26));
    assert_eq!(
        f[0],
        Finding::Revision {
            sheet: "H18".into(),
            catalog: "H19".into()
        }
    );
    assert_eq!(f[1], Finding::ProfileUnanswered("important_room".into()));
    // Without the profile answer 7-1 applies again, and 8-1 still needs its plan checked.
    assert!(!f.iter().any(|x| matches!(x, Finding::Inapplicable { .. })));
}
