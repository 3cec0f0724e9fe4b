//! The keys of dialogs, editors, forms and prompts: one table per mode, like `BINDINGS` for
//! the main screen. Each mode looks its keys up here and draws its hint line from here, and
//! the help screen lists every table, so what a dialog says and what it does cannot drift.
//! A key's name on screen is made from the key itself (`KeyName`), never written by hand.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::text::Lang;

/// A key, or a class of keys, a mode accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pat {
    Key(KeyCode, KeyModifiers),
    /// Any printable character (a space too) typed without Ctrl or Alt: text.
    Text,
    /// Every key no other entry of the table takes.
    Other,
}

const NONE: KeyModifiers = KeyModifiers::NONE;
const CTRL: KeyModifiers = KeyModifiers::CONTROL;

const fn k(code: KeyCode) -> Pat {
    Pat::Key(code, NONE)
}

const fn ch(c: char) -> Pat {
    Pat::Key(KeyCode::Char(c), NONE)
}

const fn ctrl(c: char) -> Pat {
    Pat::Key(KeyCode::Char(c), CTRL)
}

impl Pat {
    /// How the key is written on screen.
    pub fn name(self, lang: Lang) -> String {
        let (code, mods) = match self {
            Pat::Text => return lang.pick("文字", "text").into(),
            Pat::Other => return lang.pick("他のキー", "other keys").into(),
            Pat::Key(code, mods) => (code, mods),
        };
        let base = match code {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "Shift-Tab".into(),
            KeyCode::Backspace => "Backspace".into(),
            KeyCode::Delete => "Delete".into(),
            KeyCode::Left => lang.pick("左", "Left").into(),
            KeyCode::Right => lang.pick("右", "Right").into(),
            KeyCode::Up => lang.pick("上", "Up").into(),
            KeyCode::Down => lang.pick("下", "Down").into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::F(n) => format!("F{n}"),
            other => format!("{other:?}"),
        };
        if mods.contains(KeyModifiers::CONTROL) {
            format!("Ctrl-{}", base.to_uppercase())
        } else {
            base
        }
    }
}

/// One line of a mode's table: the keys, what they do there, and whether the mode's hint
/// line shows them (the help screen shows every line).
#[derive(Clone, Copy)]
pub struct ModeKey<A: 'static> {
    pub pats: &'static [Pat],
    pub action: A,
    pub ja: &'static str,
    pub en: &'static str,
    pub hint: bool,
}

impl<A> ModeKey<A> {
    /// The keys as written on screen, joined by `/`: `n/Esc`.
    pub fn label(&self, lang: Lang) -> String {
        let names: Vec<String> = self.pats.iter().map(|p| p.name(lang)).collect();
        names.join("/")
    }

    pub fn describe(&self, lang: Lang) -> &'static str {
        lang.pick(self.ja, self.en)
    }
}

/// The keys of one mode.
pub struct ModeKeys<A: 'static> {
    /// The mode's name in the help screen.
    pub ja: &'static str,
    pub en: &'static str,
    pub keys: &'static [ModeKey<A>],
}

impl<A: Copy> ModeKeys<A> {
    /// What a key does in this mode: an exact key first, then text, then other keys. Shift
    /// is ignored for characters (it is in the character already).
    pub fn lookup(&self, key: &KeyEvent) -> Option<A> {
        let mods = match key.code {
            KeyCode::Char(_) | KeyCode::BackTab => key.modifiers - KeyModifiers::SHIFT,
            _ => key.modifiers,
        };
        let find = |wanted: &dyn Fn(&Pat) -> bool| {
            self.keys
                .iter()
                .find(|e| e.pats.iter().any(wanted))
                .map(|e| e.action)
        };
        find(&|p| *p == Pat::Key(key.code, mods))
            .or_else(|| match key.code {
                KeyCode::Char(c) if mods.is_empty() && !c.is_control() => {
                    find(&|p| *p == Pat::Text)
                }
                _ => None,
            })
            .or_else(|| find(&|p| *p == Pat::Other))
    }

