//! Issue 11: what the commands read and write, as a person (or a hostile colleague) finds it:
//! `-o` outputs, inputs that are not regular files, and saving impossible from the start.

use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use crate::util::cli::{p, stderr, tenken};

fn new_sheet(path: &Path, org: &str) {
    let o = tenken(&["new", p(path), "--organization", org, "--fiscal-year", "R7"]);
    assert!(o.status.success(), "{}", stderr(&o));
}

/// Issue 11.7: `-o` never overwrites an answer sheet, also one this tenken cannot read
/// (a newer format, a syntax error, over 16 MiB): sheets are recognised by their content.
#[test]
fn output_never_overwrites_a_sheet_this_tenken_cannot_read() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.ron");
    new_sheet(&a, "甲市");
    let good = fs::read_to_string(&a).unwrap();
    let cases = [
        ("format2.ron", good.replace("format: 1", "format: 2")),
        ("syntax.ron", good.replacen("answers", "answers: {{{", 1)),
        (
            "huge.ron",
            good.replacen(
                "respondent: \"\"",
                &format!("respondent: \"{}\"", "x".repeat(17 * 1024 * 1024)),
                1,
            ),
        ),
    ];
    for (name, text) in cases {
        let target = dir.path().join(name);
        fs::write(&target, &text).unwrap();
        for cmd in [
            // `--format`: the `.ron` extension alone is refused before the file is looked at
            // (`an_extension_tenken_does_not_write_is_refused`); the store refuses it whatever
            // the format.
            vec!["report", p(&a), "--format", "text", "-o", p(&target)],
            vec!["aggregate", p(&a), "--format", "text", "-o", p(&target)],
            vec!["diff", p(&a), p(&a), "--format", "text", "-o", p(&target)],
        ] {
            let o = tenken(&cmd);
            assert!(!o.status.success(), "{name} {cmd:?}");
            assert!(
                stderr(&o).contains("回答シートです"),
                "{name}: {}",
                stderr(&o)
            );
            assert!(
                fs::read_to_string(&target).unwrap() == text,
                "{name} {cmd:?}"
            );
        }
    }
}

/// Issue 22.1: a sheet is recognised by its whole text, not by its first 64 KiB or by a field
/// name directly followed by `:`. Two sheets `check` reads: one written by a script that sorts
/// its fields (`answers` first, so `format` and `catalog` come after 64 KiB of answers), and one
/// with a comment between a field name and its colon. `-o` must refuse both.
#[test]
fn output_never_overwrites_a_sheet_with_its_fields_late_or_commented() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.ron");
    new_sheet(&a, "甲市");
    let good = fs::read_to_string(&a).unwrap();
    let sorted = format!(
        "(\n    answers: {{\n        \"1-1\": (score: 3, comment: \"{}\"),\n    }},\n    \
         catalog: (id: \"juki-municipal\", revision: \"H19\"),\n    \
         created: \"2026-12-04T10:04:34Z\",\n    fiscal_year: 2025,\n    format: 1,\n    \
         organization: \"甲市\",\n    profile: {{}},\n    respondent: \"\",\n    \
         updated: \"2026-12-04T10:04:34Z\",\n)\n",
        "あ".repeat(28_000)
    );
    assert!(sorted.find("format:").unwrap() > 64 * 1024);
    let cases = [
        ("sorted.ron", sorted),
        (
            "commented.ron",
            good.replace("format: 1", "format /* v1 */ : 1")
                .replace("catalog:", "catalog // which one\n    :"),
        ),
    ];
    for (name, text) in cases {
        let target = dir.path().join(name);
        fs::write(&target, &text).unwrap();
        // tenken itself reads it as a sheet: findings (1), not an unusable file (2).
        let o = tenken(&["check", p(&target)]);
        assert_eq!(o.status.code(), Some(1), "{name}: {}", stderr(&o));
        for cmd in [
            // `--format`: the `.ron` extension alone is refused before the file is looked at
            // (`an_extension_tenken_does_not_write_is_refused`); the store refuses it whatever
            // the format.
            vec!["report", p(&a), "--format", "text", "-o", p(&target)],
            vec!["aggregate", p(&a), "--format", "text", "-o", p(&target)],
            vec!["diff", p(&a), p(&a), "--format", "text", "-o", p(&target)],
        ] {
            let o = tenken(&cmd);
            assert!(!o.status.success(), "{name} {cmd:?}");
            assert!(
                stderr(&o).contains("回答シートです"),
                "{name}: {}",
                stderr(&o)
            );
            assert!(
                fs::read_to_string(&target).unwrap() == text,
                "{name} {cmd:?}: overwritten"
            );
        }
    }
}

