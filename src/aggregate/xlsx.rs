//! The national table as a workbook (`tenken aggregate --format xlsx`), as the report lays it out — 大分類,
//! item id, wording, this year's average, the shares answering 3 / 2 / 1, the national
//! averages 平成15–19年度, the previous average and the change, the priority years — with
//! sheets for the 大分類 and 管理目標 averages, the follow-up list, the 受付一覧 (every file and
//! what became of it), with a roster 未提出 and 名簿にない団体, 都道府県別 subtotals, and the
//! cross-organisation 改善計画一覧 (filterable).

use rust_xlsxwriter::ColNum;

use super::NationalTable;
use super::table::{follow_up_lines, in_lines, plan_marks, read_as_word, status_word};
use crate::catalog::heading_text;
use crate::figure::Figure;
use crate::fiscal::FiscalYear;
use crate::lang::Lang;
use crate::xlsx::{
    ACTION, Column, DUE, Fit, ID, Label, ORGANIZATION, OWNER, PREFECTURE, Rest, Styles, autofilter,
    average, columns_in, count, count_known, cut_notice, err, figure, finish, fits_row, id_cell,
    made_line, table_sheet, workbook,
};
use rust_xlsxwriter::{Workbook, Worksheet};

/// The workbook's bytes.
pub(super) fn render(t: &NationalTable, lang: Lang) -> Result<Vec<u8>, String> {
    let (mut wb, st) = workbook(lang)?;
    let means = t.agg.section_means(t.catalog);
    let years = t.reference_years();

    // 集計表
    let title = heading_text(&t.catalog.title, &t.catalog.title_en, lang);
    let title = format!(
        "{} — {title}",
        lang.pick("点検結果集計表", "Aggregated results")
    );
    // Narrow figure columns (a figure is at most six characters) under headers that fit whole
    // or break between words, and the wording as wide as the rest leaves for a print at 80 %
    // or more (with five reference years and last year's table, narrower).
    // A width for each language, where their headers differ in length.
    let w = |ja: f64, en: f64| match lang {
        Lang::Ja => ja,
        Lang::En => en,
    };
    let mut cols: Vec<(String, f64)> = vec![
        // An English title breaks only between words: as wide as 「organizational,」.
        (lang.pick("大分類", "Section").into(), w(10.0, 16.0)),
        (lang.pick("項目番号", "Item").into(), w(9.0, 6.0)),
        (lang.pick("点検項目", "Question").into(), 40.0),
        (lang.pick("平均値", "Average").into(), w(7.0, 8.0)),
        (lang.pick("回答3 (%)", "3 (%)").into(), 6.0),
        (lang.pick("回答2 (%)", "2 (%)").into(), 6.0),
        (lang.pick("回答1 (%)", "1 (%)").into(), 6.0),
        (lang.pick("回答数", "Answers").into(), w(7.0, 8.0)),
        (lang.pick("該当なし", "N/A").into(), w(9.0, 6.0)),
        (lang.pick("未回答", "No answer").into(), 7.0),
        (lang.pick("対象外", "Excluded").into(), w(7.0, 9.0)),
    ];
    for y in &years {
        cols.push((
            format!(
                "{}{}",
                FiscalYear(*y).short(),
                lang.pick("\n全国\n平均", " nat. avg.")
            ),
            6.0,
        ));
    }
    if let Some(p) = t.previous {
        cols.push((p.column(lang), 10.0));
        cols.push((p.change_column(t.accounting.fiscal_year, lang), 7.0));
    }
    // Wide enough for 「平成17年度」 on one line, so that most rows are one line tall.
    cols.push((lang.pick("重要点検\n項目", "Priority").into(), 11.0));
    let others: f64 = cols.iter().map(|(_, w)| w).sum::<f64>() - cols[2].1;
    cols[2].1 = (crate::xlsx::printed_width(cols.len()) - others).min(40.0);
    let columns: Vec<Column> = cols
        .iter()
        .map(|(h, w)| Column {
            header: h,
            width: *w,
        })
        .collect();
    const HEADER: u32 = 3;
    let name = lang.pick("集計表", "Table");
    let (ws, mut fit) = table(&mut wb, &st, t, (name, &title), HEADER, &columns)?;
    ws.write_string(
        1,
        0,
        format!(
            "{}: {}   {}: {}   {}: {}",
            lang.pick("集計団体数", "Organizations"),
            t.agg.organizations,
            lang.pick("総平均点", "Overall average"),
            crate::figure::average(means.overall),
            lang.pick("年度", "Fiscal year"),
            t.counted_years(lang)
        ) + &t.previous.map_or_else(String::new, |p| {
            let change = p
                .overall
                .zip(means.overall)
                .map(|(l, a)| a.minus(Figure::from(l)).signed(3));
            format!(
                "   {}{}: {}   {}: {}",
                p.column(lang),
                lang.pick("の総平均点", " overall average"),
                crate::figure::average(p.overall.map(Figure::from)),
                p.change_column(t.accounting.fiscal_year, lang),
                change.unwrap_or_else(|| "-".into())
            )
        }),
    )
    .map_err(err)?;
    let mut last_major = usize::MAX;
    for (row, ((p, item), c)) in (HEADER + 1..).zip(t.catalog.items().zip(&t.agg.items)) {
        // The 大分類 on the first row of its section, as the report prints it.
        if p.major != last_major {
            last_major = p.major;
            let m = &t.catalog.majors[p.major];
            let major = format!("{} {}", m.no, m.title_in(lang));
            fit.wrapped(ws, &st, row, 0, &major)?;
        }
        id_cell(ws, &st, row, 1, &item.id)?;
        fit.wrapped(ws, &st, row, 2, t.catalog.item_text(item, lang))?;
        let ex = |r: Option<crate::figure::Ratio>| r.map(Figure::from);
        average(ws, &st, row, 3, ex(c.exact_average()))?;
        for (k, score) in [3, 2, 1].into_iter().enumerate() {
            figure(
                ws,
                &st,
                row,
                4 + k as ColNum,
                ex(c.exact_share(score)),
                1,
                false,
            )?;
        }
        count(ws, &st, row, 7, c.answered())?;
        count(ws, &st, row, 8, c.not_applicable())?;
        count(ws, &st, row, 9, c.unanswered)?;
        count(ws, &st, row, 10, c.excluded)?;
        let mut col: ColNum = 11;
        let reference = t.catalog.reference_for(&item.id);
        for y in &years {
            let v = reference.and_then(|r| r.averages.get(y).copied());
            average(ws, &st, row, col, v)?;
            col += 1;
        }
        if t.previous.is_some() {
            let prev = t.previous_of(&item.id);
            average(ws, &st, row, col, prev)?;
            let change = prev
                .zip(c.exact_average())
                .map(|(p, a)| Figure::from(a).minus(p.into()));
            figure(ws, &st, row, col + 1, change, 3, true)?;
            col += 2;
        }
        let priority: Vec<String> = t
            .catalog
            .priority_years(&item.id)
            .iter()
            .map(|y| FiscalYear(*y).display(lang))
            .collect();
        let priority = priority.join(lang.pick("、", ", "));
        fit.wrapped(ws, &st, row, col, &priority)?;
    }
    fit.apply(ws)?;

    // 大分類 and 管理目標 averages, and the yardstick's.
    let names = [
        lang.pick("大分類平均", "Section averages"),
        lang.pick("管理目標平均", "Goal averages"),
    ];
    for (name, rows) in [
        (
            lang.pick("大分類平均", "Section averages"),
            t.catalog
                .majors
                .iter()
                .zip(&means.majors)
                .map(|(m, (no, avg))| (no.clone(), m.title_in(lang), *avg))
                .collect::<Vec<_>>(),
        ),
        (
            lang.pick("管理目標平均", "Goal averages"),
            t.catalog
                .goals()
                .zip(&means.goals)
                .map(|(g, (no, avg))| (no.to_string(), g.title_in(lang), *avg))
                .collect(),
        ),
    ] {
        let extra = t.section_yardstick_columns(lang);
        #[rustfmt::skip]
        let mut columns = columns_in(lang, &[
            ("番号", "No.", 6.0), ("名称", "Title", 50.0), ("平均値", "Average", 10.0),
        ]);
        columns.extend(extra.iter().map(|h| Column {
            header: h,
            width: crate::xlsx::width_for(h).max(12.0),
        }));
        let major = name == names[0];
        let (ws, mut fit) = table(&mut wb, &st, t, (name, name), 2, &columns)?;
        let mut row = 3;
        let cells = |ws: &mut rust_xlsxwriter::Worksheet, row, values: Vec<Option<Figure>>| {
            for (k, v) in values.into_iter().enumerate() {
                let col = 3 + k as ColNum;
                if k == 1 {
                    figure(ws, &st, row, col, v, 3, true)?;
                } else {
                    average(ws, &st, row, col, v)?;
                }
            }
            Ok::<(), String>(())
        };
        for (no, title, avg) in rows {
            id_cell(ws, &st, row, 0, &no)?;
            fit.wrapped(ws, &st, row, 1, title)?;
            average(ws, &st, row, 2, avg)?;
            cells(ws, row, t.section_yardstick(major, &no, avg))?;
            row += 1;
        }
        ws.write_string_with_format(row, 1, lang.pick("総平均点", "Overall average"), &st.header)
            .map_err(err)?;
        average(ws, &st, row, 2, means.overall)?;
        cells(ws, row, t.overall_yardstick(means.overall))?;
        fit.apply(ws)?;
    }

    // Follow-up list; its items and the ids without a plan in lines of their own, within
    // four fifths of their columns (a printing program's font is wider than the cells
    // counted).
    #[rustfmt::skip]
    let columns = columns_in(lang, &[
        (ORGANIZATION.0, ORGANIZATION.1, 20.0), ("ファイル", "File", 30.0),
        ("項目 (点数)", "Items (score)", 50.0), ("改善計画なし", "No improvement plan", 30.0),
    ]);
    let name = lang.pick("要フォローアップ", "Follow-up");
    let title = lang.pick(
        "要フォローアップ団体 (重要点検項目が3点未満又は未回答)",
        "Follow-up: priority items below 3 or unanswered",
    );
    let line = |col: usize| (columns[col].width * 0.8) as usize;
    let (items_line, plans_line) = (line(2), line(3));
    let (ws, mut fit) = table(&mut wb, &st, t, (name, title), 2, &columns)?;
    for (row, f) in (3..).zip(&t.agg.follow_ups) {
        fit.wrapped(ws, &st, row, 0, &f.organization)?;
        fit.wrapped(ws, &st, row, 1, &f.source)?;
        fit.wrapped(ws, &st, row, 2, &follow_up_lines(f, lang, items_line))?;
        fit.wrapped(ws, &st, row, 3, &in_lines(&f.missing_plans, plans_line))?;
    }
    fit.apply(ws)?;

    accounting(&mut wb, &st, t, lang)?;
    finish(wb, &st)
}

