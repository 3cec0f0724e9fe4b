//! Workbooks (.xlsx) for Excel, where the prefectures and the ministry compile, print and
//! forward the tables: the helpers that the three workbooks share (formats, the table sheet
//! set-up, column widths and row heights, figures), written with rust_xlsxwriter, and the
//! per-item tables read back (`new --from WORKBOOK.xlsx`, [`read`]) with calamine. The
//! workbooks themselves are laid out beside their results (`report/xlsx.rs`,
//! `aggregate/xlsx.rs`, `diff/xlsx.rs`). Writer helpers and reader stay in one module because
//! they share the names of the per-item table ([`ID`], [`ANSWERS_SHEET`], …): what the report
//! writes, `new --from` reads back.
//!
//! Conventions shared by every workbook, so that the three look and print alike:
//! - item ids and heading numbers are text cells (Excel would turn `12-1` into a date);
//! - a figure is written as the number tenken prints (rounded half up by [`crate::figure`])
//!   with a number format of exactly that many decimals, so the cell shows the printed digits
//!   and a formula over it computes with them;
//! - a font with Japanese glyphs (ＭＳ Ｐゴシック, on every Japanese Windows) throughout;
//! - tables have a header row that is frozen and repeated on every printed page; pages are
//!   A4 landscape, fitted to the page width.

mod cells;
pub mod read;

use rust_xlsxwriter::{ColNum, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

use crate::figure::Figure;

/// Header names of the per-item table that `report --format xlsx` writes; `new --from` knows
/// them (and their English forms).
pub(crate) const ID: &str = "項目番号";
pub(crate) const SCORE: &str = "評価";
pub(crate) const COMMENT: &str = "コメント";
pub(crate) const EVIDENCE: &str = "根拠資料";
pub(crate) const ACTION: &str = "改善内容";
pub(crate) const OWNER: &str = "担当";
pub(crate) const DUE: &str = "期限";
/// Sheet names that `new --from` looks for first.
pub(crate) const ANSWERS_SHEET: &str = "回答";
pub(crate) const SUMMARY_SHEET: &str = "概要";
/// Summary rows `new --from` reads (the header block, `read`): the organisation, its code and
/// prefecture (when the sheet has them), the Western fiscal year.
pub(crate) const ORGANIZATION: &str = "団体名";
pub(crate) const CODE: &str = "団体コード";
pub(crate) const PREFECTURE: &str = "都道府県";
pub(crate) const FISCAL_YEAR: &str = "年度 (西暦)";
/// The summary row naming the catalog id, so that `new --from` picks the same edition.
pub(crate) const CATALOG_ID: &str = "点検票ID";

/// The font of every cell: Japanese glyphs, and on every Japanese Windows.
pub(crate) const FONT: &str = "ＭＳ Ｐゴシック";
/// Excel's paper size code for A4.
const A4: u8 = 9;

/// The formats of a workbook.
pub(crate) struct Styles {
    pub(crate) title: Format,
    pub(crate) header: Format,
    pub(crate) text: Format,
    pub(crate) wrap: Format,
    pub(crate) int: Format,
    /// A plain label outside a table (a section's name), bold, without a rule.
    pub(crate) label: Format,
    /// The box a seal (印) is pressed into, beside a name to be signed.
    pub(crate) stamp: Format,
}

impl Styles {
    /// 11-point Japanese text at the top of its cell: what every format starts from.
    fn base() -> Format {
        Format::new()
            .set_font_name(FONT)
            .set_font_size(11)
            .set_font_charset(128)
            .set_align(FormatAlign::Top)
    }

    /// A cell of a table's body: ruled, so that a printed table reads without gridlines.
    fn cell() -> Format {
        Styles::base().set_border(FormatBorder::Thin)
    }

    fn new() -> Styles {
        let base = Styles::base();
        Styles {
            // 14 points, in a row made tall enough for it (TITLE_ROW): a title never runs
            // into the line below, and has no rule around it.
            title: base.clone().set_bold().set_font_size(14),
            header: Styles::cell()
                .set_bold()
                .set_text_wrap()
                .set_background_color(0xD9D9D9),
            text: Styles::cell().set_num_format("@"),
            wrap: Styles::cell().set_text_wrap(),
            int: Styles::cell().set_num_format("0"),
            label: base.set_bold(),
            stamp: Styles::cell()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_font_color(0xA6A6A6),
        }
    }

    /// The format that shows a figure with `decimals` places (`signed`: with + or −).
    pub(crate) fn figure(&self, decimals: u32, signed: bool) -> Format {
        let digits = format!("0.{}", "0".repeat(decimals as usize));
        let digits = if decimals == 0 {
            "0".to_string()
        } else {
            digits
        };
        let f = Styles::cell();
        if signed {
            f.set_num_format(format!("+{digits};-{digits};+{digits}"))
        } else {
            f.set_num_format(digits)
        }
    }
}

/// A new workbook whose default font has Japanese glyphs, and its formats.
pub(crate) fn workbook() -> Result<(Workbook, Styles), String> {
    let mut wb = Workbook::new();
    let styles = Styles::new();
    let default = Format::new()
        .set_font_name(FONT)
        .set_font_size(11)
        .set_font_charset(128);
    wb.set_default_format(&default, 18, 72).map_err(err)?;
    Ok((wb, styles))
}

/// The workbook as bytes, for the output helper to write.
/// The 照合番号 line (`crate::seal::report_line`) at the left of every worksheet's footer,
/// beside the page numbers, so that every printed page carries it.
pub(crate) fn seal_footer(wb: &mut Workbook, line: Option<&str>) {
    let Some(line) = line else { return };
    let footer = format!("&L{}&C&P / &N", line.replace('&', "&&"));
    for ws in wb.worksheets_mut() {
        ws.set_footer(footer.as_str());
    }
}

pub(crate) fn finish(mut wb: Workbook) -> Result<Vec<u8>, String> {
    wb.save_to_buffer().map_err(err)
}

pub(crate) fn err(e: XlsxError) -> String {
    format!("writing the workbook: {e}")
}

/// A table's columns: header text and width (in characters).
pub(crate) struct Column<'a> {
    pub(crate) header: &'a str,
    pub(crate) width: f64,
}