/// Issue 22.9: a new `-o` output gets the mode the umask allows, as any program's file does:
/// under `umask 077` the text, CSV, workbook and diff outputs (a municipality's weaknesses and
/// plans) are readable by their owner only; under `umask 022` they stay 0644.
#[test]
fn new_outputs_follow_the_umask() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.ron");
    new_sheet(&a, "甲市");
    for (umask, want) in [("077", 0o600), ("022", 0o644)] {
        for (out, args) in [
            ("r.txt", vec!["report", p(&a)]),
            ("r.csv", vec!["report", p(&a), "--format", "csv"]),
            ("r.xlsx", vec!["report", p(&a), "--format", "xlsx"]),
            ("d.txt", vec!["diff", p(&a), p(&a)]),
            ("g.txt", vec!["aggregate", p(&a)]),
        ] {
            let out = dir.path().join(format!("{umask}-{out}"));
            let o = Command::new("sh")
                .arg("-c")
                .arg(format!("umask {umask}; exec \"$0\" \"$@\""))
                .arg(env!("CARGO_BIN_EXE_tenken"))
                .args(&args)
                .arg("-o")
                .arg(&out)
                .output()
                .unwrap();
            assert!(o.status.success(), "{args:?}: {}", stderr(&o));
            let mode = fs::metadata(&out).unwrap().permissions().mode() & 0o7777;
            assert_eq!(mode, want, "umask {umask} {args:?}: {mode:o}");
        }
    }
}

/// Issue 11.12: `-o` never follows a symbolic link planted where the output goes.
#[test]
fn output_never_follows_a_planted_link() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.ron");
    new_sheet(&a, "甲市");
    let victim = dir.path().join("victim.txt");
    fs::write(&victim, "precious").unwrap();
    let out = dir.path().join("report.txt");
    std::os::unix::fs::symlink(&victim, &out).unwrap();
    let dangling = dir.path().join("dangling.txt");
    let target = dir.path().join("created-through-link");
    std::os::unix::fs::symlink(&target, &dangling).unwrap();
    for o in [&out, &dangling] {
        let r = tenken(&["report", p(&a), "-o", p(o)]);
        assert!(!r.status.success());
        assert!(stderr(&r).contains("シンボリックリンク"), "{}", stderr(&r));
    }
    assert_eq!(fs::read_to_string(&victim).unwrap(), "precious");
    assert!(!target.exists());
    // A plain earlier report is replaced atomically; no temporary file remains.
    let plain = dir.path().join("plain.txt");
    fs::write(&plain, "old").unwrap();
    let r = tenken(&["report", p(&a), "-o", p(&plain)]);
    assert!(r.status.success(), "{}", stderr(&r));
    assert!(fs::read_to_string(&plain).unwrap().contains("甲市"));
    let hidden: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".tmp")
        })
        .collect();
    assert!(hidden.is_empty());
}

/// Issue 11.14: a FIFO named like a sheet does not hang `check`, `diff` or `aggregate`, and
/// `--catalog /dev/zero` is refused at once.
#[test]
fn a_fifo_or_a_device_hangs_no_command() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.ron");
    new_sheet(&a, "甲市");
    let fifo = dir.path().join("x.ron");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let start = Instant::now();
    for cmd in [
        vec!["check", p(&fifo)],
        vec!["diff", p(&a), p(&fifo)],
        vec!["aggregate", p(dir.path())],
        vec!["--catalog", "/dev/zero", "check", p(&a)],
    ] {
        let o = tenken(&cmd);
        let e = stderr(&o);
        // aggregate skips the file (it lists skipped files on stderr).
        assert!(
            e.contains("FIFO") || e.contains("デバイス") || e.contains("1 件は読めずに除外"),
            "{cmd:?}: {e}"
        );
    }
    assert!(start.elapsed() < Duration::from_secs(20));
}

