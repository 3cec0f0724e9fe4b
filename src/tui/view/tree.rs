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

use std::hash::{Hash, Hasher};

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::{Block, Borders, Widget};

use crate::catalog::{Catalog, ItemPath, heading_text};
use crate::diff::Change;
use crate::fiscal::FiscalYear;
use crate::lang::Lang;
use crate::score::{ItemState, Tally, format_average};
use crate::tui::app::{App, Pane};
use crate::tui::outline::Node;
use crate::tui::previous::LastYear;
use crate::tui::view::line::put_str;
use crate::tui::view::{cell_width, char_width, pane_block, truncate_cells};

/// The pane's border and title; its rows are drawn by [`draw_row`], each when what it shows
/// changed (`view::memo`).
pub(crate) fn draw_frame(app: &App, area: Rect, buf: &mut Buffer) {
    let lang = app.lang();
    let focused = app.pane == Pane::Tree;
    let title = if app.shown_previous().is_some() {
        lang.pick("点検項目 (今年 前年・変化)", "Checklist [now] last+change")
    } else {
        lang.pick("点検項目", "Checklist")
    };
    let block = pane_block(app.options.theme, title, focused);
    block.render(area, buf);
}

/// What every row of the pane is drawn with, beyond the view (language, theme, focus,
/// folding, last year's sheet: `memo::view`): whether the score column is widened for drafts.
pub(crate) fn shared_inputs(app: &App, h: &mut impl Hasher) {
    (app.score.unconfirmed > 0).hash(h);
}

/// What one row shows beyond [`shared_inputs`]: its node and whether the cursor is on it;
/// for an item, its state, its answer's score and draft, its flag, and whether it is warned of;
/// for a heading, its tally. Everything else a row shows (wording, ids, priority years,
/// last year's answers) does not change while the interview runs.
pub(crate) fn row_inputs(app: &App, node: Node, h: &mut impl Hasher) {
    (node, node == app.cursor).hash(h);
    match node {
        Node::Item(p) => {
            let id = &app.catalog.item_at(app.catalog.path_at(p)).id;
            let answer = app.sheet.answers.get(id);
            (
                app.score.items[p],
                answer.map(|a| (a.score, a.unconfirmed)),
                app.sheet.flagged(id),
                app.warnings.iter().any(|w| w.position == p),
            )
                .hash(h);
        }
        heading => heading_tally(app, heading).hash(h),
    }
}

/// The rows the pane shows: inside its frame, from `offset` on.
pub(crate) struct Window<'a> {
    inner: Rect,
    nodes: &'a [Node],
    pub(crate) offset: usize,
}

