//! The real binary on a pseudo-terminal whose emulator draws characters of ambiguous
//! East-Asian width two cells wide (Tera Term in Japanese/UTF-8, PuTTY's CJK option,
//! `xterm -cjk_width`) or one cell wide, and answers the cursor-position request as such a
//! terminal does — or never answers. Through every screen of the interview, at 80x24 and
//! 120x40: every framed row ends with its frame in the last column, nothing ever wraps, and
//! the figures on screen are those of the scoring core.
//!
//! The pty comes from util-linux `script` (as in `e2e_pty.rs`); the emulator is
//! `crate::util::emulator`. The tests skip with a note where `script` is missing.

use std::io::Write;
use std::path::Path;
use std::process::{Child, ChildStdin, Command};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::util::emulator::Emulator;
use tenken::catalog::{Catalog, Edition};
use tenken::cmd::open::{DEMO_PREVIOUS_SHEET, DEMO_SHEET};
use tenken::ron::ron_options;
use tenken::score::{format_average, score_sheet};
use tenken::sheet::Sheet;
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

struct Term {
    child: Child,
    emu: Arc<Mutex<Emulator>>,
    stdin: Arc<Mutex<ChildStdin>>,
    started: Instant,
}

impl Term {
    fn start(dir: &Path, args: &[&str], kind: Kind, env: &[(&str, &str)]) -> Term {
        let bin = env!("CARGO_BIN_EXE_tenken");
        let args: Vec<String> = args.iter().map(|a| format!("'{a}'")).collect();
        let cmd = format!(
            "stty rows {} cols {}; exec '{bin}' {}",
            kind.rows,
            kind.cols,
            args.join(" ")
        );
        let mut command = crate::util::pty::script(dir, &cmd);
        command.env("TMPDIR", dir);
        for (k, v) in env {
            command.env(k, v);
        }
        let mut child = command.spawn().expect("script runs");
        let emu = Arc::new(Mutex::new(Emulator::new(
            kind.cols,
            kind.rows,
            kind.ambiguous_wide,
            kind.answers,
        )));
        let stdin = Arc::new(Mutex::new(child.stdin.take().unwrap()));
        let (e, s) = (Arc::clone(&emu), Arc::clone(&stdin));
        crate::util::pty::pump(child.stdout.take().unwrap(), move |bytes| {
            let replies = {
                let mut emu = e.lock().unwrap();
                emu.feed(bytes);
                std::mem::take(&mut emu.replies)
            };
            if !replies.is_empty() {
                let mut s = s.lock().unwrap();
                let _ = s.write_all(&replies);
                let _ = s.flush();
            }
        });
        Term {
            child,
            emu,
            stdin,
            started: Instant::now(),
        }
    }

    fn text(&self) -> String {
        self.emu.lock().unwrap().text()
    }

