//! The real binary on a pseudo-terminal whose emulator draws characters of ambiguous
//! East-Asian width two cells wide (Tera Term in Japanese/UTF-8, PuTTY's CJK option,
//! `xterm -cjk_width`) or one cell wide, and answers the cursor-position request as such a
//! terminal does — or never answers. Through every screen of the interview, at 80x24 and
//! 120x40: every framed row ends with its frame in the last column, nothing ever wraps, and
//! the figures on screen are those of the scoring core.
//!
//! The pty is `crate::util::pty`'s; the emulator is `crate::util::emulator`.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use crate::util::emulator::Emulator;
use crate::util::fixture::{PREVIOUS_SHEET, SHEET, load};
use crate::util::pty::{self, Pty};
use tenken::catalog::{Catalog, Edition};
use tenken::score::{format_average, score_sheet};
use tenken::tui::view::tree::tally_text;
use unicode_width::UnicodeWidthChar;

/// A comment with ambiguous-width characters, typed in the editor.
const TYPED: &str = "※確認済→次回×";

#[derive(Clone, Copy)]
struct Kind {
    cols: usize,
    rows: usize,
    ambiguous_wide: bool,
    answers: bool,
}

impl Kind {
    fn emulator(self) -> Emulator {
        Emulator::new(self.cols, self.rows, self.ambiguous_wide, self.answers)
    }
}

/// `tenken ARGS…` on a terminal of this kind, with `env` added.
fn start(dir: &Path, args: &[&str], kind: Kind, env: &[(&str, &str)]) -> Pty {
    start_on(dir, args, kind.emulator(), env)
}

/// [`start`] on a terminal set up by the caller.
fn start_on(dir: &Path, args: &[&str], screen: Emulator, env: &[(&str, &str)]) -> Pty {
    let mut command = pty::tenken(dir, args);
    command.env("TMPDIR", dir);
    for (k, v) in env {
        command.env(k, v);
    }
    Pty::spawn_on(command, screen)
}

/// Checks the frame on screen once it is complete: see `check_screen`.
fn check(t: &Pty, what: &str) {
    t.settle();
    check_screen(&t.screen(), what);
}

fn is_frame(s: &str) -> bool {
    matches!(
        s,
        "|" | "+" | "-" | "│" | "─" | "┌" | "┐" | "└" | "┘" | "├" | "┤" | "┬" | "┴" | "┼"
    )
}

/// The checks every frame must pass: the terminal never wrapped a line (a full-screen program
/// positions every row itself); every row that starts with a frame ends with one in the last
/// column; on an ambiguous-wide terminal nothing of ambiguous width is on screen, on a narrow
/// one the box-drawing look is kept.
fn check_screen(emu: &Emulator, what: &str) {
    let screen = emu.text();
    assert_eq!(
        emu.overflows, 0,
        "{what}: the terminal wrapped a line; screen:\n{screen}"
    );
    for y in 0..emu.rows {
        let row = emu.row(y);
        if is_frame(&row[0]) && matches!(row[0].as_str(), "|" | "│" | "+" | "┌" | "└" | "├")
        {
            assert!(
                is_frame(&row[emu.cols - 1]),
                "{what}: row {y} starts with a frame but does not end with one; screen:\n{screen}"
            );
        }
    }
    if emu.ambiguous_wide {
        for c in screen.chars() {
            assert!(
                c.width() == c.width_cjk(),
                "{what}: {c:?} (ambiguous width) is on screen:\n{screen}"
            );
        }
    } else {
        assert!(
            screen.contains('│'),
            "{what}: a narrow terminal keeps the box-drawing look:\n{screen}"
        );
    }
}

