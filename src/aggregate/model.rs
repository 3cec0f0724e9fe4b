//! The counts of the national table (集計表): many organisations' sheets summed per item, as
//! the ministry's report prints it. Pure: each sheet is reduced to its [`Contribution`] when
//! it is read (nothing holds the sheets), the contributions chosen are counted, counts and
//! follow-ups come out. Reading files is the command's job; which files count is
//! `collection.rs`'s.
//!
//! Per item: organisations answering 1–3, their average, the shares answering 3 / 2 / 1 (of
//! those answering 1–3), organisations answering 0 (該当しない), organisations whose profile
//! excludes the item (対象外) and organisations that left the item unanswered. Per 管理目標,
//! 大分類 and overall, the 総平均点 is the mean of the item averages, as the report computes it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::packed::Packed;
use crate::catalog::Catalog;
use crate::figure::{Figure, Ratio};
use crate::score::{ItemState, YearFilter, answers_by_position, item_states, warnings_in};
use crate::seal::SealState;
use crate::sheet::{Answer, Score, Sheet};

/// Counts for one item over all organisations.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemCounts {
    /// Organisations answering 0, 1, 2, 3 (index = score). Organisations whose profile
    /// excludes the item are not among those answering 0: they are counted in `excluded`.
    pub by_score: [u64; 4],
    pub unanswered: u64,
    /// Organisations whose profile excludes the item (対象外).
    #[serde(default)]
    pub excluded: u64,
}

impl ItemCounts {
    /// Organisations answering 1–3.
    pub(crate) fn answered(&self) -> u64 {
        self.by_score[1] + self.by_score[2] + self.by_score[3]
    }

    pub fn not_applicable(&self) -> u64 {
        self.by_score[0]
    }

    pub fn average(&self) -> Option<f64> {
        let n = self.answered();
        (n > 0).then(|| {
            (3 * self.by_score[3] + 2 * self.by_score[2] + self.by_score[1]) as f64 / n as f64
        })
    }

    /// Percent answering `score` (1–3) of those answering 1–3.
    pub fn share(&self, score: usize) -> Option<f64> {
        let n = self.answered();
        (n > 0).then(|| 100.0 * self.by_score[score] as f64 / n as f64)
    }

    /// [`ItemCounts::average`], exact, for printing.
    pub(crate) fn exact_average(&self) -> Option<Ratio> {
        Ratio::of_counts(
            3 * self.by_score[3] + 2 * self.by_score[2] + self.by_score[1],
            self.answered(),
        )
    }

    /// [`ItemCounts::share`], exact, for printing.
    pub(crate) fn exact_share(&self, score: usize) -> Option<Ratio> {
        Ratio::of_counts(100 * self.by_score[score], self.answered())
    }
}

/// An organisation to follow up: priority items below 3 or unanswered.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUp {
    /// Where the sheet came from (file path), for the reader to find it.
    pub(crate) source: String,
    pub organization: String,
    /// (item id, score: None when unanswered).
    pub items: Vec<(String, Option<u8>)>,
    /// Items among those answered 1 or 2 without an improvement plan (改善計画).
    pub missing_plans: Vec<String>,
}

/// What one sheet adds to the table, computed once when its file is read so that the sheet
/// itself need not be kept: each item's state, the follow-up, the plans, the seal.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Contribution {
    /// Per item, in the order of the sheet's own catalog.
    states: PackedStates,
    /// The priority items to follow up, in catalog order (empty: none); made a [`FollowUp`]
    /// when the sheet is counted, its source and organisation then its 受付一覧 line's (every
    /// contribution is held until the table is made).
    follow_up: Box<[Warned]>,
    /// Every improvement plan, and every confirmed answer 1 or 2 without one.
    pub(crate) plans: Box<[PlanLine]>,
    /// `None`: unsealed, as most are (boxed: the state is four words).
    pub(crate) seal: Option<Box<SealState>>,
    pub(crate) fiscal_year: i32,
}

