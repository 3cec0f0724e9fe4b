//! The report as a workbook (`tenken report --format xlsx`): one sheet's 点検結果 — a summary, the
//! per-item table (every answer with comment, evidence, plan and flags; `new --from` reads it
//! back), the heading averages, the priority warnings, the 改善計画書 as a printable sheet,
//! and radar charts of the 大分類 and 管理目標 averages against the national averages (and
//! last year's, given `--previous`), as the IPA self-assessment benchmark draws its chart;
//! last, 長文: every text of the sheet shown cut because its row cannot print it, whole. And
//! what `report` says on stderr of the texts it shows cut, titles included ([`cut_notices`]).

use rust_xlsxwriter::{
    Chart, ChartFont, ChartLegendPosition, ChartType, ColNum, Workbook, Worksheet,
};

use super::{Level, SheetReport, score_text, years_text};
use crate::catalog::{Catalog, heading_text};
use crate::figure::{Figure, Ratio};
use crate::fiscal::FiscalYear;
use crate::lang::Lang;
use crate::ron::timestamp;
use crate::score::SheetScore;
use crate::xlsx::{
    ACTION, ANSWERS_SHEET, APPROVER, CATALOG_ID, CODE, COMMENT, Column, DUE, EVIDENCE, FISCAL_YEAR,
    Fit, ID, INSPECTED_ON, INSPECTOR, LONG_PART, LONG_SHEET, Label, ORGANIZATION, OWNER,
    PREFECTURE, RESPONDENT, Rest, SCORE, SUMMARY_SHEET, SheetText, Styles, UPDATED, Written,
    autofilter, average, columns_in, count, cut_notice, err, finish, fits_row, fitted_title,
    id_cell, page_setup, row_parts, sheet_texts, table_sheet, text, title_notice, too_long,
    workbook, write_title,
};

/// The workbook's bytes.
pub(super) fn render(r: &SheetReport, lang: Lang) -> Result<Vec<u8>, String> {
    let (mut wb, mut st) = workbook(lang)?;
    st.title_names = vec![r.sheet.organization.clone()];
    // In the order the document is read: the cover with the sign-off, the plans a 課長
    // approves, the warnings, the averages, the chart, and every answer last.
    summary(&mut wb, &st, r, lang)?;
    plans(&mut wb, &st, r, lang)?;
    warnings(&mut wb, &st, r, lang)?;
    headings(&mut wb, &st, r, lang)?;
    charts(&mut wb, &st, r, lang)?;
    answers(&mut wb, &st, r, lang)?;
    long_texts(&mut wb, &st, r, lang)?;
    let unknown: Vec<(&String, &crate::sheet::Answer)> = r
        .sheet
        .answers
        .iter()
        .filter(|(id, _)| r.catalog.item(id).is_none())
        .collect();
    if !unknown.is_empty() {
        // Answers to ids the catalog does not have (tenken check lists them): kept apart so
        // that the per-item table reads back into this catalog.
        let name = lang.pick("カタログにない回答", "Unknown items");
        let (ws, _) = table_sheet(&mut wb, &st, name, None, 0, &answer_columns(lang)[..5])?;
        for (row, (id, a)) in (1..).zip(unknown) {
            id_cell(ws, &st, row, 0, id)?;
            count(ws, &st, row, 4, u64::from(a.score.value()))?;
        }
    }
    crate::xlsx::seal_footer(&mut wb, crate::seal::printed_line(r.sheet, lang).as_deref());
    finish(wb, &st)
}

/// Writes the title of a sheet that shows `what` and prints `width` characters wide
/// ([`write_title`]).
fn title(ws: &mut Worksheet, st: &Styles, r: &SheetReport, what: Label, width: f64) -> Written {
    write_title(ws, st, &title_text(r, what, st.lang), width)
}

/// A sheet's title: what it shows, for whom and when.
fn title_text(r: &SheetReport, (ja, en): Label, lang: Lang) -> String {
    format!(
        "{} — {} {}",
        lang.pick(ja, en),
        r.sheet.organization,
        r.sheet.fiscal_year().display(lang)
    )
}

/// The sign-off block: 点検実施者 and 確認者 each with a box for the seal, and 点検日, from
/// `row` on in columns A (label), B (name) and C (seal). Names not given are left blank, to be
/// written by hand. Returns the row after the block.
fn sign_off(
    ws: &mut Worksheet,
    st: &Styles,
    fit: &mut Fit,
    mut row: u32,
    r: &SheetReport,
    lang: Lang,
) -> Result<u32, String> {
    const SEAL_ROW: f64 = 42.0;
    let s = r.sheet;
    for (label, name) in [
        (lang.pick(INSPECTOR.0, INSPECTOR.1), &s.inspector),
        (lang.pick(APPROVER.0, APPROVER.1), &s.approver),
    ] {
        fit.header(ws, st, (row, 0), label)?;
        fit.kept(ws, st, row, 1, name.trim())?;
        ws.write_string_with_format(row, 2, lang.pick("印", "stamp"), &st.stamp)
            .map_err(err)?;
        fit.at_least(row, SEAL_ROW);
        row += 1;
    }
    fit.header(ws, st, (row, 0), lang.pick(INSPECTED_ON.0, INSPECTED_ON.1))?;
    fit.kept(ws, st, row, 1, &crate::date::printed(&s.inspected_on))?;
    Ok(row + 1)
}

