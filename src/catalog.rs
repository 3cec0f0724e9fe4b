//! The checklist catalog: 大分類 → 中分類 → 小分類 → 管理目標 → 小項目, the priority items
//! (重要点検項目) by fiscal year, profile questions with `applies_if`, and the reference
//! statistics of the 集計表. Pure: parsing and validation only, no file I/O (`store` reads
//! catalog files).

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::fiscal::FiscalYear;
use crate::lang::Lang;
use crate::ron::{line_col, ron_options};

mod error;
mod validate;
pub use error::CatalogError;
use error::refused;
pub(crate) use error::{CatalogProblem, CatalogWhy, Children, TextProblem};

/// The catalog file format version this build reads.
pub(crate) const CATALOG_FORMAT: u32 = 1;

/// Largest catalog file accepted (a real one is about 100 KiB).
pub(crate) const MAX_CATALOG_BYTES: usize = 4 * 1024 * 1024;

/// The embedded catalogs as the binary reads them: the RON files of `catalog/` (edited by
/// hand, checked by every rule of [`Catalog::from_ron`]) written as JSON by `serde_json`,
/// which reads them in a twentieth of the RON parser's time (3.3 ms → 0.18 ms for the
/// municipal one, a third of the CPU to the first frame). The test
/// `the_embedded_catalogs_are_their_ron_files` keeps each JSON file equal to its RON file,
/// and rewrites it when asked to (see there).
const MUNICIPAL_JSON: &str = include_str!("../catalog/juki-municipal.json");
const NATIONAL_JSON: &str = include_str!("../catalog/juki-national.json");

/// Which questionnaire a catalog is: the municipal 調査票 or the national-agency checklist.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Edition {
    /// 市区町村版
    Municipal,
    /// 国の行政機関等版
    National,
}

impl Edition {
    pub(crate) fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Edition::Municipal, Lang::Ja) => "市区町村版",
            (Edition::National, Lang::Ja) => "国の行政機関等版",
            (Edition::Municipal, Lang::En) => "municipal edition",
            (Edition::National, Lang::En) => "national agency edition",
        }
    }
}

/// A yes/no question about the organisation that decides which items apply,
/// e.g. 「重要機能室がありますか」.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProfileQuestion {
    pub(crate) id: String,
    pub(crate) question: String,
    #[serde(default)]
    pub(crate) question_en: String,
}

/// `applies_if: Some((profile: "important_room", equals: true))`
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Condition {
    pub(crate) profile: String,
    pub(crate) equals: bool,
}

impl Condition {
    /// Whether the condition holds for a profile. An unanswered profile question leaves the
    /// branch applicable: the item is asked rather than silently dropped.
    pub(crate) fn holds(&self, profile: &BTreeMap<String, bool>) -> bool {
        profile.get(&self.profile).is_none_or(|v| *v == self.equals)
    }
}

/// A heading's struct: the four levels (大分類, 中分類, 小分類, 管理目標) share their fields and
/// differ only in the number's type and in what they hold.
macro_rules! heading {
    ($(#[$attr:meta])* $name:ident, $no:ty, $children:ident: $child:ty) => {
        $(#[$attr])*
        #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
        pub struct $name {
            pub no: $no,
            pub title: String,
            #[serde(default)]
            pub(crate) en: String,
            #[serde(default)]
            pub inferred: bool,
            #[serde(default)]
            pub(crate) applies_if: Option<Condition>,
            #[serde(default)]
            pub(crate) note: Option<String>,
            pub $children: Vec<$child>,
        }

        impl $name {
            /// The title in `lang` ([`heading_text`]).
            pub(crate) fn title_in(&self, lang: Lang) -> &str {
                heading_text(&self.title, &self.en, lang)
            }
        }

        impl AnyHeading for $name {
            fn number(&self) -> String {
                self.no.to_string()
            }
            fn title(&self) -> &str {
                &self.title
            }
            fn condition(&self) -> Option<&Condition> {
                self.applies_if.as_ref()
            }
            fn childless(&self) -> bool {
                self.$children.is_empty()
            }
        }
    };
}

/// What a heading of any level has, for the rules that hold at every level
/// (`catalog/validate.rs`).
pub(crate) trait AnyHeading {
    /// Its number as written (`3.4`, or a 管理目標's `23`).
    fn number(&self) -> String;
    /// Its Japanese title.
    fn title(&self) -> &str;
    /// The profile condition under which it applies.
    fn condition(&self) -> Option<&Condition>;
    /// Whether it holds nothing.
    fn childless(&self) -> bool;
}

heading!(
    /// 大分類
    Major, String, middles: Middle
);
heading!(
    /// 中分類
    Middle, String, minors: Minor
);
heading!(
    /// 小分類
    Minor, String, goals: Goal
);
heading!(
    /// 管理目標 (numbered 1–43)
    Goal, u32, items: Item
);

/// 小項目: one question answered 0–3.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Item {
    pub id: String,
    pub text: String,
    #[serde(default)]
    pub en: String,
    #[serde(default)]
    pub(crate) applies_if: Option<Condition>,
    #[serde(default)]
    pub(crate) note: Option<String>,
}

/// The priority items (重要点検項目) designated for one fiscal year (Western year).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PrioritySet {
    pub year: i32,
    pub items: Vec<String>,
}

