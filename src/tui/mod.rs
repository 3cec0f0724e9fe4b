//! The interview: a keyboard-only terminal application for filling in a sheet.
//!
//! `app` holds the state and a pure `update`; `keymap` is the one table of keys; `view` draws
//! the state; `session` performs the effects `update` returns, on a `session::Disk`; `term` is
//! the only part that does I/O: the real terminal, signals, the event loop and the real disk
//! (saving through `store`).

pub mod ambiguous;
pub mod app;
pub mod editor;
pub mod form;
pub(crate) mod header;
pub mod keymap;
pub(crate) mod outline;
pub mod previous;
pub mod session;
pub(crate) mod start;
pub mod term;
pub mod theme;
pub mod view;

pub use app::{Action, App, Options};

use crate::lang::{Lang, say};

/// What is said once the terminal is large again after `n` keys and pastes were not taken
/// while it was too small to show the interview or the start form.
pub(crate) fn not_taken_said(lang: Lang, n: u32) -> String {
    say!(
        lang,
        "端末が小さい間の入力 {n} 件は受け付けていません。入力し直してください",
        "input not taken while the terminal was too small ({n}): type it again"
    )
}