/// The cover: who, which year and catalog, the sign-off, and the averages at a glance.
fn summary(wb: &mut Workbook, st: &Styles, r: &SheetReport, lang: Lang) -> Result<(), String> {
    let ws = wb.add_worksheet();
    ws.set_name(SUMMARY_SHEET).map_err(err)?;
    let widths = COVER_WIDTHS;
    title(ws, st, r, SUMMARY_WHAT, widths.iter().sum())?;
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as ColNum, *w).map_err(err)?;
    }
    let mut fit = Fit::new(widths);
    page_setup(ws);
    ws.set_portrait();
    let o = &r.score.overall;
    let mut rows: Vec<(&str, String)> = vec![
        // English labels that `new --from` knows as well as the Japanese (`cells::key`).
        (
            lang.pick(ORGANIZATION.0, ORGANIZATION.1),
            r.sheet.organization.clone(),
        ),
        (
            lang.pick("年度", "Fiscal year"),
            r.sheet.fiscal_year().display(lang),
        ),
        (
            lang.pick("点検票", "Checklist"),
            format!(
                "{} ({} {})",
                heading_text(&r.catalog.title, &r.catalog.title_en, lang),
                r.catalog.id,
                r.catalog.revision
            ),
        ),
        (
            lang.pick(RESPONDENT.0, RESPONDENT.1),
            r.sheet.respondent.clone(),
        ),
    ];
    // What `new --from` reads back besides: the code (an id) and prefecture when given, and
    // the profile answers (重要機能室), each under its question.
    let code = lang.pick(CODE, "Organization code");
    for (k, v) in [
        (code, &r.sheet.organization_code),
        (lang.pick(PREFECTURE, "Prefecture"), &r.sheet.prefecture),
    ] {
        if !v.is_empty() {
            rows.push((k, v.clone()));
        }
    }
    for (question, answer) in r.profile_answers(lang) {
        rows.push((question, answer.into()));
    }
    rows.push((
        lang.pick("回答済み", "Answered"),
        format!("{} / {}", o.answered, o.applicable),
    ));
    let mut row = 2;
    for (k, v) in rows {
        fit.header(ws, st, (row, 0), k)?;
        if k == code {
            fit.wrapped_id(ws, st, row, 1, &v)?;
        } else if [ORGANIZATION, RESPONDENT]
            .iter()
            .any(|&(ja, en)| lang.pick(ja, en) == k)
        {
            // The sheet's own words (団体名, 回答者) are kept whole on 長文 where cut.
            fit.kept(ws, st, row, 1, &v)?;
        } else {
            fit.wrapped(ws, st, row, 1, &v)?;
        }
        row += 1;
    }
    // A count, written as a number (not 「12」 as text).
    let label = lang.pick("下書き (前年度から)", "Drafts (carried)");
    fit.header(ws, st, (row, 0), label)?;
    count(ws, st, row, 1, u64::from(r.score.unconfirmed))?;
    row += 1;
    row += 1;
    ws.write_string_with_format(row, 0, lang.pick("確認欄", "Sign-off"), &st.label)
        .map_err(err)?;
    row = sign_off(ws, st, &mut fit, row + 1, r, lang)?;
    row += 1;
    ws.write_string_with_format(row, 0, lang.pick("平均点", "Averages"), &st.label)
        .map_err(err)?;
    row += 1;
    fit.header(ws, st, (row, 0), lang.pick("総平均点", "Overall average"))?;
    average(ws, st, row, 1, o.exact_average())?;
    row += 1;
    for (m, s) in r.catalog.majors.iter().zip(&r.score.majors) {
        let name = format!("{} {}", m.no, m.title_in(lang));
        fit.header(ws, st, (row, 0), &name)?;
        average(ws, st, row, 1, s.tally.exact_average())?;
        row += 1;
    }
    // What `new --from` reads back to name the year and the catalog edition.
    row += 1;
    let label = lang.pick(FISCAL_YEAR, "Fiscal year (Western)");
    ws.write_string_with_format(row, 0, label, &st.header)
        .map_err(err)?;
    count(ws, st, row, 1, r.sheet.fiscal_year as u64)?;
    row += 1;
    let label = lang.pick(CATALOG_ID.0, CATALOG_ID.1);
    ws.write_string_with_format(row, 0, label, &st.header)
        .map_err(err)?;
    text(ws, st, row, 1, &r.catalog.id)?;
    if let Some(t) = r.sheet.updated {
        row += 1;
        let label = lang.pick(UPDATED, "Updated");
        ws.write_string_with_format(row, 0, label, &st.header)
            .map_err(err)?;
        // In the one date style of the printed pages, the time to the second in brackets.
        let shown = format!("{} ({})", crate::date::wareki(t.date()), timestamp(t));
        text(ws, st, row, 1, &shown)?;
    }
    fit.apply(ws)
}

