//! A fast reader for an answer file as [`super::to_ron`] writes it: the fields in the
//! writer's order, no fields this build does not know, strings quoted as
//! `char::escape_debug` quotes them; comments where blank space may stand (a sheet commented
//! by hand, as the demo sheet is). Whatever else it meets (anything RON allows that the
//! writer never writes, and anything broken) it declines with `None`, and the caller reads the
//! text with the `ron` crate as before, for the same sheet or the same precise error. What it
//! accepts it reads as the `ron` crate reads it: the same `Sheet` (a property test writes
//! random sheets, and random damage to them, through both readers).
//!
//! It exists for `aggregate`, which reads thousands of sheets: the `ron` crate's generic
//! parser was three quarters of its time. Each string is copied once, into the field it
//! fills; nothing else is allocated.

use std::borrow::Cow;
use std::collections::BTreeMap;

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::{ANSWER_FIELDS, NOTES_FIELDS, SHEET_FIELDS};
use crate::sheet::{Answer, CatalogRef, HistoryEntry, Notes, Plan, Score, Sheet};
use crate::store::Keep;

/// The sheet `src` describes, when it is written as tenken writes it; `None` sends the text
/// to the full parser. `src` has no byte-order mark and no NUL byte (the caller checks).
/// `Keep::Counted` reads the whole text as strictly but keeps only what counting needs
/// ([`crate::store::Keep`]).
pub(super) fn read(src: &str, keep: Keep) -> Option<Sheet> {
    let mut p = Cursor {
        b: src.as_bytes(),
        i: 0,
        src,
        keep,
        notes: true,
    };
    let sheet = p.sheet()?;
    p.blank();
    (p.i == p.b.len()).then_some(sheet)
}

const PLAN_ORDER: [&str; 4] = ["action", "owner", "due", "carried"];

/// Where `name` stands among `fields`, found when the program is built (a name not among them
/// fails the build): the readers below match a field by its place, not by comparing its name
/// again (a quarter of their time went to comparing names).
const fn place(fields: &[&str], name: &str) -> usize {
    let mut i = 0;
    while i < fields.len() {
        if same(fields[i].as_bytes(), name.as_bytes()) {
            return i;
        }
        i += 1;
    }
    panic!("not a field of the list")
}

/// Whether two names are the same, byte by byte: names are a few bytes long, shorter than the
/// call to `memcmp` that `==` makes.
const fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

const FORMAT: usize = place(&SHEET_FIELDS, "format");
const CATALOG: usize = place(&SHEET_FIELDS, "catalog");
const ORGANIZATION: usize = place(&SHEET_FIELDS, "organization");
const ORGANIZATION_CODE: usize = place(&SHEET_FIELDS, "organization_code");
const PREFECTURE: usize = place(&SHEET_FIELDS, "prefecture");
const FISCAL_YEAR: usize = place(&SHEET_FIELDS, "fiscal_year");
const RESPONDENT: usize = place(&SHEET_FIELDS, "respondent");
const INSPECTOR: usize = place(&SHEET_FIELDS, "inspector");
const APPROVER: usize = place(&SHEET_FIELDS, "approver");
const INSPECTED_ON: usize = place(&SHEET_FIELDS, "inspected_on");
const SEAL: usize = place(&SHEET_FIELDS, "seal");
const PROFILE: usize = place(&SHEET_FIELDS, "profile");
const CREATED: usize = place(&SHEET_FIELDS, "created");
const UPDATED: usize = place(&SHEET_FIELDS, "updated");
const ANSWERS: usize = place(&SHEET_FIELDS, "answers");
const SCORE: usize = place(&ANSWER_FIELDS, "score");
const COMMENT: usize = place(&ANSWER_FIELDS, "comment");
const EVIDENCE: usize = place(&ANSWER_FIELDS, "evidence");
const PLAN: usize = place(&ANSWER_FIELDS, "plan");
const FLAGGED: usize = place(&ANSWER_FIELDS, "flagged");
const ANSWER_UPDATED: usize = place(&ANSWER_FIELDS, "updated");
const HISTORY: usize = place(&ANSWER_FIELDS, "history");
const NOTE_COMMENT: usize = place(&NOTES_FIELDS, "comment");
const NOTE_EVIDENCE: usize = place(&NOTES_FIELDS, "evidence");
const NOTE_PLAN: usize = place(&NOTES_FIELDS, "plan");
const ACTION: usize = place(&PLAN_ORDER, "action");
const OWNER: usize = place(&PLAN_ORDER, "owner");
const DUE: usize = place(&PLAN_ORDER, "due");

