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

/// A cell whose format wraps its text, where the sheet puts it.
#[derive(Debug)]
pub struct WrappedCell {
    pub row: u32,
    pub col: u32,
    pub text: String,
    /// The column's width as Excel counts it (characters of the default font).
    pub width: f64,
    /// The row's height in points (the sheet's default where the row sets none).
    pub height: f64,
}

fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    Some(&tag[at..at + tag[at..].find('"')?])
}

/// `B3` as (row 2, column 1).
fn cell_ref(r: &str) -> (u32, u32) {
    let letters: String = r.chars().take_while(char::is_ascii_alphabetic).collect();
    let col = letters
        .bytes()
        .fold(0u32, |n, b| n * 26 + u32::from(b - b'A' + 1))
        - 1;
    (r[letters.len()..].parse::<u32>().unwrap() - 1, col)
}

/// Every non-empty cell of sheet `name` whose format wraps text, with its column's width and
/// its row's height as the package's XML gives them (calamine reads neither).
pub fn wrapped_cells(path: &Path, name: &str) -> Vec<WrappedCell> {
    let index = sheet_names(path).iter().position(|n| n == name).unwrap();
    let xml = part(path, &format!("xl/worksheets/sheet{}.xml", index + 1)).unwrap();
    let styles = part(path, "xl/styles.xml").unwrap();
    let xfs = &styles[styles.find("<cellXfs").unwrap()..styles.find("</cellXfs>").unwrap()];
    let wraps: Vec<bool> = xfs
        .split("<xf ")
        .skip(1)
        .map(|x| x.contains("wrapText=\"1\""))
        .collect();
    let mut widths = Vec::new();
    for tag in xml.split("<col ").skip(1) {
        let tag = &tag[..tag.find('>').unwrap()];
        let n = |a| attr(&format!(" {tag}"), a).unwrap().parse::<f64>().unwrap();
        widths.push((n("min") as u32, n("max") as u32, n("width")));
    }
    let default_height: f64 = attr(&xml, "defaultRowHeight").unwrap().parse().unwrap();
    let range = sheet(path, name);
    let mut out = Vec::new();
    for row in xml.split("<row ").skip(1) {
        let open = format!(" {}", &row[..row.find('>').unwrap()]);
        let height = attr(&open, "ht").map_or(default_height, |h| h.parse().unwrap());
        for c in row.split("<c ").skip(1) {
            let tag = format!(" {}", &c[..c.find('>').unwrap()]);
            let s: usize = attr(&tag, "s").map_or(0, |s| s.parse().unwrap());
            if !wraps[s] {
                continue;
            }
            let (r, col) = cell_ref(attr(&tag, "r").unwrap());
            let text = match range.get_value((r, col)) {
                Some(Data::String(t)) => t.clone(),
                _ => continue,
            };
            let width = widths
                .iter()
                .find(|(a, b, _)| (*a..=*b).contains(&(col + 1)))
                .map_or(8.43, |w| w.2);
            out.push(WrappedCell {
                row: r,
                col,
                text,
                width,
                height,
            });
        }
    }
    out
}

/// Fails unless every wrapped cell of every sheet has a row tall enough for its lines at its
/// column's width (a kanji counts two cells; 15 points a line, at most Excel's 409): neither
/// Excel nor LibreOffice grows a row by itself.
pub fn assert_rows_hold_wrapped_text(path: &Path) {
    for name in sheet_names(path) {
        for c in wrapped_cells(path, &name) {
            let per_line = (c.width.floor() - 1.0).max(1.0);
            let lines: f64 = c
                .text
                .split('\n')
                .map(|l| {
                    (unicode_width::UnicodeWidthStr::width(l) as f64 / per_line)
                        .ceil()
                        .max(1.0)
                })
                .sum();
            // One line shows in any row; more need the row's height.
            let needed = (lines * 15.0).min(409.0);
            assert!(
                lines <= 1.0 || c.height + 0.01 >= needed,
                "{name} row {} col {}: {} pt for {lines} lines of {:?} at width {}",
                c.row + 1,
                c.col + 1,
                c.height,
                c.text,
                c.width
            );
        }
    }
}
