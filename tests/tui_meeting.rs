//! The interview as the security meeting uses it (issue 12, points 5, 6, 8, 9, 18): notes in
//! the focus view and the item pane at 80×24, flags, clearing an answer with notes, the
//! history of one visit, wrap-round messages and the tree's wording at 80 columns. The whole
//! screen drawn into a `TestBackend` from the demo sheet and snapshotted.

mod common;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use common::screen::{NOW, demo_app};
use tenken::text::Lang;
use tenken::tui::app::{Action, App};
use tenken::tui::view;

fn english(mut app: App) -> App {
    app.options.lang = Lang::En;
    app
}

fn keys(app: &mut App, keys: &str) {
    for c in keys.chars() {
        let code = match c {
            '\n' => KeyCode::Enter,
            '\u{1b}' => KeyCode::Esc,
            c => KeyCode::Char(c),
        };
        let _ = app.update(Action::Key(KeyEvent::new(code, KeyModifiers::NONE)), NOW);
    }
}

/// The screen as text, a wide character once (not followed by its hidden cell).
fn screen(app: &App, w: u16, h: u16) -> String {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| view::render(app, f)).unwrap();
    text(t.backend().buffer())
}

fn text(buf: &Buffer) -> String {
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut x = 0;
        while x < buf.area.width {
            let s = buf[(x, y)].symbol();
            out.push_str(s);
            x += unicode_width::UnicodeWidthStr::width(s).max(1) as u16;
        }
        out.push('\n');
    }
    out
}

#[test]
fn x_on_an_item_with_notes_asks_first() {
    let mut a = demo_app();
    keys(&mut a, ":18-1\nx");
    let ja = screen(&a, 80, 24);
    assert!(ja.contains("コメント・根拠資料・改善計画"), "{ja}");
    let mut a = english(demo_app());
    keys(&mut a, ":18-1\nx");
    let en = screen(&a, 80, 24);
    insta::assert_snapshot!(format!("{ja}{en}"));
}
