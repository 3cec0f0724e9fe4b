//! Workbooks (.xlsx) for Excel, where the prefectures and the ministry compile, print and
//! forward the tables: the helpers that the three workbooks share (formats, the table sheet
//! set-up, column widths and row heights, figures), written with rust_xlsxwriter, and the
//! per-item tables read back (`new --from WORKBOOK.xlsx`, [`read`]) with calamine within
//! bounds (`bounded`), or from a CSV file (`csv`: the report's own and others'). The
//! workbooks themselves are laid out beside their results (`report/xlsx.rs`,
//! `aggregate/xlsx.rs`, `diff/xlsx.rs`). Writer helpers and reader stay in one module because
//! they share the names of the per-item table ([`ID`], [`ANSWERS_SHEET`], …): what the report
//! writes, `new --from` reads back.
//!
//! Conventions shared by every workbook, so that the three look and print alike:
//! - item ids, heading numbers and 団体コード are text cells (Excel would turn `12-1` into a
//!   date and drop the 0 of `01`), written through [`id_cell`] or [`Fit::wrapped_id`], which
//!   tell Excel not to flag them as numbers stored as text ([`finish`]);
//! - a figure is written as the number tenken prints (rounded half up by [`crate::figure`])
//!   with a number format of exactly that many decimals, so the cell shows the printed digits
//!   and a formula over it computes with them;
//! - a font with Japanese glyphs (ＭＳ Ｐゴシック, on every Japanese Windows) throughout;
//! - tables have a header row that is frozen and repeated on every printed page; pages are
//!   A4 landscape, fitted to the page width.
//! - a text too long for a cell is cut with a mark ([`cell_text`]), never a failed workbook;
//!   a wrapped text with more lines than a printed row holds, likewise ([`row_text`]): the
//!   report keeps the whole of a sheet's text on its [`LONG_SHEET`].

mod bounded;
mod cells;
mod csv;
mod numbers;
pub(crate) mod read;
mod title;

pub(crate) use numbers::{average, count, count_known, figure};
pub(crate) use title::{fitted_title, title_notice, write_title};

use rust_xlsxwriter::{
    ColNum, Format, FormatAlign, FormatBorder, IgnoreError, Workbook, Worksheet, XlsxError,
};

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};

use crate::lang::{Lang, say};
use crate::sheet::Sheet;

/// A label in Japanese and in English, written in the workbook's language.
pub(crate) type Label = (&'static str, &'static str);

