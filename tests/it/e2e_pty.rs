//! The real binary in a pseudo-terminal: answer with digit keys and quit, then read the file;
//! and send SIGHUP mid-session, then check nothing committed was lost.
//!
//! The pseudo-terminal is `crate::util::pty`'s.

use crate::util::immutable::Immutable;
use crate::util::pty::{self, Pty};

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::util::fixture::{PREVIOUS_SHEET, SHEET, load, write_sheet};
use tenken::catalog::{Catalog, Edition};
use tenken::ron::ron_options;
use tenken::sheet::{Score, Sheet};
use tenken::tui::app::{App, Options};

/// `tenken ARGS…` on an 80x24 pty.
fn start(dir: &Path, args: &[&str]) -> Pty {
    Pty::spawn(pty::tenken(dir, args), 80, 24)
}

/// Waits for a session ended by the keys sent, requires exit status 0, and returns what it
/// wrote after the terminal was restored (the alternate screen left): its last word.
fn last_word(s: &mut Pty) -> String {
    let (_, status) = s.wait_exit();
    assert!(status.success(), "exit status 0");
    let output = s.output();
    output[output.rfind("\u{1b}[?1049l").unwrap()..].to_string()
}

/// The unanswered items the digit keys will land on, in order: 2-3, 9-2, then the next.
fn expected_targets(n: usize) -> Vec<String> {
    let sheet: Sheet = ron_options().from_str(SHEET).unwrap();
    let catalog = Catalog::builtin(Edition::Municipal);
    let app = App::new(catalog, sheet, "x", Options::default());
    let mut out = Vec::new();
    let mut at = app.current_item();
    for _ in 0..n {
        let p = at.unwrap();
        out.push(app.catalog.item_at(app.catalog.path_at(p)).id.clone());
        at = app.next_unanswered(Some(p), true);
    }
    out
}

#[test]
fn without_a_terminal_it_refuses_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let file = write_sheet(dir.path());
    let out = Command::new(env!("CARGO_BIN_EXE_tenken"))
        .arg(file)
        .current_dir(dir.path())
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("端末が必要です"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join(file)).unwrap(),
        SHEET
    );
    let left = std::fs::read_dir(dir.path()).unwrap().count();
    assert_eq!(
        left, 1,
        "nothing written beside the sheet, not even a lock file"
    );
}

#[test]
fn digits_answer_items_and_q_quits_with_the_file_saved() {
    let dir = tempfile::tempdir().unwrap();
    let file = write_sheet(dir.path());
    let mut s = start(dir.path(), &[file]);
    s.wait_for("60/123 (48%)");
    s.send("3");
    s.send("2");
    s.send("1");
    s.send("q");
    let (_, status) = s.wait_exit();
    assert!(status.success(), "exit status 0");
    let sheet = load(&dir.path().join(file));
    let ids = expected_targets(3);
    assert_eq!(ids[..2], ["2-3", "9-2"]);
    assert_eq!(sheet.score(&ids[0]), Some(Score::Operating));
    assert_eq!(sheet.score(&ids[1]), Some(Score::Documented));
    assert_eq!(sheet.score(&ids[2]), Some(Score::NotInPlace));
    assert_eq!(sheet.answers.len(), 63);
    // The terminal was restored: the alternate screen was left.
    let output = s.output();
    assert!(output.contains("\u{1b}[?1049l"));
    // #21.17: and quitting says where the answers are.
    let after = &output[output.rfind("\u{1b}[?1049l").unwrap()..];
    assert!(after.contains("保存しました: sheet.ron"), "{after:?}");
}

/// A signed sheet changed in the interview loses its seal: the title says so
/// (「確認後に変更されています」), but quitting said only 「保存しました」, the last word left on
/// the terminal (`check` then found it changed). Quitting says it too, with the seal as
/// recorded.
#[test]
fn a_change_to_a_signed_sheet_is_said_to_break_its_seal() {
    let dir = tempfile::tempdir().unwrap();
    let mut sheet: Sheet = ron_options().from_str(SHEET).unwrap();
    sheet.inspector = "山田".into();
    sheet.approver = "佐藤".into();
    sheet.inspected_on = "2026-12-01".into();
    tenken::seal::sign(&mut sheet);
    std::fs::write(dir.path().join("sheet.ron"), tenken::store::to_ron(&sheet)).unwrap();
    let mut s = start(dir.path(), &["sheet.ron"]);
    s.wait_for("60/123 (48%)");
    s.send("3");
    s.wait_for("確認後に変更されています");
    s.send("q");
    let after = &last_word(&mut s);
    assert!(
        after.contains("保存しました: sheet.ron") && after.contains("確認後に変更されています"),
        "{after:?}"
    );
}

