//! `tenken aggregate PATH…`: many organisations' sheets into the national table, with the
//! accounting of every file (受付一覧), the roster and the subtotals.
//!
//! Each file is read on its own into what it adds to the table (`receive`: an answer sheet, or
//! a workbook or CSV table through `new --from`'s importer), by a few worker threads, so
//! memory stays small however many sheets there are; then `crate::aggregate` decides which
//! count and counts them. Nothing is written next to the inputs: output goes to stdout or to
//! `-o OUT`.

use std::io::IsTerminal;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use super::EditionArg;
use crate::aggregate::{
    Accounting, Aggregate, Benchmark, Contribution, Entry, Intake, NationalTable, NoTable,
    Organization, PreviousAggregate, ReadAs, Received, RosterError, Status, Submission,
    TableChoice, WORKBOOK_SHEETS,
};
use crate::catalog::{Catalog, Catalogs, Edition};
use crate::fiscal::FiscalYear;
use crate::lang::{Lang, say};
use crate::output::{Format, OutputOptions};
use crate::safe_text::sanitize_line;
use crate::sheet::Sheet;
use crate::store;
use files::find_files;

mod files;

/// Above this many files, progress is shown on stderr when it is a terminal.
const PROGRESS_THRESHOLD: usize = 200;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Sheet files (.ron), tables (.xlsx, .csv), or directories searched recursively
    #[arg(required = true, value_name = "PATH")]
    pub(crate) paths: Vec<PathBuf>,
    /// The organizations expected to hand in (CSV or xlsx: 団体コード, 団体名, 都道府県)
    #[arg(long, value_name = "FILE")]
    pub(crate) roster: Option<PathBuf>,
    /// The edition to aggregate when sheets of both are among the files
    #[arg(long, value_enum)]
    pub(crate) edition: Option<EditionArg>,
    /// The fiscal year to aggregate (default: the year of most sheets); others are excluded
    #[arg(long, value_name = "YEAR", value_parser = FiscalYear::parse)]
    pub(crate) fiscal_year: Option<FiscalYear>,
    /// Count this file for its organization instead of its newest sheet (repeatable)
    #[arg(long, value_name = "FILE")]
    pub(crate) prefer: Vec<PathBuf>,
    /// Last year's table, as an earlier run wrote it (.json or .xlsx): adds last year's
    /// averages and the changes, and names the organizations counted in one year only
    #[arg(long, value_name = "FILE")]
    pub(crate) previous_aggregate: Option<PathBuf>,
    /// The yardstick beside the figures (default: national for a 平成 table, else previous
    /// when --previous-aggregate is given, else none)
    #[arg(long, value_enum)]
    pub(crate) benchmark: Option<BenchmarkArg>,
    #[command(flatten)]
    pub(crate) to: super::Destination,
    /// Fail, writing no table, while a file is unreadable, a sheet holds unconfirmed drafts, or
    /// an organization on the roster has not handed in.
    #[arg(long)]
    pub(crate) strict: bool,
    /// CSV: leave out the byte-order mark (Excel needs it to read UTF-8).
    #[arg(long)]
    pub(crate) no_bom: bool,
    /// Files read at once (default: one per core, at most 8); the table is the same whatever
    /// the number
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=i64::from(MAX_JOBS)))]
    pub(crate) jobs: Option<u16>,
}

/// The most `--jobs` takes.
pub(crate) const MAX_JOBS: u16 = 256;

/// `--benchmark`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum BenchmarkArg {
    /// The catalog's national averages (平成15–19年度)
    National,
    /// This collection's own averages (a 全体 row under the 都道府県別 subtotals)
    Own,
    /// Last year's table (needs --previous-aggregate)
    Previous,
    /// No yardstick
    None,
}

