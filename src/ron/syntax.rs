//! A RON syntax error in plain words, Japanese and English: what the RON parser and serde
//! report ("Expected closing `)`", "Expected u8 but found the string \"x\" instead") is English
//! and speaks of parser and type internals, so errors keep the structure ([`Syntax`]) and are
//! put into words for a language only where they are shown.

use crate::lang::{Lang, say};

/// What kind of value a place in the file needs or has, in words a person writing RON by hand
/// understands (not serde's `u8`, `struct Answer`, `a borrowed string`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueKind {
    Text,
    WholeNumber,
    Number,
    TrueFalse,
    Char,
    Group,
    Map,
    List,
    Optional,
    Nothing,
    Choice,
    Name,
    Other,
}

impl ValueKind {
    /// serde's description of what a visitor expected (`u8`, `a string`, `struct Plan`, …).
    fn of_expected(s: &str) -> ValueKind {
        use ValueKind::*;
        let s = s.to_ascii_lowercase();
        let number_type = |p: char| {
            s.strip_prefix(p)
                .is_some_and(|rest| !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit()))
        };
        // A type name such as `u8` or `f64` is all it says (it holds none of the words below).
        if s.contains("string") || s.contains("str") && !s.contains("struct") {
            Text
        } else if number_type('u') || number_type('i') {
            WholeNumber
        } else if number_type('f') {
            Number
        } else {
            Self::first_named(
                &s,
                &[
                    (&["bool"], TrueFalse),
                    (&["integer"], WholeNumber),
                    (&["float"], Number),
                    (&["char"], Char),
                    (&["map", "{"], Map),
                    (&["struct", "tuple", "("], Group),
                    (&["seq", "array", "["], List),
                    (&["option"], Optional),
                    (&["unit"], Nothing),
                    (&["enum", "variant"], Choice),
                ],
            )
        }
    }

    /// ron's description of what it found (`the unsigned integer `5``, `a map`, …).
    fn of_found(s: &str) -> ValueKind {
        use ValueKind::*;
        if s.starts_with("the boolean") {
            return TrueFalse;
        }
        Self::first_named(
            s,
            &[
                (&["integer"], WholeNumber),
                (&["floating point"], Number),
                (&["character"], Char),
                (&["string"], Text),
                (&["unit value"], Nothing),
                (&["optional"], Optional),
                (&["sequence"], List),
                (&["map"], Map),
                (&["enum", "variant"], Choice),
                (&["struct"], Group),
            ],
        )
    }

    /// The kind of the first row one of whose words `s` contains, in the rows' order.
    fn first_named(s: &str, rows: &[(&[&str], ValueKind)]) -> ValueKind {
        rows.iter()
            .find(|(words, _)| words.iter().any(|w| s.contains(w)))
            .map_or(ValueKind::Other, |&(_, kind)| kind)
    }

    pub(crate) fn text(self, lang: Lang) -> &'static str {
        let (ja, en) = match self {
            ValueKind::Text => ("文字列（\"…\"）", "text in double quotes (\"…\")"),
            ValueKind::WholeNumber => ("整数", "a whole number"),
            ValueKind::Number => ("数値", "a number"),
            ValueKind::TrueFalse => ("真偽値（true か false）", "true or false"),
            ValueKind::Char => ("1 文字（'…'）", "one character ('…')"),
            ValueKind::Group => ("( … ) の組", "a group ( … )"),
            ValueKind::Map => ("{ … } の一覧", "a map { … }"),
            ValueKind::List => ("[ … ] のリスト", "a list [ … ]"),
            ValueKind::Optional => ("値（または None）", "a value or None"),
            ValueKind::Nothing => ("空の値 ()", "an empty value ()"),
            ValueKind::Choice => ("決められた名前のどれか", "one of the names allowed here"),
            ValueKind::Name => ("項目名", "a field name"),
            ValueKind::Other => ("別の種類の値", "another kind of value"),
        };
        lang.pick(ja, en)
    }
}

