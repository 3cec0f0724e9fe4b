//! Starting this year's sheet from last year's: answers carried over as unconfirmed drafts.
//! Pure. An answer already given this year is never overwritten, and an item whose wording
//! changed between the catalogs is carried only as a draft to be confirmed against both
//! wordings, never silently.

use crate::catalog::Catalog;
use crate::diff::wording_changed;
use crate::sheet::{Answer, Sheet};
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
        draft.plan = last
            .plan
            .clone()
            .map(|p| crate::sheet::Plan { carried: true, ..p });
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
