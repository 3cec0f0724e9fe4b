//! `update()` for the previous-year actions, on the test sheet (a copy of the demo's, 令和8年度) beside
//! its previous year (`app/fixtures/sheet-r7.ron`), and on pairs of editions.

use super::*;
use crate::catalog::Edition;
use crate::sheet::Notes;
use crate::tui::app::tests::{PREVIOUS_SHEET, SHEET, demo_app, press};
use time::macros::datetime;

const NOW: OffsetDateTime = datetime!(2026-11-25 11:00 +9);

fn parse(src: &str) -> Sheet {
    crate::ron::ron_options().from_str(src).unwrap()
}

fn last_year(edition: Edition) -> PreviousSheet {
    PreviousSheet {
        catalog: Catalog::builtin(edition),
        sheet: parse(PREVIOUS_SHEET),
        name: "demo-r7.ron".into(),
    }
}

fn app() -> App {
    demo_app().with_previous(last_year(Edition::Municipal))
}

fn key(app: &mut App, c: char) -> Vec<Effect> {
    press(app, KeyCode::Char(c))
}

fn go(app: &mut App, id: &str) {
    let p = app.catalog.position(id).unwrap();
    app.go_to_item(p);
}

fn here(app: &App) -> String {
    app.item_id(app.current_item().expect("cursor on an item"))
}

/// Presses `c`: where the cursor lands and what the app says.
fn trip(app: &mut App, c: char) -> (String, Option<&str>) {
    key(app, c);
    (here(app), app.message.as_deref())
}

/// Presses `c` `n` times: where the cursor lands each time.
fn trips(app: &mut App, c: char, n: usize) -> Vec<String> {
    (0..n).map(|_| trip(app, c).0).collect()
}

/// Presses `c` and checks the app refused or had nothing to do: no dialog, a word that says why.
fn refuses(app: &mut App, c: char, why: &str) -> Vec<Effect> {
    let effects = key(app, c);
    assert!(matches!(app.mode, Mode::Normal), "{c}: no dialog");
    let said = app.message.as_deref().unwrap_or_default();
    assert!(said.contains(why), "{c}: {said:?} says {why:?}");
    effects
}

fn consistent(app: &App) {
    assert_eq!(app.score, score_sheet(app.catalog, &app.sheet));
}

#[test]
fn previous_is_shown_and_v_hides_and_shows_it() {
    let mut a = app();
    assert!(a.shown_previous().is_some());
    key(&mut a, 'v');
    assert!(a.previous.is_some() && a.shown_previous().is_none());
    key(&mut a, 'v');
    assert!(a.shown_previous().is_some());
}

#[test]
fn v_without_a_previous_sheet_asks_for_a_file_and_the_loop_loads_it() {
    let mut a = demo_app();
    key(&mut a, 'v');
    assert!(matches!(
        a.mode,
        Mode::Prompt {
            kind: PromptKind::LoadPrevious,
            ..
        }
    ));
    for c in "年度/r7.ron".chars() {
        key(&mut a, c);
    }
    let effects = press(&mut a, KeyCode::Enter);
    assert_eq!(effects, vec![Effect::LoadPrevious("年度/r7.ron".into())]);
    assert!(matches!(a.mode, Mode::Normal));
    // The loop reports back.
    let _ = a.update(Action::PreviousFailed("r7.ron: cannot open".into()), NOW);
    assert!(a.previous.is_none());
    assert!(a.message.as_deref().unwrap().contains("cannot open"));
    let _ = a.update(
        Action::PreviousLoaded(Box::new(last_year(Edition::Municipal))),
        NOW,
    );
    assert!(a.shown_previous().is_some());
    assert!(a.message.as_deref().unwrap().starts_with("前年 令和7年度"));
    // V asks again (another file); an empty answer cancels, nothing is read.
    key(&mut a, 'V');
    assert!(press(&mut a, KeyCode::Enter).is_empty());
    assert!(a.previous.is_some());
}

#[test]
fn previous_year_keys_without_a_previous_sheet_say_how_to_load_one() {
    let mut a = demo_app();
    let before = a.sheet.clone();
    for c in ['t', 'T', 'd', 'b', 'R'] {
        key(&mut a, c);
        assert!(matches!(a.mode, Mode::Normal), "{c}");
        assert!(a.message.as_deref().unwrap().contains("V"), "{c}");
    }
    assert_eq!(a.sheet, before);
}

