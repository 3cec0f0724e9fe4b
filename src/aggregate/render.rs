//! The national table in text, Markdown, CSV and JSON. The JSON output is also what
//! `--previous-aggregate` reads back, so its item averages are kept unrounded.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use super::{Aggregate, FollowUp, ItemCounts};
use crate::catalog::{Catalog, heading_text};
use crate::figure::{self, Figure, Ratio};
use crate::fiscal::FiscalYear;
use crate::report::columns::{Align, Columns};
use crate::report::csv::cell as csv_cell;
use crate::text::{Lang, sanitize_line};

/// JSON format version of the aggregate output.
pub const AGGREGATE_FORMAT: u32 = 1;

/// Averages of an earlier run, read from its JSON output.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Previous {
    pub label: String,
    pub overall: Option<f64>,
    pub items: BTreeMap<String, f64>,
}

/// Everything one rendering needs.
pub struct Table<'a> {
    pub catalog: &'a Catalog,
    pub agg: &'a Aggregate,
    pub previous: Option<&'a Previous>,
    /// Files that could not be used: (path, error).
    pub skipped: &'a [(String, String)],
    pub lang: Lang,
}

#[derive(Serialize, Deserialize)]
struct JsonDoc {
    format: u32,
    kind: String,
    catalog: JsonCatalog,
    organizations: u64,
    #[serde(default)]
    overall_average: Option<f64>,
    #[serde(default)]
    previous_overall_average: Option<f64>,
    #[serde(default)]
    majors: Vec<JsonSection>,
    #[serde(default)]
    goals: Vec<JsonSection>,
    items: Vec<JsonItem>,
    #[serde(default)]
    follow_ups: Vec<FollowUp>,
    #[serde(default)]
    skipped: Vec<JsonSkipped>,
    #[serde(default)]
    fiscal_years: BTreeMap<i32, u64>,
    #[serde(default)]
    duplicates: Vec<super::Duplicate>,
}

#[derive(Serialize, Deserialize)]
struct JsonCatalog {
    id: String,
    revision: String,
}

#[derive(Serialize, Deserialize)]
struct JsonSection {
    no: String,
    title: String,
    average: Option<f64>,
}

#[derive(Serialize, Deserialize)]
struct JsonItem {
    id: String,
    average: Option<f64>,
    #[serde(default)]
    pct3: Option<f64>,
    #[serde(default)]
    pct2: Option<f64>,
    #[serde(default)]
    pct1: Option<f64>,
    #[serde(default)]
    answered: u64,
    #[serde(default)]
    not_applicable: u64,
    #[serde(default)]
    unanswered: u64,
    /// Organisations whose profile excludes the item (対象外); not among `not_applicable`.
    #[serde(default)]
    excluded: u64,
    #[serde(default)]
    priority_years: Vec<i32>,
    #[serde(default)]
    reference_averages: BTreeMap<i32, f64>,
    #[serde(default)]
    previous_average: Option<f64>,
    #[serde(default)]
    change: Option<f64>,
}

#[derive(Serialize, Deserialize)]
struct JsonSkipped {
    file: String,
    error: String,
}

impl Previous {
    /// Reads an earlier `tenken aggregate --format json` output.
    /// Errors keep the path and `line:column`, without serde's own wording.
    pub fn from_json(src: &str, label: &str, lang: Lang) -> Result<Previous, String> {
        let doc: JsonDoc = serde_json::from_str(src).map_err(|e| {
            format!(
                "{label}:{}:{}: {}",
                e.line(),
                e.column(),
                lang.pick(
                    "tenken aggregate の JSON ファイルとして読めません",
                    "not a tenken aggregate JSON file"
                )
            )
        })?;
        if doc.kind != "tenken-aggregate" || doc.format != AGGREGATE_FORMAT {
            return Err(match lang {
                Lang::Ja => format!(
                    "{label}: kind \"tenken-aggregate\" format {AGGREGATE_FORMAT} のファイルではありません (kind \"{}\" format {})",
                    doc.kind, doc.format
                ),
                Lang::En => format!(
                    "{label}: expected kind \"tenken-aggregate\" format {AGGREGATE_FORMAT}, found kind \"{}\" format {}",
                    doc.kind, doc.format
                ),
            });
        }
        Ok(Previous {
            label: label.to_string(),
            overall: doc.overall_average,
            items: doc
                .items
                .into_iter()
                .filter_map(|i| i.average.map(|a| (i.id, a)))
                .collect(),
        })
    }
}