pub(crate) fn run(args: Args, catalogs: &Catalogs, lang: Lang) -> Result<ExitCode, super::Failure> {
    let format = args.to.format(lang)?;
    if args.benchmark == Some(BenchmarkArg::Previous) && args.previous_aggregate.is_none() {
        return Err(super::Failure::Usage(
            lang.pick(
                "--benchmark previous には --previous-aggregate (前年度の集計表) が必要です",
                "--benchmark previous needs --previous-aggregate (last year's table)",
            )
            .into(),
        ));
    }
    let found = find_files(&args.paths, args.roster.as_deref(), lang)?;
    // With a roster, an empty folder is the first day of a collection: everyone is missing.
    if found.files.is_empty() && found.unreadable.is_empty() && args.roster.is_none() {
        return Err(lang
            .pick(
                "指定したパスに回答ファイル (*.ron) も表 (*.xlsx, *.csv) もありません",
                "no answer sheets (*.ron) or tables (*.xlsx, *.csv) found in the given paths",
            )
            .into());
    }
    let previous = args
        .previous_aggregate
        .as_deref()
        .map(|p| read_previous(p, lang))
        .transpose()?;
    let roster = args
        .roster
        .as_deref()
        .map(|p| read_roster(p, lang))
        .transpose()?;
    // Asked of the paths before they are read, so that they are let go once read: 20,000
    // of them were a megabyte and a half held until the table was written.
    if let Some(out) = args.to.output.as_deref() {
        let inputs: Vec<&Path> = found.files.iter().map(PathBuf::as_path).collect();
        super::refuse_output_among(out, &inputs, lang)?;
    }
    let choice = TableChoice {
        catalog: args
            .edition
            .map(|e| catalogs.for_edition(Some(Edition::from(e))).id.clone()),
        fiscal_year: args.fiscal_year.map(|y| y.0),
        prefer: args
            .prefer
            .iter()
            .map(|want| {
                found
                    .files
                    .iter()
                    .find(|f| store::same_file(f, want))
                    .map(|f| f.display().to_string())
                    .ok_or_else(|| {
                        let shown = sanitize_line(&want.display().to_string()).into_owned();
                        match found.roster.iter().any(|r| store::same_file(r, want)) {
                            true => say!(
                                lang,
                                "--prefer {}: 名簿 (--roster) のファイルで、団体の回答ではありません",
                                "--prefer {}: the roster (--roster), not an organization's answers",
                                shown
                            ),
                            false => say!(
                                lang,
                                "--prefer {}: 集計する入力のファイルではありません (集計するディレクトリかファイルの中のものを指定してください)",
                                "--prefer {}: not one of the files aggregated (name one found under the paths given)",
                                shown
                            ),
                        }
                    })
            })
            .collect::<Result<_, _>>()?,
        when_nothing_usable: roster
            .is_some()
            .then(|| catalogs.for_edition(args.edition.map(Edition::from)).id.clone()),
    };
    let total = found.total();
    let jobs = args.jobs.map(usize::from);
    let mut received = receive_all(&found.files, catalogs, args.edition, jobs, lang);
    found.add_unread(&mut received);
    drop(found);
    let decided = match crate::aggregate::decide(received, &choice) {
        Ok(d) => d,
        Err(NoTable::MixedEditions { counts, minority }) => {
            return Err(mixed_editions(&counts, &minority, lang).into());
        }
        Err(NoTable::NothingUsable(entries)) => {
            for e in &entries {
                say(e.file(), &crate::aggregate::note(e, None, lang));
            }
            let files = crate::lang::count(total, "file");
            return Err(say!(
                lang,
                "{total} 個のファイルのどれも使えませんでした",
                "no file could be used ({files} read)"
            )
            .into());
        }
    };
    let catalog = catalogs
        .get(&decided.catalog_id)
        .unwrap_or_else(|| catalogs.for_edition(args.edition.map(Edition::from)));
    let (agg, accounting) = decided.tally(catalog, roster.as_deref());
    report_on_stderr(&agg, &accounting, lang);
    // An empty table is no national table: every file was read and none counts (another
    // year, drafts only, …; each said why above). With a roster it still says who is
    // missing, which is what a prefecture asks on the first day of a collection.
    if agg.organizations == 0 && roster.is_none() {
        let files = crate::lang::count(total, "file");
        return Err(say!(
            lang,
            "集計できる団体がありません ({total} 個のファイルのどれも集計されません。理由は上のとおり)。集計表は書きません",
            "no organization counts (no file is counted of the {files} read; why is said above): no table written"
        ).into());
    }
    // A preferred file that does not count (another year, unreadable, or a second file
    // preferred for one organisation) was a choice not applied: not a table to hand on.
    for want in &choice.prefer {
        if let Some(e) = accounting
            .entries
            .iter()
            .find(|e| e.file() == want && e.status != Status::Counted)
        {
            return Err(say!(
                lang,
                "--prefer {}: このファイルは集計されません ({})",
                "--prefer {}: this file is not counted ({})",
                sanitize_line(want),
                crate::aggregate::note(e, accounting.fiscal_year, lang)
            )
            .into());
        }
    }
    if args.strict {
        strict(&accounting, lang)?;
    }
    let table = NationalTable {
        catalog,
        agg: &agg,
        previous: previous.as_ref(),
        accounting: &accounting,
        today: crate::clock::now().date(),
        benchmark: match args.benchmark {
            Some(BenchmarkArg::National) => Benchmark::National,
            Some(BenchmarkArg::Own) => Benchmark::Own,
            Some(BenchmarkArg::Previous) => Benchmark::Previous,
            Some(BenchmarkArg::None) => Benchmark::None,
            None => Benchmark::default_for(accounting.fiscal_year, previous.is_some()),
        },
    };
    if format == Format::Xlsx {
        // The texts the workbook shows cut: the sheets' 団体名 and plans, the roster's names.
        let roster = args.roster.as_deref().map(|p| p.display().to_string());
        for said in crate::aggregate::cut_notices(&table, roster.as_deref(), lang) {
            eprintln!("{said}");
        }
    }
    // A table of another year still gives its changes (a prefecture may compare with any),
    // but the reader is told, as `diff` tells of a sheet that is not last year's.
    if let (Some(p), Some(this)) = (
        previous.as_ref().and_then(|p| p.fiscal_year),
        accounting.fiscal_year,
    ) && p + 1 != this
    {
        eprintln!(
            "tenken: {}",
            say!(
                lang,
                "警告: --previous-aggregate の集計表は{}、今回は{}で、前年度のものではありません (向上値はその集計表からの変化)",
                "warning: the --previous-aggregate table is for {} and this one for {}: not the year before (the changes are from that table)",
                FiscalYear(p).display(lang),
                FiscalYear(this).display(lang)
            )
        );
    }
    if let (Some(p), Some((only_last, only_this))) = (&previous, table.differences()) {
        for (list, when) in [
            (only_last, p.column(lang)),
            (only_this, this_year(&accounting, lang)),
        ] {
            if !list.is_empty() {
                let names: Vec<String> = list.iter().map(|o| o.shown()).collect();
                eprintln!(
                    "tenken: {}: {} ({}): {}",
                    lang.pick("警告", "warning"),
                    say!(
                        lang,
                        "{when}のみ集計した団体",
                        "organizations counted in {when} only"
                    ),
                    list.len(),
                    sanitize_line(&names.join(lang.pick("、", ", ")))
                );
            }
        }
    }
    let opts = OutputOptions {
        format,
        lang,
        bom: !args.no_bom,
    };
    // The sheets were asked about before they were read.
    let mut inputs: Vec<&Path> = Vec::new();
    inputs.extend(args.roster.as_deref());
    inputs.extend(args.previous_aggregate.as_deref());
    super::write_output(&table, opts, args.to.output.as_deref(), &inputs, lang)?;
    let counted = match lang {
        Lang::Ja => format!("{} 団体を集計", agg.organizations),
        Lang::En => format!(
            "{} counted",
            crate::lang::count(agg.organizations, "organization")
        ),
    };
    eprintln!("tenken: {counted} / {}", table.tally_line(lang));
    Ok(ExitCode::SUCCESS)
}

