//! The application state and its one entry point, `update(action, now) -> Vec<Effect>`.
//!
//! Pure: no terminal and no file I/O. The event loop turns terminal events and signals into
//! actions, performs the effects (saving through `store`, quitting) and reports the outcome
//! back as actions. Every number shown comes from `score::score_sheet` and `score::warnings`,
//! recomputed after each change.
//!
//! This file holds the state and `update`; the actions are split by concern, each an
//! `impl App` block that reads the state's private fields as a child module may:
//! `dispatch` (which overlay a key goes to, the main key table's commands), `edit` (answers,
//! notes, flags), `undo` (the undo history, one step per action), `navigate` (rows, next unanswered/warning/flagged item,
//! jump, search, scrolling the item's text), `previous` (last year's sheet) and `header` (the header form).

use std::path::PathBuf;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use time::OffsetDateTime;

use crate::catalog::Catalog;
use crate::lang::Lang;
use crate::score::{ItemState, SheetScore, Warning, YearFilter, score_sheet, warning_at, warnings};
use crate::sheet::{Answer, Score, Sheet, Touched};
use crate::tui::editor::{Draft, NoteEditor, NoteKind};
use crate::tui::form::Form;
use crate::tui::header::HeaderChange;
use crate::tui::keymap::{self, KeyCommand, modes};
use crate::tui::outline::{Folding, Node};
use crate::tui::previous::{LastYear, PreviousSheet};
use crate::tui::theme::Theme;

/// Settings fixed for a session.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    pub lang: Lang,
    pub theme: Theme,
    /// Move to the next unanswered item after answering (toggled with `a`).
    pub advance: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            lang: Lang::Ja,
            theme: Theme {
                ascii: false,
                color: true,
                ..Theme::default()
            },
            advance: true,
        }
    }
}

/// What happened: a key, a signal, the outcome of an effect.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    Key(KeyEvent),
    /// The sheet was written at this time.
    Saved(OffsetDateTime),
    /// Writing failed; the data stays in memory and the App asks for a retry.
    SaveFailed(String),
    /// Writing was refused: this user may not replace the file (its permissions, a sticky
    /// directory). Nothing is retried; the App offers saving beside it (`Mode::QuitUnsaved`).
    SaveDenied(String),
    /// Text pasted in one piece (bracketed paste).
    Paste(String),
    /// SIGHUP, SIGTERM or the terminal went away: keep what is being typed and quit.
    Hangup,
    /// Last year's sheet was read (after `Effect::LoadPrevious`).
    PreviousLoaded(Box<PreviousSheet>),
    /// Last year's sheet could not be read: why.
    PreviousFailed(String),
    /// The names in a directory (after `Effect::ListDir`), each with whether it is one.
    Listed(Vec<(String, bool)>),
    /// Not saved: the file on disk is no longer the one loaded or last saved (someone else's
    /// change). Nothing is retried; the user chooses (`Mode::Conflict`).
    SaveConflict(String),
    /// Saved beside the changed file under this name, which the session now edits.
    SavedBeside(String),
    /// Someone else's version was read and this session's changes re-applied to it.
    Reapplied(Box<Sheet>),
    /// A key or a paste came while the terminal was below its minimum size, and was not
    /// taken: only the message asking to enlarge it was on screen, and a key must not change
    /// a sheet nobody sees.
    NotTaken,
    /// The terminal is large enough again after input was not taken ([`Action::NotTaken`]):
    /// that is said (until the next key), and a later small spell counts from nothing.
    Enlarged,
}

