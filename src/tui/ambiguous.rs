//! Characters of ambiguous East-Asian width (box drawing ─│┌, blocks █░, ※ → ○ × … ① Ⅰ,
//! Greek and Cyrillic letters, curly quotes, many Latin-1 signs): one cell to ratatui (it
//! measures with `unicode-width`), two cells on terminals set up for Japanese — Tera Term in
//! Japanese/UTF-8 ("Ambiguous Characters Width = 2 Cell"), PuTTY's CJK option,
//! `xterm -cjk_width`. Drawn there, each one pushes the rest of its row one cell right: borders
//! overflow and wrap, and digits of one figure land inside another.
//!
//! tenken asks the terminal at start-up (`tui::term::probe`) unless told (`--ambiguous-width`,
//! `TENKEN_AMBIGUOUS_WIDTH`) or inside tmux or screen, where the question would reach the
//! multiplexer and not the terminal: there it assumes wide. When ambiguous characters are wide, nothing of ambiguous width
//! reaches the terminal: tenken's own borders and bars are ASCII (as with `--ascii`), and
//! every other ambiguous character — mostly in users' own text — is drawn as a one-cell ASCII
//! stand-in ([`stand_in`]: `※` as `*`, `→` as `>`, `①` as `1` …). The stand-in is replaced by
//! the backend at the last moment, so it applies to every screen, editors included, and the
//! file always keeps the original text; layout and the cursor agree with the terminal because
//! every cell keeps the width ratatui gave it.

use unicode_width::UnicodeWidthChar;

/// How wide the terminal draws ambiguous characters, and how tenken knows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AmbiguousWidth {
    /// Two cells (true) or one.
    pub(crate) wide: bool,
    pub(crate) source: WidthSource,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) enum WidthSource {
    /// Not asked (drawing off-screen, tests).
    #[default]
    Assumed,
    /// The terminal's answer to the start-up probe.
    Measured,
    /// The terminal did not answer in time: assumed wide, which is right on both kinds.
    NoAnswer,
    /// `--ambiguous-width`.
    Option,
    /// `TENKEN_AMBIGUOUS_WIDTH`.
    Env,
    /// Inside tmux or GNU screen, which would answer the probe for the outer terminal
    /// ("narrow" whatever it draws): assumed wide, the safe choice.
    Multiplexer,
}

/// The environment variable that forces the width (`1` or `2`).
pub(crate) const ENV: &str = "TENKEN_AMBIGUOUS_WIDTH";

impl AmbiguousWidth {
    /// The forced width from the option or, failing that, the environment (`1` or `2`;
    /// anything else in the environment is ignored), or else wide inside a multiplexer;
    /// `None` means "ask the terminal".
    pub(crate) fn forced(
        option: Option<u8>,
        env: Option<&std::ffi::OsStr>,
        multiplexer: bool,
    ) -> Option<AmbiguousWidth> {
        if let Some(n) = option {
            return Some(AmbiguousWidth {
                wide: n == 2,
                source: WidthSource::Option,
            });
        }
        match env.and_then(|v| v.to_str()).map(str::trim) {
            Some("1") => Some(AmbiguousWidth {
                wide: false,
                source: WidthSource::Env,
            }),
            Some("2") => Some(AmbiguousWidth {
                wide: true,
                source: WidthSource::Env,
            }),
            _ => multiplexer.then_some(AmbiguousWidth {
                wide: true,
                source: WidthSource::Multiplexer,
            }),
        }
    }

    /// Whether tenken runs inside tmux or GNU screen, as their environment says: `TMUX`,
    /// `STY`, or a `TERM` of `screen…` or `tmux…` (also over SSH from inside one).
    pub(crate) fn in_multiplexer(var: impl Fn(&str) -> Option<std::ffi::OsString>) -> bool {
        let set = |name| var(name).is_some_and(|v| !v.is_empty());
        let term = var("TERM").unwrap_or_default();
        let term = term.to_string_lossy();
        set("TMUX") || set("STY") || term.starts_with("screen") || term.starts_with("tmux")
    }