#[test]
fn t_takes_last_years_answer_into_an_unanswered_item_confirmed_and_undoable() {
    let mut a = app();
    assert_eq!(here(&a), "2-3");
    let effects = key(&mut a, 't');
    assert_eq!(effects, vec![Effect::Save]);
    let taken = &a.sheet.answers["2-3"];
    assert_eq!(taken.score, Score::Documented);
    assert!(!taken.unconfirmed, "an explicit take is a confirmed answer");
    assert_eq!(
        taken.comment,
        "情報資産管理規程に電子記録媒体の管理手順がない"
    );
    assert_eq!(
        taken.plan.as_ref().unwrap().action,
        "情報資産管理規程に電子記録媒体の管理手順を加える"
    );
    assert_eq!(a.sheet.score("2-3"), Some(Score::Documented));
    consistent(&a);
    assert_eq!(here(&a), "9-2", "moves on like an answer");
    key(&mut a, 'u');
    assert!(!a.sheet.answers.contains_key("2-3"));
    assert_eq!(here(&a), "2-3");
    consistent(&a);
}

/// `t` on an unanswered item with notes written this year (at the meeting, before deciding)
/// took last year's answer over them: the comment and evidence were gone without a word (`u`
/// brought them back). A first answer keeps the notes, as a digit and a bulk take do: what was
/// written this year stays, last year's fills what is empty, and it is said. The plan taken is
/// last year's, marked as such until it is opened (`[前年度の計画: p で見直す]`), as every other
/// way last year's plan arrives; a second `t` finds nothing to take.
#[test]
fn t_keeps_the_notes_written_this_year_and_marks_last_years_plan() {
    let mut a = app();
    go(&mut a, "2-3");
    let written = Notes {
        comment: "電子記録媒体の手順は課内で協議中".into(),
        evidence: "協議メモ 11/20".into(),
        ..Notes::default()
    };
    a.sheet.notes.insert("2-3".into(), written.clone());
    assert_eq!(key(&mut a, 't'), vec![Effect::Save]);
    let taken = &a.sheet.answers["2-3"];
    assert_eq!(taken.score, Score::Documented);
    assert!(!taken.unconfirmed);
    assert_eq!(taken.comment, written.comment, "this year's comment stays");
    assert_eq!(
        taken.evidence, written.evidence,
        "this year's evidence stays"
    );
    let plan = taken
        .plan
        .as_ref()
        .expect("last year's plan fills the empty one");
    assert_eq!(
        plan.action,
        "情報資産管理規程に電子記録媒体の管理手順を加える"
    );
    assert!(plan.carried, "last year's plan, to be reviewed");
    assert!(!a.sheet.notes.contains_key("2-3"));
    let said = a.message.clone().unwrap_or_default();
    assert!(said.contains("今年書いたメモ"), "{said}");
    consistent(&a);
    // The answer is not last year's whole now: a second `t` would replace this year's notes,
    // and asks first.
    go(&mut a, "2-3");
    assert!(key(&mut a, 't').is_empty());
    assert!(matches!(a.mode, Mode::ConfirmReplace { .. }));
    key(&mut a, 'n');
    key(&mut a, 'u');
    assert!(!a.sheet.answers.contains_key("2-3"));
    assert_eq!(
        a.sheet.notes["2-3"], written,
        "undone: the notes as they were"
    );
    consistent(&a);
    // Without notes, last year's answer is taken whole, its plan marked; taking it again
    // finds it there already (the mark is no difference).
    a.sheet.notes.remove("2-3");
    go(&mut a, "2-3");
    key(&mut a, 't');
    assert!(a.sheet.answers["2-3"].plan.as_ref().unwrap().carried);
    go(&mut a, "2-3");
    assert!(refuses(&mut a, 't', "同じ").is_empty());
}

