//! Issue 11, file integrity: a sheet that loads also saves (unknown fields with comments, raw
//! identifiers), every file name saves, and input files are regular files read with a bound.

use std::fs;

use tenken::store;

const HEAD: &str = "(format: 1, catalog: (id: \"juki-municipal\", revision: \"H19\"), \
     organization: \"例市\", fiscal_year: 2026, respondent: \"\", profile: {}, answers: {},";

/// Loads `src`, saves it, loads it again: the same sheet, and the save did not fail.
fn load_save_load(src: &str) -> tenken::sheet::Sheet {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.ron");
    fs::write(&path, src).unwrap();
    let first = store::load_sheet(&path).unwrap_or_else(|e| panic!("{e}\n{src}"));
    store::save_sheet(&path, &first).unwrap_or_else(|e| panic!("{e}\n{src}"));
    let second = store::load_sheet(&path).unwrap();
    assert_eq!(first, second, "{}", fs::read_to_string(&path).unwrap());
    second
}

#[test]
fn an_unknown_field_followed_by_a_line_comment_saves() {
    let s = load_save_load(&format!("{HEAD}\n    reviewed_by: \"山田\" // 確認者\n)"));
    assert_eq!(
        s.extra,
        [("reviewed_by".to_string(), "\"山田\"".to_string())]
    );
    let s = load_save_load(&format!(
        "{HEAD}\n  x: /* a */ (a: 1, // inside\n b: \"//\") /* b */ // c\n, y: r#\"//\"# // d\n)"
    ));
    assert_eq!(s.extra[0].1, "(a: 1, // inside\n b: \"//\")");
    assert_eq!(s.extra[1].1, "r#\"//\"#");
}

#[test]
fn raw_identifiers_survive_a_save() {
    let s = load_save_load(&format!(
        "{HEAD} r#x: 1, r#a-b.c+d: 2, r#type: 3, r#true: 4)"
    ));
    let keys: Vec<&str> = s.extra.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(keys, ["x", "a-b.c+d", "type", "true"]);
}

fn sheet(org: &str) -> tenken::sheet::Sheet {
    let mut s = tenken::sheet::Sheet::new(
        tenken::sheet::CatalogRef {
            id: "juki-municipal".into(),
            revision: "H19".into(),
        },
        org,
        tenken::fiscal::FiscalYear(2026),
        time::macros::datetime!(2026-11-25 10:00 +9),
    );
    s.set_score(
        "1-1",
        tenken::sheet::Score::Operating,
        time::macros::datetime!(2026-11-25 10:01 +9),
    );
    s
}

