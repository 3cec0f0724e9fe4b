//! Every path on which `App::update` returns effects, with a disk that fails on demand: the
//! key path, a save's outcome (timer and quit), reading last year's sheet, hang-up, paste.

use super::*;
use crate::catalog::{Catalog, Edition};
use crate::sheet::{Notes, Touched};
use crate::tui::app::tests::{PREVIOUS_SHEET, SHEET};
use crate::tui::app::{Mode, Options};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

#[derive(Default)]
struct FakeDisk {
    failing: bool,
    /// Someone else changed the file: every save over it is refused.
    changed: bool,
    /// This user may not replace the file: every save over it is refused.
    denied: bool,
    beside: Vec<Sheet>,
    written: Vec<Sheet>,
    attempts: usize,
    committed: usize,
    /// The committed sheet as the watchdog keeps it: following each hand-over.
    kept: Option<Sheet>,
    draft: Option<(String, Notes)>,
}

impl Disk for FakeDisk {
    fn save(&mut self, sheet: &Sheet) -> Result<(), WriteError> {
        self.attempts += 1;
        if self.changed {
            return Err(WriteError::Changed("changed on disk".into()));
        }
        if self.denied {
            return Err(WriteError::Denied("Permission denied".into()));
        }
        if self.failing {
            return Err(WriteError::Failed("No space left on device".into()));
        }
        self.written.push(sheet.clone());
        Ok(())
    }
    fn save_beside(&mut self, sheet: &Sheet) -> Result<String, String> {
        self.beside.push(sheet.clone());
        self.changed = false;
        self.denied = false;
        Ok("demo.20261126-120000.ron".into())
    }
    fn reload_and_reapply(&mut self, sheet: &Sheet) -> Result<Sheet, String> {
        self.changed = false;
        Ok(sheet.clone())
    }
    fn read_previous(&mut self, file: &Path) -> Result<PreviousSheet, String> {
        if file.ends_with("r7.ron") {
            Ok(PreviousSheet {
                catalog: Catalog::builtin(Edition::Municipal),
                sheet: crate::ron::ron_options().from_str(PREVIOUS_SHEET).unwrap(),
                name: "r7.ron".into(),
            })
        } else {
            Err(format!("{}: not found", file.display()))
        }
    }
    fn committed(&mut self, sheet: &Sheet, touched: &Touched) {
        self.committed += 1;
        match &mut self.kept {
            Some(kept) => kept.follow(sheet, touched),
            None => self.kept = Some(sheet.clone()),
        }
    }
    fn draft(&mut self, draft: Option<Draft<'_>>) {
        self.draft = draft.map(|d| (d.id.to_string(), d.notes(Notes::default())));
    }
}

fn session() -> Session {
    let sheet = crate::ron::ron_options().from_str(SHEET).unwrap();
    let app = App::new(
        Catalog::builtin(Edition::Municipal),
        sheet,
        "demo.ron",
        Options::default(),
    );
    Session::new(app)
}

fn key(s: &mut Session, code: KeyCode, at: Instant, disk: &mut FakeDisk) -> Option<Ending> {
    s.handle(
        Action::Key(KeyEvent::new(code, KeyModifiers::NONE)),
        at,
        disk,
    )
}

/// Types the letter `c`.
fn letter(s: &mut Session, c: char, at: Instant, disk: &mut FakeDisk) -> Option<Ending> {
    key(s, KeyCode::Char(c), at, disk)
}

fn retrying(s: &Session) -> bool {
    crate::tui::view::title::save_state(&s.app)
        .0
        .contains("再試行中")
}

/// A session whose disk fails, with one answer given (so a save is pending and fails).
fn answered_on_a_failing_disk(t0: Instant) -> (Session, FakeDisk) {
    answered_on(
        FakeDisk {
            failing: true,
            ..FakeDisk::default()
        },
        t0,
    )
}

/// A session that has answered `3` at `t0` (not yet written) on `disk`.
fn answered_on(mut disk: FakeDisk, t0: Instant) -> (Session, FakeDisk) {
    let mut s = session();
    assert!(letter(&mut s, '3', t0, &mut disk).is_none());
    (s, disk)
}

