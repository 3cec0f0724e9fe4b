//! Writes answer sheets for tests and benchmarks: N organisations with a chosen distribution
//! of answers per item.

use std::path::{Path, PathBuf};

use tenken::catalog::Catalog;
use tenken::fiscal::FiscalYear;
use tenken::sheet::{CatalogRef, Plan, Score, Sheet};
use time::macros::datetime;

/// How many organisations answer 3, 2, 1 for each item (catalog order); the rest answer 0.
pub type Distribution = Vec<[u64; 3]>;

/// Builds organisation `k`'s sheet of `total`. Answers are assigned by rotating a slot per item
/// so no organisation is uniformly worse; every answer carries a comment and, below 3, a plan
/// for every other organisation.
pub fn sheet_for(catalog: &Catalog, dist: &Distribution, k: u64, total: u64) -> Sheet {
    let t = datetime!(2026-11-25 10:00 +9);
    let mut sheet = Sheet::new(
        CatalogRef {
            id: catalog.id.clone(),
            revision: catalog.revision.clone(),
        },
        &format!("団体{k:05}"),
        FiscalYear(2026),
        t,
    );
    sheet.respondent = "情報政策課".into();
    for (i, (_, item)) in catalog.items().enumerate() {
        let [n3, n2, n1] = dist[i];
        let slot = (k + 37 * i as u64) % total;
        let score = if slot < n3 {
            Score::Operating
        } else if slot < n3 + n2 {
            Score::Documented
        } else if slot < n3 + n2 + n1 {
            Score::NotInPlace
        } else {
            Score::NotApplicable
        };
        sheet.set_score(&item.id, score, t);
        let a = sheet.answers.get_mut(&item.id).unwrap();
        a.comment = format!(
            "{}について確認済み。規程第{}条に基づき運用。",
            item.id,
            i + 1
        );
        a.evidence = "セキュリティ実施手順書".into();
        if score != Score::Operating && score != Score::NotApplicable && k.is_multiple_of(2) {
            a.plan = Some(Plan {
                action: "手順を整備し周知する".into(),
                owner: "情報政策課".into(),
                due: "2027-03-31".into(),
                carried: false,
            });
        }
    }
    sheet
}

/// Writes `total` sheets into `dir` as `org00000.ron` … and returns their paths. Written
/// plainly (no fsync): these are inputs for reading tests, not a test of saving.
pub fn write_sheets(
    dir: &Path,
    catalog: &Catalog,
    dist: &Distribution,
    total: u64,
) -> Vec<PathBuf> {
    (0..total)
        .map(|k| {
            let path = dir.join(format!("org{k:05}.ron"));
            std::fs::write(
                &path,
                tenken::store::to_ron(&sheet_for(catalog, dist, k, total)),
            )
            .unwrap();
            path
        })
        .collect()
}
