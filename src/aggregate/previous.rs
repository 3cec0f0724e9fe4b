//! Last year's table (`--previous-aggregate`): its averages per item, 大分類, 管理目標 and
//! overall, its fiscal year and the organisations it counted — read back from the JSON
//! (`json.rs`) or from the workbook (here) that an earlier `tenken aggregate` wrote — and the
//! organisations counted in one year and not the other.

use std::collections::BTreeMap;

use super::Organization;
use crate::fiscal::FiscalYear;
use crate::lang::{Lang, say};
use crate::xlsx::ORGANIZATION;

/// An earlier run's figures.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct PreviousAggregate {
    /// The file it was read from.
    pub(crate) label: String,
    pub(crate) fiscal_year: Option<i32>,
    pub(crate) overall: Option<f64>,
    pub(crate) items: BTreeMap<String, f64>,
    /// By 大分類 number.
    pub(crate) majors: BTreeMap<String, f64>,
    /// By 管理目標 number.
    pub(crate) goals: BTreeMap<String, f64>,
    /// The organisations it counted, when the file lists them (older files do not).
    pub(crate) organizations: Option<Vec<Organization>>,
}

/// The sheets of the workbook that hold what is read back, in either language.
pub(crate) const WORKBOOK_SHEETS: [&str; 8] = [
    "集計表",
    "Table",
    "大分類平均",
    "Section averages",
    "管理目標平均",
    "Goal averages",
    "受付一覧",
    "Files received",
];

/// Finds a header row naming every one of `columns` (each in Japanese or English) in the first
/// rows; returns its index and the column of each.
/// The year a table's 年度 line names, under its title: 「…   年度: 令和7年度 (0)   …」
/// (English 「Fiscal year: FY2025 (0)」); `None` for 年度不明 or several years.
fn year_line(rows: &[Vec<String>]) -> Option<i32> {
    rows.iter().take(3).flatten().find_map(|cell| {
        let (_, after) = cell
            .split_once("年度: ")
            .or_else(|| cell.split_once("Fiscal year: "))?;
        let (year, _) = after.split_once(" (")?;
        FiscalYear::parse(year).ok().map(|y| y.0)
    })
}

fn header(rows: &[Vec<String>], columns: &[&[&str]]) -> Option<(usize, Vec<usize>)> {
    rows.iter().take(10).enumerate().find_map(|(i, row)| {
        let at: Option<Vec<usize>> = columns
            .iter()
            .map(|names| row.iter().position(|c| names.contains(&c.trim())))
            .collect();
        at.map(|at| (i, at))
    })
}

fn number(s: &str) -> Option<f64> {
    s.trim().parse::<f64>().ok().filter(|v| v.is_finite())
}