/// The collection's year in words, or 「今回」.
fn this_year(a: &Accounting, lang: Lang) -> String {
    a.fiscal_year.map_or_else(
        || lang.pick("今回", "this table").to_string(),
        |y| FiscalYear(y).display(lang),
    )
}

/// Last year's table: the JSON or the workbook (.xlsx) an earlier run wrote.
fn read_previous(path: &Path, lang: Lang) -> Result<PreviousAggregate, String> {
    let label = path.display().to_string();
    if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
    {
        let sheets = crate::xlsx::read::sheets(path, &WORKBOOK_SHEETS, lang)?;
        return PreviousAggregate::from_workbook(&sheets, &label, lang);
    }
    let bytes = crate::store::read_limited(path, crate::store::MAX_SHEET_BYTES)
        .map_err(|e| e.render(lang))?;
    // Another table (tenken's own CSV, say) is not read back: said so, not as JSON gone wrong.
    if crate::store::is_table(path) {
        return Err(say!(
            lang,
            "{label}: 前年度の集計表は、tenken aggregate が書いた JSON か .xlsx のワークブックで指定してください (CSV、.xls、.ods は読み戻しません)",
            "{label}: give last year's table as the JSON or the .xlsx workbook tenken aggregate wrote (CSV, .xls and .ods are not read back)"
        ));
    }
    let src = String::from_utf8(bytes).map_err(|_| {
        format!(
            "{label}: {}",
            lang.pick("UTF-8 のテキストではありません", "not UTF-8 text")
        )
    })?;
    PreviousAggregate::from_json(&src, &label, lang)
}

