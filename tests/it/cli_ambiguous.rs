//! What the commands print stays aligned on a terminal that draws ambiguous-width characters
//! two cells wide (Tera Term in Japanese/UTF-8, PuTTY's CJK option): no such character in the
//! layout of any table, heading or message the program writes itself (the sheets used here
//! hold none, so every one found would be the program's).

use std::path::Path;
use std::process::Command;

use crate::util::fixture::{PREVIOUS_SHEET, SHEET};
use tenken::tui::ambiguous::is_ambiguous;

fn run(dir: &Path, args: &[&str]) -> String {
    let o = Command::new(env!("CARGO_BIN_EXE_tenken"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[test]
fn command_output_has_no_ambiguous_width_characters() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("r8.ron"), SHEET).unwrap();
    std::fs::write(d.join("r7.ron"), PREVIOUS_SHEET).unwrap();
    for sheet in [SHEET, PREVIOUS_SHEET] {
        assert!(!sheet.chars().any(is_ambiguous), "the fixtures hold none");
    }
    let mut runs: Vec<Vec<&str>> = vec![
        vec!["--help"],
        vec!["diff", "r7.ron", "r8.ron"],
        vec!["diff", "r7.ron", "r8.ron", "--format", "md"],
        vec!["report", "r8.ron"],
        vec!["report", "r8.ron", "--format", "md"],
        vec!["aggregate", "r7.ron", "r8.ron"],
        vec!["aggregate", "r7.ron", "r8.ron", "--format", "md"],
        vec!["catalog", "list"],
        vec!["catalog", "show", "2-3"],
        vec!["check", "r8.ron"],
        // Messages too: a report refuses to overwrite a sheet, and a name of no format
        // tenken writes.
        vec!["report", "r8.ron", "--format", "text", "-o", "r7.ron"],
        vec!["report", "r8.ron", "-o", "r.pdf"],
        vec![
            "new",
            "new.ron",
            "--organization",
            "例町",
            "--fiscal-year",
            "令和8年度",
            "--respondent",
            "総務課",
            "--important-room",
            "yes",
            "--previous",
            "r7.ron",
        ],
    ];
    let with_en: Vec<Vec<&str>> = runs
        .iter()
        .map(|r| {
            let mut r = r.clone();
            r.extend(["--lang", "en"]);
            r
        })
        .collect();
    runs.extend(with_en);
    for args in runs {
        let _ = std::fs::remove_file(d.join("new.ron"));
        let out = run(d, &args);
        let found: String = out.chars().filter(|&c| is_ambiguous(c)).collect();
        assert!(
            found.is_empty(),
            "tenken {}: ambiguous-width characters {found:?} in:\n{out}",
            args.join(" ")
        );
    }
}
