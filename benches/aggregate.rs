//! `tenken aggregate` over 1,824 sheets of 126 answered items with comments (target: under
//! 0.5 s wall on the 2-core machine), without and with a roster (and so subtotals). Run: `cargo bench --bench aggregate`.

use criterion::{Criterion, criterion_group, criterion_main};
use tenken::catalog::{Catalog, Catalogs, Edition};
use tenken::cmd::aggregate::aggregate_paths;
use tenken_testkit::generate;

fn bench(c: &mut Criterion) {
    let catalog = Catalog::builtin(Edition::Municipal);
    let dir = tempfile::tempdir().unwrap();
    let dist: generate::Distribution = vec![[1790, 30, 4]; catalog.item_count()];
    generate::write_sheets(dir.path(), catalog, &dist, 1824);
    let catalogs = Catalogs::default();
    let mut group = c.benchmark_group("aggregate");
    group.sample_size(10);
    group.bench_function("1824 sheets, read + aggregate", |b| {
        b.iter(|| {
            let agg = aggregate_paths(&[dir.path().to_path_buf()], &catalogs, None).unwrap();
            assert_eq!(agg.organizations, 1824);
        })
    });
    // The same with a roster of the 1,824 organisations in 47 prefectures: the roster matched
    // and the 都道府県別 subtotals made.
    let roster = dir.path().join("../roster-1824.csv");
    let mut text = String::from("団体コード,団体名,都道府県\n");
    for k in 0..1824 {
        text.push_str(&format!(",団体{k:05},県{}\n", k % 47));
    }
    std::fs::write(&roster, text).unwrap();
    group.bench_function("1824 sheets, with a roster and subtotals", |b| {
        b.iter(|| {
            let agg =
                aggregate_paths(&[dir.path().to_path_buf()], &catalogs, Some(&roster)).unwrap();
            assert_eq!(agg.organizations, 1824);
        })
    });
    group.finish();
    std::fs::remove_file(roster).unwrap();
}

criterion_group!(benches, bench);
criterion_main!(benches);
