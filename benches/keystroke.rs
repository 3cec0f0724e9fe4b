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

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("keystroke");
    for (w, h) in [(80u16, 24u16), (200, 60)] {
        key_and_render(&mut group, "answer+render", '3', w, h);
        key_and_render(&mut group, "cursor down+render", 'j', w, h);
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
