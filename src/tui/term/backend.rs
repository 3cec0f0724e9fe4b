//! A crossterm backend that sends fewer bytes for Japanese text.
//!
//! ratatui's `CrosstermBackend` moves the cursor explicitly (`ESC [ row ; col H`, 6–8 bytes)
//! before every cell that does not directly follow the previous one — and after a double-width
//! character the next cell never "directly follows" by its count, so every kanji costs its 3
//! bytes plus a cursor move. On a Japanese screen that more than doubles what each keystroke
//! sends over a slow SSH link. This backend knows that the terminal's cursor advances by the
//! width of what was printed, and moves it explicitly only when the next cell is elsewhere.
//!
//! It counts on a double width only for kana, kanji, hangul and full-width forms, which every
//! terminal draws two cells wide; after any other double-width text (emoji, whose width old
//! terminals disagree on) it moves the cursor explicitly as ratatui does, so a terminal that
//! drew it narrower re-synchronises at once. Single-width text is handled exactly as ratatui
//! handles it. Everything else is delegated to `CrosstermBackend`.
//!
//! On a terminal that draws ambiguous-width characters two cells wide (`tui::ambiguous`),
//! each such character is printed as its one-cell ASCII stand-in, so every cell keeps the
//! width ratatui measured; after any other non-ASCII one-cell text the next cell is positioned
//! explicitly, so a terminal whose width table differs from ours re-synchronises at once.
//!
//! The text cursor is shown only where text is typed (the views set it with
//! `Frame::set_cursor_position`). While a frame is drawn it is hidden, so it does not wander
//! over the screen on a slow link, and shown again at its place afterwards; a frame without a
//! cursor sends no hide sequence when the cursor is hidden already.
//!
//! What a frame sends is gathered in the backend's own buffer and handed to the terminal in
//! one write when the frame is flushed: crossterm writes each escape sequence and each cell
//! on its own, and ratatui's backend flushes after hiding, showing and placing the cursor,
//! so a character typed into a comment went out in three writes, and standard output's 1 KiB
//! buffer cut a larger frame into pieces. Only clearing the screen still sends at once. The
//! cursor's moves, the style changes and the cells' text are written as bytes, not formatted
//! as crossterm's commands are (the same bytes: tests compare them with crossterm's).

use std::borrow::Cow;
use std::io::{self, BufWriter, Write};

use crate::safe_text::cell_width;
use ratatui::backend::{Backend, ClearType, CrosstermBackend, WindowSize};
use ratatui::buffer::Cell;
use ratatui::crossterm::queue;
use ratatui::crossterm::style::{Attribute, Colored, SetAttribute};
use ratatui::layout::{Position, Size};
use ratatui::style::{Color, Modifier};

use crate::tui::ambiguous::narrow_symbol;

/// The bytes a frame may gather before any is sent: more than a whole 200×60 screen of
/// kanji in colour, so that nearly every frame is one write.
const FRAME_BUFFER: usize = 64 * 1024;

/// See the module documentation.
pub struct LeanBackend<W: Write> {
    /// Everything a frame sends waits in the buffer until the frame is flushed.
    inner: CrosstermBackend<BufWriter<W>>,
    ambiguous_wide: bool,
    /// Whether the terminal shows the cursor, as far as we know (at first we do not: the
    /// first hide is always sent).
    cursor_shown: bool,
    /// The terminal's size as last asked. ratatui asks before every frame, and crossterm
    /// opens `/dev/tty` to answer: the loop forgets it at each resize instead
    /// ([`LeanBackend::forget_size`]).
    size: std::cell::Cell<Option<Size>>,
}

impl<W: Write> LeanBackend<W> {
    /// A backend for a terminal that draws ambiguous-width characters one cell wide.
    pub fn new(writer: W) -> LeanBackend<W> {
        LeanBackend {
            inner: CrosstermBackend::new(BufWriter::with_capacity(FRAME_BUFFER, writer)),
            ambiguous_wide: false,
            cursor_shown: true,
            size: std::cell::Cell::new(None),
        }
    }

