#![forbid(unsafe_code)]
//! tenken (点検): the 住基ネット security self-inspection checklist in the terminal.

pub mod aggregate;
pub mod carry;
pub mod catalog;
pub mod check;
pub mod cli;
pub mod clock;
pub mod cmd;
pub mod date;
pub mod diff;
pub mod figure;
pub mod file_error;
pub mod fiscal;
pub mod lang;
pub mod organization;
mod output;
pub mod report;
pub mod ron;
pub mod safe_text;
pub mod score;
pub mod seal;
pub mod sheet;
pub mod store;
pub mod tui;
pub mod xlsx;
