//! Fidelity of the embedded catalogs to the source report in ../shared/seed/.
//!
//! This test parses the seed text itself (independently of how the catalogs were made) and
//! compares every item wording, heading, priority tag and printed statistic. It applies only
//! the repairs the seed's README documents: white space inside words is ignored, and the
//! scrambled heading of major section 5 is read as 「住民基本台帳カードの管理」.

use std::collections::{BTreeMap, BTreeSet};

use tenken::catalog::{Catalog, Edition};

use crate::util::seed::{is_item_id, results_table, seed, squash};

#[test]
fn municipal_items_match_the_results_table() {
    let seed = seed();
    let rows = results_table(&seed);
    assert_eq!(rows.len(), 126, "the results table has 126 rows");
    let c = Catalog::builtin(Edition::Municipal);
    let catalog_ids: Vec<&str> = c.items().map(|(_, i)| i.id.as_str()).collect();
    let seed_ids: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(catalog_ids, seed_ids, "same items in the same order");
    for row in &rows {
        let item = c.item(&row.id).unwrap();
        assert_eq!(squash(&item.text), row.text, "wording of {}", row.id);
        assert_eq!(
            c.priority_years(&row.id),
            row.years.as_slice(),
            "priority tag of {}",
            row.id
        );
        let goal = c.goal_at(c.path(&row.id).unwrap());
        assert_eq!(
            goal.no.to_string(),
            row.id.split('-').next().unwrap(),
            "{} sits under 管理目標 {}",
            row.id,
            goal.no
        );
        assert!(
            !item.en.trim().is_empty(),
            "{} has an English translation",
            row.id
        );
    }
}

#[test]
fn municipal_reference_statistics_are_as_printed() {
    let seed = seed();
    let c = Catalog::builtin(Edition::Municipal);
    let r = c
        .reference
        .as_ref()
        .expect("municipal catalog has reference statistics");
    assert_eq!(r.organizations, 1824);
    assert!(seed.contains("集計団体数 1824団体"));
    assert_eq!(r.year, 2007);
    assert_eq!(r.overall_average, 2.99);
    assert_eq!(r.previous_overall_average, 2.97);
    assert!(seed.contains("総平均点 2.99"));
    assert!(seed.contains("平成18年度総平均点 2.97"));
    let rows = results_table(&seed);
    assert_eq!(r.items.len(), rows.len());
    for row in &rows {
        let s = &r.items[&row.id];
        let mut expected = BTreeMap::new();
        for (k, v) in row.earlier.iter().enumerate() {
            if let Some(v) = v {
                expected.insert(2003 + k as i32, *v);
            }
        }
        expected.insert(2007, row.h19);
        assert_eq!(s.averages, expected, "averages of {}", row.id);
        assert_eq!(s.shares, row.shares, "shares of {}", row.id);
        assert_eq!(s.change, Some(row.change), "change of {}", row.id);
    }
    // 「-」 in the 平成15年度 column of 43-x: no figure.
    for id in ["43-1", "43-2", "43-3"] {
        assert!(
            !r.items[id].averages.contains_key(&2003),
            "{id} has no H15 figure"
        );
    }
}

/// The 【参考】 list of 平成15–18年度 and the 【今年度の重要点検項目の結果】 table.
fn priority_lists(seed: &str) -> BTreeMap<i32, Vec<String>> {
    let mut out: BTreeMap<i32, Vec<String>> = BTreeMap::new();
    let start = seed.find("## 【参考】").expect("reference list");
    let end = seed[start..].find("総平均点").expect("end of list") + start;
    let mut year = None;
    for line in seed[start..end].lines() {
        if let Some(rest) = line.strip_prefix("<b>平成") {
            let n: i32 = rest.split("年度").next().unwrap().parse().unwrap();
            year = Some(1988 + n);
            continue;
        }
        let first = line.split('\t').next().unwrap_or("").trim();
        if let (Some(y), true) = (year, is_item_id(first)) {
            out.entry(y).or_default().push(first.to_string());
        }
    }
    let start = seed
        .find("## 【今年度の重要点検項目の結果】")
        .expect("this year's results");
    for line in seed[start..seed.find("## 【参考】").unwrap()].lines() {
        for token in line.split(['\t', ' ']) {
            if is_item_id(token.trim()) {
                out.entry(2007).or_default().push(token.trim().to_string());
            }
        }
    }
    out
}

