//! The bottom line: the key bar generated from the key table (on the main screen only: a
//! dialog names its own keys), or a message (wrapped over up to three lines when it is long),
//! or the prompt of `:` / `/`.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};

use crate::safe_text::sanitize_line;
use crate::tui::app::{App, Mode, PromptKind};
use crate::tui::keymap::{self, KeyCommand};
use crate::tui::view::line::render_line;
use crate::tui::view::{cell_width, cut_lines, wrap_cells};

/// The tag of the bar's 「Enter 次へ」 entry on an answered item. Enter is `ConfirmOrExpand`,
/// whose own entry is the drafts'; `Down` has no entry of its own, so the tag is free.
const ENTER_NEXT: KeyCommand = KeyCommand::Down;

/// The most lines a message takes at the bottom of the screen.
const MESSAGE_LINES: usize = 3;

/// The message, wrapped to the screen's width (at most `rows` lines, and never more than
/// [`MESSAGE_LINES`], the last cut with `~`), when one is shown instead of the key bar.
fn message_lines(app: &App, width: usize, rows: usize) -> Option<Vec<String>> {
    if matches!(app.mode, Mode::Prompt { .. }) {
        return None;
    }
    // Messages quote file names, lock-file hosts, error texts: all from outside.
    let msg = sanitize_line(app.message.as_deref()?);
    let mut lines = wrap_cells(&msg, width.saturating_sub(1));
    let rows = rows.clamp(1, MESSAGE_LINES);
    cut_lines(&mut lines, rows, width.saturating_sub(1));
    Some(lines.into_iter().map(|l| format!(" {l}")).collect())
}

/// How many lines the bottom of the screen needs: one for the key bar or a prompt, more for
/// a message too long for one line (it is wrapped, not cut).
pub(crate) fn height(app: &App, width: u16) -> u16 {
    message_lines(app, usize::from(width), MESSAGE_LINES).map_or(1, |l| l.len().max(1) as u16)
}