    /// One line for the help screen: what was found, and how to change it.
    pub(crate) fn describe(self, lang: crate::lang::Lang) -> String {
        let cells = if self.wide { 2 } else { 1 };
        let how_ja = match self.source {
            WidthSource::Assumed => "既定",
            WidthSource::Measured => "端末に問い合わせて判定",
            WidthSource::NoAnswer => "端末の応答がないため安全側を採用",
            WidthSource::Option => "--ambiguous-width で指定",
            WidthSource::Env => "TENKEN_AMBIGUOUS_WIDTH で指定",
            WidthSource::Multiplexer => {
                "tmux/screen の中では外側の端末に問い合わせられないため安全側を採用"
            }
        };
        let how_en = match self.source {
            WidthSource::Assumed => "default",
            WidthSource::Measured => "asked the terminal",
            WidthSource::NoAnswer => "the terminal did not answer; the safe choice",
            WidthSource::Option => "set by --ambiguous-width",
            WidthSource::Env => "set by TENKEN_AMBIGUOUS_WIDTH",
            WidthSource::Multiplexer => {
                "inside tmux/screen the outer terminal cannot be asked; the safe choice"
            }
        };
        let ja = format!(
            "端末の曖昧幅文字 (罫線や一部の記号): {cells} セル ({how_ja})。{}変更するには --ambiguous-width 1|2 か環境変数 TENKEN_AMBIGUOUS_WIDTH=1|2、罫線を ASCII にするには --ascii か TENKEN_ASCII=1。",
            if self.wide {
                "罫線は ASCII で、記入中のこうした記号は画面上だけ ASCII の代用文字で表示します (ファイルには元の文字のまま)。"
            } else {
                ""
            }
        );
        let en = format!(
            "Ambiguous-width characters (box drawing, some symbols) on this terminal: {cells} cell{} ({how_en}). {}To change it: --ambiguous-width 1|2 or TENKEN_AMBIGUOUS_WIDTH=1|2; ASCII borders: --ascii or TENKEN_ASCII=1.",
            if self.wide { "s" } else { "" },
            if self.wide {
                "Borders are ASCII, and such symbols in your text show as ASCII stand-ins on screen only; the file keeps the original. "
            } else {
                ""
            }
        );
        lang.pick(&ja, &en).to_string()
    }
}

/// Whether `c` is one cell to ratatui but two on an ambiguous-wide terminal: East Asian
/// Width "A" ([`AMBIGUOUS`]) and one cell wide otherwise (not a combining mark or a
/// variation selector, which have no cell of their own).
pub fn is_ambiguous(c: char) -> bool {
    let u = c as u32;
    if u < 0xA1 {
        return false; // ASCII, most of what is drawn
    }
    let at = AMBIGUOUS.partition_point(|&(_, hi)| hi < u);
    AMBIGUOUS.get(at).is_some_and(|&(lo, _)| lo <= u) && c.width() == Some(1)
}

