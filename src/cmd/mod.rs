//! One module per subcommand family; each returns an exit code or an error message.

pub mod catalog;
pub mod open;
