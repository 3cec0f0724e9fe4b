//! The bordered block every pane and popup is drawn in: ratatui's `Block` with all borders
//! (or all but the bottom), the theme's border set, a title on top and an optional one on the
//! bottom border, drawn cell for cell as `Block::render` draws it, but without its pass over
//! every cell of the area to set a style the panes never give it (a third of a cursor move's
//! drawing of the item pane), and with the titles through `view::line` (the half-width sound
//! marks in their own cells).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::symbols::border;
use ratatui::text::Line;
use ratatui::widgets::{Borders, Widget};

use crate::tui::view::line::render_line;

/// A pane's block (see the module): built by `view::pane_block`.
#[derive(Debug, Clone)]
pub(crate) struct PaneBlock {
    borders: Borders,
    set: border::Set<'static>,
    border_style: Style,
    title: Line<'static>,
    bottom: Option<Line<'static>>,
}

impl PaneBlock {
    pub(crate) fn new(
        set: border::Set<'static>,
        border_style: Style,
        title: Line<'static>,
    ) -> Self {
        PaneBlock {
            borders: Borders::ALL,
            set,
            border_style,
            title,
            bottom: None,
        }
    }

    /// The same block with only these borders.
    pub(crate) fn borders(self, borders: Borders) -> Self {
        PaneBlock { borders, ..self }
    }

    /// The same block with `line` on its bottom border.
    pub(crate) fn title_bottom(self, line: Line<'static>) -> Self {
        PaneBlock {
            bottom: Some(line),
            ..self
        }
    }

    /// The area inside the borders, as `Block::inner` (a title takes its row even where
    /// there is no border).
    pub(crate) fn inner(&self, area: Rect) -> Rect {
        let mut inner = area;
        if self.borders.contains(Borders::LEFT) {
            inner.x = inner.x.saturating_add(1).min(inner.right());
            inner.width = inner.width.saturating_sub(1);
        }
        // The title on top.
        inner.y = inner.y.saturating_add(1).min(inner.bottom());
        inner.height = inner.height.saturating_sub(1);
        if self.borders.contains(Borders::RIGHT) {
            inner.width = inner.width.saturating_sub(1);
        }
        if self.borders.contains(Borders::BOTTOM) || self.bottom.is_some() {
            inner.height = inner.height.saturating_sub(1);
        }
        inner
    }

    fn put(&self, buf: &mut Buffer, x: u16, y: u16, symbol: &str) {
        buf[(x, y)].set_symbol(symbol).set_style(self.border_style);
    }
}

impl Widget for &PaneBlock {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let area = area.intersection(buf.area);
        if area.is_empty() {
            return;
        }
        let (left, top) = (area.left(), area.top());
        let (right, bottom) = (area.right() - 1, area.bottom() - 1);
        let set = &self.set;
        // Sides, then corners over them, as ratatui draws them.
        let (width, height) = (area.width, area.height);
        let sides = [
            (
                Borders::LEFT,
                Rect::new(left, top, 1, height),
                set.vertical_left,
            ),
            (
                Borders::TOP,
                Rect::new(left, top, width, 1),
                set.horizontal_top,
            ),
            (
                Borders::RIGHT,
                Rect::new(right, top, 1, height),
                set.vertical_right,
            ),
            (
                Borders::BOTTOM,
                Rect::new(left, bottom, width, 1),
                set.horizontal_bottom,
            ),
        ];
        for (side, cells, symbol) in sides {
            if self.borders.contains(side) {
                for y in cells.top()..cells.bottom() {
                    for x in cells.left()..cells.right() {
                        self.put(buf, x, y, symbol);
                    }
                }
            }
        }
        let corners = [
            (
                Borders::RIGHT | Borders::BOTTOM,
                right,
                bottom,
                set.bottom_right,
            ),
            (Borders::RIGHT | Borders::TOP, right, top, set.top_right),
            (
                Borders::LEFT | Borders::BOTTOM,
                left,
                bottom,
                set.bottom_left,
            ),
            (Borders::LEFT | Borders::TOP, left, top, set.top_left),
        ];
        for (borders, x, y, symbol) in corners {
            if self.borders.contains(borders) {
                self.put(buf, x, y, symbol);
            }
        }
        // The titles, left-aligned between the side borders.
        let inset_left = u16::from(self.borders.contains(Borders::LEFT));
        let inset_right = u16::from(self.borders.contains(Borders::RIGHT));
        let room = area.width.saturating_sub(inset_left + inset_right);
        for (line, y) in [(Some(&self.title), top), (self.bottom.as_ref(), bottom)] {
            let Some(line) = line else { continue };
            if room == 0 {
                continue;
            }
            let width = u16::try_from(line.width()).unwrap_or(u16::MAX).min(room);
            render_line(line, Rect::new(left + inset_left, y, width, 1), buf);
        }
    }
}

impl Widget for PaneBlock {
    fn render(self, area: Rect, buf: &mut Buffer) {
        (&self).render(area, buf);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use ratatui::style::{Color, Modifier};
    use ratatui::widgets::Block;

    /// ratatui's block for the same parts.
    fn theirs(b: &PaneBlock) -> Block<'static> {
        let block = Block::new()
            .borders(b.borders)
            .border_set(b.set)
            .border_style(b.border_style)
            .title(b.title.clone());
        match &b.bottom {
            Some(line) => block.title_bottom(line.clone()),
            None => block,
        }
    }

    fn title() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            proptest::sample::select(&["点検", "a", " ", "項目 9-2", ">", "ｶ", "…", "😀"][..]),
            0..8,
        )
        .prop_map(|parts| parts.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// Any block, any area (past the buffer's edges too), over a drawn buffer: the same
        /// cells as ratatui's `Block`, and the same inner area.
        #[test]
        fn a_pane_block_is_drawn_as_ratatuis_block(
            title in title(),
            bottom in proptest::option::of(title()),
            ascii in any::<bool>(),
            bold in any::<bool>(),
            open_bottom in any::<bool>(),
            x in 0..12u16,
            y in 0..6u16,
            width in 0..30u16,
            height in 0..10u16,
        ) {
            let style = if bold {
                Style::new().add_modifier(Modifier::BOLD)
            } else {
                Style::new()
            };
            let set = if ascii { crate::tui::theme::ASCII_BORDER } else { border::PLAIN };
            let mut block = PaneBlock::new(set, style, Line::styled(title, style));
            if let Some(bottom) = bottom {
                block = block.title_bottom(Line::raw(bottom));
            }
            if open_bottom {
                block = block.borders(Borders::TOP | Borders::LEFT | Borders::RIGHT);
            }
            let area = Rect::new(x, y, width, height);
            let mut ours = Buffer::empty(Rect::new(1, 1, 20, 8));
            for (i, cell) in ours.content.iter_mut().enumerate() {
                cell.set_symbol(if i % 3 == 0 { "漢" } else { "x" }).set_fg(Color::Red);
            }
            let mut expected = ours.clone();
            (&block).render(area, &mut ours);
            theirs(&block).render(area, &mut expected);
            prop_assert_eq!(ours, expected);
            prop_assert_eq!(block.inner(area), theirs(&block).inner(area));
        }
    }
}
