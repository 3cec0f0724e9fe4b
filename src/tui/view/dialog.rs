//! Small questions over the screen: bulk answer confirmation, a locked sheet opened read-only,
//! and quitting after a failed save.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Widget;

use crate::text::{Lang, sanitize_line};
use crate::tui::app::{App, Mode};
use crate::tui::view::item::score_label;
use crate::tui::view::tree::heading_parts;
use crate::tui::view::{centered, clear_popup, pane_block, wrap_cells};

/// Title and body of the dialog for the current mode.
pub fn text(app: &App) -> Option<(String, String)> {
    let lang = app.lang();
    match &app.mode {
        Mode::ConfirmBulk {
            node,
            score,
            positions,
        } => {
            let (no, title, _) = heading_parts(app, *node);
            let label = score_label(*score, lang);
            Some(match lang {
                Lang::Ja => (
                    "まとめて回答".into(),
                    format!(
                        "{no} {title}\nの未回答 {} 件をすべて「{label}」にしますか?\n\ny: はい   n / Esc: いいえ",
                        positions.len()
                    ),
                ),
                Lang::En => (
                    "Answer all".into(),
                    format!(
                        "Answer all {} unanswered items of\n{no} {title}\nwith \"{label}\"?\n\ny: yes   n / Esc: no",
                        positions.len()
                    ),
                ),
            })
        }
        Mode::LockNotice(holder) => {
            let holder = sanitize_line(holder);
            Some(match lang {
                Lang::Ja => (
                    "使用中のシート".into(),
                    format!(
                        "このシートは他の人が編集中です:\n{holder}\n\n読み取り専用で開きました。変更は保存されません。\n\nEnter: 読み取り専用で見る   q: 終了"
                    ),
                ),
                Lang::En => (
                    "Sheet in use".into(),
                    format!(
                        "Someone else is editing this sheet:\n{holder}\n\nOpened read-only: nothing will be saved.\n\nEnter: view read-only   q: quit"
                    ),
                ),
            })
        }
        Mode::QuitUnsaved => {
            let why = sanitize_line(app.save.failure.as_deref().unwrap_or("?"));
            Some(match lang {
                Lang::Ja => (
                    "保存できません".into(),
                    format!(
                        "最後の変更を保存できませんでした:\n{why}\n\nr: 再試行   Q: 保存せずに終了   他のキー: 戻る"
                    ),
                ),
                Lang::En => (
                    "Cannot save".into(),
                    format!(
                        "The last changes could not be saved:\n{why}\n\nr: retry   Q: quit without saving   other keys: return"
                    ),
                ),
            })
        }
        _ => None,
    }
}

pub fn draw(app: &App, body: Rect, buf: &mut Buffer) {
    let Some((title, body_text)) = text(app) else {
        return;
    };
    let width = 60.min(body.width);
    let inner_w = width.saturating_sub(2) as usize;
    let lines = wrap_cells(&body_text, inner_w);
    let area = centered(body, width, lines.len() as u16 + 2);
    clear_popup(area, buf);
    let block = pane_block(app.options.theme, &title, true);
    let inner = block.inner(area);
    block.render(area, buf);
    for (i, l) in lines.into_iter().take(inner.height as usize).enumerate() {
        Line::raw(l).render(Rect::new(inner.x, inner.y + i as u16, inner.width, 1), buf);
    }
}