/// The same, then `q`: the quit dialog asks about the unsaved change.
fn quit_dialog_on_a_failing_disk(t0: Instant) -> (Session, FakeDisk) {
    let (mut s, mut disk) = answered_on_a_failing_disk(t0);
    assert_eq!(letter(&mut s, 'q', t0, &mut disk), None);
    assert!(matches!(s.app.mode, Mode::QuitUnsaved));
    (s, disk)
}

/// Quitting after only moving writes nothing and says so (`wrote: false`); quitting after an
/// answer waits for its write (`wrote: true`).
#[test]
fn quit_says_whether_the_session_wrote_the_sheet() {
    let (mut s, mut disk, t0) = (session(), FakeDisk::default(), Instant::now());
    assert_eq!(letter(&mut s, 'j', t0, &mut disk), None);
    assert_eq!(
        letter(&mut s, 'q', t0, &mut disk),
        Some(Ending::Saved { wrote: false })
    );
    assert!(disk.written.is_empty());
    let (mut s, mut disk) = answered_on(FakeDisk::default(), t0);
    assert_eq!(
        letter(&mut s, 'q', t0, &mut disk),
        Some(Ending::Saved { wrote: true })
    );
    assert_eq!(disk.written.len(), 1);
}

/// After a quiet spell a change is due at once (the loop writes it as soon as its frame is
/// out: no second wake-up 300 ms later for the same answer); changes within `SAVE_DELAY` of a
/// write wait for it and go together, so a burst is still at most one write per delay.
#[test]
fn key_path_writes_at_once_then_coalesces_within_the_delay() {
    let (mut s, mut disk, t0) = (session(), FakeDisk::default(), Instant::now());
    assert_eq!(letter(&mut s, '3', t0, &mut disk), None);
    assert_eq!(letter(&mut s, '2', t0, &mut disk), None);
    assert_eq!(
        s.deadline(),
        Some(t0),
        "the first change after a quiet spell is due now"
    );
    s.share(&mut disk);
    assert_eq!(disk.committed, 1, "a burst hands the sheet over once");
    assert_eq!(s.tick(t0, &mut disk), None);
    assert_eq!(disk.written.len(), 1, "both answers in one write");
    assert!(!s.app.save.dirty);
    assert_eq!(s.deadline(), None);

    // Another answer right after the write waits out the delay, with the next one.
    let t1 = t0 + SAVE_DELAY / 3;
    assert_eq!(letter(&mut s, '3', t1, &mut disk), None);
    assert_eq!(s.deadline(), Some(t0 + SAVE_DELAY));
    assert_eq!(s.tick(t1, &mut disk), None);
    assert_eq!(disk.attempts, 1, "not yet due");
    let t2 = t0 + SAVE_DELAY / 2;
    assert_eq!(letter(&mut s, '2', t2, &mut disk), None);
    assert_eq!(
        s.deadline(),
        Some(t0 + SAVE_DELAY),
        "the pending write is not pushed back"
    );
    assert_eq!(s.tick(t0 + SAVE_DELAY, &mut disk), None);
    assert_eq!(disk.written.len(), 2);

    // A quiet spell again: the next change is due at once.
    let t3 = t0 + SAVE_DELAY * 3;
    assert_eq!(letter(&mut s, '3', t3, &mut disk), None);
    assert_eq!(s.deadline(), Some(t3));
}

#[test]
fn a_failed_timed_write_is_retried_on_the_apps_schedule() {
    let t0 = Instant::now();
    let (mut s, mut disk) = answered_on_a_failing_disk(t0);
    let t1 = t0 + SAVE_DELAY;
    assert_eq!(s.tick(t1, &mut disk), None);
    assert!(retrying(&s));
    assert_eq!(s.deadline(), Some(t1 + App::RETRY_AFTER));
    let t2 = t1 + App::RETRY_AFTER;
    assert_eq!(s.tick(t2, &mut disk), None);
    assert_eq!(disk.attempts, 2);
    assert_eq!(s.deadline(), Some(t2 + App::RETRY_AFTER), "still retrying");
    disk.failing = false;
    assert_eq!(s.tick(t2 + App::RETRY_AFTER, &mut disk), None);
    assert_eq!(disk.written.len(), 1);
    assert!(!retrying(&s));
}

