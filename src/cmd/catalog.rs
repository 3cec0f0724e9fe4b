//! `tenken catalog list | show | validate`.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use serde::Serialize;

use crate::catalog::{Catalog, Catalogs, heading_text};
use crate::figure;
use crate::fiscal::FiscalYear;
use crate::lang::{Lang, say};
use crate::output::markdown::text as md_escape;
use crate::safe_text::pad_cells;

use super::EditionArg;

#[derive(Debug, clap::Subcommand)]
pub enum CatalogCommand {
    /// List every item: id, 管理目標, priority years, wording.
    List {
        /// The catalog's edition (default: the municipal one, or the catalog of --catalog)
        #[arg(long, value_enum)]
        edition: Option<EditionArg>,
        /// The list's format
        #[arg(long, value_enum, default_value_t = ListFormat::Tsv)]
        format: ListFormat,
    },
    /// Show one item with its place in the tree, priority years, applicability and the
    /// national reference statistics.
    Show {
        /// Item id, e.g. 23-4, or a 管理目標's number, e.g. 23
        id: String,
        /// The catalog's edition (default: the municipal one, or the catalog of --catalog)
        #[arg(long, value_enum)]
        edition: Option<EditionArg>,
    },
    /// Validate a custom catalog file; exit status 0 when valid, 1 when not.
    Validate {
        /// The catalog file (RON) to validate
        file: PathBuf,
    },
}

/// `catalog list --format`: a list of items has its own formats (TSV for scripts, no CSV or
/// plain text table), unlike the reports' [`crate::report::Format`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ListFormat {
    Tsv,
    Md,
    Json,
}

pub(crate) fn run(
    cmd: CatalogCommand,
    catalogs: &Catalogs,
    lang: Lang,
) -> Result<ExitCode, super::Failure> {
    match cmd {
        CatalogCommand::List { edition, format } => {
            let catalog = catalogs.for_edition(edition.map(Into::into));
            let out = match format {
                ListFormat::Tsv => list_tsv(catalog),
                ListFormat::Md => list_md(catalog, lang),
                ListFormat::Json => list_json(catalog)?,
            };
            super::emit(out.as_bytes(), lang)?;
            Ok(ExitCode::SUCCESS)
        }
        CatalogCommand::Show { id, edition } => {
            let catalog = catalogs.for_edition(edition.map(Into::into));
            let id = Catalog::typed_id(&id);
            if id.is_empty() {
                return Err(super::Failure::Usage(
                    lang.pick(
                        "項目番号を指定してください (例: 23-4、管理目標なら 23)",
                        "give an item id (e.g. 23-4, or a goal's number: 23)",
                    )
                    .into(),
                ));
            }
            match show(catalog, &id, lang).or_else(|| show_goal(catalog, &id, lang)) {
                Some(text) => {
                    super::emit(text.as_bytes(), lang)?;
                    Ok(ExitCode::SUCCESS)
                }
                None => Err(say!(
                    lang,
                    "{} ({}) に項目 {id} はありません",
                    "{} ({}) has no item {id}",
                    catalog.id,
                    catalog.edition.label(lang)
                )
                .into()),
            }
        }
        CatalogCommand::Validate { file } => match crate::store::read_catalog(&file) {
            Ok(c) => {
                let counts = format!(
                    "{} - {} {} ({}), {} {}, {} {}, {} {}, {} {}",
                    lang.pick("問題なし", "ok"),
                    c.id,
                    c.revision,
                    c.edition.label(lang),
                    lang.pick("大分類", "majors"),
                    c.majors.len(),
                    lang.pick("管理目標", "goals"),
                    c.goal_count(),
                    lang.pick("項目", "items"),
                    c.item_count(),
                    lang.pick("重要点検項目の年度", "priority years"),
                    c.priority_year_list().len()
                );
                super::emit(
                    format!(
                        "{}: {counts}\n",
                        crate::safe_text::sanitize_line(&file.display().to_string()),
                    )
                    .as_bytes(),
                    lang,
                )?;
                Ok(ExitCode::SUCCESS)
            }
            Err(e) => {
                eprintln!(
                    "tenken: {}",
                    crate::safe_text::sanitize_multiline(&e.render(lang))
                );
                Ok(ExitCode::FAILURE)
            }
        },
    }
}

