//! Drawing only (last year's model is `tui::previous`, its actions `app::previous`).
//! The `R` overlay: last year against this year — which sheets, the overall averages, how
//! many items changed in which way, and the items last year's catalog had that this year's
//! does not (they have no row in the tree).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Widget;

use crate::diff::Change;
use crate::lang::say;
use crate::safe_text::sanitize_line;
use crate::score::format_average;
use crate::tui::app::App;
use crate::tui::view::{clear_popup, wrap_cells};

/// The overlay's text, one entry per paragraph.
pub(crate) fn lines(app: &App) -> Vec<String> {
    let lang = app.lang();
    let Some(prev) = &app.previous else {
        return vec![
            lang.pick(
                "前年のシートがありません (V で読み込む)",
                "no sheet of last year (V loads one)",
            )
            .to_string(),
        ];
    };
    let c = prev.counts(&app.score);
    let mut out: Vec<String> = app
        .pairing_warnings()
        .into_iter()
        .map(|w| format!("{} {w}", lang.pick("警告:", "warning:")))
        .collect();
    let sheet_line = |label: &str, year: String, cat: &crate::catalog::Catalog, name: &str| {
        format!(
            "{label} {year}  {} {} {}  {}",
            cat.id,
            cat.revision,
            cat.edition.label(lang),
            sanitize_line(name)
        )
    };
    out.push(sheet_line(
        lang.pick("前年", "last year"),
        prev.sheet.fiscal_year().display(lang),
        prev.catalog,
        &prev.name,
    ));
    out.push(sheet_line(
        lang.pick("今年", "this year"),
        app.sheet.fiscal_year().display(lang),
        app.catalog,
        &app.file_name,
    ));
    let (last, this) = (
        format_average(prev.score.overall.exact_average()),
        format_average(app.score.overall.exact_average()),
    );
    out.push(say!(
        lang,
        "総平均点 前年 {last} / 今年 {this}",
        "overall average last year {last} / this year {this}"
    ));
    out.push(String::new());
    for (change, n) in [
        (Change::Improved, c.improved),
        (Change::Worse, c.worse),
        (Change::Same, c.same),
        (Change::Changed, c.changed),
        (Change::Answered, c.answered),
        (Change::Unanswered, c.unanswered),
        (Change::Draft, c.drafts),
        (Change::New, c.new),
    ] {
        out.push(format!(
            "{:>4} {:<4}{}",
            n,
            change.marker(),
            change.interview_label(lang)
        ));
    }
    let (neither, wording) = (c.neither, c.wording);
    out.push(say!(
        lang,
        "{neither:>4}     両年とも回答なし (未回答・対象外)",
        "{neither:>4}     answered in neither year"
    ));
    out.push(say!(
        lang,
        "{wording:>4}     文言変更 (項目欄に両方の文言)",
        "{wording:>4}     wording changed (the item pane shows both)"
    ));
    out.push(String::new());
    let removed = prev.removed.len();
    out.push(say!(
        lang,
        "廃止項目 (今年の調査票にない・取り込まれません): {removed} 件",
        "Removed items (not in this year's checklist, never taken): {removed}"
    ));
    for r in &prev.removed {
        let score = r
            .score
            .map_or("[ ]".to_string(), |s| format!("[{}]", s.value()));
        out.push(format!(
            "{} {score} {:<5} {}",
            Change::Removed.marker(),
            r.id,
            sanitize_line(&r.text)
        ));
    }
    out
}

pub(crate) fn draw(app: &App, scroll: u16, area: Rect, buf: &mut Buffer) {
    let lang = app.lang();
    clear_popup(area, area, buf);
    let block = super::scroll_block(
        app.options.theme,
        lang.pick("前年との比較", "Last year and this year"),
        lang,
        area.width,
    );
    let inner = block.inner(area);
    block.render(area, buf);
    if inner.width < 4 || inner.height == 0 {
        return;
    }
    let mut text = Vec::new();
    for l in lines(app) {
        text.extend(
            wrap_cells(&l, inner.width as usize)
                .into_iter()
                .map(Line::raw),
        );
    }
    app.scroll_reach
        .set(super::render_scrolled(text, scroll, inner, buf));
}
