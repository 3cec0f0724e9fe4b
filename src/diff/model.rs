//! The model of last year's sheet against this year's: per item old and new score and what
//! changed, per section old and new average. Pure; nothing here knows a format. The two sheets may use different catalogs (another
//! revision or edition): items are matched by id, and an item whose wording differs between
//! the catalogs is marked so that an old answer is never taken for an answer to new wording.

use crate::catalog::{Catalog, heading_text};
use crate::figure::{self, Figure, Ratio};
use crate::fiscal::FiscalYear;
use crate::lang::Lang;
use crate::safe_text::{sanitize_line, squash_ws};
use crate::score::{ItemState, score_sheet};
use crate::sheet::{Answer, Plan, Score, Sheet};

/// How an item's answer moved from last year to this year.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    /// Both answered 1–3 and the score rose.
    Improved,
    /// Both answered 1–3 and the score fell.
    Worse,
    /// Same answer (or unanswered on both sides).
    Same,
    /// Answered differently where one side is 0 (該当しない).
    Changed,
    /// Unanswered (or not applicable by profile) last year, answered now.
    Answered,
    /// Answered last year, unanswered now.
    Unanswered,
    /// This year's answer is a draft nobody has confirmed (carried over by `new --from`): it
    /// counts nowhere yet, and it is not an answer dropped.
    Draft,
    /// The item exists only in this year's catalog.
    New,
    /// The item exists only in last year's catalog.
    Removed,
}

impl Change {
    /// A short ASCII marker, so the change never depends on colour or on wide glyphs.
    pub(crate) fn marker(self) -> &'static str {
        match self {
            Change::Improved => "+",
            Change::Worse => "-",
            Change::Same => "=",
            Change::Changed => "~",
            Change::Answered => "*",
            Change::Unanswered => "?",
            Change::Draft => "d",
            Change::New => "new",
            Change::Removed => "del",
        }
    }

    /// The label while this year's sheet is being filled in, where "unanswered" means "not
    /// yet", not "dropped".
    pub(crate) fn interview_label(self, lang: Lang) -> &'static str {
        match self {
            Change::Unanswered => lang.pick("今年は未回答", "not answered yet"),
            other => other.label(lang),
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Change::Improved => lang.pick("向上", "improved"),
            Change::Worse => lang.pick("低下", "worse"),
            Change::Same => lang.pick("変化なし", "same"),
            Change::Changed => lang.pick("変更", "changed"),
            Change::Answered => lang.pick("新たに回答", "newly answered"),
            Change::Unanswered => lang.pick("未回答に", "now unanswered"),
            Change::Draft => lang.pick("下書き", "draft"),
            Change::New => lang.pick("新設項目", "new item"),
            Change::Removed => lang.pick("廃止項目", "removed item"),
        }
    }
}

/// How an item's improvement plan (改善計画) moved from last year to this year.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PlanChange {
    /// A plan this year where last year had none.
    Added,
    /// A plan both years, worded otherwise (action, owner or due).
    Changed,
    /// Last year's plan, none this year.
    Dropped,
    /// Last year's plan, carried into this year unchanged: to be reviewed.
    Unchanged,
}

impl PlanChange {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            PlanChange::Added => lang.pick("追加", "added"),
            PlanChange::Changed => lang.pick("変更", "changed"),
            PlanChange::Dropped => lang.pick("削除", "dropped"),
            PlanChange::Unchanged => lang.pick("前年度のまま", "carried unchanged"),
        }
    }

    /// Between last year's plan and this year's (a plan of nothing but white space is none).
    fn of(old: Option<&Plan>, new: Option<&Plan>) -> Option<PlanChange> {
        fn some(p: Option<&Plan>) -> Option<&Plan> {
            p.filter(|p| !p.is_empty())
        }
        let same = |a: &Plan, b: &Plan| {
            [
                (&a.action, &b.action),
                (&a.owner, &b.owner),
                (&a.due, &b.due),
            ]
            .iter()
            .all(|(x, y)| squash_ws(x) == squash_ws(y))
        };
        match (some(old), some(new)) {
            (None, None) => None,
            (None, Some(_)) => Some(PlanChange::Added),
            (Some(_), None) => Some(PlanChange::Dropped),
            (Some(a), Some(b)) if same(a, b) => Some(PlanChange::Unchanged),
            _ => Some(PlanChange::Changed),
        }
    }
}

