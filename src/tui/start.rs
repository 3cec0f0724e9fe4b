//! The start form shown when the file to open does not exist yet: organisation, 年度 (default
//! the current one), edition, respondent and the catalog's profile questions (重要機能室),
//! then the button that creates the sheet. A `Form` (`form`) with these fields.

use std::collections::BTreeMap;

use ratatui::crossterm::event::{KeyEvent, KeyEventKind};
use time::OffsetDateTime;

use crate::catalog::Catalogs;
use crate::fiscal::FiscalYear;
use crate::lang::Lang;
use crate::sheet::Header;
use crate::sheet::{CatalogRef, Sheet};
use crate::tui::form::{Field, FieldId, Form, Outcome, Purpose, Value};

pub enum StartOutcome {
    Continue,
    Cancel,
    Create(Box<Sheet>),
}

impl Form {
    /// The start form, the 年度 pre-filled with the current one.
    pub fn start(catalogs: &Catalogs, now: OffsetDateTime, lang: Lang) -> Form {
        let edition = catalogs.for_edition(None).edition;
        let year = FiscalYear::containing(now.year(), u8::from(now.month())).wareki();
        let field = |id, value| Field { id, value };
        let mut form = Form::new(
            Purpose::Start,
            Header::default(),
            lang,
            vec![
                field(FieldId::Organization, Value::Text(String::new())),
                field(FieldId::OrganizationCode, Value::Text(String::new())),
                field(FieldId::Prefecture, Value::Text(String::new())),
                field(FieldId::Year, Value::Text(year)),
                field(FieldId::Edition, Value::Edition(edition)),
                field(FieldId::Respondent, Value::Text(String::new())),
                field(FieldId::Create, Value::Button),
            ],
        );
        form.prefilled = Some(FieldId::Year);
        form.ask(
            &catalogs.for_edition(Some(edition)).profile,
            &BTreeMap::new(),
        );
        form
    }

    /// Handles a key in the start form: a new edition asks its catalog's questions, the
    /// button creates the sheet.
    pub fn start_key(
        &mut self,
        key: KeyEvent,
        catalogs: &Catalogs,
        now: OffsetDateTime,
    ) -> StartOutcome {
        if key.kind != KeyEventKind::Press {
            return StartOutcome::Continue;
        }
        match self.key(&key) {
            Outcome::Stay => {}
            Outcome::Switched => {
                self.ask(
                    &catalogs.for_edition(self.edition()).profile,
                    &BTreeMap::new(),
                );
            }
            Outcome::Submit => return self.create(catalogs, now),
            Outcome::Leave => return StartOutcome::Cancel,
        }
        StartOutcome::Continue
    }

