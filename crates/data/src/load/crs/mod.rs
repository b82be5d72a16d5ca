//! Coordinate reference systems of boundary files: the systems German municipal and state
//! GIS departments hand over, read from a legacy GeoJSON `crs` member (or a shapefile's
//! `.prj`), recognised from the coordinates when nothing is declared, or chosen by the user;
//! and reprojection to WGS84 lon/lat with proj4rs (pure Rust, no system PROJ). Where the
//! system cannot be known (UTM zone 32 or 33?), loading stops with an error that lists the
//! candidates, so the user can pick one (`--crs`, or the app's CRS picker).

use super::crs_defs::{Definition, Shift};
use super::msg::{Bounds, LoadMsg, SupportedCrs};
use super::note::Note;
use geo::Coord;
use serde::{Deserialize, Serialize};

/// Lon/lat coordinates may pass ±180/±90 by this much (rounding in exports and repairs).
pub const LONLAT_SLACK: f64 = 1e-6;

/// A supported coordinate reference system.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Crs {
    /// WGS84 lon/lat (EPSG:4326, CRS84).
    Wgs84,
    /// ETRS89 / UTM zone 32N (EPSG:25832).
    Utm32,
    /// ETRS89 / UTM zone 33N (EPSG:25833).
    Utm33,
    /// DHDN / 3-degree Gauss-Krüger zones 2–5 (EPSG:31466–31469).
    Gk2,
    Gk3,
    Gk4,
    Gk5,
    /// WGS 84 / Pseudo-Mercator (EPSG:3857).
    WebMercator,
    /// Any other system: an EPSG code from the definition table, or a file's WKT.
    #[serde(with = "defined_serde")]
    Defined(&'static Definition),
}

/// A defined system is stored as its EPSG code or its WKT, and read back through them.
mod defined_serde {
    use super::Definition;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    enum Stored {
        Epsg(u32),
        Wkt(String),
    }

    pub fn serialize<S: Serializer>(d: &&'static Definition, s: S) -> Result<S::Ok, S::Error> {
        match (d.code, &d.wkt) {
            (Some(c), _) => Stored::Epsg(c),
            (None, Some(w)) => Stored::Wkt(w.clone()),
            (None, None) => Stored::Wkt(String::new()),
        }
        .serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<&'static Definition, D::Error> {
        match Stored::deserialize(d)? {
            Stored::Epsg(c) => super::super::crs_defs::from_epsg(c)
                .ok_or_else(|| serde::de::Error::custom(format!("unknown EPSG:{c}"))),
            Stored::Wkt(w) => {
                super::super::crs_defs::from_wkt(&w).map_err(serde::de::Error::custom)
            }
        }
    }
}

/// How the system of a file was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CrsSource {
    /// Named in the file (`crs` member, `.prj`).
    Declared,
    /// Recognised from the coordinates (lon/lat ranges, a Gauss-Krüger zone digit).
    Recognised,
    /// Chosen by the user (`--crs`, the app's picker).
    Chosen,
}

/// DHDN → WGS 84 as EPSG transformation 1777 ("DHDN to WGS 84 (2)", position vector, the
/// one PROJ uses for Germany when the BETA2007 grid is not installed): ~1–3 m.
const DHDN_TOWGS84: &str = "+towgs84=598.1,73.7,418.2,0.202,0.045,-2.455,6.7";

impl Crs {
    pub const ALL: [Crs; 8] = [
        Crs::Wgs84,
        Crs::Utm32,
        Crs::Utm33,
        Crs::Gk2,
        Crs::Gk3,
        Crs::Gk4,
        Crs::Gk5,
        Crs::WebMercator,
    ];

    /// The EPSG code; `None` for a system defined only by a file's WKT.
    pub fn epsg(self) -> Option<u32> {
        Some(match self {
            Crs::Wgs84 => 4326,
            Crs::Utm32 => 25832,
            Crs::Utm33 => 25833,
            Crs::Gk2 => 31466,
            Crs::Gk3 => 31467,
            Crs::Gk4 => 31468,
            Crs::Gk5 => 31469,
            Crs::WebMercator => 3857,
            Crs::Defined(d) => return d.code,
        })
    }

