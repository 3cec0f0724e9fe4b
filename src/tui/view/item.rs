//! The item pane: id, wording, heading path, priority years, the four choices with their
//! meanings, the national reference averages 平成15–19年度, and the notes. On a heading: its
//! title, counts and how to answer all its unanswered items at once.
//!
//! With last year's sheet shown: a line with last year's answer and the change under the id;
//! both wordings when the wording changed; last year's comment, evidence and plan beside this
//! year's (two columns when the pane is 60 cells wide, else under each note). A draft (last
//! year's answer carried over, not yet confirmed) reads `[3?] 下書き`, its choice marked `?`.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Borders, Widget};

use crate::catalog::heading_text;
use crate::diff::Change;
use crate::fiscal::FiscalYear;
use crate::lang::Lang;
use crate::safe_text::{sanitize_line, sanitize_multiline};
use crate::score::{ItemState, format_average};
use crate::sheet::Score;
use crate::tui::app::{App, Pane};
use crate::tui::outline::Node;
use crate::tui::previous::LastYear;
use crate::tui::view::line::render_line;
use crate::tui::view::memo::{PaneRows, line_key};
use crate::tui::view::tree::heading_parts;
use crate::tui::view::{pane_block, render_lines, scrolled, wrap_cells};

/// Draws the item pane: the item or heading under the cursor.
///
/// `part` is told the key of each row of text the pane shows (`memo::line_key`) and blanks
/// what is to be drawn: all of `area`, or its top border and the rows whose text changed
/// (the side borders, the other rows and the bottom border are left as they are on screen:
/// see `memo::Redraw::pane`).
pub(crate) fn draw(
    app: &App,
    area: Rect,
    buf: &mut Buffer,
    part: impl FnOnce(Rect, &[u64], &mut Buffer) -> PaneRows,
) {
    let lang = app.lang();
    let focused = app.pane == Pane::Item;
    let title = match app.cursor {
        Node::Item(p) => format!(
            "{} {}",
            lang.pick("項目", "Item"),
            app.catalog.item_at(app.catalog.path_at(p)).id
        ),
        _ => lang.pick("見出し", "Heading").to_string(),
    };
    let block = pane_block(app.options.theme, &title, focused);
    let inner = block.inner(area);
    let lines = if inner.width == 0 || inner.height == 0 {
        Vec::new()
    } else {
        let lines = match app.cursor {
            Node::Item(p) => item_lines(app, p, inner.width as usize, false),
            node => heading_lines(app, node, inner.width as usize),
        };
        app.item_reach.set(super::reach(lines.len(), inner.height));
        scrolled(lines, app.item_scroll, inner.height)
    };
    let keys: Vec<u64> = lines.iter().map(line_key).collect();
    match part(inner, &keys, buf) {
        PaneRows::Whole => {
            block.render(area, buf);
            render_lines(lines, inner, buf);
        }
        PaneRows::Rows(rows) => {
            // The top border; the sides and the bottom are already on screen.
            block
                .borders(Borders::TOP | Borders::LEFT | Borders::RIGHT)
                .render(Rect { height: 1, ..area }, buf);
            for i in rows {
                if let Some(line) = lines.get(usize::from(i)) {
                    render_line(
                        line,
                        Rect {
                            y: inner.y + i,
                            height: 1,
                            ..inner
                        },
                        buf,
                    );
                }
            }
        }
    }
}

/// Pushes `text` wrapped to `width`, each line in `style`.
/// A line whose style covers its text only. `Line::styled` would style the whole row, so
/// switching items would repaint blank cells whose style changed: bytes on a slow link.
fn styled_line(text: impl Into<String>, style: Style) -> Line<'static> {
    Line::from(Span::styled(text.into(), style))
}

pub(crate) fn push_wrapped(out: &mut Vec<Line<'static>>, text: &str, width: usize, style: Style) {
    for l in wrap_cells(text, width) {
        out.push(styled_line(l, style));
    }
}

