//! Scores, counts and priority warnings: pure functions of a catalog and a sheet. This is the
//! one place where a sheet's numbers are computed; reports and the interface call it.
//!
//! Rules (from the questionnaire): answers 1–3 are averaged; 0 (該当しない) and unanswered
//! items are excluded from averages and counted; an item excluded by the organisation's
//! profile (`applies_if`) is left out of averages like a 0 but counted apart (対象外), not as
//! 該当なし. The sheet's 総平均点 is the mean of its item scores.

use crate::catalog::{Catalog, ItemPath};
use crate::figure::Ratio;
use crate::sheet::{Answer, Score, Sheet};

/// Counts and sum over a set of items.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Tally {
    /// Items in the set.
    pub items: u32,
    /// Items that apply to this organisation (not excluded by the profile).
    pub applicable: u32,
    /// Applicable items with an answer (0–3).
    pub answered: u32,
    /// Applicable items answered 1–3: the ones averaged.
    pub scored: u32,
    /// 該当なし: applicable items answered 0 (該当しない). Items the profile excludes are
    /// counted apart, in `excluded`.
    pub not_applicable: u32,
    /// 対象外: items the organisation's profile excludes (`applies_if`).
    pub excluded: u32,
    /// Applicable items without an answer.
    pub unanswered: u32,
    /// Sum of the scored answers.
    pub sum: u32,
    /// Applicable items answered 0, 1, 2, 3 (index = score).
    pub by_score: [u32; 4],
}

impl Tally {
    /// Mean of the answers 1–3, if any.
    pub fn average(&self) -> Option<f64> {
        (self.scored > 0).then(|| f64::from(self.sum) / f64::from(self.scored))
    }

    /// The same mean, exact, for printing.
    pub fn exact_average(&self) -> Option<Ratio> {
        Ratio::of_counts(u64::from(self.sum), u64::from(self.scored))
    }

    fn add(&mut self, state: ItemState) {
        self.count(state, |n, by| *n += by);
    }

    /// Takes back an [`Tally::add`] of `state`.
    fn remove(&mut self, state: ItemState) {
        self.count(state, |n, by| *n -= by);
    }

    /// Applies `f` (add or subtract) to each count `state` moves, with the amount.
    fn count(&mut self, state: ItemState, f: impl Fn(&mut u32, u32)) {
        f(&mut self.items, 1);
        match state {
            ItemState::Excluded => f(&mut self.excluded, 1),
            ItemState::Unanswered => {
                f(&mut self.applicable, 1);
                f(&mut self.unanswered, 1);
            }
            ItemState::Answered(s) => {
                f(&mut self.applicable, 1);
                f(&mut self.answered, 1);
                f(&mut self.by_score[usize::from(s.value())], 1);
                if s.is_scored() {
                    f(&mut self.scored, 1);
                    f(&mut self.sum, u32::from(s.value()));
                } else {
                    f(&mut self.not_applicable, 1);
                }
            }
        }
    }
}

/// An item's state for scoring.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ItemState {
    /// Excluded by the organisation's profile (counts as 0 / 該当しない).
    Excluded,
    Unanswered,
    Answered(Score),
}

