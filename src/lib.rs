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
mod file_error;
pub mod fiscal;
pub mod lang;
mod organization;
mod output;
pub mod report;
pub mod ron;
pub mod safe_text;
pub mod score;
pub mod seal;
pub mod sheet;
pub mod store;
pub mod tui;
mod xlsx;

/// Unit tests' table of what a text function gives: each input with the text it must give.
#[cfg(test)]
pub(crate) fn assert_gives<S: AsRef<str>>(f: impl Fn(&str) -> S, cases: &[(&str, &str)]) {
    for (input, want) in cases {
        assert_eq!(f(input).as_ref(), *want, "{input:?}");
    }
}
