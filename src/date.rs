//! Calendar dates as people write them on a plan (期限): `2027-03-31`, `2027/3/31`,
//! `令和9年3月31日`, `R9.3.31` (full-width digits too). tenken stores them as ISO 8601 and
//! shows them with their 和暦 form.

use time::{Date, Month};

/// Eras by the calendar date they began (not fiscal years: 令和 began on 1 May 2019).
const ERAS: [(&str, char, i32, u8, u8); 3] = [
    ("令和", 'R', 2019, 5, 1),
    ("平成", 'H', 1989, 1, 8),
    ("昭和", 'S', 1926, 12, 25),
];

fn halfwidth(s: &str) -> String {
    s.trim()
        .chars()
        .map(|c| match c {
            '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' | '／' | '－' | '．' => {
                char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
            }
            c => c,
        })
        .collect()
}

fn ymd(y: i32, m: &str, d: &str) -> Option<Date> {
    let m: u8 = m.parse().ok()?;
    let d: u8 = d.parse().ok()?;
    Date::from_calendar_date(y, Month::try_from(m).ok()?, d).ok()
}

/// A date in one of the accepted forms, or `None`.
pub fn parse_date(input: &str) -> Option<Date> {
    let s = halfwidth(input);
    for (name, letter, first, _, _) in ERAS {
        let rest = s
            .strip_prefix(name)
            .or_else(|| s.strip_prefix(letter))
            .or_else(|| s.strip_prefix(letter.to_ascii_lowercase()));
        if let Some(rest) = rest {
            let (n, rest) = if let Some(r) = rest.strip_prefix('元') {
                (1, r)
            } else {
                let end = rest.find(|c: char| !c.is_ascii_digit())?;
                (rest[..end].parse::<i32>().ok()?, &rest[end..])
            };
            let parts: Vec<&str> = rest
                .trim_end_matches('日')
                .split(['年', '月', '.', '/', '-'])
                .filter(|p| !p.is_empty())
                .collect();
            return match parts.as_slice() {
                [m, d] if (1..=99).contains(&n) => ymd(first + n - 1, m, d),
                _ => None,
            };
        }
    }
    let parts: Vec<&str> = s
        .trim_end_matches('日')
        .split(['年', '月', '.', '/', '-'])
        .collect();
    match parts.as_slice() {
        [y, m, d] if y.len() == 4 => ymd(y.parse().ok()?, m, d),
        _ => None,
    }
}

/// A due date as stored: ISO 8601 when it reads as a date, else the text as written.
pub fn normalize_due(input: &str) -> String {
    match parse_date(input) {
        Some(d) => iso(d),
        None => input.trim().to_string(),
    }
}

/// `2027-03-31`.
pub fn iso(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

/// 「令和9年3月31日」, 「令和元年5月1日」; dates before 昭和 in the Western form.
pub fn wareki(d: Date) -> String {
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
pub fn wareki_and_iso(d: Date) -> String {
    format!("{} ({})", wareki(d), iso(d))
}

/// A date as typed (any of the accepted forms) in the printed style
/// ([`wareki_and_iso`]); text that is not a date as it was written.
pub fn printed(input: &str) -> String {
    match parse_date(input) {
        Some(d) => wareki_and_iso(d),
        None => input.trim().to_string(),
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
        assert_eq!(printed(" 年度末 "), "年度末");
    }
}
