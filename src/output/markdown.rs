//! Text from files in Markdown: the one escape of every Markdown output (`report`,
//! `aggregate`, `diff`, `catalog --format md`). Renderers that keep raw HTML would run a
//! sheet's `<script>` or `<img onerror=…>`, and `[x](javascript:…)` would be a link, so what a
//! sheet or a catalog says is shown as text, never as mark-up.

use crate::safe_text::sanitize_line;

/// `s` as Markdown text on one line, in a table cell or a list item: sanitized
/// ([`sanitize_line`]), `&`, `<` and `>` as HTML entities (no tag, entity or autolink),
/// `\`, `|`, `[`, `]` backslash-escaped (no table column, link or image), and `*`, `_`,
/// `` ` ``, `~` too (no emphasis, code or strike-through); at its start, the mark of a list
/// item or a heading (`- `, `1. `, `# `) is escaped, so that a list item holds no list.
pub(crate) fn text(s: &str) -> String {
    let line = sanitize_line(s);
    let mut out = String::with_capacity(line.len() + 8);
    let block_mark = block_mark(&line);
    for (at, c) in line.char_indices() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '|' | '[' | ']' | '*' | '_' | '`' | '~' => {
                out.push('\\');
                out.push(c);
            }
            c if Some(at) == block_mark => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// Where the character to escape is when `line` starts (after up to three spaces) as a list
/// item or a heading would: `-` or `+` before a space or the end, 1–6 `#` likewise (the first
/// escaped), 1–9 digits and `.` or `)` likewise (the `.` or `)`). (`*` is always escaped.)
fn block_mark(line: &str) -> Option<usize> {
    let start = line.len() - line.trim_start_matches(' ').len();
    if start > 3 {
        return None;
    }
    let rest = &line[start..];
    let ends_mark = |k: usize| rest[k..].is_empty() || rest[k..].starts_with([' ', '\t']);
    let first = rest.chars().next()?;
    match first {
        '-' | '+' if ends_mark(1) => Some(start),
        '#' => {
            let n = rest.len() - rest.trim_start_matches('#').len();
            (n <= 6 && ends_mark(n)).then_some(start)
        }
        '0'..='9' => {
            let n = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            (n <= 9 && rest[n..].starts_with(['.', ')']) && ends_mark(n + 1)).then_some(start + n)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    /// Emphasis, code and strike-through marks, and a text that would open a list or a
    /// heading at the start of a list item (a name `*x*`, a comment `- 確認中`), are shown as
    /// written: they made a name italic and a comment a list of its own.
    #[test]
    fn emphasis_and_block_marks_are_text() {
        let t = super::text;
        assert_eq!(
            t("*x* _y_ `z` ~~w~~"),
            "\\*x\\* \\_y\\_ \\`z\\` \\~\\~w\\~\\~"
        );
        assert_eq!(t("- 確認中"), "\\- 確認中");
        assert_eq!(t("+"), "\\+");
        assert_eq!(t("  # 見出し"), "  \\# 見出し");
        assert_eq!(t("### x"), "\\### x");
        assert_eq!(t("1. 規程"), "1\\. 規程");
        assert_eq!(t("12) 規程"), "12\\) 規程");
        // Not a list or a heading: left as it is.
        assert_eq!(t("2027.3.31"), "2027.3.31");
        assert_eq!(t("-1 点"), "-1 点");
        assert_eq!(t("#1"), "#1");
        assert_eq!(t("1-1"), "1-1");
    }

    #[test]
    fn markup_becomes_text() {
        assert_eq!(
            super::text("<b>a&b</b> [x](javascript:y) | \\ \u{1b}"),
            "&lt;b&gt;a&amp;b&lt;/b&gt; \\[x\\](javascript:y) \\| \\\\ &lt;U+001B&gt;"
        );
        assert_eq!(super::text("例市 令和8年度"), "例市 令和8年度");
    }
}
