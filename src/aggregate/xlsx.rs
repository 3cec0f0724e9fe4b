//! The national table as a workbook (`tenken aggregate --format xlsx`), as the report lays it out — 大分類,
//! item id, wording, this year's average, the shares answering 3 / 2 / 1, the national
//! averages 平成15–19年度, the previous average and the change, the priority years — with
//! sheets for the 大分類 and 管理目標 averages and the follow-up list.

use rust_xlsxwriter::ColNum;

use super::NationalTable;
use super::table::follow_up_items;
use crate::catalog::heading_text;
use crate::figure::Figure;
use crate::fiscal::FiscalYear;
use crate::lang::Lang;
use crate::xlsx::{Column, Fit, average, count, err, figure, finish, table_sheet, text, workbook};

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
    let fiscal: Vec<String> = t
        .agg
        .fiscal_years
        .iter()
        .map(|(y, n)| format!("{} ({n})", FiscalYear(*y).display(lang)))
        .collect();
    let mut cols: Vec<(String, f64)> = vec![
        (lang.pick("大分類", "Section").into(), 16.0),
        (lang.pick("項目番号", "Item").into(), 7.0),
        (lang.pick("点検項目", "Question").into(), 50.0),
        (lang.pick("平均値", "Average").into(), 8.0),
        (lang.pick("回答3 (%)", "3 (%)").into(), 8.0),
        (lang.pick("回答2 (%)", "2 (%)").into(), 8.0),
        (lang.pick("回答1 (%)", "1 (%)").into(), 8.0),
        (lang.pick("回答数", "Answered").into(), 8.0),
        (lang.pick("該当なし", "N/A").into(), 8.0),
        (lang.pick("未回答", "Unanswered").into(), 8.0),
        (lang.pick("対象外", "Excluded").into(), 8.0),
    ];
    for y in &years {
        cols.push((
            format!(
                "{}{}",
                FiscalYear(*y).display(lang),
                lang.pick("全国平均", " national")
            ),
            10.0,
        ));
    }
    if t.previous.is_some() {
        cols.push((lang.pick("前回", "Previous").into(), 8.0));
        cols.push((lang.pick("向上値", "Change").into(), 8.0));
    }
    cols.push((lang.pick("重要点検項目", "Priority").into(), 14.0));
    let columns: Vec<Column> = cols
        .iter()
        .map(|(h, w)| Column {
            header: h,
            width: *w,
        })
        .collect();
    const HEADER: u32 = 3;
    let ws = table_sheet(
        &mut wb,
        &st,
        lang.pick("集計表", "Table"),
        Some(&title),
        HEADER,
        &columns,
    )?;
    let mut fit = Fit::columns(&columns);
    ws.write_string(
        1,
        0,
        format!(
            "{}: {}   {}: {}   {}: {}",
            lang.pick("集計団体数", "Organisations"),
            t.agg.organizations,
            lang.pick("総平均点", "Overall average"),
            crate::figure::average(means.overall),
            lang.pick("年度", "Fiscal year"),
            fiscal.join(", ")
        ),
    )
    .map_err(err)?;
    let mut last_major = usize::MAX;
    for (row, ((p, item), c)) in (HEADER + 1..).zip(t.catalog.items().zip(&t.agg.items)) {
        // The 大分類 on the first row of its section, as the report prints it.
        if p.major != last_major {
            last_major = p.major;
            let m = &t.catalog.majors[p.major];
            let major = format!("{} {}", m.no, heading_text(&m.title, &m.en, lang));
            fit.wrapped(ws, &st, row, 0, &major)?;
        }
        text(ws, &st, row, 1, &item.id)?;
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

    // 大分類 and 管理目標 averages.
    for (name, rows) in [
        (
            lang.pick("大分類平均", "Section averages"),
            t.catalog
                .majors
                .iter()
                .zip(&means.majors)
                .map(|(m, (no, avg))| (no.clone(), heading_text(&m.title, &m.en, lang), *avg))
                .collect::<Vec<_>>(),
        ),
        (
            lang.pick("管理目標平均", "Goal averages"),
            t.catalog
                .goals()
                .zip(&means.goals)
                .map(|(g, (no, avg))| (no.to_string(), heading_text(&g.title, &g.en, lang), *avg))
                .collect(),
        ),
    ] {
        let columns = [
            Column {
                header: lang.pick("番号", "No."),
                width: 6.0,
            },
            Column {
                header: lang.pick("名称", "Title"),
                width: 50.0,
            },
            Column {
                header: lang.pick("平均値", "Average"),
                width: 10.0,
            },
        ];
        let mut fit = Fit::columns(&columns);
        let ws = table_sheet(&mut wb, &st, name, Some(name), 2, &columns)?;
        let mut row = 3;
        for (no, title, avg) in rows {
            text(ws, &st, row, 0, &no)?;
            fit.wrapped(ws, &st, row, 1, title)?;
            average(ws, &st, row, 2, avg)?;
            row += 1;
        }
        ws.write_string_with_format(row, 1, lang.pick("総平均点", "Overall average"), &st.header)
            .map_err(err)?;
        average(ws, &st, row, 2, means.overall)?;
        fit.apply(ws)?;
    }

    // Follow-up list.
    let columns = [
        Column {
            header: lang.pick("団体名", "Organisation"),
            width: 20.0,
        },
        Column {
            header: lang.pick("ファイル", "File"),
            width: 30.0,
        },
        Column {
            header: lang.pick("項目 (点数)", "Items (score)"),
            width: 50.0,
        },
        Column {
            header: lang.pick("改善計画なし", "No improvement plan"),
            width: 30.0,
        },
    ];
    let mut fit = Fit::columns(&columns);
    let ws = table_sheet(
        &mut wb,
        &st,
        lang.pick("要フォローアップ", "Follow-up"),
        Some(lang.pick(
            "要フォローアップ団体 (重要点検項目が3点未満又は未回答)",
            "Follow-up: priority items below 3 or unanswered",
        )),
        2,
        &columns,
    )?;
    for (row, f) in (3..).zip(&t.agg.follow_ups) {
        fit.wrapped(ws, &st, row, 0, &f.organization)?;
        fit.wrapped(ws, &st, row, 1, &f.source)?;
        fit.wrapped(ws, &st, row, 2, &follow_up_items(f, lang))?;
        fit.wrapped(ws, &st, row, 3, &f.missing_plans.join(", "))?;
    }
    fit.apply(ws)?;

    if !t.skipped.is_empty() {
        let columns = [
            Column {
                header: lang.pick("ファイル", "File"),
                width: 40.0,
            },
            Column {
                header: lang.pick("エラー", "Error"),
                width: 60.0,
            },
        ];
        let mut fit = Fit::columns(&columns);
        let ws = table_sheet(
            &mut wb,
            &st,
            lang.pick("読めなかったファイル", "Files skipped"),
            None,
            0,
            &columns,
        )?;
        for (row, (file, e)) in (1..).zip(t.skipped) {
            fit.wrapped(ws, &st, row, 0, file)?;
            fit.wrapped(ws, &st, row, 1, e)?;
        }
        fit.apply(ws)?;
    }
    finish(wb)
}
