//! Saving: atomic replacement, failures that leave the old file, modes, symbolic links; and
//! the advisory lock.

use std::fs;
use std::io;
use std::os::unix::fs::PermissionsExt as _;
use std::path::Path;
use std::process::Command;

use tenken::sheet::{CatalogRef, Score, Sheet};
use tenken::store::{self, LockError};
use time::macros::datetime;

fn sheet(org: &str) -> Sheet {
    let mut s = Sheet::new(
        CatalogRef {
            id: "juki-municipal".into(),
            revision: "H19".into(),
        },
        org,
        tenken::fiscal::FiscalYear(2026),
        datetime!(2026-11-25 10:00 +9),
    );
    s.set_score("1-1", Score::Operating, datetime!(2026-11-25 10:01 +9));
    s
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

fn mode(path: &Path) -> u32 {
    fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

#[test]
fn a_failed_write_leaves_the_old_file_and_no_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sheet.ron");
    store::save_sheet(&path, &sheet("旧")).unwrap();
    let old = fs::read(&path).unwrap();

    // The disk fills half-way through the write.
    let mut half = |f: &mut fs::File, b: &[u8]| {
        io::Write::write_all(f, &b[..b.len() / 2])?;
        Err(io::Error::from_raw_os_error(28))
    };
    let e = store::save_sheet_with(&path, &sheet("新"), &mut half).unwrap_err();
    assert_eq!(e.path, path);
    assert!(e.to_string().contains("No space left on device"), "{e}");
    assert!(e.to_string().contains("previous file is unchanged"), "{e}");
    assert_eq!(fs::read(&path).unwrap(), old);
    assert_eq!(names(dir.path()), ["sheet.ron"]);

    // Interrupted after the whole write, before the rename.
    let mut full_then_fail = |f: &mut fs::File, b: &[u8]| {
        io::Write::write_all(f, b)?;
        Err(io::Error::other("interrupted"))
    };
    store::save_sheet_with(&path, &sheet("新"), &mut full_then_fail).unwrap_err();
    assert_eq!(fs::read(&path).unwrap(), old);
    assert_eq!(names(dir.path()), ["sheet.ron"]);

    // The caller kept the sheet; the retry succeeds.
    store::save_sheet(&path, &sheet("新")).unwrap();
    assert_eq!(store::load_sheet(&path).unwrap().organization, "新");
    assert_eq!(names(dir.path()), ["sheet.ron"]);
}

#[test]
fn an_unwritable_directory_is_reported_with_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("missing-dir").join("sheet.ron");
    let e = store::save_sheet(&path, &sheet("例市")).unwrap_err();
    assert_eq!(e.path, path);
    assert!(e.to_string().contains("cannot save"), "{e}");
}

#[test]
fn a_sheet_that_would_not_read_back_is_not_written() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sheet.ron");
    store::save_sheet(&path, &sheet("例市")).unwrap();
    let old = fs::read(&path).unwrap();
    let mut bad = sheet("例市");
    bad.extra.push(("broken".into(), "(unclosed".into()));
    let e = store::save_sheet(&path, &bad).unwrap_err();
    assert!(e.to_string().contains("not saved"), "{e}");
    assert_eq!(fs::read(&path).unwrap(), old);
}

#[test]
fn new_files_are_0600_and_existing_files_keep_their_mode() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sheet.ron");
    store::save_sheet(&path, &sheet("例市")).unwrap();
    assert_eq!(mode(&path), 0o600);
    fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
    store::save_sheet(&path, &sheet("例市2")).unwrap();
    assert_eq!(mode(&path), 0o640);
}

#[test]
fn tenken_new_creates_0600_whatever_the_umask() {
    let dir = tempfile::tempdir().unwrap();
    for umask in ["022", "000"] {
        let path = dir.path().join(format!("u{umask}.ron"));
        let status = Command::new("sh")
            .arg("-c")
            .arg(format!(
                "umask {umask} && exec \"$0\" new \"$1\" --organization 例市 --fiscal-year R8"
            ))
            .arg(env!("CARGO_BIN_EXE_tenken"))
            .arg(&path)
            .output()
            .unwrap()
            .status;
        assert!(status.success());
        assert_eq!(mode(&path), 0o600, "umask {umask}");
    }
}

