//! `tenken FILE`, `tenken open FILE` and `tenken demo`: lock the sheet, load it (or create it
//! with the start form), and run the interview.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::catalog::Catalogs;
use crate::lang::{Lang, say};
use crate::store::{self, LockError};
use crate::tui::ambiguous::AmbiguousWidth;
use crate::tui::app::{App, Options};
use crate::tui::form::Form;
use crate::tui::term::{Ending, Tty};
use crate::tui::theme::{self, Theme};

/// The bundled sample sheet of `tenken demo`.
pub const DEMO_SHEET: &str = include_str!("../../fixtures/demo-sheet.ron");

/// The sample sheet's previous year (令和7年度), shown beside it by `tenken demo`.
pub const DEMO_PREVIOUS_SHEET: &str = include_str!("../../fixtures/demo-sheet-r7.ron");

/// Display settings from the command line and the environment.
#[derive(Clone, Copy, Debug)]
pub(crate) struct DisplaySettings {
    pub(crate) lang: Lang,
    pub(crate) theme: Theme,
    /// The width of ambiguous characters when forced; `None`: ask the terminal.
    pub(crate) ambiguous: Option<AmbiguousWidth>,
}

impl DisplaySettings {
    /// `--ascii` or `TENKEN_ASCII=1` for ASCII; `NO_COLOR` for no colour;
    /// `--ambiguous-width` or `TENKEN_AMBIGUOUS_WIDTH` to skip asking the terminal (wide
    /// inside tmux or screen unless told).
    pub(crate) fn from_env(
        ascii: bool,
        ambiguous_width: Option<u8>,
        lang: Lang,
    ) -> DisplaySettings {
        DisplaySettings {
            lang,
            theme: Theme {
                ascii: ascii || theme::ascii_from_env(std::env::var_os("TENKEN_ASCII").as_deref()),
                color: theme::color_from_env(std::env::var_os("NO_COLOR").as_deref()),
                ..Theme::default()
            },
            ambiguous: AmbiguousWidth::forced(
                ambiguous_width,
                std::env::var_os(crate::tui::ambiguous::ENV).as_deref(),
                AmbiguousWidth::in_multiplexer(|name| std::env::var_os(name)),
            ),
        }
    }
}

/// `tenken open FILE [--previous LAST.ron]` (also the short form `tenken FILE`).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The answer sheet (RON).
    pub file: PathBuf,
    /// Show last year's sheet beside this one (read-only: never locked, never written).
    #[arg(long, value_name = "LAST.ron")]
    pub previous: Option<PathBuf>,
}

/// Why a sheet opens read-only.
enum ReadOnlyBecause {
    /// Another tenken edits it (who).
    Held(store::LockInfo),
    /// It cannot be saved here (why).
    CannotSave(String),
}

fn display_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// Opens (or creates) a sheet and runs the interview, with last year's sheet beside it when
/// `previous` is given (read before anything else, read-only: never locked or written).
pub(crate) fn run(
    path: &Path,
    previous: Option<&Path>,
    catalogs: &Catalogs,
    screen: DisplaySettings,
) -> Result<ExitCode, super::Failure> {
    let (ending, saved) = interview(path, previous, catalogs, screen)?;
    if let Some(Kept {
        file: at,
        wrote,
        read_only,
    }) = saved
    {
        // Said after the terminal is restored, so it stays on the screen: where the answers are
        // (a copy saved beside the sheet, after `b`), and whether this session wrote them.
        let shown = crate::safe_text::sanitize_line(&at.display().to_string()).into_owned();
        let said = match (wrote, read_only) {
            (true, _) => screen.lang.pick("保存しました:", "saved:"),
            (false, false) => screen.lang.pick("変更はありません:", "unchanged:"),
            (false, true) => screen.lang.pick(
                "読み取り専用で開いたため変更していません:",
                "opened read-only, left as it was:",
            ),
        };
        eprintln!("tenken: {said} {shown}");
        // The title said it while the interview ran; this is what stays on the terminal.
        if let Ok(sheet) = crate::store::load_sheet(&at)
            && let crate::seal::SealState::Changed(seal) = crate::seal::state(&sheet)
        {
            let warning = crate::seal::changed_warning(&seal, screen.lang);
            eprintln!("tenken: {shown}: {warning}");
        }
    }
    Ok(ending?)
}

