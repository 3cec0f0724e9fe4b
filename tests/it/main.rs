//! The integration tests: one binary (linking the crate once), a module per area, and the
//! helpers they share in `util`.

mod util;

mod aggregate;
mod carry;
mod catalog_controls;
mod catalog_counts;
mod catalog_validation;
mod check_findings;
mod cli_ambiguous;
mod cli_commands;
mod cli_files;
mod cli_lang;
mod cli_previous;
mod cli_sheet;
mod diff;
mod diff_pairing;
mod docs;
mod e2e_form;
mod e2e_pty;
mod e2e_width;
mod fidelity;
mod hostile;
mod import;
mod lock_user;
mod messages_lang;
mod output_failures;
mod output_safety;
mod pty_input;
mod report;
mod report_details;
mod report_items;
mod scoring;
mod seal;
mod store_crash;
mod store_integrity;
mod store_load;
mod store_roundtrip_prop;
mod store_save;
mod store_shared_server;
mod tui_meeting;
mod tui_screens;
mod wire_bytes;
mod workbooks;
