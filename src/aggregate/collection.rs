//! Which files count (the 受付一覧): every file found is accounted for — counted, superseded
//! by another sheet of the same organisation, excluded (another fiscal year, another edition,
//! not a sheet at all), unreadable, or drafts only. Pure: the command reads each file into a
//! [`Received`] and hands it to an [`Intake`] at once (its line made, nothing held twice);
//! here they are decided ([`Decided`]), and `accounting.rs` counts what was decided.
//!
//! The rules, in order: the table's catalog is the one every sheet uses, or `--edition`'s
//! (mixed editions are refused naming the minority's files); its fiscal year is the majority's
//! or `--fiscal-year`'s; among one organisation's sheets the newest by its own updated time
//! (a file that gives none: its file's, and said so where that decided) counts (or the file
//! `--prefer` names), a sheet with confirmed answers before one of drafts only, a signed copy
//! before the same time unsigned; an organisation whose only sheets are drafts is listed as
//! drafts only.

use std::collections::BTreeMap;

use time::OffsetDateTime;

use super::model::Contribution;
use super::packed::Packed;
use super::spill::{PlanSpill, Spilled};
use crate::organization::Identity;
use crate::seal::SealState;

/// How a file was read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ReadAs {
    /// An answer sheet (`.ron`).
    Sheet,
    /// A workbook (`.xlsx`), through the importer of `new --from`, as answers.
    Workbook,
    /// A CSV table, through the same importer, as answers.
    Csv,
}

/// One organisation's submission, as read from its file.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Submission {
    pub(crate) read_as: ReadAs,
    pub(crate) catalog_id: String,
    /// Its 団体名, 団体コード and 都道府県 as written.
    pub(crate) organization: Organization,
    /// Who it is (`crate::organization`): sheets with the same identity are one
    /// organisation's.
    pub(crate) key: Identity,
    /// `None`: a table that does not say (taken as the collection's year).
    pub(crate) fiscal_year: Option<i32>,
    pub(crate) updated: Option<OffsetDateTime>,
    /// Items whose answer is an unconfirmed draft (carried from last year, not confirmed).
    pub(crate) drafts: Vec<String>,
    /// Confirmed answers.
    pub(crate) answered: usize,
    pub(crate) contribution: Contribution,
    /// What reading a table guessed or skipped (the importer's notes), worded.
    pub(crate) notes: Vec<String>,
    /// A sheet or table that does not say when it was changed has its file's time as
    /// `updated`; this note, worded, goes into its notes should that time decide between it
    /// and another of its organisation's sheets.
    pub(crate) file_time: Option<String>,
}

/// What reading one file gave.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Received {
    Submission(Box<Submission>),
    /// Why it could not be read (a sheet, a table or a directory).
    Unreadable(String),
    /// Neither an answer sheet nor a table (`.txt`, `.pdf`, …).
    NotASheet,
    /// A workbook or CSV that lists no checklist item (`ImportError::NoItems`): a cover
    /// letter or another document sent beside the answers.
    NoItems,
    /// One of tenken's own tables (an aggregate's or a diff's, workbook or CSV), written into
    /// the folder it collects.
    OwnTable,
    /// A catalog (`Catalog(…)` in RON), not a sheet.
    Catalog,
    /// The roster (`--roster`) kept in the folder, under its name or a link's: not read.
    Roster,
}

/// Why a file is not counted although it was read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Exclusion {
    /// A sheet of this fiscal year, not the collection's.
    FiscalYear(i32),
    /// A sheet of this catalog, not the table's.
    Edition(String),
    NotASheet,
    NoItems,
    OwnTable,
    Catalog,
    Roster,
}

/// What became of a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Status {
    Counted,
    /// Another sheet of the same organisation counts: this file.
    Superseded {
        by: String,
    },
    Excluded(Exclusion),
    Unreadable(String),
    /// Nothing confirmed: only last year's answers, carried as drafts.
    DraftsOnly,
}

