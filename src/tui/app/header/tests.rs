//! `update()` on the sheet header form (`i`), on the demo sheet (例市, 重要機能室 あり).

use super::*;
use crate::score::ItemState;
use crate::tui::app::tests::{ctrl, demo_app, keys, press, type_str};
use crate::tui::form::{FieldId, Form};
use time::macros::datetime;

const NOW: OffsetDateTime = datetime!(2026-11-25 11:00 +9);

fn form(app: &App) -> &Form {
    match &app.mode {
        Mode::Header(f) => f,
        other => panic!("expected the header form, not {other:?}"),
    }
}

/// Tabs to a field of the open form.
fn focus(app: &mut App, field: FieldId) {
    for _ in 0..20 {
        if form(app).focused() == field {
            return;
        }
        press(app, KeyCode::Tab);
    }
    panic!("no field {field:?}");
}

fn state(app: &App, id: &str) -> ItemState {
    app.score.items[app.catalog.position(id).unwrap()]
}

#[test]
fn i_opens_the_form_and_text_edits_like_a_form_and_is_kept_on_close() {
    let mut app = demo_app();
    assert!(press(&mut app, KeyCode::Char('i')).is_empty());
    assert_eq!(form(&app).focused(), FieldId::Organization);
    // The organisation: the cursor waits at the end; Home, then typed text goes in front.
    press(&mut app, KeyCode::Home);
    type_str(&mut app, "北海道 ");
    assert_eq!(app.sheet.organization, "北海道 例市", "applied as typed");
    press(&mut app, KeyCode::Enter);
    assert_eq!(form(&app).focused(), FieldId::OrganizationCode);
    focus(&mut app, FieldId::Respondent);
    ctrl(&mut app, 'u');
    type_str(&mut app, "総務課 情報係");
    focus(&mut app, FieldId::Inspector);
    keys(&mut app, "山田 一郎<Tab>佐藤 課長<Tab>令和8年11月25日");
    // Leaving the date shows it as stored: ISO.
    press(&mut app, KeyCode::Tab);
    assert_eq!(form(&app).text(FieldId::InspectedOn), Some("2026-11-25"));
    assert!(!app.save.dirty, "nothing is written while the form is open");
    let effects = press(&mut app, KeyCode::Esc);
    assert_eq!(effects, vec![Effect::Save]);
    assert!(matches!(app.mode, Mode::Normal));
    assert_eq!(app.sheet.organization, "北海道 例市");
    assert_eq!(app.sheet.respondent, "総務課 情報係");
    assert_eq!(app.sheet.inspector, "山田 一郎");
    assert_eq!(app.sheet.approver, "佐藤 課長");
    assert_eq!(app.sheet.inspected_on, "2026-11-25");
    assert_eq!(app.sheet.updated, Some(NOW));
    assert!(app.message.as_deref().unwrap().contains('u'));
    // 確認者 and 点検日 given: the sign-off is sealed (issue 19).
    assert!(app.message.as_deref().unwrap().contains("照合番号"));
    let sealed = app.sheet.seal.clone();
    assert!(matches!(
        crate::seal::state(&app.sheet),
        crate::seal::SealState::Matches(_)
    ));
    // One visit, one undo step; redo brings it back.
    let before = demo_app().sheet;
    press(&mut app, KeyCode::Char('u'));
    assert_eq!(crate::sheet::Header::of(&app.sheet), Header::of(&before));
    assert!(app.sheet.seal.is_empty(), "undone with the sign-off");
    ctrl(&mut app, 'r');
    assert_eq!(app.sheet.inspector, "山田 一郎");
    assert_eq!(app.sheet.organization, "北海道 例市");
    assert_eq!(app.sheet.seal, sealed);
    // Any later change shows on the title line, in words.
    let title = |app: &App| {
        let area = ratatui::layout::Rect::new(0, 0, 120, 1);
        let mut buf = ratatui::buffer::Buffer::empty(area);
        crate::tui::view::title::draw(app, area, &mut buf);
        let text: String = buf.content().iter().map(|c| c.symbol()).collect();
        text.replace(' ', "")
    };
    assert!(!title(&app).contains("確認後に変更されています"));
    app.sheet
        .answers
        .values_mut()
        .next()
        .unwrap()
        .comment
        .push('。');
    assert!(
        title(&app).contains("確認後に変更されています"),
        "{}",
        title(&app)
    );
}

use crate::sheet::Header;

