//! The interview's edge: the real terminal and the real disk, the only part of `tui` that
//! does I/O. The rest of `tui` (the App, the session, the views) runs without a terminal and
//! is tested so; everything here needs a tty or a file, and is kept together so that the path
//! of a keystroke leaves the pure part once, here, and comes back as an action:
//!
//! - this file: set-up and restore, signals, the watchdog and the event loop;
//! - `disk`: the sheet file and its lock, the watchdog's hand-off, reading last year's sheet
//!   ([`disk::TtyDisk`] is the `session::Disk` that `Session` performs effects on);
//! - `probe`: asking the terminal how wide it draws ambiguous-width characters;
//! - `backend`: the crossterm backend that sends fewer bytes for Japanese text;
//! - `screen`: the interview's frames, drawing and sending only what changed.
//!
//! The terminal:
//!
//! - Raw mode and the alternate screen via `ratatui::try_init`, plus bracketed paste (a paste
//!   is one event); our own panic hook, `Drop` and the watchdog undo all three.
//! - Before the first frame the terminal is asked how wide it draws ambiguous-width
//!   characters (`probe`), unless the user said. The question goes out as soon as the
//!   terminal is set up ([`Tty::open`]), and the reply is read only when the width is first
//!   needed ([`Tty::ambiguous`]): the sheet and its catalog are read while it travels.
//!   Input then passes `probe::ReplyFilter`, so a cursor-position report split in transit is
//!   never taken as keys.
//! - Ctrl-C is a key (raw mode). SIGHUP (SSH dropped), SIGTERM and SIGINT set a flag and wake
//!   the loop (a self-pipe it sleeps on with the terminal): keep what is being typed, save,
//!   restore, exit. SIGTSTP gives the terminal back before stopping; SIGCONT takes it again
//!   and redraws everything. SIGWINCH sets a flag too: the loop draws at the new size itself
//!   (crossterm hears of a resize only once it has been asked for an event).
//! - The loop sleeps until input, a signal, a resize or the next due save, at most a second
//!   (the watchdog's heartbeat); idle, the process wakes twice a second, not ten times. When
//!   nothing came from the terminal for a heartbeat, the loop asks whether it is still there.
//! - A failed input read or draw, or a hung-up terminal, ends the session the same way. When
//!   the tty vanishes, crossterm can spin inside `poll` without returning (crossterm#793), so a
//!   watchdog thread also watches the loop's heartbeat: if the loop stops beating after a
//!   signal, or for three seconds while the terminal is gone (`/dev/tty` cannot be opened, or,
//!   without a controlling terminal, standard input hung up), the watchdog writes the
//!   last committed sheet (and the notes being typed) and exits the process itself.
//! - Events already waiting are taken as one batch before the next frame (a burst of pasted
//!   keys is drawn once), bounded to 50 ms so that the screen moves and signals are seen.
//!   Characters in the batch are held as one run (`session::TypedRun`): a run with Japanese
//!   text in it (an input method's commit) is one paste, never commands.
//! - Input still unread when the session ends is read and dropped, not left for the shell.

use std::io::IsTerminal as _;
use std::os::fd::AsFd as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use ratatui::crossterm::event::{self, DisableBracketedPaste, EnableBracketedPaste, Event};
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};

use crate::catalog::Catalogs;
use crate::lang::Lang;
use crate::sheet::Sheet;
use crate::store::{SheetFile, SheetLock};
use crate::tui::ambiguous::{AmbiguousWidth, WidthSource};
use crate::tui::app::{Action, App};
use crate::tui::form::Form;
pub(crate) use crate::tui::session::Ending;
use crate::tui::session::{Session, TypedRun};
use crate::tui::start::StartOutcome;
use crate::tui::theme::Theme;
use crate::tui::view;
use backend::LeanBackend;
use disk::{Handoff, TtyDisk};
use probe::ReplyFilter;
use screen::Screen;

pub mod backend;
pub mod disk;
pub(crate) mod probe;
pub mod screen;

/// How often the watchdog looks at the loop's heartbeat.
const TICK: Duration = Duration::from_millis(100);
/// The longest the loop waits without a heartbeat when nothing happens: it wakes at once for
/// input, a signal or a resize, and otherwise only when something is due.
const HEARTBEAT: Duration = Duration::from_secs(1);
/// A wait that ends this close to a heartbeat after the terminal was last known to be there
/// counts as a heartbeat's wait (see `next_event`).
const SLACK: Duration = Duration::from_millis(20);
/// The longest a batch of waiting events is taken before the screen is drawn again.
const BATCH: Duration = Duration::from_millis(50);

