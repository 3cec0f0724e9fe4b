//! The answer file on disk as one opened thing: the directory it lives in (opened once, by
//! the path resolved once), its name in that directory, and what was last seen there.
//!
//! Every later step goes through the directory handle (`openat`, `renameat`, `linkat`), never
//! through the path again, so a link swapped in for the sheet or for a directory on its path
//! after opening does not redirect a save. Before a save replaces the file, the file at the
//! name must still be the one loaded or last saved — same device and inode, same size and
//! modification time, the same bytes (compared with those kept from the load or the last
//! save) — else nothing is written and the caller hears [`SaveError::Changed`]: someone
//! else's change is never overwritten silently.

use std::ffi::OsString;
use std::fs::File;
use std::io::{self, Write as _};
use std::os::fd::OwnedFd;
use std::os::unix::fs::MetadataExt as _;
use std::path::{Path, PathBuf};

use rustix::fs::{AtFlags, Mode, OFlags};
use rustix::io::Errno;

use super::error::{DiskChange, Fault, Op, StoreError, Why};
use super::format::{checked_text, parse_sheet_quickly, to_ron};
use super::lock::{
    LockError, LockInfo, SheetLock, lock_beside, lock_identity, name_of_uid, unknown_holder,
};
use super::read::{Bound, Read, Source, holds, read, text_of};
use super::write::{
    Atomic, AtomicError, NAME_MAX, WriteFn, create_temp, dir_of, errno_io, identity, identity_of,
    real_target, sync_dir, write_all,
};
use crate::sheet::Sheet;

/// What identifies the file last seen at the sheet's name (its bytes are kept beside:
/// `SheetFile::on_disk`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Seen {
    pub(crate) dev: u64,
    pub(crate) ino: u64,
    pub(crate) size: u64,
    pub(crate) mtime: (i64, i64),
}

/// Why a save did not happen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveError {
    /// The file on disk is not the one loaded or last saved: someone else changed, replaced or
    /// removed it. Nothing was written.
    Changed(StoreError),
    /// Writing failed (full disk, permissions, …); the previous file is unchanged.
    Failed(StoreError),
}

impl SaveError {
    pub(crate) fn store_error(&self) -> &StoreError {
        match self {
            SaveError::Changed(e) | SaveError::Failed(e) => e,
        }
    }
}

impl std::fmt::Display for SaveError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.store_error().fmt(f)
    }
}

impl std::error::Error for SaveError {}

/// The answer file: its directory (opened once), its name there, and what was last seen.
#[derive(Debug)]
pub struct SheetFile {
    pub(super) dir: OwnedFd,
    pub(super) name: OsString,
    /// The path as given, for messages.
    path: PathBuf,
    /// The directory opened, as resolved at opening (through links), for naming a copy
    /// saved beside the file.
    dir_path: PathBuf,
    /// The file loaded or last saved; `None` when the file did not exist (then a save
    /// creates it, and only if no file of that name has appeared meanwhile).
    seen: Option<Seen>,
    /// Its bytes, as loaded or last written: a save compares the bytes at the name with
    /// them (an edit of the same size and time is someone else's change too), and they are
    /// the sheet as loaded or last saved, read again (rarely: [`SheetFile::base`]) to re-apply
    /// this session's changes after someone else changed the file. Not kept as a [`Sheet`]
    /// as well: a second copy of the sheet in memory for the rare conflict (#23.5).
    on_disk: Vec<u8>,
    /// The file last loaded or saved, kept open: it carries the lock on the file's identity
    /// (see `lock`), which is moved to each new file before it replaces the old one.
    pub(super) held: Option<File>,
    /// Whether this session holds the sheet's lock (see `lock`): saves then move the kernel
    /// lock to each new file.
    pub(super) locked: bool,
    /// The buffer each save serialises into, kept from save to save.
    text: String,
}

