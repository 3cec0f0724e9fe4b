//! The model of last year's sheet ([`LastYear`]): what `app/previous.rs` acts on and
//! `view/previous.rs`, `view/tree.rs` and `view/item.rs` draw.
//!
//! Last year's sheet beside this year's, for the interview: read-only, possibly answering
//! another catalog revision or edition. Items are matched by id (as `diff` and `carry` do);
//! everything here is computed once when the sheet is loaded, so drawing stays cheap.
//!
//! Pure: the file is read by the disk adapter (`term::disk`, through `store`, never locked,
//! never written) and handed over as a [`PreviousSheet`].

use crate::catalog::Catalog;
use crate::diff::{Change, classify, wording_changed};
use crate::score::{ItemState, SheetScore, score_sheet};
use crate::sheet::{Answer, Score, Sheet};
use crate::tui::outline::Node;

/// A previous sheet as read from disk, with the catalog it answers.
#[derive(Clone, Debug, PartialEq)]
pub struct PreviousSheet {
    pub catalog: &'static Catalog,
    pub sheet: Sheet,
    /// The file name, for the screen.
    pub name: String,
}

/// An item of last year's catalog that this year's does not have.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct RemovedItem {
    pub(crate) id: String,
    /// Last year's wording (Japanese).
    pub(crate) text: String,
    /// Last year's confirmed score, if any.
    pub(crate) score: Option<Score>,
}

/// Last year's sheet matched against this year's catalog.
#[derive(Clone, Debug, PartialEq)]
pub struct LastYear {
    pub(crate) catalog: &'static Catalog,
    pub(crate) sheet: Sheet,
    pub(crate) name: String,
    /// Last year's scores, against last year's catalog.
    pub(crate) score: SheetScore,
    /// Per position of this year's catalog: the position of the same id in last year's
    /// catalog (`None`: an item new this year).
    pub(crate) positions: Vec<Option<usize>>,
    /// Per position of this year's catalog: the wording differs from last year's.
    pub(crate) wording_changed: Vec<bool>,
    /// Items only last year's catalog has, in its order.
    pub(crate) removed: Vec<RemovedItem>,
}

impl LastYear {
    /// Matches `previous` against this year's catalog.
    pub(crate) fn new(previous: PreviousSheet, current: &Catalog) -> LastYear {
        let PreviousSheet {
            catalog,
            sheet,
            name,
        } = previous;
        let score = score_sheet(catalog, &sheet);
        let positions = current
            .items()
            .map(|(_, item)| catalog.position(&item.id))
            .collect();
        let wording_changed = current
            .items()
            .map(|(_, item)| wording_changed(catalog, current, &item.id))
            .collect();
        let removed = catalog
            .items()
            .enumerate()
            .filter(|(_, (_, item))| current.position(&item.id).is_none())
            .map(|(j, (_, item))| RemovedItem {
                id: item.id.clone(),
                text: item.text.clone(),
                score: score.items[j].score(),
            })
            .collect();
        LastYear {
            catalog,
            sheet,
            name,
            score,
            positions,
            wording_changed,
            removed,
        }
    }

    /// Last year's scoring state of this year's item at `position`; `None` for a new item.
    pub(crate) fn state(&self, position: usize) -> Option<ItemState> {
        self.positions
            .get(position)
            .copied()
            .flatten()
            .map(|j| self.score.items[j])
    }

    /// Last year's answer (confirmed or not) to the item with this id.
    pub(crate) fn answer(&self, id: &str) -> Option<&Answer> {
        self.sheet.answers.get(id)
    }

    /// Last year's confirmed score of this year's item at `position`.
    pub(crate) fn score_at(&self, position: usize) -> Option<Score> {
        self.state(position).and_then(ItemState::score)
    }

    /// How the answer moved from last year to `now` (this year's state of the item).
    pub(crate) fn change(&self, position: usize, now: ItemState) -> Change {
        match self.state(position) {
            None => Change::New,
            Some(old) => classify(old.score(), now.score()),
        }
    }

    /// Whether the item's wording differs from last year's.
    pub(crate) fn wording_changed(&self, position: usize) -> bool {
        self.wording_changed.get(position).copied().unwrap_or(false)
    }

    /// Last year's wording of this year's item at `position`.
    pub(crate) fn old_text(&self, position: usize) -> Option<&str> {
        let j = self.positions.get(position).copied().flatten()?;
        Some(self.catalog.item_at(self.catalog.path_at(j)).text.as_str())
    }

