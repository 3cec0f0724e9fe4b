//! Input through a real pseudo-terminal: bursts of pasted text (with and without bracketed
//! paste), input left unread at exit, an unclosed paste marker, suspension with SIGTSTP.
//!
//! The pseudo-terminal is `crate::util::pty`'s.

use crate::util::emulator::Emulator;
use crate::util::immutable::Immutable;
use crate::util::pty::{self, Pty};

use std::process::Command;
use std::time::{Duration, Instant};

use crate::util::fixture::{load, write_sheet};

/// 2,000 Japanese characters (6,000 bytes) in lines of 50, joined by `newline`.
fn burst_text(newline: &str) -> (String, String) {
    let base: Vec<char> =
        "住民基本台帳ネットワークの本人確認情報を管理する端末は施錠した部屋に置く"
            .chars()
            .collect();
    let chars: String = (0..2000).map(|i| base[i % base.len()]).collect();
    let lines: Vec<String> = chars
        .chars()
        .collect::<Vec<_>>()
        .chunks(50)
        .map(|c| c.iter().collect())
        .collect();
    (lines.join(newline), lines.join("\n"))
}

/// Opens the comment editor of item 1-1 and sends `wire` in one write; then leaves the editor
/// with Esc and quits. Returns the comment saved.
fn paste_into_comment(wire: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let file = write_sheet(dir.path());
    let mut s = Pty::spawn(pty::tenken(dir.path(), &[file]), 80, 24);
    s.wait_for("60/123 (48%)");
    s.send(b":1-1\r");
    s.send(b"c");
    s.wait_for("Esc/Ctrl-S");
    s.send(wire);
    s.send(b"\x1b");
    s.send(b"q");
    s.wait_exit();
    load(&dir.path().join(file)).answers["1-1"].comment.clone()
}

#[test]
fn an_unbracketed_6kb_burst_arrives_whole_with_its_line_breaks() {
    // Tera Term sends a pasted line break as CR; some terminals send LF (read as Ctrl+J).
    for newline in ["\r", "\n"] {
        let (wire, expected) = burst_text(newline);
        assert_eq!(wire.len(), 6000 + 39 * newline.len());
        assert_eq!(paste_into_comment(wire.as_bytes()), expected, "{newline:?}");
    }
}

#[test]
fn a_bracketed_6kb_paste_arrives_whole() {
    let (text, expected) = burst_text("\r");
    let wire = format!("\x1b[200~{text}\x1b[201~");
    assert_eq!(paste_into_comment(wire.as_bytes()), expected);
}

/// A failed save at quit, then Esc in the "not saved" dialog: the retries go on (they used to
/// stop for good while the title still said 保存失敗・再試行中).
#[test]
#[ignore = "needs root: chattr +i makes the sheet's directory unwritable"]
fn after_a_failed_save_at_quit_and_esc_the_retries_go_on() {
    let dir = tempfile::tempdir().unwrap();
    let file = write_sheet(dir.path());
    let mut s = Pty::spawn(pty::tenken(dir.path(), &[file]), 80, 24);
    s.wait_for("60/123 (48%)");
    s.wait_answering_keys();
    let fault = Immutable::set(dir.path());
    s.send(b"3");
    s.send(b"q");
    s.wait_for("Q");
    s.send(b"\x1b");
    std::thread::sleep(Duration::from_millis(300));
    drop(fault);
    s.wait_for("保存済");
    assert_eq!(
        load(&dir.path().join(file)).score("2-3"),
        Some(tenken::sheet::Score::Operating)
    );
    s.send(b"q");
    s.wait_exit();
}

/// Keys still unread when tenken ends are dropped, not handed to the shell to run.
#[test]
fn input_left_unread_at_exit_does_not_reach_the_shell() {
    let dir = tempfile::tempdir().unwrap();
    let file = write_sheet(dir.path());
    let s = Pty::spawn(
        pty::shell(
            dir.path(),
            &format!("\"$BIN\" {file}; echo EXITED; timeout 1 cat; echo END"),
        ),
        80,
        24,
    );
    s.wait_for("60/123 (48%)");
    let mut burst = b"q".to_vec();
    burst.extend(std::iter::repeat_n(b'x', 3000));
    burst.extend(b"\rLEFTOVER\r");
    s.send(&burst);
    s.wait_for("END");
    let text = s.text();
    let after = &text[text.rfind("EXITED").unwrap()..];
    assert!(
        !after.contains("LEFTOVER") && !after.contains("xxx"),
        "the shell got: {after:?}"
    );
}

fn process_state(pid: u32) -> char {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|s| s.rsplit(") ").next().and_then(|r| r.chars().next()))
        .unwrap_or('?')
}

