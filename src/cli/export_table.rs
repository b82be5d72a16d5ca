//! `arrival-atlas export --out F.csv|F.geojson`: the joined data as the app's *Export joined
//! table* writes it — one row per district and year with every indicator (derived ones
//! included) — or the boundaries with one year's values as GeoJSON properties.

use super::export::ExportArgs;
use std::path::Path;

/// Whether `path` asks for the joined data rather than a map.
pub fn is_table_output(path: &Path) -> bool {
    matches!(
        path.extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .as_deref(),
        Some("csv" | "geojson")
    )
}

pub fn run(a: &ExportArgs) -> Result<(), String> {
    let ds = a.data.load()?;
    let t = ds.table().ok_or("no indicator table")?;
    let geojson = a
        .out
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("geojson"));
    let written = if geojson {
        // One year's values per feature: the year asked for, else the latest (said on stderr).
        let year = match a.year.as_deref() {
            Some(y) => match super::export::parse_years(y, &t.years)?.as_slice() {
                [one] => *one,
                _ => return Err("a GeoJSON export holds one year: give --year YYYY".into()),
            },
            None => {
                let last = t.last_year().ok_or("the table has no years")?;
                eprintln!(
                    "note: GeoJSON with the values of {} (the latest year; choose with --year)",
                    t.year_at(last)
                );
                last
            }
        };
        atlas_data::atomic_write::write_atomic_with(&a.out, |f| {
            atlas_render::joined::write_joined_geojson(f, &ds, year)
        })
    } else {
        let style = match a.lang.as_deref() {
            Some("de") => atlas_render::joined::CsvStyle::Language(atlas_i18n::Lang::De),
            _ => atlas_render::joined::CsvStyle::Neutral,
        };
        atlas_data::atomic_write::write_atomic_with(&a.out, |f| {
            atlas_render::joined::write_joined_csv(f, &ds, style)
        })
    };
    written.map_err(|e| format!("{}: {e}", a.out.display()))
}
