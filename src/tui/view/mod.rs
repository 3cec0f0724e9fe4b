//! Drawing: `render(&App, &mut Frame)`. One file per pane; nothing here changes the state.
//!
//! Text is wrapped and truncated here by terminal cells (CJK counts two) instead of with
//! `Paragraph::wrap`, which can panic on wide graphemes in very narrow areas (ratatui#2679),
//! and every text that comes from a file passes `safe_text::sanitize_*` first.

pub(crate) mod dialog;
pub(crate) mod editor;
pub(crate) mod focus;
pub mod form;
pub(crate) mod help;
pub(crate) mod item;
pub(crate) mod keybar;
pub(crate) mod line;
pub(crate) mod memo;
pub(crate) mod pane;
pub(crate) mod previous;
pub(crate) mod scores;
pub(crate) mod title;
pub mod tree;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::Widget;

use std::hash::Hash;

use crate::lang::{Lang, say};
use crate::tui::app::{App, Mode, Pane, Reach};
use crate::tui::theme::Theme;
use memo::{Memo, Part, Redraw, RowsOf};
use pane::PaneBlock;

/// The full layout needs this much room; below it the reduced layout is used.
pub(crate) const FULL_WIDTH: u16 = 80;
pub(crate) const FULL_HEIGHT: u16 = 24;
/// Below this even the reduced layout does not fit: only a message is shown.
pub(crate) const MIN_WIDTH: u16 = 30;
pub(crate) const MIN_HEIGHT: u16 = 8;

/// Draws the whole application. The terminal's cursor is shown where typed text goes (an
/// editor, a `:` or `/` prompt), so an input method's composition window opens there, and
/// hidden otherwise.
pub fn render(app: &App, frame: &mut Frame) {
    let area = frame.area();
    let buf = frame.buffer_mut();
    if let Some(p) = draw(app, area, buf) {
        frame.set_cursor_position(p);
    }
}

/// Draws into a buffer; returns where the text cursor belongs, if text is being typed.
pub(crate) fn draw(app: &App, area: Rect, buf: &mut Buffer) -> Option<Position> {
    draw_with(app, area, buf, &mut Redraw::All)
}

/// Draws into `buf`, which holds the last frame drawn with `memo`, only what changed since
/// (see [`memo`]); `memo` says which rows and columns were drawn.
pub(crate) fn draw_changed(
    app: &App,
    area: Rect,
    buf: &mut Buffer,
    memo: &mut Memo,
) -> Option<Position> {
    draw_with(app, area, buf, &mut Redraw::Changed(memo))
}