/// The label of a score in a language: 「3 運用している」.
pub(crate) fn score_label(s: Score, lang: Lang) -> String {
    format!("{} {}", s.value(), lang.pick(s.label_ja(), s.label_en()))
}

/// The lines describing an item. `large` (the focus view) adds blank lines between parts.
pub(crate) fn item_lines(app: &App, p: usize, width: usize, large: bool) -> Vec<Line<'static>> {
    item_lines_with(app, p, width, large, true, true)
}

/// The focus view's lines of an item within `height` rows where possible: the meanings of
/// the four answers give way first, then the blank lines between parts, so that the notes
/// stay in view. Without `wording` when the focus view shows it enlarged above.
pub(crate) fn item_lines_fitting(
    app: &App,
    p: usize,
    width: usize,
    height: usize,
    wording: bool,
) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    for meanings in [true, false] {
        lines = item_lines_with(app, p, width, true, meanings, wording);
        while lines.last().is_some_and(|l| l.width() == 0) {
            lines.pop();
        }
        if lines.len() <= height {
            return lines;
        }
    }
    lines.retain(|l| l.width() > 0);
    lines
}

fn item_lines_with(
    app: &App,
    p: usize,
    width: usize,
    large: bool,
    meanings: bool,
    wording: bool,
) -> Vec<Line<'static>> {
    let theme = app.options.theme;
    let lang = app.lang();
    let c = &app.catalog;
    let path = c.path_at(p);
    let item = c.item_at(path);
    let state = app.score.items[p];
    let answer = app.sheet.answers.get(&item.id);
    let draft = answer.filter(|a| a.unconfirmed && state != ItemState::Excluded);
    let previous = app.shown_previous();
    let mut out = Vec::new();
    let gap = |out: &mut Vec<Line<'static>>| {
        if large {
            out.push(Line::default());
        }
    };

    // Id, current answer, markers.
    let current = match (state, draft) {
        (_, Some(a)) => format!(
            "[{}?] {}",
            a.score.value(),
            lang.pick("下書き (前年から)", "draft (from last year)")
        ),
        (ItemState::Answered(s), _) => score_label(s, lang),
        (ItemState::Unanswered, _) => lang.pick("未回答", "unanswered").into(),
        (ItemState::Excluded, _) => lang.pick("対象外", "not applicable").into(),
    };
    let mut head = vec![
        Span::styled(format!("{} ", item.id), theme.heading()),
        Span::raw(format!("{} {current}", lang.pick("回答:", "answer:"))),
    ];
    if app.sheet.flagged(&item.id) {
        head.push(Span::styled(
            format!(" F {}", lang.pick("付箋", "flagged")),
            theme.heading(),
        ));
    }
    out.push(Line::from(head));
    if draft.is_some() {
        push_wrapped(
            &mut out,
            lang.pick(
                "Enter: このまま確定   0-3: 回答し直す",
                "Enter: confirm as is   0-3: answer anew",
            ),
            width,
            theme.heading(),
        );
    }
    if let Some(prev) = previous {
        push_wrapped(&mut out, &previous_line(app, prev, p), width, Style::new());
    }
    let years = c.priority_years_at(p);
    if !years.is_empty() {
        let list: Vec<String> = years
            .iter()
            .map(|y| {
                FiscalYear(*y)
                    .display(Lang::Ja)
                    .trim_end_matches("年度")
                    .to_string()
            })
            .collect();
        let warn = app.warnings.iter().any(|w| w.position == p);
        // Why it is a warning: a score below 3, a draft below 3, or no answer yet.
        let why = match (warn, state, draft) {
            (false, ..) => ("", ""),
            (true, _, Some(_)) => (" (下書き 3点未満)", " (draft below 3)"),
            (true, ItemState::Unanswered, None) => (" (未回答)", " (unanswered)"),
            (true, ..) => (" (3点未満)", " (below 3)"),
        };
        let text = match lang {
            Lang::Ja => format!(
                "{}重要点検項目 {}年度{}",
                if warn { "! " } else { "* " },
                list.join("・"),
                why.0
            ),
            Lang::En => format!(
                "{}priority item {}{}",
                if warn { "! " } else { "* " },
                years
                    .iter()
                    .map(|y| FiscalYear(*y).short())
                    .collect::<Vec<_>>()
                    .join(", "),
                why.1
            ),
        };
        let style = if warn { theme.warning() } else { Style::new() };
        push_wrapped(&mut out, &text, width, style);
    } else if !large {
        // The row stays, empty: moving between items then repaints only what differs (bytes
        // over a slow link), instead of everything below shifting by a line.
        out.push(Line::default());
    }
    if let crate::catalog::Applicability::Excluded(cond) = c.applicability(path, &app.sheet.profile)
    {
        let q = c
            .profile_question(&cond.profile)
            .map_or(cond.profile.as_str(), |q| {
                heading_text(&q.question, &q.question_en, lang)
            });
        let yes_no = |b: bool| {
            lang.pick(
                if b { "はい" } else { "いいえ" },
                if b { "yes" } else { "no" },
            )
        };
        let text = match lang {
            Lang::Ja => format!("対象外: 「{q}」が{}の団体のみ", yes_no(cond.equals)),
            Lang::En => format!(
                "not applicable: only when \"{q}\" is {}",
                yes_no(cond.equals)
            ),
        };
        push_wrapped(&mut out, &text, width, theme.dim());
    }
    gap(&mut out);

    // Wording (and last year's, when it differs). In the normal view the wording keeps at
    // least three rows (the longest item needs three at 36 cells) so that what follows stays
    // in place from item to item.
    let before = out.len();
    if wording {
        push_wrapped(&mut out, c.item_text(item, lang), width, theme.heading());
    }
    if !large && width >= 36 {
        while out.len() < before + 3 {
            out.push(Line::default());
        }
    }
    if let Some(prev) = previous
        && prev.wording_changed(p)
        && let Some(old) = prev.old_text(p)
    {
        push_wrapped(
            &mut out,
            lang.pick(
                "[文言変更] 前年の文言:",
                "[wording changed] last year's wording:",
            ),
            width,
            Style::new(),
        );
        for l in wrap_cells(&sanitize_multiline(old), width.saturating_sub(2)) {
            out.push(styled_line(format!("  {l}"), theme.dim()));
        }
    }
    gap(&mut out);

    // Choices.
    for s in Score::ALL {
        let chosen = state.score() == Some(s);
        let drafted = draft.is_some_and(|a| a.score == s);
        let marker = if chosen {
            ">"
        } else if drafted {
            "?"
        } else {
            " "
        };
        let label = format!("{marker}{}", score_label(s, lang));
        let style = if chosen {
            theme.selected()
        } else {
            Style::new()
        };
        if large && !meanings {
            out.push(styled_line(label, style));
        } else if large {
            out.push(styled_line(label, style));
            let meaning = lang.pick(s.meaning_ja(), s.meaning_en());
            for l in wrap_cells(meaning, width.saturating_sub(3)) {
                out.push(Line::raw(format!("   {l}")));
            }
        } else if width >= 60 {
            let meaning = lang.pick(s.meaning_ja(), s.meaning_en());
            let text = format!("{label}  {meaning}");
            // Continuation lines are indented by three cells, so wrap three cells short.
            let mut lines = wrap_cells(&text, width.saturating_sub(3)).into_iter();
            if let Some(first) = lines.next() {
                out.push(styled_line(first, style));
            }
            for l in lines {
                out.push(Line::raw(format!("   {l}")));
            }
        } else {
            out.push(styled_line(label, style));
        }
    }
    gap(&mut out);

    // Notes, before the reference text: they are what the committee discusses. For an item
    // below 3 the improvement plan comes first, so that it is in view at 80×24 whatever the
    // length of the comment. The focus view shows this year's notes of an item that has
    // some. Notes written before an answer (`Sheet::notes`) are shown as an answer's are.
    let noted = app.sheet.notes.get(&item.id);
    if !large || answer.is_some() || noted.is_some() {
        let mut empty = crate::sheet::Answer::new(Score::NotApplicable);
        if let Some(n) = noted {
            empty.set_notes(n.clone());
        }
        let a = answer.unwrap_or(&empty);
        let order = note_order(state, answer);
        let labels = [
            lang.pick("コメント (c)", "Comment (c)"),
            lang.pick("根拠資料 (e)", "Evidence (e)"),
            lang.pick("改善計画 (p)", "Plan (p)"),
        ];
        let last = previous.filter(|_| !large).map(|prev| {
            (
                prev,
                prev.answer(&item.id).filter(|_| prev.state(p).is_some()),
            )
        });
        match last {
            Some((prev, last)) if width >= 60 => {
                side_by_side(&mut out, app, prev, a, last, width, order);
            }
            _ => {
                let join = width.saturating_sub(4);
                let notes = notes_of(a, lang, join, app.today);
                let last_notes = last
                    .and_then(|(_, l)| l)
                    .map(|l| notes_of(l, lang, join, app.today));
                for i in order {
                    note_lines(&mut out, labels[i], &notes[i], width, app);
                    if let Some(old) = &last_notes
                        && !old[i].trim().is_empty()
                    {
                        let text = format!("{} {}", lang.pick("前年:", "last year:"), old[i]);
                        for l in wrap_cells(&sanitize_multiline(&text), width.saturating_sub(2)) {
                            out.push(styled_line(format!("  {l}"), theme.dim()));
                        }
                    }
                }
            }
        }
        gap(&mut out);
    }

    // National reference.
    if let Some(r) = c.reference_for(&item.id) {
        // Written piece by piece into one string: drawn on every move.
        let mut text = String::with_capacity(160);
        text.push_str(lang.pick("全国平均", "national average"));
        for (y, avg) in &r.averages {
            text.push(' ');
            text.push_str(&FiscalYear(*y).short());
            text.push(' ');
            text.push_str(&crate::figure::average(Some(*avg)));
        }
        let shares = [
            (" (3:", r.shares.0),
            ("% 2:", r.shares.1),
            ("% 1:", r.shares.2),
        ];
        for (label, v) in shares {
            text.push_str(label);
            text.push_str(&crate::figure::share(Some(v)));
        }
        text.push_str("%)");
        push_wrapped(&mut out, &text, width, theme.accent());
        gap(&mut out);
    }

    // Heading path (ASCII ">" between levels: → is of ambiguous width). After the fixed
    // blocks: its length varies from goal to goal.
    if !large {
        let goal = c.goal_at(path);
        let path_text = format!(
            "{} > {} > {}{} {}",
            heading_text(&c.majors[path.major].title, &c.majors[path.major].en, lang),
            heading_text(&c.minor_at(path).title, &c.minor_at(path).en, lang),
            lang.pick("目標", "goal "),
            goal.no,
            heading_text(&goal.title, &goal.en, lang),
        );
        push_wrapped(&mut out, &path_text, width, theme.dim());
    }

    out
}

