//! The start form shown when the file to open does not exist yet: organisation, 年度 (default
//! the current one), edition, respondent and the catalog's profile questions (重要機能室). Pure
//! state and update, like `app`.

use ratatui::crossterm::event::{KeyEvent, KeyEventKind};
use time::OffsetDateTime;

use crate::catalog::{Catalogs, Edition, heading_text};
use crate::fiscal::FiscalYear;
use crate::sheet::{CatalogRef, Sheet};
use crate::text::Lang;
use crate::tui::keymap::modes::{CHOICE, Choice, Form, START_FORM, SWITCH};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldId {
    Organization,
    Year,
    Edition,
    Respondent,
    /// The n-th profile question of the chosen catalog.
    Profile(usize),
    Create,
}

#[derive(Clone, Debug, PartialEq)]
pub struct StartForm {
    pub organization: String,
    pub year: String,
    pub edition: Edition,
    pub respondent: String,
    /// (question id, question text ja, en, answer) for the chosen catalog.
    pub profile: Vec<(String, String, String, Option<bool>)>,
    pub focus: usize,
    /// The cursor in the focused text field, in characters from its start.
    pub cursor: usize,
    /// The 年度 still holds the pre-filled default: the first character typed replaces it.
    pub year_default: bool,
    pub error: Option<String>,
    pub lang: Lang,
}

pub enum StartOutcome {
    Continue,
    Cancel,
    Create(Box<Sheet>),
}

impl StartForm {
    pub fn new(catalogs: &Catalogs, now: OffsetDateTime, lang: Lang) -> StartForm {
        let edition = catalogs.for_edition(None).edition;
        let mut form = StartForm {
            organization: String::new(),
            year: FiscalYear::containing(now.year(), u8::from(now.month())).wareki(),
            edition,
            respondent: String::new(),
            profile: Vec::new(),
            focus: 0,
            cursor: 0,
            year_default: true,
            error: None,
            lang,
        };
        form.load_profile(catalogs);
        form
    }

    fn load_profile(&mut self, catalogs: &Catalogs) {
        let c = catalogs.for_edition(Some(self.edition));
        self.profile = c
            .profile
            .iter()
            .map(|q| {
                (
                    q.id.clone(),
                    q.question.clone(),
                    q.question_en.clone(),
                    None,
                )
            })
            .collect();
    }

    pub fn fields(&self) -> Vec<FieldId> {
        let mut f = vec![
            FieldId::Organization,
            FieldId::Year,
            FieldId::Edition,
            FieldId::Respondent,
        ];
        f.extend((0..self.profile.len()).map(FieldId::Profile));
        f.push(FieldId::Create);
        f
    }

    pub fn focused(&self) -> FieldId {
        let f = self.fields();
        f[self.focus.min(f.len() - 1)]
    }

    /// The label of a field in the form's language.
    pub fn label(&self, field: FieldId) -> String {
        let l = self.lang;
        match field {
            FieldId::Organization => l.pick("団体名", "Organisation").into(),
            FieldId::Year => l.pick("年度", "Fiscal year").into(),
            FieldId::Edition => l.pick("版", "Edition").into(),
            FieldId::Respondent => l.pick("回答者・部署", "Respondent").into(),
            FieldId::Profile(i) => {
                let (_, ja, en, _) = &self.profile[i];
                heading_text(ja, en, l).into()
            }
            FieldId::Create => l.pick("作成して開始", "Create and start").into(),
        }
    }

