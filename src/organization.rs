//! Who a sheet is: the 団体コード (全国地方公共団体コード) and its check digit, the 47 都道府県,
//! and the identity by which `aggregate` (counted twice?) and `diff` (the same organisation as
//! last year?) tell organisations apart. Pure.
//!
//! A 団体コード is six digits: the prefecture (01–47, JIS X 0401), three digits for the
//! organisation, and a check digit (検査数字): with weights 6, 5, 4, 3, 2 on the first five
//! digits, `r` = the weighted sum mod 11, and the check digit is the last digit of `11 − r`
//! (so `r` = 0 gives 1 and `r` = 1 gives 0). 東京都 is 130001, 東京都府中市 132063,
//! 広島県府中市 342084.

use unicode_normalization::UnicodeNormalization as _;

use crate::lang::Lang;

/// The 47 都道府県 in the order of their codes (01 北海道 … 47 沖縄県).
pub(crate) const PREFECTURES: [&str; 47] = [
    "北海道",
    "青森県",
    "岩手県",
    "宮城県",
    "秋田県",
    "山形県",
    "福島県",
    "茨城県",
    "栃木県",
    "群馬県",
    "埼玉県",
    "千葉県",
    "東京都",
    "神奈川県",
    "新潟県",
    "富山県",
    "石川県",
    "福井県",
    "山梨県",
    "長野県",
    "岐阜県",
    "静岡県",
    "愛知県",
    "三重県",
    "滋賀県",
    "京都府",
    "大阪府",
    "兵庫県",
    "奈良県",
    "和歌山県",
    "鳥取県",
    "島根県",
    "岡山県",
    "広島県",
    "山口県",
    "徳島県",
    "香川県",
    "愛媛県",
    "高知県",
    "福岡県",
    "佐賀県",
    "長崎県",
    "熊本県",
    "大分県",
    "宮崎県",
    "鹿児島県",
    "沖縄県",
];

/// Text as compared: NFKC (full- and half-width forms alike, ｶﾀｶﾅ and カタカナ alike), with
/// every blank (the full-width space too) and zero-width character dropped.
pub(crate) fn folded(typed: &str) -> String {
    let dropped = |c: &char| {
        c.is_whitespace() || matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}')
    };
    typed.nfkc().filter(|c| !dropped(c)).collect()
}

/// A folded name with the small ヶ and ヵ read as ケ and カ: place names are written both ways
/// (七ヶ宿町 and 七ケ宿町, 鎌ケ谷市 and 鎌ヶ谷市) and mean one place.
fn same_sound(folded: &str) -> String {
    folded
        .chars()
        .map(|c| match c {
            'ヶ' => 'ケ',
            'ヵ' => 'カ',
            c => c,
        })
        .collect()
}

/// The 都道府県 as a sheet keeps it, from what someone typed: `東京都` or `東京`, `大阪府` or
/// `大阪`, full-width blanks around it or not. `None` for anything else.
pub(crate) fn prefecture(typed: &str) -> Option<&'static str> {
    let t = folded(typed);
    PREFECTURES.iter().copied().find(|p| {
        let short = p
            .strip_suffix(['都', '府', '県'])
            .filter(|_| *p != "北海道")
            .unwrap_or(p);
        t == *p || t == short
    })
}

/// [`prefecture`], or the refusal worded in `lang`, quoting what was typed.
pub(crate) fn prefecture_or_refusal(typed: &str, lang: Lang) -> Result<&'static str, String> {
    prefecture(typed).ok_or_else(|| {
        let typed = crate::safe_text::sanitize_line(typed.trim());
        match lang {
            Lang::Ja => {
                format!("都道府県「{typed}」は47都道府県のどれでもありません (例: 東京都、東京)")
            }
            Lang::En => {
                format!("\"{typed}\" is not one of the 47 prefectures (e.g. 東京都 or 東京)")
            }
        }
    })
}

/// Why a typed 団体コード was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum CodeError {
    /// Not five or six digits (after folding full-width digits, blanks and hyphens; four
    /// beside the prefecture they are of, [`code_in`]).
    NotDigits,
    /// Six digits whose last is not the check digit of the first five.
    CheckDigit { expected: char },
    /// The first two digits are no prefecture (01–47).
    NoPrefecture,
}

