//! The interview's event handling without a terminal: actions go to `App::update`, and every
//! effect it returns is performed in one place, [`Session::apply`] — on the key path, after a
//! save (its outcome is an action too), after reading last year's sheet, on a timer, at
//! hang-up. The file system is behind [`Disk`], so each path is unit-tested with a disk that
//! fails on demand; `term` supplies the real one (`term::disk::TtyDisk`) and the event loop.
//!
//! Timing (when to write) lives here; the retry policy (how long after a failure) is the
//! App's: `Effect::SaveIn(App::RETRY_AFTER)`.

use std::collections::VecDeque;
use std::path::Path;
use std::time::{Duration, Instant};

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use crate::sheet::{Sheet, Touched};
use crate::tui::app::{Action, App, Effect};
use crate::tui::editor::Draft;
use crate::tui::previous::PreviousSheet;

/// The least time between two writes. A change after a quiet spell is written at once (the
/// loop draws it first); changes within this long of a write are written together when it
/// has passed, so a burst of changes is one write (well within the promised second).
pub(crate) const SAVE_DELAY: Duration = Duration::from_millis(300);

/// How a session ended.
#[derive(Debug, PartialEq, Eq)]
pub enum Ending {
    /// Quit with everything saved; `wrote`: whether this session wrote the sheet at all
    /// (false: nothing was changed, so nothing needed saving).
    Saved { wrote: bool },
    /// Quit on request without saving after a failed save.
    Discarded,
    /// A signal or a lost terminal ended the session; `Err` says why the final save failed.
    Hangup(Result<(), String>),
}

/// Why a write did not happen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WriteError {
    /// The file changed on disk since it was loaded or last saved (someone else's change):
    /// nothing was written, and retrying would not help.
    Changed(String),
    /// The write failed (full disk, …); a retry may succeed.
    Failed(String),
    /// The write was refused: this user may not replace the file (its permissions, a sticky
    /// directory). A retry would not help; saving beside it may.
    Denied(String),
}

/// What the session needs from the outside world.
pub trait Disk {
    /// Writes the sheet to its file, unless someone else changed the file meanwhile.
    fn save(&mut self, sheet: &Sheet) -> Result<(), WriteError>;
    /// After a conflict: writes the sheet under a new name beside the changed file, edits
    /// that file from now on, and returns its name.
    fn save_beside(&mut self, sheet: &Sheet) -> Result<String, String>;
    /// After a conflict: reads the changed file and re-applies this session's changes to it.
    fn reload_and_reapply(&mut self, sheet: &Sheet) -> Result<Sheet, String>;
    /// Reads `file` as last year's sheet.
    fn read_previous(&mut self, file: &Path) -> Result<PreviousSheet, String>;
    /// The names in a directory, each with whether it is a directory (completing a file name);
    /// none where nothing can be listed.
    fn list_dir(&mut self, _dir: &Path) -> Vec<(String, bool)> {
        Vec::new()
    }
    /// The sheet as committed now, not yet written (kept for a last-resort save), with what of
    /// its answers and notes changed since the last call.
    fn committed(&mut self, _sheet: &Sheet, _touched: &Touched) {}
    /// The notes being typed on an item, not committed (kept for a last-resort save): handed
    /// after every batch of keys, borrowed, so that keeping them costs what changed.
    fn draft(&mut self, _draft: Option<Draft<'_>>) {}
}

/// Characters typed alone that arrived together, held until the batch of waiting events ends
/// (or another kind of event comes). An input method commits its text (「年2回開催」) in one
/// write, as does a paste without bracketed paste: a run with any non-ASCII character is text,
/// handed over as one `Action::Paste` (typed into an open editor or prompt, refused whole
/// anywhere else), never as commands whose `2` would answer an item. A run of ASCII keys
/// (a fast typist's `3j`) stays keys, one by one.
///
/// Enter, Ctrl-J and Tab are held in the run too, as a line break and a tab: a pasted line
/// break must not end the text and leave the next line (a date, a number) to run as keys,
/// nor a pasted tab move to the next field. A run that begins within [`PASTE_GAP`] of text
/// handed over is the rest of the same burst (a paste longer than a batch), text whatever
/// its characters. The run is kept from batch to batch for that.
#[derive(Debug, Default)]
pub(crate) struct TypedRun {
    text: String,
    keys: Vec<KeyEvent>,
    /// When text was last handed over.
    last_text: Option<Instant>,
    /// This run began within [`PASTE_GAP`] of `last_text`.
    follows_text: bool,
}

/// A run that begins this soon after text was handed over is the rest of that burst: no
/// one reads a paste and types a command within it.
pub(crate) const PASTE_GAP: Duration = Duration::from_millis(50);

impl TypedRun {
    /// Holds `key` if it is a character typed alone (Shift aside), Enter, Ctrl-J or Tab;
    /// false for any other key, which the caller handles after [`TypedRun::flush`].
    pub(crate) fn take(&mut self, key: &KeyEvent) -> bool {
        if key.kind != KeyEventKind::Press {
            return false;
        }
        let mods = key.modifiers - KeyModifiers::SHIFT;
        let c = match key.code {
            KeyCode::Char(c) if mods.is_empty() && !c.is_control() => c,
            KeyCode::Enter if key.modifiers.is_empty() => '\n',
            KeyCode::Char('j') if key.modifiers == KeyModifiers::CONTROL => '\n',
            KeyCode::Tab if key.modifiers.is_empty() => '\t',
            _ => return false,
        };
        if self.keys.is_empty() {
            self.follows_text = self.last_text.is_some_and(|t| t.elapsed() < PASTE_GAP);
        }
        self.text.push(c);
        self.keys.push(*key);
        true
    }

