//! The forms' screens: the start form over the whole terminal, the sheet header form (`i`)
//! over the main screen with what its profile does to the sheet right now (items that apply,
//! unanswered, 総平均点, warnings). Both draw their fields with `push_fields` and their keys
//! with `hint`, from the form's tables. The focused field is drawn in reverse video, a text
//! field underlined instead: the terminal's cursor stands in it where typed text goes, and a
//! block cursor does not show on reverse video (on a reversed cell the two inversions cancel,
//! on a plain one it looks like the reversed cells around it).

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::lang::Lang;
use crate::safe_text::sanitize_line;
use crate::score::format_average;
use crate::tui::app::App;
use crate::tui::form::{FieldId, FieldValue, Form, Purpose};
use crate::tui::keymap::modes::{CHOICE, LINE_EDIT, PATH_FIELD, SWITCH};
use crate::tui::theme::Theme;
use crate::tui::view::line::render_line;
use crate::tui::view::{cell_width, centered, clear_popup, pane_block, truncate_cells, wrap_cells};

/// The form's key hints for the focused field: a line of the form's keys, a line of the
/// field's.
pub(crate) fn hint(form: &Form) -> String {
    let lang = form.lang;
    let field = match form.value(form.focused()) {
        Some(FieldValue::Text(_)) if form.focused() == FieldId::Previous => {
            format!("{}  {}", PATH_FIELD.hint(lang), LINE_EDIT.hint(lang))
        }
        Some(FieldValue::Text(_)) => LINE_EDIT.hint(lang),
        Some(FieldValue::Edition(_)) => SWITCH.hint(lang),
        Some(FieldValue::YesNo(_)) => CHOICE.hint(lang),
        Some(FieldValue::Button) | None => String::new(),
    };
    format!("{}\n{field}", form.keys().hint(lang))
        .trim_end()
        .to_string()
}

/// Pushes a line per field (and a blank line after each when `spaced`) onto `lines`;
/// returns where the focused text field's cursor is: (line, column).
fn push_fields(
    form: &Form,
    theme: Theme,
    width: usize,
    spaced: bool,
    lines: &mut Vec<Line<'static>>,
) -> Option<(usize, u16)> {
    let lang = form.lang;
    let label_w = form
        .fields
        .iter()
        .map(|f| cell_width(&form.label(f.id)))
        .max()
        .unwrap_or(0)
        .min(width / 2)
        + 2;
    let room = width.saturating_sub(label_w + 1);
    let mut cursor = None;
    for (i, field) in form.fields.iter().enumerate() {
        let focused = i == form.focus;
        let marker = if focused { ">" } else { " " };
        let style = match &field.value {
            FieldValue::Text(_) if focused => theme.input(),
            _ if focused => theme.selected(),
            _ => Style::new(),
        };
        let label = truncate_cells(&form.label(field.id), label_w - 2);
        let pad = " ".repeat(label_w.saturating_sub(cell_width(&label) + 1));
        let value = match &field.value {
            FieldValue::Text(text) if focused => {
                let (shown, x) = around_cursor(text, form.cursor, room);
                cursor = Some((lines.len(), (label_w + x) as u16));
                shown
            }
            FieldValue::Text(text) if field.id == FieldId::InspectedOn => {
                let shown = match crate::date::parse_date(text) {
                    Some(d) => format!("{}  {}", crate::date::iso(d), crate::date::wareki(d)),
                    None => text.to_string(),
                };
                truncate_cells(&sanitize_line(&shown), room)
            }
            FieldValue::Text(text) => truncate_cells(&sanitize_line(text), room),
            FieldValue::Edition(e) => truncate_cells(&format!("< {} >", e.label(lang)), room),
            FieldValue::YesNo(answer) => {
                let shown = match (answer, form.purpose) {
                    (None, Purpose::Start) => {
                        lang.pick("< 選んでください > (y/n)", "< choose > (y/n)")
                    }
                    (None, Purpose::Header) => {
                        lang.pick("< 未回答 > (y/n)", "< not answered > (y/n)")
                    }
                    (Some(true), _) => lang.pick("< はい >", "< yes >"),
                    (Some(false), _) => lang.pick("< いいえ >", "< no >"),
                };
                // The header form has always drawn its answers whole (the border clips
                // them on a narrow terminal); the start form shortens them with `~`.
                match form.purpose {
                    Purpose::Start => truncate_cells(shown, room),
                    Purpose::Header => shown.to_string(),
                }
            }
            FieldValue::Button => {
                lines.push(Line::from(vec![
                    Span::raw(marker),
                    Span::styled(
                        format!("[ {} ]", form.label(field.id)),
                        style.patch(theme.heading()),
                    ),
                ]));
                if spaced {
                    lines.push(Line::default());
                }
                continue;
            }
        };
        let fill = " ".repeat(room.saturating_sub(cell_width(&value)).min(30));
        lines.push(Line::from(vec![
            Span::raw(marker),
            Span::styled(label, theme.heading()),
            Span::raw(pad),
            Span::styled(value, style),
            Span::styled(fill, if focused { style } else { theme.dim() }),
        ]));
        if spaced {
            lines.push(Line::default());
        }
    }
    cursor
}

