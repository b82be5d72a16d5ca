//! A serde reader for GeoJSON `coordinates` of any nesting depth that flattens them into one
//! position buffer plus ring/polygon boundaries, without building a JSON value tree (a generic
//! `serde_json::Value` parse is several times slower on large boundary files).
//!
//! Malformed coordinates (text, null, a position with one number, mixed nesting) do not fail
//! the whole file: the first such problem is recorded and the feature is reported.

use super::note::Note;
use geo::Coord;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, SeqAccess, Visitor};
use std::fmt;

/// Flattened coordinates. For nesting depth `d` (Polygon: 3, MultiPolygon: 4), `ends[l]` holds,
/// for every array at level `l` (0 = outermost) except the position level, the running count
/// of its children's level at the moment it closed, so consecutive entries delimit children.
#[derive(Debug, Default)]
pub struct Coords {
    /// Depth of nesting including the position arrays; 0 when no position was seen.
    pub depth: usize,
    pub xy: Vec<Coord<f64>>,
    pub ends: Vec<Vec<usize>>,
    /// Number of arrays closed per level (positions included).
    counts: Vec<usize>,
    pub problem: Option<Note>,
}

impl Coords {
    fn note(&mut self, msg: Note) {
        if self.problem.is_none() {
            self.problem = Some(msg);
        }
    }

    fn ensure_level(&mut self, level: usize) {
        if self.ends.len() <= level {
            self.ends.resize(level + 1, Vec::new());
            self.counts.resize(level + 1, 0);
        }
    }

    /// The child index ranges of level `level` entries: for each array at that level, the
    /// range of its children (positions when `level + 2 == depth`).
    pub fn children(&self, level: usize) -> Vec<std::ops::Range<usize>> {
        let ends = self.ends.get(level).map(Vec::as_slice).unwrap_or(&[]);
        let mut start = 0;
        ends.iter()
            .map(|&e| {
                let r = start..e;
                start = e;
                r
            })
            .collect()
    }
}

/// The buffers of a [`Coords`], emptied, kept for the next feature read on the thread.
#[derive(Default)]
struct Spare {
    xy: Vec<Coord<f64>>,
    ends: Vec<Vec<usize>>,
    counts: Vec<usize>,
}

thread_local! {
    /// The buffers of the last feature's coordinates on this thread, for the next feature:
    /// its positions then go into room already there instead of a list doubled from nothing
    /// per feature (the copies and first touches of fresh pages were a tenth of reading
    /// 100 000 districts). The rings are copied out of it ([`super::geojson`]).
    static SPARE: std::cell::Cell<Option<Spare>> = const { std::cell::Cell::new(None) };
}

/// A spare's positions beyond this are not kept for the thread's lifetime (a huge feature).
const SPARE_POSITIONS: usize = 1 << 16;

impl Drop for Coords {
    fn drop(&mut self) {
        if self.xy.capacity() > SPARE_POSITIONS {
            return;
        }
        let mut spare = Spare {
            xy: std::mem::take(&mut self.xy),
            ends: std::mem::take(&mut self.ends),
            counts: std::mem::take(&mut self.counts),
        };
        spare.xy.clear();
        spare.ends.iter_mut().for_each(Vec::clear);
        spare.counts.iter_mut().for_each(|c| *c = 0);
        // `try_with`: a thread being torn down drops the buffers instead.
        let _ = SPARE.try_with(|s| s.set(Some(spare)));
    }
}

impl<'de> serde::Deserialize<'de> for Coords {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let spare = SPARE
            .try_with(std::cell::Cell::take)
            .ok()
            .flatten()
            .unwrap_or_default();
        let mut acc = Coords {
            depth: 0,
            xy: spare.xy,
            ends: spare.ends,
            counts: spare.counts,
            problem: None,
        };
        d.deserialize_any(Level {
            acc: &mut acc,
            level: 0,
        })?;
        Ok(acc)
    }
}

/// Visits one array (or a stray scalar) at a given nesting level.
struct Level<'a> {
    acc: &'a mut Coords,
    level: usize,
}

/// What one array element turned out to be.
enum Elem {
    Number(f64),
    Array,
    Other,
}

struct ElemSeed<'a> {
    acc: &'a mut Coords,
    level: usize,
}