impl Status {
    /// The JSON and CSV word.
    pub(crate) fn code(&self) -> &'static str {
        match self {
            Status::Counted => "counted",
            Status::Superseded { .. } => "superseded",
            Status::Excluded(_) => "excluded",
            Status::Unreadable(_) => "unreadable",
            Status::DraftsOnly => "drafts_only",
        }
    }
}

/// One line of the 受付一覧: a file and what became of it.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Entry {
    /// The file, and its organisation's 団体名, 団体コード and 都道府県 as written, in one
    /// allocation ([`Entry::file`], [`Entry::name`], …): every line is held until the table is
    /// written.
    texts: Packed,
    pub(crate) read_as: Option<ReadAs>,
    pub(crate) fiscal_year: Option<i32>,
    pub(crate) updated: Option<OffsetDateTime>,
    pub(crate) status: Status,
    /// What few entries have, apart (every entry is held until the table is written).
    rare: Option<Box<Rare>>,
    /// Who it is; a sheet without a code takes the identity of the one coded organisation it
    /// may be (`group`).
    pub(super) key: Identity,
}

/// The parts of a 受付一覧 line that few files have.
#[derive(Clone, Debug, Default, PartialEq)]
struct Rare {
    /// Unconfirmed drafts (never counted), of a counted or a drafts-only sheet.
    drafts: Vec<String>,
    /// What reading the file guessed or skipped (a table's importer notes), worded.
    notes: Vec<String>,
    /// [`Submission::file_time`], until [`decide`] knows whether the file's time decided.
    file_time: Option<String>,
    /// A sheet without a 団体コード that may be any of these coded organisations (as
    /// printed): not grouped with one, since it cannot tell which.
    may_be: Vec<String>,
    /// The 団体名 (as written) of the other sheets with its 団体コード whose names are not
    /// its own (neither contains the other: 石巻市's code on 仙台市's sheet, not 府中市役所
    /// beside 府中市): the code decides who they are, and a typo in it would drop a town.
    same_code: Vec<String>,
    /// The 団体名 the roster gives its 団体コード, where that is another name than its own
    /// (see `RosterCheck::named_otherwise`).
    roster_name: Option<String>,
    /// The organisation (as printed) a sheet that said less of who it is was taken to be, by
    /// its name (`group`).
    taken_as: Option<String>,
    /// Its updated time is the same as the chosen file's of its organisation (it may be that
    /// file): the order of their paths decided.
    tied: bool,
    /// Tied, and what the table takes of it (answers, drafts, plans, seal) is the same as the
    /// chosen file's: either gives the same table (a sheet sent twice).
    same_contents: bool,
    /// Counted over other files of its organisation for a reason beside its time.
    chosen_by: Option<ChosenBy>,
}

/// What chose the counted file over other files of its organisation, where its updated time
/// did not.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ChosenBy {
    /// Named by `--prefer`, whatever the others' times.
    Prefer,
    /// Its seal matches; another file of the same updated time is unsigned (`sign` keeps the
    /// time).
    Seal,
}

/// What the user chose instead of the defaults.
#[derive(Clone, Debug, Default)]
pub(crate) struct TableChoice {
    /// The table's catalog id (`--edition`).
    pub(crate) catalog: Option<String>,
    /// `--fiscal-year`.
    pub(crate) fiscal_year: Option<i32>,
    /// Files that count for their organisation whatever their time (`--prefer`).
    pub(crate) prefer: Vec<String>,
    /// The catalog id of a table wanted though no file is usable (with a roster: on the first
    /// day of a collection, the table is the list of who is missing).
    pub(crate) when_nothing_usable: Option<String>,
}

/// Why no table can be made.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum NoTable {
    /// Sheets of more than one catalog and no `--edition`: sheets per catalog id (most first),
    /// and the files of the minority (file, catalog id).
    MixedEditions {
        counts: Vec<(String, usize)>,
        minority: Vec<(String, String)>,
    },
    /// No file could be used; the accounting says why for each.
    NothingUsable(Vec<Entry>),
}

