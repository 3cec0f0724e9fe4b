//! Last year against this year: same catalog, another revision, another edition.

use tenken::catalog::{Catalog, Edition};
use tenken::diff::{Change, diff};
use tenken::fiscal::FiscalYear;
use tenken::lang::Lang;
use tenken::sheet::{CatalogRef, Score, Sheet};
use time::macros::datetime;

const MINI: &str = include_str!("../fixtures/mini-catalog.ron");

fn sheet(c: &Catalog, year: i32, answers: &[(&str, u8)]) -> Sheet {
    let t = datetime!(2026-11-25 10:00 +9);
    let mut s = Sheet::new(
        CatalogRef {
            id: c.id.clone(),
            revision: c.revision.clone(),
        },
        "例市",
        FiscalYear(year),
        t,
    );
    for (id, v) in answers {
        s.set_score(id, Score::from_u8(*v).unwrap(), t);
    }
    s
}

#[test]
fn same_catalog_item_and_section_changes() {
    let c = Catalog::builtin(Edition::Municipal);
    let mut old = sheet(
        c,
        2025,
        &[("1-1", 2), ("1-2", 3), ("1-3", 3), ("1-4", 0), ("1-5", 3)],
    );
    old.answers.get_mut("1-1").unwrap().comment = "去年".into();
    let new = sheet(
        c,
        2026,
        &[("1-1", 3), ("1-2", 1), ("1-3", 3), ("1-4", 3), ("1-6", 2)],
    );
    let d = diff(c, &old, c, &new, Lang::Ja);
    let get = |id: &str| d.items.iter().find(|i| i.id == id).unwrap();
    assert_eq!(get("1-1").change, Change::Improved);
    assert!(get("1-1").comment_changed);
    assert_eq!(get("1-2").change, Change::Worse);
    assert!(
        get("1-2").fell_below_target,
        "1-2 is a 平成17年度 priority item"
    );
    assert_eq!(get("1-3").change, Change::Same);
    assert!(!get("1-3").fell_below_target);
    assert_eq!(get("1-4").change, Change::Changed);
    assert_eq!(get("1-5").change, Change::Unanswered);
    // At 3 last year and unanswered now: listed apart, not as a fall (issue 12).
    assert!(!get("1-5").fell_below_target);
    assert!(get("1-5").unanswered_now);
    assert_eq!(get("1-6").change, Change::Answered);
    assert_eq!(d.items.len(), 126);
    // Section 1: old (2+3+3+3)/4 = 2.75, new (3+1+3+3+2)/5 = 2.4.
    let m1 = &d.majors[0];
    assert_eq!(m1.old_average, Some(2.75));
    assert_eq!(m1.new_average, Some(2.4));
    assert!((m1.change.unwrap() + 0.35).abs() < 1e-12);
    assert_eq!(d.goals[0].no, "1");
    assert!(d.items.iter().all(|i| !i.wording_changed));
}

#[test]
fn another_revision_marks_wording_changes_new_and_removed_items() {
    let old_cat = Catalog::from_ron(MINI, "old").unwrap();
    let new_src = MINI
        .replace(
            "会議を開催している",
            "セキュリティ会議を定期的に開催している",
        )
        .replace(
            "(id: \"2-1\", text: \"入退室を管理している\"),",
            "(id: \"2-2\", text: \"入退室記録を保管している\"),",
        )
        .replace("items: [\"1-1\", \"2-1\"]", "items: [\"1-1\", \"2-2\"]")
        .replace("revision: \"R8\"", "revision: \"R9\"");
    let new_cat = Catalog::from_ron(&new_src, "new").unwrap();
    let old = sheet(&old_cat, 2026, &[("1-1", 3), ("1-2", 2), ("2-1", 3)]);
    let new = sheet(&new_cat, 2027, &[("1-1", 3), ("1-2", 3), ("2-2", 1)]);
    let d = diff(&old_cat, &old, &new_cat, &new, Lang::Ja);
    let ids: Vec<(&str, Change, bool)> = d
        .items
        .iter()
        .map(|i| (i.id.as_str(), i.change, i.wording_changed))
        .collect();
    assert_eq!(
        ids,
        vec![
            ("1-1", Change::Same, false),
            ("1-2", Change::Improved, true),
            ("2-2", Change::New, false),
            ("2-1", Change::Removed, false),
        ]
    );
    let w = &d.items[1];
    assert_eq!(w.old_text.as_deref(), Some("会議を開催している"));
    assert_eq!(
        w.new_text.as_deref(),
        Some("セキュリティ会議を定期的に開催している")
    );
    assert_eq!(d.items[3].old_score, Some(3));
    assert_eq!(d.items[3].new_text, None);
}

