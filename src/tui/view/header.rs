//! The sheet header form (`i`): the fields, what the profile does to the sheet right now
//! (items that apply, unanswered, 総平均点, warnings), and the keys from the form's table.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::score::format_average;
use crate::text::{Lang, sanitize_line};
use crate::tui::app::App;
use crate::tui::header::{HeaderField, HeaderForm};
use crate::tui::keymap::modes::{CHOICE, HEADER_FORM, LINE_EDIT};
use crate::tui::view::start::around_cursor;
use crate::tui::view::{cell_width, centered, clear_popup, pane_block, truncate_cells, wrap_cells};

/// The form's key hints for the focused field: the form's keys, then the field's.
pub fn hint(form: &HeaderForm, lang: Lang) -> String {
    let field = if form.text(form.focused()).is_some() {
        LINE_EDIT.hint(lang)
    } else {
        CHOICE.hint(lang)
    };
    format!("{}   {field}", HEADER_FORM.hint(lang))
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

/// Draws the form over `body`; returns where the focused text field's cursor is, if in sight.
pub fn draw(app: &App, form: &HeaderForm, body: Rect, buf: &mut Buffer) -> Option<Position> {
    let lang = app.lang();
    let theme = app.options.theme;
    let fields = form.fields();
    // As high as the form wants at this width (the body bounds it).
    let want = {
        let w = usize::from(body.width.min(76).saturating_sub(2));
        let errors = usize::from(form.error.is_some()) * 2 + usize::from(form.bad_date()) * 3;
        2 + 2 + fields.len() * 2 + 2 + errors + wrap_cells(&hint(form, lang), w).len()
    };
    let area = centered(body, 76, u16::try_from(want).unwrap_or(u16::MAX));
    clear_popup(area, buf);
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
    let mut hints = wrap_cells(&hint(form, lang), width);
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
    let core = fields.len() + 1 + errors.len() + 1;
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
            *h = truncate_cells(&hint(form, lang), width);
        }
    }
    let around_effect = take(2);
    let show_info = take(2);
    // (The blank line after the last field is the one before the effect.)
    let spaced = around_effect && take(fields.len() - 1);
    let label_w = fields
        .iter()
        .map(|f| cell_width(&form.label(*f, lang)))
        .max()
        .unwrap_or(0)
        .min(width / 2)
        + 2;
    let room = width.saturating_sub(label_w + 1);
    let mut lines: Vec<Line> = Vec::new();
    if show_info {
        lines.push(Line::styled(truncate_cells(&info, width), theme.dim()));
        lines.push(Line::default());
    }
    let mut cursor: Option<(usize, u16)> = None;
    for (i, field) in fields.iter().enumerate() {
        let focused = i == form.focus;
        let label = truncate_cells(&form.label(*field, lang), label_w - 2);
        let pad = " ".repeat(label_w.saturating_sub(cell_width(&label) + 1));
        let style = if focused {
            theme.selected()
        } else {
            Style::new()
        };
        let value = match (field, form.text(*field)) {
            (_, Some(text)) if focused => {
                let (shown, x) = around_cursor(text, form.cursor, room);
                cursor = Some((lines.len(), (label_w + x) as u16));
                shown
            }
            (HeaderField::InspectedOn, Some(text)) => {
                let shown = match crate::date::parse_date(text) {
                    Some(d) => format!("{}  {}", crate::date::iso(d), crate::date::wareki(d)),
                    None => text.to_string(),
                };
                truncate_cells(&sanitize_line(&shown), room)
            }
            (_, Some(text)) => truncate_cells(&sanitize_line(text), room),
            (HeaderField::Profile(n), None) => match form.profile[*n].answer {
                None => lang.pick("< 未回答 > (y/n)", "< not answered > (y/n)"),
                Some(true) => lang.pick("< はい >", "< yes >"),
                Some(false) => lang.pick("< いいえ >", "< no >"),
            }
            .to_string(),
            (_, None) => String::new(),
        };
        let fill = " ".repeat(room.saturating_sub(cell_width(&value)).min(30));
        lines.push(Line::from(vec![
            Span::raw(if focused { ">" } else { " " }),
            Span::styled(label, theme.heading()),
            Span::raw(pad),
            Span::styled(value, style),
            Span::styled(fill, if focused { style } else { theme.dim() }),
        ]));
        if spaced {
            lines.push(Line::default());
        }
    }
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
    for (i, line) in lines.into_iter().take(height).enumerate() {
        line.render(Rect::new(inner.x, inner.y + i as u16, inner.width, 1), buf);
    }
    let (row, x) = cursor?;
    (row < height && usize::from(x) < width)
        .then(|| Position::new(inner.x + x, inner.y + row as u16))
}
