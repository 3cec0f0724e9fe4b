use tenken::catalog::{Catalog, Edition};

#[test]
fn embedded_catalogs_have_the_printed_counts() {
    let m = Catalog::builtin(Edition::Municipal);
    assert_eq!(m.id, "juki-municipal");
    assert_eq!(m.revision, "H19");
    assert_eq!(m.majors.len(), 5);
    assert_eq!(m.goal_count(), 43);
    assert_eq!(m.item_count(), 126);
    let n = Catalog::builtin(Edition::National);
    assert_eq!(n.id, "juki-national");
    assert_eq!(n.majors.len(), 4);
    assert_eq!(n.goal_count(), 42);
    assert_eq!(n.item_count(), 122);
    let per_year: Vec<(i32, usize)> = m.priority.iter().map(|p| (p.year, p.items.len())).collect();
    assert_eq!(
        per_year,
        vec![(2003, 7), (2004, 12), (2005, 14), (2006, 10), (2007, 20)]
    );
    assert_eq!(m.priority.iter().map(|p| p.items.len()).sum::<usize>(), 63);
}
