//! The scoring core on hand-made sheets with hand-computed expectations.

use std::collections::BTreeMap;

use tenken::catalog::{Catalog, Edition};
use tenken::fiscal::FiscalYear;
use tenken::score::{ItemState, YearFilter, format_average, items_at_one, score_sheet, warnings};
use tenken::sheet::{CatalogRef, Score, Sheet};
use time::macros::datetime;

fn sheet(catalog: &Catalog, answers: &[(&str, u8)], room: Option<bool>) -> Sheet {
    let t = datetime!(2026-11-25 10:00 +9);
    let mut s = Sheet::new(
        CatalogRef {
            id: catalog.id.clone(),
            revision: catalog.revision.clone(),
        },
        "例市",
        FiscalYear(2026),
        t,
    );
    if let Some(r) = room {
        s.profile.insert("important_room".into(), r);
    }
    for (id, score) in answers {
        s.set_score(id, Score::from_u8(*score).unwrap(), t);
    }
    s
}

#[test]
fn averages_exclude_zero_and_unanswered() {
    let c = Catalog::builtin(Edition::Municipal);
    // Goal 1 has six items 1-1 … 1-6: answer four of them, one with 0.
    let s = sheet(
        c,
        &[("1-1", 3), ("1-2", 2), ("1-3", 0), ("1-4", 1)],
        Some(true),
    );
    let sc = score_sheet(c, &s);
    let g = sc.goal(c.path("1-1").unwrap());
    assert_eq!(g.items, 6);
    assert_eq!(g.applicable, 6);
    assert_eq!(g.answered, 4);
    assert_eq!(g.scored, 3);
    assert_eq!(g.not_applicable, 1);
    assert_eq!(g.unanswered, 2);
    assert_eq!(g.sum, 6);
    assert_eq!(g.by_score, [1, 1, 1, 1]);
    assert_eq!(g.average(), Some(2.0));
    assert_eq!(format_average(g.average()), "2.000");
    // The overall figure is the mean of item scores: (3 + 2 + 1) / 3.
    assert_eq!(sc.overall.average(), Some(2.0));
    // Other sections have nothing scored.
    assert_eq!(sc.majors[1].tally.average(), None);
    assert_eq!(format_average(sc.majors[1].tally.average()), "-");
}

#[test]
fn inapplicable_branch_is_excluded_and_counted_apart_from_answers_0() {
    let c = Catalog::builtin(Edition::Municipal);
    // With an important-function room, 8-x do not apply even if (wrongly) answered.
    let s = sheet(
        c,
        &[("7-1", 3), ("7-2", 2), ("8-1", 1), ("8-2", 1)],
        Some(true),
    );
    let sc = score_sheet(c, &s);
    let p7 = c.path("7-1").unwrap();
    let p8 = c.path("8-1").unwrap();
    assert_eq!(sc.goal(p7).average(), Some(2.5));
    let g8 = sc.goal(p8);
    // 対象外, not 該当なし: nobody answered 0.
    assert_eq!(
        (g8.items, g8.applicable, g8.not_applicable, g8.excluded),
        (3, 0, 0, 3)
    );
    assert_eq!(g8.average(), None);
    assert_eq!(sc.items[c.position("8-1").unwrap()], ItemState::Excluded);
    // Major 2 (環境及び設備): 6-1, 7-1…7-5, 8-1…8-3, 9-1, 9-2 = 11 items, 3 excluded.
    let m2 = sc.major(p7);
    assert_eq!(
        (m2.items, m2.applicable, m2.not_applicable, m2.excluded),
        (11, 8, 0, 3)
    );
    assert_eq!(m2.average(), Some(2.5));
    // Without the room, the reverse.
    let s = sheet(c, &[("7-1", 3), ("8-1", 1)], Some(false));
    let sc = score_sheet(c, &s);
    assert_eq!(sc.goal(p7).average(), None);
    assert_eq!(sc.goal(p8).average(), Some(1.0));
    assert_eq!(sc.overall.average(), Some(1.0));
    // Totals add up over the whole sheet.
    let o = sc.overall;
    assert_eq!(o.items as usize, c.item_count());
    assert_eq!(o.applicable + o.excluded, o.items);
    assert_eq!(o.not_applicable, o.by_score[0]);
    assert_eq!(o.answered + o.unanswered, o.applicable);
}

#[test]
fn warnings_list_priority_items_below_three_or_unanswered() {
    let c = Catalog::builtin(Edition::Municipal);
    let mut answers: Vec<(String, u8)> = c.items().map(|(_, i)| (i.id.clone(), 3)).collect();
    let set = |answers: &mut Vec<(String, u8)>, id: &str, v: u8| {
        answers.iter_mut().find(|(i, _)| i == id).unwrap().1 = v;
    };
    set(&mut answers, "18-1", 2); // 平成19年度 priority
    set(&mut answers, "11-1", 1); // 平成16年度 priority
    set(&mut answers, "1-3", 1); // not a priority item
    set(&mut answers, "40-2", 0); // priority, answered 該当しない
    answers.retain(|(i, _)| i != "26-5"); // priority 平成18年度, unanswered
    let refs: Vec<(&str, u8)> = answers.iter().map(|(i, v)| (i.as_str(), *v)).collect();
    let s = sheet(c, &refs, Some(true));
    let w = warnings(c, &s, &YearFilter::All);
    let got: Vec<(&str, Option<u8>)> = w
        .iter()
        .map(|w| (w.id.as_str(), w.score.map(Score::value)))
        .collect();
    assert_eq!(
        got,
        vec![("11-1", Some(1)), ("18-1", Some(2)), ("26-5", None)]
    );
    assert_eq!(w[1].years, vec![2007]);
    // 8-x are priority items but do not apply with a room: no warnings although unanswered
    // (all answered 3 here anyway); with the year filter only 平成19年度 counts.
    let w = warnings(c, &s, &YearFilter::Only(vec![2007]));
    assert_eq!(
        w.iter().map(|w| w.id.as_str()).collect::<Vec<_>>(),
        vec!["18-1"]
    );
    assert_eq!(
        items_at_one(c, &s),
        vec!["1-3".to_string(), "11-1".to_string()]
    );
}

#[test]
fn empty_sheet_warns_for_every_applicable_priority_item() {
    let c = Catalog::builtin(Edition::Municipal);
    let with_room = warnings(c, &sheet(c, &[], Some(true)), &YearFilter::All);
    // 63 priority items; with a room 8-1 (H15), 8-2 and 8-3 (H19) do not apply.
    assert_eq!(with_room.len(), 60);
    let without = warnings(c, &sheet(c, &[], Some(false)), &YearFilter::All);
    // Without a room, 7-1 … 7-5 do not apply.
    assert_eq!(without.len(), 58);
    let unknown = warnings(c, &sheet(c, &[], None), &YearFilter::All);
    assert_eq!(unknown.len(), 63);
    let profile: BTreeMap<String, bool> = BTreeMap::new();
    assert!(c.items().all(|(p, _)| c.applies(p, &profile)));
}