#[rustfmt::skip]
const ANSWER_COLUMNS: [(&str, &str, f64, f64); 13] = [
    (ID.0, ID.1, 9.0, 6.0), ("大分類", "Section", 8.0, 15.0), ("管理目標", "Goal", 12.0, 19.0),
    ("点検項目", "Question", 24.0, 22.0), (SCORE.0, SCORE.1, 6.0, 6.0),
    ("評価の\n内容", "Meaning", 15.0, 12.0), (COMMENT.0, COMMENT.1, 17.0, 14.0),
    (EVIDENCE.0, EVIDENCE.1, 11.0, 10.0), (ACTION.0, ACTION.1, 16.0, 14.0),
    (OWNER.0, OWNER.1, 7.0, 7.0), (DUE.0, DUE.1, 16.0, 16.0),
    ("付箋・\n下書き", "Flagged, draft", 9.0, 9.0), ("重要点検\n項目", "Priority", 9.0, 9.0),
];

/// The 改善計画書's columns (its 点検項目 column holds the sign-off's names above the table).
#[rustfmt::skip]
const PLAN_COLUMNS: [(&str, &str, f64); 8] = [
    (ID.0, ID.1, 12.0), ("点検項目", "Question", 34.0), ("現在の評価", "Score", 17.0),
    ("現状", "Current state", 26.0), (ACTION.0, ACTION.1, 30.0), (OWNER.0, OWNER.1, 12.0),
    (DUE.0, DUE.1, 16.0), ("状況", "Status", 12.0),
];

/// The width of the 概要's values (団体名, 回答者, the sign-off's names).
const COVER_VALUE: f64 = 56.0;

/// The 概要's columns (label, value, seal), and what its title says it shows.
const COVER_WIDTHS: [f64; 3] = [30.0, COVER_VALUE, 10.0];
const SUMMARY_WHAT: Label = ("点検結果", "Inspection results");

/// The 改善計画書: its sheet's name, and what its title says it shows.
const PLANS_WHAT: Label = ("改善計画書", "Improvement plan");

/// What the 回答一覧's title says it shows.
const ANSWERS_WHAT: Label = ("回答一覧", "Answers");

/// The per-item table's columns, headed in the workbook's language (`new --from` reads either),
/// at most 159 characters wide in all so that the table prints at 80 % or more on A4
/// landscape: long texts wrap, in rows as tall as their lines; a header fits its column whole,
/// or breaks between words (`no_header_breaks_inside_a_word`). A width for each language:
/// Japanese breaks anywhere, an English heading only between words, so Section and Goal are
/// as wide as their longest word (「organizational,」, 「telecommunications」) and the columns
/// of short English words give way (`no_english_cell_breaks_inside_a_word`). 期限 is as wide
/// as the 改善計画書's: the due date in the one printed style, 「令和9年3月31日」 on one line and
/// 「(2027-03-31)」 on the next.
fn answer_columns(lang: Lang) -> Vec<Column<'static>> {
    ANSWER_COLUMNS
        .iter()
        .map(|&(ja, en, ja_width, en_width)| Column {
            header: lang.pick(ja, en),
            width: match lang {
                Lang::Ja => ja_width,
                Lang::En => en_width,
            },
        })
        .collect()
}

/// A heading's number and title where it first appears in a column (`key` changes), after
/// that its number alone.
fn once_in_full<K: PartialEq>(
    last: &mut Option<K>,
    key: K,
    no: &dyn std::fmt::Display,
    title: &str,
) -> String {
    if last.as_ref() == Some(&key) {
        no.to_string()
    } else {
        *last = Some(key);
        format!("{no} {title}")
    }
}