/// Where the answers are at the end of a session, whether this session wrote them (created
/// the sheet, or saved a change or a copy beside it), and whether it could not (read-only).
struct Kept {
    file: PathBuf,
    wrote: bool,
    read_only: bool,
}

/// [`run`] without its last word: the exit code, and where the answers are when the session
/// ended with everything saved (or, read-only, nothing to save).
fn interview(
    path: &Path,
    previous: Option<&Path>,
    catalogs: &Catalogs,
    screen: DisplaySettings,
) -> Result<(Result<ExitCode, String>, Option<Kept>), String> {
    let lang = screen.lang;
    // A sheet to be made under a table's name is refused before anything else.
    if crate::store::is_table(path) && !path.exists() {
        return Err(store::StoreError::new(path, store::Why::TableName).render(lang));
    }
    // Before the lock file is made: without a terminal there is nothing to do.
    crate::tui::term::check_terminal(lang)?;
    let given_previous = previous;
    // The terminal is asked how it draws ambiguous characters first, and the files are read
    // while the reply travels (over SSH, a round trip): the first frame waits for the
    // slower of the two, not for both. A file that cannot be read ends the session before
    // any frame is drawn, and the terminal is restored before the error is printed.
    let mut tty = Tty::open(screen.ambiguous, screen.lang)?;
    let previous = match previous {
        Some(p) => Some(crate::tui::term::disk::read_previous(
            p, path, catalogs, lang,
        )?),
        None => None,
    };
    // The path is resolved once: from here on the sheet is the file in the directory opened.
    let mut file = store::SheetFile::open(path).map_err(|e| e.render(lang))?;
    // Load before the lock, so a bad file is reported plainly and never overwritten.
    // Loading first also lets the lock follow the file's identity (hard links).
    let existing = if file.exists() {
        let sheet = file.load().map_err(|e| e.render(lang))?;
        let catalog = store::resolve_catalog(&sheet, catalogs, path).map_err(|e| e.render(lang))?;
        Some((sheet, catalog))
    } else {
        None
    };
    // Saving must be possible from the start (a full disk where the small lock file still
    // fitted): else read-only with the reason, and no lock file left. That is known only
    // after waiting for the disk (`PendingLock::confirm`), which for a sheet that exists comes
    // after the first frame, before any key is read.
    let (mut pending, mut read_only) = match store::lock_file_pending(&mut file) {
        Ok(pending) => (Some(pending), None),
        Err(LockError::Held(info)) => (None, Some(ReadOnlyBecause::Held(info))),
        Err(LockError::Unusable(e)) => (None, Some(ReadOnlyBecause::CannotSave(e.message(lang)))),
    };
    let mut lock = None;
    if existing.is_none() {
        // A sheet to create: known before the start form.
        match pending.take().map(|p| p.confirm(&file, None)) {
            Some(Ok(taken)) => lock = Some(taken),
            Some(Err(e)) => read_only = Some(ReadOnlyBecause::CannotSave(e.message(lang))),
            None => {}
        }
        match &read_only {
            Some(ReadOnlyBecause::Held(h)) => {
                let h = h.describe(lang);
                return Err(say!(
                    lang,
                    "{}: 他の人が作成中です（{h}）",
                    "{}: being created by someone else ({h})",
                    path.display()
                ));
            }
            Some(ReadOnlyBecause::CannotSave(why)) => {
                return Err(say!(
                    lang,
                    "{}: ここには作成できません: {why}",
                    "{}: cannot be created here: {why}",
                    path.display()
                ));
            }
            None => {}
        }
    }
    let theme = screen.theme.on(tty.ambiguous());
    let mut previous = previous;
    let created = existing.is_none();
    let (sheet, catalog) = match existing {
        Some(found) => found,
        None => {
            let now = crate::clock::now();
            let mut form = Form::start(catalogs, now, screen.lang);
            // Last year's sheet fills the form and is offered to carry: the one given, else
            // the name of one beside the file, read when the form gets to it.
            match previous.take() {
                Some(p) => {
                    let shown = p.name.clone();
                    let given = given_previous.map_or(shown, |g| g.display().to_string());
                    form.use_previous(p, &given, catalogs);
                }
                None => {
                    let year =
                        crate::fiscal::FiscalYear::containing(now.year(), u8::from(now.month()));
                    if let Some(guess) = previous_beside(path, year) {
                        form.offer_previous(&guess);
                    }
                }
            }
            let Some((sheet, last)) = tty.start_form(form, catalogs, path, theme) else {
                drop(tty);
                let shown =
                    crate::safe_text::sanitize_line(&path.display().to_string()).into_owned();
                match screen.lang {
                    Lang::Ja => eprintln!("tenken: 取り消しました。{shown} は作成していません"),
                    Lang::En => eprintln!("tenken: cancelled; {shown} was not created"),
                }
                return Ok((Ok(ExitCode::FAILURE), None));
            };
            previous = last;
            // Create-only: a file that appeared while the form was open is not overwritten.
            if let Err(e) = file.create(&sheet) {
                drop(tty);
                return Err(e.render(lang));
            }
            let catalog =
                store::resolve_catalog(&sheet, catalogs, path).map_err(|e| e.render(lang))?;
            (sheet, catalog)
        }
    };
    let options = Options {
        lang: screen.lang,
        theme,
        advance: true,
    };
    let year = sheet.fiscal_year();
    let carried = sheet.answers.values().filter(|a| a.unconfirmed).count();
    let mut app = App::new(catalog, sheet, &display_name(path), options);
    app.today = Some(crate::clock::now().date());
    if carried > 0 && created {
        app.say_drafts_arrived(carried);
    }
    if let Some(prev) = previous {
        app = app.with_previous(prev);
    } else {
        app.previous_guess = previous_beside(path, year);
    }
    match read_only {
        Some(ReadOnlyBecause::Held(h)) => app = app.read_only_held(&h),
        Some(ReadOnlyBecause::CannotSave(why)) => app = app.read_only_cannot_save(why),
        None => {}
    }
    // What the status line says without the lock's notes below (a sheet that cannot be saved
    // here has neither).
    let unlocked_message = app.message.clone();
    let recovered = lock
        .as_ref()
        .and_then(|l| l.recovered())
        .or_else(|| pending.as_ref().and_then(|p| p.recovered()));
    if let Some(dead) = recovered {
        // The previous editor ended without releasing the sheet (a dropped connection, a
        // crash): say so, since its last keystrokes may be missing.
        let known = |s: &str| {
            if s.is_empty() {
                screen.lang.pick("不明", "unknown").to_string()
            } else {
                s.to_string()
            }
        };
        let (user, host) = (known(&dead.user), known(&dead.host));
        app.message = Some(
            screen
                .lang
                .pick(
                    &format!(
                        "前回の編集（{user}@{host}、プロセス {}）は異常終了。ロックを引き継ぎました",
                        dead.pid
                    ),
                    &format!(
                        "last session ({user}@{host}, pid {}) ended abnormally; lock taken over",
                        dead.pid
                    ),
                )
                .to_string(),
        );
    }
    if !app.read_only && file.names() > 1 {
        // A save writes a new file under this name (atomic, never torn); the file's other
        // names (hard links) keep the contents as they are now. Said before the first save.
        app.message = Some(crate::lang::say!(
            lang,
            "注意: このファイルには別の名前 (ハードリンク) が {} 個あります。保存するとこの名前だけが新しい内容になり、ほかの名前は今の内容のままです",
            "note: this file has {} other names (hard links); saving gives only this name the new contents, the others keep the present ones",
            file.names() - 1
        ));
    }
    if let Some(pending) = pending {
        // The disk is waited for (an fsync or two: milliseconds on a busy disk) with the first
        // frame on the screen; no key is read before, so nothing typed is saved before.
        tty.show(&app);
        match pending.confirm(&file, Some(&app.sheet)) {
            Ok(taken) => lock = Some(taken),
            Err(e) => {
                app = app.read_only_cannot_save(e.message(lang));
                app.message = unlocked_message;
                tty.show(&app);
            }
        }
    }
    let editable = !app.read_only;
    let (ending, last) = tty.interview(app, file, lock, catalogs);
    let hang_up_status = tty.hang_up_status();
    drop(tty);
    let saved = match ending {
        Ending::Saved { wrote } => Some(Kept {
            file: last.clone(),
            wrote: editable && (wrote || created),
            read_only: !editable,
        }),
        _ => None,
    };
    let code = match ending {
        Ending::Saved { .. } => Ok(ExitCode::SUCCESS),
        // Not "the file is as last saved": after a change on disk it holds someone else's.
        Ending::Discarded => {
            let shown = crate::safe_text::sanitize_line(&last.display().to_string()).into_owned();
            match screen.lang {
                Lang::Ja => eprintln!(
                    "tenken: 最後の変更を保存せずに終了しました ({shown} には書き込んでいません)"
                ),
                Lang::En => eprintln!(
                    "tenken: quit without saving the last changes (they were not written to {shown})"
                ),
            }
            Ok(ExitCode::FAILURE)
        }
        Ending::Hangup(Ok(())) => Ok(ExitCode::from(hang_up_status)),
        Ending::Hangup(Err(e)) => Err(format!(
            "{}: {e}",
            screen.lang.pick(
                "シグナルで終了し、最後の保存に失敗しました",
                "ended by a signal and the final save failed"
            )
        )),
    };
    Ok((code, saved))
}

