//! Numbers for SVG attributes, written without the standard library's float formatting.
//!
//! `f64`'s `Display` and `{:.1}` bring Grisu, Dragon4 and their tables into the wasm (~10 KB);
//! the charts and the map need no more than a hundredth of a unit, which integer formatting
//! writes just as well.

/// `value` rounded to `places` decimals (at most 6), without trailing zeros: `fixed(12.34, 1)` is
/// `12.3`, `fixed(17.0, 1)` is `17`. Values beyond ±2⁶³ / 10^places saturate; NaN is `0`.
pub fn fixed(value: f64, places: u32) -> String {
    let places = places.min(6);
    let scale = 10_u64.pow(places);
    // `floor` is one wasm instruction; `as` saturates and maps NaN to 0.
    let t = (value * scale as f64 + 0.5).floor() as i64;
    let (whole, frac) = (t.unsigned_abs() / scale, t.unsigned_abs() % scale);
    let mut out = String::new();
    if t < 0 {
        out.push('-');
    }
    out.push_str(&whole.to_string());
    if frac != 0 {
        let digits = frac.to_string();
        out.push('.');
        for _ in digits.len()..places as usize {
            out.push('0');
        }
        out.push_str(digits.trim_end_matches('0'));
    }
    out
}

/// `value` rounded to the nearest tenth: see [`fixed`].
pub fn tenths(value: f64) -> String {
    fixed(value, 1)
}

#[cfg(test)]
mod tests {
    use super::{fixed, tenths};

    #[test]
    fn writes_tenths() {
        for (value, text) in [
            (0.0, "0"),
            (17.0, "17"),
            (12.34, "12.3"),
            (12.35, "12.4"),
            (0.96, "1"),
            (-0.3, "-0.3"),
            (-1.0, "-1"),
            (-12.34, "-12.3"),
            (-0.04, "0"),
            (990.4, "990.4"),
            (f64::NAN, "0"),
        ] {
            assert_eq!(tenths(value), text, "{value}");
        }
    }

    #[test]
    fn writes_more_places() {
        assert_eq!(fixed(0.155, 2), "0.16");
        assert_eq!(fixed(0.0512, 2), "0.05");
        assert_eq!(fixed(-3.104, 2), "-3.1");
        assert_eq!(fixed(2.5, 0), "3");
        assert_eq!(fixed(1.000_01, 3), "1");
    }

    #[test]
    fn agrees_with_float_formatting_away_from_ties() {
        for i in -20_000..20_000 {
            let v = i as f64 * 0.0137 + 0.001;
            for places in [1_u32, 2] {
                let scaled = v * 10_f64.powi(places as i32);
                if (scaled - scaled.floor() - 0.5).abs() < 1e-6 {
                    continue;
                }
                let expected = format!("{v:.*}", places as usize);
                let expected = expected.trim_end_matches('0').trim_end_matches('.');
                let expected = if expected == "-0" { "0" } else { expected };
                assert_eq!(fixed(v, places), expected, "{v}");
            }
        }
    }
}