fn years_csv(years: &[i32]) -> String {
    years
        .iter()
        .map(i32::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

fn condition_text(catalog: &Catalog, p: crate::catalog::ItemPath) -> String {
    // The conditions on the path, "important_room=true" style (empty when unconditional).
    catalog
        .conditions(p)
        .map(|c| format!("{}={}", c.profile, c.equals))
        .collect::<Vec<_>>()
        .join(" ")
}

/// TSV: id, 管理目標, priority years, Japanese wording, then 大分類, applies_if, English.
pub(crate) fn list_tsv(catalog: &Catalog) -> String {
    let mut out = String::from("id\tgoal\tpriority_years\ttext\tmajor\tapplies_if\ttext_en\n");
    for (p, item) in catalog.items() {
        let _ = writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}\t{}\t{}",
            item.id,
            catalog.goal_at(p).no,
            years_csv(catalog.priority_years(&item.id)),
            item.text,
            catalog.majors[p.major].no,
            condition_text(catalog, p),
            item.en
        );
    }
    out
}

pub(crate) fn list_md(catalog: &Catalog, lang: Lang) -> String {
    let mut out = String::new();
    let title = heading_text(&catalog.title, &catalog.title_en, lang);
    let _ = writeln!(
        out,
        "# {} ({} {})\n",
        md_escape(title),
        catalog.id,
        catalog.revision
    );
    let mut last_major = usize::MAX;
    for (p, item) in catalog.items() {
        if p.major != last_major {
            last_major = p.major;
            let m = &catalog.majors[p.major];
            let _ = writeln!(
                out,
                "\n## {} {}\n\n| {} | {} | {} | {} |\n|---|---|---|---|",
                m.no,
                md_escape(heading_text(&m.title, &m.en, lang)),
                lang.pick("小項目", "Item"),
                lang.pick("管理目標", "Goal"),
                lang.pick("重要点検項目", "Priority"),
                lang.pick("設問", "Question"),
            );
        }
        let years: Vec<String> = catalog
            .priority_years(&item.id)
            .iter()
            .map(|y| FiscalYear(*y).display(lang))
            .collect();
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            item.id,
            catalog.goal_at(p).no,
            years.join(", "),
            md_escape(catalog.item_text(item, lang))
        );
    }
    out
}

#[derive(Serialize)]
struct JsonCatalogItem<'a> {
    id: &'a str,
    goal: u32,
    priority_years: &'a [i32],
    text: &'a str,
    text_en: &'a str,
    major: &'a str,
    middle: &'a str,
    minor: &'a str,
    applies_if: Vec<&'a crate::catalog::Condition>,
}

pub(crate) fn list_json(catalog: &Catalog) -> Result<String, String> {
    let items: Vec<JsonCatalogItem> = catalog
        .items()
        .map(|(p, item)| {
            let major = &catalog.majors[p.major];
            let middle = catalog.middle_at(p);
            let minor = catalog.minor_at(p);
            let goal = catalog.goal_at(p);
            JsonCatalogItem {
                id: &item.id,
                goal: goal.no,
                priority_years: catalog.priority_years(&item.id),
                text: &item.text,
                text_en: &item.en,
                major: &major.no,
                middle: &middle.no,
                minor: &minor.no,
                applies_if: catalog.conditions(p).collect(),
            }
        })
        .collect();
    let doc = serde_json::json!({
        "catalog": { "id": catalog.id, "revision": catalog.revision, "edition": catalog.edition },
        "items": items,
    });
    serde_json::to_string_pretty(&doc)
        .map(|s| crate::safe_text::escape_json_controls(s) + "\n")
        .map_err(|e| e.to_string())
}

/// The item with its path, priority years, applicability and reference statistics.
/// A 管理目標 by its number (`23`, as `:` in the interview takes it): its title and its
/// items, each with the id `catalog show` shows it by.
fn show_goal(catalog: &Catalog, number: &str, lang: Lang) -> Option<String> {
    let no: u32 = number.parse().ok()?;
    let goal = catalog.goals().find(|g| g.no == no)?;
    let mut out = format!(
        "{} {no} {}\n",
        lang.pick("管理目標", "Goal"),
        goal.title_in(lang)
    );
    for item in &goal.items {
        let _ = writeln!(out, "  {} {}", item.id, catalog.item_text(item, lang));
    }
    if let Some(first) = goal.items.first() {
        let _ = writeln!(
            out,
            "{}: tenken catalog show {}",
            lang.pick("項目の詳細", "an item in full"),
            first.id
        );
    }
    Some(out)
}

