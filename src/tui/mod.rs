//! The interview: a keyboard-only terminal application for filling in a sheet.
//!
//! `app` holds the state and a pure `update`; `keymap` is the one table of keys; `view` draws
//! the state; `terminal` owns the real terminal, signals and the event loop, and is the only
//! part that performs effects (saving through `store`).

pub mod ambiguous;
pub mod app;
pub mod backend;
pub mod editor;
pub mod form;
pub mod header;
pub mod keymap;
pub mod outline;
pub mod previous;
pub mod probe;
pub mod session;
pub mod start;
pub mod terminal;
pub mod theme;
pub mod view;

pub use app::{Action, App, Effect, Options};
