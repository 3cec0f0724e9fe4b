//! Asking the terminal how wide it draws ambiguous-width characters, as Vim does for
//! `ambiwidth`: on the alternate screen, before the first frame, print a few of them at the
//! top-left corner and request the cursor position (`CSI 6 n`); the reply `CSI row ; col R`
//! says how far the cursor went.
//!
//! - The question goes out first ([`ask`]) and the reply is read later ([`Asked::reply`]):
//!   the program reads the sheet and its catalog while the reply travels.
//! - The wait is bounded ([`TIMEOUT`]): over SSH the reply takes a round trip, and a terminal
//!   that never answers still gets its first frame well within a second — drawn for a wide
//!   terminal, which is right on both kinds.
//! - The reply is read here, straight from stdin with `poll`, before crossterm reads anything:
//!   crossterm's own `cursor::position()` waits up to two seconds. What is read along with the
//!   reply is parsed with crossterm's grammar ([`parse_input`]): keys typed ahead are handed
//!   to the event loop, not lost; a bracketed paste stays one paste; every other control
//!   sequence (another reply, a mouse report, a device-control string) is dropped whole.
//! - A reply that arrives after the wait is parsed by crossterm as a cursor-position event,
//!   which `event::read` never returns. One split right after its `ESC` would reach the loop
//!   as Esc, `[`, digits, `;`, digits, `R`: [`ReplyFilter`] holds a lone Esc briefly and drops
//!   such a run, so the digits never answer an item or land in a comment. A sequence cut by
//!   the probe's deadline goes through the same filter ([`ReplyFilter::hold`]).

use std::collections::VecDeque;
use std::io::{self, Write};
use std::os::fd::BorrowedFd;
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

fn key(code: KeyCode, modifiers: KeyModifiers) -> Event {
    Event::Key(KeyEvent::new(code, modifiers))
}

/// What the bytes read along with the reply hold: the events in them, parsed with the
/// grammar crossterm uses ([`parse_input`]), and an unfinished control sequence at their end
/// (`ESC`, `ESC [ 1 ; 1`, `ESC P >|xt`), which the caller hands to [`ReplyFilter::hold`] so
/// that its rest, read later by crossterm, is dropped with it.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Leftover {
    pub(crate) events: Vec<Event>,
    pub(crate) tail: Vec<u8>,
}

impl Leftover {
    /// Whether the tail is a bracketed paste still waiting for its end.
    fn in_paste(&self) -> bool {
        self.tail.starts_with(PASTE_START)
    }
}

const PASTE_START: &[u8] = b"\x1b[200~";
const PASTE_END: &[u8] = b"\x1b[201~";

/// How much longer the probe reads when its deadline falls inside a bracketed paste.
const PASTE_GRACE: Duration = Duration::from_millis(1000);

/// The probe on its way: printed, its reply not read yet. The program does its start-up work
/// meanwhile (reading the catalog and the sheet), so that over SSH the round trip costs
/// nothing extra; [`Asked::reply`] then waits for what is left of the time-out.
#[derive(Debug)]
pub(crate) struct Asked {
    deadline: Instant,
}

/// Prints the probe and requests the cursor position; the reply is awaited by
/// [`Asked::reply`], at most `timeout` after now.
pub(crate) fn ask(out: &mut impl Write, timeout: Duration) -> io::Result<Asked> {
    write!(out, "\x1b[1;1H{PROBE}\x1b[6n")?;
    out.flush()?;
    Ok(Asked {
        deadline: Instant::now() + timeout,
    })
}

impl Asked {
    /// Waits until the reply comes or the time-out given to [`ask`] passes, reading `input`
    /// (the terminal), and erases the probe. What arrived while the program worked is read
    /// even when the work outlasted the time-out. Returns whether ambiguous characters are
    /// wide (`None`: no answer) and the input read meanwhile.
    pub(crate) fn reply(
        self,
        input: BorrowedFd<'_>,
        out: &mut impl Write,
    ) -> io::Result<(Option<bool>, Leftover)> {
        let fd = input;
        let mut scanner = ReplyScanner::default();
        while scanner.reply.is_none() && read_some(fd, self.deadline, |b| scanner.feed(b))? {}
        write!(out, "\x1b[1;1H\x1b[2K")?;
        out.flush()?;
        let (reply, mut other) = scanner.finish();
        let mut leftover = parse_input(&other);
        // A paste under way at the deadline is read to its end (bounded), so that it arrives
        // as one paste and not as keys.
        let grace = Instant::now() + PASTE_GRACE;
        while leftover.in_paste() && read_some(fd, grace, |b| other.extend_from_slice(b))? {
            leftover = parse_input(&other);
        }
        Ok((reply.map(|(_, col)| wide_from_column(col)), leftover))
    }
}