/// An answer's comment, evidence and plan as display text. The plan's owner and due date
/// share a line when it is at most `join` cells wide. Last year's plan not reviewed since it
/// was carried starts with 「[前年度の計画]」, and a due date before `today` says 「期限超過」
/// (#21.7): a carried plan would otherwise read as this year's.
fn notes_of(
    a: &crate::sheet::Answer,
    lang: Lang,
    join: usize,
    today: Option<time::Date>,
) -> [String; 3] {
    let plan = a.plan.clone().unwrap_or_default();
    let plan_text = if plan.is_empty() {
        String::new()
    } else {
        let owner = format!(
            "{} {}",
            lang.pick("担当:", "owner:"),
            sanitize_line(&plan.owner)
        );
        let overdue = today
            .zip(crate::date::parse_date(&plan.due))
            .is_some_and(|(today, due)| due < today);
        let due = format!(
            "{} {}{}",
            lang.pick("期限:", "due:"),
            sanitize_line(&plan.due),
            if overdue {
                lang.pick(" (期限超過)", " (overdue)")
            } else {
                ""
            }
        );
        let carried = if plan.carried {
            lang.pick(
                "[前年度の計画: p で見直す] ",
                "[last year's plan: p reviews it] ",
            )
        } else {
            ""
        };
        let one_line = format!("{owner}  {due}");
        if crate::tui::view::cell_width(&one_line) <= join {
            format!("{carried}{}\n{one_line}", plan.action)
        } else {
            format!("{carried}{}\n{owner}\n{due}", plan.action)
        }
    };
    [a.comment.clone(), a.evidence.clone(), plan_text]
}