/// Issue 18: `new --from` reads a table (CSV, workbook) through the same bounded reader as
/// every other input: a FIFO is refused at once instead of waiting for a writer, and a device
/// (here `/dev/zero` behind a `.csv` link) is refused instead of read until memory runs out.
#[test]
fn new_from_a_fifo_or_a_device_table_is_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let fifo_csv = dir.path().join("last.csv");
    let fifo_xlsx = dir.path().join("last.xlsx");
    for f in [&fifo_csv, &fifo_xlsx] {
        assert!(Command::new("mkfifo").arg(f).status().unwrap().success());
    }
    let zero_csv = dir.path().join("zero.csv");
    std::os::unix::fs::symlink("/dev/zero", &zero_csv).unwrap();
    for (from, words) in [
        (&fifo_csv, "FIFO"),
        (&fifo_xlsx, "FIFO"),
        (&zero_csv, "device"),
    ] {
        let new = dir.path().join("new.ron");
        let mut child = Command::new(env!("CARGO_BIN_EXE_tenken"))
            .args(["--lang", "en", "new", p(&new), "--from", p(from)])
            .args(["--organization", "甲市", "--fiscal-year", "R8"])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let start = Instant::now();
        while child.try_wait().unwrap().is_none() {
            if start.elapsed() > Duration::from_secs(10) {
                let _ = child.kill();
                let _ = child.wait();
                panic!("new --from {} hangs", from.display());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let o = child.wait_with_output().unwrap();
        let e = stderr(&o);
        assert!(!o.status.success(), "{}: {e}", from.display());
        assert!(e.contains(words), "{}: {e}", from.display());
        assert!(!new.exists());
    }
}

/// Issue 11.16 and 11.7, on a real full disk (a 64 KiB tmpfs, root only): `-o` leaves the old
/// file whole, `new` says nothing was written and leaves nothing, and a sheet there opens
/// read-only (the lock cannot be written) leaving no empty lock file.
#[test]
#[ignore = "needs root: mounts a 64 KiB tmpfs"]
fn a_full_disk_leaves_whole_files_and_no_empty_lock() {
    crate::util::require_root();
    let dir = tempfile::tempdir().unwrap();
    let mnt = dir.path().join("mnt");
    fs::create_dir(&mnt).unwrap();
    let ok = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=64k", "tmpfs", p(&mnt)])
        .status()
        .is_ok_and(|s| s.success());
    assert!(ok, "mount -t tmpfs failed");
    struct Unmount<'a>(&'a Path);
    impl Drop for Unmount<'_> {
        fn drop(&mut self) {
            let _ = Command::new("umount").arg(self.0).status();
        }
    }
    let _unmount = Unmount(&mnt);
    let a = dir.path().join("a.ron");
    new_sheet(&a, "甲市");
    let sheet = mnt.join("s.ron");
    fs::copy(&a, &sheet).unwrap();
    let report = mnt.join("report.txt");
    fs::write(&report, "old report").unwrap();
    let big = mnt.join("big.ron");
    let text = fs::read_to_string(&a).unwrap().replacen(
        "respondent: \"\"",
        &format!("respondent: \"{}\"", "総".repeat(8000)),
        1,
    );
    fs::write(&big, text).unwrap();
    // Fill the disk.
    let filler = mnt.join("filler");
    let mut f = fs::File::create(&filler).unwrap();
    let chunk = vec![b'x'; 4096];
    while std::io::Write::write_all(&mut f, &chunk).is_ok() {}
    drop(f);
    let o = tenken(&["report", p(&a), "--format", "md", "-o", p(&report)]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("元のファイルは変更されていません"),
        "{}",
        stderr(&o)
    );
    assert_eq!(fs::read_to_string(&report).unwrap(), "old report");
    let fresh = mnt.join("new.ron");
    let o = tenken(&[
        "new",
        p(&fresh),
        "--organization",
        "乙町",
        "--fiscal-year",
        "R7",
    ]);
    assert!(!o.status.success());
    assert!(
        !stderr(&o).contains("previous file is unchanged"),
        "{}",
        stderr(&o)
    );
    // In Japanese by default, the OS error too.
    assert!(
        stderr(&o).contains("ディスクの空きがありません")
            && stderr(&o).contains("何も書き込んでいません"),
        "{}",
        stderr(&o)
    );
    assert!(!fresh.exists());
    match tenken::store::lock_sheet(&sheet) {
        Err(tenken::store::LockError::Unusable(e)) => {
            assert!(e.to_string().contains("No space left"), "{e}")
        }
        other => panic!("expected Unusable, got {other:?}"),
    }
    // Room for the small lock file but not for a save of the 24 KB sheet: the probe at
    // opening says so (the interview then opens read-only), and leaves nothing.
    let filler_len = fs::metadata(&filler).unwrap().len();
    fs::OpenOptions::new()
        .write(true)
        .open(&filler)
        .unwrap()
        .set_len(filler_len - 8192)
        .unwrap();
    let mut file = tenken::store::SheetFile::open(&big).unwrap();
    let loaded = file.load().unwrap();
    let lock = tenken::store::lock_file(&mut file).unwrap();
    let e = file.probe_save(&loaded).unwrap_err();
    assert!(e.to_string().contains("No space left"), "{e}");
    drop(lock);
    drop(file);
    let listing = || {
        let mut left: Vec<String> = fs::read_dir(&mnt)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        left
    };
    assert_eq!(listing(), ["big.ron", "filler", "report.txt", "s.ron"]);
    // Issue 23.1: the interview waits for the disk after its first frame, and reads no key
    // before: it still opens this sheet read-only saying why, a key typed at once changes
    // nothing, and no lock file is left while it runs or after.
    let before = fs::read(&big).unwrap();
    let mut s = crate::util::pty::Pty::spawn_on(
        crate::util::pty::tenken(&mnt, &["big.ron"]),
        crate::util::emulator::Emulator::new(80, 24, false, true),
    );
    s.send_raw("3");
    s.wait_for("保存できない場所");
    s.settle();
    assert_eq!(listing(), ["big.ron", "filler", "report.txt", "s.ron"]);
    s.send("\r3");
    s.send("q");
    let (_, status) = s.wait_exit();
    assert!(!s.text().contains("保存しました"), "{}", s.tail());
    assert!(status.success(), "{}", s.tail());
    assert_eq!(fs::read(&big).unwrap(), before);
    assert_eq!(listing(), ["big.ron", "filler", "report.txt", "s.ron"]);
}