/// Waits until `deadline` for input on `fd` and hands what is read to `take`; past the
/// deadline, takes what has already arrived without waiting. Returns whether to go on
/// reading (false: nothing came by the deadline, or the terminal hung up).
fn read_some(
    fd: BorrowedFd<'_>,
    deadline: Instant,
    mut take: impl FnMut(&[u8]),
) -> io::Result<bool> {
    let left = deadline.saturating_duration_since(Instant::now());
    let wait = rustix::event::Timespec {
        tv_sec: left.as_secs() as _,
        tv_nsec: left.subsec_nanos() as _,
    };
    let mut fds = [rustix::event::PollFd::new(
        &fd,
        rustix::event::PollFlags::IN,
    )];
    match rustix::event::poll(&mut fds, Some(&wait)) {
        Ok(0) => return Ok(false),
        Ok(_) => {}
        Err(rustix::io::Errno::INTR) => return Ok(true),
        Err(e) => return Err(e.into()),
    }
    if !fds[0].revents().contains(rustix::event::PollFlags::IN) {
        // Hung up or an error: nothing will answer.
        return Ok(false);
    }
    let mut buf = [0u8; 256];
    match rustix::io::read(fd, &mut buf) {
        Ok(0) => Ok(false),
        Ok(n) => {
            take(&buf[..n]);
            Ok(true)
        }
        Err(rustix::io::Errno::INTR | rustix::io::Errno::AGAIN) => Ok(true),
        Err(e) => Err(e.into()),
    }
}

/// One step of [`parse_input`]: an event (or a sequence dropped whole) and the bytes it took,
/// or the start of a sequence that needs more bytes.
enum ParseStep {
    Took(Option<Event>, usize),
    Unfinished,
}

/// Input bytes as crossterm reads them (`crossterm::event::sys::unix::parse`): text, Enter,
/// Tab, Backspace, Ctrl-letters, Esc, Alt+key, and the keys of `CSI` and `SS3` sequences;
/// a bracketed paste is one paste. Every other control sequence is dropped whole, by the
/// ECMA-48 grammar: `CSI` parameters, intermediates and a final byte; device-control,
/// operating-system, privacy and application strings up to their terminator (crossterm has
/// no such strings and would make their text keys).
pub(crate) fn parse_input(bytes: &[u8]) -> Leftover {
    let mut out = Leftover::default();
    let mut i = 0;
    while i < bytes.len() {
        match parse_one(&bytes[i..]) {
            ParseStep::Took(event, n) => {
                out.events.extend(event);
                i += n;
            }
            ParseStep::Unfinished => {
                out.tail = bytes[i..].to_vec();
                break;
            }
        }
    }
    out
}

fn parse_one(b: &[u8]) -> ParseStep {
    let none = KeyModifiers::NONE;
    match b[0] {
        0x1b => match b.get(1) {
            None => ParseStep::Unfinished,
            Some(b'[') => parse_csi(b),
            Some(b'O') => match b.get(2) {
                None => ParseStep::Unfinished,
                Some(&c) => {
                    let code = match c {
                        b'A' => Some(KeyCode::Up),
                        b'B' => Some(KeyCode::Down),
                        b'C' => Some(KeyCode::Right),
                        b'D' => Some(KeyCode::Left),
                        b'H' => Some(KeyCode::Home),
                        b'F' => Some(KeyCode::End),
                        b'P'..=b'S' => Some(KeyCode::F(1 + c - b'P')),
                        _ => None,
                    };
                    ParseStep::Took(code.map(|c| key(c, none)), 3)
                }
            },
            Some(&c) if is_string_start(c as char) => match string_end(&b[2..]) {
                Some(n) => ParseStep::Took(None, 2 + n),
                None => ParseStep::Unfinished,
            },
            Some(0x1b) => ParseStep::Took(Some(key(KeyCode::Esc, none)), 2),
            Some(_) => match parse_one(&b[1..]) {
                ParseStep::Took(Some(Event::Key(mut k)), n) => {
                    k.modifiers |= KeyModifiers::ALT;
                    ParseStep::Took(Some(Event::Key(k)), n + 1)
                }
                ParseStep::Took(other, n) => ParseStep::Took(other, n + 1),
                ParseStep::Unfinished => ParseStep::Unfinished,
            },
        },
        b'\r' => ParseStep::Took(Some(key(KeyCode::Enter, none)), 1),
        b'\t' => ParseStep::Took(Some(key(KeyCode::Tab, none)), 1),
        0x7f | 0x08 => ParseStep::Took(Some(key(KeyCode::Backspace, none)), 1),
        c @ 0x01..=0x1a => ParseStep::Took(
            Some(key(
                KeyCode::Char((b'a' + c - 1) as char),
                KeyModifiers::CONTROL,
            )),
            1,
        ),
        c if c < 0x20 => ParseStep::Took(None, 1),
        _ => {
            let len = match b[0] {
                0xc0..=0xdf => 2,
                0xe0..=0xef => 3,
                0xf0..=0xf7 => 4,
                _ => 1,
            };
            if b.len() < len {
                return ParseStep::Unfinished;
            }
            match std::str::from_utf8(&b[..len])
                .ok()
                .and_then(|s| s.chars().next())
            {
                Some(c) if c.is_control() => ParseStep::Took(None, len),
                Some(c) if c.is_uppercase() => {
                    ParseStep::Took(Some(key(KeyCode::Char(c), KeyModifiers::SHIFT)), len)
                }
                Some(c) => ParseStep::Took(Some(key(KeyCode::Char(c), none)), len),
                None => ParseStep::Took(None, 1),
            }
        }
    }
}