/// The order of the notes (0 comment, 1 evidence, 2 plan): the plan first for an item
/// answered below 3 (1 or 2, a draft too), where it matters most.
fn note_order(state: ItemState, answer: Option<&crate::sheet::Answer>) -> [usize; 3] {
    let below = state != ItemState::Excluded
        && answer.is_some_and(|a| matches!(a.score, Score::NotInPlace | Score::Documented));
    if below { [2, 0, 1] } else { [0, 1, 2] }
}

/// One note with its label on its first line (`コメント (c) 月次でのみ…`, `コメント (c) -` when
/// empty), continuation lines indented by two cells.
fn note_lines(out: &mut Vec<Line<'static>>, label: &str, text: &str, width: usize, app: &App) {
    let theme = app.options.theme;
    if text.trim().is_empty() {
        out.push(Line::from(vec![
            Span::styled(label.to_string(), theme.heading()),
            Span::styled(" -", theme.dim()),
        ]));
        return;
    }
    // The label's spaces and the one after it do not break (no-break spaces while wrapping):
    // a Japanese note, without spaces of its own, would otherwise start on the next line.
    let body = sanitize_multiline(text).replace('\u{a0}', " ");
    let joined = format!("{}\u{a0}{body}", label.replace(' ', "\u{a0}"));
    let wrapped = wrap_cells(&joined, width.saturating_sub(2));
    for (k, l) in wrapped.into_iter().enumerate() {
        let l = l.replace('\u{a0}', " ");
        match l.strip_prefix(label) {
            Some(rest) if k == 0 => out.push(Line::from(vec![
                Span::styled(label.to_string(), theme.heading()),
                Span::raw(rest.to_string()),
            ])),
            _ => out.push(Line::raw(format!("  {l}"))),
        }
    }
}

