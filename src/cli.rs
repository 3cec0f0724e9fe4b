//! The command line: the global options, the list of commands and the dispatch to them. Each
//! command's own arguments and code live in its `cmd::*` module.

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory as _, FromArgMatches as _, Parser, Subcommand, ValueEnum};

use crate::catalog::Catalogs;
use crate::cmd::{self, Failure};
use crate::lang::Lang;

mod errors;
mod help;

#[derive(Debug, Parser)]
#[command(
    name = "tenken",
    version,
    propagate_version = true,
    about = "tenken: the security self-inspection checklist of the Basic Resident Registration Network (住基ネット)",
    long_about = None,
    after_help = "tenken FILE opens an answer sheet (the same as tenken open FILE); a short form creates it when it does not exist."
)]
pub struct Cli {
    /// Use a custom catalog (RON) besides the embedded ones, e.g. next year's priority items.
    #[arg(long, global = true, value_name = "FILE")]
    pub(crate) catalog: Option<PathBuf>,

    /// Interface and wording language (Japanese is authoritative; English is a reference
    /// translation).
    #[arg(long, global = true, value_enum, default_value_t = LangArg::Ja)]
    pub lang: LangArg,

    /// Draw borders and bars with ASCII only (also TENKEN_ASCII=1). Not needed for terminals
    /// that draw ambiguous-width characters two cells wide: tenken finds them by itself.
    #[arg(long, global = true)]
    pub ascii: bool,

    /// How wide the terminal draws ambiguous-width characters (box drawing, some symbols): 1 or 2
    /// cells (also TENKEN_AMBIGUOUS_WIDTH=1|2). By default tenken asks the terminal.
    #[arg(long, global = true, value_name = "1|2", value_parser = clap::value_parser!(u8).range(1..=2))]
    pub(crate) ambiguous_width: Option<u8>,

