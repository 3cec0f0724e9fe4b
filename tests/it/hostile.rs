//! Hostile answer sheets: a clear error or a safe load, in bounded time, never a panic.

use std::time::{Duration, Instant};

use tenken::store;

const HEAD: &str = "(format: 1, catalog: (id: \"juki-municipal\", revision: \"H19\"), organization: \"x\", fiscal_year: 2026, ";

fn parse(src: &str) -> (Result<tenken::sheet::Sheet, store::StoreError>, Duration) {
    let t = Instant::now();
    let r = store::parse_sheet(src, "hostile.ron");
    (r, t.elapsed())
}

#[test]
fn deep_nesting_is_refused_not_a_stack_overflow() {
    for depth in [1_000usize, 100_000] {
        for shape in [("[", "]"), ("(", ")"), ("{\"a\":", "}"), ("Some(", ")")] {
            let nested = format!("{}1{}", shape.0.repeat(depth), shape.1.repeat(depth));
            for src in [
                format!("{HEAD}answers: {{}}, future: {nested})"),
                format!("{HEAD}answers: {{\"1-1\": (score: 3, future: {nested})}})"),
                format!("{HEAD}answers: {nested})"),
            ] {
                let (r, took) = parse(&src);
                assert!(took < Duration::from_secs(5), "depth {depth} took {took:?}");
                if let Err(e) = &r {
                    assert!(e.line.is_some(), "{e}");
                }
                // The reading-only parse (aggregate, diff) agrees.
                let fast = store::parse_sheet_for_reading(&src, "hostile.ron");
                assert_eq!(fast.is_ok(), r.is_ok());
            }
        }
    }
}

#[test]
fn huge_strings_and_many_unknown_items_load_in_bounded_time() {
    let big = "あ".repeat(4 * 1024 * 1024); // 12 MiB of text in one comment
    let src = format!("{HEAD}answers: {{\"1-1\": (score: 3, comment: \"{big}\")}})");
    let (r, took) = parse(&src);
    assert_eq!(r.unwrap().answers["1-1"].comment.len(), big.len());
    assert!(took < Duration::from_secs(10), "{took:?}");
    let mut many = String::from(HEAD);
    many.push_str("answers: {");
    for i in 0..100_000 {
        many.push_str(&format!("\"x-{i}\": (score: 2),"));
    }
    many.push_str("})");
    let (r, took) = parse(&many);
    let sheet = r.unwrap();
    assert_eq!(sheet.answers.len(), 100_000);
    assert!(took < Duration::from_secs(10), "{took:?}");
    // Unknown items survive a round trip, and do not count anywhere.
    let text = store::to_ron(&sheet);
    assert_eq!(
        store::parse_sheet(&text, "again.ron")
            .unwrap()
            .answers
            .len(),
        100_000
    );
    let catalog = tenken::catalog::Catalog::builtin(tenken::catalog::Edition::Municipal);
    assert_eq!(
        tenken::score::score_sheet(catalog, &sheet).overall.answered,
        0
    );
}

#[test]
fn over_16_mib_nul_and_invalid_utf8_files_are_refused_with_positions() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.ron");
    let filler = format!(
        "{HEAD}answers: {{}}, pad: \"{}\")",
        "a".repeat(16 * 1024 * 1024)
    );
    std::fs::write(&path, &filler.as_bytes()[..16 * 1024 * 1024 + 1]).unwrap();
    let e = store::load_sheet(&path).unwrap_err();
    assert!(e.to_string().contains("16 MiB"), "{e}");
    std::fs::write(&path, format!("{HEAD}\n answers: {{}}\0)")).unwrap();
    let e = store::load_sheet(&path).unwrap_err();
    assert_eq!((e.line, e.col), (Some(2), Some(13)), "{e}");
    let mut bytes = format!("{HEAD}\n\n answers: {{}}, x: \"").into_bytes();
    bytes.extend_from_slice(b"\x82\xa0\")"); // Shift_JIS あ
    std::fs::write(&path, &bytes).unwrap();
    let e = store::load_sheet(&path).unwrap_err();
    assert_eq!(e.line, Some(3), "{e}");
    assert!(e.to_string().contains("UTF-8"), "{e}");
    // The file is untouched by a failed load.
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
}

#[test]
fn escape_sequences_and_bidi_controls_load_and_display_safely() {
    let nasty = "\\u{1b}[2J\\u{1b}]0;pwned\\u{7}\\u{202e}txt.exe\\u{9b}31m";
    let src = format!(
        "{HEAD}respondent: \"{nasty}\", answers: {{\"1-1\": (score: 2, comment: \"{nasty}\", evidence: \"{nasty}\", plan: Some((action: \"{nasty}\", owner: \"{nasty}\", due: \"{nasty}\")))}})"
    )
    .replace("organization: \"x\"", &format!("organization: \"{nasty}\""));
    let sheet = store::parse_sheet(&src, "nasty.ron").unwrap();
    let a = &sheet.answers["1-1"];
    let plan = a.plan.as_ref().unwrap();
    for field in [
        &sheet.organization,
        &sheet.respondent,
        &a.comment,
        &a.evidence,
        &plan.action,
        &plan.owner,
        &plan.due,
    ] {
        assert!(field.contains('\u{1b}'), "the data is kept as written");
        let shown = tenken::safe_text::sanitize_line(field);
        assert!(
            !shown.chars().any(tenken::safe_text::is_unsafe_char),
            "{shown}"
        );
        assert!(
            shown.contains("<U+001B>") && shown.contains("<U+202E>") && shown.contains("<U+009B>")
        );
    }
    // Reports show it safely too.
    let catalog = tenken::catalog::Catalog::builtin(tenken::catalog::Edition::Municipal);
    let report = tenken::report::SheetReport::build(catalog, &sheet);
    for format in [
        tenken::report::Format::Text,
        tenken::report::Format::Markdown,
    ] {
        let out = report
            .render(tenken::report::OutputOptions {
                format,
                lang: tenken::lang::Lang::Ja,
                bom: false,
            })
            .unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            !text
                .chars()
                .any(|c| c != '\n' && tenken::safe_text::is_unsafe_char(c)),
            "{text}"
        );
    }
}
