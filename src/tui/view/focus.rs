//! The focus view (`z`), for meetings where others watch the screen: only the current item
//! under its headings and its 管理目標, its wording in bold and wrapped with room around it,
//! the four choices with their meanings (left out when the notes need the rows), the comment, evidence and improvement plan, and
//! the national averages. Also the reduced layout of terminals below 80×24. In both, a text
//! taller than the view scrolls with PgDn/PgUp, said on its frame.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Widget;

use crate::tui::app::{App, Mode, Pane};
use crate::tui::outline::Node;
use crate::tui::view::item::{heading_lines, item_lines_fitting, push_wrapped};
use crate::tui::view::line::{put_str, render_line};
use crate::tui::view::tree::heading_parts;
use crate::tui::view::{pane_block, scores, truncate_cells, wrap_cells};

pub(crate) fn draw(app: &App, area: Rect, buf: &mut Buffer, reduced: bool) {
    let lang = app.lang();
    let theme = app.options.theme;
    // The reduced layout hides the tree: its frame says what j and k do now (after Tab they
    // scroll the item's text, as in the item pane).
    let title = if reduced && app.pane == Pane::Item {
        lang.pick(
            "縮小表示 j k: 本文 (80x24 以上で全体表示)",
            "reduced view, j k: text (80x24 shows everything)",
        )
    } else if reduced {
        lang.pick(
            "縮小表示 j k: 項目 (80x24 以上で全体表示)",
            "reduced view, j k: items (80x24 shows everything)",
        )
    } else {
        lang.pick(
            "拡大表示 (z / Esc で戻る、Z 倍角文字)",
            "focus view (z / Esc returns, Z double size)",
        )
    };
    // The enlarged wording takes the top rows, outside the frame.
    let enlarged = enlarged(app, area).filter(|_| !reduced);
    let area = match &enlarged {
        Some(e) => {
            e.draw(app, area, buf);
            Rect {
                y: area.y + e.height(),
                height: area.height - e.height(),
                ..area
            }
        }
        None => area,
    };
    // Cut with its mark where the frame is narrower (the frame's corners, the focus mark `>`
    // and the space after a title take four cells).
    let title = truncate_cells(title, usize::from(area.width.saturating_sub(4)));
    let block = pane_block(theme, &title, true);
    let inner = block.inner(area);
    if inner.width < 2 || inner.height < 2 {
        block.render(area, buf);
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
    let height = text_area.height as usize;
    let lines = match app.cursor {
        Node::Item(p) => {
            // The reduced layout of a small terminal has no rows to spare for them.
            let (headings, goal) = if reduced {
                Default::default()
            } else {
                context_lines(app, p, width)
            };
            let room = height.saturating_sub(headings.len() + goal.len());
            let item = item_lines_fitting(app, p, width, room, enlarged.is_none());
            // Where the item needs the rows, the headings give way; the 管理目標 stays.
            let mut lines = if item.len() > room {
                Vec::new()
            } else {
                headings
            };
            lines.extend(goal);
            lines.extend(item);
            lines
        }
        node => heading_lines(app, node, width),
    };
    // A text that does not fit says how to see the rest, on the frame below it.
    let block = if lines.len() > height {
        let hint = lang.pick("PgDn/PgUp: 本文の続き", "PgDn/PgUp: more of the text");
        super::with_bottom_hint(block, hint, area.width)
    } else {
        block
    };
    block.render(area, buf);
    let reach = super::render_scrolled(lines, app.item_scroll, text_area, buf);
    app.item_reach.set(reach);
    let (main, warn) = scores::summary(app, inner.width as usize);
    render_line(
        &Line::styled(
            truncate_cells(&format!("{main}{warn}"), inner.width as usize),
            theme.heading(),
        ),
        Rect::new(inner.x, inner.bottom() - 1, inner.width, 1),
        buf,
    );
}

/// The focus view's wording enlarged with DEC double-height lines (`Z`, #21.5): the id and
/// the wording wrapped at half the width — the terminal draws each character twice as wide
/// and twice as high, the top halves on one row (`ESC # 3`), the bottom halves on the next
/// (`ESC # 4`), so each line is written on both. They sit at the top of the body, outside the
/// frame: a border on a double-size row would be drawn doubled and its right end lost.
pub(crate) struct Enlarged {
    top: u16,
    lines: Vec<String>,
}

/// The rows the pane keeps below the enlarged lines, and the most lines enlarged.
const PANE_ROWS: u16 = 14;
const MOST_LINES: usize = 4;

impl Enlarged {
    /// The double-size rows and their line attributes (3 top half, 4 bottom half).
    pub(crate) fn rows(&self) -> Vec<(u16, u8)> {
        (0..self.height())
            .map(|i| (self.top + i, if i % 2 == 0 { 3 } else { 4 }))
            .collect()
    }

    fn height(&self) -> u16 {
        2 * self.lines.len() as u16
    }

    /// Each line on both rows of its pair, one double cell in from the left; the rest of
    /// those rows stays blank (the terminal shows only their left half).
    fn draw(&self, app: &App, area: Rect, buf: &mut Buffer) {
        let style = app.options.theme.heading();
        for (i, line) in self.lines.iter().enumerate() {
            for half in 0..2 {
                let y = self.top + 2 * i as u16 + half;
                put_str(buf, area.x + 1, y, line, usize::from(area.width / 2), style);
            }
        }
    }
}

/// The enlarged wording when it is asked for (`Z`) and fits in `body` with room for the pane
/// below; `None` otherwise (then nothing is drawn double).
pub(crate) fn enlarged(app: &App, body: Rect) -> Option<Enlarged> {
    let wanted =
        app.focus_view && app.large_text && matches!(app.mode, Mode::Normal | Mode::Prompt { .. });
    let Node::Item(p) = app.cursor else {
        return None;
    };
    // Half the width less a double cell each side.
    let width = usize::from(body.width / 2).saturating_sub(2);
    if !wanted || width < 10 {
        return None;
    }
    let item = app.catalog.item_at(app.catalog.path_at(p));
    let text = format!("{} {}", item.id, app.catalog.item_text(item, app.lang()));
    let lines = wrap_cells(&text, width);
    let e = Enlarged { top: body.y, lines };
    (e.lines.len() <= MOST_LINES && body.height >= e.height() + PANE_ROWS).then_some(e)
}

/// Where the item sits, above it (#21.5): its headings (大分類 > 中分類 > 小分類), dimmed;
/// then its 管理目標, which tells apart items worded alike (23-1, 25-1 and 27-2), and a blank
/// line.
fn context_lines(app: &App, p: usize, width: usize) -> (Vec<Line<'static>>, Vec<Line<'static>>) {
    let theme = app.options.theme;
    let path = app.catalog.path_at(p);
    let (a, b, c) = (path.major, path.middle, path.minor);
    let named = |node: Node| {
        let (no, title, _) = heading_parts(app, node);
        format!("{no} {title}")
    };
    let headings = [Node::Major(a), Node::Middle(a, b), Node::Minor(a, b, c)]
        .map(named)
        .join(" > ");
    let mut above = Vec::new();
    push_wrapped(&mut above, &headings, width, theme.dim());
    let mut goal = Vec::new();
    push_wrapped(
        &mut goal,
        &named(Node::Goal(a, b, c, path.goal)),
        width,
        theme.heading(),
    );
    goal.push(Line::default());
    (above, goal)
}

#[cfg(test)]
mod tests {
    use crate::catalog::heading_text;
    use crate::lang::Lang;
    use crate::tui::app::tests::{demo_app, press, type_str};
    use ratatui::buffer::Buffer;
    use ratatui::crossterm::event::KeyCode;
    use ratatui::layout::Rect;

    /// #21.5: the focus view dropped the context: 23-1, 25-1 and 27-2 read alike without
    /// their 管理目標. It shows the goal's wording and, where the rows allow, the headings.
    #[test]
    fn the_focus_view_shows_the_goal_and_the_headings() {
        for (id, w, h) in [("23-1", 80, 24), ("25-1", 80, 24), ("27-2", 120, 40)] {
            let mut app = demo_app();
            type_str(&mut app, &format!(":{id}"));
            press(&mut app, KeyCode::Enter);
            press(&mut app, KeyCode::Char('z'));
            let area = Rect::new(0, 0, w, h);
            let mut buf = Buffer::empty(area);
            crate::tui::view::draw(&app, area, &mut buf);
            let screen = crate::tui::view::tests::buffer_text(&buf);
            let path = app.catalog.path(id).unwrap();
            let goal = app.catalog.goal_at(path);
            let head: String = heading_text(&goal.title, &goal.en, Lang::Ja)
                .chars()
                .take(12)
                .collect();
            assert!(screen.contains(&head), "{id}: {head} missing\n{screen}");
            let major = &app.catalog.majors[path.major];
            let major: String = heading_text(&major.title, &major.en, Lang::Ja)
                .chars()
                .take(6)
                .collect();
            assert!(screen.contains(&major), "{id}: {major} missing\n{screen}");
        }
    }
}
