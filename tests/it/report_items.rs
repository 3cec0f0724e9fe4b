//! Issue 12 (hand-in): every report carries every answer — a per-item table with comment,
//! evidence, plan, flag and the unconfirmed marker — plus the sign-off fields.

use tenken::catalog::{Catalog, Edition};
use tenken::lang::Lang;
use tenken::report::{Format, OutputOptions, SheetReport};
use tenken::store;

const SHEET: &str = r#"(
    format: 1,
    catalog: (id: "juki-municipal", revision: "H19"),
    organization: "例市",
    fiscal_year: 2026,
    respondent: "情報政策課",
    profile: { "important_room": false },
    answers: {
        "1-1": (score: 3, comment: "年次研修で周知済み", evidence: "研修記録2026", flagged: true),
        "1-2": (score: 2, comment: "改定中", plan: Some((action: "規程を改定", owner: "総務課", due: "2027-03-31"))),
        "1-3": (score: 1, unconfirmed: true, comment: "前年の回答"),
        "7-1": (score: 3),
    },
)"#;

fn sheet() -> tenken::sheet::Sheet {
    store::parse_sheet(SHEET, "items.ron").unwrap()
}

fn render(format: Format, lang: Lang) -> String {
    let s = sheet();
    let r = SheetReport::build(Catalog::builtin(Edition::Municipal), &s);
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
fn every_format_carries_a_3_point_answers_comment_evidence_and_flag() {
    for format in [Format::Text, Format::Markdown, Format::Csv, Format::Json] {
        for lang in [Lang::Ja, Lang::En] {
            let out = render(format, lang);
            assert!(
                out.contains("年次研修で周知済み"),
                "{format:?} {lang:?}: comment"
            );
            assert!(
                out.contains("研修記録2026"),
                "{format:?} {lang:?}: evidence"
            );
            assert!(
                out.contains("前年の回答"),
                "{format:?} {lang:?}: draft's comment"
            );
        }
    }
}

#[test]
fn text_table_marks_flag_and_unconfirmed_per_item() {
    let out = render(Format::Text, Lang::Ja);
    let table = out
        .split("【回答一覧】")
        .nth(1)
        .expect("item table heading");
    assert!(
        table
            .lines()
            .any(|l| l.starts_with("1-1 ") && l.contains("付箋")),
        "{table}"
    );
    assert!(
        table
            .lines()
            .any(|l| l.starts_with("1-3 ") && l.contains("下書き")),
        "{table}"
    );
    assert!(
        table
            .lines()
            .any(|l| l.starts_with("7-1 ") && l.contains("対象外")),
        "{table}"
    );
    assert!(
        table
            .lines()
            .any(|l| l.starts_with("2-1 ") && l.contains("未回答")),
        "{table}"
    );
    // 126 items, each listed once.
    let ids = table
        .lines()
        .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_digit()))
        .count();
    assert_eq!(ids, 126);
}

#[test]
fn json_items_have_every_field() {
    let out = render(Format::Json, Lang::Ja);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let items = v["items"].as_array().expect("items array");
    assert_eq!(items.len(), 126);
    let one = items.iter().find(|i| i["id"] == "1-1").unwrap();
    assert_eq!(one["score"], 3);
    assert_eq!(one["flagged"], true);
    assert_eq!(one["unconfirmed"], false);
    assert_eq!(one["applicable"], true);
    assert_eq!(one["comment"], "年次研修で周知済み");
    assert_eq!(one["evidence"], "研修記録2026");
    assert!(one["text"].as_str().unwrap().len() > 10);
    let two = items.iter().find(|i| i["id"] == "1-2").unwrap();
    assert_eq!(two["plan"]["action"], "規程を改定");
    assert_eq!(two["plan"]["due"], "2027-03-31");
    let draft = items.iter().find(|i| i["id"] == "1-3").unwrap();
    assert_eq!(
        (draft["score"].clone(), draft["unconfirmed"].clone()),
        (1.into(), true.into())
    );
    let excluded = items.iter().find(|i| i["id"] == "7-1").unwrap();
    assert_eq!(excluded["applicable"], false);
    let none = items.iter().find(|i| i["id"] == "2-1").unwrap();
    assert!(none["score"].is_null());
    assert!(none["plan"].is_null());
}

