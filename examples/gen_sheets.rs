//! Writes N generated answer sheets (municipal catalog, every item answered with a comment,
//! shares near the seed's: 98% at 3) into a directory, for measuring `tenken aggregate`.
//! Usage: cargo run --release --example gen_sheets -- N DIR

use tenken::catalog::{Catalog, Edition};
use tenken_testkit::generate;

fn main() {
    let mut args = std::env::args().skip(1);
    let n: u64 = args
        .next()
        .and_then(|a| a.parse().ok())
        .expect("usage: gen_sheets N DIR");
    let dir = std::path::PathBuf::from(args.next().expect("usage: gen_sheets N DIR"));
    std::fs::create_dir_all(&dir).unwrap();
    let catalog = Catalog::builtin(Edition::Municipal);
    let per_item = [
        n * 98 / 100,
        n * 15 / 1000,
        n - n * 98 / 100 - n * 15 / 1000,
    ];
    let dist: generate::Distribution = vec![per_item; catalog.item_count()];
    let paths = generate::write_sheets(&dir, catalog, &dist, n);
    eprintln!("wrote {} sheets into {}", paths.len(), dir.display());
}
