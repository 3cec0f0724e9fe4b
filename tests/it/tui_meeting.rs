//! The interview as the security meeting uses it (issue 12, points 5, 6, 8, 9, 18): notes in
//! the focus view and the item pane at 80×24, flags, clearing an answer with notes, the
//! history of one visit, wrap-round messages and the tree's wording at 80 columns. The whole
//! screen drawn into a `TestBackend` from the demo sheet and snapshotted.

use crate::util::screen::{demo_app, keys, screen};
use tenken::lang::Lang;
use tenken::tui::app::App;
use unicode_width::UnicodeWidthStr;

fn english(mut app: App) -> App {
    app.options.lang = Lang::En;
    app
}

#[test]
fn x_on_an_item_with_notes_asks_first() {
    let mut a = demo_app();
    keys(&mut a, ":18-1\nx");
    let ja = screen(&a, 80, 24);
    assert!(ja.contains("コメント・根拠資料・改善計画"), "{ja}");
    let mut a = english(demo_app());
    keys(&mut a, ":18-1\nx");
    let en = screen(&a, 80, 24);
    insta::assert_snapshot!(format!("{ja}{en}"));
}

/// The tree row of an item on screen (the left pane only).
fn tree_row(screen: &str, id: &str) -> String {
    screen
        .lines()
        .map(|l| l.chars().take(36).collect::<String>())
        .find(|l| l.contains(&format!(" {id} ")))
        .unwrap_or_else(|| panic!("{id} not in the tree:\n{screen}"))
}

#[test]
fn the_flag_marker_keeps_apart_from_the_priority_mark() {
    // Issue 12 point 6: 18-1 read `!H19F`, the flag run into the priority year.
    let mut a = english(demo_app());
    keys(&mut a, ":18-1\n");
    let s = screen(&a, 80, 24);
    let row = tree_row(&s, "18-1");
    assert!(!row.contains("H19F"), "{row}");
    let words: Vec<&str> = row.split([' ', '│', '|']).collect();
    assert!(words.contains(&"F") && words.contains(&"!H19"), "{row}");
    // Same column for a flagged item without a priority year, and none for unflagged ones.
    let unflagged = tree_row(&s, "18-2");
    let (fx, ux) = (row.find("[2]").unwrap(), unflagged.find("[3]").unwrap());
    assert_eq!(
        fx, ux,
        "the score column does not move:\n{row}\n{unflagged}"
    );
    insta::assert_snapshot!(s);
}

#[test]
fn the_score_strip_counts_flags() {
    let a = demo_app();
    let s = screen(&a, 80, 24);
    let strip = s.lines().nth(21).unwrap();
    assert!(strip.contains("付箋 2"), "{strip}");
    let a = english(demo_app());
    let s = screen(&a, 80, 24);
    let strip = s.lines().nth(21).unwrap();
    assert!(strip.contains("2 flagged"), "{strip}");
}

#[test]
fn at_80_columns_in_english_the_tree_shows_what_tells_items_apart() {
    // Issue 12 point 18: 1-1 … 1-5 all read `Has appointed a~`, 2-1 … 2-4 `Has drawn up~`.
    let mut a = english(demo_app());
    keys(&mut a, ":1-1\n");
    let s = screen(&a, 80, 24);
    let rows: Vec<String> = [
        "1-1", "1-2", "1-3", "1-4", "1-5", "1-6", "2-1", "2-2", "2-3", "2-4",
    ]
    .iter()
    .map(|id| tree_row(&s, id))
    .collect();
    // The wording column: after `│   [3] 1-1  *H17 `.
    let shown: Vec<String> = rows.iter().map(|r| r.chars().skip(18).collect()).collect();
    // Siblings (the items of one 管理目標) read differently.
    for goal in [&shown[..6], &shown[6..]] {
        for (i, a) in goal.iter().enumerate() {
            for b in &goal[i + 1..] {
                assert_ne!(a, b, "two rows read alike:\n{}", rows.join("\n"));
            }
        }
    }
    assert!(rows[0].contains("chief"), "{}", rows[0]);
    assert!(rows[9].contains("outsourcing"), "{}", rows[9]);
    // A wording that fits is shown whole, from its start.
    let wide = screen(&a, 160, 30);
    assert!(tree_row_wide(&wide, "1-6").contains("Holds security meetings"));
    insta::assert_snapshot!(s);
}

