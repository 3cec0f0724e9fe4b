//! The answer file's text: read strictly but leniently, written deterministically.
//!
//! Reading runs two passes over the RON text. The typed serde pass fills the known fields of
//! [`Sheet`] and gives line:column errors; a raw pass keeps every field tenken does not know
//! (top level and inside each answer) as its verbatim RON text, so that files written by a
//! newer tenken or another tool survive a load → save round trip. (`#[serde(flatten)]` does not
//! work with RON's struct syntax, hence the second pass.) [`to_ron`] is a hand-written emitter
//! with a fixed field order, so saving is deterministic.

use std::fmt::{self, Write as _};
use std::marker::PhantomData;
use std::path::Path;

use ron::value::RawValue;
use serde::Deserialize;
use serde::de::{Deserializer, MapAccess, Visitor};

use super::error::{StoreError, Why};
use crate::ron::{Syntax, field_name, line_col, quote, ron_options, timestamp, value_core};
use crate::sheet::{Answer, Extra, MAX_SHEET_BYTES, Plan, SHEET_FORMAT, Sheet};

mod plain;

/// Field names of [`Sheet`] and [`Answer`] that the typed pass reads, in the order [`to_ron`]
/// writes them; anything else is kept verbatim in `extra`.
pub(super) const SHEET_FIELDS: [&str; 16] = [
    "format",
    "catalog",
    "organization",
    "organization_code",
    "prefecture",
    "fiscal_year",
    "respondent",
    "inspector",
    "approver",
    "inspected_on",
    "seal",
    "profile",
    "created",
    "updated",
    "answers",
    "notes",
];
pub(super) const ANSWER_FIELDS: [&str; 8] = [
    "score",
    "comment",
    "evidence",
    "plan",
    "flagged",
    "updated",
    "history",
    "unconfirmed",
];
/// The fields of [`crate::sheet::Notes`], an unanswered item's notes.
pub(super) const NOTES_FIELDS: [&str; 3] = ["comment", "evidence", "plan"];

/// The entries of one RON struct (`STRUCT`: `( field: value, … )`) or map (`{ key: value, … }`)
/// in file order, each key with its value.
struct Raw<V, const STRUCT: bool>(Vec<(String, V)>);
/// The fields of one RON struct in file order, each with its verbatim text.
type RawFields = Raw<Box<RawValue>, true>;
/// `answers: { "id": ( … ), … }` with each answer's fields raw.
type RawAnswers = Raw<RawFields, false>;

impl<'de, V: Deserialize<'de>, const STRUCT: bool> Deserialize<'de> for Raw<V, STRUCT> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Entries<V, const STRUCT: bool>(PhantomData<V>);
        impl<'de, V: Deserialize<'de>, const STRUCT: bool> Visitor<'de> for Entries<V, STRUCT> {
            type Value = Raw<V, STRUCT>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(if STRUCT {
                    "a struct `( field: value, … )`"
                } else {
                    "a map `{ \"id\": ( score: … ), … }`"
                })
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    out.push((key, map.next_value()?));
                }
                Ok(Raw(out))
            }
        }
        if STRUCT {
            d.deserialize_struct("Sheet", &[], Entries(PhantomData))
        } else {
            d.deserialize_map(Entries(PhantomData))
        }
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
    let raw_notes = raw.0.iter().find(|(k, _)| k == "notes");
    if let Some(raw_notes) =
        raw_notes.and_then(|(_, n)| opts.from_str::<RawAnswers>(n.get_ron()).ok())
    {
        for (id, fields) in &raw_notes.0 {
            if let Some(n) = sheet.notes.get_mut(id) {
                n.extra = extras(fields, &NOTES_FIELDS);
            }
        }
    }
    Ok(sheet)
}

/// [`parse_sheet`] without collecting unknown fields (see [`load_sheet_for_reading`]). A text
/// as [`to_ron`] writes it is read by [`plain`]'s reader, anything else by the `ron`
/// crate: the same sheet either way.
pub fn parse_sheet_for_reading(src: &str, origin: &str) -> Result<Sheet, StoreError> {
    parse_known(src, origin, Keep::All)
}

/// What a reading keeps of a sheet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Keep {
    /// Every field this build knows.
    All,
    /// What `aggregate` counts: no answer's history, and the answers' comments and evidence
    /// only in a signed sheet (its seal covers them). The file is read as strictly as for
    /// [`Keep::All`]: the same files are refused, with the same errors.
    Counted,
}

impl Keep {
    /// `sheet` as this reading keeps it.
    pub fn apply(self, mut sheet: Sheet) -> Sheet {
        if self == Keep::Counted {
            let signed = !sheet.seal.is_empty();
            for a in sheet.answers.values_mut() {
                a.history = Vec::new();
                if !signed {
                    a.comment = String::new();
                    a.evidence = String::new();
                }
            }
        }
        sheet
    }
}

/// [`parse_sheet_for_reading`] keeping what `keep` says.
pub fn parse_known(src: &str, origin: &str, keep: Keep) -> Result<Sheet, StoreError> {
    let body = src.strip_prefix('\u{FEFF}').unwrap_or(src);
    if src.len() as u64 <= MAX_SHEET_BYTES && !body.contains('\0') {
        if let Some(sheet) = plain::read(body, keep).filter(readable) {
            return Ok(sheet);
        }
        if let Ok(sheet) = ron_options().from_str::<Sheet>(body)
            && readable(&sheet)
        {
            return Ok(keep.apply(sheet));
        }
    }
    // Anything unusual: the full parse gives the precise error (or the same sheet).
    parse_sheet(src, origin).map(|sheet| keep.apply(sheet))
}