/// The ranges of East Asian Width "A" (ambiguous), UAX #11's EastAsianWidth.txt of Unicode
/// 14.0 (as Perl 5.36 carries it: `\p{East_Asian_Width=Ambiguous}`). What `xterm -cjk_width`,
/// Tera Term, PuTTY in CJK and VTE set to "wide" draw two cells wide. Not unicode-width's
/// `width_cjk`, which keeps letters (Greek, Cyrillic, accented Latin) and some signs (´ ¨ ª º)
/// one cell wide, where these terminals do not.
#[rustfmt::skip]
const AMBIGUOUS: [(u32, u32); 179] = [
    (0x00A1, 0x00A1), (0x00A4, 0x00A4), (0x00A7, 0x00A8), (0x00AA, 0x00AA), (0x00AD, 0x00AE),
    (0x00B0, 0x00B4), (0x00B6, 0x00BA), (0x00BC, 0x00BF), (0x00C6, 0x00C6), (0x00D0, 0x00D0),
    (0x00D7, 0x00D8), (0x00DE, 0x00E1), (0x00E6, 0x00E6), (0x00E8, 0x00EA), (0x00EC, 0x00ED),
    (0x00F0, 0x00F0), (0x00F2, 0x00F3), (0x00F7, 0x00FA), (0x00FC, 0x00FC), (0x00FE, 0x00FE),
    (0x0101, 0x0101), (0x0111, 0x0111), (0x0113, 0x0113), (0x011B, 0x011B), (0x0126, 0x0127),
    (0x012B, 0x012B), (0x0131, 0x0133), (0x0138, 0x0138), (0x013F, 0x0142), (0x0144, 0x0144),
    (0x0148, 0x014B), (0x014D, 0x014D), (0x0152, 0x0153), (0x0166, 0x0167), (0x016B, 0x016B),
    (0x01CE, 0x01CE), (0x01D0, 0x01D0), (0x01D2, 0x01D2), (0x01D4, 0x01D4), (0x01D6, 0x01D6),
    (0x01D8, 0x01D8), (0x01DA, 0x01DA), (0x01DC, 0x01DC), (0x0251, 0x0251), (0x0261, 0x0261),
    (0x02C4, 0x02C4), (0x02C7, 0x02C7), (0x02C9, 0x02CB), (0x02CD, 0x02CD), (0x02D0, 0x02D0),
    (0x02D8, 0x02DB), (0x02DD, 0x02DD), (0x02DF, 0x02DF), (0x0300, 0x036F), (0x0391, 0x03A1),
    (0x03A3, 0x03A9), (0x03B1, 0x03C1), (0x03C3, 0x03C9), (0x0401, 0x0401), (0x0410, 0x044F),
    (0x0451, 0x0451), (0x2010, 0x2010), (0x2013, 0x2016), (0x2018, 0x2019), (0x201C, 0x201D),
    (0x2020, 0x2022), (0x2024, 0x2027), (0x2030, 0x2030), (0x2032, 0x2033), (0x2035, 0x2035),
    (0x203B, 0x203B), (0x203E, 0x203E), (0x2074, 0x2074), (0x207F, 0x207F), (0x2081, 0x2084),
    (0x20AC, 0x20AC), (0x2103, 0x2103), (0x2105, 0x2105), (0x2109, 0x2109), (0x2113, 0x2113),
    (0x2116, 0x2116), (0x2121, 0x2122), (0x2126, 0x2126), (0x212B, 0x212B), (0x2153, 0x2154),
    (0x215B, 0x215E), (0x2160, 0x216B), (0x2170, 0x2179), (0x2189, 0x2189), (0x2190, 0x2199),
    (0x21B8, 0x21B9), (0x21D2, 0x21D2), (0x21D4, 0x21D4), (0x21E7, 0x21E7), (0x2200, 0x2200),
    (0x2202, 0x2203), (0x2207, 0x2208), (0x220B, 0x220B), (0x220F, 0x220F), (0x2211, 0x2211),
    (0x2215, 0x2215), (0x221A, 0x221A), (0x221D, 0x2220), (0x2223, 0x2223), (0x2225, 0x2225),
    (0x2227, 0x222C), (0x222E, 0x222E), (0x2234, 0x2237), (0x223C, 0x223D), (0x2248, 0x2248),
    (0x224C, 0x224C), (0x2252, 0x2252), (0x2260, 0x2261), (0x2264, 0x2267), (0x226A, 0x226B),
    (0x226E, 0x226F), (0x2282, 0x2283), (0x2286, 0x2287), (0x2295, 0x2295), (0x2299, 0x2299),
    (0x22A5, 0x22A5), (0x22BF, 0x22BF), (0x2312, 0x2312), (0x2460, 0x24E9), (0x24EB, 0x254B),
    (0x2550, 0x2573), (0x2580, 0x258F), (0x2592, 0x2595), (0x25A0, 0x25A1), (0x25A3, 0x25A9),
    (0x25B2, 0x25B3), (0x25B6, 0x25B7), (0x25BC, 0x25BD), (0x25C0, 0x25C1), (0x25C6, 0x25C8),
    (0x25CB, 0x25CB), (0x25CE, 0x25D1), (0x25E2, 0x25E5), (0x25EF, 0x25EF), (0x2605, 0x2606),
    (0x2609, 0x2609), (0x260E, 0x260F), (0x261C, 0x261C), (0x261E, 0x261E), (0x2640, 0x2640),
    (0x2642, 0x2642), (0x2660, 0x2661), (0x2663, 0x2665), (0x2667, 0x266A), (0x266C, 0x266D),
    (0x266F, 0x266F), (0x269E, 0x269F), (0x26BF, 0x26BF), (0x26C6, 0x26CD), (0x26CF, 0x26D3),
    (0x26D5, 0x26E1), (0x26E3, 0x26E3), (0x26E8, 0x26E9), (0x26EB, 0x26F1), (0x26F4, 0x26F4),
    (0x26F6, 0x26F9), (0x26FB, 0x26FC), (0x26FE, 0x26FF), (0x273D, 0x273D), (0x2776, 0x277F),
    (0x2B56, 0x2B59), (0x3248, 0x324F), (0xE000, 0xF8FF), (0xFE00, 0xFE0F), (0xFFFD, 0xFFFD),
    (0x1F100, 0x1F10A), (0x1F110, 0x1F12D), (0x1F130, 0x1F169), (0x1F170, 0x1F18D),
    (0x1F18F, 0x1F190), (0x1F19B, 0x1F1AC), (0xE0100, 0xE01EF), (0xF0000, 0xFFFFD),
    (0x100000, 0x10FFFD),
];

