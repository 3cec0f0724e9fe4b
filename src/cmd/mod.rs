//! One module per command: each owns its clap arguments (`Args`, or a subcommand enum) and a
//! `run` that returns an exit code or a [`Failure`] (a usage error, status 2, or another,
//! status 1). `crate::cli` only lists the commands, dispatches to them and says a failure;
//! nothing here depends on it.

pub mod aggregate;
pub(crate) mod catalog;
pub(crate) mod check;
pub(crate) mod diff;
pub(crate) mod docs;
pub(crate) mod new;
pub mod open;
pub(crate) mod report;
pub(crate) mod sign;

use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::catalog::Edition;
use crate::lang::Lang;
use crate::output::Format;
use crate::store::{Why, is_the_file};

/// `--edition`, of `new` and of `catalog list | show`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum EditionArg {
    /// 市区町村版 (juki-municipal)
    Municipal,
    /// 国の行政機関等版 (juki-national)
    National,
}

impl From<EditionArg> for Edition {
    fn from(e: EditionArg) -> Edition {
        match e {
            EditionArg::Municipal => Edition::Municipal,
            EditionArg::National => Edition::National,
        }
    }
}

/// How a command failed, for its exit status; `crate::cli::run` says the message.
#[derive(Debug)]
pub(crate) enum Failure {
    /// The command line cannot be carried out as given: status 2, as clap's own usage errors
    /// (a workbook without `-o`, `--format` contradicting `-o`'s extension, an `-o` extension
    /// of no format tenken writes without `--format`, an option that needs another).
    Usage(String),
    /// Anything else: status 1. An empty message was said already, or cannot be said (a
    /// closed stdout): status 74 ([`write_output`]).
    Error(String),
}

impl From<String> for Failure {
    fn from(message: String) -> Failure {
        Failure::Error(message)
    }
}

impl From<&str> for Failure {
    fn from(message: &str) -> Failure {
        Failure::Error(message.into())
    }
}

/// Where a command writes, and in which format: `--format` and `-o`.
#[derive(Debug, clap::Args)]
pub struct Destination {
    /// Default: what -o's extension names (.xlsx, .csv, .json, .md, .txt); text without -o
    /// or to a name without an extension (another extension needs --format).
    #[arg(long, value_enum)]
    pub(crate) format: Option<Format>,
    /// Write to this file instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "OUT")]
    pub(crate) output: Option<PathBuf>,
}

impl Destination {
    /// The format asked for, else the one `-o`'s name says ([`Format::choose`]). A workbook
    /// is written to a file (`-o FILE`), never to a terminal or a pipe. Either refusal is a
    /// usage error, said before anything is read.
    pub(crate) fn format(&self, lang: Lang) -> Result<Format, Failure> {
        let format =
            Format::choose(self.format, self.output.as_deref(), lang).map_err(Failure::Usage)?;
        if format == Format::Xlsx && self.output.is_none() {
            return Err(Failure::Usage(
                lang.pick(
                    "--format xlsx はワークブックを書きます: -o FILE.xlsx で出力ファイルを指定してください",
                    "--format xlsx writes a workbook: give the file with -o FILE.xlsx",
                )
                .into(),
            ));
        }
        Ok(format)
    }
}

/// Where and how `report` and `diff` write: `--format`, `-o`, `--no-bom`. (`aggregate` takes
/// the [`Destination`] alone: its help lists `--strict` before `--no-bom`.)
#[derive(Debug, clap::Args)]
pub struct OutputArgs {
    #[command(flatten)]
    pub(crate) to: Destination,
    /// CSV: leave out the byte-order mark (Excel needs it to read UTF-8).
    #[arg(long)]
    pub(crate) no_bom: bool,
}

/// Writes to stdout. A closed pipe (`| head`) is not worth a message, but the output is
/// incomplete: an empty error, which exits with status 74 without a word. Any other failure (a
/// full disk) is said on stderr here and is an empty error too.
pub(crate) fn emit(bytes: &[u8], lang: Lang) -> Result<(), String> {
    use std::io::IsTerminal as _;
    let mut out = std::io::stdout().lock();
    // On a terminal, no raw control characters (CSV carries text as it is): see them instead.
    let shown;
    let bytes = if out.is_terminal() {
        shown = crate::safe_text::for_terminal(&String::from_utf8_lossy(bytes)).into_owned();
        shown.as_bytes()
    } else {
        bytes
    };
    stdout_result(out.write_all(bytes).and_then(|()| out.flush()), lang)
}