    /// A backend for a terminal of a known size (tests and benchmarks: no terminal to ask).
    pub fn with_size(self, width: u16, height: u16) -> LeanBackend<W> {
        self.size.set(Some(Size::new(width, height)));
        self
    }

    /// The terminal was resized: ask its size again before the next frame.
    pub(crate) fn forget_size(&self) {
        self.size.set(None);
    }

    /// Whether the terminal draws ambiguous-width characters two cells wide: then none is
    /// sent, each is replaced by a one-cell stand-in.
    pub(crate) fn with_ambiguous_wide(mut self, wide: bool) -> LeanBackend<W> {
        self.set_ambiguous_wide(wide);
        self
    }

    /// [`LeanBackend::with_ambiguous_wide`] once the terminal has answered the probe.
    pub(crate) fn set_ambiguous_wide(&mut self, wide: bool) {
        self.ambiguous_wide = wide;
    }
}

impl<W: Write> LeanBackend<W> {
    /// Sets the size of whole rows with DEC line attributes, `ESC # n` on row `y` (3 and 4
    /// the top and bottom halves of a double-height line, 5 single size).
    pub(crate) fn set_line_sizes(&mut self, rows: &[(u16, u8)]) -> io::Result<()> {
        for &(y, n) in rows {
            write!(self.inner, "\x1b[{};1H\x1b#{n}", y + 1)?;
        }
        Ok(())
    }
}

/// Kana, kanji, hangul, CJK punctuation and full-width forms: two cells on every terminal.
fn surely_wide(c: char) -> bool {
    matches!(c,
        '\u{3000}'..='\u{30FF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{AC00}'..='\u{D7A3}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FF01}'..='\u{FF60}'
        | '\u{FFE0}'..='\u{FFE6}')
}

/// How far the terminal's cursor surely advances after printing `symbol`; `None` when
/// terminals may disagree (then the next cell is positioned explicitly).
fn advance(symbol: &str, ambiguous_wide: bool) -> Option<u16> {
    match cell_width(symbol) {
        0 | 1 if ambiguous_wide && !symbol.is_ascii() => None,
        0 | 1 => Some(1),
        2 if symbol.chars().all(surely_wide) => Some(2),
        _ => None,
    }
}

/// crossterm's `MoveTo(x, y)` (`ESC [ row ; column H`, counted from one), written without
/// formatting: a frame moves the cursor once for every run of changed cells.
fn move_to<W: Write>(w: &mut W, x: u16, y: u16) -> io::Result<()> {
    let mut bytes = [0u8; 2 + 5 + 1 + 5 + 1];
    bytes[..2].copy_from_slice(b"\x1b[");
    let mut len = 2;
    for (n, end) in [(y, b';'), (x, b'H')] {
        len += decimal(u32::from(n) + 1, &mut bytes[len..]);
        bytes[len] = end;
        len += 1;
    }
    w.write_all(&bytes[..len])
}

/// ratatui's `SetColors` of a cell's colours (`Colors::new(fg.into_crossterm(),
/// bg.into_crossterm())`), written without formatting:
/// `ESC [ fg ; bg m`, each colour as crossterm's `Colored` writes it, or nothing for either
/// when crossterm found `NO_COLOR` set (its `Colored::ansi_color_disabled_memoized`).
fn set_colors<W: Write>(w: &mut W, fg: Color, bg: Color) -> io::Result<()> {
    let mut bytes = [0u8; 2 + 16 + 1 + 16 + 1];
    bytes[..2].copy_from_slice(b"\x1b[");
    let mut len = 2;
    let shown = !Colored::ansi_color_disabled_memoized();
    for (c, base, end) in [(fg, 38, b';'), (bg, 48, b'm')] {
        if shown {
            len += colour_parameters(c, base, &mut bytes[len..]);
        }
        bytes[len] = end;
        len += 1;
    }
    w.write_all(&bytes[..len])
}

