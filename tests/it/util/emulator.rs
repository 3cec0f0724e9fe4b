//! A small terminal emulator for end-to-end tests: enough of xterm to show what the real
//! binary's output looks like on a screen, with a switch for how characters of ambiguous
//! East-Asian width are drawn (one cell, or two as Tera Term in Japanese/UTF-8, PuTTY's CJK
//! option and `xterm -cjk_width` do) and an answer to the cursor-position request
//! (`CSI 6 n` → `CSI row ; col R`) as such a terminal gives it.
//!
//! It follows xterm where it matters for alignment: printing advances by the character's
//! width; the cursor waits in the last column and the next printable character wraps to the
//! next line (counted in `overflows`, since a full-screen program never means to wrap); a
//! two-cell character that does not fit in the last column wraps at once; writing over either
//! half of a two-cell character blanks the other half.

use unicode_width::UnicodeWidthChar;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    Ground,
    Esc,
    /// `ESC (` and friends: one more byte names a character set.
    Charset,
    Csi,
    /// Operating-system command, ended by BEL or `ESC \`.
    Osc,
    OscEsc,
}

pub struct Emulator {
    pub cols: usize,
    pub rows: usize,
    /// Each cell's text; `""` is the right half of a two-cell character.
    grid: Vec<Vec<String>>,
    /// Each cell drawn in reverse video (SGR 7).
    reverse: Vec<Vec<bool>>,
    /// Whether printing now draws in reverse video.
    sgr_reverse: bool,
    x: usize,
    y: usize,
    pending_wrap: bool,
    /// Draw ambiguous-width characters two cells wide.
    pub ambiguous_wide: bool,
    /// Answer `CSI 6 n`.
    pub answers: bool,
    /// Bytes the terminal sends back (cursor-position reports), for the caller to forward.
    pub replies: Vec<u8>,
    /// Printable characters that made the terminal wrap a line.
    pub overflows: usize,
    /// How many `CSI 6 n` requests were seen.
    pub requests: usize,
    /// What the person at the terminal types while the program starts, in two parts: the
    /// first as soon as the probe asks (`CSI 6 n`), the second as soon as the program erases
    /// the probe (the first `CSI 2 K` after a request), which it does only once it has
    /// stopped reading for the reply. The parts fall on both sides of the program's own
    /// deadline however late this terminal sees its output.
    pub typing_around_the_probe: Option<(Vec<u8>, Vec<u8>)>,
    /// Whether the cursor is shown (`CSI ?25h` / `CSI ?25l`).
    pub cursor_visible: bool,
    state: State,
    params: String,
    utf8: Vec<u8>,
}

impl Emulator {
    pub fn new(cols: usize, rows: usize, ambiguous_wide: bool, answers: bool) -> Emulator {
        Emulator {
            cols,
            rows,
            grid: vec![vec![" ".to_string(); cols]; rows],
            reverse: vec![vec![false; cols]; rows],
            sgr_reverse: false,
            x: 0,
            y: 0,
            pending_wrap: false,
            ambiguous_wide,
            answers,
            replies: Vec::new(),
            overflows: 0,
            requests: 0,
            typing_around_the_probe: None,
            cursor_visible: true,
            state: State::Ground,
            params: String::new(),
            utf8: Vec::new(),
        }
    }

    /// The window resized: what fits stays, new cells are blank, the cursor kept inside (a
    /// full-screen program draws everything again on SIGWINCH).
    pub fn resize(&mut self, cols: usize, rows: usize) {
        for row in self.grid.iter_mut() {
            row.resize(cols, " ".to_string());
        }
        for row in self.reverse.iter_mut() {
            row.resize(cols, false);
        }
        self.grid.resize(rows, vec![" ".to_string(); cols]);
        self.reverse.resize(rows, vec![false; cols]);
        (self.cols, self.rows) = (cols, rows);
        self.x = self.x.min(cols.saturating_sub(1));
        self.y = self.y.min(rows.saturating_sub(1));
        self.pending_wrap = false;
    }

    /// Where the cursor is: (column, row), from 0.
    pub fn cursor(&self) -> (usize, usize) {
        (self.x, self.y)
    }

    /// The width this terminal gives `c`.
    pub fn width(&self, c: char) -> usize {
        if self.ambiguous_wide {
            c.width_cjk().unwrap_or(0)
        } else {
            c.width().unwrap_or(0)
        }
    }

    /// The screen as lines of text (the right half of a wide character shows as nothing).
    pub fn lines(&self) -> Vec<String> {
        self.grid.iter().map(|row| row.concat()).collect()
    }

    pub fn text(&self) -> String {
        self.lines().join("\n")
    }

    /// The cells of one row.
    pub fn row(&self, y: usize) -> &[String] {
        &self.grid[y]
    }

