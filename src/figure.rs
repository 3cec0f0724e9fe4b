//! The rounding of printed figures. Every average, share and change that tenken prints —
//! text, Markdown, CSV, JSON strings, workbooks, the interview — is rounded here, half up
//! (四捨五入) as the ministry's tables print them: item 19-3's share answering 2 is exactly
//! 114 / 1,824 = 6.25 % and is printed 6.3 (Rust's `{:.1}` would print 6.2: it rounds the
//! binary value, which for 6.25 is a tie it breaks to even).
//!
//! Figures computed from integer counts are kept exact ([`Ratio`]) until they are printed,
//! so a tie is a tie. Figures that come to tenken as decimals (the catalog's national
//! averages, an earlier aggregate's JSON) are [`Figure::Decimal`]: they are rounded from their
//! shortest decimal form, the digits the file wrote, not from the nearest binary value.
//!
//! Negative figures (a change, 向上値) round half away from zero, as a spreadsheet's ROUND
//! does: −0.0125 prints −0.013.

/// An exact rational number; the denominator is positive and the fraction reduced.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ratio {
    num: i128,
    den: i128,
}

fn gcd(mut a: i128, mut b: i128) -> i128 {
    a = a.abs();
    b = b.abs();
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

impl Ratio {
    /// `num / den`, or `None` when `den` is 0.
    pub(crate) fn new(num: i128, den: i128) -> Option<Ratio> {
        if den == 0 {
            return None;
        }
        let g = gcd(num, den).max(1);
        let sign = if den < 0 { -1 } else { 1 };
        Some(Ratio {
            num: sign * num / g,
            den: sign * den / g,
        })
    }

    /// `num / den` of counts, or `None` when nothing was counted.
    pub(crate) fn of_counts(num: u64, den: u64) -> Option<Ratio> {
        Ratio::new(i128::from(num), i128::from(den))
    }

    pub(crate) fn checked_add(self, other: Ratio) -> Option<Ratio> {
        let g = gcd(self.den, other.den);
        let lcm = (self.den / g).checked_mul(other.den)?;
        let a = self.num.checked_mul(lcm / self.den)?;
        let b = other.num.checked_mul(lcm / other.den)?;
        Ratio::new(a.checked_add(b)?, lcm)
    }

    pub(crate) fn checked_sub(self, other: Ratio) -> Option<Ratio> {
        self.checked_add(Ratio {
            num: other.num.checked_neg()?,
            den: other.den,
        })
    }

    /// This value divided by a count.
    pub(crate) fn checked_div_count(self, n: u64) -> Option<Ratio> {
        Ratio::new(self.num, self.den.checked_mul(i128::from(n))?)
    }

    pub(crate) fn to_f64(self) -> f64 {
        self.num as f64 / self.den as f64
    }

    /// The value times 10^decimals, rounded half away from zero, as a signed integer.
    fn scaled(self, decimals: u32) -> Option<i128> {
        let scale = 10i128.checked_pow(decimals)?;
        let twice = self.num.abs().checked_mul(scale)?.checked_mul(2)?;
        let q = (twice.checked_add(self.den)?) / (2 * self.den);
        Some(if self.num < 0 { -q } else { q })
    }
}

/// A figure to print.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Figure {
    /// Computed from counts: exact.
    Exact(Ratio),
    /// Read as a decimal number (a catalog's reference average, an earlier JSON output) or,
    /// where exact arithmetic would overflow, computed in floating point.
    Decimal(f64),
}

impl From<Ratio> for Figure {
    fn from(r: Ratio) -> Figure {
        Figure::Exact(r)
    }
}

impl From<f64> for Figure {
    fn from(v: f64) -> Figure {
        Figure::Decimal(v)
    }
}

impl Figure {
    pub(crate) fn to_f64(self) -> f64 {
        match self {
            Figure::Exact(r) => r.to_f64(),
            Figure::Decimal(v) => v,
        }
    }

    /// `self − other`, exact when both are.
    pub(crate) fn minus(self, other: Figure) -> Figure {
        match (self, other) {
            (Figure::Exact(a), Figure::Exact(b)) => a
                .checked_sub(b)
                .map_or(Figure::Decimal(a.to_f64() - b.to_f64()), Figure::Exact),
            (a, b) => Figure::Decimal(a.to_f64() - b.to_f64()),
        }
    }