fn seen_of(meta: &std::fs::Metadata) -> Seen {
    Seen {
        dev: meta.dev(),
        ino: meta.ino(),
        size: meta.size(),
        mtime: (meta.mtime(), meta.mtime_nsec()),
    }
}

impl SheetFile {
    /// Resolves `path` once (through symbolic links to the file really meant) and opens its
    /// directory. Nothing is read yet.
    pub fn open(path: &Path) -> Result<SheetFile, StoreError> {
        let target = real_target(path).map_err(|e| StoreError::io(path, Op::Open, &e))?;
        let Some(name) = target.file_name().map(|n| n.to_os_string()) else {
            return Err(StoreError::new(path, Why::NotAFileName));
        };
        let dir = rustix::fs::openat(
            rustix::fs::CWD,
            dir_of(&target),
            OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC,
            Mode::empty(),
        )
        .map_err(|e| StoreError::new(path, Why::DirUnusable(Fault::of(&errno_io(e)))))?;
        Ok(SheetFile::unread(
            dir,
            dir_of(&target).to_path_buf(),
            name,
            path.to_path_buf(),
        ))
    }

    /// The file `name` in the directory `dir` (opened from `dir_path`), nothing read or
    /// written yet; `path` is the name it is given in messages.
    fn unread(dir: OwnedFd, dir_path: PathBuf, name: OsString, path: PathBuf) -> SheetFile {
        SheetFile {
            dir,
            name,
            path,
            dir_path,
            seen: None,
            on_disk: Vec::new(),
            held: None,
            locked: false,
            text: String::new(),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether a file (or anything else) is at the sheet's name now.
    pub(crate) fn exists(&self) -> bool {
        rustix::fs::statat(&self.dir, self.name.as_os_str(), AtFlags::SYMLINK_NOFOLLOW).is_ok()
    }

    /// Keeps the file at the name open (if it is a regular file and none is held yet), so the
    /// lock can follow its identity.
    pub(super) fn hold(&mut self) {
        if self.held.is_none()
            && let Ok(f) = super::read::open(Source::At(&self.dir, &self.name))
            && f.metadata().is_ok_and(|m| m.is_file())
        {
            self.held = Some(f);
        }
    }

    /// The file at the name opened for writing (for the writers' lock), never through a link;
    /// it must be `same`, the file just read. A user who may not write it cannot edit it.
    pub(super) fn writable(&self, same: &File) -> Result<File, StoreError> {
        let fd = rustix::fs::openat(
            &self.dir,
            self.name.as_os_str(),
            OFlags::RDWR | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::CLOEXEC,
            Mode::empty(),
        )
        .map_err(|e| match e {
            Errno::ACCESS | Errno::PERM => StoreError::new(&self.path, Why::FileNotWritable),
            e => StoreError::io(&self.path, Op::Lock, &errno_io(e)),
        })?;
        let file = File::from(fd);
        let opened = identity_of(&file);
        if opened.is_none() || opened != identity_of(same) {
            return Err(StoreError::new(
                &self.path,
                Why::Changed(DiskChange::Replaced),
            ));
        }
        Ok(file)
    }

    /// Whether this user may replace `file`, the file at the name (a save replaces it): in a
    /// sticky directory (`chmod +t`) only the file's owner, the directory's owner and root may.
    fn replaceable(&self, file: &File) -> Result<(), StoreError> {
        let dir = rustix::fs::fstat(&self.dir)
            .map_err(|e| StoreError::new(&self.path, Why::DirUnusable(Fault::of(&errno_io(e)))))?;
        let owner = file
            .metadata()
            .map_err(|e| StoreError::io(&self.path, Op::Lock, &e))?
            .uid();
        let me = rustix::process::geteuid();
        if dir.st_mode & 0o1000 == 0 || me.is_root() || [owner, dir.st_uid].contains(&me.as_raw()) {
            return Ok(());
        }
        let owner = name_of_uid(owner).unwrap_or_else(|| format!("uid {owner}"));
        Err(StoreError::new(&self.path, Why::StickyNotOwner { owner }))
    }

    /// How many names (hard links) the file loaded has; 1 when it was not loaded.
    pub(crate) fn names(&self) -> u64 {
        self.held
            .as_ref()
            .and_then(|f| f.metadata().ok())
            .map_or(1, |m| m.nlink())
    }

    /// Reads the file at the name: a regular file of at most 16 MiB, never through a link.
    fn read_current(&self) -> Result<(File, Vec<u8>, Seen), StoreError> {
        let Read { file, meta, bytes } =
            read(&self.path, Source::At(&self.dir, &self.name), Bound::Sheet)?;
        Ok((file, bytes, seen_of(&meta)))
    }

    /// Loads the sheet and remembers what was read, so that a later save can tell whether
    /// someone else changed the file meanwhile.
    pub fn load(&mut self) -> Result<Sheet, StoreError> {
        let (file, bytes, seen) = self.read_current()?;
        let table = |e| super::read::or_table(&self.path, e);
        let text = text_of(&self.path, bytes).map_err(table)?;
        let sheet = parse_sheet_quickly(&text, &self.path.display().to_string()).map_err(table)?;
        self.seen = Some(seen);
        self.on_disk = text.into_bytes();
        self.held = Some(file);
        Ok(sheet)
    }

    /// The sheet as loaded or last saved (`None` when no file was there): its bytes read
    /// again. They read as that sheet when they were kept (the load read them, a save read
    /// its text back), so this fails only if memory was damaged meanwhile.
    fn base(&self) -> Result<Option<Sheet>, StoreError> {
        if self.seen.is_none() {
            return Ok(None);
        }
        let text = std::str::from_utf8(&self.on_disk)
            .map_err(|_| StoreError::new(&self.path, Why::WouldNotReadBack(None)))?;
        parse_sheet_quickly(text, &self.path.display().to_string()).map(Some)
    }

    /// Whether the file at the name is still the one loaded or last saved (`None`: nothing
    /// was there, and nothing may be there now), with that file as the check opened it (`None`
    /// if what it read was not the file stat'ed: replaced and put back meanwhile). `Err` says
    /// what changed.
    fn unchanged(&self) -> Result<Option<(rustix::fs::Stat, Option<File>)>, DiskChange> {
        let now = rustix::fs::statat(&self.dir, self.name.as_os_str(), AtFlags::SYMLINK_NOFOLLOW);
        match (&self.seen, now) {
            (None, Err(Errno::NOENT)) => Ok(None),
            (None, Ok(_)) => Err(DiskChange::Appeared),
            (Some(_), Err(Errno::NOENT)) => Err(DiskChange::Removed),
            (_, Err(e)) => Err(DiskChange::Unreadable(Box::new(Why::io(
                Op::Read,
                &errno_io(e),
            )))),
            (Some(seen), Ok(st)) => {
                if identity(&st) != (seen.dev, seen.ino) {
                    return Err(DiskChange::Replaced);
                }
                #[allow(clippy::unnecessary_cast)]
                let (size, mtime) = (
                    st.st_size as u64,
                    (st.st_mtime as i64, st.st_mtime_nsec as i64),
                );
                if size != seen.size || mtime != seen.mtime {
                    return Err(DiskChange::Changed);
                }
                match holds(&self.path, Source::At(&self.dir, &self.name), &self.on_disk) {
                    Ok((file, meta, true)) => {
                        let same = (meta.dev(), meta.ino()) == identity(&st);
                        Ok(Some((st, same.then_some(file))))
                    }
                    Ok(_) => Err(DiskChange::Changed),
                    Err(e) => Err(DiskChange::Unreadable(Box::new(e.why))),
                }
            }
        }
    }

    /// Whether a save of `sheet` can be written here: a temporary file of its size is written
    /// and removed again (a full disk, a quota). Nothing else is touched.
    pub fn probe_save(&self, sheet: &Sheet) -> Result<(), StoreError> {
        let text = to_ron(sheet);
        let (mut file, tmp) = create_temp(&self.dir, &self.name, 0o600)
            .map_err(|e| StoreError::io(&self.path, Op::SaveHere, &e))?;
        let result = file
            .write_all(text.as_bytes())
            .and_then(|()| file.sync_all());
        drop(file);
        let _ = rustix::fs::unlinkat(&self.dir, &tmp, AtFlags::empty());
        result.map_err(|e| StoreError::io(&self.path, Op::SaveHere, &e))
    }

    /// Saves over the file loaded or last saved — only if it is still that file, unchanged.
    pub fn save(&mut self, sheet: &Sheet) -> Result<(), SaveError> {
        self.save_with(sheet, &mut write_all)
    }

    /// [`SheetFile::save`] with the write step supplied (fault injection in tests).
    pub(crate) fn save_with(
        &mut self,
        sheet: &Sheet,
        write: &mut WriteFn<'_>,
    ) -> Result<(), SaveError> {
        let mut text = std::mem::take(&mut self.text);
        checked_text(&self.path, sheet, &mut text).map_err(SaveError::Failed)?;
        let existing = self.unchanged().map_err(|change| {
            SaveError::Changed(StoreError::new(&self.path, Why::Changed(change)))
        })?;
        let written = match &existing {
            Some((st, opened)) => self.write(&text, Some((st, opened.as_ref())), write),
            None => self.write(&text, None, write),
        };
        self.text = text;
        written.map_err(|e| {
            // Refused for permissions: say so when it is for good (a sticky directory
            // whose rule changed during the session).
            let denied = matches!(&e.why, Why::SaveFailed { fault: Fault::Os(os), .. }
                    if os.kind == io::ErrorKind::PermissionDenied);
            match self.held.as_ref().map(|f| self.replaceable(f)) {
                Some(Err(sticky)) if denied => SaveError::Failed(sticky),
                _ => SaveError::Failed(e),
            }
        })
    }

    /// Writes the sheet whatever is at the name now (a file of this name is replaced, but
    /// never written through a link). For tools and tests that own the file.
    pub(crate) fn save_replacing(
        &mut self,
        sheet: &Sheet,
        write: &mut WriteFn<'_>,
    ) -> Result<(), StoreError> {
        let mut text = String::new();
        checked_text(&self.path, sheet, &mut text)?;
        let st = rustix::fs::statat(&self.dir, self.name.as_os_str(), AtFlags::SYMLINK_NOFOLLOW);
        let existing = match st {
            Ok(st) if rustix::fs::FileType::from_raw_mode(st.st_mode).is_dir() => {
                return Err(StoreError::new(&self.path, Why::SaveIsDirectory));
            }
            Ok(st) => Some(st),
            Err(Errno::NOENT) => None,
            Err(e) => return Err(StoreError::io(&self.path, Op::Save, &errno_io(e))),
        };
        self.write(&text, existing.as_ref().map(|st| (st, None)), write)
    }

    /// Creates the file; refuses when anything of that name exists (also one that appeared
    /// after opening). Works where hard links do not (vfat, exFAT).
    pub fn create(&mut self, sheet: &Sheet) -> Result<(), StoreError> {
        let mut text = String::new();
        checked_text(&self.path, sheet, &mut text)?;
        if self.exists() {
            return Err(already_exists(&self.path));
        }
        self.write(&text, None, &mut write_all)
    }

    /// Saves the sheet beside the file under a new name (`NAME.YYYYMMDD-HHMMSS.ron`, or with a
    /// number when taken), created only if free, in the directory opened (through a link to
    /// the sheet: beside the file it names). Returns the copy, opened through that same
    /// directory handle and as just saved, ready to be locked and edited (never reopened by
    /// path: through a link, its name is in another directory). This file stays as it is.
    pub fn save_beside(
        &self,
        sheet: &Sheet,
        now: time::OffsetDateTime,
    ) -> Result<SheetFile, StoreError> {
        let mut text = String::new();
        checked_text(&self.path, sheet, &mut text)?;
        let stamp = format!(
            "{:04}{:02}{:02}-{:02}{:02}{:02}",
            now.year(),
            u8::from(now.month()),
            now.day(),
            now.hour(),
            now.minute(),
            now.second()
        );
        let name = self.name.to_string_lossy();
        let stem = name.strip_suffix(".ron").unwrap_or(&name);
        for n in 0..100 {
            let suffix = if n == 0 {
                format!(".{stamp}.ron")
            } else {
                format!(".{stamp}-{n}.ron")
            };
            let mut keep = NAME_MAX.saturating_sub(suffix.len()).min(stem.len());
            while !stem.is_char_boundary(keep) {
                keep -= 1;
            }
            let new_name = OsString::from(format!("{}{suffix}", &stem[..keep]));
            let dir = self
                .dir
                .try_clone()
                .map_err(|e| StoreError::io(&self.path, Op::Save, &e))?;
            let path = self.dir_path.join(&new_name);
            let mut other = SheetFile::unread(dir, self.dir_path.clone(), new_name, path);
            match other.write(&text, None, &mut write_all) {
                Ok(()) => return Ok(other),
                Err(e) if e.why == Why::AlreadyExists => continue,
                Err(e) => return Err(e),
            }
        }
        Err(StoreError::new(&self.path, Why::NoFreeName))
    }

    /// Reads the file as it is now (someone else's version), re-applies this session's changes
    /// (`mine` against the sheet loaded or last saved) on top of it, and adopts it as the file
    /// to save over. Returns the merged sheet, which still has to be saved.
    pub fn reload_and_reapply(&mut self, mine: &Sheet) -> Result<Sheet, StoreError> {
        let (file, bytes, seen) = self.read_current()?;
        let text = text_of(&self.path, bytes)?;
        let theirs = parse_sheet_quickly(&text, &self.path.display().to_string())?;
        let merged = match self.base()? {
            Some(base) => crate::sheet::reapply(&base, mine, &theirs),
            None => mine.clone(),
        };
        // The identity lock moves to the file now there, unless it is the file held (written
        // in place, as `cp` over it does): the lock is on it already, and a second handle of
        // this process would find its own lock in the way.
        let same = self
            .held
            .as_ref()
            .and_then(identity_of)
            .is_some_and(|i| identity_of(&file) == Some(i));
        if !same {
            let file = if self.locked {
                let w = self.writable(&file)?;
                lock_identity(&self.path, &w)?;
                w
            } else {
                file
            };
            self.held = Some(file);
        }
        self.seen = Some(seen);
        self.on_disk = text.into_bytes();
        Ok(merged)
    }

    /// The common write, through the one atomic writer: over `existing` (checked again just
    /// before the rename) or onto a free name, with the old owner and mode (0600 for a new
    /// file), the lock moved to the new file when this session holds it; then the directory is
    /// synced.
    fn write(
        &mut self,
        text: &str,
        existing: Option<(&rustix::fs::Stat, Option<&File>)>,
        write: &mut WriteFn<'_>,
    ) -> Result<(), StoreError> {
        let (existing, over_file) = existing.unzip();
        let over_file = over_file.flatten();
        let path = self.path.clone();
        let fail = |e: io::Error| {
            StoreError::new(
                &path,
                Why::SaveFailed {
                    fault: Fault::of(&e),
                    existed: existing.is_some(),
                },
            )
        };
        let locked = self.locked;
        let atomic = Atomic {
            dir: &self.dir,
            name: &self.name,
            over: existing,
            over_file,
            mode: Some(existing.map_or(0o600, |st| st.st_mode & 0o7777)),
            keep_owner: true,
        };
        let file = atomic
            .write(text.as_bytes(), write, |file| {
                if locked {
                    lock_identity(&path, file)
                        .map_err(|e| Fault::Why(Box::new(e.why)).into_io())?;
                }
                Ok(())
            })
            .map_err(|e| match e {
                AtomicError::Write(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                    already_exists(&path)
                }
                AtomicError::Temp(e) | AtomicError::Write(e) => fail(e),
            })?;
        // What is on disk now is what we wrote.
        let meta = file
            .metadata()
            .map_err(|e| StoreError::io(&self.path, Op::ReadBack, &e))?;
        self.seen = Some(seen_of(&meta));
        self.on_disk.clear();
        self.on_disk.extend_from_slice(text.as_bytes());
        if self.locked {
            // The kernel lock is on this handle now; the old file's lock goes with its handle.
            self.held = Some(file);
        }
        sync_dir(&self.dir).map_err(|e| {
            StoreError::new(&self.path, Why::SavedDirNotSynced(Fault::of(&errno_io(e))))
        })
    }
}

pub(super) fn already_exists(path: &Path) -> StoreError {
    StoreError::new(path, Why::AlreadyExists)
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
    let lock = take_lock(sheet)?;
    // On failure the lock is dropped: its file is removed, nothing is left behind.
    lock.sync().map_err(LockError::Unusable)?;
    Ok(lock)
}

/// A lock taken on a sheet ([`lock_file_pending`]) before the disk has been waited for: its
/// lock file may not be on the disk yet, and saving has not been tried.
#[derive(Debug)]
#[must_use = "the lock is only usable once confirmed"]
pub struct PendingLock(SheetLock);

/// [`lock_file`] without the waits for the disk, which [`PendingLock::confirm`] does later:
/// the interview draws its first frame meanwhile, and reads no key before confirming.
pub fn lock_file_pending(sheet: &mut SheetFile) -> Result<PendingLock, LockError> {
    take_lock(sheet).map(PendingLock)
}

impl PendingLock {
    /// See [`SheetLock::recovered`].
    pub fn recovered(&self) -> Option<&LockInfo> {
        self.0.recovered()
    }

    /// Waits for the disk: the lock file's record synced and, for a loaded `sheet`, a trial
    /// save of it beside the file ([`SheetFile::probe_save`]) — saving must be possible from
    /// the start (a full disk where the small lock file still fitted). On failure the lock is
    /// released and its file removed, as [`lock_file`] leaves nothing behind; the sheet is
    /// then for reading only, and the error says why.
    pub fn confirm(self, file: &SheetFile, sheet: Option<&Sheet>) -> Result<SheetLock, StoreError> {
        self.0.sync()?;
        if let Some(sheet) = sheet {
            file.probe_save(sheet)?;
        }
        Ok(self.0)
    }
}

/// The locks of [`lock_file`], the lock file written but not yet synced.
fn take_lock(sheet: &mut SheetFile) -> Result<SheetLock, LockError> {
    sheet.hold();
    // A file this user may not replace can never be saved: no editing, and no lock file.
    if let Some(held) = &sheet.held {
        sheet.replaceable(held).map_err(LockError::Unusable)?;
    }
    let mut lock = lock_beside(&sheet.dir, &sheet.name, &sheet.path, sheet.held.as_ref())?;
    // One editor per file: the writers' lock on the sheet file itself, whatever its name.
    if let Some(held) = &sheet.held {
        let f = sheet.writable(held).map_err(LockError::Unusable)?;
        if let Err(e) = lock_identity(&sheet.path, &f) {
            if e.why != Why::HeldUnderOtherName {
                return Err(LockError::Unusable(e));
            }
            drop(lock);
            return Err(LockError::Held(LockInfo {
                other_name: true,
                ..unknown_holder(None)
            }));
        }
        lock.identity = f.try_clone().ok();
        sheet.held = Some(f);
    }
    sheet.locked = true;
    Ok(lock)
}
