//! Calendar dates as people write them on a plan (期限): `2027-03-31`, `2027/3/31`,
//! `令和9年3月31日`, `R9.3.31` (full-width digits too), and as tenken prints them,
//! 「令和9年3月31日 (2027-03-31)」, which `new --from` reads back from a workbook. tenken
//! stores them as ISO 8601 and shows them with their 和暦 form.

use time::{Date, Month};

use crate::fiscal::FiscalYear;
use crate::lang::{Lang, say};

/// Eras by the calendar date they began (not fiscal years: 令和 began on 1 May 2019).
const ERAS: [(&str, char, i32, u8, u8); 3] = [
    ("令和", 'R', 2019, 5, 1),
    ("平成", 'H', 1989, 1, 8),
    ("昭和", 'S', 1926, 12, 25),
];

/// The text with full-width digits and letters made half-width and every space (full-width
/// too) taken out: 「令和 9 年 3 月」 reads as 「令和9年3月」.
fn halfwidth(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' | '／' | '－' | '．' | '（' | '）' => {
                char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
            }
            c => c,
        })
        .collect()
}

/// Leading ASCII digits as a number, and the rest.
fn number(s: &str) -> Option<(i32, &str)> {
    let end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    if end == 0 || end > 4 {
        return None;
    }
    Some((s[..end].parse().ok()?, &s[end..]))
}

/// The Western year a date starts with (`令和9`, `R9`, `令和元`, `2027`), and the rest.
fn year(s: &str) -> Option<(i32, &str)> {
    for (name, letter, first, _, _) in ERAS {
        let rest = s
            .strip_prefix(name)
            .or_else(|| s.strip_prefix(letter))
            .or_else(|| s.strip_prefix(letter.to_ascii_lowercase()));
        if let Some(rest) = rest {
            let (n, rest) = match rest.strip_prefix('元') {
                Some(r) => (1, r),
                None => number(rest)?,
            };
            return (1..=99).contains(&n).then_some((first + n - 1, rest));
        }
    }
    number(s).filter(|(y, _)| *y >= 1000)
}

/// How a date reads: the date, or why it is not one.
#[derive(Debug, PartialEq, Eq)]
enum Reading {
    Date(Date),
    /// 「年度末」 without its year.
    NoYear,
    /// A year and a month but no day (「令和9年3月」): the month's end?
    NoDay(i32, u8),
    /// A year, month and day that no calendar has (2月30日).
    NoSuchDay,
    /// The printed form whose two dates differ: 「令和9年3月31日 (2027-03-30)」.
    Disagree,
    Unreadable,
}

fn read(input: &str) -> Reading {
    let s = halfwidth(input);
    // The printed form (`wareki_and_iso`): a date, then the same date in brackets.
    if let Some((first, second)) = s.strip_suffix(')').and_then(|s| s.split_once('(')) {
        return match (read_one(first), read_one(second)) {
            (Reading::Date(a), Reading::Date(b)) if a == b => Reading::Date(a),
            (Reading::Date(_), Reading::Date(_)) => Reading::Disagree,
            _ => Reading::Unreadable,
        };
    }
    read_one(&s)
}

/// One date, its text already [`halfwidth`].
fn read_one(s: &str) -> Reading {
    if s.trim_start_matches(['今', '本', '来']) == "年度末" {
        return Reading::NoYear;
    }
    let Some((y, rest)) = year(s) else {
        return Reading::Unreadable;
    };
    // 令和8年度末: the fiscal year ends on 31 March of the next calendar year.
    if rest == "年度末" {
        return ymd(y + 1, 3, 31).map_or(Reading::NoSuchDay, Reading::Date);
    }
    let Some(rest) = rest.strip_prefix(['年', '.', '/', '-']) else {
        return Reading::Unreadable;
    };
    let Some((m, rest)) = number(rest) else {
        return Reading::Unreadable;
    };
    let Ok(month) = Month::try_from(u8::try_from(m).unwrap_or(0)) else {
        return Reading::NoSuchDay;
    };
    let rest = rest.strip_prefix(['月', '.', '/', '-']).unwrap_or(rest);
    let day = match rest {
        "" => return Reading::NoDay(y, u8::from(month)),
        "末" | "末日" => month.length(y),
        _ => match number(rest.strip_suffix('日').unwrap_or(rest)) {
            Some((d, "")) => u8::try_from(d).unwrap_or(0),
            _ => return Reading::Unreadable,
        },
    };
    ymd(y, u8::from(month), day).map_or(Reading::NoSuchDay, Reading::Date)
}

