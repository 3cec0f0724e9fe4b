//! The 改善計画一覧's lines, kept out of memory until the table is written. A collection of
//! 20,000 sheets makes some 50,000 lines, each sheet's made as its file is read and printed
//! only at the end; held in memory they were three of its twenty megabytes.
//!
//! Each sheet's lines go, encoded ([`PlanLine::encode`]), into an anonymous temporary file
//! (`O_TMPFILE` in the temporary directory, `TMPDIR` honoured: mode 0600, no name, nothing
//! left behind whatever happens) and come back by place when the table is written. Where no
//! such file can be made, or one stops taking bytes (a full disk), the lines are kept in
//! memory instead — the table is the same, only bigger in memory. A failure to read them back
//! is kept and fails the command ([`PlanSpill::failure`]) rather than print a short list.

use std::fs::File;
use std::io::{self, Write as _};
use std::os::unix::fs::FileExt as _;
use std::sync::Mutex;

use super::PlanLine;
use crate::lang::Lang;

/// Where one sheet's lines are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Spilled {
    offset: u64,
    len: u32,
    count: u32,
}

impl Spilled {
    /// How many lines.
    pub(crate) fn count(self) -> usize {
        self.count as usize
    }
}

/// The lines of every sheet read so far.
pub(crate) struct PlanSpill {
    /// `None`: the lines are kept in `memory`.
    file: Option<File>,
    /// What is not yet in the file (written 64 KiB at a time), or everything when there is
    /// no file.
    memory: Vec<u8>,
    /// Bytes in the file.
    in_file: u64,
    /// Why reading the lines back failed, if it did.
    failed: Mutex<Option<String>>,
}

const FLUSH_AT: usize = 64 * 1024;

impl Default for PlanSpill {
    fn default() -> PlanSpill {
        PlanSpill::in_memory()
    }
}

impl std::fmt::Debug for PlanSpill {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PlanSpill")
            .field("in_file", &self.in_file)
            .field("in_memory", &self.memory.len())
            .finish()
    }
}

impl PlanSpill {
    /// Lines kept in an anonymous temporary file, or in memory where none can be made.
    pub(crate) fn new() -> PlanSpill {
        PlanSpill::in_dir(&std::env::temp_dir())
    }

    /// Lines kept in an anonymous file in `dir`, or in memory where none can be made.
    fn in_dir(dir: &std::path::Path) -> PlanSpill {
        let file = rustix::fs::openat(
            rustix::fs::CWD,
            dir,
            rustix::fs::OFlags::TMPFILE | rustix::fs::OFlags::RDWR | rustix::fs::OFlags::CLOEXEC,
            rustix::fs::Mode::from_raw_mode(0o600),
        );
        PlanSpill {
            file: file.ok().map(File::from),
            ..PlanSpill::in_memory()
        }
    }

    /// Lines kept in memory.
    pub(crate) fn in_memory() -> PlanSpill {
        PlanSpill {
            file: None,
            memory: Vec::new(),
            in_file: 0,
            failed: Mutex::new(None),
        }
    }

    /// Whether the lines go to a temporary file.
    #[cfg(test)]
    fn is_file(&self) -> bool {
        self.file.is_some()
    }

    /// Keeps one sheet's `lines`; where they are.
    pub(crate) fn put(&mut self, lines: &[PlanLine]) -> Spilled {
        let offset = self.in_file + self.memory.len() as u64;
        for line in lines {
            line.encode(&mut self.memory);
        }
        let len =
            u32::try_from(self.in_file + self.memory.len() as u64 - offset).unwrap_or(u32::MAX);
        if self.memory.len() >= FLUSH_AT {
            self.flush();
        }
        Spilled {
            offset,
            len,
            count: u32::try_from(lines.len()).unwrap_or(u32::MAX),
        }
    }

    /// Everything put so far into the file; where it will not take it, into memory.
    pub(crate) fn flush(&mut self) {
        let Some(file) = &mut self.file else { return };
        match file.write_all(&self.memory) {
            Ok(()) => {
                self.in_file += self.memory.len() as u64;
                self.memory.clear();
            }
            Err(_) => {
                // A full disk: what the file holds comes back into memory, and the rest stays.
                let mut back = vec![0; usize::try_from(self.in_file).unwrap_or(usize::MAX)];
                if let Err(e) = file.read_exact_at(&mut back, 0) {
                    self.fail(&e);
                }
                back.append(&mut self.memory);
                self.memory = back;
                self.in_file = 0;
                self.file = None;
            }
        }
    }

