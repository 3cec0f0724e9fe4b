//! Per-item tables read as a sheet: `tenken new FILE --from WORKBOOK.xlsx` (or `.csv`) takes
//! them as last year's answers, and `aggregate` reads a submission handed in as a workbook
//! or a CSV, both through [`import`]. A table is tenken's own report workbook, or any sheet
//! whose header row names the columns — the ministry's and the prefectures' forms included.
//! A workbook is read within bounds (its size on disk and unpacked, the rows and columns of a
//! table) and a panic in calamine is an error; `.xls` and `.ods` are refused. The same bounded
//! reading gives `aggregate` its roster's rows ([`rows`]) and an earlier table's sheets
//! ([`sheets`], `--previous-aggregate`).
//!
//! Column names (a header row within the first 30 rows, or anywhere the report CSV's last
//! block, 回答一覧 項目; compared after NFKC, without blanks, case or a note in brackets:
//! `回答（３・２・１・０）` is `回答`; see `cells`):
//!
//! | column   | names |
//! |----------|-------|
//! | item id  | 小項目番号, 項目番号, 項番, 番号, id, item, 項目, No., 回答一覧 項目, all answers: item |
//! | score    | 評価, 評価点, 回答, 点数, 自己評価, score, answer |
//! | comment  | コメント, 備考, comment |
//! | evidence | 根拠資料, 根拠, evidence |
//! | measure  | 改善内容, 改善計画, 改善策, action, measure, plan |
//! | owner    | 担当, 担当者, owner |
//! | due      | 期限, 完了予定, due |
//! | marks    | 付箋・下書き, Flagged, draft (the report workbook's: the marks named are on) |
//! | flagged, draft | 付箋, flagged; 下書き, draft (the report CSV's: `1` is on) |
//! | organisation, code | 団体名, …; 団体コード, … (a form naming them on every row: one is the sheet's, several are refused) |
//!
//! A draft handed in stays a draft (`Answer::unconfirmed`): `aggregate` does not count it.
//! A due date that reads as a date (`date::parse_date`: the report's printed
//! 「令和9年3月31日 (2027-03-31)」, `R9.3.31`, …) is stored as ISO, as the plan editor stores it.
//!
//! A tenken report workbook's 長文 sheet (texts too long for one cell, in parts) puts the
//! whole texts back over the cut ones.
//!
//! The id and score columns are required, the rest optional. Rows between the items whose id
//! cell is no item id and that have no score (【大分類1】, a 管理目標) are headings and skipped;
//! an item's row with text but no score holds notes on an item not answered yet (as a report's
//! 回答 sheet shows them), read as such and said so.
//! An id Excel turned into a date or a number is taken back when only one item fits, and said
//! so. Unknown ids, an id given twice and scores other than 0–3 are refused with the sheet and
//! the row (as Excel numbers it), the cell shown as written. The header block above the table
//! (or on tenken's 概要 sheet) gives 団体名, 回答者, 団体コード, 都道府県, 年度, the profile
//! answers (重要機能室) and, where it is an RFC 3339 time as tenken writes it, 更新 (when
//! the sheet was last changed; other text there is kept to be said).
//!
//! tenken's own tables of many sheets or of two — an aggregate's or a diff's, workbook or CSV,
//! told by a sheet name or the first columns their writers share ([`super::RECEIVED_SHEET`],
//! [`super::AGGREGATE_CSV_HEAD`], …) — are refused as not one organisation's answers
//! ([`ImportError::Summary`]). A workbook is opened once.

use std::collections::BTreeMap;
use std::path::Path;

use calamine::Reader;

use super::bounded::{grid, read_table, with_workbook};
use super::cells::{self, HeaderBlock, Mangled};
use super::{ANSWERS_SHEET, CATALOG_ID, LONG_SHEET, SUMMARY_SHEET};
use crate::catalog::{Catalog, Catalogs, Edition};
use crate::lang::{Lang, say};
use crate::safe_text::sanitize_line;
use crate::sheet::{Answer, CatalogRef, Notes, Plan, Sheet};

/// What a table holds: answers by id, what its header block says, and what was noticed on
/// the way (ids taken back from Excel's dates), worded.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct AnswerTable {
    pub(crate) answers: BTreeMap<String, Answer>,
    /// Notes on items without a score (`Sheet::notes`).
    pub(crate) unanswered: BTreeMap<String, Notes>,
    pub(crate) header: HeaderBlock,
    pub(crate) notes: Vec<String>,
}

/// A table file read as a sheet ([`import`]).
#[derive(Clone, Debug)]
pub(crate) struct Imported<'c> {
    /// The answers as given (answers, not drafts), and the header the file gives: 団体名,
    /// 回答者, 団体コード, 都道府県, profile, and the 年度 (0 when the file does not say).
    /// Its updated time where the file gives one (tenken's report workbook and CSV do);
    /// no created time.
    pub(crate) sheet: Sheet,
    pub(crate) catalog: &'c Catalog,
    /// What was noticed and taken in, worded: an id Excel had turned into a date, say.
    pub(crate) notes: Vec<String>,
    /// The text of an 更新 cell that is not a time ([`HeaderBlock::updated_unread`]).
    pub(crate) updated_unread: Option<String>,
}

