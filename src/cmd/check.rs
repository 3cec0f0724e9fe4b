//! `tenken check FILE`: print the findings on a sheet. Exit status 0 ok, 1 findings, 2 the
//! file is unusable.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::catalog::Catalogs;
use crate::check::findings;
use crate::lang::Lang;
use crate::safe_text::{sanitize_line, sanitize_multiline};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The answer file to check
    pub file: PathBuf,
}

pub(crate) fn run(args: Args, catalogs: &Catalogs, lang: Lang) -> Result<ExitCode, super::Failure> {
    let file = args.file;
    let (sheet, catalog) = match crate::store::load_sheet_and_catalog(&file, catalogs) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("tenken: {}", sanitize_multiline(&e.render(lang)));
            return Ok(ExitCode::from(2));
        }
    };
    let findings = findings(catalog, &sheet);
    let mut out = String::new();
    for f in &findings {
        out.push_str(&format!(
            "{}: {}\n",
            file.display(),
            sanitize_line(&f.message(lang))
        ));
    }
    if let crate::seal::SealState::Matches(seal) = crate::seal::state(&sheet) {
        out.push_str(&format!(
            "{}: {} {seal} {}\n",
            file.display(),
            crate::seal::label(lang),
            lang.pick("(確認時の内容と一致)", "(matches its sign-off)")
        ));
    }
    let overall = crate::score::score_sheet(catalog, &sheet).overall;
    out.push_str(&format!(
        "{}: {} - {} {}/{}\n",
        file.display(),
        if findings.is_empty() {
            lang.pick("問題なし", "ok").to_string()
        } else {
            match lang {
                Lang::Ja => format!("{} 件の指摘", findings.len()),
                Lang::En => crate::lang::count(findings.len(), "finding"),
            }
        },
        lang.pick("回答済み", "answered"),
        overall.answered,
        overall.applicable,
    ));
    super::emit(out.as_bytes(), lang)?;
    Ok(if findings.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
