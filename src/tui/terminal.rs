//! The real terminal: set-up and restore, signals, the event loop, and the effects `App` asks
//! for (saving through `store`, quitting).
//!
//! - Raw mode and the alternate screen via `ratatui::try_init`, whose panic hook restores the
//!   terminal; nothing else is enabled (no mouse, no bracketed paste, no keyboard-enhancement
//!   flags), so nothing else needs undoing.
//! - Before the first frame the terminal is asked how wide it draws ambiguous-width
//!   characters (`tui::probe`), unless the user said; input then passes `probe::ReplyFilter`,
//!   so a cursor-position report split in transit is never taken as keys.
//! - Ctrl-C is a key (raw mode). SIGHUP (SSH dropped), SIGTERM and SIGINT set a flag the loop
//!   checks at least every 100 ms: keep what is being typed, save, restore, exit.
//! - A failed input read or draw ends the session the same way. When the tty vanishes,
//!   crossterm can spin inside `poll` without returning (crossterm#793), so a watchdog thread
//!   also watches the loop's heartbeat: if the loop stops beating after a signal, or for three
//!   seconds while `/dev/tty` cannot be opened, the watchdog writes the last committed sheet
//!   and exits the process itself.
//! - Saves are coalesced: a change schedules a write 300 ms later (well within the promised
//!   second); a failed write is retried every 2 s while the data stays in memory.

use std::io::IsTerminal as _;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use ratatui::Terminal;

use crate::tui::backend::LeanBackend;
use ratatui::crossterm::event::{self, Event};

use crate::catalog::Catalogs;
use crate::sheet::Sheet;
use crate::store::{self, SaveError, SheetFile, SheetLock};
use crate::tui::ambiguous::{AmbiguousWidth, Source};
use crate::tui::app::{Action, App, Effect};
use crate::tui::previous::PreviousSheet;
use crate::tui::probe::{self, ReplyFilter};
use crate::tui::start::{StartForm, StartOutcome};
use crate::tui::theme::Theme;
use crate::tui::view;

const SAVE_DELAY: Duration = Duration::from_millis(300);
const RETRY_DELAY: Duration = Duration::from_secs(2);
const TICK: Duration = Duration::from_millis(100);

/// The interview talks to a person: stdin and stdout must be a terminal.
pub fn check_terminal() -> Result<(), String> {
    if std::io::stdin().is_terminal() && std::io::stdout().is_terminal() {
        Ok(())
    } else {
        Err("the interview needs a terminal: stdin and stdout must be a tty".into())
    }
}