/// One line on stderr about a file, made safe.
fn say(file: &str, what: &str) {
    let what = crate::safe_text::sanitize_multiline(what);
    eprintln!("tenken: {}: {what}", sanitize_line(file));
}

/// Every file not simply counted, and every table read as answers; the seals; the roster's
/// 未提出 and 名簿にない団体.
fn report_on_stderr(agg: &Aggregate, a: &Accounting, lang: Lang) {
    for e in &a.entries {
        let plain = e.status == Status::Counted
            && e.drafts().is_empty()
            && e.read_as == Some(ReadAs::Sheet)
            && e.may_be().is_empty()
            && e.taken_as().is_none()
            && e.notes().is_empty()
            && e.same_code().is_empty()
            && e.roster_name().is_none()
            && !e.tied();
        if !plain {
            say(
                e.file(),
                &format!(
                    "[{}] {}",
                    crate::aggregate::status_word(&e.status, lang),
                    crate::aggregate::note(e, a.fiscal_year, lang)
                ),
            );
        }
    }
    // Whether each signed sheet is still the one approved (unsigned sheets: nothing to say).
    for (file, seal) in &agg.seals {
        let said = match seal {
            crate::seal::SealState::Matches(s) => format!(
                "{} {s} {}",
                crate::seal::label(lang),
                lang.pick("(確認時の内容と一致)", "(matches its sign-off)")
            ),
            crate::seal::SealState::Changed(s) => crate::seal::changed_warning(s, lang),
            crate::seal::SealState::Unsealed => continue,
        };
        say(file, &said);
    }
    if let Some(r) = &a.roster {
        for (line, _) in &r.missing {
            eprintln!(
                "tenken: {}: {}",
                lang.pick("未提出", "not handed in"),
                sanitize_line(&roster_name(line))
            );
        }
        // Counted into the table, though the roster does not expect it (another
        // prefecture's sheet left in the folder, a name the roster spells otherwise).
        for &i in &r.not_on_roster {
            let e = &a.entries[i];
            let org = Organization {
                name: e.name().to_string(),
                code: e.code().to_string(),
                prefecture: match e.prefecture() {
                    "" => crate::organization::prefecture_of_code(e.code()).unwrap_or_default(),
                    p => p,
                }
                .to_string(),
            };
            eprintln!(
                "tenken: {}: {}",
                lang.pick("名簿にない団体", "not on the roster"),
                sanitize_line(&say!(
                    lang,
                    "{}: {} を集計しました",
                    "{}: {} counted",
                    roster_name(&org),
                    e.file()
                ))
            );
        }
    }
}

