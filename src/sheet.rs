//! The answer sheet: one organisation's answers to one catalog for one fiscal year.
//! Pure data and the operations on it; reading and writing files is `store`'s job.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use time::OffsetDateTime;

use crate::fiscal::FiscalYear;

/// The answer-file format version this build writes and reads.
pub(crate) const SHEET_FORMAT: u32 = 1;

/// Largest answer file accepted. A full sheet with long comments is well under 1 MiB.
pub const MAX_SHEET_BYTES: u64 = 16 * 1024 * 1024;

/// An answer on the 0–3 scale of the questionnaire.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Score {
    /// 0 該当しない — the item does not apply (e.g. the system concerned does not exist).
    NotApplicable = 0,
    /// 1 整備していない — no rules or documents.
    NotInPlace = 1,
    /// 2 整備している — laid down in rules.
    Documented = 2,
    /// 3 運用している — known to the staff concerned and applied.
    Operating = 3,
}

impl Score {
    pub const ALL: [Score; 4] = [
        Score::Operating,
        Score::Documented,
        Score::NotInPlace,
        Score::NotApplicable,
    ];

    pub fn from_u8(n: u8) -> Option<Score> {
        match n {
            0 => Some(Score::NotApplicable),
            1 => Some(Score::NotInPlace),
            2 => Some(Score::Documented),
            3 => Some(Score::Operating),
            _ => None,
        }
    }

    pub fn value(self) -> u8 {
        self as u8
    }

    /// Whether the answer counts in averages (1–3).
    pub(crate) fn is_scored(self) -> bool {
        self != Score::NotApplicable
    }

    /// 「運用している」 etc.
    pub(crate) fn label_ja(self) -> &'static str {
        match self {
            Score::Operating => "運用している",
            Score::Documented => "整備している",
            Score::NotInPlace => "整備していない",
            Score::NotApplicable => "該当しない",
        }
    }

    pub(crate) fn label_en(self) -> &'static str {
        match self {
            Score::Operating => "in operation",
            Score::Documented => "documented",
            Score::NotInPlace => "not in place",
            Score::NotApplicable => "not applicable",
        }
    }

    /// What the answer means, as the 集計表 explains it.
    pub fn meaning_ja(self) -> &'static str {
        match self {
            Score::Operating => {
                "定められた手続きが、関係する職員に周知され、適切に運用されている。"
            }
            Score::Documented => "設問項目を実現する手続きが、規程等で定められている。",
            Score::NotInPlace => {
                "規程等を常備していない。質問項目について文書等で定められていない。"
            }
            Score::NotApplicable => "関係するシステムが存在しない等、質問項目に該当しない。",
        }
    }

    pub(crate) fn meaning_en(self) -> &'static str {
        match self {
            Score::Operating => {
                "The procedure is made known to the staff concerned and applied properly."
            }
            Score::Documented => "The procedure is laid down in rules or regulations.",
            Score::NotInPlace => "No rules or documents cover the item.",
            Score::NotApplicable => {
                "The item does not apply (e.g. the system concerned does not exist)."
            }
        }
    }
}

impl fmt::Display for Score {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.value())
    }
}

impl Serialize for Score {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u8(self.value())
    }
}

impl<'de> Deserialize<'de> for Score {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let n = i64::deserialize(d)?;
        u8::try_from(n)
            .ok()
            .and_then(Score::from_u8)
            .ok_or_else(|| serde::de::Error::custom(format!("score must be 0, 1, 2 or 3, not {n}")))
    }
}

/// Which catalog (and revision) a sheet answers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogRef {
    pub id: String,
    pub revision: String,
}

/// An improvement plan (改善計画) for an item below 3.
#[derive(Clone, Debug, Default, Eq, Serialize, Deserialize)]
pub struct Plan {
    #[serde(default)]
    pub action: String,
    #[serde(default)]
    pub owner: String,
    #[serde(default)]
    pub due: String,
    /// Carried from last year's sheet by `tenken new --from` and not edited since: last
    /// year's plan, to be reviewed. Editing the plan clears it.
    #[serde(default)]
    pub carried: bool,
}

impl Plan {
    /// This plan as last year's, carried into this year's sheet (`new --from`, a bulk take,
    /// `t`): marked as such until someone edits it ([`Plan::carried`]).
    pub(crate) fn carried_over(&self) -> Plan {
        Plan {
            carried: true,
            ..self.clone()
        }
    }
}

