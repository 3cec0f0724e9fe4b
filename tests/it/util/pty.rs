//! The real binary on a pseudo-terminal: the one driver of every end-to-end test.
//!
//! A [`Pty`] opens a pty pair of a given size, starts a command with the pty's far end as its
//! controlling terminal (a session of its own, as a login gives it), keeps every byte the
//! program writes and, where the test asks for a screen, feeds them to
//! [`Emulator`](super::emulator::Emulator), whose replies to the cursor-position request go back
//! to the program as a terminal's would. Closing our end ([`Pty::hang_up`]) is the terminal
//! disappearing, as when an SSH connection drops.
//!
//! Why rustix and not a pty crate: rustix is already a dependency of tenken, and its `pty`,
//! `termios` and `process` modules are all a driver needs (openpt/grantpt/unlockpt/ptsname, the
//! window size, setsid and TIOCSCTTY) — no crate is added. portable-pty would bring ten more
//! (anyhow, filedescriptor, nix, serial2, shell-words, downcast-rs …), rexpect and expectrl nix,
//! regex and their own process wrappers, for the same two system calls in the child. The tests
//! used util-linux `script` before; it is no longer needed. The one `unsafe` is `pre_exec`, which
//! std requires for anything run between fork and exec: there it calls only `setsid` and
//! `ioctl(TIOCSCTTY)`, both async-signal-safe.

use std::fs::File;
use std::io::{Read as _, Write as _};
use std::os::fd::{BorrowedFd, OwnedFd};
use std::os::unix::process::CommandExt as _;
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use rustix::event::{PollFd, PollFlags, Timespec, poll};
use rustix::fs::{Mode, OFlags};
use rustix::pty::{OpenptFlags, grantpt, openpt, ptsname, unlockpt};
use rustix::termios::{Winsize, tcsetwinsize};

use super::emulator::Emulator;

/// How long any wait on the program may take before the test fails.
const PATIENCE: Duration = Duration::from_secs(20);

/// The pause after keys typed by a person (not pasted): Esc and a following key stay apart.
const TYPING: Duration = Duration::from_millis(60);

/// `tenken ARGS…` in `dir`, as a user's terminal would run it: TERM set, none of tenken's
/// display variables (nor tmux's or screen's) inherited from the test's environment. Callers may add environment.
pub fn tenken(dir: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_tenken"));
    command.args(args);
    user_terminal(&mut command, dir);
    command
}

/// `sh -c SH_CMD` in `dir`, with `$BIN` the tenken binary, in the same environment as
/// [`tenken`].
pub fn shell(dir: &Path, sh_cmd: &str) -> Command {
    let mut command = Command::new("/bin/sh");
    command
        .args(["-c", sh_cmd])
        .env("BIN", env!("CARGO_BIN_EXE_tenken"));
    user_terminal(&mut command, dir);
    command
}

fn user_terminal(command: &mut Command, dir: &Path) {
    command
        .current_dir(dir)
        .env("TERM", "xterm-256color")
        .env("SHELL", "/bin/sh")
        .env_remove("NO_COLOR")
        .env_remove("TENKEN_ASCII")
        .env_remove("TENKEN_AMBIGUOUS_WIDTH")
        // Not inside a multiplexer, even when the tests run in one.
        .env_remove("TMUX")
        .env_remove("STY");
}

/// A program running on a pseudo-terminal, and what it wrote.
pub struct Pty {
    child: Child,
    /// Our end of the pty, for writing keys; `None` once hung up.
    master: Option<Arc<File>>,
    output: Arc<Mutex<Vec<u8>>>,
    screen: Option<Arc<Mutex<Emulator>>>,
    reader: Option<JoinHandle<()>>,
    hung_up: Arc<AtomicBool>,
    started: Instant,
}

impl Pty {
    /// Starts `command` on a `cols`×`rows` pty whose output is only recorded:
    /// [`Pty::wait_for`] looks at everything written so far.
    pub fn spawn(command: Command, cols: u16, rows: u16) -> Pty {
        Pty::start(command, cols, rows, None)
    }

    /// Starts `command` on a pty of the emulator's size, drawn on `screen`:
    /// [`Pty::wait_for`] looks at the screen as it is now.
    pub fn spawn_on(command: Command, screen: Emulator) -> Pty {
        let (cols, rows) = (screen.cols as u16, screen.rows as u16);
        Pty::start(command, cols, rows, Some(screen))
    }

