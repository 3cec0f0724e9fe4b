//! The national table as every format prints it ([`NationalTable`]): the running aggregate
//! with its catalog, an earlier run's averages and the files skipped, and the cells that
//! text, Markdown, CSV and the workbook share.

use std::collections::BTreeMap;

use super::{Aggregate, FollowUp, ItemCounts};
use crate::catalog::Catalog;
use crate::figure::{self, Figure, Ratio};
use crate::lang::Lang;

/// Averages of an earlier run (`--previous-aggregate`), read from its JSON output.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct PreviousAggregate {
    pub(crate) label: String,
    pub(crate) overall: Option<f64>,
    pub(crate) items: BTreeMap<String, f64>,
}

/// Everything one rendering of the national table needs.
pub(crate) struct NationalTable<'a> {
    pub(crate) catalog: &'a Catalog,
    pub(crate) agg: &'a Aggregate,
    pub(crate) previous: Option<&'a PreviousAggregate>,
    /// Files that could not be used: (path, error).
    pub(crate) skipped: &'a [(String, String)],
}
/// id, average (3 decimals), shares answering 3 / 2 / 1 (1 decimal, `pct` appended),
/// answered, not applicable (answered 0), unanswered, excluded by the profile: the first columns of every rendering, rounded half up
/// from the exact counts. `none` stands where nothing was answered.
pub(super) fn count_cells(id: &str, c: &ItemCounts, none: &str, pct: &str) -> Vec<String> {
    let f3 = |v: Option<Ratio>| v.map_or_else(|| none.to_string(), |v| figure::average(Some(v)));
    let f1 = |v: Option<Ratio>| {
        v.map_or_else(
            || none.to_string(),
            |v| format!("{}{pct}", figure::share(Some(v))),
        )
    };
    vec![
        id.to_string(),
        f3(c.exact_average()),
        f1(c.exact_share(3)),
        f1(c.exact_share(2)),
        f1(c.exact_share(1)),
        c.answered().to_string(),
        c.not_applicable().to_string(),
        c.unanswered.to_string(),
        c.excluded.to_string(),
    ]
}

/// This year's exact average minus last year's (read back from JSON), rounded half up.
pub(super) fn change_cell(c: &ItemCounts, previous: Option<f64>, none: &str) -> String {
    previous.zip(c.exact_average()).map_or_else(
        || none.to_string(),
        |(p, a)| Figure::from(a).minus(p.into()).signed(3),
    )
}
/// A follow-up's items: 「1-1=2, 3-4=未回答」.
pub(super) fn follow_up_items(f: &FollowUp, lang: Lang) -> String {
    let items: Vec<String> = f
        .items
        .iter()
        .map(|(id, s)| match s {
            Some(s) => format!("{id}={s}"),
            None => format!("{id}={}", lang.pick("未回答", "unanswered")),
        })
        .collect();
    items.join(", ")
}

impl NationalTable<'_> {
    /// Fiscal years for which the catalog prints national reference averages.
    pub(super) fn reference_years(&self) -> Vec<i32> {
        let mut years: Vec<i32> = self
            .catalog
            .reference
            .iter()
            .flat_map(|r| r.items.values())
            .flat_map(|i| i.averages.keys().copied())
            .collect();
        years.sort_unstable();
        years.dedup();
        years
    }

    pub(super) fn previous_of(&self, id: &str) -> Option<f64> {
        self.previous.and_then(|p| p.items.get(id).copied())
    }

    pub(super) fn rows(&self) -> impl Iterator<Item = (&crate::catalog::Item, &ItemCounts)> + '_ {
        self.catalog
            .items()
            .map(|(_, item)| item)
            .zip(&self.agg.items)
    }
}
