//! Last year against this year as a workbook (`tenken diff --format xlsx`): per item last year's score, this year's and the change; per
//! 大分類 and 管理目標 last year's average, this year's and the change (向上値).

use super::{SectionDiff, SheetDiff};
use crate::figure::Figure;
use crate::lang::Lang;
use crate::xlsx::{
    Column, Styles, average, count, figure, finish, table_sheet, text, workbook, wrapped,
};

pub(super) fn render(d: &SheetDiff, lang: Lang) -> Result<Vec<u8>, String> {
    let (mut wb, st) = workbook(lang)?;
    let title = format!(
        "{} — {}",
        lang.pick("前年度との比較", "Changes since last year"),
        d.heading
    );
    let yes = lang.pick("○", "yes");

    let c = |header, width| Column { header, width };
    let ws = table_sheet(
        &mut wb,
        &st,
        lang.pick("項目別", "Items"),
        Some(&title),
        2,
        &[
            c(lang.pick("項目番号", "Item"), 7.0),
            c(lang.pick("前年度", "Last year"), 8.0),
            c(lang.pick("今年度", "This year"), 8.0),
            c(lang.pick("変化", "Change"), 12.0),
            c(lang.pick("重要点検項目", "Priority"), 8.0),
            c(lang.pick("3点を下回った", "Fell below 3"), 10.0),
            c(lang.pick("設問文変更", "Wording changed"), 10.0),
            c(lang.pick("コメント変更", "Comment changed"), 10.0),
            c(lang.pick("根拠変更", "Evidence changed"), 10.0),
            c(lang.pick("点検項目", "Question"), 50.0),
            c(lang.pick("前年度の設問文", "Last year's wording"), 40.0),
        ],
    )?;
    for (row, i) in (3..).zip(&d.items) {
        text(ws, &st, row, 0, &i.id)?;
        for (col, s) in [(1, i.old_score), (2, i.new_score)] {
            match s {
                Some(s) => count(ws, &st, row, col, u64::from(s))?,
                None => text(ws, &st, row, col, "-")?,
            }
        }
        text(
            ws,
            &st,
            row,
            3,
            &format!("{} {}", i.change.marker(), i.change.label(lang)),
        )?;
        for (col, flag) in [
            (4, i.priority),
            (5, i.fell_below_target),
            (6, i.wording_changed),
            (7, i.comment_changed),
            (8, i.evidence_changed),
        ] {
            if flag {
                text(ws, &st, row, col, yes)?;
            }
        }
        wrapped(ws, &st, row, 9, i.new_text.as_deref().unwrap_or(""))?;
        if i.wording_changed || i.new_text.is_none() {
            wrapped(ws, &st, row, 10, i.old_text.as_deref().unwrap_or(""))?;
        }
    }

    for (name, rows) in [
        (
            lang.pick("大分類別", "Sections"),
            std::iter::once(&d.overall)
                .chain(&d.majors)
                .collect::<Vec<_>>(),
        ),
        (lang.pick("管理目標別", "Goals"), d.goals.iter().collect()),
    ] {
        let ws = table_sheet(
            &mut wb,
            &st,
            name,
            Some(&title),
            2,
            &[
                c(lang.pick("番号", "No."), 6.0),
                c(lang.pick("名称", "Title"), 44.0),
                c(lang.pick("前年度", "Last year"), 10.0),
                c(lang.pick("今年度", "This year"), 10.0),
                c(lang.pick("向上値", "Change"), 10.0),
            ],
        )?;
        for (row, s) in (3..).zip(rows) {
            section_row(ws, &st, row, s)?;
        }
    }
    finish(wb)
}

fn section_row(
    ws: &mut rust_xlsxwriter::Worksheet,
    st: &Styles,
    row: u32,
    s: &SectionDiff,
) -> Result<(), String> {
    let (old, new) = s.exact;
    text(ws, st, row, 0, &s.no)?;
    wrapped(ws, st, row, 1, &s.title)?;
    average(ws, st, row, 2, old)?;
    average(ws, st, row, 3, new)?;
    let change = old.zip(new).map(|(o, n)| Figure::from(n).minus(o.into()));
    figure(ws, st, row, 4, change, 3, true)
}
