//! RON as tenken reads and writes it: the parser's options, positions in a text
//! (line:column), string literals, timestamps, field names, and a small lexer that finds where
//! a value's own text begins and ends. A leaf: catalogs and answer sheets both build on it.
//!
//! The raw text serde hands over for an unknown field includes the comments and blank space
//! around it (`"山田" // 確認者`), and a trailing line comment written back before a comma
//! would swallow the comma: [`value_core`] knows strings, raw strings, character literals and
//! (nested) comments and finds the value itself.

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

mod syntax;
pub(crate) use syntax::Syntax;

/// RON as tenken reads it: `Some(..)` may be omitted around an optional value.
pub fn ron_options() -> ::ron::Options {
    ::ron::Options::default().with_default_extension(::ron::extensions::Extensions::IMPLICIT_SOME)
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(src: &str, offset: usize) -> (usize, usize) {
    let before = &src[..offset];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// A RON string literal, exactly as `ron::to_string` writes it (`char::escape_debug` per
/// character), but without asking the Unicode tables about kana and kanji: escape_debug's
/// printability lookup made a 12 MiB comment take seconds to write.
pub(crate) fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    quote_into(&mut out, s);
    out
}

/// [`quote`], appended to `out`.
pub(crate) fn quote_into(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        if c.is_ascii_graphic() && !matches!(c, '"' | '\\' | '\'')
            || c == ' '
            || plainly_printable(c)
        {
            out.push(c);
        } else {
            out.extend(c.escape_debug());
        }
    }
    out.push('"');
}

/// Japanese characters that `char::escape_debug` leaves as they are (a unit test checks
/// every one of them): kana, CJK ideographs, CJK punctuation, full-width forms.
fn plainly_printable(c: char) -> bool {
    matches!(c,
        '\u{3001}'..='\u{3029}'
        | '\u{3041}'..='\u{3096}'
        | '\u{309B}'..='\u{30FF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{FF01}'..='\u{FF9D}')
}

/// RFC 3339; an offset with seconds (which RFC 3339 cannot express) is written in UTC.
pub(crate) fn timestamp(t: OffsetDateTime) -> String {
    t.format(&Rfc3339)
        .or_else(|_| t.to_offset(time::UtcOffset::UTC).format(&Rfc3339))
        .unwrap_or_else(|_| t.to_string())
}

/// `text` without the whitespace and comments before and after the value.
pub(crate) fn value_core(text: &str) -> &str {
    let b = text.as_bytes();
    let mut i = 0;
    let mut first: Option<usize> = None;
    let mut end = 0;
    while i < b.len() {
        let c = b[i];
        let start = i;
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        if b[i..].starts_with(b"//") {
            i = text[i..].find('\n').map_or(b.len(), |n| i + n + 1);
            continue;
        }
        if b[i..].starts_with(b"/*") {
            i = block_comment_end(b, i).unwrap_or(b.len());
            continue;
        }
        i = match c {
            b'"' => string_end(b, i + 1),
            b'\'' => char_end(b, i + 1),
            b'r' => raw_string_end(b, i).unwrap_or(i + 1),
            // One character of anything else (UTF-8 continuation bytes follow their lead).
            _ => {
                let mut j = i + 1;
                while j < b.len() && (b[j] & 0xC0) == 0x80 {
                    j += 1;
                }
                j
            }
        };
        first.get_or_insert(start);
        end = i;
    }
    match first {
        Some(f) => &text[f..end],
        None => "",
    }
}

/// Finds the struct field names in a RON text read in parts ([`NameScan::feed`]): every
/// identifier (plain, or raw: `r#name`) followed by `:` with only blank space and comments
/// between, outside strings, character literals and comments. Lenient, for telling what a
/// file is: a broken text still gives the names around the break (only an unclosed string or
/// comment hides what follows it). It keeps no part of the text but the name it is reading
/// (its first [`NameScan::LONGEST`] bytes), so a text of any length is scanned in the memory
/// of one part.
#[derive(Debug, Default)]
pub(crate) struct NameScan {
    lex: Lex,
    /// The identifier being read, or read and waiting for its `:`.
    name: Vec<u8>,
    /// The identifier is longer than [`NameScan::LONGEST`]: it is no name wanted.
    long: bool,
    /// The identifier is raw (`r#…`, which allows `-`, `.` and `+`).
    raw: bool,
}

