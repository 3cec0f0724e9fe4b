//! The interview's disk: the sheet file being edited and its lock, the copy the watchdog writes
//! when the event loop cannot, reading last year's sheet, and listing a directory for the start
//! form's Tab completion. [`TtyDisk`] is the real
//! [`Disk`] a `Session` performs its effects on (the tests use a disk that fails on demand);
//! everything here goes through `store`.

use std::path::Path;
use std::sync::{Mutex, MutexGuard};

use crate::catalog::Catalogs;
use crate::lang::Lang;
use crate::sheet::{Notes, Sheet};
use crate::store::{self, SaveError, SheetFile, SheetLock};
use crate::tui::previous::PreviousSheet;
use crate::tui::session::{Disk, WriteError};

/// Reads `path` as last year's sheet for the interview, refusing the sheet being `edited`:
/// read-only (no lock, never written), with its catalog resolved from the embedded ones and
/// `--catalog` — it may be another revision or edition than this year's.
pub(crate) fn read_previous(
    path: &Path,
    edited: &Path,
    catalogs: &Catalogs,
    lang: Lang,
) -> Result<PreviousSheet, String> {
    not_the_sheet_itself(path, edited, lang)?;
    let sheet = store::load_sheet_for_reading(path).map_err(|e| e.render(lang))?;
    let catalog = store::resolve_catalog(&sheet, catalogs, path)
        .map_err(|e| e.render(lang))?
        .clone();
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    Ok(PreviousSheet {
        catalog,
        sheet,
        name,
    })
}

/// The entries of `dir` for the start form's Tab completion: (name, whether a directory),
/// at most a few thousand, names that are not UTF-8 left out; none when it cannot be read.
pub(crate) fn list_dir(dir: &Path) -> Vec<(String, bool)> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .take(5000)
        .filter_map(|e| {
            let e = e.ok()?;
            let name = e.file_name().into_string().ok()?;
            Some((name, e.file_type().is_ok_and(|t| t.is_dir())))
        })
        .collect()
}

/// Refuses the sheet being edited as "last year's" sheet.
pub fn not_the_sheet_itself(previous: &Path, sheet: &Path, lang: Lang) -> Result<(), String> {
    if crate::store::same_file(previous, sheet) {
        Err(format!(
            "{}: {}",
            previous.display(),
            lang.pick(
                "編集中のシートそのものです。前年のシートを指定してください",
                "is the sheet being edited; give last year's sheet"
            )
        ))
    } else {
        Ok(())
    }
}

/// What the event loop hands to the watchdog: the open sheet file and what is not written
/// yet. Each lock is held while writing, so the loop and the watchdog never write at once;
/// both take `pending` before `open`.
#[derive(Default)]
pub(super) struct Handoff {
    pending: Mutex<Pending>,
    open: Mutex<Option<OpenSheet>>,
}

/// The last committed sheet (copied once per batch of events that committed something),
/// whether it is written yet, and the notes being typed (one item's, so typing costs the
/// same whatever the size of the sheet).
#[derive(Default)]
struct Pending {
    base: Option<Sheet>,
    unsaved: bool,
    draft: Option<(String, Notes)>,
}

impl Pending {
    /// The sheet to write as a last resort, if anything is unwritten.
    fn unwritten(&mut self) -> Option<Sheet> {
        let draft = self.draft.take();
        if !self.unsaved && draft.is_none() {
            return None;
        }
        let mut sheet = self.base.take()?;
        if let Some((id, notes)) = draft {
            sheet.set_notes(&id, notes);
        }
        Some(sheet)
    }
}

/// The sheet file being edited and its lock.
struct OpenSheet {
    file: SheetFile,
    lock: Option<SheetLock>,
}

impl OpenSheet {
    /// The last-resort save (a signal, a lost terminal): over the file if it is still the one
    /// loaded, else beside it, so that nothing is lost and nobody's change is overwritten.
    fn save_somewhere(&mut self, sheet: &Sheet) -> Result<(), String> {
        match self.file.save(sheet) {
            Ok(()) => Ok(()),
            Err(SaveError::Changed(_)) => self
                .file
                .save_beside(sheet, crate::clock::now())
                .map(|_| ())
                .map_err(|e| e.to_string()),
            Err(SaveError::Failed(e)) => Err(e.to_string()),
        }
    }
}

impl Handoff {
    /// The interview edits `file` (holding `lock`, released by [`Handoff::close`]) and
    /// starts from `sheet`, unless it is read-only.
    pub(super) fn open(&self, file: SheetFile, lock: Option<SheetLock>, sheet: Option<&Sheet>) {
        if let Ok(mut p) = self.pending.lock()
            && let Some(sheet) = sheet
        {
            p.base = Some(sheet.clone());
        }
        if let Ok(mut open) = self.open.lock() {
            *open = Some(OpenSheet { file, lock });
        }
    }

