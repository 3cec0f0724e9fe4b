//! The one reader of every input file: answer sheets (the one edited, last year's, those a
//! report, a diff or an aggregation reads), catalogs, `--from` tables and previous aggregates.
//!
//! It opens without blocking (a FIFO is refused at once, never waited on), never through a link
//! where it must not follow one (a sheet's name in its opened directory), refuses anything but
//! a regular file before reading a byte, and reads no more than one byte past its limit even
//! from a file that grows (`/dev/zero` given as a catalog, a sheet being appended to).

use std::ffi::OsStr;
use std::fs::{File, Metadata, OpenOptions};
use std::io::Read as _;
use std::os::fd::OwnedFd;
use std::os::unix::fs::OpenOptionsExt as _;
use std::path::Path;

use rustix::fs::{Mode, OFlags};
use rustix::io::Errno;

use super::error::{Fault, NotRegular, Op, StoreError, Why};
use crate::ron::line_col;
use crate::sheet::MAX_SHEET_BYTES;

/// What is read, which decides its limit and the words for what does not fit.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Bound {
    /// An answer sheet: at most [`MAX_SHEET_BYTES`].
    Sheet,
    /// Any other input, at most this many bytes.
    Input(u64),
}

impl Bound {
    fn limit(self) -> u64 {
        match self {
            Bound::Sheet => MAX_SHEET_BYTES,
            Bound::Input(n) => n,
        }
    }

    fn too_big(self, n: u64) -> Why {
        match self {
            Bound::Sheet => Why::TooBig(n),
            Bound::Input(limit) => Why::Over(n, limit),
        }
    }

    fn not_regular(self, meta: &Metadata) -> Why {
        match self {
            Bound::Sheet if meta.is_dir() => Why::IsDirectory,
            _ => Why::NotRegular(NotRegular::of(meta)),
        }
    }
}

/// Where the file is.
#[derive(Clone, Copy)]
pub(crate) enum Source<'a> {
    /// A path a user gave: symbolic links on it are followed.
    Path(&'a Path),
    /// A name in a directory opened before: never through a link (one swapped in after the
    /// directory was opened is refused).
    At(&'a OwnedFd, &'a OsStr),
}

/// A file read whole: its handle (still open, for a lock to follow), its metadata when opened,
/// and its bytes.
pub(crate) struct Read {
    pub(crate) file: File,
    pub(crate) meta: Metadata,
    pub(crate) bytes: Vec<u8>,
}

/// Opens a file for reading without blocking on a FIFO (and, at a name in a directory,
/// without following a link).
pub(crate) fn open(from: Source<'_>) -> std::io::Result<File> {
    match from {
        Source::Path(path) => OpenOptions::new()
            .read(true)
            .custom_flags(OFlags::NONBLOCK.bits() as i32)
            .open(path),
        Source::At(dir, name) => rustix::fs::openat(
            dir,
            name,
            OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::CLOEXEC,
            Mode::empty(),
        )
        .map(File::from)
        .map_err(|e| match e {
            Errno::LOOP => Fault::LinkAppeared.into_io(),
            e => std::io::Error::from(e),
        }),
    }
}

/// The file at `from`, opened as [`open`] does, and its metadata then: refused unless it is a
/// regular file (in `bound`'s words), before a byte is read.
fn open_regular(
    path: &Path,
    from: Source<'_>,
    bound: Bound,
) -> Result<(File, Metadata), StoreError> {
    let file = open(from).map_err(|e| StoreError::io(path, Op::Open, &e))?;
    let meta = file
        .metadata()
        .map_err(|e| StoreError::io(path, Op::Read, &e))?;
    if !meta.is_file() {
        return Err(StoreError::new(path, bound.not_regular(&meta)));
    }
    Ok((file, meta))
}

/// The one bounded read: a regular file of at most `bound`'s limit, from `from`; `path` names
/// the file in errors.
pub(crate) fn read(path: &Path, from: Source<'_>, bound: Bound) -> Result<Read, StoreError> {
    let (file, meta) = open_regular(path, from, bound)?;
    let limit = bound.limit();
    if meta.len() > limit {
        return Err(StoreError::new(path, bound.too_big(meta.len())));
    }
    let bytes =
        read_to_end(&file, meta.len(), limit).map_err(|e| StoreError::io(path, Op::Read, &e))?;
    if bytes.len() as u64 > limit {
        return Err(StoreError::new(path, bound.too_big(bytes.len() as u64)));
    }
    Ok(Read { file, meta, bytes })
}

/// The bytes of `file`, whose size was `size` (at most `limit`) when it was opened: at most one
/// byte past `limit`, for a file may grow. The whole file is asked for in one read and its end
/// found by the next, as `cat` reads (two calls; the standard library's `read_to_end` through
/// a bound began at 8 KiB and took four for a 32 KB sheet, 40,000 calls more for `aggregate`
/// of 20,000 sheets). A file grown past its size is read on within the bound.
fn read_to_end(file: &File, size: u64, limit: u64) -> std::io::Result<Vec<u8>> {
    // `Vec::with_capacity` gives exactly the capacity asked for: no read goes past it.
    let mut bytes = Vec::with_capacity(usize::try_from(size.min(limit)).unwrap_or(0) + 1);
    loop {
        if bytes.len() == bytes.capacity() {
            let left = (limit + 1).saturating_sub(bytes.len() as u64);
            file.take(left).read_to_end(&mut bytes)?;
            return Ok(bytes);
        }
        match rustix::io::read(file, rustix::buffer::spare_capacity(&mut bytes)) {
            Ok(0) => return Ok(bytes),
            Ok(_) | Err(Errno::INTR) => {}
            Err(e) => return Err(e.into()),
        }
    }
}