    /// The hint line: `y: はい   n/Esc: いいえ`.
    pub fn hint(&self, lang: Lang) -> String {
        let parts: Vec<String> = self
            .keys
            .iter()
            .filter(|e| e.hint)
            .map(|e| format!("{}: {}", e.label(lang), e.describe(lang)))
            .collect();
        parts.join("   ")
    }

    /// Every line, for the help screen: (keys, what they do).
    pub fn rows(&self, lang: Lang) -> Vec<(String, String)> {
        self.keys
            .iter()
            .map(|e| (e.label(lang), e.describe(lang).to_string()))
            .collect()
    }
}

/// A yes/no question: answering a heading at once, taking last year's answers, replacing an
/// answer. Other keys leave the question open: its hint names every key that acts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Confirm {
    Yes,
    No,
}

pub const CONFIRM: ModeKeys<Confirm> = ModeKeys {
    ja: "確認の問い合わせ",
    en: "Questions",
    keys: &[
        ModeKey {
            pats: &[ch('y')],
            action: Confirm::Yes,
            ja: "はい",
            en: "yes",
            hint: true,
        },
        ModeKey {
            pats: &[ch('n'), k(KeyCode::Esc)],
            action: Confirm::No,
            ja: "いいえ",
            en: "no",
            hint: true,
        },
    ],
};

/// The sheet opened read-only (locked by someone else, or unsaveable here).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReadOnly {
    View,
    Quit,
}

pub const READ_ONLY: ModeKeys<ReadOnly> = ModeKeys {
    ja: "読み取り専用のお知らせ",
    en: "Read-only notice",
    keys: &[
        ModeKey {
            pats: &[k(KeyCode::Enter), ch('y'), k(KeyCode::Esc)],
            action: ReadOnly::View,
            ja: "読み取り専用で見る",
            en: "view read-only",
            hint: true,
        },
        ModeKey {
            pats: &[ch('q'), ch('n')],
            action: ReadOnly::Quit,
            ja: "終了",
            en: "quit",
            hint: true,
        },
    ],
};

/// The file changed on disk since it was loaded or saved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Conflict {
    SaveBeside,
    Reload,
    QuitDiscarding,
    Back,
}

const CONFLICT_BESIDE: ModeKey<Conflict> = ModeKey {
    pats: &[ch('b')],
    action: Conflict::SaveBeside,
    ja: "別名で横に保存",
    en: "save beside it",
    hint: true,
};
const CONFLICT_RELOAD: ModeKey<Conflict> = ModeKey {
    pats: &[ch('R')],
    action: Conflict::Reload,
    ja: "読み直して今回の変更を適用",
    en: "reload and re-apply this session's changes",
    hint: true,
};
const BACK: ModeKey<Conflict> = ModeKey {
    pats: &[Pat::Other],
    action: Conflict::Back,
    ja: "戻る",
    en: "back",
    hint: true,
};

pub const CONFLICT: ModeKeys<Conflict> = ModeKeys {
    ja: "ファイルが他で変更されたとき",
    en: "File changed by someone else",
    keys: &[CONFLICT_BESIDE, CONFLICT_RELOAD, BACK],
};

/// The same, while quitting: quitting without saving is offered too.
pub const CONFLICT_QUITTING: ModeKeys<Conflict> = ModeKeys {
    ja: "ファイルが他で変更されたとき (終了中)",
    en: "File changed by someone else (quitting)",
    keys: &[
        CONFLICT_BESIDE,
        CONFLICT_RELOAD,
        ModeKey {
            pats: &[ch('Q')],
            action: Conflict::QuitDiscarding,
            ja: "保存せずに終了",
            en: "quit without saving",
            hint: true,
        },
        BACK,
    ],
};

/// Quitting, but the last save failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QuitUnsaved {
    Retry,
    QuitDiscarding,
    Back,
}

