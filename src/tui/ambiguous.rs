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

/// Whether `c` is one cell to ratatui but two on an ambiguous-wide terminal.
pub fn is_ambiguous(c: char) -> bool {
    c.width() == Some(1) && c.width_cjk() == Some(2)
}

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
        // Greek and Cyrillic letters, accented Latin letters: the base letter when there is
        // an obvious one.
        'α' | 'Α' => 'a',
        'β' | 'Β' => 'b',
        'γ' | 'Γ' => 'g',
        'δ' | 'Δ' => 'd',
        'ε' | 'Ε' => 'e',
        'μ' | 'Μ' => 'u',
        'π' | 'Π' => 'p',
        'σ' | 'Σ' => 's',
        'ω' | 'Ω' => 'w',
        'À'..='Å' => 'A',
        'à'..='å' => 'a',
        'È'..='Ë' => 'E',
        'è'..='ë' => 'e',
        'Ì'..='Ï' => 'I',
        'ì'..='ï' => 'i',
        'Ò'..='Ö' | 'Ø' => 'O',
        'ò'..='ö' | 'ø' => 'o',
        'Ù'..='Ü' => 'U',
        'ù'..='ü' => 'u',
        'Ñ' => 'N',
        'ñ' => 'n',
        'Ç' => 'C',
        'ç' => 'c',
        'ß' => 's',
        'Æ' | 'æ' => 'e',
        _ => '?',
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