/// The reported defect: a failed save at quit, then Esc in the dialog, stopped the retries
/// for good while the title still said 保存失敗・再試行中.
#[test]
fn quit_with_a_failed_save_then_esc_keeps_retrying() {
    let t0 = Instant::now();
    let (mut s, mut disk) = quit_dialog_on_a_failing_disk(t0);
    assert_eq!(key(&mut s, KeyCode::Esc, t0, &mut disk), None);
    assert!(matches!(s.app.mode, Mode::Normal));
    assert!(retrying(&s));
    let due = s.deadline().expect("a retry is scheduled");
    assert!(due <= t0 + App::RETRY_AFTER);
    disk.failing = false;
    assert_eq!(s.tick(due, &mut disk), None, "still in the session");
    assert_eq!(disk.written.len(), 1);
    assert!(!retrying(&s));
    assert_eq!(
        letter(&mut s, 'q', due, &mut disk),
        Some(Ending::Saved { wrote: true })
    );
}

#[test]
fn a_retry_that_succeeds_while_the_quit_dialog_is_open_quits() {
    let t0 = Instant::now();
    let (mut s, mut disk) = quit_dialog_on_a_failing_disk(t0);
    disk.failing = false;
    let due = s.deadline().unwrap();
    assert_eq!(s.tick(due, &mut disk), Some(Ending::Saved { wrote: true }));
    assert_eq!(disk.written.len(), 1);
}

#[test]
fn quit_dialog_retry_and_discard() {
    let t0 = Instant::now();
    let (mut s, mut disk) = quit_dialog_on_a_failing_disk(t0);
    // r: write now; still failing, so the dialog stays and retries stay scheduled.
    assert_eq!(letter(&mut s, 'r', t0, &mut disk), None);
    assert!(matches!(s.app.mode, Mode::QuitUnsaved));
    assert!(s.deadline().is_some());
    disk.failing = false;
    assert_eq!(
        letter(&mut s, 'r', t0, &mut disk),
        Some(Ending::Saved { wrote: true })
    );
    let (mut s, mut disk) = answered_on_a_failing_disk(t0);
    let _ = letter(&mut s, 'q', t0, &mut disk);
    assert_eq!(letter(&mut s, 'Q', t0, &mut disk), Some(Ending::Discarded));
}

/// Issue 22.5: when the last save failed, the dialog offers saving beside the file (`b`), so
/// the edits are never lost when the file itself cannot be written.
#[test]
fn the_failed_save_dialog_offers_save_beside() {
    let t0 = Instant::now();
    let (mut s, mut disk) = quit_dialog_on_a_failing_disk(t0);
    assert_eq!(
        letter(&mut s, 'b', t0, &mut disk),
        Some(Ending::Saved { wrote: true })
    );
    assert_eq!(disk.beside.len(), 1);
    assert!(disk.written.is_empty());
}

/// Issue 22.5: a save refused for permissions (the file may not be replaced here) opens the
/// dialog at once, without retrying in a loop; `b` saves beside it and edits the copy.
#[test]
fn a_save_refused_for_permissions_offers_save_beside() {
    let t0 = Instant::now();
    let (mut s, mut disk) = answered_on(
        FakeDisk {
            denied: true,
            ..FakeDisk::default()
        },
        t0,
    );
    assert!(s.tick(t0 + SAVE_DELAY, &mut disk).is_none());
    assert!(matches!(s.app.mode, Mode::QuitUnsaved));
    assert_eq!(s.deadline(), None, "not retried");
    assert!(letter(&mut s, 'b', t0 + SAVE_DELAY, &mut disk).is_none());
    assert_eq!(disk.beside.len(), 1);
    assert!(!s.app.save.dirty);
    assert!(matches!(s.app.mode, Mode::Normal));
    // On a hang-up too, the work goes beside the file.
    let mut s = session();
    disk.denied = true;
    assert!(letter(&mut s, '3', t0, &mut disk).is_none());
    assert_eq!(s.hang_up(t0, &mut disk), Ending::Hangup(Ok(())));
    assert_eq!(disk.beside.len(), 2);
}

#[test]
fn reading_last_years_sheet_reports_back_to_the_app() {
    let (mut s, mut disk, t0) = (session(), FakeDisk::default(), Instant::now());
    for (file, loaded) in [("nowhere.ron", false), ("last/r7.ron", true)] {
        let _ = letter(&mut s, 'v', t0, &mut disk);
        for c in file.chars() {
            let _ = key(&mut s, KeyCode::Char(c), t0, &mut disk);
        }
        assert_eq!(key(&mut s, KeyCode::Enter, t0, &mut disk), None);
        assert_eq!(s.app.previous.is_some(), loaded, "{file}");
        let message = s.app.message.clone().unwrap_or_default();
        assert!(message.contains(if loaded { "前年" } else { "not found" }));
    }
}

