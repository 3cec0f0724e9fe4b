//! The interview's frames: what the terminal shows is kept, each frame draws only the panes
//! that changed (`view::draw_changed`) and compares only the rows and columns drawn with
//! what is shown, then sends the difference through the backend — the same bytes ratatui's
//! `Terminal::draw` would send, at a fraction of the work (it blanks, draws and compares
//! every cell of the screen on every frame).

use std::io::{self, Write};

use ratatui::backend::{Backend, ClearType};
use ratatui::buffer::{Buffer, Cell, CellDiffOption, CellWidth};
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier};

use crate::tui::app::App;
use crate::tui::term::backend::LeanBackend;
use crate::tui::view::{self, memo::Memo};

/// The frames of one interview.
#[derive(Debug, Default)]
pub struct Screen {
    /// What the terminal shows.
    shown: Buffer,
    /// The frame being drawn. The two are swapped after each frame, as ratatui does, so at
    /// the start of a frame `next` holds the frame before last: it differs from `shown` only
    /// where the last frame drew (`stale`), and what this frame does not draw again there is
    /// copied from `shown` before comparing.
    next: Buffer,
    stale: Vec<(u16, u16)>,
    memo: Memo,
    /// The rows the terminal draws double size (`view::double_size_rows`); `None` when not
    /// known (the terminal was cleared by someone else).
    line_sizes: Option<Vec<(u16, u8)>>,
}

impl Screen {
    /// The terminal shows something else now (it was cleared, or another program had it):
    /// the next frame is drawn and sent whole.
    pub(crate) fn forget(&mut self) {
        self.shown = Buffer::default();
        self.next = Buffer::default();
        self.memo.forget();
        self.line_sizes = None;
    }

    /// What the terminal shows.
    pub fn shown(&self) -> &Buffer {
        &self.shown
    }

    /// Draws `app` and sends what changed.
    pub fn draw<W: Write>(&mut self, app: &App, backend: &mut LeanBackend<W>) -> io::Result<()> {
        let size = backend.size()?;
        let area = Rect::new(0, 0, size.width, size.height);
        if area != self.shown.area {
            if self.shown.area != Rect::default() {
                // As ratatui does on a resize: clear, and compare with a blank screen.
                backend.clear_region(ClearType::All)?;
                // Clearing the screen puts every line back to single size (VT100, xterm).
                self.line_sizes = Some(Vec::new());
            }
            self.shown = Buffer::empty(area);
            self.next = Buffer::empty(area);
            self.stale.clear();
            self.memo.forget();
        }
        let sizes = view::double_size_rows(app, area);
        if self.line_sizes.is_none() && sizes.is_empty() {
            // Nothing double size known or wanted: the frame is drawn as it is.
            self.line_sizes = Some(sizes);
        } else if self.line_sizes.as_ref() != Some(&sizes) {
            // Rows change size: the old ones back to single size, the screen cleared, the new
            // sizes set, and the frame sent whole into them.
            let old: Vec<(u16, u8)> = self
                .line_sizes
                .iter()
                .flatten()
                .map(|&(y, _)| (y, 5))
                .collect();
            backend.set_line_sizes(&old)?;
            backend.clear_region(ClearType::All)?;
            backend.set_line_sizes(&sizes)?;
            self.shown = Buffer::empty(area);
            self.next = Buffer::empty(area);
            self.stale.clear();
            self.memo.forget();
            self.line_sizes = Some(sizes);
        }
        let cursor = view::draw_changed(app, area, &mut self.next, &mut self.memo);
        let damage = self.memo.damage();
        // What the last frame drew and this one did not: as shown.
        let mut drawn: Vec<(u16, u16)> = Vec::new();
        for (y, &(start, end)) in self.stale.iter().enumerate() {
            if start >= end {
                continue;
            }
            drawn.clear();
            drawn.extend(
                self.memo
                    .drawn()
                    .iter()
                    .filter(|r| r.top() <= y as u16 && (y as u16) < r.bottom())
                    .map(|r| (r.left(), r.right())),
            );
            drawn.sort_unstable();
            let row = self.next.index_of(0, y as u16);
            let mut from = start;
            for &(a, b) in drawn.iter().chain([(end, end)].iter()) {
                let to = a.min(end);
                if from < to {
                    let span = row + usize::from(from)..row + usize::from(to);
                    self.next.content[span.clone()].clone_from_slice(&self.shown.content[span]);
                }
                from = from.max(b);
            }
        }
        backend.draw(Changes::new(&self.shown, &self.next, damage))?;
        std::mem::swap(&mut self.shown, &mut self.next);
        self.stale.clear();
        self.stale.extend_from_slice(damage);
        match cursor {
            None => backend.hide_cursor()?,
            Some(position) => {
                backend.show_cursor()?;
                backend.set_cursor_position(position)?;
            }
        }
        Backend::flush(backend)
    }
}

