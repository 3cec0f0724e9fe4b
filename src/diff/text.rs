//! Last year against this year as text and Markdown. One file for both: they print the same
//! sections (section averages, priority items that fell, items that changed) in the same
//! order and differ only in mark-up.

use std::fmt::Write as _;

use super::{Change, SheetDiff};
use crate::lang::Lang;

/// A score, or 「-」 where there is none.
pub(super) fn score(s: Option<u8>) -> String {
    s.map_or_else(|| "-".into(), |s| s.to_string())
}

/// Markdown (`md = true`) or plain text.
pub(super) fn render(d: &SheetDiff, lang: Lang, md: bool) -> String {
    // Text from files: in Markdown as text, never mark-up (the model has sanitized it).
    let esc = |s: &str| {
        if md {
            crate::output::markdown::text(s)
        } else {
            s.to_string()
        }
    };
    let heading = esc(&d.heading);
    let mut out = String::new();
    let h2 = if md { "## " } else { "" };
    let _ = writeln!(
        out,
        "{}{} - {}",
        if md { "# " } else { "" },
        lang.pick("前年度との比較", "Changes since last year"),
        heading
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
                esc(&s.title),
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
    let fell: Vec<&str> = d
        .items
        .iter()
        .filter(|i| i.fell_below_target)
        .map(|i| i.id.as_str())
        .collect();
    let _ = writeln!(
        out,
        "\n{h2}{} ({}): {}",
        lang.pick(
            "3点を下回った重要点検項目",
            "Priority items that fell below 3"
        ),
        fell.len(),
        if fell.is_empty() {
            "-".to_string()
        } else {
            fell.join(", ")
        }
    );
    let open: Vec<&str> = d
        .items
        .iter()
        .filter(|i| i.unanswered_now)
        .map(|i| i.id.as_str())
        .collect();
    if !open.is_empty() {
        let _ = writeln!(
            out,
            "\n{h2}{} ({}): {}",
            lang.pick(
                "前年度3点で今年度未回答の重要点検項目",
                "Priority items at 3 last year, unanswered this year"
            ),
            open.len(),
            open.join(", ")
        );
    }
    let _ = writeln!(
        out,
        "\n{h2}{}",
        lang.pick("変化のあった項目", "Items that changed")
    );
    let mut any = false;
    for i in &d.items {
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
        if i.change == Change::Same && notes.is_empty() {
            continue;
        }
        any = true;
        let _ = writeln!(
            out,
            "{}{:<6} {} -> {}  [{}] {}{}",
            if md { "- " } else { "  " },
            i.id,
            score(i.old_score),
            score(i.new_score),
            i.change.marker(),
            i.change.label(lang),
            if notes.is_empty() {
                String::new()
            } else {
                format!("; {}", notes.join(", "))
            }
        );
        if i.wording_changed {
            let _ = writeln!(
                out,
                "{}{}: {}",
                if md { "  - " } else { "         " },
                lang.pick("前年度", "last year"),
                esc(i.old_text.as_deref().unwrap_or(""))
            );
            let _ = writeln!(
                out,
                "{}{}: {}",
                if md { "  - " } else { "         " },
                lang.pick("今年度", "this year"),
                esc(i.new_text.as_deref().unwrap_or(""))
            );
        }
    }
    if !any {
        let _ = writeln!(out, "  {}", lang.pick("なし", "none"));
    }
    out
}