#[test]
fn changing_the_important_room_recomputes_applicability_scores_and_warnings_and_undo_restores_them()
{
    let mut app = demo_app();
    let score_before = app.score.clone();
    let warnings_before = app.warnings.clone();
    assert_eq!(state(&app, "8-1"), ItemState::Excluded);
    assert_ne!(state(&app, "7-1"), ItemState::Excluded);
    press(&mut app, KeyCode::Char('i'));
    focus(&mut app, FieldId::Profile(0));
    press(&mut app, KeyCode::Char('n'));
    // At once, with the form still open.
    assert_eq!(app.sheet.profile.get("important_room"), Some(&false));
    assert_eq!(state(&app, "8-1"), ItemState::Unanswered);
    assert_eq!(state(&app, "7-1"), ItemState::Excluded);
    assert_eq!(app.score, score_sheet(app.catalog, &app.sheet));
    assert_ne!(app.score.overall, score_before.overall);
    assert_eq!(
        app.warnings,
        warnings(app.catalog, &app.sheet, &YearFilter::All)
    );
    // Space switches back and forth; the last choice counts.
    press(&mut app, KeyCode::Char(' '));
    assert_eq!(state(&app, "8-1"), ItemState::Excluded);
    press(&mut app, KeyCode::Char(' '));
    press(&mut app, KeyCode::Esc);
    assert_eq!(state(&app, "8-1"), ItemState::Unanswered);
    let msg = app.message.clone().unwrap();
    assert!(msg.contains("→"), "says how many items apply now: {msg}");
    // Undo restores applicability, scores and warnings.
    press(&mut app, KeyCode::Char('u'));
    assert_eq!(app.sheet.profile.get("important_room"), Some(&true));
    assert_eq!(state(&app, "8-1"), ItemState::Excluded);
    assert_eq!(app.score, score_before);
    assert_eq!(app.warnings, warnings_before);
    // Answers and the header share one history, in order.
    press(&mut app, KeyCode::Char('3'));
    ctrl(&mut app, 'r');
    assert_eq!(
        app.sheet.profile.get("important_room"),
        Some(&true),
        "a new answer clears the redo history"
    );
}

#[test]
fn an_unchanged_visit_records_nothing_and_answer_undo_still_works() {
    let mut app = demo_app();
    press(&mut app, KeyCode::Char('3'));
    press(&mut app, KeyCode::Char('i'));
    press(&mut app, KeyCode::Tab);
    assert!(press(&mut app, KeyCode::Esc).is_empty());
    press(&mut app, KeyCode::Char('u'));
    assert_eq!(app.sheet.score("2-3"), None, "the answer was the last step");
}

#[test]
fn a_blank_organisation_keeps_the_form_open() {
    let mut app = demo_app();
    press(&mut app, KeyCode::Char('i'));
    ctrl(&mut app, 'u');
    assert_eq!(app.sheet.organization, "例市", "a sheet always names one");
    assert!(press(&mut app, KeyCode::Esc).is_empty());
    assert!(form(&app).error.is_some());
    type_str(&mut app, "別市");
    ctrl(&mut app, 's');
    assert!(matches!(app.mode, Mode::Normal));
    assert_eq!(app.sheet.organization, "別市");
}

/// The demo sheet with the header form open, `text` typed into `field`, and Tab pressed.
fn typed_into(field: FieldId, text: &str) -> App {
    let mut app = demo_app();
    press(&mut app, KeyCode::Char('i'));
    focus(&mut app, field);
    type_str(&mut app, text);
    press(&mut app, KeyCode::Tab);
    app
}

#[test]
fn a_date_that_does_not_read_is_kept_as_written() {
    let mut app = typed_into(FieldId::InspectedOn, "11月末");
    assert!(form(&app).bad_date());
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.sheet.inspected_on, "11月末");
}

#[test]
fn read_only_sessions_refuse_the_form() {
    let mut app = demo_app().read_only_because("host pid 42".into());
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('i'));
    assert!(matches!(app.mode, Mode::Normal));
    assert!(app.message.as_deref().unwrap().contains("読み取り専用"));
}

#[test]
fn a_hangup_keeps_what_is_typed_and_a_paste_goes_into_the_field() {
    let mut app = demo_app();
    press(&mut app, KeyCode::Char('i'));
    focus(&mut app, FieldId::Approver);
    let _ = app.update(Action::Paste("佐藤\r\n課長\u{1b}[2J".into()), NOW);
    assert_eq!(form(&app).text(FieldId::Approver), Some("佐藤  課長[2J"));
    focus(&mut app, FieldId::Organization);
    ctrl(&mut app, 'u');
    let effects = app.update(Action::Hangup, NOW);
    assert_eq!(effects, vec![Effect::Save, Effect::Quit]);
    assert_eq!(app.sheet.approver, "佐藤  課長[2J");
    assert_eq!(app.sheet.organization, "例市", "blank: kept as it was");
}