pub const QUIT_UNSAVED: ModeKeys<QuitUnsaved> = ModeKeys {
    ja: "保存できずに終了するとき",
    en: "Quitting after a failed save",
    keys: &[
        ModeKey {
            pats: &[ch('r')],
            action: QuitUnsaved::Retry,
            ja: "再試行",
            en: "retry",
            hint: true,
        },
        ModeKey {
            pats: &[ch('Q')],
            action: QuitUnsaved::QuitDiscarding,
            ja: "保存せずに終了",
            en: "quit without saving",
            hint: true,
        },
        ModeKey {
            pats: &[Pat::Other],
            action: QuitUnsaved::Back,
            ja: "戻る",
            en: "return",
            hint: true,
        },
    ],
};

/// A scrolled overlay: the help screen, last year's summary (`R`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scroll {
    Down(u16),
    Up(u16),
    Close,
}

pub const SCROLL: ModeKeys<Scroll> = ModeKeys {
    ja: "ヘルプ・前年との比較",
    en: "Help, last year's summary",
    keys: &[
        ModeKey {
            pats: &[ch('j'), k(KeyCode::Down)],
            action: Scroll::Down(1),
            ja: "下へ",
            en: "down",
            hint: true,
        },
        ModeKey {
            pats: &[ch('k'), k(KeyCode::Up)],
            action: Scroll::Up(1),
            ja: "上へ",
            en: "up",
            hint: true,
        },
        ModeKey {
            pats: &[k(KeyCode::PageDown), ch(' ')],
            action: Scroll::Down(10),
            ja: "10 行下へ",
            en: "ten lines down",
            hint: false,
        },
        ModeKey {
            pats: &[k(KeyCode::PageUp)],
            action: Scroll::Up(10),
            ja: "10 行上へ",
            en: "ten lines up",
            hint: false,
        },
        ModeKey {
            pats: &[Pat::Other],
            action: Scroll::Close,
            ja: "閉じる",
            en: "close",
            hint: true,
        },
    ],
};

/// The `:` and `/` prompts and the file name of last year's sheet (`V`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Prompt {
    Run,
    Cancel,
    DeleteBack,
    Clear,
    Type,
}

pub const PROMPT: ModeKeys<Prompt> = ModeKeys {
    ja: "入力行 (: / V)",
    en: "Prompts (: / V)",
    keys: &[
        ModeKey {
            pats: &[k(KeyCode::Enter)],
            action: Prompt::Run,
            ja: "実行",
            en: "run",
            hint: true,
        },
        ModeKey {
            pats: &[k(KeyCode::Esc)],
            action: Prompt::Cancel,
            ja: "中止",
            en: "cancel",
            hint: true,
        },
        ModeKey {
            pats: &[k(KeyCode::Backspace)],
            action: Prompt::DeleteBack,
            ja: "1 文字消す",
            en: "delete a character",
            hint: false,
        },
        ModeKey {
            pats: &[ctrl('u')],
            action: Prompt::Clear,
            ja: "すべて消す",
            en: "clear",
            hint: false,
        },
        ModeKey {
            pats: &[Pat::Text],
            action: Prompt::Type,
            ja: "入力",
            en: "typed in",
            hint: false,
        },
    ],
};

/// One-line text fields of the forms (the start form, the sheet header `i`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineEdit {
    Left,
    Right,
    Home,
    End,
    DeleteBack,
    Delete,
    Clear,
    Type,
}

pub const LINE_EDIT: ModeKeys<LineEdit> = ModeKeys {
    ja: "フォームの文字欄",
    en: "Text fields of forms",
    keys: &[
        ModeKey {
            pats: &[Pat::Text],
            action: LineEdit::Type,
            ja: "カーソル位置に入力 (空白も)",
            en: "typed at the cursor (spaces too)",
            hint: false,
        },
        ModeKey {
            pats: &[k(KeyCode::Left), k(KeyCode::Right)],
            action: LineEdit::Left,
            ja: "欄内で移動",
            en: "move in the field",
            hint: true,
        },
        ModeKey {
            pats: &[k(KeyCode::Home), ctrl('a')],
            action: LineEdit::Home,
            ja: "欄の先頭へ",
            en: "start of the field",
            hint: true,
        },
        ModeKey {
            pats: &[k(KeyCode::End), ctrl('e')],
            action: LineEdit::End,
            ja: "欄の末尾へ",
            en: "end of the field",
            hint: false,
        },
        ModeKey {
            pats: &[k(KeyCode::Backspace)],
            action: LineEdit::DeleteBack,
            ja: "前の文字を消す",
            en: "delete before the cursor",
            hint: false,
        },
        ModeKey {
            pats: &[k(KeyCode::Delete)],
            action: LineEdit::Delete,
            ja: "カーソル位置の文字を消す",
            en: "delete at the cursor",
            hint: false,
        },
        ModeKey {
            pats: &[ctrl('u')],
            action: LineEdit::Clear,
            ja: "欄を空にする",
            en: "clear the field",
            hint: false,
        },
    ],
};

