//! The national table computed from sheets reproduces the seed's printed 集計表, through the
//! real `tenken aggregate` command.

use std::path::Path;
use std::process::Output;

use crate::util::cli::tenken;

use crate::util::file_entry;
use crate::util::generate::{Distribution, sheet_for, write_sheets};
use crate::util::seed::{counts_for, results_table, seed};
use crate::util::xlsx;
use calamine::Data;
use tenken::aggregate::Aggregate;
use tenken::catalog::{Catalog, Edition};
use tenken::fiscal::FiscalYear;
use tenken::sheet::{CatalogRef, Score, Sheet};
use time::macros::datetime;

const ORGANISATIONS: u64 = 1824;

/// The per-item counts that reproduce the seed's printed 平成19年度 averages and shares.
fn seed_distribution(seed: &str) -> Distribution {
    results_table(seed)
        .iter()
        .map(|row| counts_for(row, ORGANISATIONS))
        .collect()
}

fn aggregate_json(paths: &[&Path], extra: &[&str]) -> (serde_json::Value, Output) {
    let mut args: Vec<&std::ffi::OsStr> =
        vec!["aggregate".as_ref(), "--format".as_ref(), "json".as_ref()];
    args.extend(extra.iter().map(std::ffi::OsStr::new));
    args.extend(paths.iter().map(|p| p.as_os_str()));
    let out = tenken(&args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (serde_json::from_slice(&out.stdout).unwrap(), out)
}

#[test]
fn aggregate_of_1824_generated_sheets_reproduces_the_printed_table() {
    let seed = seed();
    let catalog = Catalog::builtin(Edition::Municipal);
    let dir = tempfile::tempdir().unwrap();
    write_sheets(
        dir.path(),
        catalog,
        &seed_distribution(&seed),
        ORGANISATIONS,
    );
    let (doc, out) = aggregate_json(&[dir.path()], &[]);
    assert_eq!(doc["organizations"], ORGANISATIONS);
    let rows = results_table(&seed);
    let items = doc["items"].as_array().unwrap();
    assert_eq!(items.len(), 126);
    for (item, row) in items.iter().zip(&rows) {
        assert_eq!(item["id"], row.id.as_str());
        let answered = item["answered"].as_u64().unwrap();
        assert_eq!(
            answered + item["not_applicable"].as_u64().unwrap(),
            ORGANISATIONS
        );
        assert_eq!(item["unanswered"], 0);
        // The catalog's reference averages ride along for the municipal catalog.
        assert_eq!(item["reference_averages"]["2007"].as_f64(), Some(row.h19));
    }
    // The mean of the exact item averages is 2.98496 (2.984958…): the report's 総平均点 2.99
    // is that rounded to three decimals (2.985) and again to two (docs/formats.md, 総平均点).
    let overall = doc["overall_average"].as_f64().unwrap();
    assert!((2.984955..2.984965).contains(&overall), "overall {overall}");
    // Every printed figure, as the report prints it (四捨五入): the CSV and the text table
    // show exactly the seed's digits for all 126 rows, e.g. 19-3's 114 / 1,824 = 6.25 % as 6.3.
    let csv = tenken(&[
        "aggregate".as_ref(),
        "--format".as_ref(),
        "csv".as_ref(),
        "--no-bom".as_ref(),
        dir.path().as_os_str(),
    ]);
    let csv = String::from_utf8(csv.stdout).unwrap();
    let text = tenken(&["aggregate".as_ref(), dir.path().as_os_str()]);
    let text = String::from_utf8(text.stdout).unwrap();
    let text_rows: Vec<&str> = text
        .lines()
        .filter(|l| {
            l.split_whitespace()
                .next()
                .is_some_and(crate::util::seed::is_item_id)
        })
        .collect();
    assert_eq!(text_rows.len(), 126);
    // 総平均点: the mean of the exact item averages, 2.98496…, to three decimals.
    assert!(text.contains("総平均点: 2.985 "), "{text}");
    for ((line, text_row), row) in csv.lines().skip(1).zip(&text_rows).zip(&rows) {
        let cells: Vec<&str> = line.split(',').collect();
        assert_eq!(cells[0], row.id);
        assert_eq!(cells[1..5], row.printed[..], "CSV row {}", row.id);
        // Columns aligned with blanks (terminal cells), not tabs.
        let cells: Vec<&str> = text_row.split_whitespace().collect();
        let printed: Vec<String> = row
            .printed
            .iter()
            .enumerate()
            .map(|(k, p)| if k == 0 { p.clone() } else { format!("{p}%") })
            .collect();
        assert_eq!(cells[1..5], printed[..], "text row {}", row.id);
    }
    let row_19_3 = csv.lines().find(|l| l.starts_with("19-3,")).unwrap();
    assert!(
        row_19_3.starts_with("19-3,2.936,93.7,6.3,0.1,1824,"),
        "{row_19_3}"
    );
    // The workbook: ids are text, and every figure is the printed number with a format of
    // exactly the printed number of decimals.
    let book = dir.path().join("../table-1824.xlsx");
    let made = tenken(&[
        "aggregate".as_ref(),
        "--format".as_ref(),
        "xlsx".as_ref(),
        "-o".as_ref(),
        book.as_os_str(),
        dir.path().as_os_str(),
    ]);
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let range = xlsx::sheet(&book, "集計表");
    let (at, body) = xlsx::table(&range, "項目番号");
    let id_col = xlsx::column(&range, at, "項目番号");
    let avg_col = xlsx::column(&range, at, "平均値");
    assert_eq!(body.len(), 126);
    for (cells, row) in body.iter().zip(&rows) {
        assert_eq!(cells[id_col], Data::String(row.id.clone()), "id cell");
        let shown: Vec<String> = (0..4)
            .map(|k| match &cells[avg_col + k] {
                Data::Float(v) => format!("{v:.*}", if k == 0 { 3 } else { 1 }),
                other => panic!("{}: {other:?}", row.id),
            })
            .collect();
        assert_eq!(shown, row.printed, "workbook row {}", row.id);
        // The cell holds the printed figure itself, not the unrounded value.
        let Data::Float(v) = cells[avg_col + 2] else {
            unreachable!()
        };
        assert_eq!(
            format!("{v}"),
            row.printed[2].trim_end_matches(".0"),
            "share 2 of {}",
            row.id
        );
    }
    let styles = xlsx::part(&book, "xl/styles.xml").unwrap();
    assert!(styles.contains(r#"formatCode="0.000""#) && styles.contains(r#"formatCode="0.0""#));
    assert!(styles.contains("ＭＳ Ｐゴシック"));
    let sheet1 = xlsx::part(&book, "xl/worksheets/sheet1.xml").unwrap();
    assert!(sheet1.contains(r#"state="frozen""#) && sheet1.contains(r#"orientation="landscape""#));
    assert!(sheet1.contains(r#"paperSize="9""#) && sheet1.contains(r#"fitToHeight="0""#));
    let workbook = xlsx::part(&book, "xl/workbook.xml").unwrap();
    assert!(
        workbook.contains("_xlnm.Print_Titles"),
        "header rows repeat on every page"
    );
    let names = xlsx::sheet_names(&book);
    assert_eq!(
        names,
        [
            "集計表",
            "大分類平均",
            "管理目標平均",
            "要フォローアップ",
            "受付一覧",
            "改善計画一覧"
        ]
    );
    let goals = xlsx::sheet(&book, "管理目標平均");
    assert_eq!(xlsx::table(&goals, "番号").1.len(), 43 + 1);
    std::fs::remove_file(&book).unwrap();
    assert_eq!(doc["goals"].as_array().unwrap().len(), 43);
    assert_eq!(doc["majors"].as_array().unwrap().len(), 5);
    // Follow-ups: e.g. 1-6 is printed 99.9% at 3, so someone is below target there.
    let follow = doc["follow_ups"].as_array().unwrap();
    assert!(
        follow
            .iter()
            .any(|f| f["items"].as_array().unwrap().iter().any(|i| i[0] == "1-6"))
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("1824"));
    // Nothing was written next to the inputs.
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), ORGANISATIONS as usize);
    assert!(
        names
            .iter()
            .all(|n| n.starts_with("org") && n.ends_with(".ron"))
    );
}

#[test]
fn csv_columns_come_first_in_the_documented_order() {
    let catalog = Catalog::builtin(Edition::Municipal);
    let dir = tempfile::tempdir().unwrap();
    let dist: Distribution = vec![[2, 1, 1]; 126];
    write_sheets(dir.path(), catalog, &dist, 5);
    let out = tenken(&[
        "aggregate".as_ref(),
        "--format".as_ref(),
        "csv".as_ref(),
        "--no-bom".as_ref(),
        dir.path().as_os_str(),
    ]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let mut lines = text.lines();
    assert!(
        lines
            .next()
            .unwrap()
            .starts_with("id,average,pct3,pct2,pct1,answered,not_applicable,unanswered,")
    );
    // Item 1-1: slot (k + 0) % 5 → organisations 0,1 answer 3, 2 answers 2, 3 answers 1, 4 answers 0.
    assert!(
        lines
            .next()
            .unwrap()
            .starts_with("1-1,2.250,50.0,25.0,25.0,4,1,0,"),
        "{text}"
    );
    let with_bom = tenken(&[
        "aggregate".as_ref(),
        "--format".as_ref(),
        "csv".as_ref(),
        dir.path().as_os_str(),
    ]);
    assert!(with_bom.stdout.starts_with("\u{feff}id,".as_bytes()));
}

#[test]
fn unreadable_files_are_listed_and_skipped_or_fatal_with_strict() {
    let catalog = Catalog::builtin(Edition::Municipal);
    let dir = tempfile::tempdir().unwrap();
    let dist: Distribution = vec![[1, 0, 0]; 126];
    write_sheets(dir.path(), catalog, &dist, 3);
    let sub = dir.path().join("sub");
    std::fs::create_dir(&sub).unwrap();
    std::fs::write(
        sub.join("broken.ron"),
        "(format: 1, catalog: (id: \"juki-municipal\"",
    )
    .unwrap();
    std::fs::write(sub.join("notes.txt"), "not a sheet").unwrap();
    let (doc, out) = aggregate_json(&[dir.path()], &[]);
    assert_eq!(doc["organizations"], 3);
    let skipped = doc["skipped"].as_array().unwrap();
    assert_eq!(skipped.len(), 1);
    assert!(skipped[0]["file"].as_str().unwrap().ends_with("broken.ron"));
    assert!(
        skipped[0]["error"].as_str().unwrap().starts_with("1:"),
        "{skipped:?}"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("読めない 1"));
    let strict = tenken(&[
        "aggregate".as_ref(),
        "--strict".as_ref(),
        dir.path().as_os_str(),
    ]);
    assert!(!strict.status.success());
    assert!(String::from_utf8_lossy(&strict.stderr).contains("broken.ron"));
    assert!(strict.stdout.is_empty());
}

#[test]
fn mixed_catalogs_are_an_error_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let m = Catalog::builtin(Edition::Municipal);
    let n = Catalog::builtin(Edition::National);
    write_sheets(dir.path(), m, &vec![[1, 0, 0]; 126], 2);
    let odd = dir.path().join("zz-agency.ron");
    tenken::store::save_sheet(&odd, &sheet_for(n, &vec![[1, 0, 0]; 122], 0, 1)).unwrap();
    let out = tenken(&["aggregate".as_ref(), dir.path().as_os_str()]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("zz-agency.ron") && err.contains("juki-national"),
        "{err}"
    );
}

#[test]
fn previous_aggregate_adds_the_change_column() {
    let catalog = Catalog::builtin(Edition::Municipal);
    let last = tempfile::tempdir().unwrap();
    let this = tempfile::tempdir().unwrap();
    // Last year 1-1: 2 of 4 at 3, 2 at 1 → 2.0; this year all 4 at 3 → 3.0.
    let mut dist: Distribution = vec![[4, 0, 0]; 126];
    dist[0] = [2, 0, 2];
    write_sheets(last.path(), catalog, &dist, 4);
    write_sheets(this.path(), catalog, &vec![[4, 0, 0]; 126], 4);
    let (prev, _) = aggregate_json(&[last.path()], &[]);
    let prev_file = last.path().join("../previous-aggregate.json");
    std::fs::write(&prev_file, serde_json::to_vec(&prev).unwrap()).unwrap();
    let (doc, _) = aggregate_json(
        &[this.path()],
        &["--previous-aggregate", prev_file.to_str().unwrap()],
    );
    let first = &doc["items"][0];
    assert_eq!(first["id"], "1-1");
    assert_eq!(first["previous_average"].as_f64(), Some(2.0));
    assert_eq!(first["change"].as_f64(), Some(1.0));
    assert_eq!(doc["items"][1]["change"].as_f64(), Some(0.0));
    let text = tenken(&[
        "aggregate".as_ref(),
        "--previous-aggregate".as_ref(),
        prev_file.as_os_str(),
        this.path().as_os_str(),
    ]);
    assert!(String::from_utf8_lossy(&text.stdout).contains("+1.000"));
    // A file that is not an aggregate is refused with its position.
    let bad = this.path().join("../not-an-aggregate.json");
    std::fs::write(&bad, "{\"format\": 1}").unwrap();
    let refused = tenken(&[
        "aggregate".as_ref(),
        "--previous-aggregate".as_ref(),
        bad.as_os_str(),
        this.path().as_os_str(),
    ]);
    assert!(!refused.status.success());
    std::fs::remove_file(prev_file).unwrap();
    std::fs::remove_file(bad).unwrap();
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
    a.set_score("8-1", Score::NotInPlace, t); // excluded by the profile: 対象外, not 0
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
    assert_eq!(
        (
            at("8-1").not_applicable(),
            at("8-1").excluded,
            at("8-1").unanswered
        ),
        (0, 1, 1)
    );
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

/// Issue 20.2: last year's sheet is excluded and a copy of an organisation's sheet superseded
/// (listed, not counted), where they were counted before with a warning.
#[test]
fn last_years_sheet_and_a_copy_are_listed_not_counted() {
    let catalog = Catalog::builtin(Edition::Municipal);
    let dir = tempfile::tempdir().unwrap();
    let dist: Distribution = vec![[2, 0, 0]; 126];
    write_sheets(dir.path(), catalog, &dist, 2);
    // 団体00000 again (a copy under another name), and one sheet of the year before.
    let again = sheet_for(catalog, &dist, 0, 2);
    std::fs::write(dir.path().join("copy.ron"), tenken::store::to_ron(&again)).unwrap();
    let mut last_year = sheet_for(catalog, &dist, 1, 2);
    last_year.fiscal_year = 2025;
    last_year.organization = "別の町".into();
    std::fs::write(
        dir.path().join("old.ron"),
        tenken::store::to_ron(&last_year),
    )
    .unwrap();
    let (doc, out) = aggregate_json(&[dir.path()], &[]);
    assert_eq!(doc["organizations"], 2);
    assert_eq!(doc["fiscal_year"], 2026);
    assert_eq!(doc["fiscal_years"]["2026"], 2);
    let dups = doc["duplicates"].as_array().unwrap();
    assert_eq!(dups.len(), 1);
    assert_eq!(dups[0]["organization"], "団体00000");
    assert_eq!(dups[0]["files"].as_array().unwrap().len(), 2);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("old.ron: [除外] 令和7年度のシート")
            && err.contains("copy.ron: [差し替え済み]"),
        "{err}"
    );
}

#[test]
fn skipped_files_are_listed_on_stderr_with_names_made_safe() {
    let catalog = Catalog::builtin(Edition::Municipal);
    let dir = tempfile::tempdir().unwrap();
    let dist: Distribution = vec![[1, 0, 0]; 126];
    write_sheets(dir.path(), catalog, &dist, 2);
    std::fs::write(dir.path().join("broken.ron"), "(format: 1, catalog:").unwrap();
    std::fs::write(dir.path().join("evil\u{1b}[2J\u{202E}.ron"), "(").unwrap();
    let (doc, out) = aggregate_json(&[dir.path()], &[]);
    assert_eq!(doc["organizations"], 2);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("broken.ron: [読めない] 1:"), "{err}");
    assert!(err.contains("evil<U+001B>[2J<U+202E>.ron"), "{err}");
    assert!(
        !err.contains('\u{1b}') && !err.contains('\u{202E}'),
        "{err}"
    );
}

#[test]
fn an_organisation_differing_only_in_width_or_zero_width_characters_is_a_duplicate() {
    let catalog = Catalog::builtin(Edition::Municipal);
    let dist: Distribution = vec![[2, 0, 0]; 126];
    for (a, b) in [
        ("ｶﾂｼｶ市", "カツシカ市"),
        ("例市", "例\u{200B}市"),
        ("ＡＢＣ町", "ABC町"),
        ("例\u{FEFF}市", "例市\u{2060}"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        for (name, org) in [("a.ron", a), ("b.ron", b)] {
            let mut sheet = sheet_for(catalog, &dist, 0, 1);
            sheet.organization = org.into();
            std::fs::write(dir.path().join(name), tenken::store::to_ron(&sheet)).unwrap();
        }
        let (doc, _) = aggregate_json(&[dir.path()], &[]);
        let dups = doc["duplicates"].as_array().unwrap();
        assert_eq!(dups.len(), 1, "{a:?} / {b:?}");
    }
}

#[test]
fn the_two_fuchu_are_two_organisations_and_a_full_width_space_is_one() {
    // Issue 20.3: 東京都府中市 and 広島県府中市 were flagged as one duplicate.
    let catalog = Catalog::builtin(Edition::Municipal);
    let dist: Distribution = vec![[2, 0, 0]; 126];
    let duplicates = |sheets: &[(&str, &str, &str)]| {
        let dir = tempfile::tempdir().unwrap();
        for (i, (org, code, prefecture)) in sheets.iter().enumerate() {
            let mut sheet = sheet_for(catalog, &dist, 0, 1);
            sheet.organization = (*org).into();
            sheet.organization_code = (*code).into();
            sheet.prefecture = (*prefecture).into();
            let text = tenken::store::to_ron(&sheet);
            std::fs::write(dir.path().join(format!("{i}.ron")), text).unwrap();
        }
        let (doc, _) = aggregate_json(&[dir.path()], &[]);
        // One organisation counts once: a duplicate's other sheet is superseded (issue 20.2).
        let dups = doc["duplicates"].as_array().unwrap().len();
        assert_eq!(
            doc["organizations"].as_u64().unwrap() as usize,
            sheets.len() - dups
        );
        dups
    };
    assert_eq!(
        duplicates(&[("府中市", "", "東京都"), ("府中市", "", "広島県")]),
        0
    );
    assert_eq!(
        duplicates(&[("府中市", "132063", ""), ("府中市", "342084", "")]),
        0
    );
    assert_eq!(
        duplicates(&[("府中市", "", "東京都"), ("東京都府中市", "", "")]),
        1
    );
    assert_eq!(
        duplicates(&[("府中市", "132063", "東京都"), ("府中市役所", "132063", "")]),
        1
    );
    assert_eq!(
        duplicates(&[("あおば市", "", ""), ("あおば　市", "", "")]),
        1
    );
}

/// Issue 23.4: the files are read on several threads; the table and every message come out
/// the same, byte for byte and in the same order, with one reader and with several — also
/// for a broken sheet, a file that is no sheet, and an organisation that sent two.
#[test]
fn one_reader_or_several_give_the_same_output_and_messages() {
    let catalog = Catalog::builtin(Edition::Municipal);
    let dir = tempfile::tempdir().unwrap();
    let n = 240;
    let dist: Distribution = vec![[n * 9 / 10, n / 20, n / 40]; catalog.item_count()];
    let paths = write_sheets(dir.path(), catalog, &dist, n);
    std::fs::copy(&paths[7], dir.path().join("org00007-again.ron")).unwrap();
    std::fs::write(dir.path().join("org00100.ron"), "(format: 1, catalog: (").unwrap();
    std::fs::write(dir.path().join("cover.txt"), "送付状").unwrap();
    for format in ["json", "text", "csv"] {
        let run = |jobs: &str| {
            let out = tenken(&[
                "aggregate",
                "--format",
                format,
                "--jobs",
                jobs,
                dir.path().to_str().unwrap(),
            ]);
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            out
        };
        let one = run("1");
        assert!(String::from_utf8_lossy(&one.stderr).contains("org00100.ron"));
        for jobs in ["2", "5"] {
            let several = run(jobs);
            assert!(
                one.stdout == several.stdout,
                "{format}: --jobs 1 and {jobs} differ"
            );
            assert_eq!(
                String::from_utf8_lossy(&one.stderr),
                String::from_utf8_lossy(&several.stderr),
                "{format}"
            );
        }
    }
}

/// Issue 23.4: the outputs of a collection like the 20,000-sheet run (plans written and not,
/// overdue and carried plans, follow-ups, drafts, a duplicate, a broken file, prefectures and
/// codes), kept as they were before aggregate held its rows compactly: text, Markdown, CSV
/// and JSON, byte for byte (the workbook's cells are those of the same table).
#[test]
fn a_collection_gives_the_table_it_gave_before_the_rows_were_kept_compactly() {
    let catalog = Catalog::builtin(Edition::Municipal);
    let dir = tempfile::tempdir().unwrap();
    let n = 12;
    let dist: Distribution = vec![[10, 1, 1]; catalog.item_count()];
    let paths = write_sheets(dir.path(), catalog, &dist, n);
    let t = datetime!(2026-11-26 10:00 +9);
    let ids: Vec<String> = catalog.items().map(|(_, it)| it.id.clone()).collect();
    for (k, path) in paths.iter().enumerate() {
        let mut sheet = sheet_for(catalog, &dist, k as u64, n);
        // Due dates that stay past or future whatever day the test runs.
        for a in sheet.answers.values_mut() {
            if let Some(plan) = &mut a.plan {
                plan.due = if k % 4 == 0 {
                    "2001-04-01"
                } else {
                    "2098-03-31"
                }
                .into();
            }
        }
        if k >= 8 {
            std::fs::write(path, tenken::store::to_ron(&sheet)).unwrap();
            continue;
        }
        sheet.updated = Some(t);
        match k {
            0 => {
                sheet.prefecture = "宮城県".into();
                sheet.organization_code = "041009".into();
            }
            1 => sheet.prefecture = "北海道".into(),
            _ => {}
        }
        for (j, id) in ids.iter().enumerate().filter(|(j, _)| (j + k) % 25 == 0) {
            let a = sheet.answers.get_mut(id).unwrap();
            a.plan = Some(tenken::sheet::Plan {
                action: if j % 2 == 0 {
                    "規程を改める".into()
                } else {
                    " ".into()
                },
                owner: if k % 3 == 0 {
                    "総務課".into()
                } else {
                    String::new()
                },
                due: ["2001-04-01", "2099-03-31", "令和9年3月末", ""][(j + k) % 4].into(),
                carried: (j + k) % 3 == 0,
            });
        }
        if k == 5 {
            sheet.answers.get_mut(&ids[3]).unwrap().unconfirmed = true;
        }
        std::fs::write(path, tenken::store::to_ron(&sheet)).unwrap();
    }
    std::fs::copy(&paths[9], dir.path().join("org00009-again.ron")).unwrap();
    std::fs::write(dir.path().join("org00100.ron"), "(format: 1, catalog: (").unwrap();
    std::fs::write(dir.path().join("cover.txt"), "送付状").unwrap();
    let shown = dir.path().display().to_string();
    for format in ["text", "md", "csv", "json"] {
        let out = tenken(&["aggregate", "--format", format, &shown]);
        assert!(out.status.success(), "{}", crate::util::cli::stderr(&out));
        let text = String::from_utf8(out.stdout)
            .unwrap()
            .replace(&shown, "DIR");
        if format == "md" {
            // The lines under the title are a list: as plain lines they ran together into one
            // paragraph in every Markdown viewer.
            let head: Vec<&str> = text
                .lines()
                .skip(1)
                .take_while(|l| !l.starts_with("## "))
                .filter(|l| !l.is_empty())
                .collect();
            assert!(head.len() >= 3, "{text}");
            assert!(head.iter().all(|l| l.starts_with("- ")), "{head:#?}");
        }
        insta::assert_snapshot!(format!("collection_{format}"), text);
        // The plan lines kept in memory where no temporary file can be made (spill.rs) give
        // the same table.
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_tenken"))
            .args(["aggregate", "--format", format, &shown])
            .env("TMPDIR", dir.path().join("no-such-directory"))
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", crate::util::cli::stderr(&out));
        let kept = String::from_utf8(out.stdout)
            .unwrap()
            .replace(&shown, "DIR");
        assert_eq!(kept, text, "{format}: plan lines kept in memory");
    }
}

/// Two sheets with one 団体コード and two different 団体名 (石巻市's code typed on 仙台市's
/// sheet): the code decides, as documented, so one supersedes the other — but a town's
/// answers dropped for a typo must not go unsaid. Both files' lines say that the code is
/// another 団体名's too, naming both, in every language; a name that merely says more
/// (府中市役所 beside 府中市) is no such doubt.
#[test]
fn one_code_under_two_names_is_said_on_both_files() {
    let catalog = Catalog::builtin(Edition::Municipal);
    let dist: Distribution = vec![[2, 0, 0]; 126];
    let dir = tempfile::tempdir().unwrap();
    for (file, org, code) in [
        ("ishinomaki.ron", "石巻市", "042021"),
        ("sendai.ron", "仙台市", "042021"),
        ("fuchu.ron", "府中市", "132063"),
        ("fuchu2.ron", "府中市役所", "132063"),
    ] {
        let mut sheet = sheet_for(catalog, &dist, 0, 1);
        sheet.organization = org.into();
        sheet.organization_code = code.into();
        let text = tenken::store::to_ron(&sheet);
        std::fs::write(dir.path().join(file), text).unwrap();
    }
    for (lang, word) in [
        ("ja", "団体コード 042021"),
        ("en", "organization code 042021"),
    ] {
        let (doc, out) = aggregate_json(&[dir.path()], &["--lang", lang]);
        let notes = |file: &str| file_entry(&doc, file)["same_code_other_names"].to_string();
        assert_eq!(notes("ishinomaki.ron"), r#"["仙台市"]"#);
        assert_eq!(notes("sendai.ron"), r#"["石巻市"]"#);
        for file in ["fuchu.ron", "fuchu2.ron"] {
            assert_eq!(notes(file), "null", "{lang} {file}");
        }
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(word), "{lang}: {err}");
    }
}

/// `aggregate --lang en` in text gave a plan's due date in 和暦 (「令和9年3月31日 (2027-03-31)」)
/// where the English text outputs give the Western date alone (`diff`, `sign`); the Japanese
/// text keeps both.
#[test]
fn an_english_aggregate_gives_due_dates_without_wareki() {
    let catalog = Catalog::builtin(Edition::Municipal);
    let dir = tempfile::tempdir().unwrap();
    let mut sheet = sheet_for(catalog, &vec![[2, 0, 0]; 126], 0, 1);
    sheet.organization = "例市".into();
    let a = sheet.answers.get_mut("1-1").unwrap();
    a.score = Score::NotInPlace;
    a.plan = Some(tenken::sheet::Plan {
        action: "規程を改める".into(),
        due: "2027-03-31".into(),
        ..Default::default()
    });
    std::fs::write(dir.path().join("s.ron"), tenken::store::to_ron(&sheet)).unwrap();
    let text = |lang: &str| {
        let out = tenken(&["--lang", lang, "aggregate", dir.path().to_str().unwrap()]);
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let en = text("en");
    let line = en.lines().find(|l| l.contains("規程を改める")).unwrap();
    assert!(
        line.contains("2027-03-31") && !line.contains("令和"),
        "{line}"
    );
    assert!(text("ja").contains("規程を改める / 令和9年3月31日 (2027-03-31)"));
}
