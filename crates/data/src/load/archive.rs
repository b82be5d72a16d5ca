//! Boundary files as GIS departments hand them over: a `.zip` holding one shapefile (with its
//! `.dbf`, `.prj`, `.cpg`) or one GeoJSON opens directly (several: the one named by the layer
//! option, else an error listing them), a gzipped GeoJSON is unpacked, and formats that are
//! not read here (GeoParquet, TopoJSON, OSM PBF, KML, FlatGeobuf) are named, with what to
//! export instead. Archives are checked before unpacking, as spreadsheets are.

use super::error::{ErrorKind, LoadError, file_name};
use super::msg::LoadMsg;
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};

/// What to export a file as when it cannot be read here.
/// A format recognised from the first bytes (and the name), or `None` for anything else.
pub fn unsupported_format(bytes: &[u8], path: &Path) -> Option<&'static str> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let head = &bytes[..bytes.len().min(4096)];
    let text = String::from_utf8_lossy(head);
    let squeezed: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if bytes.starts_with(b"PAR1") || ext == "parquet" || ext == "geoparquet" {
        Some("GeoParquet")
    } else if bytes.starts_with(b"fgb\x03") || ext == "fgb" {
        Some("FlatGeobuf")
    } else if head.windows(9).any(|w| w == b"OSMHeader") || ext == "pbf" {
        Some("OSM PBF")
    } else if text.contains("<kml") || ext == "kml" || ext == "kmz" {
        Some("KML")
    } else if squeezed.contains("\"type\":\"Topology\"") || ext == "topojson" {
        Some("TopoJSON")
    } else if text.trim_start().starts_with("<?xml") || ext == "gml" {
        Some("GML")
    } else {
        None
    }
}

/// The error for a file in a format that is not read.
pub fn unsupported(source: &str, format: &'static str) -> LoadError {
    LoadError::of_file(ErrorKind::Content, source, LoadMsg::Unsupported { format })
}

/// Whether the bytes are a zip archive or gzip stream.
pub fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

pub fn is_gzip(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0x1f, 0x8b])
}

/// Unpacks a gzip stream, refusing more than the size limit (and more than the zip-bomb ratio
/// of spreadsheets).
pub fn gunzip(bytes: &[u8], source: &str) -> Result<Vec<u8>, LoadError> {
    let limit = super::error::max_file_bytes().min(
        (bytes.len() as u64)
            .saturating_mul(super::spreadsheet::MAX_RATIO)
            .max(64 << 20),
    );
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .take(limit + 1)
        .read_to_end(&mut out)
        .map_err(|e| {
            LoadError::of_file(
                ErrorKind::Syntax,
                source,
                LoadMsg::GzipBroken {
                    detail: e.to_string(),
                },
            )
        })?;
    if out.len() as u64 > limit {
        return Err(LoadError::of_file(
            ErrorKind::Content,
            source,
            LoadMsg::GzipTooLarge {
                limit_mb: limit >> 20,
            },
        ));
    }
    Ok(out)
}

/// A boundary file inside a zip: GeoJSON bytes, or a shapefile unpacked into a folder.
pub enum Inside {
    GeoJson { name: String, bytes: Vec<u8> },
    Shapefile { shp: PathBuf, dir: TempDir },
}

