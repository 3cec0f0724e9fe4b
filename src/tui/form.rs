//! A form: the start form (a new sheet, shown when the file does not exist; `start`) and the
//! sheet header form (`i`; `header`) are both a list of fields — text, yes/no questions, the
//! edition's switch, a button — with a focus and a text cursor. Pure state and keys, like
//! `app`; `view::form` draws both. Keys come from the form's table (`START_FORM`,
//! `HEADER_FORM`), then the focused field's: `LINE_EDIT` in a text field, `CHOICE` on a
//! question, `SWITCH` on the edition.

use std::collections::BTreeMap;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::catalog::{Edition, ProfileQuestion, heading_text};
use crate::lang::{Lang, say};
use crate::sheet::Header;
use crate::tui::keymap::KeyTable;
use crate::tui::keymap::modes::{
    self, CHOICE, ChoiceKey, FormKey, HEADER_FORM, LINE_EDIT, START_FORM, SWITCH,
};

/// The longest text a form field takes, in characters.
pub(crate) const MAX_CHARS: usize = 100;

/// A field of either form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum FieldId {
    /// 前年度のシート (start form): a file name, completed with Tab.
    Previous,
    /// Whether last year's answers are carried into the new sheet as drafts (start form).
    Carry,
    Organization,
    /// 団体コード (optional; its check digit is checked).
    OrganizationCode,
    /// 都道府県 (optional; `東京` is kept as `東京都`).
    Prefecture,
    /// 年度 (start form).
    Year,
    /// The catalog's edition (start form).
    Edition,
    Respondent,
    /// The n-th profile question of the catalog.
    Profile(usize),
    /// Sign-off (header form): 点検実施者, 確認者, 点検日.
    Inspector,
    Approver,
    InspectedOn,
    /// The start form's button.
    Create,
}

/// What a field holds.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum FieldValue {
    Text(String),
    /// A profile question's answer; `None` until answered.
    YesNo(Option<bool>),
    Edition(Edition),
    Button,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct FormField {
    pub(crate) id: FieldId,
    pub(crate) value: FieldValue,
}

/// What the form is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Purpose {
    /// A new sheet: `Create` makes it, leaving cancels.
    Start,
    /// The open sheet's header: every change is applied to the sheet at once, and leaving
    /// keeps them.
    Header,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Form {
    pub(crate) purpose: Purpose,
    /// The sheet's header as the form opened (empty for a new sheet).
    pub(crate) before: Header,
    pub(crate) lang: Lang,
    pub(crate) fields: Vec<FormField>,
    /// The catalog's profile questions, which the `Profile(n)` fields answer.
    pub(crate) questions: Vec<ProfileQuestion>,
    pub(crate) focus: usize,
    /// The cursor in the focused text field, in characters from its start.
    pub(crate) cursor: usize,
    /// The text fields still holding what the program put there, not what was typed: the
    /// 年度 (the current one, or the one after last year's sheet), the 都道府県 of the
    /// 団体コード, what last year's sheet filled in, the file guessed as last year's. As a
    /// selected text, such a text is replaced by the first character typed or pasted; any
    /// other key of the field keeps it and makes it the user's, edited as typed. Until then
    /// the program may fill it in again (another code, another sheet of last year).
    pub(crate) prefilled: Vec<FieldId>,
    /// Why the form cannot go on yet.
    pub(crate) error: Option<String>,
    /// Keys and pastes not taken while the terminal was too small to show the start form
    /// (as the interview's [`crate::tui::App`] counts its own).
    pub(crate) not_taken: u32,
    /// Last year's sheet (start form), and the text of the `Previous` field it was read
    /// from.
    pub(crate) previous: Option<(Box<crate::tui::previous::PreviousSheet>, String)>,
    /// Why the new sheet may not be what was meant, as last said (start form: a year before
    /// the catalog's revision, last year's sheet not the new one's): the same doubts are not
    /// said again, and Enter creates.
    pub(crate) doubt_said: Option<String>,
}

