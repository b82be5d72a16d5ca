//! Parsing numbers as German (and other) municipal exports write them: decimal comma or point,
//! thousands separators, `.707`-style fractions, and the usual symbols for "no value".

/// Which character separates the integer from the fractional part in a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DecimalSeparator {
    /// `1234.5`, `1,234.5`
    Point,
    /// `1234,5`, `1.234,5`
    Comma,
}

/// Result of reading one cell.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell {
    /// A finite number.
    Number(f64),
    /// Empty or one of the symbols statistics offices use for "no value".
    Missing,
    /// Text that is neither a number nor a missing-value symbol.
    Text,
}

/// Symbols that mean "no value" in German statistical tables: `.` (unknown or secret), `-`
/// (nothing), `x` (not applicable), `…` (not yet available), `/` (too uncertain), plus the
/// usual NA spellings.
const MISSING: &[&str] = &[
    "", ".", "-", "–", "—", "x", "X", "…", "...", "/", "NA", "N/A", "n/a", "na", "NaN", "nan",
    "null", "NULL", "k.A.", "k. A.", "*",
];

/// A number as text the way a CSV export writes it: whole numbers without ".0" (keys and
/// years stored as floats in DBF, SQLite or spreadsheets read as "2022", not "2022.0"),
/// others with all their digits and a decimal point.
pub fn plain_number(f: f64) -> String {
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

/// True when the trimmed cell is one of the missing-value symbols.
pub fn is_missing_symbol(s: &str) -> bool {
    MISSING.contains(&s.trim())
}

/// Reads one cell with the file's decimal separator.
pub fn parse_cell(raw: &str, decimal: DecimalSeparator) -> Cell {
    let s = raw.trim();
    if let Some(v) = parse_plain(s, decimal) {
        return Cell::Number(v);
    }
    if is_missing_symbol(s) {
        return Cell::Missing;
    }
    match parse_number(s, decimal) {
        Some(v) => Cell::Number(v),
        None => Cell::Text,
    }
}

/// Parses a number written with the given decimal separator. Accepts a leading sign, thousands
/// separators in proper groups of three (`1.234.567,8` or `1,234,567.8`, also spaces and
/// apostrophes), fractions without a leading zero (`.707`, `-,5`), exponents (`1.5e3`) and a
/// trailing `%`. Returns `None` for anything else, and never returns NaN or an infinity.
pub fn parse_number(raw: &str, decimal: DecimalSeparator) -> Option<f64> {
    if let Some(v) = parse_plain(raw.trim(), decimal) {
        return Some(v);
    }
    let mut s = raw.trim();
    if let Some(stripped) = s.strip_suffix('%') {
        s = stripped.trim_end();
    }
    if s.is_empty() {
        return None;
    }
    // Only these characters can appear in a number at all; rejects "inf", "NaN", "1a" early.
    if !s.chars().all(|c| {
        c.is_ascii_digit()
            || matches!(
                c,
                '.' | ',' | '-' | '+' | 'e' | 'E' | ' ' | '\'' | '\u{a0}' | '\u{202f}' | '−'
            )
    }) {
        return None;
    }
    let s = s.replace('−', "-");
    let (dec, thousands) = match decimal {
        DecimalSeparator::Point => ('.', ','),
        DecimalSeparator::Comma => (',', '.'),
    };
    let (sign, body) = match s.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", s.strip_prefix('+').unwrap_or(&s)),
    };
    // Split off an exponent before looking at separators.
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    let (int_part, frac_part) = match mantissa.rfind(dec) {
        Some(i) => (&mantissa[..i], Some(&mantissa[i + dec.len_utf8()..])),
        None => (mantissa, None),
    };
    // A lone "." in a decimal-comma file that is not a thousands group (".707", "0.5") is
    // read as a decimal point: exports mix conventions, and that reading is the only one.
    let (int_part, frac_part) = if frac_part.is_none() && decimal == DecimalSeparator::Comma {
        match split_foreign_point(int_part) {
            Some((i, f)) => (i, Some(f)),
            None => (int_part, None),
        }
    } else {
        (int_part, frac_part)
    };
    let int_digits = strip_thousands(int_part, thousands)?;
    let frac_digits = match frac_part {
        Some(f) if f.chars().all(|c| c.is_ascii_digit()) => f,
        Some(_) => return None,
        None => "",
    };
    if int_digits.is_empty() && frac_digits.is_empty() {
        return None;
    }
    let mut text = format!(
        "{sign}{}",
        if int_digits.is_empty() {
            "0"
        } else {
            &int_digits
        }
    );
    if !frac_digits.is_empty() {
        text.push('.');
        text.push_str(frac_digits);
    }
    if let Some(e) = exponent {
        let e = e.strip_prefix('+').unwrap_or(e);
        let digits = e.strip_prefix('-').unwrap_or(e);
        if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        text.push('e');
        text.push_str(e);
    }
    let v: f64 = text.parse().ok()?;
    v.is_finite().then_some(v)
}

