//! `tenken sign FILE --inspector NAME --approver NAME [--date DATE]`: records the sign-off
//! and seals it — the sheet keeps the fingerprint of the header and answers as approved
//! (`crate::seal`), which every report then prints as its 照合番号. Saved like the interview
//! saves: under the sheet's lock, atomically, and only over the file that was read.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::catalog::Catalogs;
use crate::lang::Lang;
use crate::safe_text::sanitize_line;
use crate::store::{SheetFile, lock_file};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The answer sheet to sign, e.g. 2026.ron
    pub file: PathBuf,
    /// 点検実施者: who carried out the inspection
    #[arg(long, value_name = "NAME")]
    pub(crate) inspector: String,
    /// 確認者: who approved the result
    #[arg(long, value_name = "NAME")]
    pub(crate) approver: String,
    /// 点検日: 2027-02-10, 令和9年2月10日, R9.2.10 … (default: today)
    #[arg(long, value_name = "DATE")]
    pub(crate) date: Option<String>,
}

pub(crate) fn run(args: Args, catalogs: &Catalogs, lang: Lang) -> Result<ExitCode, super::Failure> {
    let Args {
        file,
        inspector,
        approver,
        date,
    } = args;
    let (inspector, approver) = (inspector.trim(), approver.trim());
    // A sign-off names both: the report prints them beside the seal.
    for (name, ja, en) in [
        (
            inspector,
            "--inspector (点検実施者) が空です",
            "--inspector is empty",
        ),
        (
            approver,
            "--approver (確認者) が空です",
            "--approver is empty",
        ),
    ] {
        if name.is_empty() {
            return Err(super::Failure::Usage(lang.pick(ja, en).into()));
        }
    }
    let today = crate::clock::now().date();
    let date = match date {
        None => crate::date::iso(today),
        Some(typed) => match crate::date::parse_date(&typed) {
            Some(d) => {
                // Signed as given (a meeting already set), but a mistyped year is said.
                if d > today {
                    eprintln!(
                        "tenken: {}",
                        crate::lang::say!(
                            lang,
                            "警告: 点検日 {} は今日 ({}) より後の日付です。そのまま記録します",
                            "warning: the inspection date {} is after today ({}); recorded as given",
                            crate::date::for_text(d, lang),
                            crate::date::iso(today)
                        )
                    );
                }
                crate::date::iso(d)
            }
            None => {
                return Err(super::Failure::Usage(format!(
                    "--date {}: {}",
                    sanitize_line(&typed),
                    lang.pick(
                        "日付として読めません (2027-02-10、令和9年2月10日、R9.2.10 の形で)",
                        "not a date (write 2027-02-10, 令和9年2月10日 or R9.2.10)"
                    )
                )));
            }
        },
    };
    let mut sheet_file = SheetFile::open(&file).map_err(|e| e.render(lang))?;
    let _lock = lock_file(&mut sheet_file).map_err(|e| e.render(lang))?;
    let mut sheet = sheet_file.load().map_err(|e| e.render(lang))?;
    // Signed as asked, but a sign-off of an inspection not gone through is said (counted on
    // the sheet's catalog; the seal itself needs none, so a catalog not known here is no bar,
    // and the count left out is said).
    match crate::store::resolve_catalog(&sheet, catalogs, &file) {
        Err(_) => {
            let (id, revision) = (
                sanitize_line(&sheet.catalog.id),
                sanitize_line(&sheet.catalog.revision),
            );
            eprintln!(
                "tenken: {}",
                crate::lang::say!(
                    lang,
                    "警告: 点検票 {id} {revision} がないため、未回答の項目は数えていません (--catalog FILE で点検票を渡せます)。このまま確認を記録します",
                    "warning: the catalog {id} {revision} is not here, so unanswered items are not counted (give it with --catalog FILE); signed off as it is"
                )
            );
        }
        Ok(catalog) => {
            // The applicable items only: a draft on an item the profile excludes is none of them.
            let score = crate::score::score_sheet(catalog, &sheet);
            let o = &score.overall;
            let (answered, of, not, drafts) =
                (o.answered, o.applicable, o.unanswered, score.unconfirmed);
            if not > 0 {
                let them = if drafts == 1 { "a draft" } else { "drafts" };
                eprintln!(
                    "tenken: {}",
                    crate::lang::say!(
                        lang,
                        "警告: 回答済みは {of} 項目中 {answered} 項目です (未回答 {not}、うち下書き {drafts})。このまま確認を記録します",
                        "warning: {answered} of {of} items answered ({not} not, {drafts} of them {them}); signed off as it is"
                    )
                );
            }
        }
    }
    sheet.inspector = inspector.to_string();
    sheet.approver = approver.to_string();
    sheet.inspected_on = date;
    let before = std::mem::take(&mut sheet.seal);
    crate::seal::sign(&mut sheet);
    // A sign-off redone: the number on the reports of the earlier one matches nothing now.
    if !before.is_empty() && !before.eq_ignore_ascii_case(&sheet.seal) {
        let (old, new) = (crate::seal::short(&before), crate::seal::short(&sheet.seal));
        eprintln!(
            "tenken: {}: {}",
            sanitize_line(&file.display().to_string()),
            crate::lang::say!(
                lang,
                "照合番号 {old} を {new} に置き換えました (以前の確認の報告書の照合番号とは一致しません)",
                "seal {old} replaced by {new} (the reports of the earlier sign-off no longer match)"
            )
        );
    }
    sheet_file
        .save(&sheet)
        .map_err(|e| e.store_error().render(lang))?;
    let out = format!(
        "{}: {} {}\n",
        file.display(),
        crate::seal::label(lang),
        crate::seal::short(&sheet.seal)
    );
    super::emit(out.as_bytes(), lang)?;
    Ok(ExitCode::SUCCESS)
}