    /// Last year's average over the items under `node` of this year's tree (matched by id):
    /// answers 1–3 averaged, as this year's tallies are.
    pub(crate) fn average_under(
        &self,
        node: Node,
        current: &Catalog,
    ) -> Option<crate::figure::Ratio> {
        let (mut sum, mut n) = (0u32, 0u32);
        for p in node.items(current) {
            if let Some(s) = self.score_at(p).filter(|s| s.is_scored()) {
                sum += u32::from(s.value());
                n += 1;
            }
        }
        crate::figure::Ratio::of_counts(u64::from(sum), u64::from(n))
    }

    /// Counts of each kind of change over this year's items, in `Change` order (improved,
    /// worse, same, changed, answered, unanswered, draft, new), given this year's scores; items
    /// answered in neither year are `neither`, not `same`, and a draft is a draft whatever
    /// last year's answer (as `tenken diff` counts it).
    pub(crate) fn counts(&self, now: &SheetScore) -> ChangeCounts {
        let mut c = ChangeCounts::default();
        for (p, state) in now.items.iter().enumerate() {
            let draft = now.drafts.get(p).copied().unwrap_or(false) && self.state(p).is_some();
            let change = if draft {
                Change::Draft
            } else {
                self.change(p, *state)
            };
            match change {
                Change::Improved => c.improved += 1,
                Change::Worse => c.worse += 1,
                // "No change" is an answer given the same in both years; neither year's
                // answer (unanswered, or excluded by the profile) is counted apart.
                Change::Same if self.score_at(p).is_none() => c.neither += 1,
                Change::Same => c.same += 1,
                Change::Changed => c.changed += 1,
                Change::Answered => c.answered += 1,
                Change::Unanswered => c.unanswered += 1,
                Change::Draft => c.drafts += 1,
                Change::New => c.new += 1,
                Change::Removed => {}
            }
            if self.wording_changed(p) {
                c.wording += 1;
            }
        }
        c
    }
}

/// How many items changed in which way (see [`LastYear::counts`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct ChangeCounts {
    pub(crate) improved: usize,
    pub(crate) worse: usize,
    /// Answered the same in both years.
    pub(crate) same: usize,
    pub(crate) changed: usize,
    pub(crate) answered: usize,
    pub(crate) unanswered: usize,
    /// This year's drafts (carried over, not confirmed), whatever last year's answer.
    pub(crate) drafts: usize,
    pub(crate) new: usize,
    /// Answered in neither year (unanswered or excluded by the profile in both).
    pub(crate) neither: usize,
    pub(crate) wording: usize,
}

/// Whether a change counts as "the answer changed" for navigation (`d`): both years
/// answered, with different scores. Items not yet answered this year are not changes —
/// while a sheet is being filled in, that would be most of them.
pub(crate) fn is_answer_change(c: Change) -> bool {
    matches!(c, Change::Improved | Change::Worse | Change::Changed)
}

/// Last year below the 3-point target: answered 1 or 2 (0 means 該当しない, not a shortfall).
pub(crate) fn was_below_target(s: Option<Score>) -> bool {
    matches!(s, Some(Score::NotInPlace | Score::Documented))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Edition;
    use crate::fiscal::FiscalYear;
    use crate::sheet::CatalogRef;
    use time::macros::datetime;

    fn sheet(c: &Catalog, answers: &[(&str, u8)]) -> Sheet {
        let t = datetime!(2025-11-25 10:00 +9);
        let mut s = Sheet::new(
            CatalogRef {
                id: c.id.clone(),
                revision: c.revision.clone(),
            },
            "例市",
            FiscalYear(2025),
            t,
        );
        for (id, v) in answers {
            s.set_score(id, Score::from_u8(*v).unwrap(), t);
        }
        s
    }

    #[test]
    fn municipal_last_year_against_national_this_year() {
        let old = Catalog::builtin(Edition::Municipal);
        let new = Catalog::builtin(Edition::National);
        let prev = LastYear::new(
            PreviousSheet {
                catalog: old,
                sheet: sheet(old, &[("1-1", 2), ("2-4", 3), ("5-1", 3)]),
                name: "r7.ron".into(),
            },
            new,
        );
        let ids: Vec<&str> = prev.removed.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["2-4", "43-1", "43-2", "43-3"]);
        assert_eq!(prev.removed[0].score, Some(Score::Operating));
        let p11 = new.position("1-1").unwrap();
        assert_eq!(prev.score_at(p11), Some(Score::Documented));
        assert_eq!(
            prev.change(p11, ItemState::Answered(Score::Operating)),
            Change::Improved
        );
        let p51 = new.position("5-1").unwrap();
        assert!(prev.wording_changed(p51));
        assert_ne!(
            prev.old_text(p51),
            Some(new.item("5-1").unwrap().text.as_str())
        );
        assert!(!prev.wording_changed(p11));
        assert!(was_below_target(Some(Score::Documented)));
        assert!(!was_below_target(Some(Score::NotApplicable)));
    }
}