/// The printed national results (集計表) the catalog was published with.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Reference {
    /// 集計団体数
    pub organizations: u32,
    /// The fiscal year of the shares (Western).
    pub year: i32,
    /// 総平均点 of that year and the year before, as printed.
    pub overall_average: f64,
    pub previous_overall_average: f64,
    pub items: BTreeMap<String, ItemReference>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ItemReference {
    /// Average by Western fiscal year; a year printed 「-」 is absent.
    pub averages: BTreeMap<i32, f64>,
    /// Percent answering 3, 2, 1 in the reference year.
    pub shares: (f64, f64, f64),
    /// The printed change from the year before (「H18→H19 向上値」).
    #[serde(default)]
    pub change: Option<f64>,
}

/// Where an item sits in the tree: indices into majors / middles / minors / goals / items.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ItemPath {
    pub(crate) major: usize,
    pub(crate) middle: usize,
    pub(crate) minor: usize,
    pub(crate) goal: usize,
    pub(crate) item: usize,
}

#[derive(Clone, Debug, Default, PartialEq)]
struct Index {
    paths: Vec<ItemPath>,
    /// The items' ids in the order of their text, each with its position: searched for an
    /// id's position, and walked beside a sheet's answers (kept in that order).
    in_id_order: Vec<(String, usize)>,
    /// Each item's priority years by its position (an id looked up for every item of every
    /// sheet was a twentieth of `aggregate`'s counting).
    priority: Vec<Vec<i32>>,
}

