//! The interview's disk: the sheet file being edited and its lock, the copy the watchdog writes
//! when the event loop cannot, reading last year's sheet, and listing a directory for the start
//! form's Tab completion. [`TtyDisk`] is the real
//! [`Disk`] a `Session` performs its effects on (the tests use a disk that fails on demand);
//! everything here goes through `store`.

use std::path::Path;
use std::sync::{Mutex, MutexGuard};

use crate::catalog::Catalogs;
use crate::lang::Lang;
use crate::safe_text::{common_prefix, common_suffix};
use crate::sheet::{Sheet, Touched};
use crate::store::{self, SaveError, SheetFile, SheetLock};
use crate::tui::editor::{Draft, NoteKind};
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
    let catalog = store::resolve_catalog(&sheet, catalogs, path).map_err(|e| e.render(lang))?;
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

/// The last committed sheet (brought in step once per batch of events that committed
/// something, copying only what changed: `Sheet::follow`), whether it is written yet, and the
/// notes being typed.
#[derive(Default)]
struct Pending {
    base: Option<Sheet>,
    unsaved: bool,
    typed: Option<Typed>,
}

/// The text in the open notes editor, kept in step with it after each batch of keys by
/// copying only what changed ([`follow`]): typing a character costs the same whatever the
/// size of the note or of the sheet.
struct Typed {
    id: String,
    kind: NoteKind,
    /// Each field's text, its lines joined by `\n`.
    fields: Vec<String>,
}

impl Typed {
    fn of(draft: Draft<'_>) -> Typed {
        Typed {
            id: draft.id.to_string(),
            kind: draft.editor.kind,
            fields: draft.editor.fields.iter().map(|f| f.text()).collect(),
        }
    }

    /// Takes in what changed in the editor since the last call; a copy of the whole text
    /// only when another editor was opened.
    fn update(this: &mut Option<Typed>, draft: Option<Draft<'_>>) {
        let Some(draft) = draft else {
            *this = None;
            return;
        };
        let editor = draft.editor;
        match this {
            Some(typed)
                if typed.id == draft.id
                    && typed.kind == editor.kind
                    && typed.fields.len() == editor.fields.len() =>
            {
                for (text, field) in typed.fields.iter_mut().zip(&editor.fields) {
                    follow(text, field.area.lines());
                }
            }
            _ => *this = Some(Typed::of(draft)),
        }
    }
}

/// Makes `text` equal to `lines` joined by `\n`, copying only the part between what the two
/// have in common at the start and at the end: typing one character copies that character
/// (and moves the text after it within `text`), not the whole note.
fn follow(text: &mut String, lines: &[String]) {
    let total = lines.iter().map(String::len).sum::<usize>() + lines.len().saturating_sub(1);
    let limit = text.len().min(total);
    // The pieces of the joined text, in order: each line and the line break after it.
    let pieces = || {
        lines
            .iter()
            .enumerate()
            .flat_map(move |(i, l)| [l.as_str(), if i + 1 < lines.len() { "\n" } else { "" }])
    };
    let mut start = 0;
    for piece in pieces() {
        let same = common_prefix(&text.as_bytes()[start..limit], piece.as_bytes());
        start += same;
        if same < piece.len() || start == limit {
            break;
        }
    }
    let mut end = 0;
    for piece in pieces().rev() {
        let room = limit - start - end;
        let mine = &text.as_bytes()[text.len() - end - room..text.len() - end];
        let same = common_suffix(mine, piece.as_bytes());
        end += same;
        if same < piece.len() || end == limit - start {
            break;
        }
    }
    // Whole characters only: the bytes in common may end inside one.
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    while !text.is_char_boundary(text.len() - end) {
        end -= 1;
    }
    let (from, to) = (start, total - end);
    let mut middle = String::with_capacity(to - from);
    let mut at = 0;
    for piece in pieces() {
        let (a, b) = (at.max(from), (at + piece.len()).min(to));
        if a < b {
            middle.push_str(&piece[a - at..b - at]);
        }
        at += piece.len();
    }
    let old_end = text.len() - end;
    text.replace_range(start..old_end, &middle);
}

impl Pending {
    /// The sheet to write as a last resort, if anything is unwritten.
    fn unwritten(&mut self) -> Option<Sheet> {
        let typed = self.typed.take();
        if !self.unsaved && typed.is_none() {
            return None;
        }
        let mut sheet = self.base.take()?;
        if let Some(typed) = typed {
            let mut notes = sheet.notes_of(&typed.id).unwrap_or_default();
            typed.kind.apply(&typed.fields, &mut notes);
            sheet.set_notes(&typed.id, notes);
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
    /// (and the answer being typed), releases the lock file, and returns the exit code
    /// (`status`, the signal's, or 1 when the write failed).
    pub(super) fn write_last_resort(&self, status: u8) -> i32 {
        let mut code = i32::from(status);
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

    fn committed(&mut self, sheet: &Sheet, touched: &Touched) {
        if let Ok(mut p) = self.handoff.pending.lock() {
            match &mut p.base {
                Some(base) => base.follow(sheet, touched),
                None => p.base = Some(sheet.clone()),
            }
            p.unsaved = true;
        }
    }

    fn draft(&mut self, draft: Option<Draft<'_>>) {
        if let Ok(mut p) = self.handoff.pending.lock() {
            Typed::update(&mut p.typed, draft);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_kept_text_follows_each_edit() {
        let mut kept = String::new();
        for now in [
            "",
            "あ",
            "あい",
            "あいう",
            "あう",
            "ああう",
            "x\nあう",
            "x\n\nあう",
            "x\nう",
            "",
            "一行目\n二行目",
            "一行目\n三行目",
            "一\n三行目",
        ] {
            follow(&mut kept, &lines(now));
            assert_eq!(kept, now);
        }
    }

    /// What the watchdog writes: the committed sheet with the text in the open editor, kept
    /// in step batch after batch; the item's other notes as committed.
    #[test]
    fn the_last_resort_writes_the_text_typed_over_the_committed_notes() {
        use crate::tui::editor::NoteEditor;
        let sheet: Sheet = crate::ron::ron_options()
            .from_str(crate::tui::app::tests::SHEET)
            .unwrap();
        let before = sheet.notes_of("1-1").unwrap_or_default();
        let mut editor = NoteEditor::open(NoteKind::Plan, 0, &before);
        let mut pending = Pending {
            base: Some(sheet),
            ..Pending::default()
        };
        for piece in ["担当課で", "年1回", "\n点検する"] {
            editor.paste(piece);
            let draft = Draft {
                id: "1-1",
                editor: &editor,
            };
            Typed::update(&mut pending.typed, Some(draft));
        }
        let written = pending.unwritten().expect("the typed text is unwritten");
        let notes = written.notes_of("1-1").unwrap();
        let expected = Draft {
            id: "1-1",
            editor: &editor,
        }
        .notes(before.clone());
        assert_eq!(notes.plan, expected.plan);
        assert!(
            notes
                .plan
                .unwrap()
                .action
                .ends_with("担当課で年1回\n点検する")
        );
        assert_eq!(notes.comment, before.comment);
    }

    /// `text` as the editor holds it: one string per line.
    fn lines(text: &str) -> Vec<String> {
        Vec::from_iter(text.split('\n').map(String::from))
    }

    proptest! {
        #[test]
        fn any_edit_is_followed(
            before in "[aあ\n\u{e9}b]{0,40}",
            after in "[aあ\n\u{e9}b]{0,40}",
        ) {
            let mut kept = before.clone();
            follow(&mut kept, &lines(&after));
            prop_assert_eq!(kept, after);
        }
    }
}
