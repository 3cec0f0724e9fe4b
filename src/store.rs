//! The answer file on disk: reading it strictly but leniently, writing it atomically and
//! durably, and the advisory lock that keeps two editors apart. This is the only code that
//! touches an answer file.
//!
//! Reading runs two passes over the RON text. The typed serde pass fills the known fields of
//! [`Sheet`] and gives line:column errors; a raw pass keeps every field tenken does not know
//! (top level and inside each answer) as its verbatim RON text, so that files written by a
//! newer tenken or another tool survive a load → save round trip. (`#[serde(flatten)]` does not
//! work with RON's struct syntax, hence the second pass.) [`to_ron`] is a hand-written emitter
//! with a fixed field order, so saving is deterministic.

use std::fmt::{self, Write as _};
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read as _, Write as _};
use std::os::unix::fs::OpenOptionsExt as _;
use std::path::{Path, PathBuf};

use ron::value::RawValue;
use serde::Deserialize;
use serde::de::{Deserializer, MapAccess, Visitor};

use crate::catalog::{Catalog, Catalogs};
use crate::ron::{field_name, line_col, quote, ron_options, timestamp, value_core};
use crate::sheet::{Answer, Extra, SHEET_FORMAT, Sheet};

mod file;
mod lock;
mod why;

pub use file::{NAME_MAX, SaveError, SheetFile, looks_like_sheet, write_output_file};
pub use lock::{
    LockError, LockInfo, SheetLock, host_name, lock_file, lock_path, lock_sheet, user_name,
};
pub use why::{Change, Fault, NotRegular, Op, Why};

use crate::ron::Syntax;
use crate::text::Lang;

/// Largest answer file accepted. A full sheet with long comments is well under 1 MiB.
pub const MAX_SHEET_BYTES: u64 = 16 * 1024 * 1024;

/// Field names of [`Sheet`] and [`Answer`] that the typed pass reads; anything else is kept
/// verbatim in `extra`.
const SHEET_FIELDS: [&str; 12] = [
    "format",
    "catalog",
    "organization",
    "fiscal_year",
    "respondent",
    "inspector",
    "approver",
    "inspected_on",
    "profile",
    "created",
    "updated",
    "answers",
];
const ANSWER_FIELDS: [&str; 8] = [
    "score",
    "comment",
    "evidence",
    "plan",
    "flagged",
    "updated",
    "history",
    "unconfirmed",
];

/// Why an answer file could not be read or written: which file, where in it (when the
/// problem is in its text), and what is wrong ([`Why`]), put into words for a language by
/// [`StoreError::render`] where it is shown. `Display` gives the English form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoreError {
    pub path: PathBuf,
    pub line: Option<usize>,
    pub col: Option<usize>,
    pub why: Why,
}

impl StoreError {
    pub fn new(path: &Path, why: Why) -> StoreError {
        StoreError {
            path: path.to_path_buf(),
            line: None,
            col: None,
            why,
        }
    }

    pub fn at(path: &Path, line: usize, col: usize, why: Why) -> StoreError {
        StoreError {
            path: path.to_path_buf(),
            line: Some(line),
            col: Some(col),
            why,
        }
    }

    fn io(path: &Path, op: Op, e: &io::Error) -> StoreError {
        StoreError::new(path, Why::io(op, e))
    }

    /// What is wrong, without the file's name and position.
    pub fn message(&self, lang: Lang) -> String {
        self.why.text(lang)
    }

    /// `path:line:column: what is wrong`, in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        let mut out = self.path.display().to_string();
        if let Some(line) = self.line {
            let _ = write!(out, ":{line}");
            if let Some(col) = self.col {
                let _ = write!(out, ":{col}");
            }
        }
        let _ = write!(out, ": {}", self.message(lang));
        out
    }
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

impl std::error::Error for StoreError {}

// ---------------------------------------------------------------------------------------------
// Reading

