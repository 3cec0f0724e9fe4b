//! `tenken new | check | report`: the commands on one answer sheet.

use std::path::Path;
use std::process::ExitCode;

use crate::carry::{CarryPreview, carry_forward};
use crate::catalog::{Catalog, Catalogs, Edition};
use crate::cli::{Command, ReportFormat, YesNo};
use crate::report::{self, SheetReport};
use crate::score::{ItemState, item_state};
use crate::sheet::{CatalogRef, Score, Sheet};
use crate::store;
use crate::text::{Lang, sanitize_line};

pub fn run(cmd: Command, catalogs: &Catalogs, lang: Lang) -> Result<ExitCode, String> {
    match cmd {
        Command::New {
            file,
            organization,
            fiscal_year,
            from,
            dry_run,
            edition,
            respondent,
            important_room,
        } => {
            let last = match &from {
                Some(path) => {
                    let sheet = store::load_sheet_for_reading(path).map_err(|e| e.to_string())?;
                    let catalog = store::resolve_catalog(&sheet, catalogs, path)
                        .map_err(|e| e.to_string())?;
                    Some((sheet, catalog))
                }
                None => None,
            };
            let edition = edition
                .map(Edition::from)
                .or(last.as_ref().map(|(_, c)| c.edition));
            let catalog = catalogs.for_edition(edition);
            let organization = organization
                .or_else(|| last.as_ref().map(|(s, _)| s.organization.clone()))
                .unwrap_or_default();
            if organization.trim().is_empty() {
                return Err("--organization must not be empty".into());
            }
            let fiscal_year = fiscal_year
                .or_else(|| {
                    last.as_ref()
                        .map(|(s, _)| crate::fiscal::FiscalYear(s.fiscal_year + 1))
                })
                .ok_or("--fiscal-year is required")?;
            let now = crate::clock::now();
            let mut sheet = Sheet::new(
                CatalogRef {
                    id: catalog.id.clone(),
                    revision: catalog.revision.clone(),
                },
                organization.trim(),
                fiscal_year,
                now,
            );
            sheet.respondent = respondent
                .or_else(|| last.as_ref().map(|(s, _)| s.respondent.clone()))
                .unwrap_or_default()
                .trim()
                .to_string();
            if let Some((old, _)) = &last {
                // Profile answers carry over where this catalog asks the same question.
                sheet.profile = old
                    .profile
                    .iter()
                    .filter(|(q, _)| catalog.profile_question(q).is_some())
                    .map(|(q, v)| (q.clone(), *v))
                    .collect();
            }
            if let Some(v) = important_room {
                if catalog.profile_question("important_room").is_none() {
                    return Err(format!(
                        "catalog {} asks no `important_room` question",
                        catalog.id
                    ));
                }
                sheet
                    .profile
                    .insert("important_room".into(), v == YesNo::Yes);
            }
            if let (Some((old, old_cat)), Some(from)) = (&last, &from) {
                let preview = carry_forward(old_cat, old, catalog, &mut sheet, &|_| true, now);
                super::emit(carry_preview_text(&preview, from, old_cat, catalog, lang).as_bytes())?;
                if dry_run {
                    super::emit(
                        format!(
                            "{} {}\n",
                            file.display(),
                            lang.pick(
                                "は作成していません (--dry-run)",
                                "was not written (--dry-run)"
                            )
                        )
                        .as_bytes(),
                    )?;
                    return Ok(ExitCode::SUCCESS);
                }
            }
            store::create_sheet(&file, &sheet).map_err(|e| e.to_string())?;
            super::emit(
                format!(
                    "{}: {} — {} {}, {} ({} {}, {} {})\n",
                    file.display(),
                    lang.pick("作成しました", "created"),
                    sanitize_line(&sheet.organization),
                    fiscal_year.display(lang),
                    catalog.edition.label(lang),
                    catalog.id,
                    catalog.revision,
                    catalog.item_count(),
                    lang.pick("項目", "items"),
                )
                .as_bytes(),
            )?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Check { file } => {
            let (sheet, catalog) = match open(&file, catalogs) {
                Ok(x) => x,
                Err(e) => {
                    eprintln!("tenken: {e}");
                    return Ok(ExitCode::from(2));
                }
            };
            let findings = findings(catalog, &sheet);
            let mut out = String::new();
            for f in &findings {
                out.push_str(&format!(
                    "{}: {}\n",
                    file.display(),
                    sanitize_line(&f.message(lang))
                ));
            }
            let overall = crate::score::score_sheet(catalog, &sheet).overall;
            out.push_str(&format!(
                "{}: {} — {} {}/{}\n",
                file.display(),
                if findings.is_empty() {
                    lang.pick("問題なし", "ok").to_string()
                } else {
                    format!("{} {}", findings.len(), lang.pick("件の指摘", "findings"))
                },
                lang.pick("回答済み", "answered"),
                overall.answered,
                overall.applicable,
            ));
            super::emit(out.as_bytes())?;
            Ok(if findings.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        Command::Report {
            file,
            format,
            output,
            no_bom,
        } => {
            let (sheet, catalog) = open(&file, catalogs).map_err(|e| e.to_string())?;
            let bytes = SheetReport::build(catalog, &sheet).render(report::Options {
                format: match format {
                    ReportFormat::Text => report::Format::Text,
                    ReportFormat::Md => report::Format::Markdown,
                    ReportFormat::Csv => report::Format::Csv,
                    ReportFormat::Json => report::Format::Json,
                },
                lang,
                bom: !no_bom,
            })?;
            super::write_output(&bytes, output.as_deref(), &[&file])?;
            Ok(ExitCode::SUCCESS)
        }
        _ => unreachable!("only new, check and report are dispatched here"),
    }
}

fn open<'c>(
    file: &Path,
    catalogs: &'c Catalogs,
) -> Result<(Sheet, &'c Catalog), store::StoreError> {
    let sheet = store::load_sheet(file)?;
    let catalog = store::resolve_catalog(&sheet, catalogs, file)?;
    Ok((sheet, catalog))
}

/// Something `tenken check` reports about a sheet that loads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Finding {
    /// The sheet names another revision of the catalog than the one in use.
    Revision { sheet: String, catalog: String },
    /// A profile question of the catalog has no answer (its branches stay applicable).
    ProfileUnanswered(String),
    /// The profile answers a question the catalog does not ask.
    ProfileUnknown(String),
    /// An answer to an id the catalog does not have.
    UnknownItem(String),
    /// An item the profile excludes is answered 1–3.
    Inapplicable { id: String, score: Score },
    /// An applicable item below 3 without an improvement plan.
    NoPlan { id: String, score: Score },
    /// Answers carried over from last year that nobody has confirmed yet (one finding for
    /// all of them: a new year starts with a hundred).
    Unconfirmed(Vec<String>),
    /// Applicable items without an answer (one finding for all of them): a sheet with
    /// unanswered items is not ready to hand in.
    Unanswered(Vec<String>),
    /// A plan on an item below 3 whose due date has passed.
    PastDue { id: String, due: String },
    /// A due date that does not read as a date (`2027-03-31`, `令和9年3月31日`, `R9.3.31`).
    DueNotADate { id: String, due: String },
    /// Confirmed answers below 3 whose plan is still last year's, carried by `new --from`
    /// and not edited since (one finding for all of them).
    PlanFromLastYear(Vec<String>),
    /// An improvement plan left on an item now answered 3 (done, or to be removed).
    PlanAtThree(String),
    /// A plan with some of measure / owner / due left empty.
    PlanIncomplete {
        id: String,
        missing: Vec<&'static str>,
    },
}

impl Finding {
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (Finding::Revision { sheet, catalog }, Lang::Ja) => format!(
                "シートはカタログ改訂 {sheet} の回答ですが、使用中のカタログは {catalog} です"
            ),
            (Finding::Revision { sheet, catalog }, Lang::En) => format!(
                "the sheet answers catalog revision {sheet}, the catalog in use is {catalog}"
            ),
            (Finding::ProfileUnanswered(q), Lang::Ja) => {
                format!("団体の前提質問 `{q}` が未回答です (該当する項目がすべて対象になります)")
            }
            (Finding::ProfileUnanswered(q), Lang::En) => format!(
                "profile question `{q}` is unanswered (every branch it decides stays applicable)"
            ),
            (Finding::ProfileUnknown(q), Lang::Ja) => {
                format!("profile の `{q}` はカタログにない質問です")
            }
            (Finding::ProfileUnknown(q), Lang::En) => {
                format!("profile answers `{q}`, which the catalog does not ask")
            }
            (Finding::UnknownItem(id), Lang::Ja) => {
                format!("{id}: カタログにない項目への回答です (ファイルには残します)")
            }
            (Finding::UnknownItem(id), Lang::En) => {
                format!("{id}: the catalog has no such item (the answer is kept in the file)")
            }
            (Finding::Inapplicable { id, score }, Lang::Ja) => {
                format!("{id}: 団体の前提により対象外の項目に {score} と回答しています")
            }
            (Finding::Inapplicable { id, score }, Lang::En) => {
                format!("{id}: answered {score}, but the organisation's profile excludes the item")
            }
            (Finding::Unconfirmed(ids), Lang::Ja) => format!(
                "前年度から引き継いだ未確認の回答 {} 件 (確認するまで集計に含めません): {}",
                ids.len(),
                ids.join(", ")
            ),
            (Finding::Unconfirmed(ids), Lang::En) => format!(
                "{} answers carried over from last year are not yet confirmed (counted nowhere): {}",
                ids.len(),
                ids.join(", ")
            ),
            (Finding::Unanswered(ids), Lang::Ja) => format!(
                "対象の項目のうち {} 件が未回答です: {}",
                ids.len(),
                ids.join(", ")
            ),
            (Finding::Unanswered(ids), Lang::En) => format!(
                "{} applicable items are unanswered: {}",
                ids.len(),
                ids.join(", ")
            ),
            (Finding::PastDue { id, due }, Lang::Ja) => {
                format!("{id}: 改善計画の期限 {due} を過ぎています")
            }
            (Finding::PastDue { id, due }, Lang::En) => {
                format!("{id}: the improvement plan was due on {due}")
            }
            (Finding::DueNotADate { id, due }, Lang::Ja) => format!(
                "{id}: 改善計画の期限「{due}」を日付として読めません (2027-03-31、令和9年3月31日、R9.3.31 の形で)"
            ),
            (Finding::DueNotADate { id, due }, Lang::En) => format!(
                "{id}: the plan's due date `{due}` is not a date (write 2027-03-31, 令和9年3月31日 or R9.3.31)"
            ),
            (Finding::PlanFromLastYear(ids), Lang::Ja) => format!(
                "前年度から引き継いだまま見直していない改善計画 {} 件: {}",
                ids.len(),
                ids.join(", ")
            ),
            (Finding::PlanFromLastYear(ids), Lang::En) => format!(
                "{} improvement plans are still last year's, not reviewed since: {}",
                ids.len(),
                ids.join(", ")
            ),
            (Finding::PlanAtThree(id), Lang::Ja) => {
                format!("{id}: 評価 3 の項目に改善計画が残っています (完了なら削除してください)")
            }
            (Finding::PlanAtThree(id), Lang::En) => {
                format!("{id}: an improvement plan is left on an item now at 3 (remove it if done)")
            }
            (Finding::NoPlan { id, score }, Lang::Ja) => {
                format!("{id}: 評価 {score} ですが改善計画がありません")
            }
            (Finding::NoPlan { id, score }, Lang::En) => {
                format!("{id}: score {score} without an improvement plan (改善計画)")
            }
            (Finding::PlanIncomplete { id, missing }, Lang::Ja) => {
                let names: Vec<&str> = missing
                    .iter()
                    .map(|m| match *m {
                        "action" => "改善内容",
                        "owner" => "担当",
                        _ => "期限",
                    })
                    .collect();
                format!("{id}: 改善計画の{}が未記入です", names.join("・"))
            }
            (Finding::PlanIncomplete { id, missing }, Lang::En) => {
                format!("{id}: the improvement plan lacks {}", missing.join(", "))
            }
        }
    }
}

