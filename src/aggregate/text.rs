//! The national table as text and Markdown. One file for both: they print the same
//! sections (summary, 大分類, 管理目標, items, follow-ups, files skipped) in the same order and
//! differ only in mark-up; text aligns the item table in terminal cells
//! ([`crate::output::columns`]).

use std::fmt::Write as _;

use super::NationalTable;
use super::table::{change_cell, count_cells, follow_up_items};
use crate::catalog::heading_text;
use crate::figure::{self, Figure};
use crate::fiscal::FiscalYear;
use crate::lang::Lang;
use crate::output::columns::{Align, Columns};
use crate::output::markdown;
use crate::safe_text::sanitize_line;

/// Markdown (`md = true`) or aligned plain text.
pub(super) fn render(t: &NationalTable, lang: Lang, md: bool) -> String {
    let means = t.agg.section_means(t.catalog);
    let f3 = |v: Option<Figure>| figure::average(v);
    // Text from files: plain text sanitized, Markdown as text, never mark-up.
    let esc = |s: &str| {
        if md {
            markdown::text(s)
        } else {
            sanitize_line(s).into_owned()
        }
    };
    let mut out = String::new();
    let title = heading_text(&t.catalog.title, &t.catalog.title_en, lang);
    let h = if md { "# " } else { "" };
    let _ = writeln!(
        out,
        "{h}{} - {}",
        lang.pick("点検結果集計表", "Aggregated results"),
        esc(title)
    );
    let _ = writeln!(
        out,
        "\n{}: {}   {}: {}   {}: {}",
        lang.pick("集計団体数", "Organisations"),
        t.agg.organizations,
        lang.pick("総平均点", "Overall average"),
        f3(means.overall),
        lang.pick("読めなかったファイル", "Files skipped"),
        t.skipped.len()
    );
    let years: Vec<String> = t
        .agg
        .fiscal_years
        .iter()
        .map(|(y, n)| format!("{} ({n})", FiscalYear(*y).display(lang)))
        .collect();
    let _ = writeln!(
        out,
        "{}: {}",
        lang.pick("年度", "Fiscal year"),
        years.join(", ")
    );
    if t.agg.fiscal_years.len() > 1 {
        let _ = writeln!(
            out,
            "{}",
            lang.pick(
                "! 複数の年度のシートが混在しています",
                "! sheets of more than one fiscal year are mixed"
            )
        );
    }
    for d in t.agg.duplicates() {
        let _ = writeln!(
            out,
            "! {} {} {}: {}",
            esc(&d.organization),
            FiscalYear(d.fiscal_year).display(lang),
            lang.pick("が重複しています", "is counted more than once"),
            esc(&d.files.join(", "))
        );
    }
    if let Some(p) = t.previous {
        let _ = writeln!(
            out,
            "{}: {} ({})",
            lang.pick("前回の総平均点", "Previous overall average"),
            f3(p.overall.map(Figure::from)),
            esc(&p.label)
        );
    }
    // Sections: 大分類, then 管理目標, each "number, title, average".
    let majors: Vec<(String, &str, Option<Figure>)> = t
        .catalog
        .majors
        .iter()
        .zip(&means.majors)
        .map(|(m, (no, avg))| (no.clone(), heading_text(&m.title, &m.en, lang), *avg))
        .collect();
    let goals: Vec<(String, &str, Option<Figure>)> = t
        .catalog
        .goals()
        .zip(&means.goals)
        .map(|(g, (no, avg))| (no.to_string(), heading_text(&g.title, &g.en, lang), *avg))
        .collect();
    for (heading, column, rows) in [
        (
            lang.pick("大分類", "Major sections"),
            lang.pick("分類", "Section"),
            majors,
        ),
        (
            lang.pick("管理目標", "Goals"),
            lang.pick("管理目標", "Goal"),
            goals,
        ),
    ] {
        let _ = writeln!(out, "\n{}{heading}", if md { "## " } else { "" });
        if md {
            let _ = writeln!(
                out,
                "\n| | {column} | {} |\n|---|---|---|",
                lang.pick("平均", "Average")
            );
        }
        for (no, title, avg) in rows {
            if md {
                let _ = writeln!(out, "| {no} | {} | {} |", esc(title), f3(avg));
            } else {
                let _ = writeln!(out, "  {no:>2} {} {}", f3(avg), esc(title));
            }
        }
    }
    // Items.
    let years = t.reference_years();
    let mut cols: Vec<String> = vec![
        lang.pick("小項目", "Item").into(),
        lang.pick("平均値", "Average").into(),
        lang.pick("回答3", "3").into(),
        lang.pick("回答2", "2").into(),
        lang.pick("回答1", "1").into(),
        lang.pick("回答数", "Answered").into(),
        lang.pick("該当なし", "N/A").into(),
        lang.pick("未回答", "Unanswered").into(),
        lang.pick("対象外", "Excluded").into(),
    ];
    cols.extend(
        years
            .iter()
            .map(|y| format!("{}{}", FiscalYear(*y).short(), lang.pick("全国", " natl"))),
    );
    if t.previous.is_some() {
        cols.push(lang.pick("前回", "Previous").into());
        cols.push(lang.pick("向上値", "Change").into());
    }
    cols.push(lang.pick("設問", "Question").into());
    let _ = writeln!(
        out,
        "\n{}{}",
        if md { "## " } else { "" },
        lang.pick("小項目", "Items")
    );
    // Plain text: columns aligned in terminal cells (numbers to the right), not tabs.
    let mut align = vec![Align::Right; cols.len()];
    align[0] = Align::Left;
    align[cols.len() - 1] = Align::Left;
    let mut plain = Columns::new(&align, " ");
    if md {
        let _ = writeln!(
            out,
            "\n| {} |\n|{}",
            cols.join(" | "),
            "---|".repeat(cols.len())
        );
    } else {
        let _ = writeln!(out);
        plain.row(cols.clone());
    }
    for ((item, c), j) in t.rows().zip(t.json_items()) {
        let mut row = count_cells(&j.id, c, "-", "%");
        row.extend(
            years
                .iter()
                .map(|y| figure::average(j.reference_averages.get(y).copied())),
        );
        if t.previous.is_some() {
            row.push(figure::average(j.previous_average));
            row.push(change_cell(c, j.previous_average, "-"));
        }
        let mut text = t.catalog.item_text(item, lang).to_string();
        for y in &j.priority_years {
            text.push_str(&format!(" 【{}】", FiscalYear(*y).display(lang)));
        }
        row.push(esc(&text));
        if md {
            let _ = writeln!(out, "| {} |", row.join(" | "));
        } else {
            plain.row(row);
        }
    }
    for line in plain.lines() {
        let _ = writeln!(out, "{line}");
    }
    // Follow-ups.
    let _ = writeln!(
        out,
        "\n{}{} ({})",
        if md { "## " } else { "" },
        lang.pick(
            "要フォローアップ団体 (重要点検項目が3点未満又は未回答)",
            "Follow-up: priority items below 3 or unanswered"
        ),
        t.agg.follow_ups.len()
    );
    for f in &t.agg.follow_ups {
        let _ = writeln!(
            out,
            "{}{} ({}): {}",
            if md { "- " } else { "  " },
            esc(&f.organization),
            esc(&f.source),
            follow_up_items(f, lang)
        );
        if !f.missing_plans.is_empty() {
            let _ = writeln!(
                out,
                "{}{}: {}",
                if md { "  - " } else { "      " },
                lang.pick("改善計画なし", "no improvement plan"),
                f.missing_plans.join(", ")
            );
        }
    }
    if !t.skipped.is_empty() {
        let _ = writeln!(
            out,
            "\n{}{} ({})",
            if md { "## " } else { "" },
            lang.pick("読めなかったファイル", "Files skipped"),
            t.skipped.len()
        );
        for (file, err) in t.skipped {
            let _ = writeln!(
                out,
                "{}{}: {}",
                if md { "- " } else { "  " },
                esc(file),
                esc(err)
            );
        }
    }
    out
}
