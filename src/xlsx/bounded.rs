//! A table file read within bounds, for [`super::read`]: its bytes through the store's one
//! bounded reader (at most [`MAX_TABLE_BYTES`]), and a workbook opened only when its package
//! is sound ([`check_package`]: `.xlsx`/`.xlsm` only, its parts unpacked within
//! [`MAX_UNPACKED_BYTES`], no absurd count), a panic in calamine isolated as an error, and of
//! each sheet only the cells within [`MAX_ROWS`] and [`MAX_COLUMNS`], as text.

use std::io::Cursor;
use std::path::Path;

use calamine::{Data, DataRef};

use crate::lang::Lang;

/// Largest table `--from` reads (a real one, 300 items with comments, is well under 1 MiB).
const MAX_TABLE_BYTES: u64 = 16 * 1024 * 1024;

/// A table file's bytes, through the store's one bounded reader: a FIFO or a device is refused
/// at once, and no more than [`MAX_TABLE_BYTES`] is read.
pub(super) fn read_table(path: &Path) -> Result<Vec<u8>, crate::store::StoreError> {
    crate::store::read_limited(path, MAX_TABLE_BYTES)
}

/// Largest size a workbook's parts may have unpacked, all together: a tenken report workbook of
/// 300 items with long comments is well under 2 MiB; a zip bomb is refused before it is read.
const MAX_UNPACKED_BYTES: u64 = 32 * 1024 * 1024;

/// The rows and columns a per-item table can use (one row per item, a header in the first 30
/// rows, a few columns): cells beyond them are not read, so a stray cell at XFD1048576 costs
/// nothing.
const MAX_ROWS: u32 = 5_000;
const MAX_COLUMNS: u32 = 64;

pub(super) type Workbook = calamine::Xlsx<Cursor<Vec<u8>>>;

/// Why a workbook is not read, before or while calamine reads it.
pub(super) enum WorkbookRefusal {
    /// `.xls` or `.ods`: calamine parses them whole at opening, without a bound on memory.
    Kind,
    /// Its parts unpacked would be this many bytes.
    Unpacked(u64),
    /// No bytes at all (a copy that never happened).
    Empty,
    /// A damaged or crafted package: cut short, sizes that lie, an absurd count, a panic in
    /// the parser. Said as damaged or cut short: most are an interrupted copy, and the town
    /// that sent it is not to be accused.
    Damaged,
    /// calamine's own reason (English).
    Calamine(calamine::XlsxError),
}

impl WorkbookRefusal {
    pub(super) fn words(&self, path: &Path, lang: Lang) -> String {
        let shown = path.display();
        match (self, lang) {
            (WorkbookRefusal::Kind, Lang::Ja) => format!(
                "{shown}: .xls と .ods のワークブックは安全に読めないため読み込みません。Excel か LibreOffice で .xlsx として保存するか、「CSV UTF-8 (コンマ区切り)」で保存してください"
            ),
            (WorkbookRefusal::Kind, Lang::En) => format!(
                "{shown}: .xls and .ods workbooks are not read (they cannot be read safely); save it as .xlsx, or as \"CSV UTF-8 (Comma delimited)\""
            ),
            (WorkbookRefusal::Unpacked(n), Lang::Ja) => format!(
                "{shown}: 展開すると {} MiB になり、ワークブックの上限 {} MiB を超えています",
                n.div_ceil(1 << 20),
                MAX_UNPACKED_BYTES >> 20
            ),
            (WorkbookRefusal::Unpacked(n), Lang::En) => format!(
                "{shown}: unpacked, the workbook is {} MiB, more than the {} MiB allowed",
                n.div_ceil(1 << 20),
                MAX_UNPACKED_BYTES >> 20
            ),
            (WorkbookRefusal::Empty, Lang::Ja) => {
                format!(
                    "{shown}: 空のファイルです (0 バイト)。コピーか保存が終わっていないかもしれません"
                )
            }
            (WorkbookRefusal::Empty, Lang::En) => {
                format!(
                    "{shown}: the file is empty (0 bytes); a copy or a save may not have finished"
                )
            }
            (WorkbookRefusal::Damaged, Lang::Ja) => {
                format!("{shown}: ワークブックとして読めません (壊れているか、途中で切れています)")
            }
            (WorkbookRefusal::Damaged, Lang::En) => {
                format!("{shown}: cannot be read as a workbook (it is damaged or cut short)")
            }
            // calamine's own reasons are English: in Japanese, say what could not be done.
            (WorkbookRefusal::Calamine(_), Lang::Ja) => {
                format!("{shown}: ワークブックとして読めません")
            }
            (WorkbookRefusal::Calamine(e), Lang::En) => format!("{shown}: {e}"),
        }
    }
}