#[test]
fn saving_through_a_symlink_replaces_its_target_and_keeps_the_link() {
    let dir = tempfile::tempdir().unwrap();
    let real_dir = dir.path().join("data");
    fs::create_dir(&real_dir).unwrap();
    let real = real_dir.join("real.ron");
    store::save_sheet(&real, &sheet("旧")).unwrap();
    fs::set_permissions(&real, fs::Permissions::from_mode(0o644)).unwrap();
    let link = dir.path().join("link.ron");
    std::os::unix::fs::symlink("data/real.ron", &link).unwrap();

    store::save_sheet(&link, &sheet("新")).unwrap();
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(fs::read_link(&link).unwrap(), Path::new("data/real.ron"));
    assert_eq!(store::load_sheet(&real).unwrap().organization, "新");
    assert_eq!(mode(&real), 0o644);
    assert_eq!(names(&real_dir), ["real.ron"]);
    assert_eq!(names(dir.path()), ["data", "link.ron"]);
}

#[test]
fn create_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sheet.ron");
    store::create_sheet(&path, &sheet("一")).unwrap();
    let e = store::create_sheet(&path, &sheet("二")).unwrap_err();
    assert!(e.to_string().contains("already exists"), "{e}");
    assert_eq!(store::load_sheet(&path).unwrap().organization, "一");
    assert_eq!(names(dir.path()), ["sheet.ron"]);
}

#[test]
fn a_second_locker_is_told_who_holds_the_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sheet.ron");
    store::save_sheet(&path, &sheet("例市")).unwrap();
    let lock = store::lock_sheet(&path).unwrap();
    assert!(lock.recovered().is_none());
    assert_eq!(lock.lock_path(), dir.path().join(".sheet.ron.lock"));
    assert_eq!(mode(lock.lock_path()), 0o600);
    match store::lock_sheet(&path) {
        Err(LockError::Held(info)) => {
            assert_eq!(info.pid, std::process::id());
            assert_eq!(info.host, store::host_name());
            assert!(!info.stale);
            assert!(info.since.starts_with("20"), "{}", info.since);
            time::OffsetDateTime::parse(
                &info.since,
                &time::format_description::well_known::Rfc3339,
            )
            .unwrap();
        }
        other => panic!("expected Held, got {other:?}"),
    }
    // Saving while locked works and leaves the lock file alone.
    store::save_sheet(&path, &sheet("例市2")).unwrap();
    assert_eq!(names(dir.path()), [".sheet.ron.lock", "sheet.ron"]);
    drop(lock);
    assert_eq!(names(dir.path()), ["sheet.ron"]);
    let again = store::lock_sheet(&path).unwrap();
    assert!(again.recovered().is_none());
}

#[test]
fn the_lock_is_shared_by_every_path_to_the_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sheet.ron");
    store::save_sheet(&path, &sheet("例市")).unwrap();
    let link = dir.path().join("alias.ron");
    std::os::unix::fs::symlink("sheet.ron", &link).unwrap();
    let _lock = store::lock_sheet(&path).unwrap();
    assert!(matches!(store::lock_sheet(&link), Err(LockError::Held(_))));
}

#[test]
fn a_stale_lock_from_a_dead_process_is_taken_over() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sheet.ron");
    store::save_sheet(&path, &sheet("例市")).unwrap();
    // A process that has certainly ended.
    let mut child = Command::new("true").spawn().unwrap();
    let dead = child.id();
    child.wait().unwrap();
    let lock_file = dir.path().join(".sheet.ron.lock");
    fs::write(
        &lock_file,
        format!(
            "(host: {:?}, pid: {dead}, since: \"2026-11-25T09:00:00+09:00\")\n",
            store::host_name()
        ),
    )
    .unwrap();
    let lock = store::lock_sheet(&path).unwrap();
    let old = lock.recovered().expect("the stale holder is reported");
    assert_eq!(old.pid, dead);
    assert!(old.stale);
    assert_eq!(old.since, "2026-11-25T09:00:00+09:00");
    let now = fs::read_to_string(&lock_file).unwrap();
    assert!(
        now.contains(&format!("pid: {}", std::process::id())),
        "{now}"
    );
}

