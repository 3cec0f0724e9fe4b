//! The small questions and notices over the screen: a bulk answer, confirming drafts, taking
//! last year's answers, replacing an answer with last year's, clearing an item; a locked sheet
//! opened read-only, saving refused in a read-only sheet, someone else's change to the file,
//! and quitting after a failed save.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Widget;

use crate::lang::{Lang, say};
use crate::safe_text::sanitize_line;
use crate::sheet::Score;
use crate::tui::app::{App, Mode};
use crate::tui::keymap::modes::{CONFIRM, CONFLICT, CONFLICT_QUITTING, QUIT_UNSAVED, READ_ONLY};
use crate::tui::outline::Node;
use crate::tui::view::item::score_label;
use crate::tui::view::line::render_line;
use crate::tui::view::tree::heading_parts;
use crate::tui::view::{centered, clear_popup, cut_lines, pane_block, wrap_cells};

/// Title and body of the dialog for the current mode.
pub(crate) fn text(app: &App) -> Option<(String, String)> {
    let lang = app.lang();
    // Every hint comes from the dialog's key table.
    let confirm = CONFIRM.hint(lang);
    let read_only = READ_ONLY.hint(lang);
    match &app.mode {
        Mode::ConfirmBulk {
            node,
            score,
            positions,
        } => {
            let (no, title, _) = heading_parts(app, *node);
            let label = score_label(*score, lang);
            // Drafts are counted apart: a bulk answer never replaces them.
            let drafts = app.drafts_under(*node).len();
            let kept = match (drafts, lang) {
                (0, _) => String::new(),
                (d, Lang::Ja) => format!("\n下書き {d} 件は変えません (C で確定)。"),
                (d, Lang::En) => format!(
                    "\nDrafts left as they are: {} (C confirms).",
                    crate::lang::count(d, "draft")
                ),
            };
            Some(match lang {
                Lang::Ja => (
                    "まとめて回答".into(),
                    format!(
                        "{no} {title}\nの未回答 {} 件をすべて「{label}」にしますか?{kept}\n\n{confirm}",
                        positions.len()
                    ),
                ),
                Lang::En => (
                    "Answer all".into(),
                    format!(
                        "Answer the {} of\n{no} {title}\nwith \"{label}\"?{kept}\n\n{confirm}",
                        crate::lang::count(positions.len(), "unanswered item")
                    ),
                ),
            })
        }
        Mode::ConfirmDrafts { node, positions } => Some(confirm_drafts(app, *node, positions)),
        Mode::ConfirmTake {
            node,
            ids,
            kept,
            wording,
        } => {
            let scope = match node {
                Some(n) => {
                    let (no, title, _) = heading_parts(app, *n);
                    format!("{no} {title}")
                }
                None => lang.pick("シート全体", "the whole sheet").to_string(),
            };
            let n = ids.len();
            let changed = if *wording > 0 {
                say!(
                    lang,
                    "\nうち {wording} 件は文言が変わっています。",
                    "\n{wording} of them changed wording."
                )
            } else {
                String::new()
            };
            Some((
                lang.pick("前年の回答を取り込む", "Take last year's answers")
                    .into(),
                say!(
                    lang,
                    "{scope}\nの未回答 {n} 件に前年の回答を取り込みますか?\n下書きになり、確定するまで集計されません。\n今年回答済みの {kept} 件はそのままです。{changed}\n\n{confirm}",
                    "Take last year's answers into\n{scope}?\nUnanswered items that receive them: {n}.\nThey arrive as drafts, counted only once confirmed.\nAnswered this year, kept as they are: {kept}.{changed}\n\n{confirm}"
                ),
            ))
        }
        Mode::ConfirmReplace { position } => {
            let id = &app.catalog.item_at(app.catalog.path_at(*position)).id;
            let now = app.sheet.answers.get(id);
            let last = app.previous.as_ref().and_then(|p| p.answer(id));
            let show = |a: Option<&crate::sheet::Answer>| {
                a.map_or("-".to_string(), |a| score_label(a.score, lang))
            };
            Some(match lang {
                Lang::Ja => (
                    "今年の回答を置き換える".into(),
                    format!(
                        "{id} は今年すでに回答されています。\n今年: {}\n前年: {}\n前年の回答 (コメント・根拠資料・改善計画も) で置き換えますか? (u で元に戻せます)\n\n{confirm}",
                        show(now),
                        show(last)
                    ),
                ),
                Lang::En => (
                    "Replace this year's answer".into(),
                    format!(
                        "{id} is answered this year already.\nthis year: {}\nlast year: {}\nReplace it with last year's answer (with its comment, evidence and plan)? (u undoes)\n\n{confirm}",
                        show(now),
                        show(last)
                    ),
                ),
            })
        }
        Mode::ConfirmClear { position } => {
            let id = &app.catalog.item_at(app.catalog.path_at(*position)).id;
            let score = app
                .sheet
                .answers
                .get(id)
                .map(|a| score_label(a.score, lang));
            let excluded = app.score.items[*position] == crate::score::ItemState::Excluded;
            let (unanswered_ja, unanswered_en) = if excluded {
                ("対象外", "excluded")
            } else {
                ("未回答", "unanswered")
            };
            Some(match (lang, score) {
                (Lang::Ja, Some(score)) => (
                    "回答を消す".into(),
                    format!(
                        "{id} の回答「{score}」を消しますか?\nコメント・根拠資料・改善計画・付箋も消えます (u で元に戻せます)。\n\n{confirm}"
                    ),
                ),
                (Lang::En, Some(score)) => (
                    "Clear the answer".into(),
                    format!(
                        "Clear the answer \"{score}\" of {id}?\nIts comment, evidence, plan and flag go with it (u undoes).\n\n{confirm}"
                    ),
                ),
                // Notes written (or a flag put) before any answer, or on an item excluded by
                // the profile: there is no answer.
                (Lang::Ja, None) => (
                    "記入を消す".into(),
                    format!(
                        "{id} ({unanswered_ja}) の記入を消しますか?\nコメント・根拠資料・改善計画・付箋が消えます (u で元に戻せます)。\n\n{confirm}"
                    ),
                ),
                (Lang::En, None) => (
                    "Clear the notes".into(),
                    format!(
                        "Clear the notes on {id} ({unanswered_en})?\nIts comment, evidence, plan and flag go (u undoes).\n\n{confirm}"
                    ),
                ),
            })
        }
        Mode::LockNotice(holder) => Some(read_only_notice(
            lang,
            ("使用中のシート", "Sheet in use"),
            (
                "このシートは他の人が編集中です",
                "Someone else is editing this sheet",
            ),
            holder,
            &read_only,
        )),
        Mode::CannotSave(why) => Some(read_only_notice(
            lang,
            ("保存できない場所", "Cannot save here"),
            (
                "ここではシートを保存できません",
                "This sheet cannot be saved here",
            ),
            why,
            &read_only,
        )),
        Mode::Conflict => {
            let why = sanitize_line(app.save.failure.as_deref().unwrap_or("?"));
            let keys = if app.is_quitting() {
                CONFLICT_QUITTING.hint(lang)
            } else {
                CONFLICT.hint(lang)
            };
            // The refusal says that the changes are kept in memory.
            let title = lang.pick(
                "ファイルが他で変更されました",
                "File changed by someone else",
            );
            Some((title.into(), format!("{why}\n\n{keys}")))
        }
        Mode::QuitUnsaved => {
            let keys = QUIT_UNSAVED.hint(lang);
            let why = sanitize_line(app.save.failure.as_deref().unwrap_or("?"));
            Some(match lang {
                Lang::Ja => (
                    "保存できません".into(),
                    format!("最後の変更を保存できませんでした:\n{why}\n\n{keys}"),
                ),
                Lang::En => (
                    "Cannot save".into(),
                    format!("The last changes could not be saved:\n{why}\n\n{keys}"),
                ),
            })
        }
        _ => None,
    }
}