/// Where a [`NameScan`] is in the text.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
enum Lex {
    #[default]
    Normal,
    Number,
    Ident,
    /// Blank space or comments after an identifier: a `:` makes it a field name.
    AfterIdent,
    /// A `/` that may start a comment (`after`: the comment follows an identifier).
    Slash {
        after: bool,
    },
    LineComment {
        after: bool,
    },
    /// Comments nest; `pair` is a `/` or `*` that may pair with the next byte (`/*` is looked
    /// for before `*/` at each step, as the `ron` crate does).
    BlockComment {
        depth: usize,
        pair: Option<u8>,
        after: bool,
    },
    Str {
        escaped: bool,
    },
    CharStart,
    CharSkip,
    CharBody,
    /// `r` and `#`s: a raw string when `"` follows, else an identifier.
    R {
        hashes: usize,
    },
    /// A raw string; `closing`: the `#`s seen after a `"` that may close it.
    RawStr {
        hashes: usize,
        closing: Option<usize>,
    },
}

impl NameScan {
    /// The longest name kept whole; a longer identifier is no name wanted.
    pub(crate) const LONGEST: usize = 32;

    /// Scans the next part of the text, handing every field name found to `found`.
    pub(crate) fn feed(&mut self, part: &[u8], found: &mut impl FnMut(&[u8])) {
        for &c in part {
            while !self.step(c, found) {}
        }
    }

    fn start_ident(&mut self, raw: bool, first: Option<u8>) {
        self.name.clear();
        self.name.extend(first);
        self.long = false;
        self.raw = raw;
        self.lex = Lex::Ident;
    }

    /// Takes `c` in the present state; false when `c` is to be taken again in the new one.
    fn step(&mut self, c: u8, found: &mut impl FnMut(&[u8])) -> bool {
        let after_comment = |after: bool| if after { Lex::AfterIdent } else { Lex::Normal };
        match self.lex {
            Lex::Normal => match c {
                b'/' => self.lex = Lex::Slash { after: false },
                b'"' => self.lex = Lex::Str { escaped: false },
                b'\'' => self.lex = Lex::CharStart,
                b'r' => self.lex = Lex::R { hashes: 0 },
                b'0'..=b'9' => self.lex = Lex::Number,
                c if c.is_ascii_alphabetic() || c == b'_' => self.start_ident(false, Some(c)),
                _ => {}
            },
            Lex::Number => {
                if !(c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.')) {
                    self.lex = Lex::Normal;
                    return false;
                }
            }
            Lex::Ident => {
                if c.is_ascii_alphanumeric()
                    || c == b'_'
                    || (self.raw && matches!(c, b'-' | b'.' | b'+'))
                {
                    if self.name.len() < Self::LONGEST {
                        self.name.push(c);
                    } else {
                        self.long = true;
                    }
                } else {
                    self.lex = if self.name.is_empty() {
                        Lex::Normal
                    } else {
                        Lex::AfterIdent
                    };
                    return false;
                }
            }
            Lex::AfterIdent => match c {
                b'/' => self.lex = Lex::Slash { after: true },
                b':' => {
                    if !self.long {
                        found(&self.name);
                    }
                    self.lex = Lex::Normal;
                }
                c if c.is_ascii_whitespace() => {}
                _ => {
                    self.lex = Lex::Normal;
                    return false;
                }
            },
            Lex::Slash { after } => match c {
                b'/' => self.lex = Lex::LineComment { after },
                b'*' => {
                    self.lex = Lex::BlockComment {
                        depth: 1,
                        pair: None,
                        after,
                    }
                }
                // A lone `/`, which ends the blank space after an identifier.
                _ => {
                    self.lex = Lex::Normal;
                    return false;
                }
            },
            Lex::LineComment { after } => {
                if c == b'\n' {
                    self.lex = after_comment(after);
                }
            }
            Lex::BlockComment { depth, pair, after } => {
                self.lex = match (pair, c) {
                    (Some(b'/'), b'*') => Lex::BlockComment {
                        depth: depth + 1,
                        pair: None,
                        after,
                    },
                    (Some(b'*'), b'/') if depth == 1 => after_comment(after),
                    (Some(b'*'), b'/') => Lex::BlockComment {
                        depth: depth - 1,
                        pair: None,
                        after,
                    },
                    _ => Lex::BlockComment {
                        depth,
                        pair: matches!(c, b'/' | b'*').then_some(c),
                        after,
                    },
                };
            }
            Lex::Str { escaped } => {
                self.lex = match c {
                    _ if escaped => Lex::Str { escaped: false },
                    b'\\' => Lex::Str { escaped: true },
                    b'"' => Lex::Normal,
                    _ => Lex::Str { escaped: false },
                };
            }
            Lex::CharStart => {
                if c == b'\\' {
                    self.lex = Lex::CharSkip;
                } else {
                    self.lex = Lex::CharBody;
                    return false;
                }
            }
            Lex::CharSkip => self.lex = Lex::CharBody,
            Lex::CharBody => {
                if c == b'\'' {
                    self.lex = Lex::Normal;
                }
            }
            Lex::R { hashes } => match c {
                b'#' => self.lex = Lex::R { hashes: hashes + 1 },
                b'"' => {
                    self.lex = Lex::RawStr {
                        hashes,
                        closing: None,
                    }
                }
                // Not a raw string: the identifier `r…`, or the raw identifier after `r#` (a
                // second `#` ends it empty).
                _ => {
                    match hashes {
                        0 => self.start_ident(false, Some(b'r')),
                        1 => self.start_ident(true, None),
                        _ => self.lex = Lex::Normal,
                    }
                    return false;
                }
            },
            Lex::RawStr { hashes, closing } => {
                self.lex = match (c, closing) {
                    (b'"', _) if hashes == 0 => Lex::Normal,
                    (b'"', _) => Lex::RawStr {
                        hashes,
                        closing: Some(0),
                    },
                    (b'#', Some(k)) if k + 1 == hashes => Lex::Normal,
                    (b'#', Some(k)) => Lex::RawStr {
                        hashes,
                        closing: Some(k + 1),
                    },
                    _ => Lex::RawStr {
                        hashes,
                        closing: None,
                    },
                };
            }
        }
        true
    }
}

