//! Expected outcomes of the awkward-input corpus in `tests/fixtures/`, shared by the loader
//! tests and the CLI tests (`inspect` must report the same).
#![allow(dead_code)]

/// Each feature of `broken_rings.geojson` has one defect; each is repaired (or reported and
/// left out) with a note naming what was done.
pub const BROKEN_RINGS: [(&str, Option<&str>); 9] = [
    ("01", None),
    ("02", Some("unclosed ring closed (1)")),
    (
        "03",
        Some("ring reoriented (exterior counter-clockwise) (1)"),
    ),
    ("04", Some("duplicate consecutive points removed (2)")),
    (
        "05",
        Some("no ring with at least three distinct points and an area"),
    ),
    ("06", Some("zero-area ring dropped (1)")),
    (
        "07",
        Some("GeometryCollection of polygons read as MultiPolygon"),
    ),
    ("08", Some("self-intersecting polygon made valid (1)")),
    ("09", Some("hole outside its shell dropped (1)")),
];
