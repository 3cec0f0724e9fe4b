//! The advisory lock that keeps two editors apart, safe in a directory shared with others.
//!
//! Two locks are taken. The kernel lock (`flock`) on the sheet file itself makes it one
//! editor per *file*: a second name for it (a hard link) finds it locked; a save moves that
//! lock to the new file before the new file takes the name. The lock file `.NAME.lock` beside
//! the sheet covers a sheet that does not exist yet and says who holds it (host, pid, since).
//!
//! The lock file is only ever created new (`O_CREAT | O_EXCL | O_NOFOLLOW`) and only a file
//! tenken created is written. An existing one is opened read-only and never through a link;
//! one that is not a plain regular file (a planted symbolic or hard link, a FIFO) or cannot be
//! read is not used, and the sheet opens read-only saying why. A lock file whose holder is gone
//! (the kernel lock is free) is removed and made anew; in a group-shared directory it is made
//! readable by the group whenever the sheet is, so colleagues can see and take over a stale one.

use std::ffi::OsString;
use std::fmt;
use std::fs::{File, TryLockError};
use std::io::{self, Read as _, Write as _};
use std::os::fd::OwnedFd;
use std::os::unix::fs::MetadataExt as _;
use std::path::{Path, PathBuf};

use rustix::fs::{AtFlags, Mode, OFlags};
use rustix::io::Errno;
use serde::Deserialize;

use super::file::{SheetFile, beside_name, dir_of, errno_io, real_target};
use super::{StoreError, quote, timestamp};
use crate::catalog::ron_options;

/// Who holds (or held) the lock on a sheet, from the lock file beside it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LockInfo {
    pub host: String,
    pub pid: u32,
    /// RFC 3339, local time of the holder.
    pub since: String,
    /// The holder was on this host and its process no longer exists.
    pub stale: bool,
}

impl fmt::Display for LockInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "process {} on {} since {}",
            self.pid, self.host, self.since
        )?;
        if self.stale {
            f.write_str(" (that process no longer exists)")?;
        }
        Ok(())
    }
}

#[derive(Debug)]
pub enum LockError {
    /// Another tenken has the sheet open for editing.
    Held(LockInfo),
    /// The sheet cannot be locked or saved here (a lock file tenken did not make, a directory
    /// without write permission, a read-only or full filesystem): open it read-only.
    Unusable(StoreError),
}

