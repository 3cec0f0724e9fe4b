//! The keys of dialogs, editors, forms and prompts: one [`KeyTable`] per mode, like
//! [`COMMANDS`](super::COMMANDS) for the main screen. Each mode looks its keys up here and
//! draws its hint line from here, and the help screen lists every table.

use ratatui::crossterm::event::KeyCode as K;

use super::{KeyTable, Row, Show, alt, ch, ctrl, k, other, row, text};

const HINT: Show = Show::Hint;

/// A yes/no question: answering a heading at once, taking last year's answers, replacing an
/// answer. Other keys leave the question open: its hint names every key that acts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Confirm {
    Yes,
    No,
}

#[rustfmt::skip]
pub(crate) const CONFIRM: KeyTable<Confirm> = KeyTable::mode("確認の問い合わせ", "Questions", &[&[
    row!(ch('y') => Confirm::Yes; "はい", "yes"; HINT),
    row!(ch('n') | k(K::Esc) => Confirm::No; "いいえ", "no"; HINT),
]]);

/// The sheet opened read-only (locked by someone else, or unsaveable here).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ReadOnly {
    View,
    Quit,
}

#[rustfmt::skip]
pub(crate) const READ_ONLY: KeyTable<ReadOnly> = KeyTable::mode("読み取り専用のお知らせ", "Read-only notice", &[&[
    row!(k(K::Enter) | ch('y') | k(K::Esc) => ReadOnly::View; "読み取り専用で見る", "view read-only"; HINT),
    row!(ch('q') | ch('n') => ReadOnly::Quit; "終了", "quit"; HINT),
]]);

/// The file changed on disk since it was loaded or saved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Conflict {
    SaveBeside,
    Reload,
    QuitDiscarding,
    Back,
}

#[rustfmt::skip]
const CONFLICT_SAVE: &[Row<Conflict>] = &[
    row!(ch('b') => Conflict::SaveBeside; "別名で横に保存", "save beside it"; HINT),
    row!(ch('R') => Conflict::Reload; "読み直して今回の変更を適用", "reload and re-apply this session's changes"; HINT),
];
const CONFLICT_BACK: &[Row<Conflict>] = &[row!(other() => Conflict::Back; "戻る", "back"; HINT)];

pub(crate) const CONFLICT: KeyTable<Conflict> = KeyTable::mode(
    "ファイルが他で変更されたとき",
    "File changed by someone else",
    &[CONFLICT_SAVE, CONFLICT_BACK],
);

/// The same, while quitting: quitting without saving is offered too.
#[rustfmt::skip]
pub(crate) const CONFLICT_QUITTING: KeyTable<Conflict> = KeyTable::mode(
    "ファイルが他で変更されたとき (終了中)",
    "File changed by someone else (quitting)",
    &[CONFLICT_SAVE, &[
        row!(ch('Q') => Conflict::QuitDiscarding; "保存せずに終了", "quit without saving"; HINT),
    ], CONFLICT_BACK],
);

/// The last save failed: quitting, or the file may not be replaced here.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum QuitUnsaved {
    Retry,
    SaveBeside,
    QuitDiscarding,
    Back,
}

#[rustfmt::skip]
pub(crate) const QUIT_UNSAVED: KeyTable<QuitUnsaved> = KeyTable::mode("保存できずに終了するとき", "Quitting after a failed save", &[&[
    row!(ch('r') => QuitUnsaved::Retry; "再試行", "retry"; HINT),
    row!(ch('b') => QuitUnsaved::SaveBeside; "別名で横に保存", "save beside it"; HINT),
    row!(ch('Q') => QuitUnsaved::QuitDiscarding; "保存せずに終了", "quit without saving"; HINT),
    row!(other() => QuitUnsaved::Back; "戻る", "return"; HINT),
]]);

/// A scrolled overlay: the help screen, last year's summary (`R`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Scroll {
    Down(u16),
    Up(u16),
    Close,
}