/// Suspended from outside (SIGTSTP, as the shell's `kill -TSTP` or a job-control stop), then
/// continued: the terminal was given back while stopped, and raw mode and the screen are
/// restored afterwards (a digit answers at once, without Enter).
#[test]
fn sigtstp_then_sigcont_gives_the_terminal_back_and_takes_it_again() {
    let dir = tempfile::tempdir().unwrap();
    let file = write_sheet(dir.path());
    let mut s = Pty::spawn(pty::tenken(dir.path(), &[file]), 80, 24);
    let pid = s.pid();
    s.wait_for("60/123 (48%)");
    let kill = |pid: u32, sig: &str| {
        assert!(
            Command::new("kill")
                .args([sig, &pid.to_string()])
                .status()
                .unwrap()
                .success()
        )
    };
    let before = s.text().len();
    kill(pid, "-TSTP");
    let start = Instant::now();
    while process_state(pid) != 'T' {
        assert!(start.elapsed() < Duration::from_secs(5), "not stopped");
        std::thread::sleep(Duration::from_millis(20));
    }
    kill(pid, "-CONT");
    let start = Instant::now();
    loop {
        let after = s.text()[before..].to_string();
        let left = after.find("\u{1b}[?1049l");
        let back = left.and_then(|l| after[l..].find("\u{1b}[?1049h").map(|b| l + b));
        if back.is_some_and(|b| after[b..].contains("60/123 (48%)")) {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "expected: main screen on stop, then the alternate screen redrawn; got {after:?}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    // Raw mode is back: "3" and "q" work without Enter.
    s.send(b"3");
    s.send(b"q");
    s.wait_exit();
    assert_eq!(
        load(&dir.path().join(file)).score("2-3"),
        Some(tenken::sheet::Score::Operating)
    );
}

/// One cursor: the terminal's, where the input method opens. Painting the cell under it in
/// reverse video as well made the two inversions cancel on a block cursor (xterm, PuTTY):
/// the cursor vanished. Checked in the notes editor and in the `/` prompt.
#[test]
fn the_cell_under_the_terminals_cursor_is_not_painted_reversed() {
    let dir = tempfile::tempdir().unwrap();
    let file = write_sheet(dir.path());
    let screen = Emulator::new(80, 24, false, true);
    let mut s = Pty::spawn_on(pty::tenken(dir.path(), &[file]), screen);
    s.wait_for("60/123 (48%)");
    s.send(b":1-1\r");
    s.send(b"c");
    s.wait_for("Esc/Ctrl-S");
    s.send("テスト".as_bytes());
    s.wait_for("テスト");
    s.settle();
    {
        let screen = s.screen();
        assert!(screen.cursor_visible, "the terminal's cursor is shown");
        let (x, y) = screen.cursor();
        assert_eq!((x, y), screen.after("テスト"), "{}", screen.text());
        assert!(
            !screen.reversed(x, y),
            "cell under the cursor painted reversed"
        );
    }
    s.send(b"\x1b");
    s.send(b"/");
    s.send(b"abc");
    s.wait_for("abc");
    s.settle();
    {
        let screen = s.screen();
        let (x, y) = screen.cursor();
        assert_eq!((x, y), screen.after("abc"));
        assert!(screen.cursor_visible);
        assert!(
            !screen.reversed(x, y),
            "prompt: cell under the cursor reversed"
        );
    }
    s.send(b"\x1b");
    s.send(b"q");
    s.wait_exit();
}

/// #21.3: an input method's commit typed outside an editor (「年2回開催」 in one write, as the
/// terminal sends it) changes nothing: its `2` used to answer the item and move on.
#[test]
fn an_ime_burst_in_normal_mode_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = write_sheet(dir.path());
    let before = load(&dir.path().join(file));
    let mut s = Pty::spawn(pty::tenken(dir.path(), &[file]), 80, 24);
    s.wait_for("60/123 (48%)");
    s.send("年2回開催".as_bytes());
    s.wait_for("何も変更していません");
    assert!(
        s.text().contains("60/123 (48%)"),
        "nothing answered:\n{}",
        s.text()
    );
    // A key that follows a burst of text within `PASTE_GAP` is the rest of it: `q` comes
    // as a person's would, later.
    std::thread::sleep(Duration::from_millis(200));
    s.send(b"q");
    s.wait_exit();
    assert_eq!(load(&dir.path().join(file)), before);
}

/// A paste from a terminal without bracketed paste (PuTTY, Tera Term or screen with it off)
/// is a burst of keys. Its line breaks ended the run of text, and a line of ASCII after one
/// (a date, a number) ran as commands: 「会議録⏎3」 answered the item 3, minutes with dates
/// answered six items and saved them. A burst with text in it is text up to its end, line
/// breaks and tabs included: refused whole outside an editor.
#[test]
fn an_unbracketed_paste_with_ascii_lines_after_its_text_changes_nothing() {
    for wire in [
        "会議録\r3",
        "議事録（令和8年度第1回）\r2026-04-01\r出席者: 山田、佐藤\r",
        "議事録\t2 3\n1\n",
    ] {
        let dir = tempfile::tempdir().unwrap();
        let file = write_sheet(dir.path());
        let before = load(&dir.path().join(file));
        let mut s = Pty::spawn(pty::tenken(dir.path(), &[file]), 80, 24);
        s.wait_for("60/123 (48%)");
        s.send(wire.as_bytes());
        s.wait_for("何も変更していません");
        // Give stray keys the time to act, then look.
        std::thread::sleep(Duration::from_millis(300));
        assert!(
            s.text().contains("60/123 (48%)"),
            "{wire:?}: nothing answered:\n{}",
            s.text()
        );
        s.send(b"q");
        s.wait_exit();
        assert_eq!(load(&dir.path().join(file)), before, "{wire:?}");
    }
}

/// The same burst in the plan editor: its tabs moved the cursor from 措置 to 担当 and 期限,
/// spreading the text over the fields. It is typed into the field open, tabs as spaces.
#[test]
fn an_unbracketed_paste_with_tabs_stays_in_the_plan_field_it_was_pasted_into() {
    let dir = tempfile::tempdir().unwrap();
    let file = write_sheet(dir.path());
    let mut s = Pty::spawn(pty::tenken(dir.path(), &[file]), 80, 24);
    s.wait_for("60/123 (48%)");
    s.send(b":1-1\r");
    s.send(b"p");
    s.wait_for("Esc/Ctrl-S");
    s.send("手順書の改訂\t総務課\t年度内".as_bytes());
    s.send(b"\x1b");
    s.send(b"q");
    s.wait_exit();
    let plan = load(&dir.path().join(file)).answers["1-1"]
        .plan
        .clone()
        .expect("a plan written");
    assert!(plan.action.starts_with("手順書の改訂"), "{plan:?}");
    assert!(plan.action.contains("総務課"), "{plan:?}");
    assert!(plan.owner.is_empty() && plan.due.is_empty(), "{plan:?}");
}

/// How many times the thread `tid` entered `ppoll` (the loop's one wait) while `during`
/// ran, counted by `perf stat`'s system-call tracepoint; `None` where perf cannot count it
/// (not installed, or not allowed: `perf_event_paranoid`, not root).
fn ppolls_during(tid: u32, during: impl FnOnce()) -> Option<u64> {
    let out = tempfile::NamedTempFile::new().unwrap();
    let mut perf = Command::new("perf")
        .args(["stat", "-x,", "-e", "syscalls:sys_enter_ppoll", "-t"])
        .arg(tid.to_string())
        .arg("-o")
        .arg(out.path())
        .stderr(std::process::Stdio::null())
        .spawn()
        .ok()?;
    std::thread::sleep(Duration::from_millis(300));
    during();
    let _ = Command::new("kill")
        .args(["-INT", &perf.id().to_string()])
        .status();
    perf.wait().ok()?;
    let text = std::fs::read_to_string(out.path()).ok()?;
    text.lines()
        .find(|l| l.contains("sys_enter_ppoll"))
        .and_then(|l| l.split(',').next()?.trim().parse().ok())
}

/// #23: a key typed alone wakes the loop once: one wait per key. crossterm used to be asked
/// again 20 ms after every key (in case a look bounded in time had skipped events it had
/// parsed), a second wake-up for each key of a person typing. Counted in `ppoll`s, not in the
/// thread's sleeps: the kernel's tty layer sleeps at random in a `poll` of the terminal while
/// it hands the key over (`n_tty_poll` waiting for its flush work; `perf record` of
/// `sched_switch`), as many sleeps as the recheck made. Skipped where perf cannot count.
#[test]
fn a_key_typed_alone_wakes_the_loop_once() {
    let dir = tempfile::tempdir().unwrap();
    let file = write_sheet(dir.path());
    let mut s = Pty::spawn(pty::tenken(dir.path(), &[file]), 80, 24);
    let pid = s.pid();
    s.wait_for("60/123 (48%)");
    s.settle();
    let keys = 20;
    let waits = ppolls_during(pid, || {
        for i in 0..keys {
            // 60 ms apart (`send` waits 60 ms after each key).
            s.send(if i % 2 == 0 { b"j" } else { b"k" });
        }
    });
    s.send(b"q");
    s.wait_exit();
    let Some(waits) = waits else {
        eprintln!("skipped: perf cannot count system calls here");
        return;
    };
    eprintln!("{waits} waits (ppoll) for {keys} keys");
    // One wait per key, and one for the heartbeat; two per key before.
    assert!(
        waits <= keys + keys / 4,
        "{waits} waits (ppoll) for {keys} keys 60 ms apart"
    );
}