/// A sheet of the national table named `name`: `title`, under it the line that says when the
/// table was compiled (集計日, in the one printed date style, with a space for who compiled it,
/// 作成者, to sign), and on the row below that (`header`) the table of `columns`; with the
/// [`Fit`] of its columns.
fn table<'w>(
    wb: &'w mut Workbook,
    st: &Styles,
    t: &NationalTable,
    (name, title): (&str, &str),
    header: u32,
    columns: &[Column],
) -> Result<(&'w mut Worksheet, Fit), String> {
    let (ws, fit) = table_sheet(wb, st, name, Some(title), header, columns)?;
    let lang = st.lang;
    made_line(
        ws,
        st,
        header - 1,
        lang.pick("集計日", "Compiled on"),
        t.today,
        lang,
    )?;
    Ok((ws, fit))
}

/// A cell of a list sheet: text, an id (a 団体コード, an item's: text that Excel is told not
/// to flag, [`id_cell`]), or a number (a score) written as a number, which Excel would flag as
/// 「数値が文字列として保存されています」 if written as text.
enum ListCell {
    Text(String),
    Id(String),
    Count(u64),
}

impl From<String> for ListCell {
    fn from(s: String) -> ListCell {
        ListCell::Text(s)
    }
}

/// A sheet of `columns` with `rows` of cells, its header at row 2 under `title`; filterable.
fn list_sheet<C: Into<ListCell>>(
    wb: &mut Workbook,
    st: &Styles,
    t: &NationalTable,
    (name, title): (&str, &str),
    columns: &[Column],
    rows: impl Iterator<Item = Vec<C>>,
) -> Result<(), String> {
    const HEADER: u32 = 2;
    let (ws, mut fit) = table(wb, st, t, (name, title), HEADER, columns)?;
    let mut last = HEADER;
    for (row, cells) in (HEADER + 1..).zip(rows) {
        for (col, cell) in cells.into_iter().enumerate() {
            match cell.into() {
                ListCell::Text(s) => fit.wrapped(ws, st, row, col as ColNum, &s)?,
                ListCell::Id(s) => fit.wrapped_id(ws, st, row, col as ColNum, &s)?,
                ListCell::Count(n) => count(ws, st, row, col as ColNum, n)?,
            }
        }
        last = row;
    }
    autofilter(ws, HEADER, last, columns.len())?;
    fit.apply(ws)
}

