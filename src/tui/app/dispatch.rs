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
    pub fn is_quitting(&self) -> bool {
        self.quitting
    }

    fn quit(&mut self) -> Vec<Effect> {
        self.quitting = true;
        vec![Effect::Quit]
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
            Command::LoadPrevious => self.prompt_previous(),
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
                self.go_next_unanswered(command == Command::NextUnanswered)
            }
            Command::NextWarning | Command::PrevWarning => {
                self.next_warning(command == Command::NextWarning)
            }
            Command::JumpToId => self.mode = Mode::prompt(PromptKind::Jump, String::new()),
            Command::Search => self.mode = Mode::prompt(PromptKind::Search, String::new()),
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
            Command::LargeText => {
                self.large_text = !self.large_text;
                if self.large_text && !self.focus_view {
                    return self.command(Command::FocusView, now);
                }
            }
            Command::Help => self.mode = Mode::Help { scroll: 0 },
            Command::EditHeader => self.open_header(),
            Command::Back => self.focus_view = false,
            Command::Quit => return self.quit(),
        }
        Vec::new()
    }
}

#[cfg(test)]
mod tests;
