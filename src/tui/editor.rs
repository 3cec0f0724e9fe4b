//! The notes editor's state and keys ([`NoteEditor`]); `view::editor` draws it.
//!
//! The notes editor: comment, evidence, or the improvement plan (measure, owner, due date),
//! each field a ratatui-textarea. Keys are mapped here, not by the textarea's defaults (whose
//! Ctrl-C copies and Ctrl-U undoes), to the usual line-editing keys (`modes::LINE_KEYS`:
//! Ctrl-A/E, Alt-B/F, Ctrl-U/K, Ctrl-W and Alt-Backspace; Ctrl-X to empty a field carried from
//! last year, Ctrl-Z to undo within the editor); Esc, Ctrl-S and Ctrl-C are handled by the app
//! first. The same code edits every one-line text field, the forms' and the prompts'
//! ([`edit_line`]): one implementation of the keys.

mod word;
mod wrapped;

use std::cell::RefCell;

use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui_textarea::{CursorMove, TextArea};

use crate::lang::Lang;
use crate::sheet::{Notes, Plan};
use crate::tui::keymap::KeyTable;
use crate::tui::keymap::modes::{self, Editor as Key};
pub(crate) use wrapped::Wrapped;

/// Which notes of an item are being edited.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoteKind {
    Comment,
    Evidence,
    Plan,
}

impl NoteKind {
    /// Puts the texts of an editor of this kind's fields (in their order) into `notes`.
    pub(crate) fn apply(self, texts: &[String], notes: &mut Notes) {
        match self {
            NoteKind::Comment => notes.comment.clone_from(&texts[0]),
            NoteKind::Evidence => notes.evidence.clone_from(&texts[0]),
            NoteKind::Plan => {
                let plan = Plan {
                    action: texts[0].clone(),
                    owner: texts[1].clone(),
                    due: crate::date::normalize_due(&texts[2]),
                    carried: false,
                };
                notes.plan = (!plan.is_empty()).then_some(plan);
            }
        }
    }

    pub(crate) fn title(self, lang: Lang) -> &'static str {
        match self {
            NoteKind::Comment => lang.pick("コメント", "Comment"),
            NoteKind::Evidence => lang.pick("根拠資料", "Evidence"),
            NoteKind::Plan => lang.pick("改善計画", "Improvement plan"),
        }
    }
}

/// The notes being typed, as the watchdog is handed them after each batch of keys: the item's
/// id and the open editor, borrowed. Whoever keeps them copies only what it needs.
#[derive(Clone, Copy)]
pub struct Draft<'a> {
    pub id: &'a str,
    pub(crate) editor: &'a NoteEditor,
}

impl Draft<'_> {
    /// The item's notes `base` with the text being typed in them.
    pub fn notes(&self, mut base: Notes) -> Notes {
        self.editor.apply(&mut base);
        base
    }
}

/// One field of the editor: the text (a ratatui-textarea, for its editing and undo; it is
/// never drawn) and the text as drawn, wrapped by the app's own rules (`view::editor` keeps it
/// up to date when it draws; the moves by display line read it).
#[derive(Clone, Debug)]
pub struct NoteField {
    pub(crate) label_ja: &'static str,
    pub(crate) label_en: &'static str,
    pub(crate) multiline: bool,
    pub area: TextArea<'static>,
    pub(crate) wrapped: RefCell<Wrapped>,
}

impl NoteField {
    fn new(
        label_ja: &'static str,
        label_en: &'static str,
        multiline: bool,
        text: &str,
    ) -> NoteField {
        let mut area = TextArea::from(text.split('\n').map(str::to_string));
        area.move_cursor(CursorMove::Bottom);
        area.move_cursor(CursorMove::End);
        NoteField {
            label_ja,
            label_en,
            multiline,
            area,
            wrapped: RefCell::default(),
        }
    }