impl Index {
    fn position(&self, id: &str) -> Option<usize> {
        let ids = &self.in_id_order;
        ids.binary_search_by(|(item, _)| item.as_str().cmp(id))
            .ok()
            .map(|k| ids[k].1)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Catalog {
    pub(crate) format: u32,
    pub id: String,
    pub revision: String,
    pub(crate) edition: Edition,
    pub(crate) title: String,
    #[serde(default)]
    pub(crate) title_en: String,
    #[serde(default)]
    pub(crate) source: String,
    #[serde(default)]
    pub(crate) profile: Vec<ProfileQuestion>,
    pub majors: Vec<Major>,
    #[serde(default)]
    pub priority: Vec<PrioritySet>,
    #[serde(default)]
    pub reference: Option<Reference>,
    #[serde(skip)]
    index: Index,
}

/// One applicability verdict for an item under a profile.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Applicability<'c> {
    Applies,
    /// Excluded by the first condition on its path that does not hold.
    Excluded(&'c Condition),
}

impl Catalog {
    /// Parses and validates a catalog. `origin` names the source in error messages.
    pub fn from_ron(src: &str, origin: &str) -> Result<Catalog, CatalogError> {
        if src.len() > MAX_CATALOG_BYTES {
            return Err(refused(
                origin,
                (1, 1),
                None,
                CatalogWhy::TooBig(src.len(), MAX_CATALOG_BYTES),
            ));
        }
        // A control or bidirectional character written raw anywhere in the file (line ends and
        // tabs aside, which RON reads as white space) is refused where it stands.
        if let Some((off, c)) = src
            .char_indices()
            .find(|&(_, c)| !matches!(c, '\n' | '\r' | '\t') && crate::safe_text::is_unsafe_char(c))
        {
            let (line, col) = line_col(src, off);
            return Err(refused(
                origin,
                (line, col),
                None,
                CatalogWhy::UnsafeChar(c as u32),
            ));
        }
        let catalog = Catalog::parse(src, origin)?;
        catalog.first_problem(src, origin)?;
        Ok(catalog)
    }

    /// The syntax and the index only: the rules beyond the syntax are [`Catalog::from_ron`]'s.
    fn parse(src: &str, origin: &str) -> Result<Catalog, CatalogError> {
        let mut catalog: Catalog = ron_options().from_str(src).map_err(|e| {
            let at = (e.span.start.line, e.span.start.col);
            let why = CatalogWhy::Syntax(crate::ron::Syntax::from_ron(&e.code));
            refused(origin, at, None, why)
        })?;
        catalog.index = catalog.build_index();
        Ok(catalog)
    }

    /// The catalog embedded in the binary for an edition, read the first time it is asked
    /// for. Its text is part of the build and is its RON file, which passes every rule of
    /// [`Catalog::from_ron`] (the test `the_embedded_catalogs_are_their_ron_files`), so it is
    /// not checked again at each start: that check was a sixth of the CPU to the first frame.
    pub fn builtin(edition: Edition) -> &'static Catalog {
        static MUNICIPAL: OnceLock<Catalog> = OnceLock::new();
        static NATIONAL: OnceLock<Catalog> = OnceLock::new();
        let (cell, json) = match edition {
            Edition::Municipal => (&MUNICIPAL, MUNICIPAL_JSON),
            Edition::National => (&NATIONAL, NATIONAL_JSON),
        };
        cell.get_or_init(|| {
            let mut catalog: Catalog = serde_json::from_str(json)
                .unwrap_or_else(|e| panic!("embedded catalog is invalid (a build defect): {e}"));
            catalog.index = catalog.build_index();
            catalog
        })
    }

    /// Every embedded catalog, each parsed only when the iteration reaches it.
    pub(crate) fn builtins() -> impl Iterator<Item = &'static Catalog> {
        [Edition::Municipal, Edition::National]
            .into_iter()
            .map(Catalog::builtin)
    }

    /// Number of 小項目.
    pub fn item_count(&self) -> usize {
        self.index.paths.len()
    }

    pub fn goal_count(&self) -> usize {
        self.goals().count()
    }

