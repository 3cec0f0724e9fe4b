//! The counts of the national table (集計表): many organisations' sheets summed per item, as
//! the ministry's report prints it. Pure: sheets go in one at a time (nothing holds them all), counts and
//! follow-ups come out. Reading files is the command's job.
//!
//! Per item: organisations answering 1–3, their average, the shares answering 3 / 2 / 1 (of
//! those answering 1–3), organisations answering 0 (該当しない), organisations whose profile
//! excludes the item (対象外) and organisations that left the item unanswered. Per 管理目標,
//! 大分類 and overall, the 総平均点 is the mean of the item averages, as the report computes it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::catalog::Catalog;
use crate::figure::{Figure, Ratio};
use crate::score::{ItemState, YearFilter, score_sheet, warnings};
use crate::sheet::{Score, Sheet};

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

    fn merge(&mut self, other: &ItemCounts) {
        for (a, b) in self.by_score.iter_mut().zip(other.by_score) {
            *a += b;
        }
        self.unanswered += other.unanswered;
        self.excluded += other.excluded;
    }
}

/// An organisation to follow up: priority items below 3 or unanswered.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUp {
    /// Where the sheet came from (file path), for the reader to find it.
    pub source: String,
    pub organization: String,
    /// (item id, score: None when unanswered).
    pub items: Vec<(String, Option<u8>)>,
    /// Items among those answered 1 or 2 without an improvement plan (改善計画).
    pub missing_plans: Vec<String>,
}

/// A running aggregate over sheets of one catalog.
#[derive(Clone, Debug, PartialEq)]
pub struct Aggregate {
    pub catalog_id: String,
    /// 集計団体数: sheets added.
    pub organizations: u64,
    /// Per item, in catalog order.
    pub items: Vec<ItemCounts>,
    pub follow_ups: Vec<FollowUp>,
    /// Sheets per fiscal year (Western): a table normally covers one year.
    pub fiscal_years: BTreeMap<i32, u64>,
    /// Where each (organisation, fiscal year) came from, to find one counted twice.
    pub sources: BTreeMap<(crate::organization::Identity, i32), Vec<String>>,
    /// The signed sheets, by source: whether each still matches its sign-off (issue 19).
    pub seals: BTreeMap<String, crate::seal::SealState>,
}

/// An organisation that appears in more than one sheet for the same year.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Duplicate {
    pub(crate) organization: String,
    pub(crate) fiscal_year: i32,
    pub(crate) files: Vec<String>,
}

/// Why a sheet could not be added: it answers another catalog than the table's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CatalogMismatch {
    pub expected: String,
    pub found: String,
}

impl Aggregate {
    pub fn new(catalog: &Catalog) -> Aggregate {
        Aggregate {
            catalog_id: catalog.id.clone(),
            organizations: 0,
            items: vec![ItemCounts::default(); catalog.item_count()],
            follow_ups: Vec::new(),
            fiscal_years: BTreeMap::new(),
            sources: BTreeMap::new(),
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
        self.organizations += 1;
        let seal = crate::seal::state(sheet);
        if seal != crate::seal::SealState::Unsealed {
            self.seals.insert(source.to_string(), seal);
        }
        *self.fiscal_years.entry(sheet.fiscal_year).or_default() += 1;
        self.sources
            .entry((sheet.identity(), sheet.fiscal_year))
            .or_default()
            .push(source.to_string());
        let scored = score_sheet(catalog, sheet);
        for (counts, state) in self.items.iter_mut().zip(&scored.items) {
            match state {
                ItemState::Excluded => counts.excluded += 1,
                ItemState::Unanswered => counts.unanswered += 1,
                ItemState::Answered(s) => counts.by_score[usize::from(s.value())] += 1,
            }
        }
        let warned = warnings(catalog, sheet, &YearFilter::All);
        if !warned.is_empty() {
            let missing_plans = warned
                .iter()
                .filter(|w| w.score.is_some())
                .filter(|w| {
                    sheet.answers[&w.id]
                        .plan
                        .as_ref()
                        .is_none_or(|p| p.action.trim().is_empty())
                })
                .map(|w| w.id.clone())
                .collect();
            self.follow_ups.push(FollowUp {
                source: source.to_string(),
                organization: sheet.organization.clone(),
                items: warned
                    .into_iter()
                    .map(|w| (w.id, w.score.map(Score::value)))
                    .collect(),
                missing_plans,
            });
        }
        Ok(())
    }

    /// Combines a partial aggregate (from another reader thread).
    pub(crate) fn merge(&mut self, other: Aggregate) {
        debug_assert_eq!(self.catalog_id, other.catalog_id);
        self.organizations += other.organizations;
        for (a, b) in self.items.iter_mut().zip(&other.items) {
            a.merge(b);
        }
        self.follow_ups.extend(other.follow_ups);
        for (year, n) in other.fiscal_years {
            *self.fiscal_years.entry(year).or_default() += n;
        }
        for (key, files) in other.sources {
            self.sources.entry(key).or_default().extend(files);
        }
        self.seals.extend(other.seals);
    }

    /// Organisations counted more than once for the same fiscal year.
    pub(crate) fn duplicates(&self) -> Vec<Duplicate> {
        self.sources
            .iter()
            .filter(|(_, files)| files.len() > 1)
            .map(|((organization, fiscal_year), files)| {
                let mut files = files.clone();
                files.sort();
                Duplicate {
                    organization: organization.to_string(),
                    fiscal_year: *fiscal_year,
                    files,
                }
            })
            .collect()
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