#[test]
fn priority_items_match_both_lists_of_the_report() {
    let seed = seed();
    let lists = priority_lists(&seed);
    let counts: Vec<(i32, usize)> = lists.iter().map(|(y, v)| (*y, v.len())).collect();
    assert_eq!(
        counts,
        vec![(2003, 7), (2004, 12), (2005, 14), (2006, 10), (2007, 20)]
    );
    let c = Catalog::builtin(Edition::Municipal);
    let catalog: BTreeMap<i32, BTreeSet<String>> = c
        .priority
        .iter()
        .map(|p| (p.year, p.items.iter().cloned().collect()))
        .collect();
    for (year, ids) in &lists {
        let ids: BTreeSet<String> = ids.iter().cloned().collect();
        assert_eq!(catalog.get(year), Some(&ids), "priority items of {year}");
    }
    assert_eq!(catalog.len(), lists.len());
    assert!(
        Catalog::builtin(Edition::National).priority.is_empty(),
        "the report designates no priority items for the national edition"
    );
}

/// A heading or goal line of the national checklist, in document order.
#[derive(Debug, PartialEq, Eq)]
enum Node {
    Major(String, String),
    Middle(String, String),
    Minor(String, String),
    Goal(u32, String),
    Item(String, String),
}

/// 「1.体制…」 → (1, "1", title); 「1.1体制の整備」 → (2, …); 「2.1.3電子計算機…」 → (3, …).
fn numbered(t: &str) -> Option<(usize, String, String)> {
    let prefix: String = t
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let no = prefix.trim_end_matches('.');
    if no.is_empty() || !prefix.contains('.') {
        return None;
    }
    let level = no.split('.').count();
    Some((level, no.to_string(), squash(&t[prefix.len()..])))
}

fn national_nodes(seed: &str) -> Vec<Node> {
    let start = seed.find("国の行政機関等版").unwrap();
    let skip = [
        "大分類",
        "中分類",
        "小分類",
        "管理目標",
        "小項目番号",
        "管理状況",
    ];
    let tokens: Vec<&str> = seed[start..]
        .lines()
        .skip(1)
        .flat_map(|l| l.split('\t'))
        .map(str::trim)
        .filter(|t| !t.is_empty() && !skip.contains(t))
        .collect();
    let mut nodes = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let t = tokens[i];
        if is_item_id(t) {
            nodes.push(Node::Item(t.to_string(), squash(tokens[i + 1])));
            i += 2;
        } else if t.chars().all(|c| c.is_ascii_digit()) {
            nodes.push(Node::Goal(t.parse().unwrap(), squash(tokens[i + 1])));
            i += 2;
        } else if let Some((level, no, title)) = numbered(t) {
            nodes.push(match level {
                1 => Node::Major(no, title),
                2 => Node::Middle(no, title),
                _ => Node::Minor(no, title),
            });
            i += 1;
        } else {
            panic!("unrecognised token in the national checklist: {t:?}");
        }
    }
    nodes
}

fn catalog_nodes(c: &Catalog) -> Vec<Node> {
    let mut out = Vec::new();
    for major in &c.majors {
        out.push(Node::Major(major.no.clone(), squash(&major.title)));
        for middle in &major.middles {
            out.push(Node::Middle(middle.no.clone(), squash(&middle.title)));
            for minor in &middle.minors {
                out.push(Node::Minor(minor.no.clone(), squash(&minor.title)));
                for goal in &minor.goals {
                    out.push(Node::Goal(goal.no, squash(&goal.title)));
                    for item in &goal.items {
                        out.push(Node::Item(item.id.clone(), squash(&item.text)));
                    }
                }
            }
        }
    }
    out
}