/// A colour's SGR parameters as crossterm writes them after ratatui's mapping: the
/// default `39`/`49`, a palette colour `38;5;n`, true colour `38;2;r;g;b` (`base` 38 for the
/// foreground, 48 for the background).
fn colour_parameters(c: Color, base: u32, out: &mut [u8]) -> usize {
    let palette = match c {
        Color::Reset => return decimal(base + 1, out),
        Color::Rgb(r, g, b) => {
            let mut len = decimal(base, out);
            out[len..len + 2].copy_from_slice(b";2");
            len += 2;
            for n in [r, g, b] {
                out[len] = b';';
                len += 1 + decimal(u32::from(n), &mut out[len + 1..]);
            }
            return len;
        }
        Color::Indexed(i) => i,
        Color::Black => 0,
        Color::Red => 1,
        Color::Green => 2,
        Color::Yellow => 3,
        Color::Blue => 4,
        Color::Magenta => 5,
        Color::Cyan => 6,
        Color::Gray => 7,
        Color::DarkGray => 8,
        Color::LightRed => 9,
        Color::LightGreen => 10,
        Color::LightYellow => 11,
        Color::LightBlue => 12,
        Color::LightMagenta => 13,
        Color::LightCyan => 14,
        Color::White => 15,
    };
    let mut len = decimal(base, out);
    out[len..len + 3].copy_from_slice(b";5;");
    len += 3;
    len + decimal(u32::from(palette), &mut out[len..])
}

/// crossterm's `SetAttribute`, `ESC [ n m`, for the attribute's SGR number `n`.
fn set_attribute<W: Write>(w: &mut W, attribute: Attribute) -> io::Result<()> {
    let code = match attribute {
        Attribute::Reset => 0,
        Attribute::Bold => 1,
        Attribute::Dim => 2,
        Attribute::Italic => 3,
        Attribute::Underlined => 4,
        Attribute::SlowBlink => 5,
        Attribute::RapidBlink => 6,
        Attribute::Reverse => 7,
        Attribute::Hidden => 8,
        Attribute::CrossedOut => 9,
        Attribute::NormalIntensity => 22,
        Attribute::NoItalic => 23,
        Attribute::NoUnderline => 24,
        Attribute::NoBlink => 25,
        Attribute::NoReverse => 27,
        Attribute::NoHidden => 28,
        Attribute::NotCrossedOut => 29,
        other => return queue!(w, SetAttribute(other)),
    };
    let mut bytes = [0u8; 2 + 2 + 1];
    bytes[..2].copy_from_slice(b"\x1b[");
    let len = 2 + decimal(code, &mut bytes[2..]);
    bytes[len] = b'm';
    w.write_all(&bytes[..=len])
}

