//! Drawing only: the notes editor popup ([`crate::tui::editor::NoteEditor`] holds its state):
//! the item's id and wording on top, then one text field (comment, evidence) or three (plan:
//! measure, owner, due date). The fields' text is wrapped as every other pane's
//! (`view::wrap_cells`' rules, kept per field in `editor::Wrapped` and wrapped again only
//! where it changed) and drawn through ratatui's buffer; a character that must not reach the
//! terminal raw (a control, a bidi override, U+2028) is drawn as one visible cell, U+FFFD
//! (`editor::wrapped`), so text loaded from a file cannot send escape sequences and what it
//! hides can be seen and deleted. The terminal's cursor is placed where
//! typed text goes, and it is the only cursor: no cell is painted in reverse under it.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::Widget;

use crate::safe_text::sanitize_line;
use crate::tui::app::App;
use crate::tui::editor::{NoteEditor, NoteField, NoteKind};
use std::hash::Hash;

use crate::tui::view::line::{put_str, render_line};
use crate::tui::view::memo::{self, Part, Redraw, RowsOf};
use crate::tui::view::{
    centered, clear_popup, cut_lines, pane_block, shown_text, truncate_cells, wrap_cells,
};

/// Where the editor is drawn in the body: its whole width, opaque.
pub(crate) fn area(body: Rect) -> Rect {
    centered(body, body.width, 18)
}

/// Draws the editor; returns where the active field's cursor is on screen. Its frame (the
/// borders, the item's wording, the fields' titles, the keys) is drawn when what it shows
/// changed, the fields' text row by row where a row changed (`redraw`): a character typed
/// draws and compares the row it is on.
pub(crate) fn draw(
    app: &App,
    editor: &NoteEditor,
    body: Rect,
    buf: &mut Buffer,
    redraw: &mut Redraw,
) -> Option<Position> {
    let lang = app.lang();
    let theme = app.options.theme;
    let area = area(body);
    let item = app.catalog.item_at(app.catalog.path_at(editor.position));
    let id = &item.id;
    let block = pane_block(theme, &format!("{} {id}", editor.kind.title(lang)), true);
    let inner = block.inner(area);
    // The item's wording above the text being written: up to three lines, fewer when the
    // popup is low, so the fields keep room.
    let width = inner.width as usize;
    let mut wording = wrap_cells(
        &format!("{id} {}", sanitize_line(app.catalog.item_text(item, lang))),
        width,
    );
    // The keys below the fields, broken between entries over two lines when one is short.
    // They give way to the field typed in: its frame and a row of text, and in a plan the
    // other two fields' titles, come first.
    let mut help = editor.keys().hint_lines(lang, width);
    let fields = editor.fields.len() as u16;
    let least = 3 + fields.saturating_sub(1);
    help.truncate(usize::from(inner.height.saturating_sub(least).min(2)));
    let help_height = help.len() as u16;
    let room = match editor.kind {
        NoteKind::Plan => inner.height.saturating_sub(help_height + 3 + 3 + 3),
        _ => inner.height.saturating_sub(help_height + 3),
    };
    cut_lines(&mut wording, usize::from(room.min(3)), width);
    let [head, fields_area, footer] = Layout::vertical([
        Constraint::Length(wording.len() as u16),
        Constraint::Min(1),
        Constraint::Length(help_height),
    ])
    .areas(inner);
    // The plan's fields take three rows each (borders and a row of text). Where there are
    // fewer, the field typed in keeps its rows and each other one is its top border alone,
    // titled with what it holds (「担当: 人事課」): no field is typed blind.
    // Lower still (8 rows of terminal), only the field typed in is drawn.
    let low = editor.kind == NoteKind::Plan && fields_area.height < 9;
    let others = u16::from(fields_area.height >= least);
    let constraints: Vec<Constraint> = match editor.kind {
        NoteKind::Plan if low => (0..editor.fields.len())
            .map(|i| match i == editor.active {
                true => Constraint::Min(3),
                false => Constraint::Length(others),
            })
            .collect(),
        NoteKind::Plan => vec![
            Constraint::Min(3),
            Constraint::Length(3),
            Constraint::Length(3),
        ],
        _ => vec![Constraint::Min(1)],
    };
    let rects = Layout::vertical(constraints).split(fields_area);
    let titles: Vec<String> = (0..editor.fields.len())
        .map(|i| {
            let title = field_title(editor, i, lang);
            match low && i != editor.active {
                true => with_value(title, &editor.fields[i], i),
                false => title,
            }
        })
        .collect();
    let frame = redraw.part(Part::Editor, area, buf, |h| {
        memo::common(app, h);
        (editor.kind as u8, editor.position, editor.active, &titles).hash(h);
    });
    if frame {
        clear_popup(area, body, buf);
        block.render(area, buf);
    }
    if inner.height < 2 || inner.width < 4 {
        return None;
    }
    if frame {
        for (i, l) in wording.into_iter().enumerate() {
            render_line(
                &Line::styled(l, theme.heading()),
                Rect::new(head.x, head.y + i as u16, head.width, 1),
                buf,
            );
        }
        for (i, line) in help.iter().enumerate() {
            let at = Rect::new(footer.x, footer.y + i as u16, footer.width, 1);
            render_line(
                &Line::styled(truncate_cells(line, width), theme.dim()),
                at,
                buf,
            );
        }
    }
    let mut cursor = None;
    for (i, (field, rect)) in editor.fields.iter().zip(rects.iter()).enumerate() {
        let active = i == editor.active;
        let block = pane_block(theme, &titles[i], active);
        let inner = block.inner(*rect);
        if frame {
            block.render(*rect, buf);
        }
        let at = draw_text(field, inner, buf, redraw);
        if active {
            cursor = at;
        }
    }
    cursor
}

