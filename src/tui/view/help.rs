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
            "Marks: [3] answer / [ ] unanswered / [-] excluded, ! warning: a priority item below 3 or unanswered (with its year; a draft at 3 is no warning), * priority item, F flagged",
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
        // Keys wider than their column (less the cell that parts them from the description)
        // take a line of their own, as a manual's tag does, and the description goes below.
        let beside = cell_width(&keys) < key_w;
        if !beside {
            for l in wrap_cells(&keys, inner.width as usize) {
                lines.push(Line::styled(l, theme.heading()));
            }
        }
        for (i, l) in wrap_cells(&desc, desc_w).into_iter().enumerate() {
            let k = if i == 0 && beside {
                keys.clone()
            } else {
                String::new()
            };
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::app::tests::{demo_app, press};
    use crate::tui::app::{Mode, Options};
    use crate::tui::view::tests::buffer_rows;
    use ratatui::crossterm::event::KeyCode;
    use ratatui::style::Modifier;

    /// The demo sheet in `lang`, its help open.
    fn help_open(lang: Lang) -> App {
        let mut app = demo_app();
        app.options = Options {
            lang,
            ..app.options
        };
        press(&mut app, KeyCode::Char('?'));
        assert!(matches!(app.mode, Mode::Help { .. }));
        app
    }

    /// The rows of `area` (the help's inside) where a key column, drawn bold, runs into its
    /// description (plain) without a blank cell between: each row as shown.
    fn keys_run_into_descriptions(buf: &Buffer, area: Rect) -> Vec<String> {
        let shown = buffer_rows(buf);
        let mut out = Vec::new();
        for y in area.y..area.bottom() {
            let mut x = area.x;
            let mut after_key = false;
            while x < area.right() {
                let cell = &buf[(x, y)];
                let symbol = cell.symbol();
                let blank = symbol.trim().is_empty();
                let key = cell.modifier.contains(Modifier::BOLD);
                if !blank && !key && after_key {
                    out.push(shown[usize::from(y)].clone());
                    break;
                }
                after_key = !blank && key;
                x += cell_width(symbol).max(1) as u16;
            }
        }
        out
    }

    /// The bold text of `area`, row after row, without its spaces: the keys as shown.
    fn keys_shown(buf: &Buffer, area: Rect) -> String {
        let mut out = String::new();
        for y in area.y..area.bottom() {
            for x in area.x..area.right() {
                let cell = &buf[(x, y)];
                if cell.modifier.contains(Modifier::BOLD) {
                    out.push_str(cell.symbol());
                }
            }
        }
        out.retain(|c| !c.is_whitespace());
        out
    }

    /// At 30 columns 「g G Home End」 ran into 「先頭 / 末尾へ」 (the key column is a third of
    /// the width, and longer keys overflowed it). At every width from 20 to 120, in both
    /// languages, every key stands apart from its description by at least one cell, and
    /// every key is shown whole.
    #[test]
    fn keys_stand_apart_from_their_descriptions_at_every_width() {
        for lang in [Lang::Ja, Lang::En] {
            let app = help_open(lang);
            let keys: String = rows(lang)
                .into_iter()
                .map(|(k, _)| k)
                .collect::<String>()
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            for width in 20..=120 {
                // Tall enough for the whole help: every row is checked at once.
                let area = Rect::new(0, 0, width, 2000);
                let mut buf = Buffer::empty(area);
                draw(&app, 0, area, &mut buf);
                assert_eq!(app.scroll_reach.get().end, 0, "the whole help is shown");
                let inner = Rect::new(1, 1, width - 2, area.height - 2);
                let run = keys_run_into_descriptions(&buf, inner);
                assert!(
                    run.is_empty(),
                    "{lang:?} at width {width}: keys run into their descriptions:\n{}",
                    run.join("\n")
                );
                assert_eq!(keys_shown(&buf, inner), keys, "{lang:?} at width {width}");
            }
        }
    }

    /// The sizes where it was seen, 30×12 and 30×24, on the whole screen, page after page;
    /// and nothing breaks at tiny sizes.
    #[test]
    fn keys_stand_apart_on_the_screen_at_30_columns_and_tiny_sizes_draw() {
        for lang in [Lang::Ja, Lang::En] {
            for height in [12, 24] {
                let mut app = help_open(lang);
                let area = Rect::new(0, 0, 30, height);
                let mut last = Vec::new();
                for _ in 0..1000 {
                    let mut buf = Buffer::empty(area);
                    super::super::draw(&app, area, &mut buf);
                    let shown = buffer_rows(&buf);
                    if shown == last {
                        break;
                    }
                    // The help's rows: between its side borders, below the title line.
                    let first = (0..height).find(|&y| buf[(0, y)].symbol() == "│").unwrap();
                    let last_row = (0..height).rfind(|&y| buf[(0, y)].symbol() == "│").unwrap();
                    let inside = Rect::new(1, first, 28, last_row + 1 - first);
                    let run = keys_run_into_descriptions(&buf, inside);
                    assert!(
                        run.is_empty(),
                        "{lang:?} at 30×{height}: keys run into their descriptions:\n{}",
                        run.join("\n")
                    );
                    last = shown;
                    press(&mut app, KeyCode::PageDown);
                }
                assert!(
                    matches!(app.mode, Mode::Help { scroll } if scroll > 0),
                    "paged through"
                );
            }
            let app = help_open(lang);
            for width in 0..30 {
                for height in 0..14 {
                    let area = Rect::new(0, 0, width, height);
                    let mut buf = Buffer::empty(area);
                    super::super::draw(&app, area, &mut buf);
                    draw(&app, 0, area, &mut buf);
                }
            }
        }
    }
}
