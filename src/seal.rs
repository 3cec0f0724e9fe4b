//! The seal on a sign-off (照合番号): a SHA-256 fingerprint of what the 確認者 approved, kept in
//! the sheet when it is signed and printed on every report, so that the file handed in can be
//! shown to be the one whose report was stamped.
//!
//! What it proves: the header and answers of this file are, to the character, those the report
//! carrying the same 照合番号 was made from. What it does not prove: who signed. Anyone who can
//! edit the file can sign it again (`tenken sign`); it is a fingerprint, not a signature.
//!
//! # The canonical form (version 1)
//!
//! The fingerprint is SHA-256 over UTF-8 text built from the sheet's values, never from its
//! RON text, so that formatting, comments, field order and unknown fields do not change it.
//! The text is a sequence of lines, each `name=value` and a line feed (U+000A):
//!
//! 1. `tenken-seal=1`
//! 2. `catalog.id`, `catalog.revision`, `organization`, then `organization_code` and
//!    `prefecture` each only when not empty (so that a sheet without them, signed before they
//!    existed, keeps its seal), then `fiscal_year` (decimal), `respondent`, `inspector`,
//!    `approver`, `inspected_on`, in this order;
//! 3. for each profile answer in ascending order of its key (byte order): `profile=KEY` then
//!    `value=true` or `value=false`;
//! 4. for each answer in ascending order of its item id (byte order): `answer=ID`, `score=N`
//!    (0–3), `unconfirmed=true|false`, `flagged=true|false`, `comment=…`, `evidence=…`, then
//!    either `plan=none` or `plan=some`, `plan.action=…`, `plan.owner=…`, `plan.due=…`,
//!    `plan.carried=true|false`;
//! 5. for each item with notes written or a flag set before it is answered (`notes`, only
//!    those not empty), in ascending order of its id (byte order): `notes=ID`, then
//!    `comment=…`, `evidence=…` and the plan as in an answer, then `flagged=true` only when
//!    it is flagged. A sheet without such notes has no such line, and notes without a flag
//!    no flag's line, so a seal taken before either existed is what it was.
//!
//! Text values are taken as stored (no trimming or normalisation) with four characters escaped:
//! `\` as `\\`, line feed as `\n`, carriage return as `\r`, tab as `\t`. Nothing else is in it:
//! not the file's `format`, not `created`/`updated` or any answer's `updated`, not an answer's
//! history, not fields tenken does not know, and not the seal itself.

use std::fmt::Write as _;

use sha2::{Digest as _, Sha256};

use crate::sheet::{Plan, Sheet};

/// The canonical text of a sheet's header and answers (see the module documentation).
pub fn canonical(sheet: &Sheet) -> String {
    fn line(o: &mut String, name: &str, value: &str) {
        o.push_str(name);
        o.push('=');
        for c in value.chars() {
            match c {
                '\\' => o.push_str("\\\\"),
                '\n' => o.push_str("\\n"),
                '\r' => o.push_str("\\r"),
                '\t' => o.push_str("\\t"),
                c => o.push(c),
            }
        }
        o.push('\n');
    }
    let flag = |b: bool| if b { "true" } else { "false" };
    let mut o = String::with_capacity(256 + sheet.answers.len() * 96);
    line(&mut o, "tenken-seal", "1");
    line(&mut o, "catalog.id", &sheet.catalog.id);
    line(&mut o, "catalog.revision", &sheet.catalog.revision);
    line(&mut o, "organization", &sheet.organization);
    for (name, value) in [
        ("organization_code", &sheet.organization_code),
        ("prefecture", &sheet.prefecture),
    ] {
        if !value.is_empty() {
            line(&mut o, name, value);
        }
    }
    line(&mut o, "fiscal_year", &sheet.fiscal_year.to_string());
    line(&mut o, "respondent", &sheet.respondent);
    line(&mut o, "inspector", &sheet.inspector);
    line(&mut o, "approver", &sheet.approver);
    line(&mut o, "inspected_on", &sheet.inspected_on);
    for (key, value) in &sheet.profile {
        line(&mut o, "profile", key);
        line(&mut o, "value", flag(*value));
    }
    let notes = |o: &mut String, comment: &str, evidence: &str, plan: Option<&Plan>| {
        line(o, "comment", comment);
        line(o, "evidence", evidence);
        match plan {
            None => line(o, "plan", "none"),
            Some(p) => {
                line(o, "plan", "some");
                line(o, "plan.action", &p.action);
                line(o, "plan.owner", &p.owner);
                line(o, "plan.due", &p.due);
                line(o, "plan.carried", flag(p.carried));
            }
        }
    };
    for (id, a) in &sheet.answers {
        line(&mut o, "answer", id);
        line(&mut o, "score", &a.score.to_string());
        line(&mut o, "unconfirmed", flag(a.unconfirmed));
        line(&mut o, "flagged", flag(a.flagged));
        notes(&mut o, &a.comment, &a.evidence, a.plan.as_ref());
    }
    // Only when written, so that every sheet without them keeps its seal.
    for (id, n) in sheet.notes.iter().filter(|(_, n)| !n.is_empty()) {
        line(&mut o, "notes", id);
        notes(&mut o, &n.comment, &n.evidence, n.plan.as_ref());
        if n.flagged {
            line(&mut o, "flagged", "true");
        }
    }
    o
}