/// Every item of the catalog, answered or not, with the answer's every field (and the notes
/// written on an item not answered yet).
fn answers(wb: &mut Workbook, st: &Styles, r: &SheetReport, lang: Lang) -> Result<(), String> {
    const HEADER: u32 = 2;
    let columns = answer_columns(lang);
    let title = title_text(r, ANSWERS_WHAT, lang);
    let (ws, mut fit) = table_sheet(wb, st, ANSWERS_SHEET, Some(&title), HEADER, &columns)?;
    // The 大分類 and 管理目標 are named in full on the first row of each and by number on the
    // rest (still sortable and filterable by number): the long 管理目標 wording repeated on
    // every row made each row six lines tall and the table twice as many pages.
    let (mut last_major, mut last_goal) = (None, None);
    let rows = r.catalog.items().zip(&r.score.items).zip(&r.items);
    for (row, (((p, item), state), written)) in (HEADER + 1..).zip(rows) {
        let major = &r.catalog.majors[p.major];
        let goal = r.catalog.goal_at(p);
        // Every cell of the row ruled, written or not.
        for col in 0..columns.len() {
            ws.write_blank(row, col as ColNum, &st.wrap).map_err(err)?;
        }
        id_cell(ws, st, row, 0, &item.id)?;
        let major_text = once_in_full(&mut last_major, p.major, &major.no, major.title_in(lang));
        fit.wrapped_id(ws, st, row, 1, &major_text)?;
        let goal_text = once_in_full(&mut last_goal, goal.no, &goal.no, goal.title_in(lang));
        fit.wrapped_id(ws, st, row, 2, &goal_text)?;
        fit.wrapped(ws, st, row, 3, r.catalog.item_text(item, lang))?;
        let answer = r.sheet.answers.get(&item.id);
        if let Some(a) = answer {
            count(ws, st, row, 4, u64::from(a.score.value()))?;
            fit.wrapped(
                ws,
                st,
                row,
                5,
                lang.pick(a.score.label_ja(), a.score.label_en()),
            )?;
        } else if *state == crate::score::ItemState::Excluded {
            fit.wrapped(
                ws,
                st,
                row,
                5,
                lang.pick("対象外 (団体の条件)", "excluded by the profile"),
            )?;
        }
        // Marks and notes: an answer's, or those put on an item not answered yet.
        let marks: Vec<&str> = [
            (written.flagged, lang.pick("付箋", "flagged")),
            (
                answer.is_some_and(|a| a.unconfirmed),
                lang.pick("下書き", "draft"),
            ),
        ]
        .into_iter()
        .filter_map(|(on, word)| on.then_some(word))
        .collect();
        if answer.is_some() || !marks.is_empty() {
            fit.wrapped(ws, st, row, 11, &marks.join(lang.pick("・", ", ")))?;
        }
        fit.kept(ws, st, row, 6, &written.comment)?;
        fit.kept(ws, st, row, 7, &written.evidence)?;
        if let Some(plan) = &written.plan {
            fit.kept(ws, st, row, 8, &plan.action)?;
            fit.kept(ws, st, row, 9, &plan.owner)?;
            fit.kept(ws, st, row, 10, &crate::date::printed(&plan.due))?;
        }
        fit.wrapped(
            ws,
            st,
            row,
            12,
            &years_text(r.catalog.priority_years(&item.id), lang),
        )?;
    }
    autofilter(
        ws,
        HEADER,
        HEADER + r.catalog.item_count() as u32,
        columns.len(),
    )?;
    fit.apply(ws)
}

/// The width of 長文's 本文 column: 49 kanji a line, 24 lines a part.
const LONG_PART_WIDTH: f64 = 100.0;

/// 長文's columns, and what its title says it shows.
const LONG_COLUMNS: [(&str, &str, f64); 3] = [
    (ID.0, ID.1, 10.0),
    ("欄", "Field", 12.0),
    (LONG_PART.0, LONG_PART.1, LONG_PART_WIDTH),
];
const LONG_WHAT: Label = (
    "欄に収まらない記入 (全文)",
    "Texts too long for their cells, whole",
);

/// The texts of the sheet that the report shows cut ([`crate::xlsx::row_text`]): too long for
/// a row at the narrowest column the workbook shows them in (the 回答 sheet's for an answer's
/// notes, the 改善計画書's 点検項目 column for the sign-off's names), or for a cell — every one
/// kept whole on [`LONG_SHEET`], and named on stderr by `tenken report` ([`cut_notices`]).
fn kept_whole(sheet: &crate::sheet::Sheet, lang: Lang) -> Vec<SheetText<'_>> {
    let mut texts = sheet_texts(sheet);
    texts.retain(|&(item, field, text)| {
        let shown = match field {
            DUE | INSPECTED_ON => std::borrow::Cow::Owned(crate::date::printed(text)),
            _ => std::borrow::Cow::Borrowed(text),
        };
        too_long(text) || !fits_row(&shown, narrowest(item.is_some(), field, lang))
    });
    texts
}