/// The demo sheet with ambiguous-width characters in a comment, and last year's sheet.
fn write_sheets(dir: &Path) {
    let sheet = SHEET.replace("年2回開催。議事録あり", "年2回開催※議事録あり→総務課 ①");
    assert_ne!(sheet, SHEET);
    std::fs::write(dir.join("sheet.ron"), sheet).unwrap();
    std::fs::create_dir(dir.join("last")).unwrap();
    std::fs::write(dir.join("last/r7.ron"), PREVIOUS_SHEET).unwrap();
}

/// The figures the scoring core gives for the sheet on disk must be on screen: the overall
/// average and progress, and (when the strip has a line per 大分類) each one's average.
fn check_figures(t: &Pty, path: &Path, kind: Kind) {
    let sheet = load(path);
    let catalog = Catalog::builtin(Edition::Municipal);
    let score = score_sheet(catalog, &sheet);
    let o = &score.overall;
    let (average, answered) = (
        format_average(o.average()),
        format!("{}/{}", o.answered, o.applicable),
    );
    // The score strip's full form, or its compact form when the full one does not fit the
    // width (last year shown and flags counted at 80 columns).
    t.wait_for_any(&[
        format!("総平均点 {average}  回答 {answered}"),
        format!("平均 {average} 回答 {answered}"),
    ]);
    if kind.rows >= 40 {
        let lines = t.screen().lines();
        for (i, m) in score.majors.iter().enumerate() {
            let tally = tally_text(&m.tally);
            assert!(
                lines
                    .iter()
                    .any(|l| l.starts_with(&format!(" {} ", catalog.majors[i].no))
                        && l.trim_end().ends_with(&tally)),
                "major {} should show {tally:?}; screen:\n{}",
                catalog.majors[i].no,
                lines.join("\n")
            );
        }
    }
}

/// Walks through every screen of the interview on a terminal of this kind.
fn every_screen(kind: Kind) {
    let dir = tempfile::tempdir().unwrap();
    write_sheets(dir.path());
    // A lock left by a process that has ended: the first frame carries the notice.
    let mut dead = Command::new("true").spawn().unwrap();
    let pid = dead.id();
    dead.wait().unwrap();
    std::fs::write(
        dir.path().join(".sheet.ron.lock"),
        format!(
            "(host: {:?}, pid: {pid}, since: \"2026-11-25T09:00:00+09:00\")\n",
            tenken::store::host_name()
        ),
    )
    .unwrap();
    let path = dir.path().join("sheet.ron");
    let mut t = start(
        dir.path(),
        &["sheet.ron", "--previous", "last/r7.ron"],
        kind,
        &[],
    );
    t.wait_for("60/123");
    check(&t, "first frame with the stale-lock message");
    // Answer the current item (2-3): the figures follow.
    t.send("3");
    t.wait_for("保存済");
    check(&t, "after an answer");
    check_figures(&t, &path, kind);
    // The item whose comment (from the file) holds ※ → ①.
    t.send(":1-6\r");
    t.wait_for("議事録あり");
    check(&t, "item with ambiguous characters in its comment");
    t.send("\t");
    check(&t, "item pane focused");
    t.send("\t");
    // The comment editor: type a comment with ambiguous characters.
    t.send(":2-3\r");
    t.send("c");
    t.wait_for("Esc/Ctrl-S");
    for c in TYPED.chars() {
        t.send(c.to_string());
    }
    // On a wide terminal the ambiguous characters show as one-cell stand-ins.
    t.wait_for(if kind.ambiguous_wide {
        "*確認済>次回x"
    } else {
        TYPED
    });
    check(&t, "comment editor with ※ and →");
    t.send("\u{1b}");
    t.wait_for("保存済");
    check(&t, "item with the typed comment");
    // The plan editor (three fields).
    t.send("p");
    t.wait_for("措置");
    t.send("※");
    check(&t, "plan editor");
    t.send("\u{1b}");
    // Help, focus view, prompts, previous-year views and dialogs.
    t.send("?");
    t.wait_for("PgDn/Space: 10 行下へ  他のキー: 閉じる");
    check(&t, "help");
    // Space scrolls ten lines: to the end of the help, past the tables of every mode.
    t.send(" ".repeat(40));
    t.wait_for(if kind.ambiguous_wide {
        "2 セル"
    } else {
        "1 セル"
    });
    check(&t, "help, end");
    t.send("\u{1b}");
    t.send("z");
    check(&t, "focus view");
    t.send("\u{1b}");
    t.send("/");
    t.send("記録");
    check(&t, "search prompt");
    t.send("\u{1b}");
    t.send(":");
    check(&t, "jump prompt");
    t.send("\u{1b}");
    t.send("R");
    check(&t, "last year against this year");
    t.send("\u{1b}");
    t.send("v");
    check(&t, "previous year hidden");
    t.send("v");
    check(&t, "previous year shown");
    t.send("T");
    check(&t, "take-all dialog");
    t.send("n");
    t.send("g");
    t.send("3");
    check(&t, "bulk-answer dialog on a heading");
    t.send("n");
    check_figures(&t, &path, kind);
    t.send("q");
    t.wait_exit();
    let sheet = load(&path);
    assert_eq!(sheet.answers["2-3"].comment, TYPED);
    assert!(
        sheet.answers["1-6"]
            .comment
            .contains("※議事録あり→総務課 ①"),
        "the file keeps the original text"
    );

    // Opened read-only: the lock notice.
    let holder = tenken::store::lock_sheet(&path).unwrap();
    let t = start(dir.path(), &["sheet.ron"], kind, &[]);
    t.wait_for("読み取り専用");
    check(&t, "lock notice");
    t.send("\u{1b}");
    check(&t, "read-only sheet");
    t.send("q");
    drop(t);
    drop(holder);

    // The start form of a new sheet.
    let t = start(dir.path(), &["new.ron"], kind, &[]);
    t.wait_for("new.ron");
    check(&t, "start form");
    t.send("\u{1b}");
    drop(t);
}