/// The interview talks to a person: stdin and stdout must be a terminal.
pub(crate) fn check_terminal(lang: Lang) -> Result<(), String> {
    if std::io::stdin().is_terminal() && std::io::stdout().is_terminal() {
        Ok(())
    } else {
        Err(lang
            .pick(
                "対話画面には端末が必要です: 標準入力と標準出力が端末でなければなりません",
                "the interview needs a terminal: stdin and stdout must be a tty",
            )
            .into())
    }
}

/// The open terminal with its signal flag and watchdog. Dropping it restores the terminal.
pub(crate) struct Tty {
    terminal: Terminal<LeanBackend<std::io::Stdout>>,
    /// The interview's frames, drawn through the terminal's backend.
    screen: Screen,
    /// The number of the signal that ends the session (SIGHUP, SIGTERM, SIGINT); 0: none.
    signalled: Arc<AtomicUsize>,
    /// SIGTSTP (suspend), SIGCONT (continued) and SIGWINCH (resized) since last looked at.
    suspend: Arc<AtomicBool>,
    resumed: Arc<AtomicBool>,
    resized: Arc<AtomicBool>,
    heartbeat: Arc<AtomicU64>,
    done: Arc<AtomicBool>,
    started: Instant,
    /// The open sheet and what is not written yet, for the watchdog.
    handoff: Arc<Handoff>,
    /// How the terminal draws ambiguous-width characters (not yet known while `asked`).
    ambiguous: AmbiguousWidth,
    /// The start-up probe, sent and not yet answered.
    asked: Option<probe::Asked>,
    /// The watchdog's own wake-up pipe, until the watchdog is started (when the probe is
    /// answered: no sheet is open before that).
    watchdog: Option<SignalPipe>,
    /// Input on its way to the loop, without split cursor-position reports.
    input: ReplyFilter,
    /// The App handed to the interview is on the screen as it is ([`Tty::show`]).
    shown: bool,
    /// Wakes the loop's sleep on the terminal's input at a signal or a resize.
    wake: SignalPipe,
    /// crossterm returned an event last time, so more may be parsed and waiting in it.
    parsed: bool,
    /// `/dev/tty` opened at the start: the terminal is this session's controlling terminal.
    controlling: bool,
    /// When the terminal was last known to be there (input came from it, or it was asked):
    /// a wait that ends with nothing asks it again only a heartbeat after that, not after
    /// each short wait (a save's delay, a key held back).
    present: Instant,
}

