//! A notes field's text as the editor draws it: each of its lines (paragraphs) wrapped to
//! the field's width by the one wrapping of the app (`view::line_starts`, UAX #14 with the
//! Japanese rules), kept between frames and wrapped again only where the text changed; where
//! the cursor stands on screen; and the cursor's moves by display line (Up/Down, Home/End) as
//! the user sees the lines.

use crate::safe_text::{char_width, is_unsafe_char};
use crate::tui::view::{line_starts, line_starts_after, shown_chars};

/// The wrapped text of one field and the first display row shown (the view's scroll
/// position, kept so that the text scrolls only when the cursor leaves the field).
#[derive(Clone, Debug, Default)]
pub(crate) struct Wrapped {
    /// The width wrapped to, in cells; 0 until the field is drawn.
    width: usize,
    paras: Vec<Para>,
    pub(crate) top: usize,
    /// The cursor (line, character) that End (or Up/Down from a row's end) put after the last
    /// character of a display row that is not its paragraph's last. That place is also where
    /// the next row starts; the cursor is shown at the end of the row it was put on while it
    /// stays there.
    row_end: Option<(usize, usize)>,
}

/// A line of the text as the editor draws it: a character that must not reach the terminal
/// raw (a control, a bidirectional override, U+2028 …: `safe_text::is_unsafe_char`) is one
/// visible cell, U+FFFD (`?` where ambiguous characters are wide), so that it can be seen and
/// deleted; one character for one, so that the cursor's place in the text is its place here.
/// The text kept and saved is the one typed or loaded, unchanged.
fn shown_for_editing(line: &str) -> String {
    line.chars()
        .map(|c| if is_unsafe_char(c) { '\u{FFFD}' } else { c })
        .collect()
}

/// One line of the text as it was wrapped: the text then, and where its display lines begin
/// (byte offsets, the first 0).
#[derive(Clone, Debug)]
struct Para {
    /// The line as drawn ([`shown_for_editing`]).
    text: String,
    /// The line as typed or loaded, where it differs from `text`.
    typed: Option<String>,
    starts: Vec<usize>,
}

impl Para {
    /// The line as typed or loaded: what the field's line is compared with.
    fn typed(&self) -> &str {
        self.typed.as_deref().unwrap_or(&self.text)
    }

    /// Display line `k` of the paragraph: its text and where it starts.
    fn line(&self, k: usize) -> (usize, &str) {
        let start = self.starts[k];
        let end = self.starts.get(k + 1).copied().unwrap_or(self.text.len());
        (start, &self.text[start..end])
    }
}

impl Wrapped {
    /// The width last wrapped to (0: never drawn).
    pub(crate) fn width(&self) -> usize {
        self.width
    }

    /// Brings the wrap up to date with the field's `lines` at `width` cells. Lines that did
    /// not change keep their wrap: those before the first changed line and those after the
    /// last (a line inserted or removed shifts the rest without wrapping it again); a line
    /// edited in place keeps the display lines before the edit (`view::line_starts_after`).
    pub(crate) fn update(&mut self, lines: &[String], width: usize) {
        if width != self.width {
            self.paras.clear();
            self.width = width;
        }
        let old = &self.paras;
        let head = old
            .iter()
            .zip(lines)
            .take_while(|(p, l)| p.typed() == l.as_str())
            .count();
        let tail = old[head..]
            .iter()
            .rev()
            .zip(lines[head..].iter().rev())
            .take_while(|(p, l)| p.typed() == l.as_str())
            .count();
        let end = old.len() - tail;
        // One line edited in place (a character typed, deleted, pasted): its lines before
        // the edit are kept.
        let edited = (end == head + 1 && lines.len() - tail == head + 1).then(|| &old[head]);
        let changed = lines[head..lines.len() - tail].iter().map(|l| {
            // The text as drawn: each character unsafe on a terminal one visible cell.
            let (text, typed) = match l.chars().any(is_unsafe_char) {
                true => (shown_for_editing(l), Some(l.clone())),
                false => (l.clone(), None),
            };
            let starts = match edited {
                Some(was) => line_starts_after(&was.text, &was.starts, &text, width),
                None => line_starts(&text, width),
            };
            Para {
                text,
                typed,
                starts,
            }
        });
        self.paras.splice(head..end, changed.collect::<Vec<_>>());
    }

    /// How many display rows the text takes.
    pub(crate) fn rows(&self) -> usize {
        self.paras.iter().map(|p| p.starts.len()).sum()
    }