/// Issue 11.16: a read-only mount opens read-only with the reason and makes no lock file.
#[test]
#[ignore = "needs root: makes a read-only bind mount"]
fn a_read_only_mount_opens_read_only() {
    crate::util::require_root();
    let dir = tempfile::tempdir().unwrap();
    let mnt = dir.path().join("ro");
    fs::create_dir(&mnt).unwrap();
    let a = mnt.join("a.ron");
    new_sheet(&a, "甲市");
    let ok = Command::new("mount")
        .args(["--bind", "-o", "ro", p(&mnt), p(&mnt)])
        .status()
        .is_ok_and(|s| s.success())
        && Command::new("mount")
            .args(["-o", "remount,bind,ro", p(&mnt)])
            .status()
            .is_ok_and(|s| s.success());
    struct Unmount<'a>(&'a Path);
    impl Drop for Unmount<'_> {
        fn drop(&mut self) {
            let _ = Command::new("umount").arg(self.0).status();
        }
    }
    let _unmount = Unmount(&mnt);
    assert!(
        ok && fs::write(mnt.join("probe"), "").is_err(),
        "cannot make a read-only bind mount"
    );
    match tenken::store::lock_sheet(&a) {
        Err(tenken::store::LockError::Unusable(e)) => {
            assert!(e.to_string().contains("Read-only file system"), "{e}")
        }
        other => panic!("expected Unusable, got {other:?}"),
    }
    assert_eq!(fs::read_dir(&mnt).unwrap().count(), 1);
}

