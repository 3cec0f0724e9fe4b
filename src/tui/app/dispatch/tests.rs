//! Every key a dialog, editor, form or prompt acts on is named in its table (and so in its
//! hint and the help screen), and every key its table names acts: each mode is opened on the
//! demo sheet and every key of a wide set is pressed in it through `update()`.

use super::*;
use crate::tui::app::tests::{candidate_keys, demo_app};
use crate::tui::form::{FieldId, FieldValue};
use crate::tui::keymap::{KeyTable, TABLES, modes};
use time::macros::datetime;

const NOW: OffsetDateTime = datetime!(2026-11-25 11:00 +9);

/// What a key could change: the mode, the sheet, where the cursor is, the message, the
/// effects asked for.
fn fingerprint(app: &App, effects: &[Effect]) -> String {
    format!(
        "{:?}|{:?}|{:?}|{:?}|{}|{:?}",
        app.mode, app.sheet, app.cursor, app.message, app.quitting, effects
    )
}

/// Presses every candidate key in a fresh copy of the mode made by `open`, and checks that
/// the key acted exactly when `named` says the mode's tables name it.
fn check(what: &str, open: impl Fn() -> App, named: impl Fn(&App, &KeyEvent) -> bool) {
    for key in candidate_keys() {
        let mut app = open();
        let before = fingerprint(&app, &[]);
        let expected = named(&app, &key);
        let effects = app.update(Action::Key(key), NOW);
        let acted = fingerprint(&app, &effects) != before;
        assert_eq!(
            acted,
            expected,
            "{what}: {key:?} {} but its table {}",
            if acted { "acts" } else { "does nothing" },
            if expected {
                "names it"
            } else {
                "does not name it"
            },
        );
    }
}

fn in_table<A: Copy + PartialEq>(table: &'static KeyTable<A>) -> impl Fn(&App, &KeyEvent) -> bool {
    move |_, key| table.lookup(key).is_some()
}

fn with_mode(mode: Mode) -> impl Fn() -> App {
    move || {
        let mut app = demo_app();
        app.message = None;
        app.mode = mode.clone();
        app
    }
}

#[test]
fn confirmations_act_on_their_keys_only() {
    let bulk = || {
        let mut app = demo_app();
        // On the 管理目標 of 2-3 (unanswered): 3 asks first.
        press_on_heading(&mut app);
        app.message = None;
        assert!(matches!(app.mode, Mode::ConfirmBulk { .. }));
        app
    };
    check("bulk answer", bulk, in_table(&modes::CONFIRM));
    let replace = with_mode(Mode::ConfirmReplace { position: 0 });
    check("replace", replace, in_table(&modes::CONFIRM));
}

fn press_on_heading(app: &mut App) {
    let goal = app.cursor.parent(app.catalog).unwrap();
    app.cursor = goal;
    let _ = app.update(
        Action::Key(KeyEvent::new(KeyCode::Char('3'), KeyModifiers::NONE)),
        NOW,
    );
}

#[test]
fn read_only_notices_act_on_their_keys_only() {
    check(
        "lock notice",
        with_mode(Mode::LockNotice("host pid 1".into())),
        in_table(&modes::READ_ONLY),
    );
    check(
        "cannot save",
        with_mode(Mode::CannotSave("read-only file system".into())),
        in_table(&modes::READ_ONLY),
    );
}

#[test]
fn save_failure_dialogs_act_on_their_keys() {
    let quitting = |mode: Mode| {
        move || {
            let mut app = with_mode(mode.clone())();
            app.quitting = true;
            app
        }
    };
    check(
        "conflict",
        with_mode(Mode::Conflict),
        in_table(&modes::CONFLICT),
    );
    check(
        "conflict while quitting",
        quitting(Mode::Conflict),
        in_table(&modes::CONFLICT_QUITTING),
    );
    check(
        "quit unsaved",
        quitting(Mode::QuitUnsaved),
        in_table(&modes::QUIT_UNSAVED),
    );
}

#[test]
fn scrolled_overlays_act_on_their_keys() {
    check(
        "help",
        with_mode(Mode::Help { scroll: 20 }),
        in_table(&modes::SCROLL),
    );
    check(
        "last year's summary",
        with_mode(Mode::PreviousSummary { scroll: 20 }),
        in_table(&modes::SCROLL),
    );
}

