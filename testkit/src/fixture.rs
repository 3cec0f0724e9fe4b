//! The tests' own answer sheets: copies of the demo's (`fixtures/demo-sheet*.ron`, 令和8年度
//! with 60 of 123 items answered, and 令和7年度 beside it), so that the demo can change without
//! breaking the tests that count its answers, name its items or snapshot its screens.

use std::path::Path;

use tenken::ron::ron_options;
use tenken::sheet::Sheet;

/// 例市's sheet of 令和8年度 (municipal catalog): 60 of 123 applicable items answered, the
/// cursor's first unanswered items 2-3 and 9-2.
pub const SHEET: &str = include_str!("../../tests/fixtures/sheet-r8.ron");

/// 例市's sheet of 令和7年度, the year before [`SHEET`].
pub const PREVIOUS_SHEET: &str = include_str!("../../tests/fixtures/sheet-r7.ron");

/// Writes [`SHEET`] into `dir` as `sheet.ron`; returns that name.
pub fn write_sheet(dir: &Path) -> &'static str {
    std::fs::write(dir.join("sheet.ron"), SHEET).unwrap();
    "sheet.ron"
}

/// The sheet in the file at `path`.
pub fn load(path: &Path) -> Sheet {
    ron_options()
        .from_str(&std::fs::read_to_string(path).unwrap())
        .unwrap()
}