/// `text` from where its value begins: after a byte-order mark, blanks, comments (`//…`,
/// `/*…*/`) and RON's `#![…]` attributes.
pub(crate) fn value_start(text: &str) -> &str {
    let mut rest = text.trim_start_matches('\u{feff}');
    loop {
        rest = rest.trim_start();
        if rest.starts_with("//") {
            rest = rest.find('\n').map_or("", |i| &rest[i..]);
        } else if rest.starts_with("/*") {
            rest = &rest[block_comment_end(rest.as_bytes(), 0).unwrap_or(rest.len())..];
        } else if let Some(attribute) = rest.strip_prefix("#![") {
            rest = attribute.split_once(']').map_or("", |(_, after)| after);
        } else {
            return rest;
        }
    }
}

/// The name of the struct `text`'s value opens — `""` for `( … )`, `"Catalog"` for
/// `Catalog( … )` — or `None` when its value is no struct (a list, a map, a word, nothing).
pub(crate) fn struct_name(text: &str) -> Option<&str> {
    let value = value_start(text);
    let end = value
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(value.len());
    value_start(&value[end..])
        .starts_with('(')
        .then_some(&value[..end])
}

/// After a `/* … */` comment starting at `i` (comments nest in RON; `/*` is looked for before
/// `*/` at each step, as the `ron` crate does); `None` when it is never closed.
pub(crate) fn block_comment_end(b: &[u8], mut i: usize) -> Option<usize> {
    let mut depth = 0usize;
    while i < b.len() {
        if b[i..].starts_with(b"/*") {
            depth += 1;
            i += 2;
        } else if b[i..].starts_with(b"*/") {
            depth -= 1;
            i += 2;
            if depth == 0 {
                return Some(i);
            }
        } else {
            i += 1;
        }
    }
    None
}

/// After the closing quote of a string whose body starts at `i`.
fn string_end(b: &[u8], mut i: usize) -> usize {
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    b.len()
}

/// After a character literal whose body starts at `i`.
fn char_end(b: &[u8], mut i: usize) -> usize {
    if b.get(i) == Some(&b'\\') {
        i += 2;
    }
    while i < b.len() {
        if b[i] == b'\'' {
            return i + 1;
        }
        i += 1;
    }
    b.len()
}

/// After a raw string `r#"…"#` starting at `i`; `None` when `r` starts something else (an
/// identifier, a raw identifier `r#x`).
fn raw_string_end(b: &[u8], i: usize) -> Option<usize> {
    let hashes = b[i + 1..].iter().take_while(|c| **c == b'#').count();
    if b.get(i + 1 + hashes) != Some(&b'"') {
        return None;
    }
    let body = i + 2 + hashes;
    let mut close = vec![b'"'];
    close.extend(std::iter::repeat_n(b'#', hashes));
    let end = b[body..]
        .windows(close.len())
        .position(|w| w == close.as_slice())
        .map_or(b.len(), |p| body + p + close.len());
    Some(end)
}