const WIDE_80: Kind = Kind {
    cols: 80,
    rows: 24,
    ambiguous_wide: true,
    answers: true,
};

#[test]
fn every_screen_on_an_ambiguous_wide_terminal_80x24() {
    every_screen(WIDE_80);
}

#[test]
fn every_screen_on_an_ambiguous_wide_terminal_120x40() {
    every_screen(Kind {
        cols: 120,
        rows: 40,
        ..WIDE_80
    });
}

/// #21.15 on the terminal of the meeting (ambiguous characters two cells wide, 80×24): a
/// long Japanese note with ambiguous characters pasted into the comment editor stays inside
/// its frame, and no line of it starts with closing punctuation or a small kana.
#[test]
fn a_long_pasted_note_wraps_inside_the_editor_by_the_japanese_rules() {
    let dir = tempfile::tempdir().unwrap();
    write_sheets(dir.path());
    let t = start(dir.path(), &["sheet.ron"], WIDE_80, &[]);
    t.wait_for("60/123");
    t.send(":2-3\r");
    t.send("c");
    t.wait_for("Esc/Ctrl-S");
    let note = crate::tui_meeting::long_japanese_note().replace("確認した", "※確認→①");
    t.send_raw(format!("\x1b[200~{note}\x1b[201~"));
    t.wait_for("待ったっ！");
    check(&t, "a long note pasted into the editor");
    let screen = t.screen();
    let rows: Vec<String> = (0..screen.rows)
        .map(|y| screen.row(y).concat())
        .filter(|r| r.starts_with("||"))
        .collect();
    assert!(rows.len() > 5, "the field's rows:\n{}", screen.text());
    for row in &rows {
        let text = row.trim_start_matches('|');
        assert!(
            !text.starts_with(|c| crate::tui_meeting::NO_LINE_START.contains(c)),
            "a line starts with closing punctuation: {row:?}\n{}",
            screen.text()
        );
    }
}

#[test]
fn every_screen_on_a_narrow_terminal_80x24() {
    every_screen(Kind {
        ambiguous_wide: false,
        ..WIDE_80
    });
}