/// Header names of the per-item table that `report --format xlsx` writes (Japanese, English);
/// `new --from` knows both. The 長文 sheet and the commands' notices of a cut text name its
/// field by the same labels.
pub(crate) const ID: Label = ("項目番号", "Item");
pub(crate) const SCORE: Label = ("評価", "Score");
pub(crate) const COMMENT: Label = ("コメント", "Comment");
pub(crate) const EVIDENCE: Label = ("根拠資料", "Evidence");
pub(crate) const ACTION: Label = ("改善内容", "Action");
pub(crate) const OWNER: Label = ("担当", "Owner");
pub(crate) const DUE: Label = ("期限", "Due");
/// Sheet names that `new --from` looks for first.
pub(crate) const ANSWERS_SHEET: &str = "回答";
pub(crate) const SUMMARY_SHEET: &str = "概要";
/// Summary rows `new --from` reads (the header block, `read`): the organisation, its code and
/// prefecture (when the sheet has them), the Western fiscal year.
pub(crate) const ORGANIZATION: Label = ("団体名", "Organization");
pub(crate) const CODE: &str = "団体コード";
pub(crate) const PREFECTURE: &str = "都道府県";
pub(crate) const FISCAL_YEAR: &str = "年度 (西暦)";
/// A sheet of the aggregate workbook and one of the diff workbook (Japanese, English): what
/// tells `aggregate` and `new --from` that a workbook is one of tenken's own tables, not an
/// organisation's answers ([`read::ImportError::Summary`]).
pub(crate) const RECEIVED_SHEET: (&str, &str) = ("受付一覧", "Files received");
pub(crate) const DIFF_ITEMS_SHEET: (&str, &str) = ("項目別", "Items");
/// The first cell of the report CSV's per-item table, its last block (Japanese, English):
/// what `new --from` and `aggregate` find it by, below the header rows of other tables too.
pub(crate) const REPORT_ITEMS_HEAD: (&str, &str) = ("回答一覧 項目", "all answers: item");
/// The first columns of the aggregate CSV and of the diff CSV (the same in either language):
/// what tells a CSV that is one of tenken's own tables, as the two sheets above tell a
/// workbook.
pub(crate) const AGGREGATE_CSV_HEAD: [&str; 2] = ["id", "average"];
pub(crate) const DIFF_CSV_HEAD: [&str; 2] = ["id", "old_score"];
/// The summary row naming the catalog id, so that `new --from` picks the same edition
/// (Japanese, English: it reads either).
pub(crate) const CATALOG_ID: (&str, &str) = ("点検票ID", "Catalog ID");
/// The summary row giving when the sheet was last changed (令和8年11月25日
/// (2026-11-25T10:42:13+09:00): the RFC 3339 time of the answer file in brackets):
/// `aggregate` compares a workbook with the organisation's other submissions by it, not by
/// the time of the file, which a copy changes.
pub(crate) const UPDATED: &str = "更新日時";
/// The sheet's other header texts, as the report's 概要 labels them.
pub(crate) const RESPONDENT: Label = ("回答者", "Respondent");
pub(crate) const INSPECTOR: Label = ("点検実施者", "Inspected by");
pub(crate) const APPROVER: Label = ("確認者", "Approved by");
pub(crate) const INSPECTED_ON: Label = ("点検日", "Inspected on");
/// The sheet of the report workbook that holds, whole, every text of the sheet that a cell
/// shows cut because its row cannot print it ([`row_text`], [`Rest::OnLongSheet`]; a text too
/// long for any cell among them), in parts that each print whole ([`row_parts`]) on
/// consecutive rows; `new --from` puts the parts back together.
pub(crate) const LONG_SHEET: &str = "長文";
/// Its columns: the item (empty for the sheet's header), the field (a column name of the
/// per-item table, or 団体名, in the workbook's language) and one part of the text.
pub(crate) const LONG_PART: Label = ("本文", "Text");

/// The font of every cell: Japanese glyphs, and on every Japanese Windows.
pub(crate) const FONT: &str = "ＭＳ Ｐゴシック";
/// Excel's paper size code for A4.
const A4: u8 = 9;

/// The formats of a workbook, its language (for the mark of a text cut to fit a cell), and
/// the cells it wrote ids in.
pub(crate) struct Styles {
    pub(crate) lang: Lang,
    pub(crate) title: Format,
    pub(crate) header: Format,
    pub(crate) text: Format,
    pub(crate) wrap: Format,
    pub(crate) int: Format,
    /// A plain label outside a table (a section's name), bold, without a rule.
    pub(crate) label: Format,
    /// Plain text outside a table (a line under the title), without a rule or a wrap.
    pub(crate) plain: Format,
    /// The box a seal (印) is pressed into, beside a name to be signed.
    pub(crate) stamp: Format,
    /// The names (団体名) in the sheets' titles, cut where a title is wider than its sheet
    /// prints ([`write_title`]).
    pub(crate) title_names: Vec<String>,
    /// The cells written as ids ([`id_cell`], [`Fit::wrapped_id`]), by sheet, as (column,
    /// row): [`finish`] tells Excel not to flag them.
    ids: RefCell<BTreeMap<String, BTreeSet<(ColNum, u32)>>>,
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

    fn new(lang: Lang) -> Styles {
        let base = Styles::base();
        Styles {
            lang,
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
            plain: base.clone(),
            label: base.set_bold(),
            stamp: Styles::cell()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_font_color(0xA6A6A6),
            title_names: Vec::new(),
            ids: RefCell::default(),
        }
    }

