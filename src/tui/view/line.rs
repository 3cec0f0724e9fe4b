//! Text drawn into a row of the buffer, cell for cell as ratatui's `Line::render` and
//! `Buffer::set_stringn` draw it, with two differences. Every view draws text through here.
//!
//! - Plain text is not split into graphemes: where every character is one of
//!   `safe_text::plain_width` (printable ASCII, Latin-1, kana, kanji, the CJK and full-width
//!   punctuation, half-width katakana: the checklist's wording and nearly every note), each
//!   character is put in its cells directly. Splitting a line into graphemes was most of the
//!   cost of drawing the item pane, which a cursor move draws afresh (docs/performance.md).
//!   Other text goes through ratatui, and a line aligned other than left always does.
//! - The half-width sound marks ﾞ and ﾟ take a cell of their own, as every terminal draws
//!   them (xterm, tmux, glibc's `wcwidth`; unicode-width from 0.2.3). ratatui 0.30 adds a
//!   cell for each to what unicode-width already counts and draws ｶﾞ in three cells: the row
//!   showed a gap, lost its end and kept stray glyphs of the frame before. Text with a mark
//!   that is not all plain is split here as ratatui splits it ([`pieces`]), each piece in
//!   [`grapheme_cells`]; the frame's diff (`term::screen`) counts cells the same way.

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;
use unicode_segmentation::UnicodeSegmentation;

use crate::safe_text::{cell_width, plain_width};

/// The cells a grapheme takes on a terminal: ratatui's `CellWidth` (one for a single byte,
/// else unicode-width's count, a plain text's from `safe_text`'s table) without its second
/// count of ﾞ and ﾟ.
pub(crate) fn grapheme_cells(grapheme: &str) -> u16 {
    if grapheme.len() == 1 {
        // ASCII, most of a screen's cells.
        1
    } else {
        u16::try_from(cell_width(grapheme)).unwrap_or(u16::MAX)
    }
}

/// Draws `line` into the first row of `area` as `line.render(area, buf)` would, but for the
/// sound marks ﾞﾟ of a left-aligned line, each in a cell of its own (see the module).
pub(crate) fn render_line(line: &Line<'_>, area: Rect, buf: &mut Buffer) {
    let mut width = 0u32;
    let plain = matches!(line.alignment, None | Some(Alignment::Left))
        && line.spans.iter().all(|s| {
            s.content
                .chars()
                .all(|c| plain_width(c).inspect(|w| width += u32::from(*w)).is_some())
        });
    if !plain {
        if matches!(line.alignment, None | Some(Alignment::Left)) {
            render_graphemes(line, area, buf);
        } else {
            line.render(area, buf);
        }
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

/// [`render_line`] of a left-aligned line of any text, as ratatui's `Line::render` draws it
/// (a span starts after the cells unicode-width gives the spans before it) but for a span with
/// ﾞ or ﾟ in it, which [`render_span`] draws.
fn render_graphemes(line: &Line<'_>, area: Rect, buf: &mut Buffer) {
    let area = area.intersection(buf.area);
    if area.is_empty() || line.width() == 0 {
        return;
    }
    let mut area = Rect { height: 1, ..area };
    buf.set_style(area, line.style);
    for span in line.spans.iter().filter(|s| s.width() > 0) {
        if area.is_empty() {
            break;
        }
        if span.content.contains(is_sound_mark) {
            render_span(span, area, buf);
        } else {
            span.render(area, buf);
        }
        let indent = u16::try_from(span.width())
            .unwrap_or(u16::MAX)
            .min(area.width);
        area = Rect {
            x: area.x + indent,
            width: area.width - indent,
            ..area
        };
    }
}

/// The half-width sound marks ﾞ and ﾟ, which ratatui counts twice.
fn is_sound_mark(c: char) -> bool {
    matches!(c, '\u{ff9e}' | '\u{ff9f}')
}

/// The graphemes of `text` as ratatui splits it, but each sound mark (with what extends it)
/// apart from the grapheme it extends: terminals draw it in a cell of its own, as the plain
/// path does. The text is split again from the mark, as if it began there: what Unicode
/// joined only through the grapheme before (an emoji after the mark and a zero-width joiner,
/// `ExtPict Extend ZWJ × ExtPict`) is a grapheme of its own, as after a letter in the
/// mark's place.
fn pieces(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        let grapheme = rest.graphemes(true).next()?;
        let cut = grapheme
            .char_indices()
            .skip(1)
            .find(|&(_, c)| is_sound_mark(c))
            .map_or(grapheme.len(), |(i, _)| i);
        let (piece, after) = rest.split_at(cut);
        rest = after;
        Some(piece)
    })
}