/// `Left` and `Right` share a line of `LINE_EDIT`; this tells them apart.
pub fn line_edit(key: &KeyEvent) -> Option<LineEdit> {
    match LINE_EDIT.lookup(key)? {
        LineEdit::Left if key.code == KeyCode::Right => Some(LineEdit::Right),
        other => Some(other),
    }
}

/// Yes/no questions of the forms (重要機能室) and the start form's edition.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Choice {
    Toggle,
    Yes,
    No,
}

pub const CHOICE: ModeKeys<Choice> = ModeKeys {
    ja: "フォームの選択欄",
    en: "Choices of forms",
    keys: &[
        ModeKey {
            pats: &[k(KeyCode::Left), k(KeyCode::Right), ch(' ')],
            action: Choice::Toggle,
            ja: "切り替える",
            en: "switch",
            hint: true,
        },
        ModeKey {
            pats: &[ch('y')],
            action: Choice::Yes,
            ja: "はい",
            en: "yes",
            hint: true,
        },
        ModeKey {
            pats: &[ch('n')],
            action: Choice::No,
            ja: "いいえ",
            en: "no",
            hint: true,
        },
    ],
};

/// Moving between the fields of a form, and leaving it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    Next,
    Prev,
    /// Enter: the next field, or (on the form's button) the form's action.
    Enter,
    /// Esc: the start form is cancelled; the header form is closed, its changes kept.
    Leave,
    /// Ctrl-S: the header form closes, its changes kept.
    Done,
}

/// The start form (a new sheet).
pub const START_FORM: ModeKeys<Form> = ModeKeys {
    ja: "新しいシートのフォーム",
    en: "New sheet form",
    keys: &[
        ModeKey {
            pats: &[k(KeyCode::Tab), k(KeyCode::Down)],
            action: Form::Next,
            ja: "次の欄",
            en: "next field",
            hint: true,
        },
        ModeKey {
            pats: &[k(KeyCode::BackTab), k(KeyCode::Up)],
            action: Form::Prev,
            ja: "前の欄",
            en: "previous field",
            hint: false,
        },
        ModeKey {
            pats: &[k(KeyCode::Enter)],
            action: Form::Enter,
            ja: "次へ (ボタンの上では作成)",
            en: "next (on the button: create)",
            hint: true,
        },
        ModeKey {
            pats: &[k(KeyCode::Esc), ctrl('c')],
            action: Form::Leave,
            ja: "中止",
            en: "cancel",
            hint: true,
        },
    ],
};

/// The sheet header (`i`): every change is applied at once and kept when the form closes.
pub const HEADER_FORM: ModeKeys<Form> = ModeKeys {
    ja: "シート情報のフォーム (i)",
    en: "Sheet header form (i)",
    keys: &[
        ModeKey {
            pats: &[k(KeyCode::Tab), k(KeyCode::Down)],
            action: Form::Next,
            ja: "次の欄",
            en: "next field",
            hint: true,
        },
        ModeKey {
            pats: &[k(KeyCode::BackTab), k(KeyCode::Up)],
            action: Form::Prev,
            ja: "前の欄",
            en: "previous field",
            hint: false,
        },
        ModeKey {
            pats: &[k(KeyCode::Enter)],
            action: Form::Enter,
            ja: "次の欄",
            en: "next field",
            hint: false,
        },
        ModeKey {
            pats: &[k(KeyCode::Esc), ctrl('s')],
            action: Form::Done,
            ja: "変更を残して閉じる (u で元に戻せます)",
            en: "close keeping the changes (u undoes)",
            hint: true,
        },
    ],
};