/// What `report` says on stderr of the sheet's texts that its workbook shows cut, naming
/// `file` (as given): the 団体名 where a sheet's title cuts it ([`crate::xlsx::fitted_title`])
/// and the 概要 shows it whole ([`crate::xlsx::title_notice`]); each text too long for a row
/// or a cell ([`kept_whole`], [`crate::xlsx::cut_notice`]), the 団体名 among them where even
/// the 概要 cuts it.
pub(crate) fn cut_notices(r: &SheetReport, file: &str, lang: Lang) -> Vec<String> {
    let long = kept_whole(r.sheet, lang);
    let name = &r.sheet.organization;
    let cut_in_a_title = titles(r, !long.is_empty(), lang)
        .into_iter()
        .any(|(title, width)| {
            let (_, kept) = fitted_title(&title, std::slice::from_ref(name), width);
            kept.is_some_and(|k| name.chars().count() > k)
        });
    let whole_on_summary = !long.iter().any(|&(_, field, _)| field == ORGANIZATION);
    let mut out = Vec::new();
    if cut_in_a_title && whole_on_summary {
        out.push(title_notice(file, ORGANIZATION, name, SUMMARY_SHEET, lang));
    }
    out.extend(
        long.into_iter().map(|(item, field, text)| {
            cut_notice(file, item, field, text, Rest::OnLongSheet, lang)
        }),
    );
    out
}

/// Every sheet's title as [`render`] writes it, with the width (characters of 11-point type)
/// its sheet prints: the 長文 only where it is written (`long`).
fn titles(r: &SheetReport, long: bool, lang: Lang) -> Vec<(String, f64)> {
    let width = |columns: &[(&str, &str, f64)]| columns.iter().map(|c| c.2).sum::<f64>();
    let answers = answer_columns(lang).iter().map(|c| c.width).sum();
    let mut titled = vec![
        (SUMMARY_WHAT, COVER_WIDTHS.iter().sum()),
        (PLANS_WHAT, width(&PLAN_COLUMNS)),
        (WARNINGS_WHAT, width(&WARNING_COLUMNS)),
        (HEADINGS_WHAT, width(&HEADING_COLUMNS)),
        (chart_what(r), CHART_WIDTH),
        (ANSWERS_WHAT, answers),
    ];
    if long {
        titled.push((LONG_WHAT, width(&LONG_COLUMNS)));
    }
    titled
        .into_iter()
        .map(|(what, width)| (title_text(r, what, lang), width))
        .collect()
}

/// The narrowest column that shows a field of the sheet (`item`: an answer's), in `lang`.
fn narrowest(item: bool, (field, _): Label, lang: Lang) -> f64 {
    if !item {
        return COVER_VALUE.min(PLAN_COLUMNS[1].2);
    }
    // 現状 is the answer's comment.
    let current = |ja: &'static str| if ja == "現状" { COMMENT.0 } else { ja };
    let answers = ANSWER_COLUMNS
        .iter()
        .filter(|c| c.0 == field)
        .map(|c| match lang {
            Lang::Ja => c.2,
            Lang::En => c.3,
        });
    let plans = PLAN_COLUMNS
        .iter()
        .filter(|c| current(c.0) == field)
        .map(|c| c.2);
    answers.chain(plans).fold(f64::INFINITY, f64::min)
}

/// Every text shown cut ([`kept_whole`]), whole: in parts that each print whole on
/// consecutive rows ([`row_parts`]), which `new --from` joins again.
fn long_texts(wb: &mut Workbook, st: &Styles, r: &SheetReport, lang: Lang) -> Result<(), String> {
    let long = kept_whole(r.sheet, lang);
    if long.is_empty() {
        return Ok(());
    }
    let columns = columns_in(lang, &LONG_COLUMNS);
    let title = title_text(r, LONG_WHAT, lang);
    let (ws, mut fit) = table_sheet(wb, st, LONG_SHEET, Some(&title), 2, &columns)?;
    let mut row = 3;
    for (id, field, whole) in long {
        for part in row_parts(whole, LONG_PART_WIDTH) {
            id_cell(ws, st, row, 0, id.unwrap_or(""))?;
            text(ws, st, row, 1, lang.pick(field.0, field.1))?;
            fit.wrapped(ws, st, row, 2, part)?;
            row += 1;
        }
    }
    fit.apply(ws)
}

/// 見出し別平均's columns, and what its title says it shows.
#[rustfmt::skip]
const HEADING_COLUMNS: [(&str, &str, f64); 8] = [
    ("区分", "Level", 8.0), ("番号", "No.", 6.0), ("名称", "Title", 44.0),
    ("平均点", "Average", 8.0), ("採点", "Scored", 7.0), ("該当なし", "N/A", 9.0),
    ("対象外", "Excluded", 9.0), ("未回答", "Unanswered", 11.0),
];
const HEADINGS_WHAT: Label = ("見出し別の平均点", "Averages by heading");

