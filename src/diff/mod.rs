//! Last year against this year (`tenken diff`, and the interview's view of last year): the
//! model ([`SheetDiff`], [`Change`], [`pairing`]; `model.rs`) and a file per format —
//! `text.rs` (text and Markdown, which share the sections and their order), `csv.rs`,
//! `json.rs` and `xlsx.rs`. The choice among them is [`crate::output::render`]'s.

mod csv;
mod json;
mod model;
mod text;
mod xlsx;

pub use model::{Change, PlanChange, diff};

pub(crate) use model::{ItemDiff, PlanText, SectionDiff, SheetDiff};
pub(crate) use model::{Mismatch, classify, pairing, wording_changed};
pub(crate) use xlsx::cut_notices;

use crate::lang::Lang;
use crate::output::Render;

impl Render for SheetDiff {
    fn text(&self, lang: Lang, markdown: bool, out: &mut dyn std::fmt::Write) {
        let _ = out.write_str(&text::render(self, lang, markdown));
    }

    fn csv(&self, _lang: Lang, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        out.write_all(&csv::render(self).map_err(std::io::Error::other)?)
    }

    fn json(&self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        json::render(self, out)
    }

    fn xlsx(&self, lang: Lang) -> Result<Vec<u8>, String> {
        xlsx::render(self, lang)
    }
}
