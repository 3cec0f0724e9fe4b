//! The files of a collection (`tenken aggregate PATH…`): those named, and every file found in
//! the directories named and, through symbolic links, in the directories they lead to, each
//! file and each directory once however many names lead to it (told by what it is: device
//! and inode); the directories that could not be read and the links that could not be
//! followed; and the roster among them, told the same way, not read as a submission.

use std::collections::HashSet;
use std::fs::Metadata;
use std::os::unix::fs::{DirEntryExt as _, MetadataExt};
use std::path::{Path, PathBuf};

use crate::aggregate::{Intake, Received};
use crate::lang::{Lang, say};

/// The files to read, the directories that could not be, and the roster where it was found.
pub(super) struct FoundFiles {
    pub(super) files: Vec<PathBuf>,
    pub(super) unreadable: Vec<(PathBuf, String)>,
    /// The `--roster` file found under the paths, by its own name or another link's: tenken's
    /// input, as a catalog left in the folder is, not an organisation's answers.
    pub(super) roster: Vec<PathBuf>,
}

impl FoundFiles {
    /// Every file and directory found, read or not: the 受付一覧's lines.
    pub(super) fn total(&self) -> usize {
        self.files.len() + self.unreadable.len() + self.roster.len()
    }

    /// The 受付一覧's lines of what is not read (the directories that could not be, the
    /// roster), after the files' own.
    pub(super) fn add_unread(&self, intake: &mut Intake) {
        let directories = self
            .unreadable
            .iter()
            .map(|(p, why)| (p, Received::Unreadable(why.clone())));
        let roster = self.roster.iter().map(|p| (p, Received::Roster));
        for (k, (p, received)) in directories.chain(roster).enumerate() {
            intake.add(self.files.len() + k, p.display().to_string(), received);
        }
    }
}

/// Files named directly, and every file found recursively in directories (but hidden ones —
/// tenken's lock and temporary files — and Excel's `~$` owner files), each once, sorted; a
/// symbolic link to a directory searched as the directory is, each directory once; the
/// roster (`--roster`) set apart wherever it is found, told by what file it is (one that
/// cannot be read is refused by its own reader). A directory that cannot be read, and a link
/// that cannot be followed, are listed, not fatal (issue 22.18).
pub(super) fn find_files(
    paths: &[PathBuf],
    roster: Option<&Path>,
    lang: Lang,
) -> Result<FoundFiles, String> {
    let roster = roster.and_then(|p| std::fs::metadata(p).ok());
    let mut search = Search {
        roster: roster.as_ref(),
        named: Vec::new(),
        searched: HashSet::new(),
        found: FoundFiles {
            files: Vec::new(),
            unreadable: Vec::new(),
            roster: Vec::new(),
        },
        lang,
    };
    for p in paths {
        let meta = std::fs::metadata(p).map_err(|e| located_io(p, &e, lang))?;
        if meta.is_dir() {
            search.walk(p, &meta);
        } else if search.is_roster(&meta) {
            search.found.roster.push(p.clone());
        } else {
            search.named.push((p.clone(), meta.ino()));
        }
    }
    let Search {
        named, mut found, ..
    } = search;
    found.files = once_each(named);
    // A walk finds its files in order already ([`Search::walk`]); paths named on the command
    // line, and several walks, are put in order here.
    found.files.sort();
    found.roster.sort();
    found.roster.dedup();
    Ok(found)
}

/// A collection's files being found: what [`find_files`] has found so far.
struct Search<'a> {
    roster: Option<&'a Metadata>,
    /// The files found, with their inode numbers ([`once_each`]), in the order found.
    named: Vec<(PathBuf, u64)>,
    /// The directories searched, by device and inode: each once, whatever leads to it again
    /// (a link to an ancestor, two links to one directory, a folder named twice).
    searched: HashSet<(u64, u64)>,
    found: FoundFiles,
    lang: Lang,
}

