//! Asking the terminal how wide it draws ambiguous-width characters, as Vim does for
//! `ambiwidth`: on the alternate screen, before the first frame, print a few of them at the
//! top-left corner and request the cursor position (`CSI 6 n`); the reply `CSI row ; col R`
//! says how far the cursor went.
//!
//! - The wait is bounded ([`TIMEOUT`]): over SSH the reply takes a round trip, and a terminal
//!   that never answers still gets its first frame well within a second — drawn for a wide
//!   terminal, which is right on both kinds.
//! - The reply is read here, straight from stdin with `poll`, before crossterm reads anything:
//!   crossterm's own `cursor::position()` waits up to two seconds. Keys typed ahead and read
//!   along with the reply are handed to the event loop ([`keys_from_bytes`]), not lost.
//! - A reply that arrives after the wait is parsed by crossterm as a cursor-position event,
//!   which `event::read` never returns. One split right after its `ESC` would reach the loop
//!   as Esc, `[`, digits, `;`, digits, `R`: [`ReplyFilter`] holds a lone Esc briefly and drops
//!   such a run, so the digits never answer an item or land in a comment.

use std::collections::VecDeque;
use std::io::{self, Write};
use std::os::fd::AsFd;
use std::time::{Duration, Instant};

use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// What is printed to measure: box drawing and a block (tenken's own frames and bars) and
/// three characters common in Japanese notes. Each is one cell on a narrow terminal.
pub(crate) const PROBE: &str = "─█※→○";

/// How long to wait for the reply.
pub(crate) const TIMEOUT: Duration = Duration::from_millis(500);

/// How long a lone Esc is held back to see whether a cursor report follows it.
pub(crate) const ESC_HOLD: Duration = Duration::from_millis(100);

/// The width the reply implies: the probe starts in column 1, so a narrow terminal puts the
/// cursor in column `1 + len`. Anything else (wide, mixed, or characters not drawn at all)
/// counts as wide, the choice that is right on every terminal.
pub(crate) fn wide_from_column(col: u16) -> bool {
    col as usize != 1 + PROBE.chars().count()
}

/// Finds the first `ESC [ row ; col R` in a byte stream; everything else is kept in order.
#[derive(Debug, Default)]
pub(crate) struct ReplyScanner {
    partial: Vec<u8>,
    /// Bytes that were not part of the reply (keys typed ahead).
    pub(crate) other: Vec<u8>,
    /// The reply's (row, column), once seen.
    pub(crate) reply: Option<(u16, u16)>,
}

impl ReplyScanner {
    pub(crate) fn feed(&mut self, bytes: &[u8]) {
        for &b in bytes {
            if self.reply.is_some() {
                self.other.push(b);
                continue;
            }
            self.partial.push(b);
            match reply_prefix(&self.partial) {
                Prefix::Complete(row, col) => {
                    self.reply = Some((row, col));
                    self.partial.clear();
                }
                Prefix::Partial => {}
                Prefix::No => {
                    // Not a reply: the first byte is input; look again from the next one.
                    let bytes = std::mem::take(&mut self.partial);
                    self.other.push(bytes[0]);
                    self.feed(&bytes[1..]);
                }
            }
        }
    }

    /// All bytes that were not the reply, including a reply's unfinished beginning.
    pub(crate) fn finish(mut self) -> (Option<(u16, u16)>, Vec<u8>) {
        self.other.append(&mut self.partial);
        (self.reply, self.other)
    }
}

enum Prefix {
    No,
    Partial,
    Complete(u16, u16),
}

fn reply_prefix(b: &[u8]) -> Prefix {
    if b[0] != 0x1b {
        return Prefix::No;
    }
    if b.len() == 1 {
        return Prefix::Partial;
    }
    if b[1] != b'[' {
        return Prefix::No;
    }
    let body = &b[2..];
    let mut numbers = [String::new(), String::new()];
    let mut i = 0;
    for &c in body {
        match c {
            b'0'..=b'9' if numbers[i].len() < 5 => numbers[i].push(c as char),
            b';' if i == 0 && !numbers[0].is_empty() => i = 1,
            b'R' if i == 1 && !numbers[1].is_empty() => {
                let row = numbers[0].parse().unwrap_or(0);
                let col = numbers[1].parse().unwrap_or(0);
                return Prefix::Complete(row, col);
            }
            _ => return Prefix::No,
        }
    }
    Prefix::Partial
}