pub(crate) fn show(catalog: &Catalog, id: &str, lang: Lang) -> Option<String> {
    let p = catalog.path(id)?;
    let item = catalog.item_at(p);
    let major = &catalog.majors[p.major];
    let middle = catalog.middle_at(p);
    let minor = catalog.minor_at(p);
    let goal = catalog.goal_at(p);
    let inferred = lang.pick(
        " 〔推定見出し・原典に記載なし〕",
        " [inferred heading, not printed in the source]",
    );
    let mark = |b: bool| if b { inferred } else { "" };
    let mut out = String::new();
    let _ = writeln!(out, "{} {}", item.id, catalog.item_text(item, lang));
    if lang == Lang::En && !item.en.is_empty() {
        let _ = writeln!(
            out,
            "  (reference translation; authoritative: {})",
            item.text
        );
    }
    let _ = writeln!(out);
    // A line of the card: its label in a column 12 cells wide, then what it says.
    let line = |out: &mut String, ja: &str, en: &str, text: &str| {
        let _ = writeln!(out, "{} {text}", pad_cells(lang.pick(ja, en), 12));
    };
    let heading = |no: &dyn std::fmt::Display, title: &str, inferred: bool| {
        format!("{no} {title}{}", mark(inferred))
    };
    let path = [
        heading(&major.no, major.title_in(lang), major.inferred),
        heading(&middle.no, middle.title_in(lang), middle.inferred),
        heading(&minor.no, minor.title_in(lang), minor.inferred),
        heading(&goal.no, goal.title_in(lang), goal.inferred),
    ];
    let levels = [
        ("大分類", "Major"),
        ("中分類", "Middle"),
        ("小分類", "Minor"),
        ("管理目標", "Goal"),
    ];
    for ((ja, en), text) in levels.into_iter().zip(path) {
        line(&mut out, ja, en, &text);
    }
    let years = catalog.priority_years(id);
    let years_text = if years.is_empty() {
        lang.pick("なし", "none").to_string()
    } else {
        years
            .iter()
            .map(|y| FiscalYear(*y).display(lang))
            .collect::<Vec<_>>()
            .join(", ")
    };
    line(&mut out, "重要点検項目", "Priority", &years_text);
    let cond = condition_text(catalog, p);
    let applies = if cond.is_empty() {
        lang.pick("常に回答", "always answered").to_string()
    } else {
        let mut parts = Vec::new();
        for c in cond.split(' ') {
            let (qid, v) = c.split_once('=').unwrap_or((c, ""));
            let q = catalog
                .profile_question(qid)
                .map_or(qid, |q| heading_text(&q.question, &q.question_en, lang));
            parts.push(format!(
                "{q} = {}",
                if v == "true" {
                    lang.pick("はい", "yes")
                } else {
                    lang.pick("いいえ", "no")
                }
            ));
        }
        format!(
            "{}{}",
            lang.pick("回答する条件: ", "answered when: "),
            parts.join(", ")
        )
    };
    line(&mut out, "適用", "Applies", &applies);
    for note in [
        &major.note,
        &middle.note,
        &minor.note,
        &goal.note,
        &item.note,
    ]
    .into_iter()
    .flatten()
    {
        line(&mut out, "備考", "Note", note);
    }
    if let (Some(r), Some(s)) = (&catalog.reference, catalog.reference_for(id)) {
        let _ = writeln!(
            out,
            "\n{} ({} {})",
            lang.pick("全国の点検結果", "National results"),
            lang.pick("集計団体数", "organizations"),
            r.organizations
        );
        let averages: Vec<String> = s
            .averages
            .iter()
            .map(|(y, a)| format!("{} {}", FiscalYear(*y).short(), figure::average(Some(*a))))
            .collect();
        let _ = writeln!(
            out,
            "  {}: {}",
            lang.pick("平均値", "averages"),
            averages.join("  ")
        );
        let _ = writeln!(
            out,
            "  {} {}: 3 {}%  2 {}%  1 {}%",
            FiscalYear(r.year).display(lang),
            lang.pick("回答割合", "shares"),
            figure::share(Some(s.shares.0)),
            figure::share(Some(s.shares.1)),
            figure::share(Some(s.shares.2))
        );
        if let Some(c) = s.change {
            let _ = writeln!(
                out,
                "  {}: {}",
                lang.pick("前年度からの向上値", "change from the year before"),
                figure::Figure::from(c).signed(3)
            );
        }
    }
    Some(out)
}
