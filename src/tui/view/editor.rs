//! The notes editor popup: one text area (comment, evidence) or three (plan: measure, owner,
//! due date). The text areas draw through ratatui's buffer, which drops control characters,
//! so text loaded from a file cannot send escape sequences.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::Widget;

use crate::tui::app::App;
use crate::tui::editor::{Editor, NoteKind};
use crate::tui::view::{centered, clear_popup, pane_block, truncate_cells};

pub fn draw(app: &App, editor: &Editor, body: Rect, buf: &mut Buffer) {
    let lang = app.lang();
    let theme = app.options.theme;
    let area = centered(body, body.width, 18);
    clear_popup(area, buf);
    let id = &app.catalog.item_at(app.catalog.path_at(editor.position)).id;
    let block = pane_block(theme, &format!("{} {id}", editor.kind.title(lang)), true);
    let inner = block.inner(area);
    block.render(area, buf);
    if inner.height < 2 || inner.width < 4 {
        return;
    }
    let [fields_area, footer] =
        Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(inner);
    let constraints: Vec<Constraint> = match editor.kind {
        NoteKind::Plan => vec![
            Constraint::Min(3),
            Constraint::Length(3),
            Constraint::Length(3),
        ],
        _ => vec![Constraint::Min(1)],
    };
    let rects = Layout::vertical(constraints).split(fields_area);
    for (i, (field, rect)) in editor.fields.iter().zip(rects.iter()).enumerate() {
        let active = i == editor.active;
        let mut area = field.area.clone();
        area.set_block(pane_block(theme, field.label(lang), active));
        if !active {
            area.set_cursor_style(Style::new());
        }
        area.set_cursor_line_style(Style::new());
        (&area).render(*rect, buf);
    }
    let help = match editor.kind {
        NoteKind::Plan => lang.pick(
            "Esc/Ctrl-S 記入を残して戻る  Tab 次の欄  Enter 改行 (担当・期限では次の欄)",
            "Esc/Ctrl-S keep and return  Tab next field  Enter new line (next field in owner/due)",
        ),
        _ => lang.pick(
            "Esc/Ctrl-S 記入を残して戻る  Enter 改行",
            "Esc/Ctrl-S keep and return  Enter new line",
        ),
    };
    Line::styled(truncate_cells(help, footer.width as usize), theme.dim()).render(footer, buf);
}