/// A field's title; the plan's due date says how it reads while it is typed (#21.8):
/// 「期限 = 2027-03-31 令和9年3月31日」, or that it is not a date yet.
fn field_title(editor: &NoteEditor, i: usize, lang: crate::lang::Lang) -> String {
    let label = editor.fields[i].label(lang);
    let due = editor.due().filter(|_| i == 2);
    match due.as_deref().map(str::trim) {
        None | Some("") => label.to_string(),
        Some(typed) => match crate::date::parse_date(typed) {
            Some(d) => format!(
                "{label} = {} {}",
                crate::date::iso(d),
                crate::date::wareki(d)
            ),
            None => format!(
                "{label} {}",
                lang.pick(
                    "(日付として読めません: 令和9年3月末、R9.3.31 など)",
                    "(not a date yet: 2027-03-31, 令和9年3月末, …)"
                )
            ),
        },
    }
}

/// The title of a plan field drawn as one row (a low popup): what it holds after it, its
/// first line (「担当: 人事課」). The due date's title says it already once it reads as a date.
fn with_value(title: String, field: &NoteField, i: usize) -> String {
    let text = field.text();
    let first = text.lines().next().unwrap_or_default().trim();
    let dated = i == 2 && crate::date::parse_date(first).is_some();
    if first.is_empty() || dated {
        title
    } else {
        format!("{title}: {}", sanitize_line(first))
    }
}

/// Draws a field's text into `inner`, wrapped by the app's rules (`view::wrap_cells`), from
/// the display row kept from the last frame, scrolled only as far as it takes to show the
/// cursor; returns where the cursor is on screen. One cursor: the terminal's, placed there
/// by the caller (the input method opens there); a reverse-video cell under it as well would
/// cancel a block cursor out (xterm).
fn draw_text(
    field: &NoteField,
    inner: Rect,
    buf: &mut Buffer,
    redraw: &mut Redraw,
) -> Option<Position> {
    let (width, height) = (usize::from(inner.width), usize::from(inner.height));
    if width == 0 || height == 0 {
        return None;
    }
    let mut wrapped = field.wrapped.borrow_mut();
    wrapped.update(field.area.lines(), width);
    let ratatui_textarea::DataCursor(line, col) = field.area.cursor();
    let (row, x) = wrapped.spot(line, col);
    // A row the text fills exactly has no cell left after its last character. At the end of
    // the text the cursor stands at the start of the row below, where the next character
    // goes; elsewhere in the cell after the row, on the field's border. (On the row's last
    // cell, the right half of a kanji, xterm drew it over the whole kanji, as if what is
    // typed next went before it.)
    let (row, x) = if x >= width && row + 1 == wrapped.rows() {
        (row + 1, 0)
    } else {
        (row, x)
    };
    let mut top = wrapped.top.min(wrapped.rows().saturating_sub(height));
    if row < top {
        top = row;
    } else if row >= top + height {
        top = row + 1 - height;
    }
    wrapped.top = top;
    let mut rows = wrapped.rows_from(top);
    for y in inner.y..inner.bottom() {
        let row = rows.next().unwrap_or_default();
        let at = Rect::new(inner.x, y, inner.width, 1);
        if redraw.row(RowsOf::Editor, at, buf, |h| row.hash(h)) {
            let shown = shown_text(row, width);
            put_str(buf, inner.x, y, &shown, width, Style::new());
        }
    }
    Some(Position::new(
        inner.x + x as u16,
        inner.y + (row - top) as u16,
    ))
}

#[cfg(test)]
mod tests {
    use crate::tui::app::tests::{ctrl, demo_app, press, type_str};
    use ratatui::buffer::Buffer;
    use ratatui::crossterm::event::KeyCode;
    use ratatui::layout::{Position, Rect};
    use ratatui::style::Modifier;

