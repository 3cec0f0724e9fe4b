//! The keys: one table type, [`KeyTable`], for the main screen's commands ([`COMMANDS`]) and
//! for every dialog, editor, form and prompt ([`modes`]). Lookup, the key bar, the hint lines,
//! the help screen and the user guide's key table (docs/guide.md) are all made from these
//! tables, and a key's name on screen is made from the key itself, so what the screen says and
//! what the keys do cannot drift apart. [`TABLES`] lists them all, in the order of the help screen.
//!
//! Only legacy key encodings are used: no Shift+Enter, no Ctrl+I apart from Tab, Esc alone.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::lang::Lang;
use crate::sheet::Score;

pub(crate) mod modes;

/// A key, or a class of keys, a table takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Pat {
    Key(KeyCode, KeyModifiers),
    /// Any printable character (a space too) typed without Ctrl or Alt: text.
    Text,
    /// Every key no other row of the table takes.
    Other,
}

const fn k(code: KeyCode) -> Pat {
    Pat::Key(code, KeyModifiers::NONE)
}

const fn ch(c: char) -> Pat {
    k(KeyCode::Char(c))
}

const fn ctrl(c: char) -> Pat {
    Pat::Key(KeyCode::Char(c), KeyModifiers::CONTROL)
}

const fn alt(code: KeyCode) -> Pat {
    Pat::Key(code, KeyModifiers::ALT)
}

const fn text() -> Pat {
    Pat::Text
}

const fn other() -> Pat {
    Pat::Other
}

impl Pat {
    /// How the key is written on screen.
    fn name(self, lang: Lang) -> String {
        let (code, mods) = match self {
            Pat::Text => return lang.pick("文字", "text").into(),
            Pat::Other => return lang.pick("他のキー", "other keys").into(),
            Pat::Key(code, mods) => (code, mods),
        };
        let base = match code {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "Shift-Tab".into(),
            KeyCode::Backspace => "Backspace".into(),
            KeyCode::Delete => "Delete".into(),
            KeyCode::Left => lang.pick("左", "Left").into(),
            KeyCode::Right => lang.pick("右", "Right").into(),
            KeyCode::Up => lang.pick("上", "Up").into(),
            KeyCode::Down => lang.pick("下", "Down").into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::F(n) => format!("F{n}"),
            other => format!("{other:?}"),
        };
        if mods.contains(KeyModifiers::CONTROL) {
            format!("Ctrl-{}", base.to_uppercase())
        } else if mods.contains(KeyModifiers::ALT) && matches!(code, KeyCode::Char(_)) {
            format!("Alt-{}", base.to_uppercase())
        } else if mods.contains(KeyModifiers::ALT) {
            format!("Alt-{base}")
        } else {
            base
        }
    }

    /// A digit typed alone: runs of them are named as a range (`0-3`).
    fn digit(self) -> Option<u32> {
        match self {
            Pat::Key(KeyCode::Char(c), KeyModifiers::NONE) => c.to_digit(10),
            _ => None,
        }
    }

    /// A key the main screen's key bar names: a character typed alone, or Enter (Ctrl
    /// combinations and function keys are left to the help screen).
    fn on_bar(self) -> bool {
        matches!(self, Pat::Key(KeyCode::Enter, KeyModifiers::NONE))
            || matches!(self, Pat::Key(KeyCode::Char(c), KeyModifiers::NONE) if c != ' ')
    }
}

/// Where a row shows besides the help screen, which shows every row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Show {
    /// Only in the help screen.
    Help,
    /// In the mode's hint line too: `keys: what they do`.
    Hint,
    /// In the main screen's key bar too, with this short text (ja, en).
    Bar(&'static str, &'static str),
}

/// One row of a table: keys and what each does, what they do in words, and where the row
/// shows. Written with [`row!`].
pub struct Row<A: 'static> {
    pub(crate) keys: &'static [(Pat, A)],
    pub(crate) ja: &'static str,
    pub(crate) en: &'static str,
    pub(crate) show: Show,
}