/// The common case without allocating: an optional minus, digits, at most one decimal
/// separator of the file's kind with digits on both sides (`-12.5`, `1234,75`). Anything else
/// (groups, exponents, `.707`, symbols) returns `None` and takes the general path.
fn parse_plain(s: &str, decimal: DecimalSeparator) -> Option<f64> {
    let b = s.as_bytes();
    let digits = b.strip_prefix(b"-").unwrap_or(b);
    if digits.is_empty() || digits.len() > 30 || !digits[0].is_ascii_digit() {
        return None;
    }
    let sep = match decimal {
        DecimalSeparator::Point => b'.',
        DecimalSeparator::Comma => b',',
    };
    let mut seps = 0;
    for &c in digits {
        if c == sep {
            seps += 1;
        } else if !c.is_ascii_digit() {
            return None;
        }
    }
    if seps > 1 || digits.last() == Some(&sep) {
        return None;
    }
    if let Some(v) = exact_quotient(digits, sep) {
        return Some(if b.len() > digits.len() { -v } else { v });
    }
    // Thousands separators are the other character, so they never reach this point.
    let mut buf = [0u8; 32];
    buf[..b.len()].copy_from_slice(b);
    if seps == 1 {
        for c in &mut buf[..b.len()] {
            if *c == sep {
                *c = b'.';
            }
        }
    }
    let text = std::str::from_utf8(&buf[..b.len()]).ok()?;
    let v: f64 = text.parse().ok()?;
    v.is_finite().then_some(v)
}

/// Digits with at most one separator `sep` (checked by the caller) as the quotient of two
/// doubles that hold them exactly — the digits as an integer below 2⁵³ and the power of ten
/// of the fraction's length, at most 10²² — which IEEE division rounds once, correctly: the
/// value the standard parser gives (its own fast path), without copying the text for it.
/// None where the digits are too many for that (the caller parses them then).
fn exact_quotient(digits: &[u8], sep: u8) -> Option<f64> {
    if digits.len() > 16 {
        return None;
    }
    let (mut m, mut frac) = (0u64, None);
    for (i, &c) in digits.iter().enumerate() {
        if c == sep {
            frac = Some(digits.len() - i - 1);
        } else {
            m = m * 10 + u64::from(c - b'0');
        }
    }
    if m >= 1 << 53 {
        return None;
    }
    Some(m as f64 / POW10[frac.unwrap_or(0)])
}

/// One look at a trimmed cell that may be a plain number — an optional minus, digits, at most
/// one `.` or `,` with digits on both sides (`-12`, `3.5`, `0,25`, `1.234`): where its
/// separator is, and its digits as an integer where they are few enough for
/// [`exact_quotient`]. The table's survey takes its shape from this look and the fill its
/// value, rather than scanning the cell again.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Plain {
    /// The digits as an integer, when there are at most 16 bytes and it is below 2⁵³;
    /// [`NO_MANTISSA`] otherwise.
    mantissa: u64,
    /// The rest in one word: the bytes after the minus (digits and the separator, bits
    /// 0–15, never 0), the separator's place among them (16–31), the separator (32–39, 0 for
    /// none), the minus (bit 40) and whether the part before the separator is a lone `0`
    /// (bit 41). Two whole words: the survey copies each cell's look into its column, and a
    /// struct of bytes and flags was stored piecewise and read back as a word, which the
    /// processor cannot forward (a seventh of `Survey::data_row`'s samples in the profile).
    meta: std::num::NonZeroU64,
}