impl PreviousAggregate {
    /// Reads the workbook an earlier `tenken aggregate --format xlsx` wrote: the item averages
    /// of 集計表 (as printed: three decimals), the 大分類平均 and 管理目標平均 sheets with their
    /// 総平均点, and the organisations 受付一覧 lists as counted, with their year.
    pub(crate) fn from_workbook(
        sheets: &[crate::xlsx::read::NamedRows],
        label: &str,
        lang: Lang,
    ) -> Result<PreviousAggregate, String> {
        let sheet = |names: [&str; 2]| {
            sheets
                .iter()
                .find(|(n, _)| names.contains(&n.as_str()))
                .map(|(_, rows)| rows.as_slice())
        };
        let table = sheet(["集計表", "Table"]).and_then(|rows| {
            let (at, cols) = header(rows, &[&["項目番号", "Item"], &["平均値", "Average"]])?;
            Some(
                rows[at + 1..]
                    .iter()
                    .filter_map(|r| {
                        let id = r.get(cols[0])?.trim();
                        let avg = number(r.get(cols[1])?)?;
                        (!id.is_empty()).then(|| (id.to_string(), avg))
                    })
                    .collect::<BTreeMap<_, _>>(),
            )
        });
        let Some(items) = table else {
            return Err(say!(
                lang,
                "{label}: tenken aggregate の集計表のブックではありません (集計表 シートに 項目番号 と 平均値 の見出しがありません)",
                "{label}: not a workbook of tenken aggregate (no sheet 集計表 / Table with the headings 項目番号 / Item and 平均値 / Average)"
            ));
        };
        let mut overall = None;
        let mut sections = |names: [&str; 2]| -> BTreeMap<String, f64> {
            let Some(rows) = sheet(names) else {
                return BTreeMap::new();
            };
            let Some((at, cols)) = header(
                rows,
                &[&["番号", "No."], &["名称", "Title"], &["平均値", "Average"]],
            ) else {
                return BTreeMap::new();
            };
            let mut out = BTreeMap::new();
            for r in &rows[at + 1..] {
                let cell = |k: usize| r.get(cols[k]).map_or("", |c| c.trim());
                match (cell(0), cell(1), number(cell(2))) {
                    ("", "総平均点" | "Overall average", v) => overall = overall.or(v),
                    (no, _, Some(v)) if !no.is_empty() => {
                        out.insert(no.to_string(), v);
                    }
                    _ => {}
                }
            }
            out
        };
        let majors = sections(["大分類平均", "Section averages"]);
        let goals = sections(["管理目標平均", "Goal averages"]);
        // The organisations counted and their year, from the 受付一覧.
        let mut fiscal_year = None;
        let organizations = sheet(["受付一覧", "Files received"]).and_then(|rows| {
            let (at, cols) = header(
                rows,
                &[
                    // "Organisation": an earlier English workbook's spelling.
                    &[ORGANIZATION.0, ORGANIZATION.1, "Organisation"],
                    &["扱い", "Status"],
                    &["年度", "Fiscal year"],
                ],
            )?;
            let code = rows[at]
                .iter()
                .position(|c| ["団体コード", "Code"].contains(&c.trim()));
            let prefecture = rows[at]
                .iter()
                .position(|c| ["都道府県", "Prefecture"].contains(&c.trim()));
            let mut years: BTreeMap<i32, usize> = BTreeMap::new();
            let counted: Vec<Organization> = rows[at + 1..]
                .iter()
                .filter(|r| {
                    r.get(cols[1])
                        .is_some_and(|s| ["集計", "counted"].contains(&s.trim()))
                })
                .map(|r| {
                    let get = |c: Option<usize>| {
                        c.and_then(|c| r.get(c))
                            .map_or(String::new(), |s| s.trim().to_string())
                    };
                    if let Ok(y) = FiscalYear::parse(&get(Some(cols[2]))) {
                        *years.entry(y.0).or_default() += 1;
                    }
                    Organization {
                        name: get(Some(cols[0])),
                        code: get(code),
                        prefecture: get(prefecture),
                    }
                })
                .collect();
            fiscal_year = years
                .into_iter()
                .max_by_key(|(y, n)| (*n, *y))
                .map(|(y, _)| y);
            Some(counted)
        });
        // Nobody counted (a roster's first day): the year its 年度 line names,
        // 「年度: 令和7年度 (0)」.
        let fiscal_year = fiscal_year.or_else(|| year_line(sheet(["集計表", "Table"])?));
        Ok(PreviousAggregate {
            label: label.to_string(),
            fiscal_year,
            overall: overall.or_else(|| {
                // An older workbook without the section sheets: the mean of the item averages.
                (!items.is_empty()).then(|| items.values().sum::<f64>() / items.len() as f64)
            }),
            items,
            majors,
            goals,
            organizations,
        })
    }

    /// The heading of last year's column: its fiscal year (「令和7年度」), or 「前回」.
    pub(crate) fn column(&self, lang: Lang) -> String {
        self.fiscal_year.map_or_else(
            || lang.pick("前回", "Previous").to_string(),
            |y| FiscalYear(y).display(lang),
        )
    }

    /// The heading of the change: 「R7→R8 向上値」, as the report heads 「H18→H19 向上値」.
    pub(crate) fn change_column(&self, this: Option<i32>, lang: Lang) -> String {
        match (self.fiscal_year, this) {
            (Some(p), Some(t)) => format!(
                "{}→{} {}",
                FiscalYear(p).short(),
                FiscalYear(t).short(),
                lang.pick("向上値", "change")
            ),
            _ => lang.pick("向上値", "Change").to_string(),
        }
    }

    /// Organisations counted last year and not this year, and this year and not last year;
    /// `None` when last year's file does not list them.
    pub(crate) fn differences(
        &self,
        this: &[Organization],
    ) -> Option<(Vec<Organization>, Vec<Organization>)> {
        let last = self.organizations.as_ref()?;
        let only_last = last
            .iter()
            .filter(|o| !this.iter().any(|t| t.may_be(o)))
            .cloned()
            .collect();
        let only_this = this
            .iter()
            .filter(|t| !last.iter().any(|o| o.may_be(t)))
            .cloned()
            .collect();
        Some((only_last, only_this))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An English table of an earlier version spelled 団体名's column "Organisation"; this
    /// one's "Organization": the counted organisations are read from either.
    #[test]
    fn the_files_received_are_read_under_either_spelling_of_organization() {
        let rows = |cells: &[&str]| cells.iter().map(|c| c.to_string()).collect::<Vec<_>>();
        for spelling in ["Organisation", "Organization"] {
            let sheets = vec![
                (
                    "Table".to_string(),
                    vec![rows(&["Item", "Average"]), rows(&["1-1", "2.5"])],
                ),
                (
                    "Files received".to_string(),
                    vec![
                        rows(&["File", spelling, "Fiscal year", "Status"]),
                        rows(&["r7.ron", "例市", "令和7年度", "counted"]),
                    ],
                ),
            ];
            let p = PreviousAggregate::from_workbook(&sheets, "t.xlsx", Lang::En).unwrap();
            let names: Vec<&str> = p
                .organizations
                .iter()
                .flatten()
                .map(|o| o.name.as_str())
                .collect();
            assert_eq!(names, ["例市"], "{spelling}");
        }
    }
}
