//! Any sheet, saved and loaded, is the same sheet — including unknown fields.

use std::collections::BTreeMap;

use proptest::prelude::*;
use tenken::sheet::{Answer, CatalogRef, HistoryEntry, Notes, Plan, Score, Sheet};
use tenken::store::{self, Keep};
use time::{OffsetDateTime, UtcOffset};

fn score() -> impl Strategy<Value = Score> {
    prop::sample::select(Score::ALL.to_vec())
}

fn timestamp() -> impl Strategy<Value = OffsetDateTime> {
    // Years 1970–2200, any offset RFC 3339 can write (whole minutes), with or without fractions.
    (
        0i64..7_258_118_400,
        prop_oneof![Just(0u32), 0u32..1_000_000_000],
        -(23 * 60 + 59)..=(23 * 60 + 59i32),
    )
        .prop_map(|(secs, nanos, minutes)| {
            let off = UtcOffset::from_whole_seconds(minutes * 60).unwrap();
            (OffsetDateTime::from_unix_timestamp(secs).unwrap()
                + time::Duration::nanoseconds(nanos.into()))
            .to_offset(off)
        })
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[ -~]{0,12}",
        "[ぁ-ん亜-熙「」、。\\n\\t\"\\\\]{0,12}",
    ]
}

/// Unknown fields: an identifier tenken does not know and a RON value, verbatim.
fn extra(known: &'static [&'static str]) -> impl Strategy<Value = Vec<(String, String)>> {
    let value = prop_oneof![
        any::<i32>().prop_map(|n| n.to_string()),
        any::<bool>().prop_map(|b| b.to_string()),
        text().prop_map(|s| ron::to_string(&s).unwrap()),
        prop::collection::vec(any::<u8>(), 0..4).prop_map(|v| format!("{v:?}")),
        ("[a-z]{1,5}", text())
            .prop_map(|(k, s)| format!("(k{k}: {}, n: None)", ron::to_string(&s).unwrap())),
    ];
    // Plain names, names only a raw identifier can write (`r#y-1.a+b`), and keywords.
    let name = prop_oneof![
        "x_[a-z0-9_]{0,8}",
        "y[a-z0-9_][a-z0-9_.+-]{0,6}",
        prop::sample::select(vec!["true", "None", "Some", "inf", "NaN", "r", "b"])
            .prop_map(String::from),
    ];
    prop::collection::vec((name, value), 0..3).prop_map(move |v| {
        let mut seen = Vec::<String>::new();
        v.into_iter()
            .filter(|(k, _)| {
                let fresh = !known.contains(&k.as_str()) && !seen.contains(k);
                seen.push(k.clone());
                fresh
            })
            .collect()
    })
}

fn answer() -> impl Strategy<Value = Answer> {
    (
        score(),
        text(),
        text(),
        prop::option::of((text(), text(), text(), any::<bool>())),
        any::<bool>(),
        prop::option::of(timestamp()),
        prop::collection::vec((score(), timestamp()), 0..3),
        (any::<bool>(), extra(&[])),
    )
        .prop_map(
            |(score, comment, evidence, plan, flagged, updated, history, (unconfirmed, extra))| {
                Answer {
                    score,
                    comment,
                    evidence,
                    plan: plan.map(|(action, owner, due, carried)| Plan {
                        action,
                        owner,
                        due,
                        carried,
                    }),
                    flagged,
                    updated,
                    history: history
                        .into_iter()
                        .map(|(score, at)| HistoryEntry { score, at })
                        .collect(),
                    unconfirmed,
                    extra,
                }
            },
        )
}

/// Notes written on an unanswered item (#21.3): an answer's notes, unknown fields too.
fn notes() -> impl Strategy<Value = Notes> {
    answer().prop_map(|a| Notes {
        extra: a.extra.clone(),
        ..a.notes()
    })
}

fn sheet() -> impl Strategy<Value = Sheet> {
    (
        (
            text(),
            text(),
            text(),
            tenken::fiscal::FiscalYear::PLAUSIBLE,
            text(),
        ),
        prop::collection::btree_map(text(), any::<bool>(), 0..3),
        prop::option::of(timestamp()),
        prop::option::of(timestamp()),
        (
            prop::collection::btree_map(text(), answer(), 0..6),
            prop::collection::btree_map(text(), notes(), 0..3),
        ),
        extra(&[]),
        (text(), text(), text(), any::<bool>()),
        (
            prop::sample::select(vec!["", "132063", "342084", "033031", "141500"]),
            prop::sample::select(vec!["", "東京都", "広島県", "北海道"]),
        ),
    )
        .prop_map(
            |(
                (id, revision, organization, fiscal_year, respondent),
                profile,
                created,
                updated,
                (answers, notes),
                extra,
                (inspector, approver, inspected_on, signed),
                (code, prefecture),
            )| {
                let mut sheet = Sheet {
                    format: 1,
                    catalog: CatalogRef { id, revision },
                    organization,
                    organization_code: code.to_string(),
                    prefecture: prefecture.to_string(),
                    fiscal_year,
                    respondent,
                    inspector,
                    approver,
                    inspected_on,
                    seal: String::new(),
                    profile: profile.into_iter().collect::<BTreeMap<_, _>>(),
                    created,
                    updated,
                    answers,
                    notes,
                    extra,
                };
                if signed {
                    tenken::seal::sign(&mut sheet);
                }
                sheet
            },
        )
}

