//! CSV for Excel, shared by every CSV tenken writes (report, aggregate, diff): text from a
//! file that Excel would take for a formula (=, +, -, @ at the start) is prefixed with an
//! apostrophe (CSV injection).

/// Neutralises a leading formula character in text that came from a file. The one guard for
/// every CSV tenken writes (report, aggregate, diff).
pub(crate) fn cell(s: &str) -> String {
    match s.chars().next() {
        // Excel also evaluates a formula after leading white space, and the full-width signs
        // that Japanese input methods produce.
        Some('=' | '+' | '-' | '@' | '\t' | '\r' | '\n' | ' ' | '＝' | '＋' | '－' | '＠') => {
            format!("'{s}")
        }
        _ => s.to_string(),
    }
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
}
