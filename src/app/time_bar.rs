//! The time bar: a slider over the years in which the current indicator has data, play/pause
//! with a speed setting. ←/→ are handled by the app so they work wherever the focus is.

use atlas_i18n::T;
use atlas_session::Action;
use atlas_session::state::ViewState;
use atlas_session::workspace::Workspace;

pub fn time_bar(
    ui: &mut egui::Ui,
    ws: &Workspace,
    view: &ViewState,
    playing: bool,
    actions: &mut Vec<Action>,
) -> Option<egui::Id> {
    let lang = view.lang;
    let (Some(t), Some(ind)) = (ws.table(), ws.indicator) else {
        return None;
    };
    let years = &ws.indicator_years[ind];
    if years.is_empty() {
        return None;
    }
    let mut first = None;
    ui.horizontal(|ui| {
        let play = if playing { T::Pause } else { T::Play };
        let r = ui.button(lang.t(play));
        // The time bar's region starts here (F6).
        first = Some(r.id);
        if r.clicked() {
            actions.push(Action::TogglePlay);
        }
        if ui
            .button(" < ")
            .on_hover_text(lang.t(T::PreviousYear))
            .clicked()
        {
            actions.push(Action::StepYear(-1));
        }
        if ui
            .button(" > ")
            .on_hover_text(lang.t(T::NextYear))
            .clicked()
        {
            actions.push(Action::StepYear(1));
        }
        ui.label(lang.t(T::Year));
        let mut pos = years
            .iter()
            .position(|&y| y == ws.year)
            .unwrap_or(years.len() - 1);
        let first = t.year_at(years[0]);
        let last = t.year_at(years[years.len() - 1]);
        // Right to left: the speed, the range and the year keep their room at any width; the
        // year slider takes what is left.
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            let mut speed = view.play_speed;
            ui.label(lang.t(T::YearsPerSecond));
            ui.spacing_mut().slider_width = 90.0;
            let r = ui
                .add(
                    egui::Slider::new(&mut speed, 0.5..=8.0)
                        .logarithmic(true)
                        .custom_formatter(|v, _| atlas_i18n::format_number(v, 1, lang))
                        .custom_parser(|s| s.trim().replace(',', ".").parse().ok()),
                )
                .on_hover_text(lang.t(T::Speed));
            super::a11y::name(&r, lang.t(T::Speed));
            if r.changed() {
                actions.push(Action::SetSpeed(speed));
            }
            ui.separator();
            ui.label(egui::RichText::new(format!("{first}–{last}")).weak());
            ui.label(
                egui::RichText::new(ws.shown_year().unwrap_or_default().to_string())
                    .heading()
                    .strong(),
            );
            ui.spacing_mut().slider_width = (ui.available_width() - 12.0).max(60.0);
            let resp = ui.add(
                egui::Slider::new(&mut pos, 0..=years.len() - 1)
                    .show_value(false)
                    .custom_formatter(|v, _| t.year_at(years[v as usize]).to_string()),
            );
            super::a11y::name(&resp, lang.t(T::Year));
            if resp.changed() {
                actions.push(Action::SetYear(t.year_at(years[pos])));
            }
        });
    });
    first
}