/// How many ids of one score the drafts question lists before "and N more".
const IDS_PER_SCORE: usize = 10;

/// A notice that the sheet was opened read-only: the title, what happened, the detail from
/// outside (a lock's holder, the system's reason), and the keys.
fn read_only_notice(
    lang: Lang,
    (title_ja, title_en): (&str, &str),
    (what_ja, what_en): (&str, &str),
    detail: &str,
    keys: &str,
) -> (String, String) {
    let detail = sanitize_line(detail);
    let (title, what, then) = match lang {
        Lang::Ja => (
            title_ja,
            what_ja,
            "読み取り専用で開きました。変更は保存されません。",
        ),
        Lang::En => (
            title_en,
            what_en,
            "Opened read-only: nothing will be saved.",
        ),
    };
    (
        title.into(),
        format!("{what}:\n{detail}\n\n{then}\n\n{keys}"),
    )
}

/// The question before confirming drafts: their scores first (a count and the ids per score,
/// priority items below 3 named apart), since confirming makes them count.
fn confirm_drafts(app: &App, node: Node, positions: &[usize]) -> (String, String) {
    let confirm = CONFIRM.hint(app.lang());
    let lang = app.lang();
    let (no, title, _) = heading_parts(app, node);
    let mut by_score: Vec<(Score, Vec<&str>)> = Vec::new();
    let mut priority_below = Vec::new();
    for &p in positions {
        let item = app.catalog.item_at(app.catalog.path_at(p));
        let Some(a) = app.sheet.answers.get(&item.id) else {
            continue;
        };
        match by_score.iter_mut().find(|(s, _)| *s == a.score) {
            Some((_, ids)) => ids.push(&item.id),
            None => by_score.push((a.score, vec![&item.id])),
        }
        if a.score.is_scored()
            && a.score != Score::Operating
            && !app.catalog.priority_years(&item.id).is_empty()
        {
            priority_below.push(item.id.as_str());
        }
    }
    by_score.sort_by_key(|(score, _)| std::cmp::Reverse(*score));
    let mut list = String::new();
    for (score, ids) in &by_score {
        let shown = ids[..ids.len().min(IDS_PER_SCORE)].join(" ");
        let more = ids.len().saturating_sub(IDS_PER_SCORE);
        let more = match (more, lang) {
            (0, _) => String::new(),
            (m, Lang::Ja) => format!(" 他 {m} 件"),
            (m, Lang::En) => format!(" and {m} more"),
        };
        let label = score_label(*score, lang);
        list.push_str(&match lang {
            Lang::Ja => format!("\n  [{label}] {} 件: {shown}{more}", ids.len()),
            Lang::En => format!("\n  [{label}] {}: {shown}{more}", ids.len()),
        });
    }
    let n = positions.len();
    let priority = if priority_below.is_empty() {
        String::new()
    } else {
        let ids = priority_below.join(" ");
        match lang {
            Lang::Ja => format!("\n重要点検項目で 3 点未満 (確定すると警告): {ids}"),
            Lang::En => format!("\nPriority items below 3 (a warning once confirmed): {ids}"),
        }
    };
    match lang {
        Lang::Ja => (
            "下書きをまとめて確定".into(),
            format!(
                "{no} {title}\nの下書き {n} 件を、この点数のまま確定しますか?{list}{priority}\n確定すると集計に入ります (u で元に戻せます)。\n\n{confirm}"
            ),
        ),
        Lang::En => (
            "Confirm drafts".into(),
            format!(
                "Confirm {} of\n{no} {title}\nwith these scores?{list}{priority}\nOnce confirmed, drafts count (u undoes).\n\n{confirm}",
                crate::lang::count(n, "draft")
            ),
        ),
    }
}