    /// Notes that the cell at (`row`, `col`) of `ws` holds an id.
    fn note_id(&self, ws: &Worksheet, row: u32, col: ColNum) {
        self.ids
            .borrow_mut()
            .entry(ws.name())
            .or_default()
            .insert((col, row));
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
pub(crate) fn workbook(lang: Lang) -> Result<(Workbook, Styles), String> {
    let mut wb = Workbook::new();
    let styles = Styles::new(lang);
    let default = Format::new()
        .set_font_name(FONT)
        .set_font_size(11)
        .set_font_charset(128);
    wb.set_default_format(&default, 18, 72).map_err(err)?;
    Ok((wb, styles))
}

/// The 照合番号 line (`crate::seal::printed_line`) at the left of every worksheet's footer,
/// beside the page numbers, so that every printed page carries it; `None` (an unsigned
/// sheet) leaves the footers as they are.
pub(crate) fn seal_footer(wb: &mut Workbook, line: Option<&str>) {
    let Some(line) = line else { return };
    let footer = format!("&L{}&C&P / &N", line.replace('&', "&&"));
    for ws in wb.worksheets_mut() {
        ws.set_footer(footer.as_str());
    }
}

/// The workbook as bytes, for the output helper to write. Excel marks every text cell that
/// reads as a number with a green triangle (「数値が文字列として保存されています」), which on a
/// document handed to a prefecture looks like a fault: each sheet first tells it to ignore
/// that error on the ids it holds ([`id_cell`]), and on no other cell, in runs down a column.
pub(crate) fn finish(mut wb: Workbook, st: &Styles) -> Result<Vec<u8>, String> {
    let ids = st.ids.take();
    for ws in wb.worksheets_mut() {
        let Some(cells) = ids.get(&ws.name()) else {
            continue;
        };
        for (col, first, last) in runs(cells) {
            ws.ignore_error_range(first, col, last, col, IgnoreError::NumberStoredAsText)
                .map_err(err)?;
        }
    }
    wb.save_to_buffer().map_err(err)
}

/// Cells as (column, first row, last row) of the runs of consecutive rows in each column.
fn runs(cells: &BTreeSet<(ColNum, u32)>) -> Vec<(ColNum, u32, u32)> {
    let mut out: Vec<(ColNum, u32, u32)> = Vec::new();
    for &(col, row) in cells {
        match out.last_mut() {
            Some((c, _, last)) if *c == col && *last + 1 == row => *last = row,
            _ => out.push((col, row, row)),
        }
    }
    out
}

pub(crate) fn err(e: XlsxError) -> String {
    format!("writing the workbook: {e}")
}

/// A table's columns: header text and width (in characters).
pub(crate) struct Column<'a> {
    pub(crate) header: &'a str,
    pub(crate) width: f64,
}

/// A table's columns from rows of (header in Japanese, header in English, width), headed in
/// `lang`: how each sheet writes its table down.
pub(crate) fn columns_in<'a>(lang: Lang, table: &[(&'a str, &'a str, f64)]) -> Vec<Column<'a>> {
    table
        .iter()
        .map(|&(ja, en, width)| Column {
            header: lang.pick(ja, en),
            width,
        })
        .collect()
}

/// A new worksheet named `name` laid out as a table: `title` (when given) in its first cell,
/// the header row of `columns` at `row` ([`table_header`]); and the [`Fit`] of its columns,
/// for the wrapped cells of its body. The set-up every table sheet of the three workbooks
/// shares.
pub(crate) fn table_sheet<'w>(
    wb: &'w mut Workbook,
    styles: &Styles,
    name: &str,
    title: Option<&str>,
    row: u32,
    columns: &[Column],
) -> Result<(&'w mut Worksheet, Fit), String> {
    let ws = wb.add_worksheet();
    ws.set_name(name).map_err(err)?;
    if let Some(title) = title {
        write_title(ws, styles, title, columns.iter().map(|c| c.width).sum())?;
    }
    table_header(ws, styles, row, columns)?;
    Ok((ws, Fit::columns(columns)))
}

/// Writes at `row`, under a sheet's title, when the workbook was made (作成日, today's date in
/// the one printed style) and a space for who made it (作成者) to sign.
pub(crate) fn made_on(ws: &mut Worksheet, st: &Styles, row: u32) -> Written {
    let today = crate::clock::now().date();
    let lang = st.lang;
    made_line(ws, st, row, lang.pick("作成日", "Made on"), today, lang)
}