/// The 受付一覧, 未提出 and 名簿にない団体, 都道府県別 and 改善計画一覧 sheets.
fn accounting(wb: &mut Workbook, st: &Styles, t: &NationalTable, lang: Lang) -> Result<(), String> {
    let a = t.accounting;
    let name = lang.pick(crate::xlsx::RECEIVED_SHEET.0, crate::xlsx::RECEIVED_SHEET.1);
    let title = format!("{name} — {}", t.tally_line(lang));
    // 読込 and 扱い as wide as their longest words (回答ファイル, Excel ブック, 差し替え済み:
    // twelve cells, and one of padding), so that a row of short words is one line.
    let columns = columns_in(lang, &RECEIVED_COLUMNS);
    let rows = a.entries.iter().enumerate().map(|(i, e)| {
        vec![
            e.file().to_string().into(),
            read_as_word(e.read_as, lang).to_string().into(),
            e.name().to_string().into(),
            ListCell::Id(e.code().to_string()),
            t.prefecture(i).to_string().into(),
            e.fiscal_year
                .map_or_else(String::new, |y| FiscalYear(y).display(lang))
                .into(),
            status_word(&e.status, lang).to_string().into(),
            t.seal_cell(e, lang).into(),
            t.received_note(e, lang).into(),
        ]
    });
    list_sheet(wb, st, t, (name, &title), &columns, rows)?;
    if let Some(r) = &a.roster {
        let name = lang.pick("未提出", "Not handed in");
        let title = lang.pick(
            "未提出 (名簿にあって集計されていない団体)",
            "Not handed in (on the roster, not counted)",
        );
        let columns = columns_in(lang, &MISSING_COLUMNS);
        let rows = r.missing.iter().map(|(line, i)| {
            let e = i.map(|i| t.entry(i));
            vec![
                ListCell::Id(line.code.clone()),
                line.name.clone().into(),
                line.prefecture.clone().into(),
                e.map_or_else(String::new, |e| e.file().to_string()).into(),
                e.map_or_else(String::new, |e| status_word(&e.status, lang).to_string())
                    .into(),
            ]
        });
        list_sheet(wb, st, t, (name, title), &columns, rows)?;
        if !r.not_on_roster.is_empty() {
            let name = lang.pick("名簿にない団体", "Not on the roster");
            let columns = columns_in(
                lang,
                &[
                    (ORGANIZATION.0, ORGANIZATION.1, 18.0),
                    ("ファイル", "File", 30.0),
                ],
            );
            let rows = r.not_on_roster.iter().map(|i| {
                let e = t.entry(*i);
                vec![e.name().to_string(), e.file().to_string()]
            });
            list_sheet(wb, st, t, (name, name), &columns, rows)?;
        }
    }
    if !a.prefectures.is_empty() {
        let majors: Vec<String> = t
            .catalog
            .majors
            .iter()
            .map(|m| format!("{}{}", lang.pick("大分類", "Section "), m.no))
            .collect();
        #[rustfmt::skip]
        let mut columns = columns_in(lang, &[
            ("都道府県", "Prefecture", 11.0), ("集計団体数", "Counted", 11.0),
            ("名簿の\n団体数", "On the roster", 9.0), ("未提出", "Missing", 8.0),
            ("総平均点", "Overall", 9.0),
        ]);
        columns.extend(majors.iter().map(|m| Column {
            header: m,
            width: 9.0,
        }));
        const HEADER: u32 = 2;
        let name = lang.pick("都道府県別", "By prefecture");
        let (ws, mut fit) = table(wb, st, t, (name, name), HEADER, &columns)?;
        for (row, (shown, agg, expected, missing)) in (HEADER + 1..).zip(t.subtotal_rows(lang)) {
            let means = agg.section_means(t.catalog);
            fit.wrapped(ws, st, row, 0, &shown)?;
            count(ws, st, row, 1, agg.organizations)?;
            count_known(ws, st, row, 2, expected)?;
            count_known(ws, st, row, 3, missing)?;
            average(ws, st, row, 4, means.overall)?;
            for (k, (_, m)) in means.majors.iter().enumerate() {
                average(ws, st, row, 5 + k as ColNum, *m)?;
            }
        }
        fit.apply(ws)?;
    }
    let name = lang.pick("改善計画一覧", "Improvement plans");
    let title = lang.pick(
        "改善計画一覧 (評価1・2の項目と改善計画のある項目、全団体)",
        "Improvement plans (items answered 1 or 2, and items with a plan, every organization)",
    );
    let columns = columns_in(lang, &PLAN_COLUMNS);
    let rows = a.plans().map(|(i, p)| {
        let e = t.entry(i);
        let item = p.item(t.catalog);
        let text = |s: &str| ListCell::Text(s.to_string());
        vec![
            text(t.prefecture(i)),
            text(e.name()),
            ListCell::Id(item.id.clone()),
            text(t.catalog.item_text(item, lang)),
            ListCell::Count(u64::from(p.score.value())),
            text(p.action()),
            text(p.owner()),
            ListCell::Text(crate::date::printed(p.due())),
            // A mark a line, as the report's 改善計画書: a narrow column breaks between
            // marks, not inside one (「期限超過・前年」 / 「度から」).
            ListCell::Text(plan_marks(&p, t.today, lang).join("\n")),
        ]
    });
    list_sheet(wb, st, t, (name, title), &columns, rows)
}