#[test]
fn national_edition_matches_the_printed_hierarchy() {
    let seed = seed();
    let printed = national_nodes(&seed);
    let c = Catalog::builtin(Edition::National);
    let ours = catalog_nodes(c);
    for (k, (a, b)) in printed.iter().zip(&ours).enumerate() {
        assert_eq!(b, a, "node {k} of the national checklist");
    }
    assert_eq!(ours.len(), printed.len());
    let items = printed
        .iter()
        .filter(|n| matches!(n, Node::Item(..)))
        .count();
    let goals = printed
        .iter()
        .filter(|n| matches!(n, Node::Goal(..)))
        .count();
    assert_eq!((items, goals), (122, 42));
    // Every national heading is printed: none may be marked inferred.
    assert!(c.majors.iter().all(|m| !m.inferred));
    for m in c.majors.iter().flat_map(|m| &m.middles) {
        assert!(!m.inferred, "{}", m.no);
        for n in &m.minors {
            assert!(!n.inferred, "{}", n.no);
        }
    }
    assert!(c.goals().all(|g| !g.inferred));
    for (_, item) in c.items() {
        assert!(
            !item.en.trim().is_empty(),
            "{} has an English translation",
            item.id
        );
    }
}

#[test]
fn municipal_headings_are_printed_or_marked_inferred() {
    let seed = seed();
    let c = Catalog::builtin(Edition::Municipal);
    // 大分類: printed in the results table.
    let majors: Vec<(String, String)> = results_table(&seed)
        .into_iter()
        .filter_map(|r| r.major)
        .fold(Vec::new(), |mut v, m| {
            if !v.iter().any(|(no, _)| *no == m.0) {
                v.push(m);
            }
            v
        });
    let ours: Vec<(String, String)> = c
        .majors
        .iter()
        .map(|m| (m.no.clone(), squash(&m.title)))
        .collect();
    assert_eq!(ours, majors);
    assert!(c.majors.iter().all(|m| !m.inferred));
    // 中分類 and 小分類 are printed only for the national edition.
    for m in c.majors.iter().flat_map(|m| &m.middles) {
        assert!(m.inferred, "中分類 {} must be marked inferred", m.no);
        for n in &m.minors {
            assert!(n.inferred, "小分類 {} must be marked inferred", n.no);
        }
    }
    // 管理目標: printed for this edition only in the table of this year's priority items.
    let start = seed.find("## 【今年度の重要点検項目の結果】").unwrap();
    let end = seed.find("## 【参考】").unwrap();
    let printed: BTreeMap<u32, String> = seed[start..end]
        .lines()
        .filter_map(|l| {
            let (no, title) = l.split_once('\t')?;
            let no: u32 = no.trim().parse().ok()?;
            Some((no, squash(title)))
        })
        .collect();
    assert_eq!(
        printed.keys().copied().collect::<Vec<_>>(),
        vec![6, 7, 8, 16, 18, 23, 24]
    );
    for goal in c.goals() {
        match printed.get(&goal.no) {
            Some(title) => {
                assert_eq!(&squash(&goal.title), title, "管理目標 {}", goal.no);
                assert!(!goal.inferred, "管理目標 {} is printed", goal.no);
            }
            None => assert!(
                goal.inferred,
                "管理目標 {} must be marked inferred",
                goal.no
            ),
        }
    }
}

#[test]
fn applicability_follows_the_remarks_and_headings() {
    let seed = seed();
    // The remarks column (shifted by extraction) puts 「…重要機能室がある場合」 beside 7-1 and
    // 「…重要機能室が無い場合に回答」 beside 8-1, and nothing beside any other item; the
    // national headings 2.1.2/2.1.3 say the same.
    let remarks: Vec<(String, String)> = results_table(&seed)
        .into_iter()
        .filter(|r| !r.remark.is_empty())
        .map(|r| (r.id, r.remark))
        .collect();
    assert_eq!(
        remarks,
        vec![
            ("7-1".to_string(), "に重要機能室がある場合".to_string()),
            (
                "8-1".to_string(),
                "場重要機能室が無い場合に回答".to_string()
            ),
        ]
    );
    for edition in [Edition::Municipal, Edition::National] {
        let c = Catalog::builtin(edition);
        let with_room: BTreeMap<String, bool> = [("important_room".to_string(), true)].into();
        let without: BTreeMap<String, bool> = [("important_room".to_string(), false)].into();
        for (p, item) in c.items() {
            let goal = item.id.split('-').next().unwrap();
            let (room, no_room) = (c.applies(p, &with_room), c.applies(p, &without));
            match goal {
                "7" => assert!(room && !no_room, "{}", item.id),
                "8" => assert!(!room && no_room, "{}", item.id),
                _ => assert!(room && no_room, "{}", item.id),
            }
            assert!(
                c.applies(p, &BTreeMap::new()),
                "unanswered profile asks everything"
            );
        }
    }
}

