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

/// Every sheet's first cell, in the workbook's order: its title, on a sheet that has one.
pub fn titles(path: &Path) -> Vec<String> {
    let mut wb: Xlsx<_> = open_workbook(path).unwrap();
    wb.worksheets()
        .iter()
        .map(|(_, range)| {
            range
                .get_value((0, 0))
                .map_or(String::new(), |c| c.to_string())
        })
        .collect()
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
    /// The column's width as Excel counts it (characters of the default font); a merged
    /// cell's, its columns' together.
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
    styled_cells(path, name, |xf| xf.contains("wrapText=\"1\""))
}

/// Every non-empty header cell of sheet `name` (a table's header, a label of the cover: the
/// cells on a grey fill), with its column's width and its row's height.
pub fn header_cells(path: &Path, name: &str) -> Vec<WrappedCell> {
    let styles = part(path, "xl/styles.xml").unwrap();
    let fills = &styles[styles.find("<fills").unwrap()..styles.find("</fills>").unwrap()];
    // The fills with a colour: the grey of the headers.
    let grey: Vec<String> = fills
        .split("<fill>")
        .skip(1)
        .enumerate()
        .filter(|(_, f)| f.contains("fgColor"))
        .map(|(k, _)| format!("fillId=\"{k}\""))
        .collect();
    assert!(!grey.is_empty(), "no header fill in {fills}");
    styled_cells(path, name, |xf| {
        grey.iter().any(|g| xf.contains(g.as_str()))
    })
}