/// A sheet's priority items to follow up, as its contribution kept them.
#[derive(Debug)]
pub(crate) struct ToFollowUp(Box<[Warned]>);

/// A priority item below 3 or unanswered, as a contribution keeps it.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Warned {
    /// In the sheet's catalog (the table's, when the sheet counts).
    position: u16,
    /// `None`: unanswered.
    score: Option<u8>,
    /// Answered 1 or 2 without an improvement plan (改善計画).
    missing_plan: bool,
}

/// Every item's state in four bits, two to a byte (20,000 sheets' states are all held until
/// the table is made): 0 excluded by the profile, 1 unanswered, 2 + the score.
#[derive(Clone, Debug, PartialEq)]
struct PackedStates(Box<[u8]>);

impl PackedStates {
    fn of(states: &[ItemState]) -> PackedStates {
        let code = |s: &ItemState| match s {
            ItemState::Excluded => 0,
            ItemState::Unanswered => 1,
            ItemState::Answered(score) => 2 + score.value(),
        };
        PackedStates(
            states
                .chunks(2)
                .map(|pair| code(&pair[0]) | pair.get(1).map_or(0, |s| code(s) << 4))
                .collect(),
        )
    }

    /// The codes of the first `n` items.
    fn codes(&self, n: usize) -> impl Iterator<Item = u8> + '_ {
        self.0.iter().flat_map(|b| [b & 0xF, b >> 4]).take(n)
    }
}

/// One line of the cross-organisation 改善計画一覧: an item answered 1 or 2, or any item with
/// a plan. The organisation is the submission's. Compact (24 bytes, the plan's three words
/// in one allocation and only when written): 20,000 sheets give some 50,000 lines, all held
/// until the table is written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct PlanLine {
    /// The item's position in the table's catalog (the sheet's own, which is the table's
    /// when the sheet counts).
    position: u16,
    pub(crate) score: Score,
    /// Last year's plan carried by `new --from` and not reviewed.
    pub(crate) carried: bool,
    /// The due date, when it reads as one (`crate::date`); overdue is judged where today is
    /// known.
    pub(crate) due_date: Option<time::Date>,
    /// The plan's action, owner and due as written, in one allocation; `None` when all three
    /// are empty.
    words: Option<Packed>,
}

impl PlanLine {
    /// Appends the line to `out` (`spill.rs` keeps the lines out of memory): its position,
    /// score, carried mark, due date and, when written, its three words, each after its
    /// length.
    pub(crate) fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.position.to_le_bytes());
        out.push(self.score.value());
        out.push(u8::from(self.carried) | if self.words.is_some() { 2 } else { 0 });
        let due = self.due_date.map_or(i32::MIN, time::Date::to_julian_day);
        out.extend_from_slice(&due.to_le_bytes());
        if let Some(w) = &self.words {
            for k in 0..3 {
                let word = w.get(k).as_bytes();
                out.extend_from_slice(&u32::try_from(word.len()).unwrap_or(0).to_le_bytes());
                out.extend_from_slice(word);
            }
        }
    }

    /// The line [`PlanLine::encode`] wrote at the start of `bytes`, which then begin after
    /// it; `None` when they do not hold a whole one.
    pub(crate) fn decode(bytes: &mut &[u8]) -> Option<PlanLine> {
        fn take<'b>(bytes: &mut &'b [u8], n: usize) -> Option<&'b [u8]> {
            let (head, rest) = bytes.split_at_checked(n)?;
            *bytes = rest;
            Some(head)
        }
        let position = u16::from_le_bytes(take(bytes, 2)?.try_into().ok()?);
        let score = Score::from_u8(take(bytes, 1)?[0])?;
        let flags = take(bytes, 1)?[0];
        let due = i32::from_le_bytes(take(bytes, 4)?.try_into().ok()?);
        let words = if flags & 2 != 0 {
            let mut word = || -> Option<&str> {
                let len = u32::from_le_bytes(take(bytes, 4)?.try_into().ok()?);
                std::str::from_utf8(take(bytes, usize::try_from(len).ok()?)?).ok()
            };
            let (action, owner, due) = (word()?, word()?, word()?);
            Some(Packed::new(&[action, owner, due]))
        } else {
            None
        };
        Some(PlanLine {
            position,
            score,
            carried: flags & 1 != 0,
            due_date: (due != i32::MIN)
                .then(|| time::Date::from_julian_day(due).ok())
                .flatten(),
            words,
        })
    }

    /// A line as a sheet would give it, for tests elsewhere in the crate.
    #[cfg(test)]
    pub(crate) fn for_test(
        position: u16,
        score: Score,
        carried: bool,
        action: &str,
        owner: &str,
        due: &str,
    ) -> PlanLine {
        PlanLine {
            position,
            score,
            carried,
            due_date: crate::date::parse_date(due),
            words: Some(Packed::new(&[action, owner, due])),
        }
    }

    /// The item, in the table's catalog.
    pub(crate) fn item<'c>(&self, catalog: &'c Catalog) -> &'c crate::catalog::Item {
        catalog.item_at(catalog.path_at(usize::from(self.position)))
    }

    /// The plan's action; empty when no plan was written.
    pub(crate) fn action(&self) -> &str {
        self.words.as_ref().map_or("", |w| w.get(0))
    }

    pub(crate) fn owner(&self) -> &str {
        self.words.as_ref().map_or("", |w| w.get(1))
    }

    pub(crate) fn due(&self) -> &str {
        self.words.as_ref().map_or("", |w| w.get(2))
    }
}

