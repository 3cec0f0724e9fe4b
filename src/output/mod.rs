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
use std::{fmt, io};

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

/// The extension of each format tenken writes (matched in any case): the one list that
/// `-o`'s name is read by and that a refusal names.
const EXTENSIONS: [(&str, Format); 5] = [
    ("txt", Format::Text),
    ("md", Format::Markdown),
    ("csv", Format::Csv),
    ("json", Format::Json),
    ("xlsx", Format::Xlsx),
];

impl Format {
    /// What a file name says of its format by its extension: nothing (no extension), one of
    /// [`EXTENSIONS`], or another extension (`Err`, as written).
    fn of_file(path: &Path) -> Option<Result<Format, String>> {
        let ext = path.extension()?;
        let known = ext.to_str().and_then(|e| {
            EXTENSIONS
                .iter()
                .find(|(x, _)| x.eq_ignore_ascii_case(e))
                .map(|&(_, f)| f)
        });
        Some(known.ok_or_else(|| ext.to_string_lossy().into_owned()))
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
    /// else what `-o`'s extension names, else (no `-o`, or a name without an extension)
    /// text. So that no file's name promises what it does not hold, without `--format` an
    /// extension of a format tenken does not write (`-o x.pdf`) is refused, and a `--format`
    /// that the extension contradicts is refused (a `.xlsx` holding text: Excel refuses it);
    /// text and Markdown are both plain text and go in either's file.
    pub(crate) fn choose(
        given: Option<Format>,
        output: Option<&Path>,
        lang: Lang,
    ) -> Result<Format, String> {
        let named = output.and_then(Format::of_file);
        match (given, named) {
            (None, None) => Ok(Format::Text),
            (None, Some(Ok(n))) => Ok(n),
            (None, Some(Err(ext))) => {
                let file = output.map(|p| p.display().to_string()).unwrap_or_default();
                let written = EXTENSIONS
                    .iter()
                    .map(|(e, _)| format!(".{e}"))
                    .collect::<Vec<_>>()
                    .join(" ");
                Err(say!(
                    lang,
                    "出力ファイル {file} の拡張子 .{ext} は tenken の書ける形式ではありません。tenken が書くのは {written} です (拡張子のない名前にはテキスト): -o の拡張子をこのどれかにするか、この名前のまま書くなら --format で形式を指定してください",
                    "the output file {file} has the extension .{ext}, which is not a format tenken writes: it writes {written} (and text to a name without an extension); give -o one of these extensions, or --format to write that format under this name"
                ))
            }
            (Some(f), None | Some(Err(_))) => Ok(f),
            (Some(f), Some(Ok(n))) if f == n => Ok(f),
            (
                Some(f @ (Format::Text | Format::Markdown)),
                Some(Ok(Format::Text | Format::Markdown)),
            ) => Ok(f),
            (Some(f), Some(Ok(n))) => {
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
/// format, written into the output as it is made: a table of 20,000 sheets is never held whole
/// as text. [`render`] chooses among them.
pub(crate) trait Render {
    /// Text for a terminal, or Markdown: the two share their layout in every result. A
    /// failure to write is the sink's to keep ([`FmtToIo`]).
    fn text(&self, lang: Lang, markdown: bool, out: &mut dyn fmt::Write);
    /// The CSV records, without the byte-order mark ([`render`] adds it).
    fn csv(&self, lang: Lang, out: &mut dyn io::Write) -> io::Result<()>;
    /// JSON as [`write_json`] writes it.
    fn json(&self, out: &mut dyn io::Write) -> io::Result<()>;
    /// The workbook's bytes (a zip file: made whole, then written).
    fn xlsx(&self, lang: Lang) -> Result<Vec<u8>, String>;
    /// Why what was just rendered is not whole, if it is not: a result whose parts were kept
    /// out of memory and could not all be read back (`aggregate`'s plan lines). The output
    /// then fails like a write that failed (an output file is not replaced), worded in `lang`.
    fn failure(&self, _lang: Lang) -> Option<io::Error> {
        None
    }
}

/// The one choice of format: a result written into `out` in `opts.format`. A workbook that
/// cannot be made is an error of kind `Other` whose text says why.
pub(crate) fn render_into(
    r: &impl Render,
    opts: OutputOptions,
    out: &mut dyn io::Write,
) -> io::Result<()> {
    render_format(r, opts, out)?;
    r.failure(opts.lang).map_or(Ok(()), Err)
}

fn render_format(r: &impl Render, opts: OutputOptions, out: &mut dyn io::Write) -> io::Result<()> {
    match opts.format {
        Format::Text | Format::Markdown => {
            let mut sink = FmtToIo { out, failed: None };
            r.text(opts.lang, opts.format == Format::Markdown, &mut sink);
            sink.failed.map_or(Ok(()), Err)
        }
        Format::Csv => {
            if opts.bom {
                out.write_all("\u{feff}".as_bytes())?;
            }
            r.csv(opts.lang, out)
        }
        Format::Json => r.json(out),
        Format::Xlsx => out.write_all(&r.xlsx(opts.lang).map_err(io::Error::other)?),
    }
}

/// A result as the bytes of `opts.format` ([`render_into`] a buffer).
pub(crate) fn render(r: &impl Render, opts: OutputOptions) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    render_into(r, opts, &mut out).map_err(|e| e.to_string())?;
    Ok(out)
}

/// Text written into a byte sink; the first failure is kept, and nothing is written after it.
pub(crate) struct FmtToIo<'a> {
    out: &'a mut dyn io::Write,
    failed: Option<io::Error>,
}

impl fmt::Write for FmtToIo<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        if self.failed.is_some() {
            return Err(fmt::Error);
        }
        self.out.write_all(s.as_bytes()).map_err(|e| {
            self.failed = Some(e);
            fmt::Error
        })
    }
}

/// Pretty-printed JSON of a document, written as it is serialised, with the characters
/// serde_json leaves raw but a terminal must not get raw escaped
/// ([`crate::safe_text::escape_json_controls`]), and a line end.
pub(crate) fn write_json(doc: &impl serde::Serialize, out: &mut dyn io::Write) -> io::Result<()> {
    // The serialiser writes a few bytes at a time (a quote, a colon, an indent): into a buffer
    // of its own, each is a copy; into `out` itself, each was a call through its vtable (a
    // sixth of writing `aggregate`'s 30 MB table).
    use io::Write as _;
    let mut buffered = io::BufWriter::with_capacity(1 << 16, out);
    let mut ser = serde_json::Serializer::with_formatter(&mut buffered, SafeJson::default());
    doc.serialize(&mut ser)?;
    buffered.write_all(b"\n")?;
    buffered.flush()
}

/// [`SafeJson`]'s methods that lay the document out: the pretty printer's own.
macro_rules! pretty {
    ($($name:ident($($arg:ident: $ty:ty),*)),* $(,)?) => {$(
        fn $name<W: ?Sized + io::Write>(&mut self, w: &mut W $(, $arg: $ty)*) -> io::Result<()> {
            self.0.$name(w $(, $arg)*)
        }
    )*};
}

/// serde_json's pretty printer, but for the characters inside strings that
/// [`crate::safe_text::json_safe`] escapes.
#[derive(Default)]
struct SafeJson(serde_json::ser::PrettyFormatter<'static>);

impl serde_json::ser::Formatter for SafeJson {
    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        w.write_all(crate::safe_text::json_safe(fragment).as_bytes())
    }
    pretty! {
        begin_array(),
        end_array(),
        begin_array_value(first: bool),
        end_array_value(),
        begin_object(),
        end_object(),
        begin_object_key(first: bool),
        begin_object_value(),
        end_object_value(),
    }
}

/// A list written as it is serialised, from an iterator made when it is written: what a
/// document lists per file or per plan is never collected.
pub(crate) struct Each<F>(pub(crate) F);

impl<F, I> serde::Serialize for Each<F>
where
    F: Fn() -> I,
    I: IntoIterator,
    I::Item: serde::Serialize,
{
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq((self.0)())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A result whose parts could not all be read back.
    struct Short;

    impl Render for Short {
        fn text(&self, _: Lang, _: bool, out: &mut dyn fmt::Write) {
            let _ = out.write_str("part");
        }
        fn csv(&self, _: Lang, out: &mut dyn io::Write) -> io::Result<()> {
            out.write_all(b"part")
        }
        fn json(&self, out: &mut dyn io::Write) -> io::Result<()> {
            out.write_all(b"{}")
        }
        fn xlsx(&self, _: Lang) -> Result<Vec<u8>, String> {
            Ok(Vec::new())
        }
        fn failure(&self, _: Lang) -> Option<io::Error> {
            Some(io::Error::other("not read back"))
        }
    }

    /// A result that is not whole fails in every format, as a failed write does, so that an
    /// output file is not replaced by it.
    #[test]
    fn a_result_that_is_not_whole_fails_in_every_format() {
        for format in [
            Format::Text,
            Format::Markdown,
            Format::Csv,
            Format::Json,
            Format::Xlsx,
        ] {
            let opts = OutputOptions {
                format,
                lang: Lang::En,
                bom: false,
            };
            let e = render_into(&Short, opts, &mut Vec::new()).unwrap_err();
            assert_eq!(e.to_string(), "not read back", "{format:?}");
        }
    }
}