    /// The interview is over: the file is closed and its lock released. Returns the path of
    /// the file it edited last (a copy saved beside the sheet, after `b`).
    pub(super) fn close(&self) -> Option<std::path::PathBuf> {
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        open.take().map(|o| o.file.path().to_path_buf())
    }

    /// Both locks for a write by the loop, in the watchdog's order; a lock poisoned by a panic
    /// is taken all the same (the loop is ending then, and its sheet must still be written).
    fn lock_both(&self) -> (MutexGuard<'_, Pending>, MutexGuard<'_, Option<OpenSheet>>) {
        let pending = self.pending.lock().unwrap_or_else(|e| e.into_inner());
        let open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        (pending, open)
    }

    /// The watchdog's last resort when the loop cannot act: writes what it had committed
    /// (and the answer being typed), releases the lock file, and returns the exit code (129,
    /// or 1 when the write failed).
    pub(super) fn write_last_resort(&self) -> i32 {
        let mut code = 129;
        if let (Ok(mut p), Ok(mut open)) = (self.pending.lock(), self.open.lock())
            && let Some(open) = open.as_mut()
        {
            if let Some(sheet) = p.unwritten()
                && open.save_somewhere(&sheet).is_err()
            {
                code = 1;
            }
            // exit() runs no destructors: release the sheet's lock file here, or the next
            // opener would find a lock held by a dead process.
            drop(open.lock.take());
        }
        code
    }
}

/// The sheet's file is not open (it cannot happen while the interview runs).
fn no_file(lang: Lang) -> String {
    lang.pick("ファイルが開かれていません", "no file")
        .to_string()
}

/// The real disk for a session: the sheet's file through `store`, and the copy the watchdog
/// writes when the loop cannot.
pub(super) struct TtyDisk<'a> {
    pub(super) path: &'a Path,
    pub(super) catalogs: &'a Catalogs,
    /// The language its errors are shown in (the status line).
    pub(super) lang: Lang,
    pub(super) handoff: &'a Handoff,
}

impl Disk for TtyDisk<'_> {
    fn save(&mut self, sheet: &Sheet) -> Result<(), WriteError> {
        // Holding the locks keeps the watchdog from writing at the same moment.
        let (mut pending, mut open) = self.handoff.lock_both();
        let Some(open) = open.as_mut() else {
            return Err(WriteError::Failed(no_file(self.lang)));
        };
        match open.file.save(sheet) {
            Ok(()) => {
                pending.unsaved = false;
                Ok(())
            }
            Err(SaveError::Changed(e)) => Err(WriteError::Changed(e.render(self.lang))),
            Err(SaveError::Failed(e)) if e.why.permission_denied() => {
                Err(WriteError::Denied(e.render(self.lang)))
            }
            Err(SaveError::Failed(e)) => Err(WriteError::Failed(e.render(self.lang))),
        }
    }

    fn save_beside(&mut self, sheet: &Sheet) -> Result<String, String> {
        let (_pending, mut open) = self.handoff.lock_both();
        let Some(open) = open.as_mut() else {
            return Err(no_file(self.lang));
        };
        let mut file = open
            .file
            .save_beside(sheet, crate::clock::now())
            .map_err(|e| e.render(self.lang))?;
        let name = file
            .path()
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        // The other file is someone else's now: lock the copy (as just written, through the
        // directory it was written in), and only then let go of the other file's lock.
        let lock = store::lock_file(&mut file).ok();
        *open = OpenSheet { file, lock };
        Ok(name)
    }

    fn reload_and_reapply(&mut self, sheet: &Sheet) -> Result<Sheet, String> {
        let mut open = self.handoff.open.lock().unwrap_or_else(|e| e.into_inner());
        let Some(open) = open.as_mut() else {
            return Err(no_file(self.lang));
        };
        open.file
            .reload_and_reapply(sheet)
            .map_err(|e| e.render(self.lang))
    }

    fn read_previous(&mut self, file: &Path) -> Result<PreviousSheet, String> {
        read_previous(file, self.path, self.catalogs, self.lang)
    }

    fn list_dir(&mut self, dir: &Path) -> Vec<(String, bool)> {
        list_dir(dir)
    }

    fn committed(&mut self, sheet: &Sheet) {
        if let Ok(mut p) = self.handoff.pending.lock() {
            p.base = Some(sheet.clone());
            p.unsaved = true;
        }
    }

    fn draft(&mut self, draft: Option<(String, Notes)>) {
        if let Ok(mut p) = self.handoff.pending.lock() {
            p.draft = draft;
        }
    }
}