/// Classifies a pair of scores (None = unanswered).
pub(crate) fn classify(old: Option<Score>, new: Option<Score>) -> Change {
    match (old, new) {
        (None, None) => Change::Same,
        (None, Some(_)) => Change::Answered,
        (Some(_), None) => Change::Unanswered,
        (Some(a), Some(b)) if a == b => Change::Same,
        (Some(a), Some(b)) if a.is_scored() && b.is_scored() => {
            if b > a {
                Change::Improved
            } else {
                Change::Worse
            }
        }
        _ => Change::Changed,
    }
}

/// Whether two catalogs word an item differently (white space aside).
pub(crate) fn wording_changed(old: &Catalog, new: &Catalog, id: &str) -> bool {
    match (old.item(id), new.item(id)) {
        (Some(a), Some(b)) => squash_ws(&a.text) != squash_ws(&b.text),
        _ => false,
    }
}

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct ItemDiff {
    pub id: String,
    pub old_score: Option<u8>,
    pub(crate) new_score: Option<u8>,
    pub change: Change,
    pub wording_changed: bool,
    /// Last year's wording, when it differs or the item was removed, in the diff's language.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old_text: Option<String>,
    /// This year's wording (absent for a removed item), in the diff's language (the English
    /// reference translation in English; whether it changed is judged on the Japanese).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new_text: Option<String>,
    pub(crate) priority: bool,
    /// A priority item at 3 last year that is now answered below 3 (1 or 2).
    pub fell_below_target: bool,
    /// A priority item at 3 last year that is not answered (yet) this year: listed apart
    /// from the falls, since nothing has been said about it.
    pub unanswered_now: bool,
    pub comment_changed: bool,
    pub evidence_changed: bool,
    /// How the improvement plan moved, where either year has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub plan_change: Option<PlanChange>,
    /// Last year's plan and this year's, where there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) old_plan: Option<PlanText>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) new_plan: Option<PlanText>,
}

/// A plan's text as the diff shows it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct PlanText {
    pub(crate) action: String,
    pub(crate) owner: String,
    pub(crate) due: String,
}

impl PlanText {
    fn of(a: Option<&Answer>) -> Option<PlanText> {
        let p = a?.plan.as_ref().filter(|p| !p.is_empty())?;
        Some(PlanText {
            action: p.action.clone(),
            owner: p.owner.clone(),
            due: p.due.clone(),
        })
    }

    /// 「改善内容 (担当: 課長, 期限: 令和9年3月31日 (2027-03-31))」, the parts written, as the
    /// text shows it (`date::printed_for_text`: the Western date alone in English).
    pub(crate) fn line(&self, lang: Lang) -> String {
        self.line_with(lang, |due| crate::date::printed_for_text(due, lang))
    }

    /// [`PlanText::line`] as a workbook prints it: the due date in the one printed style
    /// (和暦 with the Western date) in either language.
    pub(crate) fn printed_line(&self, lang: Lang) -> String {
        self.line_with(lang, crate::date::printed)
    }

    fn line_with(&self, lang: Lang, due: impl Fn(&str) -> String) -> String {
        let mut more = Vec::new();
        if !self.owner.trim().is_empty() {
            more.push(format!(
                "{}: {}",
                lang.pick("担当", "owner"),
                self.owner.trim()
            ));
        }
        if !self.due.trim().is_empty() {
            more.push(format!("{}: {}", lang.pick("期限", "due"), due(&self.due)));
        }
        let action = self.action.trim();
        match (action.is_empty(), more.is_empty()) {
            (_, true) => action.to_string(),
            (true, false) => more.join(", "),
            (false, false) => format!("{action} ({})", more.join(", ")),
        }
    }
}

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct SectionDiff {
    pub no: String,
    pub(crate) title: String,
    pub old_average: Option<f64>,
    pub new_average: Option<f64>,
    /// new − old (the report's 「向上値」).
    pub change: Option<f64>,
    /// The same averages, exact, for printing (rounded half up).
    #[serde(skip)]
    pub(crate) exact: (Option<Ratio>, Option<Ratio>),
}

