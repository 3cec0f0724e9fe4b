//! Why a catalog was refused: the file, line and column ([`CatalogError`], a
//! [`FileError`]), the id concerned and what is wrong ([`CatalogProblem`]), put into words for a
//! language where it is shown.

use crate::file_error::{FileError, Words};
use crate::lang::{Lang, say};
use crate::ron::Syntax;

/// Why a catalog was refused: where (line:column in its text), which id, and what is wrong.
/// `file:line:column: what is wrong (id X)`.
pub type CatalogError = FileError<CatalogProblem>;

/// What is wrong in a catalog, and the id (item, heading, question) it concerns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CatalogProblem {
    pub id: Option<String>,
    /// Boxed: errors stay small on the `Ok` path.
    pub(crate) why: Box<CatalogWhy>,
}

impl Words for CatalogProblem {
    fn text(&self, lang: Lang) -> String {
        match &self.id {
            Some(id) => format!("{} (id {id})", self.why.text(lang)),
            None => self.why.text(lang),
        }
    }
}

/// A catalog refused at `line:col` of `origin`.
pub(super) fn refused(
    origin: &str,
    (line, col): (usize, usize),
    id: Option<String>,
    why: CatalogWhy,
) -> CatalogError {
    CatalogError::at(
        std::path::Path::new(origin),
        line,
        col,
        CatalogProblem {
            id,
            why: Box::new(why),
        },
    )
}

/// What is wrong with a text field (a title, an item's wording).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextProblem {
    Empty,
    Control,
}

/// Which children a heading lacks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Children {
    Middles,
    Minors,
    Goals,
}

/// Why a catalog was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CatalogWhy {
    /// Its size and the limit.
    TooBig(usize, usize),
    /// A control or bidirectional character written raw (its code point).
    UnsafeChar(u32),
    Syntax(Syntax),
    NotUtf8,
    FormatUnsupported(u32, u32),
    EmptyId,
    /// A control or bidirectional character in a field (its path, the code point).
    FieldUnsafeChar(String, u32),
    DuplicateProfileQuestion,
    UnknownProfileQuestion(String),
    NoMajors,
    DuplicateHeading,
    HeadingWithout(Children),
    Title(TextProblem),
    DuplicateGoal,
    GoalWithoutItems,
    DuplicateItem,
    BadItemId,
    Text(TextProblem),
    PriorityYearImplausible(i32),
    PriorityYearTwice(i32),
    PriorityUnknownItem(i32),
    ReferenceUnknownItem,
    ReferenceOutOfRange,
}

impl CatalogWhy {
    pub(crate) fn text(&self, lang: Lang) -> String {
        let pick = |j: &str, e: &str| lang.pick(j, e).to_string();
        let text_problem = |p: &TextProblem| match p {
            TextProblem::Empty => lang.pick("が空です", "is empty"),
            TextProblem::Control => {
                lang.pick("に制御文字があります", "contains control characters")
            }
        };
        match self {
            CatalogWhy::TooBig(n, max) => say!(
                lang,
                "カタログが {n} バイトあり、上限の {max} バイトを超えています",
                "catalog is {n} bytes, more than the {max} bytes accepted"
            ),
            CatalogWhy::UnsafeChar(c) => say!(
                lang,
                "制御文字または双方向制御文字 U+{c:04X} があります",
                "control or bidirectional character U+{c:04X}"
            ),
            CatalogWhy::Syntax(s) => s.text(lang),
            CatalogWhy::NotUtf8 => pick("UTF-8 のテキストではありません", "not UTF-8 text"),
            CatalogWhy::FormatUnsupported(found, reads) => say!(
                lang,
                "カタログ形式 {found} には対応していません（この tenken が読むのは形式 {reads}）",
                "catalog format {found} is not supported (this build reads format {reads})"
            ),
            CatalogWhy::EmptyId => pick("カタログの id が空です", "catalog id is empty"),
            CatalogWhy::FieldUnsafeChar(path, c) => say!(
                lang,
                "{path} に制御文字または双方向制御文字 U+{c:04X} があります",
                "{path} contains control or bidirectional character U+{c:04X}"
            ),
            CatalogWhy::DuplicateProfileQuestion => pick(
                "プロファイル設問の id が重複しています",
                "duplicate profile question id",
            ),
            CatalogWhy::UnknownProfileQuestion(q) => say!(
                lang,
                "applies_if がプロファイル設問 \"{q}\" を参照していますが、カタログにその設問がありません",
                "applies_if refers to profile question \"{q}\", which the catalog does not declare"
            ),
            CatalogWhy::NoMajors => pick(
                "カタログに大分類がありません（majors が空です）",
                "catalog has no 大分類 (majors is empty)",
            ),
            CatalogWhy::DuplicateHeading => {
                pick("見出し番号が重複しています", "duplicate heading number")
            }
            CatalogWhy::HeadingWithout(c) => {
                let (j, e) = match c {
                    Children::Middles => ("中分類", "middles"),
                    Children::Minors => ("小分類", "minors"),
                    Children::Goals => ("管理目標", "goals"),
                };
                say!(lang, "見出しに{j}がありません", "heading has no {e}")
            }
            CatalogWhy::Title(p) => say!(lang, "タイトル{}", "title {}", text_problem(p)),
            CatalogWhy::DuplicateGoal => pick(
                "管理目標の番号が重複しています",
                "duplicate 管理目標 number",
            ),
            CatalogWhy::GoalWithoutItems => {
                pick("管理目標に点検項目がありません", "管理目標 has no items")
            }
            CatalogWhy::DuplicateItem => pick("項目 id が重複しています", "duplicate item id"),
            CatalogWhy::BadItemId => pick(
                "項目 id は空白や制御文字を含まない、空でない文字列にしてください",
                "item id must be non-empty without spaces or control characters",
            ),
            CatalogWhy::Text(p) => say!(lang, "項目の文{}", "text {}", text_problem(p)),
            CatalogWhy::PriorityYearImplausible(y) => say!(
                lang,
                "重点項目の年度 {y} は西暦の年度としてありえません（1989-2200）",
                "priority year {y} is not a plausible Western fiscal year (1989-2200)"
            ),
            CatalogWhy::PriorityYearTwice(y) => say!(
                lang,
                "重点項目の年度 {y} が 2 回あります",
                "priority year {y} is listed twice"
            ),
            CatalogWhy::PriorityUnknownItem(y) => say!(
                lang,
                "{y} 年度の重点項目に、カタログにない項目があります",
                "priority items of {y} name an item the catalog does not have"
            ),
            CatalogWhy::ReferenceUnknownItem => pick(
                "参考統計に、カタログにない項目があります",
                "reference statistics name an item the catalog does not have",
            ),
            CatalogWhy::ReferenceOutOfRange => pick(
                "参考統計の平均は 0〜3、割合は 0〜100 の範囲にしてください",
                "reference averages must lie in 0-3 and shares in 0-100",
            ),
        }
    }
}
