//! Starting a year from last year's sheet: carried answers are unconfirmed drafts that count
//! nowhere, wording changes are never silent, and no answer given this year is overwritten.

use std::collections::BTreeMap;
use std::process::Command;

use proptest::prelude::*;
use tenken::carry::carry_forward;
use tenken::catalog::{Catalog, Edition};
use tenken::fiscal::FiscalYear;
use tenken::score::score_sheet;
use tenken::sheet::{Answer, CatalogRef, Score, Sheet};
use tenken::store;
use time::macros::datetime;

const LAST: &str = include_str!("../fixtures/years/municipal-r7.ron");
const THIS: &str = include_str!("../fixtures/years/municipal-r8.ron");

fn now() -> time::OffsetDateTime {
    datetime!(2026-11-25 10:00 +9)
}

#[test]
fn same_catalog_carries_drafts_that_count_nowhere_and_keeps_this_years_answers() {
    let c = Catalog::builtin(Edition::Municipal);
    let last = store::parse_sheet(LAST, "last.ron").unwrap();
    let mut this = store::parse_sheet(THIS, "this.ron").unwrap();
    let before = this.answers.clone();
    let p = carry_forward(c, &last, c, &mut this, &|_| true, now());
    assert_eq!(p.carried, vec!["1-2", "2-4", "14-2", "43-1"]);
    assert_eq!(p.kept, vec!["1-1", "1-6", "18-1"]);
    assert!(p.wording_changed.is_empty() && p.new_items.is_empty() && p.removed.is_empty());
    for (id, a) in &before {
        assert_eq!(&this.answers[id], a, "{id} answered this year is untouched");
    }
    let draft = &this.answers["2-4"];
    assert!(draft.unconfirmed);
    assert_eq!(draft.score, Score::NotInPlace);
    assert_eq!(draft.plan.as_ref().unwrap().action, "委託管理規程を作成");
    // Drafts count nowhere: the same scores as before the carry, and 4 to confirm.
    let scored = score_sheet(c, &this);
    let mut plain = this.clone();
    plain.answers.retain(|_, a| !a.unconfirmed);
    assert_eq!(scored.majors, score_sheet(c, &plain).majors);
    assert_eq!(scored.unconfirmed, 4);
    assert_eq!(this.score("2-4"), None);
    // Confirming one counts it; answering another replaces and confirms it.
    assert!(this.confirm("2-4", now()));
    assert_eq!(this.score("2-4"), Some(Score::NotInPlace));
    assert!(this.set_score("14-2", Score::Documented, now()));
    assert!(!this.answers["14-2"].unconfirmed);
    assert_eq!(score_sheet(c, &this).unconfirmed, 2);
    // And the drafts survive a save and load.
    let text = store::to_ron(&this);
    assert_eq!(store::parse_sheet(&text, "again.ron").unwrap(), this);
}

#[test]
fn another_revision_reports_wording_changes_new_and_removed_items() {
    let old_cat = Catalog::builtin(Edition::Municipal);
    let src = include_str!("../../catalog/juki-municipal.ron")
        .replace("revision: \"H19\"", "revision: \"R8\"")
        .replace("操作履歴をチェックしている", "操作履歴を週1回以上チェックしている")
        .replace(
            "(id: \"43-3\", text: \"住民から受領した顔写真について、適切に廃棄・管理している\"",
            "(id: \"43-4\", text: \"マイナンバーカードへの移行に伴い、住民基本台帳カードを適切に回収している\"",
        );
    let src = src.replace("\"43-3\": (averages", "\"43-4\": (averages");
    let new_cat = Catalog::from_ron(&src, "r8.ron").unwrap();
    let mut last = store::parse_sheet(LAST, "last.ron").unwrap();
    last.answers
        .insert("43-3".into(), Answer::new(Score::Operating));
    let mut this = Sheet::new(
        CatalogRef {
            id: new_cat.id.clone(),
            revision: new_cat.revision.clone(),
        },
        "例市",
        FiscalYear(2026),
        now(),
    );
    let p = carry_forward(old_cat, &last, &new_cat, &mut this, &|_| true, now());
    assert_eq!(p.wording_changed, vec!["18-1"]);
    assert!(
        this.answers["18-1"].unconfirmed,
        "a changed wording is never carried as confirmed"
    );
    assert_eq!(p.new_items, vec!["43-4"]);
    assert_eq!(p.removed, vec!["43-3"]);
    assert!(!this.answers.contains_key("43-3") && !this.answers.contains_key("43-4"));
}

