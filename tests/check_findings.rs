//! Issue 12: what `tenken check` must find on a sheet about to be handed in.

use tenken::catalog::{Catalog, Edition};
use tenken::check::{Finding, findings};
use tenken::store;

fn parse(answers: &str) -> tenken::sheet::Sheet {
    store::parse_sheet(
        &format!(
            r#"(format: 1, catalog: (id: "juki-municipal", revision: "H19"), organization: "例市",
                fiscal_year: 2026, profile: {{ "important_room": false }}, answers: {{ {answers} }})"#
        ),
        "check.ron",
    )
    .unwrap()
}

#[test]
fn an_empty_sheet_is_not_problem_free() {
    let catalog = Catalog::builtin(Edition::Municipal);
    let f = findings(catalog, &parse(""));
    let unanswered = f
        .iter()
        .find_map(|x| match x {
            Finding::Unanswered(ids) => Some(ids.clone()),
            _ => None,
        })
        .expect("unanswered items are a finding");
    // 126 items, 7-1..7-5 excluded by the profile.
    assert_eq!(unanswered.len(), 121);
    assert_eq!(unanswered[0], "1-1");
    assert!(!unanswered.contains(&"7-1".to_string()));
}

#[test]
fn unconfirmed_drafts_are_not_also_unanswered() {
    let catalog = Catalog::builtin(Edition::Municipal);
    let f = findings(
        catalog,
        &parse(r#""1-1": (score: 3, unconfirmed: true), "1-2": (score: 3)"#),
    );
    let unanswered = f
        .iter()
        .find_map(|x| match x {
            Finding::Unanswered(ids) => Some(ids.clone()),
            _ => None,
        })
        .unwrap();
    assert_eq!(unanswered.len(), 119);
    assert!(!unanswered.contains(&"1-1".to_string()));
    assert!(
        f.iter()
            .any(|x| matches!(x, Finding::Unconfirmed(ids) if ids == &["1-1"]))
    );
}

#[test]
fn check_command_fails_an_empty_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("empty.ron");
    std::fs::write(&path, store::to_ron(&parse(""))).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tenken"))
        .args(["check"])
        .arg(&path)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(!stdout.contains("問題なし"), "{stdout}");
    assert!(stdout.contains("未回答"), "{stdout}");
}