/// What a key did that is not the form's own business.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// Handled in the form (or ignored).
    Stay,
    /// The edition changed: the profile questions are another catalog's.
    Switched,
    /// Enter on the button.
    Submit,
    /// Esc and the like: the start form is cancelled, the header form closed.
    Leave,
}

impl Form {
    pub(crate) fn new(
        purpose: Purpose,
        before: Header,
        lang: Lang,
        fields: Vec<FormField>,
    ) -> Form {
        Form {
            purpose,
            before,
            lang,
            fields,
            questions: Vec::new(),
            focus: 0,
            cursor: 0,
            prefilled: Vec::new(),
            error: None,
            not_taken: 0,
            previous: None,
            doubt_said: None,
        }
    }

    /// Asks `questions` (after the respondent), answered as in `answers`.
    pub(crate) fn ask(&mut self, questions: &[ProfileQuestion], answers: &BTreeMap<String, bool>) {
        self.fields.retain(|f| !matches!(f.id, FieldId::Profile(_)));
        let at = self.index(FieldId::Respondent).map_or(0, |i| i + 1);
        let asked = questions.iter().enumerate().map(|(i, q)| FormField {
            id: FieldId::Profile(i),
            value: FieldValue::YesNo(answers.get(&q.id).copied()),
        });
        self.fields.splice(at..at, asked);
        self.questions = questions.to_vec();
    }

    /// The answered profile questions: (question id, answer).
    pub(crate) fn answers(&self) -> impl Iterator<Item = (&str, bool)> {
        self.fields.iter().filter_map(|f| match (f.id, &f.value) {
            (FieldId::Profile(i), FieldValue::YesNo(Some(v))) => {
                Some((self.questions[i].id.as_str(), *v))
            }
            _ => None,
        })
    }

    pub(crate) fn index(&self, id: FieldId) -> Option<usize> {
        self.fields.iter().position(|f| f.id == id)
    }

    pub(crate) fn value(&self, id: FieldId) -> Option<&FieldValue> {
        self.fields.iter().find(|f| f.id == id).map(|f| &f.value)
    }

    fn value_mut(&mut self, id: FieldId) -> Option<&mut FieldValue> {
        self.fields
            .iter_mut()
            .find(|f| f.id == id)
            .map(|f| &mut f.value)
    }

    pub(crate) fn focused(&self) -> FieldId {
        self.fields[self.focus.min(self.fields.len() - 1)].id
    }

    /// Focuses field `i`, with the cursor at the end of its text.
    pub(crate) fn focus_field(&mut self, i: usize) {
        self.focus = i;
        self.cursor = self.text(self.focused()).map_or(0, |t| t.chars().count());
    }

    /// Whether the text field `id` still holds what the program put there
    /// ([`Self::prefilled`]).
    pub(crate) fn is_prefilled(&self, id: FieldId) -> bool {
        self.prefilled.contains(&id)
    }

    /// Puts `text` into the text field `id` as the program's ([`Self::prefilled`]): replaced
    /// by what is typed there first.
    pub(crate) fn prefill(&mut self, id: FieldId, text: &str) {
        let focused = self.focused() == id;
        let Some(t) = self.text_mut(id) else {
            return;
        };
        *t = text.to_string();
        if focused {
            self.cursor = text.chars().count();
        }
        self.prefilled.retain(|&p| p != id);
        if !text.is_empty() {
            self.prefilled.push(id);
        }
    }

    /// The text field `id` is the user's from now on ([`Self::prefilled`]).
    pub(crate) fn typed_in(&mut self, id: FieldId) {
        self.prefilled.retain(|&p| p != id);
    }

    /// The text of a text field; `None` for the other fields.
    pub(crate) fn text(&self, id: FieldId) -> Option<&str> {
        match self.value(id)? {
            FieldValue::Text(t) => Some(t),
            _ => None,
        }
    }

