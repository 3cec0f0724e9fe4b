//! One-line text fields of the forms (the start form, the sheet header `i`): characters
//! (spaces too) go in at the cursor, Left/Right, Home/End and Ctrl-A/Ctrl-E move it,
//! Backspace/Delete remove the character before/under it, Ctrl-U clears the field. The keys
//! are `keymap::modes::LINE_EDIT`'s.

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use crate::tui::keymap::modes::{LINE_EDIT, LineEdit};

/// The longest text a form field takes, in characters.
pub const MAX_CHARS: usize = 100;

/// Applies a key to `text` with the cursor at `cursor` (a character index). Returns the new
/// cursor, or `None` when the key is not a text-field key. `replace`: the field holds a
/// pre-filled default, which the first character typed replaces.
pub fn edit(text: &mut String, cursor: usize, key: &KeyEvent, replace: bool) -> Option<usize> {
    let action = LINE_EDIT.lookup(key)?;
    let len = text.chars().count();
    let at = cursor.min(len);
    let byte = |t: &str, i: usize| t.char_indices().nth(i).map_or(t.len(), |(b, _)| b);
    Some(match action {
        LineEdit::Type => {
            let KeyCode::Char(c) = key.code else {
                return Some(at);
            };
            if replace {
                text.clear();
                text.push(c);
                1
            } else if len < MAX_CHARS {
                text.insert(byte(text, at), c);
                at + 1
            } else {
                at
            }
        }
        LineEdit::Left => at.saturating_sub(1),
        LineEdit::Right => (at + 1).min(len),
        LineEdit::Home => 0,
        LineEdit::End => len,
        LineEdit::Clear => {
            text.clear();
            0
        }
        LineEdit::DeleteBack if at > 0 => {
            text.remove(byte(text, at - 1));
            at - 1
        }
        LineEdit::Delete if at < len => {
            text.remove(byte(text, at));
            at
        }
        LineEdit::DeleteBack | LineEdit::Delete => at,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::KeyModifiers;

    fn k(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn edits_at_the_cursor() {
        let mut t = String::from("情報課");
        let c = edit(&mut t, 2, &k(KeyCode::Char('政')), false).unwrap();
        assert_eq!((t.as_str(), c), ("情報政課", 3));
        let c = edit(&mut t, c, &k(KeyCode::Char(' ')), false).unwrap();
        assert_eq!((t.as_str(), c), ("情報政 課", 4));
        let c = edit(&mut t, c, &k(KeyCode::Backspace), false).unwrap();
        let c = edit(&mut t, c, &k(KeyCode::Home), false).unwrap();
        let c = edit(&mut t, c, &k(KeyCode::Delete), false).unwrap();
        assert_eq!((t.as_str(), c), ("報政課", 0));
        let ctrl_e = KeyEvent::new(KeyCode::Char('e'), KeyModifiers::CONTROL);
        assert_eq!(edit(&mut t, 0, &ctrl_e, false), Some(3));
        assert_eq!(edit(&mut t, 0, &k(KeyCode::Tab), false), None);
        let c = edit(&mut t, 3, &k(KeyCode::Char('R')), true).unwrap();
        assert_eq!((t.as_str(), c), ("R", 1), "a default is replaced");
    }
}