fn tree_row_wide(screen: &str, id: &str) -> String {
    screen
        .lines()
        .find(|l| l.contains(&format!(" {id} ")))
        .unwrap()
        .to_string()
}

#[test]
fn the_demos_notes_on_2_3_are_about_its_wording() {
    // Issue 12 point 18: last year's comment on 2-3 (情報資産管理規程) spoke of 委託 (2-4's).
    use tenken::cmd::open::DEMO_PREVIOUS_SHEET;
    use tenken::ron::ron_options;
    let last: tenken::sheet::Sheet = ron_options().from_str(DEMO_PREVIOUS_SHEET).unwrap();
    let a = &last.answers["2-3"];
    let plan = &a.plan.as_ref().unwrap().action;
    for note in [&a.comment, plan] {
        assert!(note.contains("情報資産"), "{note}");
        assert!(!note.contains("委託"), "{note}");
    }
}

const LONG_COMMENT: &str = "操作履歴は月次でのみ確認しており、確認の記録は担当者1名の押印のみである。\
不正アクセスの兆候があっても発見が最大1か月遅れるおそれがあると会議で指摘された。\
週次の確認と2名での確認を検討する。";

fn with_long_comment(mut a: App) -> App {
    a.sheet.answers.get_mut("18-1").unwrap().comment = LONG_COMMENT.into();
    keys(&mut a, ":18-1\n");
    a
}

#[test]
fn the_focus_view_shows_comment_evidence_and_plan() {
    // Issue 12 point 5: the focus view showed no notes, with empty rows to spare.
    let mut a = demo_app();
    keys(&mut a, ":18-1\nz");
    let ja = screen(&a, 80, 24);
    for note in [
        "月次でのみ確認している",
        "操作履歴確認記録簿",
        "週次で確認する手順を定め",
        "2027-03-31",
    ] {
        assert!(ja.contains(note), "{note} not in\n{ja}");
    }
    let mut a = english(with_long_comment(demo_app()));
    keys(&mut a, "z");
    let en = screen(&a, 80, 24);
    for note in [
        "操作履歴確認記録簿",
        "週次で確認する手順を定め",
        "2027-03-31",
    ] {
        assert!(en.contains(note), "{note} not in\n{en}");
    }
    insta::assert_snapshot!(format!("{ja}{en}"));
}

#[test]
fn at_80x24_the_plan_of_an_item_below_3_is_in_view_with_a_long_comment() {
    // Issue 12 point 5: the plan sat below the national averages and the heading path, out of
    // the item pane at 80×24.
    let a = with_long_comment(demo_app());
    let ja = screen(&a, 80, 24);
    for note in ["週次で確認する手順を定め", "2027-03-31"] {
        assert!(ja.contains(note), "{note} not in\n{ja}");
    }
    let a = english(with_long_comment(demo_app()));
    let en = screen(&a, 80, 24);
    for note in ["週次で確認する手順を定め", "2027-03-31"] {
        assert!(en.contains(note), "{note} not in\n{en}");
    }
    insta::assert_snapshot!(format!("{ja}{en}"));
}

#[test]
fn space_once_round_leaves_one_earlier_score_in_the_file() {
    // Issue 12 point 9: three presses of Space wrote three earlier scores.
    let mut a = demo_app();
    keys(&mut a, "a:1-6\n   ");
    let ron = tenken::store::to_ron(&a.sheet);
    let start = ron.find("\"1-6\"").unwrap();
    let end = start + ron[start..].find("),\n").unwrap() + 3;
    insta::assert_snapshot!(&ron[start..end]);
}

/// The text of one pane on row `y`: the cells from column `x0` up to `x1`, without the
/// frame.
fn pane_row(buf: &ratatui::buffer::Buffer, y: u16, x0: u16, x1: u16) -> String {
    crate::util::screen::visible_cells(buf, y)
        .into_iter()
        .filter(|(x, _)| (x0 + 1..x1.saturating_sub(1)).contains(x))
        .map(|(_, s)| s)
        .collect()
}

