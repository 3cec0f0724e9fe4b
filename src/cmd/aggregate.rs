//! `tenken aggregate PATH…`: many organisations' sheets into the national table.
//!
//! Files are read in parallel by a few worker threads, each keeping only its own running
//! aggregate, so memory stays flat however many sheets there are. Nothing is written next to
//! the inputs: output goes to stdout or to `-o OUT`.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use crate::aggregate::{Aggregate, NationalTable, PreviousAggregate};
use crate::catalog::{Catalog, Catalogs};
use crate::lang::Lang;
use crate::output::{Format, Options};
use crate::sheet::Sheet;
use crate::store;

/// Above this many files, progress is shown on stderr when it is a terminal.
const PROGRESS_THRESHOLD: usize = 200;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Sheet files, or directories searched recursively for *.ron
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// An earlier run's JSON output: adds the previous average and the change per item.
    #[arg(long, value_name = "FILE")]
    pub previous_aggregate: Option<PathBuf>,
    /// Default: what -o's extension names (.xlsx, .csv, .json, .md, .txt), else text.
    #[arg(long, value_enum)]
    pub format: Option<Format>,
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

pub fn run(args: Args, catalogs: &Catalogs, lang: Lang) -> Result<ExitCode, String> {
    let format = Format::choose(args.format, args.output.as_deref(), lang)?;
    let files = collect_files_in(&args.paths, lang)?;
    if files.is_empty() {
        return Err(lang
            .pick(
                "指定したパスに回答ファイル (*.ron) がありません",
                "no answer sheets (*.ron) found in the given paths",
            )
            .into());
    }
    let previous = match &args.previous_aggregate {
        Some(p) => {
            let bytes = crate::store::read_limited(p, crate::store::MAX_SHEET_BYTES)
                .map_err(|e| e.render(lang))?;
            let src = String::from_utf8(bytes).map_err(|_| {
                format!(
                    "{}: {}",
                    p.display(),
                    lang.pick("UTF-8 のテキストではありません", "not UTF-8 text")
                )
            })?;
            Some(PreviousAggregate::from_json(
                &src,
                &p.display().to_string(),
                lang,
            )?)
        }
        None => None,
    };
    if format == Format::Xlsx {
        super::needs_output_file(args.output.as_deref(), lang)?;
    }
    let outcome = read_all_in(&files, catalogs, args.strict, lang)?;
    let Some((catalog, mut agg)) = outcome.aggregate else {
        for (file, err) in &outcome.skipped {
            eprintln!(
                "tenken: {}: {}",
                crate::safe_text::sanitize_line(file),
                crate::safe_text::sanitize_line(&err.to_string())
            );
        }
        return Err(match lang {
            Lang::Ja => format!("{} 個のファイルのどれも使えませんでした", files.len()),
            Lang::En => format!("none of the {} files could be used", files.len()),
        });
    };
    agg.finish();
    if agg.fiscal_years.len() > 1 {
        let years: Vec<String> = agg
            .fiscal_years
            .iter()
            .map(|(y, n)| format!("{} ({n})", crate::fiscal::FiscalYear(*y).display(lang)))
            .collect();
        eprintln!(
            "tenken: {}: {}",
            lang.pick(
                "警告: 複数の年度のシートが混在しています",
                "warning: sheets of more than one fiscal year"
            ),
            years.join(", ")
        );
    }
    for d in agg.duplicates() {
        eprintln!(
            "tenken: {}: {} {} - {}",
            lang.pick(
                "警告: 同じ団体・年度のシートが複数あります",
                "warning: one organisation counted more than once"
            ),
            crate::safe_text::sanitize_line(&d.organization),
            crate::fiscal::FiscalYear(d.fiscal_year).display(lang),
            crate::safe_text::sanitize_line(&d.files.join(", "))
        );
    }
    // Whether each signed sheet is still the one approved (unsigned sheets: nothing to say).
    for (file, seal) in &agg.seals {
        let said = match seal {
            crate::seal::SealState::Matches(s) => format!(
                "{} {s} {}",
                crate::seal::label(lang),
                lang.pick("(確認時の内容と一致)", "(matches its sign-off)")
            ),
            crate::seal::SealState::Changed(s) => format!(
                "{} ({} {s})",
                lang.pick(
                    "警告: 確認後に変更されています",
                    "warning: changed since it was signed off"
                ),
                lang.pick("照合番号", "seal"),
            ),
            crate::seal::SealState::Unsealed => continue,
        };
        eprintln!("tenken: {}: {said}", crate::safe_text::sanitize_line(file));
    }
    let mut skipped = outcome.skipped;
    skipped.sort();
    for (file, err) in &skipped {
        eprintln!(
            "tenken: {}: {}",
            crate::safe_text::sanitize_line(file),
            crate::safe_text::sanitize_line(&err.to_string())
        );
    }
    if format == Format::Xlsx {
        // The one text of a sheet the national table shows: who is to be followed up.
        for f in agg
            .follow_ups
            .iter()
            .filter(|f| crate::xlsx::too_long(&f.organization))
        {
            let field = crate::xlsx::ORGANIZATION;
            let said =
                crate::xlsx::cut_notice(&f.source, None, field, &f.organization, false, lang);
            eprintln!("{said}");
        }
    }
    let table = NationalTable {
        catalog,
        agg: &agg,
        previous: previous.as_ref(),
        skipped: &skipped,
    };
    let bytes = crate::output::render(
        &table,
        Options {
            format,
            lang,
            bom: !args.no_bom,
        },
    )?;
    let inputs: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    super::write_output(&bytes, args.output.as_deref(), &inputs, lang)?;
    eprintln!(
        "tenken: {} {} / {} {}{}",
        agg.organizations,
        lang.pick("団体を集計", "sheets aggregated"),
        files.len(),
        lang.pick("ファイル", "files"),
        if skipped.is_empty() {
            String::new()
        } else {
            format!(
                "; {} {}",
                skipped.len(),
                lang.pick("件は読めずに除外", "skipped (see the table)")
            )
        }
    );
    Ok(ExitCode::SUCCESS)
}

