//! Drawing only what changed. The interview's terminal (`term::screen`) keeps the last frame;
//! each pane is drawn again only when what it is drawn from changed since, and only the rows
//! and columns drawn are compared with the last frame — a cursor move at 200×60 then draws
//! the tree's two cursor rows and the item pane, not the title, the score strip and the key
//! bar. Of the item pane only the top border and the rows whose line of text differs from
//! last time's are drawn when its border is as before ([`Redraw::pane`]): the rows a move
//! leaves as they were (the choices, the notes, the heading path of two items under one
//! goal, the blank rows below), the side borders and the bottom border are already on
//! screen, so a move compares the rows that changed, not the pane's 7,700 cells. The tree's
//! rows and the notes editor's text are drawn row by row ([`Redraw::row`]) inside their
//! part's frame: an answer draws the item's row and its headings' rows, not the whole tree,
//! and a character typed draws and compares one row.
//!
//! What a pane is drawn from is summed up in a 64-bit key ([`Key`]): the pane's area, the
//! language and theme, and the parts of the App it reads. Every change of the sheet through
//! the App sets `sheet.updated`; the key takes that time together with each answer's score,
//! marks, note lengths and times, so that no change of the sheet leaves a pane as it was.
//! Everything else a pane shows is in its key directly (cursor, scroll, collapsed headings,
//! last year's sheet, the search, the save state, the message). A part is drawn again, too,
//! when something drawn before it in the frame overlaps it (a pane under the editor). Screens
//! that are rare or small (an open dialog, help, a form, the focus view, a small terminal, a
//! resize) are drawn whole.
//!
//! `tests/it/tui_screens.rs` checks the promise: after random keys, what the incremental
//! frames leave on screen is the whole frame drawn afresh.

use std::hash::{Hash, Hasher};

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::tui::app::{App, Mode, Pane};

/// The panes drawn by key (the key bar too, but for an open prompt, whose text changes with
/// every key).
#[derive(Clone, Copy)]
pub(crate) enum Part {
    Title,
    /// The tree's frame and what all its rows share.
    Tree,
    /// Everything the tree's rows are drawn from (the sheet, the cursor, the view, the
    /// scroll): when it is as last time, no row is looked at.
    TreeRows,
    Item,
    Scores,
    KeyBar,
    /// The notes editor's frame: its borders, the item's wording, the fields' titles and the
    /// keys; the fields' text is drawn by row ([`Redraw::row`]).
    Editor,
}

/// How many [`Part`]s there are.
const PARTS: usize = 7;

/// The parts whose rows are drawn by [`Redraw::row`].
#[derive(Clone, Copy)]
pub(crate) enum RowsOf {
    Tree,
    Editor,
}

impl RowsOf {
    fn part(self) -> Part {
        match self {
            RowsOf::Tree => Part::Tree,
            RowsOf::Editor => Part::Editor,
        }
    }
}

/// What was drawn last and where the frame changed.
#[derive(Debug, Default)]
pub(crate) struct Memo {
    /// The screen's layout last time: area and overlay; when it differs, all is drawn.
    layout: Option<u64>,
    keys: [Option<u64>; PARTS],
    /// The item pane's frame (area, theme, focus: [`Redraw::pane`]) when it was last drawn,
    /// and the key of each row of text it held below its top border ([`line_key`]): the rows
    /// below those are blank on screen until the pane is drawn again.
    pane: Option<(u64, Vec<u64>)>,
    /// The key of each row drawn by [`Redraw::row`], by part and screen row.
    rows: [Vec<Option<u64>>; PARTS],
    /// Per row, the columns compared this frame (`start..end`, from the first column drawn
    /// to the last; empty when none).
    damage: Vec<(u16, u16)>,
    /// The areas drawn this frame.
    drawn: Vec<Rect>,
}

impl Memo {
    /// Forgets the last frame: the next one is drawn whole.
    pub(crate) fn forget(&mut self) {
        self.layout = None;
    }

    /// The columns compared in each row this frame.
    pub(crate) fn damage(&self) -> &[(u16, u16)] {
        &self.damage
    }

    /// The areas drawn this frame (between them, a row's compared columns may hold some that
    /// were not drawn).
    pub(crate) fn drawn(&self) -> &[Rect] {
        &self.drawn
    }
}

/// How a frame is drawn: whole (into a blank buffer), or only what changed.
pub(crate) enum Redraw<'a> {
    All,
    Changed(&'a mut Memo),
}

