//! Moving round the checklist: rows of the tree, jump and search, and the next item of a kind
//! (unanswered, warning, flagged, search match, and last year's changed, below-3 and draft
//! items), every one found by [`next_in`] so that they all start alike from a heading and say
//! alike when they go round the end, as a meeting needs. And the item's text scrolled
//! ([`scroll_within`], for the popups too): within what the last frame showed of it.

use std::collections::HashSet;

use super::*;

/// Where a search for the next item of a kind starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Start {
    /// On an item: the search looks at the others first and at this one last.
    Item(usize),
    /// Just before this item: where a heading stands, above its first item, so that going
    /// forward looks at that item first and going back at the item above the heading.
    Before(usize),
}

/// An item found by [`next_in`], and whether the search went round the end (or the start).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Hit {
    pub(super) position: usize,
    pub(super) wrapped: bool,
}

/// The first position of `0..n` from `start`, going forward (or back) and round the end,
/// for which `pred` holds. Every position is looked at once.
pub(super) fn next_in(
    n: usize,
    start: Start,
    forward: bool,
    mut pred: impl FnMut(usize) -> bool,
) -> Option<Hit> {
    if n == 0 {
        return None;
    }
    // Steps from `origin`: 1..=n from an item (itself last) or back from a heading, 0..n
    // forward from a heading. Counted in 0..2n so that going round is `>= n` forward and
    // `< n` back.
    let (origin, steps) = match (start, forward) {
        (Start::Before(p), true) => (p, 0..=n - 1),
        (Start::Item(p) | Start::Before(p), _) => (p, 1..=n),
    };
    steps
        .map(|k| {
            if forward {
                let q = origin + k;
                Hit {
                    position: q % n,
                    wrapped: q >= n,
                }
            } else {
                let q = origin + n - k;
                Hit {
                    position: q % n,
                    wrapped: q < n,
                }
            }
        })
        .find(|f| pred(f.position))
}

impl App {
    /// Where a search from the cursor starts: the item under it, or above a heading's first
    /// item.
    fn search_start(&self) -> Start {
        match self.cursor {
            Node::Item(p) => Start::Item(p),
            heading => Start::Before(heading.items(self.catalog).start),
        }
    }

    /// The first item a search forward from the cursor looks at: the one after the item
    /// under it, or a heading's first (what the score strip names as `w`'s next warning).
    pub(crate) fn first_after_cursor(&self) -> usize {
        match self.search_start() {
            Start::Item(p) => p + 1,
            Start::Before(p) => p,
        }
    }

    /// The next (or previous) item from the cursor for which `pred` holds, going round.
    pub(super) fn find_next(&self, forward: bool, pred: impl FnMut(usize) -> bool) -> Option<Hit> {
        next_in(
            self.catalog.item_count(),
            self.search_start(),
            forward,
            pred,
        )
    }

    /// The next (or previous) applicable unanswered item after `from`, wrapping around.
    /// `from: None` searches from the start (or end).
    pub fn next_unanswered(&self, from: Option<usize>, forward: bool) -> Option<usize> {
        let start = from.map_or(Start::Before(0), Start::Item);
        next_in(self.score.items.len(), start, forward, |p| {
            self.score.items[p] == ItemState::Unanswered
        })
        .map(|f| f.position)
    }

    /// `n` / `N`: the next (previous) unanswered item from the cursor.
    pub(super) fn go_next_unanswered(&mut self, forward: bool) {
        match self.find_next(forward, |p| self.score.items[p] == ItemState::Unanswered) {
            Some(found) => self.go_round(found, forward),
            None => self.say("未回答の項目はありません", "no unanswered items"),
        }
    }

    /// `w` / `W`: the next (previous) item with a priority warning.
    pub(super) fn next_warning(&mut self, forward: bool) {
        let warned: HashSet<usize> = self.warnings.iter().map(|w| w.position).collect();
        match self.find_next(forward, |p| warned.contains(&p)) {
            Some(found) => self.go_round(found, forward),
            None => self.say("重要点検項目の警告はありません", "no priority warnings"),
        }
    }

    /// Puts the cursor on an item, opening the headings above it.
    pub fn go_to_item(&mut self, position: usize) {
        if position >= self.catalog.item_count() {
            return;
        }
        self.cursor = Node::Item(position);
        self.text_from_top();
        self.reveal(self.cursor);
        self.end_visit_if_moved();
    }

    pub(super) fn reveal(&mut self, node: Node) {
        let above = std::iter::successors(node.parent(self.catalog), |h| h.parent(self.catalog));
        self.folding.expand(self.catalog, above);
    }