#[rustfmt::skip]
pub(crate) const SCROLL: KeyTable<Scroll> = KeyTable::mode("ヘルプ・前年との比較", "Help, last year's summary", &[&[
    row!(ch('j') | k(K::Down) => Scroll::Down(1); "下へ", "down"; HINT),
    row!(ch('k') | k(K::Up) => Scroll::Up(1); "上へ", "up"; HINT),
    row!(k(K::PageDown) | ch(' ') => Scroll::Down(10); "10 行下へ", "ten lines down"; HINT),
    row!(k(K::PageUp) => Scroll::Up(10); "10 行上へ", "ten lines up"),
    row!(other() => Scroll::Close; "閉じる", "close"; HINT),
]]);

/// The `:` and `/` prompts and the file name of last year's sheet (`V`); their text is edited
/// with [`LINE_EDIT`]'s keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Prompt {
    Run,
    Cancel,
    /// Tab in the `V` prompt: the file name completed as far as its directory allows.
    Complete,
}

#[rustfmt::skip]
pub(crate) const PROMPT: KeyTable<Prompt> = KeyTable::mode("入力行 (: / V)", "Prompts (: / V)", &[&[
    row!(k(K::Enter) => Prompt::Run; "実行", "run"; HINT),
    row!(k(K::Esc) => Prompt::Cancel; "中止", "cancel"; HINT),
    row!(k(K::Tab) => Prompt::Complete; "ファイル名を補完 (V)", "complete the file name (V)"),
]]);

/// Every one-line text field: the forms' (the start form, the sheet header `i`) and the
/// prompts (`:` `/` `V`). The same keys as the notes editors ([`LINE_KEYS`]), done by the same
/// code (`editor::edit_line`).
#[rustfmt::skip]
pub(crate) const LINE_EDIT: KeyTable<Editor> = KeyTable::mode("文字欄 (フォーム・入力行)", "Text fields (forms, prompts)", &[&[
    row!(k(K::Left) => Editor::Left, k(K::Right) => Editor::Right; "欄内で移動", "move in the field"; HINT),
], LINE_KEYS]);

/// Yes/no questions of the forms (重要機能室) and the start form's edition.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ChoiceKey {
    Toggle,
    Yes,
    No,
}

const TOGGLE: &[Row<ChoiceKey>] =
    &[row!(k(K::Left) | k(K::Right) | ch(' ') => ChoiceKey::Toggle; "切り替える", "switch"; HINT)];

#[rustfmt::skip]
pub(crate) const CHOICE: KeyTable<ChoiceKey> = KeyTable::mode("フォームの選択欄", "Choices of forms", &[TOGGLE, &[
    row!(ch('y') => ChoiceKey::Yes; "はい", "yes"; HINT),
    row!(ch('n') => ChoiceKey::No; "いいえ", "no"; HINT),
]]);

/// The start form's file field (前年度のシート).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PathKey {
    /// Tab: the file name completed as far as the directory allows; the next field when
    /// nothing is left to complete.
    Complete,
}

pub(crate) const PATH_FIELD: KeyTable<PathKey> = KeyTable::mode(
    "フォームのファイル名欄 (前年度のシート)",
    "File fields of forms (last year's sheet)",
    &[&[row!(k(K::Tab) => PathKey::Complete;
        "ファイル名を補完 (補完できないときは次の欄)", "complete the file name (else next field)"; HINT)]],
);

/// The start form's edition: a switch between two values.
pub(crate) const SWITCH: KeyTable<ChoiceKey> = KeyTable::mode(
    "フォームの切り替え欄 (版)",
    "Switches of forms (edition)",
    &[TOGGLE],
);

/// Moving between the fields of a form, and leaving it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum FormKey {
    Next,
    Prev,
    /// Enter: the next field, or (on the form's button) the form's action.
    Enter,
    /// The start form is cancelled (Esc, Ctrl-C); the header form is closed, its changes
    /// kept (Esc, Ctrl-S).
    Leave,
}

#[rustfmt::skip]
const FORM_MOVES: &[Row<FormKey>] = &[
    row!(k(K::Tab) | k(K::Down) => FormKey::Next; "次の欄", "next field"; HINT),
    row!(k(K::BackTab) | k(K::Up) => FormKey::Prev; "前の欄", "previous field"),
];

