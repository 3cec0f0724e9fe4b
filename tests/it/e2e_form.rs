//! The real binary on a pseudo-terminal: the start form edits like a form (spaces, cursor
//! movement, the pre-filled 年度 replaced), and the terminal's cursor sits where text goes in
//! the form and the editors, so an input method's composition window opens there.
//!
//! The pty comes from util-linux `script` (as in `e2e_pty.rs`); the screen is
//! `crate::util::emulator`, which follows the cursor. The tests skip with a note where `script` is
//! missing.

use std::io::Write;
use std::path::Path;
use std::process::{Child, ChildStdin};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::util::emulator::Emulator;
use tenken::ron::ron_options;
use tenken::sheet::Sheet;

struct Term {
    child: Child,
    emu: Arc<Mutex<Emulator>>,
    stdin: ChildStdin,
}

impl Term {
    fn start(dir: &Path, file: &str, cols: usize, rows: usize) -> Term {
        let bin = env!("CARGO_BIN_EXE_tenken");
        let cmd = format!("stty rows {rows} cols {cols}; exec '{bin}' '{file}'");
        let mut child = crate::util::pty::script(dir, &cmd)
            .env("TMPDIR", dir)
            // Narrow ambiguous width without asking: the emulator need not answer.
            .env("TENKEN_AMBIGUOUS_WIDTH", "1")
            .spawn()
            .expect("script runs");
        let emu = Arc::new(Mutex::new(Emulator::new(cols, rows, false, true)));
        let stdin = child.stdin.take().unwrap();
        let e = Arc::clone(&emu);
        crate::util::pty::pump(child.stdout.take().unwrap(), move |bytes| {
            e.lock().unwrap().feed(bytes)
        });
        Term { child, emu, stdin }
    }

    fn text(&self) -> String {
        self.emu.lock().unwrap().text()
    }

    /// Waits until the screen contains `needle` and has stopped changing.
    fn wait_for(&self, needle: &str) {
        let start = Instant::now();
        while !self.text().contains(needle) {
            assert!(
                start.elapsed() < Duration::from_secs(15),
                "timed out waiting for {needle:?}; screen:\n{}",
                self.text()
            );
            std::thread::sleep(Duration::from_millis(10));
        }
        let mut last = self.text();
        let mut still = Instant::now();
        while still.elapsed() < Duration::from_millis(150) {
            std::thread::sleep(Duration::from_millis(20));
            let now = self.text();
            if now != last {
                last = now;
                still = Instant::now();
            }
        }
    }

    /// Sends keys as a person types them.
    fn send(&mut self, keys: &str) {
        self.stdin.write_all(keys.as_bytes()).unwrap();
        self.stdin.flush().unwrap();
        std::thread::sleep(Duration::from_millis(60));
    }

    /// The cell right after the first `needle` on screen: where a cursor after it belongs.
    fn after(&self, needle: &str) -> (usize, usize) {
        let emu = self.emu.lock().unwrap();
        for y in 0..emu.rows {
            let row = emu.row(y);
            let mut line = String::new();
            let mut xs = Vec::new();
            for (x, cell) in row.iter().enumerate() {
                for _ in cell.chars() {
                    xs.push(x);
                }
                line.push_str(cell);
            }
            if let Some(i) = line.find(needle) {
                let last = line[..i + needle.len()].chars().count() - 1;
                let x = xs[last];
                return (x + emu.width(row[x].chars().next().unwrap()), y);
            }
        }
        panic!("{needle:?} not on screen:\n{}", emu.text());
    }

    fn cursor(&self) -> (usize, usize, bool) {
        let emu = self.emu.lock().unwrap();
        let (x, y) = emu.cursor();
        (x, y, emu.cursor_visible)
    }

