//! The interview drawn off-screen, for tests and benchmarks: the demo sheet (municipal
//! catalog, about half answered) in an `App`, and a terminal whose backend counts the bytes
//! ratatui would send over the wire.

use std::cell::Cell;
use std::io::Write;
use std::rc::Rc;

use crate::fixture::SHEET;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};
use tenken::catalog::{Catalog, Edition};
use tenken::ron::ron_options;
use tenken::sheet::Sheet;
use tenken::tui::app::{Action, App, Options};
use tenken::tui::term::backend::LeanBackend;
use tenken::tui::view;
use time::macros::datetime;
use unicode_width::UnicodeWidthStr;

pub const NOW: time::OffsetDateTime = datetime!(2026-11-25 11:00 +9);

/// The demo sheet in the interview with default options (Japanese, colour, box drawing).
pub fn demo_app() -> App {
    let sheet: Sheet = ron_options().from_str(SHEET).unwrap();
    App::new(
        Catalog::builtin(Edition::Municipal),
        sheet,
        "demo.ron",
        Options::default(),
    )
}

/// The municipal catalog with its first half answered (3 and 2 alternately, a comment on
/// each) and the second half open: the state of a meeting halfway through the checklist.
/// The cursor starts on the first unanswered item.
pub fn half_answered_app() -> App {
    let catalog = Catalog::builtin(Edition::Municipal);
    let mut sheet = Sheet::new(
        tenken::sheet::CatalogRef {
            id: catalog.id.clone(),
            revision: catalog.revision.clone(),
        },
        "例市",
        tenken::fiscal::FiscalYear(2026),
        NOW,
    );
    sheet.profile.insert("important_room".into(), true);
    for (i, (_, item)) in catalog.items().enumerate().take(catalog.item_count() / 2) {
        let score = if i % 2 == 0 {
            tenken::sheet::Score::Operating
        } else {
            tenken::sheet::Score::Documented
        };
        sheet.set_score(&item.id, score, NOW);
        sheet.answers.get_mut(&item.id).unwrap().comment = format!("{}を確認した", item.id);
    }
    App::new(catalog, sheet, "2026.ron", Options::default())
}

/// The demo sheet with last year's (令和7年度) beside it, as `tenken demo` opens it.
pub fn demo_app_with_previous() -> App {
    let last: Sheet = ron_options()
        .from_str(crate::fixture::PREVIOUS_SHEET)
        .unwrap();
    demo_app().with_previous(tenken::tui::previous::PreviousSheet {
        catalog: Catalog::builtin(Edition::Municipal),
        sheet: last,
        name: "demo-r7.ron".into(),
    })
}

pub fn press(app: &mut App, code: KeyCode) {
    let _ = app.update(Action::Key(KeyEvent::new(code, KeyModifiers::NONE)), NOW);
}

/// Types `keys` into the app: `\n` is Enter, `\t` Tab, `\u{1b}` Esc, anything else a character.
pub fn keys(app: &mut App, keys: &str) {
    for c in keys.chars() {
        let code = match c {
            '\n' => KeyCode::Enter,
            '\t' => KeyCode::Tab,
            '\u{1b}' => KeyCode::Esc,
            c => KeyCode::Char(c),
        };
        press(app, code);
    }
}

/// The app drawn on a `w`×`h` test terminal.
pub fn draw(app: &App, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| view::render(app, f)).unwrap();
    t
}

/// The app drawn at `w`×`h`, as text: see [`text`].
pub fn screen(app: &App, w: u16, h: u16) -> String {
    text(draw(app, w, h).backend().buffer())
}

/// The cells of row `y` a reader sees, with their columns: a wide character once, not
/// followed by its hidden cell.
pub fn visible_cells(buf: &Buffer, y: u16) -> Vec<(u16, &str)> {
    let mut cells = Vec::new();
    let mut x = 0;
    while x < buf.area.width {
        let s = buf[(x, y)].symbol();
        cells.push((x, s));
        x += UnicodeWidthStr::width(s).max(1) as u16;
    }
    cells
}

/// The screen as text, a line per row, a wide character once.
pub fn text(buf: &Buffer) -> String {
    let mut out = String::new();
    for y in 0..buf.area.height {
        for (_, s) in visible_cells(buf, y) {
            out.push_str(s);
        }
        out.push('\n');
    }
    out
}

/// Finds the first cell of `needle` on screen: (x, y).
pub fn find(buf: &Buffer, needle: &str) -> Option<(u16, u16)> {
    for y in 0..buf.area.height {
        let mut line = String::new();
        let mut xs = Vec::new();
        for (x, s) in visible_cells(buf, y) {
            for _ in s.chars() {
                xs.push(x);
            }
            line.push_str(s);
        }
        if let Some(i) = line.find(needle) {
            let ci = line[..i].chars().count();
            return Some((xs[ci], y));
        }
    }
    None
}

/// A writer that only counts what passes through it.
#[derive(Clone, Default)]
pub struct Counter(Rc<Cell<usize>>);

impl Counter {
    pub fn take(&self) -> usize {
        self.0.replace(0)
    }
}

impl Write for Counter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.set(self.0.get() + buf.len());
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A crossterm terminal of a fixed size writing into a [`Counter`].
pub fn wire_terminal(w: u16, h: u16) -> (Terminal<LeanBackend<Counter>>, Counter) {
    let counter = Counter::default();
    let terminal = Terminal::with_options(
        LeanBackend::new(counter.clone()),
        TerminalOptions {
            viewport: Viewport::Fixed(Rect::new(0, 0, w, h)),
        },
    )
    .unwrap();
    (terminal, counter)
}

/// Draws the app and returns the bytes that frame sent.
pub fn frame_bytes(t: &mut Terminal<LeanBackend<Counter>>, counter: &Counter, app: &App) -> usize {
    t.draw(|f| view::render(app, f)).unwrap();
    counter.take()
}
