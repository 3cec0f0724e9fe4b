//! The whole screen drawn into a `TestBackend` with the Japanese demo sheet: snapshots at
//! 80×24, 120×40 and small sizes, in ASCII and English; styles checked on the buffer where a
//! text snapshot cannot see them; random key sequences and sizes never panic and the numbers
//! on screen are the scoring core's.

use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::{Color, Modifier};

use crate::util::fixture::{PREVIOUS_SHEET, SHEET};
use crate::util::screen::{NOW, draw, find, keys, press, text};
use tenken::catalog::{Catalog, Edition};
use tenken::lang::Lang;
use tenken::ron::ron_options;
use tenken::score::{format_average, score_sheet};
use tenken::sheet::Sheet;
use tenken::tui::app::{Action, App, Options};
use tenken::tui::form::Form;
use tenken::tui::previous::PreviousSheet;
use tenken::tui::theme::Theme;
use tenken::tui::view;

fn app_with(lang: Lang, ascii: bool, color: bool) -> App {
    let sheet: Sheet = ron_options().from_str(SHEET).unwrap();
    App::new(
        Catalog::builtin(Edition::Municipal),
        sheet,
        "demo.ron",
        Options {
            lang,
            theme: Theme {
                ascii,
                color,
                ..Theme::default()
            },
            advance: true,
        },
    )
}

fn app() -> App {
    app_with(Lang::Ja, false, true)
}

/// The demo sheet with its previous year (令和7年度) beside it, as `tenken demo` opens it.
fn app_with_previous(lang: Lang, ascii: bool, color: bool) -> App {
    let last: Sheet = ron_options().from_str(PREVIOUS_SHEET).unwrap();
    app_with(lang, ascii, color).with_previous(PreviousSheet {
        catalog: Catalog::builtin(Edition::Municipal),
        sheet: last,
        name: "demo-r7.ron".into(),
    })
}

#[test]
fn main_screen_80x24() {
    insta::assert_snapshot!(text(draw(&app(), 80, 24).backend().buffer()));
}

#[test]
fn main_screen_120x40() {
    let mut a = app();
    keys(&mut a, ":18-1\n");
    insta::assert_snapshot!(text(draw(&a, 120, 40).backend().buffer()));
}

#[test]
fn main_screen_ascii_english() {
    let mut a = app_with(Lang::En, true, false);
    keys(&mut a, ":18-1\n");
    let t = draw(&a, 80, 24);
    insta::assert_snapshot!(text(t.backend().buffer()));
    // No symbol outside ASCII: what is not ASCII is Japanese text from the sheet itself.
    let screen = text(t.backend().buffer());
    let odd: String = screen
        .chars()
        .filter(|c| {
            !c.is_ascii()
                && !"例市月次でのみ確認している操作履歴記録簿週す手順を定め、担当者を名にす情報政策課"
                    .contains(*c)
        })
        .collect();
    assert_eq!(
        odd, "",
        "non-ASCII characters on the --ascii --lang en screen"
    );
}

#[test]
fn ascii_mode_has_no_box_drawing_even_in_japanese() {
    let t = draw(&app_with(Lang::Ja, true, true), 80, 24);
    let screen = text(t.backend().buffer());
    assert!(
        !screen
            .chars()
            .any(|c| ('\u{2500}'..='\u{259F}').contains(&c)),
        "box-drawing or block characters in ASCII mode"
    );
}

#[test]
fn markers_never_use_ambiguous_width_characters() {
    // Every marker the program draws itself, in the default mode (borders and bars aside).
    let mut a = app();
    keys(&mut a, "wf");
    let mut screens = vec![text(draw(&a, 120, 40).backend().buffer())];
    keys(&mut a, "?");
    screens.push(text(draw(&a, 120, 40).backend().buffer()));
    keys(&mut a, "\u{1b}z");
    screens.push(text(draw(&a, 80, 24).backend().buffer()));
    screens.push(text(draw(&a, 40, 12).backend().buffer()));
    screens.push(text(draw(&a, 20, 5).backend().buffer()));
    for screen in screens {
        for c in screen.chars() {
            let ambiguous_symbol = ('\u{2010}'..='\u{24FF}').contains(&c)
                || ('\u{25A0}'..='\u{2BFF}').contains(&c)
                || "×÷°±§¶·".contains(c);
            assert!(
                !ambiguous_symbol,
                "ambiguous-width symbol {c} on screen:\n{screen}"
            );
        }
    }
}

#[test]
fn help_screen() {
    let mut a = app();
    keys(&mut a, "?");
    insta::assert_snapshot!(text(draw(&a, 80, 24).backend().buffer()));
}

/// Scrolling the help past its end was counted: after forty lines down at its last screen,
/// `k` had forty lines to take back before the text moved. The text moves with the first.
#[test]
fn help_scrolled_past_its_end_moves_back_with_the_first_key_up() {
    let mut a = app();
    keys(&mut a, "?");
    let mut last = String::new();
    // Down to the end, a frame after each key as on a terminal.
    for _ in 0..200 {
        keys(&mut a, "j");
        last = text(draw(&a, 80, 24).backend().buffer());
    }
    keys(&mut a, "jjjjjjjjjjjjjjjjjjjj");
    assert_eq!(text(draw(&a, 80, 24).backend().buffer()), last);
    keys(&mut a, "k");
    let up = text(draw(&a, 80, 24).backend().buffer());
    assert_ne!(up, last, "one key up moves the text");
    keys(&mut a, "j");
    assert_eq!(text(draw(&a, 80, 24).backend().buffer()), last);
}

