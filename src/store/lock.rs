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

use std::ffi::{OsStr, OsString};
use std::fmt;
use std::fs::{File, TryLockError};
use std::io::{self, Read as _, Write as _};
use std::os::fd::OwnedFd;
use std::os::unix::fs::MetadataExt as _;
use std::path::{Path, PathBuf};

use rustix::fs::{AtFlags, Mode, OFlags};
use rustix::io::Errno;
use serde::Deserialize;

use super::error::{Fault, Op, StoreError, Why};
use super::write::{beside_name, dir_of, errno_io, real_target};
use crate::lang::Lang;
use crate::ron::{quote, ron_options, timestamp};

/// Who holds (or held) the lock on a sheet, from the lock file beside it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LockInfo {
    /// The holder's login name: the owner of the lock file, else the name the lock file
    /// records (older lock files record none); empty when unknown.
    pub user: String,
    /// Empty when unknown.
    pub host: String,
    pub pid: u32,
    /// RFC 3339, local time of the holder.
    pub since: String,
    /// The holder was on this host and its process no longer exists.
    pub stale: bool,
    /// Another process that may write the file holds the writers' lock on it (the lock file
    /// of this name is free): a tenken with it open under another name (a hard link), or
    /// another editor. The kernel lock does not say who.
    pub other_name: bool,
}

impl LockInfo {
    /// Who holds the lock, in words: user, host, process and since when.
    pub fn describe(&self, lang: Lang) -> String {
        let ja = lang == Lang::Ja;
        if self.other_name {
            return lang
                .pick(
                    "このファイルを書き込み用にロックしている別のプロセス（別の名前（ハードリンク）で開いている tenken など。だれかは分かりません）",
                    "another process that has locked this file for writing (such as a tenken that has it open under another name, a hard link; who is not known)",
                )
                .to_string();
        }
        let unknown = lang.pick("不明", "unknown");
        let or_unknown = |s: &str| {
            if s.is_empty() {
                unknown.to_string()
            } else {
                s.to_string()
            }
        };
        let (user, host, since) = (
            or_unknown(&self.user),
            or_unknown(&self.host),
            or_unknown(&self.since),
        );
        let pid = if self.pid == 0 {
            unknown.to_string()
        } else {
            self.pid.to_string()
        };
        let mut out = if ja {
            format!("ユーザー {user}（ホスト {host}、プロセス {pid}、{since} から）")
        } else {
            format!("user {user} (host {host}, process {pid}, since {since})")
        };
        if self.stale {
            out.push_str(lang.pick(
                "。そのプロセスはもう存在しません",
                "; that process no longer exists",
            ));
        }
        out
    }
}

impl fmt::Display for LockInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe(Lang::En))
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

impl LockError {
    pub fn render(&self, lang: Lang) -> String {
        match self {
            LockError::Held(info) => match lang {
                Lang::Ja => format!("このシートは編集中です: {}", info.describe(lang)),
                Lang::En => format!("the sheet is open for editing by {}", info.describe(lang)),
            },
            LockError::Unusable(e) => e.render(lang),
        }
    }
}

impl fmt::Display for LockError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::En))
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
    pub(super) identity: Option<File>,
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

/// The lock file's record. `user` came later: lock files without it still read, and older
/// tenkens ignore it.
#[derive(Deserialize)]
struct LockRecord {
    host: String,
    pid: u32,
    since: String,
    #[serde(default)]
    user: String,
}

/// A name from a file or the environment, fit to show: no control or bidirectional
/// characters, no white space, at most 64 characters.
fn shown_name(s: &str) -> String {
    let clean = crate::safe_text::sanitize_line(s.trim());
    clean
        .chars()
        .map(|c| if c.is_whitespace() { '_' } else { c })
        .take(64)
        .collect()
}

/// The login name of a user id, from the password file (no libc); `None` when it has none
/// there (a directory service).
fn name_of_uid(uid: u32) -> Option<String> {
    let passwd = std::fs::read_to_string("/etc/passwd").ok()?;
    passwd.lines().find_map(|line| {
        let mut fields = line.split(':');
        let name = fields.next()?;
        let id: u32 = fields.nth(1)?.parse().ok()?;
        (id == uid && !name.is_empty()).then(|| shown_name(name))
    })
}