/// Why a table file could not be read as a sheet; each holds its message, worded in the
/// language `import` was given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum ImportError {
    /// Not readable as a table: the kind of file (`.xls`), its size, damage, its encoding, or
    /// the file system's refusal.
    Unreadable(String),
    /// No sheet has a header row naming an id and a score column; the message lists the
    /// headers found. Some cell is an item id of the catalog: a table of the items whose
    /// columns are named otherwise.
    NoTable(String),
    /// No header row names the columns and no cell is an item id of the catalog: a document
    /// sent beside the answers (a cover letter as a workbook), not a table of them.
    NoItems(String),
    /// The table was found, but rows of it cannot be taken (unknown ids, bad scores, …).
    Rows(String),
    /// The header block says something impossible (a 団体コード whose check digit is wrong).
    Header(String),
    /// One of tenken's own tables of many sheets or of two (an aggregate's or a diff's, told
    /// by [`super::RECEIVED_SHEET`] and the like): not one organisation's answers.
    Summary(String),
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ImportError::Unreadable(m)
            | ImportError::NoTable(m)
            | ImportError::NoItems(m)
            | ImportError::Rows(m)
            | ImportError::Header(m)
            | ImportError::Summary(m) => f.write_str(m),
        }
    }
}

/// Reads a table file (`.xlsx`, `.xlsm` or `.csv`) as one organisation's sheet: its answers
/// and header block, against tenken's catalog the workbook or report CSV names (whatever
/// `edition` says), else `edition`'s (the municipal one by default). Errors and notes are
/// worded in `lang`.
pub(crate) fn import<'c>(
    path: &Path,
    catalogs: &'c Catalogs,
    edition: Option<Edition>,
    lang: Lang,
) -> Result<Imported<'c>, ImportError> {
    let is_csv = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    let csv_rows = if is_csv {
        Some(csv_rows(path, lang).map_err(ImportError::Unreadable)?)
    } else {
        None
    };
    let shown = path.display().to_string();
    let (table, catalog) = match csv_rows {
        Some(mut rows) => {
            let head = |cols: [&str; 2]| {
                rows.first()
                    .is_some_and(|r| r.starts_with(&cols.map(String::from)))
            };
            if head(super::AGGREGATE_CSV_HEAD) || head(super::DIFF_CSV_HEAD) {
                return Err(summary(&shown, lang));
            }
            let catalog = named_or(catalogs, csv_catalog_id(&rows), edition);
            if rows.iter().any(|r| names_report_table(r)) {
                super::csv::unguarded(&mut rows);
            }
            let table = read_rows(&rows, &shown, catalog, lang)
                .map_err(ImportError::Rows)?
                .ok_or_else(|| {
                    let found = Vec::from_iter(headers_found(&rows));
                    no_table(&shown, &found, lists_items(&rows, catalog), lang)
                })?;
            (table, catalog)
        }
        None => workbook(path, catalogs, edition, lang)?,
    };
    let h = &table.header;
    let mut sheet = Sheet::new(
        CatalogRef {
            id: catalog.id.clone(),
            revision: catalog.revision.clone(),
        },
        h.organization.as_deref().unwrap_or(""),
        crate::fiscal::FiscalYear(h.fiscal_year.unwrap_or(0)),
        crate::clock::now(),
    );
    (sheet.created, sheet.updated) = (None, h.updated);
    sheet.respondent = h.respondent.clone().unwrap_or_default();
    (sheet.organization_code, sheet.prefecture) = crate::organization::header_fields(
        h.organization_code.as_deref().unwrap_or(""),
        h.prefecture.as_deref().unwrap_or(""),
        lang,
    )
    .map_err(|e| ImportError::Header(format!("{}: {e}", path.display())))?;
    sheet.profile = h.profile.clone();
    sheet.answers = table.answers;
    sheet.notes = table.unanswered;
    Ok(Imported {
        sheet,
        catalog,
        notes: table.notes,
        updated_unread: table.header.updated_unread,
    })
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum AnswerColumn {
    Id,
    Score,
    Comment,
    Evidence,
    Action,
    Owner,
    Due,
    /// The report workbook's 付箋・下書き: the words of the marks that are on.
    Marks,
    /// The report CSV's 付箋 and 下書き, `1` or `0`.
    Flagged,
    Draft,
    /// A prefecture's form may name the organisation on every row rather than above the
    /// table: its 団体名 and 団体コード.
    Organization,
    Code,
}