    pub(super) fn move_rows(&mut self, delta: isize) {
        let rows = self.folding.rows();
        let here = rows.iter().position(|n| *n == self.cursor).unwrap_or(0);
        let target = here
            .saturating_add_signed(delta)
            .min(rows.len().saturating_sub(1));
        if let Some(n) = rows.get(target) {
            self.cursor = *n;
            self.text_from_top();
        }
    }

    /// The item's text (the item pane's, the focus view's) scrolled `by` rows, within what
    /// the last frame showed of it.
    pub(super) fn scroll_text(&mut self, by: i32) {
        self.item_scroll = scroll_within(self.item_scroll, by, self.item_reach.get());
    }

    /// The item pane at the top of the text of the node now under the cursor, how far that
    /// text scrolls unknown until it is drawn.
    pub(super) fn text_from_top(&mut self) {
        self.item_scroll = 0;
        self.item_reach.set(super::Reach::UNKNOWN);
    }

    /// In the focus view: previous or next item in catalog order.
    pub(super) fn step_item(&mut self, delta: isize) {
        let here = self.current_item().unwrap_or(0);
        let target = here
            .saturating_add_signed(delta)
            .min(self.catalog.item_count().saturating_sub(1));
        self.go_to_item(target);
    }

    pub(super) fn collapse(&mut self) {
        match self.cursor {
            Node::Item(_) => {
                if let Some(parent) = self.cursor.parent(self.catalog) {
                    self.cursor = parent;
                }
            }
            node if self.folding.is_collapsed(node) => {
                if let Some(parent) = node.parent(self.catalog) {
                    self.cursor = parent;
                }
            }
            node => self.folding.collapse(self.catalog, node),
        }
    }

    pub(super) fn expand(&mut self) {
        match self.cursor {
            Node::Item(_) => {}
            node if self.folding.is_collapsed(node) => {
                self.folding.expand(self.catalog, [node]);
            }
            _ => self.move_rows(1),
        }
    }

    pub(super) fn run_prompt(&mut self, kind: PromptKind, input: &str) {
        match kind {
            PromptKind::Jump => self.jump(input),
            PromptKind::LoadPrevious => {}
            PromptKind::Search => {
                let query = if input.trim().is_empty() {
                    self.last_search.clone()
                } else {
                    input.trim().to_string()
                };
                if !query.is_empty() {
                    self.search(&query);
                    self.last_search = query;
                }
            }
        }
    }

    fn jump(&mut self, input: &str) {
        let id = Catalog::typed_id(input);
        if let Some(p) = self.catalog.position(&id) {
            self.go_to_item(p);
            return;
        }
        // A bare number is a 管理目標.
        if let Ok(goal) = id.parse::<u32>() {
            let found = self
                .catalog
                .items()
                .position(|(p, _)| self.catalog.goal_at(p).no == goal);
            if let Some(first) = found {
                let p = self.catalog.path_at(first);
                let node = Node::Goal(p.major, p.middle, p.minor, p.goal);
                self.reveal(node);
                self.cursor = node;
                return;
            }
        }
        let shown = crate::safe_text::sanitize_line(input).into_owned();
        self.message = Some(match self.lang() {
            Lang::Ja => format!("項目「{shown}」はありません"),
            Lang::En => format!("no item \"{shown}\""),
        });
    }

    /// Positions of items whose wording (Japanese or English), id or notes (comment,
    /// evidence, plan) contain the query.
    pub(crate) fn search_matches(&self, query: &str) -> Vec<usize> {
        (0..self.catalog.item_count())
            .filter(|&p| !self.matched_fields(p, query).is_empty())
            .collect()
    }

    /// Where in item `p` the query is, in the order the item pane shows them: the wording
    /// (or the id), the comment, the evidence, the plan. Letters match in either case, and
    /// full-width letters and half-width kana as what they stand for (NFKC on both sides:
    /// `ＰＡＳＳＷＯＲＤ` finds password, `ｳｲﾙｽ` ウイルス).
    fn matched_fields(&self, p: usize, query: &str) -> Vec<MatchField> {
        use unicode_normalization::UnicodeNormalization as _;
        let fold = |text: &str| text.nfkc().collect::<String>().to_lowercase();
        let q = fold(query);
        let has = |text: &str| fold(text).contains(&q);
        let item = self.catalog.item_at(self.catalog.path_at(p));
        let mut found = Vec::new();
        if has(&item.text) || has(&item.en) || item.id == query {
            found.push(MatchField::Wording);
        }
        // The notes of an answer, or those written before one.
        let noted = match self.sheet.answers.get(&item.id) {
            Some(a) => Some((&a.comment, &a.evidence, a.plan.as_ref())),
            None => {
                (self.sheet.notes.get(&item.id)).map(|n| (&n.comment, &n.evidence, n.plan.as_ref()))
            }
        };
        if let Some((comment, evidence, plan)) = noted {
            if has(comment) {
                found.push(MatchField::Comment);
            }
            if has(evidence) {
                found.push(MatchField::Evidence);
            }
            if plan.is_some_and(|pl| has(&pl.action) || has(&pl.owner) || has(&pl.due)) {
                found.push(MatchField::Plan);
            }
        }
        found
    }