/// The 受付一覧's columns. 読込 and 扱い as wide as their longest words (回答ファイル, Excel ブック,
/// 差し替え済み: twelve cells, and one of padding), so that a row of short words is one line.
#[rustfmt::skip]
const RECEIVED_COLUMNS: [(&str, &str, f64); 9] = [
    ("ファイル", "File", 26.0), ("読込", "Read as", 13.0), (ORGANIZATION.0, ORGANIZATION.1, 16.0),
    ("団体コード", "Code", 11.0), ("都道府県", "Prefecture", 11.0), ("年度", "Fiscal year", 12.0),
    ("扱い", "Status", 13.0), ("照合番号", "Seal", 20.0), ("理由・備考", "Why / note", 38.0),
];

/// The 都道府県 column's heading, and the field a notice of it names.
const PREFECTURE_COLUMN: Label = (PREFECTURE, "Prefecture");

/// The 未提出's columns: the roster's organisations, as the roster names them.
#[rustfmt::skip]
const MISSING_COLUMNS: [(&str, &str, f64); 5] = [
    ("団体コード", "Code", 11.0), (ORGANIZATION.0, ORGANIZATION.1, 18.0),
    (PREFECTURE_COLUMN.0, PREFECTURE_COLUMN.1, 11.0), ("届いたファイル", "File received", 30.0),
    ("扱い", "Status", 12.0),
];