/// Each field's header names, the likeliest first: where a row names two (小項目番号 and
/// No.), the earlier name wins.
const NAMES: &[(AnswerColumn, &[&str])] = &[
    (
        AnswerColumn::Id,
        &[
            "小項目番号",
            "項目番号",
            "項番",
            "番号",
            "id",
            "item",
            "項目",
            "no",
            // The report CSV's last block, its per-item table (`REPORT_ITEMS_HEAD`, folded: a
            // test holds them equal).
            "回答一覧項目",
            "allanswers:item",
        ],
    ),
    (
        AnswerColumn::Score,
        &[
            "評価",
            "評価点",
            "回答",
            "点数",
            "自己評価",
            "score",
            "answer",
        ],
    ),
    (AnswerColumn::Comment, &["コメント", "備考", "comment"]),
    (AnswerColumn::Evidence, &["根拠資料", "根拠", "evidence"]),
    (
        AnswerColumn::Action,
        &[
            "改善内容",
            "改善計画",
            "改善策",
            "action",
            "measure",
            "plan",
        ],
    ),
    (AnswerColumn::Owner, &["担当", "担当者", "owner"]),
    (AnswerColumn::Due, &["期限", "完了予定", "due"]),
    (AnswerColumn::Marks, &["付箋・下書き", "flagged,draft"]),
    (AnswerColumn::Flagged, &["付箋", "flagged"]),
    (AnswerColumn::Draft, &["下書き", "draft"]),
    (AnswerColumn::Organization, cells::ORGANIZATION_NAMES),
    (AnswerColumn::Code, cells::CODE_NAMES),
];

/// How far down a sheet its header row may be.
const HEADER_SEARCH: usize = 30;
/// Whether `row` is the header of the report CSV's per-item table, by its first cell (either
/// language): looked for below [`HEADER_SEARCH`] too, and telling tenken's CSV from others.
fn names_report_table(row: &[String]) -> bool {
    row.first().is_some_and(|c| {
        let (ja, en) = super::REPORT_ITEMS_HEAD;
        [ja, en]
            .map(cells::header_name)
            .contains(&cells::header_name(c))
    })
}

/// The catalog a table names (tenken's report: its 点検票ID or カタログ line), else `edition`'s.
/// What the table says it answers wins over `edition` (as a sheet's catalog does):
/// `aggregate --edition` then excludes another edition's table instead of reading its answers
/// as this edition's, and `new --from` carries them across as from a sheet.
fn named_or(catalogs: &Catalogs, named: Option<String>, edition: Option<Edition>) -> &Catalog {
    named
        .and_then(|id| catalogs.get(&id))
        .unwrap_or_else(|| catalogs.for_edition(edition))
}

/// What one of tenken's own summary tables is, worded: why it is no organisation's answers
/// (`new --from`'s refusal, `aggregate`'s 受付一覧).
pub(crate) fn own_table_words(lang: Lang) -> &'static str {
    lang.pick(
        "tenken の集計表か差分の表で、一つの団体の回答ではありません",
        "one of tenken's own tables (an aggregate or a diff), not one organization's answers",
    )
}

/// The refusal of one of tenken's own summary tables as an organisation's answers.
fn summary(shown: &str, lang: Lang) -> ImportError {
    ImportError::Summary(format!("{shown}: {}", own_table_words(lang)))
}

/// The catalog id the report CSV names in its header block (「カタログ,juki-municipal H19」:
/// the id, then the revision), if any.
fn csv_catalog_id(rows: &[Vec<String>]) -> Option<String> {
    rows.iter().take(HEADER_SEARCH).find_map(|r| {
        let named = ["カタログ", "catalog"].contains(&cells::header_name(r.first()?).as_str());
        named.then(|| r.get(1)?.split_whitespace().next().map(str::to_string))?
    })
}

/// A CSV file's rows as text, read within the table bound; why not, worded. A file of 0 bytes
/// is refused as an empty workbook is (a copy or a save that did not finish), before it could
/// pass for a table that lists no item ([`ImportError::NoItems`]).
fn csv_rows(path: &Path, lang: Lang) -> Result<Vec<Vec<String>>, String> {
    let bytes = read_table(path).map_err(|e| e.render(lang))?;
    if bytes.is_empty() {
        return Err(super::bounded::WorkbookRefusal::Empty.words(path, lang));
    }
    super::csv::rows(&bytes, &path.display().to_string(), lang)
}

/// The field a header cell names (its index in [`NAMES`]), and how likely a name it is (0
/// best).
fn field_of(header: &str) -> Option<(usize, usize)> {
    let h = cells::header_name(header);
    NAMES
        .iter()
        .enumerate()
        .find_map(|(k, (_, names))| Some((k, names.iter().position(|n| *n == h)?)))
}

