//! Coordinate systems beyond the built-in German ones: any EPSG code through the
//! `crs-definitions` table (EPSG's own PROJ strings), any WKT — a shapefile's `.prj`, a
//! GeoPackage's `gpkg_spatial_ref_sys` — through `proj4wkt`, and the datum shift to WGS84
//! each needs. proj4rs knows some datums only as grid files (NAD27) that are not here, and
//! proj4wkt maps no datum names (an ESRI `D_North_American_1927` carries no shift at all):
//! known datums get the Helmert shift EPSG publishes; others are loaded unshifted, and the
//! note says so.

use super::crs::identify::By;
use super::msg::LoadMsg;
use std::sync::Mutex;

/// How a system's coordinates reach WGS84.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Shift {
    /// WGS84 itself or a datum within a metre of it (ETRS89, NAD83, GRS80 with zero shift).
    None,
    /// A seven- or three-parameter shift, named as EPSG names it.
    Helmert(String),
    /// No shift is known: coordinates are used on the WGS84 datum as they are.
    Unknown(String),
}

/// A coordinate system defined by EPSG's table or by a WKT text.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Definition {
    pub name: String,
    pub code: Option<u32>,
    /// For proj4rs, with the datum shift where one is known.
    pub proj: String,
    pub geographic: bool,
    pub shift: Shift,
    /// The WKT a custom system came from (to store it again).
    pub wkt: Option<String>,
    /// The name a file gave a system that was identified as this EPSG code, and how.
    pub identified: Option<(String, By)>,
}

/// Definitions are few per run and live as long as the program (a `Crs` is `Copy`): each
/// distinct one is kept once.
static REGISTRY: Mutex<Vec<&'static Definition>> = Mutex::new(Vec::new());

fn intern(d: Definition) -> &'static Definition {
    let mut reg = REGISTRY.lock().unwrap_or_else(|p| p.into_inner());
    if let Some(found) = reg.iter().find(|x| ***x == d) {
        return found;
    }
    let leaked: &'static Definition = Box::leak(Box::new(d));
    reg.push(leaked);
    leaked
}

/// Datums whose shift to WGS84 is known, by the names WKT and PROJ give them: (name
/// fragments, PROJ ellipsoid and shift, what the shift is).
const DATUMS: &[(&[&str], &str, &str)] = &[
    (
        &[
            "NORTH_AMERICAN_1927",
            "NORTH_AMERICAN_DATUM_1927",
            "NAD27",
            "NAD_1927",
        ],
        "+ellps=clrk66 +towgs84=-8,160,176,0,0,0,0",
        "NAD27 to WGS 84 (4), EPSG:1173 (contiguous US, ±10 m)",
    ),
    (
        &["DEUTSCHES_HAUPTDREIECKSNETZ", "DHDN", "POTSDAM"],
        "+ellps=bessel +towgs84=598.1,73.7,418.2,0.202,0.045,-2.455,6.7",
        "DHDN to WGS 84 (2), EPSG:1777 (Germany, 1–3 m)",
    ),
];

/// Datums within about a metre of WGS84.
const WGS84_LIKE: &[&str] = &[
    "WGS_1984",
    "WGS84",
    "WORLD_GEODETIC_SYSTEM_1984",
    "ETRS_1989",
    "ETRS89",
    "EUROPEAN_TERRESTRIAL_REFERENCE_SYSTEM_1989",
    "NORTH_AMERICAN_1983",
    "NORTH_AMERICAN_DATUM_1983",
    "NAD83",
    "GDA2020",
];

fn norm(s: &str) -> String {
    s.to_uppercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect()
}

/// The datum name of a WKT (`DATUM["…"`), normalised.
fn wkt_datum(wkt: &str) -> Option<String> {
    let upper = wkt.to_uppercase();
    let i = upper.find("DATUM[")?;
    let name = wkt[i..].split('"').nth(1)?;
    Some(norm(name))
}