fn draw_with(app: &App, area: Rect, buf: &mut Buffer, redraw: &mut Redraw) -> Option<Position> {
    let full = area.width >= FULL_WIDTH && area.height >= FULL_HEIGHT;
    let small = area.width < MIN_WIDTH || area.height < MIN_HEIGHT;
    redraw.begin(area, memo::layout(app, full && !small), buf);
    if small {
        let msg = app.lang().pick(
            "端末が小さすぎます。30x8 以上 (推奨 80x24) に広げてください",
            "Terminal too small: enlarge it to 30x8 or more (80x24 recommended)",
        );
        too_small(msg, app.lang(), app.not_taken, area, buf);
        return None;
    }
    let [title_area, body, bottom] = split(app, area);
    let sheet = memo::sheet(app);
    if redraw.part(Part::Title, title_area, buf, |h| {
        memo::common(app, h);
        sheet.hash(h);
        let save = &app.save;
        (save.dirty, &save.last_saved, &save.failure, save.conflict).hash(h);
        app.file_name.hash(h);
    }) {
        title::draw(app, title_area, buf);
    }
    app.item_alone.set(app.focus_view || !full);
    if app.focus_view || !full {
        focus::draw(app, body, buf, !full);
    } else {
        let strip_height = scores::height(app, body);
        let [main, strip] =
            Layout::vertical([Constraint::Min(1), Constraint::Length(strip_height)]).areas(body);
        let tree_width = (main.width * 9 / 20).clamp(36, 60);
        let [left, right] =
            Layout::horizontal([Constraint::Length(tree_width), Constraint::Min(1)]).areas(main);
        let inputs = |h: &mut memo::Fx| {
            memo::common(app, h);
            sheet.hash(h);
            memo::place(app, h);
        };
        // The tree's frame and what all its rows share; each row is drawn again only when
        // what it shows changed (`tree::row_inputs`); none is looked at when nothing they
        // are drawn from changed.
        if redraw.changed(Part::TreeRows, left, |h| {
            memo::common(app, h);
            sheet.hash(h);
            memo::place(app, h);
        }) {
            let window = tree::Window::of(app, left);
            app.tree_offset.set(window.offset);
            if redraw.part(Part::Tree, left, buf, |h| {
                memo::common(app, h);
                memo::view(app, h);
                window.offset.hash(h);
                tree::shared_inputs(app, h);
            }) {
                tree::draw_frame(app, left, buf);
            }
            for (node, row) in window.rows() {
                if redraw.row(RowsOf::Tree, row, buf, |h| tree::row_inputs(app, node, h)) {
                    tree::draw_row(app, node, row, buf, node == app.cursor);
                }
            }
        }
        if redraw.changed(Part::Item, right, |h| {
            inputs(h);
            app.message.hash(h);
        }) {
            item::draw(app, right, buf, |inner, lines, buf| {
                redraw.pane(
                    right,
                    inner,
                    buf,
                    |h| {
                        memo::common(app, h);
                        (app.pane == Pane::Item).hash(h);
                    },
                    lines,
                )
            });
        }
        if redraw.part(Part::Scores, strip, buf, |h| {
            memo::common(app, h);
            sheet.hash(h);
            memo::previous(app, h);
            scores::next_warning(app).map(|w| w.position).hash(h);
        }) {
            scores::draw(app, strip, buf);
        }
    }
    // The bar and a message change only with these; an open prompt's text changes with
    // every key (and its cursor is placed every frame), so it is drawn every time.
    let in_prompt = matches!(app.mode, Mode::Prompt { .. });
    let changed = redraw.part(Part::KeyBar, bottom, buf, |h| {
        memo::common(app, h);
        (
            &app.message,
            app.previous.is_some(),
            app.score.unconfirmed > 0,
        )
            .hash(h);
        in_prompt.hash(h);
    });
    if in_prompt && !changed {
        redraw.area(bottom, buf);
    }
    let prompt = if changed || in_prompt {
        keybar::draw(app, bottom, buf)
    } else {
        None
    };
    match &app.mode {
        Mode::Help { scroll } => help::draw(app, *scroll, body, buf),
        Mode::Editor(editor) => return editor::draw(app, editor, body, buf, redraw),
        Mode::Header(header) => return form::draw_header(app, header, body, buf),
        Mode::PreviousSummary { scroll } => previous::draw(app, *scroll, body, buf),
        Mode::ConfirmBulk { .. }
        | Mode::ConfirmDrafts { .. }
        | Mode::ConfirmTake { .. }
        | Mode::ConfirmReplace { .. }
        | Mode::ConfirmClear { .. }
        | Mode::LockNotice(_)
        | Mode::CannotSave(_)
        | Mode::Conflict
        | Mode::QuitUnsaved => dialog::draw(app, body, buf),
        Mode::Normal | Mode::Prompt { .. } => {}
    }
    prompt
}

/// The screen's three parts: the title line, the body, the bottom (key bar or message).
fn split(app: &App, area: Rect) -> [Rect; 3] {
    let bottom_height = keybar::height(app, area.width).min(area.height / 4);
    Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(bottom_height.max(1)),
    ])
    .areas(area)
}

/// The rows the terminal is to draw in DEC double size, with the line attribute of each
/// (`ESC # 3` the top half of a double-height line, `ESC # 4` its bottom half): the focus
/// view's enlarged wording when `Z` asked for it and it fits. Every other row is single size.
pub(crate) fn double_size_rows(app: &App, area: Rect) -> Vec<(u16, u8)> {
    let full = area.width >= FULL_WIDTH && area.height >= FULL_HEIGHT;
    // Only the focus view enlarges (the layout need not be worked out for every frame).
    if !full || !app.focus_view {
        return Vec::new();
    }
    let [_, body, _] = split(app, area);
    focus::enlarged(app, body).map_or_else(Vec::new, |e| e.rows())
}

