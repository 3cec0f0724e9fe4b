//! The interview's work for N keys, in one process and without a terminal: each key's update
//! and the frame it draws (`term::screen`, only what changed), sent to standard output as
//! the loop sends it (run it with `> /dev/null`), as the loop does after reading a key. For counting what a change to the drawing costs where time
//! is too noisy to tell (a shared virtual machine): instructions are the same from run to run.
//!
//! Usage: cargo build --release --example key_path
//!        valgrind --tool=callgrind --callgrind-out-file=/tmp/cg.out \
//!          target/release/examples/key_path move 1000 80x24 > /dev/null
//!        callgrind_annotate /tmp/cg.out | head -30
//! Kinds: `move` (j and k alternately on the demo sheet), `answer` (2 and 3 alternately on the
//! half-answered sheet; nothing is saved), `type` (あ typed into a comment opened with `c`). The instructions of the set-up (the catalog, the
//! first frame) are counted too: compare runs of the same kind and size, or two N.

use ratatui::crossterm::event::KeyCode;
use tenken::tui::term::backend::LeanBackend;
use tenken::tui::term::screen::Screen;
use tenken_testkit::screen;

fn main() {
    let usage = "usage: key_path move|answer|type N WxH";
    let mut args = std::env::args().skip(1);
    let kind = args.next().expect(usage);
    let n: usize = args.next().and_then(|a| a.parse().ok()).expect(usage);
    let size = args.next().unwrap_or_else(|| "80x24".into());
    let (w, h) = size
        .split_once('x')
        .and_then(|(w, h)| Some((w.parse().ok()?, h.parse().ok()?)))
        .expect(usage);
    let (mut app, keys) = match kind.as_str() {
        "move" => (screen::demo_app(), ['j', 'k']),
        "answer" => (screen::half_answered_app(), ['2', '3']),
        "type" => {
            let mut app = screen::demo_app();
            screen::press(&mut app, KeyCode::Char('c'));
            (app, ['あ', 'あ'])
        }
        _ => panic!("{usage}"),
    };
    // Standard output, not a sink: its buffering and locking are part of a frame's cost.
    let mut backend = LeanBackend::new(std::io::stdout()).with_size(w, h);
    let mut frames = Screen::default();
    frames.draw(&app, &mut backend).unwrap();
    for i in 0..n {
        screen::press(&mut app, KeyCode::Char(keys[i % 2]));
        frames.draw(&app, &mut backend).unwrap();
    }
}