impl ItemState {
    pub(crate) fn score(self) -> Option<Score> {
        match self {
            ItemState::Answered(s) => Some(s),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct MinorScore {
    pub(crate) tally: Tally,
    /// One per 管理目標.
    pub(crate) goals: Vec<Tally>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct MiddleScore {
    pub(crate) tally: Tally,
    pub(crate) minors: Vec<MinorScore>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct MajorScore {
    pub tally: Tally,
    pub(crate) middles: Vec<MiddleScore>,
}

/// Every tally of a sheet, shaped like the catalog tree.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SheetScore {
    /// The whole sheet: its average is the 総平均点.
    pub overall: Tally,
    pub majors: Vec<MajorScore>,
    /// Per item, in catalog order. An unconfirmed carried-over answer is `Unanswered`.
    pub items: Vec<ItemState>,
    /// Applicable items whose answer was carried over from last year and awaits confirmation.
    pub unconfirmed: u32,
    /// Per item, in catalog order, whether it is counted in `unconfirmed`.
    pub(crate) drafts: Vec<bool>,
}

impl SheetScore {
    pub fn major(&self, p: ItemPath) -> &Tally {
        &self.majors[p.major].tally
    }

    pub fn goal(&self, p: ItemPath) -> &Tally {
        &self.majors[p.major].middles[p.middle].minors[p.minor].goals[p.goal]
    }

    /// Brings the tallies up to date after the answer of the item at `position` changed and
    /// nothing else of the sheet did (its profile decides which items apply: after a profile
    /// change, [`score_sheet`] again): the result equals `score_sheet`'s, at the cost of one
    /// item instead of the whole catalog.
    pub(crate) fn rescore_item(&mut self, catalog: &Catalog, sheet: &Sheet, position: usize) {
        let p = catalog.path_at(position);
        let (old, was_draft) = (self.items[position], self.drafts[position]);
        let (new, draft) = counted(catalog, sheet, p);
        self.unconfirmed = self.unconfirmed - u32::from(was_draft) + u32::from(draft);
        self.items[position] = new;
        self.drafts[position] = draft;
        let major = &mut self.majors[p.major];
        let middle = &mut major.middles[p.middle];
        let minor = &mut middle.minors[p.minor];
        for tally in [
            &mut self.overall,
            &mut major.tally,
            &mut middle.tally,
            &mut minor.tally,
            &mut minor.goals[p.goal],
        ] {
            tally.remove(old);
            tally.add(new);
        }
    }
}

/// An item's state for scoring, and whether it is an unconfirmed draft awaiting confirmation.
fn counted(catalog: &Catalog, sheet: &Sheet, p: ItemPath) -> (ItemState, bool) {
    let state = item_state(catalog, sheet, p);
    let draft = state == ItemState::Unanswered
        && sheet
            .answers
            .get(&catalog.item_at(p).id)
            .is_some_and(|a| a.unconfirmed);
    (state, draft)
}

/// The scoring state of one item of a sheet.
pub(crate) fn item_state(catalog: &Catalog, sheet: &Sheet, p: ItemPath) -> ItemState {
    if !catalog.applies(p, &sheet.profile) {
        return ItemState::Excluded;
    }
    match sheet.score(&catalog.item_at(p).id) {
        Some(s) => ItemState::Answered(s),
        None => ItemState::Unanswered,
    }
}

/// A sheet's answers by catalog position (`None`: no answer), each answer's id looked up
/// once: for work that visits every item for several purposes (`aggregate`: the states, the
/// warnings, the plans, the drafts), which would otherwise search the answers by id for each.
pub(crate) fn answers_by_position<'s>(
    catalog: &Catalog,
    sheet: &'s Sheet,
) -> Vec<Option<&'s Answer>> {
    let mut at = vec![None; catalog.item_count()];
    // Both in the order of the ids: one walk through the two (hashing each id to look it up
    // was a fortieth of `aggregate`'s counting).
    let mut items = catalog.in_id_order().iter().peekable();
    for (id, a) in &sheet.answers {
        while items
            .next_if(|(item, _)| item.as_str() < id.as_str())
            .is_some()
        {}
        if let Some((_, i)) = items.next_if(|(item, _)| item == id) {
            at[*i] = Some(a);
        }
    }
    at
}

/// Every item's state, in catalog order, from the answers by position
/// ([`answers_by_position`]): what [`item_state`] gives for each.
pub(crate) fn item_states(
    catalog: &Catalog,
    sheet: &Sheet,
    at: &[Option<&Answer>],
) -> Vec<ItemState> {
    catalog
        .items()
        .zip(at)
        .map(|((p, _), a)| {
            if !catalog.applies(p, &sheet.profile) {
                return ItemState::Excluded;
            }
            match a.filter(|a| !a.unconfirmed) {
                Some(a) => ItemState::Answered(a.score),
                None => ItemState::Unanswered,
            }
        })
        .collect()
}

/// Scores a sheet against a catalog. Answers to ids the catalog does not have are ignored
/// here (`tenken check` reports them).
pub fn score_sheet(catalog: &Catalog, sheet: &Sheet) -> SheetScore {
    let mut out = SheetScore {
        majors: catalog
            .majors
            .iter()
            .map(|m| MajorScore {
                tally: Tally::default(),
                middles: m
                    .middles
                    .iter()
                    .map(|m| MiddleScore {
                        tally: Tally::default(),
                        minors: m
                            .minors
                            .iter()
                            .map(|m| MinorScore {
                                tally: Tally::default(),
                                goals: vec![Tally::default(); m.goals.len()],
                            })
                            .collect(),
                    })
                    .collect(),
            })
            .collect(),
        ..SheetScore::default()
    };
    for (p, _) in catalog.items() {
        let (state, draft) = counted(catalog, sheet, p);
        out.unconfirmed += u32::from(draft);
        out.drafts.push(draft);
        out.items.push(state);
        out.overall.add(state);
        let major = &mut out.majors[p.major];
        major.tally.add(state);
        let middle = &mut major.middles[p.middle];
        middle.tally.add(state);
        let minor = &mut middle.minors[p.minor];
        minor.tally.add(state);
        minor.goals[p.goal].add(state);
    }
    out
}

/// Which priority years count for warnings.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum YearFilter {
    /// Every year in the catalog: the policy keeps earlier years' items at the 3-point target.
    #[default]
    All,
    Only(Vec<i32>),
}

impl YearFilter {
    fn admits(&self, years: &[i32]) -> bool {
        match self {
            YearFilter::All => !years.is_empty(),
            YearFilter::Only(only) => years.iter().any(|y| only.contains(y)),
        }
    }
}

/// A priority item (重要点検項目) that is not at the 3-point target.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    pub id: String,
    /// Position in catalog order.
    pub(crate) position: usize,
    /// The fiscal years that designate the item (Western).
    pub years: Vec<i32>,
    /// `None` when unanswered, else 1 or 2.
    pub score: Option<Score>,
}