/// Copies the sample sheet and its previous year into a new temporary directory, opens them
/// side by side (or beside `previous`, when given), and removes the directory at the end.
pub(crate) fn demo(
    previous: Option<&Path>,
    catalogs: &Catalogs,
    screen: DisplaySettings,
) -> Result<ExitCode, super::Failure> {
    let lang = screen.lang;
    crate::tui::term::check_terminal(lang)?;
    let dir = demo_dir(lang)?;
    let io = |p: &Path, e: std::io::Error| {
        format!("{}: {}", p.display(), crate::store::io_reason(&e, lang))
    };
    let path = dir.join("demo.ron");
    std::fs::write(&path, DEMO_SHEET).map_err(|e| io(&path, e))?;
    let last = dir.join("demo-r7.ron");
    std::fs::write(&last, DEMO_PREVIOUS_SHEET).map_err(|e| io(&last, e))?;
    let ending = interview(&path, Some(previous.unwrap_or(&last)), catalogs, screen);
    // The demo's sheets are samples: the directory goes with the session.
    let removed = std::fs::remove_dir_all(&dir);
    let (code, _) = ending?;
    if removed.is_ok() {
        eprintln!(
            "tenken: {}",
            lang.pick(
                "デモを終了しました (デモのシートは削除しました)",
                "demo ended (its sample sheets were removed)"
            )
        );
    }
    Ok(code?)
}

