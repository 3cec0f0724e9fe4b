pub mod cli;
pub mod emulator;
pub mod immutable;
pub mod pty;
pub mod xlsx;

pub use tenken_testkit::{fixture, generate, screen, seed};

/// The `files` entry of `tenken aggregate --format json`'s output whose file ends in `name`.
pub fn file_entry<'a>(doc: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    doc["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["file"].as_str().unwrap().ends_with(name))
        .unwrap_or_else(|| panic!("{name} not in files"))
}

/// The 団体コード of the roster's organisations not handed in, in the order of the JSON's
/// `missing`.
pub fn missing_codes(doc: &serde_json::Value) -> Vec<&str> {
    doc["missing"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["code"].as_str().unwrap())
        .collect()
}

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
    fcntl(file, FcntlArg::F_OFD_SETLK(&whole_file(l_type))).map(|_| ())
}

/// An `fcntl` lock of type `l_type` on the whole of a file.
fn whole_file(l_type: nix::libc::c_int) -> nix::libc::flock {
    use nix::libc;
    libc::flock {
        l_type: l_type as libc::c_short,
        l_whence: libc::SEEK_SET as libc::c_short,
        l_start: 0,
        l_len: 0,
        l_pid: 0,
    }
}

/// Waits (up to 5 s) until no one holds a writers' lock on the file at `path`, without taking
/// one: for a test that released an editor's lock and takes it again.
///
/// Other tests of the binary spawn programs at the same time. A child forked while this test
/// held the sheet open shares that open file description, and with it the lock, until it calls
/// `exec` — under load, milliseconds later. tenken spawns nothing, so only a test process sees
/// this. Asking (`F_OFD_GETLK`) takes no lock, so it leaves no new handle for a child to keep.
pub fn wait_until_unlocked(path: &std::path::Path) {
    use nix::fcntl::{FcntlArg, fcntl};
    use nix::libc;
    let file = std::fs::OpenOptions::new().write(true).open(path).unwrap();
    let until = std::time::Instant::now() + std::time::Duration::from_secs(5);
    loop {
        let mut held = whole_file(libc::F_WRLCK);
        fcntl(&file, FcntlArg::F_OFD_GETLK(&mut held)).unwrap();
        if held.l_type != libc::F_WRLCK as libc::c_short || std::time::Instant::now() >= until {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
}