/// A one-cell ASCII stand-in for an ambiguous-width character.
pub(crate) fn stand_in(c: char) -> char {
    match c {
        // Box drawing: lines, then everything else (corners, crossings).
        '─' | '━' | '┄' | '┅' | '┈' | '┉' | '═' | '╌' | '╍' | '╴' | '╶' | '╸' | '╺' => {
            '-'
        }
        '│' | '┃' | '┆' | '┇' | '┊' | '┋' | '║' | '╎' | '╏' | '╵' | '╷' | '╹' | '╻' => {
            '|'
        }
        '\u{2500}'..='\u{257F}' => '+',
        // Block elements: shades light to full.
        '░' => '.',
        '▒' => ':',
        '\u{2580}'..='\u{259F}' => '#',
        '※' | '＊' | '★' | '☆' | '●' | '◆' | '■' | '▲' | '▼' | '♪' | '♭' => {
            '*'
        }
        '○' | '◎' | '◯' | '〇' | '°' | '◇' | '□' | '△' | '▽' | '◦' => 'o',
        '→' | '⇒' | '▶' | '▷' | '►' | '»' | '›' => '>',
        '←' | '⇐' | '◀' | '◁' | '◄' | '«' | '‹' => '<',
        '↑' => '^',
        '↓' => 'v',
        '↔' | '⇔' => '=',
        '×' => 'x',
        '÷' => '/',
        '±' => '+',
        '…' | '‥' | '·' | '・' => '.',
        '‐' | '–' | '—' | '―' | '−' | '¯' | '~' => '-',
        '‘' | '’' | '′' | '´' | '`' => '\'',
        '“' | '”' | '″' | '¨' => '"',
        '§' => 'S',
        '¶' => 'P',
        '¥' => 'Y',
        '¢' => 'c',
        '£' => 'L',
        '€' => 'E',
        '℃' => 'C',
        '№' => 'N',
        '™' => 'T',
        '®' => 'R',
        '©' => 'C',
        '¿' => '?',
        '¡' => '!',
        '≒' | '≈' | '≡' => '=',
        '≠' => '#',
        '≦' | '≤' | '≪' => '<',
        '≧' | '≥' | '≫' => '>',
        '∞' => '8',
        // ① … ⑳, ⑴ … ⒇, ⒈ … ⒛: the number's last digit.
        '\u{2460}'..='\u{2473}' => digit((c as u32 - 0x2460 + 1) % 10),
        '\u{2474}'..='\u{2487}' => digit((c as u32 - 0x2474 + 1) % 10),
        '\u{2488}'..='\u{249B}' => digit((c as u32 - 0x2488 + 1) % 10),
        // Ⅰ … Ⅻ, ⅰ … ⅻ.
        '\u{2160}'..='\u{216B}' => roman(c as u32 - 0x2160, false),
        '\u{2170}'..='\u{217B}' => roman(c as u32 - 0x2170, true),
        // μ as in µm; every other letter as [`letter`] reads it.
        'μ' | 'Μ' => 'u',
        c => letter(c),
    }
}