    fn start(mut command: Command, cols: u16, rows: u16, screen: Option<Emulator>) -> Pty {
        let master = openpt(OpenptFlags::RDWR | OpenptFlags::NOCTTY | OpenptFlags::CLOEXEC)
            .expect("a pseudo-terminal");
        grantpt(&master).unwrap();
        unlockpt(&master).unwrap();
        tcsetwinsize(
            &master,
            Winsize {
                ws_row: rows,
                ws_col: cols,
                ws_xpixel: 0,
                ws_ypixel: 0,
            },
        )
        .unwrap();
        let name = ptsname(&master, Vec::new()).unwrap();
        let slave: OwnedFd = rustix::fs::open(
            name.as_c_str(),
            OFlags::RDWR | OFlags::NOCTTY | OFlags::CLOEXEC,
            Mode::empty(),
        )
        .unwrap();
        command
            .stdin(Stdio::from(slave.try_clone().unwrap()))
            .stdout(Stdio::from(slave.try_clone().unwrap()))
            .stderr(Stdio::from(slave));
        // SAFETY: between fork and exec the closure only makes system calls (setsid, ioctl),
        // which are async-signal-safe; it allocates nothing and takes no lock. Standard input is
        // the pty's far end by then (std sets up stdio before running it).
        unsafe {
            command.pre_exec(|| {
                rustix::process::setsid()?;
                rustix::process::ioctl_tiocsctty(BorrowedFd::borrow_raw(0))?;
                Ok(())
            });
        }
        let child = command.spawn().expect("the program starts");
        // The command (and with it our copies of the far end) is gone: when the program ends,
        // reading our end fails and the reader stops.
        drop(command);
        let master = Arc::new(File::from(master));
        let output = Arc::new(Mutex::new(Vec::new()));
        let screen = screen.map(|s| Arc::new(Mutex::new(s)));
        let hung_up = Arc::new(AtomicBool::new(false));
        let reader = {
            let (master, output, screen, hung_up) = (
                Arc::clone(&master),
                Arc::clone(&output),
                screen.clone(),
                Arc::clone(&hung_up),
            );
            std::thread::spawn(move || read_until_closed(&master, &output, screen, &hung_up))
        };
        Pty {
            child,
            master: Some(master),
            output,
            screen,
            reader: Some(reader),
            hung_up,
            started: Instant::now(),
        }
    }

    /// The program's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Everything the program wrote, as text.
    pub fn output(&self) -> String {
        String::from_utf8_lossy(&self.output.lock().unwrap()).into_owned()
    }