/// A window resized before the first key was not drawn again until a key came: crossterm
/// starts listening for SIGWINCH only when it is first asked for an event, after the signal
/// had woken the loop and gone. The loop notices a resize itself.
#[test]
fn a_resize_before_the_first_key_is_drawn_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let file = write_sheet(dir.path());
    let mut s = start(dir.path(), &[file]);
    s.wait_for("60/123 (48%)");
    s.resize(20, 6);
    s.wait_for("小さすぎ");
    s.resize(80, 24);
    s.send("q");
    let (_, status) = s.wait_exit();
    assert!(status.success(), "exit status 0");
}

/// Keys typed while the terminal is below its minimum size are not taken (only the message
/// asking to enlarge it is on screen: a key must not change a sheet nobody sees). They were
/// dropped without a word: the message counts them, and once the terminal is large again
/// the status line says they were not taken, so that nobody believes an answer was given.
#[test]
fn keys_typed_while_the_terminal_is_too_small_are_said_not_taken() {
    let dir = tempfile::tempdir().unwrap();
    let file = write_sheet(dir.path());
    let mut s = Pty::spawn_on(
        pty::tenken(dir.path(), &[file]),
        crate::util::emulator::Emulator::new(80, 24, false, true),
    );
    s.wait_for("60/123 (48%)");
    s.resize(24, 6);
    s.wait_for("小さすぎ");
    s.send("3");
    s.send("2");
    s.send_raw("\x1b[200~pasted\x1b[201~");
    s.wait_for("受け付けなかった入力: 3");
    s.resize(80, 24);
    s.wait_for("端末が小さい間の入力 3 件は受け付けていません。入力し直してください");
    // A second small spell counts from nothing: what was said is not counted again.
    s.resize(24, 6);
    s.wait_for("小さすぎ");
    s.settle();
    assert!(!s.text().contains("受け付けなかった入力"), "{}", s.text());
    s.send("1");
    s.wait_for("受け付けなかった入力: 1");
    s.resize(80, 24);
    s.wait_for("端末が小さい間の入力 1 件は受け付けていません");
    s.send("q");
    let (_, status) = s.wait_exit();
    assert!(status.success(), "exit status 0");
    let sheet = load(&dir.path().join(file));
    assert_eq!(sheet.answers.len(), 60, "nothing answered while too small");
}

/// Quitting a sheet in which nothing was changed says so, not 「保存しました」: nothing was
/// written, and the file is as it was.
#[test]
fn quitting_without_a_change_says_nothing_was_saved() {
    let dir = tempfile::tempdir().unwrap();
    let file = write_sheet(dir.path());
    let before = std::fs::read(dir.path().join(file)).unwrap();
    let mut s = start(dir.path(), &[file]);
    s.wait_for("60/123 (48%)");
    s.send("jjq");
    let after = &last_word(&mut s);
    assert!(after.contains("変更はありません: sheet.ron"), "{after:?}");
    assert!(!after.contains("保存しました"), "{after:?}");
    assert_eq!(std::fs::read(dir.path().join(file)).unwrap(), before);
}

/// Quitting without saving after someone else changed the file (the conflict dialog's `Q`)
/// said 「sheet.ron は最後に保存した状態のままです」, untrue: the file holds their content, not
/// the last state this session saved. It says what is so: the last changes are not in it.
#[test]
fn quitting_without_saving_after_a_change_on_disk_says_what_is_not_in_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = write_sheet(dir.path());
    let path = dir.path().join(file);
    let mut s = start(dir.path(), &[file]);
    s.wait_for("60/123 (48%)");
    s.send("3");
    s.wait_for("保存済");
    let theirs = std::fs::read_to_string(&path).unwrap().replacen(
        "organization: \"",
        "organization: \"他で",
        1,
    );
    std::fs::write(&path, &theirs).unwrap();
    s.send("3");
    s.wait_for("ファイルが他で変更されました");
    s.send("q");
    s.settle();
    s.send("q");
    s.wait_for("せずに終了");
    s.send("Q");
    let (_, status) = s.wait_exit();
    assert_eq!(status.code(), Some(1));
    let out = s.output();
    let after = &out[out.rfind("\u{1b}[?1049l").unwrap()..];
    assert!(!after.contains("最後に保存した状態のままです"), "{after:?}");
    assert!(
        after.contains("最後の変更を保存せずに終了しました (sheet.ron には書き込んでいません)"),
        "{after:?}"
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), theirs);
}