/// Writes at `row` the line a compiled document is signed on: `label` (作成日, 集計日) with
/// `date` in the one printed style, and a space for who made it (作成者) to sign.
pub(crate) fn made_line(
    ws: &mut Worksheet,
    st: &Styles,
    row: u32,
    label: &str,
    date: time::Date,
    lang: Lang,
) -> Written {
    let line = format!(
        "{label}: {}    {}: ＿＿＿＿＿＿＿＿＿＿＿＿",
        crate::date::wareki_and_iso(date),
        lang.pick("作成者", "Made by"),
    );
    // Taller than a plain row: the blank for the name is drawn with full-width low lines, which
    // otherwise touch the ruled table header below.
    ws.set_row_height(row, 20).map_err(err)?;
    string(ws, st, row, 0, &line, &st.plain)
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
    // Two lines at least, and as many as the longest header takes at its column's width.
    let lines = columns
        .iter()
        .map(|c| lines(c.header, c.width))
        .fold(2.0, f64::max);
    ws.set_row_height(row, lines * LINE).map_err(err)?;
    ws.set_freeze_panes(row + 1, 0).map_err(err)?;
    ws.set_repeat_rows(row, row).map_err(err)?;
    page_setup(ws);
    Ok(())
}

/// The set-up of every sheet: rows one Japanese line tall by default ([`LINE`]: Excel's 13.5
/// points fit ＭＳ Ｐゴシック, but LibreOffice, drawing the kanji in Noto Sans CJK or another
/// fallback, cut the bottom off a single-line 点検日 or 団体名); A4 landscape with narrow side
/// margins (Excel's 「狭い」: 0.25 inch), fitted to the page width, page numbers in the footer. The printable width is 806 points: Excel lays a column
/// out at 8 pixels (6 points) a character of 11-point ＭＳ Ｐゴシック and 5 pixels of padding,
/// so a table prints at 80 % or more when its widths add up to at most 168 characters less ⅝
/// per column (160 for 13 columns; `every_printed_sheet_prints_at_80_percent_or_more` checks
/// every sheet).
pub(crate) fn page_setup(ws: &mut Worksheet) {
    ws.set_default_row_height(LINE);
    ws.set_paper_size(A4);
    ws.set_landscape();
    ws.set_margins(0.25, 0.25, 0.75, 0.75, 0.3, 0.3);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_header("&L&A");
    ws.set_footer("&C&P / &N");
}

/// The widest a table of `columns` columns can be, in characters, to print at 80 % or more
/// on A4 landscape ([`page_setup`]).
pub(crate) fn printed_width(columns: usize) -> f64 {
    (167.5 - 0.625 * columns as f64).floor()
}

/// What writing to a worksheet gives: nothing, or the error in words.
pub(crate) type Written = Result<(), String>;

/// The most text a cell holds: Excel's limit, in UTF-16 code units (what Excel counts).
pub(crate) const CELL_LIMIT: usize = 32_767;

/// Whether `s` is too long for one cell.
pub(crate) fn too_long(s: &str) -> bool {
    s.len() > CELL_LIMIT && s.encode_utf16().count() > CELL_LIMIT
}

/// Where the rest of a text cut to fit its row is ([`row_text`]): nowhere in the workbook
/// (the national table, the diff), or on [`LONG_SHEET`] (the report, for a sheet's texts).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Rest {
    Cut,
    OnLongSheet,
}

/// Whether `s` prints whole in a wrapped cell of a column `width` characters wide: its lines
/// ([`lines`]) in a row no taller than Excel keeps ([`MAX_ROW`]: about 24 lines), and within
/// a cell's limit.
pub(crate) fn fits_row(s: &str, width: f64) -> bool {
    lines(s, width) * LINE <= MAX_ROW && !too_long(s)
}

/// `s` as a wrapped cell of a column `width` characters wide prints it: whole when it fits
/// its row ([`fits_row`]); else its beginning and a mark that says how much is left out and,
/// for [`Rest::OnLongSheet`], that the rest is on [`LONG_SHEET`] — so that a printed row never
/// ends in the middle of a text without saying so (a row of 409 points printed its first 24
/// lines, the last cut in half, and nothing more).
pub(crate) fn row_text(s: &str, width: f64, rest: Rest, lang: Lang) -> Cow<'_, str> {
    if fits_row(s, width) {
        return Cow::Borrowed(s);
    }
    let total = s.chars().count();
    let mark = |left: usize| {
        let left = crate::figure::grouped(left as u64);
        match rest {
            Rest::Cut => say!(
                lang,
                "…［以下 {left} 字省略］",
                "… [{left} more characters cut]"
            ),
            Rest::OnLongSheet => say!(
                lang,
                "…［以下 {left} 字は「長文」シートに］",
                "… [{left} more characters on the 長文 sheet]"
            ),
        }
    };
    // The most characters that fit with the longest mark (the fewer left, the shorter it is):
    // the lines of a beginning and a mark grow with the beginning, so a binary search finds it.
    let ends: Vec<usize> = s.char_indices().map(|(i, _)| i).collect();
    let longest = mark(total);
    let fits = |k: usize| fits_row(&format!("{}{longest}", &s[..ends[k]]), width);
    let (mut lo, mut hi) = (0, total - 1);
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        if fits(mid) { lo = mid } else { hi = mid - 1 }
    }
    Cow::Owned(format!("{}{}", &s[..ends[lo]], mark(total - lo)))
}

