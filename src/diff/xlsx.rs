//! Last year against this year as a workbook (`tenken diff --format xlsx`): per item last
//! year's score, this year's and the change, with its wording; the improvement plans that were
//! added, changed, dropped or carried unchanged; per 大分類 and 管理目標 last year's average,
//! this year's and the change (向上値). Each sheet says when it was made, under its title.

use rust_xlsxwriter::{ColNum, Workbook, Worksheet};

use super::{SectionDiff, SheetDiff};
use crate::figure::Figure;
use crate::lang::Lang;
use crate::xlsx::{
    Column, DIFF_ITEMS_SHEET, Fit, Label, ORGANIZATION, Rest, Styles, autofilter, average,
    columns_in, count, cut_notice, figure, finish, fits_row, fitted_title, id_cell, made_on,
    row_text, table_sheet, text, title_notice, workbook,
};

/// The header row of every sheet: below the title and the line that says when it was made
/// (on the first sheet, the organisations' names and that line).
const HEADER: u32 = 3;

pub(super) fn render(d: &SheetDiff, lang: Lang) -> Result<Vec<u8>, String> {
    let (mut wb, mut st) = workbook(lang)?;
    st.title_names = d.sides.iter().map(|(name, _)| name.clone()).collect();
    let title = title(d, lang);
    let yes = lang.pick("○", "yes");

    // The first sheet: under its title, each side's 団体名 whole (the titles cut a long one),
    // then the line that says when it was made.
    let columns = columns_in(lang, &ITEM_COLUMNS);
    let name = lang.pick(DIFF_ITEMS_SHEET.0, DIFF_ITEMS_SHEET.1);
    let (ws, mut fit) = table_sheet(&mut wb, &st, name, Some(&title), HEADER, &columns)?;
    let last = columns.len() as ColNum - 1;
    fit.line_across(ws, &st, 1, (0, last), &names(d, lang).join("\n"))?;
    made_on(ws, &st, 2)?;
    for (row, i) in (HEADER + 1..).zip(&d.items) {
        id_cell(ws, &st, row, 0, &i.id)?;
        for (col, s) in [(1, i.old_score), (2, i.new_score)] {
            match s {
                Some(s) => count(ws, &st, row, col, u64::from(s))?,
                None => text(ws, &st, row, col, "-")?,
            }
        }
        fit.wrapped(
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
            text(ws, &st, row, col, if flag { yes } else { "" })?;
        }
        fit.wrapped(ws, &st, row, 9, i.new_text.as_deref().unwrap_or(""))?;
        let old = if i.wording_changed || i.new_text.is_none() {
            i.old_text.as_deref().unwrap_or("")
        } else {
            ""
        };
        fit.wrapped(ws, &st, row, 10, old)?;
    }
    autofilter(ws, HEADER, HEADER + d.items.len() as u32, columns.len())?;
    fit.apply(ws)?;

    plans(&mut wb, &st, d, &title, lang)?;

    for (name, rows) in [
        (
            lang.pick("大分類別", "Sections"),
            std::iter::once(&d.overall)
                .chain(&d.majors)
                .collect::<Vec<_>>(),
        ),
        (lang.pick("管理目標別", "Goals"), d.goals.iter().collect()),
    ] {
        let columns = columns_in(lang, &SECTION_COLUMNS);
        let (ws, mut fit) = table(&mut wb, &st, name, &title, &columns)?;
        for (row, s) in (HEADER + 1..).zip(&rows) {
            section_row(ws, &st, &mut fit, row, s)?;
        }
        autofilter(ws, HEADER, HEADER + rows.len() as u32, columns.len())?;
        fit.apply(ws)?;
    }
    finish(wb, &st)
}

/// The title of every sheet: what it shows, the 団体名 and the years; the 団体名 once where
/// both sheets give the same (on a narrow sheet, the longer it may be).
fn title(d: &SheetDiff, lang: Lang) -> String {
    let [(old, old_year), (new, new_year)] = &d.sides;
    let heading = match old == new {
        true => format!("{new} {old_year} -> {new_year}"),
        false => d.heading.clone(),
    };
    format!(
        "{} — {heading}",
        lang.pick("前年度との比較", "Changes since last year"),
    )
}

