//! The model of a report on one answer sheet: what the 点検結果 of an organisation says.
//! [`SheetReport::build`] gathers everything from `score` (the one place numbers are
//! computed); the renderers beside this file only lay it out. Nothing here knows a format.

use super::items::{self, ItemRow};
use crate::catalog::{Catalog, heading_text};
use crate::lang::Lang;
use crate::score::{self, ItemState, SheetScore, Tally, Warning, YearFilter};
use crate::sheet::{Plan, Score, Sheet};

/// A heading of the catalog tree with its tally, for the score table.
#[derive(Clone, Debug, PartialEq)]
pub struct HeadingRow {
    pub level: Level,
    pub no: String,
    pub(crate) title: String,
    pub(crate) title_en: String,
    pub tally: Tally,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    /// 大分類
    Major,
    /// 中分類
    Middle,
    /// 管理目標
    Goal,
}

impl Level {
    pub(crate) fn label(self, lang: Lang) -> &'static str {
        match self {
            Level::Major => lang.pick("大分類", "major"),
            Level::Middle => lang.pick("中分類", "middle"),
            Level::Goal => lang.pick("管理目標", "goal"),
        }
    }

    pub(crate) fn key(self) -> &'static str {
        match self {
            Level::Major => "major",
            Level::Middle => "middle",
            Level::Goal => "goal",
        }
    }
}

/// One line of the 改善計画書: an applicable item answered 1 or 2, with its plan (empty
/// fields when none was written).
#[derive(Clone, Debug, PartialEq)]
pub struct PlanRow {
    pub id: String,
    pub score: Score,
    pub(crate) plan: Plan,
    /// Whether the answer has a plan at all.
    pub written: bool,
}

/// Everything a report on one sheet shows.
pub struct SheetReport<'a> {
    pub(crate) catalog: &'a Catalog,
    pub(crate) sheet: &'a Sheet,
    pub score: SheetScore,
    /// 大分類 / 中分類 / 管理目標 in catalog order, each heading before its children.
    pub rows: Vec<HeadingRow>,
    pub warnings: Vec<Warning>,
    pub at_one: Vec<String>,
    pub plans: Vec<PlanRow>,
    /// Every item with every field of its answer (回答一覧).
    pub items: Vec<ItemRow>,
    /// Last year's sheet, drawn beside this year's (the workbook's chart); see
    /// [`SheetReport::with_last_year`].
    pub(crate) last_year: Option<LastYearSheet<'a>>,
    /// Whether the chart draws the catalog's national averages (平成19年度): by default only
    /// for a sheet of that era, never a 令和 sheet against 2007's unless asked.
    pub(crate) national: bool,
}

/// Last year's sheet and the catalog it answers.
#[derive(Clone, Copy)]
pub(crate) struct LastYearSheet<'a> {
    pub(crate) catalog: &'a Catalog,
    pub(crate) sheet: &'a Sheet,
}

