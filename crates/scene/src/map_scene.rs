//! A finished map as a plain value: district shapes in output pixels with fills, hatching and
//! rule outlines, labels, title, subtitle, legend, source line, date and the synthetic-data
//! mark, laid out for a canvas size. Built by library code from the same fills and legend rows
//! the screen shows; the PNG and SVG writers only draw it.

use super::camera::{Camera, Viewport};
use super::geometry::MapGeometry;
use super::labels::{self, Candidate};
use super::layout::{Sizes, lay_out};
use super::legend_layout::{legend_of, legend_size, small_size};
use super::modes::LegendRow;
use super::overlay::OverlayLines;
use atlas_analysis::ramps::{NO_DATA, Rgb};
use atlas_analysis::rules::Tri;
use atlas_data::model::District;

/// How a district is outlined by the rule overlay.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    None,
    /// Meets the rule: bold outline.
    Met,
    /// Unknown: dashed outline.
    Unknown,
    /// A context layer's outline (legend rows only).
    Context,
}

/// One district: rings in output pixels (y down), the first of each polygon its shell.
#[derive(Debug, Clone, PartialEq)]
pub struct SceneDistrict {
    pub key: String,
    pub name: String,
    pub rings: Vec<Vec<[f32; 2]>>,
    pub fill: Rgb,
    /// No data: drawn hatched.
    pub hatched: bool,
    pub mark: Mark,
}

/// A text at a position (left baseline unless `centered`), size in pixels.
#[derive(Debug, Clone, PartialEq)]
pub struct SceneText {
    pub text: String,
    pub pos: [f32; 2],
    pub size: f32,
    pub centered: bool,
    pub color: Rgb,
    /// Draw a light halo behind (map labels).
    pub halo: bool,
}

/// A legend line: swatch and text.
#[derive(Debug, Clone, PartialEq)]
pub struct SceneLegendRow {
    pub swatch: [f32; 4],
    pub fill: Rgb,
    pub hatched: bool,
    pub mark: Mark,
    pub text: SceneText,
}

/// The legend's words, as the screen shows them.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LegendSpec {
    /// Unit line above the classes ("%"); may be empty.
    pub unit: String,
    /// Classes top to bottom, then no-data.
    pub rows: Vec<LegendRow>,
    /// Rule overlay lines: (mark, text).
    pub overlay: Vec<(Mark, String)>,
    /// "breaks fixed over 2005–2024".
    pub note: String,
    /// A status × dynamics map's two-dimensional legend (above the rows).
    pub matrix: Option<crate::legend_matrix::MatrixLegend>,
}

/// What to put on the map.
#[derive(Clone)]
pub struct SceneInput<'a> {
    pub districts: &'a [District],
    pub geometry: &'a MapGeometry,
    pub fills: &'a [Rgb],
    /// The overlay rule's results in the shown year, per district.
    pub overlay: Option<&'a [Tri]>,
    pub title: String,
    pub subtitle: String,
    pub legend: LegendSpec,
    pub source: String,
    pub date: String,
    /// The synthetic-data mark's text, when the data are synthetic.
    pub synthetic: Option<String>,
    pub labels: bool,
    /// A second boundary file drawn as outlines over the map, and whether its areas are named.
    pub context: Option<&'a crate::context::ContextGeometry>,
    pub context_labels: bool,
    pub width: u32,
    pub height: u32,
    /// For the scale bar's label.
    pub lang: atlas_i18n::Lang,
}

/// A laid-out map.
#[derive(Debug, Clone, PartialEq)]
pub struct MapScene {
    /// The title line (also the PDF's document title).
    pub title: String,
    pub width: u32,
    pub height: u32,
    pub background: Rgb,
    pub districts: Vec<SceneDistrict>,
    /// Title block, labels, legend texts, source, date.
    pub texts: Vec<SceneText>,
    pub legend_box: [f32; 4],
    pub legend_rows: Vec<SceneLegendRow>,
    /// Box behind the synthetic mark ([x, y, w, h]), drawn red.
    pub synthetic_box: Option<[f32; 4]>,
    /// The scale bar ([x, y, w, h] of the bar; its label is among the texts).
    pub scale_bar: Option<[f32; 4]>,
    /// The rule overlay: the outline of the union of the districts meeting the rule (bold)
    /// and of those where it is unknown (dashed), as segments in output pixels.
    pub overlay_lines: Vec<(Mark, Vec<[[f32; 2]; 2]>)>,
    /// The context layer's borders in output pixels (over the districts, under the overlay).
    pub context_lines: Vec<Vec<[f32; 2]>>,
    /// How opaque the districts' white outlines are drawn (1: as at 1920 × 1080 for large
    /// districts; 0: not drawn, districts too small for them — `MapGeometry::outline_fade`).
    pub outline_fade: f32,
}

