//! A sheet's title: one line of 14-point type in its first cell, within the width its sheet
//! prints, the names in it (団体名) cut with 「…」 where the whole is wider; and what a command
//! says on stderr of a name its titles show cut.

use rust_xlsxwriter::Worksheet;

use super::{Label, Styles, Written, err, notice_head, string};
use crate::lang::Lang;

/// Points of the title row: 14-point type with room above and below.
const TITLE_ROW: f64 = 24.0;

/// Writes a sheet's title in its first cell, in a row tall enough for it, on one line within
/// the `width` (characters of 11-point type) its sheet prints, each of
/// [`Styles::title_names`] in it cut where the whole is wider ([`fitted_title`]).
pub(crate) fn write_title(ws: &mut Worksheet, st: &Styles, title: &str, width: f64) -> Written {
    let (shown, _) = fitted_title(title, &st.title_names, width);
    string(ws, st, 0, 0, &shown, &st.title)?;
    ws.set_row_height(0, TITLE_ROW).map_err(err)?;
    Ok(())
}

/// `title` as a sheet `width` characters wide (of 11-point type) prints it: whole where it
/// fits; else (the 14-point title does not wrap, and ran on past the page) each of `names` in
/// it cut to the same length, with 「…」, so that what the sheet shows and the year stay. With
/// the characters a name keeps where the title had to be cut: a name longer than that is
/// shown cut.
pub(crate) fn fitted_title(title: &str, names: &[String], width: f64) -> (String, Option<usize>) {
    let wide = |s: &str| unicode_width::UnicodeWidthStr::width(s) as f64 * 14.0 / 11.0 > width;
    if !wide(title) {
        return (title.to_string(), None);
    }
    let mut names: Vec<&str> = names.iter().map(String::as_str).collect();
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    let cut = |k: usize| {
        names
            .iter()
            .fold(title.to_string(), |t, n| match n.char_indices().nth(k) {
                Some((at, _)) => t.replace(n, &format!("{}…", &n[..at])),
                _ => t,
            })
    };
    // The longest cut that fits: a title grows with the length kept, so a binary search.
    let (mut lo, mut hi) = (
        1,
        names.iter().map(|n| n.chars().count()).max().unwrap_or(1),
    );
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        if wide(&cut(mid)) {
            hi = mid - 1
        } else {
            lo = mid
        }
    }
    (cut(lo), Some(lo))
}

/// What a command says on stderr of a name (`field` of `file`, `text`) that its sheets'
/// titles show cut ([`fitted_title`]), and the sheet that has it whole: in the words of
/// [`super::cut_notice`].
pub(crate) fn title_notice(
    file: &str,
    field: Label,
    text: &str,
    whole_on: &str,
    lang: Lang,
) -> String {
    let (head, n) = notice_head(file, None, field, text, lang);
    match lang {
        Lang::Ja => format!(
            "{head}: {n} 字はシートの 1 行の表題に収まらないため、表題では「…」で切り詰めました。全文は「{whole_on}」シートにあります"
        ),
        Lang::En => format!(
            "{head}: its {n} characters do not fit in the sheets' one-line titles, so the titles show it cut, ending in …; the whole text is on the {whole_on} sheet"
        ),
    }
}
