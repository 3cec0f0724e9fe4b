//! The tree pane: 大分類 → 中分類 → 小分類 → 管理目標 → 小項目, each heading with its live
//! average and answered/applicable counts, each item with its score and markers.
//!
//! Item markers (ASCII in every mode): `[3]` score, `[ ]` unanswered, `[-]` not applicable
//! by profile, `[3?]` an unconfirmed answer carried over from last year; `!` a priority item
//! below target, followed by its latest priority year (H19); `F` left of the score: flagged
//! for review.
//!
//! With last year's sheet shown, a column after the score gives last year's score and the
//! change (`Change::marker`: `+` improved, `-` worse, `=` same, `~` changed to or from 0,
//! `*` newly answered, `?` not answered yet this year, `new` an item new this year), and
//! headings add last year's average in parentheses where the pane is wide enough.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::{Block, Borders, Widget};

use crate::catalog::{Catalog, heading_text};
use crate::diff::Change;
use crate::fiscal::FiscalYear;
use crate::lang::Lang;
use crate::score::{ItemState, Tally, format_average};
use crate::tui::app::{App, Pane};
use crate::tui::outline::Node;
use crate::tui::previous::LastYear;
use crate::tui::view::{cell_width, pane_block, truncate_cells};

pub(crate) fn draw(app: &App, area: Rect, buf: &mut Buffer) {
    let lang = app.lang();
    let focused = app.pane == Pane::Tree;
    let title = if app.shown_previous().is_some() {
        lang.pick("点検項目 (今年 前年・変化)", "Checklist [now] last+change")
    } else {
        lang.pick("点検項目", "Checklist")
    };
    let block = pane_block(app.options.theme, title, focused);
    block.render(area, buf);
    let window = Window::of(app, area);
    app.tree_offset.set(window.offset);
    for (node, row) in window.rows() {
        draw_row(app, node, row, buf, node == app.cursor);
    }
}

/// The rows the pane shows: inside its frame, from `offset` on.
pub(crate) struct Window {
    inner: Rect,
    nodes: Vec<Node>,
    pub(crate) offset: usize,
}

impl Window {
    pub(crate) fn of(app: &App, area: Rect) -> Window {
        let inner = Block::new().borders(Borders::ALL).inner(area);
        let nodes = app.rows();
        let here = nodes.iter().position(|n| *n == app.cursor).unwrap_or(0);
        let offset = scroll_offset(
            app.tree_offset.get(),
            here,
            inner.height as usize,
            nodes.len(),
        );
        Window {
            inner,
            nodes,
            offset,
        }
    }

    /// Each shown node with its row on screen.
    pub(crate) fn rows(&self) -> impl Iterator<Item = (Node, Rect)> + '_ {
        let height = if self.inner.width == 0 {
            0
        } else {
            self.inner.height as usize
        };
        self.nodes
            .iter()
            .skip(self.offset)
            .take(height)
            .enumerate()
            .map(|(i, node)| {
                let row = Rect::new(self.inner.x, self.inner.y + i as u16, self.inner.width, 1);
                (*node, row)
            })
    }
}

/// Draws again only the rows of `nodes` (the cursor's last and new rows) when nothing else
/// in the pane changed; `drawn` blanks each row and counts it as drawn first.
pub(crate) fn draw_rows(
    app: &App,
    window: &Window,
    nodes: [Node; 2],
    buf: &mut Buffer,
    mut drawn: impl FnMut(Rect, &mut Buffer),
) {
    for (node, row) in window.rows().filter(|(n, _)| nodes.contains(n)) {
        drawn(row, buf);
        draw_row(app, node, row, buf, node == app.cursor);
    }
}

/// The first visible row: unchanged while the cursor stays a few rows inside the window;
/// re-centred on the cursor when it reaches those margins or jumps out of view. Re-centring
/// (rather than scrolling one row at a time) repaints the pane once per half a page of
/// movement instead of on every key, which is what a slow SSH link feels.
pub(crate) fn scroll_offset(previous: usize, cursor: usize, height: usize, rows: usize) -> usize {
    if height == 0 {
        return 0;
    }
    let margin = (height / 6).min(3);
    let max = rows.saturating_sub(height);
    let previous = previous.min(max);
    let top_ok = cursor >= previous + margin || previous == 0;
    let bottom_ok = cursor + margin < previous + height || previous == max;
    let offset = if cursor >= previous && cursor < previous + height && top_ok && bottom_ok {
        previous
    } else {
        cursor.saturating_sub(height / 2)
    };
    offset.min(max)
}

/// "2.875 12/14": average and answered/applicable.
pub fn tally_text(t: &Tally) -> String {
    format!(
        "{:>5} {:>6}",
        format_average(t.exact_average()),
        format!("{}/{}", t.answered, t.applicable)
    )
}