/// "前年 R7: 3 運用している (- 低下)": last year's answer to the item and the change.
pub(crate) fn previous_line(app: &App, prev: &LastYear, p: usize) -> String {
    let lang = app.lang();
    let year = FiscalYear(prev.sheet.fiscal_year).short();
    let label = match lang {
        Lang::Ja => format!("前年 {year}:"),
        Lang::En => format!("last year {year}:"),
    };
    let Some(old) = prev.state(p) else {
        return format!(
            "{label} - ({} {})",
            Change::New.marker(),
            Change::New.label(lang)
        );
    };
    let answer = match old {
        ItemState::Answered(s) => score_label(s, lang),
        ItemState::Unanswered => lang.pick("未回答", "unanswered").into(),
        ItemState::Excluded => lang.pick("対象外", "not applicable").into(),
    };
    let now = app.score.items[p];
    let draft = app
        .sheet
        .answers
        .get(&app.catalog.item_at(app.catalog.path_at(p)).id)
        .is_some_and(|a| a.unconfirmed);
    if draft || (old.score().is_none() && now.score().is_none()) {
        return format!("{label} {answer}");
    }
    let change = prev.change(p, now);
    format!(
        "{label} {answer} ({} {})",
        change.marker(),
        change.interview_label(lang)
    )
}