fn roster_name(line: &Organization) -> String {
    let mut s = line.shown();
    if !line.code.is_empty() {
        s.push_str(&format!(" ({})", line.code));
    }
    s
}

/// `--strict`: the run fails while a file is unreadable, a sheet holds unconfirmed drafts or
/// an organisation on the roster is missing. Each of them is already said on stderr by
/// [`report_on_stderr`], with its file: the refusal counts them by kind.
fn strict(a: &Accounting, lang: Lang) -> Result<(), String> {
    let is_unreadable = |e: &Entry| matches!(e.status, Status::Unreadable(_));
    let has_drafts = |e: &Entry| match e.status {
        Status::DraftsOnly => true,
        Status::Counted => !e.drafts().is_empty(),
        _ => false,
    };
    // An organisation whose only file is counted above (drafts only) is not counted again
    // as missing, though the roster lists it as 未提出.
    let missing = a.roster.as_ref().map_or(0, |r| {
        r.missing
            .iter()
            .filter(|(_, i)| {
                !i.is_some_and(|i| has_drafts(&a.entries[i]) || is_unreadable(&a.entries[i]))
            })
            .count()
    });
    let (unreadable, drafts) = (
        a.entries.iter().filter(|e| is_unreadable(e)).count(),
        a.entries.iter().filter(|e| has_drafts(e)).count(),
    );
    let kinds = [
        (
            unreadable,
            lang.pick("読めないファイル", "unreadable files"),
        ),
        (drafts, lang.pick("下書きを含む提出", "sheets with drafts")),
        (missing, lang.pick("未提出", "not handed in")),
    ];
    let counts: Vec<String> = kinds
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| format!("{what} {n}"))
        .collect();
    if counts.is_empty() {
        return Ok(());
    }
    Err(say!(
        lang,
        "--strict: 集計表を書きません: {} (いずれも上に記載)",
        "--strict: no table written: {} (each said above)",
        counts.join(lang.pick("、", ", "))
    ))
}

/// The refusal of mixed editions, naming the minority's files (or every file on a tie).
fn mixed_editions(counts: &[(String, usize)], minority: &[(String, String)], lang: Lang) -> String {
    let tie = counts.len() > 1 && counts[0].1 == counts[1].1;
    let counts: Vec<String> = counts.iter().map(|(id, n)| format!("{id} {n}")).collect();
    let files: Vec<String> = minority
        .iter()
        .map(|(f, id)| format!("  {} ({id})", sanitize_line(f)))
        .collect();
    let which = match (tie, lang) {
        (false, Lang::Ja) => "少ない方の版のファイル",
        (true, Lang::Ja) => "どの版も同じ数ずつのため、すべてのファイル",
        (false, Lang::En) => "The files of the fewer",
        (true, Lang::En) => "As many of each; every file",
    };
    match lang {
        Lang::Ja => format!(
            "版 (カタログ) の違うシートが混在しています ({})。{which}:\n{}\n版ごとに --edition municipal または --edition national を付けて集計してください",
            counts.join("、"),
            files.join("\n")
        ),
        Lang::En => format!(
            "sheets of more than one edition (catalog) ({}). {which}:\n{}\nAggregate each edition with --edition municipal or --edition national",
            counts.join(", "),
            files.join("\n")
        ),
    }
}

