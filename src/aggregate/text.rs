//! The national table as text and Markdown. One file for both: they print the same
//! sections (summary, 大分類, 管理目標, items, follow-ups, 受付一覧, the roster's lists,
//! 都道府県別, 改善計画一覧) in the same order and
//! differ only in mark-up; text aligns the item table in terminal cells
//! ([`crate::output::columns`]).

use super::NationalTable;
use super::table::{
    change_cell, count_cells, follow_up_items, plan_marks, read_as_word, status_word,
};
use crate::catalog::heading_text;
use crate::figure::{self, Figure};
use crate::fiscal::FiscalYear;
use crate::lang::Lang;
use crate::output::columns::{Align, TextTable};
use crate::output::markdown;
use crate::safe_text::sanitize_line;

/// Markdown (`md = true`) or aligned plain text, written into `out` as it is made.
pub(super) fn render(t: &NationalTable, lang: Lang, md: bool, out: &mut dyn std::fmt::Write) {
    let means = t.agg.section_means(t.catalog);
    let f3 = |v: Option<Figure>| figure::average(v);
    // Text from files: plain text sanitized, Markdown as text, never mark-up.
    let esc = |s: &str| escape(s, md);
    let title = heading_text(&t.catalog.title, &t.catalog.title_en, lang);
    let h = if md { "# " } else { "" };
    let _ = writeln!(
        out,
        "{h}{} - {}",
        lang.pick("点検結果集計表", "Aggregated results"),
        esc(title)
    );
    // The lines under the title: in Markdown a list, or its lines would run together into
    // one paragraph.
    let _ = writeln!(out);
    let bullet = if md { "- " } else { "" };
    let _ = writeln!(
        out,
        "{bullet}{}: {}   {}: {}   {}: {}",
        lang.pick("集計団体数", "Organizations"),
        t.agg.organizations,
        lang.pick("総平均点", "Overall average"),
        f3(means.overall),
        lang.pick("読めなかったファイル", "Unreadable files"),
        t.accounting.unreadable().count()
    );
    let _ = writeln!(out, "{bullet}{}", t.tally_line(lang));
    let _ = writeln!(
        out,
        "{bullet}{}: {}",
        lang.pick("年度", "Fiscal year"),
        t.counted_years(lang)
    );
    if t.agg.fiscal_years.len() > 1 {
        let _ = writeln!(
            out,
            "{bullet}{}",
            lang.pick(
                "! 複数の年度のシートが混在しています",
                "! sheets of more than one fiscal year are mixed"
            )
        );
    }
    if let Some(p) = t.previous {
        let change = p
            .overall
            .zip(means.overall)
            .map(|(l, a)| a.minus(Figure::from(l)).signed(3));
        let _ = writeln!(
            out,
            "{bullet}{}{}: {} ({}){}",
            p.column(lang),
            lang.pick("の総平均点", " overall average"),
            f3(p.overall.map(Figure::from)),
            esc(&p.label),
            change.map_or_else(String::new, |c| format!(
                "   {}: {c}",
                p.change_column(t.accounting.fiscal_year, lang)
            ))
        );
    }
    if let (Some(p), Some((only_last, only_this))) = (t.previous, t.differences()) {
        for (list, ja, en) in [
            (
                &only_last,
                "のみ集計した団体",
                "only: organizations counted then, not now",
            ),
            (
                &only_this,
                "のみ集計した団体",
                "only: organizations counted now, not then",
            ),
        ] {
            if list.is_empty() {
                continue;
            }
            let year = if std::ptr::eq(list, &only_last) {
                p.column(lang)
            } else {
                t.accounting.fiscal_year.map_or_else(
                    || lang.pick("今回", "This table").to_string(),
                    |y| FiscalYear(y).display(lang),
                )
            };
            let names: Vec<String> = list.iter().map(|o| esc(&o.shown())).collect();
            let _ = writeln!(
                out,
                "{bullet}! {year}{} ({}): {}",
                lang.pick(ja, &format!(" {en}")),
                list.len(),
                names.join(lang.pick("、", ", "))
            );
        }
    }
    // Sections: 大分類, then 管理目標, each "number, title, average" and the yardstick's.
    let majors: Vec<(String, &str, Option<Figure>)> = t
        .catalog
        .majors
        .iter()
        .zip(&means.majors)
        .map(|(m, (no, avg))| (no.clone(), m.title_in(lang), *avg))
        .collect();
    let goals: Vec<(String, &str, Option<Figure>)> = t
        .catalog
        .goals()
        .zip(&means.goals)
        .map(|(g, (no, avg))| (no.to_string(), g.title_in(lang), *avg))
        .collect();
    let extra = t.section_yardstick_columns(lang);
    for (major, heading, column, rows) in [
        (
            true,
            lang.pick("大分類", "Major sections"),
            lang.pick("分類", "Section"),
            majors,
        ),
        (
            false,
            lang.pick("管理目標", "Goals"),
            lang.pick("管理目標", "Goal"),
            goals,
        ),
    ] {
        let _ = writeln!(out, "\n{}{heading}", if md { "## " } else { "" });
        let mut head = vec![String::new(), lang.pick("平均", "Average").to_string()];
        head.extend(extra.iter().cloned());
        head.push(column.to_string());
        let mut align = vec![Align::Right; head.len()];
        *align.last_mut().unwrap_or(&mut Align::Left) = Align::Left;
        let mut table = TextTable::new(md, &align, head, !extra.is_empty());
        for (no, title, avg) in rows {
            let mut row = vec![no.clone(), f3(avg)];
            row.extend(
                t.section_yardstick(major, &no, avg)
                    .into_iter()
                    .enumerate()
                    .map(|(k, v)| {
                        if k == 1 {
                            v.map_or_else(|| "-".into(), |v| v.signed(3))
                        } else {
                            f3(v)
                        }
                    }),
            );
            row.push(esc(title));
            table.row(row);
        }
        table.write(out, "  ");
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
    if let Some(p) = t.previous {
        cols.push(p.column(lang));
        cols.push(p.change_column(t.accounting.fiscal_year, lang));
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
    if !md {
        let _ = writeln!(out);
    }
    let mut table = TextTable::new(md, &align, cols, true);
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
            // The ministry's table marks them 【平成17年度】; English text has no such
            // brackets.
            let year = FiscalYear(*y).display(lang);
            text.push_str(&match lang {
                Lang::Ja => format!(" 【{year}】"),
                Lang::En => format!(" [{year}]"),
            });
        }
        row.push(esc(&text));
        table.row(row);
    }
    table.write(out, "");
    // Follow-ups.
    counted_heading(
        out,
        md,
        lang.pick(
            "要フォローアップ団体 (重要点検項目が3点未満又は未回答)",
            "Follow-up: priority items below 3 or unanswered",
        ),
        t.agg.follow_ups.len(),
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
    accounting(out, t, lang, md);
}

/// The 受付一覧, the roster's lists, the 都道府県別 subtotals and the 改善計画一覧.
fn accounting(out: &mut dyn std::fmt::Write, t: &NationalTable, lang: Lang, md: bool) {
    let h2 = if md { "## " } else { "" };
    let li = if md { "- " } else { "  " };
    let esc = |s: &str| escape(s, md);
    let a = t.accounting;
    counted_heading(
        out,
        md,
        lang.pick("受付一覧", "Files received"),
        a.entries.len(),
    );
    for e in &a.entries {
        let mut who = esc(e.name());
        if let Some(y) = e.fiscal_year {
            who.push_str(&format!(" {}", FiscalYear(y).display(lang)));
        }
        let seal = t.seal_cell(e, lang);
        if !seal.is_empty() {
            who.push_str(&format!(" {} {}", crate::seal::label(lang), esc(&seal)));
        }
        let kind = read_as_word(e.read_as, lang);
        let _ = writeln!(
            out,
            "{li}[{}] {}{}{}{}",
            status_word(&e.status, lang),
            esc(e.file()),
            if kind.is_empty() {
                String::new()
            } else {
                format!(" ({kind})")
            },
            if who.is_empty() {
                String::new()
            } else {
                format!(" {who}")
            },
            {
                let n = t.received_note(e, lang);
                if n.is_empty() {
                    String::new()
                } else {
                    format!(": {}", esc(&n))
                }
            }
        );
    }
    if let Some(r) = &a.roster {
        counted_heading(
            out,
            md,
            lang.pick(
                "未提出 (名簿にあって集計されていない団体)",
                "Not handed in (on the roster, not counted)",
            ),
            r.missing.len(),
        );
        for (line, file) in &r.missing {
            let mut s = format!("{li}{}", esc(&line.name));
            if !line.prefecture.is_empty() {
                s.push_str(&format!(" ({})", esc(&line.prefecture)));
            }
            if !line.code.is_empty() {
                s.push_str(&format!(" {}", esc(&line.code)));
            }
            if let Some(i) = file {
                let e = t.entry(*i);
                s.push_str(&format!(
                    ": {} [{}]",
                    esc(e.file()),
                    status_word(&e.status, lang)
                ));
            }
            let _ = writeln!(out, "{s}");
        }
        counted_heading(
            out,
            md,
            lang.pick("名簿にない団体", "Counted but not on the roster"),
            r.not_on_roster.len(),
        );
        for i in &r.not_on_roster {
            let e = t.entry(*i);
            let _ = writeln!(out, "{li}{} ({})", esc(e.name()), esc(e.file()));
        }
    }
    if !a.prefectures.is_empty() {
        let _ = writeln!(out, "\n{h2}{}", lang.pick("都道府県別", "By prefecture"));
        let mut cols = vec![
            lang.pick("都道府県", "Prefecture").to_string(),
            lang.pick("集計団体数", "Counted").to_string(),
            lang.pick("名簿", "Roster").to_string(),
            lang.pick("未提出", "Missing").to_string(),
            lang.pick("総平均点", "Overall").to_string(),
        ];
        cols.extend(t.catalog.majors.iter().map(|m| m.no.clone()));
        let mut align = vec![Align::Right; cols.len()];
        align[0] = Align::Left;
        let mut table = TextTable::new(md, &align, cols, true);
        for (shown, agg, expected, missing) in t.subtotal_rows(lang) {
            let means = agg.section_means(t.catalog);
            let mut row = vec![
                esc(&shown),
                agg.organizations.to_string(),
                expected.map_or_else(|| "-".into(), |n| n.to_string()),
                missing.map_or_else(|| "-".into(), |n| n.to_string()),
                figure::average(means.overall),
            ];
            row.extend(means.majors.iter().map(|(_, m)| figure::average(*m)));
            table.row(row);
        }
        table.write(out, "  ");
    }
    counted_heading(
        out,
        md,
        lang.pick("改善計画一覧", "Improvement plans"),
        a.plan_count(),
    );
    for (i, p) in a.plans() {
        let e = t.entry(i);
        let marks = plan_marks(&p, t.today, lang);
        let item = p.item(t.catalog);
        let mut plan: Vec<String> = [p.action(), p.owner()]
            .into_iter()
            .filter(|s| !s.trim().is_empty())
            .map(esc)
            .collect();
        if !p.due().trim().is_empty() {
            plan.push(esc(&crate::date::printed_for_text(p.due(), lang)));
        }
        if !marks.is_empty() {
            plan.push(format!("[{}]", marks.join(lang.pick("・", ", "))));
        }
        let _ = writeln!(
            out,
            "{li}{} {} ({}) {}: {}",
            esc(e.name()),
            item.id,
            p.score.value(),
            esc(t.catalog.item_text(item, lang)),
            plan.join(" / ")
        );
    }
}

/// A section's heading and how many lines it lists: 「## 受付一覧 (3)」 in Markdown.
fn counted_heading(out: &mut dyn std::fmt::Write, md: bool, title: &str, n: usize) {
    let _ = writeln!(out, "\n{}{title} ({n})", if md { "## " } else { "" });
}

/// Text from files: plain text sanitized, Markdown as text, never mark-up.
fn escape(s: &str, md: bool) -> String {
    if md {
        markdown::text(s)
    } else {
        sanitize_line(s).into_owned()
    }
}