/// The item pane counted lines scrolled past its end as the help did: after forty lines down
/// at the end of an item's text, `k` had forty to take back before the text moved. It moves
/// with the first key up, at any size; the item stays the same.
#[test]
fn item_pane_scrolled_past_its_end_moves_back_with_the_first_key_up() {
    for (cols, rows) in [(80, 24), (60, 16)] {
        let mut a = app();
        keys(&mut a, ":18-1\n\t");
        let item = a.current_item();
        let top = text(draw(&a, cols, rows).backend().buffer());
        keys(&mut a, "j");
        let mut last = text(draw(&a, cols, rows).backend().buffer());
        assert_ne!(
            last, top,
            "{cols}x{rows}: the item's text is taller than its pane"
        );
        for _ in 0..40 {
            keys(&mut a, "j");
            last = text(draw(&a, cols, rows).backend().buffer());
        }
        keys(&mut a, "k");
        let up = text(draw(&a, cols, rows).backend().buffer());
        assert_ne!(up, last, "{cols}x{rows}: one key up moves the text");
        keys(&mut a, "j");
        assert_eq!(text(draw(&a, cols, rows).backend().buffer()), last);
        assert_eq!(a.current_item(), item, "scrolled, not moved");
        // The page keys scroll the focused pane's text too (they moved ten tree rows).
        press(&mut a, KeyCode::PageUp);
        assert_eq!(text(draw(&a, cols, rows).backend().buffer()), top);
        press(&mut a, KeyCode::PageDown);
        assert_eq!(text(draw(&a, cols, rows).backend().buffer()), last);
        assert_eq!(a.current_item(), item, "paged, not moved");
    }
}

/// The focus view cut an item's text that did not fit — a long comment, the evidence and the
/// national averages below it out of sight — and no key reached the rest: j/k step to the
/// next item there. PgDn/PgUp scroll the text (ten lines, as in the help), said on its border
/// while the text does not fit, and stop at its end; so in the reduced layout of a small
/// terminal, which shows the item alone too.
#[test]
fn the_focus_view_scrolls_a_text_that_does_not_fit() {
    for (view, cols, rows) in [("z", 80, 24), ("z", 50, 14), ("", 50, 14)] {
        let mut a = app();
        let long =
            "ファイアウォールの設定は年1回見直し、変更は申請書により承認を得て記録している。";
        keys(&mut a, &format!(":37-3\nc{}\u{1b}{view}", long.repeat(10)));
        let item = a.current_item();
        let top = text(draw(&a, cols, rows).backend().buffer());
        assert!(
            top.contains("PgDn"),
            "{cols}x{rows}: the border says how to see the rest\n{top}"
        );
        press(&mut a, KeyCode::PageDown);
        let mut last = text(draw(&a, cols, rows).backend().buffer());
        assert_ne!(last, top, "{cols}x{rows}: PgDn scrolls the text");
        assert_eq!(a.current_item(), item, "the item stays");
        for _ in 0..20 {
            press(&mut a, KeyCode::PageDown);
            last = text(draw(&a, cols, rows).backend().buffer());
        }
        assert!(
            last.contains("全国平均"),
            "{cols}x{rows}: its end in sight\n{last}"
        );
        press(&mut a, KeyCode::PageUp);
        let up = text(draw(&a, cols, rows).backend().buffer());
        assert_ne!(up, last, "{cols}x{rows}: one PgUp moves the text");
        press(&mut a, KeyCode::PageDown);
        assert_eq!(text(draw(&a, cols, rows).backend().buffer()), last);
        assert_eq!(a.current_item(), item);
    }
    // A text that fits says nothing of PgDn.
    let mut a = app();
    keys(&mut a, ":1-1\nz");
    assert!(!text(draw(&a, 120, 40).backend().buffer()).contains("PgDn"));
}

/// On a heading the score strip named the first warning of the sheet (「次 2-3」) as the one
/// `w` goes to, while `w` went to the first after the heading (40-2). Both are the same now.
#[test]
fn the_strips_next_warning_is_where_w_goes_from_a_heading() {
    for at in [":39-1\nj", ":1-1\nk", ":23-4\n"] {
        let mut a = app();
        keys(&mut a, at);
        let screen = text(draw(&a, 80, 24).backend().buffer());
        let named = screen
            .split("次 ")
            .nth(1)
            .and_then(|rest| rest.split(" (w)").next())
            .unwrap_or_else(|| panic!("{at}: no next warning named\n{screen}"))
            .to_string();
        keys(&mut a, "w");
        let after = text(draw(&a, 80, 24).backend().buffer());
        assert!(
            after.contains(&format!("項目 {named} ")),
            "{at}: w went elsewhere than {named}\n{after}"
        );
    }
}

/// A key hint on a frame's bottom border too long for it was cut mid-word without a mark
/// (「PgDn/Space: 1」 at 40 columns): it ends with `~` where it is cut, as every cut text does.
#[test]
fn a_hint_cut_by_its_frame_says_so() {
    let mut a = app();
    keys(&mut a, "?");
    let help = text(draw(&a, 40, 12).backend().buffer());
    let border = help.lines().find(|l| l.contains("j/下")).unwrap();
    assert!(border.contains("~"), "{border}");
    let mut a = app_with(Lang::En, false, true);
    let long = "A comment long enough to need more than the rows of a small terminal. ";
    keys(&mut a, &format!(":37-3\nc{}\u{1b}", long.repeat(6)));
    let small = text(draw(&a, 30, 8).backend().buffer());
    let border = small.lines().find(|l| l.contains("PgDn")).unwrap();
    assert!(
        border.contains("PgDn/PgUp: more of") && border.contains("~"),
        "{border}"
    );
}

