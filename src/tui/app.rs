//! The application state and its one entry point, `update(Action) -> Vec<Effect>`.
//!
//! Pure: no terminal and no file I/O. The event loop turns terminal events and signals into
//! actions, performs the effects (saving through `store`, quitting) and reports the outcome
//! back as actions. Every number shown comes from `score::score_sheet` and `score::warnings`,
//! recomputed after each change.

use std::collections::HashSet;
use std::path::PathBuf;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use time::OffsetDateTime;

use crate::catalog::Catalog;
use crate::score::{ItemState, SheetScore, Warning, YearFilter, score_sheet, warnings};
use crate::sheet::{Answer, Score, Sheet};
use crate::text::Lang;
use crate::tui::editor::{Editor, NoteKind};
use crate::tui::header::{HeaderChange, HeaderForm};
use crate::tui::keymap::{self, Command, modes};
use crate::tui::outline::{Node, visible_rows};
use crate::tui::previous::{Previous, PreviousSheet};
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
    /// Text pasted in one piece (bracketed paste).
    Paste(String),
    /// SIGHUP, SIGTERM or the terminal went away: keep what is being typed and quit.
    Hangup,
    /// Last year's sheet was read (after `Effect::LoadPrevious`).
    PreviousLoaded(Box<PreviousSheet>),
    /// Last year's sheet could not be read: why.
    PreviousFailed(String),
    /// Not saved: the file on disk is no longer the one loaded or last saved (someone else's
    /// change). Nothing is retried; the user chooses (`Mode::Conflict`).
    SaveConflict(String),
    /// Saved beside the changed file under this name, which the session now edits.
    SavedBeside(String),
    /// Someone else's version was read and this session's changes re-applied to it.
    Reapplied(Box<Sheet>),
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
    Editor(Box<Editor>),
    Prompt {
        kind: PromptKind,
        input: String,
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
    Header(Box<HeaderForm>),
}

/// One item's answer before and after a change, for undo.
#[derive(Clone, Debug, PartialEq)]
struct Change {
    id: String,
    before: Option<Answer>,
    after: Option<Answer>,
}

#[derive(Clone, Debug, PartialEq)]
struct Step {
    changes: Vec<Change>,
    cursor: Node,
}

/// The item the cursor has stayed on since its last change: further changes to it join the
/// same undo step (the top of the undo list, `depth` long) and the same history entry, so
/// that history records decisions, not keystrokes. The visit ends when the cursor leaves the
/// item, on undo and redo, and on any change to other items.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Visit {
    position: usize,
    depth: usize,
}

/// One entry of the undo history: item answers, or the sheet's header (one visit to the
/// header form `i`; never merged with answer steps).
#[derive(Clone, Debug, PartialEq)]
enum Undoable {
    Answers(Step),
    Header(Box<HeaderChange>),
}

/// Whether and when the sheet was saved.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SaveState {
    /// Changes not yet written.
    pub dirty: bool,
    pub last_saved: Option<OffsetDateTime>,
    /// Why the last attempt failed, until one succeeds.
    pub failure: Option<String>,
    /// The last attempt found the file changed by someone else (see `Mode::Conflict`).
    pub conflict: bool,
}

pub struct App {
    pub catalog: Catalog,
    pub sheet: Sheet,
    /// The file name, for the title.
    pub file_name: String,
    pub options: Options,
    pub read_only: bool,
    pub score: SheetScore,
    pub warnings: Vec<Warning>,
    pub cursor: Node,
    pub collapsed: HashSet<Node>,
    pub pane: Pane,
    pub focus_view: bool,
    pub mode: Mode,
    /// Scroll of the item pane, in lines.
    pub item_scroll: u16,
    pub save: SaveState,
    /// One-line message in the status bar until the next key.
    pub message: Option<String>,
    pub last_search: String,
    /// First visible row of the tree, remembered between frames so the view scrolls only
    /// when the cursor nears an edge: a row move then repaints two rows, not the whole pane
    /// (every repainted cell is bytes over a slow SSH link). The view's own state, kept in a
    /// `Cell` so that drawing still takes `&App`.
    pub tree_offset: std::cell::Cell<usize>,
    /// Last year's sheet, if one was given (`--previous`, `v`/`V`).
    pub previous: Option<Previous>,
    /// Whether last year's answers are shown (`v`).
    pub show_previous: bool,
    quitting: bool,
    undo: Vec<Undoable>,
    redo: Vec<Undoable>,
    visit: Option<Visit>,
}

