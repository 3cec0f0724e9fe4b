//! One line of text drawn into a row of the buffer, cell for cell as ratatui's `Line::render`
//! draws it, but without splitting plain text into graphemes: where every character of the
//! line is a grapheme of its own and at least one cell wide (printable ASCII, Latin-1, kana,
//! kanji, the CJK and full-width punctuation: the checklist's wording and nearly every note),
//! each character is put in its cells directly, its width from `safe_text::plain_width`. Anything else (combining marks, emoji
//! sequences, Hangul jamo, the half-width sound marks ﾞﾟ, a line aligned other than left)
//! goes through ratatui. Splitting a line into graphemes was most of the cost of drawing the
//! item pane, which a cursor move draws afresh (docs/performance.md).

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::Widget;

use crate::safe_text::plain_width;

/// Draws `line` into the first row of `area` exactly as `line.render(area, buf)` would.
pub(crate) fn render_line(line: &Line<'_>, area: Rect, buf: &mut Buffer) {
    let mut width = 0u32;
    let plain = matches!(line.alignment, None | Some(Alignment::Left))
        && line.spans.iter().all(|s| {
            s.content
                .chars()
                .all(|c| plain_width(c).inspect(|w| width += u32::from(*w)).is_some())
        });
    if !plain {
        line.render(area, buf);
        return;
    }
    let area = area.intersection(buf.area);
    if area.is_empty() || width == 0 {
        return;
    }
    let row = Rect { height: 1, ..area };
    // A line without a style of its own changes no cell's style (`Buffer::set_style` would
    // still visit every cell of the row).
    if line.style != Style::default() {
        buf.set_style(row, line.style);
    }
    let (y, right) = (row.y, row.right());
    let mut x = row.x;
    // ratatui starts a span after all the cells of the one before; a span cut short has
    // reached the row's end, and nothing after it is drawn.
    'spans: for span in &line.spans {
        if x >= right {
            break;
        }
        let style = Style::default().patch(span.style);
        for c in span.content.chars() {
            let next = x.saturating_add(plain_width(c).unwrap_or(0));
            if next > right {
                break 'spans;
            }
            buf[(x, y)].set_char(c).set_style(style);
            // The cell a wide character covers is blank, as ratatui leaves it.
            for hidden in x + 1..next {
                buf[(hidden, y)].reset();
            }
            x = next;
        }
    }
}