/// What [`Redraw::pane`] blanked of a pane, to be drawn.
#[derive(Debug, PartialEq)]
pub(crate) enum PaneRows {
    /// All of it: borders and every row.
    Whole,
    /// Its top border, and these rows inside it (from the top of its inner area).
    Rows(Vec<u16>),
}

/// The key of one row of text as a pane draws it: what [`Redraw::pane`] compares with
/// last time's.
pub(crate) fn line_key(line: &ratatui::text::Line<'_>) -> u64 {
    key(|h| line.hash(h))
}

impl Redraw<'_> {
    /// Starts a frame of `area` whose layout is summed up by `layout` (`None`: a screen drawn
    /// whole every time).
    pub(crate) fn begin(&mut self, area: Rect, layout: Option<u64>, buf: &mut Buffer) {
        let Redraw::Changed(memo) = self else {
            return;
        };
        memo.damage.clear();
        memo.damage.resize(area.bottom() as usize, (0, 0));
        memo.drawn.clear();
        let layout = layout.map(|l| key(|h| (area, l).hash(h)));
        if layout.is_none() || layout != memo.layout {
            memo.layout = layout;
            memo.keys = [None; PARTS];
            memo.pane = None;
            for rows in &mut memo.rows {
                rows.clear();
            }
            buf.reset();
            for row in &mut memo.damage[area.top() as usize..] {
                *row = (area.left(), area.right());
            }
            memo.drawn.push(area);
        }
    }

    /// Whether `part` must be drawn into `area`: always when drawing whole; else when its
    /// key changed or something drawn before it in this frame overlaps it (the panes under
    /// the notes editor), and then its area is blanked and counted as drawn.
    pub(crate) fn part(
        &mut self,
        part: Part,
        area: Rect,
        buf: &mut Buffer,
        inputs: impl FnOnce(&mut Fx),
    ) -> bool {
        if !self.changed(part, area, inputs) {
            return false;
        }
        self.area(area, buf);
        true
    }

    /// Whether `part` must be drawn (always when drawing whole): its key changed, or something
    /// drawn before it in this frame overlaps it (the panes under the notes editor). Nothing
    /// is blanked. A part drawn again draws its rows ([`Redraw::row`]) again too.
    pub(crate) fn changed(&mut self, part: Part, area: Rect, inputs: impl FnOnce(&mut Fx)) -> bool {
        let Redraw::Changed(memo) = self else {
            return true;
        };
        let key = area_key(area, inputs);
        let overdrawn = memo.drawn.iter().any(|r| r.intersects(area));
        let changed = replaced(&mut memo.keys[part as usize], key) || overdrawn;
        if changed {
            memo.rows[part as usize].clear();
        }
        changed
    }

    /// Whether one row, `row` (one screen row inside the part `of`, whose own key holds what
    /// all its rows share), must be drawn: always when drawing whole; else when its key (the
    /// row's place and `inputs`, what it alone shows) changed since the last frame or its
    /// part was drawn again, and then it is blanked and counted as drawn. A character typed
    /// then draws and compares the row it changed, not the whole editor; an answer the rows
    /// of the item and its headings, not the whole tree.
    pub(crate) fn row(
        &mut self,
        of: RowsOf,
        row: Rect,
        buf: &mut Buffer,
        inputs: impl FnOnce(&mut Fx),
    ) -> bool {
        let Redraw::Changed(memo) = self else {
            return true;
        };
        let key = area_key(row, inputs);
        let y = usize::from(row.y);
        let rows = &mut memo.rows[of.part() as usize];
        if rows.len() <= y {
            rows.resize(y + 1, None);
        }
        if !replaced(&mut rows[y], key) {
            return false;
        }
        self.area(row, buf);
        true
    }

    /// The rows of a bordered pane to draw when its text changed (after [`Redraw::changed`]):
    /// `inner` is the area inside its borders, `lines` the key of each row of text it shows
    /// now from the top of `inner` ([`line_key`]), and `frame` sums up its border (theme,
    /// focus; the area is added). When the frame is as last drawn, only the top border (the
    /// pane's first row, whole) and the rows of `inner` whose line differs from last time's
    /// are blanked, each from `inner`'s left to its right: the side borders, the other rows
    /// and the bottom border stay as they are on screen. Else all of `area` is blanked.
    pub(crate) fn pane(
        &mut self,
        area: Rect,
        inner: Rect,
        buf: &mut Buffer,
        frame: impl FnOnce(&mut Fx),
        lines: &[u64],
    ) -> PaneRows {
        let Redraw::Changed(memo) = self else {
            return PaneRows::Whole;
        };
        let frame = key(|h| {
            area.hash(h);
            frame(h);
        });
        // Something drawn before it this frame (a screen drawn whole) blanked what it covers.
        let overdrawn = memo.drawn.iter().any(|r| r.intersects(area));
        let last = match memo.pane.replace((frame, lines.to_vec())) {
            Some((last, rows)) if last == frame && !overdrawn => rows,
            _ => {
                self.area(area, buf);
                return PaneRows::Whole;
            }
        };
        self.area(Rect { height: 1, ..area }, buf);
        let changed: Vec<u16> = (0..lines.len().max(last.len()))
            .filter(|&i| lines.get(i) != last.get(i))
            .filter_map(|i| u16::try_from(i).ok())
            .filter(|&i| i < inner.height)
            .collect();
        for &i in &changed {
            self.area(
                Rect {
                    y: inner.y + i,
                    height: 1,
                    ..inner
                },
                buf,
            );
        }
        PaneRows::Rows(changed)
    }

    /// `area` is drawn this frame whatever its inputs: it is blanked and counted as drawn.
    pub(crate) fn area(&mut self, area: Rect, buf: &mut Buffer) {
        let Redraw::Changed(memo) = self else {
            return;
        };
        let area = area.intersection(buf.area);
        memo.drawn.push(area);
        for y in area.top()..area.bottom() {
            let row = &mut memo.damage[y as usize];
            *row = if row.0 == row.1 {
                (area.left(), area.right())
            } else {
                (row.0.min(area.left()), row.1.max(area.right()))
            };
            let start = buf.index_of(area.x, y);
            for cell in &mut buf.content[start..start + area.width as usize] {
                cell.reset();
            }
        }
    }
}