/// Leaving the focus view after scrolling its text left the item pane scrolled as far, its
/// first lines (the id, the wording) out of sight without a sign; `z` again reopened it
/// scrolled. The text is read from its top in a view just switched to.
#[test]
fn a_view_switched_to_shows_the_item_from_its_top() {
    let long = "ファイアウォールの設定は年1回見直し、変更は申請書により承認を得て記録している。";
    let mut a = app();
    keys(&mut a, &format!(":37-3\nc{}\u{1b}", long.repeat(10)));
    let panes = text(draw(&a, 80, 24).backend().buffer());
    keys(&mut a, "z");
    let focus = text(draw(&a, 80, 24).backend().buffer());
    press(&mut a, KeyCode::PageDown);
    assert_ne!(text(draw(&a, 80, 24).backend().buffer()), focus);
    keys(&mut a, "\u{1b}");
    assert_eq!(text(draw(&a, 80, 24).backend().buffer()), panes);
    keys(&mut a, "z");
    press(&mut a, KeyCode::PageDown);
    let _ = draw(&a, 80, 24);
    keys(&mut a, "zz");
    assert_eq!(text(draw(&a, 80, 24).backend().buffer()), focus);
}

/// Last year's summary (`R`) all in sight took `j` as a line scrolled nobody could see: made
/// smaller, the terminal showed it from its second line. A scroll never passes the end.
#[test]
fn a_popup_that_fits_keeps_no_scroll_for_a_smaller_terminal() {
    let mut fresh = app_with_previous(Lang::Ja, false, true);
    keys(&mut fresh, "R");
    let _ = draw(&fresh, 80, 24);
    let mut scrolled = app_with_previous(Lang::Ja, false, true);
    keys(&mut scrolled, "R");
    let _ = draw(&scrolled, 80, 24);
    keys(&mut scrolled, "jjj");
    let _ = draw(&scrolled, 80, 24);
    assert_eq!(
        text(draw(&scrolled, 40, 12).backend().buffer()),
        text(draw(&fresh, 40, 12).backend().buffer())
    );
}

#[test]
fn editor_popup_over_japanese_text() {
    let mut a = app();
    keys(&mut a, ":18-1\np");
    keys(&mut a, "\t");
    insta::assert_snapshot!(text(draw(&a, 80, 24).backend().buffer()));
}

#[test]
fn editors_show_the_items_wording_and_put_the_cursor_where_text_goes() {
    for (key, title) in [("c", "コメント"), ("e", "根拠資料"), ("p", "改善計画")] {
        let mut a = app();
        keys(&mut a, ":1-1\n");
        keys(&mut a, key);
        keys(&mut a, "月次点検済");
        let mut t = draw(&a, 80, 24);
        let buf = t.backend().buffer().clone();
        let screen = text(&buf);
        assert!(screen.contains(title), "{screen}");
        // The wording of 1-1 is above the text being written.
        let wording = &a.catalog.items().next().unwrap().1.text;
        let start: String = wording.chars().take(8).collect();
        let (_, wy) = find(&buf, &format!("1-1 {start}")).expect(&screen);
        let (x, y) = find(&buf, "月次点検済").expect(&screen);
        assert!(wy < y, "wording above the text\n{screen}");
        assert!(t.backend().cursor_visible());
        t.backend_mut().assert_cursor_position((x + 10, y));
    }
}

#[test]
fn plan_editor_cursor_follows_the_field_and_a_wrapped_line() {
    let mut a = app();
    keys(&mut a, ":18-1\np\t");
    let mut t = draw(&a, 80, 24);
    insta::assert_snapshot!(text(t.backend().buffer()));
    // The owner field (Tab from the measure) holds the cursor at its text's end.
    let (x, y) = find(t.backend().buffer(), "情報政策課").unwrap();
    t.backend_mut().assert_cursor_position((x + 10, y));
    // A long measure wraps; the cursor follows onto the next line.
    let mut a = app();
    keys(&mut a, ":1-1\np");
    keys(&mut a, &"あ".repeat(40));
    let mut t = draw(&a, 80, 24);
    let pos = t.get_cursor_position().unwrap();
    let buf = t.backend().buffer().clone();
    let (x, y) = find(&buf, "あああ").unwrap();
    assert!(
        pos.y > y && pos.x > x,
        "{pos:?} after the wrapped text at {x},{y}"
    );
    assert_eq!(buf[(pos.x - 2, pos.y)].symbol(), "あ");
}

#[test]
fn prompts_put_the_cursor_after_the_typed_text_and_normal_mode_hides_it() {
    let mut a = app();
    let t = draw(&a, 80, 24);
    assert!(!t.backend().cursor_visible());
    keys(&mut a, ":18-");
    let mut t = draw(&a, 80, 24);
    assert!(t.backend().cursor_visible());
    let (x, y) = find(t.backend().buffer(), "18-").unwrap();
    t.backend_mut().assert_cursor_position((x + 3, y));
    keys(&mut a, "\u{1b}/検索語");
    let mut t = draw(&a, 80, 24);
    let (x, y) = find(t.backend().buffer(), "検索語").unwrap();
    t.backend_mut().assert_cursor_position((x + 6, y));
}

#[test]
fn focus_view() {
    let mut a = app();
    keys(&mut a, ":23-4\nz");
    insta::assert_snapshot!(text(draw(&a, 80, 24).backend().buffer()));
}

#[test]
fn bulk_confirmation() {
    let mut a = app();
    keys(&mut a, ":9-1\nh2");
    insta::assert_snapshot!(text(draw(&a, 80, 24).backend().buffer()));
}

#[test]
fn reduced_layout_below_80x24() {
    insta::assert_snapshot!(text(draw(&app(), 40, 12).backend().buffer()));
}