/// Issue 11.5: `new` (create-only) works on a filesystem without hard links — a loop-mounted
/// vfat image (root and mkfs.vfat only) — and still never overwrites; the sheet there also
/// locks and saves.
#[test]
#[ignore = "needs root: loop-mounts vfat, or exFAT through FUSE (Debian's exfatprogs and exfat-fuse)"]
fn new_works_on_vfat_without_hard_links() {
    crate::util::require_root();
    let dir = tempfile::tempdir().unwrap();
    let mounted = NoHardLinks::mount(dir.path()).expect(
        "neither vfat (kernel, mkfs.vfat) nor exFAT (mkfs.exfat, losetup, mount.exfat-fuse) can be \
         mounted here: apt-get install exfatprogs exfat-fuse",
    );
    let mnt = mounted.mnt.clone();
    let probe = mnt.join("probe");
    fs::write(&probe, b"x").unwrap();
    assert!(
        fs::hard_link(&probe, mnt.join("probe2")).is_err(),
        "{}: the test filesystem must refuse hard links",
        mounted.kind
    );
    fs::remove_file(&probe).unwrap();
    let sheet = mnt.join("s.ron");
    new_sheet(&sheet, "甲市");
    assert!(tenken::store::load_sheet(&sheet).is_ok());
    let o = tenken(&[
        "new",
        p(&sheet),
        "--organization",
        "乙町",
        "--fiscal-year",
        "R7",
    ]);
    assert!(!o.status.success());
    assert_eq!(
        tenken::store::load_sheet(&sheet).unwrap().organization,
        "甲市"
    );
    let mut file = tenken::store::SheetFile::open(&sheet).unwrap();
    let mut s = file.load().unwrap();
    let lock = tenken::store::lock_file(&mut file).unwrap();
    s.respondent = "総務課".into();
    file.save(&s).unwrap();
    drop(lock);
    assert_eq!(
        tenken::store::load_sheet(&sheet).unwrap().respondent,
        "総務課"
    );
    // The sheet's old file, replaced by the save, is still open through `file`: exFAT under
    // FUSE shows it as `.fuse_hidden…` until the close reaches the FUSE daemon, which happens
    // after `close` returns (a full suite under load saw it). Closed, it must go within 5 s.
    drop(file);
    let listing = || -> Vec<String> {
        fs::read_dir(&mnt)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect()
    };
    let start = std::time::Instant::now();
    while listing() != ["s.ron"] && start.elapsed() < std::time::Duration::from_secs(5) {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert_eq!(listing(), ["s.ron"]);
}

/// A filesystem without hard links, loop-mounted from an image in `dir`: vfat through the
/// kernel, or exFAT through FUSE (exfat-fuse) where the kernel has no vfat. Unmounted (and the
/// loop device detached) when dropped.
struct NoHardLinks {
    mnt: std::path::PathBuf,
    kind: &'static str,
    loop_device: Option<String>,
}

impl NoHardLinks {
    fn mount(dir: &Path) -> Option<NoHardLinks> {
        let ok = |c: &mut Command| c.output().is_ok_and(|o| o.status.success());
        let mnt = dir.join("mnt");
        fs::create_dir(&mnt).unwrap();
        let image = dir.join("fs.img");
        let sized = |image: &Path| {
            fs::File::create(image)
                .unwrap()
                .set_len(16 * 1024 * 1024)
                .unwrap()
        };
        sized(&image);
        if ok(Command::new("mkfs.vfat").arg(&image))
            && ok(Command::new("mount").args(["-o", "loop", p(&image), p(&mnt)]))
        {
            return Some(NoHardLinks {
                mnt,
                kind: "vfat",
                loop_device: None,
            });
        }
        sized(&image);
        if !ok(Command::new("mkfs.exfat").arg(&image)) {
            return None;
        }
        let attached = Command::new("losetup")
            .args(["-f", "--show", p(&image)])
            .output()
            .ok()
            .filter(|o| o.status.success())?;
        let device = String::from_utf8_lossy(&attached.stdout).trim().to_string();
        let mounted = NoHardLinks {
            mnt,
            kind: "exfat (FUSE)",
            loop_device: Some(device.clone()),
        };
        ok(Command::new("mount.exfat-fuse").args([device.as_str(), p(&mounted.mnt)]))
            .then_some(mounted)
    }
}

impl Drop for NoHardLinks {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.mnt).output();
        if let Some(device) = &self.loop_device {
            let _ = Command::new("losetup").args(["-d", device]).output();
        }
    }
}