    fn search(&mut self, query: &str) {
        let matches = self.search_matches(query);
        let found = self.find_next(true, |p| matches.binary_search(&p).is_ok());
        let shown = crate::safe_text::sanitize_line(query).into_owned();
        match found {
            Some(Hit { position, .. }) => {
                self.go_to_item(position);
                // The count says where the match is; no word about going round is needed.
                // The fields say where in the item.
                let k = matches.binary_search(&position).unwrap_or(0) + 1;
                let lang = self.lang();
                let fields: Vec<&str> = self
                    .matched_fields(position, query)
                    .into_iter()
                    .map(|f| f.name(lang))
                    .collect();
                self.message = Some(match lang {
                    Lang::Ja => format!(
                        "「{shown}」 {k}/{} 件 ({})",
                        matches.len(),
                        fields.join("・")
                    ),
                    Lang::En => {
                        format!("\"{shown}\" {k}/{} ({})", matches.len(), fields.join(", "))
                    }
                });
            }
            None => {
                self.message = Some(match self.lang() {
                    Lang::Ja => format!("「{shown}」は見つかりません"),
                    Lang::En => format!("\"{shown}\" not found"),
                })
            }
        }
    }

    /// Catalog positions of the items flagged for review (付箋), answered or not, in catalog
    /// order.
    pub(crate) fn flagged_positions(&self) -> Vec<usize> {
        // From the few flagged answers and notes, not by looking every item up (drawn on
        // every frame).
        let answers = self.sheet.answers.iter().filter(|(_, a)| a.flagged);
        let notes = self.sheet.notes.iter().filter(|(_, n)| n.flagged);
        let mut flagged: Vec<usize> = answers
            .map(|(id, _)| id)
            .chain(notes.map(|(id, _)| id))
            .filter_map(|id| self.catalog.position(id))
            .collect();
        flagged.sort_unstable();
        flagged
    }

    /// How many items are flagged for review, for the score strip.
    pub(crate) fn flagged_count(&self) -> usize {
        self.flagged_positions().len()
    }

    /// `]` / `[`: the next (previous) flagged item after the cursor, going round the end.
    pub(super) fn next_flagged(&mut self, forward: bool) {
        let flagged = self.flagged_positions();
        match self.find_next(forward, |p| flagged.binary_search(&p).is_ok()) {
            Some(found) => self.go_round(found, forward),
            None => self.say(
                "付箋の付いた項目はありません (f で付けます)",
                "no item is flagged for review (f flags one)",
            ),
        }
    }

    /// Goes to an item found searching forward (or back) from the cursor, and says so when
    /// the search went round the end (or the start) of the checklist: without a word, the
    /// meeting would take the first item again for one not seen yet.
    pub(super) fn go_round(&mut self, found: Hit, forward: bool) {
        let from = self.current_item();
        self.go_to_item(found.position);
        if found.wrapped && from == Some(found.position) {
            // Round the whole checklist back to where it started: no other is there.
            self.say("この項目のほかにはありません", "this is the only one");
        } else if found.wrapped {
            if forward {
                self.say(
                    "末尾まで進んだので先頭から続けました",
                    "went past the last item: continued from the first",
                );
            } else {
                self.say(
                    "先頭まで戻ったので末尾から続けました",
                    "went past the first item: continued from the last",
                );
            }
        }
    }
}

#[cfg(test)]
mod tests;

/// Where a search matched in an item.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum MatchField {
    Wording,
    Comment,
    Evidence,
    Plan,
}

impl MatchField {
    fn name(self, lang: Lang) -> &'static str {
        match self {
            MatchField::Wording => lang.pick("文言", "wording"),
            MatchField::Comment => lang.pick("コメント", "comment"),
            MatchField::Evidence => lang.pick("根拠資料", "evidence"),
            MatchField::Plan => lang.pick("改善計画", "plan"),
        }
    }
}

/// A text's first row `scroll` moved `by` rows (up when negative) within `reach`, what the
/// last frame showed of it: never past its end (a line scrolled that nobody sees would show
/// once the terminal is smaller, and cost a key up to take back), from the end when beyond it
/// (a larger terminal since), and never by more than the rows shown (a page of ten in a view
/// of seven would skip three lines unseen).
pub(super) fn scroll_within(scroll: u16, by: i32, reach: super::Reach) -> u16 {
    let page = i32::from(reach.rows.max(1));
    let moved = i32::from(scroll.min(reach.end)) + by.clamp(-page, page);
    u16::try_from(moved.clamp(0, i32::from(reach.end))).unwrap_or(0)
}
