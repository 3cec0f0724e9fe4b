//! What was decided, counted (`Decided::tally`): the counts of the sheets that count, and
//! the [`Accounting`] every format prints beside them — the files as decided (the 受付一覧's
//! entries), the roster (名簿) matched against the organisations counted (by
//! `Identity::may_be`): who has not handed in, who is not on it; the 都道府県別 subtotals, the
//! organisations with more than one sheet and the 改善計画一覧's lines, kept where
//! [`super::spill`] put them. Pure.

use std::collections::BTreeMap;

use super::Aggregate;
use super::collection::{Decided, Entry, Organization, Status, Sub};
use super::model::PlanLine;
use super::packed::Named;
use super::spill::{PlanSpill, Spilled};
use crate::catalog::Catalog;
use crate::organization::{Identity, PREFECTURES};

/// An organisation that sent more than one sheet for the table's year.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Duplicate {
    pub(crate) organization: String,
    pub(crate) fiscal_year: i32,
    pub(crate) files: Vec<String>,
}

/// What the roster says of the collection.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct RosterCheck {
    /// Roster entries with no counted sheet, in roster order, with the file of theirs that
    /// was not counted, if any (its entry index).
    pub(crate) missing: Vec<(Organization, Option<usize>)>,
    /// Counted entries (indices) that the roster does not list.
    pub(crate) not_on_roster: Vec<usize>,
    /// Entries (indices) matched by 団体コード to a roster line of another 団体名 (neither
    /// contains the other: 石巻市's code on 仙台市's sheet), with the roster's name.
    pub(crate) named_otherwise: Vec<(usize, String)>,
}

/// One prefecture's subtotal (都道府県別).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Subtotal {
    /// Empty: organisations whose prefecture neither the sheet nor the roster gives.
    pub(crate) prefecture: String,
    /// On the roster with this prefecture.
    pub(crate) expected: u64,
    /// Of those, not counted.
    pub(crate) missing: u64,
    pub(crate) agg: Aggregate,
}

/// The accounting that every format prints beside the table.
#[derive(Debug, Default)]
pub(crate) struct Accounting {
    pub(crate) fiscal_year: Option<i32>,
    pub(crate) entries: Vec<Entry>,
    pub(crate) roster: Option<RosterCheck>,
    /// Empty when no sheet and no roster names a prefecture.
    pub(crate) prefectures: Vec<Subtotal>,
    /// The 改善計画一覧 ([`Accounting::plans`]): each counted entry's lines as its
    /// contribution gave them, moved (not copied into one list: 50,000 lines were a list of
    /// a megabyte and a half made while their owners were still held).
    pub(super) plans_by_entry: Vec<(usize, Spilled)>,
    /// Where those lines are kept.
    pub(super) plan_spill: PlanSpill,
    /// Per entry: its prefecture, from the sheet or else from the roster, as a place in
    /// `prefectures_named` (20,000 copies of 47 names were a megabyte).
    pub(super) prefecture_at: Vec<u32>,
    /// The prefectures named; the first is none (empty).
    pub(super) prefectures_named: Vec<String>,
}

