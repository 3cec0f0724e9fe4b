//! CSV for Excel, shared by every CSV tenken writes (report, aggregate, diff): text from a
//! file that Excel would take for a formula (=, +, -, @ at the start) is prefixed with an
//! apostrophe (CSV injection), and so is text that starts with an apostrophe of its own, so
//! that reading tenken's CSV back ([`uncell`]) gives every text as it was.

/// What a guarded text may start with: Excel also evaluates a formula after leading white
/// space, and the full-width signs that Japanese input methods produce; and the apostrophe
/// itself, so that the guard can be taken off again without doubt.
const GUARDED: [char; 13] = [
    '=', '+', '-', '@', '\t', '\r', '\n', ' ', '＝', '＋', '－', '＠', '\'',
];

/// Neutralises a leading formula character in text that came from a file. The one guard for
/// every CSV tenken writes (report, aggregate, diff).
pub(crate) fn cell(s: &str) -> String {
    if s.starts_with(GUARDED) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

/// The text [`cell`] was given, where `s` is a guarded one (else `None`: `s` is the text).
pub(crate) fn uncell(s: &str) -> Option<&str> {
    s.strip_prefix('\'')
        .filter(|rest| rest.starts_with(GUARDED))
}

#[cfg(test)]
mod tests {
    #[test]
    fn formula_starts_are_neutralised_including_white_space_and_full_width_signs() {
        for s in [
            "=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", "\n=1", " =1", "＝1+1", "＋1", "－1",
            "＠A1",
        ] {
            assert_eq!(super::cell(s), format!("'{s}"), "{s:?}");
        }
        assert_eq!(super::cell("月次で確認"), "月次で確認");
    }

    #[test]
    fn the_guard_comes_off_as_it_went_on() {
        for s in [
            "=1",
            "-1",
            " 空白",
            "＋1",
            "'=1",
            "'",
            "''",
            "月次で確認",
            "",
            "it's",
        ] {
            let guarded = super::cell(s);
            assert_eq!(super::uncell(&guarded).unwrap_or(&guarded), s, "{s:?}");
        }
        assert_eq!(super::cell("'quoted"), "''quoted");
    }
}
