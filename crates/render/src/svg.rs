//! A map scene as SVG: one `<path data-key="…">` per district (even-odd fill, holes kept),
//! no-data as a hatch pattern, rule marks as separate outline paths, texts as `<text>` in the
//! bundled font's family.

use atlas_analysis::ramps::Rgb;
use atlas_scene::font::FAMILY;
use atlas_scene::map_scene::{MapScene, Mark, SYNTHETIC_RED, SceneText};
use std::fmt::Write;

pub(super) fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

pub(super) fn path_data(rings: &[Vec<[f32; 2]>]) -> String {
    let mut d = String::new();
    for r in rings {
        for (i, p) in r.iter().enumerate() {
            let _ = write!(
                d,
                "{}{:.2},{:.2}",
                if i == 0 { "M" } else { "L" },
                p[0],
                p[1]
            );
        }
        d.push('Z');
    }
    d
}

fn mark_attrs(mark: Mark) -> Option<&'static str> {
    match mark {
        Mark::None => None,
        // CONTEXT_INK, CONTEXT_DASH.
        Mark::Context => Some(
            r##"fill="none" stroke="#2a2a2a" stroke-width="2" stroke-linejoin="round" stroke-dasharray="12 3 2 3""##,
        ),
        Mark::Met => Some(
            r##"fill="none" stroke="#141414" stroke-width="3" stroke-linejoin="round" stroke-linecap="round""##,
        ),
        Mark::Unknown => {
            Some(r##"fill="none" stroke="#5a5a5a" stroke-width="2" stroke-dasharray="7 4""##)
        }
    }
}

fn text(out: &mut String, t: &SceneText) {
    let anchor = if t.centered {
        r#" text-anchor="middle""#
    } else {
        ""
    };
    let halo = if t.halo {
        r##" stroke="#ffffff" stroke-width="3" stroke-opacity="0.85" paint-order="stroke""##
    } else {
        ""
    };
    let _ = writeln!(
        out,
        r#"<text x="{:.1}" y="{:.1}" font-size="{:.1}" fill="{}"{anchor}{halo}>{}</text>"#,
        t.pos[0],
        t.pos[1],
        t.size,
        t.color.hex(),
        esc(&t.text)
    );
}

/// The districts' white outlines, faded with their size as on screen and in the PNG (`fade`
/// 1: as always; 0: none).
fn outline_attrs(fade: f32) -> String {
    let fade = fade.clamp(0.0, 1.0);
    if fade >= 1.0 {
        r##"stroke="#ffffff" stroke-opacity="0.8" stroke-width="1""##.to_owned()
    } else if fade > 0.0 {
        format!(
            r##"stroke="#ffffff" stroke-opacity="{:.2}" stroke-width="1""##,
            0.8 * fade
        )
    } else {
        r#"stroke="none""#.to_owned()
    }
}