#[test]
fn t_does_not_let_blank_notes_of_this_year_hide_last_years_text() {
    let mut a = app();
    go(&mut a, "2-3");
    // A comment of spaces only and a flag: no text written this year.
    let written = Notes {
        comment: "  ".into(),
        evidence: "\n".into(),
        flagged: true,
        ..Notes::default()
    };
    a.sheet.notes.insert("2-3".into(), written);
    assert_eq!(key(&mut a, 't'), vec![Effect::Save]);
    let taken = &a.sheet.answers["2-3"];
    assert_eq!(
        taken.comment, "情報資産管理規程に電子記録媒体の管理手順がない",
        "last year's comment, not this year's blanks"
    );
    assert!(taken.evidence.is_empty(), "{:?}", taken.evidence);
    assert!(taken.flagged, "the flag stays");
    let said = a.message.clone().unwrap_or_default();
    assert!(!said.contains("今年書いたメモ"), "{said}");
    consistent(&a);
}

#[test]
fn t_over_an_answer_given_this_year_asks_first() {
    let mut a = app();
    go(&mut a, "18-1");
    let before = a.sheet.answers["18-1"].clone();
    assert!(key(&mut a, 't').is_empty());
    assert!(matches!(a.mode, Mode::ConfirmReplace { .. }));
    key(&mut a, 'n');
    assert_eq!(a.sheet.answers["18-1"], before, "declined: untouched");
    key(&mut a, 't');
    assert_eq!(key(&mut a, 'y'), vec![Effect::Save]);
    let now = &a.sheet.answers["18-1"];
    assert_eq!(now.score, Score::NotInPlace);
    assert_eq!(now.comment, "操作履歴を確認していない");
    assert_eq!(now.evidence, "");
    assert!(now.flagged, "the review flag is this year's and stays");
    assert_eq!(now.history.last().unwrap().score, Score::Documented);
    consistent(&a);
    key(&mut a, 'u');
    assert_eq!(a.sheet.answers["18-1"], before);
    // The same answer as last year: nothing to take.
    go(&mut a, "1-1");
    a.sheet.answers.get_mut("1-1").unwrap().evidence = "セキュリティ組織規程 第3条".into();
    assert!(refuses(&mut a, 't', "同じ").is_empty());
}

#[test]
fn t_refuses_items_last_year_did_not_answer_and_excluded_items() {
    let mut a = app();
    go(&mut a, "31-1");
    assert!(refuses(&mut a, 't', "回答していません").is_empty());
    go(&mut a, "8-1");
    assert!(refuses(&mut a, 't', "対象外").is_empty());
    assert!(!a.sheet.answers.contains_key("31-1") && !a.sheet.answers.contains_key("8-1"));
}

#[test]
fn bulk_take_asks_then_adds_unconfirmed_drafts_only_where_unanswered_as_one_undo_step() {
    let mut a = app();
    let before = a.sheet.clone();
    let score_before = a.score.clone();
    assert!(key(&mut a, 'T').is_empty());
    let Mode::ConfirmTake {
        node: None,
        ids,
        kept,
        ..
    } = &a.mode
    else {
        panic!("asks first: {:?}", a.mode);
    };
    // Unanswered applicable items that last year answered: every one but 31-1, 31-2.
    assert_eq!(*kept, 60);
    assert_eq!(ids.len(), 61);
    assert!(
        !ids.iter()
            .any(|id| id.starts_with("8-") || id.starts_with("31-"))
    );
    key(&mut a, 'n');
    assert_eq!(a.sheet, before, "declined: nothing taken");
    key(&mut a, 'T');
    assert_eq!(key(&mut a, 'y'), vec![Effect::Save]);
    for (id, answer) in &before.answers {
        assert_eq!(
            &a.sheet.answers[id], answer,
            "{id} answered this year untouched"
        );
    }
    let draft = &a.sheet.answers["2-3"];
    assert!(draft.unconfirmed);
    assert_eq!(draft.score, Score::Documented);
    // Drafts count nowhere: the numbers did not move, 61 wait for confirmation.
    assert_eq!(a.score.overall, score_before.overall);
    assert_eq!(a.score.unconfirmed, 61);
    consistent(&a);
    key(&mut a, 'u');
    assert_eq!(a.sheet.answers, before.answers, "one undo step");
    key(&mut a, 'T');
    key(&mut a, 'y');
    // Nothing left to take the second time.
    refuses(&mut a, 'T', "ありません");
}

