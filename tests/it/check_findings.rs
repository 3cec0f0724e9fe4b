//! Issue 12: what `tenken check` must find on a sheet about to be handed in.

use tenken::catalog::{Catalog, Edition};
use tenken::check::{Finding, findings};
use tenken::store;

fn parse(answers: &str) -> tenken::sheet::Sheet {
    store::parse_sheet(
        &format!(
            r#"(format: 1, catalog: (id: "juki-municipal", revision: "H19"), organization: "例市",
                fiscal_year: 2026, profile: {{ "important_room": false }}, answers: {{ {answers} }})"#
        ),
        "check.ron",
    )
    .unwrap()
}

#[test]
fn an_empty_sheet_is_not_problem_free() {
    let catalog = Catalog::builtin(Edition::Municipal);
    let f = findings(catalog, &parse(""));
    let unanswered = f
        .iter()
        .find_map(|x| match x {
            Finding::Unanswered(ids) => Some(ids.clone()),
            _ => None,
        })
        .expect("unanswered items are a finding");
    // 126 items, 7-1..7-5 excluded by the profile.
    assert_eq!(unanswered.len(), 121);
    assert_eq!(unanswered[0], "1-1");
    assert!(!unanswered.contains(&"7-1".to_string()));
}

#[test]
fn unconfirmed_drafts_are_not_also_unanswered() {
    let catalog = Catalog::builtin(Edition::Municipal);
    let f = findings(
        catalog,
        &parse(r#""1-1": (score: 3, unconfirmed: true), "1-2": (score: 3)"#),
    );
    let unanswered = f
        .iter()
        .find_map(|x| match x {
            Finding::Unanswered(ids) => Some(ids.clone()),
            _ => None,
        })
        .unwrap();
    assert_eq!(unanswered.len(), 119);
    assert!(!unanswered.contains(&"1-1".to_string()));
    assert!(
        f.iter()
            .any(|x| matches!(x, Finding::Unconfirmed(ids) if ids == &["1-1"]))
    );
}

#[test]
fn check_command_fails_an_empty_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("empty.ron");
    std::fs::write(&path, store::to_ron(&parse(""))).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tenken"))
        .args(["check"])
        .arg(&path)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(!stdout.contains("問題なし"), "{stdout}");
    assert!(stdout.contains("未回答"), "{stdout}");
}

#[test]
fn due_dates_are_read_in_western_and_japanese_forms() {
    use tenken::date::{normalize_due, parse_date};
    use time::macros::date;
    for s in [
        "2027-03-31",
        "令和9年3月31日",
        "R9.3.31",
        "r9/3/31",
        "２０２７／３／３１",
        "2027/3/31",
    ] {
        assert_eq!(parse_date(s), Some(date!(2027 - 03 - 31)), "{s}");
    }
    assert_eq!(parse_date("令和元年5月1日"), Some(date!(2019 - 05 - 01)));
    assert_eq!(parse_date("H31.4.30"), Some(date!(2019 - 04 - 30)));
    assert_eq!(parse_date("2027-02-30"), None);
    assert_eq!(parse_date("来年度中"), None);
    assert_eq!(normalize_due(" R9.3.31 "), "2027-03-31");
    assert_eq!(normalize_due("来年度中"), "来年度中");
}

#[test]
fn check_reports_plans_past_due_left_on_3_and_due_not_a_date() {
    use tenken::check::findings_on;
    use time::macros::date;
    let catalog = Catalog::builtin(Edition::Municipal);
    let sheet = parse(
        r#""1-1": (score: 2, plan: Some((action: "a", owner: "o", due: "2026-03-31"))),
           "1-2": (score: 2, plan: Some((action: "a", owner: "o", due: "R9.3.31"))),
           "1-3": (score: 3, plan: Some((action: "a", owner: "o", due: "2027-03-31"))),
           "1-4": (score: 1, plan: Some((action: "a", owner: "o", due: "来年度中")))"#,
    );
    let f = findings_on(catalog, &sheet, date!(2026 - 11 - 26));
    assert!(
        f.contains(&Finding::PastDue {
            id: "1-1".into(),
            due: "2026-03-31".into()
        }),
        "{f:?}"
    );
    assert!(
        !f.iter()
            .any(|x| matches!(x, Finding::PastDue { id, .. } if id == "1-2")),
        "{f:?}"
    );
    assert!(f.contains(&Finding::PlanAtThree("1-3".into())), "{f:?}");
    assert!(
        f.contains(&Finding::DueNotADate {
            id: "1-4".into(),
            due: "来年度中".into()
        }),
        "{f:?}"
    );
    for x in &f {
        assert!(!x.message(tenken::lang::Lang::Ja).is_empty());
    }
}