const NO_MANTISSA: u64 = u64::MAX;
const NEG: u64 = 1 << 40;
const ZERO_HEAD: u64 = 1 << 41;

impl Plain {
    /// `s` read as a plain number, or None (also for cells over 65 535 bytes, which take the
    /// general way).
    pub fn of(s: &str) -> Option<Plain> {
        let b = s.as_bytes();
        let neg = b.first() == Some(&b'-');
        let digits = if neg { &b[1..] } else { b };
        let mut sep = None;
        let mut m = 0u64;
        for (i, &c) in digits.iter().enumerate() {
            match c {
                b'0'..=b'9' => m = m.wrapping_mul(10).wrapping_add(u64::from(c - b'0')),
                b'.' | b',' if sep.is_none() => sep = Some((i, c)),
                _ => return None,
            }
        }
        let len = digits.len();
        match sep {
            None if len == 0 => return None,
            Some((at, _)) if at == 0 || at + 1 == len => return None,
            _ if len > usize::from(u16::MAX) => return None,
            _ => {}
        }
        let (at, c) = sep.unwrap_or((0, 0));
        let zero_head = at == 1 && digits[0] == b'0';
        let meta = len as u64
            | (at as u64) << 16
            | u64::from(c) << 32
            | if neg { NEG } else { 0 }
            | if zero_head { ZERO_HEAD } else { 0 };
        Some(Plain {
            // At most 16 bytes: at most 16 digits, which do not wrap a u64.
            mantissa: if len <= 16 && m < 1 << 53 {
                m
            } else {
                NO_MANTISSA
            },
            meta: std::num::NonZeroU64::new(meta)?,
        })
    }

    fn len(&self) -> usize {
        (self.meta.get() & 0xffff) as usize
    }

    /// The separator and its place.
    fn sep(&self) -> Option<(usize, u8)> {
        let m = self.meta.get();
        let c = (m >> 32) as u8;
        (c != 0).then_some((((m >> 16) & 0xffff) as usize, c))
    }

    /// The evidence for the decimal mark (as [`crate::load::decimal::shape`] gives it).
    pub fn shape(&self) -> crate::load::decimal::Shape {
        use crate::load::decimal::Shape;
        let Some((at, c)) = self.sep() else {
            return Shape::Neutral;
        };
        let zero_head = self.meta.get() & ZERO_HEAD != 0;
        let group = at <= 3 && !zero_head && self.len() - at - 1 == 3;
        match (group, c) {
            (true, _) => Shape::Ambiguous,
            (false, b'.') => Shape::Point,
            (false, _) => Shape::Comma,
        }
    }

    /// The value [`parse_cell`] gives the cell with `decimal`, when it is the exact quotient
    /// of its digits; None when the cell takes another way there (a separator of the other
    /// kind: a thousands group or a foreign decimal point; too many digits).
    pub fn value(&self, decimal: DecimalSeparator) -> Option<f64> {
        let mine = match decimal {
            DecimalSeparator::Point => b'.',
            DecimalSeparator::Comma => b',',
        };
        let frac = match self.sep() {
            Some((at, c)) if c == mine => self.len() - at - 1,
            Some(_) => return None,
            None => 0,
        };
        if self.mantissa == NO_MANTISSA {
            return None;
        }
        let v = self.mantissa as f64 / POW10[frac];
        Some(if self.meta.get() & NEG != 0 { -v } else { v })
    }
}

/// Powers of ten that are exact doubles.
const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// In a decimal-comma file, `"0.5"` or `".707"` has a point that cannot be a thousands
/// separator (not followed by exactly three digits after a 1–3 digit head); split it there.
fn split_foreign_point(s: &str) -> Option<(&str, &str)> {
    let i = s.find('.')?;
    if s[i + 1..].contains('.') {
        return None; // several points: thousands groups or garbage, decided by strip_thousands
    }
    let (head, tail) = (&s[..i], &s[i + 1..]);
    let is_group = (1..=3).contains(&head.len()) && tail.len() == 3;
    (!is_group).then_some((head, tail))
}