fn ymd(y: i32, m: u8, d: u8) -> Option<Date> {
    Date::from_calendar_date(y, Month::try_from(m).ok()?, d).ok()
}

/// A date in one of the accepted forms, or `None`: `2027-03-31`, `2027/3/31`, `2027年3月31日`,
/// `令和9年3月31日`, `R9.3.31`; the month's end (`令和9年3月末`, `2027/3末`); the end of a
/// fiscal year (`令和8年度末`, `2026年度末`: 31 March after it); the printed form
/// 「令和9年3月31日 (2027-03-31)」 ([`wareki_and_iso`]) when its two dates are one. Full-width
/// digits, brackets and spaces are allowed anywhere.
pub fn parse_date(input: &str) -> Option<Date> {
    match read(input) {
        Reading::Date(d) => Some(d),
        _ => None,
    }
}

/// Why a due date typed for a plan cannot be read, with a form that would be (the sheet's
/// fiscal year `fy` in the example), in the interface language; `None` when it reads as a
/// date or is empty.
pub(crate) fn unreadable_due(input: &str, fy: FiscalYear, lang: Lang) -> Option<String> {
    let typed = input.trim();
    let example = format!("{}末", fy.wareki());
    match read(typed) {
        Reading::Date(_) => None,
        _ if typed.is_empty() => None,
        Reading::NoYear => Some(say!(
            lang,
            "期限「{typed}」はどの年度か分かりません: 「{example}」のように年度を書いてください",
            "the due date `{typed}` does not say which fiscal year: write it as `{example}`"
        )),
        Reading::NoDay(y, m) => {
            let era = wareki(ymd(y, m, 1)?);
            let month = era.split('月').next().unwrap_or_default();
            Some(say!(
                lang,
                "期限「{typed}」に日がありません: 「{month}月末」か「{month}月15日」のように書いてください",
                "the due date `{typed}` has no day: write `{month}月末` (the month's end) or a day"
            ))
        }
        Reading::NoSuchDay => Some(say!(
            lang,
            "期限「{typed}」という日はありません",
            "there is no such day as `{typed}`"
        )),
        Reading::Disagree => Some(say!(
            lang,
            "期限「{typed}」の二つの日付は違う日です: どちらか一つを書いてください",
            "the due date `{typed}` gives two different days: write one of them"
        )),
        Reading::Unreadable => Some(say!(
            lang,
            "期限「{typed}」を日付として読めません: {FORMS_JA} の形で書いてください",
            "the due date `{typed}` is not a date: write {FORMS_EN}"
        )),
    }
}

/// The forms a due date is read in, named in messages.
pub(crate) const FORMS_JA: &str = "2027-03-31、令和9年3月31日、R9.3.31、令和9年3月末、令和8年度末";
pub(crate) const FORMS_EN: &str = "2027-03-31, 令和9年3月31日, R9.3.31, 令和9年3月末 (month end) or 令和8年度末 (fiscal year end)";

/// A due date as stored: ISO 8601 when it reads as a date, else the text as written.
pub fn normalize_due(input: &str) -> String {
    match parse_date(input) {
        Some(d) => iso(d),
        None => input.trim().to_string(),
    }
}

