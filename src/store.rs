//! The files users keep, on disk: the only code that reads or writes an answer sheet, a
//! catalog, a table (`--from`, `--roster`), a previous aggregate or an `-o` output (`man
//! --dir`'s new pages and `demo`'s temporary sheets are written by their commands; listing a
//! directory is the caller's). One bounded reader for every input (`read`), one atomic writer
//! for sheets and `-o` outputs (`write`), the answer file's text (`format`), the sheet as one
//! opened file that is never overwritten behind someone's back (`file`), the advisory lock
//! that keeps two editors apart (`lock`), and what went wrong in words (`error`).

use std::path::Path;

use crate::catalog::{Catalog, CatalogError, CatalogProblem, Catalogs, MAX_CATALOG_BYTES};
use crate::sheet::Sheet;

mod error;
mod file;
mod format;
mod lock;
mod read;
mod write;

pub(crate) use error::CatalogLoadError;
pub(crate) use error::io_reason;
pub use error::{StoreError, Why};
pub use file::{PendingLock, SaveError, SheetFile, lock_file, lock_file_pending, lock_sheet};
pub use format::{
    Keep, parse_known, parse_sheet, parse_sheet_as_written, parse_sheet_for_reading, to_ron,
};
pub(crate) use lock::SheetLock;
pub use lock::{LockError, LockInfo, host_name, lock_path, user_name};
pub(crate) use read::is_table;
pub use read::{read_limited, regular_file};
pub(crate) use write::WriteFn;
pub(crate) use write::{write_all, write_output_file};

pub use crate::sheet::MAX_SHEET_BYTES;

// ---------------------------------------------------------------------------------------------
// Reading

/// Reads and parses an answer file: at most 16 MiB, UTF-8 text without NUL bytes, valid RON,
/// a format version this build reads.
pub fn load_sheet(path: &Path) -> Result<Sheet, StoreError> {
    let text = read::read_text(path).map_err(|e| read::or_table(path, e))?;
    format::parse_sheet_quickly(&text, &path.display().to_string())
        .map_err(|e| read::or_table(path, e))
}

/// Like [`load_sheet`], for readers that never write the sheet back (aggregation, diff): the
/// fields this build does not know are not collected, which saves two of three parsing
/// passes. Errors are the same as [`load_sheet`]'s.
pub fn load_sheet_for_reading(path: &Path) -> Result<Sheet, StoreError> {
    let text = read::read_text(path).map_err(|e| read::or_table(path, e))?;
    parse_sheet_for_reading(&text, &path.display().to_string()).map_err(|e| read::or_table(path, e))
}

/// A sheet for reading (see [`load_sheet_for_reading`]) and the catalog it answers: what
/// `check`, `report`, `diff`, `new --from` and last year's sheet in the interview all start
/// from.
pub(crate) fn load_sheet_and_catalog<'c>(
    path: &Path,
    catalogs: &'c Catalogs,
) -> Result<(Sheet, &'c Catalog), StoreError> {
    load_kept(path, catalogs, Keep::All)
}

/// [`load_sheet_and_catalog`] for `aggregate`, which keeps less of each of its thousands of
/// sheets ([`Keep::Counted`]); refused files are refused alike.
pub(crate) fn load_sheet_to_count<'c>(
    path: &Path,
    catalogs: &'c Catalogs,
) -> Result<(Sheet, &'c Catalog), StoreError> {
    load_kept(path, catalogs, Keep::Counted)
}

fn load_kept<'c>(
    path: &Path,
    catalogs: &'c Catalogs,
    keep: Keep,
) -> Result<(Sheet, &'c Catalog), StoreError> {
    let sheet = read::with_text(path, |text| {
        format::parse_text(text, &path.display().to_string(), keep)
    })
    .map_err(|e| read::or_table(path, e))?;
    let catalog = resolve_catalog(&sheet, catalogs, path)?;
    Ok((sheet, catalog))
}

