//! `App`'s actions on last year's sheet (the model is `tui::previous::LastYear`, the `R`
//! overlay `view::previous`): loading and showing it, taking its answers (one
//! item, a section, or the whole sheet), confirming carried-over drafts, and moving to items
//! that changed, were below 3 last year, or await confirmation.
//!
//! Taking never overwrites silently: one item's answer given this year is replaced only after
//! asking; a section or the whole sheet takes answers only into items unanswered this year, as
//! unconfirmed drafts (`carry::carry_forward`), after asking, as one undo step.

use std::collections::HashSet;

use super::*;
use crate::carry::{CarryPreview, carry_forward};
use crate::diff::Mismatch;
use crate::tui::previous::{is_answer_change, was_below_target};

impl App {
    pub(super) fn set_previous(&mut self, previous: PreviousSheet) {
        self.previous = Some(LastYear::new(previous, self.catalog));
        self.show_previous = true;
    }

    /// Why the sheet shown as last year's may not be: not the fiscal year before this one's,
    /// or another organisation's (`diff::pairing`, the check `diff` makes).
    fn mismatches(&self) -> Vec<Mismatch> {
        self.previous
            .as_ref()
            .map(|prev| crate::diff::pairing(&prev.sheet, &self.sheet))
            .unwrap_or_default()
    }

    /// [`Self::mismatches`] in full sentences, for the `R` summary.
    pub(crate) fn pairing_warnings(&self) -> Vec<String> {
        let lang = self.lang();
        self.mismatches().iter().map(|m| m.sentence(lang)).collect()
    }

    /// Says what was loaded: last year's 年度, file, and what changed — or, before all that,
    /// why it may not be last year's sheet (short enough for one line at 80 columns; `R`
    /// says it in full).
    pub(super) fn announce_previous(&mut self) {
        let mismatches = self.mismatches();
        if !mismatches.is_empty() {
            let lang = self.lang();
            let parts: Vec<String> = mismatches
                .into_iter()
                .map(|m| match (m, lang) {
                    (Mismatch::Year { last, .. }, Lang::Ja) => {
                        format!("{}のもの (前年度ではない)", last.display(lang))
                    }
                    (Mismatch::Year { last, .. }, Lang::En) => {
                        format!("for {}, not the year before", last.display(lang))
                    }
                    (Mismatch::Organization { last, .. }, Lang::Ja) => {
                        format!(
                            "別の団体「{}」のもの",
                            crate::safe_text::sanitize_line(&last)
                        )
                    }
                    (Mismatch::Organization { last, .. }, Lang::En) => format!(
                        "another organization's (\"{}\")",
                        crate::safe_text::sanitize_line(&last)
                    ),
                })
                .collect();
            self.message = Some(match lang {
                Lang::Ja => format!("警告 (R で詳細): 前年のシートは{}", parts.join("、")),
                Lang::En => format!("warning, see R: last year's sheet is {}", parts.join("; ")),
            });
            return;
        }
        let Some(prev) = &self.previous else {
            return;
        };
        let lang = self.lang();
        let year = prev.sheet.fiscal_year().display(lang);
        let name = crate::safe_text::sanitize_line(&prev.name).into_owned();
        let c = prev.counts(&self.score);
        let changed = c.improved + c.worse + c.changed;
        let removed = prev.removed.len();
        self.message = Some(match lang {
            Lang::Ja => format!(
                "前年 {year} ({name}) を表示: 回答の変化 {changed} 件、文言変更 {}、廃止 {removed} (R で一覧)",
                c.wording
            ),
            Lang::En => format!(
                "last year {year} ({name}) shown: {} changed, {} reworded, {removed} removed (R lists)",
                crate::lang::count(changed, "answer"),
                c.wording
            ),
        });
    }

    /// The `V` prompt's file name: ask the loop to read it.
    pub(super) fn load_previous_prompt(&mut self, input: &str) -> Vec<Effect> {
        let path = input.trim();
        if path.is_empty() {
            self.say("取り消しました", "cancelled");
            return Vec::new();
        }
        vec![Effect::LoadPrevious(PathBuf::from(path))]
    }

    /// The `V` prompt, offering the sheet found beside this one (Ctrl-U clears it).
    pub(super) fn prompt_previous(&mut self) {
        let guess = self.previous_guess.clone().unwrap_or_default();
        self.mode = Mode::prompt(PromptKind::LoadPrevious, guess);
    }

