//! Last year against this year as JSON, for machines: [`SheetDiff`] as serde writes it
//! (schema in docs/formats.md, "Diff CSV and JSON").

use super::SheetDiff;

pub(super) fn render(d: &SheetDiff) -> Result<String, String> {
    crate::output::pretty_json(d)
}
