//! The undo history: one step per action (an answer, a note edit, a flag, a bulk answer, a
//! carry from last year, a visit to the header form), each able to say what it undid, and
//! bounded in memory ([`App::UNDO_BYTES`], [`App::UNDO_STEPS`]): the oldest steps go first.
//!
//! A step keeps each changed item as it is to be put back, and putting it back makes the step
//! that takes it back again (undo makes the redo step and the reverse): the sheet holds the
//! other side. Of the item's texts (comment, evidence, plan) a step keeps only those that
//! differ from the sheet's when it is made: an answer, which leaves them as they were, keeps
//! its score, flag, time and history, not the notes. Every item change is a step (`mutate`),
//! and a sheet replaced from disk clears the history, so the texts a step left out are the
//! sheet's when it is put back.
//!
//! The item's score history (`Answer::history`) is still kept per visit (`edit.rs`): it
//! records decisions, not keystrokes, while undo takes back one keystroke's worth at a time.

use std::collections::VecDeque;

use super::App;
use crate::lang::{Lang, say};
use crate::sheet::{Answer, Header, Notes, Plan, Sheet};
use crate::tui::header::HeaderChange;
use crate::tui::outline::Node;

/// One item as the sheet keeps it: its answer, or the notes written before it was answered.
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) struct Record {
    pub(super) answer: Option<Answer>,
    pub(super) notes: Option<Notes>,
}

impl Record {
    pub(super) fn of(sheet: &Sheet, id: &str) -> Record {
        Record {
            answer: sheet.answers.get(id).cloned(),
            notes: sheet.notes.get(id).cloned(),
        }
    }

    /// Puts the item back in the sheet as recorded.
    pub(super) fn restore(&self, sheet: &mut Sheet, id: &str) {
        match &self.answer {
            Some(a) => sheet.answers.insert(id.to_string(), a.clone()),
            None => sheet.answers.remove(id),
        };
        match &self.notes {
            Some(n) => sheet.notes.insert(id.to_string(), n.clone()),
            None => sheet.notes.remove(id),
        };
    }

    /// The item's texts: its answer's, or the notes written before it was answered.
    fn texts(&self) -> Option<(&String, &String, &Option<Plan>)> {
        match (&self.answer, &self.notes) {
            (Some(a), _) => Some((&a.comment, &a.evidence, &a.plan)),
            (None, Some(n)) => Some((&n.comment, &n.evidence, &n.plan)),
            (None, None) => None,
        }
    }

    fn texts_mut(&mut self) -> Option<(&mut String, &mut String, &mut Option<Plan>)> {
        match (&mut self.answer, &mut self.notes) {
            (Some(a), _) => Some((&mut a.comment, &mut a.evidence, &mut a.plan)),
            (None, Some(n)) => Some((&mut n.comment, &mut n.evidence, &mut n.plan)),
            (None, None) => None,
        }
    }

    /// Leaves out the texts that are the same as `other`'s, to be taken from it again by
    /// [`Record::take_back`]; says which.
    fn leave_out(&mut self, other: &Record) -> Shared {
        let (Some((comment, evidence, plan)), Some((c, e, p))) = (self.texts_mut(), other.texts())
        else {
            return Shared::default();
        };
        let shared = Shared {
            comment: !comment.is_empty() && comment == c,
            evidence: !evidence.is_empty() && evidence == e,
            plan: plan.is_some() && plan == p,
        };
        if shared.comment {
            *comment = String::new();
        }
        if shared.evidence {
            *evidence = String::new();
        }
        if shared.plan {
            *plan = None;
        }
        shared
    }

    /// Takes back from `other` the texts left out.
    fn take_back(&mut self, shared: Shared, other: &Record) {
        let (Some((comment, evidence, plan)), Some((c, e, p))) = (self.texts_mut(), other.texts())
        else {
            debug_assert_eq!(shared, Shared::default(), "texts left out have a source");
            return;
        };
        if shared.comment {
            comment.clone_from(c);
        }
        if shared.evidence {
            evidence.clone_from(e);
        }
        if shared.plan {
            plan.clone_from(p);
        }
    }