    /// The `V` prompt's file name completed from `names` (the entries of its directory).
    pub(super) fn complete_previous(&mut self, names: &[(String, bool)]) {
        if let Mode::Prompt {
            kind: PromptKind::LoadPrevious,
            input,
            cursor,
        } = &mut self.mode
            && let Some(longer) = crate::tui::start::complete_path(input, names)
        {
            *cursor = longer.chars().count();
            *input = longer;
        }
    }

    pub(super) fn toggle_previous(&mut self) {
        if self.previous.is_none() {
            self.prompt_previous();
            return;
        }
        self.show_previous = !self.show_previous;
        if self.show_previous {
            self.say("前年の回答を表示します", "last year's answers shown");
        } else {
            self.say(
                "前年の回答を隠しました (v で再表示)",
                "last year's answers hidden (v shows them)",
            );
        }
    }

    /// Previous-year actions need a previous sheet; they show it if it was hidden.
    pub(super) fn require_previous(&mut self) -> bool {
        if self.previous.is_none() {
            self.say(
                "前年のシートがありません (V で読み込む)",
                "no sheet of last year (V loads one)",
            );
            return false;
        }
        self.show_previous = true;
        true
    }

    pub(super) fn is_unconfirmed(&self, position: usize) -> bool {
        self.sheet
            .answers
            .get(&self.item_id(position))
            .is_some_and(|a| a.unconfirmed)
    }

    /// Positions of the unconfirmed drafts under `node` that apply to the organisation.
    pub(crate) fn drafts_under(&self, node: Node) -> Vec<usize> {
        node.items(self.catalog)
            .filter(|&p| self.score.items[p] != ItemState::Excluded && self.is_unconfirmed(p))
            .collect()
    }

    /// A bulk answer found no unanswered item under `node`: says so, and how to confirm the
    /// drafts there, if any.
    pub(super) fn say_nothing_to_answer(&mut self, node: Node) {
        let drafts = self.drafts_under(node).len();
        if drafts == 0 {
            self.say(
                "この見出しの下に未回答の項目はありません",
                "no unanswered items under this heading",
            );
            return;
        }
        self.message = Some(match self.lang() {
            Lang::Ja => format!(
                "この見出しの下に未回答の項目はありません (下書き {drafts} 件は C で点数を確かめて確定)"
            ),
            Lang::En => format!(
                "no unanswered items under this heading ({}: C shows the scores and confirms)",
                crate::lang::count(drafts, "draft")
            ),
        });
    }

    /// `Enter` on an item: confirm an unconfirmed answer unchanged and move on like an answer.
    /// Last year's plan is not confirmed with it: it stays marked, and the cursor stays to
    /// show it (#21.7). On any other item (where a changed score left the cursor), move on.
    pub(super) fn confirm_item(&mut self, position: usize, now: OffsetDateTime) -> Vec<Effect> {
        if !self.is_unconfirmed(position) {
            self.advance_from(position);
            return Vec::new();
        }
        let id = self.item_id(position);
        let carried_plan = self.sheet.answers[&id]
            .plan
            .as_ref()
            .is_some_and(|p| p.carried && !p.is_empty());
        let effects = self.change_item(
            position,
            self.options.advance && !carried_plan,
            now,
            |sheet, id| {
                sheet.confirm(id, now);
            },
        );
        if carried_plan && !self.is_unconfirmed(position) {
            self.message = Some(crate::lang::say!(
                self.lang(),
                "{id} を確定しました。改善計画は前年度の計画のまま: p で見直す、Enter で次へ",
                "{id} confirmed; its plan is still last year's plan: p reviews it, Enter moves on"
            ));
        }
        effects
    }

    /// `t`: on an item, take last year's answer; on a heading, its unanswered items.
    pub(super) fn take(&mut self, now: OffsetDateTime) -> Vec<Effect> {
        let Some(p) = self.current_item() else {
            self.ask_take_many(Some(self.cursor));
            return Vec::new();
        };
        if !self.require_previous() || self.refuse_read_only() {
            return Vec::new();
        }
        if self.refuse_excluded(p) {
            return Vec::new();
        }
        let id = self.item_id(p);
        let Some(prev) = &self.previous else {
            return Vec::new();
        };
        if prev.state(p).is_none() {
            self.say(
                "今年の新設項目です: 前年の回答はありません",
                "a new item this year: last year has no answer",
            );
            return Vec::new();
        }
        let Some(last) = prev.answer(&id).filter(|a| !a.unconfirmed).cloned() else {
            self.say(
                "前年はこの項目に回答していません",
                "last year did not answer this item",
            );
            return Vec::new();
        };
        match self.sheet.answers.get(&id) {
            Some(a) if !a.unconfirmed => {
                if a.score == last.score
                    && a.comment == last.comment
                    && a.evidence == last.evidence
                    && a.plan.as_ref().map(crate::sheet::Plan::carried_over)
                        == last.plan.as_ref().map(crate::sheet::Plan::carried_over)
                {
                    self.say(
                        "今年の回答は前年と同じです",
                        "this year's answer is last year's already",
                    );
                    Vec::new()
                } else {
                    self.mode = Mode::ConfirmReplace { position: p };
                    Vec::new()
                }
            }
            _ => self.take_one(p, now),
        }
    }

