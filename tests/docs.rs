//! The documents that describe the code cannot go stale: the user guide's key table is the
//! program's key table (this test fails, and prints the table to paste, when they differ).

use std::path::Path;

use tenken::text::Lang;
use tenken::tui::keymap::BINDINGS;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn read(file: &str) -> String {
    std::fs::read_to_string(Path::new(ROOT).join(file))
        .unwrap_or_else(|e| panic!("cannot read {file}: {e}"))
}

/// The key table as docs/guide.md shows it.
fn key_table() -> String {
    let mut out = String::from("| keys | 日本語 | English |\n|---|---|---|\n");
    for b in BINDINGS {
        let keys = b
            .label
            .split(' ')
            .map(|k| format!("`{k}`"))
            .collect::<Vec<_>>()
            .join(" ");
        out.push_str(&format!(
            "| {keys} | {} | {} |\n",
            b.describe(Lang::Ja),
            b.describe(Lang::En)
        ));
    }
    out
}

#[test]
fn the_guide_key_table_is_generated_from_the_keymap() {
    let guide = read("docs/guide.md");
    let table = key_table();
    assert!(
        guide.contains(&table),
        "docs/guide.md key table is out of date; paste this:\n\n{table}"
    );
}
