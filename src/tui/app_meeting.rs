//! Moving round the checklist as a meeting does: to the next flagged item, and saying so
//! when a search for the next item of a kind goes round the end of the checklist.

use super::App;
use crate::tui::outline::Node;

impl App {
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