    pub(crate) fn text_mut(&mut self, id: FieldId) -> Option<&mut String> {
        match self.value_mut(id)? {
            FieldValue::Text(t) => Some(t),
            _ => None,
        }
    }

    /// The answer to the n-th profile question.
    pub(crate) fn answer(&self, n: usize) -> Option<bool> {
        match self.value(FieldId::Profile(n)) {
            Some(FieldValue::YesNo(v)) => *v,
            _ => None,
        }
    }

    pub(crate) fn edition(&self) -> Option<Edition> {
        match self.value(FieldId::Edition)? {
            FieldValue::Edition(e) => Some(*e),
            _ => None,
        }
    }

    /// The label of a field in the form's language.
    pub(crate) fn label(&self, id: FieldId) -> String {
        let l = self.lang;
        match id {
            FieldId::Previous => l.pick("前年度のシート", "Last year's sheet").into(),
            FieldId::Carry => l
                .pick("前年度の回答を引き継ぐ", "Carry last year's answers")
                .into(),
            FieldId::Organization => l.pick("団体名", "Organization").into(),
            FieldId::OrganizationCode => l.pick("団体コード", "Organization code").into(),
            FieldId::Prefecture => l.pick("都道府県", "Prefecture").into(),
            FieldId::Year => l.pick("年度", "Fiscal year").into(),
            FieldId::Edition => l.pick("版", "Edition").into(),
            FieldId::Respondent => l.pick("回答者・部署", "Respondent").into(),
            FieldId::Profile(i) => {
                let q = &self.questions[i];
                heading_text(&q.question, &q.question_en, l).into()
            }
            FieldId::Inspector => l.pick("点検実施者", "Inspected by").into(),
            FieldId::Approver => l.pick("確認者", "Approved by").into(),
            FieldId::InspectedOn => l.pick("点検日", "Inspection date").into(),
            FieldId::Create => l.pick("作成して開始", "Create and start").into(),
        }
    }

