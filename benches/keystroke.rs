//! Keystroke cost: `update()` for an answer keystroke plus a full render of the main screen
//! (layout, every pane, and ratatui's diff against the previous frame), with the municipal
//! catalog half answered, at 80×24 and 200×60; and the same through the interview's own
//! frames, which draw and compare only what changed (`term::screen`), as the real loop does.
//! Typing into a comment goes through the whole event path (`Session::handle`, the batch's
//! `share` of the answer being typed for the watchdog, a render), on a normal sheet and on
//! one holding a 12 MiB comment on another item: the cost must not grow with the sheet.
//! A 2,000-character burst (an unbracketed paste) is handled as one batch and one frame.
//! Run: `cargo bench --bench keystroke`.

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::KeyCode;
use ratatui::crossterm::event::{KeyEvent, KeyModifiers};
use tenken::sheet::{Notes, Sheet, Touched};
use tenken::tui::app::{Action, App};
use tenken::tui::editor::Draft;
use tenken::tui::previous::PreviousSheet;
use tenken::tui::session::{Disk, Session, WriteError};
use tenken::tui::term::backend::LeanBackend;
use tenken::tui::term::screen::Screen;
use tenken::tui::view;
use tenken_testkit::screen;

/// The median time of one `key` plus a full render at `w`×`h`, from a freshly drawn screen.
fn key_and_render(
    c: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    name: &str,
    key: char,
    w: u16,
    h: u16,
) {
    c.bench_function(format!("{name} {w}x{h}"), |b| {
        b.iter_batched(
            || {
                let app = screen::half_answered_app();
                let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
                t.draw(|f| view::render(&app, f)).unwrap();
                (app, t)
            },
            |(mut app, mut t)| {
                screen::press(&mut app, KeyCode::Char(key));
                t.draw(|f| view::render(&app, f)).unwrap();
                (app, t)
            },
            BatchSize::LargeInput,
        )
    });
}

/// The same through the interview's own frames (`term::screen`): only the panes whose
/// inputs changed are drawn and compared, and the bytes go to the backend (into a sink).
fn key_and_frame(
    c: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    name: &str,
    key: char,
    w: u16,
    h: u16,
) {
    c.bench_function(format!("{name} {w}x{h}"), |b| {
        b.iter_batched(
            || {
                let app = screen::half_answered_app();
                let mut backend = LeanBackend::new(std::io::sink()).with_size(w, h);
                let mut frames = Screen::default();
                frames.draw(&app, &mut backend).unwrap();
                (app, backend, frames)
            },
            |(mut app, mut backend, mut frames)| {
                screen::press(&mut app, KeyCode::Char(key));
                frames.draw(&app, &mut backend).unwrap();
                (app, backend, frames)
            },
            BatchSize::LargeInput,
        )
    });
}

/// Keeps what the loop would hand the watchdog, like the real disk (no file I/O here).
#[derive(Default)]
struct Memory {
    committed: Option<Sheet>,
    draft: Option<(String, Notes)>,
}

impl Disk for Memory {
    fn save(&mut self, _sheet: &Sheet) -> Result<(), WriteError> {
        Ok(())
    }
    fn save_beside(&mut self, _sheet: &Sheet) -> Result<String, String> {
        Err("not here".into())
    }
    fn reload_and_reapply(&mut self, _sheet: &Sheet) -> Result<Sheet, String> {
        Err("not here".into())
    }
    fn read_previous(&mut self, _file: &std::path::Path) -> Result<PreviousSheet, String> {
        Err("not here".into())
    }
    fn committed(&mut self, sheet: &Sheet, touched: &Touched) {
        match &mut self.committed {
            Some(kept) => kept.follow(sheet, touched),
            None => self.committed = Some(sheet.clone()),
        }
    }
    fn draft(&mut self, draft: Option<Draft<'_>>) {
        self.draft = draft.map(|d| (d.id.to_string(), d.notes(Notes::default())));
    }
}

/// The demo sheet with the comment editor open on item 1-2; with `huge`, item 1-1 holds a
/// 12 MiB comment.
fn typing_session(huge: bool) -> Session {
    let mut app: App = screen::demo_app();
    if huge {
        let big = "本人確認情報の管理について確認した。".repeat(12 * 1024 * 1024 / 51);
        app.sheet.answers.get_mut("1-1").unwrap().comment = big;
    }
    app.go_to_item(app.catalog.position("1-2").unwrap());
    let mut s = Session::new(app);
    let _ = s.handle(key('c'), std::time::Instant::now(), &mut Memory::default());
    s
}

fn key(c: char) -> Action {
    Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

fn typing(c: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>) {
    for (name, huge) in [("demo sheet", false), ("sheet with a 12 MiB comment", true)] {
        let mut session = typing_session(huge);
        let mut disk = Memory::default();
        let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
        c.bench_function(
            format!("type a character+share+render 80x24, {name}"),
            |b| {
                b.iter(|| {
                    let now = std::time::Instant::now();
                    let _ = session.handle(key('あ'), now, &mut disk);
                    session.share(&mut disk);
                    t.draw(|f| view::render(&session.app, f)).unwrap();
                })
            },
        );
        c.bench_function(format!("2,000-character burst as one batch, {name}"), |b| {
            b.iter_batched(
                || typing_session(huge),
                |mut session| {
                    let now = std::time::Instant::now();
                    for i in 0..2000u32 {
                        let c = if i % 50 == 49 { '\r' } else { 'あ' };
                        let action = if c == '\r' {
                            Action::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE))
                        } else {
                            key(c)
                        };
                        let _ = session.handle(action, now, &mut disk);
                    }
                    session.share(&mut disk);
                    t.draw(|f| view::render(&session.app, f)).unwrap();
                    session
                },
                BatchSize::PerIteration,
            )
        });
    }
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("keystroke");
    for (w, h) in [(80u16, 24u16), (200, 60)] {
        key_and_render(&mut group, "answer+render", '3', w, h);
        key_and_render(&mut group, "cursor down+render", 'j', w, h);
        key_and_frame(&mut group, "answer+frame", '3', w, h);
        key_and_frame(&mut group, "cursor down+frame", 'j', w, h);
    }
    group.finish();
    let mut group = c.benchmark_group("typing");
    group.sample_size(20);
    typing(&mut group);
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