/// `s` as a cell can hold it: whole when it fits; else its beginning and a mark that says how
/// much was left out, [`CELL_LIMIT`] in all, so that one long text never fails the workbook.
pub(crate) fn cell_text(s: &str, lang: Lang) -> Cow<'_, str> {
    if !too_long(s) {
        return Cow::Borrowed(s);
    }
    let total = s.chars().count();
    // The mark's room, with digits to spare.
    let room = CELL_LIMIT - 64;
    let (mut units, mut kept) = (0, 0);
    for c in s.chars() {
        if units + c.len_utf16() > room {
            break;
        }
        units += c.len_utf16();
        kept += c.len_utf8();
    }
    let left = total - s[..kept].chars().count();
    let left = crate::figure::grouped(left as u64);
    Cow::Owned(say!(
        lang,
        "{}…［以下 {left} 字省略］",
        "{}… [{left} more characters cut]",
        &s[..kept]
    ))
}

/// `s` in parts that each print whole in a wrapped cell of a column `width` characters wide
/// ([`fits_row`]), for [`LONG_SHEET`]: split between characters, after the part's last line
/// break where it has one, else after its last space, 「。」 or 「、」; nothing lost or added (the
/// parts joined are `s`). Line breaks and spaces at a part's ends are kept as they are by
/// Excel, LibreOffice and calamine, so `new --from` joins the parts back exactly.
pub(crate) fn row_parts(s: &str, width: f64) -> Vec<&str> {
    let cols = (width - 1.0).max(1.0);
    let mut parts = Vec::new();
    let mut rest = s;
    while !fits_row(rest, width) {
        // The characters that fit, counted line by line as [`lines`] counts them.
        let (mut done, mut line, mut end) = (0.0, 0.0, 0);
        for (i, c) in rest.char_indices() {
            let (d, l) = if c == '\n' {
                (done + (line / cols).ceil().max(1.0), 0.0)
            } else {
                (
                    done,
                    line + unicode_width::UnicodeWidthChar::width(c).unwrap_or(0) as f64,
                )
            };
            if (d + (l / cols).ceil().max(1.0)) * LINE > MAX_ROW {
                break;
            }
            (done, line, end) = (d, l, i + c.len_utf8());
        }
        // A width the characters' sum does not give (a sequence wider than its parts).
        while end > 0 && !fits_row(&rest[..end], width) {
            end = rest[..end].char_indices().last().map_or(0, |(i, _)| i);
        }
        let end = end.max(rest.chars().next().map_or(0, char::len_utf8));
        let head = &rest[..end];
        // After the last line break; else (the part is one line) after its last space or 。、.
        let at = head
            .rfind('\n')
            .or_else(|| head.rfind([' ', '　', '。', '、']));
        let end = match at {
            Some(k) if k > 0 => k + head[k..].chars().next().map_or(0, char::len_utf8),
            _ => end,
        };
        parts.push(&rest[..end]);
        rest = &rest[end..];
    }
    parts.push(rest);
    parts
}

/// A text of a sheet where a workbook shows it: (item, field, text), the item `None` for the
/// header's fields.
pub(crate) type SheetText<'s> = (Option<&'s str>, Label, &'s str);

