//! The outputs of `report`, `aggregate` and `diff`: one [`Format`] for the three commands'
//! `--format`, and one dispatch, [`render`], from a result to the bytes of a format.
//!
//! Each result lays itself out in a folder of its own, a file per format (`report/`,
//! `aggregate/`, `diff/`: `text.rs` for text and Markdown, `csv.rs`, `json.rs`, `xlsx.rs`),
//! and implements [`Render`] in its `mod.rs`. What the renderers share lives here: the
//! plain-text table whose columns line up in terminal cells ([`columns`]) and the CSV formula
//! guard ([`csv`]); the workbook helpers are in [`crate::xlsx`], beside the workbook import
//! that reads the same tables back.

pub(crate) mod columns;
pub(crate) mod csv;

use crate::text::Lang;

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

/// Rendering choices.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
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
pub(crate) fn render(r: &impl Render, opts: Options) -> Result<Vec<u8>, String> {
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
        Format::Json => (crate::text::escape_json_controls(r.json()?) + "\n").into_bytes(),
        Format::Xlsx => r.xlsx(opts.lang)?,
    })
}

/// Pretty-printed JSON of a document, errors as text.
pub(crate) fn pretty_json(doc: &impl serde::Serialize) -> Result<String, String> {
    serde_json::to_string_pretty(doc).map_err(|e| e.to_string())
}
