//! The advisory lock that keeps two editors apart, safe in a directory shared with others.
//!
//! Two locks are taken, both the kernel's writers' lock (an open-file-description `fcntl` write
//! lock, which only a handle open for writing can take: someone who may only read a file cannot
//! hold it, and a reader's `flock` or read lock does not count). The one on the sheet file
//! itself makes it one editor per *file*: a second name for it (a hard link) finds it locked; a
//! save moves that lock to the new file before the new file takes the name. The lock file
//! `.NAME.lock` beside the sheet covers a sheet that does not exist yet and says who holds it
//! (host, pid, since).
//!
//! The lock file is only ever created new (`O_CREAT | O_EXCL | O_NOFOLLOW`) and only a file
//! tenken created is written. An existing one is opened never through a link (for writing where
//! allowed, to hold it while it is replaced; else only to read it); one that is not a plain
//! regular file (a planted symbolic or hard link, a FIFO) or cannot be read is not used, and the
//! sheet opens read-only saying why. A lock file whose holder is gone (no writers' lock on it)
//! is removed and made anew; in a group-shared directory it gets the sheet's group permission,
//! so colleagues who may write the sheet can see and take over a stale one, and those who may
//! only read it can see who holds it.

use std::ffi::{OsStr, OsString};
use std::fmt;
use std::fs::File;
use std::io::{self, Read as _, Write as _};
use std::os::fd::OwnedFd;
use std::os::unix::fs::MetadataExt as _;
use std::path::{Path, PathBuf};