/// Where each field is in a header row, if the row names an id and a score column: per field,
/// the column of its likeliest name, the leftmost among equals.
fn header(row: &[String]) -> Option<BTreeMap<usize, AnswerColumn>> {
    let mut best: Vec<Option<(usize, usize)>> = vec![None; NAMES.len()];
    for (c, cell) in row.iter().enumerate() {
        if let Some((k, rank)) = field_of(cell)
            && best[k].is_none_or(|(r, _)| rank < r)
        {
            best[k] = Some((rank, c));
        }
    }
    let cols: BTreeMap<usize, AnswerColumn> = best
        .iter()
        .zip(NAMES)
        .filter_map(|(b, (f, _))| Some((b.as_ref()?.1, *f)))
        .collect();
    let has = |f| cols.values().any(|x| *x == f);
    (has(AnswerColumn::Id) && has(AnswerColumn::Score)).then_some(cols)
}

/// The row most like a header among the first rows (the first with most cells), as the user
/// sees it: `No. / 点検項目 / 結果`. For the error when no header row names the columns.
fn headers_found(rows: &[Vec<String>]) -> Option<String> {
    let mut best: Vec<&str> = Vec::new();
    for r in rows.iter().take(HEADER_SEARCH) {
        let cells: Vec<&str> = r
            .iter()
            .map(|c| c.trim())
            .filter(|c| !c.is_empty())
            .collect();
        if cells.len() > best.len() {
            best = cells;
        }
    }
    (best.len() >= 2).then(|| {
        best.iter()
            .take(12)
            .map(|c| sanitize_line(c).chars().take(30).collect::<String>())
            .collect::<Vec<_>>()
            .join(" / ")
    })
}

/// What a column naming the organisation on every row (column `c` of the item `rows`) says,
/// with what the header block said (`above`): one name (or code) is the sheet's; several are
/// several organisations' answers, which one sheet cannot hold: refused, naming them (a
/// prefecture's table of its towns; `aggregate` reads one organisation per file).
fn one_organization(
    rows: &[Vec<String>],
    c: usize,
    above: Option<String>,
    key: fn(&str) -> String,
    where_: &str,
    lang: Lang,
) -> Result<Option<String>, String> {
    // As written (the first writing of each), told apart as organisations are.
    let mut named: Vec<(&str, String)> = Vec::new();
    let values = above.as_deref().into_iter();
    for v in values.chain(rows.iter().filter_map(|r| r.get(c)).map(|v| v.trim())) {
        let k = key(v);
        if !v.is_empty() && !named.iter().any(|(_, n)| *n == k) {
            named.push((v, k));
        }
    }
    let named: Vec<&str> = named.into_iter().map(|(v, _)| v).collect();
    if named.len() <= 1 {
        return Ok(named.first().map(|v| v.to_string()));
    }
    let shown: Vec<String> = named
        .iter()
        .take(10)
        .map(|v| sanitize_line(v).into_owned())
        .collect();
    let more = if named.len() > 10 {
        lang.pick("、…", ", …")
    } else {
        ""
    };
    Err(say!(
        lang,
        "{where_}: この表には {} 団体の回答があります ({}{more})。1 団体につき 1 ファイルで提出してください",
        "{where_}: this table holds the answers of {} organizations ({}{more}); hand in one file per organization",
        named.len(),
        shown.join(lang.pick("、", ", "))
    ))
}