/// The `TOWGS84[…]` of a WKT's datum, as PROJ writes it ("577.326,90.129,…").
fn wkt_towgs84(wkt: &str) -> Option<String> {
    let upper = wkt.to_uppercase();
    let i = upper.find("TOWGS84[")? + "TOWGS84[".len();
    let body = &wkt[i..i + wkt[i..].find(']')?];
    let values: Vec<&str> = body.split(',').map(str::trim).collect();
    let numeric = values.iter().all(|v| v.parse::<f64>().is_ok());
    (numeric && matches!(values.len(), 3 | 7)).then(|| values.join(","))
}

/// `SPHEROID["…",a,rf` of a WKT as PROJ parameters.
fn wkt_ellipsoid(wkt: &str) -> Option<String> {
    let (a, rf) = super::crs::identify::spheroid(wkt)?;
    Some(if rf == 0.0 {
        format!("+a={a} +b={a}")
    } else {
        format!("+a={a} +rf={rf}")
    })
}

/// A datum shift as a reader is told it: the seven (or three) TOWGS84 parameters.
fn towgs84_label(values: &str) -> String {
    format!("TOWGS84[{values}]")
}

/// The PROJ parameters that describe the datum (replaced when the shift is set explicitly).
fn without_datum(proj: &str) -> Vec<&str> {
    proj.split_whitespace()
        .filter(|t| {
            ![
                "+datum=",
                "+ellps=",
                "+a=",
                "+b=",
                "+rf=",
                "+nadgrids=",
                "+towgs84=",
            ]
            .iter()
            .any(|p| t.starts_with(p))
        })
        .collect()
}

/// Adds the datum shift to a PROJ string that has none: from the WKT's own TOWGS84 (EPSG's
/// table gives one for MGI, which its PROJ string names only as a datum), else from the
/// datum's name.
fn with_shift(proj: &str, datum: Option<&str>, wkt: Option<&str>) -> (String, Shift) {
    let zero = |values: &str| values.split(',').all(|v| v.parse::<f64>() == Ok(0.0));
    if let Some(values) = proj
        .split_whitespace()
        .find_map(|t| t.strip_prefix("+towgs84="))
    {
        let shift = if zero(values) {
            Shift::None
        } else {
            Shift::Helmert(towgs84_label(values))
        };
        return (proj.to_string(), shift);
    }
    let datum_param = proj
        .split_whitespace()
        .find_map(|t| t.strip_prefix("+datum="))
        .map(norm);
    let name = datum_param
        .clone()
        .or(datum.map(str::to_string))
        .unwrap_or_default();
    if name == "WGS84" || WGS84_LIKE.iter().any(|w| name.contains(w)) {
        return (proj.to_string(), Shift::None);
    }
    if let Some((_, params, what)) = DATUMS
        .iter()
        .find(|(names, _, _)| names.iter().any(|n| name.contains(n)))
    {
        // The ellipsoid and shift replace what the definition says of the datum (proj4rs
        // knows NAD27 only as grid files, which are not here).
        let rest = without_datum(proj);
        return (
            format!("{} {params}", rest.join(" ")),
            Shift::Helmert((*what).to_string()),
        );
    }
    if let Some((values, ellipsoid)) = wkt.and_then(|w| Some((wkt_towgs84(w)?, wkt_ellipsoid(w)?)))
    {
        let proj = format!(
            "{} {ellipsoid} +towgs84={values}",
            without_datum(proj).join(" ")
        );
        let shift = if zero(&values) {
            Shift::None
        } else {
            Shift::Helmert(towgs84_label(&values))
        };
        return (proj, shift);
    }
    // Grid shifts are not available: leave them out rather than fail.
    let rest: Vec<&str> = proj
        .split_whitespace()
        .filter(|t| !t.starts_with("+nadgrids=") || *t == "+nadgrids=@null")
        .collect();
    let label = if name.is_empty() {
        "unnamed".to_string()
    } else {
        name
    };
    (rest.join(" "), Shift::Unknown(label))
}

/// The name in a WKT (its first quoted string).
fn wkt_name(wkt: &str) -> String {
    wkt.split('"')
        .nth(1)
        .unwrap_or(wkt.trim())
        .chars()
        .take(80)
        .collect()
}