/// SHA-256 of [`canonical`], 64 lower-case hex digits: the value stored in the sheet's `seal`.
pub(crate) fn fingerprint(sheet: &Sheet) -> String {
    let digest = Sha256::digest(canonical(sheet).as_bytes());
    let mut hex = String::with_capacity(64);
    for b in digest.iter() {
        let _ = write!(hex, "{b:02x}");
    }
    hex
}

/// Whether a sheet is signed and, if so, whether it still matches its sign-off.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SealState {
    /// No sign-off recorded (older sheets, or not yet approved).
    Unsealed,
    /// The header and answers are those signed off; the seal, shortened.
    Matches(String),
    /// Changed since it was signed off; the seal recorded then, shortened.
    Changed(String),
}

/// The state of `sheet`'s seal.
pub fn state(sheet: &Sheet) -> SealState {
    if sheet.seal.is_empty() {
        SealState::Unsealed
    } else if sheet.seal.eq_ignore_ascii_case(&fingerprint(sheet)) {
        SealState::Matches(short(&sheet.seal))
    } else {
        SealState::Changed(short(&sheet.seal))
    }
}

/// Records the fingerprint of what is approved now.
pub fn sign(sheet: &mut Sheet) {
    sheet.seal = fingerprint(sheet);
}

/// Whether the sign-off is complete enough to seal: 確認者 and 点検日 given.
pub(crate) fn can_sign(sheet: &Sheet) -> bool {
    !sheet.approver.trim().is_empty() && !sheet.inspected_on.trim().is_empty()
}

/// The 照合番号 as printed: the first 16 hex digits, upper case, in groups of four
/// (`3F2A 9C01 7B44 E0D2`); a seal that is no fingerprint as written, in 「」.
pub(crate) fn short(seal: &str) -> String {
    if seal.len() < 16 || !seal.bytes().all(|b| b.is_ascii_hexdigit()) {
        // Edited by hand into no fingerprint: shown as written, cut to a number's length.
        let shown: String = crate::safe_text::sanitize_line(seal)
            .chars()
            .take(20)
            .collect();
        return format!("「{shown}」");
    }
    let digits: Vec<char> = seal
        .chars()
        .filter(char::is_ascii_hexdigit)
        .take(16)
        .map(|c| c.to_ascii_uppercase())
        .collect();
    digits
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
}

/// What a report prints as its 照合番号, or `None` for an unsigned sheet (whose reports stay
/// as they were): the seal shortened (`3F2A 9C01 7B44 E0D2`), or, for a sheet changed since it
/// was signed off, that it has none — its content is not the one approved.
pub(crate) fn printed(sheet: &Sheet, lang: crate::lang::Lang) -> Option<String> {
    printed_state(&state(sheet), lang)
}

/// [`printed`] of a seal's state (`aggregate`'s 受付一覧 prints each counted sheet's).
pub(crate) fn printed_state(state: &SealState, lang: crate::lang::Lang) -> Option<String> {
    match state {
        SealState::Unsealed => None,
        SealState::Matches(s) => Some(s.clone()),
        SealState::Changed(_) => Some(
            lang.pick(
                "なし (確認後に変更されています)",
                "none (changed since it was signed off)",
            )
            .to_string(),
        ),
    }
}

/// `照合番号: …` ([`printed`]) as one line, for page footers.
pub(crate) fn printed_line(sheet: &Sheet, lang: crate::lang::Lang) -> Option<String> {
    printed(sheet, lang).map(|v| format!("{}: {v}", label(lang)))
}

/// What is said of a sheet changed since it was signed off, its seal `short` as recorded:
/// 「警告: 確認後に変更されています (照合番号 …)」.
pub(crate) fn changed_warning(short: &str, lang: crate::lang::Lang) -> String {
    format!(
        "{} ({} {short})",
        lang.pick(
            "警告: 確認後に変更されています",
            "warning: changed since it was signed off"
        ),
        lang.pick("照合番号", "seal"),
    )
}

