//! Text from a sheet in machine-readable output: JSON escapes C1 and bidirectional controls
//! (serde_json leaves them raw), so JSON shown in a terminal cannot drive it.

use std::process::Command;

use crate::util::fixture::SHEET;
use tenken::ron::ron_options;
use tenken::sheet::Sheet;

#[test]
fn json_report_escapes_c1_and_bidi_controls() {
    let dir = tempfile::tempdir().unwrap();
    let mut sheet: Sheet = ron_options().from_str(SHEET).unwrap();
    sheet.organization = "a\u{9b}2Jb\u{85}c\u{202E}d\u{1b}[31m".into();
    let path = dir.path().join("s.ron");
    std::fs::write(&path, tenken::store::to_ron(&sheet)).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_tenken"))
        .args(["report", "--format", "json"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    for raw in ['\u{9b}', '\u{85}', '\u{202E}', '\u{1b}'] {
        assert!(!text.contains(raw), "raw U+{:04X}", raw as u32);
    }
    assert!(
        text.contains(r"a\u009b2Jb\u0085c\u202ed\u001b[31m"),
        "{text}"
    );
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert!(doc.to_string().contains('\u{202E}'), "still the same text");
}