impl CodeError {
    /// The refusal in the user's language, quoting what was typed.
    pub(crate) fn message(&self, typed: &str, lang: Lang) -> String {
        let typed = crate::safe_text::sanitize_line(typed.trim());
        match self {
            CodeError::NotDigits => match lang {
                Lang::Ja => {
                    format!("団体コード「{typed}」は5桁か6桁の数字ではありません (例: 132063)")
                }
                Lang::En => {
                    format!(
                        "the organization code \"{typed}\" is not five or six digits (e.g. 132063)"
                    )
                }
            },
            CodeError::CheckDigit { expected } => match lang {
                Lang::Ja => format!(
                    "団体コード「{typed}」の検査数字 (6桁目) が合いません: 上5桁からは {expected} になります。打ち間違いがないか確かめてください"
                ),
                Lang::En => format!(
                    "the organization code \"{typed}\" has the wrong check digit (6th digit): the first five give {expected}; check it for a typo"
                ),
            },
            CodeError::NoPrefecture => match lang {
                Lang::Ja => {
                    format!("団体コード「{typed}」の上2桁は都道府県コード (01〜47) ではありません")
                }
                Lang::En => format!(
                    "the organization code \"{typed}\" does not begin with a prefecture (01–47)"
                ),
            },
        }
    }
}

/// The check digit of a code's first five digits.
fn check_digit(first5: &[u32]) -> char {
    let sum: u32 = first5.iter().zip([6, 5, 4, 3, 2]).map(|(d, w)| d * w).sum();
    let digit = (11 - sum % 11) % 10;
    char::from_digit(digit, 10).unwrap_or('0')
}

/// The 団体コード as a sheet keeps it (six ASCII digits), from what someone typed: full-width
/// digits, blanks and a hyphen before the check digit (`13206-3`) are accepted, and five
/// digits (the code without its check digit, as many lists print it) get their check digit.
/// Six digits must carry the right check digit.
pub(crate) fn code(typed: &str) -> Result<String, CodeError> {
    let t: String = folded(typed).chars().filter(|c| *c != '-').collect();
    let digits: Vec<u32> = t.chars().map_while(|c| c.to_digit(10)).collect();
    if digits.len() != t.chars().count() || !(5..=6).contains(&digits.len()) {
        return Err(CodeError::NotDigits);
    }
    let prefecture = digits[0] * 10 + digits[1];
    if !(1..=47).contains(&prefecture) {
        // 072010 that Excel made 72010: with its 0 back it is a code, and nothing else is.
        if digits.len() == 5 {
            return with_zero(&t).ok_or(CodeError::NoPrefecture);
        }
        return Err(CodeError::NoPrefecture);
    }
    let expected = check_digit(&digits[..5]);
    let mut out: String = t.chars().take(5).collect();
    match t.chars().nth(5) {
        Some(c) if c != expected => return Err(CodeError::CheckDigit { expected }),
        _ => out.push(expected),
    }
    Ok(out)
}

/// [`code`] as typed beside a 都道府県 (a form, `new`'s options, a roster line), which says
/// how to read a number Excel stripped of its leading 0: five digits that are another
/// prefecture's code without its check digit and this one's with its 0 back
/// ([`of_prefecture`]), and four digits, the five-digit form of a code of 01–09 (石巻市 04202
/// as 4202 in a roster of 宮城県). Without a prefecture that agrees, four digits are refused:
/// a code typed short by one digit would read as one of 北海道…茨城県.
pub(crate) fn code_in(typed: &str, prefecture: Option<&str>) -> Result<String, CodeError> {
    let Some(p) = prefecture else {
        return code(typed);
    };
    match code(typed) {
        Ok(code) => Ok(of_prefecture(typed, code, p)),
        Err(CodeError::NotDigits) => {
            let t: String = folded(typed).chars().filter(|c| *c != '-').collect();
            let four = t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit()) && !t.starts_with('0');
            four.then(|| code(&format!("0{t}")).ok())
                .flatten()
                .filter(|c| prefecture_of_code(c) == Some(p))
                .ok_or(CodeError::NotDigits)
        }
        Err(e) => Err(e),
    }
}

