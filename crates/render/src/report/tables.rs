//! The district report's flowing blocks: the table of every indicator and the rule results
//! per year. Each row asks the document for room and continues on a new page (with its title
//! repeated, "continued") when the page is full, so nothing is cut and nothing crosses the
//! footer.

use super::*;
use atlas_scene::text::indicator_label_with_unit;

/// Splits `text` at spaces into lines of at most `width` characters.
pub(super) fn wrap_words(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = vec![String::new()];
    for word in text.split(' ') {
        let n = lines.len();
        let last = &mut lines[n - 1];
        if !last.is_empty() && last.chars().count() + 1 + word.chars().count() > width {
            lines.push(word.to_owned());
        } else {
            if !last.is_empty() {
                last.push(' ');
            }
            last.push_str(word);
        }
    }
    lines
}

const TABLE_COLS: [f32; 5] = [M, 350.0, 450.0, 550.0, PAGE_W as f32 - M];
const TABLE_HEAD: f32 = 43.0;
const TABLE_ROW: f32 = 18.0;
/// A wrapped indicator name's further lines.
const TABLE_LINE: f32 = 13.0;
/// The indicator column's width.
const LABEL_W: f32 = TABLE_COLS[1] - TABLE_COLS[0] - 70.0;

/// The table's title and header line (on the first page and on every continuation).
fn table_head(p: &mut Page, t: &IndicatorTable, spec: &ReportSpec, continued: bool) {
    let lang = p.lang;
    let year = t.year_at(spec.year);
    let mut y = p.y;
    let mut title = format!("{} {year}", lang.t(T::IndicatorsIn));
    if continued {
        title = format!("{title} ({})", lang.t(T::Continued));
    }
    p.text(M, y, 13.0, INK.hex(), &title);
    y += 22.0;
    let head = [
        lang.t(T::Indicator),
        lang.t(T::Value),
        lang.t(T::CityReference),
        lang.t(T::RankShort),
        lang.t(T::ChangeSinceFirst),
    ];
    p.text(TABLE_COLS[0], y, 10.5, MUTED.hex(), head[0]);
    for (c, h) in head.iter().enumerate().skip(1) {
        p.text_end(TABLE_COLS[c], y, 10.5, MUTED.hex(), h);
    }
    y += 6.0;
    p.line(M, y, PAGE_W as f32 - M, y, GRID, 1.0);
    p.y = y + 15.0;
}

/// Every indicator of the district in the year, flowing onto further pages as needed.
pub(super) fn indicator_table(
    doc: &mut Doc,
    t: &IndicatorTable,
    rows: &[atlas_analysis::profile::ProfileRow],
    spec: &ReportSpec,
) {
    let lang = doc.lang;
    table_head(doc.room(TABLE_HEAD + TABLE_ROW), t, spec, false);
    for r in rows {
        let i = r.indicator;
        // Long names wrap (at most three lines) instead of being cut.
        let label = indicator_label_with_unit(t, i, lang);
        let lines = doc.page().wrap(&label, 11.0, LABEL_W, 3);
        let row_h = TABLE_ROW + (lines.len() - 1) as f32 * TABLE_LINE;
        let before = doc.pages.len();
        doc.room(row_h);
        if doc.pages.len() > before {
            table_head(doc.page(), t, spec, true);
        }
        let p = doc.page();
        let dec = indicator_decimals(t, i);
        let num = |v: Option<f64>| {
            v.map(|v| format_number(v, dec, lang))
                .unwrap_or_else(|| "–".into())
        };
        let y = p.y;
        for (k, line) in lines.iter().enumerate() {
            p.text(
                TABLE_COLS[0],
                y + k as f32 * TABLE_LINE,
                11.0,
                INK.hex(),
                line,
            );
        }
        p.text_end(TABLE_COLS[1], y, 11.0, INK.hex(), &num(r.value));
        p.text_end(TABLE_COLS[2], y, 11.0, MUTED.hex(), &num(r.reference));
        let rank = r
            .rank
            .map(|(k, n)| format!("{k} / {n}"))
            .unwrap_or_else(|| "–".into());
        p.text_end(TABLE_COLS[3], y, 11.0, INK.hex(), &rank);
        let change = r
            .change
            .map(|(since, c)| format!("{} ({since})", signed(c, dec, lang)))
            .unwrap_or_else(|| "–".into());
        p.text_end(TABLE_COLS[4], y, 11.0, INK.hex(), &change);
        p.y = y + row_h;
    }
    doc.page().y += 12.0;
}