impl Contribution {
    /// Whether the sheet has priority items to follow up.
    pub(crate) fn has_follow_up(&self) -> bool {
        !self.follow_up.is_empty()
    }

    /// The priority items to follow up, taken out (made a [`FollowUp`] by
    /// [`Aggregate::follow_up`]).
    pub(crate) fn take_follow_up(&mut self) -> ToFollowUp {
        ToFollowUp(std::mem::take(&mut self.follow_up))
    }

    /// What `sheet` (of `catalog`) adds.
    pub(crate) fn of(catalog: &Catalog, sheet: &Sheet) -> Contribution {
        Contribution::of_answers(catalog, sheet, &answers_by_position(catalog, sheet))
    }

    /// [`Contribution::of`], the sheet's answers already found by catalog position
    /// (`crate::score::answers_by_position`): one pass over them serves every purpose.
    pub(crate) fn of_answers(
        catalog: &Catalog,
        sheet: &Sheet,
        at: &[Option<&Answer>],
    ) -> Contribution {
        let states = item_states(catalog, sheet, at);
        let warned = warnings_in(catalog, &states, &YearFilter::All);
        let follow_up = warned
            .iter()
            .map(|w| Warned {
                position: u16::try_from(w.position).unwrap_or(u16::MAX),
                score: w.score.map(Score::value),
                missing_plan: w.score.is_some()
                    && at[w.position]
                        .and_then(|a| a.plan.as_ref())
                        .is_none_or(|p| p.action.trim().is_empty()),
            })
            .collect();
        let plans = at
            .iter()
            .enumerate()
            .filter_map(|(position, a)| {
                let a = a.filter(|a| !a.unconfirmed)?;
                let below = matches!(a.score, Score::NotInPlace | Score::Documented);
                let plan = a.plan.as_ref();
                let listed = below || plan.is_some_and(|p| !p.is_empty());
                listed.then(|| PlanLine {
                    position: u16::try_from(position).unwrap_or(u16::MAX),
                    score: a.score,
                    carried: plan.is_some_and(|p| p.carried),
                    due_date: crate::date::parse_date(plan.map_or("", |p| p.due.trim())),
                    words: plan
                        .filter(|p| {
                            !(p.action.is_empty() && p.owner.is_empty() && p.due.is_empty())
                        })
                        .map(|p| Packed::new(&[&p.action, &p.owner, &p.due])),
                })
            })
            .collect::<Vec<_>>()
            .into_boxed_slice();
        Contribution {
            states: PackedStates::of(&states),
            follow_up,
            plans,
            seal: match crate::seal::state(sheet) {
                SealState::Unsealed => None,
                sealed => Some(Box::new(sealed)),
            },
            fiscal_year: sheet.fiscal_year,
        }
    }
}

