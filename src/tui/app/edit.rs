//! `App`'s changes to the sheet: answering, clearing, flagging, the notes editor, and the
//! undo history (one step per visit to an item).

use super::*;

impl App {
    /// Leaves the editor keeping its text (one undo step).
    pub(super) fn close_editor(&mut self, now: OffsetDateTime) -> Vec<Effect> {
        let Mode::Editor(editor) = std::mem::replace(&mut self.mode, Mode::Normal) else {
            return Vec::new();
        };
        let id = self.item_id(editor.position);
        let effects = self.mutate(&[id], now, |sheet, id| {
            if let Some(answer) = sheet.answers.get_mut(id) {
                editor.apply(answer);
            }
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
            Node::Item(p) => self.answer_item(p, score, self.options.advance, now),
            node => {
                if self.refuse_read_only() {
                    return Vec::new();
                }
                // Unanswered only: an unconfirmed draft is never replaced by a bulk answer.
                let positions: Vec<usize> = node
                    .items(&self.catalog)
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
                "this item does not apply to the organisation's profile",
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

    /// Whether the item's answer carries more than its score: notes or a flag.
    pub fn has_notes(&self, position: usize) -> bool {
        self.sheet
            .answers
            .get(&self.item_id(position))
            .is_some_and(|a| {
                !a.comment.trim().is_empty()
                    || !a.evidence.trim().is_empty()
                    || a.plan.as_ref().is_some_and(|p| !p.is_empty())
                    || a.flagged
            })
    }

    /// Clears the item's answer with its notes (one undo step).
    pub(super) fn clear_item(&mut self, position: usize, now: OffsetDateTime) -> Vec<Effect> {
        let had_notes = self.has_notes(position);
        let id = self.item_id(position);
        let effects = self.mutate(&[id], now, |sheet, id| {
            sheet.clear(id, now);
        });
        if had_notes {
            self.say(
                "回答とその記入を消しました (u で元に戻せます)",
                "cleared the answer and its notes (u undoes)",
            );
        }
        effects
    }

    pub(super) fn toggle_flag(&mut self, now: OffsetDateTime) -> Vec<Effect> {
        let Some(p) = self.current_item() else {
            return Vec::new();
        };
        if self.refuse_read_only() || !self.require_answer(p) {
            return Vec::new();
        }
        let id = self.item_id(p);
        self.mutate(&[id], now, |sheet, id| {
            if let Some(a) = sheet.answers.get_mut(id) {
                a.flagged = !a.flagged;
            }
        })
    }

    /// Notes live in an answer: an unanswered item has none yet.
    fn require_answer(&mut self, position: usize) -> bool {
        let answered = self.sheet.answers.contains_key(&self.item_id(position));
        if !answered {
            self.say(
                "先に 0〜3 で回答してください",
                "answer the item (0-3) first",
            );
        }
        answered
    }

    pub(super) fn open_editor(&mut self, kind: NoteKind) {
        let Some(p) = self.current_item() else {
            self.say("項目を選んでください", "select an item first");
            return;
        };
        if self.refuse_read_only() || !self.require_answer(p) {
            return;
        }
        let answer = self.sheet.answers.get(&self.item_id(p));
        self.mode = Mode::Editor(Box::new(NoteEditor::open(kind, p, answer)));
    }

    /// Changes the answers of `ids` with `f`, recording one undo step. Effects: save.
    pub(super) fn mutate(
        &mut self,
        ids: &[String],
        now: OffsetDateTime,
        mut f: impl FnMut(&mut Sheet, &str),
    ) -> Vec<Effect> {
        let before: Vec<Option<Answer>> = ids
            .iter()
            .map(|id| self.sheet.answers.get(id).cloned())
            .collect();
        for id in ids {
            f(&mut self.sheet, id);
        }
        let changes: Vec<Change> = ids
            .iter()
            .zip(before)
            .filter_map(|(id, before)| {
                let after = self.sheet.answers.get(id).cloned();
                (before != after).then(|| Change {
                    id: id.clone(),
                    before,
                    after,
                })
            })
            .collect();
        if changes.is_empty() {
            return Vec::new();
        }
        self.sheet.updated = Some(now);
        if !self.join_visit(&changes, now) {
            self.undo.push(Undoable::Answers(Step {
                changes,
                cursor: self.cursor,
            }));
            self.visit = match (self.cursor, ids) {
                (Node::Item(p), [id]) if *id == self.item_id(p) => Some(Visit {
                    position: p,
                    depth: self.undo.len(),
                }),
                _ => None,
            };
        }
        self.redo.clear();
        self.committed()
    }

    /// Folds a change of the visited item into the visit's undo step and history entry;
    /// false when `changes` start a step of their own. A visit that ends where it began
    /// leaves no step and no history.
    fn join_visit(&mut self, changes: &[Change], now: OffsetDateTime) -> bool {
        let Some(visit) = self.visit else {
            return false;
        };
        let [change] = changes else {
            return false;
        };
        let same_item = self.cursor == Node::Item(visit.position)
            && change.id == self.item_id(visit.position)
            && self.undo.len() == visit.depth;
        let Some(Undoable::Answers(step)) = self.undo.last_mut() else {
            return false;
        };
        if !same_item || step.changes.len() != 1 {
            return false;
        };
        let first = &mut step.changes[0];
        self.sheet
            .squash_history(&first.id, first.before.as_ref(), now);
        first.after = self.sheet.answers.get(&first.id).cloned();
        let unstamped = |a: &Option<Answer>| {
            a.clone().map(|mut a| {
                a.updated = None;
                a
            })
        };
        if unstamped(&first.before) == unstamped(&first.after) {
            match first.before.clone() {
                Some(a) => self.sheet.answers.insert(first.id.clone(), a),
                None => self.sheet.answers.remove(&first.id),
            };
            self.undo.pop();
            self.visit = None;
        }
        true
    }

    /// Ends the visit when the cursor is no longer on the visited item.
    pub(super) fn end_visit_if_moved(&mut self) {
        if self
            .visit
            .is_some_and(|v| self.cursor != Node::Item(v.position))
        {
            self.visit = None;
        }
    }

    pub(super) fn committed(&mut self) -> Vec<Effect> {
        self.rescore();
        self.save.dirty = true;
        vec![Effect::Save]
    }

    pub(super) fn undo_redo(&mut self, undo: bool, now: OffsetDateTime) -> Vec<Effect> {
        if self.refuse_read_only() {
            return Vec::new();
        }
        let (from, to) = if undo {
            (&mut self.undo, &mut self.redo)
        } else {
            (&mut self.redo, &mut self.undo)
        };
        self.visit = None;
        let Some(entry) = from.pop() else {
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
        for c in &step.changes {
            let value = if undo { &c.before } else { &c.after };
            match value {
                Some(a) => {
                    self.sheet.answers.insert(c.id.clone(), a.clone());
                }
                None => {
                    self.sheet.answers.remove(&c.id);
                }
            }
        }
        let cursor = step.cursor;
        to.push(Undoable::Answers(step));
        self.sheet.updated = Some(now);
        match cursor {
            Node::Item(p) => self.go_to_item(p),
            node => self.cursor = node,
        }
        self.reveal(self.cursor);
        self.committed()
    }
}