/// The districts' outline width in output pixels at type scale `u` (the PNG's 1 px at
/// 1920 × 1080, never under 0.6 px).
pub fn outline_px(u: f32) -> f32 {
    u.max(0.6)
}

pub const INK: Rgb = Rgb(0x20, 0x22, 0x26);
pub const MUTED: Rgb = Rgb(0x5a, 0x60, 0x68);
pub const PAPER: Rgb = Rgb(0xff, 0xff, 0xff);
pub const SYNTHETIC_RED: Rgb = Rgb(0xb4, 0x28, 0x28);
/// The context layer's outlines and names: charcoal over a light halo, readable over every
/// ramp; its lines are dash-dot (the cartographic sign of an administrative boundary), apart
/// from the rule overlay's solid and dashed ones.
pub const CONTEXT_INK: Rgb = Rgb(0x2a, 0x2a, 0x2a);
/// The context line's dash-dot pattern at 1920 × 1080 (dash, gap, dot, gap).
pub const CONTEXT_DASH: [f32; 4] = [12.0, 3.0, 2.0, 3.0];

/// Advance of a text at `size` px in the bundled DejaVu Sans, the font every writer draws
/// with: boxes are laid out to the width the text will really take (an estimate had clipped
/// "SYNTHETISCHE DATEN" in its badge).
pub fn text_width(text: &str, size: f32) -> f32 {
    static FONT: std::sync::OnceLock<Option<ab_glyph::FontRef<'static>>> =
        std::sync::OnceLock::new();
    match FONT.get_or_init(crate::font::font) {
        Some(f) => crate::font::measure(f, text, size),
        None => text.chars().count() as f32 * size * 0.56,
    }
}

/// A district's rings in output pixels through `cam` (shells first in each polygon; rings
/// of fewer than 3 points left out).
pub fn district_rings(
    polygons: &geo::MultiPolygon<f64>,
    cam: &Camera,
    vp: Viewport,
) -> Vec<Vec<[f32; 2]>> {
    let mut rings = Vec::new();
    for poly in &polygons.0 {
        for ring in std::iter::once(poly.exterior()).chain(poly.interiors()) {
            let pts: Vec<[f32; 2]> = ring
                .0
                .iter()
                .map(|c| cam.to_screen([c.x, c.y], vp))
                .collect();
            if pts.len() >= 3 {
                rings.push(pts);
            }
        }
    }
    rings
}

/// `text` in lines no wider than `max_w` at `size`, broken only at spaces (a word wider than
/// the box stays whole on its own line).
pub fn wrap_at_spaces(text: &str, size: f32, max_w: f32) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split(' ') {
        match lines.last_mut() {
            Some(last) if text_width(&format!("{last} {word}"), size) <= max_w => {
                last.push(' ');
                last.push_str(word);
            }
            _ => lines.push(word.to_owned()),
        }
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    lines
}

/// The type sizes and margin of a canvas: type scales with it, 1 at 1920 × 1080.
pub(crate) struct Metrics {
    pub u: f32,
    pub margin: f32,
    pub title_size: f32,
    pub sub_size: f32,
    pub small: f32,
}

impl Metrics {
    fn of(w: f32, h: f32) -> Metrics {
        let u = (w.min(h * 16.0 / 9.0) / 1920.0).max(0.35);
        Metrics {
            u,
            margin: 40.0 * u,
            title_size: 40.0 * u,
            sub_size: 24.0 * u,
            small: small_size(u),
        }
    }
}

/// The title and subtitle in lines, wrapped at spaces (never inside a word) where wider
/// than the canvas leaves beside the badge.
struct TitleBlock {
    title: Vec<String>,
    subtitle: Vec<String>,
}