pub(crate) fn draw(app: &App, body: Rect, buf: &mut Buffer) {
    let Some((title, body_text)) = text(app) else {
        return;
    };
    let width = 60.min(body.width);
    let inner_w = width.saturating_sub(2) as usize;
    // The last paragraph is the keys that answer the dialog: where the screen is too low for
    // the whole, the text above gives way (its cut marked), never the keys.
    let (text, keys) = body_text.rsplit_once("\n\n").unwrap_or((&body_text, ""));
    let keys = wrap_cells(keys, inner_w);
    let mut lines = wrap_cells(text, inner_w);
    let room = usize::from(body.height.saturating_sub(2));
    if lines.len() + 1 + keys.len() > room {
        cut_lines(&mut lines, room.saturating_sub(keys.len()), inner_w);
    } else if !keys.is_empty() {
        lines.push(String::new());
    }
    lines.extend(keys);
    let area = centered(body, width, lines.len() as u16 + 2);
    clear_popup(area, body, buf);
    let block = pane_block(app.options.theme, &title, true);
    let inner = block.inner(area);
    block.render(area, buf);
    for (i, l) in lines.into_iter().take(inner.height as usize).enumerate() {
        render_line(
            &Line::raw(l),
            Rect::new(inner.x, inner.y + i as u16, inner.width, 1),
            buf,
        );
    }
}