impl PartialEq for Plan {
    fn eq(&self, other: &Plan) -> bool {
        let Plan {
            action,
            owner,
            due,
            carried,
        } = self;
        *carried == other.carried
            && same_text(action, &other.action)
            && same_text(owner, &other.owner)
            && same_text(due, &other.due)
    }
}

/// Whether two texts are equal, the empty ones told by their length alone. The notes of an
/// answer are mostly empty, and an empty `String` points at address 1, on a page never
/// mapped: glibc's `memcmp` for AVX-512 reads it with a masked load, whose fault suppression
/// made each such comparison cost ~115 ns on this project's Xeon (2 ns for "abc" against
/// "abc"). A sheet is compared with its copy twice per save (the read-back check, the
/// watchdog's copy kept in step): the demo sheet's comparison took 13.6 µs, now 1.5 µs
/// (`cargo bench --bench save`). Used by the comparisons of [`Answer`], [`Notes`], [`Plan`].
fn same_text(a: &str, b: &str) -> bool {
    a.len() == b.len() && (a.is_empty() || a == b)
}

impl Plan {
    pub(crate) fn is_empty(&self) -> bool {
        self.action.trim().is_empty() && self.owner.trim().is_empty() && self.due.trim().is_empty()
    }
}

/// An earlier score of an item and when it was replaced.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    pub score: Score,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
}

/// Fields of a struct that this build does not know, in file order, each as its verbatim RON
/// text. They are written back unchanged.
pub(crate) type Extra = Vec<(String, String)>;

/// One item's answer.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Answer {
    pub score: Score,
    #[serde(default)]
    pub comment: String,
    #[serde(default)]
    pub evidence: String,
    #[serde(default)]
    pub plan: Option<Plan>,
    #[serde(default)]
    pub flagged: bool,
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub updated: Option<OffsetDateTime>,
    #[serde(default)]
    pub history: Vec<HistoryEntry>,
    /// Carried forward from last year's sheet and not yet confirmed: it counts nowhere
    /// (scores, warnings, aggregates) until someone confirms or replaces it.
    #[serde(default)]
    pub unconfirmed: bool,
    #[serde(skip)]
    pub extra: Extra,
}

/// Field by field as a derived comparison would (every field named, so none is forgotten),
/// the texts through [`same_text`].
impl PartialEq for Answer {
    fn eq(&self, other: &Answer) -> bool {
        let Answer {
            score,
            comment,
            evidence,
            plan,
            flagged,
            updated,
            history,
            unconfirmed,
            extra,
        } = self;
        *score == other.score
            && *flagged == other.flagged
            && *unconfirmed == other.unconfirmed
            && *updated == other.updated
            && same_text(comment, &other.comment)
            && same_text(evidence, &other.evidence)
            && *plan == other.plan
            && *history == other.history
            && *extra == other.extra
    }
}

impl Answer {
    pub fn new(score: Score) -> Answer {
        Answer {
            score,
            comment: String::new(),
            evidence: String::new(),
            plan: None,
            flagged: false,
            updated: None,
            history: Vec::new(),
            unconfirmed: false,
            extra: Vec::new(),
        }
    }
}

/// What may be written on an item before it is answered (#21.3): comment, evidence and plan,
/// the same notes an [`Answer`] carries, and its flag (付箋). Kept apart from the answers, in [`Sheet::notes`], so
/// that everything that counts answers (scores, warnings, `check`, reports, aggregates) sees
/// the item as unanswered, which it is; the first answer takes them in.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Notes {
    pub comment: String,
    pub evidence: String,
    pub plan: Option<Plan>,
    /// 付箋 on the item before it is answered (`f`): the answer takes it when it comes.
    pub flagged: bool,
    #[serde(skip)]
    pub extra: Extra,
}

/// As [`Answer`]'s comparison: every field named, the texts through [`same_text`].
impl PartialEq for Notes {
    fn eq(&self, other: &Notes) -> bool {
        let Notes {
            comment,
            evidence,
            plan,
            flagged,
            extra,
        } = self;
        same_text(comment, &other.comment)
            && same_text(evidence, &other.evidence)
            && *plan == other.plan
            && *flagged == other.flagged
            && *extra == other.extra
    }
}

impl Notes {
    /// Whether nothing is written and no flag set: no notes to keep.
    pub(crate) fn is_empty(&self) -> bool {
        self.comment.is_empty()
            && self.evidence.is_empty()
            && self.plan.is_none()
            && !self.flagged
            && self.extra.is_empty()
    }

