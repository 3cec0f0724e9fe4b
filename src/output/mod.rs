//! The outputs of `report`, `aggregate` and `diff`: one [`Format`] for the three commands'
//! `--format`, and one dispatch, [`render`], from a result to the bytes of a format.
//!
//! Each result lays itself out in a folder of its own, a file per format (`report/`,
//! `aggregate/`, `diff/`: `text.rs` for text and Markdown, `csv.rs`, `json.rs`, `xlsx.rs`),
//! and implements [`Render`] in its `mod.rs`. What the renderers share lives here: the
//! plain-text table whose columns line up in terminal cells ([`columns`]) and the CSV formula
//! guard ([`csv`]); the escape of text in Markdown ([`markdown`]); the workbook helpers are in [`crate::xlsx`], beside the workbook import
//! that reads the same tables back.

pub(crate) mod columns;
pub(crate) mod csv;
pub(crate) mod markdown;

use std::path::Path;

use crate::lang::{Lang, say};

/// Output format of the commands that print a table or report: `report`, `aggregate` and
/// `diff` (`--format`). One type, so that a format added here is offered by all three.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    #[value(name = "md")]
    Markdown,
    Csv,
    Json,
    /// A workbook for Excel (needs -o FILE).
    Xlsx,
}

impl Format {
    /// The format a file name asks for by its extension (`.xlsx`, `.csv`, `.json`, `.md`,
    /// `.txt`, in any case), if it names one.
    fn of_file(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "xlsx" => Format::Xlsx,
            "csv" => Format::Csv,
            "json" => Format::Json,
            "md" => Format::Markdown,
            "txt" => Format::Text,
            _ => return None,
        })
    }

    fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Markdown => "md",
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Xlsx => "xlsx",
        }
    }

    /// The one choice of format for `report`, `aggregate` and `diff`: `--format` when given,
    /// else what `-o`'s extension names, else text. A `--format` that the extension
    /// contradicts is refused, so that no file named `.xlsx` holds text (Excel refuses it);
    /// text and Markdown are both plain text and go in either's file.
    pub(crate) fn choose(
        given: Option<Format>,
        output: Option<&Path>,
        lang: Lang,
    ) -> Result<Format, String> {
        let named = output.and_then(Format::of_file);
        match (given, named) {
            (None, named) => Ok(named.unwrap_or(Format::Text)),
            (Some(f), None) => Ok(f),
            (Some(f), Some(n)) if f == n => Ok(f),
            (
                Some(f @ (Format::Text | Format::Markdown)),
                Some(Format::Text | Format::Markdown),
            ) => Ok(f),
            (Some(f), Some(n)) => {
                let file = output.map(|p| p.display().to_string()).unwrap_or_default();
                Err(say!(
                    lang,
                    "--format {} と出力ファイル {file} (拡張子は {} の形式) が食い違っています: --format を外すか、-o の拡張子を合わせてください",
                    "--format {} contradicts the output file {file} (its extension is for {}): leave out --format or give -o the matching extension",
                    f.name(),
                    n.name()
                ))
            }
        }
    }
}

/// Rendering choices.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OutputOptions {
    pub format: Format,
    pub lang: Lang,
    /// CSV only: start with a UTF-8 byte-order mark so that Excel reads the file as UTF-8.
    pub bom: bool,
}

/// One result (a sheet's report, the national table, last year against this year) in every
/// format. [`render`] chooses among them.
pub(crate) trait Render {
    /// Text for a terminal, or Markdown: the two share their layout in every result.
    fn text(&self, lang: Lang, markdown: bool) -> String;
    /// The CSV records, without the byte-order mark ([`render`] adds it).
    fn csv(&self, lang: Lang) -> Result<Vec<u8>, String>;
    /// Pretty-printed JSON ([`render`] escapes control characters and ends the line).
    fn json(&self) -> Result<String, String>;
    /// The workbook's bytes.
    fn xlsx(&self, lang: Lang) -> Result<Vec<u8>, String>;
}

/// The one choice of format: a result as the bytes of `opts.format`.
pub(crate) fn render(r: &impl Render, opts: OutputOptions) -> Result<Vec<u8>, String> {
    Ok(match opts.format {
        Format::Text => r.text(opts.lang, false).into_bytes(),
        Format::Markdown => r.text(opts.lang, true).into_bytes(),
        Format::Csv => {
            let mut out = Vec::new();
            if opts.bom {
                out.extend_from_slice("\u{feff}".as_bytes());
            }
            out.extend(r.csv(opts.lang)?);
            out
        }
        Format::Json => (crate::safe_text::escape_json_controls(r.json()?) + "\n").into_bytes(),
        Format::Xlsx => r.xlsx(opts.lang)?,
    })
}

/// Pretty-printed JSON of a document, errors as text.
pub(crate) fn pretty_json(doc: &impl serde::Serialize) -> Result<String, String> {
    serde_json::to_string_pretty(doc).map_err(|e| e.to_string())
}