/// Draws the bar; with a `:` or `/` prompt open, returns where typed text goes.
pub(crate) fn draw(app: &App, area: Rect, buf: &mut Buffer) -> Option<Position> {
    let theme = app.options.theme;
    let lang = app.lang();
    let width = area.width as usize;
    if let Mode::Prompt {
        kind,
        input,
        cursor,
    } = &app.mode
    {
        let label = match kind {
            PromptKind::Jump => lang.pick(":項目番号 ", ":item id "),
            PromptKind::Search => lang.pick("/検索 ", "/search "),
            PromptKind::LoadPrevious => lang.pick("前年のシート: ", "last year's sheet: "),
        };
        // Show the end of a long input, or as far as the cursor when it is further back; the
        // terminal's cursor stands at the cursor (one cursor: no reverse-video block under
        // it, which would cancel a block cursor out).
        let before: String = input.chars().take(*cursor).collect();
        let (before, after) = (
            sanitize_line(&before),
            sanitize_line(&input[before.len()..]),
        );
        let mut shown = format!("{before}{after}");
        let mut at = before.chars().count();
        while cell_width(label) + cell_width(&shown) + 1 > width && !shown.is_empty() {
            if at > 0 {
                shown.remove(0);
                at -= 1;
            } else {
                shown.pop();
            }
        }
        let left: String = shown.chars().take(at).collect();
        let x = (cell_width(label) + cell_width(&left)).min(width.saturating_sub(1));
        render_line(
            &Line::from(vec![Span::styled(label, theme.key()), Span::raw(shown)]),
            area,
            buf,
        );
        return (width > 0).then(|| Position::new(area.x + x as u16, area.y));
    }
    if let Some(lines) = message_lines(app, width, area.height.into()) {
        for (i, l) in lines.into_iter().enumerate() {
            let row = Rect::new(area.x, area.y + i as u16, area.width, 1);
            render_line(&Line::styled(l, theme.heading()), row, buf);
        }
        return None;
    }
    // A notes editor, the header form, a question or the help has the keys and names them
    // itself: the main screen's are not offered under it.
    if !matches!(app.mode, Mode::Normal) {
        return None;
    }
    // Answering, help and quitting always show; then the meeting's keys, then the others as
    // they fit, shown in table order. Last year's keys show once a previous sheet is loaded,
    // the drafts' keys while drafts wait.
    let relevant = |command: &KeyCommand| match command {
        KeyCommand::TogglePrevious | KeyCommand::TakePrevious => app.previous.is_some(),
        KeyCommand::ConfirmOrExpand => app.score.unconfirmed > 0,
        _ => true,
    };
    let mut entries: Vec<_> = keymap::bar_entries(lang)
        .into_iter()
        .filter(|(command, ..)| relevant(command))
        .collect();
    // Enter moves on from an item that is not a draft (where a changed score keeps the
    // cursor, #21.4): named next to the answers while no drafts remain (then the drafts'
    // entry names Enter). The same on every row, so a cursor move does not redraw the bar.
    if app.score.unconfirmed == 0 {
        let at = entries.len().min(1);
        entries.insert(at, (ENTER_NEXT, "Enter".into(), lang.pick("次へ", "next")));
    }
    let cost =
        |(_, keys, what): &(KeyCommand, String, &str)| cell_width(keys) + cell_width(what) + 3;
    let essential = |command: &KeyCommand| {
        matches!(
            *command,
            KeyCommand::Answer(_) | KeyCommand::Help | KeyCommand::Quit | ENTER_NEXT
        )
    };
    // The meeting's keys come next, before moving and searching: the drafts (Enter/m/M/C),
    // notes, the flag and the focus view.
    let meeting = |command: &KeyCommand| {
        matches!(
            command,
            KeyCommand::ConfirmOrExpand
                | KeyCommand::EditComment
                | KeyCommand::ToggleFlag
                | KeyCommand::FocusView
        )
    };
    let mut used: usize = entries.iter().filter(|e| essential(&e.0)).map(cost).sum();
    let mut shown = vec![false; entries.len()];
    for (i, e) in entries.iter().enumerate() {
        if essential(&e.0) {
            shown[i] = used <= width;
        }
    }
    for pass in [true, false] {
        for (i, e) in entries.iter().enumerate() {
            if !essential(&e.0) && meeting(&e.0) == pass && used + cost(e) <= width {
                used += cost(e);
                shown[i] = true;
            }
        }
    }
    let mut spans = Vec::new();
    for (i, (_, keys, what)) in entries.into_iter().enumerate() {
        if shown[i] {
            spans.push(Span::raw(" "));
            spans.push(Span::styled(keys, theme.key()));
            spans.push(Span::raw(format!(" {what} ")));
        }
    }
    render_line(&Line::from(spans), area, buf);
    None
}

#[cfg(test)]
mod tests {
    use crate::tui::app::tests::demo_app;
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;

    /// The abnormal-end notice quotes the host of a stale lock file, which anyone can write.
    #[test]
    fn messages_show_control_and_bidi_characters_visibly() {
        let mut app = demo_app();
        app.message = Some("前回の編集 (ho\u{202E}st\u{1b}[2J pid 1) は異常終了".into());
        let area = Rect::new(0, 0, 80, 1);
        let mut buf = Buffer::empty(area);
        super::draw(&app, area, &mut buf);
        let line: String = buf.content().iter().map(|c| c.symbol()).collect();
        assert!(line.contains("ho<U+202E>st<U+001B>[2J"), "{line}");
    }

    /// While a notes editor, the header form, a question or the help is open, keys go to it
    /// and it names them itself: the bar named the main screen's (`q 終了` while `q` typed a
    /// letter into a comment), so it is left empty.
    #[test]
    fn the_main_keys_are_not_offered_while_a_dialog_has_the_keys() {
        use crate::tui::app::tests::press;
        use ratatui::crossterm::event::KeyCode;
        let mut app = demo_app();
        app.go_to_item(3);
        let bar = |app: &crate::tui::app::App| {
            let area = Rect::new(0, 0, 80, 1);
            let mut buf = Buffer::empty(area);
            super::draw(app, area, &mut buf);
            crate::tui::view::tests::buffer_rows(&buf).concat()
        };
        assert!(bar(&app).contains("終了"), "{}", bar(&app));
        for (open, close) in [
            (KeyCode::Char('c'), KeyCode::Esc),
            (KeyCode::Char('i'), KeyCode::Esc),
            (KeyCode::Char('?'), KeyCode::Esc),
        ] {
            press(&mut app, open);
            assert!(
                !matches!(app.mode, crate::tui::app::Mode::Normal),
                "{open:?} opens something"
            );
            app.message = None;
            assert_eq!(bar(&app).trim(), "", "{open:?}");
            press(&mut app, close);
            assert!(matches!(app.mode, crate::tui::app::Mode::Normal));
            app.message = None;
            assert!(bar(&app).contains("終了"), "{close:?}");
        }
    }