fn names(dir: &std::path::Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// Issue 11.6: a name of 80 kanji (240 bytes + `.ron`) opens, locks and saves; every file
/// tenken makes beside it stays within 255 bytes.
#[test]
fn a_name_of_80_kanji_locks_and_saves() {
    let dir = tempfile::tempdir().unwrap();
    for n in [80usize, 83] {
        let name = format!("{}.ron", "点".repeat(n));
        assert!(name.len() <= 255);
        let path = dir.path().join(&name);
        store::create_sheet(&path, &sheet("一")).unwrap();
        let lock = store::lock_sheet(&path).unwrap();
        assert!(lock.lock_path().file_name().unwrap().len() <= 255);
        let mut file = store::SheetFile::open(&path).unwrap();
        file.load().unwrap();
        file.save(&sheet("二")).unwrap();
        store::save_sheet(&path, &sheet("三")).unwrap();
        assert_eq!(store::load_sheet(&path).unwrap().organization, "三");
        drop(lock);
        assert_eq!(names(dir.path()), std::slice::from_ref(&name));
        fs::remove_file(&path).unwrap();
    }
}

/// Issue 11.3: a file changed on disk since it was loaded (another editor, a restore, a hand
/// edit — also one of the same size and time) is not overwritten; the session keeps its work,
/// can save it beside the file, or re-apply its changes to the new contents.
#[test]
fn a_change_on_disk_is_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.ron");
    let (mut file, base) = saved_and_loaded(&path);
    let mut mine = base.clone();
    mine.set_score(
        "1-2",
        tenken::sheet::Score::Documented,
        time::macros::datetime!(2026-11-25 11:00 +9),
    );
    file.save(&mine).unwrap();

    // 1. Replaced by another editor (a new inode).
    let mut theirs = mine.clone();
    theirs.respondent = "他の人".into();
    store::save_sheet(&path, &theirs).unwrap();
    let on_disk = fs::read(&path).unwrap();
    mine.set_score(
        "1-3",
        tenken::sheet::Score::NotInPlace,
        time::macros::datetime!(2026-11-25 11:01 +9),
    );
    match file.save(&mine) {
        Err(store::SaveError::Changed(e)) => assert!(e.to_string().contains("someone else"), "{e}"),
        other => panic!("expected Changed, got {other:?}"),
    }
    assert_eq!(fs::read(&path).unwrap(), on_disk);
    // Re-apply: their respondent and my new answer both survive.
    let merged = file.reload_and_reapply(&mine).unwrap();
    assert_eq!(merged.respondent, "他の人");
    assert!(merged.answers.contains_key("1-3"));
    file.save(&merged).unwrap();
    assert_eq!(store::load_sheet(&path).unwrap(), merged);

    // 2. Edited in place, same size, same modification time: the bytes tell.
    let edited = edit_in_place_keeping_size_and_time(&path);
    assert!(matches!(
        file.save(&merged),
        Err(store::SaveError::Changed(_))
    ));
    assert_eq!(fs::read_to_string(&path).unwrap(), edited);

    // 3. Removed: not silently re-created either; saved beside it instead.
    fs::remove_file(&path).unwrap();
    assert!(matches!(
        file.save(&merged),
        Err(store::SaveError::Changed(_))
    ));
    let beside = file
        .save_beside(&merged, time::macros::datetime!(2026-11-25 12:00 +9))
        .unwrap();
    assert_eq!(beside.path(), dir.path().join("s.20261125-120000.ron"));
    assert_eq!(store::load_sheet(beside.path()).unwrap(), merged);
    assert!(!path.exists());
}

/// The bytes loaded are what the first save compares with: an edit in place of the same size
/// and modification time made before it is someone else's change too.
#[test]
fn an_edit_of_the_same_size_and_time_before_the_first_save_is_found() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.ron");
    let (mut file, mine) = saved_and_loaded(&path);
    let edited = edit_in_place_keeping_size_and_time(&path);
    assert!(matches!(
        file.save(&mine),
        Err(store::SaveError::Changed(_))
    ));
    assert_eq!(fs::read_to_string(&path).unwrap(), edited);
}

/// A sheet saved at `path`, then opened and loaded as the interview does.
/// A sheet restored from a backup over itself while the interview holds it (`cp backup.ron
/// s.ron`: the same file written in place): re-applying the session's changes failed with
/// 「このファイルに書き込める別のプロセスが書き込み用にロックしています」 — the session's own
/// lock on that file taken for another's — and only saving beside it was left.
#[test]
fn re_applying_over_a_file_rewritten_in_place_keeps_the_sessions_lock() {
    use std::os::unix::fs::MetadataExt as _;
    use tenken::sheet::Score;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.ron");
    store::save_sheet(&path, &sheet("元")).unwrap();
    let backup = fs::read(&path).unwrap();
    let mut file = store::SheetFile::open(&path).unwrap();
    let _lock = store::lock_file(&mut file).unwrap();
    let mut mine = file.load().unwrap();
    mine.set_score(
        "1-2",
        Score::Documented,
        time::macros::datetime!(2026-11-25 11:00 +9),
    );
    file.save(&mine).unwrap();
    let inode = fs::metadata(&path).unwrap().ino();
    fs::write(&path, &backup).unwrap();
    assert_eq!(
        fs::metadata(&path).unwrap().ino(),
        inode,
        "written in place"
    );
    mine.set_score(
        "1-3",
        Score::NotInPlace,
        time::macros::datetime!(2026-11-25 11:01 +9),
    );
    assert!(matches!(
        file.save(&mine),
        Err(store::SaveError::Changed(_))
    ));
    let merged = file
        .reload_and_reapply(&mine)
        .unwrap_or_else(|e| panic!("{e}"));
    // The restore's content, and this session's change since its last save on top.
    assert!(!merged.answers.contains_key("1-2") && merged.answers.contains_key("1-3"));
    file.save(&merged).unwrap();
    assert_eq!(store::load_sheet(&path).unwrap(), merged);
    // Still this session's: another tenken is told it is held.
    assert!(matches!(
        store::lock_sheet(&path),
        Err(store::LockError::Held(_))
    ));
}