/// The cells to send: ratatui's `Buffer::diff` between `prev` and `next`, row by row, over
/// the columns drawn in each row (elsewhere the two are equal).
struct Changes<'a> {
    prev: &'a Buffer,
    next: &'a Buffer,
    damage: &'a [(u16, u16)],
    y: usize,
    /// The next index to look at in the row, and the row's end.
    pos: usize,
    end: usize,
    /// Cells after a wide one that must be looked at (see ratatui's `BufferDiff`).
    trailing: Option<(usize, usize, bool)>,
}

impl<'a> Changes<'a> {
    fn new(prev: &'a Buffer, next: &'a Buffer, damage: &'a [(u16, u16)]) -> Changes<'a> {
        Changes {
            prev,
            next,
            damage,
            y: 0,
            pos: 0,
            end: 0,
            trailing: None,
        }
    }

    fn at(&self, i: usize) -> (u16, u16, &'a Cell) {
        let (x, y) = self.next.pos_of(i);
        (x, y, &self.next.content[i])
    }
}

/// Modifiers visible on a blank cell (ratatui's `BufferDiff` forces the cells a wide
/// character covered to be sent again when they carried one).
const VISIBLE_ON_BLANK: Modifier = Modifier::REVERSED
    .union(Modifier::UNDERLINED)
    .union(Modifier::SLOW_BLINK)
    .union(Modifier::RAPID_BLINK)
    .union(Modifier::CROSSED_OUT);

/// `a == b` as ratatui's `Cell::eq` has it (a cell without a symbol shows a space): the
/// colours and modifiers first, the symbols' few bytes compared in place.
#[allow(deprecated)] // `Cell::skip`, part of ratatui's equality
fn same(a: &Cell, b: &Cell) -> bool {
    a.fg == b.fg
        && a.bg == b.bg
        && a.modifier == b.modifier
        && a.underline_color == b.underline_color
        && a.diff_option == b.diff_option
        && a.skip == b.skip
        && {
            let (x, y) = (a.symbol().as_bytes(), b.symbol().as_bytes());
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| p == q)
        }
}

/// The cells `cell` takes on the terminal: its forced width, else its symbol's as terminals
/// draw it (`view::line::grapheme_cells`: ratatui's count, which gives ﾞ and ﾟ a second
/// cell, without that; a one-byte or plain symbol without a table lookup).
fn cells(cell: &Cell) -> u16 {
    match cell.diff_option {
        CellDiffOption::ForcedWidth(_) => cell.cell_width(),
        _ => view::line::grapheme_cells(cell.symbol()),
    }
}

#[allow(deprecated)] // `Cell::skip`, still honoured by ratatui's own diff
fn is_skip(cell: &Cell) -> bool {
    matches!(cell.diff_option, CellDiffOption::Skip)
        || (cell.skip && matches!(cell.diff_option, CellDiffOption::None))
}