/// Every text a sheet's writers wrote: the header's names and date, and each answer's and
/// unanswered item's notes, in the order of the sheet. What the report workbook keeps whole
/// on [`LONG_SHEET`] where it cuts them (`report::xlsx`).
pub(crate) fn sheet_texts(sheet: &Sheet) -> Vec<SheetText<'_>> {
    let mut out: Vec<SheetText> = [
        (ORGANIZATION, &sheet.organization),
        (RESPONDENT, &sheet.respondent),
        (INSPECTOR, &sheet.inspector),
        (APPROVER, &sheet.approver),
        (INSPECTED_ON, &sheet.inspected_on),
    ]
    .into_iter()
    .map(|(field, text)| (None, field, text.as_str()))
    .collect();
    // Answers' notes, and those written on items not answered yet.
    let answers = sheet
        .answers
        .iter()
        .map(|(id, a)| (id, &a.comment, &a.evidence, &a.plan));
    let unanswered = sheet
        .notes
        .iter()
        .map(|(id, n)| (id, &n.comment, &n.evidence, &n.plan));
    for (id, comment, evidence, plan) in answers.chain(unanswered) {
        out.extend(
            [(COMMENT, comment), (EVIDENCE, evidence)]
                .map(|(f, t)| (Some(id.as_str()), f, t.as_str())),
        );
        if let Some(p) = plan {
            out.extend(
                [(ACTION, &p.action), (OWNER, &p.owner), (DUE, &p.due)]
                    .map(|(f, t)| (Some(id.as_str()), f, t.as_str())),
            );
        }
    }
    out
}

/// What a command says on stderr of a text its workbook shows cut: the file, the item and
/// field (in `lang`), how long it is, and where the rest is ([`Rest`]: nowhere, or the
/// report's 長文 sheet). The one wording of `report`, `aggregate` and `diff`.
pub(crate) fn cut_notice(
    file: &str,
    item: Option<&str>,
    field: Label,
    text: &str,
    rest: Rest,
    lang: Lang,
) -> String {
    let (head, n) = notice_head(file, item, field, text, lang);
    let limit = crate::figure::grouped(CELL_LIMIT as u64);
    let kept = rest == Rest::OnLongSheet;
    if !too_long(text) {
        // Within a cell, but more lines than a printed row shows ([`row_text`]).
        return match lang {
            Lang::Ja => format!(
                "{head}: {n} 字は印刷される行の高さ (Excel の上限 409 ポイント) に収まらないため、欄には収まる分を示しました{}",
                if kept {
                    "。全文は「長文」シートにあります"
                } else {
                    "。残りは省略しました"
                }
            ),
            Lang::En => format!(
                "{head}: its {n} characters need more lines than a printed row holds (Excel's 409 points), so its cell shows what fits{}",
                if kept {
                    "; the whole text is on the 長文 sheet"
                } else {
                    " and leaves the rest out"
                }
            ),
        };
    }
    match lang {
        Lang::Ja => format!(
            "{head}: {n} 字は Excel のセルの上限 ({limit} 字) を超えるため、ワークブックでは切り詰めました{}",
            if kept {
                "。全文は「長文」シートにあります"
            } else {
                ""
            }
        ),
        Lang::En => format!(
            "{head}: its {n} characters exceed an Excel cell's limit ({limit}), so the workbook shows it cut{}",
            if kept {
                "; the whole text is on the 長文 sheet"
            } else {
                ""
            }
        ),
    }
}

/// How a notice of a cut text begins, 「tenken: FILE: ITEM FIELD」 (the field in `lang`), and
/// the text's length in characters, as printed.
fn notice_head(
    file: &str,
    item: Option<&str>,
    (ja, en): Label,
    text: &str,
    lang: Lang,
) -> (String, String) {
    let file = crate::safe_text::sanitize_line(file);
    let field = lang.pick(ja, en);
    let what = match item {
        Some(id) => format!("{} {field}", crate::safe_text::sanitize_line(id)),
        None => field.to_string(),
    };
    let n = crate::figure::grouped(text.chars().count() as u64);
    (format!("tenken: {file}: {what}"), n)
}

fn string(
    ws: &mut Worksheet,
    st: &Styles,
    row: u32,
    col: ColNum,
    s: &str,
    format: &Format,
) -> Written {
    ws.write_string_with_format(row, col, cell_text(s, st.lang).as_ref(), format)
        .map(|_| ())
        .map_err(err)
}

/// Writes a text cell that does not wrap (a catalog id, a time, a field's name, a mark: text,
/// never a number or a date). An id goes through [`id_cell`].
pub(crate) fn text(ws: &mut Worksheet, st: &Styles, row: u32, col: ColNum, s: &str) -> Written {
    string(ws, st, row, col, s, &st.text)
}

