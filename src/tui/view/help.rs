//! The help screen (`?`), generated from every key table (`keymap::TABLES`).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::lang::Lang;
use crate::tui::app::App;
use crate::tui::keymap::TABLES;
use crate::tui::view::{cell_width, clear_popup, wrap_cells};

/// The help text as (keys, description) rows plus notes.
pub(crate) fn rows(lang: Lang) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    // The main screen's keys, then those of the editors, forms, prompts and dialogs.
    for table in TABLES {
        if let Some(name) = table.title(lang) {
            out.push((String::new(), String::new()));
            out.push((String::new(), format!("[{name}]")));
        }
        out.extend(table.help_rows(lang));
    }
    out.push((String::new(), String::new()));
    let notes: &[(&str, &str)] = &[
        (
            "表示: [3] 回答 / [ ] 未回答 / [-] 対象外、! 警告: 3点未満か未回答の重要点検項目 (年度つき。3 の下書きは警告になりません)、* 重要点検項目、F 付箋",
            "Marks: [3] answer / [ ] unanswered / [-] not applicable, ! warning: a priority item below 3 or unanswered (with its year; a draft at 3 is no warning), * priority item, F flagged",
        ),
        (
            "前年 (--previous か V): 点検項目欄の [回答] の後に前年の点数と変化 (+ 向上 / - 低下 / = 同じ / ~ 0 との変更 / * 新たに回答 / ? 今年未回答 / new 新設項目)、見出しの (2.800) は前年の平均。[3?] は前年から取り込んだ下書きで、Enter で確定するまで集計されません。廃止項目は R で一覧できます。前年のシートは読むだけで、書き込みもロックもしません。",
            "Last year (--previous or V): after the [answer] in the checklist, last year's score and the change (+ improved / - worse / = same / ~ changed to or from 0 / * newly answered / ? not answered yet / new item); (2.800) on a heading is last year's average. [3?] is a draft taken from last year, counted only once Enter confirms it. R lists the removed items. Last year's sheet is only read, never written or locked.",
        ),
        (
            "回答はすぐに保存されます。保存の状態はタイトル行の右端に出ます。",
            "Answers are saved at once; the title line shows the save state on the right.",
        ),
    ];
    for (ja, en) in notes {
        out.push((String::new(), lang.pick(ja, en).to_string()));
    }
    out
}

pub(crate) fn draw(app: &App, scroll: u16, area: Rect, buf: &mut Buffer) {
    let lang = app.lang();
    let theme = app.options.theme;
    // Last: what the terminal was found to do with ambiguous-width characters, and how to
    // change it.
    let mut rows = rows(lang);
    rows.push((String::new(), theme.ambiguous.describe(lang)));
    clear_popup(area, area, buf);
    let block = super::scroll_block(theme, lang.pick("ヘルプ", "Help"), lang, area.width);
    let inner = block.inner(area);
    block.render(area, buf);
    if inner.width < 4 || inner.height == 0 {
        return;
    }
    let key_w = rows.iter().map(|(k, _)| cell_width(k)).max().unwrap_or(0) + 2;
    let key_w = key_w.min(inner.width as usize / 3);
    let desc_w = inner.width as usize - key_w;
    let mut lines: Vec<Line> = Vec::new();
    for (keys, desc) in rows {
        if keys.is_empty() {
            for l in wrap_cells(&desc, inner.width as usize) {
                lines.push(Line::raw(l));
            }
            continue;
        }
        for (i, l) in wrap_cells(&desc, desc_w).into_iter().enumerate() {
            let k = if i == 0 { keys.clone() } else { String::new() };
            let pad = " ".repeat(key_w.saturating_sub(cell_width(&k)));
            lines.push(Line::from(vec![
                Span::styled(k, theme.heading()),
                Span::raw(pad),
                Span::styled(l, Style::new()),
            ]));
        }
    }
    app.scroll_reach
        .set(super::render_scrolled(lines, scroll, inner, buf));
}