/// ratatui's `Span::render`, each grapheme in [`grapheme_cells`] (a grapheme of no width
/// joins the cell before it), the sound marks apart ([`pieces`]).
fn render_span(span: &Span<'_>, area: Rect, buf: &mut Buffer) {
    let area = area.intersection(buf.area);
    let Rect { mut x, y, .. } = area;
    let style = Style::default().patch(span.style);
    let graphemes = pieces(&span.content).filter(|g| !g.contains(char::is_control));
    // Whether the cell before `x` is one a wide grapheme hid (reset, so without a symbol: a
    // grapheme joining it is its whole symbol).
    let mut hidden_before = false;
    for (i, symbol) in graphemes.enumerate() {
        let cells = grapheme_cells(symbol);
        let next = x.saturating_add(cells);
        if next > area.right() {
            break;
        }
        if i > 0 && (x == area.x || cells == 0) {
            let cell = &mut buf[(if x == area.x { x } else { x - 1 }, y)];
            if x > area.x && hidden_before {
                cell.set_symbol(symbol).set_style(style);
            } else {
                let joined = format!("{}{symbol}", cell.symbol());
                cell.set_symbol(&joined).set_style(style);
            }
        } else {
            buf[(x, y)].set_symbol(symbol).set_style(style);
        }
        hidden_before = cells > 1;
        for hidden in x + 1..next {
            buf[(hidden, y)].reset();
        }
        x = next;
    }
}

/// Puts `text` at (`x`, `y`) in at most `max_width` cells as
/// `buf.set_stringn(x, y, text, max_width, style)` would, but for the sound marks ﾞﾟ, each
/// in a cell of its own (see the module), and returns where it ended as that does.
pub(crate) fn put_str(
    buf: &mut Buffer,
    x: u16,
    y: u16,
    text: &str,
    max_width: usize,
    style: Style,
) -> (u16, u16) {
    let max_width = u16::try_from(max_width).unwrap_or(u16::MAX);
    if !text.chars().all(|c| plain_width(c).is_some()) {
        if !text.contains(is_sound_mark) {
            return buf.set_stringn(x, y, text, usize::from(max_width), style);
        }
        // ratatui's `Buffer::set_stringn`, each grapheme in `grapheme_cells`, the sound
        // marks apart.
        let graphemes = pieces(text)
            .filter(|g| !g.contains(char::is_control))
            .map(|g| (g, grapheme_cells(g)))
            .filter(|&(_, w)| w > 0);
        return put_cells(buf, x, y, graphemes, max_width, style);
    }
    let chars = text
        .char_indices()
        .map(|(i, c)| (&text[i..i + c.len_utf8()], plain_width(c).unwrap_or(0)));
    put_cells(buf, x, y, chars, max_width, style)
}