/// The user running tenken: the password file's name for the real user id, else `$USER` or
/// `$LOGNAME`, else `uid N`.
pub fn user_name() -> String {
    let uid = rustix::process::getuid().as_raw();
    name_of_uid(uid)
        .or_else(|| {
            ["USER", "LOGNAME"].iter().find_map(|v| {
                std::env::var(v)
                    .ok()
                    .map(|s| shown_name(&s))
                    .filter(|s| !s.is_empty())
            })
        })
        .unwrap_or_else(|| format!("uid {uid}"))
}

/// Who holds a lock file: what it records, with the user taken from the file's owner (which
/// the holder cannot make up) where the password file names it.
fn read_info(file: &File, owner: u32) -> Option<LockInfo> {
    let mut text = String::new();
    file.take(4096).read_to_string(&mut text).ok()?;
    let r: LockRecord = ron_options().from_str(&text).ok()?;
    let stale = r.host == host_name() && !pid_alive(r.pid);
    let recorded = shown_name(&r.user);
    let user = name_of_uid(owner).unwrap_or(if recorded.is_empty() {
        format!("uid {owner}")
    } else {
        recorded
    });
    // User, host and time are shown in messages and on screen: nothing raw from the file.
    Some(LockInfo {
        user,
        host: crate::safe_text::sanitize_line(&r.host).into_owned(),
        pid: r.pid,
        since: crate::safe_text::sanitize_line(&r.since).into_owned(),
        stale,
        other_name: false,
    })
}

fn write_info(file: &mut File) -> io::Result<()> {
    let text = format!(
        "(host: {}, pid: {}, since: {}, user: {})\n",
        quote(&host_name()),
        std::process::id(),
        quote(&timestamp(crate::clock::now())),
        quote(&user_name())
    );
    file.write_all(text.as_bytes())?;
    file.sync_all()
}

/// A holder whose lock file cannot be read: only the owner of the file is known.
pub(super) fn unknown_holder(owner: Option<u32>) -> LockInfo {
    LockInfo {
        user: owner.map_or_else(String::new, |uid| {
            name_of_uid(uid).unwrap_or_else(|| format!("uid {uid}"))
        }),
        host: String::new(),
        pid: 0,
        since: String::new(),
        stale: false,
        other_name: false,
    }
}

/// Takes the writers' lock on an open sheet file — the lock that follows the file's identity,
/// so that a second name for it (a hard link) finds it taken. It is an open-file-description
/// write lock (`F_OFD_SETLK`, `F_WRLCK`), which the kernel grants only on a file opened for
/// writing: a reader's `flock` does not touch it, and a reader's `fcntl` read lock in its way
/// is told apart by its type (then this file goes without it; the lock file still keeps its
/// name to one editor). `file` must be open for writing.
pub(super) fn lock_identity(path: &Path, file: &File) -> Result<(), StoreError> {
    use nix::errno::Errno as E;
    use nix::fcntl::{FcntlArg, fcntl};
    use nix::libc;
    let whole = |l_type: libc::c_int| libc::flock {
        l_type: l_type as libc::c_short,
        l_whence: libc::SEEK_SET as libc::c_short,
        l_start: 0,
        l_len: 0,
        l_pid: 0,
    };
    match fcntl(file, FcntlArg::F_OFD_SETLK(&whole(libc::F_WRLCK))) {
        Ok(_) => Ok(()),
        Err(E::EAGAIN | E::EACCES) => {
            let mut held = whole(libc::F_WRLCK);
            match fcntl(file, FcntlArg::F_OFD_GETLK(&mut held)) {
                // Only a read lock is in the way: a reader's, never an editor's.
                Ok(_) if held.l_type == libc::F_RDLCK as libc::c_short => Ok(()),
                Ok(_) if held.l_type == libc::F_UNLCK as libc::c_short => lock_identity(path, file),
                _ => Err(StoreError::new(path, Why::HeldUnderOtherName)),
            }
        }
        Err(E::EBADF) => Err(StoreError::new(path, Why::FileNotWritable)),
        // No such locks on this filesystem: the lock file alone decides.
        Err(E::EINVAL | E::ENOLCK | E::EOPNOTSUPP) => Ok(()),
        Err(e) => Err(StoreError::io(
            path,
            Op::Lock,
            &io::Error::from_raw_os_error(e as i32),
        )),
    }
}