/// Reads the rows of one sheet (as text) into answers; `where_` names the sheet in errors.
fn read_rows(
    rows: &[Vec<String>],
    where_: &str,
    catalog: &Catalog,
    lang: Lang,
) -> Result<Option<AnswerTable>, String> {
    let row_ = lang.pick("行", "row");
    // A form's header row is near its top; the report CSV's per-item table, named by its
    // first cell, is its last block, wherever that falls.
    let Some((at, cols)) = rows
        .iter()
        .take(HEADER_SEARCH)
        .enumerate()
        .find_map(|(i, r)| header(r).map(|c| (i, c)))
        .or_else(|| {
            let at = rows.iter().position(|r| names_report_table(r))?;
            Some((at, header(&rows[at])?))
        })
    else {
        return Ok(None);
    };
    let col = |f: AnswerColumn| cols.iter().find(|(_, x)| **x == f).map(|(c, _)| *c);
    // Texts are taken as they are (spaces included): the round trip loses nothing.
    let raw = |row: &[String], f: AnswerColumn| {
        col(f).and_then(|c| row.get(c)).cloned().unwrap_or_default()
    };
    let get = |row: &[String], f: AnswerColumn| raw(row, f).trim().to_string();
    let mut table = AnswerTable::default();
    cells::header_block(&rows[..at], catalog, &mut table.header);
    let h = &mut table.header;
    // Names compared as organisations' names are (blanks, widths), codes as codes (five
    // digits are six with their check digit).
    let name: fn(&str) -> String = crate::organization::folded;
    let code: fn(&str) -> String =
        |v| crate::organization::code(v).unwrap_or_else(|_| crate::organization::folded(v));
    for (f, slot, key) in [
        (AnswerColumn::Organization, &mut h.organization, name),
        (AnswerColumn::Code, &mut h.organization_code, code),
    ] {
        if let Some(c) = col(f) {
            *slot = one_organization(&rows[at + 1..], c, slot.take(), key, where_, lang)?;
        }
    }
    let mut first_row: BTreeMap<String, usize> = BTreeMap::new();
    let mut last_position = None;
    let mut errors = Vec::new();
    for (i, row) in rows.iter().enumerate().skip(at + 1) {
        let n = i + 1;
        let written = get(row, AnswerColumn::Id);
        let score = get(row, AnswerColumn::Score);
        let texts = [
            raw(row, AnswerColumn::Comment),
            raw(row, AnswerColumn::Evidence),
            raw(row, AnswerColumn::Action),
            raw(row, AnswerColumn::Owner),
            raw(row, AnswerColumn::Due),
        ];
        let shown = sanitize_line(&written);
        if written.is_empty() {
            if !score.is_empty() || texts.iter().any(|t| !t.trim().is_empty()) {
                errors.push(format!(
                    "{where_}, {row_} {n}: {}",
                    lang.pick("項目番号のない回答です", "an answer without an item id")
                ));
            }
            continue;
        }
        let mut id = cells::item_id(&written);
        if catalog.item(&id).is_none() && !cells::looks_like_id(&id) {
            if score.is_empty() {
                // A heading between the items: 【大分類1】, a 管理目標, a 大分類's number.
                continue;
            }
            if let Some((how, ids)) = cells::unmangle(&written, true) {
                let fits: Vec<&String> = ids
                    .iter()
                    .filter(|id| catalog.item(id).is_some() && !first_row.contains_key(*id))
                    .collect();
                // Several fit: the table is in the catalog's order, so the one after the row
                // before.
                let next = fits
                    .iter()
                    .filter_map(|id| Some((catalog.position(id)?, *id)))
                    .filter(|(p, _)| last_position.is_none_or(|l| *p > l))
                    .min();
                let taken = match (fits.len(), next) {
                    (1, _) => Some(fits[0].clone()),
                    (_, Some((_, id))) => Some(id.clone()),
                    _ => None,
                };
                let what = match (&how, lang) {
                    (Mangled::Date, Lang::Ja) => "日付",
                    (Mangled::Date, Lang::En) => "a date",
                    (Mangled::Number, Lang::Ja) => "数値",
                    (Mangled::Number, Lang::En) => "a number",
                };
                match taken {
                    Some(found) => {
                        table.notes.push(say!(
                            lang,
                            "{where_}, {row_} {n}: 項目番号 {found} が Excel で{what} (「{shown}」) に変えられていました。{found} として読みました",
                            "{where_}, {row_} {n}: {found} was turned into {what} by Excel (\"{shown}\"); read as {found}"
                        ));
                        id = found;
                    }
                    None => {
                        let ids = ids.join(lang.pick("、", ", "));
                        errors.push(say!(
                            lang,
                            "{where_}, {row_} {n}: 項目番号のセル「{shown}」は Excel が{what}に変えたもので、元の番号が分かりません (考えられる番号: {ids})。列の書式を「文字列」にして番号を入れ直してください",
                            "{where_}, {row_} {n}: the item id cell \"{shown}\" was turned into {what} by Excel and the id it was cannot be told (it may be: {ids}); format the column as Text and type the ids again"
                        ));
                        continue;
                    }
                }
            }
        }
        if catalog.item(&id).is_none() {
            errors.push(say!(
                lang,
                "{where_}, {row_} {n}: 項目番号「{shown}」は {} {} にありません",
                "{where_}, {row_} {n}: unknown item id \"{shown}\" (not in {} {})",
                catalog.id,
                catalog.revision
            ));
            continue;
        }
        if let Some(first) = first_row.get(&id) {
            errors.push(say!(
                lang,
                "{where_}, {row_} {n}: 項目 {id} が重複しています (最初は {first} 行目)",
                "{where_}, {row_} {n}: item {id} appears again (first in row {first})"
            ));
            continue;
        }
        first_row.insert(id.clone(), n);
        last_position = catalog.position(&id);
        // The report's marks: a draft handed in is still a draft; a flag is kept, on an
        // item answered or not.
        let marks = get(row, AnswerColumn::Marks).to_lowercase();
        let on = |f| {
            let v = get(row, f);
            v == "1" || cells::yes_no(&v) == Some(true)
        };
        let flagged =
            marks.contains("付箋") || marks.contains("flagged") || on(AnswerColumn::Flagged);
        let [comment, evidence, action, owner, due] = texts;
        // A due date stored as the plan editor stores it: ISO when it reads as a date (the
        // report prints 「令和9年3月31日 (2027-03-31)」), other text as written.
        let due = crate::date::parse_date(&due).map_or(due, crate::date::iso);
        // A plan of white space only is still a plan (it is what the sheet held).
        let plan = [&action, &owner, &due]
            .iter()
            .any(|t| !t.is_empty())
            .then_some(Plan {
                action,
                owner,
                due,
                carried: false,
            });
        let notes = Notes {
            comment,
            evidence,
            plan,
            flagged,
            extra: Vec::new(),
        };
        if score.is_empty() && !notes.has_text() && !flagged {
            continue;
        }
        let s = if score.is_empty() {
            None
        } else if let Some(s) = cells::score(&score) {
            Some(s)
        } else {
            let score = sanitize_line(&score);
            errors.push(say!(
                lang,
                "{where_}, {row_} {n}: 項目 {id}: 評価「{score}」は 0、1、2、3 のどれでもありません",
                "{where_}, {row_} {n}: item {id}: score \"{score}\" is not 0, 1, 2 or 3"
            ));
            continue;
        };
        match s {
            Some(s) => {
                let mut a = Answer::new(s);
                a.set_notes(notes);
                a.unconfirmed =
                    marks.contains("下書き") || marks.contains("draft") || on(AnswerColumn::Draft);
                table.answers.insert(id, a);
            }
            // Text without a score: notes on an item not answered (a report's row of them);
            // a flag alone is no text to say was read so.
            None => {
                if notes.has_text() {
                    table.notes.push(say!(
                        lang,
                        "{where_}, {row_} {n}: 項目 {id} は評価 (0〜3) がないため、未回答の項目のメモとして読みました",
                        "{where_}, {row_} {n}: item {id} has no score (0–3): read as notes on an unanswered item"
                    ));
                }
                table.unanswered.insert(id, notes);
            }
        }
    }
    if errors.is_empty() {
        Ok(Some(table))
    } else {
        let more = errors.len().saturating_sub(20);
        let mut msg = errors.into_iter().take(20).collect::<Vec<_>>().join("\n  ");
        if more > 0 {
            msg.push_str(&say!(lang, "\n  … ほか {more} 件", "\n  … and {more} more"));
        }
        Err(format!(
            "{}:\n  {msg}",
            lang.pick("表を読み込めません", "the table cannot be read")
        ))
    }
}

