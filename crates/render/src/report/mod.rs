//! District reports: one A4 page per district, as statistics offices publish district
//! profiles — where the district lies in the city, every indicator against the city reference
//! for the year, time series of the main indicators (district against city), and each rule's
//! result per year. Pages are laid out as SVG (96 px per inch) in the bundled font and turned
//! into one PDF by [`super::pdf`].

use super::pdf::{PdfPage, page_size, to_pdf};
use super::svg::{esc, path_data};
use atlas_analysis::profile::YearProfiles;
use atlas_analysis::rules::{Rule, RuleResult, Tri};
use atlas_analysis::series::{district_series, reference_series};
use atlas_data::dataset::Dataset;
use atlas_data::model::YearIdx;
use atlas_data::model::{IndicatorTable, Role};
use atlas_i18n::{Lang, T, format_number};
use atlas_scene::MapGeometry;
use atlas_scene::camera::{Camera, Viewport};
use atlas_scene::font::{FAMILY, font, measure};
use atlas_scene::map_scene::{INK, MUTED, SYNTHETIC_RED, district_rings};
use atlas_scene::text::{indicator_decimals, indicator_label, indicator_unit};
use geo::Simplify;
use std::fmt::Write;

mod charts;
mod lines;
mod tables;
use tables::{indicator_table, rule_timeline, wrap_words};

/// A4 portrait at 96 px per inch.
pub const PAGE_W: u32 = 794;
pub const PAGE_H: u32 = 1123;
/// Reports longer than this are refused (a report of 100 000 districts helps nobody).
pub const MAX_PAGES: usize = 2000;

const M: f32 = 48.0;
const ACCENT: &str = "#c2185b";
const GRID: &str = "#d5d9de";
/// Nothing is drawn below this line but the footer.
const BOTTOM: f32 = PAGE_H as f32 - 64.0;
/// Where a continuation page's content starts.
const CONTINUED_TOP: f32 = 112.0;

/// What goes into a report besides the districts.
pub struct ReportSpec<'a> {
    /// Year index into the table.
    pub year: YearIdx,
    pub rules: &'a [Rule],
    /// One per rule, as [`atlas_analysis::rules::evaluate_all`] gives them.
    pub results: &'a [RuleResult],
    pub lang: Lang,
    /// Printed in the footer (e.g. today).
    pub date: String,
    /// Moran's I of an indicator in the report's year and each district's LISA category.
    pub spatial: Option<ReportSpatial>,
    /// The location quotient of the segregation view's group per district (what it is of, the
    /// values), when there is one.
    pub location_quotient: Option<(String, Vec<Option<f64>>)>,
    /// Composite indices in the report's year (those computed that year).
    pub indices: &'a [(
        atlas_analysis::index::IndexSpec,
        atlas_analysis::index::IndexYear,
    )],
}

/// The spatial statistics a report states.
pub struct ReportSpatial {
    /// The indicator's label and the weights' name ("queen").
    pub indicator: String,
    pub weights: String,
    pub stats: std::sync::Arc<atlas_analysis::spatial::YearStats>,
}

impl ReportSpatial {
    /// Queen weights, esda's defaults (9 999 permutations) for `indicator` in year index
    /// `year`: what a report computes when no view has.
    pub fn compute(
        ds: &Dataset,
        indicator: usize,
        year: YearIdx,
        lang: Lang,
    ) -> Option<ReportSpatial> {
        let t = ds.table()?;
        let w = atlas_analysis::spatial::weights::contiguity(&ds.districts, false, 0.0);
        let stats =
            atlas_analysis::spatial::year_stats(ds, &w, indicator, year, &Default::default());
        Some(ReportSpatial {
            indicator: atlas_scene::text::indicator_label(t, indicator, lang),
            weights: w.kind.label(),
            stats: std::sync::Arc::new(stats),
        })
    }
}

/// The report of `districts` (indices) as PDF bytes.
pub fn district_report(
    ds: &Dataset,
    g: &MapGeometry,
    districts: &[usize],
    spec: &ReportSpec,
) -> Result<Vec<u8>, String> {
    let pages = report_pages(ds, g, districts, spec)?;
    to_pdf(&pages, spec.lang.t(T::DistrictReport))
}