/// The lines under the first sheet's title that name the sheets' organisations whole: the
/// 団体名 once where both sheets give the same, else last year's and this year's, each with
/// its year.
fn names(d: &SheetDiff, lang: Lang) -> Vec<String> {
    let label = lang.pick(ORGANIZATION.0, ORGANIZATION.1);
    let [(old, _), (new, _)] = &d.sides;
    if old == new {
        return vec![format!("{label}: {new}")];
    }
    d.sides
        .iter()
        .map(|(name, year)| match lang {
            Lang::Ja => format!("{label} ({year}): {name}"),
            // The year has brackets of its own: 「FY2025 (R7)」.
            Lang::En => format!("{label}, {year}: {name}"),
        })
        .collect()
}

/// The columns of the per-item sheet, 153 characters wide: the line of [`names`] across it.
#[rustfmt::skip]
const ITEM_COLUMNS: [(&str, &str, f64); 11] = [
    ("項目番号", "Item", 9.0), ("前年度", "Last year", 7.0), ("今年度", "This year", 7.0),
    ("変化", "Change", 11.0), ("重要点検\n項目", "Priority", 9.0),
    ("3点を\n下回った", "Fell below 3", 9.0), ("設問文\n変更", "Wording changed", 9.0),
    ("コメント\n変更", "Comment changed", 9.0), ("根拠変更", "Evidence changed", 9.0),
    ("点検項目", "Question", 44.0), ("前年度の設問文", "Last year's wording", 30.0),
];

/// The columns of the 大分類 and 管理目標 sheets: the narrowest, whose titles cut first.
#[rustfmt::skip]
const SECTION_COLUMNS: [(&str, &str, f64); 5] = [
    ("番号", "No.", 6.0), ("名称", "Title", 44.0), ("前年度", "Last year", 10.0),
    ("今年度", "This year", 10.0), ("向上値", "Change", 10.0),
];

/// The improvement plans that moved: added, changed, dropped, or carried unchanged (to be
/// reviewed), each with the item's wording and last year's and this year's plan.
fn plans(
    wb: &mut Workbook,
    st: &Styles,
    d: &SheetDiff,
    title: &str,
    lang: Lang,
) -> Result<(), String> {
    let columns = columns_in(lang, &PLAN_COLUMNS);
    let (ws, mut fit) = table(
        wb,
        st,
        lang.pick("改善計画の変化", "Plans"),
        title,
        &columns,
    )?;
    let moved: Vec<_> = d.items.iter().filter(|i| i.plan_change.is_some()).collect();
    for (row, i) in (HEADER + 1..).zip(&moved) {
        let change = i.plan_change.map_or("", |c| c.label(lang));
        let plan = |p: &Option<super::PlanText>| {
            p.as_ref().map(|p| p.printed_line(lang)).unwrap_or_default()
        };
        id_cell(ws, st, row, 0, &i.id)?;
        fit.wrapped(ws, st, row, 1, change)?;
        fit.wrapped(
            ws,
            st,
            row,
            2,
            i.new_text
                .as_deref()
                .or(i.old_text.as_deref())
                .unwrap_or(""),
        )?;
        fit.wrapped(ws, st, row, 3, &plan(&i.old_plan))?;
        fit.wrapped(ws, st, row, 4, &plan(&i.new_plan))?;
    }
    autofilter(ws, HEADER, HEADER + moved.len() as u32, columns.len())?;
    fit.apply(ws)
}

/// The columns of the plans that moved: last year's plan and this year's, each as one line
/// ([`super::PlanText::line`]), in the last two.
#[rustfmt::skip]
const PLAN_COLUMNS: [(&str, &str, f64); 5] = [
    ("項目番号", "Item", 9.0), (PLAN.0, PLAN.1, 11.0), ("点検項目", "Question", 36.0),
    ("前年度の改善計画", "Last year's plan", 40.0), ("今年度の改善計画", "This year's plan", 40.0),
];