/// Whether any cell of `rows` is an item id of `catalog` as written (`1-1`, `１－１`): a table
/// of the items, whatever its columns are named. Ids Excel made dates are not looked for: a
/// letter's dates would pass for them.
fn lists_items(rows: &[Vec<String>], catalog: &Catalog) -> bool {
    rows.iter()
        .flatten()
        .any(|c| !c.is_empty() && catalog.item(&cells::item_id(c)).is_some())
}

/// The error when no header row names an id and a score column: where it looked, the names
/// it knows, and the headers it found (`found`: per sheet, or for the file). Without a cell
/// that is an item id (`items_listed` false), the file is no table of the items at all.
fn no_table(shown: &str, found: &[String], items_listed: bool, lang: Lang) -> ImportError {
    let found = if found.is_empty() {
        String::new()
    } else {
        format!(
            "\n  {}\n  {}",
            lang.pick("見つかった見出し:", "headers found:"),
            found.join("\n  ")
        )
    };
    let missing = say!(
        lang,
        "最初の {HEADER_SEARCH} 行に、項目番号の列 (小項目番号 / 項目番号 / 項番 / 番号 / No. / id) と評価の列 (評価 / 評価点 / 回答 / 点数 / score) を名指す見出し行がありません",
        "no header row in the first {HEADER_SEARCH} rows names an item id column (小項目番号 / 項目番号 / 項番 / 番号 / No. / id) and a score column (評価 / 評価点 / 回答 / 点数 / score)"
    );
    if items_listed {
        ImportError::NoTable(format!("{shown}: {missing}{found}"))
    } else {
        ImportError::NoItems(say!(
            lang,
            "{shown}: {}: {missing}。点検項目の番号 (1-1 など) のセルもありません{found}",
            "{shown}: {}: {missing}, and no cell is a checklist item's id (1-1 …){found}",
            no_items_words(lang)
        ))
    }
}

/// What a file that lists no checklist item is, worded: `new --from`'s refusal, `aggregate`'s
/// 受付一覧.
pub(crate) fn no_items_words(lang: Lang) -> &'static str {
    lang.pick(
        "点検項目の表ではありません (送付状などの添付文書)",
        "not a table of the checklist's items (a cover letter or another document)",
    )
}

