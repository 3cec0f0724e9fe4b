//! The start form's screen.

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::text::sanitize_line;
use crate::tui::start::{FieldId, StartForm};
use crate::tui::theme::Theme;
use crate::tui::view::{cell_width, centered, pane_block, truncate_cells, wrap_cells};

/// Draws the form and puts the terminal's cursor where typed text goes (an input method's
/// composition window follows it).
pub fn render(form: &StartForm, file_name: &str, theme: Theme, frame: &mut Frame) {
    let area = frame.area();
    if let Some(p) = draw(form, file_name, theme, area, frame.buffer_mut()) {
        frame.set_cursor_position(p);
    }
}

/// Draws the form; returns where the cursor of the focused text field is, if it is in sight.
pub fn draw(
    form: &StartForm,
    file_name: &str,
    theme: Theme,
    area: Rect,
    buf: &mut Buffer,
) -> Option<Position> {
    let lang = form.lang;
    if area.width < 20 || area.height < 4 {
        let msg = lang.pick("端末を広げてください", "Enlarge the terminal");
        buf.set_stringn(area.x, area.y, msg, area.width as usize, Style::new());
        return None;
    }
    let fields = form.fields();
    let box_area = centered(area, 72, fields.len() as u16 * 2 + 6);
    // On a low terminal the blank lines between the fields go first, so the create button
    // and the key hints stay in sight.
    let spaced = box_area.height >= fields.len() as u16 * 2 + 6;
    let title = format!(
        "{} {}",
        lang.pick("新しい点検シート", "New inspection sheet"),
        sanitize_line(file_name)
    );
    let block = pane_block(theme, &title, true);
    let inner = block.inner(box_area);
    block.render(box_area, buf);
    let width = inner.width as usize;
    let label_w = fields
        .iter()
        .map(|f| cell_width(&form.label(*f)))
        .max()
        .unwrap_or(0)
        .min(width / 2)
        + 2;
    let mut lines: Vec<Line> = Vec::new();
    let mut cursor: Option<(usize, u16)> = None;
    for (i, field) in fields.iter().enumerate() {
        let focused = i == form.focus;
        let marker = if focused { ">" } else { " " };
        let label = truncate_cells(&form.label(*field), label_w - 2);
        let pad = " ".repeat(label_w.saturating_sub(cell_width(&label) + 1));
        let value = match field {
            FieldId::Organization => form.organization.clone(),
            FieldId::Year => form.year.clone(),
            FieldId::Edition => format!("< {} >", form.edition.label(lang)),
            FieldId::Respondent => form.respondent.clone(),
            FieldId::Profile(n) => match form.profile[*n].3 {
                None => lang
                    .pick("< 選んでください > (y/n)", "< choose > (y/n)")
                    .into(),
                Some(true) => lang.pick("< はい >", "< yes >").into(),
                Some(false) => lang.pick("< いいえ >", "< no >").into(),
            },
            FieldId::Create => String::new(),
        };
        let style = if focused {
            theme.selected()
        } else {
            Style::new()
        };
        let room = width.saturating_sub(label_w + 1);
        let value = if focused && let Some(text) = form.text(*field) {
            let (shown, x) = around_cursor(text, form.cursor, room);
            cursor = Some((lines.len(), (label_w + x) as u16));
            shown
        } else {
            truncate_cells(&sanitize_line(&value), room)
        };
        let mut spans = vec![
            Span::raw(marker),
            Span::styled(label, theme.heading()),
            Span::raw(pad),
        ];
        if *field == FieldId::Create {
            spans = vec![
                Span::raw(marker),
                Span::styled(
                    format!("[ {} ]", form.label(*field)),
                    style.patch(theme.heading()),
                ),
            ];
        } else {
            let fill = " ".repeat(room.saturating_sub(cell_width(&value)).min(30));
            spans.push(Span::styled(value, style));
            spans.push(Span::styled(
                fill,
                if focused { style } else { theme.dim() },
            ));
        }
        lines.push(Line::from(spans));
        if spaced {
            lines.push(Line::default());
        }
    }
    if let Some(e) = &form.error {
        for l in wrap_cells(&format!("! {e}"), width) {
            lines.push(Line::styled(l, theme.warning()));
        }
    }
    let hint = if form.text(form.focused()).is_some() {
        lang.pick(
            "Tab/上下 移動  Enter 次へ  左右/Home/End 欄内移動  Esc 中止",
            "Tab/Up/Down move  Enter next  Left/Right/Home/End in field  Esc cancel",
        )
    } else {
        lang.pick(
            "Tab/上下 移動  Enter 次へ  左右/Space 選択  Esc 中止",
            "Tab/Up/Down move  Enter next  Left/Right/Space choose  Esc cancel",
        )
    };
    for l in wrap_cells(hint, width) {
        lines.push(Line::styled(l, theme.dim()));
    }
    for (i, line) in lines.into_iter().take(inner.height as usize).enumerate() {
        line.render(Rect::new(inner.x, inner.y + i as u16, inner.width, 1), buf);
    }
    let (row, x) = cursor?;
    (row < inner.height as usize && usize::from(x) < width)
        .then(|| Position::new(inner.x + x, inner.y + row as u16))
}

/// The part of `text` shown in `room` cells so that the cursor (a character index) is in
/// sight, and the cursor's cell offset in it. Long text scrolls left as the cursor moves
/// right; the cursor may sit one cell past the text.
pub fn around_cursor(text: &str, cursor: usize, room: usize) -> (String, usize) {
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