/// The report's pages as SVG.
pub fn report_pages(
    ds: &Dataset,
    g: &MapGeometry,
    districts: &[usize],
    spec: &ReportSpec,
) -> Result<Vec<PdfPage>, String> {
    // Said in the report's language: the app shows these, the CLI passes --lang.
    let lang = spec.lang;
    let t = ds
        .table()
        .ok_or_else(|| lang.t(T::ReportNoTable).to_owned())?;
    if districts.is_empty() {
        return Err(lang.t(T::ReportNoDistricts).to_owned());
    }
    if districts.len() > MAX_PAGES {
        let (n, max) = (districts.len().to_string(), MAX_PAGES.to_string());
        return Err(lang.f(T::ReportTooLong, &[&n, &max]));
    }
    if let Some(&d) = districts
        .iter()
        .find(|&&d| d >= ds.districts.districts.len())
    {
        return Err(lang.f(T::ReportNoSuchDistrict, &[&d.to_string()]));
    }
    if spec.year.get() >= t.years.len() {
        return Err(lang.t(T::ReportNoSuchYear).to_owned());
    }
    let base = PositionMap::new(g);
    let profiles = YearProfiles::build(ds, spec.year);
    let keys = ds.joined_keys();
    let main = main_indicators(t);
    // City series once for all pages.
    let city: Vec<Vec<(i32, Option<f64>)>> = main
        .iter()
        .map(|&i| reference_series(t, i, &keys))
        .collect();
    let (width_pt, height_pt) = page_size(PAGE_W, PAGE_H, 96.0);
    // Features sharing a key: the report names them all and shows them all.
    let mut by_key: std::collections::HashMap<&str, Vec<usize>> = Default::default();
    for (i, district) in ds.districts.districts.iter().enumerate() {
        by_key.entry(district.key.as_str()).or_default().push(i);
    }
    let mut pages: Vec<Page> = Vec::new();
    for &d in districts {
        let same_key = by_key
            .get(ds.districts.districts[d].key.as_str())
            .cloned()
            .unwrap_or_else(|| vec![d]);
        let mut doc = Doc {
            pages: vec![Page::new(spec.lang)],
            name: ds.districts.districts[d].name.clone(),
            lang: spec.lang,
        };
        let p = doc.page();
        p.header(ds, t, d, spec);
        base.draw(p, &same_key);
        p.rule_summary(spec, d, &same_key);
        p.spatial_line(spec, d);
        let key = ds
            .join
            .as_ref()
            .and_then(|j| j.keys.district_to_key.get(d).copied().flatten());
        p.index_lines(spec, key);
        p.lq_line(spec, d);
        let rows = profiles.rows(ds, d);
        indicator_table(&mut doc, t, &rows, spec);
        let after = tables::timeline_height(spec);
        let grid = charts::ChartGrid::fitting(main.len(), BOTTOM - doc.page().y, after);
        doc.room(grid.height(main.len()))
            .charts(t, &main, &city, key, spec, grid);
        rule_timeline(&mut doc, t, spec, d);
        pages.extend(doc.pages);
    }
    let n = pages.len();
    Ok(pages
        .into_iter()
        .enumerate()
        .map(|(i, mut p)| {
            p.footer(ds, i + 1, n, spec);
            PdfPage {
                svg: p.finish(),
                width_pt,
                height_pt,
            }
        })
        .collect())
}

/// One district's pages: content flows onto a continuation page when a block does not fit
/// above the footer.
struct Doc {
    pages: Vec<Page>,
    name: String,
    lang: Lang,
}

impl Doc {
    fn page(&mut self) -> &mut Page {
        if self.pages.is_empty() {
            self.pages.push(Page::new(self.lang));
        }
        let n = self.pages.len();
        &mut self.pages[n - 1]
    }

