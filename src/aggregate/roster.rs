//! The roster (名簿) of the organisations that should hand in, read from a table's rows (a CSV
//! file or the first sheet of a workbook): a line per organisation, each named once, each code
//! a valid one of its line's 都道府県. `collection` matches its lines against the organisations
//! counted.

use std::collections::BTreeMap;

use super::collection::Organization;
use crate::organization::Identity;

/// Why a roster cannot be used; lines are counted from 1, as the file's reader sees them.
#[derive(Debug)]
pub(crate) enum RosterError {
    /// No row within the first 30 names a 団体名 column.
    NoHeader,
    /// A 団体コード that is not one (a wrong check digit: the line would match nobody).
    Code {
        line: usize,
        typed: String,
        error: crate::organization::CodeError,
    },
    /// A 団体コード of another prefecture than the line's 都道府県, however it is read: the
    /// line would match nobody of its prefecture.
    Prefecture {
        line: usize,
        code: String,
        named: &'static str,
    },
    /// The organisation of `line` is that of the earlier `first` (the same code, or the same
    /// name in the same prefecture where a line has no code): it would be expected twice.
    Twice { line: usize, first: usize },
}

/// Reads a roster from a table's rows (CSV or the first sheet of a workbook): a header row
/// within the first rows naming 団体名, and optionally 団体コード and 都道府県; a line per
/// organisation below it. A code must read as a sheet's does (five digits get their check
/// digit, or their 0 back where the line's prefecture says so; a code of another prefecture
/// than the line's is refused), and no organisation may be listed twice.
pub(crate) fn roster_from_rows(rows: &[Vec<String>]) -> Result<Vec<Organization>, RosterError> {
    const NAME: &[&str] = &[
        "団体名",
        "団体",
        "名称",
        "organization",
        "organisation",
        "name",
    ];
    const CODE: &[&str] = &["団体コード", "コード", "code"];
    const PREFECTURE: &[&str] = &["都道府県", "都道府県名", "prefecture"];
    let find = |row: &[String], names: &[&str]| {
        row.iter().position(|c| {
            let c = crate::organization::folded(c).to_lowercase();
            names.iter().any(|n| *n == c)
        })
    };
    let (at, name) = rows
        .iter()
        .take(30)
        .enumerate()
        .find_map(|(i, r)| find(r, NAME).map(|c| (i, c)))
        .ok_or(RosterError::NoHeader)?;
    let code = find(&rows[at], CODE);
    let prefecture = find(&rows[at], PREFECTURE);
    let cell = |row: &[String], c: Option<usize>| {
        c.and_then(|c| row.get(c))
            .map(|v| v.trim().to_string())
            .unwrap_or_default()
    };
    let mut lines = Vec::new();
    // Earlier lines by code and by folded name: a line looks at its few namesakes only.
    let mut by_code: BTreeMap<String, usize> = BTreeMap::new();
    let mut by_name: BTreeMap<String, Vec<(usize, Identity)>> = BTreeMap::new();
    for (i, r) in rows.iter().enumerate().skip(at + 1) {
        let line = i + 1;
        let name = cell(r, Some(name));
        if name.is_empty() {
            continue;
        }
        // As a sheet keeps them: a code with its check digit (five digits get theirs, or
        // the 0 Excel dropped where the line's prefecture says so, of four digits too),
        // 宮城 as 宮城県; a prefecture that does not read so is kept as written.
        let typed_code = cell(r, code);
        let typed = cell(r, prefecture);
        let named = crate::organization::prefecture(&typed);
        let code = if typed_code.is_empty() {
            String::new()
        } else {
            crate::organization::code_in(&typed_code, named).map_err(|error| RosterError::Code {
                line,
                typed: typed_code.clone(),
                error,
            })?
        };
        if let Some(named) = named
            && crate::organization::prefecture_of_code(&code).is_some_and(|p| p != named)
        {
            return Err(RosterError::Prefecture { line, code, named });
        }
        let prefecture = named
            .map(str::to_string)
            .or_else(|| crate::organization::prefecture_of_code(&code).map(str::to_string))
            .unwrap_or(typed);
        let org = Organization {
            name,
            code,
            prefecture,
        };
        let who = org.identity();
        let same_code = by_code.get(&who.code).filter(|_| !who.code.is_empty());
        let namesake = by_name
            .get(who.compared())
            .into_iter()
            .flatten()
            .find(|(_, other)| who.may_be(other));
        if let Some(first) = same_code.copied().or(namesake.map(|(l, _)| *l)) {
            return Err(RosterError::Twice { line, first });
        }
        if !who.code.is_empty() {
            by_code.insert(who.code.clone(), line);
        }
        by_name
            .entry(who.compared().to_string())
            .or_default()
            .push((line, who));
        lines.push(org);
    }
    Ok(lines)
}