/// A field name as RON accepts it: plain when it is a plain identifier and no keyword, else
/// the raw form `r#name` (which also allows `-`, `.` and `+`).
pub(crate) fn field_name(name: &str) -> String {
    let plain = name
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !matches!(
            name,
            "true" | "false" | "Some" | "None" | "inf" | "inff" | "NaN" | "NaNf" | "r" | "b" | "br"
        );
    if plain {
        name.to_string()
    } else {
        format!("r#{name}")
    }
}

#[cfg(test)]
mod tests {

    /// What a value opens, after what may come before it: shared by the sheet's reader (a file
    /// that is no struct at all is said to be no sheet) and `aggregate` (a catalog left in the
    /// folder).
    #[test]
    fn a_values_struct_name_is_read_past_comments_and_attributes() {
        for (text, name) in [
            ("(format: 1)", Some("")),
            ("\u{feff}  Sheet (format: 1)", Some("Sheet")),
            (
                "/* a /* nested */ note */\n#![enable(implicit_some)]\nCatalog(id: \"x\")",
                Some("Catalog"),
            ),
            ("// last year's\nCatalog /* c */ (", Some("Catalog")),
            ("[1, 2]", None),
            ("{\"a\": 1}", None),
            ("hello world", None),
            ("団体名,団体コード", None),
            ("answers: {}", None),
            ("", None),
            ("/* never closed", None),
        ] {
            assert_eq!(struct_name(text), name, "{text:?}");
        }
        assert_eq!(value_start("// x\n  #![a]\t[1]"), "[1]");
    }

    use super::*;