    /// The mean of some figures, exact when all are and the arithmetic fits; `None` when
    /// there are none.
    pub(crate) fn mean(values: impl IntoIterator<Item = Figure>) -> Option<Figure> {
        let values: Vec<Figure> = values.into_iter().collect();
        if values.is_empty() {
            return None;
        }
        let exact = values
            .iter()
            .try_fold(Ratio { num: 0, den: 1 }, |acc, v| match v {
                Figure::Exact(r) => acc.checked_add(*r),
                Figure::Decimal(_) => None,
            });
        Some(
            match exact.and_then(|s| s.checked_div_count(values.len() as u64)) {
                Some(r) => Figure::Exact(r),
                None => Figure::Decimal(
                    values.iter().map(|v| v.to_f64()).sum::<f64>() / values.len() as f64,
                ),
            },
        )
    }

    /// The value rounded half up (away from zero) as a signed integer count of
    /// 10^−decimals, and whether the value is negative.
    fn rounded(self, decimals: u32) -> (bool, String) {
        match self {
            Figure::Exact(r) => match r.scaled(decimals) {
                Some(q) => (q < 0, q.unsigned_abs().to_string()),
                None => Figure::Decimal(r.to_f64()).rounded(decimals),
            },
            Figure::Decimal(v) => round_decimal(v, decimals),
        }
    }

    /// Fixed-point with `decimals` places, rounded half up: 6.25 → "6.3" with 1 place.
    pub(crate) fn fixed(self, decimals: u32) -> String {
        let (neg, digits) = self.rounded(decimals);
        let body = place_point(&digits, decimals);
        if neg && digits.bytes().any(|b| b != b'0') {
            format!("-{body}")
        } else {
            body
        }
    }

    /// Like [`Figure::fixed`] with the sign always shown: "+0.037", "-0.010", "+0.000".
    pub(crate) fn signed(self, decimals: u32) -> String {
        let s = self.fixed(decimals);
        if s.starts_with('-') {
            s
        } else {
            format!("+{s}")
        }
    }
}

/// Rounds the shortest decimal form of `v` (the digits a file wrote for it) half up.
fn round_decimal(v: f64, decimals: u32) -> (bool, String) {
    if !v.is_finite() {
        return (false, "0".repeat(decimals as usize + 1));
    }
    // A value written with at most `decimals` places (every figure of the report at its
    // printed precision) is that integer of 10^−decimals: no rounding happens, and the
    // shortest form need not be written out (an item's national figures are drawn on every
    // move). Its scaled value is then within far less than a millionth of the integer; a
    // value that rounds is at least a few thousandths of a unit away from one.
    if decimals <= 6 && v.abs() < 1e9 {
        let scaled = v.abs() * 10f64.powi(decimals as i32);
        let whole = scaled.round();
        if (scaled - whole).abs() < 1e-6 {
            return (v < 0.0, (whole as u64).to_string());
        }
    }
    round_slowly(v, decimals)
}

/// [`round_decimal`] from the shortest decimal form's digits.
fn round_slowly(v: f64, decimals: u32) -> (bool, String) {
    let text = format!("{}", v.abs());
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let d = decimals as usize;
    let mut digits: Vec<u8> = int.bytes().collect();
    let kept = frac.len().min(d);
    digits.extend(frac.bytes().take(kept));
    digits.extend(std::iter::repeat_n(b'0', d - kept));
    if frac.as_bytes().get(d).is_some_and(|b| *b >= b'5') {
        // Carry the increment through the digits.
        let mut i = digits.len();
        loop {
            if i == 0 {
                digits.insert(0, b'1');
                break;
            }
            i -= 1;
            if digits[i] == b'9' {
                digits[i] = b'0';
            } else {
                digits[i] += 1;
                break;
            }
        }
    }
    let s = String::from_utf8(digits).unwrap_or_default();
    let s = s.trim_start_matches('0');
    (v < 0.0, if s.is_empty() { "0".into() } else { s.into() })
}

/// Puts the decimal point `decimals` places from the right of a digit string.
fn place_point(digits: &str, decimals: u32) -> String {
    let d = decimals as usize;
    // Zeros in front to one digit before the point, then the point put in: an item's eight
    // national figures are written on every move, so no formatting machinery.
    let zeros = (d + 1).saturating_sub(digits.len());
    let mut out = String::with_capacity(zeros + digits.len() + 1);
    out.extend(std::iter::repeat_n('0', zeros));
    out.push_str(digits);
    if d > 0 {
        out.insert(out.len() - d, '.');
    }
    out
}

/// An average to print (3 decimals), 「-」 when there is none.
pub fn average<F: Into<Figure>>(v: Option<F>) -> String {
    v.map_or_else(|| "-".into(), |v| v.into().fixed(3))
}

/// A share in percent to print (1 decimal, no `%`), 「-」 when there is none.
pub(crate) fn share<F: Into<Figure>>(v: Option<F>) -> String {
    v.map_or_else(|| "-".into(), |v| v.into().fixed(1))
}