impl MapScene {
    /// The furniture's sizes first, then one layout (shared with the screen) places it where
    /// it covers no district and fits the data into what is left; then the districts, labels,
    /// title, legend, footer and overlay in output pixels.
    pub fn build(inp: &SceneInput) -> MapScene {
        let (w, h) = (inp.width as f32, inp.height as f32);
        let m = Metrics::of(w, h);
        let (sizes, block) = furniture_sizes(inp, &m);
        let canvas = Viewport {
            x: 0.0,
            y: 0.0,
            w,
            h,
        };
        let layout = lay_out(inp.geometry, canvas, &sizes, m.margin, 16.0 * m.u);
        // Rule outlines too dense to read are left out and the legend says so; with the
        // note's line the map only gets smaller, so the decision stands.
        if inp.overlay.is_some()
            && !crate::overlay::outlined_at(inp.geometry, layout.camera.scale, m.u)
        {
            let mut without = inp.clone();
            without.overlay = None;
            without.legend.note = crate::legend_rows::with_overlay_note(&inp.legend.note, inp.lang);
            return MapScene::build(&without);
        }
        let cam = layout.camera;
        let districts = scene_districts(inp, &cam, canvas);
        let mut texts = label_texts(inp, &cam, canvas, m.u);
        title_texts(&block, &m, &mut texts);
        let legend = legend_of(inp, &m, &layout, &cam, &mut texts);
        footer_texts(inp, &m, &layout, w, h, &mut texts);
        let synthetic_box = inp.synthetic.as_ref().zip(layout.badge).map(|(s, bx)| {
            let size = m.small * 1.1;
            texts.push(SceneText {
                text: s.clone(),
                pos: [bx[0] + 10.0 * m.u, bx[1] + size * 1.2],
                size,
                centered: false,
                color: PAPER,
                halo: false,
            });
            bx
        });
        MapScene {
            context_lines: inp
                .context
                .map(|c| {
                    c.lines
                        .iter()
                        .map(|l| l.iter().map(|p| cam.to_screen(*p, canvas)).collect())
                        .collect()
                })
                .unwrap_or_default(),
            overlay_lines: overlay_lines(inp, &cam, canvas),
            outline_fade: inp
                .geometry
                .outline_fade(cam.scale, f64::from(outline_px(m.u))),
            scale_bar: legend.scale_bar,
            title: inp.title.clone(),
            width: inp.width,
            height: inp.height,
            background: PAPER,
            districts,
            texts,
            legend_box: legend.legend_box,
            legend_rows: legend.rows,
            synthetic_box,
        }
    }
}

/// The sizes of title block, legend, badge and footer, and the title's lines.
fn furniture_sizes(inp: &SceneInput, m: &Metrics) -> (Sizes, TitleBlock) {
    let (u, small) = (m.u, m.small);
    let w = inp.width as f32;
    let badge_w = inp
        .synthetic
        .as_ref()
        .map_or(0.0, |s| text_width(s, small * 1.1) + 40.0 * u);
    let max_title_w = (w - 2.0 * m.margin - badge_w).max(200.0 * u);
    let block = TitleBlock {
        title: wrap_at_spaces(&inp.title, m.title_size, max_title_w),
        subtitle: wrap_at_spaces(&inp.subtitle, m.sub_size, max_title_w),
    };
    let title_w = block
        .title
        .iter()
        .map(|l| text_width(l, m.title_size))
        .chain(block.subtitle.iter().map(|l| text_width(l, m.sub_size)))
        .fold(0.0, f32::max);
    let extra = (block.title.len() - 1) as f32 * m.title_size * 1.15
        + (block.subtitle.len() - 1) as f32 * m.sub_size * 1.2;
    let title_h = m.title_size + m.sub_size + 8.0 * u + m.sub_size * 0.35 + extra;
    let badge_size = inp.synthetic.as_ref().map(|s| {
        let size = small * 1.1;
        [text_width(s, size) + 20.0 * u, size * 1.7]
    });
    let footer_h = small * 0.85 * 1.6;
    let sizes = Sizes {
        title: Some([title_w, title_h]),
        legend: Some(legend_size(&inp.legend, u, small)),
        badge: badge_size,
        source: Some([w - 2.0 * m.margin, footer_h]),
    };
    (sizes, block)
}

/// Every district in output pixels with its fill, hatching and overlay mark.
fn scene_districts(inp: &SceneInput, cam: &Camera, vp: Viewport) -> Vec<SceneDistrict> {
    let g = inp.geometry;
    let one = |&d: &usize| {
        let district = &inp.districts[d];
        let fill = inp.fills.get(d).copied().unwrap_or(NO_DATA);
        let mark = match inp.overlay.and_then(|o| o.get(d)) {
            Some(Tri::True) => Mark::Met,
            Some(Tri::Unknown) => Mark::Unknown,
            _ => Mark::None,
        };
        SceneDistrict {
            key: district.key.clone(),
            name: district.name.clone(),
            rings: district_rings(&g.polygons[d], cam, vp),
            fill,
            hatched: fill == NO_DATA || fill == atlas_analysis::ramps::FEW,
            mark,
        }
    };
    let all: Vec<usize> = (0..inp.districts.len()).collect();
    // Large maps on all cores (≈ 30 ms on one at 100 000 districts: a scene is made for every
    // export).
    if all.len() >= PARALLEL_FROM {
        atlas_data::parallel::map(&all, one)
    } else {
        all.iter().map(one).collect()
    }
}