/// The reduced layout shows one item and not the tree, so its frame says what j and k do
/// now: move through the items, or after Tab scroll the item's text (nothing showed which;
/// the full layout marks the pane that has the keys).
#[test]
fn the_reduced_layout_says_where_j_and_k_go() {
    let mut a = app();
    let title = |a: &App| {
        let screen = text(draw(a, 60, 16).backend().buffer());
        screen.lines().nth(1).unwrap_or_default().to_string()
    };
    assert!(title(&a).contains("j k: 項目"), "{}", title(&a));
    keys(&mut a, "\t");
    assert!(title(&a).contains("j k: 本文"), "{}", title(&a));
    keys(&mut a, "\t");
    assert!(title(&a).contains("j k: 項目"), "{}", title(&a));
    let mut en = app_with(Lang::En, false, false);
    let title_en = text(draw(&en, 60, 16).backend().buffer());
    assert!(title_en.contains("j k: items"), "{title_en}");
    keys(&mut en, "\t");
    let title_en = text(draw(&en, 60, 16).backend().buffer());
    assert!(title_en.contains("j k: text"), "{title_en}");
    // Narrower than the title, it ends with the mark of a cut, as every other cut text does
    // (at 40 columns it ran into the frame's corner: 「…80x24 以上で全体-+」).
    for width in [30, 40, 43] {
        let screen = text(draw(&app(), width, 12).backend().buffer());
        let frame = screen.lines().nth(1).unwrap_or_default();
        assert!(
            frame.contains("~ ─") || frame.contains("~ ┐"),
            "{width}: {frame}"
        );
    }
}

#[test]
fn tiny_terminal_says_enlarge() {
    insta::assert_snapshot!(text(draw(&app(), 16, 4).backend().buffer()));
    draw(&app(), 1, 1);
    draw(&app(), 0, 0);
    // Input not taken meanwhile is counted, and the count is in sight however small the
    // terminal: the request to enlarge it gives way first (it was cut off at 20×5).
    let mut a = app();
    for _ in 0..3 {
        let _ = a.update(Action::NotTaken, NOW);
    }
    for (w, h) in [(29, 7), (20, 5), (16, 4), (12, 2)] {
        let screen = text(draw(&a, w, h).backend().buffer());
        let words: String = screen.split_whitespace().collect();
        assert!(words.contains("入力:3"), "{w}×{h}:\n{screen}");
    }
}

#[test]
fn lock_notice() {
    // Issue 12.16: the notice names the user holding the sheet.
    let a = app().read_only_held(&tenken::store::LockInfo {
        user: "yamada".into(),
        host: "kiosk-01".into(),
        pid: 4242,
        since: "2026-11-25T10:00:00+09:00".into(),
        stale: false,
        other_name: false,
    });
    insta::assert_snapshot!(text(draw(&a, 80, 24).backend().buffer()));
}

fn start_form_keys(form: &mut Form, keys: &[KeyCode]) {
    let cats = tenken::catalog::Catalogs::default();
    for k in keys {
        form.start_key(KeyEvent::new(*k, KeyModifiers::NONE), &cats, NOW);
    }
}

fn draw_start_form(form: &Form, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| view::form::render_start(form, "2026.ron", Theme::default(), f))
        .unwrap();
    t
}

#[test]
fn start_form() {
    let cats = tenken::catalog::Catalogs::default();
    let mut form = Form::start(&cats, NOW, Lang::Ja);
    start_form_keys(
        &mut form,
        &"例市".chars().map(KeyCode::Char).collect::<Vec<_>>(),
    );
    let mut t = draw_start_form(&form, 80, 24);
    insta::assert_snapshot!(text(t.backend().buffer()));
    // The terminal's cursor waits right after the typed text, where the next character goes.
    let (x, y) = find(t.backend().buffer(), "例市").unwrap();
    assert!(t.backend().cursor_visible());
    t.backend_mut().assert_cursor_position((x + 4, y));
    // Moved back one character, it sits on 市.
    start_form_keys(&mut form, &[KeyCode::Left]);
    let mut t = draw_start_form(&form, 80, 24);
    t.backend_mut().assert_cursor_position((x + 2, y));
    // On a choice (the edition) there is no text cursor.
    start_form_keys(&mut form, &[KeyCode::Tab; 4]);
    let t = draw_start_form(&form, 80, 24);
    assert!(!t.backend().cursor_visible());
}

/// Seen in `xterm -cjk_width`: the cursor of a form's text field vanished. The focused
/// field was drawn in reverse video, and a block cursor does not show there: on a reversed
/// cell the two inversions cancel, on a plain one it looks like the reversed cells around
/// it. One cursor, the terminal's (as in the notes editor): the field it stands in is not
/// reversed, in the start form and in the header form (`i`), empty, after the text and on
/// a character of it.
#[test]
fn a_forms_text_cursor_is_not_in_reverse_video() {
    let not_reversed = |t: &mut Terminal<TestBackend>, what: &str| {
        let at = t.get_cursor_position().unwrap();
        assert!(t.backend().cursor_visible(), "{what}");
        let buf = t.backend().buffer();
        for x in 0..buf.area.width {
            let cell = &buf[(x, at.y)];
            assert!(
                !cell.modifier.contains(Modifier::REVERSED),
                "{what}: reversed at {x} on the cursor's row {at:?}"
            );
        }
        assert!(
            buf[(at.x, at.y)].modifier.contains(Modifier::UNDERLINED),
            "{what}: the field's extent is shown"
        );
    };
    let cats = tenken::catalog::Catalogs::default();
    let mut form = Form::start(&cats, NOW, Lang::Ja);
    not_reversed(&mut draw_start_form(&form, 80, 24), "an empty field");
    start_form_keys(
        &mut form,
        &"例市".chars().map(KeyCode::Char).collect::<Vec<_>>(),
    );
    not_reversed(&mut draw_start_form(&form, 80, 24), "after the text");
    start_form_keys(&mut form, &[KeyCode::Left]);
    not_reversed(&mut draw_start_form(&form, 80, 24), "on 市");
    let mut a = app();
    keys(&mut a, "i\t\t\t\t\t山田");
    not_reversed(&mut draw(&a, 80, 24), "the header form");
}