/// Prints the probe, waits up to `timeout` for the reply on stdin and erases the probe.
/// Returns whether ambiguous characters are wide (`None`: no answer) and the keys read
/// meanwhile.
pub(crate) fn measure(
    out: &mut impl Write,
    timeout: Duration,
) -> io::Result<(Option<bool>, Vec<Event>)> {
    write!(out, "\x1b[1;1H{PROBE}\x1b[6n")?;
    out.flush()?;
    let stdin = io::stdin();
    let fd = stdin.as_fd();
    let deadline = Instant::now() + timeout;
    let mut scanner = ReplyScanner::default();
    while scanner.reply.is_none() {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            break;
        }
        let wait = rustix::event::Timespec {
            tv_sec: left.as_secs() as _,
            tv_nsec: left.subsec_nanos() as _,
        };
        let mut fds = [rustix::event::PollFd::new(
            &fd,
            rustix::event::PollFlags::IN,
        )];
        match rustix::event::poll(&mut fds, Some(&wait)) {
            Ok(0) => break,
            Ok(_) => {}
            Err(rustix::io::Errno::INTR) => continue,
            Err(e) => return Err(e.into()),
        }
        if !fds[0].revents().contains(rustix::event::PollFlags::IN) {
            // Hung up or an error: nothing will answer.
            break;
        }
        let mut buf = [0u8; 256];
        match rustix::io::read(fd, &mut buf) {
            Ok(0) => break,
            Ok(n) => scanner.feed(&buf[..n]),
            Err(rustix::io::Errno::INTR | rustix::io::Errno::AGAIN) => {}
            Err(e) => return Err(e.into()),
        }
    }
    write!(out, "\x1b[1;1H\x1b[2K")?;
    out.flush()?;
    let (reply, other) = scanner.finish();
    Ok((
        reply.map(|(_, col)| wide_from_column(col)),
        keys_from_bytes(&other),
    ))
}

fn key(code: KeyCode, modifiers: KeyModifiers) -> Event {
    Event::Key(KeyEvent::new(code, modifiers))
}

/// Keys from bytes typed before the first frame, for the few encodings a person types
/// there: text, Enter, Tab, Backspace, Ctrl-letters, Esc, arrows, Home/End, Delete and
/// the page keys. Anything else is dropped.
pub(crate) fn keys_from_bytes(bytes: &[u8]) -> Vec<Event> {
    let text = String::from_utf8_lossy(bytes);
    let mut chars = text.chars().peekable();
    let mut out = Vec::new();
    let none = KeyModifiers::NONE;
    while let Some(c) = chars.next() {
        match c {
            '\u{1b}' => match chars.peek() {
                Some('[') | Some('O') => {
                    chars.next();
                    let mut params = String::new();
                    while let Some(&p) = chars.peek() {
                        chars.next();
                        if p.is_ascii_digit() || p == ';' {
                            params.push(p);
                            continue;
                        }
                        let code = match (p, params.as_str()) {
                            ('A', _) => Some(KeyCode::Up),
                            ('B', _) => Some(KeyCode::Down),
                            ('C', _) => Some(KeyCode::Right),
                            ('D', _) => Some(KeyCode::Left),
                            ('H', _) | ('~', "1" | "7") => Some(KeyCode::Home),
                            ('F', _) | ('~', "4" | "8") => Some(KeyCode::End),
                            ('Z', _) => Some(KeyCode::BackTab),
                            ('~', "3") => Some(KeyCode::Delete),
                            ('~', "5") => Some(KeyCode::PageUp),
                            ('~', "6") => Some(KeyCode::PageDown),
                            _ => None,
                        };
                        if let Some(code) = code {
                            let m = if code == KeyCode::BackTab {
                                KeyModifiers::SHIFT
                            } else {
                                none
                            };
                            out.push(key(code, m));
                        }
                        break;
                    }
                }
                _ => out.push(key(KeyCode::Esc, none)),
            },
            '\r' => out.push(key(KeyCode::Enter, none)),
            '\t' => out.push(key(KeyCode::Tab, none)),
            '\u{7f}' | '\u{8}' => out.push(key(KeyCode::Backspace, none)),
            '\u{1}'..='\u{1a}' => out.push(key(
                KeyCode::Char((b'a' + c as u8 - 1) as char),
                KeyModifiers::CONTROL,
            )),
            c if c.is_control() => {}
            c if c.is_uppercase() => out.push(key(KeyCode::Char(c), KeyModifiers::SHIFT)),
            c => out.push(key(KeyCode::Char(c), none)),
        }
    }
    out
}

/// Holds back a lone Esc for [`ESC_HOLD`] and drops it with what follows when that is the
/// rest of a cursor-position report (`[`, digits, `;`, digits, `R`, each soon after the
/// last); anything else is passed on in order, unchanged.
#[derive(Debug, Default)]
pub(crate) struct ReplyFilter {
    held: Vec<Event>,
    last: Option<Instant>,
    ready: VecDeque<Event>,
}

/// Where a run of held keys stands against `[ digits ; digits R`.
fn report_state(held: &[Event]) -> Option<bool> {
    // held[0] is the Esc.
    let mut stage = 0; // 0: want '[', 1: row digits, 2: col digits
    let mut digits = 0;
    for e in &held[1..] {
        let Event::Key(k) = e else { return None };
        let KeyCode::Char(c) = k.code else {
            return None;
        };
        match (stage, c) {
            (0, '[') => stage = 1,
            (1 | 2, '0'..='9') if digits < 5 => digits += 1,
            (1, ';') if digits > 0 => {
                stage = 2;
                digits = 0;
            }
            (2, 'R') if digits > 0 => return Some(true),
            _ => return None,
        }
    }
    Some(false)
}