/// A running aggregate over sheets of one catalog.
#[derive(Clone, Debug, PartialEq)]
pub struct Aggregate {
    pub(crate) catalog_id: String,
    /// 集計団体数: sheets added.
    pub organizations: u64,
    /// Per item, in catalog order.
    pub items: Vec<ItemCounts>,
    pub follow_ups: Vec<FollowUp>,
    /// Sheets per fiscal year (Western): a table normally covers one year.
    pub(crate) fiscal_years: BTreeMap<i32, u64>,
    /// The signed sheets, by source: whether each still matches its sign-off (issue 19).
    pub(crate) seals: BTreeMap<String, SealState>,
}

/// Why a sheet could not be added: it answers another catalog than the table's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CatalogMismatch {
    pub(crate) expected: String,
    pub(crate) found: String,
}

impl Aggregate {
    pub fn new(catalog: &Catalog) -> Aggregate {
        Aggregate {
            catalog_id: catalog.id.clone(),
            organizations: 0,
            items: vec![ItemCounts::default(); catalog.item_count()],
            follow_ups: Vec::new(),
            fiscal_years: BTreeMap::new(),
            seals: BTreeMap::new(),
        }
    }

    /// Adds one organisation's sheet. `source` names it in the follow-up list.
    pub fn add(
        &mut self,
        catalog: &Catalog,
        sheet: &Sheet,
        source: &str,
    ) -> Result<(), CatalogMismatch> {
        if sheet.catalog.id != self.catalog_id {
            return Err(CatalogMismatch {
                expected: self.catalog_id.clone(),
                found: sheet.catalog.id.clone(),
            });
        }
        let mut c = Contribution::of(catalog, sheet);
        self.take_in(catalog, &mut c, source, &sheet.organization);
        Ok(())
    }

    /// Counts one sheet's contribution (of this aggregate's catalog) and keeps what the
    /// national table lists of it: its seal and its follow-up. `source` names the sheet,
    /// `organization` is its 団体名.
    pub(crate) fn take_in(
        &mut self,
        catalog: &Catalog,
        c: &mut Contribution,
        source: &str,
        organization: &str,
    ) {
        self.count_and_seal(c, source);
        let later = c.take_follow_up();
        self.follow_up(catalog, &later, source, organization);
    }

    /// [`Aggregate::count`], and the sheet's seal kept under `source`: what the national
    /// table takes of a sheet apart from its follow-up ([`Aggregate::follow_up`]).
    pub(crate) fn count_and_seal(&mut self, c: &Contribution, source: &str) {
        self.count(c);
        if let Some(seal) = &c.seal {
            self.seals
                .insert(source.to_string(), SealState::clone(seal));
        }
    }

    /// Lists the sheet `source` of `organization` to follow up, if `warned` has items.
    pub(crate) fn follow_up(
        &mut self,
        catalog: &Catalog,
        warned: &ToFollowUp,
        source: &str,
        organization: &str,
    ) {
        if warned.0.is_empty() {
            return;
        }
        let id = |w: &Warned| {
            let position = usize::from(w.position);
            catalog.item_at(catalog.path_at(position)).id.clone()
        };
        self.follow_ups.push(FollowUp {
            source: source.to_string(),
            organization: organization.to_string(),
            items: warned.0.iter().map(|w| (id(w), w.score)).collect(),
            missing_plans: warned.0.iter().filter(|w| w.missing_plan).map(id).collect(),
        });
    }