    /// The form's own keys: `START_FORM` or `HEADER_FORM`.
    pub(crate) fn keys(&self) -> &'static KeyTable<FormKey> {
        match self.purpose {
            Purpose::Start => &START_FORM,
            Purpose::Header => &HEADER_FORM,
        }
    }

    /// Whether `key` leaves the form (Esc, and Ctrl-C in the start form): taken even while
    /// the terminal is too small to show it.
    pub(crate) fn leaves(&self, key: &KeyEvent) -> bool {
        matches!(self.keys().lookup(key), Some(FormKey::Leave))
    }

    /// Handles a key: the form's keys first, then the focused field's.
    pub(crate) fn key(&mut self, key: &KeyEvent) -> Outcome {
        let n = self.fields.len();
        let id = self.focused();
        self.error = None;
        match self.keys().lookup(key) {
            Some(FormKey::Leave) => return Outcome::Leave,
            Some(FormKey::Enter) if id == FieldId::Create => return Outcome::Submit,
            Some(FormKey::Next | FormKey::Enter) => {
                self.settle_field();
                self.focus_field((self.focus + 1) % n);
            }
            Some(FormKey::Prev) => {
                self.settle_field();
                self.focus_field((self.focus + n - 1) % n);
            }
            None => return self.field_key(id, key),
        }
        Outcome::Stay
    }

    /// A key in the focused field.
    fn field_key(&mut self, id: FieldId, key: &KeyEvent) -> Outcome {
        let replace = self.is_prefilled(id);
        let cursor = self.cursor;
        match self.value_mut(id) {
            Some(FieldValue::Text(text)) => {
                let before = text.len();
                let full = text.chars().count() >= MAX_CHARS;
                if let Some(moved) = edit(text, cursor, key, replace) {
                    let refused = full
                        && text.len() == before
                        && LINE_EDIT.lookup(key) == Some(modes::Editor::Type);
                    self.cursor = moved;
                    if replace {
                        self.typed_in(id);
                    }
                    if refused {
                        self.error = Some(say!(
                            self.lang,
                            "この欄は {MAX_CHARS} 文字までです",
                            "this field takes at most {MAX_CHARS} characters"
                        ));
                    }
                }
            }
            Some(FieldValue::YesNo(v)) => {
                if let Some(choice) = CHOICE.lookup(key) {
                    *v = Some(match choice {
                        ChoiceKey::Toggle => !v.unwrap_or(false),
                        ChoiceKey::Yes => true,
                        ChoiceKey::No => false,
                    });
                }
            }
            Some(FieldValue::Edition(e)) => {
                if SWITCH.lookup(key).is_some() {
                    *e = match e {
                        Edition::Municipal => Edition::National,
                        Edition::National => Edition::Municipal,
                    };
                    return Outcome::Switched;
                }
            }
            Some(FieldValue::Button) | None => {}
        }
        Outcome::Stay
    }

    /// Pasted text into the focused text field: line breaks and tabs as spaces, control
    /// characters dropped; it replaces a text the program put there, as typing does. What
    /// does not fit in the field ([`MAX_CHARS`]) is said, as is a paste into a field that
    /// takes no text (a choice): nothing is left out unsaid.
    pub(crate) fn paste(&mut self, text: &str) {
        let lang = self.lang;
        let id = self.focused();
        let mut replace = self.is_prefilled(id);
        let mut cursor = self.cursor;
        let Some(t) = self.text_mut(id) else {
            self.error = Some(
                lang.pick(
                    "貼り付けは文字を入力する欄で行ってください (この欄は選択肢です。何も変更していません)",
                    "paste into a field that takes text (this one is a choice; nothing was changed)",
                )
                .into(),
            );
            return;
        };
        let mut left_out = 0;
        for c in text.chars() {
            let c = if c.is_whitespace() { ' ' } else { c };
            if crate::safe_text::is_unsafe_char(c) {
                continue;
            }
            let key = KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
            let before = t.len();
            cursor = edit(t, cursor, &key, replace).unwrap_or(cursor);
            replace = false;
            if t.len() == before {
                left_out += 1;
            }
        }
        self.cursor = cursor;
        // Replaced (or the user's already); a paste with nothing to put in leaves it be.
        if !replace {
            self.typed_in(id);
        }
        if left_out > 0 {
            self.error = Some(say!(
                lang,
                "この欄は {MAX_CHARS} 文字までです: 貼り付けた文字のうち {left_out} 文字は入っていません",
                "this field takes at most {MAX_CHARS} characters: {left_out} of those pasted were left out"
            ));
        }
    }

    /// Leaving the focused field: a date typed as 和暦 or with slashes, a 団体コード typed in
    /// full width or without its check digit, a prefecture without 都/府/県 are shown as
    /// stored; a code also fills in a blank prefecture (or one it filled in: the program's,
    /// [`Self::prefilled`]). What cannot be read is said at once
    /// (and refused when the form is done: `require_identity`).
    pub(crate) fn settle_field(&mut self) {
        let id = self.focused();
        let lang = self.lang;
        let Some(typed) = self.text(id).map(str::to_string) else {
            return;
        };
        let settled = match id {
            FieldId::InspectedOn => Ok(crate::date::normalize_due(&typed)),
            _ if typed.trim().is_empty() => return,
            FieldId::OrganizationCode => crate::organization::code(&typed)
                .map_err(|e| e.message(&typed, lang))
                .inspect(|code| {
                    let blank = self
                        .text(FieldId::Prefecture)
                        .is_some_and(|t| t.trim().is_empty());
                    if let Some(p) = crate::organization::prefecture_of_code(code)
                        && (blank || self.is_prefilled(FieldId::Prefecture))
                    {
                        self.prefill(FieldId::Prefecture, p);
                    }
                }),
            FieldId::Prefecture => {
                crate::organization::prefecture_or_refusal(&typed, lang).map(str::to_string)
            }
            _ => return,
        };
        match settled {
            Ok(shown) => {
                self.cursor = shown.chars().count();
                if let Some(t) = self.text_mut(id) {
                    *t = shown;
                }
            }
            Err(why) => self.error = Some(why),
        }
    }

    /// Focuses `id` and says why the form cannot go on.
    pub(crate) fn fail(&mut self, id: FieldId, ja: &str, en: &str) {
        let why = self.lang.pick(ja, en).to_string();
        self.refuse(id, why);
    }

    /// Focuses `id` and says `why` (already in the form's language).
    fn refuse(&mut self, id: FieldId, why: String) {
        self.focus_field(self.index(id).unwrap_or(0));
        self.error = Some(why);
    }

    /// The 団体コード and 都道府県 as a sheet keeps them (`organization::header_fields`: a
    /// valid code, one of the 47 prefectures, the two agreeing; either may be blank); when
    /// they cannot be, the form focuses the field at fault and says why.
    pub(crate) fn require_identity(&mut self) -> Option<(String, String)> {
        let code = self.text(FieldId::OrganizationCode).unwrap_or_default();
        let prefecture = self.text(FieldId::Prefecture).unwrap_or_default();
        match crate::organization::header_fields(code, prefecture, self.lang) {
            Ok(both) => Some(both),
            Err(why) => {
                let code_wrong =
                    !code.trim().is_empty() && crate::organization::code(code).is_err();
                let at = if code_wrong {
                    FieldId::OrganizationCode
                } else {
                    FieldId::Prefecture
                };
                self.refuse(at, why);
                None
            }
        }
    }

    /// The organisation as a sheet keeps it (`sheet::organization`); when blank, the form
    /// asks for one.
    pub(crate) fn require_organization(&mut self) -> Option<String> {
        let typed = self.text(FieldId::Organization).unwrap_or_default();
        let name = crate::sheet::organization(typed).map(str::to_string);
        if name.is_none() {
            self.fail(
                FieldId::Organization,
                "団体名を入力してください",
                "enter the organization",
            );
        }
        name
    }
}