/// One tree row. The cursor row is marked by reverse video on its leading part (score and
/// id, or heading number) rather than the whole row: moving the cursor then repaints a dozen
/// cells per row instead of the full width of kanji, which is what a slow link feels. The row
/// is written straight into the buffer, without padding spans, since the frame starts blank.
fn draw_row(app: &App, node: Node, area: Rect, buf: &mut Buffer, selected: bool) {
    let width = area.width as usize;
    let theme = app.options.theme;
    let lang = app.lang();
    let catalog = &app.catalog;
    let previous = app.shown_previous();
    // Items are indented less than their depth: the score column already sets them apart,
    // and every cell counts for the wording at 80 columns (even less with last year shown).
    let depth = match node {
        Node::Item(_) if previous.is_some() => 1,
        _ => node.depth().min(3),
    };
    let indent = " ".repeat(depth);
    let (left, right, style, head) = match node {
        Node::Item(p) => {
            let path = catalog.path_at(p);
            let item = catalog.item_at(path);
            let state = app.score.items[p];
            let draft = app
                .sheet
                .answers
                .get(&item.id)
                .filter(|a| a.unconfirmed && state != ItemState::Excluded);
            let score = match (state, draft) {
                (_, Some(a)) => format!("[{}?]", a.score.value()),
                (ItemState::Answered(s), _) => format!("[{}]", s.value()),
                (ItemState::Unanswered, _) => "[ ]".into(),
                (ItemState::Excluded, _) => "[-]".into(),
            };
            // One width for the column while any draft is waiting.
            let score = if app.score.unconfirmed > 0 {
                format!("{score:<4}")
            } else {
                score
            };
            let last = previous.map_or(String::new(), |prev| {
                previous_cell(prev, p, state, draft.is_some())
            });
            let years = catalog.priority_years(&item.id);
            let warn = app.warnings.iter().any(|w| w.position == p);
            let prio = match years.last() {
                Some(y) => format!(
                    "{}{:<3}",
                    if warn { "!" } else { "*" },
                    FiscalYear(*y).short()
                ),
                None => "    ".into(),
            };
            // The flag takes the last cell of the indent: a column of its own, left of the
            // score, never run into the priority mark (`!H19F` read as one word).
            let flagged = app.sheet.answers.get(&item.id).is_some_and(|a| a.flagged);
            let indent = match (flagged, depth) {
                (false, _) => indent.clone(),
                (true, 0 | 1) => "F".repeat(depth),
                (true, _) => format!("{}F ", " ".repeat(depth - 2)),
            };
            let lead = format!("{indent}{score}{last} {:<5}{prio} ", item.id);
            let mut wording = catalog.item_text(item, lang).to_string();
            // Cut short, the wording keeps the part that tells it from its siblings.
            if cell_width(&lead) + cell_width(&wording) > width
                && let Some(rest) = distinctive_wording(catalog, p, lang)
            {
                wording = format!("~{rest}");
            }
            let text = if state == ItemState::Excluded {
                format!("{} {wording}", lang.pick("対象外", "n/a"))
            } else {
                wording
            };
            let head = cell_width(&format!("{indent}{score}{last} {}", item.id));
            let left = format!("{lead}{text}");
            let style = match state {
                ItemState::Excluded => theme.dim(),
                _ if warn => theme.warning(),
                _ => Style::new(),
            };
            (left, String::new(), style, head)
        }
        heading => {
            let (no, title, tally) = heading_parts(app, heading);
            let marker = if app.collapsed.contains(&heading) {
                "+"
            } else {
                "-"
            };
            let mut right = if tally.applicable == 0 && tally.items > 0 {
                format!(" {}", lang.pick("対象外", "n/a"))
            } else {
                format!(" {}", tally_text(&tally))
            };
            if let Some(prev) = previous
                && width >= 50
            {
                let avg = prev.average_under(heading, catalog);
                right.push_str(&format!(" ({:>5})", format_average(avg)));
            }
            (
                format!("{indent}{marker}{no} {title}"),
                right,
                theme.heading(),
                cell_width(&format!("{indent}{marker}{no}")),
            )
        }
    };
    let right = if width >= 30 { right } else { String::new() };
    let room = width.saturating_sub(cell_width(&right));
    let left = truncate_cells(&left, room);
    // The leading part is ASCII (indent, score, id or heading number), so it splits by bytes.
    let head = left
        .char_indices()
        .nth(head.min(left.chars().count()))
        .map_or(left.len(), |(i, _)| i);
    let (head_text, rest) = left.split_at(head);
    let head_style = if selected {
        style.patch(app.options.theme.selected())
    } else {
        style
    };
    let (x, _) = buf.set_stringn(area.x, area.y, head_text, room, head_style);
    let used = (x - area.x) as usize;
    buf.set_stringn(x, area.y, rest, room.saturating_sub(used), style);
    if !right.is_empty() {
        let rx = area.x + room as u16;
        buf.set_stringn(rx, area.y, &right, width - room, style);
    }
}

