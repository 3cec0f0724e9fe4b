//! Issue 12.16: the lock names the user who holds the sheet — from the lock file's owner,
//! which the holder cannot make up, else from what the lock file records — and lock files
//! written before the user was recorded still read.

use std::fs;
use std::io::Write as _;

use tenken::lang::Lang;
use tenken::store::{self, LockError};

fn sheet_file(dir: &std::path::Path) -> std::path::PathBuf {
    let path = dir.join("sheet.ron");
    fs::write(
        &path,
        "(format: 1, catalog: (id: \"juki-municipal\", revision: \"H19\"), organization: \"例市\", fiscal_year: 2026, answers: {})",
    )
    .unwrap();
    path
}

#[test]
fn a_second_locker_is_told_the_user_holding_the_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let path = sheet_file(dir.path());
    let lock = store::lock_sheet(&path).unwrap();
    let me = store::user_name();
    assert!(!me.is_empty());
    let recorded = fs::read_to_string(lock.lock_path()).unwrap();
    assert!(recorded.contains(&format!("user: {me:?}")), "{recorded}");
    match store::lock_sheet(&path) {
        Err(LockError::Held(info)) => {
            assert!(info.user == me || info.user.starts_with("uid "), "{info:?}");
            let ja = info.describe(Lang::Ja);
            assert!(
                ja.starts_with(&format!("ユーザー {}（ホスト ", info.user)),
                "{ja}"
            );
            let en = info.describe(Lang::En);
            assert!(
                en.starts_with(&format!("user {} (host ", info.user)),
                "{en}"
            );
            let held = LockError::Held(info).render(Lang::Ja);
            assert!(
                held.starts_with("このシートは編集中です: ユーザー "),
                "{held}"
            );
        }
        other => panic!("expected Held, got {other:?}"),
    }
}

#[test]
fn an_old_lock_file_without_a_user_still_reads_and_its_owner_names_the_user() {
    let dir = tempfile::tempdir().unwrap();
    let path = sheet_file(dir.path());
    let lock_path = dir.path().join(".sheet.ron.lock");
    let mut old = fs::File::create(&lock_path).unwrap();
    old.write_all(b"(host: \"kiosk-01\", pid: 4242, since: \"2026-11-25T10:00:00+09:00\")\n")
        .unwrap();
    // Held by "another tenken": the writers' lock on the lock file.
    crate::util::fcntl_lock(&old, true).unwrap();
    match store::lock_sheet(&path) {
        Err(LockError::Held(info)) => {
            assert_eq!(
                (info.host.as_str(), info.pid, info.since.as_str()),
                ("kiosk-01", 4242, "2026-11-25T10:00:00+09:00")
            );
            assert!(!info.user.is_empty(), "{info:?}");
            assert!(
                info.user == store::user_name() || info.user.starts_with("uid "),
                "{info:?}"
            );
            assert_eq!(
                info.describe(Lang::Ja),
                format!(
                    "ユーザー {}（ホスト kiosk-01、プロセス 4242、2026-11-25 10:00 +09:00 (令和8年11月25日) から）",
                    info.user
                )
            );
        }
        other => panic!("expected Held, got {other:?}"),
    }
    drop(old);
    // Not held any more: taken over, and the new lock file records the user.
    let lock = store::lock_sheet(&path).unwrap();
    assert_eq!(lock.recovered().map(|i| i.host.as_str()), Some("kiosk-01"));
}

#[test]
fn a_hostile_user_field_is_shown_safely() {
    let dir = tempfile::tempdir().unwrap();
    let path = sheet_file(dir.path());
    let lock_path = dir.path().join(".sheet.ron.lock");
    let mut old = fs::File::create(&lock_path).unwrap();
    old.write_all(
        b"(host: \"h\\u{1b}[2J\", pid: 1, since: \"s\", user: \"evil\\u{1b}]0;x\\u{7}\\u{202e}\")\n",
    )
    .unwrap();
    crate::util::fcntl_lock(&old, true).unwrap();
    match store::lock_sheet(&path) {
        Err(LockError::Held(info)) => {
            for lang in [Lang::Ja, Lang::En] {
                let shown = info.describe(lang);
                assert!(
                    !shown.chars().any(tenken::safe_text::is_unsafe_char),
                    "{shown:?}"
                );
            }
        }
        other => panic!("expected Held, got {other:?}"),
    }
}
