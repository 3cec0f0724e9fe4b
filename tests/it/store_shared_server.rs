//! Issue 11.10, 11.11: the lock and the save against a second local user, for real (root
//! only: two users are made with `useradd` and removed afterwards; ignored unless run as
//! root). The other user's steps run this test binary again as that user
//! (`helper_as_another_user`, driven by the environment).

use std::fs;
use std::os::unix::fs::{MetadataExt as _, PermissionsExt as _};
use std::path::{Path, PathBuf};
use std::process::Command;

use tenken::store::{self, LockError};

const A: &str = "tk11a";
const B: &str = "tk11b";
const GROUP: &str = "tk11g";

fn run(cmd: &str, args: &[&str]) -> bool {
    Command::new(cmd)
        .args(args)
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Two users in one group, for one test at a time (the tests run in parallel and share the
/// names); removed again on drop.
struct Users {
    _one: std::sync::MutexGuard<'static, ()>,
}

static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

impl Users {
    fn make() -> Users {
        let guard = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
        let _ = run("userdel", &[A]);
        let _ = run("userdel", &[B]);
        let _ = run("groupdel", &[GROUP]);
        let ok = run("groupadd", &[GROUP])
            && run("useradd", &["-M", "-G", GROUP, A])
            && run("useradd", &["-M", "-G", GROUP, B]);
        assert!(ok, "groupadd/useradd of {GROUP}, {A}, {B} failed");
        Users { _one: guard }
    }
}

impl Drop for Users {
    fn drop(&mut self) {
        let _ = run("userdel", &[A]);
        let _ = run("userdel", &[B]);
        let _ = run("groupdel", &[GROUP]);
    }
}

fn sheet() -> tenken::sheet::Sheet {
    tenken::sheet::Sheet::new(
        tenken::sheet::CatalogRef {
            id: "juki-municipal".into(),
            revision: "H19".into(),
        },
        "例市",
        tenken::fiscal::FiscalYear(2026),
        time::macros::datetime!(2026-11-25 10:00 +9),
    )
}

/// Runs `step` on `path` as `user` (this binary again, see `helper_as_another_user`) and
/// returns what it printed.
fn as_user(exe: &Path, user: &str, step: &str, path: &Path) -> String {
    let o = Command::new("runuser")
        .args(["-u", user, "--"])
        .arg(exe)
        .args([
            "--exact",
            "store_shared_server::helper_as_another_user",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("TENKEN_HELPER_STEP", step)
        .env("TENKEN_HELPER_PATH", path)
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr);
    out.lines()
        .filter_map(|l| l.split_once("HELPER: ").map(|(_, rest)| rest))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A step of another user; does nothing unless `TENKEN_HELPER_STEP` is set.
#[test]
#[ignore = "helper process for colleagues_share_a_group_directory_and_strangers_cannot_hijack_the_lock"]
fn helper_as_another_user() {
    let (Ok(step), Ok(path)) = (
        std::env::var("TENKEN_HELPER_STEP"),
        std::env::var("TENKEN_HELPER_PATH"),
    ) else {
        return;
    };
    let path = PathBuf::from(path);
    match step.as_str() {
        "create" => {
            store::create_sheet(&path, &sheet()).unwrap();
            fs::set_permissions(&path, fs::Permissions::from_mode(0o660)).unwrap();
            println!("HELPER: created");
        }
        // Lock and end without releasing (as `kill -9` would).
        "lock-and-die" => match store::lock_sheet(&path) {
            Ok(lock) => {
                println!("HELPER: locked");
                std::mem::forget(lock);
                std::process::exit(0);
            }
            Err(e) => println!("HELPER: {e}"),
        },
        "lock" => match store::lock_sheet(&path) {
            Ok(lock) => println!(
                "HELPER: locked, recovered {:?}",
                lock.recovered().map(|i| i.pid)
            ),
            Err(LockError::Held(i)) => println!("HELPER: held by {}", i.pid),
            Err(LockError::Unusable(e)) => println!("HELPER: unusable: {e}"),
        },
        // Open, lock, load and save, as the interview does.
        "save" => {
            let result = store::SheetFile::open(&path)
                .map_err(|e| e.to_string())
                .and_then(|mut f| {
                    let _lock = store::lock_file(&mut f).map_err(|e| e.to_string())?;
                    let mut s = f.load().map_err(|e| e.to_string())?;
                    s.organization.push('!');
                    f.save(&s).map_err(|e| e.to_string())
                });
            match result {
                Ok(()) => println!("HELPER: saved"),
                Err(e) => println!("HELPER: {e}"),
            }
        }
        // Load without the lock (a session opened read-only) and save a copy beside it.
        "save-beside" => {
            let result = store::SheetFile::open(&path)
                .map_err(|e| e.to_string())
                .and_then(|mut f| {
                    let s = f.load().map_err(|e| e.to_string())?;
                    f.save_beside(&s, time::OffsetDateTime::now_utc())
                        .map_err(|e| e.to_string())
                });
            match result {
                Ok(_) => println!("HELPER: saved beside"),
                Err(e) => println!("HELPER: {e}"),
            }
        }
        other => panic!("unknown step {other}"),
    }
}

/// A copy of this test binary that every user may run.
fn shared_exe(dir: &Path) -> PathBuf {
    let exe = dir.join("helper");
    fs::copy(std::env::current_exe().unwrap(), &exe).unwrap();
    fs::set_permissions(&exe, fs::Permissions::from_mode(0o755)).unwrap();
    exe
}

#[test]
#[ignore = "needs root: useradd of two users, runuser"]
fn colleagues_share_a_group_directory_and_strangers_cannot_hijack_the_lock() {
    crate::util::require_root();
    let _users = Users::make();
    let top = tempfile::tempdir().unwrap();
    fs::set_permissions(top.path(), fs::Permissions::from_mode(0o755)).unwrap();
    let exe = shared_exe(top.path());

    // A group directory (2775): A's sheet 0660; A's session dies holding the lock; B, a
    // colleague in the group, sees the stale lock and takes it over.
    let group = top.path().join("group");
    fs::create_dir(&group).unwrap();
    assert!(run(
        "chown",
        &[&format!("root:{GROUP}"), group.to_str().unwrap()]
    ));
    fs::set_permissions(&group, fs::Permissions::from_mode(0o2775)).unwrap();
    let s = group.join("s.ron");
    assert_eq!(as_user(&exe, A, "create", &s), "created");
    assert_eq!(as_user(&exe, A, "lock-and-die", &s), "locked");
    let lock = group.join(".s.ron.lock");
    assert_eq!(fs::metadata(&lock).unwrap().mode() & 0o777, 0o660);
    let out = as_user(&exe, B, "lock", &s);
    assert!(out.starts_with("locked, recovered Some("), "{out}");

    // A sticky directory (1777, like /tmp): B plants the lock file of root's sheet as a link
    // to a file of root's, with the kernel's protection of sticky directories off. Root's
    // tenken neither follows nor writes it: the sheet is unusable for editing, with the reason.
    let sticky = top.path().join("sticky");
    fs::create_dir(&sticky).unwrap();
    fs::set_permissions(&sticky, fs::Permissions::from_mode(0o1777)).unwrap();
    let root_sheet = sticky.join("r.ron");
    store::create_sheet(&root_sheet, &sheet()).unwrap();
    let precious = top.path().join("root-only");
    fs::write(&precious, "root's file").unwrap();
    fs::set_permissions(&precious, fs::Permissions::from_mode(0o600)).unwrap();
    let planted = sticky.join(".r.ron.lock");
    assert!(run(
        "runuser",
        &[
            "-u",
            B,
            "--",
            "ln",
            "-s",
            precious.to_str().unwrap(),
            planted.to_str().unwrap()
        ]
    ));
    let old = fs::read_to_string("/proc/sys/fs/protected_symlinks").ok();
    let _ = run("sysctl", &["-q", "fs.protected_symlinks=0"]);
    let result = store::lock_sheet(&root_sheet);
    if let Some(old) = old {
        let _ = run(
            "sysctl",
            &["-q", &format!("fs.protected_symlinks={}", old.trim())],
        );
    }
    match result {
        Err(LockError::Unusable(e)) => assert!(e.to_string().contains("symbolic link"), "{e}"),
        other => panic!("expected Unusable, got {other:?}"),
    }
    assert_eq!(fs::read_to_string(&precious).unwrap(), "root's file");

    // A stale lock of A in the sticky directory (not in B's group here) cannot be read or
    // removed by B: B is told why (and opens read-only) instead of a dead end.
    let a_sheet = sticky.join("a.ron");
    assert_eq!(as_user(&exe, A, "create", &a_sheet), "created");
    assert_eq!(as_user(&exe, A, "lock-and-die", &a_sheet), "locked");
    let out = as_user(&exe, B, "lock", &a_sheet);
    assert!(
        out.starts_with("unusable: ")
            && (out.contains("cannot be removed") || out.contains("cannot read the lock file")),
        "{out}"
    );

    // Issue 11.16: a directory B may not write: B is told why (opens read-only), and no lock
    // file is left.
    let closed = top.path().join("closed");
    fs::create_dir(&closed).unwrap();
    fs::set_permissions(&closed, fs::Permissions::from_mode(0o755)).unwrap();
    let c_sheet = closed.join("c.ron");
    store::create_sheet(&c_sheet, &sheet()).unwrap();
    fs::set_permissions(&c_sheet, fs::Permissions::from_mode(0o644)).unwrap();
    let out = as_user(&exe, B, "lock", &c_sheet);
    assert!(
        out.starts_with("unusable: ") && out.contains("Permission denied"),
        "{out}"
    );
    assert_eq!(fs::read_dir(&closed).unwrap().count(), 1);

    // Root edits B's sheet in B's directory; B swaps the sheet for a link to root's file.
    // Root's save neither writes through the link nor replaces it.
    let home = top.path().join("home-b");
    fs::create_dir(&home).unwrap();
    assert!(run("chown", &[B, home.to_str().unwrap()]));
    let b_sheet = home.join("b.ron");
    assert_eq!(as_user(&exe, B, "create", &b_sheet), "created");
    let mut file = store::SheetFile::open(&b_sheet).unwrap();
    let loaded = file.load().unwrap();
    let _lock = store::lock_file(&mut file).unwrap();
    assert!(run(
        "runuser",
        &[
            "-u",
            B,
            "--",
            "ln",
            "-sf",
            precious.to_str().unwrap(),
            b_sheet.to_str().unwrap()
        ]
    ));
    assert!(matches!(
        file.save(&loaded),
        Err(store::SaveError::Changed(_))
    ));
    assert_eq!(fs::read_to_string(&precious).unwrap(), "root's file");
}

/// Issue 22.4: in a group directory without setgid (0770), B's save of A's `A:group 0660` sheet
/// keeps the group (B cannot keep the owner; the group B can), so A can still save.
#[test]
#[ignore = "needs root: useradd of two users, runuser"]
fn a_colleagues_save_keeps_the_group_so_the_owner_can_still_save() {
    crate::util::require_root();
    let _users = Users::make();
    let top = tempfile::tempdir().unwrap();
    fs::set_permissions(top.path(), fs::Permissions::from_mode(0o755)).unwrap();
    let exe = shared_exe(top.path());
    let group = top.path().join("group");
    fs::create_dir(&group).unwrap();
    assert!(run(
        "chown",
        &[&format!("root:{GROUP}"), group.to_str().unwrap()]
    ));
    fs::set_permissions(&group, fs::Permissions::from_mode(0o770)).unwrap();
    let s = group.join("s.ron");
    assert_eq!(as_user(&exe, A, "create", &s), "created");
    assert!(run(
        "chown",
        &[&format!("{A}:{GROUP}"), s.to_str().unwrap()]
    ));
    let gid = fs::metadata(&s).unwrap().gid();
    assert_eq!(as_user(&exe, B, "save", &s), "saved");
    let meta = fs::metadata(&s).unwrap();
    assert_eq!(meta.gid(), gid, "the sheet's group went with B's save");
    assert_eq!(meta.mode() & 0o777, 0o660);
    assert_eq!(as_user(&exe, A, "save", &s), "saved");
    assert_eq!(store::load_sheet(&s).unwrap().organization, "例市!!");
}

/// Issue 22.5: in a sticky group directory (3770) only a file's owner may replace it, so B's
/// every save of A's 0660 sheet would fail (the rename over it is refused) after B had been
/// given an editable session. B is told at opening, and opens read-only; B's save beside it
/// (a new file, which B may create there) works, and A still edits the sheet.
#[test]
#[ignore = "needs root: useradd of two users, runuser"]
fn a_sticky_directory_opens_a_colleagues_sheet_read_only_saying_why() {
    crate::util::require_root();
    let _users = Users::make();
    let top = tempfile::tempdir().unwrap();
    fs::set_permissions(top.path(), fs::Permissions::from_mode(0o755)).unwrap();
    let exe = shared_exe(top.path());
    let group = top.path().join("sticky-group");
    fs::create_dir(&group).unwrap();
    assert!(run(
        "chown",
        &[&format!("root:{GROUP}"), group.to_str().unwrap()]
    ));
    fs::set_permissions(&group, fs::Permissions::from_mode(0o3770)).unwrap();
    let s = group.join("s.ron");
    assert_eq!(as_user(&exe, A, "create", &s), "created");
    let out = as_user(&exe, B, "lock", &s);
    assert!(
        out.starts_with("unusable: ") && out.contains("sticky"),
        "{out}"
    );
    assert_eq!(
        fs::read_dir(&group).unwrap().count(),
        1,
        "no lock file left"
    );
    assert_eq!(as_user(&exe, B, "save-beside", &s), "saved beside");
    assert_eq!(as_user(&exe, A, "save", &s), "saved");
}