/// Issue 19.3: without `--format`, `report`, `aggregate` and `diff` write what `-o`'s
/// extension names (a `.xlsx` holding text was written with exit 0, and Excel refused it).
#[test]
fn output_follows_the_extension_of_o() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.ron");
    let b = dir.path().join("b.ron");
    new_sheet(&a, "甲市");
    new_sheet(&b, "甲市");
    let commands: [&[&str]; 3] = [
        &["report", p(&a)],
        &["aggregate", p(&a)],
        &["diff", p(&a), p(&b)],
    ];
    for args in commands {
        for ext in ["xlsx", "csv", "json", "md", "txt", "XLSX"] {
            let out = dir.path().join(format!("{}.{ext}", args[0]));
            let mut all = args.to_vec();
            all.extend(["-o", p(&out)]);
            let o = tenken(&all);
            assert!(o.status.success(), "{all:?}: {}", stderr(&o));
            let bytes = fs::read(&out).unwrap();
            let what = format!("{all:?}");
            match ext {
                "xlsx" | "XLSX" => {
                    assert!(bytes.starts_with(b"PK"), "{what}: not a workbook");
                    assert!(!crate::util::xlsx::sheet_names(&out).is_empty(), "{what}");
                }
                "csv" => assert!(bytes.starts_with("\u{feff}".as_bytes()), "{what}: no BOM"),
                "json" => {
                    serde_json::from_slice::<serde_json::Value>(&bytes)
                        .unwrap_or_else(|e| panic!("{what}: {e}"));
                }
                "md" => assert!(String::from_utf8(bytes).unwrap().starts_with('#'), "{what}"),
                _ => {
                    let s = String::from_utf8(bytes).unwrap();
                    assert!(!s.starts_with('#') && !s.starts_with('{'), "{what}: {s}");
                }
            }
        }
    }
    // An extension tenken has no format for takes --format (refused without it:
    // `an_extension_tenken_does_not_write_is_refused`).
    let o = tenken(&[
        "report",
        p(&a),
        "--format",
        "text",
        "-o",
        p(&dir.path().join("r.out")),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        fs::read_to_string(dir.path().join("r.out"))
            .unwrap()
            .contains("甲市")
    );
}

/// The commands that take `-o` (`report`, `aggregate`, `diff`) on the sheet `sheet`, in
/// `lang`, each followed by `tail`.
fn every_o_command<'a>(lang: &'a str, sheet: &'a str, tail: &[&'a str]) -> Vec<Vec<&'a str>> {
    [
        &["report", sheet][..],
        &["aggregate", sheet],
        &["diff", sheet, sheet],
    ]
    .iter()
    .map(|cmd| {
        let mut all = vec!["--lang", lang];
        all.extend_from_slice(cmd);
        all.extend_from_slice(tail);
        all
    })
    .collect()
}