/// The ASCII letter an ambiguous letter is read as: its base letter or digit (é, ǎ, ª, ²),
/// else the Latin letter of a Greek or Cyrillic one, else `?`.
fn letter(c: char) -> char {
    use unicode_normalization::UnicodeNormalization as _;
    if let Some(base) = std::iter::once(c)
        .nfkd()
        .next()
        .filter(char::is_ascii_alphanumeric)
    {
        return base;
    }
    const GREEK: &[u8; 25] = b"abgdezhqiklmnxoprsstufxyw";
    const CYRILLIC: &[u8; 32] = b"abvgdezziiklmnoprstufhccss'y'eua";
    let pick = |table: &[u8], i: u32| table.get(i as usize).map_or('?', |b| *b as char);
    match c as u32 {
        u @ 0x0391..=0x03A9 => pick(GREEK, u - 0x0391),
        u @ 0x03B1..=0x03C9 => pick(GREEK, u - 0x03B1),
        u @ 0x0410..=0x042F => pick(CYRILLIC, u - 0x0410),
        u @ 0x0430..=0x044F => pick(CYRILLIC, u - 0x0430),
        0x0401 | 0x0451 => 'e',
        _ => match c {
            'Ð' | 'ð' | 'Đ' | 'đ' => 'd',
            'Þ' | 'þ' => 'p',
            'Ø' | 'ø' | 'Œ' | 'œ' => 'o',
            'Ħ' | 'ħ' => 'h',
            'ı' | 'ĳ' | 'Ĳ' => 'i',
            'ĸ' => 'k',
            'Ŀ' | 'ŀ' | 'Ł' | 'ł' => 'l',
            'ŉ' | 'Ŋ' | 'ŋ' => 'n',
            'Ŧ' | 'ŧ' => 't',
            'ß' => 's',
            'Æ' | 'æ' => 'e',
            'ɑ' => 'a',
            'ɡ' => 'g',
            '\u{AD}' => '-',
            _ => '?',
        },
    }
}

fn digit(n: u32) -> char {
    char::from_digit(n, 10).unwrap_or('?')
}

fn roman(i: u32, lower: bool) -> char {
    // Ⅰ Ⅱ Ⅲ Ⅳ Ⅴ Ⅵ Ⅶ Ⅷ Ⅸ Ⅹ Ⅺ Ⅻ: the leading letter.
    let c = match i {
        0..=2 => 'I',
        3 | 8 => 'I',
        4..=7 => 'V',
        _ => 'X',
    };
    if lower { c.to_ascii_lowercase() } else { c }
}