/// A new worksheet named `name` laid out as a table: `title` (when given) in its first cell,
/// the header row of `columns` at `row` ([`table_header`]). The set-up every table sheet of
/// the three workbooks shares.
pub(crate) fn table_sheet<'w>(
    wb: &'w mut Workbook,
    styles: &Styles,
    name: &str,
    title: Option<&str>,
    row: u32,
    columns: &[Column],
) -> Result<&'w mut Worksheet, String> {
    let ws = wb.add_worksheet();
    ws.set_name(name).map_err(err)?;
    if let Some(title) = title {
        write_title(ws, styles, title)?;
    }
    table_header(ws, styles, row, columns)?;
    Ok(ws)
}

/// Points of the title row: 14-point type with room above and below.
const TITLE_ROW: f64 = 24.0;

/// Writes a sheet's title in its first cell, in a row tall enough for it.
pub(crate) fn write_title(ws: &mut Worksheet, styles: &Styles, title: &str) -> Written {
    ws.write_string_with_format(0, 0, title, &styles.title)
        .map_err(err)?;
    ws.set_row_height(0, TITLE_ROW).map_err(err)?;
    Ok(())
}

/// Turns on the autofilter over a table: its header row at `header` and the `columns` of it,
/// down to `last` (the last row of the body).
pub(crate) fn autofilter(ws: &mut Worksheet, header: u32, last: u32, columns: usize) -> Written {
    if columns > 0 {
        ws.autofilter(header, 0, last.max(header), columns as ColNum - 1)
            .map_err(err)?;
    }
    Ok(())
}

/// Writes a header row at `row`, sets the column widths, freezes the rows above and including
/// it, and sets up printing: A4 landscape, the header repeated on every page, fitted to the
/// page width, the sheet's name in the page header and page numbers in the footer.
pub(crate) fn table_header(
    ws: &mut Worksheet,
    styles: &Styles,
    row: u32,
    columns: &[Column],
) -> Result<(), String> {
    for (c, col) in columns.iter().enumerate() {
        let c = c as ColNum;
        ws.write_string_with_format(row, c, col.header, &styles.header)
            .map_err(err)?;
        ws.set_column_width(c, col.width).map_err(err)?;
    }
    ws.set_row_height(row, 2.0 * LINE).map_err(err)?;
    ws.set_freeze_panes(row + 1, 0).map_err(err)?;
    ws.set_repeat_rows(row, row).map_err(err)?;
    page_setup(ws);
    Ok(())
}

/// A4 landscape, fitted to the page width, page numbers in the footer.
pub(crate) fn page_setup(ws: &mut Worksheet) {
    ws.set_paper_size(A4);
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_header("&L&A");
    ws.set_footer("&C&P / &N");
}

/// What writing to a worksheet gives: nothing, or the error in words.
pub(crate) type Written = Result<(), String>;

fn string(ws: &mut Worksheet, row: u32, col: ColNum, s: &str, format: &Format) -> Written {
    ws.write_string_with_format(row, col, s, format)
        .map(|_| ())
        .map_err(err)
}

/// Writes a text cell (ids, numbers of headings: text, never a number or a date).
pub(crate) fn text(ws: &mut Worksheet, st: &Styles, row: u32, col: ColNum, s: &str) -> Written {
    string(ws, row, col, s, &st.text)
}

/// Writes a text cell that wraps (wording, comments).
pub(crate) fn wrapped(ws: &mut Worksheet, st: &Styles, row: u32, col: ColNum, s: &str) -> Written {
    string(ws, row, col, s, &st.wrap)
}

/// Writes a count.
pub(crate) fn count(ws: &mut Worksheet, st: &Styles, row: u32, col: ColNum, n: u64) -> Written {
    ws.write_number_with_format(row, col, n as f64, &st.int)
        .map(|_| ())
        .map_err(err)
}

