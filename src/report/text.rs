//! The report as text and Markdown. One file for both: they print the same header lines
//! ([`header`]), the same count line ([`counts`]) and the same sections in the same order,
//! only marked up differently. Text from the sheet is shown sanitized (no control characters
//! or bidirectional overrides reach the terminal); in Markdown it is text, never mark-up
//! ([`crate::output::markdown`]).

use std::fmt::Write as _;

use super::{Level, SheetReport, count_cells, count_columns, score_text, years_text};
use crate::lang::Lang;
use crate::output::columns::{Align, Columns};
use crate::output::markdown::text as md;
use crate::safe_text::{pad_cells, sanitize_line};
use crate::score::{Tally, format_average};

/// Where the comment, evidence and plan lines under an item start.
const DETAIL: &str = "       ";

/// The column headers of the text table of scores by heading.
fn heading_columns(lang: Lang) -> Vec<&'static str> {
    let mut v = vec![
        lang.pick("区分", "level"),
        lang.pick("番号", "no"),
        lang.pick("平均点", "average"),
        lang.pick("回答/対象", "answ/appl"),
    ];
    v.extend(count_columns(lang));
    v.push(lang.pick("名称", "title"));
    v
}

/// The column headers of the text table of all answers.
fn item_columns(lang: Lang) -> [&'static str; 4] {
    [
        lang.pick("項目", "item"),
        lang.pick("評価", "score"),
        lang.pick("印", "marks"),
        lang.pick("設問", "question"),
    ]
}

/// Writes a table's lines.
fn lines(o: &mut String, table: &Columns) {
    for l in table.lines() {
        let _ = writeln!(o, "{l}");
    }
}

fn clean(s: &str) -> String {
    sanitize_line(s).into_owned()
}

/// 「対象 121 / 回答 10 / 3: 5  2: 2  1: 2  0: 1 / 該当なし 1 / 対象外 5 / 未回答 111」: 該当なし
/// is the answers 0 (該当しない); 対象外 the items the organisation's profile excludes.
fn counts(t: &Tally, lang: Lang) -> String {
    format!(
        "{} {} / {} {} / 3: {}  2: {}  1: {}  0: {} / {} {} / {} {} / {} {}",
        lang.pick("対象", "applicable"),
        t.applicable,
        lang.pick("回答", "answered"),
        t.answered,
        t.by_score[3],
        t.by_score[2],
        t.by_score[1],
        t.by_score[0],
        lang.pick("該当なし", "n/a"),
        t.not_applicable,
        lang.pick("対象外", "excluded"),
        t.excluded,
        lang.pick("未回答", "unanswered"),
        t.unanswered,
    )
}

/// The header lines shared by both forms: (label, value).
fn header(r: &SheetReport, lang: Lang) -> Vec<(&'static str, String)> {
    let s = r.sheet;
    let mut v = vec![
        (lang.pick("団体名", "Organization"), clean(&s.organization)),
        (
            lang.pick("年度", "Fiscal year"),
            match lang {
                Lang::Ja => format!("{} ({})", s.fiscal_year().wareki(), s.fiscal_year),
                Lang::En => s.fiscal_year().display(lang),
            },
        ),
        (
            lang.pick("版", "Edition"),
            format!(
                "{} ({} {})",
                r.catalog.edition.label(lang),
                r.catalog.id,
                r.catalog.revision
            ),
        ),
    ];
    if !s.respondent.is_empty() {
        v.push((lang.pick("回答者", "Respondent"), clean(&s.respondent)));
    }
    // The sign-off is always printed: an empty one shows that it is still to be given.
    let unsigned = lang.pick("(未記入)", "(not given)");
    let or_unsigned = |x: &str| {
        if x.trim().is_empty() {
            unsigned.to_string()
        } else {
            clean(x)
        }
    };
    v.push((
        lang.pick("点検実施者", "Inspected by"),
        or_unsigned(&s.inspector),
    ));
    v.push((lang.pick("確認者", "Approved by"), or_unsigned(&s.approver)));
    v.push((
        lang.pick("点検日", "Inspected on"),
        or_unsigned(&crate::date::printed_for_text(&s.inspected_on, lang)),
    ));
    if let Some(seal) = crate::seal::printed(s, lang) {
        v.push((crate::seal::label(lang), seal));
    }
    if let Some(t) = s.updated {
        v.push((
            lang.pick("更新", "Updated"),
            crate::clock::local_time(t, crate::clock::local_offset(), lang),
        ));
    }
    let flagged = r.items.iter().filter(|i| i.flagged).count();
    if flagged > 0 {
        let ids: Vec<&str> = r
            .items
            .iter()
            .filter(|i| i.flagged)
            .map(|i| i.id.as_str())
            .collect();
        v.push((
            lang.pick("付箋", "Flagged"),
            format!("{flagged} ({})", ids.join(", ")),
        ));
    }
    v
}

