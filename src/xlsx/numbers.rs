//! Numbers written into a workbook's cells as tenken prints them — counts, and figures with
//! exactly the printed digits (a formula over them computes with what the page shows) — and
//! 「-」, as text, where there is none to show.

use rust_xlsxwriter::{ColNum, Worksheet};

use super::{Styles, Written, err};
use crate::figure::Figure;

/// Writes a count.
pub(crate) fn count(ws: &mut Worksheet, st: &Styles, row: u32, col: ColNum, n: u64) -> Written {
    ws.write_number_with_format(row, col, n as f64, &st.int)
        .map(|_| ())
        .map_err(err)
}

/// Writes a count where one is known; 「-」 as text where it is not, as [`figure`] does.
pub(crate) fn count_known(
    ws: &mut Worksheet,
    st: &Styles,
    row: u32,
    col: ColNum,
    n: Option<u64>,
) -> Written {
    match n {
        Some(n) => count(ws, st, row, col, n),
        None => none(ws, st, row, col),
    }
}

/// 「-」 as text: no figure or count to show.
fn none(ws: &mut Worksheet, st: &Styles, row: u32, col: ColNum) -> Written {
    ws.write_string_with_format(row, col, "-", &st.text)
        .map(|_| ())
        .map_err(err)
}

/// Writes a figure as the number tenken prints, showing exactly the printed digits; 「-」 as
/// text where there is none.
pub(crate) fn figure(
    ws: &mut Worksheet,
    styles: &Styles,
    row: u32,
    col: ColNum,
    value: Option<Figure>,
    decimals: u32,
    signed: bool,
) -> Result<(), String> {
    match value {
        Some(v) => {
            let printed = v.fixed(decimals);
            let number: f64 = printed.parse().map_err(|_| format!("figure {printed}"))?;
            ws.write_number_with_format(row, col, number, &styles.figure(decimals, signed))
                .map_err(err)?;
        }
        None => none(ws, styles, row, col)?,
    }
    Ok(())
}

/// Writes an average as printed: three decimals ([`figure`]); 「-」 where there is none.
pub(crate) fn average<F: Into<Figure>>(
    ws: &mut Worksheet,
    st: &Styles,
    row: u32,
    col: ColNum,
    value: Option<F>,
) -> Written {
    figure(ws, st, row, col, value.map(Into::into), 3, false)
}
