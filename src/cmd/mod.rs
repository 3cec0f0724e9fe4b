//! One module per subcommand family; each returns an exit code or an error message.

pub mod aggregate;
pub mod catalog;
pub mod diff;
pub mod sheet;

use std::io::Write as _;
use std::path::Path;

/// Writes to stdout. A closed pipe (`| head`) is not worth a message, but the output is
/// incomplete: an empty error, which exits non-zero without a word.
pub fn emit(bytes: &[u8]) -> Result<(), String> {
    use std::io::IsTerminal as _;
    let mut out = std::io::stdout().lock();
    // On a terminal, no raw control characters (CSV carries text as it is): see them instead.
    let shown;
    let bytes = if out.is_terminal() {
        shown = crate::text::for_terminal(&String::from_utf8_lossy(bytes)).into_owned();
        shown.as_bytes()
    } else {
        bytes
    };
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Err(String::new()),
        Err(e) => Err(format!("stdout: {e}")),
        Ok(()) => Ok(()),
    }
}

/// Writes a command's output to `output`, or to stdout when there is none. Refuses to write
/// over any of the command's input files (an answer sheet is never a report's target).
pub fn write_output(bytes: &[u8], output: Option<&Path>, inputs: &[&Path]) -> Result<(), String> {
    let Some(out) = output else {
        return emit(bytes);
    };
    if let Some(input) = inputs.iter().find(|i| same_file(out, i)) {
        return Err(format!(
            "{}: is an answer sheet this command reads ({}); choose another output file",
            out.display(),
            input.display()
        ));
    }
    if out.exists() {
        // An audit record is never overwritten by a report: not any answer sheet, and not a
        // file that tenken has open for editing.
        if crate::store::lock_path(out).exists() {
            return Err(format!(
                "{}: is open in tenken (a lock file is beside it); choose another output file",
                out.display()
            ));
        }
        if crate::store::load_sheet_for_reading(out).is_ok() {
            return Err(format!(
                "{}: is an answer sheet; a report never overwrites one — choose another output file",
                out.display()
            ));
        }
    }
    std::fs::write(out, bytes).map_err(|e| format!("{}: {e}", out.display()))
}

/// Whether two paths name the same existing file (through links, `..`, hard links).
pub fn same_file(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt as _;
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(x), Ok(y)) => x.dev() == y.dev() && x.ino() == y.ino(),
        _ => false,
    }
}
pub mod open;
