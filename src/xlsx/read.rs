//! Per-item tables read back for `tenken new FILE --from WORKBOOK.xlsx` (or `.csv`): tenken's
//! own report workbook, or any sheet whose header row names the columns. A workbook is read
//! within bounds (its size on disk and unpacked, the rows and columns of a table) and a panic in
//! calamine is an error; `.xls` and `.ods` are refused. The rows become last
//! year's answers, which `carry::carry_forward` then takes in as unconfirmed drafts exactly as
//! it does from a `.ron` sheet.
//!
//! Column names (a header row within the first 30 rows; spaces and case do not matter):
//!
//! | column   | names |
//! |----------|-------|
//! | item id  | 項目番号, 番号, 項目, id, item |
//! | score    | 評価, 回答, 点数, score, answer |
//! | comment  | コメント, 備考, comment |
//! | evidence | 根拠資料, 根拠, evidence |
//! | measure  | 改善内容, 改善計画, 改善策, action, plan |
//! | owner    | 担当, 担当者, owner |
//! | due      | 期限, 完了予定, due |
//!
//! A tenken report workbook's 長文 sheet (texts too long for one cell, in parts) puts the
//! whole texts back over the cut ones.
//!
//! The id and score columns are required, the rest optional. Unknown ids, an id given twice
//! and scores other than 0–3 are refused with the sheet and the row (as Excel numbers it).

use std::collections::BTreeMap;
use std::path::Path;

use std::io::Cursor;

use calamine::{Data, DataRef, Reader};

use super::{ANSWERS_SHEET, CATALOG_ID, FISCAL_YEAR, LONG_SHEET, ORGANIZATION, SUMMARY_SHEET};
use crate::catalog::Catalog;
use crate::lang::Lang;
use crate::sheet::{Answer, Plan, Score};

/// What a table holds: answers by id, and what a tenken workbook says about its sheet.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AnswerTable {
    pub answers: BTreeMap<String, Answer>,
    pub organization: Option<String>,
    pub fiscal_year: Option<i32>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Field {
    Id,
    Score,
    Comment,
    Evidence,
    Action,
    Owner,
    Due,
}

const NAMES: &[(Field, &[&str])] = &[
    (Field::Id, &["項目番号", "番号", "項目", "id", "item"]),
    (Field::Score, &["評価", "回答", "点数", "score", "answer"]),
    (Field::Comment, &["コメント", "備考", "comment"]),
    (Field::Evidence, &["根拠資料", "根拠", "evidence"]),
    (
        Field::Action,
        &["改善内容", "改善計画", "改善策", "action", "plan"],
    ),
    (Field::Owner, &["担当", "担当者", "owner"]),
    (Field::Due, &["期限", "完了予定", "due"]),
];

/// How far down a sheet its header row may be.
const HEADER_SEARCH: usize = 30;

fn field_of(header: &str) -> Option<Field> {
    let h: String = header
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    NAMES
        .iter()
        .find(|(_, names)| names.contains(&h.as_str()))
        .map(|(f, _)| *f)
}

/// Where each field is in a header row, if the row names an id and a score column.
fn header(row: &[String]) -> Option<BTreeMap<usize, Field>> {
    let mut cols = BTreeMap::new();
    for (c, cell) in row.iter().enumerate() {
        if let Some(f) = field_of(cell)
            && !cols.values().any(|x| *x == f)
        {
            cols.insert(c, f);
        }
    }
    let has = |f| cols.values().any(|x| *x == f);
    (has(Field::Id) && has(Field::Score)).then_some(cols)
}

fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        other => other.to_string(),
    }
}

/// A score cell: 0–3, as a number or as text starting with the digit (「3 (運用している)」).
fn parse_score(s: &str) -> Option<Score> {
    let s = s.trim();
    let mut chars = s.chars();
    let d = match chars.next()? {
        c @ '0'..='3' => c as u32 - '0' as u32,
        c @ '０'..='３' => c as u32 - '０' as u32,
        _ => return None,
    };
    let rest = chars.as_str().trim_start();
    if !(rest.is_empty() || rest.starts_with('(') || rest.starts_with('（')) {
        return None;
    }
    Score::from_u8(d as u8)
}