    /// Moves the cursor by display line (Up/Down) or to the start or end of its display line
    /// (Home/End) on the wrap last drawn, brought up to date with the text. Returns `false`
    /// when the field has not been drawn yet (the textarea's own moves by line are used).
    fn move_on_screen(&mut self, action: Key) -> bool {
        let mut wrapped = self.wrapped.borrow_mut();
        let width = wrapped.width();
        if width == 0 {
            return false;
        }
        wrapped.update(self.area.lines(), width);
        let ratatui_textarea::DataCursor(line, col) = self.area.cursor();
        let to = match action {
            Key::Up => wrapped.vertical(line, col, -1),
            Key::Down => wrapped.vertical(line, col, 1),
            Key::Home => wrapped.row_edge(line, col, false),
            _ => wrapped.row_edge(line, col, true),
        };
        if let Some((line, col)) = to {
            jump(&mut self.area, line, col);
        }
        true
    }

    pub(crate) fn label(&self, lang: Lang) -> &'static str {
        lang.pick(self.label_ja, self.label_en)
    }

    pub(crate) fn text(&self) -> String {
        self.area.lines().join("\n")
    }
}

/// The editor open on one item.
#[derive(Clone, Debug)]
pub struct NoteEditor {
    pub(crate) kind: NoteKind,
    /// Catalog position of the item.
    pub(crate) position: usize,
    pub fields: Vec<NoteField>,
    pub active: usize,
}

impl NoteEditor {
    /// The editor of an item's notes (empty when nothing is written yet).
    pub fn open(kind: NoteKind, position: usize, notes: &Notes) -> NoteEditor {
        let fields = match kind {
            NoteKind::Comment => vec![NoteField::new("コメント", "Comment", true, &notes.comment)],
            NoteKind::Evidence => vec![NoteField::new(
                "根拠資料",
                "Evidence",
                true,
                &notes.evidence,
            )],
            NoteKind::Plan => {
                let plan = notes.plan.clone().unwrap_or_default();
                vec![
                    NoteField::new("措置", "Measure", true, &plan.action),
                    NoteField::new("担当", "Owner", false, &plan.owner),
                    NoteField::new("期限", "Due", false, &plan.due),
                ]
            }
        };
        NoteEditor {
            kind,
            position,
            fields,
            active: 0,
        }
    }

    /// Applies the edited text to an item's notes.
    pub fn apply(&self, notes: &mut Notes) {
        let texts: Vec<String> = self.fields.iter().map(NoteField::text).collect();
        self.kind.apply(&texts, notes);
    }

    /// The plan's due date as typed (`None` for a comment or evidence).
    pub(crate) fn due(&self) -> Option<String> {
        (self.kind == NoteKind::Plan).then(|| self.fields[2].text())
    }

    /// Inserts pasted text at the cursor in one step. Line breaks (CR LF, CR or LF) become
    /// new lines in a multi-line field and spaces in a one-line field; a tab becomes a space;
    /// other control characters are dropped.
    pub(crate) fn paste(&mut self, text: &str) {
        let field = &mut self.fields[self.active];
        let newline = if field.multiline { '\n' } else { ' ' };
        let mut clean = String::with_capacity(text.len());
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\r' => {
                    chars.next_if_eq(&'\n');
                    clean.push(newline);
                }
                '\n' => clean.push(newline),
                '\t' => clean.push(' '),
                c if crate::safe_text::is_unsafe_char(c) => {}
                c => clean.push(c),
            }
        }
        field.area.insert_str(clean);
    }

    /// The editor's keys: `PLAN_EDITOR` or `NOTE_EDITOR`.
    pub(crate) fn keys(&self) -> &'static KeyTable<Key> {
        match self.kind {
            NoteKind::Plan => &modes::PLAN_EDITOR,
            _ => &modes::NOTE_EDITOR,
        }
    }

    /// Handles a key meant for the text (the editor's table; `Leave` is the app's). Returns
    /// whether the text changed.
    pub fn key(&mut self, key: &KeyEvent) -> bool {
        let Some(action) = self.keys().lookup(key) else {
            return false;
        };
        let n = self.fields.len();
        let field = &mut self.fields[self.active];
        match action {
            Key::Leave => false,
            Key::NextField => {
                self.active = (self.active + 1) % n;
                false
            }
            Key::PrevField => {
                self.active = (self.active + n - 1) % n;
                false
            }
            Key::Enter if !field.multiline => {
                self.active = (self.active + 1) % n;
                false
            }
            Key::Enter | Key::NewLine => {
                field.area.insert_newline();
                true
            }
            Key::Up | Key::Down | Key::Home | Key::End if field.move_on_screen(action) => false,
            action => {
                field.wrapped.get_mut().forget_row_end();
                edit(&mut field.area, action, key)
            }
        }
    }
}

