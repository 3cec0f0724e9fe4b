//! The one atomic writer, for answer sheets and `-o` outputs alike: a temporary file beside
//! the target in the directory opened once, written, given its mode, synced, and moved into
//! place (over the very file that was checked, or only onto a free name); then the directory
//! is synced. A full disk or a crash leaves the old file (or none), never a half-written one;
//! nothing is written through a link. Also the names and directory steps both the writer and
//! the lock use.

use std::ffi::{OsStr, OsString};
use std::fs::File;
use std::hash::Hasher as _;
use std::io::{self, Write as _};
use std::os::fd::{AsFd as _, OwnedFd};
use std::os::unix::ffi::OsStrExt as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

use rustix::fs::{AtFlags, Mode, OFlags, RenameFlags, Stat};
use rustix::io::Errno;

use super::error::{Fault, Op, StoreError, Why};
use super::read::{Source, open};
use crate::sheet::MAX_SHEET_BYTES;

/// Longest file name most filesystems take (ext4, xfs, tmpfs, vfat/exFAT in UTF-16 units).
pub(crate) const NAME_MAX: usize = 255;

pub(super) fn errno_io(e: Errno) -> io::Error {
    io::Error::from(e)
}

pub(super) fn identity(st: &rustix::fs::Stat) -> (u64, u64) {
    #[allow(clippy::unnecessary_cast)]
    (st.st_dev as u64, st.st_ino as u64)
}

/// The identity of an open file (`None` if it cannot be asked).
pub(super) fn identity_of(file: &File) -> Option<(u64, u64)> {
    rustix::fs::fstat(file).ok().map(|st| identity(&st))
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

/// The write step of a save, replaceable so that tests can make it fail (a full disk).
pub(crate) type WriteFn<'a> = dyn FnMut(&mut File, &[u8]) -> io::Result<()> + 'a;

/// Writes all bytes: what a save uses unless a test supplies its own step.
pub(crate) fn write_all(file: &mut File, bytes: &[u8]) -> io::Result<()> {
    file.write_all(bytes)
}

/// One atomic write of a file at `name` in `dir`.
pub(super) struct Atomic<'a> {
    pub(super) dir: &'a OwnedFd,
    pub(super) name: &'a OsStr,
    /// The file being replaced, checked again just before the rename (the same inode must still
    /// be at the name); `None`: the name must be free (never overwrite what appeared meanwhile).
    pub(super) over: Option<&'a Stat>,
    /// The file at the name, already open and known to be `over` (the conflict check read
    /// it): its ACL is read through it instead of opening the name once more.
    pub(super) over_file: Option<&'a File>,
    /// The new file's mode; `None`: the mode a file created 0666 gets (the umask, or the
    /// directory's default ACL, decides), as for any program's new output.
    pub(super) mode: Option<u32>,
    /// Give the new file the old one's owner and group where allowed (root editing a user's
    /// sheet).
    pub(super) keep_owner: bool,
}

/// Why an atomic write failed; the temporary file is gone either way.
pub(super) enum AtomicError {
    /// No temporary file could be made.
    Temp(io::Error),
    /// Writing, syncing or moving it into place failed.
    Write(io::Error),
}