/// How much [`holds`] reads at a time: on the stack, so a save's check of a sheet of any size
/// keeps no copy of the file.
const PART: usize = 16 << 10;

/// Whether the regular file at `from` holds exactly `expected` (a save's check that the file
/// at the sheet's name is still the one it loaded or wrote): read in parts and compared as
/// they come, never more than one part past `expected`'s length. With the file, still open,
/// and its metadata when opened.
pub(crate) fn holds(
    path: &Path,
    from: Source<'_>,
    expected: &[u8],
) -> Result<(File, Metadata, bool), StoreError> {
    let (file, meta) = open_regular(path, from, Bound::Sheet)?;
    let same = same_bytes(&file, expected).map_err(|e| StoreError::io(path, Op::Read, &e))?;
    Ok((file, meta, same))
}

/// Whether `from` reads as exactly `expected`, asking for at most [`PART`] bytes at a time and
/// stopping at the first difference.
fn same_bytes(mut from: impl std::io::Read, expected: &[u8]) -> std::io::Result<bool> {
    let mut part = [0u8; PART];
    let mut at = 0;
    loop {
        let n = match from.read(&mut part) {
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if n == 0 {
            return Ok(at == expected.len());
        }
        if expected.get(at..at + n) != Some(&part[..n]) {
            return Ok(false);
        }
        at += n;
    }
}

/// Whether `path` names a regular file that can be opened, without reading it: for a reader
/// that refuses some files by their name, so that a missing file or a directory is said to be
/// that first (an `.xls` of any size gets its advice without being read).
pub fn regular_file(path: &Path) -> Result<(), StoreError> {
    open_regular(path, Source::Path(path), Bound::Input(0)).map(drop)
}

/// Reads a regular file of at most `limit` bytes (never a FIFO or a device, never more than
/// `limit + 1` bytes even if it grows): for inputs beside answer sheets.
pub fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, StoreError> {
    read(path, Source::Path(path), Bound::Input(limit)).map(|r| r.bytes)
}

/// The text of a file that may be an answer sheet: size limit, regular file, no NUL bytes,
/// UTF-8. A FIFO or a device is refused without reading from it.
pub(crate) fn read_text(path: &Path) -> Result<String, StoreError> {
    text_of(path, read(path, Source::Path(path), Bound::Sheet)?.bytes)
}

/// Whether `path` names a table — a workbook or a CSV file — by its extension: what `new
/// --from` and `aggregate` read as a table, and what a command wanting an answer sheet says
/// it was given ([`or_table`]).
pub(crate) fn is_table(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        ["xlsx", "xlsm", "xls", "ods", "csv"]
            .iter()
            .any(|x| e.eq_ignore_ascii_case(x))
    })
}

/// `e`, or for a table given as an answer sheet whose content is no sheet (binary, not
/// UTF-8, not RON), [`Why::Table`]: what it is and what to do with it, rather than where its
/// bytes stop being RON. A sheet saved under a table's name still reads.
pub(crate) fn or_table(path: &Path, e: StoreError) -> StoreError {
    match e.why {
        Why::NulByte | Why::NotUtf8 | Why::Syntax(_) | Why::NotASheet(_) if is_table(path) => {
            StoreError::new(path, Why::Table)
        }
        _ => e,
    }
}

/// What `parse` makes of the text of the answer file at `path` ([`read_text`]'s checks),
/// the text borrowed, not made a `String`: UTF-8 is checked by `simdutf8` (several times as
/// fast on Japanese text as the standard library, which then only locates an error). For
/// readers of many files (`aggregate`).
pub(crate) fn with_text<T>(
    path: &Path,
    parse: impl FnOnce(&str) -> Result<T, StoreError>,
) -> Result<T, StoreError> {
    let bytes = read(path, Source::Path(path), Bound::Sheet)?.bytes;
    match simdutf8::basic::from_utf8(&bytes) {
        Ok(text) if memchr::memchr(0, &bytes).is_none() => parse(text),
        _ => Err(refusal(path, &bytes)),
    }
}

/// Bytes read from an answer file as text: no NUL bytes, UTF-8.
pub(crate) fn text_of(path: &Path, bytes: Vec<u8>) -> Result<String, StoreError> {
    // Text is validated once; the NUL search then runs on the `str` (memchr-fast).
    match String::from_utf8(bytes) {
        Ok(text) if !text.contains('\0') => Ok(text),
        Ok(text) => Err(refusal(path, text.as_bytes())),
        Err(e) => Err(refusal(path, e.as_bytes())),
    }
}