proptest! {
    #[test]
    fn to_ron_then_parse_is_identity(s in sheet()) {
        let text = store::to_ron(&s);
        let back = store::parse_sheet(&text, "prop.ron").map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        prop_assert_eq!(&back, &s);
        prop_assert_eq!(&store::to_ron(&back), &text);
        // The seal's canonical form does not move across a save and a load (issue 19).
        prop_assert_eq!(tenken::seal::canonical(&back), tenken::seal::canonical(&s));
        prop_assert_eq!(tenken::seal::state(&back), tenken::seal::state(&s));
        // The reading-only parse sees the same sheet, minus the unknown fields it skips.
        let mut known = s.clone();
        known.extra.clear();
        for a in known.answers.values_mut() {
            a.extra.clear();
        }
        for n in known.notes.values_mut() {
            n.extra.clear();
        }
        let read = store::parse_sheet_for_reading(&text, "prop.ron").map_err(|e| TestCaseError::fail(format!("{e}")))?;
        prop_assert_eq!(read, known);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]
    #[test]
    fn save_then_load_is_identity(s in sheet()) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("prop.ron");
        store::save_sheet(&path, &s).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let back = store::load_sheet(&path).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(back, s);
    }
}

/// A comment: a line comment (ended by the newline that follows it) or a block comment, with
/// text that looks like RON, quotes and Japanese.
fn comment() -> impl Strategy<Value = String> {
    let body = "[ a-z\":,()\\[\\]{}#r'確認者です/]{0,12}";
    prop_oneof![
        body.prop_map(|t| format!("// {t}\n")),
        body.prop_map(|t| format!(
            "/* {} /* nested */ */",
            t.replace("*/", "").replace("/*", "")
        )),
    ]
}

