//! Last year against this year as CSV, one row per item (LF line ends; the byte-order mark is
//! [`crate::output::render`]'s). Column names and the change are in English, for machines.

use super::SheetDiff;
use super::text::score;
use crate::lang::Lang;

pub(super) fn render(d: &SheetDiff) -> Result<Vec<u8>, String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let err = |e: csv::Error| e.to_string();
    w.write_record(crate::xlsx::DIFF_CSV_HEAD.iter().chain(&[
        "new_score",
        "change",
        "wording_changed",
        "priority",
        "fell_below_target",
        "comment_changed",
        "evidence_changed",
        "old_text",
        "new_text",
        "plan_change",
        "old_plan_action",
        "old_plan_owner",
        "old_plan_due",
        "new_plan_action",
        "new_plan_owner",
        "new_plan_due",
    ]))
    .map_err(err)?;
    // Ids and wording come from a catalog file: the same formula guard as every CSV.
    let guard = |t: Option<&str>| crate::output::csv::cell(t.unwrap_or(""));
    let plan = |p: &Option<super::PlanText>| {
        p.as_ref()
            .map_or([String::new(), String::new(), String::new()], |p| {
                [&p.action, &p.owner, &p.due].map(|t| guard(Some(t.as_str())))
            })
    };
    for i in &d.items {
        let ([oa, oo, od], [na, no, nd]) = (plan(&i.old_plan), plan(&i.new_plan));
        w.write_record([
            guard(Some(i.id.as_str())).as_str(),
            &score(i.old_score),
            &score(i.new_score),
            i.change.label(Lang::En),
            if i.wording_changed { "yes" } else { "" },
            if i.priority { "yes" } else { "" },
            if i.fell_below_target { "yes" } else { "" },
            if i.comment_changed { "yes" } else { "" },
            if i.evidence_changed { "yes" } else { "" },
            &guard(i.old_text.as_deref()),
            &guard(i.new_text.as_deref()),
            i.plan_change.map_or("", |c| c.label(Lang::En)),
            &oa,
            &oo,
            &od,
            &na,
            &no,
            &nd,
        ])
        .map_err(err)?;
    }
    w.into_inner().map_err(|e| e.to_string())
}