    /// Waits until the screen contains one of `needles`.
    fn wait_for_any(&self, needles: &[String]) {
        let start = Instant::now();
        while !needles.iter().any(|n| self.text().contains(n.as_str())) {
            assert!(
                start.elapsed() < Duration::from_secs(15),
                "timed out waiting for one of {needles:?}; screen:\n{}",
                self.text()
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Waits until the screen contains `needle`; returns how long since start.
    fn wait_for(&self, needle: &str) -> Duration {
        let start = Instant::now();
        loop {
            if self.text().contains(needle) {
                return self.started.elapsed();
            }
            assert!(
                start.elapsed() < Duration::from_secs(15),
                "timed out waiting for {needle:?}; screen:\n{}",
                self.text()
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Waits until the screen stops changing (the frame is complete).
    fn settle(&self) {
        let mut last = self.text();
        let mut still = Instant::now();
        let start = Instant::now();
        while still.elapsed() < Duration::from_millis(150) {
            std::thread::sleep(Duration::from_millis(20));
            let now = self.text();
            if now != last {
                last = now;
                still = Instant::now();
            }
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "screen never settles"
            );
        }
    }

    fn send_raw(&self, bytes: &[u8]) {
        let mut s = self.stdin.lock().unwrap();
        s.write_all(bytes).unwrap();
        s.flush().unwrap();
    }

    /// Keys typed by a person: a pause after each.
    fn send(&self, keys: &str) {
        self.send_raw(keys.as_bytes());
        std::thread::sleep(Duration::from_millis(60));
    }

    fn wait_exit(&mut self) {
        let start = Instant::now();
        while self.child.try_wait().unwrap().is_none() {
            if start.elapsed() > Duration::from_secs(15) {
                let _ = self.child.kill();
                panic!("tenken did not exit; screen:\n{}", self.text());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Checks the frame on screen now: see `check_screen`.
    fn check(&self, what: &str) {
        self.settle();
        let emu = self.emu.lock().unwrap();
        check_screen(&emu, what);
    }
}

impl Drop for Term {
    fn drop(&mut self) {
        if self.child.try_wait().ok().flatten().is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
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

fn load(path: &Path) -> Sheet {
    ron_options()
        .from_str(&std::fs::read_to_string(path).unwrap())
        .unwrap()
}

/// The demo sheet with ambiguous-width characters in a comment, and last year's sheet.
fn write_sheets(dir: &Path) {
    let sheet = DEMO_SHEET.replace("年2回開催。議事録あり", "年2回開催※議事録あり→総務課 ①");
    assert_ne!(sheet, DEMO_SHEET);
    std::fs::write(dir.join("sheet.ron"), sheet).unwrap();
    std::fs::create_dir(dir.join("last")).unwrap();
    std::fs::write(dir.join("last/r7.ron"), DEMO_PREVIOUS_SHEET).unwrap();
}

/// The figures the scoring core gives for the sheet on disk must be on screen: the overall
/// average and progress, and (when the strip has a line per 大分類) each one's average.
fn check_figures(t: &Term, path: &Path, kind: Kind) {
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
        let lines = t.emu.lock().unwrap().lines();
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
    if !crate::util::pty::have_script() {
        crate::util::skip::note("util-linux `script` is not installed");
        return;
    }
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
    let mut t = Term::start(
        dir.path(),
        &["sheet.ron", "--previous", "last/r7.ron"],
        kind,
        &[],
    );
    t.wait_for("60/123");
    t.check("first frame with the stale-lock message");
    // Answer the current item (2-3): the figures follow.
    t.send("3");
    t.wait_for("保存済");
    t.check("after an answer");
    check_figures(&t, &path, kind);
    // The item whose comment (from the file) holds ※ → ①.
    t.send(":1-6\r");
    t.wait_for("議事録あり");
    t.check("item with ambiguous characters in its comment");
    t.send("\t");
    t.check("item pane focused");
    t.send("\t");
    // The comment editor: type a comment with ambiguous characters.
    t.send(":2-3\r");
    t.send("c");
    t.wait_for("Esc/Ctrl-S");
    for c in TYPED.chars() {
        t.send(&c.to_string());
    }
    // On a wide terminal the ambiguous characters show as one-cell stand-ins.
    t.wait_for(if kind.ambiguous_wide {
        "*確認済>次回x"
    } else {
        TYPED
    });
    t.check("comment editor with ※ and →");
    t.send("\u{1b}");
    t.wait_for("保存済");
    t.check("item with the typed comment");
    // The plan editor (three fields).
    t.send("p");
    t.wait_for("措置");
    t.send("※");
    t.check("plan editor");
    t.send("\u{1b}");
    // Help, focus view, prompts, previous-year views and dialogs.
    t.send("?");
    t.wait_for("ヘルプ (j/");
    t.check("help");
    // Space scrolls ten lines: to the end of the help, past the tables of every mode.
    t.send(&" ".repeat(40));
    t.wait_for(if kind.ambiguous_wide {
        "2 セル"
    } else {
        "1 セル"
    });
    t.check("help, end");
    t.send("\u{1b}");
    t.send("z");
    t.check("focus view");
    t.send("\u{1b}");
    t.send("/");
    t.send("記録");
    t.check("search prompt");
    t.send("\u{1b}");
    t.send(":");
    t.check("jump prompt");
    t.send("\u{1b}");
    t.send("R");
    t.check("last year against this year");
    t.send("\u{1b}");
    t.send("v");
    t.check("previous year hidden");
    t.send("v");
    t.check("previous year shown");
    t.send("T");
    t.check("take-all dialog");
    t.send("n");
    t.send("g");
    t.send("3");
    t.check("bulk-answer dialog on a heading");
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
    let t = Term::start(dir.path(), &["sheet.ron"], kind, &[]);
    t.wait_for("読み取り専用");
    t.check("lock notice");
    t.send("\u{1b}");
    t.check("read-only sheet");
    t.send("q");
    drop(t);
    drop(holder);

    // The start form of a new sheet.
    let t = Term::start(dir.path(), &["new.ron"], kind, &[]);
    t.wait_for("new.ron");
    t.check("start form");
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
    if !crate::util::pty::have_script() {
        crate::util::skip::note("util-linux `script` is not installed");
        return;
    }
    for (cols, rows) in [(60, 16), (30, 8), (20, 5)] {
        let dir = tempfile::tempdir().unwrap();
        write_sheets(dir.path());
        let kind = Kind {
            cols,
            rows,
            ..WIDE_80
        };
        let t = Term::start(dir.path(), &["sheet.ron"], kind, &[]);
        t.wait_for(if cols >= 30 { "2-3" } else { "80" });
        t.check(&format!("{cols}x{rows}"));
        t.send("c");
        t.send("※→");
        t.check(&format!("{cols}x{rows} editor"));
        t.send("\u{1b}");
        t.send("?");
        t.check(&format!("{cols}x{rows} help"));
        t.send("\u{1b}");
        t.send("q");
    }
}

/// A terminal that never answers the cursor-position request: the first frame comes within
/// a second, drawn so that it is right on an ambiguous-wide terminal too.
#[test]
fn a_terminal_that_never_answers_gets_a_safe_first_frame_within_a_second() {
    if !crate::util::pty::have_script() {
        crate::util::skip::note("util-linux `script` is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    write_sheets(dir.path());
    let kind = Kind {
        answers: false,
        ..WIDE_80
    };
    let t = Term::start(dir.path(), &["sheet.ron"], kind, &[]);
    // Measured from the request, so the time to start the process does not count.
    let start = Instant::now();
    while t.emu.lock().unwrap().requests == 0 {
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
    t.check("first frame without an answer");
    t.wait_for("保存済");
    t.check("after an answer typed ahead");
    // Keys work at once.
    t.send("2");
    t.wait_for("62/123");
    t.check("after an answer without an answer to the probe");
    t.send("q");
    let mut t = t;
    t.wait_exit();
    let sheet = load(&dir.path().join("sheet.ron"));
    assert_eq!(sheet.score("2-3"), Some(tenken::sheet::Score::Operating));
}

/// The override needs no answer: `--ambiguous-width 2` and the environment variable.
#[test]
fn the_width_can_be_forced_either_way() {
    if !crate::util::pty::have_script() {
        crate::util::skip::note("util-linux `script` is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    write_sheets(dir.path());
    // A terminal that answers "narrow" but the user says wide: ASCII frames.
    let narrow = Kind {
        ambiguous_wide: false,
        ..WIDE_80
    };
    let t = Term::start(
        dir.path(),
        &["--ambiguous-width", "2", "sheet.ron"],
        narrow,
        &[],
    );
    t.wait_for("60/123");
    t.settle();
    assert!(!t.text().contains('│'), "forced wide: no box drawing");
    assert_eq!(t.emu.lock().unwrap().requests, 0, "no probe when forced");
    t.send("q");
    drop(t);
    let t = Term::start(
        dir.path(),
        &["sheet.ron"],
        narrow,
        &[("TENKEN_AMBIGUOUS_WIDTH", "1")],
    );
    t.wait_for("60/123");
    t.check("forced narrow by the environment");
    assert_eq!(t.emu.lock().unwrap().requests, 0, "no probe when forced");
    t.send("?");
    t.send(&" ".repeat(40));
    t.wait_for("TENKEN_AMBIGUOUS_WIDTH");
    t.send("\u{1b}");
    t.send("q");
}

/// Cursor-position replies that arrive late (after the probe gave up) or split in two
/// (`ESC` alone, then `[12;3R`) are never taken as keys: the sheet stays as it was, also
/// with the comment editor open.
#[test]
fn late_or_split_cursor_reports_change_nothing() {
    if !crate::util::pty::have_script() {
        crate::util::skip::note("util-linux `script` is not installed");
        return;
    }
    for answers in [false, true] {
        let dir = tempfile::tempdir().unwrap();
        write_sheets(dir.path());
        let path = dir.path().join("sheet.ron");
        let before = std::fs::read(&path).unwrap();
        let kind = Kind { answers, ..WIDE_80 };
        let mut t = Term::start(dir.path(), &["sheet.ron"], kind, &[]);
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