/// A row in one line: `row!(ch('n') | k(K::Esc) => Confirm::No; "いいえ", "no"; Show::Hint)`.
/// Keys joined by `|` do the same; a row whose keys do different things lists them apart
/// (`ch('n') => C::NextUnanswered, ch('N') => C::PrevUnanswered`). The keys are named on
/// screen in the order written. Without a `Show` the row is the help screen's only.
macro_rules! row {
    ($($($f:ident $a:tt)|+ => $act:expr),+; $ja:literal, $en:literal) => {
        row!($($($f $a)|+ => $act),+; $ja, $en; Show::Help)
    };
    ($($($f:ident $a:tt)|+ => $act:expr),+; $ja:literal, $en:literal; $show:expr) => {
        Row { keys: &[$($(($f $a, $act)),+),+], ja: $ja, en: $en, show: $show }
    };
}
pub(crate) use row;

/// How a table writes its keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Naming {
    /// The main screen's: keys named in English in either language, a space between them
    /// (`j k Up Down`), as in the user guide's key table.
    Plain,
    /// The modes': arrows named in the language, `/` between keys (`j/下`).
    Local,
}

/// The keys of the main screen or of one mode.
pub struct KeyTable<A: 'static> {
    /// The mode's name (ja, en) heading its part of the help screen; the main screen's table
    /// comes first, without one.
    pub(crate) title: Option<(&'static str, &'static str)>,
    pub(crate) naming: Naming,
    /// The rows, in groups so that tables can share some.
    pub(crate) groups: &'static [&'static [Row<A>]],
}

impl<A: Copy + PartialEq + 'static> KeyTable<A> {
    /// A mode's table.
    pub(crate) const fn mode(
        ja: &'static str,
        en: &'static str,
        groups: &'static [&'static [Row<A>]],
    ) -> Self {
        KeyTable {
            title: Some((ja, en)),
            naming: Naming::Local,
            groups,
        }
    }

    pub fn rows(&self) -> impl Iterator<Item = &'static Row<A>> + use<A> {
        self.groups.iter().flat_map(|g| g.iter())
    }

    /// What a key does here: an exact key first, then text, then other keys. Shift is ignored
    /// for characters (it is in the character already: `G`, `N`, `?`), so terminals that
    /// report it or not behave alike.
    pub(crate) fn lookup(&self, key: &KeyEvent) -> Option<A> {
        let mods = match key.code {
            KeyCode::Char(_) | KeyCode::BackTab => key.modifiers - KeyModifiers::SHIFT,
            _ => key.modifiers,
        };
        let find = |wanted: Pat| {
            self.rows()
                .flat_map(|r| r.keys)
                .find(|(p, _)| *p == wanted)
                .map(|(_, a)| *a)
        };
        find(Pat::Key(key.code, mods))
            .or_else(|| match key.code {
                KeyCode::Char(c) if mods.is_empty() && !c.is_control() => find(Pat::Text),
                _ => None,
            })
            .or_else(|| find(Pat::Other))
    }

    /// The names of a row's keys, in order: a run of three digits or more is one range
    /// (`0-3`), and Shift-Tab doing what Tab does goes without saying.
    pub fn names(&self, row: &Row<A>, lang: Lang) -> Vec<String> {
        self.names_where(row, lang, |_| true)
    }

    fn names_where(&self, row: &Row<A>, lang: Lang, wanted: impl Fn(Pat) -> bool) -> Vec<String> {
        let lang = match self.naming {
            Naming::Plain => Lang::En,
            Naming::Local => lang,
        };
        let keys: Vec<(Pat, A)> = row
            .keys
            .iter()
            .copied()
            .filter(|&(p, a)| {
                wanted(p) && !(p == k(KeyCode::BackTab) && row.keys.contains(&(k(KeyCode::Tab), a)))
            })
            .collect();
        let mut out = Vec::new();
        let mut i = 0;
        while i < keys.len() {
            let run = keys[i..]
                .iter()
                .zip(keys[i].0.digit().into_iter().flat_map(|d| d..))
                .take_while(|((p, _), d)| p.digit() == Some(*d))
                .count();
            if run >= 3 {
                out.push(format!(
                    "{}-{}",
                    keys[i].0.name(lang),
                    keys[i + run - 1].0.name(lang)
                ));
                i += run;
            } else {
                out.push(keys[i].0.name(lang));
                i += 1;
            }
        }
        out
    }

    /// A row's keys as written in the help screen and hint lines.
    pub(crate) fn label(&self, row: &Row<A>, lang: Lang) -> String {
        let sep = match self.naming {
            Naming::Plain => " ",
            Naming::Local => "/",
        };
        self.names(row, lang).join(sep)
    }

    /// The hint line: `y: はい  n/Esc: いいえ`.
    pub(crate) fn hint(&self, lang: Lang) -> String {
        self.hint_entries(lang).join("  ")
    }

    /// The hint line broken between its entries into lines of at most `width` cells (an
    /// entry wider than that has a line of its own).
    pub(crate) fn hint_lines(&self, lang: Lang, width: usize) -> Vec<String> {
        let mut lines: Vec<String> = Vec::new();
        for entry in self.hint_entries(lang) {
            match lines.last_mut() {
                Some(line)
                    if crate::safe_text::cell_width(line)
                        + 2
                        + crate::safe_text::cell_width(&entry)
                        <= width =>
                {
                    line.push_str("  ");
                    line.push_str(&entry);
                }
                _ => lines.push(entry),
            }
        }
        lines
    }

    fn hint_entries(&self, lang: Lang) -> Vec<String> {
        self.rows()
            .filter(|r| r.show == Show::Hint)
            .map(|r| format!("{}: {}", self.label(r, lang), r.describe(lang)))
            .collect()
    }
}