/// 照合番号 / Seal.
pub(crate) fn label(lang: crate::lang::Lang) -> &'static str {
    lang.pick("照合番号", "Seal")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A seal edited by hand into something that is no fingerprint is shown as written (cut
    /// to a number's length): it was printed as nothing, 「照合番号  の報告書と一致しません」.
    #[test]
    fn a_seal_that_is_no_fingerprint_is_shown_as_written() {
        assert_eq!(short("568a0c11d2e3f4a5b6c7"), "568A 0C11 D2E3 F4A5");
        assert_eq!(short("zz"), "「zz」");
        assert_eq!(short("xyz-not-a-number-at-all"), "「xyz-not-a-number-at-」");
    }
    use crate::sheet::{Plan, Score};
    use time::macros::datetime;

    fn sheet() -> Sheet {
        let t = datetime!(2026-11-25 10:00 +9);
        let mut s = Sheet::municipal("例市", 2026, t);
        s.set_score("1-1", Score::Documented, t);
        s.answers.get_mut("1-1").unwrap().comment = "規程あり\n運用は来年度\\".into();
        s.answers.get_mut("1-1").unwrap().plan = Some(Plan {
            action: "周知".into(),
            owner: "課長".into(),
            due: "2027-03-31".into(),
            carried: false,
        });
        s.approver = "佐藤".into();
        s.inspected_on = "2027-02-10".into();
        s
    }

    #[test]
    fn canonical_form_is_as_documented() {
        let c = canonical(&sheet());
        assert!(c.starts_with("tenken-seal=1\ncatalog.id=juki-municipal\n"));
        assert!(c.contains("\nanswer=1-1\nscore=2\nunconfirmed=false\nflagged=false\n"));
        assert!(c.contains("\ncomment=規程あり\\n運用は来年度\\\\\n"));
        assert!(c.ends_with("plan=some\nplan.action=周知\nplan.owner=課長\nplan.due=2027-03-31\nplan.carried=false\n"));
    }

    #[test]
    fn history_timestamps_and_unknown_fields_do_not_count() {
        let s = sheet();
        let mut t = s.clone();
        t.set_score("1-1", Score::Operating, datetime!(2026-12-01 10:00 +9));
        t.set_score("1-1", Score::Documented, datetime!(2026-12-02 10:00 +9));
        t.updated = None;
        t.extra.push(("later".into(), "1".into()));
        assert_ne!(s.answers["1-1"].history, t.answers["1-1"].history);
        assert_eq!(fingerprint(&s), fingerprint(&t));
        t.answers.get_mut("1-1").unwrap().comment.push('。');
        assert_ne!(fingerprint(&s), fingerprint(&t));
    }

    #[test]
    fn code_and_prefecture_are_sealed_and_old_seals_still_verify() {
        let mut s = sheet();
        // A seal made before the fields existed, over exactly this text, still matches.
        let old = canonical(&s);
        assert!(
            old.contains("\norganization=例市\nfiscal_year=2026\n"),
            "{old}"
        );
        sign(&mut s);
        assert!(matches!(state(&s), SealState::Matches(_)));
        s.organization_code = "132063".into();
        assert!(
            matches!(state(&s), SealState::Changed(_)),
            "the code is sealed"
        );
        sign(&mut s);
        s.prefecture = "東京都".into();
        assert!(
            matches!(state(&s), SealState::Changed(_)),
            "the prefecture is sealed"
        );
        sign(&mut s);
        assert!(canonical(&s).contains(
            "\norganization=例市\norganization_code=132063\nprefecture=東京都\nfiscal_year=2026\n"
        ));
        s.organization_code = "342084".into();
        assert!(matches!(state(&s), SealState::Changed(_)));
    }

    /// Notes on unanswered items are sealed only when there are some: every sheet without
    /// them keeps the fingerprint it had before they were (this one's, taken then).
    #[test]
    fn notes_on_unanswered_items_are_sealed_only_when_present() {
        let s = sheet();
        assert_eq!(
            fingerprint(&s),
            "10e8ded44ce4d1f3fbed37bdd574ded9dc3c8b0168b624361536893e0b709f9e"
        );
        let mut t = s.clone();
        t.notes.insert("2-3".into(), crate::sheet::Notes::default());
        t.notes.get_mut("2-3").unwrap().comment = "年2回開催".into();
        let c = canonical(&t);
        assert!(
            c.ends_with("\nnotes=2-3\ncomment=年2回開催\nevidence=\nplan=none\n"),
            "{c}"
        );
        let before = fingerprint(&t);
        t.notes.get_mut("2-3").unwrap().comment.push('。');
        assert_ne!(fingerprint(&t), before);
        // A flag on the unanswered item is a line of its own, only when set (so that notes
        // sealed before flags could be set keep their seal).
        let before = fingerprint(&t);
        t.notes.get_mut("2-3").unwrap().flagged = true;
        assert!(
            canonical(&t).ends_with(
                "\nnotes=2-3\ncomment=年2回開催。\nevidence=\nplan=none\nflagged=true\n"
            ),
            "{}",
            canonical(&t)
        );
        assert_ne!(fingerprint(&t), before);
    }

    #[test]
    fn a_signed_sheet_matches_until_changed() {
        let mut s = sheet();
        assert_eq!(state(&s), SealState::Unsealed);
        sign(&mut s);
        assert_eq!(s.seal.len(), 64);
        let SealState::Matches(short) = state(&s) else {
            panic!("{:?}", state(&s))
        };
        assert_eq!(short.len(), 19);
        assert_eq!(short.split(' ').count(), 4);
        s.approver = "鈴木".into();
        assert!(matches!(state(&s), SealState::Changed(_)));
    }
}
