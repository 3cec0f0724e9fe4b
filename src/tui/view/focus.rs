//! The focus view (`z`), for meetings where others watch the screen: only the current item,
//! its wording in bold and wrapped with room around it, the four choices with their meanings
//! (left out when the notes need the rows), the comment, evidence and improvement plan, and
//! the national averages. Also the reduced layout of terminals below 80×24.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Widget;

use crate::tui::app::App;
use crate::tui::outline::Node;
use crate::tui::view::item::{heading_lines, item_lines_fitting};
use crate::tui::view::{pane_block, scores, truncate_cells};

pub(crate) fn draw(app: &App, area: Rect, buf: &mut Buffer, reduced: bool) {
    let lang = app.lang();
    let theme = app.options.theme;
    let title = if reduced {
        lang.pick(
            "縮小表示 (80x24 以上で全体表示)",
            "reduced view (80x24 shows everything)",
        )
    } else {
        lang.pick("拡大表示 (z / Esc で戻る)", "focus view (z / Esc returns)")
    };
    let block = pane_block(theme, title, true);
    let inner = block.inner(area);
    block.render(area, buf);
    if inner.width < 2 || inner.height < 2 {
        return;
    }
    // Margins when there is room, so the text reads like a slide.
    let margin = if inner.width >= 60 { 4 } else { 0 };
    let text_area = Rect::new(
        inner.x + margin,
        inner.y,
        inner.width - 2 * margin,
        inner.height - 1,
    );
    let width = text_area.width as usize;
    let lines = match app.cursor {
        Node::Item(p) => item_lines_fitting(app, p, width, text_area.height as usize),
        node => heading_lines(app, node, width),
    };
    super::render_scrolled(lines, app.item_scroll, text_area, buf);
    let (main, warn) = scores::summary(app, inner.width as usize);
    Line::styled(
        truncate_cells(&format!("{main}{warn}"), inner.width as usize),
        theme.heading(),
    )
    .render(Rect::new(inner.x, inner.bottom() - 1, inner.width, 1), buf);
}