impl App {
    pub fn new(catalog: Catalog, sheet: Sheet, file_name: &str, options: Options) -> App {
        let mut app = App {
            catalog,
            sheet,
            file_name: file_name.to_string(),
            options,
            read_only: false,
            score: SheetScore::default(),
            warnings: Vec::new(),
            cursor: Node::Item(0),
            collapsed: HashSet::new(),
            pane: Pane::Tree,
            focus_view: false,
            mode: Mode::Normal,
            item_scroll: 0,
            save: SaveState::default(),
            message: None,
            last_search: String::new(),
            tree_offset: std::cell::Cell::new(0),
            previous: None,
            show_previous: false,
            quitting: false,
            undo: Vec::new(),
            redo: Vec::new(),
            visit: None,
        };
        app.rescore();
        if let Some(p) = app.next_unanswered(None, true) {
            app.cursor = Node::Item(p);
        }
        app
    }

    /// Opens the sheet read-only because someone else holds its lock.
    pub fn read_only_because(mut self, holder: String) -> App {
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
    pub fn read_only_cannot_save(mut self, why: String) -> App {
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
    pub fn shown_previous(&self) -> Option<&Previous> {
        self.previous.as_ref().filter(|_| self.show_previous)
    }

    pub fn lang(&self) -> Lang {
        self.options.lang
    }

    /// The item under the cursor, if the cursor is on an item.
    pub fn current_item(&self) -> Option<usize> {
        self.cursor.item()
    }

    pub fn rows(&self) -> Vec<Node> {
        visible_rows(&self.catalog, &self.collapsed)
    }

    /// The sheet as it would be if the open editor were closed now, for a last-resort save
    /// when the terminal vanishes mid-sentence. `None` when no editor is open.
    pub fn draft_sheet(&self) -> Option<Sheet> {
        let Mode::Editor(editor) = &self.mode else {
            return None;
        };
        let mut sheet = self.sheet.clone();
        let answer = sheet.answers.get_mut(&self.item_id(editor.position))?;
        editor.apply(answer);
        Some(sheet)
    }

    /// The answer being edited as it would be if the editor were closed now, with its item
    /// id: what the watchdog needs to keep the text being typed. Costs the size of that one
    /// answer, not of the sheet. `None` when no editor is open.
    pub fn draft_answer(&self) -> Option<(String, Answer)> {
        let Mode::Editor(editor) = &self.mode else {
            return None;
        };
        let id = self.item_id(editor.position);
        let mut answer = self.sheet.answers.get(&id)?.clone();
        editor.apply(&mut answer);
        Some((id, answer))
    }

    /// Pasted text goes into the open editor or prompt; anywhere else it would run as a
    /// stream of commands, so it is refused with a message.
    fn paste(&mut self, text: &str) {
        match &mut self.mode {
            Mode::Editor(editor) => editor.paste(text),
            Mode::Header(_) => self.paste_header(text),
            Mode::Prompt { input, .. } => {
                for c in text.chars() {
                    if input.len() >= 1000 {
                        break;
                    }
                    if !c.is_control() {
                        input.push(c);
                    }
                }
            }
            _ => self.say(
                "貼り付けは記入欄 (c/e/p) で行ってください",
                "paste into a notes editor (c/e/p)",
            ),
        }
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    fn rescore(&mut self) {
        self.score = score_sheet(&self.catalog, &self.sheet);
        self.warnings = warnings(&self.catalog, &self.sheet, &YearFilter::All);
    }

    fn say(&mut self, ja: &str, en: &str) {
        self.message = Some(self.lang().pick(ja, en).to_string());
    }

    /// How long to wait before writing again after a failed write.
    pub const RETRY_AFTER: std::time::Duration = std::time::Duration::from_secs(2);

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
            // arrives as Alt+key. Nothing is bound to Alt, so it is taken as the two keys.
            Action::Key(key)
                if key.modifiers.contains(KeyModifiers::ALT)
                    && matches!(key.code, KeyCode::Char(_)) =>
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
            Action::Paste(text) => {
                self.message = None;
                self.paste(&text);
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
                self.undo.clear();
                self.redo.clear();
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
            Action::PreviousFailed(why) => {
                let why = crate::text::sanitize_line(&why).into_owned();
                self.message = Some(match self.lang() {
                    Lang::Ja => format!("前年のシートを読めません: {why}"),
                    Lang::En => format!("cannot read last year's sheet: {why}"),
                });
                Vec::new()
            }
        }
    }

    fn key(&mut self, key: KeyEvent, now: OffsetDateTime) -> Vec<Effect> {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        // Global keys first, whatever the overlay.
        if ctrl && key.code == KeyCode::Char('c') {
            let mut effects = self.close_header(now, true);
            effects.extend(self.close_editor(now));
            effects.extend(self.quit());
            return effects;
        }
        match std::mem::replace(&mut self.mode, Mode::Normal) {
            Mode::Normal => self.command_key(key, now),
            Mode::Header(form) => self.header_key(form, key, now),
            Mode::Help { scroll } => {
                self.mode = match modes::SCROLL.lookup(&key) {
                    Some(modes::Scroll::Down(n)) => Mode::Help {
                        scroll: scroll.saturating_add(n),
                    },
                    Some(modes::Scroll::Up(n)) => Mode::Help {
                        scroll: scroll.saturating_sub(n),
                    },
                    _ => Mode::Normal,
                };
                Vec::new()
            }
            Mode::Editor(mut editor) => {
                if editor.keys().lookup(&key) == Some(modes::Editor::Leave) {
                    self.mode = Mode::Editor(editor);
                    self.close_editor(now)
                } else {
                    editor.key(&key);
                    self.mode = Mode::Editor(editor);
                    Vec::new()
                }
            }
            Mode::Prompt { kind, mut input } => {
                match modes::PROMPT.lookup(&key) {
                    Some(modes::Prompt::Cancel) => {}
                    Some(modes::Prompt::Run) if kind == PromptKind::LoadPrevious => {
                        return self.load_previous_prompt(&input);
                    }
                    Some(modes::Prompt::Run) => self.run_prompt(kind, &input),
                    Some(modes::Prompt::DeleteBack) => {
                        input.pop();
                        self.mode = Mode::Prompt { kind, input };
                    }
                    Some(modes::Prompt::Clear) => {
                        self.mode = Mode::Prompt {
                            kind,
                            input: String::new(),
                        };
                    }
                    Some(modes::Prompt::Type) => {
                        if let KeyCode::Char(c) = key.code
                            && input.len() < 1000
                        {
                            input.push(c);
                        }
                        self.mode = Mode::Prompt { kind, input };
                    }
                    None => self.mode = Mode::Prompt { kind, input },
                }
                Vec::new()
            }
            Mode::ConfirmBulk {
                node,
                score,
                positions,
            } => match modes::CONFIRM.lookup(&key) {
                Some(modes::Confirm::Yes) => {
                    let ids: Vec<String> = positions
                        .iter()
                        .map(|&p| self.catalog.item_at(self.catalog.path_at(p)).id.clone())
                        .collect();
                    let effects = self.mutate(&ids, now, |sheet, id| {
                        sheet.set_score(id, score, now);
                    });
                    self.say(
                        &format!("{} 件に {} と回答しました", ids.len(), score.value()),
                        &format!("answered {} items with {}", ids.len(), score.value()),
                    );
                    self.cursor = node;
                    effects
                }
                Some(modes::Confirm::No) => self.cancelled(),
                None => {
                    self.mode = Mode::ConfirmBulk {
                        node,
                        score,
                        positions,
                    };
                    Vec::new()
                }
            },
            Mode::ConfirmTake {
                node,
                ids,
                kept,
                wording,
            } => match modes::CONFIRM.lookup(&key) {
                Some(modes::Confirm::Yes) => self.take_many(node, &ids, now),
                Some(modes::Confirm::No) => self.cancelled(),
                None => {
                    self.mode = Mode::ConfirmTake {
                        node,
                        ids,
                        kept,
                        wording,
                    };
                    Vec::new()
                }
            },
            Mode::ConfirmDrafts { node, positions } => match modes::CONFIRM.lookup(&key) {
                Some(modes::Confirm::Yes) => self.confirm_drafts(node, &positions, now),
                Some(modes::Confirm::No) => self.cancelled(),
                None => {
                    self.mode = Mode::ConfirmDrafts { node, positions };
                    Vec::new()
                }
            },
            Mode::ConfirmReplace { position } => match modes::CONFIRM.lookup(&key) {
                Some(modes::Confirm::Yes) => self.take_one(position, now),
                Some(modes::Confirm::No) => self.cancelled(),
                None => {
                    self.mode = Mode::ConfirmReplace { position };
                    Vec::new()
                }
            },
            Mode::ConfirmClear { position } => match modes::CONFIRM.lookup(&key) {
                Some(modes::Confirm::Yes) => self.clear_item(position, now),
                Some(modes::Confirm::No) => self.cancelled(),
                None => {
                    self.mode = Mode::ConfirmClear { position };
                    Vec::new()
                }
            },
            Mode::PreviousSummary { scroll } => {
                self.mode = match modes::SCROLL.lookup(&key) {
                    Some(modes::Scroll::Down(n)) => Mode::PreviousSummary {
                        scroll: scroll.saturating_add(n),
                    },
                    Some(modes::Scroll::Up(n)) => Mode::PreviousSummary {
                        scroll: scroll.saturating_sub(n),
                    },
                    _ => Mode::Normal,
                };
                Vec::new()
            }
            mode @ (Mode::LockNotice(_) | Mode::CannotSave(_)) => {
                match modes::READ_ONLY.lookup(&key) {
                    Some(modes::ReadOnly::Quit) => self.quit(),
                    Some(modes::ReadOnly::View) => Vec::new(),
                    None => {
                        self.mode = mode;
                        Vec::new()
                    }
                }
            }
            Mode::Conflict => {
                let keys = if self.quitting {
                    &modes::CONFLICT_QUITTING
                } else {
                    &modes::CONFLICT
                };
                match keys.lookup(&key) {
                    Some(modes::Conflict::SaveBeside) => vec![Effect::SaveBeside],
                    Some(modes::Conflict::Reload) => vec![Effect::ReloadReapply],
                    Some(modes::Conflict::QuitDiscarding) => vec![Effect::QuitDiscarding],
                    Some(modes::Conflict::Back) | None => {
                        self.quitting = false;
                        Vec::new()
                    }
                }
            }
            Mode::QuitUnsaved => match modes::QUIT_UNSAVED.lookup(&key) {
                Some(modes::QuitUnsaved::QuitDiscarding) => vec![Effect::QuitDiscarding],
                Some(modes::QuitUnsaved::Retry) => vec![Effect::Save, Effect::Quit],
                Some(modes::QuitUnsaved::Back) | None => {
                    self.quitting = false;
                    Vec::new()
                }
            },
        }
    }

    fn cancelled(&mut self) -> Vec<Effect> {
        self.say("取り消しました", "cancelled");
        Vec::new()
    }

    /// Whether a quit is under way (the save it needs failed or found a conflict).
    pub fn is_quitting(&self) -> bool {
        self.quitting
    }

    fn quit(&mut self) -> Vec<Effect> {
        self.quitting = true;
        vec![Effect::Quit]
    }

    /// Leaves the editor keeping its text (one undo step).
    fn close_editor(&mut self, now: OffsetDateTime) -> Vec<Effect> {
        let Mode::Editor(editor) = std::mem::replace(&mut self.mode, Mode::Normal) else {
            return Vec::new();
        };
        let id = self.item_id(editor.position);
        self.mutate(&[id], now, |sheet, id| {
            if let Some(answer) = sheet.answers.get_mut(id) {
                editor.apply(answer);
            }
        })
    }

    fn item_id(&self, position: usize) -> String {
        self.catalog
            .item_at(self.catalog.path_at(position))
            .id
            .clone()
    }

    fn command_key(&mut self, key: KeyEvent, now: OffsetDateTime) -> Vec<Effect> {
        let Some(command) = keymap::lookup(&key) else {
            return Vec::new();
        };
        self.command(command, now)
    }

    /// Runs a command of the key table.
    pub fn command(&mut self, command: Command, now: OffsetDateTime) -> Vec<Effect> {
        let in_item_pane = self.pane == Pane::Item && !self.focus_view;
        match command {
            Command::Answer(score) => return self.answer(score, now),
            Command::CycleAnswer => {
                if let Some(p) = self.current_item() {
                    let next = match self.sheet.score(&self.item_id(p)) {
                        None | Some(Score::NotApplicable) => Score::Operating,
                        Some(Score::Operating) => Score::Documented,
                        Some(Score::Documented) => Score::NotInPlace,
                        Some(Score::NotInPlace) => Score::NotApplicable,
                    };
                    return self.answer_item(p, next, false, now);
                }
            }
            Command::ClearAnswer => return self.clear(now),
            Command::Down if in_item_pane => self.item_scroll = self.item_scroll.saturating_add(1),
            Command::Up if in_item_pane => self.item_scroll = self.item_scroll.saturating_sub(1),
            Command::Down if self.focus_view => self.step_item(1),
            Command::Up if self.focus_view => self.step_item(-1),
            Command::Down => self.move_rows(1),
            Command::Up => self.move_rows(-1),
            Command::PageDown => self.move_rows(10),
            Command::PageUp => self.move_rows(-10),
            Command::First => self.move_rows(isize::MIN / 2),
            Command::Last => self.move_rows(isize::MAX / 2),
            Command::Collapse => self.collapse(),
            Command::Expand => self.expand(),
            Command::ConfirmOrExpand => match self.current_item() {
                Some(p) => return self.confirm_item(p, now),
                None => self.expand(),
            },
            Command::TogglePrevious => self.toggle_previous(),
            Command::LoadPrevious => {
                self.mode = Mode::Prompt {
                    kind: PromptKind::LoadPrevious,
                    input: String::new(),
                }
            }
            Command::PreviousSummary => {
                if self.require_previous() {
                    self.mode = Mode::PreviousSummary { scroll: 0 };
                }
            }
            Command::TakePrevious => return self.take(now),
            Command::TakeAllPrevious => self.ask_take_many(None),
            Command::NextChanged | Command::PrevChanged => {
                self.next_changed(command == Command::NextChanged)
            }
            Command::NextBelowTarget | Command::PrevBelowTarget => {
                self.next_below_target(command == Command::NextBelowTarget)
            }
            Command::ConfirmDrafts => self.ask_confirm_drafts(),
            Command::NextUnconfirmed | Command::PrevUnconfirmed => {
                self.next_unconfirmed(command == Command::NextUnconfirmed)
            }
            Command::SwitchPane => {
                self.pane = match self.pane {
                    Pane::Tree => Pane::Item,
                    Pane::Item => Pane::Tree,
                }
            }
            Command::NextUnanswered | Command::PrevUnanswered => {
                let forward = command == Command::NextUnanswered;
                match self.next_unanswered(self.current_item(), forward) {
                    Some(p) => self.go_round(p, forward),
                    None => self.say("未回答の項目はありません", "no unanswered items"),
                }
            }
            Command::NextWarning | Command::PrevWarning => {
                self.next_warning(command == Command::NextWarning)
            }
            Command::JumpToId => {
                self.mode = Mode::Prompt {
                    kind: PromptKind::Jump,
                    input: String::new(),
                }
            }
            Command::Search => {
                self.mode = Mode::Prompt {
                    kind: PromptKind::Search,
                    input: String::new(),
                }
            }
            Command::ToggleFlag => return self.toggle_flag(now),
            Command::NextFlagged | Command::PrevFlagged => {
                self.next_flagged(command == Command::NextFlagged)
            }
            Command::EditComment => self.open_editor(NoteKind::Comment),
            Command::EditEvidence => self.open_editor(NoteKind::Evidence),
            Command::EditPlan => self.open_editor(NoteKind::Plan),
            Command::Undo => return self.undo_redo(true, now),
            Command::Redo => return self.undo_redo(false, now),
            Command::ToggleAdvance => {
                self.options.advance = !self.options.advance;
                if self.options.advance {
                    self.say(
                        "回答後は次の未回答へ進みます",
                        "answering moves to the next unanswered item",
                    );
                } else {
                    self.say(
                        "回答後もこの項目に留まります",
                        "answering keeps the cursor on the item",
                    );
                }
            }
            Command::FocusView => {
                self.focus_view = !self.focus_view;
                if self.focus_view && !self.cursor.is_item() {
                    let first = self.cursor.items(&self.catalog).start;
                    self.go_to_item(first);
                }
            }
            Command::Help => self.mode = Mode::Help { scroll: 0 },
            Command::EditHeader => self.open_header(),
            Command::Back => self.focus_view = false,
            Command::Quit => return self.quit(),
        }
        Vec::new()
    }

    /// Refuses a change in read-only mode; true when refused.
    fn refuse_read_only(&mut self) -> bool {
        if self.read_only {
            self.say(
                "読み取り専用です (他の人が編集中)",
                "read-only (someone else is editing this sheet)",
            );
        }
        self.read_only
    }

    fn answer(&mut self, score: Score, now: OffsetDateTime) -> Vec<Effect> {
        match self.cursor {
            Node::Item(p) => self.answer_item(p, score, self.options.advance, now),
            node => {
                if self.refuse_read_only() {
                    return Vec::new();
                }
                // Unanswered only: an unconfirmed draft is never replaced by a bulk answer.
                let positions: Vec<usize> = node
                    .items(&self.catalog)
                    .filter(|&p| {
                        self.score.items[p] == ItemState::Unanswered && !self.is_unconfirmed(p)
                    })
                    .collect();
                if positions.is_empty() {
                    self.say_nothing_to_answer(node);
                } else {
                    self.mode = Mode::ConfirmBulk {
                        node,
                        score,
                        positions,
                    };
                }
                Vec::new()
            }
        }
    }

    fn answer_item(
        &mut self,
        position: usize,
        score: Score,
        advance: bool,
        now: OffsetDateTime,
    ) -> Vec<Effect> {
        if self.refuse_read_only() {
            return Vec::new();
        }
        if self.refuse_excluded(position) {
            return Vec::new();
        }
        let id = self.item_id(position);
        let effects = self.mutate(&[id], now, |sheet, id| {
            sheet.set_score(id, score, now);
        });
        if advance {
            self.advance_from(position);
        }
        effects
    }

    /// Says so and returns true when the item does not apply to the organisation.
    pub(super) fn refuse_excluded(&mut self, position: usize) -> bool {
        let excluded = self.score.items[position] == ItemState::Excluded;
        if excluded {
            self.say(
                "この項目は団体の条件により対象外です",
                "this item does not apply to the organisation's profile",
            );
        }
        excluded
    }

    /// After an answer: on to the next unanswered item, or say that there is none.
    pub(super) fn advance_from(&mut self, position: usize) {
        match self.next_unanswered(Some(position), true) {
            Some(p) => self.go_to_item(p),
            None => self.say("すべての項目に回答しました", "every item is answered"),
        }
    }

    /// `x`: clears the answer at once when nothing but the score goes with it; asks first
    /// (`Mode::ConfirmClear`) when a comment, evidence, plan or flag would go too. Notes live
    /// in an answer, so clearing the score alone would leave notes of an unanswered item.
    fn clear(&mut self, now: OffsetDateTime) -> Vec<Effect> {
        let Some(p) = self.current_item() else {
            return Vec::new();
        };
        if self.refuse_read_only() {
            return Vec::new();
        }
        if self.has_notes(p) {
            self.mode = Mode::ConfirmClear { position: p };
            return Vec::new();
        }
        self.clear_item(p, now)
    }

    /// Whether the item's answer carries more than its score: notes or a flag.
    pub fn has_notes(&self, position: usize) -> bool {
        self.sheet
            .answers
            .get(&self.item_id(position))
            .is_some_and(|a| {
                !a.comment.trim().is_empty()
                    || !a.evidence.trim().is_empty()
                    || a.plan.as_ref().is_some_and(|p| !p.is_empty())
                    || a.flagged
            })
    }

    /// Clears the item's answer with its notes (one undo step).
    fn clear_item(&mut self, position: usize, now: OffsetDateTime) -> Vec<Effect> {
        let had_notes = self.has_notes(position);
        let id = self.item_id(position);
        let effects = self.mutate(&[id], now, |sheet, id| {
            sheet.clear(id, now);
        });
        if had_notes {
            self.say(
                "回答とその記入を消しました (u で元に戻せます)",
                "cleared the answer and its notes (u undoes)",
            );
        }
        effects
    }

    fn toggle_flag(&mut self, now: OffsetDateTime) -> Vec<Effect> {
        let Some(p) = self.current_item() else {
            return Vec::new();
        };
        if self.refuse_read_only() || !self.require_answer(p) {
            return Vec::new();
        }
        let id = self.item_id(p);
        self.mutate(&[id], now, |sheet, id| {
            if let Some(a) = sheet.answers.get_mut(id) {
                a.flagged = !a.flagged;
            }
        })
    }

    /// Notes live in an answer: an unanswered item has none yet.
    fn require_answer(&mut self, position: usize) -> bool {
        let answered = self.sheet.answers.contains_key(&self.item_id(position));
        if !answered {
            self.say(
                "先に 0〜3 で回答してください",
                "answer the item (0-3) first",
            );
        }
        answered
    }

    fn open_editor(&mut self, kind: NoteKind) {
        let Some(p) = self.current_item() else {
            self.say("項目を選んでください", "select an item first");
            return;
        };
        if self.refuse_read_only() || !self.require_answer(p) {
            return;
        }
        let answer = self.sheet.answers.get(&self.item_id(p));
        self.mode = Mode::Editor(Box::new(Editor::open(kind, p, answer)));
    }

    /// Changes the answers of `ids` with `f`, recording one undo step. Effects: save.
    fn mutate(
        &mut self,
        ids: &[String],
        now: OffsetDateTime,
        mut f: impl FnMut(&mut Sheet, &str),
    ) -> Vec<Effect> {
        let before: Vec<Option<Answer>> = ids
            .iter()
            .map(|id| self.sheet.answers.get(id).cloned())
            .collect();
        for id in ids {
            f(&mut self.sheet, id);
        }
        let changes: Vec<Change> = ids
            .iter()
            .zip(before)
            .filter_map(|(id, before)| {
                let after = self.sheet.answers.get(id).cloned();
                (before != after).then(|| Change {
                    id: id.clone(),
                    before,
                    after,
                })
            })
            .collect();
        if changes.is_empty() {
            return Vec::new();
        }
        self.sheet.updated = Some(now);
        if !self.join_visit(&changes, now) {
            self.undo.push(Undoable::Answers(Step {
                changes,
                cursor: self.cursor,
            }));
            self.visit = match (self.cursor, ids) {
                (Node::Item(p), [id]) if *id == self.item_id(p) => Some(Visit {
                    position: p,
                    depth: self.undo.len(),
                }),
                _ => None,
            };
        }
        self.redo.clear();
        self.committed()
    }

    /// Folds a change of the visited item into the visit's undo step and history entry;
    /// false when `changes` start a step of their own. A visit that ends where it began
    /// leaves no step and no history.
    fn join_visit(&mut self, changes: &[Change], now: OffsetDateTime) -> bool {
        let Some(visit) = self.visit else {
            return false;
        };
        let [change] = changes else {
            return false;
        };
        let same_item = self.cursor == Node::Item(visit.position)
            && change.id == self.item_id(visit.position)
            && self.undo.len() == visit.depth;
        let Some(Undoable::Answers(step)) = self.undo.last_mut() else {
            return false;
        };
        if !same_item || step.changes.len() != 1 {
            return false;
        };
        let first = &mut step.changes[0];
        self.sheet
            .squash_history(&first.id, first.before.as_ref(), now);
        first.after = self.sheet.answers.get(&first.id).cloned();
        let unstamped = |a: &Option<Answer>| {
            a.clone().map(|mut a| {
                a.updated = None;
                a
            })
        };
        if unstamped(&first.before) == unstamped(&first.after) {
            match first.before.clone() {
                Some(a) => self.sheet.answers.insert(first.id.clone(), a),
                None => self.sheet.answers.remove(&first.id),
            };
            self.undo.pop();
            self.visit = None;
        }
        true
    }

    /// Ends the visit when the cursor is no longer on the visited item.
    fn end_visit_if_moved(&mut self) {
        if self
            .visit
            .is_some_and(|v| self.cursor != Node::Item(v.position))
        {
            self.visit = None;
        }
    }

    fn committed(&mut self) -> Vec<Effect> {
        self.rescore();
        self.save.dirty = true;
        vec![Effect::Save]
    }

    fn undo_redo(&mut self, undo: bool, now: OffsetDateTime) -> Vec<Effect> {
        if self.refuse_read_only() {
            return Vec::new();
        }
        let (from, to) = if undo {
            (&mut self.undo, &mut self.redo)
        } else {
            (&mut self.redo, &mut self.undo)
        };
        self.visit = None;
        let Some(entry) = from.pop() else {
            self.say(
                if undo {
                    "元に戻す操作はありません"
                } else {
                    "やり直す操作はありません"
                },
                if undo {
                    "nothing to undo"
                } else {
                    "nothing to redo"
                },
            );
            return Vec::new();
        };
        let step = match entry {
            Undoable::Answers(step) => step,
            Undoable::Header(change) => return self.undo_redo_header(*change, undo, now),
        };
        for c in &step.changes {
            let value = if undo { &c.before } else { &c.after };
            match value {
                Some(a) => {
                    self.sheet.answers.insert(c.id.clone(), a.clone());
                }
                None => {
                    self.sheet.answers.remove(&c.id);
                }
            }
        }
        let cursor = step.cursor;
        to.push(Undoable::Answers(step));
        self.sheet.updated = Some(now);
        match cursor {
            Node::Item(p) => self.go_to_item(p),
            node => self.cursor = node,
        }
        self.reveal(self.cursor);
        self.committed()
    }

    /// The next (or previous) applicable unanswered item after `from`, wrapping around.
    /// `from: None` searches from the start (or end).
    pub fn next_unanswered(&self, from: Option<usize>, forward: bool) -> Option<usize> {
        let n = self.score.items.len();
        if n == 0 {
            return None;
        }
        let start = match (from, forward) {
            (Some(p), true) => p + 1,
            (Some(p), false) => p + n - 1,
            (None, true) => 0,
            (None, false) => n - 1,
        };
        (0..n)
            .map(|k| {
                if forward {
                    (start + k) % n
                } else {
                    (start + n - k) % n
                }
            })
            .find(|&p| self.score.items[p] == ItemState::Unanswered)
    }

    fn next_warning(&mut self, forward: bool) {
        if self.warnings.is_empty() {
            self.say("重要点検項目の警告はありません", "no priority warnings");
            return;
        }
        let here = self.current_item();
        let target = if forward {
            self.warnings
                .iter()
                .find(|w| here.is_none_or(|h| w.position > h))
                .or(self.warnings.first())
        } else {
            self.warnings
                .iter()
                .rev()
                .find(|w| here.is_none_or(|h| w.position < h))
                .or(self.warnings.last())
        };
        if let Some(w) = target {
            let p = w.position;
            self.go_round(p, forward);
        }
    }

    /// Puts the cursor on an item, opening the headings above it.
    pub fn go_to_item(&mut self, position: usize) {
        if position >= self.catalog.item_count() {
            return;
        }
        self.cursor = Node::Item(position);
        self.item_scroll = 0;
        self.reveal(self.cursor);
        self.end_visit_if_moved();
    }

    fn reveal(&mut self, node: Node) {
        let mut up = node.parent(&self.catalog);
        while let Some(h) = up {
            self.collapsed.remove(&h);
            up = h.parent(&self.catalog);
        }
    }

    fn move_rows(&mut self, delta: isize) {
        let rows = self.rows();
        let here = rows.iter().position(|n| *n == self.cursor).unwrap_or(0);
        let target = here
            .saturating_add_signed(delta)
            .min(rows.len().saturating_sub(1));
        if let Some(n) = rows.get(target) {
            self.cursor = *n;
            self.item_scroll = 0;
        }
    }

    /// In the focus view: previous or next item in catalog order.
    fn step_item(&mut self, delta: isize) {
        let here = self.current_item().unwrap_or(0);
        let target = here
            .saturating_add_signed(delta)
            .min(self.catalog.item_count().saturating_sub(1));
        self.go_to_item(target);
    }

    fn collapse(&mut self) {
        match self.cursor {
            Node::Item(_) => {
                if let Some(parent) = self.cursor.parent(&self.catalog) {
                    self.cursor = parent;
                }
            }
            node if self.collapsed.contains(&node) => {
                if let Some(parent) = node.parent(&self.catalog) {
                    self.cursor = parent;
                }
            }
            node => {
                self.collapsed.insert(node);
            }
        }
    }

    fn expand(&mut self) {
        match self.cursor {
            Node::Item(_) => {}
            node if self.collapsed.contains(&node) => {
                self.collapsed.remove(&node);
            }
            _ => self.move_rows(1),
        }
    }

    fn run_prompt(&mut self, kind: PromptKind, input: &str) {
        match kind {
            PromptKind::Jump => self.jump(input),
            PromptKind::LoadPrevious => {}
            PromptKind::Search => {
                let query = if input.trim().is_empty() {
                    self.last_search.clone()
                } else {
                    input.trim().to_string()
                };
                if !query.is_empty() {
                    self.search(&query);
                    self.last_search = query;
                }
            }
        }
    }

    fn jump(&mut self, input: &str) {
        let id: String = input
            .trim()
            .chars()
            .map(|c| match c {
                '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
                '－' | '‐' | 'ー' | '−' | '.' | '_' => '-',
                c => c,
            })
            .collect();
        if let Some(p) = self.catalog.position(&id) {
            self.go_to_item(p);
            return;
        }
        // A bare number is a 管理目標.
        if let Ok(goal) = id.parse::<u32>() {
            let found = self
                .catalog
                .items()
                .position(|(p, _)| self.catalog.goal_at(p).no == goal);
            if let Some(first) = found {
                let p = self.catalog.path_at(first);
                let node = Node::Goal(p.major, p.middle, p.minor, p.goal);
                self.reveal(node);
                self.cursor = node;
                return;
            }
        }
        let shown = crate::text::sanitize_line(input).into_owned();
        self.message = Some(match self.lang() {
            Lang::Ja => format!("項目「{shown}」はありません"),
            Lang::En => format!("no item \"{shown}\""),
        });
    }

    /// Positions of items whose Japanese or English wording (or id) contains the query.
    pub fn search_matches(&self, query: &str) -> Vec<usize> {
        let q = query.to_lowercase();
        self.catalog
            .items()
            .enumerate()
            .filter(|(_, (_, item))| {
                item.text.contains(query) || item.en.to_lowercase().contains(&q) || item.id == query
            })
            .map(|(i, _)| i)
            .collect()
    }

    fn search(&mut self, query: &str) {
        let matches = self.search_matches(query);
        let here = self.current_item();
        let next = matches
            .iter()
            .position(|&p| here.is_none_or(|h| p > h))
            .unwrap_or(0);
        let shown = crate::text::sanitize_line(query).into_owned();
        match matches.get(next) {
            Some(&p) => {
                self.go_to_item(p);
                self.message = Some(match self.lang() {
                    Lang::Ja => format!("「{shown}」 {}/{} 件", next + 1, matches.len()),
                    Lang::En => format!("\"{shown}\" {}/{}", next + 1, matches.len()),
                });
            }
            None => {
                self.message = Some(match self.lang() {
                    Lang::Ja => format!("「{shown}」は見つかりません"),
                    Lang::En => format!("\"{shown}\" not found"),
                })
            }
        }
    }
}

#[path = "app_previous.rs"]
mod previous_actions;

#[path = "app_header.rs"]
mod header_actions;

#[path = "app_meeting.rs"]
mod meeting_actions;

#[cfg(test)]
#[path = "app_tests.rs"]
pub(crate) mod tests;

#[cfg(test)]
#[path = "app_previous_tests.rs"]
mod previous_tests;

#[cfg(test)]
#[path = "app_header_tests.rs"]
mod header_tests;

#[cfg(test)]
#[path = "app_mode_keys_tests.rs"]
pub(crate) mod mode_keys_tests;