#[test]
fn the_plan_editor_stores_a_japanese_due_date_as_iso() {
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    use tenken::tui::editor::{NoteEditor, NoteKind};
    let mut e = NoteEditor::open(NoteKind::Plan, 0, &tenken::sheet::Notes::default());
    e.active = 2;
    for c in "令和9年3月31日".chars() {
        e.key(&KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
    let mut a = tenken::sheet::Notes::default();
    e.apply(&mut a);
    assert_eq!(a.plan.unwrap().due, "2027-03-31");
}

#[test]
fn plans_carried_by_new_from_stay_marked_until_edited() {
    use tenken::carry::carry_forward;
    use tenken::check::findings_on;
    use time::macros::{date, datetime};
    let catalog = Catalog::builtin(Edition::Municipal);
    let last =
        parse(r#""1-1": (score: 2, plan: Some((action: "a", owner: "o", due: "2027-03-31")))"#);
    let mut sheet = parse("");
    sheet.fiscal_year = 2027;
    carry_forward(
        catalog,
        &last,
        catalog,
        &mut sheet,
        &|_| true,
        datetime!(2027-04-01 9:00 +9),
    );
    assert!(sheet.answers["1-1"].plan.as_ref().unwrap().carried);
    // The mark survives a save and load, and confirming the score alone does not clear it.
    let mut sheet = store::parse_sheet(&store::to_ron(&sheet), "x.ron").unwrap();
    assert!(sheet.confirm("1-1", datetime!(2027-04-02 9:00 +9)));
    assert!(sheet.answers["1-1"].plan.as_ref().unwrap().carried);
    let f = findings_on(catalog, &sheet, date!(2027 - 04 - 02));
    assert!(
        f.contains(&Finding::PlanFromLastYear(vec!["1-1".into()])),
        "{f:?}"
    );
    let report = tenken::report::SheetReport::build(catalog, &sheet);
    let row = report.items.iter().find(|r| r.id == "1-1").unwrap();
    assert!(row.marks(tenken::lang::Lang::Ja).contains("前年度の計画"));
    // Editing the plan makes it this year's.
    let mut e = tenken::tui::editor::NoteEditor::open(
        tenken::tui::editor::NoteKind::Plan,
        0,
        &sheet.answers["1-1"].notes(),
    );
    e.active = 0;
    e.key(&ratatui::crossterm::event::KeyEvent::new(
        ratatui::crossterm::event::KeyCode::Char('x'),
        ratatui::crossterm::event::KeyModifiers::NONE,
    ));
    let mut notes = sheet.notes_of("1-1").unwrap();
    e.apply(&mut notes);
    sheet.set_notes("1-1", notes);
    assert!(!sheet.answers["1-1"].plan.as_ref().unwrap().carried);
}

/// A 点検日 that does not read as a date (the header form keeps such text as written, with a
/// warning) was not found by `check`, the last look before a sheet is handed in, and the
/// report printed it as written. It is a finding now, as a plan's due date is; a date in any
/// form read (ISO, 和暦, R9.2.10) and an empty 点検日 are not.
#[test]
fn check_reports_an_inspection_date_that_is_not_a_date() {
    use tenken::lang::Lang;
    let catalog = Catalog::builtin(Edition::Municipal);
    for (on, said) in [
        ("tomorrowish", true),
        ("来週", true),
        ("2026-12-01", false),
        ("令和8年12月1日", false),
        ("", false),
    ] {
        let mut sheet = parse("");
        sheet.inspected_on = on.into();
        let f = findings(catalog, &sheet);
        let messages: Vec<(String, String)> = f
            .iter()
            .map(|x| (x.message(Lang::Ja), x.message(Lang::En)))
            .collect();
        let found = messages.iter().any(|(ja, en)| {
            ja.contains(&format!("点検日「{on}」を日付として読めません"))
                && en.contains(&format!("the inspection date `{on}` is not a date"))
        });
        assert_eq!(found, said, "{on}: {messages:?}");
    }
}

#[test]
fn carried_plans_are_counted_in_the_words_of_each_language() {
    use tenken::lang::Lang;
    let one = Finding::PlanFromLastYear(vec!["7-4".into()]);
    let many = Finding::PlanFromLastYear(vec!["7-4".into(), "14-2".into()]);
    assert_eq!(
        one.message(Lang::Ja),
        "前年度から引き継いだまま見直していない改善計画 1 件: 7-4"
    );
    assert_eq!(
        many.message(Lang::Ja),
        "前年度から引き継いだまま見直していない改善計画 2 件: 7-4, 14-2"
    );
    assert_eq!(
        one.message(Lang::En),
        "1 improvement plan is still last year's, not reviewed since: 7-4"
    );
    assert_eq!(
        many.message(Lang::En),
        "2 improvement plans are still last year's, not reviewed since: 7-4, 14-2"
    );
}