#[test]
fn start_form_at_40x12_shows_the_create_button_hints_and_a_long_value_around_the_cursor() {
    let cats = tenken::catalog::Catalogs::default();
    let mut form = Form::start(&cats, NOW, Lang::Ja);
    let long = "情報政策課 情報セキュリティ担当 兼 住基ネット運用責任者";
    // Down to the respondent.
    start_form_keys(&mut form, &[KeyCode::Down; 5]);
    start_form_keys(
        &mut form,
        &long.chars().map(KeyCode::Char).collect::<Vec<_>>(),
    );
    let mut t = draw_start_form(&form, 40, 12);
    let screen = text(t.backend().buffer());
    insta::assert_snapshot!(screen);
    assert!(screen.contains("作成して開始"), "{screen}");
    assert!(screen.contains("Esc: 中止"), "{screen}");
    // The end of the long value is in sight, with the cursor right after it.
    let (x, y) = find(t.backend().buffer(), "責任者").unwrap();
    t.backend_mut().assert_cursor_position((x + 6, y));
    // Home scrolls back to its start.
    start_form_keys(&mut form, &[KeyCode::Home]);
    let mut t = draw_start_form(&form, 40, 12);
    let (x, y) = find(t.backend().buffer(), "情報政策課").unwrap();
    t.backend_mut().assert_cursor_position((x, y));
}

/// At 40×12 the fields do not all fit: those away from the focus were left out, and on a
/// fresh form (the focus on 団体名) the create button was one of them until Tab reached it.
/// The button stays in sight wherever the focus is.
#[test]
fn start_form_on_a_low_terminal_keeps_the_create_button_in_sight_from_the_first_field() {
    let cats = tenken::catalog::Catalogs::default();
    // Lower still, the key hints give way to one line of them (at 30×8 the button went
    // below the four lines of hints with the first field focused).
    for (w, h) in [(40, 12), (30, 8), (24, 6)] {
        let mut form = Form::start(&cats, NOW, Lang::Ja);
        // Round the form and a little beyond (Tab wraps to the first field).
        for step in 0..12 {
            let t = draw_start_form(&form, w, h);
            let screen = text(t.backend().buffer());
            assert!(
                screen.contains("作成して開始"),
                "{w}×{h} after {step} Tab:\n{screen}"
            );
            assert!(
                screen.lines().any(|l| l.starts_with("│>")),
                "the focused field in sight at {w}×{h} after {step} Tab:\n{screen}"
            );
            start_form_keys(&mut form, &[KeyCode::Tab]);
        }
    }
}

#[test]
fn selection_is_reverse_video_and_warnings_are_marked_not_only_coloured() {
    // Colour allowed: the warning is red and bold, and carries "!".
    let a = app();
    let t = draw(&a, 80, 24);
    let buf = t.backend().buffer();
    let (x, y) = find(buf, "[ ] 2-3").expect("cursor row");
    assert!(
        buf[(x, y)].modifier.contains(Modifier::REVERSED),
        "selected row reversed"
    );
    let (wx, wy) = find(buf, "!H17").expect("warning marker in the tree");
    assert_eq!(wy, y);
    assert!(buf[(wx, wy)].modifier.contains(Modifier::BOLD));
    assert_eq!(buf[(wx, wy)].fg, Color::Red);
    // NO_COLOR: no colour anywhere, the markers stay.
    let a = app_with(Lang::Ja, false, false);
    let t = draw(&a, 80, 24);
    let buf = t.backend().buffer();
    for cell in buf.content() {
        assert_eq!(cell.fg, Color::Reset, "colour under NO_COLOR");
        assert_eq!(cell.bg, Color::Reset, "colour under NO_COLOR");
    }
    assert!(find(buf, "!H17").is_some());
    assert!(find(buf, "! 重要警告").is_some());
}

#[test]
fn focused_pane_is_marked_without_colour() {
    let mut a = app_with(Lang::Ja, false, false);
    let t = draw(&a, 80, 24);
    assert!(find(t.backend().buffer(), ">点検項目").is_some());
    keys(&mut a, "\t");
    let t = draw(&a, 80, 24);
    assert!(find(t.backend().buffer(), ">項目 2-3").is_some());
    assert!(find(t.backend().buffer(), ">点検項目").is_none());
}

#[test]
fn popup_over_wide_characters_does_not_split_them() {
    // The help popup's left edge falls on a title's Japanese text: the neighbour cell of a
    // split wide character must be blank, not the first half of a glyph.
    let mut a = app();
    keys(&mut a, "p"); // refused (unanswered), message only
    keys(&mut a, ":1-1\nc");
    let t = draw(&a, 81, 24);
    let buf = t.backend().buffer();
    let popup = view::centered(ratatui::layout::Rect::new(0, 1, 81, 22), 76, 18);
    for y in popup.top()..popup.bottom() {
        let left = &buf[(popup.x - 1, y)];
        assert!(
            unicode_width::UnicodeWidthStr::width(left.symbol()) <= 1,
            "row {y}"
        );
    }
}

#[test]
fn text_from_the_file_cannot_reach_the_terminal_raw() {
    let mut a = app();
    a.sheet.organization = "例市\u{1b}[2J\u{202e}".into();
    a.sheet.answers.get_mut("1-1").unwrap().comment = "ok\u{1b}]0;pwned\u{7}".into();
    keys(&mut a, ":1-1\n");
    let t = draw(&a, 120, 40);
    let screen = text(t.backend().buffer());
    assert!(screen.contains("<U+001B>[2J<U+202E>"));
    assert!(screen.contains("ok<U+001B>]0;pwned<U+0007>"));
    assert!(!screen.chars().any(|c| c.is_control() && c != '\n'));
}

fn overall_on_screen(buf: &Buffer) -> Option<String> {
    let screen = text(buf);
    let i = screen.find("総平均点 ")?;
    screen[i + "総平均点 ".len()..]
        .split_whitespace()
        .next()
        .map(str::to_string)
}