fn is_lone_esc(e: &Event) -> bool {
    matches!(e, Event::Key(k) if k.code == KeyCode::Esc && k.modifiers.is_empty()
        && k.kind == KeyEventKind::Press)
}

impl ReplyFilter {
    /// Queues events to be passed on before anything read later (keys typed ahead).
    pub(crate) fn queue(&mut self, events: impl IntoIterator<Item = Event>) {
        self.ready.extend(events);
    }

    pub(crate) fn push(&mut self, event: Event, now: Instant) {
        if self.held.is_empty() {
            if is_lone_esc(&event) {
                self.held.push(event);
                self.last = Some(now);
            } else {
                self.ready.push_back(event);
            }
            return;
        }
        self.held.push(event);
        self.last = Some(now);
        match report_state(&self.held) {
            Some(true) => self.held.clear(),
            Some(false) => {}
            None => {
                // Not a report: pass the Esc on and look at the rest again.
                let held = std::mem::take(&mut self.held);
                let mut rest = held.into_iter();
                self.ready.extend(rest.next());
                for e in rest {
                    self.push(e, now);
                }
            }
        }
    }

    /// The next event to hand on, if any.
    pub(crate) fn pop(&mut self, now: Instant) -> Option<Event> {
        if self.ready.is_empty()
            && !self.held.is_empty()
            && self.last.is_some_and(|t| now.duration_since(t) >= ESC_HOLD)
        {
            self.ready.extend(self.held.drain(..));
        }
        self.ready.pop_front()
    }

    /// How long until held keys are passed on, when some are held.
    pub(crate) fn wait(&self, now: Instant) -> Option<Duration> {
        if self.held.is_empty() {
            None
        } else {
            self.last
                .map(|t| ESC_HOLD.saturating_sub(now.duration_since(t)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn narrow_and_wide_replies() {
        assert!(!wide_from_column(6));
        assert!(wide_from_column(11));
        assert!(wide_from_column(1));
    }

    #[test]
    fn the_reply_is_found_and_keys_around_it_kept() {
        let mut s = ReplyScanner::default();
        s.feed(b"3\x1b[1");
        s.feed(b"2;11Rq");
        let (reply, other) = s.finish();
        assert_eq!(reply, Some((12, 11)));
        assert_eq!(other, b"3q");
        let mut s = ReplyScanner::default();
        s.feed(b"\x1b[A\x1b[5;");
        let (reply, other) = s.finish();
        assert_eq!(reply, None);
        assert_eq!(other, b"\x1b[A\x1b[5;");
    }

    #[test]
    fn typed_ahead_bytes_become_keys() {
        let keys = keys_from_bytes("3c確認\r\x1b[B\x1bN\x7f\x03".as_bytes());
        let k = |code, m| key(code, m);
        let none = KeyModifiers::NONE;
        assert_eq!(
            keys,
            vec![
                k(KeyCode::Char('3'), none),
                k(KeyCode::Char('c'), none),
                k(KeyCode::Char('確'), none),
                k(KeyCode::Char('認'), none),
                k(KeyCode::Enter, none),
                k(KeyCode::Down, none),
                k(KeyCode::Esc, none),
                k(KeyCode::Char('N'), KeyModifiers::SHIFT),
                k(KeyCode::Backspace, none),
                k(KeyCode::Char('c'), KeyModifiers::CONTROL),
            ]
        );
    }

    /// Esc followed by the characters of `rest`, each a key: a report split after its ESC.
    fn split(rest: &str) -> Vec<Event> {
        let mut keys = vec![key(KeyCode::Esc, KeyModifiers::NONE)];
        keys.extend(keys_from_bytes(rest.as_bytes()));
        keys
    }

    fn drain(f: &mut ReplyFilter, now: Instant) -> Vec<Event> {
        std::iter::from_fn(|| f.pop(now)).collect()
    }

    #[test]
    fn a_split_report_is_dropped_and_a_real_esc_passes_after_the_hold() {
        let t0 = Instant::now();
        let mut f = ReplyFilter::default();
        for e in split("[12;3R") {
            f.push(e, t0);
        }
        assert_eq!(drain(&mut f, t0 + ESC_HOLD * 2), vec![]);
        // A real Esc: held, then passed on.
        f.push(key(KeyCode::Esc, KeyModifiers::NONE), t0);
        assert_eq!(drain(&mut f, t0), vec![]);
        assert_eq!(f.wait(t0), Some(ESC_HOLD));
        assert_eq!(
            drain(&mut f, t0 + ESC_HOLD),
            vec![key(KeyCode::Esc, KeyModifiers::NONE)]
        );
        // Esc then keys that are not a report: all passed on, in order.
        let keys = split("[1x3");
        for e in keys.clone() {
            f.push(e, t0);
        }
        assert_eq!(drain(&mut f, t0), keys);
        // Esc, Esc, report: the first Esc passes, the report is dropped.
        f.push(key(KeyCode::Esc, KeyModifiers::NONE), t0);
        for e in split("[2;2R") {
            f.push(e, t0);
        }
        assert_eq!(
            drain(&mut f, t0 + ESC_HOLD),
            vec![key(KeyCode::Esc, KeyModifiers::NONE)]
        );
    }
}