impl<'a> Iterator for Changes<'a> {
    type Item = (u16, u16, &'a Cell);

    fn next(&mut self) -> Option<Self::Item> {
        let (next, prev) = (&self.next.content, &self.prev.content);
        let len = next.len().min(prev.len());
        loop {
            if let Some((j, end, force)) = &mut self.trailing {
                while *j < *end {
                    let k = *j;
                    *j += usize::from(cells(&next[k]).max(1));
                    *end = (*end).max(*j).min(len);
                    if !is_skip(&next[k]) && (*force || prev[k].symbol() != next[k].symbol()) {
                        return Some(self.at(k));
                    }
                }
                self.pos = self.pos.max(*end);
                self.trailing = None;
            }
            while self.pos < self.end.min(len) {
                let i = self.pos;
                self.pos += 1;
                let (current, previous) = (&next[i], &prev[i]);
                match current.diff_option {
                    CellDiffOption::Skip => {}
                    _ if is_skip(current) => {}
                    CellDiffOption::ForcedWidth(width) => {
                        self.pos += usize::from(width.get().saturating_sub(1));
                        if current != previous {
                            return Some(self.at(i));
                        }
                    }
                    CellDiffOption::None | CellDiffOption::AlwaysUpdate => {
                        let width = usize::from(cells(current));
                        if matches!(current.diff_option, CellDiffOption::None)
                            && same(current, previous)
                        {
                            self.pos += width.saturating_sub(1);
                            continue;
                        }
                        let previous_width = usize::from(cells(previous));
                        if width > 1 && current.symbol().contains('\u{FE0F}') {
                            self.trailing = Some((i + 1, (i + width).min(len), false));
                        } else if width > 1 {
                            self.pos += width - 1;
                        } else if previous_width > width
                            && (previous.bg != Color::Reset
                                || previous.modifier.intersects(VISIBLE_ON_BLANK))
                        {
                            self.trailing = Some((i + 1, i + previous_width, true));
                        }
                        return Some(self.at(i));
                    }
                }
            }
            // The next row with something drawn.
            loop {
                let &(start, end) = self.damage.get(self.y)?;
                let y = self.y as u16;
                self.y += 1;
                if start < end {
                    let row = self.next.index_of(0, y);
                    self.pos = self.pos.max(row + usize::from(start));
                    self.end = row + usize::from(end);
                    break;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use ratatui::style::Style;

    fn cell() -> impl Strategy<Value = Cell> {
        const SYMBOLS: &[&str] = &[
            "",
            " ",
            "a",
            "点",
            "ｱ",
            "ﾞ",
            "ｶﾞ",
            "e\u{301}",
            "😀",
            "❤\u{fe0f}",
            "\u{a0}",
            "…",
        ];
        (
            proptest::sample::select(SYMBOLS),
            0..3u8,
            0..3u8,
            0..3u8,
            0..4u8,
            0..5u8,
            any::<bool>(),
        )
            .prop_map(|(symbol, fg, bg, ul, modifier, diff, skip)| {
                let mut c = Cell::EMPTY;
                if !symbol.is_empty() {
                    c.set_symbol(symbol);
                }
                c.fg = Color::Indexed(fg);
                c.bg = if bg == 0 {
                    Color::Reset
                } else {
                    Color::Indexed(bg)
                };
                c.underline_color = Color::Indexed(ul);
                c.modifier = Modifier::from_bits_truncate(u16::from(modifier));
                c.diff_option = match diff {
                    1 => CellDiffOption::Skip,
                    2 => CellDiffOption::AlwaysUpdate,
                    3 => CellDiffOption::ForcedWidth(std::num::NonZeroU16::MIN),
                    4 => CellDiffOption::ForcedWidth(std::num::NonZeroU16::new(2).unwrap()),
                    _ => CellDiffOption::None,
                };
                #[allow(deprecated)]
                {
                    c.skip = skip;
                }
                c
            })
    }

    proptest! {
        /// The diff's own comparison is ratatui's, and so is its width but for ﾞ and ﾟ,
        /// which ratatui counts twice (once more than unicode-width and the terminals).
        #[test]
        fn cells_compare_and_measure_as_ratatuis(a in cell(), b in cell()) {
            prop_assert_eq!(same(&a, &b), a == b);
            prop_assert_eq!(same(&a, &a.clone()), true);
            let marks = a.symbol().chars().filter(|c| matches!(c, 'ﾞ' | 'ﾟ')).count();
            let theirs = match a.diff_option {
                CellDiffOption::ForcedWidth(_) => a.cell_width(),
                _ => a.cell_width() - marks as u16,
            };
            prop_assert_eq!(cells(&a), theirs);
        }
    }

    /// Over the whole area, the changes are exactly ratatui's diff.
    #[test]
    fn the_changes_of_whole_rows_are_ratatuis_diff() {
        let area = Rect::new(0, 0, 12, 3);
        let mut prev = Buffer::empty(area);
        prev.set_string(0, 0, "点検 abc", Style::new().bg(Color::Blue));
        prev.set_string(2, 1, "xyz", Style::new());
        let mut next = Buffer::empty(area);
        next.set_string(0, 0, "a点 abd", Style::new());
        next.set_string(3, 1, "xyz→", Style::new());
        next.set_string(0, 2, "重要", Style::new());
        let all = vec![(0, 12); 3];
        let ours: Vec<_> = Changes::new(&prev, &next, &all).collect();
        assert_eq!(ours, prev.diff(&next));
        let none = vec![(0, 0); 3];
        assert_eq!(Changes::new(&prev, &next, &none).count(), 0);
        // Only row 1's columns 2..8: only its changes.
        let some = vec![(0, 0), (2, 8), (0, 0)];
        let ours: Vec<_> = Changes::new(&prev, &next, &some).collect();
        let theirs: Vec<_> = prev.diff(&next).into_iter().filter(|c| c.1 == 1).collect();
        assert_eq!(ours, theirs);
    }

    /// #21.5: `Z` in the focus view sends the wording's rows as DEC double-height lines (top
    /// halves `ESC # 3`, bottom halves `ESC # 4`), nothing else on those rows beyond their
    /// visible left half, and `Z` again puts them back to single size (`ESC # 5`).
    #[test]
    fn large_text_is_sent_as_double_height_lines_and_taken_back() {
        use crate::tui::app::tests::{demo_app, press, type_str};
        use ratatui::crossterm::event::KeyCode;
        let mut app = demo_app();
        type_str(&mut app, ":23-1");
        press(&mut app, KeyCode::Enter);
        let mut screen = Screen::default();
        use crate::tui::term::backend::tests::Shared;
        let frame = |screen: &mut Screen, app: &App| {
            let out = Shared::default();
            let mut backend = LeanBackend::new(out.clone()).with_size(120, 40);
            screen.draw(app, &mut backend).unwrap();
            String::from_utf8(out.0.take()).unwrap()
        };
        assert!(!frame(&mut screen, &app).contains("\x1b#"));
        press(&mut app, KeyCode::Char('Z'));
        assert!(app.focus_view, "Z opens the focus view");
        let sent = frame(&mut screen, &app);
        assert!(
            sent.contains("\x1b[2;1H\x1b#3") && sent.contains("\x1b[3;1H\x1b#4"),
            "{sent:?}"
        );
        let shown = screen.shown();
        for (y, _) in view::double_size_rows(&app, shown.area) {
            let right: String = (60..120).map(|x| shown[(x, y)].symbol()).collect();
            assert_eq!(right.trim(), "", "row {y} beyond its visible half");
        }
        let row: String = (0..60).map(|x| shown[(x, 1)].symbol()).collect();
        assert!(row.contains("23-1"), "{row}");
        press(&mut app, KeyCode::Char('Z'));
        let sent = frame(&mut screen, &app);
        assert!(
            sent.contains("\x1b[2;1H\x1b#5") && sent.contains("\x1b[3;1H\x1b#5"),
            "{sent:?}"
        );
        assert!(!sent.contains("\x1b#3"));
    }

    /// Seen in xterm: after the window was resized with `Z` on, the wording showed twice at
    /// single size. A resize clears the screen, and clearing it puts every line back to
    /// single size (VT100, xterm), so the double-size rows are set again after the clear.
    #[test]
    fn double_size_rows_are_set_again_after_a_resize() {
        use crate::tui::app::tests::{demo_app, press, type_str};
        use crate::tui::term::backend::tests::Shared;
        use ratatui::crossterm::event::KeyCode;
        let mut app = demo_app();
        type_str(&mut app, ":23-1");
        press(&mut app, KeyCode::Enter);
        press(&mut app, KeyCode::Char('Z'));
        let mut screen = Screen::default();
        let mut frame = |width: u16| {
            let out = Shared::default();
            let mut backend = LeanBackend::new(out.clone()).with_size(width, 40);
            screen.draw(&app, &mut backend).unwrap();
            String::from_utf8(out.0.take()).unwrap()
        };
        for width in [120, 121, 120] {
            let sent = frame(width);
            let cleared = sent.rfind("\x1b[2J").expect("a cleared screen");
            assert!(
                sent[cleared..].contains("\x1b[2;1H\x1b#3")
                    && sent[cleared..].contains("\x1b[3;1H\x1b#4"),
                "at {width}x40: {sent:?}"
            );
        }
    }

    /// A comment of half-width katakana with their sound marks (ｶﾞ, ﾊﾟ), typed in bursts
    /// with a frame after each as the interview draws them, shows on a terminal (ﾞ and ﾟ
    /// one cell each, as xterm, tmux and glibc's `wcwidth` draw them) with nothing lost,
    /// nothing left over and the editor's border in place. ratatui 0.30 gave ｶﾞ three cells
    /// (its width adds one for the mark that unicode-width 0.2.3 already counts), so the
    /// rows overflowed and kept stray glyphs from the frame before.
    #[test]
    fn half_width_katakana_with_sound_marks_show_as_typed() {
        use crate::tui::app::tests::{demo_app, press, type_str};
        use crate::tui::term::backend::tests::{Shared, replay};
        use ratatui::crossterm::event::KeyCode;
        let (width, height) = (80u16, 24u16);
        let mut app = demo_app();
        type_str(&mut app, ":1-1");
        press(&mut app, KeyCode::Enter);
        press(&mut app, KeyCode::Char('c'));
        let mut screen = Screen::default();
        let mut terminal = vec![vec![" ".to_string(); usize::from(width)]; usize::from(height)];
        let mut frame = |app: &App| {
            let out = Shared::default();
            let mut backend = LeanBackend::new(out.clone()).with_size(width, height);
            screen.draw(app, &mut backend).unwrap();
            replay(&mut terminal, &String::from_utf8(out.0.take()).unwrap());
            terminal.clone()
        };
        frame(&app);
        let words = ["ｶﾞｯｺｳ", "ﾃﾞｰﾀ", "ﾊﾟｿｺﾝ", "1", "ﾌﾟﾘﾝﾀ", "2", "ﾃﾞｨｽｸ😀"];
        let mut typed = String::new();
        let mut shown = Vec::new();
        for i in 0..40 {
            let word = format!("{} ", words[i % words.len()]);
            type_str(&mut app, &word);
            typed.push_str(&word);
            shown = frame(&app);
        }
        // The editor's rows: between the inner box's borders, the row that holds the start
        // of the comment and those below it.
        let row_text = |row: &Vec<String>| row.concat();
        let (top, left) = (0..usize::from(height))
            .find_map(|y| {
                let row = &shown[y];
                (0..row.len() - 1)
                    .find(|&x| row[x] == "│" && row[x + 1] == "ｶ")
                    .map(|x| (y, x))
            })
            .expect("the comment on screen, after the editor's left border");
        let right = (left + 1..usize::from(width))
            .find(|&x| shown[top][x] == "│")
            .expect("the editor's right border");
        let mut text = String::new();
        for (y, row) in shown.iter().enumerate().skip(top) {
            if row[left] != "│" {
                break;
            }
            assert_eq!(
                row[right],
                "│",
                "row {y}'s right border: {:?}",
                row_text(row)
            );
            text.push_str(&row[left + 1..right].concat());
        }
        let squash = |s: &str| crate::safe_text::squash_ws(s);
        assert_eq!(squash(&text), squash(&typed));
    }

    /// Each frame reaches the terminal in one write (#23): the cursor hidden, the cells and
    /// the text cursor shown at its place. Every write to a pseudo-terminal is a system call
    /// and the kernel's work on the terminal's side, and over SSH a packet. Hiding, showing
    /// and placing the cursor each flushed what was written so far, so a character typed
    /// into a comment went out in three writes; a frame larger than standard output's
    /// buffer (1 KiB: the first one, a resize) went out in pieces of it.
    #[test]
    fn a_frame_reaches_the_terminal_in_one_write() {
        use crate::tui::app::tests::{demo_app, press, type_str};
        use ratatui::crossterm::event::KeyCode;
        use std::cell::RefCell;
        use std::rc::Rc;
        /// A terminal that counts the writes it is handed.
        #[derive(Clone, Default)]
        struct Writes(Rc<RefCell<Vec<usize>>>);
        impl Write for Writes {
            fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
                self.0.borrow_mut().push(buf.len());
                Ok(buf.len())
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        for (width, height) in [(80, 24), (200, 60)] {
            let mut app = demo_app();
            let writes = Writes::default();
            let mut screen = Screen::default();
            let mut backend = LeanBackend::new(writes.clone()).with_size(width, height);
            let mut frame = |app: &App, what: &str| {
                screen.draw(app, &mut backend).unwrap();
                let sizes = writes.0.take();
                assert_eq!(sizes.len(), 1, "{what} at {width}x{height}: {sizes:?}");
                sizes[0]
            };
            assert!(frame(&app, "the first frame") > 1024);
            press(&mut app, KeyCode::Char('j'));
            frame(&app, "a move");
            press(&mut app, KeyCode::Char('3'));
            frame(&app, "an answer");
            press(&mut app, KeyCode::Char('c'));
            frame(&app, "the comment's editor opened");
            type_str(&mut app, "あ");
            frame(&app, "a character typed");
            press(&mut app, KeyCode::Esc);
            frame(&app, "the editor closed");
        }
    }
}