/// Terminals smaller than the interview's reduced layout, or the start form's: `msg`, wrapped
/// to fit. Input that came meanwhile is not taken ([`crate::tui::app::Action::NotTaken`],
/// [`crate::tui::form::Form::not_taken`]): its count `not_taken` is drawn here, below the
/// message, in sight however small the terminal.
pub(crate) fn too_small(msg: &str, lang: Lang, not_taken: u32, area: Rect, buf: &mut Buffer) {
    let mut lines = wrap_cells(msg, area.width as usize);
    if not_taken > 0 {
        // The count stays in sight (its number last); the request gives way first.
        let n = not_taken;
        let count = say!(lang, "受け付けなかった入力: {n}", "Input not taken: {n}");
        let mut count = wrap_cells(&count, area.width as usize);
        let height = area.height as usize;
        count.drain(..count.len().saturating_sub(height));
        lines.truncate(height - count.len());
        lines.extend(count);
    }
    for (i, line) in lines.into_iter().take(area.height as usize).enumerate() {
        line::put_str(
            buf,
            area.x,
            area.y + i as u16,
            &line,
            area.width as usize,
            Style::new(),
        );
    }
}

/// The block of a scrolled popup (the help, last year's summary): its name on top, its keys
/// ([`crate::tui::keymap::modes::SCROLL`]'s hint) on the bottom border, where the whole line
/// fits at 80 columns — on top, after the name, the scrolling keys did not, and 「other keys:
/// close」 was read as covering Space and PageDown.
pub(crate) fn scroll_block(theme: Theme, title: &str, lang: Lang, width: u16) -> PaneBlock {
    let hint = crate::tui::keymap::modes::SCROLL.hint(lang);
    with_bottom_hint(pane_block(theme, title, true), &hint, width)
}

/// `block`, `width` columns wide, with `hint` on its bottom border: cut with `~` where the
/// border is too short for it (never mid-word without a mark).
pub(crate) fn with_bottom_hint(block: PaneBlock, hint: &str, width: u16) -> PaneBlock {
    let room = usize::from(width).saturating_sub(4);
    block.title_bottom(Line::raw(format!(" {} ", truncate_cells(hint, room))))
}

/// A bordered block in the theme's border set; `focused` blocks get a bold title with a
/// `>` marker (no colour needed).
pub(crate) fn pane_block(theme: Theme, title: &str, focused: bool) -> PaneBlock {
    let mut style = Style::new();
    if focused {
        style = theme.heading();
    }
    let marker = if focused { ">" } else { " " };
    PaneBlock::new(
        theme.border(),
        style,
        Line::styled(format!("{marker}{title} "), style),
    )
}

/// Keeps the first `rows` of `lines` (wrapped to `width` cells); when some are left out, the
/// last kept one ends in `~`, as a line cut by cells does ([`truncate_cells`]).
pub(crate) fn cut_lines(lines: &mut Vec<String>, rows: usize, width: usize) {
    if lines.len() <= rows {
        return;
    }
    lines.truncate(rows);
    if let Some(last) = lines.pop() {
        lines.push(truncate_cells(&format!("{last}~"), width));
    }
}

/// Wraps text to `width` cells where the Unicode line-breaking algorithm (UAX #14) allows,
/// with the strict Japanese rules: between kanji and kana, after a space, never before
/// 、。）」・ー or a small kana, never inside a number (「（6月・12月）」 keeps 12 whole).
/// Explicit line feeds start new lines; spaces at a break are dropped. A run with no break
/// allowed that is wider than the line (a long number, an URL) is cut by cells. Never
/// returns a line wider than `width`; a single character wider than `width` is dropped.
/// (The lines are [`line_starts`]' and [`shown_chars`]': the notes editor draws from those.)
pub(crate) fn wrap_cells(text: &str, width: usize) -> Vec<String> {
    let mut out = Vec::new();
    if width == 0 {
        return out;
    }
    for para in text.split('\n') {
        if fits(para, width) {
            // One line, shown whole (most paragraphs): measured once.
            out.push(para.trim_end_matches(' ').to_string());
            continue;
        }
        let starts = starts_by_breaks(para, width);
        for (k, &start) in starts.iter().enumerate() {
            let end = starts.get(k + 1).copied().unwrap_or(para.len());
            let line = shown_text(&para[start..end], width);
            out.push(line.trim_end_matches(' ').to_string());
        }
    }
    out
}

/// Where the lines of one paragraph (text without a line feed) begin when it is wrapped to
/// `width` cells by [`wrap_cells`]' rules: byte offsets, the first 0. Line `k` covers the
/// paragraph from `starts[k]` to the next start (or the end) and shows
/// [`shown_chars`] of that part.
pub(crate) fn line_starts(para: &str, width: usize) -> Vec<usize> {
    if fits(para, width) {
        // One line: no break is needed, so none is looked for (the UAX #14 pass is most of
        // the cost of wrapping).
        return vec![0];
    }
    starts_by_breaks(para, width)
}