    fn create(&mut self, catalogs: &Catalogs, now: OffsetDateTime) -> StartOutcome {
        let Some(organization) = self.require_organization() else {
            return StartOutcome::Continue;
        };
        let Some((code, prefecture)) = self.require_identity() else {
            return StartOutcome::Continue;
        };
        let typed_year = self.text(FieldId::Year).unwrap_or_default();
        let year = match FiscalYear::parse(typed_year) {
            Ok(y) => y,
            Err(e) => {
                let ja = format!(
                    "「{}」は年度として読めません。令和8年度・R8・2026 のように入力してください (平成元年度から2100年度まで)",
                    typed_year.trim()
                );
                self.fail(FieldId::Year, &ja, &e);
                return StartOutcome::Continue;
            }
        };
        if let Some(i) = (0..self.questions.len()).find(|&i| self.answer(i).is_none()) {
            self.fail(
                FieldId::Profile(i),
                "はい (y) か いいえ (n) で答えてください",
                "answer yes (y) or no (n)",
            );
            return StartOutcome::Continue;
        }
        let catalog = catalogs.for_edition(self.edition());
        let mut sheet = Sheet::new(
            CatalogRef {
                id: catalog.id.clone(),
                revision: catalog.revision.clone(),
            },
            &organization,
            year,
            now,
        );
        (sheet.organization_code, sheet.prefecture) = (code, prefecture);
        sheet.respondent = self
            .text(FieldId::Respondent)
            .unwrap_or_default()
            .trim()
            .to_string();
        for (id, v) in self.answers() {
            sheet.profile.insert(id.to_string(), v);
        }
        StartOutcome::Create(Box::new(sheet))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Edition;
    use ratatui::crossterm::event::{KeyCode, KeyModifiers};
    use time::macros::datetime;

    fn k(c: KeyCode) -> KeyEvent {
        KeyEvent::new(c, KeyModifiers::NONE)
    }

    #[test]
    fn fills_in_and_creates_a_sheet() {
        let cats = Catalogs::default();
        let now = datetime!(2027-02-10 10:00 +9);
        let mut f = Form::start(&cats, now, Lang::Ja);
        assert_eq!(
            f.text(FieldId::Year),
            Some("令和8年度"),
            "February 2027 is in FY2026"
        );
        for c in "例市".chars() {
            f.start_key(k(KeyCode::Char(c)), &cats, now);
        }
        f.start_key(k(KeyCode::Enter), &cats, now); // code
        f.start_key(k(KeyCode::Enter), &cats, now); // prefecture
        f.start_key(k(KeyCode::Enter), &cats, now); // year
        f.start_key(k(KeyCode::Enter), &cats, now); // edition
        f.start_key(k(KeyCode::Enter), &cats, now); // respondent
        for c in "情報政策課".chars() {
            f.start_key(k(KeyCode::Char(c)), &cats, now);
        }
        f.start_key(k(KeyCode::Enter), &cats, now); // profile
        // Creating without the profile answer is refused and focuses the question.
        f.start_key(k(KeyCode::Down), &cats, now);
        assert!(matches!(
            f.start_key(k(KeyCode::Enter), &cats, now),
            StartOutcome::Continue
        ));
        assert!(f.error.is_some());
        assert_eq!(f.focused(), FieldId::Profile(0));
        f.start_key(k(KeyCode::Char('y')), &cats, now);
        f.start_key(k(KeyCode::Enter), &cats, now);
        match f.start_key(k(KeyCode::Enter), &cats, now) {
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
        let mut f = Form::start(&cats, now, Lang::En);
        f.focus = f.fields.len() - 1;
        assert!(matches!(
            f.start_key(k(KeyCode::Enter), &cats, now),
            StartOutcome::Continue
        ));
        assert_eq!(f.focused(), FieldId::Organization);
        *f.text_mut(FieldId::Organization).unwrap() = "X".into();
        *f.text_mut(FieldId::Year).unwrap() = "R0".into();
        f.focus = f.fields.len() - 1;
        f.start_key(k(KeyCode::Enter), &cats, now);
        assert_eq!(f.focused(), FieldId::Year);
        assert!(matches!(
            f.start_key(k(KeyCode::Esc), &cats, now),
            StartOutcome::Cancel
        ));
    }

    fn typed(f: &mut Form, text: &str, cats: &Catalogs, now: OffsetDateTime) {
        for c in text.chars() {
            f.start_key(k(KeyCode::Char(c)), cats, now);
        }
    }

    fn ctrl(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
    }

    #[test]
    fn spaces_are_text_and_the_cursor_moves_inside_a_field() {
        let cats = Catalogs::default();
        let now = datetime!(2027-02-10 10:00 +9);
        let mut f = Form::start(&cats, now, Lang::Ja);
        f.focus = f.index(FieldId::Respondent).unwrap();
        typed(&mut f, "情報政策課 情報セキュリティ担当", &cats, now);
        assert_eq!(
            f.text(FieldId::Respondent).unwrap(),
            "情報政策課 情報セキュリティ担当"
        );
        // A typo in the middle: Left moves, Backspace works at the cursor.
        f.start_key(ctrl('u'), &cats, now);
        typed(&mut f, "情報政策課 情報セキョリティ担当", &cats, now);
        for _ in 0..5 {
            f.start_key(k(KeyCode::Left), &cats, now);
        }
        f.start_key(k(KeyCode::Backspace), &cats, now);
        typed(&mut f, "ュ", &cats, now);
        assert_eq!(
            f.text(FieldId::Respondent).unwrap(),
            "情報政策課 情報セキュリティ担当"
        );
        assert_eq!(f.cursor, 11);
        f.start_key(k(KeyCode::Home), &cats, now);
        typed(&mut f, "A", &cats, now);
        f.start_key(ctrl('e'), &cats, now);
        typed(&mut f, "Z", &cats, now);
        f.start_key(ctrl('a'), &cats, now);
        f.start_key(k(KeyCode::Delete), &cats, now);
        f.start_key(k(KeyCode::End), &cats, now);
        f.start_key(k(KeyCode::Right), &cats, now);
        typed(&mut f, "!", &cats, now);
        assert_eq!(
            f.text(FieldId::Respondent).unwrap(),
            "情報政策課 情報セキュリティ担当Z!"
        );
        // Space still chooses on the edition and the profile questions.
        f.focus = f.index(FieldId::Edition).unwrap();
        f.start_key(k(KeyCode::Char(' ')), &cats, now);
        assert_eq!(f.edition(), Some(Edition::National));
    }

    #[test]
    fn the_prefilled_year_is_replaced_by_typing_and_kept_by_editing() {
        let cats = Catalogs::default();
        let now = datetime!(2027-02-10 10:00 +9);
        let mut f = Form::start(&cats, now, Lang::Ja);
        f.focus_field(f.index(FieldId::Year).unwrap() - 1);
        f.start_key(k(KeyCode::Tab), &cats, now);
        assert_eq!(f.focused(), FieldId::Year);
        typed(&mut f, "R9", &cats, now);
        assert_eq!(f.text(FieldId::Year).unwrap(), "R9", "not 令和8年度R9");
        let mut f = Form::start(&cats, now, Lang::Ja);
        f.focus_field(f.index(FieldId::Year).unwrap() - 1);
        f.start_key(k(KeyCode::Tab), &cats, now);
        // Editing the default keeps it: Backspace then a digit changes one character.
        f.start_key(k(KeyCode::Left), &cats, now);
        f.start_key(k(KeyCode::Left), &cats, now);
        f.start_key(k(KeyCode::Backspace), &cats, now);
        typed(&mut f, "9", &cats, now);
        assert_eq!(f.text(FieldId::Year).unwrap(), "令和9年度");
    }

    #[test]
    fn errors_follow_the_interface_language() {
        let cats = Catalogs::default();
        let now = datetime!(2026-05-01 10:00 +9);
        let mut f = Form::start(&cats, now, Lang::Ja);
        *f.text_mut(FieldId::Organization).unwrap() = "例市".into();
        *f.text_mut(FieldId::Year).unwrap() = "R0".into();
        f.focus = f.fields.len() - 1;
        f.start_key(k(KeyCode::Enter), &cats, now);
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
mod identity_tests {
    use super::*;
    use ratatui::crossterm::event::{KeyCode, KeyModifiers};
    use time::macros::datetime;

    fn k(c: KeyCode) -> KeyEvent {
        KeyEvent::new(c, KeyModifiers::NONE)
    }

    /// Issue 20 (left over): the start form asks for the 団体コード and 都道府県, checks the
    /// code's check digit, keeps 東京 as 東京都, and refuses a code of another prefecture.
    #[test]
    fn the_code_and_prefecture_are_asked_checked_and_kept() {
        let cats = Catalogs::default();
        let now = datetime!(2026-05-01 10:00 +9);
        let mut f = Form::start(&cats, now, Lang::Ja);
        let labels: Vec<String> = f.fields.iter().map(|x| f.label(x.id)).collect();
        assert_eq!(labels[..3], ["団体名", "団体コード", "都道府県"]);
        let typed = |f: &mut Form, t: &str| {
            for c in t.chars() {
                f.start_key(k(KeyCode::Char(c)), &cats, now);
            }
        };
        typed(&mut f, "府中市");
        f.start_key(k(KeyCode::Tab), &cats, now);
        typed(&mut f, "342085");
        f.start_key(k(KeyCode::Tab), &cats, now);
        assert!(
            f.error.as_deref().unwrap().contains("検査数字"),
            "said at once"
        );
        f.start_key(k(KeyCode::BackTab), &cats, now);
        f.start_key(k(KeyCode::Backspace), &cats, now);
        typed(&mut f, "4");
        f.start_key(k(KeyCode::Tab), &cats, now);
        assert_eq!(f.error, None);
        assert_eq!(f.text(FieldId::Prefecture), Some("広島県"), "from the code");
        *f.text_mut(FieldId::Prefecture).unwrap() = "東京".into();
        f.focus_field(f.index(FieldId::Profile(0)).unwrap());
        f.start_key(k(KeyCode::Char('y')), &cats, now);
        f.focus_field(f.fields.len() - 1);
        assert!(matches!(
            f.start_key(k(KeyCode::Enter), &cats, now),
            StartOutcome::Continue
        ));
        assert_eq!(f.focused(), FieldId::Prefecture);
        assert!(f.error.as_deref().unwrap().contains("広島県"));
        *f.text_mut(FieldId::Prefecture).unwrap() = "広島".into();
        f.focus_field(f.fields.len() - 1);
        match f.start_key(k(KeyCode::Enter), &cats, now) {
            StartOutcome::Create(s) => {
                assert_eq!(s.organization_code, "342084");
                assert_eq!(s.prefecture, "広島県");
                assert_eq!(s.identity().to_string(), "広島県府中市 (342084)");
            }
            _ => panic!("expected a sheet: {:?}", f.error),
        }
        // Both are optional; in English the refusal is English.
        let mut f = Form::start(&cats, now, Lang::En);
        *f.text_mut(FieldId::Organization).unwrap() = "X".into();
        *f.text_mut(FieldId::OrganizationCode).unwrap() = "1320".into();
        f.focus_field(f.fields.len() - 1);
        f.start_key(k(KeyCode::Enter), &cats, now);
        assert_eq!(f.focused(), FieldId::OrganizationCode);
        assert!(f.error.as_deref().unwrap().contains("six digits"));
    }
}

#[cfg(test)]
mod key_table_tests {
    use super::*;
    use crate::tui::app::tests::candidate_keys;
    use crate::tui::keymap::modes::{CHOICE, LINE_EDIT, START_FORM, SWITCH};
    use time::macros::datetime;

    /// Every key the form acts on is in its tables, and every key its tables name acts.
    #[test]
    fn the_start_form_acts_on_the_keys_of_its_tables_only() {
        let cats = Catalogs::default();
        let now = datetime!(2026-05-01 10:00 +9);
        let open = |field: FieldId| {
            let mut f = Form::start(&cats, now, Lang::Ja);
            f.focus = f.index(field).unwrap();
            *f.text_mut(FieldId::Respondent).unwrap() = "情報政策課".into();
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
                let outcome = f.start_key(key, &cats, now);
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