impl From<calamine::XlsxError> for WorkbookRefusal {
    fn from(e: calamine::XlsxError) -> WorkbookRefusal {
        WorkbookRefusal::Calamine(e)
    }
}

/// Checks a workbook package before calamine sees it: the parts' declared sizes together
/// within [`MAX_UNPACKED_BYTES`], each part no bigger unpacked than it declares, and no shared
/// string count (which calamine reserves room for) beyond what the part could hold.
fn check_package(bytes: &[u8]) -> Result<(), WorkbookRefusal> {
    use std::io::Read as _;
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| WorkbookRefusal::Damaged)?;
    let mut total = 0u64;
    for i in 0..zip.len() {
        let part = zip.by_index_raw(i).map_err(|_| WorkbookRefusal::Damaged)?;
        total = total.saturating_add(part.size());
    }
    if total > MAX_UNPACKED_BYTES {
        return Err(WorkbookRefusal::Unpacked(total));
    }
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).map_err(|_| WorkbookRefusal::Damaged)?;
        let declared = part.size();
        let strings = part
            .name()
            .is_ok_and(|n| n.to_ascii_lowercase().ends_with("sharedstrings.xml"));
        let mut text = Vec::new();
        (&mut part)
            .take(declared + 1)
            .read_to_end(&mut text)
            .map_err(|_| WorkbookRefusal::Damaged)?;
        if text.len() as u64 > declared || (strings && absurd_count(&text)) {
            return Err(WorkbookRefusal::Damaged);
        }
    }
    Ok(())
}

/// Whether a shared-strings part declares more strings (`uniqueCount`) than it could hold:
/// each takes at least 9 bytes (`<si></si>`).
fn absurd_count(text: &[u8]) -> bool {
    const ATTR: &[u8] = b"uniqueCount";
    let most = text.len() as u64 / 9 + 1;
    text.windows(ATTR.len())
        .enumerate()
        .filter(|(_, w)| *w == ATTR)
        .any(|(at, _)| {
            let rest = &text[at + ATTR.len()..];
            let rest = rest.trim_ascii_start().strip_prefix(b"=").unwrap_or(rest);
            let rest = rest.trim_ascii_start();
            let rest = rest.get(1..).unwrap_or_default();
            let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
            digits > 18
                || std::str::from_utf8(&rest[..digits])
                    .ok()
                    .and_then(|d| d.parse::<u64>().ok())
                    .is_some_and(|n| n > most)
        })
}

/// Runs `f`, a panic in it (a crafted workbook in calamine) becoming `None`, without the panic
/// message on stderr. Called before any thread exists beside the main one.
fn isolated<T>(f: impl FnOnce() -> T) -> Option<T> {
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    std::panic::set_hook(hook);
    result.ok()
}

/// Opens a workbook within bounds and runs `read` on it, isolated: only `.xlsx` (`.xlsm`), at
/// most [`MAX_TABLE_BYTES`] on disk, its package checked first ([`check_package`]), and a panic
/// in calamine an error.
pub(super) fn with_workbook<T>(
    path: &Path,
    lang: Lang,
    read: impl FnOnce(&mut Workbook) -> Result<T, WorkbookRefusal>,
) -> Result<T, String> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    // A name that is missing or a directory is said to be that, whatever it ends in; an old
    // workbook gets its advice without being read.
    crate::store::regular_file(path).map_err(|e| e.render(lang))?;
    if !matches!(ext.as_deref(), Some("xlsx" | "xlsm")) {
        return Err(WorkbookRefusal::Kind.words(path, lang));
    }
    let bytes = read_table(path).map_err(|e| e.render(lang))?;
    if bytes.is_empty() {
        return Err(WorkbookRefusal::Empty.words(path, lang));
    }
    check_package(&bytes).map_err(|r| r.words(path, lang))?;
    isolated(|| {
        let mut wb: Workbook = calamine::open_workbook_from_rs(Cursor::new(bytes))?;
        read(&mut wb)
    })
    .unwrap_or(Err(WorkbookRefusal::Damaged))
    .map_err(|r| r.words(path, lang))
}