#[test]
fn t_on_a_heading_takes_that_section_only() {
    let mut a = app();
    go(&mut a, "23-1");
    key(&mut a, 'h'); // to 管理目標 23
    let goal = a.cursor;
    assert!(!goal.is_item());
    key(&mut a, 't');
    let Mode::ConfirmTake {
        node, ids, kept, ..
    } = &a.mode
    else {
        panic!("asks first");
    };
    assert_eq!(*node, Some(goal));
    assert_eq!(*kept, 2, "23-1 and 23-2 are answered this year");
    let expected: Vec<String> = goal
        .items(a.catalog)
        .map(|p| a.item_id(p))
        .filter(|id| !a.sheet.answers.contains_key(id))
        .collect();
    assert_eq!(ids, &expected);
    key(&mut a, 'y');
    assert_eq!(a.cursor, goal);
    assert!(a.sheet.answers["23-3"].unconfirmed);
    assert!(
        !a.sheet.answers.contains_key("24-1"),
        "other sections untouched"
    );
}

#[test]
fn enter_confirms_a_draft_unchanged_and_moves_on_a_digit_replaces_it() {
    let mut a = app();
    key(&mut a, 'T');
    key(&mut a, 'y');
    assert_eq!(a.score.unconfirmed, 61);
    go(&mut a, "2-3");
    assert_eq!(press(&mut a, KeyCode::Enter), vec![Effect::Save]);
    assert_eq!(a.sheet.score("2-3"), Some(Score::Documented));
    assert!(!a.sheet.answers["2-3"].unconfirmed);
    assert_eq!(a.score.unconfirmed, 60);
    assert_eq!(here(&a), "2-3", "stays: its plan is last year's (#21.7)");
    assert!(press(&mut a, KeyCode::Enter).is_empty());
    assert_eq!(here(&a), "9-2", "then advances like an answer");
    consistent(&a);
    key(&mut a, '3');
    assert_eq!(a.sheet.score("9-2"), Some(Score::Operating));
    assert!(!a.sheet.answers["9-2"].unconfirmed);
    assert_eq!(
        a.sheet.answers["9-2"].comment, "CS端末の設置場所を記録していない",
        "a digit replaces the score and keeps the carried notes"
    );
    assert_eq!(a.score.unconfirmed, 59);
    consistent(&a);
    key(&mut a, 'u');
    assert!(a.sheet.answers["9-2"].unconfirmed);
    // Enter on a confirmed item changes nothing and moves on (#21.4).
    go(&mut a, "1-1");
    assert!(press(&mut a, KeyCode::Enter).is_empty());
    assert_ne!(here(&a), "1-1");
}

#[test]
fn m_goes_to_unconfirmed_drafts_also_without_a_previous_sheet() {
    let mut a = demo_app();
    key(&mut a, 'm');
    assert_eq!(a.message.as_deref(), Some("下書きはありません"));
    for id in ["5-2", "40-1"] {
        let d = a
            .sheet
            .answers
            .entry(id.into())
            .or_insert_with(|| Answer::new(Score::Operating));
        d.unconfirmed = true;
    }
    a.rescore();
    go(&mut a, "1-1");
    assert_eq!(trip(&mut a, 'm'), ("5-2".into(), None));
    assert_eq!(
        trip(&mut a, 'm'),
        ("40-1".into(), None),
        "no word when not going round"
    );
    assert_eq!(
        trip(&mut a, 'm'),
        ("5-2".into(), Some(WRAPPED_FORWARD)),
        "wraps around and says it went round"
    );
    assert_eq!(trip(&mut a, 'M'), ("40-1".into(), Some(WRAPPED_BACK)));
}

const WRAPPED_FORWARD: &str = "末尾まで進んだので先頭から続けました";
const WRAPPED_BACK: &str = "先頭まで戻ったので末尾から続けました";