impl<A> Row<A> {
    pub fn describe(&self, lang: Lang) -> &'static str {
        lang.pick(self.ja, self.en)
    }
}

/// A table of any mode, as the help screen and the tests read it.
pub(crate) trait AnyTable: Sync {
    /// The mode's name; `None` for the main screen's table.
    fn title(&self, lang: Lang) -> Option<&'static str>;
    /// Every row: (keys, what they do).
    fn help_rows(&self, lang: Lang) -> Vec<(String, String)>;
    /// Every key of every row.
    #[cfg(test)]
    fn pats(&self) -> Vec<Pat>;
}

impl<A: Copy + PartialEq + Sync + 'static> AnyTable for KeyTable<A> {
    fn title(&self, lang: Lang) -> Option<&'static str> {
        self.title.map(|(ja, en)| lang.pick(ja, en))
    }

    fn help_rows(&self, lang: Lang) -> Vec<(String, String)> {
        self.rows()
            .map(|r| (self.label(r, lang), r.describe(lang).to_string()))
            .collect()
    }

    #[cfg(test)]
    fn pats(&self) -> Vec<Pat> {
        self.rows()
            .flat_map(|r| r.keys.iter().map(|(p, _)| *p))
            .collect()
    }
}

/// Every table, in the order of the help screen: the main screen's first. (`modes::CONFLICT`
/// is `modes::CONFLICT_QUITTING` without quitting, so the help lists only the latter.)
pub(crate) const TABLES: &[&dyn AnyTable] = &[
    &COMMANDS,
    &modes::NOTE_EDITOR,
    &modes::PLAN_EDITOR,
    &modes::HEADER_FORM,
    &modes::LINE_EDIT,
    &modes::CHOICE,
    &modes::PROMPT,
    &modes::CONFIRM,
    &modes::SCROLL,
    &modes::READ_ONLY,
    &modes::CONFLICT_QUITTING,
    &modes::QUIT_UNSAVED,
    &modes::START_FORM,
    &modes::PATH_FIELD,
    &modes::SWITCH,
];