/// Whether `c` may stand in an identifier (after its first character).
fn in_ident(c: &u8) -> bool {
    c.is_ascii_alphanumeric() || *c == b'_'
}

struct Cursor<'a> {
    src: &'a str,
    b: &'a [u8],
    i: usize,
    keep: Keep,
    /// Whether the answers' comments and evidence are kept (read in any case).
    notes: bool,
}

impl<'a> Cursor<'a> {
    /// Blank space as the writer writes it, and comments as the `ron` crate skips them: `//`
    /// to the end of the line, `/* … */` nested. A comment left open (a line comment at the
    /// end of the text, which `ron` refuses, or a block never closed) is not taken: the
    /// reader stops at it and declines.
    fn blank(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.b.get(self.i) {
            self.i += 1;
        }
        // Small enough to be inlined at every token, the comments apart: with them inside it
        // was a call per token, 12 % of `aggregate`'s time.
        if self.b.get(self.i) == Some(&b'/') {
            self.comments();
        }
    }

    /// [`Cursor::blank`]'s comments, each with the blank space after it.
    #[cold]
    #[inline(never)]
    fn comments(&mut self) {
        loop {
            while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.b.get(self.i) {
                self.i += 1;
            }
            let rest = &self.b[self.i..];
            let end = if rest.starts_with(b"//") {
                rest.iter().position(|c| *c == b'\n')
            } else if rest.starts_with(b"/*") {
                crate::ron::block_comment_end(rest, 0)
            } else {
                return;
            };
            match end {
                Some(n) => self.i += n,
                None => return,
            }
        }
    }

    /// `c` after blank space.
    fn eat(&mut self, c: u8) -> Option<()> {
        self.blank();
        (self.b.get(self.i) == Some(&c)).then(|| self.i += 1)
    }

    /// Whether `c` follows (after blank space), taking it if so.
    fn take(&mut self, c: u8) -> bool {
        self.eat(c).is_some()
    }

