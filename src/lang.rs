//! The interface language (`Lang`): Japanese, the authoritative wording, or English; and
//! [`say!`], a message written once in both.

/// Interface and wording language. Japanese is authoritative; English is a reference
/// translation.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    #[default]
    Ja,
    En,
}

impl Lang {
    /// Picks the Japanese or English form of a UI string.
    pub fn pick<'a>(self, ja: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Ja => ja,
            Lang::En => en,
        }
    }
}

/// A message in both languages, formatted in the one asked for:
/// `say!(lang, "項目 {id} が…", "item {id} is …")`. Both are format strings over the same
/// arguments (captured names, or extra arguments after the English); only the chosen one is
/// formatted. For a message without arguments, [`Lang::pick`] is enough.
macro_rules! say {
    ($lang:expr, $ja:literal, $en:literal $(, $arg:expr)* $(,)?) => {
        match $lang {
            $crate::lang::Lang::Ja => format!($ja $(, $arg)*),
            $crate::lang::Lang::En => format!($en $(, $arg)*),
        }
    };
}
pub(crate) use say;

/// `n` and an English noun that takes `s` in the plural, singular for one: 「1 file」,
/// 「3 files」, 「0 files」. Japanese counts need no such form.
pub(crate) fn count<N: std::fmt::Display + PartialEq + From<u8>>(n: N, noun: &str) -> String {
    if n == N::from(1) {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn one_is_singular_and_every_other_count_plural() {
        assert_eq!(super::count(1, "file"), "1 file");
        assert_eq!(super::count(0, "file"), "0 files");
        assert_eq!(super::count(2_u64, "draft"), "2 drafts");
    }
}