/// What a key asks for in the main screen (and the focus view).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyCommand {
    /// Answer the current item (or, on a heading, its unanswered items after asking).
    Answer(Score),
    CycleAnswer,
    ClearAnswer,
    Down,
    Up,
    PageDown,
    PageUp,
    First,
    Last,
    Collapse,
    Expand,
    /// `Enter`: confirm an unconfirmed (carried-over) answer unchanged and move on; on a
    /// heading, open it.
    ConfirmOrExpand,
    SwitchPane,
    NextUnanswered,
    PrevUnanswered,
    NextWarning,
    PrevWarning,
    JumpToId,
    Search,
    ToggleFlag,
    NextFlagged,
    PrevFlagged,
    EditComment,
    EditEvidence,
    EditPlan,
    Undo,
    Redo,
    ToggleAdvance,
    /// Show or hide last year's sheet (asks for a file when none is loaded).
    TogglePrevious,
    /// Ask for last year's sheet to load (or replace the loaded one).
    LoadPrevious,
    /// Last year against this year: counts, and the items this year's catalog dropped.
    PreviousSummary,
    /// Take last year's answer into the current item (on a heading: its unanswered items).
    TakePrevious,
    /// Take last year's answers into every unanswered item of the sheet, after asking.
    TakeAllPrevious,
    NextChanged,
    PrevChanged,
    NextBelowTarget,
    PrevBelowTarget,
    NextUnconfirmed,
    PrevUnconfirmed,
    /// Confirm every unconfirmed draft under the heading (an item: its 管理目標) as it is,
    /// after showing their scores and asking.
    ConfirmDrafts,
    FocusView,
    /// The focus view's wording in DEC double-size lines, or back to normal lines.
    LargeText,
    /// The sheet header form: organisation, respondent, profile (重要機能室), sign-off.
    EditHeader,
    Help,
    Back,
    Quit,
}

use KeyCode as K;
use KeyCommand as C;

/// The drafts' keys (Enter, m/M, C) share one entry of the key bar.
const DRAFTS_BAR: Show = Show::Bar("下書き", "drafts");

