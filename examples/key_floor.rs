//! The floor of a keystroke on this machine: a program that puts its terminal in raw mode and,
//! for every key, waits for it as an event loop does (`poll`, then `read`) and writes one frame
//! of BYTES bytes (default 355: tenken's cursor move at 80×24) in one `write`, and does nothing
//! else. What `scripts/key_cpu.py` measures of it is what any interactive program's key costs on
//! this machine before its own work: being woken, reading the key, writing to the
//! pseudo-terminal. `q` ends it.
//!
//! Usage: cargo build --release --example key_floor
//!        scripts/key_cpu.py --kinds move -- target/release/examples/key_floor [BYTES]

use std::io::Read;
use std::os::fd::AsFd;

use rustix::event::{PollFd, PollFlags, poll};
use rustix::termios::{OptionalActions, tcgetattr, tcsetattr};

fn main() {
    let bytes: usize = std::env::args()
        .nth(1)
        .map(|a| a.parse().expect("usage: key_floor [BYTES]"))
        .unwrap_or(355);
    let stdin = std::io::stdin();
    let fd = stdin.as_fd();
    let saved = tcgetattr(fd).expect("standard input is not a terminal");
    let mut raw = saved.clone();
    raw.make_raw();
    tcsetattr(fd, OptionalActions::Now, &raw).expect("raw mode");

    // A frame as a terminal program writes one: a cursor position, then text to the row's end.
    let mut frame = Vec::with_capacity(bytes);
    while frame.len() < bytes {
        let row = frame.len() / 80 % 24 + 1;
        frame.extend_from_slice(format!("\x1b[{row};1H").as_bytes());
        frame.extend(std::iter::repeat_n(b'x', 70));
    }
    frame.truncate(bytes);
    let mut out = std::io::stdout().lock();
    let mut write = |b: &[u8]| {
        use std::io::Write;
        out.write_all(b).and_then(|()| out.flush()).expect("write");
    };
    write(b"\x1b[2J\x1b[Hkey_floor: q ends");

    let mut input = stdin.lock();
    let mut buf = [0u8; 64];
    loop {
        let mut fds = [PollFd::new(&fd, PollFlags::IN)];
        poll(&mut fds, None).expect("poll");
        let n = input.read(&mut buf).expect("read");
        if n == 0 || buf[..n].contains(&b'q') {
            break;
        }
        write(&frame);
    }
    tcsetattr(fd, OptionalActions::Now, &saved).expect("restore the terminal");
}