/// Puts each symbol in its cells from (`x`, `y`) while they fit in `max_width` and the
/// buffer, the cells a wide one covers reset, as `Buffer::set_stringn` does; returns where
/// it ended.
fn put_cells<'t>(
    buf: &mut Buffer,
    mut x: u16,
    y: u16,
    symbols: impl Iterator<Item = (&'t str, u16)>,
    max_width: u16,
    style: Style,
) -> (u16, u16) {
    let mut remaining = buf.area.right().saturating_sub(x).min(max_width);
    for (symbol, w) in symbols {
        let Some(left) = remaining.checked_sub(w) else {
            break;
        };
        remaining = left;
        buf[(x, y)].set_symbol(symbol).set_style(style);
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

    /// Characters of every kind: plain ones and the ones that must be split into graphemes
    /// (combining marks, emoji and their joiners, Hangul jamo, controls, a character of
    /// ambiguous width outside the plain ranges), and the half-width sound marks.
    const ALPHABET: &[&str] = &[
        "a", " ", "~", "\u{a0}", "×", "あ", "ー", "・", "漢", "「", "。", "　", "ｱ", "ﾞ", "ﾟ",
        "\u{3099}", "é", "e\u{301}", "😀", "\u{fe0f}", "\u{200d}", "한", "\u{1100}", "\t", "\u{7}",
        "‐", "…", "①", "\u{ad}",
    ];

    /// The oracle for the sound marks ﾞ and ﾟ, which ratatui draws in one cell too many: the
    /// text with ｷ and ｸ (plain letters of one cell, not in [`ALPHABET`]) in their place,
    /// drawn by ratatui, then the marks put back in the cells. A mark extends the grapheme
    /// before it, a letter does not; tenken draws a mark in a cell of its own as terminals
    /// do, which is where ratatui puts the letter.
    fn stand_in(text: &str) -> String {
        text.replace('ﾞ', "ｷ").replace('ﾟ', "ｸ")
    }

    fn marks_back(buf: &mut Buffer) {
        for cell in &mut buf.content {
            if cell.symbol().contains(['ｷ', 'ｸ']) {
                let symbol = cell.symbol().replace('ｷ', "ﾞ").replace('ｸ', "ﾟ");
                cell.set_symbol(&symbol);
            }
        }
    }

    /// `line.render` of [`stand_in`]'s line, the marks put back; a line aligned other than
    /// left is drawn by ratatui as it is (`render_line` hands it over whole).
    fn ratatui_line(line: &Line<'_>, area: Rect, buf: &mut Buffer) {
        if !matches!(line.alignment, None | Some(Alignment::Left)) {
            line.render(area, buf);
            return;
        }
        let spans: Vec<Span> = line
            .spans
            .iter()
            .map(|s| Span::styled(stand_in(&s.content), s.style))
            .collect();
        let line = Line {
            spans,
            ..line.clone()
        };
        line.render(area, buf);
        marks_back(buf);
    }

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
        /// Any line, any area (past the buffer's edges too): the same cells as ratatui's
        /// (the sound marks in cells of their own, [`stand_in`]).
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
            ratatui_line(&line, area, &mut theirs);
            prop_assert_eq!(ours, theirs);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// Any text, anywhere (past the buffer's edges too), in any room: the same cells as
        /// `Buffer::set_stringn`, and the same place where it ended (the sound marks in
        /// cells of their own, [`stand_in`]).
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
            prop_assert_eq!(ended, theirs.set_stringn(x, y, stand_in(&text), max_width, style));
            marks_back(&mut theirs);
            prop_assert_eq!(ours, theirs);
        }
    }

    /// A sound mark that joins an emoji's grapheme, followed by a zero-width joiner and an
    /// emoji (one grapheme as Unicode counts, `ExtPict Extend ZWJ × ExtPict`): set apart,
    /// the mark starts a grapheme of its own, the joiner joins it and the second emoji is
    /// apart, as after a letter in its place and as terminals draw it (a random case of
    /// `a_string_is_put_as_ratatui_puts_it` that failed in CI).
    #[test]
    fn a_mark_set_apart_does_not_take_the_emoji_after_its_joiner() {
        let text = "😀ﾞ\u{200d}😀";
        for (x, max_width, buffer_width) in [(2, 3, 3), (2, 9, 9), (3, 4, 8)] {
            let mut ours = drawn_before(buffer_width);
            let mut theirs = ours.clone();
            let ended = put_str(&mut ours, x, 1, text, max_width, Style::new());
            let expected = theirs.set_stringn(x, 1, stand_in(text), max_width, Style::new());
            assert_eq!(ended, expected, "at {x}, in {max_width} of {buffer_width}");
            marks_back(&mut theirs);
            assert_eq!(ours, theirs, "at {x}, in {max_width} of {buffer_width}");
            let line = Line::from(text);
            let area = Rect::new(x, 2, max_width as u16, 1);
            let mut ours = drawn_before(buffer_width);
            let mut theirs = ours.clone();
            render_line(&line, area, &mut ours);
            ratatui_line(&line, area, &mut theirs);
            assert_eq!(
                ours, theirs,
                "a line at {x}, {max_width} wide, of {buffer_width}"
            );
        }
    }

    /// Every character called plain is drawn as ratatui draws it, alone and between others,
    /// in a row wide enough and in one that cuts it (the sound marks in cells of their own,
    /// [`stand_in`]).
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
                if is_sound_mark(c) {
                    ratatui_line(&line, area, &mut theirs);
                } else {
                    line.render(area, &mut theirs);
                }
                assert_eq!(ours, theirs, "{c:?} (U+{:04X}) in width {width}", c as u32);
            }
        }
        assert!(plain > 25_000, "{plain}");
    }
}