    /// [`TypedRun::flush`] before another kind of event (Esc, an arrow, a control key): the
    /// burst is over, and a run after it is not its rest.
    pub(crate) fn end(&mut self) -> Vec<Action> {
        let actions = self.flush();
        self.last_text = None;
        actions
    }

    /// The held characters as actions, in order; nothing is held afterwards.
    pub(crate) fn flush(&mut self) -> Vec<Action> {
        let keys = std::mem::take(&mut self.keys);
        let text = std::mem::take(&mut self.text);
        if keys.is_empty() {
            Vec::new()
        } else if text.is_ascii() && !self.follows_text {
            keys.into_iter().map(Action::Key).collect()
        } else {
            self.last_text = Some(Instant::now());
            vec![Action::Paste(text)]
        }
    }
}

/// The App and what is still to be done for it.
pub struct Session {
    pub app: App,
    /// When the next write is due.
    save_due: Option<Instant>,
    /// When the last write was made: the next is due [`SAVE_DELAY`] after it at the earliest.
    last_write: Option<Instant>,
    /// A commit not yet handed to [`Disk::committed`] (done once per batch of events, so a
    /// burst of keys copies the sheet once, not once per key).
    unshared: bool,
    /// The session is ending on a signal: one final write, no retries.
    hanging_up: bool,
}

impl Session {
    pub fn new(app: App) -> Session {
        Session {
            app,
            save_due: None,
            last_write: None,
            unshared: false,
            hanging_up: false,
        }
    }

    /// When the loop must call [`Session::tick`] next, if anything is scheduled.
    pub(crate) fn deadline(&self) -> Option<Instant> {
        self.save_due
    }

    /// Hands one action to the App and performs its effects. `Some` when the session ends.
    pub fn handle(&mut self, action: Action, now: Instant, disk: &mut dyn Disk) -> Option<Ending> {
        let effects = self.app.update(action, crate::clock::now());
        self.apply(effects, now, disk)
    }

    /// Hands several actions to the App in order, until the session ends.
    pub(crate) fn handle_all(
        &mut self,
        actions: Vec<Action>,
        now: Instant,
        disk: &mut dyn Disk,
    ) -> Option<Ending> {
        actions
            .into_iter()
            .find_map(|action| self.handle(action, now, disk))
    }