/// Reads a per-item table from a workbook (.xlsx, .xlsm), opened once: the sheet named 回答
/// first, else the first sheet with a header row; the header block above it and on the 概要
/// sheet, which also names the catalog (tenken's report), else `edition`'s. `.xls` and `.ods`
/// are refused (see [`super::bounded::WorkbookRefusal::Kind`]), and tenken's own summary workbooks too.
fn workbook<'c>(
    path: &Path,
    catalogs: &'c Catalogs,
    edition: Option<Edition>,
    lang: Lang,
) -> Result<(AnswerTable, &'c Catalog), ImportError> {
    let shown = path.display().to_string();
    let sheet_ = lang.pick("シート", "sheet");
    let mut found = Vec::new();
    let mut items_listed = false;
    let table = with_workbook(path, lang, |wb| {
        let mut names = wb.sheet_names();
        let ours = [super::RECEIVED_SHEET, super::DIFF_ITEMS_SHEET];
        if names
            .iter()
            .any(|n| ours.iter().any(|(ja, en)| n == ja || n == en))
        {
            return Ok(Err(summary(&shown, lang)));
        }
        let summary_rows = match names.iter().any(|n| n == SUMMARY_SHEET) {
            true => Some(grid(wb, SUMMARY_SHEET)?),
            false => None,
        };
        let named = summary_rows
            .iter()
            .flatten()
            .find_map(|r| match (r.first(), r.get(1)) {
                (Some(k), Some(v))
                    if [CATALOG_ID.0, CATALOG_ID.1]
                        .map(cells::header_name)
                        .contains(&cells::header_name(k)) =>
                {
                    Some(v.clone())
                }
                _ => None,
            });
        let catalog = named_or(catalogs, named, edition);
        if let Some(k) = names.iter().position(|n| n == ANSWERS_SHEET) {
            let n = names.remove(k);
            names.insert(0, n);
        }
        for name in &names {
            let rows = grid(wb, name)?;
            let where_ = format!("{shown}: {sheet_} {name}");
            // A table's own errors are the answer, not a refusal of the workbook.
            let mut table = match read_rows(&rows, &where_, catalog, lang) {
                Ok(Some(table)) => table,
                Ok(None) => {
                    items_listed |= lists_items(&rows, catalog);
                    if let Some(h) = headers_found(&rows) {
                        found.push(format!("{sheet_} {}: {h}", sanitize_line(name)));
                    }
                    continue;
                }
                Err(e) => return Ok(Err(ImportError::Rows(e))),
            };
            if let Some(rows) = &summary_rows {
                cells::header_block(rows, catalog, &mut table.header);
            }
            if names.iter().any(|n| n == LONG_SHEET) {
                whole_texts(&grid(wb, LONG_SHEET)?, &mut table);
            }
            return Ok(Ok(Some((table, catalog))));
        }
        Ok(Ok(None))
    })
    .map_err(ImportError::Unreadable)??;
    table.ok_or_else(|| no_table(&shown, &found, items_listed, lang))
}

/// Where a header text of the sheet that `new --from` carries goes, by the field the report's
/// [`LONG_SHEET`] names it with (either language): 団体名 and 回答者. (The sign-off's names and
/// date go to 長文 too, but a new year's sheet starts unsigned.)
type HeaderSlot = fn(&mut HeaderBlock) -> &mut Option<String>;

fn header_field(field: &str) -> Option<HeaderSlot> {
    let (ja, en) = super::RESPONDENT;
    if field_of(field).is_some_and(|(k, _)| NAMES[k].0 == AnswerColumn::Organization) {
        Some(|b| &mut b.organization)
    } else if [ja, en]
        .map(cells::header_name)
        .contains(&cells::header_name(field))
    {
        Some(|b| &mut b.respondent)
    } else {
        None
    }
}

/// Puts back the texts that the report workbook cut to fit a cell, from its [`LONG_SHEET`]:
/// rows of (item, field, part), the parts of one text on consecutive rows, the field named as
/// the per-item table's header names it, or as the 概要 names a header text
/// ([`header_field`]), in either language ([`field_of`]).
fn whole_texts(rows: &[Vec<String>], table: &mut AnswerTable) {
    let mut whole: Vec<((String, String), String)> = Vec::new();
    for row in rows {
        let cell = |k: usize| row.get(k).map_or("", String::as_str);
        let (id, field, part) = (cell(0), cell(1), cell(2));
        if field_of(field).is_none() && !(id.is_empty() && header_field(field).is_some()) {
            continue;
        }
        match whole.last_mut() {
            Some((key, text)) if key.0 == id && key.1 == field => text.push_str(part),
            _ => whole.push(((id.to_string(), field.to_string()), part.to_string())),
        }
    }
    for ((id, field), text) in whole {
        if id.is_empty() {
            if let Some(slot) = header_field(&field) {
                *slot(&mut table.header) = Some(text.trim().to_string());
            }
            continue;
        }
        let column = field_of(&field).map(|(k, _)| NAMES[k].0);
        let Some(a) = table.answers.get_mut(&id) else {
            continue;
        };
        let plan = || Plan {
            carried: false,
            ..Plan::default()
        };
        match column {
            Some(AnswerColumn::Comment) => a.comment = text,
            Some(AnswerColumn::Evidence) => a.evidence = text,
            Some(AnswerColumn::Action) => a.plan.get_or_insert_with(plan).action = text,
            Some(AnswerColumn::Owner) => a.plan.get_or_insert_with(plan).owner = text,
            Some(AnswerColumn::Due) => a.plan.get_or_insert_with(plan).due = text,
            _ => {}
        }
    }
}

/// A sheet's name and its rows as text.
pub(crate) type NamedRows = (String, Vec<Vec<String>>);

