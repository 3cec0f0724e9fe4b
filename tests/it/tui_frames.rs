//! The interview's frames draw only what changed (`tui::term::screen`, `tui::view::memo`):
//! after every key of a long random session, the screen they leave is the frame drawn whole,
//! and they send exactly the bytes ratatui's `Terminal::draw` sends for it.

use std::cell::RefCell;
use std::io::Write;
use std::rc::Rc;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};
use tenken::tui::app::Action;
use tenken::tui::term::backend::LeanBackend;
use tenken::tui::term::screen::Screen;
use tenken::tui::view;

use crate::util::screen::{demo_app, half_answered_app, text};

/// A writer whose bytes can be taken.
#[derive(Clone, Default)]
struct Sink(Rc<RefCell<Vec<u8>>>);

impl Sink {
    fn take(&self) -> Vec<u8> {
        std::mem::take(&mut self.0.borrow_mut())
    }
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The keys of the session: moving, answering, notes typed and closed, flags, folding,
/// panes, focus view, help, search, undo, last year's column, dialogs.
const KEYS: &[KeyCode] = &[
    KeyCode::Char('j'),
    KeyCode::Char('j'),
    KeyCode::Char('k'),
    KeyCode::Down,
    KeyCode::Up,
    KeyCode::PageDown,
    KeyCode::PageUp,
    KeyCode::Char('3'),
    KeyCode::Char('2'),
    KeyCode::Char('1'),
    KeyCode::Char('0'),
    KeyCode::Char(' '),
    KeyCode::Char('x'),
    KeyCode::Char('u'),
    KeyCode::Char('c'),
    KeyCode::Char('e'),
    KeyCode::Char('p'),
    KeyCode::Char('確'),
    KeyCode::Char('a'),
    KeyCode::Enter,
    KeyCode::Backspace,
    KeyCode::Esc,
    KeyCode::Esc,
    KeyCode::Char('f'),
    KeyCode::Char('n'),
    KeyCode::Char('w'),
    KeyCode::Char('h'),
    KeyCode::Char('l'),
    KeyCode::Tab,
    KeyCode::Char('z'),
    KeyCode::Char('?'),
    KeyCode::Char('/'),
    KeyCode::Char(':'),
    KeyCode::Char('P'),
    KeyCode::Char('y'),
    KeyCode::Char('q'),
    KeyCode::Char('G'),
    KeyCode::Char('g'),
];

/// The random session of `steps` keys from `seed`, saved now and then.
fn session(app: tenken::tui::App, w: u16, h: u16, seed: u64, steps: usize) {
    let mut state = seed;
    let keys = (1..steps).map(|_| {
        // xorshift: the same session every run.
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (
            KEYS[(state % KEYS.len() as u64) as usize],
            state.is_multiple_of(17),
        )
    });
    play(app, w, h, keys);
}

/// Draws the first frame, then one after each key (and its save when the flag says so),
/// each time checking the partial frame against the whole one and ratatui's bytes.
fn play(
    mut app: tenken::tui::App,
    w: u16,
    h: u16,
    keys: impl IntoIterator<Item = (KeyCode, bool)>,
) {
    let area = Rect::new(0, 0, w, h);
    let ours_out = Sink::default();
    let mut backend = LeanBackend::new(ours_out.clone()).with_size(w, h);
    let mut screen = Screen::default();
    let theirs_out = Sink::default();
    let mut reference = Terminal::with_options(
        LeanBackend::new(theirs_out.clone()),
        TerminalOptions {
            viewport: Viewport::Fixed(area),
        },
    )
    .unwrap();
    let now = time::macros::datetime!(2026-07-01 10:00 +9);
    let keys = keys.into_iter().map(Some);
    for (step, key) in std::iter::once(None).chain(keys).enumerate() {
        if let Some((code, saved)) = key {
            let _ = app.update(Action::Key(KeyEvent::new(code, KeyModifiers::NONE)), now);
            if saved {
                let _ = app.update(Action::Saved(now), now);
            }
        }
        screen.draw(&app, &mut backend).unwrap();
        reference.draw(|f| view::render(&app, f)).unwrap();
        let (ours, theirs) = (ours_out.take(), theirs_out.take());
        assert_eq!(
            text(screen.shown()),
            text(crate::util::screen::draw(&app, w, h).backend().buffer()),
            "{w}x{h}, step {step}: the screen left is not the whole frame"
        );
        assert_eq!(
            String::from_utf8_lossy(&ours),
            String::from_utf8_lossy(&theirs),
            "{w}x{h}, step {step}: other bytes than ratatui's"
        );
    }
}

#[test]
fn frames_drawn_in_part_show_and_send_what_whole_frames_do() {
    for (w, h) in [(80, 24), (200, 60), (120, 40)] {
        session(
            half_answered_app(),
            w,
            h,
            0x9e37_79b9_7f4a_7c15 ^ u64::from(w),
            600,
        );
        session(demo_app(), w, h, 0x2545_f491_4f6c_dd1d ^ u64::from(h), 600);
    }
}

/// A note written on an unanswered item (kept in `Sheet::notes`, not in an answer) shows at
/// once: the item pane's key covers those notes too.
#[test]
fn a_note_on_an_unanswered_item_is_drawn_when_the_editor_closes() {
    // n: the next unanswered item; c, a, Esc: a comment; e, b, Esc: evidence.
    let key = |c| match c {
        '\u{1b}' => (KeyCode::Esc, false),
        c => (KeyCode::Char(c), false),
    };
    for (w, h) in [(80, 24), (120, 40)] {
        play(demo_app(), w, h, "nca\u{1b}eb\u{1b}".chars().map(key));
    }
}

/// An answer draws the rows of its item and of the headings whose tallies moved
/// (`tree::row_inputs`), and the save's frame after it no tree row: answers changed back and
/// forth on one item, a flag, a clear and an undo, each saved, leave on screen what a whole
/// frame shows.
#[test]
fn an_answer_and_its_save_draw_only_the_rows_that_changed() {
    let keys = [
        KeyCode::Char('n'),
        KeyCode::Char(' '),
        KeyCode::Char(' '),
        KeyCode::Char(' '),
        KeyCode::Char('f'),
        KeyCode::Char('x'),
        KeyCode::Char('u'),
        KeyCode::Char('0'),
    ];
    for (w, h) in [(80, 24), (200, 60)] {
        play(demo_app(), w, h, keys.iter().map(|&k| (k, true)));
    }
}
