//! The start form's screen.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::text::sanitize_line;
use crate::tui::start::{FieldId, StartForm};
use crate::tui::theme::Theme;
use crate::tui::view::{cell_width, centered, pane_block, truncate_cells, wrap_cells};

pub fn draw(form: &StartForm, file_name: &str, theme: Theme, area: Rect, buf: &mut Buffer) {
    let lang = form.lang;
    if area.width < 20 || area.height < 4 {
        let msg = lang.pick("端末を広げてください", "Enlarge the terminal");
        buf.set_stringn(area.x, area.y, msg, area.width as usize, Style::new());
        return;
    }
    let fields = form.fields();
    let box_area = centered(area, 72, fields.len() as u16 * 2 + 6);
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
        let value = truncate_cells(&sanitize_line(&value), room);
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
        lines.push(Line::default());
    }
    if let Some(e) = &form.error {
        for l in wrap_cells(&format!("! {e}"), width) {
            lines.push(Line::styled(l, theme.warning()));
        }
    }
    for l in wrap_cells(
        lang.pick(
            "Tab/上下 移動  Enter 次へ  左右/Space 選択  Esc 中止",
            "Tab/Up/Down move  Enter next  Left/Right/Space choose  Esc cancel",
        ),
        width,
    ) {
        lines.push(Line::styled(l, theme.dim()));
    }
    for (i, line) in lines.into_iter().take(inner.height as usize).enumerate() {
        line.render(Rect::new(inner.x, inner.y + i as u16, inner.width, 1), buf);
    }
}