impl SectionDiff {
    /// Last year's average, this year's and the change, rounded half up as printed.
    pub fn printed(&self) -> (String, String, String) {
        let (old, new) = self.exact;
        (
            figure::average(old),
            figure::average(new),
            old.zip(new).map_or_else(
                || "-".into(),
                |(o, n)| Figure::from(n).minus(o.into()).signed(3),
            ),
        )
    }
}

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct SheetDiff {
    /// What is compared, for titles: 「例市 令和7年度 -> 例市 令和8年度」 (sanitized).
    #[serde(skip)]
    pub(crate) heading: String,
    /// The two sheets' 団体名 (sanitized) and years in the heading, last year's then this
    /// year's: the workbook's titles name one 団体名 once, cut where too long for the page.
    #[serde(skip)]
    pub(crate) sides: [(String, String); 2],
    pub(crate) old_catalog: String,
    pub(crate) new_catalog: String,
    pub overall: SectionDiff,
    pub majors: Vec<SectionDiff>,
    pub goals: Vec<SectionDiff>,
    pub items: Vec<ItemDiff>,
}

fn state_score(s: ItemState) -> Option<Score> {
    s.score()
}

fn section(no: String, title: String, old: Option<Ratio>, new: Option<Ratio>) -> SectionDiff {
    let (o, n) = (old.map(Ratio::to_f64), new.map(Ratio::to_f64));
    SectionDiff {
        no,
        title,
        old_average: o,
        new_average: n,
        change: o.zip(n).map(|(o, n)| n - o),
        exact: (old, new),
    }
}

fn texts_differ(a: Option<&Answer>, b: Option<&Answer>, f: fn(&Answer) -> &str) -> bool {
    a.map_or("", f).trim() != b.map_or("", f).trim()
}

