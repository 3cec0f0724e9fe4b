//! Fiscal years (年度, April–March) in Western and Japanese-era (和暦) form.
//!
//! Sheets store the Western year of the 年度; people read and type 和暦: 令和8年度 (2026),
//! 令和元年度 (2019), 平成19年度 (2007), or the short forms R8 / H19.

use std::fmt;

use crate::lang::Lang;

/// A fiscal year, stored as its Western starting year.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FiscalYear(pub i32);

struct Era {
    name: &'static str,
    letter: char,
    /// Western year of the era's first (元) year.
    first: i32,
}

/// Eras as fiscal years are counted: a 年度 takes the era in force on 1 April. 令和 began
/// on 1 May 2019, so FY2019 is 令和元年度 by the convention government documents follow.
const ERAS: [Era; 3] = [
    Era {
        name: "令和",
        letter: 'R',
        first: 2019,
    },
    Era {
        name: "平成",
        letter: 'H',
        first: 1989,
    },
    Era {
        name: "昭和",
        letter: 'S',
        first: 1926,
    },
];

impl FiscalYear {
    /// Whether the year is of the current era (令和), whose tables are not compared with the
    /// 平成 national averages unless asked.
    pub(crate) fn is_current_era(self) -> bool {
        self.0 >= ERAS[0].first
    }

    /// The fiscal year containing a calendar date: April–December belong to that year,
    /// January–March to the year before.
    pub(crate) fn containing(year: i32, month: u8) -> FiscalYear {
        FiscalYear(if month >= 4 { year } else { year - 1 })
    }

    fn era(self) -> Option<(&'static Era, i32)> {
        ERAS.iter()
            .find(|e| self.0 >= e.first)
            .map(|e| (e, self.0 - e.first + 1))
    }

    /// 「令和8年度」, 「令和元年度」; years before 昭和 fall back to the Western form.
    pub fn wareki(self) -> String {
        match self.era() {
            Some((era, 1)) => format!("{}元年度", era.name),
            Some((era, n)) => format!("{}{}年度", era.name, n),
            None => format!("{}年度", self.0),
        }
    }

    /// 「R8」, 「H19」.
    pub(crate) fn short(self) -> String {
        match self.era() {
            Some((era, n)) => format!("{}{}", era.letter, n),
            None => self.0.to_string(),
        }
    }

    /// Display form for a language: 「令和8年度」 or 「FY2026 (R8)」.
    pub(crate) fn display(self, lang: Lang) -> String {
        match lang {
            Lang::Ja => self.wareki(),
            Lang::En => format!("FY{} ({})", self.0, self.short()),
        }
    }

    /// The year as a form field holds it, in a form [`FiscalYear::parse`] reads back:
    /// 「令和8年度」 or 「FY2026」.
    pub(crate) fn field_text(self, lang: Lang) -> String {
        match lang {
            Lang::Ja => self.wareki(),
            Lang::En => format!("FY{}", self.0),
        }
    }

    /// Years a sheet can be for: from 平成元年度 (1989; the network itself dates from 2002) to
    /// 2100. A typo such as 「R88」 (2106) is refused rather than silently accepted.
    pub const PLAUSIBLE: std::ops::RangeInclusive<i32> = 1989..=2100;

    /// Parses 「2026」, 「令和8年度」, 「令和8」, 「令和元年度」, 「R8」, 「r8」, 「H19」,
    /// 「平成19年度」 (full-width digits accepted), within [`FiscalYear::PLAUSIBLE`].
    pub(crate) fn parse(input: &str) -> Result<FiscalYear, String> {
        let year = FiscalYear::parse_any(input)?;
        if FiscalYear::PLAUSIBLE.contains(&year.0) {
            Ok(year)
        } else {
            // In English whatever the language: clap shows it with `--lang en`, and the
            // Japanese message is made from the value ([`FiscalYear::implausible`]).
            Err(format!(
                "'{}' is the fiscal year {}: not a plausible year for a sheet (1989-2100)",
                input.trim(),
                year.0
            ))
        }
    }

    /// The year `input` reads as when it reads as one outside [`FiscalYear::PLAUSIBLE`] (1988,
    /// 昭和63年度): what [`FiscalYear::parse`] refuses as out of range, not as badly written.
    pub(crate) fn implausible(input: &str) -> Option<FiscalYear> {
        FiscalYear::parse_any(input)
            .ok()
            .filter(|y| !FiscalYear::PLAUSIBLE.contains(&y.0))
    }