/// The fields of one RON struct in file order, each with its verbatim text.
struct RawFields(Vec<(String, Box<RawValue>)>);

impl<'de> Deserialize<'de> for RawFields {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawFields;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a struct `( field: value, … )`")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawFields, A::Error> {
                let mut out = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    let value: Box<RawValue> = map.next_value()?;
                    out.push((key, value));
                }
                Ok(RawFields(out))
            }
        }
        d.deserialize_struct("Sheet", &[], V)
    }
}

/// `answers: { "id": ( … ), … }` with each answer's fields raw.
struct RawAnswers(Vec<(String, RawFields)>);

impl<'de> Deserialize<'de> for RawAnswers {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawAnswers;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a map `{ \"id\": ( score: … ), … }`")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawAnswers, A::Error> {
                let mut out = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    let value: RawFields = map.next_value()?;
                    out.push((key, value));
                }
                Ok(RawAnswers(out))
            }
        }
        d.deserialize_map(V)
    }
}

/// The unknown fields of a raw struct, verbatim, in file order.
fn extras(fields: &RawFields, known: &[&str]) -> Extra {
    fields
        .0
        .iter()
        .filter(|(k, _)| !known.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), value_core(v.get_ron()).to_string()))
        .collect()
}

fn spanned(origin: &Path, e: &ron::error::SpannedError) -> StoreError {
    StoreError::at(
        origin,
        e.span.start.line.max(1),
        e.span.start.col.max(1),
        Why::Syntax(Syntax::from_ron(&e.code)),
    )
}

