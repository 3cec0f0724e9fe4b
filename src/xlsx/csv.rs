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
    // The csv crate passes over blank lines; Excel shows each as an empty row, and row
    // numbers in messages are Excel's: a blank line is kept as an empty row (a quoted cell of
    // several lines stays one row).
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut rec = ::csv::StringRecord::new();
    loop {
        let more = reader.read_record(&mut rec).map_err(|e| {
            say!(
                lang,
                "{shown}: {} 行目: CSV として読めません",
                "{shown}: row {}: {e}",
                rows.len() + 1
            )
        })?;
        if !more {
            break;
        }
        // A record's position is where its reading began: before the blank lines skipped.
        let start = rec.position().map_or(0, |p| p.byte() as usize);
        rows.extend((0..blank_lines(bytes, start)).map(|_| Vec::new()));
        rows.push(rec.iter().map(str::to_string).collect());
    }
    Ok(rows)
}

/// How many blank lines begin at `start` of `bytes` (a record's position; the `\n` of a
/// CRLF whose `\r` ended the record before is not one).
fn blank_lines(bytes: &[u8], start: usize) -> usize {
    let mut rest = bytes.get(start..).unwrap_or_default();
    if start > 0 && bytes[start - 1] == b'\r' {
        rest = rest.strip_prefix(b"\n").unwrap_or(rest);
    }
    let mut n = 0;
    while let Some(r) = [&b"\r\n"[..], b"\n", b"\r"]
        .iter()
        .find_map(|end| rest.strip_prefix(*end))
    {
        rest = r;
        n += 1;
    }
    n
}

/// How many line breaks `bytes` holds.
fn bytecount_lines(bytes: &[u8]) -> usize {
    bytes.iter().filter(|b| **b == b'\n').count()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Blank lines are Excel's empty rows, with LF or CRLF line ends; a quoted cell of two
    /// lines is one row.
    #[test]
    fn blank_lines_are_empty_rows() {
        let rows_of = |s: &str| rows(s.as_bytes(), "t.csv", Lang::En).unwrap();
        let want: Vec<Vec<String>> = vec![
            vec!["a".into(), "b".into()],
            vec!["1".into(), "x\ny".into()],
            vec![],
            vec!["3".into(), "4".into()],
        ];
        assert_eq!(rows_of("a,b\n1,\"x\ny\"\n\n3,4\n"), want);
        let crlf = rows_of("a,b\r\n1,\"x\ny\"\r\n\r\n3,4\r\n");
        assert_eq!(crlf, want);
        let mut led: Vec<Vec<String>> = vec![vec![], vec![]];
        led.extend(want);
        assert_eq!(rows_of("\n\r\na,b\n1,\"x\ny\"\n\n3,4"), led);
    }
}
