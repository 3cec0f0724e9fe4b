//! Last year against this year as JSON, for machines: [`SheetDiff`] as serde writes it
//! (schema in docs/formats.md, "Diff CSV and JSON").

use super::SheetDiff;

pub(super) fn render(d: &SheetDiff, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    crate::output::write_json(d, out)
}