    /// Whether any text is written (comment, evidence or plan; white space is none), flag
    /// aside.
    pub(crate) fn has_text(&self) -> bool {
        !self.comment.trim().is_empty()
            || !self.evidence.trim().is_empty()
            || self.plan.as_ref().is_some_and(|p| !p.is_empty())
    }

    /// Moves the written notes into `answer`, over what it had (they were written this year);
    /// a text of white space only hides nothing.
    pub(crate) fn fold_into(self, answer: &mut Answer) {
        if !self.comment.trim().is_empty() {
            answer.comment = self.comment;
        }
        if !self.evidence.trim().is_empty() {
            answer.evidence = self.evidence;
        }
        if self.plan.as_ref().is_some_and(|p| !p.is_empty()) {
            answer.plan = self.plan;
        }
        answer.flagged |= self.flagged;
    }
}

impl Answer {
    /// The answer's notes (a copy).
    pub fn notes(&self) -> Notes {
        Notes {
            comment: self.comment.clone(),
            evidence: self.evidence.clone(),
            plan: self.plan.clone(),
            flagged: self.flagged,
            extra: Vec::new(),
        }
    }

    /// Replaces the answer's notes and flag.
    pub(crate) fn set_notes(&mut self, notes: Notes) {
        self.comment = notes.comment;
        self.evidence = notes.evidence;
        self.plan = notes.plan;
        self.flagged = notes.flagged;
    }
}

/// An answer sheet.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Sheet {
    pub format: u32,
    pub catalog: CatalogRef,
    pub organization: String,
    /// 団体コード (全国地方公共団体コード): six digits with a valid check digit, or empty
    /// (older sheets have none). See `crate::organization`.
    #[serde(default, deserialize_with = "organization_code")]
    pub organization_code: String,
    /// 都道府県, one of the 47 as `crate::organization` writes it (`東京都`), or empty.
    #[serde(default, deserialize_with = "prefecture")]
    pub prefecture: String,
    /// Western year of the 年度 (April–March).
    pub fiscal_year: i32,
    #[serde(default)]
    pub respondent: String,
    /// Sign-off: 点検実施者 (who carried out the inspection); default empty.
    #[serde(default)]
    pub inspector: String,
    /// Sign-off: 確認者 (who approved the result); default empty.
    #[serde(default)]
    pub approver: String,
    /// Sign-off: 点検日 as written (ISO `2027-02-10` when tenken wrote it); default empty.
    #[serde(default)]
    pub inspected_on: String,
    /// The seal of the sign-off: SHA-256 (64 hex digits) of the header and answers as
    /// approved (`crate::seal`); empty until signed. Older sheets have none.
    #[serde(default)]
    pub seal: String,
    #[serde(default, deserialize_with = "unique_map")]
    pub profile: BTreeMap<String, bool>,
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub created: Option<OffsetDateTime>,
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub updated: Option<OffsetDateTime>,
    #[serde(deserialize_with = "unique_map")]
    pub answers: BTreeMap<String, Answer>,
    /// Notes written on items not answered yet ([`Notes`]); an item is never in both maps.
    /// Older sheets have none, and a sheet without any writes none.
    #[serde(default, deserialize_with = "unique_map")]
    pub notes: BTreeMap<String, Notes>,
    #[serde(skip)]
    pub extra: Extra,
}

/// What of a sheet's answers and notes changed since a copy last followed it
/// ([`Sheet::follow`]): the interview knows which items an answer or a note touched, so the
/// watchdog's copy compares those, not all 126 (a tenth of a key's CPU).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Touched {
    /// Only these items' answers and notes may differ (an id may repeat).
    Items(Vec<String>),
    /// Anything may differ: compare every answer and note.
    All,
}

impl Touched {
    /// More ids than this are compared as [`Touched::All`]: a list kept without bound (a
    /// copy that is never handed over) would cost more than comparing the sheet.
    const MOST: usize = 64;

    /// Adds the items `ids`.
    pub fn add(&mut self, ids: &[String]) {
        if let Touched::Items(items) = self {
            if items.len() + ids.len() > Touched::MOST {
                *self = Touched::All;
            } else {
                items.extend_from_slice(ids);
            }
        }
    }
}

/// `mine[id]` made equal to `theirs[id]`: copied, added or removed only where it differs.
fn follow_entry<V: Clone + PartialEq>(
    mine: &mut BTreeMap<String, V>,
    theirs: &BTreeMap<String, V>,
    id: &str,
) {
    match (mine.get_mut(id), theirs.get(id)) {
        (Some(m), Some(t)) => {
            if m != t {
                m.clone_from(t);
            }
        }
        (None, Some(t)) => {
            mine.insert(id.to_string(), t.clone());
        }
        (Some(_), None) => {
            mine.remove(id);
        }
        (None, None) => {}
    }
}