    /// The screen as it is now (for a [`Pty::spawn_on`] session).
    pub fn screen(&self) -> std::sync::MutexGuard<'_, Emulator> {
        self.screen
            .as_ref()
            .expect("a session started with a screen")
            .lock()
            .unwrap()
    }

    /// What [`Pty::wait_for`] looks at: the screen if there is one, else the whole output.
    pub fn text(&self) -> String {
        match &self.screen {
            Some(screen) => screen.lock().unwrap().text(),
            None => self.output(),
        }
    }

    /// The end of [`Pty::text`], for failure messages.
    pub fn tail(&self) -> String {
        let text = self.text();
        let chars: Vec<char> = text.chars().collect();
        chars[chars.len().saturating_sub(1500)..].iter().collect()
    }

    /// Waits until [`Pty::text`] contains `needle`; returns how long since the start.
    pub fn wait_for(&self, needle: &str) -> Duration {
        self.wait_for_any(&[needle])
    }

    /// Waits until [`Pty::text`] contains one of `needles`; returns how long since the start.
    pub fn wait_for_any<S: AsRef<str>>(&self, needles: &[S]) -> Duration {
        let start = Instant::now();
        loop {
            let text = self.text();
            if needles.iter().any(|n| text.contains(n.as_ref())) {
                return self.started.elapsed();
            }
            assert!(
                start.elapsed() < PATIENCE,
                "timed out waiting for one of {:?}; output ends:\n{}",
                needles.iter().map(AsRef::as_ref).collect::<Vec<_>>(),
                self.tail()
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Waits until [`Pty::text`] contains `needle` and the screen has stopped changing.
    pub fn wait_still(&self, needle: &str) {
        self.wait_for(needle);
        self.settle();
    }

    /// Waits until the screen stops changing for 150 ms (the frame is complete).
    pub fn settle(&self) {
        let mut last = self.text();
        let mut still = Instant::now();
        let start = Instant::now();
        while still.elapsed() < Duration::from_millis(150) {
            std::thread::sleep(Duration::from_millis(20));
            let now = self.text();
            if now != last {
                last = now;
                still = Instant::now();
            }
            assert!(start.elapsed() < PATIENCE, "the screen never settles");
        }
    }

    /// Writes `bytes` at once, as a terminal sends a paste or a key's sequence.
    pub fn send_raw(&self, bytes: impl AsRef<[u8]>) {
        write_all(self.master.as_ref().expect("not hung up"), bytes.as_ref());
    }

    /// Changes the terminal's size, as a window resized or a tmux pane split: the screen,
    /// if there is one, then the pty, whose program gets SIGWINCH.
    pub fn resize(&self, cols: u16, rows: u16) {
        if let Some(screen) = &self.screen {
            screen
                .lock()
                .unwrap()
                .resize(usize::from(cols), usize::from(rows));
        }
        let size = Winsize {
            ws_row: rows,
            ws_col: cols,
            ws_xpixel: 0,
            ws_ypixel: 0,
        };
        tcsetwinsize(self.master.as_ref().expect("not hung up").as_ref(), size).unwrap();
        std::thread::sleep(TYPING);
    }

    /// Keys typed by a person: written, then a pause.
    pub fn send(&self, keys: impl AsRef<[u8]>) {
        self.send_raw(keys);
        std::thread::sleep(TYPING);
    }

    /// Waits until the interview has answered a key (last year's summary, `R`, then Esc):
    /// the first frame is drawn before the start-up's own writes to the sheet's directory
    /// (issue 23.1) and the first key is read after them, so a test that breaks the directory
    /// after this no longer races them.
    pub fn wait_answering_keys(&self) {
        self.send("R");
        self.wait_for_any(&["前年のシートがありません", "no sheet of last year"]);
        self.send("\x1b");
    }

    /// Waits for the program to end; returns how long that took and its exit status.
    pub fn wait_exit(&mut self) -> (Duration, ExitStatus) {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                let took = start.elapsed();
                // Everything it wrote is read before the test looks at it.
                if let Some(reader) = self.reader.take() {
                    reader.join().unwrap();
                }
                return (took, status);
            }
            if start.elapsed() > PATIENCE {
                let _ = self.child.kill();
                panic!("the program did not exit; output ends:\n{}", self.tail());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// The terminal goes away (an SSH connection dropped): our end of the pty is closed, and
    /// the kernel hangs up the program's session.
    pub fn hang_up(&mut self) {
        self.hung_up.store(true, Ordering::SeqCst);
        self.master = None;
        if let Some(reader) = self.reader.take() {
            reader.join().unwrap();
        }
    }
}

impl Drop for Pty {
    /// A failed test must not leave the program running.
    fn drop(&mut self) {
        if self.child.try_wait().ok().flatten().is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
        self.hang_up();
    }
}

fn write_all(mut master: &File, bytes: &[u8]) {
    master.write_all(bytes).unwrap();
    master.flush().unwrap();
}

/// Reads our end of the pty until the program's side is closed (or we hang up), recording
/// every byte and drawing it on `screen`, whose replies go back as the terminal's.
fn read_until_closed(
    master: &Arc<File>,
    output: &Mutex<Vec<u8>>,
    screen: Option<Arc<Mutex<Emulator>>>,
    hung_up: &AtomicBool,
) {
    let mut buf = [0u8; 4096];
    let tick = Timespec {
        tv_sec: 0,
        tv_nsec: 20_000_000,
    };
    while !hung_up.load(Ordering::SeqCst) {
        let mut fds = [PollFd::new(&**master, PollFlags::IN)];
        match poll(&mut fds, Some(&tick)) {
            Ok(0) => continue,
            Ok(_) => {}
            Err(rustix::io::Errno::INTR) => continue,
            Err(_) => break,
        }
        let n = match (&**master).read(&mut buf) {
            Ok(0) | Err(_) => break, // EIO: the program's side is closed.
            Ok(n) => n,
        };
        output.lock().unwrap().extend_from_slice(&buf[..n]);
        if let Some(screen) = &screen {
            let replies = {
                let mut screen = screen.lock().unwrap();
                screen.feed(&buf[..n]);
                std::mem::take(&mut screen.replies)
            };
            if !replies.is_empty() {
                write_all(master, &replies);
            }
        }
    }
}