/// A POSIX access ACL in the kernel's xattr form (version 2, then tag, perm, id per entry).
fn acl_bytes(entries: &[(u16, u16, u32)]) -> Vec<u8> {
    let mut out = 2u32.to_le_bytes().to_vec();
    for &(tag, perm, id) in entries {
        out.extend_from_slice(&tag.to_le_bytes());
        out.extend_from_slice(&perm.to_le_bytes());
        out.extend_from_slice(&id.to_le_bytes());
    }
    out
}

fn acl_of(path: &Path) -> Option<Vec<u8>> {
    let mut buf = vec![0u8; 1024];
    match rustix::fs::getxattr(path, "system.posix_acl_access", &mut buf[..]) {
        Ok(n) => Some(buf[..n].to_vec()),
        Err(rustix::io::Errno::NODATA) => None,
        Err(e) => panic!("getxattr: {e}"),
    }
}

/// Issue 22.8: a save keeps the sheet's ACL. `user:65534:rw- group::--- mask::rw-` must not
/// become `group::rw-` without an ACL (the colleague locked out, the group let in).
#[test]
fn saving_keeps_the_sheets_acl_and_never_turns_the_mask_into_group_permission() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.ron");
    store::save_sheet(&path, &sheet("旧")).unwrap();
    // USER_OBJ rw, USER 65534 rw, GROUP_OBJ ---, MASK rw, OTHER ---.
    let acl = acl_bytes(&[
        (0x01, 6, u32::MAX),
        (0x02, 6, 65534),
        (0x04, 0, u32::MAX),
        (0x10, 6, u32::MAX),
        (0x20, 0, u32::MAX),
    ]);
    rustix::fs::setxattr(
        &path,
        "system.posix_acl_access",
        &acl,
        rustix::fs::XattrFlags::empty(),
    )
    .expect("this test needs a filesystem with POSIX ACLs (ext4, xfs, tmpfs)");
    assert_eq!(mode(&path), 0o660, "the mask shows as the group bits");
    store::save_sheet(&path, &sheet("新")).unwrap();
    assert_eq!(store::load_sheet(&path).unwrap().organization, "新");
    assert_eq!(acl_of(&path), Some(acl), "the ACL went with the old file");
    assert_eq!(mode(&path), 0o660);
}

/// The interview's saves (loaded, locked, saved again and again) keep the ACL of the file
/// each replaces: read from the very file the conflict check opened, whichever ACL is on it at
/// that save (a change between saves is kept too), with the file's lock held throughout.
#[test]
fn the_interviews_saves_keep_the_acl_of_the_file_each_replaces() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.ron");
    store::save_sheet(&path, &sheet("旧")).unwrap();
    let set = |acl: &[u8]| {
        rustix::fs::setxattr(
            &path,
            "system.posix_acl_access",
            acl,
            rustix::fs::XattrFlags::empty(),
        )
        .expect("this test needs a filesystem with POSIX ACLs (ext4, xfs, tmpfs)")
    };
    // `user:UID:PERM group::GROUP mask::rw-`: the first with the group shut out, the second
    // (set between two saves: the ctime moves, the bytes not) another user given read access.
    let acl = |uid: u32, perm: u16, group: u16| {
        acl_bytes(&[
            (0x01, 6, u32::MAX),
            (0x02, perm, uid),
            (0x04, group, u32::MAX),
            (0x10, 6, u32::MAX),
            (0x20, 0, u32::MAX),
        ])
    };
    let (first, second) = (acl(65534, 6, 0), acl(65533, 4, 4));
    set(&first);
    let mut file = store::SheetFile::open(&path).unwrap();
    let mut s = file.load().unwrap();
    let _lock = store::lock_file(&mut file).unwrap();
    for (org, set_before, want, why) in [
        ("一", None, &first, "the first save"),
        ("二", None, &first, "the second save, over the first"),
        (
            "三",
            Some(&second),
            &second,
            "the ACL on the file at that save",
        ),
    ] {
        if let Some(acl) = set_before {
            set(acl);
        }
        s.organization = org.into();
        file.save(&s).unwrap();
        assert_eq!(acl_of(&path).as_ref(), Some(want), "{why}");
        assert_eq!(mode(&path), 0o660, "the mask shows as the group bits");
    }
    assert_eq!(store::load_sheet(&path).unwrap().organization, "三");
}