impl Tty {
    /// Checks that we talk to a terminal, registers the signals, enters raw mode on the
    /// alternate screen and, unless `forced`, asks the terminal how wide it draws
    /// ambiguous-width characters — without waiting for the reply: the caller reads the
    /// sheet meanwhile, and [`Tty::ambiguous`] waits for what is left of it.
    pub(crate) fn open(forced: Option<AmbiguousWidth>, lang: Lang) -> Result<Tty, String> {
        check_terminal(lang)?;
        let signalled = Arc::new(AtomicUsize::new(0));
        for sig in [
            signal_hook::consts::SIGHUP,
            signal_hook::consts::SIGTERM,
            signal_hook::consts::SIGINT,
        ] {
            signal_hook::flag::register_usize(sig, Arc::clone(&signalled), sig as usize)
                .map_err(|e| format!("cannot handle signal {sig}: {e}"))?;
        }
        // Suspension is ours to do: leave the screen and raw mode first, stop, and take the
        // terminal back (redrawn) when continued — also after a plain SIGSTOP.
        let suspend = Arc::new(AtomicBool::new(false));
        let resumed = Arc::new(AtomicBool::new(false));
        // A resize is ours to notice too: crossterm listens for SIGWINCH only from the first
        // time it is asked for an event, so a window resized before the first key went
        // unseen (the signal woke the loop, crossterm had nothing to say).
        let resized = Arc::new(AtomicBool::new(false));
        for (sig, flag) in [
            (signal_hook::consts::SIGTSTP, &suspend),
            (signal_hook::consts::SIGCONT, &resumed),
            (signal_hook::consts::SIGWINCH, &resized),
        ] {
            signal_hook::flag::register(sig, Arc::clone(flag))
                .map_err(|e| format!("cannot handle signal {sig}: {e}"))?;
        }
        // Raw mode and the alternate screen, as `ratatui::try_init` sets them up but without
        // the Terminal it makes (two screen-sized buffers, for nothing); drawing goes through
        // the leaner backend (see tui::backend). Our panic hook restores them, also turns
        // bracketed paste off, and never prints (ratatui's reports a failed restore with
        // eprintln!, a second panic when the terminal is gone).
        let wake = SignalPipe::new(&SIGNALS).map_err(|e| format!("cannot handle signals: {e}"))?;
        let original_hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            original_hook(info);
        }));
        ratatui::crossterm::terminal::enable_raw_mode()
            .and_then(|()| {
                ratatui::crossterm::execute!(
                    std::io::stdout(),
                    ratatui::crossterm::terminal::EnterAlternateScreen
                )
            })
            .map_err(|e| format!("cannot set up the terminal: {e}"))?;
        let _ = ratatui::crossterm::execute!(std::io::stdout(), EnableBracketedPaste);
        let (ambiguous, asked) = match forced {
            Some(width) => (width, None),
            None => (
                NO_ANSWER,
                probe::ask(&mut std::io::stdout(), probe::TIMEOUT).ok(),
            ),
        };
        let terminal = idle_terminal(ambiguous.wide)
            .map_err(|e| format!("cannot set up the terminal: {e}"))?;
        let watchdog =
            SignalPipe::new(&SIGNALS[..3]).map_err(|e| format!("cannot handle signals: {e}"))?;
        Ok(Tty {
            terminal,
            screen: Screen::default(),
            signalled,
            suspend,
            resumed,
            resized,
            heartbeat: Arc::new(AtomicU64::new(0)),
            done: Arc::new(AtomicBool::new(false)),
            started: Instant::now(),
            handoff: Arc::new(Handoff::default()),
            ambiguous,
            asked,
            watchdog: Some(watchdog),
            input: ReplyFilter::default(),
            shown: false,
            wake,
            controlling: std::fs::File::open("/dev/tty").is_ok(),
            parsed: false,
            present: Instant::now(),
        })
    }

    /// How the terminal draws ambiguous-width characters (measured or forced); the first
    /// call waits for the probe's reply, if it has not come yet, and starts the watchdog.
    pub(crate) fn ambiguous(&mut self) -> AmbiguousWidth {
        if let Some(asked) = self.asked.take() {
            let (ambiguous, typed_ahead) =
                ambiguous_from(asked.reply(std::io::stdin().as_fd(), &mut std::io::stdout()));
            self.ambiguous = ambiguous;
            self.terminal
                .backend_mut()
                .set_ambiguous_wide(ambiguous.wide);
            self.input.queue(typed_ahead.events);
            self.input.hold(&typed_ahead.tail, Instant::now());
        }
        if let Some(wake) = self.watchdog.take() {
            self.beat();
            self.spawn_watchdog(wake);
        }
        self.ambiguous
    }

    fn beat(&self) {
        let ms = self.started.elapsed().as_millis() as u64;
        self.heartbeat.store(ms, Ordering::Relaxed);
    }

    /// The watchdog sleeps a second at a time, woken by a signal; after a signal it looks
    /// every [`TICK`] whether the loop is acting on it.
    fn spawn_watchdog(&self, wake: SignalPipe) {
        let signalled = Arc::clone(&self.signalled);
        let heartbeat = Arc::clone(&self.heartbeat);
        let done = Arc::clone(&self.done);
        let handoff = Arc::clone(&self.handoff);
        let started = self.started;
        let controlling = self.controlling;
        std::thread::spawn(move || {
            loop {
                if signalled.load(Ordering::Relaxed) != 0 {
                    std::thread::sleep(TICK);
                } else {
                    wake.sleep(HEARTBEAT);
                }
                if done.load(Ordering::Relaxed) {
                    return;
                }
                let now = started.elapsed().as_millis() as u64;
                let stale = now.saturating_sub(heartbeat.load(Ordering::Relaxed));
                let signal = signalled.load(Ordering::Relaxed);
                let stuck_after_signal = signal != 0 && stale > 700;
                let tty_gone = stale > 3000 && terminal_gone(controlling);
                if stuck_after_signal || tty_gone {
                    // The loop cannot act: write what it had committed, then leave.
                    let code = handoff.write_last_resort(ended_by(signal));
                    restore();
                    std::process::exit(code);
                }
            }
        });
    }

    fn signalled(&self) -> bool {
        self.signalled.load(Ordering::Relaxed) != 0
    }

    /// The exit status of a session that a signal or a lost terminal ended: 128 + the
    /// signal's number, as a shell reports a process the signal killed (129 for SIGHUP, 130
    /// SIGINT, 143 SIGTERM); 129 when the terminal went away without one.
    pub(crate) fn hang_up_status(&self) -> u8 {
        ended_by(self.signalled.load(Ordering::Relaxed))
    }

    /// Waits up to `timeout` for an event. `Err` when input failed or a signal arrived.
    /// Input passes the reply filter (a lone Esc may come a moment later).
    fn next_event(&mut self, timeout: Duration) -> Result<Option<Event>, ()> {
        self.beat();
        if self.signalled() {
            return Err(());
        }
        if self.suspend.swap(false, Ordering::Relaxed) {
            restore();
            let _ = signal_hook::low_level::raise(signal_hook::consts::SIGSTOP);
        }
        if self.resumed.swap(false, Ordering::Relaxed) {
            // Whoever had the terminal meanwhile (the shell) changed its modes and screen.
            let _ = ratatui::crossterm::terminal::enable_raw_mode();
            let _ = ratatui::crossterm::execute!(
                std::io::stdout(),
                ratatui::crossterm::terminal::EnterAlternateScreen,
                EnableBracketedPaste,
                ratatui::crossterm::terminal::Clear(ratatui::crossterm::terminal::ClearType::All)
            );
            // A fresh Terminal draws every cell next time (`Terminal::clear` would first ask
            // the terminal where the cursor is, and wait for the answer).
            let backend =
                LeanBackend::new(std::io::stdout()).with_ambiguous_wide(self.ambiguous.wide);
            if let Ok(terminal) = Terminal::new(backend) {
                self.terminal = terminal;
            }
            self.screen.forget();
            let (w, h) = ratatui::crossterm::terminal::size().unwrap_or((80, 24));
            return Ok(Some(Event::Resize(w, h)));
        }
        if self.resized.swap(false, Ordering::Relaxed)
            && let Ok((w, h)) = ratatui::crossterm::terminal::size()
        {
            // crossterm may report the same resize again: drawn once more, nothing lost.
            self.terminal.backend().forget_size();
            return Ok(Some(Event::Resize(w, h)));
        }
        let now = Instant::now();
        if let Some(event) = self.input.pop(now) {
            return Ok(Some(event));
        }
        let wait = self
            .input
            .wait(now)
            .map_or(timeout, |held| held.min(timeout))
            .min(HEARTBEAT);
        let ready = self.parsed || wait_for_input(&self.wake, wait)?;
        // crossterm's look is bounded in time, and a thread paused right before it looks (an
        // interrupt, a busy machine, a cold cache) skips the events it parsed from an earlier
        // read. When the terminal has input, crossterm is given long enough ([`READ`]) to be
        // sure to look. After an event its "nothing more" is asked twice, back to back; and
        // every wait, even one that ended with nothing, asks once, so that what a skipped look
        // left waits at most until the next wake-up (a heartbeat), not for the next key. It
        // was asked again 20 ms after every key instead: a second wake-up per key, a quarter of
        // a paced key's CPU (#23).
        let after_event = std::mem::take(&mut self.parsed);
        let event = match take_event(if ready && !after_event { READ } else { LOOK })? {
            None if after_event => take_event(LOOK)?,
            event => event,
        };
        if let Some(event) = event {
            self.present = Instant::now();
            self.parsed = true;
            if let Event::Resize(..) = event {
                self.terminal.backend().forget_size();
            }
            self.input.push(event, Instant::now());
        } else if !ready && self.present.elapsed() + SLACK >= HEARTBEAT {
            // Nothing came for the whole wait, nor for a heartbeat before: make sure the
            // terminal is still there.
            if terminal_gone(self.controlling) {
                return Err(());
            }
            self.present = Instant::now();
        }
        Ok(self.input.pop(Instant::now()))
    }

    /// Runs the start form for the sheet at `path`; `None` when cancelled. The sheet comes
    /// with last year's, when the form read one (to show beside it). Reading last year's
    /// sheet and listing a directory for Tab completion happen here, for the pure form.
    pub(crate) fn start_form(
        &mut self,
        mut form: Form,
        catalogs: &crate::catalog::Catalogs,
        path: &Path,
        theme: Theme,
    ) -> Option<(Sheet, Option<crate::tui::previous::PreviousSheet>)> {
        let file_name = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let lang = form.lang;
        self.ambiguous();
        // The form is drawn by ratatui's `Terminal`, with frames of the screen's size.
        let backend = LeanBackend::new(std::io::stdout()).with_ambiguous_wide(self.ambiguous.wide);
        if let Ok(terminal) = Terminal::new(backend) {
            self.terminal = terminal;
        }
        let mut redraw = true;
        loop {
            if redraw {
                let drawn = self
                    .terminal
                    .draw(|f| view::form::render_start(&form, &file_name, theme, f));
                if drawn.is_err() {
                    return None;
                }
                redraw = false;
            }
            match self.next_event(HEARTBEAT) {
                Err(()) => return None,
                Ok(None) => {}
                // Only the request to enlarge the terminal is on screen: a key must not fill
                // in a field nobody can see, but it is counted and said. Leaving still works.
                Ok(Some(Event::Key(key)))
                    if self.too_small_for_the_form() && !form.leaves(&key) =>
                {
                    redraw = true;
                    if key.kind == event::KeyEventKind::Press {
                        form.not_taken();
                    }
                }
                Ok(Some(Event::Paste(_))) if self.too_small_for_the_form() => {
                    redraw = true;
                    form.not_taken();
                }
                Ok(Some(Event::Paste(text))) => {
                    redraw = true;
                    form.paste(&text);
                }
                Ok(Some(Event::Resize(..))) => {
                    redraw = true;
                    if form.not_taken > 0 && !self.too_small_for_the_form() {
                        form.enlarged();
                    }
                }
                Ok(Some(Event::Key(key))) => {
                    redraw = true;
                    let mut outcome = form.start_key(key, catalogs, crate::clock::now());
                    let outcome = loop {
                        outcome = match outcome {
                            StartOutcome::ListDir(dir) => {
                                let names = disk::list_dir(&dir);
                                form.completed(&names, catalogs, crate::clock::now())
                            }
                            StartOutcome::ReadPrevious(file) => {
                                let read = disk::read_previous(&file, path, catalogs, lang);
                                form.previous_read(read, catalogs);
                                StartOutcome::Continue
                            }
                            other => break other,
                        };
                    };
                    match outcome {
                        StartOutcome::Continue
                        | StartOutcome::ListDir(_)
                        | StartOutcome::ReadPrevious(_) => {}
                        StartOutcome::Cancel => return None,
                        StartOutcome::Create(sheet) => {
                            // The interview's frames start from a blank screen.
                            let _ = ratatui::backend::Backend::clear_region(
                                self.terminal.backend_mut(),
                                ratatui::backend::ClearType::All,
                            );
                            return Some((*sheet, form.take_previous()));
                        }
                    }
                }
                Ok(Some(_)) => redraw = true,
            }
        }
    }

    /// Runs the interview on `app` until it quits, saving to `file` (whose `lock` it holds
    /// and releases at the end). `catalogs` resolve the catalog of a previous year's sheet
    /// loaded during the session. Returns how it ended and the file edited last: `file`, or
    /// the copy saved beside it (`b`).
    pub(crate) fn interview(
        &mut self,
        app: App,
        file: SheetFile,
        lock: Option<SheetLock>,
        catalogs: &Catalogs,
    ) -> (Ending, PathBuf) {
        self.ambiguous();
        let path = file.path().to_path_buf();
        let base = (!app.read_only).then_some(&app.sheet);
        self.handoff.open(file, lock, base);
        let ending = self.interview_loop(app, &path, catalogs);
        let last = self.handoff.close().unwrap_or(path);
        (ending, last)
    }

    /// Draws `app` now, before the interview starts (whose first frame then sends only what
    /// changed since): the first frame is on the screen while the caller waits for the disk.
    /// A frame that could not be sent is sent whole by the interview.
    pub(crate) fn show(&mut self, app: &App) {
        self.ambiguous();
        self.shown = self.frame(app);
        if !self.shown {
            self.screen.forget();
        }
    }

    /// Every effect of the App is performed by `Session::apply`; this loop only turns
    /// terminal events into actions.
    fn interview_loop(&mut self, app: App, path: &Path, catalogs: &Catalogs) -> Ending {
        let handoff = Arc::clone(&self.handoff);
        let mut disk = TtyDisk {
            path,
            catalogs,
            lang: app.lang(),
            handoff: &handoff,
        };
        let mut session = Session::new(app);
        // Drawn already, by `show`: a frame of nothing would still send a style reset.
        let mut redraw = !std::mem::take(&mut self.shown);
        let mut idle_events = 0u32;
        let mut idle_since = Instant::now();
        let mut run = TypedRun::default();
        loop {
            if std::mem::take(&mut redraw) && !self.frame(&session.app) {
                return session.hang_up(Instant::now(), &mut disk);
            }
            let timeout = session
                .deadline()
                .map_or(HEARTBEAT, |d| d.saturating_duration_since(Instant::now()));
            // Wait for one event, then take every event already waiting (a paste without
            // bracketed paste is a burst of keys) before drawing again: a burst costs one
            // frame, not one per key. The batch is bounded in time so that the screen still
            // moves and a signal is still seen within the promised second.
            // Characters typed alone are held as a run until the batch ends or another
            // event comes (`TypedRun`): an input method's commit is text, never commands.
            let batch_start = Instant::now();
            let mut wait = timeout;
            loop {
                let event = match self.next_event(wait) {
                    Err(()) => {
                        let _ = session.handle_all(run.flush(), Instant::now(), &mut disk);
                        return session.hang_up(Instant::now(), &mut disk);
                    }
                    Ok(None) => break,
                    Ok(Some(event)) => event,
                };
                let action = match event {
                    Event::Key(key) if self.too_small() && !quits(&key) => {
                        // Only the "enlarge the terminal" message is on screen: a key must
                        // not change a sheet nobody can see, but it is counted and said.
                        // Quitting still works.
                        (key.kind == event::KeyEventKind::Press).then_some(Action::NotTaken)
                    }
                    Event::Key(key) if run.take(&key) => {
                        redraw = true;
                        if batch_start.elapsed() >= BATCH {
                            break;
                        }
                        wait = Duration::ZERO;
                        continue;
                    }
                    Event::Key(key) => Some(Action::Key(key)),
                    Event::Paste(text) if !self.too_small() => Some(Action::Paste(text)),
                    Event::Paste(_) => Some(Action::NotTaken),
                    Event::Resize(..) if session.app.not_taken > 0 && !self.too_small() => {
                        Some(Action::Enlarged)
                    }
                    Event::Resize(..) => None,
                    _ => {
                        // Events we never asked for, in a burst, mean the input is broken.
                        if idle_since.elapsed() > Duration::from_secs(1) {
                            idle_since = Instant::now();
                            idle_events = 0;
                        }
                        idle_events += 1;
                        if idle_events > 1000 {
                            return session.hang_up(Instant::now(), &mut disk);
                        }
                        continue;
                    }
                };
                redraw = true;
                let mut actions = run.end();
                actions.extend(action);
                if let Some(ending) = session.handle_all(actions, Instant::now(), &mut disk) {
                    return ending;
                }
                if batch_start.elapsed() >= BATCH {
                    break;
                }
                wait = Duration::ZERO;
            }
            if let Some(ending) = session.handle_all(run.flush(), Instant::now(), &mut disk) {
                return ending;
            }
            session.share(&mut disk);
            // The batch's frame goes out before a write that may be due now (a change after
            // a quiet spell is written at once): the echo never waits for the disk.
            if std::mem::take(&mut redraw) && !self.frame(&session.app) {
                return session.hang_up(Instant::now(), &mut disk);
            }
            let before = session.app.save.clone();
            if let Some(ending) = session.tick(Instant::now(), &mut disk) {
                return ending;
            }
            redraw |= session.app.save != before;
        }
    }

    /// Draws the interview's frame; false when it could not be sent (the terminal is gone).
    fn frame(&mut self, app: &App) -> bool {
        self.screen.draw(app, self.terminal.backend_mut()).is_ok()
    }

    /// Whether the terminal is below the size at which the interview is drawn at all.
    fn too_small_for_the_form(&self) -> bool {
        self.terminal.size().is_ok_and(|s| {
            s.width < view::form::START_MIN_WIDTH || s.height < view::form::START_MIN_HEIGHT
        })
    }

    fn too_small(&self) -> bool {
        self.terminal
            .size()
            .is_ok_and(|s| s.width < view::MIN_WIDTH || s.height < view::MIN_HEIGHT)
    }
}