impl Search<'_> {
    /// Every file under `dir` (`meta` its own metadata, through a link), unless the directory
    /// was searched already.
    fn walk(&mut self, dir: &Path, meta: &Metadata) {
        if !self.searched.insert((meta.dev(), meta.ino())) {
            return;
        }
        let lang = self.lang;
        let unreadable = |e: std::io::Error| (dir.to_path_buf(), crate::store::io_reason(&e, lang));
        let entries = match std::fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(e) => return self.found.unreadable.push(unreadable(e)),
        };
        let start = self.named.len();
        let mut directories = Vec::new();
        for entry in entries {
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) => {
                    self.found.unreadable.push(unreadable(e));
                    continue;
                }
            };
            let path = entry.path();
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if name.starts_with('.') || name.starts_with("~$") {
                continue;
            }
            let kind = match entry.file_type() {
                Ok(kind) => kind,
                Err(e) => {
                    let why = crate::store::io_reason(&e, lang);
                    self.found.unreadable.push((path, why));
                    continue;
                }
            };
            // A link is followed: to a directory, searched; to a file, found. A file's inode
            // number is in its directory entry; a directory's, and a link's target, are asked
            // of the file system (a directory a call, not a file).
            let target = if kind.is_symlink() {
                match std::fs::metadata(&path) {
                    Ok(target) => Some(target),
                    Err(e) => {
                        let why = unfollowed(&path, &e, lang);
                        self.found.unreadable.push((path, why));
                        continue;
                    }
                }
            } else {
                None
            };
            if target.as_ref().map_or(kind.is_dir(), Metadata::is_dir) {
                directories.push((path, target));
                continue;
            }
            let is_roster = match &target {
                Some(target) => self.is_roster(target),
                // Only the entry with the roster's inode number is asked of the file system:
                // 20,000 sheets cost no more calls.
                None => self
                    .roster
                    .is_some_and(|r| entry.ino() == r.ino() && crate::store::is_the_file(r, &path)),
            };
            if is_roster {
                self.found.roster.push(path);
            } else {
                let ino = target.as_ref().map_or(entry.ino(), MetadataExt::ino);
                self.named.push((path, ino));
            }
        }
        // The files of a directory in the order of their names, which is the order of their
        // paths: [`find_files`]'s sort of a whole collection then only checks it (sorting
        // 20,000 paths compared them component by component, 13 ms before any file was
        // read). Where a directory holds directories too, that sort merges the runs.
        self.named[start..].sort_unstable_by(|a, b| a.0.file_name().cmp(&b.0.file_name()));
        directories.sort_unstable_by(|a, b| a.0.file_name().cmp(&b.0.file_name()));
        for (d, target) in directories {
            match target.map_or_else(|| std::fs::metadata(&d), Ok) {
                Ok(meta) => self.walk(&d, &meta),
                Err(e) => {
                    let why = crate::store::io_reason(&e, lang);
                    self.found.unreadable.push((d, why));
                }
            }
        }
    }

    /// Whether a file is the roster: the same device and inode, through a symbolic link too.
    fn is_roster(&self, meta: &Metadata) -> bool {
        self.roster
            .is_some_and(|r| (r.dev(), r.ino()) == (meta.dev(), meta.ino()))
    }
}

/// Why a symbolic link found in a directory is not followed (it leads nowhere, or somewhere
/// this user may not look): said to be a link, with where it leads, and not taken for a file
/// of another kind.
fn unfollowed(link: &Path, e: &std::io::Error, lang: Lang) -> String {
    let target = std::fs::read_link(link).unwrap_or_default();
    say!(
        lang,
        "シンボリックリンクの先 ({}) をたどれません ({})",
        "a symbolic link whose target ({}) cannot be followed ({})",
        target.display(),
        crate::store::io_reason(e, lang)
    )
}

/// The files found, each once: of the names that lead to one file (a folder named twice in
/// two spellings, `m ./m`; a file in it named too; a symbolic or hard link), the first found,
/// in the order the paths were given. Two names are one file when they have one device and
/// inode, as `--prefer` and the roster are told: the inode numbers found with the names are
/// compared first, and only names that share one are asked of the file system.
fn once_each(named: Vec<(PathBuf, u64)>) -> Vec<PathBuf> {
    let mut order: Vec<usize> = (0..named.len()).collect();
    order.sort_unstable_by_key(|&i| (named[i].1, i));
    let mut again = vec![false; named.len()];
    for run in order.chunk_by(|&a, &b| named[a].1 == named[b].1) {
        for (k, &i) in run.iter().enumerate().skip(1) {
            again[i] = run[..k]
                .iter()
                .any(|&j| !again[j] && crate::store::same_file(&named[j].0, &named[i].0));
        }
    }
    named
        .into_iter()
        .zip(again)
        .filter_map(|((path, _), again)| (!again).then_some(path))
        .collect()
}

fn located_io(path: &Path, e: &std::io::Error, lang: Lang) -> String {
    format!("{}: {}", path.display(), crate::store::io_reason(e, lang))
}
