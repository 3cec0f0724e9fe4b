//! The per-item table of a report (回答一覧): every item of the catalog in catalog order with
//! every field of its answer — score, comment, evidence, improvement plan, flag, unconfirmed
//! marker — so that nothing written in the interview is missing from the hand-in, notes written
//! on an item not answered yet included (the item stays unanswered). Text, Markdown,
//! CSV, JSON and the workbook's 回答 sheet lay out these rows.

use crate::catalog::{Catalog, ItemPath};
use crate::lang::Lang;
use crate::score::ItemState;
use crate::sheet::{Plan, Score, Sheet};

/// One item of the catalog with its answer (if any).
#[derive(Clone, Debug, PartialEq)]
pub struct ItemRow {
    pub id: String,
    pub path: ItemPath,
    /// The score written in the sheet: a confirmed answer, an unconfirmed draft carried from
    /// last year, or an answer to an item the profile excludes. `None`: not answered.
    pub score: Option<Score>,
    /// Whether the item applies to the organisation (its profile does not exclude it).
    pub applicable: bool,
    pub comment: String,
    pub evidence: String,
    pub plan: Option<Plan>,
    /// 付箋: flagged in the interview for the meeting.
    pub flagged: bool,
    /// 下書き: carried from last year's sheet and not yet confirmed (counts nowhere).
    pub unconfirmed: bool,
    /// Fiscal years in which the item is a 重要点検項目.
    pub priority_years: Vec<i32>,
}

impl ItemRow {
    /// The score column: 「3」, 「未回答」, 「対象外」 (a draft's score as written).
    pub(crate) fn score_cell(&self, lang: Lang) -> String {
        match (self.score, self.applicable) {
            (_, false) => lang.pick("対象外", "excluded").to_string(),
            (None, true) => lang.pick("未回答", "unanswered").to_string(),
            (Some(s), true) => s.value().to_string(),
        }
    }

    /// The markers column: 「付箋 下書き」 (either, both or none).
    pub fn marks(&self, lang: Lang) -> String {
        let mut v = Vec::new();
        if self.flagged {
            v.push(lang.pick("付箋", "flagged"));
        }
        if self.unconfirmed {
            v.push(lang.pick("下書き", "draft"));
        }
        if self.plan.as_ref().is_some_and(|p| p.carried) {
            v.push(lang.pick("前年度の計画", "last-year-plan"));
        }
        v.join(" ")
    }
}

/// Every item of the catalog, answered or not.
pub(crate) fn item_rows(catalog: &Catalog, sheet: &Sheet, states: &[ItemState]) -> Vec<ItemRow> {
    catalog
        .items()
        .zip(states)
        .map(|((path, item), state)| {
            let answer = sheet.answers.get(&item.id);
            // An unanswered item's notes (`Sheet::notes`) too: written, so handed in.
            let notes = sheet.notes_of(&item.id).unwrap_or_default();
            ItemRow {
                id: item.id.clone(),
                path,
                score: answer.map(|a| a.score),
                applicable: *state != ItemState::Excluded,
                comment: notes.comment,
                evidence: notes.evidence,
                plan: notes.plan,
                flagged: notes.flagged,
                unconfirmed: answer.is_some_and(|a| a.unconfirmed),
                priority_years: catalog.priority_years(&item.id).to_vec(),
            }
        })
        .collect()
}