/// The notes editors (`c` `e` `p`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Editor {
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
    DeleteBack,
    Delete,
    Type,
}

const EDITOR_LEAVE: ModeKey<Editor> = ModeKey {
    pats: &[k(KeyCode::Esc), ctrl('s')],
    action: Editor::Leave,
    ja: "記入を残して戻る",
    en: "keep and return",
    hint: true,
};
const EDITOR_MOVES: [ModeKey<Editor>; 6] = [
    ModeKey {
        pats: &[k(KeyCode::Left)],
        action: Editor::Left,
        ja: "左へ",
        en: "left",
        hint: false,
    },
    ModeKey {
        pats: &[k(KeyCode::Right)],
        action: Editor::Right,
        ja: "右へ",
        en: "right",
        hint: false,
    },
    ModeKey {
        pats: &[k(KeyCode::Up)],
        action: Editor::Up,
        ja: "上の行へ",
        en: "line up",
        hint: false,
    },
    ModeKey {
        pats: &[k(KeyCode::Down)],
        action: Editor::Down,
        ja: "下の行へ",
        en: "line down",
        hint: false,
    },
    ModeKey {
        pats: &[k(KeyCode::Home)],
        action: Editor::Home,
        ja: "行の先頭へ",
        en: "start of the line",
        hint: false,
    },
    ModeKey {
        pats: &[k(KeyCode::End)],
        action: Editor::End,
        ja: "行の末尾へ",
        en: "end of the line",
        hint: false,
    },
];
const EDITOR_TEXT: [ModeKey<Editor>; 4] = [
    ModeKey {
        pats: &[ctrl('j')],
        action: Editor::NewLine,
        ja: "改行 (貼り付けの改行)",
        en: "new line (a pasted line feed)",
        hint: false,
    },
    ModeKey {
        pats: &[k(KeyCode::Backspace)],
        action: Editor::DeleteBack,
        ja: "前の文字を消す",
        en: "delete before the cursor",
        hint: false,
    },
    ModeKey {
        pats: &[k(KeyCode::Delete)],
        action: Editor::Delete,
        ja: "カーソル位置の文字を消す",
        en: "delete at the cursor",
        hint: false,
    },
    ModeKey {
        pats: &[Pat::Text],
        action: Editor::Type,
        ja: "カーソル位置に入力",
        en: "typed at the cursor",
        hint: false,
    },
];

/// The comment and evidence editors: one multi-line field.
pub const NOTE_EDITOR: ModeKeys<Editor> = ModeKeys {
    ja: "コメント・根拠資料の記入 (c e)",
    en: "Comment and evidence editor (c e)",
    keys: &[
        EDITOR_LEAVE,
        ModeKey {
            pats: &[k(KeyCode::Enter)],
            action: Editor::Enter,
            ja: "改行",
            en: "new line",
            hint: true,
        },
        EDITOR_MOVES[0],
        EDITOR_MOVES[1],
        EDITOR_MOVES[2],
        EDITOR_MOVES[3],
        EDITOR_MOVES[4],
        EDITOR_MOVES[5],
        EDITOR_TEXT[0],
        EDITOR_TEXT[1],
        EDITOR_TEXT[2],
        EDITOR_TEXT[3],
    ],
};