    fn parse_any(input: &str) -> Result<FiscalYear, String> {
        let s: String = input
            .trim()
            .chars()
            .map(|c| match c {
                '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
                'Ａ'..='Ｚ' => char::from_u32(c as u32 - 'Ａ' as u32 + 'A' as u32).unwrap_or(c),
                'ａ'..='ｚ' => char::from_u32(c as u32 - 'ａ' as u32 + 'a' as u32).unwrap_or(c),
                c => c,
            })
            .collect();
        let s = s.trim_end_matches("年度").trim_end_matches('年');
        let s = s
            .strip_prefix("FY")
            .or_else(|| s.strip_prefix("fy"))
            .unwrap_or(s);
        let bad = || {
            format!(
                "'{}' is not a fiscal year: use 2026, 令和8年度, R8 or H19",
                input.trim()
            )
        };
        if !s.is_empty() && s.chars().all(|c| c.is_ascii_digit()) {
            let y: i32 = s.parse().map_err(|_| bad())?;
            return if (1900..=2200).contains(&y) {
                Ok(FiscalYear(y))
            } else {
                Err(bad())
            };
        }
        for (i, era) in ERAS.iter().enumerate() {
            // An era year after the era ended (H99) is a typo, not a year: at most the year
            // the next era began (H31 = 2019, S64 = 1989).
            let last = match i {
                0 => 99,
                _ => ERAS[i - 1].first - era.first + 1,
            };
            let rest = s
                .strip_prefix(era.name)
                .or_else(|| s.strip_prefix(era.letter))
                .or_else(|| s.strip_prefix(era.letter.to_ascii_lowercase()));
            if let Some(rest) = rest {
                let n: i32 = if rest == "元" {
                    1
                } else {
                    rest.parse().map_err(|_| bad())?
                };
                if !(1..=last).contains(&n) {
                    return Err(bad());
                }
                return Ok(FiscalYear(era.first + n - 1));
            }
        }
        Err(bad())
    }
}

impl fmt::Display for FiscalYear {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.wareki())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn era_years_after_the_era_ended_are_refused() {
        assert!(FiscalYear::parse("H99").is_err());
        assert!(FiscalYear::parse("平成32年度").is_err());
        assert_eq!(FiscalYear::parse("H31"), Ok(FiscalYear(2019)));
        assert_eq!(FiscalYear::parse("R80"), Ok(FiscalYear(2098)));
    }

    #[test]
    fn wareki_forms() {
        assert_eq!(FiscalYear(2026).wareki(), "令和8年度");
        assert_eq!(FiscalYear(2019).wareki(), "令和元年度");
        assert_eq!(FiscalYear(2018).wareki(), "平成30年度");
        assert_eq!(FiscalYear(2007).wareki(), "平成19年度");
        assert_eq!(FiscalYear(1989).wareki(), "平成元年度");
        assert_eq!(FiscalYear(2007).short(), "H19");
        assert_eq!(FiscalYear(2026).short(), "R8");
    }

    #[test]
    fn parses_every_accepted_form() {
        for (s, y) in [
            ("2026", 2026),
            ("令和8年度", 2026),
            ("令和８年度", 2026),
            ("令和8", 2026),
            ("令和元年度", 2019),
            ("R8", 2026),
            ("r8", 2026),
            ("Ｒ８", 2026),
            ("H19", 2007),
            ("平成19年度", 2007),
            ("FY2026", 2026),
            (" 2007 ", 2007),
        ] {
            assert_eq!(FiscalYear::parse(s), Ok(FiscalYear(y)), "{s}");
        }
        for s in [
            "",
            "令和",
            "R0",
            "X8",
            "20266",
            "平成百年度",
            "R-1",
            "R99",
            "R88",
            "S60",
            "1988",
            "2101",
        ] {
            assert!(FiscalYear::parse(s).is_err(), "{s}");
        }
    }

    #[test]
    fn fiscal_year_starts_in_april() {
        assert_eq!(FiscalYear::containing(2026, 11), FiscalYear(2026));
        assert_eq!(FiscalYear::containing(2027, 3), FiscalYear(2026));
        assert_eq!(FiscalYear::containing(2027, 4), FiscalYear(2027));
    }
}
