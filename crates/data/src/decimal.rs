//! Numbers written as text quickly and exactly as Rust's `{}` writes them: the shortest digits
//! that read back as the same number, without an exponent. The files the program makes (the
//! boundaries of an aggregate, …) are compared byte for byte across versions, so the faster
//! formatter (zmij, the Schubfach algorithm serde_json uses) only chooses the digits; the
//! layout stays std's.

/// Appends `v` as `format!("{v}")` would.
pub fn push_f64(out: &mut String, v: f64) {
    let mut buffer = zmij::Buffer::new();
    // zmij writes the same shortest digits as std, but whole numbers as "2.0" and very small
    // or large ones with an exponent ("1e-7"); std writes "2" and "0.0000001".
    let text = buffer.format(v);
    if text.contains('e') || !digits_are_unique(v) {
        use std::fmt::Write;
        let _ = write!(out, "{v}");
    } else {
        out.push_str(text.strip_suffix(".0").unwrap_or(text));
    }
}

/// True when only one shortest decimal reads back as `v`, so zmij and std cannot choose
/// differently.
///
/// Two shortest candidates of n digits tie only when `v`'s exact decimal expansion has n + 1
/// significant digits, the last a 5 (1125899906842624.25: std writes "…624.3", zmij "…624.2");
/// n is at least 16 (up to 15 digits, two decimals lie further apart than a double's rounding
/// interval is wide), so the expansion has 17 or 18 digits. The other way to differ, a
/// candidate exactly on the boundary of the rounding interval, needs a boundary with at most
/// 17 digits, which only numbers of 2²⁹ and more have. Coordinates never come near either.
fn digits_are_unique(v: f64) -> bool {
    if !v.is_finite() || v.abs() >= (1u64 << 29) as f64 {
        return false;
    }
    let bits = v.to_bits();
    let (exponent, fraction) = (((bits >> 52) & 0x7ff) as i64, bits & ((1u64 << 52) - 1));
    let (mut m, mut e) = if exponent == 0 {
        (fraction, -1074)
    } else {
        (fraction | (1u64 << 52), exponent - 1075)
    };
    if m == 0 {
        return true;
    }
    let zeros = m.trailing_zeros();
    m >>= zeros;
    e += i64::from(zeros);
    // v = m / 2^k with m odd: its expansion is m·5^k / 10^k, of digits(m·5^k) significant
    // digits (odd, so no trailing zero). Below 2²⁹ a whole number has at most 9.
    let k = -e;
    if k <= 0 {
        return true;
    }
    // 5^27 > 10^18: m·5^k has at least 19 digits.
    if k > 26 {
        return true;
    }
    let expansion = u128::from(m) * 5u128.pow(k as u32);
    let digits = expansion.ilog10() + 1;
    !(17..=18).contains(&digits)
}

#[cfg(test)]
mod tests {
    use super::push_f64;

    fn both(v: f64) {
        let mut s = String::new();
        push_f64(&mut s, v);
        assert_eq!(s, format!("{v}"), "bits {:#x}", v.to_bits());
    }

    #[test]
    fn writes_what_std_writes() {
        for v in [
            0.0,
            -0.0,
            1.0,
            -1.0,
            2.5,
            13.004,
            52.000520,
            0.1,
            0.3,
            1e-5,
            1e-6,
            1e-7,
            123456.0,
            1e15,
            1e16,
            1e17,
            1e21,
            1e22,
            1e300,
            5e-324,
            f64::MAX,
            f64::MIN_POSITIVE,
            f64::EPSILON,
            9007199254740993.0,
            0.000_123_456_789,
            5.444310685350916e14,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ] {
            both(v);
        }
        // Every binary exponent, and a pseudo-random walk over all bit patterns (a fixed
        // linear congruential sequence: the same values on every run).
        for e in 0..2047u64 {
            both(f64::from_bits(e << 52));
            both(f64::from_bits((e << 52) | 1));
            both(f64::from_bits((e << 52) | 0x000f_ffff_ffff_ffff));
        }
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..200_000 {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            both(f64::from_bits(x));
        }
        // Numbers of few binary fractional digits, where shortest candidates can tie.
        for k in 0..64u32 {
            for _ in 0..20_000 {
                x = x
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                let m = (x >> 11) as f64;
                both(m / 2f64.powi(k as i32));
                both(((x >> 11) | 1) as f64 / 2f64.powi(k as i32));
            }
        }
        // 2⁵⁰ + 0.25, the tie named in `digits_are_unique`.
        both(f64::from_bits(0x4310_0000_0000_0001));
        // Coordinates as boundary files hold them: degrees with 6 to 15 decimals.
        for i in 0..200_000u32 {
            let lon = 13.0 + f64::from(i) * 1.234_567_891_234e-6;
            let lat = 52.5 - f64::from(i) * 7.654_321e-7;
            both(lon);
            both(lat);
            both((lon * 1e6).round() / 1e6);
        }
    }
}