fn key_strategy() -> impl Strategy<Value = KeyEvent> {
    let chars = prop::sample::select(vec![
        '0', '1', '2', '3', ' ', 'x', 'j', 'k', 'h', 'l', 'g', 'G', 'n', 'N', 'w', 'W', ':', '/',
        'f', 'c', 'e', 'p', 'u', 'a', 'z', '?', 'y', 'q', 'Q', 'r', '-', 'あ', '漢', '界', 'ｱ',
        '\u{1b}', 't', 'T', 'd', 'D', 'b', 'B', 'm', 'M', 'v', 'V', 'R', 'y', 'y', 'i', 'C',
    ]);
    let codes = prop_oneof![
        8 => chars.prop_map(KeyCode::Char),
        1 => Just(KeyCode::Enter),
        1 => Just(KeyCode::Esc),
        1 => Just(KeyCode::Tab),
        1 => Just(KeyCode::Backspace),
        1 => Just(KeyCode::Down),
        1 => Just(KeyCode::Up),
        1 => Just(KeyCode::Left),
        1 => Just(KeyCode::PageDown),
    ];
    let mods = prop_oneof![
        10 => Just(KeyModifiers::NONE),
        1 => Just(KeyModifiers::CONTROL),
        1 => Just(KeyModifiers::ALT),
        1 => Just(KeyModifiers::SHIFT),
    ];
    (codes, mods).prop_map(|(c, m)| {
        // Ctrl-C quits the session in real use; here the sequence goes on.
        KeyEvent::new(c, m)
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn random_keys_and_sizes_never_panic_and_numbers_are_the_scoring_cores(
        steps in prop::collection::vec((key_strategy(), 0u16..130, 0u16..45), 1..80)
    ) {
        let mut a = app();
        let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
        for (key, w, h) in steps {
            let _ = a.update(Action::Key(key), NOW);
            t.backend_mut().resize(w, h);
            t.resize(ratatui::layout::Rect::new(0, 0, w, h)).unwrap();
            t.draw(|f| view::render(&a, f)).unwrap();
            prop_assert_eq!(&a.score, &score_sheet(a.catalog, &a.sheet));
        }
        a.mode = tenken::tui::app::Mode::Normal;
        a.focus_view = false;
        let t = draw(&a, 120, 40);
        let expected = format_average(score_sheet(a.catalog, &a.sheet).overall.average());
        prop_assert_eq!(overall_on_screen(t.backend().buffer()), Some(expected));
        // Whatever was typed, the sheet as it would be saved loads back unchanged.
        let text = tenken::store::to_ron(&a.sheet);
        let back = tenken::store::parse_sheet(&text, "saved.ron");
        prop_assert_eq!(back.as_ref().ok(), Some(&a.sheet), "{:?}\n{}", back.as_ref().err(), text);
    }
}

#[test]
fn previous_year_beside_this_year_80x24() {
    let mut a = app_with_previous(Lang::Ja, false, true);
    keys(&mut a, ":18-1\n");
    insta::assert_snapshot!(text(draw(&a, 80, 24).backend().buffer()));
}

#[test]
fn previous_year_beside_this_year_120x40() {
    let mut a = app_with_previous(Lang::Ja, false, true);
    keys(&mut a, ":18-1\n");
    insta::assert_snapshot!(text(draw(&a, 120, 40).backend().buffer()));
}

#[test]
fn previous_year_ascii_english() {
    let mut a = app_with_previous(Lang::En, true, false);
    keys(&mut a, ":1-6\n");
    let screen = text(draw(&a, 80, 24).backend().buffer());
    insta::assert_snapshot!(screen);
}

/// This year on the national edition, last year on the municipal one (demo-r7): 2-4 and 43-x
/// were removed, 30 items were reworded.
fn national_app_with_municipal_previous(lang: Lang, ascii: bool) -> App {
    let mut sheet: Sheet = ron_options().from_str(SHEET).unwrap();
    sheet.catalog.id = "juki-national".into();
    sheet.answers.remove("2-4");
    let last: Sheet = ron_options().from_str(PREVIOUS_SHEET).unwrap();
    App::new(
        Catalog::builtin(Edition::National),
        sheet,
        "national.ron",
        Options {
            lang,
            theme: Theme {
                ascii,
                color: true,
                ..Theme::default()
            },
            advance: true,
        },
    )
    .with_previous(PreviousSheet {
        catalog: Catalog::builtin(Edition::Municipal),
        sheet: last,
        name: "municipal-r7.ron".into(),
    })
}

#[test]
fn another_edition_unconfirmed_draft_with_both_wordings_80x24() {
    let mut a = national_app_with_municipal_previous(Lang::Ja, false);
    keys(&mut a, "Ty:26-3\n");
    let t = draw(&a, 80, 24);
    let screen = text(t.backend().buffer());
    insta::assert_snapshot!(screen);
    assert!(screen.contains("[2?]"), "the draft is marked in the tree");
    assert!(screen.contains("[文言変更]"));
}

#[test]
fn another_edition_both_wordings_and_removed_items_120x40() {
    let mut a = national_app_with_municipal_previous(Lang::Ja, false);
    keys(&mut a, "Ty:37-1\n");
    let t = draw(&a, 120, 40);
    let screen = text(t.backend().buffer());
    let this = Catalog::builtin(Edition::National).item("37-1").unwrap();
    let last = Catalog::builtin(Edition::Municipal).item("37-1").unwrap();
    assert_ne!(this.text, last.text);
    // Both wordings are on screen (each wrapped somewhere, so compare a head of each).
    let head = |s: &str| s.chars().take(12).collect::<String>();
    assert!(screen.contains(&head(&this.text)), "{screen}");
    assert!(screen.contains(&head(&last.text)), "{screen}");
    assert!(screen.contains("[3?] 下書き"));
    assert!(screen.contains("下書き "));
    // R lists the items this year's checklist dropped.
    keys(&mut a, "R");
    let screen = text(draw(&a, 120, 40).backend().buffer());
    insta::assert_snapshot!(screen);
    for id in ["2-4", "43-1", "43-2", "43-3"] {
        assert!(screen.contains(&format!("del [3] {id}")), "{id}");
    }
}

#[test]
fn previous_year_markers_are_ascii_without_colour() {
    let mut a = app_with_previous(Lang::Ja, false, false);
    keys(&mut a, ":12-1\n");
    let t = draw(&a, 80, 24);
    let buf = t.backend().buffer();
    for cell in buf.content() {
        assert_eq!(cell.fg, Color::Reset, "colour under NO_COLOR");
    }
    // 12-1 fell from 3 to 2: "-" beside the score, and 低下 in words in the item pane.
    assert!(find(buf, "[2] 3-  12-1").is_some(), "{}", text(buf));
    assert!(find(buf, "(- 低下)").is_some());
    let mut screens = vec![text(buf)];
    keys(&mut a, "Ty");
    screens.push(text(draw(&a, 80, 24).backend().buffer()));
    screens.push(text(draw(&a, 120, 40).backend().buffer()));
    keys(&mut a, "R");
    screens.push(text(draw(&a, 80, 24).backend().buffer()));
    for screen in screens {
        for c in screen.chars() {
            let ambiguous_symbol = ('\u{2010}'..='\u{24FF}').contains(&c)
                || ('\u{25A0}'..='\u{2BFF}').contains(&c)
                || "×÷°±§¶·".contains(c);
            assert!(!ambiguous_symbol, "ambiguous-width symbol {c}:\n{screen}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn with_last_year_random_keys_never_panic_numbers_hold_and_bulk_take_never_overwrites(
        national in any::<bool>(),
        steps in prop::collection::vec((key_strategy(), 0u16..130, 0u16..45), 1..80)
    ) {
        let mut a = if national {
            national_app_with_municipal_previous(Lang::Ja, false)
        } else {
            app_with_previous(Lang::Ja, false, true)
        };
        let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
        for (key, w, h) in steps {
            // Alt+key is Esc then key (a fast Esc): it closes the dialog, and the key then acts
            // on its own (`t` takes one item, a decision of its own), so only plain keys are
            // answers to the bulk dialog.
            let bulk = matches!(a.mode, tenken::tui::app::Mode::ConfirmTake { .. })
                && !key.modifiers.contains(KeyModifiers::ALT);
            let bulk_answer = matches!(a.mode, tenken::tui::app::Mode::ConfirmBulk { .. })
                && !key.modifiers.contains(KeyModifiers::ALT);
            let before = a.sheet.answers.clone();
            let _ = a.update(Action::Key(key), NOW);
            if bulk_answer {
                // A bulk answer fills unanswered items only: drafts stay drafts, unchanged.
                for (id, answer) in before.iter().filter(|(_, a)| a.unconfirmed) {
                    prop_assert_eq!(a.sheet.answers.get(id), Some(answer), "draft {} replaced", id);
                }
            }
            if bulk {
                // A bulk take only adds drafts: every answer there before is untouched.
                for (id, answer) in &before {
                    prop_assert_eq!(a.sheet.answers.get(id), Some(answer), "{} overwritten", id);
                }
                for (id, answer) in &a.sheet.answers {
                    prop_assert!(before.contains_key(id) || answer.unconfirmed, "{} confirmed", id);
                }
            }
            t.backend_mut().resize(w, h);
            t.resize(ratatui::layout::Rect::new(0, 0, w, h)).unwrap();
            t.draw(|f| view::render(&a, f)).unwrap();
            prop_assert_eq!(&a.score, &score_sheet(a.catalog, &a.sheet));
        }
        a.mode = tenken::tui::app::Mode::Normal;
        a.focus_view = false;
        let t = draw(&a, 120, 40);
        let expected = format_average(score_sheet(a.catalog, &a.sheet).overall.average());
        prop_assert_eq!(overall_on_screen(t.backend().buffer()), Some(expected));
    }
}

#[test]
fn take_confirmations() {
    let mut a = app_with_previous(Lang::Ja, false, true);
    keys(&mut a, ":23-1\nht");
    let bulk = text(draw(&a, 80, 24).backend().buffer());
    keys(&mut a, "n:18-1\nt");
    let replace = text(draw(&a, 80, 24).backend().buffer());
    insta::assert_snapshot!(format!("{bulk}{replace}"));
}

#[test]
fn answer_meanings_are_never_cut_at_any_wide_width() {
    // The wide item pane shows each answer's meaning, wrapped with an indent.
    let a = app();
    for w in 120..=140 {
        let t = draw(&a, w, 40);
        let screen: String = text(t.backend().buffer())
            .lines()
            .map(|l| l.split('│').nth(3).unwrap_or(""))
            .collect::<String>()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        for s in tenken::sheet::Score::ALL {
            let meaning: String = s
                .meaning_ja()
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            assert!(
                screen.contains(&meaning),
                "width {w}: {meaning} is cut\n{}",
                text(t.backend().buffer())
            );
        }
    }
}

/// The demo sheet with last year's drafts `[2?]` on 23-1 and `[1?]` on 23-2 (priority items),
/// 23-3 to 23-5 unanswered, the cursor on 管理目標 23.
fn app_with_drafts_in_goal_23(lang: Lang) -> App {
    let mut a = app_with(lang, false, true);
    for (id, score) in [
        ("23-1", tenken::sheet::Score::Documented),
        ("23-2", tenken::sheet::Score::NotInPlace),
    ] {
        let mut draft = tenken::sheet::Answer::new(score);
        draft.unconfirmed = true;
        a.sheet.answers.insert(id.into(), draft);
    }
    let sheet = a.sheet.clone();
    let mut a = App::new(a.catalog, sheet, "demo.ron", a.options);
    keys(&mut a, ":23-1\nh");
    a
}

/// One draft is 「1 draft」 in English, on the scores line and in the confirming dialog.
#[test]
fn one_draft_is_singular_in_english() {
    let mut a = app_with(Lang::En, true, false);
    let mut draft = tenken::sheet::Answer::new(tenken::sheet::Score::Documented);
    draft.unconfirmed = true;
    a.sheet.answers.insert("23-1".into(), draft);
    let sheet = a.sheet.clone();
    let mut a = App::new(a.catalog, sheet, "demo.ron", a.options);
    keys(&mut a, ":23-1\nh");
    let screen = text(draw(&a, 80, 24).backend().buffer());
    assert!(screen.contains("1 draft (m)"), "{screen}");
    keys(&mut a, "C");
    let dialog = text(draw(&a, 80, 24).backend().buffer());
    assert!(dialog.contains("Confirm 1 draft of"), "{dialog}");
    for screen in [&screen, &dialog] {
        assert!(!screen.contains("1 drafts"), "{screen}");
    }
}

#[test]
fn bulk_answer_over_drafts_counts_them_apart_and_c_lists_their_scores() {
    let mut a = app_with_drafts_in_goal_23(Lang::Ja);
    keys(&mut a, "3");
    let bulk = text(draw(&a, 80, 24).backend().buffer());
    keys(&mut a, "\u{1b}C");
    let confirm = text(draw(&a, 80, 24).backend().buffer());
    let mut en = app_with_drafts_in_goal_23(Lang::En);
    keys(&mut en, "C");
    let confirm_en = text(draw(&en, 80, 24).backend().buffer());
    insta::assert_snapshot!(format!("{bulk}{confirm}{confirm_en}"));
}

/// The sheet header form (`i`) at 80×24: every field, what the profile does to the sheet,
/// the keys from the form's table; the terminal's cursor where typed text goes.
#[test]
fn header_form_80x24() {
    let mut a = app();
    keys(&mut a, "i\t\t\t\t\t山田 一郎\t\tR8.11.25\t");
    let mut t = draw(&a, 80, 24);
    let screen = text(t.backend().buffer());
    insta::assert_snapshot!(screen);
    assert!(screen.contains("令和8年11月25日"), "{screen}");
    // Back on the inspector: the cursor after its text.
    let _ = a.update(
        Action::Key(KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT)),
        NOW,
    );
    keys(&mut a, "\u{1b}");
    keys(&mut a, "i");
    for _ in 0..5 {
        keys(&mut a, "\t");
    }
    let mut t2 = draw(&a, 80, 24);
    assert!(t2.backend().cursor_visible());
    let (x, y) = find(t2.backend().buffer(), "山田 一郎").unwrap();
    t2.backend_mut().assert_cursor_position((x + 9, y));
    let _ = t.backend_mut();
}

#[test]
fn header_form_english_ascii_after_the_profile_changed() {
    let mut a = app_with(Lang::En, true, false);
    keys(&mut a, "i\t\t\t\tn");
    let t = draw(&a, 80, 24);
    let screen = text(t.backend().buffer());
    assert!(screen.is_ascii() || !screen.contains('─'), "{screen}");
    insta::assert_snapshot!(screen);
}

/// The interview's English spells "organization" as every output does (8aa633a made the
/// outputs one spelling; the header form, the help and the warning of another organization's
/// sheet still said "organisation").
#[test]
fn the_english_interview_spells_organization_one_way() {
    let mut form = app_with(Lang::En, true, false);
    keys(&mut form, "i");
    let mut help = app_with(Lang::En, true, false);
    keys(&mut help, "?");
    let mut last: Sheet = ron_options().from_str(PREVIOUS_SHEET).unwrap();
    last.organization = "別町".into();
    let mut other = app_with(Lang::En, false, true).with_previous(PreviousSheet {
        catalog: Catalog::builtin(Edition::Municipal),
        sheet: last,
        name: "betsu.ron".into(),
    });
    let warned = text(draw(&other, 200, 60).backend().buffer());
    keys(&mut other, "R");
    let summary = text(draw(&other, 200, 60).backend().buffer());
    let mut screens = vec![
        warned,
        summary,
        text(draw(&form, 80, 24).backend().buffer()),
    ];
    for _ in 0..12 {
        screens.push(text(draw(&help, 200, 60).backend().buffer()));
        keys(&mut help, " ");
    }
    let all = screens.concat();
    assert!(all.contains("rganization"), "the screens name it");
    assert!(!all.to_lowercase().contains("organisation"), "{all}");
}

#[test]
fn header_form_at_small_sizes_keeps_the_fields_and_never_panics() {
    let mut a = app();
    keys(&mut a, "i");
    let screen = text(draw(&a, 40, 12).backend().buffer());
    insta::assert_snapshot!(screen);
    for (w, h) in [(30, 8), (31, 9), (20, 5), (1, 1), (0, 0), (200, 60)] {
        let _ = draw(&a, w, h);
    }
}

#[test]
fn a_previous_sheet_of_another_year_and_organisation_is_warned_about() {
    let odd = |lang| {
        let mut last: Sheet = ron_options().from_str(PREVIOUS_SHEET).unwrap();
        last.fiscal_year = 2024;
        last.organization = "別町".into();
        app_with(lang, false, true).with_previous(PreviousSheet {
            catalog: Catalog::builtin(Edition::Municipal),
            sheet: last,
            name: "r6-betsu.ron".into(),
        })
    };
    let mut a = odd(Lang::Ja);
    let opened = text(draw(&a, 80, 24).backend().buffer());
    keys(&mut a, "R");
    let summary = text(draw(&a, 80, 24).backend().buffer());
    let mut en = odd(Lang::En);
    let opened_en = text(draw(&en, 80, 24).backend().buffer());
    keys(&mut en, "R");
    let summary_en = text(draw(&en, 80, 24).backend().buffer());
    insta::assert_snapshot!(format!("{opened}{summary}{opened_en}{summary_en}"));
}
