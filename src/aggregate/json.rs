//! The national table as JSON, for machines (schema in docs/formats.md). It is also what
//! `--previous-aggregate` reads back ([`PreviousAggregate::from_json`]), so its item averages
//! are kept unrounded.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::table::{is_overdue, read_as_code, reason_code};
use super::{
    ChosenBy, Entry, Exclusion, FollowUp, NationalTable, Organization, PreviousAggregate, Status,
};
use crate::figure::Figure;
use crate::lang::{Lang, say};
use crate::output::Each;
use crate::seal::SealState;

/// JSON format version of the aggregate output.
pub(crate) const AGGREGATE_FORMAT: u32 = 1;

/// The document, as read back (the lists held) and as written (the long lists — follow-ups,
/// the organisations counted, the 受付一覧, the 改善計画一覧 — serialised from the table as
/// they are written, [`Each`], never collected).
#[derive(Serialize, Deserialize)]
struct JsonDoc<
    FollowUps = Vec<FollowUp>,
    Counted = Vec<JsonCounted>,
    Files = Vec<JsonFile>,
    Plans = Vec<JsonPlan>,
> {
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
    follow_ups: FollowUps,
    #[serde(default)]
    skipped: Vec<JsonSkipped>,
    #[serde(default)]
    fiscal_years: BTreeMap<i32, u64>,
    #[serde(default)]
    duplicates: Vec<super::accounting::Duplicate>,
    /// The collection's fiscal year (Western).
    #[serde(default)]
    fiscal_year: Option<i32>,
    /// The organisations counted (absent from older files).
    #[serde(default)]
    counted: Option<Counted>,
    #[serde(default, skip_deserializing, skip_serializing_if = "Option::is_none")]
    previous_fiscal_year: Option<i32>,
    /// Organisations counted last year and not this year, and the reverse (with
    /// `--previous-aggregate`, when last year's file lists them).
    #[serde(default, skip_deserializing, skip_serializing_if = "Option::is_none")]
    only_previous: Option<Vec<JsonCounted>>,
    #[serde(default, skip_deserializing, skip_serializing_if = "Option::is_none")]
    only_this_year: Option<Vec<JsonCounted>>,
    /// Every file and what became of it (受付一覧).
    #[serde(default, skip_deserializing)]
    files: Files,
    #[serde(default, skip_deserializing, skip_serializing_if = "Option::is_none")]
    missing: Option<Vec<JsonMissing>>,
    #[serde(default, skip_deserializing, skip_serializing_if = "Option::is_none")]
    not_on_roster: Option<Vec<JsonCounted>>,
    #[serde(default, skip_deserializing)]
    prefectures: Vec<JsonPrefecture>,
    #[serde(default, skip_deserializing)]
    plans: Plans,
}

#[derive(Serialize, Deserialize)]
pub(super) struct JsonCounted {
    pub(super) organization: String,
    #[serde(default)]
    pub(super) code: String,
    #[serde(default)]
    pub(super) prefecture: String,
    #[serde(default)]
    pub(super) file: String,
}

#[derive(Serialize)]
struct JsonFile {
    file: String,
    read_as: &'static str,
    organization: String,
    code: String,
    prefecture: String,
    fiscal_year: Option<i32>,
    updated: Option<String>,
    status: &'static str,
    /// Why excluded: fiscal_year, edition, not_a_sheet, own_table, catalog, roster.
    #[serde(skip_serializing_if = "str::is_empty")]
    reason: &'static str,
    /// The other fiscal year or catalog of an excluded sheet.
    #[serde(skip_serializing_if = "Option::is_none")]
    excluded_fiscal_year: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    excluded_catalog: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    superseded_by: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
    drafts: Vec<String>,
    /// What reading a table guessed or skipped, worded.
    import_notes: Vec<String>,
    /// A sheet without a code that may be any of these organisations.
    may_be_same_as: Vec<String>,
    /// The other 団体名 its 団体コード is on (a typo in the code?); absent when none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    same_code_other_names: Vec<String>,
    /// The 団体名 the roster gives its 団体コード, when another than its own.
    #[serde(skip_serializing_if = "Option::is_none")]
    roster_name: Option<String>,
    /// The organisation a sheet without a code was taken to be, by its name.
    #[serde(skip_serializing_if = "Option::is_none")]
    taken_as: Option<String>,
    /// Its updated time is the same as another file's of its organisation: the order of
    /// their paths decided which counts (`--prefer` chooses).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    tied: bool,
    /// Tied, and either file gives the table the same contents (a sheet sent twice): no
    /// choice to make.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    same_contents: bool,
    /// What chose this counted file over others of its organisation beside its time:
    /// `prefer` (named by `--prefer`) or `seal` (its seal matches; another of the same time
    /// is unsigned); absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    chosen_by: Option<&'static str>,
    /// A counted, signed sheet's 照合番号 and whether the sheet still matches it; `null` for
    /// one unsigned or not counted.
    seal: Option<JsonSeal>,
}