/// The sheets named `names` (those the workbook has) of a workbook tenken wrote, as text rows,
/// within the same bounds: what `aggregate --previous-aggregate` reads back.
pub(crate) fn sheets(path: &Path, names: &[&str], lang: Lang) -> Result<Vec<NamedRows>, String> {
    with_workbook(path, lang, |wb| {
        let mut out = Vec::new();
        for name in wb.sheet_names() {
            if names.contains(&name.as_str()) {
                let rows = grid(wb, &name)?;
                out.push((name, rows));
            }
        }
        Ok(out)
    })
}

/// The rows of a list that is not a per-item table (the roster of `aggregate --roster`): a CSV
/// file's, or the first sheet's of a workbook, as text, within the same bounds.
///
/// A file is read by its extension: `.csv` as CSV, a workbook's as a workbook (`.xls` and `.ods`
/// refused as such); any other name, once found to be a file (so that a missing file or a
/// directory is said to be that), is refused as neither, rather than guessed at.
pub(crate) fn rows(path: &Path, lang: Lang) -> Result<Vec<Vec<String>>, String> {
    if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
    {
        return csv_rows(path, lang);
    }
    if !crate::store::is_table(path) {
        crate::store::regular_file(path).map_err(|e| e.render(lang))?;
        return Err(say!(
            lang,
            "{}: 名簿は CSV (.csv) かワークブック (.xlsx) で指定してください (ファイル名の拡張子で読み方を決めます。CSV なら名前を .csv に)",
            "{}: give the roster as a CSV file (.csv) or a workbook (.xlsx) (a file is read by its extension: name a CSV file .csv)",
            path.display()
        ));
    }
    with_workbook(path, lang, |wb| {
        let Some(first) = wb.sheet_names().into_iter().next() else {
            return Ok(Vec::new());
        };
        Ok(grid(wb, &first)?)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Edition;
    use crate::sheet::Score;

    /// The report CSV's per-item table is read by the name it is written under, in either
    /// language, as an item id column too.
    #[test]
    fn the_report_csvs_item_column_is_known_by_the_name_it_is_written_under() {
        let (ja, en) = super::super::REPORT_ITEMS_HEAD;
        let ids = NAMES
            .iter()
            .find(|(c, _)| *c == AnswerColumn::Id)
            .unwrap()
            .1;
        for head in [ja, en] {
            assert!(ids.contains(&cells::header_name(head).as_str()), "{head}");
            assert!(names_report_table(&[head.to_string()]));
        }
    }

    fn rows(src: &[&[&str]]) -> Vec<Vec<String>> {
        src.iter()
            .map(|r| r.iter().map(|s| s.to_string()).collect())
            .collect()
    }

    /// Why `table` (rows of comma-separated cells) is refused as a table of the municipal
    /// catalog, named `shown` in messages.
    fn refused(table: &str, shown: &str, lang: Lang) -> String {
        let rows: Vec<Vec<&str>> = table.lines().map(|l| l.split(',').collect()).collect();
        let rows: Vec<&[&str]> = rows.iter().map(Vec::as_slice).collect();
        read(&rows, shown, lang).unwrap_err()
    }

    /// `src` read as a table of the municipal catalog, named `shown` in messages.
    fn read(src: &[&[&str]], shown: &str, lang: Lang) -> Result<Option<AnswerTable>, String> {
        read_rows(
            &rows(src),
            shown,
            Catalog::builtin(Edition::Municipal),
            lang,
        )
    }

    #[test]
    fn a_header_anywhere_in_the_first_rows_and_any_column_order() {
        let t = read(
            &[
                &["甲市の点検"],
                &[],
                &["担当", "Score", "ID", "コメント", "改善内容"],
                &["課長", "2 (整備している)", "1-1", "規程あり", "来年度改訂"],
                &["", "３", "1-2", "", ""],
                &["", "", "1-3", "", ""],
            ],
            "t",
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
        let table = "id,score\n1-1,3\n99-9,3\n1-1,2\n1-2,4\n1-3,はい\n1-4,";
        let err = refused(table, "book.xlsx: sheet S", Lang::En);
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

    #[test]
    fn an_excel_date_no_item_fits_is_refused_with_what_it_may_have_been() {
        let err = refused("番号,評価\n2026/9/15,3\n1.1,3\n1-1,3", "t", Lang::Ja);
        assert!(
            err.contains("行 2: 項目番号のセル「2026/9/15」は Excel が日付に変えたもので、元の番号が分かりません (考えられる番号: 9-15)"),
            "{err}"
        );
        // 1.1 was taken back as 1-1, so the row that says 1-1 is the second.
        assert!(
            err.contains("行 4: 項目 1-1 が重複しています (最初は 3 行目)"),
            "{err}"
        );
    }

    #[test]
    fn no_header_is_no_table() {
        assert_eq!(read(&[&["a", "b"], &["1-1", "3"]], "t", Lang::En), Ok(None));
        assert!(crate::store::is_table(Path::new("x.XLSX")));
        assert!(crate::store::is_table(Path::new("a.csv")));
        assert!(!crate::store::is_table(Path::new("last.ron")));
    }
}