/// The main screen's (and the focus view's) keys.
#[rustfmt::skip]
pub const COMMANDS: KeyTable<KeyCommand> = KeyTable { title: None, naming: Naming::Plain, groups: &[&[
    row!(ch('0') => C::Answer(Score::NotApplicable), ch('1') => C::Answer(Score::NotInPlace),
         ch('2') => C::Answer(Score::Documented), ch('3') => C::Answer(Score::Operating);
        "回答して次の未回答へ (点数を変えたときは留まる: c/e/p で理由、Enter で次へ。見出しの上では配下の未回答をまとめて回答、確認あり)",
        "answer and go to the next unanswered item (a changed score stays: c/e/p say why, Enter moves on; on a heading: answer all its unanswered items, after asking)";
        Show::Bar("回答", "answer")),
    row!(ch(' ') => C::CycleAnswer; "回答を 3, 2, 1, 0 の順に切り替える", "cycle the answer 3, 2, 1, 0"),
    row!(ch('x') => C::ClearAnswer;
        "回答を消す (未回答では記入を。記入や付箋も消えるときは確認)",
        "clear the answer (asks first when a comment, evidence, plan or flag would go with it; on an unanswered item: its notes)"),
    row!(ch('j') => C::Down, ch('k') => C::Up, k(K::Up) => C::Up, k(K::Down) => C::Down;
        "上下に移動 (項目欄では本文をスクロール)", "move down / up (in the item pane: scroll)"),
    row!(k(K::PageDown) => C::PageDown, k(K::PageUp) => C::PageUp;
        "10 行移動 (項目欄・拡大表示・縮小表示では本文をスクロール)",
        "move by ten rows (in the item pane, the focus view and the reduced layout: scroll the item's text)"),
    row!(ch('g') => C::First, ch('G') => C::Last, k(K::Home) => C::First, k(K::End) => C::Last;
        "先頭 / 末尾へ (項目欄では本文の)", "first / last row (in the item pane: of the text)"),
    row!(ch('h') => C::Collapse, ch('l') => C::Expand, k(K::Left) => C::Collapse, k(K::Right) => C::Expand;
        "見出しを閉じる / 開く (h は項目から見出しへ)",
        "collapse / expand a heading (h on an item goes to its heading)"),
    row!(k(K::Enter) => C::ConfirmOrExpand;
        "下書き [3?] をその点数のまま確定して次へ (前年度の計画があれば留まる)。ほかの項目では次の未回答へ、見出しの上では開く",
        "confirm a draft [3?] with its score and move on (stays when it has last year's plan); on another item: next unanswered; on a heading: expand";
        DRAFTS_BAR),
    row!(k(K::Tab) | k(K::BackTab) => C::SwitchPane;
        "ツリー欄と項目欄を切り替える", "switch between the tree and the item pane"),
    row!(ch('n') => C::NextUnanswered, ch('N') => C::PrevUnanswered;
        "次 / 前の未回答の項目", "next / previous unanswered item"; Show::Bar("未回答", "unanswered")),
    row!(ch('w') => C::NextWarning, ch('W') => C::PrevWarning;
        "次 / 前の重要点検項目の警告 (3 点未満か未回答)",
        "next / previous priority warning (below 3 or unanswered)"; Show::Bar("警告", "warning")),
    row!(ch(':') => C::JumpToId; "項目番号を入力して移動 (例 23-4)", "jump to an item id (e.g. 23-4)"),
    row!(ch('/') => C::Search;
        "文言 (日本語・英語) とコメント・根拠資料・改善計画を検索",
        "search the wording (Japanese, English) and the comments, evidence and plans";
        Show::Bar("検索", "search")),
    row!(ch('f') => C::ToggleFlag; "付箋を付ける / 外す (後で見直す項目の印)", "toggle the flag (an item to come back to)";
        Show::Bar("付箋", "flag")),
    row!(ch(']') => C::NextFlagged, ch('[') => C::PrevFlagged;
        "次 / 前の付箋の付いた項目", "next / previous flagged item"),
    row!(ch('c') => C::EditComment, ch('e') => C::EditEvidence, ch('p') => C::EditPlan;
        "コメント / 根拠資料 / 改善計画を編集 (Esc か Ctrl-S で戻る)",
        "edit the comment / evidence / improvement plan (Esc or Ctrl-S returns)";
        Show::Bar("記入", "notes")),
    row!(ch('u') => C::Undo, ctrl('r') => C::Redo;
        "元に戻す / やり直す (回答・記入・付箋・シート情報)",
        "undo / redo (answers, notes, flags, the sheet header)"),
    row!(ch('a') => C::ToggleAdvance;
        "回答後に次の未回答へ進むかどうかを切り替える",
        "toggle moving to the next unanswered item after answering"),
    row!(ch('m') => C::NextUnconfirmed, ch('M') => C::PrevUnconfirmed;
        "次 / 前の下書き (前年から取り込んだ、確定前の回答)",
        "next / previous draft (last year's answer taken, not yet confirmed)"; DRAFTS_BAR),
    row!(ch('C') => C::ConfirmDrafts;
        "見出しの下の下書きをまとめて確定 (項目の上では管理目標ごと、点数を示して確認あり)",
        "confirm all drafts under the heading (on an item: its goal), after showing their scores and asking";
        DRAFTS_BAR),
    row!(ch('v') => C::TogglePrevious, ch('V') => C::LoadPrevious;
        "前年の回答を表示 / 隠す、前年のシートを読み込む (ファイル名を入力)",
        "show / hide last year's answers, load last year's sheet (type its file name)";
        Show::Bar("前年", "last yr")),
    row!(ch('t') => C::TakePrevious, ch('T') => C::TakeAllPrevious;
        "前年の回答を取り込む (項目: 確定した回答として、今年の回答があれば確認。見出し / T 全体: 未回答の項目へ下書きとして、確認あり)",
        "take last year's answer (item: as a confirmed answer, asking before replacing one; heading / T whole sheet: into unanswered items as drafts, after asking)";
        Show::Bar("取込", "take")),
    row!(ch('d') => C::NextChanged, ch('D') => C::PrevChanged;
        "次 / 前の前年から回答が変わった項目",
        "next / previous item whose answer changed since last year"),
    row!(ch('b') => C::NextBelowTarget, ch('B') => C::PrevBelowTarget;
        "次 / 前の前年 3 点未満 (1 か 2) だった項目",
        "next / previous item that was below 3 (1 or 2) last year"),
    row!(ch('R') => C::PreviousSummary;
        "前年との比較の概要 (変化の件数、今年の調査票にない廃止項目)",
        "last year against this year: counts, and items this year's checklist dropped"),
    row!(ch('z') => C::FocusView;
        "拡大表示 (会議用: 現在の項目だけを大きく)", "focus view (for meetings: the current item only)";
        Show::Bar("拡大", "focus")),
    row!(ch('Z') => C::LargeText;
        "拡大表示の文言を倍角文字に / 戻す (DEC 倍角行: xterm など。崩れる端末ではもう一度 Z)",
        "double-size wording in the focus view, or back (DEC double-size lines: xterm and others; Z again where the terminal garbles it)"),
    row!(ch('i') => C::EditHeader;
        "シート情報を編集 (団体名・回答者・重要機能室・点検実施者・確認者・点検日)",
        "edit the sheet header (organization, respondent, important-function room, inspector, approver, inspection date)"),
    row!(ch('?') | k(K::F(1)) => C::Help; "このヘルプ", "this help"; Show::Bar("ヘルプ", "help")),
    row!(k(K::Esc) => C::Back;
        "拡大表示・メッセージを閉じる", "leave the focus view, dismiss a message"),
    row!(ch('q') | ctrl('c') => C::Quit;
        "終了 (回答は保存済み)", "quit (everything is saved already)"; Show::Bar("終了", "quit")),
]]};

