//! The rules a catalog must satisfy beyond its syntax (unique ids, headings with children,
//! known profile questions, plausible priority years, safe text), each problem found with the
//! place in the source text it stands, for `file:line:column` errors.

use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;

use super::error::refused;
use super::{
    AnyHeading, CATALOG_FORMAT, Catalog, CatalogError, CatalogWhy, Children, Condition, TextProblem,
};
use crate::ron::line_col;

impl Catalog {
    /// The first problem in file order, located in `src`, as the error `from_ron` returns.
    pub(super) fn first_problem(&self, src: &str, origin: &str) -> Result<(), CatalogError> {
        match self.problems().into_iter().next() {
            Some(p) => Err(refused(origin, locate(src, &p), p.id, p.why)),
            None => Ok(()),
        }
    }

    /// Every rule a catalog must satisfy beyond its syntax, in file order.
    fn problems(&self) -> Vec<Problem> {
        let mut out = Vec::new();
        let mut push = |needle: Needle, id: Option<String>, why: CatalogWhy| {
            out.push(Problem { needle, id, why })
        };
        if self.format != CATALOG_FORMAT {
            push(
                Needle::Text("format".into(), 0),
                None,
                CatalogWhy::FormatUnsupported(self.format, CATALOG_FORMAT),
            );
        }
        if self.id.trim().is_empty() {
            push(Needle::Text("id".into(), 0), None, CatalogWhy::EmptyId);
        }
        // Every text field, also one written with an escape (`\u{1b}`): no control or
        // bidirectional character, named by its field path.
        if let Ok(tree) = serde_json::to_value(self) {
            text_field_problems(&tree, &mut String::new(), &mut out);
        }
        let mut push = |needle: Needle, id: Option<String>, why: CatalogWhy| {
            out.push(Problem { needle, id, why })
        };
        let profile_ids: BTreeSet<&str> = self.profile.iter().map(|q| q.id.as_str()).collect();
        let mut seen_profile = BTreeSet::new();
        for q in &self.profile {
            if !seen_profile.insert(q.id.as_str()) {
                push(
                    Needle::quoted(&q.id, 1),
                    Some(q.id.clone()),
                    CatalogWhy::DuplicateProfileQuestion,
                );
            }
        }
        let check_cond = |cond: Option<&Condition>, owner: &str, out: &mut Vec<Problem>| {
            if let Some(c) = cond
                && !profile_ids.contains(c.profile.as_str())
            {
                out.push(Problem {
                    needle: Needle::quoted(&c.profile, 0),
                    id: Some(owner.to_string()),
                    why: CatalogWhy::UnknownProfileQuestion(c.profile.clone()),
                });
            }
        };
        let mut seen_items: HashMap<&str, usize> = HashMap::new();
        let mut seen_goals = BTreeSet::new();
        let mut seen_headings = BTreeSet::new();
        // A 大分類, 中分類 or 小分類: its number once, its children, its title, its condition.
        let mut heading = |h: &dyn AnyHeading, children: Children, out: &mut Vec<Problem>| {
            heading_problems(h, children, &mut seen_headings, out);
            check_cond(h.condition(), &h.number(), out);
        };
        if self.majors.is_empty() {
            push(Needle::Text("majors".into(), 0), None, CatalogWhy::NoMajors);
        }
        for major in &self.majors {
            heading(major, Children::Middles, &mut out);
            for middle in &major.middles {
                heading(middle, Children::Minors, &mut out);
                for minor in &middle.minors {
                    heading(minor, Children::Goals, &mut out);
                    for goal in &minor.goals {
                        let gid = format!("管理目標 {}", goal.no);
                        if !seen_goals.insert(goal.no) {
                            out.push(Problem {
                                needle: Needle::Text(format!("no: {}", goal.no), 1),
                                id: Some(gid.clone()),
                                why: CatalogWhy::DuplicateGoal,
                            });
                        }
                        if goal.items.is_empty() {
                            out.push(Problem {
                                needle: Needle::Text(format!("no: {}", goal.no), 0),
                                id: Some(gid.clone()),
                                why: CatalogWhy::GoalWithoutItems,
                            });
                        }
                        if let Some(p) = text_problem(&goal.title) {
                            out.push(Problem {
                                needle: Needle::Text(format!("no: {}", goal.no), 0),
                                id: Some(gid.clone()),
                                why: CatalogWhy::Title(p),
                            });
                        }
                        check_cond(goal.applies_if.as_ref(), &gid, &mut out);
                        for item in &goal.items {
                            let n = seen_items.entry(&item.id).or_insert(0);
                            *n += 1;
                            if *n > 1 {
                                out.push(Problem {
                                    needle: Needle::quoted(&item.id, *n - 1),
                                    id: Some(item.id.clone()),
                                    why: CatalogWhy::DuplicateItem,
                                });
                            }
                            if item.id.is_empty()
                                || item.id.chars().any(|c| c.is_whitespace() || c.is_control())
                            {
                                out.push(Problem {
                                    needle: Needle::quoted(&item.id, 0),
                                    id: Some(item.id.clone()),
                                    why: CatalogWhy::BadItemId,
                                });
                            }
                            if let Some(p) = text_problem(&item.text) {
                                out.push(Problem {
                                    needle: Needle::quoted(&item.id, 0),
                                    id: Some(item.id.clone()),
                                    why: CatalogWhy::Text(p),
                                });
                            }
                            check_cond(item.applies_if.as_ref(), &item.id, &mut out);
                        }
                    }
                }
            }
        }
        let mut seen_years = BTreeSet::new();
        for set in &self.priority {
            let anchor = format!("year: {}", set.year);
            if !(1989..=2200).contains(&set.year) {
                out.push(Problem {
                    needle: Needle::Text(anchor.clone(), 0),
                    id: None,
                    why: CatalogWhy::PriorityYearImplausible(set.year),
                });
            }
            if !seen_years.insert(set.year) {
                out.push(Problem {
                    needle: Needle::Text(anchor.clone(), 1),
                    id: None,
                    why: CatalogWhy::PriorityYearTwice(set.year),
                });
            }
            for id in &set.items {
                if !seen_items.contains_key(id.as_str()) {
                    out.push(Problem {
                        needle: Needle::After(anchor.clone(), format!("\"{id}\"")),
                        id: Some(id.clone()),
                        why: CatalogWhy::PriorityUnknownItem(set.year),
                    });
                }
            }
        }
        if let Some(r) = &self.reference {
            for (id, stats) in &r.items {
                let needle = Needle::After("reference".into(), format!("\"{id}\""));
                if !seen_items.contains_key(id.as_str()) {
                    out.push(Problem {
                        needle,
                        id: Some(id.clone()),
                        why: CatalogWhy::ReferenceUnknownItem,
                    });
                    continue;
                }
                let (a, b, c) = stats.shares;
                let bad_avg = stats.averages.values().any(|v| !(0.0..=3.0).contains(v));
                let bad_share = [a, b, c].iter().any(|v| !(0.0..=100.0).contains(v));
                if bad_avg || bad_share {
                    out.push(Problem {
                        needle,
                        id: Some(id.clone()),
                        why: CatalogWhy::ReferenceOutOfRange,
                    });
                }
            }
        }
        out
    }
}