/// The one implementation of the editing keys of every text field (the notes editors, and
/// through [`edit_line`] the forms' fields and the prompts): applies `action` (the key's, in
/// its table) to the text. Returns whether the text changed.
fn edit(area: &mut TextArea, action: Key, key: &KeyEvent) -> bool {
    let moved = |area: &mut TextArea, m: CursorMove| {
        area.move_cursor(m);
        false
    };
    // The word keys go by `word`'s words (a script's run in Japanese text); at a line's start
    // Ctrl-W and Alt-B are the textarea's own (joining the line to the one before, moving to
    // its end).
    let ratatui_textarea::DataCursor(line, col) = area.cursor();
    match action {
        Key::Type => match key.code {
            KeyCode::Char(c) => {
                area.insert_char(c);
                true
            }
            _ => false,
        },
        Key::DeleteBack => area.delete_char(),
        Key::Delete => area.delete_next_char(),
        Key::DeleteWord if col > 0 => {
            let start = word::start_before(&area.lines()[line], col);
            jump(area, line, start);
            area.delete_str(col - start)
        }
        Key::DeleteWord => area.delete_word(),
        Key::DeleteToStart => area.delete_line_by_head(),
        Key::DeleteToEnd => area.delete_line_by_end(),
        Key::Empty => area.clear(),
        Key::Undo => area.undo(),
        Key::Left => moved(area, CursorMove::Back),
        Key::Right => moved(area, CursorMove::Forward),
        Key::Up => moved(area, CursorMove::Up),
        Key::Down => moved(area, CursorMove::Down),
        Key::Home => moved(area, CursorMove::Head),
        Key::End => moved(area, CursorMove::End),
        Key::WordBack if col > 0 => {
            jump(area, line, word::start_before(&area.lines()[line], col));
            false
        }
        Key::WordBack => moved(area, CursorMove::WordBack),
        Key::WordForward => {
            let lines = area.lines();
            let (line, col) = match word::start_after(&lines[line], col) {
                Some(col) => (line, col),
                None if line + 1 < lines.len() => (line + 1, 0),
                None => (line, lines[line].chars().count()),
            };
            jump(area, line, col);
            false
        }
        // The editor's own (fields, leaving): not text keys.
        Key::Leave | Key::NextField | Key::PrevField | Key::Enter | Key::NewLine => false,
    }
}

/// Puts the cursor at `line`, character `col` (the textarea's jump counts in `u16`: the rest
/// of a longer line is walked).
fn jump(area: &mut TextArea, line: usize, col: usize) {
    let short = u16::try_from(col).unwrap_or(u16::MAX);
    area.move_cursor(CursorMove::Jump(
        u16::try_from(line).unwrap_or(u16::MAX),
        short,
    ));
    for _ in usize::from(short)..col {
        area.move_cursor(CursorMove::Forward);
    }
}

