//! `tenken diff LAST.ron THIS.ron`: what changed since last year. Both sheets are only read.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::catalog::Catalogs;
use crate::diff::{Mismatch, diff};
use crate::lang::{Lang, say};
use crate::output::{Format, OutputOptions};
use crate::safe_text::sanitize_line;
use crate::sheet::Sheet;
use crate::store;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Last year's sheet
    pub(crate) old: PathBuf,
    /// This year's sheet
    pub(crate) new: PathBuf,
    #[command(flatten)]
    pub(crate) out: super::OutputArgs,
}

pub(crate) fn run(args: Args, catalogs: &Catalogs, lang: Lang) -> Result<ExitCode, super::Failure> {
    let output = args.out.to.output.as_deref();
    let (old, new, format, bom) = (
        args.old.as_path(),
        args.new.as_path(),
        args.out.to.format(lang)?,
        !args.out.no_bom,
    );
    let (old_sheet, old_cat) =
        store::load_sheet_and_catalog(old, catalogs).map_err(|e| e.render(lang))?;
    let (new_sheet, new_cat) =
        store::load_sheet_and_catalog(new, catalogs).map_err(|e| e.render(lang))?;
    // The same file twice (a slip of the hand, or a link to it): said so, not as a year that
    // is not the one before.
    let same = store::same_file(old, new);
    if same {
        eprintln!(
            "tenken: {}",
            say!(
                lang,
                "警告: 比較元と比較先は同じファイルです ({})。前年度の回答ファイルを先に指定してください",
                "warning: last year's and this year's sheet are the same file ({}); give last year's first",
                sanitize_line(&new.display().to_string())
            )
        );
    }
    for w in pairing_warnings(&old_sheet, &new_sheet, lang)
        .into_iter()
        .filter(|_| !same)
    {
        eprintln!("tenken: {w}");
    }
    let d = diff(old_cat, &old_sheet, new_cat, &new_sheet, lang);
    if format == Format::Xlsx {
        // What the diff shows of the sheets' own texts, where it shows them cut: the 団体名
        // in its titles, the plans that moved.
        let shown = [old, new].map(|p| p.display().to_string());
        for said in crate::diff::cut_notices(&d, (&shown[0], &shown[1]), lang) {
            eprintln!("{said}");
        }
    }
    let opts = OutputOptions { format, lang, bom };
    super::write_output(&d, opts, output, &[old, new], lang)?;
    Ok(ExitCode::SUCCESS)
}

/// Why `last` may not be `this` sheet's last year ([`crate::diff::pairing`]): a fiscal year
/// other than the one before, or another organisation. The comparison is still made; the
/// reader is told.
fn pairing_warnings(last: &Sheet, this: &Sheet, lang: Lang) -> Vec<String> {
    crate::diff::pairing(last, this)
        .into_iter()
        .map(|m| match m {
            Mismatch::Year { last, this } => say!(
                lang,
                "警告: 比較元は{}、比較先は{}で、比較元が前年度ではありません (引数の順は 前年度 今年度)",
                "warning: last year's sheet is for {} and this year's for {}: not the year before (the order is LAST THIS)",
                last.display(lang),
                this.display(lang)
            ),
            Mismatch::Organization { last, this } => say!(
                lang,
                "警告: 団体名が異なります ({} と {})",
                "warning: the sheets are of different organizations ({} and {})",
                sanitize_line(&last),
                sanitize_line(&this)
            ),
        })
        .collect()
}