fn text_problem(text: &str) -> Option<TextProblem> {
    if text.trim().is_empty() {
        Some(TextProblem::Empty)
    } else if text.chars().any(char::is_control) {
        Some(TextProblem::Control)
    } else {
        None
    }
}

/// Problems for control and bidirectional characters in every string of a catalog tree
/// (map keys included), each named by its field path, e.g. `majors[0].middles[1].title`.
fn text_field_problems(v: &serde_json::Value, path: &mut String, out: &mut Vec<Problem>) {
    let bad = |s: &str| s.chars().find(|&c| crate::safe_text::is_unsafe_char(c));
    let report = |s: &str, path: &str, out: &mut Vec<Problem>| {
        if let Some(c) = bad(s) {
            let prefix: String = s.chars().take_while(|&x| x != c).collect();
            out.push(Problem {
                needle: Needle::Text(format!("\"{prefix}"), 0),
                id: None,
                why: CatalogWhy::FieldUnsafeChar(path.to_string(), c as u32),
            });
        }
    };
    match v {
        serde_json::Value::String(s) => report(s, path, out),
        serde_json::Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                let len = path.len();
                let _ = write!(path, "[{i}]");
                text_field_problems(x, path, out);
                path.truncate(len);
            }
        }
        serde_json::Value::Object(m) => {
            for (k, x) in m {
                let len = path.len();
                if path.is_empty() {
                    path.push_str(k);
                } else {
                    let _ = write!(path, ".{k}");
                }
                report(k, path, out);
                text_field_problems(x, path, out);
                path.truncate(len);
            }
        }
        _ => {}
    }
}

/// A heading's own problems: its number given twice, nothing under it, its title.
fn heading_problems(
    h: &dyn AnyHeading,
    children: Children,
    seen: &mut BTreeSet<String>,
    out: &mut Vec<Problem>,
) {
    let no = h.number();
    let needle = Needle::quoted(&no, 0);
    if !seen.insert(no.clone()) {
        out.push(Problem {
            needle: Needle::quoted(&no, 1),
            id: Some(no.clone()),
            why: CatalogWhy::DuplicateHeading,
        });
    }
    if h.childless() {
        out.push(Problem {
            needle: needle.clone(),
            id: Some(no.clone()),
            why: CatalogWhy::HeadingWithout(children),
        });
    }
    if let Some(p) = text_problem(h.title()) {
        out.push(Problem {
            needle,
            id: Some(no),
            why: CatalogWhy::Title(p),
        });
    }
}

struct Problem {
    needle: Needle,
    id: Option<String>,
    why: CatalogWhy,
}

/// How to find a semantic problem in the source text, for its line:column.
#[derive(Clone)]
enum Needle {
    /// The n-th (0-based) occurrence of a text.
    Text(String, usize),
    /// The first occurrence of the second text after the first occurrence of the first.
    After(String, String),
}

impl Needle {
    fn quoted(s: &str, nth: usize) -> Needle {
        Needle::Text(format!("\"{s}\""), nth)
    }
}

fn locate(src: &str, p: &Problem) -> (usize, usize) {
    let offset = match &p.needle {
        Needle::Text(t, nth) => src.match_indices(t.as_str()).nth(*nth).map(|(i, _)| i),
        Needle::After(anchor, t) => src
            .find(anchor.as_str())
            .and_then(|a| src[a..].find(t.as_str()).map(|i| a + i)),
    };
    match offset {
        Some(off) => line_col(src, off),
        None => (1, 1),
    }
}