/// `mine` made equal to `theirs`, each value copied only where it differs.
fn follow_map<V: Clone + PartialEq>(mine: &mut BTreeMap<String, V>, theirs: &BTreeMap<String, V>) {
    if mine.len() != theirs.len() || !mine.keys().eq(theirs.keys()) {
        mine.retain(|k, _| theirs.contains_key(k));
        for (k, v) in theirs {
            if !mine.contains_key(k) {
                mine.insert(k.clone(), v.clone());
            }
        }
    }
    for (m, t) in mine.values_mut().zip(theirs.values()) {
        if m != t {
            m.clone_from(t);
        }
    }
}

/// A map in which every key appears once: an item answered twice, or a profile question
/// given twice, is refused rather than silently keeping the last.
fn unique_map<'de, D, V>(d: D) -> Result<BTreeMap<String, V>, D::Error>
where
    D: Deserializer<'de>,
    V: Deserialize<'de>,
{
    struct Unique<V>(std::marker::PhantomData<V>);
    impl<'de, V: Deserialize<'de>> serde::de::Visitor<'de> for Unique<V> {
        type Value = BTreeMap<String, V>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a map `{ \"key\": value, … }`")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            mut map: A,
        ) -> Result<Self::Value, A::Error> {
            let mut out = BTreeMap::new();
            while let Some(key) = map.next_key::<String>()? {
                let value: V = map.next_value()?;
                if out.contains_key(&key) {
                    return Err(serde::de::Error::custom(format!(
                        "{key} is given twice (answered twice); keep one of them"
                    )));
                }
                out.insert(key, value);
            }
            Ok(out)
        }
    }
    d.deserialize_map(Unique(std::marker::PhantomData))
}

/// A 団体コード as the file has it: six digits with their check digit (five digits, full-width
/// digits or a hyphen are put right, as typed in a form), or empty.
fn organization_code<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let typed = String::deserialize(d)?;
    if typed.trim().is_empty() {
        return Ok(String::new());
    }
    crate::organization::code(&typed)
        .map_err(|e| serde::de::Error::custom(e.message(&typed, crate::lang::Lang::En)))
}

/// A 都道府県 as the file has it (`東京` is kept as `東京都`), or empty.
fn prefecture<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let typed = String::deserialize(d)?;
    if typed.trim().is_empty() {
        return Ok(String::new());
    }
    crate::organization::prefecture(&typed)
        .map(str::to_string)
        .ok_or_else(|| {
            serde::de::Error::custom(format!(
                "prefecture must be one of the 47 (東京都, 大阪府, …), not {typed:?}"
            ))
        })
}

/// The sheet's header fields as one value: what the interview's header form edits and an
/// undo step of it restores.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Header {
    pub(crate) organization: String,
    pub(crate) organization_code: String,
    pub(crate) prefecture: String,
    pub(crate) respondent: String,
    pub(crate) inspector: String,
    pub(crate) approver: String,
    pub(crate) inspected_on: String,
    pub(crate) profile: BTreeMap<String, bool>,
    /// The seal of the sign-off (`crate::seal`): not a field of the form, but given when the
    /// form closes with a sign-off, and undone with it.
    pub(crate) seal: String,
}

impl Header {
    pub(crate) fn of(sheet: &Sheet) -> Header {
        Header {
            organization: sheet.organization.clone(),
            organization_code: sheet.organization_code.clone(),
            prefecture: sheet.prefecture.clone(),
            respondent: sheet.respondent.clone(),
            inspector: sheet.inspector.clone(),
            approver: sheet.approver.clone(),
            inspected_on: sheet.inspected_on.clone(),
            profile: sheet.profile.clone(),
            seal: sheet.seal.clone(),
        }
    }

    pub(crate) fn apply_to(&self, sheet: &mut Sheet) {
        sheet.organization.clone_from(&self.organization);
        sheet.organization_code.clone_from(&self.organization_code);
        sheet.prefecture.clone_from(&self.prefecture);
        sheet.respondent.clone_from(&self.respondent);
        sheet.inspector.clone_from(&self.inspector);
        sheet.approver.clone_from(&self.approver);
        sheet.inspected_on.clone_from(&self.inspected_on);
        sheet.profile.clone_from(&self.profile);
        sheet.seal.clone_from(&self.seal);
    }
}

