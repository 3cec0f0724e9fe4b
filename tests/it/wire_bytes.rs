//! Bytes on the wire per keystroke at 80×24: what an operator on a slow VPN feels. Over a
//! 64 kbit/s link 1,200 bytes take 150 ms. ratatui sends only the cells that changed.

use crate::util::screen::{demo_app, frame_bytes, half_answered_app, press, wire_terminal};
use ratatui::crossterm::event::KeyCode;
use tenken::tui::App;

/// (full redraw, answer that advances, cursor one row up onto the item just answered)
fn measure(mut app: App) -> (usize, usize, usize) {
    let (mut t, counter) = wire_terminal(80, 24);
    let full = frame_bytes(&mut t, &counter, &app);
    press(&mut app, KeyCode::Char('3'));
    let answer = frame_bytes(&mut t, &counter, &app);
    press(&mut app, KeyCode::Char('k'));
    let row = frame_bytes(&mut t, &counter, &app);
    (full, answer, row)
}

#[test]
fn keystrokes_send_little() {
    // Halfway through the checklist: the next unanswered item is the next row.
    let (full, answer, row) = measure(half_answered_app());
    eprintln!("80x24: full redraw {full} B, answer+advance {answer} B, cursor one row {row} B");
    assert!(answer < 1200, "an answer keystroke sent {answer} bytes");
    assert!(row < 400, "moving the cursor one row sent {row} bytes");
    assert!(
        full > answer,
        "a full redraw ({full}) costs more than a keystroke ({answer})"
    );
}

#[test]
fn a_jump_to_a_distant_item_costs_less_than_a_full_redraw() {
    // The demo sheet's next unanswered item after 2-3 is 9-2, out of view: the tree repaints.
    let (full, answer, _) = measure(demo_app());
    eprintln!("80x24 demo: full redraw {full} B, answer+jump {answer} B");
    assert!(answer < full, "{answer} vs {full}");
}