#[test]
fn every_screen_on_a_narrow_terminal_120x40() {
    every_screen(Kind {
        cols: 120,
        rows: 40,
        ambiguous_wide: false,
        ..WIDE_80
    });
}

#[test]
fn small_layouts_on_an_ambiguous_wide_terminal() {
    for (cols, rows) in [(60, 16), (30, 8), (20, 5)] {
        let dir = tempfile::tempdir().unwrap();
        write_sheets(dir.path());
        let kind = Kind {
            cols,
            rows,
            ..WIDE_80
        };
        let t = start(dir.path(), &["sheet.ron"], kind, &[]);
        t.wait_for(if cols >= 30 { "2-3" } else { "80" });
        check(&t, &format!("{cols}x{rows}"));
        t.send("c");
        t.send("※→");
        check(&t, &format!("{cols}x{rows} editor"));
        t.send("\u{1b}");
        t.send("?");
        check(&t, &format!("{cols}x{rows} help"));
        t.send("\u{1b}");
        t.send("q");
    }
}

/// A terminal that never answers the cursor-position request: the first frame comes within
/// a second, drawn so that it is right on an ambiguous-wide terminal too.
#[test]
fn a_terminal_that_never_answers_gets_a_safe_first_frame_within_a_second() {
    let dir = tempfile::tempdir().unwrap();
    write_sheets(dir.path());
    let kind = Kind {
        answers: false,
        ..WIDE_80
    };
    let t = start(dir.path(), &["sheet.ron"], kind, &[]);
    // Measured from the request, so the time to start the process does not count.
    let start = Instant::now();
    while t.screen().requests == 0 {
        assert!(
            start.elapsed() < Duration::from_secs(15),
            "tenken never asked for the cursor position; screen:\n{}",
            t.text()
        );
        std::thread::sleep(Duration::from_millis(2));
    }
    let asked = Instant::now();
    // A key typed before the first frame is read along with the (missing) reply: kept.
    t.send_raw(b"3");
    while !t.text().contains("60/123") && !t.text().contains("61/123") {
        assert!(
            asked.elapsed() < Duration::from_secs(1),
            "no first frame within a second of the request"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    check(&t, "first frame without an answer");
    t.wait_for("保存済");
    check(&t, "after an answer typed ahead");
    // Keys work at once.
    t.send("2");
    t.wait_for("62/123");
    check(&t, "after an answer without an answer to the probe");
    t.send("q");
    let mut t = t;
    t.wait_exit();
    let sheet = load(&dir.path().join("sheet.ron"));
    assert_eq!(sheet.score("2-3"), Some(tenken::sheet::Score::Operating));
}

/// The override needs no answer: `--ambiguous-width 2` and the environment variable.
#[test]
fn the_width_can_be_forced_either_way() {
    let dir = tempfile::tempdir().unwrap();
    write_sheets(dir.path());
    // A terminal that answers "narrow" but the user says wide: ASCII frames.
    let narrow = Kind {
        ambiguous_wide: false,
        ..WIDE_80
    };
    let t = start(
        dir.path(),
        &["--ambiguous-width", "2", "sheet.ron"],
        narrow,
        &[],
    );
    t.wait_for("60/123");
    t.settle();
    assert!(!t.text().contains('│'), "forced wide: no box drawing");
    assert_eq!(t.screen().requests, 0, "no probe when forced");
    t.send("q");
    drop(t);
    let t = start(
        dir.path(),
        &["sheet.ron"],
        narrow,
        &[("TENKEN_AMBIGUOUS_WIDTH", "1")],
    );
    t.wait_for("60/123");
    check(&t, "forced narrow by the environment");
    assert_eq!(t.screen().requests, 0, "no probe when forced");
    t.send("?");
    t.send(" ".repeat(40));
    t.wait_for("TENKEN_AMBIGUOUS_WIDTH");
    t.send("\u{1b}");
    t.send("q");
}

/// Cursor-position replies that arrive late (after the probe gave up) or split in two
/// (`ESC` alone, then `[12;3R`) are never taken as keys: the sheet stays as it was, also
/// with the comment editor open.
#[test]
fn late_or_split_cursor_reports_change_nothing() {
    for answers in [false, true] {
        let dir = tempfile::tempdir().unwrap();
        write_sheets(dir.path());
        let path = dir.path().join("sheet.ron");
        let before = std::fs::read(&path).unwrap();
        let kind = Kind { answers, ..WIDE_80 };
        let mut t = start(dir.path(), &["sheet.ron"], kind, &[]);
        t.wait_for("60/123");
        t.settle();
        // Late and whole.
        t.send("\u{1b}[12;3R");
        // Split after ESC, after the bracket, and in the middle.
        t.send_raw(b"\x1b");
        std::thread::sleep(Duration::from_millis(20));
        t.send("[13;2R");
        t.send_raw(b"\x1b[");
        std::thread::sleep(Duration::from_millis(20));
        t.send("21;1R");
        t.send_raw(b"\x1b[3");
        std::thread::sleep(Duration::from_millis(20));
        t.send("0;12R");
        // In the editor, the digits would be text.
        t.send(":1-6\r");
        t.send("c");
        t.wait_for("Esc/Ctrl-S");
        t.send_raw(b"\x1b");
        std::thread::sleep(Duration::from_millis(20));
        t.send("[2;31R");
        t.send("\u{1b}[7;3R");
        t.send("\u{1b}");
        t.settle();
        t.send("q");
        t.wait_exit();
        assert_eq!(
            String::from_utf8(std::fs::read(&path).unwrap()).unwrap(),
            String::from_utf8(before).unwrap(),
            "the sheet is unchanged (answers: {answers})"
        );
        assert!(t.text().is_empty() || !t.text().contains("保存失敗"));
    }
}

/// Bytes the terminal (or a paste) sends while the start-up probe waits for its reply, and
/// bytes that finish them after its 500 ms deadline (#22.3): none of it is a key. Each case
/// is (what, before the deadline, after it).
const DURING_THE_PROBE: &[(&str, &[u8], &[u8])] = &[
    ("a reply split after its ESC", b"\x1b", b"[1;11R"),
    ("a reply split inside its digits", b"\x1b[1;1", b"1R"),
    ("a DA1 report", b"\x1b[?62;1;2c", b""),
    ("a DA1 report split", b"\x1b[?62;", b"1;2c"),
    ("an SGR mouse report", b"\x1b[<0;3;1M", b""),
    ("an SGR mouse report split", b"\x1b[<0;3", b";1M"),
    ("a DCS reply", b"\x1bP>|xterm(1)\x1b\\", b""),
    ("a DCS reply split", b"\x1bP>|xter", b"m(1)\x1b\\"),
    ("an OSC reply", b"\x1b]11;rgb:0000/0000/0000\x07", b""),
    ("a bracketed paste", b"\x1b[200~3333\x1b[201~", b""),
    ("a bracketed paste split", b"\x1b[200~33", b"33\x1b[201~"),
];

/// Terminal input that arrives during the start-up probe, whole or split across its
/// deadline, answers nothing: the sheet on disk is unchanged and nothing is on the screen
/// that says it was (#22.3).
#[test]
fn terminal_input_during_the_probe_answers_nothing() {
    let threads: Vec<_> = DURING_THE_PROBE
        .iter()
        .map(|&(what, before, after)| {
            std::thread::spawn(move || {
                let dir = tempfile::tempdir().unwrap();
                write_sheets(dir.path());
                let path = dir.path().join("sheet.ron");
                let original = std::fs::read_to_string(&path).unwrap();
                // A terminal that never answers: the probe waits its whole 500 ms.
                let kind = Kind {
                    answers: false,
                    ..WIDE_80
                };
                // The first part as the question is seen, the second as soon as the program
                // has stopped waiting for the reply (it erases the probe): timed from the
                // program's own deadline, not from when this side sees the question, so a
                // busy machine does not move the parts onto the same side of it.
                let mut screen = kind.emulator();
                screen.typing_around_the_probe = Some((before.to_vec(), after.to_vec()));
                let mut t = start_on(dir.path(), &["sheet.ron"], screen, &[]);
                t.wait_for("/123");
                t.settle();
                std::thread::sleep(Duration::from_millis(400));
                let screen = t.text();
                // Hanging up keeps whatever an open editor holds: all of it reaches the disk.
                t.hang_up();
                t.wait_exit();
                let now = std::fs::read_to_string(&path).unwrap();
                (what, now == original, screen)
            })
        })
        .collect();
    let mut failed = Vec::new();
    for thread in threads {
        let (what, unchanged, screen) = thread.join().unwrap();
        if !unchanged || !screen.contains("60/123") {
            failed.push(format!("{what}:\n{screen}"));
        }
    }
    assert!(
        failed.is_empty(),
        "answered by input during the probe:\n{}",
        failed.join("\n\n")
    );
}

/// The terminal is asked first and the files are read while its reply travels (#23.1): a
/// sheet that cannot be read is found after the question went out, and the session still
/// ends plainly — the terminal restored, the error said, nothing saved.
#[test]
fn the_terminal_is_asked_before_the_sheet_is_read() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("broken.ron"), "(format: 1, answers: {").unwrap();
    let mut t = start(dir.path(), &["broken.ron"], WIDE_80, &[]);
    let (_, status) = t.wait_exit();
    assert_eq!(status.code(), Some(1), "{}", t.output());
    assert_eq!(
        t.screen().requests,
        1,
        "the probe goes out before the sheet is read; output:\n{}",
        t.output()
    );
    let output = t.output();
    let restored = output
        .rfind("\u{1b}[?1049l")
        .expect("the screen is restored");
    assert!(
        output[restored..].contains("broken.ron"),
        "the error follows the restore: {output:?}"
    );
    assert!(!dir.path().join(".broken.ron.lock").exists());
}