    /// Show last year's sheet beside this one in the interview (read-only: never locked,
    /// never written; it may answer another catalog revision or edition).
    #[arg(long, value_name = "LAST.ron")]
    pub previous: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    Ja,
    En,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        match l {
            LangArg::Ja => Lang::Ja,
            LangArg::En => Lang::En,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List, show and validate checklist catalogs.
    #[command(subcommand)]
    Catalog(cmd::catalog::CatalogCommand),
    /// Create a new answer sheet (refuses to overwrite an existing file).
    New(cmd::new::Args),
    /// Validate a sheet against its catalog. Exit status 0 ok, 1 findings, 2 unusable file.
    Check(cmd::check::Args),
    /// Report on one sheet: scores by heading, 総平均点, priority warnings, items at 1, and
    /// the improvement plan (改善計画書).
    Report(cmd::report::Args),
    /// Record the sign-off (点検実施者, 確認者, 点検日) and seal it: the sheet keeps a fingerprint
    /// of its header and answers, printed on every report as 照合番号.
    Sign(cmd::sign::Args),
    /// Aggregate many organizations' sheets into the national table (集計表).
    Aggregate(cmd::aggregate::Args),
    /// Compare last year's sheet with this year's: per item and per section.
    Diff(cmd::diff::Args),
    /// Fill in an answer sheet in the terminal (creates it with a short form if missing).
    Open(cmd::open::Args),
    /// Open a partly answered sample sheet in a temporary directory.
    Demo,
    /// Print the shell completion script, e.g. `tenken completions bash > /etc/bash_completion.d/tenken`.
    Completions(cmd::docs::CompletionsArgs),
    /// Print the manual page tenken(1) (roff), or write one page per command into a directory.
    Man(cmd::docs::ManArgs),
    /// `tenken FILE`: any other first word is the sheet to open. (A subcommand rather than a
    /// positional argument, so that `tenken --lang en demo` still means the demo.)
    #[command(external_subcommand)]
    File(Vec<OsString>),
}

/// Parses the command line. `tenken FILE --previous LAST.ron` (options after the file name of
/// the short form) is read as `tenken open FILE --previous LAST.ron`: the file name is an
/// external subcommand, so clap hands over everything after it unparsed.
pub fn parse_args(argv: Vec<OsString>) -> Cli {
    // Errors are worded in the language asked for, known before parsing succeeds.
    let lang = errors::lang_of_args(&argv);
    let argv = help_without_lang(argv);
    let cli = sheet_only(&argv).unwrap_or_else(|| parse_or_exit(&argv, lang));
    if let Some(Command::File(args)) = &cli.command
        && let Some(word) = args.first()
        && let Some(message) = mistyped_command(word, lang)
    {
        say_and_exit(&format!("tenken: {message}"), 2);
    }
    if let Some(Command::File(args)) = &cli.command
        && args.len() > 1
        && argv.len() >= args.len()
    {
        let k = argv.len() - args.len();
        let mut again = argv[..k].to_vec();
        again.push("open".into());
        again.extend_from_slice(&argv[k..]);
        return parse_or_exit(&again, lang);
    }
    cli
}

/// The options before a command word that take a value as the next word. A test keeps the
/// list equal to the command tree's.
const VALUED_OPTIONS: [&str; 4] = ["--lang", "--catalog", "--ambiguous-width", "--previous"];

/// `tenken help --lang en report` as `tenken help report`: clap's `help` takes command names
/// only, and would refuse `--lang` as one; the language is read from anywhere on the line
/// ([`errors::lang_of_args`]) and chooses the help's words, so it is dropped after `help`.
fn help_without_lang(argv: Vec<OsString>) -> Vec<OsString> {
    // Global options before the command word, and those that take a value (their value is
    // no command word either).
    let mut words = argv.iter().enumerate().skip(1);
    let help = loop {
        match words.next() {
            Some((_, w)) if VALUED_OPTIONS.iter().any(|v| w == *v) => {
                words.next();
            }
            Some((_, w)) if w.to_string_lossy().starts_with('-') && w != "--" => {}
            Some((i, w)) if w == "help" => break i,
            _ => return argv,
        }
    };
    let mut out = argv[..=help].to_vec();
    let mut rest = argv[help + 1..].iter();
    while let Some(w) = rest.next() {
        if w == "--lang" {
            rest.next();
        } else if !w.to_string_lossy().starts_with("--lang=") {
            out.push(w.clone());
        }
    }
    out
}

/// The names of the commands, and of clap's `help`: a first word that is none of them opens a
/// sheet. A test keeps the list equal to the command tree's.
pub const COMMAND_NAMES: [&str; 12] = [
    "catalog",
    "new",
    "check",
    "report",
    "sign",
    "aggregate",
    "diff",
    "open",
    "demo",
    "completions",
    "man",
    "help",
];

/// `tenken FILE` — the interview's usual command line, a word that is no option and no
/// command — as clap reads it, without building clap's command tree (a tenth of the
/// interview's start-up). A test holds it to clap's reading; anything else is clap's.
fn sheet_only(argv: &[OsString]) -> Option<Cli> {
    let [_, word] = argv else {
        return None;
    };
    let text = word.to_str()?;
    if text.is_empty() || text.starts_with('-') || COMMAND_NAMES.contains(&text) {
        return None;
    }
    Some(Cli {
        catalog: None,
        lang: LangArg::Ja,
        ascii: false,
        ambiguous_width: None,
        previous: None,
        command: Some(Command::File(vec![word.clone()])),
    })
}

/// `Cli::parse_from`, except that help, version and usage errors that cannot be written (a
/// full disk, a closed pipe) exit with [`EXIT_OUTPUT_FAILED`]: clap's own `exit` ignores the
/// failed write and reports success. Usage errors are worded in `lang` ([`errors`]).
fn parse_or_exit(argv: &[OsString], lang: Lang) -> Cli {
    let mut command = help::command(lang);
    command
        .try_get_matches_from_mut(argv)
        .and_then(|m| Cli::from_arg_matches(&m))
        .unwrap_or_else(|mut e| {
            help::drop_hidden_suggestion(&command, argv, &mut e);
            exit_with(e, lang)
        })
}

fn exit_with(e: clap::Error, lang: Lang) -> ! {
    use std::io::Write as _;
    if lang == Lang::Ja
        && let Some(message) = errors::render_ja(&e)
    {
        say_and_exit(&message, e.exit_code());
    }
    let written = e.print().and_then(|()| {
        std::io::stdout().flush()?;
        std::io::stderr().flush()
    });
    if written.is_err() {
        std::process::exit(EXIT_OUTPUT_FAILED.into());
    }
    std::process::exit(e.exit_code());
}

/// Prints a message on stderr and exits with `code` ([`EXIT_OUTPUT_FAILED`] when stderr cannot
/// be written).
fn say_and_exit(message: &str, code: i32) -> ! {
    use std::io::Write as _;
    let mut err = std::io::stderr().lock();
    let message = if message.ends_with('\n') {
        message.to_string()
    } else {
        format!("{message}\n")
    };
    if err
        .write_all(message.as_bytes())
        .and_then(|()| err.flush())
        .is_err()
    {
        std::process::exit(EXIT_OUTPUT_FAILED.into());
    }
    std::process::exit(code);
}

/// The "no such command" message for a first word that names neither a command nor a sheet:
/// a bare word (no `.ron` extension, no path separator) that is not an existing file. Such a
/// word is almost always a mistyped command (`tenken reprot`), not a new sheet to create.
fn mistyped_command(word: &std::ffi::OsStr, lang: Lang) -> Option<String> {
    let path = std::path::Path::new(word);
    let is_ron = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("ron"));
    let has_separator = word.as_encoded_bytes().contains(&b'/');
    if is_ron || has_separator || path.symlink_metadata().is_ok() {
        return None;
    }
    let word = crate::safe_text::sanitize_line(&word.to_string_lossy()).into_owned();
    let cmd = Cli::command();
    let names: Vec<&str> = cmd
        .get_subcommands()
        .filter(|c| !c.is_hide_set())
        .map(clap::Command::get_name)
        .collect();
    let nearest = names
        .iter()
        .map(|n| (strsim::jaro_winkler(&word, n), *n))
        .filter(|(score, _)| *score > 0.7)
        .max_by(|a, b| a.0.total_cmp(&b.0));
    Some(errors::no_such_command(
        &word,
        nearest.map(|(_, n)| n),
        &names,
        lang,
    ))
}