/// Whether every character of `text` fits in `width` cells side by side: then it is one
/// line, and that line shows all of it.
fn fits(text: &str, width: usize) -> bool {
    text.chars().map(char_width).sum::<usize>() <= width
}

/// [`line_starts`] of `para` after an edit of `old`, whose [`line_starts`] at `width` are
/// `old_starts`: the lines of `old` before the edit are kept, and the UAX #14 pass and the
/// wrapping start again from the last line start they share that stands between two
/// ideographs, the character after it one too (kanji and kana: a break on either side of
/// each whatever came before, so that the pass begun there finds the breaks after it that
/// the whole pass finds, and the wrapping is where the whole wrapping was when it began that
/// line). Typing at the end of a long note then wraps its last line or two, not the whole
/// paragraph. Where no such start is found, the whole paragraph is wrapped. The same starts
/// as `line_starts(para, width)` (a property test holds it to that).
pub(crate) fn line_starts_after(
    old: &str,
    old_starts: &[usize],
    para: &str,
    width: usize,
) -> Vec<usize> {
    use unicode_linebreak::{BreakClass, break_property};
    let ideograph =
        |c: Option<char>| c.is_some_and(|c| break_property(c as u32) == BreakClass::Ideographic);
    // The bytes the two share from the start, to a character's start.
    let mut same = crate::safe_text::common_prefix(old.as_bytes(), para.as_bytes());
    while !old.is_char_boundary(same) {
        same -= 1;
    }
    for (k, &start) in old_starts.iter().enumerate().skip(1).rev() {
        let mut after = old[start..].chars();
        let (at, next) = (after.next(), after.next());
        let end = old.len() - after.as_str().len();
        if end <= same
            && ideograph(old[..start].chars().next_back())
            && ideograph(at)
            && ideograph(next)
        {
            let mut starts = old_starts[..k].to_vec();
            starts.extend(
                starts_by_breaks(&para[start..], width)
                    .into_iter()
                    .map(|b| start + b),
            );
            return starts;
        }
    }
    line_starts(para, width)
}

/// [`line_starts`] by the break opportunities of UAX #14.
fn starts_by_breaks(para: &str, width: usize) -> Vec<usize> {
    let mut starts = vec![0];
    // The cells filled on the current line, and whether anything is on it yet.
    let mut w = 0;
    let mut filled = false;
    let mut start = 0;
    for end in break_points(para) {
        let piece = &para[start..end];
        // Trailing spaces hang past the end of a line: they do not count for the fit.
        let body = piece.trim_end_matches(' ');
        if w + cell_width(body) > width && filled {
            starts.push(start);
            (w, filled) = (0, false);
        }
        for (i, c) in piece.char_indices() {
            let cw = char_width(c);
            if cw > width || (w + cw > width && c == ' ') {
                continue;
            }
            if w + cw > width {
                // A piece longer than a line: cut by cells.
                starts.push(start + i);
                w = 0;
            }
            filled = true;
            w += cw;
        }
        start = end;
    }
    starts
}

/// The text of [`shown_chars`]: the line itself when every character fits (nearly every
/// line), else the characters shown.
pub(crate) fn shown_text(line: &str, width: usize) -> std::borrow::Cow<'_, str> {
    if fits(line, width) {
        std::borrow::Cow::Borrowed(line)
    } else {
        std::borrow::Cow::Owned(shown_chars(line, width).map(|(_, c)| c).collect())
    }
}

/// The characters one wrapped line (a part of a paragraph between two of its
/// [`line_starts`]) shows, with their byte offsets in it: all but a character wider than the
/// line and the spaces that hang past its end.
pub(crate) fn shown_chars(line: &str, width: usize) -> impl Iterator<Item = (usize, char)> + '_ {
    let mut w = 0;
    line.char_indices().filter(move |&(_, c)| {
        let cw = char_width(c);
        let fits = w + cw <= width;
        w += if fits { cw } else { 0 };
        fits
    })
}

