//! `tenken diff LAST.ron THIS.ron`: what changed since last year. Both sheets are only read.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::catalog::Catalogs;
use crate::diff::{Change, Mismatch, SheetDiff, diff};
use crate::report::Format;
use crate::sheet::Sheet;
use crate::store;
use crate::text::{Lang, sanitize_line};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Last year's sheet
    pub old: PathBuf,
    /// This year's sheet
    pub new: PathBuf,
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
    let (old, new, format, bom) = (
        args.old.as_path(),
        args.new.as_path(),
        args.format,
        !args.no_bom,
    );
    let output = args.output.as_deref();
    let (old_sheet, old_cat) =
        store::load_sheet_and_catalog(old, catalogs).map_err(|e| e.render(lang))?;
    let (new_sheet, new_cat) =
        store::load_sheet_and_catalog(new, catalogs).map_err(|e| e.render(lang))?;
    for w in pairing_warnings(&old_sheet, &new_sheet, lang) {
        eprintln!("tenken: {w}");
    }
    let d = diff(old_cat, &old_sheet, new_cat, &new_sheet, lang);
    let heading = format!(
        "{} {} -> {} {}",
        sanitize_line(&old_sheet.organization),
        old_sheet.fiscal_year().display(lang),
        sanitize_line(&new_sheet.organization),
        new_sheet.fiscal_year().display(lang),
    );
    if format == Format::Xlsx {
        super::needs_output_file(output, lang)?;
    }
    let bytes = match format {
        Format::Xlsx => crate::xlsx::diff::render(&d, &heading, lang)?,
        Format::Json => {
            let text = serde_json::to_string_pretty(&d).map_err(|e| e.to_string())?;
            (crate::text::escape_json_controls(text) + "\n").into_bytes()
        }
        Format::Csv => csv(&d, bom)?,
        Format::Text => text(&d, &heading, lang, false).into_bytes(),
        Format::Markdown => text(&d, &heading, lang, true).into_bytes(),
    };
    super::write_output(&bytes, output, &[old, new], lang)?;
    Ok(ExitCode::SUCCESS)
}

/// Why `last` may not be `this` sheet's last year ([`crate::diff::pairing`]): a fiscal year
/// other than the one before, or another organisation. The comparison is still made; the
/// reader is told.
pub fn pairing_warnings(last: &Sheet, this: &Sheet, lang: Lang) -> Vec<String> {
    crate::diff::pairing(last, this)
        .into_iter()
        .map(|m| match (m, lang) {
            (Mismatch::Year { last, this }, Lang::Ja) => format!(
                "警告: 比較元は{}、比較先は{}で、比較元が前年度ではありません (引数の順は 前年度 今年度)",
                last.display(lang),
                this.display(lang)
            ),
            (Mismatch::Year { last, this }, Lang::En) => format!(
                "warning: last year's sheet is for {} and this year's for {}: not the year before (the order is LAST THIS)",
                last.display(lang),
                this.display(lang)
            ),
            (Mismatch::Organization { last, this }, Lang::Ja) => format!(
                "警告: 団体名が異なります ({} と {})",
                sanitize_line(&last),
                sanitize_line(&this)
            ),
            (Mismatch::Organization { last, this }, Lang::En) => format!(
                "warning: the sheets are of different organisations ({} and {})",
                sanitize_line(&last),
                sanitize_line(&this)
            ),
        })
        .collect()
}

fn score(s: Option<u8>) -> String {
    s.map_or_else(|| "-".into(), |s| s.to_string())
}

fn csv(d: &SheetDiff, bom: bool) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    if bom {
        out.extend_from_slice("\u{feff}".as_bytes());
    }
    let mut w = csv::Writer::from_writer(out);
    let err = |e: csv::Error| e.to_string();
    w.write_record([
        "id",
        "old_score",
        "new_score",
        "change",
        "wording_changed",
        "priority",
        "fell_below_target",
        "comment_changed",
        "evidence_changed",
        "old_text",
        "new_text",
    ])
    .map_err(err)?;
    // Ids and wording come from a catalog file: the same formula guard as every CSV.
    let guard = |t: Option<&str>| crate::report::csv::cell(t.unwrap_or(""));
    for i in &d.items {
        w.write_record([
            guard(Some(i.id.as_str())).as_str(),
            &score(i.old_score),
            &score(i.new_score),
            i.change.label(Lang::En),
            if i.wording_changed { "yes" } else { "" },
            if i.priority { "yes" } else { "" },
            if i.fell_below_target { "yes" } else { "" },
            if i.comment_changed { "yes" } else { "" },
            if i.evidence_changed { "yes" } else { "" },
            &guard(i.old_text.as_deref()),
            &guard(i.new_text.as_deref()),
        ])
        .map_err(err)?;
    }
    w.into_inner().map_err(|e| e.to_string())
}