#[test]
fn d_goes_to_answers_that_changed_and_b_to_items_below_3_last_year() {
    let mut a = app();
    go(&mut a, "1-1");
    let changed = trips(&mut a, 'd', 6);
    // 1-6 2→3, 11-3 2→3, 12-1 3→2, 15-2 1→2, 18-1 1→2, then around again.
    assert_eq!(changed, ["1-6", "11-3", "12-1", "15-2", "18-1", "1-6"]);
    assert_eq!(
        a.message.as_deref(),
        Some(WRAPPED_FORWARD),
        "d says it went round"
    );
    assert_eq!(
        trip(&mut a, 'D'),
        ("18-1".into(), Some(WRAPPED_BACK)),
        "D says it went round"
    );
    go(&mut a, "1-1");
    let below = trips(&mut a, 'b', 8);
    assert_eq!(
        below,
        ["1-6", "2-3", "9-2", "11-3", "13-2", "15-2", "18-1", "23-3"]
    );
    assert_eq!(trip(&mut a, 'B').0, "18-1");
    // From the first one back round to the last, and forward round to the first again.
    go(&mut a, "1-6");
    let (last, said) = trip(&mut a, 'B');
    assert_ne!(last, "1-6");
    assert_eq!(said, Some(WRAPPED_BACK), "B says it went round");
    assert_eq!(
        trip(&mut a, 'b'),
        ("1-6".into(), Some(WRAPPED_FORWARD)),
        "b says it went round"
    );
}

#[test]
fn read_only_sheets_can_show_last_year_but_take_nothing() {
    let mut a = app().read_only_because("kiosk pid 1".into());
    key(&mut a, 'y');
    let before = a.sheet.clone();
    for c in ['t', 'T'] {
        refuses(&mut a, c, "読み取り専用");
    }
    key(&mut a, 'd');
    assert_ne!(here(&a), "2-3", "navigation still works");
    assert_eq!(a.sheet, before);
}

#[test]
fn r_shows_the_comparison_and_any_key_closes_it() {
    let mut a = app();
    key(&mut a, 'R');
    assert!(matches!(a.mode, Mode::PreviousSummary { scroll: 0 }));
    key(&mut a, 'j');
    assert!(matches!(a.mode, Mode::PreviousSummary { scroll: 1 }));
    press(&mut a, KeyCode::Esc);
    assert!(matches!(a.mode, Mode::Normal));
}

#[test]
fn another_edition_last_year_wording_changes_and_removed_items() {
    // Last year the municipal edition, this year the national one.
    let this = Catalog::builtin(Edition::National);
    let mut sheet = parse(SHEET);
    sheet.catalog.id = this.id.clone();
    sheet.answers.remove("2-4");
    let mut a = App::new(this, sheet, "n.ron", Options::default())
        .with_previous(last_year(Edition::Municipal));
    let prev = a.previous.as_ref().unwrap();
    let removed: Vec<String> = prev.removed.iter().map(|r| r.id.clone()).collect();
    assert_eq!(removed, ["2-4", "43-1", "43-2", "43-3"]);
    let p51 = a.catalog.position("5-1").unwrap();
    assert!(prev.wording_changed(p51));
    // Whole-sheet take: removed items are never taken, reworded ones arrive unconfirmed.
    key(&mut a, 'T');
    let Mode::ConfirmTake { ids, wording, .. } = &a.mode else {
        panic!("asks first");
    };
    assert!(!ids.iter().any(|id| removed.contains(id)));
    assert!(*wording > 0);
    let reworded: Vec<String> = ids
        .iter()
        .filter(|id| {
            crate::diff::wording_changed(a.previous.as_ref().unwrap().catalog, a.catalog, id)
        })
        .cloned()
        .collect();
    assert_eq!(reworded.len(), *wording);
    key(&mut a, 'y');
    for id in &reworded {
        assert!(a.sheet.answers[id].unconfirmed, "{id}");
    }
    consistent(&a);
    // Last year national, this year municipal: 2-4 and 43-x are new, nothing to take.
    let mut a = demo_app().with_previous(PreviousSheet {
        catalog: Catalog::builtin(Edition::National),
        sheet: {
            let mut s = parse(PREVIOUS_SHEET);
            s.catalog.id = "juki-national".into();
            s
        },
        name: "n7.ron".into(),
    });
    go(&mut a, "43-1");
    key(&mut a, 't');
    assert!(a.message.as_deref().unwrap().contains("新設"));
    assert!(!a.sheet.answers.contains_key("43-1"));
}