/// What is wrong in a RON text, in words that name no parser or type internals.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Syntax {
    /// A punctuation mark is needed here: `)`, `]`, `}`, `(`, `[`, `{`, `,`, `:`, `"`.
    Needed(&'static str),
    /// A value of this kind is needed here.
    NeedValue(ValueKind),
    /// The text ends in the middle.
    UnexpectedEnd,
    /// This character cannot stand here.
    UnexpectedChar(char),
    /// More text after the closing `)`.
    Trailing,
    UnclosedComment,
    BadEscape,
    BadNumber,
    NumberOutOfRange,
    /// A value of the wrong kind.
    WrongType {
        expected: ValueKind,
        found: ValueKind,
    },
    /// A list or group with the wrong number of elements.
    WrongLength(usize),
    /// A name that is none of the allowed ones.
    UnknownChoice {
        found: String,
        allowed: Vec<&'static str>,
    },
    /// A field that does not belong here.
    UnknownField {
        found: String,
        allowed: Vec<&'static str>,
    },
    MissingField(&'static str),
    DuplicateField(&'static str),
    BadName(String),
    TooDeep,
    /// A timestamp that is not RFC 3339 with an offset.
    BadTimestamp,
    /// A score outside 0–3 (the number as written).
    BadScore(String),
    /// A key (item id, profile question) given twice in a map.
    KeyTwice(String),
    /// Text is not UTF-8.
    NotUtf8,
    /// Anything else; the English text is kept when it is tenken's or a library's plain
    /// sentence, never shown in Japanese.
    Other(String),
}

/// The start of the message `sheet::Score` gives for a score outside 0–3.
pub(crate) const SCORE_RANGE: &str = "score must be 0, 1, 2 or 3, not ";
/// The end of the message a map with a key given twice gives.
pub(crate) const KEY_TWICE: &str = " is given twice (answered twice); keep one of them";

impl Syntax {
    pub(crate) fn from_ron(e: &ron::Error) -> Syntax {
        use ron::Error as E;
        match e {
            E::Eof => Syntax::UnexpectedEnd,
            E::ExpectedArray => Syntax::Needed("["),
            E::ExpectedArrayEnd => Syntax::Needed("]"),
            E::ExpectedComma => Syntax::Needed(","),
            E::ExpectedOptionEnd | E::ExpectedStructLikeEnd => Syntax::Needed(")"),
            E::ExpectedMap => Syntax::Needed("{"),
            E::ExpectedMapColon => Syntax::Needed(":"),
            E::ExpectedMapEnd => Syntax::Needed("}"),
            E::ExpectedStructLike | E::ExpectedNamedStructLike(_) => Syntax::Needed("("),
            E::ExpectedStringEnd => Syntax::Needed("\""),
            E::ExpectedAttributeEnd => Syntax::Needed(")]"),
            E::ExpectedBoolean => Syntax::NeedValue(ValueKind::TrueFalse),
            E::ExpectedChar => Syntax::NeedValue(ValueKind::Char),
            E::ExpectedFloat => Syntax::NeedValue(ValueKind::Number),
            E::ExpectedInteger => Syntax::NeedValue(ValueKind::WholeNumber),
            E::ExpectedOption => Syntax::NeedValue(ValueKind::Optional),
            E::ExpectedUnit => Syntax::NeedValue(ValueKind::Nothing),
            E::ExpectedString | E::ExpectedByteString | E::ExpectedByteLiteral => {
                Syntax::NeedValue(ValueKind::Text)
            }
            E::ExpectedIdentifier => Syntax::NeedValue(ValueKind::Name),
            E::FloatUnderscore | E::UnderscoreAtBeginning | E::InvalidIntegerDigit { .. } => {
                Syntax::BadNumber
            }
            E::IntegerOutOfBounds => Syntax::NumberOutOfRange,
            E::InvalidEscape(_) => Syntax::BadEscape,
            E::UnclosedBlockComment | E::UnclosedLineComment => Syntax::UnclosedComment,
            E::UnexpectedChar(c) => Syntax::UnexpectedChar(*c),
            E::Utf8Error(_) => Syntax::NotUtf8,
            E::TrailingCharacters => Syntax::Trailing,
            // `time`'s visitors: "an RFC3339-formatted `OffsetDateTime`".
            E::InvalidValueForType { expected, .. }
                if expected.contains("DateTime") || expected.contains("RFC3339") =>
            {
                Syntax::BadTimestamp
            }
            E::InvalidValueForType { expected, found } => Syntax::WrongType {
                expected: ValueKind::of_expected(expected),
                found: ValueKind::of_found(found),
            },
            E::ExpectedDifferentLength { found, .. } => Syntax::WrongLength(*found),
            E::NoSuchEnumVariant {
                expected, found, ..
            } => Syntax::UnknownChoice {
                found: found.clone(),
                allowed: expected.to_vec(),
            },
            E::NoSuchStructField {
                expected, found, ..
            } => Syntax::UnknownField {
                found: found.clone(),
                allowed: expected.to_vec(),
            },
            E::MissingStructField { field, .. } => Syntax::MissingField(field),
            E::DuplicateStructField { field, .. } => Syntax::DuplicateField(field),
            E::InvalidIdentifier(s) | E::SuggestRawIdentifier(s) | E::ExpectedStructName(s) => {
                Syntax::BadName(s.clone())
            }
            E::ExpectedDifferentStructName { found, .. } => Syntax::BadName(found.clone()),
            E::ExceededRecursionLimit => Syntax::TooDeep,
            E::Message(m) => Syntax::from_message(m),
            _ => Syntax::Other(String::new()),
        }
    }

    /// A message given through `serde::de::Error::custom`: tenken's own (score, key twice),
    /// `time`'s for timestamps, or another library's.
    fn from_message(m: &str) -> Syntax {
        if let Some(n) = m.strip_prefix(SCORE_RANGE) {
            Syntax::BadScore(n.to_string())
        } else if let Some(key) = m.strip_suffix(KEY_TWICE) {
            Syntax::KeyTwice(key.to_string())
        } else if m.contains("component") {
            Syntax::BadTimestamp
        } else {
            Syntax::Other(m.to_string())
        }
    }

    pub(crate) fn text(&self, lang: Lang) -> String {
        let ja = lang == Lang::Ja;
        let list = |names: &[&str]| {
            names
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let pick = |j: &str, e: &str| lang.pick(j, e).to_string();
        match self {
            Syntax::Needed(",") => pick(
                "ここに `,`（カンマ）が必要です",
                "a comma `,` is needed here",
            ),
            Syntax::Needed(":") => pick(
                "ここに `:`（コロン）が必要です",
                "a colon `:` is needed here",
            ),
            Syntax::Needed("\"") => pick(
                "この文字列を閉じる `\"` がありません",
                "this text has no closing `\"`",
            ),
            Syntax::Needed(t) => say!(lang, "ここに `{t}` が必要です", "`{t}` is needed here"),
            Syntax::NeedValue(k) => say!(
                lang,
                "ここに{}が必要です",
                "{} is needed here",
                k.text(lang)
            ),
            Syntax::UnexpectedEnd => pick(
                "ファイルが途中で終わっています（閉じかっこや引用符が足りません）",
                "the file ends in the middle (a closing bracket or quote is missing)",
            ),
            Syntax::UnexpectedChar(c) => {
                let c = crate::safe_text::sanitize_line(&c.to_string()).into_owned();
                say!(lang, "ここに `{c}` は書けません", "`{c}` cannot stand here")
            }
            Syntax::Trailing => pick(
                "最後の `)` の後に余分な文字があります",
                "there is more text after the closing `)`",
            ),
            Syntax::UnclosedComment => pick(
                "コメント /* … */ が閉じていません",
                "a comment /* … */ is not closed",
            ),
            Syntax::BadEscape => pick(
                "文字列の中の \\ の書き方が正しくありません",
                "a \\ escape in a string is not valid",
            ),
            Syntax::BadNumber => pick(
                "数の書き方が正しくありません",
                "the number is not written correctly",
            ),
            Syntax::NumberOutOfRange => pick(
                "数が大きすぎるか小さすぎます",
                "the number is too large or too small",
            ),
            Syntax::WrongType { expected, found } => say!(
                lang,
                "値の種類が違います: ここには{}が必要ですが、{}が書かれています",
                "wrong kind of value: {} is needed here, but {} is written",
                expected.text(lang),
                found.text(lang)
            ),
            Syntax::WrongLength(n) => say!(
                lang,
                "要素の数が違います（{n} 個あります）",
                "wrong number of elements ({n} given)"
            ),
            Syntax::UnknownChoice { found, allowed } => say!(
                lang,
                "`{found}` はここでは使えません（使えるのは {}）",
                "`{found}` is not allowed here (allowed: {})",
                list(allowed)
            ),
            Syntax::UnknownField { found, allowed } => say!(
                lang,
                "`{found}` という項目はここにはありません（書ける項目: {}）",
                "there is no field `{found}` here (the fields are {})",
                list(allowed)
            ),
            Syntax::MissingField(f) => say!(
                lang,
                "必須の項目 `{f}` がありません",
                "the required field `{f}` is missing"
            ),
            Syntax::DuplicateField(f) => say!(
                lang,
                "項目 `{f}` が 2 回書かれています",
                "the field `{f}` appears twice"
            ),
            Syntax::BadName(n) => say!(
                lang,
                "`{n}` は名前として正しくありません",
                "`{n}` is not a valid name here"
            ),
            Syntax::TooDeep => pick(
                "かっこの入れ子が深すぎます",
                "brackets are nested too deeply",
            ),
            Syntax::BadTimestamp => pick(
                "日時の書き方が正しくありません: 時差付きの RFC 3339 で書きます（例 \"2026-11-25T10:00:00+09:00\"）",
                "the timestamp is not valid: a timestamp is RFC 3339 with an offset, e.g. \"2026-11-25T10:00:00+09:00\"",
            ),
            Syntax::BadScore(n) => say!(
                lang,
                "点数は 0, 1, 2, 3 のどれかです（{n} は使えません）",
                "{SCORE_RANGE}{n}"
            ),
            Syntax::KeyTwice(k) => say!(
                lang,
                "{k} が 2 回書かれています（2 回回答されています）。どちらか一つにしてください",
                "{k}{KEY_TWICE}"
            ),
            Syntax::NotUtf8 => pick("UTF-8 のテキストではありません", "not UTF-8 text"),
            Syntax::Other(m) if ja || m.is_empty() => lang
                .pick(
                    "RON の書き方が正しくありません",
                    "the RON text is not valid here",
                )
                .into(),
            Syntax::Other(m) => m.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ron_err(src: &str) -> Syntax {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct T {
            n: u8,
            s: String,
        }
        Syntax::from_ron(&ron::from_str::<T>(src).unwrap_err().code)
    }

    #[test]
    fn ron_errors_become_plain_words_in_both_languages() {
        let cases = [
            ("(n: 1 s: \"x\")", "ここに `,`（カンマ）が必要です"),
            ("(n: 1, s: \"x\"", "が必要です"),
            ("(n: 1, s: \"x", "閉じる `\"` がありません"),
            ("(n: \"x\", s: \"x\")", "ここに整数が必要です"),
            ("(s: \"x\")", "必須の項目 `n` がありません"),
            ("(n: 1, s: \"x\") x", "余分な文字"),
        ];
        for (src, ja) in cases {
            let s = ron_err(src);
            let shown = s.text(Lang::Ja);
            assert!(shown.contains(ja), "{src}: {shown}");
            for word in [
                "expected",
                "Expected",
                "invalid type",
                "found",
                "u8",
                "struct",
            ] {
                assert!(!shown.contains(word), "{src}: {shown}");
                assert!(
                    !s.text(Lang::En).contains(word),
                    "{src}: {}",
                    s.text(Lang::En)
                );
            }
        }
        assert_eq!(Syntax::Needed(")").text(Lang::Ja), "ここに `)` が必要です");
        let e = ron::Error::InvalidValueForType {
            expected: "u8".into(),
            found: "the string \"x\"".into(),
        };
        let s = Syntax::from_ron(&e);
        assert_eq!(
            s,
            Syntax::WrongType {
                expected: ValueKind::WholeNumber,
                found: ValueKind::Text
            }
        );
        assert_eq!(
            s.text(Lang::Ja),
            "値の種類が違います: ここには整数が必要ですが、文字列（\"…\"）が書かれています"
        );
    }

    /// How serde's and ron's descriptions are read, pinned (the words are matched in order).
    #[test]
    fn value_kinds_are_read_from_serde_and_ron_descriptions() {
        use ValueKind::*;
        let expected = [
            ("u8", WholeNumber),
            ("i64", WholeNumber),
            ("f32", Number),
            ("a string", Text),
            ("a borrowed string", Text),
            ("&str", Text),
            ("a boolean", TrueFalse),
            ("an integer", WholeNumber),
            ("a float", Number),
            ("a char", Char),
            ("a map", Map),
            ("{...}", Map),
            ("struct Plan", Group),
            ("a tuple of size 2", Group),
            ("(a, b)", Group),
            ("a sequence", List),
            ("an array of length 3", List),
            ("[x]", List),
            ("an option", Optional),
            ("unit", Nothing),
            ("enum Score", Choice),
            ("variant identifier", Choice),
            ("u", Other),
            ("something else", Other),
        ];
        let found = [
            ("the boolean `true`", TrueFalse),
            ("the unsigned integer `5`", WholeNumber),
            ("the signed integer `-1`", WholeNumber),
            ("the floating point `1.5`", Number),
            ("the character `a`", Char),
            ("the string \"x\"", Text),
            ("the string \"an integer\"", WholeNumber),
            ("a unit value", Nothing),
            ("an optional value", Optional),
            ("a sequence", List),
            ("a map", Map),
            ("an enum", Choice),
            ("a unit variant", Choice),
            ("a struct", Group),
            ("bytes", Other),
        ];
        let seen: Vec<_> = expected
            .iter()
            .map(|(s, _)| (*s, ValueKind::of_expected(s)))
            .collect();
        assert_eq!(seen, expected);
        let seen: Vec<_> = found
            .iter()
            .map(|(s, _)| (*s, ValueKind::of_found(s)))
            .collect();
        assert_eq!(seen, found);
    }
}