impl Atomic<'_> {
    /// Writes `bytes` with `write`, then runs `before_rename` on the finished, synced file (a
    /// sheet's lock moves to it there), then moves it into place. Returns the new file, still
    /// open. The directory is not synced yet (see [`sync_dir`]).
    pub(super) fn write(
        &self,
        bytes: &[u8],
        write: &mut WriteFn<'_>,
        before_rename: impl FnOnce(&File) -> io::Result<()>,
    ) -> Result<File, AtomicError> {
        let create = if self.mode.is_some() { 0o600 } else { 0o666 };
        let (mut file, tmp) =
            create_temp(self.dir, self.name, create).map_err(AtomicError::Temp)?;
        let result = (|| -> io::Result<()> {
            write(&mut file, bytes)?;
            file.flush()?;
            if let Some(st) = self.over.filter(|_| self.keep_owner) {
                // A plain user cannot give a file away, and that is fine; but a group member
                // can keep the group, without which the owner may be locked out.
                if std::os::unix::fs::fchown(&file, Some(st.st_uid), Some(st.st_gid)).is_err() {
                    let _ = std::os::unix::fs::fchown(&file, None, Some(st.st_gid));
                }
            }
            let acl = self
                .over
                .and_then(|st| access_acl(self.dir, self.name, st, self.over_file));
            if let Some(mode) = self.mode {
                // Without the ACL, the group bits (the ACL's mask) would become the group's
                // own permission: never more than the ACL gave the group.
                let mode = if acl.is_some() { mode & !0o070 } else { mode };
                rustix::fs::fchmod(&file, Mode::from_raw_mode(mode))?;
            }
            if let Some(acl) = &acl {
                // Setting the ACL sets the group bits to its mask again.
                rustix::fs::fsetxattr(&file, ACL_ACCESS, acl, rustix::fs::XattrFlags::empty())?;
            }
            file.sync_all()?;
            before_rename(&file)?;
            match self.over {
                Some(st) => {
                    // Only over the file that was checked: the same inode is still there.
                    let now = rustix::fs::statat(self.dir, self.name, AtFlags::SYMLINK_NOFOLLOW)?;
                    if identity(&now) != identity(st) {
                        return Err(Fault::ReplacedMeanwhile.into_io());
                    }
                    rustix::fs::renameat(self.dir, &tmp, self.dir, self.name)?;
                }
                None => move_into_free_name(self.dir, &tmp, self.name)?,
            }
            Ok(())
        })();
        match result {
            Ok(()) => Ok(file),
            Err(e) => {
                let _ = rustix::fs::unlinkat(self.dir, &tmp, AtFlags::empty());
                Err(AtomicError::Write(e))
            }
        }
    }
}

const ACL_ACCESS: &str = "system.posix_acl_access";

/// The POSIX access ACL of the file `name` in `dir` that is `st` (`None`: it has none, or the
/// filesystem has no ACLs, or it is no longer that file), read through `opened` when the
/// caller has that file open already.
fn access_acl(dir: &OwnedFd, name: &OsStr, st: &Stat, opened: Option<&File>) -> Option<Vec<u8>> {
    let own;
    let fd = match opened {
        Some(file) => file.as_fd(),
        None => {
            own = rustix::fs::openat(
                dir,
                name,
                OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::CLOEXEC,
                Mode::empty(),
            )
            .ok()?;
            if identity(&rustix::fs::fstat(&own).ok()?) != identity(st) {
                return None;
            }
            own.as_fd()
        }
    };
    let mut buf = vec![0u8; 4096];
    match rustix::fs::fgetxattr(fd, ACL_ACCESS, &mut buf[..]) {
        Ok(n) => {
            buf.truncate(n);
            Some(buf)
        }
        Err(Errno::RANGE) => {
            let n = rustix::fs::fgetxattr(fd, ACL_ACCESS, &mut [0u8; 0][..]).ok()?;
            let mut buf = vec![0u8; n];
            let n = rustix::fs::fgetxattr(fd, ACL_ACCESS, &mut buf[..]).ok()?;
            buf.truncate(n);
            Some(buf)
        }
        Err(_) => None,
    }
}

/// Syncs a directory after a rename in it (a filesystem that cannot is no error).
pub(super) fn sync_dir(dir: &OwnedFd) -> Result<(), Errno> {
    match rustix::fs::fsync(dir) {
        Ok(()) | Err(Errno::INVAL) => Ok(()),
        Err(e) => Err(e),
    }
}