/// A sheet opened read-only (another session holds it) says so on quitting too, as every
/// session says where the answers are: it said nothing at all.
#[test]
fn quitting_a_read_only_session_says_the_file_was_left_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let file = write_sheet(dir.path());
    let path = dir.path().join(file);
    let before = std::fs::read(&path).unwrap();
    let held = tenken::store::lock_sheet(&path).unwrap();
    let mut s = start(dir.path(), &[file]);
    s.wait_for("読み取り専用");
    s.send("\r");
    s.send("q");
    let after = &last_word(&mut s);
    assert!(
        after.contains("読み取り専用で開いたため変更していません: sheet.ron"),
        "{after:?}"
    );
    assert_eq!(std::fs::read(&path).unwrap(), before);
    drop(held);
}

/// #21.5: `Z` in the focus view sends the wording as DEC double-height lines (`ESC # 3` over
/// `ESC # 4`) through the real terminal loop, and `Z` again sets those rows back to single
/// size (`ESC # 5`).
#[test]
fn z_sends_the_wording_in_double_height_lines_and_takes_them_back() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = start(dir.path(), &[write_sheet(dir.path())]);
    s.wait_for("60/123 (48%)");
    s.send(":23-1\rZ");
    s.wait_for("Z 倍角文字");
    s.settle();
    let out = s.output();
    assert!(
        out.contains("\u{1b}[2;1H\u{1b}#3") && out.contains("\u{1b}[3;1H\u{1b}#4"),
        "{out:?}"
    );
    assert!(!out.contains("\u{1b}#5"));
    s.send("Z");
    let back =
        |out: &str| out.contains("\u{1b}[2;1H\u{1b}#5") && out.contains("\u{1b}[3;1H\u{1b}#5");
    let start = Instant::now();
    while !back(&s.output()) && start.elapsed() < Duration::from_secs(5) {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(back(&s.output()), "{:?}", s.output());
    s.send("q");
    let (_, status) = s.wait_exit();
    assert!(status.success());
}

/// #21.17: `tenken demo` works in a temporary directory of its own and removes it at the end.
#[test]
fn the_demo_leaves_no_directory_behind() {
    let dir = tempfile::tempdir().unwrap();
    let tmp = dir.path().join("tmp");
    std::fs::create_dir(&tmp).unwrap();
    let mut command = pty::tenken(dir.path(), &["demo"]);
    command.env("TMPDIR", &tmp);
    let mut s = Pty::spawn(command, 80, 24);
    s.wait_for("demo.ron");
    assert_eq!(
        std::fs::read_dir(&tmp).unwrap().count(),
        1,
        "the demo's directory"
    );
    s.send("3");
    s.send("q");
    let (_, status) = s.wait_exit();
    assert!(status.success());
    let left: Vec<_> = std::fs::read_dir(&tmp)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}

/// `tenken demo` where `TMPDIR` names a directory that is not there: the error names the
/// variable as well as the path, since the person who typed `tenken demo` gave neither.
#[test]
fn the_demo_names_tmpdir_when_its_directory_cannot_be_made() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-dir");
    let mut command = pty::tenken(dir.path(), &["demo"]);
    command.env("TMPDIR", &missing);
    let mut s = Pty::spawn(command, 80, 24);
    let (_, status) = s.wait_exit();
    assert!(!status.success());
    let output = s.output();
    assert!(output.contains("no-such-dir"), "{output}");
    assert!(output.contains("TMPDIR"), "{output}");
}