    /// "EPSG:25833", or "custom" for a WKT without an EPSG code.
    pub fn code(self) -> String {
        match self.epsg() {
            Some(c) => format!("EPSG:{c}"),
            None => "custom".into(),
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Crs::Wgs84 => "WGS84 lon/lat",
            Crs::Utm32 => "ETRS89 / UTM zone 32N",
            Crs::Utm33 => "ETRS89 / UTM zone 33N",
            Crs::Gk2 => "DHDN / Gauss-Krüger zone 2",
            Crs::Gk3 => "DHDN / Gauss-Krüger zone 3",
            Crs::Gk4 => "DHDN / Gauss-Krüger zone 4",
            Crs::Gk5 => "DHDN / Gauss-Krüger zone 5",
            Crs::WebMercator => "Web Mercator",
            Crs::Defined(d) => &d.name,
        }
    }

    /// Whether coordinates are lon/lat degrees (on any datum).
    pub fn geographic(self) -> bool {
        match self {
            Crs::Wgs84 => true,
            Crs::Defined(d) => d.geographic,
            _ => false,
        }
    }

    /// What a reader should be told about the system: how a file's WKT was identified with
    /// an EPSG code, and the datum shift to WGS84.
    pub fn notes(self) -> Vec<Note> {
        let Crs::Defined(d) = self else {
            return Vec::new();
        };
        let mut notes = Vec::new();
        if let Some((from, by)) = &d.identified {
            let from = from.clone();
            let crs = self.describe();
            notes.push(match by {
                identify::By::Name => Note::CrsIdentifiedByName { from, crs },
                identify::By::NameAndParameters => {
                    Note::CrsIdentifiedByNameAndParameters { from, crs }
                }
                identify::By::Parameters => Note::CrsIdentifiedByParameters { from, crs },
            });
        }
        match &d.shift {
            Shift::None => {}
            Shift::Helmert(what) => notes.push(Note::Shifted {
                crs: self.describe(),
                how: what.clone(),
            }),
            Shift::Unknown(datum) => notes.push(Note::NoShiftKnown {
                datum: datum.clone(),
                crs: self.describe(),
            }),
        }
        notes
    }

    /// "EPSG:25833 (ETRS89 / UTM zone 33N)".
    pub fn describe(self) -> String {
        format!("{} ({})", self.code(), self.label())
    }

    /// From an EPSG number.
    /// Any code of EPSG's definition table (the built-in systems by their own names).
    pub fn from_epsg(n: u32) -> Option<Crs> {
        match n {
            4326 => Some(Crs::Wgs84),
            // 900913 and 3785 are old names of Web Mercator.
            3857 | 900913 | 3785 => Some(Crs::WebMercator),
            _ => Crs::ALL
                .into_iter()
                .find(|c| c.epsg() == Some(n))
                .or_else(|| super::crs_defs::from_epsg(n).map(Crs::Defined)),
        }
    }

    /// From "EPSG:25832", "25832", "urn:ogc:def:crs:EPSG::25832", an opengis.net URI or
    /// "CRS84".
    pub fn parse(name: &str) -> Option<Crs> {
        let upper = name.trim().to_uppercase();
        if upper.ends_with("CRS84") || upper.ends_with("CRS:84") {
            return Some(Crs::Wgs84);
        }
        let code: String = upper
            .rsplit([':', '/'])
            .next()
            .unwrap_or("")
            .chars()
            .filter(|c| c.is_ascii_digit())
            .collect();
        let plain_number = upper.chars().all(|c| c.is_ascii_digit());
        if !(upper.contains("EPSG") || plain_number) {
            return None;
        }
        Crs::from_epsg(code.parse().ok()?)
    }

