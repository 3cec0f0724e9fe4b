//! `tenken report FILE`: one sheet's scores, warnings and improvement plans.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::catalog::Catalogs;
use crate::lang::{Lang, say};
use crate::output::{Format, OutputOptions};
use crate::report::{LastYearSheet, SheetReport};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The answer file to report on
    pub file: PathBuf,
    #[command(flatten)]
    pub(crate) out: super::OutputArgs,
    /// xlsx: last year's sheet, drawn in the chart beside this year's (only read).
    #[arg(long, value_name = "LAST.ron")]
    pub previous: Option<PathBuf>,
    /// xlsx: draw the national averages (平成19年度) in the chart, or not (default: only for a
    /// 平成 sheet)
    #[arg(long, value_enum)]
    pub(crate) benchmark: Option<Yardstick>,
}

/// `report --benchmark`: the chart's yardstick beside the sheet (and last year's, with
/// --previous).
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Yardstick {
    /// The catalog's national averages (平成19年度)
    National,
    /// None
    None,
}

pub(crate) fn run(args: Args, catalogs: &Catalogs, lang: Lang) -> Result<ExitCode, super::Failure> {
    let Args {
        file,
        out: super::OutputArgs { to, no_bom },
        previous,
        benchmark,
    } = args;
    let format = to.format(lang)?;
    let output = to.output;
    // Options of the workbook's chart: refused with any other format (a usage error).
    let chart_only = [
        (
            previous.is_some(),
            "--previous は前年をワークブックのグラフに描くものです",
            "--previous draws last year in the workbook's chart",
        ),
        (
            benchmark.is_some(),
            "--benchmark はワークブックのグラフに全国平均を描くかを決めるものです",
            "--benchmark decides whether the workbook's chart draws the national averages",
        ),
    ];
    if format != Format::Xlsx
        && let Some((_, ja, en)) = chart_only.iter().find(|(given, ..)| *given)
    {
        return Err(super::Failure::Usage(say!(
            lang,
            "{ja}: --format xlsx と一緒に使ってください",
            "{en}: use it with --format xlsx"
        )));
    }
    let (sheet, catalog) =
        crate::store::load_sheet_and_catalog(&file, catalogs).map_err(|e| e.render(lang))?;
    let last = match &previous {
        Some(p) => {
            Some(crate::store::load_sheet_and_catalog(p, catalogs).map_err(|e| e.render(lang))?)
        }
        None => None,
    };
    let mut report = SheetReport::build(catalog, &sheet).with_last_year(
        last.as_ref()
            .map(|(sheet, catalog)| LastYearSheet { catalog, sheet }),
    );
    if let Some(b) = benchmark {
        report = report.with_national(b == Yardstick::National);
    }
    let opts = OutputOptions {
        format,
        lang,
        bom: !no_bom,
    };
    if format == Format::Xlsx {
        // What the workbook shows of the sheet's own texts, where it shows them cut: the 団体名
        // in its titles, and what is too long for a printed row or a cell (whole on 長文).
        for said in crate::report::cut_notices(&report, &file.display().to_string(), lang) {
            eprintln!("{said}");
        }
    }
    let mut inputs = vec![file.as_path()];
    inputs.extend(previous.as_deref());
    super::write_output(&report, opts, output.as_deref(), &inputs, lang)?;
    Ok(ExitCode::SUCCESS)
}