    /// Handles a key. The keys are the tables `START_FORM`, then `LINE_EDIT` in a text field
    /// (`field::edit`: characters and spaces at the cursor, Left/Right, Home/End,
    /// Ctrl-A/Ctrl-E, Backspace/Delete, Ctrl-U), `SWITCH` on the edition (Left/Right/Space)
    /// or `CHOICE` on the profile questions (Left/Right/Space, y/n).
    pub fn key(&mut self, key: KeyEvent, catalogs: &Catalogs, now: OffsetDateTime) -> StartOutcome {
        if key.kind != KeyEventKind::Press {
            return StartOutcome::Continue;
        }
        let n = self.fields().len();
        let field = self.focused();
        self.error = None;
        match START_FORM.lookup(&key) {
            Some(Form::Leave) => return StartOutcome::Cancel,
            Some(Form::Prev) => self.move_focus((self.focus + n - 1) % n),
            Some(Form::Next) => self.move_focus((self.focus + 1) % n),
            Some(Form::Enter) if field == FieldId::Create => return self.create(catalogs, now),
            Some(Form::Enter | Form::Done) => self.move_focus((self.focus + 1) % n),
            None if self.text(field).is_some() => self.edit(field, key),
            None if field == FieldId::Edition => {
                if SWITCH.lookup(&key).is_some() {
                    self.edition = match self.edition {
                        Edition::Municipal => Edition::National,
                        Edition::National => Edition::Municipal,
                    };
                    self.load_profile(catalogs);
                }
            }
            None => {
                if let (Some(choice), FieldId::Profile(i)) = (CHOICE.lookup(&key), field) {
                    let v = &mut self.profile[i].3;
                    *v = Some(match choice {
                        Choice::Toggle => !v.unwrap_or(false),
                        Choice::Yes => true,
                        Choice::No => false,
                    });
                }
            }
        }
        StartOutcome::Continue
    }

    /// Focuses field `i`, with the cursor at the end of its text.
    fn move_focus(&mut self, i: usize) {
        self.focus = i;
        self.cursor = self.text(self.focused()).map_or(0, |t| t.chars().count());
    }

    /// A key in a text field.
    fn edit(&mut self, field: FieldId, key: KeyEvent) {
        // The pre-filled year is replaced by typing, not appended to; any other key (a
        // cursor move, Backspace) keeps it for editing.
        let replace = field == FieldId::Year && self.year_default;
        let cursor = self.cursor;
        let Some(text) = self.text_mut(field) else {
            return;
        };
        if let Some(moved) = crate::tui::field::edit(text, cursor, &key, replace) {
            self.cursor = moved;
            if field == FieldId::Year {
                self.year_default = false;
            }
        }
    }

    /// The text of a text field; `None` for the other fields.
    pub fn text(&self, field: FieldId) -> Option<&str> {
        match field {
            FieldId::Organization => Some(&self.organization),
            FieldId::Year => Some(&self.year),
            FieldId::Respondent => Some(&self.respondent),
            _ => None,
        }
    }

    fn text_mut(&mut self, field: FieldId) -> Option<&mut String> {
        match field {
            FieldId::Organization => Some(&mut self.organization),
            FieldId::Year => Some(&mut self.year),
            FieldId::Respondent => Some(&mut self.respondent),
            _ => None,
        }
    }

    fn fail(&mut self, field: FieldId, ja: &str, en: &str) -> StartOutcome {
        self.move_focus(self.fields().iter().position(|f| *f == field).unwrap_or(0));
        self.error = Some(self.lang.pick(ja, en).to_string());
        StartOutcome::Continue
    }