/// The files decided: every entry, the table's catalog and year, and what counts.
#[derive(Debug)]
pub(crate) struct Decided {
    pub(crate) catalog_id: String,
    pub(crate) fiscal_year: Option<i32>,
    pub(crate) entries: Vec<Entry>,
    /// The sheets' plan lines (`spill.rs`).
    pub(super) spill: PlanSpill,
    /// Per entry, what its submission adds; kept only for the entries that count (not
    /// gathered into a list of their own: 20,000 contributions were a megabyte).
    pub(super) counted: Vec<Option<Sub>>,
}

/// What a submission adds, beside its line.
#[derive(Debug)]
pub(super) struct Sub {
    /// Its catalog id's place among the intake's `catalog_ids`.
    catalog: usize,
    /// How many of its answers are confirmed.
    answered: usize,
    pub(super) contribution: Contribution,
    /// Where its plan lines were put.
    pub(super) plans: Spilled,
}

/// The files as they are read, in any order, each reduced at once to its line of the 受付一覧
/// and what it adds, so that nothing is held twice (20,000 sheets: the boxed submissions and
/// the lines made of them were ~10 MiB together); [`decide`] sorts them by file in place.
#[derive(Debug, Default)]
pub(crate) struct Intake {
    entries: Vec<Entry>,
    subs: Vec<Option<Sub>>,
    /// Per entry, where the file was among those given: equal names keep that order.
    given: Vec<usize>,
    /// The catalog ids the sheets answer, each once (a sheet keeps its id's place: 20,000
    /// copies of the same one or two ids were a megabyte).
    catalog_ids: Vec<String>,
    /// The sheets' plan lines, out of memory until the table is written (`spill.rs`).
    spill: PlanSpill,
}

impl Intake {
    pub(crate) fn with_capacity(n: usize) -> Intake {
        Intake {
            entries: Vec::with_capacity(n),
            subs: Vec::with_capacity(n),
            given: Vec::with_capacity(n),
            catalog_ids: Vec::new(),
            spill: PlanSpill::new(),
        }
    }

    /// Takes what reading `file`, the `given`th of the files, gave.
    pub(crate) fn add(&mut self, given: usize, file: String, received: Received) {
        let (entry, sub) = match received {
            Received::Submission(s) => {
                let mut s = *s;
                let at = self.spill.put(&std::mem::take(&mut s.contribution.plans));
                let o = &s.organization;
                let entry = Entry {
                    texts: Packed::new(&[&file, &o.name, &o.code, &o.prefecture]),
                    read_as: Some(s.read_as),
                    fiscal_year: s.fiscal_year,
                    updated: s.updated,
                    status: Status::Counted,
                    rare: (!(s.drafts.is_empty() && s.notes.is_empty() && s.file_time.is_none()))
                        .then(|| {
                            Box::new(Rare {
                                drafts: s.drafts,
                                notes: s.notes,
                                file_time: s.file_time,
                                ..Rare::default()
                            })
                        }),
                    key: s.key,
                };
                let known = self.catalog_ids.iter().position(|id| *id == s.catalog_id);
                let at_id = known.unwrap_or_else(|| {
                    self.catalog_ids.push(s.catalog_id);
                    self.catalog_ids.len() - 1
                });
                let sub = Sub {
                    catalog: at_id,
                    answered: s.answered,
                    contribution: s.contribution,
                    plans: at,
                };
                (entry, Some(sub))
            }
            Received::Unreadable(why) => (Entry::unread(file, Status::Unreadable(why)), None),
            Received::OwnTable => (
                Entry::unread(file, Status::Excluded(Exclusion::OwnTable)),
                None,
            ),
            Received::Catalog => (
                Entry::unread(file, Status::Excluded(Exclusion::Catalog)),
                None,
            ),
            Received::Roster => (
                Entry::unread(file, Status::Excluded(Exclusion::Roster)),
                None,
            ),
            Received::NotASheet => (
                Entry::unread(file, Status::Excluded(Exclusion::NotASheet)),
                None,
            ),
            Received::NoItems => (
                Entry::unread(file, Status::Excluded(Exclusion::NoItems)),
                None,
            ),
        };
        self.entries.push(entry);
        self.subs.push(sub);
        self.given.push(given);
    }