#[derive(Serialize)]
struct JsonSeal {
    /// As printed on its report: `3F2A 9C01 7B44 E0D2`.
    number: String,
    matches: bool,
}

#[derive(Serialize)]
struct JsonMissing {
    organization: String,
    code: String,
    prefecture: String,
    /// A file of theirs that was not counted, and why.
    file: Option<String>,
    status: Option<&'static str>,
}

#[derive(Serialize)]
struct JsonPrefecture {
    prefecture: String,
    organizations: u64,
    /// `null` without a roster: who was expected is not known.
    expected: Option<u64>,
    missing: Option<u64>,
    overall_average: Option<f64>,
    majors: Vec<JsonSection>,
}

#[derive(Serialize)]
struct JsonPlan {
    organization: String,
    prefecture: String,
    file: String,
    id: String,
    text: String,
    score: u8,
    action: String,
    owner: String,
    due: String,
    overdue: bool,
    carried: bool,
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
    #[serde(default, skip_serializing_if = "Option::is_none")]
    previous_average: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    change: Option<f64>,
}

#[derive(Serialize, Deserialize)]
pub(super) struct JsonItem {
    pub(super) id: String,
    pub(super) average: Option<f64>,
    #[serde(default)]
    pub(super) pct3: Option<f64>,
    #[serde(default)]
    pub(super) pct2: Option<f64>,
    #[serde(default)]
    pub(super) pct1: Option<f64>,
    #[serde(default)]
    pub(super) answered: u64,
    #[serde(default)]
    pub(super) not_applicable: u64,
    #[serde(default)]
    pub(super) unanswered: u64,
    /// Organisations whose profile excludes the item (対象外); not among `not_applicable`.
    #[serde(default)]
    pub(super) excluded: u64,
    #[serde(default)]
    pub(super) priority_years: Vec<i32>,
    #[serde(default)]
    pub(super) reference_averages: BTreeMap<i32, f64>,
    #[serde(default)]
    pub(super) previous_average: Option<f64>,
    #[serde(default)]
    pub(super) change: Option<f64>,
}

#[derive(Serialize, Deserialize)]
struct JsonSkipped {
    file: String,
    error: String,
}