/// The start form (a new sheet).
#[rustfmt::skip]
pub(crate) const START_FORM: KeyTable<FormKey> = KeyTable::mode("新しいシートのフォーム", "New sheet form", &[FORM_MOVES, &[
    row!(k(K::Enter) => FormKey::Enter; "次へ (ボタンで作成)", "next (on the button: create)"; HINT),
    row!(k(K::Esc) => FormKey::Leave; "中止", "cancel"; HINT),
    row!(ctrl('c') => FormKey::Leave; "中止", "cancel"),
]]);

/// The sheet header (`i`): every change is applied at once and kept when the form closes.
#[rustfmt::skip]
pub(crate) const HEADER_FORM: KeyTable<FormKey> = KeyTable::mode("シート情報のフォーム (i)", "Sheet header form (i)", &[FORM_MOVES, &[
    row!(k(K::Enter) => FormKey::Enter; "次の欄", "next field"),
    row!(k(K::Esc) | ctrl('s') => FormKey::Leave;
        "変更を残して閉じる (u で元に戻せます)", "close keeping the changes (u undoes)"; HINT),
]]);

/// The notes editors (`c` `e` `p`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Editor {
    Leave,
    NextField,
    PrevField,
    /// Enter: a new line, or the next field in a one-line field.
    Enter,
    /// Ctrl-J: what a pasted line feed arrives as without bracketed paste (crossterm#371).
    NewLine,
    Left,
    Right,
    Up,
    Down,
    Home,
    End,
    /// Alt-B: to the start of the word before the cursor (a word: a run of one script in
    /// Japanese text, `editor::word`).
    WordBack,
    /// Alt-F: to the start of the next word.
    WordForward,
    DeleteBack,
    Delete,
    /// Ctrl-W, Alt-Backspace: the word before the cursor.
    DeleteWord,
    /// Ctrl-U: from the start of the line to the cursor.
    DeleteToStart,
    /// Ctrl-K: from the cursor to the end of the line.
    DeleteToEnd,
    /// Ctrl-X: the whole field, to write it anew (last year's text carried over).
    Empty,
    /// Ctrl-Z: the last change in the editor.
    Undo,
    Type,
}

#[rustfmt::skip]
const EDITOR_LEAVE: &[Row<Editor>] = &[
    row!(k(K::Esc) | ctrl('s') => Editor::Leave; "記入を残して戻る", "keep and return"; HINT),
    row!(ctrl('x') => Editor::Empty; "欄を空にして書き直す (Ctrl-Z で戻す)", "empty the field to rewrite it (Ctrl-Z undoes)"; HINT),
];

#[rustfmt::skip]
const EDITOR_MOVES: &[Row<Editor>] = &[
    row!(k(K::Left) => Editor::Left; "左へ", "left"),
    row!(k(K::Right) => Editor::Right; "右へ", "right"),
    row!(k(K::Up) => Editor::Up; "上の行へ", "line up"),
    row!(k(K::Down) => Editor::Down; "下の行へ", "line down"),
    row!(ctrl('j') => Editor::NewLine; "改行 (貼り付けの改行)", "new line (a pasted line feed)"),
];

/// The line-editing keys of every text field: the notes editors, the forms' fields and the
/// prompts ([`LINE_EDIT`]).
#[rustfmt::skip]
const LINE_KEYS: &[Row<Editor>] = &[
    row!(k(K::Home) | ctrl('a') => Editor::Home; "行の先頭へ", "start of the line"),
    row!(k(K::End) | ctrl('e') => Editor::End; "行の末尾へ", "end of the line"),
    row!(alt(K::Char('b')) => Editor::WordBack; "前の語へ", "a word back"),
    row!(alt(K::Char('f')) => Editor::WordForward; "次の語へ", "a word forward"),
    row!(k(K::Backspace) => Editor::DeleteBack; "前の文字を消す", "delete before the cursor"),
    row!(k(K::Delete) => Editor::Delete; "カーソル位置の文字を消す", "delete at the cursor"),
    row!(ctrl('w') => Editor::DeleteWord; "前の語を消す", "delete the word before the cursor"),
    row!(alt(K::Backspace) => Editor::DeleteWord; "前の語を消す (Ctrl-W と同じ)", "delete the word before the cursor (as Ctrl-W)"),
    row!(ctrl('u') => Editor::DeleteToStart; "行の先頭まで消す", "delete to the start of the line"),
    row!(ctrl('k') => Editor::DeleteToEnd; "行の末尾まで消す", "delete to the end of the line"),
    row!(text() => Editor::Type; "カーソル位置に入力", "typed at the cursor"),
];

