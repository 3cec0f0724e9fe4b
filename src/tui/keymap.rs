//! The one table of keys. Lookup, the key bar and the help screen are all made from `BINDINGS`,
//! so what the screen says and what the keys do cannot drift apart.
//!
//! Only legacy key encodings are used: no Shift+Enter, no Ctrl+I apart from Tab, Esc alone.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::sheet::Score;
use crate::text::Lang;

pub mod modes;

/// What a key asks for in the main screen (and the focus view).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Command {
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
    /// The sheet header form: organisation, respondent, profile (重要機能室), sign-off.
    EditHeader,
    Help,
    Back,
    Quit,
}

const NONE: KeyModifiers = KeyModifiers::NONE;
const CTRL: KeyModifiers = KeyModifiers::CONTROL;

/// One line of the help screen: the keys, what they do, and whether the key bar shows them.
pub struct Binding {
    /// How the keys are written on screen.
    pub label: &'static str,
    pub keys: &'static [(KeyCode, KeyModifiers, Command)],
    pub ja: &'static str,
    pub en: &'static str,
    /// Short text for the key bar (ja, en), if the binding appears there.
    pub bar: Option<(&'static str, &'static str)>,
}

impl Binding {
    pub fn describe(&self, lang: Lang) -> &'static str {
        lang.pick(self.ja, self.en)
    }
}

use Command as C;
use KeyCode as K;

