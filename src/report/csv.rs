//! The report as CSV for Excel: CRLF line ends, one block per section separated by an empty
//! line; the byte-order mark (without it Excel on Japanese Windows reads Shift_JIS) is
//! [`crate::output::render`]'s, the formula guard [`crate::output::csv::cell`].

use super::{SheetReport, years_text};
use crate::lang::Lang;
use crate::output::csv::cell;
use crate::score::{Tally, format_average};
use crate::xlsx::REPORT_ITEMS_HEAD;

fn block(rows: &[Vec<String>]) -> Result<Vec<u8>, String> {
    let mut w = ::csv::WriterBuilder::new()
        .flexible(true)
        .terminator(::csv::Terminator::CRLF)
        .from_writer(Vec::new());
    for r in rows {
        w.write_record(r).map_err(|e| e.to_string())?;
    }
    w.into_inner().map_err(|e| e.to_string())
}

fn tally_cells(t: &Tally) -> Vec<String> {
    [t.scored, t.answered, t.applicable]
        .into_iter()
        .chain(super::count_cells(t))
        .map(|n| n.to_string())
        .collect()
}

fn s(x: &str) -> String {
    x.to_string()
}

/// A block's header row.
fn names(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|c| s(c)).collect()
}

pub(super) fn render(r: &SheetReport, lang: Lang) -> Result<Vec<u8>, String> {
    let sheet = r.sheet;
    let mut blocks: Vec<Vec<Vec<String>>> = Vec::new();

    let mut head = vec![
        vec![s(lang.pick("項目", "field")), s(lang.pick("値", "value"))],
        vec![
            s(lang.pick("団体名", "organization")),
            cell(&sheet.organization),
        ],
        vec![
            s(lang.pick("年度", "fiscal year")),
            sheet.fiscal_year().display(lang),
        ],
        vec![
            s(lang.pick("西暦年度", "fiscal year (Western)")),
            sheet.fiscal_year.to_string(),
        ],
        vec![
            s(lang.pick("版", "edition")),
            s(r.catalog.edition.label(lang)),
        ],
        vec![
            s(lang.pick("カタログ", "catalog")),
            format!("{} {}", r.catalog.id, r.catalog.revision),
        ],
        vec![
            s(lang.pick("回答者", "respondent")),
            cell(&sheet.respondent),
        ],
    ];
    // What `new --from` and `aggregate` read back besides (as from the workbook's cover): the
    // code and prefecture when given, and the profile answers, each under its question.
    for (k, v) in [
        (
            lang.pick("団体コード", "organization code"),
            &sheet.organization_code,
        ),
        (lang.pick("都道府県", "prefecture"), &sheet.prefecture),
    ] {
        if !v.is_empty() {
            head.push(vec![s(k), cell(v)]);
        }
    }
    for (question, answer) in r.profile_answers(lang) {
        head.push(vec![s(question), s(answer)]);
    }
    head.extend([
        vec![
            s(lang.pick("点検実施者", "inspected by")),
            cell(&sheet.inspector),
        ],
        vec![s(lang.pick("確認者", "approved by")), cell(&sheet.approver)],
        vec![
            s(lang.pick("点検日", "inspected on")),
            cell(&sheet.inspected_on),
        ],
    ]);
    if let Some(seal) = crate::seal::printed(sheet, lang) {
        head.push(vec![s(crate::seal::label(lang)), s(&seal)]);
    }
    if let Some(t) = sheet.updated {
        head.push(vec![
            s(lang.pick("更新", "updated")),
            crate::ron::timestamp(t),
        ]);
    }
    head.push(vec![
        s(lang.pick("付箋", "flagged")),
        r.items
            .iter()
            .filter(|i| i.flagged)
            .map(|i| i.id.as_str())
            .collect::<Vec<_>>()
            .join(" "),
    ]);
    head.push(vec![
        s(lang.pick("総平均点", "overall average")),
        format_average(r.score.overall.exact_average()),
    ]);
    blocks.push(head);

    let mut table = vec![
        [
            lang.pick("区分", "level"),
            lang.pick("番号", "no"),
            lang.pick("名称", "title"),
            lang.pick("平均点", "average"),
            lang.pick("採点数", "scored"),
            lang.pick("回答数", "answered"),
            lang.pick("対象数", "applicable"),
        ]
        .into_iter()
        .chain(super::count_columns(lang))
        .map(s)
        .collect(),
    ];
    let mut total = vec![
        s(lang.pick("全体", "all")),
        String::new(),
        s(lang.pick("総平均点", "overall average")),
        format_average(r.score.overall.exact_average()),
    ];
    total.extend(tally_cells(&r.score.overall));
    table.push(total);
    for row in &r.rows {
        let mut v = vec![
            s(row.level.label(lang)),
            row.no.clone(),
            cell(&r.row_title(row, lang)),
            format_average(row.tally.exact_average()),
        ];
        v.extend(tally_cells(&row.tally));
        table.push(v);
    }
    blocks.push(table);

    let mut warnings = vec![names(&[
        lang.pick("重要点検項目", "priority item"),
        lang.pick("点数", "score"),
        lang.pick("重要点検項目の年度", "priority years"),
        lang.pick("設問", "question"),
    ])];
    for w in &r.warnings {
        warnings.push(vec![
            w.id.clone(),
            w.score.map_or_else(
                || s(lang.pick("未回答", "unanswered")),
                |x| x.value().to_string(),
            ),
            years_text(&w.years, lang),
            cell(r.item_text(&w.id, lang)),
        ]);
    }
    blocks.push(warnings);

    let mut ones = vec![names(&[
        lang.pick("評価1の項目", "item at 1"),
        lang.pick("設問", "question"),
    ])];
    for id in &r.at_one {
        ones.push(vec![id.clone(), cell(r.item_text(id, lang))]);
    }
    blocks.push(ones);

    let mut plans = vec![names(&[
        lang.pick("改善計画書 項目", "improvement plan: item"),
        lang.pick("現在の点数", "current score"),
        lang.pick("改善内容", "measure"),
        lang.pick("担当", "owner"),
        lang.pick("期限", "due"),
        lang.pick("設問", "question"),
    ])];
    for p in &r.plans {
        plans.push(vec![
            p.id.clone(),
            p.score.value().to_string(),
            cell(&p.plan.action),
            cell(&p.plan.owner),
            cell(&p.plan.due),
            cell(r.item_text(&p.id, lang)),
        ]);
    }
    blocks.push(plans);

    let mut items = vec![names(&[
        lang.pick(REPORT_ITEMS_HEAD.0, REPORT_ITEMS_HEAD.1),
        lang.pick("評価", "score"),
        lang.pick("対象", "applicable"),
        lang.pick("付箋", "flagged"),
        lang.pick("下書き", "draft"),
        lang.pick("コメント", "comment"),
        lang.pick("根拠資料", "evidence"),
        lang.pick("改善内容", "measure"),
        lang.pick("担当", "owner"),
        lang.pick("期限", "due"),
        lang.pick("設問", "question"),
    ])];
    let yes_no = |b: bool| s(if b { "1" } else { "0" });
    for row in &r.items {
        let plan = row.plan.clone().unwrap_or_default();
        items.push(vec![
            row.id.clone(),
            row.score
                .map_or_else(String::new, |x| x.value().to_string()),
            yes_no(row.applicable),
            yes_no(row.flagged),
            yes_no(row.unconfirmed),
            cell(&row.comment),
            cell(&row.evidence),
            cell(&plan.action),
            cell(&plan.owner),
            cell(&plan.due),
            cell(r.item_text(&row.id, lang)),
        ]);
    }
    blocks.push(items);

    let mut out = Vec::new();
    for (i, b) in blocks.iter().enumerate() {
        if i > 0 {
            out.extend_from_slice(b"\r\n");
        }
        out.extend(block(b)?);
    }
    Ok(out)
}