/// Exit status when stdout or stderr cannot be written (sysexits' EX_IOERR).
pub(crate) const EXIT_OUTPUT_FAILED: u8 = 74;

/// `eprintln!` and `println!` panic when the stream cannot be written (`2>/dev/full`, a closed
/// pipe, a vanished terminal). Nothing can be said then: exit with a non-zero status and no
/// message instead of a panic's 101. Other panics keep the default report.
pub fn quiet_on_failed_output() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let payload = info.payload();
        let message = payload
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| payload.downcast_ref::<&str>().copied())
            .unwrap_or("");
        if message.starts_with("failed printing to std") {
            std::process::exit(EXIT_OUTPUT_FAILED.into());
        }
        default(info);
    }));
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> ExitCode {
    let lang = Lang::from(cli.lang);
    let custom = match &cli.catalog {
        Some(path) => match crate::store::read_catalog(path) {
            Ok(c) => Some(c),
            Err(e) => {
                eprintln!(
                    "tenken: {}",
                    crate::safe_text::sanitize_multiline(&e.render(lang))
                );
                return ExitCode::from(2);
            }
        },
        None => None,
    };
    let catalogs = Catalogs::new(custom);
    let screen = cmd::open::DisplaySettings::from_env(cli.ascii, cli.ambiguous_width, lang);
    let opening = matches!(
        cli.command,
        Some(Command::Open(_) | Command::File(_) | Command::Demo)
    );
    if cli.previous.is_some() && !opening {
        eprintln!(
            "tenken: {}",
            lang.pick(
                "--previous はシートを開くときに使います (tenken --previous LAST.ron FILE)",
                "--previous is for opening a sheet (tenken --previous LAST.ron FILE)"
            )
        );
        return ExitCode::from(2);
    }
    let result = match cli.command {
        Some(Command::Catalog(c)) => cmd::catalog::run(c, &catalogs, lang),
        Some(Command::New(args)) => cmd::new::run(args, &catalogs, lang),
        Some(Command::Check(args)) => cmd::check::run(args, &catalogs, lang),
        Some(Command::Report(args)) => cmd::report::run(args, &catalogs, lang),
        Some(Command::Sign(args)) => cmd::sign::run(args, &catalogs, lang),
        Some(Command::Aggregate(args)) => cmd::aggregate::run(args, &catalogs, lang),
        Some(Command::Diff(args)) => cmd::diff::run(args, &catalogs, lang),
        Some(Command::Open(args)) => match (args.previous, cli.previous) {
            (Some(_), Some(_)) => Err(Failure::Usage(
                lang.pick("--previous が二度指定されています", "--previous given twice")
                    .into(),
            )),
            (a, b) => cmd::open::run(&args.file, a.or(b).as_deref(), &catalogs, screen),
        },
        Some(Command::File(args)) if args.len() == 1 => cmd::open::run(
            &PathBuf::from(&args[0]),
            cli.previous.as_deref(),
            &catalogs,
            screen,
        ),
        Some(Command::File(args)) => Err(Failure::Usage(format!(
            "{}: {}",
            args.iter()
                .map(|a| a.to_string_lossy())
                .collect::<Vec<_>>()
                .join(" "),
            lang.pick(
                "オプションはファイル名の前に書くか (tenken --lang en FILE)、tenken open FILE --lang en としてください",
                "put options before the file name (tenken --lang en FILE) or use tenken open FILE --lang en"
            )
        ))),
        Some(Command::Demo) => cmd::open::demo(cli.previous.as_deref(), &catalogs, screen),
        Some(Command::Completions(args)) => {
            cmd::docs::completions(args, help::command(lang), lang)
        }
        Some(Command::Man(args)) => cmd::docs::man(args, help::command(lang), help::sections, lang),
        None => Err(Failure::Usage(
            lang.pick(
                "開く回答ファイル (tenken FILE) かコマンドを指定してください: tenken --help を見てください",
                "give an answer sheet to open (tenken FILE), or a command: see tenken --help",
            )
            .into(),
        )),
    };
    // Errors quote ids, revisions, values and names from files: no raw control or
    // bidirectional character reaches the terminal.
    let say = |e: &str| eprintln!("tenken: {}", crate::safe_text::sanitize_multiline(e));
    match result {
        Ok(code) => code,
        // Already said, or nothing can be said (stdout is a closed pipe).
        Err(Failure::Error(e)) if e.is_empty() => ExitCode::from(EXIT_OUTPUT_FAILED),
        Err(Failure::Error(e)) => {
            say(&e);
            ExitCode::FAILURE
        }
        Err(Failure::Usage(e)) => {
            say(&e);
            ExitCode::from(2)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_short_form_is_read_as_clap_reads_it() {
        let argv = |w: &str| vec![OsString::from("tenken"), OsString::from(w)];
        for w in [
            "sheet.ron",
            "dir/2026.ron",
            "/tmp/例市 令和8年度.ron",
            "x",
            "Demo",
            "open.ron",
            "+1",
            "a=b",
            " ",
        ] {
            let fast = sheet_only(&argv(w)).unwrap_or_else(|| panic!("{w:?} not read"));
            let clap = parse_or_exit(&argv(w), Lang::Ja);
            assert_eq!(format!("{fast:?}"), format!("{clap:?}"), "{w:?}");
        }
        for w in ["", "-", "--", "-h", "--help", "-V", "--lang=en"]
            .into_iter()
            .chain(COMMAND_NAMES)
        {
            assert!(sheet_only(&argv(w)).is_none(), "{w:?}");
        }
        assert!(sheet_only(&[OsString::from("tenken")]).is_none());
        let two = [argv("a.ron"), vec![OsString::from("b.ron")]].concat();
        assert!(sheet_only(&two).is_none());
        // Every word clap takes for a command, in both languages, is in the list.
        for lang in [Lang::Ja, Lang::En] {
            let mut tree = help::command(lang);
            tree.build();
            let mut names: Vec<&str> = tree
                .get_subcommands()
                .flat_map(|c| std::iter::once(c.get_name()).chain(c.get_all_aliases()))
                .collect();
            names.sort_unstable();
            let mut listed = COMMAND_NAMES.to_vec();
            listed.sort_unstable();
            assert_eq!(names, listed, "{lang:?}");
        }
    }

    #[test]
    fn the_valued_options_are_the_command_trees() {
        let mut tree = help::command(Lang::Ja);
        tree.build();
        let mut valued: Vec<String> = tree
            .get_arguments()
            .filter(|a| a.get_action().takes_values())
            .filter_map(|a| a.get_long().map(|l| format!("--{l}")))
            .collect();
        valued.sort_unstable();
        let mut listed = VALUED_OPTIONS.map(String::from).to_vec();
        listed.sort_unstable();
        assert_eq!(valued, listed);
    }
}