/// Where a line of `text` may end (byte offsets, the end included), by UAX #14 with CJ
/// (small kana, ー) taken as non-starters, as Japanese typesetting's strict rule has it.
fn break_points(text: &str) -> impl Iterator<Item = usize> + '_ {
    use unicode_linebreak::{BreakClass, break_property, linebreaks};
    linebreaks(text).map(|(i, _)| i).filter(move |&i| {
        text[i..]
            .chars()
            .next()
            .is_none_or(|c| break_property(c as u32) != BreakClass::ConditionalJapaneseStarter)
    })
}

pub(crate) use crate::safe_text::{cell_width, char_width, truncate_cells};

/// Draws `lines` into `area`, one a row, from line `scroll` on; a scroll past the end shows
/// the last screenful. Returns how far the text scrolls (to its last screenful) and the rows
/// shown.
pub(crate) fn render_scrolled(
    lines: Vec<Line<'_>>,
    scroll: u16,
    area: Rect,
    buf: &mut Buffer,
) -> Reach {
    let reach = reach(lines.len(), area.height);
    render_lines(scrolled(lines, scroll, area.height), area, buf);
    reach
}

/// How far `len` lines shown `rows` at a time scroll.
pub(crate) fn reach(len: usize, rows: u16) -> Reach {
    let end = len.saturating_sub(usize::from(rows));
    Reach {
        end: u16::try_from(end).unwrap_or(u16::MAX),
        rows,
    }
}