/// Applicable priority items of the selected years that are unanswered or answered 1 or 2,
/// in catalog order. An item answered 0 (該当しない) or excluded by the profile is not a
/// warning: the target applies to the items that apply.
pub fn warnings(catalog: &Catalog, sheet: &Sheet, filter: &YearFilter) -> Vec<Warning> {
    (0..catalog.item_count())
        .filter_map(|position| warning_at(catalog, sheet, position, filter))
        .collect()
}

/// [`warnings`] from the items' states already made ([`item_states`]).
pub(crate) fn warnings_in(
    catalog: &Catalog,
    states: &[ItemState],
    filter: &YearFilter,
) -> Vec<Warning> {
    (0..catalog.item_count())
        .filter_map(|position| warning_by(catalog, position, filter, |_| states[position]))
        .collect()
}

/// The warning of the item at `position` (in catalog order), if it is one ([`warnings`]).
pub(crate) fn warning_at(
    catalog: &Catalog,
    sheet: &Sheet,
    position: usize,
    filter: &YearFilter,
) -> Option<Warning> {
    warning_by(catalog, position, filter, |p| item_state(catalog, sheet, p))
}

/// The warning of the item at `position` given its state, asked only for a priority item
/// the filter admits.
fn warning_by(
    catalog: &Catalog,
    position: usize,
    filter: &YearFilter,
    state: impl FnOnce(ItemPath) -> ItemState,
) -> Option<Warning> {
    let p = catalog.path_at(position);
    let item = catalog.item_at(p);
    let years = catalog.priority_years_at(position);
    if !filter.admits(years) {
        return None;
    }
    let score = match state(p) {
        ItemState::Excluded | ItemState::Answered(Score::NotApplicable) => return None,
        ItemState::Answered(Score::Operating) => return None,
        ItemState::Answered(s) => Some(s),
        ItemState::Unanswered => None,
    };
    Some(Warning {
        id: item.id.clone(),
        position,
        years: years.to_vec(),
        score,
    })
}

/// Applicable items answered 1 (整備していない), priority or not, in catalog order.
pub fn items_at_one(catalog: &Catalog, sheet: &Sheet) -> Vec<String> {
    catalog
        .items()
        .filter(|(p, _)| item_state(catalog, sheet, *p) == ItemState::Answered(Score::NotInPlace))
        .map(|(_, item)| item.id.clone())
        .collect()
}

/// An average for display: three decimals rounded half up (四捨五入), or 「-」 when nothing
/// was scored.
pub fn format_average<F: Into<crate::figure::Figure>>(avg: Option<F>) -> String {
    crate::figure::average(avg)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Edition;
    use crate::sheet::CatalogRef;

    /// The answers found once by position give every item the state, and the sheet the
    /// warnings, that looking each item up by id gives: every score, an unconfirmed draft,
    /// items the profile excludes, and an answer to an id the catalog does not have.
    #[test]
    fn answers_by_position_give_the_states_and_warnings_of_looking_up_by_id() {
        for edition in [Edition::Municipal, Edition::National] {
            let catalog = Catalog::builtin(edition);
            for room in [true, false] {
                let at = time::OffsetDateTime::UNIX_EPOCH;
                let id = CatalogRef {
                    id: catalog.id.clone(),
                    revision: catalog.revision.clone(),
                };
                let mut sheet = Sheet::new(id, "町", crate::fiscal::FiscalYear(2026), at);
                sheet.profile.insert("important_room".into(), room);
                for (k, (_, item)) in catalog.items().enumerate().filter(|(k, _)| k % 7 != 3) {
                    let mut a = Answer::new(Score::from_u8((k % 4) as u8).unwrap());
                    a.unconfirmed = k % 11 == 5;
                    sheet.answers.insert(item.id.clone(), a);
                }
                sheet
                    .answers
                    .insert("99-99".into(), Answer::new(Score::NotInPlace));
                let by_position = answers_by_position(catalog, &sheet);
                let states = item_states(catalog, &sheet, &by_position);
                let looked_up: Vec<ItemState> = catalog
                    .items()
                    .map(|(p, _)| item_state(catalog, &sheet, p))
                    .collect();
                assert_eq!(states, looked_up);
                assert_eq!(states, score_sheet(catalog, &sheet).items);
                assert!(states.contains(&ItemState::Excluded));
                assert!(states.contains(&ItemState::Unanswered));
                assert_eq!(
                    warnings_in(catalog, &states, &YearFilter::All),
                    warnings(catalog, &sheet, &YearFilter::All)
                );
                if !catalog.priority.is_empty() {
                    assert!(!warnings(catalog, &sheet, &YearFilter::All).is_empty());
                }
            }
        }
    }
}