/// The catalog a sheet answers, from the embedded ones and `--catalog`.
pub fn resolve_catalog(
    sheet: &Sheet,
    catalogs: &Catalogs,
    path: &Path,
) -> Result<&'static Catalog, StoreError> {
    catalogs.get(&sheet.catalog.id).ok_or_else(|| {
        StoreError::new(
            path,
            Why::UnknownCatalog(Box::new(error::UnknownCatalog {
                id: sheet.catalog.id.clone(),
                revision: sheet.catalog.revision.clone(),
                have: catalogs.ids(),
            })),
        )
    })
}

/// Reads and validates a catalog file (`--catalog FILE`, `tenken catalog validate FILE`):
/// read no further than [`MAX_CATALOG_BYTES`], and errors as `file:line:column: message`,
/// also for bytes that are not UTF-8.
pub(crate) fn read_catalog(path: &Path) -> Result<Catalog, CatalogLoadError> {
    let origin = path.display().to_string();
    // A regular file, read with a bound (`--catalog /dev/zero` or a FIFO is refused at once).
    let bytes = read_limited(path, MAX_CATALOG_BYTES as u64).map_err(CatalogLoadError::Read)?;
    let src = String::from_utf8(bytes).map_err(|e| {
        let at = read::not_utf8(path, e.as_bytes(), e.utf8_error());
        CatalogLoadError::Invalid(CatalogError {
            path: at.path,
            line: at.line,
            col: at.col,
            why: CatalogProblem {
                id: None,
                why: Box::new(crate::catalog::CatalogWhy::NotUtf8),
            },
        })
    })?;
    Catalog::from_ron(&src, &origin).map_err(CatalogLoadError::Invalid)
}

// ---------------------------------------------------------------------------------------------
// Saving

/// Saves atomically and durably, replacing whatever file has the name now: a temporary file
/// beside the target is written, synced, given the mode (0600 for a new file, the old mode for
/// an existing one) and renamed over the target; then the directory is synced. A symbolic link
/// is kept and the file it points to replaced. On failure the previous file is untouched and
/// no temporary file remains. (The interview saves through [`SheetFile::save`], which also
/// refuses to replace a file someone else changed.)
pub fn save_sheet(path: &Path, sheet: &Sheet) -> Result<(), StoreError> {
    save_sheet_with(path, sheet, &mut write_all)
}

/// [`save_sheet`] with the write step supplied by the caller (fault injection in tests).
pub fn save_sheet_with(
    path: &Path,
    sheet: &Sheet,
    write: &mut WriteFn<'_>,
) -> Result<(), StoreError> {
    SheetFile::open(path)?.save_replacing(sheet, write)
}

/// Saves a new sheet; refuses when a file (or a link) of that name already exists. The check
/// and the creation are one step, so a file that appears meanwhile is not overwritten either.
pub fn create_sheet(path: &Path, sheet: &Sheet) -> Result<(), StoreError> {
    SheetFile::open(path)?.create(sheet)
}

/// Refuses a name already taken (a file, a link, anything), as [`create_sheet`] would, before
/// any work towards the sheet is done or shown; `create_sheet` still refuses one taken since.
pub fn refuse_taken(path: &Path) -> Result<(), StoreError> {
    if SheetFile::open(path)?.exists() {
        Err(file::already_exists(path))
    } else {
        Ok(())
    }
}

/// Whether two paths name the same existing file (through links, `..`, hard links).
pub(crate) fn same_file(a: &Path, b: &Path) -> bool {
    std::fs::metadata(a).is_ok_and(|x| is_the_file(&x, b))
}

/// Whether `path` names the file `meta` describes (same device and inode): for comparing
/// one file with many, its metadata read once.
pub(crate) fn is_the_file(meta: &std::fs::Metadata, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt as _;
    std::fs::metadata(path).is_ok_and(|y| meta.dev() == y.dev() && meta.ino() == y.ino())
}