/// The organisation a sheet's header keeps: the name as typed without surrounding blanks,
/// or `None` when that leaves nothing (a sheet always names one). `tenken new`, the start
/// form and the header form all check a name here.
pub(crate) fn organization(typed: &str) -> Option<&str> {
    Some(typed.trim()).filter(|name| !name.is_empty())
}

impl Sheet {
    pub fn new(
        catalog: CatalogRef,
        organization: &str,
        fiscal_year: FiscalYear,
        now: OffsetDateTime,
    ) -> Sheet {
        Sheet {
            format: SHEET_FORMAT,
            catalog,
            organization: organization.to_string(),
            organization_code: String::new(),
            prefecture: String::new(),
            fiscal_year: fiscal_year.0,
            respondent: String::new(),
            inspector: String::new(),
            approver: String::new(),
            inspected_on: String::new(),
            seal: String::new(),
            profile: BTreeMap::new(),
            created: Some(now),
            updated: Some(now),
            answers: BTreeMap::new(),
            notes: BTreeMap::new(),
            extra: Vec::new(),
        }
    }

    /// An empty sheet of `organization` for `fiscal_year` on the municipal catalog (H19), as
    /// the unit tests start from.
    #[cfg(test)]
    pub(crate) fn municipal(organization: &str, fiscal_year: i32, now: OffsetDateTime) -> Sheet {
        let catalog = CatalogRef {
            id: "juki-municipal".into(),
            revision: "H19".into(),
        };
        Sheet::new(catalog, organization, FiscalYear(fiscal_year), now)
    }

    /// Makes this sheet equal to `other`, copying only what differs (the answers changed, a
    /// header field): a copy kept in step after every change (the watchdog's) then costs
    /// the change, not the sheet. Of the answers and notes only those `touched` says may
    /// differ are compared; the rest of the sheet always is. Every field is named, so a new
    /// one cannot be forgotten.
    pub fn follow(&mut self, other: &Sheet, touched: &Touched) {
        let Sheet {
            format,
            catalog,
            organization,
            organization_code,
            prefecture,
            fiscal_year,
            respondent,
            inspector,
            approver,
            inspected_on,
            seal,
            profile,
            created,
            updated,
            answers,
            notes,
            extra,
        } = other;
        self.format = *format;
        self.catalog.clone_from(catalog);
        for (mine, theirs) in [
            (&mut self.organization, organization),
            (&mut self.organization_code, organization_code),
            (&mut self.prefecture, prefecture),
            (&mut self.respondent, respondent),
            (&mut self.inspector, inspector),
            (&mut self.approver, approver),
            (&mut self.inspected_on, inspected_on),
            (&mut self.seal, seal),
        ] {
            mine.clone_from(theirs);
        }
        self.fiscal_year = *fiscal_year;
        self.created = *created;
        self.updated = *updated;
        follow_map(&mut self.profile, profile);
        match touched {
            Touched::All => {
                follow_map(&mut self.answers, answers);
                follow_map(&mut self.notes, notes);
            }
            Touched::Items(ids) => {
                for id in ids {
                    follow_entry(&mut self.answers, answers, id);
                    follow_entry(&mut self.notes, notes, id);
                }
            }
        }
        self.extra.clone_from(extra);
    }

    pub fn fiscal_year(&self) -> FiscalYear {
        FiscalYear(self.fiscal_year)
    }

    /// Who the sheet is, as `aggregate` (counted twice?) and `diff` (the same organisation as
    /// last year?) compare it: its 団体コード, else its folded name with its prefecture
    /// (`crate::organization::Identity`).
    pub(crate) fn identity(&self) -> crate::organization::Identity {
        crate::organization::Identity::of(
            &self.organization,
            &self.organization_code,
            &self.prefecture,
        )
    }

    /// The item's confirmed score (an unconfirmed carried-over answer is not a score yet).
    pub fn score(&self, id: &str) -> Option<Score> {
        self.answers
            .get(id)
            .filter(|a| !a.unconfirmed)
            .map(|a| a.score)
    }

    /// Confirms a carried-over answer unchanged. Returns whether there was one to confirm.
    pub fn confirm(&mut self, id: &str, now: OffsetDateTime) -> bool {
        match self.answers.get_mut(id) {
            Some(a) if a.unconfirmed => {
                a.unconfirmed = false;
                a.updated = Some(now);
                self.updated = Some(now);
                true
            }
            _ => false,
        }
    }

