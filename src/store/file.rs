//! The answer file on disk as one opened thing: the directory it lives in (opened once, by
//! the path resolved once), its name in that directory, and what was last seen there.
//!
//! Every later step goes through the directory handle (`openat`, `renameat`, `linkat`), never
//! through the path again, so a link swapped in for the sheet or for a directory on its path
//! after opening does not redirect a save. Before a save replaces the file, the file at the
//! name must still be the one loaded or last saved — same device and inode, same size and
//! modification time, same contents (hash) — else nothing is written and the caller hears
//! [`SaveError::Changed`]: someone else's change is never overwritten silently.

use std::ffi::OsString;
use std::fs::File;
use std::hash::Hasher as _;
use std::io::{self, Read as _, Write as _};
use std::os::fd::OwnedFd;
use std::os::unix::ffi::OsStrExt as _;
use std::os::unix::fs::MetadataExt as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

use rustix::fs::{AtFlags, Mode, OFlags, RenameFlags};
use rustix::io::Errno;

use super::{Change, Fault, MAX_SHEET_BYTES, Op, StoreError, Why, parse_sheet};
use crate::sheet::Sheet;

/// Longest file name most filesystems take (ext4, xfs, tmpfs, vfat/exFAT in UTF-16 units).
pub const NAME_MAX: usize = 255;

/// What identifies the contents last seen at the sheet's name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Seen {
    pub dev: u64,
    pub ino: u64,
    pub size: u64,
    pub mtime: (i64, i64),
    pub hash: u64,
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
    pub fn store_error(&self) -> &StoreError {
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
    /// The contents loaded or last saved; `None` when the file did not exist (then a save
    /// creates it, and only if no file of that name has appeared meanwhile).
    seen: Option<Seen>,
    /// The sheet as loaded or last saved, for re-applying this session's changes after
    /// someone else changed the file.
    base: Option<Sheet>,
    /// The file last loaded or saved, kept open: it carries the lock on the file's identity
    /// (see `lock`), which is moved to each new file before it replaces the old one.
    pub(super) held: Option<File>,
    /// Whether this session holds the sheet's lock (see `lock`): saves then move the kernel
    /// lock to each new file.
    pub(super) locked: bool,
}

pub(super) fn errno_io(e: Errno) -> io::Error {
    io::Error::from(e)
}

fn identity(st: &rustix::fs::Stat) -> (u64, u64) {
    #[allow(clippy::unnecessary_cast)]
    (st.st_dev as u64, st.st_ino as u64)
}

fn seen_of(meta: &std::fs::Metadata, bytes: &[u8]) -> Seen {
    let mut h = std::hash::DefaultHasher::new();
    h.write(bytes);
    Seen {
        dev: meta.dev(),
        ino: meta.ino(),
        size: meta.size(),
        mtime: (meta.mtime(), meta.mtime_nsec()),
        hash: h.finish(),
    }
}

/// Follows symbolic links (also dangling ones) to the file that is really meant.
pub(super) fn real_target(path: &Path) -> io::Result<PathBuf> {
    let mut p = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => {
                let link = std::fs::read_link(&p)?;
                p = match p.parent() {
                    Some(dir) => dir.join(link),
                    None => link,
                };
            }
            Ok(_) => return Ok(p),
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(p),
            Err(e) => return Err(e),
        }
    }
    Err(errno_io(Errno::LOOP))
}