#[test]
fn csv_and_markdown_have_one_row_per_item() {
    let csv = render(Format::Csv, Lang::Ja);
    let rows: Vec<&str> = csv.lines().filter(|l| l.starts_with("1-1,")).collect();
    assert!(
        rows.iter()
            .any(|l| l.contains("年次研修で周知済み") && l.contains("研修記録2026")),
        "{rows:?}"
    );
    let md = render(Format::Markdown, Lang::Ja);
    assert!(
        md.lines().any(|l| l.starts_with("| 1-1 |")
            && l.contains("年次研修で周知済み")
            && l.contains("付箋")),
        "{md}"
    );
}

#[test]
fn flagged_items_are_listed_in_the_header_of_every_format() {
    assert!(
        render(Format::Text, Lang::Ja)
            .lines()
            .any(|l| l.starts_with("付箋") && l.contains("1 (1-1)"))
    );
    assert!(render(Format::Markdown, Lang::En).contains("- **Flagged**: 1 (1-1)"));
    assert!(
        render(Format::Csv, Lang::Ja)
            .lines()
            .any(|l| l == "付箋,1-1")
    );
    let v: serde_json::Value = serde_json::from_str(&render(Format::Json, Lang::Ja)).unwrap();
    assert_eq!(v["flagged"], serde_json::json!(["1-1"]));
}

/// An item flagged before it is answered (`f` on it in the interview) is listed with the
/// flagged ones, unanswered, in every format (the workbook's item sheet marks it too).
#[test]
fn an_unanswered_flagged_item_is_listed_with_the_flagged() {
    let text = SHEET.replace(
        "    },\n)",
        "    },\n    notes: { \"2-3\": (flagged: true) },\n)",
    );
    let s = store::parse_sheet(&text, "items.ron").unwrap();
    let r = SheetReport::build(Catalog::builtin(Edition::Municipal), &s);
    let out = |format| {
        String::from_utf8(
            r.render(OutputOptions {
                format,
                lang: Lang::Ja,
                bom: false,
            })
            .unwrap(),
        )
        .unwrap()
    };
    assert!(
        out(Format::Text)
            .lines()
            .any(|l| l.starts_with("付箋") && l.contains("2 (1-1, 2-3)")),
        "{}",
        out(Format::Text)
    );
    let v: serde_json::Value = serde_json::from_str(&out(Format::Json)).unwrap();
    assert_eq!(v["flagged"], serde_json::json!(["1-1", "2-3"]));
    let item = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "2-3")
        .unwrap();
    assert!(item["score"].is_null() && item["flagged"] == true, "{item}");
}

const SIGNED: &str = r#"(
    format: 1,
    catalog: (id: "juki-municipal", revision: "H19"),
    organization: "例市",
    fiscal_year: 2026,
    respondent: "情報政策課",
    inspector: "住基 太郎",
    approver: "情報 統括",
    inspected_on: "2027-02-10",
    future_field: (x: 1),
    answers: {},
)"#;

#[test]
fn sign_off_fields_load_round_trip_and_keep_unknown_fields() {
    let s = store::parse_sheet(SIGNED, "signed.ron").unwrap();
    assert_eq!(s.inspector, "住基 太郎");
    assert_eq!(s.approver, "情報 統括");
    assert_eq!(s.inspected_on, "2027-02-10");
    let text = store::to_ron(&s);
    assert!(text.contains("inspector: \"住基 太郎\""), "{text}");
    assert!(text.contains("future_field: (x: 1)"), "{text}");
    assert_eq!(store::parse_sheet(&text, "again.ron").unwrap(), s);
    // An old file without them still loads, and does not grow them on save.
    let old = store::parse_sheet(SHEET, "old.ron").unwrap();
    assert_eq!(
        (
            old.inspector.as_str(),
            old.approver.as_str(),
            old.inspected_on.as_str()
        ),
        ("", "", "")
    );
    assert!(!store::to_ron(&old).contains("inspector"));
    assert_eq!(old.format, 1);
}