/// Sends `signal` while a comment is half typed: the committed answers are on disk and the
/// half-typed text is kept in its field, and the program exits within two seconds with the
/// status a shell gives for that signal, 128 + its number (it was 129, a hang-up's, for all).
fn signal_mid_session_loses_nothing(signal: &str, code: i32) {
    let dir = tempfile::tempdir().unwrap();
    let file = write_sheet(dir.path());
    let mut s = start(dir.path(), &[file]);
    let pid = s.pid();
    s.wait_for("60/123 (48%)");
    s.send("3");
    s.send("2");
    // A comment being typed when the line drops is kept too.
    s.send(":1-1\r");
    s.send("c");
    s.send("途中まで");
    let status = Command::new("kill")
        .args([signal, &pid.to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let (took, status) = s.wait_exit();
    assert!(took < Duration::from_secs(2), "exit took {took:?}");
    assert_eq!(status.code(), Some(code), "{signal}");
    let sheet = load(&dir.path().join(file));
    assert_eq!(sheet.score("2-3"), Some(Score::Operating));
    assert_eq!(sheet.score("9-2"), Some(Score::Documented));
    assert_eq!(sheet.answers["1-1"].comment, "途中まで");
}

#[test]
fn sighup_mid_session_loses_nothing_committed() {
    signal_mid_session_loses_nothing("-HUP", 129);
}

#[test]
fn sigterm_mid_session_loses_nothing_committed() {
    signal_mid_session_loses_nothing("-TERM", 143);
}

#[test]
fn sigint_mid_session_loses_nothing_committed() {
    signal_mid_session_loses_nothing("-INT", 130);
}

#[test]
#[ignore = "needs root: chattr +i makes the sheet's directory unwritable"]
fn a_failed_save_is_shown_keeps_the_old_file_and_is_retried() {
    let dir = tempfile::tempdir().unwrap();
    let file = write_sheet(dir.path());
    let path = dir.path().join(file);
    let before = std::fs::read(&path).unwrap();
    let mut s = start(dir.path(), &[file]);
    s.wait_for("60/123 (48%)");
    s.wait_answering_keys();
    let fault = Immutable::set(dir.path());
    s.send("3");
    s.wait_for("保存失敗");
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "the old file is intact"
    );
    // The fault clears; the retry (every 2 s) writes the answer.
    drop(fault);
    s.wait_for("保存済");
    assert_eq!(load(&path).score("2-3"), Some(Score::Operating));
    s.send("q");
    s.wait_exit();
}

#[test]
fn previous_sheet_is_shown_taken_from_and_never_written_or_locked() {
    let dir = tempfile::tempdir().unwrap();
    let file = write_sheet(dir.path());
    let last_dir = dir.path().join("last");
    std::fs::create_dir(&last_dir).unwrap();
    let last = last_dir.join("r7.ron");
    std::fs::write(&last, PREVIOUS_SHEET).unwrap();
    let before = std::fs::metadata(&last).unwrap().modified().unwrap();
    // Options after the file name of the short form.
    let mut s = start(dir.path(), &[file, "--previous", "last/r7.ron"]);
    // With last year shown and flags counted, the strip may take its compact form, without the percentage.
    s.wait_for("回答 60/123");
    s.wait_for("2.874");
    // Whole-sheet take, confirmed; then confirm the first draft (2-3) with Enter.
    s.send("T");
    s.send("y");
    s.wait_for("61 (m)");
    s.send("\r");
    // (The screen is redrawn as a diff: "60 (m)" never arrives in one piece.)
    s.send("q");
    let (_, status) = s.wait_exit();
    assert!(status.success());
    let sheet = load(&dir.path().join(file));
    assert_eq!(
        sheet.score("2-3"),
        Some(Score::Documented),
        "confirmed with Enter"
    );
    assert!(sheet.answers["9-2"].unconfirmed, "a draft until confirmed");
    assert_eq!(sheet.score("9-2"), None);
    assert_eq!(std::fs::read_to_string(&last).unwrap(), PREVIOUS_SHEET);
    assert_eq!(
        std::fs::metadata(&last).unwrap().modified().unwrap(),
        before
    );
    let beside: Vec<_> = std::fs::read_dir(&last_dir).unwrap().collect();
    assert_eq!(
        beside.len(),
        1,
        "no lock or temporary file beside last year's sheet"
    );
}

#[test]
fn a_stale_lock_is_taken_over_with_a_message_and_a_lost_terminal_releases_the_lock() {
    let dir = tempfile::tempdir().unwrap();
    let file = write_sheet(dir.path());
    // A lock record left by a process that has certainly ended.
    let mut child = Command::new("true").spawn().unwrap();
    let dead = child.id();
    child.wait().unwrap();
    let lock_file = dir.path().join(".sheet.ron.lock");
    std::fs::write(
        &lock_file,
        format!(
            "(host: {:?}, pid: {dead}, since: \"2026-11-25T09:00:00+09:00\")\n",
            tenken::store::host_name()
        ),
    )
    .unwrap();
    let mut s = start(dir.path(), &[file]);
    s.wait_for("異常終了。ロックを引き継ぎました");
    s.wait_for(&format!("プロセス {dead}"));
    // An old lock file records no user: the owner of the file names it.
    s.wait_for(&format!(
        "{}@{}",
        tenken::store::user_name(),
        tenken::store::host_name()
    ));
    s.send("3");
    s.wait_for("保存済");
    // The terminal disappears (the SSH connection drops).
    s.hang_up();
    let start = Instant::now();
    while lock_file.exists() {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "the lock file is still there after the terminal went away"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(
        load(&dir.path().join(file)).score("2-3"),
        Some(Score::Operating)
    );
}

/// The demo sheet with last year's drafts `[2?]` on 23-1 and `[1?]` on 23-2 (priority items);
/// 23-3 to 23-5 are unanswered.
fn sheet_with_drafts(dir: &Path) -> &'static str {
    let mut sheet: Sheet = ron_options().from_str(SHEET).unwrap();
    for (id, score) in [("23-1", Score::Documented), ("23-2", Score::NotInPlace)] {
        let mut draft = tenken::sheet::Answer::new(score);
        draft.unconfirmed = true;
        draft.comment = format!("{id} 前年のコメント");
        sheet.answers.insert(id.into(), draft);
    }
    std::fs::write(dir.join("drafts.ron"), tenken::store::to_ron(&sheet)).unwrap();
    "drafts.ron"
}

#[test]
fn a_bulk_answer_over_drafts_fills_unanswered_items_only_and_c_confirms_the_drafts() {
    let dir = tempfile::tempdir().unwrap();
    let file = sheet_with_drafts(dir.path());
    let path = dir.path().join(file);
    let before = load(&path);
    let mut s = start(dir.path(), &[file]);
    s.wait_for("58/123");
    // `3` on 管理目標 23, as in the trial.
    s.send(":23-1\r");
    s.send("h");
    s.send("3");
    s.wait_for("まとめて回答");
    s.send("y");
    s.wait_for("3 件に 3 と回答しました");
    s.send("q");
    let (_, status) = s.wait_exit();
    assert!(status.success());
    let sheet = load(&path);
    for id in ["23-3", "23-4", "23-5"] {
        assert_eq!(sheet.score(id), Some(Score::Operating), "{id}");
    }
    for id in ["23-1", "23-2"] {
        assert_eq!(
            sheet.answers[id], before.answers[id],
            "{id}: the draft stays"
        );
    }
    // `C` confirms the drafts as they are, after showing their scores.
    let mut s = start(dir.path(), &[file]);
    s.wait_for("61/123");
    s.send(":23-2\r");
    s.send("C");
    s.wait_for("下書きをまとめて確定");
    s.send("y");
    s.wait_for("点数のまま確定しました");
    s.send("q");
    let (_, status) = s.wait_exit();
    assert!(status.success());
    let sheet = load(&path);
    assert_eq!(sheet.score("23-1"), Some(Score::Documented));
    assert_eq!(sheet.score("23-2"), Some(Score::NotInPlace));
    assert_eq!(sheet.answers["23-1"].comment, "23-1 前年のコメント");
    assert!(sheet.answers.values().all(|a| !a.unconfirmed));
}

/// Issue 22.6: after a conflict, `b` (save beside) on a sheet opened through a symbolic link in
/// another directory wrote the copy beside the real file, then reopened it through the link's
/// directory, where it is not: the answers after `b` reached no file. The copy is now edited
/// through the directory it was written in.
#[test]
fn save_beside_through_a_symbolic_link_keeps_editing_the_copy() {
    let dir = tempfile::tempdir().unwrap();
    let (real, links) = (dir.path().join("real"), dir.path().join("links"));
    std::fs::create_dir_all(&real).unwrap();
    std::fs::create_dir_all(&links).unwrap();
    let file = write_sheet(&real);
    std::os::unix::fs::symlink(real.join(file), links.join("l.ron")).unwrap();
    let mut s = start(&links, &["l.ron"]);
    s.wait_for("60/123 (48%)");
    // Someone else changes the file: the next save finds it changed.
    std::fs::write(real.join(file), SHEET.replace("例市", "別市")).unwrap();
    s.send("3");
    s.wait_for("ファイルが他で変更されました");
    s.send("b");
    s.wait_for("として保存しました");
    s.send("2");
    s.wait_for("保存済");
    s.send("q");
    let (_, status) = s.wait_exit();
    assert!(status.success());
    let copies: Vec<_> = std::fs::read_dir(&real)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap() != file)
        .collect();
    assert_eq!(copies.len(), 1, "one copy and nothing else: {copies:?}");
    let copy = load(&copies[0]);
    let ids = expected_targets(2);
    assert_eq!(copy.score(&ids[0]), Some(Score::Operating));
    assert_eq!(
        copy.score(&ids[1]),
        Some(Score::Documented),
        "the answer after b reached the copy"
    );
    assert_eq!(
        load(&real.join(file)).organization,
        "別市",
        "theirs untouched"
    );
    let left: Vec<_> = std::fs::read_dir(&links).unwrap().collect();
    assert_eq!(left.len(), 1, "nothing beside the link: {left:?}");
    // Quitting names the file the answers were saved in: the copy, not the link.
    let output = s.output();
    let after = &output[output.rfind("\u{1b}[?1049l").unwrap()..];
    let copy_name = copies[0]
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    assert!(
        after.contains("保存しました: ") && after.contains(&copy_name),
        "{after:?}"
    );
}