impl Drop for Tty {
    fn drop(&mut self) {
        self.done.store(true, Ordering::Relaxed);
        if let Some(asked) = self.asked.take() {
            // Ended before the first frame (the sheet could not be read): the reply must not
            // reach the shell after the terminal is restored.
            let _ = asked.reply(std::io::stdin().as_fd(), &mut std::io::stdout());
        }
        discard_unread_input();
        restore();
        // ratatui's Terminal shows the cursor when dropped and reports a failure with
        // eprintln!, which panics when stderr is the terminal that went away. `restore` has
        // shown the cursor already: forget the Terminal instead of dropping it.
        if let Ok(fresh) = idle_terminal(false) {
            std::mem::forget(std::mem::replace(&mut self.terminal, fresh));
        }
    }
}

/// A `Terminal` on stdout whose own frames are one cell: the interview draws through its
/// backend only (`Screen` keeps the frames), so ratatui's two screen-sized buffers would be
/// made for nothing at start-up. The start form takes a full-screen one.
fn idle_terminal(ambiguous_wide: bool) -> std::io::Result<Terminal<LeanBackend<std::io::Stdout>>> {
    let backend = LeanBackend::new(std::io::stdout()).with_ambiguous_wide(ambiguous_wide);
    let idle = TerminalOptions {
        viewport: Viewport::Fixed(Rect::new(0, 0, 1, 1)),
    };
    Terminal::with_options(backend, idle)
}