/// Why bytes with a NUL byte or not UTF-8 are not an answer file's text: a NUL byte is
/// reported before invalid UTF-8 (binary junk usually has both).
fn refusal(path: &Path, bytes: &[u8]) -> StoreError {
    match (memchr::memchr(0, bytes), std::str::from_utf8(bytes)) {
        (None, Err(e)) => not_utf8(path, bytes, e),
        (at, _) => {
            let prefix = String::from_utf8_lossy(&bytes[..at.unwrap_or(bytes.len())]);
            let (line, col) = line_col(&prefix, prefix.len());
            StoreError::at(path, line, col, Why::NulByte)
        }
    }
}

/// Where the first byte that is not UTF-8 stands.
pub(crate) fn not_utf8(path: &Path, bytes: &[u8], e: std::str::Utf8Error) -> StoreError {
    let valid = &bytes[..e.valid_up_to()];
    let prefix = std::str::from_utf8(valid).unwrap_or_default();
    let (line, col) = line_col(prefix, prefix.len());
    StoreError::at(path, line, col, Why::NotUtf8)
}

#[cfg(test)]
mod tests {
    use std::io::Write as _;

    use super::{PART, read_to_end, same_bytes};

    fn file_of(bytes: &[u8]) -> (tempfile::TempDir, std::fs::File) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        std::fs::File::create(&path)
            .unwrap()
            .write_all(bytes)
            .unwrap();
        let file = std::fs::File::open(&path).unwrap();
        (dir, file)
    }

    /// Every size against every bound, the file as it was opened or grown since (its size
    /// said smaller than it is, down to nothing, as a file in /proc says): the whole file when
    /// it is within the bound, and never more than one byte past it.
    #[test]
    fn the_whole_file_or_one_byte_past_the_bound() {
        let text: Vec<u8> = (0..100_000u32).map(|i| (i % 251) as u8).collect();
        for len in [0usize, 1, 31, 32, 33, 8_191, 8_192, 8_193, 31_879, 100_000] {
            for limit in [0, 1, 32, 8_192, 31_879, 50_000, 1 << 20] {
                for said in [0, len / 2, len.saturating_sub(1), len] {
                    let (_d, file) = file_of(&text[..len]);
                    let said = (said as u64).min(limit);
                    let got = read_to_end(&file, said, limit).unwrap();
                    let want = len.min(usize::try_from(limit).unwrap() + 1);
                    assert_eq!(got.len(), want, "len {len}, limit {limit}, said {said}");
                    assert_eq!(got, &text[..want]);
                }
            }
        }
    }

    /// A reader of `bytes` that gives at most `chunk` bytes a call and notes the most it was
    /// asked for and how much it gave.
    struct Served<'a> {
        bytes: &'a [u8],
        chunk: usize,
        most_asked: usize,
        given: usize,
    }

    impl std::io::Read for Served<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            self.most_asked = self.most_asked.max(buf.len());
            let n = buf.len().min(self.chunk).min(self.bytes.len());
            buf[..n].copy_from_slice(&self.bytes[..n]);
            self.bytes = &self.bytes[n..];
            self.given += n;
            Ok(n)
        }
    }

    /// `bytes` served `chunk` at a time; a byte a call only for short texts (the long ones
    /// would take minutes).
    fn served(bytes: &[u8], chunk: usize) -> Served<'_> {
        let chunk = if chunk == 1 && bytes.len() > 5000 {
            4093
        } else {
            chunk
        };
        Served {
            bytes,
            chunk,
            most_asked: 0,
            given: 0,
        }
    }

    /// The save's check compares in parts, whatever the parts the file comes in: equal only
    /// when every byte is and the lengths are; never asks for more than a part, never reads
    /// more than a part past what it expects (a file grown huge), and stops at a difference.
    #[test]
    fn the_check_compares_in_parts_and_stops_at_a_difference() {
        let text: Vec<u8> = (0..100_000u32).map(|i| (i % 251) as u8).collect();
        for len in [0usize, 1, PART - 1, PART, PART + 1, 40_000, 100_000] {
            let want = &text[..len];
            for chunk in [1, 7, 4096, PART, 1 << 20] {
                let mut same = served(want, chunk);
                assert!(same_bytes(&mut same, want).unwrap(), "{len}/{chunk}");
                assert!(same.most_asked <= PART);
                let mut longer = served(&text, chunk);
                assert_eq!(same_bytes(&mut longer, want).unwrap(), len == text.len());
                assert!(longer.given <= len + PART, "{len}/{chunk}: read on");
                if len > 0 {
                    let mut shorter = served(&want[..len - 1], chunk);
                    assert!(!same_bytes(&mut shorter, want).unwrap());
                    let mut other = want.to_vec();
                    other[len - 1] ^= 1;
                    assert!(
                        !same_bytes(served(&other, chunk), want).unwrap(),
                        "{len}/{chunk}"
                    );
                    other[len - 1] ^= 1;
                    other[0] ^= 1;
                    let mut first = served(&other, chunk);
                    assert!(!same_bytes(&mut first, want).unwrap());
                    assert!(first.given <= PART, "stops at the first difference");
                }
            }
        }
    }
}
