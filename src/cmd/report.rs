//! `tenken report FILE`: one sheet's scores, warnings and improvement plans.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::catalog::Catalogs;
use crate::report::{self, Format, SheetReport};
use crate::text::Lang;

#[derive(Debug, clap::Args)]
pub struct Args {
    pub file: PathBuf,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Write to this file instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// CSV: leave out the byte-order mark (Excel needs it to read UTF-8).
    #[arg(long)]
    pub no_bom: bool,
}

pub fn run(args: Args, catalogs: &Catalogs, lang: Lang) -> Result<ExitCode, String> {
    let Args {
        file,
        format,
        output,
        no_bom,
    } = args;
    let (sheet, catalog) = super::load_with_catalog(&file, catalogs).map_err(|e| e.to_string())?;
    let bytes = SheetReport::build(catalog, &sheet).render(report::Options {
        format,
        lang,
        bom: !no_bom,
    })?;
    super::write_output(&bytes, output.as_deref(), &[&file])?;
    Ok(ExitCode::SUCCESS)
}