    #[test]
    fn quote_writes_what_ron_writes() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            if plainly_printable(c) {
                assert_eq!(
                    c.escape_debug().to_string(),
                    c.to_string(),
                    "U+{:04X}",
                    c as u32
                );
            }
        }
        for s in [
            "",
            "普通の文。「かぎ」、ｶﾀｶﾅ ＡＢＣ",
            "a\"b\\c'd\ne\tf\r\u{0}\u{1b}[2J",
            "\u{202E}\u{200B}\u{3000}\u{3099}\u{FF9E}\u{E000}\u{1F600}e\u{301}",
        ] {
            assert_eq!(quote(s), ::ron::to_string(s).unwrap(), "{s:?}");
        }
    }

    #[test]
    fn comments_around_a_value_are_not_part_of_it() {
        crate::assert_gives(
            |t| value_core(t).to_string(),
            &[
                (" \"山田\" // 確認者\n", "\"山田\""),
                ("/* a /* b */ */ 1 /* c */", "1"),
                ("\"a // b\" // c", "\"a // b\""),
                ("r##\"x\"# //\"## // y", "r##\"x\"# //\"##"),
                ("'\"' // q", "'\"'"),
                ("(a: 1, // x\n b: 2) // y", "(a: 1, // x\n b: 2)"),
                ("r#x", "r#x"),
            ],
        );
    }

    /// The lexer [`NameScan`] replaced, which needed the whole text at once: the oracle of its
    /// property test.
    /// The struct field names in a RON text: every identifier (plain, or raw: `r#name`) followed by
    /// `:` with only blank space and comments between, outside strings, character literals and
    /// comments. Lenient, for telling what a file is: a broken text still gives the names around
    /// the break (only an unclosed string or comment hides what follows it).
    fn field_names(text: &str) -> Vec<&str> {
        let b = text.as_bytes();
        let mut names = Vec::new();
        let mut i = 0;
        while i < b.len() {
            let c = b[i];
            if b[i..].starts_with(b"//") || b[i..].starts_with(b"/*") {
                i = skip_blank(b, i);
                continue;
            }
            if let Some(end) = (c == b'r').then(|| raw_string_end(b, i)).flatten() {
                i = end;
                continue;
            }
            i = match c {
                b'"' => string_end(b, i + 1),
                b'\'' => char_end(b, i + 1),
                b'0'..=b'9' => {
                    let mut j = i + 1;
                    while j < b.len()
                        && (b[j].is_ascii_alphanumeric() || matches!(b[j], b'_' | b'.'))
                    {
                        j += 1;
                    }
                    j
                }
                c if c.is_ascii_alphabetic() || c == b'_' => {
                    let raw = b[i..].starts_with(b"r#");
                    let start = if raw { i + 2 } else { i };
                    let mut j = start;
                    while j < b.len()
                        && (b[j].is_ascii_alphanumeric()
                            || b[j] == b'_'
                            || (raw && matches!(b[j], b'-' | b'.' | b'+')))
                    {
                        j += 1;
                    }
                    if j > start && b.get(skip_blank(b, j)) == Some(&b':') {
                        names.push(&text[start..j]);
                    }
                    j
                }
                _ => i + 1,
            };
        }
        names
    }

    /// After the blank space and comments starting at `i`.
    fn skip_blank(b: &[u8], mut i: usize) -> usize {
        loop {
            if b.get(i).is_some_and(u8::is_ascii_whitespace) {
                i += 1;
            } else if b[i.min(b.len())..].starts_with(b"//") {
                i = b[i..]
                    .iter()
                    .position(|c| *c == b'\n')
                    .map_or(b.len(), |n| i + n + 1);
            } else if b[i.min(b.len())..].starts_with(b"/*") {
                i = block_comment_end(b, i).unwrap_or(b.len());
            } else {
                return i;
            }
        }
    }

    /// The names a [`NameScan`] finds in `text` fed in parts of the given lengths (the rest
    /// at once).
    fn scanned(text: &str, parts: &[usize]) -> Vec<String> {
        let mut scan = NameScan::default();
        let mut names = Vec::new();
        let mut rest = text.as_bytes();
        for &n in parts {
            let (part, after) = rest.split_at(n.min(rest.len()));
            scan.feed(part, &mut |name| {
                names.push(String::from_utf8_lossy(name).into_owned())
            });
            rest = after;
        }
        scan.feed(rest, &mut |name| {
            names.push(String::from_utf8_lossy(name).into_owned())
        });
        names
    }

    #[test]
    fn field_names_are_found_past_comments_and_outside_strings() {
        let text = "( answers: { \"x\": (c: \"format: 1\") }, // catalog: no\n \
                    format /* v1 */ : 1, r#catalog\n// c\n : (), 3e5: 0, s: r#\"a: b\"#, 'q': 1 )";
        let names = ["answers", "c", "format", "catalog", "s"];
        assert_eq!(field_names(text), names);
        for cut in 0..text.len() {
            assert_eq!(scanned(text, &[cut]), names, "cut at {cut}");
        }
        assert_eq!(scanned(text, &[1; 200]), names, "a byte at a time");
    }

    /// The corners the property test reaches seldom: an escaped quote as a character, nested
    /// comments, raw strings closed by as many `#` as opened them, `r` and `#`s that start no
    /// raw string.
    #[test]
    fn the_scan_keeps_to_the_lexers_corners() {
        for (text, names) in [
            ("'\\'' format: 1", &["format"][..]),
            ("/* /* */ a: 1 */ b: 2", &["b"]),
            ("r##\"x\"# y: \"## z: 1", &["z"]),
            ("r##x-y: 1, r#x-y: 2", &["y", "x-y"]),
            ("\"a\\\" b: 1\" c: 2", &["c"]),
        ] {
            assert_eq!(field_names(text), names, "the lexer in {text:?}");
            for cut in 0..text.len() {
                assert_eq!(scanned(text, &[cut]), names, "{text:?} cut at {cut}");
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(8192))]
        /// Read in any parts, the scan finds the names the whole text's lexer found, in
        /// texts made of the bytes that matter to RON's lexer: a name, colons, blanks, comment
        /// marks, quotes, escapes, the `r` and `#` of raw strings and identifiers, a number.
        #[test]
        fn the_scan_in_parts_finds_what_the_whole_texts_lexer_found(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "format:", "format", ":", " ", "\n", "/", "*", "\"", "\\", "'", "r", "#", "-",
                "1", "あ", "/*", "*/", "r#\"", "\"#",
            ]), 0..40),
            parts in proptest::collection::vec(0usize..12, 0..12),
        ) {
            let text: String = pieces.concat();
            proptest::prop_assert_eq!(scanned(&text, &parts), field_names(&text));
        }
    }

    #[test]
    fn names_that_need_it_are_written_raw() {
        crate::assert_gives(
            field_name,
            &[
                ("reviewed_by", "reviewed_by"),
                ("a-b", "r#a-b"),
                ("true", "r#true"),
                ("1x", "r#1x"),
            ],
        );
    }
}