impl<'de> DeserializeSeed<'de> for ElemSeed<'_> {
    type Value = Elem;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Elem, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ElemSeed<'_> {
    type Value = Elem;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a coordinate number or array")
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Elem, E> {
        Ok(Elem::Number(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Elem, E> {
        Ok(Elem::Number(v as f64))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Elem, E> {
        Ok(Elem::Number(v as f64))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Elem, A::Error> {
        Level {
            acc: self.acc,
            level: self.level,
        }
        .visit_seq(seq)?;
        Ok(Elem::Array)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Elem, E> {
        self.acc.note(Note::CoordinateText {
            value: format!("{v:?}"),
        });
        Ok(Elem::Other)
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Elem, E> {
        self.acc.note(Note::CoordinateBool);
        Ok(Elem::Other)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Elem, E> {
        self.acc.note(Note::CoordinateNull);
        Ok(Elem::Other)
    }
    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Elem, A::Error> {
        self.acc.note(Note::CoordinateObject);
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Elem::Other)
    }
}

impl<'de> Visitor<'de> for Level<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a coordinate array")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let acc = self.acc;
        let level = self.level;
        acc.ensure_level(level + 1);
        let (mut numbers, mut arrays) = (0usize, 0usize);
        let mut xy = [0.0f64; 2];
        while let Some(e) = seq.next_element_seed(ElemSeed {
            acc,
            level: level + 1,
        })? {
            match e {
                Elem::Number(v) => {
                    if numbers < 2 {
                        xy[numbers] = v;
                    }
                    numbers += 1;
                }
                Elem::Array => arrays += 1,
                Elem::Other => {}
            }
        }
        if numbers > 0 {
            // A position: this array is at the deepest level.
            if arrays > 0 {
                acc.note(Note::CoordinatesMixed);
            } else if numbers < 2 {
                acc.note(Note::PositionShort);
            } else if acc.depth != 0 && acc.depth != level + 1 {
                acc.note(Note::DepthsDiffer);
            } else {
                acc.depth = level + 1;
                acc.xy.push(Coord { x: xy[0], y: xy[1] });
                acc.counts[level] += 1;
            }
            return Ok(());
        }
        let children = acc.counts[level + 1];
        acc.ends[level].push(children);
        acc.counts[level] += 1;
        Ok(())
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        self.acc.note(Note::CoordinatesNumber);
        Ok(())
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<(), E> {
        self.visit_f64(v as f64)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<(), E> {
        self.visit_f64(v as f64)
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        self.acc.note(Note::CoordinatesText);
        Ok(())
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        self.acc.note(Note::CoordinatesBool);
        Ok(())
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.acc.note(Note::CoordinatesNull);
        Ok(())
    }
    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        self.acc.note(Note::CoordinatesObject);
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn polygon_with_hole() {
        let c: Coords =
            serde_json::from_str("[[[0,0],[4,0],[4,4],[0,0]],[[1,1],[2,1],[2,2],[1,1]]]").unwrap();
        assert_eq!(c.depth, 3);
        assert_eq!(c.xy.len(), 8);
        assert_eq!(c.children(1), vec![0..4, 4..8]); // rings → positions
        assert_eq!(c.children(0), vec![0..2]); // polygon → rings
        assert!(c.problem.is_none());
    }

    #[test]
    fn multipolygon_with_z() {
        let c: Coords = serde_json::from_str(
            "[[[[0,0,5],[1,0,5],[1,1,5],[0,0,5]]],[[[5,5],[6,5],[6,6],[5,5]]]]",
        )
        .unwrap();
        assert_eq!(c.depth, 4);
        assert_eq!(c.children(2), vec![0..4, 4..8]);
        assert_eq!(c.children(1), vec![0..1, 1..2]);
        assert_eq!(c.xy[1], Coord { x: 1.0, y: 0.0 });
    }

    #[test]
    fn a_feature_read_into_the_last_ones_buffers_holds_only_its_own() {
        // On one thread, one after the other: a multipolygon (four levels), a bad polygon, a
        // small polygon — each as read alone, though the later ones reuse the buffers.
        let deep =
            "[[[[0,0],[1,0],[1,1],[0,0]],[[5,5],[6,5],[6,6],[5,5]]],[[[9,9],[8,9],[9,8],[9,9]]]]";
        let bad = r#"[[[0,0],["a",1],[1,1],[0,0]]]"#;
        let small = "[[[2,2],[3,2],[3,3],[2,2]]]";
        for _ in 0..3 {
            for text in [deep, bad, small] {
                let reused: Coords = serde_json::from_str(text).unwrap();
                let fresh = std::thread::spawn(move || serde_json::from_str::<Coords>(text))
                    .join()
                    .unwrap()
                    .unwrap();
                assert_eq!(reused.depth, fresh.depth, "{text}");
                assert_eq!(reused.xy, fresh.xy, "{text}");
                for level in 0..4 {
                    assert_eq!(reused.children(level), fresh.children(level), "{text}");
                }
                assert_eq!(reused.problem.is_some(), text == bad);
            }
        }
        let c: Coords = serde_json::from_str(small).unwrap();
        assert_eq!((c.depth, c.xy.len(), c.children(1).len()), (3, 4, 1));
        assert_eq!(c.children(0).first(), Some(&(0..1)));
    }

    #[test]
    fn bad_coordinates_are_noted_not_fatal() {
        let c: Coords = serde_json::from_str(r#"[[[0,0],["a",1],[1,1],[0,0]]]"#).unwrap();
        assert!(c.problem.as_ref().unwrap().to_string().contains("text"));
        let c: Coords = serde_json::from_str("[[[0,0],[1],[1,1],[0,0]]]").unwrap();
        assert!(
            c.problem
                .as_ref()
                .unwrap()
                .to_string()
                .contains("fewer than two")
        );
        let c: Coords = serde_json::from_str("[]").unwrap();
        assert_eq!(c.depth, 0);
    }
}
