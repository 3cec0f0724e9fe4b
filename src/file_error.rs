//! An error in a file, as store and catalog report it: which file, where in its text (line and
//! column, when the problem is in the text), and what is wrong — kept as a value and put into
//! words for a language only where it is shown.

use std::fmt::{self, Write as _};
use std::path::{Path, PathBuf};

use crate::lang::Lang;

/// What is wrong, in words for a language.
pub trait Words {
    fn text(&self, lang: Lang) -> String;
}

/// A problem with a file: `path:line:column: what` (line and column when known).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileError<W> {
    pub path: PathBuf,
    pub line: Option<usize>,
    pub col: Option<usize>,
    pub why: W,
}

impl<W: Words> FileError<W> {
    /// A problem with the file as a whole.
    pub(crate) fn new(path: &Path, why: W) -> FileError<W> {
        FileError {
            path: path.to_path_buf(),
            line: None,
            col: None,
            why,
        }
    }

    /// A problem at a place in the file's text.
    pub(crate) fn at(path: &Path, line: usize, col: usize, why: W) -> FileError<W> {
        FileError {
            path: path.to_path_buf(),
            line: Some(line),
            col: Some(col),
            why,
        }
    }

    /// What is wrong, without the file's name and position.
    pub(crate) fn message(&self, lang: Lang) -> String {
        self.why.text(lang)
    }

    /// `path:line:column: what is wrong`, in `lang`.
    pub(crate) fn render(&self, lang: Lang) -> String {
        let mut out = self.path.display().to_string();
        if let Some(line) = self.line {
            let _ = write!(out, ":{line}");
            if let Some(col) = self.col {
                let _ = write!(out, ":{col}");
            }
        }
        let _ = write!(out, ": {}", self.message(lang));
        out
    }
}

impl<W: Words> fmt::Display for FileError<W> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

impl<W: Words + fmt::Debug> std::error::Error for FileError<W> {}