/// A directory of its own for the demo's sheets, in the temporary directory. When it cannot
/// be made, the error says where that directory came from (`TMPDIR`, else the default): the
/// person who typed `tenken demo` gave no path.
fn demo_dir(lang: Lang) -> Result<PathBuf, String> {
    let base = std::env::temp_dir();
    let whence = || match std::env::var_os("TMPDIR").filter(|v| !v.is_empty()) {
        Some(_) => crate::lang::say!(
            lang,
            "デモのシートを置く一時ディレクトリは環境変数 TMPDIR の {}",
            "the temporary directory for the demo's sheets is TMPDIR's {}",
            base.display()
        ),
        None => crate::lang::say!(
            lang,
            "デモのシートを置く一時ディレクトリは {} (TMPDIR で変えられます)",
            "the temporary directory for the demo's sheets is {} (TMPDIR changes it)",
            base.display()
        ),
    };
    for n in 0..100 {
        let dir = base.join(format!("tenken-demo-{}-{n}", std::process::id()));
        match std::fs::create_dir(&dir) {
            Ok(()) => return Ok(dir),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => {
                return Err(format!(
                    "{}: {} ({})",
                    dir.display(),
                    crate::store::io_reason(&e, lang),
                    whence()
                ));
            }
        }
    }
    Err(format!(
        "{}: {} ({})",
        base.display(),
        lang.pick(
            "デモ用のディレクトリを作れません",
            "cannot create a demo directory"
        ),
        whence()
    ))
}

