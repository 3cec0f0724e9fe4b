//! The interview drawn off-screen, for tests and benchmarks: the demo sheet (municipal
//! catalog, about half answered) in an `App`, and a terminal whose backend counts the bytes
//! ratatui would send over the wire.

#![allow(dead_code)]

use std::cell::Cell;
use std::io::Write;
use std::rc::Rc;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};
use tenken::catalog::{Catalog, Edition, ron_options};
use tenken::cmd::open::DEMO_SHEET;
use tenken::sheet::Sheet;
use tenken::tui::app::{Action, App, Options};
use tenken::tui::term::backend::LeanBackend;
use tenken::tui::view;
use time::macros::datetime;

pub const NOW: time::OffsetDateTime = datetime!(2026-11-25 11:00 +9);

/// The demo sheet in the interview with default options (Japanese, colour, box drawing).
pub fn demo_app() -> App {
    let sheet: Sheet = ron_options().from_str(DEMO_SHEET).unwrap();
    App::new(
        Catalog::builtin(Edition::Municipal).clone(),
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
    App::new(catalog.clone(), sheet, "2026.ron", Options::default())
}

pub fn press(app: &mut App, code: KeyCode) {
    let _ = app.update(Action::Key(KeyEvent::new(code, KeyModifiers::NONE)), NOW);
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
