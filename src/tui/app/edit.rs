//! `App`'s changes to the sheet: answering, clearing, flagging, the notes editor (on an
//! answered item or not), each one undo step (`undo.rs`), and undo and redo.

use super::undo::{Record, UndoChange, UndoStep, Undoable};
use super::*;

impl App {
    /// Leaves the editor keeping its text (one undo step).
    pub(super) fn close_editor(&mut self, now: OffsetDateTime) -> Vec<Effect> {
        let Mode::Editor(editor) = std::mem::replace(&mut self.mode, Mode::Normal) else {
            return Vec::new();
        };
        let id = self.item_id(editor.position);
        let effects = self.mutate(&[id], now, |sheet, id| {
            let mut notes = sheet.notes_of(id).unwrap_or_default();
            editor.apply(&mut notes);
            sheet.set_notes(id, notes);
        });
        // A due date that cannot be read is said so now, not only by `check` later (#21.8).
        let lang = self.lang();
        if let Some(due) = editor.due()
            && let Some(why) = crate::date::unreadable_due(&due, self.sheet.fiscal_year(), lang)
        {
            self.message = Some(crate::lang::say!(
                lang,
                "{why} (p で直せます)",
                "{why} (p edits it)"
            ));
        }
        effects
    }

    /// Refuses a change in read-only mode; true when refused.
    pub(super) fn refuse_read_only(&mut self) -> bool {
        if self.read_only {
            self.say(
                "読み取り専用です (他の人が編集中)",
                "read-only (someone else is editing this sheet)",
            );
        }
        self.read_only
    }

    pub(super) fn answer(&mut self, score: Score, now: OffsetDateTime) -> Vec<Effect> {
        match self.cursor {
            Node::Item(p) => self.answer_and_stay_if_changed(p, score, now),
            node => {
                if self.refuse_read_only() {
                    return Vec::new();
                }
                // Unanswered only: an unconfirmed draft is never replaced by a bulk answer.
                let positions: Vec<usize> = node
                    .items(self.catalog)
                    .filter(|&p| {
                        self.score.items[p] == ItemState::Unanswered && !self.is_unconfirmed(p)
                    })
                    .collect();
                if positions.is_empty() {
                    self.say_nothing_to_answer(node);
                } else {
                    self.mode = Mode::ConfirmBulk {
                        node,
                        score,
                        positions,
                    };
                }
                Vec::new()
            }
        }
    }

    /// A digit on an item: answers it and moves on, except when the answer changes a score
    /// (a confirmed one or a draft's): then the cursor stays, so that c/e/p write why at once,
    /// and the message says so; Enter moves on (#21.4).
    fn answer_and_stay_if_changed(
        &mut self,
        p: usize,
        score: Score,
        now: OffsetDateTime,
    ) -> Vec<Effect> {
        let id = self.item_id(p);
        let before = match self.score.items[p] {
            ItemState::Answered(s) => Some(s),
            _ if self.is_unconfirmed(p) => self.sheet.answers.get(&id).map(|a| a.score),
            _ => None,
        };
        let changed = before.filter(|&b| b != score);
        let effects = self.answer_item(p, score, self.options.advance && changed.is_none(), now);
        let answered = self
            .sheet
            .answers
            .get(&id)
            .is_some_and(|a| a.score == score && !a.unconfirmed);
        if let Some(b) = changed
            && answered
        {
            let (b, s, to) = (b.value(), score.value(), self.options.theme.arrow());
            self.message = Some(crate::lang::say!(
                self.lang(),
                "{id}: {b} {to} {s}。理由は c (コメント)・e・p でこの項目に、Enter で次へ",
                "{id}: {b} {to} {s}. c/e/p write why on this item; Enter moves on"
            ));
        }
        effects
    }

    pub(super) fn answer_item(
        &mut self,
        position: usize,
        score: Score,
        advance: bool,
        now: OffsetDateTime,
    ) -> Vec<Effect> {
        self.change_item(position, advance, now, |sheet, id| {
            sheet.set_score(id, score, now);
        })
    }