/// Whether a sheet that parsed is one this build reads: its format version, a plausible
/// fiscal year (else the full parse says what is wrong).
fn readable(sheet: &Sheet) -> bool {
    sheet.format == SHEET_FORMAT
        && crate::fiscal::FiscalYear::PLAUSIBLE.contains(&sheet.fiscal_year)
}

/// The sheet `src` holds when it is written exactly as [`to_ron`] writes it (no comments,
/// no unknown fields, a byte-order mark allowed) and this build reads it, else `None`: what
/// the fast reader of [`parse_sheet_for_reading`] accepts, for tests that hold it to the
/// `ron` crate's reading.
pub fn parse_sheet_as_written(src: &str, keep: Keep) -> Option<Sheet> {
    let body = src.strip_prefix('\u{FEFF}').unwrap_or(src);
    (src.len() as u64 <= MAX_SHEET_BYTES && !body.contains('\0'))
        .then(|| plain::read(body, keep).filter(readable))
        .flatten()
}

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
    // 団体コード and 都道府県 only once given, so that older files keep their shape.
    for (name, value) in [
        ("organization_code", &sheet.organization_code),
        ("prefecture", &sheet.prefecture),
    ] {
        if !value.is_empty() {
            let _ = writeln!(o, "    {name}: {},", quote(value));
        }
    }
    let _ = writeln!(o, "    fiscal_year: {},", sheet.fiscal_year);
    let _ = writeln!(o, "    respondent: {},", quote(&sheet.respondent));
    // Sign-off fields only once given, so that older files keep their shape.
    for (name, value) in [
        ("inspector", &sheet.inspector),
        ("approver", &sheet.approver),
        ("inspected_on", &sheet.inspected_on),
        ("seal", &sheet.seal),
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
    // Notes of unanswered items only when there are some, so that older files keep their
    // shape (and an older tenken keeps them as a field it does not know).
    if !sheet.notes.is_empty() {
        o.push_str("    notes: {\n");
        for (id, n) in &sheet.notes {
            let fields = notes_fields(&n.comment, &n.evidence, n.plan.as_ref(), &n.extra);
            let _ = writeln!(o, "        {}: {},", quote(id), struct_ron(&[], fields));
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
    let mut fields = Vec::new();
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
    let mut all = notes_fields(&a.comment, &a.evidence, a.plan.as_ref(), &[]);
    all.extend(fields);
    all.extend(
        a.extra
            .iter()
            .map(|(k, v)| format!("{}: {v}", field_name(k))),
    );
    struct_ron(&[format!("score: {}", a.score)], all)
}

/// The notes' fields (comment, evidence, plan, then unknown fields), those written.
fn notes_fields(
    comment: &str,
    evidence: &str,
    plan: Option<&Plan>,
    extra: &[(String, String)],
) -> Vec<String> {
    let mut fields: Vec<String> = Vec::new();
    if !comment.is_empty() {
        fields.push(format!("comment: {}", quote(comment)));
    }
    if !evidence.is_empty() {
        fields.push(format!("evidence: {}", quote(evidence)));
    }
    if let Some(p) = plan {
        fields.push(format!(
            "plan: Some((action: {}, owner: {}, due: {}{}))",
            quote(&p.action),
            quote(&p.owner),
            quote(&p.due),
            if p.carried { ", carried: true" } else { "" }
        ));
    }
    fields.extend(extra.iter().map(|(k, v)| format!("{}: {v}", field_name(k))));
    fields
}

/// A struct of an answer or notes: the `head` fields alone on one line when there is nothing
/// else, else one field a line.
fn struct_ron(head: &[String], fields: Vec<String>) -> String {
    if fields.is_empty() {
        return format!("({})", head.join(", "));
    }
    let mut o = String::from("(\n");
    for f in head.iter().chain(&fields) {
        let _ = writeln!(o, "            {f},");
    }
    o.push_str("        )");
    o
}

/// The text of `sheet`, checked to read back as exactly this sheet (else nothing is written).
pub(super) fn checked_text(path: &Path, sheet: &Sheet) -> Result<String, StoreError> {
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Notes of an unanswered item (#21.3) round-trip, fields this build does not know too.
    #[test]
    fn notes_of_unanswered_items_round_trip() {
        let src = "(format: 1, catalog: (id: \"juki-municipal\", revision: \"H19\"), \
            organization: \"例市\", fiscal_year: 2026, answers: {}, \
            notes: {\"2-3\": (comment: \"年2回\", later: [1, 2])})";
        let sheet = parse_sheet(src, "t.ron").unwrap();
        assert_eq!(sheet.notes["2-3"].comment, "年2回");
        assert!(sheet.answers.is_empty());
        let text = to_ron(&sheet);
        assert!(text.contains("later: [1, 2]"), "{text}");
        assert_eq!(parse_sheet(&text, "t.ron").unwrap(), sheet);
    }

    #[test]
    fn format_is_located_as_a_field_not_in_words() {
        let src = "// the format of this file\n(\n  formats: 1,\n  format: 2,\n)";
        assert_eq!(locate_format(src), (4, 3));
    }
}