/// What the event loop must do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    /// Write the sheet soon (the loop coalesces bursts, at most a fraction of a second).
    Save,
    /// Write the sheet after this delay: the retry after a failed write ([`App::RETRY_AFTER`]).
    SaveIn(std::time::Duration),
    /// Save if needed, then exit (stay if the save fails).
    Quit,
    /// Exit without saving (the user chose to after a failed save).
    QuitDiscarding,
    /// Read this file as last year's sheet (read-only: never locked, never written) and
    /// report back with `Action::PreviousLoaded` or `Action::PreviousFailed`.
    LoadPrevious(PathBuf),
    /// List this directory, to complete a file name typed in the `V` prompt, and report back
    /// with `Action::Listed`.
    ListDir(PathBuf),
    /// Save the sheet under a new name beside the file someone else changed.
    SaveBeside,
    /// Read the changed file and re-apply this session's changes to it.
    ReloadReapply,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pane {
    Tree,
    Item,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PromptKind {
    Jump,
    Search,
    /// The file name of last year's sheet.
    LoadPrevious,
}

/// An overlay over the main screen or the focus view.
#[derive(Clone, Debug)]
pub enum Mode {
    Normal,
    Help {
        scroll: u16,
    },
    Editor(Box<NoteEditor>),
    Prompt {
        kind: PromptKind,
        input: String,
        /// Where typing goes in `input`, in characters from its start.
        cursor: usize,
    },
    /// Answer these unanswered items (catalog positions) with one score?
    ConfirmBulk {
        node: Node,
        score: Score,
        positions: Vec<usize>,
    },
    /// Confirm these unconfirmed drafts (catalog positions) under a heading, scores as they
    /// are? The question lists their scores first.
    ConfirmDrafts {
        node: Node,
        positions: Vec<usize>,
    },
    /// Take last year's answers into these items (unanswered this year) as unconfirmed
    /// drafts? `node: None` is the whole sheet; `kept` items already answered this year are
    /// left alone, `wording` of the taken ones changed wording.
    ConfirmTake {
        node: Option<Node>,
        ids: Vec<String>,
        kept: usize,
        wording: usize,
    },
    /// Replace this year's answer of the item at this position with last year's?
    ConfirmReplace {
        position: usize,
    },
    /// Clear the answer of the item at this position, and with it its comment, evidence,
    /// plan and flag? (`x` on an item without notes clears at once.)
    ConfirmClear {
        position: usize,
    },
    /// Last year against this year: counts and removed items.
    PreviousSummary {
        scroll: u16,
    },
    /// The sheet is locked by someone else: opened read-only.
    LockNotice(String),
    /// Quitting, but the last save failed.
    QuitUnsaved,
    /// Saving is impossible here (why): opened read-only.
    CannotSave(String),
    /// The file changed on disk since it was loaded or saved; the session's work is in memory.
    Conflict,
    /// The sheet header form (`i`), applied to the sheet as it is edited.
    Header(Box<Form>),
}

/// The longest text a prompt (`:` `/` `V`) takes, in characters.
const PROMPT_CHARS: usize = 1000;

impl Mode {
    /// A prompt holding `input`, the cursor at its end.
    pub(crate) fn prompt(kind: PromptKind, input: String) -> Mode {
        let cursor = input.chars().count();
        Mode::Prompt {
            kind,
            input,
            cursor,
        }
    }
}

/// The item the cursor has stayed on since its first change there (`answer`: its answer
/// then). Each change is an undo step of its own, but the item's score history records the
/// visit as one decision (`Sheet::squash_history`). The visit ends when the cursor leaves the
/// item, on undo and redo, and on any change to other items.
#[derive(Clone, Debug, PartialEq)]
struct Visit {
    position: usize,
    answer: Option<Answer>,
}

/// Whether and when the sheet was saved.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SaveState {
    /// Changes not yet written.
    pub(crate) dirty: bool,
    pub(crate) last_saved: Option<OffsetDateTime>,
    /// Why the last attempt failed, until one succeeds.
    pub(crate) failure: Option<String>,
    /// The last attempt found the file changed by someone else (see `Mode::Conflict`).
    pub(crate) conflict: bool,
}