/// `text` (as `to_ron` writes it) with comments inserted at line starts, line ends and
/// between every value and its comma. Every newline in `to_ron` output is structural (strings
/// escape theirs), so these positions are outside strings.
fn commented(text: &str, comments: &[Option<String>]) -> String {
    let mut out = String::new();
    let mut next = comments.iter().cycle();
    let mut pick = || next.next().cloned().flatten();
    for line in text.lines() {
        if let Some(c) = pick() {
            out.push_str(&c);
            out.push(' ');
        }
        match line.strip_suffix(',') {
            Some(body) => {
                out.push_str(body);
                if let Some(c) = pick() {
                    out.push(' ');
                    out.push_str(&c);
                }
                out.push_str(" ,");
            }
            None => out.push_str(line),
        }
        if let Some(c) = pick() {
            out.push(' ');
            out.push_str(&c);
        }
        out.push('\n');
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    /// Issue 11.1: a sheet with unknown fields, raw identifiers and comments anywhere loads as
    /// the sheet it describes, saves without fail, and loads back the same.
    #[test]
    fn a_commented_sheet_loads_saves_and_loads_the_same(
        s in sheet(),
        comments in prop::collection::vec(prop::option::weighted(0.4, comment()), 1..40),
    ) {
        let text = commented(&store::to_ron(&s), &comments);
        let loaded = store::parse_sheet(&text, "c.ron")
            .map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        prop_assert_eq!(&loaded, &s, "{}", text);
        // Issue 23.1: the fast reader skips the comments as `ron` does (the demo sheet has
        // some), and still declines unknown fields.
        fast_reads_as(&text, &without_extras(loaded.clone()), has_extras(&s))?;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.ron");
        std::fs::write(&path, &text).unwrap();
        let first = store::load_sheet(&path).map_err(|e| TestCaseError::fail(e.to_string()))?;
        store::save_sheet(&path, &first)
            .map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        let second = store::load_sheet(&path).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(second, first);
    }
}

/// Whether the sheet has fields this build does not know (which the fast reader declines).
fn has_extras(s: &Sheet) -> bool {
    !s.extra.is_empty()
        || s.answers.values().any(|a| !a.extra.is_empty())
        || s.notes.values().any(|n| !n.extra.is_empty())
}

/// The fast reader reads `text` as `full` (the full parse's sheet without unknown fields),
/// whole and keeping what counting keeps — or declines it, which it must exactly when the
/// sheet has unknown fields.
fn fast_reads_as(text: &str, full: &Sheet, has_extras: bool) -> Result<(), TestCaseError> {
    for keep in [Keep::All, Keep::Counted] {
        match store::parse_sheet_as_written(text, keep) {
            Some(fast) => {
                prop_assert!(!has_extras, "read a sheet with unknown fields:\n{}", text);
                prop_assert_eq!(fast, keep.apply(full.clone()), "{}", text);
            }
            None => prop_assert!(has_extras, "declined a sheet it must read:\n{}", text),
        }
    }
    Ok(())
}

/// The sheet without the fields this build does not know: what the reading-only parse gives.
fn without_extras(mut s: Sheet) -> Sheet {
    s.extra.clear();
    for a in s.answers.values_mut() {
        a.extra.clear();
    }
    for n in s.notes.values_mut() {
        n.extra.clear();
    }
    s
}

/// What a damaged file may have where the writer put something else: RON that the writer
/// never writes (comments, raw strings and names, other numbers, `None`, line continuations,
/// escapes in upper case), and plain breakage.
fn damage() -> impl Strategy<Value = (prop::sample::Index, u8, &'static str)> {
    let token = prop::sample::select(vec![
        "",
        " ",
        ",",
        ":",
        "(",
        ")",
        "{",
        "}",
        "[",
        "]",
        "\"",
        "\\",
        "'",
        "\n",
        "\t",
        "\u{b}",
        "// c\n",
        "/* c */",
        "r#",
        "r\"x\"",
        "Some(",
        "None",
        "0",
        "00",
        "-",
        "+1",
        "1.5",
        "0x1",
        "1_0",
        "true",
        "false",
        "x_new: 1,",
        "format: 1,",
        "\\u{1B}",
        "\\x41",
        "\\\n",
        "é",
        "\u{85}",
        "\u{FEFF}",
        "\"1-1-1\": (score: 3),",
        "history: [],",
        "plan: None,",
    ]);
    (any::<prop::sample::Index>(), 0u8..3, token)
}

/// `text` with one edit at a character boundary: delete a character, insert `token`, or
/// put `token` in a character's place.
fn damaged(text: &str, (at, how, token): &(prop::sample::Index, u8, &str)) -> String {
    let bounds: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    if bounds.is_empty() {
        return token.to_string();
    }
    let i = bounds[at.index(bounds.len())];
    let next = text[i..].chars().next().map_or(i, |c| i + c.len_utf8());
    match how {
        0 => format!("{}{}", &text[..i], &text[next..]),
        1 => format!("{}{token}{}", &text[..i], &text[i..]),
        _ => format!("{}{token}{}", &text[..i], &text[next..]),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]
    /// Issue 23.4: `aggregate`'s fast reader reads every sheet the writer writes (without
    /// unknown fields) as the `ron` crate reads it — whole, and keeping what counting keeps —
    /// and declines a sheet with unknown fields.
    #[test]
    fn the_fast_reader_reads_what_the_writer_writes_as_ron_does(s in sheet(), keep in any::<bool>()) {
        let s = if keep { s } else { without_extras(s) };
        let text = store::to_ron(&s);
        let ron = without_extras(store::parse_sheet(&text, "p.ron").map_err(|e| TestCaseError::fail(format!("{e}")))?);
        fast_reads_as(&text, &ron, has_extras(&s))?;
    }

    /// Damaged or hand-edited files: whatever the fast reader accepts, the `ron` crate reads as
    /// the same sheet; and the reading-only parse gives the full parse's sheet or its very
    /// error.
    #[test]
    fn a_damaged_sheet_reads_as_ron_reads_it_or_fails_as_before(
        s in sheet(),
        edits in prop::collection::vec(damage(), 1..4),
    ) {
        let mut text = store::to_ron(&without_extras(s));
        for e in &edits {
            text = damaged(&text, e);
        }
        for keep in [Keep::All, Keep::Counted] {
            let full = store::parse_sheet(&text, "d.ron").map(|s| keep.apply(without_extras(s)));
            if let Some(fast) = store::parse_sheet_as_written(&text, keep) {
                let full = full.as_ref().map_err(|e| TestCaseError::fail(format!("fast read what ron refuses: {e}\n{text}")))?;
                prop_assert_eq!(&fast, full, "{}", text);
            }
            match (store::parse_known(&text, "d.ron", keep), full) {
                (Ok(read), Ok(full)) => prop_assert_eq!(read, full, "{}", text),
                (Err(read), Err(full)) => prop_assert_eq!(read.to_string(), full.to_string()),
                (read, full) => prop_assert!(false, "{:?} against {:?}\n{}", read.map(|_| ()), full.map(|_| ()), text),
            }
        }
    }
}