/// A folder removed when dropped.
pub struct TempDir(pub PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Picks the boundary file in a zip: the only shapefile or GeoJSON, or the one whose name (or
/// stem) is `wanted`.
pub fn open_zip(bytes: &[u8], source: &str, wanted: Option<&str>) -> Result<Inside, LoadError> {
    let fail = |kind, msg: LoadMsg| LoadError::of_file(kind, source, msg);
    super::spreadsheet::check_zip(bytes, false).map_err(|m| fail(ErrorKind::Content, m))?;
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        fail(
            ErrorKind::Syntax,
            LoadMsg::ZipUnreadable {
                detail: e.to_string(),
            },
        )
    })?;
    // Names that are not valid text cannot be asked for; they are passed over.
    let names: Vec<String> = zip
        .file_names()
        .filter_map(Result::ok)
        .map(|n| n.to_string())
        .filter(|n| !n.starts_with("__MACOSX/") && !n.ends_with('/'))
        .collect();
    let lower = |n: &str| n.to_lowercase();
    let candidates: Vec<&String> = names
        .iter()
        .filter(|n| {
            let l = lower(n);
            l.ends_with(".shp")
                || l.ends_with(".geojson")
                || (l.ends_with(".json") && !l.ends_with(".meta.json"))
        })
        .collect();
    let stem = |n: &str| {
        let f = n.rsplit('/').next().unwrap_or(n);
        f.rsplit_once('.').map_or(f, |(s, _)| s).to_string()
    };
    let chosen: Vec<&String> = match wanted {
        Some(w) => candidates
            .iter()
            .copied()
            .filter(|n| n.as_str() == w || stem(n) == w)
            .collect(),
        None => candidates.clone(),
    };
    let listed = || {
        candidates
            .iter()
            .map(|n| n.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let name = match chosen.as_slice() {
        [one] => (*one).clone(),
        [] if candidates.is_empty() => {
            return Err(fail(
                ErrorKind::Content,
                LoadMsg::ZipNoBoundaries {
                    names: names.join(", "),
                },
            ));
        }
        [] => {
            return Err(fail(
                ErrorKind::Content,
                LoadMsg::ZipNoLayer {
                    wanted: wanted.unwrap_or("").to_owned(),
                    names: listed(),
                },
            ));
        }
        _ => {
            return Err(fail(
                ErrorKind::Ambiguous,
                LoadMsg::ZipSeveral { names: listed() },
            ));
        }
    };
    let read = |zip: &mut zip::ZipArchive<Cursor<&[u8]>>, n: &str| -> Result<Vec<u8>, LoadError> {
        let entry = |detail: String| {
            let name = n.to_owned();
            fail(ErrorKind::Syntax, LoadMsg::ZipEntry { name, detail })
        };
        let mut f = zip.by_name(n).map_err(|e| entry(e.to_string()))?;
        let mut out = Vec::new();
        f.read_to_end(&mut out).map_err(|e| entry(e.to_string()))?;
        Ok(out)
    };
    if !lower(&name).ends_with(".shp") {
        let bytes = read(&mut zip, &name)?;
        return Ok(Inside::GeoJson {
            name: format!("{source}/{name}"),
            bytes,
        });
    }
    // The shapefile's parts (same path, any case of the extension) into a fresh folder.
    let base = &name[..name.len() - 4];
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let dir = TempDir(
        std::env::temp_dir().join(format!("arrival-atlas-zip-{}-{nanos}", std::process::id())),
    );
    std::fs::create_dir_all(&dir.0).map_err(|e| {
        fail(
            ErrorKind::Io,
            LoadMsg::CannotUnpack {
                detail: e.to_string(),
            },
        )
    })?;
    let file_stem = stem(&name);
    for n in &names {
        if n.len() == name.len() && n[..base.len()].eq_ignore_ascii_case(base) {
            let ext = lower(&n[base.len()..]);
            if [".shp", ".shx", ".dbf", ".prj", ".cpg"].contains(&ext.as_str()) {
                let bytes = read(&mut zip, n)?;
                std::fs::write(dir.0.join(format!("{file_stem}{ext}")), bytes).map_err(|e| {
                    fail(
                        ErrorKind::Io,
                        LoadMsg::CannotUnpack {
                            detail: e.to_string(),
                        },
                    )
                })?;
            }
        }
    }
    Ok(Inside::Shapefile {
        shp: dir.0.join(format!("{file_stem}.shp")),
        dir,
    })
}

/// The name a file inside an archive is reported under.
pub fn inner_source(archive: &Path, inner: &Path) -> String {
    format!("{}/{}", file_name(archive), file_name(inner))
}