/// Leaves the terminal as it was: bracketed paste off, cursor shown, raw mode off, main
/// screen. Failures are ignored: the terminal may be gone.
fn restore() {
    let _ = ratatui::crossterm::execute!(
        std::io::stdout(),
        DisableBracketedPaste,
        ratatui::crossterm::cursor::Show
    );
    let _ = ratatui::try_restore();
}

/// Input typed or pasted but not read when the session ends must not reach the shell, which
/// would run it as commands: read and drop whatever has arrived (bounded, in case the input
/// never stops).
fn discard_unread_input() {
    let start = Instant::now();
    while start.elapsed() < Duration::from_millis(200)
        && event::poll(Duration::from_millis(20)).unwrap_or(false)
    {
        if event::read().is_err() {
            break;
        }
    }
}

/// 128 + `signal`, or 129 (a hang-up) for none: see [`Tty::hang_up_status`].
fn ended_by(signal: usize) -> u8 {
    u8::try_from(signal)
        .ok()
        .filter(|s| (1..128).contains(s))
        .map_or(129, |s| 128 + s)
}

/// The signals that end the session, then the ones that suspend, continue and resize it.
const SIGNALS: [std::ffi::c_int; 6] = [
    signal_hook::consts::SIGHUP,
    signal_hook::consts::SIGTERM,
    signal_hook::consts::SIGINT,
    signal_hook::consts::SIGTSTP,
    signal_hook::consts::SIGCONT,
    signal_hook::consts::SIGWINCH,
];