pub(super) fn plain(r: &SheetReport, lang: Lang) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "{}\n", lang.pick("点検結果", "Self-inspection results"));
    let mut head = Columns::new(&[Align::Left, Align::Left], "  ");
    for (k, v) in header(r, lang) {
        head.row([k.to_string(), v]);
    }
    lines(&mut o, &head);
    let overall = &r.score.overall;
    let _ = writeln!(
        o,
        "\n{} {}\n{} {}",
        pad_cells(lang.pick("総平均点", "Overall average"), 16),
        format_average(overall.exact_average()),
        pad_cells("", 16),
        counts(overall, lang)
    );

    let _ = writeln!(
        o,
        "\n{}",
        lang.pick("【分類別の点数】", "Scores by heading")
    );
    use Align::{Left as L, Right as R};
    let mut table = Columns::new(&[L, L, R, R, R, R, R, R, R, R, R, L], " ");
    table.row(heading_columns(lang));
    for row in &r.rows {
        let indent = match row.level {
            Level::Major => "",
            Level::Middle => " ",
            Level::Goal => "  ",
        };
        let t = &row.tally;
        let mut cells = vec![
            format!("{indent}{}", row.level.label(lang)),
            row.no.clone(),
            format_average(t.exact_average()),
            format!("{}/{}", t.answered, t.applicable),
        ];
        cells.extend(count_cells(t).map(|n| n.to_string()));
        cells.push(clean(&r.row_title(row, lang)));
        table.row(cells);
    }
    lines(&mut o, &table);

    text_table(
        &mut o,
        lang.pick(
            "【重要点検項目で3点に達していない項目】",
            "Priority items below the 3-point target",
        ),
        "  ",
        r.warnings.iter().map(|w| {
            [
                w.id.clone(),
                score_text(w.score, lang),
                format!("[{}]", years_text(&w.years, lang)),
                clean(r.item_text(&w.id, lang)),
            ]
        }),
    );
    text_table(
        &mut o,
        lang.pick(
            "【評価1(整備していない)の項目】",
            "Items at 1 (not in place)",
        ),
        " ",
        r.at_one
            .iter()
            .map(|id| [id.clone(), clean(r.item_text(id, lang))]),
    );

    section(
        &mut o,
        lang.pick("【改善計画書】", "Improvement plan (改善計画書)"),
        r.plans.len(),
    );
    let missing = lang.pick("(未記入)", "(not written)");
    let mut plans = Columns::new(&[Align::Left; 3], "  ");
    for p in &r.plans {
        plans.row([
            p.id.clone(),
            score_text(Some(p.score), lang),
            clean(r.item_text(&p.id, lang)),
        ]);
    }
    for (p, line) in r.plans.iter().zip(plans.lines()) {
        let _ = writeln!(o, "{line}");
        let or_missing = |s: &str| {
            if s.trim().is_empty() {
                missing.to_string()
            } else {
                clean(s)
            }
        };
        let due = crate::date::printed_for_text(&p.plan.due, lang);
        for (label, value) in [
            (lang.pick("改善内容", "measure"), &p.plan.action),
            (lang.pick("担当", "owner"), &p.plan.owner),
            (lang.pick("期限", "due"), &due),
        ] {
            let _ = writeln!(o, "{DETAIL}{} {}", pad_cells(label, 10), or_missing(value));
        }
    }
    item_table(&mut o, r, lang);
    // Padding leaves trailing blanks on some lines.
    let mut out: String = o.lines().map(|l| l.trim_end().to_string() + "\n").collect();
    out.shrink_to_fit();
    out
}