/// Inside tmux or GNU screen (TMUX, STY, TERM=screen*/tmux*) the probe would reach the
/// multiplexer, which answers "narrow" whatever the outer terminal draws: nothing ambiguous
/// is drawn and nothing asked, unless the user says otherwise (#21.16).
#[test]
fn inside_a_multiplexer_nothing_ambiguous_is_drawn_unless_told() {
    let dir = tempfile::tempdir().unwrap();
    write_sheets(dir.path());
    // The multiplexer's answer: narrow.
    let narrow = Kind {
        ambiguous_wide: false,
        ..WIDE_80
    };
    for env in [
        &[("TMUX", "/tmp/tmux-0/default,1234,0")][..],
        &[("STY", "1234.pts-0.host")],
        &[("TERM", "screen.xterm-256color")],
        &[("TERM", "tmux-256color")],
    ] {
        let t = start(dir.path(), &["sheet.ron"], narrow, env);
        t.wait_for("60/123");
        t.settle();
        let screen = t.text();
        assert!(
            !screen.contains('│') && screen.contains('|'),
            "{env:?}: ASCII frames:\n{screen}"
        );
        assert_eq!(
            t.screen().requests,
            0,
            "{env:?}: the multiplexer is not asked"
        );
        t.send("?");
        t.send(" ".repeat(40));
        t.wait_for("tmux");
        t.send("\u{1b}");
        t.send("q");
    }
    // The override is kept.
    let t = start(
        dir.path(),
        &["sheet.ron"],
        narrow,
        &[("TMUX", "x"), ("TENKEN_AMBIGUOUS_WIDTH", "1")],
    );
    t.wait_for("60/123");
    check(&t, "forced narrow inside tmux");
    t.send("q");
}