#[test]
fn hang_up_writes_the_text_being_typed_once_and_ends() {
    let (mut s, mut disk, t0) = (session(), FakeDisk::default(), Instant::now());
    s.app.go_to_item(s.app.catalog.position("1-1").unwrap());
    let _ = letter(&mut s, 'c', t0, &mut disk);
    for c in "途中".chars() {
        let _ = key(&mut s, KeyCode::Char(c), t0, &mut disk);
    }
    s.share(&mut disk);
    let (id, answer) = disk.draft.clone().expect("the draft is shared");
    assert_eq!((id.as_str(), answer.comment.as_str()), ("1-1", "途中"));
    assert_eq!(s.hang_up(t0, &mut disk), Ending::Hangup(Ok(())));
    assert_eq!(disk.written.last().unwrap().answers["1-1"].comment, "途中");

    let (mut s, mut disk) = answered_on_a_failing_disk(t0);
    match s.hang_up(t0, &mut disk) {
        Ending::Hangup(Err(why)) => assert!(why.contains("No space")),
        other => panic!("{other:?}"),
    }
    assert_eq!(disk.attempts, 1, "one attempt, no retries");

    let (mut s, mut disk) = (session(), FakeDisk::default());
    assert_eq!(s.hang_up(t0, &mut disk), Ending::Hangup(Ok(())));
    assert_eq!(disk.attempts, 0, "nothing to write");
}

#[test]
fn a_paste_goes_into_the_editor_in_one_piece() {
    let (mut s, mut disk, t0) = (session(), FakeDisk::default(), Instant::now());
    s.app.go_to_item(s.app.catalog.position("1-1").unwrap());
    let _ = s.handle(Action::Paste("3210".into()), t0, &mut disk);
    assert!(
        !s.app.save.dirty,
        "a paste outside an editor runs no commands"
    );
    assert!(s.app.message.is_some());
    let _ = letter(&mut s, 'c', t0, &mut disk);
    let _ = s.handle(
        Action::Paste("一行目\r\n二行目\r三\u{1b}[2J行目".into()),
        t0,
        &mut disk,
    );
    let _ = key(&mut s, KeyCode::Esc, t0, &mut disk);
    assert_eq!(
        s.app.sheet.answers["1-1"].comment,
        "一行目\n二行目\n三[2J行目"
    );
}

/// A session that has answered `3` on a disk where someone else has changed the file.
fn answered_over_a_change() -> (Session, FakeDisk, Instant) {
    let t0 = Instant::now();
    let (s, disk) = answered_on(
        FakeDisk {
            changed: true,
            ..FakeDisk::default()
        },
        t0,
    );
    (s, disk, t0)
}

#[test]
fn a_conflict_is_not_retried_and_save_beside_writes_elsewhere() {
    let (mut s, mut disk, t0) = answered_over_a_change();
    assert!(s.tick(t0 + SAVE_DELAY, &mut disk).is_none());
    assert_eq!(disk.attempts, 1);
    assert!(s.app.save.conflict);
    assert!(matches!(s.app.mode, Mode::Conflict));
    // No retry is scheduled: writing over someone else's change would never be right.
    assert_eq!(s.deadline(), None);
    // And the title does not say there is one (it said 保存失敗・再試行中).
    let (state, failed) = crate::tui::view::title::save_state(&s.app);
    assert!(failed && !retrying(&s), "{state}");
    assert!(state.starts_with("未保存・他で変更されています"), "{state}");
    assert!(letter(&mut s, 'b', t0 + SAVE_DELAY, &mut disk).is_none());
    assert_eq!(disk.beside.len(), 1);
    assert!(disk.written.is_empty());
    assert!(!s.app.save.dirty);
}

#[test]
fn hang_up_during_a_conflict_saves_beside() {
    let (mut s, mut disk, t0) = answered_over_a_change();
    let ending = s.hang_up(t0, &mut disk);
    assert_eq!(ending, Ending::Hangup(Ok(())));
    assert_eq!(disk.beside.len(), 1);
    assert!(disk.written.is_empty());
}