/// The lock file beside the sheet `name` in `sheet_dir` (`path` as given, for messages),
/// readable by the group when `held`, the sheet's file, is.
pub(super) fn lock_beside(
    sheet_dir: &OwnedFd,
    name: &OsStr,
    path: &Path,
    held: Option<&File>,
) -> Result<SheetLock, LockError> {
    let lock_name = beside_name(name, "lock");
    let lock_path =
        dir_of(&real_target(path).unwrap_or_else(|_| path.to_path_buf())).join(&lock_name);
    let unusable = |why: Why| LockError::Unusable(StoreError::new(&lock_path, why));
    let failed = |op: Op, e: &io::Error| unusable(Why::io(op, e));
    let dir = sheet_dir.try_clone().map_err(|e| failed(Op::Lock, &e))?;
    let group = held
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
                let meta = file.metadata().map_err(|e| failed(Op::Lock, &e))?;
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
                        return Err(failed(Op::Lock, &e));
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
                    return Err(failed(Op::WriteLockFile, &e));
                }
                return Ok(SheetLock {
                    file,
                    dir,
                    name: lock_name,
                    ident,
                    lock_path,
                    recovered,
                    identity: None,
                });
            }
            Err(Errno::EXIST) => {}
            Err(e) => {
                return Err(failed(Op::CreateLockFile, &errno_io(e)));
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
                return Err(unusable(Why::LockIsLink));
            }
            Err(e) => {
                return Err(failed(Op::ReadLockFile, &errno_io(e)));
            }
        };
        let file = File::from(fd);
        let meta = file.metadata().map_err(|e| failed(Op::Lock, &e))?;
        if !meta.is_file() || meta.nlink() != 1 {
            return Err(unusable(Why::LockNotPlain));
        }
        let info = read_info(&file, meta.uid());
        let unknown = || unknown_holder(Some(meta.uid()));
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                return Err(LockError::Held(info.unwrap_or_else(unknown)));
            }
            Err(TryLockError::Error(e)) if e.kind() == io::ErrorKind::Unsupported => {
                if let Some(info) = info.clone().filter(|i| !i.stale) {
                    return Err(LockError::Held(info));
                }
            }
            Err(TryLockError::Error(e)) => return Err(failed(Op::Lock, &e)),
        }
        if !same_at(&dir, &lock_name, (meta.dev(), meta.ino())) {
            continue;
        }
        // Nobody holds it: left by a holder that ended without releasing. Replace it.
        if let Err(e) = rustix::fs::unlinkat(&dir, lock_name.as_os_str(), AtFlags::empty()) {
            return Err(unusable(Why::StaleLockStays {
                owner: name_of_uid(meta.uid()).unwrap_or_else(|| format!("uid {}", meta.uid())),
                fault: Fault::of(&errno_io(e)),
            }));
        }
        recovered = Some(LockInfo {
            stale: true,
            ..info.unwrap_or_else(unknown)
        });
    }
    Err(unusable(Why::LockKeepsChanging))
}

fn same_at(dir: &OwnedFd, name: &OsString, ident: (u64, u64)) -> bool {
    #[allow(clippy::unnecessary_cast)]
    rustix::fs::statat(dir, name.as_os_str(), AtFlags::SYMLINK_NOFOLLOW)
        .is_ok_and(|st| (st.st_dev as u64, st.st_ino as u64) == ident)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_from_files_are_shown_safely() {
        assert_eq!(shown_name(" yamada\n"), "yamada");
        assert_eq!(shown_name("a b"), "a_b");
        assert_eq!(shown_name("x\u{1b}[2J\u{202e}"), "x<U+001B>[2J<U+202E>");
        assert_eq!(shown_name(&"u".repeat(100)).len(), 64);
    }
}
