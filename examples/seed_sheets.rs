//! Writes 1,824 answer sheets whose aggregate reproduces every printed figure of the seed's
//! 集計表 (the counts `tests/aggregate.rs` uses), for trying `tenken aggregate` on the real
//! table, e.g. the workbook screenshot in docs/formats.md.
//! Usage: cargo run --release --example seed_sheets -- DIR

use tenken::catalog::{Catalog, Edition};
use tenken_testkit::{generate, seed};

fn main() {
    let dir = std::path::PathBuf::from(std::env::args().nth(1).expect("usage: seed_sheets DIR"));
    std::fs::create_dir_all(&dir).unwrap();
    let catalog = Catalog::builtin(Edition::Municipal);
    let dist: generate::Distribution = seed::results_table(&seed::seed())
        .iter()
        .map(|row| seed::counts_for(row, 1824))
        .collect();
    let paths = generate::write_sheets(&dir, catalog, &dist, 1824);
    eprintln!("wrote {} sheets into {}", paths.len(), dir.display());
}