impl<'a> SheetReport<'a> {
    pub fn build(catalog: &'a Catalog, sheet: &'a Sheet) -> SheetReport<'a> {
        let score = score::score_sheet(catalog, sheet);
        let mut rows = Vec::new();
        let row = |level, no: String, title: &str, en: &str, tally| HeadingRow {
            level,
            no,
            title: title.to_string(),
            title_en: en.to_string(),
            tally,
        };
        for (major, ms) in catalog.majors.iter().zip(&score.majors) {
            let (no, tally) = (major.no.clone(), ms.tally);
            rows.push(row(Level::Major, no, &major.title, &major.en, tally));
            for (middle, mids) in major.middles.iter().zip(&ms.middles) {
                let (no, tally) = (middle.no.clone(), mids.tally);
                rows.push(row(Level::Middle, no, &middle.title, &middle.en, tally));
                for (minor, mins) in middle.minors.iter().zip(&mids.minors) {
                    for (goal, tally) in minor.goals.iter().zip(&mins.goals) {
                        let no = goal.no.to_string();
                        rows.push(row(Level::Goal, no, &goal.title, &goal.en, *tally));
                    }
                }
            }
        }
        let plans = catalog
            .items()
            .zip(&score.items)
            .filter_map(|((_, item), state)| match state {
                ItemState::Answered(s @ (Score::NotInPlace | Score::Documented)) => {
                    let answer = &sheet.answers[&item.id];
                    Some(PlanRow {
                        id: item.id.clone(),
                        score: *s,
                        plan: answer.plan.clone().unwrap_or_default(),
                        written: answer.plan.is_some(),
                    })
                }
                _ => None,
            })
            .collect();
        let items = items::item_rows(catalog, sheet, &score.items);
        SheetReport {
            catalog,
            items,
            sheet,
            warnings: score::warnings(catalog, sheet, &YearFilter::All),
            at_one: score::items_at_one(catalog, sheet),
            score,
            rows,
            plans,
            last_year: None,
            national: !sheet.fiscal_year().is_current_era(),
        }
    }

    /// The report with last year's sheet beside this year's.
    pub(crate) fn with_last_year(self, last_year: Option<LastYearSheet<'a>>) -> SheetReport<'a> {
        SheetReport { last_year, ..self }
    }

    /// The report with the national averages drawn in its chart, or not (`--benchmark`).
    pub(crate) fn with_national(self, national: bool) -> SheetReport<'a> {
        SheetReport { national, ..self }
    }

    /// The item's wording in a language.
    /// Each profile question (重要機能室) in `lang` with the sheet's answer, worded (はい,
    /// いいえ, 未回答): what the workbook's cover and the CSV's header block print, and
    /// `new --from` reads back.
    pub(crate) fn profile_answers(&self, lang: Lang) -> Vec<(&'a str, &'static str)> {
        self.catalog
            .profile
            .iter()
            .map(|q| {
                let answer = match self.sheet.profile.get(&q.id) {
                    Some(true) => lang.pick("はい", "yes"),
                    Some(false) => lang.pick("いいえ", "no"),
                    None => lang.pick("未回答", "not answered"),
                };
                (heading_text(&q.question, &q.question_en, lang), answer)
            })
            .collect()
    }

    pub fn item_text(&self, id: &str, lang: Lang) -> &str {
        self.catalog
            .item(id)
            .map_or("", |i| self.catalog.item_text(i, lang))
    }

    pub fn row_title(&self, row: &HeadingRow, lang: Lang) -> String {
        heading_text(&row.title, &row.title_en, lang).to_string()
    }
}

/// The count columns of every table of headings (text, Markdown, CSV), in this order:
/// applicable items answered 3, 2, 1, 0, then 該当なし (the answers 0), 対象外 (items the
/// profile excludes) and 未回答. [`count_cells`] gives the numbers in the same order.
pub(crate) fn count_columns(lang: Lang) -> [&'static str; 7] {
    [
        "3",
        "2",
        "1",
        "0",
        lang.pick("該当なし", "n/a"),
        lang.pick("対象外", "excluded"),
        lang.pick("未回答", "unanswered"),
    ]
}

/// A tally's counts in the order of [`count_columns`].
pub(crate) fn count_cells(t: &Tally) -> [u32; 7] {
    [
        t.by_score[3],
        t.by_score[2],
        t.by_score[1],
        t.by_score[0],
        t.not_applicable,
        t.excluded,
        t.unanswered,
    ]
}

/// A score for display: 「2 (整備している)」; `None` is 未回答.
pub(crate) fn score_text(score: Option<Score>, lang: Lang) -> String {
    match score {
        Some(s) => format!("{} ({})", s.value(), lang.pick(s.label_ja(), s.label_en())),
        None => lang.pick("未回答", "unanswered").to_string(),
    }
}

/// Priority years as 和暦 (「平成19年度」) or 「FY2007 (H19)」.
pub(crate) fn years_text(years: &[i32], lang: Lang) -> String {
    years
        .iter()
        .map(|y| crate::fiscal::FiscalYear(*y).display(lang))
        .collect::<Vec<_>>()
        .join(lang.pick("、", ", "))
}