#[test]
fn catalog_list_tsv_prints_the_126_items_of_the_seed() {
    let seed = seed();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tenken"))
        .args([
            "catalog",
            "list",
            "--edition",
            "municipal",
            "--format",
            "tsv",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines
            .next()
            .unwrap()
            .split('\t')
            .take(4)
            .collect::<Vec<_>>(),
        ["id", "goal", "priority_years", "text"]
    );
    let rows = results_table(&seed);
    let listed: Vec<&str> = lines.collect();
    assert_eq!(listed.len(), 126);
    for (line, row) in listed.iter().zip(&rows) {
        let cols: Vec<&str> = line.split('\t').collect();
        assert_eq!(cols[0], row.id);
        assert_eq!(cols[1], row.id.split('-').next().unwrap());
        let years: Vec<String> = row.years.iter().map(i32::to_string).collect();
        assert_eq!(cols[2], years.join(","), "priority years of {}", row.id);
        assert_eq!(squash(cols[3]), row.text, "wording of {}", row.id);
    }
}

#[test]
fn no_wording_keeps_extraction_spaces() {
    // Comparisons above ignore white space; this makes sure none was kept in the data.
    for edition in [Edition::Municipal, Edition::National] {
        let c = Catalog::builtin(edition);
        let mut texts: Vec<(&str, &str)> = c
            .items()
            .map(|(_, i)| (i.id.as_str(), i.text.as_str()))
            .collect();
        for m in &c.majors {
            texts.push((&m.no, &m.title));
            for m in &m.middles {
                texts.push((&m.no, &m.title));
                for n in &m.minors {
                    texts.push((&n.no, &n.title));
                }
            }
        }
        texts.extend(c.goals().map(|g| ("goal", g.title.as_str())));
        for (id, t) in texts {
            assert!(
                !t.chars().any(char::is_whitespace),
                "{} {id}: {t:?} has white space",
                c.id
            );
        }
    }
}

#[test]
fn inferred_municipal_headings_follow_the_national_edition_except_where_documented() {
    let m = Catalog::builtin(Edition::Municipal);
    let n = Catalog::builtin(Edition::National);
    let national: BTreeMap<String, String> = n
        .majors
        .iter()
        .flat_map(|m| &m.middles)
        .flat_map(|mid| {
            std::iter::once((mid.no.clone(), mid.title.clone()))
                .chain(mid.minors.iter().map(|n| (n.no.clone(), n.title.clone())))
        })
        .chain(
            n.goals()
                .map(|g| (format!("goal {}", g.no), g.title.clone())),
        )
        .collect();
    // The adaptations docs/formats.md documents (municipal wording: CS, CS端末, 市町村整備部分),
    // the printed municipal goals, and section 5, which the national edition lacks.
    let adapted = [
        "3.1.6", "goal 9", "goal 18", "goal 21", "goal 37", "5.1", "5.1.1", "goal 43",
    ];
    let mut seen = BTreeSet::new();
    for mid in m.majors.iter().flat_map(|m| &m.middles) {
        for (no, title) in std::iter::once((&mid.no, &mid.title))
            .chain(mid.minors.iter().map(|n| (&n.no, &n.title)))
        {
            seen.insert(no.clone());
            if !adapted.contains(&no.as_str()) {
                assert_eq!(Some(title), national.get(no), "heading {no}");
            }
        }
    }
    for g in m.goals() {
        let key = format!("goal {}", g.no);
        if !adapted.contains(&key.as_str()) {
            assert_eq!(Some(&g.title), national.get(&key), "{key}");
        } else if let Some(t) = national.get(&key) {
            assert_ne!(
                &g.title, t,
                "{key} is listed as adapted but reads as the national one"
            );
        }
    }
    assert!(seen.contains("5.1.1"));
}
