//! The national table (集計表), `tenken aggregate`: which files count (`collection.rs`),
//! their counts, the roster's match and what else every format prints (`accounting.rs`), the
//! roster as read (`roster.rs`), the counts over the sheets that count
//! (`model.rs`), the texts of the lines held until the table is written, packed
//! (`packed.rs`), the plan lines kept out of memory until then (`spill.rs`),
//! the table as printed ([`NationalTable`], `table.rs`) and a file per format — `text.rs`
//! (text and Markdown, which share the sections and their order), `csv.rs`, `json.rs` and
//! `xlsx.rs` (both read back as [`PreviousAggregate`], `previous.rs`). The choice among them is
//! [`crate::output::render`]'s.

mod accounting;
mod collection;
mod csv;
mod json;
mod model;
mod packed;
mod previous;
mod roster;
mod spill;
mod table;
mod text;
mod xlsx;

pub(crate) use accounting::Accounting;
pub(crate) use collection::{
    ChosenBy, Entry, Exclusion, Intake, NoTable, Organization, ReadAs, Received, Status,
    Submission, TableChoice, decide,
};
pub use model::Aggregate;
pub(crate) use model::{Contribution, FollowUp, ItemCounts, PlanLine};
pub(crate) use previous::{PreviousAggregate, WORKBOOK_SHEETS};
pub(crate) use roster::{RosterError, roster_from_rows};
pub(crate) use table::{Benchmark, NationalTable, note, status_word};
pub(crate) use xlsx::cut_notices;

use crate::lang::Lang;
use crate::output::Render;

impl Render for NationalTable<'_> {
    fn text(&self, lang: Lang, markdown: bool, out: &mut dyn std::fmt::Write) {
        text::render(self, lang, markdown, out);
    }

    fn csv(&self, lang: Lang, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        csv::render(self, lang, out)
    }

    fn json(&self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        json::render(self, out)
    }

    fn xlsx(&self, lang: Lang) -> Result<Vec<u8>, String> {
        xlsx::render(self, lang)
    }

    fn failure(&self, lang: Lang) -> Option<std::io::Error> {
        self.accounting.failure(lang)
    }
}