/// Where the top-level `format:` field is written (1:1 when it cannot be found).
fn locate_format(src: &str) -> (usize, usize) {
    let mut from = 0;
    while let Some(i) = src[from..].find("format") {
        let at = from + i;
        let before_ok = src[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
        let after = src[at + "format".len()..].trim_start();
        if before_ok && after.starts_with(':') {
            return line_col(src, at);
        }
        from = at + 1;
    }
    (1, 1)
}

/// Refuses a fiscal year no sheet can have (0, negative, a typo such as 2300), as the command
/// line does.
fn plausible_year(sheet: &Sheet, src: &str, origin: &Path) -> Result<(), StoreError> {
    let range = crate::fiscal::FiscalYear::PLAUSIBLE;
    if range.contains(&sheet.fiscal_year) {
        return Ok(());
    }
    let (line, col) = src
        .find("fiscal_year")
        .map_or((1, 1), |at| line_col(src, at));
    Err(StoreError::at(
        origin,
        line,
        col,
        Why::ImplausibleYear(sheet.fiscal_year),
    ))
}

/// Parses an answer sheet from RON text. `origin` names the file in errors. Pure.
///
/// Unknown fields at the top level and inside each answer are kept in `extra`, verbatim.
pub fn parse_sheet(src: &str, origin: &str) -> Result<Sheet, StoreError> {
    let origin = Path::new(origin);
    if src.len() as u64 > MAX_SHEET_BYTES {
        return Err(StoreError::new(origin, Why::TooBig(src.len() as u64)));
    }
    // A byte-order mark (Windows Notepad) is not an error.
    let src = src.strip_prefix('\u{FEFF}').unwrap_or(src);
    if let Some(at) = src.find('\0') {
        let (line, col) = line_col(src, at);
        return Err(StoreError::at(origin, line, col, Why::NulByte));
    }
    if src.trim().is_empty() {
        return Err(StoreError::at(origin, 1, 1, Why::Empty));
    }
    let opts = ron_options();
    // Raw pass first: syntax errors, and the format version before anything version-specific.
    let raw: RawFields = opts.from_str(src).map_err(|e| spanned(origin, &e))?;
    if let Some((_, v)) = raw.0.iter().find(|(k, _)| k == "format") {
        let version: Option<u64> = opts.from_str(v.get_ron()).ok();
        if version != Some(u64::from(SHEET_FORMAT)) {
            let (line, col) = locate_format(src);
            let shown = v.get_ron().trim();
            return Err(StoreError::at(
                origin,
                line,
                col,
                match version {
                    Some(n) if n > u64::from(SHEET_FORMAT) => Why::FormatNewer(n),
                    _ => Why::FormatUnknown(shown.to_string()),
                },
            ));
        }
    }
    // Answers given twice first, with the position of the second: the typed pass would
    // refuse them too, but less precisely.
    let answers_raw = raw.0.iter().find(|(k, _)| k == "answers").map(|(_, a)| a);
    let raw_answers: Option<RawAnswers> = answers_raw.and_then(|a| opts.from_str(a.get_ron()).ok());
    if let Some(raw_answers) = &raw_answers {
        let mut seen = std::collections::BTreeSet::new();
        for (id, _) in &raw_answers.0 {
            if !seen.insert(id.as_str()) {
                // A map keeps only one of them: refuse rather than silently drop an answer.
                let quoted = quote(id);
                let (line, col) = src
                    .match_indices(quoted.as_str())
                    .nth(1)
                    .map_or((1, 1), |(at, _)| line_col(src, at));
                return Err(StoreError::at(
                    origin,
                    line,
                    col,
                    Why::AnsweredTwice(id.clone()),
                ));
            }
        }
    }
    let mut sheet: Sheet = opts.from_str(src).map_err(|e| spanned(origin, &e))?;
    plausible_year(&sheet, src, origin)?;
    sheet.extra = extras(&raw, &SHEET_FIELDS);
    if let Some(answers) = answers_raw {
        let raw_answers = match raw_answers {
            Some(r) => r,
            None => opts.from_str(answers.get_ron()).map_err(|e| {
                // The position inside the answers, moved to where they stand in the file.
                let base = src.find(answers.get_ron()).unwrap_or(0);
                let (l0, c0) = line_col(src, base);
                let (l, c) = (e.span.start.line.max(1), e.span.start.col.max(1));
                let (line, col) = if l == 1 {
                    (l0, c0 + c - 1)
                } else {
                    (l0 + l - 1, c)
                };
                StoreError::at(origin, line, col, Why::Syntax(Syntax::from_ron(&e.code)))
            })?,
        };
        for (id, fields) in &raw_answers.0 {
            if let Some(a) = sheet.answers.get_mut(id) {
                a.extra = extras(fields, &ANSWER_FIELDS);
            }
        }
    }
    Ok(sheet)
}

/// Reads and parses an answer file: at most 16 MiB, UTF-8 text without NUL bytes, valid RON,
/// a format version this build reads.
pub fn load_sheet(path: &Path) -> Result<Sheet, StoreError> {
    parse_sheet(&read_text(path)?, &path.display().to_string())
}

/// Like [`load_sheet`], for readers that never write the sheet back (aggregation, diff): the
/// fields this build does not know are not collected, which saves two of three parsing
/// passes. Errors are the same as [`load_sheet`]'s.
pub fn load_sheet_for_reading(path: &Path) -> Result<Sheet, StoreError> {
    parse_sheet_for_reading(&read_text(path)?, &path.display().to_string())
}

/// [`parse_sheet`] without collecting unknown fields (see [`load_sheet_for_reading`]).
pub fn parse_sheet_for_reading(src: &str, origin: &str) -> Result<Sheet, StoreError> {
    let body = src.strip_prefix('\u{FEFF}').unwrap_or(src);
    if src.len() as u64 <= MAX_SHEET_BYTES
        && !body.contains('\0')
        && let Ok(sheet) = ron_options().from_str::<Sheet>(body)
        && sheet.format == SHEET_FORMAT
        && crate::fiscal::FiscalYear::PLAUSIBLE.contains(&sheet.fiscal_year)
    {
        return Ok(sheet);
    }
    // Anything unusual: the full parse gives the precise error (or the same sheet).
    parse_sheet(src, origin)
}

/// Opens a file for reading without blocking on a FIFO and checks that it is a regular file.
fn open_regular(path: &Path) -> Result<(File, fs::Metadata), StoreError> {
    let file = OpenOptions::new()
        .read(true)
        .custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32)
        .open(path)
        .map_err(|e| StoreError::io(path, Op::Open, &e))?;
    let meta = file
        .metadata()
        .map_err(|e| StoreError::io(path, Op::Read, &e))?;
    if !meta.is_file() {
        return Err(StoreError::new(
            path,
            Why::NotRegular(NotRegular::of(&meta)),
        ));
    }
    Ok((file, meta))
}