    /// Takes last year's score, comment, evidence and plan into one item as a confirmed
    /// answer (the replaced score goes to the item's history; `u` undoes). Over an answer given
    /// this year (asked first: `Mode::ConfirmReplace`) last year's answer is taken whole;
    /// otherwise what was written on the item this year — notes on it unanswered, a draft's
    /// own — stays, last year's filling what is empty, as any first answer keeps the notes. The
    /// plan taken is last year's, marked as such until it is opened ([`Plan::carried`]).
    pub(super) fn take_one(&mut self, position: usize, now: OffsetDateTime) -> Vec<Effect> {
        let id = self.item_id(position);
        let Some(last) = self
            .previous
            .as_ref()
            .and_then(|prev| prev.answer(&id))
            .cloned()
        else {
            return Vec::new();
        };
        let replacing = self.sheet.answers.get(&id).is_some_and(|a| !a.unconfirmed);
        let written = (!replacing)
            .then(|| self.sheet.notes_of(&id))
            .flatten()
            .filter(|n| !n.is_empty());
        // What is said kept: text written this year (a flag stays too, unsaid).
        let kept = written.as_ref().is_some_and(crate::sheet::Notes::has_text);
        let effects = self.mutate(&[id], now, |sheet, id| {
            sheet.notes.remove(id);
            sheet.set_score(id, last.score, now);
            if let Some(a) = sheet.answers.get_mut(id) {
                a.unconfirmed = false;
                a.comment = last.comment.clone();
                a.evidence = last.evidence.clone();
                a.plan = last.plan.as_ref().map(crate::sheet::Plan::carried_over);
                if let Some(w) = written.clone() {
                    w.fold_into(a);
                }
            }
        });
        let score = last.score.value();
        self.message = Some(match (self.lang(), kept) {
            (Lang::Ja, false) => format!("前年の回答 {score} を取り込みました (u で元に戻せます)"),
            (Lang::Ja, true) => format!(
                "前年の回答 {score} を取り込みました。今年書いたメモはそのままです (u で元に戻せます)"
            ),
            (Lang::En, false) => format!("took last year's answer {score} (u undoes)"),
            (Lang::En, true) => {
                format!(
                    "took last year's answer {score}; the notes written this year stay (u undoes)"
                )
            }
        });
        if self.options.advance
            && let Some(p) = self.next_unanswered(Some(position), true)
        {
            self.go_to_item(p);
        }
        effects
    }

    /// Asks before taking last year's answers into the unanswered items under `node` (or the
    /// whole sheet).
    pub(super) fn ask_take_many(&mut self, node: Option<Node>) {
        if !self.require_previous() || self.refuse_read_only() {
            return;
        }
        let range = match node {
            Some(n) => n.items(self.catalog),
            None => 0..self.catalog.item_count(),
        };
        let wanted: HashSet<String> = range
            .filter(|&p| self.score.items[p] != ItemState::Excluded)
            .map(|p| self.item_id(p))
            .collect();
        let Some((_, preview)) =
            self.carried(&|id| wanted.contains(id), OffsetDateTime::UNIX_EPOCH)
        else {
            return;
        };
        if preview.carried.is_empty() {
            let kept = preview.kept.len();
            self.message = Some(crate::lang::say!(
                self.lang(),
                "取り込める前年の回答はありません (今年回答済みの {kept} 件はそのまま)",
                "no answers of last year to take ({kept} answered this year are kept)"
            ));
            return;
        }
        self.mode = Mode::ConfirmTake {
            node,
            ids: preview.carried,
            kept: preview.kept.len(),
            wording: preview.wording_changed.len(),
        };
    }

