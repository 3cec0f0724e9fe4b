//! Safe display of text that comes from files: control, bidirectional and
//! width-ambiguous-to-terminals characters made visible, JSON control escapes; the cells a
//! text takes on a terminal, padding and cutting by them; and the bytes two texts have in
//! common at their start or end (what an edit left alone).

use std::borrow::Cow;

/// Characters that must never reach the terminal raw from a file: C0/C1 controls (escape
/// sequences start with ESC or CSI), DEL, and the bidirectional overrides and isolates that
/// can reorder what a reader sees.
///
/// Also characters terminals and ratatui measure differently, which leave stale glyphs or hide
/// the text after them: the line and paragraph separators (U+2028, U+2029), the interlinear
/// annotation marks (U+FFF9–U+FFFB), the soft hyphen (U+00AD) and the Hangul fillers
/// (U+3164, U+FFA0).
pub fn is_unsafe_char(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{200E}'
                | '\u{200F}'
                | '\u{061C}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{00AD}'
                | '\u{3164}'
                | '\u{FFA0}'
        )
        || ('\u{202A}'..='\u{202E}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
        || ('\u{FFF9}'..='\u{FFFB}').contains(&c)
}

/// Makes control characters visible: a line feed or tab becomes a space (for one-line
/// display), anything else becomes `<U+XXXX>`. Text without such characters is borrowed.
pub fn sanitize_line(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe_char) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\n' | '\t' | '\r' => out.push(' '),
            c if is_unsafe_char(c) => out.push_str(&format!("<U+{:04X}>", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Like [`sanitize_line`] but keeps line feeds, for multi-line fields.
pub(crate) fn sanitize_multiline(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| c != '\n' && is_unsafe_char(c)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\n' => out.push('\n'),
            '\t' => out.push(' '),
            c if is_unsafe_char(c) => out.push_str(&format!("<U+{:04X}>", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Escapes, inside JSON text, the characters serde_json leaves raw but a terminal or a reader
/// must not get raw: C1 controls (U+0080–U+009F, which some terminals take as escape
/// sequences), DEL and the bidirectional controls. JSON allows them only inside strings,
/// where `\uXXXX` means the same character.
pub(crate) fn escape_json_controls(json: String) -> String {
    match json_safe(&json) {
        Cow::Borrowed(_) => json,
        Cow::Owned(escaped) => escaped,
    }
}

/// [`escape_json_controls`] of a piece of JSON text (borrowed back when nothing needs it).
pub(crate) fn json_safe(json: &str) -> Cow<'_, str> {
    let unsafe_here = |c: char| c as u32 >= 0x7F && is_unsafe_char(c);
    if !json.chars().any(unsafe_here) {
        return Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if unsafe_here(c) {
            let mut units = [0u16; 2];
            for u in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{u:04x}"));
            }
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Output bound for a terminal: control characters other than line ends and tabs, C1 and
/// bidirectional controls made visible (`<U+XXXX>`), so that CSV (which carries text as it
/// is) cannot send escape sequences to the screen.
pub(crate) fn for_terminal(s: &str) -> Cow<'_, str> {
    let unsafe_here = |c: char| !matches!(c, '\n' | '\r' | '\t') && is_unsafe_char(c);
    if !s.chars().any(unsafe_here) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        if unsafe_here(c) {
            out.push_str(&format!("<U+{:04X}>", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Removes all white space, for comparing wordings whitespace-insensitively.
pub(crate) fn squash_ws(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// How many terminal cells `s` takes, as unicode-width counts them and terminals draw them:
/// CJK characters two, East Asian Ambiguous ones one (the interview's handling of terminals
/// that draw those two cells wide is `tui::ambiguous`), the half-width sound marks ﾞﾟ one
/// (ratatui 0.30's own count gives them two, see `tui::view::line`). A text of
/// [`plain_width`] characters is summed from that table; any other is counted whole
/// (unicode-width reads some sequences as one: an emoji and its selector, CR LF).
pub(crate) fn cell_width(s: &str) -> usize {
    let mut cells = 0;
    for c in s.chars() {
        match plain_width(c) {
            Some(w) => cells += usize::from(w),
            None => return unicode_width::UnicodeWidthStr::width(s),
        }
    }
    cells
}

/// How many terminal cells a character takes as unicode-width counts it (none for a control
/// character); a [`plain_width`] one's from that table.
pub(crate) fn char_width(c: char) -> usize {
    use unicode_width::UnicodeWidthChar as _;
    plain_width(c).map_or_else(|| c.width().unwrap_or(0), usize::from)
}

/// The cells a character takes when terminals draw it in cells of its own wherever it stands,
/// one or two (printable ASCII, Latin-1 but the soft hyphen, the general punctuation ‐ to ‧,
/// box drawing and block elements (the panes' borders, the score bars), kana, kanji, CJK and
/// full-width punctuation, half-width katakana); `None` for anything
/// else. Such text can be measured and drawn a character at a time without a table lookup or
/// grapheme segmentation (`tui::view::line`), which is most of the drawing of a keystroke.
/// All of them are graphemes of their own but the half-width sound marks ﾞﾟ, which extend
/// the grapheme before them (UAX #29) yet take a cell of their own on every terminal.
pub(crate) fn plain_width(c: char) -> Option<u16> {
    // The widths unicode-width gives these characters (a test compares every one). ASCII
    // first, then the rest below the CJK block, then the wide ones: each character is
    // compared with the ranges of its own part of the table only.
    if c.is_ascii() {
        return (' '..='~').contains(&c).then_some(1);
    }
    if c < '\u{3000}' {
        return match c {
            '\u{a0}'..='\u{ac}'
            | '\u{ae}'..='\u{ff}'
            | '\u{2010}'..='\u{2027}'
            | '\u{2500}'..='\u{259f}' => Some(1),
            _ => None,
        };
    }
    match c {
        '\u{4e00}'..='\u{9fff}'
        | '\u{3041}'..='\u{3096}'
        | '\u{309b}'..='\u{30ff}'
        | '\u{3000}'..='\u{3029}'
        | '\u{3400}'..='\u{4dbf}'
        | '\u{ff01}'..='\u{ff60}' => Some(2),
        '\u{ff61}'..='\u{ff9f}' => Some(1),
        _ => None,
    }
}

/// Pads `s` with spaces to `width` terminal cells (CJK characters count two).
pub(crate) fn pad_cells(s: &str, width: usize) -> String {
    let w = cell_width(s);
    format!("{s}{}", " ".repeat(width.saturating_sub(w)))
}

/// Cuts text to at most `width` terminal cells, ending with `~` when something was cut.
pub(crate) fn truncate_cells(text: &str, width: usize) -> String {
    if cell_width(text) <= width {
        return text.to_string();
    }
    let mut out = String::new();
    let mut w = 0;
    for c in text.chars() {
        let cw = char_width(c);
        if w + cw + 1 > width {
            break;
        }
        out.push(c);
        w += cw;
    }
    if width > 0 {
        out.push('~');
    }
    out
}

/// How many bytes `a` and `b` have in common at their start (compared a block at a time).
pub(crate) fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    let n = a.len().min(b.len());
    let mut i = 0;
    while i + 32 <= n && a[i..i + 32] == b[i..i + 32] {
        i += 32;
    }
    i + a[i..n]
        .iter()
        .zip(&b[i..n])
        .take_while(|(x, y)| x == y)
        .count()
}

/// How many bytes `a` and `b` have in common at their end.
pub(crate) fn common_suffix(a: &[u8], b: &[u8]) -> usize {
    let n = a.len().min(b.len());
    let (a, b) = (&a[a.len() - n..], &b[b.len() - n..]);
    let mut i = 0;
    while i + 32 <= n && a[n - i - 32..n - i] == b[n - i - 32..n - i] {
        i += 32;
    }
    i + a[..n - i]
        .iter()
        .rev()
        .zip(b[..n - i].iter().rev())
        .take_while(|(x, y)| x == y)
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

    /// Every plain character is as wide as unicode-width says, alone and between others
    /// (it changes no neighbour's count), and the ranges hold the checklist's characters.
    #[test]
    fn plain_characters_are_counted_as_unicode_width_counts_them() {
        let mut plain = 0;
        for c in (0..=0xffff_u32).filter_map(char::from_u32) {
            assert_eq!(char_width(c), c.width().unwrap_or(0), "{c:?}");
            let Some(w) = plain_width(c) else {
                continue;
            };
            plain += 1;
            assert_eq!(Some(usize::from(w)), c.width(), "{c:?}");
            for side in ["a", "あ", "<", " ", "\u{a0}"] {
                let text = format!("{side}{c}{side}");
                assert_eq!(cell_width(&text), text.width(), "{text:?}");
            }
        }
        // The table's ranges, counted: a range lost or widened by a change shows here.
        assert_eq!(plain, 28_346);
        for c in "点検項目「」、。・ー（）ｱﾞﾟabc 0-9\u{a0}×…".chars() {
            assert!(plain_width(c).is_some(), "{c:?} should be plain");
        }
        for c in "\u{3099}\u{301}\u{200d}\u{fe0f}\u{ad}\t한①😀".chars() {
            assert!(plain_width(c).is_none(), "{c:?} should not be plain");
        }
    }

    proptest! {
        /// Any text, of plain characters and of others, is counted as unicode-width counts it.
        #[test]
        fn a_text_is_counted_as_unicode_width_counts_it(
            parts in proptest::collection::vec(proptest::sample::select(&[
                "a", " ", "あ", "漢", "。", "ｱ", "ﾞ", "\u{3099}", "e\u{301}", "😀", "\u{fe0f}",
                "\u{200d}", "한", "\r", "\n", "…", "①", "\u{ad}", "<",
            ][..]), 0..30),
        ) {
            let text = parts.concat();
            prop_assert_eq!(cell_width(&text), text.width());
        }
    }

    #[test]
    fn escapes_and_bidi_become_visible() {
        crate::assert_gives(
            |t| sanitize_line(t).into_owned(),
            &[
                ("a\u{1b}[2Jb", "a<U+001B>[2Jb"),
                ("x\u{202E}y", "x<U+202E>y"),
                ("改\n行", "改 行"),
            ],
        );
        assert_eq!(sanitize_multiline("改\n行\u{7}"), "改\n行<U+0007>");
        assert!(matches!(sanitize_line("普通の文"), Cow::Borrowed(_)));
    }

    #[test]
    fn json_gets_c1_and_bidi_escaped_and_terminals_get_no_raw_controls() {
        let json = serde_json::to_string("a\u{1b}b\u{85}c\u{9b}d\u{202E}e\u{7f}").unwrap();
        let safe = escape_json_controls(json);
        assert_eq!(safe, "\"a\\u001bb\\u0085c\\u009bd\\u202ee\\u007f\"");
        let back: String = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, "a\u{1b}b\u{85}c\u{9b}d\u{202E}e\u{7f}");
        assert_eq!(
            for_terminal("x,\u{1b}[2J\u{9b}\r\n\t"),
            "x,<U+001B>[2J<U+009B>\r\n\t"
        );
    }

    #[test]
    fn characters_terminals_measure_differently_become_visible() {
        for (c, shown) in [
            ('\u{2028}', "<U+2028>"),
            ('\u{2029}', "<U+2029>"),
            ('\u{FFF9}', "<U+FFF9>"),
            ('\u{FFFB}', "<U+FFFB>"),
            ('\u{00AD}', "<U+00AD>"),
            ('\u{3164}', "<U+3164>"),
            ('\u{FFA0}', "<U+FFA0>"),
        ] {
            let text = format!("前{c}後");
            assert_eq!(sanitize_line(&text), format!("前{shown}後"));
            assert_eq!(sanitize_multiline(&text), format!("前{shown}後"));
        }
    }
}