    /// Items in catalog order with their paths.
    pub fn items(&self) -> impl Iterator<Item = (ItemPath, &Item)> + '_ {
        self.index.paths.iter().map(|p| (*p, self.item_at(*p)))
    }

    pub fn goals(&self) -> impl Iterator<Item = &Goal> + '_ {
        self.majors
            .iter()
            .flat_map(|m| &m.middles)
            .flat_map(|m| &m.minors)
            .flat_map(|m| &m.goals)
    }

    pub fn item_at(&self, p: ItemPath) -> &Item {
        &self.goal_at(p).items[p.item]
    }

    pub fn goal_at(&self, p: ItemPath) -> &Goal {
        &self.minor_at(p).goals[p.goal]
    }

    pub(crate) fn minor_at(&self, p: ItemPath) -> &Minor {
        &self.middle_at(p).minors[p.minor]
    }

    pub(crate) fn middle_at(&self, p: ItemPath) -> &Middle {
        &self.majors[p.major].middles[p.middle]
    }

    /// Position of an item in catalog order.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.index.position(id)
    }

    pub fn path(&self, id: &str) -> Option<ItemPath> {
        self.position(id).map(|i| self.index.paths[i])
    }

    pub fn item(&self, id: &str) -> Option<&Item> {
        self.path(id).map(|p| self.item_at(p))
    }

    pub fn path_at(&self, position: usize) -> ItemPath {
        self.index.paths[position]
    }

    /// Fiscal years (Western) for which the item is a priority item, ascending.
    pub fn priority_years(&self, id: &str) -> &[i32] {
        self.position(id)
            .map_or(&[], |position| self.priority_years_at(position))
    }

    /// Every item's id with its position, in the order of the ids (`str`'s order, a
    /// `BTreeMap`'s): to meet a sheet's answers in one pass rather than look each one up.
    pub(crate) fn in_id_order(&self) -> &[(String, usize)] {
        &self.index.in_id_order
    }

    /// [`Catalog::priority_years`] of the item at `position` (in catalog order).
    pub(crate) fn priority_years_at(&self, position: usize) -> &[i32] {
        self.index.priority.get(position).map_or(&[], Vec::as_slice)
    }

    /// All fiscal years that designate priority items, ascending.
    pub(crate) fn priority_year_list(&self) -> Vec<i32> {
        let set: BTreeSet<i32> = self.priority.iter().map(|p| p.year).collect();
        set.into_iter().collect()
    }

    /// An item id as typed by a person, read as the catalog writes ids: full-width digits
    /// (an input method left on: 「２３－４」) made ASCII, and the dashes and separators a
    /// keyboard or an input method gives (－ ‐ ー − . _) made `-`; blanks around it dropped.
    /// The interview's `:` and `catalog show` read ids so.
    pub(crate) fn typed_id(input: &str) -> String {
        input
            .trim()
            .chars()
            .map(|c| match c {
                '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
                '－' | '‐' | 'ー' | '−' | '.' | '_' => '-',
                c => c,
            })
            .collect()
    }

    /// The order of item ids as the checklist numbers them: runs of digits by their number
    /// (1-2, 2-1, 10-1, 10-10), everything else by its bytes, so that a sheet's answers are
    /// written as a person reads the checklist, not as text sorts (10-1 before 2-1). The
    /// embedded catalogs' ids are in this order. A total order: ids equal but for leading
    /// zeros fall back to their bytes.
    pub(crate) fn id_order(a: &str, b: &str) -> std::cmp::Ordering {
        use std::cmp::Ordering;
        let (x, y) = (a.as_bytes(), b.as_bytes());
        let (mut i, mut j) = (0, 0);
        while i < x.len() && j < y.len() {
            if x[i].is_ascii_digit() && y[j].is_ascii_digit() {
                /// The end of the run of digits at `k`, and its digits without leading zeros.
                fn run(s: &[u8], k: usize) -> (usize, &[u8]) {
                    let end = k + s[k..].iter().take_while(|c| c.is_ascii_digit()).count();
                    let zeros = s[k..end].iter().take_while(|&&c| c == b'0').count();
                    (end, &s[k + zeros..end])
                }
                let ((ei, m), (ej, n)) = (run(x, i), run(y, j));
                match m.len().cmp(&n.len()).then_with(|| m.cmp(n)) {
                    Ordering::Equal => (i, j) = (ei, ej),
                    other => return other,
                }
            } else {
                match x[i].cmp(&y[j]) {
                    Ordering::Equal => (i, j) = (i + 1, j + 1),
                    other => return other,
                }
            }
        }
        (x.len() - i).cmp(&(y.len() - j)).then_with(|| a.cmp(b))
    }

    /// The fiscal year of the catalog's revision where the revision names one the way a
    /// 年度 is typed (「H19」: 平成19年度, 2007); `None` for another name (「v2」).
    pub(crate) fn revision_year(&self) -> Option<FiscalYear> {
        FiscalYear::parse(&self.revision).ok()
    }

    /// That a sheet of `year` comes before this catalog's revision (1999 typed for 2019?), as
    /// one sentence: what `tenken new` warns of and the start form says before creating; `None`
    /// for the revision's year and after, or a revision that names no year.
    pub(crate) fn year_before_revision(&self, year: FiscalYear, lang: Lang) -> Option<String> {
        let revised = self.revision_year().filter(|r| year < *r)?;
        Some(crate::lang::say!(
            lang,
            "{} は点検票 {} {} ({}の改訂) より前の年度です",
            "{} is before the catalog {} {} (revised in {})",
            year.display(lang),
            crate::safe_text::sanitize_line(&self.id),
            crate::safe_text::sanitize_line(&self.revision),
            revised.field_text(lang)
        ))
    }

    pub(crate) fn reference_for(&self, id: &str) -> Option<&ItemReference> {
        self.reference.as_ref().and_then(|r| r.items.get(id))
    }

    /// The `applies_if` conditions on an item's path, from its 大分類 down to the item.
    pub(crate) fn conditions(&self, p: ItemPath) -> impl Iterator<Item = &Condition> + '_ {
        let major = &self.majors[p.major];
        let middle = &major.middles[p.middle];
        let minor = &middle.minors[p.minor];
        let goal = &minor.goals[p.goal];
        let item = &goal.items[p.item];
        [
            &major.applies_if,
            &middle.applies_if,
            &minor.applies_if,
            &goal.applies_if,
            &item.applies_if,
        ]
        .into_iter()
        .flatten()
    }

    /// Whether the item at `p` applies to an organisation with this profile: every
    /// `applies_if` on its path must hold.
    pub(crate) fn applicability(
        &self,
        p: ItemPath,
        profile: &BTreeMap<String, bool>,
    ) -> Applicability<'_> {
        self.conditions(p)
            .find(|c| !c.holds(profile))
            .map_or(Applicability::Applies, Applicability::Excluded)
    }

    pub fn applies(&self, p: ItemPath, profile: &BTreeMap<String, bool>) -> bool {
        self.applicability(p, profile) == Applicability::Applies
    }

    pub(crate) fn profile_question(&self, id: &str) -> Option<&ProfileQuestion> {
        self.profile.iter().find(|q| q.id == id)
    }

    /// The item's wording in a language; English falls back to Japanese when untranslated.
    pub fn item_text<'a>(&self, item: &'a Item, lang: Lang) -> &'a str {
        pick(&item.text, &item.en, lang)
    }

    fn build_index(&self) -> Index {
        let mut index = Index::default();
        for (a, major) in self.majors.iter().enumerate() {
            for (b, middle) in major.middles.iter().enumerate() {
                for (c, minor) in middle.minors.iter().enumerate() {
                    for (d, goal) in minor.goals.iter().enumerate() {
                        for (e, item) in goal.items.iter().enumerate() {
                            index.in_id_order.push((item.id.clone(), index.paths.len()));
                            index.paths.push(ItemPath {
                                major: a,
                                middle: b,
                                minor: c,
                                goal: d,
                                item: e,
                            });
                        }
                    }
                }
            }
        }
        // An id given twice is a catalog's error, reported by its validation.
        index.in_id_order.sort_unstable();
        let mut sets: Vec<&PrioritySet> = self.priority.iter().collect();
        sets.sort_by_key(|s| s.year);
        index.priority = vec![Vec::new(); index.paths.len()];
        for set in sets {
            // An id that is no item is a catalog's error, reported by its validation.
            for id in &set.items {
                let Some(at) = index.position(id) else {
                    continue;
                };
                let years = &mut index.priority[at];
                if !years.contains(&set.year) {
                    years.push(set.year);
                }
            }
        }
        index
    }
}