/// Reads the rows of one sheet (as text) into answers; `where_` names the sheet in errors.
fn read_rows(
    rows: &[Vec<String>],
    where_: &str,
    catalog: &Catalog,
    lang: Lang,
) -> Result<Option<AnswerTable>, String> {
    let row_ = lang.pick("行", "row");
    let Some((at, cols)) = rows
        .iter()
        .take(HEADER_SEARCH)
        .enumerate()
        .find_map(|(i, r)| header(r).map(|c| (i, c)))
    else {
        return Ok(None);
    };
    let col = |f: Field| cols.iter().find(|(_, x)| **x == f).map(|(c, _)| *c);
    // Texts are taken as they are (spaces included): the round trip loses nothing.
    let raw =
        |row: &[String], f: Field| col(f).and_then(|c| row.get(c)).cloned().unwrap_or_default();
    let get = |row: &[String], f: Field| raw(row, f).trim().to_string();
    let mut table = AnswerTable::default();
    let mut first_row: BTreeMap<String, usize> = BTreeMap::new();
    let mut errors = Vec::new();
    for (i, row) in rows.iter().enumerate().skip(at + 1) {
        let n = i + 1;
        let id = get(row, Field::Id);
        let score = get(row, Field::Score);
        let texts = [
            raw(row, Field::Comment),
            raw(row, Field::Evidence),
            raw(row, Field::Action),
            raw(row, Field::Owner),
            raw(row, Field::Due),
        ];
        if id.is_empty() {
            if !score.is_empty() || texts.iter().any(|t| !t.trim().is_empty()) {
                errors.push(format!(
                    "{where_}, {row_} {n}: {}",
                    lang.pick("項目番号のない回答です", "an answer without an item id")
                ));
            }
            continue;
        }
        if catalog.item(&id).is_none() {
            let id = crate::safe_text::sanitize_line(&id);
            errors.push(match lang {
                Lang::Ja => format!(
                    "{where_}, {row_} {n}: 項目番号 {id:?} は {} {} にありません",
                    catalog.id, catalog.revision
                ),
                Lang::En => format!(
                    "{where_}, {row_} {n}: unknown item id {id:?} (not in {} {})",
                    catalog.id, catalog.revision
                ),
            });
            continue;
        }
        if let Some(first) = first_row.get(&id) {
            errors.push(match lang {
                Lang::Ja => format!(
                    "{where_}, {row_} {n}: 項目 {id} が重複しています (最初は {first} 行目)"
                ),
                Lang::En => {
                    format!("{where_}, {row_} {n}: item {id} appears again (first in row {first})")
                }
            });
            continue;
        }
        first_row.insert(id.clone(), n);
        if score.is_empty() {
            if texts.iter().any(|t| !t.trim().is_empty()) {
                errors.push(match lang {
                    Lang::Ja => format!(
                        "{where_}, {row_} {n}: 項目 {id} に記入はありますが評価 (0〜3) がありません"
                    ),
                    Lang::En => {
                        format!("{where_}, {row_} {n}: item {id} has text but no score (0–3)")
                    }
                });
            }
            continue;
        }
        let Some(s) = parse_score(&score) else {
            let score = crate::safe_text::sanitize_line(&score);
            errors.push(match lang {
                Lang::Ja => format!(
                    "{where_}, {row_} {n}: 項目 {id}: 評価 {score:?} は 0、1、2、3 のどれでもありません"
                ),
                Lang::En => format!(
                    "{where_}, {row_} {n}: item {id}: score {score:?} is not 0, 1, 2 or 3"
                ),
            });
            continue;
        };
        let [comment, evidence, action, owner, due] = texts;
        let mut a = Answer::new(s);
        a.comment = comment;
        a.evidence = evidence;
        // A plan of white space only is still a plan (it is what the sheet held).
        if [&action, &owner, &due].iter().any(|t| !t.is_empty()) {
            a.plan = Some(Plan {
                action,
                owner,
                due,
                carried: false,
            });
        }
        table.answers.insert(id, a);
    }
    if errors.is_empty() {
        Ok(Some(table))
    } else {
        let more = errors.len().saturating_sub(20);
        let mut msg = errors.into_iter().take(20).collect::<Vec<_>>().join("\n  ");
        if more > 0 {
            msg.push_str(&match lang {
                Lang::Ja => format!("\n  … ほか {more} 件"),
                Lang::En => format!("\n  … and {more} more"),
            });
        }
        Err(format!(
            "{}:\n  {msg}",
            lang.pick("表を読み込めません", "the table cannot be read")
        ))
    }
}