/// Writes `n` in decimal at the start of `out`; how many digits it took.
fn decimal(mut n: u32, out: &mut [u8]) -> usize {
    let mut digits = [0u8; 10];
    let mut len = 0;
    loop {
        digits[len] = b'0' + (n % 10) as u8;
        len += 1;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for (i, d) in digits[..len].iter().rev().enumerate() {
        out[i] = *d;
    }
    len
}

/// The attribute changes from one modifier set to another (as ratatui's backend does).
fn queue_modifier_change<W: Write>(w: &mut W, from: Modifier, to: Modifier) -> io::Result<()> {
    let removed = from - to;
    if removed.contains(Modifier::REVERSED) {
        set_attribute(w, Attribute::NoReverse)?;
    }
    if removed.contains(Modifier::BOLD) || removed.contains(Modifier::DIM) {
        // NormalIntensity clears both; put back the one that stays.
        set_attribute(w, Attribute::NormalIntensity)?;
        if to.contains(Modifier::DIM) {
            set_attribute(w, Attribute::Dim)?;
        }
        if to.contains(Modifier::BOLD) {
            set_attribute(w, Attribute::Bold)?;
        }
    }
    if removed.contains(Modifier::ITALIC) {
        set_attribute(w, Attribute::NoItalic)?;
    }
    if removed.contains(Modifier::UNDERLINED) {
        set_attribute(w, Attribute::NoUnderline)?;
    }
    if removed.contains(Modifier::CROSSED_OUT) {
        set_attribute(w, Attribute::NotCrossedOut)?;
    }
    if removed.intersects(Modifier::SLOW_BLINK | Modifier::RAPID_BLINK) {
        set_attribute(w, Attribute::NoBlink)?;
    }
    if removed.contains(Modifier::HIDDEN) {
        set_attribute(w, Attribute::NoHidden)?;
    }
    let added = to - from;
    for (m, a) in [
        (Modifier::REVERSED, Attribute::Reverse),
        (Modifier::BOLD, Attribute::Bold),
        (Modifier::ITALIC, Attribute::Italic),
        (Modifier::UNDERLINED, Attribute::Underlined),
        (Modifier::DIM, Attribute::Dim),
        (Modifier::CROSSED_OUT, Attribute::CrossedOut),
        (Modifier::SLOW_BLINK, Attribute::SlowBlink),
        (Modifier::RAPID_BLINK, Attribute::RapidBlink),
        (Modifier::HIDDEN, Attribute::Hidden),
    ] {
        if added.contains(m) {
            set_attribute(w, a)?;
        }
    }
    Ok(())
}

impl<W: Write> Backend for LeanBackend<W> {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        let mut content = content.peekable();
        if self.cursor_shown && content.peek().is_some() {
            self.hide_cursor()?;
        }
        let w = &mut self.inner;
        let mut fg = Color::Reset;
        let mut bg = Color::Reset;
        let mut modifier = Modifier::empty();
        // Where the terminal's cursor is known to be after the last print.
        let mut cursor: Option<(u16, u16)> = None;
        for (x, y, cell) in content {
            if cursor != Some((x, y)) {
                move_to(w, x, y)?;
            }
            if cell.modifier != modifier {
                queue_modifier_change(w, modifier, cell.modifier)?;
                modifier = cell.modifier;
            }
            if cell.fg != fg || cell.bg != bg {
                set_colors(w, cell.fg, cell.bg)?;
                fg = cell.fg;
                bg = cell.bg;
            }
            let symbol = if self.ambiguous_wide {
                narrow_symbol(cell.symbol())
            } else {
                Cow::Borrowed(cell.symbol())
            };
            // What crossterm's `Print` writes, without formatting it.
            w.write_all(symbol.as_bytes())?;
            cursor = advance(&symbol, self.ambiguous_wide).map(|n| (x.saturating_add(n), y));
        }
        // crossterm's `SetForegroundColor(Reset)`, `SetBackgroundColor(Reset)` and
        // `SetAttribute(Reset)`.
        let reset: &[u8] = if Colored::ansi_color_disabled_memoized() {
            b"\x1b[m\x1b[m\x1b[0m"
        } else {
            b"\x1b[39m\x1b[49m\x1b[0m"
        };
        w.write_all(reset)
    }

    fn append_lines(&mut self, n: u16) -> io::Result<()> {
        self.inner.append_lines(n)
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        if self.cursor_shown {
            // crossterm's `Hide`.
            self.inner.write_all(b"\x1b[?25l")?;
            self.cursor_shown = false;
        }
        Ok(())
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        if !self.cursor_shown {
            // crossterm's `Show`.
            self.inner.write_all(b"\x1b[?25h")?;
            self.cursor_shown = true;
        }
        Ok(())
    }

    fn get_cursor_position(&mut self) -> io::Result<Position> {
        // crossterm asks the terminal through standard output: what waits goes first.
        Backend::flush(&mut self.inner)?;
        self.inner.get_cursor_position()
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        let Position { x, y } = position.into();
        move_to(&mut self.inner, x, y)
    }

    fn clear(&mut self) -> io::Result<()> {
        self.inner.clear()
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        self.inner.clear_region(clear_type)
    }

    fn size(&self) -> io::Result<Size> {
        if let Some(size) = self.size.get() {
            return Ok(size);
        }
        let size = self.inner.size()?;
        self.size.set(Some(size));
        Ok(size)
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        self.inner.window_size()
    }

    fn flush(&mut self) -> io::Result<()> {
        Backend::flush(&mut self.inner)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::cell::RefCell;
    use std::rc::Rc;
    use unicode_width::UnicodeWidthStr;

    /// A terminal that keeps what is written to it, shared with the test that reads it.
    #[derive(Clone, Default)]
    pub(crate) struct Shared(pub(crate) Rc<RefCell<Vec<u8>>>);

    impl Write for Shared {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0.borrow_mut().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;
    use ratatui::style::Style;

    /// Draws `after` over `before` and returns what the backend sent (`ambiguous_wide`: to a
    /// terminal that draws width-ambiguous characters two cells wide).
    /// (The cursor is hidden first, as every frame without a text cursor does.)
    fn sent_to(before: &Buffer, after: &Buffer, ambiguous_wide: bool) -> String {
        let mut out = Vec::new();
        let mut b = LeanBackend::new(&mut out).with_ambiguous_wide(ambiguous_wide);
        b.hide_cursor().unwrap();
        b.draw(before.diff(after).into_iter()).unwrap();
        drop(b);
        let s = String::from_utf8(out).unwrap();
        s.strip_prefix("\u{1b}[?25l").unwrap().to_string()
    }

    fn sent(before: &Buffer, after: &Buffer) -> String {
        sent_to(before, after, false)
    }

    /// The bytes sent for texts drawn at (x, y) in their style on an empty screen two lines
    /// high, case by case, with what each case shows.
    #[test]
    fn the_bytes_sent_move_the_cursor_and_change_the_style_only_where_needed() {
        let plain = Style::default();
        let reversed = plain.add_modifier(Modifier::REVERSED);
        let bold = reversed.add_modifier(Modifier::BOLD);
        let end = "\u{1b}[39m\u{1b}[49m\u{1b}[0m";
        // Texts drawn: (x, y, text, style).
        type Texts<'a> = &'a [(u16, u16, &'a str, Style)];
        let cases: [(&str, u16, Texts, bool, &str); 4] = [
            (
                "the unchanged space is jumped over; between kanji the cursor does not move",
                20,
                &[(2, 1, "点検項目 ok", plain)],
                false,
                "\u{1b}[2;3H点検項目\u{1b}[2;12Hok",
            ),
            (
                "single-width text runs on; after an emoji the cursor is placed again, as in ratatui",
                10,
                &[(0, 0, "─\u{1F600}a", plain)],
                false,
                "\u{1b}[1;1H─\u{1F600}\u{1b}[1;4Ha",
            ),
            (
                "an ambiguous-wide terminal gets stand-ins in the same cells, and the cursor placed after half-width kana",
                12,
                &[(0, 0, "┌─※検→ｶa│", plain)],
                true,
                "\u{1b}[1;1H+-*検>ｶ\u{1b}[1;8Ha|",
            ),
            (
                "styles change only when they differ",
                6,
                &[(0, 0, "ab", bold), (2, 0, "cd", reversed)],
                false,
                "\u{1b}[1;1H\u{1b}[7m\u{1b}[1mab\u{1b}[22mcd",
            ),
        ];
        for (what, width, texts, ambiguous_wide, expected) in cases {
            let area = Rect::new(0, 0, width, 2);
            let mut after = Buffer::empty(area);
            for &(x, y, text, style) in texts {
                after.set_string(x, y, text, style);
            }
            let s = sent_to(&Buffer::empty(area), &after, ambiguous_wide);
            assert_eq!(s, format!("{expected}{end}"), "{what}");
        }
    }

    /// The cursor is moved with the very bytes crossterm's `MoveTo` writes, at every
    /// position a screen can have.
    #[test]
    fn cursor_moves_are_crossterms_bytes() {
        use ratatui::crossterm::cursor::MoveTo;
        let edges = [
            0u16,
            1,
            8,
            9,
            10,
            98,
            99,
            100,
            998,
            999,
            9_999,
            10_000,
            u16::MAX - 1,
        ];
        let positions = (0..300u16).chain(edges);
        for x in positions.clone() {
            for y in positions.clone().step_by(7).chain(edges) {
                let (mut ours, mut theirs) = (Vec::new(), Vec::new());
                move_to(&mut ours, x, y).unwrap();
                queue!(theirs, MoveTo(x, y)).unwrap();
                assert_eq!(ours, theirs, "({x}, {y})");
            }
        }
    }

    /// Colours and attributes are changed with the very bytes crossterm's commands write,
    /// for every colour ratatui has (true colour at the digits' edges), foreground and
    /// background, and for every attribute the backend sets.
    #[test]
    fn style_changes_are_crossterms_bytes() {
        use ratatui::backend::IntoCrossterm;
        use ratatui::crossterm::style::{
            Colors, SetBackgroundColor, SetColors, SetForegroundColor,
        };
        let channel = [0u8, 1, 9, 10, 99, 100, 254, 255];
        let named = [
            Color::Reset,
            Color::Black,
            Color::Red,
            Color::Green,
            Color::Yellow,
            Color::Blue,
            Color::Magenta,
            Color::Cyan,
            Color::Gray,
            Color::DarkGray,
            Color::LightRed,
            Color::LightGreen,
            Color::LightYellow,
            Color::LightBlue,
            Color::LightMagenta,
            Color::LightCyan,
            Color::White,
        ];
        let mut colours: Vec<Color> = named
            .into_iter()
            .chain((0..=255).map(Color::Indexed))
            .collect();
        for r in channel {
            for g in channel {
                colours.extend(channel.map(|b| Color::Rgb(r, g, b)));
            }
        }
        for &fg in &colours {
            for &bg in colours.iter().step_by(5).chain(&named) {
                let (mut ours, mut theirs) = (Vec::new(), Vec::new());
                set_colors(&mut ours, fg, bg).unwrap();
                let colors = Colors::new(fg.into_crossterm(), bg.into_crossterm());
                queue!(theirs, SetColors(colors)).unwrap();
                assert_eq!(ours, theirs, "{fg:?} on {bg:?}");
            }
        }
        for attribute in Attribute::iterator() {
            let (mut ours, mut theirs) = (Vec::new(), Vec::new());
            set_attribute(&mut ours, attribute).unwrap();
            queue!(theirs, SetAttribute(attribute)).unwrap();
            assert_eq!(ours, theirs, "{attribute:?}");
        }
        // What ends a frame.
        let mut ours = Vec::new();
        let mut backend = LeanBackend::new(&mut ours).with_size(1, 1);
        backend.cursor_shown = false;
        Backend::draw(&mut backend, std::iter::empty()).unwrap();
        drop(backend);
        let mut theirs = Vec::new();
        queue!(
            theirs,
            SetForegroundColor(ratatui::crossterm::style::Color::Reset),
            SetBackgroundColor(ratatui::crossterm::style::Color::Reset),
            SetAttribute(Attribute::Reset)
        )
        .unwrap();
        assert_eq!(ours, theirs);
        // The cursor shown, hidden and placed.
        use ratatui::crossterm::cursor::{Hide, MoveTo, Show};
        let mut ours = Vec::new();
        let mut backend = LeanBackend::new(&mut ours);
        backend.show_cursor().unwrap();
        backend.hide_cursor().unwrap();
        backend.show_cursor().unwrap();
        backend.set_cursor_position((12, 3)).unwrap();
        drop(backend);
        let mut theirs = Vec::new();
        queue!(theirs, Hide, Show, MoveTo(12, 3)).unwrap();
        assert_eq!(ours, theirs);
    }

    /// Replays what the backend sent onto a screen of symbols, as a terminal would: cursor
    /// positioning, printing that advances by the text's width, and style changes ignored.
    /// Each character takes the cells unicode-width gives it, as terminals draw it (the
    /// half-width sound marks ﾞﾟ one of their own, as xterm, tmux and glibc's `wcwidth` do).
    pub(crate) fn replay(screen: &mut [Vec<String>], bytes: &str) {
        let (mut x, mut y) = (0usize, 0usize);
        let mut rest = bytes;
        while !rest.is_empty() {
            if let Some(r) = rest.strip_prefix("\u{1b}[") {
                let end = r.find(|c: char| c.is_ascii_alphabetic()).unwrap();
                if &r[end..=end] == "H" {
                    let (row, col) = r[..end].split_once(';').unwrap();
                    y = row.parse::<usize>().unwrap() - 1;
                    x = col.parse::<usize>().unwrap() - 1;
                }
                rest = &r[end + 1..];
            } else {
                let c = rest.chars().next().unwrap();
                let w = c.to_string().width();
                screen[y][x] = c.to_string();
                for k in 1..w {
                    screen[y][x + k] = String::new();
                }
                x += w.max(1);
                rest = &rest[c.len_utf8()..];
            }
        }
    }

    #[test]
    fn a_terminal_replaying_the_bytes_shows_the_new_screen() {
        let area = Rect::new(0, 0, 24, 3);
        let mut before = Buffer::empty(area);
        before.set_string(0, 1, "古い内容 old ─────", Style::default());
        let mut after = Buffer::empty(area);
        after.set_string(0, 0, "│点検 ab│ ｶﾅ ＡＢ", Style::default());
        after.set_string(
            1,
            1,
            "令和8年度 ─ \u{1F600}x 한글",
            Style::default().add_modifier(Modifier::BOLD),
        );
        after.set_string(3, 2, "末尾", Style::default());
        let symbols = |b: &Buffer| -> Vec<Vec<String>> {
            (0..3)
                .map(|y| (0..24).map(|x| b[(x, y)].symbol().to_string()).collect())
                .collect()
        };
        let mut screen = symbols(&before);
        replay(&mut screen, &sent(&before, &after));
        let expected: Vec<Vec<String>> = symbols(&after)
            .into_iter()
            .map(|row| {
                // A wide character's hidden neighbour shows as nothing on a terminal.
                let mut out = row.clone();
                let mut x = 0;
                while x < row.len() {
                    let w = row[x].width().max(1);
                    for k in 1..w {
                        out[x + k] = String::new();
                    }
                    x += w;
                }
                out
            })
            .collect();
        assert_eq!(screen, expected);
    }

    #[test]
    fn the_cursor_is_hidden_while_drawing_and_shown_where_text_goes() {
        use ratatui::{Terminal, TerminalOptions, Viewport};
        let out = Shared::default();
        let take = || String::from_utf8(std::mem::take(&mut *out.0.borrow_mut())).unwrap();
        let mut t = Terminal::with_options(
            LeanBackend::new(out.clone()),
            TerminalOptions {
                viewport: Viewport::Fixed(Rect::new(0, 0, 10, 2)),
            },
        )
        .unwrap();
        let typing = |f: &mut ratatui::Frame| {
            f.buffer_mut().set_string(0, 1, "入力", Style::default());
            f.set_cursor_position((4, 1));
        };
        // Hidden while the frame is drawn, then shown at the cell after the text.
        t.draw(typing).unwrap();
        let frame = take();
        assert!(frame.starts_with("\u{1b}[?25l\u{1b}[2;1H入力"), "{frame:?}");
        assert!(frame.ends_with("\u{1b}[?25h\u{1b}[2;5H"), "{frame:?}");
        // Nothing changed: the cursor is only put back in place.
        t.draw(typing).unwrap();
        assert_eq!(take(), "\u{1b}[39m\u{1b}[49m\u{1b}[0m\u{1b}[2;5H");
        // No text being typed: hidden once, not again on every frame.
        t.draw(|_| {}).unwrap();
        let frame = take();
        assert_eq!(frame.matches("\u{1b}[?25l").count(), 1, "{frame:?}");
        assert!(!frame.contains("\u{1b}[?25h"), "{frame:?}");
        t.draw(|_| {}).unwrap();
        assert!(!take().contains("\u{1b}[?25"));
    }
}