/// The 改善計画一覧's columns. 期限 as wide as 「令和10年12月31日」 and its padding: a due date is
/// two lines (和暦, then ISO), not three; 担当 as wide as a five-kanji 情報政策課.
#[rustfmt::skip]
const PLAN_COLUMNS: [(&str, &str, f64); 9] = [
    ("都道府県", "Prefecture", 11.0), (ORGANIZATION.0, ORGANIZATION.1, 14.0), (ID.0, ID.1, 9.0),
    ("点検項目", "Question", 36.0), ("評価", "Score", 6.0), (ACTION.0, ACTION.1, 28.0),
    (OWNER.0, OWNER.1, 11.0), (DUE.0, DUE.1, 17.0), ("状況", "Status", 12.0),
];

/// The width of the column of `columns` that `field` heads.
fn width_of(columns: &[(&str, &str, f64)], (field, _): Label) -> f64 {
    columns
        .iter()
        .find(|c| c.0 == field)
        .map_or(f64::INFINITY, |c| c.2)
}

/// What `aggregate` says on stderr of the texts that its workbook shows cut
/// ([`crate::xlsx::row_text`], [`crate::xlsx::cut_notice`]): a 団体名 too long for a row of
/// the 受付一覧, where every file is listed (its other lists of the sheets' organisations are
/// wider), or of the 改善計画一覧, once a file; a plan's measure, owner or due too long for its
/// row there; a 団体名 of the `roster` (its file, as given) too long for a row of the 未提出,
/// or a 都道府県 (one not of the 47, on a line without a 団体コード to take it from). Each
/// names the file, and the item for a plan, the 団体コード for a roster's line (its 団体名
/// for a 都道府県 on a line without one).
pub(crate) fn cut_notices(t: &NationalTable, roster: Option<&str>, lang: Lang) -> Vec<String> {
    let a = t.accounting;
    let name = |i: usize| t.entry(i).name();
    let mut named: std::collections::BTreeSet<usize> = (0..a.entries.len())
        .filter(|&i| !fits_row(name(i), width_of(&RECEIVED_COLUMNS, ORGANIZATION)))
        .collect();
    let mut plans = Vec::new();
    for (i, p) in a.plans() {
        if !fits_row(name(i), width_of(&PLAN_COLUMNS, ORGANIZATION)) {
            named.insert(i);
        }
        for (field, text, shown) in [
            (ACTION, p.action(), p.action().into()),
            (OWNER, p.owner(), p.owner().into()),
            (DUE, p.due(), crate::date::printed(p.due())),
        ] {
            if !fits_row(&shown, width_of(&PLAN_COLUMNS, field)) {
                let (file, id) = (t.entry(i).file(), &p.item(t.catalog).id);
                plans.push(cut_notice(file, Some(id), field, text, Rest::Cut, lang));
            }
        }
    }
    let names = named.into_iter().map(|i| {
        let e = t.entry(i);
        cut_notice(e.file(), None, ORGANIZATION, e.name(), Rest::Cut, lang)
    });
    // The roster's lines not handed in, where the roster's file is known to name them by.
    let missing = roster.into_iter().flat_map(|file| {
        let lines = a.roster.iter().flat_map(|r| &r.missing);
        lines.map(move |(line, _)| (file, line))
    });
    let on_roster = missing.flat_map(|(file, line)| {
        // Its 団体コード, where the line gives one, tells two long names apart.
        let code = Some(line.code.as_str()).filter(|c| !c.is_empty());
        let cut = |field, text: &str, which| cut_notice(file, which, field, text, Rest::Cut, lang);
        let name = (!fits_row(&line.name, width_of(&MISSING_COLUMNS, ORGANIZATION)))
            .then(|| cut(ORGANIZATION, &line.name, code));
        let prefecture = (!fits_row(
            &line.prefecture,
            width_of(&MISSING_COLUMNS, PREFECTURE_COLUMN),
        ))
        .then(|| {
            cut(
                PREFECTURE_COLUMN,
                &line.prefecture,
                Some(code.unwrap_or(&line.name)),
            )
        });
        name.into_iter().chain(prefecture)
    });
    names.chain(plans).chain(on_roster).collect()
}