/// id, average (3 decimals), shares answering 3 / 2 / 1 (1 decimal, `pct` appended),
/// answered, not applicable (answered 0), unanswered, excluded by the profile: the first columns of every rendering, rounded half up
/// from the exact counts. `none` stands where nothing was answered.
fn count_cells(id: &str, c: &ItemCounts, none: &str, pct: &str) -> Vec<String> {
    let f3 = |v: Option<Ratio>| v.map_or_else(|| none.to_string(), |v| figure::average(Some(v)));
    let f1 = |v: Option<Ratio>| {
        v.map_or_else(
            || none.to_string(),
            |v| format!("{}{pct}", figure::share(Some(v))),
        )
    };
    vec![
        id.to_string(),
        f3(c.exact_average()),
        f1(c.exact_share(3)),
        f1(c.exact_share(2)),
        f1(c.exact_share(1)),
        c.answered().to_string(),
        c.not_applicable().to_string(),
        c.unanswered.to_string(),
        c.excluded.to_string(),
    ]
}

/// This year's exact average minus last year's (read back from JSON), rounded half up.
fn change_cell(c: &ItemCounts, previous: Option<f64>, none: &str) -> String {
    previous.zip(c.exact_average()).map_or_else(
        || none.to_string(),
        |(p, a)| Figure::from(a).minus(p.into()).signed(3),
    )
}