    /// The coordinates a file in this system can have ([min x, min y, max x, max y]): the
    /// zone's eastings and northings from the equator to the pole, lon/lat (with rounding
    /// slack), or the Mercator square; `None` where no range is known (other projected
    /// systems: the reprojected result is checked instead). Coordinates outside mean the file
    /// is in another system.
    pub fn valid_range(self) -> Option<[f64; 4]> {
        let gk = |z: f64| [z * 1e6 + 1e5, 0.0, z * 1e6 + 9e5, 9.4e6];
        let lonlat = [
            -180.0 - LONLAT_SLACK,
            -90.0 - LONLAT_SLACK,
            180.0 + LONLAT_SLACK,
            90.0 + LONLAT_SLACK,
        ];
        Some(match self {
            Crs::Wgs84 => lonlat,
            Crs::Defined(d) if d.geographic => lonlat,
            Crs::Defined(_) => return None,
            Crs::Utm32 | Crs::Utm33 => [0.0, 0.0, 1.0e6, 9.4e6],
            Crs::Gk2 => gk(2.0),
            Crs::Gk3 => gk(3.0),
            Crs::Gk4 => gk(4.0),
            Crs::Gk5 => gk(5.0),
            Crs::WebMercator => [-20_037_508.35, -20_048_966.11, 20_037_508.35, 20_048_966.11],
        })
    }

    fn proj_string(self) -> Option<String> {
        let gk = |zone: u32| {
            format!(
                "+proj=tmerc +lat_0=0 +lon_0={} +k=1 +x_0={} +y_0=0 +ellps=bessel {DHDN_TOWGS84} +units=m +no_defs",
                zone * 3,
                zone * 1_000_000 + 500_000
            )
        };
        match self {
            Crs::Wgs84 => None,
            Crs::Utm32 | Crs::Utm33 => Some(format!(
                "+proj=utm +zone={} +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs",
                if self == Crs::Utm32 { 32 } else { 33 }
            )),
            Crs::Gk2 => Some(gk(2)),
            Crs::Gk3 => Some(gk(3)),
            Crs::Gk4 => Some(gk(4)),
            Crs::Gk5 => Some(gk(5)),
            // Spherical Mercator on WGS84 coordinates: no datum shift.
            Crs::WebMercator => Some(
                "+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +nadgrids=@null +no_defs"
                    .into(),
            ),
            // Lon/lat within a metre of WGS84: nothing to do.
            Crs::Defined(d) if d.geographic && d.shift == Shift::None => None,
            Crs::Defined(d) => Some(d.proj.clone()),
        }
    }
}

/// The system a shapefile's `.prj` (WKT 1, ESRI or OGC flavour) describes: its EPSG
/// authority when given, else its name ("ETRS_1989_UTM_Zone_32N", "DHDN_3_Degree_Gauss_Zone_4",
/// "WGS_1984_Web_Mercator_Auxiliary_Sphere", a plain GEOGCS for lon/lat).
pub fn from_wkt(wkt: &str) -> Result<Crs, LoadMsg> {
    let upper = wkt.to_uppercase();
    // Only the outermost element's own AUTHORITY (WKT 1) or ID (WKT 2) names the system; an
    // inner one names a part of it (the unit, the datum, the base lon/lat system).
    if let Some(c) = top_level_epsg(&upper).and_then(Crs::from_epsg) {
        return Ok(c);
    }
    // Else EPSG's code for what the WKT describes, so EPSG's datum shift applies.
    if let Some((code, by)) = identify::identify(wkt) {
        let file_name = wkt.split('"').nth(1).unwrap_or("").trim();
        let builtin = Crs::ALL.into_iter().find(|c| c.epsg() == Some(code));
        let found =
            builtin.or_else(|| super::crs_defs::identified(code, file_name, by).map(Crs::Defined));
        if let Some(c) = found {
            return Ok(c);
        }
    }
    let norm: String = upper
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    let name = wkt
        .split('"')
        .nth(1)
        .unwrap_or(wkt.trim())
        .chars()
        .take(80)
        .collect::<String>();
    let projected = upper.trim_start().starts_with("PROJCS");
    let dhdn = norm.contains("DHDN") || norm.contains("DEUTSCHES_HAUPTDREIECKSNETZ");
    let found = if !projected && upper.trim_start().starts_with("GEOGCS") {
        // Lon/lat: WGS84 itself, else the datum decides the shift.
        let wgs84 = norm.contains("WGS_1984") || norm.contains("WGS84");
        wgs84.then_some(Crs::Wgs84)
    } else if norm.contains("UTM_ZONE_32N") {
        Some(Crs::Utm32)
    } else if norm.contains("UTM_ZONE_33N") {
        Some(Crs::Utm33)
    } else if norm.contains("MERCATOR_AUXILIARY_SPHERE")
        || norm.contains("PSEUDO_MERCATOR")
        || norm.contains("WEB_MERCATOR")
    {
        Some(Crs::WebMercator)
    } else if dhdn && (norm.contains("GAUSS") || norm.contains("GK_ZONE")) {
        [(2, Crs::Gk2), (3, Crs::Gk3), (4, Crs::Gk4), (5, Crs::Gk5)]
            .into_iter()
            .find(|(z, _)| {
                norm.contains(&format!("ZONE_{z}_")) || norm.ends_with(&format!("ZONE_{z}"))
            })
            .map(|(_, c)| c)
    } else {
        None
    };
    match found {
        Some(c) => Ok(c),
        // Anything else as the WKT defines it.
        None => super::crs_defs::from_wkt(wkt)
            .map(Crs::Defined)
            .map_err(|e| LoadMsg::CrsOfPrj {
                why: Box::new(e),
                name: name.to_owned(),
                supported: SupportedCrs,
            }),
    }
}