/// Five digits read as a six-digit code whose leading 0 was dropped (Excel keeps a code it
/// takes for a number so), if that is a valid code.
fn with_zero(five: &str) -> Option<String> {
    let six = format!("0{five}");
    let digits: Vec<u32> = six.chars().filter_map(|c| c.to_digit(10)).collect();
    (digits.len() == 6
        && (1..=9).contains(&digits[1])
        && six.chars().nth(5) == Some(check_digit(&digits[..5])))
    .then_some(six)
}

/// The prefecture a valid code belongs to (its first two digits).
pub(crate) fn prefecture_of_code(code: &str) -> Option<&'static str> {
    let n: usize = code.get(..2)?.parse().ok()?;
    PREFECTURES.get(n.checked_sub(1)?).copied()
}

/// Whether a code and a prefecture, both given, disagree: the refusal, worded, if so.
pub(crate) fn mismatch(code: &str, prefecture: &str, lang: Lang) -> Option<String> {
    let of_code = prefecture_of_code(code)?;
    (!prefecture.is_empty() && of_code != prefecture).then(|| match lang {
        Lang::Ja => format!("団体コード {code} は{of_code}のコードです (都道府県: {prefecture})"),
        Lang::En => format!("the organization code {code} is one of {of_code}, not {prefecture}"),
    })
}

/// `code`, read from `typed`, or — where `typed` is five digits that are a code of another
/// prefecture than `prefecture` without its check digit, and of `prefecture` with the 0 Excel
/// dropped (11002: 埼玉県 110027, or 北海道 011002) — the code with its 0 back: the
/// prefecture given says which.
fn of_prefecture(typed: &str, code: String, prefecture: &str) -> String {
    let differs = |c: &str| prefecture_of_code(c).is_some_and(|p| p != prefecture);
    let five: String = folded(typed).chars().filter(|c| *c != '-').collect();
    if five.chars().count() == 5
        && !prefecture.is_empty()
        && differs(&code)
        && let Some(six) = with_zero(&five).filter(|six| !differs(six))
    {
        return six;
    }
    code
}

/// The 団体コード and 都道府県 as a sheet keeps them, from what someone typed in `new`'s
/// options, a form or an imported table: each may be blank; a code must be valid, a prefecture
/// one of the 47, and the two must agree; a code without a prefecture gives its prefecture.
/// The refusal is worded in `lang`.
pub(crate) fn header_fields(
    code: &str,
    prefecture: &str,
    lang: Lang,
) -> Result<(String, String), String> {
    let typed_code = code.trim();
    let given = match prefecture.trim() {
        "" => None,
        typed => Some(prefecture_or_refusal(typed, lang)?),
    };
    let code = match typed_code {
        "" => String::new(),
        typed => code_in(typed, given).map_err(|e| e.message(typed, lang))?,
    };
    let prefecture = given.unwrap_or_else(|| prefecture_of_code(&code).unwrap_or_default());
    if let Some(m) = mismatch(&code, prefecture, lang) {
        return Err(m);
    }
    Ok((code, prefecture.to_string()))
}

/// Who a sheet is, as `aggregate` (counted twice?) and `diff` (the same organisation as last
/// year?) compare it. Two identities are equal when they have the same 団体コード, or, when
/// either has none, the same name and prefecture — the name folded (NFKC, without blanks or
/// zero-width characters, ヶ as ケ) and stripped of a leading prefecture, which then is its
/// prefecture (`東京都府中市` is `府中市` of 東京都). 東京都府中市 and 広島県府中市 are two.
#[derive(Clone, Debug)]
pub(crate) struct Identity {
    /// The 団体コード, or empty.
    pub(crate) code: String,
    /// The folded name without its prefecture.
    pub(crate) name: String,
    /// The name as compared where it differs from `name`: 七ヶ宿町 and 七ケ宿町 are one town
    /// ([`same_sound`]).
    compared: Option<String>,
    /// The prefecture given, else the one the name begins with, else the code's; or empty.
    /// One of [`PREFECTURES`], never a copy (`aggregate` holds 20,000 identities).
    pub(crate) prefecture: &'static str,
}

