//! The command line: clap definitions and dispatch. Each command lives in `cmd::*`.

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::catalog::{Catalog, Catalogs, Edition};
use crate::cmd;
use crate::fiscal::FiscalYear;
use crate::text::Lang;

#[derive(Debug, Parser)]
#[command(
    name = "tenken",
    version,
    about = "点検 — 住基ネット セキュリティ自己点検チェックリスト (security self-inspection of the Basic Resident Registration Network)",
    long_about = None,
    override_usage = "tenken [OPTIONS] FILE [--previous LAST.ron]\n       tenken [OPTIONS] <COMMAND>",
    after_help = "tenken FILE opens an answer sheet (the same as tenken open FILE); a short form creates it when it does not exist."
)]
pub struct Cli {
    /// Use a custom catalog (RON) besides the embedded ones, e.g. next year's priority items.
    #[arg(long, global = true, value_name = "FILE")]
    pub catalog: Option<PathBuf>,

    /// Interface and wording language (Japanese is authoritative; English is a reference
    /// translation).
    #[arg(long, global = true, value_enum, default_value_t = LangArg::Ja)]
    pub lang: LangArg,

    /// Draw borders, bars and markers with ASCII only (also TENKEN_ASCII=1), for terminals
    /// that draw ambiguous-width characters two cells wide.
    #[arg(long, global = true)]
    pub ascii: bool,

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

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
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

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List, show and validate checklist catalogs.
    #[command(subcommand)]
    Catalog(CatalogCommand),
    /// Create a new answer sheet (refuses to overwrite an existing file).
    New {
        /// The answer file to create, e.g. 2026.ron
        file: PathBuf,
        /// 団体名 (with --from: last year's unless given)
        #[arg(long, required_unless_present = "from")]
        organization: Option<String>,
        /// 年度: 2026, 令和8年度, R8, H19 … (with --from: the year after last year's)
        #[arg(long, value_name = "YEAR", value_parser = parse_fiscal_year, required_unless_present = "from")]
        fiscal_year: Option<FiscalYear>,
        /// Start from last year's sheet: organisation, respondent and profile carried over,
        /// every answer carried as an unconfirmed draft (counted nowhere until confirmed).
        #[arg(long, value_name = "LAST.ron")]
        from: Option<PathBuf>,
        /// With --from: print what would be carried over, write nothing.
        #[arg(long, requires = "from")]
        dry_run: bool,
        /// Which questionnaire (default: municipal, or the --catalog one).
        #[arg(long, value_enum)]
        edition: Option<EditionArg>,
        /// 回答者 (department or person)
        #[arg(long, value_name = "WHO")]
        respondent: Option<String>,
        /// Whether the organisation has a 重要機能室 (decides which items apply).
        #[arg(long, value_enum)]
        important_room: Option<YesNo>,
    },
    /// Validate a sheet against its catalog. Exit status 0 ok, 1 findings, 2 unusable file.
    Check { file: PathBuf },
    /// Report on one sheet: scores by heading, 総平均点, priority warnings, items at 1, and
    /// the improvement plan (改善計画書).
    Report {
        file: PathBuf,
        #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
        format: ReportFormat,
        /// Write to this file instead of standard output.
        #[arg(short = 'o', long = "output", value_name = "OUT")]
        output: Option<PathBuf>,
        /// CSV: leave out the byte-order mark (Excel needs it to read UTF-8).
        #[arg(long)]
        no_bom: bool,
    },
    /// Aggregate many organisations' sheets into the national table (集計表).
    Aggregate(AggregateArgs),
    /// Compare last year's sheet with this year's: per item and per section.
    Diff {
        /// Last year's sheet
        old: PathBuf,
        /// This year's sheet
        new: PathBuf,
        #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
        format: ReportFormat,
        /// Write to this file instead of standard output.
        #[arg(short = 'o', long = "output", value_name = "OUT")]
        output: Option<PathBuf>,
        /// CSV: leave out the byte-order mark (Excel needs it to read UTF-8).
        #[arg(long)]
        no_bom: bool,
    },
    /// Fill in an answer sheet in the terminal (creates it with a short form if missing).
    Open {
        /// The answer sheet (RON).
        file: PathBuf,
        /// Show last year's sheet beside this one (read-only: never locked, never written).
        #[arg(long, value_name = "LAST.ron")]
        previous: Option<PathBuf>,
    },
    /// Open a partly answered sample sheet in a temporary directory.
    Demo,
    /// `tenken FILE`: any other first word is the sheet to open. (A subcommand rather than a
    /// positional argument, so that `tenken --lang en demo` still means the demo.)
    #[command(external_subcommand)]
    File(Vec<OsString>),
}

#[derive(Debug, clap::Args)]
pub struct AggregateArgs {
    /// Sheet files, or directories searched recursively for *.ron
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// An earlier run's JSON output: adds the previous average and the change per item.
    #[arg(long, value_name = "FILE")]
    pub previous_aggregate: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = crate::cmd::aggregate::TableFormat::Text)]
    pub format: crate::cmd::aggregate::TableFormat,
    /// Write to this file instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// Stop at the first file that cannot be read instead of listing and skipping it.
    #[arg(long)]
    pub strict: bool,
    /// CSV: leave out the byte-order mark (Excel needs it to read UTF-8).
    #[arg(long)]
    pub no_bom: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum YesNo {
    Yes,
    No,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Text,
    Md,
    Csv,
    Json,
}