fn headings(wb: &mut Workbook, st: &Styles, r: &SheetReport, lang: Lang) -> Result<(), String> {
    let columns = columns_in(lang, &HEADING_COLUMNS);
    let name = lang.pick("見出し別平均", "Averages");
    let title = title_text(r, HEADINGS_WHAT, lang);
    let (ws, mut fit) = table_sheet(wb, st, name, Some(&title), 2, &columns)?;
    let mut row = 3;
    for h in &r.rows {
        text(ws, st, row, 0, h.level.label(lang))?;
        id_cell(ws, st, row, 1, &h.no)?;
        let indent = match h.level {
            Level::Major => "",
            Level::Middle => "  ",
            Level::Goal => "    ",
        };
        fit.wrapped(ws, st, row, 2, &format!("{indent}{}", r.row_title(h, lang)))?;
        average(ws, st, row, 3, h.tally.exact_average())?;
        count(ws, st, row, 4, u64::from(h.tally.scored))?;
        count(ws, st, row, 5, u64::from(h.tally.not_applicable))?;
        count(ws, st, row, 6, u64::from(h.tally.excluded))?;
        count(ws, st, row, 7, u64::from(h.tally.unanswered))?;
        row += 1;
    }
    ws.write_string_with_format(row, 2, lang.pick("総平均点", "Overall average"), &st.header)
        .map_err(err)?;
    average(ws, st, row, 3, r.score.overall.exact_average())?;
    autofilter(ws, 2, row - 1, columns.len())?;
    fit.apply(ws)
}

/// 重要点検項目's columns, and what its title says it shows.
#[rustfmt::skip]
const WARNING_COLUMNS: [(&str, &str, f64); 4] = [
    (ID.0, ID.1, 10.0), ("現在の評価", "Score", 19.0),
    ("重要点検項目の年度", "Designated", 20.0), ("点検項目", "Question", 70.0),
];
const WARNINGS_WHAT: Label = ("3点に達していない重要点検項目", "Priority items below 3");

fn warnings(wb: &mut Workbook, st: &Styles, r: &SheetReport, lang: Lang) -> Result<(), String> {
    let columns = columns_in(lang, &WARNING_COLUMNS);
    let name = lang.pick("重要点検項目", "Priority warnings");
    let title = title_text(r, WARNINGS_WHAT, lang);
    let (ws, mut fit) = table_sheet(wb, st, name, Some(&title), 2, &columns)?;
    for (row, w) in (3..).zip(&r.warnings) {
        id_cell(ws, st, row, 0, &w.id)?;
        fit.wrapped(ws, st, row, 1, &score_text(w.score, lang))?;
        fit.wrapped(ws, st, row, 2, &years_text(&w.years, lang))?;
        fit.wrapped(ws, st, row, 3, r.item_text(&w.id, lang))?;
    }
    autofilter(ws, 2, 2 + r.warnings.len() as u32, columns.len())?;
    fit.apply(ws)
}

/// The 改善計画書 as a 課長 signs it: 作成日 and the sign-off above the plans; each plan with
/// the item's 現状 (its comment), its due date in the one printed style, and marked where a
/// reader must act (期限超過 as `check` finds it, 前年度から for last year's plan unreviewed).
fn plans(wb: &mut Workbook, st: &Styles, r: &SheetReport, lang: Lang) -> Result<(), String> {
    let columns = columns_in(lang, &PLAN_COLUMNS);
    const HEADER: u32 = 7;
    let name = lang.pick(PLANS_WHAT.0, PLANS_WHAT.1);
    let title = title_text(r, PLANS_WHAT, lang);
    let (ws, mut fit) = table_sheet(wb, st, name, Some(&title), HEADER, &columns)?;
    fit.header(ws, st, (1, 0), lang.pick("作成日", "Prepared on"))?;
    fit.wrapped(
        ws,
        st,
        1,
        1,
        &crate::date::wareki_and_iso(crate::clock::now().date()),
    )?;
    fit.header(ws, st, (2, 0), lang.pick("回答者", "Respondent"))?;
    fit.kept(ws, st, 2, 1, &r.sheet.respondent)?;
    sign_off(ws, st, &mut fit, 3, r, lang)?;
    let overdue: Vec<String> = crate::check::findings(r.catalog, r.sheet)
        .into_iter()
        .filter_map(|f| match f {
            crate::check::Finding::PastDue { id, .. } => Some(id),
            _ => None,
        })
        .collect();
    let unwritten = lang.pick("(未記入)", "(not written)");
    for (row, p) in (HEADER + 1..).zip(&r.plans) {
        let comment = r
            .sheet
            .answers
            .get(&p.id)
            .map_or("", |a| a.comment.as_str());
        // As the national table marks its plan lines, each mark on a line of its own.
        let mut marks = Vec::new();
        if !p.written {
            marks.push(lang.pick("計画なし", "no plan"));
        }
        if overdue.contains(&p.id) {
            marks.push(lang.pick("期限超過", "overdue"));
        }
        if p.plan.carried {
            marks.push(lang.pick("前年度から", "from last year"));
        }
        id_cell(ws, st, row, 0, &p.id)?;
        fit.wrapped(ws, st, row, 1, r.item_text(&p.id, lang))?;
        fit.wrapped(ws, st, row, 2, &score_text(Some(p.score), lang))?;
        fit.kept(ws, st, row, 3, comment)?;
        let action = if p.written { &p.plan.action } else { unwritten };
        fit.kept(ws, st, row, 4, action)?;
        fit.kept(ws, st, row, 5, &p.plan.owner)?;
        fit.kept(ws, st, row, 6, &crate::date::printed(&p.plan.due))?;
        fit.wrapped(ws, st, row, 7, &marks.join("\n"))?;
    }
    autofilter(ws, HEADER, HEADER + r.plans.len() as u32, columns.len())?;
    fit.apply(ws)
}