const EDITOR_UNDO: &[Row<Editor>] = &[
    row!(ctrl('z') => Editor::Undo; "記入中の変更を 1 つ戻す", "undo the last change in the editor"),
];

/// The comment and evidence editors: one multi-line field.
#[rustfmt::skip]
pub(crate) const NOTE_EDITOR: KeyTable<Editor> = KeyTable::mode(
    "コメント・根拠資料の記入 (c e)",
    "Comment and evidence editor (c e)",
    &[EDITOR_LEAVE, &[row!(k(K::Enter) => Editor::Enter; "改行", "new line"; HINT)], EDITOR_MOVES, LINE_KEYS, EDITOR_UNDO],
);

/// The plan editor: measure (multi-line), owner and due date (one line each).
#[rustfmt::skip]
pub(crate) const PLAN_EDITOR: KeyTable<Editor> = KeyTable::mode("改善計画の記入 (p)", "Improvement plan editor (p)", &[EDITOR_LEAVE, &[
    row!(k(K::Tab) => Editor::NextField; "次の欄", "next field"; HINT),
    row!(k(K::BackTab) => Editor::PrevField; "前の欄", "previous field"),
    row!(k(K::Enter) => Editor::Enter; "改行 (担当・期限は次の欄)", "new line (owner, due: next field)"; HINT),
], EDITOR_MOVES, LINE_KEYS, EDITOR_UNDO]);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;
    use ratatui::crossterm::event::{KeyEvent, KeyModifiers};

    #[test]
    fn exact_keys_come_before_text_and_other_keys() {
        let key = |c| KeyEvent::new(K::Char(c), KeyModifiers::NONE);
        assert_eq!(CONFIRM.lookup(&key('y')), Some(Confirm::Yes));
        assert_eq!(CONFIRM.lookup(&key('x')), None, "other keys are ignored");
        assert_eq!(CONFLICT.lookup(&key('b')), Some(Conflict::SaveBeside));
        assert_eq!(CONFLICT.lookup(&key('Q')), Some(Conflict::Back));
        assert_eq!(
            CONFLICT_QUITTING.lookup(&key('Q')),
            Some(Conflict::QuitDiscarding)
        );
        assert_eq!(LINE_EDIT.lookup(&key('あ')), Some(Editor::Type));
        let ctrl_u = KeyEvent::new(K::Char('u'), KeyModifiers::CONTROL);
        assert_eq!(LINE_EDIT.lookup(&ctrl_u), Some(Editor::DeleteToStart));
        let ctrl_x = KeyEvent::new(K::Char('x'), KeyModifiers::CONTROL);
        assert_eq!(LINE_EDIT.lookup(&ctrl_x), None, "Ctrl keys are not text");
        let right = KeyEvent::new(K::Right, KeyModifiers::NONE);
        assert_eq!(LINE_EDIT.lookup(&right), Some(Editor::Right));
    }

    #[test]
    fn hints_are_made_from_the_table() {
        assert_eq!(CONFIRM.hint(Lang::Ja), "y: はい  n/Esc: いいえ");
        assert_eq!(
            READ_ONLY.hint(Lang::En),
            "Enter/y/Esc: view read-only  q/n: quit"
        );
        assert_eq!(LINE_EDIT.hint(Lang::Ja), "左/右: 欄内で移動");
    }
}