fn saved_and_loaded(path: &std::path::Path) -> (store::SheetFile, tenken::sheet::Sheet) {
    store::save_sheet(path, &sheet("元")).unwrap();
    let mut file = store::SheetFile::open(path).unwrap();
    let loaded = file.load().unwrap();
    (file, loaded)
}

/// Someone else's edit of the sheet at `path` in place (a 3 made a 2), with the file's size
/// and modification time as they were; returns the text written.
fn edit_in_place_keeping_size_and_time(path: &std::path::Path) -> String {
    let text = fs::read_to_string(path).unwrap();
    let mtime = fs::metadata(path).unwrap().modified().unwrap();
    let edited = text.replacen("score: 3", "score: 2", 1);
    assert_ne!(edited, text);
    assert_eq!(edited.len(), text.len());
    let f = fs::OpenOptions::new().write(true).open(path).unwrap();
    std::io::Write::write_all(&mut &f, edited.as_bytes()).unwrap();
    f.set_modified(mtime).unwrap();
    edited
}

/// Issue 11.11: the sheet swapped for a symbolic link (to a file the editor may write) after
/// opening: the save neither follows nor replaces it.
#[test]
fn a_sheet_swapped_for_a_link_is_not_written_through() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.ron");
    let victim = dir.path().join("victim.txt");
    fs::write(&victim, "root only").unwrap();
    let (mut file, s) = saved_and_loaded(&path);
    fs::remove_file(&path).unwrap();
    std::os::unix::fs::symlink(&victim, &path).unwrap();
    assert!(matches!(file.save(&s), Err(store::SaveError::Changed(_))));
    assert_eq!(fs::read_to_string(&victim).unwrap(), "root only");
    assert!(
        fs::symlink_metadata(&path)
            .unwrap()
            .file_type()
            .is_symlink()
    );

    // The directory swapped for a link after opening: the save still goes to the directory
    // opened.
    let a = dir.path().join("a");
    let b = dir.path().join("b");
    fs::create_dir(&a).unwrap();
    fs::create_dir(&b).unwrap();
    let path = a.join("s.ron");
    let (mut file, s) = saved_and_loaded(&path);
    fs::rename(&a, dir.path().join("a-moved")).unwrap();
    std::os::unix::fs::symlink(&b, &a).unwrap();
    file.save(&s).unwrap();
    assert_eq!(names(&b), Vec::<String>::new());
    assert_eq!(names(&dir.path().join("a-moved")), ["s.ron"]);
}

/// Issue 11.4: one editor per file: a hard link is the same sheet, and saving through one
/// name moves the lock to the new file.
#[test]
fn a_hard_link_is_locked_with_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.ron");
    let b = dir.path().join("b.ron");
    store::save_sheet(&a, &sheet("元")).unwrap();
    fs::hard_link(&a, &b).unwrap();
    let mut file = store::SheetFile::open(&a).unwrap();
    let s = file.load().unwrap();
    let lock = store::lock_file(&mut file).unwrap();
    assert!(matches!(
        store::lock_sheet(&b),
        Err(store::LockError::Held(_))
    ));
    // After a save, a.ron is a new file: it is still locked, under any name.
    file.save(&s).unwrap();
    let c = dir.path().join("c.ron");
    fs::hard_link(&a, &c).unwrap();
    assert!(matches!(
        store::lock_sheet(&c),
        Err(store::LockError::Held(_))
    ));
    drop(lock);
    drop(file);
    crate::util::wait_until_unlocked(&c);
    store::lock_sheet(&c).unwrap();
}