/// `symbol` (one cell's text) as it may be drawn on an ambiguous-wide terminal: unchanged when
/// nothing in it is ambiguous, else with each ambiguous character replaced by its stand-in.
pub(crate) fn narrow_symbol(symbol: &str) -> std::borrow::Cow<'_, str> {
    if !symbol.chars().any(is_ambiguous) {
        return std::borrow::Cow::Borrowed(symbol);
    }
    std::borrow::Cow::Owned(
        symbol
            .chars()
            .map(|c| if is_ambiguous(c) { stand_in(c) } else { c })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsStr;

    #[test]
    fn stand_ins_are_narrow_everywhere() {
        // Every ambiguous character of the BMP gets a one-cell ASCII stand-in.
        for c in (0u32..0x10000).filter_map(char::from_u32) {
            if is_ambiguous(c) {
                let s = stand_in(c);
                assert!(s.is_ascii() && !s.is_ascii_control(), "{c:?} -> {s:?}");
            }
        }
    }

    #[test]
    fn common_characters_of_japanese_comments() {
        let shown: String = "※確認→済 ○× … ①⑫ Ⅳ §3 “引用”"
            .chars()
            .map(|c| if is_ambiguous(c) { stand_in(c) } else { c })
            .collect();
        assert_eq!(shown, "*確認>済 ox . 12 I S3 \"引用\"");
        for c in ['─', '│', '┌', '█', '※', '→', '○', '①', 'Ⅰ', '…', '§', '×']
        {
            assert!(is_ambiguous(c), "{c:?}");
        }
        for c in ['点', 'a', 'ｶ', '・', '〇', '＊'] {
            assert!(!is_ambiguous(c), "{c:?}");
        }
        assert_eq!(narrow_symbol("┌"), "+");
        assert!(matches!(narrow_symbol("検"), std::borrow::Cow::Borrowed(_)));
    }

    /// Greek, Cyrillic and some accented Latin letters are East Asian Ambiguous (UAX #11):
    /// `xterm -cjk_width`, Tera Term and PuTTY in CJK draw them two cells wide, but
    /// unicode-width's `width_cjk` keeps letters one cell wide, so they reached such a
    /// terminal unchanged and shifted the pane after them.
    #[test]
    fn ambiguous_letters_get_stand_ins_too() {
        let shown: String = "a:α b:β Ω ω Д д ё Σ é ß æ ø ł ª º ´ ¨ ² ¤"
            .chars()
            .map(|c| if is_ambiguous(c) { stand_in(c) } else { c })
            .collect();
        assert!(shown.is_ascii(), "{shown}");
        assert_eq!(shown, "a:a b:b w w d d e s e s e o l a o ' \" 2 ?");
        // Characters that are not ambiguous stay: ASCII, kana, kanji, À (neutral), combining
        // marks (no cell of their own).
        for c in ['a', 'ｶ', '点', 'À', '¯', '\u{301}', '\u{FE0F}'] {
            assert!(!is_ambiguous(c), "{c:?}");
        }
    }

    #[test]
    fn the_help_line_says_what_was_found_and_how_to_change_it() {
        use crate::lang::Lang;
        let w = AmbiguousWidth {
            wide: true,
            source: WidthSource::NoAnswer,
        };
        let ja = w.describe(Lang::Ja);
        assert!(ja.contains("2 セル") && ja.contains("応答がない"), "{ja}");
        assert!(ja.contains("--ambiguous-width") && ja.contains(ENV));
        let en = AmbiguousWidth {
            wide: false,
            source: WidthSource::Measured,
        }
        .describe(Lang::En);
        assert!(en.contains("1 cell (asked the terminal)"), "{en}");
        // The line itself draws the same on every terminal.
        assert!(!ja.chars().chain(en.chars()).any(is_ambiguous));
    }

    #[test]
    fn option_wins_over_environment() {
        let f = AmbiguousWidth::forced;
        assert_eq!(f(None, None, false), None);
        assert_eq!(f(None, Some(OsStr::new("x")), false), None);
        assert!(f(None, Some(OsStr::new("2")), false).unwrap().wide);
        assert!(!f(None, Some(OsStr::new("1")), false).unwrap().wide);
        let o = f(Some(1), Some(OsStr::new("2")), false).unwrap();
        assert_eq!((o.wide, o.source), (false, WidthSource::Option));
        // Inside a multiplexer: wide unless told.
        let m = f(None, None, true).unwrap();
        assert_eq!((m.wide, m.source), (true, WidthSource::Multiplexer));
        assert!(!f(None, Some(OsStr::new("1")), true).unwrap().wide);
        assert!(!f(Some(1), None, true).unwrap().wide);
    }

    #[test]
    fn multiplexers_are_known_by_their_environment() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| std::ffi::OsString::from(v))
            }
        };
        let m = AmbiguousWidth::in_multiplexer;
        assert!(m(env(&[("TMUX", "/tmp/tmux-0/default,1,0")])));
        assert!(m(env(&[("STY", "1.pts-0.h")])));
        assert!(m(env(&[("TERM", "screen-256color")])));
        assert!(m(env(&[("TERM", "tmux-256color")])));
        assert!(!m(env(&[("TERM", "xterm-256color")])));
        assert!(!m(env(&[("TMUX", "")])));
    }
}