#[test]
fn opening_with_a_previous_sheet_says_what_it_found() {
    let a = app();
    let msg = a.message.as_deref().unwrap();
    assert!(
        msg.starts_with("前年 令和7年度 (demo-r7.ron) を表示"),
        "{msg}"
    );
    assert!(msg.contains("回答の変化 5 件"), "{msg}");
}

/// The demo sheet with 管理目標 23 as the trial left it: 23-1 and 23-2 (priority items) hold
/// last year's drafts `[2?]` and `[1?]`, 23-3 to 23-5 are unanswered. The cursor is on the
/// heading.
fn goal_23_with_drafts() -> App {
    let mut sheet = parse(SHEET);
    for (id, score) in [("23-1", Score::Documented), ("23-2", Score::NotInPlace)] {
        let mut draft = Answer::new(score);
        draft.unconfirmed = true;
        draft.comment = format!("{id} 前年のコメント");
        sheet.answers.insert(id.into(), draft);
    }
    let mut a = App::new(
        Catalog::builtin(Edition::Municipal),
        sheet,
        "demo.ron",
        Options::default(),
    );
    go(&mut a, "23-1");
    key(&mut a, 'h');
    assert!(matches!(a.cursor, Node::Goal(..)));
    a
}

#[test]
fn bulk_answer_on_a_heading_never_replaces_unconfirmed_drafts() {
    let mut a = goal_23_with_drafts();
    let drafts_before: Vec<Answer> = ["23-1", "23-2"]
        .iter()
        .map(|id| a.sheet.answers[*id].clone())
        .collect();
    key(&mut a, '3');
    let Mode::ConfirmBulk { positions, .. } = &a.mode else {
        panic!("asks first: {:?}", a.mode);
    };
    let asked: Vec<String> = positions.iter().map(|&p| a.item_id(p)).collect();
    assert_eq!(asked, ["23-3", "23-4", "23-5"], "unanswered items only");
    let (_, question) = crate::tui::view::dialog::text(&a).unwrap();
    assert!(
        question.contains("未回答 3 件") && question.contains("下書き 2 件は変えません"),
        "{question}"
    );
    assert_eq!(key(&mut a, 'y'), vec![Effect::Save]);
    for id in ["23-3", "23-4", "23-5"] {
        assert_eq!(a.sheet.score(id), Some(Score::Operating), "{id}");
    }
    for (id, before) in ["23-1", "23-2"].iter().zip(&drafts_before) {
        assert_eq!(
            &a.sheet.answers[*id], before,
            "{id}: the draft is untouched"
        );
    }
    assert_eq!(a.score.unconfirmed, 2);
    consistent(&a);
    // A heading holding drafts and no unanswered item: nothing to answer, says so.
    key(&mut a, '2');
    assert!(matches!(a.mode, Mode::Normal));
    assert!(
        a.message.as_deref().unwrap().contains("下書き"),
        "{:?}",
        a.message
    );
}