#[test]
fn another_edition_matches_items_by_id() {
    let m = Catalog::builtin(Edition::Municipal);
    let n = Catalog::builtin(Edition::National);
    let old = sheet(m, 2025, &[("2-4", 3), ("14-2", 3), ("43-1", 2), ("1-1", 3)]);
    let new = sheet(n, 2026, &[("14-2", 3), ("1-1", 3)]);
    let d = diff(m, &old, n, &new, Lang::En);
    let get = |id: &str| d.items.iter().find(|i| i.id == id).unwrap();
    assert_eq!(get("2-4").change, Change::Removed);
    assert_eq!(get("43-1").change, Change::Removed);
    // 14-2: 「CS端末から…」 vs 「本人確認情報を利用できる端末から…」.
    assert!(get("14-2").wording_changed);
    assert!(!get("1-1").wording_changed);
    assert_eq!(d.items.len(), 122 + 4);
    assert_eq!(d.majors.len(), 4);
}

/// Issue 19: an approver reading the diff knows what each listed item is (its wording) and
/// what became of the improvement plans, in every format.
#[test]
fn the_diff_names_every_listed_item_and_every_plan_change() {
    use crate::util::cli::{p, tenken};
    use crate::util::fixture::{PREVIOUS_SHEET, SHEET};
    use tenken::diff::PlanChange;
    use tenken::ron::ron_options;
    use tenken::sheet::Plan;
    let dir = tempfile::tempdir().unwrap();
    let last: Sheet = ron_options().from_str(PREVIOUS_SHEET).unwrap();
    let mut this: Sheet = ron_options().from_str(SHEET).unwrap();
    let t = datetime!(2026-11-25 10:00 +9);
    // Added (13-2), carried unchanged (33-1); the fixtures hold a change (18-1) and drops.
    this.answers.get_mut("13-2").unwrap().plan = Some(Plan {
        action: "手順書を作る".into(),
        owner: "情報政策課".into(),
        due: "R9.3.31".into(),
        carried: false,
    });
    this.set_score("33-1", Score::NotInPlace, t);
    this.answers.get_mut("33-1").unwrap().plan = last.answers["33-1"]
        .plan
        .clone()
        .map(|p| Plan { carried: true, ..p });
    let (r7, r8) = (dir.path().join("r7.ron"), dir.path().join("r8.ron"));
    tenken::store::save_sheet(&r7, &last).unwrap();
    tenken::store::save_sheet(&r8, &this).unwrap();
    let c = Catalog::builtin(Edition::Municipal);
    let d = diff(c, &last, c, &this, Lang::Ja);
    let plan = |id: &str| d.items.iter().find(|i| i.id == id).unwrap().plan_change;
    assert_eq!(plan("13-2"), Some(PlanChange::Added));
    assert_eq!(plan("33-1"), Some(PlanChange::Unchanged));
    assert_eq!(plan("18-1"), Some(PlanChange::Changed));
    assert_eq!(plan("1-6"), Some(PlanChange::Dropped));
    let listed: Vec<_> = d
        .items
        .iter()
        .filter(|i| {
            i.change != Change::Same
                || i.fell_below_target
                || i.unanswered_now
                || i.comment_changed
                || i.evidence_changed
                || i.plan_change.is_some()
        })
        .collect();
    assert!(listed.len() > 40, "{}", listed.len());

    let run = |format: &str| {
        let o = tenken(&["diff", p(&r7), p(&r8), "--format", format]);
        assert!(o.status.success(), "{o:?}");
        String::from_utf8(o.stdout).unwrap()
    };
    for (format, lang) in [("text", Lang::Ja), ("md", Lang::Ja)] {
        let out = run(format);
        for i in &listed {
            let wording = i.new_text.as_deref().or(i.old_text.as_deref()).unwrap();
            // In text the wording is cut to the line: its first ten characters at least.
            let start: String = wording.chars().take(10).collect();
            assert!(
                out.lines().any(|l| l
                    .trim_start_matches(['-', ' '])
                    .starts_with(&format!("{} ", i.id))
                    && l.contains(&start)),
                "{format}: {} is not named with its wording:\n{out}",
                i.id
            );
            if let Some(change) = i.plan_change {
                assert!(
                    out.contains(&format!("{:<6} {}", i.id, change.label(lang))),
                    "{format}: plan of {}",
                    i.id
                );
            }
        }
        if format == "text" {
            for l in out.lines() {
                assert!(
                    unicode_width::UnicodeWidthStr::width(l) <= 80 || !l.contains('~'),
                    "a line past 80 cells: {l}"
                );
            }
            assert!(
                out.contains("前年度のまま") && out.contains("追加"),
                "{out}"
            );
        } else {
            // Markdown has the whole wording.
            assert!(out.contains(
                "廃棄する際には、専用のソフトウェアによる消去又は媒体の物理的破壊等を行っている"
            ));
        }
    }
    let csv = run("csv");
    assert!(csv.lines().next().unwrap().contains("plan_change"));
    assert!(
        csv.lines()
            .any(|l| l.starts_with("33-1,") && l.contains("carried unchanged"))
    );
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
    assert_eq!(item("13-2")["plan_change"], "added");
    assert_eq!(item("13-2")["new_plan"]["action"], "手順書を作る");
    assert_eq!(item("1-6")["old_plan"]["owner"], "情報政策課");
    // The workbook: a sheet of the plans that moved, each with its wording.
    let book = dir.path().join("diff.xlsx");
    let o = tenken(&["diff", p(&r7), p(&r8), "-o", p(&book)]);
    assert!(o.status.success(), "{o:?}");
    let range = crate::util::xlsx::sheet(&book, "改善計画の変化");
    let (_, rows) = crate::util::xlsx::table(&range, "項目番号");
    let ids: Vec<String> = rows.iter().map(|r| r[0].to_string()).collect();
    assert_eq!(ids, ["1-6", "2-3", "13-2", "18-1", "33-1"]);
    assert!(rows.iter().all(|r| !r[2].to_string().is_empty()));
}