/// The rule timeline's title (on its first page and on every continuation).
fn timeline_title(p: &mut Page, continued: bool) {
    let lang = p.lang;
    let mut text = lang.t(T::RuleResultsPerYear).to_owned();
    if continued {
        text = format!("{text} ({})", lang.t(T::Continued));
    }
    let y = p.y;
    p.text(M, y, 13.0, INK.hex(), &text);
    p.y = y + 12.0;
}

/// The height the rule timeline takes when it is not broken across pages.
pub(super) fn timeline_height(spec: &ReportSpec) -> f32 {
    if spec.rules.is_empty() {
        return 0.0;
    }
    12.0 + 18.0 * spec.rules.len() as f32 + 22.0 + 16.0
}

/// Per rule, a row of cells: met / not met / unknown in each year — every rule, flowing onto
/// further pages as needed; the year labels and the key stay with the last row.
pub(super) fn rule_timeline(doc: &mut Doc, t: &IndicatorTable, spec: &ReportSpec, d: usize) {
    if spec.rules.is_empty() {
        return;
    }
    let lang = doc.lang;
    let x0 = M + 170.0;
    let cw = ((PAGE_W as f32 - M - x0) / t.years.len().max(1) as f32).min(28.0);
    timeline_title(doc.room(12.0 + 18.0), false);
    for (n, (rule, result)) in spec.rules.iter().zip(spec.results).enumerate() {
        let need = if n + 1 == spec.rules.len() {
            18.0 + 22.0 + 16.0
        } else {
            18.0
        };
        let before = doc.pages.len();
        doc.room(need);
        if doc.pages.len() > before {
            timeline_title(doc.page(), true);
        }
        let p = doc.page();
        let y = p.y;
        let name = p.fit(&rule.name, 11.0, 160.0);
        p.text(M, y + 11.5, 11.0, INK.hex(), &name);
        for k in 0..t.years.len() {
            let tri = result
                .per_year
                .get(k)
                .and_then(|r| r.get(d))
                .copied()
                .unwrap_or(Tri::Unknown);
            p.tri_cell(x0 + k as f32 * cw + 1.0, y + 1.0, cw - 2.0, 13.0, tri);
        }
        p.y = y + 18.0;
    }
    let p = doc.page();
    let mut y = p.y;
    for (k, year) in t.years.iter().enumerate() {
        if k == 0 || k + 1 == t.years.len() || year % 5 == 0 {
            let cx = x0 + (k as f32 + 0.5) * cw;
            let _ = writeln!(
                p.svg,
                r#"<text x="{cx:.1}" y="{:.1}" font-size="9.5" fill="{}" text-anchor="middle">{year}</text>"#,
                y + 10.0,
                MUTED.hex()
            );
        }
    }
    y += 22.0;
    // Key of the cells.
    let mut x = x0;
    for (tri, word) in [
        (Tri::True, T::ResultTrue),
        (Tri::False, T::ResultFalse),
        (Tri::Unknown, T::ResultUnknown),
    ] {
        p.tri_cell(x, y - 9.0, 10.0, 10.0, tri);
        p.text(x + 14.0, y, 10.0, MUTED.hex(), lang.t(word));
        x += 110.0;
    }
    p.y = y + 16.0;
}