/// Largest table `--from` reads (a real one, 300 items with comments, is well under 1 MiB).
const MAX_TABLE_BYTES: u64 = 16 * 1024 * 1024;

/// A table file's bytes, through the store's one bounded reader: a FIFO or a device is refused
/// at once, and no more than [`MAX_TABLE_BYTES`] is read.
fn read_table(path: &Path) -> Result<Vec<u8>, crate::store::StoreError> {
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

type Workbook = calamine::Xlsx<Cursor<Vec<u8>>>;

/// Why a workbook is not read, before or while calamine reads it.
enum Refusal {
    /// `.xls` or `.ods`: calamine parses them whole at opening, without a bound on memory.
    Kind,
    /// Its parts unpacked would be this many bytes.
    Unpacked(u64),
    /// A damaged or crafted package: sizes that lie, an absurd count, a panic in the parser.
    Damaged,
    /// calamine's own reason (English).
    Calamine(calamine::XlsxError),
}

impl Refusal {
    fn words(&self, path: &Path, lang: Lang) -> String {
        let shown = path.display();
        match (self, lang) {
            (Refusal::Kind, Lang::Ja) => format!(
                "{shown}: .xls と .ods のワークブックは安全に読めないため読み込みません。Excel か LibreOffice で .xlsx として保存するか、「CSV UTF-8 (コンマ区切り)」で保存してください"
            ),
            (Refusal::Kind, Lang::En) => format!(
                "{shown}: .xls and .ods workbooks are not read (they cannot be read safely); save it as .xlsx, or as \"CSV UTF-8 (Comma delimited)\""
            ),
            (Refusal::Unpacked(n), Lang::Ja) => format!(
                "{shown}: 展開すると {} MiB になり、ワークブックの上限 {} MiB を超えています",
                n.div_ceil(1 << 20),
                MAX_UNPACKED_BYTES >> 20
            ),
            (Refusal::Unpacked(n), Lang::En) => format!(
                "{shown}: unpacked, the workbook is {} MiB, more than the {} MiB allowed",
                n.div_ceil(1 << 20),
                MAX_UNPACKED_BYTES >> 20
            ),
            (Refusal::Damaged, Lang::Ja) => {
                format!("{shown}: ワークブックとして読めません (壊れているか、細工されています)")
            }
            (Refusal::Damaged, Lang::En) => {
                format!("{shown}: cannot be read as a workbook (it is damaged or crafted)")
            }
            // calamine's own reasons are English: in Japanese, say what could not be done.
            (Refusal::Calamine(_), Lang::Ja) => format!("{shown}: ワークブックとして読めません"),
            (Refusal::Calamine(e), Lang::En) => format!("{shown}: {e}"),
        }
    }
}

impl From<calamine::XlsxError> for Refusal {
    fn from(e: calamine::XlsxError) -> Refusal {
        Refusal::Calamine(e)
    }
}

/// Checks a workbook package before calamine sees it: the parts' declared sizes together
/// within [`MAX_UNPACKED_BYTES`], each part no bigger unpacked than it declares, and no shared
/// string count (which calamine reserves room for) beyond what the part could hold.
fn check_package(bytes: &[u8]) -> Result<(), Refusal> {
    use std::io::Read as _;
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| Refusal::Damaged)?;
    let mut total = 0u64;
    for i in 0..zip.len() {
        let part = zip.by_index_raw(i).map_err(|_| Refusal::Damaged)?;
        total = total.saturating_add(part.size());
    }
    if total > MAX_UNPACKED_BYTES {
        return Err(Refusal::Unpacked(total));
    }
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).map_err(|_| Refusal::Damaged)?;
        let declared = part.size();
        let strings = part
            .name()
            .is_ok_and(|n| n.to_ascii_lowercase().ends_with("sharedstrings.xml"));
        let mut text = Vec::new();
        (&mut part)
            .take(declared + 1)
            .read_to_end(&mut text)
            .map_err(|_| Refusal::Damaged)?;
        if text.len() as u64 > declared || (strings && absurd_count(&text)) {
            return Err(Refusal::Damaged);
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
fn with_workbook<T>(
    path: &Path,
    lang: Lang,
    read: impl FnOnce(&mut Workbook) -> Result<T, Refusal>,
) -> Result<T, String> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    if !matches!(ext.as_deref(), Some("xlsx" | "xlsm")) {
        return Err(Refusal::Kind.words(path, lang));
    }
    let bytes = read_table(path).map_err(|e| e.render(lang))?;
    check_package(&bytes).map_err(|r| r.words(path, lang))?;
    isolated(|| {
        let mut wb: Workbook = calamine::open_workbook_from_rs(Cursor::new(bytes))?;
        read(&mut wb)
    })
    .unwrap_or(Err(Refusal::Damaged))
    .map_err(|r| r.words(path, lang))
}