use rustix::fs::{AtFlags, Mode, OFlags};
use rustix::io::Errno;
use serde::Deserialize;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

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
        let (user, host) = (or_unknown(&self.user), or_unknown(&self.host));
        // The holder's local time as recorded, shown as every time for people is: in the
        // reader's offset, else in the holder's own (a moment all the same, its offset said).
        let since = match OffsetDateTime::parse(&self.since, &Rfc3339) {
            Ok(t) => crate::clock::local_time(
                t,
                Some(crate::clock::local_offset().unwrap_or(t.offset())),
                lang,
            ),
            Err(_) => or_unknown(&self.since),
        };
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
    /// The lock file, open: it carries the kernel lock until it is closed.
    _file: File,
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

    /// Puts the lock file's record on the disk (`fsync`): written but not synced when the lock
    /// is taken, so that the wait for the disk can come after the interview's first frame. A
    /// full or failing disk shows here, as an error about writing the lock file.
    pub(super) fn sync(&self) -> Result<(), StoreError> {
        self._file
            .sync_all()
            .map_err(|e| StoreError::io(&self.lock_path, Op::WriteLockFile, &e))
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
        // Closing `file` releases its kernel lock.
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
pub(super) fn name_of_uid(uid: u32) -> Option<String> {
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
    // Not synced here: see `SheetLock::sync`.
    file.write_all(text.as_bytes())
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

/// What asking for the writers' lock on a file found.
#[derive(Debug, PartialEq, Eq)]
enum WriteLock {
    /// Taken: this handle holds it until it is closed.
    Taken,
    /// Another process that may write the file holds it (an editor).
    Held,
    /// Only a read lock is in the way: a reader's, never an editor's. Not taken.
    ReadLockInTheWay,
    /// This filesystem has no such locks.
    Unsupported,
}

/// A lock of type `l_type` on the whole file.
fn whole(l_type: nix::libc::c_int) -> nix::libc::flock {
    use nix::libc;
    libc::flock {
        l_type: l_type as libc::c_short,
        l_whence: libc::SEEK_SET as libc::c_short,
        l_start: 0,
        l_len: 0,
        l_pid: 0,
    }
}

/// Asks for an open-file-description write lock (`F_OFD_SETLK`, `F_WRLCK`) on the whole of
/// `file`. The kernel grants it only on a handle opened for writing (`EBADF` otherwise), so
/// someone who may only read the file cannot take it; a reader's `flock` does not touch it.
fn write_lock(file: &File) -> Result<WriteLock, nix::errno::Errno> {
    use nix::errno::Errno as E;
    use nix::fcntl::{FcntlArg, fcntl};
    use nix::libc;
    for _ in 0..100 {
        match fcntl(file, FcntlArg::F_OFD_SETLK(&whole(libc::F_WRLCK))) {
            Ok(_) => return Ok(WriteLock::Taken),
            Err(E::EAGAIN | E::EACCES) => {}
            Err(E::EINVAL | E::ENOLCK | E::EOPNOTSUPP) => return Ok(WriteLock::Unsupported),
            Err(e) => return Err(e),
        }
        let mut held = whole(libc::F_WRLCK);
        match fcntl(file, FcntlArg::F_OFD_GETLK(&mut held)) {
            Ok(_) if held.l_type == libc::F_RDLCK as libc::c_short => {
                return Ok(WriteLock::ReadLockInTheWay);
            }
            // Released meanwhile: ask again.
            Ok(_) if held.l_type == libc::F_UNLCK as libc::c_short => {}
            _ => return Ok(WriteLock::Held),
        }
    }
    Ok(WriteLock::Held)
}

/// Whether an editor (a process holding the writers' lock) has `file` open; for a handle that
/// may only read it. `None`: this filesystem cannot tell.
fn write_locked(file: &File) -> Option<bool> {
    use nix::fcntl::{FcntlArg, fcntl};
    use nix::libc;
    let mut held = whole(libc::F_WRLCK);
    fcntl(file, FcntlArg::F_OFD_GETLK(&mut held)).ok()?;
    Some(held.l_type == libc::F_WRLCK as libc::c_short)
}

/// Takes the writers' lock on an open sheet file — the lock that follows the file's identity,
/// so that a second name for it (a hard link) finds it taken (see [`write_lock`]). A reader's
/// `fcntl` read lock in its way is told apart by its type (then this file goes without it; the
/// lock file still keeps its name to one editor). `file` must be open for writing.
pub(super) fn lock_identity(path: &Path, file: &File) -> Result<(), StoreError> {
    match write_lock(file) {
        Ok(WriteLock::Taken | WriteLock::ReadLockInTheWay | WriteLock::Unsupported) => Ok(()),
        Ok(WriteLock::Held) => Err(StoreError::new(path, Why::HeldUnderOtherName)),
        Err(nix::errno::Errno::EBADF) => Err(StoreError::new(path, Why::FileNotWritable)),
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
                match write_lock(&file) {
                    Ok(WriteLock::Taken | WriteLock::Unsupported) => {}
                    // Someone took our new file for a stale one: start again.
                    Ok(WriteLock::Held) => continue,
                    // A reader's lock on our brand-new file: make another.
                    Ok(WriteLock::ReadLockInTheWay) => {
                        remove();
                        continue;
                    }
                    Err(e) => {
                        remove();
                        return Err(failed(Op::Lock, &io::Error::from_raw_os_error(e as i32)));
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
                    _file: file,
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
        // A lock file exists: whose, and is it still held? Opened for writing where allowed,
        // to take its lock while it is replaced; else only to read it.
        let open = |access: OFlags| {
            rustix::fs::openat(
                &dir,
                lock_name.as_os_str(),
                access | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::CLOEXEC,
                Mode::empty(),
            )
        };
        let fd = match open(OFlags::RDWR).or_else(|e| match e {
            Errno::ACCESS | Errno::PERM | Errno::ROFS => open(OFlags::RDONLY),
            e => Err(e),
        }) {
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
        // Only an editor's write lock counts: a reader's lock of any kind stops no one.
        let held = match write_lock(&file) {
            Ok(WriteLock::Taken | WriteLock::ReadLockInTheWay) => Some(false),
            Ok(WriteLock::Held) => Some(true),
            Ok(WriteLock::Unsupported) => None,
            // Not open for writing: only look.
            Err(nix::errno::Errno::EBADF) => write_locked(&file),
            Err(e) => return Err(failed(Op::Lock, &io::Error::from_raw_os_error(e as i32))),
        };
        match held {
            Some(true) => return Err(LockError::Held(info.unwrap_or_else(unknown))),
            Some(false) => {}
            None => {
                if let Some(info) = info.clone().filter(|i| !i.stale) {
                    return Err(LockError::Held(info));
                }
            }
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
        crate::assert_gives(
            shown_name,
            &[
                (" yamada\n", "yamada"),
                ("a b", "a_b"),
                ("x\u{1b}[2J\u{202e}", "x<U+001B>[2J<U+202E>"),
            ],
        );
        assert_eq!(shown_name(&"u".repeat(100)).len(), 64);
    }
}