    /// Sorted by file (then as given), in place.
    fn sorted(mut self) -> (Vec<Entry>, Vec<Option<Sub>>, Vec<String>, PlanSpill) {
        let mut order: Vec<usize> = (0..self.entries.len()).collect();
        order.sort_unstable_by(|&a, &b| {
            (self.entries[a].file(), self.given[a]).cmp(&(self.entries[b].file(), self.given[b]))
        });
        // Each cycle of the permutation: position k takes the element at order[k].
        let mut placed = vec![false; order.len()];
        for start in 0..order.len() {
            let mut k = start;
            while !placed[k] {
                placed[k] = true;
                let from = order[k];
                if from == start {
                    break;
                }
                self.entries.swap(k, from);
                self.subs.swap(k, from);
                k = from;
            }
        }
        self.spill.flush();
        (self.entries, self.subs, self.catalog_ids, self.spill)
    }
}

/// Decides what becomes of each file (taken in any order; entries come out sorted by file).
pub(crate) fn decide(intake: Intake, choice: &TableChoice) -> Result<Decided, NoTable> {
    let (mut entries, mut subs, ids, spill) = intake.sorted();
    // The edition: the one every sheet uses, or the one chosen.
    let mut by_catalog: BTreeMap<&str, usize> = BTreeMap::new();
    for s in subs.iter().flatten() {
        *by_catalog.entry(&ids[s.catalog]).or_default() += 1;
    }
    let catalog_id = match (&choice.catalog, by_catalog.len()) {
        (Some(id), _) => id.clone(),
        (None, 0) => match &choice.when_nothing_usable {
            Some(id) => id.clone(),
            None => return Err(NoTable::NothingUsable(entries)),
        },
        (None, 1) => by_catalog
            .keys()
            .next()
            .map(|k| k.to_string())
            .unwrap_or_default(),
        (None, _) => {
            let mut counts: Vec<(String, usize)> = by_catalog
                .iter()
                .map(|(id, n)| (id.to_string(), *n))
                .collect();
            counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            // With a tie there is no majority: every sheet is named with its catalog.
            let majority = (counts[0].1 > counts[1].1).then(|| counts[0].0.clone());
            let minority = entries
                .iter()
                .zip(&subs)
                .filter_map(|(e, s)| s.as_ref().map(|s| (e, &ids[s.catalog])))
                .filter(|(_, id)| majority.as_ref() != Some(id))
                .map(|(e, id)| (e.file().to_string(), id.clone()))
                .collect();
            return Err(NoTable::MixedEditions { counts, minority });
        }
    };
    for (e, s) in entries.iter_mut().zip(subs.iter_mut()) {
        if let Some(Sub { catalog: id, .. }) = s
            && ids[*id] != catalog_id
        {
            e.status = Status::Excluded(Exclusion::Edition(ids[*id].clone()));
            *s = None;
        }
    }
    // The fiscal year: the majority's (the later on a tie), or the one chosen.
    let fiscal_year = choice.fiscal_year.or_else(|| {
        let mut years: BTreeMap<i32, usize> = BTreeMap::new();
        for (e, _) in entries.iter().zip(&subs).filter(|(_, s)| s.is_some()) {
            if let Some(y) = e.fiscal_year {
                *years.entry(y).or_default() += 1;
            }
        }
        years
            .into_iter()
            .max_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)))
            .map(|(y, _)| y)
    });
    for (e, s) in entries.iter_mut().zip(subs.iter_mut()) {
        if s.is_some()
            && let (Some(y), Some(want)) = (e.fiscal_year, fiscal_year)
            && y != want
        {
            e.status = Status::Excluded(Exclusion::FiscalYear(y));
            *s = None;
        }
    }
    let live: Vec<bool> = subs.iter().map(Option::is_some).collect();
    group(&mut entries, &live);
    // One sheet per organisation: the preferred file, else one with confirmed answers before
    // drafts only, then the newest by its own updated time, a copy whose seal matches before
    // the same time unsigned (`sign` keeps the time), the later file on a tie.
    // The live entries in order of who they are (file order within one): each run of one
    // identity is an organisation's sheets (sorted indices, not a map of lists: 20,000 sheets
    // made a list each).
    let mut by_key: Vec<usize> = (0..entries.len()).filter(|i| subs[*i].is_some()).collect();
    by_key.sort_by(|a, b| entries[*a].key.cmp(&entries[*b].key));
    let mut verdicts: Vec<(usize, Status)> = Vec::new();
    let mut same_code: Vec<(usize, Vec<String>)> = Vec::new();
    let mut timed: Vec<usize> = Vec::new();
    let mut same_time: Vec<(usize, bool)> = Vec::new();
    let mut chosen_by: Vec<(usize, ChosenBy)> = Vec::new();
    for members in by_key.chunk_by(|a, b| entries[*a].key == entries[*b].key) {
        let rank = |i: &usize| {
            let answered = subs[*i].as_ref().map_or(0, |s| s.answered);
            let sealed = subs[*i].as_ref().is_some_and(|s| {
                matches!(s.contribution.seal.as_deref(), Some(SealState::Matches(_)))
            });
            (
                choice.prefer.iter().any(|p| p == entries[*i].file()),
                answered > 0,
                entries[*i].updated,
                sealed,
                *i,
            )
        };
        let Some(&chosen) = members.iter().max_by_key(|i| rank(i)) else {
            continue;
        };
        let (preferred, answered, updated, sealed, _) = rank(&chosen);
        let others = || members.iter().filter(|i| **i != chosen).map(rank);
        if preferred && others().next().is_some() {
            chosen_by.push((chosen, ChosenBy::Prefer));
        } else if sealed
            && others().any(|(p, a, u, s, _)| (p, a, u, s) == (preferred, answered, updated, false))
        {
            chosen_by.push((chosen, ChosenBy::Seal));
        }
        if !entries[chosen].key.code.is_empty() {
            for &i in members {
                let mut names: Vec<String> = members
                    .iter()
                    .filter(|&&j| entries[i].key.named_otherwise(&entries[j].key))
                    .map(|&j| entries[j].name().to_string())
                    .collect();
                names.sort();
                names.dedup();
                if !names.is_empty() {
                    same_code.push((i, names));
                }
            }
        }
        // Where the times decided (more than one sheet as preferred and as answered as the
        // chosen), a time that is the file's is said to be.
        let tied = |i: &&usize| {
            let (p, a, ..) = rank(i);
            (p, a) == (preferred, answered)
        };
        if members.iter().filter(tied).nth(1).is_some() {
            timed.extend(members.iter().filter(tied));
            let same = members.iter().filter(|i| {
                let (.., u, s, _) = rank(i);
                tied(i) && (u, s) == (updated, sealed)
            });
            if same.clone().nth(1).is_some() {
                // What the table takes of a file: its catalog, drafts, contribution (its plan
                // lines are in the spill, read back for these few).
                let counted = |i: usize| {
                    subs[i].as_ref().map(|s| {
                        let plans = spill.get(s.plans);
                        (s.catalog, entries[i].drafts(), &s.contribution, plans)
                    })
                };
                let alike = same.clone().all(|i| counted(*i) == counted(chosen));
                same_time.extend(same.map(|i| (*i, alike)));
            }
        }
        let drafts_only = subs[chosen].as_ref().is_some_and(|s| s.answered == 0)
            && !entries[chosen].drafts().is_empty();
        if drafts_only {
            verdicts.push((chosen, Status::DraftsOnly));
        }
        for &i in members.iter().filter(|i| **i != chosen) {
            verdicts.push((
                i,
                Status::Superseded {
                    by: entries[chosen].file().to_string(),
                },
            ));
        }
    }
    for (i, status) in verdicts {
        entries[i].status = status;
    }
    for (i, names) in same_code {
        entries[i].rare().same_code = names;
    }
    for (i, by) in chosen_by {
        entries[i].rare().chosen_by = Some(by);
    }
    for (i, alike) in same_time {
        let rare = entries[i].rare();
        rare.tied = true;
        rare.same_contents = alike;
    }
    for i in timed {
        if let Some(r) = entries[i].rare.as_mut()
            && let Some(note) = r.file_time.take()
        {
            r.notes.push(note);
        }
    }
    let mut counted = subs;
    for (s, e) in counted.iter_mut().zip(&entries) {
        if e.status != Status::Counted {
            *s = None;
        } else if let Some(Sub {
            contribution: c, ..
        }) = s
            && e.fiscal_year.is_none()
        {
            // A table that names no year is counted as the collection's.
            c.fiscal_year = fiscal_year.unwrap_or(c.fiscal_year);
        }
    }
    Ok(Decided {
        catalog_id,
        fiscal_year,
        entries,
        spill,
        counted,
    })
}