/// Compares last year's sheet (with its catalog) to this year's.
pub fn diff(
    old_cat: &Catalog,
    old: &Sheet,
    new_cat: &Catalog,
    new: &Sheet,
    lang: Lang,
) -> SheetDiff {
    let old_score = score_sheet(old_cat, old);
    let new_score = score_sheet(new_cat, new);
    let mut items = Vec::new();
    for (i, (_, item)) in new_cat.items().enumerate() {
        let new_s = state_score(new_score.items[i]);
        let priority = !new_cat.priority_years(&item.id).is_empty();
        let (a, b) = (old.answers.get(&item.id), new.answers.get(&item.id));
        // As the score counts drafts: an applicable item's (one the profile excludes is none).
        let draft = new_score.drafts.get(i).copied().unwrap_or(false);
        let (change, old_s, old_text, wording) = match old_cat.position(&item.id) {
            Some(j) => {
                let old_s = state_score(old_score.items[j]);
                let changed = wording_changed(old_cat, new_cat, &item.id);
                let old_item = old_cat.item_at(old_cat.path_at(j));
                let old_text = changed.then(|| old_cat.item_text(old_item, lang).to_string());
                let change = if draft {
                    Change::Draft
                } else {
                    classify(old_s, new_s)
                };
                (change, old_s, old_text, changed)
            }
            None => (Change::New, None, None, false),
        };
        items.push(ItemDiff {
            id: item.id.clone(),
            old_score: old_s.map(Score::value),
            new_score: new_s.map(Score::value),
            change,
            wording_changed: wording,
            old_text,
            new_text: Some(new_cat.item_text(item, lang).to_string()),
            priority,
            fell_below_target: priority
                && old_s == Some(Score::Operating)
                && matches!(new_s, Some(Score::NotInPlace | Score::Documented)),
            unanswered_now: priority && old_s == Some(Score::Operating) && new_s.is_none(),
            comment_changed: texts_differ(a, b, |x| &x.comment),
            evidence_changed: texts_differ(a, b, |x| &x.evidence),
            plan_change: PlanChange::of(
                a.and_then(|x| x.plan.as_ref()),
                b.and_then(|x| x.plan.as_ref()),
            ),
            old_plan: PlanText::of(a),
            new_plan: PlanText::of(b),
        });
    }
    for (j, (_, item)) in old_cat.items().enumerate() {
        if new_cat.position(&item.id).is_none() {
            items.push(ItemDiff {
                id: item.id.clone(),
                old_score: state_score(old_score.items[j]).map(Score::value),
                new_score: None,
                change: Change::Removed,
                wording_changed: false,
                old_text: Some(old_cat.item_text(item, lang).to_string()),
                new_text: None,
                priority: false,
                fell_below_target: false,
                unanswered_now: false,
                comment_changed: false,
                evidence_changed: false,
                plan_change: PlanChange::of(
                    old.answers.get(&item.id).and_then(|x| x.plan.as_ref()),
                    None,
                ),
                old_plan: PlanText::of(old.answers.get(&item.id)),
                new_plan: None,
            });
        }
    }
    let majors = new_cat
        .majors
        .iter()
        .enumerate()
        .map(|(k, m)| {
            let old_avg = old_cat
                .majors
                .iter()
                .position(|o| o.no == m.no)
                .and_then(|o| old_score.majors[o].tally.exact_average());
            section(
                m.no.clone(),
                heading_text(&m.title, &m.en, lang).to_string(),
                old_avg,
                new_score.majors[k].tally.exact_average(),
            )
        })
        .collect();
    let goal_avg = |cat: &Catalog, score: &crate::score::SheetScore, no: u32| {
        cat.items()
            .find(|(p, _)| cat.goal_at(*p).no == no)
            .and_then(|(p, _)| score.goal(p).exact_average())
    };
    let goals = new_cat
        .goals()
        .map(|g| {
            section(
                g.no.to_string(),
                heading_text(&g.title, &g.en, lang).to_string(),
                goal_avg(old_cat, &old_score, g.no),
                goal_avg(new_cat, &new_score, g.no),
            )
        })
        .collect();
    SheetDiff {
        heading: format!(
            "{} {} -> {} {}",
            sanitize_line(&old.organization),
            old.fiscal_year().display(lang),
            sanitize_line(&new.organization),
            new.fiscal_year().display(lang),
        ),
        sides: [old, new].map(|s| {
            let name = sanitize_line(&s.organization).into_owned();
            (name, s.fiscal_year().display(lang))
        }),
        old_catalog: format!("{} {}", old_cat.id, old_cat.revision),
        new_catalog: format!("{} {}", new_cat.id, new_cat.revision),
        overall: section(
            String::new(),
            lang.pick("総平均点", "Overall average").to_string(),
            old_score.overall.exact_average(),
            new_score.overall.exact_average(),
        ),
        majors,
        goals,
        items,
    }
}

/// Why one sheet may not be another's last year. `diff` and the interview (`--previous`, `V`)
/// both ask [`pairing`] and word the answer for their reader.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Mismatch {
    /// Last year's sheet is not for the fiscal year before this one's.
    Year { last: FiscalYear, this: FiscalYear },
    /// The sheets name different organisations (as written in each).
    Organization { last: String, this: String },
}

impl Mismatch {
    /// The doubt in a sentence, as the interview (`R`, the start form) and `new --from` say
    /// it; `diff` words its own (it names its arguments' order).
    pub(crate) fn sentence(&self, lang: Lang) -> String {
        let name = |s: &str| sanitize_line(s).into_owned();
        match (self, lang) {
            (Mismatch::Year { last, this }, Lang::Ja) => format!(
                "前年のシートは{}のもので、{}の前年度ではありません",
                last.display(lang),
                this.display(lang)
            ),
            (Mismatch::Year { last, this }, Lang::En) => format!(
                "last year's sheet is for {}, not the year before {}",
                last.display(lang),
                this.display(lang)
            ),
            (Mismatch::Organization { last, this }, Lang::Ja) => format!(
                "前年のシートは別の団体「{}」のものです (今年は「{}」)",
                name(last),
                name(this)
            ),
            (Mismatch::Organization { last, this }, Lang::En) => format!(
                "last year's sheet is another organization's (\"{}\"; this year \"{}\")",
                name(last),
                name(this)
            ),
        }
    }
}

