//! One search behind every "next item of a kind": where it starts and when it says it went
//! round the end; and how far a scroll of the item's text goes.

use super::*;
use crate::tui::app::Reach;
use crate::tui::app::tests::{demo_app, press, type_str};

fn found(position: usize, wrapped: bool) -> Option<Hit> {
    Some(Hit { position, wrapped })
}

#[test]
fn next_in_looks_at_every_item_once_and_says_when_it_went_round() {
    let any = |_| true;
    assert_eq!(next_in(5, Start::Item(2), true, any), found(3, false));
    assert_eq!(next_in(5, Start::Item(2), false, any), found(1, false));
    assert_eq!(next_in(5, Start::Item(4), true, any), found(0, true));
    assert_eq!(next_in(5, Start::Item(0), false, any), found(4, true));
    // The item under the cursor comes last, after going round.
    assert_eq!(next_in(5, Start::Item(2), true, |p| p == 2), found(2, true));
    // (start, forward, the one item sought, whether the search went round)
    for (start, forward, only, round) in [
        (Start::Item(2), false, 2, true),
        // A heading stands above its first item: forward starts on that item, back above it.
        (Start::Before(2), true, 2, false),
        (Start::Before(2), true, 1, true),
        (Start::Before(2), false, 1, false),
        (Start::Before(2), false, 2, true),
    ] {
        assert_eq!(
            next_in(5, start, forward, |p| p == only),
            found(only, round),
            "{start:?} {forward}"
        );
    }
    assert_eq!(next_in(5, Start::Before(0), false, any), found(4, true));
    for (start, forward, order) in [
        (Start::Item(3), true, [4, 0, 1, 2, 3]),
        (Start::Item(3), false, [2, 1, 0, 4, 3]),
        (Start::Before(3), true, [3, 4, 0, 1, 2]),
        (Start::Before(3), false, [2, 1, 0, 4, 3]),
    ] {
        let mut seen = Vec::new();
        let none = next_in(5, start, forward, |p| {
            seen.push(p);
            false
        });
        assert_eq!(
            (none, seen.as_slice()),
            (None, &order[..]),
            "{start:?} {forward}"
        );
    }
    assert_eq!(next_in(0, Start::Before(0), true, any), None);
}

/// From every 管理目標 heading, `n`/`N`, `w`/`W`, `]`/`[` and `/` go to the first match at or
/// below the heading (the last one above it going back), and say so alike when that meant
/// going round the end of the checklist. `/` says where the match is instead (k/n).
#[test]
fn every_next_starts_alike_from_a_heading() {
    let base = demo_app();
    let n = base.catalog.item_count();
    let unanswered: Vec<usize> = (0..n)
        .filter(|&p| base.score.items[p] == ItemState::Unanswered)
        .collect();
    let warned: Vec<usize> = base.warnings.iter().map(|w| w.position).collect();
    let flagged = base.flagged_positions();
    let query = "パスワード";
    let matches = base.search_matches(query);
    assert!(!unanswered.is_empty() && !warned.is_empty() && !flagged.is_empty());
    assert!(matches.len() > 1, "the query matches several items");
    let mut goals: Vec<Node> = (0..n)
        .filter_map(|p| Node::Item(p).parent(base.catalog))
        .collect();
    goals.dedup();
    for goal in goals {
        let first = goal.items(base.catalog).start;
        for (keys, set) in [
            (('n', 'N'), &unanswered),
            (('w', 'W'), &warned),
            ((']', '['), &flagged),
        ] {
            for (key, forward) in [(keys.0, true), (keys.1, false)] {
                let expected = if forward {
                    set.iter().find(|&&p| p >= first).map(|&p| (p, false))
                } else {
                    set.iter().rev().find(|&&p| p < first).map(|&p| (p, false))
                }
                .unwrap_or_else(|| (if forward { set[0] } else { set[set.len() - 1] }, true));
                let mut app = demo_app();
                app.cursor = goal;
                press(&mut app, KeyCode::Char(key));
                assert_eq!(app.current_item(), Some(expected.0), "{key} from {goal:?}");
                assert_eq!(app.message.is_some(), expected.1, "{key} from {goal:?}");
            }
        }
        let mut app = demo_app();
        app.cursor = goal;
        press(&mut app, KeyCode::Char('/'));
        type_str(&mut app, query);
        press(&mut app, KeyCode::Enter);
        let k = matches.iter().position(|&p| p >= first).unwrap_or(0);
        assert_eq!(app.current_item(), Some(matches[k]), "/ from {goal:?}");
        let count = format!("{}/{}", k + 1, matches.len());
        assert!(
            app.message.as_deref().unwrap().contains(&count),
            "/ from {goal:?}"
        );
    }
}