/// How complete an identity is: a code, else a prefecture, else a name alone.
fn completeness(id: &Identity) -> u8 {
    match (id.code.is_empty(), id.prefecture.is_empty()) {
        (false, _) => 2,
        (true, false) => 1,
        (true, true) => 0,
    }
}

/// Groups the sheets that say less of who they are with the ones that say more: a sheet
/// without a 団体コード (or without a prefecture) that `Identity::may_be` one organisation
/// known more completely among the `live` entries takes that organisation's identity — so a
/// town that sent one file with its code and one without counts once. One that may be
/// several is left alone and lists them (`Entry::may_be`). Prefecture-only sheets are
/// resolved before name-only ones, so a name alone reaches a code through them.
fn group(entries: &mut [Entry], live: &[bool]) {
    // The live entries by name (file order within one name), and where each name's run ends:
    // found before any identity changes below.
    let mut by_name: Vec<usize> = (0..entries.len()).filter(|i| live[*i]).collect();
    by_name.sort_by(|a, b| entries[*a].key.compared().cmp(entries[*b].key.compared()));
    let mut ends = Vec::new();
    for (k, w) in by_name.windows(2).enumerate() {
        if entries[w[0]].key.compared() != entries[w[1]].key.compared() {
            ends.push(k + 1);
        }
    }
    ends.push(by_name.len());
    for level in [1, 0] {
        let mut start = 0;
        for &end in &ends {
            let members = &by_name[start..end];
            start = end;
            for &i in members {
                if completeness(&entries[i].key) != level {
                    continue;
                }
                let mut candidates: Vec<&Identity> = members
                    .iter()
                    .map(|&j| &entries[j].key)
                    .filter(|k| completeness(k) > level && entries[i].key.may_be(k))
                    .collect();
                candidates.sort();
                candidates.dedup();
                match candidates.as_slice() {
                    [] => {}
                    [one] => {
                        let found = (*one).clone();
                        entries[i].rare().taken_as = Some(found.to_string());
                        entries[i].key = found;
                    }
                    many => {
                        let shown = many.iter().map(ToString::to_string).collect();
                        entries[i].rare().may_be = shown;
                    }
                }
            }
        }
    }
}