/// Applies a key to the one-line `text` with the cursor at `cursor` (a character index): the
/// keys of `LINE_EDIT`, the notes editors' line keys (`editor::edit_line`), at most
/// [`MAX_CHARS`]. Returns the new cursor, or `None` when the key is not a text-field key.
/// `replace`: the field holds a pre-filled default, which the first character typed replaces.
fn edit(text: &mut String, cursor: usize, key: &KeyEvent, replace: bool) -> Option<usize> {
    if replace && LINE_EDIT.lookup(key) == Some(modes::Editor::Type) {
        text.clear();
    }
    crate::tui::editor::edit_line(text, cursor, key, MAX_CHARS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::editor::tests::k;

    #[test]
    fn edits_at_the_cursor() {
        let mut t = String::from("情報課");
        let c = edit(&mut t, 2, &k(KeyCode::Char('政')), false).unwrap();
        assert_eq!((t.as_str(), c), ("情報政課", 3));
        let c = edit(&mut t, c, &k(KeyCode::Char(' ')), false).unwrap();
        assert_eq!((t.as_str(), c), ("情報政 課", 4));
        let c = edit(&mut t, c, &k(KeyCode::Backspace), false).unwrap();
        let c = edit(&mut t, c, &k(KeyCode::Home), false).unwrap();
        let c = edit(&mut t, c, &k(KeyCode::Delete), false).unwrap();
        assert_eq!((t.as_str(), c), ("報政課", 0));
        let ctrl_e = KeyEvent::new(KeyCode::Char('e'), KeyModifiers::CONTROL);
        assert_eq!(edit(&mut t, 0, &ctrl_e, false), Some(3));
        assert_eq!(edit(&mut t, 0, &k(KeyCode::Tab), false), None);
        let c = edit(&mut t, 3, &k(KeyCode::Char('R')), true).unwrap();
        assert_eq!((t.as_str(), c), ("R", 1), "a default is replaced");
    }
}
