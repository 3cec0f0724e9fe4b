//! The national table as JSON, for machines (schema in the README). It is also what
//! `--previous-aggregate` reads back ([`PreviousAggregate::from_json`]), so its item averages
//! are kept unrounded.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{FollowUp, NationalTable, PreviousAggregate};
use crate::figure::Figure;
use crate::lang::Lang;

/// JSON format version of the aggregate output.
pub(crate) const AGGREGATE_FORMAT: u32 = 1;

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
        Ok(PreviousAggregate {
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

/// Machine-readable output; documented in the README.
pub(super) fn render(t: &NationalTable) -> Result<String, String> {
    let means = t.agg.section_means(t.catalog);
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
            .map(|(m, (no, avg))| JsonSection {
                no: no.clone(),
                title: m.title.clone(),
                average: avg.map(Figure::to_f64),
            })
            .collect(),
        goals: t
            .catalog
            .goals()
            .zip(&means.goals)
            .map(|(g, (no, avg))| JsonSection {
                no: no.to_string(),
                title: g.title.clone(),
                average: avg.map(Figure::to_f64),
            })
            .collect(),
        items: t.json_items(),
        follow_ups: t.agg.follow_ups.clone(),
        skipped: t
            .skipped
            .iter()
            .map(|(file, error)| JsonSkipped {
                file: file.clone(),
                error: error.clone(),
            })
            .collect(),
        fiscal_years: t.agg.fiscal_years.clone(),
        duplicates: t.agg.duplicates(),
    };
    crate::output::pretty_json(&doc)
}