impl Accounting {
    /// The 改善計画一覧: (entry index, line), in file and catalog order, read back from where
    /// they were kept (a failure to read is [`Accounting::failure`]).
    pub(crate) fn plans(&self) -> impl Iterator<Item = (usize, PlanLine)> + '_ {
        self.plans_by_entry
            .iter()
            .flat_map(|&(i, at)| self.plan_spill.get(at).into_iter().map(move |p| (i, p)))
    }

    /// The number of lines of the 改善計画一覧.
    pub(crate) fn plan_count(&self) -> usize {
        self.plans_by_entry.iter().map(|(_, at)| at.count()).sum()
    }

    /// Why the table cannot be whole, if it cannot: plan lines that could not be read back.
    pub(crate) fn failure(&self, lang: crate::lang::Lang) -> Option<std::io::Error> {
        self.plan_spill.failure(lang)
    }

    /// How many of a 都道府県別 subtotal were expected and are missing — `count` of its
    /// organisations' [`Subtotal::expected`] and [`Subtotal::missing`] (or of several
    /// subtotals' sums) — known only with a roster: without one nobody said who was expected,
    /// and 0 would read as nobody missing.
    pub(crate) fn on_roster(&self, count: u64) -> Option<u64> {
        self.roster.is_some().then_some(count)
    }

    /// The prefecture of entry `i`: the sheet's, else the roster's; empty when neither says.
    pub(crate) fn prefecture_of(&self, i: usize) -> &str {
        let at = self.prefecture_at.get(i).copied().unwrap_or(0);
        self.prefectures_named
            .get(at as usize)
            .map_or("", String::as_str)
    }

    /// The files that could not be read: (file, why).
    pub(crate) fn unreadable(&self) -> impl Iterator<Item = (&str, &str)> {
        self.entries.iter().filter_map(|e| match &e.status {
            Status::Unreadable(why) => Some((e.file(), why.as_str())),
            _ => None,
        })
    }

    /// Organisations with more than one sheet of the table's year and edition.
    pub(crate) fn duplicates(&self) -> Vec<Duplicate> {
        let mut by_chosen: BTreeMap<&str, Vec<&Entry>> = BTreeMap::new();
        for e in &self.entries {
            if let Status::Superseded { by } = &e.status {
                by_chosen.entry(by.as_str()).or_default().push(e);
            }
        }
        by_chosen
            .into_iter()
            .filter_map(|(chosen, others)| {
                let first = self.entries.iter().find(|e| e.file() == chosen)?;
                let mut files: Vec<String> = others.iter().map(|e| e.file().to_string()).collect();
                files.push(chosen.to_string());
                files.sort();
                Some(Duplicate {
                    organization: first.name().to_string(),
                    fiscal_year: first.fiscal_year.or(self.fiscal_year).unwrap_or(0),
                    files,
                })
            })
            .collect()
    }
}