/// 【回答一覧】: one line per item (number, score, markers, wording), then its comment,
/// evidence and plan on indented lines of their own where written.
fn item_table(o: &mut String, r: &SheetReport, lang: Lang) {
    section(o, lang.pick("【回答一覧】", "All answers"), r.items.len());
    let mut table = Columns::new(&[Align::Left; 4], " ");
    table.row(item_columns(lang).map(String::from));
    for row in &r.items {
        table.row([
            row.id.clone(),
            row.score_cell(lang),
            row.marks(lang),
            clean(r.item_text(&row.id, lang)),
        ]);
    }
    let table = table.lines();
    let _ = writeln!(o, "{}", table[0]);
    let indent = DETAIL;
    for (row, line) in r.items.iter().zip(&table[1..]) {
        let _ = writeln!(o, "{line}");
        let mut detail = |label: &str, value: &str| {
            if !value.trim().is_empty() {
                let _ = writeln!(o, "{indent}{} {}", pad_cells(label, 10), clean(value));
            }
        };
        detail(lang.pick("コメント", "comment"), &row.comment);
        detail(lang.pick("根拠資料", "evidence"), &row.evidence);
        if let Some(p) = &row.plan {
            detail(lang.pick("改善内容", "measure"), &p.action);
            detail(lang.pick("担当", "owner"), &p.owner);
            detail(
                lang.pick("期限", "due"),
                &crate::date::printed_for_text(&p.due, lang),
            );
        }
    }
}