/// A count with thousands separators: 32767 → 「32,767」.
pub(crate) fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(5000))]
        /// The point is placed as formatting would place it: zeros in front to one digit
        /// before it.
        #[test]
        fn the_point_is_placed_as_formatting_places_it(digits in "[0-9]{1,9}", decimals in 0u32..7) {
            let d = decimals as usize;
            let padded = format!("{digits:0>w$}", w = d + 1);
            let expected = if d == 0 {
                padded
            } else {
                let (int, frac) = padded.split_at(padded.len() - d);
                format!("{int}.{frac}")
            };
            prop_assert_eq!(super::place_point(&digits, decimals), expected);
        }

        /// A value written with few places, and any value at all, rounds as its shortest
        /// decimal form's digits round.
        #[test]
        fn rounding_without_the_digits_is_rounding_with_them(
            units in -10_000_000i64..10_000_000,
            places in 0u32..7,
            decimals in 0u32..7,
            any in proptest::num::f64::NORMAL | proptest::num::f64::SUBNORMAL | proptest::num::f64::ZERO,
        ) {
            let written = units as f64 / 10f64.powi(places as i32);
            for v in [written, any, written + 0.5e-3, written - 0.5e-4] {
                prop_assert_eq!(round_decimal(v, decimals), round_slowly(v, decimals), "{}", v);
            }
        }
    }

    use super::*;

    #[test]
    fn counts_are_grouped_by_thousands() {
        let g: Vec<String> = [0, 999, 1_000, 32_767, 1_234_567].map(grouped).into();
        assert_eq!(g, ["0", "999", "1,000", "32,767", "1,234,567"]);
    }

    fn r(n: i128, d: i128) -> Figure {
        Ratio::new(n, d).unwrap().into()
    }

    #[test]
    fn ties_round_half_up() {
        // 19-3: 114 of 1,824 answered 2.
        assert_eq!(r(100 * 114, 1824).fixed(1), "6.3");
        assert_eq!(r(1, 8).fixed(2), "0.13");
        assert_eq!(r(2985, 1000).fixed(2), "2.99");
        assert_eq!(r(5, 2).fixed(0), "3");
        assert_eq!(r(2, 3).fixed(3), "0.667");
        assert_eq!(r(1, 3).fixed(3), "0.333");
        assert_eq!(r(3, 1).fixed(3), "3.000");
        assert_eq!(r(0, 7).fixed(1), "0.0");
    }

    #[test]
    fn negatives_round_away_from_zero_and_zero_has_no_sign() {
        assert_eq!(r(-125, 10000).fixed(3), "-0.013");
        assert_eq!(r(-1, 10000).fixed(3), "0.000");
        assert_eq!(r(-1, 10000).signed(3), "+0.000");
        assert_eq!(r(37, 1000).signed(3), "+0.037");
        assert_eq!(r(-1, 100).signed(3), "-0.010");
    }

    #[test]
    fn decimals_round_from_the_digits_written() {
        // 2.915 and 6.25 as binary floating point lie just below / on the tie.
        assert_eq!(Figure::from(2.915).fixed(2), "2.92");
        assert_eq!(Figure::from(6.25).fixed(1), "6.3");
        assert_eq!(Figure::from(0.045).fixed(2), "0.05");
        assert_eq!(Figure::from(9.9996).fixed(3), "10.000");
        assert_eq!(Figure::from(2.0).fixed(3), "2.000");
        assert_eq!(Figure::from(-0.0125).fixed(3), "-0.013");
        assert_eq!(Figure::from(1e-7).fixed(3), "0.000");
        assert_eq!(Figure::from(2.72).fixed(3), "2.720");
    }

    #[test]
    fn means_stay_exact() {
        let m = Figure::mean([r(1, 3), r(2, 3), r(3, 2)]).unwrap();
        assert_eq!(m, r(5, 6));
        assert_eq!(Figure::mean([]), None);
        // A mean whose exact value is a tie that floating point misses.
        let parts = [r(29845, 10000); 126];
        assert_eq!(Figure::mean(parts).unwrap().fixed(3), "2.985");
        assert_eq!(r(3, 1).minus(r(1, 3)), r(8, 3));
    }

    #[test]
    fn overflow_falls_back_to_floating_point() {
        let huge = Ratio::new(1, i128::MAX / 3).unwrap();
        let m = Figure::mean([huge.into(), r(1, 7), r(1, 11)]).unwrap();
        assert!(matches!(m, Figure::Decimal(_)));
        assert_eq!(m.fixed(3), "0.078");
    }
}