    /// The display rows from `first` on, as wrapped: the part of its paragraph each holds
    /// (what a row shows of it is `view::shown_text`'s, worked out only for a row drawn).
    pub(crate) fn rows_from(&self, first: usize) -> impl Iterator<Item = &str> + '_ {
        self.paras
            .iter()
            .flat_map(|p| (0..p.starts.len()).map(move |k| p.line(k).1))
            .skip(first)
    }

    /// The display rows from `first` on: the characters each shows.
    #[cfg(test)]
    pub(crate) fn lines_from(&self, first: usize) -> impl Iterator<Item = String> + '_ {
        let width = self.width;
        self.rows_from(first)
            .map(move |l| crate::tui::view::shown_text(l, width).into_owned())
    }

    /// The paragraph of display row `row` and the row's number within it.
    fn find(&self, row: usize) -> Option<(usize, usize)> {
        let mut first = 0;
        for (i, p) in self.paras.iter().enumerate() {
            if row < first + p.starts.len() {
                return Some((i, row - first));
            }
            first += p.starts.len();
        }
        None
    }

    /// Where the text cursor (line, character) stands: display row and column in cells.
    pub(crate) fn spot(&self, line: usize, col: usize) -> (usize, usize) {
        let Some(para) = self.paras.get(line) else {
            return (self.rows(), 0);
        };
        let row0: usize = self.paras[..line].iter().map(|p| p.starts.len()).sum();
        let byte = para
            .text
            .char_indices()
            .nth(col)
            .map_or(para.text.len(), |(b, _)| b);
        let k = para.starts.partition_point(|&s| s <= byte) - 1;
        if k > 0 && para.starts[k] == byte && self.row_end == Some((line, col)) {
            let x = self.cells(para.line(k - 1).1);
            if x < self.width {
                return (row0 + k - 1, x);
            }
        }
        let (start, text) = para.line(k);
        let x = shown_chars(text, self.width)
            .take_while(|&(b, _)| start + b < byte)
            .map(|(_, c)| char_width(c))
            .sum();
        (row0 + k, x)
    }

    /// The text cursor (line, character) on display row `row` nearest column `col` at or
    /// before it, and whether that is the end of a row that is not its paragraph's last
    /// (`col` at or past the row's last cell). A row's end is its paragraph's end on the
    /// paragraph's last row; elsewhere it is where the next row starts, shown on this row only
    /// when a move put it there (see `row_end`).
    fn at(&self, row: usize, col: usize) -> Option<((usize, usize), bool)> {
        let (i, k) = self.find(row)?;
        let para = &self.paras[i];
        let (start, text) = para.line(k);
        let mut best = start;
        let mut x = 0;
        for (b, c) in shown_chars(text, self.width) {
            if x > col {
                break;
            }
            best = start + b;
            x += char_width(c);
        }
        let past = x <= col;
        if past {
            best = start + text.len();
        }
        let to = (i, para.text[..best].chars().count());
        Some((to, past && k + 1 < para.starts.len()))
    }

    /// Moves the cursor to display row `row`, column `col` (as [`Wrapped::at`]),
    /// remembering a row's end so that the cursor is shown there.
    fn go(&mut self, row: usize, col: usize) -> Option<(usize, usize)> {
        let (to, row_end) = self.at(row, col)?;
        self.row_end = row_end.then_some(to);
        Some(to)
    }

    /// Where the cursor at (line, character) goes on Up (`-1`) or Down (`1`): the display
    /// row above or below, at the same column or the nearest before it (at the row's end
    /// when the column is past it); `None` at the top or the bottom.
    pub(crate) fn vertical(
        &mut self,
        line: usize,
        col: usize,
        delta: isize,
    ) -> Option<(usize, usize)> {
        let (row, x) = self.spot(line, col);
        let to = row.checked_add_signed(delta)?;
        self.go(to, x)
    }

    /// Where Home (`end` false) or End (`end` true) takes the cursor at (line, character):
    /// the start or the end of its display row. The end of a row that is not its
    /// paragraph's last is after its last character, where the next row starts; the cursor
    /// is shown on this row there.
    pub(crate) fn row_edge(
        &mut self,
        line: usize,
        col: usize,
        end: bool,
    ) -> Option<(usize, usize)> {
        let (row, _) = self.spot(line, col);
        self.go(row, if end { usize::MAX } else { 0 })
    }

    /// The cursor no longer stands where a move put it (a key that is not a move by display
    /// line): it is shown where its character is again.
    pub(crate) fn forget_row_end(&mut self) {
        self.row_end = None;
    }

    /// The cells a display row's shown characters take.
    fn cells(&self, text: &str) -> usize {
        shown_chars(text, self.width)
            .map(|(_, c)| char_width(c))
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wrapped(text: &str, width: usize) -> Wrapped {
        let lines: Vec<String> = text.split('\n').map(str::to_string).collect();
        let mut w = Wrapped::default();
        w.update(&lines, width);
        w
    }

    #[test]
    fn rows_are_the_apps_wrap() {
        let text = "あいう。えお\n\n会議（6月・12月）を開いた";
        let w = wrapped(text, 6);
        let rows: Vec<String> = w.lines_from(0).collect();
        assert_eq!(rows, crate::tui::view::wrap_cells(text, 6));
        assert_eq!(w.rows(), rows.len());
        assert_eq!(w.lines_from(3).next().as_deref(), Some(rows[3].as_str()));
    }

    #[test]
    fn the_cursor_stands_where_its_character_is() {
        // "あい" / "う。" / "えお" at 4 cells.
        let w = wrapped("あいう。えお", 4);
        assert_eq!(w.spot(0, 0), (0, 0));
        assert_eq!(w.spot(0, 1), (0, 2));
        assert_eq!(w.spot(0, 2), (1, 0), "う starts the second row");
        assert_eq!(w.spot(0, 3), (1, 2));
        assert_eq!(w.spot(0, 6), (2, 4), "the end of the text");
        // Back from a spot to the cursor.
        for c in 0..=6 {
            let (r, x) = w.spot(0, c);
            assert_eq!(w.at(r, x), Some(((0, c), false)), "{c}");
        }
    }

    #[test]
    fn up_down_home_and_end_go_by_display_rows() {
        let mut w = wrapped("あいう。えお\nab", 4);
        assert_eq!(w.vertical(0, 5, -1), Some((0, 3)), "お → 。");
        assert_eq!(w.vertical(0, 3, 1), Some((0, 5)));
        assert_eq!(
            w.vertical(0, 5, 1),
            Some((1, 2)),
            "into the next line, at its end"
        );
        assert_eq!(w.vertical(0, 1, -1), None, "the top");
        assert_eq!(w.vertical(1, 0, 1), None, "the bottom");
        assert_eq!(w.row_edge(0, 3, false), Some((0, 2)));
        assert_eq!(
            w.row_edge(0, 2, true),
            Some((0, 4)),
            "after the row's last character: where the next row starts"
        );
        assert_eq!(
            w.spot(0, 4),
            (2, 0),
            "the row 「う。」 is full: the cursor is shown where the next row starts"
        );
        assert_eq!(w.row_edge(0, 4, true), Some((0, 6)), "the paragraph's end");
    }

    /// End on a display row that is not its paragraph's last puts the cursor after the
    /// row's last character (a character typed then goes there, not before it), and shows it
    /// in the cell after that character while the row has one; Home, Up, Down and End again
    /// go from there as seen.
    #[test]
    fn end_on_a_wrapped_row_stands_after_its_last_character() {
        // "あい" / "う。" / "えお" at 5 cells: each row has a free cell after it.
        let mut w = wrapped("あいう。えお", 5);
        assert_eq!(w.row_edge(0, 0, true), Some((0, 2)), "after い");
        assert_eq!(w.spot(0, 2), (0, 4), "shown after い, on its row");
        assert_eq!(w.row_edge(0, 2, true), Some((0, 2)), "End again stays");
        assert_eq!(
            w.row_edge(0, 2, false),
            Some((0, 0)),
            "Home: this row's start"
        );
        assert_eq!(w.vertical(0, 2, 1), Some((0, 4)), "Down: after 。 below");
        w.forget_row_end();
        assert_eq!(w.spot(0, 2), (1, 0), "any other key: う's place again");
    }

    #[test]
    fn only_changed_lines_are_wrapped_again() {
        let mut lines: Vec<String> = ["あいう。えお", "かきく", "さしすせそ"]
            .map(str::to_string)
            .into();
        let mut w = Wrapped::default();
        w.update(&lines, 4);
        lines.insert(1, "新しい行".into());
        lines[3].push('た');
        w.update(&lines, 4);
        let joined = lines.join("\n");
        assert_eq!(
            w.lines_from(0).collect::<Vec<_>>(),
            crate::tui::view::wrap_cells(&joined, 4)
        );
        w.update(&lines, 6);
        assert_eq!(
            w.lines_from(0).collect::<Vec<_>>(),
            crate::tui::view::wrap_cells(&joined, 6),
            "a new width wraps everything again"
        );
    }
}