/// The EPSG code of the outermost element's own `AUTHORITY["EPSG",…]` or `ID["EPSG",…]` in
/// upper-case WKT: the one directly inside the outermost brackets, not one nested deeper.
fn top_level_epsg(upper: &str) -> Option<u32> {
    // Bytes, not chars: every keyword and bracket is ASCII, and no slice can split a letter.
    let bytes = upper.as_bytes();
    let (mut depth, mut quoted) = (0usize, false);
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'"' => quoted = !quoted,
            _ if quoted => {}
            b'[' | b'(' => depth += 1,
            b']' | b')' => depth = depth.saturating_sub(1),
            _ if depth == 1 && (i == 0 || !bytes[i - 1].is_ascii_alphanumeric()) => {
                let rest = &bytes[i..];
                let body = rest
                    .strip_prefix(b"AUTHORITY[".as_slice())
                    .or_else(|| rest.strip_prefix(b"ID[".as_slice()));
                let Some(body) = body else { continue };
                let body = body.trim_ascii_start();
                if let Some(after) = body.strip_prefix(b"\"EPSG\"".as_slice()) {
                    let digits: Vec<u8> = after
                        .iter()
                        .copied()
                        .skip_while(|c| !c.is_ascii_digit())
                        .take_while(|c| c.is_ascii_digit())
                        .collect();
                    return std::str::from_utf8(&digits).ok()?.parse().ok();
                }
            }
            _ => {}
        }
    }
    None
}

/// Parses a `--crs` argument; the error lists what is supported.
pub fn parse_arg(s: &str) -> Result<Crs, String> {
    Crs::parse(s).ok_or_else(|| {
        format!(
            "unknown coordinate system '{s}' (use a code of EPSG's definition table, e.g. {})",
            Crs::ALL
                .iter()
                .map(|c| c.code())
                .collect::<Vec<_>>()
                .join(", ")
        )
    })
}

/// The list of supported systems, for messages.
pub fn supported_list() -> String {
    let common: Vec<String> = Crs::ALL.iter().map(|c| c.describe()).collect();
    format!(
        "any code of EPSG's definition table or a WKT definition, e.g. {}",
        common.join(", ")
    )
}

/// The system named by a `crs` member or `.prj`: `Ok(None)` when nothing usable is named.
/// A named system that is not supported is an error.
pub fn declared(name: Option<&str>) -> Result<Option<Crs>, LoadMsg> {
    let Some(name) = name.map(str::trim).filter(|n| !n.is_empty()) else {
        return Ok(None);
    };
    match Crs::parse(name) {
        Some(c) => Ok(Some(c)),
        None => Err(LoadMsg::CrsUnknownDeclared {
            name: name.to_owned(),
            supported: SupportedCrs,
        }),
    }
}

/// Bounding box [min x, min y, max x, max y] of coordinates (NaN-free input assumed).
pub fn bbox(coords: impl Iterator<Item = Coord<f64>>) -> Option<[f64; 4]> {
    coords.fold(None, |b, c| {
        let [x0, y0, x1, y1] = b.unwrap_or([c.x, c.y, c.x, c.y]);
        Some([x0.min(c.x), y0.min(c.y), x1.max(c.x), y1.max(c.y)])
    })
}

