//! The national table as CSV, one row per item (LF line ends; the byte-order mark is
//! [`crate::output::render`]'s, the formula guard [`crate::output::csv::cell`]).

use super::NationalTable;
use super::table::{change_cell, count_cells};
use crate::figure;
use crate::fiscal::FiscalYear;
use crate::lang::Lang;
use crate::output::csv::cell as csv_cell;

/// CSV, one row per item. The first columns are fixed: id, average, pct3, pct2, pct1,
/// answered, not_applicable, unanswered, excluded.
pub(super) fn render(t: &NationalTable, lang: Lang) -> Result<Vec<u8>, String> {
    let years = t.reference_years();
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header: Vec<String> = [
        "id",
        "average",
        "pct3",
        "pct2",
        "pct1",
        "answered",
        "not_applicable",
        "unanswered",
        "excluded",
        "priority_years",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    header.extend(
        years
            .iter()
            .map(|y| format!("reference_{}", FiscalYear(*y).short())),
    );
    header.extend(["previous_average", "change", "text"].map(String::from));
    let _ = w.write_record(&header);
    let f3 = |v: Option<f64>| v.map_or_else(String::new, |v| figure::average(Some(v)));
    for ((item, c), j) in t.rows().zip(t.json_items()) {
        let mut rec = count_cells(&csv_cell(&j.id), c, "", "");
        rec.push(
            j.priority_years
                .iter()
                .map(i32::to_string)
                .collect::<Vec<_>>()
                .join(","),
        );
        rec.extend(
            years
                .iter()
                .map(|y| f3(j.reference_averages.get(y).copied())),
        );
        rec.push(f3(j.previous_average));
        rec.push(change_cell(c, j.previous_average, ""));
        rec.push(csv_cell(t.catalog.item_text(item, lang)));
        let _ = w.write_record(&rec);
    }
    w.into_inner().map_err(|e| e.to_string())
}