/// Keeps `lines` within `height` by leaving out fields away from the focused one, which
/// stays in sight with its neighbours: the fields are `lines[at..]`, one line each (the form
/// is not spaced). A button that ends the form (the start form's 作成して開始) stays in sight
/// too, wherever the focus is: it is how the form is finished. The cursor's line moves with
/// the fields.
fn fit_fields(
    lines: &mut Vec<Line>,
    at: usize,
    form: &Form,
    height: usize,
    cursor: &mut Option<(usize, u16)>,
) {
    let (n, focus) = (form.fields.len(), form.focus);
    let over = lines.len().saturating_sub(height);
    if over == 0 || n == 0 {
        return;
    }
    let keep = n.saturating_sub(over).max(1);
    let ends_in_button = matches!(form.fields.last(), Some(f) if f.value == FieldValue::Button);
    // With the button kept apart, the window is over the fields before it.
    let (m, keep) = if ends_in_button && focus + 1 < n && keep >= 2 {
        (n - 1, keep - 1)
    } else {
        (n, keep)
    };
    let first = focus.saturating_sub(keep / 2).min(m - keep);
    lines.drain(at + first + keep..at + m);
    lines.drain(at..at + first);
    if let Some((row, _)) = cursor
        && *row >= at
    {
        *row -= first;
    }
}

/// Renders `lines` into `inner` from its top, as many as fit; returns the terminal position
/// of `cursor` (line, column) when it is in sight.
fn render_lines(
    lines: Vec<Line>,
    cursor: Option<(usize, u16)>,
    inner: Rect,
    buf: &mut Buffer,
) -> Option<Position> {
    for (i, line) in lines.into_iter().take(inner.height as usize).enumerate() {
        render_line(
            &line,
            Rect::new(inner.x, inner.y + i as u16, inner.width, 1),
            buf,
        );
    }
    let (row, x) = cursor?;
    (row < inner.height as usize && x < inner.width)
        .then(|| Position::new(inner.x + x, inner.y + row as u16))
}

/// Draws the start form and puts the terminal's cursor where typed text goes (an input
/// method's composition window follows it).
/// The least terminal the start form is drawn on; below it, only a request to enlarge the
/// terminal (and the count of input not taken meanwhile).
pub(crate) const START_MIN_WIDTH: u16 = 20;
pub(crate) const START_MIN_HEIGHT: u16 = 4;

pub fn render_start(form: &Form, file_name: &str, theme: Theme, frame: &mut Frame) {
    let area = frame.area();
    if let Some(p) = draw_start(form, file_name, theme, area, frame.buffer_mut()) {
        frame.set_cursor_position(p);
    }
}

fn draw_start(
    form: &Form,
    file_name: &str,
    theme: Theme,
    area: Rect,
    buf: &mut Buffer,
) -> Option<Position> {
    let lang = form.lang;
    if area.width < START_MIN_WIDTH || area.height < START_MIN_HEIGHT {
        let msg = lang.pick("端末を広げてください", "Enlarge the terminal");
        super::too_small(msg, lang, form.not_taken, area, buf);
        return None;
    }
    let n = form.fields.len() as u16;
    let tall = n * 2 + 6;
    // On a low terminal the blank lines between the fields go first, so the create button
    // and the key hints stay in sight.
    let spaced = area.height >= tall;
    let box_area = centered(area, 72, if spaced { tall } else { n + 7 });
    let title = format!(
        "{} {}",
        lang.pick("新しい点検シート", "New inspection sheet"),
        sanitize_line(file_name)
    );
    let block = pane_block(theme, &title, true);
    let inner = block.inner(box_area);
    block.render(box_area, buf);
    let width = inner.width as usize;
    let mut lines = Vec::new();
    let mut cursor = push_fields(form, theme, width, spaced, &mut lines);
    if let Some(e) = &form.error {
        for l in wrap_cells(&format!("! {e}"), width) {
            lines.push(Line::styled(l, theme.warning()));
        }
    }
    // Where the key hints would leave the fields fewer than three lines (the focused one, a
    // neighbour, the create button), they give way to one line of the form's keys (as in
    // the header form), and below two lines to none.
    let height = inner.height as usize;
    let room = |hints: usize| height.saturating_sub(lines.len() - form.fields.len() + hints);
    let mut hints = wrap_cells(&hint(form), width);
    if !spaced && room(hints.len()) < form.fields.len().min(3) {
        hints = vec![truncate_cells(&form.keys().hint(lang), width)];
        if room(1) < 2 {
            hints.clear();
        }
    }
    for l in hints {
        lines.push(Line::styled(l, theme.dim()));
    }
    if !spaced {
        fit_fields(&mut lines, 0, form, inner.height as usize, &mut cursor);
    }
    render_lines(lines, cursor, inner, buf)
}

