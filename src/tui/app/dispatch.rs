//! `App`'s key handling: the overlay (`Mode`) a key goes to, and the commands of the main
//! key table.

use super::*;

impl App {
    pub(super) fn key(&mut self, key: KeyEvent, now: OffsetDateTime) -> Vec<Effect> {
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
                let reach = self.scroll_reach.get();
                self.mode = scrolled(&key, scroll, reach)
                    .map_or(Mode::Normal, |scroll| Mode::Help { scroll });
                Vec::new()
            }
            Mode::Editor(mut editor) => {
                if editor.keys().lookup(&key) == Some(modes::Editor::Leave) {
                    self.mode = Mode::Editor(editor);
                    self.close_editor(now)
                } else {
                    let changed = editor.key(&key);
                    if !changed && editor.keys().lookup(&key) == Some(modes::Editor::Undo) {
                        self.say(
                            "記入中に戻す変更はありません",
                            "nothing to undo in the editor",
                        );
                    }
                    self.mode = Mode::Editor(editor);
                    Vec::new()
                }
            }
            Mode::Prompt {
                kind,
                mut input,
                mut cursor,
            } => {
                match modes::PROMPT.lookup(&key) {
                    Some(modes::Prompt::Cancel) => {}
                    Some(modes::Prompt::Complete) => {
                        let files = kind == PromptKind::LoadPrevious;
                        let dir = crate::tui::start::directory_of(&input);
                        self.mode = Mode::Prompt {
                            kind,
                            input,
                            cursor,
                        };
                        return if files {
                            vec![Effect::ListDir(dir)]
                        } else {
                            Vec::new()
                        };
                    }
                    Some(modes::Prompt::Run) if kind == PromptKind::LoadPrevious => {
                        return self.load_previous_prompt(&input);
                    }
                    Some(modes::Prompt::Run) => self.run_prompt(kind, &input),
                    None => {
                        let typed =
                            crate::tui::editor::edit_line(&mut input, cursor, &key, PROMPT_CHARS);
                        cursor = typed.unwrap_or(cursor);
                        self.mode = Mode::Prompt {
                            kind,
                            input,
                            cursor,
                        };
                    }
                }
                Vec::new()
            }
            mode @ (Mode::ConfirmBulk { .. }
            | Mode::ConfirmTake { .. }
            | Mode::ConfirmDrafts { .. }
            | Mode::ConfirmReplace { .. }
            | Mode::ConfirmClear { .. }) => match modes::CONFIRM.lookup(&key) {
                Some(modes::Confirm::Yes) => self.confirmed(mode, now),
                Some(modes::Confirm::No) => self.cancelled(),
                None => {
                    self.mode = mode;
                    Vec::new()
                }
            },
            Mode::PreviousSummary { scroll } => {
                let reach = self.scroll_reach.get();
                self.mode = scrolled(&key, scroll, reach)
                    .map_or(Mode::Normal, |scroll| Mode::PreviousSummary { scroll });
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
                Some(modes::QuitUnsaved::Retry) if !self.quitting => vec![Effect::Save],
                Some(modes::QuitUnsaved::Retry) => vec![Effect::Save, Effect::Quit],
                Some(modes::QuitUnsaved::SaveBeside) => vec![Effect::SaveBeside],
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
    pub(crate) fn is_quitting(&self) -> bool {
        self.quitting
    }

    fn quit(&mut self) -> Vec<Effect> {
        self.quitting = true;
        vec![Effect::Quit]
    }

    /// Does what a yes/no dialog (`mode`) asked about, on its yes.
    fn confirmed(&mut self, mode: Mode, now: OffsetDateTime) -> Vec<Effect> {
        match mode {
            Mode::ConfirmBulk {
                node,
                score,
                positions,
            } => {
                let ids: Vec<String> = positions
                    .iter()
                    .map(|&p| self.catalog.item_at(self.catalog.path_at(p)).id.clone())
                    .collect();
                let effects = self.mutate(&ids, now, |sheet, id| {
                    sheet.set_score(id, score, now);
                });
                self.say(
                    &format!("{} 件に {} と回答しました", ids.len(), score.value()),
                    &format!(
                        "answered {} with {}",
                        crate::lang::count(ids.len(), "item"),
                        score.value()
                    ),
                );
                self.cursor = node;
                effects
            }
            Mode::ConfirmTake { node, ids, .. } => self.take_many(node, &ids, now),
            Mode::ConfirmDrafts { node, positions } => self.confirm_drafts(node, &positions, now),
            Mode::ConfirmReplace { position } => self.take_one(position, now),
            Mode::ConfirmClear { position } => self.clear_item(position, now),
            _ => Vec::new(),
        }
    }

    fn command_key(&mut self, key: KeyEvent, now: OffsetDateTime) -> Vec<Effect> {
        let Some(command) = keymap::lookup(&key) else {
            return Vec::new();
        };
        self.command(command, now)
    }

    /// Runs a command of the key table.
    pub(crate) fn command(&mut self, command: KeyCommand, now: OffsetDateTime) -> Vec<Effect> {
        let in_item_pane = self.pane == Pane::Item && !self.focus_view;
        let alone = self.focus_view || self.item_alone.get();
        match command {
            KeyCommand::Answer(score) => return self.answer(score, now),
            KeyCommand::CycleAnswer => {
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
            KeyCommand::ClearAnswer => return self.clear(now),
            KeyCommand::Down if in_item_pane => self.scroll_text(1),
            KeyCommand::Up if in_item_pane => self.scroll_text(-1),
            KeyCommand::Down if self.focus_view => self.step_item(1),
            KeyCommand::Up if self.focus_view => self.step_item(-1),
            KeyCommand::Down => self.move_rows(1),
            KeyCommand::Up => self.move_rows(-1),
            // The item pane focused, or the item shown alone (the focus view, the reduced
            // layout): its text is what a page key moves, as j/k do in the pane.
            KeyCommand::PageDown if alone || in_item_pane => self.scroll_text(10),
            KeyCommand::PageUp if alone || in_item_pane => self.scroll_text(-10),
            KeyCommand::PageDown => self.move_rows(10),
            KeyCommand::PageUp => self.move_rows(-10),
            // In the item pane the text's top and end, as j/k scroll it there.
            KeyCommand::First if in_item_pane => self.item_scroll = 0,
            KeyCommand::Last if in_item_pane => self.item_scroll = self.item_reach.get().end,
            KeyCommand::First => self.move_rows(isize::MIN / 2),
            KeyCommand::Last => self.move_rows(isize::MAX / 2),
            KeyCommand::Collapse => self.collapse(),
            KeyCommand::Expand => self.expand(),
            KeyCommand::ConfirmOrExpand => match self.current_item() {
                Some(p) => return self.confirm_item(p, now),
                None => self.expand(),
            },
            KeyCommand::TogglePrevious => self.toggle_previous(),
            KeyCommand::LoadPrevious => self.prompt_previous(),
            KeyCommand::PreviousSummary => {
                if self.require_previous() {
                    self.mode = Mode::PreviousSummary { scroll: 0 };
                }
            }
            KeyCommand::TakePrevious => return self.take(now),
            KeyCommand::TakeAllPrevious => self.ask_take_many(None),
            KeyCommand::NextChanged | KeyCommand::PrevChanged => {
                self.next_changed(command == KeyCommand::NextChanged)
            }
            KeyCommand::NextBelowTarget | KeyCommand::PrevBelowTarget => {
                self.next_below_target(command == KeyCommand::NextBelowTarget)
            }
            KeyCommand::ConfirmDrafts => self.ask_confirm_drafts(),
            KeyCommand::NextUnconfirmed | KeyCommand::PrevUnconfirmed => {
                self.next_unconfirmed(command == KeyCommand::NextUnconfirmed)
            }
            KeyCommand::SwitchPane => {
                self.pane = match self.pane {
                    Pane::Tree => Pane::Item,
                    Pane::Item => Pane::Tree,
                }
            }
            KeyCommand::NextUnanswered | KeyCommand::PrevUnanswered => {
                self.go_next_unanswered(command == KeyCommand::NextUnanswered)
            }
            KeyCommand::NextWarning | KeyCommand::PrevWarning => {
                self.next_warning(command == KeyCommand::NextWarning)
            }
            KeyCommand::JumpToId => self.mode = Mode::prompt(PromptKind::Jump, String::new()),
            KeyCommand::Search => self.mode = Mode::prompt(PromptKind::Search, String::new()),
            KeyCommand::ToggleFlag => return self.toggle_flag(now),
            KeyCommand::NextFlagged | KeyCommand::PrevFlagged => {
                self.next_flagged(command == KeyCommand::NextFlagged)
            }
            KeyCommand::EditComment => self.open_editor(NoteKind::Comment),
            KeyCommand::EditEvidence => self.open_editor(NoteKind::Evidence),
            KeyCommand::EditPlan => self.open_editor(NoteKind::Plan),
            KeyCommand::Undo => return self.undo_redo(true, now),
            KeyCommand::Redo => return self.undo_redo(false, now),
            KeyCommand::ToggleAdvance => {
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
            // The item's text laid out anew (another view, the wording enlarged or not): read
            // from its top, not from a scroll of the other layout.
            KeyCommand::FocusView => {
                self.focus_view = !self.focus_view;
                self.text_from_top();
                if self.focus_view && !self.cursor.is_item() {
                    let first = self.cursor.items(self.catalog).start;
                    self.go_to_item(first);
                }
            }
            KeyCommand::LargeText => {
                self.large_text = !self.large_text;
                self.text_from_top();
                if self.large_text && !self.focus_view {
                    return self.command(KeyCommand::FocusView, now);
                }
            }
            KeyCommand::Help => self.mode = Mode::Help { scroll: 0 },
            KeyCommand::EditHeader => self.open_header(),
            KeyCommand::Back => {
                if self.focus_view {
                    self.text_from_top();
                }
                self.focus_view = false;
            }
            KeyCommand::Quit => return self.quit(),
        }
        Vec::new()
    }
}

#[cfg(test)]
mod tests;

/// Where a scrolling page (help, last year's summary) goes on `key`: its new first row, or
/// `None` when the key closes it, within what the last frame showed of it.
fn scrolled(key: &KeyEvent, scroll: u16, reach: super::Reach) -> Option<u16> {
    match modes::SCROLL.lookup(key)? {
        modes::Scroll::Down(n) => Some(super::navigate::scroll_within(scroll, i32::from(n), reach)),
        modes::Scroll::Up(n) => Some(super::navigate::scroll_within(scroll, -i32::from(n), reach)),
        modes::Scroll::Close => None,
    }
}