#[test]
fn another_edition_carries_matching_ids_only() {
    let m = Catalog::builtin(Edition::Municipal);
    let n = Catalog::builtin(Edition::National);
    let last = store::parse_sheet(LAST, "last.ron").unwrap();
    let mut this = Sheet::new(
        CatalogRef {
            id: n.id.clone(),
            revision: n.revision.clone(),
        },
        "例市",
        FiscalYear(2026),
        now(),
    );
    let p = carry_forward(m, &last, n, &mut this, &|_| true, now());
    assert_eq!(p.carried, vec!["1-1", "1-2", "1-6", "14-2", "18-1"]);
    // 14-2 「CS端末から…」 / 「本人確認情報を利用できる端末から…」; 1-6 and 18-1 read the same.
    assert_eq!(p.wording_changed, vec!["14-2"]);
    assert_eq!(p.removed, vec!["2-4", "43-1"]);
}

#[test]
fn new_from_previews_then_writes_and_dry_run_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let last = dir.path().join("r7.ron");
    std::fs::write(&last, LAST).unwrap();
    let this = dir.path().join("r8.ron");
    let run = |extra: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_tenken"))
            .args([
                "new",
                this.to_str().unwrap(),
                "--from",
                last.to_str().unwrap(),
            ])
            .args(extra)
            .output()
            .unwrap()
    };
    let dry = run(&["--dry-run"]);
    assert!(dry.status.success());
    let preview = String::from_utf8_lossy(&dry.stdout);
    assert!(
        preview.contains("7 件の回答を下書きとして引き継ぎ"),
        "{preview}"
    );
    assert!(!this.exists());
    assert!(
        preview.contains("は作成していません (--dry-run)"),
        "{preview}"
    );
    let made = run(&[]);
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    // It says how to open the sheet next, with last year's beside it (#21.12).
    let said = String::from_utf8_lossy(&made.stdout);
    let next = format!(
        "tenken open {} --previous {}",
        this.display(),
        last.display()
    );
    assert!(said.contains(&next), "{said}");
    let sheet = store::load_sheet(&this).unwrap();
    assert_eq!(sheet.organization, "例市");
    assert_eq!(sheet.fiscal_year, 2026, "the year after last year's");
    assert_eq!(sheet.respondent, "情報政策課");
    assert_eq!(
        sheet.profile,
        BTreeMap::from([("important_room".to_string(), true)])
    );
    assert_eq!(sheet.answers.len(), 7);
    assert!(sheet.answers.values().all(|a| a.unconfirmed));
    // Refuses to overwrite.
    assert!(!run(&[]).status.success());
    // `check` lists what is left to confirm.
    let check = Command::new(env!("CARGO_BIN_EXE_tenken"))
        .args(["check", this.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(check.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&check.stdout).contains("下書き 7 件"));
}