/// Every finding on a sheet as of today (local time).
pub fn findings(catalog: &Catalog, sheet: &Sheet) -> Vec<Finding> {
    findings_on(catalog, sheet, crate::clock::now().date())
}

/// Every finding on a sheet as of `today`, in a stable order: catalog and profile first,
/// then answers.
pub fn findings_on(catalog: &Catalog, sheet: &Sheet, today: time::Date) -> Vec<Finding> {
    let mut out = Vec::new();
    if sheet.catalog.revision != catalog.revision {
        out.push(Finding::Revision {
            sheet: sheet.catalog.revision.clone(),
            catalog: catalog.revision.clone(),
        });
    }
    for q in &catalog.profile {
        if !sheet.profile.contains_key(&q.id) {
            out.push(Finding::ProfileUnanswered(q.id.clone()));
        }
    }
    for k in sheet.profile.keys() {
        if catalog.profile_question(k).is_none() {
            out.push(Finding::ProfileUnknown(k.clone()));
        }
    }
    for id in sheet.answers.keys() {
        if catalog.path(id).is_none() {
            out.push(Finding::UnknownItem(id.clone()));
        }
    }
    let mut unconfirmed = Vec::new();
    let mut unanswered = Vec::new();
    let mut carried_plans = Vec::new();
    for (p, item) in catalog.items() {
        let Some(answer) = sheet.answers.get(&item.id) else {
            if item_state(catalog, sheet, p) == ItemState::Unanswered {
                unanswered.push(item.id.clone());
            }
            continue;
        };
        let id = item.id.clone();
        if answer.unconfirmed {
            unconfirmed.push(id);
            continue;
        }
        match item_state(catalog, sheet, p) {
            ItemState::Excluded if answer.score.is_scored() => {
                out.push(Finding::Inapplicable {
                    id,
                    score: answer.score,
                });
            }
            ItemState::Answered(score @ (Score::NotInPlace | Score::Documented)) => {
                match &answer.plan {
                    None => out.push(Finding::NoPlan { id, score }),
                    Some(plan) if plan.is_empty() => out.push(Finding::NoPlan { id, score }),
                    Some(plan) => {
                        if plan.carried {
                            carried_plans.push(id.clone());
                        }
                        let missing: Vec<&'static str> = [
                            ("action", &plan.action),
                            ("owner", &plan.owner),
                            ("due", &plan.due),
                        ]
                        .into_iter()
                        .filter(|(_, v)| v.trim().is_empty())
                        .map(|(k, _)| k)
                        .collect();
                        let due = plan.due.trim();
                        match crate::date::parse_date(due) {
                            Some(d) if d < today => out.push(Finding::PastDue {
                                id: id.clone(),
                                due: due.to_string(),
                            }),
                            None if !due.is_empty() => out.push(Finding::DueNotADate {
                                id: id.clone(),
                                due: due.to_string(),
                            }),
                            _ => {}
                        }
                        if !missing.is_empty() {
                            out.push(Finding::PlanIncomplete { id, missing });
                        }
                    }
                }
            }
            ItemState::Answered(Score::Operating)
                if answer.plan.as_ref().is_some_and(|p| !p.is_empty()) =>
            {
                out.push(Finding::PlanAtThree(id));
            }
            _ => {}
        }
    }
    if !unconfirmed.is_empty() {
        out.push(Finding::Unconfirmed(unconfirmed));
    }
    if !carried_plans.is_empty() {
        out.push(Finding::PlanFromLastYear(carried_plans));
    }
    if !unanswered.is_empty() {
        out.push(Finding::Unanswered(unanswered));
    }
    out
}