/// Every non-empty cell of sheet `name` whose cell format (`<xf …>` of styles.xml) passes
/// `pick`, with its column's width and its row's height (`text`: a number as calamine shows it).
pub fn styled_cells(path: &Path, name: &str, pick: impl Fn(&str) -> bool) -> Vec<WrappedCell> {
    let index = sheet_names(path).iter().position(|n| n == name).unwrap();
    let xml = part(path, &format!("xl/worksheets/sheet{}.xml", index + 1)).unwrap();
    let styles = part(path, "xl/styles.xml").unwrap();
    let xfs = &styles[styles.find("<cellXfs").unwrap()..styles.find("</cellXfs>").unwrap()];
    let picked: Vec<bool> = xfs
        .split("<xf ")
        .skip(1)
        .map(|x| pick(&x[..x.find("</xf>").or_else(|| x.find("/>")).unwrap_or(x.len())]))
        .collect();
    let mut widths = Vec::new();
    for tag in xml.split("<col ").skip(1) {
        let tag = &tag[..tag.find('>').unwrap()];
        let n = |a| attr(&format!(" {tag}"), a).unwrap().parse::<f64>().unwrap();
        widths.push((n("min") as u32, n("max") as u32, n("width")));
    }
    let default_height: f64 = attr(&xml, "defaultRowHeight").unwrap().parse().unwrap();
    // Merged cells (`<mergeCell ref="A2:K2"/>`): their text is in the first and wraps across
    // the columns together.
    let merged: Vec<((u32, u32), u32)> = xml
        .split("<mergeCell ")
        .skip(1)
        .map(|tag| {
            let tag = format!(" {tag}");
            let (a, b) = attr(&tag, "ref").unwrap().split_once(':').unwrap();
            (cell_ref(a), cell_ref(b).1)
        })
        .collect();
    let col_width = |col: u32| {
        widths
            .iter()
            .find(|(a, b, _)| (*a..=*b).contains(&(col + 1)))
            .map_or(8.43, |w| w.2)
    };
    let range = sheet(path, name);
    let mut out = Vec::new();
    for row in xml.split("<row ").skip(1) {
        let open = format!(" {}", &row[..row.find('>').unwrap()]);
        let height = attr(&open, "ht").map_or(default_height, |h| h.parse().unwrap());
        for c in row.split("<c ").skip(1) {
            let tag = format!(" {}", &c[..c.find('>').unwrap()]);
            let s: usize = attr(&tag, "s").map_or(0, |s| s.parse().unwrap());
            if !picked[s] {
                continue;
            }
            let (r, col) = cell_ref(attr(&tag, "r").unwrap());
            let text = match range.get_value((r, col)) {
                None | Some(Data::Empty) => continue,
                Some(Data::String(t)) => t.clone(),
                Some(other) => other.to_string(),
            };
            let last = merged
                .iter()
                .find(|(first, _)| *first == (r, col))
                .map_or(col, |m| m.1);
            let width = (col..=last).map(col_width).sum();
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

/// Points one line of 11-point Japanese text needs: a CJK font's ascent and descent (Noto Sans
/// CJK: 1.45 em, 16 points) — Excel's default row of 13.5 points fits ＭＳ Ｐゴシック, but
/// LibreOffice, drawing the kanji in Noto Sans CJK, cut the bottom off 点検日 and 団体名.
pub const CJK_LINE: f64 = 16.5;

/// Characters of a column `width` wide that a line holds (a kanji counts two), less a
/// character of cell padding.
fn per_line(width: f64) -> f64 {
    (width.floor() - 1.0).max(1.0)
}

fn text_width(s: &str) -> f64 {
    unicode_width::UnicodeWidthStr::width(s) as f64
}

/// Whether `s` has Japanese in it (kana, kanji, full-width forms).
pub fn japanese(s: &str) -> bool {
    s.chars().any(|c| {
        ('\u{3000}'..='\u{30ff}').contains(&c)
            || ('\u{3400}'..='\u{9fff}').contains(&c)
            || ('\u{ff00}'..='\u{ffef}').contains(&c)
    })
}

/// The rows of every sheet that hold Japanese text and are shorter than one CJK line
/// ([`CJK_LINE`]): (sheet, row from 1, height in points, the text).
pub fn japanese_rows_too_short(path: &Path) -> Vec<(String, u32, f64, String)> {
    let mut short = Vec::new();
    for name in sheet_names(path) {
        let index = sheet_names(path).iter().position(|n| *n == name).unwrap();
        let xml = part(path, &format!("xl/worksheets/sheet{}.xml", index + 1)).unwrap();
        let default_height: f64 = attr(&xml, "defaultRowHeight").unwrap().parse().unwrap();
        let mut heights = std::collections::BTreeMap::new();
        for row in xml.split("<row ").skip(1) {
            let open = format!(" {}", &row[..row.find('>').unwrap()]);
            let r: u32 = attr(&open, "r").unwrap().parse().unwrap();
            if let Some(h) = attr(&open, "ht") {
                heights.insert(r - 1, h.parse::<f64>().unwrap());
            }
        }
        let range = sheet(path, &name);
        let first = range.start().map_or(0, |s| s.0);
        for (k, row) in range.rows().enumerate() {
            let r = first + k as u32;
            let Some(text) = row.iter().find_map(|c| match c {
                Data::String(s) if japanese(s) => Some(s.clone()),
                _ => None,
            }) else {
                continue;
            };
            let height = heights.get(&r).copied().unwrap_or(default_height);
            if height + 0.01 < CJK_LINE {
                short.push((name.clone(), r + 1, height, text));
            }
        }
    }
    short
}

/// The header cells (grey, [`header_cells`]) of every sheet that would break inside a word:
/// each line of a header (its text split at line breaks) fits its column, or breaks only at
/// spaces with every word fitting. Japanese has no space to break at, and Excel and
/// LibreOffice break a line of it wherever it fills the column (「付箋・下書/き」, not after the
/// 「・」): a Japanese line must fit whole, where tenken breaks it between words.
/// (sheet, cell text, column width.)
pub fn headers_broken_inside_a_word(path: &Path) -> Vec<(String, String, f64)> {
    let mut broken = Vec::new();
    for name in sheet_names(path) {
        for c in header_cells(path, &name) {
            if breaks_inside_a_word(&c.text, c.width) {
                broken.push((name.clone(), c.text, c.width));
            }
        }
    }
    broken
}

/// The wrapped cells of every sheet that hold a score as tenken writes it (「2 (整備している)」,
/// "2 (documented)", or the meaning alone, 「整備している」) and break inside a word in their
/// column, as [`headers_broken_inside_a_word`] reads a header: 「2 (整備してい」 / 「る)」 on the
/// 改善計画書, 「運用してい」 / 「る」 on 回答.
/// (sheet, cell text, column width.)
pub fn scores_broken_inside_a_word(path: &Path) -> Vec<(String, String, f64)> {
    const MEANINGS: [&str; 4] = [
        "運用している",
        "整備している",
        "整備していない",
        "該当しない",
    ];
    let is_score = |t: &str| {
        let mut chars = t.chars();
        MEANINGS.contains(&t)
            || matches!(chars.next(), Some('0'..='3'))
                && chars.as_str().starts_with(" (")
                && t.ends_with(')')
    };
    let mut broken = Vec::new();
    for name in sheet_names(path) {
        for c in wrapped_cells(path, &name) {
            if is_score(&c.text) && breaks_inside_a_word(&c.text, c.width) {
                broken.push((name.clone(), c.text, c.width));
            }
        }
    }
    broken
}

/// The wrapped cells of every sheet that hold English (no Japanese at all) and break inside a
/// word in their column, as [`headers_broken_inside_a_word`] reads a header: a heading's
/// title in a narrow column printed 「Establish」 / 「ment of」 / 「organizati」 / 「onal」.
/// (sheet, cell text, column width.)
pub fn english_broken_inside_a_word(path: &Path) -> Vec<(String, String, f64)> {
    let mut broken = Vec::new();
    for name in sheet_names(path) {
        for c in wrapped_cells(path, &name) {
            if !japanese(&c.text) && breaks_inside_a_word(&c.text, c.width) {
                broken.push((name.clone(), c.text, c.width));
            }
        }
    }
    broken
}

/// Whether a line of `text` does not fit a column `width` characters wide, neither whole nor
/// word by word (words end at spaces, and after a hyphen, where Excel and LibreOffice break
/// 「important-」 / 「function」 too; a Japanese line is one word: LibreOffice breaks it
/// wherever it fills the column).
fn breaks_inside_a_word(text: &str, width: f64) -> bool {
    let room = per_line(width);
    !text.split('\n').all(|line| {
        text_width(line) <= room
            || line
                .split_inclusive([' ', '-'])
                .all(|word| text_width(word.trim_end()) <= room)
    })
}

/// Fails unless every wrapped cell of every sheet has a row tall enough for its lines at its
/// column's width (a kanji counts two cells; [`CJK_LINE`] a line; neither Excel nor LibreOffice
/// grows a row by itself), and no cell needs more than a row holds (Excel's 409 points).
pub fn assert_rows_hold_wrapped_text(path: &Path) {
    for name in sheet_names(path) {
        for c in wrapped_cells(path, &name) {
            let room = per_line(c.width);
            let lines: f64 = c
                .text
                .split('\n')
                .map(|l| (text_width(l) / room).ceil().max(1.0))
                .sum();
            // One line shows in any row; more need the row's height, and no row is taller
            // than Excel keeps: a text that needs more is cut to fit (with a mark).
            let needed = lines * CJK_LINE;
            assert!(
                needed <= 409.0,
                "{name} row {} col {}: {lines} lines ({needed} pt) of {:?} at width {}: \
                 more than a row prints",
                c.row + 1,
                c.col + 1,
                c.text.chars().take(200).collect::<String>(),
                c.width
            );
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

/// A sheet's geometry as the package gives it: column widths in pixels, row heights in
/// points (the default where a row sets none), and the boxes of the charts drawn on it.
pub struct Geometry {
    cols: Vec<(u32, u32, f64)>,
    rows: std::collections::BTreeMap<u32, f64>,
    default_height: f64,
    /// Each chart's anchor: where it starts and where it ends.
    anchors: Vec<[Corner; 2]>,
}

/// A corner of a chart's anchor: a cell, and the offset into it (EMU).
struct Corner {
    col: u32,
    col_off: f64,
    row: u32,
    row_off: f64,
}

/// A chart as it lies on its sheet: the rows it starts and ends on (from 0) and its size in
/// pixels, from its anchors and the sheet's rows and columns.
#[derive(Debug)]
pub struct ChartBox {
    pub first_row: u32,
    pub last_row: u32,
    pub width_px: f64,
    pub height_px: f64,
}

impl Geometry {
    pub fn of(path: &Path, name: &str) -> Geometry {
        let index = sheet_names(path).iter().position(|n| n == name).unwrap() + 1;
        let xml = part(path, &format!("xl/worksheets/sheet{index}.xml")).unwrap();
        let default_height: f64 = attr(&xml, "defaultRowHeight").unwrap().parse().unwrap();
        let mut rows = std::collections::BTreeMap::new();
        for row in xml.split("<row ").skip(1) {
            let open = format!(" {}", &row[..row.find('>').unwrap()]);
            let r: u32 = attr(&open, "r").unwrap().parse().unwrap();
            rows.insert(
                r - 1,
                attr(&open, "ht").map_or(default_height, |h| h.parse().unwrap()),
            );
        }
        let rels =
            part(path, &format!("xl/worksheets/_rels/sheet{index}.xml.rels")).unwrap_or_default();
        let mut anchors = Vec::new();
        if let Some(at) = rels.find("../drawings/") {
            let file = &rels[at + 3..at + rels[at..].find('"').unwrap()];
            let drawing = part(path, &format!("xl/{file}")).unwrap();
            let num = |s: &str, t: &str| -> f64 {
                let at = s.find(&format!("<xdr:{t}>")).unwrap() + t.len() + 6;
                s[at..at + s[at..].find('<').unwrap()].parse().unwrap()
            };
            for anchor in drawing.split("<xdr:twoCellAnchor>").skip(1) {
                let (from, to) = anchor.split_once("<xdr:to>").unwrap();
                anchors.push([from, to].map(|s| Corner {
                    col: num(s, "col") as u32,
                    col_off: num(s, "colOff"),
                    row: num(s, "row") as u32,
                    row_off: num(s, "rowOff"),
                }));
            }
        }
        Geometry {
            cols: column_pixels(path, &xml),
            rows,
            default_height,
            anchors,
        }
    }

    fn col_px(&self, c: u32) -> f64 {
        self.cols
            .iter()
            .find(|(a, b, _)| (*a..=*b).contains(&(c + 1)))
            .map_or(72.0, |w| w.2)
    }

    /// A row's height in points.
    pub fn row_pt(&self, r: u32) -> f64 {
        self.rows.get(&r).copied().unwrap_or(self.default_height)
    }

    /// The width of the columns, in pixels, up to the last the sheet sizes.
    fn width_px(&self) -> f64 {
        let last = self.cols.iter().map(|c| c.1).max().unwrap_or(0);
        (0..last).map(|c| self.col_px(c)).sum()
    }

    /// The height of the rows, in points, up to the last the sheet writes.
    fn height_pt(&self) -> f64 {
        let last = self.rows.keys().max().map_or(0, |r| r + 1);
        (0..last).map(|r| self.row_pt(r)).sum()
    }

    /// Where a corner of a chart lies: (pixels from the left, points from the top).
    fn at(&self, c: &Corner) -> (f64, f64) {
        let x = (0..c.col).map(|c| self.col_px(c)).sum::<f64>() + c.col_off / 9525.0;
        let y = (0..c.row).map(|r| self.row_pt(r)).sum::<f64>() + c.row_off / 12700.0;
        (x, y)
    }

    /// The charts drawn on the sheet.
    pub fn charts(&self) -> Vec<ChartBox> {
        self.anchors
            .iter()
            .map(|[from, to]| {
                let ((left, top), (right, bottom)) = (self.at(from), self.at(to));
                ChartBox {
                    first_row: from.row,
                    last_row: to.row,
                    width_px: right - left,
                    height_px: (bottom - top) * 4.0 / 3.0,
                }
            })
            .collect()
    }
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
    let g = Geometry::of(path, name);
    let (mut width_px, mut height_pt) = (g.width_px(), g.height_pt());
    for [_, to] in &g.anchors {
        let (right, bottom) = g.at(to);
        width_px = width_px.max(right);
        height_pt = height_pt.max(bottom);
    }
    let mut scale = (printable_w / (width_px * 0.75)).min(1.0);
    if attr(&setup, "fitToHeight") != Some("0") {
        scale = scale.min(printable_h / height_pt);
    }
    Some(scale)
}

/// The width sheet `name` prints, in pixels: its columns' and the charts drawn on it.
pub fn printed_width_px(path: &Path, name: &str) -> f64 {
    let g = Geometry::of(path, name);
    g.anchors
        .iter()
        .map(|[_, to]| g.at(to).0)
        .fold(g.width_px(), f64::max)
}

/// The part of sheet `name`, by its place in the workbook.
fn sheet_xml(path: &Path, name: &str) -> String {
    let index = sheet_names(path).iter().position(|n| n == name).unwrap() + 1;
    part(path, &format!("xl/worksheets/sheet{index}.xml")).unwrap()
}

/// The rows frozen at the top of sheet `name` (a table's header and what is above it).
pub fn frozen_rows(path: &Path, name: &str) -> Option<u32> {
    let xml = sheet_xml(path, name);
    let at = xml.find("<pane ")?;
    let tag = format!(" {}", &xml[at..at + xml[at..].find('>').unwrap()]);
    attr(&tag, "ySplit").map(|n| n.parse().unwrap())
}

/// The rows printed at the top of every page of sheet `name` (its print titles), 1-based
/// and inclusive: `(40, 40)` for `$40:$40`.
pub fn print_title_rows(path: &Path, name: &str) -> Option<(u32, u32)> {
    let index = sheet_names(path).iter().position(|n| n == name).unwrap();
    let workbook = part(path, "xl/workbook.xml").unwrap();
    let tag = format!("<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"{index}\">");
    let at = workbook.find(&tag)? + tag.len();
    let value = &workbook[at..at + workbook[at..].find('<').unwrap()];
    let rows = value.rsplit('!').next().unwrap();
    let (first, last) = rows.split_once(':').unwrap();
    let row = |r: &str| r.trim_start_matches('$').parse().unwrap();
    Some((row(first), row(last)))
}

/// The range of sheet `name`'s autofilter (`A8:H12`).
pub fn autofilter(path: &Path, name: &str) -> Option<String> {
    let xml = sheet_xml(path, name);
    let at = xml.find("<autoFilter ")?;
    let tag = format!(" {}", &xml[at..at + xml[at..].find('>').unwrap()]);
    attr(&tag, "ref").map(str::to_string)
}

/// The cells of sheet `name` on which Excel is told to ignore 「数値が文字列として保存されて
/// います」 (`<ignoredError sqref="A3:A40 C5" numberStoredAsText="1"/>`): each range as
/// (first row, first column, last row, last column), from 0.
pub fn ignored_number_as_text(path: &Path, name: &str) -> Vec<(u32, u32, u32, u32)> {
    let xml = sheet_xml(path, name);
    let mut out = Vec::new();
    for tag in xml.split("<ignoredError ").skip(1) {
        let tag = format!(" {}", &tag[..tag.find('>').unwrap()]);
        if attr(&tag, "numberStoredAsText") != Some("1") {
            continue;
        }
        let sqref = attr(&tag, "sqref").unwrap();
        // Excel refuses the file over a stray space (an empty reference).
        assert!(
            !sqref.is_empty() && sqref.split(' ').all(|r| !r.is_empty()),
            "{name}: sqref {sqref:?}"
        );
        for r in sqref.split(' ') {
            let (a, b) = r.split_once(':').unwrap_or((r, r));
            let ((r0, c0), (r1, c1)) = (cell_ref(a), cell_ref(b));
            out.push((r0, c0, r1, c1));
        }
    }
    out
}