fn is_geographic(proj: &str) -> bool {
    proj.split_whitespace().any(|t| {
        matches!(
            t,
            "+proj=longlat" | "+proj=latlong" | "+proj=lonlat" | "+proj=latlon"
        )
    })
}

/// Checks that proj4rs can use the definition.
fn usable(proj: &str) -> Result<(), String> {
    proj4rs::Proj::from_proj_string(proj)
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// EPSG's definition of `code`, if the table has it and proj4rs can use it.
pub fn from_epsg(code: u32) -> Option<&'static Definition> {
    let def = crs_definitions::from_code(u16::try_from(code).ok()?)?;
    let (proj, shift) = with_shift(def.proj4, wkt_datum(def.wkt).as_deref(), Some(def.wkt));
    usable(&proj).ok()?;
    Some(intern(Definition {
        name: wkt_name(def.wkt),
        code: Some(code),
        geographic: is_geographic(&proj),
        proj,
        shift,
        wkt: None,
        identified: None,
    }))
}

/// EPSG's definition of `code`, remembering that a file called it `from` and how it was
/// identified (said to the reader: the identification is a decision the file did not make).
pub fn identified(code: u32, from: &str, by: By) -> Option<&'static Definition> {
    let def = from_epsg(code)?;
    Some(intern(Definition {
        identified: Some((from.to_string(), by)),
        ..def.clone()
    }))
}

/// A WKT definition without an EPSG authority (custom `.prj`, GeoPackage definitions).
pub fn from_wkt(wkt: &str) -> Result<&'static Definition, LoadMsg> {
    let name = wkt_name(wkt);
    let proj = proj4wkt::wkt_to_projstring(wkt).map_err(|e| LoadMsg::CrsUnreadable {
        name: name.clone(),
        detail: e.to_string(),
    })?;
    let (proj, shift) = with_shift(&proj, wkt_datum(wkt).as_deref(), Some(wkt));
    usable(&proj).map_err(|e| LoadMsg::CrsUnusable {
        name: name.clone(),
        detail: e.to_string(),
    })?;
    Ok(intern(Definition {
        name,
        code: None,
        geographic: is_geographic(&proj),
        proj,
        shift,
        wkt: Some(wkt.trim().to_string()),
        identified: None,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epsg_table_and_shifts() {
        let laea = from_epsg(3035).unwrap();
        assert!(!laea.geographic);
        assert_eq!(laea.shift, Shift::None);
        assert!(laea.name.contains("LAEA"), "{}", laea.name);
        let nad27 = from_epsg(4267).unwrap();
        assert!(nad27.geographic);
        assert!(matches!(nad27.shift, Shift::Helmert(ref s) if s.contains("1173")));
        let dhdn = from_epsg(4314).unwrap();
        assert!(matches!(dhdn.shift, Shift::Helmert(ref s) if s.contains("1777")));
        assert_eq!(from_epsg(4258).unwrap().shift, Shift::None);
        assert!(from_epsg(1).is_none());
        // Interned: the same definition twice is one.
        assert!(std::ptr::eq(from_epsg(3035).unwrap(), laea));
    }

    #[test]
    fn esri_wkt_gets_the_datum_shift_by_name() {
        let nad27 = r#"GEOGCS["GCS_North_American_1927",DATUM["D_North_American_1927",SPHEROID["Clarke_1866",6378206.4,294.9786982]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]"#;
        let d = from_wkt(nad27).unwrap();
        assert!(d.geographic);
        assert!(d.proj.contains("+towgs84=-8,160,176"), "{}", d.proj);
        let unknown = r#"GEOGCS["GCS_Somewhere",DATUM["D_Somewhere_1950",SPHEROID["Intl",6378388.0,297.0]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]"#;
        assert!(matches!(
            from_wkt(unknown).unwrap().shift,
            Shift::Unknown(_)
        ));
        assert!(from_wkt("GEOGCS[").is_err());
    }
}
