pub mod cli;
pub mod emulator;
pub mod immutable;
pub mod pty;
pub mod xlsx;

pub use tenken_testkit::{fixture, generate, screen, seed};

/// Fails unless the test runs as root: the body of a test marked `#[ignore = "needs root: …"]`,
/// which `.ci/run` includes when it runs as root (`cargo test -- --include-ignored`).
pub fn require_root() {
    assert!(
        rustix::process::geteuid().is_root(),
        "this test needs root: run it as root with `cargo test -- --include-ignored`"
    );
}

/// Takes an open-file-description `fcntl` lock on the whole of `file`, a write lock (what an
/// editor holds: `file` must be open for writing) or a read lock (what any reader can take).
pub fn fcntl_lock(file: &std::fs::File, write: bool) -> nix::Result<()> {
    use nix::fcntl::{FcntlArg, fcntl};
    use nix::libc;
    let l_type = if write { libc::F_WRLCK } else { libc::F_RDLCK };
    let lock = libc::flock {
        l_type: l_type as libc::c_short,
        l_whence: libc::SEEK_SET as libc::c_short,
        l_start: 0,
        l_len: 0,
        l_pid: 0,
    };
    fcntl(file, FcntlArg::F_OFD_SETLK(&lock)).map(|_| ())
}