    /// The page to draw a block of `height` on: this one if it fits, else a new one.
    fn room(&mut self, height: f32) -> &mut Page {
        if self.page().y + height > BOTTOM {
            let mut p = Page::new(self.lang);
            let title = format!("{} ({})", self.name, self.lang.t(T::Continued));
            let title = p.fit(&title, 18.0, PAGE_W as f32 - 2.0 * M);
            p.text(M, 72.0, 18.0, INK.hex(), &title);
            p.line(M, 86.0, PAGE_W as f32 - M, 86.0, GRID, 1.0);
            p.y = CONTINUED_TOP;
            self.pages.push(p);
        }
        self.page()
    }
}

/// The indicators charted over time: the arrival-city roles first, then the table's order,
/// at most four.
fn main_indicators(t: &IndicatorTable) -> Vec<usize> {
    let mut out: Vec<usize> = [
        Role::ForeignShare,
        Role::Fluctuation,
        Role::LongEstablished,
        Role::Arrivals,
    ]
    .iter()
    .filter_map(|&r| t.indicator_with_role(r))
    .collect();
    for i in 0..t.indicators.len() {
        if out.len() >= 4 {
            break;
        }
        if !out.contains(&i) && t.indicators[i].meta.role != Role::Population {
            out.push(i);
        }
    }
    out.truncate(4);
    out
}

/// The city drawn small, every district simplified once, as SVG path data.
struct PositionMap {
    paths: Vec<String>,
}

const MAP_BOX: Viewport = Viewport {
    x: M,
    y: 140.0,
    w: 300.0,
    h: 250.0,
};

impl PositionMap {
    fn new(g: &MapGeometry) -> PositionMap {
        let cam = Camera::fit(g.bounds, MAP_BOX, 4.0);
        // Half a pixel of detail is all the small map can show.
        let epsilon = 0.5 / cam.scale.max(1e-12);
        let paths = g
            .polygons
            .iter()
            .map(|mp| {
                let simple = mp.simplify(epsilon);
                path_data(&district_rings(&simple, &cam, MAP_BOX))
            })
            .collect();
        PositionMap { paths }
    }

    /// The city with the district's features highlighted (several where its key is shared).
    fn draw(&self, p: &mut Page, features: &[usize]) {
        let s = &mut p.svg;
        s.push_str(
            r##"<g fill="#e3e6ea" stroke="#ffffff" stroke-width="0.6" fill-rule="evenodd">"##,
        );
        for (i, path) in self.paths.iter().enumerate() {
            if !features.contains(&i) && !path.is_empty() {
                let _ = write!(s, r#"<path d="{path}"/>"#);
            }
        }
        s.push_str("</g>\n");
        for &d in features {
            if let Some(path) = self.paths.get(d) {
                let _ = writeln!(
                    s,
                    r##"<path id="district-{d}" d="{path}" fill="{ACCENT}" stroke="#5a0b2b" stroke-width="1" fill-rule="evenodd"/>"##
                );
            }
        }
        let caption = p.lang.t(T::PositionInCity);
        p.text(M, MAP_BOX.y + MAP_BOX.h + 16.0, 11.0, MUTED.hex(), caption);
    }
}

/// One page being written.
struct Page {
    svg: String,
    lang: Lang,
    /// Where the next block starts.
    y: f32,
    /// Where the rule results beside the map end.
    summary_end: f32,
    font: Option<ab_glyph::FontRef<'static>>,
}

fn signed(v: f64, decimals: usize, lang: Lang) -> String {
    let s = format_number(v, decimals, lang);
    if v > 0.0 { format!("+{s}") } else { s }
}

impl Page {
    fn new(lang: Lang) -> Page {
        let mut svg = String::with_capacity(64 * 1024);
        let _ = writeln!(
            svg,
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="{PAGE_W}" height="{PAGE_H}" viewBox="0 0 {PAGE_W} {PAGE_H}" font-family="{FAMILY}">"#
        );
        let _ = writeln!(
            svg,
            r##"<rect width="{PAGE_W}" height="{PAGE_H}" fill="#ffffff"/>"##
        );
        Page {
            svg,
            lang,
            y: 0.0,
            summary_end: 0.0,
            font: font(),
        }
    }

