//! The sheet header form (`i`): organisation, respondent, the catalog's profile questions
//! (重要機能室) and the sign-off (点検実施者, 確認者, 点検日), editable in the interview.
//! Pure state, like `start`; `app` applies it to the sheet at every change (so a profile
//! answer recomputes applicability, scores and warnings at once) and records one undo step
//! when the form closes.

use std::collections::BTreeMap;

use crate::catalog::{Catalog, heading_text};
use crate::sheet::Sheet;
use crate::text::Lang;

/// The sheet's header fields, as one value: what an undo step of the header restores.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Header {
    pub organization: String,
    pub respondent: String,
    pub inspector: String,
    pub approver: String,
    pub inspected_on: String,
    pub profile: BTreeMap<String, bool>,
}

impl Header {
    pub fn of(sheet: &Sheet) -> Header {
        Header {
            organization: sheet.organization.clone(),
            respondent: sheet.respondent.clone(),
            inspector: sheet.inspector.clone(),
            approver: sheet.approver.clone(),
            inspected_on: sheet.inspected_on.clone(),
            profile: sheet.profile.clone(),
        }
    }

    pub fn apply_to(&self, sheet: &mut Sheet) {
        sheet.organization.clone_from(&self.organization);
        sheet.respondent.clone_from(&self.respondent);
        sheet.inspector.clone_from(&self.inspector);
        sheet.approver.clone_from(&self.approver);
        sheet.inspected_on.clone_from(&self.inspected_on);
        sheet.profile.clone_from(&self.profile);
    }
}

/// The header before and after one visit to the form: one undo step.
#[derive(Clone, Debug, PartialEq)]
pub struct HeaderChange {
    pub before: Header,
    pub after: Header,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HeaderField {
    Organization,
    Respondent,
    /// The n-th profile question of the catalog.
    Profile(usize),
    Inspector,
    Approver,
    InspectedOn,
}

/// One profile question of the catalog and its answer in the form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProfileQuestion {
    pub id: String,
    pub ja: String,
    pub en: String,
    pub answer: Option<bool>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct HeaderForm {
    pub organization: String,
    pub respondent: String,
    pub inspector: String,
    pub approver: String,
    pub inspected_on: String,
    pub profile: Vec<ProfileQuestion>,
    pub focus: usize,
    /// The cursor in the focused text field, in characters from its start.
    pub cursor: usize,
    /// Why the form cannot close yet.
    pub error: Option<String>,
    /// The header as the form opened.
    pub before: Header,
}

impl HeaderForm {
    pub fn open(catalog: &Catalog, sheet: &Sheet) -> HeaderForm {
        let before = Header::of(sheet);
        let mut form = HeaderForm {
            organization: before.organization.clone(),
            respondent: before.respondent.clone(),
            inspector: before.inspector.clone(),
            approver: before.approver.clone(),
            inspected_on: before.inspected_on.clone(),
            profile: catalog
                .profile
                .iter()
                .map(|q| ProfileQuestion {
                    id: q.id.clone(),
                    ja: q.question.clone(),
                    en: q.question_en.clone(),
                    answer: sheet.profile.get(&q.id).copied(),
                })
                .collect(),
            focus: 0,
            cursor: 0,
            error: None,
            before,
        };
        form.focus_field(0);
        form
    }

    pub fn fields(&self) -> Vec<HeaderField> {
        let mut f = vec![HeaderField::Organization, HeaderField::Respondent];
        f.extend((0..self.profile.len()).map(HeaderField::Profile));
        f.extend([
            HeaderField::Inspector,
            HeaderField::Approver,
            HeaderField::InspectedOn,
        ]);
        f
    }

    pub fn focused(&self) -> HeaderField {
        let f = self.fields();
        f[self.focus.min(f.len() - 1)]
    }

    /// Focuses field `i`, with the cursor at the end of its text.
    pub fn focus_field(&mut self, i: usize) {
        self.focus = i;
        self.cursor = self.text(self.focused()).map_or(0, |t| t.chars().count());
    }