/// Reads a regular file of at most `limit` bytes (never a FIFO or a device, never more than
/// `limit + 1` bytes even if it grows). For catalogs and other inputs beside answer sheets.
pub fn read_bounded(path: &Path, limit: u64) -> Result<Vec<u8>, String> {
    read_limited(path, limit).map_err(|e| e.to_string())
}

/// [`read_bounded`] with the error as a [`StoreError`], to be put into words where shown.
pub fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, StoreError> {
    let (file, meta) = open_regular(path)?;
    let big = |n: u64| StoreError::new(path, Why::Over(n, limit));
    if meta.len() > limit {
        return Err(big(meta.len()));
    }
    let mut bytes = Vec::new();
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| StoreError::io(path, Op::Read, &e))?;
    if bytes.len() as u64 > limit {
        return Err(big(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Refuses anything but a regular file of at most 16 MiB.
fn regular_and_small(path: &Path, meta: &fs::Metadata) -> Result<(), StoreError> {
    if meta.is_dir() {
        return Err(StoreError::new(path, Why::IsDirectory));
    }
    if !meta.is_file() {
        return Err(StoreError::new(path, Why::NotRegular(NotRegular::of(meta))));
    }
    if meta.len() > MAX_SHEET_BYTES {
        return Err(too_big(path, meta.len()));
    }
    Ok(())
}

fn too_big(path: &Path, n: u64) -> StoreError {
    StoreError::new(path, Why::TooBig(n))
}

/// The text of a file that may be an answer sheet: size limit, regular file, no NUL bytes,
/// UTF-8. A FIFO or a device is refused without reading from it.
fn read_text(path: &Path) -> Result<String, StoreError> {
    let file = OpenOptions::new()
        .read(true)
        .custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32)
        .open(path)
        .map_err(|e| StoreError::io(path, Op::Open, &e))?;
    let meta = file
        .metadata()
        .map_err(|e| StoreError::io(path, Op::Read, &e))?;
    regular_and_small(path, &meta)?;
    // Read at most one byte past the limit: a file may grow.
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(MAX_SHEET_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| StoreError::io(path, Op::Read, &e))?;
    if bytes.len() as u64 > MAX_SHEET_BYTES {
        return Err(too_big(path, bytes.len() as u64));
    }
    text_of(path, bytes)
}

/// Bytes read from an answer file as text: no NUL bytes, UTF-8.
fn text_of(path: &Path, bytes: Vec<u8>) -> Result<String, StoreError> {
    // A NUL byte is reported before invalid UTF-8 (binary junk usually has both). Text is
    // validated once; the NUL search then runs on the `str` (memchr-fast).
    let nul_error = |bytes: &[u8], at: usize| {
        let prefix = String::from_utf8_lossy(&bytes[..at]);
        let (line, col) = line_col(&prefix, prefix.len());
        StoreError::at(path, line, col, Why::NulByte)
    };
    match String::from_utf8(bytes) {
        Ok(text) => match text.find('\0') {
            Some(at) => Err(nul_error(text.as_bytes(), at)),
            None => Ok(text),
        },
        Err(e) => {
            let bytes = e.as_bytes();
            if let Some(at) = bytes.iter().position(|b| *b == 0) {
                return Err(nul_error(bytes, at));
            }
            let valid = &bytes[..e.utf8_error().valid_up_to()];
            let prefix = std::str::from_utf8(valid).unwrap_or_default();
            let (line, col) = line_col(prefix, prefix.len());
            Err(StoreError::at(path, line, col, Why::NotUtf8))
        }
    }
}

/// The catalog a sheet answers, from the embedded ones and `--catalog`.
pub fn resolve_catalog<'c>(
    sheet: &Sheet,
    catalogs: &'c Catalogs,
    path: &Path,
) -> Result<&'c Catalog, StoreError> {
    catalogs.get(&sheet.catalog.id).ok_or_else(|| {
        StoreError::new(
            path,
            Why::UnknownCatalog(Box::new(why::UnknownCatalog {
                id: sheet.catalog.id.clone(),
                revision: sheet.catalog.revision.clone(),
                have: catalogs.ids(),
            })),
        )
    })
}