impl Decided {
    /// Counts what counts into `catalog`'s table, matches the roster and makes the subtotals.
    pub(crate) fn tally(
        self,
        catalog: &Catalog,
        lines: Option<&[Organization]>,
    ) -> (Aggregate, Accounting) {
        let Decided {
            fiscal_year,
            mut entries,
            counted,
            spill,
            ..
        } = self;
        // The sheet's prefecture, else the one its name or code gives.
        let mut named = Named::default();
        let mut prefecture_at: Vec<u32> = entries
            .iter()
            .map(|e| {
                named.place(if e.prefecture().is_empty() {
                    e.key.prefecture
                } else {
                    e.prefecture()
                })
            })
            .collect();
        let roster = lines.map(|r| {
            let mut check = RosterCheck::default();
            let mut matched = vec![false; entries.len()];
            // The submissions by code and by name, so that each roster line looks at its few
            // candidates only (1,824 lines × 1,824 files compared pairwise took seconds).
            let mut by_key: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
            for (i, e) in entries
                .iter()
                .enumerate()
                .filter(|(_, e)| e.read_as.is_some())
            {
                by_key.entry(e.key.compared()).or_default().push(i);
                if !e.key.code.is_empty() {
                    by_key.entry(e.key.code.as_str()).or_default().push(i);
                }
            }
            // Files that could not be read say who they are by their name alone (「角田市.ron」,
            // 「042081_提出.ron」): as compared, for a missing organisation to find what it sent.
            let unreadable: Vec<(usize, String)> = entries
                .iter()
                .enumerate()
                .filter(|(_, e)| matches!(e.status, Status::Unreadable(_)))
                .map(|(i, e)| {
                    let name = std::path::Path::new(e.file())
                        .file_stem()
                        .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
                    (i, Identity::of(&name, "", "").compared().to_string())
                })
                .collect();
            for line in r {
                let who = line.identity();
                let mut theirs: Vec<usize> = [who.compared(), who.code.as_str()]
                    .iter()
                    .filter(|k| !k.is_empty())
                    .flat_map(|k| by_key.get(k).into_iter().flatten().copied())
                    .filter(|i| who.may_be(&entries[*i].key))
                    .collect();
                if theirs.is_empty() {
                    theirs.extend(
                        unreadable
                            .iter()
                            .filter(|(_, name)| {
                                [who.compared(), who.code.as_str()]
                                    .iter()
                                    .any(|k| k.chars().count() > 1 && name.contains(k))
                            })
                            .map(|(i, _)| *i)
                            .take(1),
                    );
                }
                theirs.sort_unstable();
                theirs.dedup();
                let counted_one = theirs
                    .iter()
                    .copied()
                    .find(|i| entries[*i].status == Status::Counted);
                for &i in &theirs {
                    matched[i] = true;
                    let key = &entries[i].key;
                    if !who.code.is_empty() && key.code == who.code && who.named_otherwise(key) {
                        check.named_otherwise.push((i, line.name.clone()));
                    }
                    if prefecture_at[i] == 0 {
                        prefecture_at[i] = named.place(&line.prefecture);
                    }
                }
                if counted_one.is_none() {
                    check.missing.push((line.clone(), theirs.last().copied()));
                }
            }
            check.not_on_roster = counted
                .iter()
                .enumerate()
                .filter(|(i, c)| c.is_some() && !matched[*i])
                .map(|(i, _)| i)
                .collect();
            check
        });
        for (i, name) in roster.iter().flat_map(|r| &r.named_otherwise) {
            entries[*i].set_roster_name(name.clone());
        }
        let mut total = Aggregate::new(catalog);
        let mut by_prefecture: BTreeMap<String, Subtotal> = BTreeMap::new();
        let any_prefecture = named.names.len() > 1
            || lines.is_some_and(|r| r.iter().any(|l| !l.prefecture.is_empty()));
        if any_prefecture {
            for line in lines.unwrap_or_default() {
                subtotal(&mut by_prefecture, &line.prefecture, catalog).expected += 1;
            }
            for (line, _) in roster.iter().flat_map(|c| &c.missing) {
                subtotal(&mut by_prefecture, &line.prefecture, catalog).missing += 1;
            }
        }
        // Sized at once: grown by doubling, a list was up to twice its size while it moved.
        let how_many = |has: fn(&Sub) -> bool| counted.iter().flatten().filter(|s| has(s)).count();
        let mut plans_by_entry = Vec::with_capacity(how_many(|s| s.plans.count() > 0));
        let mut to_follow_up = Vec::with_capacity(how_many(|s| s.contribution.has_follow_up()));
        // Each contribution is let go once counted; the follow-ups are made once all are (the
        // list of them was the peak of the run while the contributions were still held).
        for (i, c) in counted.into_iter().enumerate() {
            let Some(Sub {
                contribution: mut c,
                plans: at,
                ..
            }) = c
            else {
                continue;
            };
            total.count_and_seal(&c, entries[i].file());
            if c.has_follow_up() {
                to_follow_up.push((i, c.take_follow_up()));
            }
            if any_prefecture {
                let prefecture = &named.names[prefecture_at[i] as usize];
                subtotal(&mut by_prefecture, prefecture, catalog)
                    .agg
                    .count(&c);
            }
            if at.count() > 0 {
                plans_by_entry.push((i, at));
            }
        }
        total.follow_ups.reserve_exact(to_follow_up.len());
        for (i, warned) in to_follow_up {
            total.follow_up(catalog, &warned, entries[i].file(), entries[i].name());
        }
        total.finish();
        let mut prefectures: Vec<Subtotal> = by_prefecture.into_values().collect();
        prefectures.sort_by_key(|s| prefecture_order(&s.prefecture));
        (
            total,
            Accounting {
                fiscal_year,
                entries,
                roster,
                prefectures,
                plans_by_entry,
                plan_spill: spill,
                prefecture_at,
                prefectures_named: named.names,
            },
        )
    }
}

fn subtotal<'m>(
    map: &'m mut BTreeMap<String, Subtotal>,
    prefecture: &str,
    catalog: &Catalog,
) -> &'m mut Subtotal {
    map.entry(prefecture.to_string())
        .or_insert_with(|| Subtotal {
            prefecture: prefecture.to_string(),
            expected: 0,
            missing: 0,
            agg: Aggregate::new(catalog),
        })
}

/// Prefectures in code order, names not among the 47 after them, none last.
fn prefecture_order(name: &str) -> (usize, String) {
    if name.is_empty() {
        return (PREFECTURES.len() + 1, String::new());
    }
    let known = crate::organization::prefecture(name);
    let at = PREFECTURES
        .iter()
        .position(|p| Some(*p) == known)
        .unwrap_or(PREFECTURES.len());
    (at, name.to_string())
}