/// Issue 22.2: a save that fell due while the header form was open wrote the half-edited
/// header; after the field was restored and the form closed, nothing was saved again and `q`
/// quit "saved" with the file holding the half edit (例 for 例市; 重要機能室 なし for あり).
#[test]
fn a_save_due_while_the_header_form_is_open_never_leaves_the_half_edit_on_disk() {
    use crate::tui::form::FieldId;
    let restore_org = |s: &mut Session, disk: &mut FakeDisk, t: Instant| {
        let _ = key(s, KeyCode::Backspace, t, disk);
        assert_eq!(s.app.sheet.organization, "例", "applied live, as before");
        assert_eq!(s.tick(t + SAVE_DELAY, disk), None);
        let _ = key(s, KeyCode::Char('市'), t + SAVE_DELAY, disk);
    };
    let restore_room = |s: &mut Session, disk: &mut FakeDisk, t: Instant| {
        for _ in 0..20 {
            let Mode::Header(form) = &s.app.mode else {
                panic!("form closed")
            };
            if form.focused() == FieldId::Profile(0) {
                break;
            }
            let _ = key(s, KeyCode::Tab, t, disk);
        }
        let _ = key(s, KeyCode::Char('n'), t, disk);
        assert_eq!(s.app.sheet.profile.get("important_room"), Some(&false));
        assert_eq!(s.tick(t + SAVE_DELAY, disk), None);
        let _ = key(s, KeyCode::Char('y'), t + SAVE_DELAY, disk);
    };
    type Restore = dyn Fn(&mut Session, &mut FakeDisk, Instant);
    for (what, restore) in [
        ("organization", &restore_org as &Restore),
        ("important room", &restore_room as &Restore),
    ] {
        let (mut s, mut disk, t0) = (session(), FakeDisk::default(), Instant::now());
        let shown = s.app.sheet.clone();
        // An answer: a save is pending when the form opens.
        let _ = letter(&mut s, '3', t0, &mut disk);
        let _ = letter(&mut s, 'i', t0, &mut disk);
        restore(&mut s, &mut disk, t0);
        let t1 = t0 + SAVE_DELAY;
        let _ = key(&mut s, KeyCode::Esc, t1, &mut disk);
        assert!(matches!(s.app.mode, Mode::Normal), "{what}");
        let _ = s.tick(t1 + SAVE_DELAY, &mut disk);
        assert_eq!(
            letter(&mut s, 'q', t1 + SAVE_DELAY, &mut disk),
            Some(Ending::Saved { wrote: true })
        );
        let on_disk = disk.written.last().expect("saved");
        assert_eq!(on_disk.organization, shown.organization, "{what}");
        assert_eq!(on_disk.profile, shown.profile, "{what}");
        assert_eq!(on_disk.organization, s.app.sheet.organization, "{what}");
        assert_eq!(on_disk.profile, s.app.sheet.profile, "{what}");
        assert!(
            disk.written.iter().all(|w| w.organization == "例市"
                && w.profile.get("important_room") == Some(&true)),
            "{what}: a half edit was written"
        );
    }
}

/// #21.3: an input method's commit (「年2回開催」) arrives as a burst of characters. Outside
/// an editor its `2` used to answer the item: the burst is held as one run and refused whole.
#[test]
fn a_burst_of_japanese_text_outside_an_editor_changes_nothing() {
    let (mut s, mut disk, t0) = (session(), FakeDisk::default(), Instant::now());
    let before = s.app.sheet.clone();
    let cursor = s.app.cursor;
    let mut run = TypedRun::default();
    for c in "年2回開催".chars() {
        assert!(run.take(&KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)));
    }
    assert_eq!(s.handle_all(run.flush(), t0, &mut disk), None);
    assert_eq!(s.app.sheet, before, "nothing answered");
    assert_eq!(s.app.cursor, cursor, "nothing moved");
    assert!(
        s.app
            .message
            .as_deref()
            .unwrap()
            .contains("何も変更していません")
    );
    // In an editor the same burst is text.
    let _ = letter(&mut s, 'c', t0, &mut disk);
    for c in "年2回開催".chars() {
        assert!(run.take(&KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)));
    }
    let _ = s.handle_all(run.flush(), t0, &mut disk);
    let _ = key(&mut s, KeyCode::Esc, t0, &mut disk);
    let id = s
        .app
        .catalog
        .item_at(s.app.catalog.path_at(s.app.current_item().unwrap()))
        .id
        .clone();
    assert_eq!(s.app.sheet.notes_of(&id).unwrap().comment, "年2回開催");
    // ASCII keys stay keys, one by one (Enter and Tab among them); other keys are not held.
    // (A new burst: the one before ended with another kind of key, Esc.)
    let mut run = TypedRun::default();
    for c in "3j".chars() {
        assert!(run.take(&KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)));
    }
    assert!(!run.take(&KeyEvent::new(KeyCode::Char('r'), KeyModifiers::CONTROL)));
    assert!(!run.take(&KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE)));
    assert!(run.take(&KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)));
    let actions = run.flush();
    assert_eq!(actions.len(), 3);
    assert!(actions.iter().all(|a| matches!(a, Action::Key(_))));
    assert!(run.flush().is_empty());
}