/// Last year's sheet beside `path`, for the `V` prompt: see [`guess_previous`]. Only names
/// are read (the directory's listing, at most a few thousand entries).
fn previous_beside(path: &Path, year: crate::fiscal::FiscalYear) -> Option<String> {
    let parent = path.parent().filter(|d| !d.as_os_str().is_empty());
    let dir = parent.unwrap_or(Path::new("."));
    let own = path.file_name()?.to_str()?;
    let names: Vec<String> = std::fs::read_dir(dir)
        .ok()?
        .take(5000)
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n != own)
        .collect();
    let name = guess_previous(&names, year)?;
    Some(match parent {
        Some(d) => d.join(name).to_string_lossy().into_owned(),
        None => name.to_string(),
    })
}

/// Among the names of the files beside a sheet of `year`, the one that looks like last
/// year's sheet: a `.ron` whose name carries last year (`2025`, `R7`, `r7`, `令和7`), or the
/// only other `.ron` there. `None` when no name says so and there are several.
pub(crate) fn guess_previous(names: &[String], year: crate::fiscal::FiscalYear) -> Option<&str> {
    let last = crate::fiscal::FiscalYear(year.0 - 1);
    let marks = [
        last.0.to_string(),
        last.short(),
        last.short().to_lowercase(),
        last.wareki().trim_end_matches("年度").to_string(),
    ];
    let sheets: Vec<&str> = names
        .iter()
        .map(String::as_str)
        .filter(|n| n.ends_with(".ron") && !n.starts_with('.'))
        .collect();
    let mut named: Vec<&str> = sheets
        .iter()
        .copied()
        .filter(|n| {
            marks.iter().any(|m| {
                n.match_indices(m.as_str()).any(|(i, _)| {
                    // Not a longer number: R7 is not R71, 2025 not 20250.
                    !n[i + m.len()..].starts_with(|c: char| c.is_ascii_digit())
                })
            })
        })
        .collect();
    named.sort();
    match (named.first(), sheets.as_slice()) {
        (Some(n), _) => Some(n),
        (None, [only]) => Some(only),
        _ => None,
    }
}

#[cfg(test)]
mod previous_tests {
    use super::guess_previous;
    use crate::fiscal::FiscalYear;

    #[test]
    fn last_years_sheet_is_found_by_its_name_or_as_the_only_other_sheet() {
        let names = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let r8 = FiscalYear(2026);
        assert_eq!(
            guess_previous(&names(&["r7.ron", "r6.ron"]), r8),
            Some("r7.ron")
        );
        assert_eq!(
            guess_previous(&names(&["2025.ron", "2024.ron"]), r8),
            Some("2025.ron")
        );
        assert_eq!(
            guess_previous(&names(&["令和7年度.ron", "x.ron"]), r8),
            Some("令和7年度.ron")
        );
        assert_eq!(guess_previous(&names(&["R71.ron", "a.ron"]), r8), None);
        assert_eq!(
            guess_previous(&names(&["last.ron", "notes.txt"]), r8),
            Some("last.ron")
        );
        assert_eq!(guess_previous(&names(&["a.ron", "b.ron"]), r8), None);
        assert_eq!(
            guess_previous(&names(&[".r7.ron.tmp", "r7.xlsx"]), r8),
            None
        );
    }
}
