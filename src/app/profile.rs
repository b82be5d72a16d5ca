//! The district profile: every indicator for the selected district in the current year, with
//! the city reference, the district's rank and the change since its first year with data. A
//! table where the panel is wide enough; in a narrow panel (a 1280 × 720 laptop) each
//! indicator's numbers go on a line under its name, so no column is cut off. Above it, the
//! district's composite indices (index, class, rank, z-values), when the view has them.

use atlas_i18n::{T, format_number};
use atlas_scene::text::indicator_decimals;
use atlas_scene::text::indicator_label_with_unit;
use atlas_session::state::{Selection, ViewState};
use atlas_session::workspace::Workspace;

pub fn profile(ui: &mut egui::Ui, ws: &Workspace, view: &ViewState, sel: &Selection) {
    let lang = view.lang;
    ui.label(egui::RichText::new(lang.t(T::Profile)).strong());
    let (Some(d), Some(t), Some((_, rows))) = (sel.primary, ws.table(), &ws.profile) else {
        ui.label(egui::RichText::new(lang.t(T::SelectHint)).small().weak());
        return;
    };
    let district = &ws.dataset.districts.districts[d];
    let year = ws.shown_year().unwrap_or_default();
    let year_shown = atlas_scene::text::year_text(&ws.dataset.meta, year, lang);
    ui.label(
        egui::RichText::new(format!(
            "{} ({}) — {year_shown}",
            district.name, district.key
        ))
        .heading(),
    );
    // The composite indices first: the district's index, class, rank and z-values.
    if let Some(k) = ws.key_of(d) {
        for line in atlas_session::indices::key_lines(&ws.indices, k, ws.year, lang) {
            ui.label(egui::RichText::new(line).small());
        }
    }
    let first_year = t.years.first().copied().unwrap_or_default();
    if ui.available_width() < 640.0 {
        narrow(ui, t, rows, lang, view.styling.min_denominator);
        return;
    }
    egui::Grid::new("profile_grid")
        .striped(true)
        .num_columns(5)
        .show(ui, |ui| {
            ui.label(egui::RichText::new(lang.t(T::Indicator)).strong());
            ui.label(egui::RichText::new(lang.t(T::Value)).strong());
            ui.label(egui::RichText::new(lang.t(T::CityReference)).strong());
            ui.label(egui::RichText::new(lang.t(T::RankShort)).strong());
            ui.label(
                egui::RichText::new(lang.f(T::ChangeSince, &[&first_year.to_string()])).strong(),
            );
            ui.end_row();
            for r in rows {
                let i = r.indicator;
                let d = indicator_decimals(t, i);
                let num = |v| number(v, d, lang);
                ui.label(indicator_label_with_unit(t, i, lang));
                match r.few(view.styling.min_denominator) {
                    Some(n) => ui.label(few_value(num(r.value), n, lang)),
                    None => ui.label(num(r.value)),
                };
                ui.label(num(r.reference));
                ui.label(r.rank.map(|(k, n)| format!("{k}/{n}")).unwrap_or_default());
                ui.label(
                    r.change
                        .map(|(since, c)| {
                            let sign = if c > 0.0 { "+" } else { "" };
                            let s = format!(
                                "{sign}{}",
                                format_number(c, indicator_decimals(t, i), lang)
                            );
                            if since != first_year {
                                format!("{s} ({since})")
                            } else {
                                s
                            }
                        })
                        .unwrap_or_default(),
                );
                ui.end_row();
            }
        });
}

/// One block per indicator: its name, then value, city, rank and change on a line below.
fn narrow(
    ui: &mut egui::Ui,
    t: &atlas_data::model::IndicatorTable,
    rows: &[atlas_analysis::profile::ProfileRow],
    lang: atlas_i18n::Lang,
    min: u32,
) {
    for (n, r) in rows.iter().enumerate() {
        let i = r.indicator;
        let d = indicator_decimals(t, i);
        let num = |v| number(v, d, lang);
        let name = indicator_label_with_unit(t, i, lang);
        let frame = if n % 2 == 1 {
            egui::Frame::NONE.fill(ui.visuals().faint_bg_color)
        } else {
            egui::Frame::NONE
        };
        frame.inner_margin(2.0).show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.add(egui::Label::new(egui::RichText::new(name).strong()).wrap());
            let value = match r.few(min) {
                Some(n) => format!(
                    "{} ({})",
                    num(r.value),
                    lang.f(T::FewResidentsShort, &[&format_number(n, 0, lang)])
                ),
                None => num(r.value),
            };
            let mut parts = vec![
                format!("{} {value}", lang.t(T::Value)),
                format!("{} {}", lang.t(T::CityReference), num(r.reference)),
            ];
            if let Some((k, n)) = r.rank {
                parts.push(format!("{} {k}/{n}", lang.t(T::RankShort)));
            }
            if let Some((since, c)) = r.change {
                let sign = if c > 0.0 { "+" } else { "" };
                parts.push(format!(
                    "{}: {sign}{}",
                    lang.f(T::ChangeSince, &[&since.to_string()]),
                    format_number(c, d, lang)
                ));
            }
            ui.add(egui::Label::new(parts.join("  ·  ")).wrap());
        });
    }
}

/// "100.0 (few residents: 6)": a share that stands on too small a base, marked.
fn few_value(value: String, n: f64, lang: atlas_i18n::Lang) -> egui::RichText {
    egui::RichText::new(format!(
        "{value} ({})",
        lang.f(T::FewResidentsShort, &[&format_number(n, 0, lang)])
    ))
    .italics()
}

/// A value with the indicator's decimals, or the no-data word.
fn number(v: Option<f64>, decimals: usize, lang: atlas_i18n::Lang) -> String {
    v.map(|v| format_number(v, decimals, lang))
        .unwrap_or_else(|| lang.t(T::NoData).to_owned())
}