    /// `text` shortened with "…" to fit `width` px at `size`.
    fn fit(&self, text: &str, size: f32, width: f32) -> String {
        let Some(f) = &self.font else {
            return text.to_owned();
        };
        if measure(f, text, size) <= width {
            return text.to_owned();
        }
        let mut s: String = text.to_owned();
        while !s.is_empty() && measure(f, &format!("{s}…"), size) > width {
            s.pop();
        }
        format!("{s}…")
    }

    /// `text` in at most `max_lines` lines no wider than `width` px at `size`, broken after a
    /// space, '_', '-' or '/' (indicator ids are snake_case), or inside a word that is wider
    /// than a line; the last line shortened with "…" if the text still does not fit.
    fn wrap(&self, text: &str, size: f32, width: f32, max_lines: usize) -> Vec<String> {
        let Some(f) = &self.font else {
            return vec![text.to_owned()];
        };
        // Pieces that end at a break opportunity (the break character stays with its piece).
        let mut pieces: Vec<String> = vec![String::new()];
        for c in text.chars() {
            if let Some(last) = pieces.last_mut() {
                last.push(c);
            }
            if matches!(c, ' ' | '_' | '-' | '/') {
                pieces.push(String::new());
            }
        }
        let mut lines: Vec<String> = vec![String::new()];
        for piece in pieces.into_iter().filter(|p| !p.is_empty()) {
            let n = lines.len();
            let candidate = format!("{}{piece}", lines[n - 1]);
            if lines[n - 1].is_empty() || measure(f, candidate.trim_end(), size) <= width {
                lines[n - 1] = candidate;
            } else {
                lines.push(piece);
            }
        }
        let mut lines: Vec<String> = lines.into_iter().map(|l| l.trim_end().to_owned()).collect();
        if lines.len() > max_lines {
            let rest = lines.split_off(max_lines - 1).concat();
            lines.push(rest);
        }
        lines
            .into_iter()
            .map(|l| self.fit(&l, size, width))
            .collect()
    }

    fn text(&mut self, x: f32, y: f32, size: f32, color: String, text: &str) {
        let _ = writeln!(
            self.svg,
            r#"<text x="{x:.1}" y="{y:.1}" font-size="{size}" fill="{color}">{}</text>"#,
            esc(text)
        );
    }

    fn text_end(&mut self, x: f32, y: f32, size: f32, color: String, text: &str) {
        let _ = writeln!(
            self.svg,
            r#"<text x="{x:.1}" y="{y:.1}" font-size="{size}" fill="{color}" text-anchor="end">{}</text>"#,
            esc(text)
        );
    }

    fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, stroke: &str, width: f32) {
        let _ = writeln!(
            self.svg,
            r#"<line x1="{x1:.1}" y1="{y1:.1}" x2="{x2:.1}" y2="{y2:.1}" stroke="{stroke}" stroke-width="{width}"/>"#
        );
    }

    fn header(&mut self, ds: &Dataset, t: &IndicatorTable, d: usize, spec: &ReportSpec) {
        let lang = self.lang;
        let district = &ds.districts.districts[d];
        let year = t.year_at(spec.year);
        self.text(
            M,
            60.0,
            12.0,
            MUTED.hex(),
            &format!("{}  ·  {year}", lang.t(T::DistrictReport)),
        );
        let name = self.fit(&district.name, 26.0, PAGE_W as f32 - 2.0 * M - 170.0);
        self.text(M, 96.0, 26.0, INK.hex(), &name);
        self.text(
            M,
            118.0,
            12.0,
            MUTED.hex(),
            &format!("{} {}", lang.t(T::KeyShort), district.key),
        );
        if ds.meta.synthetic {
            let label = lang.t(T::SyntheticData);
            let w = self
                .font
                .as_ref()
                .map(|f| measure(f, label, 12.0))
                .unwrap_or(120.0)
                + 16.0;
            let x = PAGE_W as f32 - M - w;
            let _ = writeln!(
                self.svg,
                r#"<rect x="{x:.1}" y="44" width="{w:.1}" height="22" fill="{}"/>"#,
                SYNTHETIC_RED.hex()
            );
            self.text(x + 8.0, 59.5, 12.0, "#ffffff".into(), label);
        }
        self.line(M, 128.0, PAGE_W as f32 - M, 128.0, GRID, 1.0);
    }