/// Issue 20 (left over): the header form shows and edits the 団体コード and 都道府県, checked
/// as `new --organization-code --prefecture` checks them: a wrong check digit is said on
/// leaving the field and keeps the form open; a code fills in its prefecture.
#[test]
fn the_code_and_prefecture_are_edited_and_checked_in_the_header_form() {
    let mut app = typed_into(FieldId::OrganizationCode, "１３２０６４");
    let said = form(&app).error.clone().unwrap_or_default();
    assert!(said.contains("検査数字"), "{said}");
    assert_eq!(
        app.sheet.organization_code, "",
        "a wrong code is not applied"
    );
    press(&mut app, KeyCode::Esc);
    assert!(matches!(app.mode, Mode::Header(_)), "kept open");
    assert_eq!(form(&app).focused(), FieldId::OrganizationCode);
    ctrl(&mut app, 'u');
    type_str(&mut app, "13206");
    press(&mut app, KeyCode::Tab);
    assert_eq!(form(&app).text(FieldId::OrganizationCode), Some("132063"));
    assert_eq!(form(&app).text(FieldId::Prefecture), Some("東京都"));
    assert_eq!(form(&app).error, None);
    assert_eq!(
        (
            app.sheet.organization_code.as_str(),
            app.sheet.prefecture.as_str()
        ),
        ("132063", "東京都")
    );
    // A prefecture that disagrees with the code is refused on closing, on the prefecture.
    ctrl(&mut app, 'u');
    type_str(&mut app, "広島");
    press(&mut app, KeyCode::Tab);
    assert_eq!(form(&app).text(FieldId::Prefecture), Some("広島県"));
    press(&mut app, KeyCode::Esc);
    assert_eq!(form(&app).focused(), FieldId::Prefecture);
    assert!(form(&app).error.as_deref().unwrap().contains("東京都"));
    ctrl(&mut app, 'u');
    type_str(&mut app, "東京");
    assert_eq!(press(&mut app, KeyCode::Esc), vec![Effect::Save]);
    assert_eq!(app.sheet.prefecture, "東京都");
    assert_eq!(app.sheet.organization_code, "132063");
    press(&mut app, KeyCode::Char('u'));
    assert_eq!(app.sheet.organization_code, "", "one undo step");
}

#[test]
fn the_header_form_speaks_english_about_a_wrong_prefecture() {
    let mut app = demo_app();
    app.options.lang = Lang::En;
    press(&mut app, KeyCode::Char('i'));
    focus(&mut app, FieldId::Prefecture);
    type_str(&mut app, "Tokio");
    press(&mut app, KeyCode::Tab);
    let said = form(&app).error.clone().unwrap_or_default();
    assert!(said.contains("47 prefectures"), "{said}");
}

/// The forms' text fields edit with the keys of the notes editors (Ctrl-K, Ctrl-W,
/// Alt-Backspace, Ctrl-U, Alt-B/Alt-F), from the one implementation of `editor`; an Alt+letter
/// bound to nothing does nothing (it used to close the form and run the letter as a command).
#[test]
fn text_fields_edit_with_the_editors_line_keys() {
    let alt = |app: &mut App, code: KeyCode| {
        app.update(Action::Key(KeyEvent::new(code, KeyModifiers::ALT)), NOW)
    };
    // The field as typed (the sheet keeps it trimmed).
    let typed = |app: &App| form(app).text(FieldId::Respondent).unwrap().to_string();
    let mut app = demo_app();
    press(&mut app, KeyCode::Char('i'));
    focus(&mut app, FieldId::Respondent);
    ctrl(&mut app, 'u');
    type_str(&mut app, "総務課 情報係 山田");
    ctrl(&mut app, 'w');
    assert_eq!(typed(&app), "総務課 情報係 ", "Ctrl-W: the word before");
    alt(&mut app, KeyCode::Backspace);
    assert_eq!(typed(&app), "総務課 ", "Alt-Backspace too");
    type_str(&mut app, "係");
    alt(&mut app, KeyCode::Char('b'));
    assert!(matches!(app.mode, Mode::Header(_)), "Alt-B keeps the form");
    type_str(&mut app, "情報");
    assert_eq!(typed(&app), "総務課 情報係", "Alt-B: a word back");
    press(&mut app, KeyCode::Home);
    alt(&mut app, KeyCode::Char('f'));
    ctrl(&mut app, 'k');
    assert_eq!(typed(&app), "総務課 ", "Alt-F then Ctrl-K");
    alt(&mut app, KeyCode::Char('q'));
    assert!(matches!(app.mode, Mode::Header(_)), "Alt-Q does nothing");
    assert_eq!(typed(&app), "総務課 ");
    press(&mut app, KeyCode::Esc);
    assert!(matches!(app.mode, Mode::Normal), "a lone Esc still closes");
}

/// The 都道府県 a 団体コード fills in is the program's: typing a prefecture over it replaces
/// it (it used to go after it: 「東京都東京」, refused); edited first, it is kept.
#[test]
fn a_prefecture_the_code_filled_in_is_replaced_by_typing() {
    let mut app = typed_into(FieldId::OrganizationCode, "13206");
    assert_eq!(form(&app).focused(), FieldId::Prefecture);
    assert_eq!(form(&app).text(FieldId::Prefecture), Some("東京都"));
    type_str(&mut app, "東京");
    assert_eq!(
        form(&app).text(FieldId::Prefecture),
        Some("東京"),
        "typed over"
    );
    assert_eq!(press(&mut app, KeyCode::Esc), vec![Effect::Save]);
    assert_eq!(app.sheet.prefecture, "東京都");
    let mut app = typed_into(FieldId::OrganizationCode, "13206");
    press(&mut app, KeyCode::Backspace);
    assert_eq!(form(&app).text(FieldId::Prefecture), Some("東京"), "edited");
}
