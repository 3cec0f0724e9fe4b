//! Reports on one answer sheet (`tenken report`): the model ([`SheetReport`], in `model.rs`
//! and `items.rs`) and a file per format — `text.rs` (text and Markdown, which share the
//! header and the order of sections), `csv.rs`, `json.rs` and `xlsx.rs`. The choice among them
//! is [`crate::output::render`]'s.

mod csv;
mod items;
mod json;
mod model;
mod text;
mod xlsx;

pub use crate::output::{Format, OutputOptions};
pub(crate) use model::{LastYearSheet, score_text, years_text};
pub use model::{Level, SheetReport};
pub(crate) use model::{count_cells, count_columns};
pub(crate) use xlsx::cut_notices;

use crate::lang::Lang;
use crate::output::Render;

impl Render for SheetReport<'_> {
    fn text(&self, lang: Lang, markdown: bool, out: &mut dyn std::fmt::Write) {
        let _ = out.write_str(&if markdown {
            text::markdown(self, lang)
        } else {
            text::plain(self, lang)
        });
    }

    fn csv(&self, lang: Lang, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        out.write_all(&csv::render(self, lang).map_err(std::io::Error::other)?)
    }

    fn json(&self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        json::render(self, out)
    }

    fn xlsx(&self, lang: Lang) -> Result<Vec<u8>, String> {
        xlsx::render(self, lang)
    }
}

impl SheetReport<'_> {
    /// The report in a format ([`crate::output::render`]).
    pub fn render(&self, opts: OutputOptions) -> Result<Vec<u8>, String> {
        crate::output::render(self, opts)
    }
}
