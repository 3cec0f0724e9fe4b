//! One atomic, durable save (temporary file, write, fsync, rename, fsync of the directory) of
//! a fully answered municipal sheet with comments, evidence and plans.
//! Also the comparison of a sheet with its copy, which every save makes twice (the read-back
//! check, the watchdog's copy kept in step) — of the demo sheet, whose comments are mostly
//! empty, as an interview's are.
//! Run: `cargo bench --bench save`.

use criterion::{Criterion, criterion_group, criterion_main};
use tenken::catalog::{Catalog, Edition};
use tenken_testkit::generate;

fn bench(c: &mut Criterion) {
    let catalog = Catalog::builtin(Edition::Municipal);
    // Every item answered 3, 2 or 1 (no 0), with comments; plans below 3.
    let dist: generate::Distribution = vec![[2, 1, 1]; catalog.item_count()];
    let sheet = generate::sheet_for(catalog, &dist, 0, 4);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("2026.ron");
    tenken::store::save_sheet(&path, &sheet).unwrap();
    eprintln!(
        "sheet: {} answers, {} bytes",
        sheet.answers.len(),
        std::fs::metadata(&path).unwrap().len()
    );
    let mut group = c.benchmark_group("save");
    group.sample_size(30);
    group.bench_function("atomic fsynced save, 126 answers", |b| {
        b.iter(|| tenken::store::save_sheet(&path, &sheet).unwrap())
    });
    group.bench_function("to_ron only (no I/O)", |b| {
        b.iter(|| tenken::store::to_ron(&sheet))
    });
    let demo = tenken::store::parse_sheet(
        include_str!("../fixtures/demo-sheet.ron"),
        "fixtures/demo-sheet.ron",
    )
    .unwrap();
    let copy = demo.clone();
    group.bench_function("demo sheet == its copy", |b| {
        b.iter(|| std::hint::black_box(&demo) == std::hint::black_box(&copy))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