    pub fn label(&self, field: HeaderField, lang: Lang) -> String {
        match field {
            HeaderField::Organization => lang.pick("団体名", "Organisation").into(),
            HeaderField::Respondent => lang.pick("回答者・部署", "Respondent").into(),
            HeaderField::Profile(i) => {
                let q = &self.profile[i];
                heading_text(&q.ja, &q.en, lang).into()
            }
            HeaderField::Inspector => lang.pick("点検実施者", "Inspected by").into(),
            HeaderField::Approver => lang.pick("確認者", "Approved by").into(),
            HeaderField::InspectedOn => lang.pick("点検日", "Inspection date").into(),
        }
    }

    /// The text of a text field; `None` for a profile question.
    pub fn text(&self, field: HeaderField) -> Option<&str> {
        match field {
            HeaderField::Organization => Some(&self.organization),
            HeaderField::Respondent => Some(&self.respondent),
            HeaderField::Inspector => Some(&self.inspector),
            HeaderField::Approver => Some(&self.approver),
            HeaderField::InspectedOn => Some(&self.inspected_on),
            HeaderField::Profile(_) => None,
        }
    }

    pub fn text_mut(&mut self, field: HeaderField) -> Option<&mut String> {
        match field {
            HeaderField::Organization => Some(&mut self.organization),
            HeaderField::Respondent => Some(&mut self.respondent),
            HeaderField::Inspector => Some(&mut self.inspector),
            HeaderField::Approver => Some(&mut self.approver),
            HeaderField::InspectedOn => Some(&mut self.inspected_on),
            HeaderField::Profile(_) => None,
        }
    }

    /// The header the form stands for now: text trimmed, 点検日 as ISO when it reads as a
    /// date (`2027-02-10`, `令和9年2月10日`, `R9.2.10`; as typed otherwise, like a plan's
    /// due date), and the organisation as it was while the field is blank (a sheet always
    /// names one). Profile questions left unanswered keep what the sheet had.
    pub fn header(&self) -> Header {
        let organization = match self.organization.trim() {
            "" => self.before.organization.clone(),
            o => o.to_string(),
        };
        let mut profile = self.before.profile.clone();
        for q in &self.profile {
            if let Some(v) = q.answer {
                profile.insert(q.id.clone(), v);
            }
        }
        Header {
            organization,
            respondent: self.respondent.trim().to_string(),
            inspector: self.inspector.trim().to_string(),
            approver: self.approver.trim().to_string(),
            inspected_on: crate::date::normalize_due(&self.inspected_on),
            profile,
        }
    }

    /// Leaving the focused field: a date typed as 和暦 or with slashes is shown as stored.
    pub fn settle_field(&mut self) {
        if self.focused() == HeaderField::InspectedOn {
            self.inspected_on = crate::date::normalize_due(&self.inspected_on);
            self.cursor = self.inspected_on.chars().count();
        }
    }

    /// 点検日 when it is written but does not read as a date.
    pub fn bad_date(&self) -> bool {
        !self.inspected_on.trim().is_empty()
            && crate::date::parse_date(&self.inspected_on).is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Edition;
    use crate::fiscal::FiscalYear;
    use crate::sheet::CatalogRef;
    use time::macros::datetime;

    #[test]
    fn the_form_stands_for_a_trimmed_header_with_an_iso_date() {
        let catalog = Catalog::builtin(Edition::Municipal);
        let mut sheet = Sheet::new(
            CatalogRef {
                id: catalog.id.clone(),
                revision: catalog.revision.clone(),
            },
            "例市",
            FiscalYear(2026),
            datetime!(2027-02-10 10:00 +9),
        );
        sheet.profile.insert("important_room".into(), true);
        let mut form = HeaderForm::open(catalog, &sheet);
        assert_eq!(form.profile[0].answer, Some(true));
        assert_eq!(form.cursor, 2, "at the end of 例市");
        form.organization = "  ".into();
        form.inspector = " 情報政策課 山田 ".into();
        form.inspected_on = "R9.2.10".into();
        form.profile[0].answer = Some(false);
        let h = form.header();
        assert_eq!(
            h.organization, "例市",
            "a blank organisation keeps the old one"
        );
        assert_eq!(h.inspector, "情報政策課 山田");
        assert_eq!(h.inspected_on, "2027-02-10");
        assert_eq!(h.profile.get("important_room"), Some(&false));
        form.focus_field(form.fields().len() - 1);
        form.settle_field();
        assert_eq!(form.inspected_on, "2027-02-10");
        form.inspected_on = "来週".into();
        assert!(form.bad_date());
        assert_eq!(form.header().inspected_on, "来週", "kept as typed");
    }
}