/// Issue 19.3: a `--format` that `-o`'s extension contradicts is refused, in the interface
/// language, and nothing is written; a matching one (and text in a .md) is fine.
#[test]
fn format_contradicting_the_extension_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.ron");
    new_sheet(&a, "甲市");
    let x = dir.path().join("x.xlsx");
    for (lang, words) in [("ja", "食い違っています"), ("en", "contradicts")] {
        for all in every_o_command(lang, p(&a), &["--format", "text", "-o", p(&x)]) {
            let o = tenken(&all);
            assert!(!o.status.success(), "{all:?}");
            assert!(stderr(&o).contains(words), "{all:?}: {}", stderr(&o));
            assert!(stderr(&o).contains("xlsx"), "{}", stderr(&o));
            assert!(!x.exists());
        }
    }
    let o = tenken(&["report", p(&a), "--format", "csv", "-o", p(&x)]);
    assert!(!o.status.success());
    let o = tenken(&["report", p(&a), "--format", "xlsx", "-o", p(&x)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let md = dir.path().join("r.md");
    let o = tenken(&["report", p(&a), "--format", "text", "-o", p(&md)]);
    assert!(o.status.success(), "{}", stderr(&o));
}

/// `report SHEET -o x.pdf` wrote plain text into a file named `.pdf` and exited 0. An `-o`
/// whose extension names no format tenken writes is refused without `--format` by `report`,
/// `aggregate` and `diff` alike — a usage error (status 2) in the interface language that
/// names the formats tenken writes — and nothing is written. `--format` writes under any
/// name (the user said which), and a name without an extension is text, as before.
#[test]
fn an_extension_tenken_does_not_write_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.ron");
    new_sheet(&a, "甲市");
    let names = |dir: &Path| -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    };
    let before = names(dir.path());
    for ext in [
        "pdf", "PDF", "docx", "doc", "xls", "xlsm", "ods", "odt", "html", "htm", "out",
    ] {
        let x = dir.path().join(format!("x.{ext}"));
        for (lang, words) in [
            ("ja", "書ける形式ではありません"),
            ("en", "not a format tenken writes"),
        ] {
            for all in every_o_command(lang, p(&a), &["-o", p(&x)]) {
                let o = tenken(&all);
                let said = stderr(&o);
                assert_eq!(o.status.code(), Some(2), "{all:?}: {said}");
                assert!(said.contains(words), "{all:?}: {said}");
                assert!(said.contains(&format!("x.{ext}")), "{all:?}: {said}");
                for written in [".txt", ".md", ".csv", ".json", ".xlsx", "--format"] {
                    assert!(said.contains(written), "{all:?}: {said}");
                }
                assert_eq!(names(dir.path()), before, "{all:?}: nothing is written");
            }
        }
    }
    // With --format, any name: the format asked for.
    let pdf = dir.path().join("r.pdf");
    let o = tenken(&["report", p(&a), "--format", "json", "-o", p(&pdf)]);
    assert!(o.status.success(), "{}", stderr(&o));
    serde_json::from_slice::<serde_json::Value>(&fs::read(&pdf).unwrap()).unwrap();
    // No extension: text.
    let plain = dir.path().join("report");
    let o = tenken(&["report", p(&a), "-o", p(&plain)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(fs::read_to_string(&plain).unwrap().contains("甲市"));
}

/// A workbook or CSV table given where an answer sheet is wanted (`check`, `report`, `diff`;
/// `open` reads it through the same loader) is said to be a table, with what to do with one — not "binary data" or a RON
/// syntax error at `項目`.
#[test]
fn a_table_given_as_an_answer_sheet_is_named_a_table() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = dir.path().join("r8.ron");
    new_sheet(&sheet, "あおば市");
    let book = dir.path().join("r8.xlsx");
    let csv = dir.path().join("r8.csv");
    for (format, to) in [("xlsx", &book), ("csv", &csv)] {
        let o = tenken(&["report", p(&sheet), "--format", format, "-o", p(to)]);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    for table in [&book, &csv] {
        for args in [
            vec!["check", p(table)],
            vec!["report", p(table)],
            vec!["diff", p(&sheet), p(table)],
        ] {
            let o = tenken(&args);
            let err = stderr(&o);
            assert!(!o.status.success(), "{args:?}");
            assert!(
                err.contains("回答シートではなく表")
                    && err.contains("new")
                    && err.contains("--from"),
                "{args:?}: {err}"
            );
        }
        let o = tenken(&["--lang", "en", "check", p(table)]);
        assert!(
            stderr(&o).contains("a table (a workbook or CSV), not an answer sheet"),
            "{}",
            stderr(&o)
        );
    }
    // A sheet named .csv is still a sheet.
    let named = dir.path().join("sheet.csv");
    fs::copy(&sheet, &named).unwrap();
    let o = tenken(&["report", p(&named)]);
    assert!(o.status.success(), "{}", stderr(&o));
}

/// A new answer sheet is not made under a table's name (`new r8.csv`, or `open r8.csv` of a
/// file not there yet): it was written as RON, read by check and report, and then taken by
/// `aggregate` for a table it could not read.
#[test]
fn a_new_sheet_is_not_made_under_a_tables_name() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["r8.csv", "r8.xlsx"] {
        let path = dir.path().join(name);
        for args in [
            vec![
                "new",
                p(&path),
                "--organization",
                "あおば市",
                "--fiscal-year",
                "R8",
            ],
            vec!["open", p(&path)],
        ] {
            let o = tenken(&args);
            assert_eq!(o.status.code(), Some(1), "{args:?}");
            assert!(stderr(&o).contains(".ron"), "{args:?}: {}", stderr(&o));
            assert!(!path.exists(), "{args:?}");
        }
    }
}