    /// The demo sheet with 「テスト」 typed into 1-1's comment editor.
    fn typing_in_1_1() -> crate::tui::app::App {
        let mut app = demo_app();
        type_str(&mut app, ":1-1");
        press(&mut app, KeyCode::Enter);
        press(&mut app, KeyCode::Char('c'));
        type_str(&mut app, "テスト");
        app
    }

    /// One cursor, the terminal's: the cell under it is not painted reversed (on a block
    /// cursor the two inversions cancel, and the cursor vanished in xterm).
    #[test]
    fn the_cell_under_the_cursor_is_not_reversed() {
        let app = typing_in_1_1();
        let area = Rect::new(0, 0, 80, 24);
        let mut buf = Buffer::empty(area);
        let cursor = crate::tui::view::draw(&app, area, &mut buf).expect("a cursor");
        let cell = &buf[(cursor.x, cursor.y)];
        assert!(
            !cell.modifier.contains(Modifier::REVERSED),
            "reversed at {cursor:?}"
        );
        assert_eq!(buf[(cursor.x - 2, cursor.y)].symbol(), "ト");
    }

    /// Seen in `xterm -cjk_width`: at the end of a row the text fills exactly, the cursor
    /// stood on the right half of its last kanji, and xterm drew it over the whole kanji,
    /// as if what is typed next went before it. At the end of the text it stands at the
    /// start of the row below, where the next character goes; at the end of a full row
    /// with more text below, in the cell after the row (the field's border).
    #[test]
    fn the_cursor_after_a_full_row_is_not_on_its_last_character() {
        let mut app = typing_in_1_1();
        ctrl(&mut app, 'x');
        let area = Rect::new(0, 0, 80, 24);
        let draw = |app: &crate::tui::app::App| {
            let mut buf = Buffer::empty(area);
            let cursor = crate::tui::view::draw(app, area, &mut buf).expect("a cursor");
            (buf, cursor)
        };
        let (buf, cursor) = draw(&app);
        let (left, top) = (cursor.x, cursor.y);
        // One row of あ fills the field exactly.
        let cells = (left..area.width)
            .take_while(|&x| buf[(x, top)].symbol() == " ")
            .count() as u16;
        let row: String = "あ".repeat(usize::from(cells / 2));
        type_str(&mut app, &row);
        let (buf, cursor) = draw(&app);
        assert_eq!(
            buf[(left + cells - 2, top)].symbol(),
            "あ",
            "the row is full"
        );
        assert_eq!(cursor, Position::new(left, top + 1), "the end of the text");
        press(&mut app, KeyCode::Enter);
        type_str(&mut app, "い");
        press(&mut app, KeyCode::Up);
        press(&mut app, KeyCode::End);
        let (_, cursor) = draw(&app);
        assert_eq!(
            cursor,
            Position::new(left + cells, top),
            "after the full row"
        );
    }

    /// #23.3: a character typed draws and compares the editor's row it changed, not the
    /// whole popup (the frame of the editor and the panes beneath are drawn by key).
    #[test]
    fn a_character_typed_draws_only_its_row() {
        use crate::tui::view::memo::Memo;
        let mut app = typing_in_1_1();
        let area = Rect::new(0, 0, 80, 24);
        let mut buf = Buffer::empty(area);
        let mut memo = Memo::default();
        crate::tui::view::draw_changed(&app, area, &mut buf, &mut memo);
        type_str(&mut app, "だ");
        let cursor = crate::tui::view::draw_changed(&app, area, &mut buf, &mut memo).unwrap();
        let rows: Vec<usize> = (memo.damage().iter().enumerate())
            .filter(|(_, (start, end))| start < end)
            .map(|(y, _)| y)
            .collect();
        assert_eq!(rows, vec![usize::from(cursor.y)]);
        let mut whole = Buffer::empty(area);
        crate::tui::view::draw(&app, area, &mut whole);
        assert_eq!(
            crate::tui::view::tests::buffer_text(&buf),
            crate::tui::view::tests::buffer_text(&whole)
        );
    }

    /// #21.8: the due date says how it reads while it is typed.
    #[test]
    fn the_due_date_field_says_how_it_reads() {
        let screen = |typed: &str| {
            let mut app = demo_app();
            type_str(&mut app, ":13-2");
            press(&mut app, KeyCode::Enter);
            press(&mut app, KeyCode::Char('p'));
            press(&mut app, KeyCode::Tab);
            press(&mut app, KeyCode::Tab);
            type_str(&mut app, typed);
            let area = Rect::new(0, 0, 80, 24);
            let mut buf = Buffer::empty(area);
            crate::tui::view::draw(&app, area, &mut buf);
            crate::tui::view::tests::buffer_text(&buf)
        };
        assert!(screen("令和9年3月末").contains("期限 = 2027-03-31 令和9年3月31日"));
        assert!(screen("来春").contains("日付として読めません"));
    }

