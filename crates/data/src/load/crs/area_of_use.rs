//! EPSG's area of use of each system (a lon/lat box, from EPSG's dataset as PROJ ships it;
//! `tools/epsg_areas.py` writes the table) and the check that reprojected boundaries lie
//! near it: a file read in the wrong system (a `.prj` that lies, a wrongly chosen code) lands
//! hundreds of kilometres away — on screen a map of the wrong place, not an error.

use super::Crs;
use crate::load::msg::Degrees;
use crate::load::note::Note;
use crate::model::District;

/// code,west,south,east,north (degrees); systems valid on the whole earth are left out.
const TABLE: &str = include_str!("epsg_areas.csv");

/// EPSG's area of use of a code ([west, south, east, north]; west > east crosses 180°): its
/// line of the table found and read, the others not parsed (each load looks up one code; the
/// whole table parsed into a map took ≈ 1 ms of every load, lon/lat files' too).
pub fn area_of_use(code: u32) -> Option<[f64; 4]> {
    let code = code.to_string();
    let line = TABLE
        .lines()
        .find(|l| l.split_once(',').is_some_and(|(c, _)| c == code))?;
    let mut f = line.split(',').skip(1);
    let mut v = [0.0; 4];
    for x in &mut v {
        *x = f.next()?.parse().ok()?;
    }
    Some(v)
}

/// Whether a lon/lat box lies far outside an area of use: beyond it by more than the area's
/// own width (height), at least 2° and at most 10°. The margin is wide on purpose: national grids are used
/// past their zone (Germany-wide data in UTM 32N reaches 15°E, 3° past the zone), while a
/// wrong system puts data hundreds of kilometres off or on another continent.
pub fn far_outside(found: [f64; 4], area: [f64; 4]) -> bool {
    let [w, s, mut e, n] = area;
    if w > e {
        e += 360.0;
    }
    let (mx, my) = ((e - w).clamp(2.0, 10.0), (n - s).clamp(2.0, 10.0));
    let lon_in = |lon: f64| {
        let inside = |l: f64| l >= w - mx && l <= e + mx;
        inside(lon) || inside(lon + 360.0)
    };
    let [x0, y0, x1, y1] = found;
    !(lon_in(x0) && lon_in(x1) && y0 >= s - my && y1 <= n + my)
}

/// A note when the reprojected districts lie far outside the system's area of use.
pub fn outside_area_of_use(crs: Crs, districts: &[District]) -> Option<Note> {
    let area = area_of_use(crs.epsg()?)?;
    let coords = districts.iter().flat_map(|d| {
        d.geometry
            .0
            .iter()
            .flat_map(|p| p.exterior().0.iter().copied())
    });
    let found = super::bbox(coords)?;
    far_outside(found, area).then(|| Note::OutsideAreaOfUse {
        crs: crs.describe(),
        found: Degrees(Box::new(found)),
        area: Degrees(Box::new(area)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn areas_come_from_epsg() {
        // EPSG's areas of use as pyproj 3.7.2 (PROJ 9.5.1) gives them.
        assert_eq!(area_of_use(27700), Some([-9.01, 49.75, 2.01, 61.01]));
        assert_eq!(area_of_use(30166), Some([134.86, 33.4, 136.99, 36.33]));
        // Systems of the whole earth have none.
        assert_eq!(area_of_use(4326), None);
        // The table's first line, not a code it begins (200 is no code), nor a comment.
        assert_eq!(area_of_use(2000), Some([-63.22, 18.11, -62.92, 18.33]));
        assert_eq!(area_of_use(200), None);
        assert_eq!(area_of_use(0), None);
    }

    #[test]
    fn far_outside_is_far() {
        let bng = [-9.01, 49.75, 2.01, 61.01];
        // London is inside; "lon 18.8, lat 0.0" (a British grid read as something else) is not.
        assert!(!far_outside([-0.2, 51.4, 0.0, 51.6], bng));
        assert!(far_outside([18.8, 0.0, 18.9, 0.1], bng));
        // Germany-wide data in UTM 32N (zone 6–12°E) reaches 15°E: not flagged.
        assert!(!far_outside(
            [5.87, 47.27, 15.04, 55.06],
            [6.0, 36.53, 12.01, 84.01]
        ));
        // An area across 180° (NAD27: 167.65°E to 47.74°W).
        let nad27 = [167.65, 7.15, -47.74, 83.17];
        assert!(!far_outside([-93.3, 44.9, -93.2, 45.0], nad27));
        assert!(far_outside([10.0, 50.0, 11.0, 51.0], nad27));
    }
}