    /// The memory the record holds, roughly: its texts and its fixed parts.
    fn bytes(&self) -> usize {
        let notes = |comment: &str, evidence: &str, plan: Option<&Plan>| {
            comment.len()
                + evidence.len()
                + plan.map_or(0, |p| p.action.len() + p.owner.len() + p.due.len())
        };
        let extra =
            |e: &crate::sheet::Extra| e.iter().map(|(k, v)| k.len() + v.len()).sum::<usize>();
        let answer = self.answer.as_ref().map_or(0, |a| {
            std::mem::size_of::<Answer>()
                + notes(&a.comment, &a.evidence, a.plan.as_ref())
                + a.history.len() * std::mem::size_of::<crate::sheet::HistoryEntry>()
                + extra(&a.extra)
        });
        let written = self.notes.as_ref().map_or(0, |n| {
            std::mem::size_of::<Notes>()
                + notes(&n.comment, &n.evidence, n.plan.as_ref())
                + extra(&n.extra)
        });
        answer + written
    }

    /// The score as the tree shows it: `3`, a draft `3?`, or unanswered.
    fn score(&self, lang: Lang) -> String {
        match &self.answer {
            Some(a) if a.unconfirmed => format!("{}?", a.score.value()),
            Some(a) => a.score.value().to_string(),
            None => lang.pick("未回答", "unanswered").into(),
        }
    }
}

/// Which of an item's texts a step left out: the same as the sheet's.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Shared {
    comment: bool,
    evidence: bool,
    plan: bool,
}

/// One item as a step puts it back, without the texts the sheet holds the same.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct UndoChange {
    pub(super) id: String,
    /// Boxed: a change is kept in a slice of exactly as many as the step changed.
    kept: Box<Record>,
    shared: Shared,
}

impl UndoChange {
    /// The change that puts `record` back where the sheet holds `current`.
    pub(super) fn new(id: String, mut record: Record, current: &Record) -> UndoChange {
        let shared = record.leave_out(current);
        UndoChange {
            id,
            kept: Box::new(record),
            shared,
        }
    }

    /// Puts the item back in the sheet; returns it as it was (`from`) and is now (`to`).
    fn put_back(self, sheet: &mut Sheet) -> (String, Record, Record) {
        let from = Record::of(sheet, &self.id);
        let mut to = *self.kept;
        to.take_back(self.shared, &from);
        to.restore(sheet, &self.id);
        (self.id, from, to)
    }
}

/// The items one action changed, and where the cursor was.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct UndoStep {
    /// A slice, not a `Vec`: a `Vec` collected from a filter keeps room for four.
    pub(super) changes: Box<[UndoChange]>,
    pub(super) cursor: Node,
}

/// One entry of the undo history: item answers, or the sheet's header (one visit to the
/// header form `i`).
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Undoable {
    Answers(UndoStep),
    Header(Box<HeaderChange>),
}

impl Undoable {
    fn bytes(&self) -> usize {
        match self {
            Undoable::Answers(step) => step
                .changes
                .iter()
                .map(|c| {
                    std::mem::size_of::<UndoChange>()
                        + std::mem::size_of::<Record>()
                        + c.id.len()
                        + c.kept.bytes()
                })
                .sum(),
            Undoable::Header(change) => header_bytes(&change.before) + header_bytes(&change.after),
        }
    }
}

fn header_bytes(h: &Header) -> usize {
    let texts = [
        &h.organization,
        &h.organization_code,
        &h.prefecture,
        &h.respondent,
        &h.inspector,
        &h.approver,
        &h.inspected_on,
        &h.seal,
    ];
    std::mem::size_of::<Header>()
        + texts.iter().map(|t| t.len()).sum::<usize>()
        + h.profile.keys().map(|k| k.len() + 32).sum::<usize>()
}

/// The undo and redo lists, with the memory they hold.
#[derive(Debug, Default)]
pub(super) struct History {
    undo: VecDeque<(Undoable, usize)>,
    redo: Vec<(Undoable, usize)>,
    bytes: usize,
}

impl History {
    /// A new action: its step goes on the undo list, the redo list is dropped, and the oldest
    /// steps go while the history is over its bounds (the newest is always kept).
    pub(super) fn record(&mut self, step: Undoable) {
        for (_, bytes) in self.redo.drain(..) {
            self.bytes -= bytes;
        }
        self.push(true, step);
        while self.undo.len() > 1
            && (self.bytes > App::UNDO_BYTES || self.undo.len() > App::UNDO_STEPS)
        {
            if let Some((_, bytes)) = self.undo.pop_front() {
                self.bytes -= bytes;
            }
        }
    }