/// The roster's lines, from a CSV file or the first sheet of a workbook with a 団体名 column.
/// A line whose 都道府県 is none of the 47 is read, by its name alone, and said on stderr.
fn read_roster(path: &Path, lang: Lang) -> Result<Vec<Organization>, String> {
    let lines = roster_lines(path, lang)?;
    for line in lines.iter().filter(|l| {
        !l.prefecture.is_empty() && crate::organization::prefecture(&l.prefecture).is_none()
    }) {
        let (name, typed) = (sanitize_line(&line.name), sanitize_line(&line.prefecture));
        eprintln!(
            "tenken: {}: {}",
            sanitize_line(&path.display().to_string()),
            say!(
                lang,
                "警告: {name}: 都道府県「{typed}」は47都道府県のどれでもありません。団体名だけで照合し、都道府県別では書かれたとおりに数えます",
                "warning: {name}: the prefecture \"{typed}\" is none of the 47 prefectures; matched by the name alone, and subtotalled as written"
            )
        );
    }
    Ok(lines)
}

fn roster_lines(path: &Path, lang: Lang) -> Result<Vec<Organization>, String> {
    let rows = crate::xlsx::read::rows(path, lang)?;
    crate::aggregate::roster_from_rows(&rows).map_err(|e| {
        let file = path.display();
        match e {
            RosterError::NoHeader => say!(
                lang,
                "{}: 名簿に 団体名 の列の見出しがありません (団体コード、団体名、都道府県)",
                "{}: the roster has no 団体名 (organization) column heading (団体コード, 団体名, 都道府県)",
                file
            ),
            RosterError::Code { line, typed, error } => say!(
                lang,
                "{}: 名簿の {} 行目: {}",
                "{}: the roster's line {}: {}",
                file,
                line,
                error.message(&typed, lang)
            ),
            RosterError::Prefecture { line, code, named } => say!(
                lang,
                "{}: 名簿の {} 行目: {}",
                "{}: the roster's line {}: {}",
                file,
                line,
                crate::organization::mismatch(&code, named, lang).unwrap_or_default()
            ),
            RosterError::Twice { line, first } => say!(
                lang,
                "{}: 名簿の {} 行目は {} 行目と同じ団体です (同じ団体コード、またはコードのない行で同じ都道府県の同じ名前)。一つにしてください: 二度数えると提出すべき団体の数が合いません",
                "{}: the roster's line {} names the organization of line {} (the same code, or, where a line has no code, the same name in the same prefecture); keep one: counted twice, the number expected would be wrong",
                file,
                line,
                first
            ),
        }
    })
}

/// For the benchmark and tests: the table of the files under `paths` with the defaults (and a
/// roster, when given), as `tenken aggregate` computes it.
pub fn aggregate_paths(
    paths: &[PathBuf],
    catalogs: &Catalogs,
    roster: Option<&Path>,
) -> Result<Aggregate, String> {
    let lang = Lang::En;
    let found = find_files(paths, roster, lang)?;
    let roster = roster.map(|p| read_roster(p, lang)).transpose()?;
    let mut received = receive_all(&found.files, catalogs, None, None, lang);
    found.add_unread(&mut received);
    let decided = crate::aggregate::decide(received, &TableChoice::default())
        .map_err(|_| "no table".to_string())?;
    let catalog = catalogs.get(&decided.catalog_id).ok_or("unknown catalog")?;
    Ok(decided.tally(catalog, roster.as_deref()).0)
}

/// The error without its path (the table names the file): 「3:14: message」.
fn located(e: &store::StoreError, lang: Lang) -> String {
    match (e.line, e.col) {
        (Some(l), Some(c)) => format!("{l}:{c}: {}", e.message(lang)),
        (Some(l), None) => format!("{l}: {}", e.message(lang)),
        _ => e.message(lang),
    }
}

