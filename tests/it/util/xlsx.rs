//! Reading generated workbooks back: cells with calamine, number formats and charts from the
//! package's XML parts (calamine reads neither).

use std::io::Read as _;
use std::path::Path;

use calamine::{Data, Range, Reader, Xlsx, open_workbook};

pub fn sheet(path: &Path, name: &str) -> Range<Data> {
    let mut wb: Xlsx<_> = open_workbook(path).unwrap();
    wb.worksheet_range(name)
        .unwrap_or_else(|e| panic!("sheet {name}: {e}; sheets: {:?}", wb.sheet_names()))
}

pub fn sheet_names(path: &Path) -> Vec<String> {
    let wb: Xlsx<_> = open_workbook(path).unwrap();
    wb.sheet_names()
}

/// One XML part of the package, e.g. `xl/styles.xml`; `None` when absent.
pub fn part(path: &Path, name: &str) -> Option<String> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut file = zip.by_name(name).ok()?;
    let mut s = String::new();
    file.read_to_string(&mut s).unwrap();
    Some(s)
}

/// The row whose first cells are `header` (its index), and the rows below it.
pub fn table<'a>(range: &'a Range<Data>, first_header: &str) -> (usize, Vec<&'a [Data]>) {
    let rows: Vec<&[Data]> = range.rows().collect();
    let at = rows
        .iter()
        .position(|r| {
            r.iter()
                .any(|c| matches!(c, Data::String(s) if s == first_header))
        })
        .unwrap_or_else(|| panic!("no header {first_header}"));
    (at, rows[at + 1..].to_vec())
}

/// A header's column in the row at `at`.
pub fn column(range: &Range<Data>, at: usize, header: &str) -> usize {
    range
        .rows()
        .nth(at)
        .unwrap()
        .iter()
        .position(|c| matches!(c, Data::String(s) if s == header))
        .unwrap_or_else(|| panic!("no column {header}"))
}