/// The wording of the item at `position` without the words it shares at its start with
/// another item of its 管理目標, when they share two words or more: `Has appointed a chief
/// security officer` among `Has appointed a system administrator`, … gives `chief security
/// officer`. `None` when nothing is shared, or in a language written without spaces
/// (Japanese wordings share endings rather than beginnings, and a cut end keeps their start).
pub(crate) fn distinctive_wording(catalog: &Catalog, position: usize, lang: Lang) -> Option<&str> {
    let path = catalog.path_at(position);
    let item = catalog.item_at(path);
    let text = catalog.item_text(item, lang);
    let words: Vec<&str> = text.split(' ').collect();
    let shared = catalog
        .goal_at(path)
        .items
        .iter()
        .filter(|other| other.id != item.id)
        .map(|other| {
            words
                .iter()
                .zip(catalog.item_text(other, lang).split(' '))
                .take_while(|(a, b)| **a == *b)
                .count()
        })
        .max()
        .unwrap_or(0);
    if shared < 2 || shared >= words.len() {
        return None;
    }
    let skip: usize = words[..shared].iter().map(|w| w.len() + 1).sum();
    Some(&text[skip..])
}

/// The tree's last-year column of an item: " 3- " (last year's score and the change marker),
/// " new" for an item new this year. Nothing for the change of an unconfirmed draft (nothing
/// was decided this year yet) or of an item unanswered in both years.
fn previous_cell(prev: &LastYear, p: usize, now: ItemState, draft: bool) -> String {
    let Some(old) = prev.state(p) else {
        return format!(" {:<3}", Change::New.marker());
    };
    let last = match old {
        ItemState::Answered(s) => s.value().to_string(),
        ItemState::Unanswered => " ".into(),
        ItemState::Excluded => "-".into(),
    };
    let marker = if draft || (old.score().is_none() && now.score().is_none()) {
        ""
    } else {
        prev.change(p, now).marker()
    };
    format!(" {last}{marker:<2}")
}

/// Number, title and tally of a heading.
pub(crate) fn heading_parts(app: &App, node: Node) -> (String, String, Tally) {
    let lang = app.lang();
    let c = &app.catalog;
    let s = &app.score;
    match node {
        Node::Major(a) => {
            let m = &c.majors[a];
            (
                m.no.clone(),
                heading_text(&m.title, &m.en, lang).into(),
                s.majors[a].tally,
            )
        }
        Node::Middle(a, b) => {
            let m = &c.majors[a].middles[b];
            (
                m.no.clone(),
                heading_text(&m.title, &m.en, lang).into(),
                s.majors[a].middles[b].tally,
            )
        }
        Node::Minor(a, b, d) => {
            let m = &c.majors[a].middles[b].minors[d];
            (
                m.no.clone(),
                heading_text(&m.title, &m.en, lang).into(),
                s.majors[a].middles[b].minors[d].tally,
            )
        }
        Node::Goal(a, b, d, e) => {
            let g = &c.majors[a].middles[b].minors[d].goals[e];
            (
                format!("{}{}", lang.pick("目標", "goal "), g.no),
                heading_text(&g.title, &g.en, lang).into(),
                s.majors[a].middles[b].minors[d].goals[e],
            )
        }
        Node::Item(_) => (String::new(), String::new(), Tally::default()),
    }
}

#[cfg(test)]
mod tests {
    use super::{distinctive_wording, scroll_offset};
    use crate::catalog::{Catalog, Edition};
    use crate::lang::Lang;

    #[test]
    fn the_distinctive_part_drops_the_words_siblings_share() {
        let c = Catalog::builtin(Edition::Municipal);
        let at = |id: &str, lang| distinctive_wording(c, c.position(id).unwrap(), lang);
        assert_eq!(at("1-1", Lang::En), Some("chief security officer"));
        assert_eq!(
            at("1-3", Lang::En),
            Some("access control manager"),
            "shares `an` with 1-4"
        );
        assert_eq!(
            at("1-6", Lang::En),
            None,
            "shares nothing with its siblings"
        );
        assert_eq!(
            at("2-4", Lang::En),
            Some("outsourcing management regulations")
        );
        assert_eq!(
            at("17-3", Lang::En),
            None,
            "one shared word is not worth a cut"
        );
        assert_eq!(at("1-1", Lang::Ja), None, "no words to share in Japanese");
    }

    #[test]
    fn the_window_moves_only_near_its_edges() {
        // 20 rows visible of 100, margin 3.
        assert_eq!(scroll_offset(0, 5, 20, 100), 0);
        assert_eq!(scroll_offset(0, 16, 20, 100), 0);
        assert_eq!(
            scroll_offset(0, 17, 20, 100),
            7,
            "the bottom margin re-centres"
        );
        assert_eq!(
            scroll_offset(7, 23, 20, 100),
            7,
            "then the next moves repaint nothing"
        );
        assert_eq!(
            scroll_offset(10, 12, 20, 100),
            2,
            "the top margin re-centres too"
        );
        assert_eq!(scroll_offset(0, 1, 20, 100), 0, "no margin at the very top");
        assert_eq!(
            scroll_offset(0, 60, 20, 100),
            50,
            "a jump out of view centres"
        );
        assert_eq!(
            scroll_offset(80, 99, 20, 100),
            80,
            "no margin at the very end"
        );
        assert_eq!(scroll_offset(0, 99, 20, 100), 80, "never past the end");
        assert_eq!(
            scroll_offset(30, 0, 20, 10),
            0,
            "fewer rows than the window"
        );
        assert_eq!(scroll_offset(5, 3, 0, 10), 0);
    }
}
