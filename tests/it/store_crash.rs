//! `kill -9` at any moment leaves either the old or the new sheet, never a mix: a child
//! process saves versions of a large sheet in a loop and is killed at varying moments, 200
//! times.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use tenken::sheet::{CatalogRef, Score, Sheet};
use tenken::store;
use time::macros::datetime;

/// Version `n`: every answer carries `n` in a long comment, so a torn file cannot pass as whole.
fn version(n: u32) -> Sheet {
    let mut s = Sheet::new(
        CatalogRef {
            id: "juki-municipal".into(),
            revision: "H19".into(),
        },
        &format!("v{n}"),
        tenken::fiscal::FiscalYear(2026),
        datetime!(2026-11-25 10:00 +9),
    );
    for i in 0..200 {
        let id = format!("{}-{}", i / 5 + 1, i % 5 + 1);
        s.set_score(&id, Score::Documented, datetime!(2026-11-25 10:00 +9));
        s.answers.get_mut(&id).unwrap().comment = format!("版{n} ").repeat(60);
    }
    s
}

#[test]
#[ignore = "helper process for kill_9_leaves_the_old_or_the_new_file"]
fn helper_save_versions_forever() {
    let Ok(path) = std::env::var("TENKEN_CRASH_FILE") else {
        return;
    };
    // A slow disk: the write takes a while, so most kills land in the middle of it.
    let mut slow = |f: &mut std::fs::File, bytes: &[u8]| {
        for chunk in bytes.chunks(8 * 1024) {
            std::io::Write::write_all(f, chunk)?;
            std::thread::sleep(Duration::from_millis(1));
        }
        Ok(())
    };
    let base: u32 = std::env::var("TENKEN_CRASH_BASE").map_or(0, |b| b.parse().unwrap());
    for n in base + 1.. {
        store::save_sheet_with(Path::new(&path), &version(n), &mut slow).unwrap();
    }
}

#[test]
fn kill_9_leaves_the_old_or_the_new_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sheet.ron");
    store::save_sheet(&path, &version(0)).unwrap();
    let mut last = 0;
    let mut advanced = 0;
    for round in 0..200u64 {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args([
                "store_crash::helper_save_versions_forever",
                "--exact",
                "--ignored",
                "--quiet",
            ])
            .env("TENKEN_CRASH_FILE", &path)
            .env("TENKEN_CRASH_BASE", (round * 1000).to_string())
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap();
        // Kill moments sweep 5–104 ms after start: before, during and between saves.
        std::thread::sleep(Duration::from_millis(5 + (round * 13) % 100));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        let sheet = store::load_sheet(&path).expect("the sheet is whole after kill -9");
        let n: u32 = sheet.organization[1..].parse().unwrap();
        assert_eq!(sheet, version(n), "round {round}: a mix of versions");
        // Each round's child numbers its versions from round × 1000.
        if u64::from(n) > round * 1000 && n != last {
            advanced += 1;
        }
        last = n;
    }
    eprintln!("{advanced} of 200 rounds ended on a version saved in that round");
    // The kills must have landed while saves were happening, or the test proves nothing.
    assert!(
        advanced >= 20,
        "only {advanced} of 200 rounds saw a new version"
    );
}