/// `ESC [` parameters (0x30–0x3F), intermediates (0x20–0x2F), a final byte (0x40–0x7E).
fn parse_csi(b: &[u8]) -> ParseStep {
    let mut i = 2;
    while b.get(i).is_some_and(|c| (0x30..=0x3f).contains(c)) {
        i += 1;
    }
    while b.get(i).is_some_and(|c| (0x20..=0x2f).contains(c)) {
        i += 1;
    }
    let Some(&last) = b.get(i) else {
        return ParseStep::Unfinished;
    };
    if !(0x40..=0x7e).contains(&last) {
        // Not a sequence (a control or text byte inside): drop what came before it.
        return ParseStep::Took(None, i);
    }
    let params = &b[2..i];
    if params == b"200" && last == b'~' {
        let body = &b[i + 1..];
        return match body.windows(PASTE_END.len()).position(|w| w == PASTE_END) {
            Some(end) => ParseStep::Took(
                Some(Event::Paste(
                    String::from_utf8_lossy(&body[..end]).into_owned(),
                )),
                i + 1 + end + PASTE_END.len(),
            ),
            None => ParseStep::Unfinished,
        };
    }
    let code = match (last, params) {
        (b'A', _) => Some(KeyCode::Up),
        (b'B', _) => Some(KeyCode::Down),
        (b'C', _) => Some(KeyCode::Right),
        (b'D', _) => Some(KeyCode::Left),
        (b'H', _) | (b'~', b"1" | b"7") => Some(KeyCode::Home),
        (b'F', _) | (b'~', b"4" | b"8") => Some(KeyCode::End),
        (b'Z', _) => Some(KeyCode::BackTab),
        (b'~', b"3") => Some(KeyCode::Delete),
        (b'~', b"5") => Some(KeyCode::PageUp),
        (b'~', b"6") => Some(KeyCode::PageDown),
        _ => None,
    };
    let modifiers = if code == Some(KeyCode::BackTab) {
        KeyModifiers::SHIFT
    } else {
        KeyModifiers::NONE
    };
    ParseStep::Took(code.map(|c| key(c, modifiers)), i + 1)
}

/// The byte after `ESC` that opens a string: device control (`P`), operating-system command
/// (`]`), start of string (`X`), privacy message (`^`), application program command (`_`).
fn is_string_start(c: char) -> bool {
    matches!(c, 'P' | ']' | 'X' | '^' | '_')
}

/// Where a string's body ends: after `BEL` or the string terminator `ESC \`.
fn string_end(body: &[u8]) -> Option<usize> {
    let mut i = 0;
    while i < body.len() {
        match body[i] {
            0x07 => return Some(i + 1),
            0x1b if body.get(i + 1) == Some(&b'\\') => return Some(i + 2),
            _ => i += 1,
        }
    }
    None
}

/// The longest run held back as a possible control sequence.
const HOLD_MAX: usize = 512;