fn pick<'a>(ja: &'a str, en: &'a str, lang: Lang) -> &'a str {
    match lang {
        Lang::En if !en.trim().is_empty() => en,
        _ => ja,
    }
}

/// Title in a language, falling back to Japanese where no translation exists.
pub(crate) fn heading_text<'a>(title: &'a str, en: &'a str, lang: Lang) -> &'a str {
    pick(title, en, lang)
}

/// The catalogs a run can use: the embedded ones and at most one loaded with `--catalog`,
/// which takes precedence for its own id. Each lives as long as the run (the loaded one is
/// leaked on purpose, as the embedded ones are statics), so that the interview and last
/// year's sheet borrow the catalog they show instead of keeping a copy (#23.5).
#[derive(Clone, Copy, Debug, Default)]
pub struct Catalogs {
    pub(crate) custom: Option<&'static Catalog>,
}

impl Catalogs {
    pub fn new(custom: Option<Catalog>) -> Catalogs {
        Catalogs {
            custom: custom.map(|c| &*Box::leak(Box::new(c))),
        }
    }

    /// The catalog with this id, custom first.
    pub(crate) fn get(&self, id: &str) -> Option<&'static Catalog> {
        self.custom
            .filter(|c| c.id == id)
            .or_else(|| Catalog::builtins().find(|c| c.id == id))
    }

    /// The catalog to use for an edition: the custom one when it is of that edition (or no
    /// edition was asked for), else the embedded one (municipal by default).
    pub(crate) fn for_edition(&self, edition: Option<Edition>) -> &'static Catalog {
        match (self.custom, edition) {
            (Some(c), None) => c,
            (Some(c), Some(e)) if c.edition == e => c,
            (_, e) => Catalog::builtin(e.unwrap_or(Edition::Municipal)),
        }
    }

    /// Ids of every catalog available, for error messages.
    pub(crate) fn ids(&self) -> Vec<String> {
        let mut ids: Vec<String> = Catalog::builtins().map(|c| c.id.clone()).collect();
        if let Some(c) = self.custom
            && !ids.contains(&c.id)
        {
            ids.push(c.id.clone());
        }
        ids
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Item ids in [`Catalog::id_order`] are in the embedded catalogs' order, and the order
    /// is a total one (ids alike but for zeros, words, prefixes).
    #[test]
    fn ids_in_their_order_are_in_catalog_order() {
        for catalog in Catalog::builtins() {
            let ids: Vec<&str> = catalog.items().map(|(_, item)| item.id.as_str()).collect();
            let mut sorted = ids.clone();
            sorted.sort_by(|a, b| Catalog::id_order(a, b));
            assert_eq!(sorted, ids, "{}", catalog.id);
        }
        let mut ids = vec![
            "10-1", "x", "2-1", "1-10", "01-2", "1-2", "1-1", "1", "10", "1-01", "a2", "a10", "",
        ];
        ids.sort_by(|a, b| Catalog::id_order(a, b));
        assert_eq!(
            ids,
            [
                "", "1", "1-01", "1-1", "01-2", "1-2", "1-10", "2-1", "10", "10-1", "a2", "a10",
                "x"
            ]
            .to_vec()
        );
        for a in &ids {
            for b in &ids {
                assert_eq!(Catalog::id_order(a, b), Catalog::id_order(b, a).reverse());
                assert_eq!(Catalog::id_order(a, b).is_eq(), a == b, "{a} {b}");
            }
        }
    }

    /// The embedded catalogs are read from JSON without the rules at run time
    /// (`Catalog::builtin`): here each is held to the rules as its RON file, as a custom
    /// catalog is, and its JSON file to being that RON file's catalog, written by
    /// `serde_json`. After editing a RON file, run this test with
    /// `TENKEN_WRITE_CATALOG_JSON=1` to rewrite the JSON beside it, and commit both.
    #[test]
    fn the_embedded_catalogs_are_their_ron_files() {
        for (edition, name, json) in [
            (Edition::Municipal, "juki-municipal", MUNICIPAL_JSON),
            (Edition::National, "juki-national", NATIONAL_JSON),
        ] {
            let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/catalog");
            let ron_path = format!("{dir}/{name}.ron");
            let ron = std::fs::read_to_string(&ron_path).unwrap();
            let checked = Catalog::from_ron(&ron, &format!("catalog/{name}.ron"))
                .unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(checked.edition, edition, "{name}");
            let written = serde_json::to_string(&checked).unwrap() + "\n";
            if std::env::var_os("TENKEN_WRITE_CATALOG_JSON").is_some() {
                std::fs::write(format!("{dir}/{name}.json"), &written).unwrap();
                continue;
            }
            assert!(
                written == json,
                "catalog/{name}.json is not catalog/{name}.ron: rewrite it with \
                 TENKEN_WRITE_CATALOG_JSON=1 cargo test --release --lib catalog::tests"
            );
            assert_eq!(&checked, Catalog::builtin(edition), "{name}");
        }
    }
}
