//! The cells of the tables prefectures circulate and organisations send back, read as the
//! person who filled them in meant them. Pure: `read` hands in the cells as text (a date cell
//! as `2026/1/1`), this module says what they are.
//!
//! - **Column headers** are compared folded (NFKC, blanks dropped, lower case) and without the
//!   notes people add in brackets: `回答（３・２・１・０）` is `回答`, `No.` is `no`.
//! - **Item ids** are folded and every dash is `-`: `１－１`, `1ー1` and `1−1` are `1-1`. An id
//!   Excel turned into a date (`1-1` typed is 1 January) or a number (`1.1`) gives the ids it may
//!   have been; `read` keeps the one in the catalog and says so.
//! - **Scores** are a digit 0–3, written `３`, `3.0`, `3：運用している`, `3:運用している`,
//!   `３（運用している）`, or the wording alone (`運用している`).
//! - **The header block** (団体名, 回答者, 団体コード, 都道府県, 年度, the profile questions such as
//!   重要機能室) is key and value side by side, or `key：value` in one cell.

use std::collections::BTreeMap;

use crate::catalog::Catalog;
use crate::sheet::Score;

/// Text as compared: NFKC, without blanks or zero-width characters, lower case.
pub(crate) fn fold(text: &str) -> String {
    crate::organization::folded(text).to_lowercase()
}

/// A header cell's name without its notes: `回答（３・２・１・０）` → `回答`, `評価点` stays,
/// `No.` → `no`, `年度 (西暦)` → `年度`.
pub(crate) fn header_name(cell: &str) -> String {
    let f = fold(cell);
    let cut = f.find(['(', '[', '【', '〔', '<', '〈']).unwrap_or(f.len());
    f[..cut].trim_end_matches(['.', ':', '：']).to_string()
}

/// An item id as written: folded, and every kind of dash a `-`.
pub(crate) fn item_id(cell: &str) -> String {
    crate::organization::folded(cell)
        .chars()
        .map(|c| match c {
            '‐' | '‑' | '‒' | '–' | '—' | '―' | '−' | 'ー' | 'ｰ' | '－' => '-',
            c => c,
        })
        .collect()
}

/// Whether an id looks like an item's (`12-3`): then a row carrying it is meant as an answer,
/// not as a heading between items.
pub(crate) fn looks_like_id(id: &str) -> bool {
    let mut parts = id.split('-');
    let digits = |p: &str| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit());
    parts.next().is_some_and(digits) && parts.clone().next().is_some() && parts.all(digits)
}

/// What Excel did to an id typed into a cell formatted as 標準 (General).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Mangled {
    /// Read as a date: `1-1` became 1 January, `13-1` January 2013.
    Date,
    /// Read as a number: `1.1` stays 1.1, `1.10` becomes 1.1.
    Number,
}

/// The ids an id cell may have been before Excel turned it into a date or a number, most
/// likely first; `None` when the cell is neither. `answered`: the row has a score, so a bare
/// whole number in it is a date that lost its format (`46357`) and not a heading's number.
pub(crate) fn unmangle(cell: &str, answered: bool) -> Option<(Mangled, Vec<String>)> {
    let t = crate::organization::folded(cell);
    if let Some((y, m, d)) = date(&t) {
        let mut ids = Vec::new();
        if let Some(d) = d {
            ids.push(format!("{m}-{d}"));
        }
        if let Some(y) = y
            && d.is_none_or(|d| d == 1)
        {
            ids.push(format!("{}-{m}", y % 100));
            ids.push(format!("{m}-{}", y % 100));
        }
        return Some((Mangled::Date, ids));
    }
    if let Some((whole, fraction)) = t.split_once('.')
        && !whole.is_empty()
        && [whole, fraction]
            .iter()
            .all(|p| p.chars().all(|c| c.is_ascii_digit()))
        && !fraction.is_empty()
    {
        let whole = whole.trim_start_matches('0');
        let mut ids = vec![format!("{whole}-{fraction}")];
        if fraction.len() == 1 {
            ids.push(format!("{whole}-{fraction}0"));
        }
        return Some((Mangled::Number, ids));
    }
    // A date serial shown as a number: 1930-01-01 … 2099-12-31.
    let serial: u32 = t
        .parse()
        .ok()
        .filter(|n| answered && (10_959..=73_050).contains(n))?;
    let (y, m, d, ..) = calamine::ExcelDateTime::new(
        f64::from(serial),
        calamine::ExcelDateTimeType::DateTime,
        false,
    )
    .to_ymd_hms_milli();
    let mut ids = vec![format!("{m}-{d}")];
    if d == 1 {
        ids.push(format!("{}-{m}", y % 100));
        ids.push(format!("{m}-{}", y % 100));
    }
    Some((Mangled::Date, ids))
}