/// Issue 22.11: anyone who may read the sheet could take a shared `flock` on it
/// (`flock -s s.ron sleep 10`), and the owner's tenken then opened it read-only saying
/// another tenken had it open "under another name (a hard link)". The lock on the file is one
/// only a process that may write it can take; a reader's `flock`, shared or exclusive, does
/// not stop the editor, and a hard link is still found locked.
#[test]
fn a_readers_flock_does_not_stop_the_editor() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.ron");
    store::save_sheet(&a, &sheet("元")).unwrap();
    for exclusive in [false, true] {
        crate::util::wait_until_unlocked(&a);
        let reader = fs::File::open(&a).unwrap();
        if exclusive {
            reader.lock().unwrap();
        } else {
            reader.lock_shared().unwrap();
        }
        let mut file = store::SheetFile::open(&a).unwrap();
        let s = file.load().unwrap();
        let lock = store::lock_file(&mut file)
            .unwrap_or_else(|e| panic!("a reader's flock (exclusive: {exclusive}): {e}"));
        file.save(&s).unwrap();
        let b = dir.path().join("b.ron");
        fs::hard_link(&a, &b).unwrap();
        let e = store::lock_sheet(&b).unwrap_err();
        assert!(matches!(e, store::LockError::Held(_)), "{e}");
        fs::remove_file(&b).unwrap();
        drop((lock, file, reader));
    }
}

/// Issue 22.11, follow-up: a stale lock file (`.NAME.lock` left by a crash) is readable by the
/// group when the sheet is, and anyone who may read it could `flock` it, after which the owner's
/// tenken took it for held and opened the sheet read-only. The lock file's kernel lock is one
/// only a process that may write the lock file can take: a reader's `flock` (shared or
/// exclusive) or `fcntl` read lock on it stops no one; the stale lock is taken over.
#[test]
fn a_readers_lock_on_a_stale_lock_file_does_not_stop_the_owner() {
    use std::io::Write as _;
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.ron");
    store::save_sheet(&a, &sheet("元")).unwrap();
    let stale = dir.path().join(".a.ron.lock");
    for how in ["flock -s", "flock -x", "fcntl read lock"] {
        crate::util::wait_until_unlocked(&a);
        let mut left = fs::File::create(&stale).unwrap();
        left.write_all(b"(host: \"elsewhere\", pid: 4242, since: \"2026-11-25T10:00:00+09:00\")\n")
            .unwrap();
        drop(left);
        let reader = fs::File::open(&stale).unwrap();
        match how {
            "flock -s" => reader.lock_shared().unwrap(),
            "flock -x" => reader.lock().unwrap(),
            _ => crate::util::fcntl_lock(&reader, false).unwrap(),
        }
        let lock = store::lock_sheet(&a).unwrap_or_else(|e| panic!("a reader's {how}: {e}"));
        assert_eq!(
            lock.recovered().map(|i| i.host.as_str()),
            Some("elsewhere"),
            "{how}"
        );
        // And it is a real lock: a second editor finds it held.
        assert!(
            matches!(store::lock_sheet(&a), Err(store::LockError::Held(_))),
            "{how}"
        );
        drop((lock, reader));
    }
}

/// Issue 11.5: creation never overwrites a file that appeared after opening.
#[test]
fn creation_never_overwrites_a_file_that_appeared() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.ron");
    let mut file = store::SheetFile::open(&path).unwrap();
    let _lock = store::lock_file(&mut file).unwrap();
    // `tenken new` in another terminal, while the start form is open.
    fs::write(&path, "他の人のシート").unwrap();
    let e = file.create(&sheet("私")).unwrap_err();
    assert!(e.to_string().contains("already exists"), "{e}");
    assert_eq!(fs::read_to_string(&path).unwrap(), "他の人のシート");
    // A plain save of a never-loaded file is create-only too.
    assert!(matches!(
        file.save(&sheet("私")),
        Err(store::SaveError::Changed(_))
    ));
    assert_eq!(fs::read_to_string(&path).unwrap(), "他の人のシート");
}