    /// Changes one item (undoably) unless the sheet is read-only or the item does not apply,
    /// then moves on to the next unanswered item when `advance`.
    pub(super) fn change_item(
        &mut self,
        position: usize,
        advance: bool,
        now: OffsetDateTime,
        change: impl FnMut(&mut Sheet, &str),
    ) -> Vec<Effect> {
        if self.refuse_read_only() || self.refuse_excluded(position) {
            return Vec::new();
        }
        let id = self.item_id(position);
        let effects = self.mutate(&[id], now, change);
        if advance {
            self.advance_from(position);
        }
        effects
    }

    /// Says so and returns true when the item does not apply to the organisation.
    pub(super) fn refuse_excluded(&mut self, position: usize) -> bool {
        let excluded = self.score.items[position] == ItemState::Excluded;
        if excluded {
            self.say(
                "この項目は団体の条件により対象外です",
                "this item does not apply to the organization's profile",
            );
        }
        excluded
    }

    /// After an answer: on to the next unanswered item, or say that there is none.
    pub(super) fn advance_from(&mut self, position: usize) {
        match self.next_unanswered(Some(position), true) {
            Some(p) => self.go_to_item(p),
            None => self.say("すべての項目に回答しました", "every item is answered"),
        }
    }

    /// `x`: clears the answer at once when nothing but the score goes with it; asks first
    /// (`Mode::ConfirmClear`) when a comment, evidence, plan or flag would go too. Notes live
    /// in an answer, so clearing the score alone would leave notes of an unanswered item.
    pub(super) fn clear(&mut self, now: OffsetDateTime) -> Vec<Effect> {
        let Some(p) = self.current_item() else {
            return Vec::new();
        };
        if self.refuse_read_only() {
            return Vec::new();
        }
        if self.has_notes(p) {
            self.mode = Mode::ConfirmClear { position: p };
            return Vec::new();
        }
        self.clear_item(p, now)
    }

    /// Whether the item carries more than its score: notes or a flag (on an answer or not).
    pub(crate) fn has_notes(&self, position: usize) -> bool {
        self.sheet
            .notes_of(&self.item_id(position))
            .is_some_and(|n| n.flagged || n.has_text())
    }

    /// Clears the item's answer with its notes (one undo step).
    pub(super) fn clear_item(&mut self, position: usize, now: OffsetDateTime) -> Vec<Effect> {
        let had_notes = self.has_notes(position);
        let id = self.item_id(position);
        let answered = self.sheet.answers.contains_key(&id);
        let effects = self.mutate(&[id], now, |sheet, id| {
            sheet.clear(id, now);
        });
        match (had_notes, answered) {
            (true, true) => self.say(
                "回答とその記入を消しました (u で元に戻せます)",
                "cleared the answer and its notes (u undoes)",
            ),
            (true, false) => self.say(
                "記入を消しました (u で元に戻せます)",
                "cleared the notes (u undoes)",
            ),
            (false, _) => {}
        }
        effects
    }

    pub(super) fn toggle_flag(&mut self, now: OffsetDateTime) -> Vec<Effect> {
        let Some(p) = self.current_item() else {
            self.say("付箋は項目に付けます", "a flag goes on an item");
            return Vec::new();
        };
        if self.refuse_read_only() {
            return Vec::new();
        }
        let id = self.item_id(p);
        // Answered or not: an unanswered item keeps its flag with its notes until answered.
        self.mutate(&[id], now, |sheet, id| {
            let mut notes = sheet.notes_of(id).unwrap_or_default();
            notes.flagged = !notes.flagged;
            sheet.set_notes(id, notes);
        })
    }

    /// Opens the notes editor on the item, answered or not: notes written on an unanswered
    /// item are kept apart from the answers (`Sheet::notes`), and it stays unanswered.
    pub(super) fn open_editor(&mut self, kind: NoteKind) {
        let Some(p) = self.current_item() else {
            self.say("項目を選んでください", "select an item first");
            return;
        };
        if self.refuse_read_only() {
            return;
        }
        let notes = self.sheet.notes_of(&self.item_id(p)).unwrap_or_default();
        self.mode = Mode::Editor(Box::new(NoteEditor::open(kind, p, &notes)));
    }