/// Recognises the system from the coordinates' box when the file names none: lon/lat, or a
/// Gauss-Krüger zone (its number is the first digit of the easting). Anything else in
/// metres is ambiguous and an error listing the likely systems.
pub fn recognise(b: [f64; 4]) -> Result<Crs, LoadMsg> {
    let [x0, y0, x1, y1] = b;
    let slack = LONLAT_SLACK;
    if x0 >= -180.0 - slack && x1 <= 180.0 + slack && y0 >= -90.0 - slack && y1 <= 90.0 + slack {
        return Ok(Crs::Wgs84);
    }
    let northing_de = |y: f64| (5.1e6..=6.2e6).contains(&y);
    let zone = |x: f64| (x / 1e6).floor();
    if northing_de(y0) && northing_de(y1) && zone(x0) == zone(x1) {
        // Eastings 2 500 000 ± 300 000 … 5 500 000 ± 300 000: the zone digit says which.
        let z = zone(x0);
        let within = (x0 - z * 1e6).abs() >= 1.5e5 && (x1 - z * 1e6) <= 8.5e5;
        let gk = match z as i64 {
            2 => Some(Crs::Gk2),
            3 => Some(Crs::Gk3),
            4 => Some(Crs::Gk4),
            5 => Some(Crs::Gk5),
            _ => None,
        };
        if let Some(gk) = gk.filter(|_| within) {
            return Ok(gk);
        }
    }
    let candidates: Vec<Crs> = if northing_de(y0) && northing_de(y1) && x0 >= 1.0e5 && x1 <= 9.0e5 {
        vec![Crs::Utm32, Crs::Utm33, Crs::WebMercator]
    } else if (5.5e6..=7.6e6).contains(&y0) && (5.5e6..=7.6e6).contains(&y1) {
        vec![Crs::WebMercator]
    } else {
        Vec::new()
    };
    if candidates.is_empty() {
        return Err(LoadMsg::CrsUndeclaredMetresAny {
            found: Bounds::new(b),
            supported: SupportedCrs,
        });
    }
    let likely = candidates.iter().map(|c| c.describe()).collect();
    Err(LoadMsg::CrsUndeclaredMetres {
        found: Bounds::new(b),
        likely,
    })
}

/// The system of a file's coordinates: the user's choice, else the declared one (checked
/// against the coordinates when it says lon/lat), else recognised from the coordinates' box.
pub fn resolve(
    declared: Option<Crs>,
    chosen: Option<Crs>,
    b: Option<[f64; 4]>,
) -> Result<(Crs, CrsSource), LoadMsg> {
    let Some(b) = b else {
        let c = chosen.or(declared).unwrap_or(Crs::Wgs84);
        let how = if chosen.is_some() {
            CrsSource::Chosen
        } else {
            CrsSource::Declared
        };
        return Ok((c, how));
    };
    if let Some(c) = chosen.or(declared.filter(|&d| d != Crs::Wgs84)) {
        let [x0, y0, x1, y1] = c.valid_range().unwrap_or([
            f64::NEG_INFINITY,
            f64::NEG_INFINITY,
            f64::INFINITY,
            f64::INFINITY,
        ]);
        if b[0] < x0 || b[1] < y0 || b[2] > x1 || b[3] > y1 {
            return Err(LoadMsg::CrsOutOfRange {
                found: Bounds::new(b),
                crs: c.describe(),
                valid: Bounds::new([x0, y0, x1, y1]),
                supported: SupportedCrs,
            });
        }
        let how = if chosen.is_some() {
            CrsSource::Chosen
        } else {
            CrsSource::Declared
        };
        return Ok((c, how));
    }
    match declared {
        Some(Crs::Wgs84) => match recognise(b) {
            Ok(Crs::Wgs84) => Ok((Crs::Wgs84, CrsSource::Declared)),
            _ => Err(LoadMsg::CrsWgs84Metres {
                x: b[2],
                y: b[3],
                supported: SupportedCrs,
            }),
        },
        _ => recognise(b).map(|c| (c, CrsSource::Recognised)),
    }
}

mod area_of_use;
pub(crate) mod identify;
pub use area_of_use::outside_area_of_use;
mod reproject;
pub use reproject::ToWgs84;

#[cfg(test)]
mod tests;