/// National averages per heading: the mean of the catalog's printed item averages of its
/// reference year over the heading's items, as the report computes its section averages.
fn national(catalog: &Catalog, items: impl Iterator<Item = String>) -> Option<Figure> {
    let r = catalog.reference.as_ref()?;
    Figure::mean(
        items
            .filter_map(|id| r.items.get(&id).and_then(|i| i.averages.get(&r.year)))
            .map(|v| Figure::from(*v)),
    )
}

/// Averages per 大分類 (by number) and per 管理目標 (by number).
type SectionAverages = (Vec<(String, Option<Ratio>)>, Vec<(u32, Option<Ratio>)>);

/// Averages of a sheet per 大分類 (by number) and per 管理目標 (by number).
fn section_averages(catalog: &Catalog, score: &SheetScore) -> SectionAverages {
    let majors = catalog
        .majors
        .iter()
        .zip(&score.majors)
        .map(|(m, s)| (m.no.clone(), s.tally.exact_average()))
        .collect();
    let mut goals = Vec::new();
    for (p, _) in catalog.items() {
        let no = catalog.goal_at(p).no;
        if goals.last().is_none_or(|(n, _)| *n != no) {
            goals.push((no, score.goal(p).exact_average()));
        }
    }
    (majors, goals)
}

/// Each radar's size in pixels (width, height).
const CHART_SIZE: (u32, u32) = (525, 560);

/// The グラフ sheet's width: the two radars side by side, 10 pixels apart (a character of the
/// columns is 8 pixels).
const CHART_WIDTH: f64 = (2 * CHART_SIZE.0 + 10) as f64 / 8.0;

/// What the グラフ's title says it shows: with the national averages or without.
fn chart_what(r: &SheetReport) -> Label {
    if national_shown(r) {
        (
            "大分類・管理目標の平均点と全国平均",
            "Averages against the national averages",
        )
    } else {
        ("大分類・管理目標の平均点", "Averages by section and goal")
    }
}

/// Whether the chart draws the catalog's national averages.
fn national_shown(r: &SheetReport) -> bool {
    r.national && r.catalog.reference.is_some()
}

