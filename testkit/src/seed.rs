//! Parsing of the source report in ../shared/seed/, shared by the tests that check tenken
//! against it. Only the repairs the seed's README documents are applied.

use std::path::PathBuf;

const SEED_FILE: &str = "000_4cbbba7da7b41c40.txt";

/// The source report's text. Without `../shared/seed/` beside this checkout (a clone on its
/// own) the fidelity tests fail, saying so: they cannot pass without checking.
///
/// Why not a copy of the report in this repository: it is the ministry's text, the authority
/// the catalogs are checked against, not something of ours to relicense under MIT/Apache; and a
/// copy beside the catalogs could be edited along with them, which is the drift these tests
/// exist to catch. The catalogs already carry everything the program needs from it.
pub fn seed() -> String {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/seed");
    let path = dir.join(SEED_FILE);
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "the fidelity tests need the source report at {} (../shared/seed/ beside the \
             checkout): {e}",
            path.display()
        )
    })
}

pub fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

pub fn is_item_id(s: &str) -> bool {
    match s.split_once('-') {
        Some((a, b)) => {
            !a.is_empty()
                && a.len() <= 2
                && a.chars().all(|c| c.is_ascii_digit())
                && b.len() == 1
                && b.chars().all(|c| c.is_ascii_digit())
        }
        None => false,
    }
}

/// Splits 「…している【平成17年度重要点検項目】」 into the wording and the Western years.
pub fn strip_tags(text: &str) -> (String, Vec<i32>) {
    let mut rest = squash(text);
    let mut years = Vec::new();
    while let Some(start) = rest.find("【平成") {
        let end = rest[start..].find('】').expect("unclosed tag") + start;
        let tag = &rest[start..end + '】'.len_utf8()];
        let n: i32 = tag
            .trim_start_matches("【平成")
            .split("年度")
            .next()
            .unwrap()
            .parse()
            .expect("tag year");
        assert!(tag.ends_with("年度重要点検項目】"), "unexpected tag {tag}");
        years.push(1988 + n);
        rest.replace_range(start..end + '】'.len_utf8(), "");
    }
    (rest, years)
}

#[derive(Debug)]
pub struct ResultRow {
    /// The 備考 column, white space removed.
    pub remark: String,
    pub major: Option<(String, String)>,
    pub id: String,
    pub text: String,
    pub years: Vec<i32>,
    pub h19: f64,
    pub shares: (f64, f64, f64),
    /// 平成15–18年度, None where printed 「-」.
    pub earlier: [Option<f64>; 4],
    pub change: f64,
    /// The printed figures as printed: average (3 decimals), then the shares answering 3 / 2 /
    /// 1 without their `%`.
    pub printed: [String; 4],
}

pub fn num(s: &str) -> Option<f64> {
    let s = s.trim().trim_end_matches('%');
    if s == "-" {
        None
    } else {
        Some(s.parse().unwrap_or_else(|_| panic!("not a number: {s:?}")))
    }
}

/// The 点検結果集計表 of the municipal edition: 126 rows.
pub fn results_table(seed: &str) -> Vec<ResultRow> {
    let start = seed.find("集計団体数").expect("results table");
    let end = seed.find("国の行政機関等版").expect("national edition");
    let mut rows = Vec::new();
    for line in seed[start..end].lines() {
        let tokens: Vec<&str> = line.split('\t').collect();
        let Some(i) = tokens.iter().position(|t| is_item_id(t.trim())) else {
            continue;
        };
        let major = tokens[0].trim().split_once(' ').map(|(no, title)| {
            let title = squash(title);
            // Documented extraction damage: 「5 帳 カード 住民 基本 台理」.
            let title = if no == "5" && title == "帳カード住民基本台理" {
                "住民基本台帳カードの管理".to_string()
            } else {
                title
            };
            (no.to_string(), title)
        });
        let (text, years) = strip_tags(tokens[i + 1]);
        let n: Vec<Option<f64>> = tokens[i + 2..i + 11].iter().map(|t| num(t)).collect();
        rows.push(ResultRow {
            remark: tokens.get(i + 11).map(|t| squash(t)).unwrap_or_default(),
            major,
            id: tokens[i].trim().to_string(),
            text,
            years,
            h19: n[0].unwrap(),
            shares: (n[1].unwrap(), n[2].unwrap(), n[3].unwrap()),
            earlier: [n[4], n[5], n[6], n[7]],
            change: n[8].unwrap(),
            printed: std::array::from_fn(|k| {
                tokens[i + 2 + k].trim().trim_end_matches('%').to_string()
            }),
        });
    }
    rows
}

/// `num / den` rounded half up (四捨五入) to `decimals` places, computed in integers so that a
/// tie such as 114 / 1,824 = 6.25 % is exact. Written here independently of tenken's own
/// formatting so that the test can catch it.
pub fn half_up(num: u64, den: u64, decimals: u32) -> String {
    let scale = 10u128.pow(decimals);
    let q = (2 * u128::from(num) * scale + u128::from(den)) / (2 * u128::from(den));
    let (int, frac) = (q / scale, q % scale);
    if decimals == 0 {
        int.to_string()
    } else {
        format!("{int}.{frac:0w$}", w = decimals as usize)
    }
}

/// Counts (answering 3, 2, 1) for `total` organisations that reproduce a printed row: the
/// shares round half up to the printed percentages (1 decimal) and the average to the printed
/// average (3 decimals), exactly as the report prints them. The remaining organisations
/// answered 0. The largest number of organisations answering 1–3 that fits is chosen.
pub fn counts_for(row: &ResultRow, total: u64) -> [u64; 3] {
    let fits = |n: u64, k: u64, printed: &str| half_up(100 * k, n, 1) == printed;
    let near = |n: u64, share: f64| {
        let c = (share * n as f64 / 100.0).round() as i64;
        (c - 1..=c + 1).filter(|k| *k >= 0).map(|k| k as u64)
    };
    for n in (1..=total).rev() {
        for n1 in near(n, row.shares.2) {
            for n2 in near(n, row.shares.1) {
                let Some(n3) = n.checked_sub(n1 + n2) else {
                    continue;
                };
                if fits(n, n3, &row.printed[1])
                    && fits(n, n2, &row.printed[2])
                    && fits(n, n1, &row.printed[3])
                    && half_up(3 * n3 + 2 * n2 + n1, n, 3) == row.printed[0]
                {
                    return [n3, n2, n1];
                }
            }
        }
    }
    panic!("no counts reproduce row {}", row.id)
}