impl<'a> Window<'a> {
    pub(crate) fn of(app: &'a App, area: Rect) -> Window<'a> {
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
pub(crate) fn draw_row(app: &App, node: Node, area: Rect, buf: &mut Buffer, selected: bool) {
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
            let years = catalog.priority_years_at(p);
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
            let flagged = app.sheet.flagged(&item.id);
            let indent = match (flagged, depth) {
                (false, _) => indent.clone(),
                (true, 0 | 1) => "F".repeat(depth),
                (true, _) => format!("{}F ", " ".repeat(depth - 2)),
            };
            let mut left = format!("{indent}{score}{last} {:<5}{prio} ", item.id);
            if state == ItemState::Excluded {
                left.push_str(lang.pick("対象外", "excluded"));
                left.push(' ');
            }
            let room = width.saturating_sub(cell_width(&left));
            left.push_str(&item_wording(catalog, path, lang, room));
            let head = cell_width(&indent) + cell_width(&score) + cell_width(&last) + 1;
            let head = head + cell_width(&item.id);
            let style = match state {
                ItemState::Excluded => theme.dim(),
                _ if warn => theme.warning(),
                _ => Style::new(),
            };
            (left, String::new(), style, head)
        }
        heading => {
            let (no, title, tally) = heading_parts(app, heading);
            let marker = if app.folding.is_collapsed(heading) {
                "+"
            } else {
                "-"
            };
            let mut right = if tally.applicable == 0 && tally.items > 0 {
                format!(" {}", lang.pick("対象外", "excluded"))
            } else {
                format!(" {}", tally_text(&tally))
            };
            if let Some(prev) = previous
                && width >= 50
            {
                let avg = prev.average_under(heading, catalog);
                right.push_str(&format!(" ({:>5})", format_average(avg)));
            }
            let right = if width >= 30 { right } else { String::new() };
            let prefix = format!("{indent}{marker}{no} ");
            let room = width.saturating_sub(cell_width(&right) + cell_width(&prefix));
            let title = distinct_window(&title, heading_siblings(app, heading).into_iter(), room);
            (
                format!("{prefix}{title}"),
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
    let (x, _) = put_str(buf, area.x, area.y, head_text, room, head_style);
    let used = (x - area.x) as usize;
    put_str(buf, x, area.y, rest, room.saturating_sub(used), style);
    if !right.is_empty() {
        let rx = area.x + room as u16;
        put_str(buf, rx, area.y, &right, width - room, style);
    }
}

/// `text` as it fits in `room` cells among `siblings` (the other items of its 管理目標, the
/// other headings under its parent): whole when it fits; else, when it shares its start with
/// a sibling — two words or more in a language written with spaces, a run of kana or kanji in
/// Japanese — or when the cut end would hide what tells it apart, without that shared start
/// (`~`, then from the first word that differs: `~chief security officer` among `Has
/// appointed a …`, 「~統括責任者を…」 among 「セキュリティ…」); cut at the end with `~`.
/// Siblings never print the same unless their wordings are the same.
pub(crate) fn distinct_window<'a>(
    text: &str,
    siblings: impl Iterator<Item = &'a str>,
    room: usize,
) -> String {
    if cell_width(text) <= room {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    // Where it first differs from the sibling it shares most with.
    let differs = siblings
        .map(|other| {
            chars
                .iter()
                .zip(other.chars())
                .take_while(|(a, b)| **a == *b)
                .count()
        })
        .max()
        .unwrap_or(0)
        .min(chars.len().saturating_sub(1));
    // The start of the word that differs.
    let mut start = (1..=differs)
        .rev()
        .find(|&k| word_starts_at(&chars, k))
        .unwrap_or(0);
    if Script::of(chars[differs]) == Script::Hiragana {
        // A particle (の, を, に、) tells it apart: start at the word after it, when there
        // is one (「~最低桁数を定め~」, not 「~の最低桁数を~」); else give the kana the word
        // before it (「~記載していない」).
        let after = (differs..chars.len())
            .find(|&k| {
                !matches!(Script::of(chars[k]), Script::Hiragana) && !"、，".contains(chars[k])
            })
            .unwrap_or(chars.len());
        if after < chars.len() {
            start = after;
        } else if start > 0 {
            start = (1..start)
                .rev()
                .find(|&k| word_starts_at(&chars, k))
                .unwrap_or(start);
        }
    }
    // The characters `truncate_cells` keeps before its `~`.
    let shown_from_start = {
        let mut used = 0;
        chars
            .iter()
            .take_while(|&&c| {
                used += char_width(c);
                used < room
            })
            .count()
    };
    let spaced = text.contains(' ');
    let shared_enough = if spaced {
        chars[..start].iter().filter(|c| **c == ' ').count() >= 2
    } else {
        start >= 2
    };
    if start == 0 || (!shared_enough && shown_from_start > differs) {
        return truncate_cells(text, room);
    }
    // What tells it apart stays in view: drop more of the start if need be.
    let at: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    let end = at.get(differs + 1).copied().unwrap_or(text.len());
    let fits = |from: usize| cell_width(&text[at[from]..end]) + 2 <= room;
    while start < differs && !fits(start) {
        start += 1;
    }
    format!(
        "~{}",
        truncate_cells(&text[at[start]..], room.saturating_sub(1))
    )
}

/// Whether a word starts at `chars[k]`: after a space, or where the script changes (kanji,
/// hiragana, katakana, others), Japanese having no spaces.
fn word_starts_at(chars: &[char], k: usize) -> bool {
    k == 0
        || (chars[k] != ' '
            && (chars[k - 1] == ' ' || Script::of(chars[k - 1]) != Script::of(chars[k])))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Script {
    Kanji,
    Hiragana,
    Katakana,
    Space,
    Other,
}

impl Script {
    fn of(c: char) -> Script {
        match c {
            ' ' => Script::Space,
            '\u{3041}'..='\u{309F}' => Script::Hiragana,
            '\u{30A0}'..='\u{30FF}' | '\u{FF66}'..='\u{FF9F}' => Script::Katakana,
            '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '々' => Script::Kanji,
            // Latin letters and digits run together with their punctuation into one word.
            _ => Script::Other,
        }
    }
}

/// The titles of the headings beside `node` under the same parent, in the interface language.
fn heading_siblings(app: &App, node: Node) -> Vec<&str> {
    let lang = app.lang();
    let c = &app.catalog;
    let titles: Vec<(&str, &str)> = match node {
        Node::Major(_) => c.majors.iter().map(|m| (&*m.title, &*m.en)).collect(),
        Node::Middle(a, _) => c.majors[a]
            .middles
            .iter()
            .map(|m| (&*m.title, &*m.en))
            .collect(),
        Node::Minor(a, b, _) => c.majors[a].middles[b]
            .minors
            .iter()
            .map(|m| (&*m.title, &*m.en))
            .collect(),
        Node::Goal(a, b, d, _) => c.majors[a].middles[b].minors[d]
            .goals
            .iter()
            .map(|g| (&*g.title, &*g.en))
            .collect(),
        Node::Item(_) => Vec::new(),
    };
    let own = heading_parts(app, node).1;
    titles
        .into_iter()
        .map(|(ja, en)| heading_text(ja, en, lang))
        .filter(|t| *t != own)
        .collect()
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

/// An item's wording in `room` cells; cut short, it keeps the part that tells it from the
/// other items of its 管理目標.
fn item_wording(catalog: &Catalog, path: ItemPath, lang: Lang, room: usize) -> String {
    let item = catalog.item_at(path);
    let siblings = catalog
        .goal_at(path)
        .items
        .iter()
        .filter(|other| other.id != item.id)
        .map(|other| catalog.item_text(other, lang));
    distinct_window(catalog.item_text(item, lang), siblings, room)
}

/// Number, title and tally of a heading.
pub(crate) fn heading_parts(app: &App, node: Node) -> (String, String, Tally) {
    let lang = app.lang();
    let c = &app.catalog;
    let (no, title) = match node {
        Node::Major(a) => {
            let m = &c.majors[a];
            (m.no.clone(), heading_text(&m.title, &m.en, lang))
        }
        Node::Middle(a, b) => {
            let m = &c.majors[a].middles[b];
            (m.no.clone(), heading_text(&m.title, &m.en, lang))
        }
        Node::Minor(a, b, d) => {
            let m = &c.majors[a].middles[b].minors[d];
            (m.no.clone(), heading_text(&m.title, &m.en, lang))
        }
        Node::Goal(a, b, d, e) => {
            let g = &c.majors[a].middles[b].minors[d].goals[e];
            (
                format!("{}{}", lang.pick("目標", "goal "), g.no),
                heading_text(&g.title, &g.en, lang),
            )
        }
        Node::Item(_) => (String::new(), ""),
    };
    (no, title.into(), heading_tally(app, node))
}

/// The tally of a heading (none for an item).
fn heading_tally(app: &App, node: Node) -> Tally {
    let s = &app.score;
    match node {
        Node::Major(a) => s.majors[a].tally,
        Node::Middle(a, b) => s.majors[a].middles[b].tally,
        Node::Minor(a, b, d) => s.majors[a].middles[b].minors[d].tally,
        Node::Goal(a, b, d, e) => s.majors[a].middles[b].minors[d].goals[e],
        Node::Item(_) => Tally::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::{item_wording, scroll_offset};
    use crate::catalog::{Catalog, Edition};
    use crate::lang::Lang;

    #[test]
    fn the_distinctive_part_drops_the_words_siblings_share() {
        let c = Catalog::builtin(Edition::Municipal);
        let at =
            |id: &str, lang, room| item_wording(c, c.path_at(c.position(id).unwrap()), lang, room);
        assert_eq!(at("1-1", Lang::En, 18), "~chief security o~");
        assert_eq!(
            at("1-3", Lang::En, 30),
            "~access control manager",
            "shares `an` with 1-4"
        );
        assert_eq!(
            at("1-6", Lang::En, 18),
            "Holds security me~",
            "shares nothing"
        );
        assert_eq!(
            at("17-3", Lang::En, 60),
            at("17-3", Lang::En, 60).trim_start_matches('~')
        );
        // Japanese: 1-1, 1-5 and 1-6 all start 「セキュリティ」.
        assert_eq!(at("1-1", Lang::Ja, 14), "~統括責任者を~");
        assert_ne!(at("1-5", Lang::Ja, 14), at("1-6", Lang::Ja, 14));
        // It fits: whole.
        assert_eq!(at("1-6", Lang::Ja, 200), c.item("1-6").unwrap().text);
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

    /// In English the tree called an item the profile excludes (対象外) "n/a", the word the
    /// item pane and the reports give an answer of 0 (該当なし), and the help called it "not
    /// applicable": one word, "excluded", as the reports say.
    #[test]
    fn an_excluded_item_is_called_excluded_in_english() {
        use crate::lang::Lang;
        use crate::tui::app::tests::demo_app;
        use ratatui::buffer::Buffer;
        use ratatui::layout::Rect;
        let mut app = demo_app();
        app.options.lang = Lang::En;
        let p = app.catalog.position("8-1").unwrap();
        app.go_to_item(p);
        let area = Rect::new(0, 0, 80, 24);
        let mut buf = Buffer::empty(area);
        crate::tui::view::draw(&app, area, &mut buf);
        let rows = crate::tui::view::tests::buffer_rows(&buf);
        let row = (rows.iter().find(|r| r.contains("[-]") && r.contains("8-1")))
            .expect("8-1 in the tree");
        assert!(row.contains("excluded") && !row.contains("n/a"), "{row}");
        let help: Vec<String> = crate::tui::view::help::rows(Lang::En)
            .into_iter()
            .map(|(_, text)| text)
            .collect();
        let help = help.join("\n");
        assert!(help.contains("[-] excluded"), "{help}");
    }
}