/// A plan, as the plans' sheet names it.
const PLAN: Label = ("改善計画", "Plan");

/// What `diff` says on stderr of the sheets' texts that its workbook shows cut
/// ([`crate::xlsx::row_text`], [`crate::xlsx::cut_notice`]), naming last year's file or this
/// year's (`files`, as given): a 団体名 that the titles cut (each sheet's title is one line:
/// [`crate::xlsx::fitted_title`]) and that the first sheet names whole
/// ([`crate::xlsx::title_notice`]), or that even the line of [`names`] shows cut; a plan that
/// moved whose line is too long for a row of its column, with the item.
pub(crate) fn cut_notices(d: &SheetDiff, (old, new): (&str, &str), lang: Lang) -> Vec<String> {
    let mut out = Vec::new();
    let width = |columns: &[(&str, &str, f64)]| columns.iter().map(|c| c.2).sum::<f64>();
    let narrowest = [
        width(&ITEM_COLUMNS),
        width(&PLAN_COLUMNS),
        width(&SECTION_COLUMNS),
    ]
    .into_iter()
    .fold(f64::INFINITY, f64::min);
    let names_in_title: Vec<String> = d.sides.iter().map(|(n, _)| n.clone()).collect();
    let (_, kept) = fitted_title(&title(d, lang), &names_in_title, narrowest);
    let lines = names(d, lang);
    let whole = lines.join("\n");
    let shown = row_text(&whole, width(&ITEM_COLUMNS), Rest::Cut, lang);
    for (k, (file, (name, _))) in [old, new].into_iter().zip(&d.sides).enumerate() {
        // The line that names it (one for both where they are the same), and those above it.
        let upto = lines[..=k.min(lines.len() - 1)].join("\n");
        if !shown.starts_with(&upto) {
            out.push(cut_notice(file, None, ORGANIZATION, name, Rest::Cut, lang));
        } else if kept.is_some_and(|k| name.chars().count() > k) {
            let sheet = lang.pick(DIFF_ITEMS_SHEET.0, DIFF_ITEMS_SHEET.1);
            out.push(title_notice(file, ORGANIZATION, name, sheet, lang));
        }
    }
    for i in d.items.iter().filter(|i| i.plan_change.is_some()) {
        for (file, plan, width) in [
            (old, &i.old_plan, PLAN_COLUMNS[3].2),
            (new, &i.new_plan, PLAN_COLUMNS[4].2),
        ] {
            let Some(line) = plan.as_ref().map(|p| p.printed_line(lang)) else {
                continue;
            };
            if !fits_row(&line, width) {
                out.push(cut_notice(file, Some(&i.id), PLAN, &line, Rest::Cut, lang));
            }
        }
    }
    out
}

/// A sheet of the diff: the table of `columns` under `title`, its header at [`HEADER`] below
/// the line that says when it was made.
fn table<'w>(
    wb: &'w mut Workbook,
    st: &Styles,
    name: &str,
    title: &str,
    columns: &[Column],
) -> Result<(&'w mut Worksheet, Fit), String> {
    let (ws, fit) = table_sheet(wb, st, name, Some(title), HEADER, columns)?;
    made_on(ws, st, 1)?;
    Ok((ws, fit))
}

fn section_row(
    ws: &mut Worksheet,
    st: &Styles,
    fit: &mut Fit,
    row: u32,
    s: &SectionDiff,
) -> Result<(), String> {
    let (old, new) = s.exact;
    id_cell(ws, st, row, 0, &s.no)?;
    fit.wrapped(ws, st, row, 1, &s.title)?;
    average(ws, st, row, 2, old)?;
    average(ws, st, row, 3, new)?;
    let change = old.zip(new).map(|(o, n)| Figure::from(n).minus(o.into()));
    figure(ws, st, row, 4, change, 3, true)
}