/// A self-pipe a byte is written to at each of some signals, so that a thread asleep in
/// `poll` wakes for them (the flags the handlers also set say which).
struct SignalPipe(std::os::unix::net::UnixStream);

impl SignalPipe {
    fn new(signals: &[std::ffi::c_int]) -> std::io::Result<SignalPipe> {
        let (read, write) = std::os::unix::net::UnixStream::pair()?;
        read.set_nonblocking(true)?;
        for &sig in signals {
            signal_hook::low_level::pipe::register(sig, write.try_clone()?)?;
        }
        Ok(SignalPipe(read))
    }

    fn drain(&self) {
        let mut bytes = [0u8; 64];
        while matches!(std::io::Read::read(&mut &self.0, &mut bytes), Ok(n) if n > 0) {}
    }

    /// Sleeps up to `wait` or until a signal.
    fn sleep(&self, wait: Duration) {
        let mut fds = [rustix::event::PollFd::new(
            &self.0,
            rustix::event::PollFlags::IN,
        )];
        let _ = rustix::event::poll(&mut fds, Some(&timespec(wait)));
        self.drain();
    }
}

fn timespec(d: Duration) -> rustix::event::Timespec {
    rustix::event::Timespec {
        tv_sec: d.as_secs() as _,
        tv_nsec: d.subsec_nanos() as _,
    }
}