/// The scene as an SVG document.
pub fn to_svg(scene: &MapScene) -> String {
    let (w, h) = (scene.width, scene.height);
    let mut s = String::with_capacity(64 * 1024);
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="{FAMILY}, sans-serif" xml:space="preserve">"#
    );
    // One hatch pattern per hatched colour, as the PNG hatches each district over its own
    // fill: no data over grey, few residents over their own pale colour.
    s.push_str("<defs>");
    let mut hatched: Vec<Rgb> = vec![atlas_analysis::ramps::NO_DATA];
    for c in scene
        .districts
        .iter()
        .filter(|d| d.hatched)
        .map(|d| d.fill)
        .chain(
            scene
                .legend_rows
                .iter()
                .filter(|r| r.hatched)
                .map(|r| r.fill),
        )
    {
        if !hatched.contains(&c) {
            hatched.push(c);
        }
    }
    for c in &hatched {
        let _ = write!(
            s,
            r##"<pattern id="{}" patternUnits="userSpaceOnUse" width="9" height="9" patternTransform="rotate(45)"><rect width="9" height="9" fill="{}"/><line x1="0" y1="0" x2="0" y2="9" stroke="#787c87" stroke-width="3"/></pattern>"##,
            hatch_id(*c),
            c.hex()
        );
    }
    s.push_str("</defs>\n");
    let _ = writeln!(
        s,
        r#"<rect width="{w}" height="{h}" fill="{}"/>"#,
        scene.background.hex()
    );
    let _ = writeln!(
        s,
        r#"<g id="districts" {} fill-rule="evenodd">"#,
        outline_attrs(scene.outline_fade)
    );
    for d in &scene.districts {
        let fill = if d.hatched {
            format!("url(#{})", hatch_id(d.fill))
        } else {
            d.fill.hex()
        };
        let _ = writeln!(
            s,
            r#"<path data-key="{}" fill="{fill}" d="{}"><title>{}</title></path>"#,
            esc(&d.key),
            path_data(&d.rings),
            esc(&d.name)
        );
    }
    s.push_str("</g>\n<g id=\"context-layer\">\n");
    if let Some(attrs) = mark_attrs(Mark::Context).filter(|_| !scene.context_lines.is_empty()) {
        let mut d = String::new();
        for line in &scene.context_lines {
            for (i, p) in line.iter().enumerate() {
                let _ = write!(
                    d,
                    "{}{:.1} {:.1}",
                    if i == 0 { "M" } else { "L" },
                    p[0],
                    p[1]
                );
            }
        }
        let _ = writeln!(
            s,
            r##"<path fill="none" stroke="#ffffff" stroke-opacity="0.67" stroke-width="4.5" stroke-linejoin="round" stroke-linecap="round" d="{d}"/>"##
        );
        let _ = writeln!(s, r#"<path {attrs} d="{d}"/>"#);
    }
    s.push_str("</g>\n<g id=\"rule-overlay\">\n");
    for (mark, segments) in &scene.overlay_lines {
        if let Some(attrs) = mark_attrs(*mark)
            && !segments.is_empty()
        {
            let mut d = String::new();
            for sg in segments {
                let _ = write!(
                    d,
                    "M{:.1} {:.1}L{:.1} {:.1}",
                    sg[0][0], sg[0][1], sg[1][0], sg[1][1]
                );
            }
            let _ = writeln!(s, r#"<path {attrs} d="{d}"/>"#);
        }
    }
    s.push_str("</g>\n<g id=\"legend\">\n");
    let [x, y, bw, bh] = scene.legend_box;
    let _ = writeln!(
        s,
        r##"<rect x="{x:.1}" y="{y:.1}" width="{bw:.1}" height="{bh:.1}" fill="#ffffff" fill-opacity="0.92" stroke="#b0b4ba"/>"##
    );
    for r in &scene.legend_rows {
        let [sx, sy, sw, sh] = r.swatch;
        let fill = if r.hatched {
            format!("url(#{})", hatch_id(r.fill))
        } else {
            r.fill.hex()
        };
        // The overlay's symbol is what the map draws: a line, not a filled box.
        if let Some(a) = mark_attrs(r.mark) {
            let y = sy + sh / 2.0;
            let _ = writeln!(
                s,
                r#"<path {a} d="M{:.1} {y:.1}L{:.1} {y:.1}"/>"#,
                sx + 2.0,
                sx + sw - 2.0
            );
            text(&mut s, &r.text);
            continue;
        }
        let stroke = r##"stroke="#5a5a5a""##;
        let _ = writeln!(
            s,
            r#"<rect x="{sx:.1}" y="{sy:.1}" width="{sw:.1}" height="{sh:.1}" fill="{fill}" {stroke}/>"#
        );
        text(&mut s, &r.text);
    }
    s.push_str("</g>\n");
    if let Some([x, y, bw, bh]) = scene.scale_bar {
        let _ = writeln!(
            s,
            r#"<rect id="scale-bar" x="{x:.1}" y="{y:.1}" width="{bw:.1}" height="{bh:.1}" fill="{}"/>"#,
            atlas_scene::map_scene::INK.hex()
        );
    }
    if let Some([x, y, bw, bh]) = scene.synthetic_box {
        let _ = writeln!(
            s,
            r#"<rect x="{x:.1}" y="{y:.1}" width="{bw:.1}" height="{bh:.1}" fill="{}"/>"#,
            SYNTHETIC_RED.hex()
        );
    }
    for t in &scene.texts {
        text(&mut s, t);
    }
    s.push_str("</svg>\n");
    s
}

/// The id of the hatch pattern over `fill`: `nodata` for no data, `few` for few residents,
/// else by colour.
fn hatch_id(fill: Rgb) -> String {
    if fill == atlas_analysis::ramps::NO_DATA {
        "nodata".to_owned()
    } else if fill == atlas_analysis::ramps::FEW {
        "few".to_owned()
    } else {
        format!("hatch-{}", fill.hex().trim_start_matches('#'))
    }
}