#[test]
fn c_confirms_the_drafts_of_a_heading_after_showing_their_scores_as_one_undo_step() {
    let mut a = goal_23_with_drafts();
    let goal = a.cursor;
    let before = a.sheet.clone();
    assert!(key(&mut a, 'C').is_empty());
    let Mode::ConfirmDrafts { node, positions } = &a.mode else {
        panic!("asks first: {:?}", a.mode);
    };
    assert_eq!(*node, goal);
    let asked: Vec<String> = positions.iter().map(|&p| a.item_id(p)).collect();
    assert_eq!(asked, ["23-1", "23-2"]);
    // The question shows each draft's score before anything counts.
    let (_, question) = crate::tui::view::dialog::text(&a).unwrap();
    for part in [
        "下書き 2 件",
        "[2 整備している] 1 件: 23-1",
        "[1 整備していない] 1 件: 23-2",
        "重要点検項目で 3 点未満 (確定すると警告): 23-1 23-2",
    ] {
        assert!(question.contains(part), "{part} in {question}");
    }
    key(&mut a, 'n');
    assert_eq!(a.sheet, before, "declined: nothing confirmed");
    key(&mut a, 'C');
    assert_eq!(key(&mut a, 'y'), vec![Effect::Save]);
    assert_eq!(a.sheet.score("23-1"), Some(Score::Documented));
    assert_eq!(a.sheet.score("23-2"), Some(Score::NotInPlace));
    assert_eq!(a.sheet.answers["23-1"].comment, "23-1 前年のコメント");
    assert_eq!(a.score.unconfirmed, 0);
    assert_eq!(
        a.sheet.score("23-3"),
        None,
        "unanswered items stay unanswered"
    );
    assert_eq!(a.cursor, goal);
    consistent(&a);
    key(&mut a, 'u');
    assert_eq!(a.sheet.answers, before.answers, "one undo step");
    consistent(&a);
    // On an item: the drafts of its 管理目標.
    go(&mut a, "23-4");
    key(&mut a, 'C');
    assert!(matches!(&a.mode, Mode::ConfirmDrafts { node, .. } if *node == goal));
    press(&mut a, KeyCode::Esc);
    // Nothing to confirm: says so.
    go(&mut a, "1-1");
    key(&mut a, 'C');
    assert!(matches!(a.mode, Mode::Normal));
    assert_eq!(
        a.message.as_deref(),
        Some("この見出しの下に下書きはありません")
    );
    // Read-only: refused.
    let mut a = goal_23_with_drafts().read_only_because("kiosk pid 1".into());
    key(&mut a, 'y');
    refuses(&mut a, 'C', "読み取り専用");
}

#[test]
fn r_counts_as_unchanged_only_items_answered_the_same_in_both_years() {
    let a = app();
    let prev = a.previous.as_ref().unwrap();
    let both = |p: usize| (prev.score_at(p), a.score.items[p].score());
    let n = a.catalog.item_count();
    let same = (0..n)
        .filter(|&p| matches!(both(p), (Some(x), Some(y)) if x == y))
        .count();
    let c = prev.counts(&a.score);
    assert_eq!(c.same, same, "unanswered in both years is not 'no change'");
    let neither = (0..n)
        .filter(|&p| prev.state(p).is_some() && matches!(both(p), (None, None)))
        .count();
    assert_eq!(c.neither, neither);
    assert!(neither > 0, "the demo has items unanswered in both years");
    let lines = crate::tui::view::previous::lines(&a);
    let count_on = |label: &str| {
        let line = lines.iter().find(|l| l.contains(label)).unwrap();
        line.split_whitespace()
            .next()
            .unwrap()
            .parse::<usize>()
            .unwrap()
    };
    assert_eq!(count_on("変化なし"), same);
    assert_eq!(count_on("両年とも回答なし"), neither);
}

/// `R`'s summary counts this year's drafts as drafts (the tree shows them `[2?]`), not as
/// items not answered yet; each item is counted once.
#[test]
fn r_counts_drafts_as_drafts() {
    let a = goal_23_with_drafts().with_previous(last_year(Edition::Municipal));
    let prev = a.previous.as_ref().unwrap();
    let c = prev.counts(&a.score);
    assert_eq!(c.drafts, 2, "23-1 and 23-2");
    let unanswered = (0..a.catalog.item_count())
        .filter(|&p| prev.score_at(p).is_some() && a.score.items[p].score().is_none())
        .count();
    assert_eq!(
        c.unanswered,
        unanswered - 2,
        "the drafts are not counted again"
    );
    let lines = crate::tui::view::previous::lines(&a);
    let line = lines.iter().find(|l| l.contains("下書き")).unwrap();
    assert_eq!(line.split_whitespace().next(), Some("2"), "{line}");
}

/// Last year's demo sheet with another 年度 and organisation name.
fn last_year_as(fiscal_year: i32, organization: &str) -> PreviousSheet {
    let mut p = last_year(Edition::Municipal);
    p.sheet.fiscal_year = fiscal_year;
    p.sheet.organization = organization.into();
    p
}

