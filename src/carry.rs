//! Starting this year's sheet from last year's: answers carried over as unconfirmed drafts,
//! and (for a sheet started anew) the notes on items left unanswered as notes. Pure. An answer already given this year is never overwritten, and an item whose wording
//! changed between the catalogs is carried only as a draft to be confirmed against both
//! wordings, never silently.

use crate::catalog::Catalog;
use crate::diff::wording_changed;
use crate::sheet::{Answer, Notes, Sheet};
use time::OffsetDateTime;

/// What a carry-forward did (or, on a copy, would do).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CarryPreview {
    /// Items whose answer was carried over, unconfirmed, in this year's catalog order.
    pub carried: Vec<String>,
    /// Of those, items whose wording differs between last year's catalog and this year's.
    pub wording_changed: Vec<String>,
    /// Items of this year's catalog that last year's catalog does not have.
    pub new_items: Vec<String>,
    /// Items answered last year that this year's catalog does not have (not carried).
    pub removed: Vec<String>,
    /// Items already answered this year: left as they are.
    pub kept: Vec<String>,
}

/// Takes last year's answers into `sheet` as unconfirmed drafts (score, comment, evidence and
/// improvement plan), for the items `wanted` selects. Items that already have an answer in
/// `sheet` are never touched.
pub fn carry_forward(
    old_cat: &Catalog,
    old: &Sheet,
    new_cat: &Catalog,
    sheet: &mut Sheet,
    wanted: &dyn Fn(&str) -> bool,
    now: OffsetDateTime,
) -> CarryPreview {
    let mut preview = CarryPreview::default();
    for (_, item) in new_cat.items() {
        let id = item.id.as_str();
        if old_cat.item(id).is_none() {
            preview.new_items.push(id.to_string());
            continue;
        }
        let Some(last) = old.answers.get(id) else {
            continue;
        };
        if !wanted(id) {
            continue;
        }
        if sheet.answers.contains_key(id) {
            preview.kept.push(id.to_string());
            continue;
        }
        let mut draft = Answer::new(last.score);
        draft.comment = last.comment.clone();
        draft.evidence = last.evidence.clone();
        // Last year's plan stays marked as such until someone edits it.
        draft.plan = last.plan.as_ref().map(crate::sheet::Plan::carried_over);
        draft.unconfirmed = true;
        draft.updated = Some(now);
        sheet.answers.insert(id.to_string(), draft);
        preview.carried.push(id.to_string());
        if wording_changed(old_cat, new_cat, id) {
            preview.wording_changed.push(id.to_string());
        }
    }
    for (_, item) in old_cat.items() {
        if new_cat.item(&item.id).is_none() && old.answers.contains_key(&item.id) {
            preview.removed.push(item.id.clone());
        }
    }
    if !preview.carried.is_empty() {
        sheet.updated = Some(now);
    }
    preview
}

/// Takes last year's notes on items it left unanswered (`Sheet::notes`: a comment, evidence, a
/// plan written before any answer) into `sheet` as notes, for the items this year's catalog
/// has and `sheet` neither answers nor holds notes on; a plan comes as last year's until
/// someone edits it. The ids taken, in this year's catalog order. For a sheet being started
/// (`new --from`): the interview's carrying takes answers only.
pub fn carry_notes(old: &Sheet, new_cat: &Catalog, sheet: &mut Sheet) -> Vec<String> {
    let mut taken = Vec::new();
    for (_, item) in new_cat.items() {
        let id = item.id.as_str();
        // Last year's flags were last year's meeting's: not carried (nor are an answer's).
        let Some(mut notes) = old.notes.get(id).map(|n| Notes {
            flagged: false,
            ..n.clone()
        }) else {
            continue;
        };
        if notes.is_empty() || sheet.answers.contains_key(id) || sheet.notes.contains_key(id) {
            continue;
        }
        notes.plan = notes.plan.as_ref().map(crate::sheet::Plan::carried_over);
        sheet.notes.insert(id.to_string(), notes);
        taken.push(id.to_string());
    }
    taken
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Edition;
    use crate::sheet::{CatalogRef, Notes, Plan, Score};

    #[test]
    fn notes_come_along_where_this_year_has_nothing_written() {
        let cat = Catalog::builtin(Edition::Municipal);
        let at = CatalogRef {
            id: cat.id.clone(),
            revision: cat.revision.clone(),
        };
        let now = time::macros::datetime!(2026-11-25 10:00 +9);
        let year = crate::fiscal::FiscalYear(2025);
        let mut old = Sheet::new(at.clone(), "例市", year, now);
        let note = |text: &str| Notes {
            comment: text.into(),
            plan: Some(Plan {
                action: "規程を作る".into(),
                ..Plan::default()
            }),
            ..Notes::default()
        };
        for id in ["1-1", "1-2", "1-3", "no-such-item"] {
            old.notes.insert(id.into(), note(id));
        }
        old.notes.insert("1-4".into(), Notes::default());
        // Last year's flags are last year's meeting's: an answer's is not carried, nor a
        // flag on notes; notes that held only a flag bring nothing.
        old.notes.get_mut("1-1").unwrap().flagged = true;
        old.notes.insert(
            "1-5".into(),
            Notes {
                flagged: true,
                ..Notes::default()
            },
        );
        let mut this = Sheet::new(at, "例市", crate::fiscal::FiscalYear(2026), now);
        this.answers
            .insert("1-2".into(), Answer::new(Score::Operating));
        this.notes.insert("1-3".into(), note("今年のメモ"));
        assert_eq!(carry_notes(&old, cat, &mut this), ["1-1"]);
        let taken = &this.notes["1-1"];
        assert_eq!(taken.comment, "1-1");
        assert!(taken.plan.as_ref().is_some_and(|p| p.carried));
        assert!(!taken.flagged);
        assert!(!this.notes.contains_key("1-5"));
        assert_eq!(this.notes["1-3"].comment, "今年のメモ");
        assert!(!this.notes.contains_key("1-2") && !this.notes.contains_key("1-4"));
    }
}