/// `2027-03-31`.
pub(crate) fn iso(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

/// 「令和9年3月31日」, 「令和元年5月1日」; dates before 昭和 in the Western form.
pub(crate) fn wareki(d: Date) -> String {
    let m = u8::from(d.month());
    for (name, _, first, fm, fd) in ERAS {
        if (d.year(), m, d.day()) >= (first, fm, fd) {
            let n = d.year() - first + 1;
            let year = if n == 1 {
                "元".to_string()
            } else {
                n.to_string()
            };
            return format!("{name}{year}年{m}月{}日", d.day());
        }
    }
    format!("{}年{m}月{}日", d.year(), d.day())
}

/// The one date style of a printed document: 「令和9年3月31日 (2027-03-31)」.
pub(crate) fn wareki_and_iso(d: Date) -> String {
    format!("{} ({})", wareki(d), iso(d))
}

/// A date as a text output gives it in `lang`: 和暦 with the Western date in Japanese
/// ([`wareki_and_iso`]), the Western date alone in English. Workbooks print
/// [`wareki_and_iso`] in either language.
pub(crate) fn for_text(d: Date, lang: Lang) -> String {
    match lang {
        Lang::Ja => wareki_and_iso(d),
        Lang::En => iso(d),
    }
}

/// [`printed`] as a text output gives it in `lang` ([`for_text`]).
pub(crate) fn printed_for_text(input: &str, lang: Lang) -> String {
    match parse_date(input) {
        Some(d) => for_text(d, lang),
        None => input.to_string(),
    }
}

/// A date as typed (any of the accepted forms) in the printed style
/// ([`wareki_and_iso`]); text that is not a date as it was written, spaces and all, so that
/// `new --from` reads back from the 回答 sheet what the sheet held.
pub(crate) fn printed(input: &str) -> String {
    match parse_date(input) {
        Some(d) => wareki_and_iso(d),
        None => input.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn wareki_follows_the_calendar_era() {
        assert_eq!(wareki(date!(2027 - 03 - 31)), "令和9年3月31日");
        assert_eq!(wareki(date!(2019 - 05 - 01)), "令和元年5月1日");
        assert_eq!(wareki(date!(2019 - 04 - 30)), "平成31年4月30日");
    }

    #[test]
    fn every_typed_style_prints_alike() {
        for typed in ["2027-03-31", "令和9年3月31日", "2027/3/31", "R9.3.31"] {
            assert_eq!(printed(typed), "令和9年3月31日 (2027-03-31)", "{typed}");
        }
        assert_eq!(printed(" 年度末 "), " 年度末 ");
    }

    /// The workbooks print a due date as 「令和9年3月31日 (2027-03-31)」, and `new --from`
    /// reads it back: the printed form is read as its date, in any accepted style, brackets
    /// full-width too; two dates that disagree are not a date.
    #[test]
    fn the_printed_form_reads_back_as_its_date() {
        for typed in [
            "2027-03-31",
            "令和9年3月31日",
            "2027/3/31",
            "R9.3.31",
            "令和8年度末",
        ] {
            let shown = printed(typed);
            assert_eq!(
                parse_date(&shown).map(iso).as_deref(),
                Some("2027-03-31"),
                "{shown}"
            );
        }
        assert_eq!(
            parse_date("令和9年3月31日（2027-03-31）"),
            Some(date!(2027 - 03 - 31))
        );
        assert_eq!(
            parse_date(" R9.3.31 ( 2027/3/31 ) "),
            Some(date!(2027 - 03 - 31))
        );
        for wrong in [
            "令和9年3月31日 (2027-03-30)",
            "令和9年3月31日 ()",
            "(2027-03-31)",
        ] {
            assert_eq!(parse_date(wrong), None, "{wrong}");
        }
        let fy = crate::fiscal::FiscalYear(2026);
        let why = unreadable_due("令和9年3月31日 (2027-03-30)", fy, Lang::Ja).unwrap();
        assert!(why.contains("違う日"), "{why}");
    }

    /// #21.8: 「令和9年3月末」 was kept as text and only `check` said so, later.
    #[test]
    fn month_end_fiscal_year_end_and_spaced_forms_are_read() {
        // Typed, then the date it reads as.
        let table = "令和9年3月末 2027-03-31 / 令和9年3月末日 2027-03-31 / R9.2末 2027-02-28 / \
                     令和10年2月末 2028-02-29 / 2027年9月末 2027-09-30 / 2027/9末 2027-09-30 / \
                     令和8年度末 2027-03-31 / R8年度末 2027-03-31 / 2026年度末 2027-03-31 / \
                     令和元年度末 2020-03-31 / 令和 9 年 3 月 31 日 2027-03-31 / \
                     Ｒ９．３．３１ 2027-03-31 / 平成31年3月31日 2019-03-31";
        for case in table.split(" / ") {
            let (typed, want) = case.rsplit_once(' ').unwrap();
            assert_eq!(parse_date(typed).map(iso).as_deref(), Some(want), "{typed}");
        }
    }

    /// What cannot be read is refused with the reason and a form that would be read.
    #[test]
    fn unreadable_due_dates_say_why_in_both_languages() {
        let fy = crate::fiscal::FiscalYear(2026);
        assert_eq!(unreadable_due("令和9年3月末", fy, Lang::Ja), None);
        assert_eq!(unreadable_due("", fy, Lang::Ja), None);
        let why = |s: &str, lang| unreadable_due(s, fy, lang).unwrap();
        assert!(
            why("年度末", Lang::Ja).contains("令和8年度末"),
            "{}",
            why("年度末", Lang::Ja)
        );
        assert!(why("今年度末", Lang::En).contains("令和8年度末"));
        assert!(
            why("令和9年3月", Lang::Ja).contains("令和9年3月末"),
            "{}",
            why("令和9年3月", Lang::Ja)
        );
        assert!(why("来春", Lang::Ja).contains("「来春」"));
        assert!(why("来春", Lang::En).contains("2027-03-31"));
        assert!(why("令和9年2月30日", Lang::Ja).contains("ありません"));
    }
}
