//! The notes editor's state and keys ([`NoteEditor`]); `view::editor` draws it.
//!
//! The notes editor: comment, evidence, or the improvement plan (measure, owner, due date),
//! each field a ratatui-textarea. Keys are mapped here, not by the textarea's defaults (whose
//! Ctrl-C copies and Ctrl-U undoes); Esc, Ctrl-S and Ctrl-C are handled by the app first.

use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui_textarea::{CursorMove, TextArea, WrapMode};

use crate::lang::Lang;
use crate::sheet::{Answer, Plan};
use crate::tui::keymap::KeyTable;
use crate::tui::keymap::modes::{self, Editor as Key};

/// Which notes of an item are being edited.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoteKind {
    Comment,
    Evidence,
    Plan,
}

impl NoteKind {
    pub fn title(self, lang: Lang) -> &'static str {
        match self {
            NoteKind::Comment => lang.pick("コメント", "Comment"),
            NoteKind::Evidence => lang.pick("根拠資料", "Evidence"),
            NoteKind::Plan => lang.pick("改善計画", "Improvement plan"),
        }
    }
}

/// One field of the editor.
#[derive(Clone, Debug)]
pub struct NoteField {
    pub label_ja: &'static str,
    pub label_en: &'static str,
    pub multiline: bool,
    pub area: TextArea<'static>,
}

impl NoteField {
    fn new(
        label_ja: &'static str,
        label_en: &'static str,
        multiline: bool,
        text: &str,
    ) -> NoteField {
        let mut area = TextArea::from(text.split('\n').map(str::to_string));
        area.set_wrap_mode(WrapMode::WordOrGlyph);
        area.move_cursor(CursorMove::Bottom);
        area.move_cursor(CursorMove::End);
        NoteField {
            label_ja,
            label_en,
            multiline,
            area,
        }
    }

    pub fn label(&self, lang: Lang) -> &'static str {
        lang.pick(self.label_ja, self.label_en)
    }

    pub fn text(&self) -> String {
        self.area.lines().join("\n")
    }
}

/// The editor open on one item.
#[derive(Clone, Debug)]
pub struct NoteEditor {
    pub kind: NoteKind,
    /// Catalog position of the item.
    pub position: usize,
    pub fields: Vec<NoteField>,
    pub active: usize,
}

impl NoteEditor {
    pub fn open(kind: NoteKind, position: usize, answer: Option<&Answer>) -> NoteEditor {
        let fields = match kind {
            NoteKind::Comment => vec![NoteField::new(
                "コメント",
                "Comment",
                true,
                answer.map_or("", |a| &a.comment),
            )],
            NoteKind::Evidence => vec![NoteField::new(
                "根拠資料",
                "Evidence",
                true,
                answer.map_or("", |a| &a.evidence),
            )],
            NoteKind::Plan => {
                let plan = answer.and_then(|a| a.plan.clone()).unwrap_or_default();
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

    /// Applies the edited text to an answer.
    pub fn apply(&self, answer: &mut Answer) {
        match self.kind {
            NoteKind::Comment => answer.comment = self.fields[0].text(),
            NoteKind::Evidence => answer.evidence = self.fields[0].text(),
            NoteKind::Plan => {
                let plan = Plan {
                    action: self.fields[0].text(),
                    owner: self.fields[1].text(),
                    due: crate::date::normalize_due(&self.fields[2].text()),
                    carried: false,
                };
                answer.plan = (!plan.is_empty()).then_some(plan);
            }
        }
    }

    /// The plan's due date as typed (`None` for a comment or evidence).
    pub fn due(&self) -> Option<String> {
        (self.kind == NoteKind::Plan).then(|| self.fields[2].text())
    }

    /// Inserts pasted text at the cursor in one step. Line breaks (CR LF, CR or LF) become
    /// new lines in a multi-line field and spaces in a one-line field; a tab becomes a space;
    /// other control characters are dropped.
    pub fn paste(&mut self, text: &str) {
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
        let area = &mut field.area;
        let moved = |area: &mut TextArea, m: CursorMove| {
            area.move_cursor(m);
            false
        };
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
                area.insert_newline();
                true
            }
            Key::Type => match key.code {
                KeyCode::Char(c) => {
                    area.insert_char(c);
                    true
                }
                _ => false,
            },
            Key::DeleteBack => area.delete_char(),
            Key::Delete => area.delete_next_char(),
            Key::Left => moved(area, CursorMove::Back),
            Key::Right => moved(area, CursorMove::Forward),
            Key::Up => moved(area, CursorMove::Up),
            Key::Down => moved(area, CursorMove::Down),
            Key::Home => moved(area, CursorMove::Head),
            Key::End => moved(area, CursorMove::End),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sheet::Score;
    use ratatui::crossterm::event::KeyModifiers;

    fn k(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn types_japanese_and_ignores_control_shortcuts() {
        let mut e = NoteEditor::open(NoteKind::Comment, 0, None);
        for c in "月次で確認".chars() {
            e.key(&k(KeyCode::Char(c)));
        }
        e.key(&k(KeyCode::Enter));
        e.key(&k(KeyCode::Char('x')));
        // Ctrl-U would undo in the textarea's default map; here it does nothing.
        e.key(&KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
        e.key(&k(KeyCode::Backspace));
        e.key(&k(KeyCode::Char('y')));
        let mut a = Answer::new(Score::Documented);
        e.apply(&mut a);
        assert_eq!(a.comment, "月次で確認\ny");
    }

    #[test]
    fn plan_fields_are_reached_with_tab_and_enter() {
        let mut e = NoteEditor::open(NoteKind::Plan, 0, None);
        e.key(&k(KeyCode::Char('A')));
        e.key(&k(KeyCode::Tab));
        e.key(&k(KeyCode::Char('B')));
        e.key(&k(KeyCode::Enter));
        e.key(&k(KeyCode::Char('C')));
        let mut a = Answer::new(Score::NotInPlace);
        e.apply(&mut a);
        let plan = a.plan.clone().unwrap();
        assert_eq!(
            (plan.action.as_str(), plan.owner.as_str(), plan.due.as_str()),
            ("A", "B", "C")
        );
        let mut e = NoteEditor::open(NoteKind::Plan, 0, Some(&a));
        for _ in 0..3 {
            e.active = (e.active + 1) % 3;
            e.key(&k(KeyCode::Backspace));
        }
        e.apply(&mut a);
        assert_eq!(a.plan, None, "an emptied plan is removed");
    }
}