pub(super) fn markdown(r: &SheetReport, lang: Lang) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "# {} - {}\n",
        lang.pick("点検結果", "Self-inspection results"),
        md(&r.sheet.organization)
    );
    for (k, v) in header(r, lang) {
        let _ = writeln!(o, "- **{k}**: {}", md(&v));
    }
    let overall = &r.score.overall;
    let _ = writeln!(
        o,
        "- **{}**: {} ({})",
        lang.pick("総平均点", "Overall average"),
        format_average(overall.exact_average()),
        counts(overall, lang)
    );

    let _ = writeln!(
        o,
        "\n## {}\n",
        lang.pick("分類別の点数", "Scores by heading")
    );
    let mut head = vec![
        lang.pick("区分", "Level"),
        lang.pick("番号", "No"),
        lang.pick("名称", "Title"),
        lang.pick("平均点", "Average"),
        lang.pick("回答", "Answered"),
        lang.pick("対象", "Applicable"),
    ];
    head.extend(count_columns(lang));
    let _ = writeln!(
        o,
        "| {} |\n|---|---|---|{}",
        head.join(" | "),
        "---:|".repeat(head.len() - 3)
    );
    for row in &r.rows {
        let t = &row.tally;
        let title = md(&r.row_title(row, lang));
        let title = if row.level == Level::Major {
            format!("**{title}**")
        } else {
            title
        };
        let mut cells = vec![
            row.level.label(lang).to_string(),
            row.no.clone(),
            title,
            format_average(t.exact_average()),
            t.answered.to_string(),
            t.applicable.to_string(),
        ];
        cells.extend(count_cells(t).map(|n| n.to_string()));
        md_row(&mut o, &cells);
    }

    md_table(
        &mut o,
        lang.pick(
            "重要点検項目で3点に達していない項目",
            "Priority items below the 3-point target",
        ),
        &[
            lang.pick("項目", "Item"),
            lang.pick("点数", "Score"),
            lang.pick("重要点検項目の年度", "Priority years"),
            lang.pick("設問", "Question"),
        ],
        r.warnings.iter().map(|w| {
            vec![
                w.id.clone(),
                score_text(w.score, lang),
                years_text(&w.years, lang),
                md(r.item_text(&w.id, lang)),
            ]
        }),
    );

    md_section(
        &mut o,
        lang.pick("評価1(整備していない)の項目", "Items at 1 (not in place)"),
        r.at_one.len(),
    );
    for id in &r.at_one {
        let _ = writeln!(o, "- {id} {}", md(r.item_text(id, lang)));
    }

    md_table(
        &mut o,
        lang.pick("改善計画書", "Improvement plan (改善計画書)"),
        &[
            lang.pick("項目", "Item"),
            lang.pick("現在の点数", "Current score"),
            lang.pick("改善内容", "Measure"),
            lang.pick("担当", "Owner"),
            lang.pick("期限", "Due"),
            lang.pick("設問", "Question"),
        ],
        r.plans.iter().map(|p| {
            vec![
                p.id.clone(),
                score_text(Some(p.score), lang),
                md(&p.plan.action),
                md(&p.plan.owner),
                md(&crate::date::printed_for_text(&p.plan.due, lang)),
                md(r.item_text(&p.id, lang)),
            ]
        }),
    );

    md_section(&mut o, lang.pick("回答一覧", "All answers"), r.items.len());
    md_head(
        &mut o,
        &[
            lang.pick("項目", "Item"),
            lang.pick("評価", "Score"),
            lang.pick("印", "Marks"),
            lang.pick("設問", "Question"),
            lang.pick("コメント", "Comment"),
            lang.pick("根拠資料", "Evidence"),
            lang.pick("改善内容", "Measure"),
            lang.pick("担当", "Owner"),
            lang.pick("期限", "Due"),
        ],
    );
    for row in &r.items {
        let plan = row.plan.clone().unwrap_or_default();
        md_row(
            &mut o,
            &[
                md(&row.id),
                row.score_cell(lang),
                row.marks(lang),
                md(r.item_text(&row.id, lang)),
                md(&row.comment),
                md(&row.evidence),
                md(&plan.action),
                md(&plan.owner),
                md(&crate::date::printed_for_text(&plan.due, lang)),
            ],
        );
    }
    o
}

/// 「【title】 (n)」 after a blank line: a section of the text form and its count.
fn section(o: &mut String, title: &str, n: usize) {
    let _ = writeln!(o, "\n{title} ({n})");
}

/// A section with its count, and its rows in left-aligned columns `gap` apart: the text
/// form of [`md_table`].
fn text_table<const N: usize>(
    o: &mut String,
    title: &str,
    gap: &'static str,
    rows: impl ExactSizeIterator<Item = [String; N]>,
) {
    section(o, title, rows.len());
    let mut table = Columns::new(&[Align::Left; N], gap);
    for row in rows {
        table.row(row);
    }
    lines(o, &table);
}

/// 「## title (n)」 between blank lines.
fn md_section(o: &mut String, title: &str, n: usize) {
    let _ = writeln!(o, "\n## {title} ({n})\n");
}

/// A Markdown table's header row and its rule, every column left-aligned.
fn md_head(o: &mut String, head: &[&str]) {
    let _ = writeln!(
        o,
        "| {} |\n|{}",
        head.join(" | "),
        "---|".repeat(head.len())
    );
}

fn md_row(o: &mut String, cells: &[String]) {
    let _ = writeln!(o, "| {} |", cells.join(" | "));
}

/// A section with its count, and its table when it has rows.
fn md_table(
    o: &mut String,
    title: &str,
    head: &[&str],
    rows: impl ExactSizeIterator<Item = Vec<String>>,
) {
    md_section(o, title, rows.len());
    if rows.len() > 0 {
        md_head(o, head);
        for row in rows {
            md_row(o, &row);
        }
    }
}