/// The plan editor: measure (multi-line), owner and due date (one line each).
pub const PLAN_EDITOR: ModeKeys<Editor> = ModeKeys {
    ja: "改善計画の記入 (p)",
    en: "Improvement plan editor (p)",
    keys: &[
        EDITOR_LEAVE,
        ModeKey {
            pats: &[k(KeyCode::Tab)],
            action: Editor::NextField,
            ja: "次の欄",
            en: "next field",
            hint: true,
        },
        ModeKey {
            pats: &[k(KeyCode::BackTab)],
            action: Editor::PrevField,
            ja: "前の欄",
            en: "previous field",
            hint: false,
        },
        ModeKey {
            pats: &[k(KeyCode::Enter)],
            action: Editor::Enter,
            ja: "改行 (担当・期限では次の欄)",
            en: "new line (next field in owner/due)",
            hint: true,
        },
        EDITOR_MOVES[0],
        EDITOR_MOVES[1],
        EDITOR_MOVES[2],
        EDITOR_MOVES[3],
        EDITOR_MOVES[4],
        EDITOR_MOVES[5],
        EDITOR_TEXT[0],
        EDITOR_TEXT[1],
        EDITOR_TEXT[2],
        EDITOR_TEXT[3],
    ],
};

/// Every mode's table, as the help screen lists them: (name ja, name en, rows).
pub fn help_sections(lang: Lang) -> Vec<(&'static str, Vec<(String, String)>)> {
    fn section<A: Copy>(t: &ModeKeys<A>, lang: Lang) -> (&'static str, Vec<(String, String)>) {
        (lang.pick(t.ja, t.en), t.rows(lang))
    }
    vec![
        section(&NOTE_EDITOR, lang),
        section(&PLAN_EDITOR, lang),
        section(&HEADER_FORM, lang),
        section(&LINE_EDIT, lang),
        section(&CHOICE, lang),
        section(&PROMPT, lang),
        section(&CONFIRM, lang),
        section(&SCROLL, lang),
        section(&READ_ONLY, lang),
        section(&CONFLICT_QUITTING, lang),
        section(&QUIT_UNSAVED, lang),
        section(&START_FORM, lang),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_keys_come_before_text_and_other_keys() {
        let key = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
        assert_eq!(CONFIRM.lookup(&key('y')), Some(Confirm::Yes));
        assert_eq!(CONFIRM.lookup(&key('x')), None, "other keys are ignored");
        assert_eq!(CONFLICT.lookup(&key('b')), Some(Conflict::SaveBeside));
        assert_eq!(CONFLICT.lookup(&key('Q')), Some(Conflict::Back));
        assert_eq!(
            CONFLICT_QUITTING.lookup(&key('Q')),
            Some(Conflict::QuitDiscarding)
        );
        assert_eq!(PROMPT.lookup(&key('あ')), Some(Prompt::Type));
        let ctrl_u = KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL);
        assert_eq!(PROMPT.lookup(&ctrl_u), Some(Prompt::Clear));
        let ctrl_x = KeyEvent::new(KeyCode::Char('x'), KeyModifiers::CONTROL);
        assert_eq!(PROMPT.lookup(&ctrl_x), None, "Ctrl keys are not text");
        let right = KeyEvent::new(KeyCode::Right, KeyModifiers::NONE);
        assert_eq!(line_edit(&right), Some(LineEdit::Right));
    }

    #[test]
    fn hints_are_made_from_the_table() {
        assert_eq!(CONFIRM.hint(Lang::Ja), "y: はい   n/Esc: いいえ");
        assert_eq!(
            READ_ONLY.hint(Lang::En),
            "Enter/y/Esc: view read-only   q/n: quit"
        );
    }

    #[test]
    fn no_key_is_listed_twice_in_a_table() {
        fn check<A: Copy>(t: &ModeKeys<A>) {
            let mut seen = Vec::new();
            for e in t.keys {
                for p in e.pats {
                    assert!(!seen.contains(p), "{} {p:?} twice", t.en);
                    seen.push(*p);
                }
            }
        }
        check(&CONFIRM);
        check(&READ_ONLY);
        check(&CONFLICT);
        check(&CONFLICT_QUITTING);
        check(&QUIT_UNSAVED);
        check(&SCROLL);
        check(&PROMPT);
        check(&LINE_EDIT);
        check(&CHOICE);
        check(&START_FORM);
        check(&HEADER_FORM);
        check(&NOTE_EDITOR);
        check(&PLAN_EDITOR);
    }
}