    /// A plain identifier.
    fn ident(&mut self) -> Option<&'a str> {
        self.blank();
        let start = self.i;
        while self.b.get(self.i).is_some_and(in_ident) {
            self.i += 1;
        }
        let word = &self.src[start..self.i];
        word.as_bytes()
            .first()
            .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'_')
            .then_some(word)
    }

    /// The place among `order[next..]` of the field name at the cursor (after blank space),
    /// taking it: what [`Cursor::ident`] would read, compared with each name in place rather
    /// than scanned first (a name that is no field, or a field out of order, is `None`).
    fn field_name(&mut self, order: &[&str], next: usize) -> Option<usize> {
        self.blank();
        let rest = &self.b[self.i..];
        let at = next
            + order[next..].iter().position(|n| {
                let n = n.as_bytes();
                rest.len() >= n.len()
                    && same(&rest[..n.len()], n)
                    && !rest.get(n.len()).is_some_and(in_ident)
            })?;
        self.i += order[at].len();
        Some(at)
    }

    /// The fields of a struct `( name: value, … )`, each read by `value`, in `order`, each at
    /// most once. The opening parenthesis is already taken.
    fn fields(
        &mut self,
        order: &[&str],
        mut value: impl FnMut(&mut Self, usize) -> Option<()>,
    ) -> Option<()> {
        let mut next = 0;
        loop {
            if self.take(b')') {
                return Some(());
            }
            let at = self.field_name(order, next)?;
            self.eat(b':')?;
            value(self, at)?;
            next = at + 1;
            if !self.take(b',') {
                return self.eat(b')');
            }
        }
    }

    /// The entries of a map `{ "key": value, … }`, every key once. The writer writes them in
    /// order, so the map is built at once rather than searched for every key.
    fn map<V>(
        &mut self,
        mut value: impl FnMut(&mut Self) -> Option<V>,
    ) -> Option<BTreeMap<String, V>> {
        self.eat(b'{')?;
        let mut out: Vec<(String, V)> = Vec::new();
        loop {
            if self.take(b'}') {
                break;
            }
            let key = self.string()?;
            self.eat(b':')?;
            out.push((key, value(self)?));
            if !self.take(b',') {
                self.eat(b'}')?;
                break;
            }
        }
        if !out.windows(2).all(|w| w[0].0 < w[1].0) {
            out.sort_by(|a, b| a.0.cmp(&b.0));
            if out.windows(2).any(|w| w[0].0 == w[1].0) {
                return None;
            }
        }
        Some(out.into_iter().collect())
    }

    /// A string literal as `char::escape_debug` writes one: its text, borrowed from the
    /// source when it has no escape.
    fn str(&mut self) -> Option<Cow<'a, str>> {
        self.eat(b'"')?;
        let start = self.i;
        let end = |b: &[u8]| memchr::memchr2(b'"', b'\\', b);
        self.i += end(&self.b[start..])?;
        if self.b[self.i] == b'"' {
            self.i += 1;
            return Some(Cow::Borrowed(&self.src[start..self.i - 1]));
        }
        let mut out = self.src[start..self.i].to_string();
        loop {
            if self.b[self.i] == b'"' {
                self.i += 1;
                return Some(Cow::Owned(out));
            }
            out.push(self.escape()?);
            let n = end(&self.b[self.i..])?;
            out.push_str(&self.src[self.i..self.i + n]);
            self.i += n;
        }
    }

    /// A string literal, owned.
    fn string(&mut self) -> Option<String> {
        self.str().map(Cow::into_owned)
    }

    /// One escape after its backslash: those `escape_debug` writes (`\u{…}` in lower-case hex).
    fn escape(&mut self) -> Option<char> {
        let c = *self.b.get(self.i + 1)?;
        self.i += 2;
        Some(match c {
            b'"' => '"',
            b'\\' => '\\',
            b'\'' => '\'',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'0' => '\0',
            b'u' => {
                if self.b.get(self.i) != Some(&b'{') {
                    return None;
                }
                self.i += 1;
                let digits = self.b[self.i..]
                    .iter()
                    .take(7)
                    .position(|c| *c == b'}')
                    .filter(|n| (1..=6).contains(n))?;
                let hex = &self.src[self.i..self.i + digits];
                if !hex.bytes().all(|c| matches!(c, b'0'..=b'9' | b'a'..=b'f')) {
                    return None;
                }
                self.i += digits + 1;
                char::from_u32(u32::from_str_radix(hex, 16).ok()?)?
            }
            _ => return None,
        })
    }

    /// Decimal digits, without a sign, a leading zero (but `0`) or anything after them that
    /// would make another number of them.
    fn digits(&mut self) -> Option<&'a str> {
        self.blank();
        let start = self.i;
        while self.b.get(self.i).is_some_and(u8::is_ascii_digit) {
            self.i += 1;
        }
        let n = &self.src[start..self.i];
        let plain = !n.is_empty() && (n == "0" || !n.starts_with('0'));
        let next = self.b.get(self.i).copied().unwrap_or(b' ');
        (plain && !(next.is_ascii_alphanumeric() || matches!(next, b'_' | b'.'))).then_some(n)
    }

    fn int(&mut self) -> Option<i64> {
        self.blank();
        let negative = self.b.get(self.i) == Some(&b'-');
        if negative {
            self.i += 1;
            // A sign and its number are one token: `- 1` goes to the full parser.
            if !self.b.get(self.i).is_some_and(u8::is_ascii_digit) {
                return None;
            }
        }
        let n: i64 = self.digits()?.parse().ok()?;
        Some(if negative { -n } else { n })
    }

    fn bool(&mut self) -> Option<bool> {
        let word = self.ident()?.as_bytes();
        if same(word, b"true") {
            Some(true)
        } else if same(word, b"false") {
            Some(false)
        } else {
            None
        }
    }

    fn score(&mut self) -> Option<Score> {
        Score::from_u8(u8::try_from(self.int()?).ok()?)
    }

    fn time(&mut self) -> Option<OffsetDateTime> {
        let text = self.str()?;
        as_written(&text).or_else(|| OffsetDateTime::parse(&text, &Rfc3339).ok())
    }

    fn sheet(&mut self) -> Option<Sheet> {
        self.eat(b'(')?;
        let mut format = None;
        let mut catalog = None;
        let mut organization = None;
        let mut fiscal_year = None;
        let mut answers = None;
        let nobody = CatalogRef {
            id: String::new(),
            revision: String::new(),
        };
        let mut s = Sheet::new(
            nobody,
            "",
            crate::fiscal::FiscalYear(0),
            OffsetDateTime::UNIX_EPOCH,
        );
        (s.created, s.updated) = (None, None);
        self.fields(&SHEET_FIELDS, |p, field| {
            match field {
                FORMAT => format = Some(u32::try_from(p.int()?).ok()?),
                CATALOG => {
                    p.eat(b'(')?;
                    let (mut id, mut revision) = (None, None);
                    p.fields(&["id", "revision"], |p, f| {
                        let v = Some(p.string()?);
                        if f == 0 {
                            id = v
                        } else {
                            revision = v
                        }
                        Some(())
                    })?;
                    catalog = Some(CatalogRef {
                        id: id?,
                        revision: revision?,
                    });
                }
                ORGANIZATION => organization = Some(p.string()?),
                ORGANIZATION_CODE => {
                    let typed = p.string()?;
                    if !typed.trim().is_empty() {
                        s.organization_code = crate::organization::code(&typed).ok()?;
                    }
                }
                PREFECTURE => {
                    let typed = p.string()?;
                    if !typed.trim().is_empty() {
                        s.prefecture = crate::organization::prefecture(&typed)?.to_string();
                    }
                }
                FISCAL_YEAR => fiscal_year = Some(i32::try_from(p.int()?).ok()?),
                RESPONDENT => s.respondent = p.string()?,
                INSPECTOR => s.inspector = p.string()?,
                APPROVER => s.approver = p.string()?,
                INSPECTED_ON => s.inspected_on = p.string()?,
                SEAL => s.seal = p.string()?,
                PROFILE => s.profile = p.map(Cursor::bool)?,
                CREATED => s.created = Some(p.time()?),
                UPDATED => s.updated = Some(p.time()?),
                ANSWERS => {
                    // A signed sheet's seal covers its answers' notes: kept to check it.
                    p.notes = p.keep == Keep::All || !s.seal.is_empty();
                    answers = Some(p.map(Cursor::answer)?);
                }
                _ => s.notes = p.map(Cursor::notes)?,
            }
            Some(())
        })?;
        s.format = format?;
        s.catalog = catalog?;
        s.organization = organization?;
        s.fiscal_year = fiscal_year?;
        s.answers = answers?;
        Some(s)
    }

    fn answer(&mut self) -> Option<Answer> {
        self.eat(b'(')?;
        let mut score = None;
        let mut a = Answer::new(Score::NotApplicable);
        self.fields(&ANSWER_FIELDS, |p, field| {
            match field {
                SCORE => score = Some(p.score()?),
                COMMENT if p.notes => a.comment = p.string()?,
                EVIDENCE if p.notes => a.evidence = p.string()?,
                COMMENT | EVIDENCE => drop(p.str()?),
                PLAN => a.plan = Some(p.plan()?),
                FLAGGED => a.flagged = p.bool()?,
                ANSWER_UPDATED => a.updated = Some(p.time()?),
                HISTORY => {
                    let history = p.history()?;
                    if p.keep == Keep::All {
                        a.history = history;
                    }
                }
                _ => a.unconfirmed = p.bool()?,
            }
            Some(())
        })?;
        a.score = score?;
        Some(a)
    }

    fn notes(&mut self) -> Option<Notes> {
        self.eat(b'(')?;
        let mut n = Notes::default();
        self.fields(&NOTES_FIELDS, |p, field| {
            match field {
                NOTE_COMMENT => n.comment = p.string()?,
                NOTE_EVIDENCE => n.evidence = p.string()?,
                NOTE_PLAN => n.plan = Some(p.plan()?),
                _ => n.flagged = p.bool()?,
            }
            Some(())
        })?;
        Some(n)
    }

    /// `Some((action: …, owner: …, due: …, carried: true))`.
    fn plan(&mut self) -> Option<Plan> {
        if !same(self.ident()?.as_bytes(), b"Some") {
            return None;
        }
        self.eat(b'(')?;
        self.eat(b'(')?;
        let mut plan = Plan::default();
        self.fields(&PLAN_ORDER, |p, field| {
            match field {
                ACTION => plan.action = p.string()?,
                OWNER => plan.owner = p.string()?,
                DUE => plan.due = p.string()?,
                _ => plan.carried = p.bool()?,
            }
            Some(())
        })?;
        self.eat(b')')?;
        Some(plan)
    }

    /// `[(score: 2, at: "…"), …]`.
    fn history(&mut self) -> Option<Vec<HistoryEntry>> {
        self.eat(b'[')?;
        let mut out = Vec::new();
        loop {
            if self.take(b']') {
                return Some(out);
            }
            self.eat(b'(')?;
            let (mut score, mut at) = (None, None);
            self.fields(&["score", "at"], |p, f| {
                if f == 0 {
                    score = Some(p.score()?);
                } else {
                    at = Some(p.time()?);
                }
                Some(())
            })?;
            out.push(HistoryEntry {
                score: score?,
                at: at?,
            });
            if !self.take(b',') {
                self.eat(b']')?;
                return Some(out);
            }
        }
    }
}

