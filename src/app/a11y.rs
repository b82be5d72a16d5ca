//! Accessible names for widgets whose visible label sits elsewhere (a heading above a combo
//! box, a unit after a number field): screen readers, and the headless UI tests, find them by
//! this name.

/// Gives the widget of `resp` the accessible name `label`.
pub fn name(resp: &egui::Response, label: &str) {
    resp.ctx
        .accesskit_node_builder(resp.id, |n| n.set_label(label.to_owned()));
}
