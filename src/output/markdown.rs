//! Text from files in Markdown: the one escape of every Markdown output (`report`,
//! `aggregate`, `diff`, `catalog --format md`). Renderers that keep raw HTML would run a
//! sheet's `<script>` or `<img onerror=…>`, and `[x](javascript:…)` would be a link, so what a
//! sheet or a catalog says is shown as text, never as mark-up.

use crate::safe_text::sanitize_line;

/// `s` as Markdown text on one line, in a table cell or a list item: sanitized
/// ([`sanitize_line`]), `&`, `<` and `>` as HTML entities (no tag, entity or autolink),
/// and `\`, `|`, `[`, `]` backslash-escaped (no table column, link or image).
pub(crate) fn text(s: &str) -> String {
    let line = sanitize_line(s);
    let mut out = String::with_capacity(line.len() + 8);
    for c in line.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '|' | '[' | ']' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn markup_becomes_text() {
        assert_eq!(
            super::text("<b>a&b</b> [x](javascript:y) | \\ \u{1b}"),
            "&lt;b&gt;a&amp;b&lt;/b&gt; \\[x\\](javascript:y) \\| \\\\ &lt;U+001B&gt;"
        );
        assert_eq!(super::text("例市 令和8年度"), "例市 令和8年度");
    }
}
