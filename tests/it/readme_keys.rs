//! The README's key table is the key table: this test fails (and prints the table to paste)
//! when they differ.

use tenken::text::Lang;
use tenken::tui::keymap::BINDINGS;

fn table() -> String {
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
fn readme_key_table_is_generated_from_the_keymap() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let table = table();
    assert!(
        readme.contains(&table),
        "README.md key table is out of date; paste this:\n\n{table}"
    );
}