/// A page of ten in a view of seven rows moved seven: no line skipped unseen (found in
/// the reduced layout at 40×12); within the end either way, from the end when beyond it.
#[test]
fn a_scroll_moves_at_most_the_rows_shown_and_never_past_the_end() {
    let reach = Reach { end: 20, rows: 7 };
    assert_eq!(scroll_within(0, 10, reach), 7);
    assert_eq!(scroll_within(7, 10, reach), 14);
    assert_eq!(scroll_within(14, 10, reach), 20);
    assert_eq!(scroll_within(20, 10, reach), 20);
    assert_eq!(scroll_within(20, -10, reach), 13);
    assert_eq!(
        scroll_within(40, -1, reach),
        19,
        "from the end when beyond it"
    );
    assert_eq!(scroll_within(3, -10, reach), 0);
    assert_eq!(
        scroll_within(0, 1, Reach { end: 0, rows: 9 }),
        0,
        "all in sight"
    );
    assert_eq!(
        scroll_within(0, 10, Reach { end: 5, rows: 0 }),
        1,
        "a page is a row at least"
    );
    assert_eq!(
        scroll_within(0, 10, Reach::UNKNOWN),
        10,
        "not drawn yet: as asked"
    );
}

/// `/` found `password` and `ウイルス` but not what an input method in full-width mode or a
/// half-width kana habit types: `ＰＡＳＳＷＯＲＤ`, `ｳｲﾙｽ`. Query and text are compared after
/// NFKC, as ids (`:２３－４`) already are; letters in either case.
#[test]
fn a_search_finds_full_width_letters_and_half_width_kana_as_typed_either_way() {
    let app = demo_app();
    for (typed, as_written) in [
        ("ＰＡＳＳＷＯＲＤ", "password"),
        ("ｳｲﾙｽ", "ウイルス"),
        ("ﾊﾟｽﾜｰﾄﾞ", "パスワード"),
    ] {
        let found = app.search_matches(typed);
        assert!(!found.is_empty(), "{typed}");
        assert_eq!(found, app.search_matches(as_written), "{typed}");
    }
}

/// `f` on a heading did nothing and said nothing; it says that a flag goes on an item.
#[test]
fn f_on_a_heading_says_a_flag_goes_on_an_item() {
    let mut app = demo_app();
    app.cursor = Node::Major(0);
    let before = app.flagged_positions();
    press(&mut app, ratatui::crossterm::event::KeyCode::Char('f'));
    assert_eq!(app.flagged_positions(), before);
    let said = app.message.clone().unwrap_or_default();
    assert!(said.contains("項目"), "{said:?}");
}

/// `]` with the cursor on the only flagged item said 「末尾まで進んだので先頭から続けました」
/// and stayed where it was, as if another had been found: it says this is the only one.
#[test]
fn going_round_to_the_item_it_started_from_says_it_is_the_only_one() {
    use ratatui::crossterm::event::KeyCode;
    for (lang, said) in [
        (Lang::Ja, "この項目のほかにはありません"),
        (Lang::En, "this is the only one"),
    ] {
        let mut app = demo_app();
        app.options.lang = lang;
        for id in ["11-3", "18-1"] {
            app.sheet.answers.get_mut(id).unwrap().flagged = false;
        }
        app.go_to_item(app.catalog.position("1-1").unwrap());
        press(&mut app, KeyCode::Char('f'));
        let here = app.cursor;
        for key in [']', '['] {
            app.message = None;
            press(&mut app, KeyCode::Char(key));
            assert_eq!(app.cursor, here);
            let message = app.message.clone().unwrap_or_default();
            assert!(message.contains(said), "{key}: {message}");
        }
    }
}