/// Where the item pane starts on a 80-column screen with the tree on its left: the second
/// top-left corner on row 1.
fn item_pane_x(buf: &ratatui::buffer::Buffer) -> u16 {
    crate::util::screen::visible_cells(buf, 1)
        .into_iter()
        .filter(|(_, s)| matches!(*s, "┌" | "+"))
        .nth(1)
        .expect("two panes")
        .0
}

/// Characters no line may start with (Japanese line-breaking rules, 行頭禁則): closing
/// brackets and punctuation, the middle dot, the long-vowel mark, small kana, iteration marks.
pub(crate) const NO_LINE_START: &str = "、。，．）」』】〕〉》］｝・：；？！ー々ゝゞヽヾぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ…‥,.)]}";

/// Printed tree rows by what makes them siblings (an item's 管理目標, a heading's parent): the
/// wording part of each row, by id or heading number.
type Siblings = std::collections::BTreeMap<String, std::collections::BTreeMap<String, String>>;

/// The tree's rows and the item pane's lines, for every item at 80×24 with last year beside
/// (#21 points 10 and 15): the tree's wording part of each row and each heading's title, keyed
/// by what makes them siblings, and every line of the item pane and of the focus view.
fn walk_every_item() -> (Siblings, Vec<(String, String)>) {
    use tenken::catalog::{Catalog, Edition};
    let catalog = Catalog::builtin(Edition::Municipal);
    // What a printed row is the sibling of: an item's 管理目標, a heading's parent.
    let mut parent_of = std::collections::BTreeMap::new();
    for major in &catalog.majors {
        parent_of.insert(major.no.clone(), "root".to_string());
        for middle in &major.middles {
            parent_of.insert(middle.no.clone(), major.no.clone());
            for minor in &middle.minors {
                parent_of.insert(minor.no.clone(), middle.no.clone());
                for goal in &minor.goals {
                    parent_of.insert(format!("目標{}", goal.no), minor.no.clone());
                    for item in &goal.items {
                        parent_of.insert(item.id.clone(), format!("目標{}", goal.no));
                    }
                }
            }
        }
    }
    let mut siblings: std::collections::BTreeMap<
        String,
        std::collections::BTreeMap<String, String>,
    > = Default::default();
    let mut pane_lines = Vec::new();
    let ids: Vec<String> = catalog.items().map(|(_, i)| i.id.clone()).collect();
    assert_eq!(ids.len(), 126);
    for id in &ids {
        let mut a = crate::util::screen::demo_app_with_previous();
        keys(&mut a, &format!(":{id}\n"));
        for focus in [false, true] {
            if focus {
                keys(&mut a, "z");
            }
            let t = crate::util::screen::draw(&a, 80, 24);
            let buf = t.backend().buffer();
            let split = if focus { 0 } else { item_pane_x(buf) };
            for y in 2..buf.area.height - 4 {
                let right = pane_row(buf, y, split, 80);
                pane_lines.push((format!("{id}{}", if focus { " z" } else { "" }), right));
                if focus {
                    continue;
                }
                let row = pane_row(buf, y, 0, split);
                // `[3] 3=  17-1 *H16 wording` or `-目標17 title  3.000  5/5`.
                let words: Vec<&str> = row.split_whitespace().collect();
                if let Some(i) = words
                    .iter()
                    .position(|w| parent_of.contains_key(*w) && w.contains('-'))
                {
                    let key = words[i];
                    let mut rest = &words[i + 1..];
                    if rest.first().is_some_and(|w| w.starts_with(['*', '!'])) {
                        rest = &rest[1..];
                    }
                    siblings
                        .entry(parent_of[key].clone())
                        .or_default()
                        .insert(key.to_string(), rest.join(" "));
                } else if let Some(head) = words.first() {
                    let no = head.trim_start_matches(['-', '+']);
                    if parent_of.contains_key(no) && words.len() > 1 {
                        siblings
                            .entry(parent_of[no].clone())
                            .or_default()
                            .insert(no.to_string(), words[1].to_string());
                    }
                }
            }
        }
    }
    (siblings, pane_lines)
}