fn text(d: &SheetDiff, heading: &str, lang: Lang, md: bool) -> String {
    let mut out = String::new();
    let h2 = if md { "## " } else { "" };
    let _ = writeln!(
        out,
        "{}{} - {}",
        if md { "# " } else { "" },
        lang.pick("前年度との比較", "Changes since last year"),
        heading
    );
    let _ = writeln!(out, "({} -> {})\n", d.old_catalog, d.new_catalog);
    let _ = writeln!(
        out,
        "{h2}{}",
        lang.pick(
            "分類別平均 (前年度 -> 今年度, 向上値)",
            "Section averages (last year -> this year, change)"
        )
    );
    if md {
        let _ = writeln!(
            out,
            "\n| | | {} | {} | {} |\n|---|---|---|---|---|",
            lang.pick("前年度", "Last"),
            lang.pick("今年度", "This"),
            lang.pick("向上値", "Change")
        );
    }
    for s in std::iter::once(&d.overall).chain(&d.majors) {
        let (old_avg, new_avg, change) = s.printed();
        if md {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                s.no, s.title, old_avg, new_avg, change
            );
        } else {
            let _ = writeln!(
                out,
                "  {:>2} {} -> {} ({})  {}",
                s.no, old_avg, new_avg, change, s.title
            );
        }
    }
    let fell: Vec<&str> = d
        .items
        .iter()
        .filter(|i| i.fell_below_target)
        .map(|i| i.id.as_str())
        .collect();
    let _ = writeln!(
        out,
        "\n{h2}{} ({}): {}",
        lang.pick(
            "3点を下回った重要点検項目",
            "Priority items that fell below 3"
        ),
        fell.len(),
        if fell.is_empty() {
            "-".to_string()
        } else {
            fell.join(", ")
        }
    );
    let open: Vec<&str> = d
        .items
        .iter()
        .filter(|i| i.unanswered_now)
        .map(|i| i.id.as_str())
        .collect();
    if !open.is_empty() {
        let _ = writeln!(
            out,
            "\n{h2}{} ({}): {}",
            lang.pick(
                "前年度3点で今年度未回答の重要点検項目",
                "Priority items at 3 last year, unanswered this year"
            ),
            open.len(),
            open.join(", ")
        );
    }
    let _ = writeln!(
        out,
        "\n{h2}{}",
        lang.pick("変化のあった項目", "Items that changed")
    );
    let mut any = false;
    for i in &d.items {
        let notes: Vec<&str> = [
            (
                i.wording_changed,
                lang.pick("設問文変更", "wording changed"),
            ),
            (
                i.comment_changed,
                lang.pick("コメント変更", "comment changed"),
            ),
            (
                i.evidence_changed,
                lang.pick("根拠変更", "evidence changed"),
            ),
        ]
        .into_iter()
        .filter_map(|(b, s)| b.then_some(s))
        .collect();
        if i.change == Change::Same && notes.is_empty() {
            continue;
        }
        any = true;
        let _ = writeln!(
            out,
            "{}{:<6} {} -> {}  [{}] {}{}",
            if md { "- " } else { "  " },
            i.id,
            score(i.old_score),
            score(i.new_score),
            i.change.marker(),
            i.change.label(lang),
            if notes.is_empty() {
                String::new()
            } else {
                format!("; {}", notes.join(", "))
            }
        );
        if i.wording_changed {
            let _ = writeln!(
                out,
                "{}{}: {}",
                if md { "  - " } else { "         " },
                lang.pick("前年度", "last year"),
                i.old_text.as_deref().unwrap_or("")
            );
            let _ = writeln!(
                out,
                "{}{}: {}",
                if md { "  - " } else { "         " },
                lang.pick("今年度", "this year"),
                i.new_text.as_deref().unwrap_or("")
            );
        }
    }
    if !any {
        let _ = writeln!(out, "  {}", lang.pick("なし", "none"));
    }
    out
}