    /// Changes the items `ids` with `f` (their answers and notes, nothing else of the sheet:
    /// only they are scored again), recording one undo step. Effects: save.
    pub(super) fn mutate(
        &mut self,
        ids: &[String],
        now: OffsetDateTime,
        mut f: impl FnMut(&mut Sheet, &str),
    ) -> Vec<Effect> {
        let before: Vec<Record> = ids.iter().map(|id| Record::of(&self.sheet, id)).collect();
        for id in ids {
            f(&mut self.sheet, id);
            self.sheet.fold_notes(id);
        }
        let visited = match (self.cursor, ids) {
            (Node::Item(p), [id]) if *id == self.item_id(p) => Some(p),
            _ => None,
        };
        match visited {
            Some(p) => self.visit_changed(p, &before[0], now),
            None => self.visit = None,
        }
        let changes: Box<[UndoChange]> = ids
            .iter()
            .zip(before)
            .filter_map(|(id, before)| {
                let after = Record::of(&self.sheet, id);
                (before != after).then(|| UndoChange::new(id.clone(), before, &after))
            })
            .collect();
        if changes.is_empty() {
            return Vec::new();
        }
        self.sheet.updated = Some(now);
        self.history.record(Undoable::Answers(UndoStep {
            changes,
            cursor: self.cursor,
        }));
        match ids
            .iter()
            .map(|id| self.catalog.position(id))
            .collect::<Option<Vec<usize>>>()
        {
            Some(positions) => self.rescore_items(&positions),
            None => self.rescore(),
        }
        self.save.dirty = true;
        self.touched.add(ids);
        vec![Effect::Save]
    }

    /// The item under the cursor at `position` was changed from `before`: the visit's changes
    /// make one entry of its score history, and a visit that comes back to where it began
    /// leaves the answer exactly as it was (its time too).
    fn visit_changed(&mut self, position: usize, before: &Record, now: OffsetDateTime) {
        let start = match &self.visit {
            Some(v) if v.position == position => v.answer.clone(),
            _ => {
                self.visit = Some(Visit {
                    position,
                    answer: before.answer.clone(),
                });
                before.answer.clone()
            }
        };
        let id = self.item_id(position);
        self.sheet.squash_history(&id, start.as_ref(), now);
        let unstamped = |a: Option<&Answer>| {
            a.cloned().map(|mut a| {
                a.updated = None;
                a
            })
        };
        if let Some(start) = start
            && unstamped(Some(&start)) == unstamped(self.sheet.answers.get(&id))
        {
            self.sheet.answers.insert(id, start);
        }
    }

    /// Ends the visit when the cursor is no longer on the visited item.
    pub(super) fn end_visit_if_moved(&mut self) {
        if self
            .visit
            .as_ref()
            .is_some_and(|v| self.cursor != Node::Item(v.position))
        {
            self.visit = None;
        }
    }

    pub(super) fn committed(&mut self) -> Vec<Effect> {
        self.rescore();
        self.unsaved()
    }

    /// The sheet changed: to be saved, and handed over whole (what changed is not known).
    fn unsaved(&mut self) -> Vec<Effect> {
        self.save.dirty = true;
        self.touched = Touched::All;
        vec![Effect::Save]
    }

    /// What changed since the last call (see [`App::touched`]); nothing from now on.
    pub(crate) fn take_touched(&mut self) -> Touched {
        std::mem::replace(&mut self.touched, Touched::Items(Vec::new()))
    }

    pub(super) fn undo_redo(&mut self, undo: bool, now: OffsetDateTime) -> Vec<Effect> {
        if self.refuse_read_only() {
            return Vec::new();
        }
        self.visit = None;
        let Some(entry) = self.history.take(undo) else {
            self.say(
                if undo {
                    "元に戻す操作はありません"
                } else {
                    "やり直す操作はありません"
                },
                if undo {
                    "nothing to undo"
                } else {
                    "nothing to redo"
                },
            );
            return Vec::new();
        };
        let step = match entry {
            Undoable::Answers(step) => step,
            Undoable::Header(change) => return self.undo_redo_header(*change, undo, now),
        };
        let cursor = step.cursor;
        let back = self.put_back(step, undo);
        self.history.push(!undo, Undoable::Answers(back));
        self.sheet.updated = Some(now);
        match cursor {
            Node::Item(p) => self.go_to_item(p),
            node => self.cursor = node,
        }
        self.reveal(self.cursor);
        self.committed()
    }
}