/// The lines of `lines` that `height` rows show scrolled by `scroll` (at most to the end).
pub(crate) fn scrolled(mut lines: Vec<Line<'_>>, scroll: u16, height: u16) -> Vec<Line<'_>> {
    let height = height as usize;
    let scroll = (scroll as usize).min(lines.len().saturating_sub(height));
    lines.truncate(scroll + height);
    lines.drain(..scroll);
    lines
}

/// Renders `lines`, one a row from the top of `area`, as many as fit.
pub(crate) fn render_lines(lines: Vec<Line<'_>>, area: Rect, buf: &mut Buffer) {
    for (i, line) in lines.iter().take(area.height as usize).enumerate() {
        line::render_line(
            line,
            Rect::new(area.x, area.y + i as u16, area.width, 1),
            buf,
        );
    }
}

/// A rectangle of at most `width` × `height` centred in `area`.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    // A popup a few columns narrower than the screen would leave a gap of a column or two
    // where the screen beneath shows through, half a border or a stray digit: it takes the
    // whole width instead.
    let w = if width + 4 >= area.width {
        area.width
    } else {
        width
    };
    let h = height.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

/// Clears a popup's area and the column on each side of it within `within` (the popup's
/// border never touches the text beneath). A wide character just left of the cleared part
/// would otherwise be drawn over its first column (ratatui#2526), so it is blanked too.
pub(crate) fn clear_popup(area: Rect, within: Rect, buf: &mut Buffer) {
    let left = area.x.saturating_sub(1).max(within.x);
    let right = (area.right() + 1).min(within.right()).max(left);
    let cleared = Rect::new(left, area.y, right - left, area.height).intersection(buf.area);
    if cleared.x > buf.area.x {
        for y in cleared.top()..cleared.bottom() {
            if let Some(cell) = buf.cell_mut((cleared.x - 1, y))
                && cell_width(cell.symbol()) > 1
            {
                cell.set_symbol(" ");
            }
        }
    }
    ratatui::widgets::Clear.render(cleared, buf);
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The rows of a buffer as text, a wide character once (not followed by its
    /// continuation cell).
    pub(crate) fn buffer_rows(buf: &Buffer) -> Vec<String> {
        let area = buf.area;
        (area.y..area.bottom())
            .map(|y| {
                let mut row = String::new();
                let mut x = area.x;
                while x < area.right() {
                    let symbol = buf[(x, y)].symbol();
                    row.push_str(symbol);
                    x += cell_width(symbol).max(1) as u16;
                }
                row
            })
            .collect()
    }

    /// The whole buffer as text, one line per row.
    pub(crate) fn buffer_text(buf: &Buffer) -> String {
        buffer_rows(buf).join("\n")
    }

    /// A yes/no dialog too long for a small screen lost its last lines, which are the keys
    /// that answer it (「y: はい  n/Esc: いいえ」): at 30×8 the bulk answer showed its question
    /// alone. The keys stay; the text above them gives way, its cut marked.
    #[test]
    fn a_dialog_too_long_for_the_screen_keeps_its_keys() {
        use crate::tui::app::tests::{demo_app, press};
        use ratatui::crossterm::event::KeyCode;
        for (w, h) in [(30, 8), (40, 8), (40, 12), (80, 24)] {
            for lang in [Lang::Ja, Lang::En] {
                let mut app = demo_app();
                app.options.lang = lang;
                press(&mut app, KeyCode::Char('g'));
                press(&mut app, KeyCode::Char('3'));
                assert!(matches!(app.mode, Mode::ConfirmBulk { .. }));
                let area = Rect::new(0, 0, w, h);
                let mut buf = Buffer::empty(area);
                draw(&app, area, &mut buf);
                let rows = buffer_rows(&buf);
                let shown = rows.join("\n");
                let keys = rows.iter().position(|r| r.contains("n/Esc"));
                let keys = keys.unwrap_or_else(|| panic!("{w}x{h} {lang:?}:\n{shown}"));
                // The question whole, or the row above the keys (the blank between them
                // gives way first) ends in the cut's mark.
                let end = lang.pick("にしますか?", "\"?");
                let above = rows[keys - 1].trim_end_matches([' ', '│']);
                assert!(
                    shown.contains(end) || above.ends_with('~'),
                    "{w}x{h} {lang:?}: the cut is marked\n{shown}"
                );
            }
        }
    }

    /// #21.17: a popup leaves no one-column gap where the screen beneath shows through: a
    /// popup nearly as wide as the screen takes all of it, and a narrower one has a blank
    /// column on each side.
    #[test]
    fn popups_leave_no_gap_showing_the_screen_beneath() {
        use crate::tui::app::tests::{demo_app, press, type_str};
        use ratatui::crossterm::event::KeyCode;
        let area = Rect::new(0, 0, 80, 24);
        let row = |buf: &Buffer, y: u16| -> Vec<String> {
            (0..80).map(|x| buf[(x, y)].symbol().to_string()).collect()
        };
        let mut app = demo_app();
        press(&mut app, KeyCode::Char('i'));
        let mut buf = Buffer::empty(area);
        draw(&app, area, &mut buf);
        let (x0, y0) = (0..24)
            .flat_map(|y| (0..80).map(move |x| (x, y)))
            .find(|&(x, y)| buf[(x, y)].symbol() == "┌" && buf[(x + 1, y)].symbol() == ">" && y > 1)
            .expect("the header form's corner");
        assert_eq!(
            (x0, y0 > 1),
            (0, true),
            "the header form takes the whole width"
        );
        for y in y0 + 1..y0 + 5 {
            let r = row(&buf, y);
            assert_eq!((r[0].as_str(), r[79].as_str()), ("│", "│"), "{r:?}");
        }
        let mut app = demo_app();
        type_str(&mut app, ":9-1");
        press(&mut app, KeyCode::Enter);
        type_str(&mut app, "h2");
        let mut buf = Buffer::empty(area);
        draw(&app, area, &mut buf);
        let (x0, y0) = (0..24)
            .flat_map(|y| (0..80).map(move |x| (x, y)))
            .find(|&(x, y)| y > 1 && buf[(x, y)].symbol() == "┌" && buf[(x + 1, y)].symbol() == ">")
            .expect("the dialog's corner");
        let x1 = (x0 + 1..80)
            .find(|&x| buf[(x, y0)].symbol() == "┐")
            .unwrap();
        for y in y0..y0 + 4 {
            let r = row(&buf, y);
            assert_eq!(
                (r[x0 as usize - 1].as_str(), r[x1 as usize + 1].as_str()),
                (" ", " "),
                "{r:?}"
            );
        }
    }

    proptest::proptest! {
        /// A paragraph that fits is one line without looking for breaks, as the breaks
        /// would have it.
        #[test]
        fn a_paragraph_that_fits_starts_once(
            parts in proptest::collection::vec(proptest::sample::select(&[
                "a", " ", "あ", "漢", "。", "ー", "ｶﾞ", "e\u{301}", "😀", "\u{200d}", "12", "「",
            ][..]), 0..20),
            width in 0..30usize,
        ) {
            let para = parts.concat();
            proptest::prop_assert_eq!(line_starts(&para, width), starts_by_breaks(&para, width));
        }
    }

    proptest::proptest! {
        /// Wrapping again after an edit from where the edit leaves the lines before it as
        /// they were gives the lines of the whole paragraph wrapped afresh: typed at the end,
        /// in the middle, deleted, replaced, in text with every kind of break around.
        #[test]
        fn a_paragraph_wrapped_again_after_an_edit_is_wrapped_as_afresh(
            parts in proptest::collection::vec(proptest::sample::select(&[
                // Ideographs most, so that most edits leave a line start between three.
                "あ", "漢", "字", "ア", "あ", "漢", "字", "ア", "あ", "漢", "字", "ア",
                "a", "ab", " ", "あ", "漢", "字", "ア", "。", "、", "ー", "ぁ", "ッ", "ｶﾞ",
                "e\u{301}", "😀", "\u{200d}", "12", "「", "」", "（", "）", "-", "/", "$",
                "\u{3000}", "・",
            ][..]), 0..60),
            edit in proptest::collection::vec(proptest::sample::select(&[
                "あ", "漢", "a", " ", "。", "ー", "ぁ", "12", "「", "\u{301}",
            ][..]), 0..4),
            at in 0..=100usize,
            cut in 0..4usize,
            width in 1..24usize,
        ) {
            let old = parts.concat();
            let chars: Vec<char> = old.chars().collect();
            let at = at.min(chars.len());
            let cut = cut.min(chars.len() - at);
            let para: String = chars[..at]
                .iter()
                .copied()
                .chain(edit.concat().chars())
                .chain(chars[at + cut..].iter().copied())
                .collect();
            let old_starts = line_starts(&old, width);
            proptest::prop_assert_eq!(
                line_starts_after(&old, &old_starts, &para, width),
                line_starts(&para, width),
                "{:?} -> {:?}", old, para
            );
        }
    }

    proptest::proptest! {
        /// A line whose every character fits is taken whole ([`shown_text`]), as
        /// [`shown_chars`] would have it (the same text, a space or a too-wide character
        /// anywhere).
        #[test]
        fn a_line_that_fits_is_taken_whole(
            parts in proptest::collection::vec(proptest::sample::select(&[
                "a", " ", "  ", "あ", "漢", "。", "ー", "ｶﾞ", "e\u{301}", "😀", "\u{200d}",
                "\u{fe0f}", "12", "「", "\n",
            ][..]), 0..24),
            width in 0..12usize,
        ) {
            let text = parts.concat();
            let slowly: Vec<String> = if width == 0 {
                Vec::new()
            } else {
                text.split('\n')
                    .flat_map(|para| {
                        let starts = line_starts(para, width);
                        (0..starts.len())
                            .map(|k| {
                                let end = starts.get(k + 1).copied().unwrap_or(para.len());
                                let line: String = shown_chars(&para[starts[k]..end], width)
                                    .map(|(_, c)| c)
                                    .collect();
                                line.trim_end_matches(' ').to_string()
                            })
                            .collect::<Vec<_>>()
                    })
                    .collect()
            };
            proptest::prop_assert_eq!(wrap_cells(&text, width), slowly);
        }
    }

    #[test]
    fn wraps_japanese_by_cells() {
        let lines = wrap_cells("重要機能室のセキュリティを確保している", 10);
        assert!(lines.iter().all(|l| cell_width(l) <= 10));
        assert_eq!(lines.concat(), "重要機能室のセキュリティを確保している");
        assert_eq!(wrap_cells("ab cd ef", 5), vec!["ab cd", "ef"]);
        assert_eq!(wrap_cells("あいう。", 6), vec!["あい", "う。"], "禁則");
        // UAX #14 with the Japanese rules: numbers stay whole, no line starts with ・ ー or
        // a small kana.
        assert_eq!(
            wrap_cells("会議（6月・12月）", 12),
            vec!["会議（6月・", "12月）"]
        );
        assert_eq!(wrap_cells("あい・う", 4), vec!["あ", "い・", "う"]);
        assert_eq!(wrap_cells("あいパー", 6), vec!["あい", "パー"]);
        assert_eq!(wrap_cells("あいかった", 6), vec!["あい", "かった"]);
        assert_eq!(wrap_cells("123456789", 4), vec!["1234", "5678", "9"]);
        assert_eq!(wrap_cells("あ", 1), vec![""]);
        assert!(wrap_cells("x", 0).is_empty());
    }

    #[test]
    fn truncates_by_cells() {
        assert_eq!(truncate_cells("体制・規程等の整備", 7), "体制・~");
        assert_eq!(truncate_cells("abc", 3), "abc");
        assert_eq!(truncate_cells("abcd", 0), "");
    }
}
