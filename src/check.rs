//! `tenken check`'s findings on a sheet that loads: what is inconsistent with its catalog or
//! incomplete (pure, like `diff`). The command in `cmd::check` prints them.

use crate::catalog::Catalog;
use crate::lang::{Lang, say};
use crate::score::{ItemState, item_state};
use crate::sheet::{Score, Sheet};

/// Something `tenken check` reports about a sheet that loads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Finding {
    /// The sheet names another revision of the catalog than the one in use.
    Revision { sheet: String, catalog: String },
    /// The sheet was changed after it was signed off: it no longer matches the seal
    /// (照合番号, shortened) printed on the approved report, until it is signed again.
    SealChanged(String),
    /// A 点検日 that does not read as a date (the header form keeps such text as written).
    InspectedOnNotADate(String),
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
        match self {
            Finding::Revision { sheet, catalog } => say!(
                lang,
                "シートはカタログ改訂 {sheet} の回答ですが、使用中のカタログは {catalog} です",
                "the sheet answers catalog revision {sheet}, the catalog in use is {catalog}"
            ),
            Finding::SealChanged(seal) => say!(
                lang,
                "確認後に変更されています: 照合番号 {seal} の報告書と一致しません (確認を受け直して tenken sign で記録してください)",
                "changed since it was signed off: it no longer matches the report with seal {seal} (have it approved again and record that with tenken sign)"
            ),
            Finding::ProfileUnanswered(q) => say!(
                lang,
                "団体の前提質問 `{q}` が未回答です (該当する項目がすべて対象になります)",
                "profile question `{q}` is unanswered (every branch it decides stays applicable)"
            ),
            Finding::ProfileUnknown(q) => say!(
                lang,
                "profile の `{q}` はカタログにない質問です",
                "profile answers `{q}`, which the catalog does not ask"
            ),
            Finding::UnknownItem(id) => say!(
                lang,
                "{id}: カタログにない項目への回答です (ファイルには残します)",
                "{id}: the catalog has no such item (the answer is kept in the file)"
            ),
            Finding::Inapplicable { id, score } => say!(
                lang,
                "{id}: 団体の前提により対象外の項目に {score} と回答しています",
                "{id}: answered {score}, but the organization's profile excludes the item"
            ),
            Finding::Unconfirmed(ids) => {
                let (n, en) = (ids.len(), crate::lang::count(ids.len(), "draft"));
                say!(
                    lang,
                    "前年度から引き継いだ下書き {n} 件 (確定するまで集計に含めません): {}",
                    "{en} carried over from last year, not yet confirmed (counted nowhere): {}",
                    ids.join(", ")
                )
            }
            Finding::Unanswered(ids) => {
                let (n, en) = (ids.len(), crate::lang::count(ids.len(), "applicable item"));
                say!(
                    lang,
                    "対象の項目のうち {n} 件が未回答です: {}",
                    "{en} unanswered: {}",
                    ids.join(", ")
                )
            }
            Finding::PastDue { id, due } => say!(
                lang,
                "{id}: 改善計画の期限 {due} を過ぎています",
                "{id}: the improvement plan was due on {due}"
            ),
            Finding::InspectedOnNotADate(on) => say!(
                lang,
                "点検日「{on}」を日付として読めません ({} の形で)",
                "the inspection date `{on}` is not a date (write {})",
                lang.pick(crate::date::FORMS_JA, crate::date::FORMS_EN)
            ),
            Finding::DueNotADate { id, due } => say!(
                lang,
                "{id}: 改善計画の期限「{due}」を日付として読めません ({} の形で)",
                "{id}: the plan's due date `{due}` is not a date (write {})",
                lang.pick(crate::date::FORMS_JA, crate::date::FORMS_EN)
            ),
            Finding::PlanFromLastYear(ids) => {
                let n = ids.len();
                let (en, verb) = (
                    crate::lang::count(n, "improvement plan"),
                    if n == 1 { "is" } else { "are" },
                );
                say!(
                    lang,
                    "前年度から引き継いだまま見直していない改善計画 {n} 件: {}",
                    "{en} {verb} still last year's, not reviewed since: {}",
                    ids.join(", ")
                )
            }
            Finding::PlanAtThree(id) => say!(
                lang,
                "{id}: 評価 3 の項目に改善計画が残っています (完了なら削除してください)",
                "{id}: an improvement plan is left on an item now at 3 (remove it if done)"
            ),
            Finding::NoPlan { id, score } => say!(
                lang,
                "{id}: 評価 {score} ですが改善計画がありません",
                "{id}: score {score} without an improvement plan (改善計画)"
            ),
            Finding::PlanIncomplete { id, missing } => match lang {
                Lang::Ja => {
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
                Lang::En => format!("{id}: the improvement plan lacks {}", missing.join(", ")),
            },
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
    if let crate::seal::SealState::Changed(seal) = crate::seal::state(sheet) {
        out.push(Finding::SealChanged(seal));
    }
    let on = sheet.inspected_on.trim();
    if !on.is_empty() && crate::date::parse_date(on).is_none() {
        out.push(Finding::InspectedOnNotADate(on.to_string()));
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