/// Issue 11.10: a lock file planted as a symbolic link (to a file, or dangling), a hard link
/// or a FIFO is never written, created through or waited on: the sheet is not lockable, and
/// the caller opens it read-only saying why.
#[test]
fn a_planted_lock_file_is_never_followed_or_written() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.ron");
    store::save_sheet(&path, &sheet("元")).unwrap();
    let lock = dir.path().join(".s.ron.lock");
    let victim = dir.path().join("victim.txt");
    fs::write(&victim, "precious").unwrap();
    let check = |what: &str| match store::lock_sheet(&path) {
        Err(store::LockError::Unusable(e)) => {
            assert!(e.to_string().contains("lock file"), "{what}: {e}");
        }
        other => panic!("{what}: expected Unusable, got {other:?}"),
    };
    std::os::unix::fs::symlink(&victim, &lock).unwrap();
    check("symlink");
    assert_eq!(fs::read_to_string(&victim).unwrap(), "precious");
    fs::remove_file(&lock).unwrap();
    let target = dir.path().join("created-through-link");
    std::os::unix::fs::symlink(&target, &lock).unwrap();
    check("dangling symlink");
    assert!(!target.exists());
    fs::remove_file(&lock).unwrap();
    fs::hard_link(&victim, &lock).unwrap();
    check("hard link");
    assert_eq!(fs::read_to_string(&victim).unwrap(), "precious");
    fs::remove_file(&lock).unwrap();
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&lock)
            .status()
            .unwrap()
            .success()
    );
    check("FIFO");
}

/// Issue 11.14: a FIFO named like a sheet is refused at once, not read forever.
#[test]
fn a_fifo_is_not_a_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("x.ron");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let (tx, rx) = std::sync::mpsc::channel();
    let f = fifo.clone();
    std::thread::spawn(move || {
        let _ = tx.send(store::load_sheet_for_reading(&f).map(|_| ()));
    });
    let r = rx
        .recv_timeout(std::time::Duration::from_secs(5))
        .expect("reading a FIFO must not hang");
    let e = r.unwrap_err();
    assert!(e.to_string().contains("FIFO"), "{e}");
    let e = store::read_limited(std::path::Path::new("/dev/zero"), 1024).unwrap_err();
    assert!(e.to_string().contains("device"), "{e}");
}

/// Issue 11.15: an item answered twice, a profile key given twice and an implausible fiscal
/// year are refused by every reader (the reading-only parse of aggregate, diff, new --from as
/// well as the editor's).
#[test]
fn duplicates_and_implausible_years_are_refused_by_every_reader() {
    let base = "(format: 1, catalog: (id: \"juki-municipal\", revision: \"H19\"), \
         organization: \"例市\", fiscal_year: FY, respondent: \"\", profile: PROFILE, answers: ANSWERS)";
    let make = |fy: &str, profile: &str, answers: &str| {
        base.replace("FY", fy)
            .replace("PROFILE", profile)
            .replace("ANSWERS", answers)
    };
    let ok = make("2026", "{\"a\": true}", "{\"1-1\": (score: 3)}");
    store::parse_sheet(&ok, "ok.ron").unwrap();
    store::parse_sheet_for_reading(&ok, "ok.ron").unwrap();
    let cases = [
        (
            make("2026", "{}", "{\"1-1\": (score: 3), \"1-1\": (score: 1)}"),
            "twice",
        ),
        (make("2026", "{\"a\": true, \"a\": false}", "{}"), "twice"),
        (make("0", "{}", "{}"), "fiscal year"),
        (make("-2026", "{}", "{}"), "fiscal year"),
        (make("2300", "{}", "{}"), "fiscal year"),
        (make("1900", "{}", "{}"), "fiscal year"),
    ];
    for (src, word) in cases {
        for (name, r) in [
            ("full", store::parse_sheet(&src, "x.ron")),
            ("reading", store::parse_sheet_for_reading(&src, "x.ron")),
        ] {
            let e = r.expect_err(&format!("{name}: {src}"));
            assert!(e.to_string().contains(word), "{name}: {e}");
        }
    }
}