    /// Performs effects, and the effects of the actions they produce, until none are left.
    pub(crate) fn apply(
        &mut self,
        effects: Vec<Effect>,
        now: Instant,
        disk: &mut dyn Disk,
    ) -> Option<Ending> {
        let mut queue = VecDeque::from(effects);
        while let Some(effect) = queue.pop_front() {
            let outcome = match effect {
                Effect::Save => {
                    self.unshared = !self.app.read_only;
                    let earliest = self.last_write.map_or(now, |w| (w + SAVE_DELAY).max(now));
                    self.schedule(earliest);
                    None
                }
                Effect::SaveIn(after) => {
                    self.schedule(now + after);
                    None
                }
                Effect::QuitDiscarding => return Some(Ending::Discarded),
                Effect::LoadPrevious(file) => Some(match disk.read_previous(&file) {
                    Ok(previous) => Action::PreviousLoaded(Box::new(previous)),
                    Err(why) => Action::PreviousFailed(why),
                }),
                Effect::ListDir(dir) => Some(Action::Listed(disk.list_dir(&dir))),
                Effect::SaveBeside => Some(match disk.save_beside(&self.app.committed_sheet()) {
                    Ok(name) => Action::SavedBeside(name),
                    Err(why) => Action::SaveFailed(why),
                }),
                Effect::ReloadReapply => {
                    Some(match disk.reload_and_reapply(&self.app.committed_sheet()) {
                        Ok(merged) => Action::Reapplied(Box::new(merged)),
                        Err(why) => Action::SaveFailed(why),
                    })
                }
                Effect::Quit => {
                    if !self.app.save.dirty || self.app.read_only {
                        return Some(self.ending(Ok(())));
                    }
                    let mut outcome = self.write(now, disk);
                    if self.hanging_up {
                        if let Err(WriteError::Changed(_) | WriteError::Denied(_)) = outcome {
                            // Someone else changed the file, or it may not be replaced: keep
                            // this session's work beside it.
                            outcome = disk
                                .save_beside(&self.app.committed_sheet())
                                .map(|_| ())
                                .map_err(WriteError::Failed);
                        }
                        let result = outcome.clone().map_err(WriteError::into_message);
                        // The session ends whatever the App says now: a retry cannot happen.
                        let _ = self
                            .app
                            .update(outcome_action(outcome), crate::clock::now());
                        return Some(Ending::Hangup(result));
                    }
                    Some(outcome_action(outcome))
                }
            };
            if let Some(action) = outcome {
                queue.extend(self.app.update(action, crate::clock::now()));
            }
        }
        None
    }

    /// Writes the sheet if a write is due.
    pub(crate) fn tick(&mut self, now: Instant, disk: &mut dyn Disk) -> Option<Ending> {
        if self.save_due.is_none_or(|due| now < due) {
            return None;
        }
        self.save_due = None;
        if self.app.read_only || !self.app.save.dirty {
            return None;
        }
        let outcome = self.write(now, disk);
        self.handle(outcome_action(outcome), now, disk)
    }

    /// Hands what a last-resort save would need to `disk`: the committed sheet when it
    /// changed, and the notes being typed. Called once per batch of events.
    pub fn share(&mut self, disk: &mut dyn Disk) {
        if self.app.read_only {
            return;
        }
        if std::mem::take(&mut self.unshared) {
            let touched = self.app.take_touched();
            disk.committed(&self.app.committed_sheet(), &touched);
        }
        disk.draft(self.app.draft());
    }

    /// A signal or a lost terminal: keep what is being typed, write once, end.
    pub(crate) fn hang_up(&mut self, now: Instant, disk: &mut dyn Disk) -> Ending {
        self.hanging_up = true;
        let ending = self.handle(Action::Hangup, now, disk);
        ending.unwrap_or_else(|| self.ending(Ok(())))
    }

    fn ending(&self, result: Result<(), String>) -> Ending {
        if self.hanging_up {
            Ending::Hangup(result)
        } else {
            Ending::Saved {
                wrote: self.app.save.last_saved.is_some(),
            }
        }
    }

    /// The earliest of the pending and the new due time.
    fn schedule(&mut self, at: Instant) {
        self.save_due = Some(self.save_due.map_or(at, |due| due.min(at)));
    }

    fn write(&mut self, now: Instant, disk: &mut dyn Disk) -> Result<(), WriteError> {
        if self.app.read_only {
            return Ok(());
        }
        self.save_due = None;
        self.last_write = Some(now);
        disk.save(&self.app.committed_sheet())
    }
}

impl WriteError {
    fn into_message(self) -> String {
        match self {
            WriteError::Changed(why) | WriteError::Failed(why) | WriteError::Denied(why) => why,
        }
    }
}

fn outcome_action(outcome: Result<(), WriteError>) -> Action {
    match outcome {
        Ok(()) => Action::Saved(crate::clock::now()),
        Err(WriteError::Changed(why)) => Action::SaveConflict(why),
        Err(WriteError::Failed(why)) => Action::SaveFailed(why),
        Err(WriteError::Denied(why)) => Action::SaveDenied(why),
    }
}

#[cfg(test)]
mod tests;