impl Identity {
    /// The identity of an organisation named `name`, with the code and prefecture its sheet
    /// keeps (empty when not given).
    pub(crate) fn of(name: &str, code: &str, prefecture: &str) -> Identity {
        let name = folded(name);
        let given = self::prefecture(prefecture);
        let leading = PREFECTURES
            .iter()
            .copied()
            .filter(|p| given.is_none_or(|g| g == *p))
            .find_map(|p| Some((p, name.strip_prefix(p)?)));
        let (name, prefecture) = match leading {
            // A prefecture's own sheet is named by the prefecture alone.
            Some((p, rest)) => (if rest.is_empty() { p } else { rest }.to_string(), Some(p)),
            None => (name.clone(), given),
        };
        Identity {
            code: code.to_string(),
            compared: name.contains(['ヶ', 'ヵ']).then(|| same_sound(&name)),
            prefecture: prefecture
                .or_else(|| prefecture_of_code(code))
                .unwrap_or_default(),
            name,
        }
    }

    /// The name as compared with another's (what an index of names must be keyed by).
    pub(crate) fn compared(&self) -> &str {
        self.compared.as_deref().unwrap_or(&self.name)
    }

    /// What equality compares: the code, or when there is none the name and prefecture.
    fn key(&self) -> (&str, &str, &str) {
        if self.code.is_empty() {
            ("", self.compared(), self.prefecture)
        } else {
            (&self.code, "", "")
        }
    }

    /// Whether the two may well be one organisation in two years' sheets, one of which may
    /// lack what the other has: the same code when both have one, else the same name, in the
    /// same prefecture when both name one.
    pub(crate) fn may_be(&self, other: &Identity) -> bool {
        if !self.code.is_empty() && !other.code.is_empty() {
            return self.code == other.code;
        }
        self.compared() == other.compared()
            && (self.prefecture.is_empty()
                || other.prefecture.is_empty()
                || self.prefecture == other.prefecture)
    }

    /// Whether the name `typed` for this year's sheet names another organisation than `last`,
    /// last year's sheet's (neither name contains the other: 府中市役所 is 府中市): last year's
    /// 団体コード and 都道府県 are not carried to it (`new --from`, the start form).
    pub(crate) fn another_by_name(typed: &str, last: &str) -> bool {
        Identity::of(typed, "", "").named_otherwise(&Identity::of(last, "", ""))
    }

    /// Whether two identities of one 団体コード carry names of which neither contains the
    /// other (石巻市 and 仙台市; not 府中市 and 府中市役所): a typo in the code is likely, and
    /// `aggregate` says so, since the code decides who a sheet is.
    pub(crate) fn named_otherwise(&self, other: &Identity) -> bool {
        let (a, b) = (self.compared(), other.compared());
        !a.contains(b) && !b.contains(a)
    }
}

impl PartialEq for Identity {
    fn eq(&self, other: &Identity) -> bool {
        self.key() == other.key()
    }
}

impl Eq for Identity {}

impl std::hash::Hash for Identity {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        self.key().hash(h);
    }
}

