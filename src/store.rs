//! Loading, saving and locking answer files.
//!
//! STAND-IN until the store branch lands; replaced on merge. It implements exactly the API the
//! store branch publishes (names and signatures) with the simplest honest behaviour: plain RON
//! read through `catalog::ron_options()`, a write to a temporary file in the same directory
//! followed by fsync, rename and an fsync of the directory, and an advisory lock
//! (`File::try_lock`) on `.NAME.lock` beside the sheet. It does not keep unknown fields, does
//! not set modes and has no size limit: the real store does. The interface calls nothing else
//! here, so the swap is a file replacement.

use std::fmt;
use std::fs::{self, File, OpenOptions};
use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};

use crate::catalog::{Catalog, Catalogs, ron_options};
use crate::sheet::Sheet;

/// Why a sheet could not be read or written: `path:line:col: message`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoreError {
    pub path: PathBuf,
    pub line: Option<usize>,
    pub col: Option<usize>,
    pub message: String,
}

impl StoreError {
    fn io(path: &Path, e: &std::io::Error) -> StoreError {
        StoreError {
            path: path.to_path_buf(),
            line: None,
            col: None,
            message: e.to_string(),
        }
    }
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(col) = self.col {
                write!(f, ":{col}")?;
            }
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for StoreError {}

/// Reads a sheet.
pub fn load_sheet(path: &Path) -> Result<Sheet, StoreError> {
    let src = fs::read_to_string(path).map_err(|e| StoreError::io(path, &e))?;
    ron_options()
        .from_str::<Sheet>(&src)
        .map_err(|e| StoreError {
            path: path.to_path_buf(),
            line: Some(e.span.start.line),
            col: Some(e.span.start.col),
            message: e.code.to_string(),
        })
}

/// The catalog a sheet answers.
pub fn resolve_catalog<'c>(
    sheet: &Sheet,
    catalogs: &'c Catalogs,
    path: &Path,
) -> Result<&'c Catalog, StoreError> {
    catalogs.get(&sheet.catalog.id).ok_or_else(|| StoreError {
        path: path.to_path_buf(),
        line: None,
        col: None,
        message: format!(
            "catalog \"{}\" is not known (known: {}); pass it with --catalog",
            sheet.catalog.id,
            catalogs.ids().join(", ")
        ),
    })
}

/// Writes a sheet atomically: temporary file beside it, fsync, rename, fsync the directory.
pub fn save_sheet(path: &Path, sheet: &Sheet) -> Result<(), StoreError> {
    let text =
        ron::ser::to_string_pretty(sheet, ron::ser::PrettyConfig::default()).map_err(|e| {
            StoreError {
                path: path.to_path_buf(),
                line: None,
                col: None,
                message: e.to_string(),
            }
        })?;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map_or_else(|| "sheet".to_string(), |n| n.to_string_lossy().into_owned());
    let tmp = dir.join(format!(".{name}.tmp{}", std::process::id()));
    let write = || -> std::io::Result<()> {
        let mut f = File::create(&tmp)?;
        f.write_all(text.as_bytes())?;
        f.write_all(b"\n")?;
        f.sync_all()?;
        fs::rename(&tmp, path)?;
        if let Ok(d) = File::open(&dir) {
            let _ = d.sync_all();
        }
        Ok(())
    };
    write().map_err(|e| {
        let _ = fs::remove_file(&tmp);
        StoreError::io(path, &e)
    })
}

/// Holds the advisory lock on a sheet; dropping it (closing the file) releases the lock. The
/// lock file stays: removing it could let two processes lock two different inodes.
#[derive(Debug)]
pub struct SheetLock {
    _file: File,
}

/// Who holds a lock, as written in the lock file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LockInfo {
    pub host: String,
    pub pid: u32,
    pub since: String,
    pub stale: bool,
}

#[derive(Debug)]
pub enum LockError {
    Held(LockInfo),
    Io(StoreError),
}

fn lock_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map_or_else(|| "sheet".into(), |n| n.to_string_lossy().into_owned());
    path.with_file_name(format!(".{name}.lock"))
}

fn host_name() -> String {
    fs::read_to_string("/proc/sys/kernel/hostname")
        .or_else(|_| fs::read_to_string("/etc/hostname"))
        .map(|s| s.trim().to_string())
        .ok()
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "localhost".into())
}

/// Takes the advisory lock of a sheet (the sheet itself need not exist yet).
pub fn lock_sheet(path: &Path) -> Result<SheetLock, LockError> {
    let lp = lock_path(path);
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&lp)
        .map_err(|e| LockError::Io(StoreError::io(&lp, &e)))?;
    match file.try_lock() {
        Ok(()) => {
            let info = format!(
                "host={}\npid={}\nsince={}\n",
                host_name(),
                std::process::id(),
                crate::clock::now()
                    .format(&time::format_description::well_known::Rfc3339)
                    .unwrap_or_default()
            );
            file.set_len(0)
                .and_then(|()| file.write_all(info.as_bytes()))
                .map_err(|e| LockError::Io(StoreError::io(&lp, &e)))?;
            Ok(SheetLock { _file: file })
        }
        Err(std::fs::TryLockError::WouldBlock) => {
            let mut text = String::new();
            let _ = file.read_to_string(&mut text);
            let field = |k: &str| {
                text.lines()
                    .find_map(|l| l.strip_prefix(k).and_then(|r| r.strip_prefix('=')))
                    .unwrap_or("?")
                    .to_string()
            };
            Err(LockError::Held(LockInfo {
                host: field("host"),
                pid: field("pid").parse().unwrap_or(0),
                since: field("since"),
                stale: false,
            }))
        }
        Err(std::fs::TryLockError::Error(e)) => Err(LockError::Io(StoreError::io(&lp, &e))),
    }
}