    /// Takes last year's answers into `ids` as unconfirmed drafts: one undo step. Items
    /// answered in the meantime are left alone (`carry_forward` never overwrites).
    pub(super) fn take_many(
        &mut self,
        node: Option<Node>,
        ids: &[String],
        now: OffsetDateTime,
    ) -> Vec<Effect> {
        let wanted: HashSet<&str> = ids.iter().map(String::as_str).collect();
        let Some((drafts, preview)) = self.carried(&|id| wanted.contains(id), now) else {
            return Vec::new();
        };
        let effects = self.mutate(&preview.carried, now, |sheet, id| {
            if !sheet.answers.contains_key(id)
                && let Some(a) = drafts.answers.get(id)
            {
                sheet.answers.insert(id.to_string(), a.clone());
            }
        });
        self.say_drafts_arrived(preview.carried.len());
        if let Some(n) = node {
            self.cursor = n;
        }
        effects
    }

    /// Last year's answers carried into a copy of this year's sheet for the items `wanted`
    /// names (`carry_forward`): the copy and what was carried, kept or reworded. `None`
    /// without a previous sheet.
    fn carried(
        &self,
        wanted: &dyn Fn(&str) -> bool,
        now: OffsetDateTime,
    ) -> Option<(Sheet, CarryPreview)> {
        let prev = self.previous.as_ref()?;
        let mut drafts = self.sheet.clone();
        let preview = carry_forward(
            prev.catalog,
            &prev.sheet,
            self.catalog,
            &mut drafts,
            wanted,
            now,
        );
        Some((drafts, preview))
    }

    /// Says that `n` answers of last year arrived as drafts (`T`, or the start form's carry)
    /// and how to go through them.
    pub(crate) fn say_drafts_arrived(&mut self, n: usize) {
        let en = crate::lang::count(n, "answer");
        let drafts = if n == 1 { "a draft" } else { "drafts" };
        self.message = Some(crate::lang::say!(
            self.lang(),
            "前年度の回答 {n} 件を下書きとして取り込みました: Enter で確定、数字で変更、m で次の下書きへ",
            "took {en} of last year as {drafts}: Enter confirms, a digit replaces, m goes to the next"
        ));
    }

    pub(super) fn next_changed(&mut self, forward: bool) {
        if !self.require_previous() {
            return;
        }
        let Some(prev) = &self.previous else {
            return;
        };
        let target = self.find_next(forward, |p| {
            is_answer_change(prev.change(p, self.score.items[p]))
        });
        match target {
            Some(found) => self.go_round(found, forward),
            None => self.say(
                "前年から回答が変わった項目はありません",
                "no answer changed since last year",
            ),
        }
    }

    pub(super) fn next_below_target(&mut self, forward: bool) {
        if !self.require_previous() {
            return;
        }
        let Some(prev) = &self.previous else {
            return;
        };
        let target = self.find_next(forward, |p| was_below_target(prev.score_at(p)));
        match target {
            Some(found) => self.go_round(found, forward),
            None => self.say(
                "前年 3 点未満だった項目はありません",
                "no item was below 3 last year",
            ),
        }
    }

    pub(super) fn next_unconfirmed(&mut self, forward: bool) {
        let target = self.find_next(forward, |p| {
            self.score.items[p] != ItemState::Excluded && self.is_unconfirmed(p)
        });
        match target {
            Some(found) => self.go_round(found, forward),
            None => self.say("下書きはありません", "no drafts"),
        }
    }
}

impl App {
    /// `C`: asks before confirming every draft under the heading (on an item: its 管理目標),
    /// the question listing their scores.
    pub(super) fn ask_confirm_drafts(&mut self) {
        if self.refuse_read_only() {
            return;
        }
        let node = match self.cursor {
            Node::Item(_) => match self.cursor.parent(self.catalog) {
                Some(goal) => goal,
                None => return,
            },
            heading => heading,
        };
        let positions = self.drafts_under(node);
        if positions.is_empty() {
            self.say(
                "この見出しの下に下書きはありません",
                "no drafts under this heading",
            );
            return;
        }
        self.mode = Mode::ConfirmDrafts { node, positions };
    }

    /// Confirms the drafts at `positions` with their scores as they are: one undo step.
    pub(super) fn confirm_drafts(
        &mut self,
        node: Node,
        positions: &[usize],
        now: OffsetDateTime,
    ) -> Vec<Effect> {
        let ids: Vec<String> = positions.iter().map(|&p| self.item_id(p)).collect();
        let effects = self.mutate(&ids, now, |sheet, id| {
            sheet.confirm(id, now);
        });
        let n = ids.len();
        self.message = Some(match self.lang() {
            Lang::Ja => format!("下書き {n} 件をその点数のまま確定しました (u で元に戻せます)"),
            Lang::En => format!(
                "confirmed {} with the scores shown (u undoes)",
                crate::lang::count(n, "draft")
            ),
        });
        self.cursor = node;
        effects
    }
}

#[cfg(test)]
mod tests;