    /// Counts one sheet's answers (of this aggregate's catalog), as a subtotal does: the
    /// follow-ups and seals are the national table's alone (20,000 sheets' follow-ups were
    /// held three times, once per table that counted them).
    pub(crate) fn count(&mut self, c: &Contribution) {
        let n = self.items.len();
        debug_assert_eq!(c.states.0.len(), n.div_ceil(2));
        self.organizations += 1;
        *self.fiscal_years.entry(c.fiscal_year).or_default() += 1;
        for (counts, code) in self.items.iter_mut().zip(c.states.codes(n)) {
            match code {
                0 => counts.excluded += 1,
                1 => counts.unanswered += 1,
                answered => counts.by_score[usize::from(answered - 2)] += 1,
            }
        }
    }

    /// Sorts the follow-up list by source so output does not depend on reading order.
    pub fn finish(&mut self) {
        self.follow_ups.sort_by(|a, b| a.source.cmp(&b.source));
    }

    /// Mean of the item averages over the items at `positions` that have one, exact (the
    /// item averages are fractions of counts) so that it prints rounded half up.
    pub(crate) fn mean_of_averages(
        &self,
        positions: impl IntoIterator<Item = usize>,
    ) -> Option<Figure> {
        Figure::mean(
            positions
                .into_iter()
                .filter_map(|i| self.items[i].exact_average())
                .map(Figure::from),
        )
    }

    /// 総平均点 per 管理目標 (by goal number), per 大分類 (by its number) and overall.
    pub(crate) fn section_means(&self, catalog: &Catalog) -> SectionMeans {
        let mut goals: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
        let mut majors: Vec<(String, Vec<usize>)> = catalog
            .majors
            .iter()
            .map(|m| (m.no.clone(), Vec::new()))
            .collect();
        for (i, (p, _)) in catalog.items().enumerate() {
            goals.entry(catalog.goal_at(p).no).or_default().push(i);
            majors[p.major].1.push(i);
        }
        SectionMeans {
            goals: goals
                .into_iter()
                .map(|(no, ix)| (no, self.mean_of_averages(ix)))
                .collect(),
            majors: majors
                .into_iter()
                .map(|(no, ix)| (no, self.mean_of_averages(ix)))
                .collect(),
            overall: self.mean_of_averages(0..self.items.len()),
        }
    }
}

/// The 総平均点 of each level.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct SectionMeans {
    pub(crate) goals: Vec<(u32, Option<Figure>)>,
    pub(crate) majors: Vec<(String, Option<Figure>)>,
    pub(crate) overall: Option<Figure>,
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::PlanLine;
    use crate::sheet::Score;

    proptest! {
        /// A plan line comes back from its bytes as it was, whatever its words and date, and
        /// the bytes after it are left for the next.
        #[test]
        fn a_plan_line_comes_back_from_its_bytes(
            position in any::<u16>(),
            score in 0u8..4,
            carried in any::<bool>(),
            words in prop::option::of((".{0,30}", ".{0,10}", prop_oneof![Just("2027-03-31".to_string()), Just("令和9年3月末".to_string()), ".{0,8}"])),
        ) {
            let score = Score::from_u8(score).unwrap();
            let line = match &words {
                Some((a, o, d)) => PlanLine::for_test(position, score, carried, a, o, d),
                None => PlanLine { position, score, carried, due_date: None, words: None },
            };
            let mut bytes = Vec::new();
            line.encode(&mut bytes);
            bytes.extend_from_slice(b"next");
            let mut rest = bytes.as_slice();
            prop_assert_eq!(PlanLine::decode(&mut rest), Some(line));
            prop_assert_eq!(rest, b"next");
        }
    }

    /// Bytes cut short are no line.
    #[test]
    fn a_line_cut_short_is_none() {
        let line = PlanLine::for_test(7, Score::NotInPlace, false, "対策", "課", "2027-03-31");
        let mut bytes = Vec::new();
        line.encode(&mut bytes);
        for cut in 0..bytes.len() {
            let mut rest = &bytes[..cut];
            assert_eq!(PlanLine::decode(&mut rest), None, "cut at {cut}");
        }
    }
}