/// A small fast hasher for the keys (FxHash's mixing).
#[derive(Default)]
pub(crate) struct Fx(u64);

impl Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(word));
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_u8(&mut self, n: u8) {
        self.write_u64(n.into());
    }
    fn write_u16(&mut self, n: u16) {
        self.write_u64(n.into());
    }
    fn write_u32(&mut self, n: u32) {
        self.write_u64(n.into());
    }
    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// The key of `area` drawn from `inputs`.
fn area_key(area: Rect, inputs: impl FnOnce(&mut Fx)) -> u64 {
    key(|h| {
        area.hash(h);
        inputs(h);
    })
}

/// Puts `key` in `slot`; whether it was not there already.
fn replaced(slot: &mut Option<u64>, key: u64) -> bool {
    slot.replace(key) != Some(key)
}

fn key(f: impl FnOnce(&mut Fx)) -> u64 {
    let mut h = Fx::default();
    f(&mut h);
    h.finish()
}

/// What every pane is drawn with: language and theme.
pub(crate) fn common(app: &App, h: &mut Fx) {
    let theme = app.options.theme;
    (
        app.lang() as u8,
        theme.ascii,
        theme.color,
        theme.ambiguous.wide,
    )
        .hash(h);
}

/// The sheet as the panes show it: its header, each answer's score, marks, the lengths of
/// its notes and its time, and the flags and lengths of the notes on unanswered items (every change through the App also sets `sheet.updated`).
/// Summed once per frame: each pane's key takes the sum.
pub(crate) fn sheet(app: &App) -> u64 {
    key(|h| sheet_into(app, h))
}

fn sheet_into(app: &App, h: &mut Fx) {
    let s = &app.sheet;
    (
        &s.updated,
        &s.organization,
        s.fiscal_year,
        &s.seal,
        &s.respondent,
    )
        .hash(h);
    (&s.inspector, &s.approver, &s.inspected_on, &s.profile).hash(h);
    s.answers.len().hash(h);
    for a in s.answers.values() {
        (
            a.score,
            a.flagged,
            a.unconfirmed,
            &a.updated,
            a.history.len(),
        )
            .hash(h);
        (a.comment.len(), a.evidence.len()).hash(h);
        if let Some(p) = &a.plan {
            (p.action.len(), p.owner.len(), p.due.len(), p.carried).hash(h);
        }
    }
    // Notes on unanswered items, as an answer's are: their flag is drawn in the tree.
    s.notes.len().hash(h);
    for n in s.notes.values() {
        (
            n.flagged,
            n.comment.len(),
            n.evidence.len(),
            n.plan.is_some(),
        )
            .hash(h);
    }
    (app.read_only, app.score.unconfirmed, app.warnings.len()).hash(h);
}

