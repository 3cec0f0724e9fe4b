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

/// Markup a sheet can carry into Markdown: raw HTML that runs in renderers that keep it, and
/// links and images that point where the sheet says.
const MARKUP: &str = "<img src=x onerror=alert(1)><script>alert(2)</script>[x](javascript:alert(3)) ![i](http://e.invalid/x.png) <http://e.invalid> A&B";

/// A sheet whose every free-text field holds [`MARKUP`], at `path`.
fn hostile_sheet(path: &std::path::Path, src: &str) {
    let mut sheet: Sheet = ron_options().from_str(src).unwrap();
    sheet.organization = format!("例市{MARKUP}");
    sheet.respondent = MARKUP.into();
    sheet.inspector = MARKUP.into();
    sheet.approver = MARKUP.into();
    sheet.inspected_on = MARKUP.into();
    for id in ["1-1", "2-3"] {
        let a = sheet
            .answers
            .entry(id.into())
            .or_insert_with(|| tenken::sheet::Answer::new(tenken::sheet::Score::NotInPlace));
        a.score = tenken::sheet::Score::NotInPlace;
        a.comment = MARKUP.into();
        a.evidence = MARKUP.into();
        a.plan = Some(tenken::sheet::Plan {
            action: MARKUP.into(),
            owner: MARKUP.into(),
            due: MARKUP.into(),
            ..Default::default()
        });
    }
    std::fs::write(path, tenken::store::to_ron(&sheet)).unwrap();
}

#[test]
fn markdown_outputs_escape_html_and_links_from_sheets() {
    use crate::util::cli::{p, tenken};
    use crate::util::fixture::PREVIOUS_SHEET;
    let dir = tempfile::tempdir().unwrap();
    let (r7, r8) = (dir.path().join("r7.ron"), dir.path().join("r8.ron"));
    hostile_sheet(&r7, PREVIOUS_SHEET);
    hostile_sheet(&r8, SHEET);
    for args in [
        vec!["report", p(&r8), "--format", "md"],
        vec!["aggregate", p(&r7), p(&r8), "--format", "md"],
        vec!["diff", p(&r7), p(&r8), "--format", "md"],
    ] {
        let o = tenken(&args);
        assert!(o.status.success(), "{args:?}: {o:?}");
        let md = String::from_utf8(o.stdout).unwrap();
        for raw in ["<img", "<script", "<http", "A&B"] {
            assert!(!md.contains(raw), "{args:?} passes {raw:?} raw:\n{md}");
        }
        // No link or image: every `]` before a `(` is escaped.
        assert!(
            !md.replace("\\]", "").contains("]("),
            "{args:?} passes a link:\n{md}"
        );
        // The text is still there, as a renderer will show it.
        assert!(
            md.contains("&lt;script&gt;alert(2)&lt;/script&gt;\\[x\\](javascript:alert(3))"),
            "{args:?}:\n{md}"
        );
        assert!(md.contains("A&amp;B"), "{args:?}:\n{md}");
    }
}