pub struct App {
    pub catalog: &'static Catalog,
    pub sheet: Sheet,
    /// The file name, for the title.
    pub(crate) file_name: String,
    pub options: Options,
    pub(crate) read_only: bool,
    pub score: SheetScore,
    /// The priority warnings as shown: `score::warnings` without the drafts carried at 3.
    pub(crate) warnings: Vec<Warning>,
    pub(crate) cursor: Node,
    pub(crate) folding: Folding,
    pub(crate) pane: Pane,
    pub focus_view: bool,
    pub mode: Mode,
    /// Scroll of the item pane (or the focus view's text), in lines.
    pub(crate) item_scroll: u16,
    /// How far `item_scroll` goes and how many rows of the text show, at the last frame's
    /// size (the view's, kept as `scroll_reach` is): a scroll down stops at the end, one up
    /// from beyond it (a larger terminal now) starts there, so that the first key up moves the
    /// text, and a page is at most the rows shown. Unknown until the item's text is drawn.
    pub(crate) item_reach: std::cell::Cell<Reach>,
    /// Whether the last frame showed the current item alone, without the tree: the focus view
    /// or the reduced layout of a small terminal (the view's, as `tree_offset` is). The page
    /// keys scroll its text there, not the tree nobody sees.
    pub(crate) item_alone: std::cell::Cell<bool>,
    pub(crate) save: SaveState,
    /// What changed in the sheet's answers and notes since [`App::take_touched`] last
    /// handed it over with the sheet (to the watchdog's copy): the items an answer or a note
    /// changed ([`App::mutate`]), or everything after any other change.
    pub(crate) touched: Touched,
    /// One-line message in the status bar until the next key.
    pub(crate) message: Option<String>,
    /// Keys and pastes not taken while the terminal was too small ([`Action::NotTaken`]),
    /// in this small spell: counted on the too-small screen, said once it is large.
    pub(crate) not_taken: u32,
    pub(crate) last_search: String,
    /// Last year's sheet as found beside this one (a file name), offered by the `V` prompt.
    pub(crate) previous_guess: Option<String>,
    /// First visible row of the tree, remembered between frames so the view scrolls only
    /// when the cursor nears an edge: a row move then repaints two rows, not the whole pane
    /// (every repainted cell is bytes over a slow SSH link). The view's own state, kept in a
    /// `Cell` so that drawing still takes `&App`.
    pub(crate) tree_offset: std::cell::Cell<usize>,
    /// How far the open help or last year's summary scrolls, and how many of its rows show,
    /// at the last frame's size (the view's, kept as `tree_offset` is): a scroll past the
    /// end is taken back to it first, so that the first key up moves the text. Unknown until
    /// such a popup is drawn.
    pub(crate) scroll_reach: std::cell::Cell<Reach>,
    /// Last year's sheet, if one was given (`--previous`, `v`/`V`).
    pub(crate) previous: Option<LastYear>,
    /// Whether last year's answers are shown (`v`).
    pub(crate) show_previous: bool,
    /// The focus view's wording in DEC double-size lines (`Z`), where the terminal draws them.
    pub(crate) large_text: bool,
    /// Today's date, for the plans whose due date has passed (`None`: not judged).
    pub(crate) today: Option<time::Date>,
    quitting: bool,
    history: undo::History,
    visit: Option<Visit>,
}

/// A scrolled text as the last frame drew it: the furthest its first row goes (the last
/// screenful's), and the rows it showed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Reach {
    pub(crate) end: u16,
    pub(crate) rows: u16,
}

impl Reach {
    /// Not drawn yet: nothing is held back.
    pub(crate) const UNKNOWN: Reach = Reach {
        end: u16::MAX,
        rows: u16::MAX,
    };
}

impl App {
    pub fn new(catalog: &'static Catalog, sheet: Sheet, file_name: &str, options: Options) -> App {
        let folding = Folding::open(catalog);
        let mut app = App {
            catalog,
            sheet,
            file_name: file_name.to_string(),
            options,
            read_only: false,
            score: SheetScore::default(),
            warnings: Vec::new(),
            cursor: Node::Item(0),
            folding,
            pane: Pane::Tree,
            focus_view: false,
            mode: Mode::Normal,
            item_scroll: 0,
            item_reach: std::cell::Cell::new(Reach::UNKNOWN),
            item_alone: std::cell::Cell::new(false),
            save: SaveState::default(),
            touched: Touched::All,
            message: None,
            not_taken: 0,
            last_search: String::new(),
            previous_guess: None,
            tree_offset: std::cell::Cell::new(0),
            scroll_reach: std::cell::Cell::new(Reach::UNKNOWN),
            previous: None,
            show_previous: false,
            today: None,
            large_text: false,
            quitting: false,
            history: undo::History::default(),
            visit: None,
        };
        app.rescore();
        if let Some(p) = app.next_unanswered(None, true) {
            app.cursor = Node::Item(p);
        }
        app
    }

    /// Opens the sheet read-only because someone else holds its lock.
    pub(crate) fn read_only_because(mut self, holder: String) -> App {
        self.read_only = true;
        self.mode = Mode::LockNotice(holder);
        self
    }

    /// Opens the sheet read-only because someone else holds its lock: the notice names who
    /// (user, host, process, since when) in the interview's language.
    pub fn read_only_held(self, holder: &crate::store::LockInfo) -> App {
        let who = holder.describe(self.lang());
        self.read_only_because(who)
    }

    /// Opens the sheet read-only because it cannot be saved here (why).
    pub(crate) fn read_only_cannot_save(mut self, why: String) -> App {
        self.read_only = true;
        self.mode = Mode::CannotSave(why);
        self
    }

    /// Shows `previous` beside this year's answers.
    /// Says so in the status line until the first key.
    pub fn with_previous(mut self, previous: PreviousSheet) -> App {
        self.set_previous(previous);
        self.announce_previous();
        self
    }