/// What one file gives the table: an answer sheet read as it is, a workbook or CSV table read
/// through the importer of `new --from` as answers (its time the one it gives, else the
/// file's), anything else not a sheet. The one step per file: independent of every other file.
fn receive(path: &Path, catalogs: &Catalogs, edition: Option<EditionArg>, lang: Lang) -> Received {
    let file = path.display().to_string();
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let (mut sheet, catalog, read_as, notes, unread) = if ext == "ron" {
        match store::load_sheet_to_count(path, catalogs) {
            Ok((sheet, catalog)) => (sheet, catalog, ReadAs::Sheet, Vec::new(), None),
            Err(_) if is_catalog(path) => return Received::Catalog,
            Err(e) => return Received::Unreadable(located(&e, lang)),
        }
    } else if crate::store::is_table(path) {
        match crate::xlsx::read::import(path, catalogs, edition.map(Edition::from), lang) {
            Ok(crate::xlsx::read::Imported {
                mut sheet,
                catalog,
                mut notes,
                updated_unread,
            }) => {
                if sheet.organization.trim().is_empty() {
                    // A plain table names no organisation: its file name does.
                    sheet.organization = path
                        .file_stem()
                        .map(|s| s.to_string_lossy().into_owned())
                        .unwrap_or_default();
                    let said = lang.pick(
                        "団体名がないため、ファイル名から取りました",
                        "no organization named; taken from the file name",
                    );
                    notes.push(format!("{said}: {}", sheet.organization));
                }
                let kind = if ext == "csv" {
                    ReadAs::Csv
                } else {
                    ReadAs::Workbook
                };
                (sheet, catalog, kind, notes, updated_unread)
            }
            // tenken's own table of a collection (or a diff), written into the folder it reads.
            Err(crate::xlsx::read::ImportError::Summary(_)) => return Received::OwnTable,
            // A cover letter sent as a workbook or CSV beside the answers.
            Err(crate::xlsx::read::ImportError::NoItems(_)) => return Received::NoItems,
            Err(e) => {
                let e = e.to_string();
                let e = e
                    .strip_prefix(&format!("{file}: "))
                    .map(str::to_string)
                    .unwrap_or(e);
                return Received::Unreadable(e);
            }
        }
    } else {
        return Received::NotASheet;
    };
    // A sheet says when it was last changed (tenken's workbook and CSV too); one that does not
    // (a table of another's making, a sheet never saved by tenken), or whose time is no time or
    // a day or more ahead of this machine's clock (a wrong clock where it was written: it
    // would win over every later file), is as new as its file, and says why.
    let ahead = crate::clock::now() + time::Duration::DAY;
    let why = match (sheet.updated, unread) {
        (Some(t), _) if t > ahead => Some(say!(
            lang,
            "更新日時 {} が未来の時刻のため",
            "its updated time {} is in the future",
            crate::ron::timestamp(t)
        )),
        (Some(_), _) => None,
        (None, Some(text)) => Some(say!(
            lang,
            "更新日時「{}」が日時として読めないため",
            "its updated time \"{}\" is not a date and time",
            sanitize_line(&text)
        )),
        (None, None) => Some(
            lang.pick("更新日時の記載がないため", "no updated time written in it")
                .to_string(),
        ),
    };
    let file_time = why.map(|why| {
        sheet.updated = std::fs::metadata(path)
            .and_then(|m| m.modified())
            .ok()
            .map(crate::clock::at);
        say!(
            lang,
            "{why}、同じ団体の他の提出とはファイルの更新時刻で比べました",
            "{why}: compared with the organization's other submissions by the file's modification time"
        )
    });
    let mut submission = submission(read_as, &sheet, catalog);
    submission.file_time = file_time;
    // The 受付一覧 names the file: its notes say where in it.
    submission.notes = notes
        .into_iter()
        .map(|n| match n.strip_prefix(file.as_str()) {
            Some(rest) => rest.trim_start_matches([':', ',', ' ']).to_string(),
            None => n,
        })
        .collect();
    Received::Submission(Box::new(submission))
}

/// Whether a `.ron` that is no sheet is a catalog: its value, after comments, blank space
/// and RON's `#![enable(…)]` lines, is `Catalog(…)`. Asked only of a file that failed as a
/// sheet, through the store's bounded reader (never a FIFO).
fn is_catalog(path: &Path) -> bool {
    let Ok(bytes) = store::read_limited(path, store::MAX_SHEET_BYTES) else {
        return false;
    };
    crate::ron::struct_name(&String::from_utf8_lossy(&bytes)) == Some("Catalog")
}