/// Moves the finished temporary file to the name only if that name is free: an
/// atomic no-replace rename where the filesystem has it, else a hard link, else (vfat,
/// exFAT, some network filesystems) the name is first claimed by an exclusive create and
/// the temporary file renamed over that claim.
fn move_into_free_name(dir: &OwnedFd, tmp: &OsStr, name: &OsStr) -> io::Result<()> {
    match rustix::fs::renameat_with(dir, tmp, dir, name, RenameFlags::NOREPLACE) {
        Ok(()) => return Ok(()),
        Err(Errno::EXIST) => return Err(io::ErrorKind::AlreadyExists.into()),
        Err(Errno::INVAL | Errno::NOSYS | Errno::OPNOTSUPP) => {}
        Err(e) => return Err(errno_io(e)),
    }
    match rustix::fs::linkat(dir, tmp, dir, name, AtFlags::empty()) {
        Ok(()) => {
            let _ = rustix::fs::unlinkat(dir, tmp, AtFlags::empty());
            return Ok(());
        }
        Err(Errno::EXIST) => return Err(io::ErrorKind::AlreadyExists.into()),
        Err(Errno::PERM | Errno::OPNOTSUPP | Errno::MLINK | Errno::XDEV) => {}
        Err(e) => return Err(errno_io(e)),
    }
    let claim = rustix::fs::openat(
        dir,
        name,
        OFlags::WRONLY | OFlags::CREATE | OFlags::EXCL | OFlags::NOFOLLOW | OFlags::CLOEXEC,
        Mode::from_raw_mode(0o600),
    )
    .map_err(|e| match e {
        Errno::EXIST => io::ErrorKind::AlreadyExists.into(),
        e => errno_io(e),
    })?;
    let ours = identity(&rustix::fs::fstat(&claim)?);
    let now = rustix::fs::statat(dir, name, AtFlags::SYMLINK_NOFOLLOW)?;
    if identity(&now) != ours {
        return Err(io::ErrorKind::AlreadyExists.into());
    }
    rustix::fs::renameat(dir, tmp, dir, name).inspect_err(|_| {
        let _ = rustix::fs::unlinkat(dir, name, AtFlags::empty());
    })?;
    Ok(())
}

/// Creates a new, empty temporary file beside `name` (with `mode` less the umask, never through
/// a link), its name within [`NAME_MAX`] bytes however long `name` is.
pub(super) fn create_temp(dir: &OwnedFd, name: &OsStr, mode: u32) -> io::Result<(File, OsString)> {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    loop {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let tmp = beside_name(name, &format!("{}.{n}.tmp", std::process::id()));
        match rustix::fs::openat(
            dir,
            tmp.as_os_str(),
            OFlags::RDWR | OFlags::CREATE | OFlags::EXCL | OFlags::NOFOLLOW | OFlags::CLOEXEC,
            Mode::from_raw_mode(mode),
        ) {
            Ok(fd) => return Ok((File::from(fd), tmp)),
            Err(Errno::EXIST) => continue,
            Err(e) => return Err(errno_io(e)),
        }
    }
}

/// Whether a file is an answer sheet (any version, also a broken or oversized one): a RON
/// struct with the fields `format`, `catalog` and `answers` (or `organization`), in any order,
/// with comments anywhere. Recognised by lexing the text ([`crate::ron::NameScan`]), not by a
/// successful parse, so that a sheet this tenken cannot read is still protected; read in parts
/// as far as a sheet may be long (a bigger file's start still shows the fields), never more,
/// and never whole: an aggregate's table written over its last one was read into 16 MiB.
fn reads_as_sheet(mut file: impl io::Read) -> io::Result<bool> {
    const NAMES: [&[u8]; 4] = [b"format", b"catalog", b"answers", b"organization"];
    let mut seen = [false; 4];
    let is_sheet = |seen: &[bool; 4]| seen[0] && seen[1] && (seen[2] || seen[3]);
    let mut scan = crate::ron::NameScan::default();
    let mut part = vec![0; 64 << 10];
    let mut left = MAX_SHEET_BYTES;
    while left > 0 && !is_sheet(&seen) {
        let want = part.len().min(usize::try_from(left).unwrap_or(usize::MAX));
        let n = match file.read(&mut part[..want]) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        scan.feed(&part[..n], &mut |name| {
            if let Some(i) = NAMES.iter().position(|w| *w == name) {
                seen[i] = true;
            }
        });
        left -= n as u64;
    }
    Ok(is_sheet(&seen))
}