    /// Last year's sheet, when loaded and shown.
    pub(crate) fn shown_previous(&self) -> Option<&LastYear> {
        self.previous.as_ref().filter(|_| self.show_previous)
    }

    pub(crate) fn lang(&self) -> Lang {
        self.options.lang
    }

    /// The item under the cursor, if the cursor is on an item.
    pub fn current_item(&self) -> Option<usize> {
        self.cursor.item()
    }

    /// The tree's visible rows, top to bottom.
    pub(crate) fn rows(&self) -> &[Node] {
        self.folding.rows()
    }

    /// The open editor and its item's id, borrowed: what the watchdog needs to keep the text
    /// being typed, without a copy. `None` when no editor is open.
    pub(crate) fn draft(&self) -> Option<Draft<'_>> {
        let Mode::Editor(editor) = &self.mode else {
            return None;
        };
        let id = &self
            .catalog
            .item_at(self.catalog.path_at(editor.position))
            .id;
        Some(Draft { id, editor })
    }

    /// Pasted text (or an input method's commit) goes into the open editor or prompt;
    /// anywhere else it would run as a stream of commands, so it is refused with a message.
    fn paste(&mut self, text: &str) {
        match &mut self.mode {
            Mode::Editor(editor) => editor.paste(text),
            Mode::Header(_) => self.paste_header(text),
            Mode::Prompt { input, cursor, .. } => {
                for c in text.chars().filter(|c| !c.is_control()) {
                    let key = KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
                    *cursor = crate::tui::editor::edit_line(input, *cursor, &key, PROMPT_CHARS)
                        .unwrap_or(*cursor);
                }
            }
            // A paste, or an input method's commit (`session::TypedRun`): refused whole.
            _ => self.say(
                "入力・貼り付けは記入欄 (c/e/p) で行ってください (何も変更していません)",
                "type or paste text in a notes editor (c/e/p); nothing was changed",
            ),
        }
    }

    fn rescore(&mut self) {
        self.score = score_sheet(self.catalog, &self.sheet);
        self.warnings = warnings(self.catalog, &self.sheet, &YearFilter::All);
        let sheet = &self.sheet;
        self.warnings.retain(|w| shown_warning(sheet, w));
    }

    /// [`App::rescore`] after the answers of the items at `positions` changed and nothing
    /// else of the sheet: each item's share of the tallies and its warning, not the whole
    /// sheet again.
    fn rescore_items(&mut self, positions: &[usize]) {
        for &position in positions {
            self.score.rescore_item(self.catalog, &self.sheet, position);
            let at = self.warnings.partition_point(|w| w.position < position);
            if self
                .warnings
                .get(at)
                .is_some_and(|w| w.position == position)
            {
                self.warnings.remove(at);
            }
            if let Some(w) = warning_at(self.catalog, &self.sheet, position, &YearFilter::All)
                && shown_warning(&self.sheet, &w)
            {
                self.warnings.insert(at, w);
            }
        }
    }

    fn say(&mut self, ja: &str, en: &str) {
        self.message = Some(self.lang().pick(ja, en).to_string());
    }

    /// How long to wait before writing again after a failed write.
    pub(crate) const RETRY_AFTER: std::time::Duration = std::time::Duration::from_secs(2);

    /// Handles one action. Every effect returned must be performed (`tui::session` does).
    #[must_use = "every effect update() returns must be performed"]
    pub fn update(&mut self, action: Action, now: OffsetDateTime) -> Vec<Effect> {
        let effects = self.handle(action, now);
        self.end_visit_if_moved();
        effects
    }

    fn handle(&mut self, action: Action, now: OffsetDateTime) -> Vec<Effect> {
        match action {
            Action::Key(key) if key.kind != KeyEventKind::Press => Vec::new(),
            // Esc followed quickly by a key (a fast typist, or a slow link batching bytes)
            // arrives as Alt+key. Outside text fields nothing is bound to Alt, so it is taken
            // as the two keys. In a text field (an editor, a prompt, the header form) Alt+letter
            // is the field's (Alt-B/F) or nothing, never Esc: it would close the field.
            Action::Key(key)
                if key.modifiers.contains(KeyModifiers::ALT)
                    && matches!(key.code, KeyCode::Char(_))
                    && !matches!(
                        self.mode,
                        Mode::Editor(_) | Mode::Prompt { .. } | Mode::Header(_)
                    ) =>
            {
                let esc = KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE);
                let mut effects = self.update(Action::Key(esc), now);
                let plain = KeyEvent::new(key.code, key.modifiers - KeyModifiers::ALT);
                effects.extend(self.update(Action::Key(plain), now));
                effects
            }
            Action::Key(key) => {
                self.message = None;
                self.key(key, now)
            }
            Action::Saved(at) => {
                self.save.last_saved = Some(at);
                self.save.failure = None;
                self.save.dirty = false;
                if self.quitting {
                    // Quitting waited for this save (directly, or a retry while the
                    // "not saved" dialog was open): everything is on disk now.
                    if matches!(self.mode, Mode::QuitUnsaved) {
                        self.mode = Mode::Normal;
                    }
                    return vec![Effect::Quit];
                }
                Vec::new()
            }
            Action::SaveFailed(why) => {
                self.save.failure = Some(why);
                if self.quitting {
                    self.mode = Mode::QuitUnsaved;
                }
                vec![Effect::SaveIn(Self::RETRY_AFTER)]
            }
            Action::SaveDenied(why) => {
                self.save.failure = Some(why);
                // The dialog takes the screen, as for a conflict: what is being typed goes
                // into the sheet first, so saving beside it carries it.
                let _ = self.close_header(now, true);
                let _ = self.close_editor(now);
                self.mode = Mode::QuitUnsaved;
                Vec::new()
            }
            Action::Paste(text) => {
                self.message = None;
                self.paste(&text);
                Vec::new()
            }
            Action::NotTaken => {
                self.not_taken += 1;
                self.message = Some(crate::tui::not_taken_said(self.lang(), self.not_taken));
                Vec::new()
            }
            Action::Enlarged => {
                self.not_taken = 0;
                Vec::new()
            }
            Action::Hangup => {
                let mut effects = self.close_header(now, true);
                effects.extend(self.close_editor(now));
                effects.push(Effect::Quit);
                effects
            }
            Action::PreviousLoaded(previous) => {
                self.set_previous(*previous);
                self.announce_previous();
                Vec::new()
            }
            Action::SaveConflict(why) => {
                let first = !self.save.conflict;
                self.save.failure = Some(why);
                self.save.conflict = true;
                if first || self.quitting {
                    // The dialog takes the screen: an open note or header form is closed
                    // into the sheet first, so saving beside or re-applying carries what was
                    // typed. Their save is not attempted: the dialog decides where it goes.
                    let _ = self.close_header(now, true);
                    let _ = self.close_editor(now);
                    self.mode = Mode::Conflict;
                }
                Vec::new()
            }
            Action::SavedBeside(name) => {
                self.say(
                    &format!("{name} として保存しました。以後このファイルを編集します"),
                    &format!("saved as {name}; editing that file from now on"),
                );
                self.file_name = name;
                self.save = SaveState {
                    last_saved: Some(now),
                    ..SaveState::default()
                };
                if self.quitting {
                    vec![Effect::Quit]
                } else {
                    Vec::new()
                }
            }
            Action::Reapplied(sheet) => {
                self.sheet = *sheet;
                self.touched = Touched::All;
                self.history.clear();
                self.visit = None;
                self.rescore();
                self.save.conflict = false;
                self.say(
                    "ディスク上の新しい内容に今回の変更を適用しました",
                    "re-applied this session's changes to the file's new contents",
                );
                let mut effects = vec![Effect::Save];
                if self.quitting {
                    effects.push(Effect::Quit);
                }
                effects
            }
            Action::Listed(names) => {
                self.complete_previous(&names);
                Vec::new()
            }
            Action::PreviousFailed(why) => {
                let why = crate::safe_text::sanitize_line(&why).into_owned();
                self.message = Some(match self.lang() {
                    Lang::Ja => format!("前年のシートを読めません: {why}"),
                    Lang::En => format!("cannot read last year's sheet: {why}"),
                });
                Vec::new()
            }
        }
    }
}

impl App {
    fn item_id(&self, position: usize) -> String {
        self.catalog
            .item_at(self.catalog.path_at(position))
            .id
            .clone()
    }
}

/// Whether a warning is shown: a draft carried at 3 counts nowhere yet, but it is not below 3
/// either, so on screen it is no warning (only a confirmed 3 or a new answer would settle it;
/// `m` finds it).
fn shown_warning(sheet: &Sheet, w: &Warning) -> bool {
    !sheet
        .answers
        .get(&w.id)
        .is_some_and(|a| a.unconfirmed && a.score == Score::Operating)
}

mod dispatch;
mod edit;
mod header;
mod navigate;
mod previous;
mod undo;

#[cfg(test)]
pub(crate) mod tests;