pub const BINDINGS: &[Binding] = &[
    Binding {
        label: "0-3",
        keys: &[
            (K::Char('0'), NONE, C::Answer(Score::NotApplicable)),
            (K::Char('1'), NONE, C::Answer(Score::NotInPlace)),
            (K::Char('2'), NONE, C::Answer(Score::Documented)),
            (K::Char('3'), NONE, C::Answer(Score::Operating)),
        ],
        ja: "回答して次の未回答へ (見出しの上では配下の未回答をまとめて回答、確認あり)",
        en: "answer and go to the next unanswered item (on a heading: answer all its unanswered items, after asking)",
        bar: Some(("回答", "answer")),
    },
    Binding {
        label: "Space",
        keys: &[(K::Char(' '), NONE, C::CycleAnswer)],
        ja: "回答を 3, 2, 1, 0 の順に切り替える",
        en: "cycle the answer 3, 2, 1, 0",
        bar: None,
    },
    Binding {
        label: "x",
        keys: &[(K::Char('x'), NONE, C::ClearAnswer)],
        ja: "回答を消す (記入や要確認の印も消えるときは確認あり)",
        en: "clear the answer (asks first when a comment, evidence, plan or flag would go with it)",
        bar: None,
    },
    Binding {
        label: "j k Up Down",
        keys: &[
            (K::Char('j'), NONE, C::Down),
            (K::Down, NONE, C::Down),
            (K::Char('k'), NONE, C::Up),
            (K::Up, NONE, C::Up),
        ],
        ja: "上下に移動 (項目欄では本文をスクロール)",
        en: "move down / up (in the item pane: scroll)",
        bar: None,
    },
    Binding {
        label: "PgDn PgUp",
        keys: &[
            (K::PageDown, NONE, C::PageDown),
            (K::PageUp, NONE, C::PageUp),
        ],
        ja: "10 行移動",
        en: "move by ten rows",
        bar: None,
    },
    Binding {
        label: "g G Home End",
        keys: &[
            (K::Char('g'), NONE, C::First),
            (K::Home, NONE, C::First),
            (K::Char('G'), NONE, C::Last),
            (K::End, NONE, C::Last),
        ],
        ja: "先頭 / 末尾へ",
        en: "first / last row",
        bar: None,
    },
    Binding {
        label: "h l Left Right",
        keys: &[
            (K::Char('h'), NONE, C::Collapse),
            (K::Left, NONE, C::Collapse),
            (K::Char('l'), NONE, C::Expand),
            (K::Right, NONE, C::Expand),
        ],
        ja: "見出しを閉じる / 開く (h は項目から見出しへ)",
        en: "collapse / expand a heading (h on an item goes to its heading)",
        bar: None,
    },
    Binding {
        label: "Enter",
        keys: &[(K::Enter, NONE, C::ConfirmOrExpand)],
        ja: "未確認の回答 [3?] をそのまま確定して次へ (見出しの上では開く)",
        en: "confirm an unconfirmed answer [3?] unchanged and move on (on a heading: expand)",
        bar: Some(("確定", "confirm")),
    },
    Binding {
        label: "Tab",
        keys: &[
            (K::Tab, NONE, C::SwitchPane),
            (K::BackTab, NONE, C::SwitchPane),
        ],
        ja: "ツリー欄と項目欄を切り替える",
        en: "switch between the tree and the item pane",
        bar: None,
    },
    Binding {
        label: "n N",
        keys: &[
            (K::Char('n'), NONE, C::NextUnanswered),
            (K::Char('N'), NONE, C::PrevUnanswered),
        ],
        ja: "次 / 前の未回答の項目",
        en: "next / previous unanswered item",
        bar: Some(("未回答", "unanswered")),
    },
    Binding {
        label: "w W",
        keys: &[
            (K::Char('w'), NONE, C::NextWarning),
            (K::Char('W'), NONE, C::PrevWarning),
        ],
        ja: "次 / 前の重要点検項目の警告 (3 点未満か未回答)",
        en: "next / previous priority warning (below 3 or unanswered)",
        bar: Some(("警告", "warning")),
    },
    Binding {
        label: ":",
        keys: &[(K::Char(':'), NONE, C::JumpToId)],
        ja: "項目番号を入力して移動 (例 23-4)",
        en: "jump to an item id (e.g. 23-4)",
        bar: None,
    },
    Binding {
        label: "/",
        keys: &[(K::Char('/'), NONE, C::Search)],
        ja: "設問の文言を検索 (日本語・英語)",
        en: "search the wording (Japanese and English)",
        bar: Some(("検索", "search")),
    },
    Binding {
        label: "f",
        keys: &[(K::Char('f'), NONE, C::ToggleFlag)],
        ja: "要確認の印を付ける / 外す",
        en: "toggle the review flag",
        bar: None,
    },
    Binding {
        label: "] [",
        keys: &[
            (K::Char(']'), NONE, C::NextFlagged),
            (K::Char('['), NONE, C::PrevFlagged),
        ],
        ja: "次 / 前の要確認の印の付いた項目",
        en: "next / previous flagged item",
        bar: None,
    },
    Binding {
        label: "c e p",
        keys: &[
            (K::Char('c'), NONE, C::EditComment),
            (K::Char('e'), NONE, C::EditEvidence),
            (K::Char('p'), NONE, C::EditPlan),
        ],
        ja: "コメント / 根拠資料 / 改善計画を編集 (Esc か Ctrl-S で戻る)",
        en: "edit the comment / evidence / improvement plan (Esc or Ctrl-S returns)",
        bar: Some(("記入", "notes")),
    },
    Binding {
        label: "u Ctrl-R",
        keys: &[(K::Char('u'), NONE, C::Undo), (K::Char('r'), CTRL, C::Redo)],
        ja: "元に戻す / やり直す (回答・記入・シート情報)",
        en: "undo / redo (answers, notes, the sheet header)",
        bar: None,
    },
    Binding {
        label: "a",
        keys: &[(K::Char('a'), NONE, C::ToggleAdvance)],
        ja: "回答後に次の未回答へ進むかどうかを切り替える",
        en: "toggle moving to the next unanswered item after answering",
        bar: None,
    },
    Binding {
        label: "m M",
        keys: &[
            (K::Char('m'), NONE, C::NextUnconfirmed),
            (K::Char('M'), NONE, C::PrevUnconfirmed),
        ],
        ja: "次 / 前の未確認の回答 (前年から取り込んだ下書き)",
        en: "next / previous unconfirmed answer (a draft taken from last year)",
        bar: None,
    },
    Binding {
        label: "C",
        keys: &[(K::Char('C'), NONE, C::ConfirmDrafts)],
        ja: "見出しの下の未確認の下書きをまとめて確定 (項目の上では管理目標ごと、点数を示して確認あり)",
        en: "confirm all unconfirmed drafts under the heading (on an item: its goal), after showing their scores and asking",
        bar: None,
    },
    Binding {
        label: "v V",
        keys: &[
            (K::Char('v'), NONE, C::TogglePrevious),
            (K::Char('V'), NONE, C::LoadPrevious),
        ],
        ja: "前年の回答を表示 / 隠す、前年のシートを読み込む (ファイル名を入力)",
        en: "show / hide last year's answers, load last year's sheet (type its file name)",
        bar: Some(("前年", "last yr")),
    },
    Binding {
        label: "t T",
        keys: &[
            (K::Char('t'), NONE, C::TakePrevious),
            (K::Char('T'), NONE, C::TakeAllPrevious),
        ],
        ja: "前年の回答を取り込む (項目: 確定した回答として、今年の回答があれば確認。見出し / T 全体: 未回答の項目へ未確認の下書きとして、確認あり)",
        en: "take last year's answer (item: as a confirmed answer, asking before replacing one; heading / T whole sheet: into unanswered items as unconfirmed drafts, after asking)",
        bar: Some(("取込", "take")),
    },
    Binding {
        label: "d D",
        keys: &[
            (K::Char('d'), NONE, C::NextChanged),
            (K::Char('D'), NONE, C::PrevChanged),
        ],
        ja: "次 / 前の前年から回答が変わった項目",
        en: "next / previous item whose answer changed since last year",
        bar: None,
    },
    Binding {
        label: "b B",
        keys: &[
            (K::Char('b'), NONE, C::NextBelowTarget),
            (K::Char('B'), NONE, C::PrevBelowTarget),
        ],
        ja: "次 / 前の前年 3 点未満 (1 か 2) だった項目",
        en: "next / previous item that was below 3 (1 or 2) last year",
        bar: None,
    },
    Binding {
        label: "R",
        keys: &[(K::Char('R'), NONE, C::PreviousSummary)],
        ja: "前年との比較の概要 (変化の件数、今年の調査票にない廃止項目)",
        en: "last year against this year: counts, and items this year's checklist dropped",
        bar: None,
    },
    Binding {
        label: "z",
        keys: &[(K::Char('z'), NONE, C::FocusView)],
        ja: "拡大表示 (会議用: 現在の項目だけを大きく)",
        en: "focus view (for meetings: the current item only)",
        bar: Some(("拡大", "focus")),
    },
    Binding {
        label: "i",
        keys: &[(K::Char('i'), NONE, C::EditHeader)],
        ja: "シート情報を編集 (団体名・回答者・重要機能室・点検実施者・確認者・点検日)",
        en: "edit the sheet header (organisation, respondent, important-function room, inspector, approver, inspection date)",
        bar: None,
    },
    Binding {
        label: "? F1",
        keys: &[(K::Char('?'), NONE, C::Help), (K::F(1), NONE, C::Help)],
        ja: "このヘルプ",
        en: "this help",
        bar: Some(("ヘルプ", "help")),
    },
    Binding {
        label: "Esc",
        keys: &[(K::Esc, NONE, C::Back)],
        ja: "拡大表示・メッセージを閉じる",
        en: "leave the focus view, dismiss a message",
        bar: None,
    },
    Binding {
        label: "q Ctrl-C",
        keys: &[(K::Char('q'), NONE, C::Quit), (K::Char('c'), CTRL, C::Quit)],
        ja: "終了 (回答は保存済み)",
        en: "quit (everything is saved already)",
        bar: Some(("終了", "quit")),
    },
];