/// An organisation as a sheet, a roster (名簿) line or last year's table names it: 団体名,
/// 団体コード and 都道府県 as written, each empty when not given.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Organization {
    pub(crate) name: String,
    pub(crate) code: String,
    pub(crate) prefecture: String,
}

impl Organization {
    /// Who it is (`crate::organization`), to compare with others.
    pub(crate) fn identity(&self) -> Identity {
        Identity::of(&self.name, &self.code, &self.prefecture)
    }

    /// Whether the two may be one organisation ([`Identity::may_be`]).
    pub(crate) fn may_be(&self, other: &Organization) -> bool {
        self.identity().may_be(&other.identity())
    }

    /// 「宮城県 あおば市」.
    pub(crate) fn shown(&self) -> String {
        if self.prefecture.is_empty() {
            self.name.clone()
        } else {
            format!("{} {}", self.prefecture, self.name)
        }
    }
}

impl Entry {
    /// Unconfirmed drafts (never counted), of a counted or a drafts-only sheet.
    pub(crate) fn drafts(&self) -> &[String] {
        self.rare.as_ref().map_or(&[], |r| &r.drafts)
    }

    /// What reading the file guessed or skipped (a table's importer notes), worded.
    pub(crate) fn notes(&self) -> &[String] {
        self.rare.as_ref().map_or(&[], |r| &r.notes)
    }