    /// Takes the last step off the undo list (`undo`) or the redo list.
    pub(super) fn take(&mut self, undo: bool) -> Option<Undoable> {
        let (step, bytes) = if undo {
            self.undo.pop_back()?
        } else {
            self.redo.pop()?
        };
        self.bytes -= bytes;
        Some(step)
    }

    /// Puts a step on the undo list (`undo`) or the redo list, keeping the other.
    pub(super) fn push(&mut self, undo: bool, step: Undoable) {
        let bytes = step.bytes();
        self.bytes += bytes;
        if undo {
            self.undo.push_back((step, bytes));
        } else {
            self.redo.push((step, bytes));
        }
    }

    pub(super) fn clear(&mut self) {
        *self = History::default();
    }

    #[cfg(test)]
    pub(super) fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    #[cfg(test)]
    pub(super) fn len(&self) -> usize {
        self.undo.len()
    }

    /// The memory the steps hold, roughly.
    #[cfg(test)]
    pub(super) fn bytes(&self) -> usize {
        self.bytes
    }
}

impl App {
    /// At most this much memory is kept for undo (the newest step is kept whatever its size).
    pub(crate) const UNDO_BYTES: usize = 16 * 1024 * 1024;
    /// At most this many steps are kept for undo.
    pub(crate) const UNDO_STEPS: usize = 1000;

    /// The memory the undo history holds, roughly.
    #[cfg(test)]
    pub(crate) fn undo_bytes(&self) -> usize {
        self.history.bytes()
    }

    /// Puts back the items of `step` (undoing or redoing it), says what was done in a few
    /// words (`1-1: 1 → 3 に戻しました`), and returns the step that takes them back again.
    pub(super) fn put_back(&mut self, step: UndoStep, undo: bool) -> UndoStep {
        let lang = self.lang();
        let arrow = self.options.theme.arrow();
        let (ja, en) = if undo {
            ("取り消しました", "undone")
        } else {
            ("やり直しました", "redone")
        };
        let n = step.changes.len();
        let mut changes = Vec::with_capacity(n);
        let mut message = None;
        for change in step.changes.into_vec() {
            let (id, from, to) = change.put_back(&mut self.sheet);
            if n == 1 {
                let (was, is) = (from.score(lang), to.score(lang));
                let shown = crate::safe_text::sanitize_line(&id);
                message = Some(if was != is {
                    let back = if undo {
                        "戻しました"
                    } else {
                        "やり直しました"
                    };
                    say!(
                        lang,
                        "{shown}: {was} {arrow} {is} に{back}",
                        "{en} {shown}: {was} {arrow} {is}"
                    )
                } else {
                    let what = changed_notes(&from, &to, lang);
                    say!(
                        lang,
                        "{shown}: {what}の変更を{ja}",
                        "{en} {shown}: {what} edit"
                    )
                });
            }
            changes.push(UndoChange::new(id, from, &to));
        }
        self.message = Some(message.unwrap_or_else(|| {
            let first = (changes.first())
                .map(|c| crate::safe_text::sanitize_line(&c.id).into_owned())
                .unwrap_or_default();
            // No ellipsis: the ASCII stand-ins for ambiguous glyphs would show a lone ".".
            let more = n - 1;
            say!(
                lang,
                "{n} 項目 ({first} ほか) の変更を{ja}",
                "{en} the change of {n} items ({first} and {more} more)"
            )
        }));
        UndoStep {
            changes: changes.into_boxed_slice(),
            cursor: step.cursor,
        }
    }
}

/// Which notes differ between two records of an item with the same score: `コメント`,
/// `コメント・改善計画`, `付箋`.
fn changed_notes(a: &Record, b: &Record, lang: Lang) -> String {
    let notes = |r: &Record| {
        r.answer
            .as_ref()
            .map(Answer::notes)
            .or_else(|| r.notes.clone())
            .unwrap_or_default()
    };
    let (x, y) = (notes(a), notes(b));
    let mut what = Vec::new();
    if x.comment != y.comment {
        what.push(lang.pick("コメント", "comment"));
    }
    if x.evidence != y.evidence {
        what.push(lang.pick("根拠資料", "evidence"));
    }
    if x.plan != y.plan {
        what.push(lang.pick("改善計画", "plan"));
    }
    if x.flagged != y.flagged {
        what.push(lang.pick("付箋", "flag"));
    }
    if what.is_empty() {
        what.push(lang.pick("回答", "answer"));
    }
    what.join(lang.pick("・", ", "))
}