fn parse_fiscal_year(s: &str) -> Result<FiscalYear, String> {
    FiscalYear::parse(s)
}

#[derive(Debug, Subcommand)]
pub enum CatalogCommand {
    /// List every item: id, 管理目標, priority years, wording.
    List {
        #[arg(long, value_enum)]
        edition: Option<EditionArg>,
        #[arg(long, value_enum, default_value_t = ListFormat::Tsv)]
        format: ListFormat,
    },
    /// Show one item with its place in the tree, priority years, applicability and the
    /// national reference statistics.
    Show {
        /// Item id, e.g. 23-4
        id: String,
        #[arg(long, value_enum)]
        edition: Option<EditionArg>,
    },
    /// Validate a custom catalog file; exit status 0 when valid, 1 when not.
    Validate { file: PathBuf },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Tsv,
    Md,
    Json,
}

/// Reads and validates a catalog file.
pub fn load_catalog_file(path: &std::path::Path) -> Result<Catalog, String> {
    let origin = path.display().to_string();
    let meta = std::fs::metadata(path).map_err(|e| format!("{origin}: {e}"))?;
    if meta.len() > crate::catalog::MAX_CATALOG_BYTES as u64 {
        return Err(format!(
            "{origin}: {} bytes is more than the {} bytes a catalog may have",
            meta.len(),
            crate::catalog::MAX_CATALOG_BYTES
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| format!("{origin}: {e}"))?;
    let src = String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let prefix = std::str::from_utf8(valid).unwrap_or_default();
        let (line, col) = crate::catalog::line_col(prefix, prefix.len());
        format!("{origin}:{line}:{col}: not UTF-8 text")
    })?;
    Catalog::from_ron(&src, &origin).map_err(|e| e.to_string())
}

/// Parses the command line. `tenken FILE --previous LAST.ron` (options after the file name of
/// the short form) is read as `tenken open FILE --previous LAST.ron`: the file name is an
/// external subcommand, so clap hands over everything after it unparsed.
pub fn parse_args(argv: Vec<OsString>) -> Cli {
    let cli = Cli::parse_from(&argv);
    if let Some(Command::File(args)) = &cli.command
        && args.len() > 1
        && argv.len() >= args.len()
    {
        let k = argv.len() - args.len();
        let mut again = argv[..k].to_vec();
        again.push("open".into());
        again.extend_from_slice(&argv[k..]);
        return Cli::parse_from(again);
    }
    cli
}

/// Exit status when stdout or stderr cannot be written (sysexits' EX_IOERR).
pub const EXIT_OUTPUT_FAILED: u8 = 74;

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
        Some(path) => match load_catalog_file(path) {
            Ok(c) => Some(c),
            Err(e) => {
                eprintln!("tenken: {e}");
                return ExitCode::from(2);
            }
        },
        None => None,
    };
    let catalogs = Catalogs::new(custom);
    let screen = cmd::open::Screen::from_env(cli.ascii, lang);
    let opening = matches!(
        cli.command,
        Some(Command::Open { .. } | Command::File(_) | Command::Demo)
    );
    if cli.previous.is_some() && !opening {
        eprintln!("tenken: --previous is for opening a sheet (tenken --previous LAST.ron FILE)");
        return ExitCode::from(2);
    }
    let result = match cli.command {
        Some(Command::Catalog(c)) => cmd::catalog::run(c, &catalogs, lang),
        Some(c @ (Command::New { .. } | Command::Check { .. } | Command::Report { .. })) => {
            cmd::sheet::run(c, &catalogs, lang)
        }
        Some(Command::Aggregate(args)) => cmd::aggregate::run(args, &catalogs, lang),
        Some(Command::Diff {
            old,
            new,
            format,
            output,
            no_bom,
        }) => cmd::diff::run(
            &old,
            &new,
            format,
            output.as_deref(),
            !no_bom,
            &catalogs,
            lang,
        ),
        Some(Command::Open { file, previous }) => match (previous, cli.previous) {
            (Some(_), Some(_)) => Err("--previous given twice".into()),
            (a, b) => cmd::open::run(&file, a.or(b).as_deref(), &catalogs, screen),
        },
        Some(Command::File(args)) if args.len() == 1 => cmd::open::run(
            &PathBuf::from(&args[0]),
            cli.previous.as_deref(),
            &catalogs,
            screen,
        ),
        Some(Command::File(args)) => Err(format!(
            "{}: put options before the file name (tenken --lang en FILE) or use tenken open FILE --lang en",
            args.iter()
                .map(|a| a.to_string_lossy())
                .collect::<Vec<_>>()
                .join(" ")
        )),
        Some(Command::Demo) => cmd::open::demo(cli.previous.as_deref(), &catalogs, screen),
        None => Err(
            "give an answer sheet to open (tenken FILE), or a command: see tenken --help".into(),
        ),
    };
    match result {
        Ok(code) => code,
        // Already said, or nothing can be said (stdout is a closed pipe).
        Err(e) if e.is_empty() => ExitCode::from(EXIT_OUTPUT_FAILED),
        Err(e) => {
            eprintln!("tenken: {e}");
            ExitCode::FAILURE
        }
    }
}