/// The command bound to a key press, if any. Shift is ignored for characters (it is already
/// in the character: `G`, `N`, `?`), so terminals that report it or not behave alike.
pub fn lookup(key: &KeyEvent) -> Option<Command> {
    let mods = match key.code {
        KeyCode::Char(_) | KeyCode::BackTab => key.modifiers - KeyModifiers::SHIFT,
        _ => key.modifiers,
    };
    BINDINGS.iter().find_map(|b| {
        b.keys
            .iter()
            .find(|(code, m, _)| *code == key.code && *m == mods)
            .map(|(_, _, c)| *c)
    })
}

/// The key bar's entries: (keys, short text). Keys are the one-character names of the
/// binding joined by `/` ("n/N", "c/e/p"), and `Enter`; Ctrl combinations are left to the
/// help screen.
pub fn bar_entries(lang: Lang) -> Vec<(String, &'static str)> {
    BINDINGS
        .iter()
        .filter_map(|b| {
            b.bar.map(|(ja, en)| {
                let keys: Vec<&str> = b
                    .label
                    .split(' ')
                    .filter(|k| k.chars().count() == 1 || *k == "0-3" || *k == "Enter")
                    .collect();
                (keys.join("/"), lang.pick(ja, en))
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn no_key_is_bound_twice() {
        let mut seen = HashSet::new();
        for b in BINDINGS {
            for (code, m, _) in b.keys {
                assert!(seen.insert((*code, *m)), "{code:?} {m:?} bound twice");
            }
        }
    }

    #[test]
    fn shift_is_ignored_for_characters() {
        let k = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(lookup(&k), Some(Command::Last));
        let k = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(lookup(&k), Some(Command::Quit));
        let k = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::NONE);
        assert_eq!(lookup(&k), Some(Command::EditComment));
        let k = KeyEvent::new(KeyCode::Char('あ'), KeyModifiers::NONE);
        assert_eq!(lookup(&k), None);
    }

    #[test]
    fn every_command_has_a_key() {
        let all: HashSet<String> = BINDINGS
            .iter()
            .flat_map(|b| b.keys.iter().map(|(_, _, c)| format!("{c:?}")))
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