// ---------------------------------------------------------------------------------------------
// Writing RON

/// The sheet as pretty RON: known fields in a fixed order, then unknown fields verbatim.
/// Deterministic: the same sheet always gives the same text.
pub fn to_ron(sheet: &Sheet) -> String {
    let mut o = String::with_capacity(4096 + sheet.answers.len() * 256);
    o.push_str("(\n");
    let _ = writeln!(o, "    format: {},", sheet.format);
    let _ = writeln!(
        o,
        "    catalog: (id: {}, revision: {}),",
        quote(&sheet.catalog.id),
        quote(&sheet.catalog.revision)
    );
    let _ = writeln!(o, "    organization: {},", quote(&sheet.organization));
    let _ = writeln!(o, "    fiscal_year: {},", sheet.fiscal_year);
    let _ = writeln!(o, "    respondent: {},", quote(&sheet.respondent));
    // Sign-off fields only once given, so that older files keep their shape.
    for (name, value) in [
        ("inspector", &sheet.inspector),
        ("approver", &sheet.approver),
        ("inspected_on", &sheet.inspected_on),
    ] {
        if !value.is_empty() {
            let _ = writeln!(o, "    {name}: {},", quote(value));
        }
    }
    if sheet.profile.is_empty() {
        o.push_str("    profile: {},\n");
    } else {
        o.push_str("    profile: {\n");
        for (k, v) in &sheet.profile {
            let _ = writeln!(o, "        {}: {v},", quote(k));
        }
        o.push_str("    },\n");
    }
    if let Some(t) = sheet.created {
        let _ = writeln!(o, "    created: {},", quote(&timestamp(t)));
    }
    if let Some(t) = sheet.updated {
        let _ = writeln!(o, "    updated: {},", quote(&timestamp(t)));
    }
    if sheet.answers.is_empty() {
        o.push_str("    answers: {},\n");
    } else {
        o.push_str("    answers: {\n");
        for (id, a) in &sheet.answers {
            let _ = writeln!(o, "        {}: {},", quote(id), answer_ron(a));
        }
        o.push_str("    },\n");
    }
    for (k, v) in &sheet.extra {
        let _ = writeln!(o, "    {}: {v},", field_name(k));
    }
    o.push_str(")\n");
    o
}

/// One answer: `(score: 3)` on one line when it has nothing else, else one field a line.
fn answer_ron(a: &Answer) -> String {
    let mut fields: Vec<String> = Vec::new();
    if !a.comment.is_empty() {
        fields.push(format!("comment: {}", quote(&a.comment)));
    }
    if !a.evidence.is_empty() {
        fields.push(format!("evidence: {}", quote(&a.evidence)));
    }
    if let Some(p) = &a.plan {
        fields.push(format!(
            "plan: Some((action: {}, owner: {}, due: {}{}))",
            quote(&p.action),
            quote(&p.owner),
            quote(&p.due),
            if p.carried { ", carried: true" } else { "" }
        ));
    }
    if a.flagged {
        fields.push("flagged: true".into());
    }
    if let Some(t) = a.updated {
        fields.push(format!("updated: {}", quote(&timestamp(t))));
    }
    if !a.history.is_empty() {
        let entries: Vec<String> = a
            .history
            .iter()
            .map(|h| format!("(score: {}, at: {})", h.score, quote(&timestamp(h.at))))
            .collect();
        fields.push(format!("history: [{}]", entries.join(", ")));
    }
    if a.unconfirmed {
        fields.push("unconfirmed: true".into());
    }
    for (k, v) in &a.extra {
        fields.push(format!("{}: {v}", field_name(k)));
    }
    if fields.is_empty() {
        return format!("(score: {})", a.score);
    }
    let mut o = format!("(\n            score: {},\n", a.score);
    for f in fields {
        let _ = writeln!(o, "            {f},");
    }
    o.push_str("        )");
    o
}