/// Point 15: no line of the item pane or the focus view starts with closing punctuation, a
/// middle dot, a long-vowel mark or a small kana, for any item at 80×24 with last year beside.
#[test]
fn every_item_at_80x24_wraps_by_the_japanese_rules() {
    let (_, pane_lines) = walk_every_item();
    let bad: Vec<String> = pane_lines
        .iter()
        .filter(|(_, l)| l.trim_start().starts_with(|c| NO_LINE_START.contains(c)))
        .map(|(id, l)| format!("{id}: {l:?}"))
        .collect();
    assert!(
        bad.is_empty(),
        "lines starting with closing punctuation:\n{}",
        bad.join("\n")
    );
}

/// Point 10: with last year beside at 80×24, no two siblings print the same — 1-1, 1-5 and
/// 1-6 all read 「セキュリティ~」, 37-2 to 37-4 「市町村設置フ~」, goals 「住基ネット~」.
#[test]
fn every_row_at_80x24_with_last_year_beside_reads_apart_from_its_siblings() {
    let (siblings, _) = walk_every_item();
    assert!(siblings.len() > 40, "{siblings:?}");
    let mut alike = Vec::new();
    for (parent, rows) in &siblings {
        let mut seen: std::collections::BTreeMap<&str, &str> = Default::default();
        for (key, shown) in rows {
            if let Some(other) = seen.insert(shown, key) {
                alike.push(format!(
                    "under {parent}: {other} and {key} both read {shown:?}"
                ));
            }
        }
    }
    assert!(alike.is_empty(), "rows alike:\n{}", alike.join("\n"));
}

/// A long note of the kind pasted at the meeting: sentences of different lengths full of
/// 、。「」（）, numbers, long-vowel marks and small kana, so that every kind of character that
/// must not start a line falls at the end of some line at any width.
pub(crate) fn long_japanese_note() -> String {
    (0..60)
        .map(|i| {
            format!(
                "{}第{i}回の点検では、「規程（第{i}条）」のとおりサーバーを確認した。ちょっと待ったっ！",
                "あいうえおかきくけこ".chars().take(i % 11).collect::<String>()
            )
        })
        .collect()
}

/// The text rows of the notes editor's field on screen: rows framed twice on each side (the
/// popup's border and the field's), as (y, the cells between the frames).
fn editor_text_rows(buf: &ratatui::buffer::Buffer) -> Vec<(u16, Vec<(u16, String)>)> {
    let frame = |s: &str| matches!(s, "│" | "|");
    (0..buf.area.height)
        .filter_map(|y| {
            let cells = crate::util::screen::visible_cells(buf, y);
            let n = cells.len();
            (n > 4 && frame(cells[0].1) && frame(cells[1].1)).then(|| {
                assert!(
                    frame(cells[n - 2].1) && frame(cells[n - 1].1),
                    "row {y} does not end with the two frames: the text overflowed: {cells:?}"
                );
                let inner = cells[2..n - 2]
                    .iter()
                    .map(|(x, s)| (*x, s.to_string()))
                    .collect();
                (y, inner)
            })
        })
        .collect()
}