fn charts(wb: &mut Workbook, st: &Styles, r: &SheetReport, lang: Lang) -> Result<(), String> {
    let (majors, goals) = section_averages(r.catalog, &r.score);
    let last = r.last_year.map(|p| {
        let s = crate::score::score_sheet(p.catalog, p.sheet);
        (
            section_averages(p.catalog, &s),
            p.sheet.fiscal_year().display(lang),
        )
    });
    let ref_year = r
        .catalog
        .reference
        .as_ref()
        .filter(|_| national_shown(r))
        .map(|x| FiscalYear(x.year).display(lang));
    let name = lang.pick("グラフ", "Chart");
    let ws = wb.add_worksheet();
    ws.set_name(name).map_err(err)?;
    let (chart_w, chart_h) = CHART_SIZE;
    title(ws, st, r, chart_what(r), CHART_WIDTH)?;
    page_setup(ws);
    // Two data tables side by side: 大分類 (from column A) and 管理目標 (from column H).
    let this_year = r.sheet.fiscal_year().display(lang);
    let mut series_names = vec![this_year];
    if let Some((_, y)) = &last {
        series_names.push(y.clone());
    }
    if let Some(y) = &ref_year {
        series_names.push(format!("{}{y}", lang.pick("全国平均 ", "national ")));
    }
    let major_rows: Vec<(String, String, Vec<Option<Figure>>)> = r
        .catalog
        .majors
        .iter()
        .enumerate()
        .map(|(k, m)| {
            let mut v = vec![majors[k].1.map(Figure::from)];
            if let Some(((lm, _), _)) = &last {
                v.push(
                    lm.iter()
                        .find(|(no, _)| *no == m.no)
                        .and_then(|(_, a)| a.map(Figure::from)),
                );
            }
            if ref_year.is_some() {
                let ids = m
                    .middles
                    .iter()
                    .flat_map(|x| &x.minors)
                    .flat_map(|x| &x.goals)
                    .flat_map(|g| &g.items)
                    .map(|i| i.id.clone());
                v.push(national(r.catalog, ids));
            }
            (m.no.clone(), m.title_in(lang).to_string(), v)
        })
        .collect();
    let goal_rows: Vec<(String, String, Vec<Option<Figure>>)> = r
        .catalog
        .goals()
        .zip(&goals)
        .map(|(g, (no, avg))| {
            let mut v = vec![avg.map(Figure::from)];
            if let Some(((_, lg), _)) = &last {
                v.push(
                    lg.iter()
                        .find(|(n, _)| n == no)
                        .and_then(|(_, a)| a.map(Figure::from)),
                );
            }
            if ref_year.is_some() {
                v.push(national(r.catalog, g.items.iter().map(|i| i.id.clone())));
            }
            (no.to_string(), g.title_in(lang).to_string(), v)
        })
        .collect();
    // Page 1: the two radars side by side, each as large as half the printable width and the
    // page's height allow, at 100 %: labels at 10 points, the whole legend below the plot, the
    // value axis named, its scale from just below the lowest value so that differences show.
    // The tables they are drawn from follow on page 2, 大分類 above 管理目標.
    let lowest = major_rows
        .iter()
        .chain(&goal_rows)
        .flat_map(|(_, _, v)| v.iter().flatten())
        .map(|f| f.to_f64())
        .fold(3.0, f64::min);
    let scale_min = ((lowest * 2.0).floor() / 2.0 - 0.5).clamp(0.0, 2.5);
    let font = |size: u8| {
        ChartFont::new()
            .set_name(crate::xlsx::FONT)
            .set_size(size)
            .clone()
    };
    // The rows the charts cover (at the default row height), and one more.
    let top = 2 + chart_h.div_ceil(crate::xlsx::LINE_PIXELS) + 1;
    let mut fit = Fit::new([]);
    let widths = [5.0, 40.0];
    for (k, w) in widths
        .into_iter()
        .chain(series_names.iter().map(|_| 11.0))
        .enumerate()
    {
        ws.set_column_width(k as ColNum, w).map_err(err)?;
        fit.set_width(k as ColNum, w);
    }
    let mut at = top;
    // The header row of the last table drawn, the 管理目標's.
    let mut goals_header = top;
    for (k, (heading, rows, chart_title)) in [
        (
            lang.pick("大分類", "Section"),
            &major_rows,
            lang.pick("大分類別の平均点", "Averages by section"),
        ),
        (
            lang.pick("管理目標", "Goal"),
            &goal_rows,
            lang.pick("管理目標別の平均点", "Averages by goal"),
        ),
    ]
    .into_iter()
    .enumerate()
    {
        let header_row = at;
        goals_header = header_row;
        fit.header(ws, st, (header_row, 0), lang.pick("番号", "No."))?;
        fit.header(ws, st, (header_row, 1), heading)?;
        for (s, n) in series_names.iter().enumerate() {
            fit.header(ws, st, (header_row, 2 + s as ColNum), n)?;
        }
        for (row, (no, t, values)) in (header_row + 1..).zip(rows.iter()) {
            id_cell(ws, st, row, 0, no)?;
            fit.wrapped(ws, st, row, 1, t)?;
            for (s, v) in values.iter().enumerate() {
                average(ws, st, row, 2 + s as ColNum, *v)?;
            }
        }
        let last_row = header_row + rows.len() as u32;
        at = last_row + 2;
        let mut chart = Chart::new(ChartType::RadarWithMarkers);
        chart.title().set_name(chart_title).set_font(&font(12));
        // The 大分類 by name (five of them), the 管理目標 by number (the table names them).
        let label_col = if k == 0 { 1 } else { 0 };
        for s in 0..series_names.len() {
            let col = 2 + s as ColNum;
            chart
                .add_series()
                .set_name((name, header_row, col))
                .set_categories((name, header_row + 1, label_col, last_row, label_col))
                .set_values((name, header_row + 1, col, last_row, col));
        }
        chart.x_axis().set_font(&font(10));
        chart
            .y_axis()
            .set_min(scale_min)
            .set_max(3.0)
            .set_major_unit(0.5)
            .set_num_format("0.0")
            .set_font(&font(9))
            .set_name(lang.pick("平均点", "Average"))
            .set_name_font(&font(9));
        chart
            .legend()
            .set_position(ChartLegendPosition::Bottom)
            .set_font(&font(10));
        chart.set_width(chart_w).set_height(chart_h);
        let x = if k == 0 { 0 } else { chart_w + 10 };
        ws.insert_chart_with_offset(2, 0, &chart, x, 0)
            .map_err(err)?;
    }
    // The tables from page 2; the 管理目標 table's header repeated on every page it runs over
    // (it does not fit one). Print titles are printed from the page after the one they are on
    // (LibreOffice, looked at; Excel is said to do the same, not checked here), so pages 1 and
    // 2 are as they were.
    ws.set_page_breaks(&[top]).map_err(err)?;
    ws.set_repeat_rows(goals_header, goals_header)
        .map_err(err)?;
    fit.apply(ws)
}