    /// Sets an item's score. A changed score pushes the old one onto the item's history;
    /// comment, evidence and plan stay. Returns whether anything changed.
    pub fn set_score(&mut self, id: &str, score: Score, now: OffsetDateTime) -> bool {
        match self.answers.get_mut(id) {
            Some(a) if a.score == score && !a.unconfirmed => false,
            Some(a) if a.unconfirmed => {
                // Answering a carried-over item confirms it, with this score.
                a.unconfirmed = false;
                a.score = score;
                a.updated = Some(now);
                self.updated = Some(now);
                true
            }
            Some(a) => {
                a.history.push(HistoryEntry {
                    score: a.score,
                    at: a.updated.unwrap_or(now),
                });
                a.score = score;
                a.updated = Some(now);
                self.updated = Some(now);
                true
            }
            None => {
                let mut a = Answer::new(score);
                a.updated = Some(now);
                self.answers.insert(id.to_string(), a);
                self.fold_notes(id);
                self.updated = Some(now);
                true
            }
        }
    }

    /// The item's notes, answered or not (`None`: nothing written and no answer).
    pub fn notes_of(&self, id: &str) -> Option<Notes> {
        match self.answers.get(id) {
            Some(a) => Some(a.notes()),
            None => self.notes.get(id).cloned(),
        }
    }

    /// Whether the item is flagged (付箋), answered or not.
    pub fn flagged(&self, id: &str) -> bool {
        match self.answers.get(id) {
            Some(a) => a.flagged,
            None => self.notes.get(id).is_some_and(|n| n.flagged),
        }
    }

    /// Sets the item's notes: in its answer when it has one, else kept as the notes of an
    /// unanswered item (none kept when nothing is written).
    pub fn set_notes(&mut self, id: &str, notes: Notes) {
        if let Some(a) = self.answers.get_mut(id) {
            a.set_notes(notes);
        } else if notes.is_empty() {
            self.notes.remove(id);
        } else {
            self.notes.insert(id.to_string(), notes);
        }
    }

    /// An answered item takes in the notes written before it was answered, so that an item
    /// is never in both maps.
    pub(crate) fn fold_notes(&mut self, id: &str) {
        if let Some(a) = self.answers.get_mut(id)
            && let Some(notes) = self.notes.remove(id)
        {
            notes.fold_into(a);
        }
    }

    /// Makes the changes to an item since `before` (its answer then) one decision: its history
    /// becomes `before`'s, plus `before`'s score if the score now differs from it. Cycling
    /// through scores leaves one earlier score, not one per keystroke; coming back to where it
    /// began leaves none. An unconfirmed draft's score is no decision and is not recorded.
    pub(crate) fn squash_history(
        &mut self,
        id: &str,
        before: Option<&Answer>,
        now: OffsetDateTime,
    ) {
        let Some(a) = self.answers.get_mut(id) else {
            return;
        };
        let mut history = before.map(|b| b.history.clone()).unwrap_or_default();
        if let Some(b) = before
            && !b.unconfirmed
            && b.score != a.score
        {
            history.push(HistoryEntry {
                score: b.score,
                at: b.updated.unwrap_or(now),
            });
        }
        a.history = history;
    }

    /// Removes an item's answer and its notes; returns the answer.
    pub(crate) fn clear(&mut self, id: &str, now: OffsetDateTime) -> Option<Answer> {
        let old = self.answers.remove(id);
        if self.notes.remove(id).is_some() || old.is_some() {
            self.updated = Some(now);
        }
        old
    }
}