/// The loop's sleep: up to `wait`, until the terminal has input or a signal comes (a resize
/// is crossterm's to read); false when the time is up, `Err` when the terminal hung up.
///
/// The loop does not sleep in crossterm's `poll`: it counts its time-out in whole
/// milliseconds and spins through the remainder with `poll(0)` calls — about 1 ms of CPU at
/// the end of every wait that times out, several times what a keystroke costs. crossterm is
/// asked only when there is something to read ([`take_event`]).
fn wait_for_input(signals: &SignalPipe, wait: Duration) -> Result<bool, ()> {
    use rustix::event::{PollFd, PollFlags};
    let stdin = std::io::stdin();
    let mut fds = [
        PollFd::new(&stdin, PollFlags::IN),
        PollFd::new(&signals.0, PollFlags::IN),
    ];
    match rustix::event::poll(&mut fds, Some(&timespec(wait))) {
        Ok(0) => return Ok(false),
        Ok(_) => {}
        Err(rustix::io::Errno::INTR) => return Ok(true),
        Err(_) => return Err(()),
    }
    let (input, signal) = (fds[0].revents(), fds[1].revents());
    if !signal.is_empty() {
        signals.drain();
    }
    if input.intersects(PollFlags::ERR | PollFlags::NVAL)
        || (input.contains(PollFlags::HUP) && !input.contains(PollFlags::IN))
    {
        return Err(());
    }
    Ok(true)
}