/// This year's notes beside last year's: two columns, each note's label over both.
fn side_by_side(
    out: &mut Vec<Line<'static>>,
    app: &App,
    prev: &LastYear,
    now: &crate::sheet::Answer,
    last: Option<&crate::sheet::Answer>,
    width: usize,
    order: [usize; 3],
) {
    let theme = app.options.theme;
    let lang = app.lang();
    let left_w = (width - 2) / 2;
    let right_w = width - 2 - left_w;
    let pad = |s: &str, w: usize| {
        let s = crate::tui::view::truncate_cells(s, w);
        let fill = w.saturating_sub(crate::tui::view::cell_width(&s));
        format!("{s}{}", " ".repeat(fill))
    };
    let this_year = app.sheet.fiscal_year().display(lang);
    let last_year = prev.sheet.fiscal_year().display(lang);
    let (head_l, head_r) = match lang {
        Lang::Ja => (
            format!("今年 {this_year}"),
            format!("前年 {last_year} (t で取り込む)"),
        ),
        Lang::En => (
            format!("this year {this_year}"),
            format!("last year {last_year} (t takes)"),
        ),
    };
    out.push(Line::from(vec![
        Span::styled(pad(&head_l, left_w), theme.heading()),
        Span::raw("  "),
        Span::styled(pad(&head_r, right_w), theme.heading()),
    ]));
    let labels = [
        (
            lang.pick("コメント (c)", "Comment (c)"),
            lang.pick("コメント", "Comment"),
        ),
        (
            lang.pick("根拠資料 (e)", "Evidence (e)"),
            lang.pick("根拠資料", "Evidence"),
        ),
        (
            lang.pick("改善計画 (p)", "Plan (p)"),
            lang.pick("改善計画", "Plan"),
        ),
    ];
    let notes = notes_of(now, lang, 0, app.today);
    let empty = crate::sheet::Answer::new(Score::NotApplicable);
    let old = notes_of(last.unwrap_or(&empty), lang, 0, app.today);
    let column = |text: &str, w: usize| -> Vec<String> {
        if text.trim().is_empty() {
            vec!["  -".to_string()]
        } else {
            wrap_cells(&sanitize_multiline(text), w.saturating_sub(2))
                .into_iter()
                .map(|l| format!("  {l}"))
                .collect()
        }
    };
    for i in order {
        let (l, r) = labels[i];
        out.push(Line::from(vec![
            Span::styled(pad(l, left_w), theme.heading()),
            Span::raw("  "),
            Span::styled(pad(r, right_w), theme.heading()),
        ]));
        let a = column(&notes[i], left_w);
        let b = column(&old[i], right_w);
        for k in 0..a.len().max(b.len()) {
            let left = a.get(k).map_or(String::new(), String::clone);
            let right = b.get(k).map_or(String::new(), String::clone);
            out.push(Line::from(vec![
                Span::raw(pad(&left, left_w)),
                Span::raw("  "),
                Span::styled(right, theme.dim()),
            ]));
        }
    }
}