/// Reads last year's sheet for the interview: read-only (no lock, never written), with its
/// catalog resolved from the embedded ones and `--catalog` — it may be another revision or
/// edition than this year's.
pub fn read_previous(path: &Path, catalogs: &Catalogs) -> Result<PreviousSheet, String> {
    let sheet = store::load_sheet_for_reading(path).map_err(|e| e.to_string())?;
    let catalog = store::resolve_catalog(&sheet, catalogs, path)
        .map_err(|e| e.to_string())?
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

/// Refuses the sheet being edited as "last year's" sheet.
pub fn not_the_sheet_itself(previous: &Path, sheet: &Path) -> Result<(), String> {
    if crate::store::same_file(previous, sheet) {
        Err(format!(
            "{}: is the sheet being edited; give last year's sheet",
            previous.display()
        ))
    } else {
        Ok(())
    }
}

/// How a session ended.
#[derive(Debug, PartialEq, Eq)]
pub enum Ending {
    /// Quit with everything saved (or nothing to save).
    Saved,
    /// Quit on request without saving after a failed save.
    Discarded,
    /// A signal or a lost terminal ended the session; `Err` says why the final save failed.
    Hangup(Result<(), String>),
}

/// The sheet not yet written, shared with the watchdog so it can write it if the loop hangs.
struct Pending {
    sheet: Option<Sheet>,
}

/// The open terminal with its signal flag and watchdog. Dropping it restores the terminal.
pub struct Tty {
    terminal: Terminal<LeanBackend<std::io::Stdout>>,
    signalled: Arc<AtomicBool>,
    heartbeat: Arc<AtomicU64>,
    done: Arc<AtomicBool>,
    pending: Arc<Mutex<Pending>>,
    started: Instant,
    file: Arc<Mutex<Option<Session>>>,
    /// How the terminal draws ambiguous-width characters.
    ambiguous: AmbiguousWidth,
    /// Input on its way to the loop, without split cursor-position reports.
    input: ReplyFilter,
}

/// The sheet file being edited and its lock, shared with the watchdog, which may have to save
/// and release them itself.
struct Session {
    file: SheetFile,
    lock: Option<SheetLock>,
}

impl Session {
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

impl Tty {
    /// Checks that we talk to a terminal, registers the signals, starts the watchdog,
    /// enters raw mode on the alternate screen and, unless `forced`, asks the terminal how
    /// wide it draws ambiguous-width characters.
    pub fn open(forced: Option<AmbiguousWidth>) -> Result<Tty, String> {
        check_terminal()?;
        let signalled = Arc::new(AtomicBool::new(false));
        for sig in [
            signal_hook::consts::SIGHUP,
            signal_hook::consts::SIGTERM,
            signal_hook::consts::SIGINT,
        ] {
            signal_hook::flag::register(sig, Arc::clone(&signalled))
                .map_err(|e| format!("cannot handle signal {sig}: {e}"))?;
        }
        // try_init enters raw mode and the alternate screen and installs the panic hook that
        // restores them; drawing goes through the leaner backend (see tui::backend).
        drop(ratatui::try_init().map_err(|e| format!("cannot set up the terminal: {e}"))?);
        let (ambiguous, typed_ahead) = match forced {
            Some(width) => (width, Vec::new()),
            None => measure_ambiguous(),
        };
        let backend = LeanBackend::new(std::io::stdout()).with_ambiguous_wide(ambiguous.wide);
        let terminal =
            Terminal::new(backend).map_err(|e| format!("cannot set up the terminal: {e}"))?;
        let mut input = ReplyFilter::default();
        input.queue(typed_ahead);
        let tty = Tty {
            terminal,
            signalled,
            heartbeat: Arc::new(AtomicU64::new(0)),
            done: Arc::new(AtomicBool::new(false)),
            pending: Arc::new(Mutex::new(Pending { sheet: None })),
            started: Instant::now(),
            file: Arc::new(Mutex::new(None)),
            ambiguous,
            input,
        };
        tty.spawn_watchdog();
        Ok(tty)
    }

    /// How the terminal draws ambiguous-width characters (measured or forced).
    pub fn ambiguous(&self) -> AmbiguousWidth {
        self.ambiguous
    }

    fn beat(&self) {
        let ms = self.started.elapsed().as_millis() as u64;
        self.heartbeat.store(ms, Ordering::Relaxed);
    }

    fn spawn_watchdog(&self) {
        let signalled = Arc::clone(&self.signalled);
        let heartbeat = Arc::clone(&self.heartbeat);
        let done = Arc::clone(&self.done);
        let pending = Arc::clone(&self.pending);
        let file = Arc::clone(&self.file);
        let started = self.started;
        std::thread::spawn(move || {
            loop {
                std::thread::sleep(TICK);
                if done.load(Ordering::Relaxed) {
                    return;
                }
                let now = started.elapsed().as_millis() as u64;
                let stale = now.saturating_sub(heartbeat.load(Ordering::Relaxed));
                let stuck_after_signal = signalled.load(Ordering::Relaxed) && stale > 700;
                let tty_gone = stale > 3000 && std::fs::File::open("/dev/tty").is_err();
                if stuck_after_signal || tty_gone {
                    // The loop cannot act: write what it had committed, then leave.
                    let mut code = 129;
                    if let (Ok(mut p), Ok(mut session)) = (pending.lock(), file.lock())
                        && let Some(session) = session.as_mut()
                    {
                        if let Some(sheet) = p.sheet.take()
                            && session.save_somewhere(&sheet).is_err()
                        {
                            code = 1;
                        }
                        // exit() runs no destructors: release the sheet's lock file here, or
                        // the next opener would find a lock held by a dead process.
                        drop(session.lock.take());
                    }
                    let _ = ratatui::try_restore();
                    std::process::exit(code);
                }
            }
        });
    }

    fn signalled(&self) -> bool {
        self.signalled.load(Ordering::Relaxed)
    }

    /// Waits up to `timeout` for an event. `Err` when input failed or a signal arrived.
    /// Input passes the reply filter (a lone Esc may come a moment later).
    fn next_event(&mut self, timeout: Duration) -> Result<Option<Event>, ()> {
        self.beat();
        if self.signalled() {
            return Err(());
        }
        let now = Instant::now();
        if let Some(event) = self.input.pop(now) {
            return Ok(Some(event));
        }
        let wait = self
            .input
            .wait(now)
            .map_or(timeout, |held| held.min(timeout))
            .min(TICK);
        match event::poll(wait) {
            Ok(true) => {
                let event = event::read().map_err(|_| ())?;
                self.input.push(event, Instant::now());
            }
            Ok(false) => {}
            Err(_) => return Err(()),
        }
        Ok(self.input.pop(Instant::now()))
    }

    /// Runs the start form; `None` when cancelled.
    pub fn start_form(
        &mut self,
        mut form: StartForm,
        catalogs: &crate::catalog::Catalogs,
        file_name: &str,
        theme: Theme,
    ) -> Option<Sheet> {
        let mut redraw = true;
        loop {
            if redraw {
                let drawn = self
                    .terminal
                    .draw(|f| view::start::render(&form, file_name, theme, f));
                if drawn.is_err() {
                    return None;
                }
                redraw = false;
            }
            match self.next_event(TICK) {
                Err(()) => return None,
                Ok(None) => {}
                Ok(Some(Event::Key(key))) => {
                    redraw = true;
                    match form.key(key, catalogs, crate::clock::now()) {
                        StartOutcome::Continue => {}
                        StartOutcome::Cancel => return None,
                        StartOutcome::Create(sheet) => return Some(*sheet),
                    }
                }
                Ok(Some(_)) => redraw = true,
            }
        }
    }

    /// Runs the interview on `app` until it quits, saving to `file` (whose `lock` it holds
    /// and releases at the end). `catalogs` resolve the catalog of a previous year's sheet
    /// loaded during the session.
    pub fn interview(
        &mut self,
        mut app: App,
        file: SheetFile,
        lock: Option<SheetLock>,
        catalogs: &Catalogs,
    ) -> Ending {
        let path = file.path().to_path_buf();
        let path = path.as_path();
        if let Ok(mut p) = self.file.lock() {
            *p = Some(Session { file, lock });
        }
        let ending = self.interview_loop(&mut app, path, catalogs);
        if let Ok(mut p) = self.file.lock() {
            *p = None;
        }
        ending
    }

    fn interview_loop(&mut self, app: &mut App, path: &Path, catalogs: &Catalogs) -> Ending {
        let mut save_due: Option<Instant> = None;
        let mut redraw = true;
        let mut idle_events = 0u32;
        let mut idle_since = Instant::now();
        loop {
            if redraw {
                if self.terminal.draw(|f| view::render(app, f)).is_err() {
                    return self.hang_up(app);
                }
                redraw = false;
            }
            let timeout = save_due.map_or(TICK, |d| d.saturating_duration_since(Instant::now()));
            let effects = match self.next_event(timeout) {
                Err(()) => return self.hang_up(app),
                Ok(None) => Vec::new(),
                Ok(Some(Event::Key(key))) if self.too_small() && !quits(&key) => {
                    // Only the "enlarge the terminal" message is on screen: a key must not
                    // change a sheet nobody can see. Quitting still works.
                    redraw = true;
                    Vec::new()
                }
                Ok(Some(Event::Key(key))) => {
                    redraw = true;
                    let effects = app.update(Action::Key(key), crate::clock::now());
                    self.remember_draft(app);
                    effects
                }
                Ok(Some(Event::Resize(..))) => {
                    redraw = true;
                    Vec::new()
                }
                Ok(Some(_)) => {
                    // Events we never asked for, in a burst, mean the input is broken.
                    if idle_since.elapsed() > Duration::from_secs(1) {
                        idle_since = Instant::now();
                        idle_events = 0;
                    }
                    idle_events += 1;
                    if idle_events > 1000 {
                        return self.hang_up(app);
                    }
                    Vec::new()
                }
            };
            for effect in effects {
                match effect {
                    Effect::Save => {
                        self.remember(app);
                        save_due.get_or_insert_with(|| Instant::now() + SAVE_DELAY);
                    }
                    Effect::QuitDiscarding => return Ending::Discarded,
                    Effect::LoadPrevious(file) => {
                        redraw = true;
                        let action = match not_the_sheet_itself(&file, path)
                            .and_then(|()| read_previous(&file, catalogs))
                        {
                            Ok(prev) => Action::PreviousLoaded(Box::new(prev)),
                            Err(e) => Action::PreviousFailed(e),
                        };
                        app.update(action, crate::clock::now());
                    }
                    Effect::Quit => {
                        if !app.save.dirty || app.read_only {
                            return Ending::Saved;
                        }
                        if self.save(app) {
                            return Ending::Saved;
                        }
                        redraw = true;
                        save_due = None;
                    }
                    Effect::SaveBeside | Effect::ReloadReapply => {
                        redraw = true;
                        let now = crate::clock::now();
                        let action = self.resolve_conflict(app, effect == Effect::SaveBeside, now);
                        for effect in app.update(action, now) {
                            match effect {
                                Effect::Save => {
                                    save_due.get_or_insert_with(Instant::now);
                                }
                                Effect::Quit if !app.save.dirty => return Ending::Saved,
                                _ => {}
                            }
                        }
                    }
                }
            }
            if save_due.is_some_and(|d| Instant::now() >= d) {
                save_due = None;
                redraw = true;
                if !self.save(app) && !app.save.conflict {
                    save_due = Some(Instant::now() + RETRY_DELAY);
                }
            }
        }
    }

    /// Whether the terminal is below the size at which the interview is drawn at all.
    fn too_small(&self) -> bool {
        self.terminal
            .size()
            .is_ok_and(|s| s.width < view::MIN_WIDTH || s.height < view::MIN_HEIGHT)
    }

    /// Shares the latest committed sheet with the watchdog.
    fn remember(&self, app: &App) {
        if app.read_only {
            return;
        }
        if let Ok(mut p) = self.pending.lock() {
            p.sheet = Some(app.sheet.clone());
        }
    }

    /// Shares the text being typed with the watchdog (it is not committed yet, but a vanished
    /// terminal should not take it along).
    fn remember_draft(&self, app: &App) {
        if app.read_only {
            return;
        }
        if let Some(draft) = app.draft_sheet()
            && let Ok(mut p) = self.pending.lock()
        {
            p.sheet = Some(draft);
        }
    }

    /// Writes the sheet now and tells the app how it went. True when written.
    fn save(&mut self, app: &mut App) -> bool {
        if app.read_only {
            return true;
        }
        // Holding the lock keeps the watchdog from writing at the same moment.
        let mut pending = self.pending.lock().unwrap_or_else(|e| e.into_inner());
        let mut session = self.file.lock().unwrap_or_else(|e| e.into_inner());
        let Some(session) = session.as_mut() else {
            return false;
        };
        let result = session.file.save(&app.sheet);
        if result.is_ok() {
            pending.sheet = app.draft_sheet();
        }
        drop(pending);
        let now = crate::clock::now();
        match result {
            Ok(()) => {
                let _ = app.update(Action::Saved(now), now);
                true
            }
            Err(SaveError::Changed(e)) => {
                let _ = app.update(Action::SaveConflict(e.to_string()), now);
                false
            }
            Err(SaveError::Failed(e)) => {
                let _ = app.update(Action::SaveFailed(e.to_string()), now);
                false
            }
        }
    }

    /// After a conflict: save beside the changed file (and edit that one from now on), or read
    /// the changed file and re-apply this session's changes to it.
    fn resolve_conflict(&mut self, app: &App, beside: bool, now: time::OffsetDateTime) -> Action {
        let mut session = self.file.lock().unwrap_or_else(|e| e.into_inner());
        let Some(session) = session.as_mut() else {
            return Action::SaveFailed("no file".into());
        };
        if beside {
            match session.file.save_beside(&app.sheet, now) {
                Ok(new) => {
                    let name = new
                        .file_name()
                        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
                    // The other file is someone else's now: let go of its lock.
                    drop(session.lock.take());
                    match store::SheetFile::open(&new).and_then(|mut f| f.load().map(|_| f)) {
                        Ok(mut f) => {
                            let _ = store::lock_file(&mut f).map(|l| session.lock = Some(l));
                            session.file = f;
                        }
                        Err(e) => return Action::SaveFailed(e.to_string()),
                    }
                    Action::SavedBeside(name)
                }
                Err(e) => Action::SaveFailed(e.to_string()),
            }
        } else {
            match session.file.reload_and_reapply(&app.sheet) {
                Ok(merged) => Action::Reapplied(Box::new(merged)),
                Err(e) => Action::SaveFailed(e.to_string()),
            }
        }
    }

    fn hang_up(&mut self, app: &mut App) -> Ending {
        let _ = app.update(Action::Hangup, crate::clock::now());
        if !app.save.dirty || app.read_only {
            return Ending::Hangup(Ok(()));
        }
        if !app.save.conflict && self.save(app) {
            return Ending::Hangup(Ok(()));
        }
        if app.save.conflict {
            // Someone else changed the file: keep this session's work beside it.
            let mut session = self.file.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(session) = session.as_mut() {
                return Ending::Hangup(session.save_somewhere(&app.sheet));
            }
        }
        Ending::Hangup(Err(app.save.failure.clone().unwrap_or_default()))
    }
}

impl Drop for Tty {
    fn drop(&mut self) {
        self.done.store(true, Ordering::Relaxed);
        ratatui::restore();
    }
}

/// Asks the terminal (see `tui::probe`); no answer in time means "wide", right on both kinds.
fn measure_ambiguous() -> (AmbiguousWidth, Vec<Event>) {
    match probe::measure(&mut std::io::stdout(), probe::TIMEOUT) {
        Ok((Some(wide), keys)) => (
            AmbiguousWidth {
                wide,
                source: Source::Measured,
            },
            keys,
        ),
        Ok((None, keys)) => (
            AmbiguousWidth {
                wide: true,
                source: Source::NoAnswer,
            },
            keys,
        ),
        Err(_) => (
            AmbiguousWidth {
                wide: true,
                source: Source::NoAnswer,
            },
            Vec::new(),
        ),
    }
}

/// Keys that may quit even when the screen is too small to show anything else.
fn quits(key: &event::KeyEvent) -> bool {
    use ratatui::crossterm::event::{KeyCode, KeyModifiers};
    matches!(key.code, KeyCode::Char('q') | KeyCode::Char('Q'))
        || (key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL))
}
