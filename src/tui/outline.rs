//! The tree of the checklist as rows on screen: which nodes exist, which are collapsed, which
//! rows are visible ([`Folding`], worked out when the folding changes, not per key), and the
//! items under a node.

use std::collections::HashSet;

use crate::catalog::Catalog;

/// A node of the tree: a heading (by indices) or an item (by catalog position).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Node {
    Major(usize),
    Middle(usize, usize),
    Minor(usize, usize, usize),
    Goal(usize, usize, usize, usize),
    Item(usize),
}

impl Node {
    /// Depth in the tree: 0 for a 大分類, 4 for a 小項目.
    pub(crate) fn depth(self) -> usize {
        match self {
            Node::Major(..) => 0,
            Node::Middle(..) => 1,
            Node::Minor(..) => 2,
            Node::Goal(..) => 3,
            Node::Item(..) => 4,
        }
    }

    pub(crate) fn is_item(self) -> bool {
        matches!(self, Node::Item(_))
    }

    /// The item position, for an item node.
    pub(crate) fn item(self) -> Option<usize> {
        match self {
            Node::Item(p) => Some(p),
            _ => None,
        }
    }

    /// Whether an item path lies under this node (an item is under itself).
    pub(crate) fn contains(self, catalog: &Catalog, position: usize) -> bool {
        let p = catalog.path_at(position);
        match self {
            Node::Major(a) => p.major == a,
            Node::Middle(a, b) => (p.major, p.middle) == (a, b),
            Node::Minor(a, b, c) => (p.major, p.middle, p.minor) == (a, b, c),
            Node::Goal(a, b, c, d) => (p.major, p.middle, p.minor, p.goal) == (a, b, c, d),
            Node::Item(q) => q == position,
        }
    }

    /// The heading directly above this node.
    pub(crate) fn parent(self, catalog: &Catalog) -> Option<Node> {
        match self {
            Node::Major(_) => None,
            Node::Middle(a, _) => Some(Node::Major(a)),
            Node::Minor(a, b, _) => Some(Node::Middle(a, b)),
            Node::Goal(a, b, c, _) => Some(Node::Minor(a, b, c)),
            Node::Item(q) => {
                let p = catalog.path_at(q);
                Some(Node::Goal(p.major, p.middle, p.minor, p.goal))
            }
        }
    }

    /// Catalog positions of the items under this node, in order.
    pub(crate) fn items(self, catalog: &Catalog) -> std::ops::Range<usize> {
        let n = catalog.item_count();
        let first = (0..n).find(|&i| self.contains(catalog, i));
        match first {
            Some(f) => {
                let end = (f..n).find(|&i| !self.contains(catalog, i)).unwrap_or(n);
                f..end
            }
            None => 0..0,
        }
    }
}

/// The collapsed headings and the rows they leave visible, top to bottom. The rows are
/// worked out again only when a heading folds or opens: a cursor move and every frame of
/// the tree read them.
#[derive(Debug, Clone)]
pub(crate) struct Folding {
    collapsed: HashSet<Node>,
    rows: Vec<Node>,
}

impl Folding {
    /// Nothing collapsed: every row visible.
    pub(crate) fn open(catalog: &Catalog) -> Folding {
        let collapsed = HashSet::new();
        let rows = visible_rows(catalog, &collapsed);
        Folding { collapsed, rows }
    }

    /// Every visible row, top to bottom.
    pub(crate) fn rows(&self) -> &[Node] {
        &self.rows
    }

    pub(crate) fn is_collapsed(&self, node: Node) -> bool {
        self.collapsed.contains(&node)
    }

    /// The collapsed headings, in no order.
    pub(crate) fn collapsed(&self) -> impl ExactSizeIterator<Item = &Node> {
        self.collapsed.iter()
    }

    pub(crate) fn collapse(&mut self, catalog: &Catalog, node: Node) {
        if self.collapsed.insert(node) {
            self.rows = visible_rows(catalog, &self.collapsed);
        }
    }

    /// Opens each of `nodes` that is collapsed.
    pub(crate) fn expand(&mut self, catalog: &Catalog, nodes: impl IntoIterator<Item = Node>) {
        let mut changed = false;
        for node in nodes {
            changed |= self.collapsed.remove(&node);
        }
        if changed {
            self.rows = visible_rows(catalog, &self.collapsed);
        }
    }
}

/// Every visible row, top to bottom, given the collapsed headings.
fn visible_rows(catalog: &Catalog, collapsed: &HashSet<Node>) -> Vec<Node> {
    let mut rows = Vec::with_capacity(catalog.item_count() + 120);
    let mut position = 0;
    for (a, major) in catalog.majors.iter().enumerate() {
        let n = Node::Major(a);
        rows.push(n);
        let open_a = !collapsed.contains(&n);
        for (b, middle) in major.middles.iter().enumerate() {
            let n = Node::Middle(a, b);
            if open_a {
                rows.push(n);
            }
            let open_b = open_a && !collapsed.contains(&n);
            for (c, minor) in middle.minors.iter().enumerate() {
                let n = Node::Minor(a, b, c);
                if open_b {
                    rows.push(n);
                }
                let open_c = open_b && !collapsed.contains(&n);
                for (d, goal) in minor.goals.iter().enumerate() {
                    let n = Node::Goal(a, b, c, d);
                    if open_c {
                        rows.push(n);
                    }
                    let open_d = open_c && !collapsed.contains(&n);
                    for _ in &goal.items {
                        if open_d {
                            rows.push(Node::Item(position));
                        }
                        position += 1;
                    }
                }
            }
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Edition;

    #[test]
    fn all_rows_visible_when_nothing_is_collapsed() {
        let c = Catalog::builtin(Edition::Municipal);
        let rows = visible_rows(c, &HashSet::new());
        assert_eq!(rows.iter().filter(|n| n.is_item()).count(), c.item_count());
        assert_eq!(rows[0], Node::Major(0));
    }

    #[test]
    fn collapsing_a_major_hides_its_children() {
        let c = Catalog::builtin(Edition::Municipal);
        let collapsed: HashSet<Node> = [Node::Major(0)].into();
        let rows = visible_rows(c, &collapsed);
        assert_eq!(rows[1], Node::Major(1));
        let mut folding = Folding::open(c);
        folding.collapse(c, Node::Major(0));
        assert_eq!(folding.rows(), rows);
        folding.expand(c, [Node::Major(0)]);
        assert_eq!(folding.rows(), visible_rows(c, &HashSet::new()));
        let under = Node::Major(0).items(c);
        assert_eq!(under.start, 0);
        assert!(under.end > 0 && under.end < c.item_count());
        assert!(Node::Major(0).contains(c, 0));
        assert_eq!(Node::Item(0).parent(c), Some(Node::Goal(0, 0, 0, 0)));
    }
}
