//! Where a word begins, for the text fields' word keys (Alt-B/F, Ctrl-W, Alt-Backspace) in
//! Japanese text, which has no spaces between words.
//!
//! The textarea's own word motion knows three kinds of character (blank, ASCII punctuation,
//! everything else), so in 「庁舎の入退室は記録している。監視カメラを設置」 the whole line is one
//! word and Ctrl-W takes all of it. Here, as in Vim (`utf_class`: a class per script), a word
//! is a run of one kind: kanji (with 々), hiragana, katakana (with ー), punctuation (ASCII, and
//! the Japanese 、。「」・ and full-width marks), or letters and digits; blanks (the ideographic
//! space too) separate words and belong to none. Ctrl-W at the end of that line takes 設置,
//! then を, then カメラ.

/// What kind of character, for word motions: a word is a run of one kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Blank,
    Punctuation,
    Hiragana,
    Katakana,
    Kanji,
    /// Letters, digits and anything else (full-width letters and digits too).
    Other,
}

fn kind(c: char) -> Kind {
    match c {
        c if c.is_whitespace() => Kind::Blank,
        '_' => Kind::Other,
        c if c.is_ascii_punctuation() => Kind::Punctuation,
        // CJK symbols and punctuation (、。〃「」『』【】〜…), the middle dot, and the
        // full-width forms of ASCII punctuation.
        '\u{3001}'..='\u{3004}'
        | '\u{3008}'..='\u{3020}'
        | '\u{3030}'
        | '\u{303D}'
        | '\u{30FB}'
        | '\u{2010}'..='\u{2027}'
        | '\u{FF01}'..='\u{FF0F}'
        | '\u{FF1A}'..='\u{FF20}'
        | '\u{FF3B}'..='\u{FF40}'
        | '\u{FF5B}'..='\u{FF65}' => Kind::Punctuation,
        '\u{3041}'..='\u{309F}' => Kind::Hiragana,
        '\u{30A0}'..='\u{30FF}' | '\u{31F0}'..='\u{31FF}' | '\u{FF66}'..='\u{FF9F}' => {
            Kind::Katakana
        }
        // 々 〆 〇, the CJK ideographs (extension A, the unified block, the compatibility
        // ideographs, the supplementary planes' extensions).
        '\u{3005}'..='\u{3007}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{3FFFF}' => Kind::Kanji,
        _ => Kind::Other,
    }
}

/// The column (in characters) where the word before column `col` of `line` begins, blanks
/// before the cursor skipped; 0 when it is the line's first.
pub(super) fn start_before(line: &str, col: usize) -> usize {
    let end = line.char_indices().nth(col).map_or(line.len(), |(i, _)| i);
    let mut at = line[..end].chars().count();
    let mut before = line[..end].chars().rev().map(kind).peekable();
    while before.next_if_eq(&Kind::Blank).is_some() {
        at -= 1;
    }
    let Some(word) = before.peek().copied() else {
        return 0;
    };
    while before.next_if_eq(&word).is_some() {
        at -= 1;
    }
    at
}

/// The column where the next word after column `col` of `line` begins (the rest of the word
/// under the cursor and the blanks after it skipped); `None` when no word begins after it on
/// this line.
pub(super) fn start_after(line: &str, col: usize) -> Option<usize> {
    let mut kinds = line.chars().skip(col).map(kind);
    let mut prev = kinds.next()?;
    for (k, cur) in (col + 1..).zip(kinds) {
        if cur != Kind::Blank && cur != prev {
            return Some(k);
        }
        prev = cur;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const LINE: &str = "庁舎の入退室は記録している。監視カメラを設置";

    fn len(s: &str) -> usize {
        s.chars().count()
    }

    /// The words before the end of `line`, taken back one at a time as Ctrl-W takes them.
    fn taken_back(line: &str) -> Vec<String> {
        let chars: Vec<char> = line.chars().collect();
        let mut end = chars.len();
        let mut words = Vec::new();
        while end > 0 {
            let start = start_before(line, end);
            words.push(chars[start..end].iter().collect());
            end = start;
        }
        words
    }

    #[test]
    fn a_japanese_line_is_taken_back_a_script_at_a_time() {
        assert_eq!(
            taken_back(LINE),
            [
                "設置",
                "を",
                "カメラ",
                "監視",
                "。",
                "している",
                "記録",
                "は",
                "入退室",
                "の",
                "庁舎"
            ]
        );
        assert_eq!(
            taken_back("年2回、外部監査（ISO 27001）を受けている"),
            [
                "けている",
                "受",
                "を",
                "）",
                "27001",
                "ISO ",
                "（",
                "外部監査",
                "、",
                "回",
                "2",
                "年"
            ]
        );
        // 々 belongs to its kanji, ー to its katakana, the ideographic space to no word.
        assert_eq!(
            taken_back("各々のサーバー　点検"),
            ["点検", "サーバー　", "の", "各々"]
        );
    }

    #[test]
    fn english_words_as_before() {
        assert_eq!(taken_back("aaa bbb"), ["bbb", "aaa "]);
        assert_eq!(taken_back("fn foo(a)"), [")", "a", "(", "foo", "fn "]);
        assert_eq!(
            start_before("  x", 1),
            0,
            "only blanks before: the line's start"
        );
        assert_eq!(start_before("", 0), 0);
    }

    #[test]
    fn forward_to_the_next_word() {
        let mut at = 0;
        let mut starts = Vec::new();
        while let Some(next) = start_after(LINE, at) {
            starts.push(next);
            at = next;
        }
        assert_eq!(
            starts,
            [
                len("庁舎"),
                len("庁舎の"),
                len("庁舎の入退室"),
                len("庁舎の入退室は"),
                len("庁舎の入退室は記録"),
                len("庁舎の入退室は記録している"),
                len("庁舎の入退室は記録している。"),
                len("庁舎の入退室は記録している。監視"),
                len("庁舎の入退室は記録している。監視カメラ"),
                len("庁舎の入退室は記録している。監視カメラを"),
            ]
        );
        assert_eq!(start_after("aaa  bbb", 1), Some(5), "blanks skipped");
        assert_eq!(start_after("aaa  ", 1), None);
        assert_eq!(start_after("abc", 3), None, "at the end");
    }
}