// ---------------------------------------------------------------------------------------------
// Saving

/// The write step of a save, replaceable so that tests can make it fail (a full disk).
pub type WriteFn<'a> = dyn FnMut(&mut File, &[u8]) -> io::Result<()> + 'a;

/// Writes all bytes: what [`save_sheet`] uses.
pub fn write_all(file: &mut File, bytes: &[u8]) -> io::Result<()> {
    file.write_all(bytes)
}

/// The text of `sheet`, checked to read back as exactly this sheet (else nothing is written).
fn checked_text(path: &Path, sheet: &Sheet) -> Result<String, StoreError> {
    let text = to_ron(sheet);
    match parse_sheet(&text, &path.display().to_string()) {
        Ok(back) if back == *sheet => Ok(text),
        Ok(_) => Err(StoreError::new(path, Why::WouldNotReadBack(None))),
        Err(e) => Err(StoreError::new(
            path,
            Why::WouldNotReadBack(Some(Box::new(e.why))),
        )),
    }
}

/// Saves atomically and durably, replacing whatever file has the name now: a temporary file
/// beside the target is written, synced, given the mode (0600 for a new file, the old mode for
/// an existing one) and renamed over the target; then the directory is synced. A symbolic link
/// is kept and the file it points to replaced. On failure the previous file is untouched and
/// no temporary file remains. (The interview saves through [`SheetFile::save`], which also
/// refuses to replace a file someone else changed.)
pub fn save_sheet(path: &Path, sheet: &Sheet) -> Result<(), StoreError> {
    save_sheet_with(path, sheet, &mut write_all)
}

/// [`save_sheet`] with the write step supplied by the caller (fault injection in tests).
pub fn save_sheet_with(
    path: &Path,
    sheet: &Sheet,
    write: &mut WriteFn<'_>,
) -> Result<(), StoreError> {
    SheetFile::open(path)?.save_replacing(sheet, write)
}

/// Saves a new sheet; refuses when a file (or a link) of that name already exists. The check
/// and the creation are one step, so a file that appears meanwhile is not overwritten either.
pub fn create_sheet(path: &Path, sheet: &Sheet) -> Result<(), StoreError> {
    SheetFile::open(path)?.create(sheet)
}

/// Whether two paths name the same existing file (through links, `..`, hard links).
pub fn same_file(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt as _;
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(x), Ok(y)) => x.dev() == y.dev() && x.ino() == y.ino(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_is_located_as_a_field_not_in_words() {
        let src = "// the format of this file\n(\n  formats: 1,\n  format: 2,\n)";
        assert_eq!(locate_format(src), (4, 3));
    }

    #[test]
    fn error_display_names_file_line_and_column() {
        let e = StoreError::at(Path::new("a.ron"), 3, 7, Why::Empty);
        assert_eq!(e.to_string(), "a.ron:3:7: the file is empty");
        assert_eq!(e.render(Lang::Ja), "a.ron:3:7: ファイルが空です");
        let e = StoreError::new(Path::new("a.ron"), Why::NotAFileName);
        assert_eq!(e.to_string(), "a.ron: is not a file name");
    }
}