    /// The lines kept at `at`, in the order put.
    pub(crate) fn get(&self, at: Spilled) -> Vec<PlanLine> {
        let mut bytes = vec![0; at.len as usize];
        if at.offset >= self.in_file {
            let start = usize::try_from(at.offset - self.in_file).unwrap_or(usize::MAX);
            match self.memory.get(start..start + bytes.len()) {
                Some(kept) => bytes.copy_from_slice(kept),
                None => return self.failing("the plan lines are not where they were put"),
            }
        } else if let Some(file) = &self.file
            && let Err(e) = file.read_exact_at(&mut bytes, at.offset)
        {
            return self.failing(&e.to_string());
        }
        let mut rest = bytes.as_slice();
        let mut lines = Vec::new();
        while !rest.is_empty() {
            match PlanLine::decode(&mut rest) {
                Some(line) => lines.push(line),
                None => return self.failing("the plan lines read back are not whole"),
            }
        }
        lines
    }

    /// Why reading lines back failed, if it did: the table would miss them.
    pub(crate) fn failure(&self, lang: Lang) -> Option<io::Error> {
        let failed = self.failed.lock().unwrap_or_else(|p| p.into_inner());
        failed.as_ref().map(|why| {
            let what = lang.pick(
                "改善計画一覧の一時ファイルを読み戻せませんでした",
                "the temporary file of the plan lines could not be read back",
            );
            io::Error::other(format!("{what}: {why}"))
        })
    }

    fn fail(&self, e: &dyn std::fmt::Display) {
        let mut failed = self.failed.lock().unwrap_or_else(|p| p.into_inner());
        failed.get_or_insert_with(|| e.to_string());
    }

    fn failing(&self, why: &str) -> Vec<PlanLine> {
        self.fail(&why);
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sheet::Score;

    fn lines(n: usize) -> Vec<PlanLine> {
        (0..n)
            .map(|k| {
                PlanLine::for_test(
                    k as u16,
                    Score::Documented,
                    k % 2 == 0,
                    &format!("対策{k}"),
                    "情報政策課",
                    "2027-03-31",
                )
            })
            .collect()
    }

    /// Lines put in a file, across flushes, come back as they were put; so do lines kept in
    /// memory, and a sheet without lines.
    #[test]
    fn lines_come_back_as_put_from_the_file_and_from_memory() {
        for mut spill in [PlanSpill::new(), PlanSpill::in_memory()] {
            let sheets: Vec<Vec<PlanLine>> = (0..3000).map(|k| lines(k % 4)).collect();
            let at: Vec<Spilled> = sheets.iter().map(|l| spill.put(l)).collect();
            spill.flush();
            assert!(spill.in_file > 0 || !spill.is_file());
            for (l, a) in sheets.iter().zip(&at) {
                assert_eq!(&spill.get(*a), l);
            }
            assert!(spill.failure(Lang::En).is_none());
        }
    }

    /// Where the temporary directory has no room for a file, the lines stay in memory.
    #[test]
    fn with_no_temporary_directory_the_lines_stay_in_memory() {
        let spill = PlanSpill::in_dir(std::path::Path::new("/nonexistent/tenken-test"));
        assert!(!spill.is_file());
        // And where there is one, the file has no name in it.
        let dir = tempfile::tempdir().unwrap();
        let spill = PlanSpill::in_dir(dir.path());
        assert!(spill.is_file(), "O_TMPFILE in {}", dir.path().display());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    /// A file that stops taking bytes (here: one opened read-only) gives its lines back to
    /// memory, and none is lost.
    #[test]
    fn a_file_that_stops_taking_bytes_gives_its_lines_back_to_memory() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("spill");
        let mut spill = PlanSpill {
            file: Some(File::create(&path).unwrap()),
            ..PlanSpill::in_memory()
        };
        let first = spill.put(&lines(3));
        spill.flush();
        assert_eq!(spill.in_file, u64::from(first.len));
        spill.file = Some(File::open(&path).unwrap());
        let second = spill.put(&lines(2));
        spill.flush();
        assert!(!spill.is_file());
        assert_eq!(spill.get(first), lines(3));
        assert_eq!(spill.get(second), lines(2));
        assert!(spill.failure(Lang::En).is_none());
    }

    /// Lines that cannot be read back fail the command instead of being left out.
    #[test]
    fn lines_that_cannot_be_read_back_are_a_failure() {
        let spill = PlanSpill::in_memory();
        assert!(
            spill
                .get(Spilled {
                    offset: 40,
                    len: 8,
                    count: 1,
                })
                .is_empty()
        );
        let said = |lang| spill.failure(lang).unwrap().to_string();
        assert!(said(Lang::Ja).starts_with("改善計画一覧の一時ファイルを読み戻せませんでした: "));
        assert!(
            said(Lang::En)
                .starts_with("the temporary file of the plan lines could not be read back: ")
        );
    }
}