#[test]
fn a_previous_sheet_of_another_year_or_organisation_is_warned_about_on_screen() {
    // --previous: the status line says so when the sheet opens.
    let a = demo_app().with_previous(last_year_as(2024, "例市"));
    let msg = a.message.as_deref().unwrap();
    assert!(
        msg.starts_with("警告") && msg.contains("令和6年度") && msg.contains("前年度ではない"),
        "{msg}"
    );
    // And the R summary keeps saying it after the message is gone.
    let lines = crate::tui::view::previous::lines(&a);
    assert!(
        lines.iter().any(|l| l.contains("前年度ではありません")),
        "{lines:?}"
    );
    // V: the same check when the loop reports the file read.
    let mut a = demo_app();
    let _ = a.update(
        Action::PreviousLoaded(Box::new(last_year_as(2025, "別町"))),
        NOW,
    );
    let msg = a.message.as_deref().unwrap();
    assert!(msg.contains("別町") && msg.contains("団体"), "{msg}");
    assert!(!msg.contains("前年度ではない"), "{msg}");
    // This year's own sheet given as last year's: the same 年度 is not the year before.
    let a = demo_app().with_previous(last_year_as(2026, "例市"));
    assert!(a.message.as_deref().unwrap().contains("前年度ではない"));
    // Names are compared after NFKC: full-width letters and half-width kana are the same name.
    let mut this = parse(SHEET);
    this.organization = "ＡＢＣ市 ｶﾀｶﾅ".into();
    let a = App::new(
        Catalog::builtin(Edition::Municipal),
        this,
        "demo.ron",
        Options::default(),
    )
    .with_previous(last_year_as(2025, "ABC市 カタカナ"));
    let msg = a.message.as_deref().unwrap();
    assert!(msg.starts_with("前年 令和7年度"), "{msg}");
    // The right year and organisation: no warning anywhere.
    let a = app();
    assert!(!a.message.as_deref().unwrap().contains("警告"));
    let lines = crate::tui::view::previous::lines(&a);
    assert!(!lines.iter().any(|l| l.contains("警告")), "{lines:?}");
    // In English too.
    let mut a = App::new(
        Catalog::builtin(Edition::Municipal),
        parse(SHEET),
        "demo.ron",
        Options {
            lang: Lang::En,
            ..Options::default()
        },
    );
    let _ = a.update(
        Action::PreviousLoaded(Box::new(last_year_as(2027, "別町"))),
        NOW,
    );
    let msg = a.message.as_deref().unwrap();
    assert!(
        msg.starts_with("warning") && msg.contains("not the year before") && msg.contains("別町"),
        "{msg}"
    );
}

/// The text of an item's pane at 80 columns.
fn pane_text(app: &App, id: &str) -> String {
    let p = app.catalog.position(id).unwrap();
    crate::tui::view::item::item_lines(app, p, 44, false)
        .iter()
        .map(|l| l.to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

/// #21.13: on a carried sheet a draft at 3 is no warning and never reads 「3点未満」; a draft
/// below 3 says that it is a draft; an item with no answer at all says 未回答.
#[test]
fn drafts_at_3_are_no_warnings_and_warnings_say_what_they_are() {
    let mut a = app();
    key(&mut a, 'T');
    key(&mut a, 'y');
    let draft_at = |a: &App, s: Score| {
        a.catalog.items().map(|(_, i)| i.id.clone()).find(|id| {
            !a.catalog.priority_years(id).is_empty()
                && a.sheet
                    .answers
                    .get(id)
                    .is_some_and(|x| x.unconfirmed && x.score == s)
        })
    };
    let at3 = draft_at(&a, Score::Operating).expect("a priority draft at 3");
    let p3 = a.catalog.position(&at3).unwrap();
    assert!(
        !a.warnings.iter().any(|w| w.position == p3),
        "{at3}: a draft at 3 is no warning"
    );
    let text = pane_text(&a, &at3);
    assert!(!text.contains("3点未満"), "{text}");
    let below = draft_at(&a, Score::Documented).expect("a priority draft at 2");
    let text = pane_text(&a, &below);
    assert!(
        text.contains("! 重要点検項目") && text.contains("(下書き 3点未満)"),
        "{text}"
    );
    // Every warning left is a real one: answered 1 or 2, a draft below 3, or no answer.
    for w in &a.warnings {
        let answer = a.sheet.answers.get(&w.id);
        assert!(
            answer.is_none_or(|x| x.score != Score::Operating),
            "{}: {answer:?}",
            w.id
        );
    }
}
