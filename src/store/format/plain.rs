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
        while let Some(c) = self.b.get(self.i) {
            if c.is_ascii_alphanumeric() || *c == b'_' {
                self.i += 1;
            } else {
                break;
            }
        }
        let word = &self.src[start..self.i];
        word.as_bytes()
            .first()
            .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'_')
            .then_some(word)
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
            let name = self.ident()?;
            let at = next + order[next..].iter().position(|n| *n == name)?;
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
        let end = |b: &[u8]| b.iter().position(|c| matches!(c, b'"' | b'\\'));
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
        match self.ident()? {
            "true" => Some(true),
            "false" => Some(false),
            _ => None,
        }
    }

    fn score(&mut self) -> Option<Score> {
        Score::from_u8(u8::try_from(self.int()?).ok()?)
    }

    fn time(&mut self) -> Option<OffsetDateTime> {
        OffsetDateTime::parse(&self.str()?, &Rfc3339).ok()
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
            match SHEET_FIELDS[field] {
                "format" => format = Some(u32::try_from(p.int()?).ok()?),
                "catalog" => {
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
                "organization" => organization = Some(p.string()?),
                "organization_code" => {
                    let typed = p.string()?;
                    if !typed.trim().is_empty() {
                        s.organization_code = crate::organization::code(&typed).ok()?;
                    }
                }
                "prefecture" => {
                    let typed = p.string()?;
                    if !typed.trim().is_empty() {
                        s.prefecture = crate::organization::prefecture(&typed)?.to_string();
                    }
                }
                "fiscal_year" => fiscal_year = Some(i32::try_from(p.int()?).ok()?),
                "respondent" => s.respondent = p.string()?,
                "inspector" => s.inspector = p.string()?,
                "approver" => s.approver = p.string()?,
                "inspected_on" => s.inspected_on = p.string()?,
                "seal" => s.seal = p.string()?,
                "profile" => s.profile = p.map(Cursor::bool)?,
                "created" => s.created = Some(p.time()?),
                "updated" => s.updated = Some(p.time()?),
                "answers" => {
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
            match ANSWER_FIELDS[field] {
                "score" => score = Some(p.score()?),
                "comment" if p.notes => a.comment = p.string()?,
                "evidence" if p.notes => a.evidence = p.string()?,
                "comment" | "evidence" => drop(p.str()?),
                "plan" => a.plan = Some(p.plan()?),
                "flagged" => a.flagged = p.bool()?,
                "updated" => a.updated = Some(p.time()?),
                "history" => {
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
            match NOTES_FIELDS[field] {
                "comment" => n.comment = p.string()?,
                "evidence" => n.evidence = p.string()?,
                _ => n.plan = Some(p.plan()?),
            }
            Some(())
        })?;
        Some(n)
    }

    /// `Some((action: …, owner: …, due: …, carried: true))`.
    fn plan(&mut self) -> Option<Plan> {
        if self.ident()? != "Some" {
            return None;
        }
        self.eat(b'(')?;
        self.eat(b'(')?;
        let mut plan = Plan::default();
        self.fields(&PLAN_ORDER, |p, field| {
            match PLAN_ORDER[field] {
                "action" => plan.action = p.string()?,
                "owner" => plan.owner = p.string()?,
                "due" => plan.due = p.string()?,
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