impl fmt::Display for LockError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LockError::Held(info) => write!(f, "the sheet is open for editing by {info}"),
            LockError::Unusable(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for LockError {}

/// An answer sheet open for editing. Dropping it removes the lock file and releases the lock.
#[derive(Debug)]
pub struct SheetLock {
    file: File,
    dir: OwnedFd,
    name: OsString,
    ident: (u64, u64),
    lock_path: PathBuf,
    recovered: Option<LockInfo>,
    /// The kernel lock on the sheet file (a second handle on it; the save moves the lock on
    /// the `SheetFile`'s own handle).
    _identity: Option<File>,
}

impl SheetLock {
    /// The lock file, `.NAME.lock` beside the sheet.
    pub fn lock_path(&self) -> &Path {
        &self.lock_path
    }

    /// A stale lock taken over from a process that had ended without releasing it.
    pub fn recovered(&self) -> Option<&LockInfo> {
        self.recovered.as_ref()
    }
}

impl Drop for SheetLock {
    fn drop(&mut self) {
        // Remove while still holding the lock, and only our own file: a waiter that opened it
        // checks, once it has the lock, that the file is still the one at the name.
        if let Ok(st) =
            rustix::fs::statat(&self.dir, self.name.as_os_str(), AtFlags::SYMLINK_NOFOLLOW)
        {
            #[allow(clippy::unnecessary_cast)]
            if (st.st_dev as u64, st.st_ino as u64) == self.ident {
                let _ = rustix::fs::unlinkat(&self.dir, self.name.as_os_str(), AtFlags::empty());
            }
        }
        let _ = self.file.unlock();
    }
}

/// The lock file of a sheet: `.NAME.lock` beside the file it (through links) names, shortened
/// when the name is long.
pub fn lock_path(path: &Path) -> PathBuf {
    let target = real_target(path).unwrap_or_else(|_| path.to_path_buf());
    let name = target.file_name().unwrap_or(std::ffi::OsStr::new("sheet"));
    dir_of(&target).join(beside_name(name, "lock"))
}

/// This machine's name, from the kernel (no libc).
pub fn host_name() -> String {
    ["/proc/sys/kernel/hostname", "/etc/hostname"]
        .iter()
        .find_map(|p| {
            std::fs::read_to_string(p)
                .ok()
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
        })
        .unwrap_or_else(|| "unknown-host".into())
}

/// Whether a process exists on this host. Without `/proc` we cannot tell and say yes.
fn pid_alive(pid: u32) -> bool {
    if !Path::new("/proc/self").exists() {
        return true;
    }
    pid != 0 && Path::new("/proc").join(pid.to_string()).exists()
}

#[derive(Deserialize)]
struct LockRecord {
    host: String,
    pid: u32,
    since: String,
}

fn read_info(file: &File) -> Option<LockInfo> {
    let mut text = String::new();
    file.take(4096).read_to_string(&mut text).ok()?;
    let r: LockRecord = ron_options().from_str(&text).ok()?;
    let stale = r.host == host_name() && !pid_alive(r.pid);
    // Host and time are shown in messages and on screen: nothing raw from the file.
    Some(LockInfo {
        host: crate::text::sanitize_line(&r.host).into_owned(),
        pid: r.pid,
        since: crate::text::sanitize_line(&r.since).into_owned(),
        stale,
    })
}

fn write_info(file: &mut File) -> io::Result<()> {
    let text = format!(
        "(host: {}, pid: {}, since: {})\n",
        quote(&host_name()),
        std::process::id(),
        quote(&timestamp(crate::clock::now()))
    );
    file.write_all(text.as_bytes())?;
    file.sync_all()
}

fn unknown_holder() -> LockInfo {
    LockInfo {
        host: "unknown".into(),
        pid: 0,
        since: "unknown".into(),
        stale: false,
    }
}

/// Takes the kernel lock on an open sheet file: the lock that follows the file's identity.
pub(super) fn lock_identity(path: &Path, file: &File) -> Result<(), StoreError> {
    match file.try_lock() {
        Ok(()) => Ok(()),
        Err(TryLockError::WouldBlock) => Err(StoreError::new(
            path,
            "is open for editing by another tenken (under another name: a hard link)",
        )),
        // No kernel locks on this filesystem: the lock file alone decides.
        Err(TryLockError::Error(e)) if e.kind() == io::ErrorKind::Unsupported => Ok(()),
        Err(TryLockError::Error(e)) => Err(StoreError::io(path, "cannot lock", &e)),
    }
}

/// Takes the lock on a sheet for editing (the sheet itself need not exist yet).
///
/// A second tenken gets [`LockError::Held`] with the holder's host, pid and start time. A lock
/// file left by a process that died (`kill -9`, power loss) carries no kernel lock any more and
/// is replaced; [`SheetLock::recovered`] then names the old holder.
pub fn lock_sheet(path: &Path) -> Result<SheetLock, LockError> {
    let mut file = SheetFile::open(path).map_err(LockError::Unusable)?;
    lock_file(&mut file)
}

/// [`lock_sheet`] for an opened sheet; the sheet's file, if loaded, carries the kernel lock
/// from now on (its saves move it to each new file).
pub fn lock_file(sheet: &mut SheetFile) -> Result<SheetLock, LockError> {
    sheet.hold();
    let mut lock = lock_file_beside(sheet)?;
    // One editor per file: the kernel lock on the sheet file itself, whatever its name.
    if let Some(f) = &sheet.held {
        let path = sheet.path().to_path_buf();
        if lock_identity(&path, f).is_err() {
            drop(lock);
            return Err(LockError::Held(LockInfo {
                host: "another name for this file (a hard link)".into(),
                ..unknown_holder()
            }));
        }
        lock._identity = f.try_clone().ok();
    }
    sheet.locked = true;
    Ok(lock)
}

/// The lock file beside the sheet.
fn lock_file_beside(sheet: &SheetFile) -> Result<SheetLock, LockError> {
    let path = sheet.path().to_path_buf();
    let lock_name = beside_name(&sheet.name, "lock");
    let lock_path = dir_of(&real_target(&path).unwrap_or_else(|_| path.clone())).join(&lock_name);
    let unusable = |what: String| LockError::Unusable(StoreError::new(&lock_path, what));
    let dir = sheet
        .dir
        .try_clone()
        .map_err(|e| unusable(format!("cannot lock: {e}")))?;
    let group = sheet
        .held
        .as_ref()
        .and_then(|f| f.metadata().ok())
        .map_or(0, |m| m.mode() & 0o060);
    let mut recovered: Option<LockInfo> = None;
    for _ in 0..100 {
        match rustix::fs::openat(
            &dir,
            lock_name.as_os_str(),
            OFlags::RDWR | OFlags::CREATE | OFlags::EXCL | OFlags::NOFOLLOW | OFlags::CLOEXEC,
            Mode::from_raw_mode(0o600),
        ) {
            Ok(fd) => {
                let mut file = File::from(fd);
                let meta = file
                    .metadata()
                    .map_err(|e| unusable(format!("cannot lock: {e}")))?;
                let ident = (meta.dev(), meta.ino());
                let remove = || {
                    let _ = rustix::fs::unlinkat(&dir, lock_name.as_os_str(), AtFlags::empty());
                };
                match file.try_lock() {
                    Ok(()) => {}
                    // Someone took our new file for a stale one: start again.
                    Err(TryLockError::WouldBlock) => continue,
                    Err(TryLockError::Error(e)) if e.kind() == io::ErrorKind::Unsupported => {}
                    Err(TryLockError::Error(e)) => {
                        remove();
                        return Err(unusable(format!("cannot lock: {e}")));
                    }
                }
                if !same_at(&dir, &lock_name, ident) {
                    continue;
                }
                let ready = rustix::fs::fchmod(&file, Mode::from_raw_mode(0o600 | group))
                    .map_err(errno_io)
                    .and_then(|()| write_info(&mut file));
                if let Err(e) = ready {
                    // A full disk: saving would fail too. Leave nothing behind.
                    remove();
                    return Err(unusable(format!("cannot write the lock file: {e}")));
                }
                return Ok(SheetLock {
                    file,
                    dir,
                    name: lock_name,
                    ident,
                    lock_path,
                    recovered,
                    _identity: None,
                });
            }
            Err(Errno::EXIST) => {}
            Err(e) => {
                return Err(unusable(format!(
                    "cannot create the lock file: {}",
                    errno_io(e)
                )));
            }
        }
        // A lock file exists: whose, and is it still held?
        let fd = match rustix::fs::openat(
            &dir,
            lock_name.as_os_str(),
            OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::CLOEXEC,
            Mode::empty(),
        ) {
            Ok(fd) => fd,
            Err(Errno::NOENT) => continue,
            Err(Errno::LOOP) => {
                return Err(unusable(
                    "the lock file is a symbolic link, which tenken never makes; it is not used (ask whoever made it to remove it)".into(),
                ));
            }
            Err(e) => {
                return Err(unusable(format!(
                    "cannot read the lock file: {}",
                    errno_io(e)
                )));
            }
        };
        let file = File::from(fd);
        let meta = file
            .metadata()
            .map_err(|e| unusable(format!("cannot lock: {e}")))?;
        if !meta.is_file() || meta.nlink() != 1 {
            return Err(unusable(
                "the lock file is not a plain file (a link or a special file), which tenken never makes; it is not used".into(),
            ));
        }
        let info = read_info(&file);
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                return Err(LockError::Held(info.unwrap_or_else(unknown_holder)));
            }
            Err(TryLockError::Error(e)) if e.kind() == io::ErrorKind::Unsupported => {
                if let Some(info) = info.clone().filter(|i| !i.stale) {
                    return Err(LockError::Held(info));
                }
            }
            Err(TryLockError::Error(e)) => return Err(unusable(format!("cannot lock: {e}"))),
        }
        if !same_at(&dir, &lock_name, (meta.dev(), meta.ino())) {
            continue;
        }
        // Nobody holds it: left by a holder that ended without releasing. Replace it.
        if let Err(e) = rustix::fs::unlinkat(&dir, lock_name.as_os_str(), AtFlags::empty()) {
            return Err(unusable(format!(
                "a stale lock file of user {} cannot be removed: {}",
                meta.uid(),
                errno_io(e)
            )));
        }
        recovered = Some(LockInfo {
            stale: true,
            ..info.unwrap_or_else(unknown_holder)
        });
    }
    Err(unusable("cannot lock: the lock file keeps changing".into()))
}

fn same_at(dir: &OwnedFd, name: &OsString, ident: (u64, u64)) -> bool {
    #[allow(clippy::unnecessary_cast)]
    rustix::fs::statat(dir, name.as_os_str(), AtFlags::SYMLINK_NOFOLLOW)
        .is_ok_and(|st| (st.st_dev as u64, st.st_ino as u64) == ident)
}