impl PartialOrd for Identity {
    fn partial_cmp(&self, other: &Identity) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Identity {
    fn cmp(&self, other: &Identity) -> std::cmp::Ordering {
        self.key().cmp(&other.key())
    }
}

/// As printed where a person must find the organisation: the prefecture and the name
/// (folded), and the code when there is one (`東京都府中市 (132063)`).
impl std::fmt::Display for Identity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.prefecture != self.name {
            f.write_str(self.prefecture)?;
        }
        f.write_str(&self.name)?;
        if !self.code.is_empty() {
            write!(f, " ({})", self.code)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_codes_carry_their_check_digit() {
        // 東京都, 北海道, 札幌市, 東京都府中市, 広島県府中市, 那覇市, 横浜市, 堺市.
        for c in [
            "130001", "010006", "011002", "132063", "342084", "472018", "141003", "271403",
        ] {
            assert_eq!(code(c).as_deref(), Ok(c), "{c}");
        }
        // r = 0 gives 1 (岩手県岩手町 03303-1), r = 1 gives 0 (相模原市 14150-0).
        assert_eq!(code("03303").as_deref(), Ok("033031"));
        assert_eq!(code("14150").as_deref(), Ok("141500"));
        assert_eq!(code("141500").as_deref(), Ok("141500"));
    }

    #[test]
    fn a_typo_is_caught_by_the_check_digit() {
        assert_eq!(code("132064"), Err(CodeError::CheckDigit { expected: '3' }));
        // Two neighbouring digits swapped.
        assert!(matches!(code("123063"), Err(CodeError::CheckDigit { .. })));
        assert_eq!(code("13206a"), Err(CodeError::NotDigits));
        assert_eq!(code("1320"), Err(CodeError::NotDigits));
        assert_eq!(code("1320633"), Err(CodeError::NotDigits));
        assert_eq!(code("480005"), Err(CodeError::NoPrefecture));
        assert_eq!(code("000000"), Err(CodeError::NoPrefecture));
        let m = CodeError::CheckDigit { expected: '3' }.message("132064", Lang::Ja);
        assert!(m.contains("132064") && m.contains('3'), "{m}");
    }

    #[test]
    fn codes_as_people_type_them() {
        assert_eq!(code("１３２０６３").as_deref(), Ok("132063"));
        assert_eq!(code(" 13206-3 ").as_deref(), Ok("132063"));
        assert_eq!(code("13206").as_deref(), Ok("132063"));
        assert_eq!(code("１３２０６").as_deref(), Ok("132063"));
    }

    /// Excel drops the leading 0 of a code it takes for a number (011002 becomes 11002 in a
    /// CSV saved again): where only the code with its 0 back can be a code, it is taken;
    /// where both readings are codes, the prefecture given decides.
    #[test]
    fn a_code_excel_stripped_of_its_leading_zero_is_taken_back() {
        // 072010 (福島市): 72010 cannot be a code (no prefecture 72).
        assert_eq!(code("72010").as_deref(), Ok("072010"));
        // 011002 (札幌市): 11002 is also 110027 of 埼玉県 without its check digit.
        assert_eq!(code("11002").as_deref(), Ok("110027"));
        let ok = |c: &str, p: &str| header_fields(c, p, Lang::Ja);
        assert_eq!(
            ok("11002", "北海道"),
            Ok(("011002".into(), "北海道".into()))
        );
        assert_eq!(
            ok("11002", "埼玉県"),
            Ok(("110027".into(), "埼玉県".into()))
        );
        assert_eq!(ok("11002", ""), Ok(("110027".into(), "埼玉県".into())));
        // A five-digit code no zero makes right is still refused as before.
        assert_eq!(code("72011"), Err(CodeError::NoPrefecture));
        // The five-digit form of a code of 01–09 that Excel took for a number: 04202 (石巻市
        // without its check digit) as 4202, where the prefecture says so.
        let miyagi = Some("宮城県");
        assert_eq!(code_in("4202", miyagi).as_deref(), Ok("042021"));
        assert_eq!(code_in("４２０２", miyagi).as_deref(), Ok("042021"));
        assert_eq!(ok("4202", "宮城"), Ok(("042021".into(), "宮城県".into())));
        assert_eq!(code_in("4202", Some("東京都")), Err(CodeError::NotDigits));
        assert_eq!(code_in("4202", None), Err(CodeError::NotDigits));
        assert!(
            ok("4202", "").is_err(),
            "one digit short, not 北海道's 4202?"
        );
        assert_eq!(code_in("0420", miyagi), Err(CodeError::NotDigits));
        assert_eq!(
            code_in("132064", miyagi),
            Err(CodeError::CheckDigit { expected: '3' })
        );
        assert!(
            CodeError::NotDigits
                .message("420", Lang::Ja)
                .contains("5桁か6桁")
        );
    }

    #[test]
    fn prefectures_with_or_without_their_suffix() {
        assert_eq!(prefecture("東京都"), Some("東京都"));
        assert_eq!(prefecture("東京"), Some("東京都"));
        assert_eq!(prefecture("　大阪 "), Some("大阪府"));
        assert_eq!(prefecture("広島"), Some("広島県"));
        assert_eq!(prefecture("北海道"), Some("北海道"));
        assert_eq!(prefecture("北海"), None);
        assert_eq!(prefecture("東京市"), None);
        assert_eq!(prefecture(""), None);
        assert_eq!(prefecture_of_code("342084"), Some("広島県"));
        assert_eq!(prefecture_of_code("470007"), Some("沖縄県"));
        assert!(mismatch("342084", "東京都", Lang::Ja).is_some());
        assert!(mismatch("342084", "広島県", Lang::Ja).is_none());
        assert!(mismatch("342084", "", Lang::Ja).is_none());
    }

    #[test]
    fn header_fields_check_and_complete_each_other() {
        let ok = |c: &str, p: &str| header_fields(c, p, Lang::Ja);
        assert_eq!(ok("", ""), Ok((String::new(), String::new())));
        assert_eq!(
            ok("１３２０６３", ""),
            Ok(("132063".into(), "東京都".into()))
        );
        assert_eq!(ok("", "広島"), Ok((String::new(), "広島県".into())));
        assert_eq!(
            ok("342084", "広島県"),
            Ok(("342084".into(), "広島県".into()))
        );
        assert!(ok("342084", "東京").unwrap_err().contains("広島県"));
        assert!(ok("132064", "").unwrap_err().contains("検査数字"));
        assert!(ok("", "東京市").unwrap_err().contains("東京市"));
        assert!(
            header_fields("", "Tokyo", Lang::En)
                .unwrap_err()
                .contains("47")
        );
    }

    #[test]
    fn the_two_fuchu_are_two_organisations() {
        let tokyo = Identity::of("府中市", "", "東京都");
        let hiroshima = Identity::of("府中市", "", "広島県");
        assert_ne!(tokyo, hiroshima);
        assert_ne!(
            Identity::of("府中市", "132063", "東京都"),
            Identity::of("府中市", "342084", "広島県")
        );
        // The prefecture written into the name is the same organisation.
        assert_eq!(Identity::of("東京都府中市", "", ""), tokyo);
        assert_eq!(Identity::of("東京都府中市", "", "東京都"), tokyo);
        assert_eq!(Identity::of("広島県　府中市", "", "広島"), hiroshima);
        let same = [
            // A full-width space, half-width kana, a zero-width space fold away.
            (("あおば　市", "", ""), ("あおば市\u{200B}", "", "")),
            (("ﾃｽﾄ市", "", ""), ("テスト市", "", "")),
            // ヶ and ケ, ヵ and カ: one place written two ways.
            (("七ケ宿町", "", "宮城県"), ("宮城県七ヶ宿町", "", "")),
            (("ヵ村", "", ""), ("カ村", "", "")),
            // The code decides when there is one.
            (
                ("府中市", "132063", ""),
                ("東京都府中市役所", "132063", "東京都"),
            ),
            // A prefecture's own sheet.
            (("東京都", "", ""), ("東京都", "", "東京")),
        ];
        for ((n1, c1, p1), (n2, c2, p2)) in same {
            assert_eq!(
                Identity::of(n1, c1, p1),
                Identity::of(n2, c2, p2),
                "{n1} / {n2}"
            );
        }
        assert_eq!(
            Identity::of("東京都", "130001", "").to_string(),
            "東京都 (130001)"
        );
        assert_eq!(
            Identity::of("府中市", "", "広島").to_string(),
            "広島県府中市"
        );
        assert_eq!(
            Identity::of("府中市", "132063", "").to_string(),
            "東京都府中市 (132063)"
        );
    }

    #[test]
    fn last_year_without_a_code_may_be_this_year_with_one() {
        let last = Identity::of("府中市", "", "");
        let this = Identity::of("府中市", "132063", "");
        assert_ne!(last, this, "counted as two: one has a code, the other none");
        assert!(last.may_be(&this) && this.may_be(&last));
        assert!(Identity::of("府中市", "", "東京都").may_be(&this));
        assert!(!Identity::of("府中市", "", "広島県").may_be(&this));
        assert!(!Identity::of("府中市", "342084", "").may_be(&this));
        assert!(!Identity::of("調布市", "", "").may_be(&this));
    }
}
