//! Last year against this year as text and Markdown. One file for both: they print the same
//! sections (section averages, priority items that fell, items that changed, plans that
//! changed) in the same order and differ only in mark-up. Every listed item is named with its
//! wording, so that a reader of the printout knows what 12-1 is: in text cut to
//! [`WIDTH`] cells a line, in Markdown whole.

use std::fmt::Write as _;

use super::{Change, ItemDiff, SheetDiff};
use crate::lang::Lang;
use crate::safe_text::{sanitize_line, truncate_cells};

/// The width of a text line (terminal cells) that the wording is cut to.
pub(crate) const WIDTH: usize = 80;

/// A score, or 「-」 where there is none.
pub(super) fn score(s: Option<u8>) -> String {
    s.map_or_else(|| "-".into(), |s| s.to_string())
}

/// How the two forms write one listed line.
struct Markup {
    md: bool,
}

impl Markup {
    /// Text from files: in Markdown as text, never mark-up; in text sanitized.
    fn esc(&self, s: &str) -> String {
        if self.md {
            crate::output::markdown::text(s)
        } else {
            sanitize_line(s).into_owned()
        }
    }

    /// `head` then `words` (an item's wording, a plan): in text cut so that the line is at
    /// most [`WIDTH`] cells; in Markdown a list item (a `head` that starts with blanks, one
    /// nested under the item before).
    fn line(&self, out: &mut String, head: &str, words: &str) {
        if self.md {
            let nested = if head.starts_with(' ') { "  " } else { "" };
            let _ = writeln!(out, "{nested}- {}  {}", head.trim(), self.esc(words));
        } else {
            let head = format!("  {head}  ");
            let room = WIDTH.saturating_sub(unicode_width::UnicodeWidthStr::width(head.as_str()));
            let _ = writeln!(
                out,
                "{head}{}",
                truncate_cells(&self.esc(words), room.max(10))
            );
        }
    }

    fn heading(&self, out: &mut String, title: &str, n: usize) {
        let _ = writeln!(out, "\n{}{title} ({n})", if self.md { "## " } else { "" });
    }
}

/// An item's wording this year (last year's for a removed item).
fn wording(i: &ItemDiff) -> &str {
    i.new_text
        .as_deref()
        .or(i.old_text.as_deref())
        .unwrap_or("")
}