/// What makes `last` doubtful as `this` sheet's last year: a fiscal year other than the one
/// before, or another organisation (`organization::Identity::may_be`: the 団体コード when
/// both sheets have one, else the folded name with the prefecture, where both give one).
/// Empty when the pair is as expected.
pub(crate) fn pairing(last: &Sheet, this: &Sheet) -> Vec<Mismatch> {
    let mut out = Vec::new();
    if last.fiscal_year + 1 != this.fiscal_year {
        out.push(Mismatch::Year {
            last: last.fiscal_year(),
            this: this.fiscal_year(),
        });
    }
    if !last.identity().may_be(&this.identity()) {
        out.push(Mismatch::Organization {
            last: last.organization.clone(),
            this: this.organization.clone(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairing_wants_the_year_before_and_the_same_organisation_after_nfkc() {
        let sheet = |org: &str, year: i32| {
            let mut s = Sheet::municipal(org, year, time::macros::datetime!(2026-11-25 10:00 +9));
            s.organization = org.into();
            s
        };
        assert_eq!(pairing(&sheet("例市", 2025), &sheet("例市", 2026)), vec![]);
        assert_eq!(
            pairing(
                &sheet("ＡＢＣ市 ｶﾀｶﾅ", 2025),
                &sheet("ABC市 カタカナ ", 2026)
            ),
            vec![]
        );
        assert_eq!(
            pairing(&sheet("例市", 2026), &sheet("別町", 2025)),
            vec![
                Mismatch::Year {
                    last: FiscalYear(2026),
                    this: FiscalYear(2025)
                },
                Mismatch::Organization {
                    last: "例市".into(),
                    this: "別町".into()
                }
            ]
        );
    }

    #[test]
    fn pairing_tells_the_two_fuchu_apart_and_accepts_a_code_added_this_year() {
        let sheet = |code: &str, prefecture: &str, year: i32| {
            let mut s =
                Sheet::municipal("府中市", year, time::macros::datetime!(2026-11-25 10:00 +9));
            (s.organization_code, s.prefecture) = (code.into(), prefecture.into());
            s
        };
        let other = |last: &Sheet, this: &Sheet| {
            pairing(last, this)
                .iter()
                .any(|m| matches!(m, Mismatch::Organization { .. }))
        };
        assert!(other(
            &sheet("", "広島県", 2025),
            &sheet("", "東京都", 2026)
        ));
        assert!(other(
            &sheet("342084", "", 2025),
            &sheet("132063", "", 2026)
        ));
        assert!(other(
            &sheet("", "広島県", 2025),
            &sheet("132063", "", 2026)
        ));
        assert!(!other(
            &sheet("", "", 2025),
            &sheet("132063", "東京都", 2026)
        ));
        assert!(!other(
            &sheet("", "東京都", 2025),
            &sheet("132063", "", 2026)
        ));
        assert!(!other(
            &sheet("132063", "", 2025),
            &sheet("132063", "東京都", 2026)
        ));
    }

    #[test]
    fn classification_of_score_pairs() {
        use Score::*;
        assert_eq!(
            classify(Some(Documented), Some(Operating)),
            Change::Improved
        );
        assert_eq!(classify(Some(Operating), Some(NotInPlace)), Change::Worse);
        assert_eq!(classify(Some(Operating), Some(Operating)), Change::Same);
        assert_eq!(
            classify(Some(NotApplicable), Some(Operating)),
            Change::Changed
        );
        assert_eq!(
            classify(Some(Documented), Some(NotApplicable)),
            Change::Changed
        );
        assert_eq!(classify(None, Some(Documented)), Change::Answered);
        assert_eq!(classify(Some(Documented), None), Change::Unanswered);
        assert_eq!(classify(None, None), Change::Same);
    }
}