/// Removes thousands separators when they form proper groups of three; `None` when the integer
/// part has misplaced separators or other characters.
fn strip_thousands(s: &str, sep: char) -> Option<String> {
    let groups: Vec<&str> = s.split([sep, ' ', '\'', '\u{a0}', '\u{202f}']).collect();
    if groups.len() > 1 {
        let head_ok = (1..=3).contains(&groups[0].len());
        let rest_ok = groups[1..].iter().all(|g| g.len() == 3);
        if !head_ok || !rest_ok {
            return None;
        }
    }
    let digits: String = groups.concat();
    digits.chars().all(|c| c.is_ascii_digit()).then_some(digits)
}

#[cfg(test)]
mod tests {
    use super::*;
    use DecimalSeparator::*;

    /// A number as text: a minus or not, 1 to `max_len` digits, and one of `seps` among them
    /// (none when its place falls at either end).
    fn random_number(next: &mut impl FnMut() -> u64, max_len: u64, seps: [char; 2]) -> String {
        let r = next();
        let len = 1 + (r % max_len) as usize;
        let digits: String = (0..len)
            .map(|i| char::from(b'0' + (next() >> (i % 7)) as u8 % 10))
            .collect();
        let at = (r >> 8) as usize % (len + 1);
        let mut s = String::from(if r & 1 << 40 != 0 { "-" } else { "" });
        s.push_str(&digits[..at]);
        if at > 0 && at < len {
            s.push(seps[(r >> 41) as usize & 1]);
        }
        s.push_str(&digits[at..]);
        s
    }

