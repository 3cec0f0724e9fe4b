//! A real write fault, even for root: a directory made immutable with `chattr +i`.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// Makes a directory immutable (`chattr +i`) so that even root cannot create or rename files
/// in it; undone when dropped. `None` where that is not possible (not root, a filesystem
/// without the attribute).
pub struct Immutable(PathBuf);

impl Immutable {
    pub fn set(dir: &Path) -> Option<Immutable> {
        let ok = Command::new("chattr")
            .arg("+i")
            .arg(dir)
            .output()
            .is_ok_and(|o| o.status.success());
        ok.then(|| Immutable(dir.to_path_buf()))
    }
}

impl Drop for Immutable {
    fn drop(&mut self) {
        let _ = Command::new("chattr").arg("-i").arg(&self.0).status();
    }
}