/// The preview printed before a sheet is started from last year's.
fn carry_preview_text(
    p: &CarryPreview,
    from: &Path,
    old_cat: &Catalog,
    new_cat: &Catalog,
    lang: Lang,
) -> String {
    let list = |ids: &[String]| {
        if ids.is_empty() {
            String::new()
        } else {
            format!(": {}", ids.join(", "))
        }
    };
    let mut out = format!(
        "{} {} ({} {} → {} {})\n",
        lang.pick(
            "前年度の回答から開始:",
            "Starting from last year's answers:"
        ),
        from.display(),
        old_cat.id,
        old_cat.revision,
        new_cat.id,
        new_cat.revision
    );
    out.push_str(&format!(
        "  {} {} ({})\n",
        p.carried.len(),
        lang.pick(
            "件の回答を未確認の下書きとして引き継ぎ",
            "answers carried over as unconfirmed drafts"
        ),
        lang.pick(
            "確認するまで集計に含めません",
            "counted nowhere until confirmed"
        )
    ));
    out.push_str(&format!(
        "  {} {}{}\n",
        p.wording_changed.len(),
        lang.pick(
            "件は設問文が変わっています (両方の文を表示して確認)",
            "items changed wording (both wordings shown for confirmation)"
        ),
        list(&p.wording_changed)
    ));
    out.push_str(&format!(
        "  {} {}{}\n",
        p.new_items.len(),
        lang.pick("件の新設項目 (未回答)", "new items (unanswered)"),
        list(&p.new_items)
    ));
    out.push_str(&format!(
        "  {} {}{}\n",
        p.removed.len(),
        lang.pick(
            "件の廃止項目 (引き継ぎません)",
            "removed items (not carried)"
        ),
        list(&p.removed)
    ));
    out
}