impl PreviousAggregate {
    /// Reads an earlier `tenken aggregate --format json` output.
    /// Errors keep the path and `line:column`, without serde's own wording.
    pub(crate) fn from_json(
        src: &str,
        label: &str,
        lang: Lang,
    ) -> Result<PreviousAggregate, String> {
        let doc: JsonDoc = serde_json::from_str(src).map_err(|e| {
            format!(
                "{label}:{}:{}: {}",
                e.line(),
                e.column(),
                lang.pick(
                    "tenken aggregate が書いた JSON として読めません (前年度の集計表は、その JSON か .xlsx のワークブックで指定してください)",
                    "not a JSON file written by tenken aggregate (give last year's table as that JSON or as the .xlsx workbook)"
                )
            )
        })?;
        if doc.kind != "tenken-aggregate" || doc.format != AGGREGATE_FORMAT {
            return Err(say!(
                lang,
                "{label}: kind \"tenken-aggregate\" format {AGGREGATE_FORMAT} のファイルではありません (kind \"{}\" format {})",
                "{label}: expected kind \"tenken-aggregate\" format {AGGREGATE_FORMAT}, found kind \"{}\" format {}",
                doc.kind,
                doc.format
            ));
        }
        let sections = |list: Vec<JsonSection>| {
            list.into_iter()
                .filter_map(|s| s.average.map(|a| (s.no, a)))
                .collect()
        };
        Ok(PreviousAggregate {
            label: label.to_string(),
            fiscal_year: doc.fiscal_year.or_else(|| {
                doc.fiscal_years
                    .iter()
                    .max_by_key(|(y, n)| (**n, **y))
                    .map(|(y, _)| *y)
            }),
            overall: doc.overall_average,
            items: doc
                .items
                .into_iter()
                .filter_map(|i| i.average.map(|a| (i.id, a)))
                .collect(),
            majors: sections(doc.majors),
            goals: sections(doc.goals),
            organizations: doc.counted.map(|list| {
                list.into_iter()
                    .map(|c| Organization {
                        name: c.organization,
                        code: c.code,
                        prefecture: c.prefecture,
                    })
                    .collect()
            }),
        })
    }
}
impl NationalTable<'_> {
    /// Each item's row of the JSON output, which CSV and text read too.
    pub(super) fn json_items(&self) -> Vec<JsonItem> {
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
}

/// Machine-readable output; documented in docs/formats.md.
pub(super) fn render(t: &NationalTable, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let means = t.agg.section_means(t.catalog);
    let a = t.accounting;
    let differences = t.differences();
    let doc = JsonDoc {
        format: AGGREGATE_FORMAT,
        kind: "tenken-aggregate".into(),
        catalog: JsonCatalog {
            id: t.catalog.id.clone(),
            revision: t.catalog.revision.clone(),
        },
        organizations: t.agg.organizations,
        overall_average: means.overall.map(Figure::to_f64),
        previous_overall_average: t.previous.and_then(|p| p.overall),
        majors: t
            .catalog
            .majors
            .iter()
            .zip(&means.majors)
            .map(|(m, (no, avg))| {
                section(
                    no,
                    &m.title,
                    *avg,
                    t.previous.and_then(|p| p.majors.get(no)),
                )
            })
            .collect(),
        goals: t
            .catalog
            .goals()
            .zip(&means.goals)
            .map(|(g, (no, avg))| {
                let no = no.to_string();
                let prev = t.previous.and_then(|p| p.goals.get(&no));
                section(&no, &g.title, *avg, prev)
            })
            .collect(),
        items: t.json_items(),
        follow_ups: &t.agg.follow_ups,
        skipped: t
            .accounting
            .unreadable()
            .map(|(file, error)| JsonSkipped {
                file: file.to_string(),
                error: error.to_string(),
            })
            .collect(),
        fiscal_years: t.agg.fiscal_years.clone(),
        duplicates: t.accounting.duplicates(),
        fiscal_year: t.accounting.fiscal_year,
        counted: Some(Each(|| {
            a.entries
                .iter()
                .enumerate()
                .filter(|(_, e)| e.status == Status::Counted)
                .map(|(i, e)| counted(t, i, e))
        })),
        previous_fiscal_year: t.previous.and_then(|p| p.fiscal_year),
        only_previous: differences
            .as_ref()
            .map(|(l, _)| l.iter().map(org).collect()),
        only_this_year: differences
            .as_ref()
            .map(|(_, n)| n.iter().map(org).collect()),
        files: Each(|| a.entries.iter().enumerate().map(|(i, e)| file(t, i, e))),
        missing: a.roster.as_ref().map(|r| {
            r.missing
                .iter()
                .map(|(line, i)| JsonMissing {
                    organization: line.name.clone(),
                    code: line.code.clone(),
                    prefecture: line.prefecture.clone(),
                    file: i.map(|i| t.entry(i).file().to_string()),
                    status: i.map(|i| t.entry(i).status.code()),
                })
                .collect()
        }),
        not_on_roster: a.roster.as_ref().map(|r| {
            r.not_on_roster
                .iter()
                .map(|i| counted(t, *i, t.entry(*i)))
                .collect()
        }),
        prefectures: a
            .prefectures
            .iter()
            .map(|p| {
                let means = p.agg.section_means(t.catalog);
                JsonPrefecture {
                    prefecture: p.prefecture.clone(),
                    organizations: p.agg.organizations,
                    expected: a.on_roster(p.expected),
                    missing: a.on_roster(p.missing),
                    overall_average: means.overall.map(Figure::to_f64),
                    majors: t
                        .catalog
                        .majors
                        .iter()
                        .zip(&means.majors)
                        .map(|(m, (no, avg))| section(no, &m.title, *avg, None))
                        .collect(),
                }
            })
            .collect(),
        plans: Each(|| {
            a.plans().map(|(i, p)| {
                let e = t.entry(i);
                let item = p.item(t.catalog);
                JsonPlan {
                    organization: e.name().to_string(),
                    prefecture: t.prefecture(i).to_string(),
                    file: e.file().to_string(),
                    id: item.id.clone(),
                    text: item.text.clone(),
                    score: p.score.value(),
                    action: p.action().to_string(),
                    owner: p.owner().to_string(),
                    due: p.due().to_string(),
                    overdue: is_overdue(&p, t.today),
                    carried: p.carried,
                }
            })
        }),
    };
    crate::output::write_json(&doc, out)
}