/// One sheet's cells as text, rows as Excel numbers them (from 0): only the cells within
/// [`MAX_ROWS`] and [`MAX_COLUMNS`], read one at a time (never calamine's dense grid).
fn grid(wb: &mut Workbook, name: &str) -> Result<Vec<Vec<String>>, calamine::XlsxError> {
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

/// Reads a per-item table from a workbook (.xlsx, .xlsm): the sheet named 回答 first, else the
/// first sheet with a header row. `.xls` and `.ods` are refused (see [`Refusal::Kind`]).
pub(crate) fn workbook(path: &Path, catalog: &Catalog, lang: Lang) -> Result<AnswerTable, String> {
    let shown = path.display();
    let sheet_ = lang.pick("シート", "sheet");
    let found = with_workbook(path, lang, |wb| {
        let mut names = wb.sheet_names();
        if let Some(k) = names.iter().position(|n| n == ANSWERS_SHEET) {
            let n = names.remove(k);
            names.insert(0, n);
        }
        for name in &names {
            let rows = grid(wb, name)?;
            let where_ = format!("{shown}: {sheet_} {name}");
            // A table's own errors are the answer, not a refusal of the workbook.
            let table = match read_rows(&rows, &where_, catalog, lang) {
                Ok(Some(table)) => table,
                Ok(None) => continue,
                Err(e) => return Ok(Err(e)),
            };
            let mut table = table;
            if names.iter().any(|n| n == SUMMARY_SHEET) {
                for row in grid(wb, SUMMARY_SHEET)? {
                    match (row.first().map(String::as_str), row.get(1)) {
                        (Some(ORGANIZATION), Some(v)) if !v.trim().is_empty() => {
                            table.organization = Some(v.trim().to_string());
                        }
                        (Some(FISCAL_YEAR), Some(v)) => table.fiscal_year = v.trim().parse().ok(),
                        _ => {}
                    }
                }
            }
            if names.iter().any(|n| n == LONG_SHEET) {
                whole_texts(&grid(wb, LONG_SHEET)?, &mut table);
            }
            return Ok(Ok(Some(table)));
        }
        Ok(Ok(None))
    })??;
    found.ok_or_else(|| match lang {
        Lang::Ja => format!(
            "{shown}: 最初の {HEADER_SEARCH} 行に項目番号の列 (項目番号 / id) と評価の列 (評価 / 回答 / score) の見出し行があるシートがありません"
        ),
        Lang::En => format!(
            "{shown}: no sheet has a header row naming an item id column (項目番号 / id) and a score column (評価 / 回答 / score) in its first {HEADER_SEARCH} rows"
        ),
    })
}

/// Puts back the texts that the report workbook cut to fit a cell, from its [`LONG_SHEET`]:
/// rows of (item, field, part), the parts of one text on consecutive rows.
fn whole_texts(rows: &[Vec<String>], table: &mut AnswerTable) {
    let mut whole: Vec<((String, String), String)> = Vec::new();
    for row in rows {
        let cell = |k: usize| row.get(k).map_or("", String::as_str);
        let (id, field, part) = (cell(0), cell(1), cell(2));
        if field != ORGANIZATION && field_of(field).is_none() {
            continue;
        }
        match whole.last_mut() {
            Some((key, text)) if key.0 == id && key.1 == field => text.push_str(part),
            _ => whole.push(((id.to_string(), field.to_string()), part.to_string())),
        }
    }
    for ((id, field), text) in whole {
        if id.is_empty() && field == ORGANIZATION {
            table.organization = Some(text.trim().to_string());
            continue;
        }
        let Some(a) = table.answers.get_mut(&id) else {
            continue;
        };
        let plan = || Plan {
            carried: false,
            ..Plan::default()
        };
        match field_of(&field) {
            Some(Field::Comment) => a.comment = text,
            Some(Field::Evidence) => a.evidence = text,
            Some(Field::Action) => a.plan.get_or_insert_with(plan).action = text,
            Some(Field::Owner) => a.plan.get_or_insert_with(plan).owner = text,
            Some(Field::Due) => a.plan.get_or_insert_with(plan).due = text,
            _ => {}
        }
    }
}

/// The catalog id a tenken report workbook names in its summary sheet, if any.
pub(crate) fn catalog_id(path: &Path) -> Option<String> {
    with_workbook(path, Lang::En, |wb| {
        Ok(grid(wb, SUMMARY_SHEET)?
            .into_iter()
            .find_map(|r| match (r.first(), r.get(1)) {
                (Some(k), Some(v)) if k == CATALOG_ID => Some(v.clone()),
                _ => None,
            }))
    })
    .ok()
    .flatten()
}

/// Reads a per-item table from a CSV file (UTF-8, with or without a byte-order mark).
pub(crate) fn csv(path: &Path, catalog: &Catalog, lang: Lang) -> Result<AnswerTable, String> {
    let shown = path.display();
    let bytes = read_table(path).map_err(|e| e.render(lang))?;
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(&bytes);
    // Excel on Japanese Windows saves 「CSV (コンマ区切り)」 as Shift_JIS: say so, and how to
    // save it instead, rather than only that the CSV cannot be read.
    if let Err(e) = std::str::from_utf8(bytes) {
        let line = 1 + bytecount_lines(&bytes[..e.valid_up_to()]);
        return Err(match lang {
            Lang::Ja => format!(
                "{shown}: {line} 行目: UTF-8 ではありません (Shift_JIS で保存された CSV のようです)。Excel の「名前を付けて保存」で「CSV UTF-8 (コンマ区切り)」を選んで保存し直してください"
            ),
            Lang::En => format!(
                "{shown}: row {line}: not UTF-8 text (probably a CSV saved as Shift_JIS); in Excel, use Save As and choose \"CSV UTF-8 (Comma delimited)\""
            ),
        });
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut rows = Vec::new();
    for (i, rec) in reader.records().enumerate() {
        let rec = rec.map_err(|e| match lang {
            Lang::Ja => format!("{shown}: {} 行目: CSV として読めません", i + 1),
            Lang::En => format!("{shown}: row {}: {e}", i + 1),
        })?;
        rows.push(rec.iter().map(str::to_string).collect());
    }
    read_rows(&rows, &shown.to_string(), catalog, lang)?.ok_or_else(|| match lang {
        Lang::Ja => format!(
            "{shown}: 最初の {HEADER_SEARCH} 行に項目番号の列 (項目番号 / id) と評価の列 (評価 / 回答 / score) の見出し行がありません"
        ),
        Lang::En => format!(
            "{shown}: no header row naming an item id column (項目番号 / id) and a score column (評価 / 回答 / score) in the first {HEADER_SEARCH} rows"
        ),
    })
}

/// How many line breaks `bytes` holds.
fn bytecount_lines(bytes: &[u8]) -> usize {
    bytes.iter().filter(|b| **b == b'\n').count()
}

/// Whether `--from` names a table rather than a sheet, by its extension.
pub(crate) fn is_table(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        ["xlsx", "xlsm", "xls", "ods", "csv"]
            .iter()
            .any(|x| e.eq_ignore_ascii_case(x))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Edition;

    fn rows(src: &[&[&str]]) -> Vec<Vec<String>> {
        src.iter()
            .map(|r| r.iter().map(|s| s.to_string()).collect())
            .collect()
    }

    #[test]
    fn a_header_anywhere_in_the_first_rows_and_any_column_order() {
        let c = Catalog::builtin(Edition::Municipal);
        let t = read_rows(
            &rows(&[
                &["甲市の点検"],
                &[],
                &["担当", "Score", "ID", "コメント", "改善内容"],
                &["課長", "2 (整備している)", "1-1", "規程あり", "来年度改訂"],
                &["", "３", "1-2", "", ""],
                &["", "", "1-3", "", ""],
            ]),
            "t",
            c,
            Lang::En,
        )
        .unwrap()
        .unwrap();
        assert_eq!(t.answers.len(), 2);
        let a = &t.answers["1-1"];
        assert_eq!(
            (a.score, a.comment.as_str()),
            (Score::Documented, "規程あり")
        );
        let plan = a.plan.as_ref().unwrap();
        assert_eq!(
            (plan.action.as_str(), plan.owner.as_str()),
            ("来年度改訂", "課長")
        );
        assert_eq!(t.answers["1-2"].score, Score::Operating);
        assert!(t.answers["1-2"].plan.is_none());
    }

    #[test]
    fn unknown_duplicate_and_bad_scores_are_refused_with_their_rows() {
        let c = Catalog::builtin(Edition::Municipal);
        let err = read_rows(
            &rows(&[
                &["id", "score"],
                &["1-1", "3"],
                &["99-9", "3"],
                &["1-1", "2"],
                &["1-2", "4"],
                &["1-3", "はい"],
                &["1-4", ""],
            ]),
            "book.xlsx: sheet S",
            c,
            Lang::En,
        )
        .unwrap_err();
        assert!(
            err.contains("sheet S, row 3: unknown item id \"99-9\""),
            "{err}"
        );
        assert!(
            err.contains("row 4: item 1-1 appears again (first in row 2)"),
            "{err}"
        );
        assert!(err.contains("row 5: item 1-2: score \"4\""), "{err}");
        assert!(err.contains("row 6: item 1-3: score \"はい\""), "{err}");
        assert!(!err.contains("row 7"), "{err}");
    }

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

    #[test]
    fn no_header_is_no_table() {
        let c = Catalog::builtin(Edition::Municipal);
        assert_eq!(
            read_rows(&rows(&[&["a", "b"], &["1-1", "3"]]), "t", c, Lang::En),
            Ok(None)
        );
        assert!(is_table(Path::new("x.XLSX")) && is_table(Path::new("a.csv")));
        assert!(!is_table(Path::new("last.ron")));
    }
}