pub(crate) fn heading_lines(app: &App, node: Node, width: usize) -> Vec<Line<'static>> {
    let theme = app.options.theme;
    let lang = app.lang();
    let (no, title, tally) = heading_parts(app, node);
    let mut out = Vec::new();
    push_wrapped(&mut out, &format!("{no} {title}"), width, theme.heading());
    out.push(Line::default());
    // Drafts count as unanswered until confirmed; a bulk answer leaves them, C confirms them.
    let drafts = match (app.drafts_under(node).len(), lang) {
        (0, _) => String::new(),
        (d, Lang::Ja) => format!(" (うち下書き {d}: C で確定)"),
        (d, Lang::En) => format!(" ({d} of them drafts: C confirms)"),
    };
    // The labels, padded so that the figures line up, and the word between two counts.
    let ([average, answered, unanswered, by_score, not_applicable], of) = match lang {
        Lang::Ja => (
            [
                "平均点   ",
                "回答済み ",
                "未回答   ",
                "内訳     ",
                "該当なし ",
            ],
            " / 対象 ",
        ),
        Lang::En => (
            [
                "average     ",
                "answered    ",
                "unanswered  ",
                "by score    ",
                "n/a         ",
            ],
            " of ",
        ),
    };
    let s = &tally.by_score;
    let rows = [
        format!("{average}{}", format_average(tally.exact_average())),
        format!("{answered}{}{of}{}", tally.answered, tally.applicable),
        format!("{unanswered}{}{drafts}", tally.unanswered),
        format!("{by_score}3:{} 2:{} 1:{} 0:{}", s[3], s[2], s[1], s[0]),
        format!("{not_applicable}{}", tally.not_applicable),
    ];
    for r in rows {
        push_wrapped(&mut out, &r, width, Style::new());
    }
    if let Some(prev) = app.shown_previous() {
        let avg = format_average(prev.average_under(node, app.catalog));
        let text = match lang {
            Lang::Ja => format!("前年平均 {avg}  (t: 未回答の項目へ前年の回答を取り込む)"),
            Lang::En => {
                format!("last year {avg}  (t: take last year's answers into unanswered items)")
            }
        };
        push_wrapped(&mut out, &text, width, Style::new());
    }
    out.push(Line::default());
    push_wrapped(
        &mut out,
        lang.pick(
            "0〜3 を押すと、この見出しの未回答の項目をまとめて回答します (確認あり)。l / Enter で開く、h で閉じる。",
            "Press 0-3 to answer every unanswered item under this heading (you are asked first). l / Enter opens, h closes.",
        ),
        width,
        theme.dim(),
    );
    out
}

#[cfg(test)]
mod tests {
    use crate::tui::app::tests::{demo_app, press, type_str};
    use ratatui::buffer::Buffer;
    use ratatui::crossterm::event::KeyCode;
    use ratatui::layout::Rect;
    use time::macros::date;

    fn screen(app: &crate::tui::app::App) -> String {
        let area = Rect::new(0, 0, 80, 24);
        let mut buf = Buffer::empty(area);
        crate::tui::view::draw(app, area, &mut buf);
        crate::tui::view::tests::buffer_text(&buf)
    }

    /// #21.7: last year's plan carried into this year, due 2026-03-31, read as this year's
    /// (「期限: 2026-03-31」 with no mark). It is marked as last year's until reviewed (the
    /// plan editor opened and left), and a due date before today says 期限超過.
    #[test]
    fn a_carried_plan_and_an_overdue_date_are_marked_until_reviewed() {
        let mut app = demo_app();
        app.today = Some(date!(2026 - 11 - 25));
        let plan = app
            .sheet
            .answers
            .get_mut("18-1")
            .unwrap()
            .plan
            .as_mut()
            .unwrap();
        plan.due = "2026-03-31".into();
        plan.carried = true;
        type_str(&mut app, ":18-1");
        press(&mut app, KeyCode::Enter);
        let s = screen(&app);
        assert!(s.contains("[前年度の計画: p で見直す]"), "{s}");
        assert!(s.contains("期限: 2026-03-31 (期限超過)"), "{s}");
        // Reviewed: opened and left as it is. Still overdue, no longer last year's.
        press(&mut app, KeyCode::Char('p'));
        press(&mut app, KeyCode::Esc);
        let s = screen(&app);
        assert!(!s.contains("前年度の計画"), "{s}");
        assert!(s.contains("(期限超過)"), "{s}");
        // A date still to come is not overdue; no date known, nothing is judged.
        app.today = Some(date!(2026 - 03 - 31));
        assert!(!screen(&app).contains("期限超過"));
        app.today = None;
        assert!(!screen(&app).contains("期限超過"));
    }
}
