//! The start form shown when the file to open does not exist yet: organisation, 年度 (default
//! the current one), edition, respondent and the catalog's profile questions (重要機能室). Pure
//! state and update, like `app`.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use time::OffsetDateTime;

use crate::catalog::{Catalogs, Edition, heading_text};
use crate::fiscal::FiscalYear;
use crate::sheet::{CatalogRef, Sheet};
use crate::text::Lang;

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

    pub fn key(&mut self, key: KeyEvent, catalogs: &Catalogs, now: OffsetDateTime) -> StartOutcome {
        if key.kind != KeyEventKind::Press {
            return StartOutcome::Continue;
        }
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let n = self.fields().len();
        let field = self.focused();
        self.error = None;
        match key.code {
            KeyCode::Esc => return StartOutcome::Cancel,
            KeyCode::Char('c') if ctrl => return StartOutcome::Cancel,
            KeyCode::Up | KeyCode::BackTab => self.focus = (self.focus + n - 1) % n,
            KeyCode::Down | KeyCode::Tab => self.focus = (self.focus + 1) % n,
            KeyCode::Enter if field == FieldId::Create => return self.create(catalogs, now),
            KeyCode::Enter => self.focus = (self.focus + 1) % n,
            KeyCode::Left | KeyCode::Right | KeyCode::Char(' ') if field == FieldId::Edition => {
                self.edition = match self.edition {
                    Edition::Municipal => Edition::National,
                    Edition::National => Edition::Municipal,
                };
                self.load_profile(catalogs);
            }
            KeyCode::Left | KeyCode::Right | KeyCode::Char(' ') => {
                if let FieldId::Profile(i) = field {
                    let v = &mut self.profile[i].3;
                    *v = Some(!v.unwrap_or(false));
                }
            }
            KeyCode::Char(c) if matches!(field, FieldId::Profile(_)) => {
                if let FieldId::Profile(i) = field {
                    match c {
                        'y' | 'Y' => self.profile[i].3 = Some(true),
                        'n' | 'N' => self.profile[i].3 = Some(false),
                        _ => {}
                    }
                }
            }
            KeyCode::Char(c) if !ctrl && !c.is_control() => {
                if let Some(text) = self.text_mut(field)
                    && text.chars().count() < 100
                {
                    text.push(c);
                }
            }
            KeyCode::Char('u') if ctrl => {
                if let Some(text) = self.text_mut(field) {
                    text.clear();
                }
            }
            KeyCode::Backspace => {
                if let Some(text) = self.text_mut(field) {
                    text.pop();
                }
            }
            _ => {}
        }
        StartOutcome::Continue
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
        self.focus = self.fields().iter().position(|f| *f == field).unwrap_or(0);
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
                return self.fail(FieldId::Year, &e, &e);
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
}
