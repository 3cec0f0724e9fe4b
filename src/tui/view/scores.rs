//! The score and warning strip: 総平均点, progress, one bar per 大分類 (a picture as well as
//! numbers) and the priority warnings with the next one's item id.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::catalog::heading_text;
use crate::lang::Lang;
use crate::score::{Warning, format_average};
use crate::tui::app::App;
use crate::tui::view::line::render_line;
use crate::tui::view::tree::tally_text;
use crate::tui::view::{cell_width, truncate_cells};

/// Rows the strip takes in a body of this size: one bar line per 大分類 when there is room.
pub(crate) fn height(app: &App, body: Rect) -> u16 {
    let majors = app.catalog.majors.len() as u16;
    if body.height >= 30 { majors + 1 } else { 2 }
}

/// The first line's text: 総平均点, progress and warnings.
/// The strip's first line: overall average and progress, last year's average, drafts left,
/// items flagged for review, and the next priority warning. When it does not fit `width`, a compact form drops the
/// percentage and shortens the labels, so that the next warning's id stays visible.
pub(crate) fn summary(app: &App, width: usize) -> (String, String) {
    let fits = |s: &(String, String)| cell_width(&s.0) + cell_width(&s.1) <= width;
    let full = summary_in(app, false, true);
    if fits(&full) {
        return full;
    }
    let compact = summary_in(app, true, true);
    if fits(&compact) {
        return compact;
    }
    // Narrower still: the flag count gives way to the next warning.
    summary_in(app, true, false)
}

fn summary_in(app: &App, compact: bool, flags: bool) -> (String, String) {
    let lang = app.lang();
    let o = &app.score.overall;
    let pct = (o.answered * 100).checked_div(o.applicable).unwrap_or(100);
    let avg = format_average(o.exact_average());
    let mut main = match (lang, compact) {
        (Lang::Ja, false) => format!(
            " 総平均点 {avg}  回答 {}/{} ({pct}%)",
            o.answered, o.applicable
        ),
        (Lang::En, false) => format!(
            " overall {avg}  answered {}/{} ({pct}%)",
            o.answered, o.applicable
        ),
        (Lang::Ja, true) => format!(" 平均 {avg} 回答 {}/{}", o.answered, o.applicable),
        (Lang::En, true) => format!(" avg {avg} done {}/{}", o.answered, o.applicable),
    };
    let gap = if compact { " " } else { "  " };
    if let Some(prev) = app.shown_previous() {
        let last = format_average(prev.score.overall.exact_average());
        main.push_str(&match lang {
            Lang::Ja => format!("{gap}前年 {last}"),
            Lang::En if compact => format!("{gap}last {last}"),
            Lang::En => format!("{gap}last yr {last}"),
        });
    }
    if app.score.unconfirmed > 0 {
        main.push_str(&match lang {
            Lang::Ja => format!("{gap}下書き {} (m)", app.score.unconfirmed),
            Lang::En => format!(
                "{gap}{} (m)",
                crate::lang::count(app.score.unconfirmed, "draft")
            ),
        });
    }
    let flagged = app.flagged_count();
    if flags && flagged > 0 {
        main.push_str(&match (lang, compact) {
            (Lang::Ja, false) => format!("{gap}付箋 {flagged} (])"),
            (Lang::Ja, true) => format!("{gap}付箋 {flagged}"),
            (Lang::En, false) => format!("{gap}{flagged} flagged (])"),
            (Lang::En, true) => format!("{gap}{flagged} flagged"),
        });
    }
    let next = next_warning(app);
    let warn = match (lang, next, compact) {
        (_, None, _) => lang
            .pick("  重要点検項目の警告なし", "  no priority warnings")
            .to_string(),
        (Lang::Ja, Some(w), false) => {
            format!("  ! 重要警告 {} 件 次 {} (w)", app.warnings.len(), w.id)
        }
        (Lang::En, Some(w), false) => format!(
            "  ! {}, next {} (w)",
            crate::lang::count(app.warnings.len(), "priority warning"),
            w.id
        ),
        (Lang::Ja, Some(w), true) => format!(" !警告 {} 次 {} (w)", app.warnings.len(), w.id),
        (Lang::En, Some(w), true) => {
            format!(
                " !{}, next {} (w)",
                crate::lang::count(app.warnings.len(), "warning"),
                w.id
            )
        }
    };
    (main, warn)
}

/// The priority warning `w` goes to from the cursor, named in the strip.
pub(crate) fn next_warning(app: &App) -> Option<&Warning> {
    let from = app.first_after_cursor();
    app.warnings
        .iter()
        .find(|w| w.position >= from)
        .or(app.warnings.first())
}

pub(crate) fn draw(app: &App, area: Rect, buf: &mut Buffer) {
    if area.height == 0 || area.width == 0 {
        return;
    }
    let theme = app.options.theme;
    let lang = app.lang();
    let width = area.width as usize;
    let (main, warn) = summary(app, width);
    let warn_style = if app.warnings.is_empty() {
        theme.ok()
    } else {
        theme.warning()
    };
    let main = truncate_cells(&main, width);
    let warn = truncate_cells(&warn, width.saturating_sub(cell_width(&main)));
    render_line(
        &Line::from(vec![
            Span::styled(main, theme.heading()),
            Span::styled(warn, warn_style),
        ]),
        Rect::new(area.x, area.y, area.width, 1),
        buf,
    );
    let majors = &app.catalog.majors;
    if area.height as usize > majors.len() {
        // One line per 大分類 with its title.
        for (i, m) in majors.iter().enumerate() {
            let t = &app.score.majors[i].tally;
            let right = format!(" {}", tally_text(t));
            let bar_w = 20.min(width / 4);
            let bar = theme.bar(t.average(), 3.0, bar_w);
            let room = width.saturating_sub(cell_width(&right) + bar_w + 1);
            let title = truncate_cells(
                &format!(" {} {}", m.no, heading_text(&m.title, &m.en, lang)),
                room,
            );
            let pad = " ".repeat(room.saturating_sub(cell_width(&title)));
            render_line(
                &Line::from(vec![
                    Span::raw(title),
                    Span::raw(pad),
                    Span::raw(" "),
                    Span::styled(bar, theme.accent()),
                    Span::raw(right),
                ]),
                Rect::new(area.x, area.y + 1 + i as u16, area.width, 1),
                buf,
            );
        }
    } else if area.height >= 2 {
        // All 大分類 on one line: "1 ####.. 2.88".
        let n = majors.len().max(1);
        let cell = width / n;
        let bar_w = cell.saturating_sub(9).clamp(1, 10);
        let mut spans = Vec::new();
        for (i, m) in majors.iter().enumerate() {
            let t = &app.score.majors[i].tally;
            let avg = t.exact_average().map_or("  -".to_string(), |a| {
                crate::figure::Figure::from(a).fixed(2)
            });
            let text = format!(" {} ", m.no);
            spans.push(Span::styled(text, theme.heading()));
            spans.push(Span::styled(
                theme.bar(t.average(), 3.0, bar_w),
                theme.accent(),
            ));
            spans.push(Span::styled(format!(" {avg:<4}"), Style::new()));
        }
        render_line(
            &Line::from(spans),
            Rect::new(area.x, area.y + 1, area.width, 1),
            buf,
        );
    }
}