/// Markdown (`md = true`) or plain text.
pub(super) fn render(d: &SheetDiff, lang: Lang, md: bool) -> String {
    let f = Markup { md };
    let mut out = String::new();
    let h2 = if md { "## " } else { "" };
    // The names are text from the files, escaped in Markdown; the arrow is ours.
    let heading = if md {
        let [(a, a_year), (b, b_year)] = &d.sides;
        format!("{} {a_year} -> {} {b_year}", f.esc(a), f.esc(b))
    } else {
        d.heading.clone()
    };
    let _ = writeln!(
        out,
        "{}{} - {heading}",
        if md { "# " } else { "" },
        lang.pick("前年度との比較", "Changes since last year"),
    );
    let _ = writeln!(out, "({} -> {})\n", d.old_catalog, d.new_catalog);
    let _ = writeln!(
        out,
        "{h2}{}",
        lang.pick(
            "分類別平均 (前年度 -> 今年度, 向上値)",
            "Section averages (last year -> this year, change)"
        )
    );
    if md {
        let _ = writeln!(
            out,
            "\n| | | {} | {} | {} |\n|---|---|---|---|---|",
            lang.pick("前年度", "Last"),
            lang.pick("今年度", "This"),
            lang.pick("向上値", "Change")
        );
    }
    for s in std::iter::once(&d.overall).chain(&d.majors) {
        let (old_avg, new_avg, change) = s.printed();
        if md {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                s.no,
                f.esc(&s.title),
                old_avg,
                new_avg,
                change
            );
        } else {
            let _ = writeln!(
                out,
                "  {:>2} {} -> {} ({})  {}",
                s.no, old_avg, new_avg, change, s.title
            );
        }
    }
    let scores = |i: &ItemDiff| {
        format!(
            "{:<6} {} -> {}",
            i.id,
            score(i.old_score),
            score(i.new_score)
        )
    };
    // The falls are always said (none is news too); the unanswered only when there are any.
    for (title, always, pick) in [
        (
            lang.pick(
                "3点を下回った重要点検項目",
                "Priority items that fell below 3",
            ),
            true,
            (|i: &ItemDiff| i.fell_below_target) as fn(&ItemDiff) -> bool,
        ),
        (
            lang.pick(
                "前年度3点で今年度未回答の重要点検項目",
                "Priority items at 3 last year, unanswered this year",
            ),
            false,
            |i: &ItemDiff| i.unanswered_now,
        ),
    ] {
        let listed: Vec<&ItemDiff> = d.items.iter().filter(|i| pick(i)).collect();
        if listed.is_empty() && !always {
            continue;
        }
        f.heading(&mut out, title, listed.len());
        for i in &listed {
            f.line(&mut out, &scores(i), wording(i));
        }
        if listed.is_empty() {
            let _ = writeln!(out, "  {}", lang.pick("なし", "none"));
        }
    }

    let changed: Vec<(&ItemDiff, Vec<&str>)> = d
        .items
        .iter()
        .filter_map(|i| {
            let notes: Vec<&str> = [
                (
                    i.wording_changed,
                    lang.pick("設問文変更", "wording changed"),
                ),
                (
                    i.comment_changed,
                    lang.pick("コメント変更", "comment changed"),
                ),
                (
                    i.evidence_changed,
                    lang.pick("根拠変更", "evidence changed"),
                ),
            ]
            .into_iter()
            .filter_map(|(b, s)| b.then_some(s))
            .collect();
            (i.change != Change::Same || !notes.is_empty()).then_some((i, notes))
        })
        .collect();
    f.heading(
        &mut out,
        lang.pick("変化のあった項目", "Items that changed"),
        changed.len(),
    );
    for (i, notes) in &changed {
        let head = format!(
            "{}  [{}] {}{}",
            scores(i),
            i.change.marker(),
            i.change.label(lang),
            if notes.is_empty() {
                String::new()
            } else {
                format!("; {}", notes.join(", "))
            }
        );
        f.line(&mut out, &head, wording(i));
        if i.wording_changed {
            let old = format!(
                "{:6} {}:",
                "",
                lang.pick("前年度の設問", "last year's wording")
            );
            f.line(&mut out, &old, i.old_text.as_deref().unwrap_or(""));
        }
    }
    if changed.is_empty() {
        let _ = writeln!(out, "  {}", lang.pick("なし", "none"));
    }

    let plans: Vec<&ItemDiff> = d.items.iter().filter(|i| i.plan_change.is_some()).collect();
    f.heading(
        &mut out,
        lang.pick(
            "改善計画の変化 (追加・変更・削除・前年度のまま)",
            "Improvement plans (added, changed, dropped, carried unchanged)",
        ),
        plans.len(),
    );
    for i in &plans {
        let Some(change) = i.plan_change else {
            continue;
        };
        let head = format!("{:<6} {}", i.id, change.label(lang));
        f.line(&mut out, &head, wording(i));
        let this = lang.pick("今年度", "this year");
        let last = lang.pick("前年度", "last year");
        let shown: Vec<(&str, &super::PlanText)> = match change {
            super::PlanChange::Changed => [(last, &i.old_plan), (this, &i.new_plan)]
                .into_iter()
                .filter_map(|(k, p)| p.as_ref().map(|p| (k, p)))
                .collect(),
            super::PlanChange::Dropped => i.old_plan.iter().map(|p| (last, p)).collect(),
            _ => i.new_plan.iter().map(|p| (this, p)).collect(),
        };
        for (k, p) in shown {
            f.line(&mut out, &format!("{:6} {k}:", ""), &p.line(lang));
        }
    }
    if plans.is_empty() {
        let _ = writeln!(out, "  {}", lang.pick("なし", "none"));
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::catalog::{Catalog, Edition};
    use crate::lang::Lang;
    use crate::sheet::Sheet;
    use time::macros::datetime;

    /// The Markdown title escaped the arrow between the two sheets with their names
    /// (「例市 令和7年度 -&gt; 例市 令和8年度」), the line under it showing a plain `->`: only
    /// the names, text from the files, are escaped.
    #[test]
    fn the_markdown_title_escapes_the_names_not_the_arrow() {
        let c = Catalog::builtin(Edition::Municipal);
        let t = datetime!(2026-11-25 10:00 +9);
        let old = Sheet::municipal("例<市>", 2025, t);
        let new = Sheet::municipal("例<市>", 2026, t);
        let d = crate::diff::diff(c, &old, c, &new, Lang::Ja);
        let md = super::render(&d, Lang::Ja, true);
        let title = md.lines().next().unwrap();
        assert_eq!(
            title,
            "# 前年度との比較 - 例&lt;市&gt; 令和7年度 -> 例&lt;市&gt; 令和8年度"
        );
    }
}
