//! Keystroke cost: `update()` for an answer keystroke plus a full render of the main screen
//! (layout, every pane, and ratatui's diff against the previous frame), with the municipal
//! catalog half answered, at 80×24 and 200×60. Target: median under 200 µs.
//! Run: `cargo bench --bench keystroke`.

#[path = "../tests/common/screen.rs"]
mod screen;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::KeyCode;
use tenken::tui::view;

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("keystroke");
    for (w, h) in [(80u16, 24u16), (200, 60)] {
        group.bench_function(format!("answer+render {w}x{h}"), |b| {
            b.iter_batched(
                || {
                    let app = screen::half_answered_app();
                    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
                    t.draw(|f| view::render(&app, f)).unwrap();
                    (app, t)
                },
                |(mut app, mut t)| {
                    screen::press(&mut app, KeyCode::Char('3'));
                    t.draw(|f| view::render(&app, f)).unwrap();
                    (app, t)
                },
                BatchSize::LargeInput,
            )
        });
        group.bench_function(format!("cursor down+render {w}x{h}"), |b| {
            b.iter_batched(
                || {
                    let app = screen::half_answered_app();
                    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
                    t.draw(|f| view::render(&app, f)).unwrap();
                    (app, t)
                },
                |(mut app, mut t)| {
                    screen::press(&mut app, KeyCode::Char('j'));
                    t.draw(|f| view::render(&app, f)).unwrap();
                    (app, t)
                },
                BatchSize::LargeInput,
            )
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