#[test]
fn every_report_prints_the_sign_off() {
    let s = store::parse_sheet(SIGNED, "signed.ron").unwrap();
    let r = SheetReport::build(Catalog::builtin(Edition::Municipal), &s);
    for format in [Format::Text, Format::Markdown, Format::Csv, Format::Json] {
        for lang in [Lang::Ja, Lang::En] {
            let out = String::from_utf8(
                r.render(OutputOptions {
                    format,
                    lang,
                    bom: false,
                })
                .unwrap(),
            )
            .unwrap();
            for v in ["住基 太郎", "情報 統括", "2027-02-10"] {
                assert!(out.contains(v), "{format:?} {lang:?} lacks {v}");
            }
        }
    }
    let text = String::from_utf8(
        r.render(OutputOptions {
            format: Format::Text,
            lang: Lang::Ja,
            bom: false,
        })
        .unwrap(),
    )
    .unwrap();
    assert!(
        text.lines()
            .any(|l| l.starts_with("点検実施者") && l.ends_with("住基 太郎")),
        "{text}"
    );
    assert!(
        text.lines()
            .any(|l| l.starts_with("確認者") && l.ends_with("情報 統括")),
        "{text}"
    );
    assert!(
        text.lines()
            .any(|l| l.starts_with("点検日") && l.contains("2027-02-10")),
        "{text}"
    );
    let v: serde_json::Value = serde_json::from_str(
        &String::from_utf8(
            r.render(OutputOptions {
                format: Format::Json,
                lang: Lang::Ja,
                bom: false,
            })
            .unwrap(),
        )
        .unwrap(),
    )
    .unwrap();
    assert_eq!(v["sign_off"]["inspector"], "住基 太郎");
    assert_eq!(v["sign_off"]["approver"], "情報 統括");
    assert_eq!(v["sign_off"]["inspected_on"], "2027-02-10");
}

/// Notes written on an item not answered yet (`notes`, #21.3) reach the hand-in: every format
/// shows them on the item's row, and the item stays unanswered (its score cell says so and
/// nothing counts it). A workbook with them reads back with `new --from`.
#[test]
fn notes_on_an_unanswered_item_are_in_every_format_and_it_stays_unanswered() {
    let src = SHEET.replace(
        "    answers: {",
        "    notes: { \"2-1\": (comment: \"来月の会議で決める\", evidence: \"会議案内メモ\", \
         plan: Some((action: \"手順書を起案\", owner: \"情報係\", due: \"2027-01-31\"))) },\n    answers: {",
    );
    let s = store::parse_sheet(&src, "notes.ron").unwrap();
    assert!(s.notes.contains_key("2-1") && !s.answers.contains_key("2-1"));
    let r = SheetReport::build(Catalog::builtin(Edition::Municipal), &s);
    let without = sheet();
    let plain = SheetReport::build(Catalog::builtin(Edition::Municipal), &without);
    assert_eq!(r.score, plain.score, "the notes count nowhere");
    let out = |format, lang| {
        let o = OutputOptions {
            format,
            lang,
            bom: false,
        };
        r.render(o).unwrap()
    };
    for format in [Format::Text, Format::Markdown, Format::Csv, Format::Json] {
        for lang in [Lang::Ja, Lang::En] {
            let text = String::from_utf8(out(format, lang)).unwrap();
            for written in ["来月の会議で決める", "会議案内メモ", "手順書を起案"]
            {
                assert!(text.contains(written), "{format:?} {lang:?}: {written}");
            }
        }
    }
    let text = String::from_utf8(out(Format::Text, Lang::Ja)).unwrap();
    let table = text.split("【回答一覧】").nth(1).unwrap();
    let row = table.lines().find(|l| l.starts_with("2-1 ")).unwrap();
    assert!(row.contains("未回答"), "{row}");
    let json: serde_json::Value = serde_json::from_slice(&out(Format::Json, Lang::Ja)).unwrap();
    let at = Catalog::builtin(Edition::Municipal)
        .position("2-1")
        .unwrap();
    let item = &json["items"][at];
    assert_eq!(item["id"], "2-1");
    assert!(item["score"].is_null(), "{item}");
    assert_eq!(item["comment"], "来月の会議で決める");
    assert_eq!(item["plan"]["action"], "手順書を起案");
    // The workbook's 回答 sheet: the notes on 2-1's row, its score cell empty.
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("r.xlsx");
    std::fs::write(&book, out(Format::Xlsx, Lang::Ja)).unwrap();
    let range = crate::util::xlsx::sheet(&book, "回答");
    let row = range
        .rows()
        .find(|r| matches!(&r[0], calamine::Data::String(id) if id == "2-1"))
        .unwrap();
    let cells: Vec<String> = row.iter().map(|c| c.to_string()).collect();
    assert!(cells.iter().any(|c| c == "来月の会議で決める"), "{cells:?}");
    assert!(cells.iter().any(|c| c == "手順書を起案"), "{cells:?}");
    assert_eq!(cells[4], "", "no score: {cells:?}");
    // `new --from` takes the workbook back (it used to refuse a row with text and no
    // score); 2-1 stays unanswered, and as from a `.ron` only answers are carried.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tenken"))
        .current_dir(dir.path())
        .args(["new", "back.ron", "--from", "r.xlsx"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let back = store::load_sheet(&dir.path().join("back.ron")).unwrap();
    assert!(!back.answers.contains_key("2-1"));
    assert!(back.answers.contains_key("1-1"));
}