/// Holds back what may be the rest of a control sequence, each key soon after the last, and
/// drops the sequence when it completes; anything else is passed on in order, unchanged.
/// A sequence starts with a lone Esc (crossterm makes an `ESC` that arrives alone a key) or
/// with Alt+`P`/`]`/`X`/`^`/`_` (how crossterm reads the start of a device-control or
/// operating-system string, which it does not know); it goes on as a `CSI` sequence
/// (`[`, parameters, intermediates, a final byte: a cursor-position, device-attributes or
/// mouse report) or a string up to `BEL` or `ESC \`.
#[derive(Debug, Default)]
pub(crate) struct ReplyFilter {
    held: Vec<Event>,
    last: Option<Instant>,
    ready: VecDeque<Event>,
}

fn char_of(e: &Event) -> Option<(char, KeyModifiers)> {
    match e {
        Event::Key(k) if k.kind == KeyEventKind::Press => match k.code {
            KeyCode::Char(c) => Some((c, k.modifiers)),
            _ => None,
        },
        _ => None,
    }
}

fn is_lone_esc(e: &Event) -> bool {
    matches!(e, Event::Key(k) if k.code == KeyCode::Esc && k.modifiers.is_empty()
        && k.kind == KeyEventKind::Press)
}

/// Alt+`P` and the like: `ESC P` read by crossterm as one key.
fn is_alt_string_start(e: &Event) -> bool {
    char_of(e).is_some_and(|(c, m)| m.contains(KeyModifiers::ALT) && is_string_start(c))
}

/// Where a run of held keys stands: `Some(true)` a complete sequence, `Some(false)` the
/// beginning of one, `None` not one.
fn sequence_state(held: &[Event]) -> Option<bool> {
    if held.len() > HOLD_MAX {
        return None;
    }
    let (in_string, rest) = if is_alt_string_start(&held[0]) {
        (true, &held[1..])
    } else {
        // held[0] is a lone Esc.
        match held.get(1).map(char_of) {
            None => return Some(false),
            Some(Some(('[', _))) => (false, &held[2..]),
            Some(Some((c, m))) if is_string_start(c) && !m.contains(KeyModifiers::ALT) => {
                (true, &held[2..])
            }
            Some(_) => return None,
        }
    };
    if in_string {
        // Any key up to BEL (Ctrl-G) or `ESC \` (Alt+\, or Esc then \).
        let mut after_esc = false;
        for e in rest {
            match char_of(e) {
                Some(('g', m)) if m == KeyModifiers::CONTROL => return Some(true),
                Some(('\\', m)) if m.contains(KeyModifiers::ALT) || after_esc => {
                    return Some(true);
                }
                _ => {}
            }
            after_esc = is_lone_esc(e);
        }
        return Some(false);
    }
    // CSI: parameters, then intermediates, then the final byte.
    let mut intermediates = false;
    for e in rest {
        let (c, _) = char_of(e)?;
        match c {
            '0'..='?' if !intermediates => {}
            ' '..='/' => intermediates = true,
            '@'..='~' => return Some(true),
            _ => return None,
        }
    }
    Some(false)
}

impl ReplyFilter {
    /// Queues events to be passed on before anything read later (keys typed ahead).
    pub(crate) fn queue(&mut self, events: impl IntoIterator<Item = Event>) {
        self.ready.extend(events);
    }

    /// Holds the unfinished control sequence at the end of the probe's input (see
    /// [`Leftover`]) as if its bytes had arrived as keys now: its rest, read later, is
    /// dropped with it, and a lone Esc is passed on after the hold as usual.
    pub(crate) fn hold(&mut self, tail: &[u8], now: Instant) {
        let Some((&esc, rest)) = tail.split_first() else {
            return;
        };
        debug_assert_eq!(esc, 0x1b);
        self.push(key(KeyCode::Esc, KeyModifiers::NONE), now);
        for c in String::from_utf8_lossy(rest).chars() {
            let event = match c {
                '\u{1b}' => key(KeyCode::Esc, KeyModifiers::NONE),
                '\u{7}' => key(KeyCode::Char('g'), KeyModifiers::CONTROL),
                c if c.is_uppercase() => key(KeyCode::Char(c), KeyModifiers::SHIFT),
                c => key(KeyCode::Char(c), KeyModifiers::NONE),
            };
            self.push(event, now);
        }
    }