    /// Random numbers for the tests' cells (xorshift64), the same on every run.
    fn xorshift(mut x: u64) -> impl FnMut() -> u64 {
        move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        }
    }

    #[test]
    fn the_exact_quotient_is_what_the_standard_parser_gives() {
        // Short and long mantissas, up to 16 digits (the limit), fractions of every length,
        // leading zeros, negative zero: bit for bit the same as `str::parse`.
        let mut next = xorshift(0x2545_f491_4f6c_dd1du64);
        let mut cases: Vec<String> = [
            "0",
            "-0",
            "0.0",
            "-0.0",
            "0.1",
            "0.3",
            "34.32",
            "9007199254740991",
            "9007199254740993",
            "900719925474099.3",
            "1.7976931348623157",
            "0000012.5000",
            "123456789012345.6",
            "0.000000000000001",
        ]
        .map(String::from)
        .to_vec();
        for _ in 0..200_000 {
            cases.push(random_number(&mut next, 16, ['.', '.']));
        }
        let mut quotients = 0;
        for s in &cases {
            let want: f64 = s.parse().unwrap();
            let got = parse_plain(s, Point).unwrap();
            assert_eq!(got.to_bits(), want.to_bits(), "{s}");
            let comma = s.replace('.', ",");
            assert_eq!(
                parse_plain(&comma, Comma).unwrap().to_bits(),
                want.to_bits(),
                "{comma}"
            );
            let digits = s.strip_prefix('-').unwrap_or(s).as_bytes();
            quotients += usize::from(exact_quotient(digits, b'.').is_some());
        }
        // Nearly all take the quotient (else this compares the parser with itself); the
        // 16-digit ones at or above 2^53 do not.
        assert!(
            quotients * 10 > cases.len() * 9,
            "{quotients} of {}",
            cases.len()
        );
        assert_eq!(exact_quotient(b"9007199254740992", b'.'), None);
        assert_eq!(exact_quotient(b"12345678901234567", b'.'), None);
    }

    #[test]
    fn a_plain_look_gives_the_value_and_shape_of_the_full_reading() {
        // Cells as tables write them — integers, one separator of either kind (decimal or
        // thousands), leading zeros, minus zero, 1 to 18 digits — read with both decimal
        // marks: where the one look gives a value it is parse_cell's to the bit, and its shape
        // is the evidence `decimal::shape` finds.
        let mut next = xorshift(0x9e37_79b9_7f4a_7c15u64);
        let mut cases: Vec<String> = ["0", "-0", "-0,0", "1.234", "0.500", "12,750", "999.999"]
            .map(String::from)
            .to_vec();
        for _ in 0..100_000 {
            cases.push(random_number(&mut next, 18, ['.', ',']));
        }
        let mut fast = 0;
        for s in &cases {
            let p = Plain::of(s).unwrap();
            assert_eq!(p.shape(), crate::load::decimal::shape(s), "{s}");
            for dec in [Point, Comma] {
                let full = parse_cell(s, dec);
                if let Some(v) = p.value(dec) {
                    fast += 1;
                    let Cell::Number(w) = full else {
                        panic!("{s} {dec:?}: {full:?}")
                    };
                    assert_eq!(v.to_bits(), w.to_bits(), "{s} {dec:?}");
                }
            }
        }
        // Most take the one look (else this compares little); groups of the other mark,
        // 17 digits and more do not.
        assert!(fast * 2 > cases.len(), "{fast} of {}", 2 * cases.len());
        assert_eq!(Plain::of("1.234").unwrap().value(Comma), None);
        assert_eq!(Plain::of("1.234").unwrap().value(Point), Some(1.234));
        for s in [
            "", "-", ".5", "5.", "1.2.3", "1,2.3", "+1", "1e5", " 1", "x",
        ] {
            assert_eq!(Plain::of(s), None, "{s:?}");
        }
        // The longest cell one look takes, and one beyond it (which takes the general way).
        let longest = format!("{}.5", "1".repeat(65_533));
        let p = Plain::of(&longest).unwrap();
        assert_eq!(p.shape(), crate::load::decimal::shape(&longest));
        assert_eq!(p.value(Point), None);
        assert_eq!(Plain::of(&format!("{longest}5")), None);
    }

    #[test]
    fn german_numbers() {
        assert_eq!(parse_number("1.234,5", Comma), Some(1234.5));
        assert_eq!(parse_number("1.234.567", Comma), Some(1_234_567.0));
        assert_eq!(parse_number("12,5", Comma), Some(12.5));
        assert_eq!(parse_number("-0,25", Comma), Some(-0.25));
        assert_eq!(parse_number(",5", Comma), Some(0.5));
        assert_eq!(parse_number("1 234,5", Comma), Some(1234.5));
        assert_eq!(parse_number("12,5 %", Comma), Some(12.5));
        // A point that cannot be a thousands group is a decimal point even in a comma file.
        assert_eq!(parse_number(".707", Comma), Some(0.707));
        assert_eq!(parse_number("0.5", Comma), Some(0.5));
        assert_eq!(parse_number("1.234", Comma), Some(1234.0));
    }

    #[test]
    fn point_numbers() {
        assert_eq!(parse_number(".70700312", Point), Some(0.70700312));
        assert_eq!(parse_number("-.0558", Point), Some(-0.0558));
        assert_eq!(parse_number("1,234.5", Point), Some(1234.5));
        assert_eq!(parse_number("1e3", Point), Some(1000.0));
        assert_eq!(parse_number("+7", Point), Some(7.0));
        assert_eq!(parse_number("−3.5", Point), Some(-3.5));
    }

    #[test]
    fn rejects_non_numbers() {
        for s in [
            "abc", "1,23,4", "12.34.5", "inf", "NaN", "1e", "1e400", "--1", "1-2", "0101a",
        ] {
            assert_eq!(parse_number(s, Point), None, "{s}");
        }
        assert_eq!(parse_number("1,23,4", Comma), None);
        assert_eq!(parse_number("12.34,5", Comma), None);
    }

    #[test]
    fn missing_symbols() {
        for s in ["", " ", ".", "-", "x", "NA", "…", "k.A."] {
            assert_eq!(parse_cell(s, Comma), Cell::Missing, "{s:?}");
        }
        assert_eq!(parse_cell("Mitte", Comma), Cell::Text);
    }
}