/// Whether the terminal went away. A hung-up controlling terminal no longer opens as
/// `/dev/tty`; a session without one (`su USER -c`, `setsid`: the terminal is on standard
/// input and output only) never could open it, so there standard input is asked whether it
/// hung up.
fn terminal_gone(controlling: bool) -> bool {
    use rustix::event::{PollFd, PollFlags};
    if controlling {
        return std::fs::File::open("/dev/tty").is_err();
    }
    let stdin = std::io::stdin();
    let mut fds = [PollFd::new(&stdin, PollFlags::empty())];
    match rustix::event::poll(&mut fds, Some(&timespec(Duration::ZERO))) {
        Ok(0) => false,
        Ok(_) => fds[0]
            .revents()
            .intersects(PollFlags::HUP | PollFlags::ERR | PollFlags::NVAL),
        Err(_) => true,
    }
}

/// How long crossterm may look for an event that may already be parsed (after an event).
/// With nothing there, crossterm polls the terminal again and again until its time runs out:
/// each microsecond of it is CPU spent after every key (it was 5 µs, twice a key: ~10 µs of
/// polling). crossterm skips its parsed events when the thread pauses this long in the
/// instructions before it looks: a cold look (after a sleep) took longer than 1 µs every time
/// (`perf stat` of the `poll`s), a warm one did not; `next_event` asks twice.
const LOOK: Duration = Duration::from_micros(2);
/// How long crossterm may look when the terminal has something to read: it finds it at once
/// and does not spin; only a sequence that arrived in part (an SSH packet split inside an
/// escape sequence) waits this long for its rest, asleep in `poll`.
const READ: Duration = Duration::from_millis(1);

/// crossterm's next event if it has one within `look` ([`LOOK`], [`READ`]): parsed from an
/// earlier read, readable on the terminal, or a resize.
fn take_event(look: Duration) -> Result<Option<Event>, ()> {
    match event::poll(look) {
        Ok(true) => event::read().map(Some).map_err(|_| ()),
        Ok(false) => Ok(None),
        Err(_) => Err(()),
    }
}

/// Keys that may quit even when the screen is too small to show anything else.
fn quits(key: &event::KeyEvent) -> bool {
    use ratatui::crossterm::event::{KeyCode, KeyModifiers};
    matches!(key.code, KeyCode::Char('q') | KeyCode::Char('Q'))
        || (key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL))
}

/// Before the probe is answered, and when it is not: wide, right on both kinds.
const NO_ANSWER: AmbiguousWidth = AmbiguousWidth {
    wide: true,
    source: WidthSource::NoAnswer,
};

/// The width the probe's reply gives (see `tui::probe`); no answer in time means wide.
fn ambiguous_from(
    reply: std::io::Result<(Option<bool>, probe::Leftover)>,
) -> (AmbiguousWidth, probe::Leftover) {
    match reply {
        Ok((Some(wide), keys)) => (
            AmbiguousWidth {
                wide,
                source: WidthSource::Measured,
            },
            keys,
        ),
        Ok((None, keys)) => (NO_ANSWER, keys),
        Err(_) => (NO_ANSWER, probe::Leftover::default()),
    }
}