    /// #21.17: a message wider than the screen is wrapped over the bottom lines, not cut
    /// (「…廃止 0 (R で~」).
    #[test]
    fn a_long_message_is_shown_whole_at_80_columns() {
        let mut app = demo_app();
        let msg = "前年 令和7年度 (sheet-r7-with-a-long-name.ron) を表示: 回答の変化 12 件、文言変更 3、廃止 0 (R で一覧)";
        app.message = Some(msg.into());
        let area = Rect::new(0, 0, 80, 24);
        let mut buf = Buffer::empty(area);
        crate::tui::view::draw(&app, area, &mut buf);
        let rows = crate::tui::view::tests::buffer_rows(&buf)[21..24].to_vec();
        let shown: String = rows.iter().map(|r| r.trim()).collect();
        assert!(shown.ends_with("廃止 0 (R で一覧)"), "{rows:#?}");
    }

    /// At 40×10 the bottom gets two lines, and the same message, wrapped over three, lost its
    /// end without a sign (「…廃止 0 (R で一」, seen in tmux): the last line shown says `~`.
    #[test]
    fn a_message_cut_on_a_tiny_screen_says_so() {
        let mut app = demo_app();
        app.message = Some(
            "前年 令和7年度 (r7.ron) を表示: 回答の変化 4 件、文言変更 0、廃止 0 (R で一覧)".into(),
        );
        let area = Rect::new(0, 0, 40, 10);
        let mut buf = Buffer::empty(area);
        crate::tui::view::draw(&app, area, &mut buf);
        let rows = crate::tui::view::tests::buffer_rows(&buf);
        assert!(rows[8].contains("前年"), "{rows:#?}");
        assert!(rows[9].trim_end().ends_with('~'), "{rows:#?}");
    }

    /// #21.9: while drafts remain, the key bar at 80 columns keeps the meeting keys: notes,
    /// the flag, the focus view and the drafts' keys (Enter, m, C), in both languages.
    #[test]
    fn the_meeting_keys_stay_in_the_bar_at_80_columns_while_drafts_remain() {
        use crate::lang::Lang;
        use crate::tui::app::tests::{PREVIOUS_SHEET, press};
        use crate::tui::previous::PreviousSheet;
        use ratatui::crossterm::event::KeyCode;
        for lang in [Lang::Ja, Lang::En] {
            let mut app = demo_app();
            app.options.lang = lang;
            let previous = PreviousSheet {
                catalog: app.catalog,
                sheet: crate::ron::ron_options().from_str(PREVIOUS_SHEET).unwrap(),
                name: "r7.ron".into(),
            };
            app = app.with_previous(previous);
            press(&mut app, KeyCode::Char('T'));
            press(&mut app, KeyCode::Char('y'));
            press(&mut app, KeyCode::Esc);
            assert!(app.score.unconfirmed > 0);
            let area = Rect::new(0, 0, 80, 1);
            let mut buf = Buffer::empty(area);
            super::draw(&app, area, &mut buf);
            let line: String = buf.content().iter().map(|c| c.symbol()).collect();
            let words: Vec<&str> = line.split_whitespace().collect();
            for keys in ["0-3", "Enter/m/M/C", "c/e/p", "f", "z", "?", "q"] {
                assert!(
                    words.contains(&keys),
                    "{lang:?}: {keys} missing in {line:?}"
                );
            }
        }
    }
}