/// #21.15 in the notes editor (c / e / p): a long Japanese note pasted at 80×24 showed a
/// wrapped line starting with 「。」 — the editor wrapped anywhere. It wraps as every other pane
/// does (UAX #14 with the Japanese rules), at any size, within its frame, and the terminal's
/// cursor stands on the character it is before.
#[test]
fn the_notes_editor_wraps_a_long_japanese_note_by_the_japanese_rules() {
    use ratatui::backend::Backend;
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    use tenken::tui::app::{Action, Mode};
    let note = long_japanese_note();
    for (w, h) in [(80, 24), (60, 20), (120, 40)] {
        let mut a = demo_app();
        keys(&mut a, ":2-3\nc");
        let ctrl_x = KeyEvent::new(KeyCode::Char('x'), KeyModifiers::CONTROL);
        let _ = a.update(Action::Key(ctrl_x), crate::util::screen::NOW);
        let _ = a.update(Action::Paste(note.clone()), crate::util::screen::NOW);
        let mut t = crate::util::screen::draw(&a, w, h);
        let buf = t.backend().buffer().clone();
        let rows = editor_text_rows(&buf);
        assert!(
            rows.len() >= 3,
            "{w}x{h}: the field's rows\n{}",
            screen(&a, w, h)
        );
        let mut shown = String::new();
        for (y, cells) in &rows {
            let line: String = cells.iter().map(|(_, s)| s.as_str()).collect();
            let line = line.trim_end();
            assert!(
                !line.starts_with(|c| NO_LINE_START.contains(c)),
                "{w}x{h}: row {y} starts a line with {:?}:\n{}",
                line.chars().next(),
                screen(&a, w, h)
            );
            shown.push_str(line);
        }
        assert!(
            note.contains(&shown),
            "{w}x{h}: nothing is lost or repeated between the rows:\n{}",
            screen(&a, w, h)
        );
        // The cursor (after the paste, at the end) stands just after the last character.
        let cursor = t.backend_mut().get_cursor_position().unwrap();
        let (y, cells) = rows
            .iter()
            .find(|(y, _)| *y == cursor.y)
            .expect("the cursor's row");
        let before = cells.iter().rfind(|(x, _)| *x < cursor.x).unwrap();
        assert_eq!(before.1, "！", "{w}x{h}: the cursor at {cursor:?}, row {y}");
        // Up, Home and End go by the rows on screen, and the cursor stands on the character
        // it is before in the text.
        let mut at = cursor;
        for (key, what) in [
            (KeyCode::Up, "up"),
            (KeyCode::Up, "up"),
            (KeyCode::Home, "home"),
            (KeyCode::End, "end"),
            (KeyCode::Down, "down"),
        ] {
            let _ = a.update(
                Action::Key(KeyEvent::new(key, KeyModifiers::NONE)),
                crate::util::screen::NOW,
            );
            let mut t = crate::util::screen::draw(&a, w, h);
            let now = t.backend_mut().get_cursor_position().unwrap();
            let Mode::Editor(e) = &a.mode else {
                panic!("the editor is open")
            };
            let area = &e.fields[0].area;
            let ratatui_textarea::DataCursor(line, col) = area.cursor();
            let text: Vec<char> = area.lines()[line].chars().collect();
            let buf = t.backend().buffer();
            let rows = editor_text_rows(buf);
            let row = &rows.iter().find(|(y, _)| *y == now.y).unwrap().1;
            // The cell under the cursor shows the character after it in the text, or is
            // the blank after a row's last character, which is then the one before it.
            let under = buf[(now.x, now.y)].symbol();
            if under == " " {
                let left = row.iter().rfind(|(x, _)| *x < now.x).unwrap();
                assert_eq!(left.1, text[col - 1].to_string(), "{w}x{h} {what}: {now:?}");
            } else {
                assert_eq!(under, text[col].to_string(), "{w}x{h} {what}: {now:?}");
            }
            match what {
                "up" => assert_eq!(now.y + 1, at.y, "{w}x{h}: up one row on screen"),
                "down" => assert_eq!(now.y, at.y + 1, "{w}x{h}: down one row"),
                "home" => assert_eq!((now.x, now.y), (rows[0].1[0].0, at.y), "{w}x{h}"),
                _ => {
                    // After the row's last character (a character typed goes there): in
                    // the cell after it, or where the row is full at the next row's start.
                    let row = &rows.iter().find(|(y, _)| *y == at.y).unwrap().1;
                    let cells_end = |(x, s): &(u16, String)| x + u16::try_from(s.width()).unwrap();
                    let last = row.iter().rfind(|(_, s)| s != " ").unwrap();
                    let after = cells_end(last);
                    let right = cells_end(row.last().unwrap());
                    let expected = if after < right {
                        (after, at.y)
                    } else {
                        (rows[0].1[0].0, at.y + 1)
                    };
                    assert_eq!(
                        (now.x, now.y),
                        expected,
                        "{w}x{h}: after the row's last character"
                    );
                }
            }
            at = now;
        }
    }
}