    fn create(&mut self, catalogs: &Catalogs, now: OffsetDateTime) -> StartOutcome {
        if self.organization.trim().is_empty() {
            return self.fail(
                FieldId::Organization,
                "団体名を入力してください",
                "enter the organisation",
            );
        }
        let year = match FiscalYear::parse(&self.year) {
            Ok(y) => y,
            Err(e) => {
                let ja = format!(
                    "「{}」は年度として読めません。令和8年度・R8・2026 のように入力してください (平成元年度から2100年度まで)",
                    self.year.trim()
                );
                return self.fail(FieldId::Year, &ja, &e);
            }
        };
        if let Some(i) = self.profile.iter().position(|p| p.3.is_none()) {
            return self.fail(
                FieldId::Profile(i),
                "はい (y) か いいえ (n) で答えてください",
                "answer yes (y) or no (n)",
            );
        }
        let catalog = catalogs.for_edition(Some(self.edition));
        let mut sheet = Sheet::new(
            CatalogRef {
                id: catalog.id.clone(),
                revision: catalog.revision.clone(),
            },
            self.organization.trim(),
            year,
            now,
        );
        sheet.respondent = self.respondent.trim().to_string();
        for (id, _, _, v) in &self.profile {
            if let Some(v) = v {
                sheet.profile.insert(id.clone(), *v);
            }
        }
        StartOutcome::Create(Box::new(sheet))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::{KeyCode, KeyModifiers};
    use time::macros::datetime;

    fn k(c: KeyCode) -> KeyEvent {
        KeyEvent::new(c, KeyModifiers::NONE)
    }

    #[test]
    fn fills_in_and_creates_a_sheet() {
        let cats = Catalogs::default();
        let now = datetime!(2027-02-10 10:00 +9);
        let mut f = StartForm::new(&cats, now, Lang::Ja);
        assert_eq!(f.year, "令和8年度", "February 2027 is in FY2026");
        for c in "例市".chars() {
            f.key(k(KeyCode::Char(c)), &cats, now);
        }
        f.key(k(KeyCode::Enter), &cats, now); // year
        f.key(k(KeyCode::Enter), &cats, now); // edition
        f.key(k(KeyCode::Enter), &cats, now); // respondent
        for c in "情報政策課".chars() {
            f.key(k(KeyCode::Char(c)), &cats, now);
        }
        f.key(k(KeyCode::Enter), &cats, now); // profile
        // Creating without the profile answer is refused and focuses the question.
        f.key(k(KeyCode::Down), &cats, now);
        assert!(matches!(
            f.key(k(KeyCode::Enter), &cats, now),
            StartOutcome::Continue
        ));
        assert!(f.error.is_some());
        assert_eq!(f.focused(), FieldId::Profile(0));
        f.key(k(KeyCode::Char('y')), &cats, now);
        f.key(k(KeyCode::Enter), &cats, now);
        match f.key(k(KeyCode::Enter), &cats, now) {
            StartOutcome::Create(s) => {
                assert_eq!(s.organization, "例市");
                assert_eq!(s.fiscal_year, 2026);
                assert_eq!(s.respondent, "情報政策課");
                assert_eq!(s.profile.get("important_room"), Some(&true));
                assert_eq!(s.catalog.id, "juki-municipal");
            }
            _ => panic!("expected a sheet"),
        }
    }

    #[test]
    fn bad_year_and_empty_organisation_are_refused() {
        let cats = Catalogs::default();
        let now = datetime!(2026-05-01 10:00 +9);
        let mut f = StartForm::new(&cats, now, Lang::En);
        f.focus = f.fields().len() - 1;
        assert!(matches!(
            f.key(k(KeyCode::Enter), &cats, now),
            StartOutcome::Continue
        ));
        assert_eq!(f.focused(), FieldId::Organization);
        f.organization = "X".into();
        f.year = "R0".into();
        f.focus = f.fields().len() - 1;
        f.key(k(KeyCode::Enter), &cats, now);
        assert_eq!(f.focused(), FieldId::Year);
        assert!(matches!(
            f.key(k(KeyCode::Esc), &cats, now),
            StartOutcome::Cancel
        ));
    }

    fn typed(f: &mut StartForm, text: &str, cats: &Catalogs, now: OffsetDateTime) {
        for c in text.chars() {
            f.key(k(KeyCode::Char(c)), cats, now);
        }
    }

    fn ctrl(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
    }

    #[test]
    fn spaces_are_text_and_the_cursor_moves_inside_a_field() {
        let cats = Catalogs::default();
        let now = datetime!(2027-02-10 10:00 +9);
        let mut f = StartForm::new(&cats, now, Lang::Ja);
        f.focus = 3; // respondent
        typed(&mut f, "情報政策課 情報セキュリティ担当", &cats, now);
        assert_eq!(f.respondent, "情報政策課 情報セキュリティ担当");
        // A typo in the middle: Left moves, Backspace works at the cursor.
        f.key(ctrl('u'), &cats, now);
        typed(&mut f, "情報政策課 情報セキョリティ担当", &cats, now);
        for _ in 0..5 {
            f.key(k(KeyCode::Left), &cats, now);
        }
        f.key(k(KeyCode::Backspace), &cats, now);
        typed(&mut f, "ュ", &cats, now);
        assert_eq!(f.respondent, "情報政策課 情報セキュリティ担当");
        assert_eq!(f.cursor, 11);
        f.key(k(KeyCode::Home), &cats, now);
        typed(&mut f, "A", &cats, now);
        f.key(ctrl('e'), &cats, now);
        typed(&mut f, "Z", &cats, now);
        f.key(ctrl('a'), &cats, now);
        f.key(k(KeyCode::Delete), &cats, now);
        f.key(k(KeyCode::End), &cats, now);
        f.key(k(KeyCode::Right), &cats, now);
        typed(&mut f, "!", &cats, now);
        assert_eq!(f.respondent, "情報政策課 情報セキュリティ担当Z!");
        // Space still chooses on the edition and the profile questions.
        f.focus = 2;
        f.key(k(KeyCode::Char(' ')), &cats, now);
        assert_eq!(f.edition, Edition::National);
    }

    #[test]
    fn the_prefilled_year_is_replaced_by_typing_and_kept_by_editing() {
        let cats = Catalogs::default();
        let now = datetime!(2027-02-10 10:00 +9);
        let mut f = StartForm::new(&cats, now, Lang::Ja);
        f.key(k(KeyCode::Tab), &cats, now);
        assert_eq!(f.focused(), FieldId::Year);
        typed(&mut f, "R9", &cats, now);
        assert_eq!(f.year, "R9", "not 令和8年度R9");
        let mut f = StartForm::new(&cats, now, Lang::Ja);
        f.key(k(KeyCode::Tab), &cats, now);
        // Editing the default keeps it: Backspace then a digit changes one character.
        f.key(k(KeyCode::Left), &cats, now);
        f.key(k(KeyCode::Left), &cats, now);
        f.key(k(KeyCode::Backspace), &cats, now);
        typed(&mut f, "9", &cats, now);
        assert_eq!(f.year, "令和9年度");
    }

    #[test]
    fn errors_follow_the_interface_language() {
        let cats = Catalogs::default();
        let now = datetime!(2026-05-01 10:00 +9);
        let mut f = StartForm::new(&cats, now, Lang::Ja);
        f.organization = "例市".into();
        f.year = "R0".into();
        f.focus = f.fields().len() - 1;
        f.key(k(KeyCode::Enter), &cats, now);
        assert_eq!(f.focused(), FieldId::Year);
        let e = f.error.clone().unwrap();
        assert!(e.contains("年度") && !e.contains(" is "), "{e}");
        assert_eq!(
            f.cursor, 2,
            "the cursor waits at the end of the refused year"
        );
    }
}

#[cfg(test)]
mod key_table_tests {
    use super::*;
    use crate::tui::app::tests::candidate_keys;
    use crate::tui::keymap::modes::LINE_EDIT;
    use time::macros::datetime;