/// Where the reader is: cursor, focus, scrolling, folding, search and last year's sheet.
pub(crate) fn place(app: &App, h: &mut Fx) {
    (app.cursor, app.item_scroll, app.tree_offset.get()).hash(h);
    view(app, h);
}

/// How the checklist is shown, but for the cursor: focus, folding, search, last year.
pub(crate) fn view(app: &App, h: &mut Fx) {
    (app.pane == Pane::Tree).hash(h);
    // Folding in any order: a sum of each heading's own key.
    let collapsed = app.folding.collapsed();
    let count = collapsed.len();
    let folded = collapsed.fold(0u64, |sum, n| sum.wrapping_add(key(|h| n.hash(h))));
    (count, folded).hash(h);
    app.last_search.hash(h);
    previous(app, h);
    std::mem::discriminant(&app.mode).hash(h);
}

/// Last year's sheet, if shown.
pub(crate) fn previous(app: &App, h: &mut Fx) {
    app.show_previous.hash(h);
    if let Some(p) = &app.previous {
        (&p.name, p.sheet.answers.len(), &p.sheet.updated).hash(h);
    }
}

/// The layout's part of the key: which overlay is open, if it is one drawn by key (the notes
/// editor, opaque over the width of the body); `None` for screens drawn whole.
pub(crate) fn layout(app: &App, full: bool) -> Option<u64> {
    if !full || app.focus_view {
        return None;
    }
    match &app.mode {
        Mode::Normal | Mode::Prompt { .. } => Some(0),
        Mode::Editor(e) => Some(1 + e.position as u64 * 8 + e.kind as u64),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The areas drawn so far this frame.
    fn memo_drawn(redraw: &Redraw<'_>) -> Vec<Rect> {
        match redraw {
            Redraw::Changed(memo) => memo.drawn().to_vec(),
            Redraw::All => Vec::new(),
        }
    }

    /// The item pane draws its top border and the rows whose line changed when its frame is
    /// as before; all of it when something drawn before it this frame blanked part of it
    /// (its other rows and border would then stay blank), or when its frame changed.
    #[test]
    fn a_pane_draws_the_rows_whose_line_changed() {
        let screen = Rect::new(0, 0, 40, 20);
        let pane = Rect::new(0, 2, 40, 16);
        let inner = Rect::new(1, 3, 38, 14);
        let mut buf = Buffer::empty(screen);
        let mut memo = Memo::default();
        let rows = |v: &[u16]| PaneRows::Rows(v.to_vec());
        let steps: [(Option<Rect>, u8, &[u64], PaneRows); 7] = [
            (None, 7, &[1, 2, 3], PaneRows::Whole),
            (None, 7, &[1, 2, 3], rows(&[])),
            (None, 7, &[1, 5, 3, 4], rows(&[1, 3])),
            // Fewer rows: those that held text are blanked.
            (None, 7, &[1], rows(&[1, 2, 3])),
            (Some(Rect::new(0, 10, 40, 4)), 7, &[1], PaneRows::Whole),
            (None, 8, &[1], PaneRows::Whole),
            (None, 8, &[2], rows(&[0])),
        ];
        for (over, frame, lines, want) in steps {
            let mut redraw = Redraw::Changed(&mut memo);
            redraw.begin(screen, Some(1), &mut buf);
            if let Some(over) = over {
                redraw.area(over, &mut buf);
            }
            let before = memo_drawn(&redraw);
            let got = redraw.pane(pane, inner, &mut buf, |h| frame.hash(h), lines);
            let drawn = memo_drawn(&redraw)[before.len()..].to_vec();
            match &want {
                PaneRows::Whole => assert_eq!(drawn, [pane], "{lines:?}"),
                PaneRows::Rows(r) => {
                    let mut expected = vec![Rect { height: 1, ..pane }];
                    expected.extend(r.iter().map(|&i| Rect::new(1, 3 + i, 38, 1)));
                    assert_eq!(drawn, expected, "{lines:?}");
                }
            }
            assert_eq!(got, want, "{lines:?}");
        }
    }
}
