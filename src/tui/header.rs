//! The sheet header (`i`): organisation, 団体コード, 都道府県, respondent, the catalog's profile questions
//! (重要機能室) and the sign-off (点検実施者, 確認者, 点検日), editable in the interview as a
//! `Form` (`form`). `app` applies the form to the sheet at every change (so a profile answer
//! recomputes applicability, scores and warnings at once) and records one undo step when
//! the form closes.

use crate::catalog::Catalog;
use crate::lang::Lang;
use crate::sheet::{Header, Sheet};
use crate::tui::form::{FieldId, FieldValue, Form, FormField, Purpose};

/// The header before and after one visit to the form: one undo step.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct HeaderChange {
    pub(crate) before: Header,
    pub(crate) after: Header,
}

impl Form {
    /// The header form of `sheet`, on the organisation.
    pub(crate) fn header_form(catalog: &Catalog, sheet: &Sheet, lang: Lang) -> Form {
        let before = Header::of(sheet);
        let text = |id, t: &str| FormField {
            id,
            value: FieldValue::Text(t.to_string()),
        };
        let mut form = Form::new(
            Purpose::Header,
            before.clone(),
            lang,
            vec![
                text(FieldId::Organization, &before.organization),
                text(FieldId::OrganizationCode, &before.organization_code),
                text(FieldId::Prefecture, &before.prefecture),
                text(FieldId::Respondent, &before.respondent),
                text(FieldId::Inspector, &before.inspector),
                text(FieldId::Approver, &before.approver),
                text(FieldId::InspectedOn, &before.inspected_on),
            ],
        );
        form.ask(&catalog.profile, &sheet.profile);
        form.focus_field(0);
        form
    }

    /// The header the form stands for now: text trimmed, 点検日 as ISO when it reads as a
    /// date (`2027-02-10`, `令和9年2月10日`, `R9.2.10`; as typed otherwise, like a plan's
    /// due date), and the organisation as it was while the field is blank (a sheet always
    /// names one). Profile questions left unanswered keep what the sheet had.
    pub(crate) fn header(&self) -> Header {
        let text = |id| self.text(id).unwrap_or_default();
        let organization = crate::sheet::organization(text(FieldId::Organization))
            .map_or_else(|| self.before.organization.clone(), str::to_string);
        let mut profile = self.before.profile.clone();
        for (id, v) in self.answers() {
            profile.insert(id.to_string(), v);
        }
        // A 団体コード or 都道府県 being typed (or wrong) leaves both as they were.
        let (organization_code, prefecture) = crate::organization::header_fields(
            text(FieldId::OrganizationCode),
            text(FieldId::Prefecture),
            self.lang,
        )
        .unwrap_or_else(|_| {
            (
                self.before.organization_code.clone(),
                self.before.prefecture.clone(),
            )
        });
        Header {
            organization,
            organization_code,
            prefecture,
            respondent: text(FieldId::Respondent).trim().to_string(),
            inspector: text(FieldId::Inspector).trim().to_string(),
            approver: text(FieldId::Approver).trim().to_string(),
            inspected_on: crate::date::normalize_due(text(FieldId::InspectedOn)),
            profile,
            seal: self.before.seal.clone(),
        }
    }

    /// 点検日 when it is written but does not read as a date.
    pub(crate) fn bad_date(&self) -> bool {
        let date = self.text(FieldId::InspectedOn).unwrap_or_default();
        !date.trim().is_empty() && crate::date::parse_date(date).is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Edition;
    use crate::fiscal::FiscalYear;
    use crate::sheet::CatalogRef;
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
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
        let mut form = Form::header_form(catalog, &sheet, Lang::Ja);
        assert_eq!(form.answer(0), Some(true));
        assert_eq!(form.cursor, 2, "at the end of 例市");
        *form.text_mut(FieldId::Organization).unwrap() = "  ".into();
        *form.text_mut(FieldId::Inspector).unwrap() = " 情報政策課 山田 ".into();
        *form.text_mut(FieldId::InspectedOn).unwrap() = "R9.2.10".into();
        form.focus_field(form.index(FieldId::Profile(0)).unwrap());
        form.key(&KeyEvent::new(KeyCode::Char('n'), KeyModifiers::NONE));
        let h = form.header();
        assert_eq!(
            h.organization, "例市",
            "a blank organization keeps the old one"
        );
        assert_eq!(h.inspector, "情報政策課 山田");
        assert_eq!(h.inspected_on, "2027-02-10");
        assert_eq!(h.profile.get("important_room"), Some(&false));
        form.focus_field(form.index(FieldId::InspectedOn).unwrap());
        form.settle_field();
        assert_eq!(form.text(FieldId::InspectedOn), Some("2027-02-10"));
        *form.text_mut(FieldId::InspectedOn).unwrap() = "来週".into();
        assert!(form.bad_date());
        assert_eq!(form.header().inspected_on, "来週", "kept as typed");
    }
}