/// What the sheet's profile makes of it now.
fn effect(app: &App) -> String {
    let t = &app.score.overall;
    let avg = format_average(t.exact_average());
    let w = app.warnings.len();
    match app.lang() {
        Lang::Ja => format!(
            "対象 {}/{} 項目  未回答 {}  総平均点 {avg}  警告 {w}",
            t.applicable, t.items, t.unanswered
        ),
        Lang::En => format!(
            "{}/{} items apply  unanswered {}  overall {avg}  warnings {w}",
            t.applicable, t.items, t.unanswered
        ),
    }
}

/// Draws the header form over `body`; returns where the focused text field's cursor is, if
/// in sight.
pub(crate) fn draw_header(
    app: &App,
    form: &Form,
    body: Rect,
    buf: &mut Buffer,
) -> Option<Position> {
    let lang = form.lang;
    let theme = app.options.theme;
    let fields = form.fields.len();
    // As high as the form wants at this width (the body bounds it).
    let want = {
        let w = usize::from(body.width.min(76).saturating_sub(2));
        let errors = usize::from(form.error.is_some()) * 2 + usize::from(form.bad_date()) * 3;
        let spaced = 2 + 2 + fields * 2 + 2 + errors + wrap_cells(&hint(form), w).len();
        // Where the body cannot hold the blank lines between the fields, no room is asked
        // for them.
        if spaced > usize::from(body.height) {
            spaced - (fields - 1)
        } else {
            spaced
        }
    };
    let area = centered(body, 76, u16::try_from(want).unwrap_or(u16::MAX));
    clear_popup(area, body, buf);
    let block = pane_block(theme, lang.pick("シート情報 (i)", "Sheet header (i)"), true);
    let inner = block.inner(area);
    block.render(area, buf);
    if inner.width < 8 || inner.height == 0 {
        return None;
    }
    let width = inner.width as usize;
    let mut errors: Vec<String> = Vec::new();
    let date_error = form.bad_date().then(|| {
        lang.pick(
            "点検日を日付として読めません (例 2027-02-10、令和9年2月10日、R9.2.10)。書いたとおりに残します",
            "the inspection date does not read as a date (e.g. 2027-02-10, 令和9年2月10日, R9.2.10); kept as written",
        )
    });
    for e in form.error.as_deref().into_iter().chain(date_error) {
        errors.extend(wrap_cells(&format!("! {e}"), width));
    }
    let mut hints = wrap_cells(&hint(form), width);
    let info = format!(
        "{}  {}  {}",
        app.sheet.fiscal_year().display(lang),
        app.catalog.edition.label(lang),
        sanitize_line(&app.file_name)
    );
    // What must be seen: the fields, the effect of the profile, the errors, one line of
    // keys. Room left over goes to the rest of the keys, blank lines around the effect, the
    // sheet line, and blank lines between the fields, in that order.
    let height = inner.height as usize;
    let core = fields + 1 + errors.len() + 1;
    let mut extra = height.saturating_sub(core);
    let mut take = |n: usize| {
        let ok = extra >= n;
        if ok {
            extra -= n;
        }
        ok
    };
    if !take(hints.len().saturating_sub(1)) {
        hints.truncate(1);
        if let Some(h) = hints.first_mut() {
            *h = truncate_cells(&form.keys().hint(lang), width);
        }
    }
    let around_effect = take(2);
    let show_info = take(2);
    // (The blank line after the last field is the one before the effect.)
    let spaced = around_effect && take(fields - 1);
    let mut lines: Vec<Line> = Vec::new();
    if show_info {
        lines.push(Line::styled(truncate_cells(&info, width), theme.dim()));
        lines.push(Line::default());
    }
    let fields_at = lines.len();
    let mut cursor = push_fields(form, theme, width, spaced, &mut lines);
    if around_effect && !spaced {
        lines.push(Line::default());
    }
    lines.push(Line::styled(
        truncate_cells(&effect(app), width),
        theme.heading(),
    ));
    if around_effect {
        lines.push(Line::default());
    }
    for e in errors {
        lines.push(Line::styled(e, theme.warning()));
    }
    for h in hints {
        lines.push(Line::styled(h, theme.dim()));
    }
    if !spaced {
        fit_fields(&mut lines, fields_at, form, height, &mut cursor);
    }
    render_lines(lines, cursor, inner, buf)
}

/// The part of `text` shown in `room` cells so that the cursor (a character index) is in
/// sight, and the cursor's cell offset in it. Long text scrolls left as the cursor moves
/// right; the cursor may sit one cell past the text.
pub(crate) fn around_cursor(text: &str, cursor: usize, room: usize) -> (String, usize) {
    let text = sanitize_line(text);
    let chars: Vec<char> = text.chars().collect();
    let cursor = cursor.min(chars.len());
    let width = |cs: &[char]| cs.iter().map(|c| cell_width(&c.to_string())).sum::<usize>();
    let mut start = 0;
    while start < cursor && width(&chars[start..cursor]) + 1 > room {
        start += 1;
    }
    let x = width(&chars[start..cursor]);
    let mut shown = String::new();
    let mut w = 0;
    for c in &chars[start..] {
        let cw = cell_width(&c.to_string());
        if w + cw > room {
            break;
        }
        shown.push(*c);
        w += cw;
    }
    (shown, x)
}
