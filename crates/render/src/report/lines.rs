//! The lines under a report page's map: Moran's I of the indicator and the district's LISA
//! category, its location quotient, and its composite indices.

use super::*;
use tables::wrap_words;

impl Page {
    /// Under the map: Moran's I of the indicator in the city, and this district's LISA
    /// category with its pseudo p-value.
    pub(super) fn spatial_line(&mut self, spec: &ReportSpec, d: usize) {
        let Some(s) = &spec.spatial else { return };
        let lang = self.lang;
        let Some(m) = &s.stats.moran else { return };
        let global = lang.f(
            T::ReportMoran,
            &[
                &s.indicator,
                &s.stats.year.to_string(),
                &s.weights,
                &atlas_i18n::format_number(m.I, 3, lang),
                &m.p_sim
                    .map(|p| atlas_i18n::format_number(p, 4, lang))
                    .unwrap_or_else(|| "–".into()),
            ],
        );
        // Beside the map, under the rule results, where they leave room (they end at
        // `summary_end`); else below the map, pushing the indicators down.
        let x = MAP_BOX.x + MAP_BOX.w + 32.0;
        let lines = wrap_words(&global, 44);
        let bottom = MAP_BOX.y + MAP_BOX.h;
        let need = 15.0 * (lines.len() as f32 + 1.0);
        let (x, mut y, beside) = if self.summary_end + 12.0 + need <= bottom {
            (x, bottom - need + 11.0, true)
        } else {
            (M, self.y, false)
        };
        for line in &lines {
            self.text(x, y, 11.0, INK.hex(), line);
            y += 15.0;
        }
        let y = y - 15.0;
        if let Some(l) = s.stats.local.get(d) {
            let name = lang.t(l.cluster.text());
            let p = l
                .p_sim
                .map(|p| format!(" (p {})", atlas_i18n::format_number(p, 4, lang)))
                .unwrap_or_default();
            self.text(
                x,
                y + 15.0,
                11.0,
                MUTED.hex(),
                &lang.f(T::ReportCluster, &[name, &p]),
            );
        }
        if !beside {
            self.y += need + 10.0;
        }
    }

    /// Under the map: the district's location quotient ("1.94: the group's share 1.94 times the
    /// city's").
    pub(super) fn lq_line(&mut self, spec: &ReportSpec, d: usize) {
        let Some((what, values)) = &spec.location_quotient else {
            return;
        };
        let lang = self.lang;
        let text = match values.get(d).copied().flatten() {
            Some(q) => lang.f(T::ReportLq, &[what, &format_number(q, 2, lang)]),
            None => lang.f(T::ReportLq, &[what, lang.t(T::NoData)]),
        };
        self.text(M, self.y, 11.0, INK.hex(), &text);
        self.y += 22.0;
    }

    /// Under the map: the district's composite indices (index, class, rank, z-values).
    pub(super) fn index_lines(&mut self, spec: &ReportSpec, key: Option<usize>) {
        let (Some(key), false) = (key, spec.indices.is_empty()) else {
            return;
        };
        let specs: Vec<_> = spec.indices.iter().map(|(s, _)| s.clone()).collect();
        let years: Vec<_> = spec.indices.iter().map(|(_, y)| Some(y)).collect();
        let lines = atlas_analysis::index::describe::key_lines(&specs, &years, key, self.lang);
        for (i, line) in lines.iter().enumerate() {
            // The index line in ink, its z-values muted below it.
            let color = if line.starts_with("z: ") { MUTED } else { INK };
            let size = if i % 2 == 0 { 11.0 } else { 10.0 };
            for part in wrap_words(line, 100) {
                self.text(M, self.y, size, color.hex(), &part);
                self.y += 14.0;
            }
        }
        self.y += 8.0;
    }
}