    /// Whether the cell at (column, row) is drawn in reverse video.
    pub fn reversed(&self, x: usize, y: usize) -> bool {
        self.reverse[y][x]
    }

    /// The cell right after the first `needle` on screen: where a cursor after it belongs.
    pub fn after(&self, needle: &str) -> (usize, usize) {
        for y in 0..self.rows {
            let row = self.row(y);
            let mut line = String::new();
            let mut xs = Vec::new();
            for (x, cell) in row.iter().enumerate() {
                for _ in cell.chars() {
                    xs.push(x);
                }
                line.push_str(cell);
            }
            if let Some(i) = line.find(needle) {
                let last = line[..i + needle.len()].chars().count() - 1;
                let x = xs[last];
                return (x + self.width(row[x].chars().next().unwrap()), y);
            }
        }
        panic!("{needle:?} not on screen:\n{}", self.text());
    }

    pub fn feed(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.byte(b);
        }
    }

    fn byte(&mut self, b: u8) {
        match self.state {
            State::Ground => {
                if !self.utf8.is_empty() || b >= 0x80 {
                    self.utf8.push(b);
                    match std::str::from_utf8(&self.utf8) {
                        Ok(s) => {
                            let c = s.chars().next().unwrap();
                            self.utf8.clear();
                            self.print(c);
                        }
                        Err(e) if e.error_len().is_some() || self.utf8.len() >= 4 => {
                            self.utf8.clear();
                            self.print('\u{FFFD}');
                        }
                        Err(_) => {}
                    }
                    return;
                }
                match b {
                    0x1b => self.state = State::Esc,
                    b'\r' => {
                        self.x = 0;
                        self.pending_wrap = false;
                    }
                    b'\n' | 0x0b | 0x0c => self.line_feed(),
                    0x08 => {
                        self.x = self.x.saturating_sub(1);
                        self.pending_wrap = false;
                    }
                    b'\t' => {
                        self.x = ((self.x / 8 + 1) * 8).min(self.cols - 1);
                    }
                    0x00..=0x1f | 0x7f => {}
                    _ => self.print(b as char),
                }
            }
            State::Esc => {
                self.state = State::Ground;
                match b {
                    b'[' => {
                        self.params.clear();
                        self.state = State::Csi;
                    }
                    b']' | b'P' | b'_' | b'^' => self.state = State::Osc,
                    b'(' | b')' | b'*' | b'+' | b'#' | b'%' => self.state = State::Charset,
                    b'M' => self.y = self.y.saturating_sub(1),
                    b'c' => {
                        *self =
                            Emulator::new(self.cols, self.rows, self.ambiguous_wide, self.answers)
                    }
                    _ => {}
                }
            }
            State::Charset => self.state = State::Ground,
            State::Osc => match b {
                0x07 => self.state = State::Ground,
                0x1b => self.state = State::OscEsc,
                _ => {}
            },
            State::OscEsc => self.state = State::Ground,
            State::Csi => {
                if (0x40..=0x7e).contains(&b) {
                    self.state = State::Ground;
                    let params = std::mem::take(&mut self.params);
                    self.csi(&params, b);
                } else {
                    self.params.push(b as char);
                }
            }
        }
    }

    fn line_feed(&mut self) {
        self.pending_wrap = false;
        if self.y + 1 >= self.rows {
            self.grid.remove(0);
            self.grid.push(vec![" ".to_string(); self.cols]);
            self.reverse.remove(0);
            self.reverse.push(vec![false; self.cols]);
        } else {
            self.y += 1;
        }
    }

    /// Blanks the other half of a two-cell character that cell `x` of the current row is part
    /// of, before the cell is overwritten.
    fn break_wide(&mut self, x: usize) {
        let row = &mut self.grid[self.y];
        if row[x].is_empty() && x > 0 {
            row[x - 1] = " ".into();
        }
        if x + 1 < self.cols && row[x + 1].is_empty() {
            row[x + 1] = " ".into();
        }
    }

    fn print(&mut self, c: char) {
        let w = self.width(c);
        if w == 0 {
            return;
        }
        if self.pending_wrap {
            self.overflows += 1;
            self.x = 0;
            self.line_feed();
        }
        if w == 2 && self.x + 1 >= self.cols {
            // Does not fit in the last column: xterm wraps it to the next line.
            self.overflows += 1;
            self.break_wide(self.x);
            self.grid[self.y][self.x] = " ".into();
            self.x = 0;
            self.line_feed();
        }
        for k in 0..w {
            self.break_wide(self.x + k);
        }
        self.grid[self.y][self.x] = c.to_string();
        self.reverse[self.y][self.x] = self.sgr_reverse;
        if w == 2 {
            self.grid[self.y][self.x + 1] = String::new();
            self.reverse[self.y][self.x + 1] = self.sgr_reverse;
        }
        if self.x + w >= self.cols {
            self.x = self.cols - 1;
            self.pending_wrap = true;
        } else {
            self.x += w;
        }
    }

    fn erase(&mut self, y: usize, from: usize, to: usize) {
        for x in from..to.min(self.cols) {
            self.grid[y][x] = " ".into();
            self.reverse[y][x] = false;
        }
        if from > 0 && from < self.cols && self.grid[y][from - 1] != " " {
            // A wide character cut in half at the left edge of the erased part.
            let left = &self.grid[y][from - 1];
            if !left.is_empty() && left.chars().next().is_some_and(|c| self.width(c) == 2) {
                self.grid[y][from - 1] = " ".into();
            }
        }
    }

    fn csi(&mut self, params: &str, fin: u8) {
        let private = params.starts_with(['?', '>', '<', '=']);
        let nums: Vec<usize> = params
            .trim_start_matches(['?', '>', '<', '='])
            .split(';')
            .map(|p| p.parse().unwrap_or(0))
            .collect();
        let n = |i: usize, default: usize| -> usize {
            match nums.get(i) {
                Some(&0) | None => default,
                Some(&v) => v,
            }
        };
        match fin {
            b'H' | b'f' => {
                self.y = (n(0, 1) - 1).min(self.rows - 1);
                self.x = (n(1, 1) - 1).min(self.cols - 1);
                self.pending_wrap = false;
            }
            b'A' => {
                self.y = self.y.saturating_sub(n(0, 1));
                self.pending_wrap = false;
            }
            b'B' => {
                self.y = (self.y + n(0, 1)).min(self.rows - 1);
                self.pending_wrap = false;
            }
            b'C' => {
                self.x = (self.x + n(0, 1)).min(self.cols - 1);
                self.pending_wrap = false;
            }
            b'D' => {
                self.x = self.x.saturating_sub(n(0, 1));
                self.pending_wrap = false;
            }
            b'G' => {
                self.x = (n(0, 1) - 1).min(self.cols - 1);
                self.pending_wrap = false;
            }
            b'd' => {
                self.y = (n(0, 1) - 1).min(self.rows - 1);
                self.pending_wrap = false;
            }
            b'J' => match nums.first().copied().unwrap_or(0) {
                0 => {
                    self.erase(self.y, self.x, self.cols);
                    for y in self.y + 1..self.rows {
                        self.erase(y, 0, self.cols);
                    }
                }
                1 => {
                    for y in 0..self.y {
                        self.erase(y, 0, self.cols);
                    }
                    self.erase(self.y, 0, self.x + 1);
                }
                _ => {
                    for y in 0..self.rows {
                        self.erase(y, 0, self.cols);
                    }
                }
            },
            b'K' => match nums.first().copied().unwrap_or(0) {
                0 => self.erase(self.y, self.x, self.cols),
                1 => self.erase(self.y, 0, self.x + 1),
                _ => {
                    self.erase(self.y, 0, self.cols);
                    if self.requests > 0
                        && let Some((_, after)) = self.typing_around_the_probe.take()
                    {
                        self.replies.extend_from_slice(&after);
                    }
                }
            },
            b'X' => {
                let to = self.x + n(0, 1);
                self.erase(self.y, self.x, to);
            }
            b'm' if !private => {
                let mut i = 0;
                while i < nums.len() {
                    match nums[i] {
                        0 | 27 => self.sgr_reverse = false,
                        7 => self.sgr_reverse = true,
                        // Extended colours: 38;5;N or 38;2;R;G;B (and 48, 58).
                        38 | 48 | 58 => i += if nums.get(i + 1) == Some(&5) { 2 } else { 4 },
                        _ => {}
                    }
                    i += 1;
                }
            }
            b'h' | b'l' if private && nums.contains(&25) => self.cursor_visible = fin == b'h',
            b'h' if private && nums.contains(&1049) => {
                for y in 0..self.rows {
                    self.erase(y, 0, self.cols);
                }
            }
            b'n' if !private && nums.first() == Some(&6) => {
                self.requests += 1;
                if let Some((before, _)) = &mut self.typing_around_the_probe {
                    self.replies.append(before);
                }
                if self.answers {
                    let reply = format!("\u{1b}[{};{}R", self.y + 1, self.x + 1);
                    self.replies.extend_from_slice(reply.as_bytes());
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ambiguous_characters_take_two_cells_when_wide() {
        let mut wide = Emulator::new(10, 2, true, true);
        wide.feed("\u{1b}[1;1H─※\u{1b}[6n".as_bytes());
        assert_eq!(wide.replies, b"\x1b[1;5R");
        let mut narrow = Emulator::new(10, 2, false, true);
        narrow.feed("\u{1b}[1;1H─※\u{1b}[6n".as_bytes());
        assert_eq!(narrow.replies, b"\x1b[1;3R");
    }
}