/// Issue 22.7: a sheet with a second name (a hard link) is saved by writing a new file under
/// the name opened, which parts the names; that is said at opening, before the first save.
#[test]
fn a_hard_linked_sheet_says_at_opening_that_saving_parts_the_names() {
    let dir = tempfile::tempdir().unwrap();
    let file = write_sheet(dir.path());
    std::fs::hard_link(dir.path().join(file), dir.path().join("backup.ron")).unwrap();
    let mut s = start(dir.path(), &[file]);
    s.wait_for("ハードリンク");
    s.send("q");
    let (_, status) = s.wait_exit();
    assert!(status.success());
}

/// Tried as a second user with `su colleague -c 'tenken sheet.ron'`: util-linux `su -c` (like
/// `setsid`) starts the command in a session of its own, with the terminal on its standard
/// input and output but no controlling terminal, so `/dev/tty` never opens. tenken took that
/// for a hung-up terminal and ended after a second with status 129, saying nothing. It must
/// stay, answer, and still notice when that terminal does hang up.
#[test]
fn without_a_controlling_terminal_it_stays_and_still_notices_a_hang_up() {
    let dir = tempfile::tempdir().unwrap();
    let file = write_sheet(dir.path());
    let mut s = Pty::spawn(
        // `setsid -w` waits for tenken; the hang-up must not end it first (as `su` forwards
        // nothing but waits), so it ignores SIGHUP — tenken, in a session of its own, gets none.
        pty::shell(
            dir.path(),
            &format!("trap '' HUP; exec setsid -w \"$BIN\" {file}"),
        ),
        80,
        24,
    );
    s.wait_for("60/123 (48%)");
    // Longer than the loop's idle wait and the watchdog's three seconds.
    std::thread::sleep(Duration::from_millis(3500));
    s.send("3");
    s.wait_for("保存済");
    assert_eq!(
        load(&dir.path().join(file)).score("2-3"),
        Some(Score::Operating)
    );
    s.send(":1-1\r");
    s.send("c");
    s.send("途中まで");
    s.settle();
    s.hang_up();
    let (took, _) = s.wait_exit();
    assert!(took < Duration::from_secs(5), "exit took {took:?}");
    assert_eq!(
        load(&dir.path().join(file)).answers["1-1"].comment,
        "途中まで"
    );
}
