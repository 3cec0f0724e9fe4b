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

/// The widths of a sheet's columns in pixels, as Excel lays them out: the `width` the
/// package gives (characters of the default font, with its padding) times the width of a
/// digit, 8 pixels for 11-point ＭＳ Ｐゴシック, the font every tenken workbook declares.
fn column_pixels(path: &Path, xml: &str) -> Vec<(u32, u32, f64)> {
    let styles = part(path, "xl/styles.xml").unwrap();
    let first_font = &styles[styles.find("<font>").unwrap()..styles.find("</font>").unwrap()];
    assert!(
        first_font.contains("<sz val=\"11\"/>") && first_font.contains("ＭＳ Ｐゴシック"),
        "the digit width assumes 11-point ＭＳ Ｐゴシック: {first_font}"
    );
    const DIGIT: f64 = 8.0;
    xml.split("<col ")
        .skip(1)
        .map(|tag| {
            let tag = format!(" {}", &tag[..tag.find('>').unwrap()]);
            let n = |a| attr(&tag, a).unwrap().parse::<f64>().unwrap();
            (
                n("min") as u32,
                n("max") as u32,
                (n("width") * DIGIT).round(),
            )
        })
        .collect()
}

/// The scale (1.0 = 100 %) at which Excel prints sheet `name` when the sheet is fitted to the
/// page (`None` when it is not): the printable width of its paper and orientation less its
/// margins, against the width of its columns and of the charts drawn on it; and, where it is
/// fitted to one page tall as well, the same for the height of its rows and charts.
pub fn print_scale(path: &Path, name: &str) -> Option<f64> {
    let index = sheet_names(path).iter().position(|n| n == name).unwrap() + 1;
    let xml = part(path, &format!("xl/worksheets/sheet{index}.xml")).unwrap();
    if !xml.contains("fitToPage=\"1\"") {
        return None;
    }
    let tag = |name: &str| -> String {
        let at = xml
            .find(&format!("<{name} "))
            .unwrap_or_else(|| panic!("{name}"));
        format!(" {}", &xml[at..at + xml[at..].find('>').unwrap()])
    };
    let setup = tag("pageSetup");
    let margins = tag("pageMargins");
    let inch = |a: &str| attr(&margins, a).unwrap().parse::<f64>().unwrap() * 72.0;
    assert_eq!(attr(&setup, "paperSize"), Some("9"), "{name}: A4");
    let (short, long) = (8.27 * 72.0, 11.69 * 72.0);
    let (paper_w, paper_h) = if attr(&setup, "orientation") == Some("landscape") {
        (long, short)
    } else {
        (short, long)
    };
    let printable_w = paper_w - inch("left") - inch("right");
    let printable_h = paper_h - inch("top") - inch("bottom");
    let cols = column_pixels(path, &xml);
    let col_px = |c: u32| {
        cols.iter()
            .find(|(a, b, _)| (*a..=*b).contains(&(c + 1)))
            .map_or(72.0, |w| w.2)
    };
    let last_col = cols.iter().map(|c| c.1).max().unwrap_or(0);
    let mut width_px: f64 = (0..last_col).map(col_px).sum();
    // Rows: every row up to the last the sheet writes, at its height or the default.
    let default_h: f64 = attr(&xml, "defaultRowHeight").unwrap().parse().unwrap();
    let mut row_pt = std::collections::BTreeMap::new();
    for row in xml.split("<row ").skip(1) {
        let open = format!(" {}", &row[..row.find('>').unwrap()]);
        let r: u32 = attr(&open, "r").unwrap().parse().unwrap();
        row_pt.insert(
            r - 1,
            attr(&open, "ht").map_or(default_h, |h| h.parse().unwrap()),
        );
    }
    let row_h = |r: u32| row_pt.get(&r).copied().unwrap_or(default_h);
    let last_row = row_pt.keys().max().map_or(0, |r| r + 1);
    let mut height_pt: f64 = (0..last_row).map(row_h).sum();
    // Charts: where their drawing's anchors end.
    let rels =
        part(path, &format!("xl/worksheets/_rels/sheet{index}.xml.rels")).unwrap_or_default();
    if let Some(at) = rels.find("../drawings/") {
        let file = &rels[at + 3..at + rels[at..].find('"').unwrap()];
        let drawing = part(path, &format!("xl/{file}")).unwrap();
        let num = |s: &str, t: &str| -> f64 {
            let at = s.find(&format!("<xdr:{t}>")).unwrap() + t.len() + 6;
            s[at..at + s[at..].find('<').unwrap()].parse().unwrap()
        };
        for anchor in drawing.split("<xdr:to>").skip(1) {
            let (col, col_off) = (num(anchor, "col"), num(anchor, "colOff"));
            let (row, row_off) = (num(anchor, "row"), num(anchor, "rowOff"));
            let right = (0..col as u32).map(col_px).sum::<f64>() + col_off / 9525.0;
            let bottom = (0..row as u32).map(row_h).sum::<f64>() + row_off / 12700.0;
            width_px = width_px.max(right);
            height_pt = height_pt.max(bottom);
        }
    }
    let mut scale = (printable_w / (width_px * 0.75)).min(1.0);
    if attr(&setup, "fitToHeight") != Some("0") {
        scale = scale.min(printable_h / height_pt);
    }
    Some(scale)
}