/// Sheet files named directly, and `*.ron` files found recursively in directories, sorted.
pub fn collect_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    collect_files_in(paths, Lang::En)
}

/// [`collect_files`], errors worded in `lang`.
fn collect_files_in(paths: &[PathBuf], lang: Lang) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    for p in paths {
        let meta = std::fs::metadata(p).map_err(|e| located_io(p, &e, lang))?;
        if meta.is_dir() {
            walk(p, &mut out, lang)?;
        } else {
            out.push(p.clone());
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

fn located_io(path: &Path, e: &std::io::Error, lang: Lang) -> String {
    format!("{}: {}", path.display(), crate::store::io_reason(e, lang))
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>, lang: Lang) -> Result<(), String> {
    let entries = std::fs::read_dir(dir).map_err(|e| located_io(dir, &e, lang))?;
    for entry in entries {
        let entry = entry.map_err(|e| located_io(dir, &e, lang))?;
        let path = entry.path();
        let kind = entry.file_type().map_err(|e| located_io(&path, &e, lang))?;
        if kind.is_dir() {
            walk(&path, out, lang)?;
        } else if path.extension().is_some_and(|e| e == "ron")
            && !path
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        {
            // Hidden files are tenken's own lock and temporary files.
            out.push(path);
        }
    }
    Ok(())
}

/// What reading a set of files produced.
pub struct Outcome<'c> {
    /// The table's catalog and the aggregate, unless no file could be used.
    pub aggregate: Option<(&'c Catalog, Aggregate)>,
    /// Files skipped: (path, error).
    pub skipped: Vec<(String, String)>,
}

fn read_sheet<'c>(
    path: &Path,
    catalogs: &'c Catalogs,
    lang: Lang,
) -> Result<(Sheet, &'c Catalog), String> {
    store::load_sheet_and_catalog(path, catalogs).map_err(|e| located(&e, lang))
}

/// The error without its path (the table names the file): 「3:14: message」.
fn located(e: &store::StoreError, lang: Lang) -> String {
    match (e.line, e.col) {
        (Some(l), Some(c)) => format!("{l}:{c}: {}", e.message(lang)),
        (Some(l), None) => format!("{l}: {}", e.message(lang)),
        _ => e.message(lang),
    }
}

/// [`read_all_in`] with reasons in English.
pub fn read_all<'c>(
    files: &[PathBuf],
    catalogs: &'c Catalogs,
    strict: bool,
) -> Result<Outcome<'c>, String> {
    read_all_in(files, catalogs, strict, Lang::En)
}