/// A time as the writer writes every one, `2026-11-25T10:00:00+09:00` (RFC 3339, whole
/// seconds, a positive offset), read without the general RFC 3339 parser (126 times a sheet);
/// `None` for anything else, which that parser then reads as before.
fn as_written(text: &str) -> Option<OffsetDateTime> {
    let b = text.as_bytes();
    if b.len() != 25 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[13] != b':' {
        return None;
    }
    if b[16] != b':' || b[19] != b'+' || b[22] != b':' {
        return None;
    }
    let n = |at: usize, len: usize| -> Option<u16> {
        b[at..at + len].iter().try_fold(0u16, |n, c| {
            c.is_ascii_digit().then(|| n * 10 + u16::from(c - b'0'))
        })
    };
    let small = |at: usize| n(at, 2).and_then(|v| u8::try_from(v).ok());
    let (hours, minutes) = (small(20)?, small(23)?);
    // RFC 3339's bounds of an offset (the time crate's own reach further).
    if hours > 23 || minutes > 59 {
        return None;
    }
    let date = time::Date::from_calendar_date(
        i32::from(n(0, 4)?),
        time::Month::try_from(small(5)?).ok()?,
        small(8)?,
    )
    .ok()?;
    let at = time::Time::from_hms(small(11)?, small(14)?, small(17)?).ok()?;
    let offset =
        time::UtcOffset::from_hms(i8::try_from(hours).ok()?, i8::try_from(minutes).ok()?, 0)
            .ok()?;
    Some(OffsetDateTime::new_in_offset(date, at, offset))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The short way reads every time it accepts as the RFC 3339 parser reads it, and declines
    /// (to that parser) what it does not know: leap seconds, impossible dates, offsets beyond
    /// RFC 3339's, other forms.
    #[test]
    fn times_as_written_read_as_the_rfc_3339_parser_reads_them() {
        let written = [
            "2026-11-25T10:00:00+09:00",
            "2024-02-29T23:59:59+00:00",
            "0000-01-01T00:00:00+00:00",
            "9999-12-31T23:59:59+23:59",
            "2026-03-31T12:34:56+05:45",
        ];
        for t in written {
            let general = OffsetDateTime::parse(t, &Rfc3339).unwrap();
            assert_eq!(as_written(t), Some(general), "{t}");
            assert_eq!(as_written(t).map(|t| t.offset()), Some(general.offset()));
        }
        let other = [
            "2025-02-29T10:00:00+09:00",
            "2026-13-01T10:00:00+09:00",
            "2026-11-25T24:00:00+09:00",
            "2016-12-31T23:59:60+00:00",
            "2026-11-25T10:00:00+24:00",
            "2026-11-25T10:00:00+09:60",
            "2026-11-25T10:00:00-09:00",
            "2026-11-25t10:00:00+09:00",
            "2026-11-25T10:00:00Z",
            "2026-11-25T10:00:00.5+09:00",
            "2026-1a-25T10:00:00+09:00",
            "+2026-11-25T10:00:0+09:00",
        ];
        for t in other {
            assert_eq!(as_written(t), None, "{t}");
        }
    }
}