/// A date as Excel shows or exports it: `2026/1/1`, `2026-01-01`, `1月1日`, `2013年1月`,
/// `2026年1月1日`, `1-Jan`, `Jan-13`. (year, month, day), each as written; no day for a
/// year and month.
fn date(t: &str) -> Option<(Option<u32>, u32, Option<u32>)> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let num = |s: &str| -> Option<u32> {
        (!s.is_empty() && s.len() <= 4 && s.chars().all(|c| c.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let month = |m: u32| (1..=12).contains(&m).then_some(m);
    let day = |d: u32| (1..=31).contains(&d).then_some(d);
    let lower = t.to_lowercase();
    let named = |s: &str| {
        MONTHS
            .iter()
            .position(|m| s.starts_with(m))
            .map(|i| i as u32 + 1)
    };
    // 2026年1月1日, 2013年1月, 1月1日
    if let Some(rest) = t.strip_suffix('日').or(t.strip_suffix('月').map(|_| t)) {
        let (y, rest) = match rest.split_once('年') {
            Some((y, r)) => (Some(num(y)?), r),
            None => (None, rest),
        };
        let (m, d) = match rest.split_once('月') {
            Some((m, d)) if !d.is_empty() => (month(num(m)?)?, Some(day(num(d)?)?)),
            Some((m, _)) => (month(num(m)?)?, None),
            None => return None,
        };
        return (y.is_some() || d.is_some()).then_some((y, m, d));
    }
    // 2026/1/1, 2026-01-01
    let parts: Vec<&str> = t.split(['/', '-']).collect();
    if let [y, m, d] = parts[..]
        && y.len() == 4
    {
        return Some((Some(num(y)?), month(num(m)?)?, Some(day(num(d)?)?)));
    }
    // 1-Jan (typed 1-1 in an English Excel), Jan-13 (typed 13-1)
    if let [a, b] = lower.split('-').collect::<Vec<_>>()[..] {
        if let (Some(d), Some(m)) = (num(a), named(b)) {
            return Some((None, m, Some(day(d)?)));
        }
        if let (Some(m), Some(y)) = (named(a), num(b)) {
            return Some((Some(if y < 100 { 2000 + y } else { y }), m, None));
        }
    }
    None
}

/// A score cell: a digit 0–3 (full width too, `3.0` too), alone or followed by its wording
/// after `:`, `：` or in brackets (`3：運用している`, `３（運用している）`), or the wording alone.
/// A digit and a wording that disagree (`3：整備している`) are no score.
pub(crate) fn score(cell: &str) -> Option<Score> {
    let t = crate::organization::folded(cell);
    let wording = |w: &str| Score::ALL.into_iter().find(|s| s.label_ja() == w);
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    if digits == 0 {
        return wording(&t);
    }
    let n: u8 = t[..digits].parse().ok()?;
    let s = Score::from_u8(n)?;
    let mut rest = &t[digits..];
    if let Some(zeros) = rest.strip_prefix('.') {
        rest = zeros.trim_start_matches('0');
        if rest.len() == zeros.len() {
            return None;
        }
    }
    let note = if let Some(r) = rest.strip_prefix([':', '：']) {
        r
    } else if let Some(r) = rest.strip_prefix('(') {
        r.strip_suffix(')')?
    } else if rest.is_empty() || rest == "点" {
        ""
    } else {
        return None;
    };
    match wording(note) {
        Some(w) if w != s => None,
        _ => Some(s),
    }
}

/// A yes/no cell of a profile question: はい/いいえ, あり/なし, 有/無, ○/×, yes/no.
pub(crate) fn yes_no(cell: &str) -> Option<bool> {
    match fold(cell).as_str() {
        "はい" | "あり" | "有" | "有り" | "ある" | "○" | "〇" | "yes" | "y" | "true" => {
            Some(true)
        }
        "いいえ" | "なし" | "無" | "無し" | "ない" | "×" | "no" | "n" | "false" => {
            Some(false)
        }
        _ => None,
    }
}

/// What a header block says about the sheet; text as written (trimmed).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct HeaderBlock {
    pub(crate) organization: Option<String>,
    pub(crate) respondent: Option<String>,
    pub(crate) organization_code: Option<String>,
    pub(crate) prefecture: Option<String>,
    /// The 年度 (Western year) of the first 年度 cell that reads as one (`令和8年度`, `2026`).
    pub(crate) fiscal_year: Option<i32>,
    /// When the sheet was last changed: the first 更新 cell that reads as an RFC 3339 time
    /// (tenken's report workbook and CSV write one; a form's date without a time is not
    /// taken).
    pub(crate) updated: Option<time::OffsetDateTime>,
    /// The first 更新 cell's text when no 更新 cell is such a time (a date alone, 「きのう」):
    /// said where the file's own time is used instead.
    pub(crate) updated_unread: Option<String>,
    /// Profile answers by question id.
    pub(crate) profile: BTreeMap<String, bool>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Key {
    Organization,
    Respondent,
    Code,
    Prefecture,
    FiscalYear,
    Updated,
    Profile(usize),
}

/// The names (folded as headers) of the organisation and of its 団体コード, in a header block
/// or as a column naming them on every row.
pub(crate) const ORGANIZATION_NAMES: &[&str] = &[
    "団体名",
    "地方公共団体名",
    "市区町村名",
    "機関名",
    "organization",
    "organisation",
];
pub(crate) const CODE_NAMES: &[&str] = &[
    "団体コード",
    "地方公共団体コード",
    "全国地方公共団体コード",
    "市区町村コード",
    "organizationcode",
    "organisationcode",
];

/// The header-block key a cell names, folded as a header.
fn key(cell: &str, catalog: &Catalog) -> Option<Key> {
    let k = header_name(cell);
    let named = |names: &[&str]| names.contains(&k.as_str());
    if named(ORGANIZATION_NAMES) {
        return Some(Key::Organization);
    }
    if named(&["回答者", "回答者・部署", "記入者", "respondent"]) {
        return Some(Key::Respondent);
    }
    if named(CODE_NAMES) {
        return Some(Key::Code);
    }
    if named(&["都道府県", "都道府県名", "prefecture"]) {
        return Some(Key::Prefecture);
    }
    if named(&["年度", "fiscalyear"]) {
        return Some(Key::FiscalYear);
    }
    if named(&["更新", "更新日時", "最終更新", "最終更新日時", "updated"]) {
        return Some(Key::Updated);
    }
    // A profile question by its wording (either language) or its subject: 重要機能室,
    // 重要機能室の有無, 重要機能室がありますか.
    let subject = k.trim_end_matches("の有無").trim_end_matches("有無");
    catalog
        .profile
        .iter()
        .position(|q| {
            let (ja, en) = (header_name(&q.question), header_name(&q.question_en));
            k == ja
                || (!en.is_empty() && k == en)
                || k == q.id
                || (subject.chars().count() >= 2 && ja.starts_with(subject))
        })
        .map(Key::Profile)
}

/// Reads key–value pairs of the header block from `rows` into `block`; what is already there
/// stays (the first sheet read wins).
pub(crate) fn header_block(rows: &[Vec<String>], catalog: &Catalog, block: &mut HeaderBlock) {
    for row in rows {
        for (j, cell) in row.iter().enumerate() {
            let (k, value) = match key(cell, catalog) {
                Some(k) => {
                    let value = row[j + 1..]
                        .iter()
                        .find(|v| !v.trim().is_empty())
                        .filter(|v| key(v, catalog).is_none());
                    (k, value.map(|v| v.trim().to_string()))
                }
                // 団体名：あおば市 in one cell.
                None => match cell.split_once([':', '：']) {
                    Some((k, v)) if !v.trim().is_empty() => match key(k, catalog) {
                        Some(k) => (k, Some(v.trim().to_string())),
                        None => continue,
                    },
                    _ => continue,
                },
            };
            let Some(value) = value else { continue };
            let slot = match k {
                Key::Organization => &mut block.organization,
                Key::Respondent => &mut block.respondent,
                Key::Code => &mut block.organization_code,
                Key::Prefecture => &mut block.prefecture,
                Key::FiscalYear => {
                    if block.fiscal_year.is_none() {
                        block.fiscal_year =
                            crate::fiscal::FiscalYear::parse(&value).ok().map(|y| y.0);
                    }
                    continue;
                }
                Key::Updated => {
                    // The time itself, or in brackets after its 和暦 date (the workbook's).
                    let rfc3339 = |s: &str| {
                        let f = time::format_description::well_known::Rfc3339;
                        time::OffsetDateTime::parse(s.trim(), &f).ok()
                    };
                    let bracketed = value
                        .rsplit_once('(')
                        .and_then(|(_, rest)| rest.strip_suffix(')'));
                    if block.updated.is_none() {
                        block.updated = rfc3339(&value).or_else(|| bracketed.and_then(rfc3339));
                        match block.updated {
                            Some(_) => block.updated_unread = None,
                            None => {
                                block.updated_unread.get_or_insert(value);
                            }
                        }
                    }
                    continue;
                }
                Key::Profile(i) => {
                    if let Some(v) = yes_no(&value) {
                        block
                            .profile
                            .entry(catalog.profile[i].id.clone())
                            .or_insert(v);
                    }
                    continue;
                }
            };
            slot.get_or_insert(value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Edition;

    #[test]
    fn headers_with_notes_and_ids_in_full_width() {
        crate::assert_gives(
            header_name,
            &[
                ("回答（３・２・１・０）", "回答"),
                ("No.", "no"),
                (" 評価点 ", "評価点"),
                ("年度 (西暦)", "年度"),
            ],
        );
        crate::assert_gives(
            item_id,
            &[
                ("１－１", "1-1"),
                ("12ー3", "12-3"),
                (" 1−1\u{3000}", "1-1"),
            ],
        );
        assert!(looks_like_id("12-3") && !looks_like_id("【大分類1】"));
        assert!(!looks_like_id("12") && !looks_like_id("-1") && !looks_like_id("1-"));
    }

    #[test]
    fn scores_as_written() {
        for (cell, s) in [
            ("3", Some(Score::Operating)),
            ("３", Some(Score::Operating)),
            ("3.0", Some(Score::Operating)),
            ("3：運用している", Some(Score::Operating)),
            ("3:運用している", Some(Score::Operating)),
            ("３（運用している）", Some(Score::Operating)),
            ("2 (整備している)", Some(Score::Documented)),
            ("0", Some(Score::NotApplicable)),
            ("整備していない", Some(Score::NotInPlace)),
            ("1点", Some(Score::NotInPlace)),
            ("3：整備している", None),
            ("3.5", None),
            ("4", None),
            ("30", None),
            ("はい", None),
            ("3.", None),
        ] {
            assert_eq!(score(cell), s, "{cell}");
        }
    }

    #[test]
    fn ids_excel_turned_into_dates_or_numbers() {
        let d = |c: &str| unmangle(c, true).map(|(_, ids)| ids);
        assert_eq!(
            d("2026/1/1"),
            Some(vec!["1-1".into(), "26-1".into(), "1-26".into()])
        );
        assert_eq!(d("2026/12/3"), Some(vec!["12-3".into()]));
        assert_eq!(d("1月1日"), Some(vec!["1-1".into()]));
        assert_eq!(d("2013年1月"), Some(vec!["13-1".into(), "1-13".into()]));
        assert_eq!(d("3-Jan"), Some(vec!["1-3".into()]));
        // 46357 is 2026-12-01: 12-1 typed in 2026, shown as a number.
        assert_eq!(d("46357").unwrap()[0], "12-1");
        assert_eq!(unmangle("46357", false), None, "a heading's number");
        assert_eq!(unmangle("3", true), None);
        assert_eq!(
            unmangle("1.1", false),
            Some((Mangled::Number, vec!["1-1".into(), "1-10".into()]))
        );
        assert_eq!(unmangle("1-1", true), None);
        assert_eq!(unmangle("【大分類1】", true), None);
    }

    #[test]
    fn a_header_block_side_by_side_or_in_one_cell() {
        let c = Catalog::builtin(Edition::Municipal);
        let rows: Vec<Vec<String>> = [
            &["住基ネット点検票", "", ""][..],
            &["団体名：", "あおば市", "", "団体コード", "132063"],
            &["回答者（部署）", "", "情報政策課"],
            &["都道府県：東京"],
            &["重要機能室の有無", "有"],
            &["年度", "FY2026 (令和8年度)"],
            &["年度 (西暦)", "2026"],
            &["更新", "令和8年11月30日"],
            &["更新日時", "令和8年11月20日 (2026-11-20T10:00:00+09:00)"],
        ]
        .iter()
        .map(|r| r.iter().map(|s| s.to_string()).collect())
        .collect();
        let mut b = HeaderBlock::default();
        header_block(&rows, c, &mut b);
        assert_eq!(b.organization.as_deref(), Some("あおば市"));
        assert_eq!(b.organization_code.as_deref(), Some("132063"));
        // A date without its time is not when the sheet was changed; tenken's RFC 3339 is.
        assert_eq!(
            b.updated,
            Some(time::macros::datetime!(2026-11-20 10:00 +9))
        );
        assert_eq!(b.updated_unread, None);
        // A date alone, where nothing else says when: kept as written, to be said.
        let mut alone = HeaderBlock::default();
        header_block(&rows[..8], c, &mut alone);
        assert_eq!(
            (alone.updated, alone.updated_unread.as_deref()),
            (None, Some("令和8年11月30日"))
        );
        assert_eq!(b.respondent.as_deref(), Some("情報政策課"));
        assert_eq!(b.prefecture.as_deref(), Some("東京"));
        assert_eq!(b.fiscal_year, Some(2026));
        assert_eq!(b.profile.get("important_room"), Some(&true));
        assert_eq!(yes_no("いいえ"), Some(false));
    }
}