    pub(crate) fn push(&mut self, event: Event, now: Instant) {
        if self.held.is_empty() {
            if is_lone_esc(&event) || is_alt_string_start(&event) {
                self.held.push(event);
                self.last = Some(now);
            } else {
                self.ready.push_back(event);
            }
            return;
        }
        self.held.push(event);
        self.last = Some(now);
        match sequence_state(&self.held) {
            Some(true) => self.held.clear(),
            Some(false) => {}
            None => {
                // Not a sequence: pass the first key on and look at the rest again.
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
    use std::os::fd::AsFd as _;

    #[test]
    fn narrow_and_wide_replies() {
        assert!(!wide_from_column(6));
        assert!(wide_from_column(11));
        assert!(wide_from_column(1));
    }

    /// The start-up work (reading the sheet) may outlast the time-out: a reply that came in
    /// time is still read then, and what follows it is not waited for.
    #[test]
    fn a_reply_that_came_while_the_program_worked_is_read_after_the_deadline() {
        let (reader, mut writer) = std::io::pipe().unwrap();
        let mut out = Vec::new();
        let asked = ask(&mut out, Duration::ZERO).unwrap();
        writer.write_all(b"q\x1b[1;6R").unwrap();
        let started = Instant::now();
        let (wide, leftover) = asked.reply(reader.as_fd(), &mut out).unwrap();
        assert_eq!(wide, Some(false));
        assert_eq!(
            leftover.events,
            vec![key(KeyCode::Char('q'), KeyModifiers::NONE)]
        );
        assert!(started.elapsed() < Duration::from_millis(100));
        drop(writer);
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
        let Leftover { events: keys, tail } = parse_input("3c確認\r\x1b[B\x1bN\x7f\x03".as_bytes());
        assert_eq!(tail, b"");
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
                k(KeyCode::Char('N'), KeyModifiers::SHIFT | KeyModifiers::ALT),
                k(KeyCode::Backspace, none),
                k(KeyCode::Char('c'), KeyModifiers::CONTROL),
            ]
        );
    }

    /// Esc followed by the characters of `rest`, each a key: a report split after its ESC.
    fn split(rest: &str) -> Vec<Event> {
        let mut keys = vec![key(KeyCode::Esc, KeyModifiers::NONE)];
        keys.extend(parse_input(rest.as_bytes()).events);
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
        let keys = split("[1確3");
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

    #[test]
    fn control_sequences_are_dropped_whole_and_a_paste_is_a_paste() {
        let none = KeyModifiers::NONE;
        let parsed = parse_input(
            b"1\x1b[?62;1;2c2\x1b[<0;3;1M3\x1bP>|xterm(1)\x1b\\4\x1b]11;rgb:0/0/0\x07\x1b[200~33\x1b[201~\x1b[1;1",
        );
        assert_eq!(
            parsed.events,
            vec![
                key(KeyCode::Char('1'), none),
                key(KeyCode::Char('2'), none),
                key(KeyCode::Char('3'), none),
                key(KeyCode::Char('4'), none),
                Event::Paste("33".into()),
            ]
        );
        assert_eq!(parsed.tail, b"\x1b[1;1");
        assert!(parse_input(b"\x1b[200~33").in_paste());
        assert_eq!(parse_input(b"\x1bP>|x").tail, b"\x1bP>|x");
    }

    #[test]
    fn a_held_tail_swallows_its_rest() {
        let t0 = Instant::now();
        let none = KeyModifiers::NONE;
        for (tail, rest) in [
            (&b"\x1b"[..], "[1;11R"),
            (b"\x1b[1;1", "1R"),
            (b"\x1b[?62;", "1;2c"),
            (b"\x1b[<0;3", ";1M"),
            (b"\x1bP>|xter", "m(1)\x1b\\"),
        ] {
            let mut f = ReplyFilter::default();
            f.hold(tail, t0);
            for e in parse_input(rest.as_bytes()).events {
                f.push(e, t0);
            }
            f.push(key(KeyCode::Char('5'), none), t0);
            assert_eq!(
                drain(&mut f, t0 + ESC_HOLD),
                vec![key(KeyCode::Char('5'), none)],
                "{tail:?} then {rest:?}"
            );
        }
        // A DCS string read by crossterm (Alt+P …) is dropped too.
        let mut f = ReplyFilter::default();
        f.push(
            key(KeyCode::Char('P'), KeyModifiers::SHIFT | KeyModifiers::ALT),
            t0,
        );
        for e in parse_input(b">|xterm(1)\x1b\\").events {
            f.push(e, t0);
        }
        assert_eq!(drain(&mut f, t0 + ESC_HOLD), vec![]);
    }
}