/// From this many districts the scene's districts are made on all cores (below, a second
/// thread saved a millisecond or two and its allocations raised the 10 k export's peak by
/// 7 MB).
const PARALLEL_FROM: usize = 50_000;

/// Labels placed as on screen: the context layer's names first (when asked for), then
/// district names, largest districts first, none overlapping another.
fn label_texts(inp: &SceneInput, cam: &Camera, vp: Viewport, u: f32) -> Vec<SceneText> {
    let g = inp.geometry;
    let size = 15.0 * u;
    let context_size = crate::context::LABEL_SCALE * size;
    let n = inp.districts.len();
    let context = inp.context.filter(|_| inp.context_labels);
    let mut cands: Vec<Candidate> = context
        .map(|c| c.label_candidates(cam, vp, context_size, n))
        .unwrap_or_default();
    if inp.labels {
        cands.extend((0..n).map(|d| {
            let p = g.label_points()[d];
            let name = &inp.districts[d].name;
            Candidate {
                district: d,
                anchor: cam.to_screen([f64::from(p[0]), f64::from(p[1])], vp),
                size: [
                    labels::estimate_width(name.chars().count(), size),
                    size + 2.0,
                ],
                district_width: (g.label_widths[d] * cam.scale) as f32,
                priority: g.areas[d],
            }
        }));
    }
    labels::place(cands, 400)
        .into_iter()
        .map(|l| {
            let (text, size, color) = match l.district.checked_sub(n) {
                Some(i) => (
                    context.map(|c| c.labels[i].0.clone()).unwrap_or_default(),
                    context_size,
                    CONTEXT_INK,
                ),
                None => (inp.districts[l.district].name.clone(), size, INK),
            };
            SceneText {
                text,
                pos: [
                    (l.rect[0] + l.rect[2]) / 2.0,
                    (l.rect[1] + l.rect[3]) / 2.0 + size * 0.35,
                ],
                size,
                centered: true,
                color,
                halo: true,
            }
        })
        .collect()
}

/// The title block's lines, top left.
fn title_texts(block: &TitleBlock, m: &Metrics, texts: &mut Vec<SceneText>) {
    let mut ty = m.margin + m.title_size;
    for line in &block.title {
        texts.push(SceneText {
            text: line.clone(),
            pos: [m.margin, ty],
            size: m.title_size,
            centered: false,
            color: INK,
            halo: false,
        });
        ty += m.title_size * 1.15;
    }
    ty += m.sub_size + 8.0 * m.u - m.title_size * 1.15;
    for line in &block.subtitle {
        texts.push(SceneText {
            text: line.clone(),
            pos: [m.margin, ty],
            size: m.sub_size,
            centered: false,
            color: MUTED,
            halo: false,
        });
        ty += m.sub_size * 1.2;
    }
}

/// Footer: source left, date right, in the band the layout kept.
fn footer_texts(
    inp: &SceneInput,
    m: &Metrics,
    layout: &crate::layout::Layout,
    w: f32,
    h: f32,
    texts: &mut Vec<SceneText>,
) {
    let small = m.small;
    let base = layout
        .source
        .map_or(h - m.margin, |r| r[1] + r[3] - small * 0.3);
    texts.push(SceneText {
        text: inp.source.clone(),
        pos: [m.margin, base],
        size: small * 0.85,
        centered: false,
        color: MUTED,
        halo: false,
    });
    texts.push(SceneText {
        text: inp.date.clone(),
        pos: [w - m.margin - text_width(&inp.date, small * 0.85), base],
        size: small * 0.85,
        centered: false,
        color: MUTED,
        halo: false,
    });
}

/// The rule overlay's outline (union of the flagged districts) in output pixels.
fn overlay_lines(inp: &SceneInput, cam: &Camera, vp: Viewport) -> Vec<(Mark, Vec<[[f32; 2]; 2]>)> {
    inp.overlay
        .map(|row| {
            OverlayLines::build(&inp.geometry.polygons, row)
                .marked()
                .into_iter()
                .map(|(mark, segs)| {
                    let px = segs
                        .iter()
                        .map(|s| [cam.to_screen(s[0], vp), cam.to_screen(s[1], vp)])
                        .collect();
                    (mark, px)
                })
                .collect()
        })
        .unwrap_or_default()
}