/// Writes an id — an item's, a heading's number, a 団体コード — as a [`text`] cell, and notes
/// it, so that Excel is told not to flag it as a number stored as text ([`finish`]).
pub(crate) fn id_cell(ws: &mut Worksheet, st: &Styles, row: u32, col: ColNum, s: &str) -> Written {
    text(ws, st, row, col, s)?;
    st.note_id(ws, row, col);
    Ok(())
}

/// Points per line of 11-point text in a Japanese font: Excel's 15 pt default fits Latin text,
/// but a kanji line in MS Gothic or Noto Sans CJK needs about 1.5 times the type size — at 15 pt
/// LibreOffice cut the lower half off the last line of a wrapped 現在の評価 on the 改善計画書.
pub(crate) const LINE: f64 = 16.5;
/// [`LINE`] in pixels (at 96 dpi): the height of a default row, where a chart is laid over rows.
pub(crate) const LINE_PIXELS: u32 = (LINE * 4.0 / 3.0) as u32;
/// The tallest row Excel keeps (points): about 24 lines ([`fits_row`]).
pub(crate) const MAX_ROW: f64 = 409.0;

/// The width of a column that shows `header` whole, each of its lines on one line.
pub(crate) fn width_for(header: &str) -> f64 {
    header
        .split('\n')
        .map(|l| unicode_width::UnicodeWidthStr::width(l) as f64 + 1.0)
        .fold(1.0, f64::max)
}

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
        self.at_least(row, lines(s, self.width(col)) * LINE);
    }

    /// Makes `row` at least `points` tall (a box to sign in).
    pub(crate) fn at_least(&mut self, row: u32, points: f64) {
        let at = self.heights.entry(row).or_insert(LINE);
        *at = at.max(points);
    }

    /// Writes a wrapped text cell and notes its lines: cut to what its row prints, with a mark
    /// ([`row_text`], [`Rest::Cut`]).
    pub(crate) fn wrapped(
        &mut self,
        ws: &mut Worksheet,
        st: &Styles,
        row: u32,
        col: ColNum,
        s: &str,
    ) -> Written {
        self.cut(ws, st, (row, col), s, Rest::Cut)
    }

    /// Writes a wrapped cell of a sheet's own text that the report keeps whole on
    /// [`LONG_SHEET`] where it does not fit its row: cut, with a mark that says so.
    pub(crate) fn kept(
        &mut self,
        ws: &mut Worksheet,
        st: &Styles,
        row: u32,
        col: ColNum,
        s: &str,
    ) -> Written {
        self.cut(ws, st, (row, col), s, Rest::OnLongSheet)
    }

    /// Writes a line of text outside a table (unruled, as [`made_on`]'s) that wraps across
    /// columns `first` to `last` of `row`, merged into one cell, and notes its lines at their
    /// width together: cut to what its row prints, with a mark ([`row_text`], [`Rest::Cut`]).
    pub(crate) fn line_across(
        &mut self,
        ws: &mut Worksheet,
        st: &Styles,
        row: u32,
        (first, last): (ColNum, ColNum),
        s: &str,
    ) -> Written {
        let width = (first..=last).map(|c| self.width(c)).sum();
        let shown = row_text(s, width, Rest::Cut, st.lang);
        let format = st.plain.clone().set_text_wrap();
        ws.merge_range(row, first, row, last, shown.as_ref(), &format)
            .map_err(err)?;
        self.at_least(row, lines(&shown, width) * LINE);
        Ok(())
    }

    /// The width of column `col`, in characters.
    pub(crate) fn width(&self, col: ColNum) -> f64 {
        self.widths.get(col as usize).copied().unwrap_or(8.43)
    }

    fn cut(
        &mut self,
        ws: &mut Worksheet,
        st: &Styles,
        (row, col): (u32, ColNum),
        s: &str,
        rest: Rest,
    ) -> Written {
        let shown = row_text(s, self.width(col), rest, st.lang);
        ws.write_string_with_format(row, col, shown.as_ref(), &st.wrap)
            .map_err(err)?;
        self.note(row, col, &shown);
        Ok(())
    }

    /// Writes an id that wraps (a heading's number, with its title where it first appears)
    /// like [`Fit::wrapped`], and notes it like [`id_cell`].
    pub(crate) fn wrapped_id(
        &mut self,
        ws: &mut Worksheet,
        st: &Styles,
        row: u32,
        col: ColNum,
        s: &str,
    ) -> Written {
        self.wrapped(ws, st, row, col, s)?;
        st.note_id(ws, row, col);
        Ok(())
    }

    /// Writes a header cell (a label, which wraps) at (row, column) and notes its lines.
    pub(crate) fn header(
        &mut self,
        ws: &mut Worksheet,
        st: &Styles,
        (row, col): (u32, ColNum),
        s: &str,
    ) -> Written {
        string(ws, st, row, col, s, &st.header)?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_ignored_in_runs_down_each_column() {
        let cells: BTreeSet<(ColNum, u32)> =
            [(0, 3), (0, 4), (0, 5), (0, 8), (2, 4), (2, 5), (1, 9)].into();
        assert_eq!(runs(&cells), [(0, 3, 5), (0, 8, 8), (1, 9, 9), (2, 4, 5)]);
        assert!(runs(&BTreeSet::new()).is_empty());
    }

    #[test]
    fn a_text_too_long_for_a_cell_is_cut_with_a_mark_and_split_whole() {
        let short = "あ".repeat(CELL_LIMIT);
        assert!(!too_long(&short));
        assert_eq!(cell_text(&short, Lang::Ja), short.as_str());
        // A surrogate pair is two units: 20,000 of them are 40,000.
        let long = "𠀋".repeat(20_000);
        assert!(too_long(&long));
        let cut = cell_text(&long, Lang::Ja);
        assert!(cut.encode_utf16().count() <= CELL_LIMIT);
        assert!(
            cut.ends_with("…［以下 3,649 字省略］"),
            "{}",
            cut.chars().rev().take(20).collect::<String>()
        );
        assert!(cell_text(&long, Lang::En).ends_with("… [3,649 more characters cut]"));
    }

    #[test]
    fn a_text_too_long_for_its_row_is_cut_to_what_prints_with_a_mark() {
        // 500 kanji in a column of 17: 8 a line, 63 lines.
        let long = "点".repeat(500);
        assert!(!fits_row(&long, 17.0));
        for (rest, lang, mark) in [
            (Rest::Cut, Lang::Ja, "字省略］"),
            (Rest::OnLongSheet, Lang::Ja, "字は「長文」シートに］"),
            (
                Rest::OnLongSheet,
                Lang::En,
                "more characters on the 長文 sheet]",
            ),
        ] {
            let cut = row_text(&long, 17.0, rest, lang);
            assert!(fits_row(&cut, 17.0) && cut.ends_with(mark), "{cut}");
            // As much as fits: one more character would not.
            let kept = cut.chars().take_while(|c| *c == '点').count();
            let more = format!("{}{}", "点".repeat(kept + 1), &cut[kept * 3..]);
            assert!(!fits_row(&more, 17.0), "{kept}");
            assert!(cut.contains(&format!("{}", 500 - kept)), "{cut}");
        }
        assert_eq!(row_text("短い", 17.0, Rest::Cut, Lang::Ja), "短い");
    }

    #[test]
    fn parts_break_after_a_line_break_where_there_is_one() {
        let line = format!("{}\n", "文".repeat(40));
        let text = line.repeat(30);
        let parts = row_parts(&text, 100.0);
        assert_eq!(parts.concat(), text);
        // 49 kanji a line: each line of 40 is one, 24 of them a row.
        assert_eq!(parts.len(), 2);
        assert!(parts[0].ends_with('\n'), "{:?}", parts[0]);
        assert!(parts.iter().all(|p| fits_row(p, 100.0)));
    }

    proptest::proptest! {
        /// Every part prints whole, and the parts joined are the text: nothing lost or added.
        #[test]
        fn parts_each_fit_a_row_and_join_to_the_text(
            text in "([a-z ]{0,30}|[点検。、 ]{0,40}|\n|\u{FE0F}|𠀋|\u{200D}){0,400}",
            width in 2.0f64..120.0,
        ) {
            let parts = row_parts(&text, width);
            proptest::prop_assert_eq!(parts.concat(), text.clone());
            for p in &parts {
                proptest::prop_assert!(fits_row(p, width), "{:?} at {}", p, width);
                proptest::prop_assert!(!p.is_empty() || parts.len() == 1);
            }
            let cut = row_text(&text, width, Rest::OnLongSheet, Lang::Ja);
            proptest::prop_assert!(fits_row(&cut, width) || width < 4.0, "{:?}", cut);
        }
    }
}