/// Writes a command's output file (`-o`) atomically, through [`Atomic`] as sheets are, so that a full disk leaves the old file (or none), never a
/// half-written one. Never through a symbolic link, never over anything but a regular file,
/// and never over an answer sheet (recognised by content, see [`reads_as_sheet`]).
/// `content` writes the file's bytes into the temporary file.
pub(crate) fn write_output_file(
    path: &Path,
    content: &mut dyn FnMut(&mut File) -> io::Result<()>,
) -> Result<(), StoreError> {
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
            let file =
                open(Source::At(&dir, &name)).map_err(|e| StoreError::io(path, Op::Read, &e))?;
            if reads_as_sheet(file).map_err(|e| StoreError::io(path, Op::Read, &e))? {
                return Err(StoreError::new(path, Why::OutputIsSheet));
            }
            Some(st)
        }
        Err(Errno::NOENT) => None,
        Err(e) => return Err(StoreError::io(path, Op::Write, &errno_io(e))),
    };
    let atomic = Atomic {
        dir: &dir,
        name: &name,
        over: existing.as_ref(),
        over_file: None,
        // An existing output keeps its mode; a new one gets what the umask allows (under
        // `umask 077` a municipality's weaknesses are not world-readable).
        mode: existing.as_ref().map(|st| st.st_mode & 0o7777),
        keep_owner: false,
    };
    match atomic.write(&[], &mut |file, _| content(file), |_| Ok(())) {
        Ok(_) => {}
        Err(AtomicError::Temp(e)) => return Err(StoreError::io(path, Op::Write, &e)),
        Err(AtomicError::Write(e)) => {
            return Err(StoreError::new(
                path,
                Why::WriteFailed {
                    fault: Fault::of(&e),
                    existed: existing.is_some(),
                },
            ));
        }
    }
    let _ = sync_dir(&dir);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reader of `len` bytes of `pattern` over and over, noting the most it was asked for
    /// at once.
    struct Repeat {
        pattern: &'static [u8],
        left: usize,
        at: usize,
        most_asked: usize,
    }

    impl io::Read for Repeat {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            self.most_asked = self.most_asked.max(buf.len());
            let n = buf.len().min(self.left);
            for b in &mut buf[..n] {
                *b = self.pattern[self.at % self.pattern.len()];
                self.at += 1;
            }
            self.left -= n;
            Ok(n)
        }
    }

    /// #23 (aggregate in 20 MiB): an output written over an old one read the old file into
    /// memory up to the size of the largest sheet, 16 MiB, to tell that it is no sheet:
    /// aggregate's 20,000 sheets took 32 MiB instead of 16 when their table was there already.
    #[test]
    fn an_old_output_is_told_from_a_sheet_in_parts_of_the_memory_of_one() {
        let table: &[u8] = b"{\"item\": \"1-1\", \"counts\": [1, 2, 3], \"name\": \"x: y\"},\n";
        let mut old = Repeat {
            pattern: table,
            left: 30 << 20,
            at: 0,
            most_asked: 0,
        };
        assert!(!reads_as_sheet(&mut old).unwrap());
        assert_eq!(
            old.left,
            (30 << 20) - MAX_SHEET_BYTES as usize,
            "read as far as a sheet may be long"
        );
        assert!(
            old.most_asked <= 64 << 10,
            "asked for {} bytes at once",
            old.most_asked
        );
        // A sheet is still told whatever the order of its fields, and far into it.
        let mut sheet = b"( answers: {}, ".to_vec();
        sheet.extend(b"// padding\n".repeat(200_000));
        sheet.extend(b"organization: \"x\", catalog: (), format: 2 )");
        assert!(reads_as_sheet(sheet.as_slice()).unwrap());
        assert!(!reads_as_sheet(&sheet[..sheet.len() - 20]).unwrap());
    }
}
