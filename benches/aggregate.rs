//! `tenken aggregate` over 1,824 sheets of 126 answered items with comments (target: under
//! 0.5 s wall on the 2-core machine). Run: `cargo bench --bench aggregate`.

#[path = "../tests/it/util/generate.rs"]
mod generate;

use criterion::{Criterion, criterion_group, criterion_main};
use tenken::catalog::{Catalog, Catalogs, Edition};
use tenken::cmd::aggregate::{collect_files, read_all};

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
            let files = collect_files(&[dir.path().to_path_buf()]).unwrap();
            let outcome = read_all(&files, &catalogs, false).unwrap();
            assert_eq!(outcome.aggregate.unwrap().1.organizations, 1824);
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