/// The command bound to a key press in the main screen, if any.
pub(crate) fn lookup(key: &KeyEvent) -> Option<KeyCommand> {
    COMMANDS.lookup(key)
}

/// The key bar's entries: (the command of the row's first key, its keys, short text). Keys
/// are those the bar names, joined by `/` (`n/N`, `c/e/p`, `0-3`, `Enter`); rows with the
/// same short text are one entry, at the first one's place (`Enter/m/M/C 下書き`).
pub(crate) fn bar_entries(lang: Lang) -> Vec<(KeyCommand, String, &'static str)> {
    let mut out: Vec<(KeyCommand, String, &'static str)> = Vec::new();
    for r in COMMANDS.rows() {
        let Show::Bar(ja, en) = r.show else {
            continue;
        };
        let what = lang.pick(ja, en);
        let keys = COMMANDS.names_where(r, lang, Pat::on_bar).join("/");
        match out.iter_mut().find(|e| e.2 == what) {
            Some(entry) => {
                entry.1.push('/');
                entry.1.push_str(&keys);
            }
            None => out.push((r.keys[0].1, keys, what)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn no_key_is_listed_twice_in_a_table() {
        for t in TABLES {
            let mut seen = HashSet::new();
            for p in t.pats() {
                assert!(seen.insert(p), "{:?}: {p:?} twice", t.title(Lang::En));
            }
        }
    }

    #[test]
    fn shift_is_ignored_for_characters() {
        let k = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(lookup(&k), Some(KeyCommand::Last));
        let k = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(lookup(&k), Some(KeyCommand::Quit));
        let k = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::NONE);
        assert_eq!(lookup(&k), Some(KeyCommand::EditComment));
        let k = KeyEvent::new(KeyCode::Char('あ'), KeyModifiers::NONE);
        assert_eq!(lookup(&k), None);
    }

    #[test]
    fn labels_are_made_from_the_keys() {
        let label = |i: usize| COMMANDS.label(COMMANDS.rows().nth(i).unwrap(), Lang::Ja);
        assert_eq!(label(0), "0-3");
        assert_eq!(label(3), "j k Up Down");
        assert_eq!(
            label(8),
            "Tab",
            "Shift-Tab doing what Tab does is not named"
        );
        let bar: Vec<String> = bar_entries(Lang::En).into_iter().map(|e| e.1).collect();
        assert_eq!(
            bar,
            [
                "0-3",
                "Enter/m/M/C",
                "n/N",
                "w/W",
                "/",
                "f",
                "c/e/p",
                "v/V",
                "t/T",
                "z",
                "?",
                "q"
            ]
        );
    }

    #[test]
    fn every_command_has_a_key() {
        let all: HashSet<String> = COMMANDS
            .rows()
            .flat_map(|r| r.keys.iter().map(|(_, c)| format!("{c:?}")))
            .collect();
        for c in [
            "Redo",
            "Quit",
            "FocusView",
            "EditPlan",
            "JumpToId",
            "Search",
            "TakePrevious",
            "TakeAllPrevious",
            "NextChanged",
            "NextBelowTarget",
            "NextUnconfirmed",
            "TogglePrevious",
            "LoadPrevious",
            "PreviousSummary",
            "ConfirmOrExpand",
            "ConfirmDrafts",
            "EditHeader",
        ] {
            assert!(all.contains(c), "{c}");
        }
    }
}