/// A sheet reduced to what the collection needs of it.
fn submission(read_as: ReadAs, sheet: &Sheet, catalog: &Catalog) -> Submission {
    let at = crate::score::answers_by_position(catalog, sheet);
    let drafts = catalog
        .items()
        .zip(&at)
        .filter(|(_, a)| a.is_some_and(|a| a.unconfirmed))
        .map(|((_, it), _)| it.id.clone())
        .collect();
    Submission {
        read_as,
        catalog_id: catalog.id.clone(),
        organization: Organization {
            name: sheet.organization.clone(),
            code: sheet.organization_code.clone(),
            prefecture: sheet.prefecture.clone(),
        },
        key: sheet.identity(),
        // A table that names no year (0) is taken as the collection's.
        fiscal_year: Some(sheet.fiscal_year).filter(|y| *y > 0),
        updated: sheet.updated,
        drafts,
        answered: sheet.answers.values().filter(|a| !a.unconfirmed).count(),
        contribution: Contribution::of_answers(catalog, sheet, &at),
        notes: Vec::new(),
        file_time: None,
    }
}

/// [`receive`] for every file, by `jobs` readers (default: one per core, at most 8): the
/// main thread and `jobs - 1` others, each file taken into the [`Intake`] as soon as it is
/// read (a lock held for the moment of adding it: no channel, no thread woken per file).
fn receive_all(
    files: &[PathBuf],
    catalogs: &Catalogs,
    edition: Option<EditionArg>,
    jobs: Option<usize>,
    lang: Lang,
) -> Intake {
    struct Taken {
        intake: Intake,
        arrived: Vec<bool>,
        done: usize,
    }
    let next = AtomicUsize::new(0);
    let workers = jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get().min(8)))
        .clamp(1, files.len().max(1));
    let progress = files.len() > PROGRESS_THRESHOLD && std::io::stderr().is_terminal();
    let taken = Mutex::new(Taken {
        intake: Intake::with_capacity(files.len()),
        arrived: vec![false; files.len()],
        done: 0,
    });
    // One reader: takes the next file until none is left. A file whose reading panics is not
    // added (it is said to be unreadable below); the reader goes on with the next.
    let read = |shown: Option<&mut std::time::Instant>| {
        let mut shown = shown;
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(path) = files.get(i) else { break };
            // Tables are read on the main thread, below: the importer's panic isolation
            // swaps the process's panic hook.
            if crate::store::is_table(path) {
                continue;
            }
            let got = std::panic::catch_unwind(AssertUnwindSafe(|| {
                receive(path, catalogs, edition, lang)
            }));
            let mut t = taken.lock().unwrap_or_else(PoisonError::into_inner);
            if let Ok(received) = got {
                t.arrived[i] = true;
                t.intake.add(i, path.display().to_string(), received);
            }
            t.done += 1;
            let done = t.done;
            drop(t);
            if let Some(shown) = shown.as_deref_mut()
                && shown.elapsed() >= Duration::from_millis(100)
            {
                eprint!("\rtenken: {done}/{}", files.len());
                *shown = std::time::Instant::now();
            }
        }
    };
    std::thread::scope(|s| {
        for _ in 1..workers {
            s.spawn(|| read(None));
        }
        let mut shown = std::time::Instant::now();
        read(progress.then_some(&mut shown));
    });
    if progress {
        eprint!("\r\x1b[K");
    }
    let Taken {
        mut intake,
        arrived,
        ..
    } = taken.into_inner().unwrap_or_else(PoisonError::into_inner);
    // Tables now; any other file whose reading failed is unreadable, not missing.
    for (i, f) in files.iter().enumerate().filter(|(i, _)| !arrived[*i]) {
        let received = if crate::store::is_table(f) {
            receive(f, catalogs, edition, lang)
        } else {
            Received::Unreadable(
                lang.pick(
                    "読み込みスレッドが異常終了しました",
                    "a reader thread failed",
                )
                .into(),
            )
        };
        intake.add(i, f.display().to_string(), received);
    }
    intake
}
