//! A real write fault, even for root: a directory made immutable with `chattr +i`.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Makes a directory immutable (`chattr +i`) so that even root cannot create or rename files
/// in it; undone when dropped. Needs root, on a filesystem with the attribute (ext4, xfs,
/// tmpfs …): the tests that use it are ignored unless run as root.
pub struct Immutable(PathBuf);

impl Immutable {
    pub fn set(dir: &Path) -> Immutable {
        super::require_root();
        let out = Command::new("chattr").arg("+i").arg(dir).output();
        assert!(
            out.as_ref().is_ok_and(|o| o.status.success()),
            "chattr +i {}: {out:?} (the filesystem needs the immutable attribute)",
            dir.display()
        );
        Immutable(dir.to_path_buf())
    }
}

impl Drop for Immutable {
    fn drop(&mut self) {
        let _ = Command::new("chattr").arg("-i").arg(&self.0).status();
    }
}
