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
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use ratatui::Terminal;

use crate::tui::backend::LeanBackend;
use ratatui::crossterm::event::{self, Event};

use crate::catalog::Catalogs;
use crate::sheet::Sheet;
use crate::store;
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
    path: Arc<Mutex<Option<PathBuf>>>,
    /// How the terminal draws ambiguous-width characters.
    ambiguous: AmbiguousWidth,
    /// Input on its way to the loop, without split cursor-position reports.
    input: ReplyFilter,
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
            path: Arc::new(Mutex::new(None)),
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
        let path = Arc::clone(&self.path);
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
                    if let (Ok(mut p), Ok(path)) = (pending.lock(), path.lock())
                        && let Some(path) = path.as_ref()
                    {
                        if let Some(sheet) = p.sheet.take()
                            && store::save_sheet(path, &sheet).is_err()
                        {
                            code = 1;
                        }
                        // exit() runs no destructors: release the sheet's lock file here, or
                        // the next opener would find a lock held by a dead process.
                        let _ = std::fs::remove_file(store::lock_path(path));
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
                let drawn = self.terminal.draw(|f| {
                    let area = f.area();
                    view::start::draw(&form, file_name, theme, area, f.buffer_mut());
                });
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

    /// Runs the interview on `app` until it quits, saving to `path`. `catalogs` resolve the
    /// catalog of a previous year's sheet loaded during the session.
    pub fn interview(&mut self, mut app: App, path: &Path, catalogs: &Catalogs) -> Ending {
        if let Ok(mut p) = self.path.lock() {
            *p = Some(path.to_path_buf());
        }
        let mut save_due: Option<Instant> = None;
        let mut redraw = true;
        let mut idle_events = 0u32;
        let mut idle_since = Instant::now();
        loop {
            if redraw {
                if self.terminal.draw(|f| view::render(&app, f)).is_err() {
                    return self.hang_up(&mut app, path);
                }
                redraw = false;
            }
            let timeout = save_due.map_or(TICK, |d| d.saturating_duration_since(Instant::now()));
            let effects = match self.next_event(timeout) {
                Err(()) => return self.hang_up(&mut app, path),
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
                    self.remember_draft(&app);
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
                        return self.hang_up(&mut app, path);
                    }
                    Vec::new()
                }
            };
            for effect in effects {
                match effect {
                    Effect::Save => {
                        self.remember(&app);
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
                        if self.save(&mut app, path) {
                            return Ending::Saved;
                        }
                        redraw = true;
                        save_due = None;
                    }
                }
            }
            if save_due.is_some_and(|d| Instant::now() >= d) {
                save_due = None;
                redraw = true;
                if !self.save(&mut app, path) {
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
    fn save(&mut self, app: &mut App, path: &Path) -> bool {
        if app.read_only {
            return true;
        }
        // Holding the lock keeps the watchdog from writing at the same moment.
        let mut pending = self.pending.lock().unwrap_or_else(|e| e.into_inner());
        match store::save_sheet(path, &app.sheet) {
            Ok(()) => {
                pending.sheet = app.draft_sheet();
                drop(pending);
                app.update(Action::Saved(crate::clock::now()), crate::clock::now());
                true
            }
            Err(e) => {
                drop(pending);
                app.update(Action::SaveFailed(e.to_string()), crate::clock::now());
                false
            }
        }
    }

    fn hang_up(&mut self, app: &mut App, path: &Path) -> Ending {
        app.update(Action::Hangup, crate::clock::now());
        if !app.save.dirty || app.read_only {
            return Ending::Hangup(Ok(()));
        }
        if self.save(app, path) {
            Ending::Hangup(Ok(()))
        } else {
            Ending::Hangup(Err(app.save.failure.clone().unwrap_or_default()))
        }
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