/// `diff --lang en` named every item by its Japanese wording, in every format, while the
/// report names it by the English reference translation: the guide's `--lang en` switches
/// labels and wording. The wording follows the language now (a removed item's too); whether
/// it changed is still judged on the authoritative Japanese.
#[test]
fn the_wording_is_in_the_language_asked_for() {
    let c = Catalog::builtin(Edition::Municipal);
    let old = sheet(c, 2025, &[("1-1", 1)]);
    let new = sheet(c, 2026, &[("1-1", 3)]);
    let item = c.item_at(c.path("1-1").unwrap());
    for (lang, text) in [(Lang::Ja, &item.text), (Lang::En, &item.en)] {
        let d = diff(c, &old, c, &new, lang);
        let i = d.items.iter().find(|i| i.id == "1-1").unwrap();
        assert_eq!(i.new_text.as_deref(), Some(text.as_str()), "{lang:?}");
    }
}

/// A draft this year (carried over by `new --from` and not confirmed) is said to be one, in
/// every language, not "now unanswered" as if the answer had been dropped; it still counts
/// nowhere (no score this year) and a priority item at 3 last year is still listed as not
/// answered this year. A draft where last year had no answer is listed too.
#[test]
fn a_draft_this_year_is_said_to_be_a_draft() {
    let c = Catalog::builtin(Edition::Municipal);
    let old = sheet(c, 2025, &[("1-1", 3), ("1-2", 2)]);
    let mut new = sheet(c, 2026, &[("1-1", 3), ("1-2", 2), ("1-3", 1)]);
    for id in ["1-1", "1-3"] {
        new.answers.get_mut(id).unwrap().unconfirmed = true;
    }
    // A draft on an item the profile excludes (8-1: no 重要機能室 only) is no pending answer,
    // as the interview and `sign` count drafts: not listed as one.
    new.profile.insert("important_room".into(), true);
    let mut excluded = tenken::sheet::Answer::new(Score::Operating);
    excluded.unconfirmed = true;
    new.answers.insert("8-1".into(), excluded);
    for lang in [Lang::Ja, Lang::En] {
        let d = diff(c, &old, c, &new, lang);
        let get = |id: &str| d.items.iter().find(|i| i.id == id).unwrap();
        for id in ["1-1", "1-3"] {
            assert_eq!(get(id).change, Change::Draft, "{id}");
        }
        assert_ne!(get("8-1").change, Change::Draft);
        assert_eq!(d.majors[0].new_average, Some(2.0), "a draft counts nowhere");
        assert!(
            get("1-1").unanswered_now,
            "1-1 is a priority item at 3 last year"
        );
        assert_eq!(get("1-2").change, Change::Same);
    }
    assert_eq!(Change::Draft.label(Lang::Ja), "下書き");
    assert_eq!(Change::Draft.label(Lang::En), "draft");
}

/// `diff --lang en` in text gives a plan's due date as the English report does (ISO), not in
/// 和暦; the workbook keeps its one printed style (和暦 with the Western date) in either
/// language, and the Japanese text keeps 和暦 with the Western date.
#[test]
fn an_english_diff_gives_due_dates_without_wareki() {
    let dir = tempfile::tempdir().unwrap();
    let c = Catalog::builtin(Edition::Municipal);
    let old = sheet(c, 2025, &[("1-1", 1)]);
    let mut new = sheet(c, 2026, &[("1-1", 2)]);
    new.answers.get_mut("1-1").unwrap().plan = Some(tenken::sheet::Plan {
        action: "規程を改める".into(),
        owner: "総務課".into(),
        due: "2027-03-31".into(),
        ..Default::default()
    });
    let (a, b) = (dir.path().join("a.ron"), dir.path().join("b.ron"));
    std::fs::write(&a, tenken::store::to_ron(&old)).unwrap();
    std::fs::write(&b, tenken::store::to_ron(&new)).unwrap();
    let text = |lang: &str| {
        let out = crate::util::cli::tenken(&[
            "--lang",
            lang,
            "diff",
            a.to_str().unwrap(),
            b.to_str().unwrap(),
        ]);
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let en = text("en");
    assert!(
        en.contains("due: 2027-03-31") && !en.contains("令和"),
        "{en}"
    );
    assert!(text("ja").contains("令和9年3月31日 (2027-03-31)"));
}