impl Table<'_> {
    /// Fiscal years for which the catalog prints national reference averages.
    pub(crate) fn reference_years(&self) -> Vec<i32> {
        let mut years: Vec<i32> = self
            .catalog
            .reference
            .iter()
            .flat_map(|r| r.items.values())
            .flat_map(|i| i.averages.keys().copied())
            .collect();
        years.sort_unstable();
        years.dedup();
        years
    }

    pub(crate) fn previous_of(&self, id: &str) -> Option<f64> {
        self.previous.and_then(|p| p.items.get(id).copied())
    }

    pub(crate) fn rows(&self) -> impl Iterator<Item = (&crate::catalog::Item, &ItemCounts)> + '_ {
        self.catalog
            .items()
            .map(|(_, item)| item)
            .zip(&self.agg.items)
    }

    fn json_items(&self) -> Vec<JsonItem> {
        self.rows()
            .map(|(item, c)| {
                let prev = self.previous_of(&item.id);
                JsonItem {
                    id: item.id.clone(),
                    average: c.average(),
                    pct3: c.share(3),
                    pct2: c.share(2),
                    pct1: c.share(1),
                    answered: c.answered(),
                    not_applicable: c.not_applicable(),
                    unanswered: c.unanswered,
                    excluded: c.excluded,
                    priority_years: self.catalog.priority_years(&item.id).to_vec(),
                    reference_averages: self
                        .catalog
                        .reference_for(&item.id)
                        .map(|r| r.averages.clone())
                        .unwrap_or_default(),
                    previous_average: prev,
                    change: prev.zip(c.average()).map(|(p, a)| a - p),
                }
            })
            .collect()
    }

    /// Machine-readable output; documented in the README.
    pub fn json(&self) -> String {
        let means = self.agg.section_means(self.catalog);
        let doc = JsonDoc {
            format: AGGREGATE_FORMAT,
            kind: "tenken-aggregate".into(),
            catalog: JsonCatalog {
                id: self.catalog.id.clone(),
                revision: self.catalog.revision.clone(),
            },
            organizations: self.agg.organizations,
            overall_average: means.overall.map(Figure::to_f64),
            previous_overall_average: self.previous.and_then(|p| p.overall),
            majors: self
                .catalog
                .majors
                .iter()
                .zip(&means.majors)
                .map(|(m, (no, avg))| JsonSection {
                    no: no.clone(),
                    title: m.title.clone(),
                    average: avg.map(Figure::to_f64),
                })
                .collect(),
            goals: self
                .catalog
                .goals()
                .zip(&means.goals)
                .map(|(g, (no, avg))| JsonSection {
                    no: no.to_string(),
                    title: g.title.clone(),
                    average: avg.map(Figure::to_f64),
                })
                .collect(),
            items: self.json_items(),
            follow_ups: self.agg.follow_ups.clone(),
            skipped: self
                .skipped
                .iter()
                .map(|(file, error)| JsonSkipped {
                    file: file.clone(),
                    error: error.clone(),
                })
                .collect(),
            fiscal_years: self.agg.fiscal_years.clone(),
            duplicates: self.agg.duplicates(),
        };
        crate::text::escape_json_controls(serde_json::to_string_pretty(&doc).unwrap_or_default())
            + "\n"
    }

    /// CSV, one row per item. The first columns are fixed: id, average, pct3, pct2, pct1,
    /// answered, not_applicable, unanswered, excluded. With `bom`, a UTF-8 byte-order mark comes first
    /// so that Excel reads the Japanese text correctly.
    pub fn csv(&self, bom: bool) -> Vec<u8> {
        let years = self.reference_years();
        let mut out = Vec::new();
        if bom {
            out.extend_from_slice("\u{feff}".as_bytes());
        }
        let mut w = csv::Writer::from_writer(out);
        let mut header: Vec<String> = [
            "id",
            "average",
            "pct3",
            "pct2",
            "pct1",
            "answered",
            "not_applicable",
            "unanswered",
            "excluded",
            "priority_years",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        header.extend(
            years
                .iter()
                .map(|y| format!("reference_{}", FiscalYear(*y).short())),
        );
        header.extend(["previous_average", "change", "text"].map(String::from));
        let _ = w.write_record(&header);
        let f3 = |v: Option<f64>| v.map_or_else(String::new, |v| figure::average(Some(v)));
        for ((item, c), j) in self.rows().zip(self.json_items()) {
            let mut rec = count_cells(&csv_cell(&j.id), c, "", "");
            rec.push(
                j.priority_years
                    .iter()
                    .map(i32::to_string)
                    .collect::<Vec<_>>()
                    .join(","),
            );
            rec.extend(
                years
                    .iter()
                    .map(|y| f3(j.reference_averages.get(y).copied())),
            );
            rec.push(f3(j.previous_average));
            rec.push(change_cell(c, j.previous_average, ""));
            rec.push(csv_cell(self.catalog.item_text(item, self.lang)));
            let _ = w.write_record(&rec);
        }
        w.into_inner().unwrap_or_default()
    }

    /// Markdown (`md = true`) or aligned plain text.
    pub fn text(&self, md: bool) -> String {
        let lang = self.lang;
        let means = self.agg.section_means(self.catalog);
        let f3 = |v: Option<Figure>| figure::average(v);
        let mut out = String::new();
        let title = heading_text(&self.catalog.title, &self.catalog.title_en, lang);
        let h = if md { "# " } else { "" };
        let _ = writeln!(
            out,
            "{h}{} - {}",
            lang.pick("点検結果集計表", "Aggregated results"),
            title
        );
        let _ = writeln!(
            out,
            "\n{}: {}   {}: {}   {}: {}",
            lang.pick("集計団体数", "Organisations"),
            self.agg.organizations,
            lang.pick("総平均点", "Overall average"),
            f3(means.overall),
            lang.pick("読めなかったファイル", "Files skipped"),
            self.skipped.len()
        );
        let years: Vec<String> = self
            .agg
            .fiscal_years
            .iter()
            .map(|(y, n)| format!("{} ({n})", FiscalYear(*y).display(lang)))
            .collect();
        let _ = writeln!(
            out,
            "{}: {}",
            lang.pick("年度", "Fiscal year"),
            years.join(", ")
        );
        if self.agg.fiscal_years.len() > 1 {
            let _ = writeln!(
                out,
                "{}",
                lang.pick(
                    "! 複数の年度のシートが混在しています",
                    "! sheets of more than one fiscal year are mixed"
                )
            );
        }
        for d in self.agg.duplicates() {
            let _ = writeln!(
                out,
                "! {} {} {}: {}",
                sanitize_line(&d.organization),
                FiscalYear(d.fiscal_year).display(lang),
                lang.pick("が重複しています", "is counted more than once"),
                sanitize_line(&d.files.join(", "))
            );
        }
        if let Some(p) = self.previous {
            let _ = writeln!(
                out,
                "{}: {} ({})",
                lang.pick("前回の総平均点", "Previous overall average"),
                f3(p.overall.map(Figure::from)),
                sanitize_line(&p.label)
            );
        }
        // Sections: 大分類, then 管理目標, each "number, title, average".
        let majors: Vec<(String, &str, Option<Figure>)> = self
            .catalog
            .majors
            .iter()
            .zip(&means.majors)
            .map(|(m, (no, avg))| (no.clone(), heading_text(&m.title, &m.en, lang), *avg))
            .collect();
        let goals: Vec<(String, &str, Option<Figure>)> = self
            .catalog
            .goals()
            .zip(&means.goals)
            .map(|(g, (no, avg))| (no.to_string(), heading_text(&g.title, &g.en, lang), *avg))
            .collect();
        for (heading, column, rows) in [
            (
                lang.pick("大分類", "Major sections"),
                lang.pick("分類", "Section"),
                majors,
            ),
            (
                lang.pick("管理目標", "Goals"),
                lang.pick("管理目標", "Goal"),
                goals,
            ),
        ] {
            let _ = writeln!(out, "\n{}{heading}", if md { "## " } else { "" });
            if md {
                let _ = writeln!(
                    out,
                    "\n| | {column} | {} |\n|---|---|---|",
                    lang.pick("平均", "Average")
                );
            }
            for (no, title, avg) in rows {
                if md {
                    let _ = writeln!(
                        out,
                        "| {no} | {} | {} |",
                        title.replace('|', "\\|"),
                        f3(avg)
                    );
                } else {
                    let _ = writeln!(out, "  {no:>2} {} {}", f3(avg), title);
                }
            }
        }
        // Items.
        let years = self.reference_years();
        let mut cols: Vec<String> = vec![
            lang.pick("小項目", "Item").into(),
            lang.pick("平均値", "Average").into(),
            lang.pick("回答3", "3").into(),
            lang.pick("回答2", "2").into(),
            lang.pick("回答1", "1").into(),
            lang.pick("回答数", "Answered").into(),
            lang.pick("該当なし", "N/A").into(),
            lang.pick("未回答", "Unanswered").into(),
            lang.pick("対象外", "Excluded").into(),
        ];
        cols.extend(
            years
                .iter()
                .map(|y| format!("{}{}", FiscalYear(*y).short(), lang.pick("全国", " natl"))),
        );
        if self.previous.is_some() {
            cols.push(lang.pick("前回", "Previous").into());
            cols.push(lang.pick("向上値", "Change").into());
        }
        cols.push(lang.pick("設問", "Question").into());
        let _ = writeln!(
            out,
            "\n{}{}",
            if md { "## " } else { "" },
            lang.pick("小項目", "Items")
        );
        // Plain text: columns aligned in terminal cells (numbers to the right), not tabs.
        let mut align = vec![Align::Right; cols.len()];
        align[0] = Align::Left;
        align[cols.len() - 1] = Align::Left;
        let mut plain = Columns::new(&align, " ");
        if md {
            let _ = writeln!(
                out,
                "\n| {} |\n|{}",
                cols.join(" | "),
                "---|".repeat(cols.len())
            );
        } else {
            let _ = writeln!(out);
            plain.row(cols.clone());
        }
        for ((item, c), j) in self.rows().zip(self.json_items()) {
            let mut row = count_cells(&j.id, c, "-", "%");
            row.extend(
                years
                    .iter()
                    .map(|y| figure::average(j.reference_averages.get(y).copied())),
            );
            if self.previous.is_some() {
                row.push(figure::average(j.previous_average));
                row.push(change_cell(c, j.previous_average, "-"));
            }
            let mut text = self.catalog.item_text(item, lang).to_string();
            for y in &j.priority_years {
                text.push_str(&format!(" 【{}】", FiscalYear(*y).display(lang)));
            }
            row.push(if md {
                text.replace('|', "\\|")
            } else {
                sanitize_line(&text).into_owned()
            });
            if md {
                let _ = writeln!(out, "| {} |", row.join(" | "));
            } else {
                plain.row(row);
            }
        }
        for line in plain.lines() {
            let _ = writeln!(out, "{line}");
        }
        // Follow-ups.
        let _ = writeln!(
            out,
            "\n{}{} ({})",
            if md { "## " } else { "" },
            lang.pick(
                "要フォローアップ団体 (重要点検項目が3点未満又は未回答)",
                "Follow-up: priority items below 3 or unanswered"
            ),
            self.agg.follow_ups.len()
        );
        for f in &self.agg.follow_ups {
            let items: Vec<String> = f
                .items
                .iter()
                .map(|(id, s)| match s {
                    Some(s) => format!("{id}={s}"),
                    None => format!("{id}={}", lang.pick("未回答", "unanswered")),
                })
                .collect();
            let _ = writeln!(
                out,
                "{}{} ({}): {}",
                if md { "- " } else { "  " },
                sanitize_line(&f.organization),
                sanitize_line(&f.source),
                items.join(", ")
            );
            if !f.missing_plans.is_empty() {
                let _ = writeln!(
                    out,
                    "{}{}: {}",
                    if md { "  - " } else { "      " },
                    lang.pick("改善計画なし", "no improvement plan"),
                    f.missing_plans.join(", ")
                );
            }
        }
        if !self.skipped.is_empty() {
            let _ = writeln!(
                out,
                "\n{}{} ({})",
                if md { "## " } else { "" },
                lang.pick("読めなかったファイル", "Files skipped"),
                self.skipped.len()
            );
            for (file, err) in self.skipped {
                let _ = writeln!(
                    out,
                    "{}{}: {}",
                    if md { "- " } else { "  " },
                    sanitize_line(file),
                    sanitize_line(err)
                );
            }
        }
        out
    }
}
