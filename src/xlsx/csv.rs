//! CSV files as rows of text for the table reader ([`super::read`]): UTF-8, with or without
//! a byte-order mark (a Shift_JIS file — Excel's 「CSV (コンマ区切り)」 — is refused with the
//! advice to save it as 「CSV UTF-8」), and tenken's own report CSV given back as written
//! (the formula guard taken off, [`unguarded`]).

use crate::lang::{Lang, say};

/// The cells of tenken's report CSV as the sheet had them: the apostrophe that
/// `output::csv::cell` put before a text Excel would take for a formula taken off.
pub(super) fn unguarded(rows: &mut [Vec<String>]) {
    for cell in rows.iter_mut().flatten() {
        if let Some(text) = crate::output::csv::uncell(cell) {
            *cell = text.to_string();
        }
    }
}

/// A CSV file's rows as text (`bytes`, read by the caller within its bound); why not,
/// worded, naming the file as `shown`.
pub(super) fn rows(bytes: &[u8], shown: &str, lang: Lang) -> Result<Vec<Vec<String>>, String> {
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    // Excel on Japanese Windows saves 「CSV (コンマ区切り)」 as Shift_JIS: say so, and how to
    // save it instead, rather than only that the CSV cannot be read.
    if let Err(e) = std::str::from_utf8(bytes) {
        let line = 1 + bytecount_lines(&bytes[..e.valid_up_to()]);
        return Err(say!(
            lang,
            "{shown}: {line} 行目: UTF-8 ではありません (Shift_JIS で保存された CSV のようです)。Excel の「名前を付けて保存」で「CSV UTF-8 (コンマ区切り)」を選んで保存し直してください",
            "{shown}: row {line}: not UTF-8 text (probably a CSV saved as Shift_JIS); in Excel, use Save As and choose \"CSV UTF-8 (Comma delimited)\""
        ));
    }
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut rows = Vec::new();
    for (i, rec) in reader.records().enumerate() {
        let rec = rec.map_err(|e| {
            say!(
                lang,
                "{shown}: {} 行目: CSV として読めません",
                "{shown}: row {}: {e}",
                i + 1
            )
        })?;
        rows.push(rec.iter().map(str::to_string).collect());
    }
    Ok(rows)
}

/// How many line breaks `bytes` holds.
fn bytecount_lines(bytes: &[u8]) -> usize {
    bytes.iter().filter(|b| **b == b'\n').count()
}