    /// Beside the small map: each rule's result for the year.
    fn rule_summary(&mut self, spec: &ReportSpec, d: usize, same_key: &[usize]) {
        let lang = self.lang;
        let x = MAP_BOX.x + MAP_BOX.w + 32.0;
        let mut y = MAP_BOX.y + 14.0;
        self.text(x, y, 13.0, INK.hex(), lang.t(T::RuleResultsYear));
        y += 22.0;
        if spec.rules.is_empty() {
            self.text(x, y, 11.0, MUTED.hex(), lang.t(T::NoRules));
        }
        for (rule, result) in spec.rules.iter().zip(spec.results).take(8) {
            let tri = result
                .per_year
                .get(spec.year.get())
                .and_then(|r| r.get(d))
                .copied()
                .unwrap_or(Tri::Unknown);
            self.tri_cell(x, y - 10.0, 12.0, 12.0, tri);
            let word = match tri {
                Tri::True => T::ResultTrue,
                Tri::False => T::ResultFalse,
                Tri::Unknown => T::ResultUnknown,
            };
            let name = self.fit(&rule.name, 11.5, 230.0);
            self.text(
                x + 20.0,
                y,
                11.5,
                INK.hex(),
                &format!("{name}: {}", lang.t(word)),
            );
            y += 20.0;
        }
        if spec.rules.len() > 8 {
            let more = lang.f(T::AndMore, &[&(spec.rules.len() - 8).to_string()]);
            self.text(x + 20.0, y, 11.0, MUTED.hex(), &more);
            y += 20.0;
        }
        // A key several features share: say so, under the rules (the map shows them all).
        if same_key.len() > 1 {
            y += 6.0;
            let note = lang.f(T::SharedKey, &[&same_key.len().to_string()]);
            for line in wrap_words(&note, 44) {
                self.text(x, y, 11.0, SYNTHETIC_RED.hex(), &line);
                y += 15.0;
            }
        }
        self.summary_end = y;
        self.y = MAP_BOX.y + MAP_BOX.h + 40.0;
    }

    /// A rule-result cell: filled (met), empty (not met), hatched grey (unknown).
    fn tri_cell(&mut self, x: f32, y: f32, w: f32, h: f32, tri: Tri) {
        let (fill, stroke) = match tri {
            Tri::True => ("#202226", "#202226"),
            Tri::False => ("#ffffff", "#9aa0a8"),
            Tri::Unknown => ("#c9cdd3", "#c9cdd3"),
        };
        let _ = writeln!(
            self.svg,
            r#"<rect x="{x:.1}" y="{y:.1}" width="{w:.1}" height="{h:.1}" fill="{fill}" stroke="{stroke}" stroke-width="0.8"/>"#
        );
        if tri == Tri::Unknown {
            self.line(x, y + h, x + w, y, "#ffffff", 1.0);
        }
    }

    fn footer(&mut self, ds: &Dataset, page: usize, pages: usize, spec: &ReportSpec) {
        let lang = self.lang;
        let y = PAGE_H as f32 - 40.0;
        self.line(M, y - 16.0, PAGE_W as f32 - M, y - 16.0, GRID, 1.0);
        let source = lang.f(T::Source, &[&ds.source_line(lang)]);
        let source = self.fit(&source, 10.0, PAGE_W as f32 - 2.0 * M - 200.0);
        self.text(M, y, 10.0, MUTED.hex(), &source);
        let right = format!(
            "{}  ·  {}",
            spec.date,
            lang.f(T::PageOf, &[&page.to_string(), &pages.to_string()])
        );
        self.text_end(PAGE_W as f32 - M, y, 10.0, MUTED.hex(), &right);
    }

    fn finish(mut self) -> String {
        self.svg.push_str("</svg>\n");
        self.svg
    }
}
