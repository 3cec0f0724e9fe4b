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