#[test]
fn prompts_act_on_their_keys_only() {
    for kind in [
        PromptKind::Jump,
        PromptKind::Search,
        PromptKind::LoadPrevious,
    ] {
        check(
            &format!("prompt {kind:?}"),
            with_mode(Mode::Prompt {
                kind,
                input: "18".into(),
                cursor: 1,
            }),
            move |app: &App, key: &KeyEvent| {
                // Tab completes a file name: in the `V` prompt only.
                let tab = key.code == KeyCode::Tab && kind != PromptKind::LoadPrevious;
                !tab && (in_table(&modes::PROMPT)(app, key)
                    || in_table(&modes::LINE_EDIT)(app, key))
            },
        );
    }
}

#[test]
fn editors_act_on_their_keys_only() {
    for (kind, table) in [
        (NoteKind::Comment, &modes::NOTE_EDITOR),
        (NoteKind::Evidence, &modes::NOTE_EDITOR),
        (NoteKind::Plan, &modes::PLAN_EDITOR),
    ] {
        let open = move || {
            let mut app = demo_app();
            let p = app.catalog.position("18-1").unwrap();
            app.go_to_item(p);
            app.open_editor(kind);
            let Mode::Editor(editor) = &mut app.mode else {
                panic!("no editor");
            };
            // The cursor inside text, away from every edge, so every move moves.
            let area = &mut editor.fields[0].area;
            *area = ratatui_textarea::TextArea::from(["abc", "def", "ghi"]);
            area.move_cursor(ratatui_textarea::CursorMove::Jump(1, 1));
            app.message = None;
            app
        };
        check(&format!("editor {kind:?}"), open, in_table(table));
    }
}

#[test]
fn the_header_form_acts_on_its_keys_only() {
    let open = |field: FieldId| {
        move || {
            let mut app = demo_app();
            app.open_header();
            let Mode::Header(form) = &mut app.mode else {
                panic!("no form");
            };
            let i = form.index(field).unwrap();
            form.focus_field(i);
            form.cursor = 2;
            // Unanswered, so that y and n both change it.
            let question = form.index(FieldId::Profile(0)).unwrap();
            form.fields[question].value = FieldValue::YesNo(None);
            app.message = None;
            app
        }
    };
    let named = |choice: bool| {
        move |_: &App, key: &KeyEvent| {
            modes::HEADER_FORM.lookup(key).is_some()
                || if choice {
                    modes::CHOICE.lookup(key).is_some()
                } else {
                    modes::LINE_EDIT.lookup(key).is_some()
                }
        }
    };
    check(
        "header form, text field",
        open(FieldId::Respondent),
        named(false),
    );
    check(
        "header form, profile question",
        open(FieldId::Profile(0)),
        named(true),
    );
}

/// The hint line a dialog shows names every key of its table.
#[test]
fn dialogs_name_every_key_of_their_table() {
    fn names_all<A: Copy + PartialEq>(app: &App, table: &KeyTable<A>) {
        let (_, body) = crate::tui::view::dialog::text(app).expect("a dialog");
        for e in table.rows() {
            let label = table.label(e, app.lang());
            assert!(body.contains(&label), "{label} missing in:\n{body}");
        }
        assert!(body.contains(&table.hint(app.lang())), "{body}");
    }
    for lang in [Lang::Ja, Lang::En] {
        let app_in = |mode: Mode, quitting: bool| {
            let mut app = with_mode(mode)();
            app.options.lang = lang;
            app.quitting = quitting;
            app
        };
        names_all(
            &app_in(Mode::LockNotice("h".into()), false),
            &modes::READ_ONLY,
        );
        names_all(
            &app_in(Mode::CannotSave("h".into()), false),
            &modes::READ_ONLY,
        );
        names_all(&app_in(Mode::Conflict, false), &modes::CONFLICT);
        names_all(&app_in(Mode::Conflict, true), &modes::CONFLICT_QUITTING);
        names_all(&app_in(Mode::QuitUnsaved, true), &modes::QUIT_UNSAVED);
        names_all(
            &app_in(Mode::ConfirmReplace { position: 0 }, false),
            &modes::CONFIRM,
        );
        let mut bulk = app_in(Mode::Normal, false);
        press_on_heading(&mut bulk);
        names_all(&bulk, &modes::CONFIRM);
    }
}

/// The help screen lists every key of every mode's table.
#[test]
fn the_help_screen_lists_every_modes_keys() {
    for lang in [Lang::Ja, Lang::En] {
        let help = crate::tui::view::help::rows(lang);
        for table in TABLES {
            for row in table.help_rows(lang) {
                assert!(help.contains(&row), "{row:?} not in the help");
            }
        }
    }
}