/// Writes a figure as the number tenken prints, showing exactly the printed digits; 「-」 as
/// text where there is none.
pub(crate) fn figure(
    ws: &mut Worksheet,
    styles: &Styles,
    row: u32,
    col: ColNum,
    value: Option<Figure>,
    decimals: u32,
    signed: bool,
) -> Result<(), String> {
    match value {
        Some(v) => {
            let printed = v.fixed(decimals);
            let number: f64 = printed.parse().map_err(|_| format!("figure {printed}"))?;
            ws.write_number_with_format(row, col, number, &styles.figure(decimals, signed))
                .map_err(err)?;
        }
        None => {
            ws.write_string_with_format(row, col, "-", &styles.text)
                .map_err(err)?;
        }
    }
    Ok(())
}

/// Writes an average as printed: three decimals ([`figure`]); 「-」 where there is none.
pub(crate) fn average<F: Into<Figure>>(
    ws: &mut Worksheet,
    st: &Styles,
    row: u32,
    col: ColNum,
    value: Option<F>,
) -> Written {
    figure(ws, st, row, col, value.map(Into::into), 3, false)
}

/// Points per line of 11-point text in a Japanese font: Excel's 15 pt default fits Latin text,
/// but a kanji line in MS Gothic or Noto Sans CJK needs about 1.5 times the type size — at 15 pt
/// LibreOffice cut the lower half off the last line of a wrapped 現在の評価 on the 改善計画書.
const LINE: f64 = 16.5;
/// The tallest row Excel keeps (points).
const MAX_ROW: f64 = 409.0;

/// Lines a text takes in a column `width` characters wide (a kanji counts two), one at
/// least: each line of the text wraps at the width less a character of cell padding.
fn lines(text: &str, width: f64) -> f64 {
    let cols = (width - 1.0).max(1.0);
    text.split('\n')
        .map(|l| {
            let w = unicode_width::UnicodeWidthStr::width(l) as f64;
            (w / cols).ceil().max(1.0)
        })
        .sum()
}

/// Rows as tall as every wrapped cell in them: a sheet's writer knows its column widths,
/// writes each wrapped cell through [`Fit::wrapped`] (which notes the lines it takes at its
/// column's width), and [`Fit::apply`] sets the heights at the end — so that no column is
/// forgotten, as when each row listed the columns it fitted. (Neither Excel nor LibreOffice grows a
/// row for wrapped text in a file that does not say so, and a printed table must show the
/// whole wording.)
pub(crate) struct Fit {
    widths: Vec<f64>,
    /// Points each row needs.
    heights: std::collections::BTreeMap<u32, f64>,
}

impl Fit {
    /// Widths of the columns from A on, in characters.
    pub(crate) fn new(widths: impl IntoIterator<Item = f64>) -> Fit {
        Fit {
            widths: widths.into_iter().collect(),
            heights: Default::default(),
        }
    }

    /// For a table's columns.
    pub(crate) fn columns(columns: &[Column]) -> Fit {
        Fit::new(columns.iter().map(|c| c.width))
    }

    /// Sets the width of column `col` (what the sheet sets too).
    pub(crate) fn set_width(&mut self, col: ColNum, width: f64) {
        let k = col as usize;
        if self.widths.len() <= k {
            self.widths.resize(k + 1, 8.43);
        }
        self.widths[k] = width;
    }

    /// Notes a wrapped text at (`row`, `col`).
    pub(crate) fn note(&mut self, row: u32, col: ColNum, s: &str) {
        let width = self.widths.get(col as usize).copied().unwrap_or(8.43);
        self.at_least(row, lines(s, width) * LINE);
    }

    /// Makes `row` at least `points` tall (a box to sign in).
    pub(crate) fn at_least(&mut self, row: u32, points: f64) {
        let at = self.heights.entry(row).or_insert(LINE);
        *at = at.max(points);
    }

    /// Writes a wrapped text cell and notes its lines.
    pub(crate) fn wrapped(
        &mut self,
        ws: &mut Worksheet,
        st: &Styles,
        row: u32,
        col: ColNum,
        s: &str,
    ) -> Written {
        wrapped(ws, st, row, col, s)?;
        self.note(row, col, s);
        Ok(())
    }

    /// Writes a text cell in `format` (which wraps) and notes its lines.
    pub(crate) fn with(
        &mut self,
        ws: &mut Worksheet,
        row: u32,
        col: ColNum,
        s: &str,
        format: &Format,
    ) -> Written {
        string(ws, row, col, s, format)?;
        self.note(row, col, s);
        Ok(())
    }

    /// Sets the height of every row that needs more than one line or asked for more (capped at Excel's 409
    /// points).
    pub(crate) fn apply(&self, ws: &mut Worksheet) -> Written {
        for (&row, &points) in &self.heights {
            if points > LINE {
                ws.set_row_height(row, points.min(MAX_ROW)).map_err(err)?;
            }
        }
        Ok(())
    }
}