    /// Seen at 40×12: each of the plan's three fields takes three rows (its borders and one
    /// of text); in a popup with fewer, the owner and due date fields had no row for their
    /// text and were typed blind. Where the popup is low, the field typed in keeps its rows
    /// and the others are one row each, their title with what they hold.
    #[test]
    fn a_low_plan_editor_keeps_a_row_for_the_field_typed_in() {
        for (w, h) in [(40, 12), (60, 20), (80, 24)] {
            let mut app = demo_app();
            type_str(&mut app, ":13-2");
            press(&mut app, KeyCode::Enter);
            press(&mut app, KeyCode::Char('p'));
            let typed = ["改善する", "人事課", "R9.3.31"];
            for (k, text) in typed.iter().enumerate() {
                if k > 0 {
                    press(&mut app, KeyCode::Tab);
                }
                type_str(&mut app, text);
                let area = Rect::new(0, 0, w, h);
                let mut buf = Buffer::empty(area);
                let cursor = crate::tui::view::draw(&app, area, &mut buf);
                let rows = crate::tui::view::tests::buffer_rows(&buf);
                let cursor = cursor.unwrap_or_else(|| panic!("{w}x{h} field {k}: no cursor"));
                assert!(
                    rows[usize::from(cursor.y)].contains(text),
                    "{w}x{h} field {k}: the cursor's row\n{}",
                    rows.join("\n")
                );
            }
            if h == 12 {
                let mut buf = Buffer::empty(Rect::new(0, 0, w, h));
                crate::tui::view::draw(&app, buf.area, &mut buf);
                let shown = crate::tui::view::tests::buffer_text(&buf);
                assert!(shown.contains("担当: 人事課"), "{shown}");
            }
        }
    }

    /// At the smallest size drawn (8 rows) the keys took the rows the text needed: the
    /// comment's and the plan's fields had a frame and no row of text, typed blind with no
    /// cursor. The keys give way first, then the field's frame.
    #[test]
    fn the_smallest_editor_keeps_a_row_for_the_text_typed() {
        for (w, h) in [(30, 8), (31, 8), (40, 8), (30, 9), (80, 8)] {
            for (key, text) in [('c', "テスト"), ('e', "ABC"), ('p', "改善する")] {
                let mut app = demo_app();
                type_str(&mut app, ":13-2");
                press(&mut app, KeyCode::Enter);
                press(&mut app, KeyCode::Char(key));
                type_str(&mut app, text);
                let area = Rect::new(0, 0, w, h);
                let mut buf = Buffer::empty(area);
                let cursor = crate::tui::view::draw(&app, area, &mut buf);
                let rows = crate::tui::view::tests::buffer_rows(&buf);
                let cursor = cursor
                    .unwrap_or_else(|| panic!("{w}x{h} {key}: no cursor\n{}", rows.join("\n")));
                assert!(
                    rows[usize::from(cursor.y)].contains(text),
                    "{w}x{h} {key}: the cursor's row\n{}",
                    rows.join("\n")
                );
            }
        }
    }

    /// Text from the file shown in the editor as typed: a control character (ESC), a bidi
    /// override (U+202E) or a line separator (U+2028) was drawn raw — invisible, so that it
    /// could not be seen or deleted on purpose, and U+2028 reached the terminal. Each is one
    /// visible cell (U+FFFD) in the editor, the file keeping it; the cursor counts it as a
    /// character, as the text does.
    #[test]
    fn characters_unsafe_on_a_terminal_are_visible_cells_in_the_editor() {
        let mut app = demo_app();
        type_str(&mut app, ":1-6");
        press(&mut app, KeyCode::Enter);
        let raw = "年2回\u{1b}[31m開催\u{202e}abc\u{2028}議事録";
        app.sheet.answers.get_mut("1-6").unwrap().comment = raw.into();
        press(&mut app, KeyCode::Char('c'));
        press(&mut app, KeyCode::End);
        let area = Rect::new(0, 0, 80, 24);
        let mut buf = Buffer::empty(area);
        let cursor = crate::tui::view::draw(&app, area, &mut buf).expect("a cursor");
        let rows = crate::tui::view::tests::buffer_rows(&buf);
        let row = &rows[usize::from(cursor.y)];
        assert!(
            row.contains("年2回\u{FFFD}[31m開催\u{FFFD}abc\u{FFFD}議事録"),
            "{row}"
        );
        assert!(
            !rows.concat().chars().any(crate::safe_text::is_unsafe_char),
            "{rows:?}"
        );
        assert_eq!(buf[(cursor.x - 2, cursor.y)].symbol(), "録");
        press(&mut app, KeyCode::Esc);
        assert_eq!(app.sheet.answers["1-6"].comment, raw, "the file keeps them");
    }
}