pub(super) fn dir_of(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// `.NAME.SUFFIX` for a file beside the sheet, shortened (keeping the start of the name and
/// adding a hash of all of it) so that it stays within [`NAME_MAX`] bytes.
pub(super) fn beside_name(name: &std::ffi::OsStr, suffix: &str) -> OsString {
    let bytes = name.as_bytes();
    let room = NAME_MAX - 1 - 1 - suffix.len();
    let mut out = Vec::with_capacity(NAME_MAX);
    out.push(b'.');
    if bytes.len() <= room {
        out.extend_from_slice(bytes);
    } else {
        let mut h = std::hash::DefaultHasher::new();
        h.write(bytes);
        let tag = format!("~{:016x}", h.finish());
        let mut keep = room - tag.len();
        // Cut at a character boundary when the name is UTF-8.
        while keep > 0
            && std::str::from_utf8(&bytes[..keep]).is_err()
            && (bytes[keep] & 0xC0) == 0x80
        {
            keep -= 1;
        }
        out.extend_from_slice(&bytes[..keep]);
        out.extend_from_slice(tag.as_bytes());
    }
    out.push(b'.');
    out.extend_from_slice(suffix.as_bytes());
    OsString::from(std::ffi::OsStr::from_bytes(&out))
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
        Ok(SheetFile {
            dir,
            name,
            path: path.to_path_buf(),
            seen: None,
            base: None,
            held: None,
            locked: false,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether a file (or anything else) is at the sheet's name now.
    pub fn exists(&self) -> bool {
        rustix::fs::statat(&self.dir, self.name.as_os_str(), AtFlags::SYMLINK_NOFOLLOW).is_ok()
    }

    /// Opens the file at the name, never through a link, and never blocking on a FIFO.
    fn open_file(&self) -> io::Result<File> {
        let fd = rustix::fs::openat(
            &self.dir,
            self.name.as_os_str(),
            OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::CLOEXEC,
            Mode::empty(),
        )
        .map_err(|e| match e {
            Errno::LOOP => Fault::LinkAppeared.into_io(),
            e => errno_io(e),
        })?;
        Ok(File::from(fd))
    }

    /// Keeps the file at the name open (if it is a regular file and none is held yet), so the
    /// lock can follow its identity.
    pub(super) fn hold(&mut self) {
        if self.held.is_none()
            && let Ok(f) = self.open_file()
            && f.metadata().is_ok_and(|m| m.is_file())
        {
            self.held = Some(f);
        }
    }

    /// Reads the file at the name: a regular file of at most 16 MiB.
    fn read_current(&self) -> Result<(File, Vec<u8>, Seen), StoreError> {
        let file = self
            .open_file()
            .map_err(|e| StoreError::io(&self.path, Op::Open, &e))?;
        let meta = file
            .metadata()
            .map_err(|e| StoreError::io(&self.path, Op::Read, &e))?;
        super::regular_and_small(&self.path, &meta)?;
        let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
        (&file)
            .take(MAX_SHEET_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| StoreError::io(&self.path, Op::Read, &e))?;
        if bytes.len() as u64 > MAX_SHEET_BYTES {
            return Err(super::too_big(&self.path, bytes.len() as u64));
        }
        let seen = seen_of(&meta, &bytes);
        Ok((file, bytes, seen))
    }

    /// Loads the sheet and remembers what was read, so that a later save can tell whether
    /// someone else changed the file meanwhile.
    pub fn load(&mut self) -> Result<Sheet, StoreError> {
        let (file, bytes, seen) = self.read_current()?;
        let text = super::text_of(&self.path, bytes)?;
        let sheet = parse_sheet(&text, &self.path.display().to_string())?;
        self.seen = Some(seen);
        self.base = Some(sheet.clone());
        self.held = Some(file);
        Ok(sheet)
    }

    /// The sheet as loaded or last saved.
    pub fn base(&self) -> Option<&Sheet> {
        self.base.as_ref()
    }

    /// Whether the file at the name is still the one loaded or last saved (`None`: nothing
    /// was there, and nothing may be there now). `Err` says what changed.
    fn unchanged(&self) -> Result<Option<rustix::fs::Stat>, Change> {
        let now = rustix::fs::statat(&self.dir, self.name.as_os_str(), AtFlags::SYMLINK_NOFOLLOW);
        match (&self.seen, now) {
            (None, Err(Errno::NOENT)) => Ok(None),
            (None, Ok(_)) => Err(Change::Appeared),
            (Some(_), Err(Errno::NOENT)) => Err(Change::Removed),
            (_, Err(e)) => Err(Change::Unreadable(Box::new(Why::io(
                Op::Read,
                &errno_io(e),
            )))),
            (Some(seen), Ok(st)) => {
                if identity(&st) != (seen.dev, seen.ino) {
                    return Err(Change::Replaced);
                }
                #[allow(clippy::unnecessary_cast)]
                let (size, mtime) = (
                    st.st_size as u64,
                    (st.st_mtime as i64, st.st_mtime_nsec as i64),
                );
                if size != seen.size || mtime != seen.mtime {
                    return Err(Change::Changed);
                }
                match self.read_current() {
                    Ok((_, _, now)) if now.hash == seen.hash => Ok(Some(st)),
                    Ok(_) => Err(Change::Changed),
                    Err(e) => Err(Change::Unreadable(Box::new(e.why))),
                }
            }
        }
    }

    /// Whether a save of `sheet` can be written here: a temporary file of its size is written
    /// and removed again (a full disk, a quota). Nothing else is touched.
    pub fn probe_save(&self, sheet: &Sheet) -> Result<(), StoreError> {
        let text = super::to_ron(sheet);
        let (mut file, tmp) = self
            .create_temp()
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
        self.save_with(sheet, &mut super::write_all)
    }

    /// [`SheetFile::save`] with the write step supplied (fault injection in tests).
    pub fn save_with(
        &mut self,
        sheet: &Sheet,
        write: &mut super::WriteFn<'_>,
    ) -> Result<(), SaveError> {
        let text = super::checked_text(&self.path, sheet).map_err(SaveError::Failed)?;
        let existing = self.unchanged().map_err(|change| {
            SaveError::Changed(StoreError::new(&self.path, Why::Changed(change)))
        })?;
        let replace = if existing.is_some() {
            Replace::Overwrite
        } else {
            Replace::CreateNew
        };
        self.write(sheet, &text, existing.as_ref(), write, replace)
            .map_err(SaveError::Failed)
    }

    /// Writes the sheet whatever is at the name now (a file of this name is replaced, but
    /// never written through a link). For tools and tests that own the file.
    pub fn save_replacing(
        &mut self,
        sheet: &Sheet,
        write: &mut super::WriteFn<'_>,
    ) -> Result<(), StoreError> {
        let text = super::checked_text(&self.path, sheet)?;
        let st = rustix::fs::statat(&self.dir, self.name.as_os_str(), AtFlags::SYMLINK_NOFOLLOW);
        let existing = match st {
            Ok(st) if rustix::fs::FileType::from_raw_mode(st.st_mode).is_dir() => {
                return Err(StoreError::new(&self.path, Why::SaveIsDirectory));
            }
            Ok(st) => Some(st),
            Err(Errno::NOENT) => None,
            Err(e) => return Err(StoreError::io(&self.path, Op::Save, &errno_io(e))),
        };
        let replace = if existing.is_some() {
            Replace::Overwrite
        } else {
            Replace::CreateNew
        };
        self.write(sheet, &text, existing.as_ref(), write, replace)
    }

    /// Creates the file; refuses when anything of that name exists (also one that appeared
    /// after opening). Works where hard links do not (vfat, exFAT).
    pub fn create(&mut self, sheet: &Sheet) -> Result<(), StoreError> {
        let text = super::checked_text(&self.path, sheet)?;
        if self.exists() {
            return Err(already_exists(&self.path));
        }
        self.write(
            sheet,
            &text,
            None,
            &mut super::write_all,
            Replace::CreateNew,
        )
    }

    /// Saves the sheet beside the file under a new name (`NAME.YYYYMMDD-HHMMSS.ron`, or with a
    /// number when taken), created only if free. Returns the new path. The file tenken edits
    /// stays the one it opened.
    pub fn save_beside(
        &self,
        sheet: &Sheet,
        now: time::OffsetDateTime,
    ) -> Result<PathBuf, StoreError> {
        let text = super::checked_text(&self.path, sheet)?;
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
            let mut other = SheetFile {
                dir: self
                    .dir
                    .try_clone()
                    .map_err(|e| StoreError::io(&self.path, Op::Save, &e))?,
                path: dir_of(&self.path).join(&new_name),
                name: new_name,
                seen: None,
                base: None,
                held: None,
                locked: false,
            };
            match other.write(
                sheet,
                &text,
                None,
                &mut super::write_all,
                Replace::CreateNew,
            ) {
                Ok(()) => return Ok(other.path),
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
        let text = super::text_of(&self.path, bytes)?;
        let theirs = parse_sheet(&text, &self.path.display().to_string())?;
        let merged = match &self.base {
            Some(base) => crate::sheet::reapply(base, mine, &theirs),
            None => mine.clone(),
        };
        // The identity lock moves to the file now there.
        if self.locked {
            super::lock::lock_identity(&self.path, &file)?;
        }
        self.seen = Some(seen);
        self.base = Some(theirs);
        self.held = Some(file);
        Ok(merged)
    }

    /// The common write: a temporary file beside the target (same directory handle), written,
    /// synced, given the old owner and mode (0600 for a new file), locked (when the old file
    /// was), and moved into place; then the directory is synced.
    fn write(
        &mut self,
        sheet: &Sheet,
        text: &str,
        existing: Option<&rustix::fs::Stat>,
        write: &mut super::WriteFn<'_>,
        replace: Replace,
    ) -> Result<(), StoreError> {
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
        let (mut file, tmp) = self.create_temp().map_err(fail)?;
        let result = (|| -> io::Result<()> {
            write(&mut file, text.as_bytes())?;
            file.flush()?;
            match existing {
                Some(st) => {
                    // Keep the owner and group when we may (root editing a user's file); a
                    // plain user cannot give a file away, and that is fine.
                    let _ = std::os::unix::fs::fchown(&file, Some(st.st_uid), Some(st.st_gid));
                    rustix::fs::fchmod(&file, Mode::from_raw_mode(st.st_mode & 0o7777))?;
                }
                None => rustix::fs::fchmod(&file, Mode::from_raw_mode(0o600))?,
            }
            file.sync_all()?;
            if self.locked {
                super::lock::lock_identity(&self.path, &file)
                    .map_err(|e| Fault::Why(Box::new(e.why)).into_io())?;
            }
            match replace {
                Replace::Overwrite => {
                    // Only over the file that was checked: the same inode is still there.
                    if let Some(st) = existing {
                        let now = rustix::fs::statat(
                            &self.dir,
                            self.name.as_os_str(),
                            AtFlags::SYMLINK_NOFOLLOW,
                        )?;
                        if identity(&now) != identity(st) {
                            return Err(Fault::ReplacedMeanwhile.into_io());
                        }
                    }
                    rustix::fs::renameat(&self.dir, &tmp, &self.dir, self.name.as_os_str())?;
                }
                Replace::CreateNew => self.move_into_free_name(&tmp)?,
            }
            Ok(())
        })();
        if let Err(e) = result {
            let _ = rustix::fs::unlinkat(&self.dir, &tmp, AtFlags::empty());
            if e.kind() == io::ErrorKind::AlreadyExists {
                return Err(already_exists(&self.path));
            }
            return Err(fail(e));
        }
        // What is on disk now is what we wrote.
        let meta = file
            .metadata()
            .map_err(|e| StoreError::io(&self.path, Op::ReadBack, &e))?;
        self.seen = Some(seen_of(&meta, text.as_bytes()));
        self.base = Some(sheet.clone());
        if self.locked {
            // The kernel lock is on this handle now; the old file's lock goes with its handle.
            self.held = Some(file);
        }
        match rustix::fs::fsync(&self.dir) {
            Ok(()) | Err(Errno::INVAL) => Ok(()),
            Err(e) => Err(StoreError::new(
                &self.path,
                Why::SavedDirNotSynced(Fault::of(&errno_io(e))),
            )),
        }
    }

    /// Moves the finished temporary file to the sheet's name only if that name is free: an
    /// atomic no-replace rename where the filesystem has it, else a hard link, else (vfat,
    /// exFAT, some network filesystems) the name is first claimed by an exclusive create and
    /// the temporary file renamed over that claim.
    fn move_into_free_name(&self, tmp: &std::ffi::OsStr) -> io::Result<()> {
        let name = self.name.as_os_str();
        match rustix::fs::renameat_with(&self.dir, tmp, &self.dir, name, RenameFlags::NOREPLACE) {
            Ok(()) => return Ok(()),
            Err(Errno::EXIST) => return Err(io::ErrorKind::AlreadyExists.into()),
            Err(Errno::INVAL | Errno::NOSYS | Errno::OPNOTSUPP) => {}
            Err(e) => return Err(errno_io(e)),
        }
        match rustix::fs::linkat(&self.dir, tmp, &self.dir, name, AtFlags::empty()) {
            Ok(()) => {
                let _ = rustix::fs::unlinkat(&self.dir, tmp, AtFlags::empty());
                return Ok(());
            }
            Err(Errno::EXIST) => return Err(io::ErrorKind::AlreadyExists.into()),
            Err(Errno::PERM | Errno::OPNOTSUPP | Errno::MLINK | Errno::XDEV) => {}
            Err(e) => return Err(errno_io(e)),
        }
        let claim = rustix::fs::openat(
            &self.dir,
            name,
            OFlags::WRONLY | OFlags::CREATE | OFlags::EXCL | OFlags::NOFOLLOW | OFlags::CLOEXEC,
            Mode::from_raw_mode(0o600),
        )
        .map_err(|e| match e {
            Errno::EXIST => io::ErrorKind::AlreadyExists.into(),
            e => errno_io(e),
        })?;
        let ours = identity(&rustix::fs::fstat(&claim)?);
        let now = rustix::fs::statat(&self.dir, name, AtFlags::SYMLINK_NOFOLLOW)?;
        if identity(&now) != ours {
            return Err(io::ErrorKind::AlreadyExists.into());
        }
        rustix::fs::renameat(&self.dir, tmp, &self.dir, name).inspect_err(|_| {
            let _ = rustix::fs::unlinkat(&self.dir, name, AtFlags::empty());
        })?;
        Ok(())
    }

    /// Creates a new, empty temporary file beside the sheet (mode 0600, never through a link),
    /// its name within [`NAME_MAX`] bytes however long the sheet's name is.
    fn create_temp(&self) -> io::Result<(File, OsString)> {
        static COUNTER: AtomicU32 = AtomicU32::new(0);
        loop {
            let n = COUNTER.fetch_add(1, Ordering::Relaxed);
            let tmp = beside_name(&self.name, &format!("{}.{n}.tmp", std::process::id()));
            match rustix::fs::openat(
                &self.dir,
                tmp.as_os_str(),
                OFlags::RDWR | OFlags::CREATE | OFlags::EXCL | OFlags::NOFOLLOW | OFlags::CLOEXEC,
                Mode::from_raw_mode(0o600),
            ) {
                Ok(fd) => return Ok((File::from(fd), tmp)),
                Err(Errno::EXIST) => continue,
                Err(e) => return Err(errno_io(e)),
            }
        }
    }
}

fn already_exists(path: &Path) -> StoreError {
    StoreError::new(path, Why::AlreadyExists)
}

/// What a write does with the finished temporary file.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Replace {
    /// Rename over the checked file.
    Overwrite,
    /// Move into place only if no file of that name exists.
    CreateNew,
}

/// Whether text looks like an answer sheet (any version, also a broken or oversized one):
/// a RON struct naming `format`, `catalog` and `answers` near its start. Recognised by content,
/// not by a successful parse, so that a sheet this tenken cannot read is still protected.
pub fn looks_like_sheet(head: &[u8]) -> bool {
    let text = String::from_utf8_lossy(head);
    let words = |w: &str| {
        text.match_indices(w).any(|(at, _)| {
            let before = text[..at].chars().next_back();
            let after = text[at + w.len()..].trim_start();
            before.is_none_or(|c| !(c.is_alphanumeric() || c == '_')) && after.starts_with(':')
        })
    };
    words("format") && words("catalog") && (words("answers") || words("organization"))
}

/// Writes a command's output file (`-o`) atomically: a temporary file beside it, written,
/// synced and renamed over it, so that a full disk leaves the old file (or none), never a
/// half-written one. Never through a symbolic link, never over anything but a regular file,
/// and never over an answer sheet (recognised by content, see [`looks_like_sheet`]).
pub fn write_output_file(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    let Some(name) = path.file_name().map(|n| n.to_os_string()) else {
        return Err(StoreError::new(path, Why::NotAFileName));
    };
    let dir = rustix::fs::openat(
        rustix::fs::CWD,
        dir_of(path),
        OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC,
        Mode::empty(),
    )
    .map_err(|e| StoreError::io(path, Op::OpenDir, &errno_io(e)))?;
    let existing = match rustix::fs::statat(&dir, name.as_os_str(), AtFlags::SYMLINK_NOFOLLOW) {
        Ok(st) => {
            let kind = rustix::fs::FileType::from_raw_mode(st.st_mode);
            if kind.is_symlink() {
                return Err(StoreError::new(path, Why::OutputIsLink));
            }
            if !kind.is_file() {
                return Err(StoreError::new(path, Why::OutputNotRegular));
            }
            let fd = rustix::fs::openat(
                &dir,
                name.as_os_str(),
                OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::CLOEXEC,
                Mode::empty(),
            )
            .map_err(|e| StoreError::io(path, Op::Read, &errno_io(e)))?;
            let mut head = Vec::new();
            File::from(fd)
                .take(64 * 1024)
                .read_to_end(&mut head)
                .map_err(|e| StoreError::io(path, Op::Read, &e))?;
            if looks_like_sheet(&head) {
                return Err(StoreError::new(path, Why::OutputIsSheet));
            }
            Some(st)
        }
        Err(Errno::NOENT) => None,
        Err(e) => return Err(StoreError::io(path, Op::Write, &errno_io(e))),
    };
    let out = SheetFile {
        dir,
        name,
        path: path.to_path_buf(),
        seen: None,
        base: None,
        held: None,
        locked: false,
    };
    let (mut file, tmp) = out
        .create_temp()
        .map_err(|e| StoreError::io(path, Op::Write, &e))?;
    let result = (|| -> io::Result<()> {
        file.write_all(bytes)?;
        file.flush()?;
        let mode = existing.as_ref().map_or(0o644, |st| st.st_mode & 0o7777);
        rustix::fs::fchmod(&file, Mode::from_raw_mode(mode))?;
        file.sync_all()?;
        if let Some(st) = &existing {
            let now =
                rustix::fs::statat(&out.dir, out.name.as_os_str(), AtFlags::SYMLINK_NOFOLLOW)?;
            if identity(&now) != identity(st) {
                return Err(Fault::ReplacedMeanwhile.into_io());
            }
            rustix::fs::renameat(&out.dir, &tmp, &out.dir, out.name.as_os_str())?;
        } else {
            out.move_into_free_name(&tmp)?;
        }
        Ok(())
    })();
    if let Err(e) = result {
        let _ = rustix::fs::unlinkat(&out.dir, &tmp, AtFlags::empty());
        return Err(StoreError::new(
            path,
            Why::WriteFailed {
                fault: Fault::of(&e),
                existed: existing.is_some(),
            },
        ));
    }
    let _ = rustix::fs::fsync(&out.dir);
    Ok(())
}