/// A paste without bracketed paste: its line breaks and tabs are held in the run with its
/// text, so the ASCII lines after the text (a date, a number) are text too, not commands; and
/// a run that begins right after text (the rest of a paste longer than a batch) is text
/// whatever its characters, until another kind of key ends the burst.
#[test]
fn a_burst_is_text_to_its_end_across_line_breaks_tabs_and_batches() {
    let press = |run: &mut TypedRun, text: &str| {
        for c in text.chars() {
            let key = match c {
                '\r' => KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE),
                '\n' => KeyEvent::new(KeyCode::Char('j'), KeyModifiers::CONTROL),
                '\t' => KeyEvent::new(KeyCode::Tab, KeyModifiers::NONE),
                c => KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE),
            };
            assert!(run.take(&key), "{c:?} held");
        }
    };
    let mut run = TypedRun::default();
    press(&mut run, "会議録\r3\t2\n1");
    assert_eq!(run.flush(), vec![Action::Paste("会議録\n3\t2\n1".into())]);
    // The next batch, at once: the rest of the same paste.
    press(&mut run, "2026-04-01\r");
    assert_eq!(run.flush(), vec![Action::Paste("2026-04-01\n".into())]);
    // After the gap, keys again.
    std::thread::sleep(PASTE_GAP);
    press(&mut run, "3j");
    assert_eq!(run.flush().len(), 2);
    // Another kind of key ends the burst at once.
    press(&mut run, "表");
    assert_eq!(run.end(), vec![Action::Paste("表".into())]);
    press(&mut run, "3");
    assert!(matches!(run.flush()[..], [Action::Key(_)]));
}

/// The watchdog's copy follows only the items the hand-over names: after any keys, it equals
/// the committed sheet (answers, clears, flags, notes typed and closed, undo and redo, a
/// heading answered whole, last year's answers taken, the header form).
#[test]
fn the_kept_copy_follows_every_change() {
    use proptest::prelude::*;
    use proptest::test_runner::{Config, TestRunner};
    let mut keys: Vec<KeyCode> = "0123 xyfjkhceあurtTCi".chars().map(KeyCode::Char).collect();
    keys.extend([
        KeyCode::Tab,
        KeyCode::Enter,
        KeyCode::Esc,
        KeyCode::Backspace,
    ]);
    let mut runner = TestRunner::new(Config {
        cases: 200,
        ..Config::default()
    });
    runner
        .run(
            &proptest::collection::vec((0..keys.len(), any::<bool>()), 1..60),
            |presses| {
                let (mut s, mut disk) = (session(), FakeDisk::default());
                let t0 = Instant::now();
                for c in "vr7.ron".chars() {
                    let _ = letter(&mut s, c, t0, &mut disk);
                }
                let _ = key(&mut s, KeyCode::Enter, t0, &mut disk);
                prop_assert!(s.app.previous.is_some());
                for (i, (k, ctrl)) in presses.into_iter().enumerate() {
                    let code = keys[k];
                    let modifiers = if ctrl && code == KeyCode::Char('r') {
                        KeyModifiers::CONTROL
                    } else {
                        KeyModifiers::NONE
                    };
                    let at = t0 + Duration::from_millis(10 * i as u64);
                    if s.handle(Action::Key(KeyEvent::new(code, modifiers)), at, &mut disk)
                        .is_some()
                    {
                        break;
                    }
                    s.share(&mut disk);
                    if let Some(kept) = &disk.kept {
                        let follows = *kept == *s.app.committed_sheet();
                        prop_assert!(follows, "after key {}: {:?}", i, code);
                    }
                }
                Ok(())
            },
        )
        .unwrap();
}