    fn wait_exit(&mut self) {
        let start = Instant::now();
        while self.child.try_wait().unwrap().is_none() {
            assert!(
                start.elapsed() < Duration::from_secs(15),
                "tenken did not exit:\n{}",
                self.text()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
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

const LEFT: &str = "\u{1b}[D";
const HOME: &str = "\u{1b}[H";
const TAB: &str = "\t";

fn fill_in_the_form(cols: usize, rows: usize) {
    if !crate::util::pty::have_script() {
        crate::util::skip::note("util-linux `script` is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut t = Term::start(dir.path(), "new.ron", cols, rows);
    t.wait_for("new.ron");
    // The organisation: the cursor follows the text typed, and sits on the character moved
    // back to.
    t.send("例市");
    t.wait_for("例市");
    let (x, y) = t.after("例市");
    assert_eq!(t.cursor(), (x, y, true), "\n{}", t.text());
    t.send(LEFT);
    t.wait_for("例市");
    assert_eq!(t.cursor(), (x - 2, y, true), "\n{}", t.text());
    // The 年度: the pre-filled year is replaced by what is typed.
    t.send(TAB);
    t.send("R8");
    t.wait_for("R8");
    assert!(!t.text().contains("年度R8"), "{}", t.text());
    // The respondent: spaces are text; a typo fixed in the middle.
    t.send(TAB);
    t.send(TAB);
    t.send("情報政策課 情報セキュリティ当");
    t.send(LEFT);
    t.send("担");
    t.wait_for("担当");
    let (x, y) = t.after("ティ担");
    assert_eq!(t.cursor(), (x, y, true), "\n{}", t.text());
    t.send(HOME);
    t.send("総務部");
    t.wait_for("総務部情報政策課");
    // The profile question, then create.
    t.send(TAB);
    t.send("y");
    t.send(TAB);
    t.send("\r");
    t.wait_for("1-1");
    // In the interview the cursor is hidden until text is typed; in the comment editor it
    // sits after the text, below the item's wording.
    assert!(!t.cursor().2, "hidden in normal mode\n{}", t.text());
    t.send("3");
    t.send(":1-1\r");
    t.send("c");
    t.send("月次で確認");
    t.wait_for("月次で確認");
    let (x, y) = t.after("月次で確認");
    assert_eq!(t.cursor(), (x, y, true), "\n{}", t.text());
    t.send("\u{1b}");
    t.wait_for("1-1");
    t.send("q");
    t.wait_exit();
    let sheet: Sheet = ron_options()
        .from_str(&std::fs::read_to_string(dir.path().join("new.ron")).unwrap())
        .unwrap();
    assert_eq!(sheet.organization, "例市");
    assert_eq!(sheet.fiscal_year, 2026);
    assert_eq!(sheet.respondent, "総務部情報政策課 情報セキュリティ担当");
}

#[test]
fn the_start_form_edits_like_a_form_and_the_cursor_follows_the_text_80x24() {
    fill_in_the_form(80, 24);
}

#[test]
fn the_start_form_edits_like_a_form_and_the_cursor_follows_the_text_40x12() {
    fill_in_the_form(40, 12);
}

/// The sheet header (`i`) on a real terminal: a sign-off name with a space, the cursor after
/// it, 点検日 typed as 和暦, the 重要機能室 answer changed; all of it in the saved file.
#[test]
fn the_header_form_edits_the_saved_sheet_80x24() {
    if !crate::util::pty::have_script() {
        crate::util::skip::note("util-linux `script` is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("sheet.ron"), tenken::cmd::open::DEMO_SHEET).unwrap();
    let mut t = Term::start(dir.path(), "sheet.ron", 80, 24);
    t.wait_for("sheet.ron");
    t.send("i");
    t.wait_for("点検実施者");
    // Organisation, respondent, 重要機能室: answered no.
    t.send(TAB);
    t.send(TAB);
    t.send("n");
    t.wait_for("いいえ");
    t.send(TAB);
    t.send("山田 一郎");
    t.wait_for("山田 一郎");
    let (x, y) = t.after("山田 一郎");
    assert_eq!(t.cursor(), (x, y, true), "\n{}", t.text());
    t.send(TAB);
    t.send(TAB);
    t.send("R8.11.25");
    t.send(TAB);
    t.wait_for("令和8年11月25日");
    t.send("\u{1b}");
    t.wait_for("u で元に戻せます");
    t.send("q");
    t.wait_exit();
    let sheet: Sheet = ron_options()
        .from_str(&std::fs::read_to_string(dir.path().join("sheet.ron")).unwrap())
        .unwrap();
    assert_eq!(sheet.inspector, "山田 一郎");
    assert_eq!(sheet.inspected_on, "2026-11-25");
    assert_eq!(sheet.profile.get("important_room"), Some(&false));
    assert_eq!(sheet.organization, "例市");
}
