//! Coordinate reference systems of boundary files: reading the legacy GeoJSON `crs` member and
//! checking that coordinates really are WGS84 lon/lat. Reprojection is not supported yet, so a
//! projected file gets a clear error instead of a silently empty or garbled map.

use geo::Coord;

/// The CRS a `crs` member names, as "EPSG:nnnn"; `CRS84` and `EPSG:4326` both give
/// "EPSG:4326" (GeoJSON files use lon/lat order either way).
pub fn parse_crs_name(name: &str) -> Option<String> {
    let n = name.trim();
    let upper = n.to_uppercase();
    if upper.ends_with("CRS84") || upper.ends_with("CRS:84") {
        return Some("EPSG:4326".into());
    }
    // urn:ogc:def:crs:EPSG::25833, urn:ogc:def:crs:EPSG:6.6:4326, EPSG:25832,
    // http://www.opengis.net/def/crs/EPSG/0/3857
    let code: String = upper
        .rsplit([':', '/'])
        .next()
        .unwrap_or("")
        .chars()
        .filter(|c| c.is_ascii_digit())
        .collect();
    (upper.contains("EPSG") && !code.is_empty()).then(|| format!("EPSG:{code}"))
}

/// Human name of the systems municipal files use, for messages.
pub fn crs_label(epsg: &str) -> &'static str {
    match epsg {
        "EPSG:4326" => "WGS84 lon/lat",
        "EPSG:25832" => "ETRS89 / UTM zone 32N",
        "EPSG:25833" => "ETRS89 / UTM zone 33N",
        "EPSG:31466" => "DHDN / Gauss-Krüger zone 2",
        "EPSG:31467" => "DHDN / Gauss-Krüger zone 3",
        "EPSG:31468" => "DHDN / Gauss-Krüger zone 4",
        "EPSG:31469" => "DHDN / Gauss-Krüger zone 5",
        "EPSG:3857" => "Web Mercator",
        _ => "a projected or unknown system",
    }
}

/// Checks that coordinates can be lon/lat; returns the message for the error otherwise.
pub fn check_lon_lat(
    declared: Option<&str>,
    coords: impl Iterator<Item = Coord<f64>>,
) -> Result<(), String> {
    if let Some(epsg) = declared
        && epsg != "EPSG:4326"
    {
        return Err(format!(
            "the file declares {epsg} ({}); only WGS84 lon/lat (EPSG:4326) can be read so far — \
             reproject the file to EPSG:4326 first",
            crs_label(epsg)
        ));
    }
    let (mut max_x, mut max_y) = (0.0f64, 0.0f64);
    for c in coords {
        max_x = max_x.max(c.x.abs());
        max_y = max_y.max(c.y.abs());
    }
    if max_x > 180.0 || max_y > 90.0 {
        let hint = if max_x > 1000.0 || max_y > 1000.0 {
            " — they look like projected metres (e.g. UTM or Gauss-Krüger)"
        } else {
            ""
        };
        return Err(format!(
            "coordinates are not WGS84 lon/lat: values up to |x| = {max_x:.0}, |y| = {max_y:.0}{hint}; \
             reproject the file to EPSG:4326 first"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_crs_names() {
        assert_eq!(
            parse_crs_name("urn:ogc:def:crs:OGC:1.3:CRS84").as_deref(),
            Some("EPSG:4326")
        );
        assert_eq!(
            parse_crs_name("urn:ogc:def:crs:EPSG::4326").as_deref(),
            Some("EPSG:4326")
        );
        assert_eq!(
            parse_crs_name("urn:ogc:def:crs:EPSG::25833").as_deref(),
            Some("EPSG:25833")
        );
        assert_eq!(parse_crs_name("EPSG:3857").as_deref(), Some("EPSG:3857"));
        assert_eq!(parse_crs_name("something"), None);
    }

    #[test]
    fn rejects_metres() {
        let c = [Coord {
            x: 389_319.5,
            y: 5_817_775.7,
        }];
        let err = check_lon_lat(None, c.into_iter()).unwrap_err();
        assert!(err.contains("projected metres"), "{err}");
        let err = check_lon_lat(Some("EPSG:25833"), std::iter::empty()).unwrap_err();
        assert!(err.contains("UTM zone 33N"), "{err}");
        assert!(check_lon_lat(Some("EPSG:4326"), [Coord { x: 13.4, y: 52.5 }].into_iter()).is_ok());
    }
}