/// What writing to stdout came to: see [`emit`].
fn stdout_result(written: std::io::Result<()>, lang: Lang) -> Result<(), String> {
    match written {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Err(String::new()),
        Err(e) => Err(output_failed(&format!(
            "{}: {}",
            lang.pick("標準出力", "stdout"),
            crate::store::io_reason(&e, lang)
        ))),
        Ok(()) => Ok(()),
    }
}

/// Output that could not be written (stdout, or the output file): `message` is said here, so
/// that the exit status is the documented 74 (the empty error returned), not the 1 of other
/// errors (which for `check` means "findings").
fn output_failed(message: &str) -> String {
    let _ = writeln!(std::io::stderr(), "tenken: {message}");
    String::new()
}

/// Refuses `out` when it is one of the files the command reads (`aggregate` asks before it
/// reads them, so that the list of 20,000 paths is not held until the table is written).
pub(crate) fn refuse_output_among(out: &Path, inputs: &[&Path], lang: Lang) -> Result<(), String> {
    // The output's identity once (a new file is none of the inputs: 20,000 inputs were
    // 40,000 calls to stat before a table was written).
    let existing = std::fs::metadata(out).ok();
    match existing.and_then(|o| inputs.iter().find(|i| is_the_file(&o, i))) {
        Some(input) => Err(format!(
            "{}: {} ({}){}",
            out.display(),
            // Any input: a sheet, a roster, last year's table, a catalog.
            lang.pick(
                "このコマンドが読むファイルです",
                "is a file this command reads"
            ),
            input.display(),
            lang.pick(
                "。別の出力ファイルを指定してください",
                "; choose another output file"
            )
        )),
        None => Ok(()),
    }
}

/// Writes a command's result in a format to `output`, or to stdout when there is none,
/// as it is rendered (through a buffer, never whole: the table of 20,000 sheets is tens of
/// megabytes); a workbook, or text for a terminal (made safe to show), is made whole first.
/// Refuses to write over any of the command's input files (an answer sheet is never a
/// report's target).
pub(crate) fn write_output(
    result: &impl crate::output::Render,
    opts: crate::output::OutputOptions,
    output: Option<&Path>,
    inputs: &[&Path],
    lang: Lang,
) -> Result<(), String> {
    use std::io::IsTerminal as _;
    let whole =
        opts.format == Format::Xlsx || (output.is_none() && std::io::stdout().is_terminal());
    let bytes = if whole {
        Some(crate::output::render(result, opts)?)
    } else {
        None
    };
    let Some(out) = output else {
        return match bytes {
            Some(bytes) => emit(&bytes, lang),
            None => {
                let mut w = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
                let written = crate::output::render_into(result, opts, &mut w);
                stdout_result(written.and_then(|()| w.flush()), lang)
            }
        };
    };
    refuse_output_among(out, inputs, lang)?;
    if out.exists() {
        // An audit record is never overwritten by a report: not any answer sheet, and not a
        // file that tenken has open for editing.
        if crate::store::lock_path(out).exists() {
            return Err(format!(
                "{}: {}",
                out.display(),
                lang.pick(
                    "tenken で編集中です (ロックファイルがあります)。別の出力ファイルを指定してください",
                    "is open in tenken (a lock file is beside it); choose another output file"
                )
            ));
        }
    }
    // Atomic, never through a link, never over an answer sheet (recognised by content).
    crate::store::write_output_file(out, &mut |file| match &bytes {
        Some(bytes) => file.write_all(bytes),
        None => {
            let mut w = std::io::BufWriter::with_capacity(1 << 16, file);
            crate::output::render_into(result, opts, &mut w)?;
            w.flush()
        }
    })
    .map_err(|e| {
        // What is there refuses the output (a link, a sheet …): a refusal, not a failed write.
        let refused = matches!(
            e.why,
            Why::NotAFileName | Why::OutputIsLink | Why::OutputNotRegular | Why::OutputIsSheet
        );
        if refused {
            e.render(lang)
        } else {
            output_failed(&e.render(lang))
        }
    })
}