    /// Every key the form acts on is in its tables, and every key its tables name acts.
    #[test]
    fn the_start_form_acts_on_the_keys_of_its_tables_only() {
        let cats = Catalogs::default();
        let now = datetime!(2026-05-01 10:00 +9);
        let open = |field: FieldId| {
            let mut f = StartForm::new(&cats, now, Lang::Ja);
            f.focus = f.fields().iter().position(|x| *x == field).unwrap();
            f.respondent = "情報政策課".into();
            f.cursor = 2;
            f
        };
        for field in [
            FieldId::Respondent,
            FieldId::Edition,
            FieldId::Profile(0),
            FieldId::Create,
        ] {
            for key in candidate_keys() {
                let mut f = open(field);
                let before = format!("{f:?}");
                let outcome = f.key(key, &cats, now);
                let acted =
                    !matches!(outcome, StartOutcome::Continue) || format!("{f:?}") != before;
                let field_keys = match field {
                    FieldId::Respondent => LINE_EDIT.lookup(&key).is_some(),
                    FieldId::Edition => SWITCH.lookup(&key).is_some(),
                    FieldId::Profile(_) => CHOICE.lookup(&key).is_some(),
                    _ => false,
                };
                let named = START_FORM.lookup(&key).is_some() || field_keys;
                assert_eq!(acted, named, "{field:?}: {key:?}");
            }
        }
    }
}
