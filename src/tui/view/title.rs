//! The title line: organisation, 年度, edition, file name, and whether the sheet is saved.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::lang::Lang;
use crate::safe_text::sanitize_line;
use crate::tui::app::App;
use crate::tui::view::line::put_str;
use crate::tui::view::{cell_width, truncate_cells};

/// The save state as words (never by colour alone), and whether it is a failure.
pub(crate) fn save_state(app: &App) -> (String, bool) {
    let lang = app.lang();
    if app.read_only {
        return (lang.pick("読み取り専用", "read-only").into(), false);
    }
    if let Some(why) = &app.save.failure {
        let why = sanitize_line(why);
        return (
            match (lang, app.save.conflict) {
                // Someone else changed the file: nothing is retried over it (the conflict
                // dialog offers saving beside it or re-applying to it).
                (Lang::Ja, true) => format!("未保存・他で変更されています: {why}"),
                (Lang::En, true) => format!("NOT SAVED, changed by someone else: {why}"),
                (Lang::Ja, false) => format!("保存失敗・再試行中: {why}"),
                (Lang::En, false) => format!("SAVE FAILED, retrying: {why}"),
            },
            true,
        );
    }
    let time =
        |t: time::OffsetDateTime| format!("{:02}:{:02}:{:02}", t.hour(), t.minute(), t.second());
    match (app.save.dirty, app.save.last_saved) {
        (true, _) => (lang.pick("保存待ち", "saving").into(), false),
        (false, Some(t)) => (
            match lang {
                Lang::Ja => format!("保存済 {}", time(t)),
                Lang::En => format!("saved {}", time(t)),
            },
            false,
        ),
        (false, None) => (lang.pick("変更なし", "unchanged").into(), false),
    }
}

pub(crate) fn draw(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = app.options.theme;
    let lang = app.lang();
    let left = format!(
        " {} {} {} {} {}",
        lang.pick("点検", "tenken"),
        sanitize_line(&app.sheet.organization),
        app.sheet.fiscal_year().display(lang),
        app.catalog.edition.label(lang),
        sanitize_line(&app.file_name),
    );
    let (mut state, mut failed) = save_state(app);
    // Words, not colour alone: the sheet is no longer the one the 確認者 approved.
    if let crate::seal::SealState::Changed(_) = crate::seal::state(&app.sheet) {
        state = format!(
            "{} / {state}",
            lang.pick("確認後に変更されています", "changed since signed off")
        );
        failed = true;
    }
    let width = area.width as usize;
    // A long state (a failure's reason, the seal's words) is cut before the organisation it
    // is the state of: the left part keeps up to two fifths of the line.
    let kept = cell_width(&left).min(width * 2 / 5);
    let state = truncate_cells(&format!(" {state} "), width - kept);
    let room = width.saturating_sub(cell_width(&state));
    let left = truncate_cells(&left, room);
    let state_style = if failed { theme.error() } else { theme.title() };
    // The line in the title's style, the words written into it: the padding between them is
    // not laid out cell by cell as a span would be.
    buf.set_style(area, theme.title());
    put_str(buf, area.x, area.y, &left, room, theme.title());
    put_str(
        buf,
        area.x + room as u16,
        area.y,
        &state,
        width - room,
        state_style,
    );
}

#[cfg(test)]
mod tests {
    use crate::tui::app::tests::demo_app;
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;

    /// Seen at 40×12: a long state (a save failure with its reason, 確認後に変更されています)
    /// took the whole title line, and the organisation it is the state of was gone. The state
    /// is cut first: the organisation keeps up to two fifths of the line.
    #[test]
    fn a_long_state_leaves_the_organisation_on_the_title_line() {
        let mut app = demo_app();
        app.save.failure = Some("/tmp/trialM/shared/令和8年度/r8.ron: 他で変更されています".into());
        app.save.conflict = true;
        for width in [40, 80] {
            let area = Rect::new(0, 0, width, 1);
            let mut buf = Buffer::empty(area);
            super::draw(&app, area, &mut buf);
            let line = crate::tui::view::tests::buffer_text(&buf);
            assert!(line.starts_with(" 点検 例市"), "{width}: {line:?}");
            assert!(line.contains("未保存"), "{width}: {line:?}");
        }
    }
}