/// A key in a one-line text field (a form's field, a prompt) holding `text` with the cursor
/// `cursor` characters from its start: the keys of `modes::LINE_EDIT`, the notes editors'
/// line keys, done by the editors' own code ([`edit`]). Typing stops at `max` characters.
/// Returns the new cursor, or `None` when the key is not a line-editing key.
pub(crate) fn edit_line(
    text: &mut String,
    cursor: usize,
    key: &KeyEvent,
    max: usize,
) -> Option<usize> {
    let action = modes::LINE_EDIT.lookup(key)?;
    if action == Key::Type && text.chars().count() >= max {
        return Some(cursor);
    }
    let mut area = TextArea::new(vec![std::mem::take(text)]);
    jump(&mut area, 0, cursor);
    edit(&mut area, action, key);
    let at = area.cursor().1;
    *text = area.into_lines().concat();
    Some(at)
}

/// Key events for the tests of the editors and forms: a plain key, Ctrl with a letter.
#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use ratatui::crossterm::event::KeyModifiers;

    pub(crate) fn k(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    pub(crate) fn ctrl(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
    }

    #[test]
    fn types_japanese_and_ignores_control_shortcuts() {
        let mut e = on_comment("");
        for c in "月次で確認".chars() {
            e.key(&k(KeyCode::Char(c)));
        }
        e.key(&k(KeyCode::Enter));
        e.key(&k(KeyCode::Char('x')));
        // Ctrl-U would undo in the textarea's default map; here it deletes to the line's start.
        e.key(&KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
        e.key(&k(KeyCode::Char('y')));
        let mut a = Notes::default();
        e.apply(&mut a);
        assert_eq!(a.comment, "月次で確認\ny");
    }

    /// The editor open on a comment holding `text`.
    fn on_comment(text: &str) -> NoteEditor {
        let notes = Notes {
            comment: text.into(),
            ..Notes::default()
        };
        NoteEditor::open(NoteKind::Comment, 0, &notes)
    }

    /// The comment as the editor would write it.
    fn comment(e: &NoteEditor) -> String {
        let mut n = Notes::default();
        e.apply(&mut n);
        n.comment
    }

    /// Ctrl-W in a Japanese comment took the whole line (the textarea counts a run of
    /// anything but blanks and ASCII punctuation as one word): it takes a script's run, as
    /// Alt-B and Alt-F move by one, in the notes editors and in every one-line field.
    #[test]
    fn word_keys_in_japanese_text_take_one_script_at_a_time() {
        let alt = |code| KeyEvent::new(code, KeyModifiers::ALT);
        let mut e = on_comment("庁舎の入退室は記録している。監視カメラを設置");
        e.key(&ctrl('e'));
        assert!(e.key(&ctrl('w')));
        assert_eq!(comment(&e), "庁舎の入退室は記録している。監視カメラを");
        assert!(e.key(&alt(KeyCode::Backspace)));
        assert_eq!(comment(&e), "庁舎の入退室は記録している。監視カメラ");
        e.key(&alt(KeyCode::Char('b')));
        e.key(&alt(KeyCode::Char('b')));
        e.key(&k(KeyCode::Char('*')));
        assert_eq!(comment(&e), "庁舎の入退室は記録している。*監視カメラ");
        e.key(&ctrl('a'));
        e.key(&alt(KeyCode::Char('f')));
        e.key(&alt(KeyCode::Char('f')));
        e.key(&k(KeyCode::Char('*')));
        assert_eq!(comment(&e), "庁舎の*入退室は記録している。*監視カメラ");
        assert!(e.key(&ctrl('z')), "one undo step per key, as before");
        assert_eq!(comment(&e), "庁舎の入退室は記録している。*監視カメラ");
        // At a line's start, Ctrl-W still joins it to the line before.
        let mut e = on_comment("点検\n記録");
        e.key(&ctrl('a'));
        assert!(e.key(&ctrl('w')));
        assert_eq!(comment(&e), "点検記録");
        // A one-line field (a form's, a prompt's) does the same.
        let mut text = "情報政策課 情報セキュリティ担当".to_string();
        assert_eq!(edit_line(&mut text, 16, &ctrl('w'), 100), Some(14));
        assert_eq!(text, "情報政策課 情報セキュリティ");
    }

    /// #21.2: replacing last year's text cost a Backspace per character. The usual line
    /// editing keys, and one key that empties the field (undone with Ctrl-Z).
    #[test]
    fn line_editing_keys_and_emptying_the_field() {
        let text = "aaa bbb\nccc ddd";
        let mut e = on_comment(text);
        assert!(
            e.key(&ctrl('w')),
            "Ctrl-W deletes the word before the cursor"
        );
        assert_eq!(comment(&e), "aaa bbb\nccc ");
        let alt_bs = KeyEvent::new(KeyCode::Backspace, KeyModifiers::ALT);
        assert!(e.key(&alt_bs), "so does Alt-Backspace");
        assert_eq!(comment(&e), "aaa bbb\n");
        e.key(&k(KeyCode::Up));
        e.key(&ctrl('e'));
        e.key(&k(KeyCode::Left));
        assert!(e.key(&ctrl('u')), "Ctrl-U deletes to the start of the line");
        assert_eq!(comment(&e), "b\n");
        e.key(&ctrl('a'));
        assert!(e.key(&ctrl('k')), "Ctrl-K deletes to the end of the line");
        assert_eq!(comment(&e), "\n");
        assert!(e.key(&ctrl('z')), "Ctrl-Z undoes in the editor");
        assert_eq!(comment(&e), "b\n");
        // One key empties the field, whatever its length: replacing a carried note.
        let mut e = on_comment(text);
        assert!(e.key(&ctrl('x')));
        assert_eq!(comment(&e), "");
        e.key(&k(KeyCode::Char('新')));
        assert_eq!(comment(&e), "新");
        e.key(&ctrl('z'));
        e.key(&ctrl('z'));
        assert_eq!(comment(&e), "aaa bbb\nccc ddd", "Ctrl-Z brings it back");
        // The editor's hint names the key.
        assert!(
            e.keys().hint(Lang::Ja).contains("Ctrl-X"),
            "{}",
            e.keys().hint(Lang::Ja)
        );
        assert!(modes::PLAN_EDITOR.hint(Lang::En).contains("Ctrl-X"));
    }

    /// A note at the lead's 22:00 check: End on a wrapped display row that is not its
    /// paragraph's last, then a character, put the character before the row's last one
    /// (「12月X）」).
    #[test]
    fn end_then_a_character_types_after_the_rows_last_character() {
        let mut e = on_comment("会議（6月・12月）を開いた");
        let field = &e.fields[e.active];
        field.wrapped.borrow_mut().update(field.area.lines(), 18);
        let rows: Vec<String> = field.wrapped.borrow().lines_from(0).collect();
        assert_eq!(rows, ["会議（6月・12月）", "を開いた"]);
        e.key(&ctrl('a'));
        e.key(&k(KeyCode::Up));
        e.key(&ctrl('e'));
        e.key(&k(KeyCode::Char('X')));
        assert_eq!(comment(&e), "会議（6月・12月）Xを開いた");
    }

    #[test]
    fn plan_fields_are_reached_with_tab_and_enter() {
        let mut e = NoteEditor::open(NoteKind::Plan, 0, &Notes::default());
        e.key(&k(KeyCode::Char('A')));
        e.key(&k(KeyCode::Tab));
        e.key(&k(KeyCode::Char('B')));
        e.key(&k(KeyCode::Enter));
        e.key(&k(KeyCode::Char('C')));
        let mut a = Notes::default();
        e.apply(&mut a);
        let plan = a.plan.clone().unwrap();
        assert_eq!(
            (plan.action.as_str(), plan.owner.as_str(), plan.due.as_str()),
            ("A", "B", "C")
        );
        let mut e = NoteEditor::open(NoteKind::Plan, 0, &a);
        for _ in 0..3 {
            e.active = (e.active + 1) % 3;
            e.key(&k(KeyCode::Backspace));
        }
        e.apply(&mut a);
        assert_eq!(a.plan, None, "an emptied plan is removed");
    }
}
