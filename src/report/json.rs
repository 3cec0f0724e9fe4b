//! JSON for machines (schema in docs/formats.md, "Report JSON"). Language
//! independent: Japanese text and the English reference translation side by side.

use serde::Serialize;

use super::{Level, SheetReport};
use crate::score::Tally;

/// Version of the report's JSON shape; bumped on incompatible changes.
pub(crate) const REPORT_SCHEMA: &str = "tenken-report/1";

#[derive(Serialize)]
struct Counts {
    average: Option<f64>,
    items: u32,
    applicable: u32,
    answered: u32,
    scored: u32,
    /// Applicable items answered 0 (該当しない).
    not_applicable: u32,
    /// Items the organisation's profile excludes (対象外).
    excluded: u32,
    unanswered: u32,
    sum: u32,
    /// Applicable items answered 0, 1, 2, 3 (index = score).
    by_score: [u32; 4],
}

impl From<&Tally> for Counts {
    fn from(t: &Tally) -> Counts {
        Counts {
            average: t.average(),
            items: t.items,
            applicable: t.applicable,
            answered: t.answered,
            scored: t.scored,
            not_applicable: t.not_applicable,
            excluded: t.excluded,
            unanswered: t.unanswered,
            sum: t.sum,
            by_score: t.by_score,
        }
    }
}

#[derive(Serialize)]
struct Heading<'a> {
    level: &'static str,
    no: &'a str,
    title: &'a str,
    title_en: &'a str,
    #[serde(flatten)]
    counts: Counts,
}

#[derive(Serialize)]
struct JsonWarning<'a> {
    id: &'a str,
    score: Option<u8>,
    years: &'a [i32],
    years_wareki: Vec<String>,
    text: &'a str,
}

#[derive(Serialize)]
struct ItemRef<'a> {
    id: &'a str,
    text: &'a str,
}

#[derive(Serialize)]
struct JsonPlanRow<'a> {
    id: &'a str,
    score: u8,
    written: bool,
    action: &'a str,
    owner: &'a str,
    due: &'a str,
    text: &'a str,
}

#[derive(Serialize)]
struct PlanFields<'a> {
    action: &'a str,
    owner: &'a str,
    due: &'a str,
    /// Last year's plan, carried by `new --from` and not edited since.
    carried: bool,
}

#[derive(Serialize)]
struct JsonItemRow<'a> {
    id: &'a str,
    /// The score written in the sheet (a draft's too); null when unanswered.
    score: Option<u8>,
    applicable: bool,
    flagged: bool,
    unconfirmed: bool,
    comment: &'a str,
    evidence: &'a str,
    plan: Option<PlanFields<'a>>,
    priority_years: &'a [i32],
    text: &'a str,
}

pub(super) fn render(r: &SheetReport, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let s = r.sheet;
    let text = |id: &str| r.item_text(id, crate::lang::Lang::Ja).to_string();
    let headings: Vec<Heading> = r
        .rows
        .iter()
        .map(|row| Heading {
            level: row.level.key(),
            no: &row.no,
            title: &row.title,
            title_en: &row.title_en,
            counts: Counts::from(&row.tally),
        })
        .collect();
    let texts: Vec<String> = r.warnings.iter().map(|w| text(&w.id)).collect();
    let warnings: Vec<JsonWarning> = r
        .warnings
        .iter()
        .zip(&texts)
        .map(|(w, t)| JsonWarning {
            id: &w.id,
            score: w.score.map(|x| x.value()),
            years: &w.years,
            years_wareki: w
                .years
                .iter()
                .map(|y| crate::fiscal::FiscalYear(*y).wareki())
                .collect(),
            text: t,
        })
        .collect();
    let at_one: Vec<ItemRef> = r
        .at_one
        .iter()
        .map(|id| ItemRef {
            id,
            text: r.item_text(id, crate::lang::Lang::Ja),
        })
        .collect();
    let plans: Vec<JsonPlanRow> = r
        .plans
        .iter()
        .map(|p| JsonPlanRow {
            id: &p.id,
            score: p.score.value(),
            written: p.written,
            action: &p.plan.action,
            owner: &p.plan.owner,
            due: &p.plan.due,
            text: r.item_text(&p.id, crate::lang::Lang::Ja),
        })
        .collect();
    let items: Vec<JsonItemRow> = r
        .items
        .iter()
        .map(|i| JsonItemRow {
            id: &i.id,
            score: i.score.map(|x| x.value()),
            applicable: i.applicable,
            flagged: i.flagged,
            unconfirmed: i.unconfirmed,
            comment: &i.comment,
            evidence: &i.evidence,
            plan: i.plan.as_ref().map(|p| PlanFields {
                action: &p.action,
                owner: &p.owner,
                due: &p.due,
                carried: p.carried,
            }),
            priority_years: &i.priority_years,
            text: r.item_text(&i.id, crate::lang::Lang::Ja),
        })
        .collect();
    let majors = headings
        .iter()
        .filter(|h| h.level == Level::Major.key())
        .count();
    let mut doc = serde_json::json!({
        "schema": REPORT_SCHEMA,
        "organization": s.organization,
        "respondent": s.respondent,
        "sign_off": {
            "inspector": s.inspector,
            "approver": s.approver,
            "inspected_on": s.inspected_on,
        },
        "fiscal_year": s.fiscal_year,
        "fiscal_year_wareki": s.fiscal_year().wareki(),
        "catalog": {
            "id": r.catalog.id,
            "revision": r.catalog.revision,
            "edition": r.catalog.edition,
            "majors": majors,
            "items": r.catalog.item_count(),
        },
        "updated": s.updated.map(crate::ron::timestamp),
        "overall": Counts::from(&r.score.overall),
        "headings": headings,
        "priority_warnings": warnings,
        "items_at_one": at_one,
        "improvement_plans": plans,
        "flagged": r.items.iter().filter(|i| i.flagged).map(|i| i.id.as_str()).collect::<Vec<_>>(),
        "items": items,
    });
    // Signed sheets only, so that other reports stay as they were: the seal recorded, shortened
    // as printed, and whether the sheet still matches it.
    if !s.seal.is_empty() {
        doc["sign_off"]["seal"] = serde_json::json!({
            "sha256": s.seal,
            "printed": crate::seal::short(&s.seal),
            "matches": matches!(crate::seal::state(s), crate::seal::SealState::Matches(_)),
        });
    }
    crate::output::write_json(&doc, out)
}