/// Puts `text` at (`x`, `y`) in at most `max_width` cells, exactly as
/// `buf.set_stringn(x, y, text, max_width, style)` would, and returns where it ended as that
/// does.
pub(crate) fn put_str(
    buf: &mut Buffer,
    mut x: u16,
    y: u16,
    text: &str,
    max_width: usize,
    style: Style,
) -> (u16, u16) {
    if !text.chars().all(|c| plain_width(c).is_some()) {
        return buf.set_stringn(x, y, text, max_width, style);
    }
    let max_width = u16::try_from(max_width).unwrap_or(u16::MAX);
    let mut remaining = buf.area.right().saturating_sub(x).min(max_width);
    for c in text.chars() {
        let w = plain_width(c).unwrap_or(0);
        let Some(left) = remaining.checked_sub(w) else {
            break;
        };
        remaining = left;
        buf[(x, y)].set_char(c).set_style(style);
        let next = x + w;
        x += 1;
        while x < next {
            buf[(x, y)].reset();
            x += 1;
        }
    }
    (x, y)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use ratatui::style::{Color, Modifier};
    use ratatui::text::Span;

    /// Characters of every kind: plain ones and the ones that must go through ratatui
    /// (combining marks, a half-width sound mark, emoji and their joiners, Hangul jamo,
    /// controls, a character of ambiguous width outside the plain ranges).
    const ALPHABET: &[&str] = &[
        "a", " ", "~", "\u{a0}", "×", "あ", "ー", "・", "漢", "「", "。", "　", "ｱ", "ﾞ",
        "\u{3099}", "é", "e\u{301}", "😀", "\u{fe0f}", "\u{200d}", "한", "\u{1100}", "\t", "\u{7}",
        "‐", "…", "①", "\u{ad}",
    ];

    fn style() -> impl Strategy<Value = Style> {
        (0..4u8, 0..3u8, any::<bool>()).prop_map(|(fg, bg, bold)| {
            let mut s = Style::default();
            if fg > 0 {
                s = s.fg(Color::Indexed(fg));
            }
            if bg > 0 {
                s = s.bg(Color::Indexed(bg + 10));
            }
            if bold {
                s = s.add_modifier(Modifier::BOLD);
            }
            s
        })
    }

    fn span() -> impl Strategy<Value = Span<'static>> {
        (
            proptest::collection::vec(proptest::sample::select(ALPHABET), 0..12),
            style(),
        )
            .prop_map(|(parts, style)| Span::styled(parts.concat(), style))
    }

    fn line() -> impl Strategy<Value = Line<'static>> {
        (proptest::collection::vec(span(), 0..5), style(), 0..6u8).prop_map(
            |(spans, style, align)| {
                let line = Line::from(spans).style(style);
                match align {
                    1 => line.left_aligned(),
                    2 => line.centered(),
                    3 => line.right_aligned(),
                    _ => line,
                }
            },
        )
    }

    /// A buffer already holding a frame: wide characters and styles the line must overwrite
    /// or leave as ratatui does.
    fn drawn_before(width: u16) -> Buffer {
        let mut buf = Buffer::empty(Rect::new(2, 1, width, 2));
        for y in 1..3 {
            let mut x = 2;
            while x + 1 < 2 + width {
                buf[(x, y)].set_symbol("漢").set_fg(Color::Red);
                buf[(x + 1, y)].reset();
                x += 3;
            }
        }
        buf
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// Any line, any area (past the buffer's edges too): the same cells as ratatui's.
        #[test]
        fn a_line_is_drawn_as_ratatui_draws_it(
            line in line(),
            x in 0..30u16,
            y in 0..4u16,
            width in 0..40u16,
            buffer_width in 1..30u16,
        ) {
            let area = Rect::new(x, y, width, 1);
            let mut ours = drawn_before(buffer_width);
            let mut theirs = ours.clone();
            render_line(&line, area, &mut ours);
            line.render(area, &mut theirs);
            prop_assert_eq!(ours, theirs);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// Any text, anywhere (past the buffer's edges too), in any room: the same cells as
        /// `Buffer::set_stringn`, and the same place where it ended.
        #[test]
        fn a_string_is_put_as_ratatui_puts_it(
            parts in proptest::collection::vec(proptest::sample::select(ALPHABET), 0..30),
            style in style(),
            x in 2..34u16,
            y in 1..3u16,
            max_width in 0..40usize,
            buffer_width in 1..30u16,
        ) {
            let text = parts.concat();
            let mut ours = drawn_before(buffer_width);
            let mut theirs = ours.clone();
            let x = x.min(buffer_width + 2);
            let ended = put_str(&mut ours, x, y, &text, max_width, style);
            prop_assert_eq!(ended, theirs.set_stringn(x, y, &text, max_width, style));
            prop_assert_eq!(ours, theirs);
        }
    }

    /// Every character called plain is drawn as ratatui draws it, alone and between others,
    /// in a row wide enough and in one that cuts it.
    #[test]
    fn every_plain_character_is_drawn_as_ratatui_draws_it() {
        let mut plain = 0;
        for c in (0..=0xffff_u32).filter_map(char::from_u32) {
            if plain_width(c).is_none() {
                continue;
            }
            plain += 1;
            for (text, width) in [
                (format!("{c}"), 4),
                (format!("a{c}b"), 6),
                (format!("ab{c}"), 3),
            ] {
                let line = Line::from(Span::styled(text, Style::default().fg(Color::Blue)));
                let area = Rect::new(0, 0, width, 1);
                let mut ours = Buffer::empty(area);
                let mut theirs = Buffer::empty(area);
                render_line(&line, area, &mut ours);
                line.render(area, &mut theirs);
                assert_eq!(ours, theirs, "{c:?} (U+{:04X}) in width {width}", c as u32);
            }
        }
        assert!(plain > 25_000, "{plain}");
    }
}