/// This session's changes re-applied to someone else's version of the file: `base` is the
/// sheet as this session loaded (or last saved) it, `mine` as it is now, `theirs` as it is on
/// disk. Every answer and field this session changed (or removed) is taken from `mine`; all
/// else — including what the other editor changed — from `theirs`. Where both changed the same
/// answer, this session's answer wins (it is the one on the screen).
pub(crate) fn reapply(base: &Sheet, mine: &Sheet, theirs: &Sheet) -> Sheet {
    fn pick<T: Clone + PartialEq>(base: &T, mine: &T, theirs: &T) -> T {
        if mine != base {
            mine.clone()
        } else {
            theirs.clone()
        }
    }
    let mut out = theirs.clone();
    out.catalog = pick(&base.catalog, &mine.catalog, &theirs.catalog);
    out.organization = pick(&base.organization, &mine.organization, &theirs.organization);
    out.organization_code = pick(
        &base.organization_code,
        &mine.organization_code,
        &theirs.organization_code,
    );
    out.prefecture = pick(&base.prefecture, &mine.prefecture, &theirs.prefecture);
    out.fiscal_year = pick(&base.fiscal_year, &mine.fiscal_year, &theirs.fiscal_year);
    out.respondent = pick(&base.respondent, &mine.respondent, &theirs.respondent);
    out.inspector = pick(&base.inspector, &mine.inspector, &theirs.inspector);
    out.approver = pick(&base.approver, &mine.approver, &theirs.approver);
    out.inspected_on = pick(&base.inspected_on, &mine.inspected_on, &theirs.inspected_on);
    out.seal = pick(&base.seal, &mine.seal, &theirs.seal);
    out.extra = pick(&base.extra, &mine.extra, &theirs.extra);
    let keys: std::collections::BTreeSet<&String> =
        base.profile.keys().chain(mine.profile.keys()).collect();
    for k in keys {
        if mine.profile.get(k) != base.profile.get(k) {
            match mine.profile.get(k) {
                Some(v) => out.profile.insert(k.clone(), *v),
                None => out.profile.remove(k),
            };
        }
    }
    let ids: std::collections::BTreeSet<&String> = (base.answers.keys())
        .chain(mine.answers.keys())
        .chain(base.notes.keys())
        .chain(mine.notes.keys())
        .collect();
    for id in ids {
        let (answer, notes) = (mine.answers.get(id), mine.notes.get(id));
        if answer != base.answers.get(id) || notes != base.notes.get(id) {
            match answer {
                Some(a) => out.answers.insert(id.clone(), a.clone()),
                None => out.answers.remove(id),
            };
            match notes {
                Some(n) => out.notes.insert(id.clone(), n.clone()),
                None => out.notes.remove(id),
            };
            out.fold_notes(id);
        }
    }
    out.updated = [mine.updated, theirs.updated].into_iter().flatten().max();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    /// A copy kept in step by `follow` equals the sheet after each kind of change.
    #[test]
    fn a_sheet_followed_change_by_change_stays_equal() {
        let t0 = datetime!(2026-11-25 10:00 +9);
        let t1 = datetime!(2026-11-25 10:05 +9);
        let mut s = Sheet::municipal("例市", 2026, t0);
        let mut kept = Sheet::municipal("", 2025, t1);
        let changes: [&dyn Fn(&mut Sheet); 9] = [
            &|s| {
                s.set_score("1-1", Score::NotInPlace, t0);
            },
            &|s| {
                s.set_score("2-1", Score::Operating, t1);
            },
            &|s| {
                s.set_score("1-1", Score::Documented, t1);
            },
            &|s| s.answers.get_mut("2-1").unwrap().comment = "週次".into(),
            &|s| {
                s.notes.insert(
                    "3-1".into(),
                    Notes {
                        comment: "未回答の所見".into(),
                        ..Notes::default()
                    },
                );
            },
            &|s| {
                s.answers.remove("1-1");
            },
            &|s| {
                s.profile.insert("q1".into(), true);
                s.respondent = "担当者".into();
                s.updated = Some(t1);
            },
            &|s| {
                s.notes.clear();
                s.answers.insert("0-9".into(), s.answers["2-1"].clone());
            },
            &|s| s.extra.push(("x".into(), "1".into())),
        ];
        for (i, change) in changes.iter().enumerate() {
            change(&mut s);
            kept.follow(&s, &Touched::All);
            assert_eq!(kept, s, "after change {i}");
        }
    }

    #[test]
    fn a_copy_follows_the_items_named_and_every_item_past_the_bound() {
        let t0 = datetime!(2026-11-25 10:00 +9);
        let mut s = Sheet::municipal("例市", 2026, t0);
        s.set_score("1-1", Score::NotInPlace, t0);
        s.set_score("1-2", Score::NotInPlace, t0);
        let mut kept = s.clone();
        s.set_score("1-1", Score::Operating, t0);
        s.answers.remove("1-2");
        s.notes.insert("1-3".into(), Notes::default());
        s.respondent = "担当者".into();
        let named = ["1-1", "1-2", "1-3"].map(String::from);
        kept.follow(&s, &Touched::Items(named.to_vec()));
        assert_eq!(kept, s);
        // An item not named is not looked at: the caller names every item it changed.
        s.set_score("2-1", Score::Operating, t0);
        kept.follow(&s, &Touched::Items(Vec::new()));
        assert!(!kept.answers.contains_key("2-1"));
        let mut touched = Touched::Items(Vec::new());
        for _ in 0..Touched::MOST {
            touched.add(&named[..1]);
        }
        assert!(matches!(touched, Touched::Items(_)));
        touched.add(&named[..1]);
        assert_eq!(touched, Touched::All);
        kept.follow(&s, &touched);
        assert_eq!(kept, s);
    }

    #[test]
    fn score_scale_round_trips_through_u8() {
        for s in Score::ALL {
            assert_eq!(Score::from_u8(s.value()), Some(s));
        }
        assert_eq!(Score::from_u8(4), None);
        assert!(!Score::NotApplicable.is_scored());
    }

    /// The hand-written comparisons tell every field apart, and each text field from the
    /// others (one compared against the wrong field would pass for most sheets).
    #[test]
    fn answers_notes_and_plans_differ_in_any_one_field() {
        let t0 = datetime!(2026-11-25 10:00 +9);
        let plan = Plan {
            action: "手順書を改定".into(),
            owner: "情報政策課".into(),
            due: "2027-03-31".into(),
            carried: false,
        };
        let answer = Answer {
            score: Score::Documented,
            comment: "年2回".into(),
            evidence: "議事録".into(),
            plan: Some(plan.clone()),
            flagged: false,
            updated: Some(t0),
            history: vec![HistoryEntry {
                score: Score::NotInPlace,
                at: t0,
            }],
            unconfirmed: false,
            extra: vec![("later".into(), "[1]".into())],
        };
        let notes = answer.notes();
        assert_eq!(answer, answer.clone());
        assert_eq!(notes, notes.clone());
        assert_eq!(plan, plan.clone());
        assert_eq!(Answer::new(Score::Operating), Answer::new(Score::Operating));
        let plans: Vec<fn(&mut Plan)> = vec![
            |p| p.action.clear(),
            |p| p.owner.clear(),
            |p| p.due.clear(),
            |p| p.carried = true,
            // Texts swapped: equal lengths would not tell them apart either.
            |p| std::mem::swap(&mut p.owner, &mut p.action),
        ];
        for change in plans {
            let mut other = plan.clone();
            change(&mut other);
            assert_ne!(plan, other);
            assert_ne!(other, plan);
        }
        let answers: Vec<fn(&mut Answer)> = vec![
            |a| a.score = Score::Operating,
            |a| a.comment.clear(),
            |a| a.comment.push('。'),
            |a| a.evidence.clear(),
            |a| a.comment = "議事録".into(),
            |a| a.plan = None,
            |a| a.plan.as_mut().unwrap().due.clear(),
            |a| a.flagged = true,
            |a| a.updated = None,
            |a| a.history.clear(),
            |a| a.unconfirmed = true,
            |a| a.extra.clear(),
        ];
        for change in answers {
            let mut other = answer.clone();
            change(&mut other);
            assert_ne!(answer, other);
            assert_ne!(other, answer);
        }
        let notes_changes: Vec<fn(&mut Notes)> = vec![
            |n| n.comment.clear(),
            |n| n.evidence = "年2回".into(),
            |n| n.plan = None,
            |n| n.extra.push(("x".into(), "1".into())),
        ];
        for change in notes_changes {
            let mut other = notes.clone();
            change(&mut other);
            assert_ne!(notes, other);
            assert_ne!(other, notes);
        }
    }

    #[test]
    fn changing_a_score_keeps_history() {
        let t0 = datetime!(2026-11-25 10:00 +9);
        let t1 = datetime!(2026-11-25 10:05 +9);
        let mut s = Sheet::municipal("例市", 2026, t0);
        assert!(s.set_score("1-1", Score::NotInPlace, t0));
        assert!(!s.set_score("1-1", Score::NotInPlace, t1));
        assert!(s.set_score("1-1", Score::Operating, t1));
        let a = &s.answers["1-1"];
        assert_eq!(a.score, Score::Operating);
        assert_eq!(
            a.history,
            vec![HistoryEntry {
                score: Score::NotInPlace,
                at: t0
            }]
        );
        assert_eq!(s.updated, Some(t1));
        // Several changes since one answer are one decision.
        let before = s.answers["1-1"].clone();
        s.set_score("1-1", Score::Documented, t1);
        s.set_score("1-1", Score::NotApplicable, t1);
        assert_eq!(s.answers["1-1"].history.len(), 3);
        s.squash_history("1-1", Some(&before), t1);
        assert_eq!(s.answers["1-1"].history.len(), 2);
        assert_eq!(s.answers["1-1"].history[1].score, Score::Operating);
        s.set_score("1-1", Score::Operating, t1);
        s.squash_history("1-1", Some(&before), t1);
        assert_eq!(
            s.answers["1-1"].history, before.history,
            "back where it began"
        );
        assert!(s.clear("1-1", t1).is_some());
        assert_eq!(s.score("1-1"), None);
    }
}
