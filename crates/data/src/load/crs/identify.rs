//! Identifies a WKT that names no EPSG code of its own (an ESRI `.prj`, a GeoPackage's
//! definition) with a code of EPSG's table, so that the datum shift EPSG knows for it applies
//! (Tokyo, MGI, NAD27, ED50 …) and the system is called by its code. A system is identified by
//! its well-known name (ESRI's "MGI_Austria_Lambert" is EPSG's "MGI / Austria Lambert") when
//! its parameters agree, else by its parameters alone: the same datum (by name), the same
//! ellipsoid, the same projection with the same parameters and unit. Both sides are compared as
//! PROJ parameters (proj4wkt for the file, EPSG's own PROJ strings for the table).

use std::sync::OnceLock;

/// How a WKT was matched with an EPSG code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum By {
    /// By its name; the file gives no parameters to check it with.
    Name,
    /// By its name, and its parameters agree.
    NameAndParameters,
    /// By its datum and projection parameters (its name is not EPSG's).
    Parameters,
}

/// A projection as PROJ parameters: the method, its numeric parameters and the unit.
#[derive(Debug, Clone, PartialEq)]
struct Projection {
    method: String,
    /// (parameter, value), sorted by parameter; defaults filled in.
    params: Vec<(&'static str, f64)>,
    /// Metres per unit of the coordinates.
    unit: f64,
    prime_meridian: Option<String>,
}

/// What one side of a comparison says about a system.
#[derive(Debug, Clone)]
struct Shape {
    name: String,
    datums: Vec<String>,
    /// Semi-major axis and inverse flattening of the WKT's SPHEROID.
    ellipsoid: Option<(f64, f64)>,
    projection: Option<Projection>,
}

const PARAMS: [&str; 11] = [
    "alpha", "gamma", "k", "lat_0", "lat_1", "lat_2", "lat_ts", "lon_0", "lonc", "x_0", "y_0",
];

/// Parses a PROJ string into a comparable projection (UTM as the Transverse Mercator it is).
fn projection(proj: &str) -> Option<Projection> {
    let mut method = None;
    let mut values: Vec<(&str, &str)> = Vec::new();
    let mut flags: Vec<&str> = Vec::new();
    for token in proj.split_whitespace() {
        let t = token.trim_start_matches('+');
        match t.split_once('=') {
            Some(("proj", m)) => method = Some(m.to_string()),
            Some((k, v)) => values.push((k, v)),
            None => flags.push(t),
        }
    }
    let mut method = method?;
    let get = |k: &str| values.iter().find(|(n, _)| *n == k).map(|(_, v)| *v);
    let num = |k: &str| get(k).and_then(|v| v.parse::<f64>().ok());
    let mut params: Vec<(&'static str, f64)> = PARAMS
        .iter()
        .filter_map(|&p| {
            let v = match p {
                "k" => num("k").or(num("k_0")),
                _ => num(p),
            };
            v.map(|v| (p, v))
        })
        .collect();
    let set = |params: &mut Vec<(&'static str, f64)>, k: &'static str, v: f64| {
        params.retain(|(n, _)| *n != k);
        params.push((k, v));
    };
    if method == "utm" {
        let zone: f64 = num("zone")?;
        method = "tmerc".into();
        let south = flags.contains(&"south");
        set(&mut params, "lon_0", zone * 6.0 - 183.0);
        set(&mut params, "k", 0.9996);
        set(&mut params, "x_0", 500_000.0);
        set(&mut params, "y_0", if south { 10_000_000.0 } else { 0.0 });
        set(&mut params, "lat_0", 0.0);
    }
    if method == "lcc" {
        // One standard parallel is the second as well; the two are an unordered pair.
        let lat_1 = num("lat_1");
        let lat_2 = num("lat_2").or(lat_1);
        if let (Some(a), Some(b)) = (lat_1, lat_2) {
            set(&mut params, "lat_1", a.max(b));
            set(&mut params, "lat_2", a.min(b));
        }
    }
    // PROJ's defaults, so that "k absent" equals "k=1".
    for (p, d) in [
        ("k", 1.0),
        ("lat_0", 0.0),
        ("lon_0", 0.0),
        ("x_0", 0.0),
        ("y_0", 0.0),
    ] {
        if !params.iter().any(|(n, _)| *n == p) {
            params.push((p, d));
        }
    }
    params.sort_by(|a, b| a.0.cmp(b.0));
    let unit = match (num("to_meter"), get("units")) {
        (Some(m), _) => m,
        (None, Some("us-ft")) => 1200.0 / 3937.0,
        (None, Some("ft")) => 0.3048,
        (None, Some("km")) => 1000.0,
        _ => 1.0,
    };
    Some(Projection {
        method,
        params,
        unit,
        prime_meridian: get("pm").map(str::to_string),
    })
}

fn same_projection(a: &Projection, b: &Projection) -> bool {
    let close = |p: &str, x: f64, y: f64| match p {
        // False easting and northing in metres: a centimetre (feet converted by proj4wkt).
        "x_0" | "y_0" => (x - y).abs() < 0.01,
        "k" => (x - y).abs() < 1e-9,
        // Angles in degrees: 1e-6° is about 0.1 m.
        _ => (x - y).abs() < 1e-6,
    };
    a.method == b.method
        && (a.unit - b.unit).abs() < 1e-9 * a.unit.max(b.unit)
        && a.prime_meridian == b.prime_meridian
        && a.params.len() == b.params.len()
        && a.params
            .iter()
            .zip(&b.params)
            .all(|((n, x), (m, y))| n == m && close(n, *x, *y))
}

/// A name as a comparable key: upper case, words joined by '_', the words "DATUM" and the
/// ESRI prefixes "D"/"GCS" left out, a year after a word shortened as EPSG writes it
/// ("NAD_1927" and "NAD27", "ETRS_1989" and "ETRS89", "WGS 84" and "WGS_1984" are one).
fn key(name: &str) -> String {
    let upper = name.to_uppercase();
    let words: Vec<&str> = upper
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty() && *w != "DATUM")
        .collect();
    let words = match words.first() {
        Some(&"D") | Some(&"GCS") => &words[1..],
        _ => &words[..],
    };
    let mut out: Vec<String> = Vec::new();
    for w in words {
        let digits = w.chars().all(|c| c.is_ascii_digit());
        let year = digits && w.len() == 4 && (w.starts_with("19") || w.starts_with("20"));
        let prev_word = out
            .last()
            .is_some_and(|p| p.chars().all(|c| c.is_ascii_alphabetic()));
        match out.last_mut() {
            Some(p) if prev_word && year => p.push_str(&w[2..]),
            Some(p) if prev_word && digits && w.len() == 2 => p.push_str(w),
            _ => out.push((*w).to_string()),
        }
    }
    out.join("_")
}

/// The first quoted name after a WKT keyword (`DATUM["…"`).
fn named(wkt: &str, keyword: &str) -> Option<String> {
    let upper = wkt.to_uppercase();
    let i = upper.find(&format!("{keyword}["))?;
    wkt[i..].split('"').nth(1).map(str::to_string)
}

/// `SPHEROID["name",a,rf` (or ELLIPSOID) → (a, rf).
pub(crate) fn spheroid(wkt: &str) -> Option<(f64, f64)> {
    let upper = wkt.to_uppercase();
    let i = upper
        .find("SPHEROID[")
        .or_else(|| upper.find("ELLIPSOID["))?;
    let rest = wkt[i..].split('"').nth(2)?;
    let mut nums = rest
        .trim_start_matches(',')
        .split([',', ']'])
        .map(|s| s.trim().parse::<f64>());
    Some((nums.next()?.ok()?, nums.next()?.ok()?))
}

fn shape(wkt: &str, proj: Option<&str>) -> Shape {
    let mut datums: Vec<String> = ["DATUM", "GEOGCS", "GEOGCRS", "BASEGEOGCRS"]
        .iter()
        .filter_map(|k| named(wkt, k))
        .map(|n| key(&n))
        .filter(|k| !k.is_empty())
        .collect();
    datums.dedup();
    Shape {
        name: key(wkt.split('"').nth(1).unwrap_or("")),
        datums,
        ellipsoid: spheroid(wkt),
        projection: proj.and_then(projection),
    }
}

fn same_datum(a: &Shape, b: &Shape) -> bool {
    let names = a.datums.iter().any(|d| b.datums.contains(d));
    let ellipsoid = match (a.ellipsoid, b.ellipsoid) {
        (Some((a1, f1)), Some((a2, f2))) => (a1 - a2).abs() < 0.01 && (f1 - f2).abs() < 1e-6,
        _ => true,
    };
    names && ellipsoid
}

/// EPSG's table of horizontal systems (no compound, vertical or geocentric ones), each
/// entry's shape computed once.
fn table() -> &'static [(u32, Shape)] {
    static TABLE: OnceLock<Vec<(u32, Shape)>> = OnceLock::new();
    TABLE.get_or_init(|| {
        (0..=u16::MAX)
            .filter_map(crs_definitions::from_code)
            .filter(|d| d.wkt.starts_with("PROJCS[") || d.wkt.starts_with("GEOGCS["))
            .map(|d| (u32::from(d.code), shape(d.wkt, Some(d.proj4))))
            .collect()
    })
}

/// The EPSG code a WKT without its own authority describes, and how that was found.
pub fn identify(wkt: &str) -> Option<(u32, By)> {
    let proj = proj4wkt::wkt_to_projstring(wkt).ok();
    let file = shape(wkt, proj.as_deref());
    let table = table();
    let agrees = |e: &Shape| {
        same_datum(&file, e)
            && match (&file.projection, &e.projection) {
                (Some(a), Some(b)) => same_projection(a, b),
                _ => false,
            }
    };
    // A name that is EPSG's: the parameters must agree when the file gives them.
    if !file.name.is_empty()
        && let Some((code, e)) = table.iter().find(|(_, e)| e.name == file.name)
    {
        match &file.projection {
            None => return Some((*code, By::Name)),
            Some(_) if agrees(e) => return Some((*code, By::NameAndParameters)),
            // The file defines something else under that name: its own definition decides.
            Some(_) => return None,
        }
    }
    // The lowest code among equals: EPSG's oldest, usually the one files mean.
    table
        .iter()
        .find(|(_, e)| agrees(e))
        .map(|(code, _)| (*code, By::Parameters))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_join_esri_and_epsg_spellings() {
        assert_eq!(key("NAD_1927_UTM_Zone_15N"), key("NAD27 / UTM zone 15N"));
        assert_eq!(
            key("D_North_American_1927"),
            key("North_American_Datum_1927")
        );
        assert_eq!(key("GCS_ETRS_1989"), key("ETRS89"));
        assert_eq!(key("MGI_Austria_Lambert"), key("MGI / Austria Lambert"));
        assert_ne!(
            key("MGI_Austria_Lambert"),
            key("MGI (Ferro) / Austria West Zone")
        );
        assert_eq!(
            spheroid(r#"SPHEROID["Bessel_1841",6377397.155,299.1528128]"#),
            Some((6377397.155, 299.1528128))
        );
    }

    #[test]
    fn utm_is_its_transverse_mercator() {
        let utm = projection("+proj=utm +zone=15 +datum=NAD27 +units=m").unwrap();
        let tm = projection(
            "+proj=tmerc +x_0=500000.0 +y_0=0.0 +lon_0=-93.0 +k=0.9996 +lat_0=0.0 +units=m",
        )
        .unwrap();
        assert!(same_projection(&utm, &tm));
        let other =
            projection("+proj=tmerc +x_0=500000.0 +lon_0=-87.0 +k=0.9996 +units=m").unwrap();
        assert!(!same_projection(&utm, &other));
    }
}
