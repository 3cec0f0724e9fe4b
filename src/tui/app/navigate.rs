//! Moving round the checklist: rows of the tree, the next unanswered item, warning or flagged
//! item (saying so when the search goes round the end, as a meeting needs), jump and search.

use super::*;

impl App {
    /// The next (or previous) applicable unanswered item after `from`, wrapping around.
    /// `from: None` searches from the start (or end).
    pub fn next_unanswered(&self, from: Option<usize>, forward: bool) -> Option<usize> {
        let n = self.score.items.len();
        if n == 0 {
            return None;
        }
        let start = match (from, forward) {
            (Some(p), true) => p + 1,
            (Some(p), false) => p + n - 1,
            (None, true) => 0,
            (None, false) => n - 1,
        };
        (0..n)
            .map(|k| {
                if forward {
                    (start + k) % n
                } else {
                    (start + n - k) % n
                }
            })
            .find(|&p| self.score.items[p] == ItemState::Unanswered)
    }

    pub(super) fn next_warning(&mut self, forward: bool) {
        if self.warnings.is_empty() {
            self.say("重要点検項目の警告はありません", "no priority warnings");
            return;
        }
        let here = self.current_item();
        let target = if forward {
            self.warnings
                .iter()
                .find(|w| here.is_none_or(|h| w.position > h))
                .or(self.warnings.first())
        } else {
            self.warnings
                .iter()
                .rev()
                .find(|w| here.is_none_or(|h| w.position < h))
                .or(self.warnings.last())
        };
        if let Some(w) = target {
            let p = w.position;
            self.go_round(p, forward);
        }
    }

    /// Puts the cursor on an item, opening the headings above it.
    pub fn go_to_item(&mut self, position: usize) {
        if position >= self.catalog.item_count() {
            return;
        }
        self.cursor = Node::Item(position);
        self.item_scroll = 0;
        self.reveal(self.cursor);
        self.end_visit_if_moved();
    }

    pub(super) fn reveal(&mut self, node: Node) {
        let mut up = node.parent(&self.catalog);
        while let Some(h) = up {
            self.collapsed.remove(&h);
            up = h.parent(&self.catalog);
        }
    }

    pub(super) fn move_rows(&mut self, delta: isize) {
        let rows = self.rows();
        let here = rows.iter().position(|n| *n == self.cursor).unwrap_or(0);
        let target = here
            .saturating_add_signed(delta)
            .min(rows.len().saturating_sub(1));
        if let Some(n) = rows.get(target) {
            self.cursor = *n;
            self.item_scroll = 0;
        }
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
                if let Some(parent) = self.cursor.parent(&self.catalog) {
                    self.cursor = parent;
                }
            }
            node if self.collapsed.contains(&node) => {
                if let Some(parent) = node.parent(&self.catalog) {
                    self.cursor = parent;
                }
            }
            node => {
                self.collapsed.insert(node);
            }
        }
    }

    pub(super) fn expand(&mut self) {
        match self.cursor {
            Node::Item(_) => {}
            node if self.collapsed.contains(&node) => {
                self.collapsed.remove(&node);
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
        let id: String = input
            .trim()
            .chars()
            .map(|c| match c {
                '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
                '－' | '‐' | 'ー' | '−' | '.' | '_' => '-',
                c => c,
            })
            .collect();
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
        let shown = crate::text::sanitize_line(input).into_owned();
        self.message = Some(match self.lang() {
            Lang::Ja => format!("項目「{shown}」はありません"),
            Lang::En => format!("no item \"{shown}\""),
        });
    }

    /// Positions of items whose Japanese or English wording (or id) contains the query.
    pub fn search_matches(&self, query: &str) -> Vec<usize> {
        let q = query.to_lowercase();
        self.catalog
            .items()
            .enumerate()
            .filter(|(_, (_, item))| {
                item.text.contains(query) || item.en.to_lowercase().contains(&q) || item.id == query
            })
            .map(|(i, _)| i)
            .collect()
    }

    fn search(&mut self, query: &str) {
        let matches = self.search_matches(query);
        let here = self.current_item();
        let next = matches
            .iter()
            .position(|&p| here.is_none_or(|h| p > h))
            .unwrap_or(0);
        let shown = crate::text::sanitize_line(query).into_owned();
        match matches.get(next) {
            Some(&p) => {
                self.go_to_item(p);
                self.message = Some(match self.lang() {
                    Lang::Ja => format!("「{shown}」 {}/{} 件", next + 1, matches.len()),
                    Lang::En => format!("\"{shown}\" {}/{}", next + 1, matches.len()),
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

    /// Catalog positions of the items flagged for review (要確認), in catalog order.
    pub fn flagged_positions(&self) -> Vec<usize> {
        (0..self.catalog.item_count())
            .filter(|&p| {
                self.sheet
                    .answers
                    .get(&self.item_id(p))
                    .is_some_and(|a| a.flagged)
            })
            .collect()
    }

    /// How many items are flagged for review, for the score strip.
    pub fn flagged_count(&self) -> usize {
        self.flagged_positions().len()
    }

    /// `]` / `[`: the next (previous) flagged item after the cursor, going round the end.
    pub(super) fn next_flagged(&mut self, forward: bool) {
        let flagged = self.flagged_positions();
        let here = self.current_item();
        let target = if forward {
            flagged
                .iter()
                .find(|&&p| here.is_none_or(|h| p > h))
                .or(flagged.first())
        } else {
            flagged
                .iter()
                .rev()
                .find(|&&p| here.is_none_or(|h| p < h))
                .or(flagged.last())
        };
        match target {
            Some(&p) => self.go_round(p, forward),
            None => self.say(
                "要確認の印の付いた項目はありません (f で付けます)",
                "no item is flagged for review (f flags one)",
            ),
        }
    }

    /// Goes to `target`, found searching forward (or back) from the cursor, and says so when
    /// the search went round the end (or the start) of the checklist: without a word, the
    /// meeting would take the first item again for one not seen yet.
    pub(super) fn go_round(&mut self, target: usize, forward: bool) {
        let here = match self.cursor {
            Node::Item(p) => Some(p),
            _ => None,
        };
        self.go_to_item(target);
        let wrapped = here.is_some_and(|h| if forward { target <= h } else { target >= h });
        if wrapped {
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