fn counted(t: &NationalTable, i: usize, e: &Entry) -> JsonCounted {
    JsonCounted {
        organization: e.name().to_string(),
        code: e.code().to_string(),
        prefecture: t.prefecture(i).to_string(),
        file: e.file().to_string(),
    }
}

fn file(t: &NationalTable, i: usize, e: &Entry) -> JsonFile {
    JsonFile {
        file: e.file().to_string(),
        read_as: read_as_code(e.read_as),
        organization: e.name().to_string(),
        code: e.code().to_string(),
        prefecture: t.prefecture(i).to_string(),
        fiscal_year: e.fiscal_year,
        updated: e.updated.map(crate::ron::timestamp),
        status: e.status.code(),
        reason: reason_code(&e.status),
        excluded_fiscal_year: match &e.status {
            Status::Excluded(Exclusion::FiscalYear(y)) => Some(*y),
            _ => None,
        },
        excluded_catalog: match &e.status {
            Status::Excluded(Exclusion::Edition(id)) => Some(id.clone()),
            _ => None,
        },
        superseded_by: match &e.status {
            Status::Superseded { by } => Some(by.clone()),
            _ => None,
        },
        error: match &e.status {
            Status::Unreadable(why) => Some(why.clone()),
            _ => None,
        },
        drafts: e.drafts().to_vec(),
        import_notes: e.notes().to_vec(),
        may_be_same_as: e.may_be().to_vec(),
        same_code_other_names: e.same_code().to_vec(),
        roster_name: e.roster_name().map(str::to_string),
        taken_as: e.taken_as().map(str::to_string),
        tied: e.tied(),
        same_contents: e.same_contents(),
        chosen_by: e.chosen_by().map(|by| match by {
            ChosenBy::Prefer => "prefer",
            ChosenBy::Seal => "seal",
        }),
        seal: t.seal(e).and_then(|s| match s {
            SealState::Matches(n) => Some(JsonSeal {
                number: n.clone(),
                matches: true,
            }),
            SealState::Changed(n) => Some(JsonSeal {
                number: n.clone(),
                matches: false,
            }),
            SealState::Unsealed => None,
        }),
    }
}

fn section(no: &str, title: &str, avg: Option<Figure>, previous: Option<&f64>) -> JsonSection {
    let average = avg.map(Figure::to_f64);
    JsonSection {
        no: no.to_string(),
        title: title.to_string(),
        average,
        previous_average: previous.copied(),
        change: previous.zip(average).map(|(p, a)| a - p),
    }
}

fn org(o: &Organization) -> JsonCounted {
    JsonCounted {
        organization: o.name.clone(),
        code: o.code.clone(),
        prefecture: o.prefecture.clone(),
        file: String::new(),
    }
}