fn any_answers(ids: Vec<String>) -> impl Strategy<Value = BTreeMap<String, (u8, bool)>> {
    prop::collection::btree_map(prop::sample::select(ids), (0u8..4, any::<bool>()), 0..60)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    /// Carry-forward never overwrites an answer already in this year's sheet, confirmed or not,
    /// and everything it adds is unconfirmed.
    #[test]
    fn carry_forward_never_overwrites(
        last in any_answers(Catalog::builtin(Edition::Municipal).items().map(|(_, i)| i.id.clone()).collect()),
        this in any_answers(Catalog::builtin(Edition::Municipal).items().map(|(_, i)| i.id.clone()).collect()),
        only_even in any::<bool>(),
    ) {
        let c = Catalog::builtin(Edition::Municipal);
        let make = |answers: &BTreeMap<String, (u8, bool)>| {
            let mut s = Sheet::new(CatalogRef { id: c.id.clone(), revision: c.revision.clone() }, "例市", FiscalYear(2026), now());
            for (id, (v, unconfirmed)) in answers {
                let mut a = Answer::new(Score::from_u8(*v).unwrap());
                a.unconfirmed = *unconfirmed;
                a.comment = format!("{id} {v}");
                s.answers.insert(id.clone(), a);
            }
            s
        };
        let old = make(&last);
        let mut new = make(&this);
        let before = new.answers.clone();
        let wanted = |id: &str| !only_even || id.ends_with(['2', '4', '6']);
        let p = carry_forward(c, &old, c, &mut new, &wanted, now());
        for (id, a) in &before {
            prop_assert_eq!(&new.answers[id], a);
        }
        for id in &p.carried {
            prop_assert!(!before.contains_key(id));
            prop_assert!(new.answers[id].unconfirmed);
            prop_assert_eq!(new.answers[id].score, old.answers[id].score);
            prop_assert!(wanted(id));
        }
        prop_assert_eq!(new.answers.len(), before.len() + p.carried.len());
    }
}

/// Notes written on an item left unanswered last year (a comment, evidence, a plan) were
/// dropped by `new --from`, though reading a report's table said it had read them: they come
/// along as notes (the item stays unanswered), from a sheet and from its report workbook and
/// CSV, and the preview lists them.
#[test]
fn notes_on_items_left_unanswered_come_along_and_are_listed() {
    let dir = tempfile::tempdir().unwrap();
    let mut last = store::parse_sheet(LAST, "last.ron").unwrap();
    let id = tenken::catalog::Catalog::builtin(Edition::Municipal)
        .items()
        .map(|(_, it)| it.id.clone())
        .find(|id| !last.answers.contains_key(id))
        .unwrap();
    let notes = tenken::sheet::Notes {
        comment: "総務課に確認中".into(),
        evidence: "規程案".into(),
        ..Default::default()
    };
    last.notes.insert(id.clone(), notes);
    let r7 = dir.path().join("r7.ron");
    std::fs::write(&r7, store::to_ron(&last)).unwrap();
    let mut froms = vec![r7.clone()];
    for ext in ["xlsx", "csv"] {
        let report = dir.path().join(format!("r7.{ext}"));
        let o = Command::new(env!("CARGO_BIN_EXE_tenken"))
            .args([
                "report",
                r7.to_str().unwrap(),
                "-o",
                report.to_str().unwrap(),
            ])
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        froms.push(report);
    }
    for (k, from) in froms.iter().enumerate() {
        let this = dir.path().join(format!("r8-{k}.ron"));
        let o = Command::new(env!("CARGO_BIN_EXE_tenken"))
            .args([
                "new",
                this.to_str().unwrap(),
                "--from",
                from.to_str().unwrap(),
            ])
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let said = String::from_utf8_lossy(&o.stdout);
        assert!(
            said.contains(&format!("1 件の未回答の項目のメモを引き継ぎ: {id}")),
            "{from:?}: {said}"
        );
        let sheet = store::load_sheet(&this).unwrap();
        assert!(!sheet.answers.contains_key(&id), "{from:?}");
        let n = sheet
            .notes
            .get(&id)
            .unwrap_or_else(|| panic!("{from:?}: no notes"));
        assert_eq!(
            (n.comment.as_str(), n.evidence.as_str()),
            ("総務課に確認中", "規程案"),
            "{from:?}"
        );
    }
}