/// One sheet's cells as text, rows as Excel numbers them (from 0): only the cells within
/// [`MAX_ROWS`] and [`MAX_COLUMNS`], read one at a time (never calamine's dense grid).
pub(super) fn grid(wb: &mut Workbook, name: &str) -> Result<Vec<Vec<String>>, calamine::XlsxError> {
    let mut cells = match wb.worksheet_cells_reader(name) {
        Ok(cells) => cells,
        // A chart sheet, say: no cells, as calamine's own range would say.
        Err(calamine::XlsxError::NotAWorksheet(_)) => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    let mut rows: Vec<Vec<String>> = Vec::new();
    while let Some(cell) = cells.next_cell()? {
        let (r, c) = cell.get_position();
        if r >= MAX_ROWS || c >= MAX_COLUMNS || *cell.get_value() == DataRef::Empty {
            continue;
        }
        let (r, c) = (r as usize, c as usize);
        if rows.len() <= r {
            rows.resize(r + 1, Vec::new());
        }
        if rows[r].len() <= c {
            rows[r].resize(c + 1, String::new());
        }
        rows[r][c] = cell_text(&Data::from(cell.get_value().clone()));
    }
    Ok(rows)
}

/// A cell as text: a whole number without its `.0`, a date as a person reads it.
fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        // A date as a person reads it, so that an id Excel made a date can be recognised.
        Data::DateTime(d) if d.is_datetime() => {
            let (y, m, day, ..) = d.to_ymd_hms_milli();
            format!("{y}/{m}/{day}")
        }
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 22.12: a panic in the parser becomes an error; a shared-string count no part could
    /// hold is refused before calamine reserves room for it.
    #[test]
    fn a_panic_is_isolated_and_an_absurd_count_refused() {
        assert_eq!(isolated(|| 1), Some(1));
        assert_eq!(isolated(|| -> u8 { panic!("crafted") }), None);
        let sst =
            |n: &str| format!("<sst count=\"1\" uniqueCount = '{n}'><si><t>id</t></si></sst>");
        assert!(!absurd_count(sst("1").as_bytes()));
        assert!(absurd_count(sst("1000000").as_bytes()));
        assert!(absurd_count(sst("1000000000000000000000").as_bytes()));
    }

    /// An empty file (a copy that never happened) is said to be empty, and a workbook cut short
    /// (an interrupted copy) damaged or cut short — not "crafted", which accuses the town that
    /// sent it.
    #[test]
    fn an_empty_or_cut_workbook_is_said_to_be_so() {
        let dir = tempfile::tempdir().unwrap();
        let (empty, cut) = (dir.path().join("empty.xlsx"), dir.path().join("cut.xlsx"));
        std::fs::write(&empty, b"").unwrap();
        std::fs::write(&cut, b"PK\x03\x04\x14\x00\x00\x00\x08\x00").unwrap();
        let said = |path: &Path, lang: Lang| match with_workbook(path, lang, |_| Ok(())) {
            Err(e) => e,
            Ok(()) => panic!("{} read", path.display()),
        };
        assert!(
            said(&empty, Lang::Ja).contains("空のファイル"),
            "{}",
            said(&empty, Lang::Ja)
        );
        assert!(
            said(&empty, Lang::En).contains("empty"),
            "{}",
            said(&empty, Lang::En)
        );
        for lang in [Lang::Ja, Lang::En] {
            let words = said(&cut, lang);
            assert!(
                !words.contains("細工") && !words.contains("crafted"),
                "{words}"
            );
        }
        assert!(said(&cut, Lang::Ja).contains("途中で切れて"));
    }
}