    /// A sheet without a 団体コード that may be any of these coded organisations (as
    /// printed): not grouped with one, since it cannot tell which.
    pub(crate) fn may_be(&self) -> &[String] {
        self.rare.as_ref().map_or(&[], |r| &r.may_be)
    }

    /// The 団体名 the roster gives its 団体コード, when another than its own.
    pub(crate) fn roster_name(&self) -> Option<&str> {
        self.rare.as_ref().and_then(|r| r.roster_name.as_deref())
    }

    /// Records the 団体名 the roster gives its 団体コード (`RosterCheck::named_otherwise`).
    pub(crate) fn set_roster_name(&mut self, name: String) {
        self.rare().roster_name = Some(name);
    }

    /// The other 団体名 its 団体コード is on (see `Rare::same_code`).
    pub(crate) fn same_code(&self) -> &[String] {
        self.rare.as_ref().map_or(&[], |r| &r.same_code)
    }

    /// The organisation (as printed) a sheet that said less of who it is was taken to be.
    pub(crate) fn taken_as(&self) -> Option<&str> {
        self.rare.as_ref().and_then(|r| r.taken_as.as_deref())
    }

    /// Whether the order of paths decided between it and another file of its organisation
    /// with the same updated time.
    pub(crate) fn tied(&self) -> bool {
        self.rare.as_ref().is_some_and(|r| r.tied)
    }

    /// Tied ([`Entry::tied`]) with files that give the table the same contents.
    pub(crate) fn same_contents(&self) -> bool {
        self.rare.as_ref().is_some_and(|r| r.same_contents)
    }

    /// What chose it over other files of its organisation, beside its time.
    pub(crate) fn chosen_by(&self) -> Option<ChosenBy> {
        self.rare.as_ref().and_then(|r| r.chosen_by)
    }

    fn rare(&mut self) -> &mut Rare {
        self.rare.get_or_insert_default()
    }

    /// The file, as the 受付一覧 names it.
    pub(crate) fn file(&self) -> &str {
        self.texts.get(0)
    }

    /// The organisation's 団体名 as written; empty when not given.
    pub(crate) fn name(&self) -> &str {
        self.texts.get(1)
    }

    /// The organisation's 団体コード as written; empty when not given.
    pub(crate) fn code(&self) -> &str {
        self.texts.get(2)
    }

    /// The organisation's 都道府県 as written; empty when not given.
    pub(crate) fn prefecture(&self) -> &str {
        self.texts.get(3)
    }

    fn unread(file: String, status: Status) -> Entry {
        Entry {
            texts: Packed::new(&[&file, "", "", ""]),
            read_as: None,
            fiscal_year: None,
            updated: None,
            status,
            rare: None,
            key: Identity::of("", "", ""),
        }
    }
}
