//! The national table computed from sheets reproduces the seed's printed 集計表.

mod common;

use common::seed::{counts_for, results_table, seed};
use tenken::aggregate::Aggregate;
use tenken::catalog::{Catalog, Edition};
use tenken::fiscal::FiscalYear;
use tenken::sheet::{CatalogRef, Score, Sheet};
use time::macros::datetime;

const ORGANISATIONS: u64 = 1824;

/// 1,824 sheets whose per-item counts follow the seed's 平成19年度 shares. Organisation `k`'s
/// answer to item `i` is read off a rotation so no organisation is uniformly worse.
fn generated_sheets(catalog: &Catalog) -> Vec<Sheet> {
    let rows = results_table(&seed());
    let t = datetime!(2007-12-01 09:00 +9);
    let mut sheets: Vec<Sheet> = (0..ORGANISATIONS)
        .map(|k| {
            Sheet::new(
                CatalogRef {
                    id: catalog.id.clone(),
                    revision: catalog.revision.clone(),
                },
                &format!("団体{k:04}"),
                FiscalYear(2007),
                t,
            )
        })
        .collect();
    for (i, row) in rows.iter().enumerate() {
        let [n3, n2, n1] = counts_for(row, ORGANISATIONS);
        for (k, sheet) in sheets.iter_mut().enumerate() {
            let slot = (k as u64 + 37 * i as u64) % ORGANISATIONS;
            let score = if slot < n3 {
                3
            } else if slot < n3 + n2 {
                2
            } else if slot < n3 + n2 + n1 {
                1
            } else {
                0
            };
            sheet.set_score(&row.id, Score::from_u8(score).unwrap(), t);
        }
    }
    sheets
}

#[test]
fn aggregate_of_generated_sheets_reproduces_the_printed_table() {
    let catalog = Catalog::builtin(Edition::Municipal);
    let mut agg = Aggregate::new(catalog);
    for (k, sheet) in generated_sheets(catalog).iter().enumerate() {
        agg.add(catalog, sheet, &format!("{k:04}.ron")).unwrap();
    }
    agg.finish();
    assert_eq!(agg.organizations, ORGANISATIONS);
    let rows = results_table(&seed());
    for (i, row) in rows.iter().enumerate() {
        let c = &agg.items[i];
        assert_eq!(c.unanswered, 0);
        assert_eq!(c.answered() + c.not_applicable(), ORGANISATIONS);
        assert_eq!(
            format!("{:.3}", c.average().unwrap()),
            format!("{:.3}", row.h19),
            "average of {}",
            row.id
        );
        for (score, printed) in [(3, row.shares.0), (2, row.shares.1), (1, row.shares.2)] {
            let got = c.share(score).unwrap();
            assert!(
                (got - printed).abs() <= 0.05 + 1e-9,
                "share answering {score} of {}: {got:.3} vs printed {printed:.1}",
                row.id
            );
        }
    }
    // The report's 総平均点 2.99 is the mean of the item averages, to two decimals.
    let means = agg.section_means(catalog);
    let overall = means.overall.unwrap();
    assert!((overall - 2.99).abs() <= 0.0051, "overall {overall}");
    assert_eq!(means.goals.len(), 43);
    assert_eq!(means.majors.len(), 5);
    // Priority items below 3 produce follow-ups: e.g. 1-6 is printed 99.9% at 3.
    assert!(!agg.follow_ups.is_empty());
    assert!(agg.follow_ups.iter().all(|f| !f.items.is_empty()));
    assert!(
        agg.follow_ups
            .iter()
            .any(|f| f.items.iter().any(|(id, _)| id == "1-6"))
    );
}

#[test]
fn zero_unanswered_and_profile_exclusions_are_counted_apart() {
    let catalog = Catalog::builtin(Edition::Municipal);
    let t = datetime!(2026-11-25 10:00 +9);
    let reference = CatalogRef {
        id: catalog.id.clone(),
        revision: catalog.revision.clone(),
    };
    let mut a = Sheet::new(reference.clone(), "甲市", FiscalYear(2026), t);
    a.profile.insert("important_room".into(), true);
    a.set_score("1-1", Score::Operating, t);
    a.set_score("1-2", Score::NotApplicable, t);
    a.set_score("8-1", Score::NotInPlace, t); // excluded by the profile: counts as 0
    let mut b = Sheet::new(reference, "乙町", FiscalYear(2026), t);
    b.set_score("1-1", Score::NotInPlace, t);
    let mut agg = Aggregate::new(catalog);
    agg.add(catalog, &a, "a.ron").unwrap();
    agg.add(catalog, &b, "b.ron").unwrap();
    let at = |id: &str| agg.items[catalog.position(id).unwrap()];
    assert_eq!(at("1-1").by_score, [0, 1, 0, 1]);
    assert_eq!(at("1-1").average(), Some(2.0));
    assert_eq!(at("1-1").share(3), Some(50.0));
    assert_eq!((at("1-2").not_applicable(), at("1-2").unanswered), (1, 1));
    assert_eq!(at("1-2").average(), None);
    assert_eq!((at("8-1").not_applicable(), at("8-1").unanswered), (1, 1));
    // Both organisations have unanswered priority items; 乙町 has 1-1 at 1 without a plan.
    agg.finish();
    assert_eq!(agg.follow_ups.len(), 2);
    let otsu = &agg.follow_ups[1];
    assert_eq!(otsu.organization, "乙町");
    assert!(otsu.items.contains(&("1-1".to_string(), Some(1))));
    assert_eq!(otsu.missing_plans, vec!["1-1".to_string()]);
    // A sheet of another catalog is refused.
    let other = Sheet::new(
        CatalogRef {
            id: "juki-national".into(),
            revision: "H19".into(),
        },
        "某省",
        FiscalYear(2026),
        t,
    );
    assert!(agg.add(catalog, &other, "c.ron").is_err());
    assert_eq!(agg.organizations, 2);
}