/// Reads every file in parallel; the first usable file (in sorted order) fixes the catalog.
/// With `strict`, any unreadable file is fatal; a sheet of another catalog always is.
pub(crate) fn read_all_in<'c>(
    files: &[PathBuf],
    catalogs: &'c Catalogs,
    strict: bool,
    lang: Lang,
) -> Result<Outcome<'c>, String> {
    let mut skipped = Vec::new();
    // The catalog of the first readable sheet is the table's catalog.
    let mut first = None;
    for (i, path) in files.iter().enumerate() {
        match read_sheet(path, catalogs, lang) {
            Ok((sheet, catalog)) => {
                first = Some((i, sheet, catalog));
                break;
            }
            Err(e) if strict => return Err(format!("{}: {e}", path.display())),
            Err(e) => skipped.push((path.display().to_string(), e)),
        }
    }
    let Some((start, sheet, catalog)) = first else {
        return Ok(Outcome {
            aggregate: None,
            skipped,
        });
    };
    let mut total = Aggregate::new(catalog);
    total
        .add(catalog, &sheet, &files[start].display().to_string())
        .map_err(|m| {
            format!(
                "{}: {} {} ({} {})",
                files[start].display(),
                lang.pick("カタログ", "catalog"),
                m.found,
                lang.pick("期待したのは", "expected"),
                m.expected
            )
        })?;
    drop(sheet);
    let rest = &files[start + 1..];
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let failure: Mutex<Option<String>> = Mutex::new(None);
    let workers = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .clamp(1, 8)
        .min(rest.len().max(1));
    let progress = files.len() > PROGRESS_THRESHOLD && std::io::stderr().is_terminal();
    let partials: Vec<(Aggregate, Vec<(String, String)>)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                s.spawn(|| {
                    let mut agg = Aggregate::new(catalog);
                    let mut bad = Vec::new();
                    loop {
                        if failure.lock().map_or(true, |f| f.is_some()) {
                            break;
                        }
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(path) = rest.get(i) else { break };
                        let name = path.display().to_string();
                        // A file that cannot be read is skipped (fatal with --strict); a
                        // sheet of another catalog is always fatal: the table would be wrong.
                        let fatal = match read_sheet(path, catalogs, lang) {
                            Ok((sheet, _)) => agg.add(catalog, &sheet, &name).err().map(|m| {
                                match lang {
                                    Lang::Ja => format!(
                                        "カタログ {} のシートですが、集計表は {} のものです ({} から)。すべてのシートが同じカタログでなければなりません",
                                        m.found,
                                        m.expected,
                                        files[start].display()
                                    ),
                                    Lang::En => format!(
                                        "uses catalog {}, but the table is for {} (from {}); all sheets must use the same catalog",
                                        m.found,
                                        m.expected,
                                        files[start].display()
                                    ),
                                }
                            }),
                            Err(e) if strict => Some(e),
                            Err(e) => {
                                bad.push((name.clone(), e));
                                None
                            }
                        };
                        if let Some(e) = fatal {
                            if let Ok(mut f) = failure.lock() {
                                f.get_or_insert(format!("{name}: {e}"));
                            }
                            break;
                        }
                        done.fetch_add(1, Ordering::Relaxed);
                    }
                    (agg, bad)
                })
            })
            .collect();
        if progress {
            while handles.iter().any(|h| !h.is_finished()) {
                eprint!(
                    "\rtenken: {}/{}",
                    done.load(Ordering::Relaxed) + start + 1,
                    files.len()
                );
                std::thread::sleep(Duration::from_millis(100));
            }
            eprint!("\r\x1b[K");
        }
        handles
            .into_iter()
            .map(|h| {
                h.join().map_err(|_| {
                    lang.pick(
                        "読み込みスレッドが異常終了しました",
                        "a reader thread failed",
                    )
                    .to_string()
                })
            })
            .collect::<Result<Vec<_>, String>>()
    })?;
    if let Some(e) = failure.into_inner().ok().flatten() {
        return Err(e);
    }
    for (agg, bad) in partials {
        total.merge(agg);
        skipped.extend(bad);
    }
    Ok(Outcome {
        aggregate: Some((catalog, total)),
        skipped,
    })
}
